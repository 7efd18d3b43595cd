#!/usr/bin/env bash
# bench_district.sh - the district centre's benchmark (not a test).
#   tools/bench_district.sh path/to/kiosk
# Starts a throw-away PostgreSQL 15 (tests/pg_cluster.sh), makes the centre
# (`kiosk admin district init`, 19 sites), fills it directly with SQL
# (generate_series) with a year of data: BENCH_REQUESTS requests (default
# 3,500,000, spread over 19 sites and 365 days), bookings and walk-ins at a
# plausible rate (30 bookings and 60 walk-in numbers a site a day), then
# VACUUM ANALYZE, and measures
#   - `kiosk admin district stats --month M` (the month before the last
#     full one; median of 5 runs, the program's own "ms" and the process),
#   - `kiosk admin district needs` (median of 5),
#   - the ingest rate: BENCH_BATCHES batches (default 40) of 500 realistic
#     entries (requests filed and moved, bookings, walk-ins, tickets) sent
#     through district_ingest.ingest by a site's role in one session, then
#     the same batches again (all duplicates).
# Ends with one table (Markdown) for docs/benchmarks.md.
set -euo pipefail
KIOSK=$(readlink -f "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d /tmp/kiosk-bench-district.XXXXXX)
N=${BENCH_REQUESTS:-3500000}
BATCHES=${BENCH_BATCHES:-40}
export TZ=Asia/Shanghai
source "$SRC/tests/pg_cluster.sh"
chmod 755 "$OUT"
PGD=$OUT/pg
pg_start "$PGD" > /dev/null
[ -n "${BENCH_KEEP:-}" ] || trap 'pg_stop "$PGD"; rm -rf "$OUT"' EXIT
PORT=$(cat "$PGD/port")
C=$(cat "$PGD/conninfo")
TABLE=$OUT/table.md
row() { printf '| %s | %s |\n' "$1" "$2" >> "$TABLE"; }
sql() { psql -X -At -v ON_ERROR_STOP=1 "$C" -c "$1"; }
ms_now() { date +%s%N | cut -c1-13; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$KIOSK" admin district --pg "$C" init > /dev/null
for i in $(seq -w 1 19); do
    "$KIOSK" admin district --pg "$C" sites add "S$i" --role "site_$i" --name "站 $i" > /dev/null
done

# ---- a year of data, written straight into the tables ----
NOW=$(date +%s)
T0=$((NOW - 365 * 86400))
t=$(ms_now)
sql "INSERT INTO district_data.epochs (site, epoch) SELECT code, 1 FROM district_data.sites"
sql "INSERT INTO district_data.requests (site, id, category, issue, urgency, flags, status,
  building, assignee, rating, created_at, due_at, updated_at, answered_at, resolved_at,
  answered_by, resolved_by, src_epoch, src_seq, src_ts, src_ord)
SELECT site, id, cat, 'issue', urg, flags,
  CASE WHEN ans IS NULL THEN 'submitted' WHEN res IS NULL THEN 'in_progress' ELSE 'closed' END,
  '幸福里' || (id % 40) || '栋', '',
  CASE WHEN res IS NULL THEN '' ELSE (ARRAY['satisfied', 'satisfied', 'basic', 'dissatisfied',
    ''])[1 + id % 5] END,
  created, created + 86400, coalesce(res, ans, created), ans, res,
  CASE WHEN ans IS NULL THEN '' ELSE 'w' || (id % 7) END,
  CASE WHEN res IS NULL THEN '' ELSE 'w' || (id % 5) END, 1, id, coalesce(res, ans, created), 1
FROM (SELECT site, id, cat, urg, flags, created,
        CASE WHEN created + a < $NOW THEN created + a END AS ans,
        CASE WHEN created + a + r < $NOW THEN created + a + r END AS res
      FROM (SELECT 'S' || lpad((i % 19 + 1)::text, 2, '0') AS site, i / 19 + 1 AS id,
              (ARRAY['repair', 'elder', 'care', 'housing', 'psych', 'policy', 'other'])
                [1 + (i::bigint * 7919) % 7] AS cat,
              (random() < 0.1)::int AS urg,
              (random() < 0.3)::int | ((random() < 0.1)::int * 4) AS flags,
              $T0 + i * (365 * 86400)::bigint / $N AS created,
              (random() ^ 2 * 172800)::bigint AS a, (random() * 432000)::bigint AS r
            FROM generate_series(0, $N - 1) AS i) g) h"
NB=$((19 * 30 * 365)) NW=$((19 * 60 * 365))
sql "INSERT INTO district_data.bookings SELECT 'S' || lpad((i % 19 + 1)::text, 2, '0'), i / 19 + 1,
  (ARRAY['doctor', 'haircut', 'legal'])[1 + i % 3],
  to_char(to_timestamp($T0 + i * (365 * 86400)::bigint / $NB), 'YYYY-MM-DD'), 540,
  $T0 + i * (365 * 86400)::bigint / $NB, $T0 + i * (365 * 86400)::bigint / $NB + 1800,
  (ARRAY['completed', 'completed', 'checked_in', 'no_show', 'cancelled', 'booked'])[1 + i % 6],
  $T0 + i * (365 * 86400)::bigint / $NB - 86400, $T0 + i * (365 * 86400)::bigint / $NB,
  1, i, $T0 + i * (365 * 86400)::bigint / $NB, 1 FROM generate_series(0, $NB - 1) AS i"
sql "INSERT INTO district_data.walkins SELECT site, id, id, to_char(to_timestamp(c), 'YYYY-MM-DD'),
  id % 500 + 1, 'Q' || lpad((id % 500 + 1)::text, 3, '0'), 'called', 1, c,
  c + (random() * 1800)::bigint, 'w1', false, 1, id, c, 1
  FROM (SELECT 'S' || lpad((i % 19 + 1)::text, 2, '0') AS site, i / 19 + 1 AS id,
          $T0 + i * (365 * 86400)::bigint / $NW AS c FROM generate_series(0, $NW - 1) AS i) g"
sql "VACUUM ANALYZE" > /dev/null
fill_s=$((($(ms_now) - t) / 1000))
SIZE=$(sql "SELECT pg_size_pretty(pg_database_size('postgres'))")
row "centre filled: $N requests, $NB bookings, $NW walk-ins, 19 sites, a year (SQL, VACUUM ANALYZE)" "$fill_s s, database $SIZE"

# ---- the month's figures ----
MONTH=$(date -d "$(date +%Y-%m-01) -2 month" +%Y-%m)
for r in 1 2 3 4 5 6; do
    t=$(ms_now)
    "$KIOSK" admin --json district --pg "$C" stats --month "$MONTH" > "$OUT/stats.json"
    echo $(($(ms_now) - t)) >> "$OUT/stats_proc"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ms"])' "$OUT/stats.json" \
        >> "$OUT/stats_ms"
done
REQS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["district"]["requests"])' \
    "$OUT/stats.json")
row "district stats --month $MONTH ($REQS requests that month, 19 sites; median of 6)" \
    "$(median < "$OUT/stats_ms") ms at the centre; $(median < "$OUT/stats_proc") ms the whole command"
for r in 1 2 3 4 5; do
    t=$(ms_now)
    "$KIOSK" admin --json district --pg "$C" needs > /dev/null
    echo $(($(ms_now) - t)) >> "$OUT/needs_proc"
done
OPEN=$(sql "SELECT count(*) FROM district_data.requests WHERE status IN ('submitted', 'accepted', 'assigned', 'in_progress')")
row "district needs ($OPEN open requests; median of 5)" "$(median < "$OUT/needs_proc") ms the whole command"

# ---- the ingest rate ----
python3 - "$BATCHES" "$NOW" > "$OUT/ingest.sql" <<'PY'
import json, random, sys
batches, now = int(sys.argv[1]), int(sys.argv[2])
random.seed(18)
seq, rid, bid, wid = 0, 10_000_000, 10_000_000, 10_000_000
def entry(body):
    global seq
    seq += 1
    return {"epoch": 77, "seq": seq, "uid": "%032x" % random.getrandbits(128), "at": now,
            "body": body}
for b in range(batches):
    es = []
    while len(es) < 500:
        k = random.random()
        t = now - random.randint(0, 86400)
        if k < 0.45:
            rid += 1
            req = {"v": 1, "kind": "request", "id": rid, "category": "repair",
                   "issue": "water_leak", "urgency": 0, "flags": 1, "status": "submitted",
                   "building": "幸福里3栋", "assignee": "", "rating": "", "created_at": t,
                   "due_at": t + 86400, "updated_at": t, "answered_at": None,
                   "resolved_at": None, "answered_by": "", "resolved_by": "", "ts": t}
            es.append(entry(req))
            req = dict(req, status="accepted", answered_at=t + 600, answered_by="w1",
                       updated_at=t + 600, ts=t + 600)
            es.append(entry(req))
        elif k < 0.7:
            bid += 1
            es.append(entry({"v": 1, "kind": "booking", "id": bid, "service": "doctor",
                             "day": "2026-12-08", "slot": 540, "starts_at": t, "ends_at": t + 1800,
                             "status": "booked", "created_at": t, "updated_at": t, "ts": t}))
        else:
            wid += 1
            es.append(entry({"v": 1, "kind": "ticket", "id": wid, "kind_letter": "W",
                             "day": "2026-12-07", "number": "Q%03d" % (wid % 1000),
                             "request_id": None, "booking_id": None, "created_at": t, "ts": t}))
            es.append(entry({"v": 1, "kind": "walkin", "id": wid, "ticket_id": wid,
                             "day": "2026-12-07", "seq": wid % 1000, "number": "Q%03d" % (wid % 1000),
                             "status": "called", "counter": 1, "created_at": t,
                             "called_at": t + 300, "called_by": "w1", "skipped": 0, "ts": t + 300}))
    es = es[:500]
    info = {"version": "0.4.0", "pending": (batches - b) * 500, "epoch": 77, "seq": seq}
    print("SELECT district_ingest.ingest('S01', $b$%s$b$, $i$%s$i$);" %
          (json.dumps(es, ensure_ascii=False), json.dumps(info)))
PY
SITE="host=$PGD/sock port=$PORT dbname=postgres user=site_01"
ENTRIES=$((BATCHES * 500))
t=$(ms_now)
psql -X -At -v ON_ERROR_STOP=1 "$SITE" -f "$OUT/ingest.sql" > "$OUT/ingest.out"
ing_ms=$(($(ms_now) - t))
grep -q '"accepted": 500' "$OUT/ingest.out"
t=$(ms_now)
psql -X -At -v ON_ERROR_STOP=1 "$SITE" -f "$OUT/ingest.sql" > "$OUT/again.out"
dup_ms=$(($(ms_now) - t))
grep -q '"duplicates": 500' "$OUT/again.out"
row "ingest, $BATCHES batches of 500 new entries through district_ingest.ingest (one session)" \
    "$((ENTRIES * 1000 / ing_ms)) entries/s ($ing_ms ms, $((ing_ms / BATCHES)) ms a batch)"
row "ingest, the same batches again (all duplicates)" \
    "$((ENTRIES * 1000 / dup_ms)) entries/s ($dup_ms ms)"
echo
echo "| measure | result |"
echo "| --- | --- |"
cat "$TABLE"
