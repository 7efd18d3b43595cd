/* ticket.c - the ticket screen: number, QR code, lookup code and the promised
 * response time.  The card layout is shared with `kiosk admin ticket png`. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/text.h"

static const char *ticket_title(App *a)
{
    return app_str(a, S_TICKET_TITLE);
}

void ticket_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                       int response_hours, const QrMatrix *qr)
{
    bool wide = area.w > area.h;
    Rect left = area, right = area;
    if (wide) {
        left.w = area.w / 2 - t->gap;
        right.x = area.x + area.w / 2 + t->gap;
        right.w = area.w / 2 - t->gap;
    }
    int y = left.y;
    Widget *nl = ui_label(ui, t, "ticket.number_label", str_get(lang, S_TICKET_NUMBER),
                          (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    if (nl)
        nl->align = ALIGN_CENTER;
    y += t->body_px * 2;
    int num_h = (int)(t->huge_px * 1.3);
    Widget *n =
        ui_label(ui, t, "ticket.number", tk->number, (Rect){left.x, y, left.w, num_h}, t->huge_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += num_h + t->gap;

    int qr_side = wide ? (right.h < right.w ? right.h : right.w) : left.w * 3 / 5;
    Rect qr_rect = {wide ? right.x + (right.w - qr_side) / 2 : left.x + (left.w - qr_side) / 2,
                    wide ? right.y : y, qr_side, qr_side};
    Widget *q = ui_add(ui, "ticket.qr", ROLE_QR, tk->payload, qr_rect, t->small_px, t->fg,
                       (Color){255, 255, 255});
    if (q) {
        q->qr = qr;
        q->enabled = false;
    }
    /* The text goes under the QR code, or beside it on a landscape screen. */
    int ty = wide ? y : y + qr_side + t->gap;

    /* The lookup code on a line of its own, grouped in fours for reading
     * aloud and typing; its label above it in body text. */
    char grouped[TICKET_LOOKUP_LEN + 8];
    snprintf(grouped, sizeof grouped, "%.4s %.4s", tk->lookup, tk->lookup + 4);
    Rect lk = {left.x, ty, left.w, t->body_px * 2};
    Widget *ll =
        ui_label(ui, t, "ticket.lookup_label", str_get(lang, S_TICKET_LOOKUP), lk, t->body_px);
    if (ll)
        ll->align = ALIGN_CENTER;
    ty += lk.h;
    Widget *l = ui_label(ui, t, "ticket.lookup", grouped, (Rect){left.x, ty, left.w, t->big_px * 2},
                         t->big_px);
    if (l) {
        l->bold = true;
        l->align = ALIGN_CENTER;
    }
    ty += t->big_px * 2;

    char hours[16], resp[256], due[96], when[64];
    snprintf(hours, sizeof hours, "%d", response_hours);
    strings_fill(resp, sizeof resp, str_get(lang, S_TICKET_RESPONSE), hours);
    time_t due_t = (time_t)tk->due_at;
    struct tm tm;
    localtime_r(&due_t, &tm);
    snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
    strings_fill(due, sizeof due, str_get(lang, S_TICKET_DUE), when);
    text_append(resp, sizeof resp, "\n");
    text_append(resp, sizeof resp, due);
    Rect rr = {lk.x, ty, lk.w, (int)(t->body_px * t->line_spacing * 2) + t->gap};
    Widget *r = ui_label(ui, t, "ticket.response", resp, rr, t->body_px);
    if (r)
        r->align = ALIGN_CENTER;
    ty += rr.h + t->gap;
    Widget *h = ui_label(ui, t, "ticket.hint", str_get(lang, S_TICKET_HINT),
                         (Rect){lk.x, ty, lk.w, t->body_px * 3}, t->body_px);
    if (h) {
        h->align = ALIGN_CENTER;
        h->fg = t->muted_fg;
    }
}

static void ticket_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    Rect card = body; /* done sits in the bottom bar, below the body */
    ticket_card_build(ui, t, card, a->lang, &a->ticket, a->ticket_hours, &a->qr);
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
    return false;
}

const Screen screen_ticket = {
    .id = "ticket",
    .title = ticket_title,
    .build = ticket_build,
    .tap = ticket_tap,
};
