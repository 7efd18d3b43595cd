/* admin_needs.c - the station's work (issue 22): `needs list|show|add|link`,
 * `resources add|change|list|show` and `projects add|change|list|show|
 * milestone|close` (store_project.h).  `requests link` is in
 * admin_requests.c.  A resource's contact and phone are shown here: the
 * admin is staff. */
#include "admin_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/platform.h"
#include "kiosk/report.h"
#include "kiosk/store_project.h"
#include "kiosk/text.h"

/* --by LOGIN (a staff account, or admin) when given, else "admin". */
static int actor_of(Admin *ad, const char *by, const char **actor)
{
    StaffRole role;
    *actor = by && by[0] ? by : "admin";
    return admin_actor_role(ad, *actor, &role);
}

/* The period's first and after-last moments (seconds). */
static bool period_times(const StatsPeriod *p, int64_t *from, int64_t *to)
{
    char next[CFG_DAY_MAX];
    return booking_time(p->from, 0, from) && booking_day_add(p->to, 1, next) &&
           booking_time(next, 0, to);
}

static int id_arg(const char *s, const char *what, int64_t *id)
{
    if (!s || !admin_parse_id(s, id))
        return admin_usage_error(what, s);
    return K_EXIT_OK;
}

/* ---- printing ---- */

/* The need as a JSON object, left open (close: with its "}"). */
static void print_need_json(const NeedRecord *n, bool close)
{
    char t[40];
    admin_iso_time(n->created_at, t, sizeof t);
    printf("{\"id\":%lld", (long long)n->id);
    admin_json_str("title", n->title, true);
    admin_json_str("note", n->note, true);
    admin_json_str("category", n->category, true);
    admin_json_str("community", n->community, true);
    admin_json_str("issue", n->issue, true);
    admin_json_str("by", n->by, true);
    admin_json_str("created_at", t, true);
    printf(",\"requests\":%d,\"open\":%d,\"project\":%lld%s", n->requests, n->open,
           (long long)n->project_id, close ? "}" : "");
}

static void print_need_text(const NeedRecord *n)
{
    printf("%-5lld %-30s %-12s %-10s %3d requests, %d open%s\n", (long long)n->id, n->title,
           n->category[0] ? n->category : "-", n->community[0] ? n->community : "-", n->requests,
           n->open, n->project_id ? ", in a project" : "");
}

static void print_resource_json(const ResourceRecord *x, bool matching)
{
    printf("{\"id\":%lld", (long long)x->id);
    admin_json_str("name", x->name, true);
    admin_json_str("kind", x->kind, true);
    printf(",\"offers\":[");
    for (int i = 0; i < x->offer_count; i++)
        printf("%s\"%s\"", i ? "," : "", x->offers[i]); /* codes: a-z, 0-9, _ and - */
    printf("],\"capacity\":%d,\"used\":%d,\"left\":%d", x->capacity, x->used,
           x->capacity - x->used);
    admin_json_str("availability", x->availability, true);
    admin_json_str("contact", x->contact, true);
    admin_json_str("phone", x->phone, true);
    admin_json_str("agreement", x->agreement, true);
    if (matching)
        printf(",\"serves_community\":%s", x->serves_community ? "true" : "false");
    if (x->places)
        printf(",\"places\":%d", x->places);
    printf("}");
}

static void print_resource_text(const ResourceRecord *x)
{
    char offers[RES_OFFERS_MAX * REQ_CODE_MAX] = "";
    for (int i = 0; i < x->offer_count; i++) {
        if (i)
            text_append(offers, sizeof offers, ",");
        text_append(offers, sizeof offers, x->offers[i]);
    }
    printf("%-5lld %-24s %-8s %-20s %d/%d places left%s\n", (long long)x->id, x->name, x->kind,
           offers, x->capacity - x->used, x->capacity,
           x->serves_community ? ", serves the community" : "");
}

static void print_project_json(const ProjectRecord *p)
{
    printf("{\"id\":%lld", (long long)p->id);
    admin_json_str("title", p->title, true);
    admin_json_str("owner", p->owner, true);
    admin_json_str("start", p->start_day, true);
    admin_json_str("due", p->due_day, true);
    admin_json_str("state", p->state, true);
    admin_json_str("result", p->result, true);
    printf(",\"overdue\":%s,\"needs_count\":%d,\"resources_count\":%d,\"requests_count\":%d,"
           "\"open_requests\":%d",
           p->overdue ? "true" : "false", p->needs, p->resources, p->requests, p->open_requests);
}

static void print_project_text(const ProjectRecord *p)
{
    printf("%-5lld %-24s %-10s %s..%s %-9s %d needs, %d resources, %d requests%s\n",
           (long long)p->id, p->title, p->owner, p->start_day, p->due_day, p->state, p->needs,
           p->resources, p->requests, p->overdue ? "  OVERDUE" : "");
}

/* ---- callbacks ---- */

static int need_row(const NeedRecord *n, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s", c->n ? "," : "");
        print_need_json(n, true);
    } else {
        print_need_text(n);
    }
    c->n++;
    return 0;
}

static int group_row(const NeedGroup *g, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s{", c->n ? "," : "");
        admin_json_str("category", g->category, false);
        admin_json_str("community", g->community, true);
        admin_json_str("issue", g->issue, true);
        printf(",\"count\":%d,\"open\":%d,\"open_share\":%.3f,\"urgent\":%d,\"priority\":%d,"
               "\"need\":%lld}",
               g->count, g->open, g->count ? (double)g->open / g->count : 0.0, g->urgent,
               g->priority, (long long)g->need_id);
    } else {
        printf("%-12s %-10s %-14s %5d %5d %4.0f%% %6d %8d %s\n", g->category,
               g->community[0] ? g->community : "-", g->issue, g->count, g->open,
               g->count ? 100.0 * g->open / g->count : 0.0, g->urgent, g->priority,
               g->need_id ? "recognised" : "");
    }
    c->n++;
    return 0;
}

static int resource_row(const ResourceRecord *x, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s", c->n ? "," : "");
        print_resource_json(x, true);
    } else {
        print_resource_text(x);
    }
    c->n++;
    return 0;
}

static int request_row(const RequestRecord *r, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s{\"id\":%lld", c->n ? "," : "", (long long)r->id);
        admin_json_str("number", r->ticket.number, true);
        admin_json_str("status", r->status, true);
        admin_json_str("category", r->draft.category, true);
        admin_json_str("issue", r->draft.issue, true);
        admin_json_str("building", r->draft.building, true);
        printf("}");
    } else {
        printf("  request %-6lld %-6s %-10s %s/%s %s\n", (long long)r->id, r->ticket.number,
               r->status, r->draft.category, r->draft.issue, r->draft.building);
    }
    c->n++;
    return 0;
}

static int project_row(const ProjectRecord *p, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s", c->n ? "," : "");
        print_project_json(p);
        printf("}");
    } else {
        print_project_text(p);
    }
    c->n++;
    return 0;
}

static int milestone_row(const ProjectMilestone *m, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s{\"id\":%lld", c->n ? "," : "", (long long)m->id);
        admin_json_str("title", m->title, true);
        admin_json_str("day", m->day, true);
        admin_json_str("by", m->by, true);
        printf("}");
    } else {
        printf("  %s  %s (%s)\n", m->day, m->title, m->by);
    }
    c->n++;
    return 0;
}

/* A listing's end: a store failure midway is reported (exit 3). */
static int listed(Admin *ad, KResult k)
{
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

static int print_new_id(Admin *ad, const char *noun, int64_t id)
{
    if (ad->json)
        printf("{\"id\":%lld}\n", (long long)id);
    else
        printf("%s %lld added\n", noun, (long long)id);
    return K_EXIT_OK;
}

/* ---- needs ---- */

int cmd_needs_list(Admin *ad, int argc, const char **argv)
{
    StatsPeriod p;
    int64_t from, to;
    if (!admin_period_options(&argc, argv, &p))
        return K_EXIT_USAGE;
    int rc = admin_check_rest(argc, argv, 0, "usage: needs list [--from DATE --to DATE]");
    if (rc)
        return rc;
    if (!period_times(&p, &from, &to))
        return admin_usage_error("the period's dates cannot be read", NULL);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    AdminListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"from\":\"%s\",\"to\":\"%s\",\"groups\":[", p.from, p.to);
    else
        printf("requests filed %s to %s\n%-12s %-10s %-14s %5s %5s %5s %6s %8s\n", p.from, p.to,
               "CATEGORY", "COMMUNITY", "ISSUE", "COUNT", "OPEN", "SHARE", "URGENT", "PRIORITY");
    KResult k = store_need_groups(ad->store, from, to, group_row, &c);
    if (k == K_OK) {
        c.n = 0;
        if (ad->json)
            printf("],\"needs\":[");
        else
            printf("\nrecognised needs:\n");
        k = store_need_list(ad->store, 0, 0, need_row, &c);
    }
    if (ad->json)
        printf("]}\n");
    return listed(ad, k);
}

int cmd_needs_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: needs show ID", "not a need id", &id);
    if (rc)
        return rc;
    NeedRecord n;
    KResult k = store_need_get(ad->store, id, &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    AdminListCtx c = {ad, 0};
    if (ad->json) {
        print_need_json(&n, false);
        printf(",\"request_list\":[");
    } else {
        print_need_text(&n);
        if (n.note[0])
            printf("  note: %s\n", n.note);
        printf("requests:\n");
    }
    k = store_need_requests(ad->store, id, request_row, &c);
    c.n = 0;
    if (k == K_OK) {
        if (ad->json)
            printf("],\"matches\":[");
        else
            printf("matching resources (capacity left, serving the community first):\n");
        k = store_need_matches(ad->store, id, resource_row, &c);
    }
    if (ad->json)
        printf("]}\n");
    return listed(ad, k);
}

int cmd_needs_add(Admin *ad, int argc, const char **argv)
{
    const char *title = admin_take_option(&argc, argv, "--title");
    const char *note = admin_take_option(&argc, argv, "--note");
    const char *cat = admin_take_option(&argc, argv, "--category");
    const char *community = admin_take_option(&argc, argv, "--community");
    const char *issue = admin_take_option(&argc, argv, "--issue");
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *actor;
    static NeedRecord n;
    int rc = admin_check_rest(argc, argv, 0,
                              "usage: needs add --title T [--category C] [--community B] "
                              "[--issue I] [--note T] --by LOGIN");
    if (rc)
        return rc;
    memset(&n, 0, sizeof n);
    if (!title || !admin_set_text(n.title, sizeof n.title, title))
        return admin_usage_error("needs add needs --title T (at most 60 characters)", title);
    if (note && !admin_set_text(n.note, sizeof n.note, note))
        return admin_usage_error("--note is at most 400 characters", NULL);
    if ((cat && !admin_set_text(n.category, sizeof n.category, cat)) ||
        (issue && !admin_set_text(n.issue, sizeof n.issue, issue)) ||
        (community && !admin_set_text(n.community, sizeof n.community, community)))
        return admin_usage_error("--category, --issue or --community is too long", NULL);
    if (!by || !by[0])
        return admin_usage_error("needs add needs --by LOGIN (or --by admin)", NULL);
    if (cat && !config_category(&ad->cfg, cat))
        return admin_bad_category(&ad->cfg, cat);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    int64_t id = 0;
    KResult k = store_need_add(ad->store, &n, actor, admin_now(), &id);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    return print_new_id(ad, "need", id);
}

int cmd_needs_link(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *actor;
    int64_t need, req;
    int rc = admin_check_rest(argc, argv, 2, "usage: needs link NEED_ID REQUEST_ID [--by LOGIN]");
    if (rc == K_EXIT_OK)
        rc = id_arg(argv[0], "not a need id", &need);
    if (rc == K_EXIT_OK)
        rc = id_arg(argv[1], "not a request id", &req);
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    KResult k = store_need_link(ad->store, need, req, actor, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"need\":%lld,\"request\":%lld,\"linked\":true}\n", (long long)need,
               (long long)req);
    else
        printf("request %lld linked to need %lld\n", (long long)req, (long long)need);
    return K_EXIT_OK;
}

/* ---- resources ---- */

/* Reads the options of resources add/change into x (change: over its
 * current values).  K_EXIT_OK or the usage error printed. */
static int resource_options(Admin *ad, int *argc, const char **argv, ResourceRecord *x)
{
    const char *name = admin_take_option(argc, argv, "--name");
    const char *kind = admin_take_option(argc, argv, "--kind");
    const char *offers = admin_take_option(argc, argv, "--offers");
    const char *cap = admin_take_option(argc, argv, "--capacity");
    const char *avail = admin_take_option(argc, argv, "--availability");
    const char *contact = admin_take_option(argc, argv, "--contact");
    const char *phone = admin_take_option(argc, argv, "--phone");
    const char *agreement = admin_take_option(argc, argv, "--agreement");
    if (name && !admin_set_text(x->name, sizeof x->name, name))
        return admin_usage_error("--name is at most 40 characters", NULL);
    if (kind && !admin_set_text(x->kind, sizeof x->kind, kind))
        return admin_usage_error("--kind is org, charity, company, pro, team or person", kind);
    if (offers) {
        x->offer_count = 0;
        for (const char *p = offers; *p;) {
            size_t n = strcspn(p, ",");
            if (n == 0 || n >= REQ_CODE_MAX || x->offer_count == RES_OFFERS_MAX)
                return admin_usage_error("--offers wants 1 to 8 category codes, CAT[,CAT]", offers);
            memcpy(x->offers[x->offer_count], p, n);
            x->offers[x->offer_count][n] = '\0';
            if (!config_category(&ad->cfg, x->offers[x->offer_count]))
                return admin_bad_category(&ad->cfg, x->offers[x->offer_count]);
            x->offer_count++;
            p += n;
            if (*p == ',')
                p++;
        }
    }
    if (cap && !admin_parse_int(cap, 0, 100000, &x->capacity))
        return admin_usage_error("--capacity wants a number of places, 0 to 100000", cap);
    if ((avail && !admin_set_text(x->availability, sizeof x->availability, avail)) ||
        (agreement && !admin_set_text(x->agreement, sizeof x->agreement, agreement)) ||
        (contact && !admin_set_text(x->contact, sizeof x->contact, contact)) ||
        (phone && !admin_set_text(x->phone, sizeof x->phone, phone)))
        return admin_usage_error("a text option is too long", NULL);
    return K_EXIT_OK;
}

int cmd_resources_add(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *actor;
    static ResourceRecord x;
    memset(&x, 0, sizeof x);
    x.capacity = 1;
    int rc = resource_options(ad, &argc, argv, &x);
    if (rc == K_EXIT_OK)
        rc = admin_check_rest(argc, argv, 0,
                              "usage: resources add --name T --kind org|charity|company|pro|team|"
                              "person --offers CAT[,CAT] [--capacity N] [--contact T] [--phone P] "
                              "[--availability T] [--agreement T]");
    if (rc)
        return rc;
    if (!x.name[0] || !x.kind[0] || !x.offer_count)
        return admin_usage_error("resources add needs --name, --kind and --offers", NULL);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    int64_t id = 0;
    KResult k = store_resource_add(ad->store, &x, actor, admin_now(), &id);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    return print_new_id(ad, "resource", id);
}

int cmd_resources_change(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *actor;
    static ResourceRecord x;
    int64_t id;
    /* the options are read over the stored values: open first */
    if (argc < 1 || !admin_parse_id(argv[0], &id))
        return admin_usage_error("usage: resources change ID [the options of add]",
                                 argc ? argv[0] : NULL);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_resource_get(ad->store, id, &x);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    argc--;
    argv++;
    rc = resource_options(ad, &argc, argv, &x);
    if (rc == K_EXIT_OK)
        rc = admin_check_rest(argc, argv, 0, "usage: resources change ID [the options of add]");
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    k = store_resource_change(ad->store, &x, actor, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"changed\":true}\n", (long long)id);
    else
        printf("resource %lld changed\n", (long long)id);
    return K_EXIT_OK;
}

int cmd_resources_list(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "usage: resources list");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc)
        return rc;
    AdminListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"resources\":[");
    KResult k = store_resource_list(ad->store, resource_row, &c);
    if (ad->json)
        printf("]}\n");
    return listed(ad, k);
}

int cmd_resources_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: resources show ID", "not a resource id", &id);
    if (rc)
        return rc;
    ResourceRecord x;
    KResult k = store_resource_get(ad->store, id, &x);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        print_resource_json(&x, false);
        printf("\n");
    } else {
        print_resource_text(&x);
        printf("  contact     %s %s\n  available   %s\n  agreement   %s\n",
               x.contact[0] ? x.contact : "-", x.phone, x.availability[0] ? x.availability : "-",
               x.agreement[0] ? x.agreement : "-");
    }
    return K_EXIT_OK;
}

/* ---- projects ---- */

int cmd_projects_add(Admin *ad, int argc, const char **argv)
{
    const char *title = admin_take_option(&argc, argv, "--title");
    const char *need = admin_take_option(&argc, argv, "--need");
    const char *res = admin_take_option(&argc, argv, "--resource");
    const char *places = admin_take_option(&argc, argv, "--places");
    const char *owner = admin_take_option(&argc, argv, "--owner");
    const char *start = admin_take_option(&argc, argv, "--start");
    const char *due = admin_take_option(&argc, argv, "--due");
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *actor;
    static ProjectRecord p;
    int64_t need_id = 0, res_id = 0;
    int n_places = 1;
    int rc = admin_check_rest(argc, argv, 0,
                              "usage: projects add --title T --need NEED_ID --resource RES_ID "
                              "[--places N] --owner LOGIN [--start YYYY-MM-DD] --due YYYY-MM-DD");
    if (rc)
        return rc;
    memset(&p, 0, sizeof p);
    if (!title || !admin_set_text(p.title, sizeof p.title, title))
        return admin_usage_error("projects add needs --title T (at most 30 characters)", title);
    if (!owner || !owner[0] || !admin_set_text(p.owner, sizeof p.owner, owner))
        return admin_usage_error("a project needs an owner on the staff: --owner LOGIN", NULL);
    if (!due || !due[0] || !admin_set_text(p.due_day, sizeof p.due_day, due))
        return admin_usage_error("a project needs a due date: --due YYYY-MM-DD", due);
    if (start && !admin_set_text(p.start_day, sizeof p.start_day, start))
        return admin_usage_error("--start wants YYYY-MM-DD", start);
    if (need && !admin_parse_id(need, &need_id))
        return admin_usage_error("--need wants a need id", need);
    if (res && !admin_parse_id(res, &res_id))
        return admin_usage_error("--resource wants a resource id", res);
    if (places && !admin_parse_int(places, 1, 100000, &n_places))
        return admin_usage_error("--places wants 1 to 100000", places);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    int64_t id = 0;
    KResult k =
        store_project_add(ad->store, &p, need_id, res_id, n_places, actor, admin_now(), &id);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    return print_new_id(ad, "project", id);
}

int cmd_projects_change(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *title = admin_take_option(&argc, argv, "--title");
    const char *owner = admin_take_option(&argc, argv, "--owner");
    const char *start = admin_take_option(&argc, argv, "--start");
    const char *due = admin_take_option(&argc, argv, "--due");
    const char *state = admin_take_option(&argc, argv, "--state");
    const char *need = admin_take_option(&argc, argv, "--need");
    const char *res = admin_take_option(&argc, argv, "--resource");
    const char *places = admin_take_option(&argc, argv, "--places");
    const char *usage = "usage: projects change ID [--title T] [--owner LOGIN] [--start D] "
                        "[--due D] [--state planned|running] [--need ID] [--resource ID "
                        "[--places N]]";
    const char *actor;
    static ProjectRecord p;
    int64_t id, need_id = 0, res_id = 0;
    int n_places = 1;
    int rc = admin_check_rest(argc, argv, 1, usage);
    if (rc == K_EXIT_OK)
        rc = id_arg(argv[0], "not a project id", &id);
    if (rc)
        return rc;
    if (need && !admin_parse_id(need, &need_id))
        return admin_usage_error("--need wants a need id", need);
    if (res && !admin_parse_id(res, &res_id))
        return admin_usage_error("--resource wants a resource id", res);
    if (places && !admin_parse_int(places, 1, 100000, &n_places))
        return admin_usage_error("--places wants 1 to 100000", places);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    int64_t now = admin_now();
    KResult k = store_project_get(ad->store, id, now, &p);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if ((title && !admin_set_text(p.title, sizeof p.title, title)) ||
        (owner && !admin_set_text(p.owner, sizeof p.owner, owner)) ||
        (start && !admin_set_text(p.start_day, sizeof p.start_day, start)) ||
        (due && !admin_set_text(p.due_day, sizeof p.due_day, due)) ||
        (state && !admin_set_text(p.state, sizeof p.state, state)))
        return admin_usage_error("an option is too long", NULL);
    if (title || owner || start || due || state)
        k = store_project_change(ad->store, &p, actor, now);
    if (k == K_OK && need_id)
        k = store_project_add_need(ad->store, id, need_id, actor, now);
    if (k == K_OK && res_id)
        k = store_project_add_resource(ad->store, id, res_id, n_places, actor, now);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"changed\":true}\n", (long long)id);
    else
        printf("project %lld changed\n", (long long)id);
    return K_EXIT_OK;
}

int cmd_projects_list(Admin *ad, int argc, const char **argv)
{
    bool all = admin_take_flag(&argc, argv, "--all");
    int rc = admin_check_rest(argc, argv, 0, "usage: projects list [--all]");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc)
        return rc;
    AdminListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"projects\":[");
    KResult k = store_project_list(ad->store, all, admin_now(), project_row, &c);
    if (ad->json)
        printf("]}\n");
    return listed(ad, k);
}

int cmd_projects_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: projects show ID", "not a project id", &id);
    if (rc)
        return rc;
    ProjectRecord p;
    KResult k = store_project_get(ad->store, id, admin_now(), &p);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    AdminListCtx c = {ad, 0};
    if (ad->json) {
        print_project_json(&p);
        printf(",\"needs\":[");
    } else {
        print_project_text(&p);
        if (p.result[0])
            printf("  result: %s\n", p.result);
        printf("needs:\n");
    }
    k = store_project_needs(ad->store, id, need_row, &c);
    if (k == K_OK) {
        c.n = 0;
        printf(ad->json ? "],\"resources\":[" : "resources:\n");
        k = store_project_resources(ad->store, id, resource_row, &c);
    }
    if (k == K_OK) {
        c.n = 0;
        printf(ad->json ? "],\"requests\":[" : "requests:\n");
        k = store_project_requests(ad->store, id, request_row, &c);
    }
    if (k == K_OK) {
        c.n = 0;
        printf(ad->json ? "],\"milestones\":[" : "milestones:\n");
        k = store_project_milestones(ad->store, id, milestone_row, &c);
    }
    if (ad->json)
        printf("]}\n");
    return listed(ad, k);
}

int cmd_projects_milestone(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *day = admin_take_option(&argc, argv, "--day");
    const char *actor;
    int64_t id;
    int rc = admin_check_rest(argc, argv, 2,
                              "usage: projects milestone ID TITLE [--day YYYY-MM-DD] [--by LOGIN]");
    if (rc == K_EXIT_OK)
        rc = id_arg(argv[0], "not a project id", &id);
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    KResult k = store_project_milestone(ad->store, id, argv[1], day, actor, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"milestone\":true}\n", (long long)id);
    else
        printf("project %lld: milestone added\n", (long long)id);
    return K_EXIT_OK;
}

int cmd_projects_close(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    const char *result = admin_take_option(&argc, argv, "--result");
    const char *actor;
    bool cancelled = admin_take_flag(&argc, argv, "--cancelled");
    int64_t id;
    int rc = admin_check_rest(argc, argv, 1,
                              "usage: projects close ID --result T [--cancelled] [--by LOGIN]");
    if (rc == K_EXIT_OK)
        rc = id_arg(argv[0], "not a project id", &id);
    if (rc)
        return rc;
    if (!result || !result[0])
        return admin_usage_error("projects close needs --result T (what came of it)", NULL);
    rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = actor_of(ad, by, &actor);
    if (rc)
        return rc;
    KResult k = store_project_close(ad->store, id, cancelled, result, actor, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"state\":\"%s\"}\n", (long long)id,
               cancelled ? "cancelled" : "finished");
    else
        printf("project %lld %s\n", (long long)id, cancelled ? "cancelled" : "finished");
    return K_EXIT_OK;
}

/* ---- the monthly report's projects.csv (admin_stats.c's cmd_report) ---- */

int admin_report_projects(Admin *ad, const StatsPeriod *p, const char *dir, const char *lang)
{
    static ReportProjectMonth months[REPORT_PROJECT_MONTHS];
    char err[1100], first[CFG_DAY_MAX], next[32];
    int n = 0, y = 0, m = 0;
    if (sscanf(p->from, "%4d-%2d", &y, &m) != 2)
        return K_EXIT_USAGE;
    text_copy(first, sizeof first, p->from);
    while (n < REPORT_PROJECT_MONTHS && strcmp(first, p->to) <= 0) {
        int64_t from, to;
        char last_next[CFG_DAY_MAX];
        snprintf(next, sizeof next, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
        /* the month cut to the period */
        if (!booking_day_add(p->to, 1, last_next))
            return K_EXIT_USAGE;
        const char *end = strcmp(next, last_next) < 0 ? next : last_next;
        if (!booking_time(first, 0, &from) || !booking_time(end, 0, &to))
            return K_EXIT_USAGE;
        snprintf(months[n].month, sizeof months[n].month, "%04d-%02d", y, m);
        KResult k = store_project_figures(ad->store, from, to, &months[n].f);
        if (k != K_OK)
            return admin_store_failure(ad, k);
        n++;
        text_copy(first, sizeof first, next);
        y = m == 12 ? y + 1 : y;
        m = m == 12 ? 1 : m + 1;
    }
    KResult k = report_write_projects(dir, months, n, err, sizeof err);
    if (k == K_OK) /* and the chart of the same months */
        k = report_write_projects_chart(dir, months, n, &ad->cfg, lang, platform_font_dir(), err,
                                        sizeof err);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    return K_EXIT_OK;
}
