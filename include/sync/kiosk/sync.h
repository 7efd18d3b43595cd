/* sync.h - sending the kiosk's outbox (store.h, store_sync.c) to the
 * district's PostgreSQL (pglink.h, docs/district.md).
 *
 * sync_push is one attempt, bounded by [district] deadline as a whole
 * (connecting, every batch, the answers): `kiosk admin sync now` runs it
 * once, and the kiosk's sync worker (a thread with its own connection to
 * the same database file) runs it every [district] interval seconds. */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/result.h"

typedef struct Store Store; /* store.h */

/* Milliseconds to wait before the next attempt after `failures` failed
 * ones in a row (1 or more): doubling from interval_s up to 45 s (or
 * interval_s when that is longer: a link back is then noticed within a
 * minute), then a random part of up to a quarter of it (rnd is any random
 * number), so that 19 sites whose link comes back at the same moment do
 * not all call the centre in the same second. */
int64_t sync_backoff_ms(int failures, int interval_s, uint32_t rnd);

/* The statement each batch is: one call, one transaction at the centre. */
#define SYNC_INGEST_SQL "SELECT district_ingest.ingest($1::text, $2::jsonb, $3::jsonb)"

/* How one attempt went. */
typedef struct {
    KResult result;     /* as sync_push returns */
    int64_t sent;       /* entries the centre confirmed in this attempt */
    int64_t accepted;   /* of them, new to the centre */
    int64_t duplicates; /* of them, already there (an answer lost before) */
    int64_t pending;    /* left pending after it (-1: unknown) */
    int batches;        /* statements the centre answered */
    bool refused;       /* the centre refused a batch (its message in error) */
    bool local;         /* the kiosk's own database failed, not the link */
    char sqlstate[6];   /* the centre's SQLSTATE when refused ("23505" ...) */
    char error[512];    /* what went wrong, in words ("" on success) */
    double ms;          /* how long the attempt took */
} SyncOutcome;

/* One attempt: sends the pending entries of s, oldest first, in batches of
 * cfg->district_batch entries, each ONE statement (SYNC_INGEST_SQL) whose
 * answer must come back before the entries are marked sent
 * (store_sync_sent), all within cfg->district_deadline seconds.  The
 * outbox must be enabled (store_sync_enable).  rnd feeds the back-off's
 * random part.
 *
 * With nothing pending it sends an empty batch, so that the centre knows
 * the site is alive (its last contact) and a broken link shows at once.
 *
 * K_OK: nothing is left pending, and the centre answered.  K_ERR_IO:
 * the link failed or the deadline passed; K_ERR_REFUSED: the centre
 * refused a batch (23505: a reused epoch and sequence, a copied
 * database).  Both are recorded with store_sync_failed (error in words,
 * the next try after sync_backoff_ms).  K_ERR_BUSY: batches went through
 * but the deadline came before the last (not a failure: sent and pending
 * say how far it got).  Other results: the kiosk's own database failed
 * (out->local).  out->error says what happened in every case but K_OK. */
KResult sync_push(Store *s, const Config *cfg, uint32_t rnd, SyncOutcome *out);

/* ---- the kiosk's sync worker (worker.c) ----
 *
 * A thread with its own Store on the same database file (SQLite in WAL
 * mode lets it read and mark entries while the kiosk writes).  It enables
 * the outbox, then tries every interval seconds while the link is fine,
 * backing off (sync_backoff_ms) after failures; sync_worker_poke makes it
 * look at once whether there is something new to send.  Its outcomes wait
 * in a small queue for the kiosk's main loop (sync_worker_poll), which
 * writes the events and shows them: the main loop never waits on the
 * network, and stopping waits at most the time given. */
typedef struct SyncWorker SyncWorker;

typedef enum {
    SYNC_REPORT_STATE = 1, /* the outbox as found at start (no attempt yet) */
    SYNC_REPORT_OK,        /* an attempt left nothing pending */
    SYNC_REPORT_FAILED     /* an attempt failed, or left something pending */
} SyncReportKind;

typedef struct {
    SyncReportKind kind;
    int64_t at;      /* real clock, seconds */
    int64_t pending; /* left pending */
    int64_t sent;    /* confirmed by the centre in this attempt */
    int64_t last_ok; /* the last attempt that left nothing pending (0: never) */
    char error[512]; /* in words; "" for SYNC_REPORT_OK */
} SyncReport;

/* Starts the worker for the database at db_path (a copy of cfg is kept).
 * K_ERR_NOMEM, or K_ERR_IO when the thread cannot start (err says why). */
KResult sync_worker_start(const char *db_path, const Config *cfg, SyncWorker **out, char *err,
                          size_t errcap);

/* Something was written: the worker looks at the outbox now (unless it is
 * backing off after failures).  Never blocks on the network. */
void sync_worker_poke(SyncWorker *w);

/* Takes the oldest report not taken yet; false when there is none.  With
 * wait_ms > 0 waits that long at most for one (a script's `wait-sync`). */
bool sync_worker_poll(SyncWorker *w, int wait_ms, SyncReport *out);

/* Asks the worker to stop and waits for it at most wait_ms: for a process
 * that is quitting, since it ends every link's waits in the process for
 * good (pg_link_abort_all), so that a worker inside an attempt returns at
 * once.  One still busy after wait_ms (a DNS lookup) is left to finish on
 * its own and frees itself; the caller never waits on the network.  NULL
 * is fine. */
void sync_worker_stop(SyncWorker *w, int wait_ms);

#endif
