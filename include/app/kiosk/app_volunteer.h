/* app_volunteer.h - volunteers and their hours at the kiosk (issue 21).
 *
 * A feature slice of the app: its state is a->vol (app.h), its actions are
 * declared here and run in app/kiosk/app_volunteer.c, its screens are in
 * app/screens/volunteer*.c.  The resident's path: home.volunteer -> name and
 * age -> phone (FLOW_VOLUNTEER) -> building -> skills -> when and consent ->
 * review -> done (event volunteer_applied).  A scanned card (kind 'V')
 * starts or ends a duty and shows the balance (events duty_started,
 * duty_ended).  Staff: staff.volunteers lists applications and open
 * duties. */
#ifndef KIOSK_APP_VOLUNTEER_H
#define KIOSK_APP_VOLUNTEER_H

#include "kiosk/app.h"

extern const Screen screen_volunteer, screen_volunteer_building, screen_volunteer_skills,
    screen_volunteer_when, screen_volunteer_done, screen_volunteer_card, screen_staff_volunteers;

/* home.volunteer: a fresh application (FLOW_VOLUNTEER). */
void app_volunteer_start(App *a);

/* Forgets the application being filled and what a scan showed (the
 * session's reset). */
void app_volunteer_wipe(App *a);

/* review.confirm on FLOW_VOLUNTEER: saves the application once; event
 * volunteer_applied {"id"}; then the done screen. */
void app_volunteer_submit(App *a);

/* The review's rows of the application (app/screens/volunteer.c), in the
 * shape of review.c's: with ui NULL only measures. */
void volunteer_review_rows(App *a, UiList *ui, Rect rows, int px, int *y);

/* A valid ticket of kind 'V' was scanned (ticket ticket_id): the duty
 * starts or ends, and the card screen shows it with the balance.  A card
 * that names no volunteer now, or a disabled one's, is refused and logged
 * (event volunteer_card_refused). */
void app_volunteer_scan(App *a, int64_t ticket_id);

/* card.print: the passbook slip of the volunteer shown (the receipt
 * printer), as a ticket job. */
void app_volunteer_print_passbook(App *a);

/* staff.volunteers: reads the applications and the open duties. */
void app_volunteer_staff_load(App *a);

/* A station head approves (true) or rejects an application; approving
 * issues the card and shows it on the ticket screen, to print. */
void app_volunteer_decide(App *a, int64_t id, bool approve);

/* Staff close a duty left open, counting the time it has lasted. */
void app_volunteer_close_duty(App *a, int64_t id);

/* Adds the approved volunteers to a->staff.assignees after what is there
 * (up to ASSIGNEES_MAX): those with the skill whose code is the detail's
 * issue (any skill when no skill has that code), the detail's building
 * first, then the nearest.  Kind "volunteer", name "volunteer:ID" (what the
 * request keeps: no personal data), label the volunteer's name. */
void app_volunteer_assignees(App *a);

/* The name of the volunteer an assignee "volunteer:ID" names into out;
 * out unchanged for any other assignee. */
void app_volunteer_assignee_name(App *a, const char *assignee, char *out, size_t cap);

/* The volunteers' figures of period p for the statistics screen (issue 21):
 * a->vol.stats_*. */
void app_volunteer_stats_load(App *a, const StatsPeriod *p);

/* The statistics screen's volunteers lines at the top of r (staff tab;
 * app/screens/volunteer_scan.c); returns the y below them. */
int volunteer_stats_lines(App *a, UiList *ui, Rect r);

/* Minutes as hours with one decimal ("2.0"), rounded down. */
void app_volunteer_hours(int64_t minutes, char *out, size_t cap);

/* The skills of a record as labels, joined (for the screens). */
void app_volunteer_skills_text(App *a, const VolunteerDraft *d, char *out, size_t cap);

#endif
