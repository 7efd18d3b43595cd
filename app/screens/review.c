/* review.c - everything the resident gave, to check before confirming.
 * Confirming files the request once, however often it is tapped. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/text.h"

static const char *review_title(App *a)
{
    return app_str(a, S_REVIEW_TITLE);
}

/* One "label: value" row at px; with ui NULL it only measures (*y moves). */
static void add_row(App *a, UiList *ui, Rect area, int px, int *y, const char *id, StringKey label,
                    const char *value)
{
    const Theme *t = &a->theme;
    char text[WIDGET_TEXT_MAX];
    snprintf(text, sizeof text, "%s%s%s", app_str(a, label), app_str(a, S_COLON),
             value[0] ? value : app_str(a, S_NOT_GIVEN));
    int lines = app_text_lines(a, text, px, area.w);
    int h = (int)(lines * px * t->line_spacing) + t->gap / 2;
    if (ui)
        ui_label(ui, t, id, text, (Rect){area.x, *y, area.w, h}, px);
    *y += h + t->gap / 2;
}

static void flags_text(App *a, char *out, size_t cap)
{
    static const struct {
        unsigned flag;
        StringKey label;
    } names[] = {
        {FLAG_AGED80, S_FLAG_AGED80}, {FLAG_DISABLED, S_FLAG_DISABLED}, {FLAG_ALONE, S_FLAG_ALONE}};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (a->draft.flags & names[i].flag) {
            if (out[0])
                text_append(out, cap, app_str(a, S_SEP));
            text_append(out, cap, app_str(a, names[i].label));
        }
    if (!out[0])
        text_copy(out, cap, app_str(a, S_NONE));
}

static void add_rows(App *a, UiList *ui, Rect rows, int px, int *y)
{
    const RequestDraft *d = &a->draft;
    const CfgCategory *cat = config_category(&a->cfg, d->category);
    const char *lang = app_lang_code(a);
    add_row(a, ui, rows, px, y, "review.category", S_REVIEW_CATEGORY,
            cat ? config_label(&cat->item, lang) : "");
    const CfgItem *issue = cat ? config_issue(cat, d->issue) : NULL;
    add_row(a, ui, rows, px, y, "review.issue", S_REVIEW_ISSUE,
            issue ? config_label(issue, lang) : app_str(a, S_ISSUE_OTHER));
    if (d->description[0])
        add_row(a, ui, rows, px, y, "review.description", S_REVIEW_DESC, d->description);
    add_row(a, ui, rows, px, y, "review.phone", S_REVIEW_PHONE, d->phone);
    add_row(a, ui, rows, px, y, "review.name", S_REVIEW_NAME, d->name);
    char addr[128];
    app_format_address(a, d, addr, sizeof addr);
    add_row(a, ui, rows, px, y, "review.address", S_REVIEW_ADDRESS, addr);
    add_row(a, ui, rows, px, y, "review.urgency", S_REVIEW_URGENCY,
            app_str(a, d->urgency == URGENCY_URGENT ? S_URGENCY_URGENT : S_URGENCY_NORMAL));
    char flags[128];
    flags_text(a, flags, sizeof flags);
    add_row(a, ui, rows, px, y, "review.flags", S_REVIEW_FLAGS, flags);
}

static void review_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect rows = body;
    Rect confirm = {body.x, body.y + body.h - t->primary_h, body.w, t->primary_h};
    if (wide) {
        rows.w = body.w * 2 / 3 - t->gap;
        confirm = (Rect){body.x + rows.w + t->gap * 2, body.y + body.h / 2 - t->primary_h,
                         body.w - rows.w - t->gap * 2, t->primary_h * 2};
    }
    if (!wide)
        rows.h -= t->primary_h + t->gap;
    /* Large rows when they fit, body-size rows when a long description or a
     * landscape screen would push them under the buttons. */
    int px = t->button_px;
    int end = rows.y;
    add_rows(a, NULL, rows, px, &end);
    if (end > rows.y + rows.h - t->body_px * 3)
        px = t->body_px;
    int y = rows.y;
    add_rows(a, ui, rows, px, &y);
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "review.message", app_str(a, a->message),
                             (Rect){rows.x, y, rows.w, t->body_px * 3}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    Widget *c = ui_primary(ui, t, "review.confirm", app_str(a, S_CONFIRM), confirm);
    if (c)
        c->font_px = t->big_px;
}

static bool review_tap(App *a, const char *id)
{
    if (strcmp(id, "review.confirm") == 0) {
        app_submit_request(a);
        return true;
    }
    return false;
}

const Screen screen_review = {
    .id = "review",
    .nav = NAV_BACK | NAV_HOME,
    .title = review_title,
    .build = review_build,
    .tap = review_tap,
};
