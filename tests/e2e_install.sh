#!/usr/bin/env bash
# e2e_install.sh KIOSK SRC - `cmake --install` into a DESTDIR lays out a
# working station: /usr/bin/kiosk finds /usr/share/kiosk/fonts beside itself
# (not the source tree), /etc/community-kiosk/kiosk.ini is a complete
# configuration it accepts, the unit and udev rules are in /lib.
. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$(dirname "$KIOSK")" && pwd)
ROOT=$OUT/root

if ! DESTDIR=$ROOT cmake --install "$BUILD" --prefix /usr >"$OUT/install.log" 2>&1; then
    cat "$OUT/install.log" >&2
fi
for f in usr/bin/kiosk usr/share/kiosk/fonts/KioskSansSC-Regular.otf \
         usr/share/kiosk/fonts/KioskSansSC-Bold.otf usr/share/kiosk/assets/default-site.ini \
         etc/community-kiosk/kiosk.ini lib/systemd/system/community-kiosk.service \
         lib/udev/rules.d/70-community-kiosk.rules \
         usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf \
         usr/libexec/community-kiosk/kiosk-session usr/share/man/man1/kiosk.1.gz \
         usr/share/doc/community-kiosk/copyright; do
    check "installed $f under DESTDIR" test -s "$ROOT/$f"
done

# From another cwd, the installed program uses the installed fonts.
V=$(cd / && "$ROOT/usr/bin/kiosk" --version)
echo "installed: $V"
FONTS=$(sed -n 's/.*(fonts: \(.*\))$/\1/p' <<<"$V")
check "--version names a font folder" test -n "$FONTS"
check "the font folder is the installed one, inside DESTDIR" \
    test "$(realpath -m "$FONTS")" = "$(realpath "$ROOT/usr/share/kiosk/fonts")"

# The installed config (every built-in section repeated) drives a short walk.
cat >"$OUT/walk.txt" <<SCRIPT
expect-screen home
tap home.request
expect-screen category
shot $OUT/s.png
SCRIPT
(cd / && "$ROOT/usr/bin/kiosk" --headless --config "$ROOT/etc/community-kiosk/kiosk.ini" \
    --db "$OUT/k.db" --script "$OUT/walk.txt") >"$OUT/run.log" 2>&1
rc=$?
[ $rc -eq 0 ] || cat "$OUT/run.log" >&2
check "the installed kiosk runs the script with the installed config (exit $rc)" test $rc -eq 0
check "it saved the screenshot" test -s "$OUT/s.png"
check "the screenshot is a PNG" bash -c "head -c 8 '$OUT/s.png' | od -An -tx1 | grep -q '89 50 4e 47'"
check "it created the database and its key beside it" test -s "$OUT/k.db" -a -s "$OUT/k.db.key"
finish
