#!/usr/bin/env bash
# Two quick taps on confirm: one request, one ticket; and a second draft
# gets the next number.
. "$(dirname "$0")/lib.sh"

# where is review.confirm? walk there once and read the dump
sed "s#@OUT@#$OUT#g; /tap-at/d; /expect-screen ticket/d; /expect-text A001/d" \
    "$SRC/tests/scripts/double_tap.txt" > "$OUT/find.txt"
"$KIOSK" --headless --db "$OUT/probe.db" --script "$OUT/find.txt"
read -r X Y < <(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
w=[w for w in d["widgets"] if w["id"]=="review.confirm"][0]
x,y,ww,h=w["rect"]; print(x+ww//2, y+h//2)' "$OUT/review.json")
sed "s#@OUT@#$OUT#g; s#@X@#$X#g; s#@Y@#$Y#g" "$SRC/tests/scripts/double_tap.txt" > "$OUT/tap2.txt"
kiosk --script "$OUT/tap2.txt"
check "double tap script passes" [ $? -eq 0 ]
n=$("$KIOSK" admin --db "$DB" --json requests list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')
check "exactly one request after a double tap (got $n)" [ "$n" = 1 ]
check "exactly one ticket_issued event" [ "$(grep -c ticket_issued "$OUT/events.jsonl")" -eq 1 ]

kiosk --script "$OUT/tap2.txt" 2>/dev/null
check "the next resident's request gets A002" bash -c "grep -o '\"number\":\"A00[0-9]\"' '$OUT/events.jsonl' | tail -1 | grep -q A002"
finish
