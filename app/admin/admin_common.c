/* admin_common.c - the pieces every command shares: the prologue that chooses and
 * opens the database (read-write, or read-only when the table says the
 * command only reads), option and value parsing, usage errors, JSON output,
 * the ticket key and the timeline of a request or booking. */
#include "admin_int.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "kiosk/eventlog.h"
#include "kiosk/outfile.h"
#include "kiosk/platform.h"
#include "kiosk/render.h"
#include "kiosk/ui.h"
#include "kiosk/text.h"

int admin_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "kiosk admin: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    return K_EXIT_USAGE;
}

/* A filter value that names nothing would list no rows and exit 0, which a
 * script reads as "none of those": refuse it, naming the values there are. */
int admin_bad_status(const char *arg)
{
    fprintf(stderr, "kiosk admin: unknown --status \"%.40s\"; one of:", arg);
    for (int s = 0; s < WF_STATE_COUNT; s++)
        fprintf(stderr, "%s %s", s ? "," : "", wf_state_name((WfState)s));
    fprintf(stderr, "\n");
    return K_EXIT_USAGE;
}

int admin_bad_category(const Config *cfg, const char *arg)
{
    fprintf(stderr, "kiosk admin: unknown --category \"%.40s\"; one of:", arg);
    for (int i = 0; i < cfg->category_count; i++)
        fprintf(stderr, "%s %s", i ? "," : "", cfg->categories[i].item.code);
    fprintf(stderr, " (from the configuration)\n");
    return K_EXIT_USAGE;
}

bool admin_parse_id(const char *s, int64_t *out)
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
int admin_choose_db(Admin *ad)
{
    if (ad->real_db[0])
        return K_EXIT_OK;
    if (!ad->db) {
        if (platform_default_db(ad->db_buf, sizeof ad->db_buf) != K_OK) {
            fprintf(stderr, "kiosk admin: cannot find the data folder; give --db PATH\n");
            return K_EXIT_ENV;
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
        return K_EXIT_ENV;
    }
    ad->db = ad->real_db;
    return K_EXIT_OK;
}

/* The exit status of a failed write of an output file: a path that is
 * refused (the database, a device) is bad input. */
int admin_write_failed(KResult k)
{
    return k == K_ERR_REFUSED || k == K_ERR_EXISTS ? K_EXIT_USAGE : K_EXIT_ENV;
}

int admin_card_png(const UiList *ui, const Theme *t, int w, const char *name, const char *path)
{
    int bottom = 0;
    for (int i = 0; i < ui->count; i++)
        if (ui->items[i].rect.y + ui->items[i].rect.h > bottom)
            bottom = ui->items[i].rect.y + ui->items[i].rect.h;
    char err[512];
    Platform *p = NULL;
    Renderer *r = NULL;
    PlatformOptions po = {w, bottom + t->margin, true, false, name, 0};
    KResult k = platform_open(&po, &p, err, sizeof err);
    if (k == K_OK)
        k = render_create(platform_renderer(p), platform_font_dir(), &r, err, sizeof err);
    if (k == K_OK) {
        render_frame(r, ui, t, -1);
        k = platform_screenshot(p, path, err, sizeof err);
    }
    render_destroy(r);
    platform_close(p);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    return K_EXIT_OK;
}

int admin_open_store(Admin *ad)
{
    assert(ad->cmd && (ad->cmd->flags & ADMIN_STORE)); /* the table says which open it */
    if (ad->store)
        return K_EXIT_OK; /* already open */
    char err[1024];
    int a = admin_choose_db(ad);
    if (a)
        return a;
    if (access(ad->db, F_OK) != 0) {
        /* Admin commands read what a kiosk wrote; they never create one. */
        fprintf(stderr, "kiosk admin: no database at %s\n", ad->db);
        return K_EXIT_ENV;
    }
    /* A command that only reads works on a database it cannot write (a
     * write-protected file or folder, a read-only medium): opened
     * read-only, nothing migrated, seeded or logged.  One it can write is
     * opened as always. */
    bool read_only = (ad->cmd->flags & ADMIN_READS) && !store_writable(ad->db);
    KResult rc = read_only ? store_open_read(ad->db, &ad->store, err, sizeof err)
                           : store_open(ad->db, &ad->store, err, sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return K_EXIT_ENV;
    }
    /* the centre's configuration bundle over the configuration, as the
     * kiosk lays it (its categories, hospitals and departments) */
    if (store_bundle_overlay(ad->store, &ad->cfg) != K_OK)
        fprintf(stderr, "kiosk admin: note: %s\n", store_errmsg(ad->store));
    if (read_only)
        return K_EXIT_OK;
    /* The services of the configuration, as the kiosk seeds them: a
     * database that only admin has opened still has its services. */
    if (store_seed_services(ad->store, &ad->cfg, (int64_t)time(NULL), NULL) != K_OK) {
        fprintf(stderr, "kiosk admin: cannot set up the booking services: %s\n",
                store_errmsg(ad->store));
        store_close(ad->store);
        ad->store = NULL;
        return K_EXIT_ENV;
    }
    if (store_errmsg(ad->store)[0])
        fprintf(stderr, "kiosk admin: note: %s\n", store_errmsg(ad->store));
    return K_EXIT_OK;
}

void admin_iso_time(int64_t secs, char *out, size_t cap)
{
    eventlog_iso8601(secs * 1000, out, cap);
    /* drop the milliseconds: ".000" before the offset */
    char *dot = strchr(out, '.');
    if (dot && strlen(dot) >= 4)
        memmove(dot, dot + 4, strlen(dot + 4) + 1);
}

/* Prints ,"key":"value" with value escaped; a value that cannot be
 * escaped (no memory) prints as null, so the document stays valid JSON. */
void admin_json_str(const char *key, const char *value, bool comma)
{
    size_t cap = strlen(value) * 6 + 3;
    char *q = malloc(cap);
    printf("%s\"%s\":%s", comma ? "," : "", key, q && text_json_quote(q, cap, value) ? q : "null");
    free(q);
}

int admin_print_event(const StoreEvent *e, void *user)
{
    AdminListCtx *c = user;
    char t[40];
    admin_iso_time(e->at, t, sizeof t);
    if (c->ad->json) {
        printf("%s{\"at\":\"%s\"", c->n++ ? "," : "", t);
        admin_json_str("actor", e->actor, true);
        admin_json_str("kind", e->kind, true);
        /* A detail cut at the buffer's end would not be JSON any more. */
        bool whole = e->detail[0] == '{' && strlen(e->detail) < sizeof e->detail - 1;
        printf(",\"detail\":%s}", whole ? e->detail : "null");
    } else {
        printf("  %s  %-20s %-10s %s\n", t, e->kind, e->actor, e->detail);
    }
    return 0;
}

void admin_print_timeline(Admin *ad, const char *subject, int64_t id, AdminListCtx *ctx)
{
    if (store_list_events(ad->store, subject, id, admin_print_event, ctx) != K_OK)
        fprintf(stderr, "kiosk admin: the timeline is incomplete: %s\n", store_errmsg(ad->store));
}

/* The installation's ticket key, next to the database (admin_open_store sets the
 * path).  It is never created here: verifying with a fresh key would only
 * say "forged" about every real ticket, and tickets signed with a key the
 * kiosk does not know would be forged in its eyes. */
int admin_load_key(Admin *ad, uint8_t key[TICKET_KEY_BYTES])
{
    FILE *kf = fopen(ad->key_path, "rb");
    if (!kf) {
        fprintf(stderr, "kiosk admin: no ticket key at %s (has the kiosk run with this --db?)\n",
                ad->key_path);
        return K_EXIT_ENV;
    }
    fclose(kf);
    if (ticket_key_load(ad->key_path, key) != K_OK) {
        fprintf(stderr, "kiosk admin: cannot read the ticket key %s\n", ad->key_path);
        return K_EXIT_ENV;
    }
    /* The site's Ed25519 key pair beside it (made here when the kiosk has
     * not run since issue 19): tickets issued by admin commands are KT3,
     * and this site's KT3 tickets are recognised. */
    char sign_path[OUTFILE_PATH_MAX];
    TicketSigner signer;
    KResult k = outfile_sign_key_path(ad->key_path, sign_path, sizeof sign_path);
    bool existed = k == K_OK && access(sign_path, F_OK) == 0;
    if (k == K_OK)
        k = ticket_signer_load(sign_path, &signer);
    if (k == K_ERR_IO && !existed)
        return K_EXIT_OK; /* a folder it cannot write (read-only): no KT3 ticket of ours exists */
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: cannot use the ticket key %s: %s\n", sign_path,
                k_result_str(k));
        return K_EXIT_ENV;
    }
    k = store_set_signer(ad->store, &signer, (int64_t)time(NULL));
    sodium_memzero(&signer, sizeof signer);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

/* Takes "--NAME VALUE" out of argv (in place); returns the value or NULL. */
const char *admin_take_option(int *argc, const char **argv, const char *name)
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

/* Takes the flag "--NAME" out of argv (in place); whether it was there. */
bool admin_take_flag(int *argc, const char **argv, const char *name)
{
    for (int i = 0; i < *argc; i++)
        if (strcmp(argv[i], name) == 0) {
            memmove(argv + i, argv + i + 1, sizeof *argv * (size_t)(*argc - i - 1));
            (*argc)--;
            return true;
        }
    return false;
}

static const char *const weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

const char *admin_weekday_name(int wd)
{
    return wd >= 0 && wd < 7 ? weekday_names[wd] : "?";
}

/* A decimal number in lo..hi (lo >= 0), digits only; false otherwise. */
bool admin_parse_int(const char *s, int lo, int hi, int *out)
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
bool admin_parse_hhmm(const char *s, int *out)
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

void admin_hhmm(int minute, char out[8])
{
    snprintf(out, 8, "%02d:%02d", (minute / 60) % 100, minute % 60);
}

bool admin_parse_yes_no(const char *s, bool *out)
{
    if (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0) {
        *out = s[0] == 'y';
        return true;
    }
    return false;
}

/* Copies an option's text into a field, refusing what would not fit or is
 * not UTF-8 rather than cutting it. */
bool admin_set_text(char *dst, size_t cap, const char *v)
{
    if (strlen(v) >= cap || !text_valid_utf8(v))
        return false;
    memcpy(dst, v, strlen(v) + 1);
    return true;
}

/* What is left after the options were taken: exactly n words, none of them
 * an option.  K_EXIT_OK or K_EXIT_USAGE with the message printed. */
int admin_check_rest(int argc, const char **argv, int n, const char *usage)
{
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0)
            return admin_usage_error(
                i + 1 == argc ? "unknown option, or an option without its value" : "unknown option",
                argv[i]);
    return argc == n ? K_EXIT_OK : admin_usage_error(usage, NULL);
}

/* The commands taking one id and nothing else: the rest checked against
 * usage, argv[0] an id (else what, naming it), the store opened. */
int admin_one_id(Admin *ad, int argc, const char **argv, const char *usage, const char *what,
                 int64_t *id)
{
    int rc = admin_check_rest(argc, argv, 1, usage);
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], id))
        return admin_usage_error(what, argv[0]);
    return admin_open_store(ad);
}

/* The store's last failure as an exit status: bad input 2, a rule or a
 * missing row 1, anything else (the database, the disk) 3. */
int admin_store_failure(Admin *ad, KResult k)
{
    fprintf(stderr, "kiosk admin: %s\n",
            store_errmsg(ad->store)[0] ? store_errmsg(ad->store) : k_result_str(k));
    if (k == K_ERR_INVALID)
        return K_EXIT_USAGE;
    if (k == K_ERR_REFUSED || k == K_ERR_NOT_FOUND || k == K_ERR_EXISTS)
        return K_EXIT_CHECK;
    return K_EXIT_ENV;
}

int64_t admin_now(void)
{
    return (int64_t)time(NULL);
}

/* The role of --by: "admin" acts as the station head; a login its
 * account's role (a disabled account may not act). */
int admin_actor_role(Admin *ad, const char *by, StaffRole *role)
{
    if (strcmp(by, "admin") == 0) {
        *role = ROLE_HEAD;
        return K_EXIT_OK;
    }
    StaffRecord r;
    KResult k = store_staff_get(ad->store, by, &r);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no staff account \"%.30s\" (see: staff list)\n", by);
        return K_EXIT_USAGE;
    }
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (!r.active) {
        fprintf(stderr, "kiosk admin: the staff account \"%s\" is disabled\n", by);
        return K_EXIT_CHECK;
    }
    *role = r.role;
    return K_EXIT_OK;
}
