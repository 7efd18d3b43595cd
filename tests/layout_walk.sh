#!/usr/bin/env bash
# Every screen the walks reach (tools/screens.sh render: the request and
# booking paths, staff, progress, refusal, statistics, maintenance,
# calibration, the input panel, the board) in one language and size, in the
# four views (plain, larger text, high contrast, both), each dump and its
# picture checked by check_layout.py (sizes, contrast, overlaps, ink past a
# box or touching a border, primary buttons by colour), and larger text
# compared with plain: nothing smaller, nothing left out.
# Usage: layout_walk.sh KIOSK SRC LANG SIZE (CTest runs one per language and
# size, beside each other).
. "$(dirname "$0")/lib.sh"
lang=$3
size=$4
# problems found and not fixed yet, said but not counted (keep it short)
KNOWN=$SRC/tests/layout_known.txt
w=${size%x*}
h=${size#*x}

SCREENS_LANGS=$lang SCREENS_SIZES=$size "$SRC/tools/screens.sh" render "$KIOSK" "$OUT" \
  > "$OUT/render.log" 2>&1
check "render $lang $size" [ $? -eq 0 ]
! grep -q failed "$OUT/render.log"
check "every walk ran to its end" [ $? -eq 0 ] || grep failed "$OUT/render.log" >&2
for view in plain large contrast both; do
  dir=$OUT/$view-$lang-$size
  n=$(ls "$dir"/*.json | wc -l)
  # 18 + 12 + 8 + 15 + 7 screens (and the board without views)
  want=60
  want=$((want + 9)) # walk_volunteers.txt (issue 21)
  want=$((want + 4)) # issue 22: walk_projects.txt (projects, project, needs, need)
  [ "$view" = plain ] && want=$((want + 1))
  want=$((want + 8)) # walk_activities.txt (issue 20)
  check "$view $lang $size: $want screens (got $n)" [ "$n" -eq "$want" ]
  floor=7
  case $view in contrast | both) floor=10 ;; esac
  python3 "$SRC/tests/check_layout.py" --known "$KNOWN" --min-contrast "$floor" "$w" "$h" "$dir"/*.json
  check "layout $view $lang $size" [ $? -eq 0 ]
done
python3 "$SRC/tests/check_layout.py" --known "$KNOWN" --larger "$OUT/plain-$lang-$size" "$OUT/large-$lang-$size"
check "larger text $lang $size" [ $? -eq 0 ]
python3 "$SRC/tests/check_layout.py" --known "$KNOWN" --larger "$OUT/contrast-$lang-$size" "$OUT/both-$lang-$size"
check "larger text, high contrast $lang $size" [ $? -eq 0 ]
finish
