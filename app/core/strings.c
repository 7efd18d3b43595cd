/* strings.c - looks texts up in the per-language catalogues. */
#include "strings_int.h"

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

void strings_fill(char *out, size_t cap, const char *tmpl, const char *value)
{
    const char *hole = strstr(tmpl, "{}");
    if (!hole) {
        text_copy(out, cap, tmpl);
        return;
    }
    char head[512];
    size_t n = (size_t)(hole - tmpl);
    if (n >= sizeof head)
        n = sizeof head - 1;
    memcpy(head, tmpl, n);
    head[n] = '\0';
    text_copy(out, cap, head);
    text_append(out, cap, value);
    text_append(out, cap, hole + 2);
}

Lang lang_from_code(const char *code)
{
    return (code && strcmp(code, "en") == 0) ? LANG_EN : LANG_ZH;
}

const char *lang_code(Lang lang)
{
    return lang == LANG_EN ? "en" : "zh";
}
