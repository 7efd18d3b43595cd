#!/usr/bin/env bash
# The IT helper's side, headless: the staff maintenance screen (version,
# site, database, printer), a printer test page sent to a file and read
# back (ESC/POS decoded, the QR decoded by zbarimg), the scanner test (a
# scan is shown, not acted on), the screen test's touch grid, the touch
# check of the four corners, restarting, and the screen turned 90 degrees
# for a portrait panel on landscape hardware.
. "$(dirname "$0")/lib.sh"
TOOLS=${3:-$(dirname "$KIOSK")/tests}
admin() { "$KIOSK" admin --db "$DB" "$@"; }
login='press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
expect-screen staff'

kiosk --script "$(script request_path.txt)" > /dev/null
P=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="ticket_issued": print(e["payload"])' "$OUT/events.jsonl" | tail -1)
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
printf '[printer]\nuri = file:%s/test.bin\npaper = 58\n' "$OUT" > "$OUT/p.ini"

cat > "$OUT/maint.txt" <<EOS
$login
tap staff.maint
expect-screen maint
expect-text 程序版本
expect-text file:$OUT/test.bin
dump $OUT/m01_maint.json
tap maint.print_test
advance 2
expect-text 回执已打印
scan $P
expect-screen maint
expect-text 扫码正常
tap maint.screen
expect-screen screentest
tap screentest.cell.1
tap screentest.cell.24
tap-at 300 1500
expect-text 点到：300, 1500
dump $OUT/m02_screentest.json
tap nav.back
tap maint.calibrate
expect-screen calibrate
tap calib.tl
tap calib.tr
tap calib.bl
tap calib.br
expect-text 四个角都点到了
dump $OUT/m03_calibrate.json
tap calib.done
tap maint.restart
EOS
"$KIOSK" --headless --config "$OUT/p.ini" --db "$DB" --events "$OUT/events.jsonl" \
  --script "$OUT/maint.txt"
check "maintenance: versions, test page, scanner, screen and touch tests" [ $? -eq 0 ]
check "the test page was printed" [ -s "$OUT/test.bin" ]
"$TOOLS/escpos_decode" "$OUT/test.bin" "$OUT/test.pbm" > /dev/null &&
  python3 - "$OUT/test.pbm" "$OUT/test.pgm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# P4 (1 bit) to P5 (8 bit) so zbarimg can read it
parts = data.split(b"\n", 2)
w, h = map(int, parts[1].split())
bits = parts[2]
row = (w + 7) // 8
out = bytearray()
for y in range(h):
    for x in range(w):
        out.append(0 if bits[y * row + x // 8] & (0x80 >> (x % 8)) else 255)
open(sys.argv[2], "wb").write(b"P5\n%d %d\n255\n" % (w, h) + bytes(out))
PY
check "the test page's QR code reads TEST SW01" \
  [ "$(zbarimg --quiet --raw "$OUT/test.pgm" 2>/dev/null)" = "TEST SW01" ]
check "the scanner test did not act on the scan" \
  [ "$(grep -c '"event":"status_changed"\|"event":"checked_in"' "$OUT/events.jsonl")" -eq 0 ]
grep -q '"event":"restart_requested"' "$OUT/events.jsonl"
check "restart asked for and logged" [ $? -eq 0 ]
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT"/m*.json
check "maintenance layout" [ $? -eq 0 ]

# ---- the screen turned 90 degrees ----
printf '[screen]\nrotate = 90\n' > "$OUT/r.ini"
printf 'shot %s/turned.png\ntap home.book\nexpect-screen service\n' "$OUT" > "$OUT/turn.txt"
"$KIOSK" --headless --config "$OUT/r.ini" --db "$OUT/r.db" --script "$OUT/turn.txt"
check "a turned screen works" [ $? -eq 0 ]
python3 - "$OUT/turned.png" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
w, h = struct.unpack(">II", data[16:24])
sys.exit(0 if (w, h) == (1920, 1080) else 1)
PY
check "the turned screenshot is 1920x1080, as the panel" [ $? -eq 0 ]
finish
