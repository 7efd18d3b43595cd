/* app_activity.h - community activities (issue 20): the calendar with its
 * audience filters, an activity's details, signing up (people, phone,
 * review, the H ticket or a standby ticket), a sign-up found by scanning
 * its ticket (its state; cancelling it), and staff's check-in, release of
 * no-shows' seats and today's list.
 *
 * A feature slice of the app: its state is a->activity (app.h), its
 * actions run in app/kiosk/app_activity.c, its screens are in
 * app/screens/activities.c and activity_staff.c. */
#ifndef KIOSK_APP_ACTIVITY_H
#define KIOSK_APP_ACTIVITY_H

#include "kiosk/app.h"

/* home.activities -> screen_activities (calendar) -> screen_activity
 * (details; how many people, activity.people.N, when more than one may
 * come; activity.signup) -> screen_phone -> screen_review -> screen_ticket.  A scanned
 * H ticket shows screen_activity_state; staff have screen_staff_activities
 * (today's) and screen_staff_activity (one's sign-ups). */
extern const Screen screen_activities, screen_activity, screen_activity_state,
    screen_staff_activities, screen_staff_activity;

/* home.activities: reads the coming four weeks (every audience) and shows
 * the calendar. */
void app_start_activities(App *a);
/* Reads the calendar again for audience (ACT_AUD_*, "" every one). */
void app_activities_filter(App *a, const char *audience);
/* Shows activity id's details (read afresh); false when it is gone. */
bool app_activity_open(App *a, int64_t id);
/* activity.signup: on to the phone, with the number of people picked. */
void app_activity_begin_signup(App *a);
/* The number of people picked on the details (1 .. per-signup). */
void app_activity_set_people(App *a, int people);
/* review.confirm on the activity path: signs up and shows the ticket; a
 * refusal stays on the review, saying why. */
void app_submit_activity(App *a);
/* A scanned H ticket (verified, this site's): its sign-up's state. */
void app_show_activity_signup(App *a, int64_t ticket_id);
/* The resident's cancel on screen_activity_state: the first tap asks, the
 * second cancels (its seats go to the first waiting at once). */
void app_activity_cancel_shown(App *a);
/* Forgets the resident's part (session wipe). */
void app_activity_wipe(App *a);
/* Marks the no-shows of ended activities, at most every ten minutes. */
void app_activity_sweep(App *a);

/* Staff: an H ticket scanned at the desk checks its sign-up in (the note
 * says so or why not). */
void app_staff_activity_scan(App *a, int64_t ticket_id);
/* Staff: reads today's activities (a->activity.today). */
void app_staff_activities_load(App *a);
/* Staff: opens today's activity id with its sign-ups. */
void app_staff_activity_open(App *a, int64_t id);
/* Staff: checks sign-up id in from the list. */
void app_staff_activity_checkin(App *a, int64_t signup_id);
/* Staff: releases the no-shows' seats of the activity shown. */
void app_staff_activity_release(App *a);

/* Words for the screens, in the current language. */
const char *app_activity_title(const App *a, const Activity *v);
const char *app_activity_place(const App *a, const Activity *v);
const char *app_activity_bring(const App *a, const Activity *v);
const char *app_activity_desc(const App *a, const Activity *v);
const char *app_activity_audience(const App *a, const char *audience);
/* "12月8日 周二 09:00-10:00". */
void app_activity_when(const App *a, const Activity *v, char *out, size_t cap);
/* Seats in words: "还剩 3 个名额", "已满，可排队", "已满", "报名已截止". */
void app_activity_seats_text(const App *a, const Activity *v, char *out, size_t cap);
/* Whether a resident may sign up now (*full: it would be the waiting
 * list); the refusal otherwise. */
bool app_activity_can_sign(const App *a, const Activity *v, bool *full, ActRefusal *why);
/* The refusal in words. */
StringKey app_activity_refusal_text(ActRefusal why);
/* The ticket card's lines for the sign-up just issued. */
void app_activity_ticket_info(const App *a, char *out, size_t cap);

/* Reads the figures of from..to for the statistics screen
 * (a->activity.fig_aud, fig_total; app_stats_load calls it). */
void app_activity_stats_load(App *a, const char *from, const char *to);
/* The statistics screen's lines of activities from y in r (per audience
 * and the total; app/screens/activities.c); returns the y below them. */
int activities_stats_lines(App *a, UiList *ui, Rect r, int y);

/* The review's rows on the activity path (app/screens/activities.c; the
 * review screen calls it as it calls its own): activity, when, where,
 * people, phone.  With ui NULL it only measures. */
void activities_review_rows(App *a, UiList *ui, Rect area, int px, int *y);

#endif
