/* app_booking.c - the app's booking actions: starting the path, reading
 * services and availability, booking, and the resident's side of a booking
 * found by scanning its ticket (see app.h).
 *
 * Screens ask; this file talks to the store and logs what happened.  The
 * store decides every rule inside its write transaction, so what the
 * screens show (places left, greyed days) is a view that can be a moment
 * old: a refusal here is normal, not an error, and is answered with the
 * next free slot. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_request.h"
#include "kiosk/app_sms.h"
#include "kiosk/app_ticket.h"
#include "kiosk/platform.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

void app_start_request(App *a)
{
    a->session.flow = FLOW_REQUEST;
    a->session.addr_building = a->session.draft.building;
    a->session.addr_unit = a->session.draft.unit;
    a->session.addr_room = a->session.draft.room;
    a->session.draft_touched = true;
    app_push(a, &screen_category);
}

void app_start_booking(App *a)
{
    a->session.flow = FLOW_BOOKING;
    booking_draft_wipe(&a->booking.draft);
    booking_draft_init(&a->booking.draft);
    a->booking.draft.pickup = PICKUP_NONE;
    a->session.addr_building = a->booking.draft.building;
    a->session.addr_unit = a->booking.draft.unit;
    a->session.addr_room = a->booking.draft.room;
    a->booking.refusal_set = false;
    a->session.draft_touched = true;
    app_load_services(a);
    app_push(a, &screen_service);
}

void app_load_services(App *a)
{
    KResult rc = store_list_services(a->store, false, a->booking.services, CFG_MAX_SERVICES,
                                     &a->booking.service_count);
    if (rc != K_OK) {
        a->booking.service_count = 0;
        app_store_error(a, "services", rc);
        app_set_message(a, S_SAVE_FAILED);
    }
}

const char *app_service_name(const App *a, const char *code)
{
    for (int i = 0; i < a->booking.service_count; i++)
        if (strcmp(a->booking.services[i].item.code, code) == 0)
            return config_label(&a->booking.services[i].item, app_lang_code(a));
    return code;
}

bool app_load_availability(App *a, const char *service)
{
    char today[CFG_DAY_MAX];
    int64_t now = app_now_ms(a) / 1000;
    KResult rc = store_get_service(a->store, service, &a->booking.service);
    if (rc == K_OK && !booking_local_day(now, today))
        rc = K_ERR_INVALID;
    if (rc == K_OK) {
        a->booking.day_count = a->booking.service.horizon_days;
        rc = store_availability(a->store, &a->booking.service, today, a->booking.day_count, now,
                                a->booking.days);
    }
    if (rc != K_OK) {
        a->booking.day_count = 0;
        app_store_error(a, "availability", rc);
        app_set_message(a, S_SAVE_FAILED);
        return false;
    }
    return true;
}

void app_avail_text(const App *a, const DayAvail *d, const SlotAvail *sl, char *out, size_t cap)
{
    Avail st = sl ? sl->state : d->state;
    char num[16];
    out[0] = '\0';
    switch (st) {
    case AVAIL_OPEN:
        snprintf(num, sizeof num, "%d", sl ? sl->slot.capacity - sl->taken : d->places);
        strings_fill(out, cap, app_str(a, S_AVAIL_PLACES), num);
        break;
    case AVAIL_FULL: text_copy(out, cap, app_str(a, S_AVAIL_FULL)); break;
    case AVAIL_TOO_SOON: {
        int h = a->booking.service.lead_hours;
        bool days = h >= 24 && h % 24 == 0;
        snprintf(num, sizeof num, "%d", days ? h / 24 : h);
        strings_fill(out, cap, app_str(a, days ? S_AVAIL_SOON_DAYS : S_AVAIL_SOON_HOURS), num);
        break;
    }
    case AVAIL_CLOSED: {
        const char *why = a->lang == LANG_EN ? d->reason_en : d->reason_zh;
        text_copy(out, cap, why[0] ? why : app_str(a, S_AVAIL_CLOSED));
        break;
    }
    case AVAIL_NOT_OPEN: text_copy(out, cap, app_str(a, S_AVAIL_NOT_OPEN)); break;
    case AVAIL_STARTED:
    case AVAIL_BEYOND:
    case AVAIL_NO_SLOT: text_copy(out, cap, app_str(a, S_AVAIL_STARTED)); break;
    }
}

void app_format_when(const App *a, const char *day, int slot_start, int slot_end, char *out,
                     size_t cap)
{
    char date[64], times[32];
    strings_date(a->lang, day, booking_weekday(day), date, sizeof date);
    if (slot_end > slot_start)
        snprintf(times, sizeof times, " %02d:%02d-%02d:%02d", slot_start / 60, slot_start % 60,
                 slot_end / 60, slot_end % 60);
    else
        snprintf(times, sizeof times, " %02d:%02d", slot_start / 60, slot_start % 60);
    text_copy(out, cap, date);
    text_append(out, cap, times);
}

static void log_refusal(App *a)
{
    char fields[256];
    snprintf(fields, sizeof fields,
             "\"reason\":\"%s\",\"service\":\"%s\",\"day\":\"%s\",\"slot\":\"%02d:%02d\"",
             store_refusal_name(&a->booking.refusal), a->booking.draft.service,
             a->booking.draft.day, a->booking.draft.slot / 60, a->booking.draft.slot % 60);
    if (a->booking.refusal.next_slot >= 0) {
        char next[64];
        snprintf(next, sizeof next, ",\"next_day\":\"%s\",\"next_slot\":\"%02d:%02d\"",
                 a->booking.refusal.next_day, a->booking.refusal.next_slot / 60,
                 a->booking.refusal.next_slot % 60);
        text_append(fields, sizeof fields, next);
    }
    app_event(a, "booking_refused", fields);
}

void app_submit_booking(App *a)
{
    if (a->ticket.issued.id != 0)
        return; /* already booked: the ticket is showing */
    double started = platform_mono_ms();
    int64_t booking_id = 0;
    Ticket tk;
    /* phone.sms: texts about it in the resident's language (issue 23) */
    text_copy(a->booking.draft.sms, sizeof a->booking.draft.sms, app_sms_consent(a));
    KResult rc = store_book(a->store, &a->booking.draft, a->cfg.site_code, app_now_ms(a) / 1000,
                            a->cfg.max_open_per_phone, a->key, "kiosk", &booking_id, &tk,
                            &a->booking.refusal);
    if (rc == K_ERR_REFUSED) {
        a->booking.refusal_set = true;
        log_refusal(a);
        /* What the screens show is a moment old: read it again. */
        app_load_availability(a, a->booking.draft.service);
        app_changed(a);
        return;
    }
    if (rc == K_OK)
        rc = qr_encode(tk.payload, &a->ticket.qr);
    if (rc != K_OK) {
        app_store_error(a, "book", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    a->booking.refusal_set = false;
    a->ticket.issued = tk;
    a->ticket.hours = 0;
    a->ticket.ahead = 0;
    char fields[256];
    snprintf(fields, sizeof fields,
             "\"kind\":\"booking\",\"number\":\"%s\",\"payload\":\"%s\",\"id\":%lld,"
             "\"booking_id\":%lld",
             tk.number, tk.payload, (long long)tk.id, (long long)booking_id);
    app_event(a, "ticket_issued", fields);
    /* Keep for the ticket and the receipt only what they show: service,
     * day, slot, an escort's hospital, department and pick-up (with the
     * home's address for a pick-up at home) and the phone's last 4 digits. */
    BookingDraft *r = &a->ticket.receipt_book;
    const BookingDraft *d = &a->booking.draft;
    booking_draft_wipe(r);
    text_copy(r->service, sizeof r->service, d->service);
    text_copy(r->day, sizeof r->day, d->day);
    r->slot = d->slot;
    r->pickup = d->pickup;
    text_copy(r->hospital, sizeof r->hospital, d->hospital);
    text_copy(r->department, sizeof r->department, d->department);
    if (d->pickup == PICKUP_HOME) {
        text_copy(r->building, sizeof r->building, d->building);
        text_copy(r->unit, sizeof r->unit, d->unit);
        text_copy(r->room, sizeof r->room, d->room);
    }
    size_t digits = strlen(a->booking.draft.phone);
    text_copy(r->phone, sizeof r->phone, a->booking.draft.phone + (digits > 4 ? digits - 4 : 0));
    booking_draft_wipe(&a->booking.draft);
    booking_draft_init(&a->booking.draft);
    a->ticket.confirm_started_ms = started;
    a->guard_until_ms = app_mono_ms(a) + APP_CONFIRM_GUARD_MS;
    a->depth = 1;
    app_push(a, &screen_ticket);
    app_request_print(a);
}

void app_take_offer(App *a)
{
    const BookRefusal *r = &a->booking.refusal;
    if (!a->booking.refusal_set || r->next_slot < 0)
        return;
    text_copy(a->booking.draft.day, sizeof a->booking.draft.day, r->next_day);
    a->booking.draft.slot = r->next_slot;
    a->booking.refusal_set = false;
    app_event(a, "booking_offer_taken", NULL);
    /* The resident tapped "change to 10:00 and confirm": book it now.  Taken
     * meanwhile too, it is refused again with the next offer. */
    app_submit_booking(a);
    app_changed(a);
}

#define SWEEP_EVERY_MS (10 * 60 * 1000)

void app_sweep_no_shows(App *a)
{
    if (!a->store)
        return;
    int64_t now = app_now_ms(a);
    if (a->booking.swept_at_ms != 0 && now - a->booking.swept_at_ms < SWEEP_EVERY_MS)
        return;
    a->booking.swept_at_ms = now;
    int count = 0;
    KResult rc = store_sweep_no_shows(a->store, now / 1000, "kiosk", &count);
    if (rc != K_OK) {
        app_store_error(a, "no_show", rc);
        return;
    }
    if (count > 0) {
        char fields[48];
        snprintf(fields, sizeof fields, "\"count\":%d", count);
        app_event(a, "no_shows_marked", fields);
    }
}

const char *app_site_name(App *a, const char *code)
{
    static char buf[160];
    DistrictSite all[32];
    int n = 0;
    text_copy(buf, sizeof buf, code);
    if (!a->store || store_district_sites(a->store, all, 32, &n) != K_OK)
        return buf;
    for (int i = 0; i < n; i++)
        if (strcmp(all[i].code, code) == 0 && all[i].name[0]) {
            /* a site has one name, given at the centre, usually Chinese:
             * in English the code alone rather than Chinese in English text */
            bool zh = a->lang != LANG_EN, ascii = true;
            for (const char *p = all[i].name; *p; p++)
                ascii = ascii && (unsigned char)*p < 0x80;
            if (zh || ascii)
                snprintf(buf, sizeof buf, "%s%s%s%s", all[i].name, zh ? "（" : " (", code,
                         zh ? "）" : ")");
        }
    return buf;
}

bool app_show_other_booking(App *a, const char *site, int64_t ticket_id)
{
    DistrictCopy c;
    if (!a->store || store_district_copy_of_ticket(a->store, site, ticket_id, &c) != K_OK ||
        strcmp(c.kind, "booking") != 0)
        return false;
    BookingRecord *b = &a->booking.shown;
    memset(b, 0, sizeof *b);
    b->id = 0; /* not a row here: nothing to cancel or check in */
    text_copy(b->draft.service, sizeof b->draft.service, c.service);
    text_copy(b->draft.day, sizeof b->draft.day, c.day);
    b->draft.slot = c.slot > 0 ? c.slot : 0;
    text_copy(b->status, sizeof b->status, c.status);
    b->state = booking_state_of(c.status);
    text_copy(b->ticket.number, sizeof b->ticket.number, c.number);
    text_copy(b->site, sizeof b->site, site);
    a->booking.shown_cancelled = false;
    text_copy(a->booking.shown_site, sizeof a->booking.shown_site, site);
    a->booking.shown_pulled_at = c.pulled_at;
    app_push(a, &screen_booking);
    return true;
}

void app_load_shown_service(App *a)
{
    /* The service's names and places as stored now (another site's
     * booking: the service of the same code here, for its name only: the
     * district's catalogue is one; the place shown is that site). */
    if (store_get_service(a->store, a->booking.shown.draft.service, &a->booking.service) != K_OK)
        memset(&a->booking.service, 0, sizeof a->booking.service);
}

void app_cancel_shown(App *a, StringKey reason)
{
    int64_t now = app_now_ms(a) / 1000;
    /* Staff read the reason in Chinese, whatever the resident's language. */
    const char *why = str_get(LANG_ZH, reason);
    KResult rc = store_booking_set_status(a->store, a->booking.shown.id, BOOKING_CANCELLED, "kiosk",
                                          why, now);
    if (rc == K_ERR_REFUSED) {
        app_back_to(a, &screen_booking);
        app_set_message(a, S_CANCEL_LATE);
        return;
    }
    if (rc != K_OK) {
        app_store_error(a, "cancel", rc);
        app_back_to(a, &screen_booking);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    char fields[128];
    snprintf(fields, sizeof fields, "\"id\":%lld,\"number\":\"%s\",\"by\":\"resident\"",
             (long long)a->booking.shown.id, a->booking.shown.ticket.number);
    app_event(a, "booking_cancelled", fields);
    int64_t id = a->booking.shown.id;
    a->booking.shown_site[0] = '\0';
    if (store_get_booking(a->store, id, &a->booking.shown) != K_OK) {
        a->booking.shown.status[0] = '\0';
        a->booking.shown.state = BOOKING_STATE_UNKNOWN;
    }
    a->booking.shown_cancelled = true;
    app_back_to(a, &screen_booking);
}
