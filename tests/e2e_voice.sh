#!/usr/bin/env bash
# Reading aloud, end to end (with SDL's dummy audio device, so nothing is
# heard): home.voice on, each new resident screen says its title and its
# choices, a ticket number as people say it, until the session ends; and
# the board says a walk-in call twice.  What is said is read from the
# "speak" events; whether espeak-ng made sound is "audible" there (false,
# and a note on stderr once, without espeak-ng data or an audio device).
. "$(dirname "$0")/lib.sh"
export SDL_AUDIODRIVER=dummy

cat > "$OUT/resident.txt" << EOS
tap home.request
expect-screen category
tap nav.home
tap home.voice
advance 1
tap home.request
expect-screen category
advance 1
tap nav.home
tap home.queue
expect-screen ticket
advance 1
tap ticket.done
expect-screen home
tap home.request
advance 1
EOS
kiosk --script "$OUT/resident.txt" 2> "$OUT/resident.err"
check "resident script" [ $? -eq 0 ]
python3 - "$OUT/events.jsonl" << 'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
said = [e["text"] for e in ev if e["event"] == "speak"]
print("    said:", *said, sep="\n      ")
ok = len(said) == 4                        # home, category, home, ticket; nothing after the reset
ok = ok and said[0].startswith("幸福街道社工站。") and "我要反映" in said[0]
ok = ok and "我要反映" in said[0] and said[0].index("我要反映") < said[0].index("排队取号")
ok = ok and said[0].index("排队取号") < said[0].index("大字") < said[0].index("高对比")  # toggles last
ok = ok and said[1].startswith("请选择事项类别。") and "养老服务" in said[1]
ok = ok and "Q 零零一" in said[3]
off = [e for e in ev if e["event"] == "voice_changed" and not e["on"]]
ok = ok and len(off) == 1                  # the session ended: read aloud off
first = [i for i, e in enumerate(ev) if e["event"] == "speak"][0]
ok = ok and not any(e["event"] == "speak" for e in ev[:first] if e["event"] == "screen")
sys.exit(0 if ok else 1)
PY
check "each screen said while on, numbers as people say them, nothing after the reset" [ $? -eq 0 ]
n=$(grep -c "no speech" "$OUT/resident.err")
check "a missing voice or device is noted once at most ($n)" [ "$n" -le 1 ]

# ---- the board: a number called while it runs is said twice ----
"$KIOSK" admin --db "$DB" walkin issue > /dev/null
mkfifo "$OUT/board.fifo"
"$KIOSK" --headless --board --db "$DB" --events "$OUT/board.jsonl" \
  --script "$OUT/board.fifo" 2> "$OUT/board.err" &
pid=$!
exec 3> "$OUT/board.fifo"
echo "advance 2" >&3
echo "expect-screen board" >&3
"$KIOSK" admin --db "$DB" walkin call --counter 2 > /dev/null
echo "advance 2" >&3
echo "advance 2" >&3
exec 3>&-
wait $pid
check "board script" [ $? -eq 0 ]
python3 - "$OUT/board.jsonl" << 'PY'
import json, sys
said = [json.loads(l) for l in open(sys.argv[1])]
said = [e for e in said if e["event"] == "speak"]
print("    board said:", [(e["text"], e["repeat"], e["audible"]) for e in said])
sys.exit(0 if len(said) == 1 and said[0]["text"] == "请 Q 零零一 号到 二 号窗口办理"
         and said[0]["repeat"] == 2 else 1)
PY
check "the board says the call twice" [ $? -eq 0 ]
finish
