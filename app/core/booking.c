/* booking.c - the booking draft, local dates and the booking rules (see
 * booking.h).  No SQL here: the store counts, these functions decide. */
#include "kiosk/booking.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/phone.h"
#include "kiosk/text.h"

void booking_draft_init(BookingDraft *d)
{
    RequestDraft tmp;
    assert(d != NULL);
    /* One token generator for both kinds of draft. */
    request_draft_init(&tmp);
    sodium_memzero(d, sizeof *d);
    memcpy(d->token, tmp.token, sizeof d->token);
    request_draft_wipe(&tmp);
}

void booking_draft_wipe(BookingDraft *d)
{
    if (d != NULL)
        sodium_memzero(d, sizeof *d);
}

static bool field_ok(const char *buf, size_t size)
{
    return memchr(buf, '\0', size) != NULL && text_valid_utf8(buf);
}

static bool token_ok(const char *token)
{
    for (size_t i = 0; i < REQ_TOKEN_MAX - 1; i++) {
        char c = token[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return token[REQ_TOKEN_MAX - 1] == '\0';
}

BookingDraftCheck booking_draft_check(const BookingDraft *d, bool escort)
{
    assert(d != NULL);
    if (!field_ok(d->service, sizeof d->service) || !field_ok(d->day, sizeof d->day) ||
        !field_ok(d->phone, sizeof d->phone) || !field_ok(d->name, sizeof d->name) ||
        !field_ok(d->hospital, sizeof d->hospital) ||
        !field_ok(d->department, sizeof d->department) ||
        !field_ok(d->building, sizeof d->building) || !field_ok(d->unit, sizeof d->unit) ||
        !field_ok(d->room, sizeof d->room) || !token_ok(d->token) ||
        text_length(d->name) > REQ_NAME_CHARS)
        return BDRAFT_BAD_TEXT;
    if (d->service[0] == '\0')
        return BDRAFT_NO_SERVICE;
    if (!config_day_valid(d->day) || d->slot < 0 || d->slot >= 24 * 60)
        return BDRAFT_NO_SLOT;
    if (phone_check(d->phone) != PHONE_OK)
        return BDRAFT_BAD_PHONE;
    if (d->age < BOOK_AGE_MIN || d->age > BOOK_AGE_MAX)
        return BDRAFT_BAD_AGE;
    if ((d->needs & ~NEED_ALL) != 0)
        return BDRAFT_BAD_NEEDS;
    if (escort) {
        if (d->hospital[0] == '\0')
            return BDRAFT_NO_HOSPITAL;
        if (d->pickup < PICKUP_STATION || d->pickup > PICKUP_HOSPITAL ||
            (d->pickup == PICKUP_HOME && d->building[0] == '\0'))
            return BDRAFT_NO_PICKUP;
    }
    return BDRAFT_OK;
}

/* ---- dates ---- */

bool booking_local_day(int64_t t, char out[CFG_DAY_MAX])
{
    time_t tt = (time_t)t;
    struct tm tm;
    out[0] = '\0';
    if ((int64_t)tt != t || !localtime_r(&tt, &tm))
        return false;
    return strftime(out, CFG_DAY_MAX, "%Y-%m-%d", &tm) == 10;
}

static bool day_tm(const char *day, struct tm *tm)
{
    if (!day || !config_day_valid(day))
        return false;
    /* config_day_valid checked the digits: read them directly. */
    int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = (day[5] - '0') * 10 + (day[6] - '0') - 1;
    tm->tm_mday = (day[8] - '0') * 10 + (day[9] - '0');
    tm->tm_isdst = -1;
    return true;
}

bool booking_day_add(const char *day, int n, char out[CFG_DAY_MAX])
{
    struct tm tm;
    out[0] = '\0';
    if (!day_tm(day, &tm) || n < -36600 || n > 36600)
        return false;
    /* Noon, so that no time-zone change can move the date. */
    tm.tm_hour = 12;
    tm.tm_mday += n;
    if (mktime(&tm) == (time_t)-1)
        return false;
    return strftime(out, CFG_DAY_MAX, "%Y-%m-%d", &tm) == 10;
}

int booking_weekday(const char *day)
{
    struct tm tm;
    if (!day_tm(day, &tm))
        return -1;
    tm.tm_hour = 12;
    if (mktime(&tm) == (time_t)-1)
        return -1;
    return (tm.tm_wday + 6) % 7; /* tm_wday counts from Sunday */
}

bool booking_time(const char *day, int minute, int64_t *out)
{
    struct tm tm;
    if (!day_tm(day, &tm) || minute < 0 || minute > 24 * 60)
        return false;
    tm.tm_hour = minute / 60;
    tm.tm_min = minute % 60;
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return false;
    *out = (int64_t)t;
    return true;
}

/* ---- rules ---- */

const char *booking_avail_name(Avail a)
{
    switch (a) {
    case AVAIL_OPEN: return "open";
    case AVAIL_FULL: return "full";
    case AVAIL_TOO_SOON: return "too_soon";
    case AVAIL_STARTED: return "started";
    case AVAIL_CLOSED: return "closed";
    case AVAIL_NOT_OPEN: return "not_open";
    case AVAIL_BEYOND: return "beyond_horizon";
    case AVAIL_NO_SLOT: return "no_slot";
    }
    return "unknown";
}

bool booking_days_init(const CfgService *s, const char *first, int n, DayAvail *days)
{
    assert(s && days && n >= 0 && n <= BOOK_MAX_DAYS);
    for (int i = 0; i < n; i++) {
        DayAvail *d = &days[i];
        memset(d, 0, sizeof *d);
        if (!booking_day_add(first, i, d->day))
            return false;
        d->weekday = booking_weekday(d->day);
        d->slot_count = s->slot_count;
        for (int j = 0; j < s->slot_count; j++)
            d->slots[j].slot = s->slots[j];
    }
    return true;
}

static Avail slot_state(const CfgService *s, const DayAvail *d, const SlotAvail *sl, int64_t now,
                        const char *today, const char *last)
{
    int64_t start = 0;
    if (strcmp(d->day, today) < 0 || !booking_time(d->day, sl->slot.start, &start) || start <= now)
        return AVAIL_STARTED;
    if (strcmp(d->day, last) > 0)
        return AVAIL_BEYOND;
    if (d->weekday < 0 || !(s->days & (1u << d->weekday)))
        return AVAIL_NOT_OPEN;
    if (d->closed)
        return AVAIL_CLOSED;
    if (start - now < (int64_t)s->lead_hours * 3600)
        return AVAIL_TOO_SOON;
    if (sl->taken >= sl->slot.capacity)
        return AVAIL_FULL;
    return AVAIL_OPEN;
}

void booking_evaluate(const CfgService *s, int64_t now, DayAvail *days, int n)
{
    char today[CFG_DAY_MAX], last[CFG_DAY_MAX];
    if (!booking_local_day(now, today) || !booking_day_add(today, s->horizon_days - 1, last)) {
        /* A clock beyond what the calendar functions take: nothing open. */
        for (int i = 0; i < n; i++)
            days[i].state = AVAIL_STARTED;
        return;
    }
    for (int i = 0; i < n; i++) {
        DayAvail *d = &days[i];
        d->places = 0;
        d->state = AVAIL_NO_SLOT;
        for (int j = 0; j < d->slot_count; j++) {
            SlotAvail *sl = &d->slots[j];
            sl->state = slot_state(s, d, sl, now, today, last);
            if (sl->state == AVAIL_OPEN)
                d->places += sl->slot.capacity - sl->taken;
            if (sl->state < d->state)
                d->state = sl->state;
        }
        /* A day that is closed, not an opening day or beyond the horizon
         * says so as a whole, even when some of its slots have passed. */
        if (d->state != AVAIL_OPEN && d->state != AVAIL_FULL && d->state != AVAIL_TOO_SOON) {
            if (strcmp(d->day, today) >= 0 && strcmp(d->day, last) > 0)
                d->state = AVAIL_BEYOND;
            else if (d->weekday >= 0 && !(s->days & (1u << d->weekday)))
                d->state = AVAIL_NOT_OPEN;
            else if (d->closed)
                d->state = AVAIL_CLOSED;
        }
    }
}

bool booking_next_open(const DayAvail *days, int n, const char *day, int minute,
                       char out_day[CFG_DAY_MAX], int *out_minute)
{
    for (int i = 0; i < n; i++) {
        int c = strcmp(days[i].day, day);
        if (c < 0)
            continue;
        for (int j = 0; j < days[i].slot_count; j++) {
            const SlotAvail *sl = &days[i].slots[j];
            if (c == 0 && sl->slot.start < minute)
                continue;
            if (sl->state == AVAIL_OPEN) {
                text_copy(out_day, CFG_DAY_MAX, days[i].day);
                *out_minute = sl->slot.start;
                return true;
            }
        }
    }
    return false;
}

const CfgSlot *booking_find_slot(const CfgService *s, int minute)
{
    for (int i = 0; i < s->slot_count; i++)
        if (s->slots[i].start == minute)
            return &s->slots[i];
    return NULL;
}

BookingState booking_state_of(const char *status)
{
    static const struct {
        const char *word;
        BookingState state;
    } states[] = {
        {BOOKING_BOOKED, BOOKING_STATE_BOOKED},
        {BOOKING_CHECKED_IN, BOOKING_STATE_CHECKED_IN},
        {BOOKING_COMPLETED, BOOKING_STATE_COMPLETED},
        {BOOKING_CANCELLED, BOOKING_STATE_CANCELLED},
        {BOOKING_NO_SHOW, BOOKING_STATE_NO_SHOW},
    };
    for (size_t i = 0; status && i < sizeof states / sizeof states[0]; i++)
        if (strcmp(status, states[i].word) == 0)
            return states[i].state;
    return BOOKING_STATE_UNKNOWN;
}

bool booking_transition_ok(const char *from, const char *to)
{
    if (strcmp(from, BOOKING_BOOKED) == 0)
        return strcmp(to, BOOKING_CHECKED_IN) == 0 || strcmp(to, BOOKING_CANCELLED) == 0 ||
               strcmp(to, BOOKING_NO_SHOW) == 0;
    if (strcmp(from, BOOKING_CHECKED_IN) == 0)
        return strcmp(to, BOOKING_COMPLETED) == 0;
    return false;
}
