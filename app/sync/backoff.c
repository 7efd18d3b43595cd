/* backoff.c - how long to wait after failures (sync.h). */
#include "kiosk/sync.h"

#define SYNC_BACKOFF_MAX_MS (10 * 60 * 1000)

int64_t sync_backoff_ms(int failures, int interval_s, uint32_t rnd)
{
    int64_t base = (int64_t)(interval_s > 0 ? interval_s : 1) * 1000;
    if (base > SYNC_BACKOFF_MAX_MS)
        base = SYNC_BACKOFF_MAX_MS;
    int64_t wait = base;
    for (int i = 1; i < failures && wait < SYNC_BACKOFF_MAX_MS; i++)
        wait *= 2;
    if (wait > SYNC_BACKOFF_MAX_MS)
        wait = SYNC_BACKOFF_MAX_MS;
    return wait + (int64_t)(rnd % (uint32_t)(wait / 4 + 1));
}
