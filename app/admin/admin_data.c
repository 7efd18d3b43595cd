/* admin_data.c - the database as a whole: `backup`, `restore`, `check`, `purge`,
 * `export` and the demo data of `demo bookings|requests`. */
#include "admin_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/demo.h"
#include "kiosk/outfile.h"
#include "kiosk/platform.h"
#include "kiosk/report.h"

/* `demo bookings|requests N [--seed S]`: demo data from a seeded generator. */
static int demo(Admin *ad, int argc, const char **argv, bool requests)
{
    const char *what = requests ? "requests" : "bookings";
    const char *seed_text = admin_take_option(&argc, argv, "--seed");
    int n = 0;
    char usage[64];
    snprintf(usage, sizeof usage, "usage: demo %s N [--seed S]", what);
    int rc = admin_check_rest(argc, argv, 1, usage);
    if (rc)
        return rc;
    if (!admin_parse_int(argv[0], 0, 1000000, &n))
        return admin_usage_error("the number of demo items is 0 to 1000000", argv[0]);
    unsigned seed = 1;
    if (seed_text) {
        char *end = NULL;
        unsigned long long v = strtoull(seed_text, &end, 10);
        if (*seed_text < '0' || *seed_text > '9' || *end || strlen(seed_text) > 10 || v > UINT_MAX)
            return admin_usage_error("--seed is a number from 0 to 4294967295", seed_text);
        seed = (unsigned)v;
    }
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = admin_load_key(ad, key);
    if (rc)
        return rc;
    int made = 0;
    double start = platform_mono_ms();
    char why[320] = ""; /* demo_requests says why it failed */
    KResult k = requests ? demo_requests(ad->store, &ad->cfg, n, seed, ad->cfg.site_code,
                                         admin_now(), key, &made, why, sizeof why)
                         : store_demo_bookings(ad->store, n, seed, ad->cfg.site_code, admin_now(),
                                               key, &made);
    double secs = (platform_mono_ms() - start) / 1000.0;
    sodium_memzero(key, sizeof key);
    if (k != K_OK) {
        if (made)
            fprintf(stderr, "kiosk admin: %d demo %s were written before the failure\n", made,
                    what);
        if (why[0])
            fprintf(stderr, "kiosk admin: %s\n", why);
        rc = why[0] ? (k == K_ERR_INVALID ? K_EXIT_USAGE : K_EXIT_ENV) : admin_store_failure(ad, k);
        return rc == K_EXIT_CHECK ? K_EXIT_ENV : rc;
    }
    if (ad->json)
        printf("{\"asked\":%d,\"made\":%d,\"seed\":%u,\"seconds\":%.3f}\n", n, made, seed, secs);
    else
        printf("made %d of %d demo %s (seed %u) in %.2f s%s\n", made, n, what, seed, secs,
               made < n && !requests ? " (full slots were skipped)" : "");
    return K_EXIT_OK;
}

/* ---- staff mode: accounts, the workflow, the queue, walk-in numbers ---- */

/* `backup FILE`: an online, checked copy of the database. */
int cmd_backup(Admin *ad, int argc, const char **argv)
{
    if (argc != 1)
        return admin_usage_error("usage: backup FILE", NULL);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    int64_t bytes = 0;
    KResult k = store_backup(ad->store, argv[0], (int64_t)time(NULL), "admin", &bytes);
    if (k == K_ERR_EXISTS || k == K_ERR_REFUSED) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_USAGE;
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    if (ad->json) {
        printf("{");
        admin_json_str("file", argv[0], false);
        printf(",\"bytes\":%lld,\"integrity\":\"ok\"}\n", (long long)bytes);
    } else {
        printf("backed up to %s (%lld bytes, integrity ok)\n", argv[0], (long long)bytes);
    }
    return K_EXIT_OK;
}

/* `restore FILE`: the kiosk must be stopped; the old database is kept. */
int cmd_restore(Admin *ad, int argc, const char **argv)
{
    char err[1024], kept[1100];
    if (argc != 1)
        return admin_usage_error("usage: restore FILE", NULL);
    int rc = admin_choose_db(ad);
    if (rc)
        return rc;
    KResult k =
        store_restore(argv[0], ad->db, (int64_t)time(NULL), kept, sizeof kept, err, sizeof err);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: refused: %s\n", err);
        return k == K_ERR_IO || k == K_ERR_NOMEM ? K_EXIT_ENV : K_EXIT_CHECK;
    }
    if (ad->json) {
        printf("{");
        admin_json_str("restored", argv[0], false);
        admin_json_str("kept", kept, true);
        printf("}\n");
    } else {
        printf("restored %s into %s%s%s\n", argv[0], ad->db, kept[0] ? "; the old one is " : "",
               kept);
    }
    return K_EXIT_OK;
}

static void purge_item(const PurgeItem *it, void *user)
{
    bool *json_first = user;
    char when[32];
    admin_iso_time(it->finished_at, when, sizeof when);
    if (json_first) {
        printf("%s{", *json_first ? "" : ",");
        *json_first = false;
        admin_json_str("table", it->table, false);
        printf(",\"id\":%lld", (long long)it->id);
        admin_json_str("number", it->number, true);
        admin_json_str("status", it->status, true);
        admin_json_str("finished", when, true);
        printf("}");
    } else {
        printf("  %-8s %-6s %-11s finished %s\n", it->table, it->number, it->status, when);
    }
}

/* `purge [--days N] [--dry-run]`: the retention job by hand. */
int cmd_purge(Admin *ad, int argc, const char **argv)
{
    const char *days_s = admin_take_option(&argc, argv, "--days");
    bool dry = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0)
            dry = true;
        else
            return admin_usage_error("usage: purge [--days N] [--dry-run]", argv[i]);
    }
    int days = ad->cfg.retention_days;
    if (days_s && !admin_parse_int(days_s, 0, 36500, &days))
        return admin_usage_error("--days is 0 to 36500", days_s);
    if (days == 0) {
        printf("retention is off (days = 0): nothing erased\n");
        return K_EXIT_OK;
    }
    int rc = admin_open_store(ad);
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
        return K_EXIT_ENV;
    }
    if (!ad->json)
        printf("%s %d requests and %d bookings (finished more than %d days ago)\n",
               dry ? "would erase" : "erased", nr, nb, days);
    return K_EXIT_OK;
}

/* `export TABLE [--out FILE]`: CSV for a spreadsheet. */
int cmd_export(Admin *ad, int argc, const char **argv)
{
    const char *out = admin_take_option(&argc, argv, "--out");
    if (argc != 1)
        return admin_usage_error("usage: export TABLE [--out FILE]", NULL);
    if (!store_export_known(argv[0]))
        return admin_usage_error("no such table to export (requests, tickets, bookings, services, "
                                 "service_slots, closures, events, walkin, assignees, staff)",
                                 argv[0]);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    /* A file is written beside its name and renamed into place (never over
     * the database, its key or a device); stdout is written as it goes. */
    OutFile of;
    char err[OUTFILE_PATH_MAX + 128] = "write failed";
    KResult k = out ? outfile_open(&of, out, err, sizeof err) : K_OK;
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    FILE *f = out ? of.f : stdout;
    fputs("\xEF\xBB\xBF", f); /* so Excel reads the Chinese as UTF-8 */
    k = store_export(ad->store, argv[0], report_csv_row_typed, f);
    if (k != K_OK) {
        if (out)
            outfile_abort(&of);
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    k = out ? outfile_commit(&of, err, sizeof err) : (ferror(f) ? K_ERR_IO : K_OK);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    return K_EXIT_OK;
}

/* ---- figures ---- */

/* `check`: the full integrity check of the database. */
int cmd_check(Admin *ad, int argc, const char **argv)
{
    (void)argv;
    if (argc != 0)
        return admin_usage_error("usage: check", NULL);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_check(ad->store, true);
    if (ad->json)
        printf("{\"integrity\":\"%s\"}\n", k == K_OK ? "ok" : "damaged");
    else
        printf("%s\n", k == K_OK ? "integrity ok" : store_errmsg(ad->store));
    return k == K_OK ? K_EXIT_OK : K_EXIT_CHECK;
}

/* The table's handlers of demo bookings and demo requests. */
int cmd_demo_bookings(Admin *ad, int argc, const char **argv)
{
    return demo(ad, argc, argv, false);
}

int cmd_demo_requests(Admin *ad, int argc, const char **argv)
{
    return demo(ad, argc, argv, true);
}
