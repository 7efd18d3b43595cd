#!/usr/bin/env bash
# Staff mode through `kiosk admin`: staff accounts (add, list, disable,
# enable, reset-pin, --pin from stdin), a request walked through the whole
# workflow with --json checks, refused moves (exit 1), bad input (exit 2),
# the queue's order and its next-page key, walk-in numbers, and 2,000 demo
# requests.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
py() { python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }

# A database and key as the kiosk creates them (admin never creates one),
# with one request filed on the screens: request 1, submitted.
kiosk --script "$(script request_path.txt)" > /dev/null 2>&1
check "the kiosk files a request" [ -s "$DB" ]

# ---- staff accounts ----
admin staff add wang --name 王丽 --role worker --pin 7531 > /dev/null
check "staff add exits 0" [ $? -eq 0 ]
echo 2468 | admin --json staff add xiao --name 小张 --role volunteer --pin - > "$OUT/add.json"
check "staff add --pin - reads stdin" py 'd["staff"]["login"] == "xiao" and d["staff"]["role"] == "volunteer"' < "$OUT/add.json"
admin staff add wang --name 王丽 --role worker --pin 7531 2> /dev/null
check "a login in use exits 1" [ $? -eq 1 ]
admin staff add Bad --name x --role worker --pin 7531 2> /dev/null
check "a bad login exits 2" [ $? -eq 2 ]
admin staff add li --name 李 --role boss --pin 7531 2> /dev/null
check "a bad role exits 2" [ $? -eq 2 ]
admin staff add li --name 李 --role worker --pin 12 2> "$OUT/err.txt"
check "a short PIN exits 2 with one line" [ $? -eq 2 ] && [ "$(wc -l < "$OUT/err.txt")" -eq 1 ]
# Obvious PINs are refused with exit 2 and a reason, on add and on reset.
for weak in 0000 1234 4321 2345 9876 123456; do
    admin staff add li --name 李 --role worker --pin $weak 2> "$OUT/err.txt"
    rc=$?
    check "staff add refuses the PIN $weak (exit 2, says why)" \
        bash -c "[ $rc -eq 2 ] && grep -q 'too easy to guess' '$OUT/err.txt'"
done
admin staff add 2580 --name 数字 --role worker --pin 2580 2> "$OUT/err.txt"
rc=$?
check "a PIN equal to the (numeric) login is refused" \
    bash -c "[ $rc -eq 2 ] && grep -q 'the login' '$OUT/err.txt'"
echo 1111 | admin staff reset-pin wang --pin - 2> /dev/null
check "reset-pin refuses 1111 from stdin (exit 2)" [ $? -eq 2 ]
admin --json staff list > "$OUT/staff.json"
check "staff list --json" py '[s["login"] for s in d["staff"]] == ["xiao", "wang"] and all(s["active"] for s in d["staff"])' < "$OUT/staff.json"
check "no PIN or hash in staff list" bash -c "! grep -q -e 7531 -e argon '$OUT/staff.json'"
admin staff disable xiao > /dev/null
check "staff disable" bash -c "'$KIOSK' admin --db '$DB' staff list | grep -q '^xiao .*disabled'"
admin staff enable xiao > /dev/null && admin staff reset-pin xiao --pin 5827 > /dev/null
check "staff enable and reset-pin exit 0" [ $? -eq 0 ]
admin staff disable nobody 2> /dev/null
check "an unknown login exits 1" [ $? -eq 1 ]

# ---- a request through the workflow ----
ID=1
admin --json queue list > "$OUT/q0.json"
check "request 1 is in the queue" py '[r["id"] for r in d["rows"]] == [1] and d["rows"][0]["status"] == "submitted" and d["next"] is None' < "$OUT/q0.json"
act() { admin --json requests act "$ID" "$@"; }
act accept --by wang > "$OUT/a1.json"
check "accept" py 'd["changed"] and d["status"] == "accepted"' < "$OUT/a1.json"
act start --by wang > "$OUT/a2.json" 2> /dev/null
check "start from accepted is refused with exit 1" [ $? -eq 1 ]
check "the refusal says why in JSON" py 'd["changed"] is False and "accepted" in d["reason"]' < "$OUT/a2.json"
act assign --by xiao --to wang > /dev/null 2>&1
check "a volunteer may not assign (exit 1)" [ $? -eq 1 ]
act assign --by wang > /dev/null 2>&1
check "assign without --to exits 2" [ $? -eq 2 ]
act assign --by wang --to 没有这个队 > /dev/null 2>&1
check "assign to an unknown assignee exits 2" [ $? -eq 2 ]
act assign --by wang --to 志愿服务队 > "$OUT/a3.json"
check "assign to a team" py 'd["status"] == "assigned" and d["assignee"] == "志愿服务队"' < "$OUT/a3.json"
act assign --by admin --to wang --note 换人跟进 > "$OUT/a4.json"
check "hand over to a staff member" py 'd["assignee"] == "wang"' < "$OUT/a4.json"
act start --by wang > /dev/null
act resolve --by wang > /dev/null 2>&1
check "resolve without a note exits 2" [ $? -eq 2 ]
act resolve --by wang --note 已修好 > "$OUT/a5.json"
check "resolve" py 'd["status"] == "resolved"' < "$OUT/a5.json"
admin --json requests rate "$ID" satisfied --comment 很好 > "$OUT/a6.json"
check "rating closes it" py 'd["status"] == "closed" and d["rating"] == "satisfied"' < "$OUT/a6.json"
admin requests rate "$ID" basic > /dev/null 2>&1
check "rating a closed request exits 1" [ $? -eq 1 ]
act cancel --by wang --note x > /dev/null 2>&1
check "cancelling a closed request exits 1" [ $? -eq 1 ]
admin requests act "$ID" fly --by wang > /dev/null 2>&1
check "an unknown action exits 2" [ $? -eq 2 ]
admin requests act 999999 accept --by wang > /dev/null 2>&1
check "an unknown request exits 1" [ $? -eq 1 ]
admin --json requests show "$ID" > "$OUT/show.json"
check "requests show has assignee, rating, updated_at and the timeline" \
    py 'd["assignee"] == "wang" and d["rating"] == "satisfied" and d["updated_at"] and [e["detail"].get("action") for e in d["events"] if e["kind"] == "status_changed"] == ["accept", "assign", "assign", "start", "resolve", "close"]' < "$OUT/show.json"
admin requests show "$ID" | grep -q '^  assignee    wang'
check "requests show text has the assignee" [ $? -eq 0 ]

# ---- demo data and the queue ----
admin --json demo requests 2000 --seed 9 > "$OUT/demo.json"
check "demo requests 2000" py 'd["made"] == 2000' < "$OUT/demo.json"
admin --json queue list --limit 50 > "$OUT/q1.json"
check "queue list is in (qkey, created_at, id) order" \
    py 'len(d["rows"]) == 50 and [(r["qkey"], r["created_at"], r["id"]) for r in d["rows"]] == sorted((r["qkey"], r["created_at"], r["id"]) for r in d["rows"]) and d["next"] == d["rows"][-1]["key"] and d["total"] > 50' < "$OUT/q1.json"
NEXT=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["next"])' < "$OUT/q1.json")
admin --json queue list --limit 50 --after "$NEXT" > "$OUT/q2.json"
python3 - "$OUT/q1.json" "$OUT/q2.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
ka = [(r["qkey"], r["id"]) for r in a["rows"]]; kb = [(r["qkey"], r["id"]) for r in b["rows"]]
assert not set(r["id"] for r in a["rows"]) & set(r["id"] for r in b["rows"])
last = a["rows"][-1]; first = b["rows"][0]
assert (last["qkey"], last["created_at"], last["id"]) < (first["qkey"], first["created_at"], first["id"])
PY
check "the next page follows the first" [ $? -eq 0 ]
admin --json queue list --status closed --category elder --limit 5 > "$OUT/q3.json"
check "queue list filters" py 'all(r["status"] == "closed" and r["category"] == "elder" for r in d["rows"])' < "$OUT/q3.json"
admin queue list --limit 5 | grep -q 'next page: --after'
check "queue list text says how to get the next page" [ $? -eq 0 ]
admin queue list --after nonsense > /dev/null 2>&1
check "a bad --after exits 2" [ $? -eq 2 ]
admin queue list --status flying > /dev/null 2>&1
check "a bad --status exits 2" [ $? -eq 2 ]

# ---- assignees ----
admin assignees add team 楼长队 > /dev/null
admin --json assignees list > "$OUT/as.json"
check "assignees list has staff, teams and partners" \
    py '{a["kind"] for a in d["assignees"]} == {"staff","team","partner"} and any(a["name"] == "楼长队" for a in d["assignees"])' < "$OUT/as.json"
admin assignees add club x > /dev/null 2>&1
check "a bad assignee kind exits 2" [ $? -eq 2 ]

# A filter that names nothing is bad input (exit 2) naming the valid values,
# not an empty list with exit 0.
admin requests list --status bogus > "$OUT/f.out" 2> "$OUT/f.err"
rc=$?
check "requests list --status bogus exits 2 naming the statuses, prints no table" \
    bash -c "[ $rc -eq 2 ] && grep -q 'submitted, accepted, assigned, in_progress' '$OUT/f.err' &&
             [ \$(wc -l < '$OUT/f.err') -eq 1 ] && [ ! -s '$OUT/f.out' ]"
admin queue list --category bogus > /dev/null 2> "$OUT/f.err"
rc=$?
check "queue list --category bogus exits 2 naming the categories" \
    bash -c "[ $rc -eq 2 ] && grep -q 'bogus' '$OUT/f.err' && grep -q 'elder' '$OUT/f.err'"
admin queue list --status bogus > /dev/null 2> "$OUT/f.err"
rc=$?
check "queue list --status bogus exits 2 naming the statuses" \
    bash -c "[ $rc -eq 2 ] && grep -q 'in_progress' '$OUT/f.err'"
admin --json requests list --status closed > "$OUT/f.json"
check "requests list --status closed still works" py 'isinstance(d["requests"], list)' < "$OUT/f.json"

# ---- walk-in numbers ----
admin walkin call --counter 1 > /dev/null 2>&1
check "calling with nobody waiting exits 1" [ $? -eq 1 ]
admin --json walkin issue > "$OUT/w1.json"
admin --json walkin issue > "$OUT/w2.json"
check "walk-in numbers Q001, Q002" py 'd["number"] == "Q002" and d["ahead"] == 1' < "$OUT/w2.json"
P1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["payload"])' < "$OUT/w1.json")
admin ticket verify "$P1" > /dev/null
check "a walk-in ticket verifies" [ $? -eq 0 ]
admin --json walkin call --counter 2 --by xiao > "$OUT/c1.json"
admin --json walkin call --counter 3 > "$OUT/c2.json"
check "two calls, two numbers in order" py 'd["called"]["number"] == "Q002" and d["called"]["counter"] == 3' < "$OUT/c2.json"
check "the first call got Q001" py 'd["called"]["number"] == "Q001"' < "$OUT/c1.json"
admin --json walkin list > "$OUT/wl.json"
check "walkin list" py 'd["waiting"] == 0 and [c["number"] for c in d["called"]] == ["Q002", "Q001"]' < "$OUT/wl.json"
admin walkin call --counter 0 > /dev/null 2>&1
check "counter 0 exits 2" [ $? -eq 2 ]

finish
