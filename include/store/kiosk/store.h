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
#include "kiosk/records.h"
#include "kiosk/result.h"
#include "kiosk/request.h"
#include "kiosk/staff.h"
#include "kiosk/stats.h"
#include "kiosk/ticket.h"
#include "kiosk/workflow.h"

typedef struct Store Store;

/* Opens (creating when missing) the database at path and migrates it.
 * On failure *out is NULL and err says why (path included). */
KResult store_open(const char *path, Store **out, char *err, size_t errcap);

/* Opens an existing database for reading only (SQLITE_OPEN_READONLY; with
 * immutable=1 when its folder cannot be written and it has no WAL, since
 * SQLite could not make the shared-memory file there): for admin commands
 * that only read, on a write-protected file, folder or medium.  Nothing is
 * migrated, seeded or logged: a database at another schema version than
 * this build's is refused (K_ERR_UNSUPPORTED) with what to do.  Calls that
 * write fail (K_ERR_IO); store_backup copies without logging. */
KResult store_open_read(const char *path, Store **out, char *err, size_t errcap);

/* Whether this process could open path for writing: the file, its folder
 * (SQLite makes -wal and -shm files there) and any -wal or -shm beside it
 * are writable. */
bool store_writable(const char *path);

/* The store prepares each SQL statement the first time it runs it (a
 * statement that cannot be prepared fails that call, with "cannot prepare
 * ..." in store_errmsg).  This prepares all of them now: K_OK, or the
 * first that fails.  For tests, so that an SQL typo fails in every run
 * rather than when a resident first presses the button. */
KResult store_prepare_every(Store *s);

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

KResult store_get_request(Store *s, int64_t id, RequestRecord *out);

/* The request a ticket was issued for; K_ERR_NOT_FOUND when none. */
KResult store_get_request_of_ticket(Store *s, int64_t ticket_id, RequestRecord *out);

/* Calls fn for each request, newest first, at most limit (<= 0: all);
 * status NULL means every status.  Stops early when fn returns non-zero. */
typedef int (*StoreRequestFn)(const RequestRecord *r, void *user);
KResult store_list_requests(Store *s, const char *status, int limit, StoreRequestFn fn, void *user);

/* Finds a ticket by id; K_ERR_NOT_FOUND when there is none. */
KResult store_get_ticket(Store *s, int64_t id, Ticket *out);

/* The words of a TicketCheck for people and logs ("forged", "after_restore",
 * "not_here", "ok", "other_site", "revoked", "unknown_site"). */
const char *store_ticket_check_name(TicketCheck c);

/* Checks a scanned or typed payload against the key and this database.
 * K_OK when it verifies (for expect_site, unless NULL) and is byte for byte
 * the payload of the ticket row it names: *out is that row.  K_ERR_FORGED
 * (why TICKET_FORGED) when it does not verify.  K_ERR_NOT_FOUND when it
 * verifies but this database holds no ticket with that payload: why says
 * TICKET_AFTER_RESTORE when its restore generation is not the database's
 * (so the row id it names, if any, is someone else's), TICKET_NOT_HERE
 * otherwise; *generation (may be NULL) gets the payload's generation.
 * Other results: the database could not be read (why TICKET_FORGED).
 *
 * KT3 payloads (Ed25519, issue 19) are checked offline: with this kiosk's
 * own key pair (store_set_signer), else with the district's keys pulled
 * from the centre (store_keys_replace).  A valid KT3 ticket of this site
 * (expect_site, or signed with the own key) is then looked up as above.
 * One of ANOTHER site is never a row here (ids collide across sites):
 * K_ERR_NOT_FOUND with why TICKET_OTHER_SITE, and out->site, out->kind,
 * out->id and out->payload filled (nothing else), *generation its
 * generation.  Refused: why TICKET_UNKNOWN_SITE (no key of that site is
 * known here), TICKET_REVOKED (it verifies only with a revoked key) or
 * TICKET_FORGED, all with K_ERR_FORGED. */
KResult store_check_ticket(Store *s, const uint8_t key[TICKET_KEY_BYTES], const char *payload,
                           const char *expect_site, Ticket *out, TicketCheck *why,
                           int64_t *generation);

/* ---- the district's ticket keys (issue 19, schema 8) ---- */

/* Remembers the site's Ed25519 key pair: store_issue_ticket signs KT3
 * from now on (without it, KT2 with the HMAC key) and store_check_ticket
 * knows its own KT3 tickets.  Unless the store is read-only, the public
 * half is recorded (own_keys) the first time, which queues a `site_key`
 * outbox entry when the outbox is on (and store_sync_enable queues every
 * own key when it turns it on).  now: unix seconds. */
KResult store_set_signer(Store *s, const TicketSigner *k, int64_t now);

/* The centre's answer to district_ingest.keys(): a JSON array of
 * {"site","key","first_seen","revoked_at"} (times unix seconds or null),
 * ALL keys of the district.  Replaces the kept copy in one transaction;
 * entries without a valid site code or a 43-character key are skipped.
 * K_ERR_INVALID (the copy kept as it was) when json is not an array.
 * *count (may be NULL): the keys kept. */
KResult store_keys_replace(Store *s, const char *json, int64_t now, int *count);

/* One kept key of the district (store_list_keys). */
typedef struct {
    char site[TICKET_SITE_MAX];
    char key[TICKET_PUBKEY_B64];
    int64_t first_seen; /* unix seconds at the centre */
    int64_t revoked_at; /* 0: not revoked */
    int64_t pulled_at;  /* when this kiosk pulled it */
} StoreSiteKey;
typedef void (*StoreSiteKeyFn)(const StoreSiteKey *k, void *ctx);
KResult store_list_keys(Store *s, StoreSiteKeyFn fn, void *ctx);

/* This database's restore generation: 0 until the first restore. */
KResult store_generation(Store *s, int64_t *generation);

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
    char detail[1024]; /* a status change carries a note of up to 200 characters */
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

/* ---- staff accounts (store_staff.c) ---- */

/* Adds an account with a PIN (hashed here: staff.h).  K_ERR_EXISTS for a
 * login in use, K_ERR_INVALID (message says which) for a bad login, name,
 * or PIN.  Logs "staff_added" with actor. */
KResult store_staff_add(Store *s, const char *login, const char *name, StaffRole role,
                        const char *pin, int64_t now, const char *actor);

/* One account; K_ERR_NOT_FOUND when there is none. */
KResult store_staff_get(Store *s, const char *login, StaffRecord *out);

/* Accounts by name (active ones only when active_only). */
typedef int (*StoreStaffFn)(const StaffRecord *r, void *user);
KResult store_staff_list(Store *s, bool active_only, StoreStaffFn fn, void *user);

/* Disables or enables an account; sets a new PIN (and clears its lockout).
 * Logged ("staff_disabled", "staff_enabled", "staff_pin_reset"). */
KResult store_staff_set_active(Store *s, const char *login, bool active, int64_t now,
                               const char *actor);
KResult store_staff_set_pin(Store *s, const char *login, const char *pin, int64_t now,
                            const char *actor);

typedef enum {
    LOGIN_OK = 0,
    LOGIN_WRONG,    /* wrong PIN; fails_left more before a lock */
    LOGIN_LOCKED,   /* locked until rec->locked_until (this try may have locked it) */
    LOGIN_DISABLED, /* the account is disabled */
    LOGIN_UNKNOWN   /* no such login */
} LoginResult;

/* Checks a PIN at time now.  The hash is checked outside the write lock;
 * the counting (failed, locks, locked_until: staff.h's rule) is one
 * transaction.  A locked account is refused without looking at the PIN.
 * Every attempt is logged: "staff_login" or "staff_login_failed" (detail
 * {"login","reason":"wrong_pin|locked|disabled|unknown"}) and "staff_locked"
 * when this try locked it.  rec (may be NULL) gets the account as it is
 * after the try; fails_left (may be NULL) how many wrong PINs remain. */
KResult store_staff_login(Store *s, const char *login, const char *pin, int64_t now,
                          LoginResult *out, StaffRecord *rec, int *fails_left);

/* ---- the request workflow (store_queue.c) ---- */

/* Moves request id by action for a staff member (actor: their login, or
 * "admin") in role, in one transaction: K_ERR_REFUSED (message says why)
 * when the workflow table or the role does not allow it from the request's
 * current state; K_ERR_INVALID when a note (resolve, refer, cancel, close) or
 * an assignee (assign: one of store_assignee_list) is missing; K_ERR_NOT_FOUND
 * for no such request.  Logs "status_changed" with detail {"from","to",
 * "action","note"?,"assignee"?}. */
KResult store_request_act(Store *s, int64_t id, WfAction action, StaffRole role, const char *actor,
                          const char *note, const char *assignee, int64_t now);

/* The resident's rating of a resolved request, which closes it (actor
 * "resident"); comment may be NULL.  K_ERR_REFUSED unless it is resolved. */
KResult store_request_rate(Store *s, int64_t id, WfRating rating, const char *comment, int64_t now);

KResult store_assignee_add(Store *s, const char *kind, const char *name, int64_t now,
                           const char *actor);
KResult store_assignee_list(Store *s, Assignee *out, int max, int *count);

/* ---- the queue (store_queue.c) ---- */

QueueKey store_queue_key(const QueueRow *r);

/* One page of the queue: open requests, or those of one status when status
 * is not NULL; of one category when category is not NULL; ordered by
 * urgency, then priority flags (80+, disabled, lives alone: more first),
 * then age (oldest first), then id.  Keyset paging: the page starts after
 * `after` (NULL or !valid: the top), so page 1,000 costs what page 1 does.
 * Fills at most max rows into rows, *count how many. */
KResult store_queue_page(Store *s, const char *status, const char *category, const QueueKey *after,
                         QueueRow *rows, int max, int *count);

/* How many requests that filter matches. */
KResult store_queue_count(Store *s, const char *status, const char *category, int *count);

/* ---- finding a ticket by hand (store_queue.c) ---- */

/* The ticket with this lookup code (normalised: ticket_lookup_normalise)
 * whose request's or booking's phone ends in last4.  K_ERR_NOT_FOUND for a
 * wrong code and a wrong phone alike, so a guess learns nothing. */
KResult store_find_ticket(Store *s, const char *lookup, const char *last4, Ticket *out);

/* ---- walk-in numbers (store_queue.c) ---- */

/* Issues the next walk-in number of the local day (a ticket of kind 'Q',
 * signed like every ticket) in one transaction; *ahead (may be NULL) how
 * many wait before it.  Logs "walkin_issued". */
KResult store_walkin_issue(Store *s, const char *site, int64_t now,
                           const uint8_t key[TICKET_KEY_BYTES], Ticket *ticket, int *ahead);

/* Calls today's next waiting number to counter (1..99) in one transaction:
 * two staff pressing "call next" at once get two different numbers.
 * K_ERR_NOT_FOUND when nobody waits.  Logs "walkin_called". */
KResult store_walkin_call(Store *s, int counter, const char *actor, int64_t now, WalkIn *out);

/* Calls again the number counter called last today (the resident did not
 * come yet): its called_at becomes now, so the board shows it on top again.
 * K_ERR_NOT_FOUND when that window called nobody today.  Logs
 * "walkin_recalled" {"number","counter"}. */
KResult store_walkin_recall(Store *s, int counter, const char *actor, int64_t now, WalkIn *out);

/* Passes over (过号) the number counter called last today, the resident
 * not having come, and calls the next waiting number to the same window,
 * in one transaction.  *skipped is the number passed over; *next (may be
 * NULL) the one called, its id 0 when nobody else waits.  K_ERR_NOT_FOUND
 * when that window called nobody today.  Logs "walkin_skipped"
 * {"number","counter"} and, for the next one, "walkin_called". */
KResult store_walkin_skip(Store *s, int counter, const char *actor, int64_t now, WalkIn *skipped,
                          WalkIn *next);

/* Today's called numbers, the latest first (at most max), and how many
 * still wait. */
KResult store_walkin_recent(Store *s, int64_t now, WalkIn *out, int max, int *count, int *waiting);

/* The walk-in ticket (kind 'Q') with this lookup code (normalised:
 * ticket_lookup_normalise), found without a phone number (a walk-in gives
 * none, and its number's state is all it leads to); K_ERR_NOT_FOUND when
 * no walk-in ticket has it. */
KResult store_find_walkin(Store *s, const char *lookup, Ticket *out);

/* What became of the walk-in number of ticket ticket_id at time now: its
 * row in *out, its state, and while it waits how many wait before it
 * (*ahead, 0 otherwise).  K_ERR_NOT_FOUND when the ticket is no walk-in. */
KResult store_walkin_state(Store *s, int64_t ticket_id, int64_t now, WalkIn *out,
                           WalkInState *state, int *ahead);

/* Changes whenever another connection commits (PRAGMA data_version): the
 * board polls it to redraw only when something happened. */
int64_t store_data_version(Store *s);

/* ---- many writes in one transaction (store.c) ---- */

/* Opens one write transaction (BEGIN IMMEDIATE) around many calls, for bulk
 * writes such as demo data: until store_batch_commit the calls write into
 * it, and nothing is durable, or seen by other connections, before the
 * commit (one fsync for the batch instead of one per call).  A call that
 * fails after it began writing breaks the batch: every later call and the
 * commit fail (K_ERR_INVALID), and store_batch_rollback undoes it all.
 * K_ERR_INVALID when a batch is open already. */
KResult store_batch_begin(Store *s);

/* Makes the batch durable.  On failure the batch is still open: call
 * store_batch_rollback. */
KResult store_batch_commit(Store *s);

/* Undoes every call since store_batch_begin; nothing when no batch is open
 * (NULL is fine). */
void store_batch_rollback(Store *s);

/* ---- checks, backups and restoring (store_backup.c) ---- */

/* PRAGMA quick_check (full: integrity_check) of the open database: K_OK,
 * or K_ERR_CORRUPT with the first problem in store_errmsg. */
KResult store_check(Store *s, bool full);

/* An online backup of the open database into path, a new file (an existing
 * one is never overwritten: K_ERR_EXISTS; the station's own files, a device
 * or a folder are refused: K_ERR_REFUSED): SQLite's backup API into
 * path.partial (mode 0600), then PRAGMA integrity_check of the copy, which
 * only then gets its name; a copy that fails is removed.  Logs
 * "backup_done" (subject "backup", detail {"path","bytes"}); *bytes (may be
 * NULL) gets the copy's size. */
KResult store_backup(Store *s, const char *path, int64_t now, const char *actor, int64_t *bytes);

/* Removes partial, a PATH.partial left by a backup that was killed, and its
 * journal, unless a running backup holds it; true when it was removed. */
bool store_backup_clear_stale(const char *partial);

/* The last backup logged: when and where; K_ERR_NOT_FOUND when none. */
KResult store_last_backup(Store *s, int64_t *at, char *path, size_t cap);

/* Whether a file can be restored: a kiosk database (application id), a
 * schema this build knows (not newer), and PRAGMA integrity_check "ok".
 * err says why not. */
KResult store_check_file(const char *path, char *err, size_t errcap);

/* Restores src over the database at dst (which no process should have
 * open: stop the kiosk first) after store_check_file; what was at dst is
 * kept first as dst.replaced-YYYYMMDD-HHMMSS (its name in kept, "" when there
 * was nothing). */
KResult store_restore(const char *src, const char *dst, int64_t now, char *kept, size_t keptcap,
                      char *err, size_t errcap);

/* ---- retention (store_retention.c) ---- */

/* An item whose personal data is due for erasing. */
typedef struct {
    char table[12]; /* "request" or "booking" */
    int64_t id;
    char number[TICKET_NUMBER_MAX];
    char status[24];
    int64_t finished_at; /* a request's last change, a booking's slot end */
} PurgeItem;
typedef void (*StorePurgeFn)(const PurgeItem *it, void *user);

/* Erases the name, phone, address (and a request's description) of
 * requests closed, referred or cancelled and bookings over (any state but
 * booked) before cutoff, in one transaction, and logs
 * "personal_data_erased" (subject "retention", the counts).  Category,
 * issue, urgency, flags, service, slot, age, status and dates stay for the
 * figures.  District outbox entries the centre confirmed before cutoff
 * are removed too (pending ones never).  With dry_run nothing changes.  fn (may be NULL) sees each
 * item; *requests and *bookings (may be NULL) get the counts. */
KResult store_purge(Store *s, int64_t cutoff, bool dry_run, int64_t now, const char *actor,
                    StorePurgeFn fn, void *user, int *requests, int *bookings);

/* ---- export (store_retention.c) ---- */

/* Every row of a table, as text, the column names first: requests,
 * tickets, bookings, services, service_slots, closures, events, walkin,
 * assignees, staff (without the PIN hash).  K_ERR_INVALID for another
 * name.  The cells are valid until fn returns; number[i] is true when the
 * cell holds an integer or real value (never for text a person typed). */
typedef void (*StoreRowFn)(int ncols, const char *const *cells, const bool *number, void *user);
bool store_export_known(const char *table);
KResult store_export(Store *s, const char *table, StoreRowFn fn, void *user);

/* ---- figures (store_stats.c) ---- */

/* Fills out with the figures of period (stats.h says what each one is):
 * requests created in it, their work and ratings, open work now, bookings
 * per service, walk-ins, and the same per person.  Categories come in cfg's
 * order (then any code no longer configured); services in the store's.
 * now decides what is overdue.  One read transaction; K_ERR_INVALID for a
 * bad period. */
KResult store_stats(Store *s, const Config *cfg, const StatsPeriod *period, int64_t now,
                    Stats *out);

/* The open requests (submitted to in progress) grouped by category and
 * building: the needs list stations report upward. */
typedef struct {
    char category[REQ_CODE_MAX];
    char building[REQ_ADDR_MAX]; /* "" when no address was given */
    int open, urgent, aged80, disabled, alone;
    int64_t oldest; /* creation time of the oldest one */
} NeedRow;
typedef int (*StoreNeedFn)(const NeedRow *n, void *user);
KResult store_needs(Store *s, StoreNeedFn fn, void *user);

/* ---- the district outbox (store_sync.c) ----
 *
 * Every change the district needs (a request filed or moved, a rating, a
 * ticket, a booking and its states, a walk-in number and its calls, the
 * services, slots and closed days) writes an outbox entry in the same
 * transaction as the change: triggers on the tables do it (schema 7), so
 * no path can forget.  An entry is (epoch, seq, uid, site, at, body): body
 * is a versioned JSON object (docs/district.md).  The triggers write only
 * while the outbox is enabled. */

/* Turns the outbox on for site (idempotent).  The first time, every row
 * the district needs is queued once (*queued says how many; may be NULL),
 * so a station that joins the network later sends its history too. */
KResult store_sync_enable(Store *s, const char *site, int64_t now, int64_t *queued);

/* The outbox's state, counts and the last attempts. */
KResult store_sync_state(Store *s, SyncState *out);

/* The oldest pending entries, at most max of them and about max_bytes of
 * text, as one JSON array (malloc'd, the caller frees):
 *   [{"epoch":E,"seq":N,"uid":"32 hex","at":T,"body":{...}}, ...]
 * *count gets how many, *last the position of the last one (pass it to
 * store_sync_sent).  *json is NULL and *count 0 when nothing is pending. */
KResult store_sync_batch(Store *s, int max, size_t max_bytes, char **json, int *count,
                         int64_t *last);

/* Marks as sent the pending entries up to position last (from
 * store_sync_batch), once the centre has committed them, and records the
 * success.  *pending gets what is left (may be NULL). */
KResult store_sync_sent(Store *s, int64_t last, int64_t now, int64_t *pending);

/* Records a failed attempt: error in words, and the time before which no
 * new attempt should start. */
KResult store_sync_failed(Store *s, const char *error, int64_t now, int64_t next_try);

/* Starts a new epoch (a copied database the centre refused): the pending
 * entries are numbered again in it, keeping their uids.  *epoch (may be
 * NULL) gets the new one. */
KResult store_sync_new_epoch(Store *s, int64_t now, int64_t *epoch);

/* The centre's configuration bundle (schema 10, docs/district.md). */
typedef struct {
    int64_t version;     /* applied; 0 none */
    char centre_key[48]; /* the key kept (base64), "" none yet */
    int64_t applied_at;  /* unix s, 0 never */
    int64_t refused_version;
    char refused_reason[200];
} BundleState;

KResult store_bundle_state(Store *s, BundleState *out);

/* Applies a verified bundle (body: its canonical JSON, whose "version" must
 * be version, newer than the applied one) in one transaction: services
 * (never their slots or capacities; those of the previous bundle that are
 * gone are withdrawn), the district's closed days (those of the previous
 * bundle that are gone are reopened; the station's own stay), partner
 * organisations (likewise); keeps key when none was kept; logs an event
 * bundle_applied whose detail says what changed (*changes, may be NULL, a
 * copy).  K_ERR_INVALID (nothing written) when the body is malformed or not
 * newer. */
KResult store_bundle_apply(Store *s, int64_t version, const char *body, const char *key,
                           int64_t now, char *changes, size_t cap);

/* Records a bundle refused and why (reported to the centre once per
 * version and reason). */
KResult store_bundle_refuse(Store *s, int64_t version, const char *reason, int64_t now);

/* Lays the applied bundle's categories (names, response times),
 * hospitals and departments over cfg, by code; sets cfg->bundle_version.
 * Nothing when no bundle was applied. */
KResult store_bundle_overlay(Store *s, Config *cfg);

/* ---- referrals between sites and the district copy (store_refer.c) ----
 *
 * A request is referred to another site of the district (docs/district.md,
 * "Referrals"): it moves to referred here with the hand-over in its
 * timeline, and a referral entry goes up in the same transaction with what
 * the other site needs to serve the resident, for that case only.  The
 * inbox pull (app/sync/pull_inbox.c) files referrals made to this site,
 * brings the progress of those it made, relays ratings and refreshes the
 * district copy. */

/* Refers request id to site to_site (a district site known here, not this
 * one): status referred, the event (who, when, to whom, note), the referral
 * entry.  K_ERR_REFUSED when the workflow or the role forbids it;
 * K_ERR_INVALID for a bad site or note; K_ERR_NOT_FOUND no such request. */
KResult store_request_refer(Store *s, int64_t id, const char *to_site, StaffRole role,
                            const char *actor, const char *note, int64_t now);

/* The district's sites as last pulled (this one included), by code. */
KResult store_district_sites(Store *s, DistrictSite *out, int max, int *count);

/* The referral of request id made here; K_ERR_NOT_FOUND when it was not
 * referred to another site. */
KResult store_referral_out(Store *s, int64_t id, ReferralOut *out);

/* The inbox stage's cursor into the centre's district copy. */
KResult store_inbox_cursor(Store *s, int64_t *cursor);

/* Applies one answer of the centre's inbox function (JSON text: sites,
 * referrals, progress, ratings, copy, cursor), in one transaction. */
KResult store_inbox_apply(Store *s, const char *json, int64_t now, InboxApplied *out);

/* Another site's request or booking in the district copy. */
KResult store_district_copy(Store *s, const char *site, const char *kind, int64_t id,
                            DistrictCopy *out);

/* The same by the ticket's id at its site (what a KT3 ticket names). */
KResult store_district_copy_of_ticket(Store *s, const char *site, int64_t ticket_id,
                                      DistrictCopy *out);
/* The request filed here for origin_site's request origin_id (a referral
 * made to this site); K_ERR_NOT_FOUND when there is none. */
KResult store_referral_in_local(Store *s, const char *origin_site, int64_t origin_id,
                                int64_t *request_id);

/* A rating given here for a request of another site: request id of site
 * site, resolved there as far as this kiosk knows (the district copy, or
 * the progress of a request referred from here).  It goes up as a rating
 * entry and the centre relays it to that site, which applies it.  A
 * request referred from here (id is then the local request) is rated with
 * store_referral_rate. */
KResult store_copy_rate(Store *s, const char *site, int64_t id, WfRating rating, int64_t now);
KResult store_referral_rate(Store *s, int64_t id, WfRating rating, int64_t now);

#endif
