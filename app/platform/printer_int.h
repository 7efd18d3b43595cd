/* printer_int.h - what printer.c shares with its backends and its queue.
 *
 * Private to app/platform/printer*.c; nothing else includes it.  The shape
 * is Redis's ae.c and ae_epoll.c: printer.c parses the URI, sets the
 * deadline and calls one backend, and each backend (printer_file.c,
 * printer_dev.c, printer_tcp.c, printer_cups.c) is one function with the
 * same signature that sends a job its own way.  A new kind of printer is a
 * new file, a new PrinterKind, a line in printer_parse_uri and a case in
 * printer_send_job's switch. */
#ifndef KIOSK_PRINTER_INT_H
#define KIOSK_PRINTER_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/printer.h"

#define PRINTER_CHUNK (64 * 1024) /* bytes per write(2) to files, devices and CUPS */

/* One send in progress: where it goes, its deadline, its error buffer.
 * printer_send_job fills it; a backend reads u and deadline, writes its
 * progress to sent and its failure through printer_fail. */
typedef struct {
    const PrinterUri *u;
    char label[sizeof((PrinterUri *)0)->target + 16]; /* the uri as staff typed it */
    int64_t deadline;                                 /* CLOCK_MONOTONIC, ns */
    int timeout_ms;
    char *err;
    size_t errcap;
    size_t sent; /* bytes the printer took so far */
} PrintSend;

/* A backend: sends len bytes to s->u before s->deadline.  K_OK only when
 * the printer confirmed the job as the backend's file header says; else
 * the error is in s->err (through printer_fail and friends).  Called by
 * printer_send_job with SIGPIPE blocked in the calling thread. */
KResult printer_send_file(PrintSend *s, const uint8_t *data, size_t len);
KResult printer_send_dev(PrintSend *s, const uint8_t *data, size_t len);
KResult printer_send_tcp(PrintSend *s, const uint8_t *data, size_t len);
KResult printer_send_cups(PrintSend *s, const uint8_t *data, size_t len);

/* Sends one job through its backend within timeout_ms; *sent gets the
 * bytes the printer took (len on K_OK).  printer_send and the queue's
 * worker both come here. */
KResult printer_send_job(const PrinterUri *u, const uint8_t *data, size_t len, int timeout_ms,
                         char *err, size_t errcap, size_t *sent);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t printer_mono_ns(void);

/* Milliseconds left until deadline (rounded up), 0 once it has passed. */
int printer_ms_left(int64_t deadline);

/* Writes "LABEL: message" to s->err and returns K_ERR_IO. */
KResult printer_fail(PrintSend *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "timed out after N ms (printer off or out of paper?)", K_ERR_IO. */
KResult printer_timeout(PrintSend *s);

/* "what: plain words for errno e" (or only the words when what is NULL),
 * K_ERR_IO. */
KResult printer_errno(PrintSend *s, const char *what, int e);

/* Waits until fd is ready for events or the deadline passes.  Returns the
 * revents (> 0), 0 at the deadline, -1 with errno on a poll error. */
int printer_wait_fd(int fd, short events, int64_t deadline);

/* Starts fn on a new thread with every signal blocked, so signals meant
 * for the process (SIGINT, SIGTERM, SIGPIPE) never land on it; 0 or the
 * pthread_create error. */
int printer_start_thread(pthread_t *t, void *(*fn)(void *), void *arg, bool detached);

#endif
