/* request.h - a resident's request (诉求) as the kiosk collects it.
 *
 * Plain data: fixed-size buffers, no pointers, so a draft can be wiped with
 * one call and copied by assignment.  Lengths are in bytes of UTF-8 and
 * include the NUL. */
#ifndef KIOSK_REQUEST_H
#define KIOSK_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#define REQ_CODE_MAX 24
#define REQ_DESC_CHARS 200 /* visible limit, in characters */
#define REQ_DESC_MAX 801   /* REQ_DESC_CHARS * 4 + 1 */
#define REQ_NAME_CHARS 20
#define REQ_NAME_MAX 81
#define REQ_PHONE_MAX 16
#define REQ_ADDR_MAX 32
#define REQ_TOKEN_MAX 33

enum { URGENCY_NORMAL = 0, URGENCY_URGENT = 1 };

enum { FLAG_AGED80 = 1u << 0, FLAG_DISABLED = 1u << 1, FLAG_ALONE = 1u << 2 };

typedef struct {
    char category[REQ_CODE_MAX]; /* category code from the site config */
    char issue[REQ_CODE_MAX];    /* issue code, or "other" */
    char description[REQ_DESC_MAX];
    char phone[REQ_PHONE_MAX]; /* digits only */
    char name[REQ_NAME_MAX];
    char building[REQ_ADDR_MAX]; /* address picker codes; "" when not given */
    char unit[REQ_ADDR_MAX];
    char room[REQ_ADDR_MAX];
    int urgency;               /* URGENCY_* */
    unsigned flags;            /* FLAG_* */
    char token[REQ_TOKEN_MAX]; /* random per draft: one request per draft */
    char sms[3];               /* texts about it: "" no, "zh"/"en" yes in that language */
} RequestDraft;

/* Starts a new, empty draft with a fresh random token. */
void request_draft_init(RequestDraft *d);

/* Wipes every byte of the draft (sodium_memzero), so nothing a resident
 * entered stays in memory after an idle reset. */
void request_draft_wipe(RequestDraft *d);

/* Why a draft cannot be submitted yet. */
typedef enum {
    DRAFT_OK = 0,
    DRAFT_NO_CATEGORY,
    DRAFT_NO_ISSUE,
    DRAFT_NO_DESCRIPTION, /* issue "other" needs a description */
    DRAFT_BAD_PHONE,
    DRAFT_BAD_TEXT /* not valid UTF-8 or too long */
} DraftCheck;

/* Checks, in this order: every text field (and the token) is terminated
 * inside its buffer and valid UTF-8, and the token is the 32 lowercase hex
 * of request_draft_init (else DRAFT_BAD_TEXT); category; issue; "other" has
 * a description that is not only white space; the phone passes phone_check;
 * description <= REQ_DESC_CHARS and name <= REQ_NAME_CHARS code points
 * (else DRAFT_BAD_TEXT).  urgency and flags are not checked. */
DraftCheck request_draft_check(const RequestDraft *d);

/* Request statuses as stored; the staff issue adds the workflow around them. */
#define REQ_STATUS_SUBMITTED "submitted"

#endif
