/* volunteer_scan.c - what a volunteer's card shows when scanned
 * (volunteer_card: signed in or out, the hours of this duty, the balance,
 * points and the latest entries, the passbook slip on request), and the
 * staff's volunteers screen (staff_volunteers: applications to approve,
 * duties left open to close). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_ticket.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/text.h"

/* ---- the scanned card ---- */

static const char *card_title(App *a)
{
    return app_str(a, S_VOL_CARD_TITLE);
}

static void entry_line(App *a, const VolunteerEntry *e, char *out, size_t cap)
{
    char day[24] = "", h[32];
    time_t when = (time_t)e->at;
    struct tm tm;
    if (localtime_r(&when, &tm))
        strftime(day, sizeof day, "%m-%d %H:%M", &tm);
    app_volunteer_hours(e->minutes, h, sizeof h);
    StringKey kind = strcmp(e->kind, "duty") == 0    ? S_VOL_KIND_DUTY
                     : strcmp(e->kind, "spent") == 0 ? S_VOL_KIND_SPENT
                                                     : S_VOL_KIND_ADJUST;
    snprintf(out, cap, "%s  %s  %s%s", day, app_str(a, kind), e->minutes > 0 ? "+" : "", h);
}

static void card_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    char text[WIDGET_TEXT_MAX], h[32];
    int y = body.y;
    if (a->vol.scan_msg == S_VOL_CARD_REFUSED) {
        Widget *m = ui_label(ui, t, "card.message", app_str(a, S_VOL_CARD_REFUSED),
                             (Rect){body.x, y, body.w, body.h / 2}, t->big_px);
        if (m) {
            m->fg = t->error_fg;
            m->bold = true;
        }
        return;
    }
    /* what the scan did, big: the hours of the duty just ended */
    app_volunteer_hours(a->vol.scan.minutes, h, sizeof h);
    strings_fill(text, sizeof text, app_str(a, a->vol.scan_msg ? a->vol.scan_msg : S_VOL_REPEAT),
                 h);
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w / 2 - t->gap;
        right.x = body.x + body.w / 2 + t->gap;
        right.w = body.w - left.w - 2 * t->gap;
    }
    /* what the scan did across the top (both columns: it keeps its size
     * with larger text), giving way, never under body size, to the name,
     * balance and points under it */
    char bal[WIDGET_TEXT_MAX], hb[32];
    app_volunteer_hours(a->vol.shown.total_minutes, hb, sizeof hb);
    strings_fill(bal, sizeof bal, app_str(a, S_VOL_BALANCE), hb);
    int below = t->button_px * 2 +
                app_bold_lines(a, bal, t->big_px, left.w) * t->big_px * 135 / 100 + t->body_px * 2 +
                3 * t->gap;
    if (!wide)
        below += 2 * t->body_px + (a->vol.recent_count + 1) * t->body_px * 135 / 100 + t->button_h +
                 2 * t->gap;
    int px = t->big_px;
    /* never smaller than without larger text */
    int floor_px = (int)(t->big_px / t->scale + 0.5);
    if (floor_px < t->body_px)
        floor_px = t->body_px;
    while (px - 2 >= floor_px &&
           app_bold_lines(a, text, px, body.w) * px * 135 / 100 + t->gap > body.h - below)
        px -= 2;
    int mh = app_bold_lines(a, text, px, body.w) * px * 135 / 100 + t->gap;
    Widget *m = ui_label(ui, t, "card.message", text, (Rect){body.x, y, body.w, mh}, px);
    if (m)
        m->bold = true;
    y += mh + t->gap;
    right.y = y;
    Widget *n = ui_label(ui, t, "card.name", a->vol.shown.d.name,
                         (Rect){left.x, y, left.w, t->button_px * 2}, t->button_px);
    if (n)
        n->bold = true;
    y += t->button_px * 2;
    app_volunteer_hours(a->vol.shown.total_minutes, h, sizeof h);
    strings_fill(text, sizeof text, app_str(a, S_VOL_BALANCE), h);
    int bh = app_bold_lines(a, text, t->big_px, left.w) * t->big_px * 135 / 100;
    Widget *b = ui_label(ui, t, "card.balance", text, (Rect){left.x, y, left.w, bh}, t->big_px);
    if (b)
        b->bold = true;
    y += bh + t->gap;
    snprintf(h, sizeof h, "%lld", (long long)a->vol.shown.total_points);
    strings_fill(text, sizeof text, app_str(a, S_VOL_POINTS), h);
    ui_label(ui, t, "card.points", text, (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2 + t->gap;

    /* the latest entries, one a line */
    int ry = wide ? right.y : y;
    ui_label(ui, t, "card.last_label", app_str(a, S_VOL_LAST),
             (Rect){right.x, ry, right.w, t->body_px * 2}, t->body_px);
    ry += t->body_px * 2;
    text[0] = '\0';
    for (int i = 0; i < a->vol.recent_count; i++) {
        char line[160];
        entry_line(a, &a->vol.recent[i], line, sizeof line);
        if (i)
            text_append(text, sizeof text, "\n");
        text_append(text, sizeof text, line);
    }
    if (!text[0])
        text_copy(text, sizeof text, app_str(a, S_VOL_NO_ENTRIES));
    int print_y = body.y + body.h - t->button_h;
    int lines = a->vol.recent_count > 0 ? a->vol.recent_count : 1;
    int eh = lines * t->body_px * 135 / 100 + t->gap;
    if (ry + eh > print_y - t->gap)
        eh = print_y - t->gap - ry;
    Widget *e = ui_label(ui, t, "card.entries", text, (Rect){right.x, ry, right.w, eh}, t->body_px);
    if (e)
        e->align = ALIGN_LEFT;
    if (a->ticket.has_printer && a->vol.shown.card_ticket_id)
        ui_button(ui, t, "card.print", app_str(a, S_VOL_PRINT),
                  (Rect){right.x, print_y, right.w, t->button_h});
}

static bool card_tap(App *a, const char *id)
{
    if (strcmp(id, "card.print") == 0) {
        app_volunteer_print_passbook(a);
        return true;
    }
    return false;
}

static bool card_finished(App *a)
{
    (void)a;
    return true;
}

const Screen screen_volunteer_card = {
    .id = "volunteer_card",
    .nav = NAV_HOME,
    .title = card_title,
    .build = card_build,
    .tap = card_tap,
    .finished = card_finished,
};

/* ---- staff: applications and open duties ---- */

static const char *staff_title(App *a)
{
    return app_str(a, S_VOL_STAFF);
}

static void staff_enter(App *a)
{
    app_volunteer_staff_load(a);
}

/* One row: the text on the left, one or two buttons on the right. */
static int staff_row(App *a, UiList *ui, Rect area, int y, const char *text, const char *id1,
                     StringKey b1, const char *id2, StringKey b2)
{
    const Theme *t = &a->theme;
    int bw = area.w / 4;
    int nb = id2 ? 2 : 1;
    int tw = area.w - nb * (bw + t->gap);
    int h = app_text_lines(a, text, t->body_px, tw) * t->body_px * 135 / 100 + t->gap;
    if (h < t->button_h)
        h = t->button_h;
    char lid[WIDGET_ID_MAX];
    snprintf(lid, sizeof lid, "%.40s.text", id1);
    Widget *w = ui_label(ui, t, lid, text, (Rect){area.x, y, tw, h}, t->body_px);
    if (w)
        w->align = ALIGN_LEFT;
    ui_button(ui, t, id1, app_str(a, b1), (Rect){area.x + tw + t->gap, y, bw, t->button_h});
    if (id2)
        ui_button(ui, t, id2, app_str(a, b2),
                  (Rect){area.x + tw + bw + 2 * t->gap, y, bw, t->button_h});
    return h + t->gap;
}

static void staff_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    char text[WIDGET_TEXT_MAX], id1[WIDGET_ID_MAX], id2[WIDGET_ID_MAX], skills[256];
    Rect apps = body, duties = body;
    if (wide) {
        apps.w = body.w / 2 - t->gap;
        duties.x = body.x + body.w / 2 + t->gap;
        duties.w = body.w - apps.w - 2 * t->gap;
    } else {
        apps.h = body.h * 3 / 5;
        duties.y = apps.y + apps.h + t->gap;
        duties.h = body.h - apps.h - t->gap;
    }
    int y = apps.y;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "volunteers.message", app_str(a, a->message),
                             (Rect){apps.x, y, apps.w, t->body_px * 2}, t->body_px);
        if (m)
            m->bold = true;
        y += t->body_px * 2;
    }
    Widget *h1 = ui_label(ui, t, "volunteers.apps_label", app_str(a, S_VOL_STAFF_APPS),
                          (Rect){apps.x, y, apps.w, t->button_px * 3 / 2}, t->button_px);
    if (h1)
        h1->bold = true;
    y += t->button_px * 3 / 2 + t->gap;
    if (a->vol.app_count == 0) {
        ui_label(ui, t, "volunteers.apps_none", app_str(a, S_VOL_STAFF_NONE),
                 (Rect){apps.x, y, apps.w, t->body_px * 2}, t->body_px);
    }
    for (int i = 0; i < a->vol.app_count; i++) {
        const VolunteerRecord *v = &a->vol.apps[i];
        char where[128];
        app_format_address(a, v->d.building, "", "", where, sizeof where);
        app_volunteer_skills_text(a, &v->d, skills, sizeof skills);
        snprintf(text, sizeof text, "%s %d · %s · %s", v->d.name, v->d.age, where, skills);
        snprintf(id1, sizeof id1, "volunteer.approve.%lld", (long long)v->id);
        snprintf(id2, sizeof id2, "volunteer.reject.%lld", (long long)v->id);
        int hh = app_text_lines(a, text, t->body_px, apps.w / 2) * t->body_px * 135 / 100;
        if (y + (hh > t->button_h ? hh : t->button_h) > apps.y + apps.h)
            break;
        y += staff_row(a, ui, apps, y, text, id1, S_VOL_APPROVE, id2, S_VOL_REJECT);
    }
    y = duties.y;
    Widget *h2 = ui_label(ui, t, "volunteers.duties_label", app_str(a, S_VOL_STAFF_DUTIES),
                          (Rect){duties.x, y, duties.w, t->button_px * 3 / 2}, t->button_px);
    if (h2)
        h2->bold = true;
    y += t->button_px * 3 / 2 + t->gap;
    if (a->vol.duty_count == 0)
        ui_label(ui, t, "volunteers.duties_none", app_str(a, S_VOL_STAFF_NONE),
                 (Rect){duties.x, y, duties.w, t->body_px * 2}, t->body_px);
    int64_t now = app_now_ms(a) / 1000;
    for (int i = 0; i < a->vol.duty_count; i++) {
        const VolunteerRecord *v = &a->vol.duties[i];
        char hh[32];
        app_volunteer_hours((now - v->duty_started_at) / 60, hh, sizeof hh);
        snprintf(text, sizeof text, "%s · %s h", v->d.name, hh);
        snprintf(id1, sizeof id1, "volunteer.close.%lld", (long long)v->id);
        if (y + t->button_h > duties.y + duties.h)
            break;
        y += staff_row(a, ui, duties, y, text, id1, S_VOL_CLOSE, NULL, 0);
    }
}

static bool staff_tap(App *a, const char *id)
{
    long long vid = 0;
    if (sscanf(id, "volunteer.approve.%lld", &vid) == 1) {
        app_volunteer_decide(a, vid, true);
        return true;
    }
    if (sscanf(id, "volunteer.reject.%lld", &vid) == 1) {
        app_volunteer_decide(a, vid, false);
        return true;
    }
    if (sscanf(id, "volunteer.close.%lld", &vid) == 1) {
        app_volunteer_close_duty(a, vid);
        return true;
    }
    return false;
}

const Screen screen_staff_volunteers = {
    .id = "staff_volunteers",
    .nav = NAV_BACK,
    .enter = staff_enter,
    .title = staff_title,
    .build = staff_build,
    .tap = staff_tap,
};

/* ---- the statistics screen's lines ---- */

int volunteer_stats_lines(App *a, UiList *ui, Rect r)
{
    const Theme *t = &a->theme;
    char text[WIDGET_TEXT_MAX], h[32], n[16], part[128];
    app_volunteer_hours(a->vol.stats_minutes, h, sizeof h);
    strings_fill(text, sizeof text, app_str(a, S_VOL_STATS_HOURS), h);
    snprintf(n, sizeof n, "%d", a->vol.stats_people);
    strings_fill(part, sizeof part, app_str(a, S_VOL_STATS_PEOPLE), n);
    text_append(text, sizeof text, " · ");
    text_append(text, sizeof text, part);
    int px = t->body_px;
    int y = r.y;
    int lh = app_bold_lines(a, text, px, r.w) * px * 135 / 100;
    Widget *w = ui_label(ui, t, "stats.volunteers", text, (Rect){r.x, y, r.w, lh}, px);
    if (w) {
        w->align = ALIGN_LEFT;
        w->bold = true;
    }
    y += lh;
    if (a->vol.stats_skills[0]) {
        lh = app_text_lines(a, a->vol.stats_skills, px, r.w) * px * 135 / 100;
        Widget *s = ui_label(ui, t, "stats.volunteer_skills", a->vol.stats_skills,
                             (Rect){r.x, y, r.w, lh}, px);
        if (s)
            s->align = ALIGN_LEFT;
        y += lh;
    }
    return y + t->gap;
}
