/* speech.c - numbers as people say them, for the speech synthesiser
 * (speech.h).  Chinese digits are written as characters, since espeak-ng's
 * Mandarin voice reads "042" as a number ("四十二"); English digits are
 * spaced so each is read on its own. */
#include "kiosk/speech.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/text.h"

static const char *const zh_digit[10] = {"零", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};

static char *start(char *out, size_t cap)
{
    if (cap > 0)
        out[0] = '\0';
    return out;
}

char *speech_zh_number(int n, char *out, size_t cap)
{
    start(out, cap);
    if (n < 0 || n > 99)
        return out;
    if (n < 10) {
        text_append(out, cap, zh_digit[n]);
        return out;
    }
    if (n >= 20)
        text_append(out, cap, zh_digit[n / 10]);
    text_append(out, cap, "十");
    if (n % 10)
        text_append(out, cap, zh_digit[n % 10]);
    return out;
}

/* Each character of text, digits one by one: in Chinese as characters
 * (one_as for 1) with a space only where letters and digits meet ("A 零四二");
 * in English everything spaced ("A 0 4 2").  Other characters than
 * letters and digits are left out. */
static char *say_chars(Lang lang, const char *text, const char *one_as, char *out, size_t cap)
{
    start(out, cap);
    bool prev_digit = false;
    for (const char *p = text; *p; p++) {
        char c = *p;
        bool digit = c >= '0' && c <= '9';
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!digit && !letter)
            continue;
        if (out[0] && (lang == LANG_EN || digit != prev_digit))
            text_append(out, cap, " ");
        prev_digit = digit;
        if (digit && lang == LANG_ZH) {
            text_append(out, cap, c == '1' ? one_as : zh_digit[c - '0']);
        } else {
            char ch[2] = {c, '\0'};
            text_append(out, cap, ch);
        }
    }
    return out;
}

char *speech_ticket(Lang lang, const char *number, char *out, size_t cap)
{
    return say_chars(lang, number, "一", out, cap);
}

char *speech_phone(Lang lang, const char *digits, char *out, size_t cap)
{
    char only[64];
    size_t n = 0;
    for (const char *p = digits; *p && n + 1 < sizeof only; p++)
        if (*p >= '0' && *p <= '9')
            only[n++] = *p;
    only[n] = '\0';
    return say_chars(lang, only, "幺", out, cap);
}

char *speech_time(Lang lang, int hour, int minute, char *out, size_t cap)
{
    start(out, cap);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
        return out;
    if (lang == LANG_EN) {
        if (minute == 0)
            snprintf(out, cap, "%d o'clock", hour);
        else
            snprintf(out, cap, "%d:%02d", hour, minute);
        return out;
    }
    char h[16], m[16];
    /* 2 o'clock is "两点" as people say it */
    text_copy(h, sizeof h, hour == 2 ? "两" : speech_zh_number(hour, h, sizeof h));
    text_append(out, cap, h);
    text_append(out, cap, "点");
    if (minute == 0) {
        text_append(out, cap, "整");
        return out;
    }
    if (minute < 10)
        text_append(out, cap, "零");
    text_append(out, cap, speech_zh_number(minute, m, sizeof m));
    text_append(out, cap, "分");
    return out;
}

char *speech_call(Lang lang, const char *number, int counter, char *out, size_t cap)
{
    char num[64], win[16];
    speech_ticket(lang, number, num, sizeof num);
    if (lang == LANG_EN) {
        snprintf(out, cap, "Number %s, please go to window %d", num, counter);
        return out;
    }
    speech_zh_number(counter, win, sizeof win);
    start(out, cap);
    text_append(out, cap, "请 ");
    text_append(out, cap, num);
    text_append(out, cap, " 号到 ");
    text_append(out, cap, win);
    text_append(out, cap, " 号窗口办理");
    return out;
}

static bool is_code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Numbers said as people say them: a run of capitals and digits with a
 * capital in it (a ticket number A042, a lookup code K7MX9P) one character
 * at a time ("A 零四二"), a run of five digits or more (a phone number)
 * digit by digit with 幺, a time (09:30) as 九点三十分; espeak-ng would read
 * them as a word, a huge number and "09 colon 30".  Shorter numbers (an
 * age, 24 hours) stay numbers. */
char *speech_words(Lang lang, const char *text, char *out, size_t cap)
{
    start(out, cap);
    if (cap == 0)
        return out;
    const char *p = text;
    while (*p) {
        const char *q = p;
        bool letter = false;
        while (is_code_char(*q)) {
            letter = letter || !is_digit(*q);
            q++;
        }
        bool word = (p > text && p[-1] >= 'a' && p[-1] <= 'z') || (*q >= 'a' && *q <= 'z');
        bool after_digit = p > text && is_digit(p[-1]);
        char run[64], said[192];
        size_t n = (size_t)(q - p) < sizeof run - 1 ? (size_t)(q - p) : sizeof run - 1;
        memcpy(run, p, n);
        run[n] = '\0';
        said[0] = '\0';
        if (!letter && (n == 1 || n == 2) && *q == ':' && is_digit(q[1]) && is_digit(q[2]) &&
            !is_digit(q[3]) && !after_digit) {
            int hour = n == 1 ? run[0] - '0' : (run[0] - '0') * 10 + run[1] - '0';
            speech_time(lang, hour, (q[1] - '0') * 10 + q[2] - '0', said, sizeof said);
            if (said[0])
                q += 3;
        } else if (n >= 2 && letter && !word) {
            char close[192];
            speech_ticket(lang, run, close, sizeof close);
            /* letters apart too, so that "XFED" is not read as a word */
            size_t k = 0;
            for (size_t i = 0; close[i] && k + 2 < sizeof said; i++) {
                bool two = i > 0 && close[i] >= 'A' && close[i] <= 'Z' && close[i - 1] >= 'A' &&
                           close[i - 1] <= 'Z';
                if (two)
                    said[k++] = ' ';
                said[k++] = close[i];
            }
            said[k] = '\0';
        } else if (n >= 5 && !letter) {
            speech_phone(lang, run, said, sizeof said);
        }
        if (said[0]) {
            text_append(out, cap, " ");
            text_append(out, cap, said);
            text_append(out, cap, " ");
            p = q;
            continue;
        }
        while (q == p || (*q && !is_code_char(*q)))
            q++; /* what is not a code, as it is */
        size_t len = strlen(out);
        n = (size_t)(q - p);
        if (len + n >= cap) { /* what fits, at a character's boundary */
            n = cap - 1 - len;
            while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(out + len, p, n);
        out[len + n] = '\0';
        p = q;
    }
    return out;
}

char *speech_selected(Lang lang, const char *label, char *out, size_t cap)
{
    start(out, cap);
    static const char mark[] = "\xE2\x9C\x93"; /* U+2713, shown, not said */
    if (strncmp(label, mark, sizeof mark - 1) == 0)
        label += sizeof mark - 1;
    while (*label == ' ')
        label++;
    text_append(out, cap, label);
    text_append(out, cap, lang == LANG_EN ? ", selected" : "，已选");
    return out;
}
