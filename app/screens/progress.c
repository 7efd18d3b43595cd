/* progress.c - a resident checks a ticket by hand and sees how a request
 * is going: the lookup code on a pad of its own 22 characters (no letters
 * that look alike, so nothing to confuse), the phone's last 4 digits on the
 * keypad, then the request's progress in plain words with dates, and a
 * rating once it is resolved, which closes it. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "keypad.h"
#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"
#include "rows.h"

/* ---- the lookup code ---- */

static const char *lookup_title(App *a)
{
    return app_str(a, S_LOOKUP_TITLE);
}

static void lookup_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    char shown[TICKET_LOOKUP_LEN + 8];
    size_t n = strlen(a->check.lookup_text);
    snprintf(shown, sizeof shown, "%.4s%s%s", a->check.lookup_text, n > 4 ? " " : "",
             n > 4 ? a->check.lookup_text + 4 : "");
    int y = body.y;
    /* Landscape: the field and its message side by side, a key's height,
     * so that the keys keep their size (and OK a primary's) in the short
     * height; portrait: one above the other. */
    bool wide = a->width > a->height;
    int half = (body.w - t->gap) / 2;
    Rect field =
        wide ? (Rect){body.x, y, half, t->button_h} : (Rect){body.x, y, body.w, t->primary_h};
    Rect msg = wide ? (Rect){body.x + half + t->gap, y, body.w - half - t->gap, t->button_h}
                    : (Rect){body.x, y + field.h + t->gap, body.w, t->body_px * 2};
    Widget *f = ui_add(ui, "lookup.field", UI_ROLE_FIELD, shown, field, t->big_px, t->field_fg,
                       t->field_bg);
    if (f) {
        f->bold = true;
        f->enabled = false;
    }
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "lookup.message", app_str(a, a->message), msg, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    y = (wide ? field.y + field.h : msg.y + msg.h) + t->gap;
    /* 22 characters, then delete and OK: 24 keys. */
    static const char alphabet[] = TICKET_LOOKUP_ALPHABET;
    int cols = a->width > a->height ? 8 : 6;
    Rect grid = {body.x, y, body.w, body.y + body.h - y};
    int rows = (24 + cols - 1) / cols;
    int row_h = ui_fit_rows(grid.h, rows, t->gap, 120, t->button_h);
    int i = 0;
    for (; alphabet[i]; i++) {
        char id[WIDGET_ID_MAX], label[2] = {alphabet[i], '\0'};
        snprintf(id, sizeof id, "lookup.%c", alphabet[i]);
        Widget *k = ui_button(ui, t, id, label, ui_grid_cell(grid, cols, row_h, t->gap, i));
        if (k) {
            k->font_px = t->big_px;
            k->bold = true;
        }
    }
    ui_button(ui, t, "lookup.del", app_str(a, S_KEY_DEL),
              ui_grid_cell(grid, cols, row_h, t->gap, i));
    ui_primary(ui, t, "lookup.ok", app_str(a, S_KEY_OK),
               ui_grid_cell(grid, cols, row_h, t->gap, i + 1));
}

static bool lookup_tap(App *a, const char *id)
{
    size_t n = strlen(a->check.lookup_text);
    if (strcmp(id, "lookup.del") == 0) {
        if (n > 0)
            a->check.lookup_text[n - 1] = '\0';
        app_clear_message(a);
    } else if (strcmp(id, "lookup.ok") == 0 || strcmp(id, "nav.next") == 0) {
        char code[TICKET_LOOKUP_LEN + 1];
        if (!ticket_lookup_normalise(a->check.lookup_text, code)) {
            app_set_message(a, S_LOOKUP_BAD);
            return true;
        }
        /* a walk-in number's code shows its state: no phone to ask for */
        if (app_find_walkin(a))
            return true;
        a->check.last4[0] = '\0';
        app_push(a, &screen_last4);
    } else if (strncmp(id, "lookup.", 7) == 0 && strlen(id) == 8 &&
               strchr(TICKET_LOOKUP_ALPHABET, id[7])) {
        if (n < TICKET_LOOKUP_LEN) {
            a->check.lookup_text[n] = id[7];
            a->check.lookup_text[n + 1] = '\0';
        }
        a->session.draft_touched = true;
        app_clear_message(a);
    } else {
        return false;
    }
    return true;
}

/* Letters typed on a keyboard go into the code too. */
static void lookup_text(App *a, const char *utf8)
{
    for (const char *p = utf8; *p; p++) {
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        char id[12];
        snprintf(id, sizeof id, "lookup.%c", c);
        if (c != ' ' && c != '-')
            lookup_tap(a, id);
    }
}

const Screen screen_lookup = {
    .id = "lookup",
    .nav = NAV_BACK | NAV_HOME,
    .title = lookup_title,
    .build = lookup_build,
    .tap = lookup_tap,
    .text = lookup_text,
};

/* ---- the phone's last 4 digits ---- */

static const char *last4_title(App *a)
{
    return app_str(a, S_LAST4_TITLE);
}

static void last4_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect left, pad;
    keypad_columns(a, body, &left, &pad);
    int y = left.y;
    /* Empty: a hint in words and its own colour, never stars that look
     * like digits typed; then "**** 56" (the number's first digits hidden). */
    bool empty = a->check.last4[0] == '\0';
    char shown[16];
    snprintf(shown, sizeof shown, "**** %s", a->check.last4);
    Widget *f = ui_add(ui, "last4.field", UI_ROLE_FIELD, empty ? app_str(a, S_LAST4_HINT) : shown,
                       (Rect){left.x, y, left.w, t->primary_h}, empty ? t->button_px : t->big_px,
                       empty ? t->hint_fg : t->field_fg, t->field_bg);
    if (f) {
        f->bold = !empty;
        f->enabled = false;
    }
    y += t->primary_h + t->gap;
    int msg_h = t->body_px * 3;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "last4.message", app_str(a, a->message),
                             (Rect){left.x, y, left.w, msg_h}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    if (!wide) {
        pad.y = y + msg_h + t->gap;
        pad.h = body.y + body.h - pad.y;
    }
    keypad_build(a, ui, pad, "keypad");
}

static bool last4_tap(App *a, const char *id)
{
    char k = keypad_key("keypad", id);
    size_t n = strlen(a->check.last4);
    if (!k)
        return false;
    if (k == 'k') {
        if (n == 4)
            app_find_by_lookup(a);
        else
            app_set_message(a, S_PHONE_SHORT);
    } else if (k == 'd') {
        if (n > 0)
            a->check.last4[n - 1] = '\0';
        app_clear_message(a);
    } else if (n < 4) {
        a->check.last4[n] = k;
        a->check.last4[n + 1] = '\0';
        app_clear_message(a);
    }
    return true;
}

const Screen screen_last4 = {
    .id = "last4",
    .nav = NAV_BACK | NAV_HOME,
    .title = last4_title,
    .build = last4_build,
    .tap = last4_tap,
};

/* ---- a request's progress ---- */

static const char *progress_title(App *a)
{
    return app_str(a, S_PROGRESS_TITLE);
}

static const struct {
    const char *id;
    WfRating rating;
    StringKey label;
} ratings[] = {
    {"rate.satisfied", RATING_SATISFIED, S_RATE_SATISFIED},
    {"rate.basic", RATING_BASIC, S_RATE_BASIC},
    {"rate.dissatisfied", RATING_DISSATISFIED, S_RATE_DISSATISFIED},
};

static void progress_enter(App *a)
{
    app_progress_load(a);
}

/* Issue 22: 由“助老送餐”项目办理, under the status, when a project of the
 * station handles the request. */
static void progress_project(App *a, UiList *ui, Rect body, int *y)
{
    const Theme *t = &a->theme;
    char text[PROJ_TITLE_MAX + 64];
    strings_fill(text, sizeof text, app_str(a, S_PROJ_HANDLED_BY), a->check.project);
    int h = (int)(app_bold_lines(a, text, t->button_px, body.w) * t->button_px * t->line_spacing);
    Widget *w =
        ui_label(ui, t, "progress.project", text, (Rect){body.x, *y, body.w, h}, t->button_px);
    if (w)
        w->bold = true;
    *y += h + t->gap;
}

static void progress_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const RequestRecord *r = &a->check.progress;
    /* In landscape the rating (or its thanks) stands on the right, beside
     * the progress, which has the screen's height to itself; in portrait it
     * comes below. */
    bool wide = body.w > body.h;
    Rect right = body;
    if (wide) {
        body.w = (body.w - t->gap) * 3 / 5;
        right.x = body.x + body.w + t->gap;
        right.w -= body.w + t->gap;
    }
    int y = body.y;
    Widget *n = ui_label(ui, t, "progress.number", r->ticket.number,
                         (Rect){body.x, y, body.w, t->huge_px * 6 / 5}, t->huge_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += t->huge_px * 6 / 5 + t->gap;
    const CfgCategory *cat = config_category(&a->cfg, r->draft.category);
    int px = t->button_px;
    rows_add(a, ui, body, px, &y, "progress.what", S_REVIEW_CATEGORY,
             cat ? config_label(&cat->item, app_lang_code(a)) : r->draft.category);
    char status[96];
    snprintf(status, sizeof status, "%s%s", app_str(a, S_DETAIL_STATUS), app_str(a, S_COLON));
    text_append(status, sizeof status, app_status_word(a, r->status));
    Widget *st = ui_label(ui, t, "progress.status", status,
                          (Rect){body.x, y, body.w, t->big_px * 3 / 2}, t->big_px);
    if (st)
        st->bold = true;
    y += t->big_px * 3 / 2 + t->gap;
    if (a->check.project[0])
        progress_project(a, ui, body, &y); /* issue 22 */
    int line_h = (int)(t->body_px * t->line_spacing);
    /* below the steps in portrait: the rating, or its thanks */
    int below = 0;
    if (!wide && a->check.rated)
        below = t->button_px * 2 + t->gap;
    else if (!wide && r->state == WF_RESOLVED)
        below = t->primary_h + t->body_px * 2 + t->gap;
    if (a->message_set)
        below += t->body_px * 2 + t->gap;
    /* Resolved: what was done (the staff's note) and by whom, by name: in
     * landscape at the top of the rating's column (the steps keep the
     * left one), in portrait above the steps, at the body size when the
     * larger one would leave the steps under three lines. */
    Rect nc = wide ? right : body;
    int npx = t->button_px, ny = nc.y;
    if (a->check.note[0])
        rows_add(a, NULL, nc, npx, &ny, "progress.note", S_PROGRESS_NOTE, a->check.note);
    if (a->check.handler[0])
        rows_add(a, NULL, nc, npx, &ny, "progress.handler", S_PROGRESS_HANDLER, a->check.handler);
    if (wide || y + (ny - nc.y) + 3 * line_h > body.y + body.h - below)
        npx = t->body_px;
    int *at = wide ? &right.y : &y;
    int top = *at;
    if (a->check.note[0])
        rows_add(a, ui, nc, npx, at, "progress.note", S_PROGRESS_NOTE, a->check.note);
    if (a->check.handler[0])
        rows_add(a, ui, nc, npx, at, "progress.handler", S_PROGRESS_HANDLER, a->check.handler);
    if (wide)
        right.h -= right.y - top;
    /* the latest steps that fit, "…" before them when the oldest give way */
    int room = body.y + body.h - y - below;
    int lines;
    char shown[sizeof a->check.steps + 8];
    const char *steps =
        rows_latest(a, a->check.steps, t->body_px, body.w, room / line_h > 1 ? room / line_h : 1,
                    shown, sizeof shown, &lines);
    int h = lines * line_h;
    ui_label(ui, t, "progress.steps", steps, (Rect){body.x, y, body.w, h}, t->body_px);
    y += h + t->gap;
    Rect rate = wide ? right : (Rect){body.x, y, body.w, body.y + body.h - y};
    y = rate.y;
    if (a->check.rated) {
        int th = (int)(app_bold_lines(a, app_str(a, S_RATE_THANKS), t->button_px, rate.w) *
                       t->button_px * t->line_spacing);
        Widget *m = ui_label(ui, t, "progress.thanks", app_str(a, S_RATE_THANKS),
                             (Rect){rate.x, y, rate.w, th}, t->button_px);
        if (m)
            m->bold = true;
    } else if (r->state == WF_RESOLVED) {
        int hh = (int)(app_text_lines(a, app_str(a, S_RATE_HINT), t->body_px, rate.w) * t->body_px *
                       t->line_spacing);
        ui_label(ui, t, "progress.rate_hint", app_str(a, S_RATE_HINT),
                 (Rect){rate.x, y, rate.w, hh}, t->body_px);
        y += hh + t->gap / 2;
        /* a row of three in portrait, one above the other in landscape
         * (above the tap-target floor, under the note and handler) */
        int cols = wide ? 1 : 3;
        Rect row = {rate.x, y, rate.w, rate.y + rate.h - y};
        int row_h = wide ? ui_fit_rows(row.h, 3, t->gap, 96, t->primary_h) : t->primary_h;
        for (int i = 0; i < 3; i++)
            ui_button(ui, t, ratings[i].id, app_str(a, ratings[i].label),
                      ui_grid_cell(row, cols, row_h, t->gap, i));
    }
    if (a->message_set) {
        Widget *m = ui_label(
            ui, t, "progress.message", app_str(a, a->message),
            (Rect){body.x, body.y + body.h - t->body_px * 2, body.w, t->body_px * 2}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
}

static bool progress_tap(App *a, const char *id)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(id, ratings[i].id) == 0) {
            if (!a->check.rated && a->check.progress.state == WF_RESOLVED)
                app_rate(a, ratings[i].rating);
            return true;
        }
    return false;
}

const Screen screen_progress = {
    .id = "progress",
    .nav = NAV_BACK | NAV_HOME,
    .enter = progress_enter,
    .title = progress_title,
    .build = progress_build,
    .tap = progress_tap,
};
