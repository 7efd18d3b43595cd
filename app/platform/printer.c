/* printer.c - sends print jobs to files, devices, network printers and CUPS,
 * and runs those sends on a worker thread so the screen never waits.
 *
 * This file parses printer URIs, sets each send's deadline and hands the
 * job to its backend, one file each behind one signature (printer_int.h):
 *   printer_file.c   file:  the bytes are on disk under the target's name
 *   printer_dev.c    dev:   the device took every byte
 *   printer_tcp.c    tcp:   the printer acknowledged every byte and said it
 *                           is online, with paper and no error (DLE EOT)
 *   printer_cups.c   cups:  CUPS reported the job completed
 *   printer_queue.c  the worker thread that runs sends off the UI thread
 * Each backend's header says exactly what it confirms before it says
 * printed (K_OK) and what it trades off.
 *
 * Every send has one deadline for the whole job.  Devices and sockets are
 * opened non-blocking and waited on with poll(2); a network printer that
 * accepts a connection and then stops reading (out of paper, lid open) ends
 * in "timed out", never in a hang.
 *
 * SIGPIPE: the process keeps the default action (other code may rely on
 * it), so sockets are written with MSG_NOSIGNAL, the queue's worker thread
 * runs with all signals blocked, and a dev: send blocks SIGPIPE around its
 * writes and consumes the one a closed reader raises, which makes
 * printer_send safe to call from any thread. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/printer.h"
#include "printer_int.h"

#define CUPS_QUEUE_MAX 127 /* CUPS refuses longer printer names */

/* ---- URIs ---------------------------------------------------------------- */

static KResult uri_error(char *err, size_t errcap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static KResult uri_error(char *err, size_t errcap, const char *fmt, ...)
{
    if (err && errcap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errcap, fmt, ap);
        va_end(ap);
    }
    return K_ERR_INVALID;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static KResult parse_path(const char *uri, const char *path, PrinterUri *out, char *err,
                          size_t errcap)
{
    size_t n = strlen(path);
    if (n == 0)
        return uri_error(err, errcap, "%s: missing path after the colon", uri);
    if (path[0] != '/')
        return uri_error(err, errcap, "%s: the path must be absolute (start with /)", uri);
    if (path[n - 1] == '/')
        return uri_error(err, errcap, "%s: the path names a directory", uri);
    if (n >= sizeof out->target)
        return uri_error(err, errcap, "%.40s...: the path is too long", uri);
    memcpy(out->target, path, n + 1);
    return K_OK;
}

/* An IPv6 literal, optionally with a zone ("fe80::1%eth0"). */
static bool is_ipv6_literal(const char *s, size_t n)
{
    char buf[64];
    size_t addr_len = n;
    const char *zone = memchr(s, '%', n);
    if (zone) {
        addr_len = (size_t)(zone - s);
        if (zone + 1 == s + n)
            return false;
        for (const char *z = zone + 1; z < s + n; z++)
            if (!is_alnum(*z) && *z != '_' && *z != '-' && *z != '.')
                return false;
    }
    if (addr_len == 0 || addr_len >= sizeof buf)
        return false;
    memcpy(buf, s, addr_len);
    buf[addr_len] = '\0';
    struct in6_addr a;
    return inet_pton(AF_INET6, buf, &a) == 1;
}

static bool is_host_name(const char *s, size_t n)
{
    if (n == 0 || n > 253 || s[0] == '-' || s[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '.' && s[i] != '_')
            return false;
    return true;
}

static KResult parse_tcp(const char *uri, const char *rest, PrinterUri *out, char *err,
                         size_t errcap)
{
    static const char example[] = "tcp:HOST:PORT, e.g. tcp:192.168.1.50:9100";
    const char *host, *port;
    size_t host_len;
    if (rest[0] == '[') {
        const char *close = strchr(rest, ']');
        if (!close)
            return uri_error(err, errcap, "%s: missing ] after the IPv6 address", uri);
        host = rest + 1;
        host_len = (size_t)(close - host);
        if (close[1] != ':')
            return uri_error(err, errcap, "%s: missing port (%s)", uri, example);
        port = close + 2;
        if (!is_ipv6_literal(host, host_len))
            return uri_error(err, errcap, "%s: not an IPv6 address inside [ ]", uri);
    } else {
        const char *colon = strrchr(rest, ':');
        if (!colon)
            return uri_error(err, errcap, "%s: missing port (%s)", uri, example);
        host = rest;
        host_len = (size_t)(colon - rest);
        port = colon + 1;
        if (host_len == 0)
            return uri_error(err, errcap, "%s: missing host (%s)", uri, example);
        /* Brackets are optional for IPv6: the port never holds a colon, so
         * the last colon splits them; the rest must then be an address. */
        if (memchr(host, ':', host_len)) {
            if (!is_ipv6_literal(host, host_len))
                return uri_error(err, errcap, "%s: bad host (%s)", uri, example);
        } else if (!is_host_name(host, host_len)) {
            return uri_error(err, errcap, "%s: bad host name (%s)", uri, example);
        }
    }
    if (port[0] == '\0')
        return uri_error(err, errcap, "%s: missing port (%s)", uri, example);
    long value = 0;
    size_t digits = 0;
    for (const char *p = port; *p; p++, digits++) {
        if (*p < '0' || *p > '9' || digits >= 5)
            return uri_error(err, errcap, "%s: the port must be a number from 1 to 65535", uri);
        value = value * 10 + (*p - '0');
    }
    if (value < 1 || value > 65535)
        return uri_error(err, errcap, "%s: the port must be a number from 1 to 65535", uri);
    if (host_len >= sizeof out->target)
        return uri_error(err, errcap, "%.40s...: the host is too long", uri);
    memcpy(out->target, host, host_len);
    out->target[host_len] = '\0';
    out->port = (int)value;
    return K_OK;
}

static KResult parse_cups(const char *uri, const char *queue, PrinterUri *out, char *err,
                          size_t errcap)
{
    size_t n = strlen(queue);
    if (n == 0)
        return uri_error(err, errcap, "%s: missing queue name (cups:QUEUE)", uri);
    if (n > CUPS_QUEUE_MAX)
        return uri_error(err, errcap, "%.40s...: the queue name is too long", uri);
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(queue[i]) && queue[i] != '_' && queue[i] != '.' && queue[i] != '-')
            return uri_error(err, errcap,
                             "%s: a queue name has only letters, digits, '_', '.' and '-'", uri);
    memcpy(out->target, queue, n + 1);
    return K_OK;
}

KResult printer_parse_uri(const char *uri, PrinterUri *out, char *err, size_t errcap)
{
    if (err && errcap)
        err[0] = '\0';
    if (!out)
        return uri_error(err, errcap, "no place to put the parsed printer uri");
    memset(out, 0, sizeof *out);
    if (!uri || !uri[0])
        return uri_error(err, errcap,
                         "no printer uri (use file:PATH, dev:PATH, tcp:HOST:PORT "
                         "or cups:QUEUE)");
    for (const char *p = uri; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            return uri_error(err, errcap, "printer uri contains a control character");

    KResult rc;
    if (strncmp(uri, "file:", 5) == 0) {
        out->kind = PRINTER_FILE;
        rc = parse_path(uri, uri + 5, out, err, errcap);
    } else if (strncmp(uri, "dev:", 4) == 0) {
        out->kind = PRINTER_DEV;
        rc = parse_path(uri, uri + 4, out, err, errcap);
    } else if (strncmp(uri, "tcp:", 4) == 0) {
        out->kind = PRINTER_TCP;
        rc = parse_tcp(uri, uri + 4, out, err, errcap);
    } else if (strncmp(uri, "cups:", 5) == 0) {
        out->kind = PRINTER_CUPS;
        rc = parse_cups(uri, uri + 5, out, err, errcap);
    } else {
        const char *colon = strchr(uri, ':');
        if (colon && colon - uri <= 16)
            rc = uri_error(err, errcap,
                           "%s: unknown printer type \"%.*s:\" (use file:, dev:, tcp: or cups:)",
                           uri, (int)(colon - uri), uri);
        else
            rc = uri_error(err, errcap,
                           "\"%.60s\" is not a printer uri (use file:PATH, dev:PATH, "
                           "tcp:HOST:PORT or cups:QUEUE)",
                           uri);
    }
    if (rc != K_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- deadlines and messages ---------------------------------------------- */

int64_t printer_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Milliseconds left until deadline (rounded up), 0 once it has passed. */
int printer_ms_left(int64_t deadline)
{
    int64_t d = deadline - printer_mono_ns();
    if (d <= 0)
        return 0;
    int64_t ms = (d + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

KResult printer_fail(PrintSend *s, const char *fmt, ...)
{
    if (s->err && s->errcap) {
        char msg[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        snprintf(s->err, s->errcap, "%s: %s", s->label, msg);
    }
    return K_ERR_IO;
}

KResult printer_timeout(PrintSend *s)
{
    return printer_fail(s, "timed out after %d ms (printer off or out of paper?)", s->timeout_ms);
}

/* Plain words for the errors staff will see; strerror for the rest. */
static const char *errno_words(int e, char *buf, size_t cap)
{
    switch (e) {
    case ENOENT: return "no such file or directory";
    case EACCES:
    case EPERM: return "permission denied";
    case ENOSPC: return "disk full";
    case EROFS: return "read-only file system";
    case EISDIR: return "is a directory";
    case EBUSY: return "device busy (in use by another program?)";
    case ENXIO:
    case ENODEV: return "printer not connected";
    case EIO: return "input/output error (cable unplugged?)";
    case EPIPE: return "printer closed the connection";
    case ECONNREFUSED: return "connection refused";
    case ECONNRESET: return "connection reset by the printer";
    case ETIMEDOUT: return "no answer from the printer";
    case EHOSTUNREACH: return "host unreachable";
    case ENETUNREACH: return "network unreachable";
    case EADDRNOTAVAIL: return "address not available";
    }
    if (strerror_r(e, buf, cap) != 0)
        snprintf(buf, cap, "error %d", e);
    return buf;
}

KResult printer_errno(PrintSend *s, const char *what, int e)
{
    char buf[128];
    const char *words = errno_words(e, buf, sizeof buf);
    if (what)
        return printer_fail(s, "%s: %s", what, words);
    return printer_fail(s, "%s", words);
}

/* Waits until fd is ready for events or the deadline passes.  Returns the
 * revents (> 0), 0 at the deadline, -1 with errno on a poll error. */
int printer_wait_fd(int fd, short events, int64_t deadline)
{
    for (;;) {
        int left = printer_ms_left(deadline);
        if (left == 0)
            return 0;
        struct pollfd p = {.fd = fd, .events = events, .revents = 0};
        int n = poll(&p, 1, left);
        if (n > 0)
            return p.revents;
        if (n < 0 && errno != EINTR)
            return -1;
    }
}

/* ---- threads and signals ------------------------------------------------- */

/* Starts fn on a new thread with every signal blocked, so signals meant
 * for the process (SIGINT, SIGTERM, SIGPIPE) never land on it. */
int printer_start_thread(pthread_t *t, void *(*fn)(void *), void *arg, bool detached)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc == 0) {
        if (detached)
            pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        rc = pthread_create(t, &attr, fn, arg);
        pthread_attr_destroy(&attr);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Blocks SIGPIPE in this thread for the duration of a device write, and
 * afterwards swallows the SIGPIPE a closed FIFO raised, unless one was
 * already pending before (that one belongs to someone else). */
typedef struct {
    sigset_t old;
    bool was_pending;
} SigpipeGuard;

static void sigpipe_block(SigpipeGuard *g)
{
    sigset_t pipe_set, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigemptyset(&pending);
    sigpending(&pending);
    g->was_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set, &g->old);
}

static void sigpipe_restore(SigpipeGuard *g)
{
    if (!g->was_pending) {
        sigset_t pipe_set;
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
            ;
    }
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

/* ---- printer_send -------------------------------------------------------- */

static void label_uri(const PrinterUri *u, char *buf, size_t cap)
{
    switch (u->kind) {
    case PRINTER_FILE: snprintf(buf, cap, "file:%s", u->target); return;
    case PRINTER_DEV: snprintf(buf, cap, "dev:%s", u->target); return;
    case PRINTER_CUPS: snprintf(buf, cap, "cups:%s", u->target); return;
    case PRINTER_TCP:
        if (strchr(u->target, ':'))
            snprintf(buf, cap, "tcp:[%s]:%d", u->target, u->port);
        else
            snprintf(buf, cap, "tcp:%s:%d", u->target, u->port);
        return;
    }
    snprintf(buf, cap, "printer");
}

KResult printer_send_job(const PrinterUri *u, const uint8_t *data, size_t len, int timeout_ms,
                         char *err, size_t errcap, size_t *sent)
{
    *sent = 0;
    if (err && errcap)
        err[0] = '\0';
    if (!u || (!data && len > 0)) {
        if (err && errcap)
            snprintf(err, errcap, "no printer or no job");
        return K_ERR_INVALID;
    }
    PrintSend s = {.u = u, .timeout_ms = timeout_ms, .err = err, .errcap = errcap};
    label_uri(u, s.label, sizeof s.label);
    if (timeout_ms <= 0 || !memchr(u->target, '\0', sizeof u->target) || !u->target[0]) {
        if (err && errcap)
            snprintf(err, errcap, "%s: bad printer settings", s.label);
        return K_ERR_INVALID;
    }
    s.deadline = printer_mono_ns() + (int64_t)timeout_ms * 1000000;
    /* A reader that goes away (a FIFO, or cupsd, whose library writes with
     * plain send()) must give EPIPE, not kill the kiosk: SIGPIPE is held
     * for every kind of printer, on whatever thread sends. */
    SigpipeGuard guard;
    sigpipe_block(&guard);
    KResult rc;
    switch (u->kind) {
    case PRINTER_FILE: rc = printer_send_file(&s, data, len); break;
    case PRINTER_DEV: rc = printer_send_dev(&s, data, len); break;
    case PRINTER_TCP: rc = printer_send_tcp(&s, data, len); break;
    case PRINTER_CUPS: rc = printer_send_cups(&s, data, len); break;
    default:
        if (err && errcap)
            snprintf(err, errcap, "unknown printer type");
        rc = K_ERR_INVALID;
        break;
    }
    sigpipe_restore(&guard);
    *sent = rc == K_OK ? len : s.sent;
    return rc;
}

KResult printer_send(const PrinterUri *u, const uint8_t *data, size_t len, int timeout_ms,
                     char *err, size_t errcap)
{
    size_t sent;
    return printer_send_job(u, data, len, timeout_ms, err, errcap, &sent);
}
