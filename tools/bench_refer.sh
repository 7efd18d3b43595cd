#!/usr/bin/env bash
# bench_refer.sh KIOSK [SRC] [N] - the referral's figure (docs/benchmarks.md):
# the time from a referral at site A to its appearance in B's queue, with
# both sites syncing every 30 s ([district] interval).  Each site's sync
# worker is played by `kiosk admin sync now` in a loop every 30 s, started at
# a random phase (the same push and inbox pull as the worker's attempt);
# the kiosk's worker is also woken at once after a write (docs/district.md),
# so A sends the referral right after it is made.  B's queue is watched
# every 0.1 s.  N referrals (default 6), a random pause between them.
set -u
KIOSK=$(realpath "$1")
SRC=${2:-$(cd "$(dirname "$0")/.." && pwd)}
N=${3:-6}
export TZ=${TZ:-Asia/Shanghai}
OUT=$(mktemp -d /tmp/kiosk-bench-refer.XXXXXX)
chmod 755 "$OUT"
. "$SRC/tests/pg_cluster.sh"
PGPORT=$(pg_start "$OUT/pg") || exit 1
LOOPS=
trap 'for p in $LOOPS; do kill "$p" 2> /dev/null; done; pg_stop "$OUT/pg"; rm -rf "$OUT"' EXIT
SU=$(cat "$OUT/pg/conninfo")
"$KIOSK" admin district --pg "$SU" init > /dev/null
: > "$OUT/empty.txt"
for s in A B; do
    lower=$(echo "$s" | tr 'A-Z' 'a-z')
    "$KIOSK" admin district --pg "$SU" sites add "$s" --role "kiosk_$lower" > /dev/null
    printf '[site]\ncode = %s\n[district]\npostgres = host=127.0.0.1 port=%s dbname=postgres user=kiosk_%s\n' \
        "$s" "$PGPORT" "$lower" > "$OUT/$s.ini"
    "$KIOSK" --headless --db "$OUT/$s.db" --script "$OUT/empty.txt" > /dev/null
done
adm() { local s=$1; shift; "$KIOSK" admin --config "$OUT/$s.ini" --db "$OUT/$s.db" "$@"; }
adm A demo requests $((N * 25)) --seed 7 > /dev/null
adm A sync now > /dev/null
adm B sync now > /dev/null
for s in A B; do
    (sleep "$(python3 -c 'import random; print(round(random.uniform(0, 30), 2))')"
     while :; do adm "$s" sync now > /dev/null 2>&1; sleep 30; done) &
    LOOPS="$LOOPS $!"
done
for i in $(seq 1 "$N"); do
    id=$(adm A queue list --json | python3 -c 'import json,sys; q=json.load(sys.stdin)["rows"]; print(q[0]["id"] if q else "")')
    [ -n "$id" ] || { echo "no open request left at A" >&2; break; }
    t0=$(date +%s.%N)
    adm A requests refer "$id" --to B --by admin --note "bench" > /dev/null || exit 1
    adm A sync now > /dev/null 2>&1 # the worker, woken by the write
    python3 - "$OUT/B.db" "$id" "$t0" <<'PY'
import sqlite3, sys, time
db, origin, t0 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
while True:
    try:
        c = sqlite3.connect(db, timeout=5)
        row = c.execute("SELECT r.status FROM referrals_in i JOIN requests r ON r.id = i.request_id"
                        " WHERE i.origin_site = 'A' AND i.origin_id = ?", (origin,)).fetchone()
        c.close()
    except sqlite3.OperationalError:
        row = None
    if row and row[0] == "submitted":
        print("%.1f" % (time.time() - t0))
        break
    time.sleep(0.1)
PY
    sleep "$(python3 -c 'import random; print(round(random.uniform(0, 12), 1))')"
done | tee "$OUT/times" | sed 's/^/referral to B queue (s): /'
python3 -c '
import sys
t = [float(x) for x in open(sys.argv[1]) if x.strip()]
print("%d referrals: min %.1f s, median %.1f s, mean %.1f s, max %.1f s" % (len(t), min(t), sorted(t)[len(t)//2], sum(t)/len(t), max(t)))' "$OUT/times"
