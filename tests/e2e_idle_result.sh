#!/usr/bin/env bash
# The idle time-out on a finished result (issue 15): a ticket's QR code is
# never hidden by the "need more time?" warning, and the kiosk goes home
# quietly after [idle] result_after seconds, logged as idle_reset.
. "$(dirname "$0")/lib.sh"

kiosk --script "$(script idle_ticket.txt)"
check "idle_ticket script passes" [ $? -eq 0 ]
for f in ticket_61 ticket_91; do
    python3 - "$OUT/$f.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [w["id"] for w in d["widgets"]]
assert d["screen"] == "ticket", d["screen"]
assert not any(i.startswith("idle.") for i in ids), "the idle warning is up: %s" % ids
qr = [w for w in d["widgets"] if w["id"] == "ticket.qr"]
assert qr, "no QR code on the ticket"
PY
    check "no idle warning over the ticket at ${f#ticket_} s" [ $? -eq 0 ]
done
check "no idle_warning event" [ "$(grep -c '"event":"idle_warning"' "$OUT/events.jsonl")" -eq 0 ]
check "one idle_reset event" [ "$(grep -c '"event":"idle_reset"' "$OUT/events.jsonl")" -eq 1 ]

# result_after is configurable: 40 s goes home before the warning would come
printf '[idle]\nresult_after = 40\n' > "$OUT/short.ini"
cat > "$OUT/short.txt" <<'SCRIPT'
tap home.queue
advance 39
expect-screen ticket
advance 2
expect-screen home
SCRIPT
kiosk --config "$OUT/short.ini" --script "$OUT/short.txt"
check "result_after = 40 goes home after 40 s" [ $? -eq 0 ]
printf '[idle]\nresult_after = 5\n' > "$OUT/bad.ini"
"$KIOSK" --headless --db "$DB" --config "$OUT/bad.ini" --script "$OUT/short.txt" 2> "$OUT/bad.err"
check "result_after = 5 is refused (exit 2)" [ $? -eq 2 ]
check "the refusal names the key" grep -q result_after "$OUT/bad.err"
# a cancellation done is a finished result too (walk_booking_scan.txt ends
# on it): no warning over it after 61 s, home after result_after
d=2
while :; do
    DAY=$(date -d "+$d day" +%F)
    [ "$(date -d "$DAY" +%u)" -le 5 ] && break
    d=$((d + 1))
done
mkdir -p "$OUT/bk"
sed -e "s#@OUT@#$OUT/bk#g" -e "s#@DAY@#$DAY#g" -e '/^dump /d' "$SRC/tests/scripts/walk_booking.txt" \
    > "$OUT/bk/book.txt"
printf 'advance 1\ntap ticket.done\n' >> "$OUT/bk/book.txt"
"$KIOSK" --headless --db "$OUT/bk.db" --events "$OUT/bk.jsonl" --script "$OUT/bk/book.txt"
check "a booking to cancel" [ $? -eq 0 ]
p=$(grep -o '"payload":"[^"]*"' "$OUT/bk.jsonl" | tail -1 | cut -d'"' -f4)
sed -e "s#@OUT@#$OUT/bk#g" -e "s#@PAYLOAD@#$p#g" -e '/^dump /d' \
    "$SRC/tests/scripts/walk_booking_scan.txt" > "$OUT/bk/cancel.txt"
printf 'advance 61\nexpect-screen booking\ndump %s/cancelled_61.json\nadvance 60\nexpect-screen home\n' \
    "$OUT" >> "$OUT/bk/cancel.txt"
"$KIOSK" --headless --db "$OUT/bk.db" --events "$OUT/bk.jsonl" --script "$OUT/bk/cancel.txt"
check "cancelled: the script passes" [ $? -eq 0 ]
check "cancelled: no idle warning over it at 61 s" python3 -c 'import json,sys
ids=[w["id"] for w in json.load(open(sys.argv[1]))["widgets"]]
sys.exit(1 if any(i.startswith("idle.") for i in ids) else 0)' "$OUT/cancelled_61.json"
finish
