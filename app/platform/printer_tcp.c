/* printer_tcp.c - the tcp: backend: a network printer's raw port (usually
 * 9100), ESC/POS.
 *
 * Printed (K_OK) means the printer acknowledged every byte (SIOCOUTQ
 * reaches zero) and then answered the real-time status requests (DLE EOT)
 * online, with paper and no error.  No answer by the deadline is
 * K_ERR_UNCONFIRMED: it may have printed, we cannot say so.  A job that
 * failed is reset (SO_LINGER 0), not left for the kernel to deliver later.
 * Sockets are written with MSG_NOSIGNAL.
 *
 * Trade-off: getaddrinfo() on a host name cannot be cancelled, so it runs
 * on a detached thread and is abandoned at the deadline. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif

#include "printer_int.h"

/* A host name lookup on its own thread, so that the deadline holds even
 * when DNS does not answer: at the deadline the caller walks away and the
 * thread frees everything when getaddrinfo finally returns. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int refs;
    bool done;
    int rc;
    struct addrinfo *res;
    char host[sizeof((PrinterUri *)0)->target];
    char port[8];
} Lookup;

static void lookup_unref(Lookup *l)
{
    pthread_mutex_lock(&l->mu);
    bool last = --l->refs == 0;
    pthread_mutex_unlock(&l->mu);
    if (!last)
        return;
    if (l->res)
        freeaddrinfo(l->res);
    pthread_cond_destroy(&l->cv);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

static void *lookup_thread(void *arg)
{
    Lookup *l = arg;
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(l->host, l->port, &hints, &res);
    pthread_mutex_lock(&l->mu);
    l->rc = rc;
    l->res = rc == 0 ? res : NULL;
    l->done = true;
    pthread_cond_signal(&l->cv);
    pthread_mutex_unlock(&l->mu);
    lookup_unref(l);
    return NULL;
}

static KResult resolve(PrintSend *s, struct addrinfo **out)
{
    char port[8];
    snprintf(port, sizeof port, "%d", s->u->port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo(s->u->target, port, &hints, out);
    if (rc == 0)
        return K_OK;
    if (rc != EAI_NONAME)
        return printer_fail(s, "bad address (%s)", gai_strerror(rc));

    Lookup *l = calloc(1, sizeof *l);
    if (!l)
        return printer_fail(s, "out of memory");
    pthread_mutex_init(&l->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&l->cv, &ca);
    pthread_condattr_destroy(&ca);
    l->refs = 2;
    snprintf(l->host, sizeof l->host, "%s", s->u->target);
    memcpy(l->port, port, sizeof port);
    pthread_t t;
    if (printer_start_thread(&t, lookup_thread, l, true) != 0) {
        l->refs = 1;
        lookup_unref(l);
        return printer_fail(s, "cannot start the name lookup");
    }
    struct timespec until = {(time_t)(s->deadline / 1000000000), (long)(s->deadline % 1000000000)};
    pthread_mutex_lock(&l->mu);
    while (!l->done)
        if (pthread_cond_timedwait(&l->cv, &l->mu, &until) == ETIMEDOUT)
            break;
    bool done = l->done;
    rc = l->rc;
    *out = l->res;
    l->res = NULL;
    pthread_mutex_unlock(&l->mu);
    lookup_unref(l);
    if (!done)
        return printer_fail(s, "timed out after %d ms looking up the host name", s->timeout_ms);
    if (rc != 0)
        return printer_fail(s, "cannot find the host (%s)",
                            rc == EAI_NONAME ? "unknown name" : gai_strerror(rc));
    return K_OK;
}

/* Connects to the first address that answers; returns the socket or -1
 * with the error already in s. */
static int connect_any(PrintSend *s, struct addrinfo *res, KResult *rc)
{
    int last = ECONNREFUSED;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int fd =
            socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            last = errno;
            continue;
        }
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            return fd;
        int e = errno;
        if (e == EINPROGRESS || e == EINTR) {
            int ev = printer_wait_fd(fd, POLLOUT, s->deadline);
            if (ev == 0) {
                close(fd);
                *rc = printer_fail(s, "timed out after %d ms connecting (printer off?)",
                                   s->timeout_ms);
                return -1;
            }
            e = ev < 0 ? errno : 0;
            socklen_t sl = sizeof e;
            if (ev > 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) != 0)
                e = errno;
            if (e == 0)
                return fd;
        }
        last = e;
        close(fd);
    }
    *rc = printer_errno(s, NULL, last);
    return -1;
}

/* After the last byte: waits until the printer has acknowledged all of it,
 * so a printer that stopped reading is reported, not trusted. */
static KResult wait_acked(PrintSend *s, int fd)
{
#ifdef SIOCOUTQ
    for (;;) {
        int unacked = 0;
        if (ioctl(fd, SIOCOUTQ, &unacked) != 0 || unacked <= 0)
            return K_OK;
        int e = 0;
        socklen_t sl = sizeof e;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) == 0 && e != 0)
            return printer_errno(s, NULL, e);
        int left = printer_ms_left(s->deadline);
        if (left == 0)
            return printer_timeout(s);
        struct timespec nap = {0, (left < 5 ? left : 5) * 1000000L};
        nanosleep(&nap, NULL);
    }
#else
    (void)s;
    (void)fd;
    return K_OK;
#endif
}

/* After the job: the printer's own word that it printed.  ESC/POS
 * real-time status, DLE EOT n (0x10 0x04 n), is answered by the printer as
 * soon as it reads it, one byte per request, even while it is stopped.
 * Every answer has bits 0 and 7 clear and bits 1 and 4 set (0x12 under
 * the mask 0x93); the other bits (Epson's ESC/POS reference, DLE EOT):
 *   n=1 printer status:  bit 2 drawer connector pin 3 high, bit 3 offline,
 *                        bit 5 waiting for online recovery, bit 6 feed
 *                        button pressed;
 *   n=2 offline cause:   bit 2 cover open, bit 3 paper fed by the feed
 *                        button, bit 5 printing stopped by paper end,
 *                        bit 6 an error occurred;
 *   n=3 error cause:     bit 2 recoverable error (some models), bit 3
 *                        autocutter error, bit 5 unrecoverable error,
 *                        bit 6 automatically recoverable error (head
 *                        too hot and the like);
 *   n=4 roll paper:      bits 2 and 3 paper near its end, bits 5 and 6
 *                        paper end.
 * All four requests go at once and the four answers come back in order.
 * Printed means online, no error and paper present; near-end is fine. */
#define DLE_EOT_BITS_FIXED 0x93
#define DLE_EOT_BITS_SET 0x12

static KResult send_unconfirmed(PrintSend *s, const char *why)
{
    /* Only its message is wanted: the result is "unconfirmed", not K_ERR_IO. */
    (void)printer_fail(s, "not confirmed: the printer took the job but %s", why);
    return K_ERR_UNCONFIRMED;
}

/* Appends one cause to a "printer reports: ..." list. */
static void add_cause(char *buf, size_t cap, const char *cause)
{
    size_t n = strlen(buf);
    snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", cause);
}

/* What the four answers say: K_OK when the printer is online with paper
 * and no error, else K_ERR_IO naming every cause it gave. */
static KResult judge_status(PrintSend *s, const uint8_t st[4])
{
    for (int i = 0; i < 4; i++)
        if ((st[i] & DLE_EOT_BITS_FIXED) != DLE_EOT_BITS_SET)
            return send_unconfirmed(s, "its answer to a status request is not one");
    uint8_t printer = st[0], offline = st[1], error = st[2], paper = st[3];
    char causes[160] = "";
    if ((paper & 0x60) || (offline & 0x20))
        add_cause(causes, sizeof causes, "out of paper");
    if (offline & 0x04)
        add_cause(causes, sizeof causes, "cover open");
    if (error & 0x08)
        add_cause(causes, sizeof causes, "paper cutter error (paper jam?)");
    if (error & 0x20)
        add_cause(causes, sizeof causes, "unrecoverable error (switch the printer off and on)");
    if (error & 0x40)
        add_cause(causes, sizeof causes, "print head too hot or similar (recovers by itself)");
    if (error & 0x04)
        add_cause(causes, sizeof causes, "recoverable error");
    if (!causes[0] && (offline & 0x40))
        add_cause(causes, sizeof causes, "error");
    if (!causes[0] && (printer & 0x28))
        add_cause(causes, sizeof causes, "offline");
    if (causes[0])
        return printer_fail(s, "the printer reports: %s", causes);
    return K_OK;
}

/* Asks for the real-time status once the printer has taken the whole job
 * and decides from the answers; no answer by the deadline is "not
 * confirmed" (K_ERR_UNCONFIRMED), never "printed". */
static KResult ask_status(PrintSend *s, int fd)
{
    /* Bytes that came before the question are stale: a printer that acts
     * on real-time requests inside raster data may have answered a byte
     * pattern in the image. */
    uint8_t buf[256];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0)
            continue;
        if (n == 0)
            return printer_fail(s, "printer closed the connection before confirming the job");
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        return printer_errno(s, NULL, errno);
    }
    static const uint8_t ask[] = {0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4};
    size_t off = 0;
    while (off < sizeof ask) {
        ssize_t n = send(fd, ask + off, sizeof ask - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return printer_errno(s, NULL, errno);
        int ev = printer_wait_fd(fd, POLLOUT, s->deadline);
        if (ev == 0)
            return send_unconfirmed(s, "did not take the status request in time");
        if (ev < 0)
            return printer_errno(s, "poll", errno);
    }
    uint8_t st[4];
    size_t got = 0;
    while (got < sizeof st) {
        ssize_t n = recv(fd, st + got, sizeof st - got, MSG_DONTWAIT);
        if (n > 0) {
            got += (size_t)n;
            continue;
        }
        if (n == 0)
            return printer_fail(s, "printer closed the connection before confirming the job");
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return printer_errno(s, NULL, errno);
        int ev = printer_wait_fd(fd, POLLIN, s->deadline);
        if (ev == 0) {
            char why[96];
            snprintf(why, sizeof why, "did not answer the status request (DLE EOT) within %d ms",
                     s->timeout_ms);
            return send_unconfirmed(s, why);
        }
        if (ev < 0)
            return printer_errno(s, "poll", errno);
    }
    return judge_status(s, st);
}

KResult printer_send_tcp(PrintSend *s, const uint8_t *data, size_t len)
{
    struct addrinfo *res = NULL;
    KResult rc = resolve(s, &res);
    if (rc != K_OK)
        return rc;
    int fd = connect_any(s, res, &rc);
    freeaddrinfo(res);
    if (fd < 0)
        return rc;

    size_t off = 0;
    while (rc == K_OK && off < len) {
        ssize_t n = send(fd, data + off, len - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
            s->sent = off;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            rc = printer_errno(s, NULL, errno);
            break;
        }
        int ev = printer_wait_fd(fd, POLLOUT, s->deadline);
        if (ev == 0)
            rc = printer_timeout(s);
        else if (ev < 0)
            rc = printer_errno(s, "poll", errno);
    }
    if (rc == K_OK)
        rc = wait_acked(s, fd);
    if (rc == K_OK)
        rc = ask_status(s, fd);
    if (rc == K_OK) {
        shutdown(fd, SHUT_WR);
    } else {
        /* Reset rather than leave the kernel to deliver the rest later: a
         * job reported as failed must not come out of the printer an hour
         * after staff printed it again. */
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    close(fd);
    return rc;
}
