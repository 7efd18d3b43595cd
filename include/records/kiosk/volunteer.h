/* volunteer.h - the plain records of volunteers and their hours (issue 21):
 * an application as the kiosk's form fills it, a stored volunteer, one
 * entry of the hours ledger and what a scan of a volunteer's card did.
 *
 * Plain data only: the store (store_volunteer.h) fills them, the app keeps
 * them in its volunteer slice, the screens show them. */
#ifndef KIOSK_VOLUNTEER_H
#define KIOSK_VOLUNTEER_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/ticket.h"

#define VOL_NAME_MAX 64     /* bytes with the NUL: 21 Chinese characters */
#define VOL_PHONE_MAX 16    /* digits with the NUL */
#define VOL_BUILDING_MAX 64 /* as [address] buildings names them */
#define VOL_SKILLS_MAX 8    /* skills one volunteer may tick */
#define VOL_REASON_MAX 200  /* an adjustment's reason, bytes with the NUL */
#define VOL_LOGIN_MAX 32
#define VOL_AGE_MIN 14
#define VOL_AGE_MAX 99
#define VOL_DAYS 7
/* availability: bit 2*d is weekday d's morning (0 Monday), bit 2*d+1 its
 * afternoon */
#define VOL_AVAIL_ALL 0x3fffu
#define VOL_MINUTES_MAX 60000 /* one entry: 1,000 hours either way */
#define VOL_REPEAT_SECONDS 60 /* two scans within this are one */

/* What a resident gives at the kiosk (or a test through the store). */
typedef struct {
    char name[VOL_NAME_MAX];
    char phone[VOL_PHONE_MAX];
    int age;
    char building[VOL_BUILDING_MAX];
    unsigned availability; /* VOL_AVAIL_ALL bits */
    bool consent;          /* agreed to be contacted: required */
    char sms[3];           /* texts (phone.sms, issue 23): "zh", "en" or "" none */
    int skill_count;
    char skills[VOL_SKILLS_MAX][CFG_CODE_MAX]; /* [skill.CODE] codes */
} VolunteerDraft;

/* A stored volunteer with the totals of the ledger. */
typedef struct {
    int64_t id;
    VolunteerDraft d;
    char status[12]; /* applied, approved, rejected, disabled */
    char team[64];
    int64_t card_ticket_id; /* the card that is valid now (0 none) */
    int64_t applied_at, decided_at;
    char decided_by[VOL_LOGIN_MAX];
    int64_t open_duty_id; /* 0 when not on duty */
    int64_t duty_started_at;
    int64_t total_minutes; /* the sum of the ledger */
    int64_t total_points;
    int entries; /* how many ledger entries */
} VolunteerRecord;

/* One entry of the hours ledger. */
typedef struct {
    int64_t id;
    int64_t volunteer_id;
    char kind[8]; /* duty, adjust, spent */
    int minutes;  /* negative: taken off or spent */
    int points;
    int64_t at;
    int64_t duty_id; /* a duty's entry: its duty */
    char reason[VOL_REASON_MAX];
    char by[VOL_LOGIN_MAX];
} VolunteerEntry;

/* What scanning a card did (store_volunteer_scan). */
typedef enum {
    DUTY_STARTED = 1, /* a duty begins (签到) */
    DUTY_ENDED,       /* the open duty ended (签退): minutes counted */
    DUTY_REPEAT,      /* a second scan within a minute: nothing changed */
} DutyAction;

typedef struct {
    DutyAction action;
    int64_t duty_id;
    int minutes; /* DUTY_ENDED: the minutes counted */
    int points;  /* DUTY_ENDED: the points they earned */
    int64_t started_at;
} DutyScan;

/* One row of the figures (store_volunteer_figures): hours per volunteer,
 * skill or month over a period. */
typedef struct {
    char group[12];  /* volunteer, skill, month, total */
    char key[64];    /* the volunteer's id, the skill's code, YYYY-MM, "" */
    int64_t minutes; /* duty and adjustments (spent not counted) */
    int64_t points;
    int duties;
    int volunteers; /* distinct volunteers in the group */
} VolunteerFigure;

#endif
