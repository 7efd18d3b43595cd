/* test_activity.c - community activities in the store
 * (app/store/store_activity.c): seats and the waiting list, promotion in
 * order and exactly once, the rules per activity (people per sign-up, seats
 * per phone, sign-up window, cancel-before), series, check-in, releasing
 * no-shows' seats, the sweep, changes, figures, and 8 processes racing for
 * the last seat.
 *
 * The clock is fixed: "now" is Tuesday 2026-12-01 10:00 in Asia/Shanghai. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/booking.h"
#include "kiosk/store.h"
#include "kiosk/store_activity.h"
#include "kiosk/text.h"

static char test_dir[512];
static int db_counter;
static const uint8_t key[TICKET_KEY_BYTES] = {7, 1, 7, 1, 7};
static int64_t now;

static int64_t at(const char *day, int hour, int min)
{
    int64_t t = 0;
    CHECK(booking_time(day, hour * 60 + min, &t));
    return t;
}

static Store *open_new(char *path, size_t cap)
{
    char err[320];
    Store *s = NULL;
    snprintf(path, cap, "%s/a%d.db", test_dir, ++db_counter);
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    %s\n", err);
    return s;
}

static void activity_for(Activity *a, const char *day, int seats, int per_signup, bool waitlist)
{
    memset(a, 0, sizeof *a);
    text_copy(a->code, sizeof a->code, "YOGA");
    text_copy(a->title_zh, sizeof a->title_zh, "公益瑜伽");
    text_copy(a->title_en, sizeof a->title_en, "Yoga");
    text_copy(a->audience, sizeof a->audience, ACT_AUD_ELDER);
    text_copy(a->day, sizeof a->day, day);
    a->start_min = 14 * 60;
    a->end_min = 15 * 60;
    a->seats = seats;
    a->per_signup = per_signup;
    a->per_phone = per_signup;
    a->waitlist = waitlist;
}

static int64_t add_one(Store *s, const Activity *a)
{
    int64_t id = 0;
    int n = 0;
    CHECK_INT_EQ(store_activity_add(s, a, NULL, NULL, "test", now, &id, 1, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    return id;
}

static KResult sign(Store *s, int64_t aid, const char *phone, int people, ActivitySignup *u,
                    ActRefusal *why)
{
    Ticket t;
    KResult r = store_activity_signup(s, aid, phone, people, true, "", "SW01", key, "kiosk", now, u,
                                      &t, why);
    if (r == K_OK) {
        CHECK(t.kind == TICKET_KIND_ACTIVITY);
        CHECK(t.number[0] == 'H');
        CHECK_STR_EQ(u->number, t.number);
    }
    return r;
}

static int taken_of(Store *s, int64_t aid)
{
    Activity a;
    CHECK_INT_EQ(store_activity_get(s, aid, &a), K_OK);
    return a.taken;
}

static void test_seats_and_waiting(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Activity a;
    activity_for(&a, "2026-12-03", 3, 2, true);
    a.per_phone = 2;
    int64_t aid = add_one(s, &a);
    ActivitySignup u1, u2, w1, w2, w3;
    ActRefusal why;
    CHECK_INT_EQ(sign(s, aid, "13800000001", 2, &u1, &why), K_OK);
    CHECK_STR_EQ(u1.status, ACT_SIGNUP_SIGNED_UP);
    CHECK_INT_EQ(sign(s, aid, "13800000002", 1, &u2, &why), K_OK);
    CHECK_INT_EQ(taken_of(s, aid), 3);
    /* full: the waiting list, in order */
    CHECK_INT_EQ(sign(s, aid, "13800000003", 2, &w1, &why), K_OK);
    CHECK_STR_EQ(w1.status, ACT_SIGNUP_WAITING);
    CHECK_INT_EQ(w1.position, 1);
    CHECK_INT_EQ(sign(s, aid, "13800000004", 1, &w2, &why), K_OK);
    CHECK_INT_EQ(w2.position, 2);
    CHECK_INT_EQ(sign(s, aid, "13800000005", 1, &w3, &why), K_OK);
    CHECK_INT_EQ(w3.position, 3);
    /* the rules: people per sign-up, seats per phone */
    ActivitySignup x;
    CHECK_INT_EQ(sign(s, aid, "13800000006", 3, &x, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_PEOPLE);
    CHECK_INT_EQ(sign(s, aid, "13800000001", 1, &x, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_PHONE);
    CHECK_INT_EQ(sign(s, aid, "123", 1, &x, &why), K_ERR_INVALID);

    /* one seat frees: the first waiting needs two, so nobody moves (the
     * one behind is not let past) */
    ActPromoted p;
    CHECK_INT_EQ(store_activity_cancel_signup(s, u2.id, true, "kiosk", now, &p, &why), K_OK);
    CHECK_INT_EQ(p.count, 0);
    CHECK_INT_EQ(taken_of(s, aid), 2);
    /* two more free: the party of two goes first, then the next fits */
    CHECK_INT_EQ(store_activity_cancel_signup(s, u1.id, true, "kiosk", now, &p, &why), K_OK);
    CHECK_INT_EQ(p.count, 2);
    CHECK_INT_EQ(p.id[0], w1.id);
    CHECK_INT_EQ(p.id[1], w2.id);
    CHECK_INT_EQ(taken_of(s, aid), 3);
    CHECK_INT_EQ(store_activity_signup_get(s, w3.id, &x), K_OK);
    CHECK_INT_EQ(x.position, 1); /* moved up the line */
    CHECK_INT_EQ(store_activity_signup_get(s, w1.id, &x), K_OK);
    CHECK_STR_EQ(x.status, ACT_SIGNUP_SIGNED_UP);
    CHECK(x.promoted);
    /* cancelled twice: the second is refused, nothing promoted again */
    CHECK_INT_EQ(store_activity_cancel_signup(s, u1.id, true, "kiosk", now, &p, &why),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_STATE);
    CHECK_INT_EQ(taken_of(s, aid), 3);
    /* found by its ticket */
    CHECK_INT_EQ(store_activity_signup_of_ticket(s, w3.ticket_id, &x), K_OK);
    CHECK_INT_EQ(x.id, w3.id);

    /* more seats promote at once; fewer than taken are refused */
    Activity cur;
    CHECK_INT_EQ(store_activity_get(s, aid, &cur), K_OK);
    cur.seats = 2;
    CHECK_INT_EQ(store_activity_change(s, &cur, "admin", now, &p), K_ERR_REFUSED);
    cur.seats = 4;
    CHECK_INT_EQ(store_activity_change(s, &cur, "admin", now, &p), K_OK);
    CHECK_INT_EQ(p.count, 1);
    CHECK_INT_EQ(p.id[0], w3.id);
    CHECK_INT_EQ(taken_of(s, aid), 4);

    /* no waiting list: full is refused */
    activity_for(&a, "2026-12-03", 1, 1, false);
    int64_t b = add_one(s, &a);
    CHECK_INT_EQ(sign(s, b, "13900000001", 1, &x, &why), K_OK);
    CHECK_INT_EQ(sign(s, b, "13900000002", 1, &x, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_FULL);
    store_close(s);
}

static void test_rules_and_times(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Activity a;
    ActivitySignup u, v, w;
    ActRefusal why;
    ActPromoted p;
    /* today 14:00-15:00, cancel up to 2 hours before */
    activity_for(&a, "2026-12-01", 1, 1, true);
    a.cancel_before_min = 120;
    int64_t aid = add_one(s, &a);
    CHECK_INT_EQ(sign(s, aid, "13800000001", 1, &u, &why), K_OK);
    CHECK_INT_EQ(sign(s, aid, "13800000002", 1, &v, &why), K_OK);
    CHECK_INT_EQ(sign(s, aid, "13800000003", 1, &w, &why), K_OK);
    CHECK_INT_EQ(
        store_activity_cancel_signup(s, u.id, true, "kiosk", at("2026-12-01", 12, 30), &p, &why),
        K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_TOO_LATE);
    /* sign-ups close at the start for residents */
    Ticket t;
    CHECK_INT_EQ(store_activity_signup(s, aid, "13800000009", 1, true, "", "SW01", key, "kiosk",
                                       at("2026-12-01", 14, 0), &u, &t, &why),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_CLOSED);
    /* check-in: not yet at 12:00, fine at 13:30; a waiting one cannot */
    CHECK_INT_EQ(store_activity_signup_of_ticket(s, 1, &u), K_OK);
    CHECK_INT_EQ(store_activity_checkin(s, u.id, "desk", at("2026-12-01", 12, 0), &why),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_activity_checkin(s, v.id, "desk", at("2026-12-01", 13, 30), &why),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_STATE);
    /* release: refused at 14:05, at 14:10 the no-show's seat goes to the
     * first waiting */
    int released = 0;
    CHECK_INT_EQ(store_activity_release(s, aid, "desk", at("2026-12-01", 14, 5), &released, &p),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_activity_release(s, aid, "desk", at("2026-12-01", 14, 10), &released, &p),
                 K_OK);
    CHECK_INT_EQ(released, 1);
    CHECK_INT_EQ(p.count, 1);
    CHECK_INT_EQ(p.id[0], v.id);
    CHECK_INT_EQ(store_activity_signup_get(s, u.id, &u), K_OK);
    CHECK_STR_EQ(u.status, ACT_SIGNUP_NO_SHOW);
    CHECK(u.released);
    CHECK_INT_EQ(store_activity_checkin(s, v.id, "desk", at("2026-12-01", 14, 12), &why), K_OK);
    /* the sweep after the end: the last waiting one is let go, nobody
     * else is a no-show (v came) */
    int marked = -1;
    CHECK_INT_EQ(store_activity_sweep(s, at("2026-12-01", 15, 1), &marked), K_OK);
    CHECK_INT_EQ(marked, 0);
    CHECK_INT_EQ(store_activity_signup_get(s, w.id, &w), K_OK);
    CHECK_STR_EQ(w.status, ACT_SIGNUP_CANCELLED);

    /* figures */
    ActivityFigures per[4], aud[4], total;
    int nper = 0, naud = 0;
    CHECK_INT_EQ(
        store_activity_figures(s, "2026-12-01", "2026-12-31", per, 4, &nper, aud, &naud, &total),
        K_OK);
    CHECK_INT_EQ(nper, 1);
    CHECK_INT_EQ(total.attended, 1);
    CHECK_INT_EQ(total.no_shows, 1);
    CHECK_INT_EQ(total.promotions, 1);
    CHECK_INT_EQ(aud[0].activities, 1); /* elder */
    store_close(s);
}

static void test_series(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Activity a;
    activity_for(&a, "2026-12-02", 10, 1, true);
    text_copy(a.audience, sizeof a.audience, ACT_AUD_YOUTH);
    int64_t ids[8];
    int n = 0;
    CHECK_INT_EQ(store_activity_add(s, &a, "weekly", "2026-12-23", "admin", now, ids, 8, &n), K_OK);
    CHECK_INT_EQ(n, 4);
    CHECK_INT_EQ(store_activity_add(s, &a, "monthly", "2026-12-23", "admin", now, ids, 8, &n),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_activity_add(s, &a, "daily", "2027-12-23", "admin", now, ids, 8, &n),
                 K_ERR_INVALID); /* more than 120 dates: nothing added */
    Activity rows[10];
    CHECK_INT_EQ(store_activity_list(s, "2026-12-01", "2026-12-31", "youth", false, rows, 10, &n),
                 K_OK);
    CHECK_INT_EQ(n, 4);
    CHECK_STR_EQ(rows[1].day, "2026-12-09");
    CHECK_INT_EQ(store_activity_list(s, "2026-12-01", "2026-12-31", "elder", false, rows, 10, &n),
                 K_OK);
    CHECK_INT_EQ(n, 0);
    ActivitySignup u;
    ActRefusal why;
    CHECK_INT_EQ(sign(s, ids[2], "13800000001", 1, &u, &why), K_OK);
    int dates = 0;
    CHECK_INT_EQ(store_activity_cancel(s, ids[1], true, "admin", now, &dates), K_OK);
    CHECK_INT_EQ(dates, 3);
    CHECK_INT_EQ(store_activity_list(s, "2026-12-01", "2026-12-31", NULL, false, rows, 10, &n),
                 K_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(store_activity_signup_get(s, u.id, &u), K_OK);
    CHECK_STR_EQ(u.status, ACT_SIGNUP_CANCELLED);
    CHECK_INT_EQ(sign(s, ids[3], "13800000002", 1, &u, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why, ACT_REFUSE_CANCELLED);
    store_close(s);
}

/* ---- the last seat under concurrency ---- */

#define RACERS 8

static void race_once(int round, bool waitlist)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Activity a;
    activity_for(&a, "2026-12-03", 3, 1, waitlist);
    int64_t aid = add_one(s, &a);
    ActivitySignup u;
    ActRefusal why;
    CHECK_INT_EQ(sign(s, aid, "13700000001", 1, &u, &why), K_OK);
    CHECK_INT_EQ(sign(s, aid, "13700000002", 1, &u, &why), K_OK);
    store_close(s);

    int pipes[2];
    pid_t pids[RACERS];
    CHECK_INT_EQ(pipe(pipes), 0);
    for (int i = 0; i < RACERS; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            char err[320], phone[32], go;
            Store *c = NULL;
            Ticket t;
            close(pipes[1]);
            if (store_open(path, &c, err, sizeof err) != K_OK)
                _exit(3);
            snprintf(phone, sizeof phone, "1390%03d%04d", round, i);
            if (read(pipes[0], &go, 1) < 0)
                _exit(3);
            KResult r = store_activity_signup(c, aid, phone, 1, true, "", "SW01", key, "kiosk", now,
                                              &u, &t, &why);
            store_close(c);
            if (r == K_OK && strcmp(u.status, ACT_SIGNUP_SIGNED_UP) == 0)
                _exit(0);
            if (r == K_OK && strcmp(u.status, ACT_SIGNUP_WAITING) == 0)
                _exit(1);
            if (r == K_ERR_REFUSED && why == ACT_REFUSE_FULL)
                _exit(1);
            _exit(2);
        }
    }
    close(pipes[0]);
    close(pipes[1]); /* EOF releases every racer at once */
    int won = 0, lost = 0, other = 0;
    for (int i = 0; i < RACERS; i++) {
        int status = 0;
        waitpid(pids[i], &status, 0);
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 9;
        won += code == 0;
        lost += code == 1;
        other += code > 1;
    }
    CHECK_INT_EQ(won, 1);
    CHECK_INT_EQ(lost, RACERS - 1);
    CHECK_INT_EQ(other, 0);
    char err[320];
    if (store_open(path, &s, err, sizeof err) != K_OK)
        return;
    CHECK_INT_EQ(taken_of(s, aid), 3);
    ActivitySignup rows[16];
    int n = 0;
    CHECK_INT_EQ(store_activity_signups(s, aid, rows, 16, &n), K_OK);
    CHECK_INT_EQ(n, waitlist ? 2 + RACERS : 3);
    /* the waiting list's places are 1..7, each once */
    int seen = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].position)
            seen |= 1 << rows[i].position;
    CHECK_INT_EQ(seen, waitlist ? 0xFE : 0);
    store_close(s);
}

static void rm_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/kiosk-activity-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(test_dir))
        return 1;
    CHECK(booking_time("2026-12-01", 10 * 60, &now));

    test_seats_and_waiting();
    test_rules_and_times();
    test_series();
    for (int round = 0; round < 3; round++)
        race_once(round, round != 1);
    rm_tree(test_dir);
    return CHECK_DONE();
}
