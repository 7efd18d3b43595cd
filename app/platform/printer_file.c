/* printer_file.c - the file: backend: a print job written to a file (tests,
 * spooling).
 *
 * Printed (K_OK) means the bytes are on disk (fsync) under the target's
 * name.  The job is written to TARGET.tmp and renamed over the target, so a
 * reader never sees half a job; a target that is not a regular file is
 * refused, never replaced, and the station's own files (the database, its
 * key and WAL) are refused like any other output path.  A disk write
 * cannot be waited on with poll(2), so the deadline is checked between
 * chunks instead. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/outfile.h"
#include "printer_int.h"

/* Writes a whole buffer to a regular file, checking the deadline between
 * chunks (a disk write cannot be waited on with poll). */
static KResult write_regular(PrintSend *s, int fd, const uint8_t *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        size_t n = len - off < PRINTER_CHUNK ? len - off : PRINTER_CHUNK;
        ssize_t w = write(fd, data + off, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return printer_errno(s, "cannot write", w < 0 ? errno : EIO);
        off += (size_t)w;
        s->sent = off;
        if (off < len && printer_ms_left(s->deadline) == 0)
            return printer_timeout(s);
    }
    return K_OK;
}

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
        (void)fsync(fd); /* best effort: the job is already complete under its name */
        close(fd);
    }
}

KResult printer_send_file(PrintSend *s, const uint8_t *data, size_t len)
{
    /* The finished job is renamed over the target, which would replace a
     * device node (file:/dev/usb/lp0 meant as dev:), a FIFO or a link to
     * one with a plain file: refuse anything there that is not a regular
     * file.  stat follows links, so a link to a regular file is fine. */
    char why[OUTFILE_PATH_MAX + 128];
    if (outfile_check_station(s->u->target, why, sizeof why) != K_OK)
        return printer_fail(s, "%s", why);
    struct stat st;
    if (stat(s->u->target, &st) == 0 && !S_ISREG(st.st_mode))
        return printer_fail(s, "%s is there and is not a regular file; refusing to replace it%s",
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
        return printer_fail(s, "no such directory");
    if (fd < 0)
        return printer_errno(s, "cannot create the file", errno);
    KResult rc = write_regular(s, fd, data, len);
    if (rc == K_OK && fsync(fd) != 0)
        rc = printer_errno(s, "cannot write", errno);
    if (close(fd) != 0 && rc == K_OK)
        rc = printer_errno(s, "cannot write", errno);
    if (rc == K_OK && rename(tmp, s->u->target) != 0)
        rc = printer_errno(s, "cannot rename the finished job", errno);
    if (rc != K_OK) {
        unlink(tmp);
        s->sent = 0;
        return rc;
    }
    fsync_parent_dir(s->u->target);
    return K_OK;
}
