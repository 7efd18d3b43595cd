/* centre_schema.c - the district centre's schema and its migrations, as
 * statements sent one by one by centre_init (centre.c) inside one
 * transaction under an advisory lock.
 *
 * Each migration takes the centre from version N-1 to N.  A version is
 * added by appending a migration below and nothing else; old steps are
 * never edited, because some centre out there is still at that version.
 *
 * Three schemas (docs/district.md):
 *   district_data    the tables, private: nobody but their owner reads them
 *   district         the public face: views only, read by district_reader
 *   district_ingest  the one function the kiosks call, for district_ingest
 *
 * Times are unix seconds (bigint) in the tables, as the kiosks send them;
 * the views show them as timestamptz.  Each row of a kiosk's table keeps
 * where its last applied snapshot came from (src_epoch, src_seq, src_ts and
 * src_ord, the order in which the centre first saw that epoch), which is
 * what "never backwards" compares (design18.md). */
#include "centre_int.h"

/* clang-format off */
static const char *const migration_1[] = {
    "CREATE SCHEMA IF NOT EXISTS district",
    "CREATE SCHEMA IF NOT EXISTS district_ingest",
    "REVOKE ALL ON SCHEMA district_data FROM PUBLIC",

    /* The group roles: roles are the cluster's, so another database's
     * centre may have made them already. */
    "DO $$ BEGIN\n"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'district_ingest') THEN\n"
    "    CREATE ROLE district_ingest NOLOGIN;\n"
    "  END IF;\n"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'district_reader') THEN\n"
    "    CREATE ROLE district_reader NOLOGIN;\n"
    "  END IF;\n"
    "END $$",
    /* Settings of a group are not inherited by its members at login: sites
     * add sets the same on each site's role (centre.c). */
    "ALTER ROLE district_ingest SET idle_in_transaction_session_timeout = '" CENTRE_IDLE_TIMEOUT "'",
    "ALTER ROLE district_ingest SET statement_timeout = '" CENTRE_STATEMENT_TIMEOUT "'",

    "CREATE TABLE district_data.sites (\n"
    "  code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,23}$'),\n"
    "  name text NOT NULL DEFAULT '' CHECK (length(name) <= 200),\n"
    "  role name NOT NULL UNIQUE,\n"
    "  created_at timestamptz NOT NULL DEFAULT now(),\n"
    "  last_contact timestamptz,\n"
    "  version text NOT NULL DEFAULT '',\n"
    "  pending bigint,\n"   /* as the kiosk reported it before its last batch */
    "  backlog bigint,\n"   /* pending less that batch: what was left */
    "  epoch bigint,\n"
    "  seq bigint,\n"
    "  received bigint NOT NULL DEFAULT 0,\n"
    "  duplicates bigint NOT NULL DEFAULT 0)",
    "CREATE SEQUENCE district_data.epoch_order",
    "CREATE TABLE district_data.epochs (\n"
    "  site text NOT NULL REFERENCES district_data.sites (code),\n"
    "  epoch bigint NOT NULL,\n"
    "  ord bigint NOT NULL DEFAULT nextval('district_data.epoch_order'),\n"
    "  first_seen timestamptz NOT NULL DEFAULT now(),\n"
    "  last_seq bigint NOT NULL DEFAULT 0,\n"
    "  entries bigint NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (site, epoch))",
    /* The raw log, as received. */
    "CREATE TABLE district_data.entries (\n"
    "  site text NOT NULL,\n"
    "  epoch bigint NOT NULL,\n"
    "  seq bigint NOT NULL,\n"
    "  uid text NOT NULL UNIQUE,\n"
    "  at bigint NOT NULL,\n"
    "  body jsonb NOT NULL,\n"
    "  received_at timestamptz NOT NULL DEFAULT now(),\n"
    "  PRIMARY KEY (site, epoch, seq),\n"
    "  FOREIGN KEY (site, epoch) REFERENCES district_data.epochs)",

    "CREATE TABLE district_data.requests (\n"
    "  site text NOT NULL, id bigint NOT NULL,\n"
    "  category text NOT NULL DEFAULT '', issue text NOT NULL DEFAULT '',\n"
    "  urgency integer NOT NULL DEFAULT 0, flags integer NOT NULL DEFAULT 0,\n"
    "  status text NOT NULL DEFAULT '', building text NOT NULL DEFAULT '',\n"
    "  assignee text NOT NULL DEFAULT '', rating text NOT NULL DEFAULT '',\n"
    "  created_at bigint, due_at bigint, updated_at bigint, answered_at bigint,\n"
    "  resolved_at bigint, answered_by text NOT NULL DEFAULT '',\n"
    "  resolved_by text NOT NULL DEFAULT '',\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.bookings (\n"
    "  site text NOT NULL, id bigint NOT NULL,\n"
    "  service text NOT NULL DEFAULT '', day text NOT NULL DEFAULT '', slot integer,\n"
    "  starts_at bigint, ends_at bigint, status text NOT NULL DEFAULT '',\n"
    "  created_at bigint, updated_at bigint,\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.walkins (\n"
    "  site text NOT NULL, id bigint NOT NULL,\n"
    "  ticket_id bigint, day text NOT NULL DEFAULT '', seq integer, number text NOT NULL DEFAULT '',\n"
    "  status text NOT NULL DEFAULT '', counter integer NOT NULL DEFAULT 0,\n"
    "  created_at bigint, called_at bigint, called_by text NOT NULL DEFAULT '',\n"
    "  skipped boolean NOT NULL DEFAULT false,\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.tickets (\n"
    "  site text NOT NULL, id bigint NOT NULL,\n"
    "  kind text NOT NULL DEFAULT '', day text NOT NULL DEFAULT '',\n"
    "  number text NOT NULL DEFAULT '', request_id bigint, booking_id bigint, created_at bigint,\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.services (\n"
    "  site text NOT NULL, code text NOT NULL,\n"
    "  letter text NOT NULL DEFAULT '', zh text NOT NULL DEFAULT '', en text NOT NULL DEFAULT '',\n"
    "  days text NOT NULL DEFAULT '', lead_hours integer, horizon_days integer,\n"
    "  escort boolean, active boolean,\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, code))",
    "CREATE TABLE district_data.slots (\n"
    "  site text NOT NULL, service text NOT NULL, start integer NOT NULL,\n"
    "  \"end\" integer, capacity integer, removed boolean NOT NULL DEFAULT false,\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, service, start))",
    "CREATE TABLE district_data.closures (\n"
    "  site text NOT NULL, service text NOT NULL, day text NOT NULL,\n"
    "  removed boolean NOT NULL DEFAULT false,\n"
    "  src_epoch bigint NOT NULL, src_seq bigint NOT NULL, src_ts bigint NOT NULL,\n"
    "  src_ord bigint NOT NULL,\n"
    "  PRIMARY KEY (site, service, day))",

    /* What the figures read (centre.c): a site's requests of a period from
     * an index alone (one range per site: no sort by site), the open ones,
     * a period's bookings and walk-ins. */
    "CREATE INDEX requests_stats ON district_data.requests (site, created_at)\n"
    "  INCLUDE (category, due_at, answered_at, resolved_at, rating)",
    "CREATE INDEX requests_open ON district_data.requests (site, status)\n"
    "  WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress')",
    "CREATE INDEX bookings_stats ON district_data.bookings (day) INCLUDE (site, service, status)",
    "CREATE INDEX walkins_stats ON district_data.walkins (day) INCLUDE (site, created_at, called_at)",

    /* A JSON 0/1 or true/false as a boolean (NULL for anything else). */
    "CREATE FUNCTION district_data.flag(v jsonb) RETURNS boolean\n"
    "LANGUAGE sql IMMUTABLE AS $$\n"
    "  SELECT CASE jsonb_typeof(v) WHEN 'boolean' THEN v::text::boolean\n"
    "    WHEN 'number' THEN v::text::numeric <> 0 END $$",

    /* The ingest call (design18.md).  One statement: the whole batch or
     * nothing.  Runs as the owner (SECURITY DEFINER) with a fixed
     * search_path; session_user is the site's own login role.  Every
     * statement in it is a lookup or an upsert by key: no sequential scan,
     * even while the planner believes a young table empty (a scan of the
     * raw log per entry made a batch of 500 take 1.4 s at 20,000 entries). */
    "CREATE FUNCTION district_ingest.ingest(p_site text, p_batch jsonb, p_info jsonb)\n"
    "RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER\n"
    "SET search_path = pg_catalog, pg_temp SET enable_seqscan = off AS $f$\n"
    "DECLARE\n"
    "  v_role name; e jsonb; b jsonb; v_epoch bigint; v_seq bigint; v_uid text; v_at bigint;\n"
    "  v_ts bigint; v_kind text; v_ord bigint; v_old record;\n"
    "  v_cur bigint; v_run_n bigint := 0; v_run_max bigint := 0;\n"
    "  v_n integer := 0; v_acc integer := 0; v_dup integer := 0;\n"
    "BEGIN\n"
    "  SELECT role INTO v_role FROM district_data.sites WHERE code = p_site FOR UPDATE;\n"
    "  IF NOT FOUND THEN\n"
    "    RAISE EXCEPTION 'district: site % is not registered at the centre', p_site\n"
    "      USING ERRCODE = 'insufficient_privilege',\n"
    "            HINT = 'kiosk admin district sites add registers it';\n"
    "  END IF;\n"
    "  IF v_role <> session_user THEN\n"
    "    RAISE EXCEPTION 'district: role % may not send for site % (its role is %)',\n"
    "      session_user, p_site, v_role USING ERRCODE = 'insufficient_privilege';\n"
    "  END IF;\n"
    "  IF p_batch IS NULL OR jsonb_typeof(p_batch) <> 'array' THEN\n"
    "    RAISE EXCEPTION 'district: the batch must be a JSON array'\n"
    "      USING ERRCODE = 'invalid_parameter_value';\n"
    "  END IF;\n"
    "  IF jsonb_array_length(p_batch) > " CENTRE_BATCH_MAX_SQL " THEN\n"
    "    RAISE EXCEPTION 'district: a batch holds at most " CENTRE_BATCH_MAX_SQL " entries'\n"
    "      USING ERRCODE = 'program_limit_exceeded';\n"
    "  END IF;\n"
    "  FOR e IN SELECT value FROM jsonb_array_elements(p_batch) LOOP\n"
    "    v_n := v_n + 1;\n"
    "    IF jsonb_typeof(e) IS DISTINCT FROM 'object'\n"
    "       OR jsonb_typeof(e->'epoch') IS DISTINCT FROM 'number'\n"
    "       OR jsonb_typeof(e->'seq') IS DISTINCT FROM 'number'\n"
    "       OR jsonb_typeof(e->'uid') IS DISTINCT FROM 'string'\n"
    "       OR jsonb_typeof(e->'at') IS DISTINCT FROM 'number'\n"
    "       OR jsonb_typeof(e->'body') IS DISTINCT FROM 'object'\n"
    "       OR NOT (e->>'uid') ~ '^[0-9a-f]{32}$'\n"
    "       OR (e->>'epoch')::numeric <= 0 OR (e->>'seq')::numeric <= 0 THEN\n"
    "      RAISE EXCEPTION 'district: entry % of the batch from site % is malformed', v_n, p_site\n"
    "        USING ERRCODE = 'invalid_parameter_value';\n"
    "    END IF;\n"
    "    v_epoch := (e->>'epoch')::bigint; v_seq := (e->>'seq')::bigint;\n"
    "    v_uid := e->>'uid'; v_at := (e->>'at')::bigint; b := e->'body';\n"
    "    SELECT site, epoch, seq, body INTO v_old FROM district_data.entries WHERE uid = v_uid;\n"
    "    IF FOUND THEN\n"
    "      IF v_old.site = p_site AND v_old.body = b THEN\n"
    "        v_dup := v_dup + 1;\n"
    "        CONTINUE;\n"
    "      END IF;\n"
    "      RAISE EXCEPTION 'district: site %, epoch %, seq %: entry % is already stored with "
    "other content (site %, epoch %, seq %)', p_site, v_epoch, v_seq, v_uid, v_old.site,\n"
    "        v_old.epoch, v_old.seq USING ERRCODE = 'unique_violation',\n"
    "        HINT = 'the kiosk database was copied or restored without kiosk admin restore; "
    "kiosk admin sync new-epoch on the kiosk starts a new epoch';\n"
    "    END IF;\n"
    "    PERFORM 1 FROM district_data.entries\n"
    "      WHERE site = p_site AND epoch = v_epoch AND seq = v_seq;\n"
    "    IF FOUND THEN\n"
    "      RAISE EXCEPTION 'district: site %, epoch %, seq % is already stored with other "
    "content: the kiosk database was copied or restored without kiosk admin restore; "
    "kiosk admin sync new-epoch on the kiosk starts a new epoch', p_site, v_epoch, v_seq\n"
    "        USING ERRCODE = 'unique_violation';\n"
    "    END IF;\n"
    "    IF v_cur IS DISTINCT FROM v_epoch THEN\n"
    "      IF v_cur IS NOT NULL THEN\n"
    "        UPDATE district_data.epochs SET entries = entries + v_run_n,\n"
    "          last_seq = greatest(last_seq, v_run_max) WHERE site = p_site AND epoch = v_cur;\n"
    "      END IF;\n"
    "      INSERT INTO district_data.epochs (site, epoch) VALUES (p_site, v_epoch)\n"
    "        ON CONFLICT DO NOTHING;\n"
    "      SELECT ord INTO v_ord FROM district_data.epochs WHERE site = p_site AND epoch = v_epoch;\n"
    "      v_cur := v_epoch; v_run_n := 0; v_run_max := 0;\n"
    "    END IF;\n"
    "    INSERT INTO district_data.entries (site, epoch, seq, uid, at, body)\n"
    "      VALUES (p_site, v_epoch, v_seq, v_uid, v_at, b);\n"
    "    v_run_n := v_run_n + 1; v_run_max := greatest(v_run_max, v_seq);\n"
    "    v_acc := v_acc + 1;\n"
    "    v_kind := b->>'kind';\n"
    "    v_ts := coalesce((b->>'ts')::bigint, v_at);\n"
    "    IF v_kind = 'request' THEN\n"
    "      INSERT INTO district_data.requests AS t VALUES (p_site, (b->>'id')::bigint,\n"
    "        coalesce(b->>'category', ''), coalesce(b->>'issue', ''),\n"
    "        coalesce((b->>'urgency')::integer, 0), coalesce((b->>'flags')::integer, 0),\n"
    "        coalesce(b->>'status', ''), coalesce(b->>'building', ''),\n"
    "        coalesce(b->>'assignee', ''), coalesce(b->>'rating', ''),\n"
    "        (b->>'created_at')::bigint, (b->>'due_at')::bigint, (b->>'updated_at')::bigint,\n"
    "        (b->>'answered_at')::bigint, (b->>'resolved_at')::bigint,\n"
    "        coalesce(b->>'answered_by', ''), coalesce(b->>'resolved_by', ''),\n"
    "        v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, id) DO UPDATE SET category = EXCLUDED.category,\n"
    "        issue = EXCLUDED.issue, urgency = EXCLUDED.urgency, flags = EXCLUDED.flags,\n"
    "        status = EXCLUDED.status, building = EXCLUDED.building,\n"
    "        assignee = EXCLUDED.assignee, rating = EXCLUDED.rating,\n"
    "        created_at = EXCLUDED.created_at, due_at = EXCLUDED.due_at,\n"
    "        updated_at = EXCLUDED.updated_at, answered_at = EXCLUDED.answered_at,\n"
    "        resolved_at = EXCLUDED.resolved_at, answered_by = EXCLUDED.answered_by,\n"
    "        resolved_by = EXCLUDED.resolved_by, src_epoch = EXCLUDED.src_epoch,\n"
    "        src_seq = EXCLUDED.src_seq, src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    ELSIF v_kind = 'booking' THEN\n"
    "      INSERT INTO district_data.bookings AS t VALUES (p_site, (b->>'id')::bigint,\n"
    "        coalesce(b->>'service', ''), coalesce(b->>'day', ''), (b->>'slot')::integer,\n"
    "        (b->>'starts_at')::bigint, (b->>'ends_at')::bigint, coalesce(b->>'status', ''),\n"
    "        (b->>'created_at')::bigint, (b->>'updated_at')::bigint, v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, id) DO UPDATE SET service = EXCLUDED.service, day = EXCLUDED.day,\n"
    "        slot = EXCLUDED.slot, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,\n"
    "        status = EXCLUDED.status, created_at = EXCLUDED.created_at,\n"
    "        updated_at = EXCLUDED.updated_at, src_epoch = EXCLUDED.src_epoch,\n"
    "        src_seq = EXCLUDED.src_seq, src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    ELSIF v_kind = 'walkin' THEN\n"
    "      INSERT INTO district_data.walkins AS t VALUES (p_site, (b->>'id')::bigint,\n"
    "        (b->>'ticket_id')::bigint, coalesce(b->>'day', ''), (b->>'seq')::integer,\n"
    "        coalesce(b->>'number', ''), coalesce(b->>'status', ''),\n"
    "        coalesce((b->>'counter')::integer, 0), (b->>'created_at')::bigint,\n"
    "        (b->>'called_at')::bigint, coalesce(b->>'called_by', ''),\n"
    "        coalesce(district_data.flag(b->'skipped'), false), v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, id) DO UPDATE SET ticket_id = EXCLUDED.ticket_id,\n"
    "        day = EXCLUDED.day, seq = EXCLUDED.seq, number = EXCLUDED.number,\n"
    "        status = EXCLUDED.status, counter = EXCLUDED.counter,\n"
    "        created_at = EXCLUDED.created_at, called_at = EXCLUDED.called_at,\n"
    "        called_by = EXCLUDED.called_by, skipped = EXCLUDED.skipped,\n"
    "        src_epoch = EXCLUDED.src_epoch, src_seq = EXCLUDED.src_seq,\n"
    "        src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    ELSIF v_kind = 'ticket' THEN\n"
    "      INSERT INTO district_data.tickets AS t VALUES (p_site, (b->>'id')::bigint,\n"
    "        coalesce(b->>'kind_letter', ''), coalesce(b->>'day', ''),\n"
    "        coalesce(b->>'number', ''),\n"
    "        (b->>'request_id')::bigint, (b->>'booking_id')::bigint, (b->>'created_at')::bigint,\n"
    "        v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, id) DO UPDATE SET kind = EXCLUDED.kind, day = EXCLUDED.day,\n"
    "        number = EXCLUDED.number, request_id = EXCLUDED.request_id,\n"
    "        booking_id = EXCLUDED.booking_id, created_at = EXCLUDED.created_at,\n"
    "        src_epoch = EXCLUDED.src_epoch, src_seq = EXCLUDED.src_seq,\n"
    "        src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    ELSIF v_kind = 'service' THEN\n"
    "      INSERT INTO district_data.services AS t VALUES (p_site, coalesce(b->>'code', ''),\n"
    "        coalesce(b->>'letter', ''), coalesce(b->>'zh', ''), coalesce(b->>'en', ''),\n"
    "        coalesce(b->>'days', ''), (b->>'lead_hours')::integer,\n"
    "        (b->>'horizon_days')::integer, district_data.flag(b->'escort'),\n"
    "        district_data.flag(b->'active'), v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, code) DO UPDATE SET letter = EXCLUDED.letter, zh = EXCLUDED.zh,\n"
    "        en = EXCLUDED.en, days = EXCLUDED.days, lead_hours = EXCLUDED.lead_hours,\n"
    "        horizon_days = EXCLUDED.horizon_days, escort = EXCLUDED.escort,\n"
    "        active = EXCLUDED.active, src_epoch = EXCLUDED.src_epoch,\n"
    "        src_seq = EXCLUDED.src_seq, src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    ELSIF v_kind = 'slot' THEN\n"
    "      INSERT INTO district_data.slots AS t VALUES (p_site, coalesce(b->>'service', ''),\n"
    "        coalesce((b->>'start')::integer, 0), (b->>'end')::integer,\n"
    "        (b->>'capacity')::integer, coalesce(district_data.flag(b->'removed'), false),\n"
    "        v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, service, start) DO UPDATE SET \"end\" = EXCLUDED.\"end\",\n"
    "        capacity = EXCLUDED.capacity, removed = EXCLUDED.removed,\n"
    "        src_epoch = EXCLUDED.src_epoch, src_seq = EXCLUDED.src_seq,\n"
    "        src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    ELSIF v_kind = 'closure' THEN\n"
    "      INSERT INTO district_data.closures AS t VALUES (p_site, coalesce(b->>'service', ''),\n"
    "        coalesce(b->>'day', ''), coalesce(district_data.flag(b->'removed'), false),\n"
    "        v_epoch, v_seq, v_ts, v_ord)\n"
    "      ON CONFLICT (site, service, day) DO UPDATE SET removed = EXCLUDED.removed,\n"
    "        src_epoch = EXCLUDED.src_epoch, src_seq = EXCLUDED.src_seq,\n"
    "        src_ts = EXCLUDED.src_ts, src_ord = EXCLUDED.src_ord\n"
    "      " CENTRE_NEWER_SQL ";\n"
    "    END IF;\n" /* another kind: kept in the log, for a later centre */
    "  END LOOP;\n"
    "  IF v_cur IS NOT NULL THEN\n"
    "    UPDATE district_data.epochs SET entries = entries + v_run_n,\n"
    "      last_seq = greatest(last_seq, v_run_max) WHERE site = p_site AND epoch = v_cur;\n"
    "  END IF;\n"
    "  UPDATE district_data.sites SET last_contact = now(),\n"
    "    version = coalesce(left(p_info->>'version', 40), version),\n"
    "    pending = coalesce((p_info->>'pending')::bigint, pending),\n"
    "    backlog = CASE WHEN p_info ? 'pending'\n"
    "      THEN greatest((p_info->>'pending')::bigint - v_n, 0) ELSE backlog END,\n"
    "    epoch = coalesce((p_info->>'epoch')::bigint, epoch),\n"
    "    seq = coalesce((p_info->>'seq')::bigint, seq),\n"
    "    received = received + v_acc, duplicates = duplicates + v_dup\n"
    "  WHERE code = p_site;\n"
    "  RETURN jsonb_build_object('accepted', v_acc, 'duplicates', v_dup);\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_ingest.ingest(text, jsonb, jsonb) FROM PUBLIC",
    "GRANT USAGE ON SCHEMA district_ingest TO district_ingest",
    "GRANT EXECUTE ON FUNCTION district_ingest.ingest(text, jsonb, jsonb) TO district_ingest",

    /* Registers a site (kiosk admin district sites add): its login role is
     * made when missing, without a password (pg_hba.conf decides how it
     * logs in), is a member of district_ingest and nothing else. */
    "CREATE FUNCTION district_data.add_site(p_code text, p_role text, p_name text)\n"
    "RETURNS jsonb LANGUAGE plpgsql\n"
    "SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $f$\n"
    "DECLARE v_made boolean := false; v_old record;\n"
    "BEGIN\n"
    "  SELECT code, role INTO v_old FROM district_data.sites WHERE code = p_code OR role = p_role\n"
    "    ORDER BY code = p_code DESC LIMIT 1;\n"
    "  IF FOUND AND (v_old.code <> p_code OR v_old.role <> p_role) THEN\n"
    "    RAISE EXCEPTION 'district: site % has role % already', v_old.code, v_old.role\n"
    "      USING ERRCODE = 'unique_violation';\n"
    "  END IF;\n"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = p_role) THEN\n"
    "    EXECUTE format('CREATE ROLE %I LOGIN', p_role);\n"
    "    v_made := true;\n"
    "  END IF;\n"
    "  EXECUTE format('GRANT district_ingest TO %I', p_role);\n"
    "  EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_role,\n"
    "    '" CENTRE_IDLE_TIMEOUT "');\n"
    "  EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_role,\n"
    "    '" CENTRE_STATEMENT_TIMEOUT "');\n"
    "  INSERT INTO district_data.sites (code, role, name) VALUES (p_code, p_role,\n"
    "    coalesce(p_name, ''))\n"
    "    ON CONFLICT (code) DO UPDATE SET name = coalesce(p_name, district_data.sites.name);\n"
    "  RETURN jsonb_build_object('site', p_code, 'role', p_role, 'role_created', v_made);\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_data.add_site(text, text, text) FROM PUBLIC",
    "REVOKE ALL ON FUNCTION district_data.flag(jsonb) FROM PUBLIC",

    /* The public face. */
    "CREATE VIEW district.sites AS SELECT code AS site, name, last_contact, version,\n"
    "  backlog, received FROM district_data.sites",
    "CREATE VIEW district.requests AS SELECT site, id, category, issue, urgency,\n"
    "  (flags & 1) <> 0 AS aged_80, (flags & 2) <> 0 AS disabled, (flags & 4) <> 0 AS alone,\n"
    "  status, building, assignee, rating, to_timestamp(created_at) AS created_at,\n"
    "  to_timestamp(due_at) AS due_at, to_timestamp(updated_at) AS updated_at,\n"
    "  to_timestamp(answered_at) AS answered_at, to_timestamp(resolved_at) AS resolved_at,\n"
    "  answered_by, resolved_by FROM district_data.requests",
    "CREATE VIEW district.bookings AS SELECT site, id, service, day,\n"
    "  slot AS slot_minute, to_timestamp(starts_at) AS starts_at,\n"
    "  to_timestamp(ends_at) AS ends_at, status, to_timestamp(created_at) AS created_at,\n"
    "  to_timestamp(updated_at) AS updated_at FROM district_data.bookings",
    "CREATE VIEW district.walkins AS SELECT site, id, ticket_id, day, seq, number, status,\n"
    "  counter, to_timestamp(created_at) AS issued_at, to_timestamp(called_at) AS called_at,\n"
    "  called_by, skipped FROM district_data.walkins",
    "CREATE VIEW district.tickets AS SELECT site, id, kind, day, number, request_id,\n"
    "  booking_id, to_timestamp(created_at) AS created_at FROM district_data.tickets",
    "GRANT USAGE ON SCHEMA district TO district_reader",
    "GRANT SELECT ON ALL TABLES IN SCHEMA district TO district_reader",
};
/* Versions 2 to 4 are taken by issue 19's parts, one each: 2 the sites'
 * ticket keys and revocations, 3 referrals between sites and the district
 * copy, 4 configuration bundles. */
static const char *const migration_2[] = {
    /* Every site's Ed25519 ticket keys (the public halves, base64url) and
     * their revocations: kiosks pull them all (district_ingest.keys) and
     * check any site's KT3 tickets offline. */
    "CREATE TABLE district_data.site_keys (\n"
    "  site text NOT NULL REFERENCES district_data.sites (code),\n"
    "  key text NOT NULL CHECK (key ~ '^[A-Za-z0-9_-]{43}$'),\n"
    "  first_seen timestamptz NOT NULL DEFAULT now(),\n"
    "  revoked_at timestamptz,\n"
    "  PRIMARY KEY (site, key))",
    /* A site_key entry in the raw log (ingest keeps a kind it does not
     * know there) records the key; one already known is left as it is, so
     * a revoked key sent again stays revoked. */
    "CREATE FUNCTION district_data.apply_site_key() RETURNS trigger\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "BEGIN\n"
    "  IF (NEW.body->>'key') ~ '^[A-Za-z0-9_-]{43}$' THEN\n"
    "    INSERT INTO district_data.site_keys (site, key) VALUES (NEW.site, NEW.body->>'key')\n"
    "      ON CONFLICT (site, key) DO NOTHING;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_data.apply_site_key() FROM PUBLIC",
    "CREATE TRIGGER entries_site_key AFTER INSERT ON district_data.entries FOR EACH ROW\n"
    "  WHEN ((NEW.body->>'kind') IN ('site_key'))\n"
    "  EXECUTE FUNCTION district_data.apply_site_key()",
    /* What a kiosk pulls: all keys and revocations of the district, times
     * in unix seconds. */
    "CREATE FUNCTION district_ingest.keys(p_site text) RETURNS text\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "DECLARE v_role name;\n"
    "BEGIN\n"
    "  SELECT role INTO v_role FROM district_data.sites WHERE code = p_site;\n"
    "  IF NOT FOUND OR v_role <> session_user THEN\n"
    "    RAISE EXCEPTION 'district: role % may not pull for site %', session_user, p_site\n"
    "      USING ERRCODE = 'insufficient_privilege';\n"
    "  END IF;\n"
    "  RETURN coalesce((SELECT jsonb_agg(jsonb_build_object('site', site, 'key', key,\n"
    "    'first_seen', extract(epoch FROM first_seen)::bigint,\n"
    "    'revoked_at', extract(epoch FROM revoked_at)::bigint) ORDER BY site, first_seen, key)\n"
    "    FROM district_data.site_keys), '[]'::jsonb)::text;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_ingest.keys(text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION district_ingest.keys(text) TO district_ingest",
};
/* Version 3: referrals between sites and the district copy (docs/district.md,
 * "Referrals").  A referral entry from site A keeps the case's personal
 * part (what B needs to serve the resident) in district_data.referrals
 * until B's request for it is closed or cancelled; B's request entries name
 * their origin, which links the two.  A rating given at one site for
 * another's request waits in district_data.ratings until that site has
 * applied it.  chg orders every change of a request or booking row (a
 * sequence), so district_ingest.inbox hands each kiosk the district copy
 * from its own cursor on.  The entries are applied by a trigger on the raw
 * log: ingest (migration 1) keeps any kind it does not know there. */
static const char *const migration_3[] = {
    "CREATE TABLE district_data.referrals (\n"
    "  from_site text NOT NULL, from_id bigint NOT NULL,\n"
    "  to_site text NOT NULL, to_id bigint,\n"
    "  note text NOT NULL DEFAULT '', by text NOT NULL DEFAULT '', at bigint NOT NULL,\n"
    "  personal jsonb,\n"  /* NULL once the case is closed at the receiving site */
    "  received_at timestamptz NOT NULL DEFAULT now(),\n"
    "  PRIMARY KEY (from_site, from_id))",
    "CREATE INDEX referrals_to ON district_data.referrals (to_site) WHERE to_id IS NULL",
    "CREATE TABLE district_data.ratings (\n"
    "  site text NOT NULL, id bigint NOT NULL,\n"
    "  rating text NOT NULL CHECK (rating IN ('satisfied', 'basic', 'dissatisfied')),\n"
    "  by_site text NOT NULL, at bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE SEQUENCE district_data.copy_order",
    "ALTER TABLE district_data.requests ADD COLUMN chg bigint NOT NULL\n"
    "  DEFAULT nextval('district_data.copy_order')",
    "ALTER TABLE district_data.bookings ADD COLUMN chg bigint NOT NULL\n"
    "  DEFAULT nextval('district_data.copy_order')",
    "CREATE INDEX requests_by_chg ON district_data.requests (chg)",
    "CREATE INDEX bookings_by_chg ON district_data.bookings (chg)",
    "CREATE INDEX tickets_request ON district_data.tickets (site, request_id)",
    "CREATE INDEX tickets_booking ON district_data.tickets (site, booking_id)",
    "CREATE FUNCTION district_data.bump_chg() RETURNS trigger LANGUAGE plpgsql\n"
    "SET search_path = pg_catalog, pg_temp AS $f$\n"
    "BEGIN NEW.chg := nextval('district_data.copy_order'); RETURN NEW; END $f$",
    "CREATE TRIGGER requests_chg BEFORE UPDATE ON district_data.requests\n"
    "  FOR EACH ROW EXECUTE FUNCTION district_data.bump_chg()",
    "CREATE TRIGGER bookings_chg BEFORE UPDATE ON district_data.bookings\n"
    "  FOR EACH ROW EXECUTE FUNCTION district_data.bump_chg()",
    "CREATE FUNCTION district_data.refer_entry() RETURNS trigger LANGUAGE plpgsql\n"
    "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "DECLARE b jsonb := NEW.body;\n"
    "BEGIN\n"
    "  IF b->>'kind' = 'referral' AND jsonb_typeof(b->'id') = 'number' THEN\n"
    "    INSERT INTO district_data.referrals (from_site, from_id, to_site, note, by, at, personal)\n"
    "    VALUES (NEW.site, (b->>'id')::bigint, left(coalesce(b->>'to', ''), 23),\n"
    "      left(coalesce(b->>'note', ''), 600), left(coalesce(b->>'by', ''), 60),\n"
    "      coalesce((b->>'at')::bigint, NEW.at),\n"
    "      b - ARRAY['v', 'kind', 'ts', 'id', 'to', 'note', 'by', 'at'])\n"
    "    ON CONFLICT (from_site, from_id) DO NOTHING;\n"
    "  ELSIF b->>'kind' = 'rating' AND jsonb_typeof(b->'id') = 'number'\n"
    "        AND b->>'rating' IN ('satisfied', 'basic', 'dissatisfied') THEN\n"
    "    INSERT INTO district_data.ratings (site, id, rating, by_site, at)\n"
    "    VALUES (left(coalesce(b->>'site', ''), 23), (b->>'id')::bigint, b->>'rating', NEW.site,\n"
    "      coalesce((b->>'at')::bigint, NEW.at)) ON CONFLICT (site, id) DO NOTHING;\n"
    "  ELSIF b->>'kind' = 'request' AND jsonb_typeof(b->'origin_id') = 'number' THEN\n"
    "    UPDATE district_data.referrals SET to_id = (b->>'id')::bigint,\n"
    "      personal = CASE WHEN b->>'status' IN ('closed', 'cancelled') THEN NULL ELSE personal END\n"
    "    WHERE from_site = b->>'origin_site' AND from_id = (b->>'origin_id')::bigint\n"
    "      AND to_site = NEW.site;\n"
    "  ELSIF b->>'kind' = 'ticket' THEN\n" /* the copy's number: the row is changed again */
    "    UPDATE district_data.requests SET chg = 0\n"
    "    WHERE site = NEW.site AND id = (b->>'request_id')::bigint;\n"
    "    UPDATE district_data.bookings SET chg = 0\n"
    "    WHERE site = NEW.site AND id = (b->>'booking_id')::bigint;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_data.refer_entry() FROM PUBLIC",
    "REVOKE ALL ON FUNCTION district_data.bump_chg() FROM PUBLIC",
    "CREATE TRIGGER entries_refer AFTER INSERT ON district_data.entries FOR EACH ROW\n"
    "  WHEN ((NEW.body->>'kind') IN ('referral', 'rating', 'ticket', 'request'))\n"
    "  EXECUTE FUNCTION district_data.refer_entry()",

    /* A kiosk's pull: the district's sites, the referrals made to it not
     * yet filed there, the progress of those it made, ratings for it, and
     * the district copy (other sites' requests and bookings changed after
     * its cursor, at most 2000 a call).  One value: jsonb. */
    "CREATE FUNCTION district_ingest.inbox(p_site text, p_cursor bigint)\n"
    "RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER\n"
    "SET search_path = pg_catalog, pg_temp AS $f$\n"
    "DECLARE v_role name; v_copy jsonb; v_cur bigint; v_prog jsonb; v_pn integer; v_pmax bigint;\n"
    "BEGIN\n"
    "  SELECT role INTO v_role FROM district_data.sites WHERE code = p_site;\n"
    "  IF NOT FOUND THEN\n"
    "    RAISE EXCEPTION 'district: site % is not registered at the centre', p_site\n"
    "      USING ERRCODE = 'insufficient_privilege';\n"
    "  END IF;\n"
    "  IF v_role <> session_user THEN\n"
    "    RAISE EXCEPTION 'district: role % may not pull for site % (its role is %)',\n"
    "      session_user, p_site, v_role USING ERRCODE = 'insufficient_privilege';\n"
    "  END IF;\n"
    "  p_cursor := coalesce(p_cursor, 0);\n"
    "  SELECT coalesce(jsonb_agg(c.j ORDER BY c.chg), '[]'::jsonb), max(c.chg)\n"
    "    INTO v_copy, v_cur FROM (\n"
    "    (SELECT r.chg, jsonb_build_object('kind', 'request', 'site', r.site, 'id', r.id,\n"
    "      'ticket_id', (SELECT t.id FROM district_data.tickets t WHERE t.site = r.site\n"
    "        AND t.request_id = r.id ORDER BY t.id LIMIT 1),\n"
    "      'number', coalesce((SELECT t.number FROM district_data.tickets t WHERE t.site = r.site\n"
    "        AND t.request_id = r.id ORDER BY t.id LIMIT 1), ''), 'status', r.status,\n"
    "      'category', r.category, 'rating', r.rating, 'created_at', r.created_at,\n"
    "      'updated_at', r.updated_at, 'resolved_at', r.resolved_at) AS j\n"
    "     FROM district_data.requests r WHERE r.chg > p_cursor AND r.site <> p_site\n"
    "     ORDER BY r.chg LIMIT 2000)\n"
    "    UNION ALL\n"
    "    (SELECT b.chg, jsonb_build_object('kind', 'booking', 'site', b.site, 'id', b.id,\n"
    "      'ticket_id', (SELECT t.id FROM district_data.tickets t WHERE t.site = b.site\n"
    "        AND t.booking_id = b.id ORDER BY t.id LIMIT 1),\n"
    "      'number', coalesce((SELECT t.number FROM district_data.tickets t WHERE t.site = b.site\n"
    "        AND t.booking_id = b.id ORDER BY t.id LIMIT 1), ''), 'status', b.status,\n"
    "      'service', b.service, 'day', b.day, 'slot', b.slot, 'created_at', b.created_at,\n"
    "      'updated_at', b.updated_at)\n"
    "     FROM district_data.bookings b WHERE b.chg > p_cursor AND b.site <> p_site\n"
    "     ORDER BY b.chg LIMIT 2000)\n"
    "    ORDER BY 1 LIMIT 2000) c;\n"
    "  SELECT coalesce(jsonb_agg(p.j ORDER BY p.chg), '[]'::jsonb), count(*), max(p.chg)\n"
    "    INTO v_prog, v_pn, v_pmax FROM (\n"
    "    SELECT r.chg, jsonb_build_object('from_id', f.from_id, 'to_site', f.to_site,\n"
    "      'to_id', f.to_id, 'status', r.status, 'updated_at', r.updated_at,\n"
    "      'resolved_at', r.resolved_at, 'answered_by', r.answered_by,\n"
    "      'resolved_by', r.resolved_by, 'rating', r.rating) AS j\n"
    "    FROM district_data.referrals f JOIN district_data.requests r\n"
    "      ON r.site = f.to_site AND r.id = f.to_id\n"
    "    WHERE f.from_site = p_site AND r.chg > p_cursor ORDER BY r.chg LIMIT 200) p;\n"
    "  v_cur := coalesce(v_cur, p_cursor);\n"
    "  IF v_pn = 200 THEN v_cur := least(v_cur, v_pmax); END IF;\n"
    "  RETURN jsonb_build_object('cursor', v_cur,\n"
    "    'sites', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', s.code, 'name', s.name)\n"
    "      ORDER BY s.code), '[]'::jsonb) FROM district_data.sites s),\n"
    "    'referrals', (SELECT coalesce(jsonb_agg(jsonb_build_object('from_site', f.from_site,\n"
    "      'from_id', f.from_id, 'note', f.note, 'by', f.by, 'at', f.at, 'p', f.personal)\n"
    "      ORDER BY f.at), '[]'::jsonb) FROM (SELECT * FROM district_data.referrals\n"
    "      WHERE to_site = p_site AND to_id IS NULL AND personal IS NOT NULL\n"
    "      ORDER BY at LIMIT 100) f),\n"
    "    'progress', v_prog,\n"
    "    'ratings', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'rating', g.rating,\n"
    "      'by_site', g.by_site, 'at', g.at)), '[]'::jsonb) FROM (SELECT g.* FROM\n"
    "      district_data.ratings g JOIN district_data.requests r ON r.site = g.site AND r.id = g.id\n"
    "      WHERE g.site = p_site AND r.status = 'resolved' AND r.rating = '' LIMIT 100) g),\n"
    "    'copy', v_copy);\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_ingest.inbox(text, bigint) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION district_ingest.inbox(text, bigint) TO district_ingest",
};
/* Version 4: configuration bundles (centre_bundle.c).  The centre's
 * Ed25519 key pair is made by init (centre_bundle_key_ensure) into a table
 * only its owner reads; each bundle is kept with its signature; the sites
 * report what they applied and what they refused (entries of kinds
 * bundle_applied and bundle_refused, applied by a trigger on the raw
 * log), and pull the newest bundle with district_ingest.bundle. */
static const char *const migration_4[] = {
    "CREATE TABLE district_data.centre_key (\n"
    "  id integer PRIMARY KEY CHECK (id = 1),\n"
    "  public_key text NOT NULL,\n"
    "  secret_key text NOT NULL,\n"
    "  created_at timestamptz NOT NULL DEFAULT now())",
    "REVOKE ALL ON TABLE district_data.centre_key FROM PUBLIC",
    "CREATE TABLE district_data.bundles (\n"
    "  version bigint PRIMARY KEY CHECK (version > 0),\n"
    "  body text NOT NULL,\n"
    "  sig text NOT NULL,\n"
    "  key text NOT NULL,\n"
    "  published_at timestamptz NOT NULL DEFAULT now(),\n"
    "  published_by name NOT NULL DEFAULT session_user)",
    "ALTER TABLE district_data.sites ADD COLUMN bundle_version bigint,\n"
    "  ADD COLUMN bundle_applied_at timestamptz, ADD COLUMN bundle_refused_version bigint,\n"
    "  ADD COLUMN bundle_refused_reason text, ADD COLUMN bundle_refused_at timestamptz",
    "CREATE FUNCTION district_data.bundle_report() RETURNS trigger\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "BEGIN\n"
    "  IF NEW.body->>'kind' = 'bundle_applied' THEN\n"
    "    UPDATE district_data.sites SET bundle_version = (NEW.body->>'version')::bigint,\n"
    "      bundle_applied_at = to_timestamp(coalesce((NEW.body->>'ts')::bigint, NEW.at))\n"
    "    WHERE code = NEW.site;\n"
    "  ELSE\n"
    "    UPDATE district_data.sites SET\n"
    "      bundle_refused_version = (NEW.body->>'version')::bigint,\n"
    "      bundle_refused_reason = left(coalesce(NEW.body->>'reason', ''), 200),\n"
    "      bundle_refused_at = to_timestamp(coalesce((NEW.body->>'ts')::bigint, NEW.at))\n"
    "    WHERE code = NEW.site;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_data.bundle_report() FROM PUBLIC",
    "CREATE TRIGGER bundle_report AFTER INSERT ON district_data.entries FOR EACH ROW\n"
    "  WHEN ((NEW.body->>'kind') IN ('bundle_applied', 'bundle_refused'))\n"
    "  EXECUTE FUNCTION district_data.bundle_report()",
    /* The newest bundle for a site that has p_have applied: NULL when it is
     * that one, else "VERSION\nKEY\nSIG\nBODY" (pull_bundle.c). */
    "CREATE FUNCTION district_ingest.bundle(p_site text, p_have bigint) RETURNS text\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "DECLARE v_role name; b record;\n"
    "BEGIN\n"
    "  SELECT role INTO v_role FROM district_data.sites WHERE code = p_site;\n"
    "  IF NOT FOUND OR v_role <> session_user THEN\n"
    "    RAISE EXCEPTION 'district: role % may not pull for site %', session_user, p_site\n"
    "      USING ERRCODE = 'insufficient_privilege';\n"
    "  END IF;\n"
    "  SELECT version, key, sig, body INTO b FROM district_data.bundles\n"
    "    ORDER BY version DESC LIMIT 1;\n"
    "  IF NOT FOUND OR b.version = p_have THEN\n"
    "    RETURN NULL;\n"
    "  END IF;\n"
    "  RETURN b.version || E'\\n' || b.key || E'\\n' || b.sig || E'\\n' || b.body;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_ingest.bundle(text, bigint) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION district_ingest.bundle(text, bigint) TO district_ingest",
};

/* Migration 5: volunteers' hours at the district (issue 21).  Sites send
 * entries of kind "volunteer" (id, status, skills: never a name, phone or
 * building) and "volunteer_hours" (one ledger entry: id, volunteer, entry
 * duty|adjust|spent, minutes, points, at); a trigger on the raw log keeps a
 * copy of each, and the views district.volunteers, district.volunteer_hours
 * and district.volunteer_totals (per site and volunteer) are for analysts.
 * Entries that arrived before this migration are applied once here.  A
 * volunteer is (site, id): hours stay with the site that counted them. */
static const char *const migration_5[] = {
    "CREATE TABLE district_data.volunteers (\n"
    "  site text NOT NULL,\n"
    "  id bigint NOT NULL,\n"
    "  status text NOT NULL,\n"
    "  skills jsonb NOT NULL DEFAULT '[]',\n"
    "  applied_at bigint,\n"
    "  updated_at bigint,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.volunteer_hours (\n"
    "  site text NOT NULL,\n"
    "  id bigint NOT NULL,\n"
    "  volunteer bigint NOT NULL,\n"
    "  entry text NOT NULL,\n"
    "  minutes integer NOT NULL,\n"
    "  points integer NOT NULL DEFAULT 0,\n"
    "  at bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE INDEX volunteer_hours_by_at ON district_data.volunteer_hours (at)",
    "CREATE FUNCTION district_data.volunteer_apply() RETURNS trigger\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "BEGIN\n"
    "  IF NEW.body->>'kind' = 'volunteer' THEN\n"
    "    INSERT INTO district_data.volunteers AS v (site, id, status, skills, applied_at,\n"
    "      updated_at)\n"
    "    VALUES (NEW.site, (NEW.body->>'id')::bigint, left(NEW.body->>'status', 12),\n"
    "      coalesce(NEW.body->'skills', '[]'::jsonb), (NEW.body->>'applied_at')::bigint,\n"
    "      coalesce((NEW.body->>'ts')::bigint, NEW.at))\n"
    "    ON CONFLICT (site, id) DO UPDATE SET status = EXCLUDED.status,\n"
    "      skills = EXCLUDED.skills, updated_at = EXCLUDED.updated_at\n"
    "      WHERE v.updated_at IS NULL OR EXCLUDED.updated_at >= v.updated_at;\n"
    "  ELSE\n"
    "    INSERT INTO district_data.volunteer_hours (site, id, volunteer, entry, minutes,\n"
    "      points, at)\n"
    "    VALUES (NEW.site, (NEW.body->>'id')::bigint, (NEW.body->>'volunteer')::bigint,\n"
    "      left(NEW.body->>'entry', 8), (NEW.body->>'minutes')::integer,\n"
    "      coalesce((NEW.body->>'points')::integer, 0),\n"
    "      coalesce((NEW.body->>'at')::bigint, NEW.at))\n"
    "    ON CONFLICT (site, id) DO NOTHING;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_data.volunteer_apply() FROM PUBLIC",
    "CREATE TRIGGER volunteer_apply AFTER INSERT ON district_data.entries FOR EACH ROW\n"
    "  WHEN ((NEW.body->>'kind') IN ('volunteer', 'volunteer_hours'))\n"
    "  EXECUTE FUNCTION district_data.volunteer_apply()",
    /* what came before the migration, in the order it came */
    "INSERT INTO district_data.volunteer_hours (site, id, volunteer, entry, minutes, points, at)\n"
    "  SELECT site, (body->>'id')::bigint, (body->>'volunteer')::bigint,\n"
    "    left(body->>'entry', 8), (body->>'minutes')::integer,\n"
    "    coalesce((body->>'points')::integer, 0), coalesce((body->>'at')::bigint, at)\n"
    "  FROM district_data.entries WHERE body->>'kind' = 'volunteer_hours'\n"
    "  ON CONFLICT (site, id) DO NOTHING",
    "INSERT INTO district_data.volunteers (site, id, status, skills, applied_at, updated_at)\n"
    "  SELECT DISTINCT ON (site, (body->>'id')::bigint) site, (body->>'id')::bigint,\n"
    "    left(body->>'status', 12), coalesce(body->'skills', '[]'::jsonb),\n"
    "    (body->>'applied_at')::bigint, coalesce((body->>'ts')::bigint, at)\n"
    "  FROM district_data.entries WHERE body->>'kind' = 'volunteer'\n"
    "  ORDER BY site, (body->>'id')::bigint, coalesce((body->>'ts')::bigint, at) DESC, seq DESC",
    "CREATE VIEW district.volunteers AS SELECT site, id, status, skills,\n"
    "  to_timestamp(applied_at) AS applied_at, to_timestamp(updated_at) AS updated_at\n"
    "  FROM district_data.volunteers",
    "CREATE VIEW district.volunteer_hours AS SELECT site, id, volunteer, entry, minutes,\n"
    "  points, to_timestamp(at) AS at FROM district_data.volunteer_hours",
    /* given: duty and staff entries; balance: less the help received */
    "CREATE VIEW district.volunteer_totals AS SELECT site, volunteer,\n"
    "  coalesce(sum(minutes) FILTER (WHERE entry <> 'spent'), 0) AS given_minutes,\n"
    "  sum(minutes) AS balance_minutes, sum(points) AS points, count(*) AS entries\n"
    "  FROM district_data.volunteer_hours GROUP BY site, volunteer",
    "GRANT SELECT ON district.volunteers, district.volunteer_hours, district.volunteer_totals\n"
    "  TO district_reader",
};

/* Migration 6: needs, resources and projects at the district (issue 22).
 * The kiosks' need, resource, project, project_resource and
 * project_request entries (schema 13; codes, counts, days and states only:
 * no title, name, contact or phone) are applied by a trigger on the raw
 * log into one table each, a row never moved backwards (ts); the figures
 * per site and month are the view district.project_months, the projects
 * (running now, overdue) district.projects. */
static const char *const migration_6[] = {
    "CREATE TABLE district_data.needs (\n"
    "  site text NOT NULL, id bigint NOT NULL, category text NOT NULL DEFAULT '',\n"
    "  community text NOT NULL DEFAULT '', issue text NOT NULL DEFAULT '',\n"
    "  created_at timestamptz NOT NULL, ts bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.resources (\n"
    "  site text NOT NULL, id bigint NOT NULL, kind text NOT NULL DEFAULT '',\n"
    "  capacity integer NOT NULL DEFAULT 0, offers jsonb NOT NULL DEFAULT '[]',\n"
    "  created_at timestamptz NOT NULL, ts bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.projects (\n"
    "  site text NOT NULL, id bigint NOT NULL, state text NOT NULL,\n"
    "  start_day date, due_day date, created_at timestamptz NOT NULL,\n"
    "  closed_at timestamptz, resources integer NOT NULL DEFAULT 0, ts bigint NOT NULL,\n"
    "  PRIMARY KEY (site, id))",
    "CREATE TABLE district_data.project_resources (\n"
    "  site text NOT NULL, project_id bigint NOT NULL, resource_id bigint NOT NULL,\n"
    "  places integer NOT NULL DEFAULT 1, at timestamptz NOT NULL,\n"
    "  PRIMARY KEY (site, project_id, resource_id))",
    "CREATE TABLE district_data.project_requests (\n"
    "  site text NOT NULL, request_id bigint NOT NULL, project_id bigint NOT NULL,\n"
    "  at timestamptz NOT NULL, ts bigint NOT NULL,\n"
    "  PRIMARY KEY (site, request_id))",
    "CREATE FUNCTION district_data.apply_project() RETURNS trigger\n"
    "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$\n"
    "DECLARE b jsonb := NEW.body; k text := NEW.body->>'kind';\n"
    "  v_ts bigint := coalesce((NEW.body->>'ts')::bigint, NEW.at);\n"
    "BEGIN\n"
    "  IF k = 'need' THEN\n"
    "    INSERT INTO district_data.needs AS x (site, id, category, community, issue,\n"
    "      created_at, ts) VALUES (NEW.site, (b->>'id')::bigint,\n"
    "      left(coalesce(b->>'category', ''), 23), left(coalesce(b->>'community', ''), 31),\n"
    "      left(coalesce(b->>'issue', ''), 23),\n"
    "      to_timestamp(coalesce((b->>'created_at')::bigint, v_ts)), v_ts)\n"
    "    ON CONFLICT (site, id) DO UPDATE SET category = excluded.category,\n"
    "      community = excluded.community, issue = excluded.issue, ts = excluded.ts\n"
    "      WHERE x.ts <= excluded.ts;\n"
    "  ELSIF k = 'resource' THEN\n"
    "    INSERT INTO district_data.resources AS x (site, id, kind, capacity, offers,\n"
    "      created_at, ts) VALUES (NEW.site, (b->>'id')::bigint,\n"
    "      left(coalesce(b->>'resource_kind', ''), 12), coalesce((b->>'capacity')::integer, 0),\n"
    "      CASE WHEN jsonb_typeof(b->'offers') = 'array' THEN b->'offers' ELSE '[]' END,\n"
    "      to_timestamp(coalesce((b->>'created_at')::bigint, v_ts)), v_ts)\n"
    "    ON CONFLICT (site, id) DO UPDATE SET kind = excluded.kind,\n"
    "      capacity = excluded.capacity, offers = excluded.offers, ts = excluded.ts\n"
    "      WHERE x.ts <= excluded.ts;\n"
    "  ELSIF k = 'project' THEN\n"
    "    INSERT INTO district_data.projects AS x (site, id, state, start_day, due_day,\n"
    "      created_at, closed_at, resources, ts) VALUES (NEW.site, (b->>'id')::bigint,\n"
    "      left(coalesce(b->>'state', ''), 12), (b->>'start_day')::date, (b->>'due_day')::date,\n"
    "      to_timestamp(coalesce((b->>'created_at')::bigint, v_ts)),\n"
    "      to_timestamp((b->>'closed_at')::bigint), coalesce((b->>'resources')::integer, 0),\n"
    "      v_ts)\n"
    "    ON CONFLICT (site, id) DO UPDATE SET state = excluded.state,\n"
    "      start_day = excluded.start_day, due_day = excluded.due_day,\n"
    "      closed_at = excluded.closed_at, resources = excluded.resources, ts = excluded.ts\n"
    "      WHERE x.ts <= excluded.ts;\n"
    "  ELSIF k = 'project_resource' THEN\n"
    "    INSERT INTO district_data.project_resources (site, project_id, resource_id, places,\n"
    "      at) VALUES (NEW.site, (b->>'project_id')::bigint, (b->>'resource_id')::bigint,\n"
    "      coalesce((b->>'places')::integer, 1), to_timestamp(v_ts))\n"
    "    ON CONFLICT DO NOTHING;\n"
    "  ELSIF k = 'project_request' THEN\n"
    "    INSERT INTO district_data.project_requests AS x (site, request_id, project_id, at,\n"
    "      ts) VALUES (NEW.site, (b->>'request_id')::bigint, (b->>'project_id')::bigint,\n"
    "      to_timestamp(v_ts), v_ts)\n"
    "    ON CONFLICT (site, request_id) DO UPDATE SET project_id = excluded.project_id,\n"
    "      at = excluded.at, ts = excluded.ts WHERE x.ts <= excluded.ts;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $f$",
    "REVOKE ALL ON FUNCTION district_data.apply_project() FROM PUBLIC",
    "CREATE TRIGGER entries_project AFTER INSERT ON district_data.entries FOR EACH ROW\n"
    "  WHEN ((NEW.body->>'kind') IN ('need', 'resource', 'project', 'project_resource',\n"
    "    'project_request'))\n"
    "  EXECUTE FUNCTION district_data.apply_project()",
    /* the figures per site and month, in the centre's time zone */
    "CREATE VIEW district.project_months AS\n"
    "SELECT site, to_char(m, 'YYYY-MM') AS month, sum(needs)::integer AS needs_recognised,\n"
    "  sum(linked)::integer AS resources_linked, sum(started)::integer AS projects_started,\n"
    "  sum(finished)::integer AS projects_finished, sum(served)::integer AS requests_served\n"
    "FROM (SELECT site, date_trunc('month', created_at) m, 1 needs, 0 linked, 0 started,\n"
    "        0 finished, 0 served FROM district_data.needs\n"
    "  UNION ALL SELECT site, date_trunc('month', at), 0, 1, 0, 0, 0\n"
    "    FROM district_data.project_resources\n"
    "  UNION ALL SELECT site, date_trunc('month', created_at), 0, 0, 1, 0, 0\n"
    "    FROM district_data.projects WHERE state <> 'cancelled'\n"
    "  UNION ALL SELECT site, date_trunc('month', closed_at), 0, 0, 0, 1, 0\n"
    "    FROM district_data.projects WHERE state = 'finished' AND closed_at IS NOT NULL\n"
    "  UNION ALL SELECT site, date_trunc('month', at), 0, 0, 0, 0, 1\n"
    "    FROM district_data.project_requests) f\n"
    "GROUP BY site, m",
    "CREATE VIEW district.projects AS SELECT site, id, state, start_day, due_day,\n"
    "  created_at, closed_at, resources,\n"
    "  (state IN ('planned', 'running') AND due_day < current_date) AS overdue,\n"
    "  (SELECT count(*) FROM district_data.project_requests q\n"
    "    WHERE q.site = p.site AND q.project_id = p.id)::integer AS requests\n"
    "FROM district_data.projects p",
    "GRANT SELECT ON district.project_months, district.projects TO district_reader",
};
/* clang-format on */

const CentreMigration centre_migrations[] = {
    {1, migration_1, sizeof migration_1 / sizeof migration_1[0]},
    {2, migration_2, sizeof migration_2 / sizeof migration_2[0]},
    {3, migration_3, sizeof migration_3 / sizeof migration_3[0]},
    {4, migration_4, sizeof migration_4 / sizeof migration_4[0]},
    {5, migration_5, sizeof migration_5 / sizeof migration_5[0]},
    {6, migration_6, sizeof migration_6 / sizeof migration_6[0]},
};
const int centre_migration_count = sizeof centre_migrations / sizeof centre_migrations[0];
