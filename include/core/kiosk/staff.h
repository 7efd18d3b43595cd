/* staff.h - staff PINs and the lockout rule.
 *
 * A PIN is 4 to 8 digits and is stored only as libsodium's crypto_pwhash_str
 * (Argon2id, interactive limits; the string carries its own salt and
 * parameters).  Checking one takes about a tenth of a second and 64 MiB on
 * purpose: guessing is slow even for someone with the database file.
 *
 * Lockout: after STAFF_MAX_FAILS wrong PINs in a row the account is locked
 * for 5 minutes, 10 after the next 5, 20 after the next ... (doubling each
 * time, at most a day); a right PIN while unlocked resets both counters. */
#ifndef KIOSK_STAFF_H
#define KIOSK_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/result.h"

#define STAFF_PIN_MIN 4
#define STAFF_PIN_MAX 8
#define STAFF_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define STAFF_LOGIN_MAX 24 /* a-z, 0-9, _ */
#define STAFF_NAME_MAX 64  /* UTF-8, up to 20 characters */
#define STAFF_MAX_FAILS 5
#define STAFF_LOCK_BASE_S (5 * 60)
#define STAFF_LOCK_MAX_S (24 * 3600)

/* true when pin is 4..8 ASCII digits. */
bool staff_pin_valid(const char *pin);

/* Why a valid PIN is too easy to guess to be set, or NULL when it is not:
 * every digit the same (0000), a run up or down by one (1234, 4321, 2345,
 * 9876, 123456), or the login itself when the login is all digits.  For
 * setting a PIN only: an old account whose PIN is one of these still signs
 * in.  The reason is a static English phrase. */
const char *staff_pin_weak(const char *pin, const char *login);

/* true when login is 1..23 characters of a-z, 0-9 and _. */
bool staff_login_valid(const char *login);

/* Hashes a valid PIN into out (NUL-terminated).  K_ERR_INVALID for a PIN
 * that is not valid, K_ERR_NOMEM when the hash cannot get its memory. */
KResult staff_pin_hash(const char *pin, char out[STAFF_HASH_MAX]);

/* true when pin matches hash; false for anything else (never crashes on a
 * damaged hash string). */
bool staff_pin_check(const char *hash, const char *pin);

/* How long the lock after the locks-th lock lasts (locks counted from 1):
 * 300 s, 600 s, 1200 s, ... at most STAFF_LOCK_MAX_S. */
int64_t staff_lock_seconds(int locks);

#endif
