/* rows.c - "label: value" rows (see rows.h). */
#include "rows.h"

#include <stdio.h>
#include <string.h>

Widget *rows_add(App *a, UiList *ui, Rect area, int px, int *y, const char *id, StringKey label,
                 const char *value)
{
    const Theme *t = &a->theme;
    char text[WIDGET_TEXT_MAX];
    snprintf(text, sizeof text, "%s%s%s", app_str(a, label), app_str(a, S_COLON),
             value[0] ? value : app_str(a, S_NOT_GIVEN));
    int lines = app_text_lines(a, text, px, area.w);
    int h = (int)(lines * px * t->line_spacing) + t->gap / 2;
    Widget *w = ui ? ui_label(ui, t, id, text, (Rect){area.x, *y, area.w, h}, px) : NULL;
    *y += h + t->gap / 2;
    return w;
}

const char *rows_latest(App *a, const char *text, int px, int width, int fit, char *buf, size_t cap,
                        int *lines)
{
    const char *shown = text;
    *lines = app_text_lines(a, text, px, width);
    while (*lines > fit && strchr(text, '\n')) {
        text = strchr(text, '\n') + 1;
        snprintf(buf, cap, fit > 1 ? "…\n%s" : "%s", text); /* one line: the latest */
        shown = buf;
        *lines = app_text_lines(a, buf, px, width);
    }
    if (*lines > fit && shown == buf) { /* the latest wraps: no room for the "…" */
        snprintf(buf, cap, "%s", text);
        *lines = app_text_lines(a, buf, px, width);
    }
    return shown;
}
