#!/usr/bin/env bash
# The libraries the kiosk opens when a feature first needs them (lazylib.h)
# are not linked: no NEEDED entry for them in the binary, and neither
# `kiosk --version` nor a start to the home screen loads any of them
# (LD_DEBUG=files names every file the dynamic loader opens).
. "$(dirname "$0")/lib.sh"

LAZY="libpq.so.5 libcups.so.2 libespeak-ng.so.1 libpinyin.so.15 libzinnia.so.0 libzbar.so.0"
if command -v readelf >/dev/null 2>&1; then
    readelf -d "$KIOSK" >"$OUT/dynamic" 2>&1
else
    objdump -p "$KIOSK" >"$OUT/dynamic" 2>&1
fi
check "the dynamic section was read" grep -q NEEDED "$OUT/dynamic"
LD_DEBUG=files "$KIOSK" --version >/dev/null 2>"$OUT/version.ld"
check "kiosk --version runs" grep -q "file=libc.so.6" "$OUT/version.ld"
LD_DEBUG=files kiosk --script /dev/null >/dev/null 2>"$OUT/home.ld"
check "the kiosk starts to the home screen" grep -q '"event":"first_frame"' "$OUT/events.jsonl"
for lib in $LAZY; do
    check "$lib is not NEEDED" bash -c "! grep NEEDED '$OUT/dynamic' | grep -qF '[$lib]'"
    check "kiosk --version does not load $lib" bash -c "! grep -qF 'file=$lib ' '$OUT/version.ld'"
    check "a start to the home screen does not load $lib" \
        bash -c "! grep -qF 'file=$lib ' '$OUT/home.ld'"
done
finish
