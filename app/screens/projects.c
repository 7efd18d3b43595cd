/* projects.c - staff's projects list (项目清单, issue 22): the unfinished
 * projects, the overdue ones first (in the error colour), each a button to
 * its details: state, owner, dates, the needs it answers, the resources
 * carrying it out (with their contact: staff only), its milestones and
 * requests.  The needs list (needs.c) opens from here.  Secondary text may
 * be 28 px (staff read at arm's length). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_project.h"
#include "kiosk/text.h"
#include "rows.h"

static int staff_px(const Theme *t)
{
    return t->small_px < 28 ? 28 : t->small_px;
}

static StringKey state_key(const char *state)
{
    return strcmp(state, "running") == 0     ? S_PROJ_STATE_RUNNING
           : strcmp(state, "finished") == 0  ? S_PROJ_STATE_FINISHED
           : strcmp(state, "cancelled") == 0 ? S_PROJ_STATE_CANCELLED
                                             : S_PROJ_STATE_PLANNED;
}

/* A day "2026-12-20" as 12月20日 (12/20), with its year when it is not
 * this year's: 2027年1月31日 (2027/1/31). */
static void short_day(const App *a, const char *day, char *out, size_t cap)
{
    int y = 0, m = 0, d = 0;
    time_t now = (time_t)(app_now_ms(a) / 1000);
    struct tm tm = {0};
    localtime_r(&now, &tm);
    bool year = sscanf(day, "%4d", &y) == 1 && y != tm.tm_year + 1900;
    if (sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3)
        snprintf(out, cap, "%s", day);
    else if (a->lang == LANG_ZH && year)
        snprintf(out, cap, "%d年%d月%d日", y, m, d);
    else if (a->lang == LANG_ZH)
        snprintf(out, cap, "%d月%d日", m, d);
    else if (year)
        snprintf(out, cap, "%d/%d/%d", y, m, d);
    else
        snprintf(out, cap, "%d/%d", m, d);
}

/* The first lines of text that fit in fit lines (a "…" line when cut). */
static const char *first_lines(App *a, const char *text, int px, int width, int fit, char *buf,
                               size_t cap, int *lines)
{
    *lines = app_text_lines(a, text, px, width);
    if (*lines <= fit)
        return text;
    text_copy(buf, cap, text);
    for (;;) {
        char *nl = strrchr(buf, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char *more = buf + strlen(buf);
        snprintf(more, cap - (size_t)(more - buf), "\n…");
        *lines = app_text_lines(a, buf, px, width);
        if (*lines <= fit)
            break;
        *more = '\0';
    }
    return buf;
}

/* ---- the list ---- */

static const char *projects_title(App *a)
{
    return app_str(a, S_PROJ_TITLE);
}

static void projects_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const AppProjects *s = &a->projects;
    int px = staff_px(t);
    int y = body.y;
    ui_button(ui, t, "projects.needs", app_str(a, S_NEED_BUTTON),
              (Rect){body.x, y, body.w, t->button_h});
    y += t->button_h + t->gap;
    if (s->count == 0) {
        ui_label(ui, t, "projects.empty", app_str(a, S_PROJ_NONE),
                 (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
        return;
    }
    /* one button a project: its title, then owner, due day and state */
    int row_h = ui_text_height(2, px, t) + 2 * ui_text_pad_y(UI_ROLE_BUTTON, t);
    if (row_h < t->button_h)
        row_h = t->button_h;
    for (int i = 0; i < s->count && y + row_h <= body.y + body.h; i++) {
        const ProjectRecord *p = &s->list[i];
        char id[WIDGET_ID_MAX], text[PROJ_TITLE_MAX + 160], due[32];
        short_day(a, p->due_day, due, sizeof due);
        snprintf(text, sizeof text,
                 a->lang == LANG_ZH ? "%s\n%s%s%s  %s %s  【%s】" : "%s\n%s%s%s  %s %s  [%s]",
                 p->title, app_str(a, S_PROJ_OWNER), app_str(a, S_COLON), s->owner_names[i],
                 app_str(a, S_PROJ_DUE), due,
                 app_str(a, p->overdue ? S_PROJ_OVERDUE : state_key(p->state)));
        snprintf(id, sizeof id, "project.%lld", (long long)p->id);
        Widget *w = ui_button(ui, t, id, text, (Rect){body.x, y, body.w, row_h});
        if (w) {
            w->font_px = px;
            w->align = ALIGN_LEFT;
            if (p->overdue)
                w->fg = t->error_fg;
        }
        y += row_h + t->gap / 2;
    }
}

static bool projects_tap(App *a, const char *id)
{
    long long pid = 0;
    if (strcmp(id, "projects.needs") == 0) {
        app_push(a, &screen_needs);
        return true;
    }
    if (sscanf(id, "project.%lld", &pid) != 1)
        return false;
    app_project_open(a, pid);
    return true;
}

const Screen screen_projects = {
    .id = "projects",
    .nav = NAV_BACK | NAV_HOME,
    .enter = app_projects_load,
    .title = projects_title,
    .build = projects_build,
    .tap = projects_tap,
};

/* ---- a project ---- */

static const char *project_title(App *a)
{
    return a->projects.current.title;
}

static void project_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const ProjectRecord *p = &a->projects.current;
    int px = staff_px(t);
    /* landscape: the facts on the left, the lists on the right */
    bool wide = body.w > body.h;
    Rect left = body, right = body;
    if (wide) {
        left.w = (body.w - t->gap) / 2;
        right.x = left.x + left.w + t->gap;
        right.w = body.w - left.w - t->gap;
    }
    int y = left.y;
    char text[160], a1[32], a2[32];
    snprintf(text, sizeof text, "%s",
             app_str(a, p->overdue ? S_PROJ_OVERDUE : state_key(p->state)));
    Widget *st = ui_label(ui, t, "project.state", text,
                          (Rect){left.x, y, left.w, t->big_px * 3 / 2}, t->big_px);
    if (st) {
        st->bold = true;
        if (p->overdue)
            st->fg = t->error_fg;
    }
    y += t->big_px * 3 / 2 + t->gap;
    rows_add(a, ui, left, t->body_px, &y, "project.owner", S_PROJ_OWNER, a->projects.owner_name);
    short_day(a, p->start_day, a1, sizeof a1);
    short_day(a, p->due_day, a2, sizeof a2);
    snprintf(text, sizeof text, "%s – %s", a1, a2);
    rows_add(a, ui, left, t->body_px, &y, "project.due", S_PROJ_PERIOD, text);
    if (p->result[0])
        rows_add(a, ui, left, t->body_px, &y, "project.result", S_PROJ_RESULT, p->result);
    int ry = wide ? right.y : y;
    int room = body.y + body.h - ry - t->gap / 2;
    int line_h = (int)(px * t->line_spacing);
    int lines;
    char buf[sizeof a->projects.detail + 8];
    const char *shown = first_lines(a, a->projects.detail, px, right.w,
                                    room / line_h > 1 ? room / line_h : 1, buf, sizeof buf, &lines);
    Widget *d = ui_label(ui, t, "project.detail", shown,
                         (Rect){right.x, ry, right.w, (int)(lines * line_h) + t->gap / 2}, px);
    if (d)
        d->align = ALIGN_LEFT;
}

const Screen screen_project = {
    .id = "project",
    .nav = NAV_BACK | NAV_HOME,
    .title = project_title,
    .build = project_build,
};
