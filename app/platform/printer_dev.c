/* printer_dev.c - the dev: backend: a printer device such as /dev/usb/lp0
 * (or a FIFO standing in for one).
 *
 * Printed (K_OK) means the device took every byte: a USB printer gives no
 * status back, so that is as far as we can see.  The device is opened
 * non-blocking and waited on with poll(2) when its buffer is full, so a
 * printer out of paper ends in "timed out" at the deadline.  A reader that
 * goes away gives EPIPE, not a dead kiosk: printer_send_job holds SIGPIPE
 * around the send. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "printer_int.h"

static KResult write_polled(PrintSend *s, int fd, const uint8_t *data, size_t len)
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
            return printer_fail(s, "printer disconnected during the job");
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return printer_errno(s, NULL, errno);
        /* EAGAIN (or a write of 0): the printer's buffer is full. */
        if (hung_up)
            return printer_fail(s, "printer disconnected during the job");
        int ev = printer_wait_fd(fd, POLLOUT, s->deadline);
        if (ev == 0)
            return printer_timeout(s);
        if (ev < 0)
            return printer_errno(s, "poll", errno);
        /* An error or hang-up without POLLOUT: one more write reports the
         * errno; if it still says EAGAIN the device is gone. */
        hung_up = (ev & POLLOUT) == 0;
    }
    return K_OK;
}

KResult printer_send_dev(PrintSend *s, const uint8_t *data, size_t len)
{
    int fd = open(s->u->target, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return printer_fail(s, "no such printer device");
        if (e == ENXIO || e == ENODEV)
            return printer_fail(s, "printer not connected");
        if (e == EACCES || e == EPERM)
            return printer_fail(s, "permission denied (is the kiosk user in the lp group?)");
        return printer_errno(s, "cannot open", e);
    }
    KResult rc = write_polled(s, fd, data, len);
    close(fd);
    return rc;
}
