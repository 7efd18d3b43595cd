#!/usr/bin/env bash
# Retention and export from the outside, for what people type:
#   - a staff note and a cancellation reason with a phone and a name, on a
#     request and a booking that retention erases: after `admin purge`
#     neither `export events` nor `export bookings` carries them (the event
#     log is otherwise whole), and the kiosk's events file never did;
#   - a description typed as a formula, "-1+HYPERLINK(...)", is exported as
#     text (a leading apostrophe), while numbers stay numbers.
. "$(dirname "$0")/lib.sh"
admin() { "$KIOSK" admin --db "$DB" "$@"; }

kiosk --script "$(script request_path.txt)" > /dev/null
check "a request filed at the kiosk" [ $? -eq 0 ]
admin requests act 1 cancel --by admin --note "已联系 13800009999 王先生，不再需要" > /dev/null
check "cancelled with a note" [ $? -eq 0 ]
for d in 2 3 4 5 6 7 8; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
done
admin bookings book daycare "$DAY" 08:30 --phone 13900000001 --age 80 --name 李大爷 > /dev/null
check "a booking" [ $? -eq 0 ]
admin bookings cancel 1 --reason "李大爷住院了 13900003333" > /dev/null
check "cancelled with a reason" [ $? -eq 0 ]
check "the note is in the event log now" \
  grep -q 13800009999 <(admin export events)
# both finished long ago
sqlite3 "$DB" "UPDATE requests SET updated_at = updated_at - 400 * 86400;
               UPDATE bookings SET ends_at = ends_at - 400 * 86400"
admin purge > "$OUT/purge.txt"
check "purge erases one request and one booking: $(cat "$OUT/purge.txt")" \
  grep -q "erased 1 requests and 1 bookings" "$OUT/purge.txt"
admin export events --out "$OUT/events.csv"
check "export events" [ $? -eq 0 ]
for personal in 13800009999 王先生 13900003333 李大爷; do
  ! grep -q "$personal" "$OUT/events.csv"
  check "export events has no \"$personal\"" [ $? -eq 0 ]
done
check "the events themselves stay (the cancel is still logged)" \
  grep -q '"status_changed".*cancelled\|status_changed' "$OUT/events.csv"
admin export bookings --out "$OUT/bookings.csv"
! grep -q "13900003333\|住院" "$OUT/bookings.csv"
check "the booking's reason is erased" [ $? -eq 0 ]
! grep -q "13912345678\|13800009999\|李建国" "$OUT/events.jsonl"
check "the kiosk's events file carries no phone or name" [ $? -eq 0 ]

# ---- CSV formula injection ----
sqlite3 "$DB" "UPDATE requests SET description = '-1+HYPERLINK(\"http://evil.example/\",\"点我\")'
               WHERE id = 1"
admin export requests --out "$OUT/requests.csv"
check "export requests" [ $? -eq 0 ]
python3 - "$OUT/requests.csv" << 'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, row = rows[0], rows[1]
d = row[head.index("description")]
ok = d == "'-1+HYPERLINK(\"http://evil.example/\",\"点我\")"
ok = ok and row[head.index("id")] == "1" and row[head.index("urgency")] == "1"
print("    description cell:", d)
sys.exit(0 if ok else 1)
PY
check "the formula is exported as text, numbers as numbers" [ $? -eq 0 ]
finish
