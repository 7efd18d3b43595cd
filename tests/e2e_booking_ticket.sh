#!/usr/bin/env bash
# What a booking's ticket says (issue 15): the escort ticket names the
# service, the day and time, the pick-up at home with its address, the
# hospital and department, and what to do (wait at home: nobody "shows it
# when they come" when a social worker comes to the door); on screen in
# both languages, and on the printed receipt, decoded from the printer's
# job and compared with the receipt rendered from the stored booking.
. "$(dirname "$0")/lib.sh"
DECODE="${3:-}/escpos_decode"

d=2
while :; do
    DAY=$(date -d "+$d day" +%F)
    [ "$(date -d "$DAY" +%u)" -le 5 ] && break
    d=$((d + 1))
done
printf '[printer]\nuri = file:%s/job.bin\npaper = 58\n' "$OUT" > "$OUT/print.ini"
for lang in zh en; do
    mkdir -p "$OUT/$lang"
    sed -e "s#@OUT@#$OUT/$lang#g" -e "s#@DAY@#$DAY#g" -e '/^dump .*b1[0-2]_/!{/^dump /d}' \
        "$SRC/tests/scripts/walk_booking.txt" > "$OUT/$lang/walk.txt"
    printf 'advance 2\n' >> "$OUT/$lang/walk.txt"
    "$KIOSK" --headless --lang $lang --config "$OUT/print.ini" --db "$OUT/$lang.db" \
        --events "$OUT/$lang.jsonl" --script "$OUT/$lang/walk.txt"
    check "$lang: the escort is booked" [ $? -eq 0 ]
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
want = {
    "zh": ["服务：陪诊就医", "时间：", "接您地点：您家门口（3栋 2单元 1203室）", "医院：市人民医院 眼科",
           "请带上：", "请在约定时间在家等候，社工上门接您"],
    "en": ["Service: Medical escort", "When: ", "Meeting place: At your home (Bldg 3 Unit 2 Room 1203)",
           "Hospital: City People's Hospital Eyes", "Please wait at home at the agreed time"],
}
for lang, lines in want.items():
    d = json.load(open("%s/%s/b12_ticket.json" % (out, lang)))
    w = {x["id"]: x["text"] for x in d["widgets"]}
    info = w["ticket.booking"]
    for l in lines:
        assert l in info, "%s: %r not in %r" % (lang, l, info)
    alltext = " ".join(w.values())
    for bad in ("来时出示", "Show it when you come"):
        assert bad not in alltext, "%s: %r on a pick-up at home" % (lang, bad)
PY
check "the ticket screen names what was booked, in both languages" [ $? -eq 0 ]

# the printed receipt: what the kiosk sent is what the stored booking renders
# (test_receipt checks those lines' words)
check "the receipt was printed" grep -q '"event":"printed"' "$OUT/en.jsonl"
"$DECODE" "$OUT/job.bin" "$OUT/job.pbm" > /dev/null
check "the printer's job decodes" [ $? -eq 0 ]
# the zh run printed first; the en run overwrote job.bin: render the en
# receipt of the en database's ticket
tid=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="ticket_issued": print(e["id"])' "$OUT/en.jsonl")
printf '[screen]\nlang = en\n' > "$OUT/en.ini"
"$KIOSK" admin --db "$OUT/en.db" --config "$OUT/en.ini" ticket png "$tid" "$OUT/stored.png" --width 58 > /dev/null
# the decoder adds a 32-dot white border for zbarimg's quiet zone
convert "$OUT/job.pbm" -shave 32x32 "$OUT/job.png"
diff=$(compare -metric AE "$OUT/job.png" "$OUT/stored.png" null: 2>&1)
check "the printed receipt is the stored booking's receipt ($diff dots differ)" [ "$diff" = 0 ]
check "the QR on the printed receipt reads" bash -c "zbarimg -q --raw '$OUT/job.pbm' | grep -q '^KT'"
finish
