#!/usr/bin/env bash
# bench_frames.sh - what a frame and the start-up cost, in instructions
# (callgrind: deterministic, whatever else the machine is doing) and, when
# the machine is quiet, in milliseconds on one core.
#
#     tools/bench_frames.sh path/to/kiosk [DIR]
#
# DIR keeps the 100,000-request database between runs (made the first time,
# which takes a minute or two; a temporary folder when not given).  Prints:
#   - instructions per scrolling frame of the staff queue over 100,000
#     requests: BENCH_DRAGS drags (default 20) against the same script
#     without them, the difference over the frames they added (and per drag);
#     the same for BENCH_DRAGS slow drags of 150 px (the rows stay on screen);
#   - instructions per home frame: the language toggled BENCH_TOGGLES times
#     (default 20) against none, over the frames added;
#   - start-up to the home screen (an existing database, an empty script,
#     whole process) against the bare stack (tests/bench_bare: SDL, SDL_ttf,
#     the regular face, a line of Chinese, a QR code, one frame), in
#     instructions and in CPU ms at the first frame (median of 5);
#   - frame times of the same drags and toggles under `taskset -c 0`, only
#     when the load average is under 1.5 (else it says so).
# Lines starting with "| " are rows for docs/benchmarks.md.
set -euo pipefail
KIOSK=$(readlink -f "$1")
BIN=$(dirname "$KIOSK")
DRAGS=${BENCH_DRAGS:-20}
TOGGLES=${BENCH_TOGGLES:-20}
TMP=$(mktemp -d /tmp/kiosk-frames.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
DIR=${2:-$TMP}
mkdir -p "$DIR"
export TZ=Asia/Shanghai
FONTS=$("$KIOSK" --version | sed -n 's/.*(fonts: \(.*\))$/\1/p')

field() { # field EVENT KEY FILE: the last value
    python3 -c 'import json,sys
v=None
for l in open(sys.argv[3]):
    e=json.loads(l)
    if e["event"]==sys.argv[1]: v=e[sys.argv[2]]
print(v if v is not None else 0)' "$1" "$2" "$3"
}
copy_db() { # SRC DST: a database with its keys
    rm -f "$2"*
    for f in "$1" "$1.key" "$1.sign.key"; do
        if [ -f "$f" ]; then cp "$f" "$2${f#"$1"}"; fi
    done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# callgrind LABEL DB-or-"" ARGS...: instructions of one run (the database
# copied afresh, so every run starts from the same one)
callgrind() {
    local label=$1 db=$2
    shift 2
    local args=()
    if [ -n "$db" ]; then
        copy_db "$db" "$TMP/run.db"
        args=(--db "$TMP/run.db")
    fi
    rm -f "$TMP/$label.jsonl"
    valgrind --tool=callgrind --callgrind-out-file="$TMP/$label.cg" "$@" "${args[@]}" \
        2>"$TMP/$label.log" >/dev/null || true
    grep -o "Collected : [0-9]*" "$TMP/$label.log" | awk '{print $3}'
}

# ---- the database: 100,000 requests, a staff account ----
if [ ! -s "$DIR/bq.db" ]; then
    echo "== making the 100,000-request database in $DIR (once) =="
    rm -f "$DIR"/bq.db*
    "$BIN/tests/bench_queue" "$DIR/bq.db" 100000 >/dev/null
    "$KIOSK" admin --db "$DIR/bq.db" staff add bench --name 测试 --role head --pin 9753 >/dev/null
    sync
fi
if [ ! -s "$DIR/home.db" ]; then
    "$KIOSK" --headless --db "$DIR/home.db" --script /dev/null
fi
printf '[site]\ncode = BENCH\n' > "$TMP/bq.ini"
login='press staff.entry 3
tap staff_pick.bench
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
tap staff.queue'
printf '%s\n' "$login" > "$TMP/q0.txt"
{ printf '%s\n' "$login"
  for _ in $(seq "$DRAGS"); do printf 'drag 540 1700 540 500\nadvance 0.3\n'; done; } > "$TMP/q1.txt"
{ printf '%s\n' "$login"
  for _ in $(seq "$DRAGS"); do printf 'drag 540 1600 540 1450\nadvance 0.3\n'; done; } > "$TMP/q2.txt"
: > "$TMP/h0.txt"
for _ in $(seq "$TOGGLES"); do echo "tap home.lang"; done > "$TMP/h1.txt"

per_frame() { # LABEL I0 I1 F0 F1 UNITS UNIT-NAME
    python3 -c 'import sys
l, i0, i1, f0, f1, units, name = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
d = i1 - i0
print("%s: %.1f M instructions a frame (%.2f G over %d frames; %.1f M a %s)" % (l, d / max(f1 - f0, 1) / 1e6, d / 1e9, f1 - f0, d / units / 1e6, name))' "$@"
}

if command -v valgrind >/dev/null; then
    echo "== instructions (callgrind) =="
    q0=$(callgrind q0 "$DIR/bq.db" "$KIOSK" --headless --config "$TMP/bq.ini" \
        --events "$TMP/q0.jsonl" --script "$TMP/q0.txt")
    q1=$(callgrind q1 "$DIR/bq.db" "$KIOSK" --headless --config "$TMP/bq.ini" \
        --events "$TMP/q1.jsonl" --script "$TMP/q1.txt")
    line=$(per_frame "queue scrolling frame, 100000 requests" "$q0" "$q1" \
        "$(field frames count "$TMP/q0.jsonl")" "$(field frames count "$TMP/q1.jsonl")" "$DRAGS" drag)
    echo "$line"
    echo "| instructions, queue scrolling frame, 100,000 requests ($DRAGS drags against none) | ${line#*: } |"
    q2=$(callgrind q2 "$DIR/bq.db" "$KIOSK" --headless --config "$TMP/bq.ini" \
        --events "$TMP/q2.jsonl" --script "$TMP/q2.txt")
    line=$(per_frame "queue slow scrolling frame, 100000 requests" "$q0" "$q2" \
        "$(field frames count "$TMP/q0.jsonl")" "$(field frames count "$TMP/q2.jsonl")" "$DRAGS" drag)
    echo "$line"
    echo "| instructions, queue slow scrolling frame (rows staying on screen), 100,000 requests ($DRAGS drags of 150 px) | ${line#*: } |"
    h0=$(callgrind h0 "$DIR/home.db" "$KIOSK" --headless --events "$TMP/h0.jsonl" --script "$TMP/h0.txt")
    h1=$(callgrind h1 "$DIR/home.db" "$KIOSK" --headless --events "$TMP/h1.jsonl" --script "$TMP/h1.txt")
    line=$(per_frame "home frame (language toggle)" "$h0" "$h1" \
        "$(field frames count "$TMP/h0.jsonl")" "$(field frames count "$TMP/h1.jsonl")" "$TOGGLES" toggle)
    echo "$line"
    echo "| instructions, home frame (language toggled $TOGGLES times against none) | ${line#*: } |"
    bare=$(callgrind bare "" "$BIN/tests/bench_bare" "$FONTS")
    python3 -c 'import sys
k, b = int(sys.argv[1]), int(sys.argv[2])
print("start-up to the home screen: %.1f M instructions; the bare stack %.1f M (%.2fx)" % (k / 1e6, b / 1e6, k / b))
print("| instructions, start-up to the home screen (whole process, existing database) | %.1f M; the bare stack %.1f M: %.2fx |" % (k / 1e6, b / 1e6, k / b))' "$h0" "$bare"
fi

echo "== start-up CPU at the first frame (median of 5) =="
for _ in 1 2 3 4 5; do
    copy_db "$DIR/home.db" "$TMP/s.db"
    rm -f "$TMP/s.jsonl"
    "$KIOSK" --headless --db "$TMP/s.db" --events "$TMP/s.jsonl" --script /dev/null
    field first_frame cpu_ms "$TMP/s.jsonl" >> "$TMP/cpu.txt"
    "$BIN/tests/bench_bare" "$FONTS" | sed 's/.*cpu_ms=//' >> "$TMP/bare.txt"
done
k=$(median < "$TMP/cpu.txt")
b=$(median < "$TMP/bare.txt")
load=$(cut -d' ' -f1 /proc/loadavg)
python3 -c 'import sys
k, b, l = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
print("start-up CPU to the first frame: %.1f ms; the bare stack %.1f ms (%.2fx; load %s)" % (k, b, k / b, l))
print("| start-up CPU to the home screen (first frame, median of 5; load %s) | %.1f ms; the bare stack %.1f ms: %.2fx |" % (l, k, b, k / b))' "$k" "$b" "$load"

echo "== frame times on one core (taskset -c 0) =="
if python3 -c "import sys; sys.exit(0 if $load < 1.5 else 1)"; then
    frames() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="frames": print("median %.1f ms, p95 %.1f ms, max %.1f ms (%d frames)" % (e["median_ms"], e["p95_ms"], e["max_ms"], e["count"]))' "$1"; }
    copy_db "$DIR/bq.db" "$TMP/t.db"
    rm -f "$TMP/t.jsonl"
    taskset -c 0 "$KIOSK" --headless --config "$TMP/bq.ini" --db "$TMP/t.db" \
        --events "$TMP/t.jsonl" --script "$TMP/q1.txt"
    echo "queue, $DRAGS drags over 100000 requests: $(frames "$TMP/t.jsonl")"
    echo "| frame time on one core, queue ($DRAGS drags, 100,000 requests; load $load) | $(frames "$TMP/t.jsonl") |"
    copy_db "$DIR/home.db" "$TMP/t.db"
    rm -f "$TMP/t.jsonl"
    taskset -c 0 "$KIOSK" --headless --db "$TMP/t.db" --events "$TMP/t.jsonl" --script "$TMP/h1.txt"
    echo "home, language toggled $TOGGLES times: $(frames "$TMP/t.jsonl")"
    echo "| frame time on one core, home (language toggled $TOGGLES times; load $load) | $(frames "$TMP/t.jsonl") |"
else
    echo "skipped: load average $load (wall times mean nothing on a busy machine)"
fi
