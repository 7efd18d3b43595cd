/* result.h - the one error convention of the kiosk.
 *
 * Every fallible function returns a KResult; K_OK is zero.  Modules that can
 * say more (the store, the config loader) keep a message that a getter
 * returns.  Only main() turns a result into an exit status. */
#ifndef KIOSK_RESULT_H
#define KIOSK_RESULT_H

typedef enum {
    K_OK = 0,
    K_ERR_INVALID,   /* bad input from a person or a file */
    K_ERR_NOT_FOUND, /* no such row, file or widget */
    K_ERR_FORGED,    /* a ticket payload that fails its signature or format */
    K_ERR_EXISTS,    /* a unique thing already there */
    K_ERR_BUSY,      /* database locked longer than the busy timeout */
    K_ERR_IO,        /* file or device error (disk full, permission) */
    K_ERR_DB,        /* any other database error */
    K_ERR_CORRUPT,   /* database or file fails its integrity check */
    K_ERR_NOMEM,
    K_ERR_UNSUPPORTED,
    K_ERR_REFUSED,    /* a rule says no: a full slot, a limit, a wrong state */
    K_ERR_UNCONFIRMED /* sent, but the device never confirmed it was done */
} KResult;

/* A short English description of r; static storage, never NULL. */
const char *k_result_str(KResult r);

#endif
