# lib.sh - shared by the tests/e2e_*.sh scripts: $1 is the kiosk binary, $2
# the source tree.  Each test works in its own temporary folder.
set -u
KIOSK=$1
SRC=$2
OUT=$(mktemp -d /tmp/kiosk-e2e.XXXXXX)
DB=$OUT/kiosk.db
FAILS=0
PASSES=0
export TZ=${TZ:-Asia/Shanghai}

ok() { PASSES=$((PASSES + 1)); }
bad() { FAILS=$((FAILS + 1)); echo "FAIL: $*" >&2; }
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}
# Copies a script from tests/scripts with @OUT@ replaced.
script() { sed "s#@OUT@#$OUT#g" "$SRC/tests/scripts/$1" > "$OUT/$1"; echo "$OUT/$1"; }
kiosk() { "$KIOSK" --headless --db "$DB" --events "$OUT/events.jsonl" "$@"; }
finish() {
    echo "$PASSES passed, $FAILS failed"
    if [ "$FAILS" -eq 0 ] && [ -z "${KEEP:-}" ]; then rm -rf "$OUT"; else echo "kept $OUT" >&2; fi
    [ "$FAILS" -eq 0 ]
}
