/* test_retention.c - the retention job (store_retention.c) erases exactly
 * the personal data of items finished before the cutoff: requests closed,
 * referred or cancelled and bookings over; open requests, recent ones and
 * upcoming bookings keep theirs; the anonymous fields stay; a dry run
 * changes nothing; the erasure is logged; a second run finds nothing.
 * And it really erases: a booking's reason, the notes and reasons staff
 * typed into the event log about what is erased, and, while the store stays
 * open, nothing of it is left in the WAL or in the database file's free
 * space (secure_delete is the store's own setting, not the build's). */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/store/store_int.h"
#include "check.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

static const uint8_t key[TICKET_KEY_BYTES] = {5, 5, 5};
#define DAY 86400
#define NOW 1767225600 /* 2026-01-01 08:00 +08:00 */

static long long q(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    CHECK_INT_EQ(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Whether the file at path holds the bytes of text anywhere. */
static bool file_has(const char *path, const char *text)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    static char buf[4 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t len = strlen(text);
    for (size_t i = 0; i + len <= n; i++)
        if (memcmp(buf + i, text, len) == 0)
            return true;
    return false;
}

static int requests_made;

/* A request filed at `at`, then moved to `status` (finished at `at`).  The
 * description is "楼道灯坏了 #N" (N counts from 1), unique to the request. */
static void request(Store *s, const char *path, int64_t at, const char *status)
{
    RequestDraft d;
    int64_t id = 0;
    Ticket t;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "housing");
    text_copy(d.issue, sizeof d.issue, "other");
    snprintf(d.description, sizeof d.description, "楼道灯坏了 #%d", ++requests_made);
    text_copy(d.phone, sizeof d.phone, "13812345678");
    text_copy(d.name, sizeof d.name, "王阿姨");
    text_copy(d.building, sizeof d.building, "3栋");
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", at, 24, key, &id, &t), K_OK);
    char sql[200];
    snprintf(sql, sizeof sql,
             "UPDATE requests SET status = '%s', updated_at = %lld WHERE id = %lld", status,
             (long long)at, (long long)id);
    exec(path, sql);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    if (sodium_init() < 0)
        return 1;
    char dir[256], path[300], err[320];
    snprintf(dir, sizeof dir, "/tmp/kiosk-retention-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/r.db", dir);
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return CHECK_DONE();
    int64_t old = NOW - 400 * DAY, recent = NOW - 100 * DAY;
    request(s, path, old, "closed");      /* erased */
    request(s, path, old, "cancelled");   /* erased */
    request(s, path, old, "referred");    /* erased */
    request(s, path, old, "in_progress"); /* open: kept */
    request(s, path, recent, "closed");   /* recent: kept */
    /* bookings: one over long ago, one upcoming (written directly) */
    exec(path, "INSERT INTO services (code, letter, position, zh, en, days, lead_hours,"
               " horizon_days) VALUES ('x', 'X', 1, 'x', 'x', 127, 0, 14);"
               "INSERT INTO service_slots VALUES ('x', 540, 600, 5);");
    char sql[600];
    snprintf(sql, sizeof sql,
             "INSERT INTO bookings (site, token, service, day, slot, starts_at, ends_at, phone,"
             " name, age, status, created_at, updated_at) VALUES"
             " ('SW01', 't1', 'x', '2024-11-01', 540, %lld, %lld, '13900000000', '李大爷', 80,"
             " 'booked', 0, 0),"
             " ('SW01', 't2', 'x', '2026-01-05', 540, %lld, %lld, '13900000001', '张奶奶', 81,"
             " 'booked', 0, 0);"
             "UPDATE bookings SET status = 'completed' WHERE token = 't1';",
             (long long)old, (long long)(old + 3600), (long long)(NOW + 4 * DAY),
             (long long)(NOW + 4 * DAY + 3600));
    exec(path, sql);
    /* Free text about them: a booking's cancellation reason, and staff
     * notes in the event log on an erased request (1), a kept one (4) and
     * the erased booking (1). */
    exec(path, "UPDATE bookings SET reason = '李大爷住院 13900002222' WHERE token = 't1'");
    CHECK_INT_EQ(store_log_event(s, old, "wang", "status_changed", "request", 1,
                                 "{\"from\":\"in_progress\",\"to\":\"closed\","
                                 "\"action\":\"close\",\"note\":\"已电话联系 13800009999 "
                                 "王先生\"}"),
                 K_OK);
    CHECK_INT_EQ(store_log_event(s, old, "wang", "status_changed", "request", 4,
                                 "{\"from\":\"accepted\",\"to\":\"in_progress\","
                                 "\"action\":\"start\",\"note\":\"明天上门 13800008888\"}"),
                 K_OK);
    CHECK_INT_EQ(store_log_event(s, old, "admin", "booking_cancelled", "booking", 1,
                                 "{\"service\":\"x\",\"reason\":\"李大爷 13900003333\"}"),
                 K_OK);
    /* The store's own connection erases securely, whatever SQLite's build
     * default (Debian's is on, so the file bytes alone would not tell). */
    {
        sqlite3_stmt *st = NULL;
        CHECK_INT_EQ(sqlite3_prepare_v2(s->db, "PRAGMA secure_delete", -1, &st, NULL), SQLITE_OK);
        CHECK_INT_EQ(sqlite3_step(st), SQLITE_ROW);
        CHECK_INT_EQ(sqlite3_column_int(st, 0), 1);
        sqlite3_finalize(st);
    }
    char wal[320];
    snprintf(wal, sizeof wal, "%s-wal", path);
    CHECK(file_has(wal, "13800009999")); /* what is about to be erased is there now */

    int64_t cutoff = NOW - 365 * DAY;
    int nr = -1, nb = -1;
    /* A dry run: the counts, nothing changed. */
    CHECK_INT_EQ(store_purge(s, cutoff, true, NOW, "test", NULL, NULL, &nr, &nb), K_OK);
    CHECK_INT_EQ(nr, 3);
    CHECK_INT_EQ(nb, 1);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM requests WHERE phone <> ''"), 5);
    /* The run. */
    CHECK_INT_EQ(store_purge(s, cutoff, false, NOW, "test", NULL, NULL, &nr, &nb), K_OK);
    CHECK_INT_EQ(nr, 3);
    CHECK_INT_EQ(nb, 1);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM requests WHERE phone = '' AND name = '' AND"
                         " building = '' AND description = ''"),
                 3);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM requests WHERE phone = '13812345678' AND"
                         " (status = 'in_progress' OR updated_at > 0 AND status = 'closed'"
                         " AND updated_at > "
                         "1700000000)"),
                 2);
    /* the anonymous part stays: all five still counted by category */
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM requests WHERE category = 'housing'"), 5);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM bookings WHERE phone = '' AND name = ''"
                         " AND age = 80"),
                 1);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM bookings WHERE token = 't2' AND"
                         " phone = '13900000001'"),
                 1);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM events WHERE kind = 'personal_data_erased'"
                         " AND json_extract(detail, '$.requests') = 3"),
                 1);
    /* The booking's reason and the notes about what was erased are gone,
     * the kept request's note stays; the events are all still there. */
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM bookings WHERE reason <> ''"), 0);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM events WHERE detail LIKE '%13800009999%'"), 0);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM events WHERE detail LIKE '%13900003333%'"), 0);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM events WHERE detail LIKE '%13800008888%'"), 1);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM events WHERE kind = 'status_changed' AND"
                         " subject_id = 1 AND json_extract(detail, '$.to') = 'closed'"),
                 1);
    CHECK_INT_EQ(q(path, "SELECT count(*) FROM events WHERE kind = 'booking_cancelled'"), 1);
    /* The store is still open: its WAL holds nothing of what was erased
     * (checkpointed and truncated), nor does the file's free space. */
    static const char *const gone[] = {"13800009999",   "13900003333",  "13900002222",
                                       "13900000000",   "李大爷",       "楼道灯坏了 #1",
                                       "楼道灯坏了 #2", "楼道灯坏了 #3"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
        if (file_has(wal, gone[i]) || file_has(path, gone[i]))
            fprintf(stderr, "    \"%s\" is still on disk\n", gone[i]);
        CHECK(!file_has(wal, gone[i]));
        CHECK(!file_has(path, gone[i]));
    }
    CHECK(file_has(path, "楼道灯坏了 #4")); /* kept: the search does find text */
    /* Nothing left to erase the second time. */
    CHECK_INT_EQ(store_purge(s, cutoff, false, NOW, "test", NULL, NULL, &nr, &nb), K_OK);
    CHECK_INT_EQ(nr + nb, 0);
    store_close(s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
