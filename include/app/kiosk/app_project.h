/* app_project.h - the station's work (issue 22) on the kiosk: the project
 * handling a resident's request (progress screen, request timeline), and
 * staff's screens: the projects list (项目清单, overdue first) with a
 * project's details, the needs list (需求清单) where a group of requests is
 * recognised as a need and the resources that can help are linked, and the
 * month's figures on the statistics screen.
 *
 * A feature slice of the app: its state is nested in App (a->projects,
 * a->check.project; app.h), its actions are declared here and run in
 * app/kiosk/app_project.c, its screens are app/screens/projects.c and
 * needs.c. */
#ifndef KIOSK_APP_PROJECT_H
#define KIOSK_APP_PROJECT_H

#include "kiosk/app.h"

extern const Screen screen_projects, screen_project, screen_needs, screen_need;

/* The project handling the request on screen_progress into
 * a->check.project ("" when none). */
void app_project_progress(App *a);

/* The timeline line of a project_linked event (kind, its detail JSON,
 * when and who as the timeline writes them) into line: true when kind is
 * one of this slice's, false (line untouched) otherwise. */
bool app_project_timeline(const App *a, const char *kind, const char *detail, const char *when,
                          const char *actor, char *line, size_t cap);

/* Staff: the unfinished projects, overdue first (screen_projects' enter). */
void app_projects_load(App *a);
/* Shows project id's details on screen_project. */
void app_project_open(App *a, int64_t id);
/* Staff: this month's needs list (screen_needs' enter). */
void app_needs_load(App *a);
/* Shows group i of the needs list with its need and matches (screen_need). */
void app_need_open(App *a, int i);
/* Recognises the shown group as a need (its title from the category, issue
 * and community) and links the group's requests of the month to it. */
void app_need_recognise(App *a);
/* Links resource id to the shown need: added to the need's unfinished
 * project, or a new project (owner: the staff member logged in, due in 30
 * days) when it has none.  A refusal (no capacity left) is said in
 * a->staff.note. */
void app_need_link_resource(App *a, int64_t id);
/* The figures of period p (local days, both included) into
 * a->projects.figures, for the statistics screen's projects page. */
void app_project_figures_load(App *a, const StatsPeriod *p);

#endif
