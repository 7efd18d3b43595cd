/* ticket.c - ticket numbers, lookup codes, signed QR payloads and the
 * installation key (see ticket.h).
 *
 * The payload is the only thing a stranger can hand back to the kiosk, so
 * ticket_verify treats it as hostile: it reads at most one byte past the
 * longest valid payload, parses the exact canonical form, then rebuilds the
 * payload from the parsed fields and compares the whole thing in constant
 * time.  Anything that is not byte for byte what ticket_sign would write is
 * K_ERR_FORGED. */
#include "kiosk/ticket.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#include "kiosk/outfile.h"

#define PAYLOAD_PREFIX "KT1."     /* the first release's form */
#define PAYLOAD_PREFIX_GEN "KT2." /* with a restore generation and a nonce after the id */
#define PREFIX_LEN 4
#define SITE_CHARS (TICKET_SITE_MAX - 1)
#define ID_DIGITS 19 /* INT64_MAX = 9223372036854775807 */
#define GEN_DIGITS 9 /* TICKET_GENERATION_MAX */
#define MAC_BYTES 15
#define MAC_CHARS 24 /* 15 bytes = 120 bits = 24 base32 characters, no padding */
/* "KT1." + site + "." + kind + "." + id + "." + mac */
#define PAYLOAD_V1_LEN_MAX (PREFIX_LEN + SITE_CHARS + 1 + 1 + 1 + ID_DIGITS + 1 + MAC_CHARS)
/* "KT2." + site + "." + kind + "." + id + "." + generation + "." + nonce + "." + mac */
#define PAYLOAD_LEN_MAX (PAYLOAD_V1_LEN_MAX + GEN_DIGITS + 1 + TICKET_NONCE_LEN + 1)

_Static_assert(PAYLOAD_V1_LEN_MAX == 63, "ticket.h documents 63 characters");
_Static_assert(PAYLOAD_LEN_MAX == 78, "ticket.h documents 78 characters");
_Static_assert(PAYLOAD_LEN_MAX < TICKET_PAYLOAD_MAX, "payload buffer too small");

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool ticket_kind_is_booking(char kind)
{
    return is_upper(kind) && kind != TICKET_KIND_REQUEST && kind != TICKET_KIND_WALKIN &&
           kind != TICKET_KIND_ACTIVITY && kind != TICKET_KIND_VOLUNTEER;
}

bool ticket_site_valid(const char *site)
{
    size_t n = 0;

    if (site == NULL)
        return false;
    for (; site[n] != '\0'; n++) {
        if (n >= SITE_CHARS || !(is_upper(site[n]) || is_digit(site[n])))
            return false;
    }
    return n >= 1;
}

void ticket_format_number(char kind, int seq, char out[TICKET_NUMBER_MAX])
{
    assert(out != NULL);
    assert(seq >= 0);
    /* As unsigned, every seq fits: one letter, at most ten digits, NUL. */
    snprintf(out, TICKET_NUMBER_MAX, "%c%03u", kind, (unsigned)seq);
}

void ticket_new_lookup(char out[TICKET_LOOKUP_LEN + 1])
{
    static const char alphabet[] = TICKET_LOOKUP_ALPHABET;

    assert(out != NULL);
    /* See request_draft_init: without entropy libsodium aborts in
     * randombytes anyway; ticket_key_load() reports it first at startup. */
    if (sodium_init() < 0)
        abort();
    for (int i = 0; i < TICKET_LOOKUP_LEN; i++)
        out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    out[TICKET_LOOKUP_LEN] = '\0';
}

bool ticket_lookup_normalise(const char *typed, char out[TICKET_LOOKUP_LEN + 1])
{
    size_t n = 0;

    assert(out != NULL);
    out[0] = '\0';
    if (typed == NULL)
        return false;
    for (; *typed != '\0'; typed++) {
        char c = *typed;
        if (c == ' ' || c == '-')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (n == TICKET_LOOKUP_LEN || strchr(TICKET_LOOKUP_ALPHABET, c) == NULL) {
            out[0] = '\0';
            return false; /* strchr never sees '\0' here: the loop stops first */
        }
        out[n++] = c;
    }
    out[n] = '\0';
    if (n != TICKET_LOOKUP_LEN) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* RFC 4648 base32, upper case, for exactly MAC_BYTES input bytes (a multiple
 * of 5, so there is no padding).  out holds MAC_CHARS + 1. */
static void base32_mac(const unsigned char in[MAC_BYTES], char out[MAC_CHARS + 1])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    size_t o = 0;

    for (size_t i = 0; i < MAC_BYTES; i += 5) {
        uint64_t v = 0;
        for (size_t j = 0; j < 5; j++)
            v = (v << 8) | in[i + j];
        for (int shift = 35; shift >= 0; shift -= 5)
            out[o++] = alphabet[(v >> shift) & 0x1F];
    }
    out[o] = '\0';
}

static bool is_base32(char c)
{
    return is_upper(c) || (c >= '2' && c <= '7');
}

static bool nonce_valid(const char *nonce)
{
    for (int i = 0; i < TICKET_NONCE_LEN; i++)
        if (!is_base32(nonce[i]))
            return false;
    return nonce[TICKET_NONCE_LEN] == '\0';
}

/* Writes "<body>.<MAC>" where body is the signed part; out has
 * TICKET_PAYLOAD_MAX bytes.  The inputs are already validated.  No nonce
 * writes the first release's KT1 form, byte for byte. */
static void sign_body(const uint8_t key[TICKET_KEY_BYTES], const char *site, char kind, int64_t id,
                      int64_t generation, const char *nonce, char out[TICKET_PAYLOAD_MAX])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    char mac_text[MAC_CHARS + 1];
    int len;

    if (nonce == NULL)
        len = snprintf(out, TICKET_PAYLOAD_MAX, PAYLOAD_PREFIX "%s.%c.%" PRId64, site, kind, id);
    else
        len =
            snprintf(out, TICKET_PAYLOAD_MAX, PAYLOAD_PREFIX_GEN "%s.%c.%" PRId64 ".%" PRId64 ".%s",
                     site, kind, id, generation, nonce);
    assert(len > 0 && len + 1 + MAC_CHARS < TICKET_PAYLOAD_MAX);
    crypto_auth_hmacsha256(mac, (const unsigned char *)out, (unsigned long long)len, key);
    base32_mac(mac, mac_text);
    out[len] = '.';
    memcpy(out + len + 1, mac_text, MAC_CHARS + 1);
    sodium_memzero(mac, sizeof mac);
}

KResult ticket_sign_gen(const uint8_t key[TICKET_KEY_BYTES], const char *site, char kind,
                        int64_t id, int64_t generation, const char *nonce,
                        char out[TICKET_PAYLOAD_MAX])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    char fresh[TICKET_NONCE_LEN + 1];

    assert(key != NULL && out != NULL);
    out[0] = '\0';
    if (!ticket_site_valid(site) || !is_upper(kind) || id <= 0 || generation < 0 ||
        generation > TICKET_GENERATION_MAX || (nonce != NULL && !nonce_valid(nonce)))
        return K_ERR_INVALID;
    if (nonce == NULL) {
        /* See ticket_new_lookup: without entropy libsodium aborts anyway. */
        if (sodium_init() < 0)
            abort();
        for (int i = 0; i < TICKET_NONCE_LEN; i++)
            fresh[i] = alphabet[randombytes_uniform(32)];
        fresh[TICKET_NONCE_LEN] = '\0';
        nonce = fresh;
    }
    sign_body(key, site, kind, id, generation, nonce, out);
    return K_OK;
}

KResult ticket_sign(const uint8_t key[TICKET_KEY_BYTES], const char *site, char kind, int64_t id,
                    char out[TICKET_PAYLOAD_MAX])
{
    assert(key != NULL && out != NULL);
    out[0] = '\0';
    if (!ticket_site_valid(site) || !is_upper(kind) || id <= 0)
        return K_ERR_INVALID;
    sign_body(key, site, kind, id, 0, NULL, out);
    return K_OK;
}

/* A positive decimal of at most max_digits without a leading zero (or "0"
 * when zero), from p[*i] up to the next '.', which is skipped; false for
 * anything else. */
static bool parse_number(const char *p, size_t n, size_t *i, int max_digits, bool zero,
                         int64_t *out)
{
    size_t start = *i;
    int64_t v = 0;

    if (zero && *i + 1 < n && p[*i] == '0' && p[*i + 1] == '.') { /* "0" itself */
        *i += 2;
        *out = 0;
        return true;
    }
    if (*i >= n || p[*i] < '1' || p[*i] > '9') /* no leading zero, no sign */
        return false;
    while (*i < n && is_digit(p[*i])) {
        int digit = p[*i] - '0';
        if (v > (INT64_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
        (*i)++;
    }
    if (*i - start > (size_t)max_digits || *i >= n || p[*i] != '.')
        return false;
    (*i)++;
    *out = v;
    return true;
}

/* Parses the canonical form only; the MAC is checked by the caller.
 * p has length n (at most PAYLOAD_LEN_MAX) and is NUL-terminated. */
static bool parse_payload(const char *p, size_t n, char site[TICKET_SITE_MAX], char *kind,
                          int64_t *id, int64_t *generation, char nonce[TICKET_NONCE_LEN + 1])
{
    size_t i = PREFIX_LEN, start;
    bool has_gen;

    if (n < PREFIX_LEN)
        return false;
    if (memcmp(p, PAYLOAD_PREFIX, PREFIX_LEN) == 0)
        has_gen = false;
    else if (memcmp(p, PAYLOAD_PREFIX_GEN, PREFIX_LEN) == 0)
        has_gen = true;
    else
        return false;

    start = i;
    while (i < n && (is_upper(p[i]) || is_digit(p[i])) && i - start < SITE_CHARS)
        i++;
    if (i == start || i >= n || p[i] != '.')
        return false;
    memcpy(site, p + start, i - start);
    site[i - start] = '\0';
    i++;

    if (i + 1 >= n || !is_upper(p[i]) || p[i + 1] != '.')
        return false;
    *kind = p[i];
    i += 2;

    if (!parse_number(p, n, &i, ID_DIGITS, false, id))
        return false;
    *generation = 0;
    nonce[0] = '\0';
    if (has_gen) {
        if (!parse_number(p, n, &i, GEN_DIGITS, true, generation))
            return false;
        for (int k = 0; k < TICKET_NONCE_LEN; k++, i++) {
            if (i >= n || !is_base32(p[i]))
                return false;
            nonce[k] = p[i];
        }
        nonce[TICKET_NONCE_LEN] = '\0';
        if (i >= n || p[i] != '.')
            return false;
        i++;
    }

    if (n - i != MAC_CHARS)
        return false;
    for (; i < n; i++) {
        if (!(is_upper(p[i]) || (p[i] >= '2' && p[i] <= '7')))
            return false;
    }
    return true;
}

KResult ticket_verify_gen(const uint8_t key[TICKET_KEY_BYTES], const char *payload,
                          const char *expect_site, char site[TICKET_SITE_MAX], char *kind,
                          int64_t *id, int64_t *generation)
{
    char p_site[TICKET_SITE_MAX];
    char p_kind = 0;
    int64_t p_id = 0, p_gen = 0;
    char p_nonce[TICKET_NONCE_LEN + 1];
    char expected[TICKET_PAYLOAD_MAX];
    size_t n;
    KResult rc = K_ERR_FORGED;

    assert(key != NULL);
    if (site != NULL)
        site[0] = '\0';
    if (kind != NULL)
        *kind = '\0';
    if (id != NULL)
        *id = 0;
    if (generation != NULL)
        *generation = 0;
    if (payload == NULL)
        return K_ERR_FORGED;

    /* Reading PAYLOAD_LEN_MAX + 1 bytes at most tells "too long" apart
     * without walking a hostile string to its end. */
    n = strnlen(payload, PAYLOAD_LEN_MAX + 1);
    if (n > PAYLOAD_LEN_MAX ||
        !parse_payload(payload, n, p_site, &p_kind, &p_id, &p_gen, p_nonce) ||
        p_gen > TICKET_GENERATION_MAX)
        goto done;

    sign_body(key, p_site, p_kind, p_id, p_gen, p_nonce[0] ? p_nonce : NULL, expected);
    if (strlen(expected) != n || sodium_memcmp(expected, payload, n) != 0)
        goto done;
    if (expect_site != NULL && strcmp(p_site, expect_site) != 0)
        goto done;

    if (site != NULL)
        memcpy(site, p_site, sizeof p_site);
    if (kind != NULL)
        *kind = p_kind;
    if (id != NULL)
        *id = p_id;
    if (generation != NULL)
        *generation = p_gen;
    rc = K_OK;
done:
    sodium_memzero(expected, sizeof expected);
    return rc;
}

KResult ticket_verify(const uint8_t key[TICKET_KEY_BYTES], const char *payload,
                      const char *expect_site, char site[TICKET_SITE_MAX], char *kind, int64_t *id)
{
    return ticket_verify_gen(key, payload, expect_site, site, kind, id, NULL);
}

/* Reads exactly len bytes; false on a short file or an error. */
static bool read_all(int fd, uint8_t *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t r = read(fd, buf + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

static bool write_all(int fd, const uint8_t *buf, size_t len)
{
    size_t put = 0;

    while (put < len) {
        ssize_t w = write(fd, buf + put, len - put);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        put += (size_t)w;
    }
    return true;
}

static KResult load_existing(int fd, uint8_t key[TICKET_KEY_BYTES])
{
    struct stat st;
    uint8_t extra;

    if (fstat(fd, &st) != 0)
        return K_ERR_IO;
    if (!S_ISREG(st.st_mode))
        return K_ERR_INVALID;
    /* A key others can read lets them forge tickets; one others can write
     * lets them choose it.  Refuse both rather than fix the mode silently:
     * the file may have been copied around already. */
    if (st.st_mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH))
        return K_ERR_INVALID;
    if (st.st_size != TICKET_KEY_BYTES)
        return K_ERR_CORRUPT;
    if (!read_all(fd, key, TICKET_KEY_BYTES) || read(fd, &extra, 1) != 0)
        return K_ERR_CORRUPT; /* changed size under us */
    return K_OK;
}

/* Creates the key file atomically: the key is written to a temporary file
 * beside it (0600), synced, and only then given the name, never replacing
 * one that is there.  Another process starting at the same moment thus
 * finds either no key or a whole one, never an empty or half-written file.
 * K_ERR_EXISTS when another process won the race (read theirs). */
static KResult create_key(const char *path, uint8_t key[TICKET_KEY_BYTES])
{
    char tmp[OUTFILE_PATH_MAX];
    int fd = outfile_temp(path, tmp, sizeof tmp); /* mode 0600 */
    if (fd < 0)
        return K_ERR_IO;
    randombytes_buf(key, TICKET_KEY_BYTES);
    bool written = write_all(fd, key, TICKET_KEY_BYTES) && fsync(fd) == 0;
    if (close(fd) != 0)
        written = false;
    KResult rc = written ? outfile_place_new(tmp, path) : K_ERR_IO;
    if (rc != K_OK)
        unlink(tmp);
    return rc;
}

KResult ticket_key_load(const char *path, uint8_t key[TICKET_KEY_BYTES])
{
    KResult rc = K_ERR_IO;

    assert(path != NULL && key != NULL);
    if (sodium_init() < 0)
        return K_ERR_UNSUPPORTED;
    /* Two rounds: if the file vanishes between tries or appears while we
     * create it, the second round sees the other process's result. */
    for (int round = 0; round < 2; round++) {
        /* Non-blocking, or a FIFO at the path would hang the start for
         * ever; not through a link, which could point anywhere. */
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY);
        if (fd >= 0) {
            rc = load_existing(fd, key);
            close(fd);
            break;
        }
        if (errno != ENOENT) {
            rc = errno == ELOOP ? K_ERR_INVALID : K_ERR_IO;
            break;
        }
        rc = create_key(path, key);
        if (rc != K_ERR_EXISTS)
            break;
        rc = K_ERR_IO;
    }
    if (rc != K_OK)
        sodium_memzero(key, TICKET_KEY_BYTES);
    return rc;
}

/* ---- KT3: Ed25519, checkable by any site holding the public key ---- */

#define PAYLOAD_PREFIX_KT3 "KT3."
#define SIG_CHARS 86 /* 64 bytes in base64url without padding */
/* "KT3." + site + "." + kind + "." + id + "." + generation + "." + nonce + "." + sig */
#define PAYLOAD_KT3_LEN_MAX                                                                        \
    (PREFIX_LEN + SITE_CHARS + 1 + 1 + 1 + ID_DIGITS + 1 + GEN_DIGITS + 1 + TICKET_NONCE_LEN + 1 + \
     SIG_CHARS)

_Static_assert(PAYLOAD_KT3_LEN_MAX == 140, "ticket.h documents 140 characters");
_Static_assert(PAYLOAD_KT3_LEN_MAX < TICKET_PAYLOAD_MAX, "payload buffer too small");
_Static_assert(crypto_sign_BYTES == 64, "Ed25519 signatures are 64 bytes");
_Static_assert(crypto_sign_PUBLICKEYBYTES == TICKET_PUBKEY_BYTES, "public key size");
_Static_assert(crypto_sign_SECRETKEYBYTES == TICKET_SECRET_BYTES, "secret key size");
_Static_assert(crypto_sign_SEEDBYTES == TICKET_SEED_BYTES, "seed size");
_Static_assert(TICKET_SEED_BYTES == TICKET_KEY_BYTES, "the seed file is loaded as a key file");

int ticket_payload_form(const char *payload)
{
    if (payload == NULL || strnlen(payload, PREFIX_LEN) < PREFIX_LEN)
        return 0;
    if (memcmp(payload, PAYLOAD_PREFIX, PREFIX_LEN) == 0)
        return 1;
    if (memcmp(payload, PAYLOAD_PREFIX_GEN, PREFIX_LEN) == 0)
        return 2;
    if (memcmp(payload, PAYLOAD_PREFIX_KT3, PREFIX_LEN) == 0)
        return 3;
    return 0;
}

void ticket_signer_from_seed(const uint8_t seed[TICKET_SEED_BYTES], TicketSigner *out)
{
    assert(seed != NULL && out != NULL);
    if (sodium_init() < 0)
        abort();
    crypto_sign_seed_keypair(out->pk, out->sk, seed);
}

KResult ticket_signer_load(const char *path, TicketSigner *out)
{
    uint8_t seed[TICKET_SEED_BYTES];

    assert(path != NULL && out != NULL);
    KResult rc = ticket_key_load(path, seed);
    if (rc == K_OK)
        ticket_signer_from_seed(seed, out);
    else
        sodium_memzero(out, sizeof *out);
    sodium_memzero(seed, sizeof seed);
    return rc;
}

void ticket_pubkey_encode(const uint8_t pk[TICKET_PUBKEY_BYTES], char out[TICKET_PUBKEY_B64])
{
    assert(pk != NULL && out != NULL);
    sodium_bin2base64(out, TICKET_PUBKEY_B64, pk, TICKET_PUBKEY_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Decodes exactly want bytes from the n characters at text, and only when
 * they are the canonical encoding (encoding the bytes again gives text). */
static bool b64_exact(const char *text, size_t n, uint8_t *bin, size_t want)
{
    char again[SIG_CHARS + 2];
    size_t got = 0;

    if (n != sodium_base64_ENCODED_LEN(want, sodium_base64_VARIANT_URLSAFE_NO_PADDING) - 1 ||
        n >= sizeof again)
        return false;
    if (sodium_base642bin(bin, want, text, n, NULL, &got, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        got != want)
        return false;
    sodium_bin2base64(again, sizeof again, bin, want, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return memcmp(again, text, n) == 0;
}

bool ticket_pubkey_decode(const char *text, uint8_t pk[TICKET_PUBKEY_BYTES])
{
    assert(pk != NULL);
    if (text == NULL || sodium_init() < 0)
        return false;
    return b64_exact(text, strnlen(text, TICKET_PUBKEY_B64), pk, TICKET_PUBKEY_BYTES);
}

KResult ticket_sign_kt3(const TicketSigner *k, const char *site, char kind, int64_t id,
                        int64_t generation, const char *nonce, char out[TICKET_PAYLOAD_MAX])
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    char fresh[TICKET_NONCE_LEN + 1];
    unsigned char sig[crypto_sign_BYTES];

    assert(k != NULL && out != NULL);
    out[0] = '\0';
    if (!ticket_site_valid(site) || !is_upper(kind) || id <= 0 || generation < 0 ||
        generation > TICKET_GENERATION_MAX || (nonce != NULL && !nonce_valid(nonce)))
        return K_ERR_INVALID;
    if (sodium_init() < 0)
        abort(); /* see ticket_new_lookup */
    if (nonce == NULL) {
        for (int i = 0; i < TICKET_NONCE_LEN; i++)
            fresh[i] = alphabet[randombytes_uniform(32)];
        fresh[TICKET_NONCE_LEN] = '\0';
        nonce = fresh;
    }
    int len =
        snprintf(out, TICKET_PAYLOAD_MAX, PAYLOAD_PREFIX_KT3 "%s.%c.%" PRId64 ".%" PRId64 ".%s",
                 site, kind, id, generation, nonce);
    assert(len > 0 && len + 1 + SIG_CHARS < TICKET_PAYLOAD_MAX);
    crypto_sign_detached(sig, NULL, (const unsigned char *)out, (unsigned long long)len, k->sk);
    out[len] = '.';
    sodium_bin2base64(out + len + 1, TICKET_PAYLOAD_MAX - (size_t)len - 1, sig, sizeof sig,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return K_OK;
}

/* The canonical KT3 form: fields into the outputs, *body_len the length
 * of the signed part and sig the signature's bytes. */
static bool parse_kt3(const char *p, size_t n, char site[TICKET_SITE_MAX], char *kind, int64_t *id,
                      int64_t *generation, size_t *body_len, uint8_t sig[crypto_sign_BYTES])
{
    size_t i = PREFIX_LEN, start;

    if (n < PREFIX_LEN || memcmp(p, PAYLOAD_PREFIX_KT3, PREFIX_LEN) != 0)
        return false;
    start = i;
    while (i < n && (is_upper(p[i]) || is_digit(p[i])) && i - start < SITE_CHARS)
        i++;
    if (i == start || i >= n || p[i] != '.')
        return false;
    memcpy(site, p + start, i - start);
    site[i - start] = '\0';
    i++;
    if (i + 1 >= n || !is_upper(p[i]) || p[i + 1] != '.')
        return false;
    *kind = p[i];
    i += 2;
    if (!parse_number(p, n, &i, ID_DIGITS, false, id) ||
        !parse_number(p, n, &i, GEN_DIGITS, true, generation) ||
        *generation > TICKET_GENERATION_MAX)
        return false;
    for (int k = 0; k < TICKET_NONCE_LEN; k++, i++)
        if (i >= n || !is_base32(p[i]))
            return false;
    if (i >= n || p[i] != '.')
        return false;
    *body_len = i;
    i++;
    return b64_exact(p + i, n - i, sig, crypto_sign_BYTES);
}

static KResult kt3_check(const uint8_t *pk, const char *payload, char site[TICKET_SITE_MAX],
                         char *kind, int64_t *id, int64_t *generation)
{
    char p_site[TICKET_SITE_MAX];
    char p_kind = 0;
    int64_t p_id = 0, p_gen = 0;
    size_t body = 0, n;
    uint8_t sig[crypto_sign_BYTES];

    if (site != NULL)
        site[0] = '\0';
    if (kind != NULL)
        *kind = '\0';
    if (id != NULL)
        *id = 0;
    if (generation != NULL)
        *generation = 0;
    if (payload == NULL || sodium_init() < 0)
        return K_ERR_FORGED;
    n = strnlen(payload, PAYLOAD_KT3_LEN_MAX + 1);
    if (n > PAYLOAD_KT3_LEN_MAX ||
        !parse_kt3(payload, n, p_site, &p_kind, &p_id, &p_gen, &body, sig))
        return K_ERR_FORGED;
    if (pk != NULL &&
        crypto_sign_verify_detached(sig, (const unsigned char *)payload, body, pk) != 0)
        return K_ERR_FORGED;
    if (site != NULL)
        memcpy(site, p_site, sizeof p_site);
    if (kind != NULL)
        *kind = p_kind;
    if (id != NULL)
        *id = p_id;
    if (generation != NULL)
        *generation = p_gen;
    return K_OK;
}

KResult ticket_parse_kt3(const char *payload, char site[TICKET_SITE_MAX], char *kind, int64_t *id,
                         int64_t *generation)
{
    return kt3_check(NULL, payload, site, kind, id, generation);
}

KResult ticket_verify_kt3(const uint8_t pk[TICKET_PUBKEY_BYTES], const char *payload,
                          char site[TICKET_SITE_MAX], char *kind, int64_t *id, int64_t *generation)
{
    assert(pk != NULL);
    return kt3_check(pk, payload, site, kind, id, generation);
}
