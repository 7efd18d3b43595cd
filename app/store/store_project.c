/* store_project.c - the station's work (issue 22): the needs list and the
 * recognised needs, the resources list and the matching, the projects list
 * with its milestones, and the month's figures (store_project.h, schema 13).
 *
 * These are staff's and the admin's occasional reads and writes, not the
 * resident's path: each statement is prepared where it runs instead of
 * taking places in the store's arrays of persistent statements (a few
 * hundred microseconds a call, against a screen or a command).  Checks
 * here give the clear message; the schema's triggers hold the same rules
 * for any other path, and a trigger's refusal comes back as K_ERR_REFUSED
 * with the trigger's words. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/phone.h"
#include "kiosk/store_project.h"
#include "kiosk/text.h"
#include "store_int.h"

#define OPEN_STATES "('submitted', 'accepted', 'assigned', 'in_progress')"
#define LIVE_PROJECT "('planned', 'running')"

/* ---- statements ---- */

static KResult prep(Store *s, const char *sql, sqlite3_stmt **st, const char *what)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return store_db_fail(s, rc, what);
    }
    return K_OK;
}

/* Prepares sql (one ?1, the id) and steps to its row; *st is the caller's
 * to finalize whatever this returns.  K_ERR_NOT_FOUND says "there is no
 * NOUN ID". */
static KResult row_by_id(Store *s, const char *sql, int64_t id, const char *noun, const char *what,
                         sqlite3_stmt **st)
{
    KResult r = prep(s, sql, st, what);
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(*st, 1, id);
    r = store_step_one(s, *st, what);
    if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no %s %lld", noun, (long long)id);
    return r;
}

/* A failed step: a trigger's RAISE is a rule that said no. */
static KResult step_fail(Store *s, int rc, const char *what)
{
    if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_TRIGGER) {
        snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
        return K_ERR_REFUSED;
    }
    return store_db_fail(s, rc, what);
}

/* Steps st, an INSERT ... RETURNING id, finalizes it; the new row's id in
 * *id. */
static KResult insert_id(Store *s, sqlite3_stmt *st, int64_t *id, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    KResult r = rc == SQLITE_DONE ? K_OK : step_fail(s, rc, what); /* before finalize */
    sqlite3_finalize(st);
    return r;
}

/* Steps st (no rows), finalizes it. */
static KResult run(Store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    KResult r = rc == SQLITE_DONE ? K_OK : step_fail(s, rc, what);
    sqlite3_finalize(st);
    return r;
}

/* Prepares sql, binds the int64 arguments in order (n of them), runs it. */
static KResult exec_ids(Store *s, const char *sql, const char *what, int n, ...)
{
    sqlite3_stmt *st;
    KResult r = prep(s, sql, &st, what);
    if (r != K_OK)
        return r;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
    va_end(ap);
    return run(s, st, what);
}

/* One integer of a query with int64 arguments; K_ERR_NOT_FOUND for no row. */
static KResult query_int(Store *s, const char *sql, const char *what, int64_t *out, int n, ...)
{
    sqlite3_stmt *st;
    KResult r = prep(s, sql, &st, what);
    if (r != K_OK)
        return r;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
    va_end(ap);
    r = store_step_one(s, st, what);
    if (r == K_OK)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return r;
}

/* ---- checks ---- */

/* text is UTF-8 of min..max characters (fits cap bytes). */
static bool text_ok(const char *text, size_t min, size_t max)
{
    if (!text || !text_valid_utf8(text))
        return false;
    size_t n = text_length(text);
    return n >= min && n <= max && strlen(text) < max * 4 + 1;
}

static bool day_ok(const char *day)
{
    return day && strlen(day) == 10 && booking_weekday(day) >= 0;
}

static KResult check_actor(Store *s, const char *actor)
{
    if (!actor || !actor[0] || strlen(actor) >= PROJ_LOGIN_MAX || !text_valid_utf8(actor))
        return store_invalid(s, "who acts (the login) is empty, too long or not UTF-8");
    return K_OK;
}

/* A code (category, issue) of a-z, 0-9, _ and -, shorter than REQ_CODE_MAX. */
static bool code_ok(const char *c, bool empty_ok)
{
    if (!c || (!c[0] && !empty_ok) || strlen(c) >= REQ_CODE_MAX)
        return false;
    for (const char *p = c; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return false;
    return true;
}

/* An event's detail: {"K":V,...} from key/quoted-value pairs (NULL-ended),
 * values JSON-quoted; numbers go as "#123" (the # dropped, unquoted). */
static bool detail_json(char *out, size_t cap, ...)
{
    va_list ap;
    bool ok = text_copy(out, cap, "{");
    va_start(ap, cap);
    for (const char *k = va_arg(ap, const char *); k && ok; k = va_arg(ap, const char *)) {
        const char *v = va_arg(ap, const char *);
        char q[PROJ_RESULT_MAX * 2 + 8];
        if (out[1])
            ok = text_append(out, cap, ",");
        ok = ok && text_append(out, cap, "\"") && text_append(out, cap, k) &&
             text_append(out, cap, "\":");
        if (v[0] == '#')
            ok = ok && text_append(out, cap, v + 1);
        else
            ok = ok && text_json_quote(q, sizeof q, v) && text_append(out, cap, q);
    }
    va_end(ap);
    return ok && text_append(out, cap, "}");
}

static KResult log_event(Store *s, int64_t now, const char *actor, const char *kind,
                         const char *subject, int64_t id, const char *detail)
{
    return store_insert_event(s, now, actor, kind, subject, id, detail);
}

/* BEGIN IMMEDIATE; on a failure later, rollback and return r. */
static KResult finish(Store *s, KResult r, const char *what)
{
    r = store_end(s, r, what);
    return r;
}

/* ---- the needs list ---- */

KResult store_need_groups(Store *s, int64_t from, int64_t to, StoreNeedGroupFn fn, void *user)
{
    static const char sql[] =
        "SELECT r.category, r.building, r.issue, count(*), sum(r.status IN " OPEN_STATES "),"
        " sum(r.urgency = 1), sum((r.flags & 7) <> 0),"
        " coalesce((SELECT max(n.id) FROM needs n WHERE n.category = r.category"
        "   AND n.community = r.building AND n.issue IN ('', r.issue)), 0)"
        " FROM requests r WHERE r.created_at >= ?1 AND r.created_at < ?2"
        " GROUP BY r.category, r.building, r.issue"
        " ORDER BY sum(r.status IN " OPEN_STATES ") DESC, count(*) DESC, r.category, r.building,"
        " r.issue";
    const char *what = "cannot read the needs list";
    sqlite3_stmt *st;
    assert(s && fn);
    store_clear_error(s);
    KResult r = prep(s, sql, &st, what);
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    while (store_next_row(s, st, &r, what)) {
        NeedGroup g;
        memset(&g, 0, sizeof g);
        store_col_text(st, 0, g.category, sizeof g.category);
        store_col_text(st, 1, g.community, sizeof g.community);
        store_col_text(st, 2, g.issue, sizeof g.issue);
        g.count = sqlite3_column_int(st, 3);
        g.open = sqlite3_column_int(st, 4);
        g.urgent = sqlite3_column_int(st, 5);
        g.priority = sqlite3_column_int(st, 6);
        g.need_id = sqlite3_column_int64(st, 7);
        if (fn(&g, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

#define NEED_COLUMNS                                                                               \
    "n.id, n.title, n.note, n.category, n.community, n.issue, n.by, n.created_at,"                 \
    " (SELECT count(*) FROM need_requests x WHERE x.need_id = n.id),"                              \
    " (SELECT count(*) FROM need_requests x JOIN requests q ON q.id = x.request_id"                \
    "   WHERE x.need_id = n.id AND q.status IN " OPEN_STATES "),"                                  \
    " coalesce((SELECT max(project_id) FROM project_needs y WHERE y.need_id = n.id), 0)"

static void read_need(sqlite3_stmt *st, NeedRecord *n)
{
    memset(n, 0, sizeof *n);
    n->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, n->title, sizeof n->title);
    store_col_text(st, 2, n->note, sizeof n->note);
    store_col_text(st, 3, n->category, sizeof n->category);
    store_col_text(st, 4, n->community, sizeof n->community);
    store_col_text(st, 5, n->issue, sizeof n->issue);
    store_col_text(st, 6, n->by, sizeof n->by);
    n->created_at = sqlite3_column_int64(st, 7);
    n->requests = sqlite3_column_int(st, 8);
    n->open = sqlite3_column_int(st, 9);
    n->project_id = sqlite3_column_int64(st, 10);
}

KResult store_need_add(Store *s, const NeedRecord *n, const char *actor, int64_t now, int64_t *id)
{
    const char *what = "cannot recognise the need";
    assert(s && n && id);
    store_clear_error(s);
    if (!text_ok(n->title, 1, NEED_TITLE_CHARS))
        return store_invalid(s, "a need's title is 1 to 60 characters");
    if (!text_ok(n->note, 0, NEED_NOTE_CHARS))
        return store_invalid(s, "a need's note is at most 400 characters");
    if (!code_ok(n->category, true) || !code_ok(n->issue, true))
        return store_invalid(s, "a category or issue is a code of a-z, 0-9, _ and -");
    if (!text_ok(n->community, 0, REQ_ADDR_MAX / 4) || strlen(n->community) >= REQ_ADDR_MAX)
        return store_invalid(s, "the community (building) is too long");
    KResult r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = store_begin(s, what);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st;
    r = prep(s,
             "INSERT INTO needs (id, title, note, category, community, issue, by, created_at)"
             " VALUES (" NEXT_ID("needs") ", ?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
             &st, what);
    if (r == K_OK) {
        store_bind_text(st, 1, n->title);
        store_bind_text(st, 2, n->note);
        store_bind_text(st, 3, n->category);
        store_bind_text(st, 4, n->community);
        store_bind_text(st, 5, n->issue);
        store_bind_text(st, 6, actor);
        sqlite3_bind_int64(st, 7, now);
        r = insert_id(s, st, id, what);
    }
    char d[NEED_TITLE_MAX * 2 + 200];
    if (r == K_OK && !detail_json(d, sizeof d, "title", n->title, "category", n->category,
                                  "community", n->community, (const char *)NULL))
        r = store_invalid(s, "cannot log the need: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, "need_recognised", "need", *id, d);
    return finish(s, r, what);
}

KResult store_need_get(Store *s, int64_t id, NeedRecord *out)
{
    const char *what = "cannot read the need";
    sqlite3_stmt *st;
    assert(s && out);
    store_clear_error(s);
    KResult r =
        row_by_id(s, "SELECT " NEED_COLUMNS " FROM needs n WHERE n.id = ?1", id, "need", what, &st);
    if (r == K_OK)
        read_need(st, out);
    sqlite3_finalize(st);
    return r;
}

static KResult each_need(Store *s, sqlite3_stmt *st, StoreNeedRecFn fn, void *user)
{
    KResult r = K_OK;
    while (store_next_row(s, st, &r, "cannot list the needs")) {
        NeedRecord n;
        read_need(st, &n);
        if (fn(&n, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_need_list(Store *s, int64_t from, int64_t to, StoreNeedRecFn fn, void *user)
{
    sqlite3_stmt *st;
    assert(s && fn);
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT " NEED_COLUMNS " FROM needs n WHERE (?1 = 0 AND ?2 = 0) OR"
                     " (n.created_at >= ?1 AND n.created_at < ?2) ORDER BY n.id DESC",
                     &st, "cannot list the needs");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    return each_need(s, st, fn, user);
}

/* Does row id exist in table (a constant name)? K_ERR_NOT_FOUND with a
 * message naming it. */
static KResult must_exist(Store *s, const char *sql, const char *noun, int64_t id)
{
    int64_t one;
    KResult r = query_int(s, sql, "cannot read the database", &one, 1, id);
    if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no %s %lld", noun, (long long)id);
    return r;
}

KResult store_need_link(Store *s, int64_t need_id, int64_t request_id, const char *actor,
                        int64_t now)
{
    const char *what = "cannot link the request to the need";
    assert(s);
    store_clear_error(s);
    KResult r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = must_exist(s, "SELECT 1 FROM needs WHERE id = ?1", "need", need_id);
    if (r == K_OK)
        r = must_exist(s, "SELECT 1 FROM requests WHERE id = ?1", "request", request_id);
    if (r == K_OK) {
        r = exec_ids(s, "INSERT INTO need_requests (need_id, request_id, at) VALUES (?1, ?2, ?3)",
                     what, 3, need_id, request_id, now);
        if (r == K_ERR_EXISTS)
            snprintf(s->err, sizeof s->err, "request %lld is linked to need %lld already",
                     (long long)request_id, (long long)need_id);
    }
    char d[64];
    snprintf(d, sizeof d, "{\"request\":%lld}", (long long)request_id);
    if (r == K_OK)
        r = log_event(s, now, actor, "need_linked", "need", need_id, d);
    return finish(s, r, what);
}

/* Calls fn with each request whose id the query st (bound) answers. */
static KResult each_request(Store *s, sqlite3_stmt *st, StoreProjectRequestFn fn, void *user)
{
    KResult r = K_OK;
    static RequestRecord rec; /* large: not on the stack; the store is one thread's */
    while (store_next_row(s, st, &r, "cannot list the requests")) {
        KResult k = store_get_request(s, sqlite3_column_int64(st, 0), &rec);
        if (k != K_OK) {
            r = k;
            break;
        }
        if (fn(&rec, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_need_requests(Store *s, int64_t need_id, StoreProjectRequestFn fn, void *user)
{
    sqlite3_stmt *st;
    assert(s && fn);
    store_clear_error(s);
    KResult r =
        prep(s, "SELECT request_id FROM need_requests WHERE need_id = ?1 ORDER BY request_id", &st,
             "cannot list the need's requests");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, need_id);
    return each_request(s, st, fn, user);
}

/* ---- resources ---- */

#define RES_COLUMNS                                                                                \
    "x.id, x.name, x.kind, x.capacity, x.availability, x.contact, x.phone, x.agreement,"           \
    " x.created_at, (SELECT coalesce(sum(pr.places), 0) FROM project_resources pr JOIN projects p" \
    "   ON p.id = pr.project_id WHERE pr.resource_id = x.id AND p.state IN " LIVE_PROJECT "),"     \
    " (SELECT group_concat(o.category) FROM resource_offers o WHERE o.resource_id = x.id)"

static void read_resource(sqlite3_stmt *st, ResourceRecord *x)
{
    char offers[RES_OFFERS_MAX * REQ_CODE_MAX + 8];
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, x->name, sizeof x->name);
    store_col_text(st, 2, x->kind, sizeof x->kind);
    x->capacity = sqlite3_column_int(st, 3);
    store_col_text(st, 4, x->availability, sizeof x->availability);
    store_col_text(st, 5, x->contact, sizeof x->contact);
    store_col_text(st, 6, x->phone, sizeof x->phone);
    store_col_text(st, 7, x->agreement, sizeof x->agreement);
    x->created_at = sqlite3_column_int64(st, 8);
    x->used = sqlite3_column_int(st, 9);
    store_col_text(st, 10, offers, sizeof offers);
    for (char *p = offers; *p && x->offer_count < RES_OFFERS_MAX;) {
        size_t n = strcspn(p, ",");
        if (n < REQ_CODE_MAX) {
            memcpy(x->offers[x->offer_count], p, n);
            x->offers[x->offer_count++][n] = '\0';
        }
        p += n;
        if (*p == ',')
            p++;
    }
}

static const char *const resource_kinds[] = {"org", "charity", "company", "pro", "team", "person"};

static KResult check_resource(Store *s, const ResourceRecord *x)
{
    bool kind = false;
    for (size_t i = 0; i < sizeof resource_kinds / sizeof resource_kinds[0]; i++)
        kind = kind || strcmp(x->kind, resource_kinds[i]) == 0;
    if (!text_ok(x->name, 1, RES_NAME_CHARS))
        return store_invalid(s, "a resource's name is 1 to 40 characters");
    if (!kind)
        return store_invalid(s, "a resource's kind is org, charity, company, pro, team or person");
    if (x->offer_count < 1 || x->offer_count > RES_OFFERS_MAX)
        return store_invalid(s, "a resource offers 1 to 8 categories");
    for (int i = 0; i < x->offer_count; i++)
        if (!code_ok(x->offers[i], false))
            return store_invalid(s, "a category is a code of a-z, 0-9, _ and -");
    if (x->capacity < 0 || x->capacity > 100000)
        return store_invalid(s, "a capacity is 0 to 100000 places");
    if (!text_ok(x->availability, 0, RES_TEXT_CHARS) || !text_ok(x->agreement, 0, RES_TEXT_CHARS))
        return store_invalid(s, "availability and agreement are at most 60 characters each");
    if (!text_ok(x->contact, 0, RES_CONTACT_CHARS))
        return store_invalid(s, "a contact person is at most 20 characters");
    if (x->phone[0] && phone_check(x->phone) != PHONE_OK)
        return store_invalid(s, "the contact phone is not a valid phone number (digits only)");
    return K_OK;
}

/* Writes r's offers (the old ones of id gone). */
static KResult write_offers(Store *s, int64_t id, const ResourceRecord *x, const char *what)
{
    KResult r = exec_ids(s, "DELETE FROM resource_offers WHERE resource_id = ?1", what, 1, id);
    for (int i = 0; r == K_OK && i < x->offer_count; i++) {
        sqlite3_stmt *st;
        r = prep(s, "INSERT OR IGNORE INTO resource_offers (category, resource_id) VALUES (?1, ?2)",
                 &st, what);
        if (r != K_OK)
            break;
        store_bind_text(st, 1, x->offers[i]);
        sqlite3_bind_int64(st, 2, id);
        r = run(s, st, what);
    }
    return r;
}

static KResult write_resource(Store *s, const ResourceRecord *x, const char *actor, int64_t now,
                              int64_t *id)
{
    const char *what = *id ? "cannot change the resource" : "cannot add the resource";
    assert(s && x);
    store_clear_error(s);
    KResult r = check_resource(s, x);
    if (r == K_OK)
        r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = store_begin(s, what);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st;
    if (*id)
        r = must_exist(s, "SELECT 1 FROM resources WHERE id = ?1", "resource", *id);
    if (r == K_OK)
        r = prep(
            s,
            *id ? "UPDATE resources SET name = ?2, kind = ?3, capacity = ?4, availability = ?5,"
                  " contact = ?6, phone = ?7, agreement = ?8, updated_at = ?9 WHERE id = ?1"
                  " RETURNING id"
                : "INSERT INTO resources (id, name, kind, capacity, availability, contact,"
                  " phone, agreement, created_at, updated_at) VALUES (" NEXT_ID(
                      "resources") ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
            &st, what);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, *id);
        store_bind_text(st, 2, x->name);
        store_bind_text(st, 3, x->kind);
        sqlite3_bind_int(st, 4, x->capacity);
        store_bind_text(st, 5, x->availability);
        store_bind_text(st, 6, x->contact);
        store_bind_text(st, 7, x->phone);
        store_bind_text(st, 8, x->agreement);
        sqlite3_bind_int64(st, 9, now);
        r = insert_id(s, st, id, what);
    }
    if (r == K_OK)
        r = write_offers(s, *id, x, what);
    /* the event names the resource and its kind: never its contact */
    char d[RES_NAME_MAX * 2 + 64];
    if (r == K_OK &&
        !detail_json(d, sizeof d, "name", x->name, "kind", x->kind, (const char *)NULL))
        r = store_invalid(s, "cannot log the resource: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, strstr(what, "change") ? "resource_changed" : "resource_added",
                      "resource", *id, d);
    return finish(s, r, what);
}

KResult store_resource_add(Store *s, const ResourceRecord *x, const char *actor, int64_t now,
                           int64_t *id)
{
    assert(id);
    *id = 0;
    return write_resource(s, x, actor, now, id);
}

KResult store_resource_change(Store *s, const ResourceRecord *x, const char *actor, int64_t now)
{
    int64_t id = x->id;
    if (id <= 0)
        return store_invalid(s, "which resource to change?");
    return write_resource(s, x, actor, now, &id);
}

KResult store_resource_get(Store *s, int64_t id, ResourceRecord *out)
{
    const char *what = "cannot read the resource";
    sqlite3_stmt *st;
    assert(s && out);
    store_clear_error(s);
    KResult r = row_by_id(s, "SELECT " RES_COLUMNS " FROM resources x WHERE x.id = ?1", id,
                          "resource", what, &st);
    if (r == K_OK)
        read_resource(st, out);
    sqlite3_finalize(st);
    return r;
}

/* Each row of st (RES_COLUMNS, then optionally serves and places). */
static KResult each_resource(Store *s, sqlite3_stmt *st, int extra, StoreResourceFn fn, void *user)
{
    KResult r = K_OK;
    while (store_next_row(s, st, &r, "cannot list the resources")) {
        ResourceRecord x;
        read_resource(st, &x);
        if (extra == 1)
            x.serves_community = sqlite3_column_int(st, 11) != 0;
        if (extra == 2)
            x.places = sqlite3_column_int(st, 11);
        if (fn(&x, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_resource_list(Store *s, StoreResourceFn fn, void *user)
{
    sqlite3_stmt *st;
    assert(s && fn);
    store_clear_error(s);
    KResult r = prep(s, "SELECT " RES_COLUMNS " FROM resources x ORDER BY x.id", &st,
                     "cannot list the resources");
    return r == K_OK ? each_resource(s, st, 0, fn, user) : r;
}

KResult store_need_matches(Store *s, int64_t need_id, StoreResourceFn fn, void *user)
{
    /* ranked: capacity left (column 3 minus column 9), then serving the
     * community, then the oldest resource */
    static const char ranked[] =
        "WITH n AS (SELECT category, community FROM needs WHERE id = ?1)"
        " SELECT " RES_COLUMNS ","
        "  EXISTS (SELECT 1 FROM project_resources pr JOIN project_requests q"
        "   ON q.project_id = pr.project_id JOIN requests rq ON rq.id = q.request_id"
        "   WHERE pr.resource_id = x.id AND rq.building = (SELECT community FROM n)"
        "   AND (SELECT community FROM n) <> '') AS serves"
        " FROM resources x WHERE EXISTS (SELECT 1 FROM n) AND ((SELECT category FROM n) = ''"
        "  OR EXISTS (SELECT 1 FROM resource_offers o WHERE o.resource_id = x.id"
        "   AND o.category = (SELECT category FROM n)))"
        " ORDER BY x.capacity - (SELECT coalesce(sum(pr.places), 0) FROM project_resources pr"
        "  JOIN projects p ON p.id = pr.project_id WHERE pr.resource_id = x.id"
        "  AND p.state IN " LIVE_PROJECT ") DESC, serves DESC, x.id";
    sqlite3_stmt *st;
    assert(s && fn);
    store_clear_error(s);
    KResult r = must_exist(s, "SELECT 1 FROM needs WHERE id = ?1", "need", need_id);
    if (r == K_OK)
        r = prep(s, ranked, &st, "cannot match the resources");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, need_id);
    return each_resource(s, st, 1, fn, user);
}

/* ---- projects ---- */

#define PROJ_COLUMNS                                                                               \
    "p.id, p.title, p.owner, p.start_day, p.due_day, p.state, p.result, p.created_at,"             \
    " p.updated_at, coalesce(p.closed_at, 0),"                                                     \
    " (SELECT count(*) FROM project_needs y WHERE y.project_id = p.id),"                           \
    " (SELECT count(*) FROM project_resources y WHERE y.project_id = p.id),"                       \
    " (SELECT count(*) FROM project_requests y WHERE y.project_id = p.id),"                        \
    " (SELECT count(*) FROM project_requests y JOIN requests q ON q.id = y.request_id"             \
    "   WHERE y.project_id = p.id AND q.status IN " OPEN_STATES ")"

static void read_project(sqlite3_stmt *st, const char *today, ProjectRecord *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, p->title, sizeof p->title);
    store_col_text(st, 2, p->owner, sizeof p->owner);
    store_col_text(st, 3, p->start_day, sizeof p->start_day);
    store_col_text(st, 4, p->due_day, sizeof p->due_day);
    store_col_text(st, 5, p->state, sizeof p->state);
    store_col_text(st, 6, p->result, sizeof p->result);
    p->created_at = sqlite3_column_int64(st, 7);
    p->updated_at = sqlite3_column_int64(st, 8);
    p->closed_at = sqlite3_column_int64(st, 9);
    p->needs = sqlite3_column_int(st, 10);
    p->resources = sqlite3_column_int(st, 11);
    p->requests = sqlite3_column_int(st, 12);
    p->open_requests = sqlite3_column_int(st, 13);
    p->overdue = today && today[0] && !p->closed_at && strcmp(p->due_day, today) < 0;
}

static bool state_ok(const char *st)
{
    return st && (strcmp(st, "planned") == 0 || strcmp(st, "running") == 0 ||
                  strcmp(st, "finished") == 0 || strcmp(st, "cancelled") == 0);
}

/* The owner is an active staff account. */
static KResult check_owner(Store *s, const char *owner)
{
    int64_t active;
    if (!owner || !owner[0])
        return store_invalid(s, "a project needs an owner on the staff (--owner LOGIN)");
    if (strlen(owner) >= PROJ_LOGIN_MAX)
        return store_invalid(s, "the owner's login is too long");
    sqlite3_stmt *st;
    KResult r = prep(s, "SELECT active FROM staff WHERE login = ?1", &st, "cannot read the staff");
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, owner);
    r = store_step_one(s, st, "cannot read the staff");
    active = r == K_OK ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (r == K_ERR_NOT_FOUND || (r == K_OK && !active)) {
        snprintf(s->err, sizeof s->err,
                 "the owner \"%.23s\" is not an active staff account: a project needs an owner "
                 "on the staff",
                 owner);
        return K_ERR_INVALID;
    }
    return r;
}

static KResult check_project(Store *s, const ProjectRecord *p)
{
    if (!text_ok(p->title, 1, PROJ_TITLE_CHARS))
        return store_invalid(s, "a project's title is 1 to 30 characters");
    if (!p->due_day[0])
        return store_invalid(s, "a project needs a due date (--due YYYY-MM-DD)");
    if (!day_ok(p->due_day) || !day_ok(p->start_day))
        return store_invalid(s, "a start or due date is YYYY-MM-DD, a real day");
    if (strcmp(p->due_day, p->start_day) < 0)
        return store_invalid(s, "the due date is before the start");
    return check_owner(s, p->owner);
}

/* The project's state inside a transaction; a closed one refused. */
static KResult project_open(Store *s, int64_t id, bool must_be_open)
{
    sqlite3_stmt *st;
    KResult r = prep(s, "SELECT state FROM projects WHERE id = ?1", &st, "cannot read the project");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    r = store_step_one(s, st, "cannot read the project");
    char state[12] = "";
    if (r == K_OK)
        store_col_text(st, 0, state, sizeof state);
    sqlite3_finalize(st);
    if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no project %lld", (long long)id);
    else if (r == K_OK && must_be_open && strcmp(state, "planned") != 0 &&
             strcmp(state, "running") != 0) {
        snprintf(s->err, sizeof s->err, "project %lld is %s: a closed project takes nothing new",
                 (long long)id, state);
        r = K_ERR_REFUSED;
    }
    return r;
}

static KResult link_need(Store *s, int64_t pid, int64_t need_id, const char *actor, int64_t now)
{
    const char *what = "cannot link the need to the project";
    KResult r = must_exist(s, "SELECT 1 FROM needs WHERE id = ?1", "need", need_id);
    if (r == K_OK)
        r = exec_ids(s, "INSERT INTO project_needs (project_id, need_id, at) VALUES (?1, ?2, ?3)",
                     what, 3, pid, need_id, now);
    if (r == K_ERR_EXISTS)
        snprintf(s->err, sizeof s->err, "need %lld is linked to project %lld already",
                 (long long)need_id, (long long)pid);
    char d[64];
    snprintf(d, sizeof d, "{\"need\":%lld}", (long long)need_id);
    return r == K_OK ? log_event(s, now, actor, "project_changed", "project", pid, d) : r;
}

static KResult link_resource(Store *s, int64_t pid, int64_t res_id, int places, const char *actor,
                             int64_t now)
{
    const char *what = "cannot link the resource to the project";
    int64_t left = 0;
    if (places < 1 || places > 100000)
        return store_invalid(s, "a project takes 1 to 100000 places of a resource");
    KResult r = query_int(s,
                          "SELECT x.capacity - (SELECT coalesce(sum(pr.places), 0) FROM"
                          " project_resources pr JOIN projects p ON p.id = pr.project_id WHERE"
                          " pr.resource_id = x.id AND p.state IN " LIVE_PROJECT
                          ") FROM resources x WHERE x.id = ?1",
                          what, &left, 1, res_id);
    if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no resource %lld", (long long)res_id);
    if (r == K_OK && left < places) {
        snprintf(
            s->err, sizeof s->err,
            "resource %lld has %lld place%s left, not the %d asked: its capacity is not exceeded",
            (long long)res_id, (long long)(left > 0 ? left : 0), left == 1 ? "" : "s", places);
        return K_ERR_REFUSED;
    }
    if (r == K_OK) {
        r = exec_ids(s,
                     "INSERT INTO project_resources (project_id, resource_id, places, at)"
                     " VALUES (?1, ?2, ?3, ?4)",
                     what, 4, pid, res_id, (int64_t)places, now);
        if (r == K_ERR_EXISTS)
            snprintf(s->err, sizeof s->err, "resource %lld is in project %lld already",
                     (long long)res_id, (long long)pid);
    }
    char d[80];
    snprintf(d, sizeof d, "{\"resource\":%lld,\"places\":%d}", (long long)res_id, places);
    return r == K_OK ? log_event(s, now, actor, "project_changed", "project", pid, d) : r;
}

KResult store_project_add(Store *s, const ProjectRecord *in, int64_t need_id, int64_t resource_id,
                          int places, const char *actor, int64_t now, int64_t *id)
{
    const char *what = "cannot add the project";
    assert(s && in && id);
    ProjectRecord p = *in;
    store_clear_error(s);
    if (!p.start_day[0] && !booking_local_day(now, p.start_day))
        return store_invalid(s, "cannot tell today's date");
    KResult r = check_project(s, &p);
    if (r == K_OK)
        r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = store_begin(s, what);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st;
    r = prep(s,
             "INSERT INTO projects (id, title, owner, start_day, due_day, state, by, created_at,"
             " updated_at) VALUES (" NEXT_ID("projects") ", ?1, ?2, ?3, ?4, 'planned', ?5, ?6, ?6)"
                                                         " RETURNING id",
             &st, what);
    if (r == K_OK) {
        store_bind_text(st, 1, p.title);
        store_bind_text(st, 2, p.owner);
        store_bind_text(st, 3, p.start_day);
        store_bind_text(st, 4, p.due_day);
        store_bind_text(st, 5, actor);
        sqlite3_bind_int64(st, 6, now);
        r = insert_id(s, st, id, what);
    }
    char d[PROJ_TITLE_MAX * 2 + 120];
    if (r == K_OK && !detail_json(d, sizeof d, "title", p.title, "owner", p.owner, "due", p.due_day,
                                  (const char *)NULL))
        r = store_invalid(s, "cannot log the project: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, "project_created", "project", *id, d);
    if (r == K_OK && need_id > 0)
        r = link_need(s, *id, need_id, actor, now);
    if (r == K_OK && resource_id > 0)
        r = link_resource(s, *id, resource_id, places, actor, now);
    return finish(s, r, what);
}

KResult store_project_change(Store *s, const ProjectRecord *p, const char *actor, int64_t now)
{
    const char *what = "cannot change the project";
    assert(s && p);
    store_clear_error(s);
    KResult r = check_project(s, p);
    if (r == K_OK && !state_ok(p->state))
        r = store_invalid(s, "a project's state is planned, running, finished or cancelled");
    if (r == K_OK && (strcmp(p->state, "finished") == 0 || strcmp(p->state, "cancelled") == 0))
        r = store_invalid(s, "a project is finished or cancelled with `projects close`, with its "
                             "result");
    if (r == K_OK)
        r = check_actor(s, actor);
    if (r != K_OK)
        return r;
    r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = project_open(s, p->id, true);
    sqlite3_stmt *st;
    if (r == K_OK)
        r = prep(s,
                 "UPDATE projects SET title = ?2, owner = ?3, start_day = ?4, due_day = ?5,"
                 " state = ?6, updated_at = ?7 WHERE id = ?1",
                 &st, what);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, p->id);
        store_bind_text(st, 2, p->title);
        store_bind_text(st, 3, p->owner);
        store_bind_text(st, 4, p->start_day);
        store_bind_text(st, 5, p->due_day);
        store_bind_text(st, 6, p->state);
        sqlite3_bind_int64(st, 7, now);
        r = run(s, st, what);
    }
    char d[PROJ_TITLE_MAX * 2 + 160];
    if (r == K_OK && !detail_json(d, sizeof d, "title", p->title, "owner", p->owner, "due",
                                  p->due_day, "state", p->state, (const char *)NULL))
        r = store_invalid(s, "cannot log the project: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, "project_changed", "project", p->id, d);
    return finish(s, r, what);
}

KResult store_project_add_need(Store *s, int64_t pid, int64_t need_id, const char *actor,
                               int64_t now)
{
    const char *what = "cannot link the need to the project";
    store_clear_error(s);
    KResult r = check_actor(s, actor);
    if (r == K_OK)
        r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = project_open(s, pid, true);
    if (r == K_OK)
        r = link_need(s, pid, need_id, actor, now);
    return finish(s, r, what);
}

KResult store_project_add_resource(Store *s, int64_t pid, int64_t res_id, int places,
                                   const char *actor, int64_t now)
{
    const char *what = "cannot link the resource to the project";
    store_clear_error(s);
    KResult r = check_actor(s, actor);
    if (r == K_OK)
        r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = project_open(s, pid, true);
    if (r == K_OK)
        r = link_resource(s, pid, res_id, places, actor, now);
    return finish(s, r, what);
}

KResult store_project_milestone(Store *s, int64_t pid, const char *title, const char *day,
                                const char *actor, int64_t now)
{
    const char *what = "cannot add the milestone";
    char today[PROJ_DAY_MAX];
    store_clear_error(s);
    if (!text_ok(title, 1, PROJ_MILESTONE_CHARS))
        return store_invalid(s, "a milestone is 1 to 60 characters");
    if (!day || !day[0]) {
        if (!booking_local_day(now, today))
            return store_invalid(s, "cannot tell today's date");
        day = today;
    }
    if (!day_ok(day))
        return store_invalid(s, "a milestone's day is YYYY-MM-DD, a real day");
    KResult r = check_actor(s, actor);
    if (r == K_OK)
        r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = project_open(s, pid, false);
    sqlite3_stmt *st;
    if (r == K_OK)
        r = prep(
            s,
            "INSERT INTO project_milestones (id, project_id, title, day, by, at) VALUES (" NEXT_ID(
                "project_milestones") ", ?1, ?2, ?3, ?4, ?5)",
            &st, what);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, pid);
        store_bind_text(st, 2, title);
        store_bind_text(st, 3, day);
        store_bind_text(st, 4, actor);
        sqlite3_bind_int64(st, 5, now);
        r = run(s, st, what);
    }
    char d[PROJ_MILESTONE_MAX * 2 + 64];
    if (r == K_OK && !detail_json(d, sizeof d, "title", title, "day", day, (const char *)NULL))
        r = store_invalid(s, "cannot log the milestone: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, "project_milestone", "project", pid, d);
    return finish(s, r, what);
}

KResult store_project_close(Store *s, int64_t pid, bool cancelled, const char *result,
                            const char *actor, int64_t now)
{
    const char *what = "cannot close the project";
    const char *state = cancelled ? "cancelled" : "finished";
    store_clear_error(s);
    if (!text_ok(result, 1, PROJ_RESULT_CHARS))
        return store_invalid(s, "a project closes with its result: 1 to 400 characters");
    KResult r = check_actor(s, actor);
    if (r == K_OK)
        r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = project_open(s, pid, true);
    sqlite3_stmt *st;
    if (r == K_OK)
        r = prep(s,
                 "UPDATE projects SET state = ?2, result = ?3, closed_at = ?4, updated_at = ?4"
                 " WHERE id = ?1",
                 &st, what);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, pid);
        store_bind_text(st, 2, state);
        store_bind_text(st, 3, result);
        sqlite3_bind_int64(st, 4, now);
        r = run(s, st, what);
    }
    char d[PROJ_RESULT_MAX * 2 + 64];
    if (r == K_OK &&
        !detail_json(d, sizeof d, "state", state, "result", result, (const char *)NULL))
        r = store_invalid(s, "cannot log the project: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, "project_closed", "project", pid, d);
    return finish(s, r, what);
}

KResult store_project_get(Store *s, int64_t id, int64_t now, ProjectRecord *out)
{
    const char *what = "cannot read the project";
    char today[PROJ_DAY_MAX] = "";
    sqlite3_stmt *st;
    assert(s && out);
    store_clear_error(s);
    booking_local_day(now, today);
    KResult r = row_by_id(s, "SELECT " PROJ_COLUMNS " FROM projects p WHERE p.id = ?1", id,
                          "project", what, &st);
    if (r == K_OK)
        read_project(st, today, out);
    sqlite3_finalize(st);
    return r;
}

KResult store_project_list(Store *s, bool all, int64_t now, StoreProjectFn fn, void *user)
{
    const char *what = "cannot list the projects";
    char today[PROJ_DAY_MAX] = "";
    sqlite3_stmt *st;
    assert(s && fn);
    store_clear_error(s);
    booking_local_day(now, today);
    KResult r = prep(s,
                     "SELECT " PROJ_COLUMNS " FROM projects p WHERE ?1 OR p.state IN " LIVE_PROJECT
                     " ORDER BY p.state NOT IN " LIVE_PROJECT ", p.state IN " LIVE_PROJECT
                     " AND p.due_day < ?2 DESC, p.due_day, p.id",
                     &st, what);
    if (r != K_OK)
        return r;
    sqlite3_bind_int(st, 1, all);
    store_bind_text(st, 2, today);
    while (store_next_row(s, st, &r, what)) {
        ProjectRecord p;
        read_project(st, today, &p);
        if (fn(&p, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_project_needs(Store *s, int64_t id, StoreNeedRecFn fn, void *user)
{
    sqlite3_stmt *st;
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT " NEED_COLUMNS " FROM project_needs y JOIN needs n ON n.id = y.need_id"
                     " WHERE y.project_id = ?1 ORDER BY n.id",
                     &st, "cannot list the project's needs");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    return each_need(s, st, fn, user);
}

KResult store_project_resources(Store *s, int64_t id, StoreResourceFn fn, void *user)
{
    sqlite3_stmt *st;
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT " RES_COLUMNS ", y.places FROM project_resources y JOIN resources x"
                     " ON x.id = y.resource_id WHERE y.project_id = ?1 ORDER BY x.id",
                     &st, "cannot list the project's resources");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    return each_resource(s, st, 2, fn, user);
}

KResult store_project_requests(Store *s, int64_t id, StoreProjectRequestFn fn, void *user)
{
    sqlite3_stmt *st;
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT request_id FROM project_requests WHERE project_id = ?1 ORDER BY at,"
                     " request_id",
                     &st, "cannot list the project's requests");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    return each_request(s, st, fn, user);
}

KResult store_project_milestones(Store *s, int64_t id, StoreMilestoneFn fn, void *user)
{
    const char *what = "cannot list the milestones";
    sqlite3_stmt *st;
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT id, title, day, by FROM project_milestones WHERE project_id = ?1"
                     " ORDER BY day, id",
                     &st, what);
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    while (store_next_row(s, st, &r, what)) {
        ProjectMilestone m;
        memset(&m, 0, sizeof m);
        m.id = sqlite3_column_int64(st, 0);
        store_col_text(st, 1, m.title, sizeof m.title);
        store_col_text(st, 2, m.day, sizeof m.day);
        store_col_text(st, 3, m.by, sizeof m.by);
        if (fn(&m, user) != 0)
            break;
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_request_link_project(Store *s, int64_t request_id, int64_t pid, const char *actor,
                                   int64_t now)
{
    const char *what = "cannot link the request to the project";
    store_clear_error(s);
    KResult r = check_actor(s, actor);
    if (r == K_OK)
        r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = must_exist(s, "SELECT 1 FROM requests WHERE id = ?1", "request", request_id);
    if (r == K_OK)
        r = project_open(s, pid, true);
    int64_t was = 0;
    if (r == K_OK &&
        query_int(s, "SELECT project_id FROM project_requests WHERE request_id = ?1", what, &was, 1,
                  request_id) == K_OK &&
        was == pid) {
        snprintf(s->err, sizeof s->err, "request %lld is in project %lld already",
                 (long long)request_id, (long long)pid);
        r = K_ERR_EXISTS;
    }
    sqlite3_stmt *st;
    if (r == K_OK)
        r = prep(s,
                 "INSERT INTO project_requests (request_id, project_id, by, at)"
                 " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (request_id) DO UPDATE SET"
                 " project_id = excluded.project_id, by = excluded.by, at = excluded.at",
                 &st, what);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, request_id);
        sqlite3_bind_int64(st, 2, pid);
        store_bind_text(st, 3, actor);
        sqlite3_bind_int64(st, 4, now);
        r = run(s, st, what);
    }
    /* the request's timeline: which project, by its id and title */
    ProjectRecord p;
    char d[PROJ_TITLE_MAX * 2 + 64], id[24];
    snprintf(id, sizeof id, "#%lld", (long long)pid);
    if (r == K_OK)
        r = store_project_get(s, pid, now, &p);
    if (r == K_OK && !detail_json(d, sizeof d, "project", id, "title", p.title, (const char *)NULL))
        r = store_invalid(s, "cannot log the link: its detail is too long");
    if (r == K_OK)
        r = log_event(s, now, actor, "project_linked", "request", request_id, d);
    return finish(s, r, what);
}

KResult store_request_project(Store *s, int64_t request_id, ProjectRecord *out)
{
    int64_t pid = 0;
    store_clear_error(s);
    KResult r = query_int(s, "SELECT project_id FROM project_requests WHERE request_id = ?1",
                          "cannot read the request's project", &pid, 1, request_id);
    if (r != K_OK)
        return r;
    return store_project_get(s, pid, 0, out);
}

KResult store_project_figures(Store *s, int64_t from, int64_t to, ProjectFigures *out)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM needs WHERE created_at >= ?1 AND created_at < ?2),"
        " (SELECT count(*) FROM project_resources WHERE at >= ?1 AND at < ?2),"
        " (SELECT count(*) FROM projects WHERE state <> 'cancelled' AND start_day <= ?3"
        "   AND (closed_at IS NULL OR closed_at >= ?1) AND created_at < ?2),"
        " (SELECT count(*) FROM projects WHERE state = 'finished' AND closed_at >= ?1"
        "   AND closed_at < ?2),"
        " (SELECT count(*) FROM project_requests WHERE at >= ?1 AND at < ?2)";
    const char *what = "cannot read the projects' figures";
    char last[PROJ_DAY_MAX] = "9999-12-31";
    sqlite3_stmt *st;
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    booking_local_day(to - 1, last);
    KResult r = prep(s, sql, &st, what);
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    store_bind_text(st, 3, last);
    r = store_step_one(s, st, what);
    if (r == K_OK) {
        out->needs = sqlite3_column_int(st, 0);
        out->resources_linked = sqlite3_column_int(st, 1);
        out->running = sqlite3_column_int(st, 2);
        out->finished = sqlite3_column_int(st, 3);
        out->requests = sqlite3_column_int(st, 4);
    }
    sqlite3_finalize(st);
    return r;
}
