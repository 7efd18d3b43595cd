/* eventlog.c - appends JSON lines to the --events file. */
#include "kiosk/eventlog.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/outfile.h"

struct EventLog {
    FILE *f;
    bool failed;
};

bool eventlog_failed(const EventLog *log)
{
    return log && log->failed;
}

KResult eventlog_open(const char *path, EventLog **out)
{
    *out = NULL;
    EventLog *log = calloc(1, sizeof *log);
    if (!log)
        return K_ERR_NOMEM;
    if (path) {
        /* Appended to, never replaced, so a device (/dev/null) will do; but
         * never the database or its key, and a new file is 0600: it names
         * what residents asked for. */
        char why[8];
        if (outfile_check_station(path, why, sizeof why) != K_OK) {
            free(log);
            return K_ERR_REFUSED;
        }
        int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
        log->f = fd >= 0 ? fdopen(fd, "a") : NULL;
        if (!log->f) {
            if (fd >= 0)
                close(fd);
            free(log);
            return K_ERR_IO;
        }
    }
    *out = log;
    return K_OK;
}

void eventlog_close(EventLog *log)
{
    if (!log)
        return;
    if (log->f)
        fclose(log->f);
    free(log);
}

void eventlog_iso8601(int64_t at_ms, char *out, size_t cap)
{
    time_t secs = (time_t)(at_ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02ld:%02ld", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(at_ms % 1000), sign,
             off / 3600, (off % 3600) / 60);
}

void eventlog_emit(EventLog *log, int64_t at_ms, const char *name, const char *fields)
{
    if (!log || !log->f)
        return;
    char at[40];
    eventlog_iso8601(at_ms, at, sizeof at);
    /* One fprintf per line and a flush: lines arrive whole. */
    int n = fprintf(log->f, "{\"event\":\"%s\",\"at\":\"%s\"%s%s}\n", name, at,
                    fields && *fields ? "," : "", fields ? fields : "");
    if (n < 0 || fflush(log->f) != 0)
        log->failed = true;
}
