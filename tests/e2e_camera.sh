#!/usr/bin/env bash
# The camera path without a camera: a still-image source ("image:PATH")
# shows a rendered ticket to the same capture thread, zbar decoder and scan
# path a V4L2 camera uses; the kiosk logs a valid scan for its own ticket and
# an invalid one for another kiosk's.
. "$(dirname "$0")/lib.sh"

kiosk --script "$(script request_path.txt)" >/dev/null
"$KIOSK" admin --db "$DB" ticket png 1 "$OUT/receipt.png" --width 58 >/dev/null
check "a rendered receipt to show the camera" [ -s "$OUT/receipt.png" ]

printf '[camera]\ndevice = image:%s\n' "$OUT/receipt.png" > "$OUT/cam.ini"
printf 'advance 2\nexpect-screen home\n' > "$OUT/wait.txt"
# A scan shows what the ticket is: this request's progress.
printf 'advance 2\nexpect-screen progress\nexpect-text A001\n' > "$OUT/wait_scan.txt"
"$KIOSK" --headless --config "$OUT/cam.ini" --db "$DB" --events "$OUT/cam.jsonl" --script "$OUT/wait_scan.txt"
check "the kiosk runs with the camera" [ $? -eq 0 ]
check "the camera's read is a valid scan" grep -q '"event":"scan".*"valid":true' "$OUT/cam.jsonl"
check "held up for 2 s, it counts once" [ "$(grep -c '"event":"scan"' "$OUT/cam.jsonl")" -eq 1 ]

# the ticket screen of another kiosk, through the camera: refused
"$KIOSK" --headless --db "$OUT/other.db" --script "$(script request_path.txt)" >/dev/null
printf '[camera]\ndevice = image:%s\n' "$OUT/ticket.png" > "$OUT/cam2.ini"
printf 'advance 2\nexpect-screen check\nexpect-text 不能识别\n' > "$OUT/wait_bad.txt"
"$KIOSK" --headless --config "$OUT/cam2.ini" --db "$DB" --events "$OUT/cam2.jsonl" --script "$OUT/wait_bad.txt"
check "another kiosk's ticket: the resident is told it cannot be read" [ $? -eq 0 ]
check "another kiosk's ticket through the camera is refused" grep -q '"event":"scan".*"valid":false' "$OUT/cam2.jsonl"

# a camera that is not there: logged, and the kiosk runs on
printf '[camera]\ndevice = /dev/no-such-video9\n' > "$OUT/nocam.ini"
"$KIOSK" --headless --config "$OUT/nocam.ini" --db "$DB" --events "$OUT/nocam.jsonl" --script "$OUT/wait.txt" 2>"$OUT/err.txt"
check "no camera: the kiosk still runs" [ $? -eq 0 ]
check "no camera: logged" grep -q '"where":"camera"' "$OUT/nocam.jsonl"
check "no camera: said on stderr" grep -q "no camera at /dev/no-such-video9" "$OUT/err.txt"
finish
