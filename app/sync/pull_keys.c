/* pull_keys.c - pull stage `keys` (issue 19): every site's public ticket
 * key and every revocation, from district_ingest.keys(site), kept whole in
 * the kiosk's district_keys (store_keys_replace), so that a KT3 ticket of
 * any site of the district is checked here offline, and a revoked site's
 * is refused, from the next sync on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/text.h"
#include "sync_int.h"

KResult sync_pull_keys(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                       SyncOutcome *out)
{
    (void)cfg;
    SyncState st;
    if (store_sync_state(s, &st) != K_OK) {
        snprintf(out->error, sizeof out->error, "cannot read the outbox: %s", store_errmsg(s));
        return K_ERR_DB;
    }
    int64_t left = deadline - sync_mono_ms();
    if (left <= 0) {
        snprintf(out->error, sizeof out->error,
                 "no time left to pull the district's ticket keys within the deadline");
        return K_ERR_IO;
    }
    const char *params[1] = {st.site};
    char err[400];
    char *answer = NULL;
    KResult k = pg_link_query(link, "SELECT district_ingest.keys($1::text)", 1, params, (int)left,
                              &answer, out->sqlstate, err, sizeof err);
    if (k != K_OK) {
        free(answer);
        snprintf(out->error, sizeof out->error, "pulling the district's ticket keys: %s", err);
        return k == K_ERR_REFUSED ? K_ERR_REFUSED : K_ERR_IO;
    }
    int count = 0;
    k = store_keys_replace(s, answer, (int64_t)time(NULL), &count);
    free(answer);
    if (k == K_ERR_INVALID) {
        snprintf(out->error, sizeof out->error, "the centre's ticket keys: %s", store_errmsg(s));
        return K_ERR_REFUSED; /* the centre answered something else: not our database */
    }
    if (k != K_OK) {
        snprintf(out->error, sizeof out->error, "cannot keep the district's ticket keys: %s",
                 store_errmsg(s));
        return k;
    }
    return K_OK;
}
