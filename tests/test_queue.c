/* test_queue.c - staff work in the store (app/store/store_queue.c): the
 * queue's order on a crafted set, keyset paging page by page against one
 * ordered query, status and category filters; the request workflow through
 * the store with its refusals (wrong transitions, a volunteer, a missing
 * note, an unknown assignee); rating; finding a ticket by lookup code and
 * the phone's last four digits; walk-in numbers (order, two calls two
 * numbers, nobody waiting, a new day starts at Q001); demo requests; and
 * the schema 2 -> 3 migration keeping requests and bookings.
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
#include "kiosk/config.h"
#include "kiosk/demo.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

static char test_dir[512];
static int db_counter;
static const uint8_t key[TICKET_KEY_BYTES] = {7, 7, 7, 1, 2, 3};
static Config cfg;
static int64_t now; /* Tuesday 2026-12-01 10:00 */

static Store *open_new(char *path, size_t cap)
{
    char err[320];
    Store *s = NULL;
    snprintf(path, cap, "%s/q%d.db", test_dir, ++db_counter);
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK)
        fprintf(stderr, "    %s\n", err);
    return s;
}

static int64_t file_request(Store *s, const char *category, int urgency, unsigned flags,
                            int64_t when, const char *phone, Ticket *t)
{
    RequestDraft d;
    Ticket mine;
    int64_t id = 0;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, category);
    text_copy(d.issue, sizeof d.issue, "other");
    text_copy(d.description, sizeof d.description, "楼道灯坏了");
    text_copy(d.phone, sizeof d.phone, phone ? phone : "13812345678");
    d.urgency = urgency;
    d.flags = flags;
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", when, 48, key, &id, t ? t : &mine), K_OK);
    return id;
}

static int expected_qkey(int urgency, unsigned flags)
{
    int bits = !!(flags & FLAG_AGED80) + !!(flags & FLAG_DISABLED) + !!(flags & FLAG_ALONE);
    return (urgency == URGENCY_URGENT ? 0 : 4) + 3 - bits;
}

/* ---- the queue's order and paging ---- */

static void test_order(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    /* filed in this order; the queue order is by (qkey, age, id) */
    int64_t a = file_request(s, "elder", 0, 0, now - 500, NULL, NULL);             /* 7 */
    int64_t b = file_request(s, "elder", 1, 0, now - 400, NULL, NULL);             /* 3 */
    int64_t c = file_request(s, "children", 0, FLAG_ALONE, now - 300, NULL, NULL); /* 6 */
    int64_t d = file_request(s, "elder", 1, FLAG_AGED80 | FLAG_DISABLED | FLAG_ALONE, now - 200,
                             NULL, NULL);                                           /* 0 */
    int64_t e = file_request(s, "children", 1, FLAG_AGED80, now - 600, NULL, NULL); /* 2 */
    int64_t f =
        file_request(s, "elder", 0, FLAG_AGED80 | FLAG_DISABLED, now - 700, NULL, NULL); /* 5 */
    int64_t g = file_request(s, "children", 0, 0, now - 500, NULL, NULL);          /* 7, after a */
    int64_t h = file_request(s, "elder", 1, FLAG_DISABLED, now - 100, NULL, NULL); /* 2, after e */
    const int64_t want[] = {d, e, h, b, f, c, a, g};
    QueueRow rows[20];
    int n = 0;
    CHECK_INT_EQ(store_queue_page(s, NULL, NULL, NULL, rows, 20, &n), K_OK);
    CHECK_INT_EQ(n, 8);
    for (int i = 0; i < n && i < 8; i++) {
        CHECK_INT_EQ(rows[i].id, want[i]);
        RequestRecord r;
        CHECK_INT_EQ(store_get_request(s, rows[i].id, &r), K_OK);
        CHECK_INT_EQ(rows[i].qkey, expected_qkey(r.draft.urgency, r.draft.flags));
        CHECK_STR_EQ(rows[i].number, r.ticket.number);
        CHECK_STR_EQ(rows[i].status, "submitted");
        CHECK_INT_EQ(rows[i].due_at, r.ticket.due_at);
        CHECK_INT_EQ(r.updated_at, r.created_at);
        CHECK_STR_EQ(r.assignee, "");
        CHECK_STR_EQ(r.rating, "");
    }
    CHECK_INT_EQ(rows[0].qkey, 0);
    CHECK_INT_EQ(rows[7].qkey, 7);

    /* pages of 3 from the top */
    QueueKey k = {0};
    int seen = 0;
    for (int page = 0; page < 5; page++) {
        CHECK_INT_EQ(store_queue_page(s, NULL, NULL, &k, rows, 3, &n), K_OK);
        for (int i = 0; i < n && seen < 8; i++)
            CHECK_INT_EQ(rows[i].id, want[seen++]);
        if (n == 0)
            break;
        k = store_queue_key(&rows[n - 1]);
        CHECK(k.valid);
    }
    CHECK_INT_EQ(seen, 8);

    /* category, status */
    CHECK_INT_EQ(store_queue_page(s, NULL, "children", NULL, rows, 20, &n), K_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(rows[0].id, e);
    CHECK_INT_EQ(rows[1].id, c);
    CHECK_INT_EQ(rows[2].id, g);
    int count = 0;
    CHECK_INT_EQ(store_queue_count(s, NULL, "children", &count), K_OK);
    CHECK_INT_EQ(count, 3);
    CHECK_INT_EQ(store_queue_count(s, NULL, NULL, &count), K_OK);
    CHECK_INT_EQ(count, 8);
    CHECK_INT_EQ(store_request_act(s, d, WF_CANCEL, ROLE_HEAD, "admin", "重复提交", NULL, now),
                 K_OK);
    CHECK_INT_EQ(store_request_act(s, e, WF_ACCEPT, ROLE_WORKER, "wang", NULL, NULL, now), K_OK);
    CHECK_INT_EQ(store_queue_count(s, NULL, NULL, &count), K_OK);
    CHECK_INT_EQ(count, 7); /* cancelled is not open */
    CHECK_INT_EQ(store_queue_page(s, NULL, NULL, NULL, rows, 20, &n), K_OK);
    CHECK_INT_EQ(rows[0].id, e);
    CHECK_STR_EQ(rows[0].status, "accepted");
    CHECK_INT_EQ(store_queue_page(s, "cancelled", NULL, NULL, rows, 20, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(rows[0].id, d);
    CHECK_INT_EQ(store_queue_count(s, "submitted", NULL, &count), K_OK);
    CHECK_INT_EQ(count, 6);
    CHECK_INT_EQ(store_queue_count(s, "submitted", "children", &count), K_OK);
    CHECK_INT_EQ(count, 2);
    CHECK_INT_EQ(store_queue_page(s, "submitted", "children", NULL, rows, 20, &n), K_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(rows[0].id, c);
    CHECK_INT_EQ(store_queue_page(s, "nonsense", NULL, NULL, rows, 20, &n), K_ERR_INVALID);
    CHECK_INT_EQ(store_queue_page(s, NULL, NULL, NULL, rows, 0, &n), K_OK);
    CHECK_INT_EQ(n, 0);
    store_close(s);
}

/* Many requests with ties on qkey and created_at: walking pages of 12 by
 * keyset gives exactly the rows of one ordered query, for each filter. */
static void test_paging(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    int made = 0;
    CHECK_INT_EQ(demo_requests(s, &cfg, 1500, 42, "SW01", now, key, &made, NULL, 0), K_OK);
    CHECK_INT_EQ(made, 1500);
    /* ties: 60 more at the same second */
    for (int i = 0; i < 60; i++)
        file_request(s, i % 2 ? "elder" : "children", i % 3 == 0, (unsigned)i % 8, now - 3600, NULL,
                     NULL);
    store_close(s);

    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    s = NULL;
    char err[320];
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return;
    const char *filters[][2] = {
        {NULL, NULL},       {NULL, "elder"}, {"closed", NULL}, {"resolved", "children"},
        {"accepted", NULL},
    };
    for (size_t f = 0; f < sizeof filters / sizeof filters[0]; f++) {
        const char *status = filters[f][0], *category = filters[f][1];
        sqlite3_stmt *st = NULL;
        CHECK_INT_EQ(sqlite3_prepare_v2(db,
                                        "SELECT id FROM requests WHERE (CASE WHEN ?1 IS NULL"
                                        " THEN status IN ('submitted','accepted','assigned',"
                                        "'in_progress') ELSE status = ?1 END) AND (?2 IS NULL OR"
                                        " category = ?2) ORDER BY qkey, created_at, id",
                                        -1, &st, NULL),
                     SQLITE_OK);
        if (status)
            sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
        if (category)
            sqlite3_bind_text(st, 2, category, -1, SQLITE_STATIC);
        QueueKey k = {0};
        QueueRow rows[12];
        int n = 0, total = 0, mismatches = 0, pages = 0;
        do {
            CHECK_INT_EQ(store_queue_page(s, status, category, &k, rows, 12, &n), K_OK);
            for (int i = 0; i < n; i++) {
                if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int64(st, 0) != rows[i].id)
                    mismatches++;
                total++;
            }
            if (n > 0)
                k = store_queue_key(&rows[n - 1]);
            pages++;
        } while (n == 12 && pages < 1000);
        CHECK_INT_EQ(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        CHECK_INT_EQ(mismatches, 0);
        int count = -1;
        CHECK_INT_EQ(store_queue_count(s, status, category, &count), K_OK);
        CHECK_INT_EQ(count, total);
        CHECK(total > 12); /* more than one page, for every filter */
        if (mismatches || total <= 12)
            fprintf(stderr, "    filter %s/%s: %d rows, %d mismatches\n", status ? status : "open",
                    category ? category : "any", total, mismatches);
    }
    /* the page query uses the index in queue order: no sort */
    static const char *const plans[] = {
        "EXPLAIN QUERY PLAN SELECT r.id FROM requests r INDEXED BY requests_open WHERE r.status"
        " IN ('submitted', 'accepted', 'assigned', 'in_progress') AND (r.qkey, r.created_at,"
        " r.id) > (1, 2, 3) ORDER BY r.qkey, r.created_at, r.id LIMIT 12",
        "EXPLAIN QUERY PLAN SELECT r.id FROM requests r INDEXED BY requests_open WHERE r.status"
        " IN ('submitted', 'accepted', 'assigned', 'in_progress') AND r.category = 'x' AND"
        " (r.qkey, r.created_at, r.id) > (1, 2, 3) ORDER BY r.qkey, r.created_at, r.id LIMIT 12",
        "EXPLAIN QUERY PLAN SELECT r.id FROM requests r INDEXED BY requests_by_state WHERE"
        " r.status = 'closed' AND (r.qkey, r.created_at, r.id) > (1, 2, 3) ORDER BY r.qkey,"
        " r.created_at, r.id LIMIT 12",
    };
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        sqlite3_stmt *st = NULL;
        char plan[1024] = "";
        CHECK_INT_EQ(sqlite3_prepare_v2(db, plans[i], -1, &st, NULL), SQLITE_OK);
        while (st && sqlite3_step(st) == SQLITE_ROW) {
            text_append(plan, sizeof plan, (const char *)sqlite3_column_text(st, 3));
            text_append(plan, sizeof plan, "; ");
        }
        sqlite3_finalize(st);
        CHECK(strstr(plan, "SEARCH r USING") != NULL);
        CHECK(strstr(plan, "TEMP B-TREE") == NULL);
        if (!strstr(plan, "SEARCH r USING") || strstr(plan, "TEMP B-TREE"))
            fprintf(stderr, "    plan: %s\n", plan);
    }
    sqlite3_close(db);
    store_close(s);
}

/* ---- the workflow ---- */

typedef struct {
    int n;
    char kinds[16][48];
    char details[16][1024];
    char actors[16][48];
} Events;

static int collect(const StoreEvent *e, void *user)
{
    Events *ev = user;
    if (ev->n < 16) {
        text_copy(ev->kinds[ev->n], sizeof ev->kinds[0], e->kind);
        text_copy(ev->details[ev->n], sizeof ev->details[0], e->detail);
        text_copy(ev->actors[ev->n], sizeof ev->actors[0], e->actor);
    }
    ev->n++;
    return 0;
}

static void test_workflow(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    RequestRecord r;
    int64_t id = file_request(s, "elder", 0, 0, now - 3600, NULL, NULL);
    CHECK_INT_EQ(store_staff_add(s, "wang", "王丽", ROLE_WORKER, "7531", now, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "xiao", "小张", ROLE_VOLUNTEER, "2468", now, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_add(s, "gone", "离职", ROLE_WORKER, "2468", now, "admin"), K_OK);
    CHECK_INT_EQ(store_staff_set_active(s, "gone", false, now, "admin"), K_OK);

    Assignee list[32];
    int n = 0;
    CHECK_INT_EQ(store_assignee_list(s, list, 32, &n), K_OK);
    CHECK_INT_EQ(n, 2 + 5); /* wang, xiao (not gone), 2 teams, 3 partners */
    CHECK_STR_EQ(list[0].kind, "staff");
    CHECK_STR_EQ(list[2].kind, "team");
    CHECK_STR_EQ(list[6].kind, "partner");
    bool has_wang = false, has_team = false;
    for (int i = 0; i < n; i++) {
        has_wang |= strcmp(list[i].name, "wang") == 0 && strcmp(list[i].label, "王丽") == 0;
        has_team |= strcmp(list[i].name, "志愿服务队") == 0;
    }
    CHECK(has_wang && has_team);
    CHECK_INT_EQ(store_assignee_add(s, "team", "楼长队", now, "admin"), K_OK);
    CHECK_INT_EQ(store_assignee_add(s, "team", "楼长队", now, "admin"), K_ERR_EXISTS);
    CHECK_INT_EQ(store_assignee_add(s, "club", "x", now, "admin"), K_ERR_INVALID);
    CHECK_INT_EQ(store_assignee_add(s, "partner", "", now, "admin"), K_ERR_INVALID);
    CHECK_INT_EQ(store_assignee_list(s, list, 32, &n), K_OK);
    CHECK_INT_EQ(n, 8);
    CHECK_INT_EQ(store_assignee_list(s, list, 3, &n), K_OK);
    CHECK_INT_EQ(n, 3);

    /* refusals from submitted */
    CHECK_INT_EQ(store_request_act(s, id, WF_START, ROLE_WORKER, "wang", NULL, NULL, now),
                 K_ERR_REFUSED);
    CHECK(strstr(store_errmsg(s), "submitted") != NULL);
    CHECK_INT_EQ(store_request_act(s, id, WF_CLOSE, ROLE_WORKER, "wang", "回访", NULL, now),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_request_act(s, id, WF_ACCEPT, ROLE_VOLUNTEER, "xiao", NULL, NULL, now),
                 K_ERR_REFUSED);
    CHECK(strstr(store_errmsg(s), "volunteer") != NULL);
    CHECK_INT_EQ(store_request_act(s, 9999, WF_ACCEPT, ROLE_WORKER, "wang", NULL, NULL, now),
                 K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_get_request(s, id, &r), K_OK);
    CHECK_STR_EQ(r.status, "submitted");

    /* the whole way */
    CHECK_INT_EQ(store_request_act(s, id, WF_ACCEPT, ROLE_WORKER, "wang", NULL, NULL, now + 10),
                 K_OK);
    CHECK_INT_EQ(store_request_act(s, id, WF_ACCEPT, ROLE_WORKER, "wang", NULL, NULL, now + 11),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_request_act(s, id, WF_ASSIGN, ROLE_WORKER, "wang", NULL, NULL, now + 20),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_request_act(s, id, WF_ASSIGN, ROLE_WORKER, "wang", NULL, "nobody", now + 20),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_request_act(s, id, WF_ASSIGN, ROLE_WORKER, "wang", NULL, "gone", now + 20),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_request_act(s, id, WF_ASSIGN, ROLE_WORKER, "wang", NULL, "楼长队", now + 20),
                 K_OK);
    CHECK_INT_EQ(store_get_request(s, id, &r), K_OK);
    CHECK_STR_EQ(r.status, "assigned");
    CHECK_STR_EQ(r.assignee, "楼长队");
    CHECK_INT_EQ(r.updated_at, now + 20);
    CHECK_INT_EQ(store_request_act(s, id, WF_ASSIGN, ROLE_HEAD, "admin", "换人", "wang", now + 30),
                 K_OK);
    CHECK_INT_EQ(store_request_act(s, id, WF_START, ROLE_WORKER, "wang", NULL, NULL, now + 40),
                 K_OK);
    CHECK_INT_EQ(store_request_act(s, id, WF_RESOLVE, ROLE_WORKER, "wang", NULL, NULL, now + 50),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_request_act(s, id, WF_RESOLVE, ROLE_WORKER, "wang", "  ", NULL, now + 50),
                 K_ERR_INVALID);
    char longnote[1000] = "";
    for (int i = 0; i < 201; i++)
        text_append(longnote, sizeof longnote, "字");
    CHECK_INT_EQ(
        store_request_act(s, id, WF_RESOLVE, ROLE_WORKER, "wang", longnote, NULL, now + 50),
        K_ERR_INVALID);
    CHECK_INT_EQ(
        store_request_act(s, id, WF_RESOLVE, ROLE_WORKER, "wang", "\xff\xfe", NULL, now + 50),
        K_ERR_INVALID);
    text_pop_char(longnote); /* 200 characters: fits */
    CHECK_INT_EQ(store_request_rate(s, id, RATING_SATISFIED, NULL, now + 55), K_ERR_REFUSED);
    CHECK_INT_EQ(
        store_request_act(s, id, WF_RESOLVE, ROLE_WORKER, "wang", "已修好\"灯\"", NULL, now + 60),
        K_OK);
    CHECK_INT_EQ(store_request_act(s, id, WF_CANCEL, ROLE_WORKER, "wang", "x", NULL, now + 61),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_request_rate(s, id, RATING_NONE, NULL, now + 70), K_ERR_INVALID);
    CHECK_INT_EQ(store_request_rate(s, id, RATING_BASIC, "还行", now + 70), K_OK);
    CHECK_INT_EQ(store_get_request(s, id, &r), K_OK);
    CHECK_STR_EQ(r.status, "closed");
    CHECK_STR_EQ(r.rating, "basic");
    CHECK_STR_EQ(r.assignee, "wang");
    CHECK_INT_EQ(r.updated_at, now + 70);
    CHECK_INT_EQ(store_request_rate(s, id, RATING_BASIC, NULL, now + 80), K_ERR_REFUSED);

    Events ev;
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_list_events(s, "request", id, collect, &ev), K_OK);
    CHECK_INT_EQ(ev.n, 7);
    CHECK_STR_EQ(ev.kinds[0], "request_submitted");
    CHECK_STR_EQ(ev.details[1],
                 "{\"from\":\"submitted\",\"to\":\"accepted\",\"action\":\"accept\"}");
    CHECK_STR_EQ(ev.actors[1], "wang");
    CHECK_STR_EQ(ev.details[2], "{\"from\":\"accepted\",\"to\":\"assigned\",\"action\":\"assign\","
                                "\"assignee\":\"楼长队\"}");
    CHECK_STR_EQ(ev.details[3], "{\"from\":\"assigned\",\"to\":\"assigned\",\"action\":\"assign\","
                                "\"assignee\":\"wang\",\"note\":\"换人\"}");
    CHECK_STR_EQ(ev.details[5], "{\"from\":\"in_progress\",\"to\":\"resolved\",\"action\":"
                                "\"resolve\",\"note\":\"已修好\\\"灯\\\"\"}");
    CHECK_STR_EQ(ev.details[6], "{\"from\":\"resolved\",\"to\":\"closed\",\"action\":\"close\","
                                "\"rating\":\"basic\",\"note\":\"还行\"}");
    CHECK_STR_EQ(ev.actors[6], "resident");

    /* refer and cancel from an open state; a 200-character note fits */
    int64_t id2 = file_request(s, "elder", 0, 0, now, NULL, NULL);
    CHECK_INT_EQ(store_request_act(s, id2, WF_REFER, ROLE_WORKER, "wang", NULL, NULL, now + 1),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_request_act(s, id2, WF_REFER, ROLE_WORKER, "wang", longnote, NULL, now + 1),
                 K_OK);
    CHECK_INT_EQ(store_request_act(s, id2, WF_CANCEL, ROLE_WORKER, "wang", "x", NULL, now + 2),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_get_request(s, id2, &r), K_OK);
    CHECK_STR_EQ(r.status, "referred");
    /* close with a note of the return visit */
    int64_t id3 = file_request(s, "elder", 0, 0, now, NULL, NULL);
    CHECK_INT_EQ(store_request_act(s, id3, WF_ACCEPT, ROLE_HEAD, "admin", NULL, NULL, now), K_OK);
    CHECK_INT_EQ(store_request_act(s, id3, WF_ASSIGN, ROLE_HEAD, "admin", NULL, "街道司法所", now),
                 K_OK);
    CHECK_INT_EQ(store_request_act(s, id3, WF_RESOLVE, ROLE_HEAD, "admin", "调解完成", NULL, now),
                 K_OK); /* resolve from assigned */
    CHECK_INT_EQ(store_request_act(s, id3, WF_CLOSE, ROLE_HEAD, "admin", NULL, NULL, now),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_request_act(s, id3, WF_CLOSE, ROLE_HEAD, "admin", "电话回访满意", NULL, now),
                 K_OK);
    CHECK_INT_EQ(store_get_request(s, id3, &r), K_OK);
    CHECK_STR_EQ(r.status, "closed");
    CHECK_STR_EQ(r.rating, "");
    store_close(s);
}

/* ---- finding a ticket by hand ---- */

static void test_find(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Ticket t, found;
    file_request(s, "elder", 0, 0, now, "13912345678", &t);
    CHECK_INT_EQ(store_find_ticket(s, t.lookup, "5678", &found), K_OK);
    CHECK_INT_EQ(found.id, t.id);
    CHECK_STR_EQ(found.number, t.number);
    char typed[32];
    snprintf(typed, sizeof typed, "%c%c%c%c-%c%c%c%c", t.lookup[0] + 32, t.lookup[1], t.lookup[2],
             t.lookup[3], t.lookup[4], t.lookup[5], t.lookup[6], t.lookup[7]);
    if (t.lookup[0] >= '0' && t.lookup[0] <= '9')
        typed[0] = t.lookup[0];
    CHECK_INT_EQ(store_find_ticket(s, typed, "5678", &found), K_OK);
    CHECK_INT_EQ(store_find_ticket(s, t.lookup, "5679", &found), K_ERR_NOT_FOUND);
    char wrong_phone[STORE_ERR_MAX];
    text_copy(wrong_phone, sizeof wrong_phone, store_errmsg(s));
    CHECK_INT_EQ(store_find_ticket(s, "ACDEFGHJ", "5678", &found), K_ERR_NOT_FOUND);
    CHECK_STR_EQ(store_errmsg(s), wrong_phone); /* the same words either way */
    CHECK_INT_EQ(store_find_ticket(s, t.lookup, "567", &found), K_ERR_INVALID);
    CHECK_INT_EQ(store_find_ticket(s, t.lookup, "56a8", &found), K_ERR_INVALID);
    CHECK_INT_EQ(store_find_ticket(s, "short", "5678", &found), K_ERR_INVALID);

    /* a booking's ticket */
    CHECK_INT_EQ(store_seed_services(s, &cfg, now, NULL), K_OK);
    BookingDraft d;
    BookRefusal why;
    int64_t bid = 0;
    Ticket bt;
    booking_draft_init(&d);
    text_copy(d.service, sizeof d.service, "daycare");
    text_copy(d.day, sizeof d.day, "2026-12-03");
    d.slot = 8 * 60 + 30;
    text_copy(d.phone, sizeof d.phone, "13700001111");
    d.age = 80;
    CHECK_INT_EQ(store_book(s, &d, "SW01", now, 3, key, "kiosk", &bid, &bt, &why), K_OK);
    CHECK_INT_EQ(store_find_ticket(s, bt.lookup, "1111", &found), K_OK);
    CHECK_INT_EQ(found.id, bt.id);
    CHECK_INT_EQ(store_find_ticket(s, bt.lookup, "5678", &found), K_ERR_NOT_FOUND);
    store_close(s);
}

/* ---- walk-in numbers ---- */

static void test_walkin(void)
{
    char path[600], err[320];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Ticket t;
    WalkIn w, w2, recent[5];
    int ahead = -1, n = 0, waiting = -1;
    int64_t v0 = store_data_version(s);
    CHECK(v0 >= 0);
    CHECK_INT_EQ(store_walkin_call(s, 1, "wang", now, &w), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", now, key, &t, &ahead), K_OK);
    CHECK_STR_EQ(t.number, "Q001");
    CHECK_INT_EQ(t.kind, 'Q');
    CHECK_STR_EQ(t.day, "2026-12-01");
    CHECK_INT_EQ(ahead, 0);
    CHECK(t.payload[0] != '\0');
    char site[TICKET_SITE_MAX];
    char kind = 0;
    int64_t tid = 0;
    CHECK_INT_EQ(ticket_verify(key, t.payload, "SW01", site, &kind, &tid), K_OK);
    CHECK_INT_EQ(tid, t.id);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", now + 60, key, &t, &ahead), K_OK);
    CHECK_STR_EQ(t.number, "Q002");
    CHECK_INT_EQ(ahead, 1);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", now + 120, key, &t, &ahead), K_OK);
    CHECK_STR_EQ(t.number, "Q003");
    CHECK_INT_EQ(ahead, 2);

    /* another connection (another kiosk) sees a change */
    Store *other = NULL;
    CHECK_INT_EQ(store_open(path, &other, err, sizeof err), K_OK);
    int64_t v1 = other ? store_data_version(other) : -1;
    CHECK_INT_EQ(store_walkin_call(s, 0, "wang", now, &w), K_ERR_INVALID);
    CHECK_INT_EQ(store_walkin_call(s, 100, "wang", now, &w), K_ERR_INVALID);
    CHECK_INT_EQ(store_walkin_call(s, 2, "wang", now + 200, &w), K_OK);
    CHECK_STR_EQ(w.number, "Q001");
    CHECK_INT_EQ(w.counter, 2);
    CHECK_STR_EQ(w.status, "called");
    if (other) {
        CHECK(store_data_version(other) != v1);
        /* two counters call: two different numbers, in order */
        CHECK_INT_EQ(store_walkin_call(other, 3, "li", now + 201, &w2), K_OK);
        CHECK_STR_EQ(w2.number, "Q002");
        CHECK_INT_EQ(store_walkin_call(s, 2, "wang", now + 202, &w), K_OK);
        CHECK_STR_EQ(w.number, "Q003");
        store_close(other);
    }
    CHECK_INT_EQ(store_walkin_call(s, 2, "wang", now + 203, &w), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", now + 300, key, &t, &ahead), K_OK);
    CHECK_INT_EQ(ahead, 0);
    CHECK_INT_EQ(store_walkin_recent(s, now + 301, recent, 5, &n, &waiting), K_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(waiting, 1);
    CHECK_STR_EQ(recent[0].number, "Q003");
    CHECK_STR_EQ(recent[2].number, "Q001");
    CHECK_INT_EQ(store_walkin_recent(s, now + 301, recent, 2, &n, NULL), K_OK);
    CHECK_INT_EQ(n, 2);

    /* the next local day: Q001 again; yesterday's waiting number is not called */
    int64_t tomorrow = 0;
    CHECK(booking_time("2026-12-02", 8 * 60, &tomorrow));
    CHECK_INT_EQ(store_walkin_call(s, 1, "wang", tomorrow, &w), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_walkin_recent(s, tomorrow, recent, 5, &n, &waiting), K_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(waiting, 0);
    CHECK_INT_EQ(store_walkin_issue(s, "SW01", tomorrow, key, &t, &ahead), K_OK);
    CHECK_STR_EQ(t.number, "Q001");
    CHECK_STR_EQ(t.day, "2026-12-02");
    CHECK_INT_EQ(store_walkin_call(s, 1, "wang", tomorrow + 1, &w), K_OK);
    CHECK_STR_EQ(w.number, "Q001");
    CHECK_STR_EQ(w.day, "2026-12-02");
    /* just before midnight is still the old day */
    int64_t late = 0;
    CHECK(booking_time("2026-12-01", 23 * 60 + 59, &late));
    CHECK_INT_EQ(store_walkin_call(s, 1, "wang", late, &w), K_OK);
    CHECK_STR_EQ(w.number, "Q004");

    Events ev;
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_list_events(s, "walkin", w.id, collect, &ev), K_OK);
    CHECK_INT_EQ(ev.n, 2);
    CHECK_STR_EQ(ev.kinds[0], "walkin_issued");
    CHECK_STR_EQ(ev.kinds[1], "walkin_called");
    CHECK_STR_EQ(ev.details[1], "{\"number\":\"Q004\",\"counter\":1}");
    store_close(s);
}

/* Call again (重呼) and pass over (过号): the counter's last number. */
static void test_walkin_recall_skip(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    Ticket t;
    WalkIn w, next;
    int ahead = 0;
    for (int i = 0; i < 2; i++)
        CHECK_INT_EQ(store_walkin_issue(s, "SW01", now + i, key, &t, &ahead), K_OK);
    /* nothing called at this window yet */
    CHECK_INT_EQ(store_walkin_recall(s, 1, "wang", now + 10, &w), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_walkin_skip(s, 1, "wang", now + 10, &w, &next), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_walkin_recall(s, 0, "wang", now + 10, &w), K_ERR_INVALID);
    CHECK_INT_EQ(store_walkin_skip(s, 1, "", now + 10, &w, &next), K_ERR_INVALID);
    CHECK_INT_EQ(store_walkin_call(s, 1, "wang", now + 20, &w), K_OK);
    CHECK_STR_EQ(w.number, "Q001");
    /* another window's call is not this one's */
    CHECK_INT_EQ(store_walkin_recall(s, 2, "li", now + 30, &w), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_walkin_recall(s, 1, "wang", now + 30, &w), K_OK);
    CHECK_STR_EQ(w.number, "Q001");
    CHECK_INT_EQ(w.counter, 1);
    CHECK(w.called_at == now + 30); /* the board shows it on top again */
    CHECK_INT_EQ(store_walkin_skip(s, 1, "wang", now + 40, &w, &next), K_OK);
    CHECK_STR_EQ(w.number, "Q001");
    CHECK_STR_EQ(next.number, "Q002");
    CHECK_INT_EQ(next.counter, 1);
    /* the window's last number is now Q002; passed over, nobody else waits */
    CHECK_INT_EQ(store_walkin_skip(s, 1, "wang", now + 50, &w, &next), K_OK);
    CHECK_STR_EQ(w.number, "Q002");
    CHECK(next.id == 0);
    /* both passed over: nothing left to call again */
    CHECK_INT_EQ(store_walkin_recall(s, 1, "wang", now + 60, &w), K_ERR_NOT_FOUND);
    WalkIn recent[4];
    int n = 0, waiting = -1;
    CHECK_INT_EQ(store_walkin_recent(s, now + 60, recent, 4, &n, &waiting), K_OK);
    CHECK_INT_EQ(waiting, 0);
    Events ev;
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_list_events(s, "walkin", recent[n - 1].id, collect, &ev), K_OK);
    CHECK_INT_EQ(ev.n, 4);
    CHECK_STR_EQ(ev.kinds[2], "walkin_recalled");
    CHECK_STR_EQ(ev.kinds[3], "walkin_skipped");
    CHECK_STR_EQ(ev.details[3], "{\"number\":\"Q001\",\"counter\":1}");
    store_close(s);
}

/* ---- demo data ---- */

static int count_status(const RequestRecord *r, void *user)
{
    int *counts = user;
    WfState st;
    if (wf_state_parse(r->status, &st))
        counts[st]++;
    return 0;
}

static void test_demo(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    int made = 0, counts[WF_STATE_COUNT] = {0};
    CHECK_INT_EQ(demo_requests(s, &cfg, 2500, 7, "SW01", now, key, &made, NULL, 0), K_OK);
    CHECK_INT_EQ(made, 2500);
    CHECK_INT_EQ(store_list_requests(s, NULL, 0, count_status, counts), K_OK);
    for (int i = 0; i < WF_STATE_COUNT; i++) {
        CHECK(counts[i] > 0); /* every state of the workflow */
        if (counts[i] == 0)
            fprintf(stderr, "    no demo request is %s\n", wf_state_name((WfState)i));
    }
    /* a closed demo request has its timeline and its fields */
    QueueRow row;
    int n = 0;
    CHECK_INT_EQ(store_queue_page(s, "closed", NULL, NULL, &row, 1, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    RequestRecord r;
    CHECK_INT_EQ(store_get_request(s, row.id, &r), K_OK);
    CHECK(r.rating[0] != '\0');
    CHECK(r.assignee[0] != '\0');
    CHECK(r.updated_at > r.created_at && r.updated_at < now);
    CHECK(r.created_at >= now - 90 * 86400);
    Events ev;
    memset(&ev, 0, sizeof ev);
    CHECK_INT_EQ(store_list_events(s, "request", row.id, collect, &ev), K_OK);
    CHECK_INT_EQ(ev.n, 6); /* submitted + accept, assign, start, resolve, close */
    CHECK_INT_EQ(demo_requests(s, &cfg, -1, 7, "SW01", now, key, &made, NULL, 0), K_ERR_INVALID);
    store_close(s);
}

/* A batch writes many calls in one transaction: rolled back, none of them
 * is there; a call that fails inside breaks the batch until rollback;
 * committed, all of them are. */
static void test_batch(void)
{
    char path[600];
    Store *s = open_new(path, sizeof path);
    if (!s)
        return;
    int n = -1;
    CHECK_INT_EQ(store_batch_begin(s), K_OK);
    CHECK_INT_EQ(store_batch_begin(s), K_ERR_INVALID);
    int64_t id = file_request(s, "elder", URGENCY_NORMAL, 0, now - 600, NULL, NULL);
    file_request(s, "elder", URGENCY_NORMAL, 0, now - 500, NULL, NULL);
    store_batch_rollback(s);
    CHECK_INT_EQ(store_queue_count(s, NULL, NULL, &n), K_OK);
    CHECK_INT_EQ(n, 0);

    CHECK_INT_EQ(store_batch_begin(s), K_OK);
    id = file_request(s, "elder", URGENCY_NORMAL, 0, now - 600, NULL, NULL);
    /* start from submitted is refused: the batch is broken */
    CHECK_INT_EQ(store_request_act(s, id, WF_START, ROLE_HEAD, "admin", NULL, NULL, now - 60),
                 K_ERR_REFUSED);
    CHECK_INT_EQ(store_request_act(s, id, WF_ACCEPT, ROLE_HEAD, "admin", NULL, NULL, now - 50),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_batch_commit(s), K_ERR_INVALID);
    store_batch_rollback(s);
    CHECK_INT_EQ(store_queue_count(s, NULL, NULL, &n), K_OK);
    CHECK_INT_EQ(n, 0);

    CHECK_INT_EQ(store_batch_begin(s), K_OK);
    id = file_request(s, "elder", URGENCY_NORMAL, 0, now - 600, NULL, NULL);
    CHECK_INT_EQ(store_request_act(s, id, WF_ACCEPT, ROLE_HEAD, "admin", NULL, NULL, now - 50),
                 K_OK);
    file_request(s, "children", URGENCY_URGENT, 0, now - 500, NULL, NULL);
    CHECK_INT_EQ(store_batch_commit(s), K_OK);
    CHECK_INT_EQ(store_batch_commit(s), K_ERR_INVALID); /* none open */
    store_batch_rollback(s);                            /* nothing to undo */
    CHECK_INT_EQ(store_queue_count(s, NULL, NULL, &n), K_OK);
    CHECK_INT_EQ(n, 2);
    RequestRecord r;
    CHECK_INT_EQ(store_get_request(s, id, &r), K_OK);
    CHECK_STR_EQ(r.status, "accepted");
    store_close(s);
}

/* ---- migration ---- */

static void test_migration_from_v2(void)
{
    char path[600], err[320];
    snprintf(path, sizeof path, "%s/v2.db", test_dir);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(db, store_schema_step(1), NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(db, store_schema_step(2), NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT_EQ(
        sqlite3_exec(
            db,
            "PRAGMA user_version = 2;"
            "INSERT INTO requests (site, token, category, issue, phone, status,"
            " created_at, due_at, urgency, flags) VALUES"
            " ('SW01', 'tok1', 'elder', 'meals', '13812345678', 'submitted', 100, 200,"
            " 0, 0),"
            " ('SW01', 'tok2', 'elder', 'meals', '13812345678', 'submitted', 110, 200,"
            " 1, 5);"
            "INSERT INTO tickets (site, kind, day, seq, number, lookup, request_id,"
            " created_at) VALUES ('SW01', 'A', '2026-11-30', 1, 'A001', 'ACDEFGHJ', 1, 1);"
            "INSERT INTO services (code, letter, position, zh, en, days, lead_hours,"
            " horizon_days) VALUES ('daycare', 'B', 1, '日间照料', 'Day care', 127, 0, 14);"
            "INSERT INTO service_slots VALUES ('daycare', 510, 690, 5);"
            "INSERT INTO bookings (site, token, service, day, slot, starts_at, ends_at,"
            " phone, age, status, created_at, updated_at) VALUES ('SW01', 'btok',"
            " 'daycare', '2026-12-03', 510, 1, 2, '13700001111', 80, 'booked', 5, 5);",
            NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s) {
        fprintf(stderr, "    %s\n", err);
        return;
    }
    RequestRecord r;
    CHECK_INT_EQ(store_get_request(s, 1, &r), K_OK);
    CHECK_STR_EQ(r.ticket.number, "A001");
    CHECK_INT_EQ(r.updated_at, 100);
    CHECK_STR_EQ(r.assignee, "");
    BookingRecord b;
    CHECK_INT_EQ(store_get_booking(s, 1, &b), K_OK);
    CHECK_STR_EQ(b.draft.service, "daycare");
    QueueRow rows[4];
    int n = 0;
    CHECK_INT_EQ(store_queue_page(s, NULL, NULL, NULL, rows, 4, &n), K_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(rows[0].id, 2);
    CHECK_INT_EQ(rows[0].qkey, 1); /* urgent, two flags */
    CHECK_INT_EQ(rows[1].qkey, 7);
    Assignee a[16];
    CHECK_INT_EQ(store_assignee_list(s, a, 16, &n), K_OK);
    CHECK_INT_EQ(n, 5);
    CHECK_INT_EQ(store_request_act(s, 1, WF_ACCEPT, ROLE_HEAD, "admin", NULL, NULL, now), K_OK);
    store_close(s);
    /* opening again changes nothing */
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    CHECK_INT_EQ(store_assignee_list(s, a, 16, &n), K_OK);
    CHECK_INT_EQ(n, 5);
    store_close(s);
}

int main(void)
{
    char err[256];
    setenv("TZ", "Asia/Shanghai", 1);
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/kiosk-queue-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(test_dir))
        return 1;
    if (config_load(&cfg, NULL, err, sizeof err) != K_OK) {
        fprintf(stderr, "config: %s\n", err);
        return 1;
    }
    CHECK(booking_time("2026-12-01", 10 * 60, &now));
    test_order();
    test_paging();
    test_workflow();
    test_find();
    test_walkin();
    test_walkin_recall_skip();
    test_demo();
    test_batch();
    test_migration_from_v2();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", test_dir);
    return CHECK_DONE();
}
