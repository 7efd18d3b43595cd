/* admin_sms.c - `sms status|list|retry ID|test NUMBER|stop NUMBER`: the
 * texts' outbox (store_sms.h, docs/sms.md).  The kiosk's worker hands the
 * texts to smsd; these commands look at the outbox and queue into it. */
#include "admin_int.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kiosk/sms.h"
#include "kiosk/store_sms.h"

/* With [sms] set, the database queues texts (the kiosk says so when it
 * starts; a database only admin has opened learns it here).  Never turns
 * texts off: an admin run without the kiosk's configuration must not. */
static int sms_open(Admin *ad)
{
    int rc = admin_open_store(ad);
    if (rc != K_EXIT_OK)
        return rc;
    if (sms_enabled(&ad->cfg.sms) &&
        store_sms_setup(ad->store, true, ad->cfg.sms.remind_at) != K_OK)
        return admin_store_failure(ad, K_ERR_DB);
    return K_EXIT_OK;
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

/* `sms status`: is it set up, can smsd's folder be written, the counts. */
int cmd_sms_status(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "sms status takes no arguments");
    if (rc == K_EXIT_OK)
        rc = sms_open(ad);
    if (rc)
        return rc;
    SmsCounts n;
    KResult k = store_sms_counts(ad->store, &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    const SmsConfig *c = &ad->cfg.sms;
    bool on = sms_enabled(c);
    bool writable = on && access(c->outbox, W_OK | X_OK) == 0;
    if (ad->json) {
        printf("{\"enabled\":%s", on ? "true" : "false");
        admin_json_str("daemon", c->daemon, true);
        admin_json_str("outbox", c->outbox, true);
        printf(",\"outbox_writable\":%s,\"queued\":%d,\"handed\":%d,\"sent\":%d,\"failed\":%d,"
               "\"cancelled\":%d",
               writable ? "true" : "false", n.queued, n.handed, n.sent, n.failed, n.cancelled);
        json_time("last_sent", n.last_sent_at);
        json_time("oldest_handed", n.oldest_handed_at);
        admin_json_str("last_error", n.last_error, true);
        printf("}\n");
        return K_EXIT_OK;
    }
    if (!on)
        printf("texts: off ([sms] daemon is not set): nothing is sent\n");
    else
        printf("texts: %s, outbox %s (%s)\n", c->daemon, c->outbox,
               writable ? "writable" : "NOT writable");
    printf("queued %d, handed to the daemon %d, sent %d, failed %d, cancelled %d\n", n.queued,
           n.handed, n.sent, n.failed, n.cancelled);
    char when[40];
    if (n.last_sent_at > 0) {
        admin_iso_time(n.last_sent_at, when, sizeof when);
        printf("last sent: %s\n", when);
    }
    if (n.oldest_handed_at > 0) {
        admin_iso_time(n.oldest_handed_at, when, sizeof when);
        printf("oldest waiting for the daemon's report: %s\n", when);
    }
    if (n.last_error[0])
        printf("last failure: %s\n", n.last_error);
    return K_EXIT_OK;
}

static int print_row(const SmsRow *r, void *user)
{
    AdminListCtx *ctx = user;
    char masked[24];
    /* the number masked as on tickets: staff see whose it is elsewhere */
    snprintf(masked, sizeof masked, "****%s",
             strlen(r->phone) > 4 ? r->phone + strlen(r->phone) - 4 : r->phone);
    if (ctx->ad->json) {
        printf("%s{\"id\":%lld", ctx->n++ ? "," : "", (long long)r->id);
        admin_json_str("kind", r->kind, true);
        admin_json_str("state", r->state, true);
        admin_json_str("phone", masked, true);
        admin_json_str("lang", r->lang, true);
        admin_json_str("ref_kind", r->ref_kind, true);
        printf(",\"ref_id\":%lld,\"urgent\":%s,\"attempts\":%d", (long long)r->ref_id,
               r->urgent ? "true" : "false", r->attempts);
        json_time("created", r->created_at);
        json_time("not_before", r->not_before);
        json_time("handed", r->handed_at);
        json_time("done", r->done_at);
        char file[SMS_NAME_MAX] = "";
        if (r->attempts > 0)
            sms_file_name(r->id, r->created_at, r->attempts, file, sizeof file);
        admin_json_str("file", file, true);
        admin_json_str("body", r->body, true);
        admin_json_str("error", r->error, true);
        printf("}");
        return 0;
    }
    char when[40];
    admin_iso_time(r->created_at, when, sizeof when);
    printf("%-6lld %-9s %-19s %s %s att %d %s%s%s\n", (long long)r->id, r->state, r->kind, masked,
           r->lang, r->attempts, when, r->error[0] ? "  " : "", r->error);
    ctx->n++;
    return 0;
}

/* `sms list [--state S] [--limit N]`: newest first. */
int cmd_sms_list(Admin *ad, int argc, const char **argv)
{
    const char *state = admin_take_option(&argc, argv, "--state");
    const char *limit_s = admin_take_option(&argc, argv, "--limit");
    int limit = 50;
    int rc = admin_check_rest(argc, argv, 0, "sms list [--state S] [--limit N]");
    if (rc)
        return rc;
    if (limit_s && !admin_parse_int(limit_s, 1, 10000, &limit))
        return admin_usage_error("--limit must be 1 to 10000", limit_s);
    if (state && strcmp(state, "queued") != 0 && strcmp(state, "handed") != 0 &&
        strcmp(state, "sent") != 0 && strcmp(state, "failed") != 0 &&
        strcmp(state, "cancelled") != 0)
        return admin_usage_error("--state is queued, handed, sent, failed or cancelled", state);
    rc = sms_open(ad);
    if (rc)
        return rc;
    AdminListCtx ctx = {ad, 0};
    if (ad->json)
        printf("{\"texts\":[");
    KResult k = store_sms_list(ad->store, state, limit, print_row, &ctx);
    if (ad->json)
        printf("]}\n");
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

/* `sms retry ID`: a failed text queued again for one more attempt. */
int cmd_sms_retry(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 1, "sms retry ID");
    if (rc)
        return rc;
    int64_t id = 0;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not a text id", argv[0]);
    rc = sms_open(ad);
    if (rc)
        return rc;
    KResult k = store_sms_retry(ad->store, id, admin_now());
    if (k == K_ERR_INVALID || k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_CHECK;
    }
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"state\":\"queued\"}\n", (long long)id);
    else
        printf("text %lld queued again; the kiosk hands it to the daemon\n", (long long)id);
    return K_EXIT_OK;
}

/* `sms test NUMBER [--lang zh|en]`: a test text, urgent (quiet hours do
 * not hold it). */
int cmd_sms_test(Admin *ad, int argc, const char **argv)
{
    const char *lang = admin_take_option(&argc, argv, "--lang");
    int rc = admin_check_rest(argc, argv, 1, "sms test NUMBER [--lang zh|en]");
    if (rc)
        return rc;
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        return admin_usage_error("--lang is zh or en", lang);
    if (!sms_phone_ok(argv[0]))
        return admin_usage_error("a test text goes to a mainland mobile number (11 digits, 1...)",
                                 argv[0]);
    if (!sms_enabled(&ad->cfg.sms)) {
        fprintf(stderr, "kiosk admin: texts are off: [sms] daemon and outbox are not set in the "
                        "configuration\n");
        return K_EXIT_ENV;
    }
    rc = sms_open(ad);
    if (rc)
        return rc;
    int64_t id = 0;
    KResult k = store_sms_test(ad->store, argv[0], lang ? lang : "zh", admin_now(), &id);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"state\":\"queued\"}\n", (long long)id);
    else
        printf("test text %lld queued; the kiosk hands it to the daemon within seconds\n",
               (long long)id);
    return K_EXIT_OK;
}

/* `sms stop NUMBER`: staff turn texts off for a number (as a TD reply
 * does); its queued texts are cancelled. */
int cmd_sms_stop(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 1, "sms stop NUMBER");
    if (rc)
        return rc;
    size_t n = strlen(argv[0]);
    if (n < 5 || n > 15 || strspn(argv[0], "0123456789") != n)
        return admin_usage_error("not a phone number (digits)", argv[0]);
    rc = sms_open(ad);
    if (rc)
        return rc;
    int cancelled = 0;
    KResult k =
        store_sms_consent_set(ad->store, argv[0], false, "zh", "staff", admin_now(), &cancelled);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"consent\":false,\"cancelled\":%d}\n", cancelled);
    else
        printf("texts off for that number; %d queued texts cancelled\n", cancelled);
    return K_EXIT_OK;
}
