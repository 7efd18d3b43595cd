/* centre_int.h - what centre.c and centre_schema.c share (private to
 * app/district/). */
#ifndef KIOSK_CENTRE_INT_H
#define KIOSK_CENTRE_INT_H

#include <stddef.h>

#include "kiosk/centre.h"

/* For the ingest role (and each site's role): a transaction left open by a
 * kiosk that vanished is ended after this long, and no statement runs
 * longer than this. */
#define CENTRE_IDLE_TIMEOUT "60s"
#define CENTRE_STATEMENT_TIMEOUT "120s"
#define CENTRE_BATCH_MAX_SQL "10000"

/* "Never backwards" (design18.md): an entry's snapshot replaces the row t
 * when it comes from the same epoch with a higher seq, or from another
 * epoch with a later ts (the same ts: the epoch first seen later). */
#define CENTRE_NEWER_SQL                                                                           \
    "WHERE (t.src_epoch = EXCLUDED.src_epoch AND EXCLUDED.src_seq > t.src_seq)"                    \
    " OR (t.src_epoch <> EXCLUDED.src_epoch AND (EXCLUDED.src_ts > t.src_ts"                       \
    " OR (EXCLUDED.src_ts = t.src_ts AND EXCLUDED.src_ord > t.src_ord)))"

/* One step of the schema: version N from N-1, its statements in order. */
typedef struct {
    int version;
    const char *const *statements;
    size_t count;
} CentreMigration;

extern const CentreMigration centre_migrations[];
extern const int centre_migration_count;

#endif
