/* app_staff.c - the staff desk's actions: signing in with a PIN, what the
 * staff screens show (read when they are entered), scans at the staff desk,
 * the queue of requests, a request's detail and actions, calling walk-in
 * numbers and issuing them; the maintenance test page.
 *
 * The store decides every rule (workflow table, roles, lockout, check-in
 * timing) inside its transactions; this file turns its answers into words
 * on screen and into events. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_maint.h"
#include "kiosk/app_sms.h"
#include "kiosk/app_project.h"
#include "kiosk/app_staff.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/app_ticket.h"
#include "kiosk/platform.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

/* "11-28 14:05" of unix time t, local. */
static void short_time(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm)) {
        text_copy(out, cap, "?");
        return;
    }
    snprintf(out, cap, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}

static void set_note(App *a, bool bad, StringKey k, const char *value)
{
    strings_fill(a->staff.note, sizeof a->staff.note, app_str(a, k), value ? value : "");
    a->staff.note_bad = bad;
    a->staff.note_screen = app_screen(a); /* leaving this screen clears it */
    app_changed(a);
}

const char *app_status_word(const App *a, const char *status)
{
    static const StringKey words[WF_STATE_COUNT] = {
        [WF_SUBMITTED] = S_ST_SUBMITTED, [WF_ACCEPTED] = S_ST_ACCEPTED,
        [WF_ASSIGNED] = S_ST_ASSIGNED,   [WF_IN_PROGRESS] = S_ST_IN_PROGRESS,
        [WF_RESOLVED] = S_ST_RESOLVED,   [WF_CLOSED] = S_ST_CLOSED,
        [WF_REFERRED] = S_ST_REFERRED,   [WF_CANCELLED] = S_ST_CANCELLED};
    WfState s;
    return wf_state_parse(status, &s) ? app_str(a, words[s]) : status;
}

/* ---- signing in and out ---- */

void app_staff_login(App *a)
{
    LoginResult res = LOGIN_UNKNOWN;
    StaffRecord rec;
    int left = 0;
    char fields[160];
    if (!staff_pin_valid(a->staff.pin_text)) {
        sodium_memzero(a->staff.pin_text, sizeof a->staff.pin_text);
        app_set_message(a, S_PIN_SHORT);
        return;
    }
    /* One time for the try: the lock's length below is measured from it, as
     * the store measures it, however long checking the PIN took. */
    int64_t now = app_now_ms(a) / 1000;
    KResult rc =
        store_staff_login(a->store, a->staff.pick_login, a->staff.pin_text, now, &res, &rec, &left);
    sodium_memzero(a->staff.pin_text, sizeof a->staff.pin_text);
    if (rc != K_OK) {
        app_store_error(a, "staff_login", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    if (res == LOGIN_OK) {
        a->staff.who = rec;
        a->staff.mode = true;
        a->staff.note[0] = '\0';
        if (a->staff.counter < 1)
            a->staff.counter = 1;
        snprintf(fields, sizeof fields, "\"login\":\"%s\",\"role\":\"%s\"", rec.login,
                 wf_role_name(rec.role));
        app_event(a, "staff_login", fields);
        a->depth = 1;
        app_push(a, &screen_staff);
        return;
    }
    static const char *const reasons[] = {[LOGIN_OK] = "ok",
                                          [LOGIN_WRONG] = "wrong_pin",
                                          [LOGIN_LOCKED] = "locked",
                                          [LOGIN_DISABLED] = "disabled",
                                          [LOGIN_UNKNOWN] = "unknown"};
    snprintf(fields, sizeof fields, "\"login\":\"%s\",\"reason\":\"%s\"", a->staff.pick_login,
             reasons[res]);
    app_event(a, "staff_login_failed", fields);
    if (res == LOGIN_LOCKED && rec.locked_now) {
        /* The try that locked it, as the store's own log records it. */
        snprintf(fields, sizeof fields, "\"login\":\"%s\",\"locks\":%d,\"seconds\":%lld", rec.login,
                 rec.locks, (long long)(rec.locked_until - now));
        app_event(a, "staff_locked", fields);
    }
    char value[32];
    if (res == LOGIN_WRONG) {
        snprintf(value, sizeof value, "%d", left);
        strings_fill(a->staff.note, sizeof a->staff.note, app_str(a, S_PIN_WRONG), value);
    } else if (res == LOGIN_LOCKED) {
        short_time(rec.locked_until, value, sizeof value);
        strings_fill(a->staff.note, sizeof a->staff.note, app_str(a, S_PIN_LOCKED), value);
    } else {
        text_copy(a->staff.note, sizeof a->staff.note,
                  app_str(a, res == LOGIN_DISABLED ? S_PIN_DISABLED : S_STAFF_NONE));
    }
    a->staff.note_bad = true;
    app_changed(a);
}

void app_staff_logout(App *a, const char *why)
{
    if (!a->staff.mode)
        return;
    char fields[96];
    snprintf(fields, sizeof fields, "\"login\":\"%s\",\"why\":\"%s\"", a->staff.who.login, why);
    app_event(a, "staff_logout", fields);
    a->staff.mode = false;
    sodium_memzero(&a->staff.who, sizeof a->staff.who);
    sodium_memzero(&a->queue.detail, sizeof a->queue.detail);
    sodium_memzero(a->staff.note, sizeof a->staff.note);
    sodium_memzero(a->queue.rows, sizeof a->queue.rows);
    sodium_memzero(a->staff.today, sizeof a->staff.today);
    sodium_memzero(a->queue.detail_who, sizeof a->queue.detail_who);
    sodium_memzero(a->queue.detail_timeline, sizeof a->queue.detail_timeline);
    a->staff.today_count = 0;
    a->staff.note_bad = false;
    a->queue.count = 0;
    a->queue.base = 0;
    app_reset(a, "done");
}

typedef struct {
    char text[WIDGET_TEXT_MAX];
    const App *a;
} Timeline;

/* One line of a detail's timeline: "11-28 14:05 已受理（赵站长） note". */
/* Joins the NULL-ended parts into line, cut at a character's boundary when
 * they do not fit (a site's name and a note can each be long). */
static void line_join(char *line, size_t cap, ...)
{
    va_list ap;
    va_start(ap, cap);
    line[0] = '\0';
    for (const char *part = va_arg(ap, const char *); part; part = va_arg(ap, const char *))
        if (!text_append(line, cap, part))
            break;
    va_end(ap);
}

static int timeline_line(const StoreEvent *e, void *user)
{
    Timeline *tl = user;
    char line[256], when[32];
    time_t tt = (time_t)e->at;
    struct tm tm = {0};
    localtime_r(&tt, &tm);
    snprintf(when, sizeof when, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min);
    /* The state it came to, in words, and the note when there is one. */
    const char *to = strstr(e->detail, "\"to\":\"");
    char state[24] = "";
    if (to) {
        to += 6;
        size_t n = strcspn(to, "\"");
        if (n < sizeof state) {
            memcpy(state, to, n);
            state[n] = '\0';
        }
    }
    const char *note = strstr(e->detail, "\"note\":\"");
    char nb[160] = "";
    if (note) {
        note += 8;
        size_t n = strcspn(note, "\"");
        if (n >= sizeof nb) { /* cut at a character's boundary */
            n = sizeof nb - 1;
            while (n > 0 && ((unsigned char)note[n] & 0xC0) == 0x80)
                n--;
        }
        memcpy(nb, note, n);
        nb[n] = '\0';
    }
    /* Who, by name (王丽) where the login is a staff account's. */
    StaffRecord who;
    const char *actor = e->actor;
    if (store_staff_get(tl->a->store, e->actor, &who) == K_OK && who.name[0])
        actor = who.name;
    char site[24] = "";
    const char *sp = strstr(e->detail, "\"site\":\"");
    if (!sp)
        sp = strstr(e->detail, "\"from_site\":\"");
    if (sp) {
        sp = strchr(sp + 3, ':') + 2;
        size_t n = strcspn(sp, "\"");
        if (n < sizeof site) {
            memcpy(site, sp, n);
            site[n] = '\0';
        }
    }
    const char *st = strstr(e->detail, "\"status\":\"");
    char there[24] = "";
    if (st) {
        st += 10;
        size_t n = strcspn(st, "\"");
        if (n < sizeof there) {
            memcpy(there, st, n);
            there[n] = '\0';
        }
    }
    if (app_project_timeline(tl->a, e->kind, e->detail, when, actor, line, sizeof line)) {
        /* issue 22: handled by a project */
    } else if (strcmp(e->kind, "request_submitted") == 0)
        snprintf(line, sizeof line, "%s %s", when, app_status_word(tl->a, "submitted"));
    else if (strcmp(e->kind, "referral_received") == 0) /* the hand-over, here */
        line_join(line, sizeof line, when, " ", app_str(tl->a, S_REFER_FROM), " ", site, "（",
                  actor, "） ", nb, (const char *)NULL);
    else if (strcmp(e->kind, "referral_progress") == 0) /* its progress there */
        snprintf(line, sizeof line, "%s %s %s%s%s（%s）", when, site, app_str(tl->a, S_COLON),
                 app_status_word(tl->a, there), "", actor);
    else if (state[0] && site[0] && strcmp(state, "referred") == 0) {
        line_join(line, sizeof line, when, " ", app_str(tl->a, S_REFER_TO), " ", site, "（", actor,
                  "） ", nb, (const char *)NULL);
    } else if (state[0]) {
        snprintf(line, sizeof line, "%s %s（%s）", when, app_status_word(tl->a, state), actor);
        if (nb[0]) { /* a long note is cut at a character's boundary */
            text_append(line, sizeof line, " ");
            text_append(line, sizeof line, nb);
        }
    } else
        snprintf(line, sizeof line, "%s %s（%s）", when, e->kind, actor);
    if (tl->text[0])
        text_append(tl->text, sizeof tl->text, "\n");
    text_append(tl->text, sizeof tl->text, line);
    return 0;
}

/* ---- what the staff screens show ---- */

static int collect_staff(const StaffRecord *r, void *user)
{
    App *a = user;
    if (a->staff.pick_count < STAFF_PICK_MAX)
        a->staff.pick_list[a->staff.pick_count++] = *r;
    return 0;
}

void app_staff_pick_load(App *a)
{
    a->staff.pick_count = 0;
    store_staff_list(a->store, true, collect_staff, a);
}

bool app_staff_pick(App *a, const char *login)
{
    if (!text_copy(a->staff.pick_login, sizeof a->staff.pick_login, login))
        return false;
    StaffRecord r;
    text_copy(a->staff.pick_name, sizeof a->staff.pick_name,
              store_staff_get(a->store, a->staff.pick_login, &r) == K_OK ? r.name : "");
    a->staff.pin_text[0] = '\0';
    a->staff.note[0] = '\0';
    return true;
}

void app_staff_home_load(App *a)
{
    a->staff.queue_open = 0;
    KResult rc = store_queue_count(a->store, NULL, NULL, &a->staff.queue_open);
    if (rc != K_OK) /* the home shows 0 open, as before; the log says why */
        app_store_error(a, "queue_count", rc);
    int called = 0;
    a->staff.walkin_waiting = 0;
    rc = store_walkin_recent(a->store, app_now_ms(a) / 1000, NULL, 0, &called,
                             &a->staff.walkin_waiting);
    if (rc != K_OK)
        app_store_error(a, "walkin_waiting", rc);
}

static int collect_booking(const BookingRecord *b, void *user)
{
    App *a = user;
    if (b->state != BOOKING_STATE_CANCELLED && a->staff.today_count < TODAY_MAX) {
        TodayRow *r = &a->staff.today[a->staff.today_count++];
        r->id = b->id;
        r->slot = b->draft.slot;
        text_copy(r->number, sizeof r->number, b->ticket.number);
        text_copy(r->service, sizeof r->service, b->draft.service);
        text_copy(r->name, sizeof r->name, b->draft.name);
        text_copy(r->status, sizeof r->status, b->status);
        r->state = b->state;
    }
    return 0;
}

void app_today_load(App *a)
{
    char day[CFG_DAY_MAX];
    sodium_memzero(a->staff.today, sizeof a->staff.today); /* names: only while shown */
    a->staff.today_count = 0;
    if (!booking_local_day(app_now_ms(a) / 1000, day))
        return; /* a clock out of range: no day, an empty list, as before */
    KResult rc = store_list_bookings(a->store, day, NULL, NULL, TODAY_MAX, collect_booking, a);
    if (rc != K_OK) /* the list shows what was read; the log says why */
        app_store_error(a, "today", rc);
}

void app_today_checkin(App *a, int64_t booking_id)
{
    BookingRecord b;
    if (store_get_booking(a->store, booking_id, &b) == K_OK)
        app_staff_scan(a, K_OK, TICKET_OK, b.ticket.kind, b.ticket.id);
}

void app_assignees_load(App *a)
{
    if (store_assignee_list(a->store, a->staff.assignees, ASSIGNEES_MAX,
                            &a->staff.assignee_count) != K_OK)
        a->staff.assignee_count = 0;
    app_volunteer_assignees(a); /* issue 21: approved volunteers after them */
}

void app_maint_load(App *a)
{
    a->sms.test = 0;
    app_sms_load(a); /* texts' state (issue 23) */
    a->maint.backup_where[0] = '\0';
    a->maint.backup_known = store_last_backup(a->store, &a->maint.backup_at, a->maint.backup_where,
                                              sizeof a->maint.backup_where) == K_OK;
    app_sync_load(a);
}

/* The detail's assignee as shown (a staff member by name, a team or
 * partner as it is called) and its timeline. */
static void detail_load(App *a)
{
    const RequestRecord *r = &a->queue.detail;
    StaffRecord who;
    bool staff = r->assignee[0] && store_staff_get(a->store, r->assignee, &who) == K_OK;
    text_copy(a->queue.detail_who, sizeof a->queue.detail_who, staff ? who.name : r->assignee);
    if (!staff) /* issue 21: a volunteer by name */
        app_volunteer_assignee_name(a, r->assignee, a->queue.detail_who,
                                    sizeof a->queue.detail_who);
    static Timeline tl;
    tl.text[0] = '\0';
    tl.a = a;
    store_list_events(a->store, "request", r->id, timeline_line, &tl);
    text_copy(a->queue.detail_timeline, sizeof a->queue.detail_timeline, tl.text);
    sodium_memzero(&tl, sizeof tl); /* notes may name residents */
    a->queue.detail_ref_set = store_referral_out(a->store, r->id, &a->queue.detail_ref) == K_OK;
}

void app_refer_sites_load(App *a)
{
    DistrictSite all[32];
    int n = 0;
    a->queue.site_count = 0;
    if (!a->cfg.district_postgres[0] ||
        store_district_sites(a->store, all, (int)(sizeof all / sizeof all[0]), &n) != K_OK)
        return;
    for (int i = 0; i < n; i++)
        if (strcmp(all[i].code, a->cfg.site_code) != 0)
            a->queue.sites[a->queue.site_count++] = all[i];
}

/* ---- scans at the staff desk ---- */

static void checkin_scanned(App *a, int64_t ticket_id)
{
    BookingRecord b;
    int64_t now = app_now_ms(a) / 1000;
    KResult rc = store_get_booking_of_ticket(a->store, ticket_id, &b);
    char fields[160], when[32];
    if (rc != K_OK) {
        set_note(a, true, S_SCAN_FORGED, NULL);
        app_event(a, "checkin_refused", "\"reason\":\"no_booking\"");
        return;
    }
    if (b.state == BOOKING_STATE_CHECKED_IN || b.state == BOOKING_STATE_COMPLETED) {
        short_time(b.updated_at, when, sizeof when);
        set_note(a, true, S_ALREADY_IN, when);
        snprintf(fields, sizeof fields, "\"number\":\"%s\",\"reason\":\"already\"",
                 b.ticket.number);
        app_event(a, "checkin_refused", fields);
        return;
    }
    if (b.state != BOOKING_STATE_BOOKED) {
        StringKey k = b.state == BOOKING_STATE_CANCELLED ? S_BST_CANCELLED : S_BST_NO_SHOW;
        set_note(a, true, S_CHECKIN_FINISHED, app_str(a, k));
        snprintf(fields, sizeof fields, "\"number\":\"%s\",\"reason\":\"%s\"", b.ticket.number,
                 b.status);
        app_event(a, "checkin_refused", fields);
        return;
    }
    if (now >= b.ends_at) {
        set_note(a, true, S_SCAN_EXPIRED, NULL);
        snprintf(fields, sizeof fields, "\"number\":\"%s\",\"reason\":\"expired\"",
                 b.ticket.number);
        app_event(a, "checkin_refused", fields);
        return;
    }
    rc =
        store_booking_set_status(a->store, b.id, BOOKING_CHECKED_IN, a->staff.who.login, NULL, now);
    if (rc == K_ERR_REFUSED) {
        set_note(a, true, S_CHECKIN_WINDOW, NULL);
        snprintf(fields, sizeof fields, "\"number\":\"%s\",\"reason\":\"too_early\"",
                 b.ticket.number);
        app_event(a, "checkin_refused", fields);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "checkin", rc);
        set_note(a, true, S_SAVE_FAILED, NULL);
        return;
    }
    char who[96];
    snprintf(who, sizeof who, "%s %s", b.ticket.number, b.draft.name);
    set_note(a, false, S_CHECKED_IN, who);
    snprintf(fields, sizeof fields, "\"number\":\"%s\",\"id\":%lld,\"by\":\"%s\"", b.ticket.number,
             (long long)b.id, a->staff.who.login);
    app_event(a, "checked_in", fields);
}

void app_staff_scan(App *a, KResult verified, TicketCheck why, char kind, int64_t ticket_id)
{
    if (app_screen(a) == &screen_maint) {
        /* The scanner test: say what was read (its number as the ticket
         * prints it, Q002), do nothing with it. */
        char what[48];
        Ticket tk;
        if (verified == K_OK && store_get_ticket(a->store, ticket_id, &tk) == K_OK)
            text_copy(what, sizeof what, tk.number);
        else
            snprintf(what, sizeof what, "%c %lld", kind, (long long)ticket_id);
        set_note(a, verified != K_OK, verified == K_OK ? S_MAINT_SCAN_OK : S_MAINT_SCAN_BAD, what);
        return;
    }
    if (verified != K_OK && why == TICKET_OTHER_SITE) {
        /* Another site's ticket (KT3): genuine, but its id is not a row here. */
        set_note(a, true, S_SCAN_OTHER_SITE, NULL);
        app_event(a, "scan_refused", "\"reason\":\"other_site\"");
    } else if (verified != K_OK && (why == TICKET_AFTER_RESTORE || why == TICKET_NOT_HERE)) {
        /* Signed here, not on record: its id is another ticket's now. */
        set_note(a, true, why == TICKET_AFTER_RESTORE ? S_SCAN_RESTORED : S_SCAN_NOT_HERE, NULL);
        app_event(a, "scan_refused",
                  why == TICKET_AFTER_RESTORE ? "\"reason\":\"after_restore\""
                                              : "\"reason\":\"not_here\"");
    } else if (verified != K_OK) {
        set_note(a, true, S_SCAN_FORGED, NULL);
        app_event(a, "scan_refused", "\"reason\":\"forged\"");
    } else if (kind == TICKET_KIND_REQUEST) {
        RequestRecord r;
        if (store_get_request_of_ticket(a->store, ticket_id, &r) != K_OK)
            set_note(a, true, S_SCAN_NO_BOOKING, NULL);
        else if (!wf_role_may(a->staff.who.role, WF_ACCEPT))
            set_note(a, true, S_ROLE_NOT_ALLOWED, NULL);
        else {
            app_open_detail(a, r.id);
            return;
        }
    } else if (kind == TICKET_KIND_ACTIVITY) {
        app_staff_activity_scan(a, ticket_id); /* issue 20: check-in */
    } else if (kind == TICKET_KIND_WALKIN) {
        Ticket tk;
        if (store_get_ticket(a->store, ticket_id, &tk) == K_OK)
            set_note(a, false, S_SCAN_WALKIN, tk.number);
        else
            set_note(a, true, S_SCAN_NO_BOOKING, NULL);
    } else {
        checkin_scanned(a, ticket_id);
    }
    /* The answer shows on the staff home (or today's bookings, read again:
     * a check-in changes them). */
    const Screen *s = app_screen(a);
    if (s == &screen_today)
        app_today_load(a);
    if (kind == TICKET_KIND_ACTIVITY &&
        (s == &screen_staff_activities || s == &screen_staff_activity)) {
        app_staff_activities_load(a); /* the answer shows where the scan was */
        app_changed(a);
        return;
    }
    if (s != &screen_staff && s != &screen_today) {
        a->depth = 1;
        a->staff.note_screen = &screen_staff; /* the answer is said there */
        app_push(a, &screen_staff);
    }
    app_changed(a);
}

/* ---- the queue ---- */

void app_queue_reload(App *a)
{
    a->queue.count = 0;
    a->queue.base = 0;
    a->queue.mark_count = 1; /* mark 0: the top */
    a->queue.end = false;
    a->queue.scroll = 0;
    a->drag.velocity = 0;
    a->queue.total = 0;
    KResult rc =
        store_queue_count(a->store, a->queue.status[0] ? a->queue.status : NULL,
                          a->queue.category[0] ? a->queue.category : NULL, &a->queue.total);
    if (rc != K_OK) /* the list still shows what it can read; the log says why */
        app_store_error(a, "queue_count", rc);
    app_queue_fill(a, QUEUE_PAGE * 2);
    app_changed(a);
}

void app_queue_fill(App *a, int want)
{
    while (!a->queue.end && a->queue.base + a->queue.count < want) {
        if (a->queue.count == QUEUE_CACHE) {
            /* The window slides: forget the first half, and mark where the
             * new first row starts (the key of the row before it). */
            int drop = QUEUE_CACHE / 2;
            int mark = (a->queue.base + drop) / drop;
            if (mark < QUEUE_MARKS && mark >= a->queue.mark_count) {
                a->queue.marks[mark] = store_queue_key(&a->queue.rows[drop - 1]);
                a->queue.mark_count = mark + 1;
            }
            memmove(a->queue.rows, a->queue.rows + drop,
                    (size_t)(QUEUE_CACHE - drop) * sizeof a->queue.rows[0]);
            a->queue.count -= drop;
            a->queue.base += drop;
        }
        QueueKey after = {0};
        if (a->queue.count > 0)
            after = store_queue_key(&a->queue.rows[a->queue.count - 1]);
        else if (a->queue.base > 0)
            after = a->queue.marks[a->queue.base / (QUEUE_CACHE / 2)];
        int room = QUEUE_CACHE - a->queue.count, got = 0;
        int ask = room < QUEUE_PAGE ? room : QUEUE_PAGE;
        double t0 = platform_mono_ms();
        KResult rc = store_queue_page(a->store, a->queue.status[0] ? a->queue.status : NULL,
                                      a->queue.category[0] ? a->queue.category : NULL, &after,
                                      &a->queue.rows[a->queue.count], ask, &got);
        a->queue.fetch_ms = platform_mono_ms() - t0;
        if (rc != K_OK) {
            app_store_error(a, "queue", rc);
            a->queue.end = true;
            break;
        }
        char fields[64];
        snprintf(fields, sizeof fields, "\"rows\":%d,\"ms\":%.3f", got, a->queue.fetch_ms);
        app_event(a, "queue_page", fields);
        a->queue.count += got;
        if (got < ask)
            a->queue.end = true;
    }
}

void app_queue_from(App *a, int first)
{
    if (first >= a->queue.base)
        return;
    /* Above the window: start again from the nearest mark a half-window
     * above the row wanted (the top when there is none), so the rows just
     * above stay loaded for a finger going on up. */
    int half = QUEUE_CACHE / 2;
    int mark = first / half - 1;
    if (mark < 0)
        mark = 0;
    if (mark >= a->queue.mark_count)
        mark = a->queue.mark_count > 0 ? a->queue.mark_count - 1 : 0;
    a->queue.base = mark * half;
    a->queue.count = 0;
    a->queue.end = false;
    app_queue_fill(a, first + QUEUE_PAGE * 2);
}

/* ---- a request's detail and its actions ---- */

void app_open_detail(App *a, int64_t request_id)
{
    /* An action half taken on another request (its note or assignee
     * screen open) is dropped, with the note typed for it. */
    while (a->depth > 1 && (app_screen(a) == &screen_note || app_screen(a) == &screen_assignee))
        a->depth--;
    a->queue.pending_id = 0;
    sodium_memzero(a->queue.note_text, sizeof a->queue.note_text);
    KResult rc = store_get_request(a->store, request_id, &a->queue.detail);
    if (rc != K_OK) {
        app_store_error(a, "detail", rc);
        set_note(a, true, S_SAVE_FAILED, NULL);
        return;
    }
    a->staff.note[0] = '\0';
    detail_load(a);
    if (app_screen(a) == &screen_detail)
        app_changed(a);
    else
        app_push(a, &screen_detail);
}

void app_detail_act(App *a, const char *note, const char *assignee)
{
    int64_t now = app_now_ms(a) / 1000;
    char from[24];
    if (a->queue.pending_id != a->queue.detail.id) {
        /* The detail changed under the note or assignee screen. */
        while (a->depth > 1 && app_screen(a) != &screen_detail)
            a->depth--;
        app_changed(a);
        return;
    }
    a->queue.pending_id = 0;
    text_copy(from, sizeof from, a->queue.detail.status);
    KResult rc;
    if (a->queue.pending_action == WF_REFER && a->queue.pending_site[0])
        rc = store_request_refer(a->store, a->queue.detail.id, a->queue.pending_site,
                                 a->staff.who.role, a->staff.who.login, note, now);
    else
        rc = store_request_act(a->store, a->queue.detail.id, a->queue.pending_action,
                               a->staff.who.role, a->staff.who.login, note, assignee, now);
    /* Back on the detail, whatever happened. */
    while (a->depth > 1 && app_screen(a) != &screen_detail)
        a->depth--;
    if (app_screen(a) != &screen_detail) {
        app_reset(a, "home"); /* the staff home: the stack lost the detail */
        return;
    }
    if (rc == K_OK && store_get_request(a->store, a->queue.detail.id, &a->queue.detail) != K_OK)
        rc = K_ERR_DB;
    detail_load(a); /* the timeline has the step just taken */
    if (rc == K_OK) {
        char fields[160];
        snprintf(fields, sizeof fields,
                 "\"id\":%lld,\"from\":\"%s\",\"to\":\"%s\",\"action\":\"%s\",\"by\":\"%s\"",
                 (long long)a->queue.detail.id, from, a->queue.detail.status,
                 wf_action_name(a->queue.pending_action), a->staff.who.login);
        if (a->queue.pending_action == WF_REFER && a->queue.pending_site[0]) {
            text_append(fields, sizeof fields, ",\"site\":\"");
            text_append(fields, sizeof fields, a->queue.pending_site);
            text_append(fields, sizeof fields, "\"");
        }
        app_event(a, "status_changed", fields);
        set_note(a, false, S_ACT_OK, app_status_word(a, a->queue.detail.status));
    } else if (rc == K_ERR_REFUSED) {
        set_note(a, true, S_ACT_REFUSED, NULL);
    } else if (rc == K_ERR_INVALID) {
        set_note(a, true, S_NOTE_EMPTY, NULL);
    } else {
        app_store_error(a, "act", rc);
        set_note(a, true, S_SAVE_FAILED, NULL);
    }
    sodium_memzero(a->queue.note_text, sizeof a->queue.note_text);
    a->queue.pending_site[0] = '\0';
    app_changed(a);
}

/* ---- walk-in numbers ---- */

void app_print_test_page(App *a)
{
    if (!a->ticket.has_printer)
        return;
    Ticket tk;
    memset(&tk, 0, sizeof tk);
    tk.id = -1; /* no ticket: the print result is matched by this id */
    tk.kind = TICKET_KIND_TEST;
    text_copy(tk.site, sizeof tk.site, a->cfg.site_code);
    text_copy(tk.number, sizeof tk.number, "TEST");
    text_copy(tk.lookup, sizeof tk.lookup, "ACDEFGHJ");
    snprintf(tk.payload, sizeof tk.payload, "TEST %s", a->cfg.site_code);
    tk.created_at = app_now_ms(a) / 1000;
    if (qr_encode(tk.payload, &a->ticket.qr) != K_OK)
        return;
    a->ticket.issued = tk;
    a->ticket.print_state = PRINT_NONE;
    app_event(a, "test_page", NULL);
    app_request_print(a);
}

void app_call_next(App *a)
{
    WalkIn w;
    KResult rc =
        store_walkin_call(a->store, a->staff.counter, a->staff.who.login, app_now_ms(a) / 1000, &w);
    if (rc == K_ERR_NOT_FOUND) {
        set_note(a, false, S_NOBODY_WAITING, NULL);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "call", rc);
        set_note(a, true, S_SAVE_FAILED, NULL);
        return;
    }
    char text[64], window[48], num[8];
    snprintf(num, sizeof num, "%d", w.counter);
    strings_fill(window, sizeof window, app_str(a, S_STAFF_COUNTER), num);
    snprintf(text, sizeof text, "%s → %s", w.number, window);
    set_note(a, false, S_CALLED, text);
    char fields[96];
    snprintf(fields, sizeof fields, "\"number\":\"%s\",\"counter\":%d,\"by\":\"%s\"", w.number,
             w.counter, a->staff.who.login);
    app_event(a, "walkin_called", fields);
    app_staff_home_load(a); /* one fewer waits */
}

/* "Q003 → 2 号窗口" */
static void number_to_window(App *a, const WalkIn *w, char *out, size_t cap)
{
    char window[48], num[8];
    snprintf(num, sizeof num, "%d", w->counter);
    strings_fill(window, sizeof window, app_str(a, S_STAFF_COUNTER), num);
    snprintf(out, cap, "%s → %s", w->number, window);
}

static void walkin_event(App *a, const char *kind, const WalkIn *w)
{
    char fields[96];
    snprintf(fields, sizeof fields, "\"number\":\"%s\",\"counter\":%d,\"by\":\"%s\"", w->number,
             w->counter, a->staff.who.login);
    app_event(a, kind, fields);
}

void app_recall(App *a)
{
    WalkIn w;
    KResult rc = store_walkin_recall(a->store, a->staff.counter, a->staff.who.login,
                                     app_now_ms(a) / 1000, &w);
    if (rc == K_ERR_NOT_FOUND) {
        set_note(a, false, S_NOBODY_CALLED, NULL);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "recall", rc);
        set_note(a, true, S_SAVE_FAILED, NULL);
        return;
    }
    char text[64];
    number_to_window(a, &w, text, sizeof text);
    set_note(a, false, S_RECALLED, text);
    walkin_event(a, "walkin_recalled", &w);
}

void app_skip(App *a)
{
    WalkIn w, next;
    KResult rc = store_walkin_skip(a->store, a->staff.counter, a->staff.who.login,
                                   app_now_ms(a) / 1000, &w, &next);
    if (rc == K_ERR_NOT_FOUND) {
        set_note(a, false, S_NOBODY_CALLED, NULL);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "skip", rc);
        set_note(a, true, S_SAVE_FAILED, NULL);
        return;
    }
    /* "Q001 已过号" and, on the next line, who was called instead. */
    char text[64], said[APP_MSG_MAX];
    strings_fill(said, sizeof said, app_str(a, S_SKIPPED), w.number);
    walkin_event(a, "walkin_skipped", &w);
    if (next.id) {
        number_to_window(a, &next, text, sizeof text);
        text_append(said, sizeof said, "\n");
        char called[APP_MSG_MAX];
        strings_fill(called, sizeof called, app_str(a, S_CALLED), text);
        text_append(said, sizeof said, called);
        walkin_event(a, "walkin_called", &next);
    } else {
        text_append(said, sizeof said, "\n");
        text_append(said, sizeof said, app_str(a, S_NOBODY_WAITING));
    }
    set_note(a, false, S_SKIPPED, "");
    text_copy(a->staff.note, sizeof a->staff.note, said);
    app_staff_home_load(a);
}

void app_take_number(App *a)
{
    Ticket tk;
    int ahead = 0;
    KResult rc =
        store_walkin_issue(a->store, a->cfg.site_code, app_now_ms(a) / 1000, a->key, &tk, &ahead);
    if (rc == K_OK)
        rc = qr_encode(tk.payload, &a->ticket.qr);
    if (rc != K_OK) {
        app_store_error(a, "walkin", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    a->ticket.issued = tk;
    a->ticket.hours = 0;
    a->ticket.ahead = ahead; /* the walk-in card shows how many wait */
    char fields[256];
    snprintf(fields, sizeof fields,
             "\"kind\":\"walkin\",\"number\":\"%s\",\"payload\":\"%s\",\"id\":%lld,\"ahead\":%d",
             tk.number, tk.payload, (long long)tk.id, ahead);
    app_event(a, "ticket_issued", fields);
    a->guard_until_ms = app_mono_ms(a) + APP_CONFIRM_GUARD_MS;
    a->depth = 1;
    app_push(a, &screen_ticket);
    app_request_print(a);
}
