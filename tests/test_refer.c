/* test_refer.c - referrals in the store (store_refer.c, schema 9): a
 * referral is refused without the district's sites, to this site, to an
 * unknown site, without a note, and changes nothing then; a good one moves
 * the request and writes the referral entry with the personal part in the
 * same transaction; the centre's inbox answer files a referral once (its
 * request entry names the origin), records progress in the timeline,
 * applies a relayed rating, keeps the district copy; a malformed answer is
 * refused whole. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/request.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/ticket.h"

static const uint8_t key[TICKET_KEY_BYTES] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                                              7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};

static long long one_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

int main(void)
{
    char dir[] = "/tmp/test_refer.XXXXXX", path[256], err[320];
    const int64_t now = 1796000000;
    if (!mkdtemp(dir) || sodium_init() < 0)
        return 2;
    snprintf(path, sizeof path, "%s/k.db", dir);
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return 1;
    CHECK_INT_EQ(store_sync_enable(s, "XFL", now, NULL), K_OK);
    RequestDraft d;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "elder");
    text_copy(d.issue, sizeof d.issue, "other");
    text_copy(d.description, sizeof d.description, "需要心理咨询");
    text_copy(d.phone, sizeof d.phone, "13812345678");
    text_copy(d.name, sizeof d.name, "王阿姨");
    int64_t id = 0;
    Ticket t;
    CHECK_INT_EQ(store_submit_request(s, &d, "XFL", now, 24, key, &id, &t), K_OK);
    long long before = one_int(path, "SELECT count(*) FROM outbox");

    /* refused, nothing written */
    CHECK_INT_EQ(store_request_refer(s, id, "ZX", ROLE_WORKER, "wang", "转", now),
                 K_ERR_INVALID); /* no sites known yet */
    CHECK(strstr(store_errmsg(s), "sync now") != NULL);
    const char *sites = "{\"cursor\":0,\"sites\":[{\"code\":\"XFL\",\"name\":\"幸福里\"},"
                        "{\"code\":\"ZX\",\"name\":\"中心站\"}]}";
    InboxApplied ap;
    CHECK_INT_EQ(store_inbox_apply(s, sites, now, &ap), K_OK);
    CHECK_INT_EQ(ap.sites, 2);
    CHECK_INT_EQ(store_request_refer(s, id, "XFL", ROLE_WORKER, "wang", "转", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_request_refer(s, id, "NOPE", ROLE_WORKER, "wang", "转", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_request_refer(s, id, "ZX", ROLE_WORKER, "wang", "  ", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_request_refer(s, id, "Z X", ROLE_WORKER, "wang", "转", now), K_ERR_INVALID);
    CHECK_INT_EQ(store_request_refer(s, id, "ZX", ROLE_VOLUNTEER, "v", "转", now), K_ERR_REFUSED);
    CHECK_INT_EQ(store_request_refer(s, 999, "ZX", ROLE_WORKER, "wang", "转", now),
                 K_ERR_NOT_FOUND);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox"), before);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM referrals_out"), 0);

    /* referred: the move, the event, the entry with the personal part */
    CHECK_INT_EQ(store_request_refer(s, id, "ZX", ROLE_WORKER, "wang", "心理咨询室更合适", now + 5),
                 K_OK);
    RequestRecord r;
    CHECK_INT_EQ(store_get_request(s, id, &r), K_OK);
    CHECK_STR_EQ(r.status, "referred");
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE json_extract(body, '$.kind')"
                               " = 'referral' AND json_extract(body, '$.phone') = '13812345678'"
                               " AND json_extract(body, '$.to') = 'ZX'"),
                 1);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE json_extract(body, '$.kind')"
                               " = 'request' AND body LIKE '%13812345678%'"),
                 0);
    CHECK_INT_EQ(store_request_refer(s, id, "ZX", ROLE_WORKER, "wang", "again", now),
                 K_ERR_REFUSED);

    /* a malformed answer: refused whole */
    CHECK_INT_EQ(store_inbox_apply(s, "[1,2]", now, &ap), K_ERR_INVALID);
    CHECK_INT_EQ(store_inbox_apply(s, "{\"sites\":", now, &ap), K_ERR_INVALID);

    /* a referral to this site (as if XFL were B): filed once */
    const char *in =
        "{\"cursor\":7,\"referrals\":[{\"from_site\":\"ZX\",\"from_id\":41,\"note\":\"请跟进\","
        "\"by\":\"li\",\"at\":1796000100,\"p\":{\"category\":\"elder\",\"issue\":\"other\","
        "\"urgency\":1,\"flags\":1,\"name\":\"李伯\",\"phone\":\"13900001111\",\"building\":"
        "\"5栋\","
        "\"unit\":\"1\",\"room\":\"302\",\"description\":\"行动不便\",\"number\":\"A007\","
        "\"lookup\":\"ACDEFGHJ\",\"ticket_day\":\"2026-11-30\",\"ticket_seq\":7,"
        "\"due_at\":1796090000}}],"
        "\"progress\":[{\"from_id\":1,\"to_site\":\"ZX\",\"to_id\":9,\"status\":\"resolved\","
        "\"updated_at\":1796000200,\"resolved_at\":1796000200,\"answered_by\":\"li\","
        "\"resolved_by\":\"li\",\"rating\":\"\"}],"
        "\"copy\":[{\"kind\":\"request\",\"site\":\"ZX\",\"id\":9,\"ticket_id\":12,"
        "\"number\":\"A003\",\"status\":\"resolved\"},{\"kind\":\"booking\",\"site\":\"ZX\","
        "\"id\":4,\"ticket_id\":13,\"number\":\"B001\",\"status\":\"booked\",\"service\":"
        "\"haircut\","
        "\"day\":\"2026-12-01\",\"slot\":540},{\"kind\":\"evil\",\"site\":\"ZX\",\"id\":1}]}";
    CHECK_INT_EQ(store_inbox_apply(s, in, now + 10, &ap), K_OK);
    CHECK_INT_EQ(ap.filed, 1);
    CHECK_INT_EQ(ap.progress, 1);
    CHECK_INT_EQ(ap.copied, 2);
    CHECK_INT_EQ(store_inbox_apply(s, in, now + 20, &ap), K_OK);
    CHECK_INT_EQ(ap.filed, 0);
    CHECK_INT_EQ(ap.progress, 0);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM referrals_in"), 1);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM requests WHERE phone = '13900001111'"
                               " AND status = 'submitted' AND urgency = 1"),
                 1);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE json_extract(body, '$.kind')"
                               " = 'request' AND json_extract(body, '$.origin_site') = 'ZX'"
                               " AND json_extract(body, '$.origin_id') = 41"),
                 1);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM events WHERE kind = 'referral_received'"
                               " AND actor = 'ZX/li'"),
                 1);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM events WHERE kind = 'referral_progress'"
                               " AND subject_id = 1 AND actor = 'ZX/li'"),
                 1);
    CHECK_INT_EQ(one_int(path, "SELECT cursor FROM pull_state WHERE name = 'inbox'"), 7);
    ReferralOut ro;
    CHECK_INT_EQ(store_referral_out(s, id, &ro), K_OK);
    CHECK_STR_EQ(ro.status, "resolved");
    CHECK_INT_EQ(ro.their_id, 9);
    DistrictCopy c;
    CHECK_INT_EQ(store_district_copy_of_ticket(s, "ZX", 13, &c), K_OK);
    CHECK_STR_EQ(c.kind, "booking");
    CHECK_INT_EQ(c.slot, 540);
    CHECK_INT_EQ(c.pulled_at, now + 20);

    /* ratings: relayed once, for a resolved request only */
    CHECK_INT_EQ(store_referral_rate(s, id, RATING_SATISFIED, now + 30), K_OK);
    CHECK_INT_EQ(store_referral_rate(s, id, RATING_BASIC, now + 31), K_ERR_REFUSED);
    CHECK_INT_EQ(store_copy_rate(s, "ZX", 4, RATING_BASIC, now), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(one_int(path, "SELECT count(*) FROM outbox WHERE json_extract(body, '$.kind')"
                               " = 'rating' AND json_extract(body, '$.id') = 9"),
                 1);
    /* a rating relayed here closes the filed request once resolved */
    int64_t local = 0;
    CHECK_INT_EQ(store_referral_in_local(s, "ZX", 41, &local), K_OK);
    CHECK_INT_EQ(store_request_act(s, local, WF_ACCEPT, ROLE_WORKER, "wang", NULL, NULL, now),
                 K_OK);
    CHECK_INT_EQ(
        store_request_act(s, local, WF_ASSIGN, ROLE_WORKER, "wang", NULL, "志愿服务队", now), K_OK);
    CHECK_INT_EQ(store_request_act(s, local, WF_RESOLVE, ROLE_WORKER, "wang", "好了", NULL, now),
                 K_OK);
    char rate[160];
    snprintf(rate, sizeof rate,
             "{\"ratings\":[{\"id\":%lld,\"rating\":\"basic\",\"by_site\":\"ZX\",\"at\":1}]}",
             (long long)local);
    CHECK_INT_EQ(store_inbox_apply(s, rate, now + 40, &ap), K_OK);
    CHECK_INT_EQ(ap.rated, 1);
    CHECK_INT_EQ(store_get_request(s, local, &r), K_OK);
    CHECK_STR_EQ(r.status, "closed");
    CHECK_STR_EQ(r.rating, "basic");
    store_close(s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    (void)system(cmd);
    return CHECK_DONE();
}
