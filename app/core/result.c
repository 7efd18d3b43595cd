/* result.c - the message text behind each KResult.
 *
 * One table for the whole program so that logs and the staff screen say the
 * same thing for the same failure. */
#include "kiosk/result.h"

const char *k_result_str(KResult r)
{
    switch (r) {
    case K_OK: return "ok";
    case K_ERR_INVALID: return "invalid input";
    case K_ERR_NOT_FOUND: return "not found";
    case K_ERR_FORGED: return "forged or damaged ticket";
    case K_ERR_EXISTS: return "already exists";
    case K_ERR_BUSY: return "database busy";
    case K_ERR_IO: return "input/output error";
    case K_ERR_DB: return "database error";
    case K_ERR_CORRUPT: return "corrupt data";
    case K_ERR_NOMEM: return "out of memory";
    case K_ERR_UNSUPPORTED: return "not supported";
    case K_ERR_REFUSED: return "refused";
    case K_ERR_UNCONFIRMED: return "not confirmed";
    }
    /* A value outside the enum (a cast int, a memory error) still gets a
     * string: callers print this without checking. */
    return "unknown result";
}
