/* test_request.c - unit tests for app/core/request.c: fresh tokens, the
 * wipe, and each reason request_draft_check gives, including drafts whose
 * buffers are not terminated at all. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kiosk/request.h"
#include "kiosk/text.h"

static bool is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
}

/* A draft that passes: the base every other case changes one thing in. */
static void good_draft(RequestDraft *d)
{
    request_draft_init(d);
    text_copy(d->category, sizeof d->category, "water");
    text_copy(d->issue, sizeof d->issue, "leak");
    text_copy(d->phone, sizeof d->phone, "13812345678");
}

static void test_init(void)
{
    RequestDraft a, b;

    memset(&a, 0x5A, sizeof a);
    request_draft_init(&a);
    request_draft_init(&b);
    CHECK_INT_EQ(strlen(a.token), REQ_TOKEN_MAX - 1);
    CHECK(is_lower_hex(a.token, REQ_TOKEN_MAX - 1));
    CHECK(is_lower_hex(b.token, REQ_TOKEN_MAX - 1));
    CHECK(strcmp(a.token, b.token) != 0);
    CHECK_STR_EQ(a.category, "");
    CHECK_STR_EQ(a.description, "");
    CHECK_STR_EQ(a.room, "");
    CHECK_INT_EQ(a.urgency, URGENCY_NORMAL);
    CHECK_INT_EQ(a.flags, 0);
    /* Every byte after each field's NUL is zero too (nothing left over). */
    CHECK(a.description[REQ_DESC_MAX - 1] == '\0');
    CHECK(a.name[REQ_NAME_MAX - 1] == '\0');

    /* Many tokens, all distinct and all 32 lowercase hex. */
    {
        static char seen[200][REQ_TOKEN_MAX];
        int bad = 0, dup = 0;
        for (int i = 0; i < 200; i++) {
            RequestDraft d;
            request_draft_init(&d);
            if (strlen(d.token) != REQ_TOKEN_MAX - 1 || !is_lower_hex(d.token, REQ_TOKEN_MAX - 1))
                bad++;
            memcpy(seen[i], d.token, REQ_TOKEN_MAX);
            for (int j = 0; j < i; j++) {
                if (strcmp(seen[j], seen[i]) == 0)
                    dup++;
            }
        }
        CHECK_INT_EQ(bad, 0);
        CHECK_INT_EQ(dup, 0);
    }
}

static void test_wipe(void)
{
    RequestDraft d;
    const unsigned char *p;
    size_t nonzero = 0;

    good_draft(&d);
    p = (const unsigned char *)&d;
    text_copy(d.description, sizeof d.description, "楼道灯坏了");
    text_copy(d.name, sizeof d.name, "王");
    d.urgency = URGENCY_URGENT;
    d.flags = FLAG_AGED80 | FLAG_ALONE;
    request_draft_wipe(&d);
    for (size_t i = 0; i < sizeof d; i++) {
        if (p[i] != 0)
            nonzero++;
    }
    CHECK_INT_EQ(nonzero, 0);
    request_draft_wipe(NULL); /* does nothing */
    /* A wiped draft has no token and cannot be submitted by mistake. */
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);
}

static void test_checks(void)
{
    RequestDraft d;

    good_draft(&d);
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);

    good_draft(&d);
    d.category[0] = '\0';
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_NO_CATEGORY);

    good_draft(&d);
    d.issue[0] = '\0';
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_NO_ISSUE);

    good_draft(&d);
    text_copy(d.issue, sizeof d.issue, "other");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_NO_DESCRIPTION);
    text_copy(d.description, sizeof d.description, " \t\r\n  ");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_NO_DESCRIPTION);
    text_copy(d.description, sizeof d.description, "  漏水 ");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);
    CHECK_STR_EQ(d.description, "  漏水 "); /* the check does not edit the draft */

    /* A known issue needs no description. */
    good_draft(&d);
    d.description[0] = '\0';
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);

    good_draft(&d);
    d.phone[0] = '\0';
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_PHONE);
    text_copy(d.phone, sizeof d.phone, "12812345678");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_PHONE);
    text_copy(d.phone, sizeof d.phone, "075512345678");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);
    text_copy(d.phone, sizeof d.phone, "2345678");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);
}

static void fill_chars(char *buf, size_t cap, const char *ch, size_t count)
{
    size_t fitted = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < count; i++)
        fitted += text_append(buf, cap, ch);
    CHECK_INT_EQ(fitted, count);
}

static void test_lengths(void)
{
    RequestDraft d;

    /* 200 four-byte characters: 800 bytes, the whole buffer, and allowed. */
    good_draft(&d);
    fill_chars(d.description, sizeof d.description, "\xF0\x9F\x98\x80", REQ_DESC_CHARS);
    CHECK_INT_EQ(strlen(d.description), REQ_DESC_MAX - 1);
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);

    good_draft(&d);
    fill_chars(d.description, sizeof d.description, "修", REQ_DESC_CHARS);
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);
    CHECK(text_append(d.description, sizeof d.description, "x"));
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT); /* 201 characters */

    good_draft(&d);
    fill_chars(d.name, sizeof d.name, "\xF0\x9F\x98\x80", REQ_NAME_CHARS);
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_OK);

    good_draft(&d);
    fill_chars(d.name, sizeof d.name, "a", REQ_NAME_CHARS + 1);
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);
}

static void test_bad_text(void)
{
    RequestDraft d;

    good_draft(&d);
    text_copy(d.building, sizeof d.building, "3\xC0\xAF");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);

    good_draft(&d);
    text_copy(d.description, sizeof d.description, "\xED\xA0\x80"); /* surrogate */
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);

    good_draft(&d);
    text_copy(d.name, sizeof d.name, "\xF4\x90\x80\x80");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);

    /* Buffers with no NUL at all are refused.  ASan cannot see a read that
     * runs into the next field of the same struct, so the result is what is
     * checked here; the heap case below puts the last field near the end of
     * an allocation, where an overread would be caught. */
#define UNTERMINATED(field)                                                                        \
    do {                                                                                           \
        good_draft(&d);                                                                            \
        memset(d.field, 'a', sizeof d.field);                                                      \
        CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);                                     \
    } while (0)
    UNTERMINATED(category);
    UNTERMINATED(issue);
    UNTERMINATED(description);
    UNTERMINATED(phone);
    UNTERMINATED(name);
    UNTERMINATED(building);
    UNTERMINATED(unit);
    UNTERMINATED(room);
    UNTERMINATED(token);
#undef UNTERMINATED

    /* A draft never initialised has no token. */
    memset(&d, 0, sizeof d);
    text_copy(d.category, sizeof d.category, "water");
    text_copy(d.issue, sizeof d.issue, "leak");
    text_copy(d.phone, sizeof d.phone, "13812345678");
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);
    good_draft(&d);
    d.token[0] = 'A'; /* upper case is not ours */
    CHECK_INT_EQ(request_draft_check(&d), DRAFT_BAD_TEXT);

    /* The last field of the struct, unterminated and followed by nothing
     * but the struct's end: checked on a heap copy of exact size. */
    {
        RequestDraft *h = malloc(sizeof *h);
        good_draft(h);
        memset(h->token, 'f', sizeof h->token);
        CHECK_INT_EQ(request_draft_check(h), DRAFT_BAD_TEXT);
        free(h);
    }
}

int main(void)
{
    test_init();
    test_wipe();
    test_checks();
    test_lengths();
    test_bad_text();
    return CHECK_DONE();
}
