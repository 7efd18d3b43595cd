#!/usr/bin/env bash
# e2e_district_centre.sh KIOSK SRC - the district centre on a real
# PostgreSQL 15 (tests/pg_cluster.sh, one start): `kiosk admin district
# init` twice (idempotent, versioned, a newer centre refused), three sites
# added, batches sent by hand through district_ingest.ingest as each site's
# own role (accepted, duplicates counted, a reused (site, epoch, seq) refused
# with 23505 and the whole batch rolled back, another site's code refused,
# late and old entries never moving a row backwards, two epochs), what a
# site's role may not do, the views unique on (site, id), the figures and
# the needs list against numbers worked out by hand, and the exit statuses
# of an unreachable centre and of bad usage.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/pg_cluster.sh"

chmod 755 "$OUT" # the postgres user works in $OUT/pg
PGD=$OUT/pg
pg_start "$PGD" > /dev/null || { bad "PostgreSQL 15 does not start"; finish; exit 1; }
trap 'pg_stop "$PGD"' EXIT
PORT=$(cat "$PGD/port")
C=$(cat "$PGD/conninfo")
admin() { "$KIOSK" admin --db "$OUT/none.db" "$@"; }
sql() { psql -X -At -v ON_ERROR_STOP=1 "$C" -c "$1"; }
# ingest ROLE SITE BATCH [INFO]: district_ingest.ingest as the role; the
# answer (or the error, with its SQLSTATE) in $OUT/ing.out, exit as psql's.
ingest() { # (the batch through a file: an argument is at most 128 kB)
    printf '%s' "$3" > "$OUT/batch.json"
    printf '%s\n' '\set VERBOSITY verbose' "\\set batch \`cat '$OUT/batch.json'\`" \
        "SELECT district_ingest.ingest(:'site', :'batch', :'info');" |
        psql -X -At -v ON_ERROR_STOP=1 -v "site=$2" -v "info=${4:-{\}}" \
            "host=$PGD/sock port=$PORT dbname=postgres user=$1" > "$OUT/ing.out" 2>&1
}
as_role() { # as_role ROLE SQL: the statement as that role; exit as psql's
    psql -X -At -v ON_ERROR_STOP=1 "host=$PGD/sock port=$PORT dbname=postgres user=$1" \
        -c "$2" > "$OUT/role.out" 2>&1
}
jq_() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
t() { date -d "$1" +%s; } # local time (TZ) to unix seconds
uid() { printf '%032x' "$1"; }
# e EPOCH SEQ UIDNUM AT BODY: one outbox entry
e() { printf '{"epoch":%s,"seq":%s,"uid":"%s","at":%s,"body":%s}' "$1" "$2" "$(uid "$3")" "$4" "$5"; }
# req ID TS STATUS CATEGORY BUILDING CREATED DUE ANSWERED RESOLVED RATING URGENCY FLAGS
req() {
    printf '{"v":1,"kind":"request","ts":%s,"id":%s,"category":"%s","issue":"leak","urgency":%s,' \
        "$2" "$1" "$4" "${11}"
    printf '"flags":%s,"status":"%s","building":"%s","assignee":"","rating":"%s",' \
        "${12}" "$3" "$5" "${10}"
    printf '"created_at":%s,"due_at":%s,"updated_at":%s,"answered_at":%s,"resolved_at":%s,' \
        "$6" "$7" "$2" "$8" "$9"
    printf '"answered_by":"w1","resolved_by":"w1"}'
}
# bk ID TS SERVICE DAY STATUS
bk() {
    printf '{"v":1,"kind":"booking","ts":%s,"id":%s,"service":"%s","day":"%s","slot":540,' \
        "$2" "$1" "$3" "$4"
    printf '"starts_at":%s,"ends_at":%s,"status":"%s","created_at":%s,"updated_at":%s}' \
        "$2" "$2" "$5" "$2" "$2"
}
# wk ID DAY CREATED CALLED (null when not called)
wk() {
    local ts=$3 st=waiting
    [ "$4" != null ] && ts=$4 && st=called
    printf '{"v":1,"kind":"walkin","ts":%s,"id":%s,"ticket_id":%s,"day":"%s","seq":%s,' \
        "$ts" "$1" "$1" "$2" "$1"
    printf '"number":"Q%03d","status":"%s","counter":1,"created_at":%s,"called_at":%s,' \
        "$1" "$st" "$3" "$4"
    printf '"called_by":"w1","skipped":0}'
}

# ---- init, twice; a centre newer than the program ----
admin --json district --pg "$C" init > "$OUT/init1.json" 2> "$OUT/init1.err"
check "init: exit 0" test $? -eq 0
LATEST=$(grep -c '^    {[0-9]*, migration_' "$SRC/app/district/centre_schema.c")
check "init: from version 0 to $LATEST" \
    test "$(jq_ "$OUT/init1.json" 'd["from"], d["to"]')" = "(0, $LATEST)"
admin --json district --pg "$C" init > "$OUT/init2.json" 2> "$OUT/init2.err"
check "init again: exit 0, nothing to do" \
    test $? -eq 0 -a "$(jq_ "$OUT/init2.json" 'd["from"], d["to"]')" = "($LATEST, $LATEST)"
check "init again: no notices on stderr" test ! -s "$OUT/init2.err"
check "the version is recorded in district_data.meta" \
    test "$(sql "SELECT value FROM district_data.meta WHERE key = 'schema'")" = "$LATEST"
sql "UPDATE district_data.meta SET value = '99' WHERE key = 'schema'"
admin district --pg "$C" init > /dev/null 2> "$OUT/newer.err"
check "init: a centre newer than the program is refused (exit 1)" test $? -eq 1
check "init: ... saying so" grep -q "newer than this program" "$OUT/newer.err"
admin district --pg "$C" sites > /dev/null 2> "$OUT/newer2.err"
check "sites: a newer centre is refused too (exit 1)" test $? -eq 1
sql "UPDATE district_data.meta SET value = '$LATEST' WHERE key = 'schema'"

# ---- sites ----
for s in A:site_a B:site_b C:site_c; do
    admin district --pg "$C" sites add "${s%%:*}" --role "${s#*:}" --name "站 ${s%%:*}" > /dev/null
    check "sites add ${s%%:*}: exit 0" test $? -eq 0
done
admin --json district --pg "$C" sites add A --role site_a > "$OUT/again.json"
check "sites add again with the same role: exit 0, the role not made again" \
    test $? -eq 0 -a "$(jq_ "$OUT/again.json" 'd["role_created"]')" = False
admin district --pg "$C" sites add D --role site_a 2> "$OUT/taken.err"
check "sites add with another site's role: exit 1" test $? -eq 1
check "... naming the site that has it" grep -q "site A has role site_a" "$OUT/taken.err"
admin district --pg "$C" sites add D 2> /dev/null
check "sites add without --role: exit 2" test $? -eq 2
admin district --pg "$C" sites add "D;drop" --role x 2> /dev/null
check "sites add with a bad code: exit 2" test $? -eq 2
admin district --pg "$C" sites add D --role "Robert'); drop" 2> /dev/null
check "sites add with a bad role name: exit 2" test $? -eq 2
check "the site roles are members of district_ingest" test "$(sql "SELECT count(*) FROM pg_auth_members m
    JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
    WHERE g.rolname = 'district_ingest' AND r.rolname IN ('site_a', 'site_b', 'site_c')")" = 3
check "district_ingest has the idle-in-transaction and statement timeouts" \
    test "$(sql "SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
    WHERE r.rolname = 'district_ingest' AND array_to_string(s.setconfig, ',') LIKE
    '%idle_in_transaction_session_timeout=60s%statement_timeout=120s%'")" = 1
check "each site role has the idle-in-transaction and statement timeouts" \
    test "$(sql "SELECT count(*) FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
    WHERE r.rolname = 'site_a' AND array_to_string(s.setconfig, ',') LIKE
    '%idle_in_transaction_session_timeout=60s%statement_timeout=120s%'")" = 1

# ---- ingest: site A, epoch 111 ----
EA=111
D2=$(t "2026-03-02 09:00") D5=$(t "2026-03-05 09:00") D6=$(t "2026-03-06 09:00")
F28=$(t "2026-02-28 09:00")
BATCH_A="[$(e $EA 1 1 "$D2" "$(req 1 $((D2 + 18000)) closed repair B1 "$D2" $((D2 + 86400)) \
    $((D2 + 3600)) $((D2 + 18000)) satisfied 0 0)"),
$(e $EA 2 2 "$D5" "$(req 2 $((D5 + 10800)) in_progress repair B1 "$D5" $((D5 + 7200)) \
    $((D5 + 10800)) null "" 1 1)"),
$(e $EA 3 3 "$D6" "$(req 3 "$D6" submitted care B1 "$D6" $((D6 + 86400)) null null "" 0 4)"),
$(e $EA 4 4 "$F28" "$(req 4 "$F28" submitted repair B2 "$F28" $((F28 + 86400)) null null "" 0 0)"),
$(e $EA 5 5 "$D6" "$(bk 1 "$(t "2026-03-10 09:00")" doctor 2026-03-10 completed)"),
$(e $EA 6 6 "$D6" "$(bk 2 "$(t "2026-03-10 09:00")" doctor 2026-03-10 no_show)"),
$(e $EA 7 7 "$D6" "$(bk 3 "$(t "2026-03-10 09:00")" doctor 2026-03-10 cancelled)"),
$(e $EA 8 8 "$D6" "$(bk 4 "$(t "2026-04-01 09:00")" doctor 2026-04-01 booked)"),
$(e $EA 9 9 "$D6" "$(wk 1 2026-03-10 "$(t "2026-03-10 09:00")" "$(t "2026-03-10 09:10")")"),
$(e $EA 10 10 "$D6" "$(wk 2 2026-03-10 "$(t "2026-03-10 09:05")" "$(t "2026-03-10 09:35")")"),
$(e $EA 11 11 "$D6" "$(wk 3 2026-03-10 "$(t "2026-03-10 09:06")" null)"),
$(e $EA 12 12 "$D6" '{"v":1,"kind":"service","ts":1,"code":"doctor","letter":"D","zh":"看病","en":"Doctor","days":"mon-fri","lead_hours":2,"horizon_days":14,"escort":1,"active":1}'),
$(e $EA 13 13 "$D6" '{"v":1,"kind":"ticket","ts":1,"id":1,"kind_letter":"W","day":"2026-03-10","number":"Q001","request_id":null,"booking_id":null,"created_at":1}')]"
ingest site_a A "$BATCH_A" '{"version":"0.4.0","pending":20,"epoch":111,"seq":13}'
check "ingest: a batch of 13 accepted" grep -qx '{"accepted": 13, "duplicates": 0}' "$OUT/ing.out"
ingest site_a A "$BATCH_A" '{"version":"0.4.0","pending":13,"epoch":111,"seq":13}'
check "ingest: the same batch again, 13 duplicates" \
    grep -qx '{"accepted": 0, "duplicates": 13}' "$OUT/ing.out"
check "the raw log holds each entry once" \
    test "$(sql "SELECT count(*) FROM district_data.entries WHERE site = 'A'")" = 13

# a reused (site, epoch, seq) with other content: refused loudly, all of it
CONFLICT="[$(e $EA 14 14 "$D6" "$(wk 4 2026-03-11 "$D6" null)"),
$(e $EA 2 99 "$D5" "$(req 2 $((D5 + 99999)) resolved repair B1 "$D5" $((D5 + 7200)) \
    $((D5 + 10800)) $((D5 + 99999)) "" 1 1)")]"
ingest site_a A "$CONFLICT"
check "a reused (site, epoch, seq): refused" test $? -ne 0
check "... with SQLSTATE 23505" grep -q "23505" "$OUT/ing.out"
check "... naming site, epoch and seq" grep -q "site A, epoch 111, seq 2" "$OUT/ing.out"
check "... and kiosk admin sync new-epoch" grep -q "sync new-epoch" "$OUT/ing.out"
check "... the whole batch rolled back (seq 14 is not there)" \
    test "$(sql "SELECT count(*) FROM district_data.entries WHERE site = 'A' AND seq = 14")" = 0
check "... and the row is as it was" \
    test "$(sql "SELECT status FROM district_data.requests WHERE site = 'A' AND id = 2")" = in_progress
# the same uid with other content, at a new seq
ingest site_a A "[$(e $EA 15 1 "$D2" "$(wk 5 2026-03-11 "$D6" null)")]"
check "a reused uid with other content: refused with 23505" grep -q "23505" "$OUT/ing.out"

# another site's code
ingest site_b A "[$(e 222 1 500 "$D2" "$(wk 1 2026-03-11 "$D6" null)")]"
check "a role sending for another site: refused" test $? -ne 0
check "... with SQLSTATE 42501" grep -q "42501" "$OUT/ing.out"
ingest site_b Z "[]"
check "an unregistered site: refused with 42501" grep -q "42501" "$OUT/ing.out"
ingest site_b B '{"not":"an array"}'
check "a batch that is not an array: refused with 22023" grep -q "22023" "$OUT/ing.out"
ingest site_b B "[{\"epoch\":1,\"seq\":1,\"uid\":\"XYZ\",\"at\":1,\"body\":{}}]"
check "a malformed entry: refused with 22023" grep -q "22023" "$OUT/ing.out"

# ---- site B: one request, a booking, a walk-in ----
D3=$(t "2026-03-03 09:00")
ingest site_b B "[$(e 222 1 201 "$D3" "$(req 1 $((D3 + 7200)) resolved repair X1 "$D3" \
    $((D3 + 3600)) $((D3 + 1800)) $((D3 + 7200)) dissatisfied 0 2)"),
$(e 222 2 202 "$D3" "$(bk 1 "$(t "2026-03-15 10:00")" doctor 2026-03-15 booked)"),
$(e 222 3 203 "$D3" "$(wk 1 2026-03-12 "$(t "2026-03-12 10:00")" "$(t "2026-03-12 10:05")")")]" \
    '{"version":"0.4.1","pending":3}'
check "site B: accepted" grep -qx '{"accepted": 3, "duplicates": 0}' "$OUT/ing.out"

# ---- never backwards (site C, request 9, outside the month) ----
T0=$(t "2026-01-05 09:00")
r9() { req 9 "$1" "$2" care C1 "$T0" $((T0 + 86400)) null null "" 0 0; }
c_status() { sql "SELECT status FROM district_data.requests WHERE site = 'C' AND id = 9"; }
ingest site_c C "[$(e 333 1 301 "$T0" "$(r9 "$T0" submitted)"),
$(e 333 3 303 "$T0" "$(r9 $((T0 + 300)) closed)")]"
ingest site_c C "[$(e 333 2 302 "$T0" "$(r9 $((T0 + 200)) accepted)")]"
check "a late entry of the same epoch (lower seq) does not move the row back" \
    test "$(c_status)" = closed
ingest site_c C "[$(e 444 1 401 "$T0" "$(r9 $((T0 + 250)) assigned)")]"
check "an entry of a new epoch with an older ts does not move the row back" \
    test "$(c_status)" = closed
ingest site_c C "[$(e 444 2 402 "$T0" "$(r9 $((T0 + 400)) resolved)")]"
check "an entry of a new epoch with a later ts applies" test "$(c_status)" = resolved
ingest site_c C "[$(e 333 5 305 "$T0" "$(r9 $((T0 + 600)) closed)"),
$(e 444 3 403 "$T0" "$(r9 $((T0 + 600)) cancelled)")]"
check "the same ts: the epoch first seen later wins" test "$(c_status)" = cancelled
ingest site_c C "[$(e 333 6 306 "$T0" "$(r9 $((T0 + 600)) closed)")]"
check "... and the one first seen earlier does not, even sent later" test "$(c_status)" = cancelled
check "two epochs recorded for site C, the second seen later" \
    test "$(sql "SELECT string_agg(epoch::text, ',' ORDER BY ord) FROM district_data.epochs
    WHERE site = 'C'")" = "333,444"
check "the epochs' last seq and entries" \
    test "$(sql "SELECT string_agg(epoch || ':' || last_seq || ':' || entries, ',' ORDER BY ord)
    FROM district_data.epochs WHERE site = 'C'")" = "333:6:5,444:3:3"

# ---- what a site's role may not do ----
as_role site_a "SELECT count(*) FROM district_data.requests"
check "a site role cannot read district_data" test $? -ne 0
as_role site_a "INSERT INTO district_data.entries VALUES ('A', 111, 99, '$(uid 999)', 1, '{}')"
check "a site role cannot insert into district_data" test $? -ne 0
as_role site_a "SELECT count(*) FROM district.requests"
check "a site role cannot read the views" test $? -ne 0
as_role site_a "CREATE TABLE public.x (a int)"
check "a site role cannot create tables" test $? -ne 0
as_role site_a "SELECT district_data.add_site('E', 'site_e', '')"
check "a site role cannot register sites" test $? -ne 0
sql "CREATE ROLE analyst LOGIN IN ROLE district_reader"
as_role analyst "SELECT count(*) FROM district.requests"
check "district_reader reads the views" test "$(cat "$OUT/role.out")" = 6
as_role analyst "SELECT count(*) FROM district_data.requests"
check "district_reader cannot read district_data" test $? -ne 0
as_role analyst "SELECT district_ingest.ingest('A', '[]', '{}')"
check "district_reader cannot call ingest" test $? -ne 0

# ---- the views ----
for v in requests bookings walkins tickets; do
    check "district.$v is unique on (site, id)" test "$(sql "SELECT count(*) = count(DISTINCT (site, id))
        AND count(*) > 0 FROM district.$v")" = t
done
check "id 1 is at two sites in district.requests" \
    test "$(sql "SELECT count(*) FROM district.requests WHERE id = 1")" = 2
check "district.requests shows times as timestamptz" \
    test "$(sql "SELECT pg_typeof(created_at) FROM district.requests LIMIT 1")" = "timestamp with time zone"
check "district.requests has no personal columns" \
    test "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'district'
    AND table_name <> 'sites' AND column_name IN ('name', 'phone', 'unit', 'room', 'description')")" = 0

# ---- sites ----
admin --json district --pg "$C" sites > "$OUT/sites.json"
check "sites: exit 0" test $? -eq 0
check "sites: A's version, backlog, epochs and entries" \
    test "$(jq_ "$OUT/sites.json" '[(s["version"], s["backlog"], s["epochs"], s["entries"], s["duplicates"]) for s in d["sites"] if s["code"] == "A"][0]')" = "('0.4.0', 0, 1, 13, 13)"
check "sites: B's backlog (3 pending, 3 sent)" \
    test "$(jq_ "$OUT/sites.json" '[s["backlog"] for s in d["sites"] if s["code"] == "B"][0]')" = 0
check "sites: three, with their last contact" \
    test "$(jq_ "$OUT/sites.json" 'sum(1 for s in d["sites"] if s["last_contact"])')" = 3
admin district --pg "$C" sites > "$OUT/sites.txt"
check "sites (text): a line per site" test "$(grep -c "role site_" "$OUT/sites.txt")" = 3

# ---- the figures: March 2026 ----
admin --json district --pg "$C" stats --month 2026-03 > "$OUT/stats.json" 2> "$OUT/stats.err"
check "stats: exit 0" test $? -eq 0
cat > "$OUT/want.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["site"]: x for x in d["sites"]}
want = {
 "A": dict(requests=3, answered=2, on_time=1, overdue=1, on_time_percent=33, resolved=1,
           median_answer_s=3600, median_resolve_s=18000,
           ratings={"satisfied": 1, "basic": 0, "dissatisfied": 0},
           open={"submitted": 2, "accepted": 0, "assigned": 0, "in_progress": 1},
           bookings={"doctor": {"booked": 2, "checked_in": 1, "no_show": 1, "cancelled": 1}},
           walkins={"issued": 3, "called": 2, "median_wait_s": 600, "longest_wait_s": 1800}),
 "B": dict(requests=1, answered=1, on_time=1, overdue=0, on_time_percent=100, resolved=1,
           median_answer_s=1800, median_resolve_s=7200,
           ratings={"satisfied": 0, "basic": 0, "dissatisfied": 1},
           open={"submitted": 0, "accepted": 0, "assigned": 0, "in_progress": 0},
           bookings={"doctor": {"booked": 1, "checked_in": 0, "no_show": 0, "cancelled": 0}},
           walkins={"issued": 1, "called": 1, "median_wait_s": 300, "longest_wait_s": 300}),
 "C": dict(requests=0, answered=0, on_time_percent=-1, median_answer_s=-1, bookings={},
           walkins={"issued": 0, "called": 0, "median_wait_s": -1, "longest_wait_s": -1}),
 None: dict(requests=4, answered=3, on_time=2, overdue=1, on_time_percent=50, resolved=2,
           median_answer_s=3600, median_resolve_s=7200,
           ratings={"satisfied": 1, "basic": 0, "dissatisfied": 1},
           open={"submitted": 2, "accepted": 0, "assigned": 0, "in_progress": 1},
           bookings={"doctor": {"booked": 3, "checked_in": 1, "no_show": 1, "cancelled": 1}},
           walkins={"issued": 4, "called": 3, "median_wait_s": 600, "longest_wait_s": 1800}),
}
fails = 0
for site, w in want.items():
    got = d["district"] if site is None else s[site]
    for k, v in w.items():
        if got.get(k) != v:
            print("%s %s: %r, want %r" % (site or "district", k, got.get(k), v)); fails += 1
if s["A"]["categories"].get("repair") != 2 or s["A"]["categories"].get("care") != 1:
    print("A categories", s["A"]["categories"]); fails += 1
if d["district"]["categories"].get("repair") != 3:
    print("district categories", d["district"]["categories"]); fails += 1
# the district's counts are the sum of the sites'
for k in ("requests", "answered", "on_time", "overdue", "resolved"):
    if d["district"][k] != sum(x[k] for x in d["sites"]):
        print("district %s is not the sum of the sites'" % k); fails += 1
if (d["from"], d["to"]) != ("2026-03-01", "2026-03-31"):
    print("period", d["from"], d["to"]); fails += 1
sys.exit(1 if fails else 0)
PY
check "stats: the figures per site and for the district are the ones worked out by hand" \
    python3 "$OUT/want.py" "$OUT/stats.json"
admin district --pg "$C" stats --month 2026-03 > "$OUT/stats.txt"
check "stats (text): a block per site and the district" \
    test "$(grep -cE "^(A|B|C|district).*requests" "$OUT/stats.txt")" = 4
admin --json district --pg "$C" stats --from 2026-03-02 --to 2026-03-02 > "$OUT/day.json"
check "stats --from --to: one day, one request" \
    test "$(jq_ "$OUT/day.json" 'd["district"]["requests"]')" = 1
admin --json district --pg "$C" stats --period today > /dev/null
check "stats --period today: exit 0" test $? -eq 0

# ---- the needs list ----
admin --json district --pg "$C" needs > "$OUT/needs.json"
check "needs: exit 0" test $? -eq 0
check "needs: open requests by site, building and category" \
    test "$(jq_ "$OUT/needs.json" '[(n["site"], n["building"], n["category"], n["open"], n["urgent"], n["aged80"], n["alone"]) for n in d["needs"]]')" = \
    "[('A', 'B1', 'care', 1, 0, 0, 1), ('A', 'B1', 'repair', 1, 1, 1, 0), ('A', 'B2', 'repair', 1, 0, 0, 0)]"
check "needs: the district's totals by category" \
    test "$(jq_ "$OUT/needs.json" '[(n["category"], n["open"], n["urgent"]) for n in d["district"]]')" = \
    "[('care', 1, 0), ('repair', 2, 1)]"
admin district --pg "$C" needs > "$OUT/needs.txt"
check "needs (text): three lines and two district totals" test "$(wc -l < "$OUT/needs.txt")" = 5

# ---- a real kiosk's figures equal its figures at the centre ----
# A kiosk database with demo requests, bookings and walk-ins; its rows sent
# as the outbox's bodies (app/store/store_outbox.h) through ingest as site
# K's role; `kiosk admin stats` on the kiosk and `district stats` at the
# centre for the same periods give the same figures.
KDB=$OUT/k.db
echo "expect-screen home" > "$OUT/start.txt"
"$KIOSK" --headless --db "$KDB" --script "$OUT/start.txt" > /dev/null
kadmin() { "$KIOSK" admin --db "$KDB" "$@"; }
kadmin demo requests 400 --seed 5 > /dev/null && kadmin demo bookings 300 --seed 5 > /dev/null
for i in 1 2 3 4; do kadmin walkin issue > /dev/null; done
kadmin walkin call --counter 1 > /dev/null && kadmin walkin call --counter 2 > /dev/null
check "a kiosk with demo requests, bookings and walk-ins" test "$(sqlite3 "$KDB" \
    "SELECT (SELECT count(*) FROM requests) >= 400 AND (SELECT count(*) FROM walkin) = 4")" = 1
admin district --pg "$C" sites add K --role site_k > /dev/null
python3 - "$KDB" > "$OUT/k_batches.txt" <<'PY'
import json, sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1])
db.row_factory = sqlite3.Row
entries = []
def add(body, ts):
    body.update(v=1, ts=ts)
    entries.append({"epoch": 555, "seq": len(entries) + 1, "uid": uuid.uuid4().hex,
                    "at": ts, "body": body})
for r in db.execute("SELECT * FROM services"):
    add({"kind": "service", "code": r["code"], "letter": r["letter"], "zh": r["zh"],
         "en": r["en"], "days": r["days"], "lead_hours": r["lead_hours"],
         "horizon_days": r["horizon_days"], "escort": r["escort"], "active": r["active"]}, 1)
for r in db.execute("SELECT * FROM requests"):
    add({"kind": "request", "id": r["id"], "category": r["category"], "issue": r["issue"],
         "urgency": r["urgency"], "flags": r["flags"], "status": r["status"],
         "building": r["building"], "assignee": r["assignee"], "rating": r["rating"],
         "created_at": r["created_at"], "due_at": r["due_at"], "updated_at": r["updated_at"],
         "answered_at": r["answered_at"], "resolved_at": r["resolved_at"],
         "answered_by": r["answered_by"], "resolved_by": r["resolved_by"]}, r["updated_at"])
for r in db.execute("SELECT * FROM bookings"):
    add({"kind": "booking", "id": r["id"], "service": r["service"], "day": r["day"],
         "slot": r["slot"], "starts_at": r["starts_at"], "ends_at": r["ends_at"],
         "status": r["status"], "created_at": r["created_at"],
         "updated_at": r["updated_at"]}, r["updated_at"])
for r in db.execute("SELECT * FROM walkin"):
    add({"kind": "walkin", "id": r["id"], "ticket_id": r["ticket_id"], "day": r["day"],
         "seq": r["seq"], "number": r["number"], "status": r["status"],
         "counter": r["counter"], "created_at": r["created_at"], "called_at": r["called_at"],
         "called_by": r["called_by"], "skipped": 0}, max(r["created_at"], r["called_at"] or 0))
for i in range(0, len(entries), 500):
    print(json.dumps(entries[i:i + 500], ensure_ascii=False))
PY
sent=0
while IFS= read -r batch; do
    ingest site_k K "$batch" || { bad "site K's batch refused: $(cat "$OUT/ing.out")"; break; }
    sent=$((sent + 1))
done < "$OUT/k_batches.txt"
check "site K's rows sent" test "$sent" -gt 1
cat > "$OUT/same.py" <<'PY'
import json, sys
k = json.load(open(sys.argv[1]))
c = [s for s in json.load(open(sys.argv[2]))["sites"] if s["site"] == "K"][0]
keys = ["requests", "answered", "on_time", "overdue", "on_time_percent", "resolved",
        "median_answer_s", "median_resolve_s", "ratings", "categories", "open", "bookings"]
fails = [(x, k[x], c[x]) for x in keys if k[x] != c[x]]
kw = k["walkins"]
cw = c["walkins"]
for a, b in (("issued", "issued"), ("called", "called"), ("median_wait_s", "median_wait_s"),
             ("longest_wait_s", "longest_wait_s")):
    if kw[a] != cw[b]:
        fails.append(("walkins " + a, kw[a], cw[b]))
for f in fails:
    print("%s: kiosk %r, centre %r" % f)
if k["requests"] == 0:
    print("no requests in the period"); fails.append(1)
sys.exit(1 if fails else 0)
PY
FROM=$(date -d "-100 days" +%Y-%m-%d) TO=$(date +%Y-%m-%d)
for p in "--period last" "--period today" "--from $FROM --to $TO"; do
    # shellcheck disable=SC2086
    kadmin --json stats $p > "$OUT/k_own.json"
    # shellcheck disable=SC2086
    admin --json district --pg "$C" stats $p > "$OUT/k_centre.json"
    if [ "$p" = "--period today" ]; then # the walk-ins are today's; requests may be none
        python3 -c 'import json,sys
k = json.load(open(sys.argv[1]))["walkins"]
c = [s for s in json.load(open(sys.argv[2]))["sites"] if s["site"] == "K"][0]["walkins"]
sys.exit(0 if k == c else print(k, c) or 1)' "$OUT/k_own.json" "$OUT/k_centre.json"
        check "the kiosk's walk-in figures today equal its figures at the centre" test $? -eq 0
    else
        check "the kiosk's figures ($p) equal its figures at the centre" \
            python3 "$OUT/same.py" "$OUT/k_own.json" "$OUT/k_centre.json"
    fi
done

# ---- an unreachable centre, a centre without the schema, bad usage ----
CLOSED=$(pg_free_port)
start=$(date +%s%N)
admin district --pg "host=127.0.0.1 port=$CLOSED dbname=x user=x" sites 2> "$OUT/closed.err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "a closed port: exit 3" test $rc -eq 3
check "a closed port: within the deadline ($ms ms)" test "$ms" -lt 10000
check "a closed port: says it cannot connect" grep -q "cannot connect to the district centre" "$OUT/closed.err"
# a centre that takes the connection and never answers: the configured deadline
printf '[district]\npostgres = host=127.0.0.1 port=1 dbname=x user=x\ndeadline = 2\n' > "$OUT/dl.ini"
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)' > "$OUT/mute.port" &
MUTE=$!
for _ in $(seq 50); do [ -s "$OUT/mute.port" ] && break; sleep 0.1; done
start=$(date +%s%N)
"$KIOSK" admin --db "$OUT/none.db" --config "$OUT/dl.ini" district \
    --pg "host=127.0.0.1 port=$(cat "$OUT/mute.port") dbname=x user=x" sites 2> "$OUT/mute.err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
kill "$MUTE" 2> /dev/null
check "a centre that never answers: exit 3" test $rc -eq 3
check "a centre that never answers: gives up after the 2 s deadline ($ms ms)" \
    test "$ms" -ge 1900 -a "$ms" -lt 5000
check "... saying so" grep -q "no answer from the district centre within 2 s" "$OUT/mute.err"
"$KIOSK" admin --db "$OUT/none.db" --config "$OUT/dl.ini" district sites 2> "$OUT/cfg.err"
check "the centre from [district] postgres when --pg is not given (port 1: refused, exit 3)" \
    test $? -eq 3
sql "CREATE DATABASE empty"
admin district --pg "host=$PGD/sock port=$PORT dbname=empty user=postgres" stats 2> "$OUT/empty.err"
check "a database without the centre: exit 3" test $? -eq 3
check "... saying init makes it" grep -q "init makes it" "$OUT/empty.err"
admin district --pg "host=x nonsense=1" sites 2> /dev/null
check "an unreadable connection string: exit 2" test $? -eq 2
admin district sites 2> "$OUT/nopg.err"
check "no --pg and no [district] postgres: exit 2" test $? -eq 2
check "... saying so" grep -q -- "--pg CONNINFO" "$OUT/nopg.err"
admin district --pg "$C" frobnicate 2> /dev/null
check "an unknown district command: exit 2" test $? -eq 2
admin district --pg "$C" stats --month 2026-13 2> /dev/null
check "stats --month 2026-13: exit 2" test $? -eq 2
admin district --pg "$C" needs extra 2> /dev/null
check "needs with an extra word: exit 2" test $? -eq 2
admin --pg "$C" check 2> /dev/null
check "--pg with another command: exit 2" test $? -eq 2
# ---- issue 22: needs, resources, projects (migration 6) ----
EC=3322
P1=$(t "2026-05-04 09:00") P2=$(t "2026-05-20 09:00") P3=$(t "2026-06-02 09:00")
prj() { # prj ID STATE CLOSED TS
    printf '{"v":1,"kind":"project","id":%s,"state":"%s","start_day":"2026-05-04","due_day":"2026-05-31","created_at":%s,"closed_at":%s,"resources":1,"ts":%s}' "$1" "$2" "$P1" "$3" "$4"
}
ingest site_c C "[$(e $EC 1 901 "$P1" "{\"v\":1,\"kind\":\"need\",\"id\":1,\"category\":\"elder\",\"community\":\"5栋\",\"issue\":\"\",\"created_at\":$P1,\"ts\":$P1}"),
$(e $EC 2 902 "$P1" "{\"v\":1,\"kind\":\"resource\",\"id\":1,\"resource_kind\":\"charity\",\"capacity\":2,\"offers\":[\"elder\"],\"created_at\":$P1,\"ts\":$P1}"),
$(e $EC 3 903 "$P1" "$(prj 1 planned null "$P1")"),
$(e $EC 4 904 "$P1" "{\"v\":1,\"kind\":\"project_resource\",\"project_id\":1,\"resource_id\":1,\"places\":1,\"at\":$P1,\"ts\":$P1}"),
$(e $EC 5 905 "$P2" "{\"v\":1,\"kind\":\"project_request\",\"request_id\":7,\"project_id\":1,\"at\":$P2,\"ts\":$P2}"),
$(e $EC 6 906 "$P3" "$(prj 1 finished "$P3" "$P3")"),
$(e $EC 7 907 "$P2" "$(prj 1 running null "$P2")")]"
check "projects: a batch of 7 accepted" grep -qx '{"accepted": 7, "duplicates": 0}' "$OUT/ing.out"
check "district.project_months: May and June of site C" test "$(sql "SELECT string_agg(month ||
    ':' || needs_recognised || resources_linked || projects_started || projects_finished ||
    requests_served, ' ' ORDER BY month) FROM district.project_months WHERE site = 'C'")" = \
    "2026-05:11101 2026-06:00010"
check "a late project entry never moves it back" test "$(sql "SELECT state FROM district.projects
    WHERE site = 'C' AND id = 1")" = finished
check "no resource's contact at the centre" test "$(sql "SELECT count(*) FROM
    information_schema.columns WHERE table_schema = 'district_data' AND table_name = 'resources'
    AND column_name IN ('contact', 'phone', 'name')")" = 0
# ---- issue 21: volunteers' hours (migration 5) ----
EV=3321
V1=$(t "2026-05-04 09:00") V2=$(t "2026-05-04 11:00")
vh() { # vh ID ENTRY MINUTES AT
    printf '{"v":1,"kind":"volunteer_hours","id":%s,"volunteer":1,"entry":"%s","minutes":%s,"points":%s,"at":%s,"ts":%s}' \
        "$1" "$2" "$3" "$(($3 / 6))" "$4" "$4"
}
ingest site_c C "[$(e $EV 1 951 "$V1" "{\"v\":1,\"kind\":\"volunteer\",\"id\":1,\"status\":\"approved\",\"skills\":[\"chat\"],\"applied_at\":$V1,\"ts\":$V1}"),
$(e $EV 2 952 "$V2" "$(vh 1 duty 120 "$V2")"),
$(e $EV 3 953 "$V2" "$(vh 2 adjust -30 "$V2")"),
$(e $EV 4 954 "$V2" "$(vh 3 spent -60 "$V2")")]"
check "volunteers: a batch of 4 accepted" grep -qx '{"accepted": 4, "duplicates": 0}' "$OUT/ing.out"
check "district.volunteer_totals: given 90, balance 30, 3 entries" test "$(sql "SELECT given_minutes
    || ' ' || balance_minutes || ' ' || entries FROM district.volunteer_totals WHERE site = 'C'
    AND volunteer = 1")" = "90 30 3"
check "no volunteer's name, phone or building at the centre" test "$(sql "SELECT count(*) FROM
    information_schema.columns WHERE table_schema = 'district_data' AND table_name = 'volunteers'
    AND column_name IN ('name', 'phone', 'building', 'age')")" = 0
finish
