/* store_outbox.h - the district outbox's entry bodies as SQL, shared by
 * schema 7's triggers (store_schema.c) and the first queueing of every row
 * when the outbox is enabled (store_sync.c).  R, B, W ... name the row:
 * "NEW" or "OLD" in a trigger, a table alias in a SELECT.  The body
 * format is docs/district.md's; changing a field means a new "v". */
#ifndef KIOSK_STORE_OUTBOX_H
#define KIOSK_STORE_OUTBOX_H

/* clang-format off */
#define OUTBOX_ENTRY(body)                                                              \
    "UPDATE sync_state SET seq = seq + 1 WHERE id = 1;\n"                               \
    "INSERT INTO outbox (epoch, seq, uid, site, at, body) SELECT epoch, seq,"           \
    " lower(hex(randomblob(16))), site, unixepoch(), " body " FROM sync_state WHERE id = 1;\n"
#define OUTBOX_ON "WHEN (SELECT enabled FROM sync_state WHERE id = 1)\n"
#define REQUEST_BODY(R)                                                                  \
    "json_object('v', 1, 'kind', 'request', 'id', " R ".id, 'category', " R ".category," \
    " 'issue', " R ".issue, 'urgency', " R ".urgency, 'flags', " R ".flags,"              \
    " 'status', " R ".status, 'building', " R ".building, 'assignee', " R ".assignee,"    \
    " 'rating', " R ".rating, 'created_at', " R ".created_at, 'due_at', " R ".due_at,"    \
    " 'updated_at', " R ".updated_at, 'answered_at', " R ".answered_at,"                 \
    " 'resolved_at', " R ".resolved_at, 'answered_by', " R ".answered_by,"               \
    " 'resolved_by', " R ".resolved_by, 'ts', " R ".updated_at)"
/* A request filed for another site's referral: its body also names the
 * origin (site, id), from which the centre relays its progress. */
#define REQUEST_BODY_ORIGIN(R)                                                           \
    "(SELECT CASE WHEN i.request_id IS NULL THEN " REQUEST_BODY(R) " ELSE json_set("      \
    REQUEST_BODY(R) ", '$.origin_site', i.origin_site, '$.origin_id', i.origin_id) END"   \
    " FROM (SELECT 1) LEFT JOIN referrals_in i ON i.request_id = " R ".id)"
/* A referral (referrals_out row F): what the receiving site needs to serve
 * the resident, for that case only (the centre keeps the personal part
 * until the case is closed). */
#define REFERRAL_BODY(F)                                                                 \
    "(SELECT json_object('v', 1, 'kind', 'referral', 'id', r.id, 'to', " F ".to_site,"    \
    " 'note', " F ".note, 'by', " F ".by, 'at', " F ".at, 'category', r.category,"        \
    " 'issue', r.issue, 'urgency', r.urgency, 'flags', r.flags, 'created_at',"            \
    " r.created_at, 'due_at', r.due_at, 'number', coalesce(t.number, ''), 'lookup',"      \
    " coalesce(t.lookup, ''), 'ticket_day', coalesce(t.day, ''), 'ticket_seq',"          \
    " coalesce(t.seq, 0), 'name', r.name, 'phone', r.phone, 'building', r.building,"      \
    " 'unit', r.unit, 'room', r.room, 'description', r.description, 'ts', " F ".at)"      \
    " FROM requests r LEFT JOIN tickets t ON t.id = (SELECT min(id) FROM tickets"         \
    " WHERE request_id = r.id) WHERE r.id = " F ".request_id)"
#define BOOKING_BODY(B)                                                                  \
    "json_object('v', 1, 'kind', 'booking', 'id', " B ".id, 'service', " B ".service,"   \
    " 'day', " B ".day, 'slot', " B ".slot, 'starts_at', " B ".starts_at,"                \
    " 'ends_at', " B ".ends_at, 'status', " B ".status, 'created_at', " B ".created_at,"  \
    " 'updated_at', " B ".updated_at, 'ts', " B ".updated_at)"
#define WALKIN_SKIPPED_AT(W)                                                             \
    "(SELECT max(e.at) FROM events e WHERE e.subject = 'walkin' AND e.subject_id = " W   \
    ".id AND e.kind = 'walkin_skipped')"
#define WALKIN_BODY(W)                                                                   \
    "json_object('v', 1, 'kind', 'walkin', 'id', " W ".id, 'ticket_id', " W ".ticket_id," \
    " 'day', " W ".day, 'seq', " W ".seq, 'number', " W ".number, 'status', " W ".status," \
    " 'counter', " W ".counter, 'created_at', " W ".created_at, 'called_at', " W          \
    ".called_at, 'called_by', " W ".called_by, 'skipped', " WALKIN_SKIPPED_AT(W)          \
    " IS NOT NULL, 'ts', max(" W ".created_at, coalesce(" W ".called_at, 0),"             \
    " coalesce(" WALKIN_SKIPPED_AT(W) ", 0)))"
#define TICKET_BODY(T)                                                                   \
    "json_object('v', 1, 'kind', 'ticket', 'id', " T ".id, 'kind_letter', " T ".kind,"   \
    " 'day', " T ".day, 'number', " T ".number, 'request_id', " T ".request_id,"          \
    " 'booking_id', " T ".booking_id, 'created_at', " T ".created_at, 'ts', " T           \
    ".created_at)"
#define SERVICE_BODY(S)                                                                  \
    "json_object('v', 1, 'kind', 'service', 'code', " S ".code, 'letter', " S ".letter,"  \
    " 'zh', " S ".zh, 'en', " S ".en, 'days', " S ".days, 'lead_hours', " S               \
    ".lead_hours, 'horizon_days', " S ".horizon_days, 'escort', " S ".escort,"            \
    " 'active', " S ".active, 'ts', unixepoch())"
#define SLOT_BODY(S, REMOVED)                                                            \
    "json_object('v', 1, 'kind', 'slot', 'service', " S ".service, 'start', " S ".start," \
    " 'end', " S ".end, 'capacity', " S ".capacity, 'removed', " REMOVED                  \
    ", 'ts', unixepoch())"
#define CLOSURE_BODY(C, REMOVED)                                                         \
    "json_object('v', 1, 'kind', 'closure', 'service', " C ".service, 'day', " C ".day,"  \
    " 'removed', " REMOVED ", 'ts', unixepoch())"
#define SITE_KEY_BODY(K)                                                                 \
    "json_object('v', 1, 'kind', 'site_key', 'key', " K ".key, 'ts', " K ".created_at)"
/* A volunteer (issue 21): the state and skills, never the name, phone,
 * age, building or team; and one entry of the hours ledger. */
#define VOLUNTEER_BODY(R)                                                                \
    "json_object('v', 1, 'kind', 'volunteer', 'id', " R ".id, 'status', " R ".status,"     \
    " 'skills', json((SELECT json_group_array(k.skill) FROM volunteer_skills k"           \
    " WHERE k.volunteer_id = " R ".id)), 'applied_at', " R ".applied_at,"                 \
    " 'ts', coalesce(" R ".decided_at, " R ".applied_at))"
#define VOLUNTEER_HOURS_BODY(R)                                                          \
    "json_object('v', 1, 'kind', 'volunteer_hours', 'id', " R ".id, 'volunteer', " R      \
    ".volunteer_id, 'entry', " R ".kind, 'minutes', " R ".minutes, 'points', " R          \
    ".points, 'at', " R ".at, 'ts', " R ".at)"
/* Issue 22: a need, a resource, a project, as counts and codes only: no
 * title, note, name, contact or phone (a resource's contact stays here). */
#define NEED_BODY(N)                                                                     \
    "json_object('v', 1, 'kind', 'need', 'id', " N ".id, 'category', " N ".category,"     \
    " 'community', " N ".community, 'issue', " N ".issue, 'created_at', " N ".created_at,"\
    " 'ts', " N ".created_at)"
#define RESOURCE_BODY(R)                                                                 \
    "json_object('v', 1, 'kind', 'resource', 'id', " R ".id, 'resource_kind', " R ".kind,"\
    " 'capacity', " R ".capacity, 'offers', (SELECT json_group_array(o.category) FROM"     \
    " resource_offers o WHERE o.resource_id = " R ".id), 'created_at', " R ".created_at,"  \
    " 'ts', " R ".updated_at)"
#define PROJECT_BODY(P)                                                                  \
    "json_object('v', 1, 'kind', 'project', 'id', " P ".id, 'state', " P ".state,"        \
    " 'start_day', " P ".start_day, 'due_day', " P ".due_day, 'created_at', " P            \
    ".created_at, 'closed_at', " P ".closed_at, 'resources', (SELECT count(*) FROM"        \
    " project_resources y WHERE y.project_id = " P ".id), 'ts', " P ".updated_at)"
#define PROJECT_RESOURCE_BODY(L)                                                         \
    "json_object('v', 1, 'kind', 'project_resource', 'project_id', " L ".project_id,"     \
    " 'resource_id', " L ".resource_id, 'places', " L ".places, 'at', " L ".at, 'ts', " L  \
    ".at)"
#define PROJECT_REQUEST_BODY(L)                                                          \
    "json_object('v', 1, 'kind', 'project_request', 'request_id', " L ".request_id,"      \
    " 'project_id', " L ".project_id, 'at', " L ".at, 'ts', " L ".at)"
#define OUTBOX_TRIGGER(name, when, body)                                                 \
    "CREATE TRIGGER " name " " when "\n" OUTBOX_ON "BEGIN\n" OUTBOX_ENTRY(body) "END;\n"
/* clang-format on */

#endif
