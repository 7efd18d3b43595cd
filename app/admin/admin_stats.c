/* admin_stats.c - `stats` and `report`: the station's figures, and the monthly
 * report of CSV files and charts (report.c). */
#include "admin_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/platform.h"
#include "kiosk/report.h"
#include "kiosk/text.h"

static double stats_cpu_ms; /* of the last compute_stats */

bool admin_period_options(int *argc, const char **argv, StatsPeriod *p)
{
    static const char *const kinds[] = {"today", "week", "month", "last"};
    const char *kind = admin_take_option(argc, argv, "--period");
    const char *month = admin_take_option(argc, argv, "--month");
    const char *from = admin_take_option(argc, argv, "--from");
    const char *to = admin_take_option(argc, argv, "--to");
    char today[CFG_DAY_MAX];
    if ((kind != NULL) + (month != NULL) + (from != NULL || to != NULL) > 1) {
        admin_usage_error("give one of --period, --month, or --from with --to", NULL);
        return false;
    }
    if (month) {
        if (!stats_period_month(month, p)) {
            admin_usage_error("--month wants YYYY-MM", month);
            return false;
        }
        return true;
    }
    if (from || to) {
        if (!from || !to || !text_copy(p->from, sizeof p->from, from) ||
            !text_copy(p->to, sizeof p->to, to) || !stats_period_valid(p)) {
            admin_usage_error(
                "--from and --to want two dates YYYY-MM-DD, in order, at most 366 days "
                "apart",
                NULL);
            return false;
        }
        return true;
    }
    if (!booking_local_day((int64_t)time(NULL), today)) {
        admin_usage_error("the clock's date cannot be read", NULL);
        return false;
    }
    StatsPeriodKind k = PERIOD_MONTH;
    if (kind) {
        int found = -1;
        for (int i = 0; i < 4; i++)
            if (strcmp(kind, kinds[i]) == 0)
                found = i;
        if (found < 0) {
            admin_usage_error("--period wants today, week, month or last", kind);
            return false;
        }
        k = (StatsPeriodKind)found;
    }
    return stats_period_of(k, today, p);
}

static void print_work_json(const StatsWork *w)
{
    printf("\"answered\":%d,\"on_time\":%d,\"overdue\":%d,\"on_time_percent\":%d,"
           "\"resolved\":%d,\"median_answer_s\":%lld,\"median_resolve_s\":%lld,"
           "\"ratings\":{\"satisfied\":%d,\"basic\":%d,\"dissatisfied\":%d}",
           w->answered, w->on_time, w->overdue, stats_on_time_percent(w), w->resolved,
           (long long)w->median_answer, (long long)w->median_resolve, w->ratings[0], w->ratings[1],
           w->ratings[2]);
}

static void print_stats_json(const Stats *st, double ms)
{
    printf("{\"from\":\"%s\",\"to\":\"%s\",\"ms\":%.3f,\"cpu_ms\":%.3f,\"requests\":%d,",
           st->period.from, st->period.to, ms, stats_cpu_ms, st->requests);
    print_work_json(&st->work);
    printf(",\"per_day\":{");
    char day[CFG_DAY_MAX], next[CFG_DAY_MAX];
    text_copy(day, sizeof day, st->chart_from);
    for (int i = 0; i < st->day_count; i++) {
        printf("%s\"%s\":%d", i ? "," : "", day, st->per_day[i]);
        if (booking_day_add(day, 1, next))
            text_copy(day, sizeof day, next);
    }
    printf("},\"categories\":{");
    for (int i = 0; i < st->category_count; i++)
        printf("%s\"%s\":%d", i ? "," : "", st->category[i], st->per_category[i]);
    printf("},\"open\":{\"submitted\":%d,\"accepted\":%d,\"assigned\":%d,\"in_progress\":%d}",
           st->open_by_state[0], st->open_by_state[1], st->open_by_state[2], st->open_by_state[3]);
    printf(",\"bookings\":{");
    for (int i = 0; i < st->service_count; i++) {
        const StatsService *s = &st->services[i];
        printf("%s\"%s\":{\"booked\":%d,\"checked_in\":%d,\"no_show\":%d,\"cancelled\":%d}",
               i ? "," : "", s->code, s->booked, s->checked_in, s->no_show, s->cancelled);
    }
    printf("},\"walkins\":{\"issued\":%d,\"called\":%d,\"median_wait_s\":%lld,"
           "\"longest_wait_s\":%lld},\"staff\":[",
           st->walkins, st->walkins_called, (long long)st->median_wait,
           (long long)(st->walkins_called ? st->longest_wait : -1));
    for (int i = 0; i < st->staff_count; i++) {
        const StatsStaff *p = &st->staff[i];
        printf("%s{", i ? "," : "");
        admin_json_str("login", p->login, false);
        admin_json_str("name", p->name, true);
        printf(",\"walkins_called\":%d,", p->walkins_called);
        print_work_json(&p->work);
        printf("}");
    }
    printf("]}\n");
}

static void print_stats_text(const Stats *st, const Config *cfg, double ms)
{
    char a[48], r[48];
    stats_format_duration(st->work.median_answer, "en", a, sizeof a);
    stats_format_duration(st->work.median_resolve, "en", r, sizeof r);
    printf("%s to %s (worked out in %.1f ms, %.1f ms of CPU)\n", st->period.from, st->period.to, ms,
           stats_cpu_ms);
    printf("requests: %d, answered %d (%d on time, %d overdue unanswered: %d%% on time)\n",
           st->requests, st->work.answered, st->work.on_time, st->work.overdue,
           stats_on_time_percent(&st->work));
    printf("median time to answer %s, to resolve %s; resolved %d\n", a, r, st->work.resolved);
    printf("ratings: satisfied %d, basic %d, dissatisfied %d\n", st->work.ratings[0],
           st->work.ratings[1], st->work.ratings[2]);
    printf("open now: submitted %d, accepted %d, assigned %d, in progress %d\n",
           st->open_by_state[0], st->open_by_state[1], st->open_by_state[2], st->open_by_state[3]);
    printf("by category:");
    for (int i = 0; i < st->category_count; i++) {
        const CfgCategory *c = config_category(cfg, st->category[i]);
        printf(" %s %d", c ? c->item.zh : st->category[i], st->per_category[i]);
    }
    printf("\nbookings (booked / checked in / no-show / cancelled):\n");
    for (int i = 0; i < st->service_count; i++)
        printf("  %-12s %d / %d / %d / %d\n", st->services[i].code, st->services[i].booked,
               st->services[i].checked_in, st->services[i].no_show, st->services[i].cancelled);
    stats_format_duration(st->median_wait, "en", a, sizeof a);
    printf("walk-ins: %d taken, %d called, median wait %s\n", st->walkins, st->walkins_called, a);
    for (int i = 0; i < st->staff_count; i++) {
        const StatsStaff *p = &st->staff[i];
        printf("  %-16s answered %d, resolved %d, on time %d%%, called %d\n", p->name,
               p->work.answered, p->work.resolved, stats_on_time_percent(&p->work),
               p->walkins_called);
    }
}

static int compute_stats(Admin *ad, const StatsPeriod *p, Stats *st, double *ms)
{
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    double t0 = platform_mono_ms();
    clock_t c0 = clock();
    KResult k = store_stats(ad->store, &ad->cfg, p, (int64_t)time(NULL), st);
    *ms = platform_mono_ms() - t0;
    /* the CPU time too: on a busy machine the wall time says more about
     * the other programs than about this one */
    stats_cpu_ms = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return k == K_ERR_INVALID ? K_EXIT_USAGE : K_EXIT_ENV;
    }
    return K_EXIT_OK;
}

/* `stats [--period P | --month M | --from D --to D]`: the figures. */
int cmd_stats(Admin *ad, int argc, const char **argv)
{
    static Stats st;
    StatsPeriod p;
    double ms = 0;
    if (!admin_period_options(&argc, argv, &p))
        return K_EXIT_USAGE;
    if (argc != 0)
        return admin_usage_error("usage: stats [--period today|week|month|last | --month YYYY-MM | "
                                 "--from DATE --to DATE]",
                                 NULL);
    int rc = compute_stats(ad, &p, &st, &ms);
    if (rc)
        return rc;
    if (ad->json)
        print_stats_json(&st, ms);
    else
        print_stats_text(&st, &ad->cfg, ms);
    return K_EXIT_OK;
}

static int add_need(const NeedRow *n, void *user)
{
    void **ctx = user;
    report_needs_add(ctx[0], ctx[1], n->category, n->building, n->open, n->urgent, n->aged80,
                     n->disabled, n->alone, n->oldest);
    return 0;
}

/* `report --month YYYY-MM [--out DIR] [--lang zh|en]` (or another period):
 * CSV files and chart images into a folder. */
int cmd_report(Admin *ad, int argc, const char **argv)
{
    static Stats st;
    static ReportNeeds needs;
    StatsPeriod p;
    double ms = 0;
    const char *out = admin_take_option(&argc, argv, "--out");
    const char *lang = admin_take_option(&argc, argv, "--lang");
    char dir[512], err[1100];
    if (!admin_period_options(&argc, argv, &p))
        return K_EXIT_USAGE;
    if (argc != 0)
        return admin_usage_error("usage: report --month YYYY-MM [--out DIR] [--lang zh|en]", NULL);
    if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        return admin_usage_error("--lang wants zh or en", lang);
    if (!out) {
        snprintf(dir, sizeof dir, "report-%s_%s", p.from, p.to);
        out = dir;
    }
    int rc = compute_stats(ad, &p, &st, &ms);
    if (rc)
        return rc;
    memset(&needs, 0, sizeof needs);
    void *ctx[2] = {&needs, &ad->cfg};
    KResult k = store_needs(ad->store, add_need, ctx);
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    report_needs_sort(&needs, &ad->cfg);
    double t0 = platform_mono_ms();
    k = report_write(&st, &needs, &ad->cfg, out, lang ? lang : "zh", platform_font_dir(), err,
                     sizeof err);
    if (k == K_OK) { /* issue 21: volunteers.csv */
        rc = admin_volunteers_report(ad, &p, out, lang ? lang : "zh", err, sizeof err);
        if (rc) {
            fprintf(stderr, "kiosk admin: %s\n", err);
            return rc;
        }
    }
    double write_ms = platform_mono_ms() - t0;
    if (k != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", err);
        return admin_write_failed(k);
    }
    rc = admin_report_projects(ad, &p, out, lang ? lang : "zh"); /* issue 22: projects.csv, .png */
    if (rc == 0)
        rc = admin_activities_report(ad, p.from, p.to, out, lang ? lang : "zh"); /* issue 20 */
    if (rc)
        return rc;
    if (ad->json) {
        printf("{");
        admin_json_str("folder", out, false);
        printf(",\"from\":\"%s\",\"to\":\"%s\",\"stats_ms\":%.3f,\"write_ms\":%.3f,"
               "\"needs\":%d}\n",
               p.from, p.to, ms, write_ms, needs.count);
    } else {
        printf("wrote the report of %s to %s into %s (figures %.1f ms, files %.0f ms)\n", p.from,
               p.to, out, ms, write_ms);
    }
    return K_EXIT_OK;
}
