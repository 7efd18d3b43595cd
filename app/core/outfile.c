/* outfile.c - output files that cannot destroy the station (see outfile.h).
 *
 * A path is refused when it names one of the station's files in either of
 * two ways: the file it reaches (through symbolic links) is one of them by
 * device and inode, or the real path it resolves to, or the directory entry
 * a rename would replace, is one of their real paths by name (the only way
 * to recognise a WAL that does not exist right now).  Existing things that
 * are not regular files are refused outright: rename(2) would replace a
 * device node or a FIFO, and a symbolic link to one is written through by
 * everything that opens it. */
#define _GNU_SOURCE /* renameat2, mkostemp */
#include "kiosk/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/text.h"

/* The station's files, by real path, with what to call each in a refusal. */
enum { PROT_DB, PROT_WAL, PROT_SHM, PROT_JOURNAL, PROT_KEY, PROT_SIGN, PROT_COUNT };
static const char *const prot_suffix[PROT_COUNT] = {"",         "-wal", "-shm",
                                                    "-journal", ".key", ".sign.key"};
static const char *const prot_what[PROT_COUNT] = {"the station's database",
                                                  "the database's write-ahead log",
                                                  "the database's shared memory file",
                                                  "the database's rollback journal",
                                                  "the ticket signing key",
                                                  "the site's Ed25519 ticket key"};
static char prot_path[PROT_COUNT][OUTFILE_PATH_MAX];
static bool prot_set;

/* Splits path into its folder ("." when none) and its last name. */
static bool split(const char *path, char *dir, size_t dircap, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *base = path;
        return text_copy(dir, dircap, ".");
    }
    *base = slash + 1;
    size_t len = slash == path ? 1 : (size_t)(slash - path);
    if (len >= dircap)
        return false;
    memcpy(dir, path, len);
    dir[len] = '\0';
    return true;
}

/* The real path of the folder of path, joined with its last name: the
 * directory entry that a rename to path would replace. */
static KResult entry_path(const char *path, char *out, size_t cap)
{
    char dir[OUTFILE_PATH_MAX], real[PATH_MAX];
    const char *base;
    if (!split(path, dir, sizeof dir, &base))
        return K_ERR_INVALID;
    if (!realpath(dir, real))
        return errno == ENOENT || errno == ENOTDIR ? K_ERR_NOT_FOUND : K_ERR_IO;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return K_ERR_INVALID; /* a folder, not a file name */
    int n = snprintf(out, cap, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
    return n < 0 || (size_t)n >= cap ? K_ERR_INVALID : K_OK;
}

KResult outfile_real_path(const char *path, char *out, size_t cap)
{
    char cur[OUTFILE_PATH_MAX], real[PATH_MAX];
    if (!text_copy(cur, sizeof cur, path) || !cur[0])
        return K_ERR_INVALID;
    /* A dangling symbolic link (a database not created yet, reached through
     * a link) resolves to its target's place; a few hops at most. */
    for (int hop = 0; hop < 8; hop++) {
        if (realpath(cur, real))
            return text_copy(out, cap, real) ? K_OK : K_ERR_INVALID;
        if (errno != ENOENT)
            return K_ERR_IO;
        char link[OUTFILE_PATH_MAX];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0)
            return entry_path(cur, out, cap);
        link[n] = '\0';
        if (link[0] != '/') {
            char dir[OUTFILE_PATH_MAX], next[OUTFILE_PATH_MAX];
            const char *base;
            if (!split(cur, dir, sizeof dir, &base))
                return K_ERR_INVALID;
            int m = snprintf(next, sizeof next, "%s/%s", dir, link);
            if (m < 0 || (size_t)m >= sizeof next)
                return K_ERR_INVALID;
            memcpy(cur, next, sizeof cur);
        } else {
            memcpy(cur, link, (size_t)n + 1);
        }
    }
    return K_ERR_INVALID; /* a loop of links */
}

KResult outfile_key_path(const char *db, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s.key", db);
    return n < 0 || (size_t)n >= cap ? K_ERR_INVALID : K_OK;
}

KResult outfile_sign_key_path(const char *key_path, char *out, size_t cap)
{
    size_t len = strlen(key_path);
    if (len >= 4 && strcmp(key_path + len - 4, ".key") == 0)
        len -= 4;
    int n = snprintf(out, cap, "%.*s.sign.key", (int)len, key_path);
    return n < 0 || (size_t)n >= cap ? K_ERR_INVALID : K_OK;
}

KResult outfile_protect_db(const char *db)
{
    char real[OUTFILE_PATH_MAX];
    prot_set = false;
    KResult r = outfile_real_path(db, real, sizeof real);
    if (r != K_OK)
        return r;
    for (int i = 0; i < PROT_COUNT; i++) {
        int n = snprintf(prot_path[i], sizeof prot_path[i], "%s%s", real, prot_suffix[i]);
        if (n < 0 || (size_t)n >= sizeof prot_path[i])
            return K_ERR_INVALID;
    }
    prot_set = true;
    return K_OK;
}

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

KResult outfile_check_station(const char *path, char *err, size_t errcap)
{
    struct stat st;
    if (!path || !path[0]) {
        snprintf(err, errcap, "no output file given");
        return K_ERR_REFUSED;
    }
    if (!prot_set)
        return K_OK;
    bool exists = stat(path, &st) == 0;
    char real[OUTFILE_PATH_MAX] = "", entry[OUTFILE_PATH_MAX] = "";
    (void)outfile_real_path(path, real, sizeof real);
    (void)entry_path(path, entry, sizeof entry);
    for (int i = 0; i < PROT_COUNT; i++) {
        struct stat pst;
        bool same = strcmp(real, prot_path[i]) == 0 || strcmp(entry, prot_path[i]) == 0 ||
                    (exists && stat(prot_path[i], &pst) == 0 && pst.st_dev == st.st_dev &&
                     pst.st_ino == st.st_ino);
        if (same) {
            snprintf(err, errcap, "refusing to write %s: it is %s (%s)", path, prot_what[i],
                     prot_path[i]);
            return K_ERR_REFUSED;
        }
    }
    return K_OK;
}

KResult outfile_check(const char *path, char *err, size_t errcap)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errcap, "refusing to write %s: it is %s, not a regular file", path,
                 kind_of(st.st_mode));
        return K_ERR_REFUSED;
    }
    return outfile_check_station(path, err, errcap);
}

int outfile_temp(const char *path, char *tmp, size_t cap)
{
    if ((size_t)snprintf(tmp, cap, "%s.tmp-XXXXXX", path) >= cap) {
        tmp[0] = '\0';
        errno = ENAMETOOLONG;
        return -1;
    }
    /* mkostemp creates the file 0600, whatever the umask. */
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0)
        tmp[0] = '\0';
    return fd;
}

KResult outfile_open(OutFile *o, const char *path, char *err, size_t errcap)
{
    o->f = NULL;
    o->tmp[0] = '\0';
    KResult r = outfile_check(path, err, errcap);
    if (r != K_OK)
        return r;
    if (!text_copy(o->path, sizeof o->path, path)) {
        snprintf(err, errcap, "the path %s is too long", path);
        return K_ERR_INVALID;
    }
    int fd = outfile_temp(path, o->tmp, sizeof o->tmp);
    if (fd < 0) {
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        return K_ERR_IO;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        o->tmp[0] = '\0';
        return K_ERR_IO;
    }
    return K_OK;
}

KResult outfile_open_or_fifo(OutFile *o, const char *path, char *err, size_t errcap)
{
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISFIFO(st.st_mode))
        return outfile_open(o, path, err, errcap);
    o->f = NULL;
    o->tmp[0] = '\0';
    KResult r = outfile_check_station(path, err, errcap);
    if (r != K_OK)
        return r;
    if (!text_copy(o->path, sizeof o->path, path)) {
        snprintf(err, errcap, "the path %s is too long", path);
        return K_ERR_INVALID;
    }
    /* Written into, not replaced: the reader at the other end is waiting. */
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode))) {
        close(fd); /* changed under us: refuse rather than write into it */
        fd = -1;
        errno = EINVAL;
    }
    o->f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!o->f) {
        snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return K_ERR_IO;
    }
    return K_OK;
}

void outfile_abort(OutFile *o)
{
    if (o->f)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp[0])
        unlink(o->tmp);
    o->tmp[0] = '\0';
}

KResult outfile_commit(OutFile *o, char *err, size_t errcap)
{
    int e = 0;
    if (!o->f) {
        snprintf(err, errcap, "cannot write %s: not open", o->path);
        return K_ERR_IO;
    }
    if (fflush(o->f) != 0 || ferror(o->f) || (o->tmp[0] && fsync(fileno(o->f)) != 0))
        e = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !e)
        e = errno;
    o->f = NULL;
    if (e) {
        snprintf(err, errcap, "cannot write %s: %s", o->path, strerror(e));
        outfile_abort(o);
        return K_ERR_IO;
    }
    if (!o->tmp[0])
        return K_OK; /* a FIFO, written into */
    /* Once more at the last moment: the path may have changed meanwhile. */
    KResult r = outfile_check(o->path, err, errcap);
    if (r != K_OK) {
        outfile_abort(o);
        return r;
    }
    if (rename(o->tmp, o->path) != 0) {
        snprintf(err, errcap, "cannot write %s: %s", o->path, strerror(errno));
        outfile_abort(o);
        return K_ERR_IO;
    }
    o->tmp[0] = '\0';
    outfile_sync_dir(o->path);
    return K_OK;
}

KResult outfile_place_new(const char *tmp, const char *path)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0) {
        outfile_sync_dir(path);
        return K_OK;
    }
    if (errno == EEXIST)
        return K_ERR_EXISTS;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return K_ERR_IO;
    /* No RENAME_NOREPLACE here: link(2) fails with EEXIST just as well. */
    if (link(tmp, path) != 0)
        return errno == EEXIST ? K_ERR_EXISTS : K_ERR_IO;
    unlink(tmp);
    outfile_sync_dir(path);
    return K_OK;
}

KResult outfile_mkdir(const char *dir, char *err, size_t errcap)
{
    struct stat st;
    if (mkdir(dir, 0700) == 0) {
        outfile_sync_dir(dir);
        return K_OK;
    }
    if (errno != EEXIST) {
        snprintf(err, errcap, "cannot make the folder %s: %s", dir, strerror(errno));
        return K_ERR_IO;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errcap, "refusing to use %s as a folder: it is %s", dir,
                 stat(dir, &st) == 0 ? kind_of(st.st_mode) : "a broken symbolic link");
        return K_ERR_REFUSED;
    }
    return K_OK;
}

void outfile_sync_dir(const char *path)
{
    char dir[OUTFILE_PATH_MAX];
    const char *base;
    if (!split(path, dir, sizeof dir, &base))
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)fsync(fd);
    close(fd);
}
