/* app_activity.c - the actions of community activities (app_activity.h):
 * what the calendar, details, people, review, ticket and state screens
 * and staff's check-in read and write.  The seat and waiting-list rules
 * are the store's (store_activity.h); this file turns them into screens,
 * words and events:
 *   ticket_issued {"kind":"activity","waitlist","signup_id","activity",...}
 *   activity_promoted {"signup_id","activity"} for each promotion a kiosk
 *     action caused (a resident's cancellation, staff releasing seats)
 *   activity_cancelled {"signup_id","activity","what":"signup"} when a
 *     resident cancels by scanning, {"what":"activity"} when a scan shows
 *     that the activity itself was cancelled (the resident is told). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/app_sms.h"
#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/app_staff.h"
#include "kiosk/app_ticket.h"
#include "kiosk/booking.h"
#include "kiosk/platform.h"
#include "kiosk/store.h"
#include "kiosk/store_activity.h"
#include "kiosk/text.h"

#define ACT_WEEKS_DAYS 27 /* the calendar: today and the next four weeks */
#define SWEEP_EVERY_MS (10 * 60 * 1000)

static int64_t now_s(const App *a)
{
    return app_now_ms(a) / 1000;
}

/* ---- words ---- */

const char *app_activity_title(const App *a, const Activity *v)
{
    return a->lang == LANG_EN && v->title_en[0] ? v->title_en : v->title_zh;
}

const char *app_activity_place(const App *a, const Activity *v)
{
    return a->lang == LANG_EN && v->place_en[0] ? v->place_en : v->place_zh;
}

const char *app_activity_bring(const App *a, const Activity *v)
{
    return a->lang == LANG_EN && v->bring_en[0] ? v->bring_en : v->bring_zh;
}

const char *app_activity_desc(const App *a, const Activity *v)
{
    return a->lang == LANG_EN && v->desc_en[0] ? v->desc_en : v->desc_zh;
}

const char *app_activity_audience(const App *a, const char *audience)
{
    StringKey k = strcmp(audience, ACT_AUD_ELDER) == 0      ? S_ACT_AUD_ELDER
                  : strcmp(audience, ACT_AUD_YOUTH) == 0    ? S_ACT_AUD_YOUTH
                  : strcmp(audience, ACT_AUD_CHILDREN) == 0 ? S_ACT_AUD_CHILDREN
                                                            : S_ACT_AUD_ALL;
    return app_str(a, k);
}

void app_activity_when(const App *a, const Activity *v, char *out, size_t cap)
{
    app_format_when(a, v->day, v->start_min, v->end_min, out, cap);
}

bool app_activity_can_sign(const App *a, const Activity *v, bool *full, ActRefusal *why)
{
    int64_t start = 0, now = now_s(a);
    *full = v->waiting > 0 || v->taken >= v->seats;
    *why = ACT_REFUSE_NONE;
    if (!booking_time(v->day, v->start_min, &start))
        *why = ACT_REFUSE_CLOSED;
    else if (v->cancelled)
        *why = ACT_REFUSE_CANCELLED;
    else if (v->opens_at && now < v->opens_at)
        *why = ACT_REFUSE_NOT_OPEN;
    else if (now >= (v->closes_at ? v->closes_at : start))
        *why = ACT_REFUSE_CLOSED;
    else if (*full && !v->waitlist)
        *why = ACT_REFUSE_FULL;
    return *why == ACT_REFUSE_NONE;
}

void app_activity_seats_text(const App *a, const Activity *v, char *out, size_t cap)
{
    bool full = false;
    ActRefusal why;
    char num[16];
    if (app_activity_can_sign(a, v, &full, &why) && !full) {
        snprintf(num, sizeof num, "%d", v->seats - v->taken);
        strings_fill(out, cap, app_str(a, S_ACT_LEFT), num);
        return;
    }
    StringKey k = why == ACT_REFUSE_NONE        ? S_ACT_FULL_WAIT
                  : why == ACT_REFUSE_FULL      ? S_ACT_FULL
                  : why == ACT_REFUSE_NOT_OPEN  ? S_ACT_NOT_OPEN
                  : why == ACT_REFUSE_CANCELLED ? S_ACT_ST_ACT_CANCELLED
                                                : S_ACT_CLOSED;
    text_copy(out, cap, app_str(a, k));
}

StringKey app_activity_refusal_text(ActRefusal why)
{
    switch (why) {
    case ACT_REFUSE_CANCELLED: return S_ACT_REFUSE_CANCELLED;
    case ACT_REFUSE_NOT_OPEN: return S_ACT_REFUSE_NOT_OPEN;
    case ACT_REFUSE_FULL: return S_ACT_REFUSE_FULL;
    case ACT_REFUSE_PEOPLE: return S_ACT_REFUSE_PEOPLE;
    case ACT_REFUSE_PHONE: return S_ACT_REFUSE_PHONE;
    case ACT_REFUSE_TOO_LATE: return S_ACT_REFUSE_TOO_LATE;
    case ACT_REFUSE_CLOSED:
    case ACT_REFUSE_STATE:
    case ACT_REFUSE_NONE:
    default: return S_ACT_REFUSE_CLOSED;
    }
}

static void add_line(const App *a, char *out, size_t cap, StringKey k, const char *value)
{
    char line[WIDGET_TEXT_MAX];
    if (!value || !value[0])
        return;
    strings_fill(line, sizeof line, app_str(a, k), value);
    if (out[0])
        text_append(out, cap, "\n");
    text_append(out, cap, line);
}

void app_activity_ticket_info(const App *a, char *out, size_t cap)
{
    const Activity *v = &a->activity.signup_of;
    const ActivitySignup *u = &a->activity.signup;
    char when[96], num[16];
    out[0] = '\0';
    if (u->position > 0) {
        snprintf(num, sizeof num, "%d", u->position);
        add_line(a, out, cap, S_ACT_STANDBY, num);
    }
    add_line(a, out, cap, S_ACT_T_ACTIVITY, app_activity_title(a, v));
    app_activity_when(a, v, when, sizeof when);
    add_line(a, out, cap, S_ACT_T_WHEN, when);
    add_line(a, out, cap, S_ACT_T_PLACE, app_activity_place(a, v));
    snprintf(num, sizeof num, "%d", u->people);
    add_line(a, out, cap, S_ACT_T_PEOPLE, num);
    add_line(a, out, cap, S_ACT_T_BRING, app_activity_bring(a, v));
}

/* ---- the resident's path ---- */

static void load_calendar(App *a)
{
    AppActivity *s = &a->activity;
    char today[CFG_DAY_MAX], last[CFG_DAY_MAX];
    s->count = 0;
    s->page = 0;
    if (!booking_local_day(now_s(a), today) || !booking_day_add(today, ACT_WEEKS_DAYS, last))
        return;
    double t0 = platform_mono_ms();
    KResult rc = store_activity_list(a->store, today, last, s->filter, false, s->rows, ACT_CAL_MAX,
                                     &s->count);
    if (rc != K_OK) {
        app_store_error(a, "activities", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    /* how long the calendar took (tools/bench_activities.sh reads it) */
    char fields[64];
    snprintf(fields, sizeof fields, "\"count\":%d,\"ms\":%.3f", s->count, platform_mono_ms() - t0);
    app_event(a, "activities_loaded", fields);
}

void app_start_activities(App *a)
{
    a->session.draft_touched = true;
    a->activity.filter[0] = '\0';
    load_calendar(a);
    app_push(a, &screen_activities);
}

void app_activities_filter(App *a, const char *audience)
{
    text_copy(a->activity.filter, sizeof a->activity.filter, audience);
    load_calendar(a);
    char fields[64];
    snprintf(fields, sizeof fields, "\"audience\":\"%s\"", audience[0] ? audience : "any");
    app_event(a, "activities_filtered", fields);
    app_changed(a);
}

bool app_activity_open(App *a, int64_t id)
{
    KResult rc = store_activity_get(a->store, id, &a->activity.shown);
    if (rc != K_OK) {
        app_store_error(a, "activity", rc);
        return false;
    }
    a->activity.refusal_set = false;
    a->activity.people = 1;
    app_push(a, &screen_activity);
    return true;
}

void app_activity_begin_signup(App *a)
{
    AppActivity *s = &a->activity;
    bool full = false;
    ActRefusal why;
    /* read afresh: the seats may have gone meanwhile */
    if (store_activity_get(a->store, s->shown.id, &s->shown) == K_OK &&
        !app_activity_can_sign(a, &s->shown, &full, &why)) {
        app_set_message(a, app_activity_refusal_text(why));
        return;
    }
    a->session.flow = FLOW_ACTIVITY;
    s->refusal_set = false;
    sodium_memzero(s->phone, sizeof s->phone);
    if (s->people < 1 || s->people > s->shown.per_signup)
        s->people = 1;
    app_push(a, &screen_phone);
}

void app_activity_set_people(App *a, int people)
{
    if (people < 1 || people > a->activity.shown.per_signup)
        return;
    a->activity.people = people;
    app_changed(a);
}

void app_submit_activity(App *a)
{
    AppActivity *s = &a->activity;
    if (a->ticket.issued.id != 0)
        return; /* signed up already: the ticket is showing */
    Ticket tk;
    ActivitySignup u;
    ActRefusal why = ACT_REFUSE_NONE;
    double t0 = platform_mono_ms();
    KResult rc =
        store_activity_signup(a->store, s->shown.id, s->phone, s->people, true, app_sms_consent(a),
                              a->cfg.site_code, a->key, "kiosk", now_s(a), &u, &tk, &why);
    double commit_ms = platform_mono_ms() - t0;
    if (rc == K_ERR_REFUSED) {
        s->refusal_set = true;
        s->refusal = why;
        char fields[96];
        snprintf(fields, sizeof fields, "\"kind\":\"activity\",\"activity\":%lld,\"reason\":%d",
                 (long long)s->shown.id, (int)why);
        app_event(a, "signup_refused", fields);
        store_activity_get(a->store, s->shown.id, &s->shown);
        app_set_message(a, app_activity_refusal_text(why));
        return;
    }
    if (rc == K_OK)
        rc = qr_encode(tk.payload, &a->ticket.qr);
    if (rc != K_OK) {
        app_store_error(a, "activity_signup", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    s->refusal_set = false;
    s->signup = u;
    s->signup_of = s->shown;
    sodium_memzero(s->phone, sizeof s->phone);
    a->ticket.issued = tk;
    a->ticket.hours = 0;
    a->ticket.ahead = 0;
    char fields[400];
    snprintf(fields, sizeof fields,
             "\"kind\":\"activity\",\"number\":\"%s\",\"payload\":\"%s\",\"id\":%lld,"
             "\"signup_id\":%lld,\"activity\":%lld,\"waitlist\":%s,\"position\":%d,\"people\":%d,"
             "\"ms\":%.3f",
             tk.number, tk.payload, (long long)tk.id, (long long)u.id, (long long)s->shown.id,
             u.position ? "true" : "false", u.position, u.people, commit_ms);
    app_event(a, "ticket_issued", fields);
    a->guard_until_ms = app_mono_ms(a) + APP_CONFIRM_GUARD_MS;
    a->depth = 1;
    app_push(a, &screen_ticket);
    app_request_print(a);
}

static void log_promoted(App *a, int64_t activity, const ActPromoted *p)
{
    for (int i = 0; i < p->count; i++) {
        char fields[96];
        snprintf(fields, sizeof fields, "\"signup_id\":%lld,\"activity\":%lld", (long long)p->id[i],
                 (long long)activity);
        app_event(a, "activity_promoted", fields);
    }
}

/* Reads the shown sign-up and its activity again. */
static bool reload_signup(App *a, int64_t ticket_id)
{
    AppActivity *s = &a->activity;
    KResult rc = store_activity_signup_of_ticket(a->store, ticket_id, &s->signup);
    if (rc == K_OK)
        rc = store_activity_get(a->store, s->signup.activity_id, &s->signup_of);
    if (rc != K_OK) {
        app_store_error(a, "activity_signup", rc);
        return false;
    }
    return true;
}

void app_show_activity_signup(App *a, int64_t ticket_id)
{
    AppActivity *s = &a->activity;
    s->cancel_armed = false;
    s->cancelled_here = false;
    s->note = 0;
    if (!reload_signup(a, ticket_id)) {
        app_push(a, &screen_check);
        app_set_message(a, S_SCAN_NO_BOOKING);
        return;
    }
    if (s->signup_of.cancelled) {
        char fields[96];
        snprintf(fields, sizeof fields,
                 "\"signup_id\":%lld,\"activity\":%lld,\"what\":\"activity\"",
                 (long long)s->signup.id, (long long)s->signup_of.id);
        app_event(a, "activity_cancelled", fields);
    }
    app_push(a, &screen_activity_state);
}

void app_activity_cancel_shown(App *a)
{
    AppActivity *s = &a->activity;
    if (!s->cancel_armed) {
        s->cancel_armed = true;
        app_changed(a);
        return;
    }
    s->cancel_armed = false;
    ActPromoted p;
    ActRefusal why = ACT_REFUSE_NONE;
    int64_t ticket_id = s->signup.ticket_id;
    KResult rc =
        store_activity_cancel_signup(a->store, s->signup.id, true, "kiosk", now_s(a), &p, &why);
    if (rc == K_ERR_REFUSED) {
        s->note = app_activity_refusal_text(why);
        reload_signup(a, ticket_id);
        app_changed(a);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "activity_cancel", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    char fields[96];
    snprintf(fields, sizeof fields, "\"signup_id\":%lld,\"activity\":%lld,\"what\":\"signup\"",
             (long long)s->signup.id, (long long)s->signup.activity_id);
    app_event(a, "activity_cancelled", fields);
    log_promoted(a, s->signup.activity_id, &p);
    s->cancelled_here = true;
    s->note = S_ACT_CANCEL_DONE;
    reload_signup(a, ticket_id);
    app_changed(a);
}

void app_activity_wipe(App *a)
{
    AppActivity *s = &a->activity;
    sodium_memzero(s->phone, sizeof s->phone);
    sodium_memzero(&s->signup, sizeof s->signup);
    s->people = 1;
    s->refusal_set = false;
    s->cancel_armed = false;
    s->cancelled_here = false;
    s->note = 0;
    s->filter[0] = '\0';
    s->page = 0;
}

void app_activity_sweep(App *a)
{
    if (!a->store)
        return;
    int64_t now = app_now_ms(a);
    if (a->activity.swept_at_ms != 0 && now - a->activity.swept_at_ms < SWEEP_EVERY_MS)
        return;
    a->activity.swept_at_ms = now;
    int n = 0;
    KResult rc = store_activity_sweep(a->store, now / 1000, &n);
    if (rc != K_OK) {
        app_store_error(a, "activity_no_show", rc);
        return;
    }
    if (n > 0) {
        char fields[48];
        snprintf(fields, sizeof fields, "\"count\":%d,\"kind\":\"activity\"", n);
        app_event(a, "no_shows_marked", fields);
    }
}

/* ---- staff ---- */

static void staff_note(App *a, bool bad, StringKey k, const char *value)
{
    strings_fill(a->staff.note, sizeof a->staff.note, app_str(a, k), value ? value : "");
    a->staff.note_bad = bad;
    a->staff.note_screen = app_screen(a);
    app_changed(a);
}

void app_staff_activity_scan(App *a, int64_t ticket_id)
{
    ActivitySignup u;
    ActRefusal why = ACT_REFUSE_NONE;
    KResult rc = store_activity_signup_of_ticket(a->store, ticket_id, &u);
    if (rc != K_OK) {
        staff_note(a, true, S_SCAN_NO_BOOKING, NULL);
        return;
    }
    rc = store_activity_checkin(a->store, u.id, a->staff.who.login, now_s(a), &why);
    char fields[96];
    snprintf(fields, sizeof fields, "\"signup_id\":%lld,\"activity\":%lld,\"ok\":%s",
             (long long)u.id, (long long)u.activity_id, rc == K_OK ? "true" : "false");
    app_event(a, "activity_checkin", fields);
    if (rc == K_OK) {
        staff_note(a, false, S_ACT_CHECKED_IN_NOTE, u.number);
        return;
    }
    /* why not, in the words of the sign-up's state */
    StringKey k = strcmp(u.status, ACT_SIGNUP_CHECKED_IN) == 0  ? S_ACT_ST_CHECKED_IN
                  : strcmp(u.status, ACT_SIGNUP_WAITING) == 0   ? S_ACT_FULL_WAIT
                  : strcmp(u.status, ACT_SIGNUP_CANCELLED) == 0 ? S_ACT_ST_CANCELLED
                  : strcmp(u.status, ACT_SIGNUP_NO_SHOW) == 0   ? S_ACT_ST_NO_SHOW
                  : why == ACT_REFUSE_STATE                     ? S_ACT_ST_ACT_CANCELLED
                                                                : S_ACT_CLOSED;
    staff_note(a, true, S_ACT_SCAN_NOT_NOW, app_str(a, k));
}

void app_staff_activities_load(App *a)
{
    char today[CFG_DAY_MAX];
    a->activity.today_count = 0;
    if (!booking_local_day(now_s(a), today))
        return;
    KResult rc = store_activity_list(a->store, today, today, NULL, false, a->activity.today,
                                     ACT_TODAY_MAX, &a->activity.today_count);
    if (rc != K_OK)
        app_store_error(a, "activities_today", rc);
}

static void staff_reload(App *a)
{
    AppActivity *s = &a->activity;
    KResult rc = store_activity_get(a->store, s->staff_shown.id, &s->staff_shown);
    if (rc == K_OK)
        rc = store_activity_signups(a->store, s->staff_shown.id, s->staff_rows, ACT_STAFF_SIGNUPS,
                                    &s->staff_count);
    if (rc != K_OK)
        app_store_error(a, "activity_signups", rc);
    for (int i = 0; i < s->staff_count; i++) /* the desk's list shows no phone */
        sodium_memzero(s->staff_rows[i].phone, sizeof s->staff_rows[i].phone);
}

void app_staff_activity_open(App *a, int64_t id)
{
    a->activity.staff_shown.id = id;
    a->activity.staff_count = 0;
    staff_reload(a);
    app_push(a, &screen_staff_activity);
}

void app_staff_activity_checkin(App *a, int64_t signup_id)
{
    ActRefusal why = ACT_REFUSE_NONE;
    KResult rc = store_activity_checkin(a->store, signup_id, a->staff.who.login, now_s(a), &why);
    char fields[96];
    snprintf(fields, sizeof fields, "\"signup_id\":%lld,\"activity\":%lld,\"ok\":%s",
             (long long)signup_id, (long long)a->activity.staff_shown.id,
             rc == K_OK ? "true" : "false");
    app_event(a, "activity_checkin", fields);
    staff_reload(a);
    for (int i = 0; i < a->activity.staff_count; i++)
        if (a->activity.staff_rows[i].id == signup_id) {
            if (rc == K_OK)
                staff_note(a, false, S_ACT_CHECKED_IN_NOTE, a->activity.staff_rows[i].number);
            else
                staff_note(a, true, S_ACT_SCAN_NOT_NOW, app_str(a, S_ACT_CLOSED));
        }
}

void app_staff_activity_release(App *a)
{
    AppActivity *s = &a->activity;
    ActPromoted p;
    int n = 0;
    KResult rc =
        store_activity_release(a->store, s->staff_shown.id, a->staff.who.login, now_s(a), &n, &p);
    if (rc == K_ERR_REFUSED) {
        staff_note(a, true, S_ACT_RELEASE_EARLY, NULL);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "activity_release", rc);
        staff_note(a, true, S_SAVE_FAILED, NULL);
        return;
    }
    char num[16], fields[96];
    snprintf(fields, sizeof fields, "\"activity\":%lld,\"released\":%d,\"promoted\":%d",
             (long long)s->staff_shown.id, n, p.count);
    app_event(a, "activity_released", fields);
    log_promoted(a, s->staff_shown.id, &p);
    snprintf(num, sizeof num, "%d", n);
    staff_reload(a);
    staff_note(a, false, S_ACT_RELEASED_NOTE, num);
}

/* ---- the statistics screen ---- */

void app_activity_stats_load(App *a, const char *from, const char *to)
{
    int nper = 0, naud = 0;
    KResult rc = store_activity_figures(a->store, from, to, NULL, 0, &nper, a->activity.fig_aud,
                                        &naud, &a->activity.fig_total);
    if (rc != K_OK)
        app_store_error(a, "activity_figures", rc);
}
