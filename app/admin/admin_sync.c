/* admin_sync.c - `sync now|status|new-epoch`: the kiosk's side of the
 * district network (sync.h, docs/district.md). */
#include "admin_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "kiosk/sync.h"

/* Enables the outbox for the configured site when [district] postgres is
 * set (idempotent; the first time queues the history).  K_EXIT_OK, or
 * K_EXIT_ENV with the message printed. */
static int enable_outbox(Admin *ad)
{
    if (!ad->cfg.district_postgres[0])
        return K_EXIT_OK;
    int64_t queued = 0;
    KResult k = store_sync_enable(ad->store, ad->cfg.site_code, admin_now(), &queued);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: cannot enable the district outbox: %s\n",
                store_errmsg(ad->store)[0] ? store_errmsg(ad->store) : k_result_str(k));
        return K_EXIT_ENV;
    }
    if (queued > 0 && !ad->json)
        fprintf(stderr,
                "kiosk admin: the outbox is on for site %s: %lld entries of its history "
                "queued\n",
                ad->cfg.site_code, (long long)queued);
    return K_EXIT_OK;
}

/* A time for people, or "never". */
static void when_text(int64_t t, char *out, size_t cap)
{
    if (t > 0)
        admin_iso_time(t, out, cap);
    else
        snprintf(out, cap, "never");
}

static void json_time(const char *key, int64_t t)
{
    if (t > 0) {
        char iso[40];
        admin_iso_time(t, iso, sizeof iso);
        admin_json_str(key, iso, true);
    } else {
        printf(",\"%s\":null", key);
    }
}

/* `sync now`: one attempt, within [district] deadline.  0 when nothing is
 * left pending (a centre that could not be told so is noted on stderr), 1
 * when something is (the reason on stderr), 3 when the database cannot be
 * used or no centre is configured. */
int cmd_sync_now(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "sync now takes no arguments");
    if (rc)
        return rc;
    if (!ad->cfg.district_postgres[0]) {
        fprintf(stderr, "kiosk admin: no district centre is configured ([district] postgres in "
                        "the configuration is empty): nothing to send to\n");
        return K_EXIT_ENV;
    }
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = enable_outbox(ad);
    if (rc)
        return rc;
    uint32_t rnd = 0;
    if (getrandom(&rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
        rnd = (uint32_t)admin_now();
    SyncOutcome o;
    KResult k = sync_push(ad->store, &ad->cfg, rnd, &o);
    if (ad->json) {
        printf("{\"ok\":%s,\"sent\":%lld,\"accepted\":%lld,\"duplicates\":%lld,\"pending\":%lld,"
               "\"batches\":%d,\"ms\":%.0f",
               k == K_OK ? "true" : "false", (long long)o.sent, (long long)o.accepted,
               (long long)o.duplicates, (long long)o.pending, o.batches, o.ms);
        admin_json_str("error", o.error, true);
        if (o.sqlstate[0])
            admin_json_str("sqlstate", o.sqlstate, true);
        printf("}\n");
    } else if (o.sent > 0 || k == K_OK) {
        printf("sent %lld entries (%lld new to the centre, %lld it had already) in %d batches, "
               "%.1f s; %lld pending\n",
               (long long)o.sent, (long long)o.accepted, (long long)o.duplicates, o.batches,
               o.ms / 1000.0, (long long)o.pending);
    }
    if (k == K_OK)
        return K_EXIT_OK;
    if (!o.local && o.pending == 0) {
        /* nothing waits, so nothing is late: say so, but it is no failure */
        fprintf(stderr, "kiosk admin: note: nothing is pending, but the district centre %s: %s\n",
                o.refused ? "refused the call" : "could not be reached", o.error);
        return K_EXIT_OK;
    }
    if (o.local) {
        fprintf(stderr, "kiosk admin: %s\n", o.error);
        return K_EXIT_ENV;
    }
    if (o.refused)
        fprintf(stderr, "kiosk admin: REFUSED%s%s%s: %s\n", o.sqlstate[0] ? " (SQLSTATE " : "",
                o.sqlstate, o.sqlstate[0] ? ")" : "", o.error);
    else
        fprintf(stderr, "kiosk admin: %lld entries still pending: %s\n", (long long)o.pending,
                o.error);
    return K_EXIT_CHECK;
}

/* `sync status`: the outbox and the last attempts. */
int cmd_sync_status(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "sync status takes no arguments");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = enable_outbox(ad);
    if (rc)
        return rc;
    SyncState st;
    KResult k = store_sync_state(ad->store, &st);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"configured\":%s,\"enabled\":%s", ad->cfg.district_postgres[0] ? "true" : "false",
               st.enabled ? "true" : "false");
        admin_json_str("site", st.site, true);
        printf(",\"epoch\":%lld,\"seq\":%lld,\"pending\":%lld,\"sent\":%lld,\"failures\":%d",
               (long long)st.epoch, (long long)st.seq, (long long)st.pending, (long long)st.sent,
               st.failures);
        json_time("oldest_pending", st.oldest_at);
        json_time("last_success", st.last_ok);
        json_time("last_try", st.last_try);
        json_time("next_try", st.next_try);
        admin_json_str("last_error", st.last_error, true);
        printf("}\n");
        return K_EXIT_OK;
    }
    char ok[40], tried[40], oldest[40], next[40];
    when_text(st.last_ok, ok, sizeof ok);
    when_text(st.last_try, tried, sizeof tried);
    when_text(st.oldest_at, oldest, sizeof oldest);
    when_text(st.next_try, next, sizeof next);
    if (!ad->cfg.district_postgres[0])
        printf("no district centre configured ([district] postgres is empty)\n");
    printf("site          %s%s\n", st.site[0] ? st.site : "-", st.enabled ? "" : " (outbox off)");
    printf("epoch         %lld\n", (long long)st.epoch);
    printf("sequence      %lld\n", (long long)st.seq);
    printf("pending       %lld%s%s\n", (long long)st.pending, st.pending ? ", oldest " : "",
           st.pending ? oldest : "");
    printf("sent          %lld\n", (long long)st.sent);
    printf("last success  %s\n", ok);
    printf("last attempt  %s\n", tried);
    if (st.failures > 0)
        printf("failures      %d in a row; next try not before %s\n", st.failures, next);
    printf("last error    %s\n", st.last_error[0] ? st.last_error : "-");
    return K_EXIT_OK;
}

/* `sync new-epoch`: after the centre refused a copied database. */
int cmd_sync_new_epoch(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "sync new-epoch takes no arguments");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = enable_outbox(ad);
    if (rc)
        return rc;
    int64_t epoch = 0;
    KResult k = store_sync_new_epoch(ad->store, admin_now(), &epoch);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    SyncState st;
    int64_t pending = store_sync_state(ad->store, &st) == K_OK ? st.pending : -1;
    if (ad->json)
        printf("{\"epoch\":%lld,\"pending\":%lld}\n", (long long)epoch, (long long)pending);
    else
        printf("new epoch %lld: %lld pending entries numbered again in it; `sync now` sends "
               "them\n",
               (long long)epoch, (long long)pending);
    return K_EXIT_OK;
}
