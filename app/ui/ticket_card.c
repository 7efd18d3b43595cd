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

/* The promised response time of a request and when it is due, two lines
 * (or more where they wrap). */
static void response_text(Lang lang, const Ticket *tk, int response_hours, bool urgent, char *resp,
                          size_t cap)
{
    char hours[16], due[96], when[64];
    snprintf(hours, sizeof hours, "%d", response_hours);
    strings_fill(resp, cap, str_get(lang, urgent ? S_TICKET_RESPONSE_URGENT : S_TICKET_RESPONSE),
                 hours);
    time_t due_t = (time_t)tk->due_at;
    struct tm tm;
    localtime_r(&due_t, &tm);
    snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
    strings_fill(due, sizeof due, str_get(lang, S_TICKET_DUE), when);
    text_append(resp, cap, "\n");
    text_append(resp, cap, due);
}

/* The promised response time of a request, centred under the lookup
 * code, and for an urgent one what to do in an emergency; returns the y
 * below it. */
static int response_block(UiList *ui, const Theme *t, Rect lk, int ty, Lang lang, const Ticket *tk,
                          int response_hours, bool urgent)
{
    char resp[256];
    response_text(lang, tk, response_hours, urgent, resp, sizeof resp);
    int resp_lines = ui_estimate_lines(resp, t->body_px, lk.w);
    Rect rr = {lk.x, ty, lk.w, (int)(t->body_px * t->line_spacing * resp_lines) + t->gap};
    Widget *r = ui_label(ui, t, "ticket.response", resp, rr, t->body_px);
    if (r)
        r->align = ALIGN_CENTER;
    ty += rr.h + t->gap;
    if (urgent) {
        const char *sos = str_get(lang, S_EMERGENCY);
        int lines = ui_estimate_lines(sos, t->body_px, lk.w);
        Rect er = {lk.x, ty, lk.w, (int)(t->body_px * t->line_spacing * lines)};
        Widget *e = ui_label(ui, t, "ticket.emergency", sos, er, t->body_px);
        if (e) {
            e->bold = true;
            e->fg = t->error_fg;
            e->align = ALIGN_CENTER;
        }
        ty += er.h + t->gap;
    }
    return ty;
}

#define INFO_MIN_PX 36 /* the kiosk's smallest text */

/* The size of a booking's details: body text, or smaller (never under
 * INFO_MIN_PX) until their lines fit height in width, so a long escort's
 * details leave the QR code and the number their room. */
static int info_size_from(const Theme *t, int px, int min_px, const char *info, int width,
                          int height)
{
    while (px - 2 >= min_px &&
           (int)(px * t->line_spacing * ui_estimate_lines(info, px, width)) + t->gap > height)
        px -= 2;
    return px;
}

static int info_size(const Theme *t, const char *info, int width, int height)
{
    return info_size_from(t, t->body_px, INFO_MIN_PX, info, width, height);
}

/* The same in the middle of three columns (as much room without larger
 * text as with it): with larger text, a step above the size it has
 * without, which the estimate (wider than the real text) leaves room for. */
static int info_size_mid(const Theme *t, const char *info, int width, int height)
{
    if (t->scale <= 1.0)
        return info_size(t, info, width, height);
    int plain =
        info_size_from(t, (int)(t->body_px / t->scale + 0.5), INFO_MIN_PX, info, width, height);
    return info_size_from(t, t->body_px, plain + 2, info, width, height);
}

/* The card; info (a booking's when, where and what to bring, or a walk-in
 * number's place in the queue) replaces the promised response time when it
 * is not NULL; hint is the text of the last line. */
static void card_build_hint(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                            int response_hours, bool urgent, const char *info, const QrMatrix *qr,
                            const Widget *note, StringKey hint)
{
    bool wide = area.w > area.h;
    /* Larger text, or a booking's long details, on a landscape screen:
     * three columns (number and lookup code, the details, the QR code and
     * the note), since two no longer hold them in its short height. */
    bool three =
        wide && (t->scale > 1.0 || (info && ui_estimate_lines(info, t->body_px, area.w / 2) > 4));
    Rect left = area, right = area, mid = area;
    if (three) {
        int cw = (area.w - 4 * t->gap) / 3;
        left.w = mid.w = right.w = cw;
        if (info && ui_estimate_lines(info, t->body_px, cw) > 6) {
            /* a booking's many lines take room from either side */
            left.w = right.w = cw * 5 / 6;
            mid.w = area.w - 4 * t->gap - 2 * left.w;
        }
        mid.x = area.x + left.w + 2 * t->gap;
        right.x = mid.x + mid.w + 2 * t->gap;
    } else if (wide) {
        left.w = area.w / 2 - t->gap;
        right.x = area.x + area.w / 2 + t->gap;
        right.w = area.w / 2 - t->gap;
    }
    /* The note takes three lines of body text, or what its own text needs
     * (a printer's failure in English on a landscape screen needs more). */
    const char *note_text = note ? note->text : str_get(lang, hint);
    int note_px = note ? note->font_px : t->body_px;
    /* The note goes under the QR code on a landscape screen (in three
     * columns, a request's response time and emergency numbers fill the
     * middle one). */
    bool note_right = wide;
    int note_lines = ui_estimate_lines(note_text, note_px, note_right ? right.w : left.w);
    int note_h = t->body_px * 3;
    if ((int)(note_px * t->line_spacing * note_lines) > note_h)
        note_h = (int)(note_px * t->line_spacing * note_lines);
    /* A request's details: the response time and due time, and for an
     * urgent one the emergency numbers. */
    const char *sos = str_get(lang, S_EMERGENCY);
    /* What the number and (on a portrait screen) the QR code share: the
     * column's height less the labels, the lookup code and the details. */
    int fixed = t->body_px * 2 + t->gap + t->body_px * 2 + t->big_px * 2;
    int qr_min = left.w * 2 / 5;
    /* A booking's details get what the rest leaves them at its smallest
     * (the number at 120 px, the QR code at qr_min). */
    int info_px = t->body_px;
    if (info && !three)
        info_px = info_size(t, info, left.w,
                            area.h - fixed - (!wide ? note_h + 2 * t->gap + qr_min : 0) -
                                (int)(120 * 1.3) - t->gap);
    char resp[256];
    response_text(lang, tk, response_hours, urgent, resp, sizeof resp);
    int text_w = three ? mid.w : left.w;
    int info_lines = info ? ui_estimate_lines(info, info_px, left.w)
                          : ui_estimate_lines(resp, t->body_px, text_w) +
                                (urgent ? ui_estimate_lines(sos, t->body_px, text_w) : 0);
    int info_h = (int)(info_px * t->line_spacing * info_lines) + t->gap;
    if (!three)
        fixed += info_h + t->gap;
    if (!wide)
        fixed += note_h + 2 * t->gap;
    int avail = area.h - fixed;
    int num_px = t->huge_px;
    int num_room = wide ? avail : avail - qr_min;
    /* never smaller than without larger text (the QR code gives way) */
    int num_floor =
        (int)(t->huge_px / t->scale + 0.5) < 120 ? 120 : (int)(t->huge_px / t->scale + 0.5);
    if ((int)(num_px * 1.3) > num_room)
        num_px = (int)(num_room / 1.3) < num_floor ? num_floor : (int)(num_room / 1.3);
    /* A portrait screen whose details leave the QR code under qr_min below
     * the number (a long escort's in larger text): the number and the QR
     * code side by side, each in half the width. */
    /* and no wider than its column */
    int num_chars = (int)strlen(tk->number) > 0 ? (int)strlen(tk->number) : 1;
    int num_w = (int)(left.w / (0.6 * num_chars));
    if (num_px > num_w)
        num_px = num_w < num_floor ? num_floor : num_w;
    bool side = !wide && avail - (int)(num_px * 1.3) < qr_min;
    int half = (left.w - t->gap) / 2;
    if (side) {
        num_px = (int)((half - t->body_px * 2) / 1.3);
        if (num_px > t->huge_px)
            num_px = t->huge_px;
        if (num_px < num_floor)
            num_px = num_floor;
    }
    /* the QR code beside the number no larger than the number's block (nor
     * under qr_min), so the details under the pair keep their room */
    int side_qr = t->body_px * 2 + (int)(num_px * 1.3);
    if (side_qr < qr_min)
        side_qr = qr_min;
    if (side_qr > half)
        side_qr = half;
    int col_w = side ? left.w - side_qr - t->gap : left.w;
    int y = left.y;
    Widget *nl = ui_label(ui, t, "ticket.number_label", str_get(lang, S_TICKET_NUMBER),
                          (Rect){left.x, y, col_w, t->body_px * 2}, t->body_px);
    if (nl)
        nl->align = ALIGN_CENTER;
    y += t->body_px * 2;
    int num_h = (int)(num_px * 1.3);
    Widget *n =
        ui_label(ui, t, "ticket.number", tk->number, (Rect){left.x, y, col_w, num_h}, num_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    y += num_h + t->gap;

    /* Landscape: the QR code on the right with the note under it. */
    int qr_side = wide ? (right.h - note_h < right.w ? right.h - note_h : right.w) : left.w * 3 / 5;
    if (!wide && !side && qr_side > avail - num_h)
        qr_side = avail - num_h;
    if (side)
        qr_side = side_qr;
    Rect qr_rect = {wide   ? right.x + (right.w - qr_side) / 2
                    : side ? left.x + left.w - qr_side
                           : left.x + (left.w - qr_side) / 2,
                    wide   ? right.y
                    : side ? left.y
                           : y,
                    qr_side, qr_side};
    if (side && y < left.y + qr_side + t->gap)
        y = left.y + qr_side + t->gap;
    if (side && info) /* the details get what is left under the pair */
        info_px =
            info_size(t, info, left.w,
                      area.h - (y - left.y) - t->body_px * 2 - t->big_px * 2 - note_h - 3 * t->gap);
    Widget *q = ui_add(ui, "ticket.qr", UI_ROLE_QR, tk->payload, qr_rect, t->small_px,
                       (Color){0, 0, 0}, (Color){255, 255, 255}); /* black on white, always */
    if (q) {
        q->qr = qr;
        q->enabled = false;
    }
    /* The text goes under the QR code, or beside it on a landscape screen. */
    int ty = wide || side ? y : y + qr_side + t->gap;

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

    if (three) { /* the details (and a request's note) in the middle column */
        lk = (Rect){mid.x, mid.y, mid.w, lk.h};
        ty = mid.y;
        if (info)
            info_px = info_size_mid(t, info, mid.w, mid.h);
    }
    if (info) {
        int lines = ui_estimate_lines(info, info_px, lk.w);
        Rect ir = {lk.x, ty, lk.w, (int)(info_px * t->line_spacing * lines) + t->gap};
        if (three) /* the whole middle column: the estimate may run short */
            ir.h = mid.h;
        Widget *iw = ui_label(ui, t, "ticket.booking", info, ir, info_px);
        if (iw)
            iw->align = ALIGN_LEFT;
        ty += ir.h + t->gap;
    } else {
        ty = response_block(ui, t, lk, ty, lang, tk, response_hours, urgent);
    }
    /* The note: how to keep the ticket, or (with a printer) how printing
     * went; the caller's widget, placed here. */
    Rect nr = note_right ? (Rect){right.x, qr_rect.y + qr_side + t->gap, right.w, note_h}
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
                       int response_hours, bool urgent, const char *info, const QrMatrix *qr,
                       const Widget *note)
{
    card_build_hint(ui, t, area, lang, tk, response_hours, urgent, info, qr, note,
                    !info                            ? S_TICKET_HINT
                    : tk->kind == TICKET_KIND_WALKIN ? S_WALKIN_HINT
                                                     : S_TICKET_BOOK_HINT);
}

void ticket_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                       int response_hours, bool urgent, const QrMatrix *qr, const Widget *note)
{
    card_build(ui, t, area, lang, tk, response_hours, urgent, NULL, qr, note);
}

void ticket_card_build_booking(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                               const char *info, const QrMatrix *qr, const Widget *note)
{
    card_build(ui, t, area, lang, tk, 0, false, info, qr, note);
}

/* The home's address for a pick-up ("3栋 2单元 1203室"), the building in
 * lang; "" when none was given. */
static void home_address(Lang lang, const Config *cfg, const BookingDraft *b, char *out, size_t cap)
{
    char part[64];
    out[0] = '\0';
    if (!b->building[0])
        return;
    const char *building = b->building;
    for (int i = 0; cfg && i < cfg->building_count; i++)
        if (strcmp(cfg->buildings[i].zh, b->building) == 0)
            building = config_label(&cfg->buildings[i], lang_code(lang));
    text_copy(out, cap, building);
    if (b->unit[0]) {
        strings_fill(part, sizeof part, str_get(lang, S_UNIT_FMT), b->unit);
        text_append(out, cap, " ");
        text_append(out, cap, part);
    }
    if (b->room[0]) {
        strings_fill(part, sizeof part, str_get(lang, S_ROOM_FMT), b->room);
        text_append(out, cap, " ");
        text_append(out, cap, part);
    }
}

/* An escort's hospital and department ("市人民医院 心内科"). */
static void hospital_of(Lang lang, const Config *cfg, const BookingDraft *b, char *out, size_t cap)
{
    out[0] = '\0';
    if (!b->hospital[0])
        return;
    const CfgItem *h = cfg ? config_pick(cfg->hospitals, cfg->hospital_count, b->hospital) : NULL;
    text_copy(out, cap,
              h                                   ? config_label(h, lang_code(lang))
              : strcmp(b->hospital, "other") == 0 ? str_get(lang, S_HOSPITAL_OTHER)
                                                  : b->hospital);
    if (b->department[0]) {
        const CfgItem *d =
            cfg ? config_pick(cfg->departments, cfg->department_count, b->department) : NULL;
        text_append(out, cap, " ");
        text_append(out, cap, d ? config_label(d, lang_code(lang)) : b->department);
    }
}

void ticket_card_booking_lines(Lang lang, const Config *cfg, const BookingDraft *b,
                               const CfgService *s, TicketBookingLines *out)
{
    const size_t cap = TICKET_CARD_LINE_MAX;
    const CfgSlot *sl = booking_find_slot(s, b->slot);
    char date[64], value[TICKET_CARD_LINE_MAX], addr[REQ_ADDR_MAX * 3 + 32];
    bool en = lang == LANG_EN;
    memset(out, 0, sizeof *out);
    if (s->item.code[0])
        strings_fill(out->service, cap, str_get(lang, S_TICKET_SERVICE),
                     config_label(&s->item, lang_code(lang)));
    strings_date(lang, b->day, booking_weekday(b->day), date, sizeof date);
    snprintf(value, sizeof value, "%s %02d:%02d-%02d:%02d", date, b->slot / 60, b->slot % 60,
             sl ? sl->end / 60 : 0, sl ? sl->end % 60 : 0);
    strings_fill(out->when, cap, str_get(lang, S_TICKET_WHEN), value);
    /* An escort says where it picks the resident up (at home, with the
     * address), not where it goes; and the hospital and department. */
    const char *where = en ? s->place_en : s->place_zh;
    bool pickup = s->escort && b->pickup;
    if (pickup && b->pickup == PICKUP_HOME) {
        home_address(lang, cfg, b, addr, sizeof addr);
        if (addr[0]) {
            strings_fill(value, sizeof value, str_get(lang, S_PICKUP_HOME_AT), addr);
            where = value;
        } else {
            where = str_get(lang, S_PICKUP_HOME_SHORT);
        }
    } else if (pickup) {
        where = str_get(lang, b->pickup == PICKUP_HOSPITAL ? S_PICKUP_HOSPITAL : S_PICKUP_STATION);
    }
    if (where[0])
        strings_fill(out->place, cap, str_get(lang, pickup ? S_TICKET_PICKUP : S_TICKET_PLACE),
                     where);
    if (s->escort) {
        hospital_of(lang, cfg, b, value, sizeof value);
        if (value[0])
            strings_fill(out->hospital, cap, str_get(lang, S_TICKET_HOSPITAL), value);
    }
    const char *what = en ? s->bring_en : s->bring_zh;
    if (what[0])
        strings_fill(out->bring, cap, str_get(lang, S_TICKET_BRING), what);
    /* What to do, as the pick-up has it: nobody comes to the station to
     * show a ticket when a social worker comes to the door. */
    StringKey todo = !pickup                        ? S_TICKET_DO_SHOW
                     : b->pickup == PICKUP_HOME     ? S_TICKET_DO_HOME
                     : b->pickup == PICKUP_HOSPITAL ? S_TICKET_DO_HOSPITAL
                                                    : S_TICKET_DO_STATION;
    text_copy(out->todo, cap, str_get(lang, todo));
}

void ticket_card_booking_info(Lang lang, const Config *cfg, const BookingDraft *b,
                              const CfgService *s, char *out, size_t cap)
{
    TicketBookingLines l;
    ticket_card_booking_lines(lang, cfg, b, s, &l);
    const char *lines[] = {l.service, l.when, l.place, l.hospital, l.bring, l.todo};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!lines[i][0])
            continue;
        if (out[0])
            text_append(out, cap, "\n");
        text_append(out, cap, lines[i]);
    }
}
