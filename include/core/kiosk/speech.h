/* speech.h - what the kiosk says aloud, as text for a speech synthesiser:
 * numbers written the way people say them, so the synthesiser does not
 * read "A042" as "A forty-two" or a phone number as one big number.
 *
 * Pure functions on strings (no audio, no SDL): tested in test_speech.c.
 * Each writes a NUL-terminated text into out (cap bytes, truncated at a
 * character boundary) and returns out. */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stddef.h>

#include "kiosk/strings.h"

/* A ticket number letter by letter, digit by digit: "A042" -> "A 零四二"
 * (zh), "A 0 4 2" (en). */
char *speech_ticket(Lang lang, const char *number, char *out, size_t cap);

/* Phone digits one by one, 1 said 幺 as on the telephone in Chinese:
 * "13800138000" -> "幺三八零零幺三八零零零"; en "1 3 8 0 ...".  Other
 * characters are left out. */
char *speech_phone(Lang lang, const char *digits, char *out, size_t cap);

/* A time of day: 9:30 -> "九点三十分", 9:00 -> "九点整", 10:05 -> "十点零五分"
 * (zh); "9:30", "9 o'clock" (en).  hour 0-23, minute 0-59 (others give ""). */
char *speech_time(Lang lang, int hour, int minute, char *out, size_t cap);

/* A number 0-99 in Chinese words: 0 "零", 10 "十", 12 "十二", 20 "二十",
 * 35 "三十五"; others give "". */
char *speech_zh_number(int n, char *out, size_t cap);

/* The board's call: "请 Q 零一二 号到 二 号窗口办理" (zh), "Number Q 0 1 2,
 * please go to window 2" (en). */
char *speech_call(Lang lang, const char *number, int counter, char *out, size_t cap);

/* A screen's text as it is to be said, numbers as people say them: a run
 * of capitals and digits with a capital in it (a ticket number, a lookup
 * code) one character at a time as speech_ticket, a run of five digits or
 * more (a phone number) as speech_phone, a time (09:30) as speech_time;
 * espeak-ng would read them as a word, a huge number and "09 colon 30".
 * Shorter numbers (an age, 24 hours) and everything else stay as they are.
 * Truncated at a character's boundary when out (cap bytes) is full. */
char *speech_words(Lang lang, const char *text, char *out, size_t cap);

/* A chosen option (a widget shown selected) with its state in words:
 * "✓ 紧急" -> "紧急，已选" (zh), "✓ Urgent" -> "Urgent, selected" (en); the
 * check mark the screen shows is left out. */
char *speech_selected(Lang lang, const char *label, char *out, size_t cap);

#endif
