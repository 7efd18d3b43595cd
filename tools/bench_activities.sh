#!/usr/bin/env bash
# bench_activities.sh KIOSK [SRC] [N] - the activities' figures (issue 20),
# run by hand, not by CTest: a database with 5,000 activities (about seven a
# day over two years, a quarter of them still to come) and 200,000
# sign-ups, then
#   - the calendar query as the kiosk runs it (home.activities: the coming
#     four weeks, and an audience filter), N times each, from the kiosk's own
#     "activities_loaded" event (the store call alone, in the process);
#   - the sign-up commit (one IMMEDIATE transaction: the seat check, the H
#     ticket, the row, the seat count, the event; WAL, synchronous=FULL),
#     N kiosk sign-ups through the screens, from "ticket_issued"'s ms;
#   - the same calendar query's plan (EXPLAIN QUERY PLAN: the indexes used).
# Prints the median and the 95th percentile of each.
set -u
KIOSK=$(realpath "$1")
SRC=${2:-$(cd "$(dirname "$0")/.." && pwd)}
N=${3:-50}
export TZ=${TZ:-Asia/Shanghai}
OUT=$(mktemp -d /tmp/kiosk-bench-activities.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
DB=$OUT/k.db
"$KIOSK" --headless --db "$DB" --script /dev/null > /dev/null 2>&1

today=$(date +%F)
t0=$(date +%s.%N)
# 5,000 activities from 550 days ago to 180 days ahead; 200,000 sign-ups on
# the past ones (40 each, some cancelled, checked in, no-show, waiting),
# written in one transaction straight into the tables the store reads.
sqlite3 "$DB" <<EOF
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO activities (id, code, title_zh, title_en, audience, day, start_min, end_min, seats,
                        per_signup, per_phone, taken, created_at)
SELECT i, 'A' || i, '活动' || i, 'Activity ' || i,
       CASE i % 4 WHEN 0 THEN 'elder' WHEN 1 THEN 'youth' WHEN 2 THEN 'children' ELSE 'all' END,
       date('$today', (CASE WHEN (i - 1) * 730 / 5000 - 550 IN (0, 1) THEN 2
                            ELSE (i - 1) * 730 / 5000 - 550 END) || ' days'), 540 + (i % 7) * 60,
       600 + (i % 7) * 60, 60, 2, 2, 0, 0
FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999)
INSERT INTO activity_signups (id, activity_id, phone, people, status, wait_seq, created_at,
                              changed_at)
SELECT i + 1, 1 + i / 40, '139' || printf('%08d', i), 1,
       CASE WHEN i % 40 >= 38 THEN 'waiting' WHEN i % 10 = 0 THEN 'cancelled'
            WHEN i % 10 = 1 THEN 'no_show' WHEN i % 10 < 8 THEN 'checked_in' ELSE 'signed_up' END,
       CASE WHEN i % 40 >= 38 THEN i % 40 END, 0, 0
FROM n;
UPDATE activities SET taken = (SELECT count(*) FROM activity_signups s WHERE s.activity_id =
  activities.id AND s.status IN ('signed_up', 'checked_in'));
COMMIT;
ANALYZE;
EOF
echo "data: 5,000 activities, 200,000 sign-ups in $(echo "$(date +%s.%N) - $t0" | bc) s," \
    "$(du -h "$DB" | cut -f1)"

# one activity to sign up for, with room for every run: tomorrow, the
# first row of the calendar (the generated ones skip today and tomorrow)
id=$("$KIOSK" admin --db "$DB" --json activities add BENCH --zh 基准 --day "$(date -d tomorrow +%F)" \
    --time 08:00-09:00 --seats 10000 | sed 's/[^0-9]//g')

{
    for i in $(seq 1 "$N"); do
        printf 'tap home.activities\ntap activities.filter.elder\ntap nav.home\n'
    done
} > "$OUT/cal.txt"
"$KIOSK" --headless --db "$DB" --events "$OUT/cal.jsonl" --script "$OUT/cal.txt" > /dev/null 2>&1
{
    for i in $(seq 1 "$N"); do
        printf 'tap home.activities\n'
        printf 'tap activity.%s\n' "$id"
        printf 'tap activity.signup\ntype 1380000%04d\ntap nav.next\n' "$i"
        printf 'tap review.confirm\nadvance 1\ntap ticket.done\n'
    done
} > "$OUT/sign.txt"
"$KIOSK" --headless --db "$DB" --events "$OUT/sign.jsonl" --script "$OUT/sign.txt" \
    > "$OUT/sign.log" 2>&1 || echo "(the sign-up script stopped: see below)"

stats() { # name, then ms values on stdin: the median and the 95th percentile
    sort -n | awk -v name="$1" '{v[NR] = $1} END {
        if (NR == 0) { print name ": no samples"; exit }
        m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.95 + 0.5)]; if (p == "") p = v[NR]
        printf "%-44s n=%d median %.2f ms, p95 %.2f ms\n", name, NR, m, p }'
}
ms() { sed -n "s/.*\"event\":\"$1\".*\"ms\":\([0-9.]*\).*/\1/p" "$2"; }
rows=$(sed -n 's/.*"event":"activities_loaded".*"count":\([0-9]*\).*/\1/p' "$OUT/cal.jsonl" | sort -n | tail -1)
echo "calendar: four weeks, up to $rows rows"
ms activities_loaded "$OUT/cal.jsonl" | stats "calendar query (all and elder filter)"
ms ticket_issued "$OUT/sign.jsonl" | stats "sign-up commit (kiosk, WAL, synchronous=FULL)"
grep -c '"event":"ticket_issued"' "$OUT/sign.jsonl" | sed 's/^/sign-ups made: /'
echo "plan of the calendar query:"
sqlite3 "$DB" "EXPLAIN QUERY PLAN SELECT a.id, (SELECT coalesce(sum(w.people), 0) FROM
  activity_signups w WHERE w.activity_id = a.id AND w.status = 'waiting') FROM activities a
  WHERE a.day BETWEEN '$today' AND date('$today', '+27 days') AND ('elder' IS NULL OR
  a.audience = 'elder' OR a.audience = 'all') AND (0 OR a.cancelled_at IS NULL)
  ORDER BY a.day, a.start_min, a.id LIMIT 200" | sed 's/^/  /'
