/* admin_volunteers.c - `volunteers list|show|approve|reject|disable|card|
 * hours|adjust|close`: volunteers, their card and their hours (issue 21).
 *
 * Approving, rejecting and adjusting need a station head (--by admin or a
 * head's login); the ledger only ever gets new entries. */
#include "admin_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/qr.h"
#include "kiosk/report.h"
#include "kiosk/store_volunteer.h"
#include "kiosk/volunteer_card.h"

static void print_skills_json(const VolunteerRecord *v)
{
    printf(",\"skills\":[");
    for (int i = 0; i < v->d.skill_count; i++)
        printf("%s\"%s\"", i ? "," : "", v->d.skills[i]); /* codes: [a-z0-9_] */
    printf("]");
}

/* The volunteer as a JSON object left open (the caller adds fields and
 * the closing brace). */
static void print_volunteer_json(const VolunteerRecord *v, bool totals)
{
    char t[40];
    printf("{\"id\":%lld", (long long)v->id);
    admin_json_str("name", v->d.name, true);
    admin_json_str("phone", v->d.phone, true);
    printf(",\"age\":%d", v->d.age);
    admin_json_str("building", v->d.building, true);
    printf(",\"availability\":%u", v->d.availability);
    admin_json_str("status", v->status, true);
    print_skills_json(v);
    admin_iso_time(v->applied_at, t, sizeof t);
    admin_json_str("applied_at", t, true);
    admin_json_str("decided_by", v->decided_by, true);
    printf(",\"card_ticket_id\":%lld,\"on_duty\":%s", (long long)v->card_ticket_id,
           v->open_duty_id ? "true" : "false");
    if (totals)
        printf(",\"total_minutes\":%lld,\"points\":%lld", (long long)v->total_minutes,
               (long long)v->total_points);
}

static void skills_text(const VolunteerRecord *v, char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = 0;
    for (int i = 0; i < v->d.skill_count && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "," : "", v->d.skills[i]);
}

static int list_one(const VolunteerRecord *v, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_volunteer_json(v, false);
        printf("}");
    } else {
        char skills[VOL_SKILLS_MAX * CFG_CODE_MAX];
        skills_text(v, skills, sizeof skills);
        printf("%-5lld %-9s %-8s %-12s %s%s\n", (long long)v->id, v->status, v->d.building,
               v->d.name, skills, v->open_duty_id ? "  (on duty)" : "");
    }
    c->n++;
    return 0;
}

int cmd_volunteers_list(Admin *ad, int argc, const char **argv)
{
    const char *status = admin_take_option(&argc, argv, "--status");
    const char *skill = admin_take_option(&argc, argv, "--skill");
    int rc = admin_check_rest(argc, argv, 0, "usage: volunteers list [--status S] [--skill CODE]");
    if (rc)
        return rc;
    if (status && strcmp(status, "applied") && strcmp(status, "approved") &&
        strcmp(status, "rejected") && strcmp(status, "disabled"))
        return admin_usage_error("--status is applied, approved, rejected or disabled", status);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    AdminListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"volunteers\":[");
    KResult k = store_volunteer_list(ad->store, status, skill, list_one, &c);
    if (ad->json)
        printf("\n]}\n");
    else if (c.n == 0)
        printf("no volunteers\n");
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

/* The id of argv[0] (one word) and the volunteer, the store open. */
static int load_volunteer(Admin *ad, int argc, const char **argv, const char *usage,
                          VolunteerRecord *v)
{
    int64_t id;
    if (argc < 1 || !admin_parse_id(argv[0], &id))
        return admin_usage_error(usage, argc ? argv[0] : NULL);
    int rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_volunteer_get(ad->store, id, v);
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

typedef struct {
    Admin *ad;
    int n;
} EntryCtx;

static int print_entry(const VolunteerEntry *e, void *user)
{
    EntryCtx *c = user;
    char t[40];
    admin_iso_time(e->at, t, sizeof t);
    if (c->ad->json) {
        printf("%s\n  {\"id\":%lld", c->n ? "," : "", (long long)e->id);
        admin_json_str("kind", e->kind, true);
        printf(",\"minutes\":%d,\"points\":%d", e->minutes, e->points);
        admin_json_str("at", t, true);
        if (e->duty_id)
            printf(",\"duty\":%lld", (long long)e->duty_id);
        admin_json_str("reason", e->reason, true);
        admin_json_str("by", e->by, true);
        printf("}");
    } else {
        printf("  %s  %-6s %+6d min %+5d pts  %s%s%s\n", t, e->kind, e->minutes, e->points,
               e->reason, e->by[0] ? "  by " : "", e->by);
    }
    c->n++;
    return 0;
}

int cmd_volunteers_show(Admin *ad, int argc, const char **argv)
{
    VolunteerRecord v;
    if (argc != 1)
        return admin_usage_error("volunteers show needs one volunteer id", NULL);
    int rc = load_volunteer(ad, argc, argv, "volunteers show needs one volunteer id", &v);
    if (rc)
        return rc;
    AdminListCtx ev = {ad, 0};
    if (ad->json) {
        print_volunteer_json(&v, true);
        printf(",\"events\":[");
        admin_print_timeline(ad, "volunteer", v.id, &ev);
        printf("]}\n");
        return K_EXIT_OK;
    }
    char skills[VOL_SKILLS_MAX * CFG_CODE_MAX], t[40];
    skills_text(&v, skills, sizeof skills);
    admin_iso_time(v.applied_at, t, sizeof t);
    printf("volunteer %lld  %s  status %s\n", (long long)v.id, v.d.name, v.status);
    printf("  phone       %s\n  age         %d\n  building    %s\n", v.d.phone, v.d.age,
           v.d.building[0] ? v.d.building : "-");
    printf("  skills      %s\n  available   %#x\n  applied     %s\n", skills, v.d.availability, t);
    printf("  card        %s\n  on duty     %s\n", v.card_ticket_id ? "yes" : "none",
           v.open_duty_id ? "yes" : "no");
    printf("  hours       %lld.%lld (%lld points)\n", (long long)(v.total_minutes / 60),
           (long long)((llabs(v.total_minutes) % 60) * 10 / 60), (long long)v.total_points);
    printf("timeline:\n");
    admin_print_timeline(ad, "volunteer", v.id, &ev);
    return K_EXIT_OK;
}

/* approve|reject|disable ID [--by LOGIN]: a head decides. */
/* Opens the store and checks that by is a station head's login, who alone
 * may `does` (said when not); an exit status. */
static int head_only(Admin *ad, const char *by, const char *does)
{
    StaffRole role;
    int rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    if (role != ROLE_HEAD) {
        fprintf(stderr, "kiosk admin: only a station head %s\n", does);
        return K_EXIT_CHECK;
    }
    return K_EXIT_OK;
}

static int decide(Admin *ad, int argc, const char **argv, const char *status, bool by_required)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    char usage[96];
    snprintf(usage, sizeof usage, "usage: volunteers %.8s ID%s", status,
             by_required ? " --by LOGIN" : " [--by LOGIN]");
    int64_t id;
    if (argc != 1 || !admin_parse_id(argv[0], &id) || (by_required && !by))
        return admin_usage_error(usage, NULL);
    if (!by)
        by = "admin";
    int rc = head_only(ad, by, "decides on volunteers");
    if (rc)
        return rc;
    KResult k = store_volunteer_decide(ad->store, id, status, by, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"status\":\"%s\"}\n", (long long)id, status);
    else
        printf("volunteer %lld %s\n", (long long)id, status);
    return K_EXIT_OK;
}

int cmd_volunteers_approve(Admin *ad, int argc, const char **argv)
{
    return decide(ad, argc, argv, "approved", true);
}

int cmd_volunteers_reject(Admin *ad, int argc, const char **argv)
{
    return decide(ad, argc, argv, "rejected", true);
}

int cmd_volunteers_disable(Admin *ad, int argc, const char **argv)
{
    return decide(ad, argc, argv, "disabled", false);
}

int cmd_volunteers_team(Admin *ad, int argc, const char **argv)
{
    const char *by = admin_take_option(&argc, argv, "--by");
    int64_t id;
    if (argc != 2 || !admin_parse_id(argv[0], &id) || !by)
        return admin_usage_error("usage: volunteers team ID TEAM --by LOGIN (\"\" for none)", NULL);
    StaffRole role;
    int rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    KResult k = store_volunteer_set_team(ad->store, id, argv[1], by, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"id\":%lld,", (long long)id);
        admin_json_str("team", argv[1], false);
        printf("}\n");
    } else {
        printf("volunteer %lld in team %s\n", (long long)id, argv[1][0] ? argv[1] : "(none)");
    }
    return K_EXIT_OK;
}

int cmd_volunteers_card(Admin *ad, int argc, const char **argv)
{
    bool renew = admin_take_flag(&argc, argv, "--new");
    int64_t id;
    if (argc != 2 || !admin_parse_id(argv[0], &id))
        return admin_usage_error("usage: volunteers card ID FILE.png [--new]", NULL);
    int rc = admin_choose_db(ad);
    char why[OUTFILE_PATH_MAX + 128];
    if (rc)
        return rc;
    if (outfile_check(argv[1], why, sizeof why) != K_OK) {
        fprintf(stderr, "kiosk admin: %s\n", why);
        return K_EXIT_USAGE;
    }
    VolunteerRecord v;
    rc = load_volunteer(ad, argc, argv, "usage: volunteers card ID FILE.png [--new]", &v);
    if (rc)
        return rc;
    uint8_t key[TICKET_KEY_BYTES];
    rc = admin_load_key(ad, key);
    if (rc)
        return rc;
    Ticket tk;
    KResult k =
        store_volunteer_card(ad->store, id, ad->cfg.site_code, key, renew, admin_now(), &tk);
    sodium_memzero(key, sizeof key);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    static QrMatrix qr;
    if (qr_encode(tk.payload, &qr) != K_OK) {
        fprintf(stderr, "kiosk admin: the card's payload cannot be encoded\n");
        return K_EXIT_ENV;
    }
    /* Laid out on a tall page, then cut to what the card uses. */
    const int w = 800;
    int h = 2000;
    Theme t;
    theme_default(&t, 1080, 1920);
    static UiList ui;
    ui_clear(&ui);
    Lang lang = lang_from_code(ad->cfg.lang);
    ui_title(&ui, &t, "card.site", lang == LANG_EN ? ad->cfg.site_en : ad->cfg.site_zh,
             (Rect){0, 0, w, t.header_h});
    Rect area = {t.margin, t.header_h + t.gap, w - 2 * t.margin, h - t.header_h - t.gap};
    volunteer_card_build(&ui, &t, area, lang, v.d.name, &tk, &qr, NULL);
    rc = admin_card_png(&ui, &t, w, "card", argv[1]);
    if (rc)
        return rc;
    if (ad->json) {
        printf("{");
        admin_json_str("file", argv[1], false);
        printf(",\"ticket_id\":%lld", (long long)tk.id);
        admin_json_str("number", tk.number, true);
        admin_json_str("payload", tk.payload, true);
        printf("}\n");
    } else {
        printf("wrote %s (card %s of volunteer %lld)\n", argv[1], tk.number, (long long)id);
    }
    return K_EXIT_OK;
}

int cmd_volunteers_hours(Admin *ad, int argc, const char **argv)
{
    const char *limit_text = admin_take_option(&argc, argv, "--limit");
    int limit = 0;
    if (limit_text && !admin_parse_int(limit_text, 1, 1000000, &limit))
        return admin_usage_error("--limit is 1 or more", limit_text);
    VolunteerRecord v;
    if (argc != 1)
        return admin_usage_error("usage: volunteers hours ID [--limit N]", NULL);
    int rc = load_volunteer(ad, argc, argv, "usage: volunteers hours ID [--limit N]", &v);
    if (rc)
        return rc;
    EntryCtx c = {ad, 0};
    if (ad->json)
        printf("{\"id\":%lld,\"total_minutes\":%lld,\"points\":%lld,\"entries\":[", (long long)v.id,
               (long long)v.total_minutes, (long long)v.total_points);
    else
        printf("volunteer %lld: %lld.%lld hours, %lld points\n", (long long)v.id,
               (long long)(v.total_minutes / 60),
               (long long)((llabs(v.total_minutes) % 60) * 10 / 60), (long long)v.total_points);
    KResult k = store_volunteer_entries(ad->store, v.id, limit, print_entry, &c);
    if (ad->json)
        printf("\n]}\n");
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

/* adjust ID MINUTES --reason T --by LOGIN [--spent]: a new entry. */
int cmd_volunteers_adjust(Admin *ad, int argc, const char **argv)
{
    const char *reason = admin_take_option(&argc, argv, "--reason");
    const char *by = admin_take_option(&argc, argv, "--by");
    bool spent = admin_take_flag(&argc, argv, "--spent");
    static const char usage[] =
        "usage: volunteers adjust ID MINUTES --reason T --by LOGIN [--spent]";
    int64_t id;
    char *end = NULL;
    long minutes = argc == 2 ? strtol(argv[1], &end, 10) : 0;
    if (argc != 2 || !admin_parse_id(argv[0], &id) || !end || *end || end == argv[1] || !reason ||
        !by)
        return admin_usage_error(usage, NULL);
    if (minutes == 0 || minutes < -VOL_MINUTES_MAX || minutes > VOL_MINUTES_MAX)
        return admin_usage_error("MINUTES is -60000 to 60000, not 0", argv[1]);
    int rc = head_only(ad, by, "adjusts hours");
    if (rc)
        return rc;
    int64_t entry = 0;
    KResult k =
        store_volunteer_adjust(ad->store, id, spent ? "spent" : "adjust", (int)minutes, reason, by,
                               ad->cfg.volunteer_points_per_hour, admin_now(), &entry);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"entry\":%lld,\"minutes\":%ld}\n", (long long)id, (long long)entry,
               minutes);
    else
        printf("entry %lld: %+ld minutes for volunteer %lld\n", (long long)entry, minutes,
               (long long)id);
    return K_EXIT_OK;
}

/* close ID --minutes N --by LOGIN: a duty left open, closed by staff. */
int cmd_volunteers_close(Admin *ad, int argc, const char **argv)
{
    const char *minutes_text = admin_take_option(&argc, argv, "--minutes");
    const char *by = admin_take_option(&argc, argv, "--by");
    int64_t id;
    int minutes = 0;
    if (argc != 1 || !admin_parse_id(argv[0], &id) || !by || !minutes_text ||
        !admin_parse_int(minutes_text, 0, VOL_MINUTES_MAX, &minutes))
        return admin_usage_error("usage: volunteers close ID --minutes N --by LOGIN", NULL);
    StaffRole role;
    int rc = admin_open_store(ad);
    if (rc == K_EXIT_OK)
        rc = admin_actor_role(ad, by, &role);
    if (rc)
        return rc;
    KResult k = store_volunteer_close_duty(ad->store, id, minutes,
                                           ad->cfg.volunteer_points_per_hour, by, admin_now());
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json)
        printf("{\"id\":%lld,\"minutes\":%d}\n", (long long)id, minutes);
    else
        printf("duty of volunteer %lld closed: %d minutes counted\n", (long long)id, minutes);
    return K_EXIT_OK;
}

/* ---- the monthly report's volunteers.csv ---- */

typedef struct {
    Admin *ad;
    FILE *f;
    Lang lang;
} FigureCtx;

static int figure_row(const VolunteerFigure *fg, void *user)
{
    FigureCtx *c = user;
    char name[VOL_NAME_MAX + CFG_LABEL_MAX] = "";
    if (strcmp(fg->group, "skill") == 0) {
        const CfgItem *it = config_pick(c->ad->cfg.skills, c->ad->cfg.skill_count, fg->key);
        snprintf(name, sizeof name, "%s", it ? config_label(it, lang_code(c->lang)) : fg->key);
    } else if (strcmp(fg->group, "volunteer") == 0) {
        /* the station's own report names who gave the hours (another
         * statement than the figures' running one) */
        VolunteerRecord v;
        if (store_volunteer_get(c->ad->store, strtoll(fg->key, NULL, 10), &v) == K_OK)
            snprintf(name, sizeof name, "%s", v.d.name);
    }
    char minutes[24], hours[24], points[24], duties[24], people[24];
    snprintf(minutes, sizeof minutes, "%lld", (long long)fg->minutes);
    snprintf(hours, sizeof hours, "%.1f", (double)fg->minutes / 60.0);
    snprintf(points, sizeof points, "%lld", (long long)fg->points);
    snprintf(duties, sizeof duties, "%d", fg->duties);
    snprintf(people, sizeof people, "%d", fg->volunteers);
    const char *cells[8] = {fg->group, fg->key, name, minutes, hours, points, duties, people};
    static const bool number[8] = {false, false, false, true, true, true, true, true};
    report_csv_row_typed(8, cells, number, c->f);
    return 0;
}

int admin_volunteers_report(Admin *ad, const StatsPeriod *p, const char *dir, const char *lang,
                            char *err, size_t errcap)
{
    int64_t from = 0, to = 0;
    if (!booking_time(p->from, 0, &from) || !booking_time(p->to, 24 * 60, &to)) {
        snprintf(err, errcap, "the period %s to %s is not a pair of dates", p->from, p->to);
        return K_EXIT_USAGE;
    }
    static OutFile out;
    char path[1024];
    snprintf(path, sizeof path, "%s/volunteers.csv", dir);
    KResult k = outfile_open(&out, path, err, errcap);
    if (k != K_OK)
        return admin_write_failed(k);
    fputs("\xEF\xBB\xBF", out.f); /* so Excel reads the Chinese as UTF-8 */
    report_csv_row(8,
                   (const char *const[]){"group", "key", "name", "minutes", "hours", "points",
                                         "duties", "volunteers"},
                   out.f);
    FigureCtx c = {ad, out.f, lang_from_code(lang)};
    k = store_volunteer_figures(ad->store, from, to, figure_row, &c);
    if (k != K_OK) {
        outfile_abort(&out);
        snprintf(err, errcap, "%s", store_errmsg(ad->store));
        return K_EXIT_ENV;
    }
    k = outfile_commit(&out, err, errcap);
    return k == K_OK ? K_EXIT_OK : admin_write_failed(k);
}
