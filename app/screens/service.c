/* service.c - step 1 of a booking: which service, each with one line on
 * what it is.  Only the services the store offers now are listed. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/text.h"

static const char *service_title(App *a)
{
    return app_str(a, S_SERVICE_TITLE);
}

static void service_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int cols = a->width > a->height ? 2 : 1;
    int n = 0;
    for (int i = 0; i < a->booking.service_count; i++)
        n += a->booking.services[i].active;
    int rows = (n + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, t->button_h, t->button_h * 2);
    int k = 0;
    for (int i = 0; i < a->booking.service_count; i++) {
        const CfgService *s = &a->booking.services[i];
        if (!s->active)
            continue;
        char id[WIDGET_ID_MAX], text[WIDGET_TEXT_MAX];
        const char *about = a->lang == LANG_EN ? s->about_en : s->about_zh;
        snprintf(id, sizeof id, "service.%s", s->item.code);
        text_copy(text, sizeof text, config_label(&s->item, app_lang_code(a)));
        Rect r = ui_grid_cell(body, cols, row_h, t->gap, k++);
        /* The name, and under it what the service is, when both fit. */
        if (about[0] && app_text_lines(a, about, t->body_px, r.w - 2 * t->gap) * t->body_px * 1.35 +
                                t->button_px * 1.35 <=
                            r.h - t->gap) {
            text_append(text, sizeof text, "\n");
            text_append(text, sizeof text, about);
        }
        Widget *w =
            ui_choice(ui, t, id, text, r, strcmp(a->booking.draft.service, s->item.code) == 0);
        if (w && strchr(text, '\n'))
            w->font_px = t->body_px;
        if (w)
            w->bold = true;
    }
    if (a->message_set)
        ui_label(ui, t, "service.message", app_str(a, a->message),
                 (Rect){body.x, body.y + body.h - t->body_px * 3, body.w, t->body_px * 3},
                 t->body_px);
}

static bool service_tap(App *a, const char *id)
{
    if (strncmp(id, "service.", 8) != 0)
        return false;
    for (int i = 0; i < a->booking.service_count; i++) {
        const CfgService *s = &a->booking.services[i];
        if (!s->active || strcmp(s->item.code, id + 8) != 0)
            continue;
        if (strcmp(a->booking.draft.service, s->item.code) != 0) {
            text_copy(a->booking.draft.service, sizeof a->booking.draft.service, s->item.code);
            a->booking.draft.day[0] = '\0';
            a->booking.draft.hospital[0] = a->booking.draft.department[0] = '\0';
            a->booking.draft.pickup = PICKUP_NONE;
            a->booking.draft.needs = 0;
        }
        if (app_load_availability(a, s->item.code))
            app_push(a, &screen_date);
        return true;
    }
    return true;
}

const Screen screen_service = {
    .id = "service",
    .nav = NAV_BACK | NAV_HOME,
    .title = service_title,
    .build = service_build,
    .tap = service_tap,
};
