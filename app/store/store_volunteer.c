/* store_volunteer.c - volunteers and their hours in the database (see
 * store_volunteer.h; schema 12 in store_schema.c).
 *
 * The ledger is never edited: every function here only INSERTs entries
 * (the schema's triggers refuse the rest), and a balance is always the sum
 * of the entries.  A duty is a row of volunteer_duties, open until its
 * second scan; its entry is written when it ends, once (duty_id UNIQUE).
 * A card is a ticket of kind 'V'; the volunteer row names the one that is
 * valid now, so a replaced card still verifies as a signature but names no
 * volunteer, and is refused. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/phone.h"
#include "kiosk/store_volunteer.h"
#include "kiosk/text.h"
#include "store_int.h"

#define VOL_COLUMNS                                                                                \
    "v.id, v.name, v.phone, v.age, v.building, v.availability, v.consent, v.status, v.team,"       \
    " coalesce(v.card_ticket_id, 0), v.applied_at, coalesce(v.decided_at, 0), v.decided_by,"       \
    " (SELECT group_concat(k.skill, ',') FROM volunteer_skills k WHERE k.volunteer_id = v.id),"    \
    " coalesce(d.id, 0), coalesce(d.started_at, 0)"
#define VOL_FROM                                                                                   \
    " FROM volunteers v LEFT JOIN volunteer_duties d ON d.volunteer_id = v.id"                     \
    " AND d.ended_at IS NULL"
#define ENTRY_COLUMNS                                                                              \
    "id, volunteer_id, kind, minutes, points, at, coalesce(duty_id, 0), reason, by"

enum {
    V_INSERT,
    V_SKILL,
    V_TOUCH,
    V_GET,
    V_OF_CARD,
    V_TOTALS,
    V_LIST,
    V_SET_STATUS,
    V_SET_CARD,
    V_DUTY_START,
    V_DUTY_END,
    V_LAST_END,
    V_ENTRY,
    V_ENTRIES,
    V_OPEN,
    V_ASSIGNEES,
    V_FIGURES,
    V_SET_TEAM,
    V_COUNT
};

_Static_assert(V_COUNT <= STORE_VOLUNTEER_STMTS, "raise STORE_VOLUNTEER_STMTS in store_int.h");

static const char *const vol_sql[V_COUNT] = {
    [V_INSERT] = "INSERT INTO volunteers (id, name, phone, age, building, availability, consent,"
                 " applied_at, sms) VALUES (" NEXT_ID("volunteers") ", ?1, ?2, ?3, ?4, ?5, ?6,"
                                                                    " ?7, ?8)",
    [V_SKILL] = "INSERT OR IGNORE INTO volunteer_skills (volunteer_id, skill) VALUES (?1, ?2)",
    /* the outbox's entry, once the skills are in (schema 12 says why) */
    [V_TOUCH] = "UPDATE volunteers SET status = status WHERE id = ?1",
    [V_GET] = "SELECT " VOL_COLUMNS VOL_FROM " WHERE v.id = ?1",
    [V_OF_CARD] = "SELECT " VOL_COLUMNS VOL_FROM " WHERE v.card_ticket_id = ?1",
    [V_TOTALS] = "SELECT coalesce(sum(minutes), 0), coalesce(sum(points), 0), count(*)"
                 " FROM volunteer_hours WHERE volunteer_id = ?1",
    [V_LIST] = "SELECT " VOL_COLUMNS VOL_FROM " WHERE (?1 IS NULL OR v.status = ?1)"
               " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM volunteer_skills k"
               " WHERE k.volunteer_id = v.id AND k.skill = ?2)) ORDER BY v.id",
    [V_SET_STATUS] = "UPDATE volunteers SET status = ?2, decided_at = ?3, decided_by = ?4"
                     " WHERE id = ?1",
    [V_SET_CARD] = "UPDATE volunteers SET card_ticket_id = ?2 WHERE id = ?1",
    [V_DUTY_START] = "INSERT INTO volunteer_duties (id, volunteer_id, started_at) VALUES"
                     " (" NEXT_ID("volunteer_duties") ", ?1, ?2)",
    [V_DUTY_END] = "UPDATE volunteer_duties SET ended_at = ?2, closed_by = ?3"
                   " WHERE id = ?1 AND ended_at IS NULL",
    [V_LAST_END] =
        "SELECT coalesce(max(ended_at), 0) FROM volunteer_duties WHERE volunteer_id = ?1",
    [V_ENTRY] = "INSERT INTO volunteer_hours (id, volunteer_id, kind, minutes, points, at, duty_id,"
                " reason, by, month) VALUES (" NEXT_ID("volunteer_hours") ", ?1, ?2, ?3, ?4, ?5,"
                                                                          " ?6, ?7, ?8, ?9)",
    [V_ENTRIES] = "SELECT " ENTRY_COLUMNS " FROM volunteer_hours WHERE volunteer_id = ?1"
                  " ORDER BY id DESC LIMIT ?2",
    [V_OPEN] = "SELECT " VOL_COLUMNS VOL_FROM " WHERE d.id IS NOT NULL ORDER BY d.started_at, v.id",
    /* the same building first, then the nearest number ("3栋" is 3) */
    [V_ASSIGNEES] = "SELECT " VOL_COLUMNS VOL_FROM " WHERE v.status = 'approved'"
                    " AND (?1 IS NULL OR EXISTS (SELECT 1 FROM volunteer_skills k"
                    " WHERE k.volunteer_id = v.id AND k.skill = ?1))"
                    " ORDER BY v.building <> ?2, abs(CAST(v.building AS INTEGER) -"
                    " CAST(?2 AS INTEGER)), v.building, v.id LIMIT ?3",
    /* one pass per group over the period's entries (index on at) */
    [V_FIGURES] =
        "WITH e AS (SELECT volunteer_id, kind, minutes, points, duty_id, month FROM volunteer_hours"
        " WHERE at >= ?1 AND at < ?2 AND kind <> 'spent')"
        " SELECT 'total', '', sum(minutes), sum(points), count(duty_id),"
        " count(DISTINCT volunteer_id) FROM e"
        " UNION ALL SELECT * FROM (SELECT 'month', month, sum(minutes), sum(points),"
        " count(duty_id), count(DISTINCT volunteer_id) FROM e GROUP BY month ORDER BY month)"
        " UNION ALL SELECT * FROM (SELECT 'skill', k.skill, sum(e.minutes), sum(e.points),"
        " count(e.duty_id), count(DISTINCT e.volunteer_id) FROM e JOIN volunteer_skills k"
        " ON k.volunteer_id = e.volunteer_id GROUP BY k.skill ORDER BY k.skill)"
        " UNION ALL SELECT * FROM (SELECT 'team', v.team, sum(e.minutes), sum(e.points),"
        " count(e.duty_id), count(DISTINCT e.volunteer_id) FROM e JOIN volunteers v"
        " ON v.id = e.volunteer_id WHERE v.team <> '' GROUP BY v.team ORDER BY v.team)"
        " UNION ALL SELECT * FROM (SELECT 'volunteer', CAST(volunteer_id AS TEXT), sum(minutes),"
        " sum(points), count(duty_id), 1 FROM e GROUP BY volunteer_id ORDER BY volunteer_id)",
    [V_SET_TEAM] = "UPDATE volunteers SET team = ?2 WHERE id = ?1",
};

static const StmtTable vol_table = {"volunteer", vol_sql, V_COUNT};

KResult store_volunteer_prepare(Store *s)
{
    return store_prepare_table(s, &vol_table, s->vol);
}

/* The statement which, prepared on first use; NULL when it cannot be. */
static sqlite3_stmt *stmt(Store *s, int which)
{
    return store_prepared(s, &vol_table, s->vol, which);
}

static void read_volunteer(sqlite3_stmt *st, VolunteerRecord *v)
{
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, v->d.name, sizeof v->d.name);
    store_col_text(st, 2, v->d.phone, sizeof v->d.phone);
    v->d.age = sqlite3_column_int(st, 3);
    store_col_text(st, 4, v->d.building, sizeof v->d.building);
    v->d.availability = (unsigned)sqlite3_column_int(st, 5);
    v->d.consent = sqlite3_column_int(st, 6) != 0;
    store_col_text(st, 7, v->status, sizeof v->status);
    store_col_text(st, 8, v->team, sizeof v->team);
    v->card_ticket_id = sqlite3_column_int64(st, 9);
    v->applied_at = sqlite3_column_int64(st, 10);
    v->decided_at = sqlite3_column_int64(st, 11);
    store_col_text(st, 12, v->decided_by, sizeof v->decided_by);
    char skills[VOL_SKILLS_MAX * CFG_CODE_MAX];
    store_col_text(st, 13, skills, sizeof skills);
    for (char *p = skills; *p && v->d.skill_count < VOL_SKILLS_MAX;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        text_copy(v->d.skills[v->d.skill_count++], CFG_CODE_MAX, p);
        if (!comma)
            break;
        p = comma + 1;
    }
    v->open_duty_id = sqlite3_column_int64(st, 14);
    v->duty_started_at = sqlite3_column_int64(st, 15);
}

static void read_entry(sqlite3_stmt *st, VolunteerEntry *e)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    e->volunteer_id = sqlite3_column_int64(st, 1);
    store_col_text(st, 2, e->kind, sizeof e->kind);
    e->minutes = sqlite3_column_int(st, 3);
    e->points = sqlite3_column_int(st, 4);
    e->at = sqlite3_column_int64(st, 5);
    e->duty_id = sqlite3_column_int64(st, 6);
    store_col_text(st, 7, e->reason, sizeof e->reason);
    store_col_text(st, 8, e->by, sizeof e->by);
}

/* A bounded, valid UTF-8 field of cap bytes that is not blank. */
static bool text_ok(const char *t, size_t cap)
{
    size_t n = strnlen(t, cap);
    return n > 0 && n < cap && text_valid_utf8(t) && strspn(t, " \t") < n;
}

KResult volunteer_draft_check(const VolunteerDraft *d, const Config *cfg, const char **why)
{
    assert(d && cfg && why);
    *why = NULL;
    if (!text_ok(d->name, sizeof d->name))
        *why = "the name is empty, too long or not UTF-8";
    else if (phone_check(d->phone) != PHONE_OK)
        *why = "the phone number is not a valid number";
    else if (d->age < VOL_AGE_MIN || d->age > VOL_AGE_MAX)
        *why = "the age is not 14 to 99";
    else if (strnlen(d->building, sizeof d->building) >= sizeof d->building ||
             !text_valid_utf8(d->building))
        *why = "the building is too long or not UTF-8";
    else if (d->availability == 0 || (d->availability & ~VOL_AVAIL_ALL) != 0)
        *why = "no time when they can help is given";
    else if (!d->consent)
        *why = "a volunteer must agree to be contacted";
    else if (d->skill_count < 1 || d->skill_count > VOL_SKILLS_MAX)
        *why = "a volunteer needs one to eight skills";
    for (int i = 0; !*why && i < d->skill_count; i++)
        if (!config_pick(cfg->skills, cfg->skill_count, d->skills[i]))
            *why = "a skill is not one of the configuration's [skill.CODE]";
    return *why ? K_ERR_INVALID : K_OK;
}

/* Binds the local month of at ("YYYY-MM"; "0000-00" for a time the clock
 * cannot turn into a date, which the schema accepts and no figure shows). */
static void bind_month(sqlite3_stmt *st, int idx, int64_t at)
{
    char day[11];
    if (!store_local_day(at, day))
        text_copy(day, sizeof day, "0000-00-00");
    sqlite3_bind_text(st, idx, day, 7, SQLITE_TRANSIENT);
}

/* --by: a login of 1 to 31 bytes. */
static bool actor_ok(const char *by)
{
    return by && by[0] && strlen(by) < VOL_LOGIN_MAX && text_valid_utf8(by);
}

KResult store_volunteer_apply(Store *s, const VolunteerDraft *d, const Config *cfg, int64_t now,
                              int64_t *id)
{
    const char *what = "cannot save the volunteer's application";
    const char *why = NULL;
    assert(s && d && cfg && id);
    store_clear_error(s);
    *id = 0;
    if (volunteer_draft_check(d, cfg, &why) != K_OK)
        return store_invalid(s, why);
    int64_t vid = 0;
    KResult r = store_begin(s, what);
    sqlite3_stmt *st = r == K_OK ? stmt(s, V_INSERT) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        store_bind_field(st, 1, d->name, sizeof d->name);
        store_bind_field(st, 2, d->phone, sizeof d->phone);
        sqlite3_bind_int(st, 3, d->age);
        store_bind_field(st, 4, d->building, sizeof d->building);
        sqlite3_bind_int(st, 5, (int)d->availability);
        sqlite3_bind_int(st, 6, d->consent ? 1 : 0);
        sqlite3_bind_int64(st, 7, now);
        /* issue 23: the texts' language when the phone screen's toggle was on */
        sqlite3_bind_text(st, 8,
                          strcmp(d->sms, "en") == 0   ? "en"
                          : strcmp(d->sms, "zh") == 0 ? "zh"
                                                      : "",
                          -1, SQLITE_STATIC);
        r = store_run(s, st, what);
        vid = sqlite3_last_insert_rowid(s->db);
    }
    for (int i = 0; r == K_OK && i < d->skill_count; i++) {
        st = stmt(s, V_SKILL);
        if (!st) {
            r = store_unprepared(s);
            break;
        }
        sqlite3_bind_int64(st, 1, vid);
        store_bind_field(st, 2, d->skills[i], sizeof d->skills[i]);
        r = store_run(s, st, what);
    }
    if (r == K_OK && !(st = stmt(s, V_TOUCH)))
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, vid);
        r = store_run(s, st, what);
    }
    if (r == K_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"skills\":%d}", d->skill_count);
        r = store_insert_event(s, now, "kiosk", "volunteer_applied", "volunteer", vid, detail);
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    *id = vid;
    return K_OK;
}

/* One volunteer by statement which, bound to key, with the ledger's totals. */
static KResult get_volunteer(Store *s, int which, int64_t key, VolunteerRecord *out)
{
    const char *what = "cannot read the volunteer";
    sqlite3_stmt *st = stmt(s, which);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, key);
    KResult r = store_step_one(s, st, what);
    if (r == K_OK)
        read_volunteer(st, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "%s %lld",
                 which == V_GET ? "there is no volunteer with id" : "no volunteer's card is ticket",
                 (long long)key);
    store_stmt_done(st);
    if (r == K_OK) {
        st = stmt(s, V_TOTALS);
        if (!st)
            return store_unprepared(s);
        sqlite3_bind_int64(st, 1, out->id);
        r = store_step_one(s, st, what);
        if (r == K_OK) {
            out->total_minutes = sqlite3_column_int64(st, 0);
            out->total_points = sqlite3_column_int64(st, 1);
            out->entries = sqlite3_column_int(st, 2);
        }
        store_stmt_done(st);
    }
    return r;
}

KResult store_volunteer_get(Store *s, int64_t id, VolunteerRecord *out)
{
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    return get_volunteer(s, V_GET, id, out);
}

KResult store_volunteer_of_card(Store *s, int64_t ticket_id, VolunteerRecord *out)
{
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    return get_volunteer(s, V_OF_CARD, ticket_id, out);
}

/* Runs st (bound) and hands every volunteer to fn. */
static KResult each_volunteer(Store *s, sqlite3_stmt *st, StoreVolunteerFn fn, void *user)
{
    KResult r = K_OK;
    VolunteerRecord v;
    while (store_next_row(s, st, &r, "cannot list the volunteers")) {
        read_volunteer(st, &v);
        if (fn(&v, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}

KResult store_volunteer_list(Store *s, const char *status, const char *skill, StoreVolunteerFn fn,
                             void *user)
{
    assert(s && fn);
    store_clear_error(s);
    sqlite3_stmt *st = stmt(s, V_LIST);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, status);
    store_bind_text(st, 2, skill);
    return each_volunteer(s, st, fn, user);
}

/* Inside a transaction: ends duty duty_id at now by actor and, for
 * minutes > 0, writes its entry. */
static KResult end_duty(Store *s, int64_t vid, int64_t duty_id, int minutes, int pph,
                        const char *actor, int64_t now, int *points, const char *what)
{
    sqlite3_stmt *st = stmt(s, V_DUTY_END);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, duty_id);
    sqlite3_bind_int64(st, 2, now);
    store_bind_text(st, 3, actor);
    KResult r = store_run(s, st, what);
    if (r == K_OK && sqlite3_changes(s->db) != 1) {
        snprintf(s->err, sizeof s->err, "%s: the duty is no longer open", what);
        r = K_ERR_REFUSED;
    }
    int pts = (int)((int64_t)minutes * pph / 60);
    if (r == K_OK && minutes > 0) {
        st = stmt(s, V_ENTRY);
        if (!st)
            return store_unprepared(s);
        sqlite3_bind_int64(st, 1, vid);
        store_bind_text(st, 2, "duty");
        sqlite3_bind_int(st, 3, minutes);
        sqlite3_bind_int(st, 4, pts);
        sqlite3_bind_int64(st, 5, now);
        sqlite3_bind_int64(st, 6, duty_id);
        store_bind_text(st, 7, "");
        store_bind_text(st, 8, "");
        bind_month(st, 9, now);
        r = store_run(s, st, what);
    }
    if (r == K_OK) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"duty\":%lld,\"minutes\":%d}", (long long)duty_id,
                 minutes);
        r = store_insert_event(s, now, actor, "duty_ended", "volunteer", vid, detail);
    }
    if (points)
        *points = pts;
    return r;
}

KResult store_volunteer_decide(Store *s, int64_t id, const char *status, const char *by,
                               int64_t now)
{
    const char *what = "cannot change the volunteer";
    VolunteerRecord v = {0};
    assert(s && status);
    store_clear_error(s);
    if (!actor_ok(by))
        return store_invalid(s, "who decides (--by) is empty, too long or not UTF-8");
    const char *event = strcmp(status, "approved") == 0   ? "volunteer_approved"
                        : strcmp(status, "rejected") == 0 ? "volunteer_rejected"
                        : strcmp(status, "disabled") == 0 ? "volunteer_disabled"
                                                          : NULL;
    if (!event)
        return store_invalid(s, "a volunteer is approved, rejected or disabled");
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_volunteer(s, V_GET, id, &v);
    if (r == K_OK) {
        bool allowed = strcmp(status, "approved") == 0
                           ? strcmp(v.status, "applied") == 0 || strcmp(v.status, "disabled") == 0
                       : strcmp(status, "rejected") == 0
                           ? strcmp(v.status, "applied") == 0
                           : strcmp(v.status, "applied") == 0 || strcmp(v.status, "approved") == 0;
        if (!allowed) {
            snprintf(s->err, sizeof s->err, "volunteer %lld is %s: it cannot be %s now",
                     (long long)id, v.status, status);
            r = K_ERR_REFUSED;
        }
    }
    /* a disabled volunteer's open duty ends uncounted (staff may add it) */
    if (r == K_OK && strcmp(status, "disabled") == 0 && v.open_duty_id)
        r = end_duty(s, id, v.open_duty_id, 0, 0, by, now, NULL, what);
    sqlite3_stmt *st = r == K_OK ? stmt(s, V_SET_STATUS) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, status);
        sqlite3_bind_int64(st, 3, now);
        store_bind_text(st, 4, by);
        r = store_run(s, st, what);
    }
    if (r == K_OK)
        r = store_insert_event(s, now, by, event, "volunteer", id, NULL);
    r = store_end(s, r, what);
    return r;
}

KResult store_volunteer_set_team(Store *s, int64_t id, const char *team, const char *by,
                                 int64_t now)
{
    const char *what = "cannot change the volunteer's team";
    VolunteerRecord v = {0};
    assert(s && team);
    store_clear_error(s);
    if (!actor_ok(by))
        return store_invalid(s, "who changes it (--by) is empty, too long or not UTF-8");
    if (strlen(team) >= sizeof v.team || !text_valid_utf8(team))
        return store_invalid(s, "a team's name is at most 63 bytes of UTF-8");
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_volunteer(s, V_GET, id, &v);
    sqlite3_stmt *st = r == K_OK ? stmt(s, V_SET_TEAM) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, team);
        r = store_run(s, st, what);
    }
    if (r == K_OK) {
        char detail[160];
        snprintf(detail, sizeof detail, "{\"team\":\"%s\"}", team[0] ? "set" : "none");
        r = store_insert_event(s, now, by, "volunteer_team", "volunteer", id, detail);
    }
    r = store_end(s, r, what);
    return r;
}

KResult store_volunteer_card(Store *s, int64_t id, const char *site,
                             const uint8_t key[TICKET_KEY_BYTES], bool renew, int64_t now,
                             Ticket *out)
{
    const char *what = "cannot make the volunteer's card";
    VolunteerRecord v = {0};
    Ticket t;
    assert(s && site && key && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    memset(&t, 0, sizeof t);
    if (!ticket_site_valid(site))
        return store_invalid(s, "the site code is not 1 to 12 letters A-Z and digits");
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_volunteer(s, V_GET, id, &v);
    if (r == K_OK && strcmp(v.status, "approved") != 0) {
        snprintf(s->err, sizeof s->err, "volunteer %lld is %s: only an approved one has a card",
                 (long long)id, v.status);
        r = K_ERR_REFUSED;
    }
    bool fresh = r == K_OK && (renew || v.card_ticket_id == 0);
    if (r == K_OK && !fresh)
        r = store_get_ticket(s, v.card_ticket_id, &t);
    if (fresh) {
        if (!store_local_day(now, t.day))
            r = store_invalid(s, "the clock's time cannot be turned into a date");
        text_copy(t.site, sizeof t.site, site);
        t.kind = TICKET_KIND_VOLUNTEER;
        t.created_at = now;
        t.due_at = 0; /* a card does not expire: a new card replaces it */
        if (r == K_OK)
            r = store_issue_ticket(s, 0, 0, key, &t);
        sqlite3_stmt *st = r == K_OK ? stmt(s, V_SET_CARD) : NULL;
        if (r == K_OK && !st)
            r = store_unprepared(s);
        if (r == K_OK) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, t.id);
            r = store_run(s, st, what);
        }
        if (r == K_OK) {
            char detail[96];
            snprintf(detail, sizeof detail, "{\"ticket_id\":%lld,\"replaced\":%lld}",
                     (long long)t.id, (long long)v.card_ticket_id);
            r = store_insert_event(s, now, "admin", "volunteer_card", "volunteer", id, detail);
        }
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    *out = t;
    return K_OK;
}

KResult store_volunteer_scan(Store *s, int64_t ticket_id, int points_per_hour, int64_t now,
                             DutyScan *out, VolunteerRecord *vol)
{
    const char *what = "cannot record the volunteer's duty";
    VolunteerRecord v = {0};
    assert(s && out);
    store_clear_error(s);
    memset(out, 0, sizeof *out);
    if (points_per_hour < 0)
        points_per_hour = 0;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_volunteer(s, V_OF_CARD, ticket_id, &v);
    if (r == K_OK && strcmp(v.status, "approved") != 0) {
        snprintf(s->err, sizeof s->err, "volunteer %lld is %s", (long long)v.id, v.status);
        r = K_ERR_REFUSED;
    }
    if (r == K_OK && v.open_duty_id) {
        out->duty_id = v.open_duty_id;
        out->started_at = v.duty_started_at;
        /* (a clock set back before the start: never a negative duty) */
        if (now - v.duty_started_at < VOL_REPEAT_SECONDS) {
            out->action = DUTY_REPEAT; /* the same card held to the scanner twice */
        } else {
            int64_t minutes = (now - v.duty_started_at + 30) / 60;
            if (minutes > VOL_MINUTES_MAX)
                minutes = VOL_MINUTES_MAX;
            out->action = DUTY_ENDED;
            out->minutes = (int)minutes;
            r = end_duty(s, v.id, v.open_duty_id, out->minutes, points_per_hour, "kiosk", now,
                         &out->points, what);
        }
    } else if (r == K_OK) {
        int64_t last_end = 0;
        sqlite3_stmt *st = stmt(s, V_LAST_END);
        if (st)
            sqlite3_bind_int64(st, 1, v.id);
        r = store_run_int(s, st, what, &last_end); /* NULL: cannot be prepared */
        /* (a clock set back since is no repeat) */
        if (r == K_OK && last_end && now >= last_end && now - last_end < VOL_REPEAT_SECONDS) {
            out->action = DUTY_REPEAT; /* just signed out: not a new duty */
        } else if (r == K_OK && !(st = stmt(s, V_DUTY_START))) {
            r = store_unprepared(s);
        } else if (r == K_OK) {
            sqlite3_bind_int64(st, 1, v.id);
            sqlite3_bind_int64(st, 2, now);
            r = store_run(s, st, what);
            out->action = DUTY_STARTED;
            out->duty_id = sqlite3_last_insert_rowid(s->db);
            out->started_at = now;
            if (r == K_OK) {
                char detail[64];
                snprintf(detail, sizeof detail, "{\"duty\":%lld}", (long long)out->duty_id);
                r = store_insert_event(s, now, "kiosk", "duty_started", "volunteer", v.id, detail);
            }
        }
    }
    if (r == K_OK)
        r = store_commit(s, what);
    if (r != K_OK) {
        store_rollback(s);
        memset(out, 0, sizeof *out);
        return r;
    }
    if (vol)
        return store_volunteer_get(s, v.id, vol);
    return K_OK;
}

KResult store_volunteer_close_duty(Store *s, int64_t id, int minutes, int points_per_hour,
                                   const char *by, int64_t now)
{
    const char *what = "cannot close the duty";
    VolunteerRecord v = {0};
    assert(s);
    store_clear_error(s);
    if (!actor_ok(by))
        return store_invalid(s, "who closes the duty is empty, too long or not UTF-8");
    if (minutes < 0 || minutes > VOL_MINUTES_MAX)
        return store_invalid(s, "the minutes are not 0 to 60000");
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_volunteer(s, V_GET, id, &v);
    if (r == K_OK && !v.open_duty_id) {
        snprintf(s->err, sizeof s->err, "volunteer %lld is not on duty", (long long)id);
        r = K_ERR_NOT_FOUND;
    }
    if (r == K_OK && (int64_t)minutes * 60 > now - v.duty_started_at + 59)
        r = store_invalid(s, "more minutes than the duty has lasted");
    if (r == K_OK)
        r = end_duty(s, id, v.open_duty_id, minutes, points_per_hour < 0 ? 0 : points_per_hour, by,
                     now, NULL, what);
    r = store_end(s, r, what);
    return r;
}

KResult store_volunteer_adjust(Store *s, int64_t id, const char *kind, int minutes,
                               const char *reason, const char *by, int points_per_hour, int64_t now,
                               int64_t *entry)
{
    const char *what = "cannot add the entry";
    VolunteerRecord v = {0};
    assert(s && kind);
    store_clear_error(s);
    if (entry)
        *entry = 0;
    bool spent = strcmp(kind, "spent") == 0;
    if (!spent && strcmp(kind, "adjust") != 0)
        return store_invalid(s, "an entry added by staff is adjust or spent");
    if (minutes == 0 || minutes < -VOL_MINUTES_MAX || minutes > VOL_MINUTES_MAX ||
        (spent && minutes > 0))
        return store_invalid(s, "the minutes are not -60000 to 60000 without 0 (spent: below 0)");
    if (!reason || !text_ok(reason, VOL_REASON_MAX))
        return store_invalid(s, "the reason is empty, too long (199 bytes) or not UTF-8");
    if (!actor_ok(by))
        return store_invalid(s, "who adds it (--by) is empty, too long or not UTF-8");
    if (points_per_hour < 0)
        points_per_hour = 0;
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_volunteer(s, V_GET, id, &v);
    sqlite3_stmt *st = r == K_OK ? stmt(s, V_ENTRY) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, kind);
        sqlite3_bind_int(st, 3, minutes);
        sqlite3_bind_int(st, 4, (int)((int64_t)minutes * points_per_hour / 60));
        sqlite3_bind_int64(st, 5, now);
        sqlite3_bind_null(st, 6);
        store_bind_text(st, 7, reason);
        store_bind_text(st, 8, by);
        bind_month(st, 9, now);
        r = store_run(s, st, what);
    }
    int64_t eid = sqlite3_last_insert_rowid(s->db);
    if (r == K_OK) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"entry\":%lld,\"kind\":\"%s\",\"minutes\":%d}",
                 (long long)eid, spent ? "spent" : "adjust", minutes);
        r = store_insert_event(s, now, by, "volunteer_adjusted", "volunteer", id, detail);
    }
    r = store_end(s, r, what);
    if (r != K_OK)
        return r;
    if (entry)
        *entry = eid;
    return K_OK;
}

KResult store_volunteer_entries(Store *s, int64_t id, int limit, StoreVolEntryFn fn, void *user)
{
    KResult r = K_OK;
    VolunteerEntry e;
    assert(s && fn);
    store_clear_error(s);
    sqlite3_stmt *st = stmt(s, V_ENTRIES);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
    while (store_next_row(s, st, &r, "cannot read the hours")) {
        read_entry(st, &e);
        if (fn(&e, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}

KResult store_volunteer_open_duties(Store *s, StoreVolunteerFn fn, void *user)
{
    assert(s && fn);
    store_clear_error(s);
    return each_volunteer(s, stmt(s, V_OPEN), fn, user);
}

KResult store_volunteer_assignees(Store *s, const char *skill, const char *building, int max,
                                  StoreVolunteerFn fn, void *user)
{
    assert(s && fn);
    store_clear_error(s);
    sqlite3_stmt *st = stmt(s, V_ASSIGNEES);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, skill && skill[0] ? skill : NULL);
    store_bind_text(st, 2, building ? building : "");
    sqlite3_bind_int(st, 3, max > 0 ? max : -1);
    return each_volunteer(s, st, fn, user);
}

KResult store_volunteer_figures(Store *s, int64_t from, int64_t to, StoreVolFigureFn fn, void *user)
{
    KResult r = K_OK;
    VolunteerFigure f;
    assert(s && fn);
    store_clear_error(s);
    sqlite3_stmt *st = stmt(s, V_FIGURES);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    while (store_next_row(s, st, &r, "cannot count the volunteers' hours")) {
        memset(&f, 0, sizeof f);
        store_col_text(st, 0, f.group, sizeof f.group);
        store_col_text(st, 1, f.key, sizeof f.key);
        f.minutes = sqlite3_column_int64(st, 2);
        f.points = sqlite3_column_int64(st, 3);
        f.duties = sqlite3_column_int(st, 4);
        f.volunteers = sqlite3_column_int(st, 5);
        if (fn(&f, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}
