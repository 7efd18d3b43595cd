#!/usr/bin/env bash
# build.sh - installs what is missing (Debian 12, as root), builds, and then
#   ./build.sh run [kiosk options]   starts the kiosk (full screen by default)
#   ./build.sh test                  runs every test under ctest, then again
#                                    in a build with ASan and UBSan, then the
#                                    libFuzzer targets (build-fuzz, clang)
#   ./build.sh bench                 measures start-up, memory, idle CPU, confirm
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(cmake gcc make pkg-config libsdl2-dev libsdl2-ttf-dev libsqlite3-dev sqlite3
          libqrencode-dev libsodium-dev libinih-dev libpng-dev libzbar-dev libcups2-dev
          libpinyin15-dev libpinyin-data libzinnia-dev tegaki-zinnia-simplified-chinese
          libespeak-ng-dev espeak-ng-data libunibreak-dev libpq-dev)
TEST_PACKAGES=(zbar-tools python3 python3-pil python3-numpy clang-format cppcheck git tzdata dpkg-dev
               file clang lintian
               cups-daemon cups-client
               libclang-rt-14-dev
               postgresql-15 openssl)
BENCH_PACKAGES=(time valgrind xvfb xauth)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "build.sh: installing ${missing[*]}" >&2
    local sudo=
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

build() {
    local werror=OFF
    [ -n "${CI:-}" ] && werror=ON
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR=$werror >/dev/null
    cmake --build build -j "$(nproc)"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    install_missing "${PACKAGES[@]}"
    build
    exec build/kiosk "$@"
    ;;
test)
    install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    build
    (cd build && ctest --output-on-failure -j 2 "$@")
    echo "== the same tests with AddressSanitizer and UndefinedBehaviorSanitizer =="
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON \
        -DKIOSK_WERROR=$([ -n "${CI:-}" ] && echo ON || echo OFF) >/dev/null
    cmake --build build-asan -j "$(nproc)"
    (cd build-asan && env UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --output-on-failure -j 2 "$@")
    # libFuzzer targets (tests/fuzz/), when clang is here: each runs from its
    # seed corpus for KIOSK_FUZZ_SECONDS.
    if command -v clang >/dev/null; then
        echo "== fuzzing with libFuzzer (clang) =="
        CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_FUZZ=ON \
            >/dev/null
        cmake --build build-fuzz -j "$(nproc)"
        cd build-fuzz && exec env UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            ctest --output-on-failure -j 2 -L fuzz
    fi
    ;;
bench)
    install_missing "${PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
    build
    exec tools/bench.sh build/kiosk "$@"
    ;;
*)
    echo "usage: ./build.sh run [kiosk options] | test | bench" >&2
    exit 2
    ;;
esac
