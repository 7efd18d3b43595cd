/* staff.c - staff PINs (Argon2id through libsodium) and the lockout rule
 * (see staff.h).  No database here: the store counts the failures. */
#include "kiosk/staff.h"

#include <sodium.h>
#include <string.h>

_Static_assert(STAFF_HASH_MAX >= crypto_pwhash_STRBYTES, "STAFF_HASH_MAX below the hash size");

bool staff_pin_valid(const char *pin)
{
    size_t n = 0;
    if (!pin)
        return false;
    for (; pin[n]; n++)
        if (pin[n] < '0' || pin[n] > '9' || n >= STAFF_PIN_MAX)
            return false;
    return n >= STAFF_PIN_MIN;
}

const char *staff_pin_weak(const char *pin, const char *login)
{
    size_t n = strlen(pin);
    bool same = true, up = true, down = true;
    for (size_t i = 1; i < n; i++) {
        same = same && pin[i] == pin[0];
        up = up && pin[i] == pin[i - 1] + 1;
        down = down && pin[i] == pin[i - 1] - 1;
    }
    if (same)
        return "every digit is the same";
    if (up || down)
        return "the digits run up or down in order";
    if (login && strcmp(pin, login) == 0)
        return "it is the login";
    return NULL;
}

bool staff_login_valid(const char *login)
{
    size_t n = 0;
    if (!login)
        return false;
    for (; login[n]; n++) {
        char c = login[n];
        if (n + 1 >= STAFF_LOGIN_MAX ||
            !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return n >= 1;
}

KResult staff_pin_hash(const char *pin, char out[STAFF_HASH_MAX])
{
    out[0] = '\0';
    if (!staff_pin_valid(pin))
        return K_ERR_INVALID;
    if (sodium_init() < 0)
        return K_ERR_NOMEM;
    if (crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        out[0] = '\0';
        return K_ERR_NOMEM; /* the only way it fails: no memory for the hash */
    }
    return K_OK;
}

bool staff_pin_check(const char *hash, const char *pin)
{
    /* crypto_pwhash_str_verify reads the hash as a C string; one that is not
     * terminated within the size a hash has is damaged, not read past. */
    if (!hash || !pin || strnlen(hash, STAFF_HASH_MAX) == STAFF_HASH_MAX || !staff_pin_valid(pin))
        return false;
    if (sodium_init() < 0)
        return false;
    /* Only our own parameters: a damaged (or planted) hash asking for
     * gigabytes or hours of work is refused, not obeyed.  -1: not a hash. */
    if (crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return false;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

int64_t staff_lock_seconds(int locks)
{
    int64_t s = STAFF_LOCK_BASE_S;
    for (int i = 1; i < locks && s < STAFF_LOCK_MAX_S; i++)
        s *= 2;
    return s < STAFF_LOCK_MAX_S ? s : STAFF_LOCK_MAX_S;
}
