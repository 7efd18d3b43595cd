/* demo.h - demo data for trying the kiosk and for benchmarks: requests
 * from a seeded generator, written through the store's public calls.
 *
 * The same seed, clock and configuration make the same rows (draft tokens,
 * lookup codes and ticket signatures are random, as for every request). */
#ifndef KIOSK_DEMO_H
#define KIOSK_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"

/* Files n requests (0 to 1,000,000) spread over the 90 days before now,
 * each walked through the workflow (store_request_act, store_request_rate)
 * to a state that suits its age, every state of the workflow among them,
 * with tickets and events, then logs "demo_data".  Written in batches of
 * 2,000 (store_batch_begin): a batch that fails is undone whole and *made
 * (may be NULL) counts the requests of the batches saved.  On failure err
 * (may be NULL) says why. */
KResult demo_requests(Store *s, const Config *cfg, int n, unsigned seed, const char *site,
                      int64_t now, const uint8_t key[TICKET_KEY_BYTES], int *made, char *err,
                      size_t errcap);

#endif
