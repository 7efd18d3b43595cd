/* app_sms.h - texts to residents (issue 23; docs/sms.md): the worker that
 * hands the outbox's texts to smsd and reads its reports, and what the
 * maintenance screen shows of it.
 *
 * The worker runs on the kiosk's tick (app_tick), every APP_SMS_LOOK_MS:
 * it writes a few small files into local folders, so it never holds the
 * screen for long. */
#ifndef KIOSK_APP_SMS_H
#define KIOSK_APP_SMS_H

#include "kiosk/app.h"

#define APP_SMS_LOOK_MS 5000 /* how often the worker looks */

/* What the maintenance screen says of texts (AppSms.state). */
enum {
    APP_SMS_OFF = 0,     /* no [sms]: nothing is sent */
    APP_SMS_OK,          /* smsd takes the texts */
    APP_SMS_NO_FOLDER,   /* smsd's outgoing folder is missing or not writable */
    APP_SMS_NOT_RUNNING, /* [sms] pidfile names no running smsd */
    APP_SMS_LATE         /* texts handed long ago without a report: the modem? */
};

/* Tells the store whether texts are on, from [sms] (at start). */
void app_sms_setup(App *a);

/* One pass of the worker: opt-outs from smsd's incoming folder, reports
 * from its sent and failed folders, then the due texts handed over.  Does
 * nothing without [sms]. */
void app_sms_work(App *a);

/* Reads the outbox's counts and smsd's state into a->sms. */
void app_sms_load(App *a);

/* The maintenance screen's test: a text to [sms] test_number, handed at
 * once.  a->sms.test says how it went. */
void app_sms_test(App *a);

/* The language code of the texts the resident asked for on the phone
 * screen: "zh"/"en", or "" when phone.sms is off or texts are off. */
const char *app_sms_consent(const App *a);

#endif
