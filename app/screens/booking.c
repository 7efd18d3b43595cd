/* booking.c - a booking found by scanning its ticket: what, when, where,
 * its state in words, and (while it can still be) a way to cancel it.
 * screen_cancel asks why, screen_cancel_sure once more in large words; then
 * the place is free for others at once. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"
#include "rows.h"

static const char *booking_title(App *a)
{
    return app_str(a, S_BOOKING_TITLE);
}

static StringKey status_word(BookingState state)
{
    switch (state) {
    case BOOKING_STATE_CHECKED_IN: return S_BST_CHECKED_IN;
    case BOOKING_STATE_COMPLETED: return S_BST_COMPLETED;
    case BOOKING_STATE_CANCELLED: return S_BST_CANCELLED;
    case BOOKING_STATE_NO_SHOW: return S_BST_NO_SHOW;
    default: return S_BST_BOOKED; /* booked, or (after a failed read) none */
    }
}

static bool can_cancel(App *a)
{
    return !a->booking.shown_site[0] && a->booking.shown.state == BOOKING_STATE_BOOKED &&
           app_now_ms(a) / 1000 < a->booking.shown.starts_at;
}

static void booking_enter(App *a)
{
    app_load_shown_service(a);
}

static void booking_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const BookingRecord *b = &a->booking.shown;
    const CfgService *s = &a->booking.service;
    bool en = a->lang == LANG_EN;
    bool wide = a->width > a->height;
    /* Landscape: the number and the state on the left, the details and the
     * cancel button on the right.  Portrait: one column. */
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w / 3 - t->gap;
        right.x = body.x + body.w / 3 + t->gap;
        right.w = body.w - left.w - 2 * t->gap;
    }
    bool cancel = can_cancel(a);
    int y = left.y;
    int num_h = (int)(t->huge_px * 1.2);
    Widget *n = ui_label(ui, t, "booking.number", b->ticket.number,
                         (Rect){left.x, y, left.w, num_h}, t->huge_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += num_h + t->gap;

    int ry = wide ? right.y : y;
    int px = t->button_px;
    char when[96], status[96], text[256];
    app_format_when(a, b->draft.day, b->draft.slot,
                    (int)((b->ends_at - b->starts_at) / 60) + b->draft.slot, when, sizeof when);
    rows_add(a, ui, right, px, &ry, "booking.service", S_REVIEW_SERVICE,
             s->item.code[0] ? config_label(&s->item, app_lang_code(a)) : b->draft.service);
    rows_add(a, ui, right, px, &ry, "booking.when", S_REVIEW_WHEN, when);
    const char *place = en ? s->place_en : s->place_zh;
    bool pickup = s->escort && b->draft.pickup;
    if (pickup)
        place = app_str(a, b->draft.pickup == PICKUP_HOME       ? S_PICKUP_HOME_SHORT
                           : b->draft.pickup == PICKUP_HOSPITAL ? S_PICKUP_HOSPITAL
                                                                : S_PICKUP_STATION);
    strings_fill(text, sizeof text, app_str(a, pickup ? S_TICKET_PICKUP : S_TICKET_PLACE), place);
    if (a->booking.shown_site[0]) { /* another site's: where, and how current */
        char pulled[16] = "";
        time_t pt = (time_t)a->booking.shown_pulled_at;
        struct tm ptm = {0};
        localtime_r(&pt, &ptm);
        snprintf(pulled, sizeof pulled, "%02d:%02d", ptm.tm_hour, ptm.tm_min);
        snprintf(text, sizeof text, "%s%s%s\n%s %s", app_str(a, S_BOOKING_SITE),
                 app_str(a, S_COLON), app_site_name(a, a->booking.shown_site),
                 app_str(a, S_SYNCED_AT), pulled);
    }
    int lines = app_text_lines(a, text, px, right.w);
    int place_h = (int)(lines * px * t->line_spacing);
    ui_label(ui, t, "booking.place", text, (Rect){right.x, ry, right.w, place_h}, px);
    ry += place_h + t->gap;
    if (!wide)
        y = ry;

    /* The state in words, bold; a cancellation just made says the place
     * went to someone else. */
    strings_fill(status, sizeof status, app_str(a, S_BOOKING_STATUS),
                 app_str(a, status_word(b->state)));
    int st_px = wide ? t->button_px : t->big_px;
    int st_h = app_bold_lines(a, status, st_px, left.w) * st_px * 135 / 100 + t->gap;
    Widget *st = ui_label(ui, t, "booking.status", status, (Rect){left.x, y, left.w, st_h}, st_px);
    if (st) {
        st->bold = true;
        st->align = wide ? ALIGN_CENTER : ALIGN_LEFT;
    }
    y += st_h + t->gap;
    StringKey note = a->message_set ? a->message : a->booking.shown_cancelled ? S_CANCEL_DONE : 0;
    if (note) {
        int mh = app_text_lines(a, app_str(a, note), t->body_px, left.w) * t->body_px * 135 / 100;
        Widget *m = ui_label(ui, t, "booking.message", app_str(a, note),
                             (Rect){left.x, y, left.w, mh}, t->body_px);
        if (m && a->message_set)
            m->fg = t->error_fg;
    }
    if (cancel)
        ui_button(ui, t, "booking.cancel", app_str(a, S_BOOKING_CANCEL),
                  (Rect){right.x, body.y + body.h - t->primary_h, right.w, t->primary_h});
}

static bool booking_tap(App *a, const char *id)
{
    if (strcmp(id, "booking.cancel") == 0 && can_cancel(a)) {
        app_push(a, &screen_cancel);
        return true;
    }
    return false;
}

/* A booking just cancelled here is a finished result: the idle warning
 * never covers it. */
static bool booking_finished(App *a)
{
    return a->booking.shown_cancelled;
}

const Screen screen_booking = {
    .id = "booking",
    .nav = NAV_BACK | NAV_HOME,
    .enter = booking_enter,
    .title = booking_title,
    .build = booking_build,
    .tap = booking_tap,
    .finished = booking_finished,
};

/* ---- cancel: why ---- */

static const struct {
    const char *id;
    StringKey label;
} reasons[] = {
    {"cancel.busy", S_CANCEL_BUSY},
    {"cancel.ill", S_CANCEL_ILL},
    {"cancel.time", S_CANCEL_TIME},
    {"cancel.other", S_CANCEL_OTHER},
};

static const char *cancel_title(App *a)
{
    return app_str(a, S_CANCEL_TITLE);
}

static void cancel_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    int h =
        app_text_lines(a, app_str(a, S_CANCEL_HINT), t->body_px, body.w) * t->body_px * 135 / 100;
    ui_label(ui, t, "cancel.hint", app_str(a, S_CANCEL_HINT), (Rect){body.x, y, body.w, h},
             t->body_px);
    y += h + t->gap * 2;
    Rect grid = {body.x, y, body.w, body.y + body.h - y};
    int cols = a->width > a->height ? 2 : 1;
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        ui_button(ui, t, reasons[i].id, app_str(a, reasons[i].label),
                  ui_grid_cell(grid, cols, t->primary_h, t->gap, (int)i));
}

static bool cancel_tap(App *a, const char *id)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (strcmp(id, reasons[i].id) == 0) {
            a->booking.cancel_reason = reasons[i].label;
            app_push(a, &screen_cancel_sure);
            return true;
        }
    return false;
}

const Screen screen_cancel = {
    .id = "cancel",
    .nav = NAV_BACK | NAV_HOME,
    .title = cancel_title,
    .build = cancel_build,
    .tap = cancel_tap,
};

/* ---- cancel, once more: "确定取消 5月3日 周五 10:00 的陪诊就医预约吗？" ---- */

static const char *cancel_sure_title(App *a)
{
    return app_str(a, S_BOOKING_CANCEL);
}

static void cancel_sure_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const BookingRecord *b = &a->booking.shown;
    const CfgService *s = &a->booking.service;
    char when[256], hm[16], part[160], question[WIDGET_TEXT_MAX];
    strings_date(a->lang, b->draft.day, booking_weekday(b->draft.day), when, sizeof when);
    snprintf(hm, sizeof hm, " %02d:%02d", b->draft.slot / 60, b->draft.slot % 60);
    text_append(when, sizeof when, hm);
    strings_fill(part, sizeof part, app_str(a, S_CANCEL_SERVICE),
                 s->item.code[0] ? config_label(&s->item, app_lang_code(a)) : b->draft.service);
    text_append(when, sizeof when, part);
    strings_fill(question, sizeof question, app_str(a, S_CANCEL_SURE), when);
    /* The question large and bold, the two answers side by side (one
     * above the other when they do not fit) at the bottom. */
    bool wide = a->width > a->height;
    int buttons_h = wide ? t->primary_h : 2 * t->primary_h + t->gap;
    int room = body.h - buttons_h - t->gap * 3;
    int px = app_fit_px(a, question, t->big_px, body.w, room);
    int qh = app_bold_lines(a, question, px, body.w) * px * 135 / 100;
    if (qh > room)
        qh = room;
    Widget *q = ui_label(ui, t, "cancel.question", question,
                         (Rect){body.x, body.y + t->gap * 2, body.w, qh}, px);
    if (q) {
        q->bold = true;
        q->align = ALIGN_CENTER;
    }
    Rect row = {body.x, body.y + body.h - buttons_h, body.w, buttons_h};
    int cols = wide ? 2 : 1;
    Widget *no = ui_button(ui, t, "cancel.no", app_str(a, S_CANCEL_NO),
                           ui_grid_cell(row, cols, t->primary_h, t->gap, 0));
    Widget *yes = ui_primary(ui, t, "cancel.yes", app_str(a, S_CANCEL_YES),
                             ui_grid_cell(row, cols, t->primary_h, t->gap, 1));
    if (no)
        no->font_px = t->big_px;
    if (yes)
        yes->font_px = t->big_px;
}

static bool cancel_sure_tap(App *a, const char *id)
{
    if (strcmp(id, "cancel.yes") == 0 && a->booking.cancel_reason) {
        StringKey why = a->booking.cancel_reason;
        a->booking.cancel_reason = 0;
        app_cancel_shown(a, why);
        return true;
    }
    if (strcmp(id, "cancel.no") == 0) {
        a->booking.cancel_reason = 0;
        app_back_to(a, &screen_booking); /* kept: back to the booking */
        return true;
    }
    return false;
}

const Screen screen_cancel_sure = {
    .id = "cancel_sure",
    .nav = NAV_BACK | NAV_HOME,
    .title = cancel_sure_title,
    .build = cancel_sure_build,
    .tap = cancel_sure_tap,
};

/* ---- check: scan your ticket ---- */

static const char *check_title(App *a)
{
    return app_str(a, S_CHECK_TITLE);
}

static void check_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y + t->gap * 2;
    int h = app_bold_lines(a, app_str(a, S_CHECK_HINT), t->big_px, body.w) * t->big_px * 135 / 100;
    Widget *w = ui_label(ui, t, "check.hint", app_str(a, S_CHECK_HINT),
                         (Rect){body.x, y, body.w, h}, t->big_px);
    if (w) {
        w->bold = true;
        w->align = ALIGN_CENTER;
    }
    y += h + t->gap * 3;
    ui_button(ui, t, "check.type", app_str(a, S_CHECK_TYPE),
              (Rect){body.x, body.y + body.h - t->primary_h, body.w, t->primary_h});
    if (a->message_set) {
        char text[WIDGET_TEXT_MAX];
        strings_fill(text, sizeof text, app_str(a, a->message), a->booking.check_number);
        /* Between the hint and the button; a long message (larger text on a
         * landscape screen) steps its size down rather than run under it. */
        int room = body.y + body.h - t->primary_h - t->gap - y;
        int px = app_fit_px(a, text, t->button_px, body.w, room);
        int mh = app_text_lines(a, text, px, body.w) * px * 135 / 100;
        if (mh > room)
            mh = room;
        Widget *m = ui_label(ui, t, "check.message", text, (Rect){body.x, y, body.w, mh}, px);
        if (m && a->message != S_SCAN_WALKIN)
            m->fg = t->error_fg;
    }
}

static bool check_tap(App *a, const char *id)
{
    if (strcmp(id, "check.type") != 0)
        return false;
    a->check.lookup_text[0] = '\0';
    app_push(a, &screen_lookup);
    return true;
}

const Screen screen_check = {
    .id = "check",
    .nav = NAV_BACK | NAV_HOME,
    .title = check_title,
    .build = check_build,
    .tap = check_tap,
};
