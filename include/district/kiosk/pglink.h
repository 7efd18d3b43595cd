/* pglink.h - one connection to the district's PostgreSQL that never waits
 * longer than its deadline.
 *
 * libpq's blocking calls can wait for ever on a link that swallows packets
 * (keepalives and tcp_user_timeout did not save a prototype of this), so
 * everything here uses libpq's asynchronous API and waits in poll() with
 * the time left.  A deadline that passes closes the connection: the
 * statement may or may not have been committed by the server, which is why
 * every statement the kiosk sends is safe to send twice.
 *
 * Host names are resolved by libpq before the asynchronous part starts,
 * with the system resolver's own timeouts; a kiosk that must never wait on
 * DNS names its centre with hostaddr= (or in /etc/hosts).
 *
 * Each statement's result is one value: the first column of the first row
 * as text (the centre's functions answer in JSON). */
#ifndef KIOSK_PGLINK_H
#define KIOSK_PGLINK_H

#include <stddef.h>
#include "kiosk/lazylib.h"
#include "kiosk/result.h"

typedef struct PgLink PgLink;

/* libpq, which pg_link_open loads on first use (lazylib.h); without it
 * every pg_link_open fails with K_ERR_IO, saying which package is missing. */
extern LazyLib lazy_libpq;

/* Connects within deadline_ms (TCP, TLS, authentication).  K_ERR_IO with
 * the reason in err (refused, unreachable, no answer within N s, bad
 * password, certificate ...); K_ERR_INVALID for a connection string libpq
 * cannot read; K_ERR_NOMEM. */
KResult pg_link_open(const char *conninfo, int deadline_ms, PgLink **out, char *err, size_t errcap);

/* Sends sql with nparams text parameters (NULL for SQL NULL) and waits at
 * most deadline_ms for its result.  *value (may be NULL) gets the first
 * column of the first row, malloc'd (the caller frees), or NULL when the
 * statement returns no row or a NULL.  K_ERR_REFUSED when the server
 * refused it: its message in err and the SQLSTATE in sqlstate (6 bytes, may
 * be NULL); K_ERR_IO when the link failed or the deadline passed (the
 * connection is then closed and every later call fails at once). */
KResult pg_link_query(PgLink *l, const char *sql, int nparams, const char *const *params,
                      int deadline_ms, char **value, char *sqlstate, char *err, size_t errcap);

/* Closes the connection (NULL is fine).  Never waits on the network. */
void pg_link_close(PgLink *l);

/* Ends every wait of every link in this process at once, now and from now
 * on (the call waiting fails with K_ERR_IO): for a process that is
 * quitting, so that a thread inside a statement returns instead of being
 * left running while the process exits. */
void pg_link_abort_all(void);

#endif
