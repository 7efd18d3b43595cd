/* admin_int.h - what the files of `kiosk admin` share (private to app/admin/).
 *
 * admin.c holds the table of commands, the help it prints and admin_main;
 * each admin_<noun>.c holds the handlers of one noun; admin_common.c the
 * pieces every handler uses.  A handler parses its arguments first and then
 * opens the database with admin_open_store, so that a usage error is
 * reported before the environment is looked at (exit 2 before 3). */
#ifndef KIOSK_ADMIN_INT_H
#define KIOSK_ADMIN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/eventlog.h"
#include "kiosk/exitcode.h"
#include "kiosk/outfile.h"
#include "kiosk/staff.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"
#include "kiosk/ui.h"
#include "kiosk/ticket_card.h"

#define MAX_WORDS 64 /* services add with every option: about 40 */

struct AdminCommand;

/* One run of `kiosk admin`: the options, the command's words, the
 * configuration and, once a handler opened it, the store. */
typedef struct {
    const char *db;
    const char *config;
    bool json;
    const char *words[MAX_WORDS];
    int nwords;
    Config cfg;
    Store *store;
    const struct AdminCommand *cmd; /* the command being run */
    const char *pg;                 /* --pg CONNINFO: the district centre (district) */
    char db_buf[1024];
    char real_db[OUTFILE_PATH_MAX];
    char key_path[OUTFILE_PATH_MAX];
} Admin;

/* What the table says of a command (AdminCommand.flags). */
enum {
    ADMIN_STORE = 1 << 0, /* opens the database through admin_open_store */
    ADMIN_READS = 1 << 1, /* only reads: a database it cannot write is opened read-only */
    ADMIN_JOIN = 1 << 2,  /* help: shown after " | " on the line of the command before */
};

/* A command's handler: argv holds the argc words after the noun and verb
 * (--db, --config and --json taken out).  Returns the exit status. */
typedef int (*AdminHandler)(Admin *ad, int argc, const char **argv);

/* One command of `kiosk admin`, a row of the table in admin.c that
 * dispatches and prints the help.  A command is a noun and a verb
 * ("requests list"), or a noun alone (verb "": "backup FILE"). */
typedef struct AdminCommand {
    const char *noun, *verb;
    AdminHandler run;
    unsigned flags;
    const char *args;    /* help: the arguments; lines after the first are indented */
    const char *summary; /* help: a line or a few, beside or below; NULL: none */
} AdminCommand;

/* The state of a listing callback: the run, and how many rows so far (the
 * JSON separator). */
typedef struct {
    Admin *ad;
    int n;
} AdminListCtx;

/* ---- the prologue (admin_common.c) ---- */

/* Resolves the database path (--db or the default) to its real file and
 * the key beside it, and protects both from this run's outputs.  Idempotent.
 * K_EXIT_OK, or K_EXIT_ENV with the message printed. */
int admin_choose_db(Admin *ad);

/* Opens the store once for the command (ad->cmd, which must carry
 * ADMIN_STORE): read-only when the table says ADMIN_READS and the file
 * cannot be written, else read-write with the configured services seeded.
 * Never creates a database.  K_EXIT_OK, or K_EXIT_ENV with the message
 * printed.  admin_main closes the store. */
int admin_open_store(Admin *ad);

/* Loads the ticket key beside the database (after admin_choose_db) into key;
 * never creates one.  K_EXIT_OK, or K_EXIT_ENV with the message printed. */
int admin_load_key(Admin *ad, uint8_t key[TICKET_KEY_BYTES]);

/* The role --by acts in ("admin": the station head; else the account's),
 * for a store already open.  K_EXIT_OK, or the exit status with the message
 * printed (unknown account 2, disabled 1). */
int admin_actor_role(Admin *ad, const char *by, StaffRole *role);

/* ---- exit statuses with their message (admin_common.c) ---- */

/* Prints "kiosk admin: MSG[: ARG]" to stderr; returns K_EXIT_USAGE. */
int admin_usage_error(const char *msg, const char *arg);

/* An unknown --status or --category, naming the values there are;
 * returns K_EXIT_USAGE. */
int admin_bad_status(const char *arg);
int admin_bad_category(const Config *cfg, const char *arg);

/* The exit status of a failed output file write: refused or existing path 2,
 * else 3. */
int admin_write_failed(KResult k);

/* Draws ui (laid out with t, w px wide) into the PNG path, as tall as its
 * widgets reach plus a margin, through an offscreen window named name (a
 * ticket's or a volunteer's card); says why on stderr.  An exit status. */
int admin_card_png(const UiList *ui, const Theme *t, int w, const char *name, const char *path);

/* The store's last failure k, printed, as an exit status: bad input 2, a
 * rule or a missing row 1, anything else 3. */
int admin_store_failure(Admin *ad, KResult k);

/* ---- arguments (admin_common.c) ---- */

/* Takes "NAME VALUE" out of argv (in place, *argc lowered); returns VALUE,
 * pointing into argv's strings, or NULL when NAME is not there. */
const char *admin_take_option(int *argc, const char **argv, const char *name);
bool admin_take_flag(int *argc, const char **argv, const char *name);

/* Exactly n words left and none an option; else prints usage and returns
 * K_EXIT_USAGE.  K_EXIT_OK otherwise. */
int admin_check_rest(int argc, const char **argv, int n, const char *usage);
/* admin_check_rest for one argument, that argument an id (else the usage
 * error what), then admin_open_store. */
int admin_one_id(Admin *ad, int argc, const char **argv, const char *usage, const char *what,
                 int64_t *id);

/* Parsers: true and *out set when s is valid, false otherwise (*out kept).
 * An id is a decimal above 0; an int is digits only in lo..hi; HH:MM is
 * minutes after midnight; yes|no a bool. */
bool admin_parse_id(const char *s, int64_t *out);
bool admin_parse_int(const char *s, int lo, int hi, int *out);
bool admin_parse_hhmm(const char *s, int *out);
bool admin_parse_yes_no(const char *s, bool *out);

/* Copies v into dst (cap bytes) when it fits whole and is UTF-8; false, dst
 * unchanged, otherwise. */
bool admin_set_text(char *dst, size_t cap, const char *v);

/* ---- output (admin_common.c) ---- */

/* Seconds since the epoch as local ISO 8601 without milliseconds. */
void admin_iso_time(int64_t secs, char *out, size_t cap);

/* Prints [,]"key":"value" to stdout, value escaped (null when no memory). */
void admin_json_str(const char *key, const char *value, bool comma);

/* A store event callback (user: AdminListCtx) printing one timeline line,
 * or one JSON object; returns 0 to go on. */
int admin_print_event(const StoreEvent *e, void *user);

/* Prints the timeline of (subject, id) through admin_print_event with ctx.
 * A store error midway leaves the lines printed so far (the command still
 * succeeds, as before) and says on stderr that the timeline is cut short. */
void admin_print_timeline(Admin *ad, const char *subject, int64_t id, AdminListCtx *ctx);

/* "mon".."sun" for 0..6, "?" otherwise (static storage). */
const char *admin_weekday_name(int wd);

/* Minutes after midnight as "HH:MM". */
void admin_hhmm(int minute, char out[8]);

/* The time of this run, in seconds since the epoch. */
int64_t admin_now(void);

/* ---- shared between nouns ---- */

/* The period of --period today|week|month|last, --month YYYY-MM or
 * --from DATE --to DATE (this month when none), taken out of argv; false
 * after saying why (admin_stats.c). */
bool admin_period_options(int *argc, const char **argv, StatsPeriod *p);

/* Loads the service code into v (admin_services.c); an unknown code is bad
 * input (2), printed.  The store must be open. */
int admin_load_service(Admin *ad, const char *code, CfgService *v);

/* ---- the handlers, one file per noun (AdminHandler) ---- */

/* admin_requests.c */
int cmd_requests_list(Admin *ad, int argc, const char **argv);
int cmd_requests_show(Admin *ad, int argc, const char **argv);
int cmd_requests_act(Admin *ad, int argc, const char **argv);
int cmd_requests_rate(Admin *ad, int argc, const char **argv);
int cmd_requests_refer(Admin *ad, int argc, const char **argv);
int cmd_requests_link(Admin *ad, int argc, const char **argv); /* issue 22 */
/* admin_needs.c (issue 22: needs, resources, projects) */
int cmd_needs_list(Admin *ad, int argc, const char **argv);
int cmd_needs_show(Admin *ad, int argc, const char **argv);
int cmd_needs_add(Admin *ad, int argc, const char **argv);
int cmd_needs_link(Admin *ad, int argc, const char **argv);
int cmd_resources_add(Admin *ad, int argc, const char **argv);
int cmd_resources_change(Admin *ad, int argc, const char **argv);
int cmd_resources_list(Admin *ad, int argc, const char **argv);
int cmd_resources_show(Admin *ad, int argc, const char **argv);
int cmd_projects_add(Admin *ad, int argc, const char **argv);
int cmd_projects_change(Admin *ad, int argc, const char **argv);
int cmd_projects_list(Admin *ad, int argc, const char **argv);
int cmd_projects_show(Admin *ad, int argc, const char **argv);
int cmd_projects_milestone(Admin *ad, int argc, const char **argv);
int cmd_projects_close(Admin *ad, int argc, const char **argv);
/* The monthly report's projects.csv and projects.png for period p into dir
 * (cmd_report), the chart in lang. */
#define REPORT_PROJECT_MONTHS 13 /* a period is at most 366 days */
int admin_report_projects(Admin *ad, const StatsPeriod *p, const char *dir, const char *lang);
/* admin_tickets.c */
int cmd_ticket_verify(Admin *ad, int argc, const char **argv);
int cmd_ticket_png(Admin *ad, int argc, const char **argv);
int cmd_ticket_print(Admin *ad, int argc, const char **argv);
/* admin_services.c */
int cmd_services_list(Admin *ad, int argc, const char **argv);
int cmd_services_add(Admin *ad, int argc, const char **argv);
int cmd_services_change(Admin *ad, int argc, const char **argv);
int cmd_services_close(Admin *ad, int argc, const char **argv);
int cmd_services_reopen(Admin *ad, int argc, const char **argv);
int cmd_availability(Admin *ad, int argc, const char **argv);
/* admin_bookings.c */
int cmd_bookings_list(Admin *ad, int argc, const char **argv);
int cmd_bookings_show(Admin *ad, int argc, const char **argv);
int cmd_bookings_book(Admin *ad, int argc, const char **argv);
int cmd_bookings_cancel(Admin *ad, int argc, const char **argv);
int cmd_bookings_checkin(Admin *ad, int argc, const char **argv);
int cmd_bookings_complete(Admin *ad, int argc, const char **argv);
int cmd_bookings_no_show(Admin *ad, int argc, const char **argv);
int cmd_bookings_sweep(Admin *ad, int argc, const char **argv);
/* admin_staff.c */
int cmd_staff_list(Admin *ad, int argc, const char **argv);
int cmd_staff_add(Admin *ad, int argc, const char **argv);
int cmd_staff_disable(Admin *ad, int argc, const char **argv);
int cmd_staff_enable(Admin *ad, int argc, const char **argv);
int cmd_staff_reset_pin(Admin *ad, int argc, const char **argv);
/* admin_queue.c */
int cmd_queue_list(Admin *ad, int argc, const char **argv);
int cmd_assignees_list(Admin *ad, int argc, const char **argv);
int cmd_assignees_add(Admin *ad, int argc, const char **argv);
/* admin_walkin.c */
int cmd_walkin_issue(Admin *ad, int argc, const char **argv);
int cmd_walkin_call(Admin *ad, int argc, const char **argv);
int cmd_walkin_recall(Admin *ad, int argc, const char **argv);
int cmd_walkin_skip(Admin *ad, int argc, const char **argv);
int cmd_walkin_list(Admin *ad, int argc, const char **argv);
/* admin_activities.c (issue 20) */
int cmd_activities_add(Admin *ad, int argc, const char **argv);
int cmd_activities_list(Admin *ad, int argc, const char **argv);
int cmd_activities_show(Admin *ad, int argc, const char **argv);
int cmd_activities_change(Admin *ad, int argc, const char **argv);
int cmd_activities_cancel(Admin *ad, int argc, const char **argv);
int cmd_activities_signups(Admin *ad, int argc, const char **argv);
int cmd_activities_cancel_signup(Admin *ad, int argc, const char **argv);
int cmd_activities_signup(Admin *ad, int argc, const char **argv);
int cmd_activities_checkin(Admin *ad, int argc, const char **argv);
int cmd_activities_release(Admin *ad, int argc, const char **argv);
int cmd_activities_sweep(Admin *ad, int argc, const char **argv);
/* An activity sign-up's ticket lines for its receipt (activity, when,
 * where, people, what to bring) in lang, one a line (admin_tickets.c). */
int admin_activity_ticket_lines(Admin *ad, int64_t ticket_id, Lang lang, char *out, size_t cap);
/* The monthly report's activities.csv of from..to into dir (cmd_report). */
int admin_activities_report(Admin *ad, const char *from, const char *to, const char *dir,
                            const char *lang);
/* admin_data.c */
int cmd_demo_bookings(Admin *ad, int argc, const char **argv);
int cmd_demo_requests(Admin *ad, int argc, const char **argv);
int cmd_backup(Admin *ad, int argc, const char **argv);
int cmd_restore(Admin *ad, int argc, const char **argv);
int cmd_check(Admin *ad, int argc, const char **argv);
int cmd_export(Admin *ad, int argc, const char **argv);
int cmd_purge(Admin *ad, int argc, const char **argv);
/* admin_stats.c */
int cmd_stats(Admin *ad, int argc, const char **argv);
int cmd_report(Admin *ad, int argc, const char **argv);
/* admin_sync.c */
int cmd_sync_now(Admin *ad, int argc, const char **argv);
int cmd_sync_status(Admin *ad, int argc, const char **argv);
int cmd_sync_new_epoch(Admin *ad, int argc, const char **argv);
/* admin_sms.c */
int cmd_sms_status(Admin *ad, int argc, const char **argv);
int cmd_sms_list(Admin *ad, int argc, const char **argv);
int cmd_sms_retry(Admin *ad, int argc, const char **argv);
int cmd_sms_test(Admin *ad, int argc, const char **argv);
int cmd_sms_stop(Admin *ad, int argc, const char **argv);
/* admin_district.c */
int cmd_district_init(Admin *ad, int argc, const char **argv);
int cmd_district_sites(Admin *ad, int argc, const char **argv);
int cmd_district_publish(Admin *ad, int argc, const char **argv);
int cmd_district_stats(Admin *ad, int argc, const char **argv);
int cmd_district_needs(Admin *ad, int argc, const char **argv);
int cmd_district_keys(Admin *ad, int argc, const char **argv);
int cmd_district_revoke(Admin *ad, int argc, const char **argv);
/* admin_volunteers.c (issue 21) */
int cmd_volunteers_list(Admin *ad, int argc, const char **argv);
int cmd_volunteers_show(Admin *ad, int argc, const char **argv);
int cmd_volunteers_approve(Admin *ad, int argc, const char **argv);
int cmd_volunteers_reject(Admin *ad, int argc, const char **argv);
int cmd_volunteers_disable(Admin *ad, int argc, const char **argv);
int cmd_volunteers_team(Admin *ad, int argc, const char **argv);
int cmd_volunteers_card(Admin *ad, int argc, const char **argv);
int cmd_volunteers_hours(Admin *ad, int argc, const char **argv);
int cmd_volunteers_adjust(Admin *ad, int argc, const char **argv);
int cmd_volunteers_close(Admin *ad, int argc, const char **argv);
/* volunteers.csv of the monthly report (report's folder dir): hours per
 * month, skill and volunteer in period p.  K_EXIT_OK, or the exit status
 * with err set. */
int admin_volunteers_report(Admin *ad, const StatsPeriod *p, const char *dir, const char *lang,
                            char *err, size_t errcap);

#endif
