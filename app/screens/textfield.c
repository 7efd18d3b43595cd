/* textfield.c - bounded UTF-8 editing for free-text fields. */
#include "textfield.h"

#include <string.h>

#include "kiosk/text.h"

bool textfield_insert(char *buf, size_t cap, size_t max_chars, const char *utf8)
{
    bool added = false;
    size_t len = strlen(buf);
    size_t chars = text_length(buf);
    const char *p = utf8;
    while (*p && chars < max_chars) {
        const char *start = p;
        unsigned cp = text_next_cp(&p);
        size_t n = (size_t)(p - start);
        if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD)
            continue; /* no control characters or broken bytes in stored text */
        if (len + n + 1 > cap)
            break;
        memcpy(buf + len, start, n);
        len += n;
        buf[len] = '\0';
        chars++;
        added = true;
    }
    return added;
}

bool textfield_key(char *buf, const char *key)
{
    if (strcmp(key, "Backspace") == 0) {
        text_pop_char(buf);
        return true;
    }
    return false;
}
