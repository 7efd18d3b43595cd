/* rows.h - "label: value" rows that wrap, shared by the screens that show
 * what a resident gave or booked (review, booking).  Private to screens. */
#ifndef KIOSK_SCREENS_ROWS_H
#define KIOSK_SCREENS_ROWS_H

#include "kiosk/app.h"

/* Adds one row at *y in area at px (wrapping as the renderer will) and
 * moves *y below it; with ui NULL it only measures (and returns NULL).  An
 * empty value shows as "not given".  Returns the row's widget. */
Widget *rows_add(App *a, UiList *ui, Rect area, int px, int *y, const char *id, StringKey label,
                 const char *value);

/* The latest lines of text (one event a line, oldest first) that fit in
 * at most fit lines of width at px: text itself when it fits, else its
 * last lines after "…" copied into buf.  *lines gets how many it takes. */
const char *rows_latest(App *a, const char *text, int px, int width, int fit, char *buf, size_t cap,
                        int *lines);

#endif
