/* pglink.c - libpq's asynchronous API under a deadline (pglink.h).
 *
 * Connecting is PQconnectStart and PQconnectPoll, waiting in poll() for the
 * socket libpq names each round (it can change as libpq tries the next
 * address).  A statement is PQsendQueryParams, PQflush until the whole of a
 * large batch has left, then PQconsumeInput and PQisBusy until the result
 * is complete; every wait is a poll() with the time left.  When the time is
 * up the connection is closed with PQfinish, which only closes our socket:
 * a cancel request would need the same dead link. */
#include "kiosk/pglink.h"

#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "kiosk/lazylib.h"
#include "kiosk/text.h"

/* libpq, opened by the first pg_link_open (lazylib.h). */
#define PQ_FUNCS(X, api)                                                                           \
    X(api, PQclear)                                                                                \
    X(api, PQconnectPoll)                                                                          \
    X(api, PQconnectStart)                                                                         \
    X(api, PQconninfoFree)                                                                         \
    X(api, PQconninfoParse)                                                                        \
    X(api, PQconsumeInput)                                                                         \
    X(api, PQerrorMessage)                                                                         \
    X(api, PQfinish)                                                                               \
    X(api, PQflush)                                                                                \
    X(api, PQfreemem)                                                                              \
    X(api, PQgetResult)                                                                            \
    X(api, PQgetisnull)                                                                            \
    X(api, PQgetvalue)                                                                             \
    X(api, PQisBusy)                                                                               \
    X(api, PQnfields)                                                                              \
    X(api, PQntuples)                                                                              \
    X(api, PQresultErrorField)                                                                     \
    X(api, PQresultErrorMessage)                                                                   \
    X(api, PQresultStatus)                                                                         \
    X(api, PQsendQueryParams)                                                                      \
    X(api, PQsetnonblocking)                                                                       \
    X(api, PQsocket)                                                                               \
    X(api, PQstatus)
LAZYLIB_DEFINE(lazy_libpq, pq, PQ_FUNCS, "libpq.so.5", "libpq5", "the district link");

struct PgLink {
    PGconn *conn; /* NULL once the link has failed */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libpq's messages end in a newline and may run over several lines; the
 * first line is the one worth showing. */
static void set_err(char *err, size_t cap, const char *prefix, const char *msg)
{
    char line[512];
    text_copy(line, sizeof line, msg ? msg : "");
    line[strcspn(line, "\n")] = '\0';
    if (!err || cap == 0)
        return;
    if (line[0])
        snprintf(err, cap, "%s: %s", prefix, line);
    else
        snprintf(err, cap, "%s", prefix);
}

/* Set by pg_link_abort_all: every wait ends (a process that is quitting). */
static atomic_int aborted;

void pg_link_abort_all(void)
{
    atomic_store(&aborted, 1);
}

/* Waits until fd is ready for what events asks, or until the deadline, in
 * slices of 100 ms so that pg_link_abort_all is seen at once.  1 ready, 0
 * time is up, -1 poll failed or aborted. */
static int wait_fd(int fd, short events, int64_t deadline)
{
    for (;;) {
        if (atomic_load(&aborted))
            return -1;
        int64_t left = deadline - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd p = {.fd = fd, .events = events};
        int n = poll(&p, 1, left > 100 ? 100 : (int)left);
        if (n > 0)
            return 1;
        if (n < 0 && errno != EINTR)
            return -1;
    }
}

KResult pg_link_open(const char *conninfo, int deadline_ms, PgLink **out, char *err, size_t errcap)
{
    *out = NULL;
    if (err && errcap)
        err[0] = '\0';
    if (!lazylib_load(&lazy_libpq, err, errcap))
        return K_ERR_IO;
    char *why = NULL;
    PQconninfoOption *opts = pq.PQconninfoParse(conninfo, &why);
    if (!opts) {
        set_err(err, errcap, "the connection string cannot be read", why);
        pq.PQfreemem(why);
        return K_ERR_INVALID;
    }
    pq.PQconninfoFree(opts);

    const int64_t deadline = now_ms() + (deadline_ms > 0 ? deadline_ms : 1);
    PGconn *c = pq.PQconnectStart(conninfo);
    if (!c) {
        set_err(err, errcap, "out of memory for the connection", NULL);
        return K_ERR_NOMEM;
    }
    if (pq.PQstatus(c) == CONNECTION_BAD) {
        set_err(err, errcap, "cannot connect to the district centre", pq.PQerrorMessage(c));
        pq.PQfinish(c);
        return K_ERR_IO;
    }
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    for (;;) {
        if (st == PGRES_POLLING_OK)
            break;
        if (st == PGRES_POLLING_FAILED) {
            set_err(err, errcap, "cannot connect to the district centre", pq.PQerrorMessage(c));
            pq.PQfinish(c);
            return K_ERR_IO;
        }
        int w = wait_fd(pq.PQsocket(c), st == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline);
        if (w <= 0) {
            char msg[128];
            if (w < 0)
                snprintf(msg, sizeof msg, "stopped waiting for the district centre (connecting)");
            else
                snprintf(msg, sizeof msg,
                         "no answer from the district centre within %d s (connecting)",
                         (deadline_ms + 999) / 1000);
            set_err(err, errcap, msg, NULL);
            pq.PQfinish(c);
            return K_ERR_IO;
        }
        st = pq.PQconnectPoll(c);
    }
    if (pq.PQsetnonblocking(c, 1) != 0) {
        set_err(err, errcap, "cannot use the connection", pq.PQerrorMessage(c));
        pq.PQfinish(c);
        return K_ERR_IO;
    }
    PgLink *l = calloc(1, sizeof *l);
    if (!l) {
        pq.PQfinish(c);
        set_err(err, errcap, "out of memory for the connection", NULL);
        return K_ERR_NOMEM;
    }
    l->conn = c;
    *out = l;
    return K_OK;
}

static KResult link_lost(PgLink *l, char *err, size_t cap, const char *what)
{
    set_err(err, cap, what, l->conn ? pq.PQerrorMessage(l->conn) : NULL);
    if (l->conn)
        pq.PQfinish(l->conn);
    l->conn = NULL;
    return K_ERR_IO;
}

static KResult timed_out(PgLink *l, int deadline_ms, char *err, size_t cap)
{
    char msg[128];
    snprintf(msg, sizeof msg, "no answer from the district centre within %d s",
             (deadline_ms + 999) / 1000);
    set_err(err, cap, msg, NULL);
    pq.PQfinish(l->conn);
    l->conn = NULL;
    return K_ERR_IO;
}

KResult pg_link_query(PgLink *l, const char *sql, int nparams, const char *const *params,
                      int deadline_ms, char **value, char *sqlstate, char *err, size_t errcap)
{
    if (value)
        *value = NULL;
    if (sqlstate)
        sqlstate[0] = '\0';
    if (err && errcap)
        err[0] = '\0';
    if (!l || !l->conn) {
        set_err(err, errcap, "the link to the district centre is closed", NULL);
        return K_ERR_IO;
    }
    const int64_t deadline = now_ms() + (deadline_ms > 0 ? deadline_ms : 1);
    if (!pq.PQsendQueryParams(l->conn, sql, nparams, NULL, params, NULL, NULL, 0))
        return link_lost(l, err, errcap, "cannot send to the district centre");

    /* until everything has left: a batch can be larger than the socket's
     * buffer, and the server may need to be read from to make room */
    for (;;) {
        int f = pq.PQflush(l->conn);
        if (f == 0)
            break;
        if (f < 0)
            return link_lost(l, err, errcap, "cannot send to the district centre");
        int w = wait_fd(pq.PQsocket(l->conn), POLLOUT | POLLIN, deadline);
        if (w == 0)
            return timed_out(l, deadline_ms, err, errcap);
        if (w < 0)
            return link_lost(l, err, errcap, "cannot wait for the district centre");
        if (!pq.PQconsumeInput(l->conn))
            return link_lost(l, err, errcap, "the district centre closed the link");
    }

    KResult r = K_OK;
    bool have = false;
    for (;;) {
        while (pq.PQisBusy(l->conn)) {
            int w = wait_fd(pq.PQsocket(l->conn), POLLIN, deadline);
            if (w == 0)
                return timed_out(l, deadline_ms, err, errcap);
            if (w < 0)
                return link_lost(l, err, errcap, "cannot wait for the district centre");
            if (!pq.PQconsumeInput(l->conn))
                return link_lost(l, err, errcap, "the district centre closed the link");
        }
        PGresult *res = pq.PQgetResult(l->conn);
        if (!res)
            break;
        ExecStatusType st = pq.PQresultStatus(res);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            if (!have && st == PGRES_TUPLES_OK && pq.PQntuples(res) > 0 && pq.PQnfields(res) > 0 &&
                !pq.PQgetisnull(res, 0, 0) && value) {
                *value = strdup(pq.PQgetvalue(res, 0, 0));
                if (!*value)
                    r = K_ERR_NOMEM;
            }
            have = true;
        } else if (r == K_OK) {
            const char *state = pq.PQresultErrorField(res, PG_DIAG_SQLSTATE);
            const char *msg = pq.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
            if (sqlstate && state)
                text_copy(sqlstate, 6, state);
            if (!msg)
                msg = pq.PQresultErrorMessage(res);
            if (!msg || !msg[0])
                msg = pq.PQerrorMessage(l->conn);
            if (pq.PQstatus(l->conn) == CONNECTION_BAD) {
                set_err(err, errcap, "the district centre closed the link", msg);
                r = K_ERR_IO;
            } else {
                set_err(err, errcap, "the district centre refused it", msg);
                r = K_ERR_REFUSED;
            }
            if (value && *value) {
                free(*value);
                *value = NULL;
            }
        }
        pq.PQclear(res);
    }
    if (r == K_OK && pq.PQstatus(l->conn) == CONNECTION_BAD)
        return link_lost(l, err, errcap, "the district centre closed the link");
    if (r == K_ERR_IO) {
        pq.PQfinish(l->conn);
        l->conn = NULL;
    }
    return r;
}

void pg_link_close(PgLink *l)
{
    if (!l)
        return;
    if (l->conn)
        pq.PQfinish(l->conn);
    free(l);
}
