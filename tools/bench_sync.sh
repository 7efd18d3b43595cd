#!/usr/bin/env bash
# bench_sync.sh KIOSK [SRC] - the district link's figures (docs/benchmarks.md):
# entries per second through `kiosk admin sync now` into a local centre
# (PostgreSQL 15 from tests/pg_cluster.sh), the time to catch up a day of
# 500 tickets after a cut, and the kiosk's frame times while its worker
# sends a large backlog against the same without the district.
set -u
KIOSK=$(realpath "$1")
SRC=${2:-$(cd "$(dirname "$0")/.." && pwd)}
export TZ=${TZ:-Asia/Shanghai}
OUT=$(mktemp -d /tmp/kiosk-bench-sync.XXXXXX)
chmod 755 "$OUT"
. "$SRC/tests/pg_cluster.sh"
PGPORT=$(pg_start "$OUT/pg") || exit 1
trap 'pg_stop "$OUT/pg"; rm -rf "$OUT"' EXIT
SU=$(cat "$OUT/pg/conninfo")
"$KIOSK" admin district --pg "$SU" init > /dev/null
: > "$OUT/empty.txt"
site() { # site CODE DEADLINE: a configuration and a new database
    local lower
    lower=$(echo "$1" | tr 'A-Z' 'a-z')
    "$KIOSK" admin district --pg "$SU" sites add "$1" --role "kiosk_$lower" > /dev/null
    printf '[site]\ncode = %s\n[district]\npostgres = host=127.0.0.1 port=%s dbname=postgres user=kiosk_%s\ndeadline = %s\n' \
        "$1" "$PGPORT" "$lower" "$2" > "$OUT/$1.ini"
    "$KIOSK" --headless --db "$OUT/$1.db" --script "$OUT/empty.txt" > /dev/null
}
adm() { local s=$1; shift; "$KIOSK" admin --config "$OUT/$s.ini" --db "$OUT/$s.db" "$@"; }
rate() { python3 -c 'import json,sys; d=json.load(sys.stdin); print("%d entries in %d batches, %.2f s: %.0f entries/s" % (d["sent"], d["batches"], d["ms"]/1000, d["sent"]*1000/max(d["ms"],1)))'; }

echo "== ingest rate: sync now, 5,000 requests and 2,000 bookings with their tickets =="
site BIG 300
adm BIG demo requests 5000 --seed 1 > /dev/null
adm BIG demo bookings 2000 --seed 1 > /dev/null
adm BIG sync status > /dev/null 2>&1 # enables the outbox: the history is queued
adm BIG --json sync now | rate

echo "== catch-up: a day of 500 tickets filed during a cut, then the link returns =="
site DAY 60
adm DAY sync now > /dev/null
pg_stop "$OUT/pg"
t0=$(date +%s%N)
adm DAY demo requests 200 --seed 2 > /dev/null
adm DAY demo bookings 150 --seed 2 > /dev/null
for _ in $(seq 150); do adm DAY walkin issue > /dev/null; done
for _ in $(seq 100); do adm DAY walkin call --counter 1 > /dev/null; done
adm DAY sync now > /dev/null 2>&1
echo "filed during the cut in $((($(date +%s%N) - t0) / 1000000)) ms; pending $(adm DAY --json sync status | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])')"
pg_start "$OUT/pg" > /dev/null
t0=$(date +%s%N)
adm DAY --json sync now | rate
echo "link back to nothing pending: $((($(date +%s%N) - t0) / 1000000)) ms (plus the worker's wait: at most 45 s + 25 % after failures)"

echo "== frames: home, the language toggled 200 times, with and without a sync running =="
for _ in $(seq 200); do echo "tap home.lang"; done > "$OUT/home.txt"
frames() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "frames": print("median %.1f ms, p95 %.1f ms, max %.1f ms (%d frames)" % (e["median_ms"], e["p95_ms"], e["max_ms"], e["count"]))
    if e["event"] in ("sync_ok", "sync_failed"): print("  %s, %s left pending" % (e["event"], e["pending"]))' "$1"; }
site FR 300
adm FR demo requests 8000 --seed 3 > /dev/null
cp "$OUT/FR.db" "$OUT/FR0.db"; cp "$OUT/FR.db.key" "$OUT/FR0.db.key"
grep -v '^\[district\]\|^postgres\|^deadline' "$OUT/FR.ini" > "$OUT/FR0.ini"
"$KIOSK" --headless --config "$OUT/FR0.ini" --db "$OUT/FR0.db" --events "$OUT/f0.jsonl" --script "$OUT/home.txt"
echo "without the district: $(frames "$OUT/f0.jsonl")"
adm FR sync status > /dev/null 2>&1
(echo "wait-sync 1"; cat "$OUT/home.txt") > "$OUT/home_sync.txt"
sed -i 's/^wait-sync 1$/advance 0/' "$OUT/home_sync.txt"
"$KIOSK" --headless --config "$OUT/FR.ini" --db "$OUT/FR.db" --events "$OUT/f1.jsonl" --script "$OUT/home_sync.txt"
echo "while the worker sends $(sqlite3 "$OUT/FR.db" 'SELECT count(*) FROM outbox') entries: $(frames "$OUT/f1.jsonl")"
echo "still pending after the run: $(adm FR --json sync status | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])')"
