/* printer.c - sends print jobs to files, devices, network printers and CUPS,
 * and runs those sends on a worker thread so the screen never waits.
 *
 * Every send has one deadline for the whole job.  Devices and sockets are
 * opened non-blocking and waited on with poll(2); a network printer that
 * accepts a connection and then stops reading (out of paper, lid open) ends
 * in "timed out", never in a hang.
 *
 * What each backend confirms before it says printed (K_OK):
 *   file:  the bytes are on disk (fsync) under the target's name; a target
 *          that is not a regular file is refused, never replaced.
 *   dev:   the device took every byte (a USB printer gives no status back).
 *   tcp:   the printer acknowledged every byte (SIOCOUTQ reaches zero) and
 *          then answered the real-time status requests (DLE EOT) online,
 *          with paper and no error.  No answer by the deadline is
 *          K_ERR_UNCONFIRMED: it may have printed, we cannot say so.
 *   cups:  the queue was idle or printing and accepting before the job, and
 *          CUPS reported the job completed (its backend finished) before
 *          the deadline; a job still out then is cancelled.
 *
 * SIGPIPE: the process keeps the default action (other code may rely on
 * it), so sockets are written with MSG_NOSIGNAL, the queue's worker thread
 * runs with all signals blocked, and a dev: send blocks SIGPIPE around its
 * writes and consumes the one a closed reader raises, which makes
 * printer_send safe to call from any thread.
 *
 * Trade-offs: getaddrinfo() on a host name cannot be cancelled, so it runs
 * on a detached thread and is abandoned at the deadline.  CUPS calls run
 * on an http connection of our own whose timeout is set to what is left of
 * the deadline before every request; only the Cancel-Job sent at the
 * deadline gets a grace of its own (CUPS_CANCEL_GRACE), so a cups: send
 * can end up to a second late.  "Completed" in CUPS means its backend
 * finished: for a network printer behind CUPS that is as far as CUPS can
 * see. */
#include <arpa/inet.h>
#include <cups/cups.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif

#include "kiosk/outfile.h"
#include "kiosk/printer.h"

#define PRINT_QUEUE_JOBS 8
#define PRINT_QUEUE_RESULTS 16
#define PRINTER_CHUNK (64 * 1024) /* bytes per write(2) to files and devices */
#define CUPS_QUEUE_MAX 127        /* CUPS refuses longer printer names */

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

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Milliseconds left until deadline (rounded up), 0 once it has passed. */
static int ms_left(int64_t deadline)
{
    int64_t d = deadline - mono_ns();
    if (d <= 0)
        return 0;
    int64_t ms = (d + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* One send in progress: where it goes, its deadline, its error buffer. */
typedef struct {
    const PrinterUri *u;
    char label[sizeof((PrinterUri *)0)->target + 16]; /* the uri as staff typed it */
    int64_t deadline;
    int timeout_ms;
    char *err;
    size_t errcap;
    size_t sent;
} Send;

static KResult send_fail(Send *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static KResult send_fail(Send *s, const char *fmt, ...)
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

static KResult send_timeout(Send *s)
{
    return send_fail(s, "timed out after %d ms (printer off or out of paper?)", s->timeout_ms);
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

static KResult send_errno(Send *s, const char *what, int e)
{
    char buf[128];
    const char *words = errno_words(e, buf, sizeof buf);
    if (what)
        return send_fail(s, "%s: %s", what, words);
    return send_fail(s, "%s", words);
}

/* Waits until fd is ready for events or the deadline passes.  Returns the
 * revents (> 0), 0 at the deadline, -1 with errno on a poll error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
    for (;;) {
        int left = ms_left(deadline);
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

/* Writes a whole buffer to a regular file, checking the deadline between
 * chunks (a disk write cannot be waited on with poll). */
static KResult write_regular(Send *s, int fd, const uint8_t *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        size_t n = len - off < PRINTER_CHUNK ? len - off : PRINTER_CHUNK;
        ssize_t w = write(fd, data + off, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return send_errno(s, "cannot write", w < 0 ? errno : EIO);
        off += (size_t)w;
        s->sent = off;
        if (off < len && ms_left(s->deadline) == 0)
            return send_timeout(s);
    }
    return K_OK;
}

/* ---- file: --------------------------------------------------------------- */

static void fsync_parent_dir(const char *path)
{
    char dir[sizeof((PrinterUri *)0)->target];
    const char *slash = strrchr(path, '/');
    size_t n = slash && slash != path ? (size_t)(slash - path) : 1;
    if (n >= sizeof dir)
        return;
    memcpy(dir, path, n);
    dir[n] = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: the job is already complete under its name */
        close(fd);
    }
}

static KResult send_file(Send *s, const uint8_t *data, size_t len)
{
    /* The finished job is renamed over the target, which would replace a
     * device node (file:/dev/usb/lp0 meant as dev:), a FIFO or a link to
     * one with a plain file: refuse anything there that is not a regular
     * file.  stat follows links, so a link to a regular file is fine. */
    char why[OUTFILE_PATH_MAX + 128];
    if (outfile_check_station(s->u->target, why, sizeof why) != K_OK)
        return send_fail(s, "%s", why);
    struct stat st;
    if (stat(s->u->target, &st) == 0 && !S_ISREG(st.st_mode))
        return send_fail(s, "%s is there and is not a regular file; refusing to replace it%s",
                         S_ISDIR(st.st_mode)    ? "a directory"
                         : S_ISCHR(st.st_mode)  ? "a device"
                         : S_ISBLK(st.st_mode)  ? "a block device"
                         : S_ISFIFO(st.st_mode) ? "a FIFO"
                         : S_ISSOCK(st.st_mode) ? "a socket"
                                                : "something",
                         S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)
                             ? " (for a printer device use dev:PATH)"
                             : "");
    char tmp[sizeof s->u->target + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", s->u->target);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd < 0 && errno == ENOENT)
        return send_fail(s, "no such directory");
    if (fd < 0)
        return send_errno(s, "cannot create the file", errno);
    KResult rc = write_regular(s, fd, data, len);
    if (rc == K_OK && fsync(fd) != 0)
        rc = send_errno(s, "cannot write", errno);
    if (close(fd) != 0 && rc == K_OK)
        rc = send_errno(s, "cannot write", errno);
    if (rc == K_OK && rename(tmp, s->u->target) != 0)
        rc = send_errno(s, "cannot rename the finished job", errno);
    if (rc != K_OK) {
        unlink(tmp);
        s->sent = 0;
        return rc;
    }
    fsync_parent_dir(s->u->target);
    return K_OK;
}

/* ---- dev: ---------------------------------------------------------------- */

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

static KResult write_polled(Send *s, int fd, const uint8_t *data, size_t len)
{
    size_t off = 0;
    bool hung_up = false;
    while (off < len) {
        size_t n = len - off < PRINTER_CHUNK ? len - off : PRINTER_CHUNK;
        ssize_t w = write(fd, data + off, n);
        if (w > 0) {
            off += (size_t)w;
            s->sent = off;
            hung_up = false;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EPIPE)
            return send_fail(s, "printer disconnected during the job");
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return send_errno(s, NULL, errno);
        /* EAGAIN (or a write of 0): the printer's buffer is full. */
        if (hung_up)
            return send_fail(s, "printer disconnected during the job");
        int ev = wait_fd(fd, POLLOUT, s->deadline);
        if (ev == 0)
            return send_timeout(s);
        if (ev < 0)
            return send_errno(s, "poll", errno);
        /* An error or hang-up without POLLOUT: one more write reports the
         * errno; if it still says EAGAIN the device is gone. */
        hung_up = (ev & POLLOUT) == 0;
    }
    return K_OK;
}

static KResult send_dev(Send *s, const uint8_t *data, size_t len)
{
    int fd = open(s->u->target, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return send_fail(s, "no such printer device");
        if (e == ENXIO || e == ENODEV)
            return send_fail(s, "printer not connected");
        if (e == EACCES || e == EPERM)
            return send_fail(s, "permission denied (is the kiosk user in the lp group?)");
        return send_errno(s, "cannot open", e);
    }
    KResult rc = write_polled(s, fd, data, len);
    close(fd);
    return rc;
}

/* ---- tcp: ---------------------------------------------------------------- */

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

/* Starts fn on a new thread with every signal blocked, so signals meant
 * for the process (SIGINT, SIGTERM, SIGPIPE) never land on it. */
static int start_thread(pthread_t *t, void *(*fn)(void *), void *arg, bool detached)
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

static KResult resolve(Send *s, struct addrinfo **out)
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
        return send_fail(s, "bad address (%s)", gai_strerror(rc));

    Lookup *l = calloc(1, sizeof *l);
    if (!l)
        return send_fail(s, "out of memory");
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
    if (start_thread(&t, lookup_thread, l, true) != 0) {
        l->refs = 1;
        lookup_unref(l);
        return send_fail(s, "cannot start the name lookup");
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
        return send_fail(s, "timed out after %d ms looking up the host name", s->timeout_ms);
    if (rc != 0)
        return send_fail(s, "cannot find the host (%s)",
                         rc == EAI_NONAME ? "unknown name" : gai_strerror(rc));
    return K_OK;
}

/* Connects to the first address that answers; returns the socket or -1
 * with the error already in s. */
static int connect_any(Send *s, struct addrinfo *res, KResult *rc)
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
            int ev = wait_fd(fd, POLLOUT, s->deadline);
            if (ev == 0) {
                close(fd);
                *rc =
                    send_fail(s, "timed out after %d ms connecting (printer off?)", s->timeout_ms);
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
    *rc = send_errno(s, NULL, last);
    return -1;
}

/* After the last byte: waits until the printer has acknowledged all of it,
 * so a printer that stopped reading is reported, not trusted. */
static KResult wait_acked(Send *s, int fd)
{
#ifdef SIOCOUTQ
    for (;;) {
        int unacked = 0;
        if (ioctl(fd, SIOCOUTQ, &unacked) != 0 || unacked <= 0)
            return K_OK;
        int e = 0;
        socklen_t sl = sizeof e;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) == 0 && e != 0)
            return send_errno(s, NULL, e);
        int left = ms_left(s->deadline);
        if (left == 0)
            return send_timeout(s);
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

static KResult send_unconfirmed(Send *s, const char *why)
{
    send_fail(s, "not confirmed: the printer took the job but %s", why);
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
static KResult judge_status(Send *s, const uint8_t st[4])
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
        return send_fail(s, "the printer reports: %s", causes);
    return K_OK;
}

/* Asks for the real-time status once the printer has taken the whole job
 * and decides from the answers; no answer by the deadline is "not
 * confirmed" (K_ERR_UNCONFIRMED), never "printed". */
static KResult ask_status(Send *s, int fd)
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
            return send_fail(s, "printer closed the connection before confirming the job");
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        return send_errno(s, NULL, errno);
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
            return send_errno(s, NULL, errno);
        int ev = wait_fd(fd, POLLOUT, s->deadline);
        if (ev == 0)
            return send_unconfirmed(s, "did not take the status request in time");
        if (ev < 0)
            return send_errno(s, "poll", errno);
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
            return send_fail(s, "printer closed the connection before confirming the job");
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return send_errno(s, NULL, errno);
        int ev = wait_fd(fd, POLLIN, s->deadline);
        if (ev == 0) {
            char why[96];
            snprintf(why, sizeof why, "did not answer the status request (DLE EOT) within %d ms",
                     s->timeout_ms);
            return send_unconfirmed(s, why);
        }
        if (ev < 0)
            return send_errno(s, "poll", errno);
    }
    return judge_status(s, st);
}

static KResult send_tcp(Send *s, const uint8_t *data, size_t len)
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
            rc = send_errno(s, NULL, errno);
            break;
        }
        int ev = wait_fd(fd, POLLOUT, s->deadline);
        if (ev == 0)
            rc = send_timeout(s);
        else if (ev < 0)
            rc = send_errno(s, "poll", errno);
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

/* ---- cups: --------------------------------------------------------------- */

/* CUPS job states (IPP job-state) and printer states (printer-state). */
#define CUPS_JOB_PENDING 3
#define CUPS_JOB_HELD 4
#define CUPS_JOB_PROCESSING 5
#define CUPS_JOB_STOPPED 6
#define CUPS_JOB_CANCELED 7
#define CUPS_JOB_ABORTED 8
#define CUPS_JOB_COMPLETED 9
#define CUPS_PRINTER_STOPPED 5
#define CUPS_POLL_MS 50        /* between two looks at a job's state */
#define CUPS_CANCEL_GRACE 1000 /* ms a Cancel-Job may take past the deadline */

/* What CUPS said about the last request, for a message. */
static const char *cups_said(const char *fallback)
{
    const char *why = cupsLastErrorString();
    return why && why[0] ? why : fallback;
}

/* Bounds the next request on http by what is left of the deadline; false
 * when nothing is left. */
static bool cups_bound(http_t *http, int64_t deadline)
{
    int left = ms_left(deadline);
    if (left == 0)
        return false;
    httpSetTimeout(http, left / 1000.0, NULL, NULL);
    return true;
}

/* printer-state-reasons as one "a, b" string. */
static void cups_reasons(ipp_t *resp, const char *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    ipp_attribute_t *a = ippFindAttribute(resp, name, IPP_TAG_KEYWORD);
    for (int i = 0; a && i < ippGetCount(a); i++) {
        const char *r = ippGetString(a, i, NULL);
        if (!r || strcmp(r, "none") == 0)
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", r);
    }
}

/* Asks for the queue's state (Get-Printer-Attributes) and refuses one
 * that is stopped (paused by staff, or by CUPS after a backend failure)
 * or not accepting jobs, saying what CUPS says about it. */
static KResult cups_check_queue(Send *s, http_t *http, const char *printer_uri)
{
    static const char *const want[] = {"printer-state", "printer-state-reasons",
                                       "printer-state-message", "printer-is-accepting-jobs"};
    ipp_t *req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  (int)(sizeof want / sizeof want[0]), NULL, want);
    if (!cups_bound(http, s->deadline)) {
        ippDelete(req);
        return send_timeout(s);
    }
    ipp_t *resp = cupsDoRequest(http, req, "/"); /* frees req */
    if (!resp || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
        ippDelete(resp);
        if (ms_left(s->deadline) == 0)
            return send_timeout(s);
        return send_fail(s, "%s", cups_said("the print service did not answer"));
    }
    int state = ippGetInteger(ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM), 0);
    ipp_attribute_t *acc = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
    bool accepting = !acc || ippGetBoolean(acc, 0);
    const char *msg =
        ippGetString(ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT), 0, NULL);
    char reasons[160];
    cups_reasons(resp, "printer-state-reasons", reasons, sizeof reasons);
    KResult rc = K_OK;
    if (state == CUPS_PRINTER_STOPPED || !accepting)
        rc = send_fail(s, "CUPS says the queue is %s%s%s%s%s%s",
                       state == CUPS_PRINTER_STOPPED ? "stopped" : "not accepting jobs",
                       msg && msg[0] ? ": \"" : "", msg && msg[0] ? msg : "",
                       msg && msg[0] ? "\"" : "", reasons[0] ? " - " : "", reasons);
    ippDelete(resp);
    return rc;
}

/* Sends the job's bytes as one raw document; the job id, or 0 with the
 * error in s. */
static int cups_submit(Send *s, http_t *http, const uint8_t *data, size_t len, KResult *rc)
{
    cups_option_t *options = NULL;
    int n = cupsAddOption("raw", "true", 0, &options);
    int job = 0;
    if (cups_bound(http, s->deadline))
        job = cupsCreateJob(http, s->u->target, "kiosk ticket", n, options);
    cupsFreeOptions(n, options);
    if (job <= 0) {
        *rc = ms_left(s->deadline) == 0
                  ? send_timeout(s)
                  : send_fail(s, "%s", cups_said("the print service refused the job"));
        return 0;
    }
    bool ok = cups_bound(http, s->deadline) &&
              cupsStartDocument(http, s->u->target, job, "receipt", CUPS_FORMAT_RAW, 1) ==
                  HTTP_STATUS_CONTINUE;
    for (size_t off = 0; ok && off < len; off += PRINTER_CHUNK) {
        size_t chunk = len - off < PRINTER_CHUNK ? len - off : PRINTER_CHUNK;
        ok = cups_bound(http, s->deadline) &&
             cupsWriteRequestData(http, (const char *)data + off, chunk) == HTTP_STATUS_CONTINUE;
    }
    if (ok) {
        ok = cups_bound(http, s->deadline) &&
             cupsFinishDocument(http, s->u->target) <= IPP_STATUS_OK_CONFLICTING;
    }
    if (!ok) {
        *rc = ms_left(s->deadline) == 0
                  ? send_timeout(s)
                  : send_fail(s, "%s", cups_said("the print service refused the job"));
        httpSetTimeout(http, CUPS_CANCEL_GRACE / 1000.0, NULL, NULL);
        cupsCancelJob2(http, s->u->target, job, 0);
        return 0;
    }
    return job;
}

/* The job's state (Get-Job-Attributes), 0 when CUPS did not say; why gets
 * job-state-reasons and job-printer-state-message for a message. */
static int cups_job_state(http_t *http, const char *printer_uri, int job, char *why, size_t cap)
{
    static const char *const want[] = {"job-state", "job-state-reasons",
                                       "job-printer-state-message"};
    ipp_t *req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
    ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  (int)(sizeof want / sizeof want[0]), NULL, want);
    ipp_t *resp = cupsDoRequest(http, req, "/");
    int state = 0;
    why[0] = '\0';
    if (resp && cupsLastError() <= IPP_STATUS_OK_CONFLICTING) {
        state = ippGetInteger(ippFindAttribute(resp, "job-state", IPP_TAG_ENUM), 0);
        char reasons[128];
        cups_reasons(resp, "job-state-reasons", reasons, sizeof reasons);
        const char *msg = ippGetString(
            ippFindAttribute(resp, "job-printer-state-message", IPP_TAG_TEXT), 0, NULL);
        snprintf(why, cap, "%s%s%s", reasons, reasons[0] && msg && msg[0] ? " - " : "",
                 msg ? msg : "");
    }
    ippDelete(resp);
    return state;
}

/* Follows the job until CUPS says it completed; a canceled or aborted job
 * is a failure, and one still pending, held or printing at the deadline is
 * cancelled (Cancel-Job) so that it cannot come out later. */
static KResult cups_follow(Send *s, http_t *http, const char *printer_uri, int job)
{
    char why[256] = "";
    int state = 0;
    for (;;) {
        if (!cups_bound(http, s->deadline))
            break;
        state = cups_job_state(http, printer_uri, job, why, sizeof why);
        if (state == CUPS_JOB_COMPLETED)
            return K_OK;
        if (state == CUPS_JOB_CANCELED || state == CUPS_JOB_ABORTED)
            return send_fail(s, "CUPS %s job %d%s%s",
                             state == CUPS_JOB_ABORTED ? "aborted" : "canceled", job,
                             why[0] ? ": " : "", why);
        int left = ms_left(s->deadline);
        if (left == 0)
            break;
        struct timespec nap = {0, (left < CUPS_POLL_MS ? left : CUPS_POLL_MS) * 1000000L};
        nanosleep(&nap, NULL);
    }
    /* The deadline: cancel, with a short grace of its own. */
    httpSetTimeout(http, CUPS_CANCEL_GRACE / 1000.0, NULL, NULL);
    bool cancelled = cupsCancelJob2(http, s->u->target, job, 0) <= IPP_STATUS_OK_CONFLICTING;
    const char *was = state == CUPS_JOB_HELD         ? "held"
                      : state == CUPS_JOB_PROCESSING ? "still printing"
                      : state == CUPS_JOB_STOPPED    ? "stopped"
                                                     : "still waiting";
    return send_fail(s, "job %d %s after %d ms%s%s%s, %s", job, was, s->timeout_ms,
                     why[0] ? " (CUPS says: " : "", why, why[0] ? ")" : "",
                     cancelled ? "cancelled" : "could not cancel it");
}

static KResult send_cups(Send *s, const uint8_t *data, size_t len)
{
    int left = ms_left(s->deadline);
    http_t *http =
        httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, left, NULL);
    if (!http)
        return send_fail(s, "cannot reach the print service (is CUPS running?)");
    char printer_uri[HTTP_MAX_URI];
    httpAssembleURIf(HTTP_URI_CODING_ALL, printer_uri, sizeof printer_uri, "ipp", NULL, "localhost",
                     ippPort(), "/printers/%s", s->u->target);
    KResult rc = cups_check_queue(s, http, printer_uri);
    int job = 0;
    if (rc == K_OK)
        job = cups_submit(s, http, data, len, &rc);
    if (job > 0) {
        s->sent = len;
        rc = cups_follow(s, http, printer_uri, job);
    }
    httpClose(http);
    if (rc != K_OK)
        s->sent = 0;
    return rc;
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

static KResult send_job(const PrinterUri *u, const uint8_t *data, size_t len, int timeout_ms,
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
    Send s = {.u = u, .timeout_ms = timeout_ms, .err = err, .errcap = errcap};
    label_uri(u, s.label, sizeof s.label);
    if (timeout_ms <= 0 || !memchr(u->target, '\0', sizeof u->target) || !u->target[0]) {
        if (err && errcap)
            snprintf(err, errcap, "%s: bad printer settings", s.label);
        return K_ERR_INVALID;
    }
    s.deadline = mono_ns() + (int64_t)timeout_ms * 1000000;
    /* A reader that goes away (a FIFO, or cupsd, whose library writes with
     * plain send()) must give EPIPE, not kill the kiosk: SIGPIPE is held
     * for every kind of printer, on whatever thread sends. */
    SigpipeGuard guard;
    sigpipe_block(&guard);
    KResult rc;
    switch (u->kind) {
    case PRINTER_FILE: rc = send_file(&s, data, len); break;
    case PRINTER_DEV: rc = send_dev(&s, data, len); break;
    case PRINTER_TCP: rc = send_tcp(&s, data, len); break;
    case PRINTER_CUPS: rc = send_cups(&s, data, len); break;
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
    return send_job(u, data, len, timeout_ms, err, errcap, &sent);
}

/* ---- the print queue ----------------------------------------------------- */

typedef struct {
    PrinterUri uri;
    uint8_t *data;
    size_t len;
    int timeout_ms;
    int64_t id;
} QueuedJob;

struct PrintQueue {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a job arrived, or stop */
    pthread_t worker;
    bool stop;
    QueuedJob jobs[PRINT_QUEUE_JOBS];
    int job_head, job_count;
    PrintResult results[PRINT_QUEUE_RESULTS];
    int result_head, result_count;
    int rfd, wfd; /* one byte in the pipe per result in the ring */
};

static void *print_queue_worker(void *arg)
{
    PrintQueue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->stop && q->job_count == 0)
            pthread_cond_wait(&q->cv, &q->mu);
        if (q->stop)
            break;
        QueuedJob job = q->jobs[q->job_head];
        q->job_head = (q->job_head + 1) % PRINT_QUEUE_JOBS;
        q->job_count--;
        pthread_mutex_unlock(&q->mu);

        PrintResult r;
        memset(&r, 0, sizeof r);
        r.job = job.id;
        int64_t t0 = mono_ns();
        r.rc = send_job(&job.uri, job.data, job.len, job.timeout_ms, r.message, sizeof r.message,
                        &r.bytes);
        r.ms = (double)(mono_ns() - t0) / 1e6;
        free(job.data);

        pthread_mutex_lock(&q->mu);
        if (q->result_count == PRINT_QUEUE_RESULTS) {
            /* Nobody is reading results: drop the oldest.  Its byte in the
             * pipe now stands for this result, so write no new one. */
            q->result_head = (q->result_head + 1) % PRINT_QUEUE_RESULTS;
            q->result_count--;
        } else {
            ssize_t w;
            do
                w = write(q->wfd, "r", 1);
            while (w < 0 && errno == EINTR);
        }
        q->results[(q->result_head + q->result_count) % PRINT_QUEUE_RESULTS] = r;
        q->result_count++;
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

static bool set_fd_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    int fd_fl = fcntl(fd, F_GETFD);
    return fl >= 0 && fd_fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 &&
           fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) == 0;
}

KResult print_queue_create(PrintQueue **out)
{
    *out = NULL;
    PrintQueue *q = calloc(1, sizeof *q);
    if (!q)
        return K_ERR_NOMEM;
    KResult rc = K_ERR_IO;
    q->rfd = q->wfd = -1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    int fds[2];
    if (pipe(fds) != 0)
        goto fail;
    q->rfd = fds[0];
    q->wfd = fds[1];
    if (!set_fd_flags(q->rfd) || !set_fd_flags(q->wfd))
        goto fail;
    if (start_thread(&q->worker, print_queue_worker, q, false) != 0) {
        rc = K_ERR_NOMEM;
        goto fail;
    }
    *out = q;
    return K_OK;
fail:
    if (q->rfd >= 0)
        close(q->rfd);
    if (q->wfd >= 0)
        close(q->wfd);
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    free(q);
    return rc;
}

void print_queue_destroy(PrintQueue *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->stop = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->worker, NULL);
    for (int i = 0; i < q->job_count; i++)
        free(q->jobs[(q->job_head + i) % PRINT_QUEUE_JOBS].data);
    close(q->rfd);
    close(q->wfd);
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

bool print_queue_submit(PrintQueue *q, const PrinterUri *u, uint8_t *data, size_t len,
                        int timeout_ms, int64_t job)
{
    if (!q || !u) {
        free(data);
        return false;
    }
    pthread_mutex_lock(&q->mu);
    if (q->stop || q->job_count == PRINT_QUEUE_JOBS) {
        pthread_mutex_unlock(&q->mu);
        free(data);
        return false;
    }
    QueuedJob *j = &q->jobs[(q->job_head + q->job_count) % PRINT_QUEUE_JOBS];
    j->uri = *u;
    j->data = data;
    j->len = len;
    j->timeout_ms = timeout_ms;
    j->id = job;
    q->job_count++;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return true;
}

bool print_queue_poll(PrintQueue *q, PrintResult *out)
{
    if (!q || !out)
        return false;
    pthread_mutex_lock(&q->mu);
    bool have = q->result_count > 0;
    if (have) {
        *out = q->results[q->result_head];
        q->result_head = (q->result_head + 1) % PRINT_QUEUE_RESULTS;
        q->result_count--;
        char byte;
        ssize_t r;
        do
            r = read(q->rfd, &byte, 1);
        while (r < 0 && errno == EINTR);
    }
    pthread_mutex_unlock(&q->mu);
    return have;
}

int print_queue_fd(const PrintQueue *q)
{
    return q ? q->rfd : -1;
}
