/* booking.h - booking a service: the booking draft, local dates and the
 * rules that decide which days and slots can be booked.
 *
 * Pure functions over plain data: the store (store.h) counts what is taken
 * and which dates are closed, these functions say what that means at a given
 * moment.  Dates are local calendar dates "YYYY-MM-DD" in the kiosk's time
 * zone (TZ); a slot's start and end are local times on its date.  The same
 * code runs inside the store's booking transaction, so the screen and the
 * database never disagree about a rule. */
#ifndef KIOSK_BOOKING_H
#define KIOSK_BOOKING_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/request.h"
#include "kiosk/result.h"

#define BOOK_MAX_DAYS 60 /* the longest horizon a service may have */

/* Needs of a medical escort (BookingDraft.needs). */
enum {
    NEED_WHEELCHAIR = 1u << 0,
    NEED_COMPANION = 1u << 1, /* a family member comes along */
    NEED_HEARING = 1u << 2,
    NEED_SIGHT = 1u << 3
};
#define NEED_ALL 0xfu

/* Where a medical escort meets the resident (BookingDraft.pickup). */
enum { PICKUP_NONE = 0, PICKUP_STATION, PICKUP_HOME, PICKUP_HOSPITAL };

#define BOOK_AGE_MIN 1
#define BOOK_AGE_MAX 120

/* A booking as the kiosk collects it: plain data, wiped with one call. */
typedef struct {
    char service[CFG_CODE_MAX];
    char day[CFG_DAY_MAX]; /* YYYY-MM-DD */
    int slot;              /* the slot's start, minutes after midnight */
    char phone[REQ_PHONE_MAX];
    char name[REQ_NAME_MAX]; /* optional */
    int age;                 /* BOOK_AGE_MIN..BOOK_AGE_MAX */
    /* medical escort only */
    char hospital[CFG_CODE_MAX]; /* a configured code or "other" */
    char department[CFG_CODE_MAX];
    int pickup;                  /* PICKUP_* */
    char building[REQ_ADDR_MAX]; /* pick-up at home: the address */
    char unit[REQ_ADDR_MAX];
    char room[REQ_ADDR_MAX];
    unsigned needs; /* NEED_* */
    char token[REQ_TOKEN_MAX];
    char sms[3]; /* texts about it: "" no, "zh"/"en" yes in that language */
} BookingDraft;

/* A new, empty draft with a fresh random token (as request_draft_init). */
void booking_draft_init(BookingDraft *d);

/* Wipes every byte (sodium_memzero). */
void booking_draft_wipe(BookingDraft *d);

/* Why a draft cannot be booked yet. */
typedef enum {
    BDRAFT_OK = 0,
    BDRAFT_BAD_TEXT, /* a field not terminated, not UTF-8 or too long; bad token */
    BDRAFT_NO_SERVICE,
    BDRAFT_NO_SLOT, /* no valid day or slot */
    BDRAFT_BAD_PHONE,
    BDRAFT_BAD_AGE,
    BDRAFT_NO_HOSPITAL, /* escort: which hospital */
    BDRAFT_NO_PICKUP,   /* escort: where to meet (home needs an address) */
    BDRAFT_BAD_NEEDS
} BookingDraftCheck;

/* Checks the draft's form (not the rules of the day: those need the store).
 * escort says whether the service asks hospital and pick-up. */
BookingDraftCheck booking_draft_check(const BookingDraft *d, bool escort);

/* ---- dates ---- */

/* The local date of unix time t; false when t is out of range. */
bool booking_local_day(int64_t t, char out[CFG_DAY_MAX]);

/* day plus n days (n may be negative); false for an invalid day. */
bool booking_day_add(const char *day, int n, char out[CFG_DAY_MAX]);

/* 0 Monday .. 6 Sunday; -1 for an invalid day. */
int booking_weekday(const char *day);

/* Unix time of minute (after local midnight) on day; false when invalid.
 * Uses the time zone's rules for that date. */
bool booking_time(const char *day, int minute, int64_t *out);

/* ---- rules ---- */

/* What a slot or a day is, best first for a day's summary. */
typedef enum {
    AVAIL_OPEN = 0, /* places left */
    AVAIL_FULL,     /* every place taken */
    AVAIL_TOO_SOON, /* inside the lead time */
    AVAIL_STARTED,  /* started or over */
    AVAIL_CLOSED,   /* a closed date */
    AVAIL_NOT_OPEN, /* the service is not open on that weekday */
    AVAIL_BEYOND,   /* past the booking horizon */
    AVAIL_NO_SLOT   /* the service has no such slot */
} Avail;

/* A short stable name ("open", "full", "too_soon", ...) for logs and JSON. */
const char *booking_avail_name(Avail a);

typedef struct {
    CfgSlot slot;
    int taken; /* active bookings (booked or checked in); filled by the store */
    Avail state;
} SlotAvail;

typedef struct {
    char day[CFG_DAY_MAX];
    int weekday;
    bool closed;                   /* filled by the store */
    char reason_zh[CFG_LABEL_MAX]; /* of a closure */
    char reason_en[CFG_LABEL_MAX];
    Avail state; /* the best of its slots; CLOSED/NOT_OPEN/BEYOND as a whole */
    int places;  /* places left in open slots */
    int slot_count;
    SlotAvail slots[CFG_MAX_SLOTS];
} DayAvail;

/* Fills day, weekday and slot capacities for n days from first (taken = 0,
 * closed = false), ready for the store's counts.  false for a bad first. */
bool booking_days_init(const CfgService *s, const char *first, int n, DayAvail *days);

/* Decides the state of every slot and day at time now (unix seconds): past
 * or started, lead time, horizon (from today, today counting as day 1),
 * weekday, closure, capacity, in that order. */
void booking_evaluate(const CfgService *s, int64_t now, DayAvail *days, int n);

/* The first OPEN slot at or after (day, minute) among days; false when none.
 * Writes its day and start. */
bool booking_next_open(const DayAvail *days, int n, const char *day, int minute,
                       char out_day[CFG_DAY_MAX], int *out_minute);

/* The slot of a service that starts at minute; NULL when none. */
const CfgSlot *booking_find_slot(const CfgService *s, int minute);

/* ---- states of a booking ---- */

#define BOOKING_BOOKED "booked"
#define BOOKING_CHECKED_IN "checked_in"
#define BOOKING_COMPLETED "completed"
#define BOOKING_CANCELLED "cancelled"
#define BOOKING_NO_SHOW "no_show"

/* The same states typed, for comparing; the words above stay what is
 * stored, printed and logged.  0 is no known state (an empty or unknown
 * word), so a zeroed record is in none. */
typedef enum {
    BOOKING_STATE_UNKNOWN = 0,
    BOOKING_STATE_BOOKED,
    BOOKING_STATE_CHECKED_IN,
    BOOKING_STATE_COMPLETED,
    BOOKING_STATE_CANCELLED,
    BOOKING_STATE_NO_SHOW
} BookingState;

/* The state a stored word (BOOKING_*) names; BOOKING_STATE_UNKNOWN for
 * any other word, "" or NULL. */
BookingState booking_state_of(const char *status);

/* true when a booking may go from status from to status to: booked to
 * checked_in, cancelled or no_show; checked_in to completed.  Timing (no
 * cancel after the start for residents, no-show only after the end) is the
 * store's to check. */
bool booking_transition_ok(const char *from, const char *to);

#endif
