/* keypad.c - the large numeric keypad. */
#include "keypad.h"

#include <stdio.h>
#include <string.h>

void keypad_columns(const App *a, Rect body, Rect *left, Rect *pad)
{
    const Theme *t = &a->theme;
    *left = *pad = body;
    if (a->width > a->height) {
        left->w = body.w / 2 - t->gap;
        pad->x = body.x + body.w / 2 + t->gap;
        pad->w = body.w / 2 - t->gap;
    }
}

#define KEY_MIN_PX 88 /* the smallest tap target (check_layout.py) */

int keypad_min_h(const App *a)
{
    return 4 * KEY_MIN_PX + 3 * a->theme.gap;
}

static void build_grid(App *a, UiList *ui, Rect area, const char *prefix, int cols,
                       const char order[12])
{
    const Theme *t = &a->theme;
    int rows = 12 / cols;
    int row_h = (area.h - (rows - 1) * t->gap) / rows;
    if (row_h < 1)
        row_h = 1; /* never a negative size, however small the screen */
    for (int i = 0; i < 12; i++) {
        char id[WIDGET_ID_MAX], label[64];
        Rect r = ui_grid_cell(area, cols, row_h, t->gap, i);
        if (order[i] == 'd') {
            snprintf(id, sizeof id, "%s.del", prefix);
            /* Four keys a row leave no room for "Delete" on one line. */
            ui_button(ui, t, id, app_str(a, cols == 4 ? S_KEY_DEL_SHORT : S_KEY_DEL), r);
        } else if (order[i] == 'k') {
            snprintf(id, sizeof id, "%s.ok", prefix);
            ui_primary(ui, t, id, app_str(a, S_KEY_OK), r);
        } else {
            snprintf(id, sizeof id, "%s.%c", prefix, order[i]);
            snprintf(label, sizeof label, "%c", order[i]);
            Widget *w = ui_button(ui, t, id, label, r);
            if (w) {
                w->font_px = t->big_px;
                w->bold = true;
            }
        }
    }
}

void keypad_build(App *a, UiList *ui, Rect area, const char *prefix)
{
    static const char order[12] = {'1', '2', '3', '4', '5', '6', '7', '8', '9', 'd', '0', 'k'};
    build_grid(a, ui, area, prefix, 3, order);
}

void keypad_build_wide(App *a, UiList *ui, Rect area, const char *prefix)
{
    static const char order[12] = {'1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'd', 'k'};
    build_grid(a, ui, area, prefix, 4, order);
}

char keypad_key(const char *prefix, const char *id)
{
    size_t n = strlen(prefix);
    if (strncmp(id, prefix, n) != 0 || id[n] != '.')
        return 0;
    const char *k = id + n + 1;
    if (k[0] >= '0' && k[0] <= '9' && k[1] == '\0')
        return k[0];
    if (strcmp(k, "del") == 0)
        return 'd';
    if (strcmp(k, "ok") == 0)
        return 'k';
    return 0;
}
