/* admin_services.c - `services list|add|change|close|reopen` and `availability`:
 * the bookable services, their slots, closed days and free places. */
#include "admin_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Loads a service by code; an unknown code is bad input. */
int admin_load_service(Admin *ad, const char *code, CfgService *v)
{
    KResult k = store_get_service(ad->store, code, v);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no service \"%.40s\" (see: services list)\n", code);
        return K_EXIT_USAGE;
    }
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

static void print_service_json(const CfgService *v)
{
    char days[64], slots[CFG_MAX_SLOTS * 24], a[8], b[8];
    char letter[2] = {v->letter, '\0'};
    config_days_format(v->days, days, sizeof days);
    config_slots_format(v->slots, v->slot_count, slots, sizeof slots);
    printf("{");
    admin_json_str("code", v->item.code, false);
    admin_json_str("letter", letter, true);
    admin_json_str("zh", v->item.zh, true);
    admin_json_str("en", v->item.en, true);
    admin_json_str("days", days, true);
    admin_json_str("slots", slots, true);
    printf(",\"slot_list\":[");
    for (int i = 0; i < v->slot_count; i++) {
        admin_hhmm(v->slots[i].start, a);
        admin_hhmm(v->slots[i].end, b);
        printf("%s{\"start\":\"%s\",\"end\":\"%s\",\"capacity\":%d}", i ? "," : "", a, b,
               v->slots[i].capacity);
    }
    printf("],\"lead_hours\":%d,\"horizon_days\":%d,\"escort\":%s,\"active\":%s", v->lead_hours,
           v->horizon_days, v->escort ? "true" : "false", v->active ? "true" : "false");
    admin_json_str("about_zh", v->about_zh, true);
    admin_json_str("about_en", v->about_en, true);
    admin_json_str("place_zh", v->place_zh, true);
    admin_json_str("place_en", v->place_en, true);
    admin_json_str("bring_zh", v->bring_zh, true);
    admin_json_str("bring_en", v->bring_en, true);
    printf("}");
}

static int list_closure(const CfgClosure *c, void *user)
{
    AdminListCtx *ctx = user;
    const char *svc = strcmp(c->service, "*") == 0 ? "all" : c->service;
    if (ctx->ad->json) {
        printf("%s\n {", ctx->n ? "," : "");
        admin_json_str("service", svc, false);
        admin_json_str("day", c->day, true);
        admin_json_str("reason_zh", c->reason_zh, true);
        admin_json_str("reason_en", c->reason_en, true);
        printf("}");
    } else {
        printf("  %s %s  %-14s %s / %s\n", c->day, admin_weekday_name(booking_weekday(c->day)), svc,
               c->reason_zh, c->reason_en);
    }
    ctx->n++;
    return 0;
}

int cmd_services_list(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "services list takes no arguments");
    if (rc)
        return rc;
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    static CfgService svcs[CFG_MAX_SERVICES * 4];
    int count = 0;
    char today[CFG_DAY_MAX];
    if (!booking_local_day((int64_t)time(NULL), today)) {
        fprintf(stderr, "kiosk admin: the clock's time has no date\n");
        return K_EXIT_ENV;
    }
    KResult k = store_list_services(ad->store, false, svcs, CFG_MAX_SERVICES * 4, &count);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"services\":[");
    for (int i = 0; i < count; i++) {
        const CfgService *v = &svcs[i];
        if (ad->json) {
            printf("%s\n ", i ? "," : "");
            print_service_json(v);
            continue;
        }
        char days[64], slots[CFG_MAX_SLOTS * 24];
        config_days_format(v->days, days, sizeof days);
        config_slots_format(v->slots, v->slot_count, slots, sizeof slots);
        printf("%-14s %c  %s / %s%s\n", v->item.code, v->letter, v->item.zh, v->item.en,
               v->active ? "" : "  (not active)");
        printf("    days %s  slots %s\n", days, slots);
        printf("    lead %d h  horizon %d days  escort %s\n", v->lead_hours, v->horizon_days,
               v->escort ? "yes" : "no");
    }
    AdminListCtx c = {ad, 0};
    if (ad->json) {
        printf("\n],\"closures\":[");
    } else {
        if (count == 0)
            printf("no services\n");
        printf("closed days from %s:\n", today);
    }
    k = store_list_closures(ad->store, today, list_closure, &c);
    if (ad->json) {
        printf("\n]");
        admin_json_str("today", today, true);
        printf("}\n");
    } else if (c.n == 0) {
        printf("  none\n");
    }
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

/* The options of services add and change, applied to v; *given counts
 * those found.  K_EXIT_OK or K_EXIT_USAGE with the message printed. */
static int service_options(int *argc, const char **argv, CfgService *v, int *given)
{
    struct {
        const char *name;
        char *dst;
        size_t cap;
    } texts[] = {
        {"--zh", v->item.zh, sizeof v->item.zh},
        {"--en", v->item.en, sizeof v->item.en},
        {"--about-zh", v->about_zh, sizeof v->about_zh},
        {"--about-en", v->about_en, sizeof v->about_en},
        {"--place-zh", v->place_zh, sizeof v->place_zh},
        {"--place-en", v->place_en, sizeof v->place_en},
        {"--bring-zh", v->bring_zh, sizeof v->bring_zh},
        {"--bring-en", v->bring_en, sizeof v->bring_en},
    };
    const char *o;
    *given = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if ((o = admin_take_option(argc, argv, texts[i].name)) != NULL) {
            ++*given;
            if (!admin_set_text(texts[i].dst, texts[i].cap, o)) {
                fprintf(stderr, "kiosk admin: %s is not UTF-8 or longer than %zu bytes\n",
                        texts[i].name, texts[i].cap - 1);
                return K_EXIT_USAGE;
            }
        }
    if ((o = admin_take_option(argc, argv, "--letter")) != NULL) {
        ++*given;
        if (strlen(o) != 1 || !config_letter_valid(o[0]))
            return admin_usage_error(
                "--letter is one capital letter B to Z but not H, Q or V (A is "
                "requests, H activities, Q the walk-in queue, V volunteers' cards)",
                o);
        v->letter = o[0];
    }
    if ((o = admin_take_option(argc, argv, "--slots")) != NULL) {
        ++*given;
        if (!config_parse_slots(o, v->slots, CFG_MAX_SLOTS, &v->slot_count))
            return admin_usage_error(
                "--slots is HH:MM-HH:MM/PLACES,... (1 to 16 slots, in the day, "
                "not overlapping)",
                o);
    }
    if ((o = admin_take_option(argc, argv, "--days")) != NULL) {
        ++*given;
        unsigned days = 0;
        if (!config_parse_days(o, &days) || days == 0)
            return admin_usage_error("--days is like mon-fri or mon,wed,sat", o);
        v->days = days;
    }
    if ((o = admin_take_option(argc, argv, "--lead-hours")) != NULL) {
        ++*given;
        if (!admin_parse_int(o, 0, 24 * 30, &v->lead_hours))
            return admin_usage_error("--lead-hours is 0 to 720", o);
    }
    if ((o = admin_take_option(argc, argv, "--horizon-days")) != NULL) {
        ++*given;
        if (!admin_parse_int(o, 1, BOOK_MAX_DAYS, &v->horizon_days))
            return admin_usage_error("--horizon-days is 1 to 60", o);
    }
    if ((o = admin_take_option(argc, argv, "--escort")) != NULL) {
        ++*given;
        if (!admin_parse_yes_no(o, &v->escort))
            return admin_usage_error("--escort is yes or no", o);
    }
    if ((o = admin_take_option(argc, argv, "--active")) != NULL) {
        ++*given;
        if (!admin_parse_yes_no(o, &v->active))
            return admin_usage_error("--active is yes or no", o);
    }
    return K_EXIT_OK;
}

static int service_saved(Admin *ad, const CfgService *v, const char *verb)
{
    if (ad->json) {
        printf("{\"%s\":true,\"service\":", verb);
        print_service_json(v);
        printf("}\n");
    } else {
        char slots[CFG_MAX_SLOTS * 24];
        config_slots_format(v->slots, v->slot_count, slots, sizeof slots);
        printf("%s service %s (%c): %s%s\n", verb, v->item.code, v->letter, slots,
               v->active ? "" : ", not active");
    }
    return K_EXIT_OK;
}

int cmd_services_add(Admin *ad, int argc, const char **argv)
{
    static CfgService v;
    int given = 0;
    memset(&v, 0, sizeof v);
    v.days = 0x1f; /* mon-fri */
    v.horizon_days = 14;
    v.active = true;
    int rc = service_options(&argc, argv, &v, &given);
    if (rc)
        return rc;
    rc = admin_check_rest(argc, argv, 1,
                          "usage: services add CODE --zh NAME --en NAME --letter L --slots "
                          "HH:MM-HH:MM/N,... [options]");
    if (rc)
        return rc;
    if (!v.item.zh[0] || !v.item.en[0] || !v.letter || !v.slot_count)
        return admin_usage_error("services add needs --zh, --en, --letter and --slots", NULL);
    if (!admin_set_text(v.item.code, sizeof v.item.code, argv[0]))
        return admin_usage_error("a service code is 1 to 23 lower-case letters, digits and _",
                                 argv[0]);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    /* The kiosk shows at most CFG_MAX_SERVICES: a service beyond them could
     * be booked here but never seen there. */
    static CfgService all[CFG_MAX_SERVICES * 4];
    int count = 0;
    KResult k = store_list_services(ad->store, false, all, CFG_MAX_SERVICES * 4, &count);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (count >= CFG_MAX_SERVICES) {
        fprintf(stderr, "kiosk admin: there are already %d services, the most the kiosk shows\n",
                count);
        return K_EXIT_CHECK;
    }
    k = store_add_service(ad->store, &v, (int64_t)time(NULL), "admin");
    return k == K_OK ? service_saved(ad, &v, "added") : admin_store_failure(ad, k);
}

int cmd_services_change(Admin *ad, int argc, const char **argv)
{
    static CfgService v, opts;
    int given = 0;
    /* Options are parsed onto a scratch copy first, for the usage errors,
     * then again onto the stored service. */
    const char *copy[MAX_WORDS];
    int n = argc;
    memcpy(copy, argv, sizeof *argv * (size_t)argc);
    memset(&opts, 0, sizeof opts);
    int rc = service_options(&n, copy, &opts, &given);
    if (rc)
        return rc;
    rc = admin_check_rest(n, copy, 1, "usage: services change CODE [options] [--active yes|no]");
    if (rc)
        return rc;
    if (given == 0)
        return admin_usage_error("services change needs at least one option to change", NULL);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    rc = admin_load_service(ad, copy[0], &v);
    if (rc)
        return rc;
    rc = service_options(&argc, argv, &v, &given);
    if (rc)
        return rc;
    KResult k = store_change_service(ad->store, &v, (int64_t)time(NULL), "admin");
    return k == K_OK ? service_saved(ad, &v, "changed") : admin_store_failure(ad, k);
}

/* services close|reopen CODE|all DATE */
static int services_closure(Admin *ad, int argc, const char **argv, bool close)
{
    const char *zh = close ? admin_take_option(&argc, argv, "--reason-zh") : NULL;
    const char *en = close ? admin_take_option(&argc, argv, "--reason-en") : NULL;
    int rc = admin_check_rest(argc, argv, 2,
                              close ? "usage: services close CODE|all YYYY-MM-DD [--reason-zh T] "
                                      "[--reason-en T]"
                                    : "usage: services reopen CODE|all YYYY-MM-DD");
    if (rc)
        return rc;
    if (!config_day_valid(argv[1]))
        return admin_usage_error("not a date YYYY-MM-DD", argv[1]);
    bool all = strcmp(argv[0], "all") == 0 || strcmp(argv[0], "*") == 0;
    const char *svc = all ? "*" : argv[0];
    if (close) {
        if (!zh)
            zh = ad->cfg.closed_zh[0] ? ad->cfg.closed_zh : "暂停服务";
        if (!en)
            en = ad->cfg.closed_en[0] ? ad->cfg.closed_en : "Closed";
    }
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    CfgService v;
    if (!all && (rc = admin_load_service(ad, svc, &v)) != K_EXIT_OK)
        return rc;
    int64_t now = (int64_t)time(NULL);
    KResult k = close ? store_close_day(ad->store, svc, argv[1], zh, en, now, "admin")
                      : store_reopen_day(ad->store, svc, argv[1], now, "admin");
    if (k != K_OK)
        return admin_store_failure(ad, k);
    const char *name = all ? "all" : svc;
    if (ad->json) {
        printf("{");
        admin_json_str("service", name, false);
        admin_json_str("day", argv[1], true);
        printf(",\"closed\":%s", close ? "true" : "false");
        if (close) {
            admin_json_str("reason_zh", zh, true);
            admin_json_str("reason_en", en, true);
        }
        printf("}\n");
    } else if (close) {
        printf("closed %s on %s (%s / %s)\n", name, argv[1], zh, en);
    } else {
        printf("reopened %s on %s\n", name, argv[1]);
    }
    return K_EXIT_OK;
}

int cmd_availability(Admin *ad, int argc, const char **argv)
{
    const char *from = admin_take_option(&argc, argv, "--from");
    const char *ndays = admin_take_option(&argc, argv, "--days");
    int rc = admin_check_rest(argc, argv, 1,
                              "usage: availability SERVICE [--from YYYY-MM-DD] [--days N]");
    if (rc)
        return rc;
    int n = 0;
    if (from && !config_day_valid(from))
        return admin_usage_error("--from is a date YYYY-MM-DD", from);
    if (ndays && !admin_parse_int(ndays, 1, BOOK_MAX_DAYS, &n))
        return admin_usage_error("--days is 1 to 60", ndays);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    CfgService v;
    rc = admin_load_service(ad, argv[0], &v);
    if (rc)
        return rc;
    int64_t now = (int64_t)time(NULL);
    char today[CFG_DAY_MAX];
    if (!booking_local_day(now, today)) {
        fprintf(stderr, "kiosk admin: the clock's time has no date\n");
        return K_EXIT_ENV;
    }
    if (!from)
        from = today;
    if (n == 0)
        n = v.horizon_days < 1               ? 1
            : v.horizon_days > BOOK_MAX_DAYS ? BOOK_MAX_DAYS
                                             : v.horizon_days;
    static DayAvail days[BOOK_MAX_DAYS];
    KResult k = store_availability(ad->store, &v, from, n, now, days);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{");
        admin_json_str("service", v.item.code, false);
        admin_json_str("from", from, true);
        printf(",\"days\":[");
    } else {
        printf("%s  %s / %s  %d day%s from %s%s\n", v.item.code, v.item.zh, v.item.en, n,
               n == 1 ? "" : "s", from, v.active ? "" : "  (not active)");
    }
    for (int i = 0; i < n; i++) {
        const DayAvail *d = &days[i];
        if (ad->json) {
            printf("%s\n {", i ? "," : "");
            admin_json_str("day", d->day, false);
            admin_json_str("weekday", admin_weekday_name(d->weekday), true);
            admin_json_str("state", booking_avail_name(d->state), true);
            printf(",\"closed\":%s,\"places\":%d", d->closed ? "true" : "false", d->places);
            if (d->closed) {
                admin_json_str("reason_zh", d->reason_zh, true);
                admin_json_str("reason_en", d->reason_en, true);
            }
            printf(",\"slots\":[");
        } else {
            printf("%s %s  %s", d->day, admin_weekday_name(d->weekday),
                   booking_avail_name(d->state));
            if (d->state == AVAIL_OPEN || d->places > 0)
                printf(", %d place%s left", d->places, d->places == 1 ? "" : "s");
            if (d->closed)
                printf(": %s / %s", d->reason_zh, d->reason_en);
            printf("\n");
        }
        for (int j = 0; j < d->slot_count; j++) {
            const SlotAvail *sl = &d->slots[j];
            char a[8], b[8];
            admin_hhmm(sl->slot.start, a);
            admin_hhmm(sl->slot.end, b);
            if (ad->json)
                printf("%s{\"start\":\"%s\",\"end\":\"%s\",\"taken\":%d,\"capacity\":%d,"
                       "\"state\":\"%s\"}",
                       j ? "," : "", a, b, sl->taken, sl->slot.capacity,
                       booking_avail_name(sl->state));
            else
                printf("    %s-%s  %3d/%-3d %s\n", a, b, sl->taken, sl->slot.capacity,
                       booking_avail_name(sl->state));
        }
        if (ad->json)
            printf("]}");
    }
    if (ad->json)
        printf("\n]}\n");
    return K_EXIT_OK;
}

/* The table's handlers of services close and reopen. */
int cmd_services_close(Admin *ad, int argc, const char **argv)
{
    return services_closure(ad, argc, argv, true);
}

int cmd_services_reopen(Admin *ad, int argc, const char **argv)
{
    return services_closure(ad, argc, argv, false);
}
