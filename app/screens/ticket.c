/* ticket.c - the ticket screen: the card of the ticket just issued (a
 * request's, a booking's or a walk-in number's; ticket_card.h), how printing
 * went and the buttons to print again and finish. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_ticket.h"
#include "kiosk/text.h"
#include "kiosk/ticket_card.h"
#include "kiosk/volunteer_card.h"

static const char *ticket_title(App *a)
{
    if (a->ticket.issued.kind == TICKET_KIND_VOLUNTEER) /* issue 21 */
        return app_str(a, S_VOL_CARD_NAME);
    if (a->ticket.issued.kind == TICKET_KIND_ACTIVITY)
        return app_str(a, a->activity.signup.position ? S_ACT_STANDBY_TITLE : S_ACT_TICKET_TITLE);
    return app_str(a, a->ticket.issued.kind == TICKET_KIND_WALKIN    ? S_WALKIN_TITLE
                      : a->ticket.issued.kind != TICKET_KIND_REQUEST ? S_BOOKED_TITLE
                                                                     : S_TICKET_TITLE);
}

/* The card of the ticket on screen: a request's or a booking's. */
static void card_of(App *a, UiList *ui, Rect card, const Widget *note)
{
    const Theme *t = &a->theme;
    if (a->ticket.issued.kind == TICKET_KIND_ACTIVITY) {
        char info[WIDGET_TEXT_MAX];
        app_activity_ticket_info(a, info, sizeof info);
        ticket_card_build_booking(ui, t, card, a->lang, &a->ticket.issued, info, &a->ticket.qr,
                                  note);
    } else if (a->ticket.issued.kind == TICKET_KIND_WALKIN) {
        char info[WIDGET_TEXT_MAX], num[16];
        snprintf(num, sizeof num, "%d", a->ticket.ahead);
        strings_fill(info, sizeof info, app_str(a, S_WALKIN_AHEAD), num);
        ticket_card_build_booking(ui, t, card, a->lang, &a->ticket.issued, info, &a->ticket.qr,
                                  note);
    } else if (a->ticket.issued.kind == TICKET_KIND_VOLUNTEER) { /* issue 21: a card */
        volunteer_card_build(ui, t, card, a->lang, a->vol.card_name, &a->ticket.issued,
                             &a->ticket.qr, note);
    } else if (a->ticket.issued.kind != TICKET_KIND_REQUEST) {
        char info[WIDGET_TEXT_MAX];
        ticket_card_booking_info(a->lang, &a->cfg, &a->ticket.receipt_book, &a->booking.service,
                                 info, sizeof info);
        ticket_card_build_booking(ui, t, card, a->lang, &a->ticket.issued, info, &a->ticket.qr,
                                  note);
    } else {
        ticket_card_build(ui, t, card, a->lang, &a->ticket.issued, a->ticket.hours,
                          a->ticket.receipt_req.urgency == URGENCY_URGENT, &a->ticket.qr, note);
    }
}

static void ticket_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    Rect card = body; /* done sits in the bottom bar, below the body */
    if (!a->ticket.has_printer) {
        card_of(a, ui, card, NULL);
    } else {
        /* How printing went, in words, where the hint would be; a failure
         * points the resident at the QR code, which never depends on it. */
        static const StringKey said[] = {
            [PRINT_NONE] = S_PRINTING,       [PRINT_WANTED] = S_PRINTING,
            [PRINT_SENDING] = S_PRINTING,    [PRINT_DONE] = S_PRINTED,
            [PRINT_FAILED] = S_PRINT_FAILED, [PRINT_UNCONFIRMED] = S_PRINT_UNCONFIRMED};
        static Widget status;
        memset(&status, 0, sizeof status);
        text_copy(status.id, sizeof status.id, "ticket.print_status");
        text_copy(status.text, sizeof status.text, app_str(a, said[a->ticket.print_state]));
        status.role = UI_ROLE_LABEL;
        status.font_px = t->body_px;
        status.bg = t->bg;
        bool bad =
            a->ticket.print_state == PRINT_FAILED || a->ticket.print_state == PRINT_UNCONFIRMED;
        status.fg = bad ? t->error_fg : t->fg;
        status.bold = bad;
        card_of(a, ui, card, &status);
        bool busy = a->ticket.print_state == PRINT_WANTED || a->ticket.print_state == PRINT_SENDING;
        Widget *p =
            ui_button(ui, t, "ticket.print", app_str(a, S_PRINT_AGAIN),
                      (Rect){body.x, a->height - t->nav_h, body.w / 2 - t->gap, t->nav_h - t->gap});
        if (p && busy) {
            p->enabled = false;
            p->fg = t->disabled_fg;
            p->bg = t->disabled_bg;
        }
    }
    /* Done sits where the bottom bar is on other screens, right-aligned, so
     * a second tap on confirm (bottom, full width) does not land on it. */
    int w = body.w / 2;
    Widget *d = ui_primary(ui, t, "ticket.done", app_str(a, S_DONE),
                           (Rect){body.x + body.w - w, a->height - t->nav_h, w, t->nav_h - t->gap});
    if (d)
        d->font_px = t->big_px;
}

static bool ticket_tap(App *a, const char *id)
{
    if (strcmp(id, "ticket.done") == 0) {
        app_reset(a, "done");
        return true;
    }
    if (strcmp(id, "ticket.print") == 0) {
        app_request_print(a);
        return true;
    }
    return false;
}

/* A ticket is a finished result: the idle warning never covers its QR. */
static bool ticket_finished(App *a)
{
    (void)a;
    return true;
}

const Screen screen_ticket = {
    .id = "ticket",
    .title = ticket_title,
    .build = ticket_build,
    .tap = ticket_tap,
    .finished = ticket_finished,
};
