/* activity_staff.c - staff's screens of community activities (issue 20):
 * today's activities (staff_activities, from staff.activities) and one of
 * them with its sign-ups in order (staff_activity): check each in, and
 * release the seats of those who did not come (10 minutes after the
 * start) to the waiting list.  Scanning an H ticket in staff mode checks
 * it in from any staff screen (app_staff_activity_scan). */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/text.h"

static const char *list_title(App *a)
{
    return app_str(a, S_ACT_STAFF_TITLE);
}

/* The staff note (a scan, a check-in) on top; its height. */
static int note_row(App *a, UiList *ui, Rect body, const char *id)
{
    const Theme *t = &a->theme;
    if (!a->staff.note[0])
        return 0;
    int h = app_bold_lines(a, a->staff.note, t->body_px, body.w) * t->body_px * 135 / 100;
    Widget *m = ui_label(ui, t, id, a->staff.note, (Rect){body.x, body.y, body.w, h}, t->body_px);
    if (m) {
        m->bold = true;
        if (a->staff.note_bad)
            m->fg = t->error_fg;
    }
    return h + t->gap;
}

static void list_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y + note_row(a, ui, body, "activities.staff_message");
    if (a->activity.today_count == 0) {
        ui_label(ui, t, "activities.today_none", app_str(a, S_ACT_STAFF_NONE),
                 (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
        return;
    }
    int row_h = t->button_h * 3 / 2;
    for (int i = 0; i < a->activity.today_count && y + row_h <= body.y + body.h; i++) {
        const Activity *v = &a->activity.today[i];
        char id[WIDGET_ID_MAX], text[WIDGET_TEXT_MAX], when[96], num[32], counts[64];
        snprintf(id, sizeof id, "activities.today.%lld", (long long)v->id);
        app_activity_when(a, v, when, sizeof when);
        snprintf(num, sizeof num, "%d/%d", v->taken, v->seats);
        strings_fill(counts, sizeof counts, app_str(a, S_ACT_STAFF_COUNTS), num);
        snprintf(text, sizeof text, "%s\n%s  %s", app_activity_title(a, v), when, counts);
        Widget *w = ui_button(ui, t, id, text, (Rect){body.x, y, body.w, row_h - t->gap});
        if (w) {
            w->font_px = app_fit_px(a, text, t->body_px, body.w - 2 * t->gap, row_h - 2 * t->gap);
            w->align = ALIGN_LEFT;
        }
        y += row_h;
    }
}

static bool list_tap(App *a, const char *id)
{
    long long v = 0;
    if (sscanf(id, "activities.today.%lld", &v) == 1) {
        app_staff_activity_open(a, v);
        return true;
    }
    return false;
}

const Screen screen_staff_activities = {
    .id = "staff_activities",
    .nav = NAV_BACK | NAV_HOME,
    .enter = app_staff_activities_load,
    .title = list_title,
    .build = list_build,
    .tap = list_tap,
};

/* ---- one of today's activities ---- */

static const char *one_title(App *a)
{
    return app_activity_title(a, &a->activity.staff_shown);
}

static StringKey state_word(const ActivitySignup *u)
{
    const char *s = u->status;
    return strcmp(s, ACT_SIGNUP_WAITING) == 0      ? S_ACT_ST_WAITING
           : strcmp(s, ACT_SIGNUP_CHECKED_IN) == 0 ? S_ACT_SS_CHECKED_IN
           : strcmp(s, ACT_SIGNUP_NO_SHOW) == 0    ? S_ACT_SS_NO_SHOW
           : strcmp(s, ACT_SIGNUP_CANCELLED) == 0  ? S_ACT_SS_CANCELLED
                                                   : S_ACT_SS_SIGNED_UP;
}

static void one_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    AppActivity *s = &a->activity;
    int y = body.y + note_row(a, ui, body, "activity.staff_message");
    /* the seats held, then each sign-up in order */
    char num[32], counts[96], when[96], head[WIDGET_TEXT_MAX];
    snprintf(num, sizeof num, "%d/%d", s->staff_shown.taken, s->staff_shown.seats);
    strings_fill(counts, sizeof counts, app_str(a, S_ACT_STAFF_COUNTS), num);
    app_activity_when(a, &s->staff_shown, when, sizeof when);
    snprintf(head, sizeof head, "%s  %s", when, counts);
    int head_h = app_text_lines(a, head, t->body_px, body.w) * t->body_px * 135 / 100;
    ui_label(ui, t, "activity.staff_counts", head, (Rect){body.x, y, body.w, head_h}, t->body_px);
    y += head_h + t->gap;
    /* release at the bottom */
    Rect rel = {body.x, body.y + body.h - t->button_h, body.w, t->button_h};
    ui_button(ui, t, "activity.release", app_str(a, S_ACT_RELEASE), rel);
    int row_h = t->button_h;
    int px = t->small_px < 28 ? 28 : t->small_px;
    for (int i = 0; i < s->staff_count && y + row_h <= rel.y - t->gap; i++) {
        const ActivitySignup *u = &s->staff_rows[i];
        if (strcmp(u->status, ACT_SIGNUP_CANCELLED) == 0)
            continue;
        char id[WIDGET_ID_MAX], text[256], state[128];
        snprintf(num, sizeof num, "%d", u->position);
        strings_fill(state, sizeof state, app_str(a, state_word(u)), num);
        snprintf(text, sizeof text, a->lang == LANG_EN ? "%s  ×%d  [%s]" : "%s  ×%d  【%s】",
                 u->number, u->people, state);
        bool can = strcmp(u->status, ACT_SIGNUP_SIGNED_UP) == 0;
        int bw = can ? body.w / 4 : 0;
        snprintf(id, sizeof id, "activity.row.%lld", (long long)u->id);
        Widget *w = ui_label(ui, t, id, text, (Rect){body.x, y, body.w - bw - t->gap, row_h}, px);
        if (w)
            w->align = ALIGN_LEFT;
        if (can) {
            snprintf(id, sizeof id, "activity.checkin.%lld", (long long)u->id);
            ui_button(ui, t, id, app_str(a, S_ACT_CHECKIN),
                      (Rect){body.x + body.w - bw, y + t->gap / 4, bw, row_h - t->gap / 2});
        }
        y += row_h;
    }
}

static bool one_tap(App *a, const char *id)
{
    long long v = 0;
    if (sscanf(id, "activity.checkin.%lld", &v) == 1) {
        app_staff_activity_checkin(a, v);
        return true;
    }
    if (strcmp(id, "activity.release") == 0) {
        app_staff_activity_release(a);
        return true;
    }
    return false;
}

const Screen screen_staff_activity = {
    .id = "staff_activity",
    .nav = NAV_BACK | NAV_HOME,
    .title = one_title,
    .build = one_build,
    .tap = one_tap,
};
