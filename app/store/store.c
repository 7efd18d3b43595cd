/* store.c - the kiosk's SQLite database: connection, statements, queries.
 *
 * Every statement the store runs is prepared once, the first time it is
 * used (store_prepared), and kept in the Store, indexed by the enum below.
 * Preparing all of them at open was two thirds of the start's store_open
 * (issue 24); store_prepare_every, run by the tests, still makes an SQL typo
 * fail in every test rather than the first time a resident presses a
 * button.  No SQL is ever built from text a person typed.  The price of
 * keeping them is that a statement cannot be used twice at once: a callback of
 * store_list_requests may call store_get_ticket but not store_list_requests
 * again (stmt_get asserts it).
 *
 * Durability: WAL journal with synchronous=FULL, so a COMMIT has reached the
 * disk before store_submit_request returns and the ticket is shown.  Any
 * failure inside a transaction rolls the whole of it back.
 *
 * The schema and its migrations live in store_schema.c. */
#include "kiosk/store.h"

#include <assert.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "kiosk/text.h"
#include "store_int.h"

#define LOOKUP_TRIES 16

/* Columns of a ticket row "t", read by read_ticket. */
#define TICKET_COLUMNS                                                                             \
    "t.id, t.site, t.kind, t.day, t.seq, t.number, t.lookup, t.payload, t.created_at, "            \
    "t.due_at"

/* Columns of a request row "r" followed by its first ticket, read by
 * read_request.  A request has one ticket today; taking the first keeps a
 * later re-issued ticket from duplicating the request in lists. */
#define REQUEST_SELECT                                                                             \
    "SELECT r.id, r.site, r.token, r.category, r.issue, r.description, r.phone, r.name, "          \
    "r.building, r.unit, r.room, r.urgency, r.flags, r.status, r.created_at, r.updated_at, "       \
    "r.assignee, r.rating, r.sms, " TICKET_COLUMNS " FROM requests r LEFT JOIN tickets t"          \
    " ON t.id = (SELECT min(id) FROM tickets WHERE request_id = r.id)"
#define REQUEST_NCOLS 19

#define NEWEST_FIRST " ORDER BY r.created_at DESC, r.id DESC"

enum {
    ST_BEGIN,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_REQUEST_BY_TOKEN,
    ST_REQUEST_INSERT,
    ST_REQUEST_GET,
    ST_REQUEST_OF_TICKET,
    ST_REQUEST_LIST,
    ST_REQUEST_LIST_STATUS,
    ST_SEQ_NEXT,
    ST_LOOKUP_USED,
    ST_TICKET_INSERT,
    ST_TICKET_SET_PAYLOAD,
    ST_TICKET_GET,
    ST_TICKET_OF_REQUEST,
    ST_EVENT_INSERT,
    ST_EVENT_LIST,
    ST_GENERATION,
    ST_FIND_TICKET,
    ST_DATA_VERSION,
    ST_COUNT
};

static const char *const statement_sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_REQUEST_BY_TOKEN] = "SELECT id FROM requests WHERE token = ?1",
    [ST_REQUEST_INSERT] =
        "INSERT INTO requests (id, site, token, category, issue, description, phone, name,"
        " building, unit, room, urgency, flags, status, created_at, due_at, updated_at, sms)"
        " VALUES (" NEXT_ID("requests") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                        " ?13, ?14, ?15, ?14, ?16)",
    [ST_REQUEST_GET] = REQUEST_SELECT " WHERE r.id = ?1",
    [ST_REQUEST_OF_TICKET] =
        REQUEST_SELECT " WHERE r.id = (SELECT request_id FROM tickets WHERE id = ?1)",
    [ST_REQUEST_LIST] = REQUEST_SELECT NEWEST_FIRST " LIMIT ?1",
    [ST_REQUEST_LIST_STATUS] = REQUEST_SELECT " WHERE r.status = ?1" NEWEST_FIRST " LIMIT ?2",
    [ST_SEQ_NEXT] = "INSERT INTO ticket_seq (site, kind, day, last) VALUES (?1, ?2, ?3, 1)"
                    " ON CONFLICT (site, kind, day) DO UPDATE SET last = last + 1"
                    " RETURNING last",
    [ST_LOOKUP_USED] = "SELECT 1 FROM tickets WHERE lookup = ?1",
    [ST_TICKET_INSERT] =
        "INSERT INTO tickets (id, site, kind, day, seq, number, lookup, request_id, created_at,"
        " due_at, booking_id) VALUES (" NEXT_ID("tickets") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                                                           " ?9, ?10)",
    [ST_TICKET_SET_PAYLOAD] = "UPDATE tickets SET payload = ?2 WHERE id = ?1",
    [ST_TICKET_GET] = "SELECT " TICKET_COLUMNS " FROM tickets t WHERE t.id = ?1",
    [ST_TICKET_OF_REQUEST] =
        "SELECT " TICKET_COLUMNS " FROM tickets t WHERE t.request_id = ?1 ORDER BY t.id LIMIT 1",
    [ST_EVENT_INSERT] = "INSERT INTO events (at, actor, kind, subject, subject_id, detail)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_EVENT_LIST] = "SELECT id, at, actor, kind, detail FROM events"
                      " WHERE subject IS ?1 AND subject_id = ?2 ORDER BY at, id",
    [ST_GENERATION] = "SELECT coalesce(max(generation), 0) FROM restores",
    [ST_FIND_TICKET] = "SELECT " TICKET_COLUMNS " FROM tickets t"
                       " LEFT JOIN requests r ON r.id = t.request_id"
                       " LEFT JOIN bookings b ON b.id = t.booking_id"
                       " WHERE t.lookup = ?1 AND substr(coalesce(r.phone, b.phone), -4) = ?2",
    [ST_DATA_VERSION] = "PRAGMA data_version",
};

_Static_assert(ST_COUNT <= STORE_CORE_STMTS, "raise STORE_CORE_STMTS in store_int.h");

/* ---- statements and errors ------------------------------------------- */

KResult store_result_from_sqlite(int rc)
{
    switch (rc) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return K_OK;
    case SQLITE_IOERR_NOMEM: return K_ERR_NOMEM;
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return K_ERR_EXISTS;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE: return K_ERR_INVALID;
    default: break;
    }
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return K_ERR_BUSY;
    case SQLITE_NOMEM: return K_ERR_NOMEM;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM: return K_ERR_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return K_ERR_CORRUPT;
    default: return K_ERR_DB;
    }
}

sqlite3_stmt *store_prepared(Store *s, const StmtTable *t, sqlite3_stmt **slots, int i)
{
    assert(i >= 0 && i < t->n);
    if (!slots[i]) {
        int rc =
            sqlite3_prepare_v3(s->db, t->sql[i], -1, SQLITE_PREPARE_PERSISTENT, &slots[i], NULL);
        if (rc != SQLITE_OK) {
            snprintf(s->err, sizeof s->err, "cannot prepare %s statement %d on database %s: %s",
                     t->what, i, s->path, sqlite3_errmsg(s->db));
            sqlite3_finalize(slots[i]);
            slots[i] = NULL;
            KResult r = store_result_from_sqlite(rc);
            s->unprepared = r == K_OK ? K_ERR_DB : r;
            return NULL;
        }
    }
    /* A statement still running means a callback re-entered the store with
     * the same query: a programming error, not a runtime condition. */
    assert(!sqlite3_stmt_busy(slots[i]));
    return slots[i];
}

KResult store_unprepared(const Store *s)
{
    return s->unprepared != K_OK ? s->unprepared : K_ERR_DB;
}

KResult store_prepare_table(Store *s, const StmtTable *t, sqlite3_stmt **slots)
{
    for (int i = 0; i < t->n; i++)
        if (!store_prepared(s, t, slots, i))
            return store_unprepared(s);
    return K_OK;
}

static const StmtTable core_table = {"core", statement_sql, ST_COUNT};

sqlite3_stmt *store_stmt(Store *s, int which)
{
    return store_prepared(s, &core_table, s->st, which);
}

void store_stmt_done(sqlite3_stmt *st)
{
    if (!st)
        return; /* never prepared: nothing ran */
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

void store_clear_error(Store *s)
{
    s->err[0] = '\0';
}

/* Records "what: why" from the connection's last error and maps rc.
 * Call before anything else touches the connection (a ROLLBACK would
 * replace the message). */
KResult store_db_fail(Store *s, int rc, const char *what)
{
    KResult r = store_result_from_sqlite(rc);
    if (r == K_ERR_BUSY)
        snprintf(s->err, sizeof s->err,
                 "%s: the database is locked by another program (waited %d s)", what,
                 STORE_BUSY_MS / 1000);
    else
        snprintf(s->err, sizeof s->err, "%s: %s", what, sqlite3_errmsg(s->db));
    return r == K_OK ? K_ERR_DB : r;
}

KResult store_invalid(Store *s, const char *why)
{
    snprintf(s->err, sizeof s->err, "%s", why);
    return K_ERR_INVALID;
}

/* Steps a statement that returns no rows, then resets it. */
KResult store_run(Store *s, sqlite3_stmt *st, const char *what)
{
    if (!st)
        return store_unprepared(s);
    int rc = sqlite3_step(st);
    KResult r = rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, what);
    store_stmt_done(st);
    return r;
}

/* Steps a statement that returns at most one row of one integer.
 * K_ERR_NOT_FOUND (message untouched) when there is no row. */
KResult store_run_int(Store *s, sqlite3_stmt *st, const char *what, int64_t *out)
{
    if (!st)
        return store_unprepared(s);
    KResult r = K_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st); /* finish a RETURNING statement */
    } else if (rc == SQLITE_DONE) {
        r = K_ERR_NOT_FOUND;
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(s, rc, what);
    store_stmt_done(st);
    return r;
}

/* Binds a fixed-size text field without trusting its terminator. */
KResult store_run_count(Store *s, sqlite3_stmt *st, const char *what, int *out)
{
    int64_t v = 0;
    KResult r = store_run_int(s, st, what, &v);
    *out = r == K_OK ? (int)v : 0;
    return r;
}

KResult store_step_one(Store *s, sqlite3_stmt *st, const char *what)
{
    if (!st)
        return store_unprepared(s);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return K_OK;
    if (rc == SQLITE_DONE)
        return K_ERR_NOT_FOUND;
    return store_db_fail(s, rc, what);
}

bool store_next_row(Store *s, sqlite3_stmt *st, KResult *r, const char *what)
{
    if (!st) {
        *r = store_unprepared(s);
        return false;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        *r = store_db_fail(s, rc, what);
    return false;
}

void store_bind_field(sqlite3_stmt *st, int idx, const char *buf, size_t cap)
{
    sqlite3_bind_text(st, idx, buf, (int)strnlen(buf, cap), SQLITE_STATIC);
}

void store_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, idx);
}

void store_col_text(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    text_copy(dst, cap, v ? (const char *)v : "");
}

void store_read_ticket(sqlite3_stmt *st, int col, Ticket *t)
{
    char kind[2];
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, col);
    store_col_text(st, col + 1, t->site, sizeof t->site);
    store_col_text(st, col + 2, kind, sizeof kind);
    t->kind = kind[0];
    store_col_text(st, col + 3, t->day, sizeof t->day);
    t->seq = sqlite3_column_int(st, col + 4);
    store_col_text(st, col + 5, t->number, sizeof t->number);
    store_col_text(st, col + 6, t->lookup, sizeof t->lookup);
    store_col_text(st, col + 7, t->payload, sizeof t->payload);
    t->created_at = sqlite3_column_int64(st, col + 8);
    t->due_at = sqlite3_column_int64(st, col + 9);
}

static void read_request(sqlite3_stmt *st, RequestRecord *r)
{
    RequestDraft *d = &r->draft;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, r->site, sizeof r->site);
    store_col_text(st, 2, d->token, sizeof d->token);
    store_col_text(st, 3, d->category, sizeof d->category);
    store_col_text(st, 4, d->issue, sizeof d->issue);
    store_col_text(st, 5, d->description, sizeof d->description);
    store_col_text(st, 6, d->phone, sizeof d->phone);
    store_col_text(st, 7, d->name, sizeof d->name);
    store_col_text(st, 8, d->building, sizeof d->building);
    store_col_text(st, 9, d->unit, sizeof d->unit);
    store_col_text(st, 10, d->room, sizeof d->room);
    d->urgency = sqlite3_column_int(st, 11);
    d->flags = (unsigned)sqlite3_column_int64(st, 12);
    store_col_text(st, 13, r->status, sizeof r->status);
    r->state = wf_state_of(r->status);
    r->created_at = sqlite3_column_int64(st, 14);
    r->updated_at = sqlite3_column_int64(st, 15);
    store_col_text(st, 16, r->assignee, sizeof r->assignee);
    store_col_text(st, 17, r->rating, sizeof r->rating);
    store_col_text(st, 18, d->sms, sizeof d->sms); /* issue 23: texts asked for */
    store_read_ticket(st, REQUEST_NCOLS, &r->ticket);
}

/* ---- open and close ---------------------------------------------------- */

/* Switches to WAL and checks that it took: in a directory where the -wal
 * and -shm files cannot be created SQLite quietly stays in another mode. */
static KResult set_wal(sqlite3 *db, const char *path, char *err, size_t errcap)
{
    sqlite3_stmt *st = NULL;
    KResult r = K_OK;
    const unsigned char *mode;
    int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    /* Switching a new database to WAL needs its exclusive lock, and SQLite
     * answers SQLITE_BUSY at once, without the busy handler, while another
     * process is switching it too or holds it for the schema (four kiosks
     * starting together on a new database failed here about 1 time in
     * 100): retry for as long as the busy timeout would have waited. */
    for (int waited = 0; rc == SQLITE_OK; waited += STORE_WAL_RETRY_MS) {
        rc = sqlite3_step(st);
        if ((rc & 0xff) != SQLITE_BUSY || waited >= STORE_BUSY_MS)
            break;
        sqlite3_reset(st);
        sqlite3_sleep(STORE_WAL_RETRY_MS);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_ROW) {
        r = store_result_from_sqlite(rc);
        if (r == K_ERR_CORRUPT)
            snprintf(err, errcap, "%s is not a kiosk database or is damaged: %s", path,
                     sqlite3_errmsg(db));
        else
            store_open_fail(db, rc, path, err, errcap);
        goto fail;
    }
    mode = sqlite3_column_text(st, 0);
    if (!mode || strcmp((const char *)mode, "wal") != 0) {
        snprintf(err, errcap,
                 "cannot put database %s in WAL mode (it stays in \"%s\" mode): can the "
                 "kiosk create files in its directory?",
                 path, mode ? (const char *)mode : "unknown");
        r = K_ERR_IO;
        goto fail;
    }
fail:
    sqlite3_finalize(st);
    return r;
}

void store_open_fail(sqlite3 *db, int rc, const char *path, char *err, size_t errcap)
{
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        snprintf(err, errcap,
                 "cannot read database %s: it is locked by another program (waited %d s)", path,
                 STORE_BUSY_MS / 1000);
    else if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR)
        snprintf(err, errcap, "cannot read database %s: %s (is the disk full?)", path,
                 sqlite3_errmsg(db));
    else
        snprintf(err, errcap, "cannot read database %s: %s", path, sqlite3_errmsg(db));
}

/* SQLite takes a one-byte file for an empty database and overwrites it;
 * anything non-empty that lacks SQLite's header is refused here instead, so
 * a file given by mistake is never touched.  A missing or unreadable file is
 * left to sqlite3_open_v2, which creates it or says why it cannot. */
static KResult check_header(const char *path, char *err, size_t errcap)
{
    static const char magic[16] = "SQLite format 3";
    char head[sizeof magic];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return K_OK;
    n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == 0 || (n == sizeof head && memcmp(head, magic, sizeof magic) == 0))
        return K_OK;
    snprintf(err, errcap, "%s is not a kiosk database: it is not an SQLite file at all", path);
    return K_ERR_CORRUPT;
}

/* Every statement of every file, prepared now rather than on first use. */
KResult store_prepare_every(Store *s)
{
    KResult r;
    assert(s);
    store_clear_error(s);
    r = store_prepare_table(s, &core_table, s->st);
    if (r == K_OK)
        r = store_booking_prepare(s);
    if (r == K_OK)
        r = store_staff_prepare(s);
    if (r == K_OK)
        r = store_queue_prepare(s);
    if (r == K_OK)
        r = store_walkin_prepare(s);
    if (r == K_OK)
        r = store_volunteer_prepare(s);
    if (r == K_OK)
        r = store_activity_prepare(s);
    return r;
}

/* BEGIN, COMMIT and ROLLBACK are prepared at open, the rest on first use:
 * a rollback after a failure (out of memory, say) must not itself need
 * memory, or the transaction would stay open. */
static KResult prepare_transactions(Store *s, char *err, size_t errcap)
{
    static const int which[] = {ST_BEGIN, ST_COMMIT, ST_ROLLBACK};
    for (size_t i = 0; i < sizeof which / sizeof which[0]; i++)
        if (!store_stmt(s, which[i])) {
            snprintf(err, errcap, "%s", s->err);
            return store_unprepared(s);
        }
    return K_OK;
}

/* The start both opens share: err cleared, a path given. */
static KResult check_path(const char *path, char *err, size_t errcap)
{
    err[0] = '\0';
    if (!path || !path[0]) {
        snprintf(err, errcap, "no database path given");
        return K_ERR_INVALID;
    }
    return K_OK;
}

KResult store_open(const char *path, Store **out, char *err, size_t errcap)
{
    char scratch[STORE_ERR_MAX];
    Store *s = NULL;
    KResult r;
    int rc;

    assert(out);
    *out = NULL;
    if (!err || errcap == 0) {
        err = scratch;
        errcap = sizeof scratch;
    }
    r = check_path(path, err, errcap);
    if (r != K_OK)
        return r;
    r = check_header(path, err, errcap);
    if (r != K_OK)
        return r;
    /* A new database is created 0600 here: SQLite would make it 0644 less
     * the umask, and its -wal, -shm and journals take the database's mode.
     * (An empty file is an empty database to SQLite.) */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd >= 0)
        close(fd);
    s = calloc(1, sizeof *s);
    if (s && !(s->path = strdup(path))) {
        free(s);
        s = NULL;
    }
    if (!s) {
        snprintf(err, errcap, "out of memory opening database %s", path);
        return K_ERR_NOMEM;
    }

    /* NOMUTEX: a Store is used from one thread (store.h), so SQLite need
     * not lock the connection on every call; in the figures' pass over a
     * month of requests those locks were a sixth of the work. */
    rc = sqlite3_open_v2(path, &s->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE |
                             SQLITE_OPEN_NOMUTEX,
                         NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errcap, "cannot open database %s: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        r = store_result_from_sqlite(rc);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);

    /* SQLite opens a write-protected file read-only without a word; the
     * kiosk would then fail only when a resident confirms a request. */
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        snprintf(err, errcap,
                 "database %s is read-only: the kiosk needs to write to it (check the "
                 "file's owner and permissions)",
                 path);
        r = K_ERR_IO;
        goto fail;
    }

    /* These pragmas touch no file, except journal_mode, which is the first
     * read of the file and so the place where a non-database shows up.
     * secure_delete zeroes what is deleted or overwritten instead of leaving
     * it in free space: retention's erasure must really erase, whatever
     * SQLite's build default is. */
    rc = sqlite3_exec(s->db,
                      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                      " PRAGMA secure_delete = ON",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        store_open_fail(s->db, rc, path, err, errcap);
        r = store_result_from_sqlite(rc);
        goto fail;
    }
    r = set_wal(s->db, path, err, errcap);
    if (r != K_OK)
        goto fail;
    r = store_schema_migrate(s->db, path, err, errcap);
    if (r != K_OK)
        goto fail;

    /* The other statements are prepared on first use (store_prepared):
     * preparing all of them here was two thirds of store_open's cost. */
    r = prepare_transactions(s, err, errcap);
    if (r != K_OK)
        goto fail;
    *out = s;
    return K_OK;

fail:
    store_close(s);
    return r == K_OK ? K_ERR_DB : r;
}

/* The folder of path ("." for a bare name) into dir. */
static void parent_dir(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        text_copy(dir, cap, ".");
    else if (slash == path)
        text_copy(dir, cap, "/");
    else
        snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

/* true when path does not exist or this process may write it. */
static bool absent_or_writable(const char *path)
{
    return access(path, F_OK) != 0 || access(path, W_OK) == 0;
}

bool store_writable(const char *path)
{
    char dir[1024], side[1100];
    parent_dir(path, dir, sizeof dir);
    if (access(path, W_OK) != 0 || access(dir, W_OK) != 0)
        return false;
    snprintf(side, sizeof side, "%s-wal", path);
    if (!absent_or_writable(side))
        return false;
    snprintf(side, sizeof side, "%s-shm", path);
    return absent_or_writable(side);
}

/* "file:" and path with every byte but letters, digits and "/._-"
 * percent-encoded, then "?immutable=1"; false when it does not fit. */
static bool immutable_uri(const char *path, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    if (cap < 6)
        return false;
    memcpy(out, "file:", 5);
    n = 5;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || strchr("/._-", *p) != NULL;
        if (n + 4 >= cap)
            return false;
        if (plain) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return text_append(out, cap, "?immutable=1");
}

/* One integer a PRAGMA answers; false when it cannot be read. */
static bool read_pragma(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    bool ok =
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return ok;
}

KResult store_open_read(const char *path, Store **out, char *err, size_t errcap)
{
    char scratch[STORE_ERR_MAX], dir[1024], wal[1100], uri[3200];
    Store *s = NULL;
    KResult r;
    int rc, version = 0, app_id = 0;

    assert(out);
    *out = NULL;
    if (!err || errcap == 0) {
        err = scratch;
        errcap = sizeof scratch;
    }
    r = check_path(path, err, errcap);
    if (r != K_OK)
        return r;
    if (access(path, R_OK) != 0) {
        snprintf(err, errcap, "cannot read database %s", path);
        return K_ERR_IO;
    }
    r = check_header(path, err, errcap);
    if (r != K_OK)
        return r;
    s = calloc(1, sizeof *s);
    if (s && !(s->path = strdup(path))) {
        free(s);
        s = NULL;
    }
    if (!s) {
        snprintf(err, errcap, "out of memory opening database %s", path);
        return K_ERR_NOMEM;
    }
    s->readonly = true;
    /* A WAL database needs its -shm file; in a folder nobody may write,
     * with no WAL left to read, immutable=1 tells SQLite that no other
     * process changes the file, so it needs no locks and no -shm. */
    parent_dir(path, dir, sizeof dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    bool immutable = access(dir, W_OK) != 0 && access(wal, F_OK) != 0;
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX;
    if (immutable && !immutable_uri(path, uri, sizeof uri)) {
        snprintf(err, errcap, "the path %s is too long", path);
        r = K_ERR_INVALID;
        goto fail;
    }
    rc = sqlite3_open_v2(immutable ? uri : path, &s->db,
                         immutable ? flags | SQLITE_OPEN_URI : flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errcap, "cannot open database %s read-only: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        r = store_result_from_sqlite(rc);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    if (!read_pragma(s->db, "PRAGMA application_id", &app_id) ||
        !read_pragma(s->db, "PRAGMA user_version", &version)) {
        rc = sqlite3_extended_errcode(s->db);
        r = store_result_from_sqlite(rc);
        if (r == K_ERR_CORRUPT)
            snprintf(err, errcap, "%s is not a kiosk database or is damaged: %s", path,
                     sqlite3_errmsg(s->db));
        else
            store_open_fail(s->db, rc, path, err, errcap);
        if (r == K_OK)
            r = K_ERR_DB;
        goto fail;
    }
    if (app_id != 1263095635 || version < 1) {
        snprintf(err, errcap, "%s is not a kiosk database", path);
        r = K_ERR_UNSUPPORTED;
        goto fail;
    }
    if (version != store_schema_version()) {
        snprintf(err, errcap,
                 "database %s has schema version %d and this build %d: it cannot be read "
                 "without being %s, and it is read-only here (open it once where it can be "
                 "written)",
                 path, version, store_schema_version(),
                 version < store_schema_version() ? "updated" : "read by a newer build");
        r = K_ERR_UNSUPPORTED;
        goto fail;
    }
    /* The other statements are prepared on first use (store_prepared):
     * preparing all of them here was two thirds of store_open's cost. */
    r = prepare_transactions(s, err, errcap);
    if (r != K_OK)
        goto fail;
    *out = s;
    return K_OK;

fail:
    store_close(s);
    return r == K_OK ? K_ERR_DB : r;
}

void store_close(Store *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    for (int i = 0; i < STORE_BOOKING_STMTS; i++)
        sqlite3_finalize(s->book[i]);
    for (int i = 0; i < STORE_STAFF_STMTS; i++)
        sqlite3_finalize(s->staff[i]);
    for (int i = 0; i < STORE_QUEUE_STMTS; i++)
        sqlite3_finalize(s->queue[i]);
    for (int i = 0; i < STORE_WALKIN_STMTS; i++)
        sqlite3_finalize(s->walkin[i]);
    for (int i = 0; i < STORE_VOLUNTEER_STMTS; i++)
        sqlite3_finalize(s->vol[i]);
    for (int i = 0; i < STORE_ACTIVITY_STMTS; i++)
        sqlite3_finalize(s->activity[i]);
    /* With every statement finalized close cannot be refused; it also
     * checkpoints the WAL into the main file. */
    sqlite3_close(s->db);
    sodium_memzero(&s->signer, sizeof s->signer);
    free(s->path);
    free(s);
}

const char *store_errmsg(const Store *s)
{
    return s ? s->err : "";
}

int64_t store_data_version(Store *s)
{
    int64_t v = -1;
    assert(s);
    /* -1 on failure: a board that polls redraws, which is harmless. */
    if (store_run_int(s, store_stmt(s, ST_DATA_VERSION), "cannot read the data version", &v) !=
        K_OK)
        return -1;
    return v;
}

/* ---- transactions ---------------------------------------------------- */

/* Inside a batch (store_batch_begin) a call writes into the batch's
 * transaction: its BEGIN and COMMIT do nothing, so a thousand calls cost
 * one fsync, not a thousand.  A savepoint per call would let the batch go
 * on after one call failed, but SQLite keeps a savepoint's undo pages in a
 * statement journal (a temporary file), which made demo data twice as
 * slow; a failed call breaks the batch instead. */
KResult store_begin(Store *s, const char *what)
{
    if (s->batch)
        return s->batch_broken ? store_invalid(s, "an earlier call of this batch failed") : K_OK;
    return store_run(s, store_stmt(s, ST_BEGIN), what);
}

KResult store_commit(Store *s, const char *what)
{
    if (s->batch)
        return K_OK;
    return store_run(s, store_stmt(s, ST_COMMIT), what);
}

/* Ends a call's transaction: commits when r is K_OK, else (or when the
 * commit fails) rolls back; the call's result. */
KResult store_end(Store *s, KResult r, const char *what)
{
    if (r == K_OK)
        r = store_commit(s, what);
    if (r != K_OK)
        store_rollback(s);
    return r;
}

/* Rolls back what is open, keeping the message of the failure that led
 * here.  SQLite may already have rolled back on its own (after a disk
 * error, say); then there is nothing to do.  In a batch the call's writes
 * cannot be told from the batch's: the batch is broken, and only
 * store_batch_rollback is left to do. */
void store_rollback(Store *s)
{
    if (s->batch) {
        s->batch_broken = true;
        return;
    }
    if (sqlite3_get_autocommit(s->db))
        return;
    sqlite3_stmt *st = s->st[ST_ROLLBACK]; /* prepared at open (open_transactions) */
    sqlite3_step(st);
    sqlite3_reset(st);
}

KResult store_batch_begin(Store *s)
{
    assert(s);
    store_clear_error(s);
    if (s->batch)
        return store_invalid(s, "a batch is open already");
    KResult r = store_run(s, store_stmt(s, ST_BEGIN), "cannot start writing");
    s->batch = r == K_OK;
    s->batch_broken = false;
    return r;
}

KResult store_batch_commit(Store *s)
{
    assert(s);
    if (!s->batch)
        return store_invalid(s, "no batch is open");
    if (s->batch_broken)
        return store_invalid(s, "an earlier call of this batch failed");
    store_clear_error(s);
    KResult r = store_run(s, store_stmt(s, ST_COMMIT), "cannot save the batch");
    if (r == K_OK)
        s->batch = false;
    return r;
}

void store_batch_rollback(Store *s)
{
    if (!s || !s->batch)
        return;
    s->batch = s->batch_broken = false;
    store_rollback(s);
}

/* ---- events ---------------------------------------------------------- */

#define EVENT_NAME_MAX ((size_t)sizeof((StoreEvent *)0)->actor)
#define EVENT_DETAIL_MAX ((size_t)sizeof((StoreEvent *)0)->detail)

KResult store_insert_event(Store *s, int64_t at, const char *actor, const char *kind,
                           const char *subject, int64_t subject_id, const char *detail_json)
{
    sqlite3_stmt *st = store_stmt(s, ST_EVENT_INSERT);
    KResult r;
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, at);
    store_bind_text(st, 2, actor);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, subject);
    sqlite3_bind_int64(st, 5, subject_id);
    store_bind_text(st, 6, detail_json);
    r = store_run(s, st, "cannot log the event");
    if (r == K_ERR_INVALID)
        snprintf(s->err, sizeof s->err,
                 "cannot log the event \"%s\": its detail is not a JSON object", kind);
    return r;
}

/* Names and details are read back into StoreEvent's fixed buffers, so what
 * does not fit there is refused rather than cut. */
static bool event_name_ok(const char *v)
{
    return v && v[0] && strlen(v) < EVENT_NAME_MAX && text_valid_utf8(v);
}

KResult store_log_event(Store *s, int64_t at, const char *actor, const char *kind,
                        const char *subject, int64_t subject_id, const char *detail_json)
{
    assert(s);
    store_clear_error(s);
    if (!event_name_ok(actor))
        return store_invalid(s, "cannot log the event: its actor is empty, too long or not UTF-8");
    if (!event_name_ok(kind))
        return store_invalid(s, "cannot log the event: its kind is empty, too long or not UTF-8");
    if (subject && !text_valid_utf8(subject))
        return store_invalid(s, "cannot log the event: its subject is not UTF-8");
    if (detail_json && strlen(detail_json) >= EVENT_DETAIL_MAX) {
        snprintf(s->err, sizeof s->err, "cannot log the event: its detail is longer than %d bytes",
                 (int)EVENT_DETAIL_MAX - 1);
        return K_ERR_INVALID;
    }
    return store_insert_event(s, at, actor, kind, subject, subject_id, detail_json);
}

KResult store_list_events(Store *s, const char *subject, int64_t subject_id, StoreEventFn fn,
                          void *user)
{
    sqlite3_stmt *st;
    KResult r = K_OK;
    StoreEvent e;

    assert(s && fn);
    store_clear_error(s);
    st = store_stmt(s, ST_EVENT_LIST);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, subject);
    sqlite3_bind_int64(st, 2, subject_id);
    while (store_next_row(s, st, &r, "cannot read the event log")) {
        memset(&e, 0, sizeof e);
        e.id = sqlite3_column_int64(st, 0);
        e.at = sqlite3_column_int64(st, 1);
        store_col_text(st, 2, e.actor, sizeof e.actor);
        store_col_text(st, 3, e.kind, sizeof e.kind);
        store_col_text(st, 4, e.detail, sizeof e.detail);
        if (fn(&e, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}

/* ---- tickets ----------------------------------------------------------- */

/* Finds the one ticket row that st (already bound) selects. */
KResult store_fetch_ticket(Store *s, sqlite3_stmt *st, const char *what, Ticket *out)
{
    KResult r = store_step_one(s, st, what);
    if (r == K_OK)
        store_read_ticket(st, 0, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "%s: there is no such ticket", what);
    store_stmt_done(st);
    return r;
}

KResult store_get_ticket(Store *s, int64_t id, Ticket *out)
{
    sqlite3_stmt *st;
    assert(s && out);
    store_clear_error(s);
    st = store_stmt(s, ST_TICKET_GET);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    return store_fetch_ticket(s, st, "cannot read the ticket", out);
}

KResult store_generation(Store *s, int64_t *generation)
{
    sqlite3_stmt *st = store_stmt(s, ST_GENERATION);
    *generation = 0;
    KResult r = store_run_int(s, st, "cannot read the restore generation", generation);
    return r == K_ERR_NOT_FOUND ? K_OK : r;
}

const char *store_ticket_check_name(TicketCheck c)
{
    switch (c) {
    case TICKET_OK: return "ok";
    case TICKET_FORGED: return "forged";
    case TICKET_AFTER_RESTORE: return "after_restore";
    case TICKET_NOT_HERE: return "not_here";
    case TICKET_OTHER_SITE: return "other_site";
    case TICKET_REVOKED: return "revoked";
    case TICKET_UNKNOWN_SITE: return "unknown_site";
    }
    return "forged";
}

KResult store_check_ticket(Store *s, const uint8_t key[TICKET_KEY_BYTES], const char *payload,
                           const char *expect_site, Ticket *out, TicketCheck *why,
                           int64_t *generation)
{
    char site[TICKET_SITE_MAX];
    char kind = 0;
    int64_t id = 0, gen = 0, current = 0;

    assert(s && key && out && why);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    *why = TICKET_FORGED;
    if (generation)
        *generation = 0;
    if (ticket_payload_form(payload) == 3) {
        bool own = false;
        KResult k = store_kt3_check(s, payload, expect_site, &own, site, &kind, &id, &gen, why);
        if (k != K_OK)
            return k;
        if (!own) {
            /* Another site's ticket: its id is that site's, never a row
             * here.  The caller tells it apart by why. */
            memcpy(out->site, site, sizeof out->site);
            out->kind = kind;
            out->id = id;
            text_copy(out->payload, sizeof out->payload, payload);
            if (generation)
                *generation = gen;
            *why = TICKET_OTHER_SITE;
            snprintf(s->err, sizeof s->err, "the ticket is site %s's, not this station's", site);
            return K_ERR_NOT_FOUND;
        }
        if (expect_site != NULL && strcmp(site, expect_site) != 0) {
            *why = TICKET_FORGED;
            snprintf(s->err, sizeof s->err, "the ticket names another site than this station");
            return K_ERR_FORGED;
        }
        *why = TICKET_FORGED;
    } else if (ticket_verify_gen(key, payload, expect_site, site, &kind, &id, &gen) != K_OK) {
        snprintf(s->err, sizeof s->err, "the ticket is forged, altered or from another station");
        return K_ERR_FORGED;
    }
    if (generation)
        *generation = gen;
    /* A valid signature says this installation signed it; only the row
     * holding this very payload says it is the ticket of that row.  The
     * payload was verified, so it is a bounded C string. */
    Ticket t;
    sqlite3_stmt *st = store_stmt(s, ST_TICKET_GET);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    KResult r = store_fetch_ticket(s, st, "cannot read the ticket", &t);
    if (r != K_OK && r != K_ERR_NOT_FOUND)
        return r;
    if (r == K_OK && strcmp(t.payload, payload) == 0) {
        *out = t;
        *why = TICKET_OK;
        store_clear_error(s);
        return K_OK;
    }
    r = store_generation(s, &current);
    if (r != K_OK)
        return r;
    if (gen != current) {
        *why = TICKET_AFTER_RESTORE;
        snprintf(s->err, sizeof s->err,
                 "the ticket was issued after the backup this database was restored from "
                 "(ticket generation %lld, database generation %lld): it is not on record here",
                 (long long)gen, (long long)current);
    } else {
        *why = TICKET_NOT_HERE;
        snprintf(s->err, sizeof s->err,
                 "the ticket was signed by this station but is not in this database (was the "
                 "database replaced by hand with an older copy?)");
    }
    return K_ERR_NOT_FOUND;
}

/* Finding a ticket by hand: the lookup code and the phone's last 4 digits. */
KResult store_find_ticket(Store *s, const char *lookup, const char *last4, Ticket *out)
{
    char code[TICKET_LOOKUP_LEN + 1];
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    if (!lookup || !ticket_lookup_normalise(lookup, code))
        return store_invalid(s, "a lookup code is 8 letters and digits");
    if (!last4 || strlen(last4) != 4 || strspn(last4, "0123456789") != 4)
        return store_invalid(s, "give the last 4 digits of the phone number");
    sqlite3_stmt *st = store_stmt(s, ST_FIND_TICKET);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, code);
    store_bind_text(st, 2, last4);
    KResult r = store_fetch_ticket(s, st, "cannot find the ticket", out);
    if (r == K_ERR_NOT_FOUND)
        /* The same words for a wrong code and a wrong phone. */
        snprintf(s->err, sizeof s->err, "no ticket has that lookup code with that phone number");
    return r;
}

/* "YYYY-MM-DD" of now in the kiosk's local time zone: ticket numbers start
 * again at 001 when the day does, where the residents live. */
bool store_local_day(int64_t now, char out[11])
{
    time_t t = (time_t)now;
    struct tm tm;
    if ((int64_t)t != now || !localtime_r(&t, &tm))
        return false;
    return strftime(out, 11, "%Y-%m-%d", &tm) == 10;
}

/* A lookup code no other ticket has.  Inside the write transaction, so no
 * other writer can take it between the check and the insert. */
static KResult store_fresh_lookup(Store *s, char out[TICKET_LOOKUP_LEN + 1])
{
    for (int i = 0; i < LOOKUP_TRIES; i++) {
        int64_t used = 0;
        sqlite3_stmt *st = store_stmt(s, ST_LOOKUP_USED);
        KResult r;
        if (!st)
            return store_unprepared(s);
        ticket_new_lookup(out);
        store_bind_text(st, 1, out);
        r = store_run_int(s, st, "cannot check the lookup code", &used);
        if (r == K_ERR_NOT_FOUND)
            return K_OK;
        if (r != K_OK)
            return r;
    }
    /* 22^8 codes: reaching this means the random source is broken. */
    snprintf(s->err, sizeof s->err, "cannot find an unused lookup code after %d tries",
             LOOKUP_TRIES);
    return K_ERR_EXISTS;
}

/* ---- requests ---------------------------------------------------------- */

static const char *draft_problem(DraftCheck c)
{
    switch (c) {
    case DRAFT_OK: return "";
    case DRAFT_NO_CATEGORY: return "the request has no category";
    case DRAFT_NO_ISSUE: return "the request has no issue";
    case DRAFT_NO_DESCRIPTION: return "the request needs a description";
    case DRAFT_BAD_PHONE: return "the request's phone number is not valid";
    case DRAFT_BAD_TEXT: return "the request has text that is too long or not UTF-8";
    }
    return "the request is not valid";
}

static KResult check_submission(Store *s, const RequestDraft *d, const char *site, int64_t now,
                                int response_hours, char day[11])
{
    DraftCheck c = request_draft_check(d);
    size_t token_len = strnlen(d->token, sizeof d->token);
    if (c != DRAFT_OK)
        return store_invalid(s, draft_problem(c));
    if (token_len == 0 || token_len == sizeof d->token)
        return store_invalid(s, "the request has no draft token");
    if (!ticket_site_valid(site))
        return store_invalid(s, "the site code is not 1 to 12 letters A-Z and digits");
    if (response_hours < 1 || response_hours > 24 * 366)
        return store_invalid(s, "the response time is not between 1 hour and a year");
    if (!store_local_day(now, day))
        return store_invalid(s, "the clock's time cannot be turned into a date");
    return K_OK;
}

KResult store_insert_request(Store *s, const RequestDraft *d, const char *site, int64_t now,
                             int64_t due_at, int64_t *id)
{
    sqlite3_stmt *st = store_stmt(s, ST_REQUEST_INSERT);
    KResult r;
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, site);
    store_bind_field(st, 2, d->token, sizeof d->token);
    store_bind_field(st, 3, d->category, sizeof d->category);
    store_bind_field(st, 4, d->issue, sizeof d->issue);
    store_bind_field(st, 5, d->description, sizeof d->description);
    store_bind_field(st, 6, d->phone, sizeof d->phone);
    store_bind_field(st, 7, d->name, sizeof d->name);
    store_bind_field(st, 8, d->building, sizeof d->building);
    store_bind_field(st, 9, d->unit, sizeof d->unit);
    store_bind_field(st, 10, d->room, sizeof d->room);
    sqlite3_bind_int(st, 11, d->urgency);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)d->flags);
    store_bind_text(st, 13, REQ_STATUS_SUBMITTED);
    sqlite3_bind_int64(st, 14, now);
    sqlite3_bind_int64(st, 15, due_at);
    store_bind_text(st, 16, sms_consent_lang(d->sms)); /* issue 23 */
    r = store_run(s, st, "cannot save the request");
    if (r == K_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return r;
}

/* Issues the request's ticket: next number, lookup code, row, payload. */
KResult store_issue_ticket(Store *s, int64_t request_id, int64_t booking_id,
                           const uint8_t key[TICKET_KEY_BYTES], Ticket *t)
{
    sqlite3_stmt *st = store_stmt(s, ST_SEQ_NEXT);
    int64_t seq = 0;
    KResult r;
    if (!st)
        return store_unprepared(s);

    store_bind_text(st, 1, t->site);
    sqlite3_bind_text(st, 2, &t->kind, 1, SQLITE_STATIC);
    store_bind_text(st, 3, t->day);
    r = store_run_int(s, st, "cannot take the next ticket number", &seq);
    if (r == K_ERR_NOT_FOUND) {
        /* An UPSERT with RETURNING always answers one row. */
        snprintf(s->err, sizeof s->err, "cannot take the next ticket number: no row returned");
        r = K_ERR_DB;
    }
    if (r != K_OK)
        return r;
    t->seq = (int)seq;
    ticket_format_number(t->kind, t->seq, t->number);

    r = store_fresh_lookup(s, t->lookup);
    if (r != K_OK)
        return r;

    st = store_stmt(s, ST_TICKET_INSERT);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, t->site);
    sqlite3_bind_text(st, 2, &t->kind, 1, SQLITE_STATIC);
    store_bind_text(st, 3, t->day);
    sqlite3_bind_int(st, 4, t->seq);
    store_bind_text(st, 5, t->number);
    store_bind_text(st, 6, t->lookup);
    if (request_id)
        sqlite3_bind_int64(st, 7, request_id);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_int64(st, 8, t->created_at);
    sqlite3_bind_int64(st, 9, t->due_at);
    if (booking_id)
        sqlite3_bind_int64(st, 10, booking_id);
    else
        sqlite3_bind_null(st, 10);
    r = store_run(s, st, "cannot save the ticket");
    if (r != K_OK)
        return r;
    t->id = sqlite3_last_insert_rowid(s->db);

    /* Signed with the restore generation and a random nonce: after a
     * restore the same row id comes again, and this ticket must not be the
     * one issued after the backup under that id (the nonce covers a
     * database put back by copying the file, which raises no generation). */
    int64_t generation = 0;
    r = store_generation(s, &generation);
    if (r != K_OK)
        return r;
    /* KT3 (Ed25519) when the site's key pair is known, so that any site
     * of the district can check it; KT2 (HMAC) otherwise. */
    if (s->has_signer)
        r = ticket_sign_kt3(&s->signer, t->site, t->kind, t->id, generation, NULL, t->payload);
    else
        r = ticket_sign_gen(key, t->site, t->kind, t->id, generation, NULL, t->payload);
    if (r != K_OK) {
        snprintf(s->err, sizeof s->err, "cannot sign the ticket: %s", k_result_str(r));
        return r;
    }
    st = store_stmt(s, ST_TICKET_SET_PAYLOAD);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, t->id);
    store_bind_text(st, 2, t->payload);
    return store_run(s, st, "cannot save the ticket's QR payload");
}

/* The event of a new request.  Ticket number and category only: the event
 * log is kept for ever and exported, so no phone number and no name. */
KResult store_log_submitted(Store *s, int64_t request_id, const RequestDraft *d, const Ticket *t)
{
    char detail[EVENT_DETAIL_MAX];
    char number[TICKET_NUMBER_MAX + 8];
    char category[REQ_CODE_MAX * 6 + 3];
    char ids[64];
    if (!text_json_quote(number, sizeof number, t->number) ||
        !text_json_quote(category, sizeof category, d->category)) {
        snprintf(s->err, sizeof s->err, "cannot log the request: its codes do not fit");
        return K_ERR_INVALID;
    }
    snprintf(ids, sizeof ids, ",\"ticket_id\":%lld,\"category\":", (long long)t->id);
    text_copy(detail, sizeof detail, "{\"ticket\":");
    text_append(detail, sizeof detail, number);
    text_append(detail, sizeof detail, ids);
    text_append(detail, sizeof detail, category);
    if (!text_append(detail, sizeof detail, "}")) {
        snprintf(s->err, sizeof s->err, "cannot log the request: its detail is too long");
        return K_ERR_INVALID;
    }
    return store_insert_event(s, t->created_at, "kiosk", "request_submitted", "request", request_id,
                              detail);
}

KResult store_submit_request(Store *s, const RequestDraft *d, const char *site, int64_t now,
                             int response_hours, const uint8_t key[TICKET_KEY_BYTES],
                             int64_t *request_id, Ticket *ticket)
{
    const char *what = "cannot file the request";
    sqlite3_stmt *st;
    int64_t id = 0;
    Ticket t;
    KResult r;

    assert(s && d && site && key && request_id && ticket);
    store_clear_error(s);
    *request_id = 0;
    memset(ticket, 0, sizeof *ticket);
    memset(&t, 0, sizeof t);

    r = check_submission(s, d, site, now, response_hours, t.day);
    if (r != K_OK)
        return r;
    /* IMMEDIATE takes the write lock now: the token check below and the
     * inserts after it see the same database, so two kiosks (or a double
     * tap) cannot both file the same draft or take the same number. */
    r = store_begin(s, what);
    if (r != K_OK)
        goto fail;

    st = store_stmt(s, ST_REQUEST_BY_TOKEN);
    if (!st) {
        r = store_unprepared(s);
        goto fail;
    }
    store_bind_field(st, 1, d->token, sizeof d->token);
    r = store_run_int(s, st, what, &id);
    if (r == K_OK) {
        /* Filed before: hand back that ticket, write nothing. */
        st = store_stmt(s, ST_TICKET_OF_REQUEST);
        if (!st) {
            r = store_unprepared(s);
            goto fail;
        }
        sqlite3_bind_int64(st, 1, id);
        r = store_fetch_ticket(s, st, "cannot read the ticket of the request filed before", &t);
        if (r == K_OK)
            r = store_commit(s, what);
        if (r != K_OK)
            goto fail;
        *request_id = id;
        *ticket = t;
        return K_OK;
    }
    if (r != K_ERR_NOT_FOUND)
        goto fail;

    text_copy(t.site, sizeof t.site, site);
    t.kind = TICKET_KIND_REQUEST;
    t.created_at = now;
    t.due_at = now + (int64_t)response_hours * 3600;
    r = store_insert_request(s, d, site, now, t.due_at, &id);
    if (r == K_OK)
        r = store_issue_ticket(s, id, 0, key, &t);
    if (r == K_OK)
        r = store_log_submitted(s, id, d, &t);
    if (r == K_OK)
        r = store_commit(s, what);
    if (r != K_OK)
        goto fail;
    *request_id = id;
    *ticket = t;
    return K_OK;

fail:
    store_rollback(s);
    return r;
}

/* One request by the statement which (ST_REQUEST_GET or _OF_TICKET). */
static KResult get_request(Store *s, int which, int64_t id, RequestRecord *out)
{
    sqlite3_stmt *st;
    KResult r;

    assert(s && out);
    store_clear_error(s);
    st = store_stmt(s, which);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    r = store_step_one(s, st, "cannot read the request");
    if (r == K_OK)
        read_request(st, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no request %s %lld",
                 which == ST_REQUEST_GET ? "with id" : "for ticket", (long long)id);
    store_stmt_done(st);
    return r;
}

KResult store_get_request(Store *s, int64_t id, RequestRecord *out)
{
    return get_request(s, ST_REQUEST_GET, id, out);
}

KResult store_get_request_of_ticket(Store *s, int64_t ticket_id, RequestRecord *out)
{
    return get_request(s, ST_REQUEST_OF_TICKET, ticket_id, out);
}

KResult store_list_requests(Store *s, const char *status, int limit, StoreRequestFn fn, void *user)
{
    sqlite3_stmt *st;
    RequestRecord rec;
    KResult r = K_OK;

    assert(s && fn);
    store_clear_error(s);
    st = store_stmt(s, status ? ST_REQUEST_LIST_STATUS : ST_REQUEST_LIST);
    if (!st)
        return store_unprepared(s);
    if (status) {
        store_bind_text(st, 1, status);
        sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
    } else {
        sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
    }
    while (store_next_row(s, st, &r, "cannot list the requests")) {
        read_request(st, &rec);
        if (fn(&rec, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}
