/* store_stats.c - the station's figures for a period (stats.h) and the
 * needs list, read from the database.
 *
 * Everything is read inside one read transaction, so the figures are of one
 * moment even while the kiosk files requests.  The requests of the period
 * are read once, in creation order, from the covering index requests_stats
 * (schema 4); counts, shares, medians and the per-person figures are all
 * worked out in that pass.  A month at a busy station is some hundred
 * thousand rows, which this reads in well under the 200 ms the screen
 * may take; the figures in the closing note of issue 8 say how long. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/stats.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

/* A growing list of durations, for medians. */
typedef struct {
    int32_t *v; /* seconds: 68 years fit */
    size_t n, cap;
} Series;

static bool series_add(Series *s, int64_t x)
{
    if (x < 0)
        x = 0; /* a clock set back between two events */
    if (x > INT32_MAX)
        x = INT32_MAX;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        int32_t *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return false;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (int32_t)x;
    return true;
}

/* The work figures being gathered for everyone or one person. */
typedef struct {
    StatsWork *work;
    Series answer, resolve;
} Gather;

typedef struct {
    Stats *out;
    Gather all;
    Gather staff[STATS_MAX_STAFF];
    int last_staff; /* index of the last actor found: rows come in runs */
    /* people past the list, each counted once (up to STATS_MORE_SEEN) */
    char more_seen[STATS_MORE_SEEN][STATS_LOGIN_MAX];
    int more_count;
} Pass;

static void gather_free(Gather *g)
{
    free(g->answer.v);
    free(g->resolve.v);
}

/* The person with this login (added when new), or NULL when the list is
 * full (counted in staff_more). */
static StatsStaff *person(Pass *p, const char *actor, int *index)
{
    Stats *o = p->out;
    /* compared as stored: an actor longer than the field is one person,
     * not a new entry on every row */
    char cut[STATS_LOGIN_MAX];
    const char *login = actor;
    if (strlen(actor) >= sizeof cut) {
        text_copy(cut, sizeof cut, actor);
        login = cut;
    }
    /* the first byte before strcmp: this runs twice a row */
    if (p->last_staff >= 0 && o->staff[p->last_staff].login[0] == login[0] &&
        strcmp(o->staff[p->last_staff].login, login) == 0) {
        *index = p->last_staff;
        return &o->staff[p->last_staff];
    }
    for (int i = 0; i < o->staff_count; i++)
        if (o->staff[i].login[0] == login[0] && strcmp(o->staff[i].login, login) == 0) {
            *index = p->last_staff = i;
            return &o->staff[i];
        }
    if (o->staff_count >= STATS_MAX_STAFF) {
        for (int i = 0; i < p->more_count; i++)
            if (strcmp(p->more_seen[i], login) == 0)
                return NULL;
        if (p->more_count < STATS_MORE_SEEN) {
            text_copy(p->more_seen[p->more_count++], STATS_LOGIN_MAX, login);
            o->staff_more++;
        }
        return NULL;
    }
    int i = o->staff_count++;
    StatsStaff *st = &o->staff[i];
    memset(st, 0, sizeof *st);
    text_copy(st->login, sizeof st->login, login);
    text_copy(st->name, sizeof st->name, login);
    st->work.median_answer = st->work.median_resolve = -1;
    p->staff[i].work = &st->work;
    *index = p->last_staff = i;
    return st;
}

static int category_index(Stats *o, const char *full)
{
    char cut[CFG_CODE_MAX];
    const char *code = full;
    if (strlen(full) >= sizeof cut) { /* compared as stored below */
        text_copy(cut, sizeof cut, full);
        code = cut;
    }
    for (int i = 0; i < o->category_count; i++) /* the first byte before strcmp */
        if (o->category[i][0] == code[0] && strcmp(o->category[i], code) == 0)
            return i;
    if (o->category_count >= STATS_MAX_CATEGORIES)
        return o->category_count - 1; /* the last one takes the rest */
    text_copy(o->category[o->category_count], CFG_CODE_MAX, code);
    return o->category_count++;
}

/* Local midnights of the chart's days and of the day after: day i runs
 * from bounds[i] to bounds[i + 1]. */
static bool day_bounds(const char *first, int n, int64_t *bounds)
{
    char d[CFG_DAY_MAX];
    text_copy(d, sizeof d, first);
    for (int i = 0; i <= n; i++) {
        char next[CFG_DAY_MAX];
        if (!booking_time(d, 0, &bounds[i]) || !booking_day_add(d, 1, next))
            return false;
        text_copy(d, sizeof d, next);
    }
    return true;
}

static int day_index(const int64_t *bounds, int n, int64_t t)
{
    int lo = 0, hi = n; /* bounds[lo] <= t < bounds[hi] */
    if (t < bounds[0] || t >= bounds[n])
        return -1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (t >= bounds[mid])
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static bool gather_row(Gather *g, int64_t created, int64_t due, bool answered, int64_t answered_at,
                       bool resolved, int64_t resolved_at, int rating, int64_t now)
{
    StatsWork *w = g->work;
    if (answered) {
        w->answered++;
        if (answered_at <= due)
            w->on_time++;
        if (!series_add(&g->answer, answered_at - created))
            return false;
    } else if (due < now) {
        w->overdue++;
    }
    if (resolved) {
        w->resolved++;
        if (!series_add(&g->resolve, resolved_at - created))
            return false;
    }
    if (rating >= 0)
        w->ratings[rating]++;
    return true;
}

static KResult read_requests(Store *s, Pass *p, int64_t chart_start, int64_t period_start,
                             int64_t end, const int64_t *bounds)
{
    static const char sql[] =
        "SELECT created_at, category, due_at, answered_at, resolved_at, rating, answered_by,"
        " resolved_by FROM requests INDEXED BY requests_stats"
        " WHERE created_at >= ?1 AND created_at < ?2";
    Stats *o = p->out;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    int last_cat = -1;
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot read the requests for the figures");
    sqlite3_bind_int64(st, 1, chart_start < period_start ? chart_start : period_start);
    sqlite3_bind_int64(st, 2, end);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t created = sqlite3_column_int64(st, 0);
        int day = day_index(bounds, o->day_count, created);
        if (day >= 0)
            o->per_day[day]++;
        if (created < period_start)
            continue;
        o->requests++;

        const char *cat = (const char *)sqlite3_column_text(st, 1);
        if (!cat)
            cat = "";
        if (last_cat < 0 || strcmp(o->category[last_cat], cat) != 0)
            last_cat = category_index(o, cat);
        o->per_category[last_cat]++;

        int64_t due = sqlite3_column_int64(st, 2);
        bool answered = sqlite3_column_type(st, 3) != SQLITE_NULL;
        bool resolved = sqlite3_column_type(st, 4) != SQLITE_NULL;
        int64_t answered_at = sqlite3_column_int64(st, 3);
        int64_t resolved_at = sqlite3_column_int64(st, 4);
        const char *rating_name = (const char *)sqlite3_column_text(st, 5);
        int rating = rating_name ? stats_rating_index(rating_name) : -1;
        if (!gather_row(&p->all, created, due, answered, answered_at, resolved, resolved_at, rating,
                        o->computed_at))
            goto oom;

        /* the person who answered gets the answer; the one who resolved
         * gets the resolution and the resident's rating of it */
        const char *by = (const char *)sqlite3_column_text(st, 6);
        int i;
        if (answered && by && by[0] && person(p, by, &i) &&
            !gather_row(&p->staff[i], created, due, true, answered_at, false, 0, -1,
                        o->computed_at))
            goto oom;
        by = (const char *)sqlite3_column_text(st, 7);
        if (resolved && by && by[0] && person(p, by, &i)) {
            StatsWork *w = p->staff[i].work;
            w->resolved++;
            if (rating >= 0)
                w->ratings[rating]++;
            if (!series_add(&p->staff[i].resolve, resolved_at - created))
                goto oom;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_fail(s, rc, "cannot read the requests for the figures");
    return K_OK;
oom:
    sqlite3_finalize(st);
    return store_invalid(s, "out of memory while working out the figures");
}

static KResult read_open(Store *s, Stats *o)
{
    /* kept by triggers (schema 5) */
    static const char sql[] = "SELECT status, n FROM request_counts WHERE status IN"
                              " ('submitted', 'accepted', 'assigned', 'in_progress')";
    static const char *const states[] = {"submitted", "accepted", "assigned", "in_progress"};
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot count the open requests");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *state = (const char *)sqlite3_column_text(st, 0);
        for (int i = 0; i < 4; i++)
            if (state && strcmp(state, states[i]) == 0)
                o->open_by_state[i] = sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, "cannot count the open requests");
}

static KResult read_bookings(Store *s, Stats *o)
{
    static const char sql[] = "SELECT service, status, count(*) FROM bookings"
                              " INDEXED BY bookings_stats WHERE day BETWEEN ?1 AND ?2"
                              " GROUP BY service, status";
    CfgService svc[CFG_MAX_SERVICES];
    int n = 0;
    KResult r = store_list_services(s, false, svc, CFG_MAX_SERVICES, &n);
    if (r != K_OK)
        return r;
    for (int i = 0; i < n; i++)
        text_copy(o->services[i].code, CFG_CODE_MAX, svc[i].item.code);
    o->service_count = n;

    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot count the bookings");
    store_bind_text(st, 1, o->period.from);
    store_bind_text(st, 2, o->period.to);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *code = (const char *)sqlite3_column_text(st, 0);
        const char *state = (const char *)sqlite3_column_text(st, 1);
        int count = sqlite3_column_int(st, 2);
        StatsService *sv = NULL;
        for (int i = 0; i < o->service_count && code; i++)
            if (strcmp(o->services[i].code, code) == 0)
                sv = &o->services[i];
        if (!sv || !state)
            continue;
        if (strcmp(state, "cancelled") == 0) {
            sv->cancelled += count;
            continue;
        }
        sv->booked += count;
        if (strcmp(state, "checked_in") == 0 || strcmp(state, "completed") == 0)
            sv->checked_in += count;
        else if (strcmp(state, "no_show") == 0)
            sv->no_show += count;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, "cannot count the bookings");
}

static KResult read_walkins(Store *s, Pass *p)
{
    static const char sql[] = "SELECT created_at, called_at, called_by FROM walkin"
                              " WHERE day BETWEEN ?1 AND ?2";
    Stats *o = p->out;
    Series waits = {0};
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    KResult r = K_OK;
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot read the walk-in numbers");
    store_bind_text(st, 1, o->period.from);
    store_bind_text(st, 2, o->period.to);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        o->walkins++;
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            continue;
        int64_t wait = sqlite3_column_int64(st, 1) - sqlite3_column_int64(st, 0);
        o->walkins_called++;
        if (wait > o->longest_wait)
            o->longest_wait = wait;
        if (!series_add(&waits, wait)) {
            r = store_invalid(s, "out of memory while working out the figures");
            break;
        }
        const char *by = (const char *)sqlite3_column_text(st, 2);
        int i;
        StatsStaff *who = by && by[0] ? person(p, by, &i) : NULL;
        if (who)
            who->walkins_called++;
    }
    sqlite3_finalize(st);
    if (r == K_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        r = store_db_fail(s, rc, "cannot read the walk-in numbers");
    o->median_wait = stats_median(waits.v, waits.n);
    free(waits.v);
    return r;
}

static int name_staff(const StaffRecord *rec, void *user)
{
    Stats *o = user;
    for (int i = 0; i < o->staff_count; i++)
        if (strcmp(o->staff[i].login, rec->login) == 0)
            text_copy(o->staff[i].name, sizeof o->staff[i].name, rec->name);
    return 0;
}

static int staff_order(const void *a, const void *b)
{
    const StatsStaff *x = a, *y = b;
    int wx = x->work.answered + x->work.resolved + x->walkins_called;
    int wy = y->work.answered + y->work.resolved + y->walkins_called;
    if (wx != wy)
        return wy - wx;
    return strcmp(x->login, y->login);
}

KResult store_stats(Store *s, const Config *cfg, const StatsPeriod *period, int64_t now, Stats *out)
{
    int64_t bounds[STATS_MAX_DAYS + 1], period_start, end;
    char after[CFG_DAY_MAX];
    Pass p;
    KResult r;

    assert(s && cfg && period && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    p.out = out;
    p.last_staff = -1;
    out->period = *period;
    out->computed_at = now;
    out->work.median_answer = out->work.median_resolve = -1;
    out->median_wait = -1;
    p.all.work = &out->work;
    if (!stats_period_valid(period))
        return store_invalid(s, "the period must run from one day to a later or the same day, "
                                "at most 366 days");
    if (!stats_chart_days(period, out->chart_from, &out->day_count) ||
        !day_bounds(out->chart_from, out->day_count, bounds) ||
        !booking_time(period->from, 0, &period_start) || !booking_day_add(period->to, 1, after) ||
        !booking_time(after, 0, &end))
        return store_invalid(s, "the period's dates cannot be worked out");

    /* the configured categories first, in their order, with 0 if need be */
    for (int i = 0; i < cfg->category_count && i < CFG_MAX_CATEGORIES; i++)
        category_index(out, cfg->categories[i].item.code);

    int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot read the figures");
    r = read_requests(s, &p, bounds[0], period_start, end, bounds);
    if (r == K_OK)
        r = read_open(s, out);
    if (r == K_OK)
        r = read_bookings(s, out);
    if (r == K_OK)
        r = read_walkins(s, &p);
    if (r == K_OK)
        r = store_staff_list(s, false, name_staff, out);
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);

    out->work.median_answer = stats_median(p.all.answer.v, p.all.answer.n);
    out->work.median_resolve = stats_median(p.all.resolve.v, p.all.resolve.n);
    for (int i = 0; i < out->staff_count; i++) {
        out->staff[i].work.median_answer = stats_median(p.staff[i].answer.v, p.staff[i].answer.n);
        out->staff[i].work.median_resolve =
            stats_median(p.staff[i].resolve.v, p.staff[i].resolve.n);
    }
    gather_free(&p.all);
    for (int i = 0; i < STATS_MAX_STAFF; i++)
        gather_free(&p.staff[i]);
    if (r == K_OK)
        qsort(out->staff, (size_t)out->staff_count, sizeof out->staff[0], staff_order);
    return r;
}

KResult store_needs(Store *s, StoreNeedFn fn, void *user)
{
    static const char sql[] =
        "SELECT category, building, count(*), sum(urgency = 1), sum((flags & 1) <> 0),"
        " sum((flags & 2) <> 0), sum((flags & 4) <> 0), min(created_at) FROM requests"
        " WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress')"
        " GROUP BY category, building ORDER BY category, building";
    sqlite3_stmt *st = NULL;
    assert(s && fn);
    store_clear_error(s);
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot read the open requests");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        NeedRow n;
        memset(&n, 0, sizeof n);
        store_col_text(st, 0, n.category, sizeof n.category);
        store_col_text(st, 1, n.building, sizeof n.building);
        n.open = sqlite3_column_int(st, 2);
        n.urgent = sqlite3_column_int(st, 3);
        n.aged80 = sqlite3_column_int(st, 4);
        n.disabled = sqlite3_column_int(st, 5);
        n.alone = sqlite3_column_int(st, 6);
        n.oldest = sqlite3_column_int64(st, 7);
        if (fn(&n, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, "cannot read the open requests");
}
