/* centre_bundle.c - configuration bundles at the centre (centre.h): the
 * centre's Ed25519 key pair and the publishing of a bundle.
 *
 * The key pair is made by the program (libsodium; PostgreSQL has no
 * Ed25519) inside init's transaction and kept in district_data.centre_key,
 * which only the centre's owner reads.  Publishing reads the secret half,
 * signs the bundle's canonical body with it here and stores body, signature
 * and public key, all in one transaction under an advisory lock, so two
 * publications never take the same version. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centre_int.h"
#include "kiosk/text.h"

/* Any number, fixed: the lock of publishing (init has its own). */
#define BUNDLE_LOCK_KEY "7142019"

static void rollback(PgLink *l, int deadline_ms)
{
    char e[256];
    pg_link_query(l, "ROLLBACK", 0, NULL, deadline_ms, NULL, NULL, e, sizeof e);
}

KResult centre_bundle_key_ensure(PgLink *l, int deadline_ms, char *err, size_t cap)
{
    char *v = NULL;
    KResult k = pg_link_query(l, "SELECT count(*)::text FROM district_data.centre_key", 0, NULL,
                              deadline_ms, &v, NULL, err, cap);
    if (k != K_OK)
        return k;
    bool have = v && strcmp(v, "0") != 0;
    free(v);
    if (have)
        return K_OK;
    if (sodium_init() < 0) {
        snprintf(err, cap, "cannot initialise libsodium");
        return K_ERR_UNSUPPORTED;
    }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char pub[sodium_base64_ENCODED_LEN(sizeof pk, sodium_base64_VARIANT_ORIGINAL)];
    char sec[sodium_base64_ENCODED_LEN(sizeof sk, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(pub, sizeof pub, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sec, sizeof sec, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(sk, sizeof sk);
    const char *params[] = {pub, sec};
    k = pg_link_query(l,
                      "INSERT INTO district_data.centre_key (id, public_key, secret_key)"
                      " VALUES (1, $1, $2) ON CONFLICT DO NOTHING",
                      2, params, deadline_ms, NULL, NULL, err, cap);
    sodium_memzero(sec, sizeof sec);
    return k;
}

KResult centre_bundle_public_key(PgLink *l, int deadline_ms, char **key, char *err, size_t cap)
{
    *key = NULL;
    return pg_link_query(l, "SELECT public_key FROM district_data.centre_key WHERE id = 1", 0, NULL,
                         deadline_ms, key, NULL, err, cap);
}

KResult centre_bundle_publish(PgLink *l, int deadline_ms, const char *content, int64_t *version,
                              char *key, size_t key_cap, char *err, size_t cap)
{
    *version = 0;
    if (sodium_init() < 0) {
        snprintf(err, cap, "cannot initialise libsodium");
        return K_ERR_UNSUPPORTED;
    }
    static const char *const opening[] = {
        "BEGIN",
        "SELECT pg_advisory_xact_lock(" BUNDLE_LOCK_KEY ")",
    };
    for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++) {
        KResult k = pg_link_query(l, opening[i], 0, NULL, deadline_ms, NULL, NULL, err, cap);
        if (k != K_OK) {
            if (i > 0)
                rollback(l, deadline_ms);
            return k;
        }
    }
    char *v = NULL;
    KResult k = pg_link_query(l,
                              "SELECT (SELECT coalesce(max(version), 0) + 1 FROM"
                              " district_data.bundles)::text || E'\\n' || public_key || E'\\n'"
                              " || secret_key FROM district_data.centre_key WHERE id = 1",
                              0, NULL, deadline_ms, &v, NULL, err, cap);
    if (k != K_OK || !v) {
        free(v);
        rollback(l, deadline_ms);
        if (k == K_OK) {
            snprintf(err, cap, "the centre has no key yet: kiosk admin district init makes it");
            return K_ERR_NOT_FOUND;
        }
        return k;
    }
    char *nl1 = strchr(v, '\n');
    char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    size_t got = 0;
    if (!nl2 || (size_t)(nl2 - nl1 - 1) >= key_cap ||
        sodium_base642bin(sk, sizeof sk, nl2 + 1, strlen(nl2 + 1), NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != sizeof sk) {
        sodium_memzero(v, strlen(v));
        free(v);
        rollback(l, deadline_ms);
        snprintf(err, cap, "the centre's key is malformed");
        return K_ERR_CORRUPT;
    }
    *version = strtoll(v, NULL, 10);
    memcpy(key, nl1 + 1, (size_t)(nl2 - nl1 - 1));
    key[nl2 - nl1 - 1] = '\0';
    sodium_memzero(v, strlen(v));
    free(v);
    /* the body: the version inside what is signed, then the content */
    size_t n = strlen(content) + 64;
    char *body = malloc(n);
    if (!body) {
        sodium_memzero(sk, sizeof sk);
        rollback(l, deadline_ms);
        return K_ERR_NOMEM;
    }
    snprintf(body, n, "{\"version\":%lld,\"bundle\":%s}", (long long)*version, content);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)body, strlen(body), sk);
    sodium_memzero(sk, sizeof sk);
    char sig64[sodium_base64_ENCODED_LEN(sizeof sig, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig64, sizeof sig64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    char ver[24];
    snprintf(ver, sizeof ver, "%lld", (long long)*version);
    const char *params[] = {ver, body, sig64, key};
    k = pg_link_query(l,
                      "INSERT INTO district_data.bundles (version, body, sig, key)"
                      " VALUES ($1::bigint, $2, $3, $4)",
                      4, params, deadline_ms, NULL, NULL, err, cap);
    free(body);
    if (k != K_OK) {
        rollback(l, deadline_ms);
        return k;
    }
    return pg_link_query(l, "COMMIT", 0, NULL, deadline_ms, NULL, NULL, err, cap);
}
