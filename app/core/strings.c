/* strings.c - looks texts up in the per-language catalogues. */
#include "strings_int.h"

#include <stdbool.h>
#include <stdio.h>
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

void strings_date(Lang lang, const char *day, int weekday, char *out, size_t cap)
{
    static const StringKey wd[7] = {S_WD_MON, S_WD_TUE, S_WD_WED, S_WD_THU,
                                    S_WD_FRI, S_WD_SAT, S_WD_SUN};
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    if (cap == 0)
        return;
    if (!day || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || weekday < 0 ||
        weekday > 6) {
        text_copy(out, cap, day ? day : "");
        return;
    }
    if (lang == LANG_EN)
        snprintf(out, cap, "%s %d %s", str_get(lang, wd[weekday]), d, months[m - 1]);
    else
        snprintf(out, cap, "%d月%d日 %s", m, d, str_get(lang, wd[weekday]));
}

Lang lang_from_code(const char *code)
{
    return (code && strcmp(code, "en") == 0) ? LANG_EN : LANG_ZH;
}

const char *lang_code(Lang lang)
{
    return lang == LANG_EN ? "en" : "zh";
}
