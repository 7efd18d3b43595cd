/* fuzz_ticket.c - libFuzzer target: the ticket payload parser and verifier
 * (ticket_verify) and the lookup-code normaliser, on any bytes.
 *
 * Besides "no crash, no sanitizer report": a payload that verifies must be
 * exactly what ticket_sign (KT1) or ticket_sign_gen (KT2, with its
 * generation and nonce) writes, and must be refused once any one byte of it
 * changes.  The same for KT3 (Ed25519, ticket_verify_kt3) with a fixed
 * key pair: Ed25519 signatures are deterministic, so signing the parsed
 * fields again gives the very string. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/ticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t key[TICKET_KEY_BYTES] = {1, 2,  3,  4,  5,  6,  7,  8,
                                              9, 10, 11, 12, 13, 14, 15, 16};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    char site[TICKET_SITE_MAX], kind = 0;
    int64_t id = 0, gen = 0;
    for (int expect = 0; expect < 2; expect++) {
        if (ticket_verify_gen(key, s, expect ? "SW01" : NULL, site, &kind, &id, &gen) != K_OK) {
            if (site[0] || kind || id || gen)
                abort(); /* a refusal clears what it was given */
            continue;
        }
        char again[TICKET_PAYLOAD_MAX];
        /* the nonce of a KT2 payload: the 4 characters before ".<MAC>" */
        char nonce[TICKET_NONCE_LEN + 1] = "";
        size_t len = strlen(s);
        if (strncmp(s, "KT2.", 4) == 0 && len > 24 + 1 + TICKET_NONCE_LEN) {
            memcpy(nonce, s + len - 24 - 1 - TICKET_NONCE_LEN, TICKET_NONCE_LEN);
            nonce[TICKET_NONCE_LEN] = '\0';
        }
        KResult again_rc = nonce[0] ? ticket_sign_gen(key, site, kind, id, gen, nonce, again)
                                    : ticket_sign(key, site, kind, id, again);
        if (again_rc != K_OK || strcmp(again, s) != 0)
            abort(); /* only the exact signed string verifies */
        size_t n = strlen(s);
        for (size_t i = 0; i < n; i++) {
            char was = s[i];
            s[i] = (char)(was == 'A' ? 'B' : 'A');
            if (ticket_verify(key, s, NULL, NULL, NULL, NULL) == K_OK)
                abort(); /* one changed byte is a forgery */
            s[i] = was;
        }
    }
    /* Signing what the bytes say (site, kind, id taken from the input) is
     * refused or verifies. */
    if (size >= 9) {
        char st[TICKET_SITE_MAX];
        size_t sl = data[0] % TICKET_SITE_MAX;
        memcpy(st, data + 1, sl < size - 1 ? sl : 0);
        st[sl < size - 1 ? sl : 0] = '\0';
        int64_t want = 0;
        memcpy(&want, data + size - 8, 8);
        char out[TICKET_PAYLOAD_MAX];
        int64_t want_gen = (int64_t)(data[size - 1] * 1000003L);
        int64_t got_gen = -1;
        if (ticket_sign_gen(key, st, (char)data[size - 9], want, want_gen, NULL, out) == K_OK &&
            (ticket_verify_gen(key, out, st, NULL, NULL, NULL, &got_gen) != K_OK ||
             got_gen != want_gen))
            abort();
    }
    {
        static TicketSigner signer;
        static int ready;
        if (!ready) {
            uint8_t seed[TICKET_SEED_BYTES] = {7, 6, 5, 4, 3, 2, 1};
            ticket_signer_from_seed(seed, &signer);
            ready = 1;
        }
        char p_site[TICKET_SITE_MAX], p_kind = 0;
        int64_t p_id = 0, p_gen = 0;
        KResult parsed = ticket_parse_kt3(s, p_site, &p_kind, &p_id, &p_gen);
        if (parsed != K_OK && (p_site[0] || p_kind || p_id || p_gen))
            abort();
        if (ticket_verify_kt3(signer.pk, s, p_site, &p_kind, &p_id, &p_gen) == K_OK) {
            char again[TICKET_PAYLOAD_MAX], nonce[TICKET_NONCE_LEN + 1];
            size_t len = strlen(s);
            if (parsed != K_OK || len < 86 + 1 + TICKET_NONCE_LEN)
                abort();
            memcpy(nonce, s + len - 86 - 1 - TICKET_NONCE_LEN, TICKET_NONCE_LEN);
            nonce[TICKET_NONCE_LEN] = '\0';
            if (ticket_sign_kt3(&signer, p_site, p_kind, p_id, p_gen, nonce, again) != K_OK ||
                strcmp(again, s) != 0)
                abort();
            for (size_t i = 0; i < len; i++) {
                char was = s[i];
                s[i] = (char)(was == 'A' ? 'B' : 'A');
                if (ticket_verify_kt3(signer.pk, s, NULL, NULL, NULL, NULL) == K_OK)
                    abort();
                s[i] = was;
            }
        }
        uint8_t pk[TICKET_PUBKEY_BYTES];
        if (ticket_pubkey_decode(s, pk)) {
            char back[TICKET_PUBKEY_B64];
            ticket_pubkey_encode(pk, back);
            if (strcmp(back, s) != 0)
                abort();
        }
    }
    char lookup[TICKET_LOOKUP_LEN + 1];
    if (ticket_lookup_normalise(s, lookup) && strlen(lookup) != TICKET_LOOKUP_LEN)
        abort();
    free(s);
    return 0;
}
