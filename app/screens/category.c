/* category.c - step 1 of a request: what it is about. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"

static const char *category_title(App *a)
{
    return app_str(a, S_CATEGORY_TITLE);
}

static void category_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int cols = a->width > a->height ? 3 : 2;
    int rows = (a->cfg.category_count + cols - 1) / cols;
    /* At least a normal button's height (larger text on a landscape screen
     * cannot have larger ones for every category). */
    int row_h =
        ui_fit_rows(body.h, rows, t->gap, (int)(t->button_h / t->scale), t->button_h * 3 / 2);
    for (int i = 0; i < a->cfg.category_count; i++) {
        const CfgCategory *c = &a->cfg.categories[i];
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "category.%s", c->item.code);
        Rect r = ui_grid_cell(body, cols, row_h, t->gap, i);
        ui_choice(ui, t, id, config_label(&c->item, app_lang_code(a)), r,
                  strcmp(a->session.draft.category, c->item.code) == 0);
    }
}

static bool category_tap(App *a, const char *id)
{
    if (strncmp(id, "category.", 9) != 0)
        return false;
    const CfgCategory *c = config_category(&a->cfg, id + 9);
    if (!c)
        return true;
    if (strcmp(a->session.draft.category, c->item.code) != 0) {
        text_copy(a->session.draft.category, sizeof a->session.draft.category, c->item.code);
        a->session.draft.issue[0] = '\0';
    }
    a->session.draft_touched = true;
    if (c->issue_count == 0) {
        /* "Other" has no common issues: straight to describing it. */
        text_copy(a->session.draft.issue, sizeof a->session.draft.issue, "other");
        app_push(a, &screen_describe);
    } else {
        app_push(a, &screen_issue);
    }
    return true;
}

const Screen screen_category = {
    .id = "category",
    .nav = NAV_BACK | NAV_HOME,
    .title = category_title,
    .build = category_build,
    .tap = category_tap,
};
