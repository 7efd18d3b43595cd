/* broken.c - what a kiosk whose database failed its check shows instead of
 * the home screen: that it is out of service, that nothing was overwritten,
 * and how staff restore a backup; with the technical detail for them.  No
 * buttons: nothing here may write to the database. */
#include <stdio.h>

#include "kiosk/app.h"
#include "kiosk/app_maint.h"
#include "kiosk/text.h"

static const char *broken_title(App *a)
{
    return app_str(a, S_BROKEN_TITLE);
}

static void broken_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y + t->gap * 2;
    const char *text = app_str(a, S_BROKEN_BODY);
    int h = app_bold_lines(a, text, t->button_px, body.w) * t->button_px * 135 / 100;
    Widget *w = ui_label(ui, t, "broken.body", text, (Rect){body.x, y, body.w, h}, t->button_px);
    if (w)
        w->bold = true;
    y += h + t->gap * 3;
    char detail[WIDGET_TEXT_MAX];
    strings_fill(detail, sizeof detail, app_str(a, S_BROKEN_DETAIL), a->maint.broken_detail);
    h = app_text_lines(a, detail, t->body_px, body.w) * t->body_px * 135 / 100;
    w = ui_label(ui, t, "broken.detail", detail, (Rect){body.x, y, body.w, h}, t->body_px);
    if (w)
        w->fg = t->error_fg;
}

const Screen screen_broken = {
    .id = "broken",
    .title = broken_title,
    .build = broken_build,
};
