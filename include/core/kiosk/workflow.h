/* workflow.h - how a request moves, modelled on 12345 / 接诉即办 practice,
 * and who may move it.
 *
 *   submitted -accept-> accepted -assign-> assigned -start-> in_progress
 *   -resolve (note)-> resolved -close (rating or return visit)-> closed
 *   refer (note) and cancel (reason) from any open state.
 *   assign again from assigned or in_progress (hand over).
 *
 * Pure data: the store applies the same table inside its transaction, so
 * no screen and no admin command can make a move the table does not allow. */
#ifndef KIOSK_WORKFLOW_H
#define KIOSK_WORKFLOW_H

#include <stdbool.h>

typedef enum {
    WF_SUBMITTED = 0,
    WF_ACCEPTED,
    WF_ASSIGNED,
    WF_IN_PROGRESS,
    WF_RESOLVED,
    WF_CLOSED,
    WF_REFERRED,
    WF_CANCELLED,
    WF_STATE_COUNT
} WfState;

typedef enum {
    WF_ACCEPT = 0,
    WF_ASSIGN, /* needs an assignee */
    WF_START,
    WF_RESOLVE, /* needs a note */
    WF_CLOSE,   /* needs a rating or a note of the return visit */
    WF_REFER,   /* needs a note: to whom */
    WF_CANCEL,  /* needs a reason */
    WF_ACTION_COUNT
} WfAction;

/* Staff roles. */
typedef enum {
    ROLE_HEAD = 0,  /* station head: everything, staff accounts, settings */
    ROLE_WORKER,    /* social worker: requests and bookings */
    ROLE_VOLUNTEER, /* check-in and calling numbers only */
    ROLE_COUNT
} StaffRole;

/* Stable names as stored and in JSON: "submitted", "in_progress" ...;
 * "accept", "assign" ...; "head", "worker", "volunteer". */
const char *wf_state_name(WfState s);
const char *wf_action_name(WfAction a);
const char *wf_role_name(StaffRole r);

/* Parses a name back; false when unknown. */
bool wf_state_parse(const char *name, WfState *out);
bool wf_action_parse(const char *name, WfAction *out);
bool wf_role_parse(const char *name, StaffRole *out);

/* The state a stored status names; WF_CLOSED (no work, no moves) when it
 * names none, so a row with a status this build does not know is left
 * alone rather than offered actions. */
WfState wf_state_of(const char *name);

/* true for submitted, accepted, assigned, in_progress (work to do). */
bool wf_is_open(WfState s);

/* The state action leads to from s; false when the workflow does not allow
 * that action there. */
bool wf_next(WfState s, WfAction a, WfState *out);

/* Whether an action needs a note (resolve, refer, cancel, close without a
 * rating) or an assignee (assign). */
bool wf_needs_note(WfAction a);
bool wf_needs_assignee(WfAction a);

/* Whether a role may take an action on requests (volunteers may not). */
bool wf_role_may(StaffRole r, WfAction a);

/* What staff in that role may do beyond requests. */
bool wf_role_may_manage_staff(StaffRole r); /* head only */
bool wf_role_may_bookings(StaffRole r);     /* see and change bookings: head, worker */
bool wf_role_may_checkin(StaffRole r);      /* every role */
bool wf_role_may_call(StaffRole r);         /* every role */

/* A resident's rating when a request is closed. */
typedef enum { RATING_NONE = 0, RATING_SATISFIED, RATING_BASIC, RATING_DISSATISFIED } WfRating;
const char *wf_rating_name(WfRating r); /* "", "satisfied", "basic", "dissatisfied" */
bool wf_rating_parse(const char *name, WfRating *out);

#endif
