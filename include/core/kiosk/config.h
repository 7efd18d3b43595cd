/* config.h - the site configuration: an INI file over built-in defaults.
 *
 * The defaults are assets/default-site.ini compiled into the program; a
 * --config file is read on top of them, so it only needs what it changes.
 * Sections:
 *   [site]      code, name_zh, name_en, phone
 *   [screen]    width, height (portrait 1080x1920 by default), lang, rotate
 *               (0, 90, 180, 270: how far the panel shows the kiosk turned
 *               clockwise, for a portrait panel on landscape hardware)
 *   [idle]      warn_after, countdown, result_after (seconds; result_after:
 *               how long a finished result such as a ticket stays)
 *   [address]   buildings (comma list), buildings_en (the same in English,
 *               after buildings), units (count), floors, rooms_per_floor.
 *               Debian's libinih reads lines of at most 200 bytes, which
 *               bounds a buildings line (about 30 Chinese names).
 *   [printer]   uri (file:PATH, dev:PATH, tcp:HOST:PORT, cups:QUEUE; empty: no
 *               printer), paper (58 or 80 mm), timeout_ms
 *   [camera]    device (a V4L2 device such as /dev/video0; empty: none)
 *   [backup]    folder (scheduled online backups go there; empty: none),
 *               every_hours, keep
 *   [retention] days (personal data of finished items is erased after it)
 *   [category.CODE]       zh, en, response_hours, urgent_response_hours
 *               (the shorter promise of a request marked urgent)
 *   [issue.CATEGORY.CODE] zh, en
 *   [booking]   max_open_per_phone, closed (comma list of YYYY-MM-DD when the
 *               whole station is closed), closed_zh / closed_en (the reason)
 *   [service.CODE]  zh, en, about_zh, about_en (one line), letter (the
 *               ticket's kind letter, B-Z but not H, Q or V), days (mon-fri,
 *               mon,wed,sat ...), slots (HH:MM-HH:MM/CAPACITY, comma list),
 *               lead_hours, horizon_days, escort (yes: asks hospital,
 *               department, pick-up and needs), place_zh/en, bring_zh/en,
 *               closed (dates of this service only)
 *   [hospital.CODE], [department.CODE]  zh, en
 *   [district]  postgres (a libpq connection string for the district's
 *               PostgreSQL; empty: the kiosk is a single station and no
 *               network code runs), deadline (seconds one sync attempt may
 *               take, connect included), interval (seconds between syncs
 *               while the link is fine), batch (entries per statement),
 *               centre_key (the centre's Ed25519 public key, base64, that
 *               signs configuration bundles; empty: the first key pulled
 *               with a bundle that verifies is kept)
 *   [sms]       daemon (smstools; empty: no texts), outbox (smsd's outgoing
 *               folder) and the rest of sms.h's SmsConfig
 *   [community.CODE]  zh, en, buildings (comma list of [address] building
 *               names): the communities (社区) the station serves, for the
 *               needs list a station reports upward
 *   [volunteers] points_per_hour (points a volunteer earns per hour given;
 *               0: none)
 *   [skill.CODE]  zh, en: what a volunteer can offer, in file order (issue 21)
 * Categories, issues, services, hospitals and departments appear in file
 * order.  A later section with the same code replaces the earlier one's
 * fields.  Services, slots and closures seed the database (store.h); after
 * that `kiosk admin services` changes them there. */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "kiosk/result.h"
#include "kiosk/sms.h"

#define CFG_CODE_MAX 24
#define CFG_LABEL_MAX 96
#define CFG_MAX_CATEGORIES 16
#define CFG_MAX_ISSUES 12 /* per category, "other" not counted */
#define CFG_MAX_BUILDINGS 40
#define CFG_MAX_IGNORED 8
#define CFG_MAX_SERVICES 12
#define CFG_MAX_SLOTS 16 /* per service */
#define CFG_MAX_PICKS 16 /* hospitals, departments */
#define CFG_MAX_CLOSURES 32
#define CFG_MAX_COMMUNITIES 12
#define CFG_TEXT_MAX 192     /* one-line descriptions, places, what to bring */
#define CFG_DAY_MAX 11       /* "YYYY-MM-DD" */
#define CFG_CONNINFO_MAX 256 /* libinih's lines are 200 bytes */

typedef struct {
    char code[CFG_CODE_MAX];
    char zh[CFG_LABEL_MAX];
    char en[CFG_LABEL_MAX];
} CfgItem;

typedef struct {
    CfgItem item;
    int response_hours;
    int urgent_response_hours; /* an urgent request's promise (default 4) */
    int issue_count;
    CfgItem issues[CFG_MAX_ISSUES];
} CfgCategory;

/* A bookable time of day: minutes after local midnight, end after start. */
typedef struct {
    int start, end;
    int capacity; /* places; 0 takes no bookings */
} CfgSlot;

/* Weekday bits of CfgService.days: bit 0 Monday ... bit 6 Sunday. */
#define CFG_ALL_DAYS 0x7fu

typedef struct {
    CfgItem item;
    char letter; /* ticket kind: B-Z, never A (requests) or Q (walk-in) */
    char about_zh[CFG_TEXT_MAX], about_en[CFG_TEXT_MAX];
    char place_zh[CFG_TEXT_MAX], place_en[CFG_TEXT_MAX];
    char bring_zh[CFG_TEXT_MAX], bring_en[CFG_TEXT_MAX];
    unsigned days;    /* CFG_ALL_DAYS bits */
    int lead_hours;   /* a slot must start at least this long after booking */
    int horizon_days; /* bookable days from today, today included */
    bool escort;      /* medical escort: hospital, department, pick-up, needs */
    bool active;      /* offered on the kiosk */
    int slot_count;
    CfgSlot slots[CFG_MAX_SLOTS]; /* by start time */
} CfgService;

/* A date on which a service (or "*": every service) takes no bookings. */
typedef struct {
    char service[CFG_CODE_MAX];
    char day[CFG_DAY_MAX];
    char reason_zh[CFG_LABEL_MAX], reason_en[CFG_LABEL_MAX];
} CfgClosure;

typedef struct {
    CfgItem item;
    char buildings[CFG_TEXT_MAX]; /* "1栋,2栋,3栋" as in [address] buildings */
} CfgCommunity;

typedef struct {
    char site_code[CFG_CODE_MAX];
    char site_zh[CFG_LABEL_MAX];
    char site_en[CFG_LABEL_MAX];
    char site_phone[CFG_CODE_MAX];
    int width, height;
    char lang[4];        /* "zh" or "en" */
    int rotate;          /* 0, 90, 180, 270: the panel is mounted turned */
    int idle_warn_after; /* seconds without a touch before the warning */
    int idle_countdown;  /* seconds of countdown before the reset */
    /* seconds a ticket (a finished result) stays, never under the warning */
    int idle_result_after;
    /* [district]: "" when the kiosk is a single station */
    char district_postgres[CFG_CONNINFO_MAX];
    int district_deadline; /* seconds for one attempt, never more */
    int district_interval; /* seconds between syncs */
    int district_batch;    /* entries per statement */
    /* [district] centre_key: the pinned bundle key (base64 of 32 bytes) or "" */
    char district_centre_key[48];
    /* the centre's configuration bundle laid over this Config
     * (store_bundle_overlay); 0: none */
    long long bundle_version;
    int building_count;
    CfgItem buildings[CFG_MAX_BUILDINGS];
    int units; /* units per building, numbered from 1 */
    int floors;
    int rooms_per_floor;
    char printer_uri[512];   /* "" when there is no printer */
    int paper_mm;            /* 58 or 80 */
    int printer_timeout_ms;  /* a job that takes longer has failed */
    char camera_device[256]; /* "" when there is no camera */
    char backup_folder[256]; /* "" no scheduled backups */
    int backup_every_hours;  /* how often (default 24) */
    int backup_keep;         /* backups kept in the folder (default 7) */
    int retention_days;      /* personal data of finished items kept (365; 0 for ever) */
    bool voice_enabled;      /* [voice] enabled: reading aloud and the board's calls */
    int voice_volume;        /* [voice] volume, 0-100 */
    int voice_hint_after;    /* [voice] hint_after: home's spoken hint, seconds (0 never) */
    int category_count;
    CfgCategory categories[CFG_MAX_CATEGORIES];
    /* Sections of a --config file that this version does not use (a newer
     * file, or one with [voice] before speech exists): kept out of the
     * way rather than refused, and named so main() can say so. */
    int ignored_count;
    char ignored[CFG_MAX_IGNORED][CFG_CODE_MAX * 2];
    /* booking */
    int max_open_per_phone; /* open bookings one phone number may hold */
    char closed_zh[CFG_LABEL_MAX], closed_en[CFG_LABEL_MAX]; /* why a closed day is closed */
    int service_count;
    CfgService services[CFG_MAX_SERVICES];
    int closure_count;
    CfgClosure closures[CFG_MAX_CLOSURES];
    int hospital_count;
    CfgItem hospitals[CFG_MAX_PICKS];
    int department_count;
    CfgItem departments[CFG_MAX_PICKS];
    int community_count;
    CfgCommunity communities[CFG_MAX_COMMUNITIES];
    SmsConfig sms; /* [sms]: texts to residents (issue 23) */
    /* volunteers (issue 21) */
    int volunteer_points_per_hour;
    int skill_count;
    CfgItem skills[CFG_MAX_PICKS];
} Config;

/* Fills cfg from the built-in defaults, then from path when not NULL.
 * On failure err (cap errcap) says which file, line and key is wrong. */
KResult config_load(Config *cfg, const char *path, char *err, size_t errcap);

/* Looks up a category by code; NULL when unknown. */
const CfgCategory *config_category(const Config *cfg, const char *code);

/* Looks up an issue of a category; NULL when unknown. */
const CfgItem *config_issue(const CfgCategory *cat, const char *code);

/* Looks up a service, hospital or department by code; NULL when unknown. */
const CfgService *config_service(const Config *cfg, const char *code);
const CfgItem *config_pick(const CfgItem *items, int count, const char *code);

/* The community a building (its Chinese name, as requests store it)
 * belongs to; NULL when none names it. */
const CfgCommunity *config_community_of(const Config *cfg, const char *building);

/* Parses "mon-fri", "mon,wed,fri", "sat-sun" ... into CFG_ALL_DAYS bits;
 * false for anything else.  config_days_format writes the short form back
 * ("mon-fri", "tue,thu,sat"). */
bool config_parse_days(const char *text, unsigned *days);
void config_days_format(unsigned days, char *out, size_t cap);

/* Parses "08:30-11:30/12, 13:30-17:00/12" into slots sorted by start;
 * false (and *count 0) when a slot is malformed, ends before it starts,
 * overlaps another or there are more than max.  config_slots_format writes
 * the same form back. */
bool config_parse_slots(const char *text, CfgSlot *slots, int max, int *count);
void config_slots_format(const CfgSlot *slots, int count, char *out, size_t cap);

/* true when text is a real calendar date written YYYY-MM-DD. */
bool config_day_valid(const char *text);

/* A letter a service's tickets may use: B-Z except H (activities), Q
 * (walk-in numbers) and V (volunteers' cards). */
bool config_letter_valid(char c);

/* The label of an item in a language ("zh" or "en"). */
const char *config_label(const CfgItem *item, const char *lang);

#endif
