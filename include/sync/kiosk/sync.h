/* sync.h - sending the kiosk's outbox (store.h, store_sync.c) to the
 * district's PostgreSQL (pglink.h, docs/district.md). */
#ifndef KIOSK_SYNC_H
#define KIOSK_SYNC_H

#include <stdint.h>

/* Milliseconds to wait before the next attempt after `failures` failed
 * ones in a row (1 or more): doubling from interval_s up to ten minutes,
 * then a random part of up to a quarter of it (rnd is any random number),
 * so that 19 sites whose link comes back at the same moment do not all
 * call the centre in the same second. */
int64_t sync_backoff_ms(int failures, int interval_s, uint32_t rnd);

#endif
