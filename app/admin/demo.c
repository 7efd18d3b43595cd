/* demo.c - demo requests (demo.h), made only through store.h's public calls.
 *
 * A request is filed as the kiosk files one (store_submit_request, at a
 * time in the last 90 days) and then walked by staff through the workflow
 * table (store_request_act, the resident's store_request_rate to close),
 * one call per step at increasing times, so the rows, tickets and events
 * are what real use would leave and the store's rules check every one of
 * them.  Each call is a transaction; store_batch_begin groups 2,000
 * requests into one durable commit, which keeps a million-request
 * benchmark database a matter of minutes rather than hours of fsyncs.
 *
 * The generator is xorshift32 seeded from --seed: the same seed, clock and
 * configuration give the same requests in the same order. */
#include "kiosk/demo.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/request.h"
#include "kiosk/staff.h"
#include "kiosk/text.h"
#include "kiosk/workflow.h"

#define DEMO_BATCH 2000 /* requests per transaction */
#define DEMO_MAX 1000000
#define DEMO_WHO_MAX 32 /* assignees the work is shared among */

/* xorshift32: reproducible from the seed, no global state. */
static unsigned next_rand(unsigned *x)
{
    unsigned v = *x ? *x : 2463534242u;
    v ^= v << 13;
    v ^= v >> 17;
    v ^= v << 5;
    *x = v;
    return v;
}

static const char *const demo_notes[] = {
    "已电话联系居民，约定上门时间",
    "已上门查看，问题已处理",
    "转交物业维修",
    "居民表示满意",
    "已协调志愿者跟进",
};

/* Where a demo request ends: older ones are further along. */
static WfState demo_final(unsigned *rng, int64_t age)
{
    unsigned p = next_rand(rng) % 100;
    if (age < 2 * 86400) /* the last two days: mostly new */
        return p < 50 ? WF_SUBMITTED : p < 75 ? WF_ACCEPTED : p < 90 ? WF_ASSIGNED : WF_IN_PROGRESS;
    if (age < 14 * 86400)
        return p < 10   ? WF_SUBMITTED
               : p < 25 ? WF_ACCEPTED
               : p < 45 ? WF_ASSIGNED
               : p < 65 ? WF_IN_PROGRESS
               : p < 85 ? WF_RESOLVED
               : p < 93 ? WF_CLOSED
               : p < 97 ? WF_REFERRED
                        : WF_CANCELLED;
    return p < 2    ? WF_ACCEPTED
           : p < 5  ? WF_IN_PROGRESS
           : p < 15 ? WF_RESOLVED
           : p < 85 ? WF_CLOSED
           : p < 93 ? WF_REFERRED
                    : WF_CANCELLED;
}

/* Walks request id from submitted to final through the workflow table, one
 * store call per step at increasing times before now.  The work is done by
 * one of the station's staff when it has accounts (so the per-person
 * figures have people in them), else by "admin"; the resident closes with
 * a rating. */
static KResult demo_walk(Store *s, unsigned *rng, int64_t id, int64_t created, int64_t now,
                         WfState final, const Assignee *who, int nwho)
{
    static const WfAction path[] = {WF_ACCEPT, WF_ASSIGN, WF_START, WF_RESOLVE, WF_CLOSE};
    static const WfRating ratings[] = {RATING_SATISFIED, RATING_SATISFIED, RATING_SATISFIED,
                                       RATING_BASIC, RATING_DISSATISFIED};
    WfState at = WF_SUBMITTED;
    int64_t t = created;
    int64_t span = now - created;
    const char *actor = "admin";
    KResult r = K_OK;
    if (final == WF_SUBMITTED)
        return K_OK;
    int staff = 0;
    for (int i = 0; i < nwho; i++)
        staff += strcmp(who[i].kind, "staff") == 0;
    if (staff > 0) {
        int pick = (int)(next_rand(rng) % (unsigned)staff);
        for (int i = 0; i < nwho; i++)
            if (strcmp(who[i].kind, "staff") == 0 && pick-- == 0)
                actor = who[i].name;
    }
    for (size_t i = 0; i < sizeof path / sizeof path[0] && r == K_OK && at != final; i++) {
        WfAction a = path[i];
        WfState to;
        bool side = (final == WF_REFERRED || final == WF_CANCELLED) && next_rand(rng) % 3 == 0;
        if (side || (i >= 2 && (final == WF_REFERRED || final == WF_CANCELLED)))
            a = final == WF_REFERRED ? WF_REFER : WF_CANCEL;
        if (!wf_next(at, a, &to))
            break;
        t += 1 + (int64_t)(next_rand(rng) % (unsigned)(span / 8 + 1));
        if (t >= now)
            t = now - 1;
        const char *note = NULL, *to_whom = NULL;
        WfRating rating = RATING_NONE;
        if (a == WF_ASSIGN && nwho > 0)
            to_whom = who[next_rand(rng) % (unsigned)nwho].name;
        if (a == WF_CLOSE) {
            rating = ratings[next_rand(rng) % 5];
        } else if (wf_needs_note(a)) {
            note = a == WF_CANCEL  ? "居民已自行解决"
                   : a == WF_REFER ? "转街道司法所"
                                   : demo_notes[next_rand(rng) % 5];
        }
        if (a == WF_CLOSE)
            r = store_request_rate(s, id, rating, NULL, t);
        else
            r = store_request_act(s, id, a, ROLE_HEAD, actor, note, to_whom, t);
        at = to;
    }
    return r;
}

/* A resident's request: a category and issue of cfg, a phone, now and then
 * urgent or with priority flags, mostly with a building. */
static void demo_draft(unsigned *rng, const Config *cfg, RequestDraft *d, int *hours)
{
    static const char *const prefix[] = {"138", "139", "150", "186", "177", "199"};
    const CfgCategory *c = &cfg->categories[next_rand(rng) % (unsigned)cfg->category_count];
    request_draft_init(d);
    text_copy(d->category, sizeof d->category, c->item.code);
    unsigned pick = c->issue_count > 0 ? next_rand(rng) % (unsigned)(c->issue_count + 1) : 0;
    if (pick < (unsigned)c->issue_count) {
        text_copy(d->issue, sizeof d->issue, c->issues[pick].code);
    } else {
        text_copy(d->issue, sizeof d->issue, "other");
        text_copy(d->description, sizeof d->description, "演示数据：居民反映的其他问题");
    }
    snprintf(d->phone, sizeof d->phone, "%s%08u", prefix[next_rand(rng) % 6],
             next_rand(rng) % 100000000u);
    d->urgency = next_rand(rng) % 10 == 0 ? URGENCY_URGENT : URGENCY_NORMAL;
    unsigned f = next_rand(rng) % 16;
    d->flags = f < 9    ? 0
               : f < 12 ? FLAG_AGED80
               : f < 14 ? FLAG_ALONE
               : f < 15 ? FLAG_DISABLED
                        : FLAG_AGED80 | FLAG_ALONE;
    /* seven in ten give their address (the building is enough for the
     * needs list) */
    if (cfg->building_count > 0 && next_rand(rng) % 10 < 7)
        text_copy(d->building, sizeof d->building,
                  cfg->buildings[next_rand(rng) % (unsigned)cfg->building_count].zh);
    *hours = c->response_hours > 0 ? c->response_hours : 48;
}

/* K_ERR_INVALID with why in err. */
static KResult demo_invalid(char *err, size_t errcap, const char *why)
{
    if (err && errcap)
        snprintf(err, errcap, "%s", why);
    return K_ERR_INVALID;
}

/* The store's message of a failed call, said as the demo's own failure:
 * "cannot write demo requests: <why the store gave>". */
static void demo_store_error(Store *s, char *err, size_t errcap)
{
    const char *msg = store_errmsg(s);
    const char *why = strstr(msg, ": ");
    if (err && errcap)
        snprintf(err, errcap, "cannot write demo requests: %s", why ? why + 2 : msg);
}

KResult demo_requests(Store *s, const Config *cfg, int n, unsigned seed, const char *site,
                      int64_t now, const uint8_t key[TICKET_KEY_BYTES], int *made, char *err,
                      size_t errcap)
{
    Assignee who[DEMO_WHO_MAX];
    int nwho = 0, done = 0, committed = 0;
    unsigned rng = seed * 2654435761u + 7u;
    KResult r;

    assert(s && cfg && site && key);
    if (err && errcap)
        err[0] = '\0';
    if (made)
        *made = 0;
    if (n < 0 || n > DEMO_MAX)
        return demo_invalid(err, errcap, "demo requests: between 0 and 1,000,000");
    if (!ticket_site_valid(site))
        return demo_invalid(err, errcap, "demo requests: bad site code");
    if (cfg->category_count < 1)
        return demo_invalid(err, errcap, "demo requests: the configuration has no categories");
    r = store_assignee_list(s, who, DEMO_WHO_MAX, &nwho);
    if (r != K_OK) {
        if (err && errcap)
            snprintf(err, errcap, "%s", store_errmsg(s));
        return r;
    }

    while (done < n && r == K_OK) {
        r = store_batch_begin(s);
        for (int b = 0; b < DEMO_BATCH && done < n && r == K_OK; b++) {
            RequestDraft d;
            Ticket t;
            int hours = 48;
            int64_t id = 0;
            int64_t created = now - 60 - (int64_t)(next_rand(&rng) % (90u * 86400u));
            demo_draft(&rng, cfg, &d, &hours);
            r = store_submit_request(s, &d, site, created, hours, key, &id, &t);
            if (r == K_OK)
                r = demo_walk(s, &rng, id, created, now, demo_final(&rng, now - created), who,
                              nwho);
            if (r == K_OK)
                done++;
        }
        if (r == K_OK)
            r = store_batch_commit(s);
        if (r != K_OK) {
            demo_store_error(s, err, errcap);
            store_batch_rollback(s);
            done = committed; /* the batch that failed is gone */
        }
        committed = done;
        if (made)
            *made = done;
    }
    if (r == K_OK) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"requests\":%d}", done);
        r = store_log_event(s, now, "admin", "demo_data", NULL, 0, detail);
        if (r != K_OK && err && errcap)
            snprintf(err, errcap, "%s", store_errmsg(s));
    }
    return r;
}
