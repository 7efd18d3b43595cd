/* review.c - everything the resident gave, to check before confirming.
 * Confirming files the request once, however often it is tapped. */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_activity.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/text.h"
#include "rows.h"

static const char *review_title(App *a)
{
    if (a->session.flow == FLOW_VOLUNTEER) /* issue 21 */
        return app_str(a, S_VOL_REVIEW_TITLE);
    if (a->session.flow == FLOW_ACTIVITY)
        return app_str(a, S_ACT_REVIEW_TITLE);
    return app_str(a, a->session.flow == FLOW_BOOKING ? S_REVIEW_BOOK_TITLE : S_REVIEW_TITLE);
}

static void flags_text(App *a, char *out, size_t cap)
{
    static const struct {
        unsigned flag;
        StringKey label;
    } names[] = {
        {FLAG_AGED80, S_FLAG_AGED80}, {FLAG_DISABLED, S_FLAG_DISABLED}, {FLAG_ALONE, S_FLAG_ALONE}};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (a->session.draft.flags & names[i].flag) {
            if (out[0])
                text_append(out, cap, app_str(a, S_SEP));
            text_append(out, cap, app_str(a, names[i].label));
        }
    if (!out[0])
        text_copy(out, cap, app_str(a, S_NONE));
}

/* phone.sms as chosen (issue 23): texts to this number or none.  On a
 * landscape screen it stands above the confirm button (the rows there are
 * full already), unless a refusal takes that side. */
static bool sms_beside(const App *a)
{
    return a->width > a->height && !(a->session.flow == FLOW_BOOKING && a->booking.refusal_set);
}

static void add_sms_row(App *a, UiList *ui, Rect rows, int px, int *y)
{
    if (a->cfg.sms.daemon[0] && !sms_beside(a))
        rows_add(a, ui, rows, px, y, "review.sms", S_SMS_REVIEW,
                 app_str(a, a->session.sms ? S_SMS_REVIEW_ON : S_SMS_REVIEW_OFF));
}

/* The rows of the activities' and volunteers' reviews (their own files),
 * then the texts' line like the other flows. */
static void activity_rows_sms(App *a, UiList *ui, Rect rows, int px, int *y)
{
    activities_review_rows(a, ui, rows, px, y);
    add_sms_row(a, ui, rows, px, y);
}

static void volunteer_rows_sms(App *a, UiList *ui, Rect rows, int px, int *y)
{
    volunteer_review_rows(a, ui, rows, px, y);
    add_sms_row(a, ui, rows, px, y);
}

static void add_sms_beside(App *a, UiList *ui, Rect confirm, Rect body)
{
    if (!a->cfg.sms.daemon[0] || !sms_beside(a))
        return;
    const Theme *t = &a->theme;
    const char *said = app_str(a, a->session.sms ? S_SMS_REVIEW_ON : S_SMS_REVIEW_OFF);
    int h = 0; /* measured first: it stands just above the confirm button */
    rows_add(a, NULL, confirm, t->body_px, &h, "review.sms", S_SMS_REVIEW, said);
    int y = confirm.y - h;
    if (y < body.y)
        y = body.y;
    rows_add(a, ui, (Rect){confirm.x, y, confirm.w, h}, t->body_px, &y, "review.sms", S_SMS_REVIEW,
             said);
}

static void add_rows(App *a, UiList *ui, Rect rows, int px, int *y)
{
    const RequestDraft *d = &a->session.draft;
    const CfgCategory *cat = config_category(&a->cfg, d->category);
    const char *lang = app_lang_code(a);
    rows_add(a, ui, rows, px, y, "review.category", S_REVIEW_CATEGORY,
             cat ? config_label(&cat->item, lang) : "");
    const CfgItem *issue = cat ? config_issue(cat, d->issue) : NULL;
    rows_add(a, ui, rows, px, y, "review.issue", S_REVIEW_ISSUE,
             issue ? config_label(issue, lang) : app_str(a, S_ISSUE_OTHER));
    if (d->description[0])
        rows_add(a, ui, rows, px, y, "review.description", S_REVIEW_DESC, d->description);
    rows_add(a, ui, rows, px, y, "review.phone", S_REVIEW_PHONE, d->phone);
    add_sms_row(a, ui, rows, px, y);
    rows_add(a, ui, rows, px, y, "review.name", S_REVIEW_NAME, d->name);
    char addr[128];
    app_format_address(a, d->building, d->unit, d->room, addr, sizeof addr);
    rows_add(a, ui, rows, px, y, "review.address", S_REVIEW_ADDRESS, addr);
    rows_add(a, ui, rows, px, y, "review.urgency", S_REVIEW_URGENCY,
             app_str(a, d->urgency == URGENCY_URGENT ? S_URGENCY_URGENT : S_URGENCY_NORMAL));
    char flags[128];
    flags_text(a, flags, sizeof flags);
    rows_add(a, ui, rows, px, y, "review.flags", S_REVIEW_FLAGS, flags);
}

static void needs_text(App *a, unsigned needs, char *out, size_t cap)
{
    static const struct {
        unsigned need;
        StringKey label;
    } names[] = {{NEED_WHEELCHAIR, S_NEED_WHEELCHAIR},
                 {NEED_COMPANION, S_NEED_COMPANION},
                 {NEED_HEARING, S_NEED_HEARING},
                 {NEED_SIGHT, S_NEED_SIGHT}};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (needs & names[i].need) {
            if (out[0])
                text_append(out, cap, app_str(a, S_SEP));
            text_append(out, cap, app_str(a, names[i].label));
        }
    if (!out[0])
        text_copy(out, cap, app_str(a, S_NONE));
}

/* A refused booking with a next free slot to take instead: confirming
 * takes it (the old time can no longer be confirmed). */
static bool has_offer(const App *a)
{
    const BookRefusal *r = &a->booking.refusal;
    return a->session.flow == FLOW_BOOKING && a->booking.refusal_set && r->kind == REFUSE_SLOT &&
           r->next_slot >= 0;
}

/* The confirm button's words taking the offer: "改约到 13:30 并确认", with
 * the date too when it is another day. */
static void offer_confirm_text(App *a, char *out, size_t cap)
{
    const BookRefusal *r = &a->booking.refusal;
    char when[96] = "", hm[16];
    if (strcmp(r->next_day, a->booking.draft.day) != 0) {
        strings_date(a->lang, r->next_day, booking_weekday(r->next_day), when, sizeof when);
        text_append(when, sizeof when, " ");
    }
    snprintf(hm, sizeof hm, "%02d:%02d", r->next_slot / 60, r->next_slot % 60);
    text_append(when, sizeof when, hm);
    strings_fill(out, cap, app_str(a, S_CONFIRM_OFFER), when);
}

static void add_booking_rows(App *a, UiList *ui, Rect rows, int px, int *y)
{
    const BookingDraft *d = &a->booking.draft;
    const char *lang = app_lang_code(a);
    char text[256], part[128];
    rows_add(a, ui, rows, px, y, "review.service", S_REVIEW_SERVICE,
             app_service_name(a, d->service));
    const CfgSlot *slot = booking_find_slot(&a->booking.service, d->slot);
    app_format_when(a, d->day, d->slot, slot ? slot->end : 0, text, sizeof text);
    if (has_offer(a)) {
        /* The time it will become, and the one that could not be had:
         * "改为 5月3日 周五 13:30-14:30（原来的 10:00-11:00 约不上了）". */
        const BookRefusal *r = &a->booking.refusal;
        char was[128], now[128];
        if (strcmp(r->next_day, d->day) == 0 && slot)
            snprintf(was, sizeof was, "%02d:%02d-%02d:%02d", d->slot / 60, d->slot % 60,
                     slot->end / 60, slot->end % 60);
        else
            text_copy(was, sizeof was, text);
        const CfgSlot *next = booking_find_slot(&a->booking.service, r->next_slot);
        app_format_when(a, r->next_day, r->next_slot, next ? next->end : 0, now, sizeof now);
        strings_fill(text, sizeof text, app_str(a, S_WHEN_CHANGED), now);
        strings_fill(part, sizeof part, app_str(a, S_WHEN_WAS), was);
        text_append(text, sizeof text, part);
    }
    Widget *when = rows_add(a, ui, rows, px, y, "review.when", S_REVIEW_WHEN, text);
    if (when && has_offer(a))
        when->bold = true;
    rows_add(a, ui, rows, px, y, "review.phone", S_REVIEW_PHONE, d->phone);
    add_sms_row(a, ui, rows, px, y);
    /* Name and age on one line: "姓名：李大爷    年龄：78" */
    text_copy(text, sizeof text, d->name[0] ? d->name : app_str(a, S_NOT_GIVEN));
    snprintf(part, sizeof part, "    %s%s%d", app_str(a, S_REVIEW_AGE), app_str(a, S_COLON),
             d->age);
    text_append(text, sizeof text, part);
    rows_add(a, ui, rows, px, y, "review.person", S_REVIEW_NAME, text);
    if (!a->booking.service.escort)
        return;
    const CfgItem *h = config_pick(a->cfg.hospitals, a->cfg.hospital_count, d->hospital);
    text_copy(text, sizeof text, h ? config_label(h, lang) : app_str(a, S_HOSPITAL_OTHER));
    const CfgItem *dep = config_pick(a->cfg.departments, a->cfg.department_count, d->department);
    if (dep) {
        text_append(text, sizeof text, " ");
        text_append(text, sizeof text, config_label(dep, lang));
    }
    rows_add(a, ui, rows, px, y, "review.hospital", S_REVIEW_HOSPITAL, text);
    if (d->pickup == PICKUP_HOME)
        app_format_address(a, d->building, d->unit, d->room, text, sizeof text);
    else
        text_copy(text, sizeof text,
                  app_str(a, d->pickup == PICKUP_HOSPITAL ? S_PICKUP_HOSPITAL : S_PICKUP_STATION));
    rows_add(a, ui, rows, px, y, "review.pickup", S_REVIEW_PICKUP, text);
    needs_text(a, d->needs, text, sizeof text);
    rows_add(a, ui, rows, px, y, "review.needs", S_REVIEW_NEEDS, text);
}

/* Why the booking was refused, in words; *offer says whether a next free
 * slot can be offered. */
static void refusal_text(App *a, char *out, size_t cap, bool *offer)
{
    const BookRefusal *r = &a->booking.refusal;
    char num[16];
    *offer = false;
    switch (r->kind) {
    case REFUSE_SLOT:
        text_copy(out, cap, app_str(a, r->slot == AVAIL_FULL ? S_REFUSE_FULL : S_REFUSE_GONE));
        if (r->next_slot >= 0) {
            *offer = true;
            text_append(out, cap, app_str(a, S_OFFER_HINT));
        } else
            text_append(out, cap, app_str(a, S_REFUSE_NONE_FREE));
        break;
    case REFUSE_PHONE_SLOT: text_copy(out, cap, app_str(a, S_REFUSE_PHONE_SLOT)); break;
    case REFUSE_PHONE_LIMIT:
        snprintf(num, sizeof num, "%d", r->open_bookings);
        strings_fill(out, cap, app_str(a, S_REFUSE_PHONE_LIMIT), num);
        break;
    case REFUSE_NO_SERVICE:
    case REFUSE_NONE: text_copy(out, cap, app_str(a, S_REFUSE_SERVICE)); break;
    }
}

static void review_build(App *a, UiList *ui, Rect body)
{
    bool booking = a->session.flow == FLOW_BOOKING;
    void (*rows_fn)(App *, UiList *, Rect, int, int *) = booking ? add_booking_rows : add_rows;
    if (a->session.flow == FLOW_VOLUNTEER) /* issue 21 */
        rows_fn = volunteer_rows_sms;
    if (a->session.flow == FLOW_ACTIVITY)
        rows_fn = activity_rows_sms;
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect rows = body;
    Rect confirm = {body.x, body.y + body.h - t->primary_h, body.w, t->primary_h};
    if (wide) {
        rows.w = body.w * 2 / 3 - t->gap;
        confirm = (Rect){body.x + rows.w + t->gap * 2, body.y + body.h / 2 - t->primary_h,
                         body.w - rows.w - t->gap * 2, t->primary_h * 2};
    }
    if (!wide)
        rows.h -= t->primary_h + t->gap;
    /* A refusal: why, under the rows (portrait) or above confirm on the
     * right (landscape); with no time to offer, a way back to the days. */
    char why[512] = "";
    bool offer = false, pick_day = false;
    int why_h = 0, why_px = t->body_px;
    if (wide && booking && a->booking.refusal_set) {
        /* at the bottom; twice as tall when it names the offered time, so
         * the words can take two lines in the narrow column */
        int ch = has_offer(a) ? t->primary_h * 2 : t->primary_h;
        confirm = (Rect){confirm.x, body.y + body.h - ch, confirm.w, ch};
    }
    Rect side = wide ? (Rect){confirm.x, body.y, confirm.w, confirm.y - body.y - t->gap} : rows;
    if (booking && a->booking.refusal_set) {
        refusal_text(a, why, sizeof why, &offer);
        RefuseKind kind = a->booking.refusal.kind;
        pick_day = !offer && (kind == REFUSE_SLOT || kind == REFUSE_PHONE_SLOT);
        /* bold, as drawn; on the landscape side it steps its size down
         * rather than run under the buttons (larger text) */
        int room = side.h - (pick_day ? t->button_h + t->gap : 0) - t->gap;
        while (wide && why_px - 2 >= APP_MIN_TEXT_PX &&
               app_bold_lines(a, why, why_px, side.w) * why_px * 135 / 100 > room)
            why_px -= 2;
        why_h = app_bold_lines(a, why, why_px, side.w) * why_px * 135 / 100 + t->gap;
        if (pick_day)
            why_h += t->button_h + t->gap;
        if (!wide)
            rows.h -= why_h;
    }
    /* Large rows when they fit, body-size rows when a long description or a
     * landscape screen would push them under the buttons. */
    int px = t->button_px;
    int end = rows.y;
    int msg_h = a->message_set ? t->body_px * 3 : 0; /* kept for the message */
    rows_fn(a, NULL, rows, px, &end);
    if (end > rows.y + rows.h - msg_h)
        px = t->body_px;
    /* Larger text on a landscape screen: smaller steps until the rows fit,
     * still a tenth larger than the normal body size. */
    int floor_px = (int)(t->body_px / t->scale * 1.1 + 0.5);
    for (end = rows.y; rows_fn(a, NULL, rows, px, &end),
        end > rows.y + rows.h - msg_h && px - 2 >= floor_px && t->scale > 1.0;
         end = rows.y)
        px -= 2;
    int y = rows.y;
    rows_fn(a, ui, rows, px, &y);
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "review.message", app_str(a, a->message),
                             (Rect){rows.x, y, rows.w, t->body_px * 3}, t->body_px);
        if (m)
            m->fg = t->error_fg;
        y += t->body_px * 3;
    }
    if (why[0]) {
        int wy = wide ? side.y : y + t->gap;
        int text_h = why_h - (pick_day ? t->button_h + t->gap : 0) - t->gap;
        Widget *m =
            ui_label(ui, t, "review.refused", why, (Rect){side.x, wy, side.w, text_h}, why_px);
        if (m) {
            m->fg = t->error_fg;
            m->bold = true;
        }
        if (pick_day)
            ui_button(ui, t, "review.days", app_str(a, S_REVIEW_PICK_DAY),
                      (Rect){side.x, wy + text_h + t->gap, side.w, t->button_h});
    }
    /* Refused, confirm is the one way on: the offered time ("改约到 13:30
     * 并确认"), or nothing when no time is free (disabled). */
    char label[160];
    text_copy(label, sizeof label, app_str(a, booking ? S_CONFIRM_BOOK : S_CONFIRM));
    if (a->session.flow == FLOW_ACTIVITY) {
        const Activity *v = &a->activity.shown; /* the people picked may not fit */
        bool wait = v->waiting > 0 || a->activity.people > v->seats - v->taken;
        text_copy(label, sizeof label, app_str(a, wait ? S_ACT_CONFIRM_WAIT : S_ACT_CONFIRM));
    }
    if (offer)
        offer_confirm_text(a, label, sizeof label);
    add_sms_beside(a, ui, confirm, body);
    Widget *c = ui_primary(ui, t, "review.confirm", label, confirm);
    if (c) {
        /* the offered time on one line (two in landscape), bold as drawn,
         * stepping its size down to fit */
        int cpx = t->big_px, max_lines = confirm.h >= t->primary_h * 2 ? 2 : 1;
        while (offer && cpx - 2 >= APP_MIN_TEXT_PX &&
               app_bold_lines(a, label, cpx, confirm.w - 4 * t->gap) > max_lines)
            cpx -= 2;
        c->font_px = cpx;
        if (booking && a->booking.refusal_set && !offer) {
            c->enabled = false;
            c->fg = t->disabled_fg;
            c->bg = t->disabled_bg;
        }
    }
}

static bool review_tap(App *a, const char *id)
{
    if (strcmp(id, "review.confirm") == 0) {
        if (a->session.flow == FLOW_VOLUNTEER) /* issue 21 */
            app_volunteer_submit(a);
        else if (a->session.flow == FLOW_ACTIVITY)
            app_submit_activity(a);
        else if (a->session.flow != FLOW_BOOKING)
            app_submit_request(a);
        else if (has_offer(a))
            app_take_offer(a);
        else if (!a->booking.refusal_set)
            app_submit_booking(a);
        return true; /* refused with nothing to offer: confirm is off */
    }
    if (strcmp(id, "review.days") == 0 && a->booking.refusal_set) {
        app_back_to(a, &screen_date);
        return true;
    }
    return false;
}

/* Coming to the review from an earlier step: what changed there (a phone,
 * a day) is booked afresh, so an old refusal no longer stands. */
static void review_enter(App *a)
{
    a->booking.refusal_set = false;
}

const Screen screen_review = {
    .id = "review",
    .nav = NAV_BACK | NAV_HOME,
    .enter = review_enter,
    .title = review_title,
    .build = review_build,
    .tap = review_tap,
};
