#!/usr/bin/env bash
# Booking through `kiosk admin`: services, availability, closing a day, bad
# input, the per-phone limit, demo data, and processes racing for the last
# places of a slot (exactly the capacity wins, the rest are told the next free
# slot).  Dates come from today's real date: weekdays at least two days ahead.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
# jq-like checks: py 'EXPRESSION over d' < json
py() { python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }

# The first Monday-to-Friday date at least $1 days from today.
weekday_from() {
    local n=$1 d
    while :; do
        d=$(date -d "today +$n day" +%F)
        if [ "$(date -d "$d" +%u)" -le 5 ]; then echo "$d"; return; fi
        n=$((n + 1))
    done
}
# Whole days from today's date to the date $1, whatever the time of day: both
# are read as UTC midnights, so neither the clock nor a DST change moves it.
days_from_today() { echo $(( ($(date -u -d "$1" +%s) - $(date -u -d "$(date +%F)" +%s)) / 86400 )); }
D1=$(weekday_from 2)
D2=$(weekday_from $(( $(days_from_today "$D1") + 1 )))
D3=$(weekday_from $(( $(days_from_today "$D2") + 1 )))
D4=$(weekday_from $(( $(days_from_today "$D3") + 1 )))
check "four different days ($D1 $D2 $D3 $D4)" [ "$(printf '%s\n' "$D1" "$D2" "$D3" "$D4" | sort -u | wc -l)" -eq 4 ]

# A database as the kiosk creates it (admin never creates one).
admin services list > /dev/null 2>&1
check "admin refuses a missing database with exit 3" [ $? -eq 3 ]
printf 'expect-screen home\n' > "$OUT/start.txt"
kiosk --script "$OUT/start.txt"
check "the kiosk creates the database" [ -s "$DB" ]

# ---- services ----
text=$(admin services list)
check "services list exits 0" [ $? -eq 0 ]
check "services list shows daycare" grep -q '^daycare' <<< "$text"
check "services list shows its slots" grep -q 'slots 08:30-11:30/12,13:30-17:00/12' <<< "$text"
check "services list shows the closed days" grep -q 'closed days from' <<< "$text"
admin --json services list > "$OUT/services.json"
check "services list --json is JSON with the five services" \
    py '[s["code"] for s in d["services"]] == ["daycare","escort","homevisit","counselling","meals"] and d["services"][1]["escort"] is True and d["closures"] == []' < "$OUT/services.json"

admin services change daycare --slots "08:30-11:30/3,13:30-17:00/3" > /dev/null
check "services change exits 0" [ $? -eq 0 ]
check "the new capacity is stored" bash -c "'$KIOSK' admin --db '$DB' --json services list |
    python3 -c 'import json,sys; d=json.load(sys.stdin); s=d[\"services\"][0]; assert [x[\"capacity\"] for x in s[\"slot_list\"]]==[3,3] and s[\"lead_hours\"]==2 and s[\"en\"]==\"Elder day care\"'"

admin availability daycare --from "$D1" --days 3 > "$OUT/avail.txt"
check "availability exits 0" [ $? -eq 0 ]
check "availability shows the slots taken/capacity" grep -q '08:30-11:30 *0/3 *open' "$OUT/avail.txt"
admin --json availability daycare > "$OUT/avail.json"
check "availability --json covers the horizon" \
    py 'len(d["days"]) == 14 and any(x["day"] == "'"$D1"'" and x["state"] == "open" and x["places"] == 6 for x in d["days"])' < "$OUT/avail.json"

# ---- racing for three places ----
# race TAG SERVICE DAY TIME: ten processes released together.
race() {
    local tag=$1 i
    rm -f "$OUT/go"
    for i in 0 1 2 3 4 5 6 7 8 9; do
        (
            while [ ! -e "$OUT/go" ]; do sleep 0.005; done
            "$KIOSK" admin --db "$DB" --json bookings book "$2" "$3" "$4" \
                --phone "1390000${tag}0$i" --age 70 > "$OUT/race$tag.$i.out" 2> "$OUT/race$tag.$i.err"
            echo $? > "$OUT/race$tag.$i.rc"
        ) &
    done
    sleep 0.3
    touch "$OUT/go"
    wait
    python3 - "$OUT" "$tag" <<'PY'
import json, sys
out, tag = sys.argv[1], sys.argv[2]
won, lost = [], []
for i in range(10):
    rc = int(open(f"{out}/race{tag}.{i}.rc").read())
    body = open(f"{out}/race{tag}.{i}.out").read()
    err = open(f"{out}/race{tag}.{i}.err").read()
    d = json.loads(body) if body.strip() else None
    if rc == 0:
        assert d and d["booked"] is True, (i, body, err)
        won.append(d["id"])
    else:
        assert rc == 1, (i, rc, err)
        assert d and d["booked"] is False and d["reason"] == "full", (i, body)
        assert d["next_day"] and d["next_slot"], (i, body)
        assert "full" in err and "next free:" in err, (i, err)
        lost.append(i)
assert len(won) == 3 and len(lost) == 7, (won, lost)
open(f"{out}/race{tag}.won", "w").write(" ".join(map(str, won)))
PY
}
race 11 daycare "$D1" 08:30
check "race 1: exactly 3 of 10 win, 7 are told full and the next free slot" [ $? -eq 0 ]
race 12 daycare "$D2" 13:30
check "race 2 (another day and slot): exactly 3 win" [ $? -eq 0 ]
race 13 daycare "$D3" 08:30
check "race 3 (a third day): exactly 3 win" [ $? -eq 0 ]
check "the next free slot after a full $D1 08:30 is $D1 13:30" \
    py 'd["next_day"] == "'"$D1"'" and d["next_slot"] == "13:30"' < "$(grep -l '"booked":false' "$OUT"/race11.*.out | head -1)"

n=$(admin --json bookings list --day "$D1" --service daycare --status booked |
    python3 -c 'import json,sys; print(sum(b["slot"] == "08:30" for b in json.load(sys.stdin)["bookings"]))')
check "bookings list shows the 3 winners of race 1 (got $n)" [ "$n" = 3 ]
check "bookings list masks the phone" bash -c "! '$KIOSK' admin --db '$DB' bookings list | grep -q 1390000"
check "availability says full for the raced slot" \
    bash -c "'$KIOSK' admin --db '$DB' availability daycare --from $D1 --days 1 | grep -q '08:30-11:30 *3/3 *full'"

# ---- cancel: the place comes back ----
id=$(cut -d' ' -f1 "$OUT/race11.won")
admin bookings cancel "$id" > /dev/null 2>&1
check "cancel without a reason is bad usage (exit 2)" [ $? -eq 2 ]
admin bookings cancel "$id" --reason "家里有事" > /dev/null
check "bookings cancel exits 0" [ $? -eq 0 ]
admin bookings cancel "$id" --reason again > /dev/null 2>&1
check "cancelling twice is refused (exit 1)" [ $? -eq 1 ]
check "availability shows the place back" \
    bash -c "'$KIOSK' admin --db '$DB' availability daycare --from $D1 --days 1 | grep -q '08:30-11:30 *2/3 *open'"
admin --json bookings show "$id" > "$OUT/show.json"
check "bookings show has the ticket and the timeline" \
    py 'd["status"] == "cancelled" and d["reason"] == "家里有事" and d["phone"].startswith("1390000") and d["ticket"]["payload"].startswith("KT3.") and [e["kind"] for e in d["events"]] == ["booking_created", "booking_cancelled"]' < "$OUT/show.json"
admin bookings show "$id" | grep -q "timeline:"
check "bookings show in text" [ $? -eq 0 ]
payload=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["ticket"]["payload"])' < "$OUT/show.json")
admin ticket verify "$payload" > /dev/null
check "the booking's ticket verifies" [ $? -eq 0 ]
admin bookings checkin "$(cut -d' ' -f2 "$OUT/race11.won")" > /dev/null 2>&1
check "check-in days before the slot is refused (exit 1)" [ $? -eq 1 ]
admin bookings show 999999 > /dev/null 2>&1
check "an unknown booking id exits 1" [ $? -eq 1 ]
admin bookings sweep > /dev/null
check "bookings sweep exits 0" [ $? -eq 0 ]

# ---- a closed day ----
admin services close daycare "$D4" > /dev/null
check "services close exits 0" [ $? -eq 0 ]
check "availability says closed with the reason" \
    bash -c "'$KIOSK' admin --db '$DB' availability daycare --from $D4 --days 1 | grep -q 'closed: 暂停服务 / Closed'"
admin --json bookings book daycare "$D4" 08:30 --phone 13600000001 --age 80 > "$OUT/closed.json" 2> /dev/null
check "booking a closed day is refused (exit 1)" [ $? -eq 1 ]
check "the refusal says closed" py 'd["reason"] == "closed"' < "$OUT/closed.json"
check "services list shows the closed day" bash -c "'$KIOSK' admin --db '$DB' services list | grep -q '$D4.*daycare'"
admin services reopen daycare "$D4" > /dev/null
check "services reopen exits 0" [ $? -eq 0 ]
check "availability is open again" \
    bash -c "'$KIOSK' admin --db '$DB' availability daycare --from $D4 --days 1 | grep -q '^$D4 ... *open'"

# ---- bad input: exit 2 with one line on stderr ----
bad_input() { # bad_input DESCRIPTION ARGS...
    local what=$1; shift
    admin "$@" > /dev/null 2> "$OUT/err.txt"
    local rc=$?
    check "$what exits 2 (got $rc)" [ $rc -eq 2 ]
    check "$what says why in one line" [ "$(wc -l < "$OUT/err.txt")" -eq 1 ]
}
bad_input "a date that does not exist" bookings book daycare 2026-02-30 08:30 --phone 13600000001 --age 80
bad_input "an unknown service" bookings book nosuch "$D1" 08:30 --phone 13600000001 --age 80
bad_input "a time 25:00" bookings book daycare "$D1" 25:00 --phone 13600000001 --age 80
bad_input "a booking without --phone" bookings book daycare "$D1" 08:30 --age 80
bad_input "an unknown option" bookings book daycare "$D1" 08:30 --phone 13600000001 --age 80 --colour red
bad_input "availability of an unknown service" availability nosuch
bad_input "availability for 61 days" availability daycare --days 61
bad_input "closing a bad date" services close daycare 2026-13-01
bad_input "an escort without a hospital" bookings book escort "$D1" 09:00 --phone 13600000001 --age 80

# ---- one phone, at most three open bookings ----
P=13700000001
admin bookings book daycare "$D1" 13:30 --phone $P --age 80 > /dev/null
check "phone limit: first booking" [ $? -eq 0 ]
admin --json bookings book daycare "$D1" 13:30 --phone $P --age 80 > "$OUT/twice.json" 2> /dev/null
check "the same phone twice in one slot is refused" py 'd["reason"] == "phone_slot"' < "$OUT/twice.json"
admin bookings book daycare "$D2" 08:30 --phone $P --age 80 > /dev/null
check "phone limit: second booking" [ $? -eq 0 ]
admin bookings book homevisit "$D1" 09:00 --phone $P --age 80 --name 王阿姨 > /dev/null
check "phone limit: third booking" [ $? -eq 0 ]
admin --json bookings book homevisit "$D2" 14:00 --phone $P --age 80 > "$OUT/limit.json" 2> "$OUT/limit.err"
check "the fourth open booking is refused with exit 1" [ $? -eq 1 ]
check "the refusal says phone_limit" py 'd["booked"] is False and d["reason"] == "phone_limit"' < "$OUT/limit.json"
check "stderr says phone_limit" grep -q phone_limit "$OUT/limit.err"
admin --json bookings book escort "$D2" 10:00 --phone 13700000002 --age 81 --hospital people \
    --department eye --pickup home --building 5栋 --unit 1 --room 602 --needs wheelchair,companion > "$OUT/escort.json"
check "an escort with hospital, pick-up at home and needs" py 'd["booked"] is True and d["number"].startswith("C")' < "$OUT/escort.json"

# ---- a new service, then demo data ----
admin services add library --zh 图书角 --en "Reading corner" --letter G --slots 09:00-12:00/5 \
    --days mon-sat --lead-hours 0 --horizon-days 7 > /dev/null
check "services add exits 0" [ $? -eq 0 ]
admin services add library --zh 图书角 --en "Reading corner" --letter J --slots 09:00-12:00/5 > /dev/null 2>&1
check "adding the same code again is refused (exit 1)" [ $? -eq 1 ]
admin services change library --active no > /dev/null
check "services change --active no" [ $? -eq 0 ]
check "an inactive service is listed as such" bash -c "'$KIOSK' admin --db '$DB' services list | grep -q 'Reading corner  (not active)'"

start=$(date +%s)
admin --json demo bookings 2000 --seed 7 > "$OUT/demo.json"
check "demo bookings 2000 exits 0" [ $? -eq 0 ]
check "demo bookings made them" py 'd["made"] >= 1900 and d["asked"] == 2000' < "$OUT/demo.json"
echo "demo bookings 2000: $(( $(date +%s) - start )) s (a figure, not a check; tools/bench.sh measures)"
n=$(admin --json bookings list --limit 100000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["bookings"]))')
check "bookings list sees them all (got $n)" [ "$n" -ge 1900 ]

# ---- odd input never crashes ----
for args in "bookings" "bookings book" "bookings book a b c d" "availability --days" \
    "services change daycare --slots ,,," "services add x --zh --en" "bookings list --limit 99999999999" \
    "bookings show -1" "bookings cancel 1 --reason" "demo bookings 1000001" \
    "services close all 2026-02-29" "bookings book daycare $D1 8:30 --phone 1 --age 80"; do
    admin $args > /dev/null 2>&1
    rc=$?
    check "no crash on: $args (exit $rc)" [ $rc -le 3 ]
done
finish
