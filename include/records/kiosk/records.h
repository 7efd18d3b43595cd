/* records.h - the plain records the store hands out: a stored request,
 * booking, staff account, walk-in number, a queue row and the reasons a
 * ticket or a booking is refused.
 *
 * Plain data only, no functions: the store (store.h) fills them and the
 * app's feature slices keep them in their state, so a screen can show a
 * record without seeing the Store API.  Status fields hold the store's
 * words (wf_state_name, BOOKING_*), as stored, printed and logged; a
 * request's and a queue row's state is also there typed, for comparing. */
#ifndef KIOSK_RECORDS_H
#define KIOSK_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/request.h"
#include "kiosk/staff.h"
#include "kiosk/ticket.h"
#include "kiosk/workflow.h"

/* A stored request with its ticket. */
typedef struct {
    int64_t id;
    RequestDraft draft; /* what the resident gave (token included) */
    char site[TICKET_SITE_MAX];
    char status[24]; /* wf_state_name: as stored, printed and logged */
    WfState state;   /* the same, typed (WF_CLOSED if not a known name) */
    int64_t created_at;
    int64_t updated_at; /* the last status change (created_at before any) */
    char assignee[64];  /* who it is assigned to ("" none) */
    char rating[16];    /* wf_rating_name once closed with a rating */
    Ticket ticket;
} RequestRecord;

/* Why store_check_ticket refused a payload. */
typedef enum {
    TICKET_OK = 0,
    TICKET_FORGED,        /* signature, format or site wrong: not ours */
    TICKET_AFTER_RESTORE, /* ours, but issued after the backup this database was restored from */
    TICKET_NOT_HERE,      /* ours, same restore generation, yet not in this database */
    /* KT3 (issue 19): */
    TICKET_OTHER_SITE,  /* valid, signed by another site of the district: not a row here */
    TICKET_REVOKED,     /* signed by a key the centre has revoked */
    TICKET_UNKNOWN_SITE /* a site whose key this kiosk does not know (not pulled yet?) */
} TicketCheck;

/* Why store_book said no. */
typedef enum {
    REFUSE_NONE = 0,
    REFUSE_SLOT,        /* the slot is not open: see .slot (full, started, ...) */
    REFUSE_PHONE_SLOT,  /* this phone already holds a place in this slot */
    REFUSE_PHONE_LIMIT, /* this phone holds the most open bookings allowed */
    REFUSE_NO_SERVICE   /* no such service, or not offered now */
} RefuseKind;

typedef struct {
    RefuseKind kind;
    Avail slot;                 /* REFUSE_SLOT: the slot's state */
    char next_day[CFG_DAY_MAX]; /* the next open slot of the service, "" none */
    int next_slot;              /* its start (minutes), -1 none */
    int open_bookings;          /* REFUSE_PHONE_LIMIT: how many are open */
} BookRefusal;

/* A stored booking with its ticket. */
typedef struct {
    int64_t id;
    BookingDraft draft;
    char site[TICKET_SITE_MAX];
    char status[16];    /* BOOKING_*: as stored, printed and logged */
    BookingState state; /* the same, typed */
    int64_t starts_at, ends_at;
    int64_t created_at, updated_at; /* updated: the last status change */
    char reason[128];               /* why it was cancelled */
    Ticket ticket;
} BookingRecord;

typedef struct {
    int64_t id;
    char login[STAFF_LOGIN_MAX];
    char name[STAFF_NAME_MAX];
    StaffRole role;
    bool active;
    int failed;           /* wrong PINs since the last right one or lock */
    int locks;            /* locks so far (each one doubles the next) */
    int64_t locked_until; /* unix seconds; 0 or past: not locked */
    int64_t created_at;
    bool locked_now; /* set by store_staff_login: this very try locked it */
} StaffRecord;

/* Who requests can be assigned to: active staff accounts (kind "staff",
 * name = login) and the teams and partner organisations kept here. */
typedef struct {
    char kind[12]; /* "staff", "team", "partner" */
    char name[64];
    char label[STAFF_NAME_MAX]; /* what to show (a staff member's name) */
} Assignee;

/* A row of the staff queue: enough to draw it. */
typedef struct {
    int64_t id;
    char number[TICKET_NUMBER_MAX];
    char category[REQ_CODE_MAX];
    char status[24]; /* wf_state_name: as stored and printed */
    WfState state;   /* the same, typed (WF_CLOSED if not a known name) */
    int urgency;
    unsigned flags;
    int64_t created_at;
    int64_t due_at; /* promised response; overdue when past and still open */
    int qkey;       /* 0 most pressing .. 7: urgent first, then more flags */
} QueueRow;

/* Where a page starts: after this row (valid), or from the top. */
typedef struct {
    bool valid;
    int qkey;
    int64_t created_at;
    int64_t id;
} QueueKey;

typedef struct {
    int64_t id;
    int64_t ticket_id;
    char number[TICKET_NUMBER_MAX]; /* Q001 */
    char day[11];
    char status[12]; /* "waiting", "called" */
    int counter;     /* the window that called it, 0 while waiting */
    int64_t created_at, called_at;
} WalkIn;

/* What became of a walk-in number, as its holder is told
 * (store_walkin_state). */
typedef enum {
    WALKIN_STATE_WAITING = 1,   /* still waiting: ahead says how many before it */
    WALKIN_STATE_CALLED,        /* called, the latest its counter called: go there now */
    WALKIN_STATE_CALLED_BEFORE, /* called, and its counter has called another since */
    WALKIN_STATE_PASSED,        /* passed over at its counter (store_walkin_skip) */
    WALKIN_STATE_DONE,          /* served (a status "done", should one be kept) */
    WALKIN_STATE_EXPIRED        /* a number of another day */
} WalkInState;

/* The kiosk's side of the district link (store_sync.c): what the outbox
 * holds and how the last attempts went. */
typedef struct {
    bool enabled;         /* [district] postgres was set when the store last started */
    char site[24];        /* the site code the entries carry */
    int64_t epoch;        /* this database's epoch: new at install and restore */
    int64_t seq;          /* the last sequence number handed out in it */
    int64_t pending;      /* entries not yet confirmed by the centre */
    int64_t oldest_at;    /* when the oldest pending entry was written (0: none) */
    int64_t sent;         /* entries the centre has confirmed, in all */
    int64_t last_ok;      /* the last attempt that left nothing pending (0: never) */
    int64_t last_try;     /* the last attempt (0: never) */
    int64_t next_try;     /* not before this (back-off after failures) */
    int failures;         /* attempts failed in a row */
    char last_error[256]; /* the last failure in words ("" after a success) */
} SyncState;

/* Referrals between sites and the district copy (store_refer.c). */

/* A site of the district, as the centre lists it. */
typedef struct {
    char code[24];
    char name[96];
} DistrictSite;

/* A request this site referred, and its progress at the other site as last
 * pulled (status "" until the other site has filed it). */
typedef struct {
    char to_site[24];
    char note[608];
    char by[24];
    int64_t at;
    int64_t their_id;   /* the request's id at the other site (0: not yet) */
    char status[24];    /* its status there */
    int64_t updated_at; /* its last change there */
    int64_t resolved_at;
    char rating[16];
    int64_t pulled_at; /* when this kiosk last heard of it (0: never) */
} ReferralOut;

/* Another site's request or booking in the district copy (for scanning
 * its ticket here). */
typedef struct {
    char site[24];
    char kind[8]; /* "request" or "booking" */
    int64_t id;
    char number[16];
    char status[24];
    char category[32];
    char service[32];
    char day[11];
    int slot; /* booking: minutes after midnight, -1 none */
    char rating[16];
    int64_t created_at, updated_at, resolved_at;
    int64_t pulled_at; /* when the copy was pulled from the centre */
} DistrictCopy;

/* What one pull of the inbox did. */
typedef struct {
    int filed;    /* referrals filed here as new requests */
    int progress; /* referred requests whose progress changed */
    int rated;    /* ratings applied here */
    int copied;   /* rows of the district copy refreshed */
    int sites;    /* sites known */
} InboxApplied;

#endif
