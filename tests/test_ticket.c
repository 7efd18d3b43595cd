/* test_ticket.c - unit tests for app/ticket/ticket.c.
 *
 * The verifier is attacked from two sides: payloads altered after signing
 * (every byte changed, every truncation, padding, garbage), and payloads in
 * a non-canonical form that carry a *correct* MAC made here with the key,
 * which only the strict parser can refuse.  Payloads are copied into
 * heap buffers of exact size so ASan reports any read past their end. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>

#include "check.h"
#include "kiosk/ticket.h"

static uint8_t key[TICKET_KEY_BYTES];
static uint8_t other_key[TICKET_KEY_BYTES];

/* An independent base32 (RFC 4648, upper case, no padding). */
static void b32(const unsigned char *in, size_t n, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned buf = 0;
    int bits = 0;
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        buf = (buf << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = a[(buf >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = a[(buf << (5 - bits)) & 31];
    out[o] = '\0';
}

/* body + "." + base32(first 15 bytes of HMAC-SHA256(body)) with key k. */
static void forge(const uint8_t *k, const char *body, char *out, size_t cap)
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char text[32];

    crypto_auth_hmacsha256(mac, (const unsigned char *)body, strlen(body), k);
    b32(mac, 15, text);
    snprintf(out, cap, "%s.%s", body, text);
}

/* ticket_verify on an exact-size heap copy of n bytes of s (plus NUL). */
static KResult verify_n(const uint8_t *k, const char *s, size_t n, const char *expect)
{
    char *copy = malloc(n + 1);
    char site[TICKET_SITE_MAX];
    char kind;
    int64_t id;
    KResult rc;

    memcpy(copy, s, n);
    copy[n] = '\0';
    rc = ticket_verify(k, copy, expect, site, &kind, &id);
    free(copy);
    return rc;
}

static KResult verify(const uint8_t *k, const char *s)
{
    return verify_n(k, s, strlen(s), NULL);
}

static void test_base32_vectors(void)
{
    char out[32];

    /* RFC 4648 section 10, padding removed. */
    b32((const unsigned char *)"f", 1, out);
    CHECK_STR_EQ(out, "MY");
    b32((const unsigned char *)"fooba", 5, out);
    CHECK_STR_EQ(out, "MZXW6YTB");
    b32((const unsigned char *)"foobar", 6, out);
    CHECK_STR_EQ(out, "MZXW6YTBOI");
}

static void test_site(void)
{
    CHECK(ticket_site_valid("A"));
    CHECK(ticket_site_valid("BJCY01"));
    CHECK(ticket_site_valid("ABCDEFGHIJ12"));
    CHECK(!ticket_site_valid("ABCDEFGHIJ123"));
    CHECK(!ticket_site_valid(""));
    CHECK(!ticket_site_valid(NULL));
    CHECK(!ticket_site_valid("bjcy"));
    CHECK(!ticket_site_valid("BJ-CY"));
    CHECK(!ticket_site_valid("BJ.CY"));
    CHECK(!ticket_site_valid("BJ CY"));
    CHECK(!ticket_site_valid("朝阳"));
}

static void test_number(void)
{
    char out[TICKET_NUMBER_MAX];

    ticket_format_number('A', 1, out);
    CHECK_STR_EQ(out, "A001");
    ticket_format_number('A', 0, out);
    CHECK_STR_EQ(out, "A000");
    ticket_format_number('B', 999, out);
    CHECK_STR_EQ(out, "B999");
    ticket_format_number('A', 1000, out);
    CHECK_STR_EQ(out, "A1000");
    ticket_format_number('A', 2147483647, out);
    CHECK_STR_EQ(out, "A2147483647");

    CHECK(!ticket_kind_is_booking(TICKET_KIND_REQUEST));
    CHECK(!ticket_kind_is_booking(TICKET_KIND_WALKIN));
    CHECK(!ticket_kind_is_booking(TICKET_KIND_TEST));
    CHECK(!ticket_kind_is_booking('b'));
    CHECK(ticket_kind_is_booking('B'));
    CHECK(ticket_kind_is_booking('Z'));
}

static void test_lookup(void)
{
    static const char alphabet[] = TICKET_LOOKUP_ALPHABET;
    int counts[sizeof alphabet - 1] = {0};
    int bad = 0;
    char code[TICKET_LOOKUP_LEN + 1];
    char out[TICKET_LOOKUP_LEN + 1];

    for (int i = 0; i < 2000; i++) {
        ticket_new_lookup(code);
        if (strlen(code) != TICKET_LOOKUP_LEN)
            bad++;
        for (int j = 0; j < TICKET_LOOKUP_LEN && code[j] != '\0'; j++) {
            const char *at = strchr(alphabet, code[j]);
            if (at == NULL)
                bad++;
            else
                counts[at - alphabet]++;
        }
        /* A fresh code normalises to itself. */
        if (!ticket_lookup_normalise(code, out) || strcmp(out, code) != 0)
            bad++;
    }
    CHECK_INT_EQ(bad, 0);
    /* 16000 characters, about 727 of each; six standard deviations either
     * way is still far from 0, so this fails only for a broken generator
     * (one that skips letters or favours some). */
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        CHECK(counts[i] > 570 && counts[i] < 890);

    /* Normalisation. */
    CHECK(ticket_lookup_normalise("ACDEFGHJ", out));
    CHECK_STR_EQ(out, "ACDEFGHJ");
    CHECK(ticket_lookup_normalise("acde-fghj", out));
    CHECK_STR_EQ(out, "ACDEFGHJ");
    CHECK(ticket_lookup_normalise("  k m n p - 3 4 6 7  ", out));
    CHECK_STR_EQ(out, "KMNP3467");
    CHECK(ticket_lookup_normalise("--xy9R-Tw7c-", out));
    CHECK_STR_EQ(out, "XY9RTW7C");
    CHECK(!ticket_lookup_normalise("XY9RTW7", out)); /* 7 characters */
    CHECK_STR_EQ(out, "");
    CHECK(!ticket_lookup_normalise("ACDEFGHJK", out)); /* 9 */
    CHECK_STR_EQ(out, "");
    CHECK(!ticket_lookup_normalise("ACDEFGH0", out)); /* 0 is not in the alphabet */
    CHECK(!ticket_lookup_normalise("ACDEFGHO", out));
    CHECK(!ticket_lookup_normalise("ACDEFGHB", out));
    CHECK(!ticket_lookup_normalise("ACDEFGH1", out));
    CHECK(!ticket_lookup_normalise("ACDEFGH5", out));
    CHECK(!ticket_lookup_normalise("ACDEFGH_", out));
    CHECK(!ticket_lookup_normalise("ACDE\tFGH", out));
    CHECK(!ticket_lookup_normalise("ACDEFGH\xC3\xA9", out));
    CHECK(!ticket_lookup_normalise("", out));
    CHECK(!ticket_lookup_normalise("- -", out));
    CHECK(!ticket_lookup_normalise(NULL, out));
    {
        char *huge = malloc(1 << 20);
        memset(huge, 'A', (1 << 20) - 1);
        huge[(1 << 20) - 1] = '\0';
        CHECK(!ticket_lookup_normalise(huge, out));
        free(huge);
    }
}

static void test_round_trip(void)
{
    static const struct {
        const char *site;
        char kind;
        int64_t id;
    } cases[] = {
        {"A", 'A', 1},
        {"BJCY01", 'A', 42},
        {"ABCDEFGHIJ12", 'Z', INT64_MAX},
        {"Z9", 'K', 1000000},
    };
    char payload[TICKET_PAYLOAD_MAX];
    char site[TICKET_SITE_MAX];
    char kind;
    int64_t id;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_INT_EQ(ticket_sign(key, cases[i].site, cases[i].kind, cases[i].id, payload), K_OK);
        CHECK_INT_EQ(ticket_verify(key, payload, NULL, site, &kind, &id), K_OK);
        CHECK_STR_EQ(site, cases[i].site);
        CHECK_INT_EQ(kind, cases[i].kind);
        CHECK_INT_EQ(id, cases[i].id);
        CHECK_INT_EQ(ticket_verify(key, payload, cases[i].site, site, &kind, &id), K_OK);
        /* The format is exactly as documented: our independent forge()
         * builds the same string. */
        {
            char body[64], expect[TICKET_PAYLOAD_MAX];
            snprintf(body, sizeof body, "KT1.%s.%c.%" PRId64, cases[i].site, cases[i].kind,
                     cases[i].id);
            forge(key, body, expect, sizeof expect);
            CHECK_STR_EQ(payload, expect);
        }
        /* Signing is deterministic. */
        {
            char again[TICKET_PAYLOAD_MAX];
            ticket_sign(key, cases[i].site, cases[i].kind, cases[i].id, again);
            CHECK_STR_EQ(again, payload);
        }
    }

    /* The longest payload is the documented 63 characters. */
    CHECK_INT_EQ(ticket_sign(key, "ABCDEFGHIJ12", 'Z', INT64_MAX, payload), K_OK);
    CHECK_INT_EQ(strlen(payload), 63);

    /* NULL outputs are allowed. */
    CHECK_INT_EQ(ticket_verify(key, payload, NULL, NULL, NULL, NULL), K_OK);

    /* Invalid inputs are not signed. */
    CHECK_INT_EQ(ticket_sign(key, "", 'A', 1, payload), K_ERR_INVALID);
    CHECK_STR_EQ(payload, "");
    CHECK_INT_EQ(ticket_sign(key, "abc", 'A', 1, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "ABCDEFGHIJ123", 'A', 1, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, NULL, 'A', 1, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "S", 'a', 1, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "S", '1', 1, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "S", '.', 1, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "S", 'A', 0, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "S", 'A', -5, payload), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign(key, "S", 'A', INT64_MIN, payload), K_ERR_INVALID);
}

static void test_alterations(void)
{
    char payload[TICKET_PAYLOAD_MAX];
    char site[TICKET_SITE_MAX];
    char kind;
    int64_t id;
    size_t n;
    int accepted = 0, tried = 0;

    ticket_sign(key, "BJCY01", 'A', 1234567, payload);
    n = strlen(payload);

    /* Every single-byte change at every position (NUL is a truncation). */
    for (size_t i = 0; i < n; i++) {
        for (int c = 1; c < 256; c++) {
            char copy[TICKET_PAYLOAD_MAX];
            if ((char)c == payload[i])
                continue;
            memcpy(copy, payload, n + 1);
            copy[i] = (char)c;
            tried++;
            if (verify_n(key, copy, n, NULL) != K_ERR_FORGED)
                accepted++;
        }
    }
    CHECK_INT_EQ(tried, (int)n * 254);
    CHECK_INT_EQ(accepted, 0);

    /* Every truncation, each in a buffer of exactly its size. */
    accepted = 0;
    for (size_t len = 0; len < n; len++) {
        if (verify_n(key, payload, len, NULL) != K_ERR_FORGED)
            accepted++;
    }
    CHECK_INT_EQ(accepted, 0);

    /* Every byte appended, and every byte put in front. */
    accepted = 0;
    for (int c = 1; c < 256; c++) {
        char longer[TICKET_PAYLOAD_MAX + 2];
        snprintf(longer, sizeof longer, "%s%c", payload, c);
        if (verify(key, longer) != K_ERR_FORGED)
            accepted++;
        snprintf(longer, sizeof longer, "%c%s", c, payload);
        if (verify(key, longer) != K_ERR_FORGED)
            accepted++;
    }
    CHECK_INT_EQ(accepted, 0);

    /* Every byte inserted at every position. */
    accepted = 0;
    for (size_t i = 0; i <= n; i++) {
        for (int c = 1; c < 256; c++) {
            char longer[TICKET_PAYLOAD_MAX + 2];
            memcpy(longer, payload, i);
            longer[i] = (char)c;
            memcpy(longer + i + 1, payload + i, n - i + 1);
            if (verify(key, longer) != K_ERR_FORGED)
                accepted++;
        }
    }
    CHECK_INT_EQ(accepted, 0);

    /* Every pair of adjacent bytes swapped (where they differ). */
    accepted = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        char copy[TICKET_PAYLOAD_MAX];
        memcpy(copy, payload, n + 1);
        if (copy[i] == copy[i + 1])
            continue;
        copy[i] = payload[i + 1];
        copy[i + 1] = payload[i];
        if (verify(key, copy) != K_ERR_FORGED)
            accepted++;
    }
    CHECK_INT_EQ(accepted, 0);

    /* Lower case MAC, lower case everything. */
    {
        char lower[TICKET_PAYLOAD_MAX];
        for (size_t i = 0; i <= n; i++)
            lower[i] =
                (payload[i] >= 'A' && payload[i] <= 'Z') ? (char)(payload[i] + 32) : payload[i];
        CHECK_INT_EQ(verify(key, lower), K_ERR_FORGED);
    }

    /* Another key, another site. */
    CHECK_INT_EQ(verify(other_key, payload), K_ERR_FORGED);
    CHECK_INT_EQ(verify_n(key, payload, n, "BJCY02"), K_ERR_FORGED);
    CHECK_INT_EQ(verify_n(key, payload, n, "BJCY0"), K_ERR_FORGED);
    CHECK_INT_EQ(verify_n(key, payload, n, ""), K_ERR_FORGED);
    CHECK_INT_EQ(verify_n(key, payload, n, "BJCY01"), K_OK);

    /* Outputs are cleared when verification fails. */
    CHECK_INT_EQ(ticket_verify(key, payload, NULL, site, &kind, &id), K_OK);
    CHECK_INT_EQ(ticket_verify(other_key, payload, NULL, site, &kind, &id), K_ERR_FORGED);
    CHECK_STR_EQ(site, "");
    CHECK_INT_EQ(kind, 0);
    CHECK_INT_EQ(id, 0);
    CHECK_INT_EQ(ticket_verify(key, NULL, NULL, site, &kind, &id), K_ERR_FORGED);
}

/* Payloads that carry a valid MAC over a non-canonical body: only the parser
 * stands between them and acceptance. */
static void test_noncanonical(void)
{
    static const char *bodies[] = {
        "KT1.BJCY01.A.0042", /* leading zeros */
        "KT1.BJCY01.A.0",    /* id 0 */
        "KT1.BJCY01.A.-1",   /* negative */
        "KT1.BJCY01.A.+1",   /* sign */
        "KT1.BJCY01.A. 1",   /* space */
        "KT1.BJCY01.A.1 ",
        "KT1.BJCY01.A.9223372036854775808",  /* INT64_MAX + 1 */
        "KT1.BJCY01.A.18446744073709551617", /* wraps to 1 in uint64 */
        "KT1.BJCY01.A.99999999999999999999", /* 20 digits */
        "KT1.BJCY01.A.",                     /* no id */
        "KT1.BJCY01.A.1x",
        "KT1.BJCY01.A.0x10",
        "KT1.bjcy01.A.1",        /* lower-case site */
        "KT1.ABCDEFGHIJ123.A.1", /* 13-char site */
        "KT1..A.1",              /* empty site */
        "KT1.BJ-CY.A.1",
        "KT1.BJCY01.a.1",  /* lower-case kind */
        "KT1.BJCY01.AB.1", /* two-letter kind */
        "KT1.BJCY01..1",   /* no kind */
        "KT1.BJCY01.1.1",
        "KT1.BJCY01.A",     /* missing field */
        "KT1.BJCY01.A.1.2", /* extra field */
        "KT1.X.BJCY01.A.1",
        "KT2.BJCY01.A.1", /* wrong version */
        "kt1.BJCY01.A.1",
        "KT1BJCY01.A.1",
        "XKT1.BJCY01.A.1",
        ".KT1.BJCY01.A.1",
        "",
    };
    int accepted = 0;

    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char p[256];
        forge(key, bodies[i], p, sizeof p);
        if (verify(key, p) != K_ERR_FORGED) {
            fprintf(stderr, "    accepted: %s\n", p);
            accepted++;
        }
    }
    CHECK_INT_EQ(accepted, 0);

    /* The MAC field itself in another spelling of the same bytes. */
    {
        char good[TICKET_PAYLOAD_MAX], p[TICKET_PAYLOAD_MAX + 8];
        ticket_sign(key, "BJCY01", 'A', 42, good);
        snprintf(p, sizeof p, "%s=", good); /* base32 padding */
        CHECK_INT_EQ(verify(key, p), K_ERR_FORGED);
        snprintf(p, sizeof p, "%s====", good);
        CHECK_INT_EQ(verify(key, p), K_ERR_FORGED);
        /* Full 32-byte MAC instead of the first 15. */
        {
            unsigned char mac[32];
            char text[64];
            const char *body = "KT1.BJCY01.A.42";
            crypto_auth_hmacsha256(mac, (const unsigned char *)body, strlen(body), key);
            b32(mac, 32, text);
            snprintf(p, sizeof p, "%s.%s", body, text);
            CHECK_INT_EQ(verify(key, p), K_ERR_FORGED);
            b32(mac, 14, text); /* and a shorter one */
            snprintf(p, sizeof p, "%s.%s", body, text);
            CHECK_INT_EQ(verify(key, p), K_ERR_FORGED);
        }
        /* The canonical body made by forge() is accepted: the test's MAC
         * really is the right one, so the refusals above are the parser's. */
        forge(key, "KT1.BJCY01.A.42", p, sizeof p);
        CHECK_INT_EQ(verify(key, p), K_OK);
    }
}

static void test_garbage(void)
{
    static const char alnum[] = "KT1.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789..";
    int accepted = 0;

    for (int i = 0; i < 20000; i++) {
        size_t len = randombytes_uniform(100);
        char *s = malloc(len + 1);
        randombytes_buf(s, len);
        for (size_t j = 0; j < len; j++) {
            if (i % 2 == 0)
                s[j] = alnum[(unsigned char)s[j] % (sizeof alnum - 1)];
            else if (s[j] == '\0')
                s[j] = 'x';
        }
        s[len] = '\0';
        if (ticket_verify(key, s, NULL, NULL, NULL, NULL) != K_ERR_FORGED)
            accepted++;
        free(s);
    }
    CHECK_INT_EQ(accepted, 0);

    /* Shaped like a payload, random MAC. */
    accepted = 0;
    for (int i = 0; i < 20000; i++) {
        unsigned char mac[15];
        char text[32], p[TICKET_PAYLOAD_MAX];
        randombytes_buf(mac, sizeof mac);
        b32(mac, sizeof mac, text);
        snprintf(p, sizeof p, "KT1.BJCY01.A.%d.%s", i + 1, text);
        if (verify(key, p) != K_ERR_FORGED)
            accepted++;
    }
    CHECK_INT_EQ(accepted, 0);

    /* Very long strings, including a valid payload followed by a tail. */
    {
        size_t big = 1u << 22;
        char *s = malloc(big);
        char good[TICKET_PAYLOAD_MAX];
        memset(s, 'A', big - 1);
        s[big - 1] = '\0';
        CHECK_INT_EQ(ticket_verify(key, s, NULL, NULL, NULL, NULL), K_ERR_FORGED);
        ticket_sign(key, "BJCY01", 'A', 7, good);
        memcpy(s, good, strlen(good));
        CHECK_INT_EQ(ticket_verify(key, s, NULL, NULL, NULL, NULL), K_ERR_FORGED);
        s[strlen(good)] = '\0';
        CHECK_INT_EQ(ticket_verify(key, s, NULL, NULL, NULL, NULL), K_OK);
        free(s);
    }
}

static char tmpdir[64];

static KResult write_file(const char *path, const void *data, size_t n, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return K_ERR_IO;
    if (write(fd, data, n) != (ssize_t)n) {
        close(fd);
        return K_ERR_IO;
    }
    close(fd);
    return chmod(path, mode) == 0 ? K_OK : K_ERR_IO;
}

static void test_key_file(void)
{
    char path[128], path2[128], path3[128];
    uint8_t k1[TICKET_KEY_BYTES], k2[TICKET_KEY_BYTES], zero[TICKET_KEY_BYTES] = {0};
    struct stat st;

    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiosk-ticket-XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    snprintf(path, sizeof path, "%s/ticket.key", tmpdir);

    /* Created when missing: 32 bytes, mode 0600 even with a lax umask. */
    {
        mode_t old = umask(0);
        CHECK_INT_EQ(ticket_key_load(path, k1), K_OK);
        umask(old);
    }
    CHECK(stat(path, &st) == 0);
    CHECK_INT_EQ(st.st_mode & 0777, 0600);
    CHECK_INT_EQ(st.st_size, TICKET_KEY_BYTES);
    CHECK(memcmp(k1, zero, sizeof zero) != 0);

    /* Reloaded identical, and the file holds exactly those bytes. */
    CHECK_INT_EQ(ticket_key_load(path, k2), K_OK);
    CHECK(memcmp(k1, k2, sizeof k1) == 0);
    {
        uint8_t raw[TICKET_KEY_BYTES + 1];
        int fd = open(path, O_RDONLY);
        CHECK(fd >= 0);
        CHECK_INT_EQ(read(fd, raw, sizeof raw), TICKET_KEY_BYTES);
        CHECK(memcmp(raw, k1, TICKET_KEY_BYTES) == 0);
        close(fd);
    }
    /* And a payload signed with it verifies with the reloaded copy. */
    {
        char p[TICKET_PAYLOAD_MAX];
        ticket_sign(k1, "S1", 'A', 9, p);
        CHECK_INT_EQ(ticket_verify(k2, p, "S1", NULL, NULL, NULL), K_OK);
    }

    /* Readable by others: refused, and the key output is not left set. */
    CHECK(chmod(path, 0644) == 0);
    memset(k2, 0xAA, sizeof k2);
    CHECK_INT_EQ(ticket_key_load(path, k2), K_ERR_INVALID);
    CHECK(memcmp(k2, zero, sizeof zero) == 0);
    CHECK(chmod(path, 0640) == 0);
    CHECK_INT_EQ(ticket_key_load(path, k2), K_ERR_INVALID);
    CHECK(chmod(path, 0604) == 0);
    CHECK_INT_EQ(ticket_key_load(path, k2), K_ERR_INVALID);
    CHECK(chmod(path, 0400) == 0);
    CHECK_INT_EQ(ticket_key_load(path, k2), K_OK);
    CHECK(memcmp(k1, k2, sizeof k1) == 0);
    CHECK(chmod(path, 0600) == 0);
    CHECK_INT_EQ(ticket_key_load(path, k2), K_OK);

    /* Wrong sizes. */
    snprintf(path2, sizeof path2, "%s/short.key", tmpdir);
    CHECK_INT_EQ(write_file(path2, k1, TICKET_KEY_BYTES - 1, 0600), K_OK);
    CHECK_INT_EQ(ticket_key_load(path2, k2), K_ERR_CORRUPT);
    CHECK_INT_EQ(write_file(path2, k1, 0, 0600), K_OK);
    CHECK_INT_EQ(ticket_key_load(path2, k2), K_ERR_CORRUPT);
    {
        uint8_t more[TICKET_KEY_BYTES + 1] = {0};
        CHECK_INT_EQ(write_file(path2, more, sizeof more, 0600), K_OK);
        CHECK_INT_EQ(ticket_key_load(path2, k2), K_ERR_CORRUPT);
    }
    CHECK(unlink(path2) == 0);

    /* Not a regular file, and a directory that does not exist. */
    snprintf(path3, sizeof path3, "%s/dir.key", tmpdir);
    CHECK(mkdir(path3, 0700) == 0);
    CHECK_INT_EQ(ticket_key_load(path3, k2), K_ERR_INVALID);
    CHECK(rmdir(path3) == 0);
    snprintf(path3, sizeof path3, "%s/missing/ticket.key", tmpdir);
    CHECK_INT_EQ(ticket_key_load(path3, k2), K_ERR_IO);

    /* A second key file gets a different key. */
    snprintf(path3, sizeof path3, "%s/second.key", tmpdir);
    CHECK_INT_EQ(ticket_key_load(path3, k2), K_OK);
    CHECK(memcmp(k1, k2, sizeof k1) != 0);
    CHECK(unlink(path3) == 0);

    CHECK(unlink(path) == 0);
    CHECK(rmdir(tmpdir) == 0);
}

/* Eight processes load the key of a new database at the same moment, round
 * after round: every one succeeds and all hold the same key.  (A key made in
 * two steps, create then write, was read empty by a racer: "key file:
 * corrupt data", three times in 840 starts.) */
#define RACERS 8
#define RACE_ROUNDS 150
static void test_key_race(void)
{
    char dir[] = "/tmp/kiosk-keyrace-XXXXXX", path[128];
    int failed = 0, disagreed = 0, rounds = 0;
    CHECK(mkdtemp(dir) != NULL);
    for (int round = 0; round < RACE_ROUNDS; round++) {
        int go[2], res[2];
        pid_t kids[RACERS];
        snprintf(path, sizeof path, "%s/r%d.db.key", dir, round);
        if (pipe(go) != 0 || pipe(res) != 0) {
            CHECK(!"pipe");
            break;
        }
        for (int i = 0; i < RACERS; i++) {
            kids[i] = fork();
            if (kids[i] == 0) {
                uint8_t rec[1 + TICKET_KEY_BYTES];
                char c;
                close(go[1]);
                /* Wait for the start: the parent closing its end wakes all. */
                while (read(go[0], &c, 1) > 0) {
                }
                rec[0] = (uint8_t)ticket_key_load(path, rec + 1);
                _exit(write(res[1], rec, sizeof rec) == (ssize_t)sizeof rec ? 0 : 1);
            }
        }
        close(go[0]);
        close(go[1]);
        close(res[1]);
        uint8_t first[TICKET_KEY_BYTES];
        bool have_first = false;
        for (int i = 0; i < RACERS; i++) {
            uint8_t rec[1 + TICKET_KEY_BYTES];
            if (read(res[0], rec, sizeof rec) != (ssize_t)sizeof rec) {
                failed++;
                continue;
            }
            if (rec[0] != K_OK)
                failed++;
            else if (!have_first)
                have_first = memcpy(first, rec + 1, sizeof first) != NULL;
            else if (memcmp(first, rec + 1, sizeof first) != 0)
                disagreed++;
        }
        close(res[0]);
        for (int i = 0; i < RACERS; i++)
            waitpid(kids[i], NULL, 0);
        unlink(path);
        rounds++;
    }
    if (failed || disagreed)
        fprintf(stderr, "key race: %d of %d loads failed, %d disagreed\n", failed, rounds * RACERS,
                disagreed);
    CHECK_INT_EQ(rounds, RACE_ROUNDS);
    CHECK_INT_EQ(failed, 0);
    CHECK_INT_EQ(disagreed, 0);
    CHECK(rmdir(dir) == 0);
}

/* A FIFO at the key path is refused at once (it used to block the start
 * for ever, waiting for a writer), and so is a symbolic link. */
static void test_key_not_plain(void)
{
    char dir[] = "/tmp/kiosk-keyfifo-XXXXXX", path[128], link_path[128];
    uint8_t k[TICKET_KEY_BYTES];
    int status = 0;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/fifo.key", dir);
    CHECK(mkfifo(path, 0600) == 0);
    pid_t kid = fork();
    if (kid == 0) {
        alarm(20); /* only so a regression fails instead of hanging ctest */
        _exit((int)ticket_key_load(path, k));
    }
    CHECK(waitpid(kid, &status, 0) == kid);
    CHECK(WIFEXITED(status));
    CHECK_INT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, K_ERR_INVALID);
    CHECK(unlink(path) == 0);

    snprintf(path, sizeof path, "%s/real.key", dir);
    snprintf(link_path, sizeof link_path, "%s/link.key", dir);
    CHECK_INT_EQ(ticket_key_load(path, k), K_OK);
    CHECK(symlink(path, link_path) == 0);
    CHECK_INT_EQ(ticket_key_load(link_path, k), K_ERR_INVALID);
    CHECK(unlink(link_path) == 0);
    CHECK(unlink(path) == 0);
    CHECK(rmdir(dir) == 0);
}

/* The KT2 form: restore generation and nonce signed after the id.  The KT1
 * form stays byte for byte what the first release wrote (tickets printed
 * before keep verifying); the same row id under two generations or two
 * nonces gives two payloads, and neither can be turned into the other. */
static void test_generation(void)
{
    char p0[TICKET_PAYLOAD_MAX], p1[TICKET_PAYLOAD_MAX], p2[TICKET_PAYLOAD_MAX];
    char want[TICKET_PAYLOAD_MAX], site[TICKET_SITE_MAX];
    char kind = 0;
    int64_t id = 0, gen = -1;

    forge(key, "KT1.BJCY01.A.42", want, sizeof want);
    CHECK_INT_EQ(ticket_sign(key, "BJCY01", 'A', 42, p0), K_OK);
    CHECK_STR_EQ(p0, want);
    CHECK_INT_EQ(ticket_verify_gen(key, p0, "BJCY01", site, &kind, &id, &gen), K_OK);
    CHECK_INT_EQ(gen, 0);
    CHECK_INT_EQ(id, 42);

    forge(key, "KT2.BJCY01.A.42.0.AB27", want, sizeof want);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 0, "AB27", p1), K_OK);
    CHECK_STR_EQ(p1, want);
    CHECK_INT_EQ(ticket_verify_gen(key, p1, "BJCY01", site, &kind, &id, &gen), K_OK);
    CHECK_INT_EQ(gen, 0);
    forge(key, "KT2.BJCY01.A.42.1.AB27", want, sizeof want);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "AB27", p1), K_OK);
    CHECK_STR_EQ(p1, want);
    CHECK(strcmp(p0, p1) != 0);
    CHECK_INT_EQ(ticket_verify_gen(key, p1, "BJCY01", site, &kind, &id, &gen), K_OK);
    CHECK_INT_EQ(gen, 1);
    CHECK_INT_EQ(id, 42);
    CHECK_INT_EQ(kind, 'A');
    CHECK_STR_EQ(site, "BJCY01");
    /* ticket_verify accepts both forms (the store decides the rest) */
    CHECK_INT_EQ(ticket_verify(key, p1, NULL, NULL, NULL, NULL), K_OK);

    /* another generation, another nonce: another payload */
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 2, "AB27", p2), K_OK);
    CHECK(strcmp(p1, p2) != 0);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "AB26", p2), K_OK);
    CHECK(strcmp(p1, p2) != 0);
    /* a fresh nonce each time: 20 signings of one id, 20 payloads (a
     * repeat has a chance of 190 in a million) */
    {
        static char seen[20][TICKET_PAYLOAD_MAX];
        int same = 0;
        for (int i = 0; i < 20; i++) {
            CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 0, NULL, seen[i]), K_OK);
            CHECK_INT_EQ(verify(key, seen[i]), K_OK);
            for (int j = 0; j < i; j++)
                same += strcmp(seen[i], seen[j]) == 0;
        }
        CHECK(same <= 1);
    }
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, TICKET_GENERATION_MAX, NULL, p2), K_OK);
    CHECK_INT_EQ(ticket_verify_gen(key, p2, NULL, NULL, NULL, NULL, &gen), K_OK);
    CHECK_INT_EQ(gen, TICKET_GENERATION_MAX);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, TICKET_GENERATION_MAX + 1, NULL, p2),
                 K_ERR_INVALID);
    CHECK_STR_EQ(p2, "");
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, -1, NULL, p2), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "ab27", p2), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "AB1", p2), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "AB271", p2), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "AB18", p2), K_ERR_INVALID);

    /* The longest payload: 78 characters. */
    CHECK_INT_EQ(
        ticket_sign_gen(key, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, p2),
        K_OK);
    CHECK_INT_EQ(strlen(p2), 78);
    CHECK_INT_EQ(ticket_verify(key, p2, NULL, NULL, NULL, NULL), K_OK);

    /* Signed the right way, but not canonical or not ours: refused. */
    static const char *const bodies[] = {
        "KT2.BJCY01.A.42.00.AB27",         /* leading zero */
        "KT2.BJCY01.A.42.01.AB27",         /* leading zero */
        "KT2.BJCY01.A.42.1000000000.AB27", /* ten digits */
        "KT2.BJCY01.A.42.-1.AB27",
        "KT2.BJCY01.A.42.1",     /* no nonce */
        "KT2.BJCY01.A.42.AB27",  /* no generation */
        "KT2.BJCY01.A.42",       /* neither */
        "KT2.BJCY01.A.42.1.AB2", /* short nonce */
        "KT2.BJCY01.A.42.1.AB278",
        "KT2.BJCY01.A.42.1.ab27",
        "KT2.BJCY01.A.42.1.AB01", /* 0 and 1 are not base32 */
        "KT1.BJCY01.A.42.1.AB27", /* KT1 with them */
        "KT3.BJCY01.A.42.1.AB27",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        forge(key, bodies[i], want, sizeof want);
        CHECK_INT_EQ(ticket_verify_gen(key, want, NULL, NULL, NULL, NULL, &gen), K_ERR_FORGED);
        CHECK_INT_EQ(gen, 0);
    }
    /* A generation or a nonce moved: the MAC of one on the other's text. */
    ticket_sign_gen(key, "BJCY01", 'A', 42, 1, "AB27", p1);
    memcpy(p2, p1, sizeof p2);
    p2[strlen("KT2.BJCY01.A.42.")] = '2';
    CHECK_INT_EQ(verify(key, p2), K_ERR_FORGED);
    memcpy(p2, p1, sizeof p2);
    p2[strlen("KT2.BJCY01.A.42.1.")] = 'C';
    CHECK_INT_EQ(verify(key, p2), K_ERR_FORGED);
    /* The KT1 MAC under the KT2 text, and the KT2 one under KT1's. */
    ticket_sign(key, "BJCY01", 'A', 42, p0);
    snprintf(want, sizeof want, "KT2.BJCY01.A.42.1.AB27.%.24s", p0 + strlen("KT1.BJCY01.A.42."));
    CHECK_INT_EQ(verify(key, want), K_ERR_FORGED);
    snprintf(want, sizeof want, "KT1.BJCY01.A.42.%.24s", p1 + strlen("KT2.BJCY01.A.42.1.AB27."));
    CHECK_INT_EQ(verify(key, want), K_ERR_FORGED);
}

int main(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "sodium_init failed\n");
        return 1;
    }
    randombytes_buf(key, sizeof key);
    randombytes_buf(other_key, sizeof other_key);

    test_base32_vectors();
    test_site();
    test_number();
    test_lookup();
    test_round_trip();
    test_generation();
    test_alterations();
    test_noncanonical();
    test_garbage();
    test_key_file();
    test_key_race();
    test_key_not_plain();
    return CHECK_DONE();
}
