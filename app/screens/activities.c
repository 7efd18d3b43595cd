/* activities.c - the residents' screens of community activities (issue
 * 20): the calendar of the coming weeks with one-tap audience filters
 * (activities), one activity's details with how many people come and 报名
 * (activity), and a sign-up found by scanning its
 * ticket, with its state in large words and a way to cancel it
 * (activity_state).  The review rows of the sign-up are here too. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/text.h"
#include "rows.h"

/* ---- the calendar ---- */

static const struct {
    const char *id, *audience;
    StringKey label;
} filters[] = {
    {"activities.filter.all", "", S_ACT_FILTER_ALL},
    {"activities.filter.elder", ACT_AUD_ELDER, S_ACT_AUD_ELDER},
    {"activities.filter.youth", ACT_AUD_YOUTH, S_ACT_AUD_YOUTH},
    {"activities.filter.children", ACT_AUD_CHILDREN, S_ACT_AUD_CHILDREN},
};
#define FILTERS ((int)(sizeof filters / sizeof filters[0]))

static const char *activities_title(App *a)
{
    return app_str(a, S_ACT_TITLE);
}

static void activities_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    AppActivity *s = &a->activity;
    bool wide = a->width > a->height;
    /* the filters: one row of four (landscape) or two of two (portrait) */
    int fcols = wide ? FILTERS : 2, frows = (FILTERS + fcols - 1) / fcols;
    Rect fr = {body.x, body.y, body.w, frows * t->button_h + (frows - 1) * t->gap};
    for (int i = 0; i < FILTERS; i++) {
        Widget *w = ui_choice(ui, t, filters[i].id, app_str(a, filters[i].label),
                              ui_grid_cell(fr, fcols, t->button_h, t->gap, i),
                              strcmp(s->filter, filters[i].audience) == 0);
        if (w)
            w->font_px =
                app_fit_px(a, w->text, t->button_px, w->rect.w - 2 * t->gap, w->rect.h - t->gap);
    }
    int y = fr.y + fr.h + t->gap * 2;
    if (s->count == 0) {
        ui_label(ui, t, "activities.none", app_str(a, S_ACT_NONE),
                 (Rect){body.x, y, body.w, t->big_px * 3}, t->big_px);
        return;
    }
    /* each activity a card of three lines: the title; day, time, place;
     * who it is for and the seats in words */
    int cols = wide ? 2 : 1;
    int line = t->body_px * 135 / 100;
    int card_h = 3 * line + t->button_px * 135 / 100 - line + 2 * t->gap;
    int pager_h = t->button_h + t->gap;
    int room = body.y + body.h - y;
    int rows = (room + t->gap) / (card_h + t->gap);
    if (rows * cols < s->count) /* pages: keep a row for the page buttons */
        rows = (room - pager_h + t->gap) / (card_h + t->gap);
    if (rows < 1)
        rows = 1;
    int per = rows * cols;
    s->per_page = per;
    int pages = (s->count + per - 1) / per;
    if (s->page >= pages)
        s->page = pages - 1;
    Rect list = {body.x, y, body.w, rows * (card_h + t->gap)};
    for (int k = 0; k < per && s->page * per + k < s->count; k++) {
        const Activity *v = &s->rows[s->page * per + k];
        char id[WIDGET_ID_MAX], text[WIDGET_TEXT_MAX], when[96], seats[128];
        snprintf(id, sizeof id, "activity.%lld", (long long)v->id);
        app_activity_when(a, v, when, sizeof when);
        app_activity_seats_text(a, v, seats, sizeof seats);
        const char *place = app_activity_place(a, v);
        snprintf(text, sizeof text, "%s\n%s%s%s\n%s · %s", app_activity_title(a, v), when,
                 place[0] ? " · " : "", place, app_activity_audience(a, v->audience), seats);
        Rect r = ui_grid_cell(list, cols, card_h, t->gap, k);
        Widget *w = ui_button(ui, t, id, text, r);
        if (w) {
            w->font_px = app_fit_px(a, text, t->body_px, r.w - 2 * t->gap, r.h - t->gap);
            w->align = ALIGN_LEFT;
        }
    }
    if (pages > 1) {
        Rect pr = {body.x, body.y + body.h - t->button_h, body.w, t->button_h};
        Widget *p = ui_button(ui, t, "activities.prev", app_str(a, S_ACT_PREV),
                              ui_grid_cell(pr, 2, t->button_h, t->gap, 0));
        if (p && s->page == 0) {
            p->enabled = false;
            p->fg = t->disabled_fg;
            p->bg = t->disabled_bg;
        }
        Widget *n = ui_button(ui, t, "activities.next", app_str(a, S_ACT_NEXT),
                              ui_grid_cell(pr, 2, t->button_h, t->gap, 1));
        if (n && s->page >= pages - 1) {
            n->enabled = false;
            n->fg = t->disabled_fg;
            n->bg = t->disabled_bg;
        }
    }
}

static bool activities_tap(App *a, const char *id)
{
    AppActivity *s = &a->activity;
    for (int i = 0; i < FILTERS; i++)
        if (strcmp(id, filters[i].id) == 0) {
            app_activities_filter(a, filters[i].audience);
            return true;
        }
    if (strcmp(id, "activities.prev") == 0 && s->page > 0) {
        s->page--;
        app_changed(a);
        return true;
    }
    if (strcmp(id, "activities.next") == 0 && (s->page + 1) * s->per_page < s->count) {
        s->page++;
        app_changed(a);
        return true;
    }
    long long v = 0;
    char rest;
    if (sscanf(id, "activity.%lld%c", &v, &rest) == 1 && v > 0) {
        app_activity_open(a, v);
        return true;
    }
    return false;
}

const Screen screen_activities = {
    .id = "activities",
    .nav = NAV_BACK | NAV_HOME,
    .title = activities_title,
    .build = activities_build,
    .tap = activities_tap,
};

/* ---- one activity ---- */

static const char *activity_title(App *a)
{
    return app_str(a, S_ACT_DETAIL_TITLE);
}

/* The rows of the details (measured with ui NULL). */
static void detail_rows(App *a, UiList *ui, Rect area, int px, int *y)
{
    const Activity *v = &a->activity.shown;
    char when[96], seats[128];
    Widget *w =
        rows_add(a, ui, area, px, y, "activity.name", S_ACT_R_ACTIVITY, app_activity_title(a, v));
    if (w)
        w->bold = true;
    app_activity_when(a, v, when, sizeof when);
    rows_add(a, ui, area, px, y, "activity.when", S_ACT_WHEN, when);
    rows_add(a, ui, area, px, y, "activity.place", S_ACT_PLACE, app_activity_place(a, v));
    rows_add(a, ui, area, px, y, "activity.for", S_ACT_FOR, app_activity_audience(a, v->audience));
    app_activity_seats_text(a, v, seats, sizeof seats);
    rows_add(a, ui, area, px, y, "activity.seats", S_ACT_SEATS, seats);
    if (app_activity_desc(a, v)[0])
        rows_add(a, ui, area, px, y, "activity.about", S_ACT_ABOUT, app_activity_desc(a, v));
    if (app_activity_bring(a, v)[0])
        rows_add(a, ui, area, px, y, "activity.bring", S_ACT_BRING, app_activity_bring(a, v));
}

/* Rows at the largest of button and body size that fit area. */
static int rows_px(App *a, Rect area, void (*fn)(App *, UiList *, Rect, int, int *))
{
    const Theme *t = &a->theme;
    int px = t->button_px, end = area.y;
    fn(a, NULL, area, px, &end);
    while (end > area.y + area.h && px - 2 >= APP_MIN_TEXT_PX) {
        px -= 2;
        end = area.y;
        fn(a, NULL, area, px, &end);
    }
    return px;
}

/* How many people come (1 .. per-signup, when more than one may): a
 * prompt and a row or two of numbers in area, from its top; its height. */
static int people_pick(App *a, UiList *ui, Rect area, bool wide)
{
    const Theme *t = &a->theme;
    int max = a->activity.shown.per_signup;
    const char *ask = app_str(a, S_ACT_PEOPLE_TITLE);
    int lh = app_bold_lines(a, ask, t->body_px, area.w) * t->body_px * 135 / 100;
    int cols = max < (wide ? 4 : 5) ? max : (wide ? 4 : 5);
    int nrows = (max + cols - 1) / cols;
    int row_h = t->button_h;
    if (ui) {
        Widget *l = ui_label(ui, t, "activity.people_hint", ask, (Rect){area.x, area.y, area.w, lh},
                             t->body_px);
        if (l) {
            l->bold = true;
            l->align = ALIGN_LEFT;
        }
        Rect grid = {area.x, area.y + lh, area.w, nrows * (row_h + t->gap)};
        for (int i = 1; i <= max; i++) {
            char id[WIDGET_ID_MAX], num[16];
            snprintf(id, sizeof id, "activity.people.%d", i);
            snprintf(num, sizeof num, "%d", i);
            Widget *w = ui_choice(ui, t, id, num, ui_grid_cell(grid, cols, row_h, t->gap, i - 1),
                                  a->activity.people == i);
            if (w)
                w->bold = true;
        }
    }
    return lh + nrows * (row_h + t->gap);
}

static void activity_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    bool full = false;
    ActRefusal why;
    bool can = app_activity_can_sign(a, &a->activity.shown, &full, &why);
    bool pick = can && a->activity.shown.per_signup > 1;
    Rect rows = body, act = {body.x, body.y + body.h - t->primary_h, body.w, t->primary_h};
    int msg_h = a->message_set ? t->body_px * 3 : 0;
    /* the right column (landscape) or the bottom (portrait): how many
     * people, the message, then 报名 */
    Rect side = body;
    if (wide) {
        rows.w = body.w * 2 / 3 - t->gap;
        side = (Rect){body.x + rows.w + t->gap * 2, body.y, body.w - rows.w - t->gap * 2, body.h};
        act = (Rect){side.x, body.y + body.h - t->primary_h * 2, side.w, t->primary_h * 2};
    }
    int pick_h = pick ? people_pick(a, NULL, side, wide) : 0;
    if (wide && pick && body.y + pick_h + msg_h + t->gap > act.y) {
        act.h = t->primary_h; /* the numbers first; 报名 one primary tall */
        act.y = body.y + body.h - act.h;
    }
    if (!wide)
        rows.h -= t->primary_h + t->gap + msg_h + (pick ? pick_h + t->gap : 0);
    int px = rows_px(a, rows, detail_rows);
    int y = rows.y;
    detail_rows(a, ui, rows, px, &y);
    int py = wide ? body.y : act.y - t->gap - msg_h - pick_h;
    if (pick)
        people_pick(a, ui, (Rect){side.x, py, side.w, pick_h}, wide);
    if (a->message_set) {
        Rect mr = {side.x, act.y - msg_h - t->gap, side.w, msg_h};
        Widget *m = ui_label(ui, t, "activity.message", app_str(a, a->message), mr, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    const char *label = !can   ? app_str(a, app_activity_refusal_text(why))
                        : full ? app_str(a, S_ACT_JOIN_WAIT)
                               : app_str(a, S_ACT_SIGNUP);
    Widget *b = ui_primary(ui, t, "activity.signup", label, act);
    if (b) {
        b->font_px = app_fit_px(a, label, t->big_px, act.w - 4 * t->gap, act.h - t->gap);
        if (!can) {
            b->enabled = false;
            b->fg = t->disabled_fg;
            b->bg = t->disabled_bg;
        }
    }
}

static bool activity_tap(App *a, const char *id)
{
    if (strcmp(id, "activity.signup") == 0) {
        app_activity_begin_signup(a);
        return true;
    }
    int n = 0;
    char rest;
    if (sscanf(id, "activity.people.%d%c", &n, &rest) == 1) {
        app_activity_set_people(a, n);
        return true;
    }
    return false;
}

const Screen screen_activity = {
    .id = "activity",
    .nav = NAV_BACK | NAV_HOME,
    .title = activity_title,
    .build = activity_build,
    .tap = activity_tap,
};

/* ---- the review's rows (review.c calls it on the activity path) ---- */

void activities_review_rows(App *a, UiList *ui, Rect area, int px, int *y)
{
    const Activity *v = &a->activity.shown;
    char when[96], num[16];
    rows_add(a, ui, area, px, y, "review.activity", S_ACT_R_ACTIVITY, app_activity_title(a, v));
    app_activity_when(a, v, when, sizeof when);
    rows_add(a, ui, area, px, y, "review.when", S_ACT_WHEN, when);
    rows_add(a, ui, area, px, y, "review.place", S_ACT_PLACE, app_activity_place(a, v));
    snprintf(num, sizeof num, "%d", a->activity.people);
    rows_add(a, ui, area, px, y, "review.people", S_ACT_R_PEOPLE, num);
    rows_add(a, ui, area, px, y, "review.phone", S_REVIEW_PHONE, a->activity.phone);
}

/* ---- a sign-up found by its ticket ---- */

static const char *state_title(App *a)
{
    return app_str(a, S_ACT_STATE_TITLE);
}

/* The state in large words. */
static void state_words(App *a, char *out, size_t cap)
{
    const ActivitySignup *u = &a->activity.signup;
    char num[16];
    const char *st = u->status;
    StringKey k = S_ACT_ST_SIGNED_UP;
    if (a->activity.signup_of.cancelled)
        k = S_ACT_ST_ACT_CANCELLED;
    else if (strcmp(st, ACT_SIGNUP_WAITING) == 0)
        k = S_ACT_ST_WAITING;
    else if (strcmp(st, ACT_SIGNUP_SIGNED_UP) == 0)
        k = u->promoted ? S_ACT_ST_PROMOTED : S_ACT_ST_SIGNED_UP;
    else if (strcmp(st, ACT_SIGNUP_CHECKED_IN) == 0)
        k = S_ACT_ST_CHECKED_IN;
    else if (strcmp(st, ACT_SIGNUP_NO_SHOW) == 0)
        k = S_ACT_ST_NO_SHOW;
    else if (strcmp(st, ACT_SIGNUP_CANCELLED) == 0)
        k = S_ACT_ST_CANCELLED;
    snprintf(num, sizeof num, "%d", u->position);
    strings_fill(out, cap, app_str(a, k), num);
}

static bool state_can_cancel(App *a)
{
    const char *st = a->activity.signup.status;
    return !a->activity.signup_of.cancelled &&
           (strcmp(st, ACT_SIGNUP_SIGNED_UP) == 0 || strcmp(st, ACT_SIGNUP_WAITING) == 0);
}

static void state_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    AppActivity *s = &a->activity;
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w * 2 / 5 - t->gap;
        right.x = body.x + body.w * 2 / 5 + t->gap;
        right.w = body.w - (right.x - body.x);
    }
    int y = left.y;
    int num_h = (int)(t->huge_px * 1.3);
    Widget *n = ui_label(ui, t, "activity.number", s->signup.number,
                         (Rect){left.x, y, left.w, num_h}, t->huge_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += num_h + t->gap;
    char state[WIDGET_TEXT_MAX];
    state_words(a, state, sizeof state);
    bool cancel = state_can_cancel(a);
    /* the cancel button under the right column (landscape) or across */
    Rect cr = {body.x, body.y + body.h - t->primary_h, body.w, t->primary_h};
    if (wide)
        cr = (Rect){right.x, cr.y, right.w, cr.h};
    int left_room = (wide ? body.y + body.h : (cancel ? cr.y - t->gap : body.y + body.h)) - y;
    if (left_room > t->big_px * 3)
        left_room = t->big_px * 3;
    int spx = app_fit_px(a, state, t->big_px, left.w, left_room);
    int sh = app_bold_lines(a, state, spx, left.w) * spx * 135 / 100;
    if (sh > left_room)
        sh = left_room;
    Widget *st = ui_label(ui, t, "activity.state", state, (Rect){left.x, y, left.w, sh}, spx);
    if (st) {
        st->bold = true;
        st->align = ALIGN_CENTER;
        if (s->signup_of.cancelled)
            st->fg = t->error_fg;
    }
    y += sh + t->gap;
    int bottom = body.y + body.h - (cancel ? t->primary_h + t->gap : 0);
    int ry = wide ? right.y : y;
    if (s->note) {
        const char *note = app_str(a, s->note);
        int nh = app_bold_lines(a, note, t->body_px, right.w) * t->body_px * 135 / 100;
        Widget *m =
            ui_label(ui, t, "activity.note", note, (Rect){right.x, ry, right.w, nh}, t->body_px);
        if (m) {
            m->bold = true;
            if (s->note != S_ACT_CANCEL_DONE)
                m->fg = t->error_fg;
        }
        ry += nh + t->gap;
    }
    char info[WIDGET_TEXT_MAX];
    ActivitySignup keep = s->signup;
    s->signup.position = 0; /* the state says the place in the line already */
    app_activity_ticket_info(a, info, sizeof info);
    s->signup = keep;
    int room = bottom - ry;
    int px = app_fit_px(a, info, t->body_px, right.w, room);
    int ih = app_text_lines(a, info, px, right.w) * px * 135 / 100;
    if (ih > room)
        ih = room;
    ui_label(ui, t, "activity.detail", info, (Rect){right.x, ry, right.w, ih}, px);
    if (cancel) {
        Widget *c =
            ui_button(ui, t, "activity.cancel",
                      app_str(a, s->cancel_armed ? S_ACT_CANCEL_SURE : S_ACT_CANCEL_SIGNUP), cr);
        if (c && s->cancel_armed) {
            c->fg = t->error_fg;
            c->bold = true;
        }
    }
}

static bool state_tap(App *a, const char *id)
{
    if (strcmp(id, "activity.cancel") == 0 && state_can_cancel(a)) {
        app_activity_cancel_shown(a);
        return true;
    }
    return false;
}

/* A sign-up's state is a finished result: no idle warning covers it. */
static bool state_finished(App *a)
{
    (void)a;
    return true;
}

const Screen screen_activity_state = {
    .id = "activity_state",
    .nav = NAV_BACK | NAV_HOME,
    .title = state_title,
    .build = state_build,
    .tap = state_tap,
    .finished = state_finished,
};

/* ---- the statistics screen's lines (stats.c calls it) ---- */

/* "老年人：12 · 9 · 2 · 1" in the order the title names them (people
 * signed up, came, did not come, promoted off the waiting list): one
 * short line each, so that larger text keeps them all. */
static void figures_text(App *a, const char *who, const ActivityFigures *f, char *out, size_t cap)
{
    snprintf(out, cap, "%s%s%d · %d · %d · %d", who, app_str(a, S_COLON), f->people, f->attended,
             f->no_shows, f->promotions);
}

int activities_stats_lines(App *a, UiList *ui, Rect r, int y)
{
    static const char *const aud[4] = {ACT_AUD_ELDER, ACT_AUD_YOUTH, ACT_AUD_CHILDREN, ACT_AUD_ALL};
    const Theme *t = &a->theme;
    int px = t->body_px;
    const char *title = app_str(a, S_ACT_STATS_TITLE);
    int h = app_bold_lines(a, title, px, r.w) * px * 135 / 100;
    if (y + h > r.y + r.h)
        return y;
    Widget *w = ui_label(ui, t, "stats.activities", title, (Rect){r.x, y, r.w, h}, px);
    if (w) {
        w->bold = true;
        w->align = ALIGN_LEFT;
    }
    y += h;
    int held = 0; /* audiences with activities: with one, its line is the total */
    for (int i = 0; i < 4; i++)
        held += a->activity.fig_aud[i].activities > 0;
    for (int i = 0; i <= 4; i++) {
        char text[320], id[WIDGET_ID_MAX];
        const ActivityFigures *f = i < 4 ? &a->activity.fig_aud[i] : &a->activity.fig_total;
        if (i < 4 && f->activities == 0)
            continue; /* an audience with nothing held says nothing */
        if (i == 4 && held == 1)
            break;
        figures_text(a, i < 4 ? app_activity_audience(a, aud[i]) : app_str(a, S_ACT_STATS_TOTAL), f,
                     text, sizeof text);
        snprintf(id, sizeof id, "stats.activities.%s", i < 4 ? aud[i] : "total");
        h = app_text_lines(a, text, px, r.w) * px * 135 / 100;
        if (y + h > r.y + r.h)
            break;
        w = ui_label(ui, t, id, text, (Rect){r.x, y, r.w, h}, px);
        if (w)
            w->align = ALIGN_LEFT;
        y += h;
    }
    return y;
}
