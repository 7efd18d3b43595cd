/* store_keys.c - the district's ticket keys (issue 19, schema 8): this
 * site's Ed25519 key pair for signing KT3 tickets, the public keys of every
 * site as pulled from the centre, and the offline check of another site's
 * ticket against them (store_check_ticket in store.c calls
 * store_kt3_check). */
#include "store_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>

KResult store_set_signer(Store *s, const TicketSigner *k, int64_t now)
{
    static const char what[] = "cannot record the site's ticket key";
    assert(s && k);
    store_clear_error(s);
    s->signer = *k;
    s->has_signer = true;
    if (s->readonly)
        return K_OK;
    char b64[TICKET_PUBKEY_B64];
    ticket_pubkey_encode(k->pk, b64);
    sqlite3_stmt *st = NULL;
    /* The trigger outbox_site_key queues it when the row is new. */
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO own_keys (key, created_at) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO NOTHING",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        store_bind_text(st, 1, b64);
        sqlite3_bind_int64(st, 2, now);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? K_OK : store_db_fail(s, rc, what);
}

KResult store_keys_replace(Store *s, const char *json, int64_t now, int *count)
{
    static const char what[] = "cannot keep the district's ticket keys";
    assert(s);
    store_clear_error(s);
    if (count)
        *count = 0;
    if (!json)
        return store_invalid(s, "the centre sent no list of keys");
    KResult r = store_begin(s, what);
    if (r != K_OK)
        return r;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'array' ELSE 0 END", -1, &st,
        NULL);
    int ok = 0;
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            ok = sqlite3_column_int(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        goto fail;
    }
    if (!ok) {
        store_rollback(s);
        return store_invalid(s, "the centre's list of keys is not a JSON array");
    }
    rc = sqlite3_exec(s->db, "DELETE FROM district_keys", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        goto fail;
    }
    st = NULL;
    rc = sqlite3_prepare_v2(
        s->db,
        "INSERT OR IGNORE INTO district_keys (site, key, first_seen, revoked_at, pulled_at)"
        " SELECT site, key, first_seen, revoked_at, ?2 FROM (SELECT"
        "  json_extract(j.value, '$.site') AS site, json_extract(j.value, '$.key') AS key,"
        "  coalesce(CAST(json_extract(j.value, '$.first_seen') AS INTEGER), 0) AS first_seen,"
        "  CAST(json_extract(j.value, '$.revoked_at') AS INTEGER) AS revoked_at"
        "  FROM json_each(?1) j WHERE j.type = 'object')"
        " WHERE typeof(site) = 'text' AND typeof(key) = 'text' AND length(key) = 43"
        " AND length(site) BETWEEN 1 AND 12 AND site NOT GLOB '*[^A-Z0-9]*'"
        " AND key NOT GLOB '*[^A-Za-z0-9_-]*'",
        -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, now);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) {
        r = store_db_fail(s, rc, what);
        goto fail;
    }
    if (count)
        *count = (int)sqlite3_changes(s->db);
    return store_commit(s, what);
fail:
    store_rollback(s);
    return r;
}

KResult store_list_keys(Store *s, StoreSiteKeyFn fn, void *ctx)
{
    assert(s && fn);
    store_clear_error(s);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT site, key, first_seen, coalesce(revoked_at, 0), pulled_at"
                                " FROM district_keys ORDER BY site, first_seen, key",
                                -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        StoreSiteKey k;
        store_col_text(st, 0, k.site, sizeof k.site);
        store_col_text(st, 1, k.key, sizeof k.key);
        k.first_seen = sqlite3_column_int64(st, 2);
        k.revoked_at = sqlite3_column_int64(st, 3);
        k.pulled_at = sqlite3_column_int64(st, 4);
        fn(&k, ctx);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, "cannot list the district's keys");
}

KResult store_kt3_check(Store *s, const char *payload, const char *own_site, bool *own,
                        char site[TICKET_SITE_MAX], char *kind, int64_t *id, int64_t *gen,
                        TicketCheck *why)
{
    *own = false;
    *why = TICKET_FORGED;
    if (ticket_parse_kt3(payload, site, kind, id, gen) != K_OK)
        return K_ERR_FORGED;
    if (s->has_signer && ticket_verify_kt3(s->signer.pk, payload, NULL, NULL, NULL, NULL) == K_OK) {
        *own = true;
        *why = TICKET_OK;
        return K_OK;
    }
    /* Any public key this database ever recorded as its own: the key file
     * may be absent (a read-only copy, a key file lost and made again). */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT key FROM own_keys", -1, &st, NULL);
    bool mine = false;
    while (rc == SQLITE_OK && !mine && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char b64[TICKET_PUBKEY_B64];
        uint8_t pk[TICKET_PUBKEY_BYTES];
        rc = SQLITE_OK;
        store_col_text(st, 0, b64, sizeof b64);
        mine = ticket_pubkey_decode(b64, pk) &&
               ticket_verify_kt3(pk, payload, NULL, NULL, NULL, NULL) == K_OK;
    }
    sqlite3_finalize(st);
    if (mine) {
        *own = true;
        *why = TICKET_OK;
        return K_OK;
    }
    if (rc != SQLITE_DONE) {
        site[0] = '\0';
        *kind = 0;
        *id = *gen = 0;
        return store_db_fail(s, rc, "cannot read the site's own keys");
    }
    st = NULL;
    rc = sqlite3_prepare_v2(s->db,
                            "SELECT key, revoked_at IS NOT NULL FROM district_keys"
                            " WHERE site = ?1",
                            -1, &st, NULL);
    int known = 0, revoked = 0, valid = 0;
    if (rc == SQLITE_OK)
        store_bind_text(st, 1, site);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char b64[TICKET_PUBKEY_B64];
        uint8_t pk[TICKET_PUBKEY_BYTES];
        rc = SQLITE_OK;
        known++;
        store_col_text(st, 0, b64, sizeof b64);
        if (!ticket_pubkey_decode(b64, pk) ||
            ticket_verify_kt3(pk, payload, NULL, NULL, NULL, NULL) != K_OK)
            continue;
        if (sqlite3_column_int(st, 1))
            revoked = 1;
        else
            valid = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        site[0] = '\0';
        *kind = 0;
        *id = *gen = 0;
        return store_db_fail(s, rc, "cannot read the district's keys");
    }
    if (valid) {
        *why = TICKET_OK;
        *own = own_site != NULL && strcmp(own_site, site) == 0;
        return K_OK;
    }
    *why = !known ? TICKET_UNKNOWN_SITE : revoked ? TICKET_REVOKED : TICKET_FORGED;
    if (*why == TICKET_UNKNOWN_SITE)
        snprintf(s->err, sizeof s->err,
                 "the ticket names site %s, whose key this kiosk does not know (not synced yet?)",
                 site);
    else if (*why == TICKET_REVOKED)
        snprintf(s->err, sizeof s->err, "the ticket of site %s is signed with a revoked key", site);
    else
        snprintf(s->err, sizeof s->err, "the ticket is forged or altered");
    site[0] = '\0';
    *kind = 0;
    *id = *gen = 0;
    return K_ERR_FORGED;
}
