/* app_stats.h - the statistics screen: the figures of a period.
 *
 * A feature slice of the app: its state is nested in App (a->stats; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_STATS_H
#define KIOSK_APP_STATS_H

#include "kiosk/app.h"

extern const Screen screen_stats;

/* Reads the figures of the period picked on the statistics screen (the
 * kind's period on the kiosk's local day, or the custom range) into
 * a->stats.figures; a failure says why in a->staff.note.  Event "stats" with the
 * milliseconds it took. */
void app_stats_load(App *a);

#endif
