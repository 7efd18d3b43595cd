/* pull_bundle.c - pull stage "bundle": the centre's newest configuration
 * bundle, applied when it holds (sync_int.h, docs/district.md).
 *
 * The centre answers district_ingest.bundle(site, version applied) with
 * nothing (no other bundle) or "VERSION\nKEY\nSIGNATURE\nBODY": KEY the
 * centre's Ed25519 public key and SIGNATURE the detached signature of the
 * BODY's bytes, both standard base64.  The kiosk applies it only when it is
 * signed, by the key pinned in [district] centre_key (or, unpinned, the key
 * kept from the first bundle applied), the signature holds and the version
 * is newer than the applied one; anything else is refused, recorded and
 * reported to the centre (bundle_refused), and the sync itself goes on. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/bundle.h"
#include "kiosk/text.h"
#include "sync_int.h"

#define BUNDLE_SQL "SELECT district_ingest.bundle($1::text, $2::bigint)"

static bool decode(const char *b64, size_t len, unsigned char *out, size_t want)
{
    size_t got = 0;
    return sodium_base642bin(out, want, b64, len, NULL, &got, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           got == want;
}

/* Why the bundle must be refused, or NULL when it holds. */
static const char *judge(const Config *cfg, const BundleState *st, int64_t version, const char *key,
                         size_t key_len, const char *sig, size_t sig_len, const char *body,
                         char *why, size_t cap)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sg[crypto_sign_BYTES];
    if (sig_len == 0)
        return "unsigned";
    const char *trusted = cfg->district_centre_key[0] ? cfg->district_centre_key : st->centre_key;
    if (trusted[0] && (strlen(trusted) != key_len || memcmp(trusted, key, key_len) != 0)) {
        snprintf(why, cap, "signed by another key than %s",
                 cfg->district_centre_key[0] ? "[district] centre_key" : "the centre's key kept");
        return why;
    }
    if (!decode(key, key_len, pk, sizeof pk) || !decode(sig, sig_len, sg, sizeof sg))
        return "malformed key or signature";
    if (crypto_sign_verify_detached(sg, (const unsigned char *)body, strlen(body), pk) != 0)
        return "the signature does not hold";
    if (version <= st->version) {
        snprintf(why, cap, "version %lld is not newer than the applied %lld", (long long)version,
                 (long long)st->version);
        return why;
    }
    return NULL;
}

KResult sync_pull_bundle(Store *s, const Config *cfg, PgLink *link, int64_t deadline,
                         SyncOutcome *out)
{
    BundleState st;
    if (store_bundle_state(s, &st) != K_OK) {
        snprintf(out->error, sizeof out->error, "cannot read the bundle state: %s",
                 store_errmsg(s));
        return K_ERR_DB;
    }
    int64_t left = deadline - sync_mono_ms();
    if (left <= 0) {
        snprintf(out->error, sizeof out->error, "no time left to pull the configuration bundle");
        return K_ERR_IO;
    }
    char have[24];
    snprintf(have, sizeof have, "%lld", (long long)st.version);
    const char *params[2] = {cfg->site_code, have};
    char *answer = NULL, err[400];
    KResult k = pg_link_query(link, BUNDLE_SQL, 2, params, (int)left, &answer, out->sqlstate, err,
                              sizeof err);
    if (k != K_OK) {
        free(answer);
        snprintf(out->error, sizeof out->error, "bundle: %s", err);
        return k == K_ERR_REFUSED ? K_ERR_REFUSED : K_ERR_IO;
    }
    if (!answer || !answer[0]) {
        free(answer);
        return K_OK; /* nothing other than what is applied */
    }
    /* VERSION \n KEY \n SIG \n BODY */
    char *nl1 = strchr(answer, '\n');
    char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
    char *nl3 = nl2 ? strchr(nl2 + 1, '\n') : NULL;
    int64_t version = strtoll(answer, NULL, 10);
    char why[160];
    const char *refusal = NULL;
    if (!nl3 || version <= 0)
        refusal = "malformed answer";
    else if (strlen(nl3 + 1) > BUNDLE_MAX_BYTES + 64)
        refusal = "larger than a bundle may be";
    else
        refusal = judge(cfg, &st, version, nl1 + 1, (size_t)(nl2 - nl1 - 1), nl2 + 1,
                        (size_t)(nl3 - nl2 - 1), nl3 + 1, why, sizeof why);
    int64_t now = (int64_t)time(NULL);
    if (!refusal) {
        char key[48];
        size_t kl = (size_t)(nl2 - nl1 - 1);
        if (kl >= sizeof key)
            kl = sizeof key - 1;
        memcpy(key, nl1 + 1, kl);
        key[kl] = '\0';
        k = store_bundle_apply(s, version, nl3 + 1, key, now, NULL, 0);
        if (k == K_ERR_INVALID || k == K_ERR_EXISTS) {
            snprintf(why, sizeof why, "it does not fit this kiosk: %s", store_errmsg(s));
            refusal = why;
        } else if (k != K_OK) {
            free(answer);
            snprintf(out->error, sizeof out->error, "cannot apply the configuration bundle: %s",
                     store_errmsg(s));
            return k;
        }
    }
    if (refusal && store_bundle_refuse(s, version, refusal, now) != K_OK) {
        free(answer);
        snprintf(out->error, sizeof out->error, "cannot record the refused bundle: %s",
                 store_errmsg(s));
        return K_ERR_DB;
    }
    free(answer);
    return K_OK;
}
