/* escort.c - the last step of a medical escort: where the worker meets the
 * resident (at home opens the address picker) and what help they need.
 * A chosen option has the one look of a choice (ui_choice: colour and a
 * check mark). */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"

static const struct {
    const char *id;
    int pickup;
    StringKey label;
} pickups[] = {
    {"pickup.station", PICKUP_STATION, S_PICKUP_STATION},
    {"pickup.home", PICKUP_HOME, S_PICKUP_HOME},
    {"pickup.hospital", PICKUP_HOSPITAL, S_PICKUP_HOSPITAL},
};

static const struct {
    const char *id;
    unsigned need;
    StringKey label;
} needs[] = {
    {"need.wheelchair", NEED_WHEELCHAIR, S_NEED_WHEELCHAIR},
    {"need.companion", NEED_COMPANION, S_NEED_COMPANION},
    {"need.hearing", NEED_HEARING, S_NEED_HEARING},
    {"need.sight", NEED_SIGHT, S_NEED_SIGHT},
};

#define COUNT(x) (int)(sizeof(x) / sizeof((x)[0]))

static const char *escort_title(App *a)
{
    return app_str(a, S_ESCORT_TITLE);
}

static void escort_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    int cols = wide ? 3 : 1;
    char text[WIDGET_TEXT_MAX];
    int y = body.y;
    /* portrait: five rows (three places, two of needs) share what the hint
     * and the message leave, so a two-line need keeps its size */
    int row_h = wide
                    ? t->button_h
                    : ui_fit_rows(body.h - t->body_px * 6 - 2 * t->gap, 5, t->gap, 88, t->button_h);
    Rect grid = {body.x, y, body.w, body.h};
    for (int i = 0; i < COUNT(pickups); i++) {
        bool on = a->booking.draft.pickup == pickups[i].pickup;
        text_copy(text, sizeof text, app_str(a, pickups[i].label));
        if (on && pickups[i].pickup == PICKUP_HOME && a->booking.draft.building[0]) {
            char addr[128];
            app_format_address(a, a->booking.draft.building, a->booking.draft.unit,
                               a->booking.draft.room, addr, sizeof addr);
            /* At home: the address picked stands for the choice. */
            text_copy(text, sizeof text, addr);
        }
        ui_choice(ui, t, pickups[i].id, text, ui_grid_cell(grid, cols, row_h, t->gap, i), on);
    }
    int used = (COUNT(pickups) + cols - 1) / cols;
    y += used * (row_h + t->gap) + t->gap;
    ui_label(ui, t, "escort.needs_hint", app_str(a, S_NEEDS_HINT),
             (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2 + t->gap / 2;
    grid = (Rect){body.x, y, body.w, body.y + body.h - y};
    int ncols = wide ? 4 : 2;
    for (int i = 0; i < COUNT(needs); i++) {
        bool on = (a->booking.draft.needs & needs[i].need) != 0;
        text_copy(text, sizeof text, app_str(a, needs[i].label));
        ui_choice(ui, t, needs[i].id, text, ui_grid_cell(grid, ncols, row_h, t->gap, i), on);
    }
    y += ((COUNT(needs) + ncols - 1) / ncols) * (row_h + t->gap);
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "escort.message", app_str(a, a->message),
                             (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
}

static bool escort_tap(App *a, const char *id)
{
    for (int i = 0; i < COUNT(pickups); i++)
        if (strcmp(id, pickups[i].id) == 0) {
            a->booking.draft.pickup = pickups[i].pickup;
            app_clear_message(a);
            if (pickups[i].pickup == PICKUP_HOME) {
                a->session.addr_step = 0;
                app_push(a, &screen_address);
            }
            return true;
        }
    for (int i = 0; i < COUNT(needs); i++)
        if (strcmp(id, needs[i].id) == 0) {
            a->booking.draft.needs ^= needs[i].need;
            app_changed(a);
            return true;
        }
    if (strcmp(id, "nav.next") == 0) {
        if (a->booking.draft.pickup == PICKUP_NONE ||
            (a->booking.draft.pickup == PICKUP_HOME && a->booking.draft.building[0] == '\0')) {
            app_set_message(a, S_PICKUP_NEEDED);
            return true;
        }
        app_push(a, &screen_review);
        return true;
    }
    return false;
}

const Screen screen_escort = {
    .id = "escort",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = escort_title,
    .build = escort_build,
    .tap = escort_tap,
};
