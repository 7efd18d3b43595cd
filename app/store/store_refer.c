/* store_refer.c - referrals between sites, the inbox the centre relays and
 * the district copy (store.h, schema 9 in store_schema.c, docs/district.md
 * "Referrals").
 *
 * The centre's answer is applied with SQLite's JSON functions over the
 * text as received: each part is read with json_each and every value is
 * bound, never pasted.  These calls are rare (a referral, a pull every
 * interval), so their statements are prepared per call rather than kept. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/workflow.h"
#include "store_int.h"

#define NOTE_CHARS 200
#define INBOX_MAX 200 /* referrals, progress lines and ratings per answer */

static KResult prep(Store *s, const char *sql, sqlite3_stmt **st, const char *what)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return store_db_fail(s, rc, what);
    }
    return K_OK;
}

/* Runs sql with a text for each ?N of texts (NULL binds NULL) and the
 * integers after them; no row expected. */
static KResult exec_bound(Store *s, const char *sql, const char *what, int ntext,
                          const char *const *texts, int nint, const int64_t *ints)
{
    sqlite3_stmt *st;
    KResult r = prep(s, sql, &st, what);
    if (r != K_OK)
        return r;
    for (int i = 0; i < ntext; i++)
        store_bind_text(st, i + 1, texts[i]);
    for (int i = 0; i < nint; i++)
        sqlite3_bind_int64(st, ntext + i + 1, ints[i]);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? K_OK : store_db_fail(s, rc, what);
}

static bool site_code_ok(const char *c)
{
    size_t n = c ? strlen(c) : 0;
    if (n < 1 || n > 23)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z') ||
              (c[i] >= '0' && c[i] <= '9') || c[i] == '_' || c[i] == '.' || c[i] == '-'))
            return false;
    return true;
}

static bool has_text(const char *v)
{
    for (; v && *v; v++)
        if (*v != ' ' && *v != '\t' && *v != '\n' && *v != '\r')
            return true;
    return false;
}

KResult store_request_refer(Store *s, int64_t id, const char *to_site, StaffRole role,
                            const char *actor, const char *note, int64_t now)
{
    const char *what = "cannot refer the request";
    assert(s);
    store_clear_error(s);
    if (!actor || !actor[0] || strlen(actor) > 23 || !text_valid_utf8(actor))
        return store_invalid(s, "the actor is empty, too long or not UTF-8");
    if ((int)role < 0 || role >= ROLE_COUNT || !wf_role_may(role, WF_REFER)) {
        snprintf(s->err, sizeof s->err, "a %s may not refer a request",
                 (int)role >= 0 && role < ROLE_COUNT ? wf_role_name(role) : "nobody");
        return K_ERR_REFUSED;
    }
    if (!site_code_ok(to_site))
        return store_invalid(s, "a site code is 1 to 23 letters, digits, '_', '.' or '-'");
    if (!has_text(note) || !text_valid_utf8(note) || text_length(note) > NOTE_CHARS)
        return store_invalid(s, "referring a request needs a note of at most 200 characters");

    KResult r = store_begin(s, what);
    char own[24] = "", status[24] = "";
    int64_t known = 0, sites = 0;
    sqlite3_stmt *st = NULL;
    if (r == K_OK)
        r = prep(s,
                 "SELECT (SELECT site FROM sync_state WHERE id = 1),"
                 " (SELECT count(*) FROM district_sites),"
                 " (SELECT count(*) FROM district_sites WHERE code = ?2),"
                 " (SELECT status FROM requests WHERE id = ?1)",
                 &st, what);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, to_site);
        if (sqlite3_step(st) == SQLITE_ROW) {
            store_col_text(st, 0, own, sizeof own);
            sites = sqlite3_column_int64(st, 1);
            known = sqlite3_column_int64(st, 2);
            store_col_text(st, 3, status, sizeof status);
        } else {
            r = store_db_fail(s, sqlite3_errcode(s->db), what);
        }
        sqlite3_finalize(st);
    }
    WfState from, to;
    if (r == K_OK && !status[0]) {
        snprintf(s->err, sizeof s->err, "there is no request with id %lld", (long long)id);
        r = K_ERR_NOT_FOUND;
    } else if (r == K_OK && !own[0]) {
        r = store_invalid(s, "this kiosk is not a district site ([district] postgres is not set)");
    } else if (r == K_OK && strcmp(own, to_site) == 0) {
        r = store_invalid(s, "a request cannot be referred to its own site");
    } else if (r == K_OK && sites == 0) {
        r = store_invalid(s, "no district sites are known here yet: `kiosk admin sync now` "
                             "pulls them from the centre");
    } else if (r == K_OK && !known) {
        snprintf(s->err, sizeof s->err,
                 "%.23s is not a site of the district as last pulled from the centre "
                 "(`kiosk admin sync now` pulls the list again)",
                 to_site);
        r = K_ERR_INVALID;
    } else if (r == K_OK && (!wf_state_parse(status, &from) || !wf_next(from, WF_REFER, &to))) {
        snprintf(s->err, sizeof s->err, "a request that is %s cannot be referred", status);
        r = K_ERR_REFUSED;
    }
    char detail[1600], q[NOTE_CHARS * 6 + 3];
    if (r == K_OK) {
        if (!text_json_quote(q, sizeof q, note))
            r = store_invalid(s, "the note is too long");
        snprintf(detail, sizeof detail,
                 "{\"from\":\"%s\",\"to\":\"referred\",\"action\":\"refer\",\"site\":\"%s\","
                 "\"note\":%s}",
                 status, to_site, q);
    }
    if (r == K_OK) {
        const char *t[] = {"referred", status};
        const int64_t n[] = {id, now};
        r = exec_bound(s,
                       "UPDATE requests SET status = ?1, updated_at = ?4 WHERE id = ?3"
                       " AND status = ?2",
                       what, 2, t, 2, n);
    }
    if (r == K_OK)
        r = store_insert_event(s, now, actor, "status_changed", "request", id, detail);
    if (r == K_OK) {
        const char *t[] = {to_site, note, actor};
        const int64_t n[] = {id, now};
        r = exec_bound(s,
                       "INSERT INTO referrals_out (to_site, note, by, request_id, at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
                       what, 3, t, 2, n);
    }
    r = store_end(s, r, what);
    return r;
}

KResult store_district_sites(Store *s, DistrictSite *out, int max, int *count)
{
    sqlite3_stmt *st;
    *count = 0;
    store_clear_error(s);
    KResult r = prep(s, "SELECT code, name FROM district_sites ORDER BY code", &st,
                     "cannot read the district's sites");
    if (r != K_OK)
        return r;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *count < max) {
        store_col_text(st, 0, out[*count].code, sizeof out[*count].code);
        store_col_text(st, 1, out[*count].name, sizeof out[*count].name);
        (*count)++;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? K_OK
               : store_db_fail(s, rc, "cannot read the district's sites");
}

KResult store_referral_out(Store *s, int64_t id, ReferralOut *out)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT to_site, note, by, at, coalesce(their_id, 0), status,"
                     " coalesce(updated_at, 0), coalesce(resolved_at, 0), rating,"
                     " coalesce(pulled_at, 0) FROM referrals_out WHERE request_id = ?1",
                     &st, "cannot read the referral");
    if (r != K_OK)
        return r;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        store_col_text(st, 0, out->to_site, sizeof out->to_site);
        store_col_text(st, 1, out->note, sizeof out->note);
        store_col_text(st, 2, out->by, sizeof out->by);
        out->at = sqlite3_column_int64(st, 3);
        out->their_id = sqlite3_column_int64(st, 4);
        store_col_text(st, 5, out->status, sizeof out->status);
        out->updated_at = sqlite3_column_int64(st, 6);
        out->resolved_at = sqlite3_column_int64(st, 7);
        store_col_text(st, 8, out->rating, sizeof out->rating);
        out->pulled_at = sqlite3_column_int64(st, 9);
        r = K_OK;
    } else {
        r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND : store_db_fail(s, rc, "cannot read the referral");
    }
    sqlite3_finalize(st);
    return r;
}

KResult store_inbox_cursor(Store *s, int64_t *cursor)
{
    sqlite3_stmt *st;
    *cursor = 0;
    KResult r = prep(s, "SELECT cursor FROM pull_state WHERE name = 'inbox'", &st,
                     "cannot read the inbox's cursor");
    if (r != K_OK)
        return r;
    if (sqlite3_step(st) == SQLITE_ROW)
        *cursor = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return K_OK;
}

/* The values of part (a JSON array) of the answer, malloc'd texts. */
static KResult json_items(Store *s, const char *json, const char *path, char ***items, int *n)
{
    sqlite3_stmt *st;
    *items = NULL;
    *n = 0;
    KResult r = prep(s, "SELECT value FROM json_each(?1, ?2) WHERE type = 'object'", &st,
                     "cannot read the centre's answer");
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, json);
    store_bind_text(st, 2, path);
    char **v = calloc(INBOX_MAX, sizeof *v);
    if (!v) {
        sqlite3_finalize(st);
        return K_ERR_NOMEM;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < INBOX_MAX) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        v[*n] = strdup(t ? t : "{}");
        if (!v[*n])
            break;
        (*n)++;
    }
    sqlite3_finalize(st);
    *items = v;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? K_OK
                                                 : store_db_fail(s, rc, "the centre's answer");
}

static void free_items(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* One referral made to this site: a local request remembering its origin,
 * A's ticket number and lookup code on a ticket row of A's site (so the
 * queue shows the resident's number and the lookup code works here), and
 * the hand-over in its timeline.  Nothing when it was filed before. */
static KResult file_referral(Store *s, const char *item, const char *own, int64_t now, bool *filed)
{
    const char *what = "cannot file a referral";
    sqlite3_stmt *st;
    *filed = false;
    KResult r =
        prep(s,
             "SELECT 1 FROM referrals_in WHERE origin_site = json_extract(?1, '$.from_site')"
             " AND origin_id = json_extract(?1, '$.from_id')",
             &st, what);
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, item);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return K_OK;
    const char *t[] = {item, own};
    const int64_t n[] = {now};
    r = exec_bound(
        s,
        "INSERT INTO requests (id, site, token, category, issue, description, phone, name,"
        " building, unit, room, urgency, flags, status, created_at, due_at, updated_at)"
        " SELECT " NEXT_ID(
            "requests") ", ?2, 'referral:' || j.from_site || ':' || j.from_id,"
                        " j.category, j.issue, j.description, j.phone, j.name, j.building, j.unit, "
                        "j.room,"
                        " j.urgency, j.flags, 'submitted', ?3, max(coalesce(j.due_at, ?3), ?3), ?3 "
                        "FROM"
                        " (SELECT json_extract(?1, '$.from_site') AS from_site,"
                        " json_extract(?1, '$.from_id') AS from_id,"
                        " substr(coalesce(json_extract(?1, '$.p.category'), ''), 1, 32) AS "
                        "category,"
                        " substr(coalesce(json_extract(?1, '$.p.issue'), ''), 1, 32) AS issue,"
                        " substr(coalesce(json_extract(?1, '$.p.description'), ''), 1, 600) AS "
                        "description,"
                        " substr(coalesce(json_extract(?1, '$.p.phone'), ''), 1, 20) AS phone,"
                        " substr(coalesce(json_extract(?1, '$.p.name'), ''), 1, 60) AS name,"
                        " substr(coalesce(json_extract(?1, '$.p.building'), ''), 1, 60) AS "
                        "building,"
                        " substr(coalesce(json_extract(?1, '$.p.unit'), ''), 1, 20) AS unit,"
                        " substr(coalesce(json_extract(?1, '$.p.room'), ''), 1, 20) AS room,"
                        " coalesce(json_extract(?1, '$.p.urgency'), 0) & 1 AS urgency,"
                        " coalesce(json_extract(?1, '$.p.flags'), 0) & 7 AS flags,"
                        " json_extract(?1, '$.p.due_at') AS due_at) j",
        what, 2, t, 1, n);
    int64_t rid = r == K_OK ? sqlite3_last_insert_rowid(s->db) : 0;
    /* the resident's ticket of the origin, for the number and the lookup
     * code (skipped if this kiosk holds the same lookup code already) */
    if (r == K_OK) {
        const char *tt[] = {item};
        const int64_t tn[] = {rid, now};
        r = exec_bound(
            s,
            "INSERT OR IGNORE INTO tickets (id, site, kind, day, seq, number, lookup, request_id,"
            " created_at, due_at) SELECT " NEXT_ID(
                "tickets") ", json_extract(?1, '$.from_site'),"
                           " substr(json_extract(?1, '$.p.number'), 1, 1),"
                           " json_extract(?1, '$.p.ticket_day'), json_extract(?1, "
                           "'$.p.ticket_seq'),"
                           " json_extract(?1, '$.p.number'), json_extract(?1, '$.p.lookup'), ?2, "
                           "?3,"
                           " json_extract(?1, '$.p.due_at')"
                           " WHERE length(json_extract(?1, '$.p.lookup')) = 8"
                           " AND json_extract(?1, '$.p.ticket_seq') > 0"
                           " AND length(json_extract(?1, '$.p.number')) BETWEEN 2 AND 11",
            what, 1, tt, 2, tn);
    }
    if (r == K_OK) {
        const char *tt[] = {item};
        const int64_t tn[] = {rid, now};
        r = exec_bound(s,
                       "INSERT INTO referrals_in (origin_site, origin_id, number, lookup, note, by,"
                       " request_id, at) VALUES (json_extract(?1, '$.from_site'),"
                       " json_extract(?1, '$.from_id'),"
                       " coalesce(json_extract(?1, '$.p.number'), ''),"
                       " coalesce(json_extract(?1, '$.p.lookup'), ''),"
                       " substr(coalesce(json_extract(?1, '$.note'), ''), 1, 200),"
                       " substr(coalesce(json_extract(?1, '$.by'), ''), 1, 23), ?2,"
                       " coalesce(json_extract(?1, '$.at'), ?3))",
                       what, 1, tt, 2, tn);
    }
    if (r == K_OK) {
        const char *tt[] = {item};
        const int64_t tn[] = {now, rid};
        r = exec_bound(s,
                       "INSERT INTO events (at, actor, kind, subject, subject_id, detail)"
                       " SELECT ?2, substr(json_extract(?1, '$.from_site') || '/' ||"
                       " coalesce(json_extract(?1, '$.by'), ''), 1, 60), 'referral_received',"
                       " 'request', ?3, json_object('from_site', json_extract(?1, '$.from_site'),"
                       " 'from_id', json_extract(?1, '$.from_id'), 'by', json_extract(?1, '$.by'),"
                       " 'referred_at', json_extract(?1, '$.at'), 'note',"
                       " substr(coalesce(json_extract(?1, '$.note'), ''), 1, 200))",
                       what, 1, tt, 2, tn);
    }
    *filed = r == K_OK;
    return r;
}

/* The progress of a request referred from here: kept on the referral, and
 * each change of its status at the other site in this request's timeline
 * (who there, when). */
static KResult apply_progress(Store *s, const char *item, int64_t now, bool *changed)
{
    const char *what = "cannot record a referral's progress";
    sqlite3_stmt *st;
    *changed = false;
    KResult r = prep(s,
                     "SELECT o.request_id, o.status <> coalesce(json_extract(?1, '$.status'), ''),"
                     " o.rating <> coalesce(json_extract(?1, '$.rating'), '')"
                     " FROM referrals_out o WHERE o.request_id = json_extract(?1, '$.from_id')"
                     " AND o.to_site = json_extract(?1, '$.to_site')",
                     &st, what);
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, item);
    int64_t rid = 0;
    bool moved = false, rated = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        rid = sqlite3_column_int64(st, 0);
        moved = sqlite3_column_int(st, 1) != 0;
        rated = sqlite3_column_int(st, 2) != 0;
    }
    sqlite3_finalize(st);
    if (!rid)
        return K_OK;
    const char *t[] = {item};
    const int64_t n[] = {rid, now};
    r = exec_bound(s,
                   "UPDATE referrals_out SET their_id = json_extract(?1, '$.to_id'),"
                   " status = coalesce(json_extract(?1, '$.status'), status),"
                   " updated_at = json_extract(?1, '$.updated_at'),"
                   " resolved_at = json_extract(?1, '$.resolved_at'),"
                   " resolved_by = coalesce(json_extract(?1, '$.resolved_by'), ''),"
                   " rating = coalesce(json_extract(?1, '$.rating'), ''), pulled_at = ?3"
                   " WHERE request_id = ?2",
                   what, 1, t, 2, n);
    if (r == K_OK && (moved || rated))
        r = exec_bound(
            s,
            "INSERT INTO events (at, actor, kind, subject, subject_id, detail)"
            " SELECT coalesce(json_extract(?1, '$.updated_at'), ?3),"
            " substr(json_extract(?1, '$.to_site') || '/' || CASE"
            " WHEN json_extract(?1, '$.status') IN ('resolved', 'closed')"
            " AND json_extract(?1, '$.resolved_by') <> '' THEN json_extract(?1, '$.resolved_by')"
            " WHEN json_extract(?1, '$.answered_by') <> '' THEN json_extract(?1, '$.answered_by')"
            " ELSE '' END, 1, 60), 'referral_progress', 'request', ?2,"
            " json_object('site', json_extract(?1, '$.to_site'), 'id', json_extract(?1, '$.to_id'),"
            " 'status', json_extract(?1, '$.status'), 'rating',"
            " coalesce(json_extract(?1, '$.rating'), ''))",
            what, 1, t, 2, n);
    *changed = r == K_OK && (moved || rated);
    return r;
}

/* A rating given at another site for one of this site's resolved requests:
 * closed with it, as if rated here (the resident's own word). */
static KResult apply_rating(Store *s, const char *item, int64_t now, bool *applied)
{
    const char *what = "cannot apply a relayed rating";
    const char *t[] = {item};
    const int64_t n[] = {now};
    *applied = false;
    KResult r = exec_bound(s,
                           "UPDATE requests SET status = 'closed', updated_at = ?2,"
                           " rating = json_extract(?1, '$.rating')"
                           " WHERE id = json_extract(?1, '$.id') AND status = 'resolved'"
                           " AND json_extract(?1, '$.rating') IN ('satisfied', 'basic',"
                           " 'dissatisfied')",
                           what, 1, t, 1, n);
    if (r != K_OK || sqlite3_changes(s->db) == 0)
        return r;
    *applied = true;
    return exec_bound(s,
                      "INSERT INTO events (at, actor, kind, subject, subject_id, detail)"
                      " VALUES (?2, 'resident', 'status_changed', 'request',"
                      " json_extract(?1, '$.id'), json_object('from', 'resolved', 'to', 'closed',"
                      " 'action', 'close', 'rating', json_extract(?1, '$.rating'), 'rated_at',"
                      " json_extract(?1, '$.by_site')))",
                      what, 1, t, 1, n);
}

KResult store_inbox_apply(Store *s, const char *json, int64_t now, InboxApplied *out)
{
    const char *what = "cannot apply the inbox";
    memset(out, 0, sizeof *out);
    assert(s && json);
    store_clear_error(s);
    if (!text_valid_utf8(json))
        return store_invalid(s, "the centre's inbox answer is not UTF-8");
    sqlite3_stmt *st;
    KResult r = prep(s,
                     "SELECT json_valid(?1) AND json_type(?1) = 'object',"
                     " (SELECT site FROM sync_state WHERE id = 1)",
                     &st, what);
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, json);
    char own[24] = "";
    bool valid = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        valid = sqlite3_column_int(st, 0) != 0;
        store_col_text(st, 1, own, sizeof own);
    }
    sqlite3_finalize(st);
    if (!valid)
        return store_invalid(s, "the centre's inbox answer is not a JSON object");

    char **items = NULL;
    int n = 0;
    r = store_begin(s, what);
    const char *t[] = {json};
    const int64_t nw[] = {now};
    if (r == K_OK)
        r = exec_bound(s,
                       "DELETE FROM district_sites WHERE (SELECT json_type(?1, '$.sites'))"
                       " = 'array'",
                       what, 1, t, 0, NULL);
    if (r == K_OK)
        r = exec_bound(s,
                       "INSERT OR REPLACE INTO district_sites (code, name)"
                       " SELECT substr(json_extract(value, '$.code'), 1, 23),"
                       " substr(coalesce(json_extract(value, '$.name'), ''), 1, 60)"
                       " FROM json_each(?1, '$.sites') WHERE json_extract(value, '$.code')"
                       " IS NOT NULL",
                       what, 1, t, 0, NULL);
    if (r == K_OK)
        out->sites = sqlite3_changes(s->db);
    if (r == K_OK)
        r = json_items(s, json, "$.referrals", &items, &n);
    for (int i = 0; r == K_OK && i < n; i++) {
        bool done;
        r = file_referral(s, items[i], own, now, &done);
        out->filed += done;
    }
    free_items(items, n);
    items = NULL;
    n = 0;
    if (r == K_OK)
        r = json_items(s, json, "$.progress", &items, &n);
    for (int i = 0; r == K_OK && i < n; i++) {
        bool done;
        r = apply_progress(s, items[i], now, &done);
        out->progress += done;
    }
    free_items(items, n);
    items = NULL;
    n = 0;
    if (r == K_OK)
        r = json_items(s, json, "$.ratings", &items, &n);
    for (int i = 0; r == K_OK && i < n; i++) {
        bool done;
        r = apply_rating(s, items[i], now, &done);
        out->rated += done;
    }
    free_items(items, n);
    if (r == K_OK)
        r = exec_bound(
            s,
            "INSERT OR REPLACE INTO district_copy (site, kind, id, number, status, category,"
            " service, day, slot, rating, created_at, updated_at, resolved_at, pulled_at,"
            " ticket_id)"
            " SELECT substr(json_extract(value, '$.site'), 1, 23), json_extract(value, '$.kind'),"
            " json_extract(value, '$.id'), substr(coalesce(json_extract(value, '$.number'), ''),"
            " 1, 11), substr(coalesce(json_extract(value, '$.status'), ''), 1, 23),"
            " substr(coalesce(json_extract(value, '$.category'), ''), 1, 31),"
            " substr(coalesce(json_extract(value, '$.service'), ''), 1, 31),"
            " substr(coalesce(json_extract(value, '$.day'), ''), 1, 10),"
            " json_extract(value, '$.slot'), substr(coalesce(json_extract(value, '$.rating'),"
            " ''), 1, 15), json_extract(value, '$.created_at'),"
            " json_extract(value, '$.updated_at'), json_extract(value, '$.resolved_at'), ?2,"
            " json_extract(value, '$.ticket_id') FROM json_each(?1, '$.copy') WHERE "
            "json_extract(value, '$.kind') IN ('request',"
            " 'booking') AND json_type(value, '$.id') = 'integer'"
            " AND json_extract(value, '$.site') IS NOT NULL",
            what, 1, t, 1, nw);
    if (r == K_OK)
        out->copied = sqlite3_changes(s->db);
    if (r == K_OK)
        r = exec_bound(s,
                       "INSERT INTO pull_state (name, cursor, pulled_at) VALUES ('inbox',"
                       " coalesce(json_extract(?1, '$.cursor'), 0), ?2) ON CONFLICT (name) DO"
                       " UPDATE SET cursor = max(cursor, excluded.cursor), pulled_at = ?2",
                       what, 1, t, 1, nw);
    r = store_end(s, r, what);
    return r;
}

KResult store_district_copy_of_ticket(Store *s, const char *site, int64_t ticket_id,
                                      DistrictCopy *out)
{
    sqlite3_stmt *st;
    char kind[8] = "";
    int64_t id = 0;
    memset(out, 0, sizeof *out);
    store_clear_error(s);
    KResult r = prep(s, "SELECT kind, id FROM district_copy WHERE site = ?1 AND ticket_id = ?2",
                     &st, "cannot read the district copy");
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, site);
    sqlite3_bind_int64(st, 2, ticket_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        store_col_text(st, 0, kind, sizeof kind);
        id = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? K_ERR_NOT_FOUND
                                 : store_db_fail(s, rc, "cannot read the district copy");
    return store_district_copy(s, site, kind, id, out);
}

KResult store_referral_in_local(Store *s, const char *origin_site, int64_t origin_id,
                                int64_t *request_id)
{
    sqlite3_stmt *st;
    *request_id = 0;
    KResult r =
        prep(s, "SELECT request_id FROM referrals_in WHERE origin_site = ?1 AND origin_id = ?2",
             &st, "cannot read the referrals");
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, origin_site);
    sqlite3_bind_int64(st, 2, origin_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *request_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW    ? K_OK
           : rc == SQLITE_DONE ? K_ERR_NOT_FOUND
                               : store_db_fail(s, rc, "cannot read the referrals");
}

KResult store_district_copy(Store *s, const char *site, const char *kind, int64_t id,
                            DistrictCopy *out)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    store_clear_error(s);
    KResult r = prep(s,
                     "SELECT site, kind, id, number, status, category, service, day,"
                     " coalesce(slot, -1), rating, coalesce(created_at, 0),"
                     " coalesce(updated_at, 0), coalesce(resolved_at, 0), pulled_at"
                     " FROM district_copy WHERE site = ?1 AND kind = ?2 AND id = ?3",
                     &st, "cannot read the district copy");
    if (r != K_OK)
        return r;
    store_bind_text(st, 1, site);
    store_bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        store_col_text(st, 0, out->site, sizeof out->site);
        store_col_text(st, 1, out->kind, sizeof out->kind);
        out->id = sqlite3_column_int64(st, 2);
        store_col_text(st, 3, out->number, sizeof out->number);
        store_col_text(st, 4, out->status, sizeof out->status);
        store_col_text(st, 5, out->category, sizeof out->category);
        store_col_text(st, 6, out->service, sizeof out->service);
        store_col_text(st, 7, out->day, sizeof out->day);
        out->slot = sqlite3_column_int(st, 8);
        store_col_text(st, 9, out->rating, sizeof out->rating);
        out->created_at = sqlite3_column_int64(st, 10);
        out->updated_at = sqlite3_column_int64(st, 11);
        out->resolved_at = sqlite3_column_int64(st, 12);
        out->pulled_at = sqlite3_column_int64(st, 13);
    } else {
        r = rc == SQLITE_DONE ? K_ERR_NOT_FOUND
                              : store_db_fail(s, rc, "cannot read the district copy");
    }
    sqlite3_finalize(st);
    return r;
}

static KResult rate_relay(Store *s, const char *site, int64_t id, WfRating rating, int64_t now,
                          int64_t local_id)
{
    const char *what = "cannot record the rating";
    const char *name = wf_rating_name(rating);
    const char *t[] = {site, name};
    const int64_t n[] = {id, now};
    KResult r =
        exec_bound(s, "INSERT INTO ratings_out (site, rating, id, at) VALUES (?1, ?2, ?3, ?4)",
                   what, 2, t, 2, n);
    if (r == K_ERR_EXISTS) {
        store_clear_error(s);
        snprintf(s->err, sizeof s->err, "request %lld of %s has been rated already", (long long)id,
                 site);
        return K_ERR_REFUSED;
    }
    if (r == K_OK && local_id > 0) {
        const char *tt[] = {name, site};
        const int64_t tn[] = {local_id, now, id};
        r = exec_bound(s, "UPDATE referrals_out SET rating = ?1 WHERE request_id = ?3", what, 2, tt,
                       1, tn);
        if (r == K_OK)
            r = exec_bound(s,
                           "INSERT INTO events (at, actor, kind, subject, subject_id, detail)"
                           " VALUES (?4, 'resident', 'referral_rated', 'request', ?3,"
                           " json_object('site', ?2, 'id', ?5, 'rating', ?1))",
                           what, 2, tt, 3, tn);
    }
    return r;
}

KResult store_copy_rate(Store *s, const char *site, int64_t id, WfRating rating, int64_t now)
{
    const char *what = "cannot record the rating";
    store_clear_error(s);
    if (rating != RATING_SATISFIED && rating != RATING_BASIC && rating != RATING_DISSATISFIED)
        return store_invalid(s, "a rating is satisfied, basic or dissatisfied");
    DistrictCopy c;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = store_district_copy(s, site, "request", id, &c);
    if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "request %lld of %s is not in the district copy",
                 (long long)id, site);
    else if (r == K_OK && strcmp(c.status, "resolved") != 0) {
        snprintf(s->err, sizeof s->err,
                 "only a resolved request can be rated; as last pulled this one is %s", c.status);
        r = K_ERR_REFUSED;
    }
    if (r == K_OK)
        r = rate_relay(s, site, id, rating, now, 0);
    r = store_end(s, r, what);
    return r;
}

KResult store_referral_rate(Store *s, int64_t id, WfRating rating, int64_t now)
{
    const char *what = "cannot record the rating";
    store_clear_error(s);
    if (rating != RATING_SATISFIED && rating != RATING_BASIC && rating != RATING_DISSATISFIED)
        return store_invalid(s, "a rating is satisfied, basic or dissatisfied");
    ReferralOut o;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = store_referral_out(s, id, &o);
    if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "request %lld was not referred to another site",
                 (long long)id);
    else if (r == K_OK && (strcmp(o.status, "resolved") != 0 || o.their_id <= 0)) {
        snprintf(s->err, sizeof s->err,
                 "only a resolved request can be rated; at %s this one is %s", o.to_site,
                 o.status[0] ? o.status : "not yet filed");
        r = K_ERR_REFUSED;
    }
    if (r == K_OK)
        r = rate_relay(s, o.to_site, o.their_id, rating, now, id);
    r = store_end(s, r, what);
    return r;
}
