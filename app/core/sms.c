/* sms.c - the [sms] settings, templates, quiet hours and smsd's file
 * formats (sms.h).  No I/O here: app/kiosk/app_sms.c reads and writes the
 * files, the store keeps the outbox. */
#include "kiosk/sms.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/text.h"

static const char *const kind_names[SMS_KIND_COUNT] = {
    [SMS_BOOKING_CONFIRMED] = "booking_confirmed",
    [SMS_BOOKING_REMINDER] = "booking_reminder",
    [SMS_BOOKING_CANCELLED] = "booking_cancelled",
    [SMS_BOOKING_CHANGED] = "booking_changed",
    [SMS_REQUEST_ACCEPTED] = "request_accepted",
    [SMS_REQUEST_RESOLVED] = "request_resolved",
    [SMS_ACTIVITY_PROMOTED] = "activity_promoted",
    [SMS_ACTIVITY_CANCELLED] = "activity_cancelled",
    [SMS_VOLUNTEER_APPROVED] = "volunteer_approved",
    [SMS_TEST] = "test",
};

/* Built-in templates: short, plain, signed with the station's name.  The
 * Chinese ones begin with the signature in 【】 as Chinese texts do. */
static const char *const builtin[SMS_KIND_COUNT][2] = {
    [SMS_BOOKING_CONFIRMED] = {"【{station}】您已预约{service}：{day} {time}，号码{ticket}。"
                               "请按时到站。回复TD退订。",
                               "{station}: booked {service} on {day} at {time}, ticket {ticket}. "
                               "Reply TD to stop texts."},
    [SMS_BOOKING_REMINDER] = {"【{station}】提醒：您明天{time}有{service}预约，号码{ticket}。"
                              "回复TD退订。",
                              "{station}: reminder, {service} tomorrow at {time}, ticket {ticket}. "
                              "Reply TD to stop texts."},
    [SMS_BOOKING_CANCELLED] = {"【{station}】您{day} {time}的{service}预约已取消。"
                               "如有疑问请致电{phone}。",
                               "{station}: your {service} on {day} at {time} is cancelled. "
                               "Questions: call {phone}."},
    [SMS_BOOKING_CHANGED] = {"【{station}】您的{service}预约改为{day} {time}，号码{ticket}。"
                             "如有疑问请致电{phone}。",
                             "{station}: your {service} is now on {day} at {time}, ticket "
                             "{ticket}. Questions: call {phone}."},
    [SMS_REQUEST_ACCEPTED] = {"【{station}】您的求助（查询码{code}）已受理，我们会尽快处理。"
                              "回复TD退订。",
                              "{station}: your request (code {code}) is accepted; we are on it. "
                              "Reply TD to stop texts."},
    [SMS_REQUEST_RESOLVED] = {"【{station}】您的求助（查询码{code}）已办结。"
                              "欢迎到服务站用查询码评价。",
                              "{station}: your request (code {code}) is resolved. Rate it at the "
                              "station with code {code}."},
    [SMS_ACTIVITY_PROMOTED] = {"【{station}】您已从候补转为正式报名：{activity}，{day} {time}。",
                               "{station}: you now have a place at {activity}, {day} {time}."},
    [SMS_ACTIVITY_CANCELLED] = {"【{station}】活动“{activity}”（{day} {time}）已取消。",
                                "{station}: {activity} ({day} {time}) is cancelled."},
    [SMS_VOLUNTEER_APPROVED] = {"【{station}】您的志愿者申请已通过，请到站领取志愿者卡。",
                                "{station}: your volunteer application is approved; collect your "
                                "card at the station."},
    [SMS_TEST] = {"【{station}】短信测试。", "{station}: test message."},
};

const char *sms_kind_name(SmsKind k)
{
    return (k >= 0 && k < SMS_KIND_COUNT) ? kind_names[k] : "unknown";
}

int sms_kind_from_name(const char *name)
{
    for (int i = 0; i < SMS_KIND_COUNT; i++)
        if (name && strcmp(name, kind_names[i]) == 0)
            return i;
    return -1;
}

void sms_config_defaults(SmsConfig *c)
{
    memset(c, 0, sizeof *c);
    c->remind_at = 18 * 60;
    c->quiet_from = 21 * 60;
    c->quiet_to = 8 * 60;
    c->daily_limit = 5;
    c->retries = 2;
    c->retry_minutes = 10;
    c->stale_minutes = 15;
}

static bool parse_num(const char *v, int lo, int hi, int *out)
{
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi)
        return false;
    *out = (int)n;
    return true;
}

/* "HH:MM" into minutes after midnight. */
static bool parse_hhmm(const char *v, int *out)
{
    if (strlen(v) != 5 || v[2] != ':' || !isdigit((unsigned char)v[0]) ||
        !isdigit((unsigned char)v[1]) || !isdigit((unsigned char)v[3]) ||
        !isdigit((unsigned char)v[4]))
        return false;
    int h = (v[0] - '0') * 10 + (v[1] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
    if (h > 23 || m > 59)
        return false;
    *out = h * 60 + m;
    return true;
}

static bool set_path(char *dst, const char *v)
{
    return v[0] == '/' && text_copy(dst, SMS_PATH_MAX, v);
}

bool sms_config_set(SmsConfig *c, const char *name, const char *value)
{
    if (strcmp(name, "daemon") == 0) {
        if (strcmp(value, "smstools") != 0 && value[0] != '\0')
            return false; /* gammu-smsd is not supported: docs/sms.md says why */
        return text_copy(c->daemon, sizeof c->daemon, value);
    }
    if (strcmp(name, "outbox") == 0)
        return set_path(c->outbox, value);
    if (strcmp(name, "checked") == 0)
        return set_path(c->checked, value);
    if (strcmp(name, "sent") == 0)
        return set_path(c->sent, value);
    if (strcmp(name, "failed") == 0)
        return set_path(c->failed, value);
    if (strcmp(name, "incoming") == 0)
        return set_path(c->incoming, value);
    if (strcmp(name, "pidfile") == 0)
        return set_path(c->pidfile, value);
    if (strcmp(name, "test_number") == 0)
        return value[0] == '\0' ||
               (sms_phone_ok(value) && text_copy(c->test_number, sizeof c->test_number, value));
    if (strcmp(name, "remind_at") == 0)
        return parse_hhmm(value, &c->remind_at);
    if (strcmp(name, "quiet_from") == 0)
        return parse_hhmm(value, &c->quiet_from);
    if (strcmp(name, "quiet_to") == 0)
        return parse_hhmm(value, &c->quiet_to);
    if (strcmp(name, "daily_limit") == 0)
        return parse_num(value, 1, 50, &c->daily_limit);
    if (strcmp(name, "retries") == 0)
        return parse_num(value, 0, 10, &c->retries);
    if (strcmp(name, "retry_minutes") == 0)
        return parse_num(value, 1, 1440, &c->retry_minutes);
    if (strcmp(name, "stale_minutes") == 0)
        return parse_num(value, 1, 1440, &c->stale_minutes);
    /* KIND_zh, KIND_en: a template */
    size_t n = strlen(name);
    if (n > 3 && name[n - 3] == '_' &&
        (strcmp(name + n - 2, "zh") == 0 || strcmp(name + n - 2, "en") == 0)) {
        char kind[32];
        if (n - 3 >= sizeof kind)
            return false;
        memcpy(kind, name, n - 3);
        kind[n - 3] = '\0';
        int k = sms_kind_from_name(kind);
        if (k < 0 || !text_valid_utf8(value) || value[0] == '\0')
            return false;
        return text_copy(c->tpl[k][name[n - 2] == 'e'], SMS_TPL_MAX, value);
    }
    return false;
}

/* dst = the parent of outbox + "/" + leaf, when dst is empty. */
static void beside(char *dst, const char *outbox, const char *leaf)
{
    if (dst[0])
        return;
    const char *slash = strrchr(outbox, '/');
    int parent = slash ? (int)(slash - outbox) : 0;
    snprintf(dst, SMS_PATH_MAX, "%.*s/%s", parent, outbox, leaf);
}

bool sms_config_finish(SmsConfig *c, char *err, size_t errcap)
{
    if (!c->daemon[0])
        return true;
    if (!c->outbox[0]) {
        snprintf(err, errcap, "[sms] daemon = %s needs outbox = smsd's outgoing folder", c->daemon);
        return false;
    }
    beside(c->checked, c->outbox, "checked");
    beside(c->sent, c->outbox, "sent");
    beside(c->failed, c->outbox, "failed");
    beside(c->incoming, c->outbox, "incoming");
    return true;
}

const char *sms_template(const SmsConfig *c, SmsKind k, const char *lang)
{
    if (k < 0 || k >= SMS_KIND_COUNT)
        k = SMS_TEST;
    int l = (lang && strcmp(lang, "en") == 0) ? 1 : 0;
    if (c && c->tpl[k][l][0])
        return c->tpl[k][l];
    return builtin[k][l];
}

bool sms_param(const char *params, const char *key, char *out, size_t cap)
{
    size_t kn = strlen(key);
    const char *p = params;
    while (p && *p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > kn && strncmp(p, key, kn) == 0 && p[kn] == '=') {
            size_t vn = len - kn - 1;
            if (vn + 1 > cap)
                return false;
            memcpy(out, p + kn + 1, vn);
            out[vn] = '\0';
            return true;
        }
        p = eol ? eol + 1 : NULL;
    }
    return false;
}

bool sms_render(const char *tpl, const char *params, const char *lang, SmsLookup lookup, void *ctx,
                char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0)
        return false;
    out[0] = '\0';
    for (const char *p = tpl; *p;) {
        const char *close = (*p == '{') ? strchr(p, '}') : NULL;
        if (close && close - p - 1 > 0 && close - p - 1 < 32) {
            char key[32], val[SMS_BODY_MAX];
            memcpy(key, p + 1, (size_t)(close - p - 1));
            key[close - p - 1] = '\0';
            val[0] = '\0';
            if (!(lookup && lookup(key, params, lang, val, sizeof val, ctx)))
                if (!sms_param(params, key, val, sizeof val))
                    val[0] = '\0';
            size_t vn = strlen(val);
            if (o + vn + 1 > cap)
                goto fail;
            memcpy(out + o, val, vn);
            o += vn;
            p = close + 1;
            continue;
        }
        if (o + 2 > cap)
            goto fail;
        out[o++] = *p++;
    }
    out[o] = '\0';
    if (!text_valid_utf8(out))
        goto fail;
    return true;
fail:
    out[0] = '\0';
    return false;
}

bool sms_quiet(int minute, int from, int to)
{
    if (from == to)
        return false;
    if (from < to)
        return minute >= from && minute < to;
    return minute >= from || minute < to;
}

bool sms_phone_ok(const char *d)
{
    if (!d || strlen(d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
        return false;
    for (int i = 0; i < 11; i++)
        if (!isdigit((unsigned char)d[i]))
            return false;
    return true;
}

size_t sms_smstools_file(const char *digits, const char *body, char *out, size_t cap)
{
    if (!sms_phone_ok(digits) || !body || !body[0] || !text_valid_utf8(body))
        return 0;
    int n = snprintf(out, cap, "To: 86%s\nAlphabet: UTF-8\n\n%s", digits, body);
    if (n < 0 || (size_t)n >= cap) {
        if (cap)
            out[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

void sms_file_name(int64_t id, int64_t created, int attempt, char *out, size_t cap)
{
    snprintf(out, cap, "kiosk-%" PRId64 "-%" PRId64 "-%d", id, created, attempt);
}

bool sms_file_name_parse(const char *name, int64_t *id, int64_t *created, int *attempt)
{
    if (strncmp(name, "kiosk-", 6) != 0)
        return false;
    const char *p = name + 6;
    char *end = NULL;
    long long v = strtoll(p, &end, 10);
    if (end == p || *end != '-' || v <= 0)
        return false;
    p = end + 1;
    long long c = strtoll(p, &end, 10);
    if (end == p || *end != '-' || c < 0)
        return false;
    p = end + 1;
    long a = strtol(p, &end, 10);
    if (end == p || *end || a < 1 || a > 100)
        return false;
    *id = v;
    *created = c;
    *attempt = (int)a;
    return true;
}

/* UCS-2 big endian into UTF-8. */
static void ucs2_to_utf8(const unsigned char *b, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        unsigned cp = (unsigned)b[i] << 8 | b[i + 1];
        char u[4];
        size_t n;
        if (cp < 0x80) {
            u[0] = (char)cp;
            n = 1;
        } else if (cp < 0x800) {
            u[0] = (char)(0xC0 | cp >> 6);
            u[1] = (char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp >= 0xD800 && cp < 0xE000) {
            continue; /* a surrogate half: not a character we need */
        } else {
            u[0] = (char)(0xE0 | cp >> 12);
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            n = 3;
        }
        if (o + n + 1 > cap)
            break;
        memcpy(out + o, u, n);
        o += n;
    }
    out[o] = '\0';
}

/* The digits of a header's number: "8613812345678" -> "13812345678". */
static void number_of(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    for (; *v && o + 1 < cap; v++)
        if (isdigit((unsigned char)*v))
            out[o++] = *v;
    out[o] = '\0';
    if (o == 13 && strncmp(out, "86", 2) == 0)
        memmove(out, out + 2, o - 1);
}

bool sms_smstools_parse(const char *bytes, size_t len, SmsFile *f)
{
    memset(f, 0, sizeof *f);
    size_t i = 0;
    bool ucs2 = false, any = false;
    while (i < len) {
        const char *nl = memchr(bytes + i, '\n', len - i);
        if (!nl)
            return false; /* no empty line: not a whole file */
        size_t n = (size_t)(nl - (bytes + i));
        if (n > 0 && bytes[i + n - 1] == '\r')
            n--;
        if (n == 0) {
            i = (size_t)(nl - bytes) + 1;
            break;
        }
        char line[256];
        size_t c = n < sizeof line - 1 ? n : sizeof line - 1;
        memcpy(line, bytes + i, c);
        line[c] = '\0';
        char *colon = strchr(line, ':');
        if (colon) {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ')
                v++;
            any = true;
            if (strcmp(line, "From") == 0)
                number_of(v, f->from, sizeof f->from);
            else if (strcmp(line, "To") == 0)
                number_of(v, f->to, sizeof f->to);
            else if (strcmp(line, "Failed") == 0)
                f->failed = true;
            else if (strcmp(line, "Fail_reason") == 0)
                text_copy(f->reason, sizeof f->reason, v);
            else if (strcmp(line, "Sent") == 0)
                f->sent = true;
            else if (strcmp(line, "Alphabet") == 0)
                ucs2 = strncmp(v, "UCS", 3) == 0 || strncmp(v, "Uni", 3) == 0 ||
                       strncmp(v, "Chi", 3) == 0;
        }
        i = (size_t)(nl - bytes) + 1;
    }
    if (!any)
        return false;
    size_t body = len > i ? len - i : 0;
    char raw[SMS_BODY_MAX];
    size_t c = body < sizeof raw - 1 ? body : sizeof raw - 1;
    memcpy(raw, bytes + i, c);
    raw[c] = '\0';
    if (ucs2 && (memchr(raw, '\0', c) || !text_valid_utf8(raw)))
        ucs2_to_utf8((const unsigned char *)bytes + i, c, f->text, sizeof f->text);
    else if (text_valid_utf8(raw))
        text_copy(f->text, sizeof f->text, raw);
    if (!text_valid_utf8(f->reason))
        f->reason[0] = '\0';
    return true;
}

bool sms_is_optout(const char *text)
{
    char s[64];
    size_t o = 0;
    for (const char *p = text; *p;) {
        unsigned cp = text_next_cp(&p);
        if (cp == 0)
            break;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0; /* full width to half */
        if (cp < 0x80) {
            if (isalpha((int)cp)) {
                if (o + 2 > sizeof s)
                    return false;
                s[o++] = (char)toupper((int)cp);
            } else if (isdigit((int)cp)) {
                return false;
            }
            continue; /* spaces and punctuation */
        }
        if (cp == 0x3002 || cp == 0xFF0C || cp == 0x3000) /* 。，and the wide space */
            continue;
        char u[4] = {(char)(0xE0 | cp >> 12), (char)(0x80 | ((cp >> 6) & 0x3F)),
                     (char)(0x80 | (cp & 0x3F)), 0};
        if (cp < 0x800 || cp > 0xFFFF || o + 4 > sizeof s)
            return false;
        memcpy(s + o, u, 3);
        o += 3;
    }
    s[o] = '\0';
    return strcmp(s, "TD") == 0 || strcmp(s, "退订") == 0 || strcmp(s, "STOP") == 0;
}
