/* admin_queue.c - `queue list` and `assignees list|add`: the open requests, most
 * pressing first, and who they are assigned to. */
#include "admin_int.h"

#include <stdio.h>
#include <string.h>

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

int cmd_queue_list(Admin *ad, int argc, const char **argv)
{
    const char *status = admin_take_option(&argc, argv, "--status");
    const char *category = admin_take_option(&argc, argv, "--category");
    const char *limit_text = admin_take_option(&argc, argv, "--limit");
    const char *after_text = admin_take_option(&argc, argv, "--after");
    QueueKey after = {0};
    WfState ws;
    int limit = 20;
    int rc = admin_check_rest(
        argc, argv, 0, "usage: queue list [--status S] [--category C] [--limit N] [--after K]");
    if (rc)
        return rc;
    if (status && !wf_state_parse(status, &ws))
        return admin_bad_status(status);
    if (category && !config_category(&ad->cfg, category))
        return admin_bad_category(&ad->cfg, category);
    if (limit_text && !admin_parse_int(limit_text, 1, QUEUE_PAGE_MAX, &limit))
        return admin_usage_error("--limit is 1 to 500", limit_text);
    if (after_text && !parse_queue_key(after_text, &after))
        return admin_usage_error("--after is QKEY:CREATED:ID as printed by queue list", after_text);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    static QueueRow rows[QUEUE_PAGE_MAX];
    int n = 0, total = 0;
    KResult k = store_queue_page(ad->store, status, category, &after, rows, limit, &n);
    if (k == K_OK)
        k = store_queue_count(ad->store, status, category, &total);
    if (k != K_OK)
        return admin_store_failure(ad, k);
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
        bool overdue = wf_is_open(q->state) && q->due_at < now;
        double age_h = (double)(now - q->created_at) / 3600.0;
        if (ad->json) {
            char t[40], due[40];
            admin_iso_time(q->created_at, t, sizeof t);
            admin_iso_time(q->due_at, due, sizeof due);
            printf("%s\n {\"id\":%lld", i ? "," : "", (long long)q->id);
            admin_json_str("number", q->number, true);
            admin_json_str("category", q->category, true);
            admin_json_str("status", q->status, true);
            printf(",\"urgent\":%s,\"flags\":%u,\"qkey\":%d,\"age_hours\":%.1f,\"overdue\":%s",
                   q->urgency == URGENCY_URGENT ? "true" : "false", q->flags, q->qkey, age_h,
                   overdue ? "true" : "false");
            admin_json_str("created_at", t, true);
            admin_json_str("due_at", due, true);
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
            admin_json_str("next", next, true);
        else
            printf(",\"next\":null");
        printf("}\n");
    } else {
        printf("%d of %d shown", n, total);
        if (next[0])
            printf("; next page: --after %s", next);
        printf("\n");
    }
    return K_EXIT_OK;
}

int cmd_assignees_list(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "assignees list takes no arguments");
    if (rc)
        return rc;
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    static Assignee list[512];
    int n = 0;
    KResult k = store_assignee_list(ad->store, list, 512, &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"assignees\":[");
    for (int i = 0; i < n; i++) {
        if (ad->json) {
            printf("%s\n {", i ? "," : "");
            admin_json_str("kind", list[i].kind, false);
            admin_json_str("name", list[i].name, true);
            admin_json_str("label", list[i].label, true);
            printf("}");
        } else {
            printf("%-8s %-24s %s\n", list[i].kind, list[i].name, list[i].label);
        }
    }
    if (ad->json)
        printf("\n]}\n");
    return K_EXIT_OK;
}

int cmd_assignees_add(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 2, "usage: assignees add team|partner NAME");
    if (rc)
        return rc;
    if (strcmp(argv[0], "team") != 0 && strcmp(argv[0], "partner") != 0)
        return admin_usage_error("an assignee is a team or a partner", argv[0]);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_assignee_add(ad->store, argv[0], argv[1], admin_now(), "admin");
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"added\":true");
        admin_json_str("kind", argv[0], true);
        admin_json_str("name", argv[1], true);
        printf("}\n");
    } else {
        printf("added %s %s\n", argv[0], argv[1]);
    }
    return K_EXIT_OK;
}
