/* project.h - the plain records of the station's work (issue 22): a group
 * of requests on the needs list, a recognised need, a resource, a project
 * and its milestones, and the month's figures.
 *
 * Plain data only, like records.h: the store (store_project.h) fills them,
 * the app's projects slice keeps them, the screens show them. */
#ifndef KIOSK_PROJECT_H
#define KIOSK_PROJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/request.h"

/* Bounds in characters (the schema's CHECKs); the buffers hold 4 bytes a
 * character and the NUL. */
#define NEED_TITLE_CHARS 60
#define NEED_NOTE_CHARS 400
#define RES_NAME_CHARS 40
#define RES_TEXT_CHARS 60 /* availability, agreement */
#define RES_CONTACT_CHARS 20
#define PROJ_TITLE_CHARS 30
#define PROJ_RESULT_CHARS 400
#define PROJ_MILESTONE_CHARS 60
#define RES_OFFERS_MAX 8 /* categories a resource offers */

#define NEED_TITLE_MAX (NEED_TITLE_CHARS * 4 + 1)
#define NEED_NOTE_MAX (NEED_NOTE_CHARS * 4 + 1)
#define RES_NAME_MAX (RES_NAME_CHARS * 4 + 1)
#define RES_TEXT_MAX (RES_TEXT_CHARS * 4 + 1)
#define RES_CONTACT_MAX (RES_CONTACT_CHARS * 4 + 1)
#define PROJ_TITLE_MAX (PROJ_TITLE_CHARS * 4 + 1)
#define PROJ_RESULT_MAX (PROJ_RESULT_CHARS * 4 + 1)
#define PROJ_MILESTONE_MAX (PROJ_MILESTONE_CHARS * 4 + 1)
#define PROJ_LOGIN_MAX 24
#define PROJ_DAY_MAX 11

/* One line of the needs list: the requests of a period with the same
 * category, community (building, "" when not given) and issue. */
typedef struct {
    char category[REQ_CODE_MAX];
    char community[REQ_ADDR_MAX];
    char issue[REQ_CODE_MAX];
    int count;       /* requests filed in the period */
    int open;        /* of which still open (submitted to in progress) */
    int urgent;      /* marked urgent */
    int priority;    /* from priority residents: 80+, disabled or living alone */
    int64_t need_id; /* a recognised need of this group (the latest), 0 none */
} NeedGroup;

/* A recognised need. */
typedef struct {
    int64_t id;
    char title[NEED_TITLE_MAX];
    char note[NEED_NOTE_MAX];
    char category[REQ_CODE_MAX]; /* "" any */
    char community[REQ_ADDR_MAX];
    char issue[REQ_CODE_MAX];
    char by[PROJ_LOGIN_MAX];
    int64_t created_at;
    int requests;       /* linked requests */
    int open;           /* of which still open */
    int64_t project_id; /* the latest project answering it, 0 none */
} NeedRecord;

/* The kinds of resource, as stored: org, charity, company, pro, team,
 * person. */
typedef struct {
    int64_t id;
    char name[RES_NAME_MAX];
    char kind[12];
    char offers[RES_OFFERS_MAX][REQ_CODE_MAX];
    int offer_count;
    int capacity; /* places: cases it carries at once */
    int used;     /* places unfinished projects take */
    char availability[RES_TEXT_MAX];
    char contact[RES_CONTACT_MAX]; /* shown to staff only */
    char phone[16];                /* shown to staff only */
    char agreement[RES_TEXT_MAX];
    int64_t created_at;
    bool serves_community; /* matching: already serves the need's community */
    int places;            /* in a project's list: the places it takes there */
} ResourceRecord;

typedef struct {
    int64_t id;
    char title[PROJ_TITLE_MAX];
    char owner[PROJ_LOGIN_MAX];
    char start_day[PROJ_DAY_MAX];
    char due_day[PROJ_DAY_MAX];
    char state[12]; /* planned, running, finished, cancelled */
    char result[PROJ_RESULT_MAX];
    int64_t created_at, updated_at, closed_at;
    int needs, resources, requests, open_requests;
    bool overdue; /* unfinished after its due day */
} ProjectRecord;

typedef struct {
    int64_t id;
    char title[PROJ_MILESTONE_MAX];
    char day[PROJ_DAY_MAX];
    char by[PROJ_LOGIN_MAX];
} ProjectMilestone;

/* The figures of a period (a month): needs recognised, resources linked
 * to projects, projects running at some time in it and finished in it,
 * requests linked to projects (served through them). */
typedef struct {
    int needs, resources_linked, running, finished, requests;
} ProjectFigures;

#endif
