#!/usr/bin/env bash
# The on-screen input panel end to end, headless: a description typed by
# tapping pinyin keys and candidates and written on the handwriting pad
# (script `stroke`), filed, and read back with `kiosk admin requests show`
# to be exactly what the screen showed; the idle reset forgetting what was
# typed; both modes dumped in both languages and orientations for
# check_layout.py, and screenshots of each.
. "$(dirname "$0")/lib.sh"
export TMPDIR=$OUT/tmp # where the pinyin engine keeps its (temporary) folder
mkdir -p "$TMPDIR"

# Where the pad is (portrait): open it once and read the dump.
cat > "$OUT/pad.txt" <<EOS
tap home.request
tap category.housing
tap issue.other
tap describe.field
tap ime.mode
dump $OUT/pad.json
EOS
kiosk --script "$OUT/pad.txt" 2>/dev/null
check "the pad opens" [ $? -eq 0 ]

# The request script with the fixtures' strokes placed on the pad.
python3 - "$SRC/tests/scripts/ime_request.txt" "$SRC/tests/fixtures/hand.txt" "$OUT/pad.json" \
    "$OUT" > "$OUT/ime_request.txt" <<'PY'
import json, sys
script, fixtures, pad, out = sys.argv[1:5]
x0, y0, w, h = next(wd["rect"] for wd in json.load(open(pad))["widgets"] if wd["id"] == "ime.pad")
side = min(w, h) * 0.8
ox, oy = x0 + (w - side) / 2, y0 + (h - side) / 2
chars = {}
for line in open(fixtures, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    ch, rest = line.split(" ", 1)
    strokes = []
    for part in rest.split("|"):
        pts = [tuple(int(v) for v in p.split(",")) for p in part.split()]
        dense = [pts[0]]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            dense += [(ax + (bx - ax) * k / 8, ay + (by - ay) * k / 8) for k in range(1, 9)]
        strokes.append("stroke " + " ".join("%d,%d" % (ox + x * side / 100, oy + y * side / 100)
                                            for x, y in dense))
    chars[ch] = strokes
for line in open(script, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("@STROKES "):
        print("\n".join(chars[line[len("@STROKES "):-1]]))
    else:
        print(line.replace("@OUT@", out))
PY
kiosk --script "$OUT/ime_request.txt"
check "typing and writing a description passes" [ $? -eq 0 ]

# What the describe screen showed is what was stored, character for character.
shown=$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(next(w["text"] for w in d["widgets"] if w["id"]=="describe.field"))' "$OUT/describe_done.json")
check "the description was typed" [ -n "$shown" ]
json=$("$KIOSK" admin requests show 1 --json --db "$DB")
python3 - "$json" "$shown" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
shown = sys.argv[2]
assert r["description"] == shown, (r["description"], shown)
assert r["description"] == "社工站楼梯灯2，十王o", r["description"]
print("stored:", r["description"], "| name:", r["name"])
PY
check "the stored description is exactly what was shown" [ $? -eq 0 ]
python3 - "$json" "$OUT/ime_cands.json" "$OUT/name_cands.json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
def cands(path):
    return [w["text"] for w in json.load(open(path))["widgets"] if w["id"].startswith("ime.cand.")]
assert cands(sys.argv[2])[2] == "灯", cands(sys.argv[2])
assert cands(sys.argv[3])[2] == "李建", cands(sys.argv[3])
assert r["name"] == "李建国", r["name"]
PY
check "the name was typed in pinyin (li jian, then guo)" [ $? -eq 0 ]
check "the handwriting pad showed candidates" \
    grep -q '"id":"ime.cand.0","role":"button","text":"十"' "$OUT/ime_hand_cands.json"

# The idle reset: the next resident finds nothing of the last one's.
kiosk --script "$(script ime_privacy.txt)"
check "the privacy script passes" [ $? -eq 0 ]
check "an emoji is refused and logged" grep -q '"event":"input_rejected"' "$OUT/events.jsonl"
check "the pinyin engine's temporary folder is gone after exit" \
    [ -z "$(ls -A "$TMPDIR")" ]

# The hint about pinyin belongs to the letters page: the symbols page,
# nothing typed, shows none (it still did).
cat > "$OUT/sym.txt" <<EOS
tap home.request
tap category.housing
tap issue.other
tap describe.field
dump $OUT/sym_letters.json
tap ime.sym
dump $OUT/sym_page.json
EOS
kiosk --script "$OUT/sym.txt"
check "symbols page walk" [ $? -eq 0 ]
check "the pinyin hint on the letters page, none on the symbols page" python3 -c 'import json,sys
ids=lambda f:{w["id"] for w in json.load(open(f))["widgets"]}
sys.exit(0 if "ime.hint" in ids(sys.argv[1]) and "ime.hint" not in ids(sys.argv[2]) else 1)' \
  "$OUT/sym_letters.json" "$OUT/sym_page.json"

# Layout of both modes, zh/en, portrait and landscape.
for lang in zh en; do
  for size in 1080x1920 1920x1080; do
    dir=$OUT/$lang-$size
    mkdir -p "$dir"
    sed "s#@OUT@#$dir#g" "$SRC/tests/scripts/ime_layout.txt" > "$dir/walk.txt"
    [ "$lang" = en ] && sed -i 's/^#EN //' "$dir/walk.txt"
    "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$dir/k.db" \
        --script "$dir/walk.txt" 2>/dev/null
    check "panel walk $lang $size" [ $? -eq 0 ]
    n=$(ls "$dir"/*.json | wc -l)
    check "panel walk $lang $size dumped 7 views (got $n)" [ "$n" -eq 7 ]
    python3 "$SRC/tests/check_layout.py" "${size%x*}" "${size#*x}" "$dir"/*.json
    check "panel layout $lang $size" [ $? -eq 0 ]
    for shot in ime_pinyin ime_sym ime_english ime_hand; do
      check "screenshot $lang $size $shot" [ -s "$dir/$shot.png" ]
    done
  done
done
finish
