#!/usr/bin/env bash
# bench.sh - the project's benchmark.  Usage: tools/bench.sh path/to/kiosk
# Prints, for the foundation's targets:
#   cold start to first frame (headless, median of 5; the kiosk's own
#     first_frame event, measured from the top of main, and the whole
#     process from exec to exit as a second view)
#   peak RSS of a full request path (/usr/bin/time -v)
#   CPU used while idle for 10 s (a real window under Xvfb, and headless)
#   confirm tap to ticket frame, durable commit included (median of 5)
#   instructions for the full request path (callgrind), when valgrind is there
set -euo pipefail
KIOSK=$(readlink -f "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d /tmp/kiosk-bench.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
export TZ=Asia/Shanghai

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { # field EVENT KEY FILE
    python3 -c 'import json,sys
for l in open(sys.argv[3]):
    e=json.loads(l)
    if e["event"]==sys.argv[1]: print(e[sys.argv[2]])' "$1" "$2" "$3"
}

sed "s#@OUT@#$OUT#g" "$SRC/tests/scripts/request_path.txt" > "$OUT/path.txt"
: > "$OUT/empty.txt"

echo "== cold start to first frame (headless, 1080x1920) =="
for i in 1 2 3 4 5; do
    rm -f "$OUT"/s.db* "$OUT/ev.jsonl"
    sync
    start=$(date +%s%N)
    "$KIOSK" --headless --db "$OUT/s.db" --events "$OUT/ev.jsonl" --script "$OUT/empty.txt"
    end=$(date +%s%N)
    field first_frame ms "$OUT/ev.jsonl" >> "$OUT/ff.txt"
    echo $(( (end - start) / 1000000 )) >> "$OUT/proc.txt"
done
echo "first frame (from main): median $(median < "$OUT/ff.txt") ms  [$(tr '\n' ' ' < "$OUT/ff.txt")]"
echo "whole process exec..exit with a new database: median $(median < "$OUT/proc.txt") ms"

echo "== confirm tap to ticket frame, and peak RSS of the request path =="
for i in 1 2 3 4 5; do
    rm -f "$OUT"/p.db* "$OUT/ev.jsonl"
    /usr/bin/time -v -o "$OUT/time.txt" "$KIOSK" --headless --db "$OUT/p.db" \
        --events "$OUT/ev.jsonl" --script "$OUT/path.txt" >/dev/null
    field ticket_shown ms "$OUT/ev.jsonl" >> "$OUT/confirm.txt"
    awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt" >> "$OUT/rss.txt"
done
echo "confirm to ticket frame: median $(median < "$OUT/confirm.txt") ms  [$(tr '\n' ' ' < "$OUT/confirm.txt")]"
echo "peak RSS: median $(( $(median < "$OUT/rss.txt") / 1024 )) MiB ($(median < "$OUT/rss.txt") KiB)"

cpu_of() { # pid -> utime+stime in clock ticks
    awk '{print $14 + $15}' "/proc/$1/stat"
}
idle_cpu() { # label pid
    sleep 2
    local a b
    a=$(cpu_of "$2")
    sleep 10
    b=$(cpu_of "$2")
    local hz
    hz=$(getconf CLK_TCK)
    python3 -c "print('idle CPU, $1: %.2f%% of one core over 10 s (%d ticks)' % (($b-$a)*100.0/($hz*10), $b-$a))"
}
echo "== CPU while idle for 10 s =="
"$KIOSK" --headless --db "$OUT/i.db" &
pid=$!
idle_cpu "headless" $pid
kill $pid; wait $pid 2>/dev/null || true
if command -v xvfb-run >/dev/null; then
    xvfb-run -a -s "-screen 0 1080x1920x24" "$KIOSK" --windowed 1080x1920 --db "$OUT/x.db" &
    wrapper=$!
    sleep 1
    pid=$(pgrep -n -f "kiosk --windowed 1080x1920 --db $OUT/x.db" || true)
    if [ -n "$pid" ]; then
        idle_cpu "window under Xvfb" "$pid"
        kill "$pid"
    fi
    wait $wrapper 2>/dev/null || true
fi

if command -v valgrind >/dev/null; then
    echo "== instructions (callgrind) =="
    rm -f "$OUT"/c.db*
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg.out" "$KIOSK" --headless \
        --db "$OUT/c.db" --script "$OUT/path.txt" 2>"$OUT/cg.log" >/dev/null
    grep -o "Collected : [0-9]*" "$OUT/cg.log" | sed 's/Collected :/request path, instructions:/'
fi

echo "== printing: receipt jobs to a loopback test printer =="
rm -f "$OUT"/pr.db*
"$KIOSK" --headless --db "$OUT/pr.db" --script "$OUT/path.txt" >/dev/null
for w in 58 80; do
    rm -f "$OUT/port" "$OUT/job.bin"
    python3 "$SRC/tests/tools/fake_printer.py" save "$OUT/port" "$OUT/job.bin" &
    lp=$!
    for i in $(seq 50); do [ -s "$OUT/port" ] && break; sleep 0.1; done
    printf '[printer]\nuri = tcp:127.0.0.1:%s\npaper = %s\n' "$(cat "$OUT/port")" "$w" > "$OUT/p.ini"
    rm -f "$OUT"/q.db* "$OUT/ev.jsonl"
    "$KIOSK" --headless --config "$OUT/p.ini" --db "$OUT/q.db" --events "$OUT/ev.jsonl" \
        --script "$OUT/path.txt" >/dev/null
    wait $lp
    printf '%s mm: %s bytes a job; render %s ms, send %s ms; ' "$w" \
        "$(field printed bytes "$OUT/ev.jsonl")" "$(field printed render_ms "$OUT/ev.jsonl")" \
        "$(field printed ms "$OUT/ev.jsonl")"
    "$KIOSK" admin --json --db "$OUT/pr.db" ticket png 1 "$OUT/r.png" --width "$w" |
        python3 -c 'import json,sys; d=json.load(sys.stdin); print("%dx%d dots, QR version %d, %d dots a module" % (d["width"], d["height"], d["qr_version"], d["qr_module_dots"]))'
done

echo "== booking: availability and the booking transaction over 100,000 bookings =="
BENCH_BOOKING="$(dirname "$KIOSK")/tests/bench_booking"
if [ -x "$BENCH_BOOKING" ]; then
    rm -f "$OUT"/bk.db*
    /usr/bin/time -v "$BENCH_BOOKING" "$OUT/bk.db" 100000 2>"$OUT/bk.time"
    grep -E "Maximum resident|Elapsed" "$OUT/bk.time"
fi
