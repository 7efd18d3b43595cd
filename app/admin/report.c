/* report.c - the monthly report's CSV files and chart images (report.h). */
#include "kiosk/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/chart.h"
#include "kiosk/outfile.h"
#include "kiosk/render.h"
#include "kiosk/strings.h"
#include "kiosk/text.h"

static const char *const chart_names[CHART_COUNT] = {"per_day", "categories", "open",
                                                     "ratings", "bookings",   "staff"};
static const char *const state_codes[4] = {"submitted", "accepted", "assigned", "in_progress"};
static const StringKey state_labels[4] = {S_ST_SUBMITTED, S_ST_ACCEPTED, S_ST_ASSIGNED,
                                          S_ST_IN_PROGRESS};
static const char *const rating_codes[3] = {"satisfied", "basic", "dissatisfied"};
static const StringKey rating_labels[3] = {S_RATE_SATISFIED, S_RATE_BASIC, S_RATE_DISSATISFIED};
static const Color blue = {10, 74, 133}, green = {27, 94, 32}, red = {154, 0, 0};

const char *report_chart_name(ReportChart c)
{
    return c >= 0 && c < CHART_COUNT ? chart_names[c] : "";
}

static Lang lang_of(const char *lang)
{
    return strcmp(lang, "en") == 0 ? LANG_EN : LANG_ZH;
}

/* ---- the needs list ---- */

void report_needs_add(ReportNeeds *n, const Config *cfg, const char *category, const char *building,
                      int open, int urgent, int aged80, int disabled, int alone, int64_t oldest)
{
    const CfgCommunity *c = config_community_of(cfg, building);
    const char *code = c ? c->item.code : "";
    ReportNeed *row = NULL;
    for (int i = 0; i < n->count; i++)
        if (strcmp(n->rows[i].community, code) == 0 && strcmp(n->rows[i].category, category) == 0)
            row = &n->rows[i];
    if (!row) {
        if (n->count >= REPORT_MAX_NEEDS) {
            n->dropped++;
            return;
        }
        row = &n->rows[n->count++];
        memset(row, 0, sizeof *row);
        text_copy(row->community, sizeof row->community, code);
        text_copy(row->category, sizeof row->category, category);
        row->oldest = oldest;
    }
    row->open += open;
    row->urgent += urgent;
    row->aged80 += aged80;
    row->disabled += disabled;
    row->alone += alone;
    if (oldest < row->oldest)
        row->oldest = oldest;
}

/* ---- charts ---- */

static const char *category_name(const Config *cfg, const char *code, const char *lang)
{
    const CfgCategory *c = config_category(cfg, code);
    return c ? config_label(&c->item, lang) : str_get(lang_of(lang), S_STATS_OTHER_CATEGORY);
}

static const char *service_name(const Config *cfg, const char *code, const char *lang)
{
    const CfgService *s = config_service(cfg, code);
    return s ? config_label(&s->item, lang) : code;
}

void report_chart_ui(const Stats *st, const Config *cfg, ReportChart c, const char *lang, int w,
                     int h, Theme *t, UiList *ui)
{
    static ChartBar bars[STATS_MAX_DAYS + STATS_MAX_STAFF];
    Lang l = lang_of(lang);
    char title[256], range[64];
    int n = 0;
    theme_default(t, w, h);
    ui_clear(ui);
    ui_add(ui, "report.bg", UI_ROLE_PANEL, "", (Rect){0, 0, w, h}, 0, t->fg, t->bg);

    static const StringKey titles[CHART_COUNT] = {S_STATS_PER_DAY, S_STATS_PER_CATEGORY,
                                                  S_STATS_OPEN,    S_STATS_SATISFACTION,
                                                  S_TAB_BOOKINGS,  S_TAB_STAFF};
    snprintf(range, sizeof range, "%s %s %s", st->period.from, str_get(l, S_STATS_RANGE),
             st->period.to);
    snprintf(title, sizeof title, "%s · %s · %s", l == LANG_EN ? cfg->site_en : cfg->site_zh,
             str_get(l, titles[c]), range);
    Widget *tw = ui_add(ui, "report.title", UI_ROLE_LABEL, title,
                        (Rect){t->margin, t->margin, w - 2 * t->margin, t->body_px * 3 / 2},
                        t->body_px, t->fg, t->bg);
    if (tw) {
        tw->bold = true;
        tw->align = ALIGN_LEFT;
    }
    int top = t->margin + t->body_px * 2;
    Rect area = {t->margin, top, w - 2 * t->margin, h - top - t->margin};

    switch (c) {
    case CHART_PER_DAY: {
        char day[CFG_DAY_MAX], next[CFG_DAY_MAX];
        text_copy(day, sizeof day, st->chart_from);
        for (int i = 0; i < st->day_count; i++) {
            chart_bar(&bars[n++], day + 5, st->per_day[i], blue);
            if (booking_day_add(day, 1, next))
                text_copy(day, sizeof day, next);
        }
        chart_columns(ui, t, "report.chart", area, bars, n, t->small_px, t->small_px * 10 / 3);
        return;
    }
    case CHART_CATEGORIES:
        for (int i = 0; i < st->category_count; i++)
            chart_bar(&bars[n++], category_name(cfg, st->category[i], lang), st->per_category[i],
                      blue);
        break;
    case CHART_OPEN:
        for (int i = 0; i < 4; i++)
            chart_bar(&bars[n++], str_get(l, state_labels[i]), st->open_by_state[i], blue);
        break;
    case CHART_RATINGS: {
        const Color colors[3] = {green, blue, red};
        for (int i = 0; i < 3; i++)
            chart_bar(&bars[n++], str_get(l, rating_labels[i]), st->work.ratings[i], colors[i]);
        break;
    }
    case CHART_BOOKINGS:
        for (int i = 0; i < st->service_count; i++) {
            const StatsService *sv = &st->services[i];
            chart_bar(&bars[n], service_name(cfg, sv->code, lang), sv->booked, blue);
            bars[n].part = sv->checked_in;
            bars[n].part_color = green;
            snprintf(bars[n].text, sizeof bars[n].text, "%s %d · %s %d · %s %d",
                     str_get(l, S_STATS_BOOKED), sv->booked, str_get(l, S_STATS_CAME),
                     sv->checked_in, str_get(l, S_STATS_NO_SHOW), sv->no_show);
            n++;
        }
        break;
    case CHART_STAFF:
        for (int i = 0; i < st->staff_count; i++) {
            const StatsStaff *p = &st->staff[i];
            chart_bar(&bars[n], p->name, p->work.resolved, green);
            /* the templates carry "{}": write the words, then the counts */
            char a[32], r[32];
            strings_fill(r, sizeof r, str_get(l, S_STATS_P_RESOLVED), "");
            strings_fill(a, sizeof a, str_get(l, S_STATS_P_ANSWERED), "");
            snprintf(bars[n].text, sizeof bars[n].text, "%s%d · %s%d", r, p->work.resolved, a,
                     p->work.answered);
            n++;
        }
        break;
    default: return;
    }
    chart_hbars(ui, t, "report.chart", area, bars, n, t->body_px);
}

/* ---- CSV ---- */

/* Writes v between quotes, doubling quotes, after prefix (0 for none). */
static void csv_quoted(FILE *f, char prefix, const char *v)
{
    fputc('"', f);
    if (prefix)
        fputc(prefix, f);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', f);
        fputc(*v, f);
    }
    fputc('"', f);
}

void report_csv_field(void *file, const char *v)
{
    FILE *f = file;
    /* Text a spreadsheet would take for a formula (=, +, -, @, or a tab or
     * carriage return before one) gets a leading apostrophe, which Excel
     * shows as plain text: a name typed at the kiosk never runs.  No
     * exemption for "-1...": "-1+HYPERLINK(...)" is a formula too.  Numbers
     * the program writes go through report_csv_number instead. */
    if (v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL) {
        csv_quoted(f, '\'', v);
        return;
    }
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, f);
        return;
    }
    csv_quoted(f, 0, v);
}

void report_csv_number(void *file, const char *v)
{
    FILE *f = file;
    /* Only a plain decimal (optional minus, digits, optional fraction)
     * is written bare; anything else is text after all. */
    size_t i = v[0] == '-' ? 1 : 0, digits = 0;
    while (v[i] >= '0' && v[i] <= '9') {
        i++;
        digits++;
    }
    if (digits > 0 && v[i] == '.') {
        i++;
        while (v[i] >= '0' && v[i] <= '9')
            i++;
    }
    if (digits == 0 || v[i] != '\0') {
        report_csv_field(f, v);
        return;
    }
    fputs(v, f);
}

void report_csv_row_typed(int n, const char *const *cells, const bool *number, void *file)
{
    FILE *f = file;
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        if (number && number[i])
            report_csv_number(f, cells[i]);
        else
            report_csv_field(f, cells[i]);
    }
    fputs("\r\n", f);
}

void report_csv_row(int n, const char *const *cells, void *file)
{
    report_csv_row_typed(n, cells, NULL, file);
}

/* The CSV file being written: through outfile, beside its name. */
typedef struct {
    const char *dir;
    char path[1024];
    OutFile out;
    FILE *f;
    KResult k; /* why the last open or close failed */
    char *err;
    size_t errcap;
} Out;

static bool csv_open(Out *o, const char *name)
{
    snprintf(o->path, sizeof o->path, "%s/%s", o->dir, name);
    o->k = outfile_open(&o->out, o->path, o->err, o->errcap);
    if (o->k != K_OK)
        return false;
    o->f = o->out.f;
    fputs("\xEF\xBB\xBF", o->f); /* so Excel reads the Chinese as UTF-8 */
    return true;
}

static bool csv_close(Out *o)
{
    o->f = NULL;
    o->k = outfile_commit(&o->out, o->err, o->errcap);
    return o->k == K_OK;
}

/* A row of integers after some text cells. */
static void row_ints(FILE *f, int ntext, const char *const *text, int nint, const int64_t *v)
{
    const char *cells[16];
    bool number[16];
    char nums[16][24];
    int n = 0;
    for (int i = 0; i < ntext && n < 16; i++) {
        number[n] = false;
        cells[n++] = text[i];
    }
    for (int i = 0; i < nint && n < 16; i++) {
        snprintf(nums[i], sizeof nums[i], "%lld", (long long)v[i]);
        number[n] = true;
        cells[n++] = nums[i];
    }
    report_csv_row_typed(n, cells, number, f);
}

static void summary_line(FILE *f, const char *what, int64_t v)
{
    const char *t[1] = {what};
    row_ints(f, 1, t, 1, &v);
}

static bool write_summary(Out *o, const Stats *st)
{
    if (!csv_open(o, "summary.csv"))
        return false;
    FILE *f = o->f;
    report_csv_row(2, (const char *const[]){"figure", "value"}, f);
    report_csv_row(2, (const char *const[]){"from", st->period.from}, f);
    report_csv_row(2, (const char *const[]){"to", st->period.to}, f);
    summary_line(f, "requests", st->requests);
    summary_line(f, "answered", st->work.answered);
    summary_line(f, "answered_on_time", st->work.on_time);
    summary_line(f, "overdue_unanswered", st->work.overdue);
    summary_line(f, "on_time_percent", stats_on_time_percent(&st->work));
    summary_line(f, "median_answer_s", st->work.median_answer);
    summary_line(f, "resolved", st->work.resolved);
    summary_line(f, "median_resolve_s", st->work.median_resolve);
    for (int i = 0; i < 4; i++) {
        char what[48];
        snprintf(what, sizeof what, "open_%s", state_codes[i]);
        summary_line(f, what, st->open_by_state[i]);
    }
    for (int i = 0; i < 3; i++) {
        char what[48];
        snprintf(what, sizeof what, "rated_%s", rating_codes[i]);
        summary_line(f, what, st->work.ratings[i]);
    }
    summary_line(f, "walkins", st->walkins);
    summary_line(f, "walkins_called", st->walkins_called);
    summary_line(f, "median_wait_s", st->median_wait);
    summary_line(f, "longest_wait_s", st->walkins_called ? st->longest_wait : -1);
    return csv_close(o);
}

static bool write_tables(Out *o, const Stats *st, const Config *cfg, const char *lang)
{
    Lang l = lang_of(lang);
    char day[CFG_DAY_MAX], next[CFG_DAY_MAX];

    if (!csv_open(o, "per_day.csv"))
        return false;
    report_csv_row(2, (const char *const[]){"day", "requests"}, o->f);
    text_copy(day, sizeof day, st->chart_from);
    for (int i = 0; i < st->day_count; i++) {
        int64_t v = st->per_day[i];
        const char *t[1] = {day};
        row_ints(o->f, 1, t, 1, &v);
        if (booking_day_add(day, 1, next))
            text_copy(day, sizeof day, next);
    }
    if (!csv_close(o) || !csv_open(o, "categories.csv"))
        return false;
    report_csv_row(3, (const char *const[]){"code", "name", "requests"}, o->f);
    for (int i = 0; i < st->category_count; i++) {
        int64_t v = st->per_category[i];
        const char *t[2] = {st->category[i], category_name(cfg, st->category[i], lang)};
        row_ints(o->f, 2, t, 1, &v);
    }
    if (!csv_close(o) || !csv_open(o, "open.csv"))
        return false;
    report_csv_row(3, (const char *const[]){"state", "name", "requests"}, o->f);
    for (int i = 0; i < 4; i++) {
        int64_t v = st->open_by_state[i];
        const char *t[2] = {state_codes[i], str_get(l, state_labels[i])};
        row_ints(o->f, 2, t, 1, &v);
    }
    if (!csv_close(o) || !csv_open(o, "ratings.csv"))
        return false;
    report_csv_row(3, (const char *const[]){"rating", "name", "requests"}, o->f);
    for (int i = 0; i < 3; i++) {
        int64_t v = st->work.ratings[i];
        const char *t[2] = {rating_codes[i], str_get(l, rating_labels[i])};
        row_ints(o->f, 2, t, 1, &v);
    }
    if (!csv_close(o) || !csv_open(o, "bookings.csv"))
        return false;
    report_csv_row(
        6, (const char *const[]){"service", "name", "booked", "checked_in", "no_show", "cancelled"},
        o->f);
    for (int i = 0; i < st->service_count; i++) {
        const StatsService *sv = &st->services[i];
        int64_t v[4] = {sv->booked, sv->checked_in, sv->no_show, sv->cancelled};
        const char *t[2] = {sv->code, service_name(cfg, sv->code, lang)};
        row_ints(o->f, 2, t, 4, v);
    }
    if (!csv_close(o) || !csv_open(o, "staff.csv"))
        return false;
    report_csv_row(11,
                   (const char *const[]){"login", "name", "answered", "on_time", "resolved",
                                         "median_answer_s", "median_resolve_s", "satisfied",
                                         "basic", "dissatisfied", "walkins_called"},
                   o->f);
    for (int i = 0; i < st->staff_count; i++) {
        const StatsStaff *p = &st->staff[i];
        int64_t v[9] = {p->work.answered,      p->work.on_time,        p->work.resolved,
                        p->work.median_answer, p->work.median_resolve, p->work.ratings[0],
                        p->work.ratings[1],    p->work.ratings[2],     p->walkins_called};
        const char *t[2] = {p->login, p->name};
        row_ints(o->f, 2, t, 9, v);
    }
    return csv_close(o);
}

static bool write_needs(Out *o, const ReportNeeds *needs, const Config *cfg, const char *lang)
{
    Lang l = lang_of(lang);
    if (!csv_open(o, "needs.csv"))
        return false;
    report_csv_row(10,
                   (const char *const[]){"community", "community_name", "category", "category_name",
                                         "open", "urgent", "aged80", "disabled", "alone", "oldest"},
                   o->f);
    for (int i = 0; i < needs->count; i++) {
        const ReportNeed *n = &needs->rows[i];
        const char *community_name = str_get(l, S_STATS_NO_COMMUNITY);
        for (int c = 0; c < cfg->community_count; c++)
            if (strcmp(cfg->communities[c].item.code, n->community) == 0)
                community_name = config_label(&cfg->communities[c].item, lang);
        char oldest[CFG_DAY_MAX] = "";
        /* A time out of range leaves "": an empty cell, nothing to stop for. */
        (void)booking_local_day(n->oldest, oldest);
        int64_t v[5] = {n->open, n->urgent, n->aged80, n->disabled, n->alone};
        const char *t[4] = {n->community, community_name, n->category,
                            category_name(cfg, n->category, lang)};
        const char *cells[10];
        char nums[5][24];
        for (int k = 0; k < 4; k++)
            cells[k] = t[k];
        for (int k = 0; k < 5; k++) {
            snprintf(nums[k], sizeof nums[k], "%lld", (long long)v[k]);
            cells[4 + k] = nums[k];
        }
        cells[9] = oldest;
        report_csv_row(10, cells, o->f);
    }
    return csv_close(o);
}

/* Communities in the configuration's order, "none" last; then categories
 * in theirs. */
static const Config *sort_cfg;

static int config_rank(const char *community, const char *category, int *cat_rank)
{
    int rank = sort_cfg->community_count;
    for (int i = 0; i < sort_cfg->community_count; i++)
        if (strcmp(sort_cfg->communities[i].item.code, community) == 0)
            rank = i;
    *cat_rank = sort_cfg->category_count;
    for (int i = 0; i < sort_cfg->category_count; i++)
        if (strcmp(sort_cfg->categories[i].item.code, category) == 0)
            *cat_rank = i;
    return rank;
}

static int need_order(const void *a, const void *b)
{
    const ReportNeed *x = a, *y = b;
    int cx, cy;
    int rx = config_rank(x->community, x->category, &cx);
    int ry = config_rank(y->community, y->category, &cy);
    if (rx != ry)
        return rx - ry;
    if (cx != cy)
        return cx - cy;
    return strcmp(x->category, y->category);
}

void report_needs_sort(ReportNeeds *n, const Config *cfg)
{
    sort_cfg = cfg;
    qsort(n->rows, (size_t)n->count, sizeof n->rows[0], need_order);
    sort_cfg = NULL;
}

KResult report_write(const Stats *st, const ReportNeeds *needs, const Config *cfg, const char *dir,
                     const char *lang, const char *font_dir, char *err, size_t errcap)
{
    static Out o; /* two paths of OutFile: off the stack */
    memset(&o, 0, sizeof o);
    o.dir = dir;
    o.err = err;
    o.errcap = errcap;
    KResult k = outfile_mkdir(dir, err, errcap);
    if (k != K_OK)
        return k;
    if (!write_summary(&o, st) || !write_tables(&o, st, cfg, lang) ||
        !write_needs(&o, needs, cfg, lang)) {
        if (o.f)
            outfile_abort(&o.out);
        return o.k != K_OK ? o.k : K_ERR_IO;
    }

    Renderer *r = NULL;
    k = render_offscreen_create(REPORT_CHART_W, REPORT_CHART_H, font_dir, &r, err, errcap);
    if (k != K_OK)
        return k;
    static UiList ui;
    Theme t;
    for (int c = 0; c < CHART_COUNT && k == K_OK; c++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.png", dir, chart_names[c]);
        report_chart_ui(st, cfg, (ReportChart)c, lang, REPORT_CHART_W, REPORT_CHART_H, &t, &ui);
        k = render_offscreen_png(r, &ui, &t, path);
        if (k == K_ERR_REFUSED)
            (void)outfile_check(path, err, errcap); /* says which file and why */
        else if (k != K_OK)
            snprintf(err, errcap, "cannot write %s", path);
    }
    render_destroy(r);
    return k;
}

KResult report_write_projects_chart(const char *dir, const ReportProjectMonth *months, int n,
                                    const Config *cfg, const char *lang, const char *font_dir,
                                    char *err, size_t errcap)
{
    static ChartBar bars[5];
    static UiList ui;
    Lang l = lang_of(lang);
    Theme t;
    const int w = REPORT_CHART_W, h = REPORT_CHART_H;
    theme_default(&t, w, h);
    ui_clear(&ui);
    ui_add(&ui, "report.bg", UI_ROLE_PANEL, "", (Rect){0, 0, w, h}, 0, t.fg, t.bg);
    char title[256];
    snprintf(title, sizeof title, "%s · %s · %s %s %s", l == LANG_EN ? cfg->site_en : cfg->site_zh,
             str_get(l, S_PROJ_FIG_TITLE), n ? months[0].month : "", str_get(l, S_STATS_RANGE),
             n ? months[n - 1].month : "");
    Widget *tw = ui_add(&ui, "report.title", UI_ROLE_LABEL, title,
                        (Rect){t.margin, t.margin, w - 2 * t.margin, t.body_px * 3 / 2}, t.body_px,
                        t.fg, t.bg);
    if (tw) {
        tw->bold = true;
        tw->align = ALIGN_LEFT;
    }
    /* the period's figures, a bar each: the months' sums, and the projects
     * running at the end of the last month */
    ProjectFigures sum = {0};
    for (int i = 0; i < n; i++) {
        sum.needs += months[i].f.needs;
        sum.resources_linked += months[i].f.resources_linked;
        sum.finished += months[i].f.finished;
        sum.requests += months[i].f.requests;
        sum.running = months[i].f.running;
    }
    const struct {
        StringKey label;
        int value;
        Color color;
    } rows[5] = {{S_PROJ_FIG_NEEDS, sum.needs, blue},
                 {S_PROJ_FIG_RESOURCES, sum.resources_linked, blue},
                 {S_PROJ_FIG_RUNNING, sum.running, blue},
                 {S_PROJ_FIG_FINISHED, sum.finished, green},
                 {S_PROJ_FIG_REQUESTS, sum.requests, green}};
    for (int i = 0; i < 5; i++)
        chart_bar(&bars[i], str_get(l, rows[i].label), rows[i].value, rows[i].color);
    int top = t.margin + t.body_px * 2;
    chart_hbars(&ui, &t, "report.chart",
                (Rect){t.margin, top, w - 2 * t.margin, h - top - t.margin}, bars, 5, t.body_px);
    Renderer *r = NULL;
    KResult k = render_offscreen_create(w, h, font_dir, &r, err, errcap);
    if (k != K_OK)
        return k;
    char path[1024];
    snprintf(path, sizeof path, "%s/projects.png", dir);
    k = render_offscreen_png(r, &ui, &t, path);
    if (k == K_ERR_REFUSED)
        (void)outfile_check(path, err, errcap);
    else if (k != K_OK)
        snprintf(err, errcap, "cannot write %s", path);
    render_destroy(r);
    return k;
}

KResult report_write_projects(const char *dir, const ReportProjectMonth *months, int n, char *err,
                              size_t errcap)
{
    static Out o;
    memset(&o, 0, sizeof o);
    o.dir = dir;
    o.err = err;
    o.errcap = errcap;
    if (!csv_open(&o, "projects.csv"))
        return o.k != K_OK ? o.k : K_ERR_IO;
    report_csv_row(6,
                   (const char *const[]){"month", "needs", "resources_linked", "projects_running",
                                         "projects_finished", "requests_served"},
                   o.f);
    for (int i = 0; i < n; i++) {
        const ProjectFigures *f = &months[i].f;
        const char *t[1] = {months[i].month};
        int64_t v[5] = {f->needs, f->resources_linked, f->running, f->finished, f->requests};
        row_ints(o.f, 1, t, 5, v);
    }
    return csv_close(&o) ? K_OK : (o.k != K_OK ? o.k : K_ERR_IO);
}
