/* ui.c - the widget list: building, hit-testing, finding and dumping. */
#include <stdio.h>
#include <string.h>

#include "kiosk/text.h"
#include "kiosk/ui.h"

void ui_clear(UiList *ui)
{
    ui->count = 0;
    ui->overflow = false;
}

Widget *ui_add(UiList *ui, const char *id, WidgetRole role, const char *text, Rect r, int font_px,
               Color fg, Color bg)
{
    if (ui->count >= UI_MAX_WIDGETS) {
        ui->overflow = true;
        return NULL;
    }
    Widget *w = &ui->items[ui->count++];
    memset(w, 0, sizeof *w);
    text_copy(w->id, sizeof w->id, id);
    w->role = role;
    text_copy(w->text, sizeof w->text, text ? text : "");
    w->rect = r;
    w->font_px = font_px;
    w->fg = fg;
    w->bg = bg;
    w->enabled = true;
    w->align = ALIGN_CENTER;
    return w;
}

Widget *ui_title(UiList *ui, const Theme *t, const char *id, const char *text, Rect r)
{
    Widget *w = ui_add(ui, id, UI_ROLE_TITLE, text, r, t->title_px, t->header_fg, t->header_bg);
    if (w)
        w->bold = true;
    return w;
}

Widget *ui_label(UiList *ui, const Theme *t, const char *id, const char *text, Rect r, int px)
{
    Widget *w = ui_add(ui, id, UI_ROLE_LABEL, text, r, px, t->fg, t->bg);
    if (w)
        w->align = ALIGN_LEFT;
    return w;
}

Widget *ui_button(UiList *ui, const Theme *t, const char *id, const char *text, Rect r)
{
    return ui_add(ui, id, UI_ROLE_BUTTON, text, r, t->button_px, t->button_fg, t->button_bg);
}

Widget *ui_primary(UiList *ui, const Theme *t, const char *id, const char *text, Rect r)
{
    Widget *w = ui_add(ui, id, UI_ROLE_BUTTON, text, r, t->button_px, t->primary_fg, t->primary_bg);
    if (w)
        w->bold = true;
    return w;
}

Widget *ui_choice(UiList *ui, const Theme *t, const char *id, const char *text, Rect r,
                  bool selected)
{
    Widget *w = ui_button(ui, t, id, text, r);
    if (w && selected)
        ui_select(w, t);
    return w;
}

void ui_select(Widget *w, const Theme *t)
{
    if (!w->selected) {
        char label[WIDGET_TEXT_MAX];
        text_copy(label, sizeof label, w->text);
        text_copy(w->text, sizeof w->text, label[0] ? UI_CHECK_MARK " " : UI_CHECK_MARK);
        text_append(w->text, sizeof w->text, label);
    }
    w->selected = true;
    w->fg = t->selected_fg;
    w->bg = t->selected_bg;
    w->bold = true;
}

void ui_unselect(Widget *w, const Theme *t)
{
    size_t mark = strlen(UI_CHECK_MARK);
    if (w->selected && strncmp(w->text, UI_CHECK_MARK, mark) == 0) {
        if (w->text[mark] == ' ')
            mark++;
        memmove(w->text, w->text + mark, strlen(w->text + mark) + 1);
    }
    w->selected = false;
    w->fg = t->button_fg;
    w->bg = t->button_bg;
    w->bold = false;
}

int ui_text_pad_x(WidgetRole role, const Theme *t)
{
    switch (role) {
    case UI_ROLE_TITLE:
    case UI_ROLE_PANEL: return t->margin;
    case UI_ROLE_BUTTON:
    case UI_ROLE_FIELD: return UI_BUTTON_PAD;
    default: return 0;
    }
}

int ui_text_pad_y(WidgetRole role, const Theme *t)
{
    (void)t;
    return role == UI_ROLE_BUTTON || role == UI_ROLE_FIELD ? UI_BUTTON_PAD : 0;
}

int ui_text_height(int lines, int px, const Theme *t)
{
    return lines < 1 ? 0 : (lines - 1) * (int)(px * t->line_spacing) + px;
}

static bool inside(Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const Widget *ui_hit(const UiList *ui, int x, int y)
{
    for (int i = ui->count - 1; i >= 0; i--) {
        const Widget *w = &ui->items[i];
        if (!inside(w->rect, x, y))
            continue;
        if (w->role == UI_ROLE_PANEL)
            return NULL; /* an overlay's panel swallows taps behind it */
        if ((w->role == UI_ROLE_BUTTON || w->role == UI_ROLE_FIELD) && w->enabled)
            return w;
    }
    return NULL;
}

void ui_visible(const UiList *ui, int w, int h, UiList *out)
{
    int from = 0;
    for (int i = 0; i < ui->count; i++) {
        Rect r = ui->items[i].rect;
        if (ui->items[i].role == UI_ROLE_PANEL && r.x <= 0 && r.y <= 0 && r.x + r.w >= w &&
            r.y + r.h >= h)
            from = i;
    }
    out->count = ui->count - from;
    out->overflow = ui->overflow;
    memcpy(out->items, ui->items + from, sizeof ui->items[0] * (size_t)out->count);
}

const Widget *ui_find(const UiList *ui, const char *id)
{
    for (int i = ui->count - 1; i >= 0; i--)
        if (strcmp(ui->items[i].id, id) == 0)
            return &ui->items[i];
    return NULL;
}

bool ui_has_text(const UiList *ui, const char *needle)
{
    for (int i = 0; i < ui->count; i++)
        if (strstr(ui->items[i].text, needle))
            return true;
    return false;
}

const char *ui_role_name(WidgetRole r)
{
    switch (r) {
    case UI_ROLE_TITLE: return "title";
    case UI_ROLE_LABEL: return "label";
    case UI_ROLE_BUTTON: return "button";
    case UI_ROLE_FIELD: return "field";
    case UI_ROLE_QR: return "image";
    case UI_ROLE_PANEL: return "panel";
    }
    return "?";
}

bool ui_dump_json(const UiList *ui, const char *screen_id, const char *lang, const bool *clipped,
                  void *file)
{
    FILE *f = file;
    /* Room for the worst case: every byte escaped as \u00XX. */
    static char q[WIDGET_TEXT_MAX * 6 + 8];
    char ql[32];
    if (!text_json_quote(q, sizeof q, screen_id) || !text_json_quote(ql, sizeof ql, lang))
        return false;
    fprintf(f, "{\"screen\":%s,\"lang\":%s,\"widgets\":[", q, ql);
    for (int i = 0; i < ui->count; i++) {
        const Widget *w = &ui->items[i];
        char fg[8], bg[8];
        color_hex(w->fg, fg, sizeof fg);
        color_hex(w->bg, bg, sizeof bg);
        fprintf(f, "%s\n {\"id\":", i ? "," : "");
        text_json_quote(q, sizeof q, w->id);
        fputs(q, f);
        if (!text_json_quote(q, sizeof q, w->text))
            return false;
        fprintf(f,
                ",\"role\":\"%s\",\"text\":%s,\"rect\":[%d,%d,%d,%d],\"font_px\":%d,"
                "\"fg\":\"%s\",\"bg\":\"%s\",\"enabled\":%s,\"selected\":%s",
                ui_role_name(w->role), q, w->rect.x, w->rect.y, w->rect.w, w->rect.h, w->font_px,
                fg, bg, w->enabled ? "true" : "false", w->selected ? "true" : "false");
        if (clipped)
            fprintf(f, ",\"clipped\":%s", clipped[i] ? "true" : "false");
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    return !ferror(f);
}

int ui_fit_rows(int height, int rows, int gap, int min_h, int max_h)
{
    if (rows < 1)
        return max_h;
    int h = (height - (rows - 1) * gap) / rows;
    if (h > max_h)
        h = max_h;
    return h < min_h ? min_h : h;
}

Rect ui_grid_cell(Rect area, int cols, int row_h, int gap, int i)
{
    if (cols < 1)
        cols = 1;
    int cw = (area.w - gap * (cols - 1)) / cols;
    Rect r = {area.x + (i % cols) * (cw + gap), area.y + (i / cols) * (row_h + gap), cw, row_h};
    return r;
}

int ui_estimate_lines(const char *text, int px, int width)
{
    int lines = 1;
    double x = 0;
    const char *p = text;
    while (*p) {
        const char *at = p;
        unsigned cp = text_next_cp(&p);
        if (cp == '\n') {
            lines++;
            x = 0;
            continue;
        }
        double w = cp >= 0x2E80 ? px : px * 0.6;
        if (cp != ' ' && cp < 0x2E80) {
            /* a Latin word moves down whole, as the renderer breaks it,
             * unless it is wider than a line */
            double word = 0;
            for (const char *q = at; *q && *q != ' ' && *q != '\n';) {
                const char *before = q;
                unsigned c = text_next_cp(&q);
                if (c >= 0x2E80) {
                    q = before;
                    break;
                }
                word += px * 0.6;
                p = q;
            }
            if (x > 0 && x + word > width && word <= width) {
                lines++;
                x = 0;
            }
            while (word > 0 && x + word > width) {
                /* cut where it must: as many letters as fit */
                double fit = width - x < px * 0.6 ? px * 0.6 : width - x;
                int n = (int)(fit / (px * 0.6));
                word -= n * px * 0.6;
                lines++;
                x = 0;
            }
            x += word;
            continue;
        }
        if (x > 0 && x + w > width && cp != ' ') {
            lines++;
            x = 0;
        }
        x += w;
    }
    return lines;
}
