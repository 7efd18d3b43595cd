/* app_project.c - the station's work (issue 22) on the kiosk: actions of
 * the projects slice (app_project.h).  Reads and writes go through
 * store_project.h; the screens (projects.c, needs.c) only show a->projects. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_project.h"
#include "kiosk/booking.h"
#include "kiosk/store.h"
#include "kiosk/store_project.h"
#include "kiosk/text.h"

#define NEW_PROJECT_DAYS 30 /* a project made from the needs screen is due in */

/* ---- the resident's request ---- */

void app_project_progress(App *a)
{
    ProjectRecord p;
    a->check.project[0] = '\0';
    if (a->store && a->check.progress.id > 0 &&
        store_request_project(a->store, a->check.progress.id, &p) == K_OK)
        text_copy(a->check.project, sizeof a->check.project, p.title);
}

/* The value of "key":"..." in a detail the store wrote (text_json_quote:
 * no escaped quote in a title we wrote is left undecoded but \" itself). */
static void detail_string(const char *json, const char *key, char *out, size_t cap)
{
    char pat[32];
    size_t o = 0;
    out[0] = '\0';
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    if (!p)
        return;
    for (p += strlen(pat); *p && *p != '"' && o + 1 < cap; p++) {
        if (*p == '\\' && p[1])
            p++;
        out[o++] = *p;
    }
    out[o] = '\0';
    while (o > 0 && !text_valid_utf8(out))
        out[--o] = '\0';
}

bool app_project_timeline(const App *a, const char *kind, const char *detail, const char *when,
                          const char *actor, char *line, size_t cap)
{
    if (strcmp(kind, "project_linked") != 0)
        return false;
    char title[PROJ_TITLE_MAX], text[PROJ_TITLE_MAX + 64];
    detail_string(detail ? detail : "", "title", title, sizeof title);
    strings_fill(text, sizeof text, app_str((App *)a, S_PROJ_HANDLED_BY), title);
    snprintf(line, cap, "%s %s（%s）", when, text, actor);
    return true;
}

/* ---- the projects list ---- */

static int collect_project(const ProjectRecord *p, void *user)
{
    AppProjects *s = user;
    if (s->count >= APP_PROJECTS_MAX)
        return 1;
    s->list[s->count++] = *p;
    return 0;
}

static int64_t now_s(const App *a)
{
    return app_now_ms(a) / 1000;
}

void app_projects_load(App *a)
{
    a->projects.count = 0;
    if (!a->store)
        return;
    if (store_project_list(a->store, false, now_s(a), collect_project, &a->projects) != K_OK)
        a->projects.count = 0;
    for (int i = 0; i < a->projects.count; i++) {
        StaffRecord who;
        const char *login = a->projects.list[i].owner;
        text_copy(a->projects.owner_names[i], sizeof a->projects.owner_names[i], login);
        if (store_staff_get(a->store, login, &who) == K_OK && who.name[0])
            text_copy(a->projects.owner_names[i], sizeof a->projects.owner_names[i], who.name);
    }
}

typedef struct {
    App *a;
    char *text;
    size_t cap;
} Detail;

static void detail_line(Detail *d, const char *line)
{
    if (d->text[0])
        text_append(d->text, d->cap, "\n");
    text_append(d->text, d->cap, line);
}

static int detail_need(const NeedRecord *n, void *user)
{
    Detail *d = user;
    char line[NEED_TITLE_MAX + 64];
    snprintf(line, sizeof line, "· %s", n->title);
    detail_line(d, line);
    return 0;
}

/* A resource with its contact: staff see it (the kiosk is in staff mode). */
static int detail_resource(const ResourceRecord *x, void *user)
{
    Detail *d = user;
    char line[RES_NAME_MAX + RES_CONTACT_MAX + 64];
    snprintf(line, sizeof line, "· %s%s%s %s", x->name, x->contact[0] || x->phone[0] ? "  " : "",
             x->contact, x->phone);
    detail_line(d, line);
    return 0;
}

static int detail_request(const RequestRecord *r, void *user)
{
    Detail *d = user;
    char line[96];
    snprintf(line, sizeof line, "· %s  %s", r->ticket.number, app_status_word(d->a, r->status));
    detail_line(d, line);
    return 0;
}

static int detail_milestone(const ProjectMilestone *m, void *user)
{
    Detail *d = user;
    char line[PROJ_MILESTONE_MAX + 32];
    snprintf(line, sizeof line, "· %s  %s", m->day, m->title);
    detail_line(d, line);
    return 0;
}

static void heading(Detail *d, StringKey key)
{
    char h[96];
    snprintf(h, sizeof h, "%s%s", app_str(d->a, key), app_str(d->a, S_COLON));
    detail_line(d, h);
}

void app_project_open(App *a, int64_t id)
{
    AppProjects *s = &a->projects;
    if (!a->store || store_project_get(a->store, id, now_s(a), &s->current) != K_OK)
        return;
    StaffRecord who;
    text_copy(s->owner_name, sizeof s->owner_name, s->current.owner);
    if (store_staff_get(a->store, s->current.owner, &who) == K_OK && who.name[0])
        text_copy(s->owner_name, sizeof s->owner_name, who.name);
    Detail d = {a, s->detail, sizeof s->detail};
    s->detail[0] = '\0';
    heading(&d, S_PROJ_NEEDS);
    store_project_needs(a->store, id, detail_need, &d);
    heading(&d, S_PROJ_RESOURCES);
    store_project_resources(a->store, id, detail_resource, &d);
    heading(&d, S_PROJ_MILESTONES);
    store_project_milestones(a->store, id, detail_milestone, &d);
    heading(&d, S_PROJ_REQUESTS);
    store_project_requests(a->store, id, detail_request, &d);
    app_push(a, &screen_project);
}

/* ---- the needs list ---- */

/* This month: its first moment and the first of the next. */
static bool this_month(const App *a, int64_t *from, int64_t *to)
{
    char day[CFG_DAY_MAX], first[CFG_DAY_MAX], next[32];
    if (!booking_local_day(now_s(a), day))
        return false;
    snprintf(first, sizeof first, "%.8s01", day);
    int y = 0, m = 0;
    if (sscanf(day, "%4d-%2d", &y, &m) != 2 || y < 1970 || y > 9998 || m < 1 || m > 12)
        return false;
    snprintf(next, sizeof next, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    return booking_time(first, 0, from) && booking_time(next, 0, to);
}

static int collect_group(const NeedGroup *g, void *user)
{
    AppProjects *s = user;
    if (s->group_count >= APP_NEED_GROUPS_MAX)
        return 1;
    s->groups[s->group_count++] = *g;
    return 0;
}

void app_needs_load(App *a)
{
    int64_t from, to;
    a->projects.group_count = 0;
    if (!a->store || !this_month(a, &from, &to))
        return;
    if (store_need_groups(a->store, from, to, collect_group, &a->projects) != K_OK)
        a->projects.group_count = 0;
}

static int collect_match(const ResourceRecord *x, void *user)
{
    AppProjects *s = user;
    if (s->match_count >= APP_MATCHES_MAX)
        return 1;
    s->matches[s->match_count++] = *x;
    return 0;
}

static int mark_linked(const ResourceRecord *x, void *user)
{
    AppProjects *s = user;
    for (int i = 0; i < s->match_count; i++)
        if (s->matches[i].id == x->id)
            s->match_linked[i] = true;
    return 0;
}

/* The shown group's need and its matches, again (after a change). */
static void need_reload(App *a)
{
    AppProjects *s = &a->projects;
    const NeedGroup *g = &s->groups[s->group];
    memset(&s->need, 0, sizeof s->need);
    s->match_count = 0;
    memset(s->match_linked, 0, sizeof s->match_linked);
    if (g->need_id > 0 && store_need_get(a->store, g->need_id, &s->need) == K_OK)
        store_need_matches(a->store, g->need_id, collect_match, s);
    ProjectRecord p;
    if (s->need.project_id > 0 && store_project_get(a->store, s->need.project_id, 0, &p) == K_OK &&
        !p.closed_at)
        store_project_resources(a->store, p.id, mark_linked, s);
}

void app_need_open(App *a, int i)
{
    if (!a->store || i < 0 || i >= a->projects.group_count)
        return;
    a->projects.group = i;
    need_reload(a);
    app_push(a, &screen_need);
}

/* The group's requests of the month, linked to the new need. */
typedef struct {
    App *a;
    const NeedGroup *g;
    int64_t need, from, to;
} LinkCtx;

static int link_request(const RequestRecord *r, void *user)
{
    LinkCtx *c = user;
    if (r->created_at >= c->from && r->created_at < c->to &&
        strcmp(r->draft.category, c->g->category) == 0 &&
        strcmp(r->draft.building, c->g->community) == 0 && strcmp(r->draft.issue, c->g->issue) == 0)
        store_need_link(c->a->store, c->need, r->id, c->a->staff.who.login, now_s(c->a));
    return 0;
}

static void staff_note(App *a, const char *text, bool bad)
{
    text_copy(a->staff.note, sizeof a->staff.note, text);
    a->staff.note_bad = bad;
    a->staff.note_screen = app_screen(a);
}

void app_need_recognise(App *a)
{
    AppProjects *s = &a->projects;
    if (!a->store || s->group < 0 || s->group >= s->group_count || s->need.id)
        return;
    NeedGroup *g = &s->groups[s->group];
    static NeedRecord n;
    memset(&n, 0, sizeof n);
    /* the title in the station's words: 5栋 为老服务 助餐 */
    const CfgCategory *cat = config_category(&a->cfg, g->category);
    const CfgItem *issue = cat ? config_issue(cat, g->issue) : NULL;
    snprintf(n.title, sizeof n.title, "%s%s%s%s%s", g->community[0] ? g->community : "",
             g->community[0] ? " " : "", cat ? config_label(&cat->item, "zh") : g->category,
             issue ? " " : "", issue ? config_label(issue, "zh") : "");
    text_copy(n.category, sizeof n.category, g->category);
    text_copy(n.community, sizeof n.community, g->community);
    text_copy(n.issue, sizeof n.issue, g->issue);
    int64_t id = 0;
    if (store_need_add(a->store, &n, a->staff.who.login, now_s(a), &id) != K_OK) {
        staff_note(a, store_errmsg(a->store), true);
        app_changed(a);
        return;
    }
    g->need_id = id;
    /* its requests: the group's of this month (at most the newest 500) */
    LinkCtx c = {a, g, id, 0, 0};
    this_month(a, &c.from, &c.to);
    store_list_requests(a->store, NULL, 500, link_request, &c);
    char fields[64];
    snprintf(fields, sizeof fields, "\"id\":%lld", (long long)id);
    app_event(a, "need_recognised", fields);
    need_reload(a);
    app_changed(a);
}

void app_need_link_resource(App *a, int64_t res_id)
{
    AppProjects *s = &a->projects;
    if (!a->store || !s->need.id)
        return;
    int64_t now = now_s(a);
    KResult r;
    ProjectRecord p;
    if (s->need.project_id > 0 &&
        store_project_get(a->store, s->need.project_id, now, &p) == K_OK && !p.closed_at) {
        r = store_project_add_resource(a->store, p.id, res_id, 1, a->staff.who.login, now);
    } else {
        memset(&p, 0, sizeof p);
        /* the need's title, cut to a project title's length */
        const char *t = s->need.title;
        size_t o = 0;
        for (int i = 0; i < PROJ_TITLE_CHARS && t[o]; i++) {
            const char *q = t + o;
            text_next_cp(&q);
            o = (size_t)(q - t);
        }
        memcpy(p.title, t, o);
        p.title[o] = '\0';
        text_copy(p.owner, sizeof p.owner, a->staff.who.login);
        char today[CFG_DAY_MAX];
        if (!booking_local_day(now, today) || !booking_day_add(today, NEW_PROJECT_DAYS, p.due_day))
            return;
        int64_t pid = 0;
        r = store_project_add(a->store, &p, s->need.id, res_id, 1, a->staff.who.login, now, &pid);
    }
    if (r != K_OK)
        staff_note(a, store_errmsg(a->store), true);
    else {
        char fields[64];
        snprintf(fields, sizeof fields, "\"need\":%lld,\"resource\":%lld", (long long)s->need.id,
                 (long long)res_id);
        app_event(a, "resource_linked", fields);
    }
    need_reload(a);
    app_changed(a);
}

void app_project_figures_load(App *a, const StatsPeriod *p)
{
    char next[CFG_DAY_MAX];
    int64_t from, to;
    memset(&a->projects.figures, 0, sizeof a->projects.figures);
    if (a->store && booking_time(p->from, 0, &from) && booking_day_add(p->to, 1, next) &&
        booking_time(next, 0, &to))
        store_project_figures(a->store, from, to, &a->projects.figures);
}
