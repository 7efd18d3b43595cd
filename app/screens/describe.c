/* describe.c - the resident describes the problem in their own words (needed
 * for "other").  Text arrives committed from any source: a keyboard, the
 * system's input method, a script; the on-screen keyboard comes later. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"
#include "textfield.h"

static const char *describe_title(App *a)
{
    return app_str(a, S_DESCRIBE_TITLE);
}

static void describe_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    int field_h = body.h / 2;
    bool empty = a->session.draft.description[0] == '\0';
    Widget *f = ui_add(ui, "describe.field", UI_ROLE_FIELD,
                       empty ? app_str(a, S_DESCRIBE_HINT) : a->session.draft.description,
                       (Rect){body.x, y, body.w, field_h}, t->body_px,
                       empty ? t->hint_fg : t->field_fg, t->field_bg);
    if (f)
        f->align = ALIGN_LEFT;
    y += field_h + t->gap;
    char n[16], count[96];
    snprintf(n, sizeof n, "%zu/%d", text_length(a->session.draft.description), REQ_DESC_CHARS);
    strings_fill(count, sizeof count, app_str(a, S_DESCRIBE_COUNT), n);
    ui_label(ui, t, "describe.count", count, (Rect){body.x, y, body.w / 2, t->button_h},
             t->body_px);
    if (!empty)
        ui_button(ui, t, "describe.clear", app_str(a, S_DESCRIBE_CLEAR),
                  (Rect){body.x + body.w - body.w / 3, y, body.w / 3, t->button_h});
    y += t->button_h + t->gap;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "describe.message", app_str(a, a->message),
                             (Rect){body.x, y, body.w, t->body_px * 3}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
}

static bool describe_tap(App *a, const char *id)
{
    if (strcmp(id, "describe.clear") == 0) {
        a->session.draft.description[0] = '\0';
        app_changed(a);
        return true;
    }
    if (strcmp(id, "nav.next") == 0) {
        char trimmed[REQ_DESC_MAX];
        text_copy(trimmed, sizeof trimmed, a->session.draft.description);
        text_trim(trimmed);
        bool empty = trimmed[0] == '\0';
        sodium_memzero(trimmed, sizeof trimmed);
        if (empty) {
            app_set_message(a, S_DESCRIBE_EMPTY);
            return true;
        }
        app_push(a, &screen_phone);
        return true;
    }
    return false;
}

static void describe_text(App *a, const char *utf8)
{
    if (textfield_insert(a->session.draft.description, sizeof a->session.draft.description,
                         REQ_DESC_CHARS, utf8)) {
        a->session.draft_touched = true;
        app_clear_message(a);
    }
}

static void describe_key(App *a, const char *name)
{
    if (textfield_key(a->session.draft.description, name))
        app_changed(a);
    else if (strcmp(name, "Escape") == 0)
        app_back(a);
}

static bool describe_field(App *a, const char *id, TextField *f)
{
    if (strcmp(id, "describe.field") != 0)
        return false;
    *f = (TextField){a->session.draft.description, REQ_DESC_CHARS, S_DESCRIBE_TITLE};
    return true;
}

const Screen screen_describe = {
    .id = "describe",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = describe_title,
    .build = describe_build,
    .tap = describe_tap,
    .text = describe_text,
    .key = describe_key,
    .field = describe_field,
};
