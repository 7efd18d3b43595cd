/* app_sync.c - the district link as the kiosk shows and logs it: the sync
 * worker's reports (run.c) become the events sync_ok and sync_failed and
 * the maintenance screen's line (app_maint.h). */
#include "kiosk/app_maint.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/store.h"
#include "kiosk/text.h"

/* Sorts an error in words into what the screen says of it, and keeps the
 * part worth showing as its detail. */
static void keep_error(App *a, const char *error)
{
    AppMaint *m = &a->maint;
    m->sync_error[0] = '\0';
    if (!error || !error[0]) {
        m->sync_fail = APP_SYNC_FAIL_NONE;
        return;
    }
    const char *detail = error;
    if (strstr(error, "new-epoch")) {
        /* a copied database: what to do says more than the centre's words */
        m->sync_fail = APP_SYNC_FAIL_COPIED;
        return;
    }
    if (strstr(error, "refused it") || strstr(error, "answered something unexpected")) {
        m->sync_fail = APP_SYNC_FAIL_REFUSED;
        const char *p = strstr(error, "refused it: ");
        if (p)
            detail = p + strlen("refused it: ");
    } else if (strstr(error, "no answer") || strstr(error, "deadline")) {
        m->sync_fail = APP_SYNC_FAIL_TIMEOUT;
    } else if (strstr(error, "district centre")) {
        m->sync_fail = APP_SYNC_FAIL_LINK;
        /* libpq's last words say it best: "Connection refused" */
        const char *p = strrchr(error, ':');
        if (p && p[1] == ' ' && p[2])
            detail = p + 2;
    } else {
        m->sync_fail = APP_SYNC_FAIL_OTHER;
    }
    /* at most 80 bytes, cut at a character's boundary: the screen has
     * room for a line or two */
    char cut[81];
    size_t n = 0;
    for (const char *p = detail; *p;) {
        text_next_cp(&p);
        if ((size_t)(p - detail) >= sizeof cut)
            break;
        n = (size_t)(p - detail);
    }
    memcpy(cut, detail, n);
    cut[n] = '\0';
    text_copy(m->sync_error, sizeof m->sync_error, cut);
}

void app_sync_load(App *a)
{
    if (!a->cfg.district_postgres[0] || !a->store)
        return;
    SyncState st;
    if (store_sync_state(a->store, &st) != K_OK)
        return;
    a->maint.sync_known = true;
    a->maint.sync_last_ok = st.last_ok;
    a->maint.sync_pending = st.pending;
    keep_error(a, st.failures > 0 ? st.last_error : "");
}

/* What the configuration file said of what a bundle lays over (one kiosk
 * per process): a newer bundle replaces the older one, not adds to it. */
static struct {
    int category_count, hospital_count, department_count;
    CfgCategory categories[CFG_MAX_CATEGORIES];
    CfgItem hospitals[CFG_MAX_PICKS], departments[CFG_MAX_PICKS];
} base;

static KResult bundle_lay(App *a)
{
    Config *c = &a->cfg;
    c->category_count = base.category_count;
    memcpy(c->categories, base.categories, sizeof base.categories);
    c->hospital_count = base.hospital_count;
    memcpy(c->hospitals, base.hospitals, sizeof base.hospitals);
    c->department_count = base.department_count;
    memcpy(c->departments, base.departments, sizeof base.departments);
    c->bundle_version = 0;
    return store_bundle_overlay(a->store, c);
}

void app_bundle_load(App *a)
{
    const Config *c = &a->cfg;
    base.category_count = c->category_count;
    memcpy(base.categories, c->categories, sizeof base.categories);
    base.hospital_count = c->hospital_count;
    memcpy(base.hospitals, c->hospitals, sizeof base.hospitals);
    base.department_count = c->department_count;
    memcpy(base.departments, c->departments, sizeof base.departments);
    if (a->store && bundle_lay(a) != K_OK)
        fprintf(stderr, "kiosk: note: %s\n", store_errmsg(a->store));
}

/* A sync that applied a configuration bundle (pull_bundle.c): lay it over
 * the Config the screens, tickets and figures read, and say so. */
static void bundle_refresh(App *a)
{
    BundleState st;
    if (!a->store || store_bundle_state(a->store, &st) != K_OK ||
        st.version == a->cfg.bundle_version)
        return;
    long long from = a->cfg.bundle_version;
    if (bundle_lay(a) != K_OK)
        return;
    char f[96];
    snprintf(f, sizeof f, "\"version\":%lld,\"from\":%lld", (long long)st.version, from);
    app_event(a, "bundle_applied", f);
    app_changed(a);
}

void app_sync_report(App *a, bool attempt, bool ok, int64_t pending, int64_t sent, int64_t last_ok,
                     const char *error)
{
    AppMaint *m = &a->maint;
    m->sync_known = true;
    m->sync_pending = pending;
    if (last_ok > m->sync_last_ok)
        m->sync_last_ok = last_ok;
    keep_error(a, ok ? "" : error);
    if (strcmp(app_screen_id(a), "maint") == 0)
        app_changed(a);
    if (!attempt)
        return;
    char f[900], q[700], n[32];
    if (pending >= 0)
        snprintf(n, sizeof n, "%lld", (long long)pending);
    else
        snprintf(n, sizeof n, "null");
    if (ok) {
        snprintf(f, sizeof f, "\"pending\":%s,\"sent\":%lld", n, (long long)sent);
        app_event(a, "sync_ok", f);
        bundle_refresh(a);
    } else {
        if (!text_json_quote(q, sizeof q, error ? error : ""))
            snprintf(q, sizeof q, "\"?\"");
        snprintf(f, sizeof f, "\"pending\":%s,\"sent\":%lld,\"error\":%s", n, (long long)sent, q);
        app_event(a, "sync_failed", f);
    }
}
