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

void keypad_build(App *a, UiList *ui, Rect area, const char *prefix)
{
    const Theme *t = &a->theme;
    static const char order[12] = {'1', '2', '3', '4', '5', '6', '7', '8', '9', 'd', '0', 'k'};
    int row_h = (area.h - 3 * t->gap) / 4;
    for (int i = 0; i < 12; i++) {
        char id[WIDGET_ID_MAX], label[64];
        Rect r = ui_grid_cell(area, 3, row_h, t->gap, i);
        if (order[i] == 'd') {
            snprintf(id, sizeof id, "%s.del", prefix);
            ui_button(ui, t, id, app_str(a, S_KEY_DEL), r);
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
