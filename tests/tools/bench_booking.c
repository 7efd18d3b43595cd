/* bench_booking.c - how the booking store holds up on a big database.
 *
 *     bench_booking DB [N_PAST=100000]
 *
 * Opens (or creates) DB, seeds the built-in services, fills it with demo
 * bookings (store_demo_bookings: nine in ten in the past year) until it has
 * N_PAST, then measures with the monotonic clock:
 *   - availability: 14 days of every active service, 200 rounds; per call
 *     and per round (all services), median and 95th percentile;
 *   - the booking transaction: 200 store_book calls on open future slots,
 *     each with its own phone number, median and 95th percentile.
 * When the demo data left fewer than 200 open places, every slot's capacity
 * is raised first (and the output says so).  Prints plain key=value lines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/ticket.h"

#define ROUNDS 200
#define BOOKINGS 200
#define AVAIL_DAYS 14

static Config cfg;
static CfgService svcs[CFG_MAX_SERVICES * 4];
static DayAvail days[BOOK_MAX_DAYS];

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

/* Sorts v and prints "name median_ms=... p95_ms=... n=...". */
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

static int count_row(const BookingRecord *b, void *user)
{
    (void)b;
    ++*(long *)user;
    return 0;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

typedef struct {
    int svc;
    char day[CFG_DAY_MAX];
    int start;
    int free;
} OpenSlot;

/* The open places of every active service, from today over its horizon. */
static int open_slots(Store *s, int count, int64_t now, const char *today, OpenSlot *out, int max,
                      int *places)
{
    int n = 0;
    *places = 0;
    for (int i = 0; i < count; i++) {
        int h = svcs[i].horizon_days;
        if (store_availability(s, &svcs[i], today, h, now, days) != K_OK) {
            fprintf(stderr, "bench_booking: %s\n", store_errmsg(s));
            return -1;
        }
        for (int d = 0; d < h; d++)
            for (int j = 0; j < days[d].slot_count; j++) {
                const SlotAvail *sl = &days[d].slots[j];
                if (sl->state != AVAIL_OPEN || n >= max)
                    continue;
                out[n].svc = i;
                text_copy(out[n].day, sizeof out[n].day, days[d].day);
                out[n].start = sl->slot.start;
                out[n].free = sl->slot.capacity - sl->taken;
                *places += out[n].free;
                n++;
            }
    }
    return n;
}

int main(int argc, char **argv)
{
    char err[1024], key_path[1100], wal[1100];
    uint8_t key[TICKET_KEY_BYTES];
    Store *s = NULL;
    long want = 100000;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_booking DB [N_PAST=100000]\n");
        return 2;
    }
    if (argc == 3) {
        char *end = NULL;
        want = strtol(argv[2], &end, 10);
        if (*end || end == argv[2] || want < 0 || want > 1000000) {
            fprintf(stderr, "bench_booking: N_PAST is 0 to 1000000\n");
            return 2;
        }
    }
    if (config_load(&cfg, NULL, err, sizeof err) != K_OK) {
        fprintf(stderr, "bench_booking: %s\n", err);
        return 3;
    }
    if (store_open(argv[1], &s, err, sizeof err) != K_OK) {
        fprintf(stderr, "bench_booking: %s\n", err);
        return 3;
    }
    int64_t now = (int64_t)time(NULL);
    char today[CFG_DAY_MAX];
    snprintf(key_path, sizeof key_path, "%s.key", argv[1]);
    if (!booking_local_day(now, today) || store_seed_services(s, &cfg, now, NULL) != K_OK ||
        ticket_key_load(key_path, key) != K_OK) {
        fprintf(stderr, "bench_booking: cannot set up %s: %s\n", argv[1], store_errmsg(s));
        store_close(s);
        return 3;
    }

    long have = 0;
    double t0 = now_ms();
    if (store_list_bookings(s, NULL, NULL, NULL, 0, count_row, &have) != K_OK) {
        fprintf(stderr, "bench_booking: %s\n", store_errmsg(s));
        store_close(s);
        return 3;
    }
    printf("bookings_before=%ld count_ms=%.1f\n", have, now_ms() - t0);
    if (have < want) {
        int made = 0;
        t0 = now_ms();
        KResult r = store_demo_bookings(s, (int)(want - have), 42u + (unsigned)have, cfg.site_code,
                                        now, key, &made);
        double ms = now_ms() - t0;
        printf("demo_bookings asked=%ld made=%d seconds=%.2f per_1000_ms=%.1f\n", want - have, made,
               ms / 1000.0, made ? ms * 1000.0 / made : 0.0);
        if (r != K_OK) {
            fprintf(stderr, "bench_booking: %s\n", store_errmsg(s));
            store_close(s);
            return 3;
        }
    }

    int count = 0;
    if (store_list_services(s, true, svcs, (int)(sizeof svcs / sizeof svcs[0]), &count) != K_OK ||
        count == 0) {
        fprintf(stderr, "bench_booking: no active services: %s\n", store_errmsg(s));
        store_close(s);
        return 3;
    }

    /* (a) availability, 14 days, every active service */
    static double per_call[ROUNDS * CFG_MAX_SERVICES * 4], per_round[ROUNDS];
    int calls = 0;
    for (int r = 0; r < ROUNDS; r++) {
        double round_start = now_ms();
        for (int i = 0; i < count; i++) {
            double c0 = now_ms();
            if (store_availability(s, &svcs[i], today, AVAIL_DAYS, now, days) != K_OK) {
                fprintf(stderr, "bench_booking: %s\n", store_errmsg(s));
                store_close(s);
                return 3;
            }
            per_call[calls++] = now_ms() - c0;
        }
        per_round[r] = now_ms() - round_start;
    }
    printf("services_active=%d\n", count);
    report("availability_14d_per_call", per_call, calls);
    report("availability_14d_all_services", per_round, ROUNDS);

    /* (b) the booking transaction on open future slots */
    static OpenSlot open[CFG_MAX_SERVICES * 4 * BOOK_MAX_DAYS * CFG_MAX_SLOTS];
    const int open_max = (int)(sizeof open / sizeof open[0]);
    int places = 0;
    int n_open = open_slots(s, count, now, today, open, open_max, &places);
    if (n_open < 0) {
        store_close(s);
        return 3;
    }
    if (places < BOOKINGS) {
        /* The demo data fill the coming days: make room without touching
         * what is booked (capacity only grows). */
        int extra = BOOKINGS / (n_open > 0 ? n_open : 1) + 10;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < svcs[i].slot_count; j++)
                svcs[i].slots[j].capacity += extra;
            if (store_change_service(s, &svcs[i], now, "bench") != K_OK) {
                fprintf(stderr, "bench_booking: %s\n", store_errmsg(s));
                store_close(s);
                return 3;
            }
        }
        printf("note: only %d open places; raised every slot's capacity by %d\n", places, extra);
        n_open = open_slots(s, count, now, today, open, open_max, &places);
    }
    static double book_ms[BOOKINGS];
    int booked = 0, refused = 0, failed = 0, tries = 0;
    unsigned base = (unsigned)now ^ ((unsigned)getpid() * 2654435761u);
    for (int o = 0; o < n_open && booked < BOOKINGS; o++) {
        for (int k = 0; k < open[o].free && booked < BOOKINGS; k++) {
            const CfgService *v = &svcs[open[o].svc];
            BookingDraft d;
            BookRefusal why;
            Ticket t;
            int64_t id = 0;
            booking_draft_init(&d);
            text_copy(d.service, sizeof d.service, v->item.code);
            text_copy(d.day, sizeof d.day, open[o].day);
            d.slot = open[o].start;
            snprintf(d.phone, sizeof d.phone, "13%09u",
                     (base + (unsigned)tries * 7919u) % 1000000000u);
            d.age = 75;
            if (v->escort) {
                text_copy(d.hospital, sizeof d.hospital, "other");
                d.pickup = PICKUP_STATION;
            }
            tries++;
            double c0 = now_ms();
            KResult r = store_book(s, &d, cfg.site_code, (int64_t)time(NULL),
                                   cfg.max_open_per_phone, key, "bench", &id, &t, &why);
            double ms = now_ms() - c0;
            if (r == K_OK)
                book_ms[booked++] = ms;
            else if (r == K_ERR_REFUSED)
                refused++;
            else {
                failed++;
                fprintf(stderr, "bench_booking: %s\n", store_errmsg(s));
            }
            booking_draft_wipe(&d);
        }
    }
    printf("bookings_made=%d refused=%d failed=%d\n", booked, refused, failed);
    report("book_commit", book_ms, booked);

    have = 0;
    store_list_bookings(s, NULL, NULL, NULL, 0, count_row, &have);
    store_close(s);
    snprintf(wal, sizeof wal, "%s-wal", argv[1]);
    printf("bookings_after=%ld\n", have);
    printf("db_bytes=%ld db_mib=%.1f wal_bytes=%ld\n", file_size(argv[1]),
           file_size(argv[1]) / 1048576.0, file_size(wal));
    return booked == BOOKINGS && failed == 0 ? 0 : 1;
}
