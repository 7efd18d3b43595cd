#!/usr/bin/env bash
# The smaller field-test fixes (issue 15, item 9), headless: an empty field
# shows a hint in words and in its own colour (never "例如 78" or "****"
# that look typed, and in high contrast not the white of typed text); the
# age label points at the keypad where it is (below, or on the right in
# landscape); the address steps show what was picked so far; a resolved
# request's progress shows the staff's note and who resolved it by name.
. "$(dirname "$0")/lib.sh"

d=2
while :; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
  d=$((d + 1))
done

# ---- hints in empty fields, the age label, plain and high contrast ----
for view in plain contrast; do
  for size in 1080x1920 1920x1080; do
    dir=$OUT/$view-$size
    mkdir -p "$dir"
    {
      [ "$view" = contrast ] && echo "tap home.contrast"
      cat <<EOS
tap home.book
tap service.daycare
tap date.$DAY
tap slot.1330
type 13812345678
tap keypad.ok
expect-screen person
dump $dir/person_empty.json
tap keypad.7
tap keypad.8
dump $dir/person_typed.json
tap nav.home
tap home.check
tap check.type
type ACDEFGHJ
tap lookup.ok
expect-screen last4
dump $dir/last4_empty.json
tap keypad.5
dump $dir/last4_typed.json
EOS
    } > "$dir/hints.txt"
    "$KIOSK" --headless --windowed "$size" --db "$dir/k.db" --script "$dir/hints.txt" 2>/dev/null
    check "hints walk $view $size" [ $? -eq 0 ]
    check "empty fields: a hint in words, its own colour at 7:1 ($view $size)" python3 - \
      "$dir" "$view" "$size" <<'PY'
import json, re, sys
d, view, size = sys.argv[1:]
def w(name, wid):
    return {x["id"]: x for x in json.load(open("%s/%s.json" % (d, name)))["widgets"]}[wid]
def lum(h):
    c = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
def ratio(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
def far(a, b):  # told apart at a glance, not only by a shade of white
    return max(abs(int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) for i in (1, 3, 5)) >= 48
ok = True
# no digits that look like an age, no stars that look like a number typed
for field, empty, typed, words, looks_typed in (
        ("person.age", "person_empty", "person_typed", "请输入年龄", r"[0-9]"),
        ("last4.field", "last4_empty", "last4_typed", "请输入后 4 位", r"\*")):
    e, t = w(empty, field), w(typed, field)
    good = (e["text"] == words and not re.search(looks_typed, e["text"])
            and far(e["fg"], t["fg"]) and ratio(e["fg"], e["bg"]) >= 7)
    if not good:
        print("FAIL", view, size, field, e["text"], e["fg"], t["fg"], file=sys.stderr)
    ok = ok and good
label = w("person_empty", "person.age_label")["text"]
where = "右边" if size == "1920x1080" else "下面"
if where not in label:
    print("FAIL", view, size, "age label:", label, file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PY
    python3 "$SRC/tests/check_layout.py" "${size%x*}" "${size#*x}" "$dir"/*.json > /dev/null
    check "hints layout $view $size" [ $? -eq 0 ]
  done
done

# ---- the address steps show what was picked so far ----
cat > "$OUT/addr.txt" <<EOS
tap home.request
tap category.elder
tap issue.other
type 灯坏了
tap nav.next
type 13800138000
tap keypad.ok
tap details.address
dump $OUT/addr_building.json
tap building.12
dump $OUT/addr_unit.json
tap unit.4
dump $OUT/addr_floor.json
tap floor.18
dump $OUT/addr_room.json
tap room.1804
expect-screen details
EOS
kiosk --script "$OUT/addr.txt"
check "address walk" [ $? -eq 0 ]
check "each address step shows the building, unit and floor picked before it" python3 -c '
import json,sys
def so_far(n):
    w={x["id"]:x for x in json.load(open(sys.argv[1]+"/addr_"+n+".json"))["widgets"]}
    return w.get("address.so_far",{}).get("text")
ok=so_far("building") is None and so_far("unit")=="已选：12栋"
ok=ok and so_far("floor")=="已选：12栋 4单元" and so_far("room")=="已选：12栋 4单元 18层"
sys.exit(0 if ok else 1)' "$OUT"
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT"/addr_*.json > /dev/null
check "address layout" [ $? -eq 0 ]

# ---- progress: the resolution's note and who resolved it, by name ----
cat > "$OUT/file.txt" <<EOS
tap home.request
tap category.housing
tap issue.other
type 楼道的灯坏了
tap nav.next
type 13800138000
tap keypad.ok
tap nav.next
tap nav.next
tap review.confirm
expect-screen ticket
EOS
kiosk --script "$OUT/file.txt"
check "request filed" [ $? -eq 0 ]
payload=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="ticket_issued": print(e["payload"]); print(e["request_id"])' \
  "$OUT/events.jsonl")
rid=$(echo "$payload" | tail -1)
payload=$(echo "$payload" | head -1)
admin() { "$KIOSK" admin --db "$DB" "$@" > /dev/null; }
admin staff add wang --name 王丽 --role worker --pin 2468 &&
  admin requests act "$rid" accept --by wang &&
  admin requests act "$rid" assign --by wang --to wang &&
  admin requests act "$rid" start --by wang &&
  admin requests act "$rid" resolve --by wang --note '已换新灯泡，"楼道"亮了'
check "resolved by wang with a note" [ $? -eq 0 ]
for size in 1080x1920 1920x1080; do
  cat > "$OUT/progress.txt" <<EOS
tap home.check
scan $payload
expect-screen progress
dump $OUT/progress_$size.json
EOS
  "$KIOSK" --headless --windowed "$size" --db "$DB" --script "$OUT/progress.txt"
  check "progress shown $size" [ $? -eq 0 ]
  check "progress shows the note and 王丽, not the login ($size)" python3 -c 'import json,sys
w={x["id"]:x for x in json.load(open(sys.argv[1]))["widgets"]}
t={k: v["text"] for k, v in w.items()}
ok=t.get("progress.note")=="办理结果：已换新灯泡，\"楼道\"亮了"
ok=ok and t.get("progress.handler")=="办理人：王丽" and "wang" not in json.dumps(t, ensure_ascii=False)
ok or print(t, file=sys.stderr)
sys.exit(0 if ok else 1)' "$OUT/progress_$size.json"
done

finish
