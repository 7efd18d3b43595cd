/* store_backup.c - checking the database, online backups and restoring one
 * (see store.h).
 *
 * Backups use SQLite's online backup API: the copy is a consistent snapshot
 * taken while the kiosk (and any other process) goes on writing, since in
 * WAL mode a reader does not block writers.  A copy counts only once it
 * passes PRAGMA integrity_check; a failed one is removed.  Restoring goes
 * the other way through the same API, after the same checks on the file,
 * and first keeps the database it replaces.
 *
 * Files: a backup is made as PATH.partial and given its name only once it
 * has passed its check, without replacing anything (outfile_place_new), so a
 * backup killed half-way leaves no file under the name that would block a
 * retry.  The partial file is locked (flock) while a backup writes it: a
 * retry finds a stale one unlocked and starts it afresh, its hot journal
 * removed first (SQLite would otherwise roll it back into the new copy).
 * The kept copy of a restore gets a name no other file has (a sequence
 * number after the time when needed; O_EXCL, never overwriting), and the
 * owner of the database it keeps when run as root.  Every file is created
 * 0600: they hold residents' phones and addresses. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "kiosk/outfile.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

#define BACKUP_PAGES 1024 /* pages copied per step */
/* After a restore in a district, new requests, tickets, bookings and
 * walk-ins take ids this far above the backup's highest: the database that
 * was lost may have handed out (and sent to the centre) ids after the
 * backup, and an id names one row at the centre for ever.  A million is
 * years of a busy station's work. */
#define RESTORE_ID_GAP 1000000

/* "ok", or the first line integrity_check (or quick_check) reports. */
static KResult check_db(sqlite3 *db, bool full, char *why, size_t cap)
{
    sqlite3_stmt *st = NULL;
    KResult r = K_OK;
    int rc = sqlite3_prepare_v2(db, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", -1, &st,
                                NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        snprintf(why, cap, "%s", sqlite3_errmsg(db));
        r = store_result_from_sqlite(rc) == K_OK ? K_ERR_CORRUPT : store_result_from_sqlite(rc);
        if (r == K_ERR_DB)
            r = K_ERR_CORRUPT;
    } else {
        const unsigned char *v = sqlite3_column_text(st, 0);
        if (!v || strcmp((const char *)v, "ok") != 0) {
            snprintf(why, cap, "%s", v ? (const char *)v : "no answer");
            r = K_ERR_CORRUPT;
        }
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_check(Store *s, bool full)
{
    store_clear_error(s);
    char why[256] = "";
    KResult r = check_db(s->db, full, why, sizeof why);
    if (r != K_OK)
        snprintf(s->err, sizeof s->err, "the database fails its check: %s", why);
    return r;
}

/* Copies all of src into dst (both open) with the backup API.  A lock
 * held by someone else is waited for, but not for ever: after STORE_BUSY_MS
 * of waiting in a row the backup gives up with K_ERR_BUSY (it is tried
 * again at the next schedule, or by hand). */
static KResult copy_db(sqlite3 *dst, sqlite3 *src, char *why, size_t cap)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        snprintf(why, cap, "%s", sqlite3_errmsg(dst));
        return K_ERR_IO;
    }
    int rc, waited_ms = 0;
    do {
        rc = sqlite3_backup_step(b, BACKUP_PAGES);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(20);
            waited_ms += 20;
        } else {
            waited_ms = 0;
        }
    } while (rc == SQLITE_OK ||
             ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited_ms < STORE_BUSY_MS));
    int fin = sqlite3_backup_finish(b);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        snprintf(why, cap, "the database stayed locked by another program for %d s",
                 STORE_BUSY_MS / 1000);
        return K_ERR_BUSY;
    }
    if (rc != SQLITE_DONE || fin != SQLITE_OK) {
        snprintf(why, cap, "%s", sqlite3_errmsg(dst));
        KResult r = store_result_from_sqlite(rc != SQLITE_DONE ? rc : fin);
        return r == K_OK ? K_ERR_IO : r;
    }
    return K_OK;
}

/* Opens path (creating it when create) for copying into or out of. */
static KResult open_file(const char *path, bool create, sqlite3 **db, char *why, size_t cap)
{
    int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(path, db, flags | SQLITE_OPEN_EXRESCODE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, cap, "%s", *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
        sqlite3_close(*db);
        *db = NULL;
        return store_result_from_sqlite(rc);
    }
    sqlite3_busy_timeout(*db, 5000);
    return K_OK;
}

static int64_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

/* Opens and locks path.partial for a new backup: *lockfd holds the lock
 * until the copy has its name.  K_ERR_BUSY when another backup to the same
 * name is under way, K_ERR_REFUSED when the partial name is not a plain
 * file of ours. */
static KResult open_partial(const char *path, char *tmp, size_t cap, int *lockfd, char *why,
                            size_t whycap)
{
    char journal[OUTFILE_PATH_MAX + 16];
    *lockfd = -1;
    if ((size_t)snprintf(tmp, cap, "%s.partial", path) >= cap ||
        (size_t)snprintf(journal, sizeof journal, "%s-journal", tmp) >= sizeof journal) {
        snprintf(why, whycap, "the path is too long");
        return K_ERR_INVALID;
    }
    KResult r = outfile_check(tmp, why, whycap);
    if (r != K_OK)
        return r;
    int fd = open(tmp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0600);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, whycap, "cannot make %s: %s", tmp,
                 fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return fd < 0 && errno != ELOOP ? K_ERR_IO : K_ERR_REFUSED;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        snprintf(why, whycap, "another backup to the same file is under way (%s)", tmp);
        close(fd);
        return K_ERR_BUSY;
    }
    /* Ours now: whatever a killed backup left is started afresh. */
    if (ftruncate(fd, 0) != 0 || fchmod(fd, 0600) != 0 ||
        (unlink(journal) != 0 && errno != ENOENT)) {
        snprintf(why, whycap, "cannot start %s afresh: %s", tmp, strerror(errno));
        close(fd);
        return K_ERR_IO;
    }
    *lockfd = fd;
    return K_OK;
}

bool store_backup_clear_stale(const char *partial)
{
    char journal[OUTFILE_PATH_MAX + 16];
    if ((size_t)snprintf(journal, sizeof journal, "%s-journal", partial) >= sizeof journal)
        return false;
    int fd = open(partial, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (fd >= 0)
            close(fd);
        return false; /* not ours, or a backup is writing it */
    }
    bool removed = unlink(partial) == 0;
    (void)unlink(journal);
    close(fd);
    return removed;
}

KResult store_backup(Store *s, const char *path, int64_t now, const char *actor, int64_t *bytes)
{
    char why[OUTFILE_PATH_MAX + 128] = "", tmp[OUTFILE_PATH_MAX];
    sqlite3 *dst = NULL;
    int lockfd = -1;
    store_clear_error(s);
    if (bytes)
        *bytes = 0;
    /* Never the database, its WAL or key, nor a device or folder. */
    KResult r = outfile_check(path, why, sizeof why);
    if (r != K_OK) {
        snprintf(s->err, sizeof s->err, "%.300s", why);
        return r;
    }
    if (access(path, F_OK) == 0) {
        snprintf(s->err, sizeof s->err, "%.200s already exists: a backup never overwrites a file",
                 path);
        return K_ERR_EXISTS;
    }
    r = open_partial(path, tmp, sizeof tmp, &lockfd, why, sizeof why);
    if (r != K_OK) {
        snprintf(s->err, sizeof s->err, "backup to %.100s refused: %.190s", path, why);
        return r;
    }
    r = open_file(tmp, true, &dst, why, sizeof why);
    if (r == K_OK)
        r = copy_db(dst, s->db, why, sizeof why);
    /* One self-contained file, checked before it counts. */
    if (r == K_OK &&
        sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        snprintf(why, sizeof why, "%s", sqlite3_errmsg(dst));
    if (r == K_OK)
        r = check_db(dst, true, why, sizeof why);
    sqlite3_close(dst);
    if (r == K_OK && fsync(lockfd) != 0) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        r = K_ERR_IO;
    }
    if (r == K_OK) {
        r = outfile_place_new(tmp, path);
        if (r == K_ERR_EXISTS)
            snprintf(why, sizeof why, "%s appeared meanwhile; it is left as it was", path);
        else if (r != K_OK)
            snprintf(why, sizeof why, "cannot give the copy its name: %s", strerror(errno));
    }
    if (r != K_OK) {
        unlink(tmp);
        close(lockfd);
        snprintf(s->err, sizeof s->err, "backup to %.100s failed: %.190s", path, why);
        return r;
    }
    close(lockfd);
    int64_t size = file_size(path);
    if (bytes)
        *bytes = size;
    if (s->readonly)
        return K_OK; /* a read-only database logs nothing (store_open_read) */
    char detail[400], q[300];
    if (!text_json_quote(q, sizeof q, path))
        text_copy(q, sizeof q, "\"?\"");
    snprintf(detail, sizeof detail, "{\"path\":%s,\"bytes\":%lld}", q, (long long)size);
    return store_insert_event(s, now, actor, "backup_done", "backup", 0, detail);
}

typedef struct {
    int64_t at;
    char path[512];
    bool found;
} LastBackup;

static int last_backup_fn(const StoreEvent *e, void *user)
{
    LastBackup *l = user;
    if (strcmp(e->kind, "backup_done") != 0)
        return 0;
    l->at = e->at;
    l->found = true;
    const char *p = strstr(e->detail, "\"path\":\"");
    l->path[0] = '\0';
    if (p) {
        p += 8;
        size_t n = strcspn(p, "\"");
        if (n >= sizeof l->path)
            n = sizeof l->path - 1;
        memcpy(l->path, p, n);
        l->path[n] = '\0';
    }
    return 0; /* events come oldest first: the last one wins */
}

KResult store_last_backup(Store *s, int64_t *at, char *path, size_t cap)
{
    LastBackup l = {0};
    KResult r = store_list_events(s, "backup", 0, last_backup_fn, &l);
    if (r != K_OK)
        return r;
    if (!l.found)
        return K_ERR_NOT_FOUND;
    *at = l.at;
    if (path)
        text_copy(path, cap, l.path);
    return K_OK;
}

/* One integer from a PRAGMA. */
static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

KResult store_check_file(const char *path, char *err, size_t errcap)
{
    sqlite3 *db = NULL;
    char why[256] = "";
    if (access(path, R_OK) != 0) {
        snprintf(err, errcap, "cannot read %s", path);
        return K_ERR_NOT_FOUND;
    }
    KResult r = open_file(path, false, &db, why, sizeof why);
    int version = 0, app_id = 0;
    if (r == K_OK && (pragma_int(db, "PRAGMA application_id", &app_id) != SQLITE_OK ||
                      pragma_int(db, "PRAGMA user_version", &version) != SQLITE_OK)) {
        snprintf(why, sizeof why, "%s", sqlite3_errmsg(db));
        r = K_ERR_CORRUPT;
    }
    if (r == K_OK && app_id != 1263095635) {
        snprintf(err, errcap, "%s is not a kiosk database", path);
        r = K_ERR_UNSUPPORTED;
    } else if (r == K_OK && version > store_schema_version()) {
        snprintf(err, errcap,
                 "%s has schema version %d, newer than this kiosk's %d: restore it with a newer "
                 "build",
                 path, version, store_schema_version());
        r = K_ERR_UNSUPPORTED;
    } else if (r == K_OK) {
        r = check_db(db, true, why, sizeof why);
        if (r != K_OK)
            snprintf(err, errcap, "%s fails its integrity check: %s", path, why);
    } else {
        snprintf(err, errcap, "%s is not a usable database: %s", path, why);
    }
    sqlite3_close(db);
    return r;
}

/* Creates the empty file that keeps the database at dst before a restore:
 * dst.replaced-YYYYMMDD-HHMMSS, or with -2, -3 ... after it when that name
 * is taken (two restores in one second), never an existing file.  Mode
 * 0600, and when run as root the owner of dst, so the kiosk's account can
 * still read its own old data and nobody else can. */
static KResult make_kept(const char *dst, int64_t now, char *kept, size_t keptcap, char *err,
                         size_t errcap)
{
    time_t t = (time_t)now;
    struct tm tm = {0};
    char stamp[32] = "0";
    struct stat st;
    if (localtime_r(&t, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    if (stat(dst, &st) != 0) {
        snprintf(err, errcap, "cannot read %s: %s", dst, strerror(errno));
        return K_ERR_IO;
    }
    for (int n = 1; n <= 999; n++) {
        int len = n == 1 ? snprintf(kept, keptcap, "%s.replaced-%s", dst, stamp)
                         : snprintf(kept, keptcap, "%s.replaced-%s-%d", dst, stamp, n);
        if (len < 0 || (size_t)len >= keptcap) {
            kept[0] = '\0';
            snprintf(err, errcap, "the path %s is too long", dst);
            return K_ERR_INVALID;
        }
        int fd = open(kept, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0) {
            snprintf(err, errcap, "cannot keep the current database as %s: %s", kept,
                     strerror(errno));
            kept[0] = '\0';
            return K_ERR_IO;
        }
        bool owned = geteuid() != 0 || fchown(fd, st.st_uid, st.st_gid) == 0;
        int e = errno;
        close(fd);
        if (!owned) {
            unlink(kept);
            snprintf(err, errcap, "cannot give %s the owner of %s: %s", kept, dst, strerror(e));
            kept[0] = '\0';
            return K_ERR_IO;
        }
        return K_OK;
    }
    snprintf(err, errcap, "too many kept copies of %s from the same second", dst);
    kept[0] = '\0';
    return K_ERR_EXISTS;
}

/* The restore generation of an open database: 0 for one that has never
 * been restored (or predates schema 6).  false when it cannot be read. */
static bool read_generation(sqlite3 *db, int64_t *gen)
{
    sqlite3_stmt *st = NULL;
    int tables = 0;
    bool ok = false;
    *gen = 0;
    if (pragma_int(db,
                   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                   "name = 'restores'",
                   &tables) != SQLITE_OK)
        return false;
    if (tables == 0)
        return true;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(generation), 0) FROM restores", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        *gen = sqlite3_column_int64(st, 0);
        ok = true;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Brings the restored copy on db to this build's schema and records the
 * restore: a generation above both the backup's and the replaced
 * database's (live_gen; -1 when there was none or it could not be read:
 * then a random step above the backup's, so that restoring the same backup
 * twice over a lost database does not hand out the same generation twice),
 * the highest ticket id the backup held, and a "database_restored" event;
 * a new district epoch and, when the outbox is on, the id floors. */
static KResult mark_restored(sqlite3 *db, const char *path, int64_t live_gen, int64_t now,
                             int64_t *generation, char *why, size_t cap)
{
    int64_t backup_gen = 0;
    KResult r = store_schema_migrate(db, path, why, cap);
    if (r != K_OK)
        return r;
    if (!read_generation(db, &backup_gen)) {
        snprintf(why, cap, "cannot read the backup's restore generation: %s", sqlite3_errmsg(db));
        return K_ERR_CORRUPT;
    }
    if (sodium_init() < 0) {
        snprintf(why, cap, "no random source for the restore generation and epoch");
        return K_ERR_UNSUPPORTED;
    }
    int64_t gen = live_gen >= 0 ? (live_gen > backup_gen ? live_gen : backup_gen) + 1
                                : backup_gen + 1 + (int64_t)randombytes_uniform(1000000);
    if (gen > TICKET_GENERATION_MAX) {
        snprintf(why, cap, "the database has been restored too many times (generation %lld)",
                 (long long)gen);
        return K_ERR_INVALID;
    }
    /* a new district epoch: the sequence numbers the lost database handed
     * out after the backup are never used again (docs/district.md) */
    int64_t epoch = store_new_epoch();
    char sql[1536];
    snprintf(sql, sizeof sql,
             "BEGIN IMMEDIATE;"
             "INSERT INTO restores (generation, at, last_ticket) VALUES (%lld, %lld,"
             " (SELECT coalesce(max(id), 0) FROM tickets));"
             "INSERT INTO events (at, actor, kind, subject, subject_id, detail) VALUES (%lld,"
             " 'admin', 'database_restored', 'restore', %lld, json_object('generation', %lld,"
             " 'last_ticket', (SELECT coalesce(max(id), 0) FROM tickets)));"
             "UPDATE sync_state SET epoch = %lld, seq = 0, next_try = 0, failures = 0;"
             "INSERT OR REPLACE INTO id_floors (tbl, next) SELECT t, n + %d FROM ("
             " SELECT 'requests' AS t, coalesce(max(id), 0) AS n FROM requests UNION ALL"
             " SELECT 'tickets', coalesce(max(id), 0) FROM tickets UNION ALL"
             " SELECT 'bookings', coalesce(max(id), 0) FROM bookings UNION ALL"
             " SELECT 'walkin', coalesce(max(id), 0) FROM walkin UNION ALL"
             /* issue 22: the district keys these by (site, id) too */
             " SELECT 'needs', coalesce(max(id), 0) FROM needs UNION ALL"
             " SELECT 'resources', coalesce(max(id), 0) FROM resources UNION ALL"
             " SELECT 'projects', coalesce(max(id), 0) FROM projects)"
             " WHERE (SELECT enabled FROM sync_state WHERE id = 1);"
             "COMMIT;",
             (long long)gen, (long long)now, (long long)now, (long long)gen, (long long)gen,
             (long long)epoch, RESTORE_ID_GAP);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, cap, "cannot record the restore: %s", sqlite3_errmsg(db));
        if (!sqlite3_get_autocommit(db))
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return store_result_from_sqlite(rc) == K_OK ? K_ERR_DB : store_result_from_sqlite(rc);
    }
    if (generation)
        *generation = gen;
    return K_OK;
}

KResult store_restore(const char *src, const char *dst, int64_t now, char *kept, size_t keptcap,
                      char *err, size_t errcap)
{
    int64_t live_gen = -1;
    char why[256] = "";
    KResult r = store_check_file(src, err, errcap);
    if (r != K_OK)
        return r;
    kept[0] = '\0';
    sqlite3 *from = NULL, *to = NULL, *old = NULL;
    /* Keep what is there first (when there is anything). */
    if (access(dst, F_OK) == 0) {
        r = make_kept(dst, now, kept, keptcap, err, errcap);
        if (r != K_OK)
            return r;
        r = open_file(dst, false, &to, why, sizeof why);
        if (r == K_OK && !read_generation(to, &live_gen))
            live_gen = -1; /* damaged: mark_restored steps over it at random */
        if (r == K_OK)
            r = open_file(kept, true, &old, why, sizeof why);
        if (r == K_OK)
            r = copy_db(old, to, why, sizeof why);
        sqlite3_close(old);
        sqlite3_close(to);
        to = NULL;
        if (r != K_OK) {
            unlink(kept);
            snprintf(err, errcap, "cannot keep the current database as %s: %s", kept, why);
            return r;
        }
    }
    /* Nothing there: the new database is made 0600 here, not by SQLite
     * (0644 less the umask). */
    if (!kept[0]) {
        int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0)
            close(fd);
    }
    r = open_file(src, false, &from, why, sizeof why);
    if (r == K_OK)
        r = open_file(dst, true, &to, why, sizeof why);
    if (r == K_OK)
        r = copy_db(to, from, why, sizeof why);
    if (r == K_OK)
        r = check_db(to, true, why, sizeof why);
    if (r == K_OK)
        r = mark_restored(to, dst, live_gen, now, NULL, why, sizeof why);
    sqlite3_close(from);
    sqlite3_close(to);
    if (r != K_OK)
        snprintf(err, errcap, "restoring %s into %s failed: %s (the old one is %s)", src, dst, why,
                 kept[0] ? kept : "not there");
    return r;
}
