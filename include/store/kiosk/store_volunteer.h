/* store_volunteer.h - volunteers and their hours in the database (issue 21,
 * schema 12; app/store/store_volunteer.c).
 *
 * A resident applies (status applied); a station head approves, rejects or
 * disables.  An approved volunteer gets a card: a ticket of kind 'V' whose
 * signed payload names only the ticket row.  Issuing a new card makes the
 * old one stop working.  Scanning the card starts a duty, scanning it again
 * ends it and writes one ledger entry; two scans within VOL_REPEAT_SECONDS
 * are one.  The ledger (volunteer_hours) is append-only: a correction is a
 * new entry (store_volunteer_adjust), and the database refuses UPDATE and
 * DELETE of entries.  Every change is one IMMEDIATE transaction and is
 * logged in the events table (subject "volunteer"). */
#ifndef KIOSK_STORE_VOLUNTEER_H
#define KIOSK_STORE_VOLUNTEER_H

#include <stdint.h>

#include "kiosk/config.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"
#include "kiosk/volunteer.h"

/* Checks a draft against cfg's skills and the bounds of volunteer.h:
 * K_OK, or K_ERR_INVALID with why (a static English sentence) set. */
KResult volunteer_draft_check(const VolunteerDraft *d, const Config *cfg, const char **why);

/* Saves an application (status applied) with its skills; *id its id.
 * The draft must pass volunteer_draft_check (K_ERR_INVALID otherwise).
 * Logs "volunteer_applied". */
KResult store_volunteer_apply(Store *s, const VolunteerDraft *d, const Config *cfg, int64_t now,
                              int64_t *id);

/* One volunteer with the totals of the ledger and any open duty;
 * K_ERR_NOT_FOUND when there is none with that id. */
KResult store_volunteer_get(Store *s, int64_t id, VolunteerRecord *out);

/* The volunteer whose valid card is ticket ticket_id; K_ERR_NOT_FOUND when
 * no volunteer's current card is that ticket (a replaced card). */
KResult store_volunteer_of_card(Store *s, int64_t ticket_id, VolunteerRecord *out);

typedef int (*StoreVolunteerFn)(const VolunteerRecord *v, void *user); /* non-zero stops */

/* Volunteers, oldest first; status NULL for all, skill NULL for any.
 * The records carry no totals (total_* 0). */
KResult store_volunteer_list(Store *s, const char *status, const char *skill, StoreVolunteerFn fn,
                             void *user);

/* A station head's decision: to "approved" (from applied or disabled),
 * "rejected" (from applied) or "disabled" (from applied or approved), by
 * the login by.  K_ERR_REFUSED when the volunteer is not in a state that
 * allows it.  Logs "volunteer_approved", "volunteer_rejected" or
 * "volunteer_disabled".  Disabling ends an open duty without counting it. */
KResult store_volunteer_decide(Store *s, int64_t id, const char *status, const char *by,
                               int64_t now);

/* Puts volunteer id in team (a group such as 舞蹈队 or 楼栋长; "" none)
 * for the figures per team, by the login by; logs "volunteer_team".
 * K_ERR_NOT_FOUND when there is no such volunteer. */
KResult store_volunteer_set_team(Store *s, int64_t id, const char *team, const char *by,
                                 int64_t now);

/* The card of an approved volunteer: the current one, or a new ticket of
 * kind 'V' (signed like every ticket) when there is none or renew is set,
 * after which an older card is refused.  K_ERR_REFUSED unless approved.
 * Logs "volunteer_card" for a new card. */
KResult store_volunteer_card(Store *s, int64_t id, const char *site,
                             const uint8_t key[TICKET_KEY_BYTES], bool renew, int64_t now,
                             Ticket *out);

/* A scan of the card that is ticket ticket_id (already checked by
 * store_check_ticket): starts or ends a duty, as DutyScan says.  Points
 * per hour from points_per_hour.  K_ERR_NOT_FOUND: not a volunteer's
 * current card; K_ERR_REFUSED: the volunteer is not approved (disabled).
 * vol gets the volunteer after the scan.  Logs "duty_started" or
 * "duty_ended" {"minutes"}. */
KResult store_volunteer_scan(Store *s, int64_t ticket_id, int points_per_hour, int64_t now,
                             DutyScan *out, VolunteerRecord *vol);

/* Staff close a volunteer's open duty, counting minutes (0: nothing is
 * counted; at most the time since it started).  K_ERR_NOT_FOUND when none
 * is open. */
KResult store_volunteer_close_duty(Store *s, int64_t id, int minutes, int points_per_hour,
                                   const char *by, int64_t now);

/* A correcting or added entry of minutes (non-zero, +-VOL_MINUTES_MAX) with
 * a reason and who made it; kind "adjust", or "spent" (minutes < 0) for
 * help received.  *entry its id.  Logs "volunteer_adjusted". */
KResult store_volunteer_adjust(Store *s, int64_t id, const char *kind, int minutes,
                               const char *reason, const char *by, int points_per_hour, int64_t now,
                               int64_t *entry);

typedef int (*StoreVolEntryFn)(const VolunteerEntry *e, void *user); /* non-zero stops */

/* The ledger of a volunteer, newest (last written) first, at most limit
 * (<= 0: all). */
KResult store_volunteer_entries(Store *s, int64_t id, int limit, StoreVolEntryFn fn, void *user);

/* The volunteers on duty now, longest first (records with open_duty_id). */
KResult store_volunteer_open_duties(Store *s, StoreVolunteerFn fn, void *user);

/* Approved volunteers who have skill (NULL or "": any), those of building
 * first, then by how far their building's number is from it, at most max. */
KResult store_volunteer_assignees(Store *s, const char *skill, const char *building, int max,
                                  StoreVolunteerFn fn, void *user);

typedef int (*StoreVolFigureFn)(const VolunteerFigure *f, void *user); /* non-zero stops */

/* The hours of entries at from <= at < to: one "total" row, then rows per
 * "month" (local), "skill" (a volunteer's hours count for each of their
 * skills), "team" (those in one) and "volunteer", each group by key. */
KResult store_volunteer_figures(Store *s, int64_t from, int64_t to, StoreVolFigureFn fn,
                                void *user);

#endif
