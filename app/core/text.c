/* text.c - bounded UTF-8 helpers (see text.h).
 *
 * Everything the kiosk stores or shows passes through fixed-size buffers, so
 * these helpers are the one place that knows how to cut, count and check
 * UTF-8.  The decoder is strict (RFC 3629): no overlong forms, no UTF-16
 * surrogates, nothing above U+10FFFF.  It reads a continuation byte only
 * after checking the previous one, so it never reads past a NUL. */
#include "kiosk/text.h"

#include <assert.h>
#include <string.h>

/* Decodes one well-formed sequence at s.  Returns its length in bytes (1-4)
 * and stores the code point in *cp, or returns 0 when s does not start with a
 * well-formed sequence (including at the NUL, which callers test first).
 * The ranges of the second byte are those of RFC 3629's table, which is what
 * rules out overlongs (C0, C1, E0 80-9F, F0 80-8F), surrogates (ED A0-BF)
 * and code points above U+10FFFF (F4 90-BF, F5-FF). */
static int utf8_decode(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    unsigned lo = 0x80, hi = 0xBF;
    int len;
    unsigned v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0; /* stray continuation byte, C0, C1 or F5-FF */
    }
    for (int i = 1; i < len; i++) {
        unsigned b = s[i];
        if (b < lo || b > hi)
            return 0; /* also stops at a NUL: 0 is never in range */
        v = (v << 6) | (b & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return len;
}

static bool is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The number of bytes of src (of length n) that fit into room bytes without
 * splitting a sequence.  A sequence has at most three continuation bytes, so
 * at most three steps back; on malformed text the cut may still land inside
 * garbage, which is no worse than the garbage itself. */
static size_t cut_point(const char *src, size_t n, size_t room)
{
    size_t k;

    if (n <= room)
        return n;
    k = room;
    for (int steps = 0; steps < 3 && k > 0 && is_continuation((unsigned char)src[k]); steps++)
        k--;
    if (is_continuation((unsigned char)src[k]))
        return room;
    return k;
}

bool text_copy(char *dst, size_t cap, const char *src)
{
    size_t n, k;

    assert(dst != NULL && src != NULL);
    if (cap == 0)
        return false;
    n = strnlen(src, cap); /* n == cap means "does not fit"; no need to know more */
    k = cut_point(src, n, cap - 1);
    memmove(dst, src, k);
    dst[k] = '\0';
    return k == n; /* n == cap never equals k, which is at most cap - 1 */
}

bool text_append(char *dst, size_t cap, const char *src)
{
    size_t len;

    assert(dst != NULL && src != NULL);
    if (cap == 0)
        return false;
    len = strnlen(dst, cap);
    assert(len < cap); /* dst must already be a terminated string */
    if (len >= cap)
        return false;
    return text_copy(dst + len, cap - len, src);
}

bool text_valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned cp;

    if (s == NULL)
        return false;
    while (*p != '\0') {
        int len = utf8_decode(p, &cp);
        if (len == 0)
            return false;
        p += len;
    }
    return true;
}

unsigned text_next_cp(const char **s)
{
    const unsigned char *p;
    unsigned cp;
    int len;

    assert(s != NULL && *s != NULL);
    p = (const unsigned char *)*s;
    if (*p == '\0')
        return 0;
    len = utf8_decode(p, &cp);
    if (len == 0) {
        *s += 1;
        return 0xFFFD;
    }
    *s += len;
    return cp;
}

size_t text_length(const char *s)
{
    size_t n = 0;

    assert(s != NULL);
    while (text_next_cp(&s) != 0)
        n++;
    return n;
}

void text_pop_char(char *s)
{
    size_t n, p;
    unsigned cp;

    assert(s != NULL);
    n = strlen(s);
    if (n == 0)
        return;
    /* Find where the last sequence would start, then make sure it really is
     * one sequence running to the end; otherwise the last byte is garbage
     * and goes alone, as text_next_cp would count it. */
    p = n - 1;
    while (p > 0 && n - p < 4 && is_continuation((unsigned char)s[p]))
        p--;
    if ((size_t)utf8_decode((const unsigned char *)s + p, &cp) == n - p)
        s[p] = '\0';
    else
        s[n - 1] = '\0';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void text_trim(char *s)
{
    size_t start = 0, end;

    assert(s != NULL);
    end = strlen(s);
    while (end > 0 && is_space(s[end - 1]))
        end--;
    while (start < end && is_space(s[start]))
        start++;
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
}

/* Appends n bytes to the JSON output; false when they do not fit with room
 * left for the closing quote and the NUL. */
static bool json_put(char *dst, size_t cap, size_t *len, const char *bytes, size_t n)
{
    if (cap < 2 || *len + n > cap - 2)
        return false;
    memcpy(dst + *len, bytes, n);
    *len += n;
    return true;
}

/* The two-character escape of c, or NULL when c has none. */
static const char *json_short_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return NULL;
    }
}

bool text_json_quote(char *dst, size_t cap, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t len = 0;

    assert(dst != NULL && s != NULL);
    if (cap < 3) /* "" plus the NUL */
        goto fail;
    dst[len++] = '"';
    while (*p != '\0') {
        unsigned cp;
        int n = 1;
        bool ok;
        const char *short_esc = json_short_escape(*p);

        if (short_esc) {
            ok = json_put(dst, cap, &len, short_esc, 2);
        } else if (*p < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0x0F]};
            ok = json_put(dst, cap, &len, esc, 6);
        } else if ((n = utf8_decode(p, &cp)) == 0) {
            /* Malformed bytes would make the whole document invalid JSON;
             * one replacement character per bad byte keeps it parseable and
             * shows something broke. */
            ok = json_put(dst, cap, &len, "\\ufffd", 6);
            n = 1;
        } else {
            ok = json_put(dst, cap, &len, (const char *)p, (size_t)n);
        }
        if (!ok)
            goto fail;
        p += n;
    }
    dst[len++] = '"';
    dst[len] = '\0';
    return true;

fail:
    /* Never leave half a literal behind that someone might still send. */
    if (cap > 0)
        dst[0] = '\0';
    return false;
}
