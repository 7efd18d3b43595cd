/* admin_district.c - `district --pg CONNINFO init|sites|publish|stats|needs|keys|revoke`: the
 * district centre on PostgreSQL (centre.h, docs/district.md).
 *
 * The connection string is --pg, or [district] postgres of the
 * configuration; every statement waits at most [district] deadline seconds.
 * Exit statuses: 0 done, 1 the centre refused, 2 usage, 3 the centre cannot
 * be reached or has no district schema yet. */
#include "admin_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/booking.h"
#include "kiosk/bundle.h"
#include "kiosk/centre.h"
#include "kiosk/platform.h"
#include "kiosk/text.h"

/* The exit status of a failed centre call, its message printed. */
static int centre_failure(KResult k, const char *err)
{
    fprintf(stderr, "kiosk admin: %s\n", err[0] ? err : k_result_str(k));
    if (k == K_ERR_INVALID)
        return K_EXIT_USAGE;
    if (k == K_ERR_REFUSED || k == K_ERR_EXISTS)
        return K_EXIT_CHECK;
    return K_EXIT_ENV;
}

static int deadline_ms(const Admin *ad)
{
    return (ad->cfg.district_deadline > 0 ? ad->cfg.district_deadline : 10) * 1000;
}

/* Connects to the centre; with check, makes sure it has this build's
 * schema.  K_EXIT_OK with *l open, or the exit status with the message
 * printed. */
static int connect_centre(Admin *ad, bool check, PgLink **l)
{
    char err[1024];
    const char *conninfo = ad->pg ? ad->pg : ad->cfg.district_postgres;
    *l = NULL;
    if (!conninfo[0])
        return admin_usage_error("give the centre as --pg CONNINFO (or [district] postgres)", NULL);
    KResult k = pg_link_open(conninfo, deadline_ms(ad), l, err, sizeof err);
    if (k != K_OK)
        return centre_failure(k, err);
    /* the times the centre writes for people in this run's time zone */
    const char *tz = getenv("TZ");
    if (tz && tz[0] && tz[0] != ':') {
        const char *params[] = {tz};
        k = pg_link_query(*l, "SELECT set_config('TimeZone', $1, false)", 1, params,
                          deadline_ms(ad), NULL, NULL, err, sizeof err);
        if (k == K_ERR_IO) { /* the link failed; an unknown zone leaves the server's */
            pg_link_close(*l);
            *l = NULL;
            return centre_failure(k, err);
        }
    }
    if (check) {
        k = centre_check(*l, deadline_ms(ad), err, sizeof err);
        if (k != K_OK) {
            pg_link_close(*l);
            *l = NULL;
            return centre_failure(k, err);
        }
    }
    return K_EXIT_OK;
}

/* `district --pg C init` */
int cmd_district_init(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "usage: district --pg CONNINFO init");
    PgLink *l = NULL;
    if (rc || (rc = connect_centre(ad, false, &l)))
        return rc;
    char err[1024];
    int from = 0, to = 0;
    KResult k = centre_init(l, deadline_ms(ad), &from, &to, err, sizeof err);
    char *key = NULL; /* the centre's public key, for [district] centre_key */
    if (k == K_OK)
        k = centre_bundle_public_key(l, deadline_ms(ad), &key, err, sizeof err);
    pg_link_close(l);
    if (k != K_OK) {
        free(key);
        return centre_failure(k, err);
    }
    if (ad->json)
        printf("{\"from\":%d,\"to\":%d,\"version\":%d,\"centre_key\":\"%s\"}\n", from, to,
               CENTRE_SCHEMA_VERSION, key ? key : "");
    else if (from == to)
        printf("the centre's schema is at version %d already\n", to);
    else
        printf("the centre's schema is now version %d (was %d)\n", to, from);
    if (!ad->json)
        printf("the centre's key (kiosks may pin it as [district] centre_key): %s\n",
               key ? key : "-");
    free(key);
    return K_EXIT_OK;
}

static int sites_add(Admin *ad, int argc, const char **argv)
{
    static const char usage[] = "usage: district --pg CONNINFO sites add CODE --role ROLE "
                                "[--name NAME]";
    const char *role = admin_take_option(&argc, argv, "--role");
    const char *name = admin_take_option(&argc, argv, "--name");
    int rc = admin_check_rest(argc, argv, 1, usage);
    if (rc)
        return rc;
    if (!centre_code_valid(argv[0]))
        return admin_usage_error("a site code is 1 to 23 letters, digits, _ . or -", argv[0]);
    if (!role)
        return admin_usage_error(usage, NULL);
    if (!centre_role_valid(role))
        return admin_usage_error("a role is 1 to 63 lower-case letters, digits or _, not "
                                 "starting with a digit or pg_",
                                 role);
    if (name && (strlen(name) > CENTRE_NAME_MAX || !text_valid_utf8(name)))
        return admin_usage_error("--name wants at most 200 bytes of UTF-8", NULL);
    PgLink *l = NULL;
    if ((rc = connect_centre(ad, true, &l)))
        return rc;
    char err[1024], *json = NULL;
    KResult k = centre_site_add(l, deadline_ms(ad), argv[0], role, name, &json, err, sizeof err);
    pg_link_close(l);
    if (k != K_OK)
        return centre_failure(k, err);
    if (ad->json)
        printf("%s\n", json ? json : "{}");
    else
        printf("site %s registered; it logs in as role %s%s\n", argv[0], role,
               json && strstr(json, "\"role_created\": true") ? " (made now, without a password)"
                                                              : "");
    free(json);
    return K_EXIT_OK;
}

/* `district --pg C sites [add CODE --role ROLE [--name NAME]]` */
int cmd_district_sites(Admin *ad, int argc, const char **argv)
{
    if (argc > 0 && strcmp(argv[0], "add") == 0)
        return sites_add(ad, argc - 1, argv + 1);
    int rc = admin_check_rest(argc, argv, 0,
                              "usage: district --pg CONNINFO sites [add CODE --role ROLE "
                              "[--name NAME]]");
    PgLink *l = NULL;
    if (rc || (rc = connect_centre(ad, true, &l)))
        return rc;
    char err[1024], *out = NULL;
    KResult k = centre_sites(l, deadline_ms(ad), !ad->json, &out, err, sizeof err);
    pg_link_close(l);
    if (k != K_OK)
        return centre_failure(k, err);
    fputs(out ? out : "", stdout);
    if (ad->json)
        fputc('\n', stdout);
    free(out);
    return K_EXIT_OK;
}

/* `district --pg C publish FILE.ini`: the next version of the
 * configuration bundle, signed with the centre's key. */
int cmd_district_publish(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 1, "usage: district --pg CONNINFO publish FILE.ini");
    if (rc)
        return rc;
    char err[1024], *content = NULL;
    KResult k = bundle_from_ini(argv[0], &content, err, sizeof err);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return k == K_ERR_NOT_FOUND ? K_EXIT_ENV : K_EXIT_USAGE;
    }
    PgLink *l = NULL;
    if ((rc = connect_centre(ad, true, &l))) {
        free(content);
        return rc;
    }
    int64_t version = 0;
    char key[64];
    k = centre_bundle_publish(l, deadline_ms(ad), content, &version, key, sizeof key, err,
                              sizeof err);
    pg_link_close(l);
    size_t bytes = strlen(content);
    free(content);
    if (k != K_OK)
        return centre_failure(k, err);
    if (ad->json)
        printf("{\"version\":%lld,\"bytes\":%zu,\"key\":\"%s\"}\n", (long long)version, bytes, key);
    else
        printf("bundle version %lld published (%zu bytes, signed by %s)\n", (long long)version,
               bytes, key);
    return K_EXIT_OK;
}

/* The configured categories as a JSON array of codes (codes are plain
 * [a-z0-9_-] words: config.c checks them). */
static void categories_json(const Config *cfg, char *out, size_t cap)
{
    size_t n = 0;
    out[n++] = '[';
    for (int i = 0; i < cfg->category_count && n + CFG_CODE_MAX + 4 < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s\"%s\"", i ? "," : "",
                              cfg->categories[i].item.code);
    out[n++] = ']';
    out[n] = '\0';
}

/* `district --pg C stats [PERIOD]`: the bounds of the period's days are
 * local midnights worked out here, as the kiosk works them out
 * (store_stats), so that a site's figures equal its own. */
int cmd_district_stats(Admin *ad, int argc, const char **argv)
{
    StatsPeriod p;
    if (!admin_period_options(&argc, argv, &p))
        return K_EXIT_USAGE;
    int rc = admin_check_rest(argc, argv, 0,
                              "usage: district --pg CONNINFO stats [--period today|week|month|last"
                              " | --month YYYY-MM | --from DATE --to DATE]");
    if (rc)
        return rc;
    char after[CFG_DAY_MAX], cats[CFG_MAX_CATEGORIES * (CFG_CODE_MAX + 3) + 4];
    CentrePeriod cp = {.from = p.from, .to = p.to, .now = (int64_t)time(NULL)};
    if (!booking_time(p.from, 0, &cp.start) || !booking_day_add(p.to, 1, after) ||
        !booking_time(after, 0, &cp.end))
        return admin_usage_error("the period's dates cannot be worked out", NULL);
    categories_json(&ad->cfg, cats, sizeof cats);
    cp.categories = cats;
    PgLink *l = NULL;
    if ((rc = connect_centre(ad, true, &l)))
        return rc;
    char err[1024], *out = NULL;
    double t0 = platform_mono_ms();
    KResult k = centre_stats(l, deadline_ms(ad), &cp, !ad->json, &out, err, sizeof err);
    double ms = platform_mono_ms() - t0;
    pg_link_close(l);
    if (k != K_OK)
        return centre_failure(k, err);
    if (ad->json && out && out[0] == '{')
        printf("{\"ms\": %.3f, %s\n", ms, out + 1);
    else
        printf("%s(worked out at the centre in %.1f ms)\n", out ? out : "", ms);
    free(out);
    return K_EXIT_OK;
}

/* A report the centre writes whole (JSON, or text lines): needs, keys. */
typedef KResult (*CentreReportFn)(PgLink *l, int deadline_ms, bool text, char **out, char *err,
                                  size_t cap);

static int centre_report(Admin *ad, int argc, const char **argv, const char *usage,
                         CentreReportFn fn)
{
    int rc = admin_check_rest(argc, argv, 0, usage);
    PgLink *l = NULL;
    if (rc || (rc = connect_centre(ad, true, &l)))
        return rc;
    char err[1024], *out = NULL;
    KResult k = fn(l, deadline_ms(ad), !ad->json, &out, err, sizeof err);
    pg_link_close(l);
    if (k != K_OK)
        return centre_failure(k, err);
    fputs(out ? out : "", stdout);
    if (ad->json)
        fputc('\n', stdout);
    free(out);
    return K_EXIT_OK;
}

/* `district --pg C needs`: the open requests by site, building and
 * category, and the district's totals by category. */
int cmd_district_needs(Admin *ad, int argc, const char **argv)
{
    return centre_report(ad, argc, argv, "usage: district --pg CONNINFO needs", centre_needs);
}

/* `district --pg C keys`: the sites' public ticket keys and revocations
 * (issue 19). */
int cmd_district_keys(Admin *ad, int argc, const char **argv)
{
    return centre_report(ad, argc, argv, "usage: district --pg CONNINFO keys", centre_keys);
}

/* `district --pg C revoke SITE`: every key of the site revoked; each kiosk
 * refuses the site's tickets once its next sync has pulled that.  Exit 1
 * for a site the centre does not know. */
int cmd_district_revoke(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 1, "usage: district --pg CONNINFO revoke SITE");
    if (rc)
        return rc;
    if (!centre_code_valid(argv[0]))
        return admin_usage_error("a site code is 1 to 23 letters, digits, _ . or -", argv[0]);
    PgLink *l = NULL;
    if ((rc = connect_centre(ad, true, &l)))
        return rc;
    char err[1024], *json = NULL;
    KResult k = centre_revoke(l, deadline_ms(ad), argv[0], &json, err, sizeof err);
    pg_link_close(l);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return K_EXIT_CHECK;
    }
    if (k != K_OK)
        return centre_failure(k, err);
    if (ad->json) {
        printf("%s\n", json ? json : "{}");
    } else {
        const char *r = json ? strstr(json, "\"revoked\": ") : NULL;
        printf("site %s: %s key(s) revoked; its tickets are refused at each kiosk after its next "
               "sync\n",
               argv[0], r ? r + 11 : "?");
    }
    free(json);
    return K_EXIT_OK;
}
