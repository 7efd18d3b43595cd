/* chart.h - bar charts built from widgets, for the statistics screen and
 * the monthly report's images.
 *
 * A chart is a run of widgets in a UiList: a coloured panel per bar and a
 * label per value and per name, so the numbers are written on the chart
 * (never colour alone), the dump lists them, and the layout checks read
 * them like any other text.  The same functions lay out the kiosk's screen
 * and the report's PNG files; only the area and the theme differ.  Nothing
 * here touches SDL. */
#ifndef KIOSK_CHART_H
#define KIOSK_CHART_H

#include "kiosk/ui.h"

#define CHART_TEXT_MAX 96

typedef struct {
    char label[CHART_TEXT_MAX]; /* the bar's name: a category, a day */
    int value;                  /* its length; negative counts as 0 */
    char text[CHART_TEXT_MAX];  /* written at the bar; "" writes the value */
    Color color;                /* the bar's colour */
    int part;                   /* chart_hbars: this much of the bar, from its */
    Color part_color;           /* start, in this colour (0: none) */
    int lines;                  /* chart_hbars: the row at least this many */
                                /* lines of text tall, for what is put beside */
                                /* it (0: one) */
} ChartBar;

/* Sets b to a plain bar: label, value and colour, no text or part. */
void chart_bar(ChartBar *b, const char *label, int value, Color color);

/* Horizontal bars, one row each: the name on the left, the bar scaled to
 * the largest value, its text after it.  Ids are ID.name.I, ID.bar.I and
 * ID.value.I.  Rows are px * 3 / 2 tall (taller when a name wraps) and
 * stop at the bottom of area.  Returns the y below the last row. */
int chart_hbars(UiList *ui, const Theme *t, const char *id, Rect area, const ChartBar *bars, int n,
                int px);

/* The same for bars first .. first + n - 1 of a chart of total bars, all
 * on one scale and with their ids' indexes: a chart split into columns. */
int chart_hbars_from(UiList *ui, const Theme *t, const char *id, Rect area, const ChartBar *bars,
                     int total, int first, int n, int px);

/* Columns in rows like a calendar (a week or more a row): each with its
 * value written above and its name below, the heights scaled to the
 * largest value.  As many columns a row as fit at least min_col_w px each.
 * Ids as chart_hbars.  Returns the y below the last row. */
int chart_columns(UiList *ui, const Theme *t, const char *id, Rect area, const ChartBar *bars,
                  int n, int px, int min_col_w);

/* The width text needs at px, estimated without a font (CJK one em, other
 * characters 0.6 em): for sizing name columns. */
int chart_text_width(const char *text, int px);

#endif
