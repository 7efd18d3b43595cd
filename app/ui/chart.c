/* chart.c - bar charts as widgets (chart.h). */
#include "kiosk/chart.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/text.h"

void chart_bar(ChartBar *b, const char *label, int value, Color color)
{
    memset(b, 0, sizeof *b);
    text_copy(b->label, sizeof b->label, label);
    b->value = value;
    b->color = color;
}

int chart_text_width(const char *text, int px)
{
    int tenths = 0; /* width in tenths of an em */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x80)
            tenths += 6;
        else if ((*p & 0xC0) != 0x80)
            tenths += 10; /* the lead byte of a wide character */
    }
    return (tenths * px + 9) / 10;
}

static int largest(const ChartBar *bars, int n)
{
    int max = 0;
    for (int i = 0; i < n; i++)
        if (bars[i].value > max)
            max = bars[i].value;
    return max;
}

/* The text written at a bar: its own, or its value. */
static const char *bar_text(const ChartBar *b, char *buf, size_t cap)
{
    if (b->text[0])
        return b->text;
    snprintf(buf, cap, "%d", b->value > 0 ? b->value : 0);
    return buf;
}

static void add_bar(UiList *ui, const char *id, int i, Rect r, Color c)
{
    char wid[WIDGET_ID_MAX];
    snprintf(wid, sizeof wid, "%s.bar.%d", id, i);
    ui_add(ui, wid, UI_ROLE_PANEL, "", r, 0, c, c);
}

static Widget *add_text(UiList *ui, const Theme *t, const char *id, const char *what, int i,
                        const char *text, Rect r, int px)
{
    char wid[WIDGET_ID_MAX];
    snprintf(wid, sizeof wid, "%s.%s.%d", id, what, i);
    return ui_add(ui, wid, UI_ROLE_LABEL, text, r, px, t->fg, t->bg);
}

int chart_hbars(UiList *ui, const Theme *t, const char *id, Rect area, const ChartBar *bars, int n,
                int px)
{
    return chart_hbars_from(ui, t, id, area, bars, n, 0, n, px);
}

int chart_hbars_from(UiList *ui, const Theme *t, const char *id, Rect area, const ChartBar *all,
                     int total, int first, int n, int px)
{
    const ChartBar *bars = all + first;
    char buf[32];
    int name_w = 0, value_w = 0;
    for (int i = 0; i < n; i++) {
        int w = chart_text_width(bars[i].label, px);
        if (w > name_w)
            name_w = w;
        w = chart_text_width(bar_text(&bars[i], buf, sizeof buf), px);
        if (w > value_w)
            value_w = w;
    }
    name_w += px / 2;
    value_w += px / 2;
    /* a fifth of the width at least for the bars; the values' text takes
     * up to half of the rest, the names what is left (a longer one wraps) */
    int min_bar = area.w / 5;
    int room = area.w - min_bar - t->gap;
    if (value_w > room / 2)
        value_w = room / 2;
    if (name_w > room - value_w)
        name_w = room - value_w;
    int bar_room = area.w - name_w - value_w - t->gap;
    int max = largest(all, total); /* one scale for all the columns */
    int y = area.y, line = px * 4 / 3;
    for (int i = 0; i < n; i++) {
        int lines = ui_estimate_lines(bars[i].label, px, name_w);
        int vlines = ui_estimate_lines(bar_text(&bars[i], buf, sizeof buf), px, value_w);
        if (vlines > lines)
            lines = vlines;
        if (bars[i].lines > lines)
            lines = bars[i].lines;
        int row_h = lines * line > px * 3 / 2 ? lines * line : px * 3 / 2;
        if (y + row_h > area.y + area.h)
            break;
        Widget *w = add_text(ui, t, id, "name", first + i, bars[i].label,
                             (Rect){area.x, y, name_w, row_h}, px);
        if (w)
            w->align = ALIGN_LEFT;
        int len = max > 0 && bars[i].value > 0 ? (int)((long)bar_room * bars[i].value / max) : 0;
        if (bars[i].value > 0 && len < 4)
            len = 4; /* something shows for a small count */
        int bar_h = px;
        if (len > 0)
            add_bar(ui, id, first + i, (Rect){area.x + name_w, y + (row_h - bar_h) / 2, len, bar_h},
                    bars[i].color);
        if (len > 0 && bars[i].part > 0) {
            int part = (int)((long)len * bars[i].part / bars[i].value);
            char wid[WIDGET_ID_MAX];
            snprintf(wid, sizeof wid, "%s.part.%d", id, first + i);
            ui_add(ui, wid, UI_ROLE_PANEL, "",
                   (Rect){area.x + name_w, y + (row_h - bar_h) / 2, part, bar_h}, 0,
                   bars[i].part_color, bars[i].part_color);
        }
        w = add_text(ui, t, id, "value", first + i, bar_text(&bars[i], buf, sizeof buf),
                     (Rect){area.x + name_w + len + t->gap / 2, y, value_w, row_h}, px);
        if (w) {
            w->align = ALIGN_LEFT;
            w->bold = true;
        }
        y += row_h;
    }
    return y;
}

int chart_columns(UiList *ui, const Theme *t, const char *id, Rect area, const ChartBar *bars,
                  int n, int px, int min_col_w)
{
    char buf[32];
    if (n <= 0)
        return area.y;
    int fit = min_col_w > 0 ? area.w / min_col_w : n;
    if (fit < 1)
        fit = 1;
    int rows = (n + fit - 1) / fit;
    int text_h = px * 4 / 3;
    /* no more rows than the height holds (bars at least px / 2): the
     * columns narrow instead, down to what the labels need */
    int most = area.h / (px / 2 + 2 * text_h + t->gap);
    if (most < 1)
        most = 1;
    if (rows > most)
        rows = most;
    int cols = (n + rows - 1) / rows;
    int col_w = area.w / cols;
    int row_h = area.h / rows;
    int bar_room = row_h - 2 * text_h - t->gap;
    if (bar_room > px * 4)
        bar_room = px * 4; /* tall enough to compare, no taller */
    if (bar_room < px / 2)
        bar_room = px / 2;
    row_h = bar_room + 2 * text_h + t->gap;
    int max = largest(bars, n);
    int gap = col_w / 6;
    for (int i = 0; i < n; i++) {
        int r = i / cols, c = i % cols;
        int x = area.x + c * col_w, top = area.y + r * row_h;
        int base = top + text_h + bar_room; /* the bars stand on this line */
        int h = max > 0 && bars[i].value > 0 ? (int)((long)bar_room * bars[i].value / max) : 0;
        if (bars[i].value > 0 && h < 4)
            h = 4;
        if (h > 0)
            add_bar(ui, id, i, (Rect){x + gap / 2, base - h, col_w - gap, h}, bars[i].color);
        Widget *w = add_text(ui, t, id, "value", i, bar_text(&bars[i], buf, sizeof buf),
                             (Rect){x, base - h - text_h, col_w, text_h}, px);
        if (w)
            w->bold = true;
        add_text(ui, t, id, "name", i, bars[i].label, (Rect){x, base, col_w, text_h}, px);
    }
    return area.y + rows * row_h;
}
