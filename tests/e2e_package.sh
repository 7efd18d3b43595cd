#!/usr/bin/env bash
# e2e_package.sh KIOSK SRC - `cpack -G DEB` makes community-kiosk_VERSION_ARCH.deb:
# its control fields, Depends (from dpkg-shlibdeps, and the libraries opened
# on first use), contents, conffiles and maintainer scripts, the systemd
# unit (systemd-analyze verify, when present) and its start script (cage
# when installed, else KMSDRM), lintian (no error, no warning outside the
# allow-list below), and the packaged program runs from the extracted tree
# alone.
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
# The libraries the kiosk opens when first used (lazylib.h) are not linked,
# so dpkg-shlibdeps cannot see them: CMakeLists.txt names them.
for lib in libpq5 libcups2 libespeak-ng1 libpinyin15 libzinnia0 libzbar0; do
    check "Depends has $lib (opened on first use)" grep -Eq "(^|, )$lib( |,|$)" <<<"$DEPENDS"
done
check "Depends has adduser (the postinst's system user)" grep -Eq "(^|, )adduser( |,|$)" <<<"$DEPENDS"
check "the Maintainer address has a real domain (not localhost)" \
    grep -Eq '<[^@<>]+@[a-z0-9-]+(\.[a-z0-9-]+)+>$' <<<"$(field Maintainer)"
check "Recommends cage" grep -qw cage <<<"$(field Recommends)"
check "Suggests cups" grep -qw cups <<<"$(field Suggests)"

dpkg-deb -c "$DEB" | awk '{print $NF}' >"$OUT/contents"
for f in ./usr/bin/kiosk ./usr/share/kiosk/fonts/KioskSansSC-Regular.otf \
         ./usr/share/kiosk/fonts/KioskSansSC-Bold.otf \
         ./usr/share/kiosk/assets/default-site.ini \
         ./lib/systemd/system/community-kiosk.service \
         ./lib/udev/rules.d/70-community-kiosk.rules \
         ./etc/community-kiosk/kiosk.ini \
         ./usr/share/doc/community-kiosk/examples/kiosk-kmsdrm.conf \
         ./usr/share/doc/community-kiosk/copyright \
         ./usr/share/doc/community-kiosk/changelog.gz \
         ./usr/share/man/man1/kiosk.1.gz \
         ./usr/libexec/community-kiosk/kiosk-session; do
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
# The unit is handled as debhelper does it, through init-system-helpers:
# systemctl itself only for daemon-reload.
check "postinst enables the unit with deb-systemd-helper" \
    grep -q 'deb-systemd-helper enable "$UNIT"' "$P"
check "an upgrade restarts a running kiosk with deb-systemd-invoke try-restart" \
    grep -q 'deb-systemd-invoke try-restart "$UNIT"' "$P"
check "prerm stops it with deb-systemd-invoke" grep -q 'deb-systemd-invoke stop "$UNIT"' "$OUT/control/prerm"
check "postrm masks on remove and purges the helper's state on purge" \
    bash -c "awk '/^remove\\)/,/;;/' '$OUT/control/postrm' | grep -q 'deb-systemd-helper mask' &&
             awk '/^purge\\)/,/;;/' '$OUT/control/postrm' | grep -q 'deb-systemd-helper purge'"
check "no maintainer script calls systemctl other than daemon-reload" \
    bash -c "! grep -h systemctl '$OUT/control/postinst' '$OUT/control/prerm' '$OUT/control/postrm' |
             grep -v '^[[:space:]]*#' | grep -v daemon-reload | grep -q ."
check "postrm deletes data only on purge" \
    bash -c "awk '/^purge\\)/,/;;/' '$OUT/control/postrm' | grep -q 'rm -rf \"\$KIOSK_HOME\"' &&
             ! awk '/^remove\\)/,/;;/' '$OUT/control/postrm' | grep -q 'rm -rf'"

# The files themselves, from the package.
mkdir -p "$OUT/x"
dpkg-deb -x "$DEB" "$OUT/x"
UNIT=$OUT/x/lib/systemd/system/community-kiosk.service
check "the unit runs the start script with the packaged config and db" \
    grep -qxF 'ExecStart=/usr/libexec/community-kiosk/kiosk-session --config /etc/community-kiosk/kiosk.ini --db /var/lib/community-kiosk/kiosk.db' "$UNIT"
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
    sed -e "s#/usr/libexec/community-kiosk/kiosk-session#$OUT/x/usr/libexec/community-kiosk/kiosk-session#g" \
        -e "s#/usr/bin/kiosk#$OUT/x/usr/bin/kiosk#g" \
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

# The start script: cage when it is on PATH (SDL over Wayland), else the
# kiosk alone on KMSDRM, so the unit starts with --no-install-recommends.
# Stand-ins for cage and the kiosk print what they were given.
SESSION=$OUT/x/usr/libexec/community-kiosk/kiosk-session
mkdir -p "$OUT/withcage" "$OUT/nocage"
printf '#!/bin/sh\necho "cage $* SDL_VIDEODRIVER=$SDL_VIDEODRIVER"\n' >"$OUT/withcage/cage"
printf '#!/bin/sh\necho "kiosk $* SDL_VIDEODRIVER=$SDL_VIDEODRIVER"\n' >"$OUT/fake-kiosk"
chmod 0755 "$OUT/withcage/cage" "$OUT/fake-kiosk"
ARGS="--config /etc/community-kiosk/kiosk.ini --db /var/lib/community-kiosk/kiosk.db"
run_session() { # PATH [VAR=VALUE ...]: what the script started, from its stdout
    local path=$1
    shift
    env -i PATH="$path" KIOSK_PROGRAM="$OUT/fake-kiosk" "$@" /bin/sh "$SESSION" $ARGS 2>/dev/null
}
check "the start script is executable" test -x "$SESSION"
check "with cage on PATH: cage -s -- kiosk ... over Wayland" \
    test "$(run_session "$OUT/withcage")" = "cage -s -- $OUT/fake-kiosk $ARGS SDL_VIDEODRIVER=wayland"
check "without cage: the kiosk itself with SDL_VIDEODRIVER=kmsdrm" \
    test "$(run_session "$OUT/nocage")" = "kiosk $ARGS SDL_VIDEODRIVER=kmsdrm"
check "KIOSK_VIDEO=kmsdrm picks KMSDRM even with cage installed" \
    test "$(run_session "$OUT/withcage" KIOSK_VIDEO=kmsdrm)" = "kiosk $ARGS SDL_VIDEODRIVER=kmsdrm"

# Debian's own documents: DEP-5 copyright naming the fonts' licence, the
# changelog and the manual page compressed with gzip -9n (no name, no time).
C=$OUT/x/usr/share/doc/community-kiosk/copyright
check "the copyright file is DEP-5" \
    grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' "$C"
check "the copyright file gives the fonts their own licence (OFL-1.1, with its text)" \
    bash -c "grep -qx 'Files: fonts/\\*' '$C' && grep -qx 'License: OFL-1.1' '$C' &&
             grep -q 'SIL OPEN FONT LICENSE Version 1.1' '$C'"
gz_plain() { # the gzip header stores no file name (FLG bit 3) and mtime 0
    [ "$(od -An -tx1 -j3 -N5 "$1" | tr -d ' \n')" = 0000000000 ]
}
for gz in usr/share/doc/community-kiosk/changelog.gz usr/share/man/man1/kiosk.1.gz; do
    check "$gz is gzip -n (no name, no time stamp)" gz_plain "$OUT/x/$gz"
done
check "the changelog's first entry is this version" \
    bash -c "zcat '$OUT/x/usr/share/doc/community-kiosk/changelog.gz' | head -1 |
             grep -qF 'community-kiosk ($VERSION) '"
zcat "$OUT/x/usr/share/man/man1/kiosk.1.gz" >"$OUT/kiosk.1"
check "the manual page names the command, the admin commands and --headless" \
    bash -c "grep -q '^kiosk .- touch-screen kiosk' '$OUT/kiosk.1' && grep -q 'headless' '$OUT/kiosk.1' &&
             grep -q '^.B kiosk admin' '$OUT/kiosk.1'"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man --warnings -l "$OUT/kiosk.1" >/dev/null 2>"$OUT/man.err"
    check "man renders the page without warnings" test ! -s "$OUT/man.err"
    cat "$OUT/man.err" >&2
fi

# lintian: no error, and no warning except those allowed here, each with its
# reason (none today).  Info and pedantic tags are not checked: the README
# lists the ones there are.
LINTIAN_ALLOWED=()
if command -v lintian >/dev/null 2>&1; then
    lintian --no-cfg "$DEB" >"$OUT/lintian.log" 2>"$OUT/lintian.err"
    cat "$OUT/lintian.log"
    check "lintian ran without complaint of its own" \
        bash -c "! grep -v 'root privileges' '$OUT/lintian.err' | grep -q ."
    check "lintian reports no error" bash -c "! grep -q '^E: ' '$OUT/lintian.log'"
    unexpected=$(grep '^W: ' "$OUT/lintian.log" | while read -r _ _ tag _; do
        allowed=no
        for a in "${LINTIAN_ALLOWED[@]}"; do [ "$tag" = "$a" ] && allowed=yes; done
        [ $allowed = yes ] || echo "$tag"
    done)
    check "lintian reports no warning outside the allow-list (${unexpected:-none})" \
        test -z "$unexpected"
else
    bad "lintian is not installed (apt-get install lintian; build.sh's TEST_PACKAGES has it)"
fi

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
