/* store.h - the kiosk's SQLite database.
 *
 * One Store per process, used from one thread.  The schema is created and
 * migrated by version (PRAGMA user_version); WAL journal, foreign keys on,
 * synchronous=FULL so that a ticket is on disk before it is shown.  Every
 * statement is prepared; every multi-row change is one transaction.
 *
 * Tables: requests, tickets, ticket_seq (daily sequences per site and kind)
 * and events (append-only: triggers refuse UPDATE and DELETE); for booking
 * (schema 2) services, service_slots, closures and bookings. */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <stdint.h>
#include <stddef.h>
#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/result.h"
#include "kiosk/request.h"
#include "kiosk/ticket.h"

typedef struct Store Store;

/* Opens (creating when missing) the database at path and migrates it.
 * On failure *out is NULL and err says why (path included). */
KResult store_open(const char *path, Store **out, char *err, size_t errcap);

/* Closes the database; store_close(NULL) does nothing. */
void store_close(Store *s);

/* The message of the last failed call, or "" ; valid until the next call. */
const char *store_errmsg(const Store *s);

/* The schema version this build writes. */
int store_schema_version(void);

/* Files a request and issues its ticket in one durable transaction:
 * a request row, the next daily number for (site, 'A', local day of now),
 * a lookup code, the signed payload and a "request_submitted" event.
 * When a request with the same draft token exists, nothing is written and
 * that request's ticket is returned (a double tap files one request).
 * response_hours sets the ticket's promised response time. */
KResult store_submit_request(Store *s, const RequestDraft *d, const char *site, int64_t now,
                             int response_hours, const uint8_t key[TICKET_KEY_BYTES],
                             int64_t *request_id, Ticket *ticket);

/* A stored request with its ticket. */
typedef struct {
    int64_t id;
    RequestDraft draft; /* what the resident gave (token included) */
    char site[TICKET_SITE_MAX];
    char status[24];
    int64_t created_at;
    Ticket ticket;
} RequestRecord;

KResult store_get_request(Store *s, int64_t id, RequestRecord *out);

/* The request a ticket was issued for; K_ERR_NOT_FOUND when none. */
KResult store_get_request_of_ticket(Store *s, int64_t ticket_id, RequestRecord *out);

/* Calls fn for each request, newest first, at most limit (<= 0: all);
 * status NULL means every status.  Stops early when fn returns non-zero. */
typedef int (*StoreRequestFn)(const RequestRecord *r, void *user);
KResult store_list_requests(Store *s, const char *status, int limit, StoreRequestFn fn, void *user);

/* Finds a ticket by id; K_ERR_NOT_FOUND when there is none. */
KResult store_get_ticket(Store *s, int64_t id, Ticket *out);

/* Appends an event: kind ("request_submitted", ...), actor ("kiosk",
 * "admin", a staff login), the subject (table and id, 0 for none) and a
 * detail JSON object (or NULL). */
KResult store_log_event(Store *s, int64_t at, const char *actor, const char *kind,
                        const char *subject, int64_t subject_id, const char *detail_json);

/* One event of a subject's timeline. */
typedef struct {
    int64_t id;
    int64_t at;
    char actor[48];
    char kind[48];
    char detail[512];
} StoreEvent;

typedef int (*StoreEventFn)(const StoreEvent *e, void *user);
KResult store_list_events(Store *s, const char *subject, int64_t subject_id, StoreEventFn fn,
                          void *user);

/* ---- booking services (store_booking.c) ---- */

/* Adds the services (with their slots) and closures of cfg that the
 * database does not have yet, by code (closures by service and day, once
 * ever: a day staff reopen stays open); what is there already is left as
 * staff changed it.  *added (may be NULL) counts the services added.  A
 * service that cannot be added (its letter taken by another) is skipped:
 * K_OK, and store_errmsg says which and why ("" when none was). */
KResult store_seed_services(Store *s, const Config *cfg, int64_t now, int *added);

/* The services in display order (only the active ones when active_only);
 * at most max, *count how many. */
KResult store_list_services(Store *s, bool active_only, CfgService *out, int max, int *count);

/* One service with its slots; K_ERR_NOT_FOUND when there is none. */
KResult store_get_service(Store *s, const char *code, CfgService *out);

/* Adds a service (K_ERR_EXISTS when its code or letter is taken) or
 * replaces one's fields and slots (K_ERR_NOT_FOUND when unknown).  Existing
 * bookings stay, even beyond a lowered capacity.  Logged with actor. */
KResult store_add_service(Store *s, const CfgService *svc, int64_t now, const char *actor);
KResult store_change_service(Store *s, const CfgService *svc, int64_t now, const char *actor);

/* Closes a date for one service or "*" (all) with a reason; reopens it.
 * Bookings already made that day stay (staff call the residents). */
KResult store_close_day(Store *s, const char *service, const char *day, const char *reason_zh,
                        const char *reason_en, int64_t now, const char *actor);
KResult store_reopen_day(Store *s, const char *service, const char *day, int64_t now,
                         const char *actor);

/* Closures on or after day, in date order. */
typedef int (*StoreClosureFn)(const CfgClosure *c, void *user);
KResult store_list_closures(Store *s, const char *from_day, StoreClosureFn fn, void *user);

/* What can be booked of svc on n days (<= BOOK_MAX_DAYS) from first, at
 * time now: slots with places taken, closures and every rule applied. */
KResult store_availability(Store *s, const CfgService *svc, const char *first, int n, int64_t now,
                           DayAvail *days);

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

/* A short stable reason ("full", "phone_slot", ...) for logs and JSON. */
const char *store_refusal_name(const BookRefusal *why);

/* Books a place in one IMMEDIATE transaction: checks the rules, the phone's
 * limits (one place per slot, at most max_open open bookings) and the
 * capacity against the database as it is inside the lock, then writes the
 * booking, its ticket (kind = the service's letter, due = the slot's end)
 * and a "booking_created" event.  Several processes racing for the last
 * place: exactly one wins; the others get K_ERR_REFUSED with why->kind
 * REFUSE_SLOT, why->slot AVAIL_FULL and the next open slot.  A draft booked
 * before (same token) returns that booking's ticket and writes nothing.
 * K_ERR_INVALID (message says which field) for a draft that fails
 * booking_draft_check.  actor ("kiosk", "admin", a staff login) goes into the
 * event log. */
KResult store_book(Store *s, const BookingDraft *d, const char *site, int64_t now, int max_open,
                   const uint8_t key[TICKET_KEY_BYTES], const char *actor, int64_t *booking_id,
                   Ticket *ticket, BookRefusal *why);

/* A stored booking with its ticket. */
typedef struct {
    int64_t id;
    BookingDraft draft;
    char site[TICKET_SITE_MAX];
    char status[16];
    int64_t starts_at, ends_at;
    int64_t created_at, updated_at; /* updated: the last status change */
    char reason[128];               /* why it was cancelled */
    Ticket ticket;
} BookingRecord;

KResult store_get_booking(Store *s, int64_t id, BookingRecord *out);

/* The booking a ticket was issued for; K_ERR_NOT_FOUND when none. */
KResult store_get_booking_of_ticket(Store *s, int64_t ticket_id, BookingRecord *out);

/* Bookings by day and slot; day, service and status may be NULL (any).
 * At most limit (<= 0: all).  Stops when fn returns non-zero. */
typedef int (*StoreBookingFn)(const BookingRecord *b, void *user);
KResult store_list_bookings(Store *s, const char *day, const char *service, const char *status,
                            int limit, StoreBookingFn fn, void *user);

/* Moves a booking to status to (BOOKING_*), checking booking_transition_ok
 * and the timing: a resident cancels only before the slot starts, staff any
 * time before it ends; check-in from two hours before the start to the end;
 * no-show only after the end; cancelling needs a reason.  K_ERR_REFUSED with
 * a message that says why (with the time of an earlier check-in), K_OK and
 * a "booking_<to>" event on success.  actor: "kiosk" (the resident),
 * "admin" or a staff login. */
KResult store_booking_set_status(Store *s, int64_t id, const char *to, const char *actor,
                                 const char *reason, int64_t now);

/* Marks every booking whose slot ended before now and that nobody checked
 * in as no_show; *count (may be NULL) how many. */
KResult store_sweep_no_shows(Store *s, int64_t now, const char *actor, int *count);

/* Demo data: n bookings spread over the year before now (completed,
 * cancelled, no-show) and the coming days (booked, within capacity), with
 * tickets, from a seeded generator.  *made counts those written. */
KResult store_demo_bookings(Store *s, int n, unsigned seed, const char *site, int64_t now,
                            const uint8_t key[TICKET_KEY_BYTES], int *made);

#endif
