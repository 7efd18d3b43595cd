/* sync_int.h - what the files of app/sync/ share.
 *
 * After the outbox has gone up (sync.c), an attempt pulls what the centre
 * has for this kiosk, on the same link and within the same deadline: one
 * stage per kind of thing (the district's ticket keys, the cases referred
 * to this site and the progress of those it referred, configuration
 * bundles).  Each stage is one file, pull_<what>.c, and one line of
 * pull_stages[] in sync.c; a stage asks the centre with its own function
 * and applies the answer to the store in its own transactions. */
#ifndef KIOSK_SYNC_INT_H
#define KIOSK_SYNC_INT_H

#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/pglink.h"
#include "kiosk/store.h"
#include "kiosk/sync.h"

/* Milliseconds on a monotonic clock (deadlines are in it). */
int64_t sync_mono_ms(void);

/* One pull stage.  deadline is on sync_mono_ms()'s clock; a stage never
 * waits past it.  K_OK, or the failure with out->error set in words
 * (K_ERR_IO: the link; K_ERR_REFUSED: the centre said no; another: the
 * kiosk's own database). */
typedef KResult (*SyncPullFn)(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                              SyncOutcome *out);
typedef struct {
    const char *name; /* for messages: "keys", "inbox", "bundle" */
    SyncPullFn fn;
} SyncPullStage;

/* The stages (pull_<what>.c, one file each). */
KResult sync_pull_keys(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                       SyncOutcome *out);
KResult sync_pull_inbox(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                        SyncOutcome *out);
KResult sync_pull_bundle(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                         SyncOutcome *out);

#endif
