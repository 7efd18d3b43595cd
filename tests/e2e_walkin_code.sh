#!/usr/bin/env bash
# A walk-in number's lookup code and QR code lead to its state (issue 15):
# typed under 查看我的号码单 (no phone digits asked: a walk-in gave none) or
# scanned, they show in large words how many wait before it, the window it
# was called to, that its counter has moved on, or that it is of another
# day.
. "$(dirname "$0")/lib.sh"

issue() { "$KIOSK" admin --db "$DB" --json walkin issue; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
kiosk --script /dev/null # creates the database and its key
q1=$(issue); q2=$(issue); q3=$(issue)
l3=$(field "$q3" lookup); p1=$(field "$q1" payload)
check "three numbers issued" [ "$(field "$q3" number)" = Q003 ]

type_code() { # the resident's way by hand: home -> check -> type the code
    printf 'tap home.check\ntap check.type\ntype %s\ntap lookup.ok\n' "$1"
}
state() { # DUMP: the state and detail lines as "state|detail"
    python3 -c 'import json,sys
w={w["id"]:w["text"] for w in json.load(open(sys.argv[1]))["widgets"]}
print(w.get("walkin.number",""), w.get("walkin.state",""), w.get("walkin.detail",""), sep="|")' "$1"
}

# waiting, two ahead: typed by hand, lower case and with a space as people do
{ type_code "$(echo "${l3:0:4} ${l3:4}" | tr A-Z a-z)"
  printf 'expect-screen walkin\ndump %s/waiting.json\n' "$OUT"; } > "$OUT/a.txt"
kiosk --script "$OUT/a.txt"
check "the walk-in's code shows its state, no phone asked" [ $? -eq 0 ]
check "waiting: two ahead" [ "$(state "$OUT/waiting.json")" = "Q003|请等候叫号|前面还有 2 位，请留意大屏" ]
check "the lookup is logged without the code" grep -q '"event":"lookup","at":"[^"]*","found":true,"kind":"walkin"' "$OUT/events.jsonl"

# Q001 called to window 2: its QR scanned
"$KIOSK" admin --db "$DB" walkin call --counter 2 > /dev/null
{ printf 'scan %s\nexpect-screen walkin\ndump %s/called.json\n' "$p1" "$OUT"
  printf 'tap nav.home\n'; type_code "$l3"; printf 'dump %s/one_ahead.json\n' "$OUT"; } > "$OUT/b.txt"
kiosk --script "$OUT/b.txt"
check "script b passes" [ $? -eq 0 ]
check "called: go to window 2" [ "$(state "$OUT/called.json")" = "Q001|请到 2 号窗口|叫号窗口：2" ]
check "waiting: one ahead now" [ "$(state "$OUT/one_ahead.json")" = "Q003|请等候叫号|前面还有 1 位，请留意大屏" ]

# Q002 called to window 2 too: Q001's turn there has passed
"$KIOSK" admin --db "$DB" walkin call --counter 2 > /dev/null
printf 'scan %s\nexpect-screen walkin\ndump %s/before.json\ntap nav.home\n' "$p1" "$OUT" > "$OUT/c.txt"
type_code "$l3" >> "$OUT/c.txt"; printf 'dump %s/next.json\n' "$OUT" >> "$OUT/c.txt"
kiosk --lang en --script "$OUT/c.txt"
check "script c passes" [ $? -eq 0 ]
check "called before (English)" [ "$(state "$OUT/before.json")" = "Q001|Your number has been called|It was called to window 2. If you missed it, please ask at the desk" ]
check "next (English)" [ "$(state "$OUT/next.json")" = "Q003|Please wait to be called|You are next: watch the board" ]

# Q002 (called to window 2) passed over there: window 2 calls Q003
"$KIOSK" admin --db "$DB" walkin skip --counter 2 > /dev/null
check "staff passed Q002 over" [ $? -eq 0 ]
{ type_code "$(field "$q2" lookup)"; printf 'dump %s/passed.json\ntap nav.home\n' "$OUT"
  type_code "$l3"; printf 'dump %s/now.json\n' "$OUT"; } > "$OUT/s.txt"
kiosk --script "$OUT/s.txt"
check "script s passes" [ $? -eq 0 ]
check "passed over" [ "$(state "$OUT/passed.json")" = "Q002|已过号|请到服务台，工作人员会帮您" ]
check "Q003 called to window 2 in its place" [ "$(state "$OUT/now.json")" = "Q003|请到 2 号窗口|叫号窗口：2" ]

# the next day the number has expired
{ printf 'advance 86400\n'; type_code "$l3"; printf 'expect-screen walkin\ndump %s/expired.json\n' "$OUT"; } > "$OUT/d.txt"
kiosk --script "$OUT/d.txt"
check "script d passes" [ $? -eq 0 ]
python3 - "$OUT/expired.json" <<'PY'
import json, sys
w = {w["id"]: w["text"] for w in json.load(open(sys.argv[1]))["widgets"]}
assert w["walkin.state"] == "这个号已过期", w
assert w["walkin.detail"].endswith("的号。请重新取号"), w
PY
check "another day: expired" [ $? -eq 0 ]

# a code that is no walk-in's still asks for the phone's last 4 digits
{ type_code ACDEFGHJ; printf 'expect-screen last4\n'; } > "$OUT/e.txt"
kiosk --script "$OUT/e.txt"
check "any other code asks for the phone's last 4 digits" [ $? -eq 0 ]
finish
