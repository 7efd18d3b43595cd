/* test_stats.c - the station's figures: periods and medians (core), and
 * store_stats / store_needs on a fixture whose every answer is worked out
 * by hand below, then the schema 3 -> 4 migration filling the new columns
 * from the event log.
 *
 * The clock is fixed: "now" is Thursday 2026-12-10 12:00 in Asia/Shanghai.
 *
 * The fixture (due = created + 48 h):
 *   R1 elder    12-01 09:00  answered by li +1 h (on time), resolved by
 *                            wang +5 h, rated satisfied
 *   R2 elder    12-02 09:00  answered by li +50 h (late), resolved by li
 *                            +60 h, rated dissatisfied
 *   R3 children 12-03 09:00  not answered, overdue          (1栋)
 *   R4 children 12-09 09:00  not answered, not yet due      (8栋, urgent, 80+)
 *   R5 housing  12-05 10:00  answered by wang +2 h, still accepted
 *   R6 elder    11-25 09:00  before the period (chart only), answered by li
 *                            +3 h                            (1栋)
 *   daycare 12-01 08:30: four bookings: completed, checked in, no-show,
 *   cancelled; one more on 12-11 (after the period)
 *   walk-ins 12-10: 09:00, 09:05, 09:10; li calls two at 09:20 and 09:30 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/store/store_int.h"
#include "check.h"
#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/stats.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

static char test_dir[] = "/tmp/test_stats_XXXXXX";
static const uint8_t key[TICKET_KEY_BYTES] = {9, 9, 9, 1, 2, 3};
static Config cfg;

static int64_t at(const char *day, int hour, int minute)
{
    int64_t t = 0;
    CHECK(booking_time(day, hour * 60 + minute, &t));
    return t;
}

/* ---- core ---- */

static void test_periods(void)
{
    StatsPeriod p;
    char from[CFG_DAY_MAX];
    int n = 0;
    CHECK(stats_period_of(PERIOD_TODAY, "2026-12-10", &p));
    CHECK_STR_EQ(p.from, "2026-12-10");
    CHECK_STR_EQ(p.to, "2026-12-10");
    CHECK(stats_period_of(PERIOD_WEEK, "2026-12-10", &p)); /* a Thursday */
    CHECK_STR_EQ(p.from, "2026-12-07");
    CHECK(stats_period_of(PERIOD_MONTH, "2026-12-10", &p));
    CHECK_STR_EQ(p.from, "2026-12-01");
    CHECK(stats_period_of(PERIOD_LAST_MONTH, "2026-03-10", &p));
    CHECK_STR_EQ(p.from, "2026-02-01");
    CHECK_STR_EQ(p.to, "2026-02-28");
    CHECK(stats_period_of(PERIOD_LAST_MONTH, "2027-01-31", &p));
    CHECK_STR_EQ(p.from, "2026-12-01");
    CHECK_STR_EQ(p.to, "2026-12-31");
    CHECK(!stats_period_of(PERIOD_CUSTOM, "2026-12-10", &p));
    CHECK(!stats_period_of(PERIOD_TODAY, "2026-13-10", &p));

    CHECK(stats_period_month("2028-02", &p));
    CHECK_STR_EQ(p.to, "2028-02-29");
    CHECK_INT_EQ(stats_period_days(&p), 29);
    CHECK(stats_period_month("2026-12", &p));
    CHECK_STR_EQ(p.from, "2026-12-01");
    CHECK_STR_EQ(p.to, "2026-12-31");
    CHECK(!stats_period_month("2026-1", &p));
    CHECK(!stats_period_month("2026-13", &p));
    CHECK(!stats_period_month("2026/12", &p));

    CHECK(stats_chart_days(&p, from, &n)); /* a whole month: itself */
    CHECK_STR_EQ(from, "2026-12-01");
    CHECK_INT_EQ(n, 31);
    StatsPeriod day = {"2026-12-10", "2026-12-10"};
    CHECK(stats_chart_days(&day, from, &n)); /* a short one: 30 days to its end */
    CHECK_STR_EQ(from, "2026-11-11");
    CHECK_INT_EQ(n, 30);
    StatsPeriod year = {"2026-01-01", "2026-12-31"};
    CHECK(stats_period_valid(&year));
    CHECK(stats_chart_days(&year, from, &n)); /* a long one: its last 31 days */
    CHECK_STR_EQ(from, "2026-12-01");
    StatsPeriod backwards = {"2026-12-10", "2026-12-01"};
    CHECK(!stats_period_valid(&backwards));
    StatsPeriod too_long = {"2025-01-01", "2026-12-31"};
    CHECK(!stats_period_valid(&too_long));
}

static int cmp32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static void test_arithmetic(void)
{
    int32_t v[] = {50, 1, 2};
    char out[64];
    CHECK_INT_EQ(stats_median(v, 3), 2);
    int32_t w[] = {60, 5};
    CHECK_INT_EQ(stats_median(w, 2), 5); /* the lower middle */
    CHECK_INT_EQ(stats_median(NULL, 0), -1);
    /* against a full sort: random, with many equal values, sorted,
     * reversed, all equal; every length from 1 to 300 */
    static int32_t a[300], sorted[300];
    unsigned seed = 12345;
    int wrong = 0;
    for (int round = 0; round < 5; round++)
        for (int n = 1; n <= 300; n++) {
            for (int i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                int32_t x = round == 0   ? (int32_t)((seed >> 8) % 1000000)
                            : round == 1 ? (int32_t)((seed >> 8) % 4)
                            : round == 2 ? i
                            : round == 3 ? n - i
                                         : 7;
                a[i] = sorted[i] = x;
            }
            qsort(sorted, (size_t)n, sizeof sorted[0], cmp32);
            int64_t m = stats_median(a, (size_t)n);
            if (m != sorted[(n - 1) / 2]) {
                fprintf(stderr, "    median %lld, sorted %lld: round %d, n %d\n", (long long)m,
                        (long long)sorted[(n - 1) / 2], round, n);
                wrong++;
            }
        }
    CHECK_INT_EQ(wrong, 0);
    CHECK_INT_EQ(stats_percent(2, 4), 50);
    CHECK_INT_EQ(stats_percent(2, 3), 67);
    CHECK_INT_EQ(stats_percent(1, 0), -1);
    stats_format_duration(3 * 3600 + 20 * 60, "zh", out, sizeof out);
    CHECK_STR_EQ(out, "3小时20分");
    stats_format_duration(2 * 86400 + 5 * 3600 + 100, "en", out, sizeof out);
    CHECK_STR_EQ(out, "2 d 5 h");
    stats_format_duration(45 * 60, "zh", out, sizeof out);
    CHECK_STR_EQ(out, "45分钟");
    stats_format_duration(-1, "zh", out, sizeof out);
    CHECK_STR_EQ(out, "—");
    CHECK_INT_EQ(stats_rating_index("basic"), 1);
    CHECK_INT_EQ(stats_rating_index("great"), -1);
}

/* ---- the fixture ---- */

static int64_t file(Store *s, const char *category, const char *building, int urgency,
                    unsigned flags, int64_t when)
{
    RequestDraft d;
    Ticket t;
    int64_t id = 0;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, category);
    text_copy(d.issue, sizeof d.issue, "other");
    text_copy(d.description, sizeof d.description, "测试");
    text_copy(d.phone, sizeof d.phone, "13812345678");
    text_copy(d.building, sizeof d.building, building);
    d.urgency = urgency;
    d.flags = flags;
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", when, 48, key, &id, &t), K_OK);
    return id;
}

static void act(Store *s, int64_t id, WfAction a, const char *who, int64_t when)
{
    const char *note = wf_needs_note(a) ? "已处理" : NULL;
    const char *assignee = a == WF_ASSIGN ? "志愿服务队" : NULL;
    CHECK_INT_EQ(store_request_act(s, id, a, ROLE_HEAD, who, note, assignee, when), K_OK);
}

/* accept by one person at +answer, then assign, start and resolve by
 * another at +resolve (hours after created) */
static void work(Store *s, int64_t id, int64_t created, const char *answerer, int answer_h,
                 const char *resolver, int resolve_h)
{
    act(s, id, WF_ACCEPT, answerer, created + answer_h * 3600);
    if (!resolver)
        return;
    int64_t t = created + resolve_h * 3600;
    act(s, id, WF_ASSIGN, resolver, t - 120);
    act(s, id, WF_START, resolver, t - 60);
    act(s, id, WF_RESOLVE, resolver, t);
}

static int64_t book(Store *s, const char *day, const char *phone, int64_t when)
{
    BookingDraft d;
    Ticket t;
    BookRefusal why;
    int64_t id = 0;
    booking_draft_init(&d);
    text_copy(d.service, sizeof d.service, "daycare");
    text_copy(d.day, sizeof d.day, day);
    d.slot = 8 * 60 + 30;
    text_copy(d.phone, sizeof d.phone, phone);
    d.age = 80;
    CHECK_INT_EQ(store_book(s, &d, "SW01", when, 3, key, "kiosk", &id, &t, &why), K_OK);
    return id;
}

static Store *fixture(const char *path)
{
    char err[320];
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s) {
        fprintf(stderr, "    %s\n", err);
        return NULL;
    }
    int64_t t0 = at("2026-11-20", 9, 0);
    CHECK_INT_EQ(store_seed_services(s, &cfg, t0, NULL), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "li", "李芳", ROLE_WORKER, "2468", t0, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "wang", "王强", ROLE_HEAD, "1357", t0, "admin"), K_OK);

    int64_t c1 = at("2026-12-01", 9, 0), c2 = at("2026-12-02", 9, 0);
    int64_t c5 = at("2026-12-05", 10, 0), c6 = at("2026-11-25", 9, 0);
    int64_t r1 = file(s, "elder", "", 0, 0, c1);
    int64_t r2 = file(s, "elder", "", 0, 0, c2);
    file(s, "children", "1栋", 0, 0, at("2026-12-03", 9, 0));
    file(s, "children", "8栋", 1, FLAG_AGED80, at("2026-12-09", 9, 0));
    int64_t r5 = file(s, "housing", "", 0, 0, c5);
    int64_t r6 = file(s, "elder", "1栋", 0, FLAG_ALONE, c6);
    work(s, r1, c1, "li", 1, "wang", 5);
    CHECK_INT_EQ(store_request_rate(s, r1, RATING_SATISFIED, NULL, c1 + 6 * 3600), K_OK);
    work(s, r2, c2, "li", 50, "li", 60);
    CHECK_INT_EQ(store_request_rate(s, r2, RATING_DISSATISFIED, NULL, c2 + 61 * 3600), K_OK);
    work(s, r5, c5, "wang", 2, NULL, 0);
    work(s, r6, c6, "li", 3, NULL, 0);

    int64_t booked = at("2026-11-28", 10, 0);
    int64_t b1 = book(s, "2026-12-01", "13700000001", booked);
    int64_t b2 = book(s, "2026-12-01", "13700000002", booked);
    int64_t b3 = book(s, "2026-12-01", "13700000003", booked);
    int64_t b4 = book(s, "2026-12-01", "13700000004", booked);
    book(s, "2026-12-11", "13700000005", at("2026-12-08", 10, 0));
    int64_t morning = at("2026-12-01", 8, 20);
    CHECK_INT_EQ(store_booking_set_status(s, b1, BOOKING_CHECKED_IN, "li", NULL, morning), K_OK);
    CHECK_INT_EQ(store_booking_set_status(s, b1, BOOKING_COMPLETED, "li", NULL, morning + 600),
                 K_OK);
    CHECK_INT_EQ(store_booking_set_status(s, b2, BOOKING_CHECKED_IN, "li", NULL, morning), K_OK);
    CHECK_INT_EQ(store_booking_set_status(s, b4, BOOKING_CANCELLED, "kiosk", "身体不适",
                                          at("2026-11-29", 9, 0)),
                 K_OK);
    CHECK_INT_EQ(
        store_booking_set_status(s, b3, BOOKING_NO_SHOW, "li", NULL, at("2026-12-01", 12, 0)),
        K_OK);

    Ticket t;
    WalkIn w;
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", at("2026-11-30", 9, 0), key, &t, NULL), K_OK);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", at("2026-12-10", 9, 0), key, &t, NULL), K_OK);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", at("2026-12-10", 9, 5), key, &t, NULL), K_OK);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", at("2026-12-10", 9, 10), key, &t, NULL), K_OK);
    CHECK_INT_EQ(store_walkin_call(s, 1, "li", at("2026-12-10", 9, 20), &w), K_OK);
    CHECK_INT_EQ(store_walkin_call(s, 1, "li", at("2026-12-10", 9, 30), &w), K_OK);
    return s;
}

static const StatsStaff *find_staff(const Stats *st, const char *login)
{
    for (int i = 0; i < st->staff_count; i++)
        if (strcmp(st->staff[i].login, login) == 0)
            return &st->staff[i];
    return NULL;
}

static int category_count(const Stats *st, const char *code)
{
    for (int i = 0; i < st->category_count; i++)
        if (strcmp(st->category[i], code) == 0)
            return st->per_category[i];
    return -1;
}

/* The per-state counts the triggers keep (schema 5) against a count of
 * the rows: the same, both ways. */
static bool counts_agree(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return false;
    }
    sqlite3_stmt *st = NULL;
    int differ = -1;
    if (sqlite3_prepare_v2(
            db,
            "SELECT (SELECT count(*) FROM ("
            "  SELECT status, count(*) FROM requests GROUP BY status"
            "  EXCEPT SELECT status, n FROM request_counts WHERE n <> 0)) +"
            " (SELECT count(*) FROM (SELECT status, n FROM request_counts WHERE n <> 0"
            "  EXCEPT SELECT status, count(*) FROM requests GROUP BY status))",
            -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        differ = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return differ == 0;
}

/* Filing, moving by the store and by hand-typed SQL, and deleting keep the
 * counts right; open work now comes from them. */
static void test_request_counts(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/counts.db", test_dir);
    Store *s = fixture(path);
    if (!s)
        return;
    CHECK(counts_agree(path));
    static Stats st;
    StatsPeriod month;
    CHECK(stats_period_of(PERIOD_MONTH, "2026-12-10", &month));
    CHECK_INT_EQ(store_stats(s, &cfg, &month, at("2026-12-10", 12, 0), &st), K_OK);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    static const char *const states[4] = {"submitted", "accepted", "assigned", "in_progress"};
    for (int i = 0; i < 4; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM requests WHERE status = '%s'", states[i]);
        sqlite3_stmt *q = NULL;
        CHECK_INT_EQ(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
        CHECK_INT_EQ(sqlite3_step(q), SQLITE_ROW);
        CHECK_INT_EQ(st.open_by_state[i], sqlite3_column_int(q, 0));
        sqlite3_finalize(q);
    }
    CHECK_INT_EQ(sqlite3_exec(db,
                              "UPDATE requests SET status = 'closed' WHERE id = 1;"
                              "UPDATE requests SET status = status WHERE id = 2;"
                              "UPDATE requests SET category = 'other' WHERE id = 3;"
                              "DELETE FROM tickets WHERE request_id = 4;"
                              "DELETE FROM requests WHERE id = 4;",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
    CHECK(counts_agree(path));
    store_close(s);
}

static void test_figures(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/fixture.db", test_dir);
    Store *s = fixture(path);
    if (!s)
        return;
    static Stats st;
    StatsPeriod month;
    int64_t now = at("2026-12-10", 12, 0);
    CHECK(stats_period_of(PERIOD_MONTH, "2026-12-10", &month));
    CHECK_INT_EQ(store_stats(s, &cfg, &month, now, &st), K_OK);

    CHECK_INT_EQ(st.requests, 5);
    CHECK_STR_EQ(st.chart_from, "2026-11-11");
    CHECK_INT_EQ(st.day_count, 30);
    int total = 0;
    for (int i = 0; i < st.day_count; i++)
        total += st.per_day[i];
    CHECK_INT_EQ(total, 6);
    CHECK_INT_EQ(st.per_day[14], 1); /* 11-25, before the period */
    CHECK_INT_EQ(st.per_day[20], 1); /* 12-01 */
    CHECK_INT_EQ(st.per_day[28], 1); /* 12-09 */
    CHECK_INT_EQ(st.per_day[29], 0); /* 12-10 */

    CHECK_STR_EQ(st.category[0], cfg.categories[0].item.code); /* configured order */
    CHECK_INT_EQ(category_count(&st, "elder"), 2);
    CHECK_INT_EQ(category_count(&st, "children"), 2);
    CHECK_INT_EQ(category_count(&st, "housing"), 1);
    CHECK_INT_EQ(category_count(&st, "psych"), 0);
    CHECK_INT_EQ(st.category_count, cfg.category_count);

    CHECK_INT_EQ(st.open_by_state[0], 2); /* R3, R4 */
    CHECK_INT_EQ(st.open_by_state[1], 2); /* R5, R6 (any period) */
    CHECK_INT_EQ(st.open_by_state[2], 0);
    CHECK_INT_EQ(st.work.answered, 3);
    CHECK_INT_EQ(st.work.on_time, 2);
    CHECK_INT_EQ(st.work.overdue, 1);
    CHECK_INT_EQ(stats_on_time_percent(&st.work), 50);
    CHECK_INT_EQ(st.work.median_answer, 2 * 3600);
    CHECK_INT_EQ(st.work.resolved, 2);
    CHECK_INT_EQ(st.work.median_resolve, 5 * 3600);
    CHECK_INT_EQ(st.work.ratings[0], 1);
    CHECK_INT_EQ(st.work.ratings[1], 0);
    CHECK_INT_EQ(st.work.ratings[2], 1);

    CHECK_STR_EQ(st.services[0].code, "daycare");
    CHECK_INT_EQ(st.services[0].booked, 3);
    CHECK_INT_EQ(st.services[0].checked_in, 2);
    CHECK_INT_EQ(st.services[0].no_show, 1);
    CHECK_INT_EQ(st.services[0].cancelled, 1);
    CHECK_INT_EQ(st.services[1].booked, 0);

    CHECK_INT_EQ(st.walkins, 3);
    CHECK_INT_EQ(st.walkins_called, 2);
    CHECK_INT_EQ(st.median_wait, 20 * 60);
    CHECK_INT_EQ(st.longest_wait, 25 * 60);

    const StatsStaff *li = find_staff(&st, "li"), *wang = find_staff(&st, "wang");
    CHECK(li != NULL && wang != NULL);
    if (li && wang) {
        CHECK_STR_EQ(li->name, "李芳");
        CHECK_INT_EQ(li->work.answered, 2);
        CHECK_INT_EQ(li->work.on_time, 1);
        CHECK_INT_EQ(li->work.median_answer, 3600);
        CHECK_INT_EQ(li->work.resolved, 1);
        CHECK_INT_EQ(li->work.median_resolve, 60 * 3600);
        CHECK_INT_EQ(li->work.ratings[2], 1);
        CHECK_INT_EQ(li->walkins_called, 2);
        CHECK_STR_EQ(wang->name, "王强");
        CHECK_INT_EQ(wang->work.answered, 1);
        CHECK_INT_EQ(wang->work.resolved, 1);
        CHECK_INT_EQ(wang->work.median_resolve, 5 * 3600);
        CHECK_INT_EQ(wang->work.ratings[0], 1);
        CHECK_STR_EQ(st.staff[0].login, "li"); /* the most work first */
    }
    CHECK(find_staff(&st, "resident") == NULL);

    /* last month holds R6 only; today none */
    StatsPeriod last;
    CHECK(stats_period_of(PERIOD_LAST_MONTH, "2026-12-10", &last));
    CHECK_INT_EQ(store_stats(s, &cfg, &last, now, &st), K_OK);
    CHECK_INT_EQ(st.requests, 1);
    CHECK_INT_EQ(st.work.answered, 1);
    CHECK_INT_EQ(st.work.median_answer, 3 * 3600);
    CHECK_INT_EQ(st.walkins, 1);
    CHECK_INT_EQ(st.walkins_called, 0);
    CHECK_INT_EQ(st.median_wait, -1);
    CHECK_INT_EQ(st.services[0].booked, 0);
    StatsPeriod bad = {"2026-12-10", "2026-12-01"};
    CHECK_INT_EQ(store_stats(s, &cfg, &bad, now, &st), K_ERR_INVALID);
    store_close(s);
}

typedef struct {
    NeedRow rows[8];
    int n;
} Needs;

static int need(const NeedRow *n, void *user)
{
    Needs *all = user;
    if (all->n < 8)
        all->rows[all->n++] = *n;
    return 0;
}

static void test_needs(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/fixture.db", test_dir);
    Store *s = NULL;
    char err[320];
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return;
    static Needs all;
    CHECK_INT_EQ(store_needs(s, need, &all), K_OK);
    CHECK_INT_EQ(all.n, 4);
    CHECK_STR_EQ(all.rows[0].category, "children");
    CHECK_STR_EQ(all.rows[0].building, "1栋");
    CHECK_STR_EQ(all.rows[1].building, "8栋");
    CHECK_INT_EQ(all.rows[1].urgent, 1);
    CHECK_INT_EQ(all.rows[1].aged80, 1);
    CHECK_STR_EQ(all.rows[2].category, "elder");
    CHECK_INT_EQ(all.rows[2].alone, 1);
    CHECK_INT_EQ(all.rows[2].oldest, at("2026-11-25", 9, 0));
    CHECK_STR_EQ(all.rows[3].category, "housing");
    CHECK_STR_EQ(all.rows[3].building, "");
    CHECK_INT_EQ(all.rows[3].open, 1);
    store_close(s);
}

/* A version 3 database with a worked request: opening fills answered_*
 * and resolved_* from its events, and who called a walk-in. */
static void test_migration_from_v3(void)
{
    char path[128], err[320];
    snprintf(path, sizeof path, "%s/v3.db", test_dir);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    for (int v = 1; v <= 3; v++)
        CHECK_INT_EQ(sqlite3_exec(db, store_schema_step(v), NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT_EQ(
        sqlite3_exec(
            db,
            "PRAGMA user_version = 3;"
            "INSERT INTO requests (site, token, category, issue, phone, status, created_at,"
            " due_at) VALUES ('SW01', 't1', 'elder', 'meals', '13812345678', 'resolved', 100,"
            " 200), ('SW01', 't2', 'elder', 'meals', '13812345678', 'submitted', 150, 300);"
            "INSERT INTO events (at, actor, kind, subject, subject_id, detail) VALUES"
            " (110, 'li', 'status_changed', 'request', 1,"
            "  '{\"from\":\"submitted\",\"to\":\"accepted\",\"action\":\"accept\"}'),"
            " (120, 'li', 'status_changed', 'request', 1,"
            "  '{\"from\":\"accepted\",\"to\":\"assigned\",\"action\":\"assign\"}'),"
            " (130, 'wang', 'status_changed', 'request', 1,"
            "  '{\"from\":\"assigned\",\"to\":\"resolved\",\"action\":\"resolve\"}'),"
            " (140, 'wang', 'walkin_called', 'walkin', 1, '{}');"
            "INSERT INTO tickets (site, kind, day, seq, number, lookup, created_at) VALUES"
            " ('SW01', 'Q', '2026-11-30', 1, 'Q001', 'QQQQQQQQ', 1);"
            "INSERT INTO walkin (ticket_id, day, seq, number, status, created_at, called_at)"
            " VALUES (1, '2026-11-30', 1, 'Q001', 'called', 100, 140);",
            NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s) {
        fprintf(stderr, "    %s\n", err);
        return;
    }
    store_close(s);
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    CHECK_INT_EQ(sqlite3_prepare_v2(db,
                                    "SELECT coalesce(answered_at, -1), answered_by,"
                                    " coalesce(resolved_at, -1), resolved_by FROM requests"
                                    " ORDER BY id",
                                    -1, &st, NULL),
                 SQLITE_OK);
    CHECK_INT_EQ(sqlite3_step(st), SQLITE_ROW);
    CHECK_INT_EQ(sqlite3_column_int(st, 0), 110);
    CHECK_STR_EQ((const char *)sqlite3_column_text(st, 1), "li");
    CHECK_INT_EQ(sqlite3_column_int(st, 2), 130);
    CHECK_STR_EQ((const char *)sqlite3_column_text(st, 3), "wang");
    CHECK_INT_EQ(sqlite3_step(st), SQLITE_ROW);
    CHECK_INT_EQ(sqlite3_column_int(st, 0), -1);
    CHECK_STR_EQ((const char *)sqlite3_column_text(st, 1), "");
    sqlite3_finalize(st);
    CHECK_INT_EQ(sqlite3_prepare_v2(db, "SELECT called_by FROM walkin", -1, &st, NULL), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_step(st), SQLITE_ROW);
    CHECK_STR_EQ((const char *)sqlite3_column_text(st, 0), "wang");
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(counts_agree(path)); /* schema 5 filled them: resolved 1, submitted 1 */
}

int main(void)
{
    char err[256];
    if (!mkdtemp(test_dir)) {
        perror("mkdtemp");
        return 1;
    }
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    test_periods();
    test_arithmetic();
    test_figures();
    test_needs();
    test_request_counts();
    test_migration_from_v3();

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", test_dir);
    return CHECK_DONE();
}
