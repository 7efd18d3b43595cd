/* app_volunteer.c - the volunteers' actions at the kiosk (see
 * app_volunteer.h): the application, a card's scan (duty and balance), the
 * passbook slip, and the staff's approvals and open duties. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app_sms.h"
#include "kiosk/app.h"
#include "kiosk/app_staff.h"
#include "kiosk/app_ticket.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/store.h"
#include "kiosk/store_volunteer.h"
#include "kiosk/text.h"

void app_volunteer_wipe(App *a)
{
    sodium_memzero(&a->vol.draft, sizeof a->vol.draft);
    sodium_memzero(a->vol.age_text, sizeof a->vol.age_text);
    sodium_memzero(&a->vol.shown, sizeof a->vol.shown);
    sodium_memzero(a->vol.recent, sizeof a->vol.recent);
    sodium_memzero(a->vol.apps, sizeof a->vol.apps);
    sodium_memzero(a->vol.duties, sizeof a->vol.duties);
    sodium_memzero(a->vol.card_name, sizeof a->vol.card_name);
    sodium_memzero(a->vol.passbook, sizeof a->vol.passbook);
    a->vol.recent_count = a->vol.app_count = a->vol.duty_count = 0;
    a->vol.applied_id = 0;
    a->vol.scan_msg = 0;
}

void app_volunteer_start(App *a)
{
    app_volunteer_wipe(a);
    a->session.flow = FLOW_VOLUNTEER;
    a->session.draft_touched = true;
    a->vol.draft.consent = false;
    app_push(a, &screen_volunteer);
}

void app_volunteer_submit(App *a)
{
    if (a->vol.applied_id != 0)
        return; /* saved already: the done screen is showing */
    int64_t id = 0;
    text_copy(a->vol.draft.sms, sizeof a->vol.draft.sms, app_sms_consent(a)); /* issue 23 */
    KResult rc = store_volunteer_apply(a->store, &a->vol.draft, &a->cfg, app_now_ms(a) / 1000, &id);
    if (rc != K_OK) {
        app_store_error(a, "volunteer", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    a->vol.applied_id = id;
    char fields[64];
    snprintf(fields, sizeof fields, "\"id\":%lld", (long long)id);
    app_event(a, "volunteer_applied", fields);
    /* on disk now: keep nothing of it in memory */
    sodium_memzero(&a->vol.draft, sizeof a->vol.draft);
    sodium_memzero(a->vol.age_text, sizeof a->vol.age_text);
    a->guard_until_ms = app_mono_ms(a) + APP_CONFIRM_GUARD_MS;
    a->depth = 1;
    app_push(a, &screen_volunteer_done);
}

static int keep_entry(const VolunteerEntry *e, void *user)
{
    App *a = user;
    if (a->vol.recent_count < VOL_RECENT)
        a->vol.recent[a->vol.recent_count++] = *e;
    return 0;
}

/* The latest entries of the volunteer shown. */
static void load_recent(App *a)
{
    a->vol.recent_count = 0;
    if (store_volunteer_entries(a->store, a->vol.shown.id, VOL_RECENT, keep_entry, a) != K_OK)
        app_store_error(a, "volunteer", K_ERR_DB);
}

void app_volunteer_scan(App *a, int64_t ticket_id)
{
    DutyScan ds;
    char fields[160];
    memset(&a->vol.shown, 0, sizeof a->vol.shown);
    a->vol.recent_count = 0;
    KResult rc = store_volunteer_scan(a->store, ticket_id, a->cfg.volunteer_points_per_hour,
                                      app_now_ms(a) / 1000, &ds, &a->vol.shown);
    if (rc == K_ERR_NOT_FOUND || rc == K_ERR_REFUSED) {
        /* a replaced card (names nobody now) or a disabled volunteer's */
        snprintf(fields, sizeof fields, "\"ticket_id\":%lld,\"reason\":\"%s\"",
                 (long long)ticket_id, rc == K_ERR_NOT_FOUND ? "replaced" : "disabled");
        app_event(a, "volunteer_card_refused", fields);
        a->vol.scan_msg = S_VOL_CARD_REFUSED;
        app_push(a, &screen_volunteer_card);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "volunteer", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    a->vol.scan = ds;
    if (ds.action == DUTY_STARTED) {
        snprintf(fields, sizeof fields, "\"volunteer\":%lld,\"duty\":%lld",
                 (long long)a->vol.shown.id, (long long)ds.duty_id);
        app_event(a, "duty_started", fields);
        a->vol.scan_msg = S_VOL_STARTED;
    } else if (ds.action == DUTY_ENDED) {
        snprintf(fields, sizeof fields, "\"volunteer\":%lld,\"duty\":%lld,\"minutes\":%d",
                 (long long)a->vol.shown.id, (long long)ds.duty_id, ds.minutes);
        app_event(a, "duty_ended", fields);
        a->vol.scan_msg = S_VOL_ENDED;
    } else {
        snprintf(fields, sizeof fields, "\"volunteer\":%lld", (long long)a->vol.shown.id);
        app_event(a, "duty_repeat", fields);
        a->vol.scan_msg = S_VOL_REPEAT;
    }
    load_recent(a);
    app_push(a, &screen_volunteer_card);
}

/* Hours as "2.0" (one decimal, rounded down: never more than was given). */
static void hours_text(int64_t minutes, char *out, size_t cap)
{
    int64_t m = minutes < 0 ? -minutes : minutes;
    snprintf(out, cap, "%s%lld.%lld", minutes < 0 ? "-" : "", (long long)(m / 60),
             (long long)(m % 60 * 10 / 60));
}

void app_volunteer_hours(int64_t minutes, char *out, size_t cap)
{
    hours_text(minutes, out, cap);
}

void app_volunteer_print_passbook(App *a)
{
    if (!a->vol.shown.id || !a->vol.shown.card_ticket_id)
        return;
    Ticket tk;
    KResult rc = store_get_ticket(a->store, a->vol.shown.card_ticket_id, &tk);
    if (rc == K_OK)
        rc = qr_encode(tk.payload, &a->ticket.qr);
    if (rc != K_OK) {
        app_store_error(a, "volunteer", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    /* the slip: balance, points and the latest entries, one a line */
    char h[32], line[256];
    size_t cap = sizeof a->vol.passbook;
    hours_text(a->vol.shown.total_minutes, h, sizeof h);
    strings_fill(a->vol.passbook, cap, app_str(a, S_VOL_BALANCE), h);
    snprintf(h, sizeof h, "%lld", (long long)a->vol.shown.total_points);
    strings_fill(line, sizeof line, app_str(a, S_VOL_POINTS), h);
    text_append(a->vol.passbook, cap, "\n");
    text_append(a->vol.passbook, cap, line);
    for (int i = 0; i < a->vol.recent_count; i++) {
        const VolunteerEntry *e = &a->vol.recent[i];
        char day[16] = "";
        time_t when = (time_t)e->at;
        struct tm tm;
        if (localtime_r(&when, &tm))
            strftime(day, sizeof day, "%m-%d", &tm);
        hours_text(e->minutes, h, sizeof h);
        StringKey kind = strcmp(e->kind, "duty") == 0    ? S_VOL_KIND_DUTY
                         : strcmp(e->kind, "spent") == 0 ? S_VOL_KIND_SPENT
                                                         : S_VOL_KIND_ADJUST;
        snprintf(line, sizeof line, "\n%s %s %s", day, app_str(a, kind), h);
        text_append(a->vol.passbook, cap, line);
    }
    text_copy(a->vol.card_name, sizeof a->vol.card_name, a->vol.shown.d.name);
    a->ticket.issued = tk;
    a->ticket.print_state = PRINT_NONE;
    app_event(a, "passbook_printed", NULL);
    app_request_print(a);
}

static int keep_app(const VolunteerRecord *v, void *user)
{
    App *a = user;
    if (a->vol.app_count >= VOL_STAFF_MAX)
        return 1;
    a->vol.apps[a->vol.app_count++] = *v;
    return 0;
}

static int keep_duty(const VolunteerRecord *v, void *user)
{
    App *a = user;
    if (a->vol.duty_count >= VOL_STAFF_MAX)
        return 1;
    a->vol.duties[a->vol.duty_count++] = *v;
    return 0;
}

void app_volunteer_staff_load(App *a)
{
    a->vol.app_count = a->vol.duty_count = 0;
    KResult rc = store_volunteer_list(a->store, "applied", NULL, keep_app, a);
    if (rc == K_OK)
        rc = store_volunteer_open_duties(a->store, keep_duty, a);
    if (rc != K_OK)
        app_store_error(a, "volunteer", rc);
}

void app_volunteer_decide(App *a, int64_t id, bool approve)
{
    if (a->staff.who.role != ROLE_HEAD) {
        app_set_message(a, S_VOL_HEAD_ONLY);
        return;
    }
    int64_t now = app_now_ms(a) / 1000;
    KResult rc = store_volunteer_decide(a->store, id, approve ? "approved" : "rejected",
                                        a->staff.who.login, now);
    char fields[96];
    snprintf(fields, sizeof fields, "\"id\":%lld,\"status\":\"%s\"", (long long)id,
             approve ? "approved" : "rejected");
    if (rc == K_OK)
        app_event(a, "volunteer_decided", fields);
    Ticket tk;
    VolunteerRecord v;
    if (rc == K_OK && approve)
        rc = store_volunteer_card(a->store, id, a->cfg.site_code, a->key, false, now, &tk);
    if (rc == K_OK && approve)
        rc = store_volunteer_get(a->store, id, &v);
    if (rc == K_OK && approve)
        rc = qr_encode(tk.payload, &a->ticket.qr);
    if (rc != K_OK) {
        app_store_error(a, "volunteer", rc);
        app_set_message(a, S_SAVE_FAILED);
        app_volunteer_staff_load(a);
        return;
    }
    app_volunteer_staff_load(a);
    if (!approve) {
        app_changed(a);
        return;
    }
    /* the card, on screen and printed */
    text_copy(a->vol.card_name, sizeof a->vol.card_name, v.d.name);
    a->vol.passbook[0] = '\0';
    a->ticket.issued = tk;
    a->ticket.hours = 0;
    a->ticket.print_state = PRINT_NONE;
    char issued[TICKET_PAYLOAD_MAX + 160];
    snprintf(issued, sizeof issued,
             "\"kind\":\"volunteer\",\"number\":\"%s\",\"payload\":\"%s\",\"id\":%lld,"
             "\"volunteer\":%lld",
             tk.number, tk.payload, (long long)tk.id, (long long)id);
    app_event(a, "ticket_issued", issued);
    app_push(a, &screen_ticket);
    app_request_print(a);
}

void app_volunteer_close_duty(App *a, int64_t id)
{
    int64_t now = app_now_ms(a) / 1000;
    int minutes = 0;
    for (int i = 0; i < a->vol.duty_count; i++)
        if (a->vol.duties[i].id == id)
            minutes = (int)((now - a->vol.duties[i].duty_started_at) / 60);
    if (minutes > VOL_MINUTES_MAX)
        minutes = VOL_MINUTES_MAX;
    KResult rc =
        store_volunteer_close_duty(a->store, id, minutes < 0 ? 0 : minutes,
                                   a->cfg.volunteer_points_per_hour, a->staff.who.login, now);
    if (rc != K_OK) {
        app_store_error(a, "volunteer", rc);
        app_set_message(a, S_SAVE_FAILED);
    } else {
        char fields[96];
        snprintf(fields, sizeof fields,
                 "\"volunteer\":%lld,\"minutes\":%d,\"closed_by_staff\":true", (long long)id,
                 minutes);
        app_event(a, "duty_ended", fields);
        app_set_message(a, S_VOL_CLOSED);
    }
    app_volunteer_staff_load(a);
    app_changed(a);
}

void app_volunteer_skills_text(App *a, const VolunteerDraft *d, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < d->skill_count; i++) {
        const CfgItem *it = config_pick(a->cfg.skills, a->cfg.skill_count, d->skills[i]);
        if (i)
            text_append(out, cap, app_str(a, S_SEP));
        text_append(out, cap, it ? config_label(it, app_lang_code(a)) : d->skills[i]);
    }
}

static int add_assignee(const VolunteerRecord *v, void *user)
{
    App *a = user;
    if (a->staff.assignee_count >= ASSIGNEES_MAX)
        return 1;
    Assignee *as = &a->staff.assignees[a->staff.assignee_count++];
    memset(as, 0, sizeof *as);
    text_copy(as->kind, sizeof as->kind, "volunteer");
    snprintf(as->name, sizeof as->name, "volunteer:%lld", (long long)v->id);
    char skills[128];
    app_volunteer_skills_text(a, &v->d, skills, sizeof skills);
    char label[sizeof skills + VOL_NAME_MAX + 8];
    /* full-width brackets in Chinese */
    snprintf(label, sizeof label, a->lang == LANG_ZH ? "%s（%s）" : "%s (%s)", v->d.name, skills);
    text_copy(as->label, sizeof as->label, label); /* whole characters */
    return 0;
}

void app_volunteer_assignees(App *a)
{
    const RequestRecord *r = &a->queue.detail;
    const char *skill =
        config_pick(a->cfg.skills, a->cfg.skill_count, r->draft.issue) ? r->draft.issue : NULL;
    if (store_volunteer_assignees(a->store, skill, r->draft.building,
                                  ASSIGNEES_MAX - a->staff.assignee_count, add_assignee, a) != K_OK)
        app_store_error(a, "volunteer", K_ERR_DB);
}

void app_volunteer_assignee_name(App *a, const char *assignee, char *out, size_t cap)
{
    long long id = 0;
    VolunteerRecord v;
    if (sscanf(assignee, "volunteer:%lld", &id) == 1 && id > 0 &&
        store_volunteer_get(a->store, id, &v) == K_OK)
        text_copy(out, cap, v.d.name);
}

typedef struct {
    App *a;
    int skills;
} StatsCtx;

static int stats_row(const VolunteerFigure *f, void *user)
{
    StatsCtx *c = user;
    App *a = c->a;
    if (strcmp(f->group, "total") == 0) {
        a->vol.stats_minutes = f->minutes;
        a->vol.stats_people = f->volunteers;
    } else if (strcmp(f->group, "skill") == 0 && f->minutes != 0) {
        const CfgItem *it = config_pick(a->cfg.skills, a->cfg.skill_count, f->key);
        char h[32], part[160];
        app_volunteer_hours(f->minutes, h, sizeof h);
        snprintf(part, sizeof part, "%s%s %s", c->skills ? " · " : "",
                 it ? config_label(it, app_lang_code(a)) : f->key, h);
        text_append(a->vol.stats_skills, sizeof a->vol.stats_skills, part);
        c->skills++;
    }
    return 0;
}

void app_volunteer_stats_load(App *a, const StatsPeriod *p)
{
    int64_t from = 0, to = 0;
    a->vol.stats_minutes = 0;
    a->vol.stats_people = 0;
    a->vol.stats_skills[0] = '\0';
    if (!booking_time(p->from, 0, &from) || !booking_time(p->to, 24 * 60, &to))
        return;
    StatsCtx c = {a, 0};
    if (store_volunteer_figures(a->store, from, to, stats_row, &c) != K_OK)
        app_store_error(a, "volunteer", K_ERR_DB);
}
