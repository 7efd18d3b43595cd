#!/usr/bin/env bash
# Dumps every screen of the request path in both languages and both
# orientations and checks sizes, contrast and overlaps (check_layout.py).
. "$(dirname "$0")/lib.sh"

for lang in zh en; do
  for size in 1080x1920 1920x1080; do
    dir=$OUT/$lang-$size
    mkdir -p "$dir"
    sed "s#@OUT@#$dir#g" "$SRC/tests/scripts/walk_all.txt" > "$dir/walk.txt"
    "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$dir/k.db" --script "$dir/walk.txt"
    check "walk $lang $size" [ $? -eq 0 ]
    n=$(ls "$dir"/*.json | wc -l)
    check "walk $lang $size dumped 18 screens (got $n)" [ "$n" -eq 18 ]
    python3 "$SRC/tests/check_layout.py" "${size%x*}" "${size#*x}" "$dir"/*.json
    check "layout $lang $size" [ $? -eq 0 ]
  done
done
finish
