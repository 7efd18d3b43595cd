/* app_backup.c - the kiosk's scheduled jobs, run while it stands idle at
 * home: online backups (when the last is older than [backup] every_hours,
 * a checked copy goes into [backup] folder, a USB stick's mount point say,
 * as kiosk-YYYYMMDD-HHMMSS.db, and only the newest `keep` are kept), and
 * once a day the retention job ([retention] days).  A failure is logged
 * (and tried again a minute later), never shown to a resident. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/app.h"
#include "kiosk/app_maint.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

#define BACKUP_PREFIX "kiosk-"
#define BACKUP_MAX_FILES 512

static int cmp_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* A backup's file while it is written: the name plus this (store.h). */
#define PARTIAL_SUFFIX ".db.partial"

/* Whether name ends with suffix. */
static bool ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n >= m && strcmp(name + n - m, suffix) == 0;
}

/* Removes the oldest backups beyond keep (names sort by time), and the
 * partial files of backups that were killed (a power cut during the copy):
 * their names are never tried again, so nothing else would remove them. */
static void prune(App *a)
{
    DIR *d = opendir(a->cfg.backup_folder);
    if (!d)
        return;
    char *names[BACKUP_MAX_FILES] = {NULL};
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < BACKUP_MAX_FILES) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) == 0 &&
            ends_with(e->d_name, PARTIAL_SUFFIX)) {
            char path[800];
            snprintf(path, sizeof path, "%s/%s", a->cfg.backup_folder, e->d_name);
            store_backup_clear_stale(path);
            continue;
        }
        if (strncmp(e->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) == 0 && len > 3 &&
            strcmp(e->d_name + len - 3, ".db") == 0) {
            names[n] = strdup(e->d_name);
            if (names[n])
                n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_name);
    for (int i = 0; i < n; i++) {
        if (i < n - a->cfg.backup_keep) {
            char path[800];
            snprintf(path, sizeof path, "%s/%s", a->cfg.backup_folder, names[i]);
            if (unlink(path) == 0) {
                char q[900], fields[960];
                text_json_quote(q, sizeof q, path);
                snprintf(fields, sizeof fields, "\"path\":%s", q);
                app_event(a, "backup_removed", fields);
            }
        }
        free(names[i]);
    }
}

void app_backup_if_due(App *a)
{
    a->maint.backup_checked_ms = app_mono_ms(a);
    if (a->maint.broken || !a->store || !a->cfg.backup_folder[0] || a->cfg.backup_keep < 1)
        return;
    /* Only while nobody is using the kiosk. */
    if (a->depth > 1 || a->session.draft_touched || a->staff.mode || a->finger_down)
        return;
    int64_t now = app_now_ms(a) / 1000, last = 0;
    int every = a->cfg.backup_every_hours > 0 ? a->cfg.backup_every_hours : 24;
    if (store_last_backup(a->store, &last, NULL, 0) == K_OK && now - last < (int64_t)every * 3600)
        return;
    time_t t = (time_t)now;
    struct tm tm = {0};
    char stamp[32] = "0", path[800];
    if (localtime_r(&t, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(path, sizeof path, "%s/" BACKUP_PREFIX "%s.db", a->cfg.backup_folder, stamp);
    int64_t bytes = 0;
    KResult rc = store_backup(a->store, path, now, "kiosk", &bytes);
    if (rc != K_OK) {
        app_store_error(a, "backup", rc);
        return;
    }
    char q[900], fields[960];
    text_json_quote(q, sizeof q, path);
    snprintf(fields, sizeof fields, "\"path\":%s,\"bytes\":%lld", q, (long long)bytes);
    app_event(a, "backup_done", fields);
    prune(a);
}

static int last_purge_fn(const StoreEvent *e, void *user)
{
    if (strcmp(e->kind, "personal_data_erased") == 0 || strcmp(e->kind, "retention_run") == 0)
        *(int64_t *)user = e->at;
    return 0;
}

void app_purge_if_due(App *a)
{
    if (a->maint.broken || !a->store || a->cfg.retention_days <= 0)
        return;
    if (a->depth > 1 || a->session.draft_touched || a->staff.mode || a->finger_down)
        return;
    int64_t now = app_now_ms(a) / 1000, last = 0;
    if (store_list_events(a->store, "retention", 0, last_purge_fn, &last) != K_OK ||
        (last != 0 && now - last < 86400))
        return;
    int nr = 0, nb = 0;
    KResult rc = store_purge(a->store, now - (int64_t)a->cfg.retention_days * 86400, false, now,
                             "kiosk", NULL, NULL, &nr, &nb);
    if (rc != K_OK) {
        app_store_error(a, "retention", rc);
        return;
    }
    /* A run that erased nothing is logged too, so it counts as the day's. */
    if (nr == 0 && nb == 0) {
        rc = store_log_event(a->store, now, "kiosk", "retention_run", "retention", 0, NULL);
        if (rc != K_OK) /* the run is done; only its mark is lost, so say so */
            app_store_error(a, "retention", rc);
    }
    char fields[96];
    snprintf(fields, sizeof fields, "\"requests\":%d,\"bookings\":%d", nr, nb);
    app_event(a, "retention_run", fields);
}
