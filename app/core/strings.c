/* strings.c - looks texts up in the per-language catalogues. */
#include "strings_int.h"

#include <stdbool.h>
#include <string.h>

#include "kiosk/text.h"

static const char *const *const catalogues[LANG__COUNT] = {strings_zh, strings_en};

static const char *const key_names[S__COUNT] = {
#define X(k) #k,
    STRING_KEYS(X)
#undef X
};

const char *str_raw(Lang lang, StringKey key)
{
    if ((unsigned)lang >= LANG__COUNT || (unsigned)key >= S__COUNT)
        return NULL;
    return catalogues[lang][key];
}

const char *str_get(Lang lang, StringKey key)
{
    const char *s = str_raw(lang, key);
    if (!s)
        s = str_raw(LANG_ZH, key);
    return s ? s : "?";
}

const char *str_key_name(StringKey key)
{
    return (unsigned)key < S__COUNT ? key_names[key] : "?";
}

/* Appends len bytes of src to out (used bytes so far, capacity cap), whole
 * characters only; returns false when not all of it fitted. */
static bool append_chars(char *out, size_t cap, size_t *used, const char *src, size_t len)
{
    const char *p = src, *end = src + len;
    while (p < end) {
        const char *start = p;
        text_next_cp(&p);
        if (p > end)
            p = end;
        size_t n = (size_t)(p - start);
        if (*used + n + 1 > cap)
            return false;
        memcpy(out + *used, start, n);
        *used += n;
        out[*used] = '\0';
    }
    return true;
}

void strings_fill(char *out, size_t cap, const char *tmpl, const char *value)
{
    if (cap == 0)
        return;
    out[0] = '\0';
    size_t used = 0;
    const char *hole = strstr(tmpl, "{}");
    if (!hole) {
        append_chars(out, cap, &used, tmpl, strlen(tmpl));
        return;
    }
    /* Each part goes in only when everything before it fitted, so a short
     * buffer holds a true prefix of the whole text. */
    if (append_chars(out, cap, &used, tmpl, (size_t)(hole - tmpl)) &&
        append_chars(out, cap, &used, value, strlen(value)))
        append_chars(out, cap, &used, hole + 2, strlen(hole + 2));
}

Lang lang_from_code(const char *code)
{
    return (code && strcmp(code, "en") == 0) ? LANG_EN : LANG_ZH;
}

const char *lang_code(Lang lang)
{
    return lang == LANG_EN ? "en" : "zh";
}
