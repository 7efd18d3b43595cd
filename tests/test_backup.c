/* test_backup.c - checks, online backups and restores (store_backup.c):
 * a backup taken while another process keeps filing requests is a sound,
 * complete snapshot; a damaged database fails its check; restore refuses a
 * damaged file, another program's file and a newer schema, keeps what it
 * replaces, and the restored database opens with its data. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

static char dir[512];
static const uint8_t key[TICKET_KEY_BYTES] = {7, 7, 7};

static Store *open_ok(const char *path)
{
    char err[320];
    Store *s = NULL;
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    %s\n", err);
    return s;
}

static void file_request(Store *s, int i)
{
    RequestDraft d;
    int64_t id = 0;
    Ticket t;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "elder");
    text_copy(d.issue, sizeof d.issue, "meals");
    snprintf(d.phone, sizeof d.phone, "1381234%04d", i % 10000);
    store_submit_request(s, &d, "SW01", 1764300000 + i, 24, key, &id, &t);
}

static long long count(const char *path, const char *sql)
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

/* A backup while a second process keeps writing. */
static void test_backup_while_writing(void)
{
    char path[600], copy[600];
    snprintf(path, sizeof path, "%s/live.db", dir);
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    Store *s = open_ok(path);
    if (!s)
        return;
    for (int i = 0; i < 300; i++)
        file_request(s, i);
    pid_t writer = fork();
    if (writer == 0) {
        char err[320];
        Store *w = NULL;
        if (store_open(path, &w, err, sizeof err) != K_OK)
            _exit(2);
        for (int i = 1000; i < 1600; i++)
            file_request(w, i);
        store_close(w);
        _exit(0);
    }
    usleep(20000);
    long long before = count(path, "SELECT count(*) FROM requests");
    int64_t bytes = 0;
    CHECK_INT_EQ(store_backup(s, copy, 1764400000, "test", &bytes), K_OK);
    int status = 0;
    waitpid(writer, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(bytes > 0);
    /* The copy is sound, holds at least what was there when it started,
     * and every request in it has its ticket. */
    CHECK_INT_EQ(count(copy, "SELECT count(*) FROM pragma_integrity_check WHERE"
                             " integrity_check = 'ok'"),
                 1);
    long long in_copy = count(copy, "SELECT count(*) FROM requests");
    CHECK(in_copy >= before && in_copy >= 300);
    CHECK_INT_EQ(count(copy, "SELECT count(*) FROM requests r WHERE NOT EXISTS"
                             " (SELECT 1 FROM tickets t WHERE t.request_id = r.id)"),
                 0);
    CHECK_INT_EQ(count(path, "SELECT count(*) FROM requests"), 900);
    /* A backup never overwrites; the last one is on record. */
    CHECK_INT_EQ(store_backup(s, copy, 1764400001, "test", NULL), K_ERR_EXISTS);
    int64_t at = 0;
    char where[600];
    CHECK_INT_EQ(store_last_backup(s, &at, where, sizeof where), K_OK);
    CHECK_INT_EQ(at, 1764400000);
    CHECK_STR_EQ(where, copy);
    CHECK_INT_EQ(store_check(s, true), K_OK);
    store_close(s);
}

/* Damage: a page of garbage in the middle of the file. */
static void damage(const char *path)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return;
    char junk[4096];
    memset(junk, 0x5a, sizeof junk);
    fseek(f, 4096 * 3, SEEK_SET);
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
}

static void test_restore(void)
{
    char live[600], good[600], bad[600], foreign[600], newer[600], kept[700], err[1024];
    snprintf(live, sizeof live, "%s/live.db", dir);
    snprintf(good, sizeof good, "%s/copy.db", dir);
    snprintf(bad, sizeof bad, "%s/bad.db", dir);
    snprintf(foreign, sizeof foreign, "%s/foreign.db", dir);
    snprintf(newer, sizeof newer, "%s/newer.db", dir);

    /* A damaged copy: refused, the live one untouched. */
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", good, bad);
    CHECK_INT_EQ(system(cmd), 0);
    damage(bad);
    CHECK(store_restore(bad, live, 1764500000, kept, sizeof kept, err, sizeof err) != K_OK);
    CHECK(strstr(err, "bad.db") != NULL);
    CHECK_INT_EQ(count(live, "SELECT count(*) FROM requests"), 900);

    /* Another program's database, and a newer schema: refused. */
    sqlite3 *db = NULL;
    sqlite3_open(foreign, &db);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK_INT_EQ(store_restore(foreign, live, 1764500000, kept, sizeof kept, err, sizeof err),
                 K_ERR_UNSUPPORTED);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", good, newer);
    CHECK_INT_EQ(system(cmd), 0);
    sqlite3_open(newer, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    CHECK_INT_EQ(store_restore(newer, live, 1764500000, kept, sizeof kept, err, sizeof err),
                 K_ERR_UNSUPPORTED);
    CHECK(strstr(err, "newer") != NULL);

    /* The good copy: restored, the replaced database kept beside it. */
    long long in_copy = count(good, "SELECT count(*) FROM requests");
    CHECK_INT_EQ(store_restore(good, live, 1764500000, kept, sizeof kept, err, sizeof err), K_OK);
    CHECK(strstr(kept, "live.db.replaced-") != NULL);
    CHECK_INT_EQ(count(kept, "SELECT count(*) FROM requests"), 900);
    Store *s = open_ok(live);
    if (s) {
        CHECK_INT_EQ(store_check(s, true), K_OK);
        store_close(s);
    }
    CHECK_INT_EQ(count(live, "SELECT count(*) FROM requests"), in_copy);
}

/* A damaged database fails the check store_open's caller makes. */
static void test_check_damaged(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/damaged.db", dir);
    Store *s = open_ok(path);
    if (!s)
        return;
    for (int i = 0; i < 400; i++)
        file_request(s, i);
    store_close(s);
    damage(path);
    char err[320];
    s = NULL;
    KResult r = store_open(path, &s, err, sizeof err);
    if (r == K_OK) {
        CHECK_INT_EQ(store_check(s, false), K_ERR_CORRUPT);
        CHECK(strstr(store_errmsg(s), "fails its check") != NULL);
        store_close(s);
    } else {
        CHECK_INT_EQ(r, K_ERR_CORRUPT);
    }
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kiosk-backup-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return 1;
    test_backup_while_writing();
    test_restore();
    test_check_damaged();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
