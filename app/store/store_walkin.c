/* store_walkin.c - walk-in numbers in the database (see store.h): the
 * next number of the day for a resident who just wants to be seen, the
 * counter that calls it, and the board's list of the numbers called.
 *
 * A walk-in number is a ticket of kind 'Q' (signed and numbered like every
 * ticket, by store_issue_ticket) plus a walkin row that remembers whether it
 * waits or was called and to which counter.  Numbers start again every
 * local day.  Issuing and calling each run in one IMMEDIATE transaction:
 * two kiosks issue two numbers, two counters pressing "call next" at once
 * call two different residents. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

#define WALKIN_COLUMNS "id, ticket_id, number, day, status, counter, created_at, called_at"

enum {
    W_INSERT,
    W_AHEAD,
    W_NEXT,
    W_CALL,
    W_RECENT,
    W_WAITING,
    W_AT_COUNTER,
    W_RECALL,
    /* a number's state for its holder (store_find_walkin, store_walkin_state) */
    W_FIND,
    W_OF_TICKET,
    W_LATER,
    W_SKIPPED,
    W_COUNT
};

_Static_assert(W_COUNT <= STORE_WALKIN_STMTS, "raise STORE_WALKIN_STMTS in store_int.h");

static const char *const walkin_sql[W_COUNT] = {
    [W_INSERT] = "INSERT INTO walkin (id, ticket_id, day, seq, number, status, created_at)"
                 " VALUES (" NEXT_ID("walkin") ", ?1, ?2, ?3, ?4, 'waiting', ?5)",
    [W_AHEAD] = "SELECT count(*) FROM walkin WHERE day = ?1 AND status = 'waiting' AND seq < ?2",
    [W_NEXT] = "SELECT " WALKIN_COLUMNS " FROM walkin WHERE day = ?1"
               " AND status = 'waiting' ORDER BY seq LIMIT 1",
    [W_CALL] = "UPDATE walkin SET status = 'called', counter = ?2, called_at = ?3"
               " WHERE id = ?1 AND status = 'waiting'",
    [W_RECENT] = "SELECT " WALKIN_COLUMNS " FROM walkin WHERE day = ?1"
                 " AND status = 'called' ORDER BY called_at DESC, id DESC LIMIT ?2",
    [W_WAITING] = "SELECT count(*) FROM walkin WHERE day = ?1 AND status = 'waiting'",
    [W_AT_COUNTER] =
        "SELECT " WALKIN_COLUMNS " FROM walkin WHERE day = ?1"
        " AND status = 'called' AND counter = ?2 AND NOT EXISTS (SELECT 1 FROM events e"
        " WHERE e.subject = 'walkin' AND e.subject_id = walkin.id"
        " AND e.kind = 'walkin_skipped') ORDER BY called_at DESC, id DESC LIMIT 1",
    [W_RECALL] = "UPDATE walkin SET called_at = ?2 WHERE id = ?1 AND status = 'called'",
    [W_FIND] = "SELECT t.id FROM tickets t JOIN walkin w ON w.ticket_id = t.id"
               " WHERE t.lookup = ?1 AND t.kind = 'Q'",
    [W_OF_TICKET] = "SELECT " WALKIN_COLUMNS ", seq FROM walkin WHERE ticket_id = ?1",
    /* numbers its counter called after it: the counter has moved on */
    [W_LATER] = "SELECT count(*) FROM walkin WHERE day = ?1 AND counter = ?2 AND id <> ?4"
                " AND status = 'called' AND (called_at > ?3 OR (called_at = ?3 AND id > ?4))",
    /* passed over at the counter (store_walkin_skip logs it) */
    [W_SKIPPED] = "SELECT count(*) FROM events WHERE subject = 'walkin' AND subject_id = ?1"
                  " AND kind = 'walkin_skipped'",
};

static const StmtTable walkin_table = {"walkin", walkin_sql, W_COUNT};

KResult store_walkin_prepare(Store *s)
{
    return store_prepare_table(s, &walkin_table, s->walkin);
}

/* The statement which, prepared on first use; NULL when it cannot be. */
static sqlite3_stmt *stmt(Store *s, int which)
{
    return store_prepared(s, &walkin_table, s->walkin, which);
}

static void read_walkin(sqlite3_stmt *st, WalkIn *w)
{
    memset(w, 0, sizeof *w);
    w->id = sqlite3_column_int64(st, 0);
    w->ticket_id = sqlite3_column_int64(st, 1);
    store_col_text(st, 2, w->number, sizeof w->number);
    store_col_text(st, 3, w->day, sizeof w->day);
    store_col_text(st, 4, w->status, sizeof w->status);
    w->counter = sqlite3_column_int(st, 5);
    w->created_at = sqlite3_column_int64(st, 6);
    w->called_at = sqlite3_column_int64(st, 7);
}

KResult store_walkin_issue(Store *s, const char *site, int64_t now,
                           const uint8_t key[TICKET_KEY_BYTES], Ticket *ticket, int *ahead)
{
    const char *what = "cannot issue a walk-in number";
    char detail[128];
    Ticket t;
    int64_t wid = 0;
    int before = 0;
    assert(s && site && key && ticket);
    store_clear_error(s);
    memset(ticket, 0, sizeof *ticket);
    memset(&t, 0, sizeof t);
    if (ahead)
        *ahead = 0;
    if (!ticket_site_valid(site))
        return store_invalid(s, "the site code is not 1 to 12 letters A-Z and digits");
    if (!store_local_day(now, t.day) || !booking_time(t.day, 24 * 60, &t.due_at))
        return store_invalid(s, "the clock's time cannot be turned into a date");
    text_copy(t.site, sizeof t.site, site);
    t.kind = TICKET_KIND_WALKIN;
    t.created_at = now; /* due_at: the number is good until the day ends */

    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = store_issue_ticket(s, 0, 0, key, &t);
    sqlite3_stmt *st = r == K_OK ? stmt(s, W_INSERT) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, t.id);
        store_bind_text(st, 2, t.day);
        sqlite3_bind_int(st, 3, t.seq);
        store_bind_text(st, 4, t.number);
        sqlite3_bind_int64(st, 5, now);
        r = store_run(s, st, what);
        wid = sqlite3_last_insert_rowid(s->db);
    }
    if (r == K_OK && !(st = stmt(s, W_AHEAD)))
        r = store_unprepared(s);
    if (r == K_OK) {
        store_bind_text(st, 1, t.day);
        sqlite3_bind_int(st, 2, t.seq);
        r = store_run_count(s, st, what, &before);
    }
    if (r == K_OK) {
        snprintf(detail, sizeof detail, "{\"number\":\"%s\",\"ticket_id\":%lld,\"ahead\":%d}",
                 t.number, (long long)t.id, before);
        r = store_insert_event(s, now, "kiosk", "walkin_issued", "walkin", wid, detail);
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    *ticket = t;
    if (ahead)
        *ahead = before;
    return K_OK;
}

/* What calling at a counter needs: a counter 1 to 99, an actor, and today's
 * date (day, 11 bytes) from now. */
static KResult counter_args(Store *s, int counter, const char *actor, int64_t now, char *day)
{
    if (counter < 1 || counter > 99)
        return store_invalid(s, "a counter is numbered 1 to 99");
    if (!actor || !actor[0] || strlen(actor) >= sizeof((StoreEvent *)0)->actor ||
        !text_valid_utf8(actor))
        return store_invalid(s, "the actor is empty, too long or not UTF-8");
    if (!store_local_day(now, day))
        return store_invalid(s, "the clock's time cannot be turned into a date");
    return K_OK;
}

/* Calls the first waiting number today to counter, logged, inside the
 * caller's transaction; K_ERR_NOT_FOUND when nobody waits. */
static KResult call_next(Store *s, const char *day, int counter, const char *actor, int64_t now,
                         WalkIn *w, const char *what)
{
    sqlite3_stmt *st = stmt(s, W_NEXT);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, day);
    KResult r = store_step_one(s, st, what);
    if (r == K_OK)
        read_walkin(st, w);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "nobody is waiting");
    store_stmt_done(st);
    if (r == K_OK) {
        st = stmt(s, W_CALL);
        if (!st)
            return store_unprepared(s);
        sqlite3_bind_int64(st, 1, w->id);
        sqlite3_bind_int(st, 2, counter);
        sqlite3_bind_int64(st, 3, now);
        r = store_run(s, st, what);
    }
    if (r == K_OK) {
        char detail[128];
        snprintf(detail, sizeof detail, "{\"number\":\"%s\",\"counter\":%d}", w->number, counter);
        r = store_insert_event(s, now, actor, "walkin_called", "walkin", w->id, detail);
    }
    if (r == K_OK) {
        text_copy(w->status, sizeof w->status, "called");
        w->counter = counter;
        w->called_at = now;
    }
    return r;
}

KResult store_walkin_call(Store *s, int counter, const char *actor, int64_t now, WalkIn *out)
{
    const char *what = "cannot call the next number";
    char day[11];
    WalkIn w;
    assert(s);
    store_clear_error(s);
    if (out)
        memset(out, 0, sizeof *out);
    KResult r = counter_args(s, counter, actor, now, day);
    if (r != K_OK)
        return r;

    /* Read and update under one write lock: a second counter calling at the
     * same moment waits, then finds the next number. */
    r = store_begin(s, what);
    if (r == K_OK)
        r = call_next(s, day, counter, actor, now, &w, what);
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    if (out)
        *out = w;
    return K_OK;
}

KResult store_walkin_recent(Store *s, int64_t now, WalkIn *out, int max, int *count, int *waiting)
{
    char day[11];
    KResult r = K_OK;
    int n = 0;
    assert(s && count && (out || max == 0));
    store_clear_error(s);
    *count = 0;
    if (waiting)
        *waiting = 0;
    if (!store_local_day(now, day))
        return store_invalid(s, "the clock's time cannot be turned into a date");
    if (max > 0) {
        sqlite3_stmt *st = stmt(s, W_RECENT);
        if (!st)
            return store_unprepared(s);
        store_bind_text(st, 1, day);
        sqlite3_bind_int(st, 2, max);
        while (n < max && store_next_row(s, st, &r, "cannot read the called numbers"))
            read_walkin(st, &out[n++]);
        store_stmt_done(st);
    }
    if (r == K_OK && waiting) {
        sqlite3_stmt *st = stmt(s, W_WAITING);
        if (st)
            store_bind_text(st, 1, day);
        r = store_run_count(s, st, "cannot count who waits", waiting);
    }
    *count = r == K_OK ? n : 0;
    return r;
}

/* The number last called to counter today and not passed over, read inside the caller's
 * transaction; K_ERR_NOT_FOUND when that window called nobody today. */
static KResult at_counter(Store *s, const char *day, int counter, WalkIn *w, const char *what)
{
    sqlite3_stmt *st = stmt(s, W_AT_COUNTER);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, day);
    sqlite3_bind_int(st, 2, counter);
    KResult r = store_step_one(s, st, what);
    if (r == K_OK)
        read_walkin(st, w);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "this window has called nobody today");
    store_stmt_done(st);
    return r;
}

KResult store_walkin_recall(Store *s, int counter, const char *actor, int64_t now, WalkIn *out)
{
    const char *what = "cannot call the number again";
    char day[11], detail[128];
    WalkIn w;
    assert(s);
    store_clear_error(s);
    if (out)
        memset(out, 0, sizeof *out);
    KResult r = counter_args(s, counter, actor, now, day);
    if (r != K_OK)
        return r;
    /* Called again: the board puts it on top again (its called_at is now). */
    r = store_begin(s, what);
    if (r == K_OK)
        r = at_counter(s, day, counter, &w, what);
    sqlite3_stmt *st = r == K_OK ? stmt(s, W_RECALL) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, w.id);
        sqlite3_bind_int64(st, 2, now);
        r = store_run(s, st, what);
    }
    if (r == K_OK) {
        snprintf(detail, sizeof detail, "{\"number\":\"%s\",\"counter\":%d}", w.number, counter);
        r = store_insert_event(s, now, actor, "walkin_recalled", "walkin", w.id, detail);
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    w.called_at = now;
    if (out)
        *out = w;
    return K_OK;
}

KResult store_walkin_skip(Store *s, int counter, const char *actor, int64_t now, WalkIn *skipped,
                          WalkIn *next)
{
    const char *what = "cannot pass over the number";
    char day[11], detail[160];
    WalkIn w, n;
    bool called = false;
    assert(s);
    store_clear_error(s);
    if (skipped)
        memset(skipped, 0, sizeof *skipped);
    if (next)
        memset(next, 0, sizeof *next);
    KResult r = counter_args(s, counter, actor, now, day);
    if (r != K_OK)
        return r;
    /* One transaction: the number passed over is logged and the next one
     * called to the same window, or neither. */
    r = store_begin(s, what);
    if (r == K_OK)
        r = at_counter(s, day, counter, &w, what);
    if (r == K_OK) {
        snprintf(detail, sizeof detail, "{\"number\":\"%s\",\"counter\":%d}", w.number, counter);
        r = store_insert_event(s, now, actor, "walkin_skipped", "walkin", w.id, detail);
    }
    if (r == K_OK) {
        r = call_next(s, day, counter, actor, now, &n, what);
        called = r == K_OK;
        if (r == K_ERR_NOT_FOUND) { /* nobody else waits: passed over, nobody called */
            store_clear_error(s);
            r = K_OK;
        }
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    if (skipped)
        *skipped = w;
    if (next && called)
        *next = n;
    return K_OK;
}

KResult store_find_walkin(Store *s, const char *lookup, Ticket *out)
{
    char code[TICKET_LOOKUP_LEN + 1];
    int64_t id = 0;
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    if (!lookup || !ticket_lookup_normalise(lookup, code))
        return store_invalid(s, "a lookup code is 8 letters and digits");
    sqlite3_stmt *st = stmt(s, W_FIND);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, code);
    KResult r = store_run_int(s, st, "cannot find the walk-in number", &id);
    if (r == K_OK)
        r = store_get_ticket(s, id, out);
    return r;
}

KResult store_walkin_state(Store *s, int64_t ticket_id, int64_t now, WalkIn *out,
                           WalkInState *state, int *ahead)
{
    const char *what = "cannot read the walk-in number";
    char today[11];
    int seq = 0;
    assert(s && out && state && ahead);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    *state = WALKIN_STATE_EXPIRED;
    *ahead = 0;
    if (!store_local_day(now, today))
        return store_invalid(s, "the clock's time cannot be turned into a date");
    sqlite3_stmt *st = stmt(s, W_OF_TICKET);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, ticket_id);
    KResult r = store_step_one(s, st, what);
    if (r == K_OK) {
        read_walkin(st, out);
        seq = sqlite3_column_int(st, 8);
    }
    store_stmt_done(st);
    if (r != K_OK)
        return r;
    if (strcmp(out->day, today) != 0) {
        *state = WALKIN_STATE_EXPIRED; /* numbers start again every day */
    } else if (strcmp(out->status, "waiting") == 0) {
        *state = WALKIN_STATE_WAITING;
        st = stmt(s, W_AHEAD);
        if (!st)
            return store_unprepared(s);
        store_bind_text(st, 1, out->day);
        sqlite3_bind_int(st, 2, seq);
        r = store_run_count(s, st, what, ahead);
    } else if (strcmp(out->status, "done") == 0) {
        *state = WALKIN_STATE_DONE; /* a status a later version may add */
    } else {
        /* called: passed over (store_walkin_skip logs it; the status stays
         * "called"), still the latest of its counter (a recall makes it so
         * again), or the counter moved on */
        int skipped = 0, later = 0;
        st = stmt(s, W_SKIPPED);
        if (!st)
            return store_unprepared(s);
        sqlite3_bind_int64(st, 1, out->id);
        r = store_run_count(s, st, what, &skipped);
        if (r == K_OK && skipped == 0) {
            st = stmt(s, W_LATER);
            if (!st)
                return store_unprepared(s);
            store_bind_text(st, 1, out->day);
            sqlite3_bind_int(st, 2, out->counter);
            sqlite3_bind_int64(st, 3, out->called_at);
            sqlite3_bind_int64(st, 4, out->id);
            r = store_run_count(s, st, what, &later);
        }
        *state = skipped > 0 ? WALKIN_STATE_PASSED
                 : later > 0 ? WALKIN_STATE_CALLED_BEFORE
                             : WALKIN_STATE_CALLED;
    }
    return r;
}
