/* report.h - the monthly report: the figures of a period (stats.h) as CSV
 * files and chart images in a folder, and the needs list.
 *
 * CSV files are RFC 4180 (CRLF line ends, quotes doubled) in UTF-8 with a
 * byte-order mark, so Excel opens the Chinese correctly.  Charts are laid
 * out by chart.h, the same as on the statistics screen, and drawn by the
 * kiosk's own renderer into PNG files: no plotting program needed.
 *
 * Files written (names fixed, for scripts that read them):
 *   summary.csv       figure,value: the period and every single number
 *   per_day.csv       day,requests (the chart's days)
 *   categories.csv    code,name,requests
 *   open.csv          state,name,requests (now)
 *   ratings.csv       rating,name,requests
 *   bookings.csv      service,name,booked,checked_in,no_show,cancelled
 *   staff.csv         login,name,answered,on_time,resolved,median_answer_s,
 *                     median_resolve_s,satisfied,basic,dissatisfied,walkins_called
 *   needs.csv         community,category,category_name,open,urgent,aged80,
 *                     disabled,alone,oldest (open requests now)
 *   projects.csv      month,needs,resources_linked,projects_running,
 *                     projects_finished,requests_served (issue 22: one row
 *                     a month of the period; report_write_projects)
 *   projects.png      the period's figures of projects as a chart
 *   per_day.png, categories.png, open.png, ratings.png, bookings.png,
 *   staff.png         the charts */
#ifndef KIOSK_REPORT_H
#define KIOSK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "kiosk/config.h"
#include "kiosk/project.h"
#include "kiosk/result.h"
#include "kiosk/stats.h"
#include "kiosk/ui.h"

#define REPORT_CHART_W 1600
#define REPORT_CHART_H 900
#define REPORT_MAX_NEEDS 512 /* rows of the needs list kept */

typedef enum {
    CHART_PER_DAY = 0,
    CHART_CATEGORIES,
    CHART_OPEN,
    CHART_RATINGS,
    CHART_BOOKINGS,
    CHART_STAFF,
    CHART_COUNT
} ReportChart;

/* The chart's file name without ".png": "per_day", "categories", ... */
const char *report_chart_name(ReportChart c);

/* One line of the needs list: open requests of a category in a community
 * (its code and name in lang; "" and a word for "no address / not in a
 * configured community"). */
typedef struct {
    char community[CFG_CODE_MAX];
    char category[CFG_CODE_MAX];
    int open, urgent, aged80, disabled, alone;
    int64_t oldest;
} ReportNeed;

typedef struct {
    ReportNeed rows[REPORT_MAX_NEEDS];
    int count;
    int dropped; /* rows past REPORT_MAX_NEEDS */
} ReportNeeds;

/* Adds the open requests of category in building (as the store groups them)
 * to the line of its community. */
void report_needs_add(ReportNeeds *n, const Config *cfg, const char *category, const char *building,
                      int open, int urgent, int aged80, int disabled, int alone, int64_t oldest);

/* Orders the lines by community (the configuration's order, "none" last),
 * then category. */
void report_needs_sort(ReportNeeds *n, const Config *cfg);

/* Lays out chart c of st as widgets for a w x h image in lang ("zh",
 * "en"), with its title; t is set to the report's theme.  Pure: no SDL. */
void report_chart_ui(const Stats *st, const Config *cfg, ReportChart c, const char *lang, int w,
                     int h, Theme *t, UiList *ui);

/* Writes every CSV file and chart image into dir (created if missing).
 * font_dir: the kiosk's fonts.  On failure err says which file and why;
 * files written before it stay. */
KResult report_write(const Stats *st, const ReportNeeds *needs, const Config *cfg, const char *dir,
                     const char *lang, const char *font_dir, char *err, size_t errcap);

/* Issue 22: the needs-and-projects figures of one month of the period
 * (month "YYYY-MM"; the first and last months cut to the period). */
typedef struct {
    char month[8];
    ProjectFigures f;
} ReportProjectMonth;

/* Writes projects.csv into dir (which report_write made): one row a month.
 * On failure err says why. */
KResult report_write_projects(const char *dir, const ReportProjectMonth *months, int n, char *err,
                              size_t errcap);

/* Writes projects.png into dir: the period's needs recognised, resources
 * linked, projects running (at its end) and finished, and requests served
 * through projects, a bar each (the months summed), titled with the
 * station's name and the months in lang, drawn with the fonts of font_dir.
 * On failure err says why. */
KResult report_write_projects_chart(const char *dir, const ReportProjectMonth *months, int n,
                                    const Config *cfg, const char *lang, const char *font_dir,
                                    char *err, size_t errcap);

/* One RFC 4180 CSV field / a row of fields to a FILE* (void* keeps stdio
 * out of this header); the export command shares them.  A text field that
 * starts with = + - @ TAB or CR is written as text ('-prefixed), whatever
 * follows.  report_csv_number writes a plain decimal the program produced
 * bare (anything else as text); report_csv_row_typed takes per-cell number
 * flags (NULL: all text), report_csv_row writes text only. */
void report_csv_field(void *file, const char *value);
void report_csv_number(void *file, const char *value);
void report_csv_row_typed(int n, const char *const *cells, const bool *number, void *file);
void report_csv_row(int n, const char *const *cells, void *file);

#endif
