/* test_restore.c - tickets across restores (store_restore's generation,
 * store_check_ticket) and schema 6's migration:
 *   - back up, issue X, restore, issue Y: same row id, different payloads;
 *     X is refused as TICKET_AFTER_RESTORE, Y is its row; a ticket from
 *     before the backup still verifies; restoring the same backup again
 *     gives a third generation; restoring where no database was steps the
 *     generation past the backup's at random;
 *   - a schema 5 database with a first-release (KT1) ticket opens at
 *     schema 6, its ticket verifies at generation 0, and the event log
 *     lets a note or a reason be removed from an event but nothing else. */
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

static char dir[256];
static const uint8_t key[TICKET_KEY_BYTES] = {9, 1, 9};

static Store *open_ok(const char *path)
{
    char err[320];
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        fprintf(stderr, "    %s\n", err);
    return s;
}

static long long q(const char *path, const char *sql)
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

static Ticket file_request(Store *s, int64_t at)
{
    RequestDraft d;
    int64_t id = 0;
    Ticket t;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "elder");
    text_copy(d.issue, sizeof d.issue, "meals");
    text_copy(d.phone, sizeof d.phone, "13812345678");
    memset(&t, 0, sizeof t);
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", at, 24, key, &id, &t), K_OK);
    return t;
}

static TicketCheck check(Store *s, const char *payload, Ticket *out)
{
    TicketCheck why = TICKET_OK;
    KResult r = store_check_ticket(s, key, payload, "SW01", out, &why, NULL);
    CHECK(r == K_OK ? why == TICKET_OK : why != TICKET_OK);
    return why;
}

static void restore(const char *from, const char *to, int64_t now)
{
    char kept[600], err[600];
    KResult r = store_restore(from, to, now, kept, sizeof kept, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    %s\n", err);
}

static void test_restore_generation(void)
{
    char db[300], b1[300], fresh[300];
    Ticket t;
    int64_t gen = -1;
    snprintf(db, sizeof db, "%s/k.db", dir);
    snprintf(b1, sizeof b1, "%s/b1.db", dir);
    snprintf(fresh, sizeof fresh, "%s/fresh.db", dir);

    Store *s = open_ok(db);
    if (!s)
        return;
    Ticket old = file_request(s, 1764300000);
    CHECK(strncmp(old.payload, "KT2.SW01.A.1.0.", 15) == 0); /* never restored: generation 0 */
    CHECK_INT_EQ(store_backup(s, b1, 1764300100, "test", NULL), K_OK);
    Ticket x = file_request(s, 1764300200);
    store_close(s);

    restore(b1, db, 1764300300);
    s = open_ok(db);
    if (!s)
        return;
    CHECK_INT_EQ(store_generation(s, &gen), K_OK);
    CHECK_INT_EQ(gen, 1);
    Ticket y = file_request(s, 1764300400);
    CHECK_INT_EQ(y.id, x.id);         /* the id is handed out again */
    CHECK_STR_EQ(y.number, x.number); /* and so is the number */
    CHECK(strcmp(y.payload, x.payload) != 0);
    CHECK(strncmp(y.payload, "KT2.", 4) == 0);
    CHECK_INT_EQ(check(s, x.payload, &t), TICKET_AFTER_RESTORE);
    CHECK_INT_EQ(t.id, 0); /* nothing of Y's row handed out */
    CHECK(strstr(store_errmsg(s), "after the backup") != NULL);
    CHECK_INT_EQ(check(s, y.payload, &t), TICKET_OK);
    CHECK_INT_EQ(t.id, y.id);
    CHECK_INT_EQ(check(s, old.payload, &t), TICKET_OK);
    CHECK_INT_EQ(t.id, old.id);
    /* a forgery stays a forgery, and another site's ticket too */
    char bad[TICKET_PAYLOAD_MAX];
    text_copy(bad, sizeof bad, y.payload);
    bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
    CHECK_INT_EQ(check(s, bad, &t), TICKET_FORGED);
    CHECK_INT_EQ(ticket_sign_gen(key, "SW02", 'A', y.id, 1, NULL, bad), K_OK);
    CHECK_INT_EQ(check(s, bad, &t), TICKET_FORGED);
    /* signed here with this generation but no such row: not here */
    CHECK_INT_EQ(ticket_sign_gen(key, "SW01", 'A', 999, 1, NULL, bad), K_OK);
    CHECK_INT_EQ(check(s, bad, &t), TICKET_NOT_HERE);
    /* the same id and generation with another nonce: Y's row, not Y */
    CHECK_INT_EQ(ticket_sign_gen(key, "SW01", 'A', y.id, 1, NULL, bad), K_OK);
    if (strcmp(bad, y.payload) != 0)
        CHECK_INT_EQ(check(s, bad, &t), TICKET_NOT_HERE);
    store_close(s);
    CHECK_INT_EQ(q(db, "SELECT last_ticket FROM restores WHERE generation = 1"), old.id);
    CHECK_INT_EQ(q(db, "SELECT count(*) FROM events WHERE kind = 'database_restored'"), 1);

    /* The same backup once more: generation 2, a third payload. */
    restore(b1, db, 1764300500);
    s = open_ok(db);
    if (!s)
        return;
    CHECK_INT_EQ(store_generation(s, &gen), K_OK);
    CHECK_INT_EQ(gen, 2);
    Ticket z = file_request(s, 1764300600);
    CHECK_INT_EQ(z.id, x.id);
    CHECK(strcmp(z.payload, x.payload) != 0 && strcmp(z.payload, y.payload) != 0);
    CHECK_INT_EQ(check(s, y.payload, &t), TICKET_AFTER_RESTORE);
    CHECK_INT_EQ(check(s, z.payload, &t), TICKET_OK);
    store_close(s);

    /* Where there was no database, its generation is unknown: the restore
     * steps past the backup's by a random amount, not by one. */
    restore(b1, fresh, 1764300700);
    s = open_ok(fresh);
    if (!s)
        return;
    CHECK_INT_EQ(store_generation(s, &gen), K_OK);
    CHECK(gen >= 1 && gen <= 1000000);
    printf("    a restore with no database before: generation %lld\n", (long long)gen);
    store_close(s);
}

/* A schema 5 database with a first-release ticket, opened by this build. */
static void test_migration_v5(void)
{
    char path[300], err[320], payload[TICKET_PAYLOAD_MAX];
    snprintf(path, sizeof path, "%s/v5.db", dir);
    CHECK_INT_EQ(ticket_sign(key, "SW01", 'A', 1, payload), K_OK);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    for (int v = 1; v <= 5; v++)
        CHECK_INT_EQ(sqlite3_exec(db, store_schema_step(v), NULL, NULL, NULL), SQLITE_OK);
    char sql[1200];
    snprintf(sql, sizeof sql,
             "PRAGMA user_version = 5;"
             "INSERT INTO requests (site, token, category, issue, phone, status, created_at,"
             " due_at) VALUES ('SW01', 'tok1', 'elder', 'meals', '13812345678', 'submitted',"
             " 100, 200);"
             "INSERT INTO tickets (site, kind, day, seq, number, lookup, payload, request_id,"
             " created_at) VALUES ('SW01', 'A', '2026-11-30', 1, 'A001', 'ACDEFGHJ', '%s', 1,"
             " 100);"
             "INSERT INTO events (at, actor, kind, subject, subject_id, detail) VALUES"
             " (150, 'wang', 'status_changed', 'request', 1, '{\"from\":\"submitted\","
             "\"to\":\"accepted\",\"action\":\"accept\",\"note\":\"call 13812345678\"}');",
             payload);
    CHECK_INT_EQ(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s) {
        fprintf(stderr, "    %s\n", err);
        return;
    }
    int64_t gen = -1;
    CHECK_INT_EQ(store_generation(s, &gen), K_OK);
    CHECK_INT_EQ(gen, 0);
    Ticket t;
    CHECK_INT_EQ(check(s, payload, &t), TICKET_OK);
    CHECK_STR_EQ(t.number, "A001");
    store_close(s);

    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    CHECK_INT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_step(st), SQLITE_ROW);
    CHECK_INT_EQ(sqlite3_column_int(st, 0), store_schema_version());
    sqlite3_finalize(st);
    /* The event log: still append-only, but a note can be removed. */
    CHECK(sqlite3_exec(db, "UPDATE events SET actor = 'x' WHERE id = 1", NULL, NULL, NULL) !=
          SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "UPDATE events SET detail = json_set(detail, '$.to', 'closed')"
                       " WHERE id = 1",
                       NULL, NULL, NULL) != SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE events SET detail = '{}' WHERE id = 1", NULL, NULL, NULL) !=
          SQLITE_OK);
    CHECK(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL) != SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(db,
                              "UPDATE events SET detail = json_remove(detail, '$.note',"
                              " '$.reason') WHERE id = 1",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    CHECK_INT_EQ(sqlite3_prepare_v2(db, "SELECT detail FROM events WHERE id = 1", -1, &st, NULL),
                 SQLITE_OK);
    CHECK_INT_EQ(sqlite3_step(st), SQLITE_ROW);
    CHECK_STR_EQ((const char *)sqlite3_column_text(st, 0),
                 "{\"from\":\"submitted\",\"to\":\"accepted\",\"action\":\"accept\"}");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    if (sodium_init() < 0)
        return 1;
    snprintf(dir, sizeof dir, "/tmp/kiosk-restore-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_restore_generation();
    test_migration_v5();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
