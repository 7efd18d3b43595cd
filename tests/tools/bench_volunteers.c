/* bench_volunteers.c - the volunteers' store on a district-sized database
 * (issue 21; tools/bench_volunteers.sh runs it).
 *
 *     bench_volunteers DB [N_VOLUNTEERS=2500] [YEARS=5]
 *
 * Fills a new DB through the store's own calls (in batches: one fsync per
 * batch): N approved volunteers with one or two skills each and, for each,
 * two entries a month over the last year; and volunteer 1, the most active,
 * a duty by scan every day for YEARS years (a start and an end scan each,
 * two hours apart) and a correction a month.  Then measures with the
 * monotonic clock, ROUNDS times each, median and p95:
 *   - what a card's scan reads: the volunteer by card, the ledger's totals
 *     and the latest 5 entries (store_volunteer_of_card,
 *     store_volunteer_entries), for volunteer 1;
 *   - volunteer 1's whole ledger (store_volunteer_entries, no limit);
 *   - one more duty scan (start and end: two IMMEDIATE transactions);
 *   - the figures of a month and of a year over all volunteers
 *     (store_volunteer_figures: total, month, skill, volunteer).
 * Prints plain key=value lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/store.h"
#include "kiosk/store_volunteer.h"
#include "kiosk/text.h"

#define ROUNDS 50

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: the machine may be shared, wall time is not
 * all ours. */
static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof ms[0], cmp_double);
    printf("%s_median_ms=%.3f\n%s_p95_ms=%.3f\n", name, ms[n / 2], name, ms[n * 95 / 100]);
}

static int count_entry(const VolunteerEntry *e, void *user)
{
    (void)e;
    (*(int *)user)++;
    return 0;
}

static int count_figure(const VolunteerFigure *f, void *user)
{
    int64_t *acc = user;
    acc[0]++;
    if (strcmp(f->group, "total") == 0)
        acc[1] = f->minutes;
    return 0;
}

static void die(Store *s, const char *what)
{
    fprintf(stderr, "bench_volunteers: %s: %s\n", what, store_errmsg(s));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_volunteers DB [N_VOLUNTEERS=2500] [YEARS=5]\n");
        return 2;
    }
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 2500;
    int years = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
    if (n < 1 || years < 1 || years > 20)
        return 2;
    struct stat sb;
    if (stat(argv[1], &sb) == 0) {
        fprintf(stderr, "bench_volunteers: %s exists; give a new file\n", argv[1]);
        return 2;
    }
    char err[512];
    Config cfg;
    Store *s = NULL;
    if (config_load(&cfg, NULL, err, sizeof err) != K_OK ||
        store_open(argv[1], &s, err, sizeof err) != K_OK) {
        fprintf(stderr, "bench_volunteers: %s\n", err);
        return 1;
    }
    uint8_t key[TICKET_KEY_BYTES] = {1, 2, 3};
    int64_t now = (int64_t)time(NULL);
    int64_t day = 86400;
    srand(7);

    /* the volunteers, approved, with a card */
    double t0 = now_ms();
    int64_t card1 = 0;
    if (store_batch_begin(s) != K_OK)
        die(s, "batch");
    for (int i = 1; i <= n; i++) {
        VolunteerDraft d;
        memset(&d, 0, sizeof d);
        snprintf(d.name, sizeof d.name, "志愿者%d", i);
        snprintf(d.phone, sizeof d.phone, "139%08d", i);
        d.age = 20 + i % 70;
        snprintf(d.building, sizeof d.building, "%d栋", 1 + i % 12);
        d.availability = 0x3u << (2 * (i % 7));
        d.consent = true;
        d.skill_count = 1 + i % 2;
        for (int k = 0; k < d.skill_count; k++)
            text_copy(d.skills[k], sizeof d.skills[k],
                      cfg.skills[(i + k * 3) % cfg.skill_count].code);
        int64_t id = 0;
        Ticket t;
        if (store_volunteer_apply(s, &d, &cfg, now - 400 * day, &id) != K_OK ||
            store_volunteer_decide(s, id, "approved", "head", now - 399 * day) != K_OK ||
            store_volunteer_card(s, id, "SW01", key, false, now - 399 * day, &t) != K_OK)
            die(s, "volunteer");
        if (i == 1)
            card1 = t.id;
        /* two entries a month over the last year */
        for (int m = 0; m < 24; m++) {
            int minutes = 30 + rand() % 180;
            if (store_volunteer_adjust(s, id, "adjust", minutes, "补记", "head", 10,
                                       now - (365 - m * 15) * day, NULL) != K_OK)
                die(s, "entry");
        }
        if (i % 500 == 0) {
            if (store_batch_commit(s) != K_OK || store_batch_begin(s) != K_OK)
                die(s, "batch");
        }
    }
    if (store_batch_commit(s) != K_OK)
        die(s, "batch");
    printf("volunteers=%d\nfill_volunteers_s=%.1f\n", n, (now_ms() - t0) / 1000);

    /* volunteer 1: a duty every day for years, a correction a month */
    t0 = now_ms();
    if (store_batch_begin(s) != K_OK)
        die(s, "batch");
    int duties = 0;
    for (int64_t d = years * 365; d >= 1; d--) {
        DutyScan ds;
        int64_t start = now - d * day - 4 * 3600;
        if (store_volunteer_scan(s, card1, 10, start, &ds, NULL) != K_OK ||
            store_volunteer_scan(s, card1, 10, start + 7200, &ds, NULL) != K_OK)
            die(s, "duty");
        duties++;
        if (d % 30 == 0 && store_volunteer_adjust(s, 1, "adjust", -10, "更正", "head", 10,
                                                  start + 7300, NULL) != K_OK)
            die(s, "correction");
        if (d % 500 == 0) {
            if (store_batch_commit(s) != K_OK || store_batch_begin(s) != K_OK)
                die(s, "batch");
        }
    }
    if (store_batch_commit(s) != K_OK)
        die(s, "batch");
    VolunteerRecord v;
    if (store_volunteer_get(s, 1, &v) != K_OK)
        die(s, "get");
    printf("volunteer1_duties=%d\nvolunteer1_entries=%d\nfill_ledger_s=%.1f\n", duties, v.entries,
           (now_ms() - t0) / 1000);

    double ms[ROUNDS];
    /* what a scan reads */
    for (int r = 0; r < ROUNDS; r++) {
        double a = now_ms();
        int c = 0;
        if (store_volunteer_of_card(s, card1, &v) != K_OK ||
            store_volunteer_entries(s, v.id, 5, count_entry, &c) != K_OK)
            die(s, "scan read");
        ms[r] = now_ms() - a;
    }
    report("scan_read", ms, ROUNDS);
    /* the whole ledger */
    double cpu1 = cpu_ms();
    int whole = 0;
    for (int r = 0; r < ROUNDS; r++) {
        double a = now_ms();
        whole = 0;
        if (store_volunteer_entries(s, 1, 0, count_entry, &whole) != K_OK)
            die(s, "ledger");
        ms[r] = now_ms() - a;
    }
    printf("ledger_rows=%d\nledger_all_cpu_ms=%.3f\n", whole, (cpu_ms() - cpu1) / ROUNDS);
    report("ledger_all", ms, ROUNDS);
    /* a duty by scan: start and end, durable */
    for (int r = 0; r < ROUNDS; r++) {
        DutyScan ds;
        int64_t at = now + r * 10000;
        double a = now_ms();
        if (store_volunteer_scan(s, card1, 10, at, &ds, NULL) != K_OK ||
            store_volunteer_scan(s, card1, 10, at + 3600, &ds, NULL) != K_OK)
            die(s, "duty");
        ms[r] = now_ms() - a;
    }
    report("duty_start_end", ms, ROUNDS);
    /* the figures over every volunteer */
    int64_t acc[2] = {0, 0};
    for (int r = 0; r < ROUNDS; r++) {
        double a = now_ms();
        acc[0] = 0;
        if (store_volunteer_figures(s, now - 30 * day, now, count_figure, acc) != K_OK)
            die(s, "figures");
        ms[r] = now_ms() - a;
    }
    printf("figures_month_rows=%lld\nfigures_month_minutes=%lld\n", (long long)acc[0],
           (long long)acc[1]);
    report("figures_month", ms, ROUNDS);
    double cpu0 = cpu_ms();
    for (int r = 0; r < ROUNDS / 5; r++) {
        double a = now_ms();
        acc[0] = 0;
        if (store_volunteer_figures(s, now - 365 * day, now, count_figure, acc) != K_OK)
            die(s, "figures");
        ms[r] = now_ms() - a;
    }
    printf("figures_year_rows=%lld\nfigures_year_minutes=%lld\n", (long long)acc[0],
           (long long)acc[1]);
    printf("figures_year_cpu_ms=%.3f\n", (cpu_ms() - cpu0) / (ROUNDS / 5));
    report("figures_year", ms, ROUNDS / 5);
    store_close(s);
    return 0;
}
