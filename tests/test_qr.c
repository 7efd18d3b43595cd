/* test_qr.c - unit tests for app/ticket/qr.c.
 *
 * Size limits are checked directly; that the matrix is a QR code someone
 * can scan is checked by a real decoder: the matrix is drawn as a PGM image
 * (quiet zone, 8 pixels per module) and read back with zbarimg when it is
 * installed.  Without zbarimg that part is skipped with a note. */
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/qr.h"
#include "kiosk/ticket.h"

#define QUIET 4
#define SCALE 8
#define ZBARIMG "/usr/bin/zbarimg"

static char tmpdir[64];

static int count_dark(const QrMatrix *m)
{
    int n = 0;
    for (int i = 0; i < m->size * m->size; i++)
        n += m->dark[i];
    return n;
}

/* Binary PGM: white 255, dark 0. */
static bool write_pgm(const QrMatrix *m, const char *path)
{
    int side = (m->size + 2 * QUIET) * SCALE;
    FILE *f = fopen(path, "wb");
    bool ok;

    if (f == NULL)
        return false;
    fprintf(f, "P5\n%d %d\n255\n", side, side);
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            int mx = x / SCALE - QUIET, my = y / SCALE - QUIET;
            bool dark =
                mx >= 0 && my >= 0 && mx < m->size && my < m->size && m->dark[my * m->size + mx];
            fputc(dark ? 0 : 255, f);
        }
    }
    ok = !ferror(f);
    return fclose(f) == 0 && ok;
}

/* Decodes path with zbarimg; returns true and the text (newline removed). */
static bool zbar_decode(const char *path, char *out, size_t cap)
{
    char cmd[256];
    FILE *p;
    size_t n;
    int status;

    snprintf(cmd, sizeof cmd, ZBARIMG " --raw -q '%s' 2>/dev/null", path);
    p = popen(cmd, "r");
    if (p == NULL)
        return false;
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    status = pclose(p);
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return status == 0;
}

static void check_scans(const char *text)
{
    QrMatrix m;
    char path[128], got[512];

    CHECK_INT_EQ(qr_encode(text, &m), K_OK);
    snprintf(path, sizeof path, "%s/qr.pgm", tmpdir);
    CHECK(write_pgm(&m, path));
    CHECK(zbar_decode(path, got, sizeof got));
    CHECK_STR_EQ(got, text);
    unlink(path);
}

static void test_sizes(void)
{
    uint8_t key[TICKET_KEY_BYTES];
    char longest[TICKET_PAYLOAD_MAX];
    QrMatrix m;

    memset(key, 0x42, sizeof key);
    CHECK_INT_EQ(ticket_sign(key, "ABCDEFGHIJ12", 'Z', INT64_MAX, longest), K_OK);
    CHECK_INT_EQ(strlen(longest), 63);
    CHECK_INT_EQ(qr_encode(longest, &m), K_OK);
    CHECK(m.version >= 1 && m.version <= QR_MAX_VERSION);
    {
        /* With the longest generation and a nonce: 78 characters, still
         * within version 4; and a typical ticket (site of six, id of five
         * digits, generation 3) in the version the KT1 form had. */
        char gen[TICKET_PAYLOAD_MAX], plain[TICKET_PAYLOAD_MAX];
        QrMatrix g;
        CHECK_INT_EQ(
            ticket_sign_gen(key, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, gen),
            K_OK);
        CHECK_INT_EQ(strlen(gen), 78);
        CHECK_INT_EQ(qr_encode(gen, &g), K_OK);
        CHECK(g.version >= 1 && g.version <= QR_MAX_VERSION);
        printf("    longest payload: %zu characters, version %d\n", strlen(gen), g.version);
        ticket_sign(key, "BJCY01", 'A', 12345, plain);
        CHECK_INT_EQ(qr_encode(plain, &m), K_OK);
        int worst = 0;
        for (int i = 0; i < 50; i++) { /* nonces vary: letters or digits */
            ticket_sign_gen(key, "BJCY01", 'A', 12345, 3, NULL, gen);
            CHECK_INT_EQ(qr_encode(gen, &g), K_OK);
            if (g.version > worst)
                worst = g.version;
        }
        printf("    typical payload: KT1 %zu characters, version %d; KT2 %zu, version %d at "
               "worst\n",
               strlen(plain), m.version, strlen(gen), worst);
        CHECK_INT_EQ(worst, m.version);
        CHECK_INT_EQ(qr_encode(longest, &m), K_OK);
    }
    {
        /* KT3: the longest is 140 characters, version 8 at worst; a usual
         * one (site of 3-6, id of 1-5 digits, generation 0) version 6 or 7:
         * the split into segments depends on the signature's characters. */
        uint8_t seed[TICKET_SEED_BYTES];
        TicketSigner k;
        char p3[TICKET_PAYLOAD_MAX];
        QrMatrix g;
        memset(seed, 0x31, sizeof seed);
        ticket_signer_from_seed(seed, &k);
        CHECK_INT_EQ(
            ticket_sign_kt3(&k, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, p3),
            K_OK);
        CHECK_INT_EQ(strlen(p3), 140);
        CHECK_INT_EQ(qr_encode(p3, &g), K_OK);
        CHECK(g.version <= 8);
        printf("    longest KT3 payload: %zu characters, version %d\n", strlen(p3), g.version);
        int worst = 0;
        size_t len = 0;
        for (int i = 0; i < 50; i++) {
            ticket_sign_kt3(&k, "BJCY01", 'A', 12345, 0, NULL, p3);
            CHECK_INT_EQ(qr_encode(p3, &g), K_OK);
            if (g.version > worst)
                worst = g.version;
            len = strlen(p3);
        }
        printf("    typical KT3 payload: %zu characters, version %d at worst\n", len, worst);
        CHECK(worst <= 7);
    }
    CHECK_INT_EQ(m.size, 17 + 4 * m.version);
    /* Only 0 and 1 in the matrix; a real code is roughly half dark. */
    {
        int other = 0;
        for (int i = 0; i < m.size * m.size; i++)
            other += m.dark[i] > 1;
        CHECK_INT_EQ(other, 0);
    }
    CHECK(count_dark(&m) > m.size * m.size / 4 && count_dark(&m) < m.size * m.size * 3 / 4);
    /* The three finder patterns: dark corners, light separator inside. */
    CHECK(m.dark[0] && m.dark[m.size - 1] && m.dark[(m.size - 1) * m.size]);
    CHECK(!m.dark[m.size + 1] && m.dark[2 * m.size + 2]);
    /* Cells beyond size * size stay zero. */
    {
        int stray = 0;
        for (int i = m.size * m.size; i < QR_MAX_MODULES * QR_MAX_MODULES; i++)
            stray += m.dark[i];
        CHECK_INT_EQ(stray, 0);
    }

    /* A short payload takes a small version. */
    CHECK_INT_EQ(qr_encode("KT1.A.A.1", &m), K_OK);
    CHECK_INT_EQ(m.version, 1);
    CHECK_INT_EQ(m.size, 21);

    /* Too much for version 8 at level M (KT3 payloads need up to 8):
     * refused, zeroed.  8-bit capacity is 152; anything past 160
     * characters is refused before encoding. */
    {
        char text[512];
        memset(text, 'a', 153);
        text[153] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_ERR_INVALID);
        CHECK_INT_EQ(m.size, 0);
        CHECK_INT_EQ(m.version, 0);
        text[152] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_OK);
        CHECK_INT_EQ(m.version, 8);
        CHECK_INT_EQ(m.size, 49);
        memset(text, 'a', 62); /* version 4's 8-bit capacity is 62 */
        text[62] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_OK);
        CHECK_INT_EQ(m.version, 4);
        memset(text, 'A', 161); /* alphanumeric: fits version 8, but too long */
        text[161] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_ERR_INVALID);
        text[160] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_OK);
        memset(text, '7', 149); /* numeric capacity of version 4 is 149 */
        text[149] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_OK);
        CHECK_INT_EQ(m.version, 4);
        memset(text, 'x', 511);
        text[511] = '\0';
        CHECK_INT_EQ(qr_encode(text, &m), K_ERR_INVALID);
    }
    CHECK_INT_EQ(qr_encode("", &m), K_ERR_INVALID);
    CHECK_INT_EQ(qr_encode(NULL, &m), K_ERR_INVALID);
    CHECK_INT_EQ(qr_encode("x", NULL), K_ERR_INVALID);
}

static void test_scan(void)
{
    uint8_t key[TICKET_KEY_BYTES];
    char payload[TICKET_PAYLOAD_MAX];

    if (access(ZBARIMG, X_OK) != 0) {
        printf("note: %s not found, decoding checks skipped\n", ZBARIMG);
        return;
    }
    memset(key, 0x17, sizeof key);
    ticket_sign(key, "ABCDEFGHIJ12", 'Z', INT64_MAX, payload);
    check_scans(payload);
    ticket_sign(key, "BJCY01", 'A', 1, payload);
    check_scans(payload);
    ticket_sign_gen(key, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, payload);
    check_scans(payload);
    ticket_sign_gen(key, "BJCY01", 'B', 7, 2, "Q7Z2", payload);
    check_scans(payload);
    {
        /* KT3 (Ed25519, base64url signature: lower case, '-' and '_') */
        uint8_t seed[TICKET_SEED_BYTES];
        TicketSigner k;
        memset(seed, 0x29, sizeof seed);
        ticket_signer_from_seed(seed, &k);
        ticket_sign_kt3(&k, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, payload);
        check_scans(payload);
        ticket_sign_kt3(&k, "XFL", 'A', 12, 0, NULL, payload);
        check_scans(payload);
    }
    check_scans("KT1.A.A.1");
    check_scans("hello, kiosk");
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk-qr-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    test_sizes();
    test_scan();
    rmdir(tmpdir);
    return CHECK_DONE();
}
