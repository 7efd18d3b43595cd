/* store_booking.c - booking services in the database: services, slots,
 * closures, availability and the booking transaction (see store.h).
 *
 * The rules themselves live in app/core/booking.c; this file counts what is
 * taken and which dates are closed, and applies the rules inside the write
 * lock, so that what was checked is what gets written.  Capacity is
 * guaranteed by SQLite, not by memory: store_book takes the lock with BEGIN
 * IMMEDIATE before it counts, so a second kiosk waits (busy timeout) and then
 * counts again; and a trigger (store_schema.c) refuses any insert past
 * capacity whatever the code does. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

#define SERVICE_COLUMNS                                                                            \
    "code, letter, zh, en, about_zh, about_en, place_zh, place_en, bring_zh, bring_en, days,"      \
    " lead_hours, horizon_days, escort, active"

#define BOOKING_SELECT                                                                             \
    "SELECT b.id, b.site, b.token, b.service, b.day, b.slot, b.starts_at, b.ends_at, b.phone,"     \
    " b.name, b.age, b.hospital, b.department, b.pickup, b.building, b.unit, b.room, b.needs,"     \
    " b.status, b.created_at, b.updated_at, b.reason, b.sms, t.id, t.site, t.kind, t.day, t.seq,"  \
    " t.number, t.lookup, t.payload, t.created_at, t.due_at"                                       \
    " FROM bookings b LEFT JOIN tickets t"                                                         \
    " ON t.id = (SELECT min(id) FROM tickets WHERE booking_id = b.id)"
#define BOOKING_NCOLS 23

#define ACTIVE "status IN ('booked', 'checked_in')"

enum {
    B_SERVICE_INSERT,
    B_SERVICE_UPDATE,
    B_SERVICE_GET,
    B_SERVICE_LIST,
    B_SERVICE_LETTER,
    B_SERVICE_NEXT_POS,
    B_SLOTS_DELETE,
    B_SLOT_INSERT,
    B_SLOTS_GET,
    B_CLOSURE_SET,
    B_CLOSURE_SEED,
    B_CLOSURE_SEEDED,
    B_CLOSURE_DELETE,
    B_CLOSURES_RANGE,
    B_CLOSURES_FROM,
    B_TAKEN,
    B_BY_TOKEN,
    B_PHONE_IN_SLOT,
    B_PHONE_OPEN,
    B_INSERT,
    B_TICKET_OF,
    B_GET,
    B_OF_TICKET,
    B_LIST,
    B_SET_STATUS,
    B_ENDED,
    B_COUNT
};

_Static_assert(B_COUNT <= STORE_BOOKING_STMTS, "raise STORE_BOOKING_STMTS in store_int.h");

static const char *const booking_sql[B_COUNT] = {
    [B_SERVICE_INSERT] =
        "INSERT INTO services (" SERVICE_COLUMNS ", position) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
        " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
        " (SELECT coalesce(max(position), 0) + 1 FROM services))",
    [B_SERVICE_UPDATE] =
        "UPDATE services SET letter = ?2, zh = ?3, en = ?4, about_zh = ?5, about_en = ?6,"
        " place_zh = ?7, place_en = ?8, bring_zh = ?9, bring_en = ?10, days = ?11,"
        " lead_hours = ?12, horizon_days = ?13, escort = ?14, active = ?15 WHERE code = ?1",
    [B_SERVICE_GET] = "SELECT " SERVICE_COLUMNS " FROM services WHERE code = ?1",
    [B_SERVICE_LIST] = "SELECT " SERVICE_COLUMNS " FROM services WHERE active OR NOT ?1"
                       " ORDER BY position, code",
    [B_SERVICE_LETTER] = "SELECT 1 FROM services WHERE letter = ?1 AND code <> ?2",
    [B_SERVICE_NEXT_POS] = "SELECT 1 FROM services WHERE code = ?1",
    [B_SLOTS_DELETE] = "DELETE FROM service_slots WHERE service = ?1",
    [B_SLOT_INSERT] =
        "INSERT INTO service_slots (service, start, end, capacity) VALUES (?1, ?2, ?3, ?4)",
    [B_SLOTS_GET] = "SELECT start, end, capacity FROM service_slots WHERE service = ?1"
                    " ORDER BY start",
    [B_CLOSURE_SET] = "INSERT INTO closures (service, day, reason_zh, reason_en)"
                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (service, day) DO UPDATE"
                      " SET reason_zh = excluded.reason_zh, reason_en = excluded.reason_en",
    [B_CLOSURE_SEEDED] = "INSERT OR IGNORE INTO closure_seeds (service, day) VALUES (?1, ?2)",
    [B_CLOSURE_SEED] = "INSERT OR IGNORE INTO closures (service, day, reason_zh, reason_en)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [B_CLOSURE_DELETE] = "DELETE FROM closures WHERE service = ?1 AND day = ?2",
    /* A service's own reason before the station's ("*" sorts first). */
    [B_CLOSURES_RANGE] = "SELECT day, reason_zh, reason_en FROM closures"
                         " WHERE service IN (?1, '*') AND day BETWEEN ?2 AND ?3"
                         " ORDER BY day, service DESC",
    [B_CLOSURES_FROM] = "SELECT service, day, reason_zh, reason_en FROM closures"
                        " WHERE day >= ?1 ORDER BY day, service",
    [B_TAKEN] = "SELECT day, slot, count(*) FROM bookings WHERE service = ?1"
                " AND day BETWEEN ?2 AND ?3 AND " ACTIVE " GROUP BY day, slot",
    [B_BY_TOKEN] = "SELECT id FROM bookings WHERE token = ?1",
    [B_PHONE_IN_SLOT] = "SELECT count(*) FROM bookings WHERE phone = ?1 AND service = ?2"
                        " AND day = ?3 AND slot = ?4 AND " ACTIVE,
    [B_PHONE_OPEN] = "SELECT count(*) FROM bookings WHERE phone = ?1 AND status = 'booked'"
                     " AND ends_at > ?2",
    [B_INSERT] = "INSERT INTO bookings (id, site, token, service, day, slot, starts_at, ends_at,"
                 " phone, name, age, hospital, department, pickup, building, unit, room,"
                 " needs, status, created_at, updated_at, sms) VALUES (" NEXT_ID(
                     "bookings") ", ?1,"
                                 " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                 "?16, ?17, ?18,"
                                 " ?19, ?19, ?20)",
    [B_TICKET_OF] = "SELECT t.id, t.site, t.kind, t.day, t.seq, t.number, t.lookup, t.payload,"
                    " t.created_at, t.due_at FROM tickets t WHERE t.booking_id = ?1"
                    " ORDER BY t.id LIMIT 1",
    [B_GET] = BOOKING_SELECT " WHERE b.id = ?1",
    [B_OF_TICKET] = BOOKING_SELECT " WHERE b.id = (SELECT booking_id FROM tickets WHERE id = ?1)",
    [B_LIST] = BOOKING_SELECT " WHERE (?1 IS NULL OR b.day = ?1) AND (?2 IS NULL OR"
                              " b.service = ?2) AND (?3 IS NULL OR b.status = ?3)"
                              " ORDER BY b.day, b.slot, b.id LIMIT ?4",
    [B_SET_STATUS] = "UPDATE bookings SET status = ?2, updated_at = ?3, reason = ?4"
                     " WHERE id = ?1 AND status = ?5",
    [B_ENDED] = "SELECT id FROM bookings WHERE status = 'booked' AND ends_at <= ?1"
                " ORDER BY id LIMIT 1",
};

static const StmtTable book_table = {"booking", booking_sql, B_COUNT};

KResult store_booking_prepare(Store *s)
{
    return store_prepare_table(s, &book_table, s->book);
}

/* The statement which, prepared on first use; NULL when it cannot be. */
static sqlite3_stmt *stmt(Store *s, int which)
{
    return store_prepared(s, &book_table, s->book, which);
}

/* ---- events ---- */

/* {"service":"escort","day":"2026-12-01","slot":"09:00"[,"ticket":"C007"]
 * [,"reason":...]}: no phone, no name (the log is kept for ever). */
static KResult log_booking(Store *s, int64_t at, const char *actor, const char *kind, int64_t id,
                           const char *service, const char *day, int slot, const char *ticket,
                           const char *reason)
{
    char detail[512], q[300];
    char part[160];
    snprintf(detail, sizeof detail, "{\"service\":\"%s\"", service);
    if (day && day[0]) {
        snprintf(part, sizeof part, ",\"day\":\"%s\",\"slot\":\"%02d:%02d\"", day, slot / 60,
                 slot % 60);
        text_append(detail, sizeof detail, part);
    }
    if (ticket && ticket[0]) {
        snprintf(part, sizeof part, ",\"ticket\":\"%s\"", ticket);
        text_append(detail, sizeof detail, part);
    }
    if (reason && reason[0] && text_json_quote(q, sizeof q, reason)) {
        text_append(detail, sizeof detail, ",\"reason\":");
        text_append(detail, sizeof detail, q);
    }
    if (!text_append(detail, sizeof detail, "}"))
        return store_invalid(s, "cannot log the booking: its detail is too long");
    return store_insert_event(s, at, actor, kind, id ? "booking" : "service", id, detail);
}

/* ---- services ---- */

static void read_service(sqlite3_stmt *st, CfgService *v)
{
    char letter[2];
    memset(v, 0, sizeof *v);
    store_col_text(st, 0, v->item.code, sizeof v->item.code);
    store_col_text(st, 1, letter, sizeof letter);
    v->letter = letter[0];
    store_col_text(st, 2, v->item.zh, sizeof v->item.zh);
    store_col_text(st, 3, v->item.en, sizeof v->item.en);
    store_col_text(st, 4, v->about_zh, sizeof v->about_zh);
    store_col_text(st, 5, v->about_en, sizeof v->about_en);
    store_col_text(st, 6, v->place_zh, sizeof v->place_zh);
    store_col_text(st, 7, v->place_en, sizeof v->place_en);
    store_col_text(st, 8, v->bring_zh, sizeof v->bring_zh);
    store_col_text(st, 9, v->bring_en, sizeof v->bring_en);
    v->days = (unsigned)sqlite3_column_int(st, 10) & CFG_ALL_DAYS;
    v->lead_hours = sqlite3_column_int(st, 11);
    v->horizon_days = sqlite3_column_int(st, 12);
    v->escort = sqlite3_column_int(st, 13) != 0;
    v->active = sqlite3_column_int(st, 14) != 0;
}

static KResult read_slots(Store *s, CfgService *v)
{
    sqlite3_stmt *st = stmt(s, B_SLOTS_GET);
    KResult r = K_OK;
    v->slot_count = 0;
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, v->item.code);
    while (store_next_row(s, st, &r, "cannot read the service's time slots")) {
        if (v->slot_count >= CFG_MAX_SLOTS)
            continue; /* the store refuses more on the way in */
        CfgSlot *sl = &v->slots[v->slot_count++];
        sl->start = sqlite3_column_int(st, 0);
        sl->end = sqlite3_column_int(st, 1);
        sl->capacity = sqlite3_column_int(st, 2);
    }
    store_stmt_done(st);
    return r;
}

KResult store_get_service(Store *s, const char *code, CfgService *out)
{
    sqlite3_stmt *st;
    KResult r;
    assert(s && code && out);
    store_clear_error(s);
    st = stmt(s, B_SERVICE_GET);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, code);
    r = store_step_one(s, st, "cannot read the service");
    if (r == K_OK)
        read_service(st, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no service \"%.40s\"", code);
    store_stmt_done(st);
    if (r == K_OK)
        r = read_slots(s, out);
    return r;
}

KResult store_list_services(Store *s, bool active_only, CfgService *out, int max, int *count)
{
    sqlite3_stmt *st;
    KResult r = K_OK;
    int n = 0;
    assert(s && out && count);
    store_clear_error(s);
    st = stmt(s, B_SERVICE_LIST);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int(st, 1, active_only);
    while (store_next_row(s, st, &r, "cannot list the services"))
        if (n < max)
            read_service(st, &out[n++]);
    store_stmt_done(st);
    for (int i = 0; i < n && r == K_OK; i++)
        r = read_slots(s, &out[i]);
    *count = r == K_OK ? n : 0;
    return r;
}

/* The form of a service: what the schema's checks would refuse, said in
 * words before SQLite says it in its own. */
static KResult check_service(Store *s, const CfgService *v)
{
    const char *c = v->item.code;
    size_t n = strnlen(c, sizeof v->item.code);
    if (n == 0 || n >= sizeof v->item.code)
        return store_invalid(s, "a service needs a code of 1 to 23 characters");
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_'))
            return store_invalid(s, "a service code is lower-case letters, digits and _");
    if (!config_letter_valid(v->letter))
        return store_invalid(s, "a service's letter is B to Z, not H, Q or V (A is requests, "
                                "H activities, Q the walk-in queue, V volunteers' cards)");
    if (!v->item.zh[0] || !v->item.en[0] || !text_valid_utf8(v->item.zh) ||
        !text_valid_utf8(v->item.en))
        return store_invalid(s, "a service needs a Chinese and an English name");
    if (v->slot_count < 1 || v->slot_count > CFG_MAX_SLOTS)
        return store_invalid(s, "a service needs 1 to 16 time slots");
    for (int i = 0; i < v->slot_count; i++) {
        const CfgSlot *sl = &v->slots[i];
        if (sl->start < 0 || sl->end <= sl->start || sl->end > 24 * 60 || sl->capacity < 0 ||
            (i > 0 && sl->start < v->slots[i - 1].end))
            return store_invalid(s, "the time slots must be in order, not overlap, and end "
                                    "after they start");
    }
    if (v->days == 0 || (v->days & ~CFG_ALL_DAYS))
        return store_invalid(s, "a service needs at least one opening day");
    if (v->lead_hours < 0 || v->lead_hours > 24 * 30 || v->horizon_days < 1 ||
        v->horizon_days > BOOK_MAX_DAYS)
        return store_invalid(s, "lead time is 0 to 720 hours and the horizon 1 to 60 days");
    return K_OK;
}

static void bind_service(sqlite3_stmt *st, const CfgService *v)
{
    store_bind_text(st, 1, v->item.code);
    sqlite3_bind_text(st, 2, &v->letter, 1, SQLITE_STATIC);
    store_bind_text(st, 3, v->item.zh);
    store_bind_text(st, 4, v->item.en);
    store_bind_text(st, 5, v->about_zh);
    store_bind_text(st, 6, v->about_en);
    store_bind_text(st, 7, v->place_zh);
    store_bind_text(st, 8, v->place_en);
    store_bind_text(st, 9, v->bring_zh);
    store_bind_text(st, 10, v->bring_en);
    sqlite3_bind_int(st, 11, (int)v->days);
    sqlite3_bind_int(st, 12, v->lead_hours);
    sqlite3_bind_int(st, 13, v->horizon_days);
    sqlite3_bind_int(st, 14, v->escort);
    sqlite3_bind_int(st, 15, v->active);
}

static KResult write_slots(Store *s, const CfgService *v)
{
    sqlite3_stmt *st = stmt(s, B_SLOTS_DELETE);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, v->item.code);
    KResult r = store_run(s, st, "cannot replace the time slots");
    for (int i = 0; i < v->slot_count && r == K_OK; i++) {
        st = stmt(s, B_SLOT_INSERT);
        if (!st)
            return store_unprepared(s);
        store_bind_text(st, 1, v->item.code);
        sqlite3_bind_int(st, 2, v->slots[i].start);
        sqlite3_bind_int(st, 3, v->slots[i].end);
        sqlite3_bind_int(st, 4, v->slots[i].capacity);
        r = store_run(s, st, "cannot save a time slot");
    }
    return r;
}

static KResult letter_free(Store *s, const CfgService *v)
{
    int64_t one = 0;
    sqlite3_stmt *st = stmt(s, B_SERVICE_LETTER);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_text(st, 1, &v->letter, 1, SQLITE_STATIC);
    store_bind_text(st, 2, v->item.code);
    KResult r = store_run_int(s, st, "cannot check the service's letter", &one);
    if (r == K_OK) {
        snprintf(s->err, sizeof s->err, "another service already uses the letter %c", v->letter);
        return K_ERR_EXISTS;
    }
    return r == K_ERR_NOT_FOUND ? K_OK : r;
}

static KResult service_exists(Store *s, const char *code, bool *exists)
{
    int64_t one = 0;
    sqlite3_stmt *st = stmt(s, B_SERVICE_NEXT_POS);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, code);
    KResult r = store_run_int(s, st, "cannot look up the service", &one);
    *exists = r == K_OK;
    return r == K_ERR_NOT_FOUND ? K_OK : r;
}

/* Inserts (add) or updates a service and its slots; inside a transaction. */
static KResult put_service(Store *s, const CfgService *v, bool add)
{
    bool exists = false;
    KResult r = service_exists(s, v->item.code, &exists);
    if (r != K_OK)
        return r;
    if (add && exists) {
        snprintf(s->err, sizeof s->err, "there is already a service \"%s\"", v->item.code);
        return K_ERR_EXISTS;
    }
    if (!add && !exists) {
        snprintf(s->err, sizeof s->err, "there is no service \"%s\"", v->item.code);
        return K_ERR_NOT_FOUND;
    }
    r = letter_free(s, v);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st = stmt(s, add ? B_SERVICE_INSERT : B_SERVICE_UPDATE);
    if (!st)
        return store_unprepared(s);
    bind_service(st, v);
    r = store_run(s, st, "cannot save the service");
    return r == K_OK ? write_slots(s, v) : r;
}

static KResult service_change(Store *s, const CfgService *v, int64_t now, const char *actor,
                              bool add)
{
    assert(s && v && actor);
    store_clear_error(s);
    KResult r = check_service(s, v);
    if (r != K_OK)
        return r;
    r = store_begin(s, "cannot save the service");
    if (r == K_OK)
        r = put_service(s, v, add);
    if (r == K_OK)
        r = log_booking(s, now, actor, add ? "service_added" : "service_changed", 0, v->item.code,
                        NULL, 0, NULL, NULL);
    r = store_end(s, r, "cannot save the service");
    return r;
}

KResult store_add_service(Store *s, const CfgService *svc, int64_t now, const char *actor)
{
    return service_change(s, svc, now, actor, true);
}

KResult store_change_service(Store *s, const CfgService *svc, int64_t now, const char *actor)
{
    return service_change(s, svc, now, actor, false);
}

/* A closed day of the configuration, the first time it is seen: recorded
 * in closure_seeds so that a day staff reopen stays open. */
static KResult seed_closure(Store *s, const CfgClosure *c)
{
    sqlite3_stmt *st = stmt(s, B_CLOSURE_SEEDED);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, c->service);
    store_bind_text(st, 2, c->day);
    KResult r = store_run(s, st, "cannot record a closed day of the configuration");
    if (r != K_OK || sqlite3_changes(s->db) == 0)
        return r;
    st = stmt(s, B_CLOSURE_SEED);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, c->service);
    store_bind_text(st, 2, c->day);
    store_bind_text(st, 3, c->reason_zh);
    store_bind_text(st, 4, c->reason_en);
    return store_run(s, st, "cannot save a closed day");
}

KResult store_seed_services(Store *s, const Config *cfg, int64_t now, int *added)
{
    KResult r;
    int n = 0;
    char skipped[STORE_ERR_MAX] = "";
    assert(s && cfg);
    store_clear_error(s);
    if (added)
        *added = 0;
    r = store_begin(s, "cannot set up the booking services");
    for (int i = 0; i < cfg->service_count && r == K_OK; i++) {
        const CfgService *v = &cfg->services[i];
        bool exists = false;
        r = service_exists(s, v->item.code, &exists);
        if (r != K_OK || exists)
            continue;
        r = check_service(s, v);
        if (r == K_OK)
            r = put_service(s, v, true);
        if (r == K_ERR_INVALID || r == K_ERR_EXISTS) {
            /* One unusable service (its letter taken by one staff added,
             * say) must not keep the kiosk from starting: say so, go on. */
            snprintf(skipped, sizeof skipped, "service %s of the configuration not added: %.200s",
                     v->item.code, s->err);
            r = K_OK;
            continue;
        }
        if (r == K_OK)
            r = log_booking(s, now, "config", "service_added", 0, v->item.code, NULL, 0, NULL,
                            NULL);
        n++;
    }
    for (int i = 0; i < cfg->closure_count && r == K_OK; i++)
        r = seed_closure(s, &cfg->closures[i]);
    r = store_end(s, r, "cannot set up the booking services");
    if (r != K_OK)
        return r;
    text_copy(s->err, sizeof s->err, skipped);
    if (added)
        *added = n;
    return K_OK;
}

/* ---- closures ---- */

static KResult closure_service_ok(Store *s, const char *service)
{
    if (strcmp(service, "*") == 0)
        return K_OK;
    bool exists = false;
    KResult r = service_exists(s, service, &exists);
    if (r == K_OK && !exists) {
        snprintf(s->err, sizeof s->err, "there is no service \"%.40s\"", service);
        r = K_ERR_NOT_FOUND;
    }
    return r;
}

static KResult closure_change(Store *s, const char *service, const char *day, const char *zh,
                              const char *en, int64_t now, const char *actor, bool close)
{
    assert(s && service && day && actor);
    store_clear_error(s);
    if (!config_day_valid(day))
        return store_invalid(s, "a date is written YYYY-MM-DD and must exist");
    if (close && ((zh && (!text_valid_utf8(zh) || text_length(zh) > 40)) ||
                  (en && (!text_valid_utf8(en) || text_length(en) > 80))))
        return store_invalid(s, "a closure's reason is at most 40 characters (80 in English)");
    KResult r = store_begin(s, "cannot change the closed days");
    if (r == K_OK)
        r = closure_service_ok(s, service);
    sqlite3_stmt *st = r == K_OK ? stmt(s, close ? B_CLOSURE_SET : B_CLOSURE_DELETE) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        store_bind_text(st, 1, service);
        store_bind_text(st, 2, day);
        if (close) {
            store_bind_text(st, 3, zh ? zh : "");
            store_bind_text(st, 4, en ? en : "");
        }
        r = store_run(s, st, "cannot change the closed days");
    }
    if (r == K_OK && !close && sqlite3_changes(s->db) == 0) {
        snprintf(s->err, sizeof s->err, "%s is not closed for %s", day, service);
        r = K_ERR_NOT_FOUND;
    }
    if (r == K_OK)
        r = log_booking(s, now, actor, close ? "day_closed" : "day_reopened", 0, service, day, 0,
                        NULL, close ? zh : NULL);
    r = store_end(s, r, "cannot change the closed days");
    return r;
}

KResult store_close_day(Store *s, const char *service, const char *day, const char *reason_zh,
                        const char *reason_en, int64_t now, const char *actor)
{
    return closure_change(s, service, day, reason_zh, reason_en, now, actor, true);
}

KResult store_reopen_day(Store *s, const char *service, const char *day, int64_t now,
                         const char *actor)
{
    return closure_change(s, service, day, NULL, NULL, now, actor, false);
}

KResult store_list_closures(Store *s, const char *from_day, StoreClosureFn fn, void *user)
{
    sqlite3_stmt *st;
    KResult r = K_OK;
    int rc;
    CfgClosure c;
    assert(s && from_day && fn);
    store_clear_error(s);
    st = stmt(s, B_CLOSURES_FROM);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, from_day);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&c, 0, sizeof c);
        store_col_text(st, 0, c.service, sizeof c.service);
        store_col_text(st, 1, c.day, sizeof c.day);
        store_col_text(st, 2, c.reason_zh, sizeof c.reason_zh);
        store_col_text(st, 3, c.reason_en, sizeof c.reason_en);
        if (fn(&c, user) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(s, rc, "cannot list the closed days");
    store_stmt_done(st);
    return r;
}

/* ---- availability ---- */

static DayAvail *day_of(DayAvail *days, int n, const char *day)
{
    /* days are consecutive: index by the distance from the first */
    for (int i = 0; i < n; i++)
        if (strcmp(days[i].day, day) == 0)
            return &days[i];
    return NULL;
}

KResult store_availability(Store *s, const CfgService *svc, const char *first, int n, int64_t now,
                           DayAvail *days)
{
    sqlite3_stmt *st;
    KResult r = K_OK;
    int rc;
    assert(s && svc && first && days);
    store_clear_error(s);
    if (n < 1 || n > BOOK_MAX_DAYS || !booking_days_init(svc, first, n, days))
        return store_invalid(s, "availability is asked for 1 to 60 days from a valid date");
    const char *last = days[n - 1].day;

    st = stmt(s, B_CLOSURES_RANGE);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, svc->item.code);
    store_bind_text(st, 2, first);
    store_bind_text(st, 3, last);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char day[CFG_DAY_MAX];
        store_col_text(st, 0, day, sizeof day);
        DayAvail *d = day_of(days, n, day);
        if (d && !d->closed) {
            d->closed = true;
            store_col_text(st, 1, d->reason_zh, sizeof d->reason_zh);
            store_col_text(st, 2, d->reason_en, sizeof d->reason_en);
        }
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(s, rc, "cannot read the closed days");
    store_stmt_done(st);
    if (r != K_OK)
        return r;

    st = stmt(s, B_TAKEN);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, svc->item.code);
    store_bind_text(st, 2, first);
    store_bind_text(st, 3, last);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char day[CFG_DAY_MAX];
        store_col_text(st, 0, day, sizeof day);
        int slot = sqlite3_column_int(st, 1);
        DayAvail *d = day_of(days, n, day);
        for (int j = 0; d && j < d->slot_count; j++)
            if (d->slots[j].slot.start == slot)
                d->slots[j].taken = sqlite3_column_int(st, 2);
    }
    if (rc != SQLITE_DONE)
        r = store_db_fail(s, rc, "cannot count the bookings");
    store_stmt_done(st);
    if (r == K_OK)
        booking_evaluate(svc, now, days, n);
    return r;
}

/* ---- booking ---- */

const char *store_refusal_name(const BookRefusal *why)
{
    switch (why->kind) {
    case REFUSE_NONE: return "none";
    case REFUSE_SLOT: return booking_avail_name(why->slot);
    case REFUSE_PHONE_SLOT: return "phone_slot";
    case REFUSE_PHONE_LIMIT: return "phone_limit";
    case REFUSE_NO_SERVICE: return "no_service";
    }
    return "unknown";
}

static const char *bdraft_problem(BookingDraftCheck c)
{
    switch (c) {
    case BDRAFT_OK: return "";
    case BDRAFT_BAD_TEXT: return "the booking has text that is too long or not UTF-8";
    case BDRAFT_NO_SERVICE: return "the booking has no service";
    case BDRAFT_NO_SLOT: return "the booking has no valid date and time slot";
    case BDRAFT_BAD_PHONE: return "the booking's phone number is not valid";
    case BDRAFT_BAD_AGE: return "the age must be between 1 and 120";
    case BDRAFT_NO_HOSPITAL: return "a medical escort needs a hospital";
    case BDRAFT_NO_PICKUP: return "a medical escort needs a pick-up place (home needs an address)";
    case BDRAFT_BAD_NEEDS: return "the booking's needs are not known";
    }
    return "the booking is not valid";
}

static KResult count_of(Store *s, sqlite3_stmt *st, const char *what, int *out)
{
    int64_t v = 0;
    KResult r = store_run_int(s, st, what, &v);
    *out = (int)v;
    return r;
}

/* The next open slot of svc at or after (day, minute), from today on. */
static KResult next_open(Store *s, const CfgService *svc, const char *day, int minute, int64_t now,
                         BookRefusal *why)
{
    DayAvail days[BOOK_MAX_DAYS];
    char today[CFG_DAY_MAX];
    why->next_day[0] = '\0';
    why->next_slot = -1;
    if (!booking_local_day(now, today))
        return K_OK;
    KResult r = store_availability(s, svc, today, svc->horizon_days, now, days);
    if (r != K_OK)
        return r;
    const char *from = strcmp(day, today) < 0 ? today : day;
    if (!booking_next_open(days, svc->horizon_days, from, strcmp(day, today) < 0 ? 0 : minute,
                           why->next_day, &why->next_slot))
        why->next_slot = -1;
    return K_OK;
}

static KResult insert_booking(Store *s, const BookingDraft *d, const char *site, int64_t starts,
                              int64_t ends, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, B_INSERT);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, site);
    store_bind_field(st, 2, d->token, sizeof d->token);
    store_bind_field(st, 3, d->service, sizeof d->service);
    store_bind_field(st, 4, d->day, sizeof d->day);
    sqlite3_bind_int(st, 5, d->slot);
    sqlite3_bind_int64(st, 6, starts);
    sqlite3_bind_int64(st, 7, ends);
    store_bind_field(st, 8, d->phone, sizeof d->phone);
    store_bind_field(st, 9, d->name, sizeof d->name);
    sqlite3_bind_int(st, 10, d->age);
    store_bind_field(st, 11, d->hospital, sizeof d->hospital);
    store_bind_field(st, 12, d->department, sizeof d->department);
    sqlite3_bind_int(st, 13, d->pickup);
    store_bind_field(st, 14, d->building, sizeof d->building);
    store_bind_field(st, 15, d->unit, sizeof d->unit);
    store_bind_field(st, 16, d->room, sizeof d->room);
    sqlite3_bind_int(st, 17, (int)d->needs);
    store_bind_text(st, 18, BOOKING_BOOKED);
    sqlite3_bind_int64(st, 19, now);
    store_bind_text(st, 20, sms_consent_lang(d->sms)); /* issue 23 */
    KResult r = store_run(s, st, "cannot save the booking");
    if (r == K_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return r;
}

/* The booking filed before with this draft's token, if any: its ticket. */
static KResult booked_before(Store *s, const BookingDraft *d, int64_t *id, Ticket *t)
{
    sqlite3_stmt *st = stmt(s, B_BY_TOKEN);
    if (!st)
        return store_unprepared(s);
    store_bind_field(st, 1, d->token, sizeof d->token);
    KResult r = store_run_int(s, st, "cannot check the booking's token", id);
    if (r != K_OK)
        return r;
    st = stmt(s, B_TICKET_OF);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, *id);
    return store_fetch_ticket(s, st, "cannot read the ticket of the booking made before", t);
}

/* Checks the rules inside the lock; K_ERR_REFUSED fills why. */
static KResult check_rules(Store *s, const BookingDraft *d, const CfgService *svc, int64_t now,
                           int max_open, BookRefusal *why)
{
    DayAvail day;
    const char *what = "cannot check the booking";
    KResult r = store_availability(s, svc, d->day, 1, now, &day);
    if (r != K_OK)
        return r;
    const SlotAvail *slot = NULL;
    for (int j = 0; j < day.slot_count; j++)
        if (day.slots[j].slot.start == d->slot)
            slot = &day.slots[j];
    Avail state = slot ? slot->state : AVAIL_NO_SLOT;
    if (state != AVAIL_OPEN) {
        why->kind = REFUSE_SLOT;
        why->slot = state;
        r = next_open(s, svc, d->day, d->slot + 1, now, why);
        if (r == K_OK) {
            snprintf(s->err, sizeof s->err, "the %s slot at %02d:%02d on %s is %s", svc->item.code,
                     d->slot / 60, d->slot % 60, d->day, booking_avail_name(state));
            r = K_ERR_REFUSED;
        }
        return r;
    }
    int n = 0;
    sqlite3_stmt *st = stmt(s, B_PHONE_IN_SLOT);
    if (!st)
        return store_unprepared(s);
    store_bind_field(st, 1, d->phone, sizeof d->phone);
    store_bind_field(st, 2, d->service, sizeof d->service);
    store_bind_field(st, 3, d->day, sizeof d->day);
    sqlite3_bind_int(st, 4, d->slot);
    r = count_of(s, st, what, &n);
    if (r == K_OK && n > 0) {
        why->kind = REFUSE_PHONE_SLOT;
        snprintf(s->err, sizeof s->err, "this phone number already has a place in this slot");
        return K_ERR_REFUSED;
    }
    st = stmt(s, B_PHONE_OPEN);
    if (!st)
        return store_unprepared(s);
    store_bind_field(st, 1, d->phone, sizeof d->phone);
    sqlite3_bind_int64(st, 2, now);
    if (r == K_OK)
        r = count_of(s, st, what, &n);
    else
        store_stmt_done(st);
    if (r == K_OK && n >= max_open) {
        why->kind = REFUSE_PHONE_LIMIT;
        why->open_bookings = n;
        snprintf(s->err, sizeof s->err,
                 "this phone number already has %d open bookings, the most allowed", n);
        return K_ERR_REFUSED;
    }
    return r;
}

KResult store_book(Store *s, const BookingDraft *d, const char *site, int64_t now, int max_open,
                   const uint8_t key[TICKET_KEY_BYTES], const char *actor, int64_t *booking_id,
                   Ticket *ticket, BookRefusal *why)
{
    const char *what = "cannot make the booking";
    CfgService svc;
    Ticket t;
    int64_t id = 0, starts = 0, ends = 0;
    KResult r;
    BookingDraftCheck dc;

    assert(s && d && site && key && actor && booking_id && ticket && why);
    store_clear_error(s);
    memset(why, 0, sizeof *why);
    why->next_slot = -1;
    *booking_id = 0;
    memset(ticket, 0, sizeof *ticket);
    memset(&t, 0, sizeof t);
    dc = booking_draft_check(d, false);
    if (dc != BDRAFT_OK && dc != BDRAFT_NO_HOSPITAL && dc != BDRAFT_NO_PICKUP)
        return store_invalid(s, bdraft_problem(dc));
    if (!ticket_site_valid(site))
        return store_invalid(s, "the site code is not 1 to 12 letters A-Z and digits");
    if (max_open < 1)
        return store_invalid(s, "the limit of open bookings per phone must be at least 1");
    if (!store_local_day(now, t.day))
        return store_invalid(s, "the clock's time cannot be turned into a date");

    r = store_begin(s, what);
    if (r != K_OK)
        return r;
    r = booked_before(s, d, &id, &t);
    if (r == K_OK) {
        r = store_commit(s, what);
        if (r != K_OK)
            goto fail;
        *booking_id = id;
        *ticket = t;
        return K_OK;
    }
    if (r != K_ERR_NOT_FOUND)
        goto fail;

    r = store_get_service(s, d->service, &svc);
    if (r == K_ERR_NOT_FOUND || (r == K_OK && !svc.active)) {
        why->kind = REFUSE_NO_SERVICE;
        snprintf(s->err, sizeof s->err, "the service \"%.40s\" is not offered", d->service);
        r = K_ERR_REFUSED;
        goto fail;
    }
    if (r != K_OK)
        goto fail;
    dc = booking_draft_check(d, svc.escort);
    if (dc != BDRAFT_OK) {
        r = store_invalid(s, bdraft_problem(dc));
        goto fail;
    }
    r = check_rules(s, d, &svc, now, max_open, why);
    if (r != K_OK)
        goto fail;
    const CfgSlot *slot = booking_find_slot(&svc, d->slot);
    if (!slot || !booking_time(d->day, slot->start, &starts) ||
        !booking_time(d->day, slot->end, &ends)) {
        r = store_invalid(s, "the slot's time cannot be worked out");
        goto fail;
    }
    r = insert_booking(s, d, site, starts, ends, now, &id);
    if (r == K_ERR_DB && strstr(s->err, "slot full")) {
        /* The trigger: only reachable if the check above were wrong. */
        why->kind = REFUSE_SLOT;
        why->slot = AVAIL_FULL;
        r = K_ERR_REFUSED;
    }
    if (r != K_OK)
        goto fail;
    text_copy(t.site, sizeof t.site, site);
    t.kind = svc.letter;
    t.created_at = now;
    t.due_at = ends;
    r = store_issue_ticket(s, 0, id, key, &t);
    if (r == K_OK)
        r = log_booking(s, now, actor, "booking_created", id, d->service, d->day, d->slot, t.number,
                        NULL);
    if (r == K_OK)
        r = store_commit(s, what);
    if (r != K_OK)
        goto fail;
    *booking_id = id;
    *ticket = t;
    return K_OK;

fail:
    store_rollback(s);
    return r;
}

/* ---- reading bookings ---- */

static void read_booking(sqlite3_stmt *st, BookingRecord *b)
{
    BookingDraft *d = &b->draft;
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, b->site, sizeof b->site);
    store_col_text(st, 2, d->token, sizeof d->token);
    store_col_text(st, 3, d->service, sizeof d->service);
    store_col_text(st, 4, d->day, sizeof d->day);
    d->slot = sqlite3_column_int(st, 5);
    b->starts_at = sqlite3_column_int64(st, 6);
    b->ends_at = sqlite3_column_int64(st, 7);
    store_col_text(st, 8, d->phone, sizeof d->phone);
    store_col_text(st, 9, d->name, sizeof d->name);
    d->age = sqlite3_column_int(st, 10);
    store_col_text(st, 11, d->hospital, sizeof d->hospital);
    store_col_text(st, 12, d->department, sizeof d->department);
    d->pickup = sqlite3_column_int(st, 13);
    store_col_text(st, 14, d->building, sizeof d->building);
    store_col_text(st, 15, d->unit, sizeof d->unit);
    store_col_text(st, 16, d->room, sizeof d->room);
    d->needs = (unsigned)sqlite3_column_int(st, 17);
    store_col_text(st, 18, b->status, sizeof b->status);
    b->state = booking_state_of(b->status);
    b->created_at = sqlite3_column_int64(st, 19);
    b->updated_at = sqlite3_column_int64(st, 20);
    store_col_text(st, 21, b->reason, sizeof b->reason);
    store_col_text(st, 22, d->sms, sizeof d->sms); /* issue 23: texts asked for */
    store_read_ticket(st, BOOKING_NCOLS, &b->ticket);
}

static KResult get_booking(Store *s, int which, int64_t id, BookingRecord *out)
{
    sqlite3_stmt *st;
    KResult r;
    assert(s && out);
    store_clear_error(s);
    st = stmt(s, which);
    if (!st)
        return store_unprepared(s);
    sqlite3_bind_int64(st, 1, id);
    r = store_step_one(s, st, "cannot read the booking");
    if (r == K_OK)
        read_booking(st, out);
    else if (r == K_ERR_NOT_FOUND)
        snprintf(s->err, sizeof s->err, "there is no booking %s %lld",
                 which == B_GET ? "with id" : "for ticket", (long long)id);
    store_stmt_done(st);
    return r;
}

KResult store_get_booking(Store *s, int64_t id, BookingRecord *out)
{
    return get_booking(s, B_GET, id, out);
}

KResult store_get_booking_of_ticket(Store *s, int64_t ticket_id, BookingRecord *out)
{
    return get_booking(s, B_OF_TICKET, ticket_id, out);
}

KResult store_list_bookings(Store *s, const char *day, const char *service, const char *status,
                            int limit, StoreBookingFn fn, void *user)
{
    sqlite3_stmt *st;
    BookingRecord b;
    KResult r = K_OK;
    assert(s && fn);
    store_clear_error(s);
    st = stmt(s, B_LIST);
    if (!st)
        return store_unprepared(s);
    store_bind_text(st, 1, day);
    store_bind_text(st, 2, service);
    store_bind_text(st, 3, status);
    sqlite3_bind_int(st, 4, limit > 0 ? limit : -1);
    while (store_next_row(s, st, &r, "cannot list the bookings")) {
        read_booking(st, &b);
        if (fn(&b, user) != 0)
            break;
    }
    store_stmt_done(st);
    return r;
}

/* ---- changing a booking's state ---- */

#define CHECKIN_EARLY_S (2 * 3600)

static void clock_text(int64_t t, char *out, size_t cap)
{
    char day[CFG_DAY_MAX];
    time_t tt = (time_t)t;
    struct tm tm;
    if (!booking_local_day(t, day) || !localtime_r(&tt, &tm))
        snprintf(out, cap, "?");
    else
        snprintf(out, cap, "%s %02d:%02d", day, tm.tm_hour, tm.tm_min);
}

/* Whether b may go to `to` at now; the message says why not. */
static KResult check_change(Store *s, const BookingRecord *b, const char *to, bool resident,
                            const char *reason, int64_t now)
{
    char when[32];
    if (strcmp(b->status, to) == 0 || !booking_transition_ok(b->status, to)) {
        clock_text(b->updated_at, when, sizeof when);
        snprintf(s->err, sizeof s->err, "the booking is already %s (since %s)", b->status, when);
        return K_ERR_REFUSED;
    }
    if (strcmp(to, BOOKING_CANCELLED) == 0) {
        if (!reason || !reason[0])
            return store_invalid(s, "cancelling a booking needs a reason");
        if (now >= (resident ? b->starts_at : b->ends_at)) {
            snprintf(s->err, sizeof s->err, "the slot has %s: it can no longer be cancelled",
                     resident ? "started" : "ended");
            return K_ERR_REFUSED;
        }
    } else if (strcmp(to, BOOKING_CHECKED_IN) == 0) {
        if (now < b->starts_at - CHECKIN_EARLY_S || now >= b->ends_at) {
            clock_text(b->starts_at, when, sizeof when);
            snprintf(s->err, sizeof s->err,
                     "check-in is open from two hours before the slot (%s) until it ends", when);
            return K_ERR_REFUSED;
        }
    } else if (strcmp(to, BOOKING_NO_SHOW) == 0) {
        if (now < b->ends_at) {
            snprintf(s->err, sizeof s->err, "a no-show is marked only after the slot ends");
            return K_ERR_REFUSED;
        }
    }
    return K_OK;
}

KResult store_booking_set_status(Store *s, int64_t id, const char *to, const char *actor,
                                 const char *reason, int64_t now)
{
    const char *what = "cannot change the booking";
    BookingRecord b;
    assert(s && to && actor);
    store_clear_error(s);
    if (reason && (!text_valid_utf8(reason) || strlen(reason) >= sizeof b.reason))
        return store_invalid(s, "the reason is not UTF-8 or longer than 127 bytes");
    KResult r = store_begin(s, what);
    if (r == K_OK)
        r = get_booking(s, B_GET, id, &b);
    if (r == K_OK)
        r = check_change(s, &b, to, strcmp(actor, "kiosk") == 0, reason, now);
    sqlite3_stmt *st = r == K_OK ? stmt(s, B_SET_STATUS) : NULL;
    if (r == K_OK && !st)
        r = store_unprepared(s);
    if (r == K_OK) {
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, to);
        sqlite3_bind_int64(st, 3, now);
        store_bind_text(st, 4, reason ? reason : "");
        store_bind_text(st, 5, b.status);
        r = store_run(s, st, what);
    }
    if (r == K_OK) {
        char kind[32];
        snprintf(kind, sizeof kind, "booking_%s", to);
        r = log_booking(s, now, actor, kind, id, b.draft.service, b.draft.day, b.draft.slot,
                        b.ticket.number, reason);
    }
    r = store_end(s, r, what);
    return r;
}

KResult store_sweep_no_shows(Store *s, int64_t now, const char *actor, int *count)
{
    int n = 0;
    KResult r = K_OK;
    assert(s && actor);
    if (count)
        *count = 0;
    /* One booking per transaction: a sweep over months of missed slots
     * never holds the write lock for long. */
    for (;;) {
        int64_t id = 0;
        store_clear_error(s);
        sqlite3_stmt *st = stmt(s, B_ENDED);
        if (!st) {
            r = store_unprepared(s);
            break;
        }
        sqlite3_bind_int64(st, 1, now);
        r = store_run_int(s, st, "cannot find ended bookings", &id);
        if (r == K_ERR_NOT_FOUND) {
            r = K_OK;
            break;
        }
        if (r == K_OK)
            r = store_booking_set_status(s, id, BOOKING_NO_SHOW, actor, NULL, now);
        if (r != K_OK)
            break;
        n++;
    }
    if (count)
        *count = n;
    return r;
}

/* ---- demo data ---- */

/* xorshift32: reproducible from the seed, no global state. */
static unsigned next_rand(unsigned *x)
{
    unsigned v = *x ? *x : 2463534242u;
    v ^= v << 13;
    v ^= v >> 17;
    v ^= v << 5;
    *x = v;
    return v;
}

static void demo_phone(unsigned *rng, char out[REQ_PHONE_MAX])
{
    static const char *const prefix[] = {"138", "139", "150", "186", "177", "199"};
    snprintf(out, REQ_PHONE_MAX, "%s%08u", prefix[next_rand(rng) % 6], next_rand(rng) % 100000000u);
}

KResult store_demo_bookings(Store *s, int n, unsigned seed, const char *site, int64_t now,
                            const uint8_t key[TICKET_KEY_BYTES], int *made)
{
    CfgService svcs[CFG_MAX_SERVICES];
    int count = 0, done = 0;
    long tries = 0;
    unsigned rng = seed * 2654435761u + 1u;
    char today[CFG_DAY_MAX];
    KResult r;

    assert(s && site && key);
    if (made)
        *made = 0;
    if (n < 0 || n > 1000000)
        return store_invalid(s, "demo bookings: between 0 and 1,000,000");
    if (!ticket_site_valid(site) || !booking_local_day(now, today))
        return store_invalid(s, "demo bookings: bad site code or clock");
    r = store_list_services(s, true, svcs, CFG_MAX_SERVICES, &count);
    if (r != K_OK)
        return r;
    if (count == 0)
        return store_invalid(s, "demo bookings: there are no services to book");

    /* Batches of 2,000 per transaction: each commit is durable, so the
     * batches keep the write lock short and the run fast. */
    /* Full slots are skipped, so try up to four times as often as asked. */
    while (done < n && tries < 4L * n && r == K_OK) {
        r = store_begin(s, "cannot write demo bookings");
        for (int b = 0; b < 2000 && done < n && r == K_OK; b++, tries++) {
            const CfgService *v = &svcs[next_rand(&rng) % (unsigned)count];
            const CfgSlot *sl = &v->slots[next_rand(&rng) % (unsigned)v->slot_count];
            /* Nine in ten in the past year, the rest in the coming days. */
            bool past = next_rand(&rng) % 10 != 0;
            int offset = past ? -(int)(1 + next_rand(&rng) % 365)
                              : (int)(next_rand(&rng) % (unsigned)v->horizon_days);
            BookingDraft d;
            int64_t starts = 0, ends = 0, id = 0;
            Ticket t;
            booking_draft_init(&d);
            text_copy(d.service, sizeof d.service, v->item.code);
            if (!booking_day_add(today, offset, d.day) ||
                !booking_time(d.day, sl->start, &starts) || !booking_time(d.day, sl->end, &ends)) {
                r = store_invalid(s, "demo bookings: a date could not be worked out");
                break;
            }
            if (!past && (starts <= now || !(v->days & (1u << booking_weekday(d.day)))))
                continue; /* only future slots the service is open for */
            d.slot = sl->start;
            demo_phone(&rng, d.phone);
            d.age = 60 + (int)(next_rand(&rng) % 35);
            if (v->escort) {
                text_copy(d.hospital, sizeof d.hospital, "other");
                d.pickup = PICKUP_STATION;
            }
            int64_t created = starts - 86400 * (int64_t)(1 + next_rand(&rng) % 7);
            if (created > now)
                created = now;
            r = insert_booking(s, &d, site, starts, ends, created, &id);
            if (r == K_ERR_DB && strstr(s->err, "slot full")) {
                r = K_OK; /* that slot is full: skip it, as a resident would */
                continue;
            }
            if (r != K_OK)
                break;
            memset(&t, 0, sizeof t);
            text_copy(t.site, sizeof t.site, site);
            t.kind = v->letter;
            t.created_at = created;
            t.due_at = ends;
            if (!booking_local_day(created, t.day)) {
                r = store_invalid(s, "demo bookings: a date could not be worked out");
                break;
            }
            r = store_issue_ticket(s, 0, id, key, &t);
            if (r == K_OK && past) {
                static const char *const ends_as[] = {BOOKING_COMPLETED, BOOKING_COMPLETED,
                                                      BOOKING_COMPLETED, BOOKING_CANCELLED,
                                                      BOOKING_NO_SHOW};
                const char *st_to = ends_as[next_rand(&rng) % 5];
                sqlite3_stmt *st = stmt(s, B_SET_STATUS);
                if (!st) {
                    r = store_unprepared(s);
                    break;
                }
                sqlite3_bind_int64(st, 1, id);
                store_bind_text(st, 2, st_to);
                sqlite3_bind_int64(st, 3, ends);
                store_bind_text(st, 4, strcmp(st_to, BOOKING_CANCELLED) == 0 ? "demo" : "");
                store_bind_text(st, 5, BOOKING_BOOKED);
                r = store_run(s, st, "cannot write demo bookings");
            }
            if (r == K_OK)
                done++;
        }
        r = store_end(s, r, "cannot write demo bookings");
        if (r == K_OK && made)
            *made = done;
    }
    if (r == K_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"bookings\":%d}", done);
        r = store_log_event(s, now, "admin", "demo_data", NULL, 0, detail);
    }
    return r;
}
