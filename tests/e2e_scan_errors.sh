#!/usr/bin/env bash
# The keyboard-wedge scan path, Escape on the ticket screen, and the exit
# statuses and messages for bad usage and a broken environment.
. "$(dirname "$0")/lib.sh"

# a first ticket to scan
kiosk --script "$(script request_path.txt)" >/dev/null
payload=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="ticket_issued": print(e["payload"])' "$OUT/events.jsonl")
sed "s#@OUT@#$OUT#g; s#@PAYLOAD@#$payload#g" "$SRC/tests/scripts/scan_escape.txt" > "$OUT/se.txt"
kiosk --script "$OUT/se.txt"
check "scan and escape script passes" [ $? -eq 0 ]
check "a valid scan event" grep -q '"event":"scan".*"valid":true' "$OUT/events.jsonl"
check "a forged scan event" grep -q '"event":"scan".*"valid":false' "$OUT/events.jsonl"
check "the scanned payload did not land in the phone field" \
    python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
f=[w for w in d["widgets"] if w["id"]=="phone.field"][0]
assert f["text"]=="", f["text"]' "$OUT/phone_after_scan.json"
check "three tickets in all" [ "$(grep -c ticket_issued "$OUT/events.jsonl")" -eq 3 ]

# a person typing "K" then more is typing, not scanning
cat > "$OUT/typing.txt" <<'S'
tap home.request
tap category.other
type K
advance 1
type 楼下
expect-text K楼下
S
kiosk --script "$OUT/typing.txt"
check "text held as a possible scan is typed after a pause" [ $? -eq 0 ]

# bad usage: exit 2 and one line on stderr
"$KIOSK" --bogus 2>"$OUT/err.txt"; rc=$?
check "unknown option exits 2" [ $rc -eq 2 ]
check "unknown option names it" grep -q -- "--bogus" "$OUT/err.txt"
printf '[idle]\nwarn_after = soon\n' > "$OUT/bad.ini"
"$KIOSK" --headless --config "$OUT/bad.ini" --db "$DB" --script /dev/null 2>"$OUT/err.txt"
check "a bad config exits 2" [ $? -eq 2 ]
check "the message names file and key" grep -q "bad.ini.*warn_after" "$OUT/err.txt"
echo "frobnicate now" > "$OUT/bad.txt"
kiosk --script "$OUT/bad.txt" 2>"$OUT/err.txt"
check "a malformed script exits 2" [ $? -eq 2 ]
check "it says which line" grep -q "bad.txt:1" "$OUT/err.txt"
echo "tap no.such.widget" > "$OUT/nowidget.txt"
kiosk --script "$OUT/nowidget.txt" 2>/dev/null
check "a tap on a missing widget exits 1" [ $? -eq 1 ]

# environment: exit 3 with a message
"$KIOSK" --headless --db "$OUT" --script /dev/null 2>"$OUT/err.txt"
check "a directory as database exits 3" [ $? -eq 3 ]
check "with a message naming it" grep -q "$OUT" "$OUT/err.txt"
"$KIOSK" admin --db "$OUT/none.db" requests list 2>"$OUT/err.txt"
check "admin on a missing database exits 3" [ $? -eq 3 ]
check "and creates nothing" [ ! -e "$OUT/none.db" ]
if [ -w /dev/full ]; then
  "$KIOSK" --headless --db "$DB" --events /dev/full --script /dev/null 2>"$OUT/err.txt"
  check "a full disk under the event log exits 3" [ $? -eq 3 ]
fi

# admin JSON stays valid for awkward input
"$KIOSK" admin --json --db "$DB" ticket png 1 "$OUT/a\"b\\c.png" > "$OUT/png.json"
check "ticket png JSON is valid with quotes in the name" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT/png.json"
for bad in "" "$(head -c 100000 /dev/zero | tr '\0' A)" $'\xff\xfe' "KT1.SW01.A.01.AAAAAAAAAAAAAAAAAAAAAAAA" "$payload "; do
  "$KIOSK" admin --json --db "$DB" ticket verify "$bad" > "$OUT/v.json"
  rc=$?
  check "ticket verify refuses hostile input with exit 1 (got $rc)" [ $rc -eq 1 ]
  check "and prints valid JSON" python3 -c 'import json,sys; assert not json.load(open(sys.argv[1]))["valid"]' "$OUT/v.json"
done
finish
