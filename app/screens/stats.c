/* stats.c - the station's figures for staff: a period picker (today, this
 * week, this month, last month, or two dates picked a day or a week at a
 * time) and six pages of charts: an overview (requests, answered on time,
 * median times, open work, ratings), requests per day, per category,
 * bookings and attendance per service, walk-ins and waits, and the same
 * work per person.
 *
 * Every chart writes its numbers on it (chart.h), so nothing is told by
 * colour alone and the figures read from a standing distance.  The store
 * read happens in app_stats_load (app_staff.c) when the period changes; a
 * page change only rebuilds the widgets. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_stats.h"
#include "kiosk/chart.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/text.h"

enum { TAB_OVERVIEW, TAB_DAYS, TAB_CATEGORIES, TAB_BOOKINGS, TAB_WALKINS, TAB_STAFF, TAB_COUNT };

static const struct {
    const char *code;
    StringKey label;
} periods[PERIOD_KIND_COUNT] = {
    {"today", S_PERIOD_TODAY}, {"week", S_PERIOD_WEEK},     {"month", S_PERIOD_MONTH},
    {"last", S_PERIOD_LAST},   {"custom", S_PERIOD_CUSTOM},
};

static const struct {
    const char *code;
    StringKey label;
} tabs[TAB_COUNT] = {
    {"overview", S_TAB_OVERVIEW}, {"days", S_TAB_DAYS},       {"categories", S_TAB_CATEGORIES},
    {"bookings", S_TAB_BOOKINGS}, {"walkins", S_TAB_WALKINS}, {"staff", S_TAB_STAFF},
};

/* Bar colours: dark enough to see on white, told apart by their words. */
static const Color bar_blue = {10, 74, 133}, bar_green = {27, 94, 32}, bar_red = {154, 0, 0};

static const char *stats_title(App *a)
{
    return app_str(a, S_STATS_TITLE);
}

static void stats_enter(App *a)
{
    app_stats_load(a);
}

/* A line of text across r; returns the y below it. */
static int line(App *a, UiList *ui, const char *id, const char *text, Rect r, bool bold)
{
    const Theme *t = &a->theme;
    int px = t->body_px;
    int lines = bold ? app_bold_lines(a, text, px, r.w) : app_text_lines(a, text, px, r.w);
    int h = lines * px * 135 / 100;
    Widget *w = ui_label(ui, t, id, text, (Rect){r.x, r.y, r.w, h}, px);
    if (w) {
        w->align = ALIGN_LEFT;
        w->bold = bold;
    }
    return r.y + h;
}

static void fill_int(App *a, char *out, size_t cap, StringKey k, int v)
{
    char num[24];
    snprintf(num, sizeof num, "%d", v);
    strings_fill(out, cap, app_str(a, k), num);
}

static void fill_duration(App *a, char *out, size_t cap, StringKey k, int64_t seconds)
{
    char d[48];
    stats_format_duration(seconds, app_lang_code(a), d, sizeof d);
    strings_fill(out, cap, app_str(a, k), d);
}

/* "50%（2/4）", or "—" when nothing counts yet. */
static void on_time_text(const StatsWork *w, char *out, size_t cap)
{
    int pct = stats_on_time_percent(w);
    if (pct < 0)
        text_copy(out, cap, "—");
    else
        snprintf(out, cap, "%d%% (%d/%d)", pct, w->on_time, w->answered + w->overdue);
}

static int overview_numbers(App *a, UiList *ui, Rect r)
{
    const Stats *s = &a->stats.figures;
    char text[160], pct[48];
    int y = r.y;
    fill_int(a, text, sizeof text, S_STATS_REQUESTS, s->requests);
    y = line(a, ui, "stats.requests", text, (Rect){r.x, y, r.w, 0}, true);
    on_time_text(&s->work, pct, sizeof pct);
    strings_fill(text, sizeof text, app_str(a, S_STATS_ON_TIME), pct);
    y = line(a, ui, "stats.on_time", text, (Rect){r.x, y, r.w, 0}, false);
    fill_duration(a, text, sizeof text, S_STATS_ANSWER_TIME, s->work.median_answer);
    y = line(a, ui, "stats.answer_time", text, (Rect){r.x, y, r.w, 0}, false);
    fill_duration(a, text, sizeof text, S_STATS_RESOLVE_TIME, s->work.median_resolve);
    return line(a, ui, "stats.resolve_time", text, (Rect){r.x, y, r.w, 0}, false);
}

/* The open work by state now; returns the y below it. */
static int overview_open(App *a, UiList *ui, Rect r)
{
    static const StringKey states[4] = {S_ST_SUBMITTED, S_ST_ACCEPTED, S_ST_ASSIGNED,
                                        S_ST_IN_PROGRESS};
    ChartBar bars[4];
    int y = line(a, ui, "stats.open_title", app_str(a, S_STATS_OPEN), r, true);
    for (int i = 0; i < 4; i++)
        chart_bar(&bars[i], app_str(a, states[i]), a->stats.figures.open_by_state[i], bar_blue);
    return chart_hbars(ui, &a->theme, "stats.open", (Rect){r.x, y, r.w, r.y + r.h - y}, bars, 4,
                       a->theme.body_px);
}

/* The residents' ratings; returns the y below them. */
static int overview_ratings(App *a, UiList *ui, Rect r)
{
    static const StringKey ratings[3] = {S_RATE_SATISFIED, S_RATE_BASIC, S_RATE_DISSATISFIED};
    const Color colors[3] = {bar_green, bar_blue, bar_red};
    ChartBar bars[3];
    int y = line(a, ui, "stats.rating_title", app_str(a, S_STATS_SATISFACTION), r, true);
    for (int i = 0; i < 3; i++)
        chart_bar(&bars[i], app_str(a, ratings[i]), a->stats.figures.work.ratings[i], colors[i]);
    return chart_hbars(ui, &a->theme, "stats.rating", (Rect){r.x, y, r.w, r.y + r.h - y}, bars, 3,
                       a->theme.body_px);
}

/* Portrait: numbers, open work, ratings down the page.  Landscape: the
 * numbers on the left, the two charts on the right. */
static void page_overview(App *a, UiList *ui, Rect r)
{
    const Theme *t = &a->theme;
    int bottom = r.y + r.h;
    if (a->width > a->height) {
        int half = (r.w - 2 * t->gap) / 2;
        int x = r.x + half + 2 * t->gap;
        overview_numbers(a, ui, (Rect){r.x, r.y, half, r.h});
        int y = overview_open(a, ui, (Rect){x, r.y, half, r.h}) + t->gap;
        overview_ratings(a, ui, (Rect){x, y, half, bottom - y});
        return;
    }
    int y = overview_numbers(a, ui, r) + t->gap;
    /* the ratings' height: a title and three rows (chart.h's rows) */
    int ratings_h = (int)(t->body_px * t->line_spacing) + t->gap + 3 * (t->body_px * 3 / 2);
    int mark = ui->count;
    int open_end = overview_open(a, ui, (Rect){r.x, y, r.w, bottom - y}) + t->gap;
    if (open_end + ratings_h > bottom) {
        /* larger text: the open work and the ratings side by side */
        ui->count = mark;
        int half = (r.w - 2 * t->gap) / 2;
        overview_open(a, ui, (Rect){r.x, y, half, bottom - y});
        overview_ratings(a, ui, (Rect){r.x + half + 2 * t->gap, y, half, bottom - y});
        return;
    }
    overview_ratings(a, ui, (Rect){r.x, open_end, r.w, bottom - open_end});
}

static void page_days(App *a, UiList *ui, Rect r)
{
    const Theme *t = &a->theme;
    const Stats *s = &a->stats.figures;
    ChartBar bars[STATS_MAX_DAYS];
    char day[CFG_DAY_MAX], next[CFG_DAY_MAX];
    int y = line(a, ui, "stats.days_title", app_str(a, S_STATS_PER_DAY), r, true);
    text_copy(day, sizeof day, s->chart_from);
    for (int i = 0; i < s->day_count; i++) {
        chart_bar(&bars[i], day + 5, s->per_day[i], bar_blue); /* "MM-DD" */
        if (booking_day_add(day, 1, next))
            text_copy(day, sizeof day, next);
    }
    chart_columns(ui, t, "stats.days", (Rect){r.x, y + t->gap, r.w, r.y + r.h - y - t->gap}, bars,
                  s->day_count, t->small_px, t->small_px * 10 / 3);
}

static void page_categories(App *a, UiList *ui, Rect r)
{
    const Theme *t = &a->theme;
    const Stats *s = &a->stats.figures;
    ChartBar bars[STATS_MAX_CATEGORIES];
    int y = line(a, ui, "stats.categories_title", app_str(a, S_STATS_PER_CATEGORY), r, true);
    for (int i = 0; i < s->category_count; i++) {
        const CfgCategory *c = config_category(&a->cfg, s->category[i]);
        chart_bar(&bars[i],
                  c ? config_label(&c->item, app_lang_code(a)) : app_str(a, S_STATS_OTHER_CATEGORY),
                  s->per_category[i], bar_blue);
    }
    Rect area = {r.x, y + t->gap, r.w, r.y + r.h - y - t->gap};
    int n = s->category_count;
    if (a->width > a->height && n > 5) {
        /* landscape: two columns on one scale */
        int half = (area.w - 2 * t->gap) / 2, left = (n + 1) / 2;
        chart_hbars_from(ui, t, "stats.category", (Rect){area.x, area.y, half, area.h}, bars, n, 0,
                         left, t->body_px);
        chart_hbars_from(ui, t, "stats.category",
                         (Rect){area.x + half + 2 * t->gap, area.y, half, area.h}, bars, n, left,
                         n - left, t->body_px);
        return;
    }
    chart_hbars(ui, t, "stats.category", area, bars, n, t->body_px);
}

/* Lays out the bookings chart at px from y; false when the last service's
 * row found no room, the widgets it added taken back unless keep. */
static bool bookings_at(App *a, UiList *ui, Rect r, int y, int px, bool keep)
{
    const Theme *t = &a->theme;
    const Stats *s = &a->stats.figures;
    ChartBar bars[CFG_MAX_SERVICES] = {0};
    char side[CFG_MAX_SERVICES][104]; /* two parts of 48 and a separator */
    int n = s->service_count < CFG_MAX_SERVICES ? s->service_count : CFG_MAX_SERVICES;
    int side_w = 0, cap = r.w * 2 / 5;
    for (int i = 0; i < n; i++) {
        const StatsService *sv = &s->services[i];
        const CfgService *c = config_service(&a->cfg, sv->code);
        chart_bar(&bars[i], c ? config_label(&c->item, app_lang_code(a)) : sv->code, sv->booked,
                  bar_blue);
        bars[i].part = sv->checked_in; /* the green start: those who came */
        bars[i].part_color = bar_green;
        snprintf(bars[i].text, sizeof bars[i].text, "%d (%d)", sv->booked, sv->checked_in);
        /* one line when it fits the side column, else one line each */
        char no_show[48], cancelled[48];
        snprintf(no_show, sizeof no_show, "%s %d", app_str(a, S_STATS_NO_SHOW), sv->no_show);
        snprintf(cancelled, sizeof cancelled, "%s %d", app_str(a, S_STATS_CANCELLED),
                 sv->cancelled);
        int wn = chart_text_width(no_show, px), wc = chart_text_width(cancelled, px);
        int w = wn + chart_text_width(" · ", px) + wc + px / 2;
        bool one_line = w <= cap;
        if (!one_line)
            w = (wn > wc ? wn : wc) + px / 2;
        snprintf(side[i], sizeof side[i], "%s%s%s", no_show, one_line ? " · " : "\n", cancelled);
        side_w = w > side_w ? w : side_w;
    }
    if (side_w > cap)
        side_w = cap; /* wraps beyond that, the row made as tall */
    for (int i = 0; i < n; i++)
        bars[i].lines = app_text_lines(a, side[i], px, side_w);
    int saved = ui->count;
    Rect chart = {r.x, y, r.w - side_w - t->gap, r.y + r.h - y};
    chart_hbars(ui, t, "stats.service", chart, bars, n, px);
    for (int i = 0; i < n; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "stats.service.name.%d", i);
        const Widget *row = ui_find(ui, id);
        if (!row) { /* the chart had no room for this row */
            if (!keep)
                ui->count = saved;
            return false;
        }
        snprintf(id, sizeof id, "stats.service_line.%d", i);
        Widget *w = ui_label(ui, t, id, side[i],
                             (Rect){r.x + r.w - side_w, row->rect.y, side_w, row->rect.h}, px);
        if (w)
            w->align = ALIGN_LEFT;
    }
    return true;
}

/* Per service: a bar of the bookings with those who came as its green
 * start, "10 (4)" written after it and explained in the title, and at the
 * row's right end its no-shows and cancellations in words ("爽约 3 · 取消 1"),
 * so that each service's figures stay on its one row (lines of their own
 * below the chart ran out of room in landscape).  When the rows do not all
 * fit at the body size, they are laid out at the small one. */
static void page_bookings(App *a, UiList *ui, Rect r)
{
    const Theme *t = &a->theme;
    int y = line(a, ui, "stats.bookings_title", app_str(a, S_STATS_BOOKED_TITLE), r, true);
    if (!bookings_at(a, ui, r, y, t->body_px, false))
        bookings_at(a, ui, r, y, t->small_px, true);
}

/* Issue 22: needs recognised, resources linked, projects running and
 * finished, requests served through projects in the period; under the
 * walk-ins, the page with room to spare. */
static int projects_figures(App *a, UiList *ui, Rect r)
{
    static const struct {
        const char *id;
        StringKey label;
    } rows[5] = {
        {"stats.proj.needs", S_PROJ_FIG_NEEDS},
        {"stats.proj.resources", S_PROJ_FIG_RESOURCES},
        {"stats.proj.running", S_PROJ_FIG_RUNNING},
        {"stats.proj.finished", S_PROJ_FIG_FINISHED},
        {"stats.proj.requests", S_PROJ_FIG_REQUESTS},
    };
    const ProjectFigures *f = &a->projects.figures;
    const int v[5] = {f->needs, f->resources_linked, f->running, f->finished, f->requests};
    char text[160];
    int y = line(a, ui, "stats.proj.title", app_str(a, S_PROJ_FIG_TITLE), r, true);
    for (int i = 0; i < 5; i++) {
        snprintf(text, sizeof text, "%s%s%d", app_str(a, rows[i].label), app_str(a, S_COLON), v[i]);
        y = line(a, ui, rows[i].id, text, (Rect){r.x, y, r.w, 0}, false);
    }
    return y;
}

static void page_walkins(App *a, UiList *ui, Rect r)
{
    const Stats *s = &a->stats.figures;
    char text[160];
    int y = r.y;
    Rect full = r;
    /* issue 22: the figures of projects beside the walk-ins' (their lines
     * are short); the activities' (issue 20) below both at full width, or
     * below the walk-ins' on a landscape screen */
    r.w = r.w / 2;
    fill_int(a, text, sizeof text, S_STATS_WALKINS, s->walkins);
    y = line(a, ui, "stats.walkins", text, (Rect){r.x, y, r.w, 0}, true);
    fill_int(a, text, sizeof text, S_STATS_CALLED, s->walkins_called);
    y = line(a, ui, "stats.called", text, (Rect){r.x, y, r.w, 0}, false);
    fill_duration(a, text, sizeof text, S_STATS_WAIT, s->median_wait);
    y = line(a, ui, "stats.wait", text, (Rect){r.x, y, r.w, 0}, false);
    fill_duration(a, text, sizeof text, S_STATS_LONGEST, s->walkins_called ? s->longest_wait : -1);
    y = line(a, ui, "stats.longest", text, (Rect){r.x, y, r.w, 0}, false);
    int gap = a->theme.gap;
    int py =
        projects_figures(a, ui, (Rect){full.x + r.w + gap, full.y, full.w - r.w - gap, full.h});
    if (a->width > a->height) { /* landscape: short of height, the left column's room */
        activities_stats_lines(a, ui, r, y + gap);
        return;
    }
    activities_stats_lines(a, ui, full, (py > y ? py : y) + gap);
}

/* One person: the name, then the counts, then the time and the ratings. */
static int person(App *a, UiList *ui, const StatsStaff *p, Rect r)
{
    char id[WIDGET_ID_MAX], text[320], part[96], pct[48];
    int y;
    snprintf(id, sizeof id, "stats.person.%.24s", p->login);
    y = line(a, ui, id, p->name, r, true);
    fill_int(a, text, sizeof text, S_STATS_P_ANSWERED, p->work.answered);
    fill_int(a, part, sizeof part, S_STATS_P_RESOLVED, p->work.resolved);
    text_append(text, sizeof text, " · ");
    text_append(text, sizeof text, part);
    on_time_text(&p->work, pct, sizeof pct);
    strings_fill(part, sizeof part, app_str(a, S_STATS_P_ON_TIME), pct);
    text_append(text, sizeof text, " · ");
    text_append(text, sizeof text, part);
    fill_int(a, part, sizeof part, S_STATS_P_CALLED, p->walkins_called);
    text_append(text, sizeof text, " · ");
    text_append(text, sizeof text, part);
    snprintf(id, sizeof id, "stats.counts.%.24s", p->login);
    y = line(a, ui, id, text, (Rect){r.x, y, r.w, 0}, false);
    fill_duration(a, text, sizeof text, S_STATS_P_TIMES, p->work.median_answer);
    snprintf(id, sizeof id, "stats.times.%.24s", p->login);
    y = line(a, ui, id, text, (Rect){r.x, y, r.w, 0}, false);
    snprintf(text, sizeof text, "%s %d · %s %d · %s %d", app_str(a, S_RATE_SATISFIED),
             p->work.ratings[0], app_str(a, S_RATE_BASIC), p->work.ratings[1],
             app_str(a, S_RATE_DISSATISFIED), p->work.ratings[2]);
    snprintf(id, sizeof id, "stats.ratings.%.24s", p->login);
    return line(a, ui, id, text, (Rect){r.x, y, r.w, 0}, false);
}

static void page_staff(App *a, UiList *ui, Rect r)
{
    const Theme *t = &a->theme;
    int vy = volunteer_stats_lines(a, ui, r); /* issue 21: the volunteers' hours */
    r = (Rect){r.x, vy, r.w, r.y + r.h - vy};
    const Stats *s = &a->stats.figures;
    bool wide = a->width > a->height;
    int cols = wide ? 2 : 1;
    int col_w = (r.w - (cols - 1) * 2 * t->gap) / cols;
    int y[2] = {r.y, r.y}, shown = 0;
    for (int i = 0; i < s->staff_count; i++) {
        int c = wide ? i % 2 : 0;
        /* four lines of about 1.35 em, and a gap */
        int need = 4 * t->body_px * 135 / 100 + t->gap;
        if (y[c] + need > r.y + r.h - t->body_px * 2)
            break;
        y[c] = person(a, ui, &s->staff[i], (Rect){r.x + c * (col_w + 2 * t->gap), y[c], col_w, 0}) +
               t->gap;
        shown++;
    }
    int more = s->staff_count - shown + s->staff_more;
    if (more > 0) {
        char text[96];
        fill_int(a, text, sizeof text, S_STATS_MORE_STAFF, more);
        int bottom = y[0] > y[1] ? y[0] : y[1];
        line(a, ui, "stats.more", text, (Rect){r.x, bottom, r.w, 0}, false);
    }
}

/* "From 2026-11-01" with a day and a week either way. */
static int date_row(App *a, UiList *ui, const char *which, const char *day, StringKey k, int y,
                    Rect body)
{
    const Theme *t = &a->theme;
    static const struct {
        const char *code;
        StringKey label;
    } steps[4] = {{"back7", S_DAY_MINUS7},
                  {"back1", S_DAY_MINUS1},
                  {"fwd1", S_DAY_PLUS1},
                  {"fwd7", S_DAY_PLUS7}};
    char id[WIDGET_ID_MAX], text[64];
    int row_h = a->width > a->height ? 96 : t->button_h;
    int bw = body.w / 7;
    if (bw < 110)
        bw = 110;
    int label_w = body.w - 4 * bw - 4 * t->gap;
    for (int i = 0; i < 4; i++) {
        int x = i < 2 ? body.x + i * (bw + t->gap)
                      : body.x + 2 * (bw + t->gap) + label_w + t->gap + (i - 2) * (bw + t->gap);
        snprintf(id, sizeof id, "stats.%s.%s", which, steps[i].code);
        ui_button(ui, t, id, app_str(a, steps[i].label), (Rect){x, y, bw, row_h});
    }
    strings_fill(text, sizeof text, app_str(a, k), day);
    snprintf(id, sizeof id, "stats.%s", which);
    ui_label(ui, t, id, text, (Rect){body.x + 2 * (bw + t->gap), y, label_w, row_h}, t->body_px);
    return y + row_h + t->gap;
}

/* A choice of the period or page; its text at body size so that the
 * English words fit the narrower columns. */
static void choice(App *a, UiList *ui, const char *id, StringKey k, Rect r, bool on)
{
    Widget *w = ui_choice(ui, &a->theme, id, app_str(a, k), r, on);
    if (w)
        w->font_px = a->theme.body_px;
}

/* The period picker and the page tabs: across the top in portrait (three
 * a row), as two columns on the left in landscape.  Returns the area left
 * for the page. */
static Rect pickers(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    char id[WIDGET_ID_MAX];
    Rect periods_area, tabs_area, rest;
    int row_h = 100; /* above the 88 px a finger needs, leaving room for charts */
    if (wide) {
        int col = body.w / 6;
        row_h = ui_fit_rows(body.h, TAB_COUNT, t->gap, 88, row_h);
        periods_area = (Rect){body.x, body.y, col, body.h};
        tabs_area = (Rect){body.x + col + t->gap, body.y, col, body.h};
        int x = tabs_area.x + col + 2 * t->gap;
        rest = (Rect){x, body.y, body.x + body.w - x, body.h};
    } else {
        periods_area = (Rect){body.x, body.y, body.w, 2 * row_h + t->gap};
        int y = body.y + 2 * (row_h + t->gap);
        tabs_area = (Rect){body.x, y, body.w, 2 * row_h + t->gap};
        y += 2 * (row_h + t->gap) + t->gap;
        rest = (Rect){body.x, y, body.w, body.y + body.h - y};
    }
    int cols = wide ? 1 : 3;
    for (int i = 0; i < PERIOD_KIND_COUNT; i++) {
        snprintf(id, sizeof id, "stats.period.%s", periods[i].code);
        choice(a, ui, id, periods[i].label, ui_grid_cell(periods_area, cols, row_h, t->gap, i),
               (int)a->stats.kind == i);
    }
    for (int i = 0; i < TAB_COUNT; i++) {
        snprintf(id, sizeof id, "stats.tab.%s", tabs[i].code);
        choice(a, ui, id, tabs[i].label, ui_grid_cell(tabs_area, cols, row_h, t->gap, i),
               a->stats.tab == i);
    }
    return rest;
}

static void stats_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    char text[96];
    Rect area = pickers(a, ui, body);
    int y = area.y;
    if (a->stats.kind == PERIOD_CUSTOM) {
        y = date_row(a, ui, "from", a->stats.custom.from, S_STATS_FROM, y, area);
        y = date_row(a, ui, "to", a->stats.custom.to, S_STATS_UNTIL, y, area);
    } else if (a->stats.ok) {
        snprintf(text, sizeof text, "%s %s %s", a->stats.figures.period.from,
                 app_str(a, S_STATS_RANGE), a->stats.figures.period.to);
        y = line(a, ui, "stats.range", text, (Rect){area.x, y, area.w, 0}, false) + t->gap;
    }
    body = area;
    Rect r = {body.x, y, body.w, body.y + body.h - y};
    if (!a->stats.ok) {
        line(a, ui, "stats.message", a->staff.note, r, true);
        return;
    }
    if (a->stats.figures.requests == 0 && a->stats.figures.walkins == 0 &&
        a->stats.tab != TAB_DAYS) {
        int booked = 0;
        for (int i = 0; i < a->stats.figures.service_count; i++)
            booked += a->stats.figures.services[i].booked + a->stats.figures.services[i].cancelled;
        if (booked == 0)
            y = line(a, ui, "stats.none", app_str(a, S_STATS_NONE), r, false) + t->gap;
        r = (Rect){body.x, y, body.w, body.y + body.h - y};
    }
    switch (a->stats.tab) {
    case TAB_DAYS: page_days(a, ui, r); break;
    case TAB_CATEGORIES: page_categories(a, ui, r); break;
    case TAB_BOOKINGS: page_bookings(a, ui, r); break;
    case TAB_WALKINS: page_walkins(a, ui, r); break;
    case TAB_STAFF: page_staff(a, ui, r); break;
    default: page_overview(a, ui, r); break;
    }
}

/* Moves a custom date by days, keeping from <= to and at most a year. */
static void move_date(App *a, bool from, int days)
{
    StatsPeriod p = a->stats.custom;
    char *d = from ? p.from : p.to;
    char moved[CFG_DAY_MAX];
    if (!booking_day_add(d, days, moved))
        return;
    text_copy(d, CFG_DAY_MAX, moved);
    if (!stats_period_valid(&p))
        return; /* it would run backwards or past a year: stay */
    a->stats.custom = p;
    app_stats_load(a);
}

static bool stats_tap(App *a, const char *id)
{
    static const struct {
        const char *code;
        int days;
    } steps[4] = {{"back7", -7}, {"back1", -1}, {"fwd1", 1}, {"fwd7", 7}};
    if (strncmp(id, "stats.period.", 13) == 0) {
        for (int i = 0; i < PERIOD_KIND_COUNT; i++)
            if (strcmp(id + 13, periods[i].code) == 0) {
                if (i == PERIOD_CUSTOM && a->stats.kind != PERIOD_CUSTOM && a->stats.ok)
                    a->stats.custom = a->stats.figures.period; /* start from what is shown */
                char today[CFG_DAY_MAX];
                if (i == PERIOD_CUSTOM && !stats_period_valid(&a->stats.custom) &&
                    booking_local_day(app_now_ms(a) / 1000, today))
                    stats_period_of(PERIOD_MONTH, today, &a->stats.custom);
                a->stats.kind = (StatsPeriodKind)i;
                app_stats_load(a);
            }
        return true;
    }
    if (strncmp(id, "stats.tab.", 10) == 0) {
        for (int i = 0; i < TAB_COUNT; i++)
            if (strcmp(id + 10, tabs[i].code) == 0)
                a->stats.tab = i;
        app_changed(a);
        return true;
    }
    for (int i = 0; i < 4; i++) {
        char want[WIDGET_ID_MAX];
        snprintf(want, sizeof want, "stats.from.%s", steps[i].code);
        if (strcmp(id, want) == 0) {
            move_date(a, true, steps[i].days);
            return true;
        }
        snprintf(want, sizeof want, "stats.to.%s", steps[i].code);
        if (strcmp(id, want) == 0) {
            move_date(a, false, steps[i].days);
            return true;
        }
    }
    return false;
}

const Screen screen_stats = {
    .id = "stats",
    .nav = NAV_BACK | NAV_HOME,
    .enter = stats_enter,
    .title = stats_title,
    .build = stats_build,
    .tap = stats_tap,
};
