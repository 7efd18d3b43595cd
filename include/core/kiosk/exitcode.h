/* exitcode.h - the exit statuses of the kiosk program, defined once.
 *
 * The command line is a contract (CONTRACT.md): scripts and the operators'
 * tools read these numbers, so they never change.  main() and `kiosk admin`
 * both return them; nothing else turns a result into an exit status. */
#ifndef KIOSK_EXITCODE_H
#define KIOSK_EXITCODE_H

#include "kiosk/result.h"

typedef enum {
    K_EXIT_OK = 0,    /* success */
    K_EXIT_CHECK = 1, /* a check failed: a script expectation, a forged ticket, a refusal */
    K_EXIT_USAGE = 2, /* bad usage or bad input (options, configuration, a value) */
    K_EXIT_ENV = 3    /* the environment failed: a missing file, the disk, the database */
} KExit;

/* The exit status of a configuration that did not load (r is not K_OK): a
 * file that is not there is the environment; one that is there but wrong is
 * bad input. */
static inline KExit k_exit_config(KResult r)
{
    return r == K_ERR_NOT_FOUND ? K_EXIT_ENV : K_EXIT_USAGE;
}

#endif
