#!/usr/bin/env bash
# The idle warning, "I need more time", and the reset that wipes the draft.
. "$(dirname "$0")/lib.sh"

kiosk --script "$(script idle.txt)"
check "idle script passes" [ $? -eq 0 ]
check "no warning before 60 s" bash -c "! grep -q idle.continue '$OUT/before_warning.json'"
check "one idle_reset event" [ "$(grep -c '"event":"idle_reset"' "$OUT/events.jsonl")" -eq 1 ]
# 9 s left by the script's clock; real time runs on top, so 8 on a slow run
check "the countdown says 9 (or 8) seconds" python3 -c 'import json,sys
w=[w for w in json.load(open(sys.argv[1]))["widgets"] if w["id"]=="idle.countdown"]
sys.exit(0 if w and w[0]["text"].startswith(("9 秒", "8 秒")) else 1)' "$OUT/countdown.json"
check "the reset went home" bash -c "grep -q '\"screen\":\"home\"' '$OUT/after_reset.json'"
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
cat = json.load(open(out + "/category_after.json"))
assert not any(w["selected"] for w in cat["widgets"]), "a category is still selected"
ph = json.load(open(out + "/phone_after.json"))
field = [w for w in ph["widgets"] if w["id"] == "phone.field"][0]
assert field["text"] == "", "phone digits survived the reset: %r" % field["text"]
PY
check "the next resident sees nothing of the last one" [ $? -eq 0 ]
check "nothing was filed" [ "$("$KIOSK" admin --db "$DB" --json requests list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')" = 0 ]
finish
