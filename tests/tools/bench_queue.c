/* bench_queue.c - how the staff queue holds up on a big database.
 *
 *     bench_queue DB [N=100000]
 *
 * Opens (or creates) DB, fills it with demo requests (demo_requests:
 * 90 days, every workflow state) until it has N, then measures with the
 * monotonic clock:
 *   - store_queue_page of 12 rows: 500 pages walked by keyset from the top
 *     of the open queue (wrapping to the top at the end), median and p95;
 *     the same for one category; and 200 reads of one page deep in the
 *     queue (after the row at 90% of it);
 *   - store_queue_count of the open queue, 200 times;
 *   - store_request_act: 200 accepts of submitted requests (each one IMMEDIATE
 *     transaction, durable), median and p95.
 * Prints plain key=value lines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kiosk/config.h"
#include "kiosk/demo.h"
#include "kiosk/store.h"

#define PAGE 12
#define PAGES 500
#define ROUNDS 200

static Config cfg;
static double samples[PAGES];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, double *v, int n)
{
    if (n == 0) {
        printf("%s n=0\n", name);
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    int i95 = (int)ceil(0.95 * n) - 1;
    printf("%s median_ms=%.3f p95_ms=%.3f max_ms=%.3f n=%d\n", name, median, v[i95 < 0 ? 0 : i95],
           v[n - 1], n);
}

static int count_row(const RequestRecord *r, void *user)
{
    (void)r;
    ++*(long *)user;
    return 0;
}

/* 500 pages by keyset from the top; back to the top after the last. */
static int walk(Store *s, const char *category, const char *name)
{
    QueueRow rows[PAGE];
    QueueKey k = {0};
    int n = 0;
    for (int i = 0; i < PAGES; i++) {
        double t0 = now_ms();
        if (store_queue_page(s, NULL, category, &k, rows, PAGE, &n) != K_OK) {
            fprintf(stderr, "bench_queue: %s\n", store_errmsg(s));
            return 1;
        }
        samples[i] = now_ms() - t0;
        k = n == PAGE ? store_queue_key(&rows[n - 1]) : (QueueKey){0};
    }
    report(name, samples, PAGES);
    return 0;
}

int main(int argc, char **argv)
{
    char err[512];
    Store *s = NULL;
    uint8_t key[TICKET_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_queue DB [N=100000]\n");
        return 2;
    }
    long want = argc == 3 ? strtol(argv[2], NULL, 10) : 100000;
    if (want < 1000 || want > 1000000) {
        fprintf(stderr, "bench_queue: N is 1000 to 1000000\n");
        return 2;
    }
    if (config_load(&cfg, NULL, err, sizeof err) != K_OK ||
        store_open(argv[1], &s, err, sizeof err) != K_OK) {
        fprintf(stderr, "bench_queue: %s\n", err);
        return 3;
    }
    int64_t now = (int64_t)time(NULL);
    long have = 0;
    store_list_requests(s, NULL, 0, count_row, &have);
    if (have < want) {
        int made = 0;
        double t0 = now_ms();
        char why[320];
        if (demo_requests(s, &cfg, (int)(want - have), 1, "BENCH", now, key, &made, why,
                          sizeof why) != K_OK) {
            fprintf(stderr, "bench_queue: %s\n", why);
            return 3;
        }
        printf("fill_requests=%d fill_s=%.1f\n", made, (now_ms() - t0) / 1000.0);
        have += made;
    }
    struct stat st;
    printf("requests=%ld db_bytes=%lld\n", have,
           stat(argv[1], &st) == 0 ? (long long)st.st_size : 0LL);

    int open = 0;
    store_queue_count(s, NULL, NULL, &open);
    printf("open_requests=%d\n", open);
    if (walk(s, NULL, "page_open") || walk(s, cfg.categories[0].item.code, "page_category"))
        return 3;

    /* one page deep in the queue: after the row at 90% */
    QueueRow rows[PAGE];
    QueueKey k = {0}, deep = {0};
    int n = 0, seen = 0;
    while (seen < open * 9 / 10 && store_queue_page(s, NULL, NULL, &k, rows, PAGE, &n) == K_OK &&
           n > 0) {
        seen += n;
        k = store_queue_key(&rows[n - 1]);
        deep = k;
    }
    for (int i = 0; i < ROUNDS; i++) {
        double t0 = now_ms();
        store_queue_page(s, NULL, NULL, &deep, rows, PAGE, &n);
        samples[i] = now_ms() - t0;
    }
    printf("deep_page_after_row=%d\n", seen);
    report("page_deep", samples, ROUNDS);

    for (int i = 0; i < ROUNDS; i++) {
        double t0 = now_ms();
        store_queue_count(s, NULL, NULL, &n);
        samples[i] = now_ms() - t0;
    }
    report("count_open", samples, ROUNDS);

    /* accepts: the oldest submitted requests, one transaction each */
    int acts = 0;
    QueueRow subs[ROUNDS];
    if (store_queue_page(s, "submitted", NULL, NULL, subs, ROUNDS, &n) == K_OK) {
        for (int i = 0; i < n; i++) {
            double t0 = now_ms();
            KResult r =
                store_request_act(s, subs[i].id, WF_ACCEPT, ROLE_WORKER, "bench", NULL, NULL, now);
            samples[acts] = now_ms() - t0;
            if (r == K_OK)
                acts++;
        }
    }
    report("request_act", samples, acts);
    store_close(s);
    return 0;
}
