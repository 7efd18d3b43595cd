/* test_outbox.c - the district outbox of the store (store_sync.c, schema
 * 7): nothing is queued while the district is off; turning it on queues
 * every row once; each change then writes an entry in its own transaction,
 * numbered without a gap; the batch is one valid JSON array with no
 * personal data in it; entries are marked sent up to a position; a
 * failure is recorded; a new epoch renumbers only what is pending; and a
 * restore starts a new epoch and takes new ids above a million past the
 * backup's; retention removes confirmed entries only. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/request.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/ticket.h"

static const uint8_t key[TICKET_KEY_BYTES] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                                              7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};

static void draft(RequestDraft *d)
{
    request_draft_init(d);
    text_copy(d->category, sizeof d->category, "elder");
    text_copy(d->issue, sizeof d->issue, "other");
    text_copy(d->description, sizeof d->description, "楼道灯坏了，晚上看不见");
    text_copy(d->phone, sizeof d->phone, "13812345678");
    text_copy(d->name, sizeof d->name, "王阿姨");
    text_copy(d->building, sizeof d->building, "3栋");
    text_copy(d->unit, sizeof d->unit, "2");
    text_copy(d->room, sizeof d->room, "501");
}

static long long one_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int64_t file_one(Store *s, int i, int64_t now)
{
    RequestDraft d;
    Ticket t;
    int64_t id = 0;
    draft(&d);
    (void)i;
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", now, 24, key, &id, &t), K_OK);
    return id;
}

int main(void)
{
    char dir[] = "/tmp/test_outbox.XXXXXX", path[256], backup[256], err[320];
    const int64_t now = 1796000000; /* 2026-11-30 */
    if (!mkdtemp(dir) || sodium_init() < 0)
        return 2;
    snprintf(path, sizeof path, "%s/k.db", dir);
    snprintf(backup, sizeof backup, "%s/b.db", dir);

    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return 1;
    /* off: a request and a walk-in write nothing to the outbox */
    file_one(s, 1, now);
    Ticket wt;
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", now, key, &wt, NULL), K_OK);
    SyncState st;
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK(!st.enabled);
    CHECK_INT_EQ(st.pending, 0);
    CHECK(st.epoch > 0);

    /* on: every row once (services, slots, closures, 1 request, 2 tickets,
     * 1 walk-in), then nothing more when turned on again */
    int64_t queued = -1,
            rows = one_int(path, "SELECT (SELECT count(*) FROM services) + (SELECT"
                                 " count(*) FROM service_slots) + (SELECT count(*) FROM"
                                 " closures) + 1 + 2 + 1");
    CHECK_INT_EQ(store_sync_enable(s, "SW01", now, &queued), K_OK);
    CHECK_INT_EQ(queued, rows);
    CHECK_INT_EQ(store_sync_enable(s, "SW01", now, &queued), K_OK);
    CHECK_INT_EQ(queued, 0);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK(st.enabled);
    CHECK_STR_EQ(st.site, "SW01");
    CHECK_INT_EQ(st.pending, rows);
    CHECK_INT_EQ(st.seq, rows);

    /* a request filed: its row and its ticket, in the same transaction */
    int64_t id = file_one(s, 2, now + 60);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.seq, rows + 2);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox o1 WHERE NOT EXISTS (SELECT 1 FROM"
                               " outbox o2 WHERE o2.epoch = o1.epoch AND o2.seq = o1.seq - 1)"
                               " AND o1.seq > 1"),
                 0);
    /* a move is a new snapshot with the new state */
    CHECK_INT_EQ(store_request_act(s, id, WF_ACCEPT, ROLE_WORKER, "wang", "", "", now + 120), K_OK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM outbox WHERE json_extract(body, '$.kind') = 'request'"
             " AND json_extract(body, '$.id') = %lld AND json_extract(body, '$.status') ="
             " 'accepted' AND json_extract(body, '$.answered_by') = 'wang'",
             (long long)id);
    CHECK(one_int(path, sql) >= 1);
    /* nothing personal leaves */
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE body LIKE '%1381234%' OR body"
                               " LIKE '%王阿姨%' OR body LIKE '%楼道灯%' OR body LIKE '%501%'"),
                 0);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE json_extract(body, '$.v') <> 1"
                               " OR json_extract(body, '$.ts') IS NULL"),
                 0);

    /* a batch: a JSON array of the oldest, then sent up to its last */
    char *json = NULL;
    int count = 0;
    int64_t last = 0, pending = -1;
    CHECK_INT_EQ(store_sync_batch(s, 5, 1 << 20, &json, &count, &last), K_OK);
    CHECK_INT_EQ(count, 5);
    CHECK(json && json[0] == '[' && json[strlen(json) - 1] == ']');
    if (json) {
        sqlite3 *mem = NULL;
        sqlite3_stmt *q = NULL;
        sqlite3_open(":memory:", &mem);
        sqlite3_prepare_v2(mem, "SELECT json_valid(?1) AND json_array_length(?1) = 5", -1, &q,
                           NULL);
        sqlite3_bind_text(q, 1, json, -1, SQLITE_STATIC);
        CHECK(sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1);
        sqlite3_finalize(q);
        sqlite3_close(mem);
    }
    free(json);
    CHECK_INT_EQ(store_sync_sent(s, last, now + 200, &pending), K_OK);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.sent, 5);
    CHECK_INT_EQ(st.pending, pending);
    CHECK_INT_EQ(st.last_ok, now + 200);

    /* a failure is recorded, and cleared by the next success */
    CHECK_INT_EQ(store_sync_failed(s, "no answer from the district centre within 10 s", now + 300,
                                   now + 330),
                 K_OK);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.failures, 1);
    CHECK_INT_EQ(st.next_try, now + 330);
    CHECK_STR_EQ(st.last_error, "no answer from the district centre within 10 s");

    /* a new epoch: the pending entries become 1..k of it, the sent stay */
    int64_t old_epoch = st.epoch, epoch = 0, before_pending = st.pending;
    CHECK_INT_EQ(store_sync_new_epoch(s, now + 400, &epoch), K_OK);
    CHECK(epoch > 0 && epoch != old_epoch);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE epoch = %lld AND sent_at IS NULL",
             (long long)epoch);
    CHECK_INT_EQ(one_int(path, sql), before_pending);
    snprintf(sql, sizeof sql, "SELECT max(seq) FROM outbox WHERE epoch = %lld", (long long)epoch);
    CHECK_INT_EQ(one_int(path, sql), before_pending);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE epoch = %lld",
             (long long)old_epoch);
    CHECK_INT_EQ(one_int(path, sql), 5);
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK_INT_EQ(st.failures, 0);

    /* a restore: a new epoch, and new rows above a million past the backup */
    int64_t bytes = 0;
    CHECK_INT_EQ(store_backup(s, backup, now + 500, "admin", &bytes), K_OK);
    file_one(s, 3, now + 600);
    store_close(s);
    char kept[256];
    CHECK_INT_EQ(store_restore(backup, path, now + 700, kept, sizeof kept, err, sizeof err), K_OK);
    s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return 1;
    CHECK_INT_EQ(store_sync_state(s, &st), K_OK);
    CHECK(st.epoch != epoch);
    CHECK_INT_EQ(st.seq, 0);
    int64_t after = file_one(s, 4, now + 800);
    CHECK(after > 1000000);
    CHECK_INT_EQ(
        one_int(path, "SELECT min(id) > 1000000 FROM tickets WHERE created_at >= 1796000800"), 1);
    /* retention removes confirmed entries before its cutoff, never pending ones */
    long long pend = one_int(path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
    CHECK(one_int(path, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL") > 0);
    CHECK_INT_EQ(store_purge(s, now + 100000, false, now + 900, "admin", NULL, NULL, NULL, NULL),
                 K_OK);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL"), 0);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL"), pend);
    store_close(s);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
