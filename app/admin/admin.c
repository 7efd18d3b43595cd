/* admin.c - `kiosk admin`: the store and tickets from the command line.
 *
 * `--db PATH`, `--config PATH` and `--json` are taken anywhere on the line;
 * the remaining words are the command.  Output is plain text, or one JSON
 * document with --json.  Exit statuses as in admin.h. */
#include "kiosk/admin.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/app.h"
#include "kiosk/phone.h"
#include "kiosk/platform.h"
#include "kiosk/printer.h"
#include "kiosk/receipt.h"
#include "kiosk/render.h"
#include "kiosk/text.h"

enum { A_OK = 0, A_CHECK = 1, A_USAGE = 2, A_ENV = 3 };

#define MAX_WORDS 16

typedef struct {
    const char *db;
    const char *config;
    bool json;
    const char *words[MAX_WORDS];
    int nwords;
    Config cfg;
    Store *store;
    char db_buf[1024];
    char key_path[1100];
} Admin;

static void help(FILE *f)
{
    fputs("usage: kiosk admin [--db PATH] [--config PATH] [--json] COMMAND\n"
          "commands:\n"
          "  requests list [--status S] [--limit N]   newest first\n"
          "  requests show ID                          one request, its ticket and timeline\n"
          "  ticket verify PAYLOAD                     exit 0 valid, 1 not\n"
          "  ticket png ID FILE [--width 58|80]        the ticket card as a PNG image, or\n"
          "                                            with --width the receipt (1 bit)\n"
          "  ticket print ID --printer URI [--width 58|80]\n"
          "                                            print the receipt (ESC/POS)\n",
          f);
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "kiosk admin: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    return A_USAGE;
}

static bool parse_id(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0 || v == LLONG_MAX)
        return false;
    *out = v;
    return true;
}

static int open_store(Admin *ad)
{
    if (ad->store)
        return A_OK; /* already open */
    char err[1024];
    if (!ad->db) {
        if (platform_default_db(ad->db_buf, sizeof ad->db_buf) != K_OK) {
            fprintf(stderr, "kiosk admin: cannot find the data folder; give --db PATH\n");
            return A_ENV;
        }
        ad->db = ad->db_buf;
    }
    snprintf(ad->key_path, sizeof ad->key_path, "%s.key", ad->db);
    if (access(ad->db, F_OK) != 0) {
        /* Admin commands read what a kiosk wrote; they never create one. */
        fprintf(stderr, "kiosk admin: no database at %s\n", ad->db);
        return A_ENV;
    }
    KResult rc = store_open(ad->db, &ad->store, err, sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return A_ENV;
    }
    return A_OK;
}

static void iso_time(int64_t secs, char *out, size_t cap)
{
    eventlog_iso8601(secs * 1000, out, cap);
    /* drop the milliseconds: ".000" before the offset */
    char *dot = strchr(out, '.');
    if (dot && strlen(dot) >= 4)
        memmove(dot, dot + 4, strlen(dot + 4) + 1);
}

/* Prints ,"key":"value" with value escaped; a value that cannot be
 * escaped (no memory) prints as null, so the document stays valid JSON. */
static void json_str(const char *key, const char *value, bool comma)
{
    size_t cap = strlen(value) * 6 + 3;
    char *q = malloc(cap);
    printf("%s\"%s\":%s", comma ? "," : "", key, q && text_json_quote(q, cap, value) ? q : "null");
    free(q);
}

static void print_request_json(const RequestRecord *r, bool full)
{
    char t[40], masked[24];
    iso_time(r->created_at, t, sizeof t);
    printf("{\"id\":%lld", (long long)r->id);
    json_str("number", r->ticket.number, true);
    json_str("status", r->status, true);
    json_str("category", r->draft.category, true);
    json_str("issue", r->draft.issue, true);
    json_str("created_at", t, true);
    printf(",\"urgency\":\"%s\",\"flags\":[%s%s%s%s%s]",
           r->draft.urgency == URGENCY_URGENT ? "urgent" : "normal",
           (r->draft.flags & FLAG_AGED80) ? "\"aged80\"" : "",
           (r->draft.flags & FLAG_AGED80) && (r->draft.flags & (FLAG_DISABLED | FLAG_ALONE)) ? ","
                                                                                             : "",
           (r->draft.flags & FLAG_DISABLED) ? "\"disabled\"" : "",
           (r->draft.flags & FLAG_DISABLED) && (r->draft.flags & FLAG_ALONE) ? "," : "",
           (r->draft.flags & FLAG_ALONE) ? "\"alone\"" : "");
    if (full) {
        json_str("description", r->draft.description, true);
        json_str("phone", r->draft.phone, true);
        json_str("name", r->draft.name, true);
        json_str("building", r->draft.building, true);
        json_str("unit", r->draft.unit, true);
        json_str("room", r->draft.room, true);
        char due[40];
        iso_time(r->ticket.due_at, due, sizeof due);
        printf(",\"ticket\":{\"id\":%lld", (long long)r->ticket.id);
        json_str("number", r->ticket.number, true);
        json_str("lookup", r->ticket.lookup, true);
        json_str("payload", r->ticket.payload, true);
        json_str("day", r->ticket.day, true);
        json_str("due_at", due, true);
        printf("}");
    } else {
        phone_mask(r->draft.phone, masked, sizeof masked);
        json_str("phone", masked, true);
    }
}

typedef struct {
    Admin *ad;
    int n;
} ListCtx;

static int list_row(const RequestRecord *r, void *user)
{
    ListCtx *c = user;
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_request_json(r, false);
        printf("}");
    } else {
        char t[40], masked[24];
        iso_time(r->created_at, t, sizeof t);
        phone_mask(r->draft.phone, masked, sizeof masked);
        printf("%-6lld %-6s %-10s %-12s %-12s %s  %s\n", (long long)r->id, r->ticket.number,
               r->status, r->draft.category, r->draft.issue, masked, t);
    }
    c->n++;
    return 0;
}

static int cmd_requests_list(Admin *ad, int argc, const char **argv)
{
    const char *status = NULL;
    int limit = 50;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--status") == 0 && i + 1 < argc)
            status = argv[++i];
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            int64_t n;
            if (!parse_id(argv[++i], &n) || n > 1000000)
                return usage_error("--limit needs a positive number", argv[i]);
            limit = (int)n;
        } else
            return usage_error("unknown argument", argv[i]);
    }
    int rc = open_store(ad);
    if (rc)
        return rc;
    ListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"requests\":[");
    else
        printf("%-6s %-6s %-10s %-12s %-12s %s  %s\n", "ID", "TICKET", "STATUS", "CATEGORY",
               "ISSUE", "PHONE", "CREATED");
    KResult k = store_list_requests(ad->store, status, limit, list_row, &c);
    if (ad->json)
        printf("\n]}\n");
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    return A_OK;
}

static int print_event(const StoreEvent *e, void *user)
{
    Admin *ad = user;
    char t[40];
    iso_time(e->at, t, sizeof t);
    if (ad->json) {
        static int n;
        printf("%s{\"at\":\"%s\"", n++ ? "," : "", t);
        json_str("actor", e->actor, true);
        json_str("kind", e->kind, true);
        /* A detail cut at the buffer's end would not be JSON any more. */
        bool whole = e->detail[0] == '{' && strlen(e->detail) < sizeof e->detail - 1;
        printf(",\"detail\":%s}", whole ? e->detail : "null");
    } else {
        printf("  %s  %-20s %-10s %s\n", t, e->kind, e->actor, e->detail);
    }
    return 0;
}

static int cmd_requests_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    if (argc != 1 || !parse_id(argv[0], &id))
        return usage_error("requests show needs one request id", argc ? argv[0] : NULL);
    int rc = open_store(ad);
    if (rc)
        return rc;
    RequestRecord r;
    KResult k = store_get_request(ad->store, id, &r);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no request %lld\n", (long long)id);
        return A_CHECK;
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    if (ad->json) {
        print_request_json(&r, true);
        printf(",\"events\":[");
        store_list_events(ad->store, "request", id, print_event, ad);
        printf("]}\n");
        return A_OK;
    }
    char t[40], due[40];
    iso_time(r.created_at, t, sizeof t);
    iso_time(r.ticket.due_at, due, sizeof due);
    printf("request %lld  ticket %s  status %s\n", (long long)r.id, r.ticket.number, r.status);
    printf("  filed       %s\n  respond by  %s\n", t, due);
    printf("  category    %s / %s\n", r.draft.category, r.draft.issue);
    if (r.draft.description[0])
        printf("  description %s\n", r.draft.description);
    printf("  phone       %s\n  name        %s\n", r.draft.phone, r.draft.name);
    printf("  address     %s %s %s\n", r.draft.building, r.draft.unit, r.draft.room);
    printf("  urgency     %s  flags:%s%s%s\n", r.draft.urgency ? "urgent" : "normal",
           (r.draft.flags & FLAG_AGED80) ? " aged80" : "",
           (r.draft.flags & FLAG_DISABLED) ? " disabled" : "",
           (r.draft.flags & FLAG_ALONE) ? " alone" : "");
    printf("  lookup      %s\n  payload     %s\ntimeline:\n", r.ticket.lookup, r.ticket.payload);
    store_list_events(ad->store, "request", id, print_event, ad);
    return A_OK;
}

static int cmd_ticket_verify(Admin *ad, int argc, const char **argv)
{
    if (argc != 1)
        return usage_error("ticket verify needs one payload", NULL);
    /* The key is never created here: verifying with a fresh key would only
     * say "forged" about every real ticket. */
    int rc = open_store(ad);
    if (rc)
        return rc;
    FILE *kf = fopen(ad->key_path, "rb");
    if (!kf) {
        fprintf(stderr, "kiosk admin: no ticket key at %s (has the kiosk run with this --db?)\n",
                ad->key_path);
        return A_ENV;
    }
    fclose(kf);
    uint8_t key[TICKET_KEY_BYTES];
    if (ticket_key_load(ad->key_path, key) != K_OK) {
        fprintf(stderr, "kiosk admin: cannot read the ticket key %s\n", ad->key_path);
        return A_ENV;
    }
    char site[TICKET_SITE_MAX];
    char kind = 0;
    int64_t id = 0;
    /* The key is this installation's own, and the ticket must be in this
     * database with this very payload, so no site code is needed here. */
    KResult k = ticket_verify(key, argv[0], NULL, site, &kind, &id);
    Ticket tk;
    bool found = k == K_OK && store_get_ticket(ad->store, id, &tk) == K_OK &&
                 strcmp(tk.payload, argv[0]) == 0;
    if (ad->json) {
        printf("{\"valid\":%s", found ? "true" : "false");
        if (found) {
            printf(",\"site\":\"%s\",\"kind\":\"%c\",\"id\":%lld", site, kind, (long long)id);
            json_str("number", tk.number, true);
        } else {
            json_str("reason", k != K_OK ? "signature or format" : "no such ticket", true);
        }
        printf("}\n");
    } else if (found) {
        printf("valid: ticket %s (id %lld, site %s)\n", tk.number, (long long)id, site);
    } else {
        printf("invalid: %s\n", k != K_OK ? "forged, altered or foreign payload"
                                          : "signature is right but no such ticket here");
    }
    return found ? A_OK : A_CHECK;
}

/* Takes "--NAME VALUE" out of argv (in place); returns the value or NULL. */
static const char *take_option(int *argc, const char **argv, const char *name)
{
    for (int i = 0; i + 1 < *argc; i++)
        if (strcmp(argv[i], name) == 0) {
            const char *v = argv[i + 1];
            memmove(argv + i, argv + i + 2, sizeof *argv * (size_t)(*argc - i - 2));
            *argc -= 2;
            return v;
        }
    return NULL;
}

/* The paper width for --width 58|80 (58 when absent); 0 for a bad value. */
static int paper_dots(const char *width)
{
    if (!width)
        return receipt_width_dots(58);
    if (strcmp(width, "58") == 0 || strcmp(width, "80") == 0)
        return receipt_width_dots(width[0] == '5' ? 58 : 80);
    return 0;
}

/* Loads ticket id and, when req is not NULL, its request: A_OK or an exit
 * status with the message printed. */
static int load_ticket(Admin *ad, int64_t id, Ticket *tk, RequestRecord *req)
{
    int rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_get_ticket(ad->store, id, tk);
    if (k == K_OK && req)
        k = store_get_request_of_ticket(ad->store, id, req);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no ticket %lld\n", (long long)id);
        return A_CHECK;
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    return A_OK;
}

/* The receipt job of a ticket at dots wide, in *job (malloc'd). */
static int receipt_of(Admin *ad, int64_t id, int dots, Bitmap1 *img, uint8_t **job, size_t *len)
{
    Ticket tk;
    static RequestRecord req;
    int rc = load_ticket(ad, id, &tk, &req);
    if (rc)
        return rc;
    char err[512];
    Renderer *r = NULL;
    if (render_offscreen_create(dots, RECEIPT_MAX_HEIGHT, platform_font_dir(), &r, err,
                                sizeof err) != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return A_ENV;
    }
    int hours = (int)((tk.due_at - tk.created_at + 1800) / 3600);
    ReceiptInfo info = {&ad->cfg, lang_from_code(ad->cfg.lang), &tk, hours, &req.draft};
    KResult k = img ? receipt_image(r, dots, &info, img) : receipt_job(r, dots, &info, job, len);
    render_destroy(r);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: cannot render the receipt of ticket %lld: %s\n",
                (long long)id, k_result_str(k));
        return A_ENV;
    }
    return A_OK;
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
        return A_ENV;
    }
    if (ad->json) {
        /* The QR's version and module size, for the figures of a report. */
        Ticket tk;
        QrMatrix qr;
        int module = 0;
        if (load_ticket(ad, id, &tk, NULL) == A_OK && qr_encode(tk.payload, &qr) == K_OK) {
            static UiList ui;
            Theme t;
            ReceiptInfo info = {&ad->cfg, LANG_ZH, &tk, 0, NULL};
            receipt_layout(&ui, &t, dots, &info, &qr, NULL, &module);
        }
        printf("{");
        json_str("file", file, false);
        printf(",\"width\":%d,\"height\":%d,\"qr_version\":%d,\"qr_module_dots\":%d}\n", img.width,
               img.height, module ? qr.version : 0, module);
    } else {
        printf("wrote %s (%dx%d dots)\n", file, img.width, img.height);
    }
    return A_OK;
}

static int cmd_ticket_print(Admin *ad, int argc, const char **argv)
{
    const char *uri = take_option(&argc, argv, "--printer");
    int dots = paper_dots(take_option(&argc, argv, "--width"));
    int64_t id;
    if (argc != 1 || !parse_id(argv[0], &id) || !uri || !dots)
        return usage_error("usage: ticket print ID --printer URI [--width 58|80]", NULL);
    PrinterUri pu;
    char err[512];
    if (printer_parse_uri(uri, &pu, err, sizeof err) != K_OK)
        return usage_error(err, NULL);
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
            json_str("error", err, true);
        printf("}\n");
    } else if (k == K_OK) {
        printf("sent %zu bytes to %s in %.1f ms\n", len, uri, ms);
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return A_ENV;
    }
    return A_OK;
}

static int cmd_ticket_png(Admin *ad, int argc, const char **argv)
{
    const char *width = take_option(&argc, argv, "--width");
    int64_t id;
    if (argc != 2 || !parse_id(argv[0], &id))
        return usage_error("ticket png needs a ticket id and a file name", NULL);
    if (width) {
        int dots = paper_dots(width);
        if (!dots)
            return usage_error("--width is 58 or 80", width);
        return receipt_png(ad, id, dots, argv[1]);
    }
    Ticket tk;
    int rc = load_ticket(ad, id, &tk, NULL);
    if (rc)
        return rc;
    KResult k;
    QrMatrix qr;
    if (qr_encode(tk.payload, &qr) != K_OK) {
        fprintf(stderr, "kiosk admin: ticket %lld has an unencodable payload\n", (long long)id);
        return A_ENV;
    }
    int hours = (int)((tk.due_at - tk.created_at + 1800) / 3600);
    const int w = 800, h = 1240;
    Theme t;
    theme_default(&t, 1080, 1920);
    static UiList ui;
    ui_clear(&ui);
    char err[512];
    Platform *p = NULL;
    Renderer *r = NULL;
    PlatformOptions po = {w, h, true, false, "ticket"};
    k = platform_open(&po, &p, err, sizeof err);
    if (k == K_OK)
        k = render_create(platform_renderer(p), platform_font_dir(), &r, err, sizeof err);
    if (k == K_OK) {
        Lang lang = lang_from_code(ad->cfg.lang);
        ui_title(&ui, &t, "ticket.site", lang == LANG_EN ? ad->cfg.site_en : ad->cfg.site_zh,
                 (Rect){0, 0, w, t.header_h});
        ticket_card_build(
            &ui, &t, (Rect){t.margin, t.header_h + t.gap, w - 2 * t.margin, h - t.header_h - t.gap},
            lang, &tk, hours, &qr, NULL);
        render_frame(r, &ui, &t, -1);
        k = platform_screenshot(p, argv[1], err, sizeof err);
    }
    render_destroy(r);
    platform_close(p);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return A_ENV;
    }
    if (!ad->json)
        printf("wrote %s (ticket %s)\n", argv[1], tk.number);
    else {
        printf("{");
        json_str("file", argv[1], false);
        json_str("number", tk.number, true);
        printf("}\n");
    }
    return A_OK;
}

int admin_main(int argc, char **argv)
{
    static Admin ad;
    memset(&ad, 0, sizeof ad);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            ad.json = true;
        } else if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc)
                return usage_error("needs a value", argv[i]);
            if (argv[i][2] == 'd')
                ad.db = argv[++i];
            else
                ad.config = argv[++i];
        } else if (ad.nwords < MAX_WORDS) {
            ad.words[ad.nwords++] = argv[i];
        } else {
            return usage_error("too many arguments", NULL);
        }
    }
    if (ad.nwords == 0 || strcmp(ad.words[0], "help") == 0 || strcmp(ad.words[0], "--help") == 0) {
        help(ad.nwords ? stdout : stderr);
        return ad.nwords ? A_OK : A_USAGE;
    }
    char err[1024];
    KResult k = config_load(&ad.cfg, ad.config, err, sizeof err);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return k == K_ERR_NOT_FOUND ? A_ENV : A_USAGE;
    }
    const char *a0 = ad.words[0], *a1 = ad.nwords > 1 ? ad.words[1] : "";
    int rest = ad.nwords - 2;
    const char **args = ad.words + 2;
    int rc;
    if (strcmp(a0, "requests") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_requests_list(&ad, rest, args);
    else if (strcmp(a0, "requests") == 0 && strcmp(a1, "show") == 0)
        rc = cmd_requests_show(&ad, rest, args);
    else if (strcmp(a0, "ticket") == 0 && strcmp(a1, "verify") == 0)
        rc = cmd_ticket_verify(&ad, rest, args);
    else if (strcmp(a0, "ticket") == 0 && strcmp(a1, "png") == 0)
        rc = cmd_ticket_png(&ad, rest, args);
    else if (strcmp(a0, "ticket") == 0 && strcmp(a1, "print") == 0)
        rc = cmd_ticket_print(&ad, rest, args);
    else {
        help(stderr);
        rc = usage_error("unknown command", a0);
    }
    store_close(ad.store);
    return rc;
}
