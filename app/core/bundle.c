/* bundle.c - a configuration bundle's content from an INI file (bundle.h).
 *
 * Parsed into fixed arrays first (the site configuration's bounds), then
 * written out in one fixed order, so that the same file always gives the
 * same bytes: the centre signs exactly these. */
#include "kiosk/bundle.h"

#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/config.h"
#include "kiosk/text.h"

typedef struct {
    CfgItem item;
    int hours, urgent;
} BCat;

typedef struct {
    int categories, services, hospitals, departments, partners, closed;
    BCat cat[CFG_MAX_CATEGORIES];
    CfgService svc[CFG_MAX_SERVICES];
    CfgItem hosp[CFG_MAX_PICKS], dept[CFG_MAX_PICKS], partner[CFG_MAX_PICKS];
    char days[CFG_MAX_CLOSURES][CFG_DAY_MAX];
    char closed_zh[CFG_LABEL_MAX], closed_en[CFG_LABEL_MAX];
    char err[256];
} Parse;

static bool code_valid(const char *c)
{
    size_t n = strlen(c);
    if (n < 1 || n >= CFG_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' && c[i] <= '9') || c[i] == '_' ||
              c[i] == '-'))
            return false;
    return true;
}

static bool label(char *dst, size_t cap, const char *v)
{
    return v[0] && text_valid_utf8(v) && text_copy(dst, cap, v);
}

static bool number(const char *v, int lo, int hi, int *out)
{
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (!v[0] || *end || n < lo || n > hi)
        return false;
    *out = (int)n;
    return true;
}

static bool yes_no(const char *v, bool *out)
{
    if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        return (*out = true);
    if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        return !(*out = false);
    return false;
}

static CfgItem *item(CfgItem *items, int *count, const char *code)
{
    for (int i = 0; i < *count; i++)
        if (strcmp(items[i].code, code) == 0)
            return &items[i];
    if (*count >= CFG_MAX_PICKS)
        return NULL;
    CfgItem *it = &items[(*count)++];
    memset(it, 0, sizeof *it);
    text_copy(it->code, sizeof it->code, code);
    return it;
}

static bool item_key(CfgItem *it, const char *name, const char *v)
{
    if (strcmp(name, "zh") == 0)
        return label(it->zh, sizeof it->zh, v);
    if (strcmp(name, "en") == 0)
        return label(it->en, sizeof it->en, v);
    return false;
}

static bool closed_days(Parse *p, const char *v)
{
    char copy[1024];
    if (!text_copy(copy, sizeof copy, v))
        return false;
    p->closed = 0;
    for (char *save = NULL, *d = strtok_r(copy, ", ", &save); d; d = strtok_r(NULL, ", ", &save)) {
        if (!config_day_valid(d) || p->closed >= CFG_MAX_CLOSURES)
            return false;
        text_copy(p->days[p->closed++], CFG_DAY_MAX, d);
    }
    return true;
}

static bool service_key(CfgService *s, const char *name, const char *v)
{
    struct {
        const char *name;
        char *dst;
    } texts[] = {{"about_zh", s->about_zh}, {"about_en", s->about_en}, {"place_zh", s->place_zh},
                 {"place_en", s->place_en}, {"bring_zh", s->bring_zh}, {"bring_en", s->bring_en}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(name, texts[i].name) == 0)
            return text_valid_utf8(v) && text_copy(texts[i].dst, CFG_TEXT_MAX, v);
    if (strcmp(name, "letter") == 0) {
        s->letter = v[0];
        return strlen(v) == 1 && config_letter_valid(v[0]);
    }
    if (strcmp(name, "days") == 0)
        return config_parse_days(v, &s->days);
    if (strcmp(name, "lead_hours") == 0)
        return number(v, 0, 720, &s->lead_hours);
    if (strcmp(name, "horizon_days") == 0)
        return number(v, 1, 60, &s->horizon_days);
    if (strcmp(name, "escort") == 0)
        return yes_no(v, &s->escort);
    if (strcmp(name, "active") == 0)
        return yes_no(v, &s->active);
    return item_key(&s->item, name, v);
}

static int handler(void *user, const char *section, const char *name, const char *v)
{
    Parse *p = user;
    const char *dot = strchr(section, '.');
    const char *code = dot ? dot + 1 : "";
    bool ok = false;
    if (strcmp(section, "booking") == 0) {
        if (strcmp(name, "closed") == 0)
            ok = closed_days(p, v);
        else if (strcmp(name, "closed_zh") == 0)
            ok = label(p->closed_zh, sizeof p->closed_zh, v);
        else if (strcmp(name, "closed_en") == 0)
            ok = label(p->closed_en, sizeof p->closed_en, v);
    } else if (!dot || !code_valid(code)) {
        snprintf(p->err, sizeof p->err, "[%s]: not a section of a bundle", section);
        return 0;
    } else if (strncmp(section, "category.", 9) == 0) {
        int i = 0;
        while (i < p->categories && strcmp(p->cat[i].item.code, code) != 0)
            i++;
        if (i == p->categories && p->categories < CFG_MAX_CATEGORIES) {
            memset(&p->cat[i], 0, sizeof p->cat[i]);
            text_copy(p->cat[i].item.code, CFG_CODE_MAX, code);
            p->cat[i].hours = 72;
            p->cat[i].urgent = 4;
            p->categories++;
        }
        if (i < p->categories) {
            if (strcmp(name, "response_hours") == 0)
                ok = number(v, 1, 8760, &p->cat[i].hours);
            else if (strcmp(name, "urgent_response_hours") == 0)
                ok = number(v, 1, 8760, &p->cat[i].urgent);
            else
                ok = item_key(&p->cat[i].item, name, v);
        }
    } else if (strncmp(section, "service.", 8) == 0) {
        if (strcmp(name, "slots") == 0 || strcmp(name, "closed") == 0) {
            snprintf(p->err, sizeof p->err,
                     "[%s] %s: each site sets its own slots and closed days of a service", section,
                     name);
            return 0;
        }
        int i = 0;
        while (i < p->services && strcmp(p->svc[i].item.code, code) != 0)
            i++;
        if (i == p->services && p->services < CFG_MAX_SERVICES) {
            CfgService *s = &p->svc[i];
            memset(s, 0, sizeof *s);
            text_copy(s->item.code, CFG_CODE_MAX, code);
            s->days = 0x1fu;
            s->horizon_days = 14;
            s->active = true;
            p->services++;
        }
        ok = i < p->services && service_key(&p->svc[i], name, v);
    } else if (strncmp(section, "hospital.", 9) == 0) {
        CfgItem *it = item(p->hosp, &p->hospitals, code);
        ok = it && item_key(it, name, v);
    } else if (strncmp(section, "department.", 11) == 0) {
        CfgItem *it = item(p->dept, &p->departments, code);
        ok = it && item_key(it, name, v);
    } else if (strncmp(section, "partner.", 8) == 0) {
        CfgItem *it = item(p->partner, &p->partners, code);
        ok = it && item_key(it, name, v);
    } else {
        snprintf(p->err, sizeof p->err, "[%s]: not a section of a bundle", section);
        return 0;
    }
    if (!ok)
        snprintf(p->err, sizeof p->err, "[%s] %s = %s: not a valid value (or too many items)",
                 section, name, v);
    return ok;
}

/* Appends "key":"value" (quoted) after a comma when not first. */
static bool put_text(char *out, size_t cap, bool first, const char *key, const char *value)
{
    char q[CFG_TEXT_MAX * 6 + 4];
    if (!text_json_quote(q, sizeof q, value))
        return false;
    size_t n = strlen(out);
    int w = snprintf(out + n, cap - n, "%s\"%s\":%s", first ? "" : ",", key, q);
    return w > 0 && (size_t)w < cap - n;
}

static bool put_raw(char *out, size_t cap, const char *text)
{
    return text_append(out, cap, text);
}

static bool put_int(char *out, size_t cap, const char *key, long long v)
{
    char b[64];
    snprintf(b, sizeof b, ",\"%s\":%lld", key, v);
    return put_raw(out, cap, b);
}

static bool put_items(char *out, size_t cap, const char *name, const CfgItem *items, int n)
{
    char b[40];
    snprintf(b, sizeof b, ",\"%s\":[", name);
    bool ok = put_raw(out, cap, b);
    for (int i = 0; ok && i < n; i++)
        ok = put_raw(out, cap, i ? ",{" : "{") && put_text(out, cap, true, "code", items[i].code) &&
             put_text(out, cap, false, "zh", items[i].zh) &&
             put_text(out, cap, false, "en", items[i].en) && put_raw(out, cap, "}");
    return ok && put_raw(out, cap, "]");
}

static bool complete(const CfgItem *it, const char *kind, char *err, size_t cap)
{
    if (it->zh[0] && it->en[0])
        return true;
    snprintf(err, cap, "[%s.%s] needs zh and en", kind, it->code);
    return false;
}

KResult bundle_from_ini(const char *path, char **json, char *err, size_t cap)
{
    *json = NULL;
    Parse *p = calloc(1, sizeof *p);
    if (!p)
        return K_ERR_NOMEM;
    int rc = ini_parse(path, handler, p);
    if (rc != 0) {
        if (rc == -1)
            snprintf(err, cap, "%s: cannot read the file", path);
        else if (rc == -2)
            snprintf(err, cap, "%s: out of memory", path);
        else
            snprintf(err, cap, "%s line %d: %s", path, rc, p->err[0] ? p->err : "malformed");
        free(p);
        return rc == -1 ? K_ERR_NOT_FOUND : K_ERR_INVALID;
    }
    bool good = true;
    for (int i = 0; good && i < p->categories; i++)
        good = complete(&p->cat[i].item, "category", err, cap);
    for (int i = 0; good && i < p->services; i++) {
        good = complete(&p->svc[i].item, "service", err, cap);
        if (good && !p->svc[i].letter) {
            snprintf(err, cap, "[service.%s] needs its letter", p->svc[i].item.code);
            good = false;
        }
        for (int j = 0; good && j < i; j++)
            if (p->svc[j].letter == p->svc[i].letter) {
                snprintf(err, cap, "[service.%s] and [service.%s] have the same letter %c",
                         p->svc[j].item.code, p->svc[i].item.code, p->svc[i].letter);
                good = false;
            }
    }
    for (int i = 0; good && i < p->hospitals; i++)
        good = complete(&p->hosp[i], "hospital", err, cap);
    for (int i = 0; good && i < p->departments; i++)
        good = complete(&p->dept[i], "department", err, cap);
    for (int i = 0; good && i < p->partners; i++)
        good = complete(&p->partner[i], "partner", err, cap);
    if (good &&
        p->categories + p->services + p->hospitals + p->departments + p->partners + p->closed ==
            0) {
        snprintf(err, cap, "%s: nothing to publish", path);
        good = false;
    }
    if (!good) {
        free(p);
        return K_ERR_INVALID;
    }
    size_t ocap = BUNDLE_MAX_BYTES;
    char *out = malloc(ocap);
    if (!out) {
        free(p);
        return K_ERR_NOMEM;
    }
    out[0] = '\0';
    bool ok = put_raw(out, ocap, "{\"categories\":[");
    for (int i = 0; ok && i < p->categories; i++)
        ok = put_raw(out, ocap, i ? ",{" : "{") &&
             put_text(out, ocap, true, "code", p->cat[i].item.code) &&
             put_text(out, ocap, false, "zh", p->cat[i].item.zh) &&
             put_text(out, ocap, false, "en", p->cat[i].item.en) &&
             put_int(out, ocap, "response_hours", p->cat[i].hours) &&
             put_int(out, ocap, "urgent_response_hours", p->cat[i].urgent) &&
             put_raw(out, ocap, "}");
    ok = ok && put_raw(out, ocap, "],\"closed\":[");
    for (int i = 0; ok && i < p->closed; i++)
        ok = put_raw(out, ocap, i ? ",{" : "{") && put_text(out, ocap, true, "day", p->days[i]) &&
             put_text(out, ocap, false, "zh", p->closed_zh) &&
             put_text(out, ocap, false, "en", p->closed_en) && put_raw(out, ocap, "}");
    ok = ok && put_raw(out, ocap, "],\"services\":[");
    for (int i = 0; ok && i < p->services; i++) {
        const CfgService *s = &p->svc[i];
        char letter[2] = {s->letter, '\0'};
        ok = put_raw(out, ocap, i ? ",{" : "{") &&
             put_text(out, ocap, true, "code", s->item.code) &&
             put_text(out, ocap, false, "letter", letter) &&
             put_text(out, ocap, false, "zh", s->item.zh) &&
             put_text(out, ocap, false, "en", s->item.en) &&
             put_text(out, ocap, false, "about_zh", s->about_zh) &&
             put_text(out, ocap, false, "about_en", s->about_en) &&
             put_text(out, ocap, false, "place_zh", s->place_zh) &&
             put_text(out, ocap, false, "place_en", s->place_en) &&
             put_text(out, ocap, false, "bring_zh", s->bring_zh) &&
             put_text(out, ocap, false, "bring_en", s->bring_en) &&
             put_int(out, ocap, "days", s->days) &&
             put_int(out, ocap, "lead_hours", s->lead_hours) &&
             put_int(out, ocap, "horizon_days", s->horizon_days) &&
             put_int(out, ocap, "escort", s->escort) && put_int(out, ocap, "active", s->active) &&
             put_raw(out, ocap, "}");
    }
    ok = ok && put_raw(out, ocap, "]") &&
         put_items(out, ocap, "hospitals", p->hosp, p->hospitals) &&
         put_items(out, ocap, "departments", p->dept, p->departments) &&
         put_items(out, ocap, "partners", p->partner, p->partners) && put_raw(out, ocap, "}");
    free(p);
    if (!ok) {
        free(out);
        snprintf(err, cap, "%s: the bundle is larger than %u bytes", path, BUNDLE_MAX_BYTES);
        return K_ERR_INVALID;
    }
    *json = out;
    return K_OK;
}
