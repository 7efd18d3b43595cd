/* store_staff.c - staff accounts in the database: adding, listing,
 * disabling, new PINs, and the login with its lockout (see store.h).
 *
 * The PIN rule and the hashing live in app/core/staff.c.  Checking a PIN is
 * slow on purpose (Argon2id, about a tenth of a second), so store_staff_login
 * checks it before it takes the write lock and then counts inside one
 * IMMEDIATE transaction against the counters as they are by then: two
 * kiosks trying the same account at once each add their failure, and
 * nobody waits a tenth of a second for somebody else's hash.
 *
 * Events never carry a PIN or a hash: the login, the reason, the lock. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "kiosk/staff.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

#define STAFF_COLUMNS                                                                              \
    "id, login, name, role, active, failed, locks, locked_until, created_at, pin_hash"

#define LOGIN_TRIES 3 /* a PIN changed while we hashed: check again */

enum { S_INSERT, S_GET, S_LIST, S_SET_ACTIVE, S_SET_PIN, S_SET_COUNTERS, S_COUNT };

_Static_assert(S_COUNT <= STORE_STAFF_STMTS, "raise STORE_STAFF_STMTS in store_int.h");

static const char *const staff_sql[S_COUNT] = {
    [S_INSERT] = "INSERT INTO staff (login, name, role, pin_hash, created_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_GET] = "SELECT " STAFF_COLUMNS " FROM staff WHERE login = ?1",
    [S_LIST] = "SELECT " STAFF_COLUMNS " FROM staff WHERE active OR NOT ?1 ORDER BY name, login",
    [S_SET_ACTIVE] = "UPDATE staff SET active = ?2 WHERE login = ?1",
    [S_SET_PIN] = "UPDATE staff SET pin_hash = ?2, failed = 0, locks = 0, locked_until = 0"
                  " WHERE login = ?1",
    [S_SET_COUNTERS] = "UPDATE staff SET failed = ?2, locks = ?3, locked_until = ?4 WHERE id = ?1",
};

static const StmtTable staff_table = {"staff", staff_sql, S_COUNT};

KResult store_staff_prepare(Store *s)
{
    return store_prepare_table(s, &staff_table, s->staff);
}

/* The statement which, prepared on first use; NULL when it cannot be. */
static sqlite3_stmt *stmt(Store *s, int which)
{
    return store_prepared(s, &staff_table, s->staff, which);
}

/* ---- reading ---- */

static void read_staff(sqlite3_stmt *st, StaffRecord *r, char hash[STAFF_HASH_MAX])
{
    char role[16];
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, r->login, sizeof r->login);
    store_col_text(st, 2, r->name, sizeof r->name);
    store_col_text(st, 3, role, sizeof role);
    if (!wf_role_parse(role, &r->role))
        r->role = ROLE_VOLUNTEER; /* the schema's CHECK makes this unreachable */
    r->active = sqlite3_column_int(st, 4) != 0;
    r->failed = sqlite3_column_int(st, 5);
    r->locks = sqlite3_column_int(st, 6);
    r->locked_until = sqlite3_column_int64(st, 7);
    r->created_at = sqlite3_column_int64(st, 8);
    if (hash)
        store_col_text(st, 9, hash, STAFF_HASH_MAX);
}

/* One account and (hash not NULL) its PIN hash; K_ERR_NOT_FOUND. */
static KResult get_staff(Store *s, const char *login, StaffRecord *out, char hash[STAFF_HASH_MAX])
{
    sqlite3_stmt *st = stmt(s, S_GET);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, login);
    KResult r = store_step_one(s, st, "cannot read the staff account");
    if (r == K_OK)
        read_staff(st, out, hash);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no staff account \"%.30s\"", login);
    store_stmt_done(st);
    return r;
}

KResult store_staff_get(Store *s, const char *login, StaffRecord *out)
{
    assert(s && login && out);
    store_clear_error(s);
    return get_staff(s, login, out, NULL);
}

KResult store_staff_list(Store *s, bool active_only, StoreStaffFn fn, void *user)
{
    sqlite3_stmt *st;
    StaffRecord rec;
    KResult r = K_OK;
    assert(s && fn);
    store_clear_error(s);
    st = stmt(s, S_LIST);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int(st, 1, active_only);
    while (store_next_row(s, st, &r, "cannot list the staff accounts")) {
        read_staff(st, &rec, NULL);
        if (fn(&rec, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}

/* ---- events ---- */

/* {"login":...[,"role":...][,"reason":...][,"locks":N,"seconds":S]}: never
 * the PIN.  Subject "staff" and the account's id, or no subject (unknown). */
/* A PIN anyone would try first is refused where PINs are set (the admin
 * CLI and anything else that sets one goes through here). */
static KResult weak_pin(Store *s, const char *pin, const char *login)
{
    snprintf(s->err, sizeof s->err,
             "this PIN is too easy to guess (%s): avoid 0000, 1234, 4321, runs and the login",
             staff_pin_weak(pin, login));
    return K_ERR_INVALID;
}

static KResult log_staff(Store *s, int64_t at, const char *actor, const char *kind, int64_t id,
                         const char *login, const char *role, const char *reason, int locks,
                         int64_t seconds)
{
    char detail[256], q[STAFF_LOGIN_MAX * 6 + 3], part[96];
    if (!text_json_quote(q, sizeof q, login))
        return store_invalid(s, "cannot log the staff event: the login is too long");
    snprintf(detail, sizeof detail, "{\"login\":%s", q);
    if (role) {
        snprintf(part, sizeof part, ",\"role\":\"%s\"", role);
        text_append(detail, sizeof detail, part);
    }
    if (reason) {
        snprintf(part, sizeof part, ",\"reason\":\"%s\"", reason);
        text_append(detail, sizeof detail, part);
    }
    if (locks > 0) {
        snprintf(part, sizeof part, ",\"locks\":%d,\"seconds\":%lld", locks, (long long)seconds);
        text_append(detail, sizeof detail, part);
    }
    if (!text_append(detail, sizeof detail, "}"))
        return store_invalid(s, "cannot log the staff event: its detail is too long");
    return store_insert_event(s, at, actor, kind, id ? "staff" : NULL, id, detail);
}

static KResult check_actor(Store *s, const char *actor)
{
    if (!actor || !actor[0] || strlen(actor) >= sizeof((StoreEvent *)0)->actor ||
        !text_valid_utf8(actor))
        return store_invalid(s, "the actor is empty, too long or not UTF-8");
    return K_OK;
}

/* ---- changing accounts ---- */

KResult store_staff_add(Store *s, const char *login, const char *name, StaffRole role,
                        const char *pin, int64_t now, const char *actor)
{
    const char *what = "cannot add the staff account";
    char hash[STAFF_HASH_MAX];
    assert(s);
    store_clear_error(s);
    if (!staff_login_valid(login))
        return store_invalid(s, "a login is 1 to 23 characters of a-z, 0-9 and _");
    if (!name || !name[0] || strlen(name) >= STAFF_NAME_MAX || !text_valid_utf8(name) ||
        text_length(name) > 20)
        return store_invalid(s, "a staff member's name is 1 to 20 characters of UTF-8");
    if ((int)role < 0 || role >= ROLE_COUNT)
        return store_invalid(s, "the role is not head, worker or volunteer");
    if (!staff_pin_valid(pin))
        return store_invalid(s, "a PIN is 4 to 8 digits");
    if (staff_pin_weak(pin, login))
        return weak_pin(s, pin, login);
    KResult r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = staff_pin_hash(pin, hash);
    if (r != K_OK) {
        snprintf(s->err, sizeof s->err, "%s: the PIN cannot be hashed (%s)", what, k_result_str(r));
        return r;
    }
    r = store_begin(s, what);
    sqlite3_stmt *st = r == K_OK ? stmt(s, S_INSERT) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        store_bind_text(st, 1, login);
        store_bind_text(st, 2, name);
        store_bind_text(st, 3, wf_role_name(role));
        store_bind_text(st, 4, hash);
        sqlite3_bind_int64(st, 5, now);
        r = store_run(s, st, what);
        if (r == K_ERR_EXISTS)
            snprintf(s->err, sizeof s->err, "there is already a staff account \"%s\"", login);
    }
    if (r == K_OK)
        r = log_staff(s, now, actor, "staff_added", sqlite3_last_insert_rowid(s->db), login,
                      wf_role_name(role), NULL, 0, 0);
    r = store_end(s, r, what);
    sodium_memzero(hash, sizeof hash);
    return r;
}

/* Runs st (bound, login as ?1) on one account inside a transaction and logs
 * kind; K_ERR_NOT_FOUND when there is no such login. */
static KResult change_account(Store *s, sqlite3_stmt *st, const char *login, const char *kind,
                              int64_t now, const char *actor)
{
    const char *what = "cannot change the staff account";
    StaffRecord rec;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_staff(s, login, &rec, NULL);
    if (r == K_OK)
        r = store_run(s, st, what);
    else
        store_stmt_done(st);
    if (r == K_OK)
        r = log_staff(s, now, actor, kind, rec.id, login, NULL, NULL, 0, 0);
    r = store_end(s, r, what);
    return r;
}

KResult store_staff_set_active(Store *s, const char *login, bool active, int64_t now,
                               const char *actor)
{
    assert(s && login);
    store_clear_error(s);
    KResult r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st = stmt(s, S_SET_ACTIVE);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, login);
    sqlite3_bind_int(st, 2, active);
    return change_account(s, st, login, active ? "staff_enabled" : "staff_disabled", now, actor);
}

KResult store_staff_set_pin(Store *s, const char *login, const char *pin, int64_t now,
                            const char *actor)
{
    char hash[STAFF_HASH_MAX];
    assert(s && login);
    store_clear_error(s);
    if (!staff_pin_valid(pin))
        return store_invalid(s, "a PIN is 4 to 8 digits");
    if (staff_pin_weak(pin, login))
        return weak_pin(s, pin, login);
    KResult r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = staff_pin_hash(pin, hash);
    if (r != K_OK) {
        snprintf(s->err, sizeof s->err, "cannot set the PIN: it cannot be hashed (%s)",
                 k_result_str(r));
        return r;
    }
    sqlite3_stmt *st = stmt(s, S_SET_PIN);
    if (!st) {
        sodium_memzero(hash, sizeof hash);
        return store_unprepared(s);
    }
    store_bind_text(st, 1, login);
    store_bind_text(st, 2, hash);
    r = change_account(s, st, login, "staff_pin_reset", now, actor);
    sodium_memzero(hash, sizeof hash);
    return r;
}

/* ---- logging in ---- */

static KResult set_counters(Store *s, const StaffRecord *rec)
{
    sqlite3_stmt *st = stmt(s, S_SET_COUNTERS);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, rec->id);
    sqlite3_bind_int(st, 2, rec->failed);
    sqlite3_bind_int(st, 3, rec->locks);
    sqlite3_bind_int64(st, 4, rec->locked_until);
    return store_run(s, st, "cannot count the login attempt");
}

/* The failed-login event of an attempt by a login nobody has.  The text
 * typed is logged only when it is a possible login and not all digits:
 * anything else might be a PIN typed into the wrong field. */
static KResult log_unknown(Store *s, const char *login, int64_t now)
{
    bool plausible = staff_login_valid(login) && strspn(login, "0123456789") < strlen(login);
    return log_staff(s, now, plausible ? login : "?", "staff_login_failed", 0,
                     plausible ? login : "", NULL, "unknown", 0, 0);
}

/* One try: the decision and its events inside the write lock.  checked: the
 * PIN was checked against hash (false when the first read found the account
 * disabled or locked, so the PIN was never looked at).  *again: the PIN
 * changed while we hashed, so the caller checks it once more. */
static KResult login_once(Store *s, const char *login, int64_t now, bool checked, bool right,
                          const char *hash, LoginResult *out, StaffRecord *rec, bool *again)
{
    const char *what = "cannot record the login";
    char now_hash[STAFF_HASH_MAX];
    KResult r = store_begin(s, what);
    *again = false;
    if (r == K_OK)
        r = get_staff(s, login, rec, now_hash);
    if (r == K_ERR_NOT_FOUND) {
        *out = LOGIN_UNKNOWN; /* deleted while we hashed (there is no delete today) */
        r = log_unknown(s, login, now);
        goto done;
    }
    if (r != K_OK)
        goto done;
    if (!rec->active) {
        *out = LOGIN_DISABLED;
        r = log_staff(s, now, login, "staff_login_failed", rec->id, login, NULL, "disabled", 0, 0);
        goto done;
    }
    if (rec->locked_until > now) {
        *out = LOGIN_LOCKED;
        r = log_staff(s, now, login, "staff_login_failed", rec->id, login, NULL, "locked", 0, 0);
        goto done;
    }
    if (!checked || strcmp(hash, now_hash) != 0) {
        /* Unlocked or given a new PIN since the first read. */
        *again = true;
        goto done;
    }
    if (right) {
        *out = LOGIN_OK;
        rec->failed = 0;
        rec->locks = 0;
        rec->locked_until = 0;
        r = set_counters(s, rec);
        if (r == K_OK)
            r = log_staff(s, now, login, "staff_login", rec->id, login, wf_role_name(rec->role),
                          NULL, 0, 0);
        goto done;
    }
    *out = LOGIN_WRONG;
    rec->failed++;
    if (rec->failed >= STAFF_MAX_FAILS) {
        *out = LOGIN_LOCKED;
        rec->failed = 0;
        rec->locks++;
        rec->locked_until = now + staff_lock_seconds(rec->locks);
        rec->locked_now = true;
    }
    r = set_counters(s, rec);
    if (r == K_OK)
        r = log_staff(s, now, login, "staff_login_failed", rec->id, login, NULL, "wrong_pin", 0, 0);
    if (r == K_OK && *out == LOGIN_LOCKED)
        r = log_staff(s, now, login, "staff_locked", rec->id, login, NULL, NULL, rec->locks,
                      rec->locked_until - now);
done:
    sodium_memzero(now_hash, sizeof now_hash);
    if (r == K_OK && !*again)
        r = store_commit(s, what);
    if (r != K_OK || *again)
        store_rollback(s);
    return r;
}

KResult store_staff_login(Store *s, const char *login, const char *pin, int64_t now,
                          LoginResult *out, StaffRecord *rec, int *fails_left)
{
    char hash[STAFF_HASH_MAX];
    StaffRecord mine;
    LoginResult res = LOGIN_UNKNOWN;
    KResult r = K_OK;
    bool again = true;

    assert(s && out);
    store_clear_error(s);
    if (!rec)
        rec = &mine;
    memset(rec, 0, sizeof *rec);
    *out = LOGIN_UNKNOWN;
    if (fails_left)
        *fails_left = 0;

    for (int i = 0; i < LOGIN_TRIES && again && r == K_OK; i++) {
        bool checked = false, right = false;
        if (!login || !login[0] || strlen(login) >= STAFF_LOGIN_MAX || !text_valid_utf8(login))
            r = K_ERR_NOT_FOUND;
        else
            r = get_staff(s, login, rec, hash);
        if (r == K_ERR_NOT_FOUND) {
            res = LOGIN_UNKNOWN;
            r = store_begin(s, "cannot record the login");
            if (r == K_OK)
                r = log_unknown(s, login ? login : "", now);
            r = store_end(s, r, "cannot record the login");
            memset(rec, 0, sizeof *rec);
            again = false;
            break;
        }
        if (r != K_OK)
            break;
        if (rec->active && rec->locked_until <= now) {
            /* The slow part, outside any transaction. */
            right = staff_pin_check(hash, pin);
            checked = true;
        }
        r = login_once(s, login, now, checked, right, hash, &res, rec, &again);
    }
    sodium_memzero(hash, sizeof hash);
    if (r == K_OK && again) {
        snprintf(s->err, sizeof s->err, "the account's PIN kept changing during the login");
        r = K_ERR_BUSY;
    }
    if (r != K_OK)
        return r;
    *out = res;
    if (fails_left)
        *fails_left = res == LOGIN_OK || res == LOGIN_WRONG ? STAFF_MAX_FAILS - rec->failed : 0;
    return K_OK;
}
