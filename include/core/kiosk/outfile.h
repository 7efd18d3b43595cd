/* outfile.h - every file the kiosk writes for a person (exports, reports,
 * ticket images, screenshots, dumps, backups, the key) goes through here.
 *
 * A mistyped output path must not destroy the station: the database, its
 * -wal, -shm and -journal, and its .key are refused, and so is anything
 * that exists and is not a regular file (a device node, a FIFO, a folder,
 * a symbolic link to one).  Files are compared by identity (device and
 * inode) when they exist and by their real path (symbolic links resolved)
 * when they do not yet, as a WAL of a closed database.  Output is written
 * to a temporary file beside its final name (mode 0600 whatever the umask)
 * and renamed into place after an fsync, so a half-written file never
 * appears under the requested name.
 *
 * Which files are the station's is a fact about the process, registered
 * once when the database is chosen (outfile_protect_db): one process is one
 * station, and passing it down to every writer (libpng, the report, the
 * screenshots) would thread a parameter through layers that have no other
 * reason to know the database. */
#ifndef KIOSK_OUTFILE_H
#define KIOSK_OUTFILE_H

#include <stdio.h>

#include "kiosk/result.h"

#define OUTFILE_PATH_MAX 4096

/* The real path of path: symbolic links resolved, relative made absolute.
 * A file that does not exist yet resolves through its folder (whose own
 * path must resolve).  K_ERR_NOT_FOUND when the folder does not exist,
 * K_ERR_INVALID when the result does not fit in cap. */
KResult outfile_real_path(const char *path, char *out, size_t cap);

/* The key file beside a database: db (already real) + ".key". */
KResult outfile_key_path(const char *db, char *out, size_t cap);

/* The site's Ed25519 key file (issue 19) beside the HMAC key file
 * key_path: "<db>.key" gives "<db>.sign.key" (32 bytes, the seed, 0600). */
KResult outfile_sign_key_path(const char *key_path, char *out, size_t cap);

/* Registers db (resolved here) and its -wal, -shm, -journal and .key as
 * the station's files: every later outfile_check in this process refuses
 * them.  Calling it again replaces the registration. */
KResult outfile_protect_db(const char *db);

/* K_ERR_REFUSED (the reason in err) when path is one of the station's
 * files, K_OK otherwise: for a file that is appended to (the event log),
 * where a device such as /dev/null is fine. */
KResult outfile_check_station(const char *path, char *err, size_t errcap);

/* K_OK when path may be replaced by a new regular file: it does not exist,
 * or it is a regular file that is none of the station's.  Otherwise
 * K_ERR_REFUSED with the reason in err. */
KResult outfile_check(const char *path, char *err, size_t errcap);

/* Creates a new empty file PATH.tmp-XXXXXX beside path, mode 0600 whatever
 * the umask, its name in tmp; returns its descriptor, or -1 (errno set,
 * tmp ""). */
int outfile_temp(const char *path, char *tmp, size_t cap);

/* A file being written: created by outfile_open, then either committed or
 * aborted (exactly one of the two).  f is the stream to write to. */
typedef struct {
    char path[OUTFILE_PATH_MAX];
    char tmp[OUTFILE_PATH_MAX];
    FILE *f;
} OutFile;

/* Checks path (outfile_check) and opens a temporary file beside it, mode
 * 0600.  K_ERR_REFUSED (a protected or non-regular path), K_ERR_IO. */
KResult outfile_open(OutFile *o, const char *path, char *err, size_t errcap);

/* Like outfile_open, except that an existing FIFO is written into (opened
 * for writing, never replaced): a script's dump to a FIFO is how tests wait
 * for the kiosk to reach a step.  Commit then only closes it. */
KResult outfile_open_or_fifo(OutFile *o, const char *path, char *err, size_t errcap);

/* Flushes, fsyncs and closes the temporary file, renames it over path and
 * fsyncs the folder.  On failure the temporary file is removed and path is
 * left as it was. */
KResult outfile_commit(OutFile *o, char *err, size_t errcap);

/* Closes and removes the temporary file; path is left as it was. */
void outfile_abort(OutFile *o);

/* Gives the finished file tmp the name path without ever replacing what
 * is there: K_ERR_EXISTS (tmp stays) when path exists, K_ERR_IO otherwise.
 * Uses renameat2(RENAME_NOREPLACE), or link(2) where that is missing. */
KResult outfile_place_new(const char *tmp, const char *path);

/* Makes the folder dir (mode 0700) unless it exists; an existing dir must
 * be a folder.  K_ERR_REFUSED, K_ERR_IO, with the reason in err. */
KResult outfile_mkdir(const char *dir, char *err, size_t errcap);

/* fsyncs the folder holding path, so a new name survives a power cut (best
 * effort: some file systems cannot sync a folder). */
void outfile_sync_dir(const char *path);

#endif
