#!/usr/bin/env bash
# e2e_package.sh KIOSK SRC - `cpack -G DEB` makes community-kiosk_VERSION_ARCH.deb:
# its control fields, Depends (from dpkg-shlibdeps), contents, conffiles and
# maintainer scripts, the systemd unit (systemd-analyze verify, when present),
# and the packaged program runs from the extracted tree alone.
. "$(dirname "$0")/lib.sh"
BUILD=$(cd "$(dirname "$KIOSK")" && pwd)

for tool in cpack dpkg-deb; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (apt-get install cmake dpkg)"
        rm -rf "$OUT"
        exit 0
    fi
done

# The package goes to $OUT/cpack, not into the build folder.
VERSION=$("$KIOSK" --version | awk '{print $2}')
if ! (cd "$BUILD" && cpack -G DEB -B "$OUT/cpack" >"$OUT/cpack.log" 2>&1); then
    cat "$OUT/cpack.log" >&2
fi
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
DEB=$OUT/cpack/community-kiosk_${VERSION}_${ARCH}.deb
check "cpack made community-kiosk_${VERSION}_${ARCH}.deb" test -s "$DEB"
if [ ! -s "$DEB" ]; then
    ls -la "$OUT/cpack" >&2
    finish
    exit 1
fi

field() { dpkg-deb -f "$DEB" "$1"; }
check "Package is community-kiosk" test "$(field Package)" = community-kiosk
check "Version is $VERSION" test "$(field Version)" = "$VERSION"
check "Section is misc" test "$(field Section)" = misc
check "Maintainer is set" test -n "$(field Maintainer)"
check "Description is set" test -n "$(field Description)"
DEPENDS=$(field Depends)
echo "Depends: $DEPENDS"
# Debian 12's package names for the libraries the binary links.
for lib in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsqlite3-0 libsodium23 libqrencode4; do
    check "Depends has $lib" grep -Eq "(^|, )$lib( |,|$)" <<<"$DEPENDS"
done
check "Recommends cage" grep -qw cage <<<"$(field Recommends)"
check "Suggests cups" grep -qw cups <<<"$(field Suggests)"

dpkg-deb -c "$DEB" | awk '{print $NF}' >"$OUT/contents"
for f in ./usr/bin/kiosk ./usr/share/kiosk/fonts/KioskSansSC-Regular.otf \
         ./usr/share/kiosk/fonts/KioskSansSC-Bold.otf \
         ./usr/share/kiosk/assets/default-site.ini \
         ./lib/systemd/system/community-kiosk.service \
         ./lib/udev/rules.d/70-community-kiosk.rules \
         ./etc/community-kiosk/kiosk.ini \
         ./usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf; do
    check "the package has $f" grep -qxF "$f" "$OUT/contents"
done
check "nothing from the source or build tree is packaged" \
    bash -c "! grep -Eq 'CMake|_CPack|\\.c$|/tests?/' '$OUT/contents'"

# The control area: conffiles and maintainer scripts.
dpkg-deb -e "$DEB" "$OUT/control"
check "conffiles lists the ini" grep -qxF /etc/community-kiosk/kiosk.ini "$OUT/control/conffiles"
for s in postinst prerm postrm; do
    check "$s is executable" test -x "$OUT/control/$s"
    check "$s is valid sh with set -e" \
        bash -c "sh -n '$OUT/control/$s' && grep -q '^set -e' '$OUT/control/$s'"
done
P=$OUT/control/postinst
check "postinst creates the system user kiosk" \
    grep -Eq 'adduser --system|useradd --system' "$P"
check "postinst makes /var/lib/community-kiosk" grep -q 'KIOSK_HOME=/var/lib/community-kiosk' "$P"
check "postinst makes it 0700 kiosk:kiosk" \
    bash -c "grep -q 'chmod 0700 \"\$KIOSK_HOME\"' '$P' && grep -q 'chown \"\$KIOSK_USER:\$KIOSK_USER\"' '$P'"
check "postinst adds the device groups" grep -q 'lp video input render tty' "$P"
check "postinst starts nothing without a running systemd" grep -q '\[ -d /run/systemd/system \]' "$P"
check "postrm deletes data only on purge" \
    bash -c "awk '/^purge\\)/,/;;/' '$OUT/control/postrm' | grep -q 'rm -rf \"\$KIOSK_HOME\"' &&
             ! awk '/^remove\\)/,/;;/' '$OUT/control/postrm' | grep -q 'rm -rf'"

# The files themselves, from the package.
mkdir -p "$OUT/x"
dpkg-deb -x "$DEB" "$OUT/x"
UNIT=$OUT/x/lib/systemd/system/community-kiosk.service
check "the unit runs the kiosk under cage with the packaged config and db" \
    grep -qxF 'ExecStart=/usr/bin/cage -s -- /usr/bin/kiosk --config /etc/community-kiosk/kiosk.ini --db /var/lib/community-kiosk/kiosk.db' "$UNIT"
for line in User=kiosk Restart=always RestartSec=2 StartLimitIntervalSec=60 StartLimitBurst=5 \
            PAMName=login TTYPath=/dev/tty1 StandardInput=tty-fail StandardOutput=journal \
            StandardError=journal WantedBy=graphical.target; do
    check "the unit has $line" grep -qxF "$line" "$UNIT"
done
check "the etc ini is the built-in configuration" \
    cmp -s "$OUT/x/etc/community-kiosk/kiosk.ini" "$SRC/assets/default-site.ini"
check "the udev rules cover printer, video and input" \
    bash -c "grep -q 'SUBSYSTEM==\"usbmisc\", KERNEL==\"lp\\[0-9\\]\\*\", GROUP=\"lp\", MODE=\"0660\"' '$OUT/x/lib/udev/rules.d/70-community-kiosk.rules' &&
             grep -q 'video4linux.*GROUP=\"video\"' '$OUT/x/lib/udev/rules.d/70-community-kiosk.rules' &&
             grep -q 'SUBSYSTEM==\"input\".*GROUP=\"input\"' '$OUT/x/lib/udev/rules.d/70-community-kiosk.rules'"
if command -v udevadm >/dev/null 2>&1 && udevadm verify --help >/dev/null 2>&1; then
    check "udevadm verify accepts the rules" udevadm verify "$OUT/x/lib/udev/rules.d/70-community-kiosk.rules"
fi

# systemd-analyze verify: cage and /usr/bin/kiosk need not be installed here,
# so their paths are pointed at programs that exist (the check is the unit's
# syntax and settings, with the KMSDRM drop-in applied too).
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir -p "$OUT/unit/community-kiosk.service.d"
    sed -e "s#/usr/bin/cage#/bin/true#g" -e "s#/usr/bin/kiosk#$OUT/x/usr/bin/kiosk#g" \
        "$UNIT" >"$OUT/unit/community-kiosk.service"
    check "systemd-analyze verify accepts the unit" \
        bash -c "systemd-analyze verify --man=no '$OUT/unit/community-kiosk.service' >'$OUT/verify.log' 2>&1 &&
                 ! grep -v 'cannot be accessed\|Failed to put bus name' '$OUT/verify.log' | grep -q ."
    sed -e "s#/usr/bin/kiosk#$OUT/x/usr/bin/kiosk#g" \
        "$OUT/x/usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf" \
        >"$OUT/unit/community-kiosk.service.d/kmsdrm.conf"
    check "systemd-analyze verify accepts the unit with the KMSDRM drop-in" \
        bash -c "systemd-analyze verify --man=no '$OUT/unit/community-kiosk.service' >'$OUT/verify2.log' 2>&1 &&
                 ! grep -v 'cannot be accessed\|Failed to put bus name' '$OUT/verify2.log' | grep -q ."
    cat "$OUT"/verify*.log >&2 2>/dev/null
else
    echo "SKIP: systemd-analyze is not installed; the unit was not verified"
fi
check "the KMSDRM drop-in resets ExecStart and sets SDL_VIDEODRIVER=kmsdrm" \
    bash -c "grep -qx 'ExecStart=' '$OUT/x/usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf' &&
             grep -qx 'Environment=SDL_VIDEODRIVER=kmsdrm' '$OUT/x/usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf' &&
             grep -qx 'ExecStart=/usr/bin/kiosk --config /etc/community-kiosk/kiosk.ini --db /var/lib/community-kiosk/kiosk.db' '$OUT/x/usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf'"

# The packaged program finds its fonts in the extracted tree, from any cwd.
V=$(cd / && "$OUT/x/usr/bin/kiosk" --version)
echo "extracted: $V"
check "the extracted kiosk reports version $VERSION" grep -q "^kiosk $VERSION " <<<"$V"
FONTS=$(sed -n 's/.*(fonts: \(.*\))$/\1/p' <<<"$V")
check "the extracted kiosk uses the extracted fonts" \
    test "$(realpath -m "$FONTS")" = "$(realpath "$OUT/x/usr/share/kiosk/fonts")"
check "the packaged kiosk is stripped" \
    bash -c "! command -v file >/dev/null || file '$OUT/x/usr/bin/kiosk' | grep -q ', stripped'"
finish
