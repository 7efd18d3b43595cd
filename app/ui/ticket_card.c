/* ticket_card.c - the ticket as a card on screen (number, QR code, lookup
 * code, and the promised response time or a booking's when and where),
 * laid out as widgets: drawn by the ticket screen and by `kiosk admin
 * ticket png`.  The wording of a booking's lines is shared with the
 * printed receipt (ui/receipt.c), so screen and paper cannot drift apart. */
#include "kiosk/ticket_card.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/text.h"

/* The promised response time of a request, centred under the lookup
 * code; returns the y below it. */
static int response_block(UiList *ui, const Theme *t, Rect lk, int ty, Lang lang, const Ticket *tk,
                          int response_hours)
{
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
    return ty;
}

/* The card; info (a booking's when, where and what to bring, or a walk-in
 * number's place in the queue) replaces the promised response time when it
 * is not NULL; hint is the text of the last line. */
static void card_build_hint(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                            int response_hours, const char *info, const QrMatrix *qr,
                            const Widget *note, StringKey hint)
{
    bool wide = area.w > area.h;
    /* Larger text on a landscape screen: three columns (number and lookup
     * code, the details and the note, the QR code), since two no longer
     * hold them in its short height. */
    bool three = wide && t->scale > 1.0;
    Rect left = area, right = area, mid = area;
    if (three) {
        int cw = (area.w - 4 * t->gap) / 3;
        left.w = mid.w = right.w = cw;
        mid.x = area.x + cw + 2 * t->gap;
        right.x = area.x + 2 * (cw + 2 * t->gap);
    } else if (wide) {
        left.w = area.w / 2 - t->gap;
        right.x = area.x + area.w / 2 + t->gap;
        right.w = area.w / 2 - t->gap;
    }
    /* The note takes three lines of body text, or what its own text needs
     * (a printer's failure in English on a landscape screen needs more). */
    const char *note_text = note ? note->text : str_get(lang, hint);
    int note_px = note ? note->font_px : t->body_px;
    int note_lines = ui_estimate_lines(note_text, note_px, wide && !three ? right.w : left.w);
    int note_h = t->body_px * 3;
    if ((int)(note_px * t->line_spacing * note_lines) > note_h)
        note_h = (int)(note_px * t->line_spacing * note_lines);
    int info_lines = info ? ui_estimate_lines(info, t->body_px, left.w) : 2;
    int info_h = (int)(t->body_px * t->line_spacing * info_lines) + t->gap;
    /* What the number and (on a portrait screen) the QR code share: the
     * column's height less the labels, the lookup code and the details. */
    int fixed = t->body_px * 2 + t->gap + t->body_px * 2 + t->big_px * 2;
    if (!three)
        fixed += info_h + t->gap;
    if (!wide)
        fixed += note_h + 2 * t->gap;
    int avail = area.h - fixed;
    int num_px = t->huge_px;
    int qr_min = left.w * 2 / 5;
    int num_room = wide ? avail : avail - qr_min;
    /* never smaller than without larger text (the QR code gives way) */
    int num_floor =
        (int)(t->huge_px / t->scale + 0.5) < 120 ? 120 : (int)(t->huge_px / t->scale + 0.5);
    if ((int)(num_px * 1.3) > num_room)
        num_px = (int)(num_room / 1.3) < num_floor ? num_floor : (int)(num_room / 1.3);
    int y = left.y;
    Widget *nl = ui_label(ui, t, "ticket.number_label", str_get(lang, S_TICKET_NUMBER),
                          (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    if (nl)
        nl->align = ALIGN_CENTER;
    y += t->body_px * 2;
    int num_h = (int)(num_px * 1.3);
    Widget *n =
        ui_label(ui, t, "ticket.number", tk->number, (Rect){left.x, y, left.w, num_h}, num_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += num_h + t->gap;

    /* Landscape: the QR code on the right with the note under it (or, in
     * three columns, alone there). */
    int qr_side = wide ? (right.h - note_h < right.w ? right.h - note_h : right.w) : left.w * 3 / 5;
    if (three)
        qr_side = right.h < right.w ? right.h : right.w;
    if (!wide && qr_side > avail - num_h)
        qr_side = avail - num_h;
    Rect qr_rect = {wide ? right.x + (right.w - qr_side) / 2 : left.x + (left.w - qr_side) / 2,
                    wide ? right.y : y, qr_side, qr_side};
    Widget *q = ui_add(ui, "ticket.qr", UI_ROLE_QR, tk->payload, qr_rect, t->small_px,
                       (Color){0, 0, 0}, (Color){255, 255, 255}); /* black on white, always */
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

    if (three) { /* the details and the note in the middle column */
        lk = (Rect){mid.x, mid.y, mid.w, lk.h};
        ty = mid.y;
        info_lines = info ? ui_estimate_lines(info, t->body_px, mid.w) : 2;
        note_h = mid.h - (int)(t->body_px * t->line_spacing * info_lines) - 3 * t->gap;
        if (note_h < mid.h * 2 / 5) /* the estimate runs long: the note keeps room */
            note_h = mid.h * 2 / 5;
    }
    if (info) {
        int lines = ui_estimate_lines(info, t->body_px, lk.w);
        Rect ir = {lk.x, ty, lk.w, (int)(t->body_px * t->line_spacing * lines) + t->gap};
        if (three && ir.h > mid.h - note_h - 2 * t->gap)
            ir.h = mid.h - note_h - 2 * t->gap;
        Widget *iw = ui_label(ui, t, "ticket.booking", info, ir, t->body_px);
        if (iw)
            iw->align = ALIGN_LEFT;
        ty += ir.h + t->gap;
    } else {
        ty = response_block(ui, t, lk, ty, lang, tk, response_hours);
    }
    /* The note: how to keep the ticket, or (with a printer) how printing
     * went; the caller's widget, placed here. */
    Rect nr = wide && !three ? (Rect){right.x, qr_rect.y + qr_side + t->gap, right.w, note_h}
                             : (Rect){lk.x, ty, lk.w, note_h};
    Widget *h = NULL;
    if (note) {
        h = ui_add(ui, note->id, note->role, note->text, nr, note->font_px, note->fg, note->bg);
        if (h)
            h->bold = note->bold;
    } else {
        h = ui_label(ui, t, "ticket.hint", str_get(lang, hint), nr, t->body_px);
        if (h)
            h->fg = t->muted_fg;
    }
    if (h)
        h->align = ALIGN_CENTER;
}

static void card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                       int response_hours, const char *info, const QrMatrix *qr, const Widget *note)
{
    card_build_hint(ui, t, area, lang, tk, response_hours, info, qr, note,
                    !info                            ? S_TICKET_HINT
                    : tk->kind == TICKET_KIND_WALKIN ? S_WALKIN_HINT
                                                     : S_TICKET_BOOK_HINT);
}

void ticket_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                       int response_hours, const QrMatrix *qr, const Widget *note)
{
    card_build(ui, t, area, lang, tk, response_hours, NULL, qr, note);
}

void ticket_card_build_booking(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                               const char *info, const QrMatrix *qr, const Widget *note)
{
    card_build(ui, t, area, lang, tk, 0, info, qr, note);
}

void ticket_card_booking_lines(Lang lang, const BookingDraft *b, const CfgService *s,
                               char when[TICKET_CARD_LINE_MAX], char place[TICKET_CARD_LINE_MAX],
                               char bring[TICKET_CARD_LINE_MAX])
{
    const size_t cap = TICKET_CARD_LINE_MAX;
    const CfgSlot *sl = booking_find_slot(s, b->slot);
    char date[64], value[96];
    bool en = lang == LANG_EN;
    strings_date(lang, b->day, booking_weekday(b->day), date, sizeof date);
    snprintf(value, sizeof value, "%s %02d:%02d-%02d:%02d", date, b->slot / 60, b->slot % 60,
             sl ? sl->end / 60 : 0, sl ? sl->end % 60 : 0);
    strings_fill(when, cap, str_get(lang, S_TICKET_WHEN), value);
    /* An escort says where it picks the resident up, not where it goes. */
    const char *where = en ? s->place_en : s->place_zh;
    bool pickup = s->escort && b->pickup;
    if (pickup)
        where = str_get(lang, b->pickup == PICKUP_HOME       ? S_PICKUP_HOME_SHORT
                              : b->pickup == PICKUP_HOSPITAL ? S_PICKUP_HOSPITAL
                                                             : S_PICKUP_STATION);
    place[0] = '\0';
    if (where[0])
        strings_fill(place, cap, str_get(lang, pickup ? S_TICKET_PICKUP : S_TICKET_PLACE), where);
    const char *what = en ? s->bring_en : s->bring_zh;
    bring[0] = '\0';
    if (what[0])
        strings_fill(bring, cap, str_get(lang, S_TICKET_BRING), what);
}

void ticket_card_booking_info(Lang lang, const BookingDraft *b, const CfgService *s, char *out,
                              size_t cap)
{
    char when[TICKET_CARD_LINE_MAX], place[TICKET_CARD_LINE_MAX], bring[TICKET_CARD_LINE_MAX];
    ticket_card_booking_lines(lang, b, s, when, place, bring);
    text_copy(out, cap, when);
    if (place[0]) {
        text_append(out, cap, "\n");
        text_append(out, cap, place);
    }
    if (bring[0]) {
        text_append(out, cap, "\n");
        text_append(out, cap, bring);
    }
}
