#!/usr/bin/env bash
# For those who see or read poorly: every screen the walk scripts reach
# (the request path, the booking path, the staff screens), walked again with
# larger text and high contrast (below: which combinations), each dumped
# and checked by check_layout.py (10:1 contrast when high contrast is on).  The scripts are the usual ones with taps on
# home.large / home.contrast put in front, and again after each step that
# ends the session (a ticket done, staff logging out), since a new resident
# starts with the normal view.  Then: the view stays when the resident goes
# home, and ends with the idle reset.  A11Y_SHOTS=1 keeps the screenshots
# (with KEEP=1 to keep the folder).
. "$(dirname "$0")/lib.sh"

d=2
while :; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
  d=$((d + 1))
done

# prepare SCRIPT DIR PREFIX: the walk script with @OUT@/@DAY@ filled, the
# view taps in front and after each session end, shots dropped unless asked.
prepare() {
  local taps=$3 noshot='/^shot /d'
  [ -n "${A11Y_SHOTS:-}" ] && noshot='/^$/d'
  { printf '%b\n' "$taps"
    sed -e "s#@OUT@#$2#g" -e "s#@DAY@#$DAY#g" -e "$noshot" "$SRC/tests/scripts/$1" |
      while IFS= read -r line; do
        printf '%s\n' "$line"
        case $line in "tap ticket.done" | "tap staff.logout") printf '%b\n' "$taps" ;; esac
      done
  } > "$2/$1"
  echo "$2/$1"
}

# A database with a filed request, a staff account and demo requests, for
# the staff walk; copied for each run.
BASE=$OUT/base.db
"$KIOSK" --headless --db "$BASE" --script "$(script request_path.txt)" > /dev/null
"$KIOSK" admin --db "$BASE" staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
"$KIOSK" admin --db "$BASE" demo requests 50 --seed 5 > /dev/null
check "base database" [ -s "$BASE" ]

# Larger text and high contrast together in every language and orientation
# (the layout at 1.25 and the 10:1 colours are checked at once: the layout
# does not depend on the colours, nor the colours on the sizes), and each
# alone once, where it is hardest (larger text: English on a landscape
# screen).  A11Y_ALL=1 walks all three views in every combination.
COMBOS="both:zh:1080x1920 both:en:1080x1920 both:zh:1920x1080 both:en:1920x1080
large:en:1920x1080 contrast:zh:1080x1920"
if [ -n "${A11Y_ALL:-}" ]; then
  COMBOS=
  for view in large contrast both; do
    for lang in zh en; do
      for size in 1080x1920 1920x1080; do COMBOS="$COMBOS $view:$lang:$size"; done
    done
  done
fi
total=0
for combo in $COMBOS; do
  IFS=: read -r view lang size <<< "$combo"
  case $view in
  large) taps='tap home.large'; floor=7 ;;
  contrast) taps='tap home.contrast'; floor=10 ;;
  both) taps='tap home.large\ntap home.contrast'; floor=10 ;;
  esac
  dir=$OUT/$view-$lang-$size
  mkdir -p "$dir"
  cp "$BASE" "$dir/k.db"
  cp "$BASE.key" "$dir/k.db.key" 2> /dev/null
  for walk in walk_all.txt walk_booking.txt walk_staff.txt; do
    "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$dir/k.db" \
      --script "$(prepare $walk "$dir" "$taps")" > "$dir/$walk.log" 2>&1
    check "$walk $view $lang $size" [ $? -eq 0 ]
  done
  n=$(ls "$dir"/*.json | wc -l)
  total=$((total + n))
  check "$view $lang $size: 38 screens dumped (got $n)" [ "$n" -eq 38 ]
  python3 "$SRC/tests/check_layout.py" --min-contrast $floor "${size%x*}" "${size#*x}" \
    "$dir"/*.json > "$dir/check.txt"
  rc=$?
  check "layout $view $lang $size: $(tail -1 "$dir/check.txt")" [ $rc -eq 0 ]
  grep -v "dumps checked" "$dir/check.txt" | head -20 >&2
done
echo "screens x states walked and checked: $total"

# ---- the view stays while the resident goes home, and ends with the session ----
cat > "$OUT/stay.txt" << EOS
dump $OUT/v0.json
tap home.large
tap home.contrast
tap home.request
tap nav.home
expect-screen home
dump $OUT/v1.json
advance 600
expect-screen home
dump $OUT/v2.json
EOS
"$KIOSK" --headless --db "$OUT/stay.db" --events "$OUT/stay.jsonl" --script "$OUT/stay.txt"
check "view script" [ $? -eq 0 ]
python3 - "$OUT" << 'PY'
import json, sys
out = sys.argv[1]
def w(name, wid):
    for x in json.load(open("%s/%s.json" % (out, name)))["widgets"]:
        if x["id"] == wid:
            return x
v0, v1, v2 = (w(n, "home.prompt") for n in ("v0", "v1", "v2"))
ok = v1["font_px"] > v0["font_px"] and v1["bg"] == "#000000"  # kept at home
ok = ok and v2["font_px"] == v0["font_px"] and v2["bg"] == v0["bg"]  # ended
sys.exit(0 if ok else 1)
PY
check "larger text and contrast kept at home, gone after the idle reset" [ $? -eq 0 ]
check "idle reset logged" grep -q '"event":"idle_reset"' "$OUT/stay.jsonl"
check "view changes logged" grep -q '"event":"view_changed","at":"[^"]*","large":false' \
  "$OUT/stay.jsonl"
finish
