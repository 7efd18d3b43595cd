/* bench_ime.c - how fast the text-entry engines answer (not a test).
 *
 *     bench_ime [ROUNDS=20]
 *
 * Measures with the monotonic clock and /proc/self/status (VmRSS):
 *   - loading: ime_pinyin_open (with the domain phrases) and ime_hand_open
 *     (the zinnia model), each with the resident memory before and after;
 *   - a keystroke: each prefix of a few pinyin inputs looked up in turn, as
 *     a resident typing them letter by letter (ime_pinyin_search, up to
 *     IME_CAND_MAX candidates), median, 95th percentile and maximum;
 *   - a stroke: the handwriting fixtures recognised after each of their
 *     strokes, on a 1000 x 972 pad (the portrait kiosk's), likewise.
 * Prints plain key=value lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/ime_hand.h"
#include "kiosk/ime_pinyin.h"
#include "kiosk/text.h"

#define MAX_SAMPLES 20000

static double samples[MAX_SAMPLES];
static int nsamples;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what)
{
    qsort(samples, (size_t)nsamples, sizeof samples[0], cmp);
    printf("%s_count=%d\n%s_median_ms=%.3f\n%s_p95_ms=%.3f\n%s_max_ms=%.3f\n", what, nsamples, what,
           samples[nsamples / 2], what, samples[nsamples * 95 / 100], what, samples[nsamples - 1]);
    nsamples = 0;
}

static void add(double ms)
{
    if (nsamples < MAX_SAMPLES)
        samples[nsamples++] = ms;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
    if (rounds < 1)
        rounds = 1;
    char err[256];
    long rss0 = rss_kb();
    double t0 = now_ms();
    ImePinyin *p = NULL;
    if (ime_pinyin_open(NULL, &p, err, sizeof err) != 0) {
        fprintf(stderr, "bench_ime: %s\n", err);
        return 3;
    }
    double t1 = now_ms();
    long rss1 = rss_kb();
    ImeHand *h = NULL;
    if (ime_hand_open(NULL, &h, err, sizeof err) != 0) {
        fprintf(stderr, "bench_ime: %s\n", err);
        ime_pinyin_close(p);
        return 3;
    }
    double t2 = now_ms();
    long rss2 = rss_kb();
    printf("rss_start_kb=%ld\npinyin_load_ms=%.1f\nrss_after_pinyin_kb=%ld\n", rss0, t1 - t0, rss1);
    printf("hand_load_ms=%.1f\nrss_after_hand_kb=%ld\n", t2 - t1, rss2);

    static const char *inputs[] = {"shegongzhan", "woyaofanyingwenti", "loudaodedenghuaile", "sgz",
                                   "nihao",       "xiexienimen"};
    ImeCand c[IME_CAND_MAX];
    /* round 0 apart: the first lookups read libpinyin's tables from disk */
    for (int r = 0; r <= rounds; r++) {
        if (r == 1)
            report("keystroke_first_round");
        for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
            char prefix[64];
            size_t n = strlen(inputs[i]);
            for (size_t k = 1; k <= n; k++) {
                memcpy(prefix, inputs[i], k);
                prefix[k] = '\0';
                double s = now_ms();
                ime_pinyin_search(p, prefix, NULL, NULL, c, IME_CAND_MAX);
                add(now_ms() - s);
            }
        }
    }
    report("keystroke");

    FILE *f = fopen(KIOSK_SOURCE_DIR "/tests/fixtures/hand.txt", "r");
    char line[1024];
    char out[10][8];
    int pad_w = 1000, pad_h = 972;
    while (f && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        for (int r = 0; r < rounds; r++) {
            ime_hand_clear(h);
            const char *s = line;
            text_next_cp(&s);
            bool begin = true;
            while (*s) {
                while (*s == ' ' || *s == '\n')
                    s++;
                if (!*s)
                    break;
                if (*s == '|') {
                    ime_hand_end(h);
                    double t = now_ms();
                    ime_hand_recognize(h, pad_w, pad_h, NULL, NULL, out, 10);
                    add(now_ms() - t);
                    begin = true;
                    s++;
                    continue;
                }
                char *end = NULL;
                int x = (int)strtol(s, &end, 10) * 9, y = (int)strtol(end + 1, &end, 10) * 9;
                s = end;
                if (begin)
                    ime_hand_begin(h, x, y);
                else
                    ime_hand_move(h, x, y);
                begin = false;
            }
            ime_hand_end(h);
            double t = now_ms();
            ime_hand_recognize(h, pad_w, pad_h, NULL, NULL, out, 10);
            add(now_ms() - t);
        }
    }
    if (f)
        fclose(f);
    report("stroke");
    printf("rss_end_kb=%ld\n", rss_kb());
    ime_hand_close(h);
    ime_pinyin_close(p);
    return 0;
}
