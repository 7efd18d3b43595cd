/* store_project.h - the station's work in the store (issue 22): the needs
 * list and recognised needs, the resources list and the matching, the
 * projects list with its milestones, and the month's figures
 * (app/store/store_project.c, schema 13).
 *
 * Every change is one IMMEDIATE transaction with its event (need_recognised,
 * need_linked, resource_added, resource_changed, project_created,
 * project_changed, project_milestone, project_closed, and project_linked on
 * the request), so nothing is half-written.  Rules (also the schema's, as
 * the last line of defence): a project needs an owner (an active staff
 * account) and a due day; a finished or cancelled project takes no new
 * request, need or resource; the places unfinished projects take of a
 * resource never exceed its capacity.  A broken rule is K_ERR_REFUSED, bad
 * input K_ERR_INVALID, a missing row K_ERR_NOT_FOUND; store_errmsg says why.
 *
 * Days are local YYYY-MM-DD.  Callbacks return non-zero to stop. */
#ifndef KIOSK_STORE_PROJECT_H
#define KIOSK_STORE_PROJECT_H

#include "kiosk/project.h"
#include "kiosk/store.h"

/* ---- the needs list ---- */

/* The requests filed in [from, to) (seconds) grouped by category,
 * community and issue, the biggest groups first. */
typedef int (*StoreNeedGroupFn)(const NeedGroup *g, void *user);
KResult store_need_groups(Store *s, int64_t from, int64_t to, StoreNeedGroupFn fn, void *user);

/* Recognises a need (title 1..60 characters, note up to 400; category,
 * community and issue may be ""); *id the new one. */
KResult store_need_add(Store *s, const NeedRecord *n, const char *actor, int64_t now, int64_t *id);
KResult store_need_get(Store *s, int64_t id, NeedRecord *out);
typedef int (*StoreNeedRecFn)(const NeedRecord *n, void *user);
/* Needs recognised in [from, to) (0, 0: all), newest first. */
KResult store_need_list(Store *s, int64_t from, int64_t to, StoreNeedRecFn fn, void *user);
/* Links a request to a need (again: K_ERR_EXISTS). */
KResult store_need_link(Store *s, int64_t need_id, int64_t request_id, const char *actor,
                        int64_t now);
/* The ids of a need's requests, oldest first (fn gets the record). */
typedef int (*StoreProjectRequestFn)(const RequestRecord *r, void *user);
KResult store_need_requests(Store *s, int64_t need_id, StoreProjectRequestFn fn, void *user);

/* ---- resources ---- */

/* Adds a resource (name, kind, offers, capacity; the rest may be "");
 * *id the new one.  store_resource_change writes every field of r (id
 * given) and replaces its offers. */
KResult store_resource_add(Store *s, const ResourceRecord *r, const char *actor, int64_t now,
                           int64_t *id);
KResult store_resource_change(Store *s, const ResourceRecord *r, const char *actor, int64_t now);
KResult store_resource_get(Store *s, int64_t id, ResourceRecord *out);
typedef int (*StoreResourceFn)(const ResourceRecord *r, void *user);
KResult store_resource_list(Store *s, StoreResourceFn fn, void *user);
/* The matching: resources offering the need's category (any when the need
 * has none) ranked by capacity left, then those already serving the need's
 * community (a project with a request from that building), first. */
KResult store_need_matches(Store *s, int64_t need_id, StoreResourceFn fn, void *user);

/* ---- projects ---- */

/* A new project (title, owner, start_day ("" today), due_day of p), answering
 * need_id (0 none) carried out by resource_id (0 none) taking places of it. */
KResult store_project_add(Store *s, const ProjectRecord *p, int64_t need_id, int64_t resource_id,
                          int places, const char *actor, int64_t now, int64_t *id);
/* Writes title, owner, start_day, due_day and state of p (id given); a
 * closed project is not changed. */
KResult store_project_change(Store *s, const ProjectRecord *p, const char *actor, int64_t now);
KResult store_project_add_need(Store *s, int64_t project_id, int64_t need_id, const char *actor,
                               int64_t now);
KResult store_project_add_resource(Store *s, int64_t project_id, int64_t resource_id, int places,
                                   const char *actor, int64_t now);
KResult store_project_milestone(Store *s, int64_t project_id, const char *title, const char *day,
                                const char *actor, int64_t now);
/* Closes a project: finished (or cancelled) with its result note (1..400
 * characters); its resources' places are free again. */
KResult store_project_close(Store *s, int64_t project_id, bool cancelled, const char *result,
                            const char *actor, int64_t now);
KResult store_project_get(Store *s, int64_t id, int64_t now, ProjectRecord *out);
typedef int (*StoreProjectFn)(const ProjectRecord *p, void *user);
/* Unfinished projects first, the overdue ones (due before today) first of
 * them, then by due day; closed ones after (all: include them). */
KResult store_project_list(Store *s, bool all, int64_t now, StoreProjectFn fn, void *user);
KResult store_project_needs(Store *s, int64_t id, StoreNeedRecFn fn, void *user);
KResult store_project_resources(Store *s, int64_t id, StoreResourceFn fn, void *user);
KResult store_project_requests(Store *s, int64_t id, StoreProjectRequestFn fn, void *user);
typedef int (*StoreMilestoneFn)(const ProjectMilestone *m, void *user);
KResult store_project_milestones(Store *s, int64_t id, StoreMilestoneFn fn, void *user);

/* Links a request to a project (moved from another open one if linked
 * already); the request's timeline gets a project_linked event. */
KResult store_request_link_project(Store *s, int64_t request_id, int64_t project_id,
                                   const char *actor, int64_t now);
/* The project a request is handled by; K_ERR_NOT_FOUND when none. */
KResult store_request_project(Store *s, int64_t request_id, ProjectRecord *out);

/* The figures of [from, to) (seconds). */
KResult store_project_figures(Store *s, int64_t from, int64_t to, ProjectFigures *out);

#endif
