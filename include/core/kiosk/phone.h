/* phone.h - mainland China phone numbers as a resident types them.
 *
 * Accepted: mobile numbers (11 digits, 1[3-9]...), landlines with area code
 * (0 + 1X/2X + 8 digits, or 0 + [3-9]XX + 7 or 8 digits: 010-12345678,
 * 0755-1234567, so 11 or 12 digits in all) and local landlines without area
 * code (7 or 8 digits, not starting with 0 or 1).  Only digits are given;
 * the keypad has nothing else. */
#ifndef KIOSK_PHONE_H
#define KIOSK_PHONE_H

#include <stddef.h>

typedef enum {
    PHONE_OK = 0,
    PHONE_EMPTY,
    PHONE_NOT_DIGITS,
    PHONE_TOO_SHORT,
    PHONE_TOO_LONG,
    PHONE_BAD_MOBILE_PREFIX, /* starts with 1 but not 13-19 */
    PHONE_BAD_AREA_CODE      /* starts with 0 but no valid area code form */
} PhoneCheck;

#define PHONE_MAX_DIGITS 12

/* Classifies digits; never reads past its NUL. */
PhoneCheck phone_check(const char *digits);

/* The last four digits of a phone number, for tickets and lookups: writes
 * exactly four '*' and then the last four characters (fewer when shorter;
 * a non-digit shows as '*') into out: "13812345678" -> "****5678".  The
 * length of the number is not revealed.  cap >= 16 recommended; a smaller
 * cap truncates. */
void phone_mask(const char *digits, char *out, size_t cap);

#endif
