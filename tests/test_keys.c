/* test_keys.c - KT3 tickets (issue 19): Ed25519 signing and checking in
 * the ticket layer (canonical form only, any changed byte refused, the
 * public key's encoding, the key file made 0600), and the store's offline
 * check (store_check_ticket) of this site's and other sites' tickets
 * against the kept keys: another site's is told apart (TICKET_OTHER_SITE,
 * never a row here), an unknown site, a revoked key and a forgery refused;
 * store_keys_replace keeps the copy whole or not at all; a new ticket is
 * KT3 once the store has the site's key pair, and queues a site_key entry. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/request.h"
#include "kiosk/store.h"
#include "kiosk/text.h"
#include "kiosk/ticket.h"

static const uint8_t hkey[TICKET_KEY_BYTES] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
                                               9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
static char dir[64];

static void signer(uint8_t b, TicketSigner *k)
{
    uint8_t seed[TICKET_SEED_BYTES];
    memset(seed, b, sizeof seed);
    ticket_signer_from_seed(seed, k);
}

static void test_ticket_layer(void)
{
    TicketSigner a, b;
    char p[TICKET_PAYLOAD_MAX], site[TICKET_SITE_MAX], kind = 0;
    int64_t id = 0, gen = 0;
    signer(1, &a);
    signer(2, &b);
    CHECK_INT_EQ(ticket_sign_kt3(&a, "KA", 'A', 42, 3, "AB27", p), K_OK);
    CHECK_INT_EQ(ticket_payload_form(p), 3);
    CHECK_INT_EQ(strlen(p), strlen("KT3.KA.A.42.3.AB27.") + 86);
    CHECK_INT_EQ(ticket_verify_kt3(a.pk, p, site, &kind, &id, &gen), K_OK);
    CHECK_STR_EQ(site, "KA");
    CHECK_INT_EQ(kind, 'A');
    CHECK_INT_EQ(id, 42);
    CHECK_INT_EQ(gen, 3);
    CHECK_INT_EQ(ticket_verify_kt3(b.pk, p, site, &kind, &id, &gen), K_ERR_FORGED);
    CHECK(site[0] == '\0' && kind == 0 && id == 0 && gen == 0);
    /* the HMAC check never takes a KT3 payload, nor the KT3 check a KT2 */
    CHECK_INT_EQ(ticket_verify(hkey, p, NULL, NULL, NULL, NULL), K_ERR_FORGED);
    char kt2[TICKET_PAYLOAD_MAX];
    ticket_sign_gen(hkey, "KA", 'A', 42, 3, "AB27", kt2);
    CHECK_INT_EQ(ticket_verify_kt3(a.pk, kt2, NULL, NULL, NULL, NULL), K_ERR_FORGED);
    /* every byte changed, every length cut, one more byte: refused */
    size_t n = strlen(p);
    int accepted = 0;
    for (size_t i = 0; i < n; i++) {
        char q[TICKET_PAYLOAD_MAX];
        memcpy(q, p, n + 1);
        for (int c = 1; c < 256; c++) {
            if ((char)c == p[i])
                continue;
            q[i] = (char)c;
            accepted += ticket_verify_kt3(a.pk, q, NULL, NULL, NULL, NULL) == K_OK;
        }
        q[i] = '\0';
        accepted += ticket_verify_kt3(a.pk, q, NULL, NULL, NULL, NULL) == K_OK;
    }
    CHECK_INT_EQ(accepted, 0);
    char longer[TICKET_PAYLOAD_MAX + 4];
    snprintf(longer, sizeof longer, "%sA", p);
    CHECK_INT_EQ(ticket_verify_kt3(a.pk, longer, NULL, NULL, NULL, NULL), K_ERR_FORGED);
    CHECK_INT_EQ(ticket_verify_kt3(a.pk, NULL, NULL, NULL, NULL, NULL), K_ERR_FORGED);
    CHECK_INT_EQ(ticket_parse_kt3(p, site, &kind, &id, &gen), K_OK);
    /* a leading zero, lower case site, bad nonce: not the canonical form */
    CHECK_INT_EQ(ticket_sign_kt3(&a, "ka", 'A', 1, 0, NULL, p), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign_kt3(&a, "KA", 'A', 0, 0, NULL, p), K_ERR_INVALID);
    CHECK_INT_EQ(ticket_sign_kt3(&a, "KA", 'A', 1, 0, "ab27", p), K_ERR_INVALID);
    /* the longest */
    CHECK_INT_EQ(
        ticket_sign_kt3(&a, "ABCDEFGHIJ12", 'Z', INT64_MAX, TICKET_GENERATION_MAX, NULL, p), K_OK);
    CHECK_INT_EQ(strlen(p), 140);
    CHECK_INT_EQ(ticket_verify_kt3(a.pk, p, NULL, NULL, NULL, NULL), K_OK);
    /* the public key's text: 43 characters, and only the canonical one */
    char b64[TICKET_PUBKEY_B64];
    uint8_t back[TICKET_PUBKEY_BYTES];
    ticket_pubkey_encode(a.pk, b64);
    CHECK_INT_EQ(strlen(b64), 43);
    CHECK(ticket_pubkey_decode(b64, back) && memcmp(back, a.pk, sizeof back) == 0);
    char bad[TICKET_PUBKEY_B64 + 2];
    memcpy(bad, b64, sizeof b64);
    bad[42] = bad[42] == 'A' ? 'B' : 'A'; /* the last character's spare bits */
    CHECK(!ticket_pubkey_decode(bad, back) || memcmp(back, a.pk, sizeof back) != 0);
    snprintf(bad, sizeof bad, "%s=", b64);
    CHECK(!ticket_pubkey_decode(bad, back));
    CHECK(!ticket_pubkey_decode("", back));
    CHECK(!ticket_pubkey_decode(NULL, back));
    /* the key file: made 0600, the same pair when read again */
    char path[96];
    snprintf(path, sizeof path, "%s/k.sign.key", dir);
    TicketSigner f1, f2;
    CHECK_INT_EQ(ticket_signer_load(path, &f1), K_OK);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 32);
    CHECK_INT_EQ(ticket_signer_load(path, &f2), K_OK);
    CHECK(memcmp(&f1, &f2, sizeof f1) == 0);
    chmod(path, 0644);
    CHECK_INT_EQ(ticket_signer_load(path, &f2), K_ERR_INVALID);
    unlink(path);
}

static void test_store(void)
{
    TicketSigner a, b, x;
    char db[96], pa[TICKET_PAYLOAD_MAX], px[TICKET_PAYLOAD_MAX], json[512];
    char ka[TICKET_PUBKEY_B64], kb[TICKET_PUBKEY_B64];
    signer(1, &a);
    signer(2, &b);
    signer(3, &x);
    ticket_pubkey_encode(a.pk, ka);
    ticket_pubkey_encode(b.pk, kb);
    snprintf(db, sizeof db, "%s/kb.db", dir);
    Store *s = NULL;
    char err[256];
    CHECK_INT_EQ(store_open(db, &s, err, sizeof err), K_OK);
    CHECK_INT_EQ(store_sync_enable(s, "KB", 1000, NULL), K_OK);
    CHECK_INT_EQ(store_set_signer(s, &b, 1000), K_OK);
    CHECK_INT_EQ(store_set_signer(s, &b, 1001), K_OK); /* recorded once */

    Ticket t;
    TicketCheck why;
    int64_t gen = -1;
    ticket_sign_kt3(&a, "KA", 'A', 7, 0, NULL, pa);
    /* no keys kept yet: an unknown site */
    CHECK_INT_EQ(store_check_ticket(s, hkey, pa, "KB", &t, &why, NULL), K_ERR_FORGED);
    CHECK_INT_EQ(why, TICKET_UNKNOWN_SITE);
    snprintf(json, sizeof json,
             "[{\"site\":\"KA\",\"key\":\"%s\",\"first_seen\":5,\"revoked_at\":null},"
             "{\"site\":\"KB\",\"key\":\"%s\",\"first_seen\":6,\"revoked_at\":null},"
             "{\"site\":\"bad site\",\"key\":\"%s\"},{\"site\":\"KZ\",\"key\":\"short\"},7]",
             ka, kb, ka);
    int count = -1;
    CHECK_INT_EQ(store_keys_replace(s, json, 2000, &count), K_OK);
    CHECK_INT_EQ(count, 2);
    CHECK_INT_EQ(store_check_ticket(s, hkey, pa, "KB", &t, &why, &gen), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(why, TICKET_OTHER_SITE);
    CHECK_STR_EQ(t.site, "KA");
    CHECK_INT_EQ(t.kind, 'A');
    CHECK_INT_EQ(t.id, 7);
    CHECK_STR_EQ(t.payload, pa);
    CHECK_STR_EQ(store_ticket_check_name(why), "other_site");
    /* KA's site code with a key the district does not know: forged */
    ticket_sign_kt3(&x, "KA", 'A', 7, 0, NULL, px);
    CHECK_INT_EQ(store_check_ticket(s, hkey, px, "KB", &t, &why, NULL), K_ERR_FORGED);
    CHECK_INT_EQ(why, TICKET_FORGED);
    CHECK(t.site[0] == '\0' && t.id == 0);
    /* this site's own KT3 ticket: signed here, but not in this database */
    ticket_sign_kt3(&b, "KB", 'A', 99, 0, NULL, px);
    CHECK_INT_EQ(store_check_ticket(s, hkey, px, "KB", &t, &why, NULL), K_ERR_NOT_FOUND);
    CHECK_INT_EQ(why, TICKET_NOT_HERE);
    /* a ticket issued now is KT3 and checks as this site's */
    RequestDraft d;
    request_draft_init(&d);
    text_copy(d.category, sizeof d.category, "elder");
    text_copy(d.issue, sizeof d.issue, "other");
    text_copy(d.description, sizeof d.description, "楼道灯坏了");
    text_copy(d.phone, sizeof d.phone, "13812345678");
    text_copy(d.name, sizeof d.name, "王阿姨");
    text_copy(d.building, sizeof d.building, "3栋");
    text_copy(d.unit, sizeof d.unit, "2");
    text_copy(d.room, sizeof d.room, "501");
    int64_t rid = 0;
    Ticket issued;
    CHECK_INT_EQ(store_submit_request(s, &d, "KB", 3000, 24, hkey, &rid, &issued), K_OK);
    CHECK_INT_EQ(ticket_payload_form(issued.payload), 3);
    CHECK_INT_EQ(store_check_ticket(s, hkey, issued.payload, "KB", &t, &why, NULL), K_OK);
    CHECK_INT_EQ(t.id, issued.id);
    /* not JSON, not an array: refused, the copy kept */
    CHECK_INT_EQ(store_keys_replace(s, "{\"site\":1}", 2100, &count), K_ERR_INVALID);
    CHECK_INT_EQ(store_keys_replace(s, "[", 2100, &count), K_ERR_INVALID);
    CHECK_INT_EQ(store_check_ticket(s, hkey, pa, "KB", &t, &why, NULL), K_ERR_NOT_FOUND);
    /* revoked at the centre: refused once pulled */
    snprintf(json, sizeof json,
             "[{\"site\":\"KA\",\"key\":\"%s\",\"first_seen\":5,\"revoked_at\":9}]", ka);
    CHECK_INT_EQ(store_keys_replace(s, json, 2200, &count), K_OK);
    CHECK_INT_EQ(store_check_ticket(s, hkey, pa, "KB", &t, &why, NULL), K_ERR_FORGED);
    CHECK_INT_EQ(why, TICKET_REVOKED);
    CHECK_STR_EQ(store_ticket_check_name(why), "revoked");
    /* the site_key entry: queued once */
    int keys = 0;
    char *batch = NULL;
    int n = 0;
    int64_t last = 0;
    CHECK_INT_EQ(store_sync_batch(s, 1000, 1 << 20, &batch, &n, &last), K_OK);
    for (const char *q = batch; q && (q = strstr(q, "\"kind\":\"site_key\"")); q++)
        keys++;
    CHECK_INT_EQ(keys, 1);
    CHECK(batch && strstr(batch, kb) != NULL);
    free(batch);
    store_close(s);
    /* without the key file (a read-only copy, a lost key): the public
     * halves the database recorded still recognise its own tickets */
    CHECK_INT_EQ(store_open(db, &s, err, sizeof err), K_OK);
    CHECK_INT_EQ(store_check_ticket(s, hkey, issued.payload, "KB", &t, &why, NULL), K_OK);
    CHECK_INT_EQ(t.id, issued.id);
    store_close(s);
    unlink(db);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/kiosk-keys-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_ticket_layer();
    test_store();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    return CHECK_DONE();
}
