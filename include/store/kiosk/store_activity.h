/* store_activity.h - community activities in the database (issue 20):
 * the calendar, sign-ups with seats and a waiting list, series, check-in,
 * no-shows and their released seats, and the figures.
 *
 * The seat rule: an activity's `taken` (people signed up or checked in) is
 * kept in the same IMMEDIATE transaction as every sign-up, cancellation,
 * release and promotion, and the schema refuses taken > seats (CHECK), so
 * kiosks and admin racing on the same file never confirm more people than
 * seats.  The waiting list is promoted in its order, the first waiting
 * first, inside the transaction that freed the seats: once, never skipped
 * over (a party of three waits for three seats; the one behind waits too).
 *
 * Every function returns a KResult; K_ERR_REFUSED when a rule says no
 * (*why set where given), with the reason in store_errmsg. */
#ifndef KIOSK_STORE_ACTIVITY_H
#define KIOSK_STORE_ACTIVITY_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk/activity.h"
#include "kiosk/result.h"
#include "kiosk/store.h"
#include "kiosk/ticket.h"

#define ACT_SERIES_MAX 120  /* dates a series may make */
#define ACT_PROMOTED_MAX 32 /* promotions one call reports (more happen, uncounted) */

/* Sign-ups promoted by a call (ids, in order), for the caller's events. */
typedef struct {
    int64_t id[ACT_PROMOTED_MAX];
    int count;
} ActPromoted;

/* true for an audience word (ACT_AUD_*). */
bool store_activity_audience_ok(const char *a);

/* Checks a (new or changed) activity: code, titles, audience, day, times,
 * seats 1..ACT_SEATS_MAX, per_signup 1..ACT_PEOPLE_MAX, per_phone >=
 * per_signup, lengths, UTF-8.  K_ERR_INVALID with the reason otherwise. */
KResult store_activity_check(Store *s, const Activity *a);

/* Adds the activity a (a->id, series_id, taken ignored); with repeat
 * "daily" or "weekly" (NULL: one date) one row per date from a->day to
 * until (YYYY-MM-DD, at most ACT_SERIES_MAX dates), all in one
 * transaction.  ids (max entries) gets the new ids, *count how many. */
KResult store_activity_add(Store *s, const Activity *a, const char *repeat, const char *until,
                           const char *actor, int64_t now, int64_t *ids, int max, int *count);

/* One activity by id, with its waiting count.  K_ERR_NOT_FOUND when none. */
KResult store_activity_get(Store *s, int64_t id, Activity *out);

/* The calendar: activities of days from..to (inclusive, YYYY-MM-DD) in
 * date and time order, not cancelled ones unless with_cancelled, of
 * audience (NULL or "": every audience; an audience also lists "all"
 * activities), at most max rows into out. */
KResult store_activity_list(Store *s, const char *from, const char *to, const char *audience,
                            bool with_cancelled, Activity *out, int max, int *count);

/* Changes activity a->id to a (all fields but id, series_id, taken,
 * cancelled, created_at).  Refused when seats would fall below taken or
 * the activity is cancelled; more seats promote the waiting at once. */
KResult store_activity_change(Store *s, const Activity *a, const char *actor, int64_t now,
                              ActPromoted *promoted);

/* Cancels activity id (and with series every later date of its series
 * not cancelled yet): its live sign-ups are cancelled with it.  *dates
 * gets how many dates were cancelled; logs "activity_cancelled". */
KResult store_activity_cancel(Store *s, int64_t id, bool series, const char *actor, int64_t now,
                              int *dates);

/* Signs phone up for activity_id with people: a seat when people fit and
 * nobody waits, else the waiting list (when the activity takes one), and
 * an H ticket (site, key) either way.  by_resident applies the rules of
 * the kiosk (the sign-up window); staff (admin) may sign up after it
 * closed.  sms: the texts' language ("zh", "en") when the resident turned
 * phone.sms on, else "" or NULL (schema 14's triggers keep the consent by
 * number and text a promotion or the activity's cancellation).
 * K_ERR_REFUSED with *why.  out and ticket filled on K_OK. */
KResult store_activity_signup(Store *s, int64_t activity_id, const char *phone, int people,
                              bool by_resident, const char *sms, const char *site,
                              const uint8_t key[TICKET_KEY_BYTES], const char *actor, int64_t now,
                              ActivitySignup *out, Ticket *ticket, ActRefusal *why);

/* Cancels sign-up id (signed up or waiting); its seats go to the waiting
 * list at once (promoted).  by_resident: refused (ACT_REFUSE_TOO_LATE)
 * after the activity's cancel-before time. */
KResult store_activity_cancel_signup(Store *s, int64_t id, bool by_resident, const char *actor,
                                     int64_t now, ActPromoted *promoted, ActRefusal *why);

/* A sign-up by id or by its ticket's id, with its place in the line. */
KResult store_activity_signup_get(Store *s, int64_t id, ActivitySignup *out);
KResult store_activity_signup_of_ticket(Store *s, int64_t ticket_id, ActivitySignup *out);

/* The sign-ups of activity_id in order of sign-up (max into out). */
KResult store_activity_signups(Store *s, int64_t activity_id, ActivitySignup *out, int max,
                               int *count);

/* Checks sign-up id in (signed up; on the day, from an hour before the
 * start to the end).  K_ERR_REFUSED (ACT_REFUSE_STATE) otherwise. */
KResult store_activity_checkin(Store *s, int64_t id, const char *actor, int64_t now,
                               ActRefusal *why);

/* Staff release the seats of those signed up and not come, from
 * ACT_RELEASE_AFTER_MIN minutes after the start to the end: they become
 * no-shows (released) and the waiting list is promoted.  *released: the
 * sign-ups released.  K_ERR_REFUSED before that time. */
KResult store_activity_release(Store *s, int64_t activity_id, const char *actor, int64_t now,
                               int *released, ActPromoted *promoted);

/* Marks the signed-up sign-ups of activities that ended before now as
 * no-shows (and the waiting ones of them cancelled); *marked how many. */
KResult store_activity_sweep(Store *s, int64_t now, int *marked);

/* Figures of activities held from..to (YYYY-MM-DD): per activity (max
 * rows into per, *nper) and per audience (4 rows into aud, *naud), and the
 * totals into *total. */
KResult store_activity_figures(Store *s, const char *from, const char *to, ActivityFigures *per,
                               int max, int *nper, ActivityFigures aud[4], int *naud,
                               ActivityFigures *total);

#endif
