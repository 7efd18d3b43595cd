#!/usr/bin/env bash
# Index damage the start's quick_check does not see.  Two indexes of the
# tickets table get each other's b-tree (PRAGMA writable_schema): every page
# is sound, so quick_check says ok, but the indexes no longer match the
# table, which integrity_check finds.  The kiosk starts (quick_check), runs
# the full check once idle a few seconds later, and goes out of service as
# for any other damage: the broken screen, `database_corrupt`, no ticket.
. "$(dirname "$0")/lib.sh"
admin() { "$KIOSK" admin --db "$DB" "$@"; }

kiosk --script "$(script request_path.txt)" > /dev/null
check "a request filed" [ $? -eq 0 ]
for d in 2 3 4 5 6 7 8; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
done
admin bookings book daycare "$DAY" 08:30 --phone 13900000001 --age 80 > /dev/null
check "a booking" [ $? -eq 0 ]

r1=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'tickets_by_request'")
r2=$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'tickets_by_booking'")
sqlite3 "$DB" "PRAGMA writable_schema = ON;
  UPDATE sqlite_schema SET rootpage = CASE name WHEN 'tickets_by_request' THEN $r2 ELSE $r1 END
  WHERE name IN ('tickets_by_request', 'tickets_by_booking');"
check "the damage: quick_check still says ok" [ "$(sqlite3 "$DB" "PRAGMA quick_check")" = ok ]
check "integrity_check does not" [ "$(sqlite3 "$DB" "PRAGMA integrity_check" | head -1)" != ok ]
admin check > "$OUT/check.txt"
check "admin check finds it (exit 1)" [ $? -eq 1 ]
tickets=$(sqlite3 "$DB" "SELECT count(*) FROM tickets")

cat > "$OUT/idle.txt" << EOS
expect-screen home
advance 5
expect-screen broken
expect-text kiosk admin restore
dump $OUT/broken.json
scan KT1.SW01.A.1.AAAAAAAAAAAAAAAAAAAAAAAA
advance 2
expect-screen broken
EOS
kiosk --script "$OUT/idle.txt" 2> "$OUT/idle.err"
check "started, then out of service once the full check ran" [ $? -eq 0 ]
check "logged database_corrupt" grep -q '"event":"database_corrupt"' "$OUT/events.jsonl"
check "a scan while out of service is only logged" \
  grep -q '"event":"scan".*"valid":false,"reason":"database"' "$OUT/events.jsonl"
check "said why on stderr: $(head -c 200 "$OUT/idle.err")" grep -q "index" "$OUT/idle.err"
check "no ticket issued" [ "$(sqlite3 "$DB" "SELECT count(*) FROM tickets")" -eq "$tickets" ]
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT/broken.json"
check "broken screen layout" [ $? -eq 0 ]

# A resident already on the way when the check falls due: it waits.
: > "$OUT/events.jsonl"
cat > "$OUT/busy.txt" << EOS
expect-screen home
tap home.request
advance 5
expect-screen category
tap nav.home
advance 2
expect-screen broken
EOS
kiosk --script "$OUT/busy.txt" 2> /dev/null
check "the check waits for the resident to leave, then runs" [ $? -eq 0 ]
finish
