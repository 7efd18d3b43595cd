/* staff.c - signing in (pick your name, then the PIN pad), the staff home
 * (the queue, today's bookings, calling the next walk-in number, calling
 * it again or passing it over, how many wait, what the last scan did) and
 * today's bookings with check-in.
 *
 * The staff home is the root of staff mode: home and back lead here, and
 * only "sign out" or two minutes without a touch lead to the residents'
 * home.  Secondary text may be 28 px here (staff read at arm's length). */
#include <stdio.h>
#include <string.h>

#include "keypad.h"
#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_maint.h"
#include "kiosk/app_project.h"
#include "kiosk/app_staff.h"
#include "kiosk/app_stats.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/text.h"

/* ---- pick your name ---- */

static const char *pick_title(App *a)
{
    return app_str(a, S_STAFF_PICK_TITLE);
}

static void pick_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    ui_label(ui, t, "staff_pick.hint",
             app_str(a, a->staff.pick_count ? S_STAFF_PICK_HINT : S_STAFF_NONE),
             (Rect){body.x, y, body.w, t->body_px * 3}, t->body_px);
    y += t->body_px * 3 + t->gap;
    Rect grid = {body.x, y, body.w, body.y + body.h - y};
    int cols = a->width > a->height ? 4 : 2;
    int rows = (a->staff.pick_count + cols - 1) / cols;
    int row_h = ui_fit_rows(grid.h, rows, t->gap, 88, t->button_h);
    for (int i = 0; i < a->staff.pick_count; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "staff_pick.%s", a->staff.pick_list[i].login);
        ui_button(ui, t, id, a->staff.pick_list[i].name,
                  ui_grid_cell(grid, cols, row_h, t->gap, i));
    }
}

static bool pick_tap(App *a, const char *id)
{
    if (strncmp(id, "staff_pick.", 11) != 0)
        return false;
    if (app_staff_pick(a, id + 11))
        app_push(a, &screen_pin);
    return true;
}

const Screen screen_staff_pick = {
    .id = "staff_pick",
    .nav = NAV_BACK | NAV_HOME,
    .enter = app_staff_pick_load,
    .title = pick_title,
    .build = pick_build,
    .tap = pick_tap,
};

/* ---- the PIN pad ---- */

static const char *pin_title(App *a)
{
    return app_str(a, S_PIN_TITLE);
}

static void pin_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect left, pad;
    keypad_columns(a, body, &left, &pad);
    int y = left.y;
    Widget *n = ui_label(ui, t, "pin.name", a->staff.pick_name,
                         (Rect){left.x, y, left.w, t->big_px * 3 / 2}, t->big_px);
    if (n)
        n->bold = true;
    y += t->big_px * 3 / 2 + t->gap;
    /* One dot per digit: the PIN itself is never shown. */
    char dots[STAFF_PIN_MAX * 4 + 1] = "";
    for (size_t i = 0; i < strlen(a->staff.pin_text); i++)
        text_append(dots, sizeof dots, "● ");
    Widget *f = ui_add(ui, "pin.field", UI_ROLE_FIELD, dots, (Rect){left.x, y, left.w, t->button_h},
                       t->big_px, t->field_fg, t->field_bg);
    if (f)
        f->enabled = false;
    y += t->button_h + t->gap;
    int msg_h = t->body_px * 3;
    if (a->staff.note[0]) {
        Widget *m = ui_label(ui, t, "pin.message", a->staff.note, (Rect){left.x, y, left.w, msg_h},
                             t->body_px);
        if (m)
            m->fg = t->error_fg;
    } else if (a->message_set) {
        Widget *m = ui_label(ui, t, "pin.message", app_str(a, a->message),
                             (Rect){left.x, y, left.w, msg_h}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    if (!wide) {
        pad.y = y + msg_h + t->gap;
        pad.h = body.y + body.h - pad.y;
    }
    keypad_build(a, ui, pad, "pin");
}

static bool pin_tap(App *a, const char *id)
{
    char k = keypad_key("pin", id);
    size_t n = strlen(a->staff.pin_text);
    if (!k)
        return false;
    if (k == 'k') {
        a->staff.note[0] = '\0';
        app_staff_login(a);
    } else if (k == 'd') {
        if (n > 0)
            a->staff.pin_text[n - 1] = '\0';
        app_changed(a);
    } else if (n < STAFF_PIN_MAX) {
        a->staff.pin_text[n] = k;
        a->staff.pin_text[n + 1] = '\0';
        a->staff.note[0] = '\0';
        app_clear_message(a);
    }
    return true;
}

const Screen screen_pin = {
    .id = "pin",
    .nav = NAV_BACK | NAV_HOME,
    .title = pin_title,
    .build = pin_build,
    .tap = pin_tap,
};

/* ---- the staff home ---- */

static const char *staff_title(App *a)
{
    static char title[128];
    strings_fill(title, sizeof title, app_str(a, S_STAFF_TITLE), a->staff.who.name);
    return title;
}

#define COUNTERS 4

static void staff_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    StaffRole role = a->staff.who.role;
    bool call = wf_role_may_call(role);
    /* Landscape: the big buttons (call again and skip under call next) on
     * the left; the window, how many wait, what a scan does and what
     * happened on the right.  Portrait: one column.  The bottom row: the
     * figures (for those who work the queue), maintenance, signing out. */
    /* The staff home has no back/home bar (like the residents' home): on
     * a landscape screen, short, its bottom row takes that bar's room. */
    if (wide)
        body.h = a->height - t->margin - body.y;
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w / 2 - t->gap;
        right.x = body.x + body.w / 2 + t->gap;
        right.w = body.w - left.w - 2 * t->gap;
    }
    char text[128], num[16];
    /* What a scan does, for what this role may do: a volunteer opens no
     * request. */
    const char *hint =
        app_str(a, wf_role_may(role, WF_ACCEPT) ? S_STAFF_SCAN_HINT : S_STAFF_SCAN_HINT_VOL);
    int hint_h = app_text_lines(a, hint, t->body_px, right.w) * t->body_px * 135 / 100;
    int msg_h = a->staff.note[0] ? app_bold_lines(a, a->staff.note, t->button_px, right.w) *
                                       t->button_px * 135 / 100
                                 : 0;
    /* Room for a two-line message is kept whether or not there is one,
     * so a message never moves the buttons. */
    int msg_room = 2 * t->button_px * 135 / 100;
    if (msg_room < msg_h)
        msg_room = msg_h;
    int label_h = t->body_px * 3 / 2;
    int above = body.h - t->button_h - t->gap; /* what is above the bottom row */
    /* The big buttons' height: they give way (down to a finger's 88 px)
     * to what must fit with larger text. */
    int k = wf_role_may(role, WF_ACCEPT) + wf_role_may_checkin(role) + call;
    int big_h = t->primary_h;
    int again_h = t->button_h; /* call again, skip */
    int counter_h = again_h;   /* the window's buttons */
    if (wide) {
        int rows = k + call; /* call again and skip: a row of their own */
        if (rows > 0 && rows * (big_h + t->gap) > above)
            big_h = above / rows - t->gap;
        if (big_h < 88)
            big_h = 88;
        if (again_h > big_h)
            again_h = big_h;
        /* the window's buttons give way on the right */
        int rest = above - label_h - hint_h - msg_room - 3 * t->gap;
        if (counter_h > rest)
            counter_h = rest < 88 ? 88 : rest;
    } else if (k > 0) {
        int fixed = hint_h + msg_room + (k + 1) * t->gap;
        if (call)
            fixed += label_h + 2 * t->button_h + 3 * t->gap;
        if (k * big_h > above - fixed)
            big_h = (above - fixed) / k;
        if (big_h < 88)
            big_h = 88;
    }
    int y = left.y;
    if (wf_role_may(role, WF_ACCEPT)) {
        snprintf(num, sizeof num, "%d", a->staff.queue_open);
        strings_fill(text, sizeof text, app_str(a, S_STAFF_QUEUE), num);
        ui_primary(ui, t, "staff.queue", text, (Rect){left.x, y, left.w, big_h});
        y += big_h + t->gap;
    }
    if (wf_role_may_checkin(role)) {
        /* issue 20: today's activities (staff.activities) beside today's
         * bookings, half each: the right-hand column has no height left
         * for a row of its own with larger text (its counters shrink) */
        int tw = (left.w - t->gap) / 2;
        ui_primary(ui, t, "staff.today", app_str(a, S_STAFF_TODAY), (Rect){left.x, y, tw, big_h});
        Widget *act = ui_primary(ui, t, "staff.activities", app_str(a, S_ACT_STAFF_BUTTON),
                                 (Rect){left.x + tw + t->gap, y, left.w - tw - t->gap, big_h});
        if (act)
            act->font_px =
                app_fit_px(a, act->text, t->big_px, act->rect.w - 2 * t->gap, act->rect.h - t->gap);
        y += big_h + t->gap;
    }

    int ry = wide ? right.y : y + t->gap;
    if (call) {
        /* The window this desk calls to (the chosen one ticked) with how
         * many walk-in numbers wait on the same line, then call next;
         * call the last one again or pass it over (过号) beside each
         * other under it. */
        ui_label(ui, t, "staff.counter_label", app_str(a, S_STAFF_WINDOW),
                 (Rect){right.x, ry, right.w / 2, label_h}, t->body_px);
        snprintf(num, sizeof num, "%d", a->staff.walkin_waiting);
        strings_fill(text, sizeof text, app_str(a, S_STAFF_WAITING), num);
        Widget *wl =
            ui_label(ui, t, "staff.waiting", text,
                     (Rect){right.x + right.w / 2, ry, right.w - right.w / 2, label_h}, t->body_px);
        if (wl)
            wl->bold = true;
        ry += label_h;
        Rect row = {right.x, ry, right.w, counter_h};
        for (int c = 1; c <= COUNTERS; c++) {
            char id[WIDGET_ID_MAX];
            snprintf(id, sizeof id, "staff.counter.%d", c);
            snprintf(text, sizeof text, "%d", c);
            Widget *w =
                ui_choice(ui, t, id, text, ui_grid_cell(row, COUNTERS, counter_h, t->gap, c - 1),
                          a->staff.counter == c);
            if (w) { /* big, unless the row gave way; never smaller than a button's */
                int px = counter_h * 100 / 140;
                w->font_px = px > t->big_px ? t->big_px : px < t->button_px ? t->button_px : px;
            }
        }
        ry += counter_h + t->gap;
        Rect next = wide ? (Rect){left.x, y, left.w, big_h} : (Rect){body.x, ry, body.w, big_h};
        ui_primary(ui, t, "staff.call", app_str(a, S_STAFF_CALL), next);
        if (wide)
            y += big_h + t->gap;
        else
            ry += big_h + t->gap;
        Rect again =
            wide ? (Rect){left.x, y, left.w, again_h} : (Rect){body.x, ry, body.w, again_h};
        ui_button(ui, t, "staff.recall", app_str(a, S_STAFF_RECALL),
                  ui_grid_cell(again, 2, again_h, t->gap, 0));
        ui_button(ui, t, "staff.skip", app_str(a, S_STAFF_SKIP),
                  ui_grid_cell(again, 2, again_h, t->gap, 1));
        if (wide)
            y += again_h + t->gap;
        else
            ry += again_h + t->gap;
    }
    ui_label(ui, t, "staff.scan_hint", hint, (Rect){right.x, ry, right.w, hint_h}, t->body_px);
    ry += hint_h + t->gap;
    if (a->staff.note[0]) {
        Widget *m = ui_label(ui, t, "staff.message", a->staff.note,
                             (Rect){right.x, ry, right.w, msg_h}, t->button_px);
        if (m) {
            m->bold = true;
            if (a->staff.note_bad)
                m->fg = t->error_fg;
        }
    }
    Rect bottom = {body.x, body.y + body.h - t->button_h, body.w, t->button_h};
    /* issues 21, 22: staff.volunteers and staff.projects (项目清单) in the
     * bottom row beside the figures, for those who work the queue (a row of
     * their own above would take the big buttons' height) */
    int n = wf_role_may(role, WF_ACCEPT) ? 5 : 2, i = 0;
    if (n == 5) {
        ui_button(ui, t, "staff.stats", app_str(a, S_STATS_BUTTON),
                  ui_grid_cell(bottom, n, t->button_h, t->gap, i++));
        ui_button(ui, t, "staff.volunteers", app_str(a, S_VOL_STAFF),
                  ui_grid_cell(bottom, n, t->button_h, t->gap, i++));
        ui_button(ui, t, "staff.projects", app_str(a, S_PROJ_BUTTON),
                  ui_grid_cell(bottom, n, t->button_h, t->gap, i++));
    }
    ui_button(ui, t, "staff.maint", app_str(a, S_MAINT_BUTTON),
              ui_grid_cell(bottom, n, t->button_h, t->gap, i++));
    ui_button(ui, t, "staff.logout", app_str(a, S_STAFF_LOGOUT),
              ui_grid_cell(bottom, n, t->button_h, t->gap, i));
}

static bool staff_tap(App *a, const char *id)
{
    int c = 0;
    if (strcmp(id, "staff.queue") == 0) {
        a->queue.status[0] = a->queue.category[0] = '\0';
        a->queue.count = a->queue.base = 0; /* queue_enter loads it */
        app_push(a, &screen_queue);
    } else if (strcmp(id, "staff.today") == 0) {
        app_push(a, &screen_today);
    } else if (strcmp(id, "staff.volunteers") == 0) { /* issue 21 */
        app_clear_message(a);
        app_push(a, &screen_staff_volunteers);
    } else if (strcmp(id, "staff.activities") == 0) {
        app_push(a, &screen_staff_activities);
    } else if (strcmp(id, "staff.stats") == 0) {
        a->stats.tab = 0;
        app_push(a, &screen_stats);
    } else if (strcmp(id, "staff.projects") == 0) { /* issue 22 */
        app_push(a, &screen_projects);
    } else if (strcmp(id, "staff.call") == 0) {
        app_call_next(a);
    } else if (strcmp(id, "staff.recall") == 0 && wf_role_may_call(a->staff.who.role)) {
        app_recall(a);
    } else if (strcmp(id, "staff.skip") == 0 && wf_role_may_call(a->staff.who.role)) {
        app_skip(a);
    } else if (sscanf(id, "staff.counter.%d", &c) == 1 && c >= 1 && c <= COUNTERS) {
        a->staff.counter = c;
        app_changed(a);
    } else if (strcmp(id, "staff.maint") == 0) {
        app_push(a, &screen_maint);
    } else if (strcmp(id, "staff.logout") == 0) {
        app_staff_logout(a, "signed_out");
    } else {
        return false;
    }
    return true;
}

const Screen screen_staff = {
    .id = "staff",
    .enter = app_staff_home_load,
    .title = staff_title,
    .build = staff_build,
    .tap = staff_tap,
};

/* ---- today's bookings ---- */

static const char *today_title(App *a)
{
    return app_str(a, S_TODAY_TITLE);
}

/* One booking's row: time, number, service, name, state; a check-in
 * button while it waits for one. */
static void today_row(App *a, UiList *ui, Rect body, int y, int row_h, const TodayRow *b)
{
    const Theme *t = &a->theme;
    int px = t->small_px < 28 ? 28 : t->small_px;
    char text[256], id[WIDGET_ID_MAX];
    const char *state = app_str(a, b->state == BOOKING_STATE_BOOKED       ? S_BST_BOOKED
                                   : b->state == BOOKING_STATE_CHECKED_IN ? S_BST_CHECKED_IN
                                   : b->state == BOOKING_STATE_COMPLETED  ? S_BST_COMPLETED
                                                                          : S_BST_NO_SHOW);
    snprintf(text, sizeof text, "%02d:%02d  %s  %s  %s  【%s】", b->slot / 60, b->slot % 60,
             b->number, app_service_name(a, b->service), b->name, state);
    int bw = b->state == BOOKING_STATE_BOOKED ? body.w / 4 : 0;
    snprintf(id, sizeof id, "today.row.%lld", (long long)b->id);
    Widget *w = ui_label(ui, t, id, text, (Rect){body.x, y, body.w - bw - t->gap, row_h}, px);
    if (w)
        w->align = ALIGN_LEFT;
    if (bw) {
        snprintf(id, sizeof id, "today.checkin.%lld", (long long)b->id);
        ui_button(ui, t, id, app_str(a, S_CHECKIN),
                  (Rect){body.x + body.w - bw, y + t->gap / 4, bw, row_h - t->gap / 2});
    }
}

static void today_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    int note_h = a->staff.note[0] ? t->body_px * 3 : 0;
    if (a->staff.note[0]) {
        Widget *m = ui_label(ui, t, "today.message", a->staff.note,
                             (Rect){body.x, y, body.w, note_h}, t->body_px);
        if (m) {
            m->bold = true;
            if (a->staff.note_bad)
                m->fg = t->error_fg;
        }
        y += note_h + t->gap;
    }
    if (a->staff.today_count == 0) {
        ui_label(ui, t, "today.empty", app_str(a, S_TODAY_EMPTY),
                 (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
        return;
    }
    /* As many as fit, by slot: first those still waiting for check-in,
     * then the rest, so a long day never hides someone at the door. */
    int row_h = t->button_h;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < a->staff.today_count && y + row_h <= body.y + body.h; i++) {
            bool waiting = strcmp(a->staff.today[i].status, BOOKING_BOOKED) == 0;
            if (waiting != (pass == 0))
                continue;
            today_row(a, ui, body, y, row_h, &a->staff.today[i]);
            y += row_h;
        }
}

static bool today_tap(App *a, const char *id)
{
    long long bid = 0;
    if (sscanf(id, "today.checkin.%lld", &bid) != 1)
        return false;
    app_today_checkin(a, bid);
    return true;
}

const Screen screen_today = {
    .id = "today",
    .nav = NAV_BACK | NAV_HOME,
    .enter = app_today_load,
    .title = today_title,
    .build = today_build,
    .tap = today_tap,
};
