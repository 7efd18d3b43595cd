/* slot.c - step 3 of a booking: a time on the chosen day, each with the
 * places left in words ("剩余 3 个名额") or why it cannot be booked. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/text.h"

static const char *slot_title(App *a)
{
    return app_str(a, S_SLOT_TITLE);
}

static const DayAvail *chosen_day(const App *a)
{
    for (int i = 0; i < a->day_count; i++)
        if (strcmp(a->days[i].day, a->booking.day) == 0)
            return &a->days[i];
    return NULL;
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
    ui_label(ui, t, "slot.hint", hint, (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2 + t->gap;
    Rect list = {body.x, y, body.w, body.y + body.h - y};
    int cols = a->width > a->height && d->slot_count > 3 ? 2 : 1;
    int rows = (d->slot_count + cols - 1) / cols;
    int row_h = ui_fit_rows(list.h, rows, t->gap, 88, t->primary_h);
    for (int i = 0; i < d->slot_count; i++) {
        const SlotAvail *sl = &d->slots[i];
        char id[WIDGET_ID_MAX], state[128], text[256];
        snprintf(id, sizeof id, "slot.%02d%02d", sl->slot.start / 60, sl->slot.start % 60);
        app_avail_text(a, d, sl, state, sizeof state);
        snprintf(text, sizeof text, "%02d:%02d - %02d:%02d    %s", sl->slot.start / 60,
                 sl->slot.start % 60, sl->slot.end / 60, sl->slot.end % 60, state);
        Widget *w = ui_choice(ui, t, id, text, ui_grid_cell(list, cols, row_h, t->gap, i),
                              a->booking.slot == sl->slot.start);
        if (!w)
            continue;
        if (sl->state != AVAIL_OPEN) {
            w->enabled = false;
            w->fg = t->disabled_fg;
            w->bg = t->disabled_bg;
            w->selected = false;
        } else {
            w->bold = true;
        }
    }
}

static bool slot_tap(App *a, const char *id)
{
    const DayAvail *d = chosen_day(a);
    int hh = 0, mm = 0;
    if (!d || strncmp(id, "slot.", 5) != 0 || strlen(id) != 9 ||
        sscanf(id + 5, "%2d%2d", &hh, &mm) != 2)
        return false;
    for (int i = 0; i < d->slot_count; i++)
        if (d->slots[i].slot.start == hh * 60 + mm && d->slots[i].state == AVAIL_OPEN) {
            a->booking.slot = hh * 60 + mm;
            a->refusal_set = false;
            app_push(a, &screen_phone);
        }
    return true;
}

const Screen screen_slot = {
    .id = "slot",
    .nav = NAV_BACK | NAV_HOME,
    .title = slot_title,
    .build = slot_build,
    .tap = slot_tap,
};
