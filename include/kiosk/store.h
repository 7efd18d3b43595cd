/* store.h - the kiosk's SQLite database.
 *
 * One Store per process, used from one thread.  The schema is created and
 * migrated by version (PRAGMA user_version); WAL journal, foreign keys on,
 * synchronous=FULL so that a ticket is on disk before it is shown.  Every
 * statement is prepared; every multi-row change is one transaction.
 *
 * Tables: requests, tickets, ticket_seq (daily sequences per site and kind)
 * and events (append-only: triggers refuse UPDATE and DELETE). */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <stdint.h>
#include <stddef.h>
#include "kiosk/result.h"
#include "kiosk/request.h"
#include "kiosk/ticket.h"

typedef struct Store Store;

/* Opens (creating when missing) the database at path and migrates it.
 * On failure *out is NULL and err says why (path included). */
KResult store_open(const char *path, Store **out, char *err, size_t errcap);

/* Closes the database; store_close(NULL) does nothing. */
void store_close(Store *s);

/* The message of the last failed call, or "" ; valid until the next call. */
const char *store_errmsg(const Store *s);

/* The schema version this build writes. */
int store_schema_version(void);

/* Files a request and issues its ticket in one durable transaction:
 * a request row, the next daily number for (site, 'A', local day of now),
 * a lookup code, the signed payload and a "request_submitted" event.
 * When a request with the same draft token exists, nothing is written and
 * that request's ticket is returned (a double tap files one request).
 * response_hours sets the ticket's promised response time. */
KResult store_submit_request(Store *s, const RequestDraft *d, const char *site, int64_t now,
                             int response_hours, const uint8_t key[TICKET_KEY_BYTES],
                             int64_t *request_id, Ticket *ticket);

/* A stored request with its ticket. */
typedef struct {
    int64_t id;
    RequestDraft draft; /* what the resident gave (token included) */
    char site[TICKET_SITE_MAX];
    char status[24];
    int64_t created_at;
    Ticket ticket;
} RequestRecord;

KResult store_get_request(Store *s, int64_t id, RequestRecord *out);

/* The request a ticket was issued for; K_ERR_NOT_FOUND when none. */
KResult store_get_request_of_ticket(Store *s, int64_t ticket_id, RequestRecord *out);

/* Calls fn for each request, newest first, at most limit (<= 0: all);
 * status NULL means every status.  Stops early when fn returns non-zero. */
typedef int (*StoreRequestFn)(const RequestRecord *r, void *user);
KResult store_list_requests(Store *s, const char *status, int limit, StoreRequestFn fn, void *user);

/* Finds a ticket by id; K_ERR_NOT_FOUND when there is none. */
KResult store_get_ticket(Store *s, int64_t id, Ticket *out);

/* Appends an event: kind ("request_submitted", ...), actor ("kiosk",
 * "admin", a staff login), the subject (table and id, 0 for none) and a
 * detail JSON object (or NULL). */
KResult store_log_event(Store *s, int64_t at, const char *actor, const char *kind,
                        const char *subject, int64_t subject_id, const char *detail_json);

/* One event of a subject's timeline. */
typedef struct {
    int64_t id;
    int64_t at;
    char actor[48];
    char kind[48];
    char detail[512];
} StoreEvent;

typedef int (*StoreEventFn)(const StoreEvent *e, void *user);
KResult store_list_events(Store *s, const char *subject, int64_t subject_id, StoreEventFn fn,
                          void *user);

#endif
