/* stats.h - the station's figures for a period: plain data and the pure
 * arithmetic around it (periods, medians, shares).
 *
 * The store fills a Stats in one pass over the period's requests
 * (store_stats in store.h); the statistics screen, `kiosk admin stats` and
 * the monthly report only read it.  Nothing here touches SQL or SDL.
 *
 * What the figures mean (the report's header says the same):
 *   - requests: created in the period; per day over the chart's days (the
 *     period, or the 30 days ending on its last day when it is shorter);
 *   - answered: a request's first move out of "submitted" by anyone; on
 *     time when at or before the due time its category promises
 *     (response_hours).  The share on time counts the answered ones and
 *     those still unanswered past their due time; a request not yet due and
 *     not answered is in neither;
 *   - time to answer / to resolve: from creation, medians in seconds;
 *   - open work: now, by state, whatever the period;
 *   - bookings: by the day booked for; walk-ins: by the day issued. */
#ifndef KIOSK_STATS_H
#define KIOSK_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/config.h"

#define STATS_MAX_DAYS 31   /* the per-day chart */
#define STATS_CHART_DAYS 30 /* a short period's chart shows this many days */
#define STATS_MAX_STAFF 32  /* people named on the per-staff page */
#define STATS_LOGIN_MAX 48  /* as long as the event log's actor */
#define STATS_MORE_SEEN 64  /* people past the list counted, at most */
#define STATS_NAME_MAX 64
#define STATS_MAX_CATEGORIES (CFG_MAX_CATEGORIES + 1) /* + codes no longer configured */
#define STATS_CUSTOM_MAX_DAYS 366                     /* the longest custom range */

typedef enum {
    PERIOD_TODAY = 0,
    PERIOD_WEEK,       /* Monday to today */
    PERIOD_MONTH,      /* the 1st to today */
    PERIOD_LAST_MONTH, /* the whole month before */
    PERIOD_CUSTOM,
    PERIOD_KIND_COUNT
} StatsPeriodKind;

/* Local days, both included, "YYYY-MM-DD". */
typedef struct {
    char from[CFG_DAY_MAX];
    char to[CFG_DAY_MAX];
} StatsPeriod;

/* The work done on a set of requests. */
typedef struct {
    int answered;           /* moved out of submitted */
    int on_time;            /* of those, at or before the due time */
    int overdue;            /* not answered and past the due time now */
    int resolved;           /* reached "resolved" (and maybe closed since) */
    int64_t median_answer;  /* seconds from creation; -1 when none */
    int64_t median_resolve; /* seconds from creation; -1 when none */
    int ratings[3];         /* satisfied, basic, dissatisfied */
} StatsWork;

typedef struct {
    char login[STATS_LOGIN_MAX]; /* the event log's actor: a staff login, "admin", ... */
    char name[STATS_NAME_MAX];   /* the staff member's name; the login when not staff */
    StatsWork work;              /* requests this person answered / resolved */
    int walkins_called;
} StatsStaff;

typedef struct {
    char code[CFG_CODE_MAX];
    int booked;     /* every booking for a day of the period but the cancelled */
    int checked_in; /* checked in or completed */
    int no_show;
    int cancelled;
} StatsService;

typedef struct {
    StatsPeriod period;
    int64_t computed_at; /* "now" of the open work and the overdue count */

    int requests; /* created in the period */
    char chart_from[CFG_DAY_MAX];
    int day_count;
    int per_day[STATS_MAX_DAYS];

    int category_count;
    char category[STATS_MAX_CATEGORIES][CFG_CODE_MAX];
    int per_category[STATS_MAX_CATEGORIES];

    int open_by_state[4]; /* submitted, accepted, assigned, in_progress */
    StatsWork work;

    int service_count;
    StatsService services[CFG_MAX_SERVICES];

    int walkins;
    int walkins_called;
    int64_t median_wait; /* seconds from issue to call; -1 when none */
    int64_t longest_wait;

    int staff_count;
    StatsStaff staff[STATS_MAX_STAFF];
    int staff_more; /* people beyond STATS_MAX_STAFF, not listed (at most STATS_MORE_SEEN) */
} Stats;

/* The period of a kind as seen on local day today ("YYYY-MM-DD"); false for
 * PERIOD_CUSTOM or an invalid day. */
bool stats_period_of(StatsPeriodKind kind, const char *today, StatsPeriod *out);

/* "YYYY-MM" as a period of that whole month; false when malformed. */
bool stats_period_month(const char *month, StatsPeriod *out);

/* true when from <= to, both valid and at most STATS_CUSTOM_MAX_DAYS long. */
bool stats_period_valid(const StatsPeriod *p);

/* Days in the period (1 for one day); 0 when invalid. */
int stats_period_days(const StatsPeriod *p);

/* The chart's first day and day count for a period: the whole period when
 * it is at least STATS_CHART_DAYS long (its last STATS_MAX_DAYS days when
 * longer), else the STATS_CHART_DAYS days ending on its last day. */
bool stats_chart_days(const StatsPeriod *p, char from[CFG_DAY_MAX], int *count);

/* The median of n values (the lower middle one for even n), reordering
 * v; -1 when n is 0. */
int64_t stats_median(int32_t *v, size_t n);

/* Percent (0..100, rounded) of part in whole; -1 when whole is 0. */
int stats_percent(int part, int whole);

/* The share answered on time as a percent, -1 when nothing counts yet. */
int stats_on_time_percent(const StatsWork *w);

/* "3小时20分" / "3 h 20 min", "2天5小时" / "2 d 5 h", "45分钟" / "45 min",
 * "—" for -1. */
void stats_format_duration(int64_t seconds, const char *lang, char *out, size_t cap);

/* Index of a rating name ("satisfied", "basic", "dissatisfied") in
 * StatsWork.ratings, or -1. */
int stats_rating_index(const char *rating);

#endif
