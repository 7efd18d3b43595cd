/* test_staff.c - staff PINs and accounts: app/core/staff.c (PIN and login
 * rules, Argon2id hash and check, a damaged hash refused without a crash,
 * the lock's doubling) and app/store/store_staff.c (accounts, and the login
 * with its lockout at fixed clock values: 5 wrong PINs lock for 300 s, the
 * right PIN is refused while locked, the next locks last 600 s and 1200 s, a
 * right PIN after a lock ends works and starts the doubling again; disabled
 * and unknown accounts; every attempt logged, never the PIN).
 *
 * Each PIN check costs about a tenth of a second on purpose; the test makes
 * some 30 of them. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/staff.h"
#include "kiosk/store.h"

static char test_dir[512];
static const int64_t T0 = 1795996800; /* 2026-12-01 10:00 Asia/Shanghai */

static void test_rules(void)
{
    CHECK(staff_pin_valid("1234"));
    CHECK(staff_pin_valid("12345678"));
    CHECK(staff_pin_valid("0000"));
    CHECK(!staff_pin_valid("123"));
    CHECK(!staff_pin_valid("123456789"));
    CHECK(!staff_pin_valid("12a4"));
    CHECK(!staff_pin_valid(" 1234"));
    CHECK(!staff_pin_valid("１２３４")); /* full-width digits */
    CHECK(!staff_pin_valid(""));
    CHECK(!staff_pin_valid(NULL));

    /* Obvious PINs are refused where PINs are set; the rest pass. */
    static const char *const weak[] = {"0000", "1111",   "99999999", "1234", "4321",    "2345",
                                       "9876", "123456", "3456789",  "0123", "87654321"};
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        if (!staff_pin_weak(weak[i], "wang"))
            fprintf(stderr, "    %s was not refused\n", weak[i]);
        CHECK(staff_pin_weak(weak[i], "wang") != NULL);
    }
    static const char *const fine[] = {"7531", "2468", "1357", "8642",
                                       "9753", "1235", "0987", "5827"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        CHECK(staff_pin_weak(fine[i], "wang") == NULL);
    CHECK(staff_pin_weak("2580", "2580") != NULL); /* the login itself */
    CHECK(staff_pin_weak("2580", "2581") == NULL);
    CHECK(staff_pin_weak("2580", NULL) == NULL);

    CHECK(staff_login_valid("a"));
    CHECK(staff_login_valid("wang_li2"));
    CHECK(staff_login_valid("abcdefghijklmnopqrstuvw")); /* 23 */
    CHECK(!staff_login_valid("abcdefghijklmnopqrstuvwx"));
    CHECK(!staff_login_valid(""));
    CHECK(!staff_login_valid("Wang"));
    CHECK(!staff_login_valid("wang li"));
    CHECK(!staff_login_valid("王丽"));
    CHECK(!staff_login_valid(NULL));

    CHECK_INT_EQ(staff_lock_seconds(1), 300);
    CHECK_INT_EQ(staff_lock_seconds(2), 600);
    CHECK_INT_EQ(staff_lock_seconds(3), 1200);
    CHECK_INT_EQ(staff_lock_seconds(9), 76800);
    CHECK_INT_EQ(staff_lock_seconds(10), 86400); /* 153600 capped */
    CHECK_INT_EQ(staff_lock_seconds(1000), 86400);
    CHECK_INT_EQ(staff_lock_seconds(0), 300);
}

static void test_hash(void)
{
    char h[STAFF_HASH_MAX], h2[STAFF_HASH_MAX];
    CHECK_INT_EQ(staff_pin_hash("123", h), K_ERR_INVALID);
    CHECK_STR_EQ(h, "");
    CHECK_INT_EQ(staff_pin_hash("2468", h), K_OK);
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    CHECK(strstr(h, "2468") == NULL);
    CHECK(staff_pin_check(h, "2468"));
    CHECK(!staff_pin_check(h, "2469"));
    CHECK(!staff_pin_check(h, "24680"));
    CHECK(!staff_pin_check(h, ""));
    CHECK(!staff_pin_check(h, NULL));
    CHECK(!staff_pin_check(NULL, "2468"));
    /* salted: the same PIN hashes differently */
    CHECK_INT_EQ(staff_pin_hash("2468", h2), K_OK);
    CHECK(strcmp(h, h2) != 0);
    CHECK(staff_pin_check(h2, "2468"));

    /* damaged: cut, altered, garbage, unterminated, other parameters */
    char bad[STAFF_HASH_MAX];
    memcpy(bad, h, sizeof bad);
    bad[strlen(bad) / 2] = '\0';
    CHECK(!staff_pin_check(bad, "2468"));
    memcpy(bad, h, sizeof bad);
    bad[strlen(bad) - 3] ^= 1;
    CHECK(!staff_pin_check(bad, "2468"));
    CHECK(!staff_pin_check("", "2468"));
    CHECK(!staff_pin_check("$argon2id$", "2468"));
    CHECK(!staff_pin_check("$argon2id$v=19$m=4194304,t=1000,p=1$AAAA$AAAA", "2468"));
    CHECK(!staff_pin_check("not a hash at all", "2468"));
    memset(bad, 'A', sizeof bad); /* no terminator inside the size */
    CHECK(!staff_pin_check(bad, "2468"));
    for (int i = 0; i < 200; i++) {
        randombytes_buf(bad, sizeof bad - 1);
        bad[sizeof bad - 1] = '\0';
        CHECK(!staff_pin_check(bad, "2468"));
    }
}

typedef struct {
    int n;
    int pin_seen;
    char kinds[40][48];
    char details[40][1024];
    char actors[40][48];
} Events;

static int collect(const StoreEvent *e, void *user)
{
    Events *ev = user;
    if (strstr(e->detail, "7531") || strstr(e->detail, "9999") || strstr(e->detail, "argon"))
        ev->pin_seen++;
    if (ev->n < 40) {
        snprintf(ev->kinds[ev->n], sizeof ev->kinds[0], "%s", e->kind);
        snprintf(ev->details[ev->n], sizeof ev->details[0], "%s", e->detail);
        snprintf(ev->actors[ev->n], sizeof ev->actors[0], "%s", e->actor);
    }
    ev->n++;
    return 0;
}

static int count_kind(const Events *ev, const char *kind, const char *in_detail)
{
    int n = 0;
    for (int i = 0; i < ev->n && i < 40; i++)
        if (strcmp(ev->kinds[i], kind) == 0 && (!in_detail || strstr(ev->details[i], in_detail)))
            n++;
    return n;
}

static Store *open_new(const char *name)
{
    char path[600], err[320];
    Store *s = NULL;
    snprintf(path, sizeof path, "%s/%s", test_dir, name);
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    %s\n", err);
    return s;
}

static LoginResult login(Store *s, const char *who, const char *pin, int64_t now, StaffRecord *rec,
                         int *left)
{
    LoginResult out = LOGIN_UNKNOWN;
    CHECK_INT_EQ(store_staff_login(s, who, pin, now, &out, rec, left), K_OK);
    return out;
}

/* five wrong PINs at t: the fifth locks */
static void five_wrong(Store *s, int64_t t, int64_t lock_s)
{
    StaffRecord rec;
    int left = -1;
    for (int i = 1; i <= 4; i++) {
        CHECK_INT_EQ(login(s, "wang", "9999", t + i, &rec, &left), LOGIN_WRONG);
        CHECK_INT_EQ(left, STAFF_MAX_FAILS - i);
        CHECK_INT_EQ(rec.failed, i);
    }
    CHECK_INT_EQ(login(s, "wang", "9999", t + 5, &rec, &left), LOGIN_LOCKED);
    CHECK_INT_EQ(left, 0);
    CHECK_INT_EQ(rec.failed, 0);
    CHECK_INT_EQ(rec.locked_until, t + 5 + lock_s);
}

static void test_accounts(void)
{
    Store *s = open_new("accounts.db");
    if (!s)
        return;
    StaffRecord rec;
    CHECK_INT_EQ(store_staff_add(s, "wang", "王丽", ROLE_WORKER, "7531", T0, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "wang", "王丽", ROLE_WORKER, "7531", T0, "admin"),
                 K_ERR_EXISTS);
    CHECK_INT_EQ(store_staff_add(s, "Bad Login", "x", ROLE_WORKER, "7531", T0, "admin"),
                 K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "login") != NULL);
    CHECK_INT_EQ(store_staff_add(s, "li", "", ROLE_WORKER, "7531", T0, "admin"), K_ERR_INVALID);
    CHECK_INT_EQ(store_staff_add(s, "li", "李", ROLE_WORKER, "75", T0, "admin"), K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "PIN") != NULL);
    CHECK_INT_EQ(store_staff_add(s, "li", "李", ROLE_COUNT, "7531", T0, "admin"), K_ERR_INVALID);
    CHECK_INT_EQ(store_staff_add(s, "zhao", "赵站长", ROLE_HEAD, "1357", T0, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_get(s, "wang", &rec), K_OK);
    CHECK_STR_EQ(rec.name, "王丽");
    CHECK_INT_EQ(rec.role, ROLE_WORKER);
    CHECK(rec.active);
    CHECK_INT_EQ(rec.created_at, T0);
    CHECK_INT_EQ(store_staff_get(s, "nobody", &rec), K_ERR_NOT_FOUND);

    /* disabled: refused without a lock, enabled again: works */
    CHECK_INT_EQ(store_staff_set_active(s, "zhao", false, T0, "admin"), K_OK);
    CHECK_INT_EQ(login(s, "zhao", "1357", T0 + 1, &rec, NULL), LOGIN_DISABLED);
    CHECK_INT_EQ(rec.failed, 0);
    CHECK_INT_EQ(store_staff_set_active(s, "zhao", true, T0 + 2, "admin"), K_OK);
    CHECK_INT_EQ(login(s, "zhao", "1357", T0 + 3, &rec, NULL), LOGIN_OK);
    CHECK_INT_EQ(rec.role, ROLE_HEAD);
    CHECK_INT_EQ(store_staff_set_active(s, "nobody", false, T0, "admin"), K_ERR_NOT_FOUND);

    /* unknown login */
    CHECK_INT_EQ(login(s, "nobody", "1357", T0 + 4, &rec, NULL), LOGIN_UNKNOWN);
    CHECK_INT_EQ(rec.id, 0);
    CHECK_INT_EQ(login(s, "", "1357", T0 + 4, &rec, NULL), LOGIN_UNKNOWN);
    CHECK_INT_EQ(login(s, "1357", "1357", T0 + 4, &rec, NULL), LOGIN_UNKNOWN);

    /* reset PIN clears a lock */
    five_wrong(s, T0 + 10, 300);
    CHECK_INT_EQ(store_staff_set_pin(s, "wang", "12", T0 + 20, "zhao"), K_ERR_INVALID);
    CHECK_INT_EQ(store_staff_set_pin(s, "wang", "1234", T0 + 20, "zhao"), K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "too easy to guess") != NULL);
    CHECK_INT_EQ(store_staff_set_pin(s, "wang", "0000", T0 + 20, "zhao"), K_ERR_INVALID);
    CHECK_INT_EQ(store_staff_set_pin(s, "wang", "98765", T0 + 20, "zhao"), K_ERR_INVALID);
    CHECK_INT_EQ(store_staff_add(s, "2580", "数字", ROLE_WORKER, "2580", T0 + 20, "admin"),
                 K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "login") != NULL);
    CHECK_INT_EQ(store_staff_set_pin(s, "wang", "8642", T0 + 20, "zhao"), K_OK);
    CHECK_INT_EQ(store_staff_get(s, "wang", &rec), K_OK);
    CHECK_INT_EQ(rec.locked_until, 0);
    CHECK_INT_EQ(rec.locks, 0);
    CHECK_INT_EQ(login(s, "wang", "7531", T0 + 21, &rec, NULL), LOGIN_WRONG);
    CHECK_INT_EQ(login(s, "wang", "8642", T0 + 22, &rec, NULL), LOGIN_OK);

    int n = 0;
    Events ev;
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_list_events(s, NULL, 0, collect, &ev), K_OK);
    CHECK_INT_EQ(count_kind(&ev, "staff_login_failed", "\"reason\":\"unknown\""), 3);
    /* the login "1357" might be a PIN typed in the wrong field: not logged */
    for (int i = 0; i < ev.n && i < 40; i++)
        if (strstr(ev.details[i], "\"unknown\""))
            n += strstr(ev.details[i], "1357") != NULL;
    CHECK_INT_EQ(n, 0);
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_staff_get(s, "wang", &rec), K_OK);
    CHECK_INT_EQ(store_list_events(s, "staff", rec.id, collect, &ev), K_OK);
    CHECK_INT_EQ(count_kind(&ev, "staff_added", "\"role\":\"worker\""), 1);
    CHECK_INT_EQ(count_kind(&ev, "staff_pin_reset", NULL), 1);
    CHECK_INT_EQ(count_kind(&ev, "staff_locked", "\"seconds\":300"), 1);
    CHECK_INT_EQ(count_kind(&ev, "staff_login", NULL), 1);
    CHECK_INT_EQ(ev.pin_seen, 0);
    store_close(s);
}

static void test_lockout(void)
{
    Store *s = open_new("lockout.db");
    if (!s)
        return;
    StaffRecord rec;
    int left = -1;
    int64_t t = T0;
    CHECK_INT_EQ(store_staff_add(s, "wang", "王丽", ROLE_WORKER, "7531", t, "admin"), K_OK);
    CHECK_INT_EQ(login(s, "wang", "7531", t, &rec, &left), LOGIN_OK);
    CHECK_INT_EQ(left, STAFF_MAX_FAILS);

    /* 5 wrong: locked for 300 s */
    five_wrong(s, t, 300);
    int64_t until = t + 5 + 300;
    CHECK_INT_EQ(rec.locks, 0); /* rec from the OK login above */
    CHECK_INT_EQ(store_staff_get(s, "wang", &rec), K_OK);
    CHECK_INT_EQ(rec.locks, 1);
    CHECK_INT_EQ(rec.locked_until, until);
    /* the right PIN is refused while locked, up to the last second */
    CHECK_INT_EQ(login(s, "wang", "7531", t + 6, &rec, &left), LOGIN_LOCKED);
    CHECK_INT_EQ(login(s, "wang", "7531", until - 1, &rec, &left), LOGIN_LOCKED);
    CHECK_INT_EQ(login(s, "wang", "9999", until - 1, &rec, &left), LOGIN_LOCKED);
    CHECK_INT_EQ(rec.failed, 0); /* tries while locked are not counted */
    CHECK_INT_EQ(rec.locked_until, until);

    /* the lock over: 5 wrong again lock for 600 s, then 1200 s */
    five_wrong(s, until, 600);
    until = until + 5 + 600;
    CHECK_INT_EQ(login(s, "wang", "7531", until - 1, &rec, &left), LOGIN_LOCKED);
    five_wrong(s, until, 1200);
    until = until + 5 + 1200;
    CHECK_INT_EQ(login(s, "wang", "7531", until - 1, &rec, &left), LOGIN_LOCKED);
    CHECK_INT_EQ(rec.locks, 3);

    /* at the second it ends the right PIN works and resets both counters */
    CHECK_INT_EQ(login(s, "wang", "7531", until, &rec, &left), LOGIN_OK);
    CHECK_INT_EQ(rec.locks, 0);
    CHECK_INT_EQ(rec.failed, 0);
    CHECK_INT_EQ(rec.locked_until, 0);
    /* wrong, right: the count starts again */
    CHECK_INT_EQ(login(s, "wang", "9999", until + 1, &rec, &left), LOGIN_WRONG);
    CHECK_INT_EQ(left, 4);
    CHECK_INT_EQ(login(s, "wang", "7531", until + 2, &rec, &left), LOGIN_OK);
    CHECK_INT_EQ(left, 5);
    /* so the next lock is 300 s again */
    five_wrong(s, until + 10, 300);

    Events ev;
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_list_events(s, "staff", rec.id, collect, &ev), K_OK);
    CHECK_INT_EQ(count_kind(&ev, "staff_locked", NULL), 4);
    CHECK_INT_EQ(count_kind(&ev, "staff_locked", "\"locks\":2,\"seconds\":600"), 1);
    CHECK_INT_EQ(count_kind(&ev, "staff_locked", "\"locks\":3,\"seconds\":1200"), 1);
    CHECK_INT_EQ(count_kind(&ev, "staff_login_failed", "\"reason\":\"locked\""), 5);
    CHECK_INT_EQ(count_kind(&ev, "staff_login_failed", "\"reason\":\"wrong_pin\""), 21);
    CHECK_INT_EQ(count_kind(&ev, "staff_login", NULL), 3);
    CHECK_INT_EQ(ev.pin_seen, 0);
    for (int i = 0; i < ev.n && i < 40; i++)
        CHECK_STR_EQ(ev.actors[i], strcmp(ev.kinds[i], "staff_added") == 0 ? "admin" : "wang");
    store_close(s);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/kiosk-staff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(test_dir))
        return 1;
    test_rules();
    test_hash();
    test_accounts();
    test_lockout();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", test_dir);
    return CHECK_DONE();
}
