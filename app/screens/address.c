/* address.c - picks building, unit, floor and room from the site's
 * configuration, one large grid at a time, so nobody has to type an address.
 * It writes where a->addr_* point: the request's address or, for a medical
 * escort picked up at home, the booking's.
 * Back steps to the previous grid; the last pick returns to the details. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"

enum { STEP_BUILDING, STEP_UNIT, STEP_FLOOR, STEP_ROOM };

static const char *address_title(App *a)
{
    static const StringKey titles[] = {S_ADDR_BUILDING, S_ADDR_UNIT, S_ADDR_FLOOR, S_ADDR_ROOM};
    return app_str(a, titles[a->session.addr_step]);
}

/* What was picked in the steps before this one, at the top of the grid:
 * "已选：3栋 2单元 12层".  Moves body below it. */
static void so_far(App *a, UiList *ui, Rect *body)
{
    const Theme *t = &a->theme;
    const Config *c = &a->cfg;
    char picked[192] = "", part[64], num[16], text[256];
    /* "12栋 4单元", "Bldg 12, Unit 4" */
    const char *sep = a->lang == LANG_EN ? app_str(a, S_SEP) : " ";
    for (int i = 0; i < c->building_count; i++)
        if (strcmp(a->session.addr_building, c->buildings[i].zh) == 0)
            text_copy(picked, sizeof picked, config_label(&c->buildings[i], app_lang_code(a)));
    if (a->session.addr_step > STEP_UNIT && a->session.addr_unit[0]) {
        strings_fill(part, sizeof part, app_str(a, S_UNIT_FMT), a->session.addr_unit);
        text_append(picked, sizeof picked, sep);
        text_append(picked, sizeof picked, part);
    }
    if (a->session.addr_step > STEP_FLOOR && a->session.addr_floor > 0) {
        snprintf(num, sizeof num, "%d", a->session.addr_floor);
        strings_fill(part, sizeof part, app_str(a, S_FLOOR_FMT), num);
        text_append(picked, sizeof picked, sep);
        text_append(picked, sizeof picked, part);
    }
    if (!picked[0])
        return;
    strings_fill(text, sizeof text, app_str(a, S_ADDR_SO_FAR), picked);
    int px = t->button_px;
    int h = app_bold_lines(a, text, px, body->w) * px * 135 / 100;
    Widget *w = ui_label(ui, t, "address.so_far", text, (Rect){body->x, body->y, body->w, h}, px);
    if (w)
        w->bold = true;
    body->y += h + t->gap;
    body->h -= h + t->gap;
}

static void address_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const Config *c = &a->cfg;
    int cols = a->width > a->height ? 6 : 4;
    char id[WIDGET_ID_MAX], label[64], num[16];
    if (a->session.addr_step != STEP_BUILDING)
        so_far(a, ui, &body);
    switch (a->session.addr_step) {
    case STEP_BUILDING:
        for (int i = 0; i < c->building_count; i++) {
            snprintf(id, sizeof id, "building.%s", c->buildings[i].code);
            ui_choice(ui, t, id, config_label(&c->buildings[i], app_lang_code(a)),
                      ui_grid_cell(body, cols, t->button_h, t->gap, i),
                      strcmp(a->session.addr_building, c->buildings[i].zh) == 0);
        }
        break;
    case STEP_UNIT:
        for (int i = 1; i <= c->units; i++) {
            snprintf(id, sizeof id, "unit.%d", i);
            snprintf(num, sizeof num, "%d", i);
            strings_fill(label, sizeof label, app_str(a, S_UNIT_FMT), num);
            ui_choice(ui, t, id, label, ui_grid_cell(body, cols, t->button_h, t->gap, i - 1),
                      strcmp(a->session.addr_unit, num) == 0);
        }
        break;
    case STEP_FLOOR: {
        /* Up to 99 floors: rows shrink to fit, never under the 88 px floor. */
        int rows = (c->floors + cols - 1) / cols;
        int row_h = ui_fit_rows(body.h, rows, t->gap, 88, t->button_h);
        for (int i = 1; i <= c->floors; i++) {
            snprintf(id, sizeof id, "floor.%d", i);
            snprintf(num, sizeof num, "%d", i);
            strings_fill(label, sizeof label, app_str(a, S_FLOOR_FMT), num);
            ui_choice(ui, t, id, label, ui_grid_cell(body, cols, row_h, t->gap, i - 1),
                      a->session.addr_floor == i);
        }
        break;
    }
    case STEP_ROOM:
        for (int i = 1; i <= c->rooms_per_floor; i++) {
            snprintf(num, sizeof num, "%d%02d", a->session.addr_floor, i);
            snprintf(id, sizeof id, "room.%s", num);
            strings_fill(label, sizeof label, app_str(a, S_ROOM_FMT), num);
            ui_choice(ui, t, id, label, ui_grid_cell(body, cols, t->button_h, t->gap, i - 1),
                      strcmp(a->session.addr_room, num) == 0);
        }
        break;
    }
}

static bool address_tap(App *a, const char *id)
{
    const Config *c = &a->cfg;
    if (strcmp(id, "nav.back") == 0) {
        if (a->session.addr_step == STEP_BUILDING)
            return false;
        a->session.addr_step--;
        app_changed(a);
        return true;
    }
    if (strncmp(id, "building.", 9) == 0) {
        for (int i = 0; i < c->building_count; i++)
            if (strcmp(c->buildings[i].code, id + 9) == 0) {
                text_copy(a->session.addr_building, REQ_ADDR_MAX, c->buildings[i].zh);
                a->session.addr_unit[0] = a->session.addr_room[0] = '\0';
                a->session.addr_step = STEP_UNIT;
                a->session.draft_touched = true;
                app_changed(a);
            }
        return true;
    }
    int n = 0;
    if (sscanf(id, "unit.%d", &n) == 1 && n >= 1 && n <= c->units) {
        snprintf(a->session.addr_unit, REQ_ADDR_MAX, "%d", n);
        a->session.addr_step = STEP_FLOOR;
        app_changed(a);
        return true;
    }
    if (sscanf(id, "floor.%d", &n) == 1 && n >= 1 && n <= c->floors) {
        a->session.addr_floor = n;
        a->session.addr_step = STEP_ROOM;
        app_changed(a);
        return true;
    }
    if (strncmp(id, "room.", 5) == 0 && a->session.addr_step == STEP_ROOM) {
        text_copy(a->session.addr_room, REQ_ADDR_MAX, id + 5);
        a->session.addr_step = STEP_BUILDING;
        app_back(a);
        return true;
    }
    return false;
}

const Screen screen_address = {
    .id = "address",
    .nav = NAV_BACK | NAV_HOME,
    .title = address_title,
    .build = address_build,
    .tap = address_tap,
};
