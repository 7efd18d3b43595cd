/* test_sms.c - texts to residents (issue 23): smstools' file formats byte
 * for byte, templates in both languages, quiet hours, opt-out words, the
 * [sms] settings; and the store's rules: no consent no text, texts written
 * by their cause's transaction and only once, the reminder's time, a
 * cancellation cancelling the reminder, opt-out cancelling what is queued,
 * hand-over only once per attempt, retries within limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/request.h"
#include "kiosk/sms.h"
#include "kiosk/store.h"
#include "kiosk/store_activity.h"
#include "kiosk/store_sms.h"
#include "kiosk/store_volunteer.h"
#include "kiosk/text.h"
#include "kiosk/workflow.h"

static const uint8_t key[TICKET_KEY_BYTES] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                                              9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

static void test_files(void)
{
    char out[SMS_FILE_MAX];
    size_t n = sms_smstools_file("13812345678", "【幸福站】您好。", out, sizeof out);
    const char want[] = "To: 8613812345678\nAlphabet: UTF-8\n\n【幸福站】您好。";
    CHECK_INT_EQ(n, sizeof want - 1);
    CHECK(memcmp(out, want, sizeof want) == 0);
    CHECK_INT_EQ(sms_smstools_file("01012345678", "x", out, sizeof out), 0); /* landline */
    CHECK_INT_EQ(sms_smstools_file("13812345678", "", out, sizeof out), 0);
    CHECK_INT_EQ(sms_smstools_file("13812345678", "abc", out, 20), 0); /* does not fit */

    char name[SMS_NAME_MAX];
    int64_t id = 0, created = 0;
    int att = 0;
    sms_file_name(42, 1796623200, 3, name, sizeof name);
    CHECK_STR_EQ(name, "kiosk-42-1796623200-3");
    CHECK(sms_file_name_parse(name, &id, &created, &att) && id == 42 && created == 1796623200 &&
          att == 3);
    CHECK(!sms_file_name_parse("GSM1.AbCdEf", &id, &created, &att));
    CHECK(!sms_file_name_parse("kiosk-42-1796623200-3.LOCK", &id, &created, &att));

    /* a sent file as smsd leaves it, and a failed one */
    const char sent[] = "To: 8613812345678\nAlphabet: UTF-8\nModem: GSM1\n"
                        "Sent: 26-12-07 10:00:02\nMessage_id: 17\nIMSI: 460001234567890\n\n"
                        "【幸福站】您好。";
    SmsFile f;
    CHECK(sms_smstools_parse(sent, sizeof sent - 1, &f));
    CHECK(f.sent && !f.failed);
    CHECK_STR_EQ(f.to, "13812345678");
    CHECK_STR_EQ(f.text, "【幸福站】您好。");
    const char failed[] = "To: 8613812345678\nAlphabet: UTF-8\nFailed: 26-12-07 10:00:09\n"
                          "Fail_reason: Modem is not registered to the network\n\nabc";
    CHECK(sms_smstools_parse(failed, sizeof failed - 1, &f));
    CHECK(f.failed);
    CHECK_STR_EQ(f.reason, "Modem is not registered to the network");
    /* an incoming reply, UTF-8 (incoming_utf8 = yes) and UCS-2 big endian */
    const char in8[] = "From: 8613812345678\nFrom_TOA: 91 international, ISDN/telephone\n"
                       "From_SMSC: 8613800200500\nSent: 26-12-07 10:01:00\n"
                       "Received: 26-12-07 10:01:05\nSubject: GSM1\nModem: GSM1\n"
                       "IMSI: 460001234567890\nReport: no\nAlphabet: UCS2\nLength: 2\n\n退订";
    CHECK(sms_smstools_parse(in8, sizeof in8 - 1, &f));
    CHECK_STR_EQ(f.from, "13812345678");
    CHECK_STR_EQ(f.text, "退订");
    const char in16[] = "From: 8613812345678\nAlphabet: UCS2\n\n\x90\x00\x8b\xa2";
    CHECK(sms_smstools_parse(in16, sizeof in16 - 1, &f));
    CHECK_STR_EQ(f.text, "退订");
    CHECK(!sms_smstools_parse("no header block", 15, &f));

    CHECK(sms_is_optout("TD"));
    CHECK(sms_is_optout(" td\n"));
    CHECK(sms_is_optout("ＴＤ"));
    CHECK(sms_is_optout("退订。"));
    CHECK(sms_is_optout("Stop"));
    CHECK(!sms_is_optout("谢谢"));
    CHECK(!sms_is_optout("TD 1234"));
    CHECK(!sms_is_optout("TDX"));
}

static bool lookup(const char *k, const char *params, const char *lang, char *out, size_t cap,
                   void *ctx)
{
    (void)params;
    (void)ctx;
    if (strcmp(k, "station") == 0)
        return text_copy(out, cap, strcmp(lang, "en") == 0 ? "Xingfu Station" : "幸福站");
    return false;
}

static void test_templates(void)
{
    SmsConfig c;
    sms_config_defaults(&c);
    char out[SMS_BODY_MAX];
    const char *params = "service=daycare\nday=2026-12-08\ntime=09:00\nticket=D001";
    CHECK(sms_render(sms_template(&c, SMS_BOOKING_REMINDER, "zh"), params, "zh", lookup, NULL, out,
                     sizeof out));
    /* a code the lookup does not name stays the code */
    CHECK_STR_EQ(out, "【幸福站】提醒：您明天09:00有daycare预约，号码D001。回复TD退订。");
    CHECK(sms_render(sms_template(&c, SMS_BOOKING_REMINDER, "en"), params, "en", lookup, NULL, out,
                     sizeof out));
    CHECK_STR_EQ(out,
                 "Xingfu Station: reminder, daycare tomorrow at 09:00, ticket D001. Reply TD to "
                 "stop texts.");
    /* every kind has both languages, signed with the station */
    for (int k = 0; k < SMS_KIND_COUNT; k++) {
        CHECK(strstr(sms_template(&c, (SmsKind)k, "zh"), "【{station}】") != NULL);
        CHECK(strstr(sms_template(&c, (SmsKind)k, "en"), "{station}") != NULL);
    }
    /* configured templates */
    CHECK(sms_config_set(&c, "booking_reminder_zh", "{station}：明天{time}见"));
    CHECK(!sms_config_set(&c, "nothing_zh", "x"));
    CHECK(!sms_config_set(&c, "daemon", "gammu"));
    CHECK(sms_config_set(&c, "daemon", "smstools"));
    CHECK(!sms_config_set(&c, "outbox", "relative/path"));
    CHECK(sms_config_set(&c, "outbox", "/var/spool/sms/outgoing"));
    CHECK(!sms_config_set(&c, "quiet_from", "25:00"));
    CHECK(sms_config_set(&c, "remind_at", "17:30") && c.remind_at == 17 * 60 + 30);
    char err[200];
    CHECK(sms_config_finish(&c, err, sizeof err));
    CHECK_STR_EQ(c.sent, "/var/spool/sms/sent");
    CHECK_STR_EQ(c.incoming, "/var/spool/sms/incoming");
    CHECK(sms_render(sms_template(&c, SMS_BOOKING_REMINDER, "zh"), params, "zh", lookup, NULL, out,
                     sizeof out));
    CHECK_STR_EQ(out, "幸福站：明天09:00见");
    CHECK(!sms_render("{ticket}{ticket}{ticket}", params, "zh", NULL, NULL, out, 8));
    SmsConfig bad;
    sms_config_defaults(&bad);
    CHECK(sms_config_set(&bad, "daemon", "smstools"));
    CHECK(!sms_config_finish(&bad, err, sizeof err)); /* no outbox */

    /* quiet hours 21:00-08:00 wrap midnight */
    CHECK(sms_quiet(21 * 60, 21 * 60, 8 * 60));
    CHECK(sms_quiet(2 * 60, 21 * 60, 8 * 60));
    CHECK(!sms_quiet(8 * 60, 21 * 60, 8 * 60));
    CHECK(!sms_quiet(20 * 60 + 59, 21 * 60, 8 * 60));
    CHECK(sms_quiet(13 * 60, 12 * 60, 14 * 60));
    CHECK(!sms_quiet(13 * 60, 12 * 60, 12 * 60));
}

static Config cfg;
static char dir[] = "/tmp/test_sms.XXXXXX";

static Store *open_db(const char *name)
{
    char path[256], err[320];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    CHECK_INT_EQ(store_seed_services(s, &cfg, 1796600000, NULL), K_OK);
    return s;
}

static int count_state(Store *s, const char *state)
{
    SmsCounts n;
    CHECK_INT_EQ(store_sms_counts(s, &n), K_OK);
    if (!state)
        return n.queued + n.handed + n.sent + n.failed + n.cancelled;
    if (strcmp(state, "queued") == 0)
        return n.queued;
    if (strcmp(state, "handed") == 0)
        return n.handed;
    if (strcmp(state, "sent") == 0)
        return n.sent;
    if (strcmp(state, "failed") == 0)
        return n.failed;
    return n.cancelled;
}

static KResult book(Store *s, const char *phone, const char *sms, int64_t now, int64_t *id)
{
    BookingDraft d;
    booking_draft_init(&d);
    text_copy(d.service, sizeof d.service, "daycare");
    text_copy(d.day, sizeof d.day, "2026-12-09"); /* a Wednesday */
    d.slot = 8 * 60 + 30;
    text_copy(d.phone, sizeof d.phone, phone);
    d.age = 80;
    text_copy(d.sms, sizeof d.sms, sms);
    Ticket t;
    BookRefusal why;
    return store_book(s, &d, "SW01", now, 5, key, "kiosk", id, &t, &why);
}

static void test_store(void)
{
    /* 2026-12-07 14:00 in Shanghai */
    const int64_t now = 1796623200;
    Store *s = open_db("a.db");
    int64_t id = 0;
    /* texts off: nothing queued even with consent */
    CHECK_INT_EQ(book(s, "13800000001", "zh", now, &id), K_OK);
    CHECK_INT_EQ(count_state(s, NULL), 0);
    CHECK_INT_EQ(store_sms_setup(s, true, 18 * 60), K_OK);
    /* no consent, no text */
    CHECK_INT_EQ(book(s, "13800000002", "", now, &id), K_OK);
    CHECK_INT_EQ(count_state(s, NULL), 0);
    int consent = 0;
    CHECK_INT_EQ(store_sms_consent_get(s, "13800000002", &consent), K_OK);
    CHECK_INT_EQ(consent, -1);
    /* consent: the confirmation now, the reminder the day before at 18:00 */
    CHECK_INT_EQ(book(s, "13800000003", "en", now, &id), K_OK);
    CHECK_INT_EQ(count_state(s, "queued"), 2);
    CHECK_INT_EQ(store_sms_consent_get(s, "13800000003", &consent), K_OK);
    CHECK_INT_EQ(consent, 1);
    SmsRow rows[8];
    int n = 0;
    CHECK_INT_EQ(store_sms_due(s, now, rows, 8, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(rows[0].kind, "booking_confirmed");
    CHECK_STR_EQ(rows[0].lang, "en");
    char v[32];
    CHECK(sms_param(rows[0].params, "ticket", v, sizeof v) && strcmp(v, "B003") == 0);
    CHECK(sms_param(rows[0].params, "time", v, sizeof v) && strcmp(v, "08:30") == 0);
    int64_t reminder_at = 0;
    CHECK(booking_time("2026-12-08", 18 * 60, &reminder_at));
    CHECK_INT_EQ(store_sms_due(s, reminder_at - 1, rows, 8, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(store_sms_due(s, reminder_at, rows, 8, &n), K_OK);
    CHECK_INT_EQ(n, 2);

    /* hand-over: once per attempt */
    int64_t cid = rows[0].id;
    CHECK_INT_EQ(store_sms_handed(s, cid, 1, "body", now), K_OK);
    CHECK_INT_EQ(store_sms_handed(s, cid, 1, "body", now), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_sms_handed_list(s, rows, 8, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    /* failures: retried twice, then failed; a report for an old attempt
     * changes nothing */
    CHECK_INT_EQ(store_sms_report(s, cid, 1, false, "no network", now, 2, 10), K_OK);
    SmsRow r;
    CHECK_INT_EQ(store_sms_get(s, cid, &r), K_OK);
    CHECK_STR_EQ(r.state, "queued");
    CHECK_INT_EQ(r.not_before, now + 600);
    CHECK_INT_EQ(store_sms_report(s, cid, 1, true, "", now, 2, 10), K_OK); /* stale */
    CHECK_INT_EQ(store_sms_get(s, cid, &r), K_OK);
    CHECK_STR_EQ(r.state, "queued");
    CHECK_INT_EQ(store_sms_handed(s, cid, 2, "body", now + 600), K_OK);
    CHECK_INT_EQ(store_sms_report(s, cid, 2, false, "no network", now + 600, 2, 10), K_OK);
    CHECK_INT_EQ(store_sms_handed(s, cid, 3, "body", now + 1200), K_OK);
    CHECK_INT_EQ(store_sms_report(s, cid, 3, false, "no network", now + 1200, 2, 10), K_OK);
    CHECK_INT_EQ(store_sms_get(s, cid, &r), K_OK);
    CHECK_STR_EQ(r.state, "failed");
    CHECK_STR_EQ(r.error, "no network");
    /* staff retry: one more attempt, then sent */
    CHECK_INT_EQ(store_sms_retry(s, cid, now + 1300), K_OK);
    CHECK_INT_EQ(store_sms_retry(s, cid, now + 1300), K_ERR_INVALID); /* queued, not failed */
    CHECK_INT_EQ(store_sms_handed(s, cid, 4, "body", now + 1300), K_OK);
    CHECK_INT_EQ(store_sms_report(s, cid, 4, true, "", now + 1310, 2, 10), K_OK);
    CHECK_INT_EQ(store_sms_get(s, cid, &r), K_OK);
    CHECK_STR_EQ(r.state, "sent");
    CHECK_INT_EQ(store_sms_count_since(s, "13800000003", now, &n), K_OK);
    CHECK_INT_EQ(n, 1);

    /* a cancelled booking: its reminder is not sent, the resident is told */
    CHECK_INT_EQ(store_booking_set_status(s, id, BOOKING_CANCELLED, "admin", "closed", now + 60),
                 K_OK);
    CHECK_INT_EQ(store_sms_due(s, reminder_at, rows, 8, &n), K_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(rows[0].kind, "booking_cancelled");
    CHECK(!rows[0].urgent); /* two days ahead */
    CHECK_INT_EQ(count_state(s, "cancelled"), 1);

    /* a request: accepted and resolved, with the lookup code */
    RequestDraft d;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "elder");
    text_copy(d.issue, sizeof d.issue, "other");
    text_copy(d.description, sizeof d.description, "灯坏了");
    text_copy(d.phone, sizeof d.phone, "13800000004");
    text_copy(d.sms, sizeof d.sms, "zh");
    int64_t rid = 0;
    Ticket t;
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", now, 24, key, &rid, &t), K_OK);
    int before = count_state(s, NULL);
    CHECK_INT_EQ(store_request_act(s, rid, WF_ACCEPT, ROLE_HEAD, "admin", NULL, NULL, now + 100),
                 K_OK);
    CHECK_INT_EQ(count_state(s, NULL), before + 1);
    CHECK_INT_EQ(store_sms_due(s, now + 100, rows, 8, &n), K_OK);
    bool found = false;
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].kind, "request_accepted") == 0) {
            found = sms_param(rows[i].params, "code", v, sizeof v) && strcmp(v, t.lookup) == 0;
        }
    CHECK(found);
    CHECK_INT_EQ(store_assignee_add(s, "team", "维修组", now, "admin"), K_OK);
    CHECK_INT_EQ(
        store_request_act(s, rid, WF_ASSIGN, ROLE_HEAD, "admin", NULL, "维修组", now + 150), K_OK);
    CHECK_INT_EQ(
        store_request_act(s, rid, WF_RESOLVE, ROLE_HEAD, "admin", "修好了", NULL, now + 200), K_OK);
    CHECK_INT_EQ(count_state(s, NULL), before + 2); /* assigning is no news */

    /* store_sms_queue: once per cause, consent needed, in the caller's
     * transaction */
    bool queued = false;
    CHECK_INT_EQ(store_sms_queue(s, SMS_ACTIVITY_PROMOTED, "13800000004", "zh",
                                 "activity=太极拳\nday=2026-12-10\ntime=09:00", "signup", 7, false,
                                 0, 0, now, &queued),
                 K_OK);
    CHECK(queued);
    CHECK_INT_EQ(store_sms_queue(s, SMS_ACTIVITY_PROMOTED, "13800000004", "zh", "", "signup", 7,
                                 false, 0, 0, now, &queued),
                 K_OK);
    CHECK(!queued);
    CHECK_INT_EQ(store_sms_queue(s, SMS_VOLUNTEER_APPROVED, "13800000002", "zh", "", "volunteer", 1,
                                 false, 0, 0, now, &queued),
                 K_OK);
    CHECK(!queued); /* never consented */
    CHECK_INT_EQ(store_sms_consent_give(s, "13800000006", "en", now), K_OK);
    CHECK_INT_EQ(store_sms_queue(s, SMS_VOLUNTEER_APPROVED, "13800000006", "en", "", "volunteer", 3,
                                 false, 0, 0, now, &queued),
                 K_OK);
    CHECK(queued); /* consent given by the volunteers' flow */
    CHECK_INT_EQ(store_sms_queue(s, SMS_VOLUNTEER_APPROVED, "075512345678", "zh", "", "volunteer",
                                 2, false, 0, 0, now, &queued),
                 K_OK);
    CHECK(!queued); /* a landline */

    /* TD: opted out, everything queued to the number cancelled, nothing
     * new queued, staff cannot retry it */
    int cancelled = 0;
    CHECK_INT_EQ(store_sms_consent_set(s, "13800000004", false, "zh", "reply", now, &cancelled),
                 K_OK);
    CHECK_INT_EQ(cancelled, 3); /* accepted, resolved, promoted */
    CHECK_INT_EQ(store_sms_consent_get(s, "13800000004", &consent), K_OK);
    CHECK_INT_EQ(consent, 0);
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "elder");
    text_copy(d.issue, sizeof d.issue, "other");
    text_copy(d.description, sizeof d.description, "又坏了");
    text_copy(d.phone, sizeof d.phone, "13800000004");
    CHECK_INT_EQ(store_submit_request(s, &d, "SW01", now, 24, key, &rid, &t), K_OK);
    CHECK_INT_EQ(store_request_act(s, rid, WF_ACCEPT, ROLE_HEAD, "admin", NULL, NULL, now + 250),
                 K_OK);
    CHECK_INT_EQ(store_sms_due(s, now + 300, rows, 8, &n), K_OK);
    for (int i = 0; i < n; i++)
        CHECK(strcmp(rows[i].phone, "13800000004") != 0);

    /* the staff test: no consent asked, texts must be on */
    int64_t tid = 0;
    CHECK_INT_EQ(store_sms_test(s, "13900001111", "en", now, &tid), K_OK);
    CHECK(tid > 0);
    CHECK_INT_EQ(store_sms_test(s, "12345", "en", now, &tid), K_ERR_INVALID);
    CHECK_INT_EQ(store_sms_setup(s, false, 18 * 60), K_OK);
    CHECK_INT_EQ(store_sms_test(s, "13900001111", "en", now, &tid), K_ERR_UNSUPPORTED);

    /* expiry: a reminder not handed before the appointment is cancelled */
    CHECK_INT_EQ(store_sms_setup(s, true, 18 * 60), K_OK);
    CHECK_INT_EQ(book(s, "13800000005", "zh", now, &id), K_OK);
    CHECK_INT_EQ(store_sms_due(s, now + 10 * 86400, rows, 8, &n), K_OK);
    for (int i = 0; i < n; i++)
        CHECK(strcmp(rows[i].phone, "13800000005") != 0);

    /* retention: finished texts and old consents go, an opt-out stays */
    int before_purge = count_state(s, NULL), nr = 0, nb = 0;
    CHECK_INT_EQ(
        store_purge(s, now + 20 * 86400, false, now + 20 * 86400, "admin", NULL, NULL, &nr, &nb),
        K_OK);
    CHECK(count_state(s, NULL) < before_purge);
    CHECK_INT_EQ(count_state(s, "sent") + count_state(s, "failed") + count_state(s, "cancelled"),
                 0);
    CHECK_INT_EQ(store_sms_consent_get(s, "13800000004", &consent), K_OK);
    CHECK_INT_EQ(consent, 0);
    CHECK_INT_EQ(store_sms_consent_get(s, "13800000003", &consent), K_OK);
    CHECK_INT_EQ(consent, -1);
    store_close(s);
}

/* Activities and volunteers (issues 20, 21): the phone screen's consent is
 * kept with the sign-up or application, a promotion off the waiting list,
 * the activity's cancellation and a volunteer's approval are texted in
 * the language chosen, once each; no consent, no text. */
typedef struct {
    int n;
    char kinds[8][24], phones[8][16], langs[8][4], params[8][200];
} SmsSeen;

static int seen_one(const SmsRow *r, void *user)
{
    SmsSeen *v = user;
    if (v->n < 8) {
        text_copy(v->kinds[v->n], sizeof v->kinds[0], r->kind);
        text_copy(v->phones[v->n], sizeof v->phones[0], r->phone);
        text_copy(v->langs[v->n], sizeof v->langs[0], r->lang);
        text_copy(v->params[v->n], sizeof v->params[0], r->params);
    }
    v->n++;
    return 0;
}

static bool seen(const SmsSeen *v, const char *kind, const char *phone, const char *lang)
{
    for (int i = 0; i < v->n && i < 8; i++)
        if (strcmp(v->kinds[i], kind) == 0 && strcmp(v->phones[i], phone) == 0 &&
            strcmp(v->langs[i], lang) == 0)
            return true;
    return false;
}

static void test_station_work(void)
{
    const int64_t now = 1796623200; /* 2026-12-07 14:00 in Shanghai */
    Store *s = open_db("w.db");
    CHECK_INT_EQ(store_sms_setup(s, true, 18 * 60), K_OK);
    Activity a;
    memset(&a, 0, sizeof a);
    text_copy(a.code, sizeof a.code, "YOGA");
    text_copy(a.title_zh, sizeof a.title_zh, "公益瑜伽");
    text_copy(a.title_en, sizeof a.title_en, "Yoga");
    text_copy(a.audience, sizeof a.audience, ACT_AUD_ELDER);
    text_copy(a.day, sizeof a.day, "2026-12-10");
    a.start_min = 9 * 60;
    a.end_min = 10 * 60;
    a.seats = 1;
    a.per_signup = a.per_phone = 1;
    a.waitlist = true;
    int64_t aid = 0;
    int n = 0;
    CHECK_INT_EQ(store_activity_add(s, &a, NULL, NULL, "test", now, &aid, 1, &n), K_OK);
    ActivitySignup first, second, third;
    Ticket t;
    ActRefusal why;
    CHECK_INT_EQ(store_activity_signup(s, aid, "13800000011", 1, true, "zh", "SW01", key, "kiosk",
                                       now, &first, &t, &why),
                 K_OK);
    CHECK_INT_EQ(store_activity_signup(s, aid, "13800000012", 1, true, "en", "SW01", key, "kiosk",
                                       now, &second, &t, &why),
                 K_OK);
    CHECK_INT_EQ(store_activity_signup(s, aid, "13800000013", 1, true, "", "SW01", key, "kiosk",
                                       now, &third, &t, &why),
                 K_OK);
    int consent = 0;
    CHECK_INT_EQ(store_sms_consent_get(s, "13800000012", &consent), K_OK);
    CHECK_INT_EQ(consent, 1);
    CHECK_INT_EQ(count_state(s, NULL), 0); /* signing up texts nothing */
    ActPromoted promoted;
    CHECK_INT_EQ(
        store_activity_cancel_signup(s, first.id, true, "kiosk", now + 60, &promoted, &why), K_OK);
    CHECK_INT_EQ(promoted.count, 1);
    SmsSeen v = {0};
    CHECK_INT_EQ(store_sms_list(s, NULL, 20, seen_one, &v), K_OK);
    CHECK_INT_EQ(v.n, 1);
    CHECK(seen(&v, "activity_promoted", "13800000012", "en"));
    CHECK(strstr(v.params[0], "activity=Yoga") != NULL);
    CHECK(strstr(v.params[0], "time=09:00") != NULL);
    /* staff cancel the activity: the seated one (consent, en) is told; the
     * waiting one without consent is not */
    int dates = 0;
    CHECK_INT_EQ(store_activity_cancel(s, aid, false, "zhao", now + 120, &dates), K_OK);
    memset(&v, 0, sizeof v);
    CHECK_INT_EQ(store_sms_list(s, NULL, 20, seen_one, &v), K_OK);
    CHECK_INT_EQ(v.n, 2);
    CHECK(seen(&v, "activity_cancelled", "13800000012", "en"));

    /* a volunteer who asked for texts, approved: one text in zh */
    VolunteerDraft d;
    memset(&d, 0, sizeof d);
    text_copy(d.name, sizeof d.name, "王阿姨");
    text_copy(d.phone, sizeof d.phone, "13800000014");
    d.age = 60;
    text_copy(d.building, sizeof d.building, cfg.building_count ? cfg.buildings[0].zh : "1栋");
    d.availability = 1;
    d.consent = true;
    d.skill_count = 1;
    text_copy(d.skills[0], sizeof d.skills[0], cfg.skills[0].code);
    text_copy(d.sms, sizeof d.sms, "zh");
    int64_t vid = 0;
    CHECK_INT_EQ(store_volunteer_apply(s, &d, &cfg, now, &vid), K_OK);
    CHECK_INT_EQ(store_volunteer_decide(s, vid, "approved", "zhao", now + 180), K_OK);
    memset(&v, 0, sizeof v);
    CHECK_INT_EQ(store_sms_list(s, NULL, 20, seen_one, &v), K_OK);
    CHECK_INT_EQ(v.n, 3);
    CHECK(seen(&v, "volunteer_approved", "13800000014", "zh"));
    store_close(s);
}

int main(void)
{
    char err[256];
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    CHECK(mkdtemp(dir) != NULL);
    test_files();
    test_templates();
    test_store();
    test_station_work();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}
