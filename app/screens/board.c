/* board.c - `kiosk --board`: the calling board a waiting room reads from
 * across the room.  The number called now, very large, with its window;
 * the five called before it; how many still wait.  It reads the database
 * the kiosk and the staff desks write (app_board_poll, once a second, and
 * only when something changed). */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_board.h"
#include "kiosk/text.h"

static const char *board_title(App *a)
{
    return a->lang == LANG_EN ? a->cfg.site_en : a->cfg.site_zh;
}

static void board_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect now = body, side = body;
    if (wide) {
        now.w = body.w * 3 / 5;
        side.x = body.x + now.w + t->gap * 2;
        side.w = body.w - now.w - t->gap * 2;
    } else {
        now.h = body.h * 3 / 5;
        side.y = body.y + now.h + t->gap;
        side.h = body.h - now.h - t->gap;
    }
    /* Sizes for reading at 3 m and more: the number a fifth of the screen. */
    int huge = (wide ? a->height : a->width) / 4;
    char text[128], num[16];
    if (a->board.count == 0) {
        Widget *w = ui_label(ui, t, "board.none", app_str(a, S_BOARD_NONE),
                             (Rect){now.x, now.y + now.h / 3, now.w, t->big_px * 3}, t->big_px);
        if (w) {
            w->align = ALIGN_CENTER;
            w->bold = true;
        }
    } else {
        const WalkIn *w = &a->board.rows[0];
        int y = now.y + t->gap;
        Widget *l = ui_label(ui, t, "board.call", app_str(a, S_BOARD_TITLE),
                             (Rect){now.x, y, now.w, t->big_px * 3 / 2}, t->big_px);
        if (l)
            l->align = ALIGN_CENTER;
        y += t->big_px * 3 / 2 + t->gap;
        Widget *n =
            ui_label(ui, t, "board.now", w->number, (Rect){now.x, y, now.w, huge * 13 / 10}, huge);
        if (n) {
            n->bold = true;
            n->align = ALIGN_CENTER;
        }
        y += huge * 13 / 10 + t->gap;
        snprintf(num, sizeof num, "%d", w->counter);
        strings_fill(text, sizeof text, app_str(a, S_BOARD_WINDOW), num);
        /* one line, stepping its size down where the words are long
         * (English) */
        int px = t->big_px * 3 / 2;
        while (px > t->big_px && app_bold_lines(a, text, px, now.w) > 1)
            px -= 4;
        int lines = app_bold_lines(a, text, px, now.w);
        Widget *c = ui_label(ui, t, "board.window", text,
                             (Rect){now.x, y, now.w, (int)(px * t->line_spacing * lines)}, px);
        if (c) {
            c->bold = true;
            c->align = ALIGN_CENTER;
        }
    }
    int y = side.y;
    Widget *h = ui_label(ui, t, "board.recent_title", app_str(a, S_BOARD_RECENT),
                         (Rect){side.x, y, side.w, t->big_px * 3 / 2}, t->big_px);
    if (h)
        h->bold = true;
    y += t->big_px * 3 / 2 + t->gap;
    int row_h = (side.h - (y - side.y) - t->big_px * 2) / 5;
    if (row_h > t->big_px * 2)
        row_h = t->big_px * 2;
    for (int i = 1; i < a->board.count && i <= 5; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "board.recent.%d", i);
        snprintf(num, sizeof num, "%d", a->board.rows[i].counter);
        char window[64];
        strings_fill(window, sizeof window, app_str(a, S_STAFF_COUNTER), num);
        snprintf(text, sizeof text, "%s   %s", a->board.rows[i].number, window);
        ui_label(ui, t, id, text, (Rect){side.x, y, side.w, row_h}, t->big_px);
        y += row_h;
    }
    snprintf(num, sizeof num, "%d", a->board.waiting);
    strings_fill(text, sizeof text, app_str(a, S_BOARD_WAITING), num);
    ui_label(ui, t, "board.waiting", text,
             (Rect){side.x, side.y + side.h - t->big_px * 3 / 2, side.w, t->big_px * 3 / 2},
             t->big_px);
}

const Screen screen_board = {
    .id = "board",
    .title = board_title,
    .build = board_build,
};
