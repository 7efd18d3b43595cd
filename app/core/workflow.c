/* workflow.c - the request workflow's table and who may move a request
 * (see workflow.h).
 *
 * The table is written out as data, one row per state, so that a reader can
 * check it against the picture in the header at a glance and a test can
 * compare it with one written independently.  -1 means "not from here". */
#include "kiosk/workflow.h"

#include <stddef.h>
#include <string.h>

static const char *const state_names[WF_STATE_COUNT] = {
    [WF_SUBMITTED] = "submitted",     [WF_ACCEPTED] = "accepted",   [WF_ASSIGNED] = "assigned",
    [WF_IN_PROGRESS] = "in_progress", [WF_RESOLVED] = "resolved",   [WF_CLOSED] = "closed",
    [WF_REFERRED] = "referred",       [WF_CANCELLED] = "cancelled",
};

static const char *const action_names[WF_ACTION_COUNT] = {
    [WF_ACCEPT] = "accept",   [WF_ASSIGN] = "assign", [WF_START] = "start",
    [WF_RESOLVE] = "resolve", [WF_CLOSE] = "close",   [WF_REFER] = "refer",
    [WF_CANCEL] = "cancel",
};

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_HEAD] = "head",
    [ROLE_WORKER] = "worker",
    [ROLE_VOLUNTEER] = "volunteer",
};

static const char *const rating_names[] = {
    [RATING_NONE] = "",
    [RATING_SATISFIED] = "satisfied",
    [RATING_BASIC] = "basic",
    [RATING_DISSATISFIED] = "dissatisfied",
};

#define N -1
/* next[state][action]: the state the action leads to, N when refused. */
/* clang-format off */
static const signed char next_state[WF_STATE_COUNT][WF_ACTION_COUNT] = {
    /*                  accept       assign       start           resolve      close      refer        cancel */
    [WF_SUBMITTED]   = {WF_ACCEPTED, N,           N,              N,           N,         WF_REFERRED, WF_CANCELLED},
    [WF_ACCEPTED]    = {N,           WF_ASSIGNED, N,              N,           N,         WF_REFERRED, WF_CANCELLED},
    [WF_ASSIGNED]    = {N,           WF_ASSIGNED, WF_IN_PROGRESS, WF_RESOLVED, N,         WF_REFERRED, WF_CANCELLED},
    [WF_IN_PROGRESS] = {N,           WF_ASSIGNED, N,              WF_RESOLVED, N,         WF_REFERRED, WF_CANCELLED},
    [WF_RESOLVED]    = {N,           N,           N,              N,           WF_CLOSED, N,           N},
    [WF_CLOSED]      = {N,           N,           N,              N,           N,         N,           N},
    [WF_REFERRED]    = {N,           N,           N,              N,           N,         N,           N},
    [WF_CANCELLED]   = {N,           N,           N,              N,           N,         N,           N},
};
/* clang-format on */
#undef N

static const char *name_of(const char *const *names, int n, int i)
{
    return i >= 0 && i < n && names[i] ? names[i] : "";
}

static bool parse_name(const char *const *names, int n, const char *name, int *out)
{
    if (!name || !name[0])
        return false;
    for (int i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0) {
            *out = i;
            return true;
        }
    return false;
}

const char *wf_state_name(WfState s)
{
    return name_of(state_names, WF_STATE_COUNT, (int)s);
}

const char *wf_action_name(WfAction a)
{
    return name_of(action_names, WF_ACTION_COUNT, (int)a);
}

const char *wf_role_name(StaffRole r)
{
    return name_of(role_names, ROLE_COUNT, (int)r);
}

bool wf_state_parse(const char *name, WfState *out)
{
    int i;
    if (!parse_name(state_names, WF_STATE_COUNT, name, &i))
        return false;
    *out = (WfState)i;
    return true;
}

WfState wf_state_of(const char *name)
{
    WfState s = WF_CLOSED;
    (void)wf_state_parse(name, &s); /* unknown: stays WF_CLOSED, as documented */
    return s;
}

bool wf_action_parse(const char *name, WfAction *out)
{
    int i;
    if (!parse_name(action_names, WF_ACTION_COUNT, name, &i))
        return false;
    *out = (WfAction)i;
    return true;
}

bool wf_role_parse(const char *name, StaffRole *out)
{
    int i;
    if (!parse_name(role_names, ROLE_COUNT, name, &i))
        return false;
    *out = (StaffRole)i;
    return true;
}

bool wf_is_open(WfState s)
{
    return s == WF_SUBMITTED || s == WF_ACCEPTED || s == WF_ASSIGNED || s == WF_IN_PROGRESS;
}

bool wf_next(WfState s, WfAction a, WfState *out)
{
    if ((int)s < 0 || s >= WF_STATE_COUNT || (int)a < 0 || a >= WF_ACTION_COUNT)
        return false;
    int to = next_state[s][a];
    if (to < 0)
        return false;
    if (out)
        *out = (WfState)to;
    return true;
}

bool wf_needs_note(WfAction a)
{
    /* close needs a note only without a rating: the store checks that. */
    return a == WF_RESOLVE || a == WF_REFER || a == WF_CANCEL || a == WF_CLOSE;
}

bool wf_needs_assignee(WfAction a)
{
    return a == WF_ASSIGN;
}

bool wf_role_may(StaffRole r, WfAction a)
{
    if ((int)a < 0 || a >= WF_ACTION_COUNT)
        return false;
    return r == ROLE_HEAD || r == ROLE_WORKER;
}

bool wf_role_may_manage_staff(StaffRole r)
{
    return r == ROLE_HEAD;
}

bool wf_role_may_bookings(StaffRole r)
{
    return r == ROLE_HEAD || r == ROLE_WORKER;
}

bool wf_role_may_checkin(StaffRole r)
{
    return (int)r >= 0 && r < ROLE_COUNT;
}

bool wf_role_may_call(StaffRole r)
{
    return (int)r >= 0 && r < ROLE_COUNT;
}

const char *wf_rating_name(WfRating r)
{
    return name_of(rating_names, (int)(sizeof rating_names / sizeof rating_names[0]), (int)r);
}

bool wf_rating_parse(const char *name, WfRating *out)
{
    int i;
    /* "" is RATING_NONE's name but not something to parse. */
    if (!name || !name[0] ||
        !parse_name(rating_names, (int)(sizeof rating_names / sizeof rating_names[0]), name, &i))
        return false;
    *out = (WfRating)i;
    return true;
}
