#!/usr/bin/env bash
# What read aloud says (issue 15, item 13), from the "speak" events (the ids
# of the widgets read out, never the words; the dumps say which words those
# widgets show): the error messages (phone, age, the last 4 digits, a bad
# scan, the full slot and the time offered), the idle warning and its
# countdown, the review's lines, the ticket's details, the cancellation
# done, the progress steps and the thanks after rating, the address steps,
# the toggles' states; the read aloud controls (speech.repeat,
# speech.softer, speech.level, speech.louder) and the volume they set; and
# home's spoken hint that read aloud exists, once, and off in the config.
. "$(dirname "$0")/lib.sh"
export SDL_AUDIODRIVER=dummy

admin() { "$KIOSK" admin --db "$DB" "$@"; }
# said EVENTS: one line per speak event, "screen volume id id ..."
said() {
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="speak": print(e["screen"], e.get("volume"), *e["said"])' "$1"
}
# has EVENTS SCREEN ID...: some speak event on SCREEN said each ID
has() {
  local ev=$1 screen=$2; shift 2
  said "$ev" | grep "^$screen " | while read -r line; do
    all=1
    for id in "$@"; do case " $line " in *" $id "*) ;; *) all=0 ;; esac; done
    [ $all = 1 ] && echo yes && break
  done | grep -q yes
}
for d in 2 3 4 5 6 7 8; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
done

# ---- the request path read aloud ----
{ echo "tap home.voice"; echo "advance 1"; grep -v '^shot' "$(script request_path.txt)"; } \
  > "$OUT/request.txt"
kiosk --script "$OUT/request.txt" 2> /dev/null
check "request path read aloud" [ $? -eq 0 ]
E=$OUT/events.jsonl
said "$E" > "$OUT/request.said"
check "the describe screen's message said" has "$E" describe describe.message
check "the phone's wrong prefix said" has "$E" phone phone.message
check "each address step said with its title" \
  [ "$(grep -c '^address .* address.title' "$OUT/request.said")" -ge 4 ]
check "a choice said as it is made" grep -q '^urgency 80 urgency.normal urgency.urgent$' "$OUT/request.said"
check "a flag said as it is chosen" grep -q '^urgency 80 flag.disabled$' "$OUT/request.said"
check "the review's lines said" has "$E" review review.category review.issue \
  review.description review.phone review.name review.address review.urgency review.confirm
check "the ticket's number, lookup code and reply time said" has "$E" ticket ticket.number \
  ticket.lookup ticket.response
check "the ticket speech is long enough to hold them" python3 -c 'import json,sys
n=[e["chars"] for e in map(json.loads,open(sys.argv[1])) if e["event"]=="speak" and e["screen"]=="ticket"]
sys.exit(0 if n and n[0] > 40 else 1)' "$E"
for personal in 602 5栋 李建国 13912345678 楼道的灯; do
  ! sed 's/"at":"[^"]*"//' "$E" | grep -q "$personal"
  check "the events file does not carry \"$personal\"" [ $? -eq 0 ]
done
P=$(python3 -c 'import json,sys
print([e for e in map(json.loads,open(sys.argv[1])) if e["event"]=="ticket_issued"][-1]["payload"])' "$E")

# ---- the controls: said again, louder and softer, each at its volume ----
rm -f "$E"
cat > "$OUT/controls.txt" << EOS
tap home.voice
advance 1
tap home.large
tap home.contrast
tap home.contrast
tap home.request
expect-screen category
advance 1
dump $OUT/controls.json
tap speech.louder
tap speech.louder
tap speech.softer
tap speech.softer
tap speech.softer
tap speech.repeat
advance 1
EOS
kiosk --script "$OUT/controls.txt" 2> /dev/null
check "controls script" [ $? -eq 0 ]
said "$E" > "$OUT/controls.said"
cat "$OUT/controls.said" | sed 's/^/    /'
check "the toggles said with their state as they change" [ "$(grep -c '^home 80 home.large$' "$OUT/controls.said")" -eq 1 ] \
  && [ "$(grep -c '^home 80 home.contrast$' "$OUT/controls.said")" -eq 2 ]
check "louder and softer said at their volume, stopping at 100" \
  [ "$(grep '^category .* speech.level$' "$OUT/controls.said" | cut -d' ' -f2 | tr '\n' ' ')" = "100 80 60 40 " ]
check "再听一遍 says the whole screen again at the resident's volume" \
  [ "$(tail -1 "$OUT/controls.said" | cut -d' ' -f1-3)" = "category 40 category.title" ]
check "the controls are there, at least 88 px, and say their level" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); w={x["id"]:x for x in d["widgets"]}
ok=all(i in w and w[i]["rect"][2]>=88 and w[i]["rect"][3]>=88 for i in ("speech.repeat","speech.softer","speech.louder"))
sys.exit(0 if ok and w["speech.level"]["text"]=="音量 4" else 1)' "$OUT/controls.json"
for size in 1080x1920 1920x1080; do
  for view in "" "tap home.large"; do
    rm -f "$OUT/bar.json" "$OUT/bar_phone.json"
    { echo "$view"; printf 'tap home.voice\ntap home.request\ndump %s/bar.json\ntap category.elder\ntap issue.other\ntype 灯坏了\ntap nav.next\ntap keypad.1\ndump %s/bar_phone.json\n' \
      "$OUT" "$OUT"; } > "$OUT/bar.txt"
    "$KIOSK" --headless --windowed $size --db "$OUT/bar.db" --script "$OUT/bar.txt" > /dev/null 2>&1
    for f in bar bar_phone; do
      python3 "$SRC/tests/check_layout.py" ${size%x*} ${size#*x} "$OUT/$f.json" > "$OUT/layout.out" 2>&1
      check "$f $size ${view:-plain}: the controls overlap nothing" [ $? -eq 0 ]
      check "$f $size ${view:-plain}: the controls are there" grep -q speech.louder "$OUT/$f.json"
    done
  done
done

# ---- the idle warning and its countdown ----
rm -f "$E"
printf 'tap home.voice\ntap home.request\nadvance 61\nadvance 5\nadvance 2\nadvance 2\nadvance 1\nadvance 1\nadvance 5\n' \
  > "$OUT/idle.txt"
kiosk --script "$OUT/idle.txt" 2> /dev/null
said "$E" > "$OUT/idle.said"
check "the idle warning said as it comes" has "$E" category idle.title idle.countdown idle.continue
check "the countdown said once more at 10 s, not each second" \
  [ "$(grep -c '^category 80 idle.countdown$' "$OUT/idle.said")" -eq 1 ]
check "nothing said under the warning" [ "$(grep -c 'idle.title' "$OUT/idle.said")" -eq 1 ]

# ---- a bad scan, the progress and the thanks, the last 4 digits ----
admin requests act 1 accept --by admin > /dev/null
admin requests act 1 assign --by admin --to 志愿服务队 > /dev/null
admin requests act 1 start --by admin > /dev/null
admin requests act 1 resolve --by admin --note 已修好 > /dev/null
rm -f "$E"
cat > "$OUT/progress.txt" << EOS
tap home.voice
tap home.large
scan KT2.SW01.A.9.0.XXXX.YYYYYYYYYYYYYYYYYYYYYYYYYY
expect-screen check
tap nav.home
scan $P
expect-screen progress
advance 1
dump $OUT/progress_rate.json
tap rate.satisfied
advance 1
dump $OUT/progress_thanks.json
EOS
kiosk --windowed 1080x1920 --script "$OUT/progress.txt" 2> /dev/null
check "progress script" [ $? -eq 0 ]
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT/progress_rate.json" "$OUT/progress_thanks.json" \
  > "$OUT/progress_layout.out" 2>&1
check "the progress steps fit above the controls, with larger text" [ $? -eq 0 ]
check "a bad scan's message said" has "$E" check check.message
check "the progress steps said" has "$E" progress progress.number progress.status progress.steps
check "the thanks after rating said" has "$E" progress progress.thanks
LOOKUP=$(admin --json requests show 1 | python3 -c 'import json,sys
d=json.load(sys.stdin); r=d.get("request",d)
print(r.get("lookup") or r["ticket"]["lookup"])')
rm -f "$E"
{
  echo "tap home.voice"; echo "tap home.check"; echo "tap check.type"
  for c in $(echo "$LOOKUP" | grep -o .); do echo "tap lookup.$c"; done
  echo "tap lookup.ok"; echo "expect-screen last4"
  for c in 0 0 0 1 ok; do echo "tap keypad.$c"; done
  echo "expect-screen last4"
  for c in ok; do echo "tap keypad.$c"; done
} > "$OUT/last4.txt"
kiosk --script "$OUT/last4.txt" 2> /dev/null
check "last4 script" [ $? -eq 0 ]
check "the last 4 digits' refusal said, each time" \
  [ "$(said "$E" | grep -c '^last4 80 last4.message$')" -eq 2 ]

# ---- the booking path: the age, the ticket, the cancellation done ----
rm -f "$E"
{ echo "tap home.voice"; echo "advance 1"
  sed -e "s#@OUT@#$OUT#g" -e "s#@DAY@#$DAY#g" -e '/^dump /d' "$SRC/tests/scripts/walk_booking.txt"; } \
  > "$OUT/booking.txt"
kiosk --script "$OUT/booking.txt" 2> /dev/null
check "booking path read aloud" [ $? -eq 0 ]
check "the age's message said" has "$E" person person.message
check "the booking's review said" has "$E" review review.service review.when review.person \
  review.hospital review.pickup review.needs
check "the booking ticket's details said" has "$E" ticket ticket.number ticket.lookup \
  ticket.booking
B=$(python3 -c 'import json,sys
print([e for e in map(json.loads,open(sys.argv[1])) if e["event"]=="ticket_issued"][-1]["payload"])' "$E")
rm -f "$E"
printf 'tap home.voice\nscan %s\nexpect-screen booking\ntap booking.cancel\ntap cancel.busy\nexpect-screen cancel_sure\ntap cancel.yes\nexpect-screen booking\nadvance 1\n' \
  "$B" > "$OUT/cancel.txt"
kiosk --script "$OUT/cancel.txt" 2> /dev/null
check "cancel script" [ $? -eq 0 ]
check "the booking read with its details" has "$E" booking booking.number booking.service \
  booking.when booking.place booking.status
check "the question before cancelling said" has "$E" cancel_sure cancel.question cancel.yes cancel.no
check "the cancellation done said" python3 -c 'import json,sys
ev=list(map(json.loads,open(sys.argv[1])))
i=[n for n,e in enumerate(ev) if e["event"]=="booking_cancelled"][0]
sys.exit(0 if any(e["event"]=="speak" and "booking.message" in e["said"] for e in ev[i:]) else 1)' "$E"

# ---- a walk-in number: the number and the people waiting ----
rm -f "$E"
admin walkin issue > /dev/null
printf 'tap home.voice\ntap home.queue\nexpect-screen ticket\ndump %s/walkin.json\nadvance 1\n' "$OUT" \
  > "$OUT/walkin.txt"
kiosk --script "$OUT/walkin.txt" 2> /dev/null
check "walk-in script" [ $? -eq 0 ]
check "the walk-in ticket's number and what it shows said" python3 -c 'import json,sys
d=json.load(open(sys.argv[2]))
shown=[w["id"] for w in d["widgets"] if w["text"] and w["role"] in ("label","title") and not w["id"].startswith("speech.")]
s=[e for e in map(json.loads,open(sys.argv[1])) if e["event"]=="speak" and e["screen"]=="ticket"]
sys.exit(0 if s and "ticket.number" in s[0]["said"] and all(i in s[0]["said"] for i in shown) else 1)' \
  "$E" "$OUT/walkin.json"

# ---- the last place taken while the resident reads the review ----
rm -f "$E"
mkfifo "$OUT/ctl"
kiosk --script "$OUT/ctl" > /dev/null 2>&1 &
kpid=$!
exec 3> "$OUT/ctl"
cat >&3 << EOS
tap home.voice
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
dump $OUT/at_review.json
EOS
for _ in $(seq 100); do [ -s "$OUT/at_review.json" ] && break; sleep 0.1; done
for p in 13900000001 13900000002; do
  admin bookings book escort "$DAY" 10:00 --phone $p --age 70 --hospital people \
    --pickup station > /dev/null
done
printf 'tap review.confirm\nexpect-screen review\nadvance 1\n' >&3
exec 3>&-
wait $kpid
check "refusal script" [ $? -eq 0 ]
check "the full slot's refusal and the time offered said" has "$E" review review.refused \
  review.when review.confirm

# ---- home's hint that read aloud exists ----
rm -f "$E"
printf 'advance 20\nadvance 15\nadvance 120\ntap home.lang\nadvance 35\ntap home.voice\nadvance 60\n' \
  > "$OUT/hint.txt"
kiosk --script "$OUT/hint.txt" 2> /dev/null
check "hint script" [ $? -eq 0 ]
said "$E" > "$OUT/hint.said"
check "the hint said softly, once while nobody touches, once more after a touch" \
  [ "$(grep -c '^home 48 home.hint$' "$OUT/hint.said")" -eq 2 ]
check "never with read aloud on" [ "$(grep -c 'home.hint' "$OUT/hint.said")" -eq 2 ]
rm -f "$E"
printf '[voice]\nhint_after = 0\n' > "$OUT/nohint.ini"
kiosk --config "$OUT/nohint.ini" --script <(printf 'advance 120\n') 2> /dev/null
check "hint_after = 0: no hint" [ "$(said "$E" | grep -c home.hint)" -eq 0 ]
finish
