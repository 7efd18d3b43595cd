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
    X(S_PRINT_AGAIN) X(S_PRINTING) X(S_PRINTED) X(S_PRINT_FAILED)
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

/* "zh" / "en" and back; unknown codes give LANG_ZH. */
Lang lang_from_code(const char *code);
const char *lang_code(Lang lang);

#endif
