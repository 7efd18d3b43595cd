/* bench_ticket.c - ticket verification, Ed25519 (KT3) against HMAC (KT2),
 * and the payload's size and QR version (issue 19's figures; not a test).
 *
 *     bench_ticket [N=20000]
 *
 * Signs one typical ticket of each form (site of 6, id of 5 digits,
 * generation 0) and verifies it N times with the monotonic clock: the
 * median of 50 rounds of N/50, per verification in microseconds.  Then the
 * payload lengths and QR versions (level M) over 200 KT3 tickets (the
 * signature's characters decide the segments) and of the longest one.
 * Prints plain key=value lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/qr.h"
#include "kiosk/ticket.h"

#define ROUNDS 50

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20000;
    if (n < ROUNDS)
        n = ROUNDS;
    int per = n / ROUNDS;
    uint8_t key[TICKET_KEY_BYTES], seed[TICKET_SEED_BYTES];
    memset(key, 0x42, sizeof key);
    memset(seed, 0x24, sizeof seed);
    TicketSigner s;
    ticket_signer_from_seed(seed, &s);
    char kt2[TICKET_PAYLOAD_MAX], kt3[TICKET_PAYLOAD_MAX];
    ticket_sign_gen(key, "BJCY01", 'A', 12345, 0, NULL, kt2);
    ticket_sign_kt3(&s, "BJCY01", 'A', 12345, 0, NULL, kt3);
    double hmac[ROUNDS], ed[ROUNDS], sign[ROUNDS];
    int bad = 0;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_us();
        for (int i = 0; i < per; i++)
            bad += ticket_verify_gen(key, kt2, "BJCY01", NULL, NULL, NULL, NULL) != K_OK;
        double t1 = now_us();
        for (int i = 0; i < per; i++)
            bad += ticket_verify_kt3(s.pk, kt3, NULL, NULL, NULL, NULL) != K_OK;
        double t2 = now_us();
        char out[TICKET_PAYLOAD_MAX];
        for (int i = 0; i < per; i++)
            ticket_sign_kt3(&s, "BJCY01", 'A', 12345, 0, NULL, out);
        double t3 = now_us();
        hmac[r] = (t1 - t0) / per;
        ed[r] = (t2 - t1) / per;
        sign[r] = (t3 - t2) / per;
    }
    qsort(hmac, ROUNDS, sizeof hmac[0], cmp);
    qsort(ed, ROUNDS, sizeof ed[0], cmp);
    qsort(sign, ROUNDS, sizeof sign[0], cmp);
    printf("verifications=%d failed=%d\n", per * ROUNDS, bad);
    printf("verify_hmac_kt2_us=%.2f\nverify_ed25519_kt3_us=%.2f\nsign_ed25519_kt3_us=%.2f\n",
           hmac[ROUNDS / 2], ed[ROUNDS / 2], sign[ROUNDS / 2]);

    QrMatrix m;
    qr_encode(kt2, &m);
    printf("kt2_typical_chars=%zu kt2_typical_qr_version=%d\n", strlen(kt2), m.version);
    int hist[QR_MAX_VERSION + 1] = {0};
    const char *sites[] = {"XFL", "BJCY01"};
    for (int k = 0; k < 2; k++) {
        memset(hist, 0, sizeof hist);
        size_t len = 0;
        for (int i = 0; i < 200; i++) {
            ticket_sign_kt3(&s, sites[k], 'A', k ? 12345 : 42, 0, NULL, kt3);
            if (qr_encode(kt3, &m) == K_OK)
                hist[m.version]++;
            len = strlen(kt3);
        }
        printf("kt3_site_%s_chars=%zu qr_versions:", sites[k], len);
        for (int v = 1; v <= QR_MAX_VERSION; v++)
            if (hist[v])
                printf(" v%d=%d", v, hist[v]);
        printf("\n");
    }
    ticket_sign_kt3(&s, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, kt3);
    qr_encode(kt3, &m);
    printf("kt3_longest_chars=%zu kt3_longest_qr_version=%d\n", strlen(kt3), m.version);
    return bad != 0;
}
