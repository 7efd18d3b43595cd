/* printer.h - where print jobs go, and sending them without blocking the UI.
 *
 * Printer URIs (the [printer] uri key):
 *   file:PATH        write the job's bytes to a file (tests, spooling);
 *                    refuses a PATH that exists and is not a regular file
 *   dev:PATH         a printer device such as /dev/usb/lp0 (or a FIFO)
 *   tcp:HOST:PORT    a network printer's raw port, usually 9100; printed
 *                    only once the printer reports its status (DLE EOT)
 *   cups:QUEUE       a CUPS queue, sent raw through libcups; printed only
 *                    once CUPS reports the job completed
 * A send never takes longer than its timeout: devices and sockets are
 * non-blocking and waited on with poll(2).  The print queue runs sends on a
 * worker thread, so the screen never waits for a printer. */
#ifndef KIOSK_PRINTER_H
#define KIOSK_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/lazylib.h"
#include "kiosk/result.h"

typedef enum { PRINTER_FILE, PRINTER_DEV, PRINTER_TCP, PRINTER_CUPS } PrinterKind;

typedef struct {
    PrinterKind kind;
    char target[512]; /* path, host or queue */
    int port;         /* tcp only */
} PrinterUri;

/* Parses uri; on failure err says what is wrong with it. */
KResult printer_parse_uri(const char *uri, PrinterUri *out, char *err, size_t errcap);

/* Sends len bytes, waiting at most timeout_ms in all (cups: may take up to
 * a second more to cancel a late job).  K_OK only when the printer or
 * CUPS confirmed the job as its backend's file header says (app/platform/
 * printer_file.c, _dev.c, _tcp.c, _cups.c); K_ERR_IO with a plain
 * message in err (no such device, connection refused, timed out, out of
 * paper, what CUPS says, ...) when it did not print; K_ERR_UNCONFIRMED
 * when a tcp: printer took the job but never said how it went. */
KResult printer_send(const PrinterUri *u, const uint8_t *data, size_t len, int timeout_ms,
                     char *err, size_t errcap);

/* libcups, which the first cups: send loads (lazylib.h); without it a
 * cups: send fails (K_ERR_IO) saying which package is missing. */
extern LazyLib lazy_libcups;

/* The result of one queued job. */
typedef struct {
    int64_t job; /* what the caller passed in (a ticket id) */
    KResult rc;
    char message[256];
    double ms; /* time the send took */
    size_t bytes;
} PrintResult;

typedef struct PrintQueue PrintQueue;

KResult print_queue_create(PrintQueue **out);

/* Stops the worker; a send in progress ends at its timeout.  NULL is fine. */
void print_queue_destroy(PrintQueue *q);

/* Queues a job and returns at once; the queue takes data (malloc'd) and
 * frees it.  Returns false (and frees data) when the queue is full. */
bool print_queue_submit(PrintQueue *q, const PrinterUri *u, uint8_t *data, size_t len,
                        int timeout_ms, int64_t job);

/* Takes one finished job's result without waiting; false when none. */
bool print_queue_poll(PrintQueue *q, PrintResult *out);

/* A file descriptor that becomes readable when a result is ready, for the
 * event loop to wait on (the kiosk polls it with its own timers). */
int print_queue_fd(const PrintQueue *q);

#endif
