/* app_request.h - the resident's request: its path of screens (category, issue, description, phone,
 * details, address, urgency, review) and checking a ticket by hand and a request's progress.
 *
 * A feature slice of the app: its state is nested in App (a->session, a->check; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_REQUEST_H
#define KIOSK_APP_REQUEST_H

#include "kiosk/app.h"

/* The request path: category -> issue -> describe -> phone -> details
 * -> address -> urgency -> review -> ticket (phone, address and review
 * serve the booking path too, as AppSession.flow says).  The resident
 * checks a ticket by hand (lookup code, then the phone's last 4 digits;
 * a walk-in number's code needs no phone) and sees a request's progress,
 * rating it when resolved, or a walk-in number's state. */
extern const Screen screen_category, screen_issue, screen_describe, screen_phone, screen_details,
    screen_address, screen_urgency, screen_review, screen_lookup, screen_last4, screen_progress,
    screen_walkin;

/* Files the draft and shows the ticket; a repeated call for the same draft
 * shows the same ticket.  On failure the draft stays and a message shows. */
void app_submit_request(App *a);

/* Starts the request path with a fresh draft. */
void app_start_request(App *a);

/* Reads the steps of the request on screen_progress (on entering it and
 * after a rating). */
void app_progress_load(App *a);

/* The resident's check by hand: finds the ticket by lookup code and the
 * phone's last 4 digits and shows it. */
void app_find_by_lookup(App *a);

/* A walk-in number's state for its holder (ticket id known, from a scan or
 * its lookup code): waiting with how many ahead, called to which window,
 * passed, done or of another day, on screen_walkin. */
void app_show_walkin(App *a, int64_t ticket_id);

/* The lookup code typed on screen_lookup: when it is a walk-in number's,
 * shows that number's state (no phone is asked: a walk-in gave none) and
 * returns true; false for any other code (then the phone's last 4 digits
 * are asked for). */
bool app_find_walkin(App *a);

/* Shows a request's progress for a resident (ticket id known). */
void app_show_progress(App *a, int64_t ticket_id);
/* Another site's request ticket (KT3, verified): its progress from the
 * district copy (or, for a case referred here, the request filed for it);
 * false when the copy does not hold it. */
bool app_show_other_request(App *a, const char *site, int64_t ticket_id);

/* The resident rates the request on screen_progress, closing it. */
void app_rate(App *a, WfRating rating);

#endif
