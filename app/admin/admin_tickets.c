/* admin_tickets.c - `ticket verify|png|print`: a ticket payload checked, the ticket
 * card or receipt as an image, the receipt sent to a printer. */
#include "admin_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/outfile.h"
#include "kiosk/platform.h"
#include "kiosk/printer.h"
#include "kiosk/png.h"
#include "kiosk/receipt_print.h"
#include "kiosk/render.h"

int cmd_ticket_verify(Admin *ad, int argc, const char **argv)
{
    if (argc != 1)
        return admin_usage_error("ticket verify needs one payload", NULL);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = admin_load_key(ad, key);
    if (rc)
        return rc;
    /* The key is this installation's own, and the ticket must be in this
     * database with this very payload, so no site code is needed here.  A
     * ticket signed here but not on record is told apart: after a restore
     * it names a row id that is another ticket's now. */
    Ticket tk;
    TicketCheck why = TICKET_FORGED;
    int64_t gen = 0, current = 0;
    const char *own = ad->cfg.site_code[0] ? ad->cfg.site_code : NULL;
    KResult k = store_check_ticket(ad->store, key, argv[0], own, &tk, &why, &gen);
    /* Another site's KT3 ticket, checked with the district's kept keys. */
    bool other = k == K_ERR_NOT_FOUND && why == TICKET_OTHER_SITE;
    if (k != K_OK && k != K_ERR_FORGED && k != K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    bool found = k == K_OK;
    if (other) {
        if (ad->json)
            printf("{\"valid\":true,\"site\":\"%s\",\"kind\":\"%c\",\"id\":%lld,"
                   "\"other_site\":true}\n",
                   tk.site, tk.kind, (long long)tk.id);
        else
            printf("valid: a ticket of site %s (kind %c, id %lld there), checked with its key\n",
                   tk.site, tk.kind, (long long)tk.id);
        return K_EXIT_OK;
    }
    if (!found && store_generation(ad->store, &current) != K_OK)
        current = -1;
    if (ad->json) {
        printf("{\"valid\":%s", found ? "true" : "false");
        if (found) {
            printf(",\"site\":\"%s\",\"kind\":\"%c\",\"id\":%lld", tk.site, tk.kind,
                   (long long)tk.id);
            admin_json_str("number", tk.number, true);
        } else {
            admin_json_str("reason", store_ticket_check_name(why), true);
            if (why == TICKET_AFTER_RESTORE || why == TICKET_NOT_HERE)
                printf(",\"generation\":%lld,\"database_generation\":%lld", (long long)gen,
                       (long long)current);
        }
        printf("}\n");
    } else if (found) {
        printf("valid: ticket %s (id %lld, site %s)\n", tk.number, (long long)tk.id, tk.site);
    } else if (why == TICKET_AFTER_RESTORE) {
        printf("invalid: this ticket is from after the last restore: it was issued after the "
               "backup this database was restored from (ticket generation %lld, database "
               "generation %lld), so it is not on record\n",
               (long long)gen, (long long)current);
    } else if (why == TICKET_NOT_HERE) {
        printf("invalid: signed by this station but not in this database (was the database "
               "replaced by an older copy by hand?)\n");
    } else if (why == TICKET_REVOKED || why == TICKET_UNKNOWN_SITE) {
        printf("invalid: %s\n", store_errmsg(ad->store));
    } else {
        printf("invalid: forged, altered or foreign payload\n");
    }
    return found ? K_EXIT_OK : K_EXIT_CHECK;
}

/* The paper width for --width 58|80 (default_mm when absent); 0 for a bad
 * value. */
static int paper_dots(const char *width, int default_mm)
{
    if (!width)
        return receipt_width_dots(default_mm);
    if (strcmp(width, "58") == 0 || strcmp(width, "80") == 0)
        return receipt_width_dots(width[0] == '5' ? 58 : 80);
    return 0;
}

/* Loads ticket id and, when req is not NULL, its request: K_EXIT_OK or an exit
 * status with the message printed. */
/* A stored ticket and what it was issued for: its request (req) or, for a
 * booking's ticket, the booking and its service (book, svc); any may be
 * NULL when not wanted. */
static int load_ticket(Admin *ad, int64_t id, Ticket *tk, RequestRecord *req, BookingRecord *book,
                       CfgService *svc)
{
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_get_ticket(ad->store, id, tk);
    if (k == K_OK && tk->kind == TICKET_KIND_REQUEST && req)
        k = store_get_request_of_ticket(ad->store, id, req);
    if (k == K_OK && tk->kind != TICKET_KIND_REQUEST && tk->kind != TICKET_KIND_ACTIVITY && book) {
        k = store_get_booking_of_ticket(ad->store, id, book);
        if (k == K_OK && svc)
            k = store_get_service(ad->store, book->draft.service, svc);
    }
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no ticket %lld\n", (long long)id);
        return K_EXIT_CHECK;
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

/* The receipt job of a ticket at dots wide, in *job (malloc'd). */
static int receipt_of(Admin *ad, int64_t id, int dots, Bitmap1 *img, uint8_t **job, size_t *len)
{
    Ticket tk;
    static RequestRecord req;
    static BookingRecord book;
    static CfgService svc;
    int rc = load_ticket(ad, id, &tk, &req, &book, &svc);
    if (rc)
        return rc;
    char err[512];
    Renderer *r = NULL;
    if (render_offscreen_create(dots, RECEIPT_MAX_HEIGHT, platform_font_dir(), &r, err,
                                sizeof err) != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return K_EXIT_ENV;
    }
    int hours = (int)((tk.due_at - tk.created_at + 1800) / 3600);
    ReceiptInfo info = {.cfg = &ad->cfg,
                        .lang = lang_from_code(ad->cfg.lang),
                        .ticket = &tk,
                        .response_hours = hours,
                        .request = &req.draft};
    static char activity_lines[1024];
    if (tk.kind == TICKET_KIND_ACTIVITY) { /* issue 20: the sign-up's lines */
        info.request = NULL;
        rc = admin_activity_ticket_lines(ad, id, info.lang, activity_lines, sizeof activity_lines);
        if (rc)
            return rc;
        info.activity = activity_lines;
    } else if (tk.kind != TICKET_KIND_REQUEST) {
        info.request = NULL;
        info.booking = &book.draft;
        info.service = &svc;
    }
    KResult k = img ? receipt_print_image(r, dots, &info, img)
                    : receipt_print_job(r, dots, &info, job, len);
    render_destroy(r);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: cannot render the receipt of ticket %lld: %s\n",
                (long long)id, k_result_str(k));
        return K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

/* `ticket png ID FILE --width 58|80`: the receipt as a 1-bit PNG. */
static int receipt_png(Admin *ad, int64_t id, int dots, const char *file)
{
    Bitmap1 img;
    int rc = receipt_of(ad, id, dots, &img, NULL, NULL);
    if (rc)
        return rc;
    uint8_t *grey = malloc((size_t)img.width * (size_t)img.height);
    KResult k = K_ERR_NOMEM;
    char err[512] = "out of memory";
    if (grey) {
        for (int y = 0; y < img.height; y++)
            for (int x = 0; x < img.width; x++)
                grey[(size_t)y * (size_t)img.width + (size_t)x] =
                    (img.bits[(size_t)y * (size_t)img.stride + (size_t)(x / 8)] & (0x80 >> (x % 8)))
                        ? 0
                        : 255;
        k = png_write(file, img.width, img.height, 1, grey, (size_t)img.width, err, sizeof err);
    }
    free(grey);
    free(img.bits);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    if (ad->json) {
        /* The QR's version and module size, for the figures of a report. */
        Ticket tk;
        QrMatrix qr;
        int module = 0;
        if (load_ticket(ad, id, &tk, NULL, NULL, NULL) == K_EXIT_OK &&
            qr_encode(tk.payload, &qr) == K_OK) {
            static UiList ui;
            Theme t;
            ReceiptInfo info = {.cfg = &ad->cfg, .lang = LANG_ZH, .ticket = &tk};
            receipt_layout(&ui, &t, dots, &info, &qr, NULL, &module);
        }
        printf("{");
        admin_json_str("file", file, false);
        printf(",\"width\":%d,\"height\":%d,\"qr_version\":%d,\"qr_module_dots\":%d}\n", img.width,
               img.height, module ? qr.version : 0, module);
    } else {
        printf("wrote %s (%dx%d dots)\n", file, img.width, img.height);
    }
    return K_EXIT_OK;
}

int cmd_ticket_print(Admin *ad, int argc, const char **argv)
{
    const char *uri = admin_take_option(&argc, argv, "--printer");
    /* The configuration's paper unless --width says otherwise. */
    int dots = paper_dots(admin_take_option(&argc, argv, "--width"), ad->cfg.paper_mm);
    int64_t id;
    if (argc != 1 || !admin_parse_id(argv[0], &id) || !uri || !dots)
        return admin_usage_error("usage: ticket print ID --printer URI [--width 58|80]", NULL);
    PrinterUri pu;
    char err[512];
    if (printer_parse_uri(uri, &pu, err, sizeof err) != K_OK)
        return admin_usage_error(err, NULL);
    uint8_t *job = NULL;
    size_t len = 0;
    int rc = receipt_of(ad, id, dots, NULL, &job, &len);
    if (rc)
        return rc;
    int timeout = ad->cfg.printer_timeout_ms;
    double start = platform_mono_ms();
    KResult k = printer_send(&pu, job, len, timeout, err, sizeof err);
    double ms = platform_mono_ms() - start;
    free(job);
    if (ad->json) {
        printf("{\"printed\":%s,\"bytes\":%zu,\"ms\":%.1f", k == K_OK ? "true" : "false", len, ms);
        if (k != K_OK)
            admin_json_str("error", err, true);
        printf("}\n");
    } else if (k == K_OK) {
        printf("sent %zu bytes to %s in %.1f ms\n", len, uri, ms);
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

int cmd_ticket_png(Admin *ad, int argc, const char **argv)
{
    const char *width = admin_take_option(&argc, argv, "--width");
    int64_t id;
    if (argc != 2 || !admin_parse_id(argv[0], &id))
        return admin_usage_error("ticket png needs a ticket id and a file name", NULL);
    /* The file is checked again when written; this is to say no before
     * any work (and before anything can be half done). */
    int rc = admin_choose_db(ad);
    char why[OUTFILE_PATH_MAX + 128];
    if (rc)
        return rc;
    if (outfile_check(argv[1], why, sizeof why) != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", why);
        return K_EXIT_USAGE;
    }
    if (width) {
        int dots = paper_dots(width, 58);
        if (!dots)
            return admin_usage_error("--width is 58 or 80", width);
        return receipt_png(ad, id, dots, argv[1]);
    }
    Ticket tk;
    static RequestRecord req;
    static BookingRecord book;
    static CfgService svc;
    rc = load_ticket(ad, id, &tk, &req, &book, &svc);
    if (rc)
        return rc;
    QrMatrix qr;
    if (qr_encode(tk.payload, &qr) != K_OK) {
        fprintf(stderr, "kiosk admin: ticket %lld has an unencodable payload\n", (long long)id);
        return K_EXIT_ENV;
    }
    int hours = (int)((tk.due_at - tk.created_at + 1800) / 3600);
    /* Laid out first on a tall page, then cut to what the card uses. */
    const int w = 800;
    int h = 2000;
    Theme t;
    theme_default(&t, 1080, 1920);
    static UiList ui;
    ui_clear(&ui);
    Lang lang = lang_from_code(ad->cfg.lang);
    ui_title(&ui, &t, "ticket.site", lang == LANG_EN ? ad->cfg.site_en : ad->cfg.site_zh,
             (Rect){0, 0, w, t.header_h});
    Rect area = {t.margin, t.header_h + t.gap, w - 2 * t.margin, h - t.header_h - t.gap};
    if (tk.kind == TICKET_KIND_ACTIVITY) { /* issue 20: the sign-up's lines */
        char info[WIDGET_TEXT_MAX];
        int lrc = admin_activity_ticket_lines(ad, id, lang, info, sizeof info);
        if (lrc)
            return lrc;
        ticket_card_build_booking(&ui, &t, area, lang, &tk, info, &qr, NULL);
    } else if (tk.kind != TICKET_KIND_REQUEST) {
        char info[WIDGET_TEXT_MAX];
        ticket_card_booking_info(lang, &ad->cfg, &book.draft, &svc, info, sizeof info);
        ticket_card_build_booking(&ui, &t, area, lang, &tk, info, &qr, NULL);
    } else {
        ticket_card_build(&ui, &t, area, lang, &tk, hours, req.draft.urgency == URGENCY_URGENT, &qr,
                          NULL);
    }
    rc = admin_card_png(&ui, &t, w, "ticket", argv[1]);
    if (rc)
        return rc;
    if (!ad->json)
        printf("wrote %s (ticket %s)\n", argv[1], tk.number);
    else {
        printf("{");
        admin_json_str("file", argv[1], false);
        admin_json_str("number", tk.number, true);
        printf("}\n");
    }
    return K_EXIT_OK;
}

/* ---- booking: services, availability, bookings ---- */
