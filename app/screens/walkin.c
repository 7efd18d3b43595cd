/* walkin.c - a walk-in number's state for its holder, found by scanning
 * the number's ticket or typing its lookup code: waiting with how many
 * ahead, called to which window, passed, done, or a number of another
 * day, in large words.  Read when found (app_show_walkin); a scan again
 * reads it again. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/booking.h"

static const char *walkin_title(App *a)
{
    return app_str(a, S_WALKIN_STATE_TITLE);
}

/* The state in large words (state) and what it means (detail). */
static void walkin_words(App *a, char *state, size_t scap, char *detail, size_t dcap)
{
    const AppCheck *c = &a->check;
    char num[64];
    snprintf(num, sizeof num, "%d", c->walkin.counter);
    switch (c->walkin_state) {
    case WALKIN_STATE_WAITING:
        strings_fill(state, scap, app_str(a, S_WALKIN_WAITING), "");
        snprintf(num, sizeof num, "%d", c->walkin_ahead);
        strings_fill(detail, dcap,
                     app_str(a, c->walkin_ahead > 0 ? S_WALKIN_WAITING_AHEAD : S_WALKIN_NEXT), num);
        break;
    case WALKIN_STATE_CALLED:
        strings_fill(state, scap, app_str(a, S_WALKIN_CALLED), num);
        strings_fill(detail, dcap, app_str(a, S_WALKIN_CALLED_WINDOW), num);
        break;
    case WALKIN_STATE_CALLED_BEFORE:
        strings_fill(state, scap, app_str(a, S_WALKIN_CALLED_BEFORE), "");
        strings_fill(detail, dcap, app_str(a, S_WALKIN_CALLED_BEFORE_HINT), num);
        break;
    case WALKIN_STATE_PASSED:
        strings_fill(state, scap, app_str(a, S_WALKIN_PASSED), "");
        strings_fill(detail, dcap, app_str(a, S_WALKIN_PASSED_HINT), "");
        break;
    case WALKIN_STATE_DONE:
        strings_fill(state, scap, app_str(a, S_WALKIN_DONE), "");
        strings_fill(detail, dcap, app_str(a, S_WALKIN_DONE_HINT), "");
        break;
    case WALKIN_STATE_EXPIRED:
    default:
        strings_fill(state, scap, app_str(a, S_WALKIN_EXPIRED), "");
        strings_date(a->lang, c->walkin.day, booking_weekday(c->walkin.day), num, sizeof num);
        strings_fill(detail, dcap, app_str(a, S_WALKIN_EXPIRED_HINT), num);
        break;
    }
}

static void walkin_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    /* The number on the left of a landscape screen, above on a portrait
     * one; the state and what it means beside or under it. */
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w * 2 / 5 - t->gap;
        right.x = body.x + body.w * 2 / 5 + t->gap;
        right.w = body.w - (right.x - body.x);
    }
    int y = left.y + (wide ? body.h / 6 : 0);
    Widget *nl = ui_label(ui, t, "walkin.number_label", app_str(a, S_TICKET_NUMBER),
                          (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    if (nl)
        nl->align = ALIGN_CENTER;
    y += t->body_px * 2;
    int num_h = (int)(t->huge_px * 1.3);
    Widget *n = ui_label(ui, t, "walkin.number", a->check.walkin.number,
                         (Rect){left.x, y, left.w, num_h}, t->huge_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += num_h + t->gap * 2;

    char state[WIDGET_TEXT_MAX], detail[WIDGET_TEXT_MAX];
    walkin_words(a, state, sizeof state, detail, sizeof detail);
    int ry = wide ? right.y + body.h / 6 : y;
    int bottom = body.y + body.h;
    /* The state in the largest words that fit half what is left. */
    int room = (bottom - ry) / 2;
    int px = app_fit_px(a, state, t->huge_px * 2 / 3, right.w, room);
    int sh = app_bold_lines(a, state, px, right.w) * px * 135 / 100;
    if (sh > room)
        sh = room;
    Widget *s = ui_label(ui, t, "walkin.state", state, (Rect){right.x, ry, right.w, sh}, px);
    if (s) {
        s->bold = true;
        s->align = ALIGN_CENTER;
    }
    ry += sh + t->gap * 2;
    room = bottom - ry;
    px = app_fit_px(a, detail, t->big_px, right.w, room);
    int dh = app_text_lines(a, detail, px, right.w) * px * 135 / 100;
    if (dh > room)
        dh = room;
    Widget *d = ui_label(ui, t, "walkin.detail", detail, (Rect){right.x, ry, right.w, dh}, px);
    if (d)
        d->align = ALIGN_CENTER;
}

/* A number's state is a finished result: no idle warning covers it. */
static bool walkin_finished(App *a)
{
    (void)a;
    return true;
}

const Screen screen_walkin = {
    .id = "walkin",
    .nav = NAV_BACK | NAV_HOME,
    .title = walkin_title,
    .build = walkin_build,
    .finished = walkin_finished,
};
