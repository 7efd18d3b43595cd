/* config.c - the site configuration: built-in defaults plus an INI file.
 *
 * The defaults are the text of assets/default-site.ini compiled in (see
 * cmake/embed.cmake), parsed by the same code as a --config file, so there
 * is one place where defaults live.  Parsing uses libinih. */
#include "kiosk/config.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/text.h"

extern const char kiosk_default_ini[];

typedef struct {
    Config *cfg;
    const char *source;
    char *err;
    unsigned long errcap;
    bool failed;
} ParseCtx;

static bool code_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= CFG_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || n < lo || n > hi)
        return 0;
    *out = (int)n;
    return 1;
}

static CfgCategory *category_get(Config *cfg, const char *code, bool create)
{
    for (int i = 0; i < cfg->category_count; i++)
        if (strcmp(cfg->categories[i].item.code, code) == 0)
            return &cfg->categories[i];
    if (!create || cfg->category_count >= CFG_MAX_CATEGORIES)
        return NULL;
    CfgCategory *c = &cfg->categories[cfg->category_count++];
    memset(c, 0, sizeof *c);
    text_copy(c->item.code, sizeof c->item.code, code);
    c->response_hours = 72;
    return c;
}

static CfgItem *issue_get(CfgCategory *cat, const char *code)
{
    for (int i = 0; i < cat->issue_count; i++)
        if (strcmp(cat->issues[i].code, code) == 0)
            return &cat->issues[i];
    if (cat->issue_count >= CFG_MAX_ISSUES)
        return NULL;
    CfgItem *it = &cat->issues[cat->issue_count++];
    memset(it, 0, sizeof *it);
    text_copy(it->code, sizeof it->code, code);
    return it;
}

static int set_label(CfgItem *it, const char *name, const char *value)
{
    if (!text_valid_utf8(value))
        return 0;
    if (strcmp(name, "zh") == 0)
        return text_copy(it->zh, sizeof it->zh, value);
    if (strcmp(name, "en") == 0)
        return text_copy(it->en, sizeof it->en, value);
    return 0;
}

static int set_buildings(Config *cfg, const char *value)
{
    char buf[CFG_MAX_BUILDINGS * CFG_CODE_MAX];
    if (!text_copy(buf, sizeof buf, value))
        return 0;
    cfg->building_count = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        text_trim(tok);
        if (*tok == '\0')
            continue;
        if (cfg->building_count >= CFG_MAX_BUILDINGS || strlen(tok) >= CFG_CODE_MAX)
            return 0;
        CfgItem *b = &cfg->buildings[cfg->building_count++];
        snprintf(b->code, sizeof b->code, "%d", cfg->building_count);
        text_copy(b->zh, sizeof b->zh, tok);
        text_copy(b->en, sizeof b->en, tok);
    }
    return cfg->building_count > 0;
}

static int handle_site(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "code") == 0) {
        if (strlen(value) == 0 || strlen(value) > 12)
            return 0;
        for (const char *p = value; *p; p++)
            if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
                return 0;
        return text_copy(cfg->site_code, sizeof cfg->site_code, value);
    }
    if (!text_valid_utf8(value))
        return 0;
    if (strcmp(name, "name_zh") == 0)
        return text_copy(cfg->site_zh, sizeof cfg->site_zh, value);
    if (strcmp(name, "name_en") == 0)
        return text_copy(cfg->site_en, sizeof cfg->site_en, value);
    if (strcmp(name, "phone") == 0)
        return text_copy(cfg->site_phone, sizeof cfg->site_phone, value);
    return 0;
}

static int handle_screen(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "width") == 0)
        return parse_int(value, 480, 7680, &cfg->width);
    if (strcmp(name, "height") == 0)
        return parse_int(value, 480, 7680, &cfg->height);
    if (strcmp(name, "lang") == 0) {
        if (strcmp(value, "zh") != 0 && strcmp(value, "en") != 0)
            return 0;
        return text_copy(cfg->lang, sizeof cfg->lang, value);
    }
    return 0;
}

static int handle_idle(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "warn_after") == 0)
        return parse_int(value, 10, 3600, &cfg->idle_warn_after);
    if (strcmp(name, "countdown") == 0)
        return parse_int(value, 5, 600, &cfg->idle_countdown);
    return 0;
}

/* English names of the buildings, in the same order as `buildings`. */
static int set_buildings_en(Config *cfg, const char *value)
{
    char buf[CFG_MAX_BUILDINGS * CFG_CODE_MAX];
    if (!text_copy(buf, sizeof buf, value))
        return 0;
    int i = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        text_trim(tok);
        if (i >= cfg->building_count || strlen(tok) >= CFG_LABEL_MAX)
            return 0;
        text_copy(cfg->buildings[i++].en, CFG_LABEL_MAX, tok);
    }
    return i == cfg->building_count;
}

static int handle_address(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "buildings") == 0)
        return set_buildings(cfg, value);
    if (strcmp(name, "buildings_en") == 0)
        return set_buildings_en(cfg, value);
    if (strcmp(name, "units") == 0)
        return parse_int(value, 1, 20, &cfg->units);
    if (strcmp(name, "floors") == 0)
        return parse_int(value, 1, 99, &cfg->floors);
    if (strcmp(name, "rooms_per_floor") == 0)
        return parse_int(value, 1, 20, &cfg->rooms_per_floor);
    return 0;
}

static int handle_printer(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "uri") == 0)
        return text_copy(cfg->printer_uri, sizeof cfg->printer_uri, value);
    if (strcmp(name, "paper") == 0) {
        int mm;
        if (!parse_int(value, 58, 80, &mm) || (mm != 58 && mm != 80))
            return 0;
        cfg->paper_mm = mm;
        return 1;
    }
    if (strcmp(name, "timeout_ms") == 0)
        return parse_int(value, 100, 60000, &cfg->printer_timeout_ms);
    return 0;
}

static int handle_camera(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "device") == 0)
        return text_copy(cfg->camera_device, sizeof cfg->camera_device, value);
    return 0;
}

/* Sections other issues will add: noted, not refused. */
static int note_ignored(Config *cfg, const char *section)
{
    for (int i = 0; i < cfg->ignored_count && i < CFG_MAX_IGNORED; i++)
        if (strcmp(cfg->ignored[i], section) == 0)
            return 1;
    if (cfg->ignored_count < CFG_MAX_IGNORED)
        text_copy(cfg->ignored[cfg->ignored_count], sizeof cfg->ignored[0], section);
    cfg->ignored_count++;
    return 1;
}

/* [category.CODE] and [issue.CATEGORY.CODE] */
static int handle_lists(Config *cfg, const char *section, const char *name, const char *value)
{
    char buf[2 * CFG_CODE_MAX + 16];
    if (!text_copy(buf, sizeof buf, section))
        return 0;
    if (strncmp(buf, "category.", 9) == 0) {
        const char *code = buf + 9;
        if (!code_valid(code))
            return 0;
        CfgCategory *c = category_get(cfg, code, true);
        if (!c)
            return 0;
        if (strcmp(name, "response_hours") == 0)
            return parse_int(value, 1, 24 * 30, &c->response_hours);
        return set_label(&c->item, name, value);
    }
    if (strncmp(buf, "issue.", 6) == 0) {
        char *cat_code = buf + 6;
        char *dot = strchr(cat_code, '.');
        if (!dot)
            return 0;
        *dot = '\0';
        const char *code = dot + 1;
        if (!code_valid(cat_code) || !code_valid(code) || strcmp(code, "other") == 0)
            return 0;
        CfgCategory *c = category_get(cfg, cat_code, false);
        if (!c)
            return 0;
        CfgItem *it = issue_get(c, code);
        return it ? set_label(it, name, value) : 0;
    }
    return note_ignored(cfg, section);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    ParseCtx *ctx = user;
    Config *cfg = ctx->cfg;
    int ok;
    if (strcmp(section, "site") == 0)
        ok = handle_site(cfg, name, value);
    else if (strcmp(section, "screen") == 0)
        ok = handle_screen(cfg, name, value);
    else if (strcmp(section, "idle") == 0)
        ok = handle_idle(cfg, name, value);
    else if (strcmp(section, "address") == 0)
        ok = handle_address(cfg, name, value);
    else if (strcmp(section, "printer") == 0)
        ok = handle_printer(cfg, name, value);
    else if (strcmp(section, "camera") == 0)
        ok = handle_camera(cfg, name, value);
    else
        ok = handle_lists(cfg, section, name, value);
    if (!ok && !ctx->failed) {
        ctx->failed = true;
        snprintf(ctx->err, ctx->errcap, "%s: [%s] %s = %s: unknown key or bad value", ctx->source,
                 section, name, value);
    }
    return ok;
}

static KResult check_complete(const Config *cfg, const char *source, char *err,
                              unsigned long errcap)
{
    for (int i = 0; i < cfg->category_count; i++) {
        const CfgCategory *c = &cfg->categories[i];
        if (c->item.zh[0] == '\0' || c->item.en[0] == '\0') {
            snprintf(err, errcap, "%s: category %s needs both zh and en names", source,
                     c->item.code);
            return K_ERR_INVALID;
        }
        for (int j = 0; j < c->issue_count; j++)
            if (c->issues[j].zh[0] == '\0' || c->issues[j].en[0] == '\0') {
                snprintf(err, errcap, "%s: issue %s.%s needs both zh and en names", source,
                         c->item.code, c->issues[j].code);
                return K_ERR_INVALID;
            }
    }
    if (cfg->category_count == 0) {
        snprintf(err, errcap, "%s: the configuration has no categories", source);
        return K_ERR_INVALID;
    }
    return K_OK;
}

KResult config_load(Config *cfg, const char *path, char *err, unsigned long errcap)
{
    memset(cfg, 0, sizeof *cfg);
    ParseCtx ctx = {cfg, "built-in defaults", err, errcap, false};
    if (err && errcap)
        err[0] = '\0';
    int line = ini_parse_string(kiosk_default_ini, handler, &ctx);
    if (line != 0)
        return K_ERR_INVALID; /* a broken build; the unit test catches it */
    if (path) {
        ctx.source = path;
        line = ini_parse(path, handler, &ctx);
        if (line == -1) {
            snprintf(err, errcap, "%s: cannot open the configuration file", path);
            return K_ERR_NOT_FOUND;
        }
        if (line != 0) {
            if (!ctx.failed)
                snprintf(err, errcap, "%s: line %d: not valid INI", path, line);
            else {
                char tmp[512];
                snprintf(tmp, sizeof tmp, "%s (line %d)", err, line);
                text_copy(err, errcap, tmp);
            }
            return K_ERR_INVALID;
        }
    }
    return check_complete(cfg, path ? path : "built-in defaults", err, errcap);
}

const CfgCategory *config_category(const Config *cfg, const char *code)
{
    for (int i = 0; i < cfg->category_count; i++)
        if (strcmp(cfg->categories[i].item.code, code) == 0)
            return &cfg->categories[i];
    return NULL;
}

const CfgItem *config_issue(const CfgCategory *cat, const char *code)
{
    for (int i = 0; i < cat->issue_count; i++)
        if (strcmp(cat->issues[i].code, code) == 0)
            return &cat->issues[i];
    return NULL;
}

const char *config_label(const CfgItem *item, const char *lang)
{
    return strcmp(lang, "en") == 0 ? item->en : item->zh;
}
