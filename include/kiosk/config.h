/* config.h - the site configuration: an INI file over built-in defaults.
 *
 * The defaults are assets/default-site.ini compiled into the program; a
 * --config file is read on top of them, so it only needs what it changes.
 * Sections:
 *   [site]      code, name_zh, name_en, phone
 *   [screen]    width, height (portrait 1080x1920 by default), lang
 *   [idle]      warn_after, countdown (seconds)
 *   [address]   buildings (comma list), buildings_en (the same in English,
 *               after buildings), units (count), floors, rooms_per_floor.
 *               Debian's libinih reads lines of at most 200 bytes, which
 *               bounds a buildings line (about 30 Chinese names).
 *   [printer]   uri (file:PATH, dev:PATH, tcp:HOST:PORT, cups:QUEUE; empty: no
 *               printer), paper (58 or 80 mm), timeout_ms
 *   [camera]    device (a V4L2 device such as /dev/video0; empty: none)
 *   [category.CODE]       zh, en, response_hours
 *   [issue.CATEGORY.CODE] zh, en
 * Categories and issues appear in file order.  A later section with the same
 * code replaces the earlier one's fields. */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdbool.h>
#include "kiosk/result.h"

#define CFG_CODE_MAX 24
#define CFG_LABEL_MAX 96
#define CFG_MAX_CATEGORIES 16
#define CFG_MAX_ISSUES 12 /* per category, "other" not counted */
#define CFG_MAX_BUILDINGS 40
#define CFG_MAX_IGNORED 8

typedef struct {
    char code[CFG_CODE_MAX];
    char zh[CFG_LABEL_MAX];
    char en[CFG_LABEL_MAX];
} CfgItem;

typedef struct {
    CfgItem item;
    int response_hours;
    int issue_count;
    CfgItem issues[CFG_MAX_ISSUES];
} CfgCategory;

typedef struct {
    char site_code[CFG_CODE_MAX];
    char site_zh[CFG_LABEL_MAX];
    char site_en[CFG_LABEL_MAX];
    char site_phone[CFG_CODE_MAX];
    int width, height;
    char lang[4];        /* "zh" or "en" */
    int idle_warn_after; /* seconds without a touch before the warning */
    int idle_countdown;  /* seconds of countdown before the reset */
    int building_count;
    CfgItem buildings[CFG_MAX_BUILDINGS];
    int units; /* units per building, numbered from 1 */
    int floors;
    int rooms_per_floor;
    char printer_uri[512];   /* "" when there is no printer */
    int paper_mm;            /* 58 or 80 */
    int printer_timeout_ms;  /* a job that takes longer has failed */
    char camera_device[256]; /* "" when there is no camera */
    int category_count;
    CfgCategory categories[CFG_MAX_CATEGORIES];
    /* Sections of a --config file that this version does not use (a newer
     * file, or one with [voice] before speech exists): kept out of the
     * way rather than refused, and named so main() can say so. */
    int ignored_count;
    char ignored[CFG_MAX_IGNORED][CFG_CODE_MAX * 2];
} Config;

/* Fills cfg from the built-in defaults, then from path when not NULL.
 * On failure err (cap errcap) says which file, line and key is wrong. */
KResult config_load(Config *cfg, const char *path, char *err, unsigned long errcap);

/* Looks up a category by code; NULL when unknown. */
const CfgCategory *config_category(const Config *cfg, const char *code);

/* Looks up an issue of a category; NULL when unknown. */
const CfgItem *config_issue(const CfgCategory *cat, const char *code);

/* The label of an item in a language ("zh" or "en"). */
const char *config_label(const CfgItem *item, const char *lang);

#endif
