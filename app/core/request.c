/* request.c - a resident's request draft: creation, wiping and the checks
 * that decide whether it may be submitted (see request.h).
 *
 * The draft is plain data filled in by the screens, one field at a time, so
 * request_draft_check trusts nothing: every buffer is checked to be
 * terminated inside its own size before anything reads it as a string. */
#include "kiosk/request.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "kiosk/phone.h"
#include "kiosk/text.h"

#define TOKEN_BYTES ((REQ_TOKEN_MAX - 1) / 2)

void request_draft_init(RequestDraft *d)
{
    unsigned char raw[TOKEN_BYTES];

    assert(d != NULL);
    /* sodium_init() fails only when the system has no entropy source, and
     * then libsodium's randombytes_buf() would abort anyway rather than
     * return weak bytes; saying so here keeps that visible.  Startup calls
     * ticket_key_load(), which reports the same failure as a KResult first. */
    if (sodium_init() < 0)
        abort();
    sodium_memzero(d, sizeof *d);
    d->urgency = URGENCY_NORMAL;
    d->flags = 0;
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(d->token, sizeof d->token, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

void request_draft_wipe(RequestDraft *d)
{
    if (d != NULL)
        sodium_memzero(d, sizeof *d);
}

/* A field is usable text when it ends inside its buffer and is valid UTF-8. */
static bool field_ok(const char *buf, size_t size)
{
    return memchr(buf, '\0', size) != NULL && text_valid_utf8(buf);
}

static bool token_ok(const char *token)
{
    for (size_t i = 0; i < REQ_TOKEN_MAX - 1; i++) {
        char c = token[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return token[REQ_TOKEN_MAX - 1] == '\0';
}

/* true when s has something besides ASCII white space (text_trim's set). */
static bool has_content(const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return true;
    }
    return false;
}

DraftCheck request_draft_check(const RequestDraft *d)
{
    assert(d != NULL);
    /* Structure first: nothing below may read a field that is not a string. */
    if (!field_ok(d->category, sizeof d->category) || !field_ok(d->issue, sizeof d->issue) ||
        !field_ok(d->description, sizeof d->description) || !field_ok(d->phone, sizeof d->phone) ||
        !field_ok(d->name, sizeof d->name) || !field_ok(d->building, sizeof d->building) ||
        !field_ok(d->unit, sizeof d->unit) || !field_ok(d->room, sizeof d->room) ||
        !token_ok(d->token))
        return DRAFT_BAD_TEXT;

    if (d->category[0] == '\0')
        return DRAFT_NO_CATEGORY;
    if (d->issue[0] == '\0')
        return DRAFT_NO_ISSUE;
    if (strcmp(d->issue, "other") == 0 && !has_content(d->description))
        return DRAFT_NO_DESCRIPTION;
    if (phone_check(d->phone) != PHONE_OK)
        return DRAFT_BAD_PHONE;
    if (text_length(d->description) > REQ_DESC_CHARS || text_length(d->name) > REQ_NAME_CHARS)
        return DRAFT_BAD_TEXT;
    return DRAFT_OK;
}
