/* store_schema.c - the kiosk database's schema and its migrations.
 *
 * The schema's version lives in PRAGMA user_version.  Each entry of
 * migrations[] takes the database from version N-1 to N; opening runs the
 * missing steps in order inside one IMMEDIATE transaction, so a kiosk that
 * loses power mid-migration comes back at the old version, and two processes
 * opening the same file never migrate it twice.  A version is added by
 * appending { N, schema_vN } below and nothing else; old steps are never
 * edited, because some kiosk out there is still at that version.
 *
 * PRAGMA application_id marks the file as ours, so that the kiosk refuses to
 * sprinkle its tables into some other program's database given by mistake.
 *
 * Tables are STRICT: a wrong type is an error at insert time, not a surprise
 * in a report a month later. */
#include "store_int.h"

#include <stdio.h>

#include "kiosk/store.h"
#include "store_outbox.h"

/* 0x4B494F53, "KIOS" in ASCII; decimal because it is pasted into SQL. */
#define STORE_APPLICATION_ID 1263095635
#define STORE_STR_(x) #x
#define STORE_STR(x) STORE_STR_(x)

/* clang-format off */
static const char schema_v1[] =
    "PRAGMA application_id = " STORE_STR(STORE_APPLICATION_ID) ";\n"

    /* A resident's request.  token is the draft's random token: submitting
     * the same draft twice finds the first row instead of adding one. */
    "CREATE TABLE requests (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  site TEXT NOT NULL,\n"
    "  token TEXT UNIQUE NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  issue TEXT NOT NULL,\n"
    "  description TEXT NOT NULL DEFAULT '',\n"
    "  phone TEXT NOT NULL,\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  building TEXT NOT NULL DEFAULT '',\n"
    "  unit TEXT NOT NULL DEFAULT '',\n"
    "  room TEXT NOT NULL DEFAULT '',\n"
    "  urgency INTEGER NOT NULL DEFAULT 0,\n"
    "  flags INTEGER NOT NULL DEFAULT 0,\n"
    "  status TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  due_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX requests_by_status ON requests(status, created_at);\n"
    "CREATE INDEX requests_by_created ON requests(created_at);\n"

    /* Every ticket the kiosk issued.  payload is written in the same
     * transaction as the row, once the row id (which it signs) is known. */
    "CREATE TABLE tickets (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  site TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (length(kind) = 1),\n"
    "  day TEXT NOT NULL,\n"
    "  seq INTEGER NOT NULL CHECK (seq > 0),\n"
    "  number TEXT NOT NULL,\n"
    "  lookup TEXT UNIQUE NOT NULL,\n"
    "  payload TEXT,\n"
    "  request_id INTEGER REFERENCES requests(id),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  due_at INTEGER,\n"
    "  UNIQUE (site, kind, day, seq)\n"
    ") STRICT;\n"
    "CREATE INDEX tickets_by_request ON tickets(request_id);\n"

    /* The last number handed out per site, kind and local day. */
    "CREATE TABLE ticket_seq (\n"
    "  site TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  day TEXT NOT NULL,\n"
    "  last INTEGER NOT NULL,\n"
    "  PRIMARY KEY (site, kind, day)\n"
    ") STRICT, WITHOUT ROWID;\n"

    /* The audit trail: append-only, enforced by the database itself so
     * that no later code path (or hand-typed SQL) can rewrite history. */
    "CREATE TABLE events (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  at INTEGER NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  subject TEXT,\n"
    "  subject_id INTEGER,\n"
    "  detail TEXT CHECK (detail IS NULL OR\n"
    "                     (json_valid(detail) AND json_type(detail) = 'object'))\n"
    ") STRICT;\n"
    "CREATE INDEX events_by_subject ON events(subject, subject_id, at);\n"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n";

/* Version 2: booking services.  services, service_slots and closures are
 * seeded from the site configuration and changed by staff; bookings are
 * what residents booked.  The capacity trigger is the last line of defence
 * behind the check in store_book's write transaction: no code path, and no
 * hand-typed INSERT, can put more active bookings in a slot than it has
 * places. */
static const char schema_v2[] =
    "CREATE TABLE services (\n"
    "  code TEXT PRIMARY KEY,\n"
    "  letter TEXT NOT NULL UNIQUE CHECK (length(letter) = 1 AND letter BETWEEN 'B' AND 'Z'\n"
    "                                     AND letter <> 'Q'),\n"
    "  position INTEGER NOT NULL,\n"
    "  zh TEXT NOT NULL, en TEXT NOT NULL,\n"
    "  about_zh TEXT NOT NULL DEFAULT '', about_en TEXT NOT NULL DEFAULT '',\n"
    "  place_zh TEXT NOT NULL DEFAULT '', place_en TEXT NOT NULL DEFAULT '',\n"
    "  bring_zh TEXT NOT NULL DEFAULT '', bring_en TEXT NOT NULL DEFAULT '',\n"
    "  days INTEGER NOT NULL CHECK (days BETWEEN 0 AND 127),\n"
    "  lead_hours INTEGER NOT NULL CHECK (lead_hours >= 0),\n"
    "  horizon_days INTEGER NOT NULL CHECK (horizon_days BETWEEN 1 AND 60),\n"
    "  escort INTEGER NOT NULL DEFAULT 0,\n"
    "  active INTEGER NOT NULL DEFAULT 1\n"
    ") STRICT;\n"
    "CREATE TABLE service_slots (\n"
    "  service TEXT NOT NULL REFERENCES services(code) ON DELETE CASCADE,\n"
    "  start INTEGER NOT NULL CHECK (start BETWEEN 0 AND 1439),\n"
    "  end INTEGER NOT NULL CHECK (end > start AND end <= 1440),\n"
    "  capacity INTEGER NOT NULL CHECK (capacity >= 0),\n"
    "  PRIMARY KEY (service, start)\n"
    ") STRICT, WITHOUT ROWID;\n"
    /* service '*' closes the whole station that day */
    "CREATE TABLE closures (\n"
    "  service TEXT NOT NULL,\n"
    "  day TEXT NOT NULL,\n"
    "  reason_zh TEXT NOT NULL DEFAULT '', reason_en TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (service, day)\n"
    ") STRICT, WITHOUT ROWID;\n"
    /* the configuration's closed days already seeded: a day staff reopen
     * is not closed again at the next start */
    "CREATE TABLE closure_seeds (\n"
    "  service TEXT NOT NULL,\n"
    "  day TEXT NOT NULL,\n"
    "  PRIMARY KEY (service, day)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE bookings (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  site TEXT NOT NULL,\n"
    "  token TEXT UNIQUE NOT NULL,\n"
    "  service TEXT NOT NULL REFERENCES services(code),\n"
    "  day TEXT NOT NULL,\n"
    "  slot INTEGER NOT NULL,\n"
    "  starts_at INTEGER NOT NULL,\n"
    "  ends_at INTEGER NOT NULL,\n"
    "  phone TEXT NOT NULL,\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  age INTEGER NOT NULL,\n"
    "  hospital TEXT NOT NULL DEFAULT '',\n"
    "  department TEXT NOT NULL DEFAULT '',\n"
    "  pickup INTEGER NOT NULL DEFAULT 0,\n"
    "  building TEXT NOT NULL DEFAULT '',\n"
    "  unit TEXT NOT NULL DEFAULT '',\n"
    "  room TEXT NOT NULL DEFAULT '',\n"
    "  needs INTEGER NOT NULL DEFAULT 0,\n"
    "  status TEXT NOT NULL CHECK (status IN\n"
    "    ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  reason TEXT NOT NULL DEFAULT ''\n"
    ") STRICT;\n"
    "CREATE INDEX bookings_by_slot ON bookings(service, day, slot, status);\n"
    "CREATE INDEX bookings_by_phone ON bookings(phone, status, ends_at);\n"
    "CREATE INDEX bookings_by_day ON bookings(day, slot);\n"
    "CREATE TRIGGER bookings_capacity BEFORE INSERT ON bookings\n"
    "WHEN NEW.status IN ('booked', 'checked_in') AND\n"
    "  (SELECT count(*) FROM bookings WHERE service = NEW.service AND day = NEW.day\n"
    "     AND slot = NEW.slot AND status IN ('booked', 'checked_in'))\n"
    "  >= coalesce((SELECT capacity FROM service_slots\n"
    "               WHERE service = NEW.service AND start = NEW.slot), 0)\n"
    "BEGIN SELECT RAISE(ABORT, 'slot full'); END;\n"
    "CREATE TRIGGER bookings_no_reopen BEFORE UPDATE OF status ON bookings\n"
    "WHEN OLD.status IN ('completed', 'cancelled', 'no_show') AND NEW.status <> OLD.status\n"
    "BEGIN SELECT RAISE(ABORT, 'a finished booking cannot change'); END;\n"
    "ALTER TABLE tickets ADD COLUMN booking_id INTEGER REFERENCES bookings(id);\n"
    "CREATE INDEX tickets_by_booking ON tickets(booking_id);\n";

/* Version 3: staff mode.  Staff accounts (PINs only as Argon2id strings),
 * the teams and partner organisations requests are assigned to, walk-in
 * numbers, and the request workflow's columns.
 *
 * qkey orders the staff queue: 0 for an urgent request with all three
 * priority flags (80+, disabled, lives alone) .. 7 for a normal one with
 * none.  It is a generated column rather than a value the code writes, so
 * no insert path (and no hand-typed SQL) can leave it wrong, and existing
 * rows have it the moment the column exists.  A VIRTUAL column costs
 * nothing in the table; the two indexes store it.
 *
 * The queue is read by keyset: (qkey, created_at, id) > (last row's) in
 * index order, so page 1,000 costs what page 1 does.  requests_open is a
 * partial index over the open states only (the queue staff work from),
 * with the category and status after the key so a category filter and the
 * count are answered from the index alone; requests_by_state serves one
 * status. */
static const char schema_v3[] =
    "ALTER TABLE requests ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE requests SET updated_at = created_at;\n"
    "ALTER TABLE requests ADD COLUMN assignee TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE requests ADD COLUMN rating TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE requests ADD COLUMN qkey INTEGER GENERATED ALWAYS AS (\n"
    "  (CASE WHEN urgency = 1 THEN 0 ELSE 4 END) + 3\n"
    "  - ((flags & 1) + ((flags >> 1) & 1) + ((flags >> 2) & 1))) VIRTUAL;\n"
    "CREATE TABLE staff (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 23),\n"
    "  name TEXT NOT NULL,\n"
    "  role TEXT NOT NULL CHECK (role IN ('head', 'worker', 'volunteer')),\n"
    "  pin_hash TEXT NOT NULL,\n"
    "  active INTEGER NOT NULL DEFAULT 1,\n"
    "  failed INTEGER NOT NULL DEFAULT 0,\n"
    "  locks INTEGER NOT NULL DEFAULT 0,\n"
    "  locked_until INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE TABLE assignees (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('team', 'partner')),\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  active INTEGER NOT NULL DEFAULT 1,\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "INSERT INTO assignees (kind, name, created_at) VALUES\n"
    "  ('team', '志愿服务队', unixepoch()),\n"
    "  ('team', '党员先锋队', unixepoch()),\n"
    "  ('partner', '社区卫生服务中心', unixepoch()),\n"
    "  ('partner', '物业服务中心', unixepoch()),\n"
    "  ('partner', '街道司法所', unixepoch());\n"
    "CREATE TABLE walkin (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  ticket_id INTEGER NOT NULL REFERENCES tickets(id),\n"
    "  day TEXT NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  number TEXT NOT NULL,\n"
    "  status TEXT NOT NULL CHECK (status IN ('waiting', 'called')),\n"
    "  counter INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  called_at INTEGER,\n"
    "  UNIQUE (day, seq)\n"
    ") STRICT;\n"
    "CREATE INDEX walkin_waiting ON walkin(day, seq) WHERE status = 'waiting';\n"
    "CREATE INDEX walkin_called ON walkin(day, called_at) WHERE status = 'called';\n"
    "CREATE INDEX requests_open ON requests(qkey, created_at, id, category, status)\n"
    "  WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress');\n"
    "CREATE INDEX requests_by_state ON requests(status, qkey, created_at, id, category);\n"
    /* The workflow's states are the only ones a request can be in. */
    "CREATE TRIGGER requests_status_insert BEFORE INSERT ON requests\n"
    "WHEN NEW.status NOT IN ('submitted', 'accepted', 'assigned', 'in_progress', 'resolved',\n"
    "                        'closed', 'referred', 'cancelled')\n"
    "BEGIN SELECT RAISE(ABORT, 'unknown request status'); END;\n"
    "CREATE TRIGGER requests_status_update BEFORE UPDATE OF status ON requests\n"
    "WHEN NEW.status NOT IN ('submitted', 'accepted', 'assigned', 'in_progress', 'resolved',\n"
    "                        'closed', 'referred', 'cancelled')\n"
    "BEGIN SELECT RAISE(ABORT, 'unknown request status'); END;\n";

/* Version 4: figures.  The statistics screen and the monthly report read a
 * month of requests in one pass, so the moments they need are columns
 * rather than a search through the event log per request: when a request
 * was first answered (its first move out of 'submitted') and resolved, and
 * by whom.  Triggers on the event log fill them, so every path that moves
 * a request (staff, admin, demo data, hand-typed SQL that logs its event)
 * keeps them right, and existing rows get them from their events here.
 * The same goes for who called a walk-in number.  requests_stats covers the
 * report's scan (by creation time) and replaces requests_by_created;
 * bookings_stats answers bookings per service and state of a day range
 * from the index alone. */
static const char schema_v4[] =
    "ALTER TABLE requests ADD COLUMN answered_at INTEGER;\n"
    "ALTER TABLE requests ADD COLUMN answered_by TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE requests ADD COLUMN resolved_at INTEGER;\n"
    "ALTER TABLE requests ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE walkin ADD COLUMN called_by TEXT NOT NULL DEFAULT '';\n"
    "UPDATE requests SET\n"
    "  answered_at = (SELECT e.at FROM events e WHERE e.subject = 'request'\n"
    "    AND e.subject_id = requests.id AND e.kind = 'status_changed'\n"
    "    AND json_extract(e.detail, '$.from') = 'submitted' ORDER BY e.at, e.id LIMIT 1),\n"
    "  answered_by = coalesce((SELECT e.actor FROM events e WHERE e.subject = 'request'\n"
    "    AND e.subject_id = requests.id AND e.kind = 'status_changed'\n"
    "    AND json_extract(e.detail, '$.from') = 'submitted' ORDER BY e.at, e.id LIMIT 1), ''),\n"
    "  resolved_at = (SELECT e.at FROM events e WHERE e.subject = 'request'\n"
    "    AND e.subject_id = requests.id AND e.kind = 'status_changed'\n"
    "    AND json_extract(e.detail, '$.to') = 'resolved' ORDER BY e.at, e.id LIMIT 1),\n"
    "  resolved_by = coalesce((SELECT e.actor FROM events e WHERE e.subject = 'request'\n"
    "    AND e.subject_id = requests.id AND e.kind = 'status_changed'\n"
    "    AND json_extract(e.detail, '$.to') = 'resolved' ORDER BY e.at, e.id LIMIT 1), '')\n"
    "WHERE status <> 'submitted';\n"
    "UPDATE walkin SET called_by = coalesce((SELECT e.actor FROM events e\n"
    "  WHERE e.subject = 'walkin' AND e.subject_id = walkin.id AND e.kind = 'walkin_called'\n"
    "  ORDER BY e.at, e.id LIMIT 1), '') WHERE status = 'called';\n"
    "CREATE TRIGGER requests_answered AFTER INSERT ON events\n"
    "WHEN NEW.kind = 'status_changed' AND NEW.subject = 'request'\n"
    "  AND json_extract(NEW.detail, '$.from') = 'submitted'\n"
    "BEGIN UPDATE requests SET answered_at = NEW.at, answered_by = NEW.actor\n"
    "  WHERE id = NEW.subject_id AND answered_at IS NULL; END;\n"
    "CREATE TRIGGER requests_resolved AFTER INSERT ON events\n"
    "WHEN NEW.kind = 'status_changed' AND NEW.subject = 'request'\n"
    "  AND json_extract(NEW.detail, '$.to') = 'resolved'\n"
    "BEGIN UPDATE requests SET resolved_at = NEW.at, resolved_by = NEW.actor\n"
    "  WHERE id = NEW.subject_id AND resolved_at IS NULL; END;\n"
    "CREATE TRIGGER walkin_called_by AFTER INSERT ON events\n"
    "WHEN NEW.kind = 'walkin_called' AND NEW.subject = 'walkin'\n"
    "BEGIN UPDATE walkin SET called_by = NEW.actor WHERE id = NEW.subject_id; END;\n"
    "DROP INDEX requests_by_created;\n"
    "CREATE INDEX requests_stats ON requests(created_at, category, status, due_at, answered_at,\n"
    "  resolved_at, rating, answered_by, resolved_by);\n"
    "CREATE INDEX bookings_stats ON bookings(day, service, status);\n";

/* Schema 5: how many requests are in each state, kept by triggers on
 * requests, so "open work now" is four rows to read instead of a count over
 * every open request (some 150,000 in the million-request benchmark, a
 * tenth of the month's figures).  Every path that files, moves or removes
 * a request is SQL on this table, so the counts cannot drift; the migration
 * fills them from the rows, and the tests compare them with a count. */
static const char schema_v5[] =
    "CREATE TABLE request_counts (\n"
    "  status TEXT PRIMARY KEY,\n"
    "  n INTEGER NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO request_counts (status, n) SELECT status, count(*) FROM requests\n"
    "  GROUP BY status;\n"
    "CREATE TRIGGER request_counts_insert AFTER INSERT ON requests\n"
    "BEGIN INSERT INTO request_counts (status, n) VALUES (NEW.status, 1)\n"
    "  ON CONFLICT (status) DO UPDATE SET n = n + 1; END;\n"
    "CREATE TRIGGER request_counts_move AFTER UPDATE OF status ON requests\n"
    "WHEN OLD.status IS NOT NEW.status\n"
    "BEGIN UPDATE request_counts SET n = n - 1 WHERE status = OLD.status;\n"
    "  INSERT INTO request_counts (status, n) VALUES (NEW.status, 1)\n"
    "  ON CONFLICT (status) DO UPDATE SET n = n + 1; END;\n"
    "CREATE TRIGGER request_counts_delete AFTER DELETE ON requests\n"
    "BEGIN UPDATE request_counts SET n = n - 1 WHERE status = OLD.status; END;\n";

/* Schema 6: trust.  restores counts the times this database was restored
 * from a backup: its highest generation (0 when empty) is signed into every
 * ticket issued since (ticket.h), so a ticket issued after the backup and
 * one issued after the restore never share a payload, and the first is
 * told apart ("issued after the backup this database was restored from").
 * last_ticket is the highest ticket id the backup held.
 *
 * The event log stays append-only but for one change: a status change's
 * note and a booking's reason, free text a person typed, can be removed
 * from an event (and nothing else changed), which is how retention erases
 * the phones and names staff wrote there. */
static const char schema_v6[] =
    "CREATE TABLE restores (\n"
    "  generation INTEGER PRIMARY KEY CHECK (generation BETWEEN 1 AND 999999999),\n"
    "  at INTEGER NOT NULL,\n"
    "  last_ticket INTEGER NOT NULL\n"
    ") STRICT;\n"
    "DROP TRIGGER events_no_update;\n"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
    "WHEN NOT (NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor\n"
    "  AND NEW.kind IS OLD.kind AND NEW.subject IS OLD.subject\n"
    "  AND NEW.subject_id IS OLD.subject_id\n"
    "  AND NEW.detail IS json_remove(OLD.detail, '$.note', '$.reason'))\n"
    "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;\n";
/* Schema 7: the district outbox (store.h, store_sync.c, docs/district.md).
 * sync_state holds this database's epoch (random, new at the first enable,
 * at each restore and at `sync new-epoch`) and the last sequence number
 * handed out in it.  outbox keeps every entry, pending (sent_at NULL) or
 * sent; n is its position, so pending entries of an older epoch (a restored
 * backup's) leave first.
 *
 * The triggers write the entries, in the transaction of the change, only
 * while the outbox is enabled ([district] postgres is set).  A body is a
 * snapshot of the row after the change, of what district figures need and
 * nothing personal: no name, phone, unit, room, description, hospital,
 * department, age or note.  The building alone stays in: it is the unit of
 * the needs list.
 *
 * id_floors: after a restore, new rows take ids above everything the lost
 * database may have handed out and the centre may hold (store_backup.c). */
static const char schema_v7[] =
    "CREATE TABLE sync_state (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  enabled INTEGER NOT NULL DEFAULT 0,\n"
    "  site TEXT NOT NULL DEFAULT '',\n"
    "  epoch INTEGER NOT NULL CHECK (epoch > 0),\n"
    "  seq INTEGER NOT NULL DEFAULT 0,\n"
    "  sent INTEGER NOT NULL DEFAULT 0,\n"
    "  last_ok INTEGER NOT NULL DEFAULT 0,\n"
    "  last_try INTEGER NOT NULL DEFAULT 0,\n"
    "  next_try INTEGER NOT NULL DEFAULT 0,\n"
    "  failures INTEGER NOT NULL DEFAULT 0,\n"
    "  last_error TEXT NOT NULL DEFAULT ''\n"
    ") STRICT;\n"
    "INSERT INTO sync_state (id, epoch) VALUES (1, abs(random() % 9007199254740990) + 1);\n"
    "CREATE TABLE outbox (\n"
    "  n INTEGER PRIMARY KEY,\n"
    "  epoch INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  uid TEXT NOT NULL UNIQUE,\n"
    "  site TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL,\n"
    "  body TEXT NOT NULL CHECK (json_valid(body)),\n"
    "  sent_at INTEGER,\n"
    "  UNIQUE (epoch, seq)\n"
    ") STRICT;\n"
    "CREATE INDEX outbox_pending ON outbox(n) WHERE sent_at IS NULL;\n"
    "CREATE TABLE id_floors (\n"
    "  tbl TEXT PRIMARY KEY,\n"
    "  next INTEGER NOT NULL\n"
    ") STRICT, WITHOUT ROWID;\n"
    OUTBOX_TRIGGER("outbox_request_new", "AFTER INSERT ON requests", REQUEST_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_request_moved",
                   "AFTER UPDATE OF category, issue, urgency, flags, status, building, assignee,"
                   " rating, due_at, updated_at, answered_at, resolved_at ON requests",
                   REQUEST_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_booking_new", "AFTER INSERT ON bookings", BOOKING_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_booking_moved",
                   "AFTER UPDATE OF service, day, slot, starts_at, ends_at, status, updated_at"
                   " ON bookings",
                   BOOKING_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_walkin_new", "AFTER INSERT ON walkin", WALKIN_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_walkin_moved",
                   "AFTER UPDATE OF status, counter, called_at, called_by ON walkin",
                   WALKIN_BODY("NEW"))
    "CREATE TRIGGER outbox_walkin_skipped AFTER INSERT ON events\n"
    "WHEN NEW.kind = 'walkin_skipped' AND NEW.subject = 'walkin'\n"
    "  AND (SELECT enabled FROM sync_state WHERE id = 1)\n"
    "BEGIN\n" OUTBOX_ENTRY("(SELECT " WALKIN_BODY("w") " FROM walkin w WHERE w.id ="
                           " NEW.subject_id)") "END;\n"
    OUTBOX_TRIGGER("outbox_ticket_new", "AFTER INSERT ON tickets", TICKET_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_service_new", "AFTER INSERT ON services", SERVICE_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_service_changed", "AFTER UPDATE ON services", SERVICE_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_slot_new", "AFTER INSERT ON service_slots", SLOT_BODY("NEW", "0"))
    OUTBOX_TRIGGER("outbox_slot_changed", "AFTER UPDATE ON service_slots", SLOT_BODY("NEW", "0"))
    OUTBOX_TRIGGER("outbox_slot_removed", "AFTER DELETE ON service_slots", SLOT_BODY("OLD", "1"))
    OUTBOX_TRIGGER("outbox_closure_new", "AFTER INSERT ON closures", CLOSURE_BODY("NEW", "0"))
    OUTBOX_TRIGGER("outbox_closure_removed", "AFTER DELETE ON closures",
                   CLOSURE_BODY("OLD", "1"));
/* Schemas 8 to 10 are taken by issue 19's parts, one each: 8 the
 * district's ticket keys (Ed25519), 9 referrals between sites and the
 * district copy, 10 configuration bundles from the centre. */
/* 8: the district's ticket keys.  own_keys: this site's Ed25519 public
 * keys (the secret half stays in the key file), each sent once as a
 * site_key outbox entry.  district_keys: every site's keys and
 * revocations as last pulled from the centre (pull_keys.c), replaced
 * whole at each pull. */
static const char schema_v8[] =
    "CREATE TABLE own_keys (\n"
    "  key TEXT PRIMARY KEY CHECK (length(key) = 43),\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE TABLE district_keys (\n"
    "  site TEXT NOT NULL CHECK (length(site) BETWEEN 1 AND 12),\n"
    "  key TEXT NOT NULL CHECK (length(key) = 43),\n"
    "  first_seen INTEGER NOT NULL,\n"
    "  revoked_at INTEGER,\n"
    "  pulled_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (site, key)\n"
    ") STRICT;\n"
    OUTBOX_TRIGGER("outbox_site_key", "AFTER INSERT ON own_keys", SITE_KEY_BODY("NEW"));
/* Schema 9: referrals between sites and the district copy (store_refer.c,
 * docs/district.md "Referrals").  referrals_out: a request this site
 * referred (status referred here), to which site, and its progress there
 * as last pulled from the centre.  referrals_in: a request filed here for
 * a case another site referred (origin site and id, the origin's ticket
 * number and lookup code).  district_copy: other sites' requests and
 * bookings as last pulled, for scanning their tickets; district_sites: the
 * district's sites (for the staff's choice); pull_state: the inbox stage's
 * cursor; ratings_out: a rating given here for another site's request
 * (relayed to it through the centre).  The referral entry carries the personal part for that case only;
 * a filed referral's request entries carry origin_site and origin_id. */
static const char schema_v9[] =
    "CREATE TABLE referrals_out (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id),\n"
    "  to_site TEXT NOT NULL CHECK (length(to_site) BETWEEN 1 AND 23),\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  by TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL,\n"
    "  their_id INTEGER,\n"
    "  status TEXT NOT NULL DEFAULT '',\n"
    "  updated_at INTEGER,\n"
    "  resolved_at INTEGER,\n"
    "  resolved_by TEXT NOT NULL DEFAULT '',\n"
    "  rating TEXT NOT NULL DEFAULT '',\n"
    "  pulled_at INTEGER\n"
    ") STRICT;\n"
    "CREATE TABLE referrals_in (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id),\n"
    "  origin_site TEXT NOT NULL,\n"
    "  origin_id INTEGER NOT NULL,\n"
    "  number TEXT NOT NULL DEFAULT '',\n"
    "  lookup TEXT NOT NULL DEFAULT '',\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  by TEXT NOT NULL DEFAULT '',\n"
    "  at INTEGER NOT NULL,\n"
    "  UNIQUE (origin_site, origin_id)\n"
    ") STRICT;\n"
    "CREATE TABLE district_copy (\n"
    "  site TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('request', 'booking')),\n"
    "  id INTEGER NOT NULL,\n"
    "  ticket_id INTEGER,\n"
    "  number TEXT NOT NULL DEFAULT '',\n"
    "  status TEXT NOT NULL DEFAULT '',\n"
    "  category TEXT NOT NULL DEFAULT '',\n"
    "  service TEXT NOT NULL DEFAULT '',\n"
    "  day TEXT NOT NULL DEFAULT '',\n"
    "  slot INTEGER,\n"
    "  rating TEXT NOT NULL DEFAULT '',\n"
    "  created_at INTEGER,\n"
    "  updated_at INTEGER,\n"
    "  resolved_at INTEGER,\n"
    "  pulled_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (site, kind, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX district_copy_ticket ON district_copy(site, ticket_id);\n"
    "CREATE TABLE district_sites (\n"
    "  code TEXT PRIMARY KEY,\n"
    "  name TEXT NOT NULL DEFAULT ''\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE pull_state (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  cursor INTEGER NOT NULL DEFAULT 0,\n"
    "  pulled_at INTEGER NOT NULL DEFAULT 0\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE ratings_out (\n"
    "  site TEXT NOT NULL,\n"
    "  id INTEGER NOT NULL,\n"
    "  rating TEXT NOT NULL CHECK (rating IN ('satisfied', 'basic', 'dissatisfied')),\n"
    "  at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (site, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    OUTBOX_TRIGGER("outbox_rating_relay", "AFTER INSERT ON ratings_out",
                   "json_object('v', 1, 'kind', 'rating', 'site', NEW.site, 'id', NEW.id,"
                   " 'rating', NEW.rating, 'at', NEW.at, 'ts', NEW.at)")
    OUTBOX_TRIGGER("outbox_referral_new", "AFTER INSERT ON referrals_out",
                   REFERRAL_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_referral_filed", "AFTER INSERT ON referrals_in",
                   "(SELECT " REQUEST_BODY_ORIGIN("r") " FROM requests r WHERE r.id ="
                   " NEW.request_id)")
    "DROP TRIGGER outbox_request_moved;\n"
    OUTBOX_TRIGGER("outbox_request_moved",
                   "AFTER UPDATE OF category, issue, urgency, flags, status, building, assignee,"
                   " rating, due_at, updated_at, answered_at, resolved_at ON requests",
                   REQUEST_BODY_ORIGIN("NEW"));
/* Schema 10: the centre's configuration bundle (store_bundle.c).  One
 * row: the version applied, its body (the canonical JSON the centre
 * signed), the centre's key kept (the first one whose bundle verified,
 * when [district] centre_key does not pin one), and the last bundle
 * refused and why.  Both an application and a refusal go to the centre
 * (bundle_applied, bundle_refused): `district sites` shows them. */
static const char schema_v10[] =
    "CREATE TABLE bundle_state (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),\n"
    "  centre_key TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(body)),\n"
    "  applied_at INTEGER,\n"
    "  refused_version INTEGER,\n"
    "  refused_reason TEXT NOT NULL DEFAULT '',\n"
    "  refused_at INTEGER\n"
    ") STRICT;\n"
    "INSERT INTO bundle_state (id) VALUES (1);\n"
    OUTBOX_TRIGGER("outbox_bundle_applied", "AFTER UPDATE OF version ON bundle_state",
                   "json_object('v', 1, 'kind', 'bundle_applied', 'version', NEW.version,"
                   " 'ts', NEW.applied_at)")
    OUTBOX_TRIGGER("outbox_bundle_refused", "AFTER UPDATE OF refused_at ON bundle_state",
                   "json_object('v', 1, 'kind', 'bundle_refused', 'version', NEW.refused_version,"
                   " 'reason', NEW.refused_reason, 'ts', NEW.refused_at)");
/* Schema 11: community activities (issue 20, store_activity.c).
 * activities: one row per date (a series shares series_id, the first
 * date's id), taken = people signed up or checked in, never above seats
 * (the CHECK is the last word on the race for the last seat).
 * activity_signups: a phone's sign-up, its people, state and H ticket;
 * wait_seq orders the waiting list.  Nothing of them goes to the outbox:
 * the district has no activities. */
static const char schema_v11[] =
    "CREATE TABLE activities (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  series_id INTEGER,\n"
    "  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 24),\n"
    "  title_zh TEXT NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 80),\n"
    "  title_en TEXT NOT NULL DEFAULT '' CHECK (length(title_en) <= 80),\n"
    "  desc_zh TEXT NOT NULL DEFAULT '' CHECK (length(desc_zh) <= 200),\n"
    "  desc_en TEXT NOT NULL DEFAULT '' CHECK (length(desc_en) <= 200),\n"
    "  place_zh TEXT NOT NULL DEFAULT '' CHECK (length(place_zh) <= 60),\n"
    "  place_en TEXT NOT NULL DEFAULT '' CHECK (length(place_en) <= 60),\n"
    "  bring_zh TEXT NOT NULL DEFAULT '' CHECK (length(bring_zh) <= 200),\n"
    "  bring_en TEXT NOT NULL DEFAULT '' CHECK (length(bring_en) <= 200),\n"
    "  audience TEXT NOT NULL CHECK (audience IN ('elder', 'youth', 'children', 'all')),\n"
    "  day TEXT NOT NULL CHECK (length(day) = 10),\n"
    "  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),\n"
    "  end_min INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),\n"
    "  seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 10000),\n"
    "  per_signup INTEGER NOT NULL DEFAULT 1 CHECK (per_signup BETWEEN 1 AND 20),\n"
    "  per_phone INTEGER NOT NULL DEFAULT 1 CHECK (per_phone BETWEEN per_signup AND 10000),\n"
    "  opens_at INTEGER NOT NULL DEFAULT 0,\n"
    "  closes_at INTEGER NOT NULL DEFAULT 0,\n"
    "  cancel_before_min INTEGER NOT NULL DEFAULT 0 CHECK (cancel_before_min BETWEEN 0 AND 20160),\n"
    "  waitlist INTEGER NOT NULL DEFAULT 1 CHECK (waitlist IN (0, 1)),\n"
    "  taken INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= seats),\n"
    "  cancelled_at INTEGER,\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX activities_by_day ON activities(day, start_min);\n"
    "CREATE INDEX activities_by_series ON activities(series_id, day);\n"
    "CREATE TABLE activity_signups (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  activity_id INTEGER NOT NULL REFERENCES activities(id),\n"
    "  ticket_id INTEGER REFERENCES tickets(id),\n"
    "  phone TEXT NOT NULL CHECK (length(phone) BETWEEN 3 AND 15),\n"
    "  people INTEGER NOT NULL CHECK (people BETWEEN 1 AND 20),\n"
    "  status TEXT NOT NULL CHECK (status IN ('signed_up', 'waiting', 'checked_in',"
    " 'no_show', 'cancelled')),\n"
    "  wait_seq INTEGER,\n"
    "  promoted INTEGER NOT NULL DEFAULT 0 CHECK (promoted IN (0, 1)),\n"
    "  released INTEGER NOT NULL DEFAULT 0 CHECK (released IN (0, 1)),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  changed_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX activity_signups_by_activity ON activity_signups(activity_id, status,"
    " wait_seq);\n"
    "CREATE INDEX activity_signups_by_ticket ON activity_signups(ticket_id);\n"
    "CREATE INDEX activity_signups_by_phone ON activity_signups(phone, activity_id);\n";
/* Schema 12: volunteers and their hours (issue 21).  A volunteer applies at
 * the kiosk and waits for a station head; approved, they get a card (a
 * ticket of kind 'V': the QR names the ticket row, nothing personal).  The
 * hours are a ledger of entries that is never edited: a correction is a
 * new entry (triggers refuse UPDATE and DELETE).  A duty is started and
 * ended by scanning the card; its ledger entry is written when it ends
 * (one per duty: duty_id is UNIQUE).  The outbox carries the entries and
 * the volunteer's state and skills, never a name, phone or building. */
static const char schema_v12[] =
    "CREATE TABLE volunteers (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),\n"
    "  phone TEXT NOT NULL CHECK (length(phone) BETWEEN 7 AND 15),\n"
    "  age INTEGER NOT NULL CHECK (age BETWEEN 14 AND 99),\n"
    "  building TEXT NOT NULL DEFAULT '' CHECK (length(building) <= 64),\n"
    /* bit 2*d: weekday d (0 Monday) mornings, bit 2*d+1 afternoons */
    "  availability INTEGER NOT NULL DEFAULT 0 CHECK (availability BETWEEN 0 AND 16383),\n"
    "  consent INTEGER NOT NULL CHECK (consent = 1),\n"
    "  status TEXT NOT NULL DEFAULT 'applied'\n"
    "    CHECK (status IN ('applied', 'approved', 'rejected', 'disabled')),\n"
    "  team TEXT NOT NULL DEFAULT '' CHECK (length(team) <= 64),\n"
    "  card_ticket_id INTEGER REFERENCES tickets(id),\n"
    "  applied_at INTEGER NOT NULL,\n"
    "  decided_at INTEGER,\n"
    "  decided_by TEXT NOT NULL DEFAULT '' CHECK (length(decided_by) <= 32),\n"
    "  CHECK (status = 'applied' OR decided_at IS NOT NULL)\n"
    ") STRICT;\n"
    "CREATE INDEX volunteers_by_status ON volunteers(status, building);\n"
    "CREATE TABLE volunteer_skills (\n"
    "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),\n"
    "  skill TEXT NOT NULL CHECK (length(skill) BETWEEN 1 AND 23),\n"
    "  PRIMARY KEY (volunteer_id, skill)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX volunteer_skills_by_skill ON volunteer_skills(skill, volunteer_id);\n"
    "CREATE TABLE volunteer_duties (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),\n"
    "  started_at INTEGER NOT NULL,\n"
    "  ended_at INTEGER CHECK (ended_at IS NULL OR ended_at >= started_at),\n"
    "  closed_by TEXT NOT NULL DEFAULT '' CHECK (length(closed_by) <= 32)\n"
    ") STRICT;\n"
    /* at most one open duty per volunteer */
    "CREATE UNIQUE INDEX volunteer_duties_open ON volunteer_duties(volunteer_id)"
    " WHERE ended_at IS NULL;\n"
    "CREATE INDEX volunteer_duties_by_volunteer ON volunteer_duties(volunteer_id, started_at);\n"
    "CREATE TABLE volunteer_hours (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),\n"
    /* duty: by scan (or closed by staff); adjust: added or taken off by
     * staff, with a reason; spent: help the volunteer or family received */
    "  kind TEXT NOT NULL CHECK (kind IN ('duty', 'adjust', 'spent')),\n"
    "  minutes INTEGER NOT NULL CHECK (minutes <> 0 AND minutes BETWEEN -60000 AND 60000),\n"
    "  points INTEGER NOT NULL DEFAULT 0,\n"
    "  at INTEGER NOT NULL,\n"
    /* the local month of at (YYYY-MM), worked out once when written: the
     * figures group by it without a localtime() per entry */
    "  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),\n"
    "  duty_id INTEGER UNIQUE REFERENCES volunteer_duties(id),\n"
    "  reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),\n"
    "  by TEXT NOT NULL DEFAULT '' CHECK (length(by) <= 32),\n"
    "  CHECK (kind <> 'duty' OR (duty_id IS NOT NULL AND minutes > 0)),\n"
    "  CHECK (kind = 'duty' OR (reason <> '' AND by <> '' AND duty_id IS NULL)),\n"
    "  CHECK (kind <> 'spent' OR minutes < 0)\n"
    ") STRICT;\n"
    /* a volunteer's ledger, newest (last written) first */
    "CREATE INDEX volunteer_hours_by_volunteer ON volunteer_hours(volunteer_id, id);\n"
    /* the figures of a period read this index alone (covering) */
    "CREATE INDEX volunteer_hours_by_at ON volunteer_hours(at, kind, volunteer_id, minutes,"
    " points, duty_id, month);\n"
    "CREATE TRIGGER volunteer_hours_no_update BEFORE UPDATE ON volunteer_hours\n"
    "BEGIN SELECT RAISE(ABORT, 'the hours ledger is never edited: add a correcting entry'); END;\n"
    "CREATE TRIGGER volunteer_hours_no_delete BEFORE DELETE ON volunteer_hours\n"
    "BEGIN SELECT RAISE(ABORT, 'the hours ledger is never edited: add a correcting entry'); END;\n"
    OUTBOX_TRIGGER("outbox_volunteer_hours", "AFTER INSERT ON volunteer_hours",
                   VOLUNTEER_HOURS_BODY("NEW"))
    /* also when the application is saved with its skills: the store sets
     * status again once the skills are in (store_volunteer_apply) */
    OUTBOX_TRIGGER("outbox_volunteer", "AFTER UPDATE OF status ON volunteers",
                   VOLUNTEER_BODY("NEW"));
/* Schema 13: needs, resources and projects (issue 22, store_project.c).
 * needs: a need staff recognised (a title and a note, and the category,
 * community (building) and issue of the requests it groups), with its
 * requests in need_requests.  resources: who can help, what categories
 * they offer (resource_offers, for the matching), their capacity in
 * places (how many cases they carry at once), a contact shown to staff
 * only, the agreement.  projects: an owner on the staff and a due day are
 * required; a project takes places of its resources (project_resources);
 * its requests (one project per request) in project_requests; milestones.
 *
 * The rules are the database's, behind the checks of store_project.c: a
 * finished or cancelled project takes no new request, need or resource
 * and never reopens; the places unfinished projects take of a resource
 * never exceed its capacity (also when the capacity is lowered).
 *
 * Outbox (docs/district.md): need, resource, project and project_request
 * entries carry codes, counts, days and states only: never a title, a
 * note, a name, a contact or a phone. */
static const char schema_v13[] =
    "CREATE TABLE needs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),\n"
    "  note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 400),\n"
    "  category TEXT NOT NULL DEFAULT '' CHECK (length(category) < 24),\n"
    "  community TEXT NOT NULL DEFAULT '' CHECK (length(community) < 32),\n"
    "  issue TEXT NOT NULL DEFAULT '' CHECK (length(issue) < 24),\n"
    "  by TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX needs_by_created ON needs(created_at);\n"
    "CREATE TABLE need_requests (\n"
    "  need_id INTEGER NOT NULL REFERENCES needs(id),\n"
    "  request_id INTEGER NOT NULL REFERENCES requests(id),\n"
    "  at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (need_id, request_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX need_requests_by_request ON need_requests(request_id);\n"
    "CREATE TABLE resources (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('org', 'charity', 'company', 'pro', 'team',"
    " 'person')),\n"
    "  capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 0 AND 100000),\n"
    "  availability TEXT NOT NULL DEFAULT '' CHECK (length(availability) <= 60),\n"
    "  contact TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 20),\n"
    "  phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 12),\n"
    "  agreement TEXT NOT NULL DEFAULT '' CHECK (length(agreement) <= 60),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE TABLE resource_offers (\n"
    "  category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 23),\n"
    "  resource_id INTEGER NOT NULL REFERENCES resources(id),\n"
    "  PRIMARY KEY (category, resource_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE projects (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 30),\n"
    "  owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 23),\n"
    "  start_day TEXT NOT NULL CHECK (start_day GLOB"
    " '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  due_day TEXT NOT NULL CHECK (due_day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'\n"
    "    AND due_day >= start_day),\n"
    "  state TEXT NOT NULL DEFAULT 'planned'\n"
    "    CHECK (state IN ('planned', 'running', 'finished', 'cancelled')),\n"
    "  result TEXT NOT NULL DEFAULT '' CHECK (length(result) <= 400),\n"
    "  by TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  closed_at INTEGER\n"
    ") STRICT;\n"
    "CREATE INDEX projects_by_state ON projects(state, due_day);\n"
    "CREATE TABLE project_needs (\n"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),\n"
    "  need_id INTEGER NOT NULL REFERENCES needs(id),\n"
    "  at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (project_id, need_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX project_needs_by_need ON project_needs(need_id);\n"
    "CREATE TABLE project_resources (\n"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),\n"
    "  resource_id INTEGER NOT NULL REFERENCES resources(id),\n"
    "  places INTEGER NOT NULL DEFAULT 1 CHECK (places BETWEEN 1 AND 100000),\n"
    "  at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (project_id, resource_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX project_resources_by_resource ON project_resources(resource_id);\n"
    "CREATE TABLE project_requests (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id),\n"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),\n"
    "  by TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX project_requests_by_project ON project_requests(project_id, at);\n"
    "CREATE INDEX project_requests_by_at ON project_requests(at);\n"
    "CREATE TABLE project_milestones (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  project_id INTEGER NOT NULL REFERENCES projects(id),\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),\n"
    "  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),\n"
    "  by TEXT NOT NULL,\n"
    "  at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX project_milestones_by_project ON project_milestones(project_id, day);\n"
    "CREATE TRIGGER project_closed_request BEFORE INSERT ON project_requests\n"
    "WHEN (SELECT state FROM projects WHERE id = NEW.project_id) NOT IN ('planned', 'running')\n"
    "BEGIN SELECT RAISE(ABORT, 'the project is closed: it takes no new requests'); END;\n"
    "CREATE TRIGGER project_closed_request_move BEFORE UPDATE OF project_id ON project_requests\n"
    "WHEN (SELECT state FROM projects WHERE id = NEW.project_id) NOT IN ('planned', 'running')\n"
    "BEGIN SELECT RAISE(ABORT, 'the project is closed: it takes no new requests'); END;\n"
    "CREATE TRIGGER project_closed_need BEFORE INSERT ON project_needs\n"
    "WHEN (SELECT state FROM projects WHERE id = NEW.project_id) NOT IN ('planned', 'running')\n"
    "BEGIN SELECT RAISE(ABORT, 'the project is closed: it takes no new needs'); END;\n"
    "CREATE TRIGGER project_no_reopen BEFORE UPDATE OF state ON projects\n"
    "WHEN OLD.state IN ('finished', 'cancelled') AND NEW.state IS NOT OLD.state\n"
    "BEGIN SELECT RAISE(ABORT, 'a closed project does not reopen'); END;\n"
    /* the places taken of a resource, counted after the change */
    "CREATE TRIGGER project_closed_resource BEFORE INSERT ON project_resources\n"
    "WHEN (SELECT state FROM projects WHERE id = NEW.project_id) NOT IN ('planned', 'running')\n"
    "BEGIN SELECT RAISE(ABORT, 'the project is closed: it takes no new resources'); END;\n"
    "CREATE TRIGGER resource_capacity_insert AFTER INSERT ON project_resources\n"
    "WHEN (SELECT coalesce(sum(pr.places), 0) FROM project_resources pr JOIN projects p\n"
    "      ON p.id = pr.project_id WHERE pr.resource_id = NEW.resource_id\n"
    "      AND p.state IN ('planned', 'running'))\n"
    "   > (SELECT capacity FROM resources WHERE id = NEW.resource_id)\n"
    "BEGIN SELECT RAISE(ABORT, 'the resource has no capacity left for this'); END;\n"
    "CREATE TRIGGER resource_capacity_places AFTER UPDATE OF places ON project_resources\n"
    "WHEN (SELECT coalesce(sum(pr.places), 0) FROM project_resources pr JOIN projects p\n"
    "      ON p.id = pr.project_id WHERE pr.resource_id = NEW.resource_id\n"
    "      AND p.state IN ('planned', 'running'))\n"
    "   > (SELECT capacity FROM resources WHERE id = NEW.resource_id)\n"
    "BEGIN SELECT RAISE(ABORT, 'the resource has no capacity left for this'); END;\n"
    "CREATE TRIGGER resource_capacity_lowered AFTER UPDATE OF capacity ON resources\n"
    "WHEN (SELECT coalesce(sum(pr.places), 0) FROM project_resources pr JOIN projects p\n"
    "      ON p.id = pr.project_id WHERE pr.resource_id = NEW.id\n"
    "      AND p.state IN ('planned', 'running')) > NEW.capacity\n"
    "BEGIN SELECT RAISE(ABORT, 'the capacity is below the places projects take of it'); END;\n"
    OUTBOX_TRIGGER("outbox_need_new", "AFTER INSERT ON needs", NEED_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_resource_new", "AFTER INSERT ON resources", RESOURCE_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_resource_changed", "AFTER UPDATE ON resources", RESOURCE_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_resource_offers", "AFTER INSERT ON resource_offers",
                   "(SELECT " RESOURCE_BODY("x") " FROM resources x WHERE x.id = NEW.resource_id)")
    OUTBOX_TRIGGER("outbox_project_new", "AFTER INSERT ON projects", PROJECT_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_project_changed",
                   "AFTER UPDATE OF state, start_day, due_day, closed_at ON projects",
                   PROJECT_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_project_resource", "AFTER INSERT ON project_resources",
                   PROJECT_RESOURCE_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_project_request",
                   "AFTER INSERT ON project_requests", PROJECT_REQUEST_BODY("NEW"))
    OUTBOX_TRIGGER("outbox_project_request_moved",
                   "AFTER UPDATE OF project_id ON project_requests", PROJECT_REQUEST_BODY("NEW"));
/* Schema 14: texts to residents (issue 23).  A request's or booking's
 * sms is the resident's consent on the phone screen, in the language of the
 * texts ('' none).  sms_consent keeps it by number, for opt-outs (a reply
 * TD, a staff action): a number at 0 gets nothing more.  sms_outbox is
 * every text with its state: queued (waiting for its time, quiet hours, the
 * daily limit), handed (written into smsd's outgoing folder as
 * kiosk-ID-CREATED-ATTEMPT), sent, failed (retries used up), cancelled (opt-out,
 * the booking cancelled, too late).  The triggers below queue a cause's
 * texts in the transaction of the cause, once per (kind, cause):
 * sms_outbox_once.  They queue only while sms_settings.enabled, which the
 * kiosk and the admin set from [sms] when they open (store_sms_setup). */
static const char schema_v14[] =
    "ALTER TABLE requests ADD COLUMN sms TEXT NOT NULL DEFAULT ''\n"
    "  CHECK (sms IN ('', 'zh', 'en'));\n"
    "ALTER TABLE bookings ADD COLUMN sms TEXT NOT NULL DEFAULT ''\n"
    "  CHECK (sms IN ('', 'zh', 'en'));\n"
    "CREATE TABLE sms_settings (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),\n"
    "  remind_at INTEGER NOT NULL DEFAULT 1080 CHECK (remind_at BETWEEN 0 AND 1439)\n"
    ") STRICT;\n"
    "INSERT INTO sms_settings (id) VALUES (1);\n"
    "CREATE TABLE sms_consent (\n"
    "  phone TEXT PRIMARY KEY CHECK (length(phone) BETWEEN 5 AND 16),\n"
    "  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),\n"
    "  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),\n"
    "  source TEXT NOT NULL CHECK (source IN ('kiosk', 'reply', 'staff')),\n"
    "  updated_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE TABLE sms_outbox (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 24),\n"
    "  phone TEXT NOT NULL CHECK (length(phone) BETWEEN 5 AND 16),\n"
    "  lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),\n"
    "  params TEXT NOT NULL DEFAULT '' CHECK (length(params) <= 1000),\n"
    "  ref_kind TEXT NOT NULL DEFAULT '' CHECK (length(ref_kind) <= 16),\n"
    "  ref_id INTEGER NOT NULL DEFAULT 0,\n"
    "  urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),\n"
    "  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN\n"
    "    ('queued', 'handed', 'sent', 'failed', 'cancelled')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 100),\n"
    "  not_before INTEGER NOT NULL DEFAULT 0,\n"
    "  expires_at INTEGER NOT NULL DEFAULT 0,\n"
    "  body TEXT NOT NULL DEFAULT '' CHECK (length(CAST(body AS BLOB)) <= 600),\n"
    "  error TEXT NOT NULL DEFAULT '' CHECK (length(error) <= 160),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  handed_at INTEGER,\n"
    "  done_at INTEGER\n"
    ") STRICT;\n"
    "CREATE UNIQUE INDEX sms_outbox_once ON sms_outbox(kind, ref_kind, ref_id) WHERE ref_id > 0;\n"
    "CREATE INDEX sms_outbox_by_state ON sms_outbox(state, not_before);\n"
    "CREATE INDEX sms_outbox_by_phone ON sms_outbox(phone, handed_at);\n"

    /* The consent given on the phone screen, kept by number. */
    "CREATE TRIGGER sms_request_consent AFTER INSERT ON requests WHEN NEW.sms <> ''\n"
    "BEGIN\n"
    "  INSERT INTO sms_consent (phone, consent, lang, source, updated_at)\n"
    "  VALUES (NEW.phone, 1, NEW.sms, 'kiosk', NEW.created_at)\n"
    "  ON CONFLICT (phone) DO UPDATE SET consent = 1, lang = excluded.lang, source = 'kiosk',\n"
    "    updated_at = excluded.updated_at;\n"
    "END;\n"
    "CREATE TRIGGER sms_booking_consent AFTER INSERT ON bookings WHEN NEW.sms <> ''\n"
    "BEGIN\n"
    "  INSERT INTO sms_consent (phone, consent, lang, source, updated_at)\n"
    "  VALUES (NEW.phone, 1, NEW.sms, 'kiosk', NEW.created_at)\n"
    "  ON CONFLICT (phone) DO UPDATE SET consent = 1, lang = excluded.lang, source = 'kiosk',\n"
    "    updated_at = excluded.updated_at;\n"
    "END;\n"

    /* A booking's ticket: the confirmation, and the reminder the day before
     * at remind_at unless that time is already past. */
    "CREATE TRIGGER sms_booking_ticket AFTER INSERT ON tickets WHEN NEW.booking_id IS NOT NULL\n"
    "  AND (SELECT enabled FROM sms_settings WHERE id = 1) = 1\n"
    "BEGIN\n"
    "  INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind, ref_id,\n"
    "    expires_at, created_at, updated_at)\n"
    "  SELECT k.kind, b.phone, b.sms, 'service=' || b.service || char(10) || 'day=' || b.day\n"
    "      || char(10) || 'time=' || printf('%02d:%02d', b.slot / 60, b.slot % 60)\n"
    "      || char(10) || 'ticket=' || NEW.number,\n"
    "    'booking', b.id, b.starts_at, NEW.created_at, NEW.created_at\n"
    "  FROM bookings b, (SELECT 'booking_confirmed' AS kind) k\n"
    "  WHERE b.id = NEW.booking_id AND b.sms <> ''\n"
    "    AND EXISTS (SELECT 1 FROM sms_consent c WHERE c.phone = b.phone AND c.consent = 1);\n"
    "  INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind, ref_id,\n"
    "    not_before, expires_at, created_at, updated_at)\n"
    "  SELECT 'booking_reminder', b.phone, b.sms, 'service=' || b.service || char(10)\n"
    "      || 'day=' || b.day || char(10) || 'time='\n"
    "      || printf('%02d:%02d', b.slot / 60, b.slot % 60) || char(10) || 'ticket=' || NEW.number,\n"
    "    'booking', b.id, b.starts_at - b.slot * 60 - 86400 + s.remind_at * 60, b.starts_at,\n"
    "    NEW.created_at, NEW.created_at\n"
    "  FROM bookings b, sms_settings s\n"
    "  WHERE b.id = NEW.booking_id AND s.id = 1 AND b.sms <> ''\n"
    "    AND b.starts_at - b.slot * 60 - 86400 + s.remind_at * 60 > NEW.created_at\n"
    "    AND EXISTS (SELECT 1 FROM sms_consent c WHERE c.phone = b.phone AND c.consent = 1);\n"
    "END;\n"

    /* A booking cancelled: its reminder is not sent; the resident is told,
     * at once when the booking was within 12 hours (quiet hours or not). */
    "CREATE TRIGGER sms_booking_cancelled AFTER UPDATE OF status ON bookings\n"
    "  WHEN NEW.status = 'cancelled' AND OLD.status = 'booked'\n"
    "BEGIN\n"
    "  UPDATE sms_outbox SET state = 'cancelled', error = 'booking cancelled',\n"
    "    updated_at = NEW.updated_at, done_at = NEW.updated_at\n"
    "  WHERE ref_kind = 'booking' AND ref_id = NEW.id AND state = 'queued';\n"
    "  INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind, ref_id, urgent,\n"
    "    expires_at, created_at, updated_at)\n"
    "  SELECT 'booking_cancelled', NEW.phone, NEW.sms, 'service=' || NEW.service || char(10)\n"
    "      || 'day=' || NEW.day || char(10) || 'time='\n"
    "      || printf('%02d:%02d', NEW.slot / 60, NEW.slot % 60),\n"
    "    'booking', NEW.id, NEW.starts_at - NEW.updated_at < 43200, NEW.starts_at,\n"
    "    NEW.updated_at, NEW.updated_at\n"
    "  WHERE NEW.sms <> '' AND (SELECT enabled FROM sms_settings WHERE id = 1) = 1\n"
    "    AND EXISTS (SELECT 1 FROM sms_consent c WHERE c.phone = NEW.phone AND c.consent = 1);\n"
    "END;\n"

    /* A request accepted (its first move out of 'submitted' to work) and
     * resolved, with the lookup code of its ticket to rate it. */
    "CREATE TRIGGER sms_request_status AFTER UPDATE OF status ON requests\n"
    "  WHEN NEW.sms <> '' AND NEW.status <> OLD.status\n"
    "  AND ((OLD.status = 'submitted' AND NEW.status IN ('accepted', 'assigned', 'in_progress'))\n"
    "       OR NEW.status = 'resolved')\n"
    "  AND (SELECT enabled FROM sms_settings WHERE id = 1) = 1\n"
    "  AND EXISTS (SELECT 1 FROM sms_consent c WHERE c.phone = NEW.phone AND c.consent = 1)\n"
    "BEGIN\n"
    "  INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind, ref_id,\n"
    "    expires_at, created_at, updated_at)\n"
    "  VALUES (CASE WHEN NEW.status = 'resolved' THEN 'request_resolved'\n"
    "               ELSE 'request_accepted' END,\n"
    "    NEW.phone, NEW.sms, 'category=' || NEW.category || char(10) || 'code='\n"
    "      || coalesce((SELECT t.lookup FROM tickets t WHERE t.request_id = NEW.id\n"
    "                   ORDER BY t.id LIMIT 1), ''),\n"
    "    'request', NEW.id, NEW.updated_at + 7 * 86400, NEW.updated_at, NEW.updated_at);\n"
    "END;\n"

    /* Activities (schema 11) and volunteers (schema 12): the consent of
     * their phone screen, kept by number like the others. */
    "ALTER TABLE activity_signups ADD COLUMN sms TEXT NOT NULL DEFAULT ''\n"
    "  CHECK (sms IN ('', 'zh', 'en'));\n"
    "ALTER TABLE volunteers ADD COLUMN sms TEXT NOT NULL DEFAULT ''\n"
    "  CHECK (sms IN ('', 'zh', 'en'));\n"
    "CREATE TRIGGER sms_signup_consent AFTER INSERT ON activity_signups WHEN NEW.sms <> ''\n"
    "BEGIN\n"
    "  INSERT INTO sms_consent (phone, consent, lang, source, updated_at)\n"
    "  VALUES (NEW.phone, 1, NEW.sms, 'kiosk', NEW.created_at)\n"
    "  ON CONFLICT (phone) DO UPDATE SET consent = 1, lang = excluded.lang, source = 'kiosk',\n"
    "    updated_at = excluded.updated_at;\n"
    "END;\n"
    "CREATE TRIGGER sms_volunteer_consent AFTER INSERT ON volunteers WHEN NEW.sms <> ''\n"
    "BEGIN\n"
    "  INSERT INTO sms_consent (phone, consent, lang, source, updated_at)\n"
    "  VALUES (NEW.phone, 1, NEW.sms, 'kiosk', NEW.applied_at)\n"
    "  ON CONFLICT (phone) DO UPDATE SET consent = 1, lang = excluded.lang, source = 'kiosk',\n"
    "    updated_at = excluded.updated_at;\n"
    "END;\n"

    /* A sign-up promoted off the waiting list, and a sign-up cancelled
     * because staff cancelled the activity (cancelled_at is set first):
     * the title in the text's language, the day and time; not after the
     * start (local time, as the kiosk keeps it); a cancellation within 12
     * hours of the start is urgent (quiet hours or not). */
    "CREATE TRIGGER sms_signup_status AFTER UPDATE OF status ON activity_signups\n"
    "  WHEN NEW.sms <> '' AND NEW.status <> OLD.status\n"
    "  AND ((OLD.status = 'waiting' AND NEW.status = 'signed_up')\n"
    "       OR (NEW.status = 'cancelled' AND OLD.status IN ('signed_up', 'waiting')\n"
    "           AND (SELECT cancelled_at FROM activities WHERE id = NEW.activity_id) IS NOT NULL))\n"
    "  AND (SELECT enabled FROM sms_settings WHERE id = 1) = 1\n"
    "  AND EXISTS (SELECT 1 FROM sms_consent c WHERE c.phone = NEW.phone AND c.consent = 1)\n"
    "BEGIN\n"
    "  INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind, ref_id, urgent,\n"
    "    expires_at, created_at, updated_at)\n"
    "  SELECT CASE WHEN NEW.status = 'cancelled' THEN 'activity_cancelled'\n"
    "              ELSE 'activity_promoted' END,\n"
    "    NEW.phone, NEW.sms, 'activity=' || CASE WHEN NEW.sms = 'en' AND v.title_en <> ''\n"
    "      THEN v.title_en ELSE v.title_zh END || char(10) || 'day=' || v.day || char(10)\n"
    "      || 'time=' || printf('%02d:%02d', v.start_min / 60, v.start_min % 60),\n"
    "    'signup', NEW.id,\n"
    "    NEW.status = 'cancelled' AND CAST(strftime('%s', v.day, '+' || v.start_min\n"
    "      || ' minutes', 'utc') AS INTEGER) - NEW.changed_at < 43200,\n"
    "    CAST(strftime('%s', v.day, '+' || v.start_min || ' minutes', 'utc') AS INTEGER),\n"
    "    NEW.changed_at, NEW.changed_at\n"
    "  FROM activities v WHERE v.id = NEW.activity_id;\n"
    "END;\n"

    /* A volunteer approved by a station head. */
    "CREATE TRIGGER sms_volunteer_approved AFTER UPDATE OF status ON volunteers\n"
    "  WHEN NEW.sms <> '' AND OLD.status = 'applied' AND NEW.status = 'approved'\n"
    "  AND (SELECT enabled FROM sms_settings WHERE id = 1) = 1\n"
    "  AND EXISTS (SELECT 1 FROM sms_consent c WHERE c.phone = NEW.phone AND c.consent = 1)\n"
    "BEGIN\n"
    "  INSERT OR IGNORE INTO sms_outbox (kind, phone, lang, params, ref_kind, ref_id,\n"
    "    expires_at, created_at, updated_at)\n"
    "  VALUES ('volunteer_approved', NEW.phone, NEW.sms, '', 'volunteer', NEW.id,\n"
    "    NEW.decided_at + 7 * 86400, NEW.decided_at, NEW.decided_at);\n"
    "END;\n";
/* clang-format on */

typedef struct {
    int version;     /* the version this step produces */
    const char *sql; /* constant SQL: no user text ever reaches it */
} StoreMigration;

static const StoreMigration migrations[] = {
    {1, schema_v1},   {2, schema_v2},   {3, schema_v3},   {4, schema_v4},   {5, schema_v5},
    {6, schema_v6},   {7, schema_v7},   {8, schema_v8},   {9, schema_v9},   {10, schema_v10},
    {11, schema_v11}, {12, schema_v12}, {13, schema_v13}, {14, schema_v14},
};

#define MIGRATION_COUNT ((int)(sizeof migrations / sizeof migrations[0]))

int store_schema_version(void)
{
    return migrations[MIGRATION_COUNT - 1].version;
}

const char *store_schema_step(int version)
{
    for (int i = 0; i < MIGRATION_COUNT; i++)
        if (migrations[i].version == version)
            return migrations[i].sql;
    return NULL;
}

/* Runs a PRAGMA that answers one integer. */
static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        goto fail;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        goto fail;
    *out = sqlite3_column_int(st, 0);
    rc = SQLITE_OK;
fail:
    sqlite3_finalize(st);
    return rc;
}

KResult store_schema_migrate(sqlite3 *db, const char *path, char *err, size_t errcap)
{
    const int latest = store_schema_version();
    KResult r = K_OK;
    int version = 0, app_id = 0, objects = 0;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        store_open_fail(db, rc, path, err, errcap);
        return store_result_from_sqlite(rc);
    }

    /* Read inside the transaction: another process may have migrated the
     * file between our open and our lock. */
    rc = pragma_int(db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = pragma_int(db, "PRAGMA application_id", &app_id);
    if (rc == SQLITE_OK)
        rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &objects);
    if (rc != SQLITE_OK) {
        snprintf(err, errcap, "cannot read database %s: %s", path, sqlite3_errmsg(db));
        r = store_result_from_sqlite(rc);
        goto fail;
    }
    if (app_id != 0 && app_id != STORE_APPLICATION_ID) {
        snprintf(err, errcap,
                 "%s belongs to another program (application id 0x%08x), not the kiosk", path,
                 (unsigned)app_id);
        r = K_ERR_UNSUPPORTED;
        goto fail;
    }
    if (version == 0 && objects > 0) {
        snprintf(err, errcap,
                 "%s is an SQLite database of another program: it has tables but no kiosk "
                 "schema version",
                 path);
        r = K_ERR_UNSUPPORTED;
        goto fail;
    }
    if (version < 0) {
        snprintf(err, errcap, "database %s has an impossible schema version %d", path, version);
        r = K_ERR_CORRUPT;
        goto fail;
    }
    if (version > latest) {
        snprintf(err, errcap,
                 "database %s has schema version %d, but this kiosk build knows versions up "
                 "to %d only: use a newer build",
                 path, version, latest);
        r = K_ERR_UNSUPPORTED;
        goto fail;
    }

    for (int i = 0; i < MIGRATION_COUNT; i++) {
        if (migrations[i].version <= version)
            continue;
        rc = sqlite3_exec(db, migrations[i].sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            snprintf(err, errcap, "cannot update database %s to schema version %d: %s", path,
                     migrations[i].version, sqlite3_errmsg(db));
            r = store_result_from_sqlite(rc);
            goto fail;
        }
    }
    if (version < latest) {
        /* PRAGMA takes no bound parameters; the value is our own integer. */
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", latest);
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            snprintf(err, errcap, "cannot record schema version %d in %s: %s", latest, path,
                     sqlite3_errmsg(db));
            r = store_result_from_sqlite(rc);
            goto fail;
        }
    }
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errcap, "cannot save the schema of database %s: %s", path,
                 sqlite3_errmsg(db));
        r = store_result_from_sqlite(rc);
        goto fail;
    }
    return K_OK;

fail:
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return r;
}
