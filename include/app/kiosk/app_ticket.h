/* app_ticket.h - the ticket just issued (a request's, a booking's or a walk-in number's) and
 * printing it.
 *
 * A feature slice of the app: its state is nested in App (a->ticket; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_TICKET_H
#define KIOSK_APP_TICKET_H

#include "kiosk/app.h"
#include "kiosk/printer.h"

/* The ticket just issued, with how printing went. */
extern const Screen screen_ticket;

/* Issues a walk-in number for a resident (home.queue) and shows it. */
void app_take_number(App *a);

/* Asks for the current ticket to be printed (again); the kiosk layer picks
 * the request up.  Does nothing without a printer or while one is sending. */
void app_request_print(App *a);

/* A finished print job: logs it and, when it is the ticket on screen, says
 * so there. */
void app_print_result(App *a, const PrintResult *r);

#endif
