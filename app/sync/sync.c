/* sync.c - one attempt to send the outbox to the centre (sync.h).
 *
 * Each batch is one statement, district_ingest.ingest(site, batch, info),
 * so that the centre applies all of it or none of it in one transaction of
 * its own, and no transaction is ever left open by a link that dies.  An
 * entry is marked sent only after the centre's answer came back: when the
 * answer is lost (the deadline, a reset), the next attempt sends the batch
 * again and the centre counts it as duplicates. */
#include "kiosk/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/pglink.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "sync_int.h"

/* A batch is at most this much JSON text (about 1 KiB an entry). */
#define SYNC_BATCH_BYTES (4u * 1024 * 1024)

/* What is pulled from the centre after the outbox went up, in this order
 * (sync_int.h); the list ends with a NULL fn. */
static const SyncPullStage pull_stages[] = {
    {"keys", sync_pull_keys},
    {"inbox", sync_pull_inbox},
    {"bundle", sync_pull_bundle},
    {NULL, NULL},
};

int64_t sync_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The number after "key": in the centre's answer; -1 when not there. */
static int64_t answer_field(const char *json, const char *key)
{
    char want[40];
    snprintf(want, sizeof want, "\"%s\"", key);
    const char *p = json ? strstr(json, want) : NULL;
    if (!p)
        return -1;
    p += strlen(want);
    while (*p == ' ' || *p == ':')
        p++;
    char *end;
    long long v = strtoll(p, &end, 10);
    return end == p || v < 0 ? -1 : (int64_t)v;
}

/* Records the failure in the store, with the time before which the next
 * attempt should not start. */
static void record_failure(Store *s, const Config *cfg, uint32_t rnd, const char *error)
{
    SyncState st;
    int failures = store_sync_state(s, &st) == K_OK ? st.failures + 1 : 1;
    int64_t now = (int64_t)time(NULL);
    int64_t wait = sync_backoff_ms(failures, cfg->district_interval, rnd);
    (void)store_sync_failed(s, error, now, now + (wait + 999) / 1000);
}

static KResult local_failure(Store *s, SyncOutcome *out, KResult k, const char *what)
{
    out->local = true;
    snprintf(out->error, sizeof out->error, "%s: %s", what,
             store_errmsg(s)[0] ? store_errmsg(s) : k_result_str(k));
    return out->result = k;
}

KResult sync_push(Store *s, const Config *cfg, uint32_t rnd, SyncOutcome *out)
{
    memset(out, 0, sizeof *out);
    out->pending = -1;
    const int64_t started = sync_mono_ms();
    const int deadline_s = cfg->district_deadline > 0 ? cfg->district_deadline : 1;
    const int64_t deadline = started + (int64_t)deadline_s * 1000;
    const int batch_max = cfg->district_batch > 0 ? cfg->district_batch : 1;

    SyncState st;
    KResult k = store_sync_state(s, &st);
    if (k != K_OK)
        return local_failure(s, out, k, "cannot read the outbox");
    out->pending = st.pending;
    if (!st.enabled || !st.site[0]) {
        snprintf(out->error, sizeof out->error, "the outbox is not enabled for a site");
        out->local = true;
        return out->result = K_ERR_INVALID;
    }
    PgLink *link = NULL;
    char err[400];
    k = pg_link_open(cfg->district_postgres, (int)(deadline - sync_mono_ms()), &link, err,
                     sizeof err);
    if (k != K_OK) {
        text_copy(out->error, sizeof out->error, err);
        if (k == K_ERR_INVALID)
            snprintf(out->error, sizeof out->error, "[district] postgres: %s", err);
        record_failure(s, cfg, rnd, out->error);
        out->ms = (double)(sync_mono_ms() - started);
        return out->result = k == K_ERR_INVALID ? K_ERR_IO : k;
    }

    KResult result = K_OK;
    /* With nothing pending, an empty batch: the centre learns that the
     * site is alive (its last contact, backlog and version), and a link
     * that is down shows on the maintenance screen before anything waits. */
    bool idle = st.pending == 0;
    for (;;) {
        int64_t left = deadline - sync_mono_ms();
        if (left <= 0) {
            snprintf(out->error, sizeof out->error,
                     "%lld entries still pending: the deadline of %d s passed after %lld were "
                     "sent",
                     (long long)out->pending, deadline_s, (long long)out->sent);
            result = K_ERR_BUSY;
            break;
        }
        char *batch = NULL;
        int count = 0;
        int64_t last = 0;
        k = store_sync_batch(s, batch_max, SYNC_BATCH_BYTES, &batch, &count, &last);
        if (k != K_OK) {
            free(batch);
            pg_link_close(link);
            local_failure(s, out, k, "cannot read the outbox");
            out->ms = (double)(sync_mono_ms() - started);
            return k;
        }
        if ((count == 0 || !batch) && !idle) {
            free(batch);
            break;
        }
        if (count == 0 || !batch) {
            free(batch);
            batch = strdup("[]");
            count = 0;
            last = 0;
            if (!batch) {
                pg_link_close(link);
                local_failure(s, out, K_ERR_NOMEM, "no memory for the batch");
                out->ms = (double)(sync_mono_ms() - started);
                return K_ERR_NOMEM;
            }
        }
        idle = false;
        if (store_sync_state(s, &st) != K_OK) {
            free(batch);
            pg_link_close(link);
            local_failure(s, out, K_ERR_DB, "cannot read the outbox");
            out->ms = (double)(sync_mono_ms() - started);
            return K_ERR_DB;
        }
        char info[256];
        snprintf(info, sizeof info,
                 "{\"version\":\"%s\",\"pending\":%lld,\"epoch\":%lld,\"seq\":%lld}", KIOSK_VERSION,
                 (long long)st.pending, (long long)st.epoch, (long long)st.seq);
        const char *params[3] = {st.site, batch, info};
        char *answer = NULL;
        k = pg_link_query(link, SYNC_INGEST_SQL, 3, params, (int)left, &answer, out->sqlstate, err,
                          sizeof err);
        free(batch);
        if (k != K_OK) {
            free(answer);
            result = k == K_ERR_REFUSED ? K_ERR_REFUSED : K_ERR_IO;
            out->refused = k == K_ERR_REFUSED;
            if (k == K_ERR_IO && strstr(err, "no answer") && out->sent > 0)
                snprintf(out->error, sizeof out->error, "%s (%lld entries were sent before)", err,
                         (long long)out->sent);
            else
                text_copy(out->error, sizeof out->error, err);
            break;
        }
        int64_t accepted = answer_field(answer, "accepted");
        int64_t dups = answer_field(answer, "duplicates");
        free(answer);
        if (accepted < 0 || dups < 0 || accepted + dups != count) {
            /* committed or not, the answer is not what ingest says: keep
             * the entries pending (sending them again is harmless) */
            snprintf(out->error, sizeof out->error,
                     "the district centre answered something unexpected for %d entries "
                     "(is `kiosk admin district init` of the same version?)",
                     count);
            result = K_ERR_REFUSED;
            out->refused = true;
            break;
        }
        int64_t pending = -1;
        k = store_sync_sent(s, last, (int64_t)time(NULL), &pending);
        if (k != K_OK) {
            pg_link_close(link);
            local_failure(s, out, k, "cannot mark the sent entries");
            out->ms = (double)(sync_mono_ms() - started);
            return k;
        }
        out->batches++;
        out->sent += count;
        out->accepted += accepted;
        out->duplicates += dups;
        out->pending = pending;
        if (pending == 0)
            break;
    }
    for (int i = 0; result == K_OK && pull_stages[i].fn; i++) {
        KResult pk = pull_stages[i].fn(s, cfg, link, deadline, out);
        if (pk == K_OK)
            continue;
        if (pk != K_ERR_IO && pk != K_ERR_REFUSED) {
            pg_link_close(link);
            out->local = true;
            out->ms = (double)(sync_mono_ms() - started);
            return out->result = pk;
        }
        result = pk;
        out->refused = pk == K_ERR_REFUSED;
    }
    pg_link_close(link);
    if (result == K_ERR_IO || result == K_ERR_REFUSED)
        record_failure(s, cfg, rnd, out->error);
    if (result == K_OK && out->pending != 0 && store_sync_state(s, &st) == K_OK)
        out->pending = st.pending;
    out->ms = (double)(sync_mono_ms() - started);
    return out->result = result;
}
