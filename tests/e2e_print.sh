#!/usr/bin/env bash
# Receipt printing end to end: the kiosk prints the ticket when it is issued
# through file:, tcp: (a loopback test printer) and dev: (a FIFO); the job is
# decoded back into an image, zbarimg reads the QR, and `ticket verify`
# accepts it.  Faults (nobody listening, a printer that never reads, a
# missing device) never lose the ticket nor stop the script, and are logged
# and shown.
. "$(dirname "$0")/lib.sh"
TOOLS=${3:-}
DECODE="$TOOLS/escpos_decode"
PRINTER="python3 $SRC/tests/tools/fake_printer.py"

run_with_printer() { # NAME URI PAPER: files a request with that printer
    local name=$1 uri=$2 paper=$3
    printf '[printer]\nuri = %s\npaper = %s\ntimeout_ms = 2000\n' "$uri" "$paper" > "$OUT/$name.ini"
    sed "s#@OUT@#$OUT/$name#g" "$SRC/tests/scripts/request_path.txt" > "$OUT/$name.txt"
    mkdir -p "$OUT/$name"
    "$KIOSK" --headless --config "$OUT/$name.ini" --db "$OUT/$name.db" \
        --events "$OUT/$name.jsonl" --script "$OUT/$name.txt"
}
payload_of() { grep -o '"payload":"[^"]*"' "$1" | head -1 | cut -d'"' -f4; }
decodes_to() { # JOB PAYLOAD DB: the job's QR reads back as PAYLOAD and verifies
    "$DECODE" "$1" "$1.pbm" >/dev/null &&
    [ "$(zbarimg -q --raw "$1.pbm" 2>/dev/null)" = "$2" ] &&
    "$KIOSK" admin --db "$3" ticket verify "$2" >/dev/null
}

# file:, 58 mm
run_with_printer file "file:$OUT/job58.bin" 58
check "file: the request path passes with a printer" [ $? -eq 0 ]
p=$(payload_of "$OUT/file.jsonl")
check "file: a printed event" grep -q '"event":"printed"' "$OUT/file.jsonl"
check "file: 384 dots wide" bash -c "'$DECODE' '$OUT/job58.bin' /dev/null | grep -q '^384x'"
check "file: the QR in the job decodes and verifies" decodes_to "$OUT/job58.bin" "$p" "$OUT/file.db"

# what the resident sees when it printed, and that print again works after it
printf '[printer]\nuri = file:%s\n' "$OUT/again58.bin" > "$OUT/ok.ini"
cat > "$OUT/ok.txt" <<S
tap home.request
tap category.elder
tap issue.meals
type 13800138000
key Return
tap nav.next
tap nav.next
tap review.confirm
advance 2
expect-text 回执已打印，请取走
dump $OUT/printed.json
tap ticket.print
advance 2
expect-text 回执已打印，请取走
S
"$KIOSK" --headless --config "$OUT/ok.ini" --db "$OUT/ok.db" --events "$OUT/ok.jsonl" --script "$OUT/ok.txt"
check "printed: the screen says so, and print again prints again" [ $? -eq 0 ]
check "printed: two printed events" [ "$(grep -c '"event":"printed"' "$OUT/ok.jsonl")" -eq 2 ]
check "printed: print again is enabled" python3 -c 'import json,sys
w=[w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="ticket.print"][0]
assert w["enabled"], w' "$OUT/printed.json"

# a job still out when the resident taps done still reaches the log
$PRINTER stall "$OUT/portlate" & lp=$!
for i in $(seq 50); do [ -s "$OUT/portlate" ] && break; sleep 0.1; done
printf '[printer]\nuri = tcp:127.0.0.1:%s\ntimeout_ms = 1000\n' "$(cat "$OUT/portlate")" > "$OUT/late.ini"
head -8 "$OUT/ok.txt" > "$OUT/late.txt"
printf 'advance 1\ntap ticket.done\nexpect-screen home\n' >> "$OUT/late.txt"
"$KIOSK" --headless --config "$OUT/late.ini" --db "$OUT/late.db" --events "$OUT/late.jsonl" --script "$OUT/late.txt"
check "late: the script passes" [ $? -eq 0 ]
check "late: the failure is logged although the screen moved on" grep -q '"where":"print"' "$OUT/late.jsonl"
kill $lp 2>/dev/null; wait $lp 2>/dev/null

# tcp:, 80 mm, a loopback test printer
$PRINTER save "$OUT/port80" "$OUT/job80.bin" & lp=$!
for i in $(seq 50); do [ -s "$OUT/port80" ] && break; sleep 0.1; done
run_with_printer tcp "tcp:127.0.0.1:$(cat "$OUT/port80")" 80
check "tcp: the request path passes" [ $? -eq 0 ]
wait $lp
p=$(payload_of "$OUT/tcp.jsonl")
check "tcp: 576 dots wide" bash -c "'$DECODE' '$OUT/job80.bin' /dev/null | grep -q '^576x'"
check "tcp: the QR in the job decodes and verifies" decodes_to "$OUT/job80.bin" "$p" "$OUT/tcp.db"
check "tcp: the screen said it printed" grep -q '"event":"printed"' "$OUT/tcp.jsonl"

# dev:, a FIFO with a reader
mkfifo "$OUT/lp0"
timeout 20 cat "$OUT/lp0" > "$OUT/jobfifo.bin" & reader=$!
run_with_printer fifo "dev:$OUT/lp0" 58
check "dev: the request path passes" [ $? -eq 0 ]
wait $reader
p=$(payload_of "$OUT/fifo.jsonl")
check "dev: the QR in the job decodes and verifies" decodes_to "$OUT/jobfifo.bin" "$p" "$OUT/fifo.db"

# faults: the ticket is issued, the script goes on, the error is logged and shown
fault() { # NAME URI [TEXT]: TEXT is what the ticket screen says (a failure by default)
    local name=$1 uri=$2 said=${3:-打印机暂时不能打印}
    printf '[printer]\nuri = %s\ntimeout_ms = 1500\n' "$uri" > "$OUT/$name.ini"
    cat > "$OUT/$name.txt" <<S
tap home.request
tap category.elder
tap issue.meals
type 13800138000
key Return
tap nav.next
tap nav.next
tap review.confirm
expect-screen ticket
expect-text A001
advance 3
expect-text $said
dump $OUT/$name.json
tap ticket.print
advance 3
expect-text $said
tap ticket.done
expect-screen home
S
    "$KIOSK" --headless --config "$OUT/$name.ini" --db "$OUT/$name.db" \
        --events "$OUT/$name.jsonl" --script "$OUT/$name.txt"
    check "$name: the script goes on and passes" [ $? -eq 0 ]
    check "$name: the ticket was issued" grep -q '"event":"ticket_issued"' "$OUT/$name.jsonl"
    check "$name: two print errors logged (first print and print again)" \
        [ "$(grep -c '"where":"print"' "$OUT/$name.jsonl")" -eq 2 ]
    check "$name: nothing logged as printed" bash -c "! grep -q '\"event\":\"printed\"' '$OUT/$name.jsonl'"
    check "$name: the resident is not told it printed" bash -c "! grep -q '回执已打印' '$OUT/$name.json'"
}
fake() { # MODE NAME: starts the test printer in MODE; its port in $OUT/port.NAME
    $PRINTER "$1" "$OUT/port.$2" & lp=$!
    for i in $(seq 50); do [ -s "$OUT/port.$2" ] && break; sleep 0.1; done
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
fault refused "tcp:127.0.0.1:$port"
$PRINTER stall "$OUT/portstall" & lp=$!
for i in $(seq 50); do [ -s "$OUT/portstall" ] && break; sleep 0.1; done
fault stalled "tcp:127.0.0.1:$(cat "$OUT/portstall")"
kill $lp 2>/dev/null; wait $lp 2>/dev/null
# the printer's own status after the job (DLE EOT): out of paper is a
# failure that names the cause; no answer is "not confirmed", never printed
fake paperout paperout
fault paperout "tcp:127.0.0.1:$(cat "$OUT/port.paperout")"
check "paperout: the cause is logged" grep -q 'the printer reports: out of paper' "$OUT/paperout.jsonl"
kill $lp 2>/dev/null; wait $lp 2>/dev/null
fake silent silent
fault silent "tcp:127.0.0.1:$(cat "$OUT/port.silent")" 打印机没有回答是否已打印
check "silent: logged as not confirmed" grep -q '"message":"[^"]*not confirmed[^"]*","unconfirmed":true' "$OUT/silent.jsonl"
kill $lp 2>/dev/null; wait $lp 2>/dev/null
# The longest printing messages (English, bold) fit under the QR code on a
# landscape screen, plain and with larger text (they ran out of their box).
for view in plain large; do
  fake silent "silent-$view"
  printf '[printer]\nuri = tcp:127.0.0.1:%s\ntimeout_ms = 1500\n' "$(cat "$OUT/port.silent-$view")" \
    > "$OUT/silent-$view.ini"
  { [ "$view" = large ] && echo "tap home.large"
    printf 'tap home.request\ntap category.elder\ntap issue.meals\ntype 13800138000\nkey Return\n'
    printf 'tap nav.next\ntap nav.next\ntap review.confirm\nexpect-screen ticket\nadvance 3\n'
    printf 'expect-text did not say whether it printed\ndump %s\n' "$OUT/silent-$view.json"
  } > "$OUT/silent-$view.txt"
  "$KIOSK" --headless --windowed 1920x1080 --lang en --config "$OUT/silent-$view.ini" \
    --db "$OUT/silent-$view.db" --script "$OUT/silent-$view.txt"
  check "silent, English landscape $view: not confirmed on screen" [ $? -eq 0 ]
  python3 "$SRC/tests/check_layout.py" 1920 1080 "$OUT/silent-$view.json"
  check "silent, English landscape $view: the message fits" [ $? -eq 0 ]
  kill $lp 2>/dev/null; wait $lp 2>/dev/null
done
fake closemid closemid
fault closemid "tcp:127.0.0.1:$(cat "$OUT/port.closemid")"
kill $lp 2>/dev/null; wait $lp 2>/dev/null
fault nodevice "dev:$OUT/no/such/lp0"
check "the missing device is named in the log" grep -q 'no such' "$OUT/nodevice.jsonl"
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT/refused.json"
check "the ticket screen with a failed print passes the layout check" [ $? -eq 0 ]

# admin: receipts as PNG at both widths, and printing a stored ticket
for w in 58 80; do
  "$KIOSK" admin --db "$OUT/file.db" ticket png 1 "$OUT/receipt$w.png" --width $w >/dev/null
  check "admin ticket png --width $w" [ -s "$OUT/receipt$w.png" ]
  check "its QR decodes ($w mm)" [ "$(zbarimg -q --raw "$OUT/receipt$w.png" 2>/dev/null)" = "$(payload_of "$OUT/file.jsonl")" ]
done
"$KIOSK" admin --db "$OUT/file.db" ticket print 1 --printer "file:$OUT/again.bin" --width 80 >/dev/null
check "admin ticket print to file:" decodes_to "$OUT/again.bin" "$(payload_of "$OUT/file.jsonl")" "$OUT/file.db"
"$KIOSK" admin --db "$OUT/file.db" ticket print 1 --printer "tcp:127.0.0.1:$port" 2>/dev/null
check "admin ticket print to nobody exits 3" [ $? -eq 3 ]
"$KIOSK" admin --db "$OUT/file.db" ticket print 1 --printer "lpt1" 2>/dev/null
check "a bad printer URI exits 2" [ $? -eq 2 ]
printf '[printer]\npaper = 80\n' > "$OUT/paper80.ini"
"$KIOSK" admin --db "$OUT/file.db" --config "$OUT/paper80.ini" ticket print 1 --printer "file:$OUT/cfg80.bin" >/dev/null
check "admin ticket print takes [printer] paper = 80 from --config: 576 dots" \
    bash -c "'$DECODE' '$OUT/cfg80.bin' /dev/null | grep -q '^576x'"
check "its QR decodes and verifies" decodes_to "$OUT/cfg80.bin" "$(payload_of "$OUT/file.jsonl")" "$OUT/file.db"

# file: never replaces what is not a regular file (a FIFO, a device node)
mkfifo "$OUT/target.fifo"
"$KIOSK" admin --db "$OUT/file.db" ticket print 1 --printer "file:$OUT/target.fifo" 2>"$OUT/target.fifo.err"
check "file: onto a FIFO exits 3" [ $? -eq 3 ]
check "file: onto a FIFO says why" grep -q 'a FIFO is there and is not a regular file' "$OUT/target.fifo.err"
check "file: the FIFO is left as it was" [ -p "$OUT/target.fifo" ]
if [ "$(id -u)" -eq 0 ] && mknod "$OUT/null" c 1 3 2>/dev/null; then
  "$KIOSK" admin --db "$OUT/file.db" ticket print 1 --printer "file:$OUT/null" 2>"$OUT/null.err"
  check "file: onto a device node exits 3" [ $? -eq 3 ]
  check "file: onto a device says why" grep -q 'a device is there' "$OUT/null.err"
  check "file: the device node is left as it was" [ -c "$OUT/null" ]
else
  echo "e2e_print: not root or no mknod here: the device node case is skipped" >&2
fi
finish
