/* test_sync.c - the kiosk's side of the district link without a centre
 * (sync.h): the back-off doubles, is capped and spread; an attempt with
 * nothing pending connects to nothing; a refused connection and a server
 * that accepts and never answers both fail within the deadline, leave
 * every entry pending and record the failure in words; the worker thread
 * reports its attempts and stops at once even inside one.  (With a real
 * centre and faults: tests/e2e_sync.sh.) */
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/store.h"
#include "kiosk/sync.h"
#include "kiosk/text.h"

static const uint8_t key[TICKET_KEY_BYTES] = {3};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* A loopback socket that listens and never accepts: the kernel completes
 * the handshake, nobody ever answers.  Returns its port. */
static int dark_port(int *fd)
{
    *fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t n = sizeof a;
    if (*fd < 0 || bind(*fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(*fd, 8) != 0 ||
        getsockname(*fd, (struct sockaddr *)&a, &n) != 0)
        return -1;
    return ntohs(a.sin_port);
}

static void test_backoff(void)
{
    CHECK_INT_EQ(sync_backoff_ms(1, 30, 0), 30000);
    CHECK_INT_EQ(sync_backoff_ms(2, 30, 0), 45000); /* doubled, capped */
    CHECK_INT_EQ(sync_backoff_ms(9, 30, 0), 45000);
    CHECK_INT_EQ(sync_backoff_ms(1, 5, 0), 5000);
    CHECK_INT_EQ(sync_backoff_ms(3, 5, 0), 20000);
    CHECK_INT_EQ(sync_backoff_ms(4, 5, 0), 40000);
    CHECK_INT_EQ(sync_backoff_ms(5, 5, 0), 45000);
    CHECK_INT_EQ(sync_backoff_ms(3, 600, 0), 600000); /* a long interval is its own cap */
    CHECK_INT_EQ(sync_backoff_ms(1000000, 5, 0), 45000);
    /* the random part: up to a quarter, and never more */
    int64_t lo = 1 << 30, hi = 0;
    for (uint32_t r = 0; r < 5000; r++) {
        int64_t w = sync_backoff_ms(9, 30, r * 2654435761u);
        lo = w < lo ? w : lo;
        hi = w > hi ? w : hi;
    }
    CHECK(lo >= 45000 && hi <= 45000 + 45000 / 4 && hi > lo + 5000);
}

int main(void)
{
    char dir[] = "/tmp/kiosk-test-sync-XXXXXX";
    if (!mkdtemp(dir) || sodium_init() < 0)
        return 1;
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/k.db", dir);
    test_backoff();

    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    Config cfg;
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    cfg.district_deadline = 1;
    cfg.district_interval = 5;
    snprintf(cfg.district_postgres, sizeof cfg.district_postgres,
             "host=127.0.0.1 port=1 dbname=x user=x");
    SyncOutcome o;
    /* not enabled: a local failure, no connection */
    CHECK_INT_EQ(sync_push(s, &cfg, 0, &o), K_ERR_INVALID);
    CHECK(o.local);
    CHECK_INT_EQ(store_sync_enable(s, "SW01", 1000, NULL), K_OK);
    /* nothing pending (no rows yet but the services): whatever is queued
     * is sent; with nothing at all, nothing connects */
    SyncState st;
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    int64_t first = st.pending;
    Ticket t;
    int ahead;
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", time(NULL), key, &t, &ahead), K_OK);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK(st.pending > first);
    int64_t pending = st.pending;

    /* refused at once */
    double t0 = now_ms();
    CHECK_INT_EQ(sync_push(s, &cfg, 7, &o), K_ERR_IO);
    CHECK(now_ms() - t0 < 1000);
    CHECK(strstr(o.error, "district centre") != NULL);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.pending, pending);
    CHECK_INT_EQ(st.failures, 1);
    CHECK(strstr(st.last_error, "district centre") != NULL);
    CHECK(st.next_try >= st.last_try + 5);

    /* accepted and never answered: the deadline, not a hang */
    int fd;
    int port = dark_port(&fd);
    CHECK(port > 0);
    snprintf(cfg.district_postgres, sizeof cfg.district_postgres,
             "host=127.0.0.1 port=%d dbname=x user=x", port);
    t0 = now_ms();
    CHECK_INT_EQ(sync_push(s, &cfg, 7, &o), K_ERR_IO);
    double took = now_ms() - t0;
    CHECK(took >= 900 && took < 1600);
    CHECK(strstr(o.error, "no answer") != NULL);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.pending, pending);
    CHECK_INT_EQ(st.failures, 2);

    /* the worker: reports its state, then the failed attempt */
    cfg.district_deadline = 5;
    CHECK_INT_EQ(store_sync_failed(s, "", 0, 0), K_OK); /* next_try 0: no back-off left */
    SyncWorker *w = NULL;
    SyncReport r;
    snprintf(cfg.district_postgres, sizeof cfg.district_postgres,
             "host=127.0.0.1 port=1 dbname=x user=x");
    CHECK_INT_EQ(sync_worker_start(path, &cfg, &w, err, sizeof err), K_OK);
    CHECK(sync_worker_poll(w, 2000, &r) && r.kind == SYNC_REPORT_STATE);
    CHECK(sync_worker_poll(w, 3000, &r));
    CHECK_INT_EQ(r.kind, SYNC_REPORT_FAILED);
    CHECK_INT_EQ(r.pending, pending);
    CHECK(strstr(r.error, "district centre") != NULL);
    sync_worker_stop(w, 2000);
    CHECK_INT_EQ(store_sync_failed(s, "", 0, 0), K_OK); /* next_try 0 */

    /* stopping while it waits on the dark socket takes a moment, not the
     * deadline, and ends its attempt (last: it ends every link's waits) */
    snprintf(cfg.district_postgres, sizeof cfg.district_postgres,
             "host=127.0.0.1 port=%d dbname=x user=x", port);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    int failures = st.failures;
    CHECK_INT_EQ(sync_worker_start(path, &cfg, &w, err, sizeof err), K_OK);
    CHECK(sync_worker_poll(w, 2000, &r));
    CHECK_INT_EQ(r.kind, SYNC_REPORT_STATE);
    CHECK_INT_EQ(r.pending, pending);
    CHECK(!sync_worker_poll(w, 300, &r)); /* inside its attempt: 5 s */
    t0 = now_ms();
    sync_worker_stop(w, 200);
    CHECK(now_ms() - t0 < 500);
    /* and the attempt it was in ended: nothing marked, a failure recorded */
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.pending, pending);
    CHECK_INT_EQ(st.failures, failures + 1);

    close(fd);
    store_close(s);
    static const char *const sides[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char f[160];
        snprintf(f, sizeof f, "%s%s", path, sides[i]);
        unlink(f);
    }
    rmdir(dir);
    return CHECK_DONE();
}
