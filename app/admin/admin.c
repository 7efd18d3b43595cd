/* admin.c - `kiosk admin`: the store and tickets from the command line.
 *
 * `--db PATH`, `--config PATH` and `--json` are taken anywhere on the line;
 * the remaining words are the command.  Output is plain text, or one JSON
 * document with --json.  Exit statuses as in admin.h.
 *
 * The commands are one table (noun, verb, handler, flags, usage, summary),
 * as Redis keeps its command table: admin_main looks the command up in it,
 * and the help is printed from it.  The handlers live by noun in
 * admin_<noun>.c; what they share is in admin_int.h. */
#include "kiosk/admin.h"

#include <stdio.h>
#include <string.h>

#include "admin_int.h"

#define RD (ADMIN_STORE | ADMIN_READS)
#define WR ADMIN_STORE

/* Every command, in the order of the help. */
static const AdminCommand commands[] = {
    {"requests", "list", cmd_requests_list, RD, "[--status S] [--limit N]", "newest first"},
    {"requests", "show", cmd_requests_show, RD, "ID", "one request, its ticket and timeline"},
    {"ticket", "verify", cmd_ticket_verify, RD, "PAYLOAD", "exit 0 valid, 1 not"},
    {"ticket", "png", cmd_ticket_png, RD, "ID FILE [--width 58|80]",
     "the ticket card as a PNG image, or\nwith --width the receipt (1 bit)"},
    {"ticket", "print", cmd_ticket_print, RD, "ID --printer URI [--width 58|80]",
     "print the receipt (ESC/POS)"},
    {"services", "list", cmd_services_list, RD, "", "services, their slots, closed days"},
    {"services", "add", cmd_services_add, WR,
     "CODE --zh NAME --en NAME --letter L --slots HH:MM-HH:MM/N,...\n"
     "[--days mon-fri] [--lead-hours N] [--horizon-days N] [--escort yes|no]\n"
     "[--about-zh T] [--about-en T] [--place-zh T] [--place-en T]\n"
     "[--bring-zh T] [--bring-en T] [--active yes|no]",
     NULL},
    {"services", "change", cmd_services_change, WR, "CODE [the options of add]",
     "change only what is given"},
    {"services", "close", cmd_services_close, WR, "CODE|all DATE [--reason-zh T] [--reason-en T]",
     NULL},
    {"services", "reopen", cmd_services_reopen, WR, "CODE|all DATE", NULL},
    {"availability", "", cmd_availability, RD, "SERVICE [--from DATE] [--days N]",
     "places per day and slot"},
    {"bookings", "list", cmd_bookings_list, RD,
     "[--day DATE] [--service S] [--status S] [--limit N]", NULL},
    {"bookings", "show", cmd_bookings_show, RD, "ID", "one booking, its ticket and timeline"},
    {"bookings", "book", cmd_bookings_book, WR,
     "SERVICE DATE HH:MM --phone P --age N [--name T]\n"
     "[--hospital CODE] [--department CODE] [--pickup station|home|hospital]\n"
     "[--building T --unit T --room T] [--needs wheelchair,companion,hearing,sight]",
     "exit 1 when refused (full, limit ...)"},
    {"bookings", "cancel", cmd_bookings_cancel, WR, "ID --reason TEXT", NULL},
    {"bookings", "checkin", cmd_bookings_checkin, WR, "ID", NULL},
    {"bookings", "complete", cmd_bookings_complete, WR | ADMIN_JOIN, "ID", NULL},
    {"bookings", "no-show", cmd_bookings_no_show, WR | ADMIN_JOIN, "ID", NULL},
    {"bookings", "sweep", cmd_bookings_sweep, WR, "", "mark ended, unchecked bookings no-show"},
    {"demo", "bookings", cmd_demo_bookings, WR, "N [--seed S]",
     "N demo bookings (past year, coming days)"},
    {"staff", "add", cmd_staff_add, WR,
     "LOGIN --name NAME --role head|worker|volunteer --pin PIN|-", NULL},
    {"staff", "list", cmd_staff_list, RD, "", "accounts, roles, lockouts"},
    {"staff", "disable", cmd_staff_disable, WR, "LOGIN", NULL},
    {"staff", "enable", cmd_staff_enable, WR | ADMIN_JOIN, "LOGIN", NULL},
    {"staff", "reset-pin", cmd_staff_reset_pin, WR, "LOGIN --pin PIN|-",
     "a new PIN (clears a lockout)\n--pin - reads the PIN from stdin"},
    {"requests", "act", cmd_requests_act, WR,
     "ID ACTION --by LOGIN|admin [--note T] [--to ASSIGNEE]",
     "accept, assign, start, resolve, close,\nrefer, cancel; exit 1 when refused"},
    {"requests", "rate", cmd_requests_rate, WR,
     "ID satisfied|basic|dissatisfied [--comment T] [--site SITE]",
     "--site: a request of another site (relayed)"},
    {"requests", "refer", cmd_requests_refer, WR, "ID --to SITE --by LOGIN|admin --note T",
     "refer to another site of the district"},
    {"requests", "link", cmd_requests_link, WR, "ID --project PROJECT_ID [--by LOGIN]",
     "handled by a project (issue 22)"},
    {"needs", "list", cmd_needs_list, RD, "[--from DATE --to DATE]",
     "requests by community, category, issue;\nrecognised needs"},
    {"needs", "show", cmd_needs_show, RD, "ID", "a need, its requests, matching resources"},
    {"needs", "add", cmd_needs_add, WR,
     "--title T [--category C] [--community B]\n[--issue I] [--note T] --by LOGIN",
     "recognise a need"},
    {"needs", "link", cmd_needs_link, WR, "NEED_ID REQUEST_ID [--by LOGIN]", NULL},
    {"resources", "add", cmd_resources_add, WR,
     "--name T --kind org|charity|company|pro|team|person\n--offers CAT[,CAT] [--capacity N] "
     "[--contact T]\n[--phone P] [--availability T] [--agreement T]",
     "who can help; contact for staff only"},
    {"resources", "change", cmd_resources_change, WR, "ID [the options of add]", NULL},
    {"resources", "list", cmd_resources_list, RD, "", "places left of each"},
    {"resources", "show", cmd_resources_show, RD | ADMIN_JOIN, "ID", NULL},
    {"projects", "add", cmd_projects_add, WR,
     "--title T --need NEED_ID --resource RES_ID\n[--places N] --owner LOGIN [--start D] "
     "--due D",
     "owner and due date required"},
    {"projects", "change", cmd_projects_change, WR,
     "ID [--title T] [--owner L] [--start D] [--due D]\n[--state planned|running] [--need ID]"
     "\n[--resource ID [--places N]]",
     NULL},
    {"projects", "list", cmd_projects_list, RD, "[--all]", "overdue first"},
    {"projects", "show", cmd_projects_show, RD, "ID", "needs, resources, requests, milestones"},
    {"projects", "milestone", cmd_projects_milestone, WR, "ID TITLE [--day D]", NULL},
    {"projects", "close", cmd_projects_close, WR, "ID --result T [--cancelled]",
     "a closed project takes no new requests"},
    {"queue", "list", cmd_queue_list, RD,
     "[--status S] [--category C] [--limit N] [--after QKEY:CREATED:ID]",
     "open requests, most pressing first"},
    {"assignees", "list", cmd_assignees_list, RD, "", "who requests are assigned to"},
    {"assignees", "add", cmd_assignees_add, WR | ADMIN_JOIN, "team|partner NAME", NULL},
    {"walkin", "issue", cmd_walkin_issue, WR, "", NULL},
    {"walkin", "call", cmd_walkin_call, WR | ADMIN_JOIN, "--counter N [--by LOGIN]", NULL},
    {"walkin", "recall", cmd_walkin_recall, WR | ADMIN_JOIN, "--counter N [--by LOGIN]",
     "calls again the number counter N called last"},
    {"walkin", "skip", cmd_walkin_skip, WR | ADMIN_JOIN, "--counter N [--by LOGIN]",
     "passes over that number and calls the next"},
    {"walkin", "list", cmd_walkin_list, RD | ADMIN_JOIN, "", NULL},
    /* volunteers and their hours (issue 21) */
    {"volunteers", "list", cmd_volunteers_list, RD, "[--status S] [--skill CODE]",
     "applications and volunteers, oldest first"},
    {"volunteers", "show", cmd_volunteers_show, RD, "ID", "one volunteer, hours and timeline"},
    {"volunteers", "approve", cmd_volunteers_approve, WR, "ID --by LOGIN", "a station head"},
    {"volunteers", "reject", cmd_volunteers_reject, WR | ADMIN_JOIN, "ID --by LOGIN", NULL},
    {"volunteers", "disable", cmd_volunteers_disable, WR | ADMIN_JOIN, "ID [--by LOGIN]", NULL},
    {"volunteers", "team", cmd_volunteers_team, WR, "ID TEAM --by LOGIN",
     "put the volunteer in a team (\"\" none), for the figures per team"},
    {"volunteers", "card", cmd_volunteers_card, WR, "ID FILE.png [--new]",
     "the volunteer's card (--new: a new card;\nthe old one stops working)"},
    {"volunteers", "hours", cmd_volunteers_hours, RD, "ID [--limit N]",
     "the ledger, newest first, and the total"},
    {"volunteers", "adjust", cmd_volunteers_adjust, WR,
     "ID MINUTES --reason T --by LOGIN [--spent]",
     "a new entry (a correction is never an edit);\n--spent: help the volunteer received"},
    {"volunteers", "close", cmd_volunteers_close, WR, "ID --minutes N --by LOGIN",
     "close a duty left open, counting N minutes"},
    {"activities", "add", cmd_activities_add, WR,
     "CODE --zh T --en T --day YYYY-MM-DD --time HH:MM-HH:MM --seats N\n[--per-signup N]"
     " [--per-phone N] [--audience elder|youth|children|all]\n[--place-zh T] [--place-en T]"
     " [--desc-zh T] [--desc-en T] [--bring-zh T] [--bring-en T]\n[--waitlist yes|no]"
     " [--opens \"D HH:MM\"] [--closes \"D HH:MM\"] [--cancel-before MIN]\n"
     "[--repeat daily|weekly --until YYYY-MM-DD]",
     "a community activity (a series: one date a row)"},
    {"activities", "list", cmd_activities_list, RD, "[--from D] [--to D] [--audience A]",
     "the calendar, four weeks from today"},
    {"activities", "show", cmd_activities_show, RD | ADMIN_JOIN, "ID", NULL},
    {"activities", "change", cmd_activities_change, WR, "ID [the options of add]",
     "more seats promote the waiting list at once"},
    {"activities", "cancel", cmd_activities_cancel, WR, "ID [--series]",
     "this date (and the later ones of its series)"},
    {"activities", "signups", cmd_activities_signups, RD, "ID [--full [--by LOGIN]]",
     "in order, with their state; whole phones for a station head"},
    {"activities", "signup", cmd_activities_signup, WR, "ID --phone P [--people N]",
     "a seat, or the waiting list when full"},
    {"activities", "cancel-signup", cmd_activities_cancel_signup, WR, "SIGNUP_ID",
     "its seats go to the first waiting"},
    {"activities", "checkin", cmd_activities_checkin, WR, "SIGNUP_ID", NULL},
    {"activities", "release", cmd_activities_release, WR, "ID",
     "no-shows' seats to the waiting list, 10 minutes after the start"},
    {"activities", "sweep", cmd_activities_sweep, WR, "", "no-shows of ended activities"},
    {"demo", "requests", cmd_demo_requests, WR, "N [--seed S]",
     "N demo requests over the last 90 days"},
    {"backup", "", cmd_backup, RD, "FILE", "an online copy, checked (integrity)"},
    /* restore replaces the file itself: it needs the path, not the store */
    {"restore", "", cmd_restore, 0, "FILE",
     "replace the database (kiosk stopped);\nthe old one is kept beside it"},
    {"check", "", cmd_check, RD, "", "PRAGMA integrity_check of the database"},
    {"export", "", cmd_export, RD, "TABLE [--out FILE]",
     "a table as CSV (RFC 4180, UTF-8 with a\nbyte-order mark, for Excel)"},
    {"purge", "", cmd_purge, WR, "[--days N] [--dry-run]",
     "erase personal data of items finished\nmore than N days ago ([retention] days)"},
    {"stats", "", cmd_stats, RD,
     "[--period today|week|month|last | --month YYYY-MM | --from DATE --to DATE]",
     "the station's figures (this month)"},
    {"report", "", cmd_report, RD, "--month YYYY-MM [--out DIR] [--lang zh|en]",
     "the figures as CSV files and chart PNGs,\nand the needs list, into a folder"},
    {"sync", "now", cmd_sync_now, WR, "",
     "send the outbox to the district centre;\nexit 1 when something is left pending"},
    {"sync", "status", cmd_sync_status, WR | ADMIN_JOIN, "", NULL},
    {"sync", "new-epoch", cmd_sync_new_epoch, WR | ADMIN_JOIN, "", NULL},
    {"sms", "status", cmd_sms_status, WR, "", "texts to residents: set up, counts"},
    {"sms", "list", cmd_sms_list, WR, "[--state S] [--limit N]", "the texts, newest first"},
    {"sms", "retry", cmd_sms_retry, WR, "ID", "a failed text once more"},
    {"sms", "test", cmd_sms_test, WR, "NUMBER [--lang zh|en]", "a test text to that mobile"},
    {"sms", "stop", cmd_sms_stop, WR, "NUMBER", "no more texts to that number"},
    /* the district centre (PostgreSQL): --pg CONNINFO or [district] postgres */
    {"district", "init", cmd_district_init, 0, "", "make or migrate the centre's schema"},
    {"district", "sites", cmd_district_sites, 0, "", "the sites, last contact, backlog, version"},
    {"district", "sites", cmd_district_sites, 0, "add CODE --role ROLE [--name NAME]",
     "register a site and its login role"},
    {"district", "publish", cmd_district_publish, 0, "FILE.ini",
     "the next configuration bundle, signed with the centre's key"},
    {"district", "stats", cmd_district_stats, 0,
     "[--period today|week|month|last | --month YYYY-MM | --from DATE --to DATE]",
     "the figures per site and for the district"},
    {"district", "needs", cmd_district_needs, 0, "", "open requests by site, building, category"},
    {"district", "keys", cmd_district_keys, 0, "", "the sites' ticket keys and revocations"},
    {"district", "revoke", cmd_district_revoke, 0, "SITE",
     "revoke the site's ticket keys;\nexit 1 for an unknown site"},
};

#undef RD
#undef WR

enum { HELP_INDENT = 2, HELP_MORE = 6, HELP_SUMMARY = 44 };

/* Prints `width` spaces. */
static void help_pad(FILE *f, int width)
{
    fprintf(f, "%*s", width, "");
}

/* Prints text's lines: the first after what is on the line already (`at`
 * columns), the rest on lines of their own indented by `indent`.  Returns
 * the width of the last line; no newline is printed after it. */
static int help_lines(FILE *f, const char *text, int at, int indent)
{
    for (;;) {
        const char *nl = strchr(text, '\n');
        int n = nl ? (int)(nl - text) : (int)strlen(text);
        fprintf(f, "%.*s", n, text);
        at += n;
        if (!nl)
            return at;
        fputc('\n', f);
        help_pad(f, indent);
        at = indent;
        text = nl + 1;
    }
}

/* The help, generated from the table: each command's usage (the commands
 * marked ADMIN_JOIN after " | " on the line of the one before), then the
 * summary of the line's first command at column 44 beside the usage (two
 * spaces after a usage that ends at 43), or on the lines below. */
static void help(FILE *f)
{
    size_t n = sizeof commands / sizeof commands[0];
    fputs("usage: kiosk admin [--db PATH] [--config PATH] [--json] COMMAND\n"
          "commands:\n",
          f);
    const char *summary = NULL;
    int col = 0;
    for (size_t i = 0; i < n; i++) {
        const AdminCommand *c = &commands[i];
        if (c->flags & ADMIN_JOIN) {
            col += fprintf(f, " | %s", c->verb);
        } else {
            summary = c->summary;
            col = fprintf(f, "%*s%s%s%s", HELP_INDENT, "", c->noun, c->verb[0] ? " " : "", c->verb);
        }
        if (c->args[0]) {
            fputc(' ', f);
            col = help_lines(f, c->args, col + 1, HELP_MORE);
        }
        if (i + 1 < n && (commands[i + 1].flags & ADMIN_JOIN))
            continue; /* the line goes on */
        if (summary) {
            if (col > HELP_SUMMARY - 1) { /* not two spaces before column 45 */
                fputc('\n', f);
                col = 0;
            }
            help_pad(f, col + 2 > HELP_SUMMARY ? 2 : HELP_SUMMARY - col);
            help_lines(f, summary, 0, HELP_SUMMARY);
        }
        fputc('\n', f);
    }
    fputs("dates are YYYY-MM-DD, local time (TZ)\n"
          "district: the centre is --pg CONNINFO (after district), or [district] postgres\n",
          f);
}

/* The row of the table the words name: the noun, and the verb unless the
 * noun is the command; NULL when none does.  nwords is at least 1. */
static const AdminCommand *command_find(int nwords, const char *const *words)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const AdminCommand *c = &commands[i];
        if (strcmp(c->noun, words[0]) == 0 &&
            (!c->verb[0] || (nwords > 1 && strcmp(c->verb, words[1]) == 0)))
            return c;
    }
    return NULL;
}

int admin_main(int argc, char **argv)
{
    static Admin ad;
    memset(&ad, 0, sizeof ad);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            ad.json = true;
        } else if (strcmp(argv[i], "--pg") == 0) {
            if (i + 1 >= argc)
                return admin_usage_error("needs a value", argv[i]);
            ad.pg = argv[++i];
        } else if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc)
                return admin_usage_error("needs a value", argv[i]);
            if (argv[i][2] == 'd')
                ad.db = argv[++i];
            else
                ad.config = argv[++i];
        } else if (ad.nwords < MAX_WORDS) {
            ad.words[ad.nwords++] = argv[i];
        } else {
            return admin_usage_error("too many arguments", NULL);
        }
    }
    if (ad.nwords == 0 || strcmp(ad.words[0], "help") == 0 || strcmp(ad.words[0], "--help") == 0) {
        help(ad.nwords ? stdout : stderr);
        return ad.nwords ? K_EXIT_OK : K_EXIT_USAGE;
    }
    char err[1024];
    KResult k = config_load(&ad.cfg, ad.config, err, sizeof err);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return k_exit_config(k);
    }
    const AdminCommand *c = command_find(ad.nwords, ad.words);
    if (!c) {
        help(stderr);
        return admin_usage_error("unknown command", ad.words[0]);
    }
    if (ad.pg && strcmp(c->noun, "district") != 0)
        return admin_usage_error("--pg is for the district commands", NULL);
    ad.cmd = c;
    int used = c->verb[0] ? 2 : 1;
    int rc = c->run(&ad, ad.nwords - used, ad.words + used);
    store_close(ad.store);
    return rc;
}
