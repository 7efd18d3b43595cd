/* app_stats.c - the statistics screen's action: reading the figures of the
 * period picked, timed for the benchmark. */
#include "kiosk/app_stats.h"
#include "kiosk/app_activity.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/app_volunteer.h"
#include "kiosk/app_project.h"
#include "kiosk/platform.h"
#include "kiosk/store.h"

/* ---- the figures ---- */

void app_stats_load(App *a)
{
    char today[CFG_DAY_MAX], fields[96];
    StatsPeriod p = a->stats.custom;
    int64_t now = app_now_ms(a) / 1000;
    a->stats.ok = false;
    a->staff.note[0] = '\0';
    if (!booking_local_day(now, today) ||
        (a->stats.kind != PERIOD_CUSTOM && !stats_period_of(a->stats.kind, today, &p))) {
        strings_fill(a->staff.note, sizeof a->staff.note, app_str(a, S_STATS_FAILED),
                     "the clock's date");
        app_changed(a);
        return;
    }
    double t0 = platform_mono_ms();
    KResult r = store_stats(a->store, &a->cfg, &p, now, &a->stats.figures);
    a->stats.ms = platform_mono_ms() - t0;
    app_volunteer_stats_load(a, &p); /* issue 21 */
    if (r != K_OK) {
        strings_fill(a->staff.note, sizeof a->staff.note, app_str(a, S_STATS_FAILED),
                     store_errmsg(a->store));
    } else {
        a->stats.ok = true;
        app_project_figures_load(a, &p);          /* issue 22 */
        app_activity_stats_load(a, p.from, p.to); /* issue 20 */
        snprintf(fields, sizeof fields, "\"from\":\"%s\",\"to\":\"%s\",\"ms\":%.3f", p.from, p.to,
                 a->stats.ms);
        app_event(a, "stats", fields);
    }
    app_changed(a);
}
