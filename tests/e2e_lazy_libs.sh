#!/usr/bin/env bash
# The libraries the kiosk opens when a feature first needs them (lazylib.h)
# are not linked: no NEEDED entry for them in the binary, and neither
# `kiosk --version` nor a start to the home screen loads any of them
# (LD_DEBUG=files names every file the dynamic loader opens).  Then, as
# root, in a mount namespace of its own where each of them is /dev/null
# (dlopen fails): every feature fails as it would without its package,
# saying which package, and nothing crashes.
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

if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
    echo "SKIP: the run without the libraries needs root and unshare (util-linux)"
    finish
    exit $?
fi
LIBDIR=$(dirname "$(ldconfig -p | awk '$1 == "libzbar.so.0" {print $NF; exit}')")
kiosk --script /dev/null >/dev/null 2>&1
"$KIOSK" admin --db "$DB" demo requests 1 >/dev/null
export TMPDIR=$OUT # the pinyin engine's folder, were it to open
export SDL_AUDIODRIVER=dummy
printf '[camera]\ndevice = image:%s/none.png\n' "$OUT" >"$OUT/k.ini"
cat >"$OUT/features.txt" <<EOS
tap home.voice
advance 1
tap home.request
tap category.housing
tap issue.other
tap describe.field
advance 1
tap ime.mode
advance 1
EOS
unshare -m bash -c "
    for lib in $LAZY; do mount --bind /dev/null $LIBDIR/\$lib || exit 9; done
    '$KIOSK' --headless --db '$DB' --config '$OUT/k.ini' --events '$OUT/events.jsonl' \
        --script '$OUT/features.txt' >/dev/null 2>'$OUT/kiosk.err'
    echo \$? >'$OUT/kiosk.rc'
    '$KIOSK' admin --db '$DB' ticket print 1 --printer cups:kiosk_test >/dev/null 2>'$OUT/print.err'
    echo \$? >'$OUT/print.rc'
    '$KIOSK' admin --db '$DB' district sites --pg 'host=127.0.0.1 port=1' >/dev/null 2>'$OUT/pg.err'
    echo \$? >'$OUT/pg.rc'"
check "the libraries were hidden" test -s "$OUT/kiosk.rc"
cat "$OUT/kiosk.err" "$OUT/print.err" "$OUT/pg.err" >&2
check "without them the kiosk runs its script (exit 0)" [ "$(cat "$OUT/kiosk.rc")" = 0 ]
check "the voice is silent, saying espeak-ng's package" \
    grep -qF "reading aloud needs libespeak-ng.so.1 (Debian package libespeak-ng1)" "$OUT/kiosk.err"
for what in "scanning tickets needs libzbar.so.0 (Debian package libzbar0)" \
            "pinyin input needs libpinyin.so.15 (Debian package libpinyin15)" \
            "handwriting input needs libzinnia.so.0 (Debian package libzinnia0)"; do
    check "an error event: $what" grep -qF "$what" "$OUT/events.jsonl"
done
check "a cups: print fails as a refusing queue does (exit 3)" [ "$(cat "$OUT/print.rc")" = 3 ]
check "saying CUPS's package" \
    grep -qF "printing through CUPS needs libcups.so.2 (Debian package libcups2)" "$OUT/print.err"
check "the district link fails (exit 3)" [ "$(cat "$OUT/pg.rc")" = 3 ]
check "saying libpq's package" \
    grep -qF "the district link needs libpq.so.5 (Debian package libpq5)" "$OUT/pg.err"
finish
