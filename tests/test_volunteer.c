/* test_volunteer.c - volunteers and their hours in the store
 * (app/store/store_volunteer.c, schema 12): applications checked, the
 * decisions and the states they may come from, the card (KT3, kind V, a new
 * one replaces the old), duty by scan (two scans within a minute are one),
 * the ledger never edited in place (the database refuses it), corrections
 * as new entries, staff closing a duty, the assignee order and the
 * figures, and the outbox bodies without personal data. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/store/store_int.h"
#include "check.h"
#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/store.h"
#include "kiosk/store_volunteer.h"
#include "kiosk/text.h"

static char test_dir[512];
static const uint8_t key[TICKET_KEY_BYTES] = {9, 9, 9, 1, 2, 3};
static Config cfg;
static int64_t now; /* Tuesday 2026-12-01 10:00 */

static Store *open_new(const char *name)
{
    char path[600], err[320];
    Store *s = NULL;
    snprintf(path, sizeof path, "%s/%s.db", test_dir, name);
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    %s\n", err);
    return s;
}

static void draft(VolunteerDraft *d, const char *name, const char *building, const char *skill)
{
    memset(d, 0, sizeof *d);
    text_copy(d->name, sizeof d->name, name);
    text_copy(d->phone, sizeof d->phone, "13912345678");
    d->age = 62;
    text_copy(d->building, sizeof d->building, building);
    d->availability = 0x3; /* Monday morning and afternoon */
    d->consent = true;
    d->skill_count = 1;
    text_copy(d->skills[0], sizeof d->skills[0], skill);
}

static int64_t apply_approved(Store *s, const char *name, const char *building, const char *skill)
{
    VolunteerDraft d;
    int64_t id = 0;
    draft(&d, name, building, skill);
    CHECK_INT_EQ(store_volunteer_apply(s, &d, &cfg, now, &id), K_OK);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "approved", "head1", now), K_OK);
    return id;
}

static void test_apply_and_decide(void)
{
    Store *s = open_new("apply");
    if (!s)
        return;
    VolunteerDraft d;
    int64_t id = 0;
    const char *why = NULL;
    draft(&d, "王阿姨", "3栋", "chat");
    /* bad input: nothing written */
    VolunteerDraft bad = d;
    bad.consent = false;
    CHECK_INT_EQ(store_volunteer_apply(s, &bad, &cfg, now, &id), K_ERR_INVALID);
    bad = d;
    text_copy(bad.skills[0], sizeof bad.skills[0], "juggling");
    CHECK_INT_EQ(volunteer_draft_check(&bad, &cfg, &why), K_ERR_INVALID);
    CHECK(why != NULL);
    bad = d;
    bad.age = 7;
    CHECK_INT_EQ(store_volunteer_apply(s, &bad, &cfg, now, &id), K_ERR_INVALID);
    bad = d;
    text_copy(bad.phone, sizeof bad.phone, "123");
    CHECK_INT_EQ(store_volunteer_apply(s, &bad, &cfg, now, &id), K_ERR_INVALID);
    bad = d;
    bad.availability = 0;
    CHECK_INT_EQ(store_volunteer_apply(s, &bad, &cfg, now, &id), K_ERR_INVALID);
    bad = d;
    memset(bad.name, ' ', 10);
    bad.name[10] = '\0';
    CHECK_INT_EQ(store_volunteer_apply(s, &bad, &cfg, now, &id), K_ERR_INVALID);
    CHECK_INT_EQ(id, 0);

    d.skill_count = 2;
    text_copy(d.skills[1], sizeof d.skills[1], "repair");
    CHECK_INT_EQ(store_volunteer_apply(s, &d, &cfg, now, &id), K_OK);
    CHECK_INT_EQ(id, 1);
    VolunteerRecord v;
    CHECK_INT_EQ(store_volunteer_get(s, id, &v), K_OK);
    CHECK_STR_EQ(v.status, "applied");
    CHECK_STR_EQ(v.d.name, "王阿姨");
    CHECK_INT_EQ(v.d.skill_count, 2);
    CHECK_INT_EQ(v.card_ticket_id, 0);
    Ticket t;
    /* no card before approval; reject only from applied */
    CHECK_INT_EQ(store_volunteer_card(s, id, "SW01", key, false, now, &t), K_ERR_REFUSED);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "approved", "", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "promoted", "head1", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "approved", "head1", now), K_OK);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "rejected", "head1", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "approved", "head1", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_volunteer_get(s, id, &v), K_OK);
    CHECK_STR_EQ(v.status, "approved");
    CHECK_STR_EQ(v.decided_by, "head1");
    CHECK_INT_EQ(store_volunteer_decide(s, 99, "approved", "head1", now), K_ERR_NOT_FOUND);
    store_close(s);
}

static int count_entry(const VolunteerEntry *e, void *user)
{
    (void)e;
    (*(int *)user)++;
    return 0;
}

static void test_card_and_duty(void)
{
    Store *s = open_new("duty");
    if (!s)
        return;
    TicketSigner signer;
    uint8_t seed[TICKET_SEED_BYTES] = {4, 5, 6};
    ticket_signer_from_seed(seed, &signer);
    CHECK_INT_EQ(store_set_signer(s, &signer, now), K_OK);
    int64_t id = apply_approved(s, "李师傅", "5栋", "repair");
    Ticket card, again, renewed, checked;
    TicketCheck why;
    CHECK_INT_EQ(store_volunteer_card(s, id, "SW01", key, false, now, &card), K_OK);
    CHECK_INT_EQ(card.kind, 'V');
    CHECK(strncmp(card.payload, "KT3.SW01.V.", 11) == 0);
    /* nothing personal in the payload */
    CHECK(strstr(card.payload, "13912345678") == NULL);
    CHECK_INT_EQ(store_volunteer_card(s, id, "SW01", key, false, now, &again), K_OK);
    CHECK_INT_EQ(again.id, card.id); /* the same card printed again */
    CHECK_INT_EQ(store_check_ticket(s, key, card.payload, "SW01", &checked, &why, NULL), K_OK);
    CHECK_INT_EQ(checked.id, card.id);

    DutyScan ds;
    VolunteerRecord v;
    CHECK_INT_EQ(store_volunteer_scan(s, card.id, 10, now, &ds, &v), K_OK);
    CHECK_INT_EQ(ds.action, DUTY_STARTED);
    CHECK(v.open_duty_id != 0);
    /* the same card twice within a minute: one scan */
    CHECK_INT_EQ(store_volunteer_scan(s, card.id, 10, now + 30, &ds, &v), K_OK);
    CHECK_INT_EQ(ds.action, DUTY_REPEAT);
    CHECK_INT_EQ(store_volunteer_scan(s, card.id, 10, now + 7200, &ds, &v), K_OK);
    CHECK_INT_EQ(ds.action, DUTY_ENDED);
    CHECK_INT_EQ(ds.minutes, 120);
    CHECK_INT_EQ(ds.points, 20);
    CHECK_INT_EQ(v.total_minutes, 120);
    CHECK_INT_EQ(v.open_duty_id, 0);
    CHECK_INT_EQ(store_volunteer_scan(s, card.id, 10, now + 7230, &ds, &v), K_OK);
    CHECK_INT_EQ(ds.action, DUTY_REPEAT); /* just signed out */
    CHECK_INT_EQ(v.entries, 1);

    /* the ledger is never edited: the database refuses it */
    CHECK(sqlite3_exec(s->db, "UPDATE volunteer_hours SET minutes = 600", NULL, NULL, NULL) !=
          SQLITE_OK);
    CHECK(sqlite3_exec(s->db, "DELETE FROM volunteer_hours", NULL, NULL, NULL) != SQLITE_OK);
    CHECK(sqlite3_exec(s->db,
                       "INSERT INTO volunteer_hours (volunteer_id, kind, minutes, at)"
                       " VALUES (1, 'adjust', 60, 0)",
                       NULL, NULL, NULL) != SQLITE_OK); /* no reason, no author */
    /* a correction is a new entry */
    int64_t entry = 0;
    CHECK_INT_EQ(store_volunteer_adjust(s, id, "adjust", -30, "", "head1", 10, now, &entry),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_volunteer_adjust(s, id, "adjust", 0, "x", "head1", 10, now, &entry),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_volunteer_adjust(s, id, "spent", 30, "x", "head1", 10, now, &entry),
                 K_ERR_INVALID);
    CHECK_INT_EQ(
        store_volunteer_adjust(s, id, "adjust", -30, "签退晚了半小时", "head1", 10, now, &entry),
        K_OK);
    CHECK(entry > 0);
    CHECK_INT_EQ(store_volunteer_get(s, id, &v), K_OK);
    CHECK_INT_EQ(v.total_minutes, 90);
    CHECK_INT_EQ(v.total_points, 15);
    int n = 0;
    CHECK_INT_EQ(store_volunteer_entries(s, id, 0, count_entry, &n), K_OK);
    CHECK_INT_EQ(n, 2);

    /* a new card replaces the old one: the old one names nobody now */
    CHECK_INT_EQ(store_volunteer_card(s, id, "SW01", key, true, now, &renewed), K_OK);
    CHECK(renewed.id != card.id);
    CHECK_INT_EQ(store_volunteer_scan(s, card.id, 10, now + 9000, &ds, &v), K_ERR_NOT_FOUND);
    /* staff close a duty left open */
    CHECK_INT_EQ(store_volunteer_scan(s, renewed.id, 10, now + 9000, &ds, &v), K_OK);
    CHECK_INT_EQ(ds.action, DUTY_STARTED);
    CHECK_INT_EQ(store_volunteer_close_duty(s, id, 600, 10, "head1", now + 9600), K_ERR_INVALID);
    CHECK_INT_EQ(store_volunteer_close_duty(s, id, 10, 10, "head1", now + 9600), K_OK);
    CHECK_INT_EQ(store_volunteer_close_duty(s, id, 10, 10, "head1", now + 9700), K_ERR_NOT_FOUND);
    /* disabled: the card is refused, and an open duty ends uncounted */
    CHECK_INT_EQ(store_volunteer_scan(s, renewed.id, 10, now + 10000, &ds, &v), K_OK);
    CHECK_INT_EQ(store_volunteer_decide(s, id, "disabled", "head1", now + 10100), K_OK);
    CHECK_INT_EQ(store_volunteer_scan(s, renewed.id, 10, now + 10200, &ds, &v), K_ERR_REFUSED);
    CHECK_INT_EQ(store_volunteer_get(s, id, &v), K_OK);
    CHECK_INT_EQ(v.open_duty_id, 0);
    CHECK_INT_EQ(v.total_minutes, 100);
    store_close(s);
}

typedef struct {
    int64_t ids[8];
    int n;
} Ids;

static int collect(const VolunteerRecord *v, void *user)
{
    Ids *ids = user;
    if (ids->n < 8)
        ids->ids[ids->n++] = v->id;
    return 0;
}

typedef struct {
    int64_t total, chat, month, vol1;
} Figures;

static int figure(const VolunteerFigure *f, void *user)
{
    Figures *g = user;
    if (strcmp(f->group, "total") == 0)
        g->total = f->minutes;
    else if (strcmp(f->group, "skill") == 0 && strcmp(f->key, "chat") == 0)
        g->chat = f->minutes;
    else if (strcmp(f->group, "month") == 0 && strcmp(f->key, "2026-12") == 0)
        g->month = f->minutes;
    else if (strcmp(f->group, "volunteer") == 0 && strcmp(f->key, "1") == 0)
        g->vol1 = f->minutes;
    return 0;
}

static void test_assignees_and_figures(void)
{
    Store *s = open_new("assign");
    if (!s)
        return;
    int64_t far = apply_approved(s, "甲", "12栋", "chat");
    int64_t near = apply_approved(s, "乙", "4栋", "chat");
    int64_t same = apply_approved(s, "丙", "3栋", "chat");
    apply_approved(s, "丁", "3栋", "repair");
    VolunteerDraft d;
    int64_t waiting = 0;
    draft(&d, "戊", "3栋", "chat");
    CHECK_INT_EQ(store_volunteer_apply(s, &d, &cfg, now, &waiting), K_OK);
    Ids ids = {{0}, 0};
    CHECK_INT_EQ(store_volunteer_assignees(s, "chat", "3栋", 8, collect, &ids), K_OK);
    CHECK_INT_EQ(ids.n, 3); /* approved with the skill only */
    CHECK_INT_EQ(ids.ids[0], same);
    CHECK_INT_EQ(ids.ids[1], near);
    CHECK_INT_EQ(ids.ids[2], far);

    CHECK_INT_EQ(store_volunteer_adjust(s, far, "adjust", 60, "上门陪伴", "head1", 10, now, NULL),
                 K_OK);
    CHECK_INT_EQ(store_volunteer_adjust(s, near, "adjust", 30, "送餐", "head1", 10, now, NULL),
                 K_OK);
    CHECK_INT_EQ(
        store_volunteer_adjust(s, near, "spent", -20, "家人得到帮助", "head1", 10, now, NULL),
        K_OK);
    Figures g = {0, 0, 0, 0};
    CHECK_INT_EQ(store_volunteer_figures(s, now - 86400, now + 86400, figure, &g), K_OK);
    CHECK_INT_EQ(g.total, 90); /* spent is not given time */
    CHECK_INT_EQ(g.chat, 90);
    CHECK_INT_EQ(g.month, 90);
    CHECK_INT_EQ(g.vol1, 60);
    store_close(s);
}

/* The outbox's bodies: never a name, a phone or a building. */
static void test_outbox(void)
{
    Store *s = open_new("outbox");
    if (!s)
        return;
    int64_t queued = 0;
    CHECK_INT_EQ(store_sync_enable(s, "SW01", now, &queued), K_OK);
    int64_t id = apply_approved(s, "张三丰", "7栋", "meals");
    CHECK_INT_EQ(store_volunteer_adjust(s, id, "adjust", 45, "补记", "head1", 10, now, NULL), K_OK);
    sqlite3_stmt *st = NULL;
    CHECK_INT_EQ(sqlite3_prepare_v2(s->db,
                                    "SELECT body FROM outbox WHERE body->>'kind' IN"
                                    " ('volunteer', 'volunteer_hours') ORDER BY seq",
                                    -1, &st, NULL),
                 SQLITE_OK);
    int n = 0, hours = 0, skills = 0;
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 0);
        n++;
        CHECK(strstr(body, "张三丰") == NULL);
        CHECK(strstr(body, "13912345678") == NULL);
        CHECK(strstr(body, "7栋") == NULL);
        CHECK(strstr(body, "补记") == NULL);
        if (strstr(body, "\"minutes\":45"))
            hours++;
        if (strstr(body, "\"skills\":[\"meals\"]"))
            skills++;
    }
    sqlite3_finalize(st);
    CHECK_INT_EQ(n, 3); /* applied, approved, one entry */
    CHECK_INT_EQ(hours, 1);
    CHECK_INT_EQ(skills, 2);
    store_close(s);
}

int main(void)
{
    char err[256];
    setenv("TZ", "Asia/Shanghai", 1);
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/kiosk-volunteer-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(test_dir))
        return 1;
    if (config_load(&cfg, NULL, err, sizeof err) != K_OK) {
        fprintf(stderr, "config: %s\n", err);
        return 1;
    }
    CHECK(booking_time("2026-12-01", 10 * 60, &now));
    CHECK(cfg.skill_count >= 8);
    CHECK_INT_EQ(cfg.volunteer_points_per_hour, 10);
    test_apply_and_decide();
    test_card_and_duty();
    test_assignees_and_figures();
    test_outbox();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", test_dir);
    return CHECK_DONE();
}
