/* config.c - the site configuration: built-in defaults plus an INI file.
 *
 * The defaults are the text of assets/default-site.ini compiled in (see
 * cmake/embed.cmake), parsed by the same code as a --config file, so there
 * is one place where defaults live.  Parsing uses libinih.
 *
 * libinih reads lines into a buffer of ini_max_line bytes (200 by default):
 * a longer line is silently split and its tail read as the next line, so a
 * service of 16 slots could not be written.  Debian builds libinih with its
 * limits as run-time variables (ini_max_line), so we raise it to
 * CONFIG_LINE_MAX; our own line reader (ini_parse_stream) refuses a line
 * longer than that with its number instead of letting it be split, counts
 * lines (the handler is not told them), and sees the section headers, so a
 * repeated section or key is refused naming both lines. */
#include "kiosk/config.h"

#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/text.h"

extern const char kiosk_default_ini[];

/* The longest line a configuration may have, newline excluded: a service of
 * CFG_MAX_SLOTS slots at 14 characters each ("08:00-08:30/12,") is about 240. */
#define CONFIG_LINE_MAX 4095
#define CONFIG_NAME_MAX 64 /* libinih's own limit on section and key names is 50 */
#define CONFIG_KEYS_MAX 64 /* distinct keys in one section; no section has more */

typedef struct {
    char name[CONFIG_NAME_MAX];
    int line;
} Seen;

typedef struct {
    Config *cfg;
    const char *source;
    char *err;
    size_t errcap;
    bool failed;
    bool err_has_line; /* the message names its line already */
    /* The line reader's side. */
    FILE *fp;         /* the file, or NULL ... */
    const char *text; /* ... the built-in text, read from here on */
    int line;         /* the number of the line just read */
    bool continued;   /* that line continues the key above (indented) */
    bool after_key;   /* a key was read since the last section header */
    Seen *sections;   /* the headers of this source, with their lines */
    int section_count, section_cap;
    Seen keys[CONFIG_KEYS_MAX]; /* the keys of the current section */
    int key_count;
} ParseCtx;

static void parse_fail(ParseCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first error only, already naming its line. */
static void parse_fail(ParseCtx *ctx, const char *fmt, ...)
{
    if (ctx->failed)
        return;
    ctx->failed = true;
    ctx->err_has_line = true;
    if (!ctx->err || !ctx->errcap)
        return;
    int n = snprintf(ctx->err, ctx->errcap, "%s: line %d: ", ctx->source, ctx->line);
    if (n < 0 || (size_t)n >= ctx->errcap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err + n, ctx->errcap - (size_t)n, fmt, ap);
    va_end(ap);
}

static const Seen *section_seen(const ParseCtx *ctx, const char *name)
{
    for (int i = 0; i < ctx->section_count; i++)
        if (strcmp(ctx->sections[i].name, name) == 0)
            return &ctx->sections[i];
    return NULL;
}

/* A section header: refused when this source had it before. */
static bool note_section(ParseCtx *ctx, const char *name)
{
    const Seen *before = section_seen(ctx, name);
    if (before) {
        parse_fail(ctx, "section [%s] again (first at line %d): merge the two", name, before->line);
        return false;
    }
    if (ctx->section_count == ctx->section_cap) {
        int cap = ctx->section_cap ? ctx->section_cap * 2 : 32;
        Seen *grown = realloc(ctx->sections, (size_t)cap * sizeof *grown);
        if (!grown) {
            parse_fail(ctx, "out of memory");
            return false;
        }
        ctx->sections = grown;
        ctx->section_cap = cap;
    }
    Seen *s = &ctx->sections[ctx->section_count++];
    text_copy(s->name, sizeof s->name, name);
    s->line = ctx->line;
    ctx->key_count = 0;
    ctx->after_key = false;
    return true;
}

/* libinih's reader: one line (with its newline) into str, of at most num - 1
 * bytes; NULL at the end, or to stop at a line we refuse. */
static char *read_line(char *str, int num, void *stream)
{
    ParseCtx *ctx = stream;
    size_t n = 0;
    if (ctx->failed || num < 2)
        return NULL;
    if (ctx->fp) {
        if (!fgets(str, num, ctx->fp))
            return NULL;
        n = strlen(str);
    } else {
        if (!*ctx->text)
            return NULL;
        const char *nl = strchr(ctx->text, '\n');
        n = nl ? (size_t)(nl - ctx->text) + 1 : strlen(ctx->text);
        if (n > (size_t)num - 1)
            n = (size_t)num - 1;
        memcpy(str, ctx->text, n);
        str[n] = '\0';
        ctx->text += n;
    }
    ctx->line++;
    bool whole = n > 0 && str[n - 1] == '\n';
    if (!whole && n == (size_t)num - 1 && (ctx->fp ? !feof(ctx->fp) : *ctx->text != '\0')) {
        parse_fail(ctx, "longer than %d characters", num - 2);
        return NULL;
    }
    /* What libinih will make of it (ini.c: comment, continuation, header). */
    const char *p = str;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v')
        p++;
    ctx->continued = false;
    if (*p == '\0' || *p == '\n' || *p == ';' || *p == '#')
        return str;
    if (p > str && ctx->after_key) {
        ctx->continued = true;
        return str;
    }
    if (*p == '[') {
        const char *end = strchr(p + 1, ']');
        if (end) {
            char name[CONFIG_NAME_MAX];
            size_t len = (size_t)(end - p - 1);
            if (len > 49) /* libinih keeps 49 bytes of a section name */
                len = 49;
            memcpy(name, p + 1, len);
            name[len] = '\0';
            if (!note_section(ctx, name))
                return NULL;
        }
        return str;
    }
    ctx->after_key = true;
    return str;
}

/* A key given twice in one section (or an indented line, which libinih
 * would hand over as the key again): refused, since one of the two values
 * would be lost without a word. */
static bool note_key(ParseCtx *ctx, const char *section, const char *name)
{
    if (ctx->continued) {
        parse_fail(ctx,
                   "[%s] %s: an indented line continues the key above; write the value on "
                   "one line (up to %d characters)",
                   section, name, CONFIG_LINE_MAX);
        return false;
    }
    for (int i = 0; i < ctx->key_count; i++)
        if (strcmp(ctx->keys[i].name, name) == 0) {
            parse_fail(ctx, "[%s] %s given again (first at line %d)", section, name,
                       ctx->keys[i].line);
            return false;
        }
    if (ctx->key_count == CONFIG_KEYS_MAX) {
        parse_fail(ctx, "[%s] has more than %d keys", section, CONFIG_KEYS_MAX);
        return false;
    }
    text_copy(ctx->keys[ctx->key_count].name, CONFIG_NAME_MAX, name);
    ctx->keys[ctx->key_count++].line = ctx->line;
    return true;
}

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
    c->urgent_response_hours = 4;
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
    if (strcmp(name, "rotate") == 0) {
        int r;
        if (!parse_int(value, 0, 270, &r) || r % 90 != 0)
            return 0;
        cfg->rotate = r;
        return 1;
    }
    return 0;
}

static int handle_idle(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "warn_after") == 0)
        return parse_int(value, 10, 3600, &cfg->idle_warn_after);
    if (strcmp(name, "countdown") == 0)
        return parse_int(value, 5, 600, &cfg->idle_countdown);
    if (strcmp(name, "result_after") == 0)
        return parse_int(value, 30, 3600, &cfg->idle_result_after);
    return 0;
}

static int handle_district(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "postgres") == 0)
        return text_copy(cfg->district_postgres, sizeof cfg->district_postgres, value);
    if (strcmp(name, "deadline") == 0)
        return parse_int(value, 1, 300, &cfg->district_deadline);
    if (strcmp(name, "interval") == 0)
        return parse_int(value, 5, 86400, &cfg->district_interval);
    if (strcmp(name, "batch") == 0)
        return parse_int(value, 1, 5000, &cfg->district_batch);
    if (strcmp(name, "centre_key") == 0) {
        /* the centre's Ed25519 public key: 32 bytes, standard base64 */
        size_t n = strlen(value);
        if (n != 44 || value[43] != '=')
            return 0;
        for (size_t i = 0; i < 43; i++)
            if (!isalnum((unsigned char)value[i]) && value[i] != '+' && value[i] != '/')
                return 0;
        return text_copy(cfg->district_centre_key, sizeof cfg->district_centre_key, value);
    }
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

static int handle_backup(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "folder") == 0)
        return text_copy(cfg->backup_folder, sizeof cfg->backup_folder, value);
    if (strcmp(name, "every_hours") == 0)
        return parse_int(value, 1, 24 * 30, &cfg->backup_every_hours);
    if (strcmp(name, "keep") == 0)
        return parse_int(value, 1, 365, &cfg->backup_keep);
    return 0;
}

static int handle_retention(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "days") == 0)
        return parse_int(value, 0, 36500, &cfg->retention_days);
    return 0;
}

static int handle_voice(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "enabled") == 0) {
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
            return 0;
        cfg->voice_enabled = strcmp(value, "true") == 0;
        return 1;
    }
    if (strcmp(name, "volume") == 0)
        return parse_int(value, 0, 100, &cfg->voice_volume);
    if (strcmp(name, "hint_after") == 0)
        return parse_int(value, 0, 3600, &cfg->voice_hint_after);
    return 0;
}

static int handle_camera(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "device") == 0)
        return text_copy(cfg->camera_device, sizeof cfg->camera_device, value);
    return 0;
}

/* ---- booking ---- */

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int day_index(const char *s, size_t n)
{
    for (int i = 0; i < 7; i++)
        if (n == 3 && strncmp(s, day_names[i], 3) == 0)
            return i;
    return -1;
}

bool config_parse_days(const char *text, unsigned *days)
{
    char buf[128];
    unsigned bits = 0;
    if (!text_copy(buf, sizeof buf, text))
        return false;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        text_trim(tok);
        char *dash = strchr(tok, '-');
        int from, to;
        if (dash) {
            from = day_index(tok, (size_t)(dash - tok));
            to = day_index(dash + 1, strlen(dash + 1));
        } else {
            from = to = day_index(tok, strlen(tok));
        }
        if (from < 0 || to < 0 || to < from)
            return false;
        for (int d = from; d <= to; d++)
            bits |= 1u << d;
    }
    *days = bits;
    return true;
}

void config_days_format(unsigned days, char *out, size_t cap)
{
    out[0] = '\0';
    for (int d = 0; d < 7;) {
        if (!(days & (1u << d))) {
            d++;
            continue;
        }
        int end = d;
        while (end + 1 < 7 && (days & (1u << (end + 1))))
            end++;
        if (out[0])
            text_append(out, cap, ",");
        text_append(out, cap, day_names[d]);
        if (end > d) {
            text_append(out, cap, "-");
            text_append(out, cap, day_names[end]);
        }
        d = end + 1;
    }
}

/* "HH:MM" into minutes after midnight; 24:00 is allowed as an end. */
static bool parse_hhmm(const char *s, size_t n, int *out)
{
    if (n != 5 || s[2] != ':')
        return false;
    for (size_t i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return false;
    *out = h * 60 + m;
    return true;
}

bool config_parse_slots(const char *text, CfgSlot *slots, int max, int *count)
{
    char buf[512];
    int n = 0;
    *count = 0;
    if (!text_copy(buf, sizeof buf, text))
        return false;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        text_trim(tok);
        char *dash = strchr(tok, '-');
        char *slash = strchr(tok, '/');
        int cap = 0;
        CfgSlot sl;
        if (!dash || !slash || slash < dash || n >= max)
            return false;
        if (!parse_hhmm(tok, (size_t)(dash - tok), &sl.start) ||
            !parse_hhmm(dash + 1, (size_t)(slash - dash - 1), &sl.end) ||
            !parse_int(slash + 1, 0, 999, &cap) || sl.end <= sl.start || sl.start >= 24 * 60)
            return false;
        sl.capacity = cap;
        /* Insert sorted by start. */
        int at = n;
        while (at > 0 && slots[at - 1].start > sl.start) {
            slots[at] = slots[at - 1];
            at--;
        }
        slots[at] = sl;
        n++;
    }
    for (int i = 1; i < n; i++)
        if (slots[i].start < slots[i - 1].end)
            return false; /* overlapping (or twice the same start) */
    *count = n;
    return n > 0;
}

void config_slots_format(const CfgSlot *slots, int count, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < count; i++) {
        char one[40];
        snprintf(one, sizeof one, "%s%02d:%02d-%02d:%02d/%d", i ? "," : "", slots[i].start / 60,
                 slots[i].start % 60, slots[i].end / 60, slots[i].end % 60, slots[i].capacity);
        text_append(out, cap, one);
    }
}

bool config_day_valid(const char *text)
{
    int y, m, d;
    char tail;
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 2000 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= mdays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool config_letter_valid(char c)
{
    /* A requests, H activities, Q walk-in numbers, V volunteers' cards
     * (ticket.h's TICKET_KIND_*, a layer above). */
    return c >= 'B' && c <= 'Z' && c != 'H' && c != 'Q' && c != 'V';
}

static int yes_no(const char *v, bool *out)
{
    if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = true;
    else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = false;
    else
        return 0;
    return 1;
}

/* Adds closures of service (or "*") for a comma list of dates. */
static int add_closures(Config *cfg, const char *service, const char *value)
{
    char buf[512];
    if (!text_copy(buf, sizeof buf, value))
        return 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        text_trim(tok);
        if (!config_day_valid(tok) || cfg->closure_count >= CFG_MAX_CLOSURES)
            return 0;
        CfgClosure *c = &cfg->closures[cfg->closure_count++];
        memset(c, 0, sizeof *c);
        text_copy(c->service, sizeof c->service, service);
        text_copy(c->day, sizeof c->day, tok);
    }
    return 1;
}

static int handle_booking(Config *cfg, const char *name, const char *value)
{
    if (strcmp(name, "max_open_per_phone") == 0)
        return parse_int(value, 1, 50, &cfg->max_open_per_phone);
    if (strcmp(name, "closed") == 0)
        return add_closures(cfg, "*", value);
    if (!text_valid_utf8(value))
        return 0;
    if (strcmp(name, "closed_zh") == 0)
        return text_copy(cfg->closed_zh, sizeof cfg->closed_zh, value);
    if (strcmp(name, "closed_en") == 0)
        return text_copy(cfg->closed_en, sizeof cfg->closed_en, value);
    return 0;
}

static CfgService *service_get(Config *cfg, const char *code)
{
    for (int i = 0; i < cfg->service_count; i++)
        if (strcmp(cfg->services[i].item.code, code) == 0)
            return &cfg->services[i];
    if (cfg->service_count >= CFG_MAX_SERVICES)
        return NULL;
    CfgService *s = &cfg->services[cfg->service_count++];
    memset(s, 0, sizeof *s);
    text_copy(s->item.code, sizeof s->item.code, code);
    s->days = 0x1fu; /* weekdays */
    s->horizon_days = 14;
    s->active = true;
    return s;
}

static int handle_service(Config *cfg, const char *code, const char *name, const char *value)
{
    CfgService *s = service_get(cfg, code);
    if (!s)
        return 0;
    if (strcmp(name, "letter") == 0) {
        if (strlen(value) != 1 || !config_letter_valid(value[0]))
            return 0;
        s->letter = value[0];
        return 1;
    }
    if (strcmp(name, "days") == 0)
        return config_parse_days(value, &s->days) && s->days != 0;
    if (strcmp(name, "slots") == 0)
        return config_parse_slots(value, s->slots, CFG_MAX_SLOTS, &s->slot_count);
    if (strcmp(name, "lead_hours") == 0)
        return parse_int(value, 0, 24 * 30, &s->lead_hours);
    if (strcmp(name, "horizon_days") == 0)
        return parse_int(value, 1, 60, &s->horizon_days);
    if (strcmp(name, "escort") == 0)
        return yes_no(value, &s->escort);
    if (strcmp(name, "active") == 0)
        return yes_no(value, &s->active);
    if (strcmp(name, "closed") == 0)
        return add_closures(cfg, code, value);
    if (!text_valid_utf8(value))
        return 0;
    static const struct {
        const char *key;
        size_t off;
    } texts[] = {
        {"about_zh", offsetof(CfgService, about_zh)}, {"about_en", offsetof(CfgService, about_en)},
        {"place_zh", offsetof(CfgService, place_zh)}, {"place_en", offsetof(CfgService, place_en)},
        {"bring_zh", offsetof(CfgService, bring_zh)}, {"bring_en", offsetof(CfgService, bring_en)},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(name, texts[i].key) == 0)
            return text_copy((char *)s + texts[i].off, CFG_TEXT_MAX, value);
    return set_label(&s->item, name, value);
}

/* [hospital.CODE] and [department.CODE]: a pick list of labels. */
static int handle_pick(CfgItem *items, int *count, const char *code, const char *name,
                       const char *value)
{
    CfgItem *it = NULL;
    for (int i = 0; i < *count; i++)
        if (strcmp(items[i].code, code) == 0)
            it = &items[i];
    if (!it) {
        if (*count >= CFG_MAX_PICKS || strcmp(code, "other") == 0)
            return 0;
        it = &items[(*count)++];
        memset(it, 0, sizeof *it);
        text_copy(it->code, sizeof it->code, code);
    }
    return set_label(it, name, value);
}

/* [community.CODE]: zh, en and the buildings it has. */
static int handle_community(Config *cfg, const char *code, const char *name, const char *value)
{
    CfgCommunity *c = NULL;
    for (int i = 0; i < cfg->community_count; i++)
        if (strcmp(cfg->communities[i].item.code, code) == 0)
            c = &cfg->communities[i];
    if (!c) {
        if (cfg->community_count >= CFG_MAX_COMMUNITIES)
            return 0;
        c = &cfg->communities[cfg->community_count++];
        memset(c, 0, sizeof *c);
        text_copy(c->item.code, sizeof c->item.code, code);
    }
    if (strcmp(name, "buildings") == 0)
        return text_copy(c->buildings, sizeof c->buildings, value);
    return set_label(&c->item, name, value);
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
        if (strcmp(name, "urgent_response_hours") == 0)
            return parse_int(value, 1, 24 * 30, &c->urgent_response_hours);
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
    if (strncmp(buf, "service.", 8) == 0)
        return code_valid(buf + 8) ? handle_service(cfg, buf + 8, name, value) : 0;
    if (strncmp(buf, "hospital.", 9) == 0)
        return code_valid(buf + 9)
                   ? handle_pick(cfg->hospitals, &cfg->hospital_count, buf + 9, name, value)
                   : 0;
    if (strncmp(buf, "skill.", 6) == 0)
        return code_valid(buf + 6)
                   ? handle_pick(cfg->skills, &cfg->skill_count, buf + 6, name, value)
                   : 0;
    if (strncmp(buf, "community.", 10) == 0)
        return code_valid(buf + 10) ? handle_community(cfg, buf + 10, name, value) : 0;
    if (strncmp(buf, "department.", 11) == 0)
        return code_valid(buf + 11)
                   ? handle_pick(cfg->departments, &cfg->department_count, buf + 11, name, value)
                   : 0;
    return note_ignored(cfg, section);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    ParseCtx *ctx = user;
    Config *cfg = ctx->cfg;
    int ok;
    if (!note_key(ctx, section, name))
        return 0;
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
    else if (strcmp(section, "booking") == 0)
        ok = handle_booking(cfg, name, value);
    else if (strcmp(section, "backup") == 0)
        ok = handle_backup(cfg, name, value);
    else if (strcmp(section, "retention") == 0)
        ok = handle_retention(cfg, name, value);
    else if (strcmp(section, "voice") == 0)
        ok = handle_voice(cfg, name, value);
    else if (strcmp(section, "district") == 0)
        ok = handle_district(cfg, name, value);
    else if (strcmp(section, "sms") == 0)
        ok = sms_config_set(&cfg->sms, name, value);
    else if (strcmp(section, "volunteers") == 0)
        ok = strcmp(name, "points_per_hour") == 0 &&
             parse_int(value, 0, 1000, &cfg->volunteer_points_per_hour);
    else
        ok = handle_lists(cfg, section, name, value);
    if (!ok && !ctx->failed) {
        ctx->failed = true;
        snprintf(ctx->err, ctx->errcap, "%s: [%s] %s = %s: unknown key or bad value", ctx->source,
                 section, name, value);
    }
    return ok;
}

/* A whole-file check failed: the message names the line of the section at
 * fault when the file has it (the built-in defaults are complete). */
static void complete_fail(ParseCtx *ctx, const char *section, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void complete_fail(ParseCtx *ctx, const char *section, const char *fmt, ...)
{
    const Seen *at = section ? section_seen(ctx, section) : NULL;
    if (!ctx->err || !ctx->errcap)
        return;
    int n = at ? snprintf(ctx->err, ctx->errcap, "%s: line %d: ", ctx->source, at->line)
               : snprintf(ctx->err, ctx->errcap, "%s: ", ctx->source);
    if (n < 0 || (size_t)n >= ctx->errcap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err + n, ctx->errcap - (size_t)n, fmt, ap);
    va_end(ap);
}

static KResult check_complete(Config *cfg, ParseCtx *ctx)
{
    char sec[CONFIG_NAME_MAX * 2];
    for (int i = 0; i < cfg->category_count; i++) {
        const CfgCategory *c = &cfg->categories[i];
        if (c->item.zh[0] == '\0' || c->item.en[0] == '\0') {
            snprintf(sec, sizeof sec, "category.%s", c->item.code);
            complete_fail(ctx, sec, "category %s needs both zh and en names", c->item.code);
            return K_ERR_INVALID;
        }
        for (int j = 0; j < c->issue_count; j++)
            if (c->issues[j].zh[0] == '\0' || c->issues[j].en[0] == '\0') {
                snprintf(sec, sizeof sec, "issue.%s.%s", c->item.code, c->issues[j].code);
                complete_fail(ctx, sec, "issue %s.%s needs both zh and en names", c->item.code,
                              c->issues[j].code);
                return K_ERR_INVALID;
            }
    }
    for (int i = 0; i < cfg->service_count; i++) {
        const CfgService *s = &cfg->services[i];
        snprintf(sec, sizeof sec, "service.%s", s->item.code);
        if (s->item.zh[0] == '\0' || s->item.en[0] == '\0' || s->letter == 0 ||
            s->slot_count == 0) {
            complete_fail(ctx, sec, "service %s needs zh, en, letter and slots", s->item.code);
            return K_ERR_INVALID;
        }
        for (int j = 0; j < i; j++)
            if (cfg->services[j].letter == s->letter) {
                /* The line of whichever of the two this file has. */
                if (!section_seen(ctx, sec))
                    snprintf(sec, sizeof sec, "service.%s", cfg->services[j].item.code);
                complete_fail(ctx, sec, "services %s and %s both use the letter %c",
                              cfg->services[j].item.code, s->item.code, s->letter);
                return K_ERR_INVALID;
            }
    }
    for (int i = 0; i < cfg->closure_count; i++) {
        CfgClosure *c = &cfg->closures[i];
        if (strcmp(c->service, "*") != 0 && !config_service(cfg, c->service)) {
            snprintf(sec, sizeof sec, "service.%s", c->service);
            complete_fail(ctx, sec, "closure on %s names no service", c->day);
            return K_ERR_INVALID;
        }
        if (c->reason_zh[0] == '\0')
            text_copy(c->reason_zh, sizeof c->reason_zh, cfg->closed_zh);
        if (c->reason_en[0] == '\0')
            text_copy(c->reason_en, sizeof c->reason_en, cfg->closed_en);
    }
    static const struct {
        const char *what;
        size_t off, count_off;
    } picks[] = {{"hospital", offsetof(Config, hospitals), offsetof(Config, hospital_count)},
                 {"department", offsetof(Config, departments), offsetof(Config, department_count)},
                 {"skill", offsetof(Config, skills), offsetof(Config, skill_count)}};
    for (size_t p = 0; p < sizeof picks / sizeof picks[0]; p++) {
        const CfgItem *items = (const CfgItem *)((const char *)cfg + picks[p].off);
        int count = *(const int *)((const char *)cfg + picks[p].count_off);
        for (int i = 0; i < count; i++)
            if (items[i].zh[0] == '\0' || items[i].en[0] == '\0') {
                snprintf(sec, sizeof sec, "%s.%s", picks[p].what, items[i].code);
                complete_fail(ctx, sec, "%s %s needs both zh and en names", picks[p].what,
                              items[i].code);
                return K_ERR_INVALID;
            }
    }
    for (int i = 0; i < cfg->community_count; i++)
        if (cfg->communities[i].item.zh[0] == '\0' || cfg->communities[i].item.en[0] == '\0') {
            snprintf(sec, sizeof sec, "community.%s", cfg->communities[i].item.code);
            complete_fail(ctx, sec, "community %s needs both zh and en names",
                          cfg->communities[i].item.code);
            return K_ERR_INVALID;
        }
    if (cfg->category_count == 0) {
        complete_fail(ctx, NULL, "the configuration has no categories");
        return K_ERR_INVALID;
    }
    return K_OK;
}

/* Parses one source (the file when fp, else the text) into ctx->cfg. */
static int parse_source(ParseCtx *ctx, const char *source, FILE *fp, const char *text)
{
    ctx->source = source;
    ctx->fp = fp;
    ctx->text = text;
    ctx->line = 0;
    ctx->after_key = false;
    ctx->continued = false;
    ctx->section_count = 0;
    ctx->key_count = 0;
    /* Debian's libinih takes its line limit at run time (see the top). */
    ini_max_line = CONFIG_LINE_MAX + 2;
    return ini_parse_stream(read_line, ctx, handler, ctx);
}

KResult config_load(Config *cfg, const char *path, char *err, size_t errcap)
{
    memset(cfg, 0, sizeof *cfg);
    sms_config_defaults(&cfg->sms);
    ParseCtx ctx = {.cfg = cfg, .err = err, .errcap = errcap};
    KResult r = K_OK;
    if (err && errcap)
        err[0] = '\0';
    int line = parse_source(&ctx, "built-in defaults", NULL, kiosk_default_ini);
    if (line != 0 || ctx.failed) {
        r = K_ERR_INVALID; /* a broken build; the unit test catches it */
        goto done;
    }
    if (path) {
        FILE *fp = fopen(path, "r");
        if (!fp) {
            snprintf(err, errcap, "%s: cannot open the configuration file", path);
            r = K_ERR_NOT_FOUND;
            goto done;
        }
        line = parse_source(&ctx, path, fp, NULL);
        bool unreadable = ferror(fp) != 0; /* a folder, an I/O error: not an empty file */
        fclose(fp);
        if (unreadable && !ctx.failed) {
            snprintf(err, errcap, "%s: cannot read the configuration file", path);
            r = K_ERR_NOT_FOUND;
            goto done;
        }
        if (line != 0 || ctx.failed) {
            if (!ctx.failed)
                snprintf(err, errcap, "%s: line %d: not valid INI", path, line);
            else if (!ctx.err_has_line) {
                char tmp[512];
                snprintf(tmp, sizeof tmp, "%s (line %d)", err, line);
                text_copy(err, errcap, tmp);
            }
            r = K_ERR_INVALID;
            goto done;
        }
    }
    r = check_complete(cfg, &ctx);
    if (r == K_OK && !sms_config_finish(&cfg->sms, err, errcap))
        r = K_ERR_INVALID;
done:
    free(ctx.sections);
    return r;
}

const CfgCommunity *config_community_of(const Config *cfg, const char *building)
{
    size_t n = strlen(building);
    if (n == 0)
        return NULL;
    for (int i = 0; i < cfg->community_count; i++) {
        /* a whole item of the comma list, spaces around it allowed */
        const char *p = cfg->communities[i].buildings;
        while (*p) {
            while (*p == ' ')
                p++;
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            size_t trimmed = len;
            while (trimmed > 0 && p[trimmed - 1] == ' ')
                trimmed--;
            if (trimmed == n && strncmp(p, building, n) == 0)
                return &cfg->communities[i];
            if (!end)
                break;
            p = end + 1;
        }
    }
    return NULL;
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

const CfgService *config_service(const Config *cfg, const char *code)
{
    for (int i = 0; i < cfg->service_count; i++)
        if (strcmp(cfg->services[i].item.code, code) == 0)
            return &cfg->services[i];
    return NULL;
}

const CfgItem *config_pick(const CfgItem *items, int count, const char *code)
{
    for (int i = 0; i < count; i++)
        if (strcmp(items[i].code, code) == 0)
            return &items[i];
    return NULL;
}

const char *config_label(const CfgItem *item, const char *lang)
{
    return strcmp(lang, "en") == 0 ? item->en : item->zh;
}
