/* test_text.c - unit tests for app/core/text.c.
 *
 * The validator is compared with an independent reference over every code
 * point and every one-, two- and three-byte sequence, so "strict" is checked
 * rather than assumed.  Buffers are heap-allocated at their exact size where
 * it matters, so ASan catches a read or write one byte too far. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kiosk/text.h"

/* Encodes cp the naive way (any value up to 0x1FFFFF, surrogates too). */
static int encode(unsigned cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reference validator written differently from text.c: decode by the bit
 * pattern of the lead byte, then reject by value (overlong, surrogate,
 * range).  s has n bytes, none of them NUL. */
static int reference_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], cp, min;
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

static void test_every_code_point(void)
{
    int wrong_valid = 0, wrong_decode = 0, wrong_len = 0;

    for (unsigned cp = 1; cp <= 0x10FFFF; cp++) {
        char buf[8];
        const char *p = buf;
        int n = encode(cp, (unsigned char *)buf);
        int surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        buf[n] = '\0';
        if (text_valid_utf8(buf) != !surrogate)
            wrong_valid++;
        if (!surrogate) {
            if (text_next_cp(&p) != cp || p != buf + n)
                wrong_decode++;
            if (text_length(buf) != 1)
                wrong_len++;
        } else if (text_next_cp(&p) != 0xFFFD || p != buf + 1) {
            wrong_decode++;
        }
    }
    CHECK_INT_EQ(wrong_valid, 0);
    CHECK_INT_EQ(wrong_decode, 0);
    CHECK_INT_EQ(wrong_len, 0);

    /* Just above the range, in the four-byte form. */
    {
        char buf[8];
        int n = encode(0x110000, (unsigned char *)buf);
        buf[n] = '\0';
        CHECK(!text_valid_utf8(buf));
    }
}

static void test_all_short_sequences(void)
{
    int mismatches = 0;
    unsigned char b[4];

    for (unsigned x = 1; x < 256; x++) {
        b[0] = (unsigned char)x;
        b[1] = 0;
        if (text_valid_utf8((char *)b) != reference_valid(b, 1))
            mismatches++;
    }
    for (unsigned x = 1; x < 256; x++) {
        for (unsigned y = 1; y < 256; y++) {
            b[0] = (unsigned char)x;
            b[1] = (unsigned char)y;
            b[2] = 0;
            if (text_valid_utf8((char *)b) != reference_valid(b, 2))
                mismatches++;
        }
    }
    for (unsigned x = 0xC0; x < 256; x++) { /* leads only: the rest is covered above */
        for (unsigned y = 1; y < 256; y++) {
            for (unsigned z = 1; z < 256; z++) {
                b[0] = (unsigned char)x;
                b[1] = (unsigned char)y;
                b[2] = (unsigned char)z;
                b[3] = 0;
                if (text_valid_utf8((char *)b) != reference_valid(b, 3))
                    mismatches++;
            }
        }
    }
    CHECK_INT_EQ(mismatches, 0);

    /* Four-byte sequences: every lead with random tails. */
    {
        uint32_t seed = 12345;
        int bad = 0;
        for (int i = 0; i < 2000000; i++) {
            unsigned char s[5];
            seed = seed * 1103515245u + 12345u;
            s[0] = (unsigned char)(0xF0 + (seed >> 8) % 16);
            s[1] = (unsigned char)(1 + (seed >> 12) % 255);
            seed = seed * 1103515245u + 12345u;
            s[2] = (unsigned char)(1 + (seed >> 8) % 255);
            s[3] = (unsigned char)(1 + (seed >> 16) % 255);
            s[4] = 0;
            if (text_valid_utf8((char *)s) != reference_valid(s, 4))
                bad++;
        }
        CHECK_INT_EQ(bad, 0);
    }
}

static void test_known_cases(void)
{
    static const char *valid[] = {
        "",
        "abc",
        "\x7F",
        "\xC2\x80",
        "\xDF\xBF",
        "\xE0\xA0\x80",
        "\xED\x9F\xBF",
        "\xEE\x80\x80",
        "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80",
        "\xF4\x8F\xBF\xBF",
        "朝阳区 3号楼",
        "\xF0\x9F\x98\x80",
    };
    static const char *invalid[] = {
        "\x80",
        "\xBF",
        "\xC0\x80",
        "\xC1\xBF",
        "\xC2",
        "\xC2\x41",
        "\xE0\x80\x80",
        "\xE0\x9F\xBF",
        "\xED\xA0\x80",
        "\xED\xBF\xBF",
        "\xE4\xB8",
        "\xF0\x80\x80\x80",
        "\xF0\x8F\xBF\xBF",
        "\xF4\x90\x80\x80",
        "\xF5\x80\x80\x80",
        "\xFF",
        "\xFE",
        "ok\xE4\xB8",
        "\xF0\x90\x80",
        "\xED\xA0\x80\xED\xB0\x80", /* CESU pair */
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        CHECK(text_valid_utf8(valid[i]));
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        CHECK(!text_valid_utf8(invalid[i]));
    CHECK(!text_valid_utf8(NULL));

    CHECK_INT_EQ(text_length(""), 0);
    CHECK_INT_EQ(text_length("abc"), 3);
    CHECK_INT_EQ(text_length("中文ab"), 4);
    CHECK_INT_EQ(text_length("\xF0\x9F\x98\x80x"), 2);
    CHECK_INT_EQ(text_length("a\xE4\xB8"), 3); /* bad bytes count one each */
}

static void test_next_cp(void)
{
    const char *s = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\x80z";
    const char *p = s;

    CHECK_INT_EQ(text_next_cp(&p), 'a');
    CHECK_INT_EQ(text_next_cp(&p), 0xE9);
    CHECK_INT_EQ(text_next_cp(&p), 0x4E2D);
    CHECK_INT_EQ(text_next_cp(&p), 0x1F600);
    CHECK_INT_EQ(text_next_cp(&p), 0xFFFD);
    CHECK(p == s + 11);
    CHECK_INT_EQ(text_next_cp(&p), 'z');
    CHECK_INT_EQ(text_next_cp(&p), 0);
    CHECK_INT_EQ(text_next_cp(&p), 0); /* stays at the end */
    CHECK(p == s + 12);

    /* A truncated sequence at the end: one bad byte, then the tail byte. */
    {
        char *t = malloc(3);
        const char *q = t;
        memcpy(t, "\xE4\xB8", 3);
        CHECK_INT_EQ(text_next_cp(&q), 0xFFFD);
        CHECK_INT_EQ(text_next_cp(&q), 0xFFFD);
        CHECK_INT_EQ(text_next_cp(&q), 0);
        free(t);
    }
}

static void test_copy(void)
{
    const char *src = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"; /* a é 中 😀 = 1+2+3+4 */
    size_t n = strlen(src);
    /* Expected length of dst for each capacity. */
    static const size_t want[] = {0, 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10};
    char big[4];

    for (size_t cap = 1; cap <= n + 2; cap++) {
        char *dst = malloc(cap);
        bool all = text_copy(dst, cap, src);
        CHECK_INT_EQ(strlen(dst), want[cap]);
        CHECK(memcmp(dst, src, strlen(dst)) == 0);
        CHECK(text_valid_utf8(dst));
        CHECK(all == (cap > n));
        free(dst);
    }
    CHECK(!text_copy(big, 0, "x"));
    CHECK(text_copy(big, 1, ""));
    CHECK_STR_EQ(big, "");
    CHECK(text_copy(big, sizeof big, "abc"));
    CHECK_STR_EQ(big, "abc");
    CHECK(!text_copy(big, sizeof big, "abcd"));
    CHECK_STR_EQ(big, "abc");

    /* A source much longer than cap: only cap bytes of it are looked at. */
    {
        char dst[5];
        char *huge = malloc(100000);
        memset(huge, 'x', 99999);
        huge[99999] = '\0';
        CHECK(!text_copy(dst, sizeof dst, huge));
        CHECK_STR_EQ(dst, "xxxx");
        free(huge);
    }

    /* Malformed input: a run of continuation bytes is cut without looping. */
    {
        char dst[4];
        CHECK(!text_copy(dst, sizeof dst, "\x80\x80\x80\x80\x80\x80"));
        CHECK_INT_EQ(strlen(dst), 3);
    }
}

static void test_append(void)
{
    char buf[10];

    text_copy(buf, sizeof buf, "ab");
    CHECK(text_append(buf, sizeof buf, "中"));
    CHECK_STR_EQ(buf, "ab中");
    CHECK(text_append(buf, sizeof buf, "c"));
    CHECK_STR_EQ(buf, "ab中c");
    /* 6 bytes used, room for 3 more: "文" fits, "d" after it does not. */
    CHECK(!text_append(buf, sizeof buf, "文d"));
    CHECK_STR_EQ(buf, "ab中c文");
    CHECK(text_append(buf, sizeof buf, ""));
    CHECK(!text_append(buf, sizeof buf, "f"));
    CHECK_STR_EQ(buf, "ab中c文");

    /* Room for two bytes: a three-byte character is left out whole. */
    text_copy(buf, sizeof buf, "1234567");
    CHECK(!text_append(buf, sizeof buf, "文"));
    CHECK_STR_EQ(buf, "1234567");
    CHECK(text_append(buf, sizeof buf, "\xC3\xA9"));
    CHECK_STR_EQ(buf, "1234567\xC3\xA9");
    CHECK(!text_append(buf, 0, "x"));
}

static void test_pop(void)
{
    char s[32];

    text_copy(s, sizeof s, "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
    text_pop_char(s);
    CHECK_STR_EQ(s, "a\xC3\xA9\xE4\xB8\xAD");
    text_pop_char(s);
    CHECK_STR_EQ(s, "a\xC3\xA9");
    text_pop_char(s);
    CHECK_STR_EQ(s, "a");
    text_pop_char(s);
    CHECK_STR_EQ(s, "");
    text_pop_char(s);
    CHECK_STR_EQ(s, "");

    /* Garbage goes one byte at a time, as text_next_cp counts it. */
    text_copy(s, sizeof s, "x\xE4\xB8");
    text_pop_char(s);
    CHECK_STR_EQ(s, "x\xE4");
    text_pop_char(s);
    CHECK_STR_EQ(s, "x");
    text_copy(s, sizeof s, "\x80\x80\x80\x80\x80");
    text_pop_char(s);
    CHECK_STR_EQ(s, "\x80\x80\x80\x80");
    text_copy(s, sizeof s, "\xC3\xA9\xA9");
    text_pop_char(s);
    CHECK_STR_EQ(s, "\xC3\xA9");
}

static void test_trim(void)
{
    char s[32];

    text_copy(s, sizeof s, "  \t\n 你好 world \r\n ");
    text_trim(s);
    CHECK_STR_EQ(s, "你好 world");
    text_copy(s, sizeof s, " \t\n");
    text_trim(s);
    CHECK_STR_EQ(s, "");
    text_copy(s, sizeof s, "");
    text_trim(s);
    CHECK_STR_EQ(s, "");
    text_copy(s, sizeof s, "x");
    text_trim(s);
    CHECK_STR_EQ(s, "x");
    /* U+3000 (ideographic space) is not ASCII white space and stays. */
    text_copy(s, sizeof s, "\xE3\x80\x80x ");
    text_trim(s);
    CHECK_STR_EQ(s, "\xE3\x80\x80x");
}

static void test_json(void)
{
    char out[64];

    CHECK(text_json_quote(out, sizeof out, ""));
    CHECK_STR_EQ(out, "\"\"");
    CHECK(text_json_quote(out, sizeof out, "a\"b\\c"));
    CHECK_STR_EQ(out, "\"a\\\"b\\\\c\"");
    CHECK(text_json_quote(out, sizeof out, "\b\f\n\r\t\x01\x1F/"));
    CHECK_STR_EQ(out, "\"\\b\\f\\n\\r\\t\\u0001\\u001f/\"");
    CHECK(text_json_quote(out, sizeof out, "楼 3"));
    CHECK_STR_EQ(out, "\"楼 3\"");
    CHECK(text_json_quote(out, sizeof out, "a\xC0\x80z"));
    CHECK_STR_EQ(out, "\"a\\ufffd\\ufffdz\"");
    CHECK(text_valid_utf8(out));

    /* Exactly enough room succeeds; one byte less fails and leaves "". */
    {
        const char *s = "x\"中\n";
        const char *want = "\"x\\\"中\\n\"";
        size_t need = strlen(want) + 1;
        for (size_t cap = 0; cap <= need + 1; cap++) {
            char *dst = malloc(cap ? cap : 1);
            bool ok = text_json_quote(dst, cap, s);
            CHECK(ok == (cap >= need));
            if (ok)
                CHECK_STR_EQ(dst, want);
            else if (cap > 0)
                CHECK_STR_EQ(dst, "");
            free(dst);
        }
    }
}

int main(void)
{
    test_known_cases();
    test_every_code_point();
    test_all_short_sequences();
    test_next_cp();
    test_copy();
    test_append();
    test_pop();
    test_trim();
    test_json();
    return CHECK_DONE();
}
