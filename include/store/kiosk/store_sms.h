/* store_sms.h - the texts' outbox, consent and opt-outs (schema 14,
 * issue 23; docs/sms.md).
 *
 * Texts of requests and bookings are queued by the schema's triggers in
 * the transaction of their cause; other features queue theirs with
 * store_sms_queue inside their own transaction.  The kiosk's worker
 * (app_sms.c) takes the due ones (store_sms_due), writes each into smsd's
 * outgoing folder and marks it handed (store_sms_handed), then follows
 * smsd's sent and failed folders (store_sms_report).  Every call is one
 * statement or one transaction of its own unless it says otherwise. */
#ifndef KIOSK_STORE_SMS_H
#define KIOSK_STORE_SMS_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/result.h"
#include "kiosk/sms.h"
#include "kiosk/store.h"

typedef struct {
    int64_t id;
    char kind[24];
    char phone[16];
    char lang[4];
    char params[SMS_PARAMS_MAX + 1];
    char ref_kind[17];
    int64_t ref_id;
    bool urgent;
    char state[12]; /* queued, handed, sent, failed, cancelled */
    int attempts;   /* files written so far */
    int64_t not_before, expires_at, created_at, updated_at;
    int64_t handed_at, done_at; /* 0: not yet */
    char body[SMS_BODY_MAX];
    char error[SMS_REASON_MAX + 1];
} SmsRow;

typedef struct {
    int queued, handed, sent, failed, cancelled;
    int64_t last_sent_at;     /* 0: never */
    int64_t oldest_handed_at; /* 0: none waiting for smsd */
    char last_error[SMS_REASON_MAX + 1];
    bool enabled;
} SmsCounts;

/* Sets what the triggers need from [sms]: whether texts are queued at
 * all, and the reminder's time (minutes after midnight).  Called by
 * whoever opens the store with a configuration (kiosk, admin). */
KResult store_sms_setup(Store *s, bool enabled, int remind_at);

/* Queues one text of kind (sms_kind_name) for phone in lang ("zh"/"en"),
 * params as "key=value" lines (sms.h), caused by ref_kind/ref_id (once per
 * kind and cause: a second call for the same cause queues nothing), not
 * before not_before (0: at once), cancelled if not handed by expires_at (0:
 * never).  Runs inside the caller's transaction when there is one (call it
 * between the caller's BEGIN and COMMIT so that the text and its cause are
 * one).  Queues nothing, with *queued false and K_OK, when texts are off,
 * the number is no mobile or has no consent (sms_consent at 1). */
KResult store_sms_queue(Store *s, SmsKind kind, const char *phone, const char *lang,
                        const char *params, const char *ref_kind, int64_t ref_id, bool urgent,
                        int64_t not_before, int64_t expires_at, int64_t now, bool *queued);

/* A staff test text to phone (no consent asked: staff type their own
 * number), urgent; *id the new row.  K_ERR_INVALID for a number that is no
 * mobile; K_ERR_UNSUPPORTED when texts are off. */
KResult store_sms_test(Store *s, const char *phone, const char *lang, int64_t now, int64_t *id);

/* Consent by number: on (lang the texts' language) or off.  Off cancels
 * every queued text to the number in the same transaction.  source:
 * "kiosk", "reply" (a TD reply), "staff".  *cancelled: how many. */
KResult store_sms_consent_set(Store *s, const char *phone, bool on, const char *lang,
                              const char *source, int64_t now, int *cancelled);
/* The consent given on the phone screen by a feature whose table has no
 * trigger for it (activities, volunteers): one statement, run inside the
 * caller's transaction (with the row it saves), lang "zh"/"en". */
KResult store_sms_consent_give(Store *s, const char *phone, const char *lang, int64_t now);
/* *consent: 1 yes, 0 opted out, -1 never asked. */
KResult store_sms_consent_get(Store *s, const char *phone, int *consent);

/* Queued texts due at now, urgent first then oldest, at most max; queued
 * texts past their expiry are cancelled first. */
KResult store_sms_due(Store *s, int64_t now, SmsRow *out, int max, int *count);
/* Texts handed to smsd and not yet reported, at most max. */
KResult store_sms_handed_list(Store *s, SmsRow *out, int max, int *count);
/* Texts handed to phone since since (a local midnight). */
KResult store_sms_count_since(Store *s, const char *phone, int64_t since, int *count);
/* Attempt `attempt` of a queued text was written as body: handed.
 * K_ERR_NOT_FOUND when the text is no longer queued at attempt-1 (opted out
 * meanwhile, or another worker got there first). */
KResult store_sms_handed(Store *s, int64_t id, int attempt, const char *body, int64_t now);
/* Defers a queued text to not_before (quiet hours, the daily limit). */
KResult store_sms_defer(Store *s, int64_t id, int64_t not_before, int64_t now);
/* Drops a queued text that cannot be written (no mobile, a template that
 * does not fit): failed at once with why. */
KResult store_sms_drop(Store *s, int64_t id, const char *why, int64_t now);
/* smsd's report on attempt `attempt` of a handed text: sent, or failed
 * with reason; a failure is queued again retry_minutes later while
 * attempts <= retries, else it stays failed.  A report for another attempt
 * or a text no longer handed changes nothing (K_OK). */
KResult store_sms_report(Store *s, int64_t id, int attempt, bool sent, const char *reason,
                         int64_t now, int retries, int retry_minutes);
/* Staff: a failed text queued again for one more attempt.  K_ERR_INVALID
 * when it is not failed (a cancelled one is never sent again). */
KResult store_sms_retry(Store *s, int64_t id, int64_t now);

KResult store_sms_get(Store *s, int64_t id, SmsRow *out);
typedef int (*StoreSmsFn)(const SmsRow *r, void *user);
/* Newest first; state NULL for all. */
KResult store_sms_list(Store *s, const char *state, int limit, StoreSmsFn fn, void *user);
KResult store_sms_counts(Store *s, SmsCounts *out);

#endif
