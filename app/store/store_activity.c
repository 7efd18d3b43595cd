/* store_activity.c - community activities in the database (see
 * store_activity.h): the calendar, sign-ups, the waiting list and its
 * promotion, series, check-in, no-shows and the figures.
 *
 * Every change runs in one IMMEDIATE transaction that reads the seats and
 * writes the sign-up and the activity's `taken` together, so two kiosks (or
 * a kiosk and admin) on the same file queue on the write lock and the
 * second sees the first's seat gone.  The schema's CHECK (taken <= seats)
 * backs this: a bug here fails the transaction rather than overbook.
 *
 * Promotion (promote_waiting) runs inside whichever transaction freed the
 * seats: the first waiting by wait_seq is promoted while its people fit,
 * and it stops at the first that does not, so nobody is skipped.  Its
 * UPDATE is guarded by status = 'waiting', so a sign-up is promoted once.
 *
 * The store's events (subject "activity" or "activity_signup") keep the
 * timeline; they never carry a phone. */
#include "kiosk/store_activity.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/phone.h"
#include "kiosk/text.h"
#include "store_int.h"

#define ACT_COLUMNS                                                                                \
    "a.id, coalesce(a.series_id, 0), a.code, a.title_zh, a.title_en, a.desc_zh, a.desc_en,"        \
    " a.place_zh, a.place_en, a.bring_zh, a.bring_en, a.audience, a.day, a.start_min,"             \
    " a.end_min, a.seats, a.per_signup, a.per_phone, a.opens_at, a.closes_at,"                     \
    " a.cancel_before_min, a.waitlist, a.cancelled_at IS NOT NULL, a.taken, a.created_at,"         \
    " (SELECT coalesce(sum(w.people), 0) FROM activity_signups w WHERE w.activity_id = a.id"       \
    " AND w.status = 'waiting')"

#define SIGNUP_COLUMNS                                                                             \
    "s.id, s.activity_id, coalesce(s.ticket_id, 0), coalesce(t.number, ''), s.phone, s.people,"    \
    " s.status, CASE WHEN s.status = 'waiting' THEN (SELECT count(*) FROM activity_signups w"      \
    " WHERE w.activity_id = s.activity_id AND w.status = 'waiting' AND w.wait_seq <= s.wait_seq)"  \
    " ELSE 0 END, s.promoted, s.released, s.created_at, s.changed_at"                              \
    " FROM activity_signups s LEFT JOIN tickets t ON t.id = s.ticket_id"

/* The columns of an insert and of a change, ?2.. in Activity's order. */
#define ACT_FIELDS                                                                                 \
    "code, title_zh, title_en, desc_zh, desc_en, place_zh, place_en, bring_zh, bring_en,"          \
    " audience, day, start_min, end_min, seats, per_signup, per_phone, opens_at, closes_at,"       \
    " cancel_before_min, waitlist"

enum {
    A_INSERT,
    A_SET_SERIES,
    A_GET,
    A_LIST,
    A_UPDATE,
    A_CANCEL,
    A_OF_SERIES,
    A_ADD_TAKEN,
    A_FIGURES,
    S_INSERT,
    S_NEXT_SEQ,
    S_WAITING,
    S_PHONE_HELD,
    S_FIRST_WAITING,
    S_PROMOTE,
    S_GET,
    S_OF_TICKET,
    S_LIST,
    S_SET_STATUS,
    S_CANCEL_ALL,
    S_UNCHECKED,
    S_RELEASE,
    S_SWEEP_SHOWS,
    S_SWEEP_WAITING,
    A_COUNT
};

_Static_assert(A_COUNT <= STORE_ACTIVITY_STMTS, "raise STORE_ACTIVITY_STMTS in store_int.h");

static const char *const activity_sql[A_COUNT] = {
    [A_INSERT] = "INSERT INTO activities (id, series_id, " ACT_FIELDS ", created_at)"
                 " VALUES (" NEXT_ID(
                     "activities") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                   " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    [A_SET_SERIES] = "UPDATE activities SET series_id = ?2 WHERE id = ?1",
    [A_GET] = "SELECT " ACT_COLUMNS " FROM activities a WHERE a.id = ?1",
    /* the calendar: activities_by_day, then each row's waiting sum by
     * activity_signups_by_activity */
    [A_LIST] = "SELECT " ACT_COLUMNS " FROM activities a WHERE a.day BETWEEN ?1 AND ?2"
               " AND (?3 IS NULL OR a.audience = ?3 OR a.audience = 'all')"
               " AND (?4 OR a.cancelled_at IS NULL) ORDER BY a.day, a.start_min, a.id LIMIT ?5",
    [A_UPDATE] = "UPDATE activities SET (" ACT_FIELDS ") = (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                 " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
                 " WHERE id = ?1 AND cancelled_at IS NULL",
    [A_CANCEL] = "UPDATE activities SET cancelled_at = ?2, taken = 0"
                 " WHERE id = ?1 AND cancelled_at IS NULL",
    [A_OF_SERIES] = "SELECT id FROM activities WHERE series_id = ?1 AND day >= ?2"
                    " AND cancelled_at IS NULL ORDER BY day, id",
    [A_ADD_TAKEN] = "UPDATE activities SET taken = taken + ?2 WHERE id = ?1",
    [A_FIGURES] = "SELECT a.id, a.title_zh, a.title_en, a.audience,"
                  " count(s.id) FILTER (WHERE s.status <> 'cancelled'),"
                  " coalesce(sum(s.people) FILTER (WHERE s.status <> 'cancelled'), 0),"
                  " coalesce(sum(s.people) FILTER (WHERE s.status = 'checked_in'), 0),"
                  " coalesce(sum(s.people) FILTER (WHERE s.status = 'no_show'), 0),"
                  " count(s.id) FILTER (WHERE s.promoted = 1)"
                  " FROM activities a LEFT JOIN activity_signups s ON s.activity_id = a.id"
                  " WHERE a.day BETWEEN ?1 AND ?2 AND a.cancelled_at IS NULL"
                  " GROUP BY a.id ORDER BY a.day, a.start_min, a.id",
    [S_INSERT] = "INSERT INTO activity_signups (id, activity_id, ticket_id, phone, people, status,"
                 " wait_seq, created_at, changed_at, sms) VALUES (" NEXT_ID(
                     "activity_signups") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    [S_NEXT_SEQ] = "SELECT coalesce(max(wait_seq), 0) + 1 FROM activity_signups"
                   " WHERE activity_id = ?1",
    [S_WAITING] = "SELECT count(*) FROM activity_signups WHERE activity_id = ?1"
                  " AND status = 'waiting'",
    [S_PHONE_HELD] = "SELECT coalesce(sum(people), 0) FROM activity_signups"
                     " WHERE phone = ?2 AND activity_id = ?1"
                     " AND status IN ('signed_up', 'waiting', 'checked_in')",
    [S_FIRST_WAITING] = "SELECT id, people FROM activity_signups WHERE activity_id = ?1"
                        " AND status = 'waiting' ORDER BY wait_seq LIMIT 1",
    [S_PROMOTE] = "UPDATE activity_signups SET status = 'signed_up', promoted = 1,"
                  " changed_at = ?2 WHERE id = ?1 AND status = 'waiting'",
    [S_GET] = "SELECT " SIGNUP_COLUMNS " WHERE s.id = ?1",
    [S_OF_TICKET] = "SELECT " SIGNUP_COLUMNS " WHERE s.ticket_id = ?1",
    [S_LIST] = "SELECT " SIGNUP_COLUMNS " WHERE s.activity_id = ?1 ORDER BY s.id LIMIT ?2",
    [S_SET_STATUS] = "UPDATE activity_signups SET status = ?2, changed_at = ?3"
                     " WHERE id = ?1 AND status = ?4",
    [S_CANCEL_ALL] = "UPDATE activity_signups SET status = 'cancelled', changed_at = ?2"
                     " WHERE activity_id = ?1 AND status IN ('signed_up', 'waiting')",
    [S_UNCHECKED] = "SELECT count(*), coalesce(sum(people), 0) FROM activity_signups"
                    " WHERE activity_id = ?1 AND status = 'signed_up'",
    [S_RELEASE] = "UPDATE activity_signups SET status = 'no_show', released = 1, changed_at = ?2"
                  " WHERE activity_id = ?1 AND status = 'signed_up'",
    /* ended (before today, or today before now), a week back at most */
    [S_SWEEP_SHOWS] = "UPDATE activity_signups SET status = 'no_show', changed_at = ?4"
                      " WHERE status = 'signed_up' AND activity_id IN (SELECT id FROM activities"
                      " WHERE day >= ?3 AND (day < ?1 OR (day = ?1 AND end_min <= ?2)))",
    [S_SWEEP_WAITING] = "UPDATE activity_signups SET status = 'cancelled', changed_at = ?4"
                        " WHERE status = 'waiting' AND activity_id IN (SELECT id FROM activities"
                        " WHERE day >= ?3 AND (day < ?1 OR (day = ?1 AND end_min <= ?2)))",
};

static const StmtTable activity_table = {"activity", activity_sql, A_COUNT};

KResult store_activity_prepare(Store *s)
{
    return store_prepare_table(s, &activity_table, s->activity);
}

/* The statement which, prepared on first use; NULL when it cannot be. */
static sqlite3_stmt *stmt(Store *s, int which)
{
    return store_prepared(s, &activity_table, s->activity, which);
}

static void read_activity(sqlite3_stmt *st, Activity *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->series_id = sqlite3_column_int64(st, 1);
    store_col_text(st, 2, a->code, sizeof a->code);
    store_col_text(st, 3, a->title_zh, sizeof a->title_zh);
    store_col_text(st, 4, a->title_en, sizeof a->title_en);
    store_col_text(st, 5, a->desc_zh, sizeof a->desc_zh);
    store_col_text(st, 6, a->desc_en, sizeof a->desc_en);
    store_col_text(st, 7, a->place_zh, sizeof a->place_zh);
    store_col_text(st, 8, a->place_en, sizeof a->place_en);
    store_col_text(st, 9, a->bring_zh, sizeof a->bring_zh);
    store_col_text(st, 10, a->bring_en, sizeof a->bring_en);
    store_col_text(st, 11, a->audience, sizeof a->audience);
    store_col_text(st, 12, a->day, sizeof a->day);
    a->start_min = sqlite3_column_int(st, 13);
    a->end_min = sqlite3_column_int(st, 14);
    a->seats = sqlite3_column_int(st, 15);
    a->per_signup = sqlite3_column_int(st, 16);
    a->per_phone = sqlite3_column_int(st, 17);
    a->opens_at = sqlite3_column_int64(st, 18);
    a->closes_at = sqlite3_column_int64(st, 19);
    a->cancel_before_min = sqlite3_column_int(st, 20);
    a->waitlist = sqlite3_column_int(st, 21) != 0;
    a->cancelled = sqlite3_column_int(st, 22) != 0;
    a->taken = sqlite3_column_int(st, 23);
    a->created_at = sqlite3_column_int64(st, 24);
    a->waiting = sqlite3_column_int(st, 25);
}

static void read_signup(sqlite3_stmt *st, ActivitySignup *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->activity_id = sqlite3_column_int64(st, 1);
    u->ticket_id = sqlite3_column_int64(st, 2);
    store_col_text(st, 3, u->number, sizeof u->number);
    store_col_text(st, 4, u->phone, sizeof u->phone);
    u->people = sqlite3_column_int(st, 5);
    store_col_text(st, 6, u->status, sizeof u->status);
    u->position = sqlite3_column_int(st, 7);
    u->promoted = sqlite3_column_int(st, 8) != 0;
    u->released = sqlite3_column_int(st, 9) != 0;
    u->created_at = sqlite3_column_int64(st, 10);
    u->changed_at = sqlite3_column_int64(st, 11);
}

/* ---- checks ---- */

static bool code_ok(const char *c)
{
    size_t n = strlen(c);
    if (n < 1 || n >= ACT_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = c[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_'))
            return false;
    }
    return true;
}

/* Characters of UTF-8 text (valid). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool text_ok(const char *s, size_t max_chars)
{
    return text_valid_utf8(s) && chars(s) <= max_chars && !strpbrk(s, "\r\n\t");
}

bool store_activity_audience_ok(const char *a)
{
    return a && (strcmp(a, ACT_AUD_ELDER) == 0 || strcmp(a, ACT_AUD_YOUTH) == 0 ||
                 strcmp(a, ACT_AUD_CHILDREN) == 0 || strcmp(a, ACT_AUD_ALL) == 0);
}

KResult store_activity_check(Store *s, const Activity *a)
{
    int64_t t;
    assert(s && a);
    if (!code_ok(a->code))
        return store_invalid(s, "the code is not 1 to 24 of A-Z, a-z, 0-9, - and _");
    if (!a->title_zh[0] || !text_ok(a->title_zh, 80) || !text_ok(a->title_en, 80))
        return store_invalid(s, "a title is empty (Chinese), longer than 80 characters or not "
                                "one line of UTF-8");
    if (!text_ok(a->place_zh, 60) || !text_ok(a->place_en, 60))
        return store_invalid(s, "a place is longer than 60 characters or not one line of UTF-8");
    if (!text_ok(a->desc_zh, 200) || !text_ok(a->desc_en, 200) || !text_ok(a->bring_zh, 200) ||
        !text_ok(a->bring_en, 200))
        return store_invalid(s, "a description or what to bring is longer than 200 characters "
                                "or not one line of UTF-8");
    if (!store_activity_audience_ok(a->audience))
        return store_invalid(s, "the audience is not elder, youth, children or all");
    if (!booking_time(a->day, 0, &t) || strlen(a->day) != 10)
        return store_invalid(s, "the day is not a date YYYY-MM-DD");
    if (a->start_min < 0 || a->start_min > 1439 || a->end_min <= a->start_min || a->end_min > 1440)
        return store_invalid(s, "the time is not HH:MM-HH:MM with the end after the start");
    if (a->seats < 1 || a->seats > ACT_SEATS_MAX)
        return store_invalid(s, "seats are 1 to 10000");
    if (a->per_signup < 1 || a->per_signup > ACT_PEOPLE_MAX)
        return store_invalid(s, "people per sign-up are 1 to 20");
    if (a->per_phone < a->per_signup || a->per_phone > ACT_SEATS_MAX)
        return store_invalid(s, "seats per phone are at least the people per sign-up");
    if (a->cancel_before_min < 0 || a->cancel_before_min > 20160)
        return store_invalid(s, "cancel-before is 0 to 20160 minutes (two weeks)");
    if (a->opens_at < 0 || a->closes_at < 0 || (a->closes_at && a->opens_at >= a->closes_at))
        return store_invalid(s, "sign-ups must open before they close");
    return K_OK;
}

/* ---- inside a transaction ---- */

static void bind_fields(sqlite3_stmt *st, const Activity *a)
{
    store_bind_text(st, 2, a->code);
    store_bind_text(st, 3, a->title_zh);
    store_bind_text(st, 4, a->title_en);
    store_bind_text(st, 5, a->desc_zh);
    store_bind_text(st, 6, a->desc_en);
    store_bind_text(st, 7, a->place_zh);
    store_bind_text(st, 8, a->place_en);
    store_bind_text(st, 9, a->bring_zh);
    store_bind_text(st, 10, a->bring_en);
    store_bind_text(st, 11, a->audience);
    store_bind_text(st, 12, a->day);
    sqlite3_bind_int(st, 13, a->start_min);
    sqlite3_bind_int(st, 14, a->end_min);
    sqlite3_bind_int(st, 15, a->seats);
    sqlite3_bind_int(st, 16, a->per_signup);
    sqlite3_bind_int(st, 17, a->per_phone);
    sqlite3_bind_int64(st, 18, a->opens_at);
    sqlite3_bind_int64(st, 19, a->closes_at);
    sqlite3_bind_int(st, 20, a->cancel_before_min);
    sqlite3_bind_int(st, 21, a->waitlist ? 1 : 0);
}

static KResult get_activity(Store *s, int64_t id, Activity *out, const char *what)
{
    sqlite3_stmt *st = stmt(s, A_GET);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    KResult r = store_step_one(s, st, what);
    if (r == K_OK)
        read_activity(st, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "no activity with id %lld", (long long)id);
    store_stmt_done(st);
    return r;
}

static KResult get_signup(Store *s, int which, int64_t id, ActivitySignup *out, const char *what)
{
    sqlite3_stmt *st = stmt(s, which);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    KResult r = store_step_one(s, st, what);
    if (r == K_OK)
        read_signup(st, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "no activity sign-up %s %lld",
                 which == S_OF_TICKET ? "with ticket" : "with id", (long long)id);
    store_stmt_done(st);
    return r;
}

static KResult add_taken(Store *s, int64_t id, int delta, const char *what)
{
    sqlite3_stmt *st = stmt(s, A_ADD_TAKEN);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, delta);
    return store_run(s, st, what);
}

static KResult set_status(Store *s, int64_t id, const char *from, const char *to, int64_t now,
                          const char *what)
{
    sqlite3_stmt *st = stmt(s, S_SET_STATUS);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, to);
    sqlite3_bind_int64(st, 3, now);
    store_bind_text(st, 4, from);
    KResult r = store_run(s, st, what);
    if (r == K_OK && sqlite3_changes(s->db) != 1) {
        snprintf(s->err, sizeof s->err, "%s: the sign-up is no longer %s", what, from);
        r = K_ERR_REFUSED;
    }
    return r;
}

static KResult log_event(Store *s, int64_t now, const char *actor, const char *kind,
                         const char *subject, int64_t id, const char *detail)
{
    return store_insert_event(s, now, actor && actor[0] ? actor : "kiosk", kind, subject, id,
                              detail);
}

/* Promotes the waiting of activity a (seats free now) in order while they
 * fit; their ids into p (when given). */
static KResult promote_waiting(Store *s, const Activity *a, const char *actor, int64_t now,
                               ActPromoted *p, const char *what)
{
    Activity cur = {0};
    KResult r = get_activity(s, a->id, &cur, what);
    while (r == K_OK && !cur.cancelled) {
        int64_t id = 0;
        int people = 0;
        sqlite3_stmt *st = stmt(s, S_FIRST_WAITING);
        if (!st) {
            r = store_unprepared(s);
            break;
        }
        sqlite3_bind_int64(st, 1, cur.id);
        r = store_step_one(s, st, what);
        if (r == K_OK) {
            id = sqlite3_column_int64(st, 0);
            people = sqlite3_column_int(st, 1);
        }
        store_stmt_done(st);
        if (r == K_ERR_NOT_FOUND)
            return K_OK; /* nobody waits */
        if (r != K_OK || people > cur.seats - cur.taken)
            break; /* the first does not fit: the others wait behind it */
        st = stmt(s, S_PROMOTE);
        if (!st) {
            r = store_unprepared(s);
            break;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, now);
        r = store_run(s, st, what);
        if (r == K_OK)
            r = add_taken(s, cur.id, people, what);
        if (r == K_OK) {
            char detail[96];
            snprintf(detail, sizeof detail, "{\"signup_id\":%lld,\"people\":%d}", (long long)id,
                     people);
            r = log_event(s, now, actor, "activity_promoted", "activity", cur.id, detail);
        }
        if (r == K_OK) {
            cur.taken += people;
            if (p && p->count < ACT_PROMOTED_MAX)
                p->id[p->count++] = id;
        }
    }
    return r;
}

/* The local date and minute of now. */
static bool local_now(int64_t now, char day[11], int *minute)
{
    int64_t midnight;
    if (!store_local_day(now, day) || !booking_time(day, 0, &midnight))
        return false;
    *minute = (int)((now - midnight) / 60);
    return true;
}

/* ---- the calls ---- */

KResult store_activity_add(Store *s, const Activity *a, const char *repeat, const char *until,
                           const char *actor, int64_t now, int64_t *ids, int max, int *count)
{
    const char *what = "cannot add the activity";
    int step = 0;
    char day[CFG_DAY_MAX];
    assert(s && a && count);
    store_clear_error(s);
    *count = 0;
    KResult r = store_activity_check(s, a);
    if (r != K_OK)
        return r;
    if (repeat && repeat[0]) {
        int64_t t;
        step = strcmp(repeat, "daily") == 0 ? 1 : strcmp(repeat, "weekly") == 0 ? 7 : 0;
        if (!step)
            return store_invalid(s, "--repeat is daily or weekly");
        if (!until || strlen(until) != 10 || !booking_time(until, 0, &t) ||
            strcmp(until, a->day) < 0)
            return store_invalid(s, "--until is a date YYYY-MM-DD, not before the first day");
    }
    text_copy(day, sizeof day, a->day);
    int64_t series = 0, made[ACT_SERIES_MAX];
    int n = 0;
    r = store_begin(s, what);
    while (r == K_OK) {
        if (n >= ACT_SERIES_MAX) {
            r = store_invalid(s, "a series makes at most 120 dates");
            break;
        }
        Activity d = *a;
        text_copy(d.day, sizeof d.day, day);
        sqlite3_stmt *st = stmt(s, A_INSERT);
        if (!st) {
            r = store_unprepared(s);
            break;
        }
        if (series)
            sqlite3_bind_int64(st, 1, series);
        else
            sqlite3_bind_null(st, 1);
        bind_fields(st, &d);
        sqlite3_bind_int64(st, 22, now);
        r = store_run(s, st, what);
        if (r != K_OK)
            break;
        int64_t id = sqlite3_last_insert_rowid(s->db);
        if (step && !series) {
            series = id;
            st = stmt(s, A_SET_SERIES);
            if (!st) {
                r = store_unprepared(s);
                break;
            }
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, id);
            r = store_run(s, st, what);
        }
        if (r == K_OK) {
            char detail[160];
            snprintf(detail, sizeof detail, "{\"code\":\"%s\",\"day\":\"%s\",\"seats\":%d}", d.code,
                     d.day, d.seats);
            r = log_event(s, now, actor, "activity_added", "activity", id, detail);
        }
        if (r != K_OK)
            break;
        made[n++] = id;
        if (!step)
            break;
        char next[CFG_DAY_MAX];
        if (!booking_day_add(day, step, next)) {
            r = store_invalid(s, "the series runs past the calendar");
            break;
        }
        text_copy(day, sizeof day, next);
        if (strcmp(day, until) > 0)
            break;
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    for (int i = 0; ids && i < n && i < max; i++)
        ids[i] = made[i]; /* only once they are there */
    *count = n;
    return K_OK;
}

KResult store_activity_get(Store *s, int64_t id, Activity *out)
{
    assert(s && out);
    store_clear_error(s);
    return get_activity(s, id, out, "cannot read the activity");
}

KResult store_activity_list(Store *s, const char *from, const char *to, const char *audience,
                            bool with_cancelled, Activity *out, int max, int *count)
{
    KResult r = K_OK;
    int n = 0;
    assert(s && from && to && count && (out || max == 0));
    store_clear_error(s);
    *count = 0;
    if (audience && audience[0] && !store_activity_audience_ok(audience))
        return store_invalid(s, "the audience is not elder, youth, children or all");
    sqlite3_stmt *st = stmt(s, A_LIST);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, to);
    store_bind_text(st, 3, audience && audience[0] && strcmp(audience, "all") ? audience : NULL);
    sqlite3_bind_int(st, 4, with_cancelled ? 1 : 0);
    sqlite3_bind_int(st, 5, max);
    while (n < max && store_next_row(s, st, &r, "cannot read the activities"))
        read_activity(st, &out[n++]);
    store_stmt_done(st);
    *count = n;
    return r;
}

KResult store_activity_change(Store *s, const Activity *a, const char *actor, int64_t now,
                              ActPromoted *promoted)
{
    const char *what = "cannot change the activity";
    Activity cur = {0};
    assert(s && a);
    store_clear_error(s);
    if (promoted)
        promoted->count = 0;
    KResult r = store_activity_check(s, a);
    if (r != K_OK)
        return r;
    r = store_begin(s, what);
    if (r == K_OK)
        r = get_activity(s, a->id, &cur, what);
    if (r == K_OK && cur.cancelled) {
        snprintf(s->err, sizeof s->err, "%s: it was cancelled", what);
        r = K_ERR_REFUSED;
    }
    if (r == K_OK && a->seats < cur.taken) {
        snprintf(s->err, sizeof s->err, "%s: %d people hold seats already, more than %d", what,
                 cur.taken, a->seats);
        r = K_ERR_REFUSED;
    }
    sqlite3_stmt *st = r == K_OK ? stmt(s, A_UPDATE) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, a->id);
        bind_fields(st, a);
        r = store_run(s, st, what);
    }
    if (r == K_OK)
        r = log_event(s, now, actor, "activity_changed", "activity", a->id, NULL);
    if (r == K_OK)
        r = promote_waiting(s, a, actor, now, promoted, what);
    r = store_end(s, r, what);
    return r;
}

/* Cancels one date and its live sign-ups, inside the transaction: the
 * date first, so that schema 14's trigger texting the sign-ups sees it
 * cancelled. */
static KResult cancel_one(Store *s, int64_t id, const char *actor, int64_t now, const char *what)
{
    sqlite3_stmt *st = stmt(s, A_CANCEL);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    KResult r = store_run(s, st, what);
    int n = 0;
    if (r == K_OK && !(st = stmt(s, S_CANCEL_ALL)))
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, now);
        r = store_run(s, st, what);
        n = r == K_OK ? sqlite3_changes(s->db) : 0;
    }
    if (r == K_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"signups\":%d}", n);
        r = log_event(s, now, actor, "activity_cancelled", "activity", id, detail);
    }
    return r;
}

KResult store_activity_cancel(Store *s, int64_t id, bool series, const char *actor, int64_t now,
                              int *dates)
{
    const char *what = "cannot cancel the activity";
    Activity a = {0};
    int64_t later[ACT_SERIES_MAX * 4];
    int n = 0;
    assert(s);
    store_clear_error(s);
    if (dates)
        *dates = 0;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_activity(s, id, &a, what);
    if (r == K_OK && a.cancelled) {
        snprintf(s->err, sizeof s->err, "%s: it was cancelled already", what);
        r = K_ERR_REFUSED;
    }
    if (r == K_OK && series && !a.series_id) {
        snprintf(s->err, sizeof s->err, "%s: it is not part of a series", what);
        r = K_ERR_INVALID;
    }
    sqlite3_stmt *st = r == K_OK && series ? stmt(s, A_OF_SERIES) : NULL;
    if (r == K_OK && series && !st)
        r = store_unprepared(s);
    if (r == K_OK && series) {
        /* this date and the later ones of its series */
        sqlite3_bind_int64(st, 1, a.series_id);
        store_bind_text(st, 2, a.day);
        while (n < (int)(sizeof later / sizeof later[0]) &&
               store_next_row(s, st, &r, "cannot read the series"))
            later[n++] = sqlite3_column_int64(st, 0);
        store_stmt_done(st);
    } else if (r == K_OK) {
        later[n++] = id;
    }
    for (int i = 0; r == K_OK && i < n; i++)
        r = cancel_one(s, later[i], actor, now, what);
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    if (dates)
        *dates = n;
    return K_OK;
}

static KResult refuse(Store *s, ActRefusal *why, ActRefusal w, const char *msg)
{
    if (why)
        *why = w;
    snprintf(s->err, sizeof s->err, "%s", msg);
    return K_ERR_REFUSED;
}

KResult store_activity_signup(Store *s, int64_t activity_id, const char *phone, int people,
                              bool by_resident, const char *sms, const char *site,
                              const uint8_t key[TICKET_KEY_BYTES], const char *actor, int64_t now,
                              ActivitySignup *out, Ticket *ticket, ActRefusal *why)
{
    const char *what = "cannot sign up";
    Activity a = {0};
    Ticket t;
    int64_t start = 0, end = 0, sid = 0;
    int held = 0, waiting = 0;
    bool wait = false;
    assert(s && phone && site && key && out && ticket);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    memset(ticket, 0, sizeof *ticket);
    memset(&t, 0, sizeof t);
    if (why)
        *why = ACT_REFUSE_NONE;
    if (phone_check(phone) != PHONE_OK || strlen(phone) >= ACT_PHONE_MAX)
        return store_invalid(s, "the phone is not a mainland mobile or landline number");
    if (people < 1 || people > ACT_PEOPLE_MAX)
        return store_invalid(s, "people are 1 to 20");
    if (!ticket_site_valid(site))
        return store_invalid(s, "the site code is not 1 to 12 letters A-Z and digits");

    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_activity(s, activity_id, &a, what);
    if (r == K_OK &&
        (!booking_time(a.day, a.start_min, &start) || !booking_time(a.day, a.end_min, &end)))
        r = store_invalid(s, "the activity's day cannot be turned into a time");
    if (r != K_OK)
        goto fail;
    int64_t closes = a.closes_at ? a.closes_at : start;
    if (!by_resident)
        closes = end; /* staff may add someone at the door */
    if (a.cancelled)
        r = refuse(s, why, ACT_REFUSE_CANCELLED, "the activity was cancelled");
    else if (by_resident && a.opens_at && now < a.opens_at)
        r = refuse(s, why, ACT_REFUSE_NOT_OPEN, "sign-ups have not opened yet");
    else if (now >= closes)
        r = refuse(s, why, ACT_REFUSE_CLOSED, "sign-ups have closed");
    else if (people > a.per_signup)
        r = refuse(s, why, ACT_REFUSE_PEOPLE, "more people than one sign-up may bring");
    if (r != K_OK)
        goto fail;
    {
        sqlite3_stmt *st = stmt(s, S_PHONE_HELD);
        if (!st) {
            r = store_unprepared(s);
            goto fail;
        }
        sqlite3_bind_int64(st, 1, a.id);
        store_bind_text(st, 2, phone);
        r = store_run_count(s, st, what, &held);
    }
    if (r == K_OK && held + people > a.per_phone)
        r = refuse(s, why, ACT_REFUSE_PHONE, "this phone holds as many seats as it may");
    if (r == K_OK) {
        sqlite3_stmt *st = stmt(s, S_WAITING);
        if (!st) {
            r = store_unprepared(s);
            goto fail;
        }
        sqlite3_bind_int64(st, 1, a.id);
        r = store_run_count(s, st, what, &waiting);
    }
    if (r != K_OK)
        goto fail;
    /* a seat only when nobody waits before: the line is kept */
    wait = waiting > 0 || people > a.seats - a.taken;
    if (wait && !a.waitlist) {
        r = refuse(s, why, ACT_REFUSE_FULL, "the activity is full");
        goto fail;
    }
    text_copy(t.site, sizeof t.site, site);
    t.kind = TICKET_KIND_ACTIVITY;
    t.created_at = now;
    t.due_at = end;
    if (!store_local_day(now, t.day)) {
        r = store_invalid(s, "the clock's time cannot be turned into a date");
        goto fail;
    }
    r = store_issue_ticket(s, 0, 0, key, &t);
    int64_t seq = 0;
    if (r == K_OK && wait) {
        sqlite3_stmt *st = stmt(s, S_NEXT_SEQ);
        if (!st) {
            r = store_unprepared(s);
            goto fail;
        }
        sqlite3_bind_int64(st, 1, a.id);
        r = store_run_int(s, st, what, &seq);
    }
    if (r == K_OK) {
        sqlite3_stmt *st = stmt(s, S_INSERT);
        if (!st) {
            r = store_unprepared(s);
            goto fail;
        }
        sqlite3_bind_int64(st, 1, a.id);
        sqlite3_bind_int64(st, 2, t.id);
        store_bind_text(st, 3, phone);
        sqlite3_bind_int(st, 4, people);
        store_bind_text(st, 5, wait ? ACT_SIGNUP_WAITING : ACT_SIGNUP_SIGNED_UP);
        if (wait)
            sqlite3_bind_int64(st, 6, seq);
        else
            sqlite3_bind_null(st, 6);
        sqlite3_bind_int64(st, 7, now);
        /* issue 23: the texts' language when the phone screen's toggle was on */
        sqlite3_bind_text(st, 8,
                          sms && strcmp(sms, "en") == 0   ? "en"
                          : sms && strcmp(sms, "zh") == 0 ? "zh"
                                                          : "",
                          -1, SQLITE_STATIC);
        r = store_run(s, st, what);
        sid = sqlite3_last_insert_rowid(s->db);
    }
    if (r == K_OK && !wait)
        r = add_taken(s, a.id, people, what);
    if (r == K_OK) {
        char detail[160];
        snprintf(detail, sizeof detail,
                 "{\"signup_id\":%lld,\"people\":%d,\"waitlist\":%s,\"number\":\"%s\"}",
                 (long long)sid, people, wait ? "true" : "false", t.number);
        r = log_event(s, now, actor, "activity_signed_up", "activity", a.id, detail);
    }
    if (r == K_OK)
        r = get_signup(s, S_GET, sid, out, what);
    if (r == K_OK)
        r = store_commit(s, what);
    if (r != K_OK)
        goto fail;
    *ticket = t;
    return K_OK;

fail:
    store_rollback(s);
    memset(out, 0, sizeof *out);
    return r;
}

KResult store_activity_cancel_signup(Store *s, int64_t id, bool by_resident, const char *actor,
                                     int64_t now, ActPromoted *promoted, ActRefusal *why)
{
    const char *what = "cannot cancel the sign-up";
    ActivitySignup u;
    Activity a = {0};
    int64_t start = 0;
    assert(s);
    store_clear_error(s);
    if (promoted)
        promoted->count = 0;
    if (why)
        *why = ACT_REFUSE_NONE;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_signup(s, S_GET, id, &u, what);
    if (r == K_OK)
        r = get_activity(s, u.activity_id, &a, what);
    if (r == K_OK && !booking_time(a.day, a.start_min, &start))
        r = store_invalid(s, "the activity's day cannot be turned into a time");
    if (r != K_OK)
        goto fail;
    bool seated = strcmp(u.status, ACT_SIGNUP_SIGNED_UP) == 0;
    if (!seated && strcmp(u.status, ACT_SIGNUP_WAITING) != 0)
        r = refuse(s, why, ACT_REFUSE_STATE, "the sign-up is no longer live");
    else if (by_resident && now > start - (int64_t)a.cancel_before_min * 60)
        r = refuse(s, why, ACT_REFUSE_TOO_LATE, "it is too late to cancel here");
    if (r == K_OK)
        r = set_status(s, u.id, u.status, ACT_SIGNUP_CANCELLED, now, what);
    if (r == K_OK && seated && !a.cancelled)
        r = add_taken(s, a.id, -u.people, what);
    if (r == K_OK) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"signup_id\":%lld,\"was\":\"%s\"}", (long long)u.id,
                 u.status);
        r = log_event(s, now, actor, "activity_signup_cancelled", "activity", a.id, detail);
    }
    if (r == K_OK && seated)
        r = promote_waiting(s, &a, actor, now, promoted, what);
    if (r == K_OK)
        r = store_commit(s, what);
    if (r == K_OK)
        return K_OK;
fail:
    store_rollback(s);
    return r;
}

KResult store_activity_signup_get(Store *s, int64_t id, ActivitySignup *out)
{
    assert(s && out);
    store_clear_error(s);
    return get_signup(s, S_GET, id, out, "cannot read the sign-up");
}

KResult store_activity_signup_of_ticket(Store *s, int64_t ticket_id, ActivitySignup *out)
{
    assert(s && out);
    store_clear_error(s);
    return get_signup(s, S_OF_TICKET, ticket_id, out, "cannot read the sign-up");
}

KResult store_activity_signups(Store *s, int64_t activity_id, ActivitySignup *out, int max,
                               int *count)
{
    KResult r = K_OK;
    int n = 0;
    assert(s && count && (out || max == 0));
    store_clear_error(s);
    *count = 0;
    sqlite3_stmt *st = stmt(s, S_LIST);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int(st, 2, max);
    while (n < max && store_next_row(s, st, &r, "cannot read the sign-ups"))
        read_signup(st, &out[n++]);
    store_stmt_done(st);
    *count = n;
    return r;
}

KResult store_activity_checkin(Store *s, int64_t id, const char *actor, int64_t now,
                               ActRefusal *why)
{
    const char *what = "cannot check the sign-up in";
    ActivitySignup u;
    Activity a = {0};
    int64_t start = 0, end = 0;
    assert(s);
    store_clear_error(s);
    if (why)
        *why = ACT_REFUSE_NONE;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_signup(s, S_GET, id, &u, what);
    if (r == K_OK)
        r = get_activity(s, u.activity_id, &a, what);
    if (r == K_OK &&
        (!booking_time(a.day, a.start_min, &start) || !booking_time(a.day, a.end_min, &end)))
        r = store_invalid(s, "the activity's day cannot be turned into a time");
    if (r == K_OK && (a.cancelled || strcmp(u.status, ACT_SIGNUP_SIGNED_UP) != 0))
        r = refuse(s, why, ACT_REFUSE_STATE, "the sign-up is not signed up for a held activity");
    else if (r == K_OK && (now < start - 3600 || now >= end))
        r = refuse(s, why, ACT_REFUSE_CLOSED,
                   "check-in is from an hour before the start to the end");
    if (r == K_OK)
        r = set_status(s, u.id, ACT_SIGNUP_SIGNED_UP, ACT_SIGNUP_CHECKED_IN, now, what);
    if (r == K_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"signup_id\":%lld}", (long long)u.id);
        r = log_event(s, now, actor, "activity_checked_in", "activity", a.id, detail);
    }
    r = store_end(s, r, what);
    return r;
}

KResult store_activity_release(Store *s, int64_t activity_id, const char *actor, int64_t now,
                               int *released, ActPromoted *promoted)
{
    const char *what = "cannot release the seats";
    Activity a = {0};
    int64_t start = 0, end = 0;
    int64_t n = 0, people = 0;
    assert(s);
    store_clear_error(s);
    if (released)
        *released = 0;
    if (promoted)
        promoted->count = 0;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_activity(s, activity_id, &a, what);
    if (r == K_OK &&
        (!booking_time(a.day, a.start_min, &start) || !booking_time(a.day, a.end_min, &end)))
        r = store_invalid(s, "the activity's day cannot be turned into a time");
    if (r == K_OK && a.cancelled)
        r = refuse(s, NULL, ACT_REFUSE_CANCELLED, "the activity was cancelled");
    else if (r == K_OK && (now < start + ACT_RELEASE_AFTER_MIN * 60 || now >= end))
        r = refuse(s, NULL, ACT_REFUSE_CLOSED,
                   "seats are released from 10 minutes after the start to the end");
    sqlite3_stmt *st = r == K_OK ? stmt(s, S_UNCHECKED) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, a.id);
        r = store_step_one(s, st, what);
        if (r == K_OK) {
            n = sqlite3_column_int64(st, 0);
            people = sqlite3_column_int64(st, 1);
        }
        store_stmt_done(st);
    }
    if (r == K_OK && n > 0 && !(st = stmt(s, S_RELEASE)))
        r = store_unprepared(s);
    if (r == K_OK && n > 0) {
        sqlite3_bind_int64(st, 1, a.id);
        sqlite3_bind_int64(st, 2, now);
        r = store_run(s, st, what);
        if (r == K_OK)
            r = add_taken(s, a.id, -(int)people, what);
        if (r == K_OK) {
            char detail[96];
            snprintf(detail, sizeof detail, "{\"signups\":%lld,\"people\":%lld}", (long long)n,
                     (long long)people);
            r = log_event(s, now, actor, "activity_released", "activity", a.id, detail);
        }
        if (r == K_OK)
            r = promote_waiting(s, &a, actor, now, promoted, what);
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    if (released)
        *released = (int)n;
    return K_OK;
}

KResult store_activity_sweep(Store *s, int64_t now, int *marked)
{
    const char *what = "cannot mark the no-shows of activities";
    char day[11], week_ago[CFG_DAY_MAX];
    int minute = 0, n = 0;
    assert(s);
    store_clear_error(s);
    if (marked)
        *marked = 0;
    if (!local_now(now, day, &minute) || !booking_day_add(day, -7, week_ago))
        return store_invalid(s, "the clock's time cannot be turned into a date");
    KResult r = store_begin(s, what);
    for (int which = S_SWEEP_SHOWS; r == K_OK && which <= S_SWEEP_WAITING; which++) {
        sqlite3_stmt *st = stmt(s, which);
        if (!st) {
            r = store_unprepared(s);
            break;
        }
        store_bind_text(st, 1, day);
        sqlite3_bind_int(st, 2, minute);
        store_bind_text(st, 3, week_ago);
        sqlite3_bind_int64(st, 4, now);
        r = store_run(s, st, what);
        if (r == K_OK && which == S_SWEEP_SHOWS)
            n = sqlite3_changes(s->db);
    }
    if (r == K_OK && n > 0) {
        char detail[48];
        snprintf(detail, sizeof detail, "{\"no_shows\":%d}", n);
        r = log_event(s, now, "kiosk", "activity_no_shows", NULL, 0, detail);
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    if (marked)
        *marked = n;
    return K_OK;
}

static int audience_index(const char *a)
{
    static const char *const names[4] = {ACT_AUD_ELDER, ACT_AUD_YOUTH, ACT_AUD_CHILDREN,
                                         ACT_AUD_ALL};
    for (int i = 0; i < 4; i++)
        if (strcmp(a, names[i]) == 0)
            return i;
    return 3;
}

static void add_figures(ActivityFigures *to, const ActivityFigures *f)
{
    to->activities += f->activities;
    to->signups += f->signups;
    to->people += f->people;
    to->attended += f->attended;
    to->no_shows += f->no_shows;
    to->promotions += f->promotions;
}

KResult store_activity_figures(Store *s, const char *from, const char *to, ActivityFigures *per,
                               int max, int *nper, ActivityFigures aud[4], int *naud,
                               ActivityFigures *total)
{
    static const char *const names[4] = {ACT_AUD_ELDER, ACT_AUD_YOUTH, ACT_AUD_CHILDREN,
                                         ACT_AUD_ALL};
    KResult r = K_OK;
    int n = 0;
    assert(s && from && to && nper && aud && naud && total);
    store_clear_error(s);
    *nper = 0;
    *naud = 4;
    memset(total, 0, sizeof *total);
    memset(aud, 0, 4 * sizeof *aud);
    for (int i = 0; i < 4; i++)
        text_copy(aud[i].key, sizeof aud[i].key, names[i]);
    sqlite3_stmt *st = stmt(s, A_FIGURES);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, from);
    store_bind_text(st, 2, to);
    while (store_next_row(s, st, &r, "cannot read the activities' figures")) {
        ActivityFigures f;
        char audience[12];
        memset(&f, 0, sizeof f);
        f.id = sqlite3_column_int64(st, 0);
        store_col_text(st, 1, f.key, sizeof f.key);
        store_col_text(st, 3, audience, sizeof audience);
        f.activities = 1;
        f.signups = sqlite3_column_int(st, 4);
        f.people = sqlite3_column_int(st, 5);
        f.attended = sqlite3_column_int(st, 6);
        f.no_shows = sqlite3_column_int(st, 7);
        f.promotions = sqlite3_column_int(st, 8);
        add_figures(&aud[audience_index(audience)], &f);
        add_figures(total, &f);
        if (per && n < max)
            per[n++] = f;
    }
    store_stmt_done(st);
    *nper = n;
    return r;
}
