/* ui.h - the kiosk's small retained UI: widgets with stable ids, a theme
 * holding every size and colour, layout helpers and the dump format.
 *
 * A screen builds its widgets into a UiList whenever its state changes; the
 * renderer (render.h) draws the list, hit-testing uses it, and `dump` writes
 * it.  Nothing here touches SDL: the list is plain data, so layout and
 * accessibility checks run in unit tests without a display. */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/qr.h"

typedef struct {
    int x, y, w, h;
} Rect;

typedef struct {
    uint8_t r, g, b;
} Color;

/* What a widget is, for drawing, hit-testing and the dump ("role").  Not
 * to be confused with a staff member's role (staff.h, ROLE_*). */
typedef enum {
    UI_ROLE_TITLE,  /* a screen's title */
    UI_ROLE_LABEL,  /* text that is read, not tapped */
    UI_ROLE_BUTTON, /* tapped; may be "selected" (a chosen option) */
    UI_ROLE_FIELD,  /* a text or number entry field */
    UI_ROLE_QR,     /* a QR code image */
    UI_ROLE_PANEL   /* a coloured area behind other widgets (overlays) */
} WidgetRole;

typedef enum { ALIGN_CENTER = 0, ALIGN_LEFT } Align;

/* A point of handwritten ink, relative to its widget's rect; a point with
 * x < 0 separates two strokes. */
typedef struct {
    short x, y;
} UiPoint;

#define WIDGET_ID_MAX 48
#define WIDGET_TEXT_MAX 1024
#define UI_MAX_WIDGETS 160

typedef struct {
    char id[WIDGET_ID_MAX];
    WidgetRole role;
    char text[WIDGET_TEXT_MAX];
    Rect rect;
    int font_px;
    bool bold;
    Color fg, bg;
    bool enabled;
    bool selected;
    Align align;
    bool flat;          /* a button drawn without its frame (a tappable header) */
    bool key_press;     /* a keyboard key: pressed, it shows in the selected colours */
    const QrMatrix *qr; /* UI_ROLE_QR only; owned by the screen's state */
    /* ink drawn over the widget (a handwriting pad), in fg; owned by the
     * app's state, valid until the list is rebuilt */
    const UiPoint *ink;
    int ink_count;
} Widget;

typedef struct {
    Widget items[UI_MAX_WIDGETS];
    int count;
    bool overflow; /* a widget did not fit; a bug the tests catch */
} UiList;

/* Every size and colour of the kiosk.  Sizes are pixels at the configured
 * screen size; colours meet 7:1 contrast (tested). */
typedef struct {
    Color bg, fg, muted_fg;
    Color header_bg, header_fg;
    Color primary_bg, primary_fg, primary_pressed;
    Color button_bg, button_fg, button_border, button_pressed;
    Color selected_bg, selected_fg;
    Color field_bg, field_fg, field_border;
    Color hint_fg; /* an empty field's hint ("请输入年龄"): not like typed text */
    Color error_fg, overlay_bg, overlay_fg;
    Color disabled_bg, disabled_fg;
    int title_px, body_px, button_px, small_px, big_px, huge_px;
    int button_h, primary_h, nav_h, header_h, margin, gap, radius, border;
    float line_spacing;
    double scale;       /* text and targets: 1.0, or 1.25 for larger text */
    bool high_contrast; /* light text on black, every pair >= 10:1 */
} Theme;

/* The default theme for a screen of w x h pixels. */
void theme_default(Theme *t, int w, int h);

/* The theme with text and tap targets times text_scale (1.25: "larger
 * text") and, when high_contrast, light text on black with every text
 * colour pair at least 10:1. */
void theme_make(Theme *t, int w, int h, double text_scale, bool high_contrast);

/* WCAG 2 contrast ratio between two colours (1..21). */
double color_contrast(Color a, Color b);

/* "#rrggbb" into out (cap >= 8). */
void color_hex(Color c, char *out, size_t cap);

void ui_clear(UiList *ui);

/* Appends a widget and returns it for further settings, or NULL (and sets
 * overflow) when the list is full.  text is copied (truncated at a
 * character boundary). */
Widget *ui_add(UiList *ui, const char *id, WidgetRole role, const char *text, Rect r, int font_px,
               Color fg, Color bg);

/* Convenience builders in the theme's look. */
Widget *ui_title(UiList *ui, const Theme *t, const char *id, const char *text, Rect r);
Widget *ui_label(UiList *ui, const Theme *t, const char *id, const char *text, Rect r, int px);
Widget *ui_button(UiList *ui, const Theme *t, const char *id, const char *text, Rect r);
Widget *ui_primary(UiList *ui, const Theme *t, const char *id, const char *text, Rect r);
Widget *ui_choice(UiList *ui, const Theme *t, const char *id, const char *text, Rect r,
                  bool selected);

/* The one look of a chosen option (a choice, a toggle that is on, a filter
 * in use): the selected colours, bold, and a check mark (UI_CHECK_MARK)
 * before the label; the dump says "selected":true and speech says so.
 * ui_unselect takes it back (to a plain button). */
void ui_select(Widget *w, const Theme *t);
void ui_unselect(Widget *w, const Theme *t);

/* The topmost enabled widget that can be tapped (button, field) at x, y. */
const Widget *ui_hit(const UiList *ui, int x, int y);

/* Copies into out what a person can see of ui on a w x h screen: the
 * widgets from the topmost panel covering the whole screen (an overlay) on,
 * or all of them. */
void ui_visible(const UiList *ui, int w, int h, UiList *out);

/* The visible widget with this id, or NULL. */
const Widget *ui_find(const UiList *ui, const char *id);

/* true when some widget's text contains needle. */
bool ui_has_text(const UiList *ui, const char *needle);

const char *ui_role_name(WidgetRole r);

/* Writes the dump document (screen id, language code and widgets) as JSON
 * to a FILE*.  Declared with void* to keep stdio out of this header.
 * clipped (NULL, or one flag per widget) adds "clipped" to each widget:
 * whether its text overflows its box as the renderer lays it out. */
bool ui_dump_json(const UiList *ui, const char *screen_id, const char *lang, const bool *clipped,
                  void *file);

/* Text measured by whoever can shape it (the renderer hands one out,
 * render_measurer): lines(ctx, ...) is the number of lines text needs at px
 * in width pixels.  Layouts that take a UiMeasure take NULL to estimate
 * instead (ui_estimate_lines), so they run without a font. */
typedef struct {
    int (*lines)(void *ctx, const char *text, int px, bool bold, int width);
    void *ctx;
} UiMeasure;

/* The room kept free between a widget's text and its box, on the left and
 * right (x) and above and below (y): a button's or field's label stays
 * UI_BUTTON_PAD (12 px) from every side of its box (the 2-4 px border is
 * drawn inside it, and glyphs have a little air of their own), a title's or
 * panel's a margin from its sides.  The renderer draws, measures and
 * reports "clipped" with these; layouts that size a box for its text use
 * them too (with ui_text_height: lines of text at px, the last one only the
 * font's height). */
#define UI_BUTTON_PAD 12
int ui_text_pad_x(WidgetRole role, const Theme *t);
int ui_text_pad_y(WidgetRole role, const Theme *t);
int ui_text_height(int lines, int px, const Theme *t);

/* The check mark (U+2713) a chosen option shows before its label. */
#define UI_CHECK_MARK "\xE2\x9C\x93"

/* Lines that text will need at px in width pixels, estimated without a font
 * (CJK characters one em wide, others 0.6 em; a Latin word moves down whole
 * unless wider than a line, as the renderer breaks it); screens use it to
 * size rows, the renderer wraps for real. */
int ui_estimate_lines(const char *text, int px, int width);

/* The row height that fits rows rows (with gaps) into height, kept between
 * min_h and max_h: grids use the room a screen has, up to a comfortable size. */
int ui_fit_rows(int height, int rows, int gap, int min_h, int max_h);

/* Grid layout: cell i of n in area with cols columns and rows of height
 * row_h separated by gap. */
Rect ui_grid_cell(Rect area, int cols, int row_h, int gap, int i);

#endif
