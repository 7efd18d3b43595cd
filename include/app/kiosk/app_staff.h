/* app_staff.h - the staff desk: signing in, the staff home, the queue, a request's detail and its
 * actions, today's bookings and calling the next walk-in number.
 *
 * A feature slice of the app: its state is nested in App (a->staff, a->queue; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_STAFF_H
#define KIOSK_APP_STAFF_H

#include "kiosk/app.h"

/* Staff mode: pick your name, PIN, then the staff home with the queue,
 * a request's detail and its actions, today's bookings and calling the next
 * walk-in number. */
extern const Screen screen_staff_pick, screen_pin, screen_staff, screen_queue, screen_detail,
    screen_note, screen_assignee, screen_refer_site, screen_today;
/* The queue's category filter: the list of categories, and all of them. */
extern const Screen screen_queue_cats;

/* Checks the PIN typed for the account picked; on success enters staff
 * mode (event staff_login), otherwise says why on the PIN screen (event
 * staff_login_failed). */
void app_staff_login(App *a);

/* Leaves staff mode for the resident home (event staff_logout). */
void app_staff_logout(App *a, const char *why);

/* A scan in staff mode: a request's ticket opens its detail, a booking's
 * checks it in (saying when it was checked in before), anything else is
 * refused with a reason; all logged. */
void app_staff_scan(App *a, KResult verified, TicketCheck why, char kind, int64_t ticket_id);

/* What the staff screens show, read by an action when the screen is
 * entered or when what it shows changes (never while it is built):
 * the active accounts (staff_pick), the open requests (staff home),
 * today's bookings (today) and whom a request can go to (assignee). */
void app_staff_pick_load(App *a);
void app_staff_home_load(App *a);
void app_today_load(App *a);
void app_assignees_load(App *a);
/* The district's sites but this one, for referring a request (none when
 * the kiosk is not a district site or has not pulled them yet). */
void app_refer_sites_load(App *a);

/* Picks the account login on staff_pick (its name for the PIN pad, the
 * PIN and note cleared); false when login is too long to be one. */
bool app_staff_pick(App *a, const char *login);

/* Checks in booking_id from today's list, as a scan of its ticket would. */
void app_today_checkin(App *a, int64_t booking_id);

/* Reloads the queue from the top with the current filter. */
void app_queue_reload(App *a);
/* Makes sure the rows before index want (of the whole queue) are loaded, a
 * keyset page at a time; the window of QUEUE_CACHE rows slides down. */
void app_queue_fill(App *a, int want);
/* Makes sure row first is in the window when scrolling back up. */
void app_queue_from(App *a, int first);

/* Opens a request's detail (store read) on screen_detail. */
void app_open_detail(App *a, int64_t request_id);

/* Takes a->queue.pending_action on the detail's request with note / assignee. */
void app_detail_act(App *a, const char *note, const char *assignee);

/* Calls the next walk-in number to a->staff.counter. */
void app_call_next(App *a);

/* Calls again (event walkin_recalled) the number a->staff.counter called
 * last; or passes it over (过号, event walkin_skipped) and calls the next
 * one to the same window (walkin_called).  The answer is the staff note. */
void app_recall(App *a);
void app_skip(App *a);

#endif
