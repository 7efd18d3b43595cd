#!/usr/bin/env bash
# e2e_district_bundle.sh KIOSK SRC - configuration bundles from the centre
# on a real PostgreSQL 15 (one start): `district init` makes the centre's
# key (readable by its owner only); `district publish` signs a bundle from
# an INI file; three kiosks apply it at their next `sync now` (a closed day
# and a response time change everywhere: admin commands, and a headless
# kiosk whose ticket shows the new promise), a site's own closed day and
# slots stay; the centre sees each site's version.  Then refused, recorded
# and reported at the centre: an unsigned bundle, a tampered one, an older
# one, and at a kiosk that pins another key any bundle.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/pg_cluster.sh"

chmod 755 "$OUT" # the postgres user works in $OUT/pg
PGD=$OUT/pg
pg_start "$PGD" > /dev/null || { bad "PostgreSQL 15 does not start"; finish; exit 1; }
trap 'pg_stop "$PGD"' EXIT
PORT=$(cat "$PGD/port")
C=$(cat "$PGD/conninfo")
sql() { psql -X -At -v ON_ERROR_STOP=1 "$C" -c "$1"; }
as_role() { psql -X -At "host=$PGD/sock port=$PORT dbname=postgres user=$1" -c "$2" 2>&1; }
jq_() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
adm() { # adm SITE ARGS...: kiosk admin on that site's database
    local s=$1; shift
    "$KIOSK" admin --config "$OUT/$s.ini" --db "$OUT/$s.db" "$@"
}
centre() { "$KIOSK" admin --db "$OUT/none.db" district --pg "$C" "$@"; }

# ---- the centre and its key ----
centre --json init > "$OUT/init.json"
check "init: exit 0" test $? -eq 0
KEY=$(jq_ 'd["centre_key"]' < "$OUT/init.json")
check "init prints the centre's key ($KEY)" test ${#KEY} -eq 44
check "the key pair is kept once" test "$(sql "SELECT count(*) FROM district_data.centre_key")" = 1
centre init > "$OUT/init2.txt"
check "init again keeps the key" grep -q "centre_key): $KEY" "$OUT/init2.txt"
sql "CREATE ROLE analyst LOGIN IN ROLE district_reader" > /dev/null
for s in SA SB SC; do
    lower=$(echo "$s" | tr 'A-Z' 'a-z')
    centre sites add "$s" --role "kiosk_$lower" > /dev/null
    check "site $s added" [ $? -eq 0 ]
done
for r in kiosk_sa analyst; do
    as_role $r "SELECT secret_key FROM district_data.centre_key" > "$OUT/role.out"
    check "$r may not read the centre's secret key" grep -q "permission denied" "$OUT/role.out"
done
as_role kiosk_sa "SELECT district_ingest.bundle('SB', 0)" > "$OUT/role.out"
check "a site may not pull as another site" grep -q "may not pull for site SB" "$OUT/role.out"

# ---- three kiosks; SC pins the right key, SB has its own closed day ----
DAY=$(date -d "+5 days" +%F)
LOCAL=$(date -d "+6 days" +%F)
for s in SA SB SC; do
    lower=$(echo "$s" | tr 'A-Z' 'a-z')
    cat > "$OUT/$s.ini" <<INI
[site]
code = $s
[district]
postgres = host=$PGD/sock port=$PORT dbname=postgres user=kiosk_$lower
deadline = 5
INI
    [ $s = SC ] && echo "centre_key = $KEY" >> "$OUT/$s.ini"
    : > "$OUT/empty.txt"
    "$KIOSK" --headless --config "$OUT/$s.ini" --db "$OUT/$s.db" --script "$OUT/empty.txt" \
        > /dev/null
done
adm SB services close all "$LOCAL" > /dev/null
check "SB closes a day of its own" test $? -eq 0
slots() { adm $1 --json services list | python3 -c '
import json,sys
print([(v["code"], v["slots"]) for v in json.load(sys.stdin)["services"]])'; }
adm SB services change daycare --slots 09:00-10:00/5 > /dev/null
check "SB sets its own daycare slots" test $? -eq 0
SLOTS_SB=$(slots SB)

# ---- publish: bad files refused, then version 1 ----
printf '[service.daycare]\nslots = 09:00-10:00/3\n' > "$OUT/bad.ini"
centre publish "$OUT/bad.ini" 2> "$OUT/bad.err"
check "a bundle with slots is refused (exit 2)" test $? -eq 2
check "... saying slots are each site's own" grep -q "its own slots" "$OUT/bad.err"
printf '[weird]\nx = 1\n' > "$OUT/bad2.ini"
centre publish "$OUT/bad2.ini" 2> /dev/null
check "an unknown section is refused (exit 2)" test $? -eq 2
"$KIOSK" admin --db "$OUT/none.db" district --pg "host=$PGD/sock port=$PORT dbname=postgres \
    user=analyst" publish "$OUT/bad2.ini" 2> /dev/null
check "publish: a malformed file is refused before connecting (exit 2)" test $? -eq 2
printf '[hospital.x]\nzh = 某医院\nen = A hospital\n' > "$OUT/ok.ini"
"$KIOSK" admin --db "$OUT/none.db" district --pg "host=$PGD/sock port=$PORT dbname=postgres \
    user=analyst" publish "$OUT/ok.ini" 2> "$OUT/analyst.err"
RC=$?
check "publish as a reader (not the owner) is refused (exit $RC: $(cat "$OUT/analyst.err"))" \
    test $RC -eq 1
check "nothing was published" test "$(sql "SELECT count(*) FROM district_data.bundles")" = 0
cat > "$OUT/b1.ini" <<INI
[booking]
closed = $DAY
closed_zh = 区里统一休息
closed_en = District day off
[category.elder]
zh = 养老照护
en = Elderly care
response_hours = 12
urgent_response_hours = 2
[hospital.people]
zh = 区人民医院
en = District People's Hospital
[department.geriatrics]
zh = 老年科
en = Geriatrics
[partner.lawyers]
zh = 法律援助中心
en = Legal Aid Centre
[service.daycare]
zh = 日间照料
en = Day care
letter = B
days = mon-sat
lead_hours = 2
horizon_days = 21
INI
centre --json publish "$OUT/b1.ini" > "$OUT/pub1.json"
check "publish: exit 0" test $? -eq 0
check "publish: version 1" test "$(jq_ 'd["version"]' < "$OUT/pub1.json")" = 1
check "the body is canonical JSON with its version" \
    test "$(sql "SELECT body::jsonb->>'version' FROM district_data.bundles")" = 1

# ---- every kiosk applies it at its next sync ----
for s in SA SB SC; do
    adm $s sync now > /dev/null 2> "$OUT/$s.err"
    RC=$?
    check "$s: sync now exits 0 ($RC: $(cat "$OUT/$s.err"))" test $RC -eq 0
    adm $s --json services list > "$OUT/$s.svc.json"
    check "$s: the district's closed day $DAY is closed" grep -q "\"$DAY\"" "$OUT/$s.svc.json"
    check "$s: the daycare service takes Saturdays now" \
        test "$(adm $s --json services list | python3 -c '
import json,sys
for v in json.load(sys.stdin)["services"]:
    if v["code"] == "daycare": print(v["days"], v["horizon_days"])')" = "mon-sat 21"
    check "$s: the change is logged (bundle_applied)" test "$(sqlite3 "$OUT/$s.db" \
        "SELECT json_extract(detail, '\$.closed_added[0]') FROM events WHERE kind = 'bundle_applied'")" = "$DAY"
    check "$s: the partner organisation is there" \
        test "$(sqlite3 "$OUT/$s.db" "SELECT count(*) FROM assignees WHERE name = '法律援助中心'")" = 1
    adm $s sync now > /dev/null 2>&1 # the applied version goes up
done
check "SB: its own closed day stays" grep -q "\"$LOCAL\"" "$OUT/SB.svc.json"
check "SB: its slots and capacities stay" test "$(slots SB)" = "$SLOTS_SB"
centre --json sites > "$OUT/sites1.json"
check "the centre sees version 1 at every site" test "$(jq_ '[s["bundle"] for s in d["sites"]]' \
    < "$OUT/sites1.json")" = "[1, 1, 1]"

# the response time: a headless kiosk files an urgent and a normal request
cat > "$OUT/promise.txt" <<EOS
tap home.request
expect-text 养老照护
tap category.elder
tap issue.meals
type 13800138000
key Return
tap nav.next
expect-screen urgency
tap urgency.urgent
tap nav.next
tap review.confirm
expect-screen ticket
expect-text 紧急求助：我们将在 2 小时内回复您
shot $OUT/ticket_urgent.png
advance 1
tap ticket.done
tap home.request
tap category.elder
tap issue.meals
type 13800138000
key Return
tap nav.next
tap nav.next
tap review.confirm
expect-screen ticket
expect-text 我们将在 12 小时内回复您
shot $OUT/ticket_normal.png
EOS
"$KIOSK" --headless --config "$OUT/SA.ini" --db "$OUT/SA.db" --events "$OUT/ev.jsonl" \
    --script "$OUT/promise.txt" > "$OUT/promise.out" 2>&1
RC=$?
check "SA's kiosk promises the bundle's times ($RC: $(tail -1 "$OUT/promise.out"))" test $RC -eq 0
check "the stored due time is 12 h after filing" test "$(sqlite3 "$OUT/SA.db" \
    "SELECT (due_at - created_at) / 3600 FROM requests ORDER BY id DESC LIMIT 1")" = 12
adm SA --json availability daycare --from "$DAY" --days 1 > "$OUT/day.json" 2>&1
check "SA: no booking on the district's closed day, with its reason" \
    grep -q '"closed":true.*"reason_zh":"区里统一休息"' "$OUT/day.json"

# ---- refusals: unsigned, tampered, older, another key ----
refused() { # refused SITE: the site's last refusal at the centre, "VERSION REASON"
    centre --json sites | python3 -c '
import json,sys
for s in json.load(sys.stdin)["sites"]:
    if s["code"] == sys.argv[1]:
        r = s["bundle_refused"]; print(r and "%s %s" % (r["version"], r["reason"]))' "$1"
}
sync2() { adm $1 sync now > /dev/null 2> "$OUT/$1.err"; adm $1 sync now > /dev/null 2>&1; }
sed 's/response_hours = 12/response_hours = 6/' "$OUT/b1.ini" > "$OUT/b2.ini"
centre publish "$OUT/b2.ini" > /dev/null
sql "UPDATE district_data.bundles SET sig = '' WHERE version = 2" > /dev/null
sync2 SA
check "SA: the unsigned bundle 2 is refused, version 1 stays" \
    test "$(sqlite3 "$OUT/SA.db" "SELECT version FROM bundle_state")" = 1
check "the centre sees SA's refusal: unsigned" test "$(refused SA)" = "2 unsigned"
sql "DELETE FROM district_data.bundles WHERE version = 2" > /dev/null
centre publish "$OUT/b2.ini" > /dev/null # version 2 again, now tampered with
sql "UPDATE district_data.bundles SET body = replace(body, '\"response_hours\":6',
     '\"response_hours\":600') WHERE version = 2" > /dev/null
sync2 SB
check "SB: the tampered bundle is refused" test "$(refused SB)" = "2 the signature does not hold"
check "SB: still at version 1 with 12 h" test "$(sqlite3 "$OUT/SB.db" \
    "SELECT version FROM bundle_state")" = 1
sql "DELETE FROM district_data.bundles WHERE version = 2" > /dev/null
centre publish "$OUT/b2.ini" > /dev/null
sync2 SC
check "SC (pinned to the centre's key) applies version 2" \
    test "$(sqlite3 "$OUT/SC.db" "SELECT version FROM bundle_state")" = 2
sql "DELETE FROM district_data.bundles WHERE version = 2" > /dev/null
sync2 SC
check "SC: an older bundle (1 after 2) is refused" \
    test "$(refused SC)" = "1 version 1 is not newer than the applied 2"
# a kiosk pinned to another key refuses what the centre signed
OTHER=$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')
sed -i "s#^centre_key = .*#centre_key = $OTHER#" "$OUT/SC.ini"
centre publish "$OUT/b2.ini" > /dev/null # version 2 again... for SC not newer; publish 3
centre publish "$OUT/b2.ini" > /dev/null
sync2 SC
check "SC pinned to another key refuses bundle 3" \
    test "$(refused SC)" = "3 signed by another key than [district] centre_key"
check "the same file gives the same bytes (versions 2 and 3: canonical)" test "$(sql "SELECT
    count(DISTINCT substr(body, strpos(body, ',\"bundle\":'))) FROM district_data.bundles
    WHERE version IN (2, 3)")" = 1
check "SC: still at version 2" test "$(sqlite3 "$OUT/SC.db" "SELECT version FROM bundle_state")" = 2
check "each refusal is logged at the kiosk" test "$(sqlite3 "$OUT/SC.db" \
    "SELECT count(*) FROM events WHERE kind = 'bundle_refused'")" = 2
centre sites > "$OUT/sites.txt"
check "district sites shows the refusal in words" grep -q "SC.*refused bundle 3 at" "$OUT/sites.txt"
sync2 SA
check "SA applies the newest bundle (3) at its next sync" \
    test "$(sqlite3 "$OUT/SA.db" "SELECT version FROM bundle_state")" = 3
check "SA keeps the new response time (6 h)" test "$(sqlite3 "$OUT/SA.db" \
    "SELECT json_extract(body, '\$.bundle.categories[0].response_hours') FROM bundle_state")" = 6
# bundle 4 leaves out the elder category, the partner and the daycare
# service: withdrawn at SA; a running kiosk goes back to its own elder
python3 -c '
import re,sys
keep = True
for line in open(sys.argv[1]):
    m = re.match(r"\[(.*)\]", line)
    if m: keep = not re.match(r"category\.elder|partner\.|service\.", m.group(1))
    if keep: sys.stdout.write(line)' "$OUT/b2.ini" > "$OUT/b4.ini"
centre publish "$OUT/b4.ini" > /dev/null
sync2 SA
check "SA applies bundle 4" test "$(sqlite3 "$OUT/SA.db" "SELECT version FROM bundle_state")" = 4
check "SA: daycare, gone from the bundle, is withdrawn (not offered)" \
    test "$(sqlite3 "$OUT/SA.db" "SELECT active FROM services WHERE code = 'daycare'")" = 0
check "SA: so is the partner" test "$(sqlite3 "$OUT/SA.db" \
    "SELECT active FROM assignees WHERE name = '法律援助中心'")" = 0
check "SA: its own services stay offered" test "$(sqlite3 "$OUT/SA.db" \
    "SELECT active FROM services WHERE code = 'escort'")" = 1

# a running kiosk lays a bundle over at once: SB (at 1: 养老照护, 12 h)
# syncs in its worker and bundle 4, which does not name elder, gives it
# back the site's own name and 24 h (the bundle before is not kept)
cat > "$OUT/worker.txt" <<EOS
wait-sync 15
tap home.request
expect-text 养老服务
tap category.elder
tap issue.meals
type 13800138000
key Return
tap nav.next
tap nav.next
tap review.confirm
expect-screen ticket
expect-text 我们将在 24 小时内回复您
EOS
"$KIOSK" --headless --config "$OUT/SB.ini" --db "$OUT/SB.db" --events "$OUT/evb.jsonl" \
    --script "$OUT/worker.txt" > "$OUT/worker.out" 2>&1
RC=$?
check "SB's running kiosk is back to its own elder category after its worker synced ($RC: $(tail -1 \
    "$OUT/worker.out"))" test $RC -eq 0
check "... and says so (bundle_applied 4 from 1)" \
    grep -q '"event":"bundle_applied".*"version":4,"from":1' "$OUT/evb.jsonl"
finish
