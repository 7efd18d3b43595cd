/* store_bundle.c - the centre's configuration bundle on the kiosk (store.h,
 * schema 10 in store_schema.c).
 *
 * The body is the canonical JSON the centre signed (docs/district.md):
 * {"version":N,"bundle":{"categories":[...],"closed":[...],"services":[...],
 * "hospitals":[...],"departments":[...],"partners":[...]}}.  It is checked
 * (signature, version) by the sync's pull stage before it comes here; what
 * lives in the database (services, closed days, partners) is written in
 * one transaction, and what lives in the Config (categories, hospitals,
 * departments) is laid over it from the kept body by store_bundle_overlay
 * wherever the configuration is loaded.  These calls are rare (one per
 * sync at most), so their statements are prepared on each call. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

static KResult prepare(Store *s, const char *sql, sqlite3_stmt **st, const char *what)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? K_OK : store_db_fail(s, rc, what);
}

KResult store_bundle_state(Store *s, BundleState *out)
{
    static const char what[] = "cannot read the configuration bundle's state";
    assert(s && out);
    memset(out, 0, sizeof *out);
    store_clear_error(s);
    sqlite3_stmt *st = NULL;
    KResult k = prepare(s,
                        "SELECT version, centre_key, coalesce(applied_at, 0),"
                        " coalesce(refused_version, 0), refused_reason FROM bundle_state"
                        " WHERE id = 1",
                        &st, what);
    if (k != K_OK)
        return k;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->version = sqlite3_column_int64(st, 0);
        store_col_text(st, 1, out->centre_key, sizeof out->centre_key);
        out->applied_at = sqlite3_column_int64(st, 2);
        out->refused_version = sqlite3_column_int64(st, 3);
        store_col_text(st, 4, out->refused_reason, sizeof out->refused_reason);
        k = K_OK;
    } else {
        k = store_db_fail(s, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, what);
    }
    sqlite3_finalize(st);
    return k;
}

/* clang-format off */
/* What changed, against the bundle applied before (?1 the new body). */
static const char changes_sql[] =
    "SELECT json_object('version', json_extract(?1, '$.version'), 'from', b.version,"
    " 'closed_added', (SELECT json_group_array(n.value->>'day') FROM"
    "  json_each(?1, '$.bundle.closed') n WHERE n.value->>'day' NOT IN"
    "  (SELECT o.value->>'day' FROM json_each(b.body, '$.bundle.closed') o)),"
    " 'closed_removed', (SELECT json_group_array(o.value->>'day') FROM"
    "  json_each(b.body, '$.bundle.closed') o WHERE o.value->>'day' NOT IN"
    "  (SELECT n.value->>'day' FROM json_each(?1, '$.bundle.closed') n)),"
    " 'categories', (SELECT json_group_array(n.value->>'code') FROM"
    "  json_each(?1, '$.bundle.categories') n WHERE NOT EXISTS (SELECT 1 FROM"
    "  json_each(b.body, '$.bundle.categories') o WHERE o.value = n.value)),"
    " 'services', (SELECT json_group_array(n.value->>'code') FROM"
    "  json_each(?1, '$.bundle.services') n WHERE NOT EXISTS (SELECT 1 FROM"
    "  json_each(b.body, '$.bundle.services') o WHERE o.value = n.value)),"
    " 'services_withdrawn', (SELECT json_group_array(o.value->>'code') FROM"
    "  json_each(b.body, '$.bundle.services') o WHERE o.value->>'code' NOT IN"
    "  (SELECT n.value->>'code' FROM json_each(?1, '$.bundle.services') n)),"
    " 'hospitals', coalesce(json_array_length(?1, '$.bundle.hospitals'), 0),"
    " 'departments', coalesce(json_array_length(?1, '$.bundle.departments'), 0),"
    " 'partners', coalesce(json_array_length(?1, '$.bundle.partners'), 0))"
    " FROM bundle_state b WHERE b.id = 1";

/* The statements of one application, ?1 the new body, ?2 now. */
static const char *const apply_sql[] = {
    /* the district's closed days of the bundle before that are gone */
    "DELETE FROM closures WHERE service = '*' AND day IN (SELECT o.value->>'day' FROM"
    " bundle_state b, json_each(b.body, '$.bundle.closed') o WHERE b.id = 1)"
    " AND day NOT IN (SELECT n.value->>'day' FROM json_each(?1, '$.bundle.closed') n)",
    "INSERT INTO closures (service, day, reason_zh, reason_en) SELECT '*', value->>'day',"
    " coalesce(value->>'zh', ''), coalesce(value->>'en', '') FROM json_each(?1, '$.bundle.closed')"
    " WHERE true ON CONFLICT (service, day) DO UPDATE SET reason_zh = excluded.reason_zh,"
    " reason_en = excluded.reason_en",
    /* the catalogue: everything but the slots and their capacities */
    "INSERT INTO services (code, letter, position, zh, en, about_zh, about_en, place_zh,"
    " place_en, bring_zh, bring_en, days, lead_hours, horizon_days, escort, active)"
    " SELECT value->>'code', value->>'letter',"
    " (SELECT coalesce(max(position), 0) FROM services) + key + 1, value->>'zh', value->>'en',"
    " coalesce(value->>'about_zh', ''), coalesce(value->>'about_en', ''),"
    " coalesce(value->>'place_zh', ''), coalesce(value->>'place_en', ''),"
    " coalesce(value->>'bring_zh', ''), coalesce(value->>'bring_en', ''), value->>'days',"
    " value->>'lead_hours', value->>'horizon_days', coalesce(value->>'escort', 0),"
    " coalesce(value->>'active', 1) FROM json_each(?1, '$.bundle.services') WHERE true"
    " ON CONFLICT (code) DO UPDATE SET letter = excluded.letter, zh = excluded.zh,"
    " en = excluded.en, about_zh = excluded.about_zh, about_en = excluded.about_en,"
    " place_zh = excluded.place_zh, place_en = excluded.place_en,"
    " bring_zh = excluded.bring_zh, bring_en = excluded.bring_en, days = excluded.days,"
    " lead_hours = excluded.lead_hours, horizon_days = excluded.horizon_days,"
    " escort = excluded.escort, active = excluded.active",
    /* a service or partner the bundle before listed and this one does not
     * is withdrawn (not offered, kept for its bookings and requests); the
     * station's own are not the bundle's business */
    "UPDATE services SET active = 0 WHERE code IN (SELECT o.value->>'code' FROM"
    " bundle_state b, json_each(b.body, '$.bundle.services') o WHERE b.id = 1)"
    " AND code NOT IN (SELECT n.value->>'code' FROM json_each(?1, '$.bundle.services') n)",
    "UPDATE assignees SET active = 0 WHERE kind = 'partner' AND name IN (SELECT"
    " o.value->>'zh' FROM bundle_state b, json_each(b.body, '$.bundle.partners') o"
    " WHERE b.id = 1) AND name NOT IN (SELECT n.value->>'zh' FROM"
    " json_each(?1, '$.bundle.partners') n)",
    /* partner organisations for assignment (by name; a station's own stay) */
    "INSERT INTO assignees (kind, name, created_at) SELECT 'partner', value->>'zh', ?2"
    " FROM json_each(?1, '$.bundle.partners') WHERE true ON CONFLICT (name) DO UPDATE SET"
    " active = 1",
};
/* clang-format on */

static KResult run_body(Store *s, const char *sql, const char *body, int64_t now, const char *what)
{
    sqlite3_stmt *st = NULL;
    KResult k = prepare(s, sql, &st, what);
    if (k != K_OK)
        return k;
    sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, what);
}

KResult store_bundle_apply(Store *s, int64_t version, const char *body, const char *key,
                           int64_t now, char *changes, size_t cap)
{
    static const char what[] = "cannot apply the configuration bundle";
    assert(s && body && key);
    store_clear_error(s);
    if (changes && cap)
        changes[0] = '\0';
    if (version <= 0 || strlen(key) >= sizeof((BundleState *)0)->centre_key)
        return store_invalid(s, "the bundle's version or key is malformed");
    KResult k = store_begin(s, what);
    if (k != K_OK)
        return k;
    sqlite3_stmt *st = NULL;
    /* a JSON object of this version, newer than the one applied, whose
     * lists are lists */
    k = prepare(s,
                "SELECT json_valid(?1) AND json_type(?1) = 'object'"
                " AND json_type(?1, '$.version') = 'integer' AND json_extract(?1, '$.version') = ?2"
                " AND json_type(?1, '$.bundle') = 'object'"
                " AND coalesce(json_type(?1, '$.bundle.closed'), 'array') = 'array'"
                " AND coalesce(json_type(?1, '$.bundle.services'), 'array') = 'array'"
                " AND coalesce(json_type(?1, '$.bundle.categories'), 'array') = 'array'"
                " AND coalesce(json_type(?1, '$.bundle.partners'), 'array') = 'array'"
                " AND ?2 > (SELECT version FROM bundle_state WHERE id = 1)",
                &st, what);
    if (k == K_OK) {
        sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, version);
        int rc = sqlite3_step(st);
        bool good = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW)
            k = store_db_fail(s, rc, what);
        else if (!good)
            k = store_invalid(s, "the bundle is malformed or not newer than the one applied");
    }
    char *detail = NULL;
    if (k == K_OK) {
        k = prepare(s, changes_sql, &st, what);
        if (k == K_OK) {
            sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
            int rc = sqlite3_step(st);
            if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
                detail = strdup((const char *)sqlite3_column_text(st, 0));
            sqlite3_finalize(st);
            if (!detail)
                k = rc == SQLITE_ROW ? K_ERR_NOMEM : store_db_fail(s, rc, what);
        }
    }
    for (size_t i = 0; k == K_OK && i < sizeof apply_sql / sizeof apply_sql[0]; i++)
        k = run_body(s, apply_sql[i], body, now, what);
    if (k == K_OK) {
        k = prepare(s,
                    "UPDATE bundle_state SET version = ?2, body = ?1, applied_at = ?3,"
                    " centre_key = CASE WHEN centre_key = '' THEN ?4 ELSE centre_key END"
                    " WHERE id = 1",
                    &st, what);
        if (k == K_OK) {
            sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, version);
            sqlite3_bind_int64(st, 3, now);
            sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
            int rc = sqlite3_step(st);
            sqlite3_finalize(st);
            if (rc != SQLITE_DONE)
                k = store_db_fail(s, rc, what);
        }
    }
    if (k == K_OK)
        k = store_insert_event(s, now, "centre", "bundle_applied", "bundle", version, detail);
    if (k == K_OK)
        k = store_commit(s, what);
    if (k != K_OK)
        store_rollback(s);
    else if (changes && cap)
        text_copy(changes, cap, detail);
    free(detail);
    return k;
}

KResult store_bundle_refuse(Store *s, int64_t version, const char *reason, int64_t now)
{
    static const char what[] = "cannot record the refused bundle";
    assert(s && reason);
    store_clear_error(s);
    sqlite3_stmt *st = NULL;
    /* the same refusal again (each sync offers it) is not news */
    KResult k = prepare(s,
                        "UPDATE bundle_state SET refused_version = ?1, refused_reason = ?2,"
                        " refused_at = ?3 WHERE id = 1 AND (refused_version IS NOT ?1"
                        " OR refused_reason <> ?2)",
                        &st, what);
    if (k != K_OK)
        return k;
    char cut[200];
    text_copy(cut, sizeof cut, reason);
    sqlite3_bind_int64(st, 1, version);
    sqlite3_bind_text(st, 2, cut, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    bool changed = sqlite3_changes(s->db) > 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_fail(s, rc, what);
    if (!changed)
        return K_OK;
    char detail[400], q[260];
    if (!text_json_quote(q, sizeof q, cut))
        snprintf(q, sizeof q, "\"?\"");
    snprintf(detail, sizeof detail, "{\"version\":%lld,\"reason\":%s}", (long long)version, q);
    return store_insert_event(s, now, "centre", "bundle_refused", "bundle", version, detail);
}

/* Replaces (by code) or adds an item of a list. */
static CfgItem *item_slot(CfgItem *items, int *count, int max, const char *code)
{
    for (int i = 0; i < *count; i++)
        if (strcmp(items[i].code, code) == 0)
            return &items[i];
    if (*count >= max)
        return NULL;
    CfgItem *it = &items[(*count)++];
    memset(it, 0, sizeof *it);
    text_copy(it->code, sizeof it->code, code);
    return it;
}

KResult store_bundle_overlay(Store *s, Config *cfg)
{
    static const char what[] = "cannot read the configuration bundle";
    assert(s && cfg);
    store_clear_error(s);
    sqlite3_stmt *st = NULL;
    KResult k = prepare(s,
                        "SELECT 'c', value->>'code', value->>'zh', value->>'en',"
                        " value->>'response_hours', value->>'urgent_response_hours', b.version"
                        " FROM bundle_state b, json_each(b.body, '$.bundle.categories')"
                        " WHERE b.id = 1 AND b.version > 0"
                        " UNION ALL SELECT 'h', value->>'code', value->>'zh', value->>'en', 0, 0,"
                        " b.version FROM bundle_state b, json_each(b.body, '$.bundle.hospitals')"
                        " WHERE b.id = 1 AND b.version > 0"
                        " UNION ALL SELECT 'd', value->>'code', value->>'zh', value->>'en', 0, 0,"
                        " b.version FROM bundle_state b, json_each(b.body, '$.bundle.departments')"
                        " WHERE b.id = 1 AND b.version > 0"
                        " UNION ALL SELECT 'v', '', '', '', 0, 0, version FROM bundle_state"
                        " WHERE id = 1",
                        &st, what);
    if (k != K_OK)
        return k;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 0);
        char code[CFG_CODE_MAX];
        store_col_text(st, 1, code, sizeof code);
        if (kind[0] == 'v') {
            cfg->bundle_version = sqlite3_column_int64(st, 6);
            continue;
        }
        if (!code[0])
            continue;
        CfgItem *it = NULL;
        if (kind[0] == 'c') {
            CfgCategory *cat = (CfgCategory *)config_category(cfg, code);
            if (!cat && cfg->category_count < CFG_MAX_CATEGORIES) {
                /* a new category goes before "other", which stays last */
                int at = cfg->category_count;
                if (at > 0 && strcmp(cfg->categories[at - 1].item.code, "other") == 0) {
                    cfg->categories[at] = cfg->categories[at - 1];
                    at--;
                }
                cfg->category_count++;
                cat = &cfg->categories[at];
                memset(cat, 0, sizeof *cat);
                text_copy(cat->item.code, sizeof cat->item.code, code);
                cat->response_hours = 72;
                cat->urgent_response_hours = 4;
            }
            if (!cat)
                continue;
            int h = sqlite3_column_int(st, 4), u = sqlite3_column_int(st, 5);
            if (h > 0)
                cat->response_hours = h;
            if (u > 0)
                cat->urgent_response_hours = u;
            it = &cat->item;
        } else if (kind[0] == 'h') {
            it = item_slot(cfg->hospitals, &cfg->hospital_count, CFG_MAX_PICKS, code);
        } else {
            it = item_slot(cfg->departments, &cfg->department_count, CFG_MAX_PICKS, code);
        }
        if (!it)
            continue;
        if (sqlite3_column_type(st, 2) == SQLITE_TEXT)
            store_col_text(st, 2, it->zh, sizeof it->zh);
        if (sqlite3_column_type(st, 3) == SQLITE_TEXT)
            store_col_text(st, 3, it->en, sizeof it->en);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, what);
}
