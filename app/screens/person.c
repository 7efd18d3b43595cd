/* person.c - who the booking is for: a name (optional, typed) and the age
 * (needed, on the keypad).  Then, for a medical escort, the hospital;
 * otherwise the review. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keypad.h"
#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"
#include "textfield.h"

static const char *person_title(App *a)
{
    return app_str(a, S_PERSON_TITLE);
}

/* A field's height for its text: one button, or more where the text wraps,
 * never below a finger's 88 px. */
static int field_h(App *a, const char *text, int px, int w)
{
    const Theme *t = &a->theme;
    int h = app_text_lines(a, text, px, w - t->body_px) * px * 135 / 100 + t->body_px / 2;
    return h > 88 ? h : 88;
}

/* A small portrait screen (480x854) has no room for labels above the fields
 * and a keypad of keys a finger's size below them: the labels become the
 * empty fields' hints, the message about the age shows in the age field,
 * and the keypad takes four columns when four rows would not fit. */
static void person_build_compact(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    bool no_name = a->booking.draft.name[0] == '\0';
    const char *name = no_name ? app_str(a, S_NAME_OPTIONAL) : a->booking.draft.name;
    int px = no_name ? t->body_px : t->big_px;
    int h = field_h(a, name, px, body.w);
    Widget *f = ui_add(ui, "person.name", UI_ROLE_FIELD, name, (Rect){body.x, y, body.w, h}, px,
                       no_name ? t->hint_fg : t->field_fg, t->field_bg);
    if (f)
        f->align = ALIGN_LEFT;
    y += h + t->gap;
    bool no_age = a->booking.age_text[0] == '\0';
    const char *age = a->message_set ? app_str(a, a->message)
                      : no_age       ? app_str(a, S_AGE_LABEL)
                                     : a->booking.age_text;
    px = a->message_set || no_age ? t->body_px : t->big_px;
    h = field_h(a, age, px, body.w);
    Widget *w = ui_add(ui, "person.age", UI_ROLE_FIELD, age, (Rect){body.x, y, body.w, h}, px,
                       a->message_set ? t->error_fg
                       : no_age       ? t->hint_fg
                                      : t->field_fg,
                       t->field_bg);
    if (w)
        w->bold = !no_age && !a->message_set;
    y += h + t->gap;
    Rect pad = {body.x, y, body.w, body.y + body.h - y};
    if (pad.h >= keypad_min_h(a))
        keypad_build(a, ui, pad, "keypad");
    else
        keypad_build_wide(a, ui, pad, "keypad");
}

static void person_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect left, pad;
    keypad_columns(a, body, &left, &pad);
    /* the keypad is below the fields, or on the right in landscape */
    const char *age_label = app_str(a, wide ? S_AGE_LABEL_WIDE : S_AGE_LABEL);
    int label_h = app_text_lines(a, age_label, t->body_px, left.w) * t->body_px * 135 / 100;
    int msg_h = t->body_px * 2;
    int above = t->body_px * 2 + t->button_h + t->gap + label_h + t->gap / 2 + t->button_h +
                t->gap + msg_h + t->gap;
    if (!wide && body.h - above < keypad_min_h(a)) {
        person_build_compact(a, ui, body);
        return;
    }
    int y = left.y;
    ui_label(ui, t, "person.name_label", app_str(a, S_NAME_OPTIONAL),
             (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2;
    bool no_name = a->booking.draft.name[0] == '\0';
    Widget *f = ui_add(ui, "person.name", UI_ROLE_FIELD,
                       no_name ? app_str(a, S_NAME_HINT) : a->booking.draft.name,
                       (Rect){left.x, y, left.w, t->button_h}, no_name ? t->body_px : t->big_px,
                       no_name ? t->hint_fg : t->field_fg, t->field_bg);
    if (f)
        f->align = ALIGN_LEFT;
    y += t->button_h + t->gap;
    ui_label(ui, t, "person.age_label", age_label, (Rect){left.x, y, left.w, label_h}, t->body_px);
    y += label_h + t->gap / 2;
    bool no_age = a->booking.age_text[0] == '\0';
    Widget *age = ui_add(ui, "person.age", UI_ROLE_FIELD,
                         no_age ? app_str(a, S_AGE_HINT) : a->booking.age_text,
                         (Rect){left.x, y, left.w, t->button_h}, no_age ? t->body_px : t->big_px,
                         no_age ? t->hint_fg : t->field_fg, t->field_bg);
    if (age)
        age->bold = !no_age;
    y += t->button_h + t->gap;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "person.message", app_str(a, a->message),
                             (Rect){left.x, y, left.w, msg_h}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    if (!wide) {
        pad.y = y + msg_h + t->gap;
        pad.h = body.y + body.h - pad.y;
    }
    keypad_build(a, ui, pad, "keypad");
}

static void person_next(App *a)
{
    int age = a->booking.age_text[0] ? (int)strtol(a->booking.age_text, NULL, 10) : 0;
    if (age < BOOK_AGE_MIN || age > BOOK_AGE_MAX) {
        app_set_message(a, S_AGE_BAD);
        app_event(a, "input_rejected", "\"field\":\"age\"");
        return;
    }
    a->booking.draft.age = age;
    text_trim(a->booking.draft.name);
    app_push(a, a->booking.service.escort ? &screen_hospital : &screen_review);
}

static bool person_tap(App *a, const char *id)
{
    char k = keypad_key("keypad", id);
    size_t n = strlen(a->booking.age_text);
    if (k == 'k' || strcmp(id, "nav.next") == 0) {
        person_next(a);
    } else if (k == 'd') {
        if (n > 0)
            a->booking.age_text[n - 1] = '\0';
        app_clear_message(a);
    } else if (k) {
        /* At most three digits, no leading zero. */
        if (n + 1 < sizeof a->booking.age_text && !(n == 0 && k == '0')) {
            a->booking.age_text[n] = k;
            a->booking.age_text[n + 1] = '\0';
        }
        app_clear_message(a);
    } else {
        return strcmp(id, "person.name") == 0 || strcmp(id, "person.age") == 0;
    }
    return true;
}

static void person_text(App *a, const char *utf8)
{
    if (textfield_insert(a->booking.draft.name, sizeof a->booking.draft.name, REQ_NAME_CHARS, utf8))
        app_changed(a);
}

static void person_key(App *a, const char *name)
{
    if (textfield_key(a->booking.draft.name, name))
        app_changed(a);
    else if (strcmp(name, "Return") == 0 || strcmp(name, "Keypad Enter") == 0)
        person_next(a);
    else if (strcmp(name, "Escape") == 0)
        app_back(a);
}

static bool person_field(App *a, const char *id, TextField *f)
{
    if (strcmp(id, "person.name") != 0)
        return false;
    *f = (TextField){a->booking.draft.name, REQ_NAME_CHARS, S_NAME_OPTIONAL};
    return true;
}

const Screen screen_person = {
    .id = "person",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = person_title,
    .build = person_build,
    .tap = person_tap,
    .text = person_text,
    .key = person_key,
    .field = person_field,
};
