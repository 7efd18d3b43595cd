/* admin_activities.c - `activities add|list|show|change|cancel|signups|
 * cancel-signup|signup|checkin|release|sweep`: community activities (issue
 * 20).  The rules (seats, the waiting list and its promotion, series) are
 * the store's (store_activity.h); this file parses and prints. */
#include "admin_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/outfile.h"
#include "kiosk/phone.h"
#include "kiosk/report.h"
#include "kiosk/store_activity.h"
#include "kiosk/text.h"

#define LIST_MAX 500
#define SIGNUPS_MAX 2000

/* "YYYY-MM-DD HH:MM" (or with T) as unix seconds. */
static bool parse_when(const char *s, int64_t *out)
{
    char day[11];
    int minute = 0;
    if (!s || strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T'))
        return false;
    memcpy(day, s, 10);
    day[10] = '\0';
    return admin_parse_hhmm(s + 11, &minute) && booking_time(day, minute, out);
}

/* "HH:MM-HH:MM" into start and end minutes ("24:00" ends a day). */
static bool parse_span(const char *s, int *start, int *end)
{
    char a[6], b[6];
    if (!s || strlen(s) != 11 || s[5] != '-')
        return false;
    memcpy(a, s, 5);
    a[5] = '\0';
    memcpy(b, s + 6, 5);
    b[5] = '\0';
    if (!admin_parse_hhmm(a, start))
        return false;
    if (strcmp(b, "24:00") == 0) {
        *end = 1440;
        return true;
    }
    return admin_parse_hhmm(b, end);
}

/* The options of add and change, applied to a (given ones only). */
static int take_fields(int *argc, const char **argv, Activity *a)
{
    static const struct {
        const char *opt;
        size_t off, cap;
    } texts[] = {
        {"--zh", offsetof(Activity, title_zh), ACT_TITLE_MAX},
        {"--en", offsetof(Activity, title_en), ACT_TITLE_MAX},
        {"--desc-zh", offsetof(Activity, desc_zh), ACT_TEXT_MAX},
        {"--desc-en", offsetof(Activity, desc_en), ACT_TEXT_MAX},
        {"--place-zh", offsetof(Activity, place_zh), ACT_PLACE_MAX},
        {"--place-en", offsetof(Activity, place_en), ACT_PLACE_MAX},
        {"--bring-zh", offsetof(Activity, bring_zh), ACT_TEXT_MAX},
        {"--bring-en", offsetof(Activity, bring_en), ACT_TEXT_MAX},
        {"--audience", offsetof(Activity, audience), sizeof a->audience},
        {"--day", offsetof(Activity, day), sizeof a->day},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *v = admin_take_option(argc, argv, texts[i].opt);
        if (v && !admin_set_text((char *)a + texts[i].off, texts[i].cap, v))
            return admin_usage_error("too long or not UTF-8", texts[i].opt);
    }
    const char *v = admin_take_option(argc, argv, "--time");
    if (v && !parse_span(v, &a->start_min, &a->end_min))
        return admin_usage_error("--time is HH:MM-HH:MM", v);
    static const struct {
        const char *opt;
        size_t off;
        int lo, hi;
    } ints[] = {
        {"--seats", offsetof(Activity, seats), 1, ACT_SEATS_MAX},
        {"--per-signup", offsetof(Activity, per_signup), 1, ACT_PEOPLE_MAX},
        {"--per-phone", offsetof(Activity, per_phone), 1, ACT_SEATS_MAX},
        {"--cancel-before", offsetof(Activity, cancel_before_min), 0, 20160},
    };
    bool per_phone = false, per_signup = false;
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        v = admin_take_option(argc, argv, ints[i].opt);
        if (v && !admin_parse_int(v, ints[i].lo, ints[i].hi, (int *)((char *)a + ints[i].off)))
            return admin_usage_error("a number out of range for", ints[i].opt);
        if (v && i == 1)
            per_signup = true;
        if (v && i == 2)
            per_phone = true;
    }
    /* seats per phone follow the people per sign-up unless given */
    if (per_signup && !per_phone && a->per_phone < a->per_signup)
        a->per_phone = a->per_signup;
    v = admin_take_option(argc, argv, "--waitlist");
    if (v && !admin_parse_yes_no(v, &a->waitlist))
        return admin_usage_error("--waitlist is yes or no", v);
    v = admin_take_option(argc, argv, "--opens");
    if (v && !parse_when(v, &a->opens_at))
        return admin_usage_error("--opens is \"YYYY-MM-DD HH:MM\"", v);
    v = admin_take_option(argc, argv, "--closes");
    if (v && !parse_when(v, &a->closes_at))
        return admin_usage_error("--closes is \"YYYY-MM-DD HH:MM\"", v);
    return K_EXIT_OK;
}

static void hhmm_span(const Activity *a, char *out, size_t cap)
{
    char s[8], e[8];
    admin_hhmm(a->start_min, s);
    if (a->end_min >= 1440)
        text_copy(e, sizeof e, "24:00");
    else
        admin_hhmm(a->end_min, e);
    snprintf(out, cap, "%s-%s", s, e);
}

static void print_activity_json(const Activity *a)
{
    char span[16], t[40];
    hhmm_span(a, span, sizeof span);
    printf("{\"id\":%lld", (long long)a->id);
    if (a->series_id)
        printf(",\"series\":%lld", (long long)a->series_id);
    else
        printf(",\"series\":null");
    admin_json_str("code", a->code, true);
    admin_json_str("title_zh", a->title_zh, true);
    admin_json_str("title_en", a->title_en, true);
    admin_json_str("desc_zh", a->desc_zh, true);
    admin_json_str("desc_en", a->desc_en, true);
    admin_json_str("place_zh", a->place_zh, true);
    admin_json_str("place_en", a->place_en, true);
    admin_json_str("bring_zh", a->bring_zh, true);
    admin_json_str("bring_en", a->bring_en, true);
    admin_json_str("audience", a->audience, true);
    admin_json_str("day", a->day, true);
    admin_json_str("time", span, true);
    printf(",\"seats\":%d,\"taken\":%d,\"left\":%d,\"waiting\":%d,\"per_signup\":%d,"
           "\"per_phone\":%d,\"cancel_before\":%d,\"waitlist\":%s,\"cancelled\":%s",
           a->seats, a->taken, a->seats - a->taken, a->waiting, a->per_signup, a->per_phone,
           a->cancel_before_min, a->waitlist ? "true" : "false", a->cancelled ? "true" : "false");
    if (a->opens_at) {
        admin_iso_time(a->opens_at, t, sizeof t);
        admin_json_str("opens", t, true);
    }
    if (a->closes_at) {
        admin_iso_time(a->closes_at, t, sizeof t);
        admin_json_str("closes", t, true);
    }
    printf("}");
}

static void print_activity_line(const Activity *a)
{
    char span[16];
    hhmm_span(a, span, sizeof span);
    printf("%-6lld %-10s %s %-11s %-8s %3d/%-3d wait %-3d %s%s\n", (long long)a->id, a->code,
           a->day, span, a->audience, a->taken, a->seats, a->waiting, a->title_zh,
           a->cancelled ? "  (cancelled)" : "");
}

int cmd_activities_add(Admin *ad, int argc, const char **argv)
{
    Activity a;
    memset(&a, 0, sizeof a);
    a.seats = 0;
    a.per_signup = 1;
    a.per_phone = 1;
    a.waitlist = true;
    text_copy(a.audience, sizeof a.audience, ACT_AUD_ALL);
    a.start_min = a.end_min = -1;
    const char *repeat = admin_take_option(&argc, argv, "--repeat");
    const char *until = admin_take_option(&argc, argv, "--until");
    int rc = take_fields(&argc, argv, &a);
    if (rc)
        return rc;
    rc = admin_check_rest(argc, argv, 1,
                          "usage: activities add CODE --zh T --en T --day YYYY-MM-DD "
                          "--time HH:MM-HH:MM --seats N [...]");
    if (rc)
        return rc;
    if (!admin_set_text(a.code, sizeof a.code, argv[0]))
        return admin_usage_error("the code is too long", argv[0]);
    if (!a.title_zh[0] || !a.day[0] || a.start_min < 0 || !a.seats)
        return admin_usage_error("activities add needs --zh, --day, --time and --seats", NULL);
    if ((repeat != NULL) != (until != NULL))
        return admin_usage_error("--repeat and --until go together", NULL);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    int64_t ids[ACT_SERIES_MAX];
    int n = 0;
    KResult k = store_activity_add(ad->store, &a, repeat, until, "admin", admin_now(), ids,
                                   ACT_SERIES_MAX, &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"ids\":[");
        for (int i = 0; i < n; i++)
            printf("%s%lld", i ? "," : "", (long long)ids[i]);
        printf("]}\n");
    } else {
        for (int i = 0; i < n; i++)
            printf("%lld\n", (long long)ids[i]);
    }
    return K_EXIT_OK;
}

int cmd_activities_list(Admin *ad, int argc, const char **argv)
{
    const char *from = admin_take_option(&argc, argv, "--from");
    const char *to = admin_take_option(&argc, argv, "--to");
    const char *audience = admin_take_option(&argc, argv, "--audience");
    int rc = admin_check_rest(argc, argv, 0,
                              "usage: activities list [--from DATE] [--to DATE] [--audience A]");
    if (rc)
        return rc;
    char today[CFG_DAY_MAX], last[CFG_DAY_MAX];
    if (!booking_local_day(admin_now(), today) || !booking_day_add(today, 27, last))
        return admin_usage_error("the clock's date is not usable", NULL);
    int64_t t;
    if (from && (strlen(from) != 10 || !booking_time(from, 0, &t)))
        return admin_usage_error("--from is YYYY-MM-DD", from);
    if (to && (strlen(to) != 10 || !booking_time(to, 0, &t)))
        return admin_usage_error("--to is YYYY-MM-DD", to);
    if (audience && !store_activity_audience_ok(audience))
        return admin_usage_error("--audience is elder, youth, children or all", audience);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    static Activity rows[LIST_MAX];
    int n = 0;
    KResult k = store_activity_list(ad->store, from ? from : today, to ? to : last, audience, true,
                                    rows, LIST_MAX, &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"activities\":[");
        for (int i = 0; i < n; i++) {
            if (i)
                printf(",");
            print_activity_json(&rows[i]);
        }
        printf("]}\n");
    } else {
        for (int i = 0; i < n; i++)
            print_activity_line(&rows[i]);
        if (n == 0)
            printf("no activities\n");
    }
    return K_EXIT_OK;
}

static int not_found(Admin *ad, KResult k)
{
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_CHECK;
    }
    return admin_store_failure(ad, k);
}

int cmd_activities_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: activities show ID", "not an activity id", &id);
    if (rc)
        return rc;
    Activity a;
    KResult k = store_activity_get(ad->store, id, &a);
    if (k != K_OK)
        return not_found(ad, k);
    if (ad->json) {
        print_activity_json(&a);
        printf("\n");
        return K_EXIT_OK;
    }
    char span[16];
    hhmm_span(&a, span, sizeof span);
    printf("activity %lld (%s)%s\n", (long long)a.id, a.code, a.cancelled ? "  CANCELLED" : "");
    printf("  %s / %s\n", a.title_zh, a.title_en);
    printf("  %s %s  %s / %s  for %s\n", a.day, span, a.place_zh, a.place_en, a.audience);
    printf("  seats %d, taken %d, waiting %d; %d per sign-up, %d per phone; waiting list %s\n",
           a.seats, a.taken, a.waiting, a.per_signup, a.per_phone, a.waitlist ? "yes" : "no");
    if (a.series_id)
        printf("  series %lld\n", (long long)a.series_id);
    AdminListCtx ctx = {ad, 0};
    admin_print_timeline(ad, "activity", a.id, &ctx);
    return K_EXIT_OK;
}

int cmd_activities_change(Admin *ad, int argc, const char **argv)
{
    if (argc < 1)
        return admin_usage_error("usage: activities change ID [the options of add]", NULL);
    int64_t id;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not an activity id", argv[0]);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    Activity a;
    KResult k = store_activity_get(ad->store, id, &a);
    if (k != K_OK)
        return not_found(ad, k);
    argc--;
    argv++;
    rc = take_fields(&argc, argv, &a);
    if (rc)
        return rc;
    rc = admin_check_rest(argc, argv, 0, "usage: activities change ID [the options of add]");
    if (rc)
        return rc;
    ActPromoted p;
    k = store_activity_change(ad->store, &a, "admin", admin_now(), &p);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"id\":%lld,\"changed\":true,\"promoted\":[", (long long)id);
        for (int i = 0; i < p.count; i++)
            printf("%s%lld", i ? "," : "", (long long)p.id[i]);
        printf("]}\n");
    } else {
        printf("activity %lld changed; %d promoted off the waiting list\n", (long long)id, p.count);
    }
    return K_EXIT_OK;
}

int cmd_activities_cancel(Admin *ad, int argc, const char **argv)
{
    bool series = admin_take_flag(&argc, argv, "--series");
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: activities cancel ID [--series]",
                          "not an activity id", &id);
    if (rc)
        return rc;
    int dates = 0;
    KResult k = store_activity_cancel(ad->store, id, series, "admin", admin_now(), &dates);
    if (k != K_OK)
        return not_found(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"cancelled\":%d}\n", (long long)id, dates);
    else
        printf("cancelled %d date%s\n", dates, dates == 1 ? "" : "s");
    return K_EXIT_OK;
}

int cmd_activities_signups(Admin *ad, int argc, const char **argv)
{
    bool full = admin_take_flag(&argc, argv, "--full");
    const char *by = admin_take_option(&argc, argv, "--by");
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: activities signups ID [--full [--by LOGIN]]",
                          "not an activity id", &id);
    if (rc)
        return rc;
    if (full) {
        /* whole phone numbers for a station head only */
        StaffRole role;
        rc = admin_actor_role(ad, by ? by : "admin", &role);
        if (rc)
            return rc;
        if (role != ROLE_HEAD) {
            fprintf(stderr, "kiosk admin: --full is for a station head\n");
            return K_EXIT_CHECK;
        }
    }
    Activity a;
    KResult k = store_activity_get(ad->store, id, &a);
    if (k != K_OK)
        return not_found(ad, k);
    static ActivitySignup rows[SIGNUPS_MAX];
    int n = 0;
    k = store_activity_signups(ad->store, id, rows, SIGNUPS_MAX, &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"activity\":%lld,\"seats\":%d,\"taken\":%d,\"signups\":[", (long long)id, a.seats,
               a.taken);
    for (int i = 0; i < n; i++) {
        const ActivitySignup *u = &rows[i];
        char phone[24], t[40];
        if (full)
            text_copy(phone, sizeof phone, u->phone);
        else
            phone_mask(u->phone, phone, sizeof phone);
        admin_iso_time(u->created_at, t, sizeof t);
        if (ad->json) {
            printf("%s{\"id\":%lld", i ? "," : "", (long long)u->id);
            admin_json_str("status", u->status, true);
            if (u->position)
                printf(",\"position\":%d", u->position);
            else
                printf(",\"position\":null");
            printf(",\"people\":%d", u->people);
            admin_json_str("number", u->number, true);
            admin_json_str("phone", phone, true);
            admin_json_str("created_at", t, true);
            printf(",\"promoted\":%s,\"released\":%s}", u->promoted ? "true" : "false",
                   u->released ? "true" : "false");
        } else {
            char pos[16] = "";
            if (u->position)
                snprintf(pos, sizeof pos, "#%d", u->position);
            printf("%-6lld %-5s %-10s %-4s %2d  %-13s %s\n", (long long)u->id, u->number, u->status,
                   pos, u->people, phone, t);
        }
    }
    if (ad->json)
        printf("]}\n");
    else if (n == 0)
        printf("no sign-ups\n");
    return K_EXIT_OK;
}

static void print_promoted(Admin *ad, const ActPromoted *p)
{
    if (ad->json) {
        printf(",\"promoted\":[");
        for (int i = 0; i < p->count; i++)
            printf("%s%lld", i ? "," : "", (long long)p->id[i]);
        printf("]}\n");
    } else if (p->count) {
        printf("; promoted off the waiting list:");
        for (int i = 0; i < p->count; i++)
            printf(" %lld", (long long)p->id[i]);
        printf("\n");
    } else {
        printf("\n");
    }
}

int cmd_activities_cancel_signup(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: activities cancel-signup SIGNUP_ID",
                          "not a sign-up id", &id);
    if (rc)
        return rc;
    ActPromoted p;
    KResult k = store_activity_cancel_signup(ad->store, id, false, "admin", admin_now(), &p, NULL);
    if (k != K_OK)
        return not_found(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"cancelled\":true", (long long)id);
    else
        printf("sign-up %lld cancelled", (long long)id);
    print_promoted(ad, &p);
    return K_EXIT_OK;
}

int cmd_activities_signup(Admin *ad, int argc, const char **argv)
{
    const char *phone = admin_take_option(&argc, argv, "--phone");
    const char *people_text = admin_take_option(&argc, argv, "--people");
    int people = 1;
    int64_t id;
    int rc = admin_check_rest(argc, argv, 1, "usage: activities signup ID --phone P [--people N]");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not an activity id", argv[0]);
    if (!phone || phone_check(phone) != PHONE_OK)
        return admin_usage_error("activities signup needs --phone, a mobile or landline number",
                                 phone);
    if (people_text && !admin_parse_int(people_text, 1, ACT_PEOPLE_MAX, &people))
        return admin_usage_error("--people is 1 to 20", people_text);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = admin_load_key(ad, key);
    if (rc)
        return rc;
    ActivitySignup u;
    Ticket t;
    ActRefusal why = ACT_REFUSE_NONE;
    KResult k = store_activity_signup(ad->store, id, phone, people, false, "", ad->cfg.site_code,
                                      key, "admin", admin_now(), &u, &t, &why);
    sodium_memzero(key, sizeof key);
    if (k == K_ERR_REFUSED && ad->json) {
        printf("{\"signed_up\":false");
        admin_json_str("reason", store_errmsg(ad->store), true);
        printf("}\n");
    }
    if (k != K_OK)
        return not_found(ad, k);
    if (ad->json) {
        printf("{\"signed_up\":true,\"id\":%lld,\"ticket_id\":%lld", (long long)u.id,
               (long long)t.id);
        admin_json_str("status", u.status, true);
        printf(",\"waitlist\":%s,\"position\":%d", u.position ? "true" : "false", u.position);
        admin_json_str("number", t.number, true);
        admin_json_str("payload", t.payload, true);
        printf("}\n");
    } else if (u.position) {
        printf("sign-up %lld: %s, waiting #%d\n", (long long)u.id, t.number, u.position);
    } else {
        printf("sign-up %lld: %s, signed up\n", (long long)u.id, t.number);
    }
    return K_EXIT_OK;
}

int cmd_activities_checkin(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_one_id(ad, argc, argv, "usage: activities checkin SIGNUP_ID", "not a sign-up id",
                          &id);
    if (rc)
        return rc;
    KResult k = store_activity_checkin(ad->store, id, "admin", admin_now(), NULL);
    if (k != K_OK)
        return not_found(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"checked_in\":true}\n", (long long)id);
    else
        printf("sign-up %lld checked in\n", (long long)id);
    return K_EXIT_OK;
}

int cmd_activities_release(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc =
        admin_one_id(ad, argc, argv, "usage: activities release ID", "not an activity id", &id);
    if (rc)
        return rc;
    int n = 0;
    ActPromoted p;
    KResult k = store_activity_release(ad->store, id, "admin", admin_now(), &n, &p);
    if (k != K_OK)
        return not_found(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"released\":%d", (long long)id, n);
    else
        printf("released the seats of %d sign-up%s", n, n == 1 ? "" : "s");
    print_promoted(ad, &p);
    return K_EXIT_OK;
}

int cmd_activities_sweep(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "activities sweep takes no arguments");
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc)
        return rc;
    int n = 0;
    KResult k = store_activity_sweep(ad->store, admin_now(), &n);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"no_shows\":%d}\n", n);
    else
        printf("marked %d sign-up%s as no-show\n", n, n == 1 ? "" : "s");
    return K_EXIT_OK;
}

/* ---- the monthly report's activities.csv (called from cmd_report) ---- */

#define FIGURES_MAX 2000

/* One row of figures: key cells, then the numbers. */
static void figures_row(FILE *f, const char *kind, const char *id, const char *name,
                        const ActivityFigures *v)
{
    char nums[6][16];
    const int64_t n[6] = {v->activities, v->signups,  v->people,
                          v->attended,   v->no_shows, v->promotions};
    const char *cells[9] = {kind, id, name};
    bool number[9] = {false, false, false};
    for (int i = 0; i < 6; i++) {
        snprintf(nums[i], sizeof nums[i], "%lld", (long long)n[i]);
        cells[3 + i] = nums[i];
        number[3 + i] = true;
    }
    report_csv_row_typed(9, cells, number, f);
}

int admin_activities_report(Admin *ad, const char *from, const char *to, const char *dir,
                            const char *lang)
{
    static ActivityFigures per[FIGURES_MAX];
    ActivityFigures aud[4], total;
    int nper = 0, naud = 0;
    char path[1024], err[600];
    KResult k =
        store_activity_figures(ad->store, from, to, per, FIGURES_MAX, &nper, aud, &naud, &total);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    static OutFile o; /* two paths: off the stack */
    snprintf(path, sizeof path, "%s/activities.csv", dir);
    k = outfile_open(&o, path, err, sizeof err);
    if (k == K_OK) {
        static const char *const names_zh[4] = {"老年人", "青少年", "儿童与家长", "所有居民"};
        static const char *const names_en[4] = {"Older people", "Young people",
                                                "Children and parents", "All residents"};
        bool en = strcmp(lang, "en") == 0;
        fputs("\xEF\xBB\xBF", o.f); /* so Excel reads the Chinese as UTF-8 */
        report_csv_row(9,
                       (const char *const[]){"row", "id", "name", "activities", "signups", "people",
                                             "attended", "no_shows", "promotions"},
                       o.f);
        for (int i = 0; i < nper; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)per[i].id);
            figures_row(o.f, "activity", id, per[i].key, &per[i]);
        }
        for (int i = 0; i < naud; i++)
            figures_row(o.f, "audience", aud[i].key, en ? names_en[i] : names_zh[i], &aud[i]);
        figures_row(o.f, "total", "", "", &total);
        k = outfile_commit(&o, err, sizeof err);
    }
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    return K_EXIT_OK;
}

/* ---- an H ticket's receipt lines (ticket png|print) ---- */

int admin_activity_ticket_lines(Admin *ad, int64_t ticket_id, Lang lang, char *out, size_t cap)
{
    ActivitySignup u;
    Activity v;
    KResult k = store_activity_signup_of_ticket(ad->store, ticket_id, &u);
    if (k == K_OK)
        k = store_activity_get(ad->store, u.activity_id, &v);
    if (k != K_OK)
        return not_found(ad, k);
    bool en = lang == LANG_EN;
    char span[16], date[64];
    hhmm_span(&v, span, sizeof span);
    strings_date(lang, v.day, booking_weekday(v.day), date, sizeof date);
    const char *title = en && v.title_en[0] ? v.title_en : v.title_zh;
    const char *place = en && v.place_en[0] ? v.place_en : v.place_zh;
    const char *bring = en && v.bring_en[0] ? v.bring_en : v.bring_zh;
    snprintf(out, cap,
             en ? "Activity: %s\nWhen: %s %s\nWhere: %s\nPeople: %d"
                : "活动：%s\n时间：%s %s\n地点：%s\n人数：%d 人",
             title, date, span, place, u.people);
    if (bring[0]) {
        text_append(out, cap, en ? "\nBring: " : "\n请带上：");
        text_append(out, cap, bring);
    }
    if (u.position) {
        char wait[64];
        snprintf(wait, sizeof wait, en ? "\nWaiting list: number %d" : "\n候补第 %d 位",
                 u.position);
        text_append(out, cap, wait);
    }
    return K_EXIT_OK;
}
