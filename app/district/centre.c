/* centre.c - the district centre (centre.h): init and its migrations
 * (centre_schema.c), the sites, the figures and the needs list.
 *
 * Each function sends its statements through pg_link_query with the
 * deadline it is given, one value back each; the figures and the needs
 * list are worked out by the centre in one statement each, and written by
 * it as JSON or as lines. */
#include "centre_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/text.h"

/* Any number, fixed: the key of the advisory lock init holds. */
#define CENTRE_LOCK_KEY "7142018"

static KResult run(PgLink *l, int deadline_ms, const char *sql, int n, const char *const *params,
                   char **value, char *err, size_t cap)
{
    char state[6];
    KResult k = pg_link_query(l, sql, n, params, deadline_ms, value, state, err, cap);
    if (k == K_ERR_REFUSED &&
        (strcmp(state, "3F000") == 0 || strcmp(state, "42P01") == 0 || strcmp(state, "42883") == 0))
        return K_ERR_NOT_FOUND; /* no schema, table or function: no centre here yet */
    return k;
}

static void rollback(PgLink *l, int deadline_ms)
{
    char e[256];
    pg_link_query(l, "ROLLBACK", 0, NULL, deadline_ms, NULL, NULL, e, sizeof e);
}

KResult centre_init(PgLink *l, int deadline_ms, int *from, int *to, char *err, size_t cap)
{
    static const char *const opening[] = {
        "BEGIN",
        "SET LOCAL client_min_messages = warning", /* no NOTICE of IF NOT EXISTS */
        "SELECT pg_advisory_xact_lock(" CENTRE_LOCK_KEY ")",
        "CREATE SCHEMA IF NOT EXISTS district_data",
        "CREATE TABLE IF NOT EXISTS district_data.meta (key text PRIMARY KEY, value text NOT NULL)",
    };
    char *v = NULL;
    *from = *to = 0;
    if (centre_migrations[centre_migration_count - 1].version != CENTRE_SCHEMA_VERSION) {
        snprintf(err, cap, "this build's centre migrations end at %d, not at %d: a build error",
                 centre_migrations[centre_migration_count - 1].version, CENTRE_SCHEMA_VERSION);
        return K_ERR_UNSUPPORTED;
    }
    for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++) {
        KResult k = pg_link_query(l, opening[i], 0, NULL, deadline_ms, NULL, NULL, err, cap);
        if (k != K_OK) {
            if (i > 0)
                rollback(l, deadline_ms);
            return k;
        }
    }
    KResult k = pg_link_query(l,
                              "SELECT coalesce((SELECT value FROM district_data.meta"
                              " WHERE key = 'schema'), '0')",
                              0, NULL, deadline_ms, &v, NULL, err, cap);
    if (k != K_OK) {
        rollback(l, deadline_ms);
        return k;
    }
    int found = v ? (int)strtol(v, NULL, 10) : 0;
    free(v);
    *from = *to = found;
    if (found > CENTRE_SCHEMA_VERSION) {
        rollback(l, deadline_ms);
        snprintf(err, cap,
                 "the centre's schema is version %d, newer than this program's %d: use the "
                 "newer kiosk admin",
                 found, CENTRE_SCHEMA_VERSION);
        return K_ERR_REFUSED;
    }
    for (int m = 0; m < centre_migration_count; m++) {
        const CentreMigration *mg = &centre_migrations[m];
        if (mg->version <= found)
            continue;
        for (size_t i = 0; i < mg->count; i++) {
            char why[512];
            k = pg_link_query(l, mg->statements[i], 0, NULL, deadline_ms, NULL, NULL, why,
                              sizeof why);
            if (k != K_OK) {
                rollback(l, deadline_ms);
                snprintf(err, cap, "migration to version %d, step %zu: %s", mg->version, i + 1,
                         why);
                return k;
            }
        }
        *to = mg->version;
    }
    if (*to != found) {
        char ver[16];
        snprintf(ver, sizeof ver, "%d", *to);
        const char *params[] = {ver};
        k = pg_link_query(l,
                          "INSERT INTO district_data.meta VALUES ('schema', $1),"
                          " ('migrated_at', now()::text)"
                          " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                          1, params, deadline_ms, NULL, NULL, err, cap);
        if (k != K_OK) {
            rollback(l, deadline_ms);
            return k;
        }
    }
    return pg_link_query(l, "COMMIT", 0, NULL, deadline_ms, NULL, NULL, err, cap);
}

KResult centre_check(PgLink *l, int deadline_ms, char *err, size_t cap)
{
    char *v = NULL;
    KResult k = run(l, deadline_ms, "SELECT value FROM district_data.meta WHERE key = 'schema'", 0,
                    NULL, &v, err, cap);
    if (k == K_ERR_NOT_FOUND || (k == K_OK && !v)) {
        free(v);
        snprintf(err, cap,
                 "the centre has no district schema: kiosk admin district --pg CONNINFO init "
                 "makes it");
        return K_ERR_NOT_FOUND;
    }
    if (k != K_OK)
        return k;
    int found = (int)strtol(v, NULL, 10);
    free(v);
    if (found != CENTRE_SCHEMA_VERSION) {
        snprintf(err, cap,
                 found < CENTRE_SCHEMA_VERSION
                     ? "the centre's schema is version %d, this program's %d: kiosk admin "
                       "district init migrates it"
                     : "the centre's schema is version %d, newer than this program's %d: use "
                       "the newer kiosk admin",
                 found, CENTRE_SCHEMA_VERSION);
        return K_ERR_REFUSED;
    }
    return K_OK;
}

bool centre_code_valid(const char *code)
{
    size_t n = strlen(code);
    if (n < 1 || n >= CENTRE_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = code[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

bool centre_role_valid(const char *role)
{
    size_t n = strlen(role);
    if (n < 1 || n >= CENTRE_ROLE_MAX || (role[0] >= '0' && role[0] <= '9'))
        return false;
    if (strncmp(role, "pg_", 3) == 0 || strcmp(role, "district_ingest") == 0 ||
        strcmp(role, "district_reader") == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = role[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

KResult centre_site_add(PgLink *l, int deadline_ms, const char *code, const char *role,
                        const char *name, char **json, char *err, size_t cap)
{
    const char *params[] = {code, role, name};
    *json = NULL;
    KResult k = run(l, deadline_ms, "SELECT district_data.add_site($1, $2, $3)::text", 3, params,
                    json, err, cap);
    return k;
}

/* clang-format off */

/* The sites, as JSON and as lines. */
#define SITES_DOC \
    "WITH s AS (SELECT s.*, (SELECT count(*) FROM district_data.epochs e" \
    "   WHERE e.site = s.code) AS epochs FROM district_data.sites s)" \
    " SELECT jsonb_build_object('sites', coalesce(jsonb_agg(jsonb_build_object(" \
    "  'code', code, 'name', name, 'role', role," \
    "  'last_contact', extract(epoch FROM last_contact)::bigint," \
    "  'pending', pending, 'backlog', backlog, 'version', version, 'epoch', epoch," \
    "  'seq', seq, 'epochs', epochs, 'entries', received, 'duplicates', duplicates)" \
    "  ORDER BY code), '[]'))::text AS doc," \
    " coalesce(string_agg(format(E'%s%s  role %s  last contact %s  backlog %s  version %s" \
    "  epochs %s  entries %s\\n', code, CASE WHEN name <> '' THEN ' (' || name || ')'" \
    "  ELSE '' END, role, coalesce(to_char(last_contact, 'YYYY-MM-DD HH24:MI:SS'), 'never')," \
    "  coalesce(backlog::text, '-'), CASE WHEN version = '' THEN '-' ELSE version END," \
    "  epochs, received), '' ORDER BY code), E'no sites yet\\n') AS lines FROM s"

#define OPEN_STATES "('submitted', 'accepted', 'assigned', 'in_progress')"
/* seconds for a median, clamped as the kiosk's Series does (greatest()
 * ignores NULL: each median filters its rows) */
#define SECS(x) "least(greatest(" x ", 0), 2147483647)"

/* The figures; parameters: $1 start, $2 end (unix s), $3 from, $4 to
 * (days), $5 now, $6 the configured categories (JSON array).  The
 * meanings are stats.h's, as store_stats works them out on a kiosk.  Each
 * site's requests are read by a range of the index requests_stats (site,
 * created_at, covering), so nothing is sorted by site; the district's
 * counts are the sums of the sites', its medians are over all its rows. */
#define PERIOD_ROWS(cols) \
    "k CROSS JOIN LATERAL (SELECT " cols " FROM district_data.requests r" \
    "  WHERE r.site = k.site AND r.created_at >= $1::bigint AND r.created_at < $2::bigint" \
    "  OFFSET 0) x" /* not pulled up: one index range per site, never a scan of all */
#define MEDIANS \
    "  percentile_disc(0.5) WITHIN GROUP (ORDER BY " SECS("answered_at - created_at") ")" \
    "   FILTER (WHERE answered_at IS NOT NULL) AS ma," \
    "  percentile_disc(0.5) WITHIN GROUP (ORDER BY " SECS("resolved_at - created_at") ")" \
    "   FILTER (WHERE resolved_at IS NOT NULL) AS mr"
#define STATS_DOC \
    "WITH k AS (SELECT code AS site, name FROM district_data.sites)," \
    " ws AS (SELECT k.site, x.* FROM k CROSS JOIN LATERAL (SELECT count(*) AS requests," \
    "  count(answered_at) AS answered," \
    "  count(*) FILTER (WHERE answered_at <= due_at) AS on_time," \
    "  count(*) FILTER (WHERE answered_at IS NULL AND due_at < $5::bigint) AS overdue," \
    "  count(resolved_at) AS resolved," MEDIANS "," \
    "  count(*) FILTER (WHERE rating = 'satisfied') AS sat," \
    "  count(*) FILTER (WHERE rating = 'basic') AS bas," \
    "  count(*) FILTER (WHERE rating = 'dissatisfied') AS dis" \
    "  FROM district_data.requests r WHERE r.site = k.site AND r.created_at >= $1::bigint" \
    "  AND r.created_at < $2::bigint) x)," \
    " md AS (SELECT " MEDIANS " FROM " PERIOD_ROWS("created_at, answered_at, resolved_at") ")," \
    " w AS (SELECT * FROM ws UNION ALL SELECT NULL, sum(requests)::bigint," \
    "  sum(answered)::bigint, sum(on_time)::bigint, sum(overdue)::bigint," \
    "  sum(resolved)::bigint, (SELECT ma FROM md), (SELECT mr FROM md), sum(sat)::bigint," \
    "  sum(bas)::bigint, sum(dis)::bigint FROM ws)," \
    " cs AS (SELECT k.site, x.category, x.n FROM k CROSS JOIN LATERAL (SELECT category," \
    "  count(*) AS n FROM district_data.requests r WHERE r.site = k.site" \
    "  AND r.created_at >= $1::bigint AND r.created_at < $2::bigint GROUP BY category) x)," \
    " c AS (SELECT site, jsonb_object_agg(category, n) AS cats FROM (SELECT site, category, n" \
    "  FROM cs UNION ALL SELECT NULL, category, sum(n)::bigint FROM cs GROUP BY category) x" \
    "  GROUP BY site)," \
    " o AS (SELECT site, jsonb_build_object(" \
    "  'submitted', count(*) FILTER (WHERE status = 'submitted')," \
    "  'accepted', count(*) FILTER (WHERE status = 'accepted')," \
    "  'assigned', count(*) FILTER (WHERE status = 'assigned')," \
    "  'in_progress', count(*) FILTER (WHERE status = 'in_progress')) AS open" \
    "  FROM district_data.requests WHERE status IN " OPEN_STATES \
    "  GROUP BY GROUPING SETS ((site), ()))," \
    " bk AS (SELECT site, service, count(*) FILTER (WHERE status <> 'cancelled') AS booked," \
    "  count(*) FILTER (WHERE status IN ('checked_in', 'completed')) AS checked_in," \
    "  count(*) FILTER (WHERE status = 'no_show') AS no_show," \
    "  count(*) FILTER (WHERE status = 'cancelled') AS cancelled" \
    "  FROM district_data.bookings WHERE day BETWEEN $3::text AND $4::text" \
    "  GROUP BY GROUPING SETS ((site, service), (service))" \
    "  UNION ALL SELECT site, code, 0, 0, 0, 0 FROM district_data.services" \
    "  UNION ALL SELECT DISTINCT NULL, code, 0, 0, 0, 0 FROM district_data.services)," \
    " b AS (SELECT site, jsonb_object_agg(service, jsonb_build_object('booked', booked," \
    "  'checked_in', checked_in, 'no_show', no_show, 'cancelled', cancelled)) AS bookings" \
    "  FROM (SELECT site, service, sum(booked) AS booked, sum(checked_in) AS checked_in," \
    "  sum(no_show) AS no_show, sum(cancelled) AS cancelled FROM bk GROUP BY site, service) x" \
    "  GROUP BY site)," \
    " wk AS (SELECT site, count(*) AS issued, count(called_at) AS called," \
    "  percentile_disc(0.5) WITHIN GROUP (ORDER BY " SECS("called_at - created_at") ")" \
    "   FILTER (WHERE called_at IS NOT NULL) AS mw," \
    "  greatest(max(called_at - created_at), 0) AS longest" \
    "  FROM district_data.walkins WHERE day BETWEEN $3::text AND $4::text" \
    "  GROUP BY GROUPING SETS ((site), ()))," \
    " cz AS (SELECT coalesce(jsonb_object_agg(value, 0), '{}') AS z" \
    "  FROM jsonb_array_elements_text($6::jsonb))," \
    " kd AS (SELECT site, name FROM k UNION ALL SELECT NULL, '')," \
    " doc AS (SELECT k.site, k.name, jsonb_build_object(" \
    "  'requests', coalesce(w.requests, 0), 'answered', coalesce(w.answered, 0)," \
    "  'on_time', coalesce(w.on_time, 0), 'overdue', coalesce(w.overdue, 0)," \
    "  'on_time_percent', CASE WHEN coalesce(w.answered + w.overdue, 0) > 0" \
    "   THEN (w.on_time * 200 + w.answered + w.overdue) / (2 * (w.answered + w.overdue))" \
    "   ELSE -1 END," \
    "  'resolved', coalesce(w.resolved, 0), 'median_answer_s', coalesce(w.ma, -1)," \
    "  'median_resolve_s', coalesce(w.mr, -1), 'ratings', jsonb_build_object(" \
    "   'satisfied', coalesce(w.sat, 0), 'basic', coalesce(w.bas, 0)," \
    "   'dissatisfied', coalesce(w.dis, 0))," \
    "  'categories', cz.z || coalesce(c.cats, '{}')," \
    "  'open', coalesce(o.open, jsonb_build_object('submitted', 0, 'accepted', 0," \
    "   'assigned', 0, 'in_progress', 0))," \
    "  'bookings', coalesce(b.bookings, '{}')," \
    "  'walkins', jsonb_build_object('issued', coalesce(wk.issued, 0)," \
    "   'called', coalesce(wk.called, 0), 'median_wait_s', coalesce(wk.mw, -1)," \
    "   'longest_wait_s', CASE WHEN wk.called > 0 THEN wk.longest ELSE -1 END)) AS f" \
    "  FROM kd k CROSS JOIN cz" \
    "  LEFT JOIN w ON w.site IS NOT DISTINCT FROM k.site" \
    "  LEFT JOIN c ON c.site IS NOT DISTINCT FROM k.site" \
    "  LEFT JOIN o ON o.site IS NOT DISTINCT FROM k.site" \
    "  LEFT JOIN b ON b.site IS NOT DISTINCT FROM k.site" \
    "  LEFT JOIN wk ON wk.site IS NOT DISTINCT FROM k.site)"

/* A duration in seconds for people: "2 d 5 h", "3 h 20 min", "45 min",
 * "-" (stats_format_duration's English) */
#define DUR(x) \
    "CASE WHEN (" x ")::bigint < 0 THEN '-'" \
    " WHEN ((" x ")::bigint + 30) / 60 >= 1440 THEN ((" x ")::bigint + 30) / 60 / 1440" \
    "  || ' d ' || ((" x ")::bigint + 30) / 60 % 1440 / 60 || ' h'" \
    " WHEN ((" x ")::bigint + 30) / 60 >= 60 THEN ((" x ")::bigint + 30) / 60 / 60" \
    "  || ' h ' || ((" x ")::bigint + 30) / 60 % 60 || ' min'" \
    " ELSE ((" x ")::bigint + 30) / 60 || ' min' END"

static const char stats_json_sql[] =
    STATS_DOC
    " SELECT jsonb_build_object('from', $3::text, 'to', $4::text,"
    " 'sites', coalesce((SELECT jsonb_agg(jsonb_build_object('site', site, 'name', name)"
    " || f ORDER BY site) FROM doc WHERE site IS NOT NULL), '[]'),"
    " 'district', (SELECT f FROM doc WHERE site IS NULL))::text";

static const char stats_text_sql[] =
    STATS_DOC
    " SELECT format(E'%s to %s\\n', $3::text, $4::text) || string_agg(format("
    " E'%s%s: requests %s, answered %s (%s on time, %s overdue unanswered: %s on time),"
    " resolved %s\\n  median time to answer %s, to resolve %s; ratings: satisfied %s,"
    " basic %s, dissatisfied %s\\n  open now: submitted %s, accepted %s, assigned %s,"
    " in progress %s\\n  by category: %s\\n  bookings (booked / checked in / no-show /"
    " cancelled): %s\\n  walk-ins: %s issued, %s called, median wait %s\\n',"
    " coalesce(site, 'district'), CASE WHEN name <> '' THEN ' (' || name || ')' ELSE '' END,"
    " f->>'requests', f->>'answered', f->>'on_time', f->>'overdue',"
    " CASE WHEN (f->>'on_time_percent')::int < 0 THEN '-' ELSE (f->>'on_time_percent') || '%'"
    " END, f->>'resolved', " DUR("f->>'median_answer_s'") ", " DUR("f->>'median_resolve_s'") ","
    " f->'ratings'->>'satisfied', f->'ratings'->>'basic', f->'ratings'->>'dissatisfied',"
    " f->'open'->>'submitted', f->'open'->>'accepted', f->'open'->>'assigned',"
    " f->'open'->>'in_progress',"
    " coalesce((SELECT string_agg(key || ' ' || value, ', ' ORDER BY key)"
    "  FROM jsonb_each_text(f->'categories')), '-'),"
    " coalesce((SELECT string_agg(format('%s %s / %s / %s / %s', key, value->>'booked',"
    "  value->>'checked_in', value->>'no_show', value->>'cancelled'), ', ' ORDER BY key)"
    "  FROM jsonb_each(f->'bookings')), '-'),"
    " f->'walkins'->>'issued', f->'walkins'->>'called', " DUR("f->'walkins'->>'median_wait_s'")
    "), '' ORDER BY site NULLS LAST) FROM doc";

/* The open requests: by site, building and category, and the district's
 * by category (site NULL). */
#define NEEDS_DOC \
    "WITH n AS (SELECT site, building, category, count(*) AS open," \
    "  count(*) FILTER (WHERE urgency = 1) AS urgent," \
    "  count(*) FILTER (WHERE flags & 1 <> 0) AS aged80," \
    "  count(*) FILTER (WHERE flags & 2 <> 0) AS disabled," \
    "  count(*) FILTER (WHERE flags & 4 <> 0) AS alone, min(created_at) AS oldest" \
    "  FROM district_data.requests WHERE status IN " OPEN_STATES \
    "  GROUP BY GROUPING SETS ((site, building, category), (category)))"

static const char needs_json_sql[] =
    NEEDS_DOC
    " SELECT jsonb_build_object('needs', coalesce(jsonb_agg(jsonb_build_object('site', site,"
    " 'building', building, 'category', category, 'open', open, 'urgent', urgent,"
    " 'aged80', aged80, 'disabled', disabled, 'alone', alone, 'oldest', oldest)"
    " ORDER BY site, building, category) FILTER (WHERE site IS NOT NULL), '[]'),"
    " 'district', coalesce(jsonb_agg(jsonb_build_object('category', category, 'open', open,"
    " 'urgent', urgent, 'aged80', aged80, 'disabled', disabled, 'alone', alone,"
    " 'oldest', oldest) ORDER BY category) FILTER (WHERE site IS NULL), '[]'))::text FROM n";

static const char needs_text_sql[] =
    NEEDS_DOC
    " SELECT coalesce(string_agg(format(E'%s  %s  %s: %s open (urgent %s, aged 80+ %s,"
    " disabled %s, alone %s), oldest %s\\n', coalesce(site, 'district'),"
    " CASE WHEN site IS NULL THEN '*' WHEN building = '' THEN '-' ELSE building END, category,"
    " open, urgent, aged80, disabled, alone,"
    " to_char(to_timestamp(oldest), 'YYYY-MM-DD HH24:MI')), '' ORDER BY site NULLS LAST,"
    " building, category), E'no open requests\\n') FROM n";

/* The sites' ticket keys (migration 2): every registered site, with a row
 * per key (none: key null). */
#define KEYS_DOC                                                                                   \
    "SELECT s.code AS site, s.name, k.key, extract(epoch FROM k.first_seen)::bigint AS first_seen," \
    " extract(epoch FROM k.revoked_at)::bigint AS revoked_at"                                      \
    " FROM district_data.sites s LEFT JOIN district_data.site_keys k ON k.site = s.code"

static const char keys_json_sql[] =
    "SELECT jsonb_build_object('keys', coalesce(jsonb_agg(jsonb_build_object('site', site,"
    " 'name', name, 'key', key, 'first_seen', first_seen, 'revoked_at', revoked_at)"
    " ORDER BY site, first_seen, key), '[]'))::text FROM (" KEYS_DOC ") x";

static const char keys_text_sql[] =
    "SELECT coalesce(string_agg(format(E'%s  %s  %s%s\\n', site, coalesce(key, '(no key yet)'),"
    " CASE WHEN first_seen IS NULL THEN '' ELSE 'since ' ||"
    "  to_char(to_timestamp(first_seen), 'YYYY-MM-DD HH24:MI') END,"
    " CASE WHEN revoked_at IS NULL THEN '' ELSE ', REVOKED ' ||"
    "  to_char(to_timestamp(revoked_at), 'YYYY-MM-DD HH24:MI') END), ''"
    " ORDER BY site, first_seen, key), E'no sites\\n') FROM (" KEYS_DOC ") x";

static const char revoke_sql[] =
    "WITH s AS (SELECT code FROM district_data.sites WHERE code = $1),"
    " r AS (UPDATE district_data.site_keys k SET revoked_at = now() FROM s"
    "  WHERE k.site = s.code AND k.revoked_at IS NULL RETURNING k.key)"
    " SELECT CASE WHEN EXISTS (SELECT FROM s) THEN jsonb_build_object('site', $1::text,"
    " 'revoked', (SELECT count(*) FROM r), 'keys',"
    " (SELECT count(*) FROM district_data.site_keys WHERE site = $1))::text END";

/* clang-format on */

KResult centre_keys(PgLink *l, int deadline_ms, bool text, char **out, char *err, size_t cap)
{
    *out = NULL;
    return run(l, deadline_ms, text ? keys_text_sql : keys_json_sql, 0, NULL, out, err, cap);
}

KResult centre_revoke(PgLink *l, int deadline_ms, const char *site, char **json, char *err,
                      size_t cap)
{
    const char *params[] = {site};
    *json = NULL;
    KResult k = run(l, deadline_ms, revoke_sql, 1, params, json, err, cap);
    if (k == K_OK && *json == NULL) {
        snprintf(err, cap, "no site %s is registered at the centre", site);
        return K_ERR_NOT_FOUND;
    }
    return k;
}

KResult centre_sites(PgLink *l, int deadline_ms, bool text, char **out, char *err, size_t cap)
{
    *out = NULL;
    return run(l, deadline_ms,
               text ? "SELECT lines FROM (" SITES_DOC ") x" : "SELECT doc FROM (" SITES_DOC ") x",
               0, NULL, out, err, cap);
}

/* For this session: the figures' statements are large and their
 * estimated cost high, which makes PostgreSQL compile them with LLVM first
 * (JIT), a second or more than running them takes (1.4 s of 2.1 s on 3.5 M
 * requests); the district's medians sort some hundred thousand values, in
 * memory with a little more than the default 4 MB. */
static KResult reading_session(PgLink *l, int deadline_ms, char *err, size_t cap)
{
    return run(l, deadline_ms,
               "SELECT set_config('jit', 'off', false), set_config('work_mem', '32MB', false)", 0,
               NULL, NULL, err, cap);
}

KResult centre_stats(PgLink *l, int deadline_ms, const CentrePeriod *p, bool text, char **out,
                     char *err, size_t cap)
{
    char start[24], end[24], now[24];
    snprintf(start, sizeof start, "%lld", (long long)p->start);
    snprintf(end, sizeof end, "%lld", (long long)p->end);
    snprintf(now, sizeof now, "%lld", (long long)p->now);
    const char *params[] = {start, end, p->from, p->to, now, p->categories ? p->categories : "[]"};
    *out = NULL;
    KResult k = reading_session(l, deadline_ms, err, cap);
    if (k != K_OK)
        return k;
    return run(l, deadline_ms, text ? stats_text_sql : stats_json_sql, 6, params, out, err, cap);
}

KResult centre_needs(PgLink *l, int deadline_ms, bool text, char **out, char *err, size_t cap)
{
    *out = NULL;
    KResult k = reading_session(l, deadline_ms, err, cap);
    if (k != K_OK)
        return k;
    return run(l, deadline_ms, text ? needs_text_sql : needs_json_sql, 0, NULL, out, err, cap);
}
