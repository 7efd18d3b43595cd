/* store_sync.c - the district outbox (store.h, schema 7 in store_schema.c).
 *
 * The triggers of schema 7 write the entries; this file turns them on,
 * queues every existing row once when a station joins the network, hands
 * out the oldest pending entries as one JSON array, marks them sent once
 * the centre has committed them, records failures, and starts a new epoch.
 * These calls are rare (one per sync attempt), so their statements are
 * prepared on each call rather than kept. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"
#include "store_outbox.h"

/* An epoch: random, positive and below 2^53, so that it survives any JSON
 * reader as a number.  The caller has initialised libsodium. */
int64_t store_new_epoch(void)
{
    uint64_t v = 0;
    randombytes_buf(&v, sizeof v);
    return (int64_t)(v % ((UINT64_C(1) << 53) - 1)) + 1;
}

static KResult exec(Store *s, const char *sql, const char *what)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? K_OK : store_db_fail(s, rc, what);
}

/* Queues one entry per row of one table, numbered after the last seq. */
#define QUEUE_ALL(body, from, order)                                                               \
    "INSERT INTO outbox (epoch, seq, uid, site, at, body) SELECT st.epoch, st.seq +"               \
    " row_number() OVER (ORDER BY " order                                                          \
    "), lower(hex(randomblob(16))), st.site, unixepoch(), " body " FROM sync_state st, " from      \
    " WHERE st.id = 1;"                                                                            \
    "UPDATE sync_state SET seq = coalesce((SELECT max(seq) FROM outbox"                            \
    " WHERE epoch = sync_state.epoch), 0) WHERE id = 1;"

/* clang-format off */
static const char queue_everything[] =
    QUEUE_ALL(SERVICE_BODY("x"), "services x", "x.position, x.code")
    QUEUE_ALL(SLOT_BODY("x", "0"), "service_slots x", "x.service, x.start")
    QUEUE_ALL(CLOSURE_BODY("x", "0"), "closures x", "x.day, x.service")
    QUEUE_ALL(REQUEST_BODY("x"), "requests x", "x.id")
    QUEUE_ALL(TICKET_BODY("x"), "tickets x", "x.id")
    QUEUE_ALL(BOOKING_BODY("x"), "bookings x", "x.id")
    QUEUE_ALL(WALKIN_BODY("x"), "walkin x", "x.id")
    QUEUE_ALL(VOLUNTEER_BODY("x"), "volunteers x", "x.id")
    QUEUE_ALL(VOLUNTEER_HOURS_BODY("x"), "volunteer_hours x", "x.id")
    QUEUE_ALL(SITE_KEY_BODY("x"), "own_keys x", "x.created_at, x.key")
    /* issue 22 */
    QUEUE_ALL(NEED_BODY("x"), "needs x", "x.id")
    QUEUE_ALL(RESOURCE_BODY("x"), "resources x", "x.id")
    QUEUE_ALL(PROJECT_BODY("x"), "projects x", "x.id")
    QUEUE_ALL(PROJECT_RESOURCE_BODY("x"), "project_resources x", "x.at, x.project_id")
    QUEUE_ALL(PROJECT_REQUEST_BODY("x"), "project_requests x", "x.at, x.request_id");
/* clang-format on */

KResult store_sync_enable(Store *s, const char *site, int64_t now, int64_t *queued)
{
    static const char what[] = "cannot turn on the district outbox";
    assert(s && site);
    store_clear_error(s);
    if (queued)
        *queued = 0;
    if (!site[0] || strlen(site) >= sizeof(((SyncState *)0)->site))
        return store_invalid(s, "the site code for the district outbox is empty or too long");
    if (sodium_init() < 0)
        return store_invalid(s, "no random source for the district outbox");

    KResult r = store_begin(s, what);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st = NULL;
    int enabled = 0;
    int64_t before = 0;
    char old_site[32] = "";
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT enabled, site, (SELECT count(*) FROM outbox)"
                                " FROM sync_state WHERE id = 1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        enabled = sqlite3_column_int(st, 0);
        store_col_text(st, 1, old_site, sizeof old_site);
        before = sqlite3_column_int64(st, 2);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        goto done;
    }
    if (enabled && strcmp(old_site, site) == 0)
        goto done;

    st = NULL;
    rc = sqlite3_prepare_v2(s->db, "UPDATE sync_state SET enabled = 1, site = ?1 WHERE id = 1", -1,
                            &st, NULL);
    if (rc == SQLITE_OK) {
        store_bind_text(st, 1, site);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        goto done;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "{\"site\":\"%s\",\"from\":\"%s\"}", site, old_site);
    if (!enabled) {
        /* first time: everything the district needs, once */
        r = exec(s, queue_everything, what);
        if (r == K_OK && queued) {
            st = NULL;
            rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM outbox", -1, &st, NULL);
            if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
                *queued = sqlite3_column_int64(st, 0) - before;
            sqlite3_finalize(st);
        }
        if (r == K_OK)
            r = store_insert_event(s, now, "kiosk", "district_joined", "sync", 0, detail);
    } else {
        r = store_insert_event(s, now, "kiosk", "district_site_changed", "sync", 0, detail);
    }
done:
    if (r == K_OK)
        return store_commit(s, what);
    store_rollback(s);
    return r;
}

KResult store_sync_state(Store *s, SyncState *out)
{
    static const char what[] = "cannot read the district outbox";
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db,
        "SELECT enabled, site, epoch, seq, sent, last_ok, last_try, next_try, failures,"
        " last_error, (SELECT count(*) FROM outbox WHERE sent_at IS NULL),"
        " coalesce((SELECT at FROM outbox WHERE sent_at IS NULL ORDER BY n LIMIT 1), 0)"
        " FROM sync_state WHERE id = 1",
        -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->enabled = sqlite3_column_int(st, 0) != 0;
        store_col_text(st, 1, out->site, sizeof out->site);
        out->epoch = sqlite3_column_int64(st, 2);
        out->seq = sqlite3_column_int64(st, 3);
        out->sent = sqlite3_column_int64(st, 4);
        out->last_ok = sqlite3_column_int64(st, 5);
        out->last_try = sqlite3_column_int64(st, 6);
        out->next_try = sqlite3_column_int64(st, 7);
        out->failures = sqlite3_column_int(st, 8);
        store_col_text(st, 9, out->last_error, sizeof out->last_error);
        out->pending = sqlite3_column_int64(st, 10);
        out->oldest_at = sqlite3_column_int64(st, 11);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? K_OK : store_db_fail(s, rc, what);
}

/* A growing text buffer. */
typedef struct {
    char *p;
    size_t n, cap;
    bool failed;
} Buf;

static void buf_add(Buf *b, const char *txt, size_t len)
{
    if (b->failed)
        return;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + len + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, txt, len);
    b->n += len;
    b->p[b->n] = '\0';
}

KResult store_sync_batch(Store *s, int max, size_t max_bytes, char **json, int *count,
                         int64_t *last)
{
    static const char what[] = "cannot read the district outbox";
    assert(s && json && count && last);
    store_clear_error(s);
    *json = NULL;
    *count = 0;
    *last = 0;
    if (max < 1)
        return store_invalid(s, "a batch holds at least one entry");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT n, epoch, seq, uid, at, body FROM outbox"
                                " WHERE sent_at IS NULL ORDER BY n LIMIT ?1",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, what);
    sqlite3_bind_int(st, 1, max);
    Buf b = {0};
    buf_add(&b, "[", 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char head[192];
        const unsigned char *uid = sqlite3_column_text(st, 3);
        const unsigned char *body = sqlite3_column_text(st, 5);
        int blen = sqlite3_column_bytes(st, 5);
        int hlen = snprintf(head, sizeof head,
                            "%s{\"epoch\":%lld,\"seq\":%lld,\"uid\":\"%.40s\","
                            "\"at\":%lld,\"body\":",
                            *count ? "," : "", (long long)sqlite3_column_int64(st, 1),
                            (long long)sqlite3_column_int64(st, 2), uid ? (const char *)uid : "",
                            (long long)sqlite3_column_int64(st, 4));
        buf_add(&b, head, (size_t)hlen);
        buf_add(&b, body ? (const char *)body : "{}", body ? (size_t)blen : 2);
        buf_add(&b, "}", 1);
        *last = sqlite3_column_int64(st, 0);
        (*count)++;
        if (b.n >= max_bytes)
            break;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        free(b.p);
        *count = 0;
        *last = 0;
        return store_db_fail(s, rc, what);
    }
    buf_add(&b, "]", 1);
    if (b.failed) {
        free(b.p);
        *count = 0;
        *last = 0;
        snprintf(s->err, sizeof s->err, "out of memory for the district batch");
        return K_ERR_NOMEM;
    }
    if (*count == 0) {
        free(b.p);
        return K_OK;
    }
    *json = b.p;
    return K_OK;
}

/* Runs one statement with integer parameters ?1.. (n of them). */
static int run_ints(Store *s, const char *sql, int n, const int64_t *v)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        for (int i = 0; i < n; i++)
            sqlite3_bind_int64(st, i + 1, v[i]);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE || rc == SQLITE_ROW)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

KResult store_sync_sent(Store *s, int64_t last, int64_t now, int64_t *pending)
{
    static const char what[] = "cannot mark district entries as sent";
    assert(s);
    store_clear_error(s);
    if (pending)
        *pending = 0;
    KResult r = store_begin(s, what);
    if (r != K_OK)
        return r;
    int64_t v[2] = {last, now};
    int rc = run_ints(s, "UPDATE outbox SET sent_at = ?2 WHERE sent_at IS NULL AND n <= ?1", 2, v);
    if (rc == SQLITE_OK) {
        int64_t w[2] = {sqlite3_changes(s->db), now};
        rc = run_ints(s,
                      "UPDATE sync_state SET sent = sent + ?1, last_ok = ?2, last_try = ?2,"
                      " failures = 0, next_try = 0, last_error = '' WHERE id = 1",
                      2, w);
    }
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        store_rollback(s);
        return r;
    }
    r = store_commit(s, what);
    if (r == K_OK && pending) {
        SyncState st;
        if (store_sync_state(s, &st) == K_OK)
            *pending = st.pending;
    }
    return r;
}

KResult store_sync_failed(Store *s, const char *error, int64_t now, int64_t next_try)
{
    static const char what[] = "cannot record the failed district sync";
    assert(s && error);
    store_clear_error(s);
    char msg[256];
    text_copy(msg, sizeof msg, error); /* cut at a character, never mid-UTF-8 */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "UPDATE sync_state SET failures = failures + 1, last_error = ?1,"
                                " last_try = ?2, next_try = ?3 WHERE id = 1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        store_bind_text(st, 1, msg);
        sqlite3_bind_int64(st, 2, now);
        sqlite3_bind_int64(st, 3, next_try);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? K_OK : store_db_fail(s, rc, what);
}

KResult store_sync_new_epoch(Store *s, int64_t now, int64_t *epoch)
{
    static const char what[] = "cannot start a new district epoch";
    assert(s);
    store_clear_error(s);
    if (sodium_init() < 0)
        return store_invalid(s, "no random source for the new epoch");
    int64_t e = store_new_epoch();
    KResult r = store_begin(s, what);
    if (r != K_OK)
        return r;
    int64_t old = 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT epoch FROM sync_state WHERE id = 1", -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        old = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (old == e)
        e = e % ((INT64_C(1) << 53) - 2) + 1;
    /* the pending entries, in their order, become 1..k of the new epoch */
    int64_t v[1] = {e};
    rc = run_ints(s,
                  "UPDATE outbox SET epoch = ?1, seq = r.k FROM (SELECT n, row_number()"
                  " OVER (ORDER BY n) AS k FROM outbox WHERE sent_at IS NULL) AS r"
                  " WHERE outbox.n = r.n",
                  1, v);
    if (rc == SQLITE_OK)
        rc = run_ints(s,
                      "UPDATE sync_state SET epoch = ?1, seq = (SELECT count(*) FROM outbox"
                      " WHERE epoch = ?1), next_try = 0, failures = 0 WHERE id = 1",
                      1, v);
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        store_rollback(s);
        return r;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "{\"from\":%lld,\"to\":%lld}", (long long)old, (long long)e);
    r = store_insert_event(s, now, "admin", "district_new_epoch", "sync", 0, detail);
    if (r != K_OK) {
        store_rollback(s);
        return r;
    }
    r = store_commit(s, what);
    if (r == K_OK && epoch)
        *epoch = e;
    return r;
}
