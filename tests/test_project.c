/* test_project.c - the station's work in the store (app/store/store_project.c,
 * schema 13): the needs list's groups; a need with its requests; resources
 * and the matching (capacity left first, then serving the community); and
 * the rules: a project needs an owner (an active staff account) and a due
 * date, a closed project takes no new request (nor need, nor resource) and
 * does not reopen, a resource's capacity is never exceeded (on linking, on
 * lowering the capacity, and by hand-typed SQL, which the triggers refuse);
 * a refused call leaves nothing written; a request linked to a project
 * names it in its timeline and store_request_project finds it; the month's
 * figures; outbox bodies never carry a title, a name or a phone.
 *
 * The clock is fixed: "now" is Tuesday 2026-12-01 10:00 in Asia/Shanghai. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/store/store_int.h"
#include "check.h"
#include "kiosk/booking.h"
#include "kiosk/store.h"
#include "kiosk/store_project.h"
#include "kiosk/text.h"

static char test_dir[512];
static const uint8_t key[TICKET_KEY_BYTES] = {9, 8, 7, 1, 2, 3};
static int64_t now;

static int64_t file_request(Store *s, const char *category, const char *issue, const char *building,
                            unsigned flags)
{
    RequestDraft d;
    Ticket t;
    int64_t id = 0;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, category);
    text_copy(d.issue, sizeof d.issue, issue);
    text_copy(d.description, sizeof d.description, "需要送餐");
    text_copy(d.phone, sizeof d.phone, "13812345678");
    text_copy(d.building, sizeof d.building, building);
    d.flags = flags;
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", now, 48, key, &id, &t), K_OK);
    return id;
}

static int count_rows(Store *s, const char *sql)
{
    sqlite3_stmt *st;
    int n = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int collect_group(const NeedGroup *g, void *user)
{
    NeedGroup *out = user;
    if (strcmp(g->category, "elder") == 0 && strcmp(g->community, "5栋") == 0)
        *out = *g;
    return 0;
}

typedef struct {
    int64_t ids[8];
    bool serves[8];
    int n;
} Matches;

static int collect_match(const ResourceRecord *x, void *user)
{
    Matches *m = user;
    if (m->n < 8) {
        m->serves[m->n] = x->serves_community;
        m->ids[m->n++] = x->id;
    }
    return 0;
}

static int collect_project(const ProjectRecord *p, void *user)
{
    int64_t *ids = user;
    for (int i = 0; i < 8; i++)
        if (!ids[i]) {
            ids[i] = p->id;
            break;
        }
    return 0;
}

static ResourceRecord resource(const char *name, const char *offer, int capacity)
{
    ResourceRecord x;
    memset(&x, 0, sizeof x);
    text_copy(x.name, sizeof x.name, name);
    text_copy(x.kind, sizeof x.kind, "charity");
    text_copy(x.offers[0], sizeof x.offers[0], offer);
    x.offer_count = 1;
    x.capacity = capacity;
    text_copy(x.contact, sizeof x.contact, "张经理");
    text_copy(x.phone, sizeof x.phone, "13911112222");
    return x;
}

static ProjectRecord project(const char *title, const char *owner, const char *due)
{
    ProjectRecord p;
    memset(&p, 0, sizeof p);
    text_copy(p.title, sizeof p.title, title);
    text_copy(p.owner, sizeof p.owner, owner);
    text_copy(p.due_day, sizeof p.due_day, due);
    return p;
}

static void test_all(void)
{
    char path[600], err[320];
    Store *s = NULL;
    snprintf(path, sizeof path, "%s/p.db", test_dir);
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return;
    CHECK_INT_EQ(store_sync_enable(s, "SW01", now, NULL), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "wang", "王丽", ROLE_WORKER, "7531", now, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "gone", "离职", ROLE_WORKER, "7531", now, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_set_active(s, "gone", false, now, "admin"), K_OK);

    /* the needs list: 3 elder requests in 5栋 (2 from priority residents),
     * one in 6栋 */
    int64_t r1 = file_request(s, "elder", "meals", "5栋", FLAG_AGED80);
    int64_t r2 = file_request(s, "elder", "meals", "5栋", FLAG_ALONE);
    int64_t r3 = file_request(s, "elder", "meals", "5栋", 0);
    int64_t r4 = file_request(s, "elder", "meals", "6栋", 0);
    NeedGroup g;
    memset(&g, 0, sizeof g);
    CHECK_INT_EQ(store_need_groups(s, now - 3600, now + 3600, collect_group, &g), K_OK);
    CHECK_INT_EQ(g.count, 3);
    CHECK_INT_EQ(g.open, 3);
    CHECK_INT_EQ(g.priority, 2);
    CHECK_STR_EQ(g.issue, "meals");

    /* a need, recognised and linked */
    NeedRecord n;
    memset(&n, 0, sizeof n);
    text_copy(n.title, sizeof n.title, "独居老人吃饭难");
    text_copy(n.category, sizeof n.category, "elder");
    text_copy(n.community, sizeof n.community, "5栋");
    int64_t need = 0;
    CHECK_INT_EQ(store_need_add(s, &n, "wang", now, &need), K_OK);
    CHECK(need > 0);
    NeedRecord bad = n;
    bad.title[0] = '\0';
    int64_t none = 0;
    CHECK_INT_EQ(store_need_add(s, &bad, "wang", now, &none), K_ERR_INVALID);
    CHECK_INT_EQ(store_need_link(s, need, r1, "wang", now), K_OK);
    CHECK_INT_EQ(store_need_link(s, need, r2, "wang", now), K_OK);
    CHECK_INT_EQ(store_need_link(s, need, r1, "wang", now), K_ERR_EXISTS);
    CHECK_INT_EQ(store_need_link(s, need, 999, "wang", now), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_need_get(s, need, &n), K_OK);
    CHECK_INT_EQ(n.requests, 2);
    memset(&g, 0, sizeof g);
    store_need_groups(s, now - 3600, now + 3600, collect_group, &g);
    CHECK_INT_EQ(g.need_id, need);

    /* resources: A has 2 places, B 5, C offers something else */
    ResourceRecord a = resource("爱心餐厅", "elder", 2), b = resource("社工机构", "elder", 5),
                   c = resource("法律援助", "policy", 9);
    int64_t ra = 0, rb = 0, rc = 0;
    CHECK_INT_EQ(store_resource_add(s, &a, "admin", now, &ra), K_OK);
    CHECK_INT_EQ(store_resource_add(s, &b, "admin", now, &rb), K_OK);
    CHECK_INT_EQ(store_resource_add(s, &c, "admin", now, &rc), K_OK);
    ResourceRecord badres = resource("x", "elder", 1);
    text_copy(badres.phone, sizeof badres.phone, "12345");
    CHECK_INT_EQ(store_resource_add(s, &badres, "admin", now, &none), K_ERR_INVALID);
    text_copy(badres.kind, sizeof badres.kind, "friend");
    CHECK_INT_EQ(store_resource_add(s, &badres, "admin", now, &none), K_ERR_INVALID);
    Matches m = {0};
    CHECK_INT_EQ(store_need_matches(s, need, collect_match, &m), K_OK);
    CHECK_INT_EQ(m.n, 2);       /* C does not offer elder */
    CHECK_INT_EQ(m.ids[0], rb); /* 5 places left before 2 */
    CHECK_INT_EQ(m.ids[1], ra);

    /* a project needs an owner and a due date */
    ProjectRecord p = project("助老送餐", "", "2026-12-20");
    int64_t pid = 0;
    CHECK_INT_EQ(store_project_add(s, &p, need, ra, 1, "wang", now, &pid), K_ERR_INVALID);
    p = project("助老送餐", "nobody", "2026-12-20");
    CHECK_INT_EQ(store_project_add(s, &p, need, ra, 1, "wang", now, &pid), K_ERR_INVALID);
    p = project("助老送餐", "gone", "2026-12-20");
    CHECK_INT_EQ(store_project_add(s, &p, need, ra, 1, "wang", now, &pid), K_ERR_INVALID);
    p = project("助老送餐", "wang", "");
    CHECK_INT_EQ(store_project_add(s, &p, need, ra, 1, "wang", now, &pid), K_ERR_INVALID);
    p = project("助老送餐", "wang", "2026-11-30"); /* before its start (today) */
    CHECK_INT_EQ(store_project_add(s, &p, need, ra, 1, "wang", now, &pid), K_ERR_INVALID);
    CHECK_INT_EQ(count_rows(s, "SELECT count(*) FROM projects"), 0);
    /* hand-typed SQL cannot either */
    CHECK(sqlite3_exec(s->db,
                       "INSERT INTO projects (title, owner, start_day, due_day, by, created_at,"
                       " updated_at) VALUES ('x', 'wang', '2026-12-01', NULL, 'a', 0, 0)",
                       NULL, NULL, NULL) != SQLITE_OK);

    p = project("助老送餐", "wang", "2026-12-20");
    CHECK_INT_EQ(store_project_add(s, &p, need, ra, 1, "wang", now, &pid), K_OK);
    CHECK(pid > 0);

    /* capacity: A has 1 place left; 2 more are refused, nothing written */
    ProjectRecord p2 = project("助老送餐二期", "wang", "2026-11-25");
    text_copy(p2.start_day, sizeof p2.start_day, "2026-11-20");
    int64_t pid2 = 0;
    CHECK_INT_EQ(store_project_add(s, &p2, need, ra, 2, "wang", now, &pid2), K_ERR_REFUSED);
    CHECK_INT_EQ(count_rows(s, "SELECT count(*) FROM projects"), 1);
    CHECK_INT_EQ(store_project_add(s, &p2, 0, ra, 1, "wang", now, &pid2), K_OK);
    ResourceRecord got;
    CHECK_INT_EQ(store_resource_get(s, ra, &got), K_OK);
    CHECK_INT_EQ(got.used, 2);
    CHECK_STR_EQ(got.contact, "张经理");
    CHECK_INT_EQ(store_project_add_resource(s, pid2, rb, 6, "wang", now), K_ERR_REFUSED);
    got.capacity = 1; /* lowering below what projects take */
    CHECK_INT_EQ(store_resource_change(s, &got, "admin", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_resource_get(s, ra, &got), K_OK);
    CHECK_INT_EQ(got.capacity, 2);
    /* the trigger holds the rule for hand-typed SQL too */
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT INTO project_resources (project_id, resource_id, places, at)"
             " VALUES (%lld, %lld, 1, 0)",
             (long long)pid2, (long long)rb);
    CHECK(sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE project_resources SET places = 99 WHERE resource_id = %lld",
             (long long)rb);
    CHECK(sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK);

    /* matching now: B 4 left, A 0 left; a request of A's project in 5栋
     * makes A serve the community */
    CHECK_INT_EQ(store_request_link_project(s, r1, pid, "wang", now), K_OK);
    CHECK_INT_EQ(store_request_link_project(s, r1, pid, "wang", now), K_ERR_EXISTS);
    CHECK_INT_EQ(store_request_link_project(s, r4, pid, "wang", now), K_OK);
    memset(&m, 0, sizeof m);
    store_need_matches(s, need, collect_match, &m);
    CHECK_INT_EQ(m.ids[0], rb);
    CHECK(!m.serves[0]);
    CHECK(m.serves[1]);

    /* the request's project and its timeline line */
    ProjectRecord of;
    CHECK_INT_EQ(store_request_project(s, r1, &of), K_OK);
    CHECK_STR_EQ(of.title, "助老送餐");
    CHECK_INT_EQ(store_request_project(s, r3, &of), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(count_rows(s, "SELECT count(*) FROM events WHERE kind = 'project_linked'"
                               " AND subject = 'request' AND detail ->> 'title' = '助老送餐'"),
                 2);

    /* the list: the overdue one (due 11-25) first */
    int64_t order[8] = {0};
    CHECK_INT_EQ(store_project_list(s, false, now, collect_project, order), K_OK);
    CHECK_INT_EQ(order[0], pid2);
    CHECK_INT_EQ(order[1], pid);
    CHECK_INT_EQ(store_project_get(s, pid2, now, &of), K_OK);
    CHECK(of.overdue);

    /* milestones; closing; a closed project takes nothing new */
    CHECK_INT_EQ(store_project_milestone(s, pid, "签订协议", "2026-12-02", "wang", now), K_OK);
    CHECK_INT_EQ(store_project_milestone(s, pid, "", NULL, "wang", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_project_close(s, pid, false, "", "wang", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_project_close(s, pid, false, "送餐 30 份", "wang", now + 60), K_OK);
    CHECK_INT_EQ(store_project_close(s, pid, true, "again", "wang", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_request_link_project(s, r3, pid, "wang", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_project_add_need(s, pid, need, "wang", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_project_add_resource(s, pid, rb, 1, "wang", now), K_ERR_REFUSED);
    ProjectRecord ch;
    CHECK_INT_EQ(store_project_get(s, pid, now, &ch), K_OK);
    CHECK_STR_EQ(ch.state, "finished");
    text_copy(ch.state, sizeof ch.state, "running");
    CHECK_INT_EQ(store_project_change(s, &ch, "wang", now), K_ERR_REFUSED);
    snprintf(sql, sizeof sql, "INSERT INTO project_requests VALUES (%lld, %lld, 'x', 0)",
             (long long)r3, (long long)pid);
    CHECK(sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE projects SET state = 'running' WHERE id = %lld",
             (long long)pid);
    CHECK(sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK);
    /* its place in A is free again */
    CHECK_INT_EQ(store_resource_get(s, ra, &got), K_OK);
    CHECK_INT_EQ(got.used, 1);

    /* the month's figures */
    ProjectFigures f;
    int64_t from, to;
    CHECK(booking_time("2026-12-01", 0, &from) && booking_time("2027-01-01", 0, &to));
    CHECK_INT_EQ(store_project_figures(s, from, to, &f), K_OK);
    CHECK_INT_EQ(f.needs, 1);
    CHECK_INT_EQ(f.resources_linked, 2); /* A twice (the hand-typed one is of 1970) */
    CHECK_INT_EQ(f.running, 2);
    CHECK_INT_EQ(f.finished, 1);
    CHECK_INT_EQ(f.requests, 2);

    /* outbox: the kinds are there, nothing personal or typed in them */
    CHECK(count_rows(s, "SELECT count(*) FROM outbox WHERE body ->> 'kind' = 'project'") >= 2);
    CHECK(count_rows(s, "SELECT count(*) FROM outbox WHERE body ->> 'kind' = 'resource'") >= 3);
    CHECK_INT_EQ(count_rows(s, "SELECT count(*) FROM outbox WHERE body ->> 'kind' ="
                               " 'project_request'"),
                 2);
    CHECK_INT_EQ(count_rows(s, "SELECT count(*) FROM outbox WHERE body LIKE '%13911112222%'"
                               " OR body LIKE '%张经理%' OR body LIKE '%助老送餐%'"
                               " OR body LIKE '%爱心餐厅%' OR body LIKE '%独居老人%'"),
                 0);
    store_close(s);
}

int main(void)
{
    setenv("TZ", "Asia/Shanghai", 1);
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/kiosk-project-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(test_dir))
        return 1;
    CHECK(booking_time("2026-12-01", 10 * 60, &now));
    test_all();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", test_dir);
    return CHECK_DONE();
}
