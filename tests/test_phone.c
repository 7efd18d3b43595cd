/* test_phone.c - unit tests for app/core/phone.c: a table of numbers as a
 * resident would type them, every length for every leading digit, and the
 * mask. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kiosk/phone.h"

static void test_table(void)
{
    static const struct {
        const char *digits;
        PhoneCheck want;
    } cases[] = {
        {"", PHONE_EMPTY},
        {"13812345678", PHONE_OK},
        {"19912345678", PHONE_OK},
        {"16612345678", PHONE_OK},
        {"1381234567", PHONE_TOO_SHORT},
        {"138123456789", PHONE_TOO_LONG},
        {"12812345678", PHONE_BAD_MOBILE_PREFIX},
        {"10812345678", PHONE_BAD_MOBILE_PREFIX},
        {"11812345678", PHONE_BAD_MOBILE_PREFIX},
        {"12", PHONE_BAD_MOBILE_PREFIX},
        {"1", PHONE_TOO_SHORT},
        {"13", PHONE_TOO_SHORT},
        {"01012345678", PHONE_OK},         /* Beijing 010 + 8 */
        {"02112345678", PHONE_OK},         /* Shanghai 021 + 8 */
        {"0101234567", PHONE_TOO_SHORT},   /* 010 + 7 */
        {"010123456789", PHONE_TOO_LONG},  /* 010 + 9 */
        {"07551234567", PHONE_OK},         /* 0755 + 7 */
        {"075512345678", PHONE_OK},        /* 0755 + 8 */
        {"0755123456", PHONE_TOO_SHORT},   /* 0755 + 6 */
        {"0755123456789", PHONE_TOO_LONG}, /* 13 digits */
        {"09981234567", PHONE_OK},
        {"03111234567", PHONE_OK},
        {"00861234567", PHONE_BAD_AREA_CODE},
        {"00", PHONE_BAD_AREA_CODE},
        {"0", PHONE_TOO_SHORT},
        {"1234567", PHONE_BAD_MOBILE_PREFIX}, /* local numbers never start with 1 */
        {"2345678", PHONE_OK},
        {"23456789", PHONE_OK},
        {"93456789", PHONE_OK},
        {"234567", PHONE_TOO_SHORT},
        {"234567890", PHONE_TOO_LONG},
        {"138-1234-5678", PHONE_NOT_DIGITS},
        {"1381234567a", PHONE_NOT_DIGITS},
        {" 13812345678", PHONE_NOT_DIGITS},
        {"+8613812345678", PHONE_NOT_DIGITS},
        {"１３８", PHONE_NOT_DIGITS}, /* full-width digits */
        {"1234567890123456789", PHONE_TOO_LONG},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PhoneCheck got = phone_check(cases[i].digits);
        if (got != cases[i].want)
            fprintf(stderr, "    case \"%s\"\n", cases[i].digits);
        CHECK_INT_EQ(got, cases[i].want);
    }
    CHECK_INT_EQ(phone_check(NULL), PHONE_EMPTY);
}

/* For each leading digit and each length 1..14, the exact set of lengths
 * that are accepted. */
static void test_lengths(void)
{
    for (int lead = 0; lead <= 9; lead++) {
        for (size_t len = 1; len <= 14; len++) {
            char *s = malloc(len + 1); /* exact size: ASan sees any overread */
            bool want;
            s[0] = (char)('0' + lead);
            for (size_t i = 1; i < len; i++)
                s[i] = '5';
            s[len] = '\0';
            if (lead == 1)
                want = len == 11; /* 15... is a valid mobile prefix */
            else if (lead == 0)
                want = len == 11 || len == 12; /* 055X area code + 7 or 8 */
            else
                want = len == 7 || len == 8;
            CHECK((phone_check(s) == PHONE_OK) == want);
            if (len > PHONE_MAX_DIGITS)
                CHECK_INT_EQ(phone_check(s), PHONE_TOO_LONG);
            free(s);
        }
    }
}

static void test_mask(void)
{
    char out[16];

    phone_mask("13812345678", out, sizeof out);
    CHECK_STR_EQ(out, "****5678");
    phone_mask("075512345678", out, sizeof out);
    CHECK_STR_EQ(out, "****5678");
    phone_mask("2345678", out, sizeof out);
    CHECK_STR_EQ(out, "****5678");
    phone_mask("12", out, sizeof out);
    CHECK_STR_EQ(out, "****12");
    phone_mask("", out, sizeof out);
    CHECK_STR_EQ(out, "****");
    phone_mask(NULL, out, sizeof out);
    CHECK_STR_EQ(out, "****");
    phone_mask("13812345a7b", out, sizeof out);
    CHECK_STR_EQ(out, "****5*7*");
    /* Nothing but the last four digits survives. */
    phone_mask("13800001234", out, sizeof out);
    CHECK(strstr(out, "138") == NULL && strstr(out, "0000") == NULL);

    /* A small buffer truncates instead of overflowing. */
    {
        char small[5];
        phone_mask("13812345678", small, sizeof small);
        CHECK_STR_EQ(small, "****");
        phone_mask("13812345678", small, 1);
        CHECK_STR_EQ(small, "");
    }
}

int main(void)
{
    test_table();
    test_lengths();
    test_mask();
    return CHECK_DONE();
}
