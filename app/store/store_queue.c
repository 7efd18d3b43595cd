/* store_queue.c - staff work in the database: the request workflow, who
 * requests are assigned to, and the queue staff work from (see store.h).
 * Walk-in numbers are in store_walkin.c, finding a ticket by hand in
 * store.c beside the other ticket reads, demo requests outside the store
 * (app/admin/demo.c, on the public calls).
 *
 * The workflow table lives in app/core/workflow.c; every move here reads the
 * request's state inside an IMMEDIATE transaction, asks the table, and
 * updates only if the row is still in the state it read (WHERE status = the
 * old one), so two staff pressing different buttons on the same request get
 * one move each in some order, never a move the table forbids.
 *
 * The queue is read by keyset paging over the indexes of schema 3 (see
 * store_schema.c): one statement per filter shape, because a statement with
 * "(?1 IS NULL OR category = ?1)" cannot pick its index by the value.  The
 * statements name their index (INDEXED BY): without statistics the planner
 * may prefer requests_by_state for the four open states and sort every open
 * request to return twelve; naming it also makes a schema change that loses
 * the index fail at store_open instead of becoming slow. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/workflow.h"
#include "store_int.h"

#define OPEN_STATES "('submitted', 'accepted', 'assigned', 'in_progress')"
#define NOTE_CHARS 200

/* A queue row "r" with its first ticket's number, read by read_row. */
#define QUEUE_SELECT(index)                                                                        \
    "SELECT r.id, coalesce(t.number, ''), r.category, r.status, r.urgency, r.flags,"               \
    " r.created_at, r.due_at, r.qkey FROM requests r INDEXED BY " index " LEFT JOIN tickets t"     \
    " ON t.id = (SELECT min(id) FROM tickets WHERE request_id = r.id)"
#define KEYSET " (r.qkey, r.created_at, r.id) > (?1, ?2, ?3)"
#define QUEUE_ORDER " ORDER BY r.qkey, r.created_at, r.id LIMIT ?4"

enum {
    Q_REQ_STATE,
    Q_REQ_MOVE,
    Q_REQ_RATE,
    Q_ASSIGNEE_OK,
    Q_ASSIGNEE_INSERT,
    Q_ASSIGNEE_LIST,
    Q_PAGE_OPEN,
    Q_PAGE_OPEN_CAT,
    Q_PAGE_STATUS,
    Q_PAGE_STATUS_CAT,
    Q_COUNT_OPEN,
    Q_COUNT_OPEN_CAT,
    Q_COUNT_STATUS,
    Q_COUNT_STATUS_CAT,
    Q_COUNT
};

_Static_assert(Q_COUNT <= STORE_QUEUE_STMTS, "raise STORE_QUEUE_STMTS in store_int.h");

static const char *const queue_sql[Q_COUNT] = {
    [Q_REQ_STATE] = "SELECT status, assignee FROM requests WHERE id = ?1",
    [Q_REQ_MOVE] = "UPDATE requests SET status = ?2, updated_at = ?3,"
                   " assignee = coalesce(?4, assignee) WHERE id = ?1 AND status = ?5",
    [Q_REQ_RATE] = "UPDATE requests SET status = 'closed', updated_at = ?2, rating = ?3"
                   " WHERE id = ?1 AND status = 'resolved'",
    [Q_ASSIGNEE_OK] = "SELECT 1 FROM staff WHERE login = ?1 AND active"
                      " UNION ALL SELECT 1 FROM assignees WHERE name = ?1 AND active"
                      /* issue 21: an approved volunteer, as "volunteer:ID" */
                      " UNION ALL SELECT 1 FROM volunteers WHERE 'volunteer:' || id = ?1"
                      " AND status = 'approved' LIMIT 1",
    [Q_ASSIGNEE_INSERT] = "INSERT INTO assignees (kind, name, created_at) VALUES (?1, ?2, ?3)",
    [Q_ASSIGNEE_LIST] =
        "SELECT 'staff', login, name, 0 FROM staff WHERE active"
        " UNION ALL SELECT kind, name, name, CASE kind WHEN 'team' THEN 1 ELSE 2 END"
        " FROM assignees WHERE active ORDER BY 4, 3",
    [Q_PAGE_OPEN] =
        QUEUE_SELECT("requests_open") " WHERE r.status IN " OPEN_STATES " AND" KEYSET QUEUE_ORDER,
    [Q_PAGE_OPEN_CAT] = QUEUE_SELECT("requests_open") " WHERE r.status IN " OPEN_STATES
                                                      " AND r.category = ?5 AND" KEYSET QUEUE_ORDER,
    [Q_PAGE_STATUS] =
        QUEUE_SELECT("requests_by_state") " WHERE r.status = ?6 AND" KEYSET QUEUE_ORDER,
    [Q_PAGE_STATUS_CAT] = QUEUE_SELECT(
        "requests_by_state") " WHERE r.status = ?6 AND r.category = ?5 AND" KEYSET QUEUE_ORDER,
    [Q_COUNT_OPEN] =
        "SELECT count(*) FROM requests INDEXED BY requests_open WHERE status IN " OPEN_STATES,
    [Q_COUNT_OPEN_CAT] =
        "SELECT count(*) FROM requests INDEXED BY requests_open WHERE status IN " OPEN_STATES
        " AND category = ?1",
    [Q_COUNT_STATUS] = "SELECT count(*) FROM requests WHERE status = ?2",
    [Q_COUNT_STATUS_CAT] = "SELECT count(*) FROM requests WHERE status = ?2 AND category = ?1",
};

static const StmtTable queue_table = {"queue", queue_sql, Q_COUNT};

KResult store_queue_prepare(Store *s)
{
    return store_prepare_table(s, &queue_table, s->queue);
}

/* The statement which, prepared on first use; NULL when it cannot be. */
static sqlite3_stmt *stmt(Store *s, int which)
{
    return store_prepared(s, &queue_table, s->queue, which);
}

/* ---- the workflow ---- */

/* {"from":..,"to":..,"action":..[,"note":..][,"assignee":..][,"rating":..]} */
static KResult log_move(Store *s, int64_t at, const char *actor, int64_t id, WfState from,
                        WfState to, WfAction action, const char *note, const char *assignee,
                        const char *rating)
{
    char detail[sizeof((StoreEvent *)0)->detail];
    char q[NOTE_CHARS * 6 + 3], part[96];
    snprintf(detail, sizeof detail, "{\"from\":\"%s\",\"to\":\"%s\",\"action\":\"%s\"",
             wf_state_name(from), wf_state_name(to), wf_action_name(action));
    if (rating && rating[0]) {
        snprintf(part, sizeof part, ",\"rating\":\"%s\"", rating);
        text_append(detail, sizeof detail, part);
    }
    if (assignee && assignee[0]) {
        if (!text_json_quote(q, sizeof q, assignee))
            return store_invalid(s, "the assignee's name is too long");
        text_append(detail, sizeof detail, ",\"assignee\":");
        text_append(detail, sizeof detail, q);
    }
    if (note && note[0]) {
        if (!text_json_quote(q, sizeof q, note))
            return store_invalid(s, "the note is too long");
        text_append(detail, sizeof detail, ",\"note\":");
        text_append(detail, sizeof detail, q);
    }
    if (!text_append(detail, sizeof detail, "}"))
        return store_invalid(s, "the note is too long to log");
    return store_insert_event(s, at, actor, "status_changed", "request", id, detail);
}

static bool note_ok(const char *note)
{
    return !note || (text_valid_utf8(note) && text_length(note) <= NOTE_CHARS);
}

static bool has_text(const char *v)
{
    if (!v)
        return false;
    for (; *v; v++)
        if (*v != ' ' && *v != '\t' && *v != '\n' && *v != '\r')
            return true;
    return false;
}

/* The request's state inside the transaction; K_ERR_NOT_FOUND. */
static KResult read_state(Store *s, int64_t id, WfState *state)
{
    sqlite3_stmt *st = stmt(s, Q_REQ_STATE);
    char status[24];
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    KResult r = store_step_one(s, st, "cannot read the request");
    if (r == K_OK) {
        store_col_text(st, 0, status, sizeof status);
        if (!wf_state_parse(status, state)) {
            snprintf(s->err, sizeof s->err, "request %lld has an unknown status \"%s\"",
                     (long long)id, status);
            r = K_ERR_CORRUPT;
        }
    } else if (r == K_ERR_NOT_FOUND) {
        snprintf(s->err, sizeof s->err, "there is no request with id %lld", (long long)id);
    }
    store_stmt_done(st);
    return r;
}

static KResult assignee_known(Store *s, const char *name)
{
    int64_t one = 0;
    sqlite3_stmt *st = stmt(s, Q_ASSIGNEE_OK);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, name);
    KResult r = store_run_int(s, st, "cannot check the assignee", &one);
    if (r == K_ERR_NOT_FOUND) {
        snprintf(s->err, sizeof s->err,
                 "\"%.60s\" is not an active staff login, team or partner (see assignees list)",
                 name);
        r = K_ERR_INVALID;
    }
    return r;
}

KResult store_request_act(Store *s, int64_t id, WfAction action, StaffRole role, const char *actor,
                          const char *note, const char *assignee, int64_t now)
{
    const char *what = "cannot change the request";
    WfState from = WF_SUBMITTED, to = WF_SUBMITTED;
    assert(s);
    store_clear_error(s);
    if ((int)action < 0 || action >= WF_ACTION_COUNT || (int)role < 0 || role >= ROLE_COUNT)
        return store_invalid(s, "unknown action or role");
    if (!actor || !actor[0] || strlen(actor) >= sizeof((StoreEvent *)0)->actor ||
        !text_valid_utf8(actor))
        return store_invalid(s, "the actor is empty, too long or not UTF-8");
    if (!wf_role_may(role, action)) {
        snprintf(s->err, sizeof s->err, "a %s may not %s a request", wf_role_name(role),
                 wf_action_name(action));
        return K_ERR_REFUSED;
    }
    if (!note_ok(note))
        return store_invalid(s, "a note is at most 200 characters of UTF-8");
    if (wf_needs_note(action) && !has_text(note))
        return store_invalid(s, action == WF_CANCEL  ? "cancelling a request needs a reason"
                                : action == WF_REFER ? "referring a request needs a note: to whom"
                                : action == WF_CLOSE ? "closing a request needs a note of the "
                                                       "return visit (or the resident's rating)"
                                                     : "resolving a request needs a note");
    /* Only assign records an assignee; others ignore one given. */
    if (!wf_needs_assignee(action))
        assignee = NULL;
    else if (!has_text(assignee))
        return store_invalid(s, "assigning a request needs an assignee");
    else if (strlen(assignee) >= sizeof((RequestRecord *)0)->assignee || !text_valid_utf8(assignee))
        return store_invalid(s, "the assignee is too long or not UTF-8");

    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = read_state(s, id, &from);
    if (r == K_OK && !wf_next(from, action, &to)) {
        snprintf(s->err, sizeof s->err, "a request that is %s cannot be %s", wf_state_name(from),
                 action == WF_ACCEPT    ? "accepted"
                 : action == WF_ASSIGN  ? "assigned"
                 : action == WF_START   ? "started"
                 : action == WF_RESOLVE ? "resolved"
                 : action == WF_CLOSE   ? "closed"
                 : action == WF_REFER   ? "referred"
                                        : "cancelled");
        r = K_ERR_REFUSED;
    }
    if (r == K_OK && assignee)
        r = assignee_known(s, assignee);
    sqlite3_stmt *st = r == K_OK ? stmt(s, Q_REQ_MOVE) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, wf_state_name(to));
        sqlite3_bind_int64(st, 3, now);
        store_bind_text(st, 4, assignee);
        store_bind_text(st, 5, wf_state_name(from));
        r = store_run(s, st, what);
    }
    if (r == K_OK)
        r = log_move(s, now, actor, id, from, to, action, note, assignee, NULL);
    r = store_end(s, r, what);
    return r;
}

KResult store_request_rate(Store *s, int64_t id, WfRating rating, const char *comment, int64_t now)
{
    const char *what = "cannot record the rating";
    WfState from = WF_SUBMITTED;
    assert(s);
    store_clear_error(s);
    if (rating != RATING_SATISFIED && rating != RATING_BASIC && rating != RATING_DISSATISFIED)
        return store_invalid(s, "a rating is satisfied, basic or dissatisfied");
    if (!note_ok(comment))
        return store_invalid(s, "a comment is at most 200 characters of UTF-8");
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = read_state(s, id, &from);
    if (r == K_OK && from != WF_RESOLVED) {
        snprintf(s->err, sizeof s->err, "only a resolved request can be rated; this one is %s",
                 wf_state_name(from));
        r = K_ERR_REFUSED;
    }
    sqlite3_stmt *st = r == K_OK ? stmt(s, Q_REQ_RATE) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, now);
        store_bind_text(st, 3, wf_rating_name(rating));
        r = store_run(s, st, what);
    }
    if (r == K_OK)
        r = log_move(s, now, "resident", id, from, WF_CLOSED, WF_CLOSE, comment, NULL,
                     wf_rating_name(rating));
    r = store_end(s, r, what);
    return r;
}

/* ---- assignees ---- */

KResult store_assignee_add(Store *s, const char *kind, const char *name, int64_t now,
                           const char *actor)
{
    const char *what = "cannot add the assignee";
    char detail[256], q[200];
    assert(s);
    store_clear_error(s);
    if (!kind || (strcmp(kind, "team") != 0 && strcmp(kind, "partner") != 0))
        return store_invalid(s, "an assignee is a team or a partner");
    if (!has_text(name) || strlen(name) >= sizeof((Assignee *)0)->label || !text_valid_utf8(name) ||
        text_length(name) > 20)
        return store_invalid(s, "an assignee's name is 1 to 20 characters of UTF-8");
    if (!actor || !actor[0] || strlen(actor) >= sizeof((StoreEvent *)0)->actor ||
        !text_valid_utf8(actor))
        return store_invalid(s, "the actor is empty, too long or not UTF-8");
    if (!text_json_quote(q, sizeof q, name))
        return store_invalid(s, "an assignee's name is too long");
    snprintf(detail, sizeof detail, "{\"kind\":\"%s\",\"name\":%s}", kind, q);
    KResult r = store_begin(s, what);
    sqlite3_stmt *st = r == K_OK ? stmt(s, Q_ASSIGNEE_INSERT) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        store_bind_text(st, 1, kind);
        store_bind_text(st, 2, name);
        sqlite3_bind_int64(st, 3, now);
        r = store_run(s, st, what);
        if (r == K_ERR_EXISTS)
            snprintf(s->err, sizeof s->err, "there is already an assignee \"%.60s\"", name);
    }
    if (r == K_OK)
        r = store_insert_event(s, now, actor, "assignee_added", "assignee",
                               sqlite3_last_insert_rowid(s->db), detail);
    r = store_end(s, r, what);
    return r;
}

KResult store_assignee_list(Store *s, Assignee *out, int max, int *count)
{
    sqlite3_stmt *st;
    KResult r = K_OK;
    int n = 0;
    assert(s && count && (out || max == 0));
    store_clear_error(s);
    st = stmt(s, Q_ASSIGNEE_LIST);
    /* more than max: the first max */
    while (n < max && store_next_row(s, st, &r, "cannot list the assignees")) {
        Assignee *a = &out[n++];
        memset(a, 0, sizeof *a);
        store_col_text(st, 0, a->kind, sizeof a->kind);
        store_col_text(st, 1, a->name, sizeof a->name);
        store_col_text(st, 2, a->label, sizeof a->label);
    }
    store_stmt_done(st);
    *count = r == K_OK ? n : 0;
    return r;
}

/* ---- the queue ---- */

QueueKey store_queue_key(const QueueRow *r)
{
    QueueKey k = {true, r->qkey, r->created_at, r->id};
    return k;
}

static void read_row(sqlite3_stmt *st, QueueRow *q)
{
    memset(q, 0, sizeof *q);
    q->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, q->number, sizeof q->number);
    store_col_text(st, 2, q->category, sizeof q->category);
    store_col_text(st, 3, q->status, sizeof q->status);
    q->state = wf_state_of(q->status);
    q->urgency = sqlite3_column_int(st, 4);
    q->flags = (unsigned)sqlite3_column_int64(st, 5);
    q->created_at = sqlite3_column_int64(st, 6);
    q->due_at = sqlite3_column_int64(st, 7);
    q->qkey = sqlite3_column_int(st, 8);
}

static KResult check_filter(Store *s, const char *status, const char *category)
{
    WfState ws;
    if (status && !wf_state_parse(status, &ws))
        return store_invalid(s, "unknown request status");
    if (category && (!category[0] || strlen(category) >= REQ_CODE_MAX))
        return store_invalid(s, "a category code is 1 to 23 characters");
    return K_OK;
}

KResult store_queue_page(Store *s, const char *status, const char *category, const QueueKey *after,
                         QueueRow *rows, int max, int *count)
{
    sqlite3_stmt *st;
    KResult r;
    int n = 0;
    assert(s && count && (rows || max == 0));
    store_clear_error(s);
    *count = 0;
    r = check_filter(s, status, category);
    if (r != K_OK)
        return r;
    if (max <= 0)
        return K_OK;
    st = stmt(s, status ? (category ? Q_PAGE_STATUS_CAT : Q_PAGE_STATUS)
                        : (category ? Q_PAGE_OPEN_CAT : Q_PAGE_OPEN));
    if (!st)
        return store_unprepared(s);
    if (after && after->valid) {
        sqlite3_bind_int(st, 1, after->qkey);
        sqlite3_bind_int64(st, 2, after->created_at);
        sqlite3_bind_int64(st, 3, after->id);
    } else {
        /* Before every row: qkey is 0..7. */
        sqlite3_bind_int(st, 1, -1);
        sqlite3_bind_int64(st, 2, INT64_MIN);
        sqlite3_bind_int64(st, 3, INT64_MIN);
    }
    sqlite3_bind_int(st, 4, max);
    if (category)
        store_bind_text(st, 5, category);
    if (status)
        store_bind_text(st, 6, status);
    while (n < max && store_next_row(s, st, &r, "cannot read the queue"))
        read_row(st, &rows[n++]);
    store_stmt_done(st);
    *count = r == K_OK ? n : 0;
    return r;
}

KResult store_queue_count(Store *s, const char *status, const char *category, int *count)
{
    assert(s && count);
    store_clear_error(s);
    *count = 0;
    KResult r = check_filter(s, status, category);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st = stmt(s, status ? (category ? Q_COUNT_STATUS_CAT : Q_COUNT_STATUS)
                                      : (category ? Q_COUNT_OPEN_CAT : Q_COUNT_OPEN));
    if (!st)
        return store_unprepared(s);
    if (category)
        store_bind_text(st, 1, category);
    if (status)
        store_bind_text(st, 2, status);
    return store_run_count(s, st, "cannot count the queue", count);
}
