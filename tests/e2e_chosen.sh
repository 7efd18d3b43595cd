#!/usr/bin/env bash
# One look for "chosen" (issue 15): every chosen option (urgency and the
# person's flags, the escort's pick-up and needs, the staff queue's status
# filter, the statistics' period and page, home's toggles) is dumped
# "selected":true with a check mark (U+2713) before its label, and no screen
# shows the square-root sign (U+221A) the escort screen used.  (What a
# chosen option says aloud, 已选, is test_speech's.)
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
echo "expect-screen home" > "$OUT/start.txt"
kiosk --script "$OUT/start.txt"
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
check "staff account added" [ $? -eq 0 ]
# escort needs a day's notice and a weekday
for d in 2 3 4 5 6; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
done

cat > "$OUT/chosen.txt" <<EOS
tap home.large
tap home.contrast
dump $OUT/home.json
tap home.large
tap home.contrast
tap home.request
tap category.elder
tap issue.other
tap nav.next
type 楼道的灯坏了
tap nav.next
type 13800138000
tap keypad.ok
type 王淑兰
tap nav.next
expect-screen urgency
tap urgency.urgent
tap flag.aged80
tap flag.alone
dump $OUT/urgency.json
tap nav.home
tap home.book
tap service.escort
tap date.$DAY
tap slot.0900
type 13812345678
tap keypad.ok
type 李大爷
tap keypad.7
tap keypad.8
tap nav.next
tap hospital.people
tap department.eye
expect-screen escort
tap pickup.station
tap need.wheelchair
dump $OUT/escort.json
tap nav.home
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
expect-screen staff
tap staff.queue
tap queue.status.submitted
dump $OUT/queue.json
tap nav.home
tap staff.stats
tap stats.period.last
tap stats.tab.days
dump $OUT/stats.json
EOS
kiosk --lang zh --script "$OUT/chosen.txt"
check "the walk ran" [ $? -eq 0 ]

# chosen FILE ID...: each id is selected, its text starts with the check mark,
# and every other button of the screen is neither.
chosen() {
  python3 - "$@" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
want = set(sys.argv[2:])
bad = []
for w in doc["widgets"]:
    if "\u221a" in w["text"]:
        bad.append("%s shows the square-root sign: %r" % (w["id"], w["text"]))
    if w["role"] != "button":
        continue
    mark = w["text"].startswith("\u2713")
    if w["id"] in want:
        if not (w["selected"] and mark):
            bad.append("%s: selected %s, text %r" % (w["id"], w["selected"], w["text"]))
        want.discard(w["id"])
    elif w["selected"] or mark:
        bad.append("%s is not chosen: selected %s, text %r" % (w["id"], w["selected"], w["text"]))
bad += ["%s missing" % i for i in want]
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
check "home toggles" chosen "$OUT/home.json" home.large home.contrast
check "urgency and flags" chosen "$OUT/urgency.json" urgency.urgent flag.aged80 flag.alone
check "escort" chosen "$OUT/escort.json" pickup.station need.wheelchair
check "queue filter" chosen "$OUT/queue.json" queue.status.submitted
check "statistics" chosen "$OUT/stats.json" stats.period.last stats.tab.days

finish
