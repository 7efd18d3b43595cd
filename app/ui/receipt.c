/* receipt.c - the ticket printed on receipt paper: its layout (drawing it
 * is receipt_print.c's, beside the renderer).
 *
 * Layout in dots, black on white, sized for reading at arm's length: the
 * number in very large type, everything else at 24-30 dots (3-4 mm) on
 * 58 mm paper and half as large again on 80 mm.  The QR code gets whole
 * dots per module and its four-module quiet zone. */
#include "kiosk/receipt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/escpos.h"
#include "kiosk/phone.h"
#include "kiosk/text.h"
#include "kiosk/ticket_card.h"

int receipt_width_dots(int paper_mm)
{
    return paper_mm == 58 ? ESCPOS_WIDTH_58 : paper_mm == 80 ? ESCPOS_WIDTH_80 : 0;
}

static void paper_theme(Theme *t, int width)
{
    theme_default(t, 1080, 1920);
    Color black = {0, 0, 0}, white = {255, 255, 255};
    t->bg = t->header_bg = t->button_bg = t->field_bg = white;
    t->fg = t->header_fg = t->muted_fg = t->button_fg = t->field_fg = black;
    double s = width / (double)ESCPOS_WIDTH_58;
    t->small_px = (int)(24 * s);
    t->body_px = (int)(28 * s);
    t->title_px = (int)(32 * s);
    t->big_px = (int)(44 * s);
    t->huge_px = (int)(120 * s);
    t->margin = (int)(8 * s);
    t->gap = (int)(10 * s);
    t->line_spacing = 1.3f;
}

static void local_time(int64_t secs, char *out, size_t cap)
{
    time_t tt = (time_t)secs;
    struct tm tm;
    localtime_r(&tt, &tm);
    snprintf(out, cap, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

/* Adds one centred line of text and moves *y below it. */
static void line(UiList *ui, const Theme *t, const UiMeasure *m, const char *id, const char *text,
                 int width, int px, bool bold, int *y)
{
    int inner = width - 2 * t->margin;
    int lines = m ? m->lines(m->ctx, text, px, bold, inner) : ui_estimate_lines(text, px, inner);
    int h = (int)(lines * px * t->line_spacing);
    Widget *w = ui_label(ui, t, id, text, (Rect){t->margin, *y, width - 2 * t->margin, h}, px);
    if (w) {
        w->align = ALIGN_CENTER;
        w->bold = bold;
    }
    *y += h;
}

/* A request's promised response time; an urgent one's says so, with what
 * to do in an emergency. */
static void response_lines(UiList *ui, const Theme *t, const UiMeasure *m, int width, Lang lang,
                           const Ticket *tk, int response_hours, bool urgent, int *y)
{
    char buf[512], value[256];
    snprintf(value, sizeof value, "%d", response_hours);
    strings_fill(buf, sizeof buf,
                 str_get(lang, urgent ? S_TICKET_RESPONSE_URGENT : S_TICKET_RESPONSE), value);
    line(ui, t, m, "receipt.response", buf, width, t->body_px, false, y);
    local_time(tk->due_at, value, sizeof value);
    strings_fill(buf, sizeof buf, str_get(lang, S_TICKET_DUE), value);
    line(ui, t, m, "receipt.due", buf, width, t->body_px, false, y);
    if (urgent)
        line(ui, t, m, "receipt.emergency", str_get(lang, S_EMERGENCY), width, t->body_px, true, y);
}

/* A booking's day and time (bold: what the resident must not miss), place
 * or pick-up with the home's address, an escort's hospital and department,
 * what to bring, and what to do (bold).  The service is named above, as
 * receipt.what. */
static void booking_lines(UiList *ui, const Theme *t, const UiMeasure *m, int width, Lang lang,
                          const Config *cfg, const BookingDraft *b, const CfgService *s, int *y)
{
    TicketBookingLines l;
    ticket_card_booking_lines(lang, cfg, b, s, &l);
    line(ui, t, m, "receipt.when", l.when, width, t->body_px, true, y);
    if (l.place[0])
        line(ui, t, m, "receipt.place", l.place, width, t->body_px, false, y);
    if (l.hospital[0])
        line(ui, t, m, "receipt.hospital", l.hospital, width, t->body_px, false, y);
    if (l.bring[0])
        line(ui, t, m, "receipt.bring", l.bring, width, t->body_px, false, y);
    line(ui, t, m, "receipt.todo", l.todo, width, t->body_px, true, y);
}

/* A volunteer's card, or their passbook slip (issue 21), from *y. */
static int volunteer_layout(UiList *ui, Theme *t, const UiMeasure *m, int width,
                            const ReceiptInfo *info, const QrMatrix *qr, int *qr_module, int y)
{
    Lang lang = info->lang;
    const Ticket *tk = info->ticket;
    line(ui, t, m, "receipt.kind", str_get(lang, info->passbook ? S_VOL_PASSBOOK : S_VOL_CARD_NAME),
         width, t->title_px, true, &y);
    if (info->volunteer_name && info->volunteer_name[0])
        line(ui, t, m, "receipt.name", info->volunteer_name, width, t->big_px, true, &y);
    y += t->gap;
    if (info->passbook) {
        line(ui, t, m, "receipt.passbook", info->passbook, width, t->body_px, false, &y);
    } else {
        line(ui, t, m, "receipt.number", tk->number, width, t->big_px, true, &y);
        int modules = qr->size + 8;
        int module = (width * 3 / 4) / modules;
        if (module < 2)
            module = 2;
        int side = modules * module;
        Widget *q = ui_add(ui, "receipt.qr", UI_ROLE_QR, tk->payload,
                           (Rect){(width - side) / 2, y, side, side}, t->small_px, t->fg, t->bg);
        if (q)
            q->qr = qr;
        y += side + t->gap;
        if (qr_module)
            *qr_module = module;
        line(ui, t, m, "receipt.hint", str_get(lang, S_VOL_CARD_HINT), width, t->body_px, false,
             &y);
    }
    y += t->gap * 2;
    return y < RECEIPT_MAX_HEIGHT ? y : RECEIPT_MAX_HEIGHT;
}

int receipt_layout(UiList *ui, Theme *t, int width, const ReceiptInfo *info, const QrMatrix *qr,
                   const UiMeasure *m, int *qr_module)
{
    const Config *cfg = info->cfg;
    const Ticket *tk = info->ticket;
    Lang lang = info->lang;
    char buf[512], value[256];
    paper_theme(t, width);
    ui_clear(ui);
    int y = t->gap;

    line(ui, t, m, "receipt.site", lang == LANG_EN ? cfg->site_en : cfg->site_zh, width,
         t->title_px, true, &y);
    const BookingDraft *bk = info->booking && info->service ? info->booking : NULL;
    bool walkin = tk->kind == TICKET_KIND_WALKIN, test = tk->kind == TICKET_KIND_TEST;
    if (tk->kind == TICKET_KIND_VOLUNTEER) /* issue 21 */
        return volunteer_layout(ui, t, m, width, info, qr, qr_module, y);
    bool act = tk->kind == TICKET_KIND_ACTIVITY && info->activity;
    line(ui, t, m, "receipt.kind",
         str_get(lang, test     ? S_MAINT_TEST_PAGE
                       : act    ? S_ACT_HOME
                       : walkin ? S_WALKIN_TITLE
                       : bk     ? S_RECEIPT_BOOKING
                                : S_RECEIPT_REQUEST),
         width, t->body_px, false, &y);
    line(ui, t, m, "receipt.number", tk->number, width, t->huge_px, true, &y);
    local_time(tk->created_at, value, sizeof value);
    strings_fill(buf, sizeof buf, str_get(lang, bk || act ? S_RECEIPT_BOOKED_AT : S_RECEIPT_ISSUED),
                 value);
    line(ui, t, m, "receipt.issued", buf, width, t->body_px, false, &y);

    if (info->request) {
        const RequestDraft *d = info->request;
        const CfgCategory *cat = config_category(cfg, d->category);
        const CfgItem *issue = cat ? config_issue(cat, d->issue) : NULL;
        text_copy(buf, sizeof buf, cat ? config_label(&cat->item, lang_code(lang)) : d->category);
        text_append(buf, sizeof buf, " · ");
        text_append(buf, sizeof buf,
                    issue ? config_label(issue, lang_code(lang)) : str_get(lang, S_OTHER));
        line(ui, t, m, "receipt.what", buf, width, t->body_px, false, &y);
        if (d->phone[0]) {
            phone_mask(d->phone, value, sizeof value);
            strings_fill(buf, sizeof buf, str_get(lang, S_RECEIPT_PHONE), value);
            line(ui, t, m, "receipt.phone", buf, width, t->body_px, false, &y);
        }
    }
    if (act) /* issue 20: the sign-up's lines as on the screen */
        line(ui, t, m, "receipt.activity", info->activity, width, t->body_px, false, &y);
    if (bk) {
        line(ui, t, m, "receipt.what", config_label(&info->service->item, lang_code(lang)), width,
             t->body_px, false, &y);
        if (bk->phone[0]) {
            phone_mask(bk->phone, value, sizeof value);
            strings_fill(buf, sizeof buf, str_get(lang, S_RECEIPT_PHONE), value);
            line(ui, t, m, "receipt.phone", buf, width, t->body_px, false, &y);
        }
    }
    y += t->gap;

    /* The largest whole number of dots per module that keeps the code, with
     * its quiet zone, within three quarters of the paper. */
    int modules = qr->size + 8;
    int module = (width * 3 / 4) / modules;
    if (module < 2)
        module = 2;
    int side = modules * module;
    Widget *q = ui_add(ui, "receipt.qr", UI_ROLE_QR, tk->payload,
                       (Rect){(width - side) / 2, y, side, side}, t->small_px, t->fg, t->bg);
    if (q)
        q->qr = qr;
    y += side;
    if (qr_module)
        *qr_module = module;

    line(ui, t, m, "receipt.lookup_label", str_get(lang, S_TICKET_LOOKUP), width, t->body_px, false,
         &y);
    snprintf(value, sizeof value, "%.4s %.4s", tk->lookup, tk->lookup + 4);
    line(ui, t, m, "receipt.lookup", value, width, t->big_px, true, &y);
    y += t->gap;
    if (test) {
        line(ui, t, m, "receipt.test", str_get(lang, S_MAINT_TEST_TEXT), width, t->body_px, true,
             &y);
    } else if (walkin) {
        snprintf(value, sizeof value, "%d", info->walkin_ahead);
        strings_fill(buf, sizeof buf, str_get(lang, S_WALKIN_AHEAD), value);
        line(ui, t, m, "receipt.ahead", buf, width, t->body_px, true, &y);
    } else if (bk) {
        booking_lines(ui, t, m, width, lang, cfg, bk, info->service, &y);
    } else if (act) {
        /* issue 20: the sign-up's lines are above; no reply is promised */
    } else {
        response_lines(ui, t, m, width, lang, tk, info->response_hours,
                       info->request && info->request->urgency == URGENCY_URGENT, &y);
    }
    strings_fill(buf, sizeof buf, str_get(lang, S_HOME_PHONE), cfg->site_phone);
    line(ui, t, m, "receipt.station_phone", buf, width, t->body_px, false, &y);
    y += t->gap * 2;
    return y < RECEIPT_MAX_HEIGHT ? y : RECEIPT_MAX_HEIGHT;
}
