/* backoff.c - how long to wait after failures (sync.h).
 *
 * The cap is 45 s (or the interval, when that is longer), so that a day's
 * work caught up after a cut reaches the centre within a minute of the
 * link returning (docs/benchmarks.md): a failed attempt costs the centre
 * one refused or short-lived connection, so 19 sites trying about once a
 * minute while it is down is nothing to it, and the jitter spreads them. */
#include "kiosk/sync.h"

#define SYNC_BACKOFF_CAP_MS (45 * 1000)

int64_t sync_backoff_ms(int failures, int interval_s, uint32_t rnd)
{
    int64_t base = (int64_t)(interval_s > 0 ? interval_s : 1) * 1000;
    int64_t cap = base > SYNC_BACKOFF_CAP_MS ? base : SYNC_BACKOFF_CAP_MS;
    int64_t wait = base;
    for (int i = 1; i < failures && wait < cap; i++)
        wait *= 2;
    if (wait > cap)
        wait = cap;
    return wait + (int64_t)(rnd % (uint32_t)(wait / 4 + 1));
}
