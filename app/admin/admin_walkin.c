/* admin_walkin.c - `walkin issue|call|recall|skip|list`: walk-in numbers. */
#include "admin_int.h"

#include <sodium.h>
#include <stdio.h>

static void print_walkin_json(const WalkIn *w)
{
    char t[40], c[40];
    admin_iso_time(w->created_at, t, sizeof t);
    printf("{\"id\":%lld,\"ticket_id\":%lld", (long long)w->id, (long long)w->ticket_id);
    admin_json_str("number", w->number, true);
    admin_json_str("day", w->day, true);
    admin_json_str("status", w->status, true);
    printf(",\"counter\":%d", w->counter);
    admin_json_str("created_at", t, true);
    if (w->called_at) {
        admin_iso_time(w->called_at, c, sizeof c);
        admin_json_str("called_at", c, true);
    } else {
        printf(",\"called_at\":null");
    }
    printf("}");
}

int cmd_walkin_issue(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "walkin issue takes no arguments");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = admin_load_key(ad, key);
    if (rc)
        return rc;
    Ticket t;
    int ahead = 0;
    KResult k = store_walkin_issue(ad->store, ad->cfg.site_code, admin_now(), key, &t, &ahead);
    sodium_memzero(key, sizeof key);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"ticket_id\":%lld", (long long)t.id);
        admin_json_str("number", t.number, true);
        admin_json_str("day", t.day, true);
        admin_json_str("lookup", t.lookup, true);
        admin_json_str("payload", t.payload, true);
        printf(",\"ahead\":%d}\n", ahead);
    } else {
        printf("walk-in number %s (%d waiting before it)\n", t.number, ahead);
    }
    return K_EXIT_OK;
}

int cmd_walkin_call(Admin *ad, int argc, const char **argv)
{
    const char *counter_text = admin_take_option(&argc, argv, "--counter");
    const char *by = admin_take_option(&argc, argv, "--by");
    int counter = 0;
    StaffRole role;
    int rc = admin_check_rest(argc, argv, 0, "usage: walkin call --counter N [--by LOGIN]");
    if (rc)
        return rc;
    if (!counter_text || !admin_parse_int(counter_text, 1, 99, &counter))
        return admin_usage_error("walkin call needs --counter 1..99", counter_text);
    if (!by)
        by = "admin";
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    WalkIn w;
    KResult k = store_walkin_call(ad->store, counter, by, admin_now(), &w);
    if (k == K_ERR_NOT_FOUND && ad->json)
        printf("{\"called\":null}\n");
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"called\":");
        print_walkin_json(&w);
        printf("}\n");
    } else {
        printf("%s to counter %d\n", w.number, w.counter);
    }
    return K_EXIT_OK;
}

/* --counter N and --by LOGIN of walkin recall|skip, checked; the store open. */
static int counter_and_actor(Admin *ad, int *argc, const char **argv, const char *usage,
                             int *counter, const char **by)
{
    const char *counter_text = admin_take_option(argc, argv, "--counter");
    StaffRole role;
    *by = admin_take_option(argc, argv, "--by");
    int rc = admin_check_rest(*argc, argv, 0, usage);
    if (rc)
        return rc;
    if (!counter_text || !admin_parse_int(counter_text, 1, 99, counter))
        return admin_usage_error("it needs --counter 1..99", counter_text);
    if (!*by)
        *by = "admin";
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, *by, &role);
    return rc;
}

int cmd_walkin_recall(Admin *ad, int argc, const char **argv)
{
    int counter = 0;
    const char *by = NULL;
    int rc = counter_and_actor(ad, &argc, argv, "usage: walkin recall --counter N [--by LOGIN]",
                               &counter, &by);
    if (rc)
        return rc;
    WalkIn w;
    KResult k = store_walkin_recall(ad->store, counter, by, admin_now(), &w);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"recalled\":");
        print_walkin_json(&w);
        printf("}\n");
    } else {
        printf("%s called again to counter %d\n", w.number, w.counter);
    }
    return K_EXIT_OK;
}

int cmd_walkin_skip(Admin *ad, int argc, const char **argv)
{
    int counter = 0;
    const char *by = NULL;
    int rc = counter_and_actor(ad, &argc, argv, "usage: walkin skip --counter N [--by LOGIN]",
                               &counter, &by);
    if (rc)
        return rc;
    WalkIn w, next;
    KResult k = store_walkin_skip(ad->store, counter, by, admin_now(), &w, &next);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"skipped\":");
        print_walkin_json(&w);
        printf(",\"called\":");
        if (next.id)
            print_walkin_json(&next);
        else
            printf("null");
        printf("}\n");
    } else if (next.id) {
        printf("%s passed over; %s to counter %d\n", w.number, next.number, counter);
    } else {
        printf("%s passed over; nobody else waits\n", w.number);
    }
    return K_EXIT_OK;
}

int cmd_walkin_list(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "walkin list takes no arguments");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc)
        return rc;
    WalkIn w[20];
    int n = 0, waiting = 0;
    KResult k = store_walkin_recent(ad->store, admin_now(), w, 20, &n, &waiting);
    if (k != K_OK)
        return admin_store_failure(ad, k);
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
            admin_iso_time(w[i].called_at, t, sizeof t);
            printf("  %-6s counter %-2d  %s\n", w[i].number, w[i].counter, t);
        }
    }
    return K_EXIT_OK;
}
