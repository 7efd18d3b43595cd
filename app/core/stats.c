/* stats.c - periods, medians and shares for the station's figures. */
#include "kiosk/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/booking.h"
#include "kiosk/text.h"

bool stats_period_of(StatsPeriodKind kind, const char *today, StatsPeriod *out)
{
    int wd = booking_weekday(today);
    if (wd < 0)
        return false;
    text_copy(out->to, sizeof out->to, today);
    switch (kind) {
    case PERIOD_TODAY: return text_copy(out->from, sizeof out->from, today);
    case PERIOD_WEEK: return booking_day_add(today, -wd, out->from);
    case PERIOD_MONTH:
        text_copy(out->from, sizeof out->from, today);
        out->from[8] = '0';
        out->from[9] = '1';
        return true;
    case PERIOD_LAST_MONTH: {
        char first[CFG_DAY_MAX];
        text_copy(first, sizeof first, today);
        first[8] = '0';
        first[9] = '1';
        /* the day before this month's first is last month's last */
        if (!booking_day_add(first, -1, out->to))
            return false;
        text_copy(out->from, sizeof out->from, out->to);
        out->from[8] = '0';
        out->from[9] = '1';
        return true;
    }
    default: return false;
    }
}

bool stats_period_month(const char *month, StatsPeriod *out)
{
    char first[CFG_DAY_MAX], next[CFG_DAY_MAX];
    if (strlen(month) != 7 || month[4] != '-')
        return false;
    snprintf(first, sizeof first, "%s-01", month);
    if (!config_day_valid(first))
        return false;
    /* the 1st plus 31 days is in the next month; its 1st minus one day is
     * this month's last */
    if (!booking_day_add(first, 31, next))
        return false;
    next[8] = '0';
    next[9] = '1';
    text_copy(out->from, sizeof out->from, first);
    return booking_day_add(next, -1, out->to);
}

int stats_period_days(const StatsPeriod *p)
{
    char d[CFG_DAY_MAX];
    if (!config_day_valid(p->from) || !config_day_valid(p->to) || strcmp(p->from, p->to) > 0)
        return 0;
    text_copy(d, sizeof d, p->from);
    for (int n = 1; n <= STATS_CUSTOM_MAX_DAYS + 1; n++) {
        if (strcmp(d, p->to) == 0)
            return n;
        char next[CFG_DAY_MAX];
        if (!booking_day_add(d, 1, next))
            return 0;
        text_copy(d, sizeof d, next);
    }
    return STATS_CUSTOM_MAX_DAYS + 1;
}

bool stats_period_valid(const StatsPeriod *p)
{
    int n = stats_period_days(p);
    return n >= 1 && n <= STATS_CUSTOM_MAX_DAYS;
}

bool stats_chart_days(const StatsPeriod *p, char from[CFG_DAY_MAX], int *count)
{
    int n = stats_period_days(p);
    if (n < 1)
        return false;
    if (n < STATS_CHART_DAYS)
        n = STATS_CHART_DAYS;
    if (n > STATS_MAX_DAYS)
        n = STATS_MAX_DAYS;
    *count = n;
    return booking_day_add(p->to, -(n - 1), from);
}

/* Hoare's selection: the k-th smallest of v[0..n-1] in place, expected
 * O(n).  A month at a busy station has some 300,000 durations; sorting
 * them all cost a third of a second, selecting costs a few milliseconds. */
static int32_t select_kth(int32_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        /* the median of three as the pivot keeps sorted input linear */
        size_t mid = lo + (hi - lo) / 2;
        int32_t a = v[lo], b = v[mid], c = v[hi];
        int32_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                int32_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

int64_t stats_median(int32_t *v, size_t n)
{
    if (n == 0)
        return -1;
    return select_kth(v, n, (n - 1) / 2);
}

int stats_percent(int part, int whole)
{
    if (whole <= 0)
        return -1;
    return (int)(((int64_t)part * 200 + whole) / (2 * (int64_t)whole));
}

int stats_on_time_percent(const StatsWork *w)
{
    return stats_percent(w->on_time, w->answered + w->overdue);
}

void stats_format_duration(int64_t seconds, const char *lang, char *out, size_t cap)
{
    bool zh = strcmp(lang, "en") != 0;
    if (seconds < 0) {
        text_copy(out, cap, "—");
        return;
    }
    int64_t minutes = (seconds + 30) / 60;
    int64_t days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60;
    if (days > 0)
        snprintf(out, cap, zh ? "%lld天%lld小时" : "%lld d %lld h", (long long)days,
                 (long long)hours);
    else if (hours > 0)
        snprintf(out, cap, zh ? "%lld小时%lld分" : "%lld h %lld min", (long long)hours,
                 (long long)mins);
    else
        snprintf(out, cap, zh ? "%lld分钟" : "%lld min", (long long)mins);
}

int stats_rating_index(const char *rating)
{
    static const char *const names[] = {"satisfied", "basic", "dissatisfied"};
    for (int i = 0; i < 3; i++)
        if (strcmp(rating, names[i]) == 0)
            return i;
    return -1;
}
