/* test_workflow.c - unit tests for app/core/workflow.c: the transition
 * table checked exhaustively against one written out here independently
 * (every state by every action), who may do what (every role by every
 * action), and the names of states, actions, roles and ratings both ways. */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "kiosk/workflow.h"

/* The expected moves, written from the process description and not from
 * the table in workflow.c: "-" is refused. */
/* clang-format off */
static const char *const expected[WF_STATE_COUNT][WF_ACTION_COUNT] = {
    /*                accept      assign      start          resolve     close     refer       cancel */
    /* submitted */   {"accepted", "-",        "-",           "-",        "-",      "referred", "cancelled"},
    /* accepted */    {"-",        "assigned", "-",           "-",        "-",      "referred", "cancelled"},
    /* assigned */    {"-",        "assigned", "in_progress", "resolved", "-",      "referred", "cancelled"},
    /* in_progress */ {"-",        "assigned", "-",           "resolved", "-",      "referred", "cancelled"},
    /* resolved */    {"-",        "-",        "-",           "-",        "closed", "-",        "-"},
    /* closed */      {"-",        "-",        "-",           "-",        "-",      "-",        "-"},
    /* referred */    {"-",        "-",        "-",           "-",        "-",      "-",        "-"},
    /* cancelled */   {"-",        "-",        "-",           "-",        "-",      "-",        "-"},
};
/* clang-format on */

static const char *const state_names[] = {"submitted", "accepted", "assigned", "in_progress",
                                          "resolved",  "closed",   "referred", "cancelled"};
static const char *const action_names[] = {"accept", "assign", "start", "resolve",
                                           "close",  "refer",  "cancel"};
static const char *const role_names[] = {"head", "worker", "volunteer"};

static void test_names(void)
{
    CHECK_INT_EQ(WF_STATE_COUNT, 8);
    CHECK_INT_EQ(WF_ACTION_COUNT, 7);
    CHECK_INT_EQ(ROLE_COUNT, 3);
    for (int i = 0; i < WF_STATE_COUNT; i++) {
        WfState s = WF_CLOSED;
        CHECK_STR_EQ(wf_state_name((WfState)i), state_names[i]);
        CHECK(wf_state_parse(state_names[i], &s));
        CHECK_INT_EQ(s, i);
        CHECK_INT_EQ(wf_state_of(state_names[i]), i);
    }
    CHECK_INT_EQ(wf_state_of("Resolved"), WF_CLOSED); /* unknown: no work, no moves */
    CHECK_INT_EQ(wf_state_of(""), WF_CLOSED);
    for (int i = 0; i < WF_ACTION_COUNT; i++) {
        WfAction a = WF_CANCEL;
        CHECK_STR_EQ(wf_action_name((WfAction)i), action_names[i]);
        CHECK(wf_action_parse(action_names[i], &a));
        CHECK_INT_EQ(a, i);
    }
    for (int i = 0; i < ROLE_COUNT; i++) {
        StaffRole r = ROLE_VOLUNTEER;
        CHECK_STR_EQ(wf_role_name((StaffRole)i), role_names[i]);
        CHECK(wf_role_parse(role_names[i], &r));
        CHECK_INT_EQ(r, i);
    }
    WfState s;
    WfAction a;
    StaffRole r;
    WfRating g;
    static const char *const bad[] = {"", "Submitted", "in-progress", "accepted ", "admin", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(!wf_state_parse(bad[i], &s));
        CHECK(!wf_action_parse(bad[i], &a));
        CHECK(!wf_role_parse(bad[i], &r));
        CHECK(!wf_rating_parse(bad[i], &g));
    }
    CHECK(!wf_state_parse(NULL, &s));
    CHECK(!wf_action_parse(NULL, &a));
    CHECK(!wf_role_parse(NULL, &r));
    CHECK(!wf_rating_parse(NULL, &g));
    /* out-of-range values have an empty name, never NULL */
    CHECK_STR_EQ(wf_state_name(WF_STATE_COUNT), "");
    CHECK_STR_EQ(wf_action_name(WF_ACTION_COUNT), "");
    CHECK_STR_EQ(wf_role_name(ROLE_COUNT), "");

    CHECK_STR_EQ(wf_rating_name(RATING_NONE), "");
    CHECK_STR_EQ(wf_rating_name(RATING_SATISFIED), "satisfied");
    CHECK_STR_EQ(wf_rating_name(RATING_BASIC), "basic");
    CHECK_STR_EQ(wf_rating_name(RATING_DISSATISFIED), "dissatisfied");
    for (int i = RATING_SATISFIED; i <= RATING_DISSATISFIED; i++) {
        g = RATING_NONE;
        CHECK(wf_rating_parse(wf_rating_name((WfRating)i), &g));
        CHECK_INT_EQ(g, i);
    }
}

static void test_table(void)
{
    int allowed = 0;
    for (int s = 0; s < WF_STATE_COUNT; s++)
        for (int a = 0; a < WF_ACTION_COUNT; a++) {
            WfState to = WF_CANCELLED;
            bool ok = wf_next((WfState)s, (WfAction)a, &to);
            bool want = strcmp(expected[s][a], "-") != 0;
            if (ok != want)
                fprintf(stderr, "    %s --%s--> expected %s\n", state_names[s], action_names[a],
                        expected[s][a]);
            CHECK_INT_EQ(ok, want);
            if (ok && want)
                CHECK_STR_EQ(wf_state_name(to), expected[s][a]);
            allowed += ok;
        }
    CHECK_INT_EQ(allowed, 3 + 3 + 5 + 4 + 1);
    /* out of range: refused, out untouched */
    WfState to = WF_CLOSED;
    CHECK(!wf_next(WF_STATE_COUNT, WF_ACCEPT, &to));
    CHECK(!wf_next(WF_SUBMITTED, WF_ACTION_COUNT, &to));
    CHECK(!wf_next((WfState)-1, WF_ACCEPT, &to));
    CHECK_INT_EQ(to, WF_CLOSED);
}

static void test_open(void)
{
    static const bool open[WF_STATE_COUNT] = {true, true, true, true, false, false, false, false};
    for (int s = 0; s < WF_STATE_COUNT; s++) {
        CHECK_INT_EQ(wf_is_open((WfState)s), open[s]);
        /* refer and cancel exactly from the open states */
        CHECK_INT_EQ(wf_next((WfState)s, WF_REFER, NULL), open[s]);
        CHECK_INT_EQ(wf_next((WfState)s, WF_CANCEL, NULL), open[s]);
    }
}

static void test_needs(void)
{
    /*                         accept assign start resolve close refer cancel */
    static const bool note[] = {false, false, false, true, true, true, true};
    static const bool who[] = {false, true, false, false, false, false, false};
    for (int a = 0; a < WF_ACTION_COUNT; a++) {
        CHECK_INT_EQ(wf_needs_note((WfAction)a), note[a]);
        CHECK_INT_EQ(wf_needs_assignee((WfAction)a), who[a]);
    }
}

static void test_roles(void)
{
    /* may[role][action]: head and worker everything, a volunteer nothing */
    static const bool may[ROLE_COUNT][WF_ACTION_COUNT] = {
        {true, true, true, true, true, true, true},
        {true, true, true, true, true, true, true},
        {false, false, false, false, false, false, false},
    };
    for (int r = 0; r < ROLE_COUNT; r++)
        for (int a = 0; a < WF_ACTION_COUNT; a++)
            CHECK_INT_EQ(wf_role_may((StaffRole)r, (WfAction)a), may[r][a]);
    CHECK(!wf_role_may(ROLE_HEAD, WF_ACTION_COUNT));

    CHECK(wf_role_may_manage_staff(ROLE_HEAD));
    CHECK(!wf_role_may_manage_staff(ROLE_WORKER));
    CHECK(!wf_role_may_manage_staff(ROLE_VOLUNTEER));
    CHECK(wf_role_may_bookings(ROLE_HEAD));
    CHECK(wf_role_may_bookings(ROLE_WORKER));
    CHECK(!wf_role_may_bookings(ROLE_VOLUNTEER));
    for (int r = 0; r < ROLE_COUNT; r++) {
        CHECK(wf_role_may_checkin((StaffRole)r));
        CHECK(wf_role_may_call((StaffRole)r));
    }
    CHECK(!wf_role_may_checkin(ROLE_COUNT));
    CHECK(!wf_role_may_call(ROLE_COUNT));
}

/* Every path through the table ends in a final state within 6 moves, and
 * no final state has a way out. */
static void test_paths(void)
{
    WfState s = WF_SUBMITTED;
    static const WfAction happy[] = {WF_ACCEPT, WF_ASSIGN,  WF_START,
                                     WF_ASSIGN, WF_RESOLVE, WF_CLOSE};
    static const WfState after[] = {WF_ACCEPTED, WF_ASSIGNED, WF_IN_PROGRESS,
                                    WF_ASSIGNED, WF_RESOLVED, WF_CLOSED};
    for (size_t i = 0; i < sizeof happy / sizeof happy[0]; i++) {
        CHECK(wf_next(s, happy[i], &s));
        CHECK_INT_EQ(s, after[i]);
    }
    CHECK(!wf_is_open(s));
}

int main(void)
{
    test_names();
    test_table();
    test_open();
    test_needs();
    test_roles();
    test_paths();
    return CHECK_DONE();
}
