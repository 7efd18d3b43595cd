/* sms.h - text messages to residents through smstools' smsd (issue 23).
 *
 * Pure C, no files and no database: the [sms] settings, the message kinds
 * and their templates per language, quiet hours, and smsd's own file
 * formats (docs/sms.md):
 *   - an outgoing file (what the kiosk writes into smsd's outgoing folder):
 *       "To: 8613812345678\nAlphabet: UTF-8\n\n" then the text, no newline
 *     after it (smsd sends everything after the empty line);
 *   - a sent or failed file: the same file moved by smsd, with headers it
 *     adds ("Sent: 26-12-07 10:00:00", "Failed: ...", "Fail_reason: ...");
 *   - an incoming file: "From: 86...", "Alphabet: ...", other headers, an
 *     empty line, the text (UTF-8, or UCS-2 big endian when Alphabet is UCS2
 *     and smsd was not told incoming_utf8).
 * The files are named by the kiosk "kiosk-ID-CREATED-ATTEMPT" (the text's
 * id, its creation time in seconds, the attempt): no dot, one name per
 * attempt, so the same attempt is never written twice and a retry is a new
 * file; the creation time keeps apart the texts of two kiosks sharing one
 * modem, or of a database restored from a backup, which reuse ids. */
#ifndef KIOSK_SMS_H
#define KIOSK_SMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMS_PATH_MAX 256
#define SMS_TPL_MAX 320  /* bytes of one template */
#define SMS_BODY_MAX 600 /* bytes of a rendered text (smsd splits it into parts) */
#define SMS_PARAMS_MAX 1000
#define SMS_FILE_MAX 800 /* an outgoing file: headers and the text */
#define SMS_NAME_MAX 64  /* "kiosk-ID-CREATED-ATTEMPT" */
#define SMS_REASON_MAX 160

/* What a message is about.  The names are the outbox's kind column and the
 * [sms] template keys (NAME_zh, NAME_en). */
typedef enum {
    SMS_BOOKING_CONFIRMED = 0,
    SMS_BOOKING_REMINDER,
    SMS_BOOKING_CANCELLED,
    SMS_BOOKING_CHANGED, /* no trigger yet: bookings have no change of time today */
    SMS_REQUEST_ACCEPTED,
    SMS_REQUEST_RESOLVED,
    SMS_ACTIVITY_PROMOTED,
    SMS_ACTIVITY_CANCELLED,
    SMS_VOLUNTEER_APPROVED,
    SMS_TEST,
    SMS_KIND_COUNT
} SmsKind;

const char *sms_kind_name(SmsKind k);
/* -1 when name is no kind. */
int sms_kind_from_name(const char *name);

/* [sms] of the configuration.  daemon "" means texts are off: nothing is
 * queued and nothing is written. */
typedef struct {
    char daemon[16];             /* "smstools" or "" */
    char outbox[SMS_PATH_MAX];   /* smsd's outgoing folder */
    char checked[SMS_PATH_MAX];  /* smsd's spool (checked): default beside outbox */
    char sent[SMS_PATH_MAX];     /* smsd's sent folder: default beside outbox */
    char failed[SMS_PATH_MAX];   /* smsd's failed folder */
    char incoming[SMS_PATH_MAX]; /* smsd's incoming folder (replies, TD) */
    char pidfile[SMS_PATH_MAX];  /* smsd's pid file: is it running */
    char test_number[16];        /* the maintenance screen's test goes there */
    int remind_at;               /* minutes after midnight the day before (18:00) */
    int quiet_from, quiet_to;    /* minutes after midnight (21:00, 08:00) */
    int daily_limit;             /* texts per number per day (5) */
    int retries;                 /* attempts after the first failure (2) */
    int retry_minutes;           /* wait before a retry (10) */
    int stale_minutes;           /* handed but no report for this long: daemon late (15) */
    char tpl[SMS_KIND_COUNT][2][SMS_TPL_MAX]; /* [kind][0 zh, 1 en]; "" built-in */
} SmsConfig;

void sms_config_defaults(SmsConfig *c);
/* One [sms] key; false for an unknown key or a bad value. */
bool sms_config_set(SmsConfig *c, const char *name, const char *value);
/* After loading: fills the folders left empty from outbox's parent (the
 * Debian layout /var/spool/sms/{outgoing,checked,sent,failed,incoming});
 * false with err when daemon is set without outbox. */
bool sms_config_finish(SmsConfig *c, char *err, size_t errcap);
static inline bool sms_enabled(const SmsConfig *c)
{
    return c->daemon[0] != '\0';
}

/* The template of kind in lang ("zh"/"en"): the configured one, else the
 * built-in one.  Never NULL. */
const char *sms_template(const SmsConfig *c, SmsKind k, const char *lang);

/* Looks a value up in params ("key=value" lines): the value's bytes into
 * out; false when the key is missing. */
bool sms_param(const char *params, const char *key, char *out, size_t cap);

/* A lookup for placeholders the params do not hold as text (the service's
 * name from its code ...): writes the value and returns true. */
typedef bool (*SmsLookup)(const char *key, const char *params, const char *lang, char *out,
                          size_t cap, void *ctx);

/* Renders tpl: {key} is replaced by lookup's value or else the param's;
 * an unknown {key} is left out.  false when the result does not fit or is
 * not valid UTF-8 (out "" then). */
bool sms_render(const char *tpl, const char *params, const char *lang, SmsLookup lookup, void *ctx,
                char *out, size_t cap);

/* true when minute (after midnight) is within quiet hours [from, to),
 * which may wrap past midnight. */
bool sms_quiet(int minute, int from, int to);

/* A number texts can reach: a mainland mobile (11 digits, 1[3-9]). */
bool sms_phone_ok(const char *digits);

/* smsd's outgoing file for digits (a mainland mobile) and body; the
 * file's length, or 0 when it does not fit or the body is empty. */
size_t sms_smstools_file(const char *digits, const char *body, char *out, size_t cap);

/* The file name of an attempt: "kiosk-ID-CREATED-ATTEMPT". */
void sms_file_name(int64_t id, int64_t created, int attempt, char *out, size_t cap);
/* Parses a name of ours back; false for any other file. */
bool sms_file_name_parse(const char *name, int64_t *id, int64_t *created, int *attempt);

/* One smsd file read (a sent, failed or incoming one). */
typedef struct {
    char from[24];               /* From: digits, "86" dropped for a mainland number */
    char to[24];                 /* To: */
    bool failed;                 /* a Failed: header */
    char reason[SMS_REASON_MAX]; /* Fail_reason: */
    bool sent;                   /* a Sent: header */
    char text[SMS_BODY_MAX];     /* the text as UTF-8 (UCS2 converted) */
} SmsFile;

/* Parses a file's bytes (len of them); false when it has no header block. */
bool sms_smstools_parse(const char *bytes, size_t len, SmsFile *out);

/* true when a reply asks to stop texts: TD, T D, 退订, STOP (any case,
 * half or full width, spaces and punctuation around ignored). */
bool sms_is_optout(const char *text);

#endif
