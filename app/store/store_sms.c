/* store_sms.c - the texts' outbox, consent and opt-outs (store_sms.h).
 *
 * Texts are few (a handful per booking or request), so the statements here
 * are prepared per call rather than held in a slot array of Store. */
#include "kiosk/store_sms.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/text.h"
#include "store_int.h"

#define SMS_COLUMNS                                                                                \
    "id, kind, phone, lang, params, ref_kind, ref_id, urgent, state, attempts, not_before,"        \
    " expires_at, created_at, updated_at, coalesce(handed_at, 0), coalesce(done_at, 0), body,"     \
    " error"

static KResult prep(Store *s, const char *sql, sqlite3_stmt **st, const char *what)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*st);
        *st = NULL;
        return store_db_fail(s, rc, what);
    }
    return K_OK;
}

/* Steps a statement without rows and finalizes it. */
static KResult exec_done(Store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    KResult r = (rc == SQLITE_DONE) ? K_OK : store_db_fail(s, rc, what);
    sqlite3_finalize(st);
    return r;
}

static void read_row(sqlite3_stmt *st, SmsRow *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, r->kind, sizeof r->kind);
    store_col_text(st, 2, r->phone, sizeof r->phone);
    store_col_text(st, 3, r->lang, sizeof r->lang);
    store_col_text(st, 4, r->params, sizeof r->params);
    store_col_text(st, 5, r->ref_kind, sizeof r->ref_kind);
    r->ref_id = sqlite3_column_int64(st, 6);
    r->urgent = sqlite3_column_int(st, 7) != 0;
    store_col_text(st, 8, r->state, sizeof r->state);
    r->attempts = sqlite3_column_int(st, 9);
    r->not_before = sqlite3_column_int64(st, 10);
    r->expires_at = sqlite3_column_int64(st, 11);
    r->created_at = sqlite3_column_int64(st, 12);
    r->updated_at = sqlite3_column_int64(st, 13);
    r->handed_at = sqlite3_column_int64(st, 14);
    r->done_at = sqlite3_column_int64(st, 15);
    store_col_text(st, 16, r->body, sizeof r->body);
    store_col_text(st, 17, r->error, sizeof r->error);
}

const char *sms_consent_lang(const char *sms)
{
    if (sms && strcmp(sms, "zh") == 0)
        return "zh";
    if (sms && strcmp(sms, "en") == 0)
        return "en";
    return "";
}

static bool lang_ok(const char *lang)
{
    return lang && (strcmp(lang, "zh") == 0 || strcmp(lang, "en") == 0);
}

KResult store_sms_setup(Store *s, bool enabled, int remind_at)
{
    if (s->readonly)
        return K_OK;
    if (remind_at < 0 || remind_at > 1439)
        return store_invalid(s, "the reminder's time must be within a day");
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "UPDATE sms_settings SET enabled = ?1, remind_at = ?2 WHERE id = 1"
                     " AND (enabled <> ?1 OR remind_at <> ?2)",
                     &st, "set up texts");
    if (r != K_OK)
        return r;
    sqlite3_bind_int(st, 1, enabled ? 1 : 0);
    sqlite3_bind_int(st, 2, remind_at);
    return exec_done(s, st, "set up texts");
}

static KResult insert(Store *s, SmsKind kind, const char *phone, const char *lang,
                      const char *params, const char *ref_kind, int64_t ref_id, bool urgent,
                      int64_t not_before, int64_t expires_at, int64_t now, bool need_consent,
                      bool *queued, int64_t *id)
{
    *queued = false;
    if (kind < 0 || kind >= SMS_KIND_COUNT || !lang_ok(lang) || !phone)
        return store_invalid(s, "a text needs a kind, a number and zh or en");
    if (!params)
        params = "";
    if (!ref_kind)
        ref_kind = "";
    if (strlen(params) > SMS_PARAMS_MAX || strlen(ref_kind) > 16 || !text_valid_utf8(params))
        return store_invalid(s, "a text's parameters are too long");
    if (!sms_phone_ok(phone))
        return K_OK; /* a landline cannot take texts */
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind,"
                     " ref_id, urgent, not_before, expires_at, created_at, updated_at)"
                     " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10"
                     " WHERE (SELECT enabled FROM sms_settings WHERE id = 1) = 1"
                     " AND (?11 = 0 OR EXISTS (SELECT 1 FROM sms_consent c"
                     " WHERE c.phone = ?2 AND c.consent = 1))",
                     &st, "queue a text");
    if (r != K_OK)
        return r;
    sqlite3_bind_text(st, 1, sms_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, lang, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, params, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, ref_kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, ref_id);
    sqlite3_bind_int(st, 7, urgent ? 1 : 0);
    sqlite3_bind_int64(st, 8, not_before);
    sqlite3_bind_int64(st, 9, expires_at);
    sqlite3_bind_int64(st, 10, now);
    sqlite3_bind_int(st, 11, need_consent ? 1 : 0);
    r = exec_done(s, st, "queue a text");
    if (r == K_OK && sqlite3_changes(s->db) > 0) {
        *queued = true;
        if (id)
            *id = sqlite3_last_insert_rowid(s->db);
    }
    return r;
}

KResult store_sms_queue(Store *s, SmsKind kind, const char *phone, const char *lang,
                        const char *params, const char *ref_kind, int64_t ref_id, bool urgent,
                        int64_t not_before, int64_t expires_at, int64_t now, bool *queued)
{
    bool q = false;
    KResult r = insert(s, kind, phone, lang, params, ref_kind, ref_id, urgent, not_before,
                       expires_at, now, true, &q, NULL);
    if (queued)
        *queued = q;
    return r;
}

KResult store_sms_test(Store *s, const char *phone, const char *lang, int64_t now, int64_t *id)
{
    if (!sms_phone_ok(phone))
        return store_invalid(s, "a test text needs a mainland mobile number (11 digits, 1...)");
    bool q = false;
    *id = 0;
    KResult r =
        insert(s, SMS_TEST, phone, lang, "", "", 0, true, 0, now + 86400, now, false, &q, id);
    if (r == K_OK && !q) {
        snprintf(s->err, sizeof s->err, "texts are off: [sms] daemon is not set");
        return K_ERR_UNSUPPORTED;
    }
    return r;
}

KResult store_sms_consent_set(Store *s, const char *phone, bool on, const char *lang,
                              const char *source, int64_t now, int *cancelled)
{
    if (cancelled)
        *cancelled = 0;
    if (!phone || strlen(phone) < 5 || strlen(phone) > 15)
        return store_invalid(s, "not a phone number");
    if (!lang_ok(lang))
        lang = "zh";
    KResult r = store_begin(s, "change consent to texts");
    if (r != K_OK)
        return r;
    sqlite3_stmt *st = NULL;
    r = prep(s,
             "INSERT INTO sms_consent (phone, consent, lang, source, updated_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (phone) DO UPDATE SET"
             " consent = excluded.consent, source = excluded.source,"
             " updated_at = excluded.updated_at,"
             " lang = CASE WHEN excluded.consent = 1 THEN excluded.lang ELSE lang END",
             &st, "change consent to texts");
    if (r == K_OK) {
        sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, on ? 1 : 0);
        sqlite3_bind_text(st, 3, lang, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, source, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, now);
        r = exec_done(s, st, "change consent to texts");
    }
    if (r == K_OK && !on) {
        r = prep(s,
                 "UPDATE sms_outbox SET state = 'cancelled', error = 'opted out',"
                 " updated_at = ?2, done_at = ?2 WHERE phone = ?1 AND state = 'queued'",
                 &st, "cancel texts");
        if (r == K_OK) {
            sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 2, now);
            r = exec_done(s, st, "cancel texts");
            if (r == K_OK && cancelled)
                *cancelled = sqlite3_changes(s->db);
        }
    }
    if (r != K_OK) {
        store_rollback(s);
        return r;
    }
    return store_commit(s, "change consent to texts");
}

KResult store_sms_consent_give(Store *s, const char *phone, const char *lang, int64_t now)
{
    if (!phone || strlen(phone) < 5 || strlen(phone) > 15 || !lang_ok(lang))
        return store_invalid(s, "consent needs a phone number and zh or en");
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "INSERT INTO sms_consent (phone, consent, lang, source, updated_at)"
                     " VALUES (?1, 1, ?2, 'kiosk', ?3) ON CONFLICT (phone) DO UPDATE SET"
                     " consent = 1, lang = excluded.lang, source = 'kiosk',"
                     " updated_at = excluded.updated_at",
                     &st, "record consent to texts");
    if (r != K_OK)
        return r;
    sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, lang, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    return exec_done(s, st, "record consent to texts");
}

KResult store_sms_consent_get(Store *s, const char *phone, int *consent)
{
    *consent = -1;
    sqlite3_stmt *st = NULL;
    KResult r = prep(s, "SELECT consent FROM sms_consent WHERE phone = ?1", &st, "read consent");
    if (r != K_OK)
        return r;
    sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *consent = sqlite3_column_int(st, 0);
    else if (rc != SQLITE_DONE)
        r = store_db_fail(s, rc, "read consent");
    sqlite3_finalize(st);
    return r;
}

/* Rows of a query with ?1 bound to an integer (or unbound) into out. */
static KResult rows(Store *s, const char *sql, int64_t arg, bool bind, SmsRow *out, int max,
                    int *count, const char *what)
{
    *count = 0;
    sqlite3_stmt *st = NULL;
    KResult r = prep(s, sql, &st, what);
    if (r != K_OK)
        return r;
    if (bind)
        sqlite3_bind_int64(st, 1, arg);
    while (*count < max && store_next_row(s, st, &r, what))
        read_row(st, &out[(*count)++]);
    sqlite3_finalize(st);
    return r;
}

KResult store_sms_due(Store *s, int64_t now, SmsRow *out, int max, int *count)
{
    *count = 0;
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "UPDATE sms_outbox SET state = 'cancelled', error = 'too late',"
                     " updated_at = ?1, done_at = ?1"
                     " WHERE state = 'queued' AND expires_at > 0 AND expires_at <= ?1",
                     &st, "cancel late texts");
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, now);
        r = exec_done(s, st, "cancel late texts");
    }
    if (r != K_OK)
        return r;
    return rows(s,
                "SELECT " SMS_COLUMNS " FROM sms_outbox WHERE state = 'queued'"
                " AND not_before <= ?1 ORDER BY urgent DESC, id LIMIT 64",
                now, true, out, max, count, "read due texts");
}

KResult store_sms_handed_list(Store *s, SmsRow *out, int max, int *count)
{
    return rows(s, "SELECT " SMS_COLUMNS " FROM sms_outbox WHERE state = 'handed' ORDER BY id", 0,
                false, out, max, count, "read handed texts");
}

KResult store_sms_count_since(Store *s, const char *phone, int64_t since, int *count)
{
    *count = 0;
    sqlite3_stmt *st = NULL;
    KResult r = prep(s, "SELECT count(*) FROM sms_outbox WHERE phone = ?1 AND handed_at >= ?2", &st,
                     "count texts");
    if (r != K_OK)
        return r;
    sqlite3_bind_text(st, 1, phone, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, since);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int(st, 0);
    else
        r = store_db_fail(s, rc, "count texts");
    sqlite3_finalize(st);
    return r;
}

/* One UPDATE on one row; K_ERR_NOT_FOUND when it changed nothing. */
static KResult update_one(Store *s, sqlite3_stmt *st, const char *what)
{
    KResult r = exec_done(s, st, what);
    if (r == K_OK && sqlite3_changes(s->db) == 0)
        return K_ERR_NOT_FOUND;
    return r;
}

KResult store_sms_handed(Store *s, int64_t id, int attempt, const char *body, int64_t now)
{
    if (!body || strlen(body) >= SMS_BODY_MAX)
        return store_invalid(s, "a text's body is too long");
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "UPDATE sms_outbox SET state = 'handed', attempts = ?2, body = ?3,"
                     " handed_at = ?4, updated_at = ?4"
                     " WHERE id = ?1 AND state = 'queued' AND attempts = ?2 - 1",
                     &st, "mark a text handed");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, attempt);
    sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    return update_one(s, st, "mark a text handed");
}

KResult store_sms_defer(Store *s, int64_t id, int64_t not_before, int64_t now)
{
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "UPDATE sms_outbox SET not_before = ?2, updated_at = ?3"
                     " WHERE id = ?1 AND state = 'queued'",
                     &st, "defer a text");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, not_before);
    sqlite3_bind_int64(st, 3, now);
    return exec_done(s, st, "defer a text");
}

KResult store_sms_drop(Store *s, int64_t id, const char *why, int64_t now)
{
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "UPDATE sms_outbox SET state = 'failed', error = substr(?2, 1, 160),"
                     " updated_at = ?3, done_at = ?3 WHERE id = ?1 AND state = 'queued'",
                     &st, "drop a text");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    return exec_done(s, st, "drop a text");
}

KResult store_sms_report(Store *s, int64_t id, int attempt, bool sent, const char *reason,
                         int64_t now, int retries, int retry_minutes)
{
    sqlite3_stmt *st = NULL;
    const char *sql =
        sent ? "UPDATE sms_outbox SET state = 'sent', error = '', updated_at = ?3, done_at = ?3"
               " WHERE id = ?1 AND state = 'handed' AND attempts = ?2"
             : "UPDATE sms_outbox SET error = substr(?4, 1, 160), updated_at = ?3,"
               " state = CASE WHEN attempts <= ?5 THEN 'queued' ELSE 'failed' END,"
               " not_before = CASE WHEN attempts <= ?5 THEN ?3 + ?6 * 60 ELSE not_before END,"
               " done_at = CASE WHEN attempts <= ?5 THEN NULL ELSE ?3 END"
               " WHERE id = ?1 AND state = 'handed' AND attempts = ?2";
    KResult r = prep(s, sql, &st, "record a text's report");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, attempt);
    sqlite3_bind_int64(st, 3, now);
    if (!sent) {
        sqlite3_bind_text(st, 4, reason && reason[0] ? reason : "failed", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 5, retries);
        sqlite3_bind_int(st, 6, retry_minutes);
    }
    return exec_done(s, st, "record a text's report");
}

KResult store_sms_retry(Store *s, int64_t id, int64_t now)
{
    SmsRow row;
    KResult r = store_sms_get(s, id, &row);
    if (r != K_OK)
        return r;
    if (strcmp(row.state, "failed") != 0) {
        snprintf(s->err, sizeof s->err, "text %lld is %s, not failed: nothing to retry",
                 (long long)id, row.state);
        return K_ERR_INVALID;
    }
    sqlite3_stmt *st = NULL;
    r = prep(s,
             "UPDATE sms_outbox SET state = 'queued', not_before = 0, done_at = NULL,"
             " expires_at = CASE WHEN expires_at > 0 AND expires_at <= ?2 THEN 0"
             " ELSE expires_at END, updated_at = ?2"
             " WHERE id = ?1 AND state = 'failed'"
             " AND (kind = 'test' OR EXISTS (SELECT 1 FROM sms_consent c"
             " WHERE c.phone = sms_outbox.phone AND c.consent = 1))",
             &st, "retry a text");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    r = update_one(s, st, "retry a text");
    if (r == K_ERR_NOT_FOUND) {
        snprintf(s->err, sizeof s->err, "text %lld: the number has opted out", (long long)id);
        return K_ERR_INVALID;
    }
    return r;
}

KResult store_sms_get(Store *s, int64_t id, SmsRow *out)
{
    int n = 0;
    KResult r = rows(s, "SELECT " SMS_COLUMNS " FROM sms_outbox WHERE id = ?1", id, true, out, 1,
                     &n, "read a text");
    if (r == K_OK && n == 0) {
        snprintf(s->err, sizeof s->err, "no text %lld", (long long)id);
        return K_ERR_NOT_FOUND;
    }
    return r;
}

KResult store_sms_list(Store *s, const char *state, int limit, StoreSmsFn fn, void *user)
{
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "SELECT " SMS_COLUMNS " FROM sms_outbox WHERE ?1 IS NULL OR state = ?1"
                     " ORDER BY id DESC LIMIT ?2",
                     &st, "list texts");
    if (r != K_OK)
        return r;
    if (state)
        sqlite3_bind_text(st, 1, state, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : 100);
    SmsRow row;
    while (store_next_row(s, st, &r, "list texts")) {
        read_row(st, &row);
        if (fn(&row, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_sms_counts(Store *s, SmsCounts *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    KResult r = prep(s,
                     "SELECT (SELECT enabled FROM sms_settings WHERE id = 1),"
                     " sum(state = 'queued'), sum(state = 'handed'), sum(state = 'sent'),"
                     " sum(state = 'failed'), sum(state = 'cancelled'),"
                     " max(CASE WHEN state = 'sent' THEN done_at END),"
                     " min(CASE WHEN state = 'handed' THEN handed_at END),"
                     " (SELECT error FROM sms_outbox WHERE error <> '' AND error NOT IN"
                     " ('opted out', 'too late', 'booking cancelled')"
                     " ORDER BY updated_at DESC, id DESC LIMIT 1)"
                     " FROM sms_outbox",
                     &st, "count texts");
    if (r != K_OK)
        return r;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->enabled = sqlite3_column_int(st, 0) != 0;
        out->queued = sqlite3_column_int(st, 1);
        out->handed = sqlite3_column_int(st, 2);
        out->sent = sqlite3_column_int(st, 3);
        out->failed = sqlite3_column_int(st, 4);
        out->cancelled = sqlite3_column_int(st, 5);
        out->last_sent_at = sqlite3_column_int64(st, 6);
        out->oldest_handed_at = sqlite3_column_int64(st, 7);
        store_col_text(st, 8, out->last_error, sizeof out->last_error);
    } else {
        r = store_db_fail(s, rc, "count texts");
    }
    sqlite3_finalize(st);
    return r;
}
