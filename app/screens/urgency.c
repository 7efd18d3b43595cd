/* urgency.c - how urgent it is, and the flags that raise a request's
 * priority in the staff queue (aged 80+, disabled, lives alone). */
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"

static const char *urgency_title(App *a)
{
    return app_str(a, S_URGENCY_TITLE);
}

static const struct {
    const char *id;
    unsigned flag;
    StringKey label;
} flags[] = {
    {"flag.aged80", FLAG_AGED80, S_FLAG_AGED80},
    {"flag.disabled", FLAG_DISABLED, S_FLAG_DISABLED},
    {"flag.alone", FLAG_ALONE, S_FLAG_ALONE},
};

/* What to do in an emergency, in words: a request is answered in hours, a
 * life in danger needs 120 or 110 now.  Bold, in the error colour, at px or
 * as large as fits room. */
static void emergency_line(App *a, UiList *ui, Rect room, int px)
{
    const Theme *t = &a->theme;
    const char *sos = app_str(a, S_EMERGENCY);
    px = app_fit_px(a, sos, px, room.w, room.h);
    int h = app_bold_lines(a, sos, px, room.w) * px * 135 / 100;
    if (h < room.h)
        room.h = h;
    Widget *e = ui_label(ui, t, "urgency.emergency", sos, room, px);
    if (e) {
        e->bold = true;
        e->fg = t->error_fg;
    }
}

static void urgency_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    int y = body.y;
    /* A landscape screen has no height to spare under the choices: the
     * emergency line goes beside the question instead. */
    int hint_w = wide ? body.w / 4 : body.w;
    ui_label(ui, t, "urgency.hint", app_str(a, S_URGENCY_HINT),
             (Rect){body.x, y, hint_w, t->body_px * 2}, t->body_px);
    if (wide)
        emergency_line(
            a, ui, (Rect){body.x + hint_w + t->gap, y, body.w - hint_w - t->gap, t->body_px * 2},
            t->body_px);
    y += t->body_px * 2 + t->gap;
    Rect row = {body.x, y, body.w, t->primary_h};
    ui_choice(ui, t, "urgency.normal", app_str(a, S_URGENCY_NORMAL),
              ui_grid_cell(row, 2, t->primary_h, t->gap, 0),
              a->session.draft.urgency == URGENCY_NORMAL);
    ui_choice(ui, t, "urgency.urgent", app_str(a, S_URGENCY_URGENT),
              ui_grid_cell(row, 2, t->primary_h, t->gap, 1),
              a->session.draft.urgency == URGENCY_URGENT);
    y += t->primary_h + t->gap * 3;
    ui_label(ui, t, "urgency.flags_hint", app_str(a, S_FLAGS_HINT),
             (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2 + t->gap;
    Rect grid = {body.x, y, body.w, body.h - (y - body.y)};
    /* a portrait screen lists the flags one a row, or two a row with
     * larger text, so the emergency line under them keeps its size */
    int cols = wide ? 3 : t->scale > 1.0 ? 2 : 1;
    int count = (int)(sizeof flags / sizeof flags[0]);
    for (int i = 0; i < count; i++)
        ui_choice(ui, t, flags[i].id, app_str(a, flags[i].label),
                  ui_grid_cell(grid, cols, t->button_h, t->gap, i),
                  (a->session.draft.flags & flags[i].flag) != 0);
    if (!wide) {
        int rows = (count + cols - 1) / cols;
        y += rows * (t->button_h + t->gap) + t->gap * 2;
        emergency_line(a, ui, (Rect){body.x, y, body.w, body.y + body.h - y}, t->big_px);
    }
}

static bool urgency_tap(App *a, const char *id)
{
    if (strcmp(id, "urgency.normal") == 0 || strcmp(id, "urgency.urgent") == 0) {
        a->session.draft.urgency =
            strcmp(id, "urgency.urgent") == 0 ? URGENCY_URGENT : URGENCY_NORMAL;
        app_changed(a);
        return true;
    }
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strcmp(id, flags[i].id) == 0) {
            a->session.draft.flags ^= flags[i].flag;
            app_changed(a);
            return true;
        }
    if (strcmp(id, "nav.next") == 0) {
        app_push(a, &screen_review);
        return true;
    }
    return false;
}

const Screen screen_urgency = {
    .id = "urgency",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = urgency_title,
    .build = urgency_build,
    .tap = urgency_tap,
};
