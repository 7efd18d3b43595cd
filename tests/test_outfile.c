/* test_outfile.c - unit tests for app/core/outfile.c: which paths are
 * refused (the station's files by any name, things that are not regular
 * files), the temporary file and its rename, and placing a file without
 * replacing one. */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/outfile.h"

static char dir[] = "/tmp/kiosk-outfile-XXXXXX";

static const char *at(const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static int read_back(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(out, 1, cap - 1, f);
    out[n] = '\0';
    fclose(f);
    return (int)n;
}

static void test_refused(void)
{
    char err[512];
    /* Registered before the database exists, as the kiosk does. */
    CHECK_INT_EQ(outfile_protect_db(at("k.db")), K_OK);
    CHECK_INT_EQ(outfile_check(at("k.db"), err, sizeof err), K_ERR_REFUSED);
    CHECK(strstr(err, "database") != NULL);
    CHECK_INT_EQ(outfile_check(at("k.db-wal"), err, sizeof err), K_ERR_REFUSED);
    CHECK_INT_EQ(outfile_check(at("k.db-shm"), err, sizeof err), K_ERR_REFUSED);
    CHECK_INT_EQ(outfile_check(at("k.db-journal"), err, sizeof err), K_ERR_REFUSED);
    CHECK_INT_EQ(outfile_check(at("k.db.key"), err, sizeof err), K_ERR_REFUSED);
    CHECK(strstr(err, "key") != NULL);
    CHECK_INT_EQ(outfile_check(at("x.csv"), err, sizeof err), K_OK);
    /* Once they exist: a hard link and a symbolic link are the same file. */
    put(at("k.db"), "db");
    put(at("k.db.key"), "key");
    CHECK(link(at("k.db.key"), at("hard.png")) == 0);
    CHECK_INT_EQ(outfile_check(at("hard.png"), err, sizeof err), K_ERR_REFUSED);
    CHECK(symlink(at("k.db"), at("soft.csv")) == 0);
    CHECK_INT_EQ(outfile_check(at("soft.csv"), err, sizeof err), K_ERR_REFUSED);
    CHECK(mkdir(at("sub"), 0700) == 0);
    CHECK_INT_EQ(outfile_check(at("sub/../k.db.key"), err, sizeof err), K_ERR_REFUSED);
    /* Not regular files. */
    CHECK_INT_EQ(outfile_check(at("sub"), err, sizeof err), K_ERR_REFUSED);
    CHECK(strstr(err, "folder") != NULL);
    CHECK(mkfifo(at("fifo"), 0600) == 0);
    CHECK_INT_EQ(outfile_check(at("fifo"), err, sizeof err), K_ERR_REFUSED);
    CHECK(strstr(err, "FIFO") != NULL);
    CHECK_INT_EQ(outfile_check("/dev/null", err, sizeof err), K_ERR_REFUSED);
    /* An appended file may be a device, never the station's file. */
    CHECK_INT_EQ(outfile_check_station("/dev/null", err, sizeof err), K_OK);
    CHECK_INT_EQ(outfile_check_station(at("k.db"), err, sizeof err), K_ERR_REFUSED);
    /* Refused by outfile_open too, leaving nothing behind. */
    OutFile o;
    CHECK_INT_EQ(outfile_open(&o, at("k.db-wal"), err, sizeof err), K_ERR_REFUSED);
    CHECK(access(at("k.db-wal"), F_OK) != 0);
    unlink(at("hard.png"));
    unlink(at("soft.csv"));
    unlink(at("fifo"));
}

static void test_write(void)
{
    char err[512], text[64];
    struct stat st;
    OutFile o;
    mode_t old = umask(022);
    put(at("out.csv"), "old");
    CHECK(chmod(at("out.csv"), 0644) == 0);
    CHECK_INT_EQ(outfile_open(&o, at("out.csv"), err, sizeof err), K_OK);
    fputs("new", o.f);
    /* Until committed, the old file is what is there. */
    CHECK(read_back(at("out.csv"), text, sizeof text) == 3 && strcmp(text, "old") == 0);
    CHECK_INT_EQ(outfile_commit(&o, err, sizeof err), K_OK);
    CHECK(read_back(at("out.csv"), text, sizeof text) == 3 && strcmp(text, "new") == 0);
    CHECK(stat(at("out.csv"), &st) == 0 && (st.st_mode & 0777) == 0600);
    /* Aborted: the file stays as it was and no temporary file is left. */
    CHECK_INT_EQ(outfile_open(&o, at("out.csv"), err, sizeof err), K_OK);
    fputs("half", o.f);
    char tmp[sizeof o.tmp];
    memcpy(tmp, o.tmp, sizeof tmp);
    outfile_abort(&o);
    CHECK(access(tmp, F_OK) != 0);
    CHECK(read_back(at("out.csv"), text, sizeof text) == 3 && strcmp(text, "new") == 0);
    /* A folder, 0700 under umask 022; an existing file is not one. */
    CHECK_INT_EQ(outfile_mkdir(at("rep"), err, sizeof err), K_OK);
    CHECK(stat(at("rep"), &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK_INT_EQ(outfile_mkdir(at("rep"), err, sizeof err), K_OK);
    CHECK_INT_EQ(outfile_mkdir(at("out.csv"), err, sizeof err), K_ERR_REFUSED);
    rmdir(at("rep"));
    unlink(at("out.csv"));
    umask(old);
}

static void test_place_new(void)
{
    char text[64], tmp[256];
    put(at("there"), "first");
    int fd = outfile_temp(at("there"), tmp, sizeof tmp);
    CHECK(fd >= 0);
    CHECK(write(fd, "second", 6) == 6);
    close(fd);
    CHECK_INT_EQ(outfile_place_new(tmp, at("there")), K_ERR_EXISTS);
    CHECK(read_back(at("there"), text, sizeof text) == 5 && strcmp(text, "first") == 0);
    CHECK(access(tmp, F_OK) == 0);
    CHECK_INT_EQ(outfile_place_new(tmp, at("new")), K_OK);
    CHECK(read_back(at("new"), text, sizeof text) == 6 && strcmp(text, "second") == 0);
    CHECK(access(tmp, F_OK) != 0);
    unlink(at("there"));
    unlink(at("new"));
}

static void test_real_path(void)
{
    char real[OUTFILE_PATH_MAX], base[PATH_MAX], want[OUTFILE_PATH_MAX + 16];
    /* A link to a database not made yet resolves to where it will be. */
    CHECK(symlink(at("sub/target.db"), at("link.db")) == 0);
    CHECK_INT_EQ(outfile_real_path(at("link.db"), real, sizeof real), K_OK);
    CHECK(realpath(dir, base) != NULL);
    snprintf(want, sizeof want, "%s/sub/target.db", base);
    CHECK_STR_EQ(real, want);
    CHECK_INT_EQ(outfile_real_path(at("nowhere/x.db"), real, sizeof real), K_ERR_NOT_FOUND);
    unlink(at("link.db"));
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    test_refused();
    test_write();
    test_place_new();
    test_real_path();
    unlink(at("k.db"));
    unlink(at("k.db.key"));
    rmdir(at("sub"));
    CHECK(rmdir(dir) == 0);
    return CHECK_DONE();
}
