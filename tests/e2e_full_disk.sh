#!/usr/bin/env bash
# A disk that fills up while residents file requests: the database lives on
# a small tmpfs, a filler file takes the rest of it, and the kiosk is asked
# to file requests.  A request that cannot be saved says so on screen and in
# an error event and issues no ticket; the database stays whole; once space
# is freed, filing works again and every ticket issued verifies.
# Needs root to mount the tmpfs: otherwise exit 77, which ctest reports as
# skipped.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: mounting a small tmpfs needs root"
    rm -rf "$OUT"
    exit 77
fi
DISK=$OUT/disk
mkdir -p "$DISK"
if ! mount -t tmpfs -o size=1m tmpfs "$DISK" 2>/dev/null; then
    echo "SKIP: cannot mount a tmpfs here"
    rm -rf "$OUT"
    exit 77
fi
trap 'umount "$DISK" 2>/dev/null' EXIT
DB=$DISK/kiosk.db
EV=$OUT/events.jsonl # the event log is on the normal disk

file_request() { # file_request N: a script that files N requests
    for _ in $(seq "$1"); do
        echo "tap home.request"
        echo "tap category.housing"
        echo "tap issue.other"
        echo "type 楼道灯坏了，$(head -c 300 /dev/zero | tr '\0' x)"
        echo "tap nav.next"
        for d in 1 3 9 1 2 3 4 5 6 7 8; do echo "tap keypad.$d"; done
        echo "tap keypad.ok"
        echo "tap nav.next"
        echo "tap nav.next"
        echo "tap review.confirm"
        echo "advance 200" # home from the ticket or from a review that failed
    done
}

"$KIOSK" --headless --db "$DB" --events "$EV" --script /dev/null
check "the kiosk starts on the small disk" [ $? -eq 0 ]

# ---- full before the kiosk starts: it cannot even open its database ----
dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null
check "the disk is full" [ "$(df --output=avail "$DISK" | tail -1 | tr -d ' ')" -eq 0 ]
"$KIOSK" --headless --db "$DB" --events "$EV" --script /dev/null 2> "$OUT/err.txt"
check "a full disk at start exits 3" [ $? -eq 3 ]
check "saying the disk may be full" grep -q "kiosk.db.*disk full" "$OUT/err.txt"
rm -f "$DISK/filler"
check "the database is whole" [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]

# ---- full while residents file: the first request fits, then the disk
# fills (the script's dump into a FIFO waits for the test to fill it) ----
mkfifo "$OUT/step"
{
    file_request 1
    echo "dump $OUT/step"
    file_request 3
    echo "expect-screen home"
} > "$OUT/mid.txt"
timeout 120 "$KIOSK" --headless --db "$DB" --events "$EV" --script "$OUT/mid.txt" \
    2> "$OUT/err.txt" &
kpid=$!
timeout 60 cat "$OUT/step" > /dev/null
dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null
wait "$kpid"
rc=$?
check "filling up mid-run: the script holds (got $rc)" [ $rc -eq 0 ]
issued=$(grep -c '"event":"ticket_issued"' "$EV")
check "the first request got its ticket, the three later ones none (got $issued)" [ "$issued" -eq 1 ]
check "each failed confirm is an error event that says the disk is full" \
    [ "$(grep -c '"event":"error".*disk is full' "$EV")" -eq 3 ]
rm -f "$DISK/filler"
check "the database is whole" [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]
n=$(sqlite3 "$DB" 'SELECT count(*) FROM requests')
check "every ticket shown is stored, nothing else (1, got $n)" [ "$n" -eq 1 ]

# ---- space again: filing works, and every ticket verifies ----
file_request 2 > "$OUT/free.txt"
"$KIOSK" --headless --db "$DB" --events "$EV" --script "$OUT/free.txt" 2> "$OUT/err.txt"
check "with space again the kiosk files requests" [ $? -eq 0 ]
issued=$(grep -c '"event":"ticket_issued"' "$EV")
check "three tickets in all (got $issued)" [ "$issued" -eq 3 ]
for p in $(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "ticket_issued": print(e["payload"])' "$EV"); do
    "$KIOSK" admin --db "$DB" ticket verify "$p" > /dev/null
    check "ticket $p verifies" [ $? -eq 0 ]
done
check "the database is whole" [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]
n=$(sqlite3 "$DB" 'SELECT count(*) FROM requests')
check "exactly the three requests are stored (got $n)" [ "$n" -eq 3 ]
umount "$DISK" && trap - EXIT
finish
