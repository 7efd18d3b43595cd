/* store_retention.c - erasing personal data after a retention period (see
 * store.h).  What a resident told the station (name, phone, address, the
 * description) is erased from requests finished and bookings over before
 * the cutoff; what is left (category, issue, urgency, dates, status,
 * service, slot, age) still counts in the figures.  One transaction, one
 * event with the counts.  The notes and reasons staff typed go from the
 * event log too, and a checkpoint takes the old pages out of the WAL. */
#include <stdio.h>
#include <string.h>

#include "kiosk/store.h"
#include "kiosk/text.h"
#include "store_int.h"

/* Finished: closed, referred or cancelled requests; bookings whose slot is
 * over in any state but booked.  Not yet erased: the phone is still there. */
#define REQUESTS_DUE                                                                               \
    " FROM requests r LEFT JOIN tickets t ON t.id = (SELECT min(id) FROM tickets WHERE"            \
    " request_id = r.id) WHERE r.status IN ('closed', 'referred', 'cancelled')"                    \
    " AND r.updated_at < ?1 AND r.phone <> ''"
#define BOOKINGS_DUE                                                                               \
    " FROM bookings b LEFT JOIN tickets t ON t.id = (SELECT min(id) FROM tickets WHERE"            \
    " booking_id = b.id) WHERE b.status <> 'booked' AND b.ends_at < ?1 AND b.phone <> ''"

static KResult each_due(Store *s, const char *sql, int64_t cutoff, const char *table,
                        StorePurgeFn fn, void *user, int *count)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    *count = 0;
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot find what is due for erasing");
    sqlite3_bind_int64(st, 1, cutoff);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        (*count)++;
        if (fn) {
            PurgeItem it;
            memset(&it, 0, sizeof it);
            text_copy(it.table, sizeof it.table, table);
            it.id = sqlite3_column_int64(st, 0);
            store_col_text(st, 1, it.number, sizeof it.number);
            store_col_text(st, 2, it.status, sizeof it.status);
            it.finished_at = sqlite3_column_int64(st, 3);
            fn(&it, user);
        }
    }
    KResult r = rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, "cannot find what is due");
    sqlite3_finalize(st);
    return r;
}

KResult store_purge(Store *s, int64_t cutoff, bool dry_run, int64_t now, const char *actor,
                    StorePurgeFn fn, void *user, int *requests, int *bookings)
{
    int nr = 0, nb = 0;
    store_clear_error(s);
    if (requests)
        *requests = 0;
    if (bookings)
        *bookings = 0;
    KResult r = store_begin(s, "cannot erase personal data");
    if (r == K_OK)
        r = each_due(s,
                     "SELECT r.id, coalesce(t.number, ''), r.status, r.updated_at" REQUESTS_DUE
                     " ORDER BY r.updated_at",
                     cutoff, "request", fn, user, &nr);
    if (r == K_OK)
        r = each_due(s,
                     "SELECT b.id, coalesce(t.number, ''), b.status, b.ends_at" BOOKINGS_DUE
                     " ORDER BY b.ends_at",
                     cutoff, "booking", fn, user, &nb);
    if (r == K_OK && !dry_run && (nr > 0 || nb > 0)) {
        /* The event log first (what is due is found by its phone): notes
         * and reasons staff typed may hold phones and names; schema 6 lets
         * exactly these two fields be removed from an event. */
        static const char *const erase[] = {
            "UPDATE events SET detail = json_remove(detail, '$.note', '$.reason')"
            " WHERE subject = 'request' AND subject_id IN (SELECT r.id" REQUESTS_DUE ")"
            " AND (json_type(detail, '$.note') IS NOT NULL"
            " OR json_type(detail, '$.reason') IS NOT NULL)",
            "UPDATE events SET detail = json_remove(detail, '$.note', '$.reason')"
            " WHERE subject = 'booking' AND subject_id IN (SELECT b.id" BOOKINGS_DUE ")"
            " AND (json_type(detail, '$.note') IS NOT NULL"
            " OR json_type(detail, '$.reason') IS NOT NULL)",
            "UPDATE requests SET name = '', phone = '', building = '', unit = '', room = '',"
            " description = '' WHERE id IN (SELECT r.id" REQUESTS_DUE ")",
            "UPDATE bookings SET name = '', phone = '', building = '', unit = '', room = '',"
            " reason = '' WHERE id IN (SELECT b.id" BOOKINGS_DUE ")",
        };
        for (size_t i = 0; i < sizeof erase / sizeof erase[0] && r == K_OK; i++) {
            sqlite3_stmt *st = NULL;
            int rc = sqlite3_prepare_v2(s->db, erase[i], -1, &st, NULL);
            if (rc == SQLITE_OK) {
                sqlite3_bind_int64(st, 1, cutoff);
                rc = sqlite3_step(st);
            }
            if (rc != SQLITE_DONE)
                r = store_db_fail(s, rc, "cannot erase personal data");
            sqlite3_finalize(st);
        }
        if (r == K_OK) {
            char detail[128];
            snprintf(detail, sizeof detail, "{\"requests\":%d,\"bookings\":%d,\"before\":%lld}", nr,
                     nb, (long long)cutoff);
            r = store_insert_event(s, now, actor, "personal_data_erased", "retention", 0, detail);
        }
    }
    if (r == K_OK && !dry_run) {
        /* District outbox entries the centre confirmed before the cutoff
         * have done their work (they hold no personal data, but a year of
         * them is hundreds of MB); pending ones always stay. */
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(
            s->db, "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?1", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, cutoff);
            rc = sqlite3_step(st);
        }
        if (rc != SQLITE_DONE)
            r = store_db_fail(s, rc, "cannot remove old district outbox entries");
        sqlite3_finalize(st);
    }
    if (r == K_OK && !dry_run) {
        /* Texts (issue 23) finished before the cutoff go with their number
         * and words; so does a consent given before it (a new toggle gives
         * it again).  An opt-out stays: it is what keeps the number quiet. */
        static const char *const texts[] = {
            "DELETE FROM sms_outbox WHERE done_at IS NOT NULL AND done_at < ?1",
            "DELETE FROM sms_consent WHERE consent = 1 AND updated_at < ?1",
        };
        for (size_t i = 0; i < sizeof texts / sizeof texts[0] && r == K_OK; i++) {
            sqlite3_stmt *st = NULL;
            int rc = sqlite3_prepare_v2(s->db, texts[i], -1, &st, NULL);
            if (rc == SQLITE_OK) {
                sqlite3_bind_int64(st, 1, cutoff);
                rc = sqlite3_step(st);
            }
            if (rc != SQLITE_DONE)
                r = store_db_fail(s, rc, "cannot remove old texts");
            sqlite3_finalize(st);
        }
    }
    r = store_end(s, r, "cannot erase personal data");
    if (r != K_OK)
        return r;
    if (!dry_run && (nr > 0 || nb > 0)) {
        /* The old pages (phones, descriptions) are still in the WAL until a
         * checkpoint copies the new ones over them; a running kiosk may not
         * reach one for days.  TRUNCATE copies everything back and empties
         * the file; secure_delete (store_open) has zeroed the freed space
         * in the pages it copies. */
        int log = 0, done = 0;
        int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
        if (rc != SQLITE_OK || log != 0) {
            r = store_db_fail(s, rc != SQLITE_OK ? rc : SQLITE_BUSY,
                              "personal data erased, but the write-ahead log still holds the "
                              "old text (another program is reading the database; run purge "
                              "again)");
            if (requests)
                *requests = nr;
            if (bookings)
                *bookings = nb;
            return r;
        }
    }
    if (requests)
        *requests = nr;
    if (bookings)
        *bookings = nb;
    return K_OK;
}

/* ---- export ---- */

/* The tables export may read, and what of them: never a PIN hash. */
static const struct {
    const char *name;
    const char *sql;
} exports[] = {
    {"requests", "SELECT * FROM requests ORDER BY id"},
    {"tickets", "SELECT * FROM tickets ORDER BY id"},
    {"bookings", "SELECT * FROM bookings ORDER BY id"},
    {"services", "SELECT * FROM services ORDER BY position, code"},
    {"service_slots", "SELECT * FROM service_slots ORDER BY service, start"},
    {"closures", "SELECT * FROM closures ORDER BY day, service"},
    {"events", "SELECT * FROM events ORDER BY id"},
    {"walkin", "SELECT * FROM walkin ORDER BY id"},
    {"assignees", "SELECT * FROM assignees ORDER BY id"},
    {"staff", "SELECT id, login, name, role, active, failed, locks, locked_until, created_at"
              " FROM staff ORDER BY id"},
};

bool store_export_known(const char *table)
{
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
        if (strcmp(exports[i].name, table) == 0)
            return true;
    return false;
}

KResult store_export(Store *s, const char *table, StoreRowFn fn, void *user)
{
    const char *sql = NULL;
    store_clear_error(s);
    for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++)
        if (strcmp(exports[i].name, table) == 0)
            sql = exports[i].sql;
    if (!sql)
        return store_invalid(s, "no such table to export");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return store_db_fail(s, rc, "cannot export");
    enum { MAXCOLS = 64 };
    int n = sqlite3_column_count(st);
    if (n > MAXCOLS)
        n = MAXCOLS;
    const char *cells[MAXCOLS];
    bool number[MAXCOLS];
    for (int i = 0; i < n; i++) {
        cells[i] = sqlite3_column_name(st, i);
        number[i] = false;
    }
    fn(n, cells, number, user); /* the header */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < n; i++) {
            /* The type of this value, not of the column: STRICT tables
             * keep them the same, and a TEXT value is never a number. */
            int type = sqlite3_column_type(st, i);
            number[i] = type == SQLITE_INTEGER || type == SQLITE_FLOAT;
            const unsigned char *v = sqlite3_column_text(st, i);
            cells[i] = v ? (const char *)v : "";
        }
        fn(n, cells, number, user);
    }
    KResult r = rc == SQLITE_DONE ? K_OK : store_db_fail(s, rc, "cannot export");
    sqlite3_finalize(st);
    return r;
}
