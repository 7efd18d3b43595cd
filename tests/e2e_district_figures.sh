#!/usr/bin/env bash
# The district of the article, simulated: 1 central station and 18 service
# rooms (19 kiosk databases, sites C00 and R01..R18), each filing demo
# requests, bookings and walk-ins and sending them to one PostgreSQL with
# the real `kiosk admin sync now` as its own role.  Then, for two periods,
# the district's figures at the centre (`district stats`) equal the sum of
# the 19 sites' own figures (`kiosk admin stats` on each kiosk), and each
# site's figures at the centre equal its own; the district's needs list
# holds every open request of every site once.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/pg_cluster.sh"

chmod 755 "$OUT" # the postgres user works in $OUT/pg
PGD=$OUT/pg
PORT=$(pg_start "$PGD") || { bad "PostgreSQL starts"; finish; exit 1; }
trap 'pg_stop "$PGD"' EXIT
C="host=$PGD/sock port=$PORT dbname=postgres user=postgres"
admin() { "$KIOSK" admin "$@"; }
admin district --pg "$C" init > /dev/null
check "the centre is made" test $? -eq 0

SITES="C00"
for i in $(seq -w 1 18); do SITES="$SITES R$i"; done
echo "expect-screen home" > "$OUT/start.txt"
n=0
for site in $SITES; do
    n=$((n + 1))
    role=kiosk_$(echo "$site" | tr 'A-Z' 'a-z')
    admin district --pg "$C" sites add "$site" --role "$role" > /dev/null ||
        bad "site $site registered"
    printf '[site]\ncode = %s\n[district]\npostgres = host=%s/sock port=%s dbname=postgres user=%s\ndeadline = 20\n' \
        "$site" "$PGD" "$PORT" "$role" > "$OUT/$site.ini"
    # the kiosk makes its database and key; a sync worker thread starts and
    # may send beside the admin commands below: both are safe to overlap
    "$KIOSK" --headless --db "$OUT/$site.db" --config "$OUT/$site.ini" \
        --script "$OUT/start.txt" > /dev/null 2>&1
    k() { "$KIOSK" admin --db "$OUT/$site.db" --config "$OUT/$site.ini" "$@"; }
    k demo requests $((20 + n * 3)) --seed "$n" > /dev/null || bad "demo requests at $site"
    k demo bookings $((5 + n)) --seed "$n" > /dev/null || bad "demo bookings at $site"
    for _ in $(seq 1 $((n % 4 + 1))); do k walkin issue > /dev/null; done
    k walkin call --counter 1 > /dev/null
    k sync now > /dev/null 2> "$OUT/$site.err" || bad "sync now at $site: $(cat "$OUT/$site.err")"
done
check "19 sites at the centre" test "$(psql "$C" -Atc "SELECT count(*) FROM district.sites")" = 19

FROM=$(date -d "-100 days" +%Y-%m-%d) TO=$(date +%Y-%m-%d)
mkdir -p "$OUT/own"
cat > "$OUT/sum.py" <<'PY'
import json, sys
centre = json.load(open(sys.argv[1]))
sites = {s["site"]: s for s in centre["sites"]}
counts = ["requests", "answered", "on_time", "overdue", "resolved"]
groups = ["ratings", "categories", "open"]
total = {k: 0 for k in counts}
sums = {g: {} for g in groups}
book = {}
walk = {"issued": 0, "called": 0}
fails = []
for path in sys.argv[2:]:
    code = path.rsplit("/", 1)[1].split(".")[0]
    own = json.load(open(path))
    at = sites.get(code)
    if at is None:
        fails.append("site %s missing at the centre" % code)
        continue
    for k in counts + groups + ["bookings", "median_answer_s", "median_resolve_s"]:
        if own[k] != at[k]:
            fails.append("%s %s: kiosk %r, centre %r" % (code, k, own[k], at[k]))
    for k in counts:
        total[k] += own[k]
    for g in groups:
        for key, v in own[g].items():
            sums[g][key] = sums[g].get(key, 0) + v
    for svc, states in own["bookings"].items():
        for st, v in states.items():
            book.setdefault(svc, {}).setdefault(st, 0)
            book[svc][st] += v
    for k in walk:
        walk[k] += own["walkins"][k]
d = centre["district"]
for k in counts:
    if d[k] != total[k]:
        fails.append("district %s: centre %r, sum of sites %r" % (k, d[k], total[k]))
for g in groups:
    got = {k: v for k, v in d[g].items() if v}
    want = {k: v for k, v in sums[g].items() if v}
    if got != want:
        fails.append("district %s: centre %r, sum of sites %r" % (g, got, want))
got = {s: {k: v for k, v in st.items() if v} for s, st in d["bookings"].items()}
want = {s: {k: v for k, v in st.items() if v} for s, st in book.items()}
if {s: v for s, v in got.items() if v} != {s: v for s, v in want.items() if v}:
    fails.append("district bookings: centre %r, sum of sites %r" % (got, want))
for k in walk:
    if d["walkins"][k] != walk[k]:
        fails.append("district walk-ins %s: centre %r, sum %r" % (k, d["walkins"][k], walk[k]))
if total["requests"] == 0:
    fails.append("no requests in the period")
print("\n".join(fails))
sys.exit(1 if fails else 0)
PY
for p in "--period last" "--from $FROM --to $TO"; do
    files=()
    for site in $SITES; do
        # shellcheck disable=SC2086
        admin --db "$OUT/$site.db" --json stats $p > "$OUT/own/$site.json"
        files+=("$OUT/own/$site.json")
    done
    # shellcheck disable=SC2086
    admin --json district --pg "$C" stats $p > "$OUT/centre.json"
    check "district stats $p: exit 0" test $? -eq 0
    check "the district's figures ($p) are the sum of the 19 sites' own, and each site's its own" \
        python3 "$OUT/sum.py" "$OUT/centre.json" "${files[@]}"
done

# the needs list: every open request of every site, once
open_sites=0
for site in $SITES; do
    o=$(sqlite3 "$OUT/$site.db" "SELECT count(*) FROM requests WHERE status IN
        ('submitted','accepted','assigned','in_progress')")
    open_sites=$((open_sites + o))
done
admin --json district --pg "$C" needs > "$OUT/needs.json"
check "district needs: exit 0" test $? -eq 0
check "the needs list holds every open request of the 19 sites ($open_sites)" test "$(python3 -c '
import json, sys
print(sum(r["open"] for r in json.load(open(sys.argv[1]))["district"]))' "$OUT/needs.json")" = "$open_sites"

pg_stop "$PGD"
trap - EXIT
finish
