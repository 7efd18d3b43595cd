/* volunteer.c - the resident's application to volunteer (issue 21), one
 * question a screen: name and age (volunteer), then the phone keypad
 * (phone.c, FLOW_VOLUNTEER), the building (volunteer_building), what they
 * can do (volunteer_skills: skill.CODE, any number), when they are free and
 * consent to be phoned (volunteer_when), the review (review.c), and the
 * thanks (volunteer_done).  Bad input is said on the screen it belongs to,
 * and nothing is saved before review.confirm. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keypad.h"
#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/text.h"
#include "rows.h"
#include "textfield.h"

#define VOL_NAME_CHARS 20

/* ---- name and age ---- */

static const char *title_form(App *a)
{
    return app_str(a, S_VOL_TITLE);
}

static void form_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect left, pad;
    keypad_columns(a, body, &left, &pad);
    int y = left.y;
    const char *age_label = app_str(a, S_VOL_AGE_LABEL);
    int label_h = app_text_lines(a, age_label, t->body_px, left.w) * t->body_px * 135 / 100;
    ui_label(ui, t, "volunteer.name_label", app_str(a, S_VOL_NAME_LABEL),
             (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2;
    bool no_name = a->vol.draft.name[0] == '\0';
    Widget *f = ui_add(ui, "volunteer.name", UI_ROLE_FIELD,
                       no_name ? app_str(a, S_VOL_NAME_HINT) : a->vol.draft.name,
                       (Rect){left.x, y, left.w, t->button_h}, no_name ? t->body_px : t->big_px,
                       no_name ? t->hint_fg : t->field_fg, t->field_bg);
    if (f)
        f->align = ALIGN_LEFT;
    y += t->button_h + t->gap;
    ui_label(ui, t, "volunteer.age_label", age_label, (Rect){left.x, y, left.w, label_h},
             t->body_px);
    y += label_h + t->gap / 2;
    bool no_age = a->vol.age_text[0] == '\0';
    Widget *age = ui_add(ui, "volunteer.age", UI_ROLE_FIELD,
                         no_age ? app_str(a, S_VOL_AGE_HINT) : a->vol.age_text,
                         (Rect){left.x, y, left.w, t->button_h}, no_age ? t->body_px : t->big_px,
                         no_age ? t->hint_fg : t->field_fg, t->field_bg);
    if (age)
        age->bold = !no_age;
    y += t->button_h + t->gap;
    int msg_h = t->body_px * 2;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "volunteer.message", app_str(a, a->message),
                             (Rect){left.x, y, left.w, msg_h}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    if (!wide) {
        pad.y = y + msg_h + t->gap;
        pad.h = body.y + body.h - pad.y;
    }
    if (pad.h >= keypad_min_h(a))
        keypad_build(a, ui, pad, "keypad");
    else
        keypad_build_wide(a, ui, pad, "keypad");
}

static void form_next(App *a)
{
    text_trim(a->vol.draft.name);
    int age = a->vol.age_text[0] ? (int)strtol(a->vol.age_text, NULL, 10) : 0;
    if (a->vol.draft.name[0] == '\0') {
        app_set_message(a, S_VOL_NAME_MISSING);
        app_event(a, "input_rejected", "\"field\":\"volunteer_name\"");
        return;
    }
    if (age < VOL_AGE_MIN || age > VOL_AGE_MAX) {
        app_set_message(a, S_VOL_AGE_BAD);
        app_event(a, "input_rejected", "\"field\":\"age\"");
        return;
    }
    a->vol.draft.age = age;
    app_push(a, &screen_phone);
}

static bool form_tap(App *a, const char *id)
{
    char k = keypad_key("keypad", id);
    size_t n = strlen(a->vol.age_text);
    if (k == 'k' || strcmp(id, "nav.next") == 0) {
        form_next(a);
    } else if (k == 'd') {
        if (n > 0)
            a->vol.age_text[n - 1] = '\0';
        app_clear_message(a);
    } else if (k) {
        if (n + 1 < sizeof a->vol.age_text && n < 2 && !(n == 0 && k == '0')) {
            a->vol.age_text[n] = k;
            a->vol.age_text[n + 1] = '\0';
        }
        app_clear_message(a);
    } else {
        return strcmp(id, "volunteer.name") == 0 || strcmp(id, "volunteer.age") == 0;
    }
    return true;
}

static void form_text(App *a, const char *utf8)
{
    if (textfield_insert(a->vol.draft.name, sizeof a->vol.draft.name, VOL_NAME_CHARS, utf8)) {
        app_clear_message(a);
        app_changed(a);
    }
}

static void form_key(App *a, const char *name)
{
    if (textfield_key(a->vol.draft.name, name))
        app_changed(a);
    else if (strcmp(name, "Return") == 0 || strcmp(name, "Keypad Enter") == 0)
        form_next(a);
    else if (strcmp(name, "Escape") == 0)
        app_back(a);
}

static bool form_field(App *a, const char *id, TextField *f)
{
    if (strcmp(id, "volunteer.name") != 0)
        return false;
    *f = (TextField){a->vol.draft.name, VOL_NAME_CHARS, S_VOL_NAME_LABEL};
    return true;
}

const Screen screen_volunteer = {
    .id = "volunteer",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = title_form,
    .build = form_build,
    .tap = form_tap,
    .text = form_text,
    .key = form_key,
    .field = form_field,
};

/* ---- the building ---- */

static const char *title_building(App *a)
{
    return app_str(a, S_VOL_BUILDING_TITLE);
}

static void building_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const Config *c = &a->cfg;
    int cols = a->width > a->height ? 6 : 3;
    char id[WIDGET_ID_MAX];
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "volunteer.message", app_str(a, a->message),
                             (Rect){body.x, body.y, body.w, t->body_px * 2}, t->body_px);
        if (m)
            m->fg = t->error_fg;
        body.y += t->body_px * 2 + t->gap;
        body.h -= t->body_px * 2 + t->gap;
    }
    for (int i = 0; i < c->building_count; i++) {
        snprintf(id, sizeof id, "building.%s", c->buildings[i].code);
        ui_choice(ui, t, id, config_label(&c->buildings[i], app_lang_code(a)),
                  ui_grid_cell(body, cols, t->button_h, t->gap, i),
                  strcmp(a->vol.draft.building, c->buildings[i].zh) == 0);
    }
}

static bool building_tap(App *a, const char *id)
{
    const Config *c = &a->cfg;
    if (strncmp(id, "building.", 9) == 0) {
        for (int i = 0; i < c->building_count; i++)
            if (strcmp(c->buildings[i].code, id + 9) == 0) {
                text_copy(a->vol.draft.building, sizeof a->vol.draft.building, c->buildings[i].zh);
                app_clear_message(a);
                app_push(a, &screen_volunteer_skills);
                return true;
            }
        return false;
    }
    if (strcmp(id, "nav.next") == 0) {
        if (a->vol.draft.building[0])
            app_push(a, &screen_volunteer_skills);
        else
            app_set_message(a, S_VOL_BUILDING_NONE);
        return true;
    }
    return false;
}

const Screen screen_volunteer_building = {
    .id = "volunteer_building",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = title_building,
    .build = building_build,
    .tap = building_tap,
};

/* ---- skills ---- */

static const char *title_skills(App *a)
{
    return app_str(a, S_VOL_SKILLS_TITLE);
}

static int skill_index(const VolunteerDraft *d, const char *code)
{
    for (int i = 0; i < d->skill_count; i++)
        if (strcmp(d->skills[i], code) == 0)
            return i;
    return -1;
}

static void skills_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const Config *c = &a->cfg;
    int cols = 2;
    char id[WIDGET_ID_MAX];
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "volunteer.message", app_str(a, a->message),
                             (Rect){body.x, body.y, body.w, t->body_px * 2}, t->body_px);
        if (m)
            m->fg = t->error_fg;
        body.y += t->body_px * 2 + t->gap;
        body.h -= t->body_px * 2 + t->gap;
    }
    int rows = (c->skill_count + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, 88, t->button_h);
    for (int i = 0; i < c->skill_count; i++) {
        snprintf(id, sizeof id, "skill.%s", c->skills[i].code);
        ui_choice(ui, t, id, config_label(&c->skills[i], app_lang_code(a)),
                  ui_grid_cell(body, cols, row_h, t->gap, i),
                  skill_index(&a->vol.draft, c->skills[i].code) >= 0);
    }
}

static bool skills_tap(App *a, const char *id)
{
    VolunteerDraft *d = &a->vol.draft;
    if (strncmp(id, "skill.", 6) == 0) {
        const char *code = id + 6;
        if (!config_pick(a->cfg.skills, a->cfg.skill_count, code))
            return false;
        int at = skill_index(d, code);
        if (at >= 0) {
            memmove(&d->skills[at], &d->skills[at + 1],
                    (size_t)(d->skill_count - at - 1) * sizeof d->skills[0]);
            d->skill_count--;
        } else if (d->skill_count < VOL_SKILLS_MAX) {
            text_copy(d->skills[d->skill_count++], sizeof d->skills[0], code);
        }
        app_clear_message(a);
        app_changed(a);
        return true;
    }
    if (strcmp(id, "nav.next") == 0) {
        if (d->skill_count > 0)
            app_push(a, &screen_volunteer_when);
        else
            app_set_message(a, S_VOL_SKILLS_NONE);
        return true;
    }
    return false;
}

const Screen screen_volunteer_skills = {
    .id = "volunteer_skills",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = title_skills,
    .build = skills_build,
    .tap = skills_tap,
};

/* ---- when, and consent ---- */

/* The four times a resident can tick, as availability bits. */
static const struct {
    const char *id;
    StringKey label;
    unsigned bits;
} times[] = {
    {"volunteer.weekday_am", S_VOL_WD_AM, 0x155u},  /* Mon-Fri mornings: bits 0, 2, 4, 6, 8 */
    {"volunteer.weekday_pm", S_VOL_WD_PM, 0x2aau},  /* Mon-Fri afternoons */
    {"volunteer.weekend_am", S_VOL_WE_AM, 0x1400u}, /* Sat, Sun mornings: bits 10, 12 */
    {"volunteer.weekend_pm", S_VOL_WE_PM, 0x2800u}, /* Sat, Sun afternoons */
};

static const char *title_when(App *a)
{
    return app_str(a, S_VOL_WHEN_TITLE);
}

static void when_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int n = (int)(sizeof times / sizeof times[0]);
    int y = body.y;
    int row_h = t->button_h;
    Rect grid = {body.x, y, body.w, 2 * row_h + t->gap};
    for (int i = 0; i < n; i++)
        ui_choice(ui, t, times[i].id, app_str(a, times[i].label),
                  ui_grid_cell(grid, 2, row_h, t->gap, i),
                  (a->vol.draft.availability & times[i].bits) == times[i].bits);
    y += grid.h + t->gap * 3;
    char text[160];
    snprintf(text, sizeof text, "%s", app_str(a, S_VOL_CONSENT));
    int ch = app_text_lines(a, text, t->button_px, body.w - 4 * t->gap) * t->button_px * 135 / 100 +
             t->gap * 2;
    if (ch < t->button_h)
        ch = t->button_h;
    ui_choice(ui, t, "volunteer.consent", text, (Rect){body.x, y, body.w, ch},
              a->vol.draft.consent);
    y += ch + t->gap;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "volunteer.message", app_str(a, a->message),
                             (Rect){body.x, y, body.w, t->body_px * 3}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
}

static bool when_tap(App *a, const char *id)
{
    VolunteerDraft *d = &a->vol.draft;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        if (strcmp(id, times[i].id) == 0) {
            d->availability ^= times[i].bits;
            app_clear_message(a);
            app_changed(a);
            return true;
        }
    if (strcmp(id, "volunteer.consent") == 0) {
        d->consent = !d->consent;
        app_clear_message(a);
        app_changed(a);
        return true;
    }
    if (strcmp(id, "nav.next") == 0) {
        if (d->availability == 0)
            app_set_message(a, S_VOL_WHEN_NONE);
        else if (!d->consent)
            app_set_message(a, S_VOL_CONSENT_NEEDED);
        else
            app_push(a, &screen_review);
        return true;
    }
    return false;
}

const Screen screen_volunteer_when = {
    .id = "volunteer_when",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = title_when,
    .build = when_build,
    .tap = when_tap,
};

/* ---- the review's rows ---- */

static void times_text(App *a, unsigned avail, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        if ((avail & times[i].bits) == times[i].bits) {
            if (out[0])
                text_append(out, cap, app_str(a, S_SEP));
            text_append(out, cap, app_str(a, times[i].label));
        }
}

void volunteer_review_rows(App *a, UiList *ui, Rect rows, int px, int *y)
{
    const VolunteerDraft *d = &a->vol.draft;
    char buf[512], age[8];
    rows_add(a, ui, rows, px, y, "review.name", S_VOL_ROW_NAME, d->name);
    rows_add(a, ui, rows, px, y, "review.phone", S_VOL_ROW_PHONE, d->phone);
    snprintf(age, sizeof age, "%d", d->age);
    rows_add(a, ui, rows, px, y, "review.age", S_VOL_ROW_AGE, age);
    app_format_address(a, d->building, "", "", buf, sizeof buf);
    rows_add(a, ui, rows, px, y, "review.building", S_VOL_ROW_BUILDING, buf);
    app_volunteer_skills_text(a, d, buf, sizeof buf);
    rows_add(a, ui, rows, px, y, "review.skills", S_VOL_ROW_SKILLS, buf);
    times_text(a, d->availability, buf, sizeof buf);
    rows_add(a, ui, rows, px, y, "review.when", S_VOL_ROW_WHEN, buf);
}

/* ---- done ---- */

static const char *title_done(App *a)
{
    return app_str(a, S_VOL_DONE_TITLE);
}

static void done_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const char *text = app_str(a, S_VOL_DONE_TEXT);
    int px = t->big_px;
    int h = body.h - t->primary_h - t->gap * 2;
    while (px - 2 >= APP_MIN_TEXT_PX && app_bold_lines(a, text, px, body.w) * px * 135 / 100 > h)
        px -= 2;
    Widget *w = ui_label(ui, t, "volunteer.done_text", text, (Rect){body.x, body.y, body.w, h}, px);
    if (w)
        w->bold = true;
    ui_primary(ui, t, "volunteer.done", app_str(a, S_DONE),
               (Rect){body.x, body.y + body.h - t->primary_h, body.w, t->primary_h});
}

static bool done_tap(App *a, const char *id)
{
    if (strcmp(id, "volunteer.done") == 0) {
        app_reset(a, "done");
        return true;
    }
    return false;
}

static bool done_finished(App *a)
{
    (void)a;
    return true;
}

const Screen screen_volunteer_done = {
    .id = "volunteer_done",
    .nav = NAV_HOME,
    .title = title_done,
    .build = done_build,
    .tap = done_tap,
    .finished = done_finished,
};
