/* test_store.c - unit tests for app/store/: schema and migrations, filing a
 * request with its ticket, daily numbers across local midnight, the
 * append-only event log, refusals (bad drafts, newer or foreign or garbage
 * files), and faults injected on purpose: a database locked by another
 * connection, and a disk that fails at every possible write of a submit.
 *
 * Faults come from a shim VFS registered as SQLite's default, so the store
 * runs its real code against it.  The shim also makes SQLite's sleeps
 * instant: the busy test waits out the store's full 5 s timeout in no time.
 *
 * Every file lives in a fresh directory under $TMPDIR (or /tmp), removed at
 * the end.  TZ is set to Asia/Shanghai here, whatever the caller's. */
#include <dirent.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/request.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/ticket.h"

static char test_dir[512];
static int db_counter;
static const uint8_t test_key[TICKET_KEY_BYTES] = {
    1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

/* ---- the fault-injecting VFS ------------------------------------------ */

/* < 0: no faults.  n > 0: n more writes, syncs or truncates succeed, then
 * every one fails (a disk that is full stays full) until fault_off(). */
static int fault_countdown = -1;
static int skip_sync; /* 1: syncs succeed without touching the disk (speed) */
static int fault_hits;
static long long slept_us;
static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;

typedef struct {
    sqlite3_file base;
    sqlite3_file *real; /* allocated right after this struct */
} FaultFile;

static void fault_arm(int after)
{
    fault_countdown = after;
    fault_hits = 0;
}

static void fault_off(void)
{
    fault_countdown = -1;
}

static int fault_now(void)
{
    if (fault_countdown < 0)
        return 0;
    if (fault_countdown == 0) {
        fault_hits++;
        return 1;
    }
    fault_countdown--;
    return 0;
}

static sqlite3_file *real_file(sqlite3_file *f)
{
    return ((FaultFile *)f)->real;
}

static int ff_close(sqlite3_file *f)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xClose(r);
}

static int ff_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xRead(r, buf, n, off);
}

static int ff_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    sqlite3_file *r = real_file(f);
    if (fault_now())
        return SQLITE_FULL;
    return r->pMethods->xWrite(r, buf, n, off);
}

static int ff_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    sqlite3_file *r = real_file(f);
    if (fault_now())
        return SQLITE_IOERR_TRUNCATE;
    return r->pMethods->xTruncate(r, size);
}

static int ff_sync(sqlite3_file *f, int flags)
{
    sqlite3_file *r = real_file(f);
    if (fault_now())
        return SQLITE_IOERR_FSYNC;
    if (skip_sync)
        return SQLITE_OK;
    return r->pMethods->xSync(r, flags);
}

static int ff_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xFileSize(r, size);
}

static int ff_lock(sqlite3_file *f, int level)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xLock(r, level);
}

static int ff_unlock(sqlite3_file *f, int level)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xUnlock(r, level);
}

static int ff_check_reserved(sqlite3_file *f, int *out)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xCheckReservedLock(r, out);
}

static int ff_file_control(sqlite3_file *f, int op, void *arg)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xFileControl(r, op, arg);
}

static int ff_sector_size(sqlite3_file *f)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xSectorSize(r);
}

static int ff_device_characteristics(sqlite3_file *f)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xDeviceCharacteristics(r);
}

static int ff_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xShmMap(r, page, size, extend, out);
}

static int ff_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xShmLock(r, offset, n, flags);
}

static void ff_shm_barrier(sqlite3_file *f)
{
    sqlite3_file *r = real_file(f);
    r->pMethods->xShmBarrier(r);
}

static int ff_shm_unmap(sqlite3_file *f, int delete_flag)
{
    sqlite3_file *r = real_file(f);
    return r->pMethods->xShmUnmap(r, delete_flag);
}

/* Version 2: shared memory (WAL needs it) but no memory-mapped reads, so
 * every write goes through ff_write. */
static const sqlite3_io_methods fault_io = {
    2,
    ff_close,
    ff_read,
    ff_write,
    ff_truncate,
    ff_sync,
    ff_file_size,
    ff_lock,
    ff_unlock,
    ff_check_reserved,
    ff_file_control,
    ff_sector_size,
    ff_device_characteristics,
    ff_shm_map,
    ff_shm_lock,
    ff_shm_barrier,
    ff_shm_unmap,
    NULL,
    NULL,
};

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    FaultFile *ff = (FaultFile *)f;
    int rc;
    (void)vfs;
    ff->real = (sqlite3_file *)(ff + 1);
    rc = real_vfs->xOpen(real_vfs, name, ff->real, flags, out_flags);
    ff->base.pMethods = ff->real->pMethods ? &fault_io : NULL;
    return rc;
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    slept_us += us;
    return us;
}

/* A copy of the default VFS (same pAppData, so its own methods still work
 * when handed our struct) with xOpen and xSleep replaced. */
static void fault_vfs_install(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    fault_vfs = *real_vfs;
    fault_vfs.iVersion = real_vfs->iVersion;
    fault_vfs.szOsFile = (int)sizeof(FaultFile) + real_vfs->szOsFile;
    fault_vfs.zName = "kiosk-test-fault";
    fault_vfs.pNext = NULL;
    fault_vfs.xOpen = fv_open;
    fault_vfs.xSleep = fv_sleep;
    sqlite3_vfs_register(&fault_vfs, 1);
}

/* ---- the failing allocator ---------------------------------------------- */

/* SQLite's own allocator, wrapped: after oom_countdown more allocations
 * every one fails until oom_off().  Installed before SQLite initialises. */
static sqlite3_mem_methods real_mem;
static int oom_countdown = -1;

static void oom_arm(int after)
{
    oom_countdown = after;
}

static void oom_off(void)
{
    oom_countdown = -1;
}

static int oom_now(void)
{
    if (oom_countdown < 0)
        return 0;
    if (oom_countdown == 0)
        return 1;
    oom_countdown--;
    return 0;
}

static void *oom_malloc(int n)
{
    return oom_now() ? NULL : real_mem.xMalloc(n);
}

static void *oom_realloc(void *p, int n)
{
    return oom_now() ? NULL : real_mem.xRealloc(p, n);
}

static int oom_install(void)
{
    sqlite3_mem_methods m;
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem) != SQLITE_OK)
        return -1;
    m = real_mem;
    m.xMalloc = oom_malloc;
    m.xRealloc = oom_realloc;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &m) == SQLITE_OK ? 0 : -1;
}

/* ---- helpers ----------------------------------------------------------- */

/* A fresh database path in the test directory. */
static void new_db_path(char *out, size_t cap)
{
    snprintf(out, cap, "%s/kiosk%d.db", test_dir, ++db_counter);
}

static int64_t local_time(int year, int mon, int day, int hour, int min, int sec)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static void good_draft(RequestDraft *d)
{
    request_draft_init(d);
    text_copy(d->category, sizeof d->category, "elder_care");
    text_copy(d->issue, sizeof d->issue, "other");
    text_copy(d->description, sizeof d->description, "楼道灯坏了，老人晚上出门不方便");
    text_copy(d->phone, sizeof d->phone, "13812345678");
    text_copy(d->name, sizeof d->name, "王阿姨");
    text_copy(d->building, sizeof d->building, "b3");
    text_copy(d->unit, sizeof d->unit, "u2");
    text_copy(d->room, sizeof d->room, "r501");
    d->urgency = URGENCY_URGENT;
    d->flags = FLAG_AGED80 | FLAG_ALONE;
}

static Store *open_ok(const char *path)
{
    char err[320];
    Store *s = NULL;
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    store_open: %s\n", err);
    return s;
}

/* One integer from sql on a separate connection, as another program (or
 * the kiosk after a restart) would see the file.  -1 on error. */
static long long query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
fail:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Runs sql on a separate connection; returns SQLite's result code. */
static int exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

typedef struct {
    long long requests, tickets, events, seq_total;
} Counts;

static Counts counts(const char *path)
{
    Counts c = {-1, -1, -1, -1};
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM"
                           " tickets), (SELECT count(*) FROM events), (SELECT total(last)"
                           " FROM ticket_seq)",
                           -1, &st, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_step(st) == SQLITE_ROW) {
        c.requests = sqlite3_column_int64(st, 0);
        c.tickets = sqlite3_column_int64(st, 1);
        c.events = sqlite3_column_int64(st, 2);
        c.seq_total = sqlite3_column_int64(st, 3);
    }
fail:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return c;
}

static int counts_equal(Counts a, Counts b)
{
    return a.requests == b.requests && a.tickets == b.tickets && a.events == b.events &&
           a.seq_total == b.seq_total;
}

static int contains(const char *path, const char *needle)
{
    return strstr(path, needle) != NULL;
}

static void remove_test_dir(void)
{
    DIR *dir = opendir(test_dir);
    struct dirent *e;
    char p[1024];
    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", test_dir, e->d_name);
        chmod(p, 0600);
        unlink(p);
    }
    closedir(dir);
    rmdir(test_dir);
}

/* ---- tests --------------------------------------------------------------- */

static void test_open_creates_schema(void)
{
    char path[600];
    Store *s;
    new_db_path(path, sizeof path);

    s = open_ok(path);
    CHECK(s != NULL);
    CHECK_STR_EQ(store_errmsg(s), "");
    CHECK(store_schema_version() >= 1);
    CHECK_INT_EQ(query_int(path, "PRAGMA user_version"), store_schema_version());
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND"
                                 " name IN ('requests', 'tickets', 'ticket_seq', 'events')"),
                 4);
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                 " AND name LIKE 'events_%'"),
                 2);
    CHECK_INT_EQ(query_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
    store_close(s);

    /* Reopening finds the schema in place and changes nothing. */
    s = open_ok(path);
    CHECK(s != NULL);
    CHECK_INT_EQ(query_int(path, "PRAGMA user_version"), store_schema_version());
    store_close(s);

    store_close(NULL);
    CHECK_STR_EQ(store_errmsg(NULL), "");
}

static void test_open_refusals(void)
{
    char path[600], err[320];
    Store *s = (Store *)&s; /* not NULL: store_open must clear it */
    KResult r;
    FILE *f;

    /* A missing directory: K_ERR_IO naming the path. */
    snprintf(path, sizeof path, "%s/no/such/dir/kiosk.db", test_dir);
    r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_ERR_IO);
    CHECK(s == NULL);
    CHECK(contains(err, path));

    /* A file that is not a database at all. */
    new_db_path(path, sizeof path);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        for (int i = 0; i < 200; i++)
            fputs("this is a shopping list, not a database\n", f);
        fclose(f);
    }
    s = (Store *)&s;
    r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_ERR_CORRUPT);
    CHECK(s == NULL);
    CHECK(contains(err, path));
    {
        struct stat st;
        char wal[640];
        CHECK(stat(path, &st) == 0 && st.st_size == 200 * 40);
        snprintf(wal, sizeof wal, "%s-wal", path);
        CHECK(stat(wal, &st) != 0); /* the garbage was left alone */
    }

    /* A tiny garbage file too (shorter than an SQLite header). */
    new_db_path(path, sizeof path);
    f = fopen(path, "w");
    if (f) {
        fputs("x", f);
        fclose(f);
    }
    r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_ERR_CORRUPT);
    CHECK(contains(err, path));

    /* SQLite's header followed by garbage: damaged, also refused. */
    new_db_path(path, sizeof path);
    f = fopen(path, "wb");
    if (f) {
        fwrite("SQLite format 3", 1, 16, f);
        for (int i = 0; i < 4080; i++)
            fputc((i * 7919) & 0xff, f);
        fclose(f);
    }
    r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_ERR_CORRUPT);
    CHECK(contains(err, path));

    /* A database written by a newer kiosk build. */
    new_db_path(path, sizeof path);
    s = open_ok(path);
    store_close(s);
    {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_version() + 1);
        CHECK_INT_EQ(exec_sql(path, sql), SQLITE_OK);
    }
    r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_ERR_UNSUPPORTED);
    CHECK(s == NULL);
    CHECK(contains(err, path));
    CHECK(contains(err, "newer"));
    CHECK_INT_EQ(query_int(path, "PRAGMA user_version"), store_schema_version() + 1);

    /* Some other program's SQLite database: not touched. */
    new_db_path(path, sizeof path);
    CHECK_INT_EQ(exec_sql(path, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)"),
                 SQLITE_OK);
    r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_ERR_UNSUPPORTED);
    CHECK(contains(err, path));
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
    CHECK_INT_EQ(query_int(path, "PRAGMA user_version"), 0);

    /* No path, and no err buffer: still a clean refusal. */
    CHECK_INT_EQ(store_open("", &s, NULL, 0), K_ERR_INVALID);
    CHECK(s == NULL);
}

static void test_submit(void)
{
    char path[600];
    RequestDraft d, d2;
    Ticket t, again, got;
    RequestRecord rec;
    int64_t id = 0, id2 = 0;
    int64_t now = local_time(2024, 3, 1, 10, 0, 0);
    char site[TICKET_SITE_MAX], kind = 0;
    int64_t signed_id = 0;
    Counts before;
    Store *s;

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "NANJING01", now, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(store_errmsg(s), "");
    CHECK(id > 0);
    CHECK(t.id > 0);
    CHECK_STR_EQ(t.number, "A001");
    CHECK_STR_EQ(t.site, "NANJING01");
    CHECK(t.kind == 'A');
    CHECK_STR_EQ(t.day, "2024-03-01");
    CHECK_INT_EQ(t.seq, 1);
    CHECK_INT_EQ(strlen(t.lookup), TICKET_LOOKUP_LEN);
    CHECK_INT_EQ(strspn(t.lookup, TICKET_LOOKUP_ALPHABET), TICKET_LOOKUP_LEN);
    CHECK_INT_EQ(t.created_at, now);
    CHECK_INT_EQ(t.due_at, now + 72 * 3600);
    CHECK_INT_EQ(ticket_verify(test_key, t.payload, "NANJING01", site, &kind, &signed_id), K_OK);
    CHECK_INT_EQ(signed_id, t.id);
    CHECK(kind == 'A');
    CHECK_STR_EQ(site, "NANJING01");

    /* What was stored reads back whole. */
    CHECK_INT_EQ(store_get_ticket(s, t.id, &got), K_OK);
    CHECK(memcmp(&got, &t, sizeof t) == 0);
    CHECK_INT_EQ(store_get_request(s, id, &rec), K_OK);
    CHECK_INT_EQ(rec.id, id);
    CHECK_STR_EQ(rec.site, "NANJING01");
    CHECK_STR_EQ(rec.status, REQ_STATUS_SUBMITTED);
    CHECK_INT_EQ(rec.created_at, now);
    CHECK_STR_EQ(rec.draft.token, d.token);
    CHECK_STR_EQ(rec.draft.category, d.category);
    CHECK_STR_EQ(rec.draft.issue, d.issue);
    CHECK_STR_EQ(rec.draft.description, d.description);
    CHECK_STR_EQ(rec.draft.phone, d.phone);
    CHECK_STR_EQ(rec.draft.name, d.name);
    CHECK_STR_EQ(rec.draft.building, "b3");
    CHECK_STR_EQ(rec.draft.unit, "u2");
    CHECK_STR_EQ(rec.draft.room, "r501");
    CHECK_INT_EQ(rec.draft.urgency, URGENCY_URGENT);
    CHECK_INT_EQ(rec.draft.flags, FLAG_AGED80 | FLAG_ALONE);
    CHECK(memcmp(&rec.ticket, &t, sizeof t) == 0);
    CHECK_INT_EQ(query_int(path, "SELECT due_at FROM requests"), now + 72 * 3600);

    /* Not there: K_ERR_NOT_FOUND with a message. */
    CHECK_INT_EQ(store_get_ticket(s, t.id + 100, &got), K_ERR_NOT_FOUND);
    CHECK(store_errmsg(s)[0] != '\0');
    CHECK_INT_EQ(store_get_request(s, id + 100, &rec), K_ERR_NOT_FOUND);

    /* A double tap: the same draft again returns the same ticket, even a
     * second later, and writes nothing. */
    before = counts(path);
    CHECK_INT_EQ(before.requests, 1);
    CHECK_INT_EQ(before.tickets, 1);
    CHECK_INT_EQ(before.events, 1);
    CHECK_INT_EQ(store_submit_request(s, &d, "NANJING01", now + 1, 72, test_key, &id2, &again),
                 K_OK);
    CHECK_INT_EQ(id2, id);
    CHECK(memcmp(&again, &t, sizeof t) == 0);
    CHECK(counts_equal(counts(path), before));

    /* The next draft takes the next number. */
    good_draft(&d2);
    CHECK_INT_EQ(store_submit_request(s, &d2, "NANJING01", now + 60, 24, test_key, &id2, &again),
                 K_OK);
    CHECK(id2 != id);
    CHECK_STR_EQ(again.number, "A002");
    CHECK(strcmp(again.lookup, t.lookup) != 0);
    CHECK_INT_EQ(again.due_at, now + 60 + 24 * 3600);
    store_close(s);

    /* Durable: another connection sees both, with payloads. */
    CHECK_INT_EQ(
        query_int(path, "SELECT count(*) FROM tickets WHERE payload LIKE 'KT2.NANJING01.A.%.0.%'"),
        2);
}

typedef struct {
    int n;
    int64_t ids[8];
    char kinds[8][48];
    char details[8][512];
    int64_t ats[8];
    int stop_after;
} EventLog;

static int collect_event(const StoreEvent *e, void *user)
{
    EventLog *log = user;
    if (log->n < 8) {
        log->ids[log->n] = e->id;
        log->ats[log->n] = e->at;
        text_copy(log->kinds[log->n], sizeof log->kinds[0], e->kind);
        text_copy(log->details[log->n], sizeof log->details[0], e->detail);
    }
    log->n++;
    return log->stop_after > 0 && log->n >= log->stop_after;
}

static void test_events(void)
{
    char path[600];
    RequestDraft d;
    Ticket t;
    int64_t id = 0;
    int64_t now = local_time(2024, 3, 2, 9, 30, 0);
    EventLog log;
    Counts before;
    Store *s;

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_OK);

    /* The submit's own event: ticket number and category, nothing personal. */
    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_events(s, "request", id, collect_event, &log), K_OK);
    CHECK_INT_EQ(log.n, 1);
    CHECK_STR_EQ(log.kinds[0], "request_submitted");
    CHECK_INT_EQ(log.ats[0], now);
    CHECK(strstr(log.details[0], "\"ticket\":\"A001\"") != NULL);
    CHECK(strstr(log.details[0], "\"category\":\"elder_care\"") != NULL);
    CHECK(strstr(log.details[0], d.phone) == NULL);
    CHECK(strstr(log.details[0], d.name) == NULL);
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM events WHERE actor = 'kiosk' AND"
                                 " subject = 'request' AND json_valid(detail)"),
                 1);

    /* Oldest first, whatever order they were logged in. */
    CHECK_INT_EQ(store_log_event(s, now + 300, "admin", "status_changed", "request", id,
                                 "{\"to\":\"resolved\"}"),
                 K_OK);
    CHECK_INT_EQ(store_log_event(s, now + 100, "wang", "status_changed", "request", id, NULL),
                 K_OK);
    CHECK_INT_EQ(store_log_event(s, now + 200, "admin", "note", "request", id + 1, "{}"), K_OK);
    CHECK_INT_EQ(store_log_event(s, now, "admin", "backup", NULL, 0, NULL), K_OK);
    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_events(s, "request", id, collect_event, &log), K_OK);
    CHECK_INT_EQ(log.n, 3);
    CHECK_INT_EQ(log.ats[0], now);
    CHECK_INT_EQ(log.ats[1], now + 100);
    CHECK_INT_EQ(log.ats[2], now + 300);
    CHECK_STR_EQ(log.details[1], "");
    CHECK_STR_EQ(log.details[2], "{\"to\":\"resolved\"}");
    memset(&log, 0, sizeof log);
    log.stop_after = 1;
    CHECK_INT_EQ(store_list_events(s, "request", id, collect_event, &log), K_OK);
    CHECK_INT_EQ(log.n, 1);
    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_events(s, NULL, 0, collect_event, &log), K_OK);
    CHECK_INT_EQ(log.n, 1);
    CHECK_STR_EQ(log.kinds[0], "backup");

    /* Refused events. */
    before = counts(path);
    CHECK_INT_EQ(store_log_event(s, now, "admin", "note", "request", id, "{not json"),
                 K_ERR_INVALID);
    CHECK(store_errmsg(s)[0] != '\0');
    CHECK_INT_EQ(store_log_event(s, now, "admin", "note", "request", id, "[1,2]"), K_ERR_INVALID);
    CHECK_INT_EQ(store_log_event(s, now, "", "note", "request", id, NULL), K_ERR_INVALID);
    CHECK_INT_EQ(store_log_event(s, now, "admin",
                                 "a kind that is far too long to fit in forty-eight bytes",
                                 "request", id, NULL),
                 K_ERR_INVALID);
    CHECK(counts_equal(counts(path), before));

    /* Append-only, enforced by the database for any connection. */
    CHECK(exec_sql(path, "UPDATE events SET detail = NULL") != SQLITE_OK);
    CHECK(exec_sql(path, "UPDATE events SET kind = 'x' WHERE id = 1") != SQLITE_OK);
    CHECK(exec_sql(path, "DELETE FROM events WHERE id = 1") != SQLITE_OK);
    CHECK(exec_sql(path, "DELETE FROM events") != SQLITE_OK);
    CHECK(counts_equal(counts(path), before));
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM events WHERE detail IS NULL"), 2);
    store_close(s);
}

static void test_midnight_and_sites(void)
{
    char path[600];
    RequestDraft d;
    Ticket t;
    int64_t id;
    int64_t late = local_time(2024, 3, 1, 23, 59, 59);
    int64_t early = local_time(2024, 3, 2, 0, 0, 1);
    Store *s;

    /* The zone really is UTC+8: local midnight is 16:00 UTC, so a store
     * that used UTC days would keep counting across it. */
    CHECK_INT_EQ(early - late, 2);
    CHECK_INT_EQ(late % 86400, 15 * 3600 + 59 * 60 + 59);

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    for (int i = 1; i <= 3; i++) {
        good_draft(&d);
        CHECK_INT_EQ(store_submit_request(s, &d, "S1", late, 72, test_key, &id, &t), K_OK);
        CHECK_INT_EQ(t.seq, i);
        CHECK_STR_EQ(t.day, "2024-03-01");
    }
    CHECK_STR_EQ(t.number, "A003");
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", early, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(t.number, "A001");
    CHECK_STR_EQ(t.day, "2024-03-02");
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", early + 5, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(t.number, "A002");

    /* Another site on the same day counts on its own. */
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S2", early, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(t.number, "A001");
    CHECK_STR_EQ(t.site, "S2");
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", early + 9, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(t.number, "A003");
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM ticket_seq"), 3);
    store_close(s);
}

static void test_invalid_draft(void)
{
    char path[600];
    RequestDraft d;
    Ticket t;
    int64_t id = 99;
    int64_t now = local_time(2024, 3, 1, 10, 0, 0);
    Counts before;
    Store *s;

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    before = counts(path);

    good_draft(&d);
    d.category[0] = '\0';
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_ERR_INVALID);
    CHECK(store_errmsg(s)[0] != '\0');
    CHECK_INT_EQ(id, 0);
    CHECK_STR_EQ(t.number, "");

    good_draft(&d);
    text_copy(d.phone, sizeof d.phone, "12");
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "phone") != NULL);

    good_draft(&d);
    memset(d.description, 'x', sizeof d.description); /* no terminator */
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_ERR_INVALID);

    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "bad-site", now, 72, test_key, &id, &t),
                 K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "site") != NULL);
    CHECK_INT_EQ(store_submit_request(s, &d, "", now, 72, test_key, &id, &t), K_ERR_INVALID);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 0, test_key, &id, &t), K_ERR_INVALID);

    CHECK(counts_equal(counts(path), before));
    CHECK_INT_EQ(before.requests, 0);
    CHECK_INT_EQ(before.seq_total, 0);

    /* And the store still works after the refusals. */
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(store_errmsg(s), "");
    CHECK_STR_EQ(t.number, "A001");
    store_close(s);
}

typedef struct {
    int n;
    int64_t created[16];
    char status[16][24];
    int stop_after;
} RequestLog;

static int collect_request(const RequestRecord *r, void *user)
{
    RequestLog *log = user;
    if (log->n < 16) {
        log->created[log->n] = r->created_at;
        text_copy(log->status[log->n], sizeof log->status[0], r->status);
    }
    log->n++;
    return log->stop_after > 0 && log->n >= log->stop_after;
}

static void test_list(void)
{
    char path[600];
    RequestDraft d;
    Ticket t;
    int64_t id;
    int64_t base = local_time(2024, 3, 5, 8, 0, 0);
    const int64_t order[5] = {30, 10, 50, 20, 40}; /* minutes after base, filed in this order */
    RequestLog log;
    Store *s;

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    for (int i = 0; i < 5; i++) {
        good_draft(&d);
        CHECK_INT_EQ(store_submit_request(s, &d, "S1", base + order[i] * 60, 72, test_key, &id, &t),
                     K_OK);
    }
    /* Staff moved two along; the staff workflow is not the store's yet. */
    CHECK_INT_EQ(exec_sql(path, "UPDATE requests SET status = 'accepted' WHERE id IN (1, 3)"),
                 SQLITE_OK);

    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_requests(s, NULL, 0, collect_request, &log), K_OK);
    CHECK_INT_EQ(log.n, 5);
    for (int i = 0; i < 5; i++)
        CHECK_INT_EQ(log.created[i], base + (50 - 10 * i) * 60);

    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_requests(s, NULL, 2, collect_request, &log), K_OK);
    CHECK_INT_EQ(log.n, 2);
    CHECK_INT_EQ(log.created[0], base + 50 * 60);

    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_requests(s, "accepted", 0, collect_request, &log), K_OK);
    CHECK_INT_EQ(log.n, 2);
    CHECK_INT_EQ(log.created[0], base + 50 * 60); /* id 3 */
    CHECK_INT_EQ(log.created[1], base + 30 * 60); /* id 1 */
    CHECK_STR_EQ(log.status[0], "accepted");

    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_requests(s, REQ_STATUS_SUBMITTED, 2, collect_request, &log), K_OK);
    CHECK_INT_EQ(log.n, 2);
    CHECK_INT_EQ(log.created[0], base + 40 * 60);
    CHECK_INT_EQ(log.created[1], base + 20 * 60);

    memset(&log, 0, sizeof log);
    log.stop_after = 1;
    CHECK_INT_EQ(store_list_requests(s, NULL, 0, collect_request, &log), K_OK);
    CHECK_INT_EQ(log.n, 1);

    memset(&log, 0, sizeof log);
    CHECK_INT_EQ(store_list_requests(s, "no_such_status", 0, collect_request, &log), K_OK);
    CHECK_INT_EQ(log.n, 0);
    store_close(s);
}

/* Another program holds the write lock longer than the busy timeout. */
static void test_busy(void)
{
    char path[600];
    RequestDraft d, first;
    RequestRecord rec;
    Ticket t;
    int64_t id = 0, first_id = 0;
    int64_t now = local_time(2024, 3, 1, 10, 0, 0);
    sqlite3 *other = NULL;
    Counts before;
    Store *s;

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    good_draft(&first);
    CHECK_INT_EQ(store_submit_request(s, &first, "S1", now, 72, test_key, &first_id, &t), K_OK);
    before = counts(path);

    CHECK_INT_EQ(sqlite3_open(path, &other), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(other,
                              "BEGIN EXCLUSIVE; INSERT INTO ticket_seq VALUES"
                              " ('S9', 'A', '2024-03-01', 7)",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    slept_us = 0;
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now + 1, 72, test_key, &id, &t), K_ERR_BUSY);
    CHECK(strstr(store_errmsg(s), "locked") != NULL);
    CHECK_INT_EQ(id, 0);
    /* It waited out the whole timeout (in the shim's clock), no more. */
    CHECK(slept_us >= 4900000LL && slept_us <= 6000000LL);
    /* WAL: reading goes on while another writer holds the lock. */
    CHECK_INT_EQ(store_get_request(s, first_id, &rec), K_OK);
    CHECK_INT_EQ(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);

    CHECK(counts_equal(counts(path), before));
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now + 2, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(t.number, "A002");
    store_close(s);
}

/* The disk fails at the first write of a submit, then at the second, and
 * so on until a submit gets through: every failure leaves no trace. */
static void test_disk_faults(void)
{
    char path[600];
    RequestDraft d;
    Ticket t;
    int64_t id = 0;
    int64_t now = local_time(2024, 3, 1, 10, 0, 0);
    int failures = 0, ok_at = -1;
    Counts before, after;
    Store *s;

    new_db_path(path, sizeof path);
    s = open_ok(path);
    if (!s)
        return;
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_OK);
    before = counts(path);

    for (int n = 0; n < 200; n++) {
        RequestDraft fresh;
        KResult r;
        good_draft(&fresh);
        fault_arm(n);
        r = store_submit_request(s, &fresh, "S1", now + 1, 72, test_key, &id, &t);
        fault_off();
        if (r == K_OK) {
            ok_at = n;
            break;
        }
        failures++;
        CHECK(r == K_ERR_IO);
        CHECK(strstr(store_errmsg(s), "cannot") != NULL);
        CHECK_INT_EQ(id, 0);
        after = counts(path);
        CHECK(counts_equal(after, before));
        if (!counts_equal(after, before))
            fprintf(stderr, "    after %d good writes: %lld requests, %lld tickets\n", n,
                    after.requests, after.tickets);
    }
    CHECK(failures >= 1);
    CHECK(ok_at >= 1);
    CHECK_STR_EQ(t.number, "A002");
    store_close(s);

    /* After a restart: exactly two requests, numbers 1 and 2, all sound. */
    after = counts(path);
    CHECK_INT_EQ(after.requests, 2);
    CHECK_INT_EQ(after.tickets, 2);
    CHECK_INT_EQ(after.events, 2);
    CHECK_INT_EQ(after.seq_total, 2);
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM pragma_integrity_check"
                                 " WHERE integrity_check = 'ok'"),
                 1);
    CHECK_INT_EQ(query_int(path, "SELECT count(*) FROM tickets WHERE payload IS NULL"), 0);
    printf("disk faults: %d failed submits left no trace\n", failures);
}

/* Memory runs out at the first allocation, then at the second, and so on
 * until the call gets through: first for store_open on a new file, then
 * for a submit on an open store.  Each failure is reported as K_ERR_NOMEM
 * (never a crash), leaks nothing (run under ASan), and leaves nothing
 * half-done: the file opens cleanly afterwards, and a failed submit wrote
 * no row while the same Store keeps working. */
static void test_out_of_memory(void)
{
    char path[600], err[320];
    RequestDraft d;
    Ticket t;
    int64_t id;
    int64_t now = local_time(2024, 3, 1, 10, 0, 0);
    int open_failures = 0, submit_failures = 0, ok_at = -1;
    Counts before;
    Store *s = NULL;

    /* Opening a new file takes some tens of thousands of allocations,
     * mostly parsing the schema (each ALTER TABLE of a migration parses it
     * again) and preparing statements: every one of the first 200 fails in
     * turn, then every 23rd up to 4,000, then every 251st, to keep the test
     * to a few seconds.  The databases made here are thrown away, so their
     * fsyncs would prove nothing. */
    skip_sync = 1;
    for (int n = 0; n < 200000; n += n < 200 ? 1 : n < 4000 ? 23 : 251) {
        KResult r;
        new_db_path(path, sizeof path);
        oom_arm(n);
        r = store_open(path, &s, err, sizeof err);
        oom_off();
        if (r == K_OK) {
            ok_at = n;
            break;
        }
        open_failures++;
        CHECK(s == NULL);
        if (r != K_ERR_NOMEM) {
            CHECK_INT_EQ(r, K_ERR_NOMEM);
            fprintf(stderr, "    open after %d allocations: %s\n", n, err);
        }
        /* Whatever was left migrates on the next open. */
        s = open_ok(path);
        store_close(s);
        s = NULL;
        CHECK_INT_EQ(query_int(path, "PRAGMA user_version"), store_schema_version());
        unlink(path);
    }
    CHECK(ok_at > 0);

    before = counts(path);
    ok_at = -1;
    for (int n = 0; s && n < 20000; n++) {
        KResult r;
        good_draft(&d);
        oom_arm(n);
        r = store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t);
        oom_off();
        if (r == K_OK) {
            ok_at = n;
            break;
        }
        submit_failures++;
        if (r != K_ERR_NOMEM) {
            CHECK_INT_EQ(r, K_ERR_NOMEM);
            fprintf(stderr, "    submit after %d allocations: %s\n", n, store_errmsg(s));
        }
        CHECK(counts_equal(counts(path), before));
    }
    skip_sync = 0;
    CHECK(ok_at > 0);
    CHECK_STR_EQ(t.number, "A001");
    store_close(s);
    CHECK_INT_EQ(counts(path).requests, 1);
    printf("out of memory: %d failed opens and %d failed submits, all clean\n", open_failures,
           submit_failures);
}

/* A write-protected file is refused at open, not at the first ticket.
 * root writes through any mode bits, so the check needs another user. */
static void test_read_only(void)
{
    char path[600], err[320];
    Store *s;
    if (geteuid() == 0) {
        printf("read-only file: skipped (running as root)\n");
        return;
    }
    new_db_path(path, sizeof path);
    s = open_ok(path);
    store_close(s);
    CHECK(chmod(path, 0444) == 0);
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_ERR_IO);
    CHECK(s == NULL);
    CHECK(contains(err, path));
    CHECK(contains(err, "read-only"));
    chmod(path, 0600);
}

/* Issue 24: statements are prepared on first use, not at open.  Every one
 * of every file still prepares (store_prepare_every: an SQL typo fails
 * here, as it failed every open before), and one that cannot be prepared
 * fails its call with a message, inside a transaction rolled back, while
 * the rest of the store goes on working. */
static void test_lazy_statements(void)
{
    char path[600], err[320];
    Store *s;
    Assignee as[4];
    Ticket t;
    RequestDraft d;
    int64_t id = 0;
    int n = -1, ahead = 0;
    int64_t now = local_time(2024, 3, 1, 10, 0, 0);

    new_db_path(path, sizeof path);
    s = open_ok(path);
    CHECK_INT_EQ(store_prepare_every(s), K_OK);
    CHECK_STR_EQ(store_errmsg(s), "");
    store_close(s);

    /* A table gone behind the kiosk's back (by hand): the database still
     * opens (its version is right), and what needs the table fails. */
    CHECK_INT_EQ(exec_sql(path, "DROP TABLE assignees; DROP TRIGGER walkin_called_by;"
                                " DROP TRIGGER outbox_walkin_skipped; DROP TABLE walkin"),
                 SQLITE_OK);
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return;
    CHECK_INT_EQ(store_assignee_list(s, as, 4, &n), K_ERR_DB);
    CHECK_INT_EQ(n, 0);
    CHECK(contains(store_errmsg(s), "cannot prepare queue statement"));
    CHECK(contains(store_errmsg(s), path));
    CHECK(contains(store_errmsg(s), "no such table: assignees"));
    /* asked again: prepared again, failing again (nothing kept half-made) */
    CHECK_INT_EQ(store_assignee_list(s, as, 4, &n), K_ERR_DB);
    /* inside a transaction: the ticket taken before is rolled back */
    Counts before = counts(path);
    CHECK_INT_EQ(store_walkin_issue(s, "S1", now, test_key, &t, &ahead), K_ERR_DB);
    CHECK(contains(store_errmsg(s), "cannot prepare walkin statement"));
    CHECK(contains(store_errmsg(s), "no such table: walkin"));
    CHECK(counts_equal(counts(path), before));
    /* the rest works */
    good_draft(&d);
    CHECK_INT_EQ(store_submit_request(s, &d, "S1", now, 72, test_key, &id, &t), K_OK);
    CHECK_STR_EQ(t.number, "A001");
    CHECK_INT_EQ(store_prepare_every(s), K_ERR_DB);
    CHECK(contains(store_errmsg(s), "cannot prepare "));
    store_close(s);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    if (sodium_init() < 0) {
        fprintf(stderr, "libsodium failed to initialise\n");
        return 1;
    }
    snprintf(test_dir, sizeof test_dir, "%s/test_store.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(test_dir)) {
        perror("mkdtemp");
        return 1;
    }
    if (oom_install() != 0) {
        fprintf(stderr, "cannot install the test allocator\n");
        return 1;
    }
    fault_vfs_install();

    test_open_creates_schema();
    test_open_refusals();
    test_submit();
    test_events();
    test_midnight_and_sites();
    test_invalid_draft();
    test_list();
    test_busy();
    test_disk_faults();
    test_out_of_memory();
    test_read_only();
    test_lazy_statements();

    remove_test_dir();
    return CHECK_DONE();
}
