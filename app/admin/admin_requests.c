/* admin_requests.c - `requests list|show|act|rate|refer`: requests, their
 * timeline, the workflow actions of staff and referrals to other sites. */
#include "admin_int.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/phone.h"
#include "kiosk/store_project.h"

static void print_request_json(const RequestRecord *r, bool full)
{
    char t[40], masked[24];
    admin_iso_time(r->created_at, t, sizeof t);
    printf("{\"id\":%lld", (long long)r->id);
    admin_json_str("number", r->ticket.number, true);
    admin_json_str("status", r->status, true);
    admin_json_str("category", r->draft.category, true);
    admin_json_str("issue", r->draft.issue, true);
    admin_json_str("created_at", t, true);
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
        admin_iso_time(r->updated_at, upd, sizeof upd);
        admin_json_str("updated_at", upd, true);
        admin_json_str("assignee", r->assignee, true);
        admin_json_str("rating", r->rating, true);
        admin_json_str("description", r->draft.description, true);
        admin_json_str("phone", r->draft.phone, true);
        admin_json_str("sms", r->draft.sms, true); /* texts asked for: "", zh, en */
        admin_json_str("name", r->draft.name, true);
        admin_json_str("building", r->draft.building, true);
        admin_json_str("unit", r->draft.unit, true);
        admin_json_str("room", r->draft.room, true);
        char due[40];
        admin_iso_time(r->ticket.due_at, due, sizeof due);
        printf(",\"ticket\":{\"id\":%lld", (long long)r->ticket.id);
        admin_json_str("number", r->ticket.number, true);
        admin_json_str("lookup", r->ticket.lookup, true);
        admin_json_str("payload", r->ticket.payload, true);
        admin_json_str("day", r->ticket.day, true);
        admin_json_str("due_at", due, true);
        printf("}");
    } else {
        phone_mask(r->draft.phone, masked, sizeof masked);
        admin_json_str("phone", masked, true);
    }
}

static int list_row(const RequestRecord *r, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_request_json(r, false);
        printf("}");
    } else {
        char t[40], masked[24];
        admin_iso_time(r->created_at, t, sizeof t);
        phone_mask(r->draft.phone, masked, sizeof masked);
        printf("%-6lld %-6s %-10s %-12s %-12s %s  %s\n", (long long)r->id, r->ticket.number,
               r->status, r->draft.category, r->draft.issue, masked, t);
    }
    c->n++;
    return 0;
}

int cmd_requests_list(Admin *ad, int argc, const char **argv)
{
    const char *status = NULL;
    int limit = 50;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--status") == 0 && i + 1 < argc)
            status = argv[++i];
        else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            int64_t n;
            if (!admin_parse_id(argv[++i], &n) || n > 1000000)
                return admin_usage_error("--limit needs a positive number", argv[i]);
            limit = (int)n;
        } else
            return admin_usage_error("unknown argument", argv[i]);
    }
    WfState ws;
    if (status && !wf_state_parse(status, &ws))
        return admin_bad_status(status);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    AdminListCtx c = {ad, 0};
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
        return K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

int cmd_requests_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    if (argc != 1 || !admin_parse_id(argv[0], &id))
        return admin_usage_error("requests show needs one request id", argc ? argv[0] : NULL);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    RequestRecord r;
    KResult k = store_get_request(ad->store, id, &r);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no request %lld\n", (long long)id);
        return K_EXIT_CHECK;
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    AdminListCtx ev = {ad, 0};
    if (ad->json) {
        print_request_json(&r, true);
        ReferralOut ro;
        if (store_referral_out(ad->store, id, &ro) == K_OK) {
            printf(",\"referral\":{");
            admin_json_str("to", ro.to_site, false);
            admin_json_str("by", ro.by, true);
            admin_json_str("note", ro.note, true);
            printf(",\"their_id\":%lld", (long long)ro.their_id);
            admin_json_str("status", ro.status, true);
            admin_json_str("rating", ro.rating, true);
            printf(",\"pulled_at\":%lld}", (long long)ro.pulled_at);
        }
        printf(",\"events\":[");
        admin_print_timeline(ad, "request", id, &ev);
        printf("]}\n");
        return K_EXIT_OK;
    }
    char t[40], due[40];
    admin_iso_time(r.created_at, t, sizeof t);
    admin_iso_time(r.ticket.due_at, due, sizeof due);
    printf("request %lld  ticket %s  status %s\n", (long long)r.id, r.ticket.number, r.status);
    char upd[40];
    admin_iso_time(r.updated_at, upd, sizeof upd);
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
    printf("  lookup      %s\n  payload     %s\n", r.ticket.lookup, r.ticket.payload);
    ReferralOut ro;
    if (store_referral_out(ad->store, id, &ro) == K_OK) {
        char pulled[40];
        admin_iso_time(ro.pulled_at, pulled, sizeof pulled);
        printf("  referred to %s by %s: %s\n", ro.to_site, ro.by, ro.note);
        if (ro.their_id > 0)
            printf("  there       request %lld, %s%s%s (as of %s)\n", (long long)ro.their_id,
                   ro.status, ro.rating[0] ? ", rated " : "", ro.rating,
                   ro.pulled_at ? pulled : "-");
        else
            printf("  there       not yet filed\n");
    }
    printf("timeline:\n");
    admin_print_timeline(ad, "request", id, &ev);
    return K_EXIT_OK;
}

/* After a move: the request as it is now, or why it was refused. */
static int request_moved(Admin *ad, int64_t id, KResult k, const char *action)
{
    if (k == K_ERR_REFUSED && ad->json) {
        printf("{\"id\":%lld,\"changed\":false", (long long)id);
        admin_json_str("reason", store_errmsg(ad->store), true);
        printf("}\n");
    }
    if (k != K_OK)
        return admin_store_failure(ad, k);
    RequestRecord r;
    k = store_get_request(ad->store, id, &r);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"id\":%lld,\"changed\":true", (long long)id);
        admin_json_str("action", action, true);
        admin_json_str("status", r.status, true);
        admin_json_str("assignee", r.assignee, true);
        admin_json_str("rating", r.rating, true);
        printf("}\n");
    } else {
        printf("request %lld (%s) is now %s%s%s%s%s\n", (long long)id, r.ticket.number, r.status,
               r.assignee[0] ? ", assigned to " : "", r.assignee, r.rating[0] ? ", rated " : "",
               r.rating);
    }
    return K_EXIT_OK;
}

int cmd_requests_act(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *note = admin_take_option(&argc, argv, "--note");
    const char *to = admin_take_option(&argc, argv, "--to");
    int64_t id;
    WfAction action;
    StaffRole role;
    int rc = admin_check_rest(
        argc, argv, 2, "usage: requests act ID ACTION --by LOGIN [--note TEXT] [--to ASSIGNEE]");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not a request id", argv[0]);
    if (!wf_action_parse(argv[1], &action))
        return admin_usage_error(
            "the action is accept, assign, start, resolve, close, refer or cancel", argv[1]);
    if (!by || !by[0])
        return admin_usage_error("requests act needs --by LOGIN (or --by admin)", NULL);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    KResult k = store_request_act(ad->store, id, action, role, by, note, to, admin_now());
    return request_moved(ad, id, k, argv[1]);
}

int cmd_requests_rate(Admin *ad, int argc, const char **argv)
{
    const char *comment = admin_take_option(&argc, argv, "--comment");
    const char *site = admin_take_option(&argc, argv, "--site");
    int64_t id;
    WfRating rating;
    int rc = admin_check_rest(
        argc, argv, 2,
        "usage: requests rate ID satisfied|basic|dissatisfied [--comment T] [--site SITE]");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not a request id", argv[0]);
    if (!wf_rating_parse(argv[1], &rating))
        return admin_usage_error("a rating is satisfied, basic or dissatisfied", argv[1]);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    if (site) {
        /* another site's request, resolved as far as the district copy
         * says: relayed to that site, which applies it */
        KResult k = store_copy_rate(ad->store, site, id, rating, admin_now());
        if (k != K_OK)
            return admin_store_failure(ad, k);
        if (ad->json)
            printf("{\"site\":\"%s\",\"id\":%lld,\"relayed\":true}\n", site, (long long)id);
        else
            printf("request %lld of %s: rating %s sent to be relayed\n", (long long)id, site,
                   argv[1]);
        return K_EXIT_OK;
    }
    RequestRecord r;
    KResult k = store_get_request(ad->store, id, &r);
    if (k == K_OK && r.state == WF_REFERRED) {
        /* referred to another site: the rating goes to that site */
        ReferralOut ro;
        if (store_referral_out(ad->store, id, &ro) == K_OK) {
            k = store_referral_rate(ad->store, id, rating, admin_now());
            if (k != K_OK)
                return admin_store_failure(ad, k);
            if (ad->json)
                printf("{\"id\":%lld,\"site\":\"%s\",\"their_id\":%lld,\"relayed\":true}\n",
                       (long long)id, ro.to_site, (long long)ro.their_id);
            else
                printf("request %lld (%s): rating %s sent to %s, where it was resolved\n",
                       (long long)id, r.ticket.number, argv[1], ro.to_site);
            return K_EXIT_OK;
        }
    }
    k = store_request_rate(ad->store, id, rating, comment, admin_now());
    return request_moved(ad, id, k, "close");
}

int cmd_requests_refer(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *note = admin_take_option(&argc, argv, "--note");
    const char *to = admin_take_option(&argc, argv, "--to");
    int64_t id;
    StaffRole role;
    int rc = admin_check_rest(argc, argv, 1,
                              "usage: requests refer ID --to SITE --by LOGIN --note TEXT");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not a request id", argv[0]);
    if (!to || !to[0])
        return admin_usage_error("requests refer needs --to SITE (a site of the district)", NULL);
    if (!by || !by[0])
        return admin_usage_error("requests refer needs --by LOGIN (or --by admin)", NULL);
    if (!note || !note[0])
        return admin_usage_error("requests refer needs --note TEXT (why, for the other site)",
                                 NULL);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    KResult k = store_request_refer(ad->store, id, to, role, by, note, admin_now());
    return request_moved(ad, id, k, "refer");
}

/* `requests link ID --project P [--by LOGIN]` (issue 22): the request is
 * handled by the project; its timeline and the resident's progress screen
 * say so. */
int cmd_requests_link(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *project = admin_take_option(&argc, argv, "--project");
    int64_t id, pid;
    StaffRole role;
    int rc = admin_check_rest(argc, argv, 1,
                              "usage: requests link ID --project PROJECT_ID [--by LOGIN]");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not a request id", argv[0]);
    if (!project || !admin_parse_id(project, &pid))
        return admin_usage_error("requests link needs --project PROJECT_ID", project);
    if (!by || !by[0])
        by = "admin";
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    KResult k = store_request_link_project(ad->store, id, pid, by, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"project\":%lld,\"linked\":true}\n", (long long)id, (long long)pid);
    else
        printf("request %lld is handled by project %lld\n", (long long)id, (long long)pid);
    return K_EXIT_OK;
}
