/* app_sms.c - the texts' worker (app_sms.h; docs/sms.md).
 *
 * smsd (smstools 3) takes any file of 8 bytes or more that appears in its
 * outgoing folder, temporary names included, so a text is written in a
 * staging folder on the same file system, made readable and writable by
 * smsd's group, synced, and only then given its name in the outgoing
XX  Before writing an attempt the worker looks
 * for that name in every folder smsd moves files through (outgoing,
 * checked, sent, failed): a kiosk killed between the rename and the
 * store's "handed" finds its file there on the next pass and only marks
 * it, so a text is never written, nor sent, twice. */
#include "kiosk/app_sms.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/outfile.h"
#include "kiosk/sms.h"
#include "kiosk/store.h"
#include "kiosk/store_sms.h"
#include "kiosk/text.h"

/* Texts handed per pass: each is a file fsynced, a folder fsynced and a
 * commit, about 12 ms on the test machine's ext4, so 4 keep a pass under a
 * frame or three (48 texts a minute is far more than a station sends). */
#define SMS_BATCH 4

static const SmsConfig *conf(const App *a)
{
    return &a->cfg.sms;
}

const char *app_sms_consent(const App *a)
{
    if (!sms_enabled(conf(a)) || !a->session.sms)
        return "";
    return a->lang == LANG_EN ? "en" : "zh";
}

void app_sms_setup(App *a)
{
    if (a->maint.broken)
        return;
    if (store_sms_setup(a->store, sms_enabled(conf(a)), conf(a)->remind_at) != K_OK)
        fprintf(stderr, "kiosk: texts: %s\n", store_errmsg(a->store));
}

static bool exists_in(const char *dir, const char *name)
{
    char path[SMS_PATH_MAX + SMS_NAME_MAX + 2];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return dir[0] && stat(path, &st) == 0;
}

/* Reads at most cap-1 bytes of dir/name; its length, or -1. */
static long read_small(const char *dir, const char *name, char *buf, size_t cap)
{
    char path[SMS_PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    size_t n = 0;
    while (n + 1 < cap) {
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    return (long)n;
}

/* The staging folder: [sms] outbox's parent + "/kiosk" (same file system
 * as the outgoing folder, so the rename is atomic). */
static void staging(const App *a, char *out, size_t cap)
{
    const char *o = conf(a)->outbox;
    const char *slash = strrchr(o, '/');
    int parent = slash ? (int)(slash - o) : 0;
    snprintf(out, cap, "%.*s/kiosk", parent, o);
}

/* Writes one attempt's file into smsd's outgoing folder. */
static KResult write_spool(const App *a, const char *name, const char *bytes, size_t len, char *err,
                           size_t errcap)
{
    char dir[SMS_PATH_MAX], tmp_base[SMS_PATH_MAX + SMS_NAME_MAX + 2], tmp[OUTFILE_PATH_MAX];
    char final[SMS_PATH_MAX + SMS_NAME_MAX + 2];
    staging(a, dir, sizeof dir);
    KResult r = outfile_mkdir(dir, err, errcap);
    if (r != K_OK)
        return r;
    snprintf(tmp_base, sizeof tmp_base, "%s/%s", dir, name);
    snprintf(final, sizeof final, "%s/%s", conf(a)->outbox, name);
    int fd = outfile_temp(tmp_base, tmp, sizeof tmp);
    if (fd < 0) {
        snprintf(err, errcap, "cannot write in %.200s: %s", dir, strerror(errno));
        return K_ERR_IO;
    }
    /* smsd runs as its own user: it reads the file and must be able to
     * write it (it refuses a file it cannot open for appending). */
    bool ok = fchmod(fd, 0660) == 0;
    size_t done = 0;
    while (ok && done < len) {
        ssize_t w = write(fd, bytes + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        if (ok)
            done += (size_t)w;
    }
    ok = ok && fsync(fd) == 0;
    ok = (close(fd) == 0) && ok;
    if (!ok) {
        snprintf(err, errcap, "cannot write in %.200s: %s", dir, strerror(errno));
        unlink(tmp);
        return K_ERR_IO;
    }
    r = outfile_place_new(tmp, final);
    if (r == K_ERR_EXISTS) {
        unlink(tmp); /* the same attempt is there already: it is handed */
        return K_OK;
    }
    if (r != K_OK) {
        snprintf(err, errcap, "cannot move the text into %.200s: %s", conf(a)->outbox,
                 strerror(errno));
        unlink(tmp);
        return r;
    }
    outfile_sync_dir(final);
    return K_OK;
}

/* Placeholders the params hold as codes: the station, its phone, a
 * service's or category's name in the text's language. */
static bool lookup(const char *key, const char *params, const char *lang, char *out, size_t cap,
                   void *ctx)
{
    const App *a = ctx;
    bool en = strcmp(lang, "en") == 0;
    if (strcmp(key, "station") == 0)
        return text_copy(out, cap, en && a->cfg.site_en[0] ? a->cfg.site_en : a->cfg.site_zh);
    if (strcmp(key, "phone") == 0)
        return text_copy(out, cap, a->cfg.site_phone);
    char code[64];
    if (strcmp(key, "service") == 0 && sms_param(params, "service", code, sizeof code)) {
        const CfgService *s = config_service(&a->cfg, code);
        return s && text_copy(out, cap, config_label(&s->item, lang));
    }
    if (strcmp(key, "category") == 0 && sms_param(params, "category", code, sizeof code)) {
        const CfgCategory *c = config_category(&a->cfg, code);
        return c && text_copy(out, cap, config_label(&c->item, lang));
    }
    return false;
}

/* The local midnight of now's day, and now's minute of the day. */
static int64_t local_midnight(int64_t now, int *minute)
{
    time_t t = (time_t)now;
    struct tm tm;
    localtime_r(&t, &tm);
    *minute = tm.tm_hour * 60 + tm.tm_min;
    return now - tm.tm_hour * 3600 - tm.tm_min * 60 - tm.tm_sec;
}

/* When quiet hours that hold at now end. */
static int64_t quiet_end(const SmsConfig *c, int64_t now)
{
    int minute = 0;
    int64_t midnight = local_midnight(now, &minute);
    int64_t end = midnight + (int64_t)c->quiet_to * 60;
    return end > now ? end : end + 86400;
}

/* Replies: a TD (退订) turns texts off for the number. */
static void read_incoming(App *a, int64_t now)
{
    const char *dir = conf(a)->incoming;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    int seen = 0;
    while ((e = readdir(d)) != NULL && seen < 64) {
        if (e->d_name[0] == '.' || strlen(e->d_name) > 200)
            continue;
        size_t n = strlen(e->d_name);
        if (n >= 5 && strcmp(e->d_name + n - 5, ".LOCK") == 0)
            continue;
        char buf[2048];
        long len = read_small(dir, e->d_name, buf, sizeof buf);
        if (len <= 0)
            continue;
        seen++;
        SmsFile f;
        char path[SMS_PATH_MAX + 256], done[SMS_PATH_MAX + 260];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(done, sizeof done, "%s/.%s", dir, e->d_name);
        if (sms_smstools_parse(buf, (size_t)len, &f) && f.from[0] && sms_is_optout(f.text)) {
            int cancelled = 0;
            if (store_sms_consent_set(a->store, f.from, false, "zh", "reply", now, &cancelled) !=
                K_OK) {
                fprintf(stderr, "kiosk: texts: %s\n", store_errmsg(a->store));
                continue; /* read again next time */
            }
            char fields[96];
            snprintf(fields, sizeof fields, "\"source\":\"reply\",\"cancelled\":%d", cancelled);
            app_event(a, "sms_opt_out", fields);
        }
        /* Read: kept for staff under a hidden name, never read again. */
        if (rename(path, done) != 0)
            unlink(path);
    }
    closedir(d);
}

/* smsd's reports on handed texts: the file moved to sent or failed. */
static void read_reports(App *a, int64_t now)
{
    SmsRow *rows = calloc(SMS_BATCH * 4, sizeof *rows);
    if (!rows)
        return;
    int count = 0;
    if (store_sms_handed_list(a->store, rows, SMS_BATCH * 4, &count) != K_OK)
        fprintf(stderr, "kiosk: texts: %s\n", store_errmsg(a->store));
    for (int i = 0; i < count; i++) {
        const SmsRow *r = &rows[i];
        char name[SMS_NAME_MAX], buf[2048];
        sms_file_name(r->id, r->created_at, r->attempts, name, sizeof name);
        bool sent = false, failed = false;
        SmsFile f;
        memset(&f, 0, sizeof f);
        long len = read_small(conf(a)->sent, name, buf, sizeof buf);
        if (len > 0) {
            sent = true;
        } else if ((len = read_small(conf(a)->failed, name, buf, sizeof buf)) > 0) {
            failed = true;
            sms_smstools_parse(buf, (size_t)len, &f);
        }
        if (!sent && !failed)
            continue;
        KResult k = store_sms_report(a->store, r->id, r->attempts, sent,
                                     f.reason[0] ? f.reason : "smsd could not send it", now,
                                     conf(a)->retries, conf(a)->retry_minutes);
        if (k != K_OK) {
            fprintf(stderr, "kiosk: texts: %s\n", store_errmsg(a->store));
            continue;
        }
        char fields[256], q[200];
        text_json_quote(q, sizeof q, sent ? "" : (f.reason[0] ? f.reason : "failed"));
        snprintf(fields, sizeof fields, "\"id\":%lld,\"kind\":\"%s\",\"attempt\":%d%s%s",
                 (long long)r->id, r->kind, r->attempts, sent ? "" : ",\"reason\":", sent ? "" : q);
        app_event(a, sent ? "sms_sent" : "sms_failed", fields);
    }
    free(rows);
}

/* Hands one due text to smsd (or defers it). */
static void hand_one(App *a, const SmsRow *r, int64_t now, int minute)
{
    const SmsConfig *c = conf(a);
    if (!r->urgent && sms_quiet(minute, c->quiet_from, c->quiet_to)) {
        store_sms_defer(a->store, r->id, quiet_end(c, now), now);
        return;
    }
    int m = 0;
    int64_t midnight = local_midnight(now, &m);
    int today = 0;
    if (store_sms_count_since(a->store, r->phone, midnight, &today) != K_OK)
        return;
    if (today >= c->daily_limit && strcmp(r->kind, "test") != 0) {
        store_sms_defer(a->store, r->id, midnight + 86400 + (int64_t)c->quiet_to * 60, now);
        return;
    }
    int attempt = r->attempts + 1;
    char name[SMS_NAME_MAX];
    sms_file_name(r->id, r->created_at, attempt, name, sizeof name);
    char body[SMS_BODY_MAX], file[SMS_FILE_MAX];
    int kind = sms_kind_from_name(r->kind);
    if (kind < 0 || !sms_render(sms_template(c, (SmsKind)kind, r->lang), r->params, r->lang, lookup,
                                a, body, sizeof body)) {
        store_sms_drop(a->store, r->id, "the template does not fit", now);
        return;
    }
    size_t len = sms_smstools_file(r->phone, body, file, sizeof file);
    if (len == 0) {
        store_sms_drop(a->store, r->id, "not a mobile number, or the text is too long", now);
        return;
    }
    /* Written before (a kiosk killed before it could say so)? */
    bool there = exists_in(c->outbox, name) || exists_in(c->checked, name) ||
                 exists_in(c->sent, name) || exists_in(c->failed, name);
    if (!there) {
        char err[300];
        if (write_spool(a, name, file, len, err, sizeof err) != K_OK) {
            text_copy(a->sms.error, sizeof a->sms.error, err);
            a->sms.state = APP_SMS_NO_FOLDER;
            return;
        }
        /* Tests: a kiosk killed between the file and the store's record. */
        const char *crash = getenv("KIOSK_TEST_SMS_KILL_AFTER_WRITE");
        if (crash && crash[0] == '1')
            raise(SIGKILL);
    }
    if (store_sms_handed(a->store, r->id, attempt, body, now) == K_OK) {
        char fields[96];
        snprintf(fields, sizeof fields, "\"id\":%lld,\"kind\":\"%s\",\"attempt\":%d",
                 (long long)r->id, r->kind, attempt);
        app_event(a, "sms_handed", fields);
    }
}

static void hand_due(App *a, int64_t now)
{
    SmsRow *rows = calloc(SMS_BATCH, sizeof *rows);
    if (!rows)
        return;
    int count = 0, minute = 0;
    local_midnight(now, &minute);
    if (store_sms_due(a->store, now, rows, SMS_BATCH, &count) != K_OK)
        fprintf(stderr, "kiosk: texts: %s\n", store_errmsg(a->store));
    for (int i = 0; i < count; i++)
        hand_one(a, &rows[i], now, minute);
    free(rows);
}

/* Is smsd there: its outgoing folder writable, its pid alive. */
static int daemon_state(const App *a, const SmsCounts *n, int64_t now)
{
    const SmsConfig *c = conf(a);
    if (!sms_enabled(c))
        return APP_SMS_OFF;
    if (access(c->outbox, W_OK | X_OK) != 0)
        return APP_SMS_NO_FOLDER;
    if (c->pidfile[0]) {
        char buf[32];
        long len = read_small("", c->pidfile, buf, sizeof buf);
        if (len <= 0) /* "" joined with "/..." is the absolute path */
            return APP_SMS_NOT_RUNNING;
        long pid = strtol(buf, NULL, 10);
        if (pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH))
            return APP_SMS_NOT_RUNNING;
    }
    if (n->oldest_handed_at > 0 && now - n->oldest_handed_at > (int64_t)c->stale_minutes * 60)
        return APP_SMS_LATE;
    return APP_SMS_OK;
}

void app_sms_load(App *a)
{
    SmsCounts n;
    int64_t now = app_now_ms(a) / 1000;
    if (a->maint.broken || store_sms_counts(a->store, &n) != K_OK)
        return;
    a->sms.queued = n.queued;
    a->sms.handed = n.handed;
    a->sms.sent = n.sent;
    a->sms.failed = n.failed;
    a->sms.last_sent_at = n.last_sent_at;
    int state = daemon_state(a, &n, now);
    if (!(state == APP_SMS_OK && a->sms.state == APP_SMS_NO_FOLDER && a->sms.error[0]))
        a->sms.state = state;
    if (a->sms.state != APP_SMS_NO_FOLDER)
        text_copy(a->sms.error, sizeof a->sms.error, n.last_error);
}

void app_sms_work(App *a)
{
    a->sms.checked_ms = app_mono_ms(a);
    if (!sms_enabled(conf(a)) || a->maint.broken)
        return;
    int64_t now = app_now_ms(a) / 1000;
    a->sms.error[0] = '\0';
    if (a->sms.state == APP_SMS_NO_FOLDER)
        a->sms.state = APP_SMS_OK;
    read_incoming(a, now);
    read_reports(a, now);
    hand_due(a, now);
    app_sms_load(a);
}

/* The answer under the maintenance screen's facts (the staff note). */
static void say(App *a, bool bad, StringKey k)
{
    text_copy(a->staff.note, sizeof a->staff.note, app_str(a, k));
    a->staff.note_bad = bad;
    a->staff.note_screen = app_screen(a); /* leaving the screen clears it */
    app_changed(a);
}

void app_sms_test(App *a)
{
    int64_t id = 0;
    const char *lang = a->lang == LANG_EN ? "en" : "zh";
    if (!sms_enabled(conf(a)) || !conf(a)->test_number[0] ||
        store_sms_test(a->store, conf(a)->test_number, lang, app_now_ms(a) / 1000, &id) != K_OK) {
        a->sms.test = -1;
        say(a, true, S_SMS_TEST_REFUSED);
        return;
    }
    a->sms.test = 1;
    say(a, false, S_SMS_TEST_QUEUED);
    char fields[48];
    snprintf(fields, sizeof fields, "\"id\":%lld", (long long)id);
    app_event(a, "sms_test", fields);
    app_sms_work(a);
}
