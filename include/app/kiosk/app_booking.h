/* app_booking.h - booking a service: services, days, slots, the booking's details, a booking found
 * by its ticket and cancelling it.
 *
 * A feature slice of the app: its state is nested in App (a->booking; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_BOOKING_H
#define KIOSK_APP_BOOKING_H

#include "kiosk/app.h"

/* booking: service -> date -> slot -> phone -> person [-> hospital ->
 * department -> escort] -> review -> ticket; a scanned ticket shows
 * screen_booking, which can cancel (screen_cancel asks why,
 * screen_cancel_sure once more). */
extern const Screen screen_service, screen_date, screen_slot, screen_person, screen_hospital,
    screen_department, screen_escort, screen_booking, screen_cancel, screen_cancel_sure,
    screen_check;

/* Starts the booking path with a fresh draft. */
void app_start_booking(App *a);

/* Reads the active services from the store (into a->booking.services). */
void app_load_services(App *a);

/* Picks a service and reads its availability from today into a->booking.days;
 * false (with a message) when the store cannot say. */
bool app_load_availability(App *a, const char *service);

/* Books the draft and shows the ticket; on a refusal the review screen
 * says why and offers the next free slot (a->booking.refusal). */
void app_submit_booking(App *a);

/* Marks bookings whose slot ended unchecked as no-shows, at most every ten
 * minutes of the kiosk's clock (called at start and on each reset). */
void app_sweep_no_shows(App *a);

/* Reads the service of the booking on screen_booking, as stored now. */
void app_load_shown_service(App *a);
/* Another site's booking ticket (KT3, verified): the booking as the
 * district copy holds it, with its site; false when the copy does not. */
bool app_show_other_booking(App *a, const char *site, int64_t ticket_id);
/* A district site as shown: "幸福里服务站（XFL）", or the code alone when
 * its name is not known here (a buffer of the App's, valid until the next
 * call). */
const char *app_site_name(App *a, const char *code);

/* Cancels the booking on screen_booking with a reason (a StringKey of the
 * cancel screen, stored in Chinese as staff read it), and returns to
 * screen_booking. */
void app_cancel_shown(App *a, StringKey reason);

/* On a refused booking's review: takes the next free slot offered (event
 * booking_offer_taken) and books it at once. */
void app_take_offer(App *a);

/* Text of an availability state for a day or slot ("剩余 3 个名额", "已约满",
 * the closure's reason ...) in the current language. */
void app_avail_text(const App *a, const DayAvail *d, const SlotAvail *sl, char *out, size_t cap);

/* "12月3日 周四 09:00-10:00" of a booking's day and slot. */
void app_format_when(const App *a, const char *day, int slot_start, int slot_end, char *out,
                     size_t cap);

/* The name of a service (by code) in the current language; the code when
 * the service is unknown. */
const char *app_service_name(const App *a, const char *code);

#endif
