/* activity.h - community activities (issue 20): an activity of the
 * station's calendar, a resident's sign-up for it, and why a sign-up was
 * refused.
 *
 * Plain data, like records.h: the store (store_activity.h) fills them, the
 * app's activity slice keeps them, the screens show them.  Status fields
 * hold the store's words (ACT_SIGNUP_*), as stored, printed and logged. */
#ifndef KIOSK_ACTIVITY_H
#define KIOSK_ACTIVITY_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/ticket.h"

#define ACT_CODE_MAX 25   /* a code: 1..24 of A-Z a-z 0-9 - _ */
#define ACT_TITLE_MAX 241 /* 80 characters of Chinese (3 bytes each) */
#define ACT_TEXT_MAX 601  /* a description or what to bring: 200 characters */
#define ACT_PLACE_MAX 181 /* 60 characters */
#define ACT_SEATS_MAX 10000
#define ACT_PEOPLE_MAX 20 /* people on one sign-up, at most */
#define ACT_PHONE_MAX 16
#define ACT_RELEASE_AFTER_MIN 10 /* no-shows' seats may go 10 minutes after the start */

/* Who an activity is for: stored as these words. */
#define ACT_AUD_ELDER "elder"       /* 老年人 */
#define ACT_AUD_YOUTH "youth"       /* 青少年 */
#define ACT_AUD_CHILDREN "children" /* 儿童与家长 */
#define ACT_AUD_ALL "all"           /* 所有居民 */

/* A sign-up's state, stored as these words. */
#define ACT_SIGNUP_SIGNED_UP "signed_up"
#define ACT_SIGNUP_WAITING "waiting"
#define ACT_SIGNUP_CHECKED_IN "checked_in"
#define ACT_SIGNUP_NO_SHOW "no_show"
#define ACT_SIGNUP_CANCELLED "cancelled"

/* An activity, one date of it (a series is one row per date, each with its
 * own seats; series_id is the first date's id, 0 for a single date). */
typedef struct {
    int64_t id;
    int64_t series_id;
    char code[ACT_CODE_MAX];
    char title_zh[ACT_TITLE_MAX], title_en[ACT_TITLE_MAX];
    char desc_zh[ACT_TEXT_MAX], desc_en[ACT_TEXT_MAX];
    char place_zh[ACT_PLACE_MAX], place_en[ACT_PLACE_MAX];
    char bring_zh[ACT_TEXT_MAX], bring_en[ACT_TEXT_MAX];
    char audience[12];      /* ACT_AUD_* */
    char day[11];           /* YYYY-MM-DD */
    int start_min, end_min; /* minutes after midnight; end_min > start_min */
    int seats;
    int per_signup;        /* people on one sign-up, at most */
    int per_phone;         /* seats one phone may hold on this date, at most */
    int64_t opens_at;      /* sign-ups open (unix seconds; 0: at once) */
    int64_t closes_at;     /* sign-ups close (0: at the start) */
    int cancel_before_min; /* a resident cancels up to this long before the start */
    bool waitlist;         /* a full date takes a waiting list */
    bool cancelled;
    int taken;   /* seats held by signed-up and checked-in people */
    int waiting; /* people on the waiting list (read with the row) */
    int64_t created_at;
} Activity;

/* One sign-up: a phone, how many people, its state, its ticket. */
typedef struct {
    int64_t id;
    int64_t activity_id;
    int64_t ticket_id;
    char number[TICKET_NUMBER_MAX]; /* its ticket's number, "H003" */
    char phone[ACT_PHONE_MAX];
    int people;
    char status[12]; /* ACT_SIGNUP_* */
    int position;    /* while waiting: its place in the line (1 first), else 0 */
    bool promoted;   /* it came off the waiting list */
    bool released;   /* a no-show whose seats staff released */
    int64_t created_at;
    int64_t changed_at; /* the last change of state (created_at before any) */
} ActivitySignup;

/* Why a sign-up was refused (store_activity_signup, K_ERR_REFUSED). */
typedef enum {
    ACT_REFUSE_NONE = 0,
    ACT_REFUSE_CANCELLED, /* the activity was cancelled */
    ACT_REFUSE_NOT_OPEN,  /* sign-ups have not opened yet */
    ACT_REFUSE_CLOSED,    /* sign-ups closed (the deadline or the start passed) */
    ACT_REFUSE_FULL,      /* full and no waiting list */
    ACT_REFUSE_PEOPLE,    /* more people than one sign-up may bring */
    ACT_REFUSE_PHONE,     /* this phone holds as many seats as it may */
    ACT_REFUSE_TOO_LATE,  /* a cancellation after the cancel-before time */
    ACT_REFUSE_STATE,     /* a sign-up no longer in a state that allows it */
} ActRefusal;

/* Figures of one activity or of one audience over a period. */
typedef struct {
    char key[ACT_TITLE_MAX]; /* the activity's title or the audience word */
    int64_t id;              /* the activity's id, 0 for an audience */
    int activities;          /* dates held (not cancelled) */
    int signups;             /* sign-ups but cancelled ones */
    int people;              /* people on them */
    int attended;            /* people checked in */
    int no_shows;            /* people of no-show sign-ups */
    int promotions;          /* sign-ups promoted off the waiting list */
} ActivityFigures;

#endif
