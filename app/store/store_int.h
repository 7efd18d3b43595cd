/* store_int.h - what the files of app/store/ share and nobody else sees.
 *
 * The store is split like SQLite's layers: store_schema.c owns the schema and
 * its migrations (the one place that knows table layouts by version), and
 * store.c owns the connection, the prepared statements and the queries.
 * Nothing outside app/store/ includes this header. */
#ifndef KIOSK_STORE_INT_H
#define KIOSK_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"

#define STORE_ERR_MAX 320
#define STORE_BUSY_MS 5000       /* how long a connection waits for another's lock */
#define STORE_WAL_RETRY_MS 10    /* between two tries to switch a new database to WAL */
#define STORE_CORE_STMTS 24      /* store.c's statements */
#define STORE_BOOKING_STMTS 32   /* store_booking.c's statements */
#define STORE_STAFF_STMTS 16     /* store_staff.c's statements */
#define STORE_QUEUE_STMTS 40     /* store_queue.c's statements */
#define STORE_WALKIN_STMTS 12    /* store_walkin.c's statements */
#define STORE_VOLUNTEER_STMTS 20 /* store_volunteer.c's statements (issue 21) */

/* store_activity.c's statements (issue 20) */
#define STORE_ACTIVITY_STMTS 32

/* Each file's statements: its SQL by index, prepared on first use
 * (store_prepared) into its array in the Store: store.c's in st[],
 * store_booking.c's in book[], store_staff.c's in staff[], store_queue.c's
 * in queue[], store_walkin.c's in walkin[], store_volunteer.c's in vol[],
 * store_activity.c's in activity[] (NULL until used). */
typedef struct {
    const char *what; /* "booking": names the set in messages */
    const char *const *sql;
    int n;
} StmtTable;

struct Store {
    sqlite3 *db;
    sqlite3_stmt *st[STORE_CORE_STMTS];
    sqlite3_stmt *book[STORE_BOOKING_STMTS];
    sqlite3_stmt *staff[STORE_STAFF_STMTS];
    sqlite3_stmt *queue[STORE_QUEUE_STMTS];
    sqlite3_stmt *walkin[STORE_WALKIN_STMTS];
    sqlite3_stmt *vol[STORE_VOLUNTEER_STMTS];
    sqlite3_stmt *activity[STORE_ACTIVITY_STMTS];
    char *path;         /* as given to the open, for messages */
    KResult unprepared; /* why the last statement that failed to prepare did */
    char err[STORE_ERR_MAX];
    bool readonly;     /* store_open_read: nothing is written, not even a log line */
    bool batch;        /* store_batch_begin: store_begin/commit do nothing */
    bool batch_broken; /* a call of the batch failed: only rollback is left */
    bool has_signer;   /* store_set_signer: new tickets are KT3 */
    TicketSigner signer;
};

/* The id a new row of table T gets: the next after the highest, or the
 * floor a restore set (schema 7's id_floors, store_backup.c), whichever is
 * higher.  T is a constant table name. */
#define NEXT_ID(T)                                                                                 \
    "(SELECT max(coalesce(max(x.id), 0) + 1, coalesce((SELECT f.next FROM id_floors f"             \
    " WHERE f.tbl = '" T "'), 0)) FROM " T " x)"

/* A new district epoch (store_sync.c): random, positive, below 2^53 so
 * that any JSON reader keeps it exact.  libsodium must be initialised. */
int64_t store_new_epoch(void);

/* Maps an SQLite result code (extended or primary) to a KResult. */
KResult store_result_from_sqlite(int rc);

/* Brings the database on db (path only for messages) to
 * store_schema_version() in one transaction.  Refuses a database written by
 * a newer build (K_ERR_UNSUPPORTED) or one that belongs to another program.
 * On failure nothing is changed and err says why. */
KResult store_schema_migrate(sqlite3 *db, const char *path, char *err, size_t errcap);

/* The SQL of the migration step that produces version (NULL when none):
 * for tests that build an old database and open it with this build. */
const char *store_schema_step(int version);

/* ---- shared by the store's files (defined in store.c) ---- */

/* Writes "cannot read database PATH: why" into err for a failed rc at
 * open; a lock held by another program says so in words. */
void store_open_fail(sqlite3 *db, int rc, const char *path, char *err, size_t errcap);

/* Statement i of table t, prepared (persistent) into slots[i] the first
 * time it is asked for, and asserted not running (no re-entry).  NULL when
 * it cannot be prepared: the message says "cannot prepare WHAT statement I
 * on database PATH: why" and store_unprepared gives the result.  The step
 * helpers below take a NULL statement as a failed step; a caller that
 * binds first checks for NULL itself. */
sqlite3_stmt *store_prepared(Store *s, const StmtTable *t, sqlite3_stmt **slots, int i);
/* The result of the last failed store_prepared (never K_OK). */
KResult store_unprepared(const Store *s);
/* Prepares every statement of t now (store_prepare_every). */
KResult store_prepare_table(Store *s, const StmtTable *t, sqlite3_stmt **slots);
/* store.c's statement which (store_prepared on its table). */
sqlite3_stmt *store_stmt(Store *s, int which);
/* Resets a statement and clears its bindings (NULL: nothing). */
void store_stmt_done(sqlite3_stmt *st);
void store_clear_error(Store *s);
/* Records "what: why" from the connection and maps rc (never K_OK). */
KResult store_db_fail(Store *s, int rc, const char *what);
/* Records why as the message and returns K_ERR_INVALID. */
KResult store_invalid(Store *s, const char *why);
/* Steps a statement returning no rows, then resets it. */
KResult store_run(Store *s, sqlite3_stmt *st, const char *what);
/* Steps a statement returning at most one integer; K_ERR_NOT_FOUND for none. */
KResult store_run_int(Store *s, sqlite3_stmt *st, const char *what, int64_t *out);
/* store_run_int for a count (SELECT count(*) ...); *out 0 on failure. */
KResult store_run_count(Store *s, sqlite3_stmt *st, const char *what, int *out);
/* The get pattern: steps st (bound by the caller) to its one row.  K_OK:
 * the row is there to read; K_ERR_NOT_FOUND: none (no message: the caller
 * says what is missing); else "what: why".  The caller reads, then calls
 * store_stmt_done in every case. */
KResult store_step_one(Store *s, sqlite3_stmt *st, const char *what);
/* The each-row pattern: true while st (bound by the caller) has a row to
 * read; at the end false, with *r set to "what: why" when stepping failed
 * (left alone otherwise).  Stopping early is a break; then store_stmt_done:
 *     while (store_next_row(s, st, &r, what)) { read the row; use it }
 *     store_stmt_done(st); */
bool store_next_row(Store *s, sqlite3_stmt *st, KResult *r, const char *what);
void store_bind_field(sqlite3_stmt *st, int idx, const char *buf, size_t cap);
void store_bind_text(sqlite3_stmt *st, int idx, const char *s); /* NULL binds NULL */
void store_col_text(sqlite3_stmt *st, int col, char *dst, size_t cap);
/* Reads TICKET_COLUMNS starting at col. */
void store_read_ticket(sqlite3_stmt *st, int col, Ticket *t);
KResult store_fetch_ticket(Store *s, sqlite3_stmt *st, const char *what, Ticket *out);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (keeps the failure's message); inside
 * a batch nothing, and a rollback breaks the batch (store.c says why). */
/* A KT3 payload checked offline (store_keys.c): K_OK when it verifies
 * with this kiosk's own key (*own true) or a kept, unrevoked key of its
 * site (*own true when that site is own_site); K_ERR_FORGED with why
 * TICKET_FORGED, TICKET_UNKNOWN_SITE or TICKET_REVOKED (err set); another
 * result when the kept keys cannot be read. */
KResult store_kt3_check(Store *s, const char *payload, const char *own_site, bool *own,
                        char site[TICKET_SITE_MAX], char *kind, int64_t *id, int64_t *gen,
                        TicketCheck *why);

/* A draft's sms field as the sms column takes it: "zh", "en" or "". */
const char *sms_consent_lang(const char *sms);

KResult store_begin(Store *s, const char *what);
KResult store_commit(Store *s, const char *what);
void store_rollback(Store *s);
/* store_commit when r is K_OK, store_rollback when not (or the commit
 * failed): returns the result. */
KResult store_end(Store *s, KResult r, const char *what);
KResult store_insert_event(Store *s, int64_t at, const char *actor, const char *kind,
                           const char *subject, int64_t subject_id, const char *detail_json);
/* Inside a write transaction: the next number of (t->site, t->kind, t->day),
 * a fresh lookup code, the row (for a request or a booking: the other id 0)
 * and its signed payload. */
KResult store_issue_ticket(Store *s, int64_t request_id, int64_t booking_id,
                           const uint8_t key[TICKET_KEY_BYTES], Ticket *t);
bool store_local_day(int64_t now, char out[11]);
/* Inside a write transaction: the request row (status submitted) of a
 * checked draft, and its "request_submitted" event once its ticket is
 * issued (store_submit_request and the demo data share them). */
KResult store_insert_request(Store *s, const RequestDraft *d, const char *site, int64_t now,
                             int64_t due_at, int64_t *id);
KResult store_log_submitted(Store *s, int64_t request_id, const RequestDraft *d, const Ticket *t);

/* Prepares every statement of store_booking.c (store_prepare_every). */
KResult store_booking_prepare(Store *s);
/* Likewise store_staff.c's, store_queue.c's, store_walkin.c's,
 * store_volunteer.c's (issue 21) and store_activity.c's. */
KResult store_staff_prepare(Store *s);
KResult store_queue_prepare(Store *s);
KResult store_walkin_prepare(Store *s);
KResult store_volunteer_prepare(Store *s);
KResult store_activity_prepare(Store *s);

#endif
