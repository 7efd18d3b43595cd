/* ticket.h - tickets: numbers, lookup codes and signed QR payloads.
 *
 * A ticket has a human number (kind letter + daily sequence: A001), a lookup
 * code a person can type (8 characters from an alphabet without look-alikes)
 * and a QR payload.  The payload holds no personal data:
 *
 *     KT1.<SITE>.<KIND>.<ID>.<MAC>
 *
 * SITE is the site code (A-Z, 0-9, 1-12 chars), KIND one letter, ID the
 * ticket's decimal row id, MAC the first 15 bytes of HMAC-SHA256 over
 * "KT1.<SITE>.<KIND>.<ID>" with the installation key, in base32 (24 chars).
 * Every character is in the QR alphanumeric set, and the longest payload
 * (63 characters: 4 + 12 + 1 + 1 + 1 + 19 + 1 + 24) fits QR version 4 at
 * level M (alphanumeric capacity 90).
 *
 * A database restored from a backup hands out row ids again that tickets
 * issued after the backup already carry.  So every ticket issued now
 * carries, signed, the database's restore generation (0 until the first
 * `kiosk admin restore`, raised by each) and a random nonce:
 *
 *     KT2.<SITE>.<KIND>.<ID>.<GEN>.<NONCE>.<MAC>
 *
 * with the MAC over everything before ".<MAC>".  GEN is 0 or 1 to 9 digits
 * without a leading zero; NONCE is 4 base32 characters (20 bits), so even a
 * database put back by copying the file (no generation raised) hands out
 * a different payload under a reused id but once in a million.  The
 * longest payload is 78 characters, still QR version 4 at level M (the
 * digits go in numeric segments).  KT1 payloads, all the first release
 * printed, keep verifying. */
#ifndef KIOSK_TICKET_H
#define KIOSK_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kiosk/result.h"

#define TICKET_KEY_BYTES 32
#define TICKET_PAYLOAD_MAX 144
#define TICKET_LOOKUP_LEN 8
#define TICKET_NUMBER_MAX 12
#define TICKET_SITE_MAX 13
#define TICKET_GENERATION_MAX 999999999
#define TICKET_NONCE_LEN 4

/* The lookup alphabet: no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V. */
#define TICKET_LOOKUP_ALPHABET "ACDEFGHJKMNPRTWXY34679"

/* A ticket's kind: the one letter in its number and its signed payload,
 * stored as that character (payloads and rows keep it byte for byte). */
#define TICKET_KIND_REQUEST 'A'   /* a resident's request */
#define TICKET_KIND_WALKIN 'Q'    /* a walk-in number */
#define TICKET_KIND_ACTIVITY 'H'  /* a sign-up for a community activity (活动) */
#define TICKET_KIND_VOLUNTEER 'V' /* a volunteer's card */
/* The maintenance test page's ticket: never stored, signed or scanned. */
#define TICKET_KIND_TEST '*'
/* Any other letter A-Z is a booking's: its service's letter. */

typedef struct {
    int64_t id; /* row id in the tickets table */
    char site[TICKET_SITE_MAX];
    char kind;                      /* TICKET_KIND_* or a service's letter */
    char day[11];                   /* YYYY-MM-DD, local date of issue */
    int seq;                        /* daily sequence per site and kind */
    char number[TICKET_NUMBER_MAX]; /* "A001" */
    char lookup[TICKET_LOOKUP_LEN + 1];
    char payload[TICKET_PAYLOAD_MAX];
    int64_t created_at; /* unix seconds */
    int64_t due_at;     /* promised response, unix seconds */
} Ticket;

/* true when kind is a booking's: a letter A-Z other than
 * TICKET_KIND_REQUEST, TICKET_KIND_WALKIN, TICKET_KIND_ACTIVITY and
 * TICKET_KIND_VOLUNTEER. */
bool ticket_kind_is_booking(char kind);

/* true when site is 1..12 characters of A-Z and 0-9. */
bool ticket_site_valid(const char *site);

/* Formats "A001" (at least three digits) into out. */
void ticket_format_number(char kind, int seq, char out[TICKET_NUMBER_MAX]);

/* A fresh random lookup code (libsodium's randombytes). */
void ticket_new_lookup(char out[TICKET_LOOKUP_LEN + 1]);

/* Normalises what a person typed as a lookup code: upper-cases, drops spaces
 * and dashes.  Returns false when the result is not 8 characters of the
 * lookup alphabet. */
bool ticket_lookup_normalise(const char *typed, char out[TICKET_LOOKUP_LEN + 1]);

/* Writes the first release's KT1 payload for (site, kind, id) into out
 * (the store issues KT2 ones, ticket_sign_gen).  K_ERR_INVALID (and
 * out = "") unless site passes ticket_site_valid, kind is A-Z and id > 0. */
KResult ticket_sign(const uint8_t key[TICKET_KEY_BYTES], const char *site, char kind, int64_t id,
                    char out[TICKET_PAYLOAD_MAX]);

/* The KT2 payload with a restore generation (0 .. TICKET_GENERATION_MAX)
 * and nonce (TICKET_NONCE_LEN characters of A-Z and 2-7; NULL: a fresh
 * random one).  K_ERR_INVALID (out = "") for anything out of range, as for
 * ticket_sign, which writes the first release's KT1 form. */
KResult ticket_sign_gen(const uint8_t key[TICKET_KEY_BYTES], const char *site, char kind,
                        int64_t id, int64_t generation, const char *nonce,
                        char out[TICKET_PAYLOAD_MAX]);

/* Parses and checks a payload of any length and content.  On K_OK fills
 * *site (cap TICKET_SITE_MAX), *kind and *id.  Returns K_ERR_FORGED for
 * anything altered, truncated, padded or signed with another key, and for
 * NULL.  When expect_site is not NULL a payload of another site is refused
 * too.  Only the exact string ticket_sign or ticket_sign_gen writes is
 * accepted (no leading zeros, no lower case).  site, kind and id may be NULL; those given are
 * cleared ("", 0, 0) on failure.  The payload is a C string: a scanner
 * buffer with an embedded NUL must be refused by the caller, or the text
 * before the NUL is what gets checked. */
KResult ticket_verify(const uint8_t key[TICKET_KEY_BYTES], const char *payload,
                      const char *expect_site, char site[TICKET_SITE_MAX], char *kind, int64_t *id);

/* ticket_verify that also gives the payload's restore generation (0 for the
 * KT1 form; may be NULL).  A valid signature says only that this
 * installation signed it: whether the ticket is in this database, and not
 * one issued after the backup it was restored from, is the store's
 * question (store_check_ticket). */
KResult ticket_verify_gen(const uint8_t key[TICKET_KEY_BYTES], const char *payload,
                          const char *expect_site, char site[TICKET_SITE_MAX], char *kind,
                          int64_t *id, int64_t *generation);

/* ---- KT3: tickets any site of the district can check (issue 19) ----
 *
 *     KT3.<SITE>.<KIND>.<ID>.<GEN>.<NONCE>.<SIG>
 *
 * as KT2, but SIG is the Ed25519 signature (libsodium crypto_sign, 64
 * bytes) of everything before ".<SIG>", in base64url without padding (86
 * characters), made with the site's own key pair.  Anyone holding the
 * site's public key checks it; nobody else can make one.  The longest
 * payload is 140 characters (QR version 8 at level M; a usual one, site of
 * 3-6 characters and a short id, is 105-110: version 6, 41 modules). */
#define TICKET_SEED_BYTES 32   /* the key file: the Ed25519 seed */
#define TICKET_PUBKEY_BYTES 32 /* crypto_sign_PUBLICKEYBYTES */
#define TICKET_SECRET_BYTES 64 /* crypto_sign_SECRETKEYBYTES */
#define TICKET_PUBKEY_B64 44   /* 43 base64url characters and NUL */

typedef struct {
    uint8_t pk[TICKET_PUBKEY_BYTES];
    uint8_t sk[TICKET_SECRET_BYTES];
} TicketSigner;

/* Which form a payload claims by its prefix: 1, 2 or 3; 0 for anything
 * else (NULL included).  Says nothing about its validity. */
int ticket_payload_form(const char *payload);

/* The site's key pair from its seed file at path (ticket_key_load: made
 * when missing, 0600, 32 random bytes).  Same failures as ticket_key_load;
 * on failure *out is zeroed. */
KResult ticket_signer_load(const char *path, TicketSigner *out);

/* The key pair of a seed (tests and tools). */
void ticket_signer_from_seed(const uint8_t seed[TICKET_SEED_BYTES], TicketSigner *out);

/* The public key as base64url without padding (43 characters), and back:
 * false unless text is exactly the encoding of 32 bytes. */
void ticket_pubkey_encode(const uint8_t pk[TICKET_PUBKEY_BYTES], char out[TICKET_PUBKEY_B64]);
bool ticket_pubkey_decode(const char *text, uint8_t pk[TICKET_PUBKEY_BYTES]);

/* The KT3 payload, arguments as ticket_sign_gen's. */
KResult ticket_sign_kt3(const TicketSigner *k, const char *site, char kind, int64_t id,
                        int64_t generation, const char *nonce, char out[TICKET_PAYLOAD_MAX]);

/* Parses a KT3 payload of any length and content in its exact canonical
 * form WITHOUT checking the signature (to find the site whose key to check
 * it with).  K_ERR_FORGED for anything else; outputs as ticket_verify_gen
 * (may be NULL, cleared on failure). */
KResult ticket_parse_kt3(const char *payload, char site[TICKET_SITE_MAX], char *kind, int64_t *id,
                         int64_t *generation);

/* ticket_parse_kt3 and the signature checked with pk: K_OK or
 * K_ERR_FORGED (never a crash, whatever the payload). */
KResult ticket_verify_kt3(const uint8_t pk[TICKET_PUBKEY_BYTES], const char *payload,
                          char site[TICKET_SITE_MAX], char *kind, int64_t *id, int64_t *generation);

/* Loads the installation key from path, creating it (mode 0600, random,
 * fsync'd) when the file does not exist.  A key file that is not exactly 32
 * bytes, or that group or others can read or write, or that is not a regular
 * file, is refused with K_ERR_CORRUPT / K_ERR_INVALID; K_ERR_IO when it
 * cannot be opened or created.  On failure key is zeroed. */
KResult ticket_key_load(const char *path, uint8_t key[TICKET_KEY_BYTES]);

#endif
