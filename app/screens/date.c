/* date.c - step 2 of a booking: a day among the service's coming days.
 * Every day is shown; one that cannot be booked is greyed, cannot be
 * tapped, and says why in words under its date (full, closed and the
 * closure's reason, not open that day, too soon), so nothing depends on
 * seeing the grey. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/text.h"

static const char *date_title(App *a)
{
    return app_str(a, S_DATE_TITLE);
}

static void date_enter(App *a)
{
    /* Coming back from a later step: places may have changed. */
    if (a->booking.draft.service[0])
        app_load_availability(a, a->booking.draft.service);
}

/* "12月3日 周四 明天\n剩余 5 个名额": the date, and what it is in words. */
static void day_text(App *a, const DayAvail *d, const char *today, const char *tomorrow, char *out,
                     size_t cap)
{
    char date[64], state[128];
    bool near = strcmp(d->day, today) == 0 || strcmp(d->day, tomorrow) == 0;
    const char *word = app_str(a, strcmp(d->day, today) == 0 ? S_TODAY : S_TOMORROW);
    strings_date(a->lang, d->day, d->weekday, date, sizeof date);
    if (near && a->lang == LANG_EN) {
        /* "Tomorrow 30 Nov": the word takes the weekday's place. */
        const char *rest = strchr(date, ' ');
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%s%s", word, rest ? rest : "");
        text_copy(date, sizeof date, tmp);
    } else if (near) {
        text_append(date, sizeof date, " ");
        text_append(date, sizeof date, word);
    }
    app_avail_text(a, d, NULL, state, sizeof state);
    snprintf(out, cap, "%s\n%s", date, state);
}

static void date_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    char today[CFG_DAY_MAX], tomorrow[CFG_DAY_MAX];
    /* A clock out of range leaves "" (no day is today): the screen still draws. */
    (void)booking_local_day(app_now_ms(a) / 1000, today);
    booking_day_add(today, 1, tomorrow);

    int y = body.y;
    char hint[256];
    snprintf(hint, sizeof hint, "%s%s%s", app_service_name(a, a->booking.draft.service),
             app_str(a, S_COLON), app_str(a, S_DATE_HINT));
    int hint_h = app_text_lines(a, hint, t->body_px, body.w) * t->body_px * 135 / 100;
    ui_label(ui, t, "date.hint", hint, (Rect){body.x, y, body.w, hint_h}, t->body_px);
    y += hint_h + t->gap;
    int msg_h = a->message_set ? t->body_px * 2 + t->gap : 0;
    Rect grid = {body.x, y, body.w, body.y + body.h - y - msg_h};
    int cols = a->width > a->height ? 4 : 2;
    int rows = (a->booking.day_count + cols - 1) / cols;
    int row_h = ui_fit_rows(grid.h, rows, t->gap, 88, t->button_h * 3 / 2);
    /* Button-size text when every day's two lines fit, else body size. */
    Rect cell = ui_grid_cell(grid, cols, row_h, t->gap, 0);
    int px =
        (int)(2 * t->button_px * t->line_spacing) + t->gap <= row_h ? t->button_px : t->body_px;
    for (int i = 0; i < a->booking.day_count && px > t->body_px; i++) {
        char text[256];
        day_text(a, &a->booking.days[i], today, tomorrow, text, sizeof text);
        if (app_text_lines(a, text, px, cell.w - 2 * t->gap) > 2)
            px = t->body_px;
    }
    /* Larger text on a landscape screen: fourteen days still fit. */
    for (int i = 0; i < a->booking.day_count; i++) {
        char text[256];
        day_text(a, &a->booking.days[i], today, tomorrow, text, sizeof text);
        px = app_fit_px(a, text, px, cell.w - 2 * t->gap, row_h);
    }
    for (int i = 0; i < a->booking.day_count; i++) {
        const DayAvail *d = &a->booking.days[i];
        char id[WIDGET_ID_MAX], text[256];
        snprintf(id, sizeof id, "date.%s", d->day);
        day_text(a, d, today, tomorrow, text, sizeof text);
        Rect r = ui_grid_cell(grid, cols, row_h, t->gap, i);
        Widget *w = ui_choice(ui, t, id, text, r, strcmp(a->booking.draft.day, d->day) == 0);
        if (!w)
            continue;
        w->font_px = px;
        if (d->state != AVAIL_OPEN) {
            ui_unselect(w, t);
            w->enabled = false;
            w->fg = t->disabled_fg;
            w->bg = t->disabled_bg;
        } else {
            w->bold = true;
        }
    }
    if (a->message_set) {
        Widget *m = ui_label(
            ui, t, "date.message", app_str(a, a->message),
            (Rect){body.x, body.y + body.h - t->body_px * 2, body.w, t->body_px * 2}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
}

static bool date_tap(App *a, const char *id)
{
    if (strncmp(id, "date.", 5) != 0)
        return false;
    for (int i = 0; i < a->booking.day_count; i++)
        if (strcmp(a->booking.days[i].day, id + 5) == 0 && a->booking.days[i].state == AVAIL_OPEN) {
            text_copy(a->booking.draft.day, sizeof a->booking.draft.day, a->booking.days[i].day);
            a->booking.draft.slot = -1;
            app_push(a, &screen_slot);
        }
    return true;
}

const Screen screen_date = {
    .id = "date",
    .nav = NAV_BACK | NAV_HOME,
    .enter = date_enter,
    .title = date_title,
    .build = date_build,
    .tap = date_tap,
};
