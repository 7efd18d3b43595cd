/* slot.c - step 3 of a booking: a time on the chosen day, each with the
 * places left in words ("剩余 3 个名额") or why it cannot be booked; a page
 * at a time when they do not all fit. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"

static const char *slot_title(App *a)
{
    return app_str(a, S_SLOT_TITLE);
}

static const DayAvail *chosen_day(const App *a)
{
    for (int i = 0; i < a->booking.day_count; i++)
        if (strcmp(a->booking.days[i].day, a->booking.draft.day) == 0)
            return &a->booking.days[i];
    return NULL;
}

/* The slots that fit the body at a finger's height are shown at once; more
 * (a service may have CFG_MAX_SLOTS, and larger text or a landscape or small
 * screen fits fewer) are shown a page at a time, with "earlier" and "later"
 * buttons at the bottom, since slots below the body could not be reached. */
typedef struct {
    Rect list, pager;
    int cols, row_h, per_page, pages;
} SlotLayout;

static SlotLayout slot_layout(const App *a, const DayAvail *d, Rect list)
{
    const Theme *t = &a->theme;
    SlotLayout L = {.list = list};
    int n = d->slot_count;
    /* room for two lines (the time, the places left) inside the padding */
    int min_h = ui_text_height(2, t->body_px, t) + 2 * ui_text_pad_y(UI_ROLE_BUTTON, t);
    if (min_h < 88)
        min_h = 88;
    L.cols = a->width > a->height && n > 3 ? 2 : 1;
    int fit = (list.h + t->gap) / (min_h + t->gap);
    int rows = (n + L.cols - 1) / L.cols;
    L.per_page = n;
    L.pages = 1;
    if (rows > (fit > 0 ? fit : 1)) {
        int pager_h = t->button_h;
        L.pager = (Rect){list.x, list.y + list.h - pager_h, list.w, pager_h};
        L.list.h = list.h - pager_h - t->gap;
        fit = (L.list.h + t->gap) / (min_h + t->gap);
        rows = fit > 0 ? fit : 1;
        L.per_page = rows * L.cols;
        L.pages = (n + L.per_page - 1) / L.per_page;
    }
    L.row_h = ui_fit_rows(L.list.h, rows, t->gap, min_h, t->primary_h);
    return L;
}

static void slot_enter(App *a)
{
    a->booking.slot_page = -1; /* the page of the chosen slot, once laid out */
}

static void slot_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const DayAvail *d = chosen_day(a);
    if (!d)
        return;
    char date[64], hint[256];
    strings_date(a->lang, d->day, d->weekday, date, sizeof date);
    strings_fill(hint, sizeof hint, app_str(a, S_SLOT_HINT), date);
    int y = body.y;
    /* Two lines' height as before, more where the hint wraps (small screens). */
    int hint_h = app_text_lines(a, hint, t->body_px, body.w) * t->body_px * 135 / 100;
    if (hint_h < t->body_px * 2)
        hint_h = t->body_px * 2;
    ui_label(ui, t, "slot.hint", hint, (Rect){body.x, y, body.w, hint_h}, t->body_px);
    y += hint_h + t->gap;
    SlotLayout L = slot_layout(a, d, (Rect){body.x, y, body.w, body.y + body.h - y});
    if (a->booking.slot_page < 0) {
        a->booking.slot_page = 0;
        for (int i = 0; i < d->slot_count; i++)
            if (d->slots[i].slot.start == a->booking.draft.slot)
                a->booking.slot_page = i / L.per_page;
    }
    if (a->booking.slot_page >= L.pages)
        a->booking.slot_page = L.pages - 1;
    int first = a->booking.slot_page * L.per_page;
    for (int i = first; i < d->slot_count && i < first + L.per_page; i++) {
        const SlotAvail *sl = &d->slots[i];
        char id[WIDGET_ID_MAX], state[128], text[256];
        snprintf(id, sizeof id, "slot.%02d%02d", sl->slot.start / 60, sl->slot.start % 60);
        app_avail_text(a, d, sl, state, sizeof state);
        snprintf(text, sizeof text, "%02d:%02d - %02d:%02d    %s", sl->slot.start / 60,
                 sl->slot.start % 60, sl->slot.end / 60, sl->slot.end % 60, state);
        Widget *w =
            ui_choice(ui, t, id, text, ui_grid_cell(L.list, L.cols, L.row_h, t->gap, i - first),
                      a->booking.draft.slot == sl->slot.start);
        if (!w)
            continue;
        if (sl->state != AVAIL_OPEN) {
            ui_unselect(w, t);
            w->enabled = false;
            w->fg = t->disabled_fg;
            w->bg = t->disabled_bg;
        } else {
            w->bold = true;
        }
    }
    if (L.pages < 2)
        return;
    static const struct {
        const char *id;
        StringKey label;
    } turn[2] = {{"slot.earlier", S_SLOT_EARLIER}, {"slot.later", S_SLOT_LATER}};
    for (int k = 0; k < 2; k++) {
        Widget *w = ui_button(ui, t, turn[k].id, app_str(a, turn[k].label),
                              ui_grid_cell(L.pager, 2, L.pager.h, t->gap, k));
        bool can = k == 0 ? a->booking.slot_page > 0 : a->booking.slot_page + 1 < L.pages;
        if (w && !can) {
            w->enabled = false;
            w->fg = t->disabled_fg;
            w->bg = t->disabled_bg;
        }
    }
}

static bool slot_tap(App *a, const char *id)
{
    const DayAvail *d = chosen_day(a);
    int hh = 0, mm = 0;
    if (d && strcmp(id, "slot.earlier") == 0) {
        if (a->booking.slot_page > 0)
            a->booking.slot_page--;
        app_changed(a);
        return true;
    }
    if (d && strcmp(id, "slot.later") == 0) {
        a->booking.slot_page++; /* the build keeps it within the pages there are */
        app_changed(a);
        return true;
    }
    if (!d || strncmp(id, "slot.", 5) != 0 || strlen(id) != 9 ||
        sscanf(id + 5, "%2d%2d", &hh, &mm) != 2)
        return false;
    for (int i = 0; i < d->slot_count; i++)
        if (d->slots[i].slot.start == hh * 60 + mm && d->slots[i].state == AVAIL_OPEN) {
            a->booking.draft.slot = hh * 60 + mm;
            a->booking.refusal_set = false;
            app_push(a, &screen_phone);
        }
    return true;
}

const Screen screen_slot = {
    .id = "slot",
    .nav = NAV_BACK | NAV_HOME,
    .enter = slot_enter,
    .title = slot_title,
    .build = slot_build,
    .tap = slot_tap,
};
