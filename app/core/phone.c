/* phone.c - classifies mainland China phone numbers (see phone.h).
 *
 * The keypad only types digits, so this is about length and prefixes:
 *   mobile        1[3-9] + 9 digits                       11 digits
 *   with area     01X / 02X + 8 digits                    11 digits
 *   code          0[3-9]XX + 7 or 8 digits                11 or 12 digits
 *   local         [2-9] + 6 or 7 digits                   7 or 8 digits
 * The result says what is wrong so the screen can say it in words; a number
 * that is a prefix of a valid one is "too short", not "bad". */
#include "kiosk/phone.h"

#include <stddef.h>
#include <string.h>

PhoneCheck phone_check(const char *digits)
{
    size_t n = 0;

    if (digits == NULL || digits[0] == '\0')
        return PHONE_EMPTY;
    /* Stop counting once it is too long for any form: nothing after that can
     * change the answer except a non-digit, and "too long" is as true. */
    while (n <= PHONE_MAX_DIGITS && digits[n] != '\0') {
        if (digits[n] < '0' || digits[n] > '9')
            return PHONE_NOT_DIGITS;
        n++;
    }
    if (n > PHONE_MAX_DIGITS)
        return PHONE_TOO_LONG;

    if (digits[0] == '1') {
        if (n >= 2 && digits[1] < '3')
            return PHONE_BAD_MOBILE_PREFIX;
        if (n < 11)
            return PHONE_TOO_SHORT;
        return n == 11 ? PHONE_OK : PHONE_TOO_LONG;
    }
    if (digits[0] == '0') {
        if (n >= 2 && digits[1] == '0')
            return PHONE_BAD_AREA_CODE; /* 00 is the international prefix */
        if (n < 11)
            return PHONE_TOO_SHORT;
        if (digits[1] == '1' || digits[1] == '2')
            return n == 11 ? PHONE_OK : PHONE_TOO_LONG; /* 0XX + 8 */
        return PHONE_OK; /* 0XXX + 7 or 8: 11 or 12, both in range here */
    }
    if (n < 7)
        return PHONE_TOO_SHORT;
    return n <= 8 ? PHONE_OK : PHONE_TOO_LONG;
}

void phone_mask(const char *digits, char *out, size_t cap)
{
    static const char stars[] = "****";
    char buf[sizeof stars + 4];
    size_t n = 0, len = 0, keep;

    if (out == NULL || cap == 0)
        return;
    if (digits != NULL)
        n = strlen(digits);
    /* Always four stars, whatever the length: the mask shows which number
     * it is to the person who owns it and nothing about its kind. */
    memcpy(buf, stars, 4);
    len = 4;
    keep = n < 4 ? n : 4;
    for (size_t i = n - keep; i < n; i++) {
        char c = digits[i];
        buf[len++] = (c >= '0' && c <= '9') ? c : '*';
    }
    if (len > cap - 1)
        len = (size_t)cap - 1;
    memcpy(out, buf, len);
    out[len] = '\0';
}
