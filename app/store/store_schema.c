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
/* Schema 12: volunteers and their hours (issue 21).  Reserved. */
static const char schema_v12[] = "";
/* Schema 13: needs, resources and projects (issue 22).  Reserved. */
static const char schema_v13[] = "";
/* clang-format on */

typedef struct {
    int version;     /* the version this step produces */
    const char *sql; /* constant SQL: no user text ever reaches it */
} StoreMigration;

static const StoreMigration migrations[] = {
    {1, schema_v1},   {2, schema_v2},   {3, schema_v3},   {4, schema_v4}, {5, schema_v5},
    {6, schema_v6},   {7, schema_v7},   {8, schema_v8},   {9, schema_v9}, {10, schema_v10},
    {11, schema_v11}, {12, schema_v12}, {13, schema_v13},
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
