/* home.c - the home screen: the station's name and the ways in.
 *
 * Ways in: filing a request (home.request), booking a service (home.book)
 * and checking a ticket (home.check); walk-in numbers arrive with the staff
 * issue and add their button here.  The bottom bar holds what helps those
 * who see or read poorly (read aloud, larger text, high contrast) and the
 * language. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/app_staff.h"
#include "kiosk/app_ticket.h"
#include "kiosk/app_volunteer.h"

static const char *home_title(App *a)
{
    return a->lang == LANG_EN ? a->cfg.site_en : a->cfg.site_zh;
}

/* The largest font from big_px down (not below 56 px, the floor for
 * titles) at which text fits a w x h button: larger text on a landscape
 * screen would make the two-line primaries wrap out of it otherwise. */
static int home_fit_px(App *a, const char *text, int w, int h)
{
    const Theme *t = &a->theme;
    int floor_px = t->title_px * 85 / 100 < 56 ? 56 : t->title_px * 85 / 100;
    int px = t->big_px;
    while (px > floor_px &&
           app_text_lines(a, text, px, w - 2 * t->gap) * px * t->line_spacing + 2 * t->gap > h)
        px -= 4;
    return px < floor_px ? floor_px : px;
}

/* A toggle: its state in words as well as in its look ("大字：开"). */
static void home_toggle(App *a, UiList *ui, const char *id, StringKey label, bool on, Rect r)
{
    char text[128];
    snprintf(text, sizeof text, "%s%s", app_str(a, label), on ? app_str(a, S_TOGGLE_ON) : "");
    Widget *w = ui_choice(ui, &a->theme, id, text, r, on);
    if (w)
        w->font_px = a->theme.body_px;
}

static void home_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    int y = body.y;
    /* Height is short on a landscape screen: the prompt a size smaller and
     * the rows closer together. */
    int sep = wide ? t->gap : t->gap * 2;
    int prompt_px = wide ? t->title_px : t->big_px;
    const char *ask = app_str(a, S_HOME_PROMPT);
    /* whole lines: the last one's descenders stay inside the box */
    int prompt_h = (int)(app_bold_lines(a, ask, prompt_px, body.w) * prompt_px * t->line_spacing);
    int prompt_w = body.w;
    /* issue 20/21: the row of two halves (home.activities left,
     * home.volunteer right) sits between the primaries and the row of
     * home.queue, as tall as home.queue, one gap above it.  A landscape
     * screen with larger text has no height for it there: it goes on the
     * prompt's line, right of the prompt (see mid below). */
    Rect mid = {0, 0, 0, 0};
    {
        int bar_h0 = (wide ? 1 : 2) * t->button_h + (wide ? 0 : t->gap);
        int phone_h0 = wide ? t->button_h : t->body_px * 2;
        int row_y0 =
            a->height - t->margin / 2 - bar_h0 - sep - (wide ? 0 : phone_h0 + t->gap) - t->button_h;
        int mid_y0 = row_y0 - t->gap - t->button_h;
        int floor_h0 = (int)(2 * 56 * t->line_spacing) + 2 * t->gap;
        if (floor_h0 > t->primary_h)
            floor_h0 = t->primary_h;
        if (wide && mid_y0 - sep - (y + prompt_h + sep) < floor_h0) {
            prompt_w = body.w / 2 - t->gap;
            mid = (Rect){body.x + prompt_w + t->gap * 2, y, body.w - prompt_w - t->gap * 2,
                         t->button_h};
            prompt_h =
                (int)(app_bold_lines(a, ask, prompt_px, prompt_w) * prompt_px * t->line_spacing);
        } else {
            mid = (Rect){body.x, mid_y0, body.w, t->button_h};
        }
    }
    Widget *prompt =
        ui_label(ui, t, "home.prompt", ask, (Rect){body.x, y, prompt_w, prompt_h}, prompt_px);
    if (prompt)
        prompt->bold = true;
    y += (mid.y == y && prompt_h < mid.h ? mid.h : prompt_h) + sep;

    /* The ways of seeing and hearing and the language, in the bottom bar
     * (home has no back/home bar): one row of four on a landscape screen,
     * two rows of two on a portrait one. */
    int bar_rows = wide ? 1 : 2, bar_cols = wide ? 4 : 2;
    int bar_h = bar_rows * t->button_h + (bar_rows - 1) * t->gap;
    Rect bar = {body.x, a->height - t->margin / 2 - bar_h, body.w, bar_h};
    home_toggle(a, ui, "home.voice", S_HOME_VOICE, a->session.voice_on,
                ui_grid_cell(bar, bar_cols, t->button_h, t->gap, 0));
    home_toggle(a, ui, "home.large", S_HOME_LARGE, a->session.large_text,
                ui_grid_cell(bar, bar_cols, t->button_h, t->gap, 1));
    home_toggle(a, ui, "home.contrast", S_HOME_CONTRAST, a->session.high_contrast,
                ui_grid_cell(bar, bar_cols, t->button_h, t->gap, 2));
    /* Language switch, labelled in the other language. */
    ui_button(ui, t, "home.lang", app_str(a, S_LANG_SWITCH),
              ui_grid_cell(bar, bar_cols, t->button_h, t->gap, 3));

    /* Taking a number and checking a ticket side by side, with the
     * station's phone beside them on a landscape screen or under them. */
    int phone_h = wide ? t->button_h : t->body_px * 2;
    int row_y = bar.y - sep - (wide ? 0 : phone_h + t->gap) - t->button_h;
    int lw = body.w / 3;
    int row_w = wide ? body.w - lw - t->gap : body.w;
    int half = (row_w - t->gap) / 2;
    /* Two very large buttons, the ways in most residents want: easy to
     * find, easy to hit; side by side on a landscape screen.  They take the
     * room left between the prompt and the row below. */
    /* issue 20/21: a row of two halves between the primaries and the row
     * above, activities on the left (home.activities), volunteers on the
     * right; as tall as home.queue, one gap above it */
    int room = (mid.y > y ? mid.y : row_y) - sep - y;
    int h = wide ? room : (room - sep) / 2;
    /* issue 20/21: with the row of two halves, larger text leaves less
     * than a primary's height: the pair gives way down to what two lines
     * at the titles' floor (56 px) need, never below 120 px */
    int floor_h = (int)(2 * 56 * t->line_spacing) + 2 * t->gap;
    if (floor_h < 120)
        floor_h = 120;
    if (floor_h > t->primary_h)
        floor_h = t->primary_h;
    if (h < floor_h)
        h = floor_h;
    int w = wide ? (body.w - t->gap * 2) / 2 : body.w;
    char text[256];
    snprintf(text, sizeof text, "%s\n%s", app_str(a, S_HOME_REQUEST),
             app_str(a, S_HOME_REQUEST_SUB));
    Widget *req = ui_primary(ui, t, "home.request", text, (Rect){body.x, y, w, h});
    if (req)
        req->font_px = home_fit_px(a, text, w, h);
    snprintf(text, sizeof text, "%s\n%s", app_str(a, S_HOME_BOOK), app_str(a, S_HOME_BOOK_SUB));
    Rect book = wide ? (Rect){body.x + w + t->gap * 2, y, w, h} : (Rect){body.x, y + h + sep, w, h};
    Widget *bk = ui_primary(ui, t, "home.book", text, book);
    if (bk)
        bk->font_px = home_fit_px(a, text, w, h);
    if (req && bk) /* the pair in one size */
        req->font_px = bk->font_px = req->font_px < bk->font_px ? req->font_px : bk->font_px;

    /* Added after the primaries, so reading aloud says those first. */
    int mid_half = (mid.w - t->gap) / 2;
    ui_button(ui, t, "home.activities", app_str(a, S_ACT_HOME),
              (Rect){mid.x, mid.y, mid_half, mid.h});
    ui_button(ui, t, "home.queue", app_str(a, S_HOME_QUEUE),
              (Rect){body.x, row_y, half, t->button_h});
    ui_button(ui, t, "home.check", app_str(a, S_HOME_CHECK),
              (Rect){body.x + half + t->gap, row_y, row_w - half - t->gap, t->button_h});
    /* issue 21: volunteering, the right half of the station's work row */
    ui_button(ui, t, "home.volunteer", app_str(a, S_VOL_HOME),
              (Rect){mid.x + mid_half + t->gap, mid.y, mid.w - mid_half - t->gap, mid.h});
    char phone[128];
    strings_fill(phone, sizeof phone, app_str(a, S_HOME_PHONE), a->cfg.site_phone);
    Rect pr = wide ? (Rect){body.x + row_w + t->gap, row_y, lw, phone_h}
                   : (Rect){body.x, row_y + t->button_h + t->gap, body.w, phone_h};
    ui_label(ui, t, "home.phone", phone, pr, t->body_px);

    /* The station's name in the header is where staff start: a long press
     * of 3 s (a tap does nothing), so no resident finds it by accident. */
    Widget *entry =
        ui_add(ui, "staff.entry", UI_ROLE_BUTTON, home_title(a),
               (Rect){0, 0, a->width, t->header_h}, t->title_px, t->header_fg, t->header_bg);
    if (entry) {
        entry->flat = true;
        entry->bold = true;
    }
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
            a->session.draft_touched = true;
            a->staff.note[0] = '\0';
            app_push(a, &screen_staff_pick);
        }
        return true;
    }
    if (strcmp(id, "home.volunteer") == 0) { /* issue 21 */
        app_volunteer_start(a);
        return true;
    }
    if (strcmp(id, "home.activities") == 0) {
        app_start_activities(a);
        return true;
    }
    if (strcmp(id, "home.queue") == 0) {
        app_take_number(a);
        return true;
    }
    if (strcmp(id, "home.check") == 0) {
        a->session.draft_touched = true;
        app_push(a, &screen_check);
        return true;
    }
    if (strcmp(id, "home.large") == 0) {
        app_set_view(a, !a->session.large_text, a->session.high_contrast);
        return true;
    }
    if (strcmp(id, "home.contrast") == 0) {
        app_set_view(a, a->session.large_text, !a->session.high_contrast);
        return true;
    }
    if (strcmp(id, "home.voice") == 0) {
        app_set_voice(a, !a->session.voice_on);
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
