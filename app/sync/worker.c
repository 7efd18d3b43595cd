/* worker.c - the kiosk's sync worker thread (sync.h).
 *
 * A thread rather than a process of its own: the kiosk's events log and
 * its maintenance screen are in the kiosk process, and the outcomes reach
 * them through a small queue under a mutex that is only ever held for a
 * few instructions (never across the network or the database).  The
 * thread has its own Store on the same file: SQLite's WAL lets it read and
 * mark entries while the kiosk writes, each connection in its own thread.
 *
 * Stopping never waits on the network: the thread is asked to stop, every
 * wait of the link ends at once (pg_link_abort_all: the process is
 * quitting), the caller waits a moment, and a thread still busy (a DNS
 * lookup, bounded by the deadline otherwise) is detached and frees
 * everything itself when it ends. */
#include "kiosk/sync.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "kiosk/pglink.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "sync_int.h"

#define REPORTS_MAX 8
/* After a poke, at most one attempt this often (ms): a resident's taps
 * do not each start one. */
#define POKE_GAP_MS 1000
/* An attempt that ran out of time with progress goes on after this (ms). */
#define MORE_GAP_MS 500

struct SyncWorker {
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* the worker waits on it: poke, stop */
    pthread_cond_t reports; /* the caller waits on it: a report, the end */
    pthread_t thread;
    char path[1024];
    Config cfg;
    bool poked, stop, ended, detached;
    bool busy; /* inside an attempt */
    SyncReport queue[REPORTS_MAX];
    int head, count;
};

static uint32_t random32(void)
{
    uint32_t r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
        r = (uint32_t)sync_mono_ms() * 2654435761u;
    return r;
}

static void worker_free(SyncWorker *w)
{
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    pthread_cond_destroy(&w->reports);
    free(w);
}

/* Queues a report (the oldest is dropped when the caller has not taken
 * REPORTS_MAX of them). */
static void post(SyncWorker *w, const SyncReport *r)
{
    pthread_mutex_lock(&w->mu);
    if (w->count == REPORTS_MAX) {
        w->head = (w->head + 1) % REPORTS_MAX;
        w->count--;
    }
    w->queue[(w->head + w->count) % REPORTS_MAX] = *r;
    w->count++;
    pthread_cond_broadcast(&w->reports);
    pthread_mutex_unlock(&w->mu);
}

static void post_failure(SyncWorker *w, const char *error, int64_t pending)
{
    SyncReport r = {.kind = SYNC_REPORT_FAILED, .at = (int64_t)time(NULL), .pending = pending};
    text_copy(r.error, sizeof r.error, error);
    post(w, &r);
}

/* Waits until the deadline (monotonic ms), a poke or stop.  Returns true
 * when poked (and clears it), false at the deadline or stop. */
static bool wait_until(SyncWorker *w, int64_t until, bool *stop)
{
    pthread_mutex_lock(&w->mu);
    while (!w->stop && !w->poked) {
        int64_t left = until - sync_mono_ms();
        if (left <= 0)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += left / 1000;
        ts.tv_nsec += (left % 1000) * 1000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        int rc = pthread_cond_timedwait(&w->cv, &w->mu, &ts);
        if (rc != 0 && rc != ETIMEDOUT && rc != EINTR)
            break;
    }
    bool poked = w->poked;
    w->poked = false;
    *stop = w->stop;
    pthread_mutex_unlock(&w->mu);
    return poked;
}

static void *worker_main(void *arg)
{
    SyncWorker *w = arg;
    Store *s = NULL;
    char err[512];
    bool stop = false;
    int failures = 0;
    int64_t next = 0; /* the next attempt (monotonic ms) */
    KResult k = store_open(w->path, &s, err, sizeof err);
    if (k == K_OK &&
        (k = store_sync_enable(s, w->cfg.site_code, (int64_t)time(NULL), NULL)) != K_OK)
        snprintf(err, sizeof err, "cannot enable the outbox: %s", store_errmsg(s));
    if (k != K_OK) {
        post_failure(w, err, -1);
        goto out;
    }
    SyncState st;
    if (store_sync_state(s, &st) == K_OK) {
        SyncReport r = {.kind = SYNC_REPORT_STATE,
                        .at = (int64_t)time(NULL),
                        .pending = st.pending,
                        .last_ok = st.last_ok};
        text_copy(r.error, sizeof r.error, st.last_error);
        post(w, &r);
        failures = st.failures;
        /* a back-off still running from before the restart is kept */
        int64_t wait_s = st.next_try - (int64_t)time(NULL);
        if (failures > 0 && wait_s > 0)
            next = sync_mono_ms() + (wait_s > 600 ? 600 : wait_s) * 1000;
    }
    int64_t last_attempt = 0;
    for (;;) {
        if (sync_mono_ms() >= next) {
            SyncOutcome o;
            last_attempt = sync_mono_ms();
            pthread_mutex_lock(&w->mu);
            bool go = w->busy = !w->stop;
            pthread_mutex_unlock(&w->mu);
            KResult r = go ? sync_push(s, &w->cfg, random32(), &o) : K_OK;
            pthread_mutex_lock(&w->mu);
            bool stopping = w->stop;
            w->busy = false;
            pthread_mutex_unlock(&w->mu);
            if (stopping)
                break;
            SyncReport rep = {.at = (int64_t)time(NULL), .pending = o.pending, .sent = o.sent};
            if (store_sync_state(s, &st) == K_OK) {
                rep.last_ok = st.last_ok;
                rep.pending = st.pending;
            }
            if (r == K_OK) {
                failures = 0;
                rep.kind = SYNC_REPORT_OK;
                next = sync_mono_ms() + (int64_t)w->cfg.district_interval * 1000;
            } else if (r == K_ERR_BUSY) {
                /* progress, but time ran out: go on soon */
                rep.kind = SYNC_REPORT_FAILED;
                next = sync_mono_ms() + MORE_GAP_MS;
            } else {
                failures++;
                rep.kind = SYNC_REPORT_FAILED;
                next = sync_mono_ms() +
                       sync_backoff_ms(failures, w->cfg.district_interval, random32());
            }
            text_copy(rep.error, sizeof rep.error, r == K_OK ? "" : o.error);
            post(w, &rep);
        }
        bool poked = wait_until(w, next, &stop);
        if (stop)
            break;
        /* a poke while the link is fine: send what is new soon, at most
         * one attempt a second; during a back-off it waits its turn */
        if (poked && failures == 0 && store_sync_state(s, &st) == K_OK && st.pending > 0) {
            int64_t soon = last_attempt + POKE_GAP_MS;
            if (soon < next)
                next = soon;
        }
    }
out:
    store_close(s);
    pthread_mutex_lock(&w->mu);
    w->ended = true;
    bool detached = w->detached;
    pthread_cond_broadcast(&w->reports);
    pthread_mutex_unlock(&w->mu);
    if (detached)
        worker_free(w);
    return NULL;
}

KResult sync_worker_start(const char *db_path, const Config *cfg, SyncWorker **out, char *err,
                          size_t errcap)
{
    *out = NULL;
    SyncWorker *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errcap, "no memory for the sync worker");
        return K_ERR_NOMEM;
    }
    if (!text_copy(w->path, sizeof w->path, db_path)) {
        free(w);
        snprintf(err, errcap, "the database path is too long for the sync worker");
        return K_ERR_INVALID;
    }
    w->cfg = *cfg;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, &ca);
    pthread_cond_init(&w->reports, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        worker_free(w);
        snprintf(err, errcap, "cannot start the sync worker: %s", strerror(rc));
        return K_ERR_IO;
    }
    *out = w;
    return K_OK;
}

void sync_worker_poke(SyncWorker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->poked = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

bool sync_worker_poll(SyncWorker *w, int wait_ms, SyncReport *out)
{
    if (!w)
        return false;
    pthread_mutex_lock(&w->mu);
    if (w->count == 0 && wait_ms > 0 && !w->ended) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t ns = ts.tv_nsec + (int64_t)(wait_ms % 1000) * 1000000;
        ts.tv_sec += wait_ms / 1000 + ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        while (w->count == 0 && !w->ended)
            if (pthread_cond_timedwait(&w->reports, &w->mu, &ts) == ETIMEDOUT)
                break;
    }
    bool got = w->count > 0;
    if (got) {
        *out = w->queue[w->head];
        w->head = (w->head + 1) % REPORTS_MAX;
        w->count--;
    }
    pthread_mutex_unlock(&w->mu);
    return got;
}

void sync_worker_stop(SyncWorker *w, int wait_ms)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    /* a worker inside an attempt returns from its waits at once, rather
     * than run on while the process exits (OpenSSL's clean-up at exit
     * under a handshake, say) */
    if (w->busy)
        pg_link_abort_all();
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t ns = ts.tv_nsec + (int64_t)(wait_ms % 1000) * 1000000;
    ts.tv_sec += wait_ms / 1000 + ns / 1000000000;
    ts.tv_nsec = ns % 1000000000;
    while (!w->ended)
        if (pthread_cond_timedwait(&w->reports, &w->mu, &ts) == ETIMEDOUT)
            break;
    bool ended = w->ended;
    pthread_t thread = w->thread; /* w may be freed by it once detached */
    if (!ended)
        w->detached = true; /* it frees itself when its attempt ends */
    pthread_mutex_unlock(&w->mu);
    if (ended) {
        pthread_join(thread, NULL);
        worker_free(w);
    } else {
        pthread_detach(thread);
    }
}
