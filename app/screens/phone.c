/* phone.c - the resident's phone number on a large keypad, checked as a
 * mainland mobile or landline number with a plain message when it is wrong. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/phone.h"
#include "keypad.h"

/* The number being entered: the request's or the booking's. */
static char *phone_buf(App *a)
{
    if (a->session.flow == FLOW_VOLUNTEER) /* issue 21 */
        return a->vol.draft.phone;
    if (a->session.flow == FLOW_ACTIVITY)
        return a->activity.phone;
    return a->session.flow == FLOW_BOOKING ? a->booking.draft.phone : a->session.draft.phone;
}

static const char *phone_title(App *a)
{
    return app_str(a, S_PHONE_TITLE);
}

/* Digits grouped for reading: 138 1234 5678, 0755 1234 5678. */
static void group_digits(const char *d, char *out, size_t cap)
{
    size_t n = strlen(d), o = 0;
    size_t first = (d[0] == '0' && n > 3 && (d[1] == '1' || d[1] == '2')) ? 3
                   : (d[0] == '0')                                        ? 4
                                                                          : 3;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i == first || (i > first && (i - first) % 4 == 0))
            out[o++] = ' ';
        out[o++] = d[i];
    }
    out[o] = '\0';
}

static void phone_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect left, pad;
    keypad_columns(a, body, &left, &pad);
    int y = left.y;
    ui_label(ui, t, "phone.hint", app_str(a, S_PHONE_HINT),
             (Rect){left.x, y, left.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2 + t->gap;
    char shown[32];
    group_digits(phone_buf(a), shown, sizeof shown);
    Widget *f =
        ui_add(ui, "phone.field", UI_ROLE_FIELD, shown, (Rect){left.x, y, left.w, t->primary_h},
               t->big_px, t->field_fg, t->field_bg);
    if (f)
        f->bold = true;
    y += t->primary_h + t->gap;
    if (a->cfg.sms.daemon[0]) {
        /* Text me updates (issue 23): off until the resident turns it on,
         * for every flow that asks a phone number */
        char text[160];
        snprintf(text, sizeof text, "%s%s", app_str(a, S_SMS_TOGGLE),
                 app_str(a, a->session.sms ? S_TOGGLE_ON : S_TOGGLE_OFF));
        Widget *w = ui_choice(ui, t, "phone.sms", text, (Rect){left.x, y, left.w, t->button_h},
                              a->session.sms);
        if (w)
            w->font_px = t->button_px;
        y += t->button_h + t->gap;
    }
    int msg_h = t->body_px * 3;
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "phone.message", app_str(a, a->message),
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

static StringKey message_for(PhoneCheck c)
{
    switch (c) {
    case PHONE_EMPTY: return S_PHONE_EMPTY;
    case PHONE_TOO_SHORT: return S_PHONE_SHORT;
    case PHONE_TOO_LONG: return S_PHONE_LONG;
    case PHONE_BAD_MOBILE_PREFIX: return S_PHONE_MOBILE;
    case PHONE_BAD_AREA_CODE: return S_PHONE_AREA;
    default: return S_PHONE_SHORT;
    }
}

static void phone_confirm(App *a)
{
    PhoneCheck c = phone_check(phone_buf(a));
    if (c != PHONE_OK) {
        app_set_message(a, message_for(c));
        app_event(a, "input_rejected", "\"field\":\"phone\"");
        return;
    }
    if (a->session.flow == FLOW_VOLUNTEER) { /* issue 21 */
        app_push(a, &screen_volunteer_building);
        return;
    }
    if (a->session.flow == FLOW_ACTIVITY) {
        app_push(a, &screen_review);
        return;
    }
    app_push(a, a->session.flow == FLOW_BOOKING ? &screen_person : &screen_details);
}

static void phone_digit(App *a, char k)
{
    char *phone = phone_buf(a);
    size_t n = strlen(phone);
    if (k == 'd') {
        if (n > 0)
            phone[n - 1] = '\0';
    } else if (k == 'k') {
        phone_confirm(a);
        return;
    } else if (n < PHONE_MAX_DIGITS && n + 1 < REQ_PHONE_MAX) {
        phone[n] = k;
        phone[n + 1] = '\0';
    }
    a->session.draft_touched = true;
    app_clear_message(a);
}

static bool phone_tap(App *a, const char *id)
{
    char k = keypad_key("keypad", id);
    if (k) {
        phone_digit(a, k);
        return true;
    }
    if (strcmp(id, "nav.next") == 0) {
        phone_confirm(a);
        return true;
    }
    if (strcmp(id, "phone.sms") == 0 && a->cfg.sms.daemon[0]) {
        a->session.sms = !a->session.sms;
        app_changed(a);
        app_event(a, "sms_consent", a->session.sms ? "\"on\":true" : "\"on\":false");
        return true;
    }
    return false;
}

static void phone_text(App *a, const char *utf8)
{
    for (const char *p = utf8; *p; p++)
        if (*p >= '0' && *p <= '9')
            phone_digit(a, *p);
}

static void phone_key(App *a, const char *name)
{
    if (strcmp(name, "Backspace") == 0)
        phone_digit(a, 'd');
    else if (strcmp(name, "Return") == 0 || strcmp(name, "Keypad Enter") == 0)
        phone_confirm(a);
    else if (strcmp(name, "Escape") == 0)
        app_back(a);
}

const Screen screen_phone = {
    .id = "phone",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = phone_title,
    .build = phone_build,
    .tap = phone_tap,
    .text = phone_text,
    .key = phone_key,
};
