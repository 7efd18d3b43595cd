/* issue.c - step 2 of a request: one of the category's common issues, or
 * "other" to describe it in the resident's own words. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"

static const char *issue_title(App *a)
{
    return app_str(a, S_ISSUE_TITLE);
}

static void issue_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const CfgCategory *c = config_category(&a->cfg, a->session.draft.category);
    if (!c)
        return;
    int cols = a->width > a->height ? 2 : 1;
    int rows = (c->issue_count + 1 + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, t->button_h, t->button_h * 3 / 2);
    int i = 0;
    for (; i < c->issue_count; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "issue.%s", c->issues[i].code);
        ui_choice(ui, t, id, config_label(&c->issues[i], app_lang_code(a)),
                  ui_grid_cell(body, cols, row_h, t->gap, i),
                  strcmp(a->session.draft.issue, c->issues[i].code) == 0);
    }
    ui_choice(ui, t, "issue.other", app_str(a, S_ISSUE_OTHER),
              ui_grid_cell(body, cols, row_h, t->gap, i),
              strcmp(a->session.draft.issue, "other") == 0);
}

static bool issue_tap(App *a, const char *id)
{
    if (strncmp(id, "issue.", 6) != 0)
        return false;
    const char *code = id + 6;
    const CfgCategory *c = config_category(&a->cfg, a->session.draft.category);
    if (!c)
        return true;
    if (strcmp(code, "other") == 0) {
        text_copy(a->session.draft.issue, sizeof a->session.draft.issue, "other");
        app_push(a, &screen_describe);
    } else if (config_issue(c, code)) {
        text_copy(a->session.draft.issue, sizeof a->session.draft.issue, code);
        app_push(a, &screen_phone);
    }
    return true;
}

const Screen screen_issue = {
    .id = "issue",
    .nav = NAV_BACK | NAV_HOME,
    .title = issue_title,
    .build = issue_build,
    .tap = issue_tap,
};
