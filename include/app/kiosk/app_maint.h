/* app_maint.h - maintenance: the maintenance screen and its tests, the scheduled jobs (backup,
 * retention, integrity) and the out-of-service screen.
 *
 * A feature slice of the app: its state is nested in App (a->maint; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_MAINT_H
#define KIOSK_APP_MAINT_H

#include "kiosk/app.h"

/* The maintenance screen, its screen test and touch check, and the
 * out-of-service screen of a damaged database. */
extern const Screen screen_maint, screen_screentest, screen_calibrate, screen_broken;

/* Reads the last backup for the maintenance screen (on entering it). */
void app_maint_load(App *a);

/* Runs the scheduled backup when one is due (app_tick calls it while the
 * kiosk stands idle at home): into [backup] folder, keeping `keep`. */
void app_backup_if_due(App *a);

/* Runs the retention job ([retention] days) once a day, while idle at home. */
void app_purge_if_due(App *a);

/* The full integrity check (indexes against their tables, which the
 * start's quick_check does not compare): a few seconds after start and
 * then daily, while idle at home.  A damaged database turns the kiosk into
 * the out-of-service screen, as at start.  Returns ms until it is due. */
int64_t app_check_integrity_if_due(App *a);

/* What the last sync attempt's error was (AppMaint.sync_fail). */
enum {
    APP_SYNC_FAIL_NONE = 0,
    APP_SYNC_FAIL_LINK,    /* the centre could not be reached */
    APP_SYNC_FAIL_TIMEOUT, /* no answer within the deadline */
    APP_SYNC_FAIL_REFUSED, /* the centre refused a batch */
    APP_SYNC_FAIL_OTHER,
    APP_SYNC_FAIL_COPIED /* refused: a copied database (sync new-epoch) */
};

/* Reads the outbox's state for the maintenance screen (on entering it,
 * when [district] postgres is set). */
void app_sync_load(App *a);

/* Lays the centre's configuration bundle the store holds over a->cfg
 * (categories, hospitals, departments), keeping what the configuration
 * file said so that a newer bundle, applied by a sync later, is laid over
 * that and not over the old bundle (app_sync.c). */
void app_bundle_load(App *a);

/* A report of the sync worker (run.c hands them over): ok or not, what is
 * left pending (-1 unknown), what was sent, the last success and the error
 * in words.  Writes the event sync_ok or sync_failed (attempt true) and
 * keeps what the maintenance screen shows. */
void app_sync_report(App *a, bool attempt, bool ok, int64_t pending, int64_t sent, int64_t last_ok,
                     const char *error);

/* Prints the maintenance test page (kind '*', not a ticket). */
void app_print_test_page(App *a);

#endif
