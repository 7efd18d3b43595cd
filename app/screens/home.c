/* home.c - the home screen: the station's name and the ways in.
 *
 * Ways in: filing a request (home.request), booking a service (home.book)
 * and checking a ticket (home.check); walk-in numbers arrive with the staff
 * issue and add their button here. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"

static const char *home_title(App *a)
{
    return a->lang == LANG_EN ? a->cfg.site_en : a->cfg.site_zh;
}

static void home_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    Widget *prompt = ui_label(ui, t, "home.prompt", app_str(a, S_HOME_PROMPT),
                              (Rect){body.x, y, body.w, t->big_px * 2}, t->big_px);
    if (prompt)
        prompt->bold = true;
    y += t->big_px * 2 + t->gap * 2;

    /* Two very large buttons, the ways in most residents want: easy to
     * find, easy to hit.  Side by side on a landscape screen. */
    bool wide = a->width > a->height;
    int h = wide ? body.h * 2 / 5 : body.h / 4;
    if (h < t->primary_h * 2)
        h = t->primary_h * 2;
    int w = wide ? (body.w - t->gap * 2) / 2 : body.w;
    char text[256];
    snprintf(text, sizeof text, "%s\n%s", app_str(a, S_HOME_REQUEST),
             app_str(a, S_HOME_REQUEST_SUB));
    Widget *req = ui_primary(ui, t, "home.request", text, (Rect){body.x, y, w, h});
    if (req)
        req->font_px = t->big_px;
    snprintf(text, sizeof text, "%s\n%s", app_str(a, S_HOME_BOOK), app_str(a, S_HOME_BOOK_SUB));
    Rect book =
        wide ? (Rect){body.x + w + t->gap * 2, y, w, h} : (Rect){body.x, y + h + t->gap * 2, w, h};
    Widget *bk = ui_primary(ui, t, "home.book", text, book);
    if (bk)
        bk->font_px = t->big_px;
    y = book.y + h + t->gap * 2;
    /* Taking a number and checking a ticket side by side, beside the
     * language switch and never under it. */
    int lw = body.w / 3;
    int row_w = wide ? body.w - lw - t->gap : body.w;
    int half = (row_w - t->gap) / 2;
    ui_button(ui, t, "home.queue", app_str(a, S_HOME_QUEUE), (Rect){body.x, y, half, t->button_h});
    ui_button(ui, t, "home.check", app_str(a, S_HOME_CHECK),
              (Rect){body.x + half + t->gap, y, row_w - half - t->gap, t->button_h});
    y += t->button_h + t->gap * 2;
    char phone[128];
    strings_fill(phone, sizeof phone, app_str(a, S_HOME_PHONE), a->cfg.site_phone);
    ui_label(ui, t, "home.phone", phone, (Rect){body.x, y, body.w - lw - t->gap, t->body_px * 2},
             t->body_px);

    /* The station's name in the header is where staff start: a long press
     * of 3 s (a tap does nothing), so no resident finds it by accident. */
    Widget *entry =
        ui_add(ui, "staff.entry", ROLE_BUTTON, home_title(a), (Rect){0, 0, a->width, t->header_h},
               t->title_px, t->header_fg, t->header_bg);
    if (entry) {
        entry->flat = true;
        entry->bold = true;
    }

    /* Language switch at the bottom right, labelled in the other language. */
    ui_button(
        ui, t, "home.lang", app_str(a, S_LANG_SWITCH),
        (Rect){body.x + body.w - lw, body.y + body.h + t->margin - t->button_h, lw, t->button_h});
}

static bool home_tap(App *a, const char *id)
{
    if (strcmp(id, "home.request") == 0) {
        app_start_request(a);
        return true;
    }
    if (strcmp(id, "home.book") == 0) {
        app_start_booking(a);
        return true;
    }
    if (strcmp(id, "staff.entry") == 0) {
        if (a->held_ms >= STAFF_LONG_PRESS_MS) {
            app_event(a, "staff_entry", NULL);
            a->draft_touched = true;
            a->staff_note[0] = '\0';
            app_push(a, &screen_staff_pick);
        }
        return true;
    }
    if (strcmp(id, "home.queue") == 0) {
        app_take_number(a);
        return true;
    }
    if (strcmp(id, "home.check") == 0) {
        a->draft_touched = true;
        app_push(a, &screen_check);
        return true;
    }
    if (strcmp(id, "home.lang") == 0) {
        app_set_lang(a, a->lang == LANG_ZH ? LANG_EN : LANG_ZH);
        return true;
    }
    return false;
}

/* The home screen draws its own header: the station's name is staff.entry. */
const Screen screen_home = {
    .id = "home",
    .build = home_build,
    .tap = home_tap,
};
