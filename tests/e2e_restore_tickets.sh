#!/usr/bin/env bash
# Tickets across a restore, from the outside.  Back up, file ticket X,
# restore the backup, file ticket Y: the database hands out X's row id again
# for Y, so before the restore generation X and Y were byte for byte the
# same payload and X opened Y's request (for a booking, offered to cancel
# Y's).  Now Y carries the generation, X is refused as "from after the last
# restore" (admin ticket verify, the resident's scan, the staff's scan), Y
# verifies and opens its own request or booking, and a ticket issued before
# the backup still verifies.  A database put back by copying the file (no
# generation raised) still gives a new payload (the nonce), and the old one
# is refused as not in this database.
. "$(dirname "$0")/lib.sh"
admin() { "$KIOSK" admin --db "$DB" "$@"; }
payload_of() { # the payload of the last ticket_issued event in $1
  python3 -c 'import json,sys
p=""
for line in open(sys.argv[1]):
    e=json.loads(line)
    if e["event"]=="ticket_issued": p=e["payload"]
print(p)' "$1"
}
# the resident's request path, whatever number the ticket gets
grep -v '^expect-text A001$\|^shot ' "$(script request_path.txt)" > "$OUT/request.txt"
file_request() { # files one request through the kiosk; prints its payload
  : > "$OUT/file.jsonl"
  "$KIOSK" --headless --db "$DB" --events "$OUT/file.jsonl" --script "$OUT/request.txt" \
    > /dev/null || echo "FAIL: filing a request" >&2
  payload_of "$OUT/file.jsonl"
}

# ---- a request: backup, X, restore, Y ----
OLD=$(file_request)
check "a ticket before the backup, generation 0 ($OLD)" [ "$(echo "$OLD" | cut -d. -f5)" = 0 ]
admin backup "$OUT/b1.db" > /dev/null
check "backup" [ $? -eq 0 ]
X=$(file_request)
admin restore "$OUT/b1.db" > /dev/null
check "restore" [ $? -eq 0 ]
Y=$(file_request)
echo "    X = $X"
echo "    Y = $Y"
check "X and Y were given" [ -n "$X" ] && [ -n "$Y" ]
check "X and Y differ" [ "$X" != "$Y" ]
check "Y carries the restore generation 1, X 0" \
  [ "$(echo "$Y" | cut -d. -f5)" = 1 ] && [ "$(echo "$X" | cut -d. -f5)" = 0 ]
check "X and Y have the same row id (the id was handed out again)" \
  [ "$(echo "$X" | cut -d. -f4)" = "$(echo "$Y" | cut -d. -f4)" ]

admin ticket verify "$X" > "$OUT/vx.txt"
check "X refused (exit 1)" [ $? -eq 1 ]
check "with a clear reason: $(cat "$OUT/vx.txt")" grep -q "from after the last restore" "$OUT/vx.txt"
admin --json ticket verify "$X" > "$OUT/vx.json"
check "X refused in JSON: after_restore" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if d["valid"] is False and d["reason"]=="after_restore" and d["generation"]==0
         and d["database_generation"]==1 else 1)' "$OUT/vx.json"
admin ticket verify "$Y" > "$OUT/vy.txt"
rc=$?
check "Y verifies (exit 0): $(cat "$OUT/vy.txt")" [ "$rc" -eq 0 ]
admin ticket verify "$OLD" > /dev/null
check "the ticket from before the backup still verifies" [ $? -eq 0 ]
check "the restore is in the event log" \
  [ "$(sqlite3 "$DB" "SELECT count(*) FROM events WHERE kind = 'database_restored'")" -eq 1 ]

# the resident scans X, then Y
cat > "$OUT/scan.txt" << EOS
expect-screen home
scan $X
expect-screen check
expect-text 恢复所用的备份之后开出的
dump $OUT/scan_x.json
tap nav.home
expect-screen home
scan $Y
expect-screen progress
EOS
"$KIOSK" --headless --db "$DB" --events "$OUT/scan.jsonl" --script "$OUT/scan.txt"
check "the kiosk refuses X and opens Y's own request" [ $? -eq 0 ]
check "the scan is logged with its reason" \
  grep -q '"event":"scan".*"valid":false,"reason":"after_restore"' "$OUT/scan.jsonl"
! grep -q "1391234" "$OUT/scan_x.json"
check "X's screen shows nothing of Y's request" [ $? -eq 0 ]

# ---- a second restore of the same backup: a third payload ----
admin restore "$OUT/b1.db" > /dev/null
check "restore the same backup again" [ $? -eq 0 ]
Z=$(file_request)
check "Z differs from X and Y" [ "$Z" != "$X" ] && [ "$Z" != "$Y" ]
admin ticket verify "$Y" > "$OUT/vy2.txt"
check "Y is now from after the last restore too" grep -q "from after the last restore" "$OUT/vy2.txt"

# ---- the file copied back by hand: no generation, the nonce differs ----
cp "$DB" "$OUT/copy.db"
C1=$(file_request)
cp "$OUT/copy.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
C2=$(file_request)
check "same row id after a copy restore" \
  [ "$(echo "$C1" | cut -d. -f4)" = "$(echo "$C2" | cut -d. -f4)" ]
check "different payloads all the same ($C1 / $C2)" [ -n "$C1" ] && [ "$C1" != "$C2" ]
admin ticket verify "$C1" > "$OUT/vc.txt"
rc=$?
check "the earlier one is refused: $(cat "$OUT/vc.txt")" [ "$rc" -eq 1 ]
check "as not in this database" grep -q "not in this database" "$OUT/vc.txt"
admin ticket verify "$C2" > /dev/null
check "the later one verifies" [ $? -eq 0 ]

# ---- a booking: X must not offer to cancel Y's booking ----
for d in 2 3 4 5 6 7 8; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
done
book() { # books daycare at $1 for phone $2; prints the payload
  admin --json bookings book daycare "$DAY" "$1" --phone "$2" --age 78 |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["payload"])'
}
admin backup "$OUT/b2.db" > /dev/null
BX=$(book 08:30 13900000001)
admin restore "$OUT/b2.db" > /dev/null
BY=$(book 13:30 13900000002)
echo "    booking X = $BX"
echo "    booking Y = $BY"
check "booking payloads differ" [ -n "$BX" ] && [ "$BX" != "$BY" ]
check "same booking row id" [ "$(echo "$BX" | cut -d. -f4)" = "$(echo "$BY" | cut -d. -f4)" ]
admin ticket verify "$BX" > /dev/null
check "booking X refused" [ $? -eq 1 ]
cat > "$OUT/bscan.txt" << EOS
expect-screen home
scan $BX
expect-screen check
expect-text 恢复所用的备份之后开出的
dump $OUT/bscan_x.json
tap nav.home
scan $BY
expect-screen booking
dump $OUT/bscan_y.json
EOS
"$KIOSK" --headless --db "$DB" --events "$OUT/bscan.jsonl" --script "$OUT/bscan.txt"
check "the kiosk refuses booking X and opens booking Y" [ $? -eq 0 ]
# The refusal is the longest message of the check screen: with larger text
# in English on a landscape screen it stays above the button.
printf 'tap home.large\nscan %s\nexpect-screen check\ndump %s\n' "$BX" "$OUT/bscan_large.json" \
  > "$OUT/bscan_large.txt"
"$KIOSK" --headless --windowed 1920x1080 --lang en --db "$DB" --script "$OUT/bscan_large.txt"
check "refused with larger text in English landscape" [ $? -eq 0 ]
python3 "$SRC/tests/check_layout.py" 1920 1080 "$OUT/bscan_large.json"
check "the refusal fits above the button" [ $? -eq 0 ]
! grep -q '"booking.cancel"' "$OUT/bscan_x.json"
check "booking X offers no cancel" [ $? -eq 0 ]
check "booking Y offers its own cancel" grep -q '"booking.cancel"' "$OUT/bscan_y.json"
check "Y's booking is untouched" \
  [ "$(sqlite3 "$DB" "SELECT status FROM bookings WHERE phone = '13900000002'")" = "booked" ]

# ---- staff scanning X: refused, nothing checked in ----
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
cat > "$OUT/staff.txt" << EOS
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
expect-screen staff
scan $BX
expect-text 恢复所用的备份之后开出的
scan $X
expect-text 恢复所用的备份之后开出的
EOS
"$KIOSK" --headless --db "$DB" --events "$OUT/staff.jsonl" --script "$OUT/staff.txt"
check "staff scans of X refused as from after the restore" [ $? -eq 0 ]
check "logged as scan_refused after_restore" \
  [ "$(grep -c '"event":"scan_refused","at":"[^"]*","reason":"after_restore"' "$OUT/staff.jsonl")" -eq 2 ]
check "nobody was checked in" \
  [ "$(sqlite3 "$DB" "SELECT count(*) FROM bookings WHERE status <> 'booked'")" -eq 0 ]
finish
