/* test_booking.c - booking: the rules (app/core/booking.c), the service
 * configuration, and the store's booking side (app/store/store_booking.c):
 * closed days, lead time, horizon, full and started slots, per-phone limits,
 * cancelling and the place coming back, state changes and their timing,
 * no-show sweeps, the schema 1 -> 2 migration, and capacity under
 * concurrency: processes racing for the last places of a slot.
 *
 * The clock is fixed: "now" is Tuesday 2026-12-01 10:00 in Asia/Shanghai
 * (set here, whatever the caller's TZ). */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../app/store/store_int.h"
#include "check.h"
#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

static char test_dir[512];
static int db_counter;
static const uint8_t key[TICKET_KEY_BYTES] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
static Config cfg;
static int64_t now; /* Tuesday 2026-12-01 10:00 */

static int64_t at(const char *day, int hour, int min)
{
    int64_t t = 0;
    CHECK(booking_time(day, hour * 60 + min, &t));
    return t;
}

static void new_db_path(char *out, size_t cap)
{
    snprintf(out, cap, "%s/b%d.db", test_dir, ++db_counter);
}

static Store *open_seeded(const char *path)
{
    char err[320];
    Store *s = NULL;
    int added = 0;
    KResult r = store_open(path, &s, err, sizeof err);
    CHECK_INT_EQ(r, K_OK);
    if (r != K_OK) {
        fprintf(stderr, "    %s\n", err);
        return NULL;
    }
    CHECK_INT_EQ(store_seed_services(s, &cfg, now, &added), K_OK);
    return s;
}

static void draft_for(BookingDraft *d, const char *service, const char *day, int hour, int min,
                      const char *phone)
{
    booking_draft_init(d);
    text_copy(d->service, sizeof d->service, service);
    text_copy(d->day, sizeof d->day, day);
    d->slot = hour * 60 + min;
    text_copy(d->phone, sizeof d->phone, phone);
    text_copy(d->name, sizeof d->name, "李大爷");
    d->age = 78;
    if (strcmp(service, "escort") == 0) {
        text_copy(d->hospital, sizeof d->hospital, "people");
        text_copy(d->department, sizeof d->department, "eye");
        d->pickup = PICKUP_STATION;
        d->needs = NEED_WHEELCHAIR;
    }
}

static KResult book(Store *s, const BookingDraft *d, int64_t when, Ticket *t, BookRefusal *why)
{
    int64_t id = 0;
    return store_book(s, d, "SW01", when, cfg.max_open_per_phone, key, "kiosk", &id, t, why);
}

/* ---- dates and configuration ---- */

static void test_dates(void)
{
    char out[CFG_DAY_MAX];
    CHECK_INT_EQ(booking_weekday("2026-12-01"), 1); /* Tuesday */
    CHECK_INT_EQ(booking_weekday("2026-12-06"), 6); /* Sunday */
    CHECK_INT_EQ(booking_weekday("2026-02-30"), -1);
    CHECK(booking_day_add("2026-12-31", 1, out));
    CHECK_STR_EQ(out, "2027-01-01");
    CHECK(booking_day_add("2028-03-01", -1, out));
    CHECK_STR_EQ(out, "2028-02-29");
    CHECK(!booking_day_add("2026-13-01", 1, out));
    CHECK(booking_local_day(now, out));
    CHECK_STR_EQ(out, "2026-12-01");
    /* 23:59:59 is still the same local day, 00:00 the next. */
    CHECK(booking_local_day(at("2026-12-01", 23, 59) + 59, out));
    CHECK_STR_EQ(out, "2026-12-01");
    CHECK(booking_local_day(at("2026-12-02", 0, 0), out));
    CHECK_STR_EQ(out, "2026-12-02");
    CHECK(config_day_valid("2028-02-29"));
    CHECK(!config_day_valid("2027-02-29"));
    CHECK(!config_day_valid("2026-1-01"));
    CHECK(!config_day_valid("2026-12-01x"));
}

static void test_config(void)
{
    unsigned days = 0;
    CfgSlot slots[CFG_MAX_SLOTS];
    int n = 0;
    char out[256];
    CHECK(config_parse_days("mon-fri", &days));
    CHECK_INT_EQ(days, 0x1f);
    CHECK(config_parse_days("tue, thu,sat", &days));
    CHECK_INT_EQ(days, (1 << 1) | (1 << 3) | (1 << 5));
    config_days_format(days, out, sizeof out);
    CHECK_STR_EQ(out, "tue,thu,sat");
    config_days_format(0x1f | (1 << 6), out, sizeof out);
    CHECK_STR_EQ(out, "mon-fri,sun");
    CHECK(!config_parse_days("fri-mon", &days));
    CHECK(!config_parse_days("funday", &days));

    CHECK(config_parse_slots("13:30-17:00/12, 08:30-11:30/10", slots, CFG_MAX_SLOTS, &n));
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(slots[0].start, 8 * 60 + 30);
    CHECK_INT_EQ(slots[1].capacity, 12);
    config_slots_format(slots, n, out, sizeof out);
    CHECK_STR_EQ(out, "08:30-11:30/10,13:30-17:00/12");
    CHECK(!config_parse_slots("09:00-10:00/2,09:30-11:00/2", slots, CFG_MAX_SLOTS, &n));
    CHECK(!config_parse_slots("10:00-09:00/2", slots, CFG_MAX_SLOTS, &n));
    CHECK(!config_parse_slots("9:00-10:00/2", slots, CFG_MAX_SLOTS, &n));
    CHECK(!config_parse_slots("09:00-10:00", slots, CFG_MAX_SLOTS, &n));
    CHECK(!config_parse_slots("09:00-25:00/1", slots, CFG_MAX_SLOTS, &n));

    /* The built-in services are the five of a station, each its letter. */
    CHECK_INT_EQ(cfg.service_count, 5);
    const CfgService *escort = config_service(&cfg, "escort");
    CHECK(escort && escort->escort && escort->letter == 'C' && escort->lead_hours == 24);
    const CfgService *daycare = config_service(&cfg, "daycare");
    CHECK(daycare && daycare->letter == 'B' && daycare->slot_count == 2 && daycare->days == 0x1f);
    CHECK(config_service(&cfg, "homevisit") && config_service(&cfg, "counselling") &&
          config_service(&cfg, "meals"));
    CHECK(cfg.hospital_count >= 3 && cfg.department_count >= 5);
    CHECK_INT_EQ(cfg.max_open_per_phone, 3);
}

static void test_config_file(void)
{
    char path[600], err[512];
    Config c;
    snprintf(path, sizeof path, "%s/site.ini", test_dir);
    FILE *f = fopen(path, "w");
    fputs("[booking]\nclosed = 2026-12-25\nclosed_zh = 圣诞休息\nclosed_en = Holiday\n"
          "[service.daycare]\nslots = 09:00-12:00/5\nclosed = 2026-12-03\n"
          "[service.yoga]\nzh = 太极\nen = Tai chi\nletter = G\ndays = sat-sun\n"
          "slots = 07:00-08:00/20\n",
          f);
    fclose(f);
    CHECK_INT_EQ(config_load(&c, path, err, sizeof err), K_OK);
    CHECK_INT_EQ(c.service_count, 6);
    CHECK_INT_EQ(config_service(&c, "daycare")->slot_count, 1);
    CHECK_INT_EQ(config_service(&c, "yoga")->days, (1 << 5) | (1 << 6));
    CHECK_INT_EQ(c.closure_count, 2);
    CHECK_STR_EQ(c.closures[0].service, "*");
    CHECK_STR_EQ(c.closures[0].reason_zh, "圣诞休息");
    CHECK_STR_EQ(c.closures[1].service, "daycare");

    /* Two services with one letter, a bad letter, a service without slots. */
    static const char *const bad[] = {
        "[service.x]\nzh = X\nen = X\nletter = B\nslots = 09:00-10:00/1\n",
        "[service.x]\nzh = X\nen = X\nletter = Q\nslots = 09:00-10:00/1\n",
        "[service.x]\nzh = X\nen = X\nletter = H\n",
        "[service.daycare]\ndays = someday\n",
        "[booking]\nclosed = 2026-02-30\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        f = fopen(path, "w");
        fputs(bad[i], f);
        fclose(f);
        err[0] = '\0';
        CHECK(config_load(&c, path, err, sizeof err) != K_OK);
        CHECK(strstr(err, path) != NULL);
    }
}

/* ---- the rules, without a database ---- */

static CfgService rules_service(void)
{
    CfgService s;
    memset(&s, 0, sizeof s);
    text_copy(s.item.code, sizeof s.item.code, "test");
    s.letter = 'T';
    s.days = 0x1f; /* Monday to Friday */
    s.lead_hours = 24;
    s.horizon_days = 14;
    s.slot_count = 2;
    s.slots[0] = (CfgSlot){9 * 60, 10 * 60, 2};
    s.slots[1] = (CfgSlot){14 * 60, 15 * 60, 2};
    return s;
}

static void test_rules(void)
{
    CfgService s = rules_service();
    DayAvail days[16];
    CHECK(booking_days_init(&s, "2026-11-30", 16, days)); /* Monday .. */
    days[3].closed = true;                                /* Thursday 12-03 */
    days[4].slots[0].taken = 2;                           /* Friday morning full */
    days[4].slots[1].taken = 1;
    days[7].slots[0].taken = 2; /* Monday 12-07: both full */
    days[7].slots[1].taken = 5; /* beyond capacity (lowered later): still full */
    booking_evaluate(&s, now, days, 16);

    CHECK_INT_EQ(days[0].state, AVAIL_STARTED);          /* yesterday */
    CHECK_INT_EQ(days[1].slots[0].state, AVAIL_STARTED); /* today 09:00, now 10:00 */
    CHECK_INT_EQ(days[1].slots[1].state, AVAIL_TOO_SOON);
    CHECK_INT_EQ(days[1].state, AVAIL_TOO_SOON);
    /* Tomorrow 09:00 is 23 h away (lead 24 h); 14:00 is 28 h away. */
    CHECK_INT_EQ(days[2].slots[0].state, AVAIL_TOO_SOON);
    CHECK_INT_EQ(days[2].slots[1].state, AVAIL_OPEN);
    CHECK_INT_EQ(days[2].state, AVAIL_OPEN);
    CHECK_INT_EQ(days[2].places, 2);
    CHECK_INT_EQ(days[3].state, AVAIL_CLOSED);
    CHECK_INT_EQ(days[4].slots[0].state, AVAIL_FULL);
    CHECK_INT_EQ(days[4].state, AVAIL_OPEN);
    CHECK_INT_EQ(days[4].places, 1);
    CHECK_INT_EQ(days[5].state, AVAIL_NOT_OPEN); /* Saturday */
    CHECK_INT_EQ(days[6].state, AVAIL_NOT_OPEN); /* Sunday */
    CHECK_INT_EQ(days[7].state, AVAIL_FULL);
    CHECK_INT_EQ(days[7].places, 0);
    /* Today plus 13 days is the last bookable day: 12-14; 12-15 is beyond. */
    CHECK_STR_EQ(days[14].day, "2026-12-14");
    CHECK_INT_EQ(days[14].state, AVAIL_OPEN);
    CHECK_INT_EQ(days[15].state, AVAIL_BEYOND);

    char day[CFG_DAY_MAX];
    int minute = -1;
    /* After the full Friday morning comes Friday afternoon. */
    CHECK(booking_next_open(days, 16, "2026-12-04", 9 * 60 + 1, day, &minute));
    CHECK_STR_EQ(day, "2026-12-04");
    CHECK_INT_EQ(minute, 14 * 60);
    /* After the full Monday: Tuesday morning. */
    CHECK(booking_next_open(days, 16, "2026-12-07", 0, day, &minute));
    CHECK_STR_EQ(day, "2026-12-08");
    CHECK_INT_EQ(minute, 9 * 60);

    /* Lead time 0: a slot is bookable until it starts, not after. */
    s.lead_hours = 0;
    CHECK(booking_days_init(&s, "2026-12-01", 1, days));
    booking_evaluate(&s, at("2026-12-01", 13, 59), days, 1);
    CHECK_INT_EQ(days[0].slots[1].state, AVAIL_OPEN);
    booking_evaluate(&s, at("2026-12-01", 14, 0), days, 1);
    CHECK_INT_EQ(days[0].slots[1].state, AVAIL_STARTED);
    CHECK_INT_EQ(days[0].state, AVAIL_STARTED);

    CHECK(booking_transition_ok(BOOKING_BOOKED, BOOKING_CANCELLED));
    CHECK_INT_EQ(booking_state_of(BOOKING_BOOKED), BOOKING_STATE_BOOKED);
    CHECK_INT_EQ(booking_state_of(BOOKING_CHECKED_IN), BOOKING_STATE_CHECKED_IN);
    CHECK_INT_EQ(booking_state_of(BOOKING_COMPLETED), BOOKING_STATE_COMPLETED);
    CHECK_INT_EQ(booking_state_of(BOOKING_CANCELLED), BOOKING_STATE_CANCELLED);
    CHECK_INT_EQ(booking_state_of(BOOKING_NO_SHOW), BOOKING_STATE_NO_SHOW);
    CHECK_INT_EQ(booking_state_of("Booked"), BOOKING_STATE_UNKNOWN);
    CHECK_INT_EQ(booking_state_of(""), BOOKING_STATE_UNKNOWN);
    CHECK_INT_EQ(booking_state_of(NULL), BOOKING_STATE_UNKNOWN);
    CHECK(booking_transition_ok(BOOKING_BOOKED, BOOKING_CHECKED_IN));
    CHECK(booking_transition_ok(BOOKING_CHECKED_IN, BOOKING_COMPLETED));
    CHECK(!booking_transition_ok(BOOKING_CANCELLED, BOOKING_BOOKED));
    CHECK(!booking_transition_ok(BOOKING_CHECKED_IN, BOOKING_CANCELLED));
    CHECK(!booking_transition_ok(BOOKING_NO_SHOW, BOOKING_CHECKED_IN));
}

static void test_draft_check(void)
{
    BookingDraft d;
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13812345678");
    CHECK_INT_EQ(booking_draft_check(&d, true), BDRAFT_OK);
    d.age = 0;
    CHECK_INT_EQ(booking_draft_check(&d, true), BDRAFT_BAD_AGE);
    d.age = 121;
    CHECK_INT_EQ(booking_draft_check(&d, true), BDRAFT_BAD_AGE);
    d.age = 80;
    d.pickup = PICKUP_HOME;
    CHECK_INT_EQ(booking_draft_check(&d, true), BDRAFT_NO_PICKUP);
    text_copy(d.building, sizeof d.building, "3栋");
    CHECK_INT_EQ(booking_draft_check(&d, true), BDRAFT_OK);
    d.hospital[0] = '\0';
    CHECK_INT_EQ(booking_draft_check(&d, true), BDRAFT_NO_HOSPITAL);
    CHECK_INT_EQ(booking_draft_check(&d, false), BDRAFT_OK);
    text_copy(d.phone, sizeof d.phone, "1234");
    CHECK_INT_EQ(booking_draft_check(&d, false), BDRAFT_BAD_PHONE);
    draft_for(&d, "daycare", "2026-02-30", 9, 0, "13812345678");
    CHECK_INT_EQ(booking_draft_check(&d, false), BDRAFT_NO_SLOT);
    draft_for(&d, "daycare", "2026-12-03", 9, 0, "13812345678");
    memset(d.name, 'x', sizeof d.name); /* unterminated */
    CHECK_INT_EQ(booking_draft_check(&d, false), BDRAFT_BAD_TEXT);
    draft_for(&d, "daycare", "2026-12-03", 9, 0, "13812345678");
    d.name[0] = (char)0xff;
    CHECK_INT_EQ(booking_draft_check(&d, false), BDRAFT_BAD_TEXT);
}

/* ---- the store ---- */

static void test_seed_and_services(void)
{
    char path[600];
    new_db_path(path, sizeof path);
    Store *s = open_seeded(path);
    if (!s)
        return;
    CfgService list[CFG_MAX_SERVICES];
    int n = 0, added = -1;
    CHECK_INT_EQ(store_list_services(s, true, list, CFG_MAX_SERVICES, &n), K_OK);
    CHECK_INT_EQ(n, 5);
    CHECK_STR_EQ(list[0].item.code, "daycare");
    CHECK_STR_EQ(list[1].item.code, "escort");
    CHECK_INT_EQ(list[1].slot_count, 5);

    /* Staff change a service; seeding again leaves the change alone. */
    CfgService v = list[0];
    v.slots[0].capacity = 1;
    v.lead_hours = 0;
    CHECK_INT_EQ(store_change_service(s, &v, now, "admin"), K_OK);
    CHECK_INT_EQ(store_seed_services(s, &cfg, now, &added), K_OK);
    CHECK_INT_EQ(added, 0);
    CfgService got;
    CHECK_INT_EQ(store_get_service(s, "daycare", &got), K_OK);
    CHECK_INT_EQ(got.slots[0].capacity, 1);
    CHECK_INT_EQ(got.lead_hours, 0);

    /* Adding: a taken letter and a taken code are refused with a reason. */
    CfgService nv = list[0];
    text_copy(nv.item.code, sizeof nv.item.code, "taichi");
    CHECK_INT_EQ(store_add_service(s, &nv, now, "admin"), K_ERR_EXISTS);
    CHECK(strstr(store_errmsg(s), "letter B") != NULL);
    nv.letter = 'G';
    CHECK_INT_EQ(store_add_service(s, &nv, now, "admin"), K_OK);
    CHECK_INT_EQ(store_add_service(s, &nv, now, "admin"), K_ERR_EXISTS);
    nv.slots[1].start = nv.slots[0].start; /* overlapping */
    CHECK_INT_EQ(store_change_service(s, &nv, now, "admin"), K_ERR_INVALID);
    nv = list[0];
    text_copy(nv.item.code, sizeof nv.item.code, "nosuch");
    nv.letter = 'H'; /* activities' tickets */
    CHECK_INT_EQ(store_add_service(s, &nv, now, "admin"), K_ERR_INVALID);
    nv.letter = 'V'; /* volunteers' cards */
    CHECK_INT_EQ(store_add_service(s, &nv, now, "admin"), K_ERR_INVALID);
    nv.letter = 'J';
    CHECK_INT_EQ(store_change_service(s, &nv, now, "admin"), K_ERR_NOT_FOUND);
    nv.active = false;
    CHECK_INT_EQ(store_add_service(s, &nv, now, "admin"), K_OK);
    CHECK_INT_EQ(store_list_services(s, true, list, CFG_MAX_SERVICES, &n), K_OK);
    CHECK_INT_EQ(n, 6); /* the inactive one is not offered */
    CHECK_INT_EQ(store_list_services(s, false, list, CFG_MAX_SERVICES, &n), K_OK);
    CHECK_INT_EQ(n, 7);

    /* A configuration whose new service wants a letter staff already gave
     * away: skipped with a note, the rest still seeded. */
    static Config c2;
    c2 = cfg;
    CfgService *extra = &c2.services[c2.service_count++];
    *extra = cfg.services[0];
    text_copy(extra->item.code, sizeof extra->item.code, "yoga");
    extra->letter = 'G'; /* taichi has it */
    text_copy(c2.closures[0].service, sizeof c2.closures[0].service, "*");
    text_copy(c2.closures[0].day, sizeof c2.closures[0].day, "2026-12-25");
    c2.closure_count = 1;
    CHECK_INT_EQ(store_seed_services(s, &c2, now, &added), K_OK);
    CHECK_INT_EQ(added, 0);
    CHECK(strstr(store_errmsg(s), "yoga") != NULL);
    CHECK_INT_EQ(store_get_service(s, "yoga", &got), K_ERR_NOT_FOUND);

    /* The configuration's closed day is seeded once: reopened by staff, it
     * stays open when the kiosk starts again. */
    DayAvail day;
    CHECK_INT_EQ(store_availability(s, &list[0], "2026-12-25", 1, now, &day), K_OK);
    CHECK(day.closed);
    CHECK_INT_EQ(store_reopen_day(s, "*", "2026-12-25", now, "admin"), K_OK);
    CHECK_INT_EQ(store_seed_services(s, &c2, now, &added), K_OK);
    CHECK_INT_EQ(store_availability(s, &list[0], "2026-12-25", 1, now, &day), K_OK);
    CHECK(!day.closed);
    store_close(s);
}

static void test_book_and_refusals(void)
{
    char path[600];
    new_db_path(path, sizeof path);
    Store *s = open_seeded(path);
    if (!s)
        return;
    BookingDraft d;
    Ticket t, t2;
    BookRefusal why;
    int64_t id = 0;

    /* Escort on Thursday 09:00: more than 24 h ahead. */
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13812345678");
    CHECK_INT_EQ(book(s, &d, now, &t, &why), K_OK);
    CHECK_STR_EQ(t.number, "C001");
    CHECK_INT_EQ(t.kind, 'C');
    CHECK_INT_EQ(t.due_at, at("2026-12-03", 10, 0));
    char site[TICKET_SITE_MAX], kind = 0;
    int64_t tid = 0;
    CHECK_INT_EQ(ticket_verify(key, t.payload, "SW01", site, &kind, &tid), K_OK);
    CHECK_INT_EQ(tid, t.id);
    BookingRecord b;
    CHECK_INT_EQ(store_get_booking_of_ticket(s, t.id, &b), K_OK);
    CHECK_STR_EQ(b.status, BOOKING_BOOKED);
    CHECK_STR_EQ(b.draft.hospital, "people");
    CHECK_INT_EQ(b.draft.needs, NEED_WHEELCHAIR);
    CHECK_INT_EQ(b.starts_at, at("2026-12-03", 9, 0));
    CHECK_STR_EQ(b.ticket.number, "C001");

    /* The same draft again (a double tap): the same ticket, nothing new. */
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_OK);
    CHECK_INT_EQ(t2.id, t.id);

    /* The same phone in the same slot with a new draft: refused. */
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13812345678");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.kind, REFUSE_PHONE_SLOT);
    CHECK_STR_EQ(store_refusal_name(&why), "phone_slot");

    /* Another phone takes the second and last place; a third is told the
     * slot is full and offered the next one, 10:00 the same day. */
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13900000001");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_OK);
    CHECK_STR_EQ(t2.number, "C002");
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13900000002");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.kind, REFUSE_SLOT);
    CHECK_INT_EQ(why.slot, AVAIL_FULL);
    CHECK_STR_EQ(why.next_day, "2026-12-03");
    CHECK_INT_EQ(why.next_slot, 10 * 60);

    /* Lead time: tomorrow 09:00 is 23 hours away; 10:00 is exactly 24. */
    draft_for(&d, "escort", "2026-12-02", 9, 0, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.slot, AVAIL_TOO_SOON);
    CHECK_STR_EQ(why.next_day, "2026-12-02");
    CHECK_INT_EQ(why.next_slot, 10 * 60);
    /* Closed weekday, horizon, a slot that does not exist, a started one. */
    draft_for(&d, "escort", "2026-12-05", 9, 0, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.slot, AVAIL_NOT_OPEN);
    CHECK_STR_EQ(why.next_day, "2026-12-07");
    draft_for(&d, "escort", "2026-12-15", 9, 0, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.slot, AVAIL_BEYOND);
    CHECK_INT_EQ(why.next_slot, -1);
    draft_for(&d, "escort", "2026-12-03", 9, 30, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.slot, AVAIL_NO_SLOT);
    draft_for(&d, "daycare", "2026-12-01", 8, 30, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.slot, AVAIL_STARTED);
    /* A closed date, the station's or the service's own. */
    CHECK_INT_EQ(store_close_day(s, "*", "2026-12-04", "消防检查", "Fire inspection", now, "admin"),
                 K_OK);
    draft_for(&d, "daycare", "2026-12-04", 8, 30, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.slot, AVAIL_CLOSED);
    DayAvail days[3];
    const CfgService *dc = config_service(&cfg, "daycare");
    CHECK_INT_EQ(store_availability(s, dc, "2026-12-03", 3, now, days), K_OK);
    CHECK_INT_EQ(days[1].state, AVAIL_CLOSED);
    CHECK_STR_EQ(days[1].reason_zh, "消防检查");
    CHECK_INT_EQ(days[0].state, AVAIL_OPEN);
    CHECK_INT_EQ(days[0].places, 24);
    CHECK_INT_EQ(store_reopen_day(s, "*", "2026-12-04", now, "admin"), K_OK);
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_OK);
    CHECK_STR_EQ(t2.number, "B001");
    CHECK_INT_EQ(store_reopen_day(s, "*", "2026-12-04", now, "admin"), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_close_day(s, "nosuch", "2026-12-04", "x", "x", now, "admin"),
                 K_ERR_NOT_FOUND);
    CHECK_INT_EQ(store_close_day(s, "*", "2026-13-04", "x", "x", now, "admin"), K_ERR_INVALID);

    /* No such service; bad drafts say which field. */
    draft_for(&d, "karaoke", "2026-12-03", 9, 0, "13900000003");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_REFUSED);
    CHECK_INT_EQ(why.kind, REFUSE_NO_SERVICE);
    draft_for(&d, "escort", "2026-12-03", 10, 0, "13900000003");
    d.hospital[0] = '\0';
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "hospital") != NULL);

    /* Per-phone limit: three open bookings, the fourth is refused. */
    static const int hours[] = {8, 9, 10, 13};
    int ok = 0;
    for (int i = 0; i < 4; i++) {
        draft_for(&d, "escort", "2026-12-07", hours[i], hours[i] == 13 ? 30 : 0, "13700000000");
        KResult r = book(s, &d, now, &t2, &why);
        if (r == K_OK)
            ok++;
        else {
            CHECK_INT_EQ(r, K_ERR_REFUSED);
            CHECK_INT_EQ(why.kind, REFUSE_PHONE_LIMIT);
            CHECK_INT_EQ(why.open_bookings, 3);
        }
    }
    CHECK_INT_EQ(ok, 3);
    CHECK_INT_EQ(store_book(s, &d, "SW01", now, 3, key, "kiosk", &id, &t2, &why), K_ERR_REFUSED);
    store_close(s);
}

static void test_cancel_and_states(void)
{
    char path[600];
    new_db_path(path, sizeof path);
    Store *s = open_seeded(path);
    if (!s)
        return;
    BookingDraft d;
    Ticket t, t2;
    BookRefusal why;
    BookingRecord b;
    const CfgService *esc = config_service(&cfg, "escort");
    DayAvail day;

    draft_for(&d, "escort", "2026-12-03", 9, 0, "13812345678");
    CHECK_INT_EQ(book(s, &d, now, &t, &why), K_OK);
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13900000001");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_OK);
    CHECK_INT_EQ(store_availability(s, esc, "2026-12-03", 1, now, &day), K_OK);
    CHECK_INT_EQ(day.slots[1].state, AVAIL_FULL);

    CHECK_INT_EQ(store_get_booking_of_ticket(s, t.id, &b), K_OK);
    /* Cancelling needs a reason; then the place is back at once. */
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CANCELLED, "kiosk", "", now),
                 K_ERR_INVALID);
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CANCELLED, "kiosk", "身体不适", now),
                 K_OK);
    CHECK_INT_EQ(store_availability(s, esc, "2026-12-03", 1, now, &day), K_OK);
    CHECK_INT_EQ(day.slots[1].state, AVAIL_OPEN);
    CHECK_INT_EQ(day.slots[1].taken, 1);
    draft_for(&d, "escort", "2026-12-03", 9, 0, "13900000002");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_OK);
    /* A cancelled booking stays cancelled, with a message saying since when. */
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CANCELLED, "kiosk", "x", now),
                 K_ERR_REFUSED);
    CHECK(strstr(store_errmsg(s), "already cancelled") != NULL);
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CHECKED_IN, "admin", NULL, now),
                 K_ERR_REFUSED);

    /* Check-in only from two hours before the slot; twice says when. */
    CHECK_INT_EQ(store_get_booking_of_ticket(s, t2.id, &b), K_OK);
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CHECKED_IN, "admin", NULL, now),
                 K_ERR_REFUSED);
    int64_t morning = at("2026-12-03", 8, 40);
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CHECKED_IN, "admin", NULL, morning),
                 K_OK);
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_CHECKED_IN, "admin", NULL, morning + 60),
                 K_ERR_REFUSED);
    CHECK(strstr(store_errmsg(s), "2026-12-03 08:40") != NULL);
    CHECK_INT_EQ(store_booking_set_status(s, b.id, BOOKING_COMPLETED, "admin", NULL, morning + 60),
                 K_OK);

    /* A resident cannot cancel after the start; staff can until the end. */
    draft_for(&d, "escort", "2026-12-03", 10, 0, "13900000004");
    CHECK_INT_EQ(book(s, &d, now, &t2, &why), K_OK);
    CHECK_INT_EQ(store_get_booking_of_ticket(s, t2.id, &b), K_OK);
    CHECK_INT_EQ(
        store_booking_set_status(s, b.id, BOOKING_CANCELLED, "kiosk", "x", at("2026-12-03", 10, 5)),
        K_ERR_REFUSED);
    CHECK_INT_EQ(
        store_booking_set_status(s, b.id, BOOKING_NO_SHOW, "admin", NULL, at("2026-12-03", 10, 5)),
        K_ERR_REFUSED); /* not before the end */

    /* The sweep marks what ended unchecked, and only that: at 10:30 the
     * 09:00 booking of 13900000002 (never checked in), not the 10:00 one. */
    int swept = -1;
    CHECK_INT_EQ(store_sweep_no_shows(s, at("2026-12-03", 10, 30), "admin", &swept), K_OK);
    CHECK_INT_EQ(swept, 1);
    CHECK_INT_EQ(store_get_booking(s, b.id, &b), K_OK);
    CHECK_STR_EQ(b.status, BOOKING_BOOKED);
    CHECK_INT_EQ(store_sweep_no_shows(s, at("2026-12-03", 11, 0), "admin", &swept), K_OK);
    CHECK_INT_EQ(swept, 1);
    CHECK_INT_EQ(store_get_booking(s, b.id, &b), K_OK);
    CHECK_STR_EQ(b.status, BOOKING_NO_SHOW);

    /* Every change is in the event log with who made it, without the phone
     * number. */
    long long events = 0;
    char q[512];
    snprintf(q, sizeof q, "%s", "SELECT count(*) FROM events WHERE kind LIKE 'booking_%'");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        events = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* 4 created, 1 cancelled, 1 checked in, 1 completed, 2 no-shows */
    CHECK_INT_EQ(events, 9);
    long long leaks = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE detail LIKE '%1381234%'", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        leaks = sqlite3_column_int64(st, 0);
    CHECK_INT_EQ(leaks, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    store_close(s);
}

/* The trigger holds even against SQL typed by hand. */
static void test_capacity_trigger(void)
{
    char path[600];
    new_db_path(path, sizeof path);
    Store *s = open_seeded(path);
    if (!s)
        return;
    store_close(s);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    const char *ins = "INSERT INTO bookings (site, token, service, day, slot, starts_at, ends_at,"
                      " phone, age, status, created_at, updated_at) VALUES ('SW01', ?1,"
                      " 'counselling', '2026-12-03', 540, 0, 0, '13800000000', 70, 'booked', 0, 0)";
    int rcs[2];
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        char token[8];
        snprintf(token, sizeof token, "t%d", i);
        sqlite3_prepare_v2(db, ins, -1, &st, NULL);
        sqlite3_bind_text(st, 1, token, -1, SQLITE_TRANSIENT);
        rcs[i] = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    CHECK_INT_EQ(rcs[0], SQLITE_DONE);
    CHECK_INT_EQ(rcs[1], SQLITE_CONSTRAINT); /* counselling has one place */
    CHECK_INT_EQ(sqlite3_exec(db, "UPDATE bookings SET status = 'cancelled'", NULL, NULL, NULL),
                 SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE bookings SET status = 'booked'", NULL, NULL, NULL) != SQLITE_OK);
    sqlite3_close(db);
}

/* A kiosk at schema 1 with requests in it opens with this build: the
 * requests stay, the booking tables appear. */
static void test_migration_from_v1(void)
{
    char path[600], err[320];
    new_db_path(path, sizeof path);
    sqlite3 *db = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(db, store_schema_step(1), NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(db,
                              "PRAGMA user_version = 1;"
                              "INSERT INTO requests (site, token, category, issue, phone, status,"
                              " created_at, due_at) VALUES ('SW01', 'tok', 'elder', 'meals',"
                              " '13812345678', 'submitted', 1, 2);"
                              "INSERT INTO tickets (site, kind, day, seq, number, lookup,"
                              " request_id, created_at) VALUES ('SW01', 'A', '2026-11-30', 1,"
                              " 'A001', 'ACDEFGHJ', 1, 1);",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
    Store *s = NULL;
    CHECK_INT_EQ(store_open(path, &s, err, sizeof err), K_OK);
    if (!s)
        return;
    RequestRecord r;
    CHECK_INT_EQ(store_get_request(s, 1, &r), K_OK);
    CHECK_STR_EQ(r.ticket.number, "A001");
    CHECK_INT_EQ(store_seed_services(s, &cfg, now, NULL), K_OK);
    BookingDraft d;
    Ticket t;
    BookRefusal why;
    draft_for(&d, "daycare", "2026-12-03", 8, 30, "13812345678");
    CHECK_INT_EQ(book(s, &d, now, &t, &why), K_OK);
    store_close(s);
}

/* ---- capacity under concurrency ---- */

#define RACERS 10

/* Each racer opens its own connection (as a separate kiosk would) and books
 * the last places of one slot, all released at the same moment. */
static void race_once(const char *path, int capacity, int round)
{
    int pipes[2];
    pid_t pids[RACERS];
    CHECK_INT_EQ(pipe(pipes), 0);
    for (int i = 0; i < RACERS; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            char err[320], phone[16], go;
            Store *s = NULL;
            BookingDraft d;
            Ticket t;
            BookRefusal why;
            int64_t id = 0;
            close(pipes[1]);
            if (store_open(path, &s, err, sizeof err) != K_OK)
                _exit(3);
            snprintf(phone, sizeof phone, "1390%03d%04d", round, i);
            draft_for(&d, "counselling", "2026-12-03", 14, 0, phone);
            if (read(pipes[0], &go, 1) < 0) /* wait for the start */
                _exit(3);
            KResult r = store_book(s, &d, "SW01", now, 3, key, "kiosk", &id, &t, &why);
            store_close(s);
            if (r == K_OK)
                _exit(0);
            if (r == K_ERR_REFUSED && why.kind == REFUSE_SLOT && why.slot == AVAIL_FULL &&
                strcmp(why.next_day, "2026-12-03") == 0 && why.next_slot == 15 * 60)
                _exit(1);
            _exit(2); /* anything else is a failure of the test */
        }
    }
    close(pipes[0]);
    close(pipes[1]); /* EOF releases every racer at once */
    int won = 0, full = 0, other = 0;
    for (int i = 0; i < RACERS; i++) {
        int status = 0;
        waitpid(pids[i], &status, 0);
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 9;
        won += code == 0;
        full += code == 1;
        other += code > 1;
    }
    CHECK_INT_EQ(won, capacity);
    CHECK_INT_EQ(full, RACERS - capacity);
    CHECK_INT_EQ(other, 0);
}

static void test_concurrency(void)
{
    for (int round = 0; round < 5; round++) {
        char path[600];
        new_db_path(path, sizeof path);
        Store *s = open_seeded(path);
        if (!s)
            return;
        /* Counselling at 14:00 gets `capacity` places; 15:00 stays free. */
        CfgService v;
        int capacity = 1 + round % 3;
        CHECK_INT_EQ(store_get_service(s, "counselling", &v), K_OK);
        v.slots[2].capacity = capacity;
        CHECK_INT_EQ(store_change_service(s, &v, now, "admin"), K_OK);
        store_close(s);
        race_once(path, capacity, round);

        /* Never overbooked, and every winner's booking is there. */
        s = open_seeded(path);
        DayAvail day;
        CHECK_INT_EQ(store_availability(s, &v, "2026-12-03", 1, now, &day), K_OK);
        CHECK_INT_EQ(day.slots[2].taken, capacity);
        store_close(s);
    }
}

static void rm_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
    char err[256];
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    if (sodium_init() < 0)
        return 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/kiosk-booking-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(test_dir))
        return 1;
    if (config_load(&cfg, NULL, err, sizeof err) != K_OK) {
        fprintf(stderr, "config: %s\n", err);
        return 1;
    }
    CHECK(booking_time("2026-12-01", 10 * 60, &now));

    test_dates();
    test_config();
    test_config_file();
    test_rules();
    test_draft_check();
    test_seed_and_services();
    test_book_and_refusals();
    test_cancel_and_states();
    test_capacity_trigger();
    test_migration_from_v1();
    test_concurrency();
    rm_tree(test_dir);
    return CHECK_DONE();
}
