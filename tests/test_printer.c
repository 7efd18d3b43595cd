/* test_printer.c - unit tests for app/platform/printer.c: URI parsing, and
 * sends to every kind of printer we can fake on one machine: a file, a
 * FIFO standing in for /dev/usb/lp0 (with and without a reader, and with a
 * reader that hangs up), loopback TCP listeners (one that reads, one that
 * refuses, one that accepts and never reads), and the print queue.
 * Everything stays on loopback and in a temporary directory, and every
 * wait is bounded, so the test cannot hang.  Timing checks are loose upper
 * bounds only. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/printer.h"

static char tmpdir[64];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint8_t *make_job(size_t len)
{
    uint8_t *d = malloc(len ? len : 1);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        d[i] = (uint8_t)x;
    }
    return d;
}

static PrinterUri parse_ok(const char *uri)
{
    PrinterUri u;
    char err[256];
    KResult rc = printer_parse_uri(uri, &u, err, sizeof err);
    if (rc != K_OK)
        fprintf(stderr, "    %s: %s\n", uri, err);
    CHECK_INT_EQ(rc, K_OK);
    return u;
}

static void test_parse(void)
{
    PrinterUri u = parse_ok("file:/tmp/job.bin");
    CHECK_INT_EQ(u.kind, PRINTER_FILE);
    CHECK_STR_EQ(u.target, "/tmp/job.bin");
    u = parse_ok("dev:/dev/usb/lp0");
    CHECK_INT_EQ(u.kind, PRINTER_DEV);
    CHECK_STR_EQ(u.target, "/dev/usb/lp0");
    u = parse_ok("tcp:192.168.1.50:9100");
    CHECK_INT_EQ(u.kind, PRINTER_TCP);
    CHECK_STR_EQ(u.target, "192.168.1.50");
    CHECK_INT_EQ(u.port, 9100);
    u = parse_ok("tcp:printer-1.lan:1");
    CHECK_STR_EQ(u.target, "printer-1.lan");
    CHECK_INT_EQ(u.port, 1);
    u = parse_ok("tcp:[::1]:65535");
    CHECK_STR_EQ(u.target, "::1");
    CHECK_INT_EQ(u.port, 65535);
    u = parse_ok("tcp:fe80::1%eth0:9100");
    CHECK_STR_EQ(u.target, "fe80::1%eth0");
    u = parse_ok("cups:Receipt_58.mm-1");
    CHECK_INT_EQ(u.kind, PRINTER_CUPS);
    CHECK_STR_EQ(u.target, "Receipt_58.mm-1");

    static const struct {
        const char *uri;
        const char *says;
    } bad[] = {
        {"", "no printer"},
        {"file:", "missing path"},
        {"file:job.bin", "absolute"},
        {"file:/tmp/", "directory"},
        {"dev:", "missing path"},
        {"dev:usb/lp0", "absolute"},
        {"tcp:", "missing port"},
        {"tcp:host", "missing port"},
        {"tcp::9100", "missing host"},
        {"tcp:host:", "missing port"},
        {"tcp:host:0", "1 to 65535"},
        {"tcp:host:65536", "1 to 65535"},
        {"tcp:host:123456", "1 to 65535"},
        {"tcp:host:-1", "1 to 65535"},
        {"tcp:host:91a", "1 to 65535"},
        {"tcp:host name:9100", "host"},
        {"tcp:a:b:9100", "host"},
        {"tcp:[::1]", "missing port"},
        {"tcp:[::1:9100", "missing ]"},
        {"tcp:[]:9100", "IPv6"},
        {"tcp:[host]:9100", "IPv6"},
        {"cups:", "missing queue"},
        {"cups:my queue", "letters"},
        {"cups:a/b", "letters"},
        {"usb:/dev/usb/lp0", "unknown printer type \"usb:\""},
        {"FILE:/tmp/x", "unknown printer type"},
        {"/dev/usb/lp0", "not a printer uri"},
        {"file:/tmp/a\nb", "control character"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[256] = "";
        KResult rc = printer_parse_uri(bad[i].uri, &u, err, sizeof err);
        bool says = strstr(err, bad[i].says) != NULL;
        if (rc != K_ERR_INVALID || !says)
            fprintf(stderr, "    case \"%s\": rc %d, \"%s\"\n", bad[i].uri, rc, err);
        CHECK_INT_EQ(rc, K_ERR_INVALID);
        CHECK(says);
        CHECK(strchr(err, '\n') == NULL);
    }
    char err[256];
    CHECK_INT_EQ(printer_parse_uri(NULL, &u, err, sizeof err), K_ERR_INVALID);
    char long_uri[700] = "file:/";
    memset(long_uri + 6, 'a', 600);
    long_uri[606] = '\0';
    CHECK_INT_EQ(printer_parse_uri(long_uri, &u, err, sizeof err), K_ERR_INVALID);
    CHECK(strstr(err, "too long") != NULL);
    /* A tiny error buffer is fine. */
    char tiny[4];
    CHECK_INT_EQ(printer_parse_uri("nope", &u, tiny, sizeof tiny), K_ERR_INVALID);
    CHECK_INT_EQ(strlen(tiny), 3);
}

/* Reads a whole file; NULL when it does not exist. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static void test_file(void)
{
    char uri[160], path[128], tmp[140];
    snprintf(path, sizeof path, "%s/job.bin", tmpdir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    snprintf(uri, sizeof uri, "file:%s", path);
    PrinterUri u = parse_ok(uri);
    size_t len = 200000;
    uint8_t *job = make_job(len);
    char err[256];
    CHECK_INT_EQ(printer_send(&u, job, len, 3000, err, sizeof err), K_OK);
    size_t got_len = 0;
    uint8_t *got = slurp(path, &got_len);
    CHECK(got != NULL);
    CHECK_INT_EQ(got_len, len);
    CHECK(got && got_len == len && memcmp(got, job, len) == 0);
    CHECK(access(tmp, F_OK) != 0);
    free(got);
    unlink(path);

    snprintf(uri, sizeof uri, "file:%s/no-such-dir/job.bin", tmpdir);
    u = parse_ok(uri);
    CHECK_INT_EQ(printer_send(&u, job, len, 3000, err, sizeof err), K_ERR_IO);
    CHECK(strstr(err, "no such directory") != NULL);
    CHECK(strncmp(err, uri, strlen(uri)) == 0);

    /* A FIFO or a directory at the target is refused and left as it was
     * (a device node is checked in e2e_print.sh, which may run as root). */
    snprintf(path, sizeof path, "%s/fifo", tmpdir);
    CHECK_INT_EQ(mkfifo(path, 0600), 0);
    snprintf(uri, sizeof uri, "file:%s", path);
    u = parse_ok(uri);
    CHECK_INT_EQ(printer_send(&u, job, len, 3000, err, sizeof err), K_ERR_IO);
    CHECK(strstr(err, "a FIFO is there and is not a regular file") != NULL);
    struct stat st;
    CHECK(lstat(path, &st) == 0 && S_ISFIFO(st.st_mode));
    unlink(path);
    snprintf(path, sizeof path, "%s/dir", tmpdir);
    CHECK_INT_EQ(mkdir(path, 0700), 0);
    snprintf(uri, sizeof uri, "file:%s", path);
    u = parse_ok(uri);
    CHECK_INT_EQ(printer_send(&u, job, len, 3000, err, sizeof err), K_ERR_IO);
    CHECK(strstr(err, "a directory is there") != NULL);
    CHECK(lstat(path, &st) == 0 && S_ISDIR(st.st_mode));
    rmdir(path);

    CHECK_INT_EQ(printer_send(NULL, job, len, 3000, err, sizeof err), K_ERR_INVALID);
    u = parse_ok("file:/tmp/never-written.bin");
    CHECK_INT_EQ(printer_send(&u, job, len, 0, err, sizeof err), K_ERR_INVALID);
    free(job);
}

/* ---- dev: through a FIFO ---- */

typedef struct {
    int fd;         /* read end, opened before the send */
    size_t want;    /* read this much, then stop */
    size_t stop_at; /* or hang up after this many bytes (0: never) */
    uint8_t *buf;
    size_t got;
} FifoReader;

static void *fifo_reader(void *arg)
{
    FifoReader *r = arg;
    struct timespec nap = {0, 50 * 1000000L}; /* let the writer fill the FIFO first */
    nanosleep(&nap, NULL);
    double give_up = now_s() + 10;
    while (r->got < r->want && now_s() < give_up) {
        if (r->stop_at && r->got >= r->stop_at)
            break;
        struct pollfd p = {.fd = r->fd, .events = POLLIN, .revents = 0};
        if (poll(&p, 1, 200) <= 0)
            continue;
        ssize_t n = read(r->fd, r->buf + r->got, r->want - r->got);
        if (n > 0)
            r->got += (size_t)n;
        else if (n == 0 && r->got > 0)
            break; /* the writer closed */
        else if (n == 0) {
            nanosleep(&nap, NULL); /* no writer yet */
        }
    }
    close(r->fd);
    return NULL;
}

static void test_dev(void)
{
    char path[128], uri[140], err[256];
    snprintf(path, sizeof path, "%s/lp0", tmpdir);
    snprintf(uri, sizeof uri, "dev:%s", path);
    CHECK_INT_EQ(mkfifo(path, 0600), 0);
    PrinterUri u = parse_ok(uri);
    size_t len = 300000; /* several times a FIFO's buffer: the poll path runs */
    uint8_t *job = make_job(len);

    /* A reader: identical bytes. */
    FifoReader r = {.want = len, .buf = malloc(len)};
    r.fd = open(path, O_RDONLY | O_NONBLOCK);
    CHECK(r.fd >= 0);
    pthread_t t;
    pthread_create(&t, NULL, fifo_reader, &r);
    KResult rc = printer_send(&u, job, len, 5000, err, sizeof err);
    if (rc != K_OK)
        fprintf(stderr, "    %s\n", err);
    CHECK_INT_EQ(rc, K_OK);
    pthread_join(t, NULL);
    CHECK_INT_EQ(r.got, len);
    CHECK(memcmp(r.buf, job, len) == 0);

    /* No reader: fails at once. */
    double t0 = now_s();
    CHECK_INT_EQ(printer_send(&u, job, len, 3000, err, sizeof err), K_ERR_IO);
    CHECK(now_s() - t0 < 1.0);
    CHECK(strstr(err, "printer not connected") != NULL);
    CHECK(strncmp(err, uri, strlen(uri)) == 0);

    /* A reader that hangs up half way: EPIPE, not a SIGPIPE that kills us. */
    FifoReader quitter = {.want = len, .stop_at = 1000, .buf = r.buf};
    quitter.fd = open(path, O_RDONLY | O_NONBLOCK);
    pthread_create(&t, NULL, fifo_reader, &quitter);
    rc = printer_send(&u, job, len, 5000, err, sizeof err);
    pthread_join(t, NULL);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(strstr(err, "disconnected") != NULL);
    free(r.buf);

    /* A reader that never reads: the deadline. */
    int idle = open(path, O_RDONLY | O_NONBLOCK);
    t0 = now_s();
    CHECK_INT_EQ(printer_send(&u, job, len, 300, err, sizeof err), K_ERR_IO);
    CHECK(now_s() - t0 < 5.0);
    CHECK(strstr(err, "timed out after 300 ms") != NULL);
    close(idle);
    unlink(path);

    /* No such device. */
    snprintf(uri, sizeof uri, "dev:%s/usb/lp9", tmpdir);
    u = parse_ok(uri);
    CHECK_INT_EQ(printer_send(&u, job, len, 3000, err, sizeof err), K_ERR_IO);
    CHECK(strstr(err, "no such printer device") != NULL);
    free(job);
}

/* ---- tcp: on loopback ---- */

/* A network printer emulator.  PEER_PRINT reads the whole job (it knows
 * its length: the test jobs are random bytes, which a printer parsing
 * ESC/POS would not see as requests), then answers each real-time status
 * request DLE EOT n (0x10 0x04 n) with status[n - 1] like a real printer;
 * the other modes are the faults. */
typedef enum {
    PEER_PRINT,     /* reads the job, answers status requests */
    PEER_STALL,     /* accepts, never reads: out of paper with a full buffer */
    PEER_SILENT,    /* reads everything, never answers a status request */
    PEER_CLOSE_MID, /* reads close_after bytes, then closes */
} PeerMode;

/* Status answers: a healthy printer, and one out of paper (offline, stopped
 * by paper end, roll sensor at paper end and near end). */
static const uint8_t STATUS_OK[4] = {0x12, 0x12, 0x12, 0x12};
static const uint8_t STATUS_NO_PAPER[4] = {0x1A, 0x32, 0x12, 0x7E};
static const uint8_t STATUS_COVER_OPEN[4] = {0x1A, 0x16, 0x12, 0x12};
static const uint8_t STATUS_NEAR_END[4] = {0x12, 0x12, 0x12, 0x1E};

typedef struct {
    int listener;
    PeerMode mode;
    const uint8_t *status; /* PEER_PRINT: the four answers */
    size_t close_after;    /* PEER_CLOSE_MID */
    int stop_fd;           /* PEER_STALL: readable when it may hang up */
    int ready_fd;          /* if > 0, gets a byte once the connection is accepted */
    uint8_t *buf;
    size_t cap, got; /* the job's length, and how much of it arrived */
    int asked;       /* status requests seen */
} TcpPeer;

static int listen_loopback(int family, int rcvbuf, int *port)
{
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (rcvbuf) /* inherited by accepted sockets; keeps the kernel from buffering MBs */
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t sl;
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        sl = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sl = sizeof *a;
    }
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 4) != 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                     : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

/* Reads up to want bytes into buf within 10 s; the count, short at EOF. */
static size_t peer_read(int c, uint8_t *buf, size_t want)
{
    size_t got = 0;
    double give_up = now_s() + 10;
    while (got < want && now_s() < give_up) {
        struct pollfd pc = {.fd = c, .events = POLLIN, .revents = 0};
        if (poll(&pc, 1, 200) <= 0)
            continue;
        ssize_t n = read(c, buf + got, want - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

static void *tcp_peer(void *arg)
{
    TcpPeer *p = arg;
    struct pollfd pl = {.fd = p->listener, .events = POLLIN, .revents = 0};
    if (poll(&pl, 1, 10000) <= 0)
        return NULL;
    int c = accept(p->listener, NULL, NULL);
    if (c < 0)
        return NULL;
    if (p->ready_fd > 0 && write(p->ready_fd, "a", 1) != 1)
        perror("write");
    if (p->mode == PEER_STALL) {
        struct pollfd ps = {.fd = p->stop_fd, .events = POLLIN, .revents = 0};
        poll(&ps, 1, 10000);
    } else if (p->mode == PEER_CLOSE_MID) {
        p->got = peer_read(c, p->buf, p->close_after);
    } else {
        p->got = peer_read(c, p->buf, p->cap);
        /* Then requests, three bytes each, until the sender closes. */
        uint8_t req[3];
        while (peer_read(c, req, sizeof req) == sizeof req) {
            if (req[0] != 0x10 || req[1] != 0x04 || req[2] < 1 || req[2] > 4)
                break;
            p->asked++;
            if (p->mode == PEER_PRINT && write(c, &p->status[req[2] - 1], 1) != 1)
                break;
        }
    }
    close(c);
    return NULL;
}

static void tcp_round_trip(const char *host, int family)
{
    int port = 0;
    int l = listen_loopback(family, 0, &port);
    if (l < 0) {
        fprintf(stderr, "    (no %s loopback here: skipped)\n", host);
        return;
    }
    char uri[128], err[256];
    snprintf(uri, sizeof uri, "tcp:%s:%d", host, port);
    PrinterUri u = parse_ok(uri);
    size_t len = 1 << 20;
    uint8_t *job = make_job(len);
    TcpPeer p = {
        .listener = l, .mode = PEER_PRINT, .status = STATUS_OK, .buf = malloc(len), .cap = len};
    pthread_t t;
    pthread_create(&t, NULL, tcp_peer, &p);
    KResult rc = printer_send(&u, job, len, 5000, err, sizeof err);
    if (rc != K_OK)
        fprintf(stderr, "    %s: %s\n", uri, err);
    CHECK_INT_EQ(rc, K_OK);
    pthread_join(t, NULL);
    CHECK_INT_EQ(p.got, len);
    CHECK(p.got == len && memcmp(p.buf, job, len) == 0);
    CHECK_INT_EQ(p.asked, 4); /* DLE EOT 1, 2, 3 and 4 */
    free(p.buf);
    free(job);
    close(l);
}

static void test_tcp(void)
{
    char uri[128], err[256];
    tcp_round_trip("127.0.0.1", AF_INET);
    tcp_round_trip("[::1]", AF_INET6);
    /* A name: resolved on the lookup thread; "localhost" may say ::1
     * first, which refuses, so the send also tries the next address.  A
     * bare system (a minimal chroot) may have no /etc/hosts to name it. */
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *found = NULL;
    if (getaddrinfo("localhost", NULL, &hints, &found) == 0) {
        freeaddrinfo(found);
        tcp_round_trip("localhost", AF_INET);
    } else {
        fprintf(stderr, "    (this system cannot resolve localhost: name case skipped)\n");
    }

    /* Refused: a port that was just free. */
    int port = 0;
    int l = listen_loopback(AF_INET, 0, &port);
    close(l);
    snprintf(uri, sizeof uri, "tcp:127.0.0.1:%d", port);
    PrinterUri u = parse_ok(uri);
    uint8_t small[100] = {0};
    double t0 = now_s();
    CHECK_INT_EQ(printer_send(&u, small, sizeof small, 3000, err, sizeof err), K_ERR_IO);
    CHECK(now_s() - t0 < 2.0);
    char want[160];
    snprintf(want, sizeof want, "%s: connection refused", uri);
    CHECK_STR_EQ(err, want);

    /* Accepts and never reads: several MB, 500 ms, "timed out". */
    int stop[2];
    CHECK_INT_EQ(pipe(stop), 0);
    l = listen_loopback(AF_INET, 4096, &port);
    CHECK(l >= 0);
    TcpPeer p = {.listener = l, .mode = PEER_STALL, .stop_fd = stop[0]};
    pthread_t t;
    pthread_create(&t, NULL, tcp_peer, &p);
    snprintf(uri, sizeof uri, "tcp:127.0.0.1:%d", port);
    u = parse_ok(uri);
    size_t len = 8 << 20;
    uint8_t *job = make_job(len);
    t0 = now_s();
    KResult rc = printer_send(&u, job, len, 500, err, sizeof err);
    double took = now_s() - t0;
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(strstr(err, "timed out after 500 ms") != NULL);
    CHECK(took >= 0.4 && took < 5.0);
    CHECK(write(stop[1], "x", 1) == 1);
    pthread_join(t, NULL);
    close(l);
    char byte;
    CHECK(read(stop[0], &byte, 1) == 1);

    /* Even a small job that the printer never takes is not "printed". */
    l = listen_loopback(AF_INET, 4096, &port);
    p = (TcpPeer){.listener = l, .mode = PEER_STALL, .stop_fd = stop[0]};
    pthread_create(&t, NULL, tcp_peer, &p);
    snprintf(uri, sizeof uri, "tcp:127.0.0.1:%d", port);
    u = parse_ok(uri);
    rc = printer_send(&u, job, 200000, 400, err, sizeof err);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(strstr(err, "timed out") != NULL);
    CHECK(write(stop[1], "x", 1) == 1);
    pthread_join(t, NULL);
    close(l);
    close(stop[0]);
    close(stop[1]);
    free(job);

    /* An unknown host name fails with a message (no network needed:
     * .invalid never resolves). */
    u = parse_ok("tcp:printer.invalid:9100");
    t0 = now_s();
    rc = printer_send(&u, small, sizeof small, 2000, err, sizeof err);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(now_s() - t0 < 5.0);
    CHECK(strncmp(err, "tcp:printer.invalid:9100: ", 26) == 0);
}

/* Sends a len-byte job to a peer of the given kind; the result, with the
 * peer joined and its counts in *p. */
static KResult send_to_peer(TcpPeer *p, int rcvbuf, size_t len, int timeout_ms, char *err,
                            size_t errcap)
{
    int port = 0;
    p->listener = listen_loopback(AF_INET, rcvbuf, &port);
    CHECK(p->listener >= 0);
    p->cap = len;
    p->buf = malloc(len);
    pthread_t t;
    pthread_create(&t, NULL, tcp_peer, p);
    char uri[64];
    snprintf(uri, sizeof uri, "tcp:127.0.0.1:%d", port);
    PrinterUri u = parse_ok(uri);
    uint8_t *job = make_job(len);
    KResult rc = printer_send(&u, job, len, timeout_ms, err, errcap);
    pthread_join(t, NULL);
    close(p->listener);
    free(p->buf);
    p->buf = NULL;
    free(job);
    return rc;
}

/* What the printer says after the job decides "printed". */
static void test_tcp_status(void)
{
    char err[256];
    TcpPeer p = {.mode = PEER_PRINT, .status = STATUS_NO_PAPER};
    KResult rc = send_to_peer(&p, 0, 20000, 3000, err, sizeof err);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(strstr(err, "the printer reports: out of paper") != NULL);
    CHECK_INT_EQ(p.got, 20000);
    fprintf(stderr, "    (paper out: %s)\n", err);

    p = (TcpPeer){.mode = PEER_PRINT, .status = STATUS_COVER_OPEN};
    CHECK_INT_EQ(send_to_peer(&p, 0, 20000, 3000, err, sizeof err), K_ERR_IO);
    CHECK(strstr(err, "cover open") != NULL);
    CHECK(strstr(err, "out of paper") == NULL);

    /* Paper near its end still prints. */
    p = (TcpPeer){.mode = PEER_PRINT, .status = STATUS_NEAR_END};
    rc = send_to_peer(&p, 0, 20000, 3000, err, sizeof err);
    if (rc != K_OK)
        fprintf(stderr, "    %s\n", err);
    CHECK_INT_EQ(rc, K_OK);

    /* Takes every byte and never answers: not confirmed, at the deadline,
     * and never "printed". */
    p = (TcpPeer){.mode = PEER_SILENT};
    double t0 = now_s();
    rc = send_to_peer(&p, 0, 20000, 400, err, sizeof err);
    double took = now_s() - t0;
    CHECK_INT_EQ(rc, K_ERR_UNCONFIRMED);
    CHECK(strstr(err, "not confirmed") != NULL);
    CHECK(strstr(err, "within 400 ms") != NULL);
    CHECK_INT_EQ(p.got, 20000);
    CHECK_INT_EQ(p.asked, 4);
    CHECK(took >= 0.3 && took < 5.0);
    fprintf(stderr, "    (silent: %s)\n", err);

    /* Closes half way through a large job: a failure, not "not confirmed". */
    p = (TcpPeer){.mode = PEER_CLOSE_MID, .close_after = 1000};
    rc = send_to_peer(&p, 4096, 4 << 20, 3000, err, sizeof err);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(strstr(err, "not confirmed") == NULL);
    fprintf(stderr, "    (closed mid-job: %s)\n", err);

    /* Takes the whole job and closes without a word. */
    p = (TcpPeer){.mode = PEER_CLOSE_MID, .close_after = 2000};
    rc = send_to_peer(&p, 0, 2000, 3000, err, sizeof err);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(strstr(err, "not confirmed") == NULL);
    fprintf(stderr, "    (closed after the job: %s)\n", err);
}

/* ---- cups: whatever this machine has, a made-up queue fails ---- */

static void test_cups(void)
{
    PrinterUri u = parse_ok("cups:kiosk_test_no_such_queue");
    uint8_t small[16] = {0x1B, 0x40};
    char err[256];
    double t0 = now_s();
    KResult rc = printer_send(&u, small, sizeof small, 2000, err, sizeof err);
    CHECK_INT_EQ(rc, K_ERR_IO);
    CHECK(now_s() - t0 < 10.0);
    CHECK(strncmp(err, "cups:kiosk_test_no_such_queue: ", 31) == 0);
    fprintf(stderr, "    (cups said: %s)\n", err);
}

/* ---- the queue ---- */

static bool wait_readable(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void test_queue(void)
{
    PrintQueue *q = NULL;
    CHECK_INT_EQ(print_queue_create(&q), K_OK);
    if (!q)
        return;
    int fd = print_queue_fd(q);
    CHECK(fd >= 0);
    CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    PrintResult r;
    CHECK(!print_queue_poll(q, &r));

    char uri[160], path[128];
    snprintf(path, sizeof path, "%s/queued.bin", tmpdir);
    snprintf(uri, sizeof uri, "file:%s", path);
    PrinterUri u = parse_ok(uri);
    double t0 = now_s();
    CHECK(print_queue_submit(q, &u, make_job(5000), 5000, 3000, 42));
    CHECK(now_s() - t0 < 0.1);
    CHECK(wait_readable(fd, 5000));
    CHECK(print_queue_poll(q, &r));
    CHECK_INT_EQ(r.job, 42);
    CHECK_INT_EQ(r.rc, K_OK);
    CHECK_INT_EQ(r.bytes, 5000);
    CHECK(r.ms >= 0);
    CHECK(!print_queue_poll(q, &r));
    CHECK(!wait_readable(fd, 0));
    unlink(path);

    /* A failing job reports its message. */
    char missing[140];
    snprintf(missing, sizeof missing, "dev:%s/no-lp", tmpdir);
    u = parse_ok(missing);
    CHECK(print_queue_submit(q, &u, make_job(10), 10, 3000, 43));
    CHECK(wait_readable(fd, 5000));
    CHECK(print_queue_poll(q, &r));
    CHECK_INT_EQ(r.job, 43);
    CHECK_INT_EQ(r.rc, K_ERR_IO);
    CHECK(strstr(r.message, "no such printer device") != NULL);

    /* One job stuck on a printer that never reads, then fill the ring: the
     * queue refuses (and frees what it refuses) without blocking. */
    int stop[2], ready[2];
    CHECK_INT_EQ(pipe(stop), 0);
    CHECK_INT_EQ(pipe(ready), 0);
    int port = 0;
    int l = listen_loopback(AF_INET, 4096, &port);
    TcpPeer p = {.listener = l, .mode = PEER_STALL, .stop_fd = stop[0], .ready_fd = ready[1]};
    pthread_t t;
    pthread_create(&t, NULL, tcp_peer, &p);
    snprintf(uri, sizeof uri, "tcp:127.0.0.1:%d", port);
    PrinterUri stuck = parse_ok(uri);
    CHECK(print_queue_submit(q, &stuck, make_job(8 << 20), 8 << 20, 800, 100));
    CHECK(wait_readable(ready[0], 5000)); /* the worker is inside that send now */
    int accepted = 0;
    t0 = now_s();
    while (accepted < 20 &&
           print_queue_submit(q, &stuck, make_job(1000), 1000, 800, 101 + accepted))
        accepted++;
    CHECK(now_s() - t0 < 0.1);
    CHECK_INT_EQ(accepted, 8);
    CHECK(!print_queue_submit(q, &stuck, make_job(1000), 1000, 800, 999));
    CHECK(!print_queue_submit(q, &stuck, NULL, 0, 800, 999));

    /* Destroy while the job is stuck: returns once its timeout passes. */
    t0 = now_s();
    print_queue_destroy(q);
    CHECK(now_s() - t0 < 5.0);
    CHECK(write(stop[1], "x", 1) == 1);
    pthread_join(t, NULL);
    close(l);
    close(stop[0]);
    close(stop[1]);
    close(ready[0]);
    close(ready[1]);

    print_queue_destroy(NULL);
    CHECK_INT_EQ(print_queue_fd(NULL), -1);
    CHECK(!print_queue_submit(NULL, &u, make_job(10), 10, 100, 1));
}

/* Results pile up unread: the oldest go, the newest stay, and the fd
 * holds one byte per result there is. */
static void test_queue_unread(void)
{
    PrintQueue *q = NULL;
    CHECK_INT_EQ(print_queue_create(&q), K_OK);
    if (!q)
        return;
    char uri[140];
    snprintf(uri, sizeof uri, "dev:%s/no-lp", tmpdir);
    PrinterUri u = parse_ok(uri);
    int submitted = 0;
    double give_up = now_s() + 10;
    struct timespec nap = {0, 1000000L};
    while (submitted < 40 && now_s() < give_up) {
        if (print_queue_submit(q, &u, make_job(10), 10, 1000, submitted))
            submitted++;
        else
            nanosleep(&nap, NULL);
    }
    CHECK_INT_EQ(submitted, 40);
    /* Each of these jobs fails at open(2); give the worker time to finish
     * them all before reading any result. */
    PrintResult r;
    int64_t first = -1, last = -1;
    int seen = 0;
    give_up = now_s() + 10;
    while (last != 39 && now_s() < give_up) {
        struct timespec wait = {0, 200 * 1000000L};
        nanosleep(&wait, NULL);
        while (print_queue_poll(q, &r)) {
            if (first < 0)
                first = r.job;
            last = r.job;
            seen++;
        }
    }
    CHECK_INT_EQ(last, 39);
    CHECK(first >= 0 && first <= 24); /* at most 16 kept */
    CHECK(seen >= 16 && seen <= 40);
    CHECK(!wait_readable(print_queue_fd(q), 0));
    print_queue_destroy(q);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_printer-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_parse();
    test_file();
    test_dev();
    test_tcp();
    test_tcp_status();
    test_cups();
    test_queue();
    test_queue_unread();
    rmdir(tmpdir);
    return CHECK_DONE();
}
