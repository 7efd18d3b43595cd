/* admin.c - `kiosk admin`: the store and tickets from the command line.
 *
 * `--db PATH`, `--config PATH` and `--json` are taken anywhere on the line;
 * the remaining words are the command.  Output is plain text, or one JSON
 * document with --json.  Exit statuses as in admin.h. */
#include "kiosk/admin.h"

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/app.h"
#include "kiosk/outfile.h"
#include "kiosk/phone.h"
#include "kiosk/platform.h"
#include "kiosk/printer.h"
#include "kiosk/receipt.h"
#include "kiosk/render.h"
#include "kiosk/report.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/ticket_card.h"

enum { A_OK = 0, A_CHECK = 1, A_USAGE = 2, A_ENV = 3 };

#define MAX_WORDS 64 /* services add with every option: about 40 */

typedef struct {
    const char *db;
    const char *config;
    bool json;
    const char *words[MAX_WORDS];
    int nwords;
    Config cfg;
    Store *store;
    bool reads_only; /* the command only reads: a write-protected database will do */
    char db_buf[1024];
    char real_db[OUTFILE_PATH_MAX];
    char key_path[OUTFILE_PATH_MAX];
} Admin;

/* The commands that only read the database (first and second word, ""
 * for any): they open it read-only when it cannot be written. */
static const char *const read_only_commands[][2] = {
    {"requests", "list"},  {"requests", "show"}, {"ticket", "verify"}, {"ticket", "png"},
    {"ticket", "print"},   {"services", "list"}, {"availability", ""}, {"bookings", "list"},
    {"bookings", "show"},  {"backup", ""},       {"check", ""},        {"export", ""},
    {"stats", ""},         {"report", ""},       {"staff", "list"},    {"queue", "list"},
    {"assignees", "list"}, {"walkin", "list"},
};

static bool command_reads_only(const char *a0, const char *a1)
{
    for (size_t i = 0; i < sizeof read_only_commands / sizeof read_only_commands[0]; i++)
        if (strcmp(read_only_commands[i][0], a0) == 0 &&
            (!read_only_commands[i][1][0] || strcmp(read_only_commands[i][1], a1) == 0))
            return true;
    return false;
}

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
          "                                            print the receipt (ESC/POS)\n"
          "  services list                             services, their slots, closed days\n"
          "  services add CODE --zh NAME --en NAME --letter L --slots HH:MM-HH:MM/N,...\n"
          "      [--days mon-fri] [--lead-hours N] [--horizon-days N] [--escort yes|no]\n"
          "      [--about-zh T] [--about-en T] [--place-zh T] [--place-en T]\n"
          "      [--bring-zh T] [--bring-en T] [--active yes|no]\n"
          "  services change CODE [the options of add]  change only what is given\n"
          "  services close CODE|all DATE [--reason-zh T] [--reason-en T]\n"
          "  services reopen CODE|all DATE\n"
          "  availability SERVICE [--from DATE] [--days N]\n"
          "                                            places per day and slot\n"
          "  bookings list [--day DATE] [--service S] [--status S] [--limit N]\n"
          "  bookings show ID                          one booking, its ticket and timeline\n"
          "  bookings book SERVICE DATE HH:MM --phone P --age N [--name T]\n"
          "      [--hospital CODE] [--department CODE] [--pickup station|home|hospital]\n"
          "      [--building T --unit T --room T] [--needs wheelchair,companion,hearing,sight]\n"
          "                                            exit 1 when refused (full, limit ...)\n"
          "  bookings cancel ID --reason TEXT\n"
          "  bookings checkin ID | complete ID | no-show ID\n"
          "  bookings sweep                            mark ended, unchecked bookings no-show\n"
          "  demo bookings N [--seed S]                N demo bookings (past year, coming days)\n"
          "  staff add LOGIN --name NAME --role head|worker|volunteer --pin PIN|-\n"
          "  staff list                                accounts, roles, lockouts\n"
          "  staff disable LOGIN | enable LOGIN\n"
          "  staff reset-pin LOGIN --pin PIN|-         a new PIN (clears a lockout)\n"
          "                                            --pin - reads the PIN from stdin\n"
          "  requests act ID ACTION --by LOGIN|admin [--note T] [--to ASSIGNEE]\n"
          "                                            accept, assign, start, resolve, close,\n"
          "                                            refer, cancel; exit 1 when refused\n"
          "  requests rate ID satisfied|basic|dissatisfied [--comment T]\n"
          "  queue list [--status S] [--category C] [--limit N] [--after QKEY:CREATED:ID]\n"
          "                                            open requests, most pressing first\n"
          "  assignees list | add team|partner NAME    who requests are assigned to\n"
          "  walkin issue | call --counter N [--by LOGIN] | list\n"
          "  demo requests N [--seed S]                N demo requests over the last 90 days\n"
          "  backup FILE                               an online copy, checked (integrity)\n"
          "  restore FILE                              replace the database (kiosk stopped);\n"
          "                                            the old one is kept beside it\n"
          "  check                                     PRAGMA integrity_check of the database\n"
          "  export TABLE [--out FILE]                 a table as CSV (RFC 4180, UTF-8 with a\n"
          "                                            byte-order mark, for Excel)\n"
          "  purge [--days N] [--dry-run]              erase personal data of items finished\n"
          "                                            more than N days ago ([retention] days)\n"
          "  stats [--period today|week|month|last | --month YYYY-MM | --from DATE --to DATE]\n"
          "                                            the station's figures (this month)\n"
          "  report --month YYYY-MM [--out DIR] [--lang zh|en]\n"
          "                                            the figures as CSV files and chart PNGs,\n"
          "                                            and the needs list, into a folder\n"
          "dates are YYYY-MM-DD, local time (TZ)\n",
          f);
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "kiosk admin: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    return A_USAGE;
}

/* A filter value that names nothing would list no rows and exit 0, which a
 * script reads as "none of those": refuse it, naming the values there are. */
static int bad_status(const char *arg)
{
    fprintf(stderr, "kiosk admin: unknown --status \"%.40s\"; one of:", arg);
    for (int s = 0; s < WF_STATE_COUNT; s++)
        fprintf(stderr, "%s %s", s ? "," : "", wf_state_name((WfState)s));
    fprintf(stderr, "\n");
    return A_USAGE;
}

static int bad_category(const Config *cfg, const char *arg)
{
    fprintf(stderr, "kiosk admin: unknown --category \"%.40s\"; one of:", arg);
    for (int i = 0; i < cfg->category_count; i++)
        fprintf(stderr, "%s %s", i ? "," : "", cfg->categories[i].item.code);
    fprintf(stderr, " (from the configuration)\n");
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

/* Chooses the database (--db or the default), resolved to its real file:
 * the key is beside the real file whichever path names it, and no output
 * of this run may replace the database, its WAL or its key. */
static int choose_db(Admin *ad)
{
    if (ad->real_db[0])
        return A_OK;
    if (!ad->db) {
        if (platform_default_db(ad->db_buf, sizeof ad->db_buf) != K_OK) {
            fprintf(stderr, "kiosk admin: cannot find the data folder; give --db PATH\n");
            return A_ENV;
        }
        ad->db = ad->db_buf;
    }
    KResult k = outfile_real_path(ad->db, ad->real_db, sizeof ad->real_db);
    if (k == K_OK)
        k = outfile_key_path(ad->real_db, ad->key_path, sizeof ad->key_path);
    if (k == K_OK)
        k = outfile_protect_db(ad->real_db);
    if (k != K_OK) {
        ad->real_db[0] = '\0';
        fprintf(stderr, "kiosk admin: cannot resolve the database path %s: %s\n", ad->db,
                k == K_ERR_NOT_FOUND ? "no such folder" : k_result_str(k));
        return A_ENV;
    }
    ad->db = ad->real_db;
    return A_OK;
}

/* The exit status of a failed write of an output file: a path that is
 * refused (the database, a device) is bad input. */
static int write_failed(KResult k)
{
    return k == K_ERR_REFUSED || k == K_ERR_EXISTS ? A_USAGE : A_ENV;
}

static int open_store(Admin *ad)
{
    if (ad->store)
        return A_OK; /* already open */
    char err[1024];
    int a = choose_db(ad);
    if (a)
        return a;
    if (access(ad->db, F_OK) != 0) {
        /* Admin commands read what a kiosk wrote; they never create one. */
        fprintf(stderr, "kiosk admin: no database at %s\n", ad->db);
        return A_ENV;
    }
    /* A command that only reads works on a database it cannot write (a
     * write-protected file or folder, a read-only medium): opened
     * read-only, nothing migrated, seeded or logged.  One it can write is
     * opened as always. */
    bool read_only = ad->reads_only && !store_writable(ad->db);
    KResult rc = read_only ? store_open_read(ad->db, &ad->store, err, sizeof err)
                           : store_open(ad->db, &ad->store, err, sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return A_ENV;
    }
    if (read_only)
        return A_OK;
    /* The services of the configuration, as the kiosk seeds them: a
     * database that only admin has opened still has its services. */
    if (store_seed_services(ad->store, &ad->cfg, (int64_t)time(NULL), NULL) != K_OK) {
        fprintf(stderr, "kiosk admin: cannot set up the booking services: %s\n",
                store_errmsg(ad->store));
        store_close(ad->store);
        ad->store = NULL;
        return A_ENV;
    }
    if (store_errmsg(ad->store)[0])
        fprintf(stderr, "kiosk admin: note: %s\n", store_errmsg(ad->store));
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
        char upd[40];
        iso_time(r->updated_at, upd, sizeof upd);
        json_str("updated_at", upd, true);
        json_str("assignee", r->assignee, true);
        json_str("rating", r->rating, true);
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
    WfState ws;
    if (status && !wf_state_parse(status, &ws))
        return bad_status(status);
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
    ListCtx *c = user;
    char t[40];
    iso_time(e->at, t, sizeof t);
    if (c->ad->json) {
        printf("%s{\"at\":\"%s\"", c->n++ ? "," : "", t);
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
    ListCtx ev = {ad, 0};
    if (ad->json) {
        print_request_json(&r, true);
        printf(",\"events\":[");
        store_list_events(ad->store, "request", id, print_event, &ev);
        printf("]}\n");
        return A_OK;
    }
    char t[40], due[40];
    iso_time(r.created_at, t, sizeof t);
    iso_time(r.ticket.due_at, due, sizeof due);
    printf("request %lld  ticket %s  status %s\n", (long long)r.id, r.ticket.number, r.status);
    char upd[40];
    iso_time(r.updated_at, upd, sizeof upd);
    printf("  filed       %s\n  respond by  %s\n  updated     %s\n", t, due, upd);
    printf("  assignee    %s\n  rating      %s\n", r.assignee[0] ? r.assignee : "-",
           r.rating[0] ? r.rating : "-");
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
    store_list_events(ad->store, "request", id, print_event, &ev);
    return A_OK;
}

/* The installation's ticket key, next to the database (open_store sets the
 * path).  It is never created here: verifying with a fresh key would only
 * say "forged" about every real ticket, and tickets signed with a key the
 * kiosk does not know would be forged in its eyes. */
static int load_key(Admin *ad, uint8_t key[TICKET_KEY_BYTES])
{
    FILE *kf = fopen(ad->key_path, "rb");
    if (!kf) {
        fprintf(stderr, "kiosk admin: no ticket key at %s (has the kiosk run with this --db?)\n",
                ad->key_path);
        return A_ENV;
    }
    fclose(kf);
    if (ticket_key_load(ad->key_path, key) != K_OK) {
        fprintf(stderr, "kiosk admin: cannot read the ticket key %s\n", ad->key_path);
        return A_ENV;
    }
    return A_OK;
}

static int cmd_ticket_verify(Admin *ad, int argc, const char **argv)
{
    if (argc != 1)
        return usage_error("ticket verify needs one payload", NULL);
    int rc = open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = load_key(ad, key);
    if (rc)
        return rc;
    /* The key is this installation's own, and the ticket must be in this
     * database with this very payload, so no site code is needed here.  A
     * ticket signed here but not on record is told apart: after a restore
     * it names a row id that is another ticket's now. */
    Ticket tk;
    TicketCheck why = TICKET_FORGED;
    int64_t gen = 0, current = 0;
    KResult k = store_check_ticket(ad->store, key, argv[0], NULL, &tk, &why, &gen);
    if (k != K_OK && k != K_ERR_FORGED && k != K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    bool found = k == K_OK;
    if (!found && store_generation(ad->store, &current) != K_OK)
        current = -1;
    if (ad->json) {
        printf("{\"valid\":%s", found ? "true" : "false");
        if (found) {
            printf(",\"site\":\"%s\",\"kind\":\"%c\",\"id\":%lld", tk.site, tk.kind,
                   (long long)tk.id);
            json_str("number", tk.number, true);
        } else {
            json_str("reason", store_ticket_check_name(why), true);
            if (why != TICKET_FORGED)
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
    } else {
        printf("invalid: forged, altered or foreign payload\n");
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

/* Loads ticket id and, when req is not NULL, its request: A_OK or an exit
 * status with the message printed. */
/* A stored ticket and what it was issued for: its request (req) or, for a
 * booking's ticket, the booking and its service (book, svc); any may be
 * NULL when not wanted. */
static int load_ticket(Admin *ad, int64_t id, Ticket *tk, RequestRecord *req, BookingRecord *book,
                       CfgService *svc)
{
    int rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_get_ticket(ad->store, id, tk);
    if (k == K_OK && tk->kind == 'A' && req)
        k = store_get_request_of_ticket(ad->store, id, req);
    if (k == K_OK && tk->kind != 'A' && book) {
        k = store_get_booking_of_ticket(ad->store, id, book);
        if (k == K_OK && svc)
            k = store_get_service(ad->store, book->draft.service, svc);
    }
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
        return A_ENV;
    }
    int hours = (int)((tk.due_at - tk.created_at + 1800) / 3600);
    ReceiptInfo info = {.cfg = &ad->cfg,
                        .lang = lang_from_code(ad->cfg.lang),
                        .ticket = &tk,
                        .response_hours = hours,
                        .request = &req.draft};
    if (tk.kind != 'A') {
        info.request = NULL;
        info.booking = &book.draft;
        info.service = &svc;
    }
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
        return write_failed(k);
    }
    if (ad->json) {
        /* The QR's version and module size, for the figures of a report. */
        Ticket tk;
        QrMatrix qr;
        int module = 0;
        if (load_ticket(ad, id, &tk, NULL, NULL, NULL) == A_OK &&
            qr_encode(tk.payload, &qr) == K_OK) {
            static UiList ui;
            Theme t;
            ReceiptInfo info = {.cfg = &ad->cfg, .lang = LANG_ZH, .ticket = &tk};
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
    /* The configuration's paper unless --width says otherwise. */
    int dots = paper_dots(take_option(&argc, argv, "--width"), ad->cfg.paper_mm);
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
    /* The file is checked again when written; this is to say no before
     * any work (and before anything can be half done). */
    int rc = choose_db(ad);
    char why[OUTFILE_PATH_MAX + 128];
    if (rc)
        return rc;
    if (outfile_check(argv[1], why, sizeof why) != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", why);
        return A_USAGE;
    }
    if (width) {
        int dots = paper_dots(width, 58);
        if (!dots)
            return usage_error("--width is 58 or 80", width);
        return receipt_png(ad, id, dots, argv[1]);
    }
    Ticket tk;
    static BookingRecord book;
    static CfgService svc;
    rc = load_ticket(ad, id, &tk, NULL, &book, &svc);
    if (rc)
        return rc;
    KResult k;
    QrMatrix qr;
    if (qr_encode(tk.payload, &qr) != K_OK) {
        fprintf(stderr, "kiosk admin: ticket %lld has an unencodable payload\n", (long long)id);
        return A_ENV;
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
    if (tk.kind != 'A') {
        char info[WIDGET_TEXT_MAX];
        ticket_card_booking_info(lang, &book.draft, &svc, info, sizeof info);
        ticket_card_build_booking(&ui, &t, area, lang, &tk, info, &qr, NULL);
    } else {
        ticket_card_build(&ui, &t, area, lang, &tk, hours, &qr, NULL);
    }
    int bottom = 0;
    for (int i = 0; i < ui.count; i++)
        if (ui.items[i].rect.y + ui.items[i].rect.h > bottom)
            bottom = ui.items[i].rect.y + ui.items[i].rect.h;
    h = bottom + t.margin;
    char err[512];
    Platform *p = NULL;
    Renderer *r = NULL;
    PlatformOptions po = {w, h, true, false, "ticket", 0};
    k = platform_open(&po, &p, err, sizeof err);
    if (k == K_OK)
        k = render_create(platform_renderer(p), platform_font_dir(), &r, err, sizeof err);
    if (k == K_OK) {
        render_frame(r, &ui, &t, -1);
        k = platform_screenshot(p, argv[1], err, sizeof err);
    }
    render_destroy(r);
    platform_close(p);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return write_failed(k);
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

/* ---- booking: services, availability, bookings ---- */

static const char *const weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static const char *weekday_name(int wd)
{
    return wd >= 0 && wd < 7 ? weekday_names[wd] : "?";
}

/* A decimal number in lo..hi (lo >= 0), digits only; false otherwise. */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
    if (!s || *s < '0' || *s > '9' || strlen(s) > 9)
        return false;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* "HH:MM" (00:00 to 23:59) into minutes after midnight. */
static bool parse_hhmm(const char *s, int *out)
{
    if (!s || strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return false;
    *out = h * 60 + m;
    return true;
}

static void hhmm(int minute, char out[8])
{
    snprintf(out, 8, "%02d:%02d", (minute / 60) % 100, minute % 60);
}

static bool parse_yes_no(const char *s, bool *out)
{
    if (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0) {
        *out = s[0] == 'y';
        return true;
    }
    return false;
}

/* Copies an option's text into a field, refusing what would not fit or is
 * not UTF-8 rather than cutting it. */
static bool set_text(char *dst, size_t cap, const char *v)
{
    if (strlen(v) >= cap || !text_valid_utf8(v))
        return false;
    memcpy(dst, v, strlen(v) + 1);
    return true;
}

/* What is left after the options were taken: exactly n words, none of them
 * an option.  A_OK or A_USAGE with the message printed. */
static int check_rest(int argc, const char **argv, int n, const char *usage)
{
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0)
            return usage_error(i + 1 == argc ? "unknown option, or an option without its value"
                                             : "unknown option",
                               argv[i]);
    return argc == n ? A_OK : usage_error(usage, NULL);
}

/* The store's last failure as an exit status: bad input 2, a rule or a
 * missing row 1, anything else (the database, the disk) 3. */
static int store_failure(Admin *ad, KResult k)
{
    fprintf(stderr, "kiosk admin: %s\n",
            store_errmsg(ad->store)[0] ? store_errmsg(ad->store) : k_result_str(k));
    if (k == K_ERR_INVALID)
        return A_USAGE;
    if (k == K_ERR_REFUSED || k == K_ERR_NOT_FOUND || k == K_ERR_EXISTS)
        return A_CHECK;
    return A_ENV;
}

/* Loads a service by code; an unknown code is bad input. */
static int load_service(Admin *ad, const char *code, CfgService *v)
{
    KResult k = store_get_service(ad->store, code, v);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no service \"%.40s\" (see: services list)\n", code);
        return A_USAGE;
    }
    return k == K_OK ? A_OK : store_failure(ad, k);
}

static void print_service_json(const CfgService *v)
{
    char days[64], slots[CFG_MAX_SLOTS * 24], a[8], b[8];
    char letter[2] = {v->letter, '\0'};
    config_days_format(v->days, days, sizeof days);
    config_slots_format(v->slots, v->slot_count, slots, sizeof slots);
    printf("{");
    json_str("code", v->item.code, false);
    json_str("letter", letter, true);
    json_str("zh", v->item.zh, true);
    json_str("en", v->item.en, true);
    json_str("days", days, true);
    json_str("slots", slots, true);
    printf(",\"slot_list\":[");
    for (int i = 0; i < v->slot_count; i++) {
        hhmm(v->slots[i].start, a);
        hhmm(v->slots[i].end, b);
        printf("%s{\"start\":\"%s\",\"end\":\"%s\",\"capacity\":%d}", i ? "," : "", a, b,
               v->slots[i].capacity);
    }
    printf("],\"lead_hours\":%d,\"horizon_days\":%d,\"escort\":%s,\"active\":%s", v->lead_hours,
           v->horizon_days, v->escort ? "true" : "false", v->active ? "true" : "false");
    json_str("about_zh", v->about_zh, true);
    json_str("about_en", v->about_en, true);
    json_str("place_zh", v->place_zh, true);
    json_str("place_en", v->place_en, true);
    json_str("bring_zh", v->bring_zh, true);
    json_str("bring_en", v->bring_en, true);
    printf("}");
}

static int list_closure(const CfgClosure *c, void *user)
{
    ListCtx *ctx = user;
    const char *svc = strcmp(c->service, "*") == 0 ? "all" : c->service;
    if (ctx->ad->json) {
        printf("%s\n {", ctx->n ? "," : "");
        json_str("service", svc, false);
        json_str("day", c->day, true);
        json_str("reason_zh", c->reason_zh, true);
        json_str("reason_en", c->reason_en, true);
        printf("}");
    } else {
        printf("  %s %s  %-14s %s / %s\n", c->day, weekday_name(booking_weekday(c->day)), svc,
               c->reason_zh, c->reason_en);
    }
    ctx->n++;
    return 0;
}

static int cmd_services_list(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 0, "services list takes no arguments");
    if (rc)
        return rc;
    rc = open_store(ad);
    if (rc)
        return rc;
    static CfgService svcs[CFG_MAX_SERVICES * 4];
    int count = 0;
    char today[CFG_DAY_MAX];
    if (!booking_local_day((int64_t)time(NULL), today)) {
        fprintf(stderr, "kiosk admin: the clock's time has no date\n");
        return A_ENV;
    }
    KResult k = store_list_services(ad->store, false, svcs, CFG_MAX_SERVICES * 4, &count);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json)
        printf("{\"services\":[");
    for (int i = 0; i < count; i++) {
        const CfgService *v = &svcs[i];
        if (ad->json) {
            printf("%s\n ", i ? "," : "");
            print_service_json(v);
            continue;
        }
        char days[64], slots[CFG_MAX_SLOTS * 24];
        config_days_format(v->days, days, sizeof days);
        config_slots_format(v->slots, v->slot_count, slots, sizeof slots);
        printf("%-14s %c  %s / %s%s\n", v->item.code, v->letter, v->item.zh, v->item.en,
               v->active ? "" : "  (not active)");
        printf("    days %s  slots %s\n", days, slots);
        printf("    lead %d h  horizon %d days  escort %s\n", v->lead_hours, v->horizon_days,
               v->escort ? "yes" : "no");
    }
    ListCtx c = {ad, 0};
    if (ad->json) {
        printf("\n],\"closures\":[");
    } else {
        if (count == 0)
            printf("no services\n");
        printf("closed days from %s:\n", today);
    }
    k = store_list_closures(ad->store, today, list_closure, &c);
    if (ad->json) {
        printf("\n]");
        json_str("today", today, true);
        printf("}\n");
    } else if (c.n == 0) {
        printf("  none\n");
    }
    return k == K_OK ? A_OK : store_failure(ad, k);
}

/* The options of services add and change, applied to v; *given counts
 * those found.  A_OK or A_USAGE with the message printed. */
static int service_options(int *argc, const char **argv, CfgService *v, int *given)
{
    struct {
        const char *name;
        char *dst;
        size_t cap;
    } texts[] = {
        {"--zh", v->item.zh, sizeof v->item.zh},
        {"--en", v->item.en, sizeof v->item.en},
        {"--about-zh", v->about_zh, sizeof v->about_zh},
        {"--about-en", v->about_en, sizeof v->about_en},
        {"--place-zh", v->place_zh, sizeof v->place_zh},
        {"--place-en", v->place_en, sizeof v->place_en},
        {"--bring-zh", v->bring_zh, sizeof v->bring_zh},
        {"--bring-en", v->bring_en, sizeof v->bring_en},
    };
    const char *o;
    *given = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if ((o = take_option(argc, argv, texts[i].name)) != NULL) {
            ++*given;
            if (!set_text(texts[i].dst, texts[i].cap, o)) {
                fprintf(stderr, "kiosk admin: %s is not UTF-8 or longer than %zu bytes\n",
                        texts[i].name, texts[i].cap - 1);
                return A_USAGE;
            }
        }
    if ((o = take_option(argc, argv, "--letter")) != NULL) {
        ++*given;
        if (strlen(o) != 1 || !config_letter_valid(o[0]))
            return usage_error("--letter is one capital letter B to Z but not Q (A is requests, "
                               "Q the walk-in queue)",
                               o);
        v->letter = o[0];
    }
    if ((o = take_option(argc, argv, "--slots")) != NULL) {
        ++*given;
        if (!config_parse_slots(o, v->slots, CFG_MAX_SLOTS, &v->slot_count))
            return usage_error("--slots is HH:MM-HH:MM/PLACES,... (1 to 16 slots, in the day, "
                               "not overlapping)",
                               o);
    }
    if ((o = take_option(argc, argv, "--days")) != NULL) {
        ++*given;
        unsigned days = 0;
        if (!config_parse_days(o, &days) || days == 0)
            return usage_error("--days is like mon-fri or mon,wed,sat", o);
        v->days = days;
    }
    if ((o = take_option(argc, argv, "--lead-hours")) != NULL) {
        ++*given;
        if (!parse_int(o, 0, 24 * 30, &v->lead_hours))
            return usage_error("--lead-hours is 0 to 720", o);
    }
    if ((o = take_option(argc, argv, "--horizon-days")) != NULL) {
        ++*given;
        if (!parse_int(o, 1, BOOK_MAX_DAYS, &v->horizon_days))
            return usage_error("--horizon-days is 1 to 60", o);
    }
    if ((o = take_option(argc, argv, "--escort")) != NULL) {
        ++*given;
        if (!parse_yes_no(o, &v->escort))
            return usage_error("--escort is yes or no", o);
    }
    if ((o = take_option(argc, argv, "--active")) != NULL) {
        ++*given;
        if (!parse_yes_no(o, &v->active))
            return usage_error("--active is yes or no", o);
    }
    return A_OK;
}

static int service_saved(Admin *ad, const CfgService *v, const char *verb)
{
    if (ad->json) {
        printf("{\"%s\":true,\"service\":", verb);
        print_service_json(v);
        printf("}\n");
    } else {
        char slots[CFG_MAX_SLOTS * 24];
        config_slots_format(v->slots, v->slot_count, slots, sizeof slots);
        printf("%s service %s (%c): %s%s\n", verb, v->item.code, v->letter, slots,
               v->active ? "" : ", not active");
    }
    return A_OK;
}

static int cmd_services_add(Admin *ad, int argc, const char **argv)
{
    static CfgService v;
    int given = 0;
    memset(&v, 0, sizeof v);
    v.days = 0x1f; /* mon-fri */
    v.horizon_days = 14;
    v.active = true;
    int rc = service_options(&argc, argv, &v, &given);
    if (rc)
        return rc;
    rc = check_rest(argc, argv, 1,
                    "usage: services add CODE --zh NAME --en NAME --letter L --slots "
                    "HH:MM-HH:MM/N,... [options]");
    if (rc)
        return rc;
    if (!v.item.zh[0] || !v.item.en[0] || !v.letter || !v.slot_count)
        return usage_error("services add needs --zh, --en, --letter and --slots", NULL);
    if (!set_text(v.item.code, sizeof v.item.code, argv[0]))
        return usage_error("a service code is 1 to 23 lower-case letters, digits and _", argv[0]);
    rc = open_store(ad);
    if (rc)
        return rc;
    /* The kiosk shows at most CFG_MAX_SERVICES: a service beyond them could
     * be booked here but never seen there. */
    static CfgService all[CFG_MAX_SERVICES * 4];
    int count = 0;
    KResult k = store_list_services(ad->store, false, all, CFG_MAX_SERVICES * 4, &count);
    if (k != K_OK)
        return store_failure(ad, k);
    if (count >= CFG_MAX_SERVICES) {
        fprintf(stderr, "kiosk admin: there are already %d services, the most the kiosk shows\n",
                count);
        return A_CHECK;
    }
    k = store_add_service(ad->store, &v, (int64_t)time(NULL), "admin");
    return k == K_OK ? service_saved(ad, &v, "added") : store_failure(ad, k);
}

static int cmd_services_change(Admin *ad, int argc, const char **argv)
{
    static CfgService v, opts;
    int given = 0;
    /* Options are parsed onto a scratch copy first, for the usage errors,
     * then again onto the stored service. */
    const char *copy[MAX_WORDS];
    int n = argc;
    memcpy(copy, argv, sizeof *argv * (size_t)argc);
    memset(&opts, 0, sizeof opts);
    int rc = service_options(&n, copy, &opts, &given);
    if (rc)
        return rc;
    rc = check_rest(n, copy, 1, "usage: services change CODE [options] [--active yes|no]");
    if (rc)
        return rc;
    if (given == 0)
        return usage_error("services change needs at least one option to change", NULL);
    rc = open_store(ad);
    if (rc)
        return rc;
    rc = load_service(ad, copy[0], &v);
    if (rc)
        return rc;
    rc = service_options(&argc, argv, &v, &given);
    if (rc)
        return rc;
    KResult k = store_change_service(ad->store, &v, (int64_t)time(NULL), "admin");
    return k == K_OK ? service_saved(ad, &v, "changed") : store_failure(ad, k);
}

/* services close|reopen CODE|all DATE */
static int cmd_services_close(Admin *ad, int argc, const char **argv, bool close)
{
    const char *zh = close ? take_option(&argc, argv, "--reason-zh") : NULL;
    const char *en = close ? take_option(&argc, argv, "--reason-en") : NULL;
    int rc = check_rest(argc, argv, 2,
                        close ? "usage: services close CODE|all YYYY-MM-DD [--reason-zh T] "
                                "[--reason-en T]"
                              : "usage: services reopen CODE|all YYYY-MM-DD");
    if (rc)
        return rc;
    if (!config_day_valid(argv[1]))
        return usage_error("not a date YYYY-MM-DD", argv[1]);
    bool all = strcmp(argv[0], "all") == 0 || strcmp(argv[0], "*") == 0;
    const char *svc = all ? "*" : argv[0];
    if (close) {
        if (!zh)
            zh = ad->cfg.closed_zh[0] ? ad->cfg.closed_zh : "暂停服务";
        if (!en)
            en = ad->cfg.closed_en[0] ? ad->cfg.closed_en : "Closed";
    }
    rc = open_store(ad);
    if (rc)
        return rc;
    CfgService v;
    if (!all && (rc = load_service(ad, svc, &v)) != A_OK)
        return rc;
    int64_t now = (int64_t)time(NULL);
    KResult k = close ? store_close_day(ad->store, svc, argv[1], zh, en, now, "admin")
                      : store_reopen_day(ad->store, svc, argv[1], now, "admin");
    if (k != K_OK)
        return store_failure(ad, k);
    const char *name = all ? "all" : svc;
    if (ad->json) {
        printf("{");
        json_str("service", name, false);
        json_str("day", argv[1], true);
        printf(",\"closed\":%s", close ? "true" : "false");
        if (close) {
            json_str("reason_zh", zh, true);
            json_str("reason_en", en, true);
        }
        printf("}\n");
    } else if (close) {
        printf("closed %s on %s (%s / %s)\n", name, argv[1], zh, en);
    } else {
        printf("reopened %s on %s\n", name, argv[1]);
    }
    return A_OK;
}

static int cmd_availability(Admin *ad, int argc, const char **argv)
{
    const char *from = take_option(&argc, argv, "--from");
    const char *ndays = take_option(&argc, argv, "--days");
    int rc =
        check_rest(argc, argv, 1, "usage: availability SERVICE [--from YYYY-MM-DD] [--days N]");
    if (rc)
        return rc;
    int n = 0;
    if (from && !config_day_valid(from))
        return usage_error("--from is a date YYYY-MM-DD", from);
    if (ndays && !parse_int(ndays, 1, BOOK_MAX_DAYS, &n))
        return usage_error("--days is 1 to 60", ndays);
    rc = open_store(ad);
    if (rc)
        return rc;
    CfgService v;
    rc = load_service(ad, argv[0], &v);
    if (rc)
        return rc;
    int64_t now = (int64_t)time(NULL);
    char today[CFG_DAY_MAX];
    if (!booking_local_day(now, today)) {
        fprintf(stderr, "kiosk admin: the clock's time has no date\n");
        return A_ENV;
    }
    if (!from)
        from = today;
    if (n == 0)
        n = v.horizon_days < 1               ? 1
            : v.horizon_days > BOOK_MAX_DAYS ? BOOK_MAX_DAYS
                                             : v.horizon_days;
    static DayAvail days[BOOK_MAX_DAYS];
    KResult k = store_availability(ad->store, &v, from, n, now, days);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{");
        json_str("service", v.item.code, false);
        json_str("from", from, true);
        printf(",\"days\":[");
    } else {
        printf("%s  %s / %s  %d day%s from %s%s\n", v.item.code, v.item.zh, v.item.en, n,
               n == 1 ? "" : "s", from, v.active ? "" : "  (not active)");
    }
    for (int i = 0; i < n; i++) {
        const DayAvail *d = &days[i];
        if (ad->json) {
            printf("%s\n {", i ? "," : "");
            json_str("day", d->day, false);
            json_str("weekday", weekday_name(d->weekday), true);
            json_str("state", booking_avail_name(d->state), true);
            printf(",\"closed\":%s,\"places\":%d", d->closed ? "true" : "false", d->places);
            if (d->closed) {
                json_str("reason_zh", d->reason_zh, true);
                json_str("reason_en", d->reason_en, true);
            }
            printf(",\"slots\":[");
        } else {
            printf("%s %s  %s", d->day, weekday_name(d->weekday), booking_avail_name(d->state));
            if (d->state == AVAIL_OPEN || d->places > 0)
                printf(", %d place%s left", d->places, d->places == 1 ? "" : "s");
            if (d->closed)
                printf(": %s / %s", d->reason_zh, d->reason_en);
            printf("\n");
        }
        for (int j = 0; j < d->slot_count; j++) {
            const SlotAvail *sl = &d->slots[j];
            char a[8], b[8];
            hhmm(sl->slot.start, a);
            hhmm(sl->slot.end, b);
            if (ad->json)
                printf("%s{\"start\":\"%s\",\"end\":\"%s\",\"taken\":%d,\"capacity\":%d,"
                       "\"state\":\"%s\"}",
                       j ? "," : "", a, b, sl->taken, sl->slot.capacity,
                       booking_avail_name(sl->state));
            else
                printf("    %s-%s  %3d/%-3d %s\n", a, b, sl->taken, sl->slot.capacity,
                       booking_avail_name(sl->state));
        }
        if (ad->json)
            printf("]}");
    }
    if (ad->json)
        printf("\n]}\n");
    return A_OK;
}

static const char *pickup_name(int p)
{
    switch (p) {
    case PICKUP_STATION: return "station";
    case PICKUP_HOME: return "home";
    case PICKUP_HOSPITAL: return "hospital";
    default: return "";
    }
}

static const char *const need_names[] = {"wheelchair", "companion", "hearing", "sight"};

/* "wheelchair,companion" into NEED_* bits; "" and "none" are no needs. */
static bool parse_needs(const char *s, unsigned *out)
{
    unsigned bits = 0;
    if (strcmp(s, "none") == 0)
        s = "";
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        size_t i = 0;
        while (i < 4 && !(strlen(need_names[i]) == len && strncmp(s, need_names[i], len) == 0))
            i++;
        if (i == 4)
            return false;
        bits |= 1u << i;
        s += len + (comma ? 1 : 0);
        if (comma && !*s)
            return false; /* a trailing comma */
    }
    *out = bits;
    return true;
}

static void needs_text(unsigned needs, bool json, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < 4; i++)
        if (needs & (1u << i)) {
            if (out[0])
                text_append(out, cap, ",");
            if (json)
                text_append(out, cap, "\"");
            text_append(out, cap, need_names[i]);
            if (json)
                text_append(out, cap, "\"");
        }
}

static void print_booking_json(const BookingRecord *b, bool full)
{
    char t[40], u[40], slot[8], phone[24];
    iso_time(b->created_at, t, sizeof t);
    iso_time(b->updated_at, u, sizeof u);
    hhmm(b->draft.slot, slot);
    printf("{\"id\":%lld", (long long)b->id);
    json_str("number", b->ticket.number, true);
    json_str("service", b->draft.service, true);
    json_str("day", b->draft.day, true);
    json_str("slot", slot, true);
    json_str("status", b->status, true);
    if (full) {
        json_str("phone", b->draft.phone, true);
    } else {
        phone_mask(b->draft.phone, phone, sizeof phone);
        json_str("phone", phone, true);
    }
    printf(",\"age\":%d", b->draft.age);
    json_str("created_at", t, true);
    json_str("updated_at", u, true);
    json_str("reason", b->reason, true);
    if (!full)
        return;
    char s[40], e[40], needs[80], due[40];
    iso_time(b->starts_at, s, sizeof s);
    iso_time(b->ends_at, e, sizeof e);
    iso_time(b->ticket.due_at, due, sizeof due);
    needs_text(b->draft.needs, true, needs, sizeof needs);
    json_str("site", b->site, true);
    json_str("name", b->draft.name, true);
    json_str("starts_at", s, true);
    json_str("ends_at", e, true);
    json_str("hospital", b->draft.hospital, true);
    json_str("department", b->draft.department, true);
    json_str("pickup", pickup_name(b->draft.pickup), true);
    json_str("building", b->draft.building, true);
    json_str("unit", b->draft.unit, true);
    json_str("room", b->draft.room, true);
    printf(",\"needs\":[%s]", needs);
    printf(",\"ticket\":{\"id\":%lld", (long long)b->ticket.id);
    json_str("number", b->ticket.number, true);
    json_str("lookup", b->ticket.lookup, true);
    json_str("payload", b->ticket.payload, true);
    json_str("day", b->ticket.day, true);
    json_str("due_at", due, true);
    printf("}");
}

static int list_booking(const BookingRecord *b, void *user)
{
    ListCtx *c = user;
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_booking_json(b, false);
        printf("}");
    } else {
        char slot[8], phone[24];
        hhmm(b->draft.slot, slot);
        phone_mask(b->draft.phone, phone, sizeof phone);
        printf("%-7lld %-6s %-12s %s %s  %-10s %s\n", (long long)b->id, b->ticket.number,
               b->draft.service, b->draft.day, slot, b->status, phone);
    }
    c->n++;
    return 0;
}

static bool status_known(const char *s)
{
    static const char *const all[] = {BOOKING_BOOKED, BOOKING_CHECKED_IN, BOOKING_COMPLETED,
                                      BOOKING_CANCELLED, BOOKING_NO_SHOW};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, all[i]) == 0)
            return true;
    return false;
}

static int cmd_bookings_list(Admin *ad, int argc, const char **argv)
{
    const char *day = take_option(&argc, argv, "--day");
    const char *service = take_option(&argc, argv, "--service");
    const char *status = take_option(&argc, argv, "--status");
    const char *lim = take_option(&argc, argv, "--limit");
    int limit = 50;
    int rc = check_rest(argc, argv, 0,
                        "usage: bookings list [--day DATE] [--service S] [--status S] [--limit N]");
    if (rc)
        return rc;
    if (day && !config_day_valid(day))
        return usage_error("--day is a date YYYY-MM-DD", day);
    if (status && !status_known(status))
        return usage_error("--status is booked, checked_in, completed, cancelled or no_show",
                           status);
    if (lim && !parse_int(lim, 1, 1000000, &limit))
        return usage_error("--limit needs a number from 1 to 1000000", lim);
    rc = open_store(ad);
    if (rc)
        return rc;
    CfgService v;
    if (service && (rc = load_service(ad, service, &v)) != A_OK)
        return rc;
    ListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"bookings\":[");
    else
        printf("%-7s %-6s %-12s %-10s %-5s  %-10s %s\n", "ID", "TICKET", "SERVICE", "DAY", "SLOT",
               "STATUS", "PHONE");
    KResult k = store_list_bookings(ad->store, day, service, status, limit, list_booking, &c);
    if (ad->json)
        printf("\n]}\n");
    return k == K_OK ? A_OK : store_failure(ad, k);
}

/* Loads booking id; a missing one is a failed check (exit 1). */
static int load_booking(Admin *ad, int64_t id, BookingRecord *b)
{
    KResult k = store_get_booking(ad->store, id, b);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no booking with id %lld\n", (long long)id);
        return A_CHECK;
    }
    return k == K_OK ? A_OK : store_failure(ad, k);
}

static int cmd_bookings_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = check_rest(argc, argv, 1, "usage: bookings show ID");
    if (rc)
        return rc;
    if (!parse_id(argv[0], &id))
        return usage_error("bookings show needs one booking id", argv[0]);
    rc = open_store(ad);
    if (rc)
        return rc;
    static BookingRecord b;
    rc = load_booking(ad, id, &b);
    if (rc)
        return rc;
    ListCtx ev = {ad, 0};
    if (ad->json) {
        print_booking_json(&b, true);
        printf(",\"events\":[");
        store_list_events(ad->store, "booking", id, print_event, &ev);
        printf("]}\n");
        booking_draft_wipe(&b.draft);
        return A_OK;
    }
    char t[40], s[40], e[40], slot[8], needs[80];
    iso_time(b.created_at, t, sizeof t);
    iso_time(b.starts_at, s, sizeof s);
    iso_time(b.ends_at, e, sizeof e);
    hhmm(b.draft.slot, slot);
    needs_text(b.draft.needs, false, needs, sizeof needs);
    printf("booking %lld  ticket %s  status %s\n", (long long)b.id, b.ticket.number, b.status);
    printf("  service     %s  %s %s (%s)\n", b.draft.service, b.draft.day, slot,
           weekday_name(booking_weekday(b.draft.day)));
    printf("  starts      %s\n  ends        %s\n  booked      %s\n", s, e, t);
    printf("  phone       %s\n  name        %s\n  age         %d\n", b.draft.phone, b.draft.name,
           b.draft.age);
    if (b.draft.hospital[0] || b.draft.pickup)
        printf("  hospital    %s / %s\n  pick-up     %s %s %s %s\n  needs       %s\n",
               b.draft.hospital, b.draft.department[0] ? b.draft.department : "-",
               pickup_name(b.draft.pickup), b.draft.building, b.draft.unit, b.draft.room,
               needs[0] ? needs : "none");
    if (b.reason[0])
        printf("  reason      %s\n", b.reason);
    printf("  lookup      %s\n  payload     %s\ntimeline:\n", b.ticket.lookup, b.ticket.payload);
    store_list_events(ad->store, "booking", id, print_event, &ev);
    booking_draft_wipe(&b.draft);
    return A_OK;
}

/* The options of bookings book into d; A_OK or A_USAGE with the message
 * printed.  The service and the slot are checked against the store later. */
static int booking_options(Admin *ad, int argc, const char **argv, BookingDraft *d)
{
    const char *phone = take_option(&argc, argv, "--phone");
    const char *age = take_option(&argc, argv, "--age");
    const char *name = take_option(&argc, argv, "--name");
    const char *hospital = take_option(&argc, argv, "--hospital");
    const char *department = take_option(&argc, argv, "--department");
    const char *pickup = take_option(&argc, argv, "--pickup");
    const char *needs = take_option(&argc, argv, "--needs");
    const char *building = take_option(&argc, argv, "--building");
    const char *unit = take_option(&argc, argv, "--unit");
    const char *room = take_option(&argc, argv, "--room");
    int rc = check_rest(argc, argv, 3,
                        "usage: bookings book SERVICE YYYY-MM-DD HH:MM --phone P --age N "
                        "[options]");
    if (rc)
        return rc;
    if (!set_text(d->service, sizeof d->service, argv[0]))
        return usage_error("no such service", argv[0]);
    if (!config_day_valid(argv[1]))
        return usage_error("not a date YYYY-MM-DD", argv[1]);
    text_copy(d->day, sizeof d->day, argv[1]);
    if (!parse_hhmm(argv[2], &d->slot))
        return usage_error("not a time HH:MM", argv[2]);
    if (!phone)
        return usage_error("bookings book needs --phone", NULL);
    if (!set_text(d->phone, sizeof d->phone, phone) || phone_check(d->phone) != PHONE_OK)
        return usage_error("--phone is not a phone number (digits only)", phone);
    if (!age)
        return usage_error("bookings book needs --age", NULL);
    if (!parse_int(age, BOOK_AGE_MIN, BOOK_AGE_MAX, &d->age))
        return usage_error("--age is 1 to 120", age);
    if (name && (!set_text(d->name, sizeof d->name, name) || text_length(name) > REQ_NAME_CHARS))
        return usage_error("--name is at most 20 characters", name);
    if (hospital) {
        if (strcmp(hospital, "other") != 0 &&
            !config_pick(ad->cfg.hospitals, ad->cfg.hospital_count, hospital))
            return usage_error("--hospital is a hospital code of the configuration or other",
                               hospital);
        text_copy(d->hospital, sizeof d->hospital, hospital);
    }
    if (department) {
        if (strcmp(department, "other") != 0 &&
            !config_pick(ad->cfg.departments, ad->cfg.department_count, department))
            return usage_error("--department is a department code of the configuration or other",
                               department);
        text_copy(d->department, sizeof d->department, department);
    }
    if (pickup) {
        d->pickup = strcmp(pickup, "station") == 0    ? PICKUP_STATION
                    : strcmp(pickup, "home") == 0     ? PICKUP_HOME
                    : strcmp(pickup, "hospital") == 0 ? PICKUP_HOSPITAL
                                                      : PICKUP_NONE;
        if (d->pickup == PICKUP_NONE)
            return usage_error("--pickup is station, home or hospital", pickup);
    }
    if (needs && !parse_needs(needs, &d->needs))
        return usage_error("--needs is a comma list of wheelchair, companion, hearing, sight",
                           needs);
    const char *addr[3] = {building, unit, room};
    char *dst[3] = {d->building, d->unit, d->room};
    for (int i = 0; i < 3; i++)
        if (addr[i] && !set_text(dst[i], REQ_ADDR_MAX, addr[i]))
            return usage_error("--building, --unit and --room are at most 31 bytes", addr[i]);
    return A_OK;
}

static int book_refused(Admin *ad, const BookingDraft *d, const BookRefusal *why)
{
    char next[8] = "";
    const char *reason = store_refusal_name(why);
    bool has_next = why->next_day[0] && why->next_slot >= 0;
    if (has_next)
        hhmm(why->next_slot, next);
    fprintf(stderr, "kiosk admin: booking refused (%s): %s", reason, store_errmsg(ad->store));
    if (why->kind == REFUSE_SLOT) {
        if (has_next)
            fprintf(stderr, "; next free: %s %s", why->next_day, next);
        else
            fprintf(stderr, "; no free slot in the horizon");
    }
    fprintf(stderr, "\n");
    if (ad->json) {
        printf("{\"booked\":false");
        json_str("reason", reason, true);
        json_str("message", store_errmsg(ad->store), true);
        json_str("service", d->service, true);
        json_str("day", d->day, true);
        if (has_next) {
            json_str("next_day", why->next_day, true);
            json_str("next_slot", next, true);
        } else {
            printf(",\"next_day\":null,\"next_slot\":null");
        }
        if (why->kind == REFUSE_PHONE_LIMIT)
            printf(",\"open_bookings\":%d", why->open_bookings);
        printf("}\n");
    }
    return A_CHECK;
}

static int book(Admin *ad, int argc, const char **argv, BookingDraft *d)
{
    int rc = booking_options(ad, argc, argv, d);
    if (rc)
        return rc;
    rc = open_store(ad);
    if (rc)
        return rc;
    static CfgService v;
    rc = load_service(ad, d->service, &v);
    if (rc)
        return rc;
    if (!booking_find_slot(&v, d->slot)) {
        char starts[CFG_MAX_SLOTS * 8] = "", one[8];
        for (int i = 0; i < v.slot_count; i++) {
            hhmm(v.slots[i].start, one);
            if (i)
                text_append(starts, sizeof starts, ", ");
            text_append(starts, sizeof starts, one);
        }
        fprintf(stderr, "kiosk admin: %s has no slot starting at %s (its slots start at %s)\n",
                v.item.code, argv[2], starts);
        return A_USAGE;
    }
    uint8_t key[TICKET_KEY_BYTES];
    rc = load_key(ad, key);
    if (rc)
        return rc;
    int64_t id = 0;
    Ticket t;
    BookRefusal why;
    KResult k = store_book(ad->store, d, ad->cfg.site_code, (int64_t)time(NULL),
                           ad->cfg.max_open_per_phone, key, "admin", &id, &t, &why);
    sodium_memzero(key, sizeof key);
    if (k == K_ERR_REFUSED)
        return book_refused(ad, d, &why);
    if (k != K_OK) {
        rc = store_failure(ad, k);
        return rc == A_CHECK ? A_ENV : rc; /* only a refusal is a failed check */
    }
    char slot[8];
    hhmm(d->slot, slot);
    if (ad->json) {
        printf("{\"booked\":true,\"id\":%lld", (long long)id);
        json_str("number", t.number, true);
        json_str("lookup", t.lookup, true);
        json_str("payload", t.payload, true);
        json_str("service", d->service, true);
        json_str("day", d->day, true);
        json_str("slot", slot, true);
        printf("}\n");
    } else {
        printf("booked %s %s %s: ticket %s\n", d->service, d->day, slot, t.number);
        printf("  booking id  %lld\n  lookup      %s\n  payload     %s\n", (long long)id, t.lookup,
               t.payload);
    }
    return A_OK;
}

static int cmd_bookings_book(Admin *ad, int argc, const char **argv)
{
    BookingDraft d;
    booking_draft_init(&d);
    int rc = book(ad, argc, argv, &d);
    booking_draft_wipe(&d);
    return rc;
}

/* bookings cancel|checkin|complete|no-show ID */
static int cmd_bookings_status(Admin *ad, int argc, const char **argv, const char *to)
{
    bool cancel = strcmp(to, BOOKING_CANCELLED) == 0;
    const char *reason = cancel ? take_option(&argc, argv, "--reason") : NULL;
    int64_t id;
    int rc = check_rest(argc, argv, 1,
                        cancel ? "usage: bookings cancel ID --reason TEXT"
                               : "usage: bookings checkin|complete|no-show ID");
    if (rc)
        return rc;
    if (!parse_id(argv[0], &id))
        return usage_error("not a booking id", argv[0]);
    if (cancel && (!reason || !reason[0]))
        return usage_error("bookings cancel needs --reason TEXT", NULL);
    rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_booking_set_status(ad->store, id, to, "admin", reason, (int64_t)time(NULL));
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no booking with id %lld\n", (long long)id);
        return A_CHECK;
    }
    if (k == K_ERR_REFUSED && ad->json) {
        printf("{\"id\":%lld,\"changed\":false", (long long)id);
        json_str("reason", store_errmsg(ad->store), true);
        printf("}\n");
    }
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"id\":%lld,\"changed\":true", (long long)id);
        json_str("status", to, true);
        printf("}\n");
    } else {
        printf("booking %lld is now %s\n", (long long)id, to);
    }
    return A_OK;
}

static int cmd_bookings_sweep(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 0, "bookings sweep takes no arguments");
    if (rc)
        return rc;
    rc = open_store(ad);
    if (rc)
        return rc;
    int n = 0;
    KResult k = store_sweep_no_shows(ad->store, (int64_t)time(NULL), "admin", &n);
    if (k != K_OK) {
        if (n)
            fprintf(stderr, "kiosk admin: %d marked as no-show before the failure\n", n);
        return store_failure(ad, k);
    }
    if (ad->json)
        printf("{\"no_shows\":%d}\n", n);
    else
        printf("marked %d booking%s as no-show\n", n, n == 1 ? "" : "s");
    return A_OK;
}

static int64_t admin_now(void)
{
    return (int64_t)time(NULL);
}

/* `demo bookings|requests N [--seed S]`: demo data from a seeded generator. */
static int cmd_demo(Admin *ad, int argc, const char **argv, bool requests)
{
    const char *what = requests ? "requests" : "bookings";
    const char *seed_text = take_option(&argc, argv, "--seed");
    int n = 0;
    char usage[64];
    snprintf(usage, sizeof usage, "usage: demo %s N [--seed S]", what);
    int rc = check_rest(argc, argv, 1, usage);
    if (rc)
        return rc;
    if (!parse_int(argv[0], 0, 1000000, &n))
        return usage_error("the number of demo items is 0 to 1000000", argv[0]);
    unsigned seed = 1;
    if (seed_text) {
        char *end = NULL;
        unsigned long long v = strtoull(seed_text, &end, 10);
        if (*seed_text < '0' || *seed_text > '9' || *end || strlen(seed_text) > 10 || v > UINT_MAX)
            return usage_error("--seed is a number from 0 to 4294967295", seed_text);
        seed = (unsigned)v;
    }
    rc = open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = load_key(ad, key);
    if (rc)
        return rc;
    int made = 0;
    double start = platform_mono_ms();
    KResult k = requests ? store_demo_requests(ad->store, &ad->cfg, n, seed, ad->cfg.site_code,
                                               admin_now(), key, &made)
                         : store_demo_bookings(ad->store, n, seed, ad->cfg.site_code, admin_now(),
                                               key, &made);
    double secs = (platform_mono_ms() - start) / 1000.0;
    sodium_memzero(key, sizeof key);
    if (k != K_OK) {
        if (made)
            fprintf(stderr, "kiosk admin: %d demo %s were written before the failure\n", made,
                    what);
        rc = store_failure(ad, k);
        return rc == A_CHECK ? A_ENV : rc;
    }
    if (ad->json)
        printf("{\"asked\":%d,\"made\":%d,\"seed\":%u,\"seconds\":%.3f}\n", n, made, seed, secs);
    else
        printf("made %d of %d demo %s (seed %u) in %.2f s%s\n", made, n, what, seed, secs,
               made < n && !requests ? " (full slots were skipped)" : "");
    return A_OK;
}

/* ---- staff mode: accounts, the workflow, the queue, walk-in numbers ---- */

/* --pin PIN, or --pin - for one line from stdin (kept out of the process
 * list and the shell's history).  A_OK or A_USAGE with the message. */
static int read_pin(const char *given, char pin[STAFF_PIN_MAX + 2])
{
    if (!given)
        return usage_error("needs --pin PIN (4 to 8 digits; - reads it from stdin)", NULL);
    if (strcmp(given, "-") == 0) {
        char line[64];
        if (!fgets(line, sizeof line, stdin))
            return usage_error("no PIN on stdin", NULL);
        line[strcspn(line, "\r\n")] = '\0';
        bool ok = strlen(line) <= STAFF_PIN_MAX && staff_pin_valid(line);
        if (ok)
            memcpy(pin, line, strlen(line) + 1);
        sodium_memzero(line, sizeof line);
        return ok ? A_OK : usage_error("a PIN is 4 to 8 digits", NULL);
    }
    if (!staff_pin_valid(given))
        return usage_error("a PIN is 4 to 8 digits", NULL);
    memcpy(pin, given, strlen(given) + 1);
    return A_OK;
}

static void print_staff_json(const StaffRecord *r, int64_t now)
{
    char t[40];
    iso_time(r->created_at, t, sizeof t);
    printf("{\"id\":%lld", (long long)r->id);
    json_str("login", r->login, true);
    json_str("name", r->name, true);
    json_str("role", wf_role_name(r->role), true);
    printf(",\"active\":%s,\"failed\":%d,\"locks\":%d", r->active ? "true" : "false", r->failed,
           r->locks);
    if (r->locked_until > now) {
        char until[40];
        iso_time(r->locked_until, until, sizeof until);
        json_str("locked_until", until, true);
    } else {
        printf(",\"locked_until\":null");
    }
    json_str("created_at", t, true);
    printf("}");
}

static int list_staff(const StaffRecord *r, void *user)
{
    ListCtx *c = user;
    int64_t now = admin_now();
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_staff_json(r, now);
    } else {
        char until[40] = "-";
        if (r->locked_until > now)
            iso_time(r->locked_until, until, sizeof until);
        printf("%-23s %-10s %-8s %-6d %s  %s\n", r->login, wf_role_name(r->role),
               r->active ? "active" : "disabled", r->failed, until, r->name);
    }
    c->n++;
    return 0;
}

static int cmd_staff_list(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 0, "staff list takes no arguments");
    if (rc)
        return rc;
    rc = open_store(ad);
    if (rc)
        return rc;
    ListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"staff\":[");
    else
        printf("%-23s %-10s %-8s %-6s %s  %s\n", "LOGIN", "ROLE", "STATE", "FAILED", "LOCKED_UNTIL",
               "NAME");
    KResult k = store_staff_list(ad->store, false, list_staff, &c);
    if (ad->json)
        printf("\n]}\n");
    return k == K_OK ? A_OK : store_failure(ad, k);
}

/* Prints the account after a change: {"login":..,"changed":true,...}. */
static int staff_changed(Admin *ad, const char *login, const char *what)
{
    StaffRecord r;
    KResult k = store_staff_get(ad->store, login, &r);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"changed\":true,\"staff\":");
        print_staff_json(&r, admin_now());
        printf("}\n");
    } else {
        printf("staff %s (%s, %s): %s\n", r.login, r.name, wf_role_name(r.role), what);
    }
    return A_OK;
}

static int cmd_staff_add(Admin *ad, int argc, const char **argv)
{
    const char *name = take_option(&argc, argv, "--name");
    const char *role_text = take_option(&argc, argv, "--role");
    const char *pin_text = take_option(&argc, argv, "--pin");
    char pin[STAFF_PIN_MAX + 2] = "";
    StaffRole role;
    int rc = check_rest(
        argc, argv, 1, "usage: staff add LOGIN --name NAME --role head|worker|volunteer --pin PIN");
    if (rc)
        return rc;
    if (!staff_login_valid(argv[0]))
        return usage_error("a login is 1 to 23 characters of a-z, 0-9 and _", argv[0]);
    if (!name || !name[0])
        return usage_error("staff add needs --name NAME", NULL);
    if (!role_text || !wf_role_parse(role_text, &role))
        return usage_error("staff add needs --role head|worker|volunteer", role_text);
    rc = read_pin(pin_text, pin);
    if (rc == A_OK)
        rc = open_store(ad);
    if (rc == A_OK) {
        KResult k = store_staff_add(ad->store, argv[0], name, role, pin, admin_now(), "admin");
        rc = k == K_OK ? staff_changed(ad, argv[0], "added") : store_failure(ad, k);
    }
    sodium_memzero(pin, sizeof pin);
    return rc;
}

static int cmd_staff_active(Admin *ad, int argc, const char **argv, bool active)
{
    int rc = check_rest(argc, argv, 1,
                        active ? "usage: staff enable LOGIN" : "usage: staff disable LOGIN");
    if (rc)
        return rc;
    rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_staff_set_active(ad->store, argv[0], active, admin_now(), "admin");
    if (k != K_OK)
        return store_failure(ad, k);
    return staff_changed(ad, argv[0], active ? "enabled" : "disabled");
}

static int cmd_staff_reset_pin(Admin *ad, int argc, const char **argv)
{
    const char *pin_text = take_option(&argc, argv, "--pin");
    char pin[STAFF_PIN_MAX + 2] = "";
    int rc = check_rest(argc, argv, 1, "usage: staff reset-pin LOGIN --pin PIN");
    if (rc)
        return rc;
    rc = read_pin(pin_text, pin);
    if (rc == A_OK)
        rc = open_store(ad);
    if (rc == A_OK) {
        KResult k = store_staff_set_pin(ad->store, argv[0], pin, admin_now(), "admin");
        rc = k == K_OK ? staff_changed(ad, argv[0], "new PIN set, lockout cleared")
                       : store_failure(ad, k);
    }
    sodium_memzero(pin, sizeof pin);
    return rc;
}

/* The role of --by: "admin" acts as the station head; a login its
 * account's role (a disabled account may not act). */
static int actor_role(Admin *ad, const char *by, StaffRole *role)
{
    if (strcmp(by, "admin") == 0) {
        *role = ROLE_HEAD;
        return A_OK;
    }
    StaffRecord r;
    KResult k = store_staff_get(ad->store, by, &r);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no staff account \"%.30s\" (see: staff list)\n", by);
        return A_USAGE;
    }
    if (k != K_OK)
        return store_failure(ad, k);
    if (!r.active) {
        fprintf(stderr, "kiosk admin: the staff account \"%s\" is disabled\n", by);
        return A_CHECK;
    }
    *role = r.role;
    return A_OK;
}

/* After a move: the request as it is now, or why it was refused. */
static int request_moved(Admin *ad, int64_t id, KResult k, const char *action)
{
    if (k == K_ERR_REFUSED && ad->json) {
        printf("{\"id\":%lld,\"changed\":false", (long long)id);
        json_str("reason", store_errmsg(ad->store), true);
        printf("}\n");
    }
    if (k != K_OK)
        return store_failure(ad, k);
    RequestRecord r;
    k = store_get_request(ad->store, id, &r);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"id\":%lld,\"changed\":true", (long long)id);
        json_str("action", action, true);
        json_str("status", r.status, true);
        json_str("assignee", r.assignee, true);
        json_str("rating", r.rating, true);
        printf("}\n");
    } else {
        printf("request %lld (%s) is now %s%s%s%s%s\n", (long long)id, r.ticket.number, r.status,
               r.assignee[0] ? ", assigned to " : "", r.assignee, r.rating[0] ? ", rated " : "",
               r.rating);
    }
    return A_OK;
}

static int cmd_requests_act(Admin *ad, int argc, const char **argv)
{
    const char *by = take_option(&argc, argv, "--by");
    const char *note = take_option(&argc, argv, "--note");
    const char *to = take_option(&argc, argv, "--to");
    int64_t id;
    WfAction action;
    StaffRole role;
    int rc = check_rest(argc, argv, 2,
                        "usage: requests act ID ACTION --by LOGIN [--note TEXT] [--to ASSIGNEE]");
    if (rc)
        return rc;
    if (!parse_id(argv[0], &id))
        return usage_error("not a request id", argv[0]);
    if (!wf_action_parse(argv[1], &action))
        return usage_error("the action is accept, assign, start, resolve, close, refer or cancel",
                           argv[1]);
    if (!by || !by[0])
        return usage_error("requests act needs --by LOGIN (or --by admin)", NULL);
    rc = open_store(ad);
    if (rc == A_OK)
        rc = actor_role(ad, by, &role);
    if (rc)
        return rc;
    KResult k = store_request_act(ad->store, id, action, role, by, note, to, admin_now());
    return request_moved(ad, id, k, argv[1]);
}

static int cmd_requests_rate(Admin *ad, int argc, const char **argv)
{
    const char *comment = take_option(&argc, argv, "--comment");
    int64_t id;
    WfRating rating;
    int rc = check_rest(argc, argv, 2,
                        "usage: requests rate ID satisfied|basic|dissatisfied [--comment T]");
    if (rc)
        return rc;
    if (!parse_id(argv[0], &id))
        return usage_error("not a request id", argv[0]);
    if (!wf_rating_parse(argv[1], &rating))
        return usage_error("a rating is satisfied, basic or dissatisfied", argv[1]);
    rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_request_rate(ad->store, id, rating, comment, admin_now());
    return request_moved(ad, id, k, "close");
}

/* "QKEY:CREATED:ID" as printed by queue list. */
static bool parse_queue_key(const char *s, QueueKey *k)
{
    long long q, c, i;
    char tail;
    if (!s || sscanf(s, "%lld:%lld:%lld%c", &q, &c, &i, &tail) != 3 || q < 0 || q > 7 || i <= 0)
        return false;
    k->valid = true;
    k->qkey = (int)q;
    k->created_at = c;
    k->id = i;
    return true;
}

#define QUEUE_PAGE_MAX 500

static int cmd_queue_list(Admin *ad, int argc, const char **argv)
{
    const char *status = take_option(&argc, argv, "--status");
    const char *category = take_option(&argc, argv, "--category");
    const char *limit_text = take_option(&argc, argv, "--limit");
    const char *after_text = take_option(&argc, argv, "--after");
    QueueKey after = {0};
    WfState ws;
    int limit = 20;
    int rc = check_rest(argc, argv, 0,
                        "usage: queue list [--status S] [--category C] [--limit N] [--after K]");
    if (rc)
        return rc;
    if (status && !wf_state_parse(status, &ws))
        return bad_status(status);
    if (category && !config_category(&ad->cfg, category))
        return bad_category(&ad->cfg, category);
    if (limit_text && !parse_int(limit_text, 1, QUEUE_PAGE_MAX, &limit))
        return usage_error("--limit is 1 to 500", limit_text);
    if (after_text && !parse_queue_key(after_text, &after))
        return usage_error("--after is QKEY:CREATED:ID as printed by queue list", after_text);
    rc = open_store(ad);
    if (rc)
        return rc;
    static QueueRow rows[QUEUE_PAGE_MAX];
    int n = 0, total = 0;
    KResult k = store_queue_page(ad->store, status, category, &after, rows, limit, &n);
    if (k == K_OK)
        k = store_queue_count(ad->store, status, category, &total);
    if (k != K_OK)
        return store_failure(ad, k);
    int64_t now = admin_now();
    char next[80] = "";
    if (n == limit) {
        QueueKey last = store_queue_key(&rows[n - 1]);
        snprintf(next, sizeof next, "%d:%lld:%lld", last.qkey, (long long)last.created_at,
                 (long long)last.id);
    }
    if (ad->json)
        printf("{\"total\":%d,\"rows\":[", total);
    else
        printf("%-7s %-6s %-12s %-12s %-4s %6s  %s\n", "ID", "NUMBER", "CATEGORY", "STATUS", "QKEY",
               "AGE_H", "");
    for (int i = 0; i < n; i++) {
        const QueueRow *q = &rows[i];
        WfState st = WF_CLOSED;
        bool overdue = wf_state_parse(q->status, &st) && wf_is_open(st) && q->due_at < now;
        double age_h = (double)(now - q->created_at) / 3600.0;
        if (ad->json) {
            char t[40], due[40];
            iso_time(q->created_at, t, sizeof t);
            iso_time(q->due_at, due, sizeof due);
            printf("%s\n {\"id\":%lld", i ? "," : "", (long long)q->id);
            json_str("number", q->number, true);
            json_str("category", q->category, true);
            json_str("status", q->status, true);
            printf(",\"urgent\":%s,\"flags\":%u,\"qkey\":%d,\"age_hours\":%.1f,\"overdue\":%s",
                   q->urgency == URGENCY_URGENT ? "true" : "false", q->flags, q->qkey, age_h,
                   overdue ? "true" : "false");
            json_str("created_at", t, true);
            json_str("due_at", due, true);
            printf(",\"key\":\"%d:%lld:%lld\"}", q->qkey, (long long)q->created_at,
                   (long long)q->id);
        } else {
            printf("%-7lld %-6s %-12s %-12s %-4d %6.1f  %s%s\n", (long long)q->id, q->number,
                   q->category, q->status, q->qkey, age_h, overdue ? "OVERDUE" : "",
                   q->urgency == URGENCY_URGENT ? (overdue ? " urgent" : "urgent") : "");
        }
    }
    if (ad->json) {
        printf("\n]");
        if (next[0])
            json_str("next", next, true);
        else
            printf(",\"next\":null");
        printf("}\n");
    } else {
        printf("%d of %d shown", n, total);
        if (next[0])
            printf("; next page: --after %s", next);
        printf("\n");
    }
    return A_OK;
}

static int cmd_assignees_list(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 0, "assignees list takes no arguments");
    if (rc)
        return rc;
    rc = open_store(ad);
    if (rc)
        return rc;
    static Assignee list[512];
    int n = 0;
    KResult k = store_assignee_list(ad->store, list, 512, &n);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json)
        printf("{\"assignees\":[");
    for (int i = 0; i < n; i++) {
        if (ad->json) {
            printf("%s\n {", i ? "," : "");
            json_str("kind", list[i].kind, false);
            json_str("name", list[i].name, true);
            json_str("label", list[i].label, true);
            printf("}");
        } else {
            printf("%-8s %-24s %s\n", list[i].kind, list[i].name, list[i].label);
        }
    }
    if (ad->json)
        printf("\n]}\n");
    return A_OK;
}

static int cmd_assignees_add(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 2, "usage: assignees add team|partner NAME");
    if (rc)
        return rc;
    if (strcmp(argv[0], "team") != 0 && strcmp(argv[0], "partner") != 0)
        return usage_error("an assignee is a team or a partner", argv[0]);
    rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_assignee_add(ad->store, argv[0], argv[1], admin_now(), "admin");
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"added\":true");
        json_str("kind", argv[0], true);
        json_str("name", argv[1], true);
        printf("}\n");
    } else {
        printf("added %s %s\n", argv[0], argv[1]);
    }
    return A_OK;
}

static void print_walkin_json(const WalkIn *w)
{
    char t[40], c[40];
    iso_time(w->created_at, t, sizeof t);
    printf("{\"id\":%lld,\"ticket_id\":%lld", (long long)w->id, (long long)w->ticket_id);
    json_str("number", w->number, true);
    json_str("day", w->day, true);
    json_str("status", w->status, true);
    printf(",\"counter\":%d", w->counter);
    json_str("created_at", t, true);
    if (w->called_at) {
        iso_time(w->called_at, c, sizeof c);
        json_str("called_at", c, true);
    } else {
        printf(",\"called_at\":null");
    }
    printf("}");
}

static int cmd_walkin_issue(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 0, "walkin issue takes no arguments");
    if (rc == A_OK)
        rc = open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = load_key(ad, key);
    if (rc)
        return rc;
    Ticket t;
    int ahead = 0;
    KResult k = store_walkin_issue(ad->store, ad->cfg.site_code, admin_now(), key, &t, &ahead);
    sodium_memzero(key, sizeof key);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"ticket_id\":%lld", (long long)t.id);
        json_str("number", t.number, true);
        json_str("day", t.day, true);
        json_str("lookup", t.lookup, true);
        json_str("payload", t.payload, true);
        printf(",\"ahead\":%d}\n", ahead);
    } else {
        printf("walk-in number %s (%d waiting before it)\n", t.number, ahead);
    }
    return A_OK;
}

static int cmd_walkin_call(Admin *ad, int argc, const char **argv)
{
    const char *counter_text = take_option(&argc, argv, "--counter");
    const char *by = take_option(&argc, argv, "--by");
    int counter = 0;
    StaffRole role;
    int rc = check_rest(argc, argv, 0, "usage: walkin call --counter N [--by LOGIN]");
    if (rc)
        return rc;
    if (!counter_text || !parse_int(counter_text, 1, 99, &counter))
        return usage_error("walkin call needs --counter 1..99", counter_text);
    if (!by)
        by = "admin";
    rc = open_store(ad);
    if (rc == A_OK)
        rc = actor_role(ad, by, &role);
    if (rc)
        return rc;
    WalkIn w;
    KResult k = store_walkin_call(ad->store, counter, by, admin_now(), &w);
    if (k == K_ERR_NOT_FOUND && ad->json)
        printf("{\"called\":null}\n");
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"called\":");
        print_walkin_json(&w);
        printf("}\n");
    } else {
        printf("%s to counter %d\n", w.number, w.counter);
    }
    return A_OK;
}

static int cmd_walkin_list(Admin *ad, int argc, const char **argv)
{
    int rc = check_rest(argc, argv, 0, "walkin list takes no arguments");
    if (rc == A_OK)
        rc = open_store(ad);
    if (rc)
        return rc;
    WalkIn w[20];
    int n = 0, waiting = 0;
    KResult k = store_walkin_recent(ad->store, admin_now(), w, 20, &n, &waiting);
    if (k != K_OK)
        return store_failure(ad, k);
    if (ad->json) {
        printf("{\"waiting\":%d,\"called\":[", waiting);
        for (int i = 0; i < n; i++) {
            printf("%s\n ", i ? "," : "");
            print_walkin_json(&w[i]);
        }
        printf("\n]}\n");
    } else {
        printf("%d waiting; called today, latest first:\n", waiting);
        for (int i = 0; i < n; i++) {
            char t[40];
            iso_time(w[i].called_at, t, sizeof t);
            printf("  %-6s counter %-2d  %s\n", w[i].number, w[i].counter, t);
        }
    }
    return A_OK;
}

/* `backup FILE`: an online, checked copy of the database. */
static int cmd_backup(Admin *ad, int argc, const char **argv)
{
    if (argc != 1)
        return usage_error("usage: backup FILE", NULL);
    int rc = open_store(ad);
    if (rc)
        return rc;
    int64_t bytes = 0;
    KResult k = store_backup(ad->store, argv[0], (int64_t)time(NULL), "admin", &bytes);
    if (k == K_ERR_EXISTS || k == K_ERR_REFUSED) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_USAGE;
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    if (ad->json) {
        printf("{");
        json_str("file", argv[0], false);
        printf(",\"bytes\":%lld,\"integrity\":\"ok\"}\n", (long long)bytes);
    } else {
        printf("backed up to %s (%lld bytes, integrity ok)\n", argv[0], (long long)bytes);
    }
    return A_OK;
}

/* `restore FILE`: the kiosk must be stopped; the old database is kept. */
static int cmd_restore(Admin *ad, int argc, const char **argv)
{
    char err[1024], kept[1100];
    if (argc != 1)
        return usage_error("usage: restore FILE", NULL);
    int rc = choose_db(ad);
    if (rc)
        return rc;
    KResult k =
        store_restore(argv[0], ad->db, (int64_t)time(NULL), kept, sizeof kept, err, sizeof err);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: refused: %s\n", err);
        return k == K_ERR_IO || k == K_ERR_NOMEM ? A_ENV : A_CHECK;
    }
    if (ad->json) {
        printf("{");
        json_str("restored", argv[0], false);
        json_str("kept", kept, true);
        printf("}\n");
    } else {
        printf("restored %s into %s%s%s\n", argv[0], ad->db, kept[0] ? "; the old one is " : "",
               kept);
    }
    return A_OK;
}

static void purge_item(const PurgeItem *it, void *user)
{
    bool *json_first = user;
    char when[32];
    iso_time(it->finished_at, when, sizeof when);
    if (json_first) {
        printf("%s{", *json_first ? "" : ",");
        *json_first = false;
        json_str("table", it->table, false);
        printf(",\"id\":%lld", (long long)it->id);
        json_str("number", it->number, true);
        json_str("status", it->status, true);
        json_str("finished", when, true);
        printf("}");
    } else {
        printf("  %-8s %-6s %-11s finished %s\n", it->table, it->number, it->status, when);
    }
}

/* `purge [--days N] [--dry-run]`: the retention job by hand. */
static int cmd_purge(Admin *ad, int argc, const char **argv)
{
    const char *days_s = take_option(&argc, argv, "--days");
    bool dry = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            dry = true;
        else
            return usage_error("usage: purge [--days N] [--dry-run]", argv[i]);
    }
    int days = ad->cfg.retention_days;
    if (days_s && !parse_int(days_s, 0, 36500, &days))
        return usage_error("--days is 0 to 36500", days_s);
    if (days == 0) {
        printf("retention is off (days = 0): nothing erased\n");
        return A_OK;
    }
    int rc = open_store(ad);
    if (rc)
        return rc;
    int64_t now = (int64_t)time(NULL);
    int nr = 0, nb = 0;
    bool first = true;
    if (ad->json)
        printf("{\"dry_run\":%s,\"days\":%d,\"items\":[", dry ? "true" : "false", days);
    else if (dry)
        printf("would erase the personal data of:\n");
    KResult k = store_purge(ad->store, now - (int64_t)days * 86400, dry, now, "admin",
                            dry ? purge_item : NULL, ad->json ? &first : NULL, &nr, &nb);
    if (ad->json)
        printf("],\"requests\":%d,\"bookings\":%d}\n", k == K_OK ? nr : 0, k == K_OK ? nb : 0);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    if (!ad->json)
        printf("%s %d requests and %d bookings (finished more than %d days ago)\n",
               dry ? "would erase" : "erased", nr, nb, days);
    return A_OK;
}

/* `export TABLE [--out FILE]`: CSV for a spreadsheet. */
static int cmd_export(Admin *ad, int argc, const char **argv)
{
    const char *out = take_option(&argc, argv, "--out");
    if (argc != 1)
        return usage_error("usage: export TABLE [--out FILE]", NULL);
    if (!store_export_known(argv[0]))
        return usage_error("no such table to export (requests, tickets, bookings, services, "
                           "service_slots, closures, events, walkin, assignees, staff)",
                           argv[0]);
    int rc = open_store(ad);
    if (rc)
        return rc;
    /* A file is written beside its name and renamed into place (never over
     * the database, its key or a device); stdout is written as it goes. */
    OutFile of;
    char err[OUTFILE_PATH_MAX + 128] = "write failed";
    KResult k = out ? outfile_open(&of, out, err, sizeof err) : K_OK;
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return write_failed(k);
    }
    FILE *f = out ? of.f : stdout;
    fputs("\xEF\xBB\xBF", f); /* so Excel reads the Chinese as UTF-8 */
    k = store_export(ad->store, argv[0], report_csv_row_typed, f);
    if (k != K_OK) {
        if (out)
            outfile_abort(&of);
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    k = out ? outfile_commit(&of, err, sizeof err) : (ferror(f) ? K_ERR_IO : K_OK);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return write_failed(k);
    }
    return A_OK;
}

/* ---- figures ---- */

static double stats_cpu_ms; /* of the last compute_stats */

/* The period of --period today|week|month|last, --month YYYY-MM or
 * --from DATE --to DATE (this month when none); false after saying why. */
static bool period_options(int *argc, const char **argv, StatsPeriod *p)
{
    static const char *const kinds[] = {"today", "week", "month", "last"};
    const char *kind = take_option(argc, argv, "--period");
    const char *month = take_option(argc, argv, "--month");
    const char *from = take_option(argc, argv, "--from");
    const char *to = take_option(argc, argv, "--to");
    char today[CFG_DAY_MAX];
    if ((kind != NULL) + (month != NULL) + (from != NULL || to != NULL) > 1) {
        usage_error("give one of --period, --month, or --from with --to", NULL);
        return false;
    }
    if (month) {
        if (!stats_period_month(month, p)) {
            usage_error("--month wants YYYY-MM", month);
            return false;
        }
        return true;
    }
    if (from || to) {
        if (!from || !to || !text_copy(p->from, sizeof p->from, from) ||
            !text_copy(p->to, sizeof p->to, to) || !stats_period_valid(p)) {
            usage_error("--from and --to want two dates YYYY-MM-DD, in order, at most 366 days "
                        "apart",
                        NULL);
            return false;
        }
        return true;
    }
    if (!booking_local_day((int64_t)time(NULL), today)) {
        usage_error("the clock's date cannot be read", NULL);
        return false;
    }
    StatsPeriodKind k = PERIOD_MONTH;
    if (kind) {
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(kind, kinds[i]) == 0)
                found = i;
        if (found < 0) {
            usage_error("--period wants today, week, month or last", kind);
            return false;
        }
        k = (StatsPeriodKind)found;
    }
    return stats_period_of(k, today, p);
}

static void print_work_json(const StatsWork *w)
{
    printf("\"answered\":%d,\"on_time\":%d,\"overdue\":%d,\"on_time_percent\":%d,"
           "\"resolved\":%d,\"median_answer_s\":%lld,\"median_resolve_s\":%lld,"
           "\"ratings\":{\"satisfied\":%d,\"basic\":%d,\"dissatisfied\":%d}",
           w->answered, w->on_time, w->overdue, stats_on_time_percent(w), w->resolved,
           (long long)w->median_answer, (long long)w->median_resolve, w->ratings[0], w->ratings[1],
           w->ratings[2]);
}

static void print_stats_json(const Stats *st, double ms)
{
    printf("{\"from\":\"%s\",\"to\":\"%s\",\"ms\":%.3f,\"cpu_ms\":%.3f,\"requests\":%d,",
           st->period.from, st->period.to, ms, stats_cpu_ms, st->requests);
    print_work_json(&st->work);
    printf(",\"per_day\":{");
    char day[CFG_DAY_MAX], next[CFG_DAY_MAX];
    text_copy(day, sizeof day, st->chart_from);
    for (int i = 0; i < st->day_count; i++) {
        printf("%s\"%s\":%d", i ? "," : "", day, st->per_day[i]);
        if (booking_day_add(day, 1, next))
            text_copy(day, sizeof day, next);
    }
    printf("},\"categories\":{");
    for (int i = 0; i < st->category_count; i++)
        printf("%s\"%s\":%d", i ? "," : "", st->category[i], st->per_category[i]);
    printf("},\"open\":{\"submitted\":%d,\"accepted\":%d,\"assigned\":%d,\"in_progress\":%d}",
           st->open_by_state[0], st->open_by_state[1], st->open_by_state[2], st->open_by_state[3]);
    printf(",\"bookings\":{");
    for (int i = 0; i < st->service_count; i++) {
        const StatsService *s = &st->services[i];
        printf("%s\"%s\":{\"booked\":%d,\"checked_in\":%d,\"no_show\":%d,\"cancelled\":%d}",
               i ? "," : "", s->code, s->booked, s->checked_in, s->no_show, s->cancelled);
    }
    printf("},\"walkins\":{\"issued\":%d,\"called\":%d,\"median_wait_s\":%lld,"
           "\"longest_wait_s\":%lld},\"staff\":[",
           st->walkins, st->walkins_called, (long long)st->median_wait,
           (long long)(st->walkins_called ? st->longest_wait : -1));
    for (int i = 0; i < st->staff_count; i++) {
        const StatsStaff *p = &st->staff[i];
        printf("%s{", i ? "," : "");
        json_str("login", p->login, false);
        json_str("name", p->name, true);
        printf(",\"walkins_called\":%d,", p->walkins_called);
        print_work_json(&p->work);
        printf("}");
    }
    printf("]}\n");
}

static void print_stats_text(const Stats *st, const Config *cfg, double ms)
{
    char a[48], r[48];
    stats_format_duration(st->work.median_answer, "en", a, sizeof a);
    stats_format_duration(st->work.median_resolve, "en", r, sizeof r);
    printf("%s to %s (worked out in %.1f ms, %.1f ms of CPU)\n", st->period.from, st->period.to, ms,
           stats_cpu_ms);
    printf("requests: %d, answered %d (%d on time, %d overdue unanswered: %d%% on time)\n",
           st->requests, st->work.answered, st->work.on_time, st->work.overdue,
           stats_on_time_percent(&st->work));
    printf("median time to answer %s, to resolve %s; resolved %d\n", a, r, st->work.resolved);
    printf("ratings: satisfied %d, basic %d, dissatisfied %d\n", st->work.ratings[0],
           st->work.ratings[1], st->work.ratings[2]);
    printf("open now: submitted %d, accepted %d, assigned %d, in progress %d\n",
           st->open_by_state[0], st->open_by_state[1], st->open_by_state[2], st->open_by_state[3]);
    printf("by category:");
    for (int i = 0; i < st->category_count; i++) {
        const CfgCategory *c = config_category(cfg, st->category[i]);
        printf(" %s %d", c ? c->item.zh : st->category[i], st->per_category[i]);
    }
    printf("\nbookings (booked / checked in / no-show / cancelled):\n");
    for (int i = 0; i < st->service_count; i++)
        printf("  %-12s %d / %d / %d / %d\n", st->services[i].code, st->services[i].booked,
               st->services[i].checked_in, st->services[i].no_show, st->services[i].cancelled);
    stats_format_duration(st->median_wait, "en", a, sizeof a);
    printf("walk-ins: %d taken, %d called, median wait %s\n", st->walkins, st->walkins_called, a);
    for (int i = 0; i < st->staff_count; i++) {
        const StatsStaff *p = &st->staff[i];
        printf("  %-16s answered %d, resolved %d, on time %d%%, called %d\n", p->name,
               p->work.answered, p->work.resolved, stats_on_time_percent(&p->work),
               p->walkins_called);
    }
}

static int compute_stats(Admin *ad, const StatsPeriod *p, Stats *st, double *ms)
{
    int rc = open_store(ad);
    if (rc)
        return rc;
    double t0 = platform_mono_ms();
    clock_t c0 = clock();
    KResult k = store_stats(ad->store, &ad->cfg, p, (int64_t)time(NULL), st);
    *ms = platform_mono_ms() - t0;
    /* the CPU time too: on a busy machine the wall time says more about
     * the other programs than about this one */
    stats_cpu_ms = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return k == K_ERR_INVALID ? A_USAGE : A_ENV;
    }
    return A_OK;
}

/* `stats [--period P | --month M | --from D --to D]`: the figures. */
static int cmd_stats(Admin *ad, int argc, const char **argv)
{
    static Stats st;
    StatsPeriod p;
    double ms = 0;
    if (!period_options(&argc, argv, &p))
        return A_USAGE;
    if (argc != 0)
        return usage_error("usage: stats [--period today|week|month|last | --month YYYY-MM | "
                           "--from DATE --to DATE]",
                           NULL);
    int rc = compute_stats(ad, &p, &st, &ms);
    if (rc)
        return rc;
    if (ad->json)
        print_stats_json(&st, ms);
    else
        print_stats_text(&st, &ad->cfg, ms);
    return A_OK;
}

static int add_need(const NeedRow *n, void *user)
{
    void **ctx = user;
    report_needs_add(ctx[0], ctx[1], n->category, n->building, n->open, n->urgent, n->aged80,
                     n->disabled, n->alone, n->oldest);
    return 0;
}

/* `report --month YYYY-MM [--out DIR] [--lang zh|en]` (or another period):
 * CSV files and chart images into a folder. */
static int cmd_report(Admin *ad, int argc, const char **argv)
{
    static Stats st;
    static ReportNeeds needs;
    StatsPeriod p;
    double ms = 0;
    const char *out = take_option(&argc, argv, "--out");
    const char *lang = take_option(&argc, argv, "--lang");
    char dir[512], err[1100];
    if (!period_options(&argc, argv, &p))
        return A_USAGE;
    if (argc != 0)
        return usage_error("usage: report --month YYYY-MM [--out DIR] [--lang zh|en]", NULL);
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        return usage_error("--lang wants zh or en", lang);
    if (!out) {
        snprintf(dir, sizeof dir, "report-%s_%s", p.from, p.to);
        out = dir;
    }
    int rc = compute_stats(ad, &p, &st, &ms);
    if (rc)
        return rc;
    memset(&needs, 0, sizeof needs);
    void *ctx[2] = {&needs, &ad->cfg};
    KResult k = store_needs(ad->store, add_need, ctx);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return A_ENV;
    }
    report_needs_sort(&needs, &ad->cfg);
    double t0 = platform_mono_ms();
    k = report_write(&st, &needs, &ad->cfg, out, lang ? lang : "zh", platform_font_dir(), err,
                     sizeof err);
    double write_ms = platform_mono_ms() - t0;
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return write_failed(k);
    }
    if (ad->json) {
        printf("{");
        json_str("folder", out, false);
        printf(",\"from\":\"%s\",\"to\":\"%s\",\"stats_ms\":%.3f,\"write_ms\":%.3f,"
               "\"needs\":%d}\n",
               p.from, p.to, ms, write_ms, needs.count);
    } else {
        printf("wrote the report of %s to %s into %s (figures %.1f ms, files %.0f ms)\n", p.from,
               p.to, out, ms, write_ms);
    }
    return A_OK;
}

/* `check`: the full integrity check of the database. */
static int cmd_check(Admin *ad, int argc, const char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("usage: check", NULL);
    int rc = open_store(ad);
    if (rc)
        return rc;
    KResult k = store_check(ad->store, true);
    if (ad->json)
        printf("{\"integrity\":\"%s\"}\n", k == K_OK ? "ok" : "damaged");
    else
        printf("%s\n", k == K_OK ? "integrity ok" : store_errmsg(ad->store));
    return k == K_OK ? A_OK : A_CHECK;
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
    ad.reads_only = command_reads_only(a0, a1);
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
    else if (strcmp(a0, "services") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_services_list(&ad, rest, args);
    else if (strcmp(a0, "services") == 0 && strcmp(a1, "add") == 0)
        rc = cmd_services_add(&ad, rest, args);
    else if (strcmp(a0, "services") == 0 && strcmp(a1, "change") == 0)
        rc = cmd_services_change(&ad, rest, args);
    else if (strcmp(a0, "services") == 0 && (strcmp(a1, "close") == 0 || strcmp(a1, "reopen") == 0))
        rc = cmd_services_close(&ad, rest, args, a1[0] == 'c');
    else if (strcmp(a0, "availability") == 0)
        rc = cmd_availability(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_bookings_list(&ad, rest, args);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "show") == 0)
        rc = cmd_bookings_show(&ad, rest, args);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "book") == 0)
        rc = cmd_bookings_book(&ad, rest, args);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "cancel") == 0)
        rc = cmd_bookings_status(&ad, rest, args, BOOKING_CANCELLED);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "checkin") == 0)
        rc = cmd_bookings_status(&ad, rest, args, BOOKING_CHECKED_IN);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "complete") == 0)
        rc = cmd_bookings_status(&ad, rest, args, BOOKING_COMPLETED);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "no-show") == 0)
        rc = cmd_bookings_status(&ad, rest, args, BOOKING_NO_SHOW);
    else if (strcmp(a0, "bookings") == 0 && strcmp(a1, "sweep") == 0)
        rc = cmd_bookings_sweep(&ad, rest, args);
    else if (strcmp(a0, "demo") == 0 && strcmp(a1, "bookings") == 0)
        rc = cmd_demo(&ad, rest, args, false);
    else if (strcmp(a0, "backup") == 0)
        rc = cmd_backup(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "restore") == 0)
        rc = cmd_restore(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "check") == 0)
        rc = cmd_check(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "export") == 0)
        rc = cmd_export(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "stats") == 0)
        rc = cmd_stats(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "report") == 0)
        rc = cmd_report(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "purge") == 0)
        rc = cmd_purge(&ad, ad.nwords - 1, ad.words + 1);
    else if (strcmp(a0, "demo") == 0 && strcmp(a1, "requests") == 0)
        rc = cmd_demo(&ad, rest, args, true);
    else if (strcmp(a0, "staff") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_staff_list(&ad, rest, args);
    else if (strcmp(a0, "staff") == 0 && strcmp(a1, "add") == 0)
        rc = cmd_staff_add(&ad, rest, args);
    else if (strcmp(a0, "staff") == 0 && (strcmp(a1, "disable") == 0 || strcmp(a1, "enable") == 0))
        rc = cmd_staff_active(&ad, rest, args, a1[0] == 'e');
    else if (strcmp(a0, "staff") == 0 && strcmp(a1, "reset-pin") == 0)
        rc = cmd_staff_reset_pin(&ad, rest, args);
    else if (strcmp(a0, "requests") == 0 && strcmp(a1, "act") == 0)
        rc = cmd_requests_act(&ad, rest, args);
    else if (strcmp(a0, "requests") == 0 && strcmp(a1, "rate") == 0)
        rc = cmd_requests_rate(&ad, rest, args);
    else if (strcmp(a0, "queue") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_queue_list(&ad, rest, args);
    else if (strcmp(a0, "assignees") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_assignees_list(&ad, rest, args);
    else if (strcmp(a0, "assignees") == 0 && strcmp(a1, "add") == 0)
        rc = cmd_assignees_add(&ad, rest, args);
    else if (strcmp(a0, "walkin") == 0 && strcmp(a1, "issue") == 0)
        rc = cmd_walkin_issue(&ad, rest, args);
    else if (strcmp(a0, "walkin") == 0 && strcmp(a1, "call") == 0)
        rc = cmd_walkin_call(&ad, rest, args);
    else if (strcmp(a0, "walkin") == 0 && strcmp(a1, "list") == 0)
        rc = cmd_walkin_list(&ad, rest, args);
    else {
        help(stderr);
        rc = usage_error("unknown command", a0);
    }
    store_close(ad.store);
    return rc;
}
