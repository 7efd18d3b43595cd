/* pull_inbox.c - the inbox pull stage (sync_int.h): what the centre relays
 * to this site.  One call of district_ingest.inbox(site, cursor) answers
 * with the district's sites, the referrals made to this site (filed here as
 * requests that remember their origin), the progress of the requests this
 * site referred, ratings given elsewhere for this site's requests, and the
 * district copy (other sites' requests and bookings changed since the
 * cursor); store_inbox_apply applies it in one transaction.  A copy larger
 * than one answer comes over the next attempts. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kiosk/text.h"
#include "sync_int.h"

#define INBOX_SQL "SELECT district_ingest.inbox($1::text, $2::bigint)::text"

KResult sync_pull_inbox(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                        SyncOutcome *out)
{
    (void)cfg;
    SyncState st;
    int64_t cursor = 0;
    KResult k = store_sync_state(s, &st);
    if (k == K_OK)
        k = store_inbox_cursor(s, &cursor);
    if (k != K_OK) {
        snprintf(out->error, sizeof out->error, "cannot read the inbox's state: %s",
                 store_errmsg(s));
        return k;
    }
    int64_t left = deadline - sync_mono_ms();
    if (left <= 0) {
        snprintf(out->error, sizeof out->error, "no time left to pull the inbox");
        return K_ERR_IO;
    }
    char cur[24], err[400];
    snprintf(cur, sizeof cur, "%lld", (long long)cursor);
    const char *params[2] = {st.site, cur};
    char *answer = NULL;
    k = pg_link_query(link, INBOX_SQL, 2, params, (int)left, &answer, out->sqlstate, err,
                      sizeof err);
    if (k != K_OK) {
        free(answer);
        snprintf(out->error, sizeof out->error, "inbox: %s", err);
        return k == K_ERR_REFUSED ? K_ERR_REFUSED : K_ERR_IO;
    }
    if (!answer) {
        snprintf(out->error, sizeof out->error, "inbox: the centre answered nothing");
        return K_ERR_REFUSED;
    }
    InboxApplied applied;
    k = store_inbox_apply(s, answer, (int64_t)time(NULL), &applied);
    free(answer);
    if (k == K_ERR_INVALID) {
        snprintf(out->error, sizeof out->error, "inbox: %s", store_errmsg(s));
        return K_ERR_REFUSED;
    }
    if (k != K_OK) {
        snprintf(out->error, sizeof out->error, "cannot apply the inbox: %s", store_errmsg(s));
        return k;
    }
    return K_OK;
}
