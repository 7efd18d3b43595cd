/* strings.h - every text a resident or staff member reads, per language.
 *
 * One catalogue per language (app/core/strings_zh.c, strings_en.c), indexed
 * by the keys below; screens never hold inline text.  A "{}" in a string is
 * a placeholder that strings_fill() replaces.  test_strings checks that
 * every key has a text in every language. */
#ifndef KIOSK_STRINGS_H
#define KIOSK_STRINGS_H

#include <stddef.h>

/* clang-format off */
#define STRING_KEYS(X) \
    X(S_LANG_SWITCH) X(S_HOME_PROMPT) X(S_HOME_REQUEST) X(S_HOME_REQUEST_SUB) X(S_HOME_PHONE) \
    X(S_BACK) X(S_HOME) X(S_NEXT) X(S_SKIP) \
    X(S_CATEGORY_TITLE) X(S_ISSUE_TITLE) X(S_ISSUE_OTHER) X(S_OTHER) \
    X(S_DESCRIBE_TITLE) X(S_DESCRIBE_HINT) X(S_DESCRIBE_COUNT) X(S_DESCRIBE_EMPTY) \
    X(S_DESCRIBE_CLEAR) \
    X(S_PHONE_TITLE) X(S_PHONE_HINT) X(S_PHONE_EMPTY) X(S_PHONE_SHORT) X(S_PHONE_LONG) \
    X(S_PHONE_MOBILE) X(S_PHONE_AREA) X(S_KEY_DEL) X(S_KEY_OK) \
    X(S_DETAILS_TITLE) X(S_DETAILS_HINT) X(S_NAME_LABEL) X(S_NAME_HINT) X(S_ADDRESS_LABEL) \
    X(S_ADDRESS_PICK) X(S_ADDRESS_CLEAR) \
    X(S_ADDR_BUILDING) X(S_ADDR_UNIT) X(S_ADDR_FLOOR) X(S_ADDR_ROOM) \
    X(S_UNIT_FMT) X(S_FLOOR_FMT) X(S_ROOM_FMT) \
    X(S_URGENCY_TITLE) X(S_URGENCY_HINT) X(S_URGENCY_NORMAL) X(S_URGENCY_URGENT) \
    X(S_FLAGS_HINT) X(S_FLAG_AGED80) X(S_FLAG_DISABLED) X(S_FLAG_ALONE) \
    X(S_REVIEW_TITLE) X(S_REVIEW_CATEGORY) X(S_REVIEW_ISSUE) X(S_REVIEW_DESC) \
    X(S_REVIEW_PHONE) X(S_REVIEW_NAME) X(S_REVIEW_ADDRESS) X(S_REVIEW_URGENCY) \
    X(S_REVIEW_FLAGS) X(S_NOT_GIVEN) X(S_NONE) X(S_CONFIRM) X(S_SAVE_FAILED) \
    X(S_TICKET_TITLE) X(S_TICKET_NUMBER) X(S_TICKET_LOOKUP) X(S_TICKET_RESPONSE) \
    X(S_TICKET_DUE) X(S_TICKET_HINT) X(S_DONE) \
    X(S_IDLE_TITLE) X(S_IDLE_BODY) X(S_IDLE_CONTINUE) \
    X(S_SEP) X(S_COLON) \
    X(S_RECEIPT_REQUEST) X(S_RECEIPT_ISSUED) X(S_RECEIPT_PHONE) \
    X(S_PRINT_AGAIN) X(S_PRINTING) X(S_PRINTED) X(S_PRINT_FAILED) \
    X(S_HOME_BOOK) X(S_HOME_BOOK_SUB) X(S_HOME_CHECK) X(S_SERVICE_TITLE) X(S_DATE_TITLE) \
    X(S_DATE_HINT) X(S_WD_MON) X(S_WD_TUE) X(S_WD_WED) X(S_WD_THU) X(S_WD_FRI) X(S_WD_SAT) \
    X(S_WD_SUN) X(S_TODAY) X(S_TOMORROW) X(S_AVAIL_PLACES) X(S_AVAIL_FULL) \
    X(S_AVAIL_SOON_HOURS) X(S_AVAIL_SOON_DAYS) X(S_AVAIL_STARTED) X(S_AVAIL_NOT_OPEN) \
    X(S_AVAIL_CLOSED) X(S_SLOT_TITLE) X(S_SLOT_HINT) X(S_PERSON_TITLE) X(S_AGE_LABEL) \
    X(S_AGE_BAD) X(S_NAME_OPTIONAL) X(S_HOSPITAL_TITLE) X(S_HOSPITAL_OTHER) X(S_DEPT_TITLE) \
    X(S_ESCORT_TITLE) X(S_PICKUP_STATION) X(S_PICKUP_HOME) X(S_PICKUP_HOSPITAL) \
    X(S_PICKUP_NEEDED) X(S_NEEDS_HINT) X(S_NEED_WHEELCHAIR) X(S_NEED_COMPANION) \
    X(S_NEED_HEARING) X(S_NEED_SIGHT) X(S_CHECKED) X(S_REVIEW_BOOK_TITLE) X(S_REVIEW_SERVICE) \
    X(S_REVIEW_WHEN) X(S_REVIEW_AGE) X(S_REVIEW_HOSPITAL) X(S_REVIEW_DEPT) X(S_REVIEW_PICKUP) \
    X(S_REVIEW_NEEDS) X(S_CONFIRM_BOOK) X(S_REFUSE_FULL) X(S_REFUSE_GONE) \
    X(S_REFUSE_PHONE_SLOT) X(S_REFUSE_PHONE_LIMIT) X(S_REFUSE_NONE_FREE) X(S_REFUSE_SERVICE) \
    X(S_OFFER) X(S_BOOKED_TITLE) X(S_TICKET_WHEN) X(S_TICKET_PLACE) X(S_TICKET_BRING) \
    X(S_BOOKING_TITLE) X(S_BOOKING_STATUS) X(S_BST_BOOKED) X(S_BST_CHECKED_IN) \
    X(S_BST_COMPLETED) X(S_BST_CANCELLED) X(S_BST_NO_SHOW) X(S_BOOKING_CANCEL) \
    X(S_CANCEL_TITLE) X(S_CANCEL_HINT) X(S_CANCEL_BUSY) X(S_CANCEL_ILL) X(S_CANCEL_TIME) \
    X(S_CANCEL_OTHER) X(S_CANCEL_DONE) X(S_CANCEL_LATE) X(S_SCAN_BAD) X(S_SCAN_NO_BOOKING) \
    X(S_CHECK_TITLE) X(S_CHECK_HINT) X(S_RECEIPT_BOOKING) X(S_REQ_FOUND) X(S_PICKUP_HOME_SHORT) X(S_TICKET_PICKUP) X(S_TICKET_BOOK_HINT) X(S_OFFER_HINT) X(S_AGE_HINT) X(S_RECEIPT_BOOKED_AT)
/* clang-format on */

typedef enum {
#define X(k) k,
    STRING_KEYS(X)
#undef X
        S__COUNT
} StringKey;

typedef enum { LANG_ZH = 0, LANG_EN = 1, LANG__COUNT } Lang;

/* The text of key in lang; never NULL (static storage). */
const char *str_get(Lang lang, StringKey key);

/* The raw catalogue entry (NULL when missing), for the completeness test. */
const char *str_raw(Lang lang, StringKey key);

/* The key's name ("S_HOME"), for messages. */
const char *str_key_name(StringKey key);

/* Copies tmpl into out, replacing the first "{}" with value. */
void strings_fill(char *out, size_t cap, const char *tmpl, const char *value);

/* A date for reading: "12月3日 周四" or "Thu 3 Dec" (weekday 0 Monday). */
void strings_date(Lang lang, const char *day, int weekday, char *out, size_t cap);

/* "zh" / "en" and back; unknown codes give LANG_ZH. */
Lang lang_from_code(const char *code);
const char *lang_code(Lang lang);

#endif
