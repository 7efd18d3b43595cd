/* hospital.c and department choice for a medical escort: two pick lists
 * from the site configuration, so nobody has to type a hospital's name.
 * "Other hospital" is always there; the resident tells the worker when
 * they meet. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/text.h"

static const char *hospital_title(App *a)
{
    return app_str(a, S_HOSPITAL_TITLE);
}

static const char *department_title(App *a)
{
    return app_str(a, S_DEPT_TITLE);
}

/* A grid of picks (prefix.CODE) with, when other is given, a last choice
 * prefix.other. */
static void build_picks(App *a, UiList *ui, Rect body, const char *prefix, const CfgItem *items,
                        int count, const char *chosen, StringKey other)
{
    const Theme *t = &a->theme;
    int cols = a->width > a->height ? 3 : 2;
    int n = count + (other ? 1 : 0);
    int rows = (n + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, 88, t->button_h);
    char id[WIDGET_ID_MAX];
    for (int i = 0; i < count; i++) {
        snprintf(id, sizeof id, "%s.%s", prefix, items[i].code);
        ui_choice(ui, t, id, config_label(&items[i], app_lang_code(a)),
                  ui_grid_cell(body, cols, row_h, t->gap, i), strcmp(chosen, items[i].code) == 0);
    }
    if (other) {
        snprintf(id, sizeof id, "%s.other", prefix);
        ui_choice(ui, t, id, app_str(a, other), ui_grid_cell(body, cols, row_h, t->gap, count),
                  strcmp(chosen, "other") == 0);
    }
}

static void hospital_build(App *a, UiList *ui, Rect body)
{
    build_picks(a, ui, body, "hospital", a->cfg.hospitals, a->cfg.hospital_count,
                a->booking.draft.hospital, S_HOSPITAL_OTHER);
}

static void department_build(App *a, UiList *ui, Rect body)
{
    build_picks(a, ui, body, "department", a->cfg.departments, a->cfg.department_count,
                a->booking.draft.department, 0);
}

static bool hospital_tap(App *a, const char *id)
{
    if (strncmp(id, "hospital.", 9) != 0)
        return false;
    const char *code = id + 9;
    if (strcmp(code, "other") != 0 && !config_pick(a->cfg.hospitals, a->cfg.hospital_count, code))
        return true;
    text_copy(a->booking.draft.hospital, sizeof a->booking.draft.hospital, code);
    app_push(a, a->cfg.department_count > 0 ? &screen_department : &screen_escort);
    return true;
}

static bool department_tap(App *a, const char *id)
{
    if (strncmp(id, "department.", 11) != 0)
        return false;
    if (config_pick(a->cfg.departments, a->cfg.department_count, id + 11)) {
        text_copy(a->booking.draft.department, sizeof a->booking.draft.department, id + 11);
        app_push(a, &screen_escort);
    }
    return true;
}

const Screen screen_hospital = {
    .id = "hospital",
    .nav = NAV_BACK | NAV_HOME,
    .title = hospital_title,
    .build = hospital_build,
    .tap = hospital_tap,
};

const Screen screen_department = {
    .id = "department",
    .nav = NAV_BACK | NAV_HOME,
    .title = department_title,
    .build = department_build,
    .tap = department_tap,
};
