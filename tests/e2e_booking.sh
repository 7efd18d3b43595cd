#!/usr/bin/env bash
# Booking from the resident's side, headless: a medical escort booked end to
# end, its QR code decoded from the screen (zbarimg) and verified, scanned
# back at the kiosk and cancelled, the place coming back; the last place
# taken by another kiosk while the resident is on the review screen (the
# refusal and the next free slot offered); and every booking screen dumped
# in both languages and orientations for check_layout.py.
. "$(dirname "$0")/lib.sh"

# A weekday at least two days ahead: escort needs a day's notice, and
# escort and day care are open Monday to Friday.
d=2
while :; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
  d=$((d + 1))
done
admin() { "$KIOSK" admin --db "$DB" "$@"; }
fill() { sed -e "s#@OUT@#$2#g" -e "s#@DAY@#$DAY#g" -e "s#@PAYLOAD@#${3:-}#g" \
  "$SRC/tests/scripts/$1" > "$2/$1"; echo "$2/$1"; }
payload_of() { # the payload of the last ticket_issued event in $1
  python3 -c 'import json,sys
p=""
for line in open(sys.argv[1]):
    e=json.loads(line)
    if e["event"]=="ticket_issued": p=e["payload"]
print(p)' "$1"
}

# ---- the escort path, screens checked in both languages and sizes ----
for lang in zh en; do
  for size in 1080x1920 1920x1080; do
    dir=$OUT/$lang-$size
    mkdir -p "$dir"
    run() { "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$dir/k.db" \
              --events "$dir/events.jsonl" --script "$@"; }
    run "$(fill walk_booking.txt "$dir")"
    check "walk booking $lang $size" [ $? -eq 0 ]
    p=$(payload_of "$dir/events.jsonl")
    run "$(fill walk_booking_scan.txt "$dir" "$p")"
    check "scan and cancel $lang $size" [ $? -eq 0 ]
    n=$(ls "$dir"/b*.json | wc -l)
    check "booking walk $lang $size dumped 18 screens (got $n)" [ "$n" -eq 18 ]
    python3 "$SRC/tests/check_layout.py" "${size%x*}" "${size#*x}" "$dir"/b*.json
    check "booking layout $lang $size" [ $? -eq 0 ]
  done
done

# ---- booked, decoded, verified, scanned, cancelled, the place back ----
cat > "$OUT/book.txt" <<EOS
tap home.book
tap service.escort
expect-text 剩余 10 个名额
tap date.$DAY
expect-text 剩余 2 个名额
tap slot.0900
type 13812345678
tap keypad.ok
tap keypad.8
tap keypad.1
tap nav.next
tap hospital.tcm
tap department.orthopaedics
tap pickup.station
tap nav.next
expect-screen review
tap review.confirm
expect-screen ticket
expect-text 请带上
shot $OUT/ticket.png
EOS
kiosk --script "$OUT/book.txt"
check "escort booked" [ $? -eq 0 ]
number=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    e=json.loads(line)
    if e["event"]=="ticket_issued": print(e["number"])' "$OUT/events.jsonl")
check "the ticket is a C number ($number)" [ "${number:0:1}" = C ]
decoded=$(zbarimg --quiet --raw "$OUT/ticket.png" 2>/dev/null | head -1)
p=$(payload_of "$OUT/events.jsonl")
check "zbarimg reads the payload off the screen" [ -n "$decoded" ] && [ "$decoded" = "$p" ]
admin ticket verify "$decoded" > /dev/null
check "the decoded ticket verifies" [ $? -eq 0 ]
tid=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    e=json.loads(line)
    if e["event"]=="ticket_issued": print(e["id"])' "$OUT/events.jsonl")
admin ticket png "$tid" "$OUT/card.png" > /dev/null &&
  admin ticket png "$tid" "$OUT/receipt.png" --width 58 > /dev/null
check "admin draws the booking's card and receipt" [ $? -eq 0 ]
check "both decode to the same payload" [ "$(zbarimg --quiet --raw "$OUT/card.png" "$OUT/receipt.png" 2>/dev/null | sort -u)" = "$p" ]
admin --json availability escort --from "$DAY" --days 1 > "$OUT/avail1.json"
check "one place of two taken" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
s=[s for s in d["days"][0]["slots"] if s["start"]=="09:00"][0]
sys.exit(0 if s["taken"]==1 else 1)' "$OUT/avail1.json"

cat > "$OUT/cancel.txt" <<EOS
tap home.check
expect-screen check
scan $decoded
expect-screen booking
expect-text $number
expect-text 已预约
tap booking.cancel
expect-screen cancel
tap cancel.busy
expect-screen cancel_sure
expect-text 确定取消 $(date -d "$DAY" +%-m)月$(date -d "$DAY" +%-d)日
dump $OUT/cancel_sure.json
tap cancel.yes
expect-screen booking
expect-text 已取消
expect-text 名额已经让给其他居民
shot $OUT/cancelled.png
tap nav.home
tap home.book
tap service.escort
expect-text 剩余 10 个名额
tap date.$DAY
expect-screen slot
expect-text 剩余 2 个名额
EOS
kiosk --script "$OUT/cancel.txt"
check "scanned, cancelled, the place is back on screen" [ $? -eq 0 ]
check "cancelling asks once more in large words, the day and 09:00 in the question" python3 -c 'import json,sys
w={x["id"]:x for x in json.load(open(sys.argv[1]))["widgets"]}
q=w["cancel.question"]
ok=q["font_px"]>=56 and "09:00 的陪诊就医预约吗？" in q["text"]
ok=ok and w["cancel.yes"]["text"]=="确定取消" and w["cancel.no"]["text"]=="不取消"
sys.exit(0 if ok else 1)' "$OUT/cancel_sure.json"
admin --json availability escort --from "$DAY" --days 1 > "$OUT/avail2.json"
check "no place taken after the cancel" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
s=[s for s in d["days"][0]["slots"] if s["start"]=="09:00"][0]
sys.exit(0 if s["taken"]==0 else 1)' "$OUT/avail2.json"
grep -q '"event":"booking_cancelled"' "$OUT/events.jsonl"
check "booking_cancelled in the event log" [ $? -eq 0 ]

# ---- the last place taken while the resident reads the review ----
# The script comes through a FIFO, so the test can book from "another
# kiosk" (the admin command) at exactly that moment.
mkfifo "$OUT/ctl"
kiosk --script "$OUT/ctl" > "$OUT/race.out" 2>&1 &
kpid=$!
exec 3> "$OUT/ctl"
cat >&3 <<EOS
tap home.book
tap service.escort
tap date.$DAY
expect-text 剩余 2 个名额
tap slot.1000
type 13700000000
tap keypad.ok
tap keypad.6
tap keypad.9
tap nav.next
tap hospital.people
tap department.eye
tap pickup.hospital
tap nav.next
expect-screen review
dump $OUT/at_review.json
EOS
for _ in $(seq 100); do [ -s "$OUT/at_review.json" ] && break; sleep 0.1; done
admin bookings book escort "$DAY" 10:00 --phone 13900000001 --age 70 --hospital people \
  --pickup station > /dev/null
admin bookings book escort "$DAY" 10:00 --phone 13900000002 --age 71 --hospital people \
  --pickup station > /dev/null
cat >&3 <<EOS
tap review.confirm
expect-screen review
expect-text 这个时段刚刚约满了
dump $OUT/refused.json
shot $OUT/refused.png
tap review.confirm
expect-screen ticket
EOS
exec 3>&-
wait $kpid
check "refused as full, the next slot offered and booked" [ $? -eq 0 ]
# One clear choice: confirm itself names the new time, the time line shows
# the change, and there is no second button that changes it silently.
check "refused: confirm says 改约到 13:30 并确认, the time line shows the change" python3 -c 'import json,sys
w={x["id"]:x for x in json.load(open(sys.argv[1]))["widgets"]}
c=w["review.confirm"]; t=w["review.when"]["text"]
ok=c["text"]=="改约到 13:30 并确认" and c["enabled"] and not c["clipped"]
ok=ok and "改为" in t and "13:30-14:30" in t and "10:00-11:00" in t and "review.offer" not in w
sys.exit(0 if ok else 1)' "$OUT/refused.json"
check "booking_offer_taken then the ticket, on one tap" python3 -c 'import json,sys
ev=[json.loads(l)["event"] for l in open(sys.argv[1])]
i=max(k for k,e in enumerate(ev) if e=="booking_refused")
sys.exit(0 if ev[i+1:i+3]==["booking_offer_taken","ticket_issued"] else 1)' "$OUT/events.jsonl"
grep -q '"event":"booking_refused".*"reason":"full".*"next_slot":"13:30"' "$OUT/events.jsonl"
check "booking_refused logged with the next free slot" [ $? -eq 0 ]
admin --json availability escort --from "$DAY" --days 1 > "$OUT/avail3.json"
check "10:00 full with 2 of 2, 13:30 has the resident's booking" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
t={s["start"]:s["taken"] for s in d["days"][0]["slots"]}
sys.exit(0 if t["10:00"]==2 and t["13:30"]==1 else 1)' "$OUT/avail3.json"

# ---- nothing left to offer: confirm is off, a way back to the days ----
# Its own database: every escort day closed while the resident reads the
# review, so the refusal has no next free time.
NDB=$OUT/none.db
mkfifo "$OUT/ctl2"
"$KIOSK" --headless --db "$NDB" --events "$OUT/none.jsonl" --script "$OUT/ctl2" \
  > "$OUT/none.out" 2>&1 &
kpid=$!
exec 3> "$OUT/ctl2"
cat >&3 <<EOS
tap home.book
tap service.escort
tap date.$DAY
tap slot.1000
type 13700000000
tap keypad.ok
tap keypad.6
tap keypad.9
tap nav.next
tap hospital.people
tap department.eye
tap pickup.hospital
tap nav.next
expect-screen review
dump $OUT/none_review.json
EOS
for _ in $(seq 100); do [ -s "$OUT/none_review.json" ] && break; sleep 0.1; done
for i in $(seq 0 16); do
  "$KIOSK" admin --db "$NDB" services close escort "$(date -d "+$i day" +%F)" > /dev/null
done
cat >&3 <<EOS
tap review.confirm
expect-screen review
expect-text 另选日期
dump $OUT/none_refused.json
shot $OUT/none_refused.png
tap review.days
expect-screen date
EOS
exec 3>&-
wait $kpid
check "refused with nothing free, back to the days" [ $? -eq 0 ]
check "nothing free: confirm disabled, review.days offered, no offer" python3 -c 'import json,sys
w={x["id"]:x for x in json.load(open(sys.argv[1]))["widgets"]}
ok=not w["review.confirm"]["enabled"] and w["review.days"]["enabled"]
ok=ok and "另选日期" in w["review.refused"]["text"] and not w["review.refused"]["clipped"]
sys.exit(0 if ok else 1)' "$OUT/none_refused.json"
grep -q '"event":"booking_refused".*"reason":"closed"' "$OUT/none.jsonl" &&
  ! grep -q '"next_slot"' "$OUT/none.jsonl"
check "booking_refused logged as closed, no next slot" [ $? -eq 0 ]

# ---- the kiosk's clock: a started slot cannot be booked; no-shows ----
# advance moves the clock to DAY 09:30: day care's morning has started, its
# afternoon is open.  Then to 15:00: the two 10:00 escorts and the 13:30
# one ended unchecked, and the next reset marks them as no-shows.
secs=$(( $(date -d "$DAY 09:30" +%s) - $(date +%s) ))
cat > "$OUT/clock.txt" <<EOS
advance $secs
tap home.book
tap service.daycare
tap date.$DAY
expect-screen slot
expect-text 时间已过
expect-text 剩余 12 个名额
dump $OUT/slot_started.json
tap nav.home
advance 19800
tap home.book
tap nav.home
EOS
kiosk --script "$OUT/clock.txt"
check "a started slot shows as passed, a later one open" [ $? -eq 0 ]
check "the started slot cannot be tapped" python3 -c 'import json,sys
w={x["id"]:x for x in json.load(open(sys.argv[1]))["widgets"]}
sys.exit(0 if not w["slot.0830"]["enabled"] and w["slot.1330"]["enabled"] else 1)' \
  "$OUT/slot_started.json"
grep -q '"event":"no_shows_marked".*"count":3' "$OUT/events.jsonl"
check "three ended bookings marked as no-shows" [ $? -eq 0 ]
n=$(admin --json bookings list --status no_show | python3 -c 'import json,sys
d=json.load(sys.stdin); print(len(d["bookings"]) if isinstance(d,dict) else len(d))')
check "admin lists three no-shows (got $n)" [ "$n" = 3 ]

finish
