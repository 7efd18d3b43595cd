#!/usr/bin/env bash
# Bad input and a bad environment, through the real binary: a database that
# is not SQLite or is damaged, one that cannot be written, one locked by
# another program (at start, and while a resident confirms), broken fonts,
# absurd configuration, hostile text in every free-text field, invalid
# UTF-8 and NUL bytes in a script, scans of 10,000 characters, and scans
# arriving during the idle warning and right after confirm.  Each case: a
# clear message, the exit status CONTRACT.md gives, nothing half-written.
# (A full disk is e2e_full_disk.sh: it needs root for a small tmpfs.)
. "$(dirname "$0")/lib.sh"

py() { python3 -c "$@"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
# the events of one kind in the event log
count() { grep -c "\"event\":\"$1\"" "$OUT/events.jsonl"; }

# Files a request up to review.confirm: DESCRIPTION [NAME]
to_review() {
    echo "tap home.request"
    echo "tap category.housing"
    echo "tap issue.other"
    echo "type $1"
    echo "tap nav.next"
    for d in 1 3 9 1 2 3 4 5 6 7 8; do echo "tap keypad.$d"; done
    echo "tap keypad.ok"
    [ -n "${2:-}" ] && echo "type $2"
    echo "tap nav.next"
    echo "tap nav.next"
    echo "expect-screen review"
}

kiosk --script /dev/null
check "a first run makes the database" [ -s "$DB" ]

# ---- a file that is not SQLite, and a damaged SQLite file ----
head -c 5000 /dev/urandom > "$OUT/garbage.db"
cp "$DB" "$OUT/damaged.db"
"$KIOSK" admin --db "$OUT/damaged.db" requests list >/dev/null # checkpoint: the WAL is folded in
py 'import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(100); f.write(bytes(range(256)) * 12)' "$OUT/damaged.db"
for f in garbage damaged; do
    before=$(sum "$OUT/$f.db")
    printf 'expect-screen broken\n' > "$OUT/broken.txt"
    "$KIOSK" --headless --db "$OUT/$f.db" --events "$OUT/$f.jsonl" --script "$OUT/broken.txt" \
        2> "$OUT/err.txt"
    check "$f database: the out-of-service screen, the script holds (exit 0)" [ $? -eq 0 ]
    check "$f database: stderr names the file" grep -q "$f.db" "$OUT/err.txt"
    check "$f database: logged" grep -q '"event":"database_corrupt"' "$OUT/$f.jsonl"
    check "$f database: the file is left as it was" [ "$(sum "$OUT/$f.db")" = "$before" ]
    check "$f database: no key file made beside it" [ ! -e "$OUT/$f.db.key" ]
done

# ---- a database that cannot be written ----
RO=$OUT/ro
mkdir -p "$RO"
cp "$DB" "$DB.key" "$RO/"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=2m tmpfs "$RO" 2>/dev/null; then
    cp "$DB" "$DB.key" "$RO/" && mount -o remount,ro "$RO"
    mounted=1
else
    chmod 0444 "$RO/kiosk.db" && chmod 0555 "$RO"
    mounted=0
fi
before=$(ls -A "$RO" | tr '\n' ' ')
"$KIOSK" --headless --db "$RO/kiosk.db" --script /dev/null 2> "$OUT/err.txt"
check "a read-only database exits 3" [ $? -eq 3 ]
check "and says it is read-only" grep -q "kiosk.db is read-only" "$OUT/err.txt"
"$KIOSK" --headless --db "$RO/new.db" --script /dev/null 2> "$OUT/err.txt"
check "a database in a read-only folder exits 3" [ $? -eq 3 ]
check "with a message naming it" grep -q "cannot open database.*new.db" "$OUT/err.txt"
check "nothing was written there" [ "$(ls -A "$RO" | tr '\n' ' ')" = "$before" ]
if [ "$mounted" -eq 1 ]; then umount "$RO"; else chmod 0755 "$RO"; fi
"$KIOSK" --headless --db "$OUT/no/such/dir/k.db" --script /dev/null 2> "$OUT/err.txt"
check "a database in a missing folder exits 3" [ $? -eq 3 ]
check "with a message naming it" grep -q "no/such/dir/k.db" "$OUT/err.txt"

# ---- fonts: broken, then missing the bold face ----
mkdir -p "$OUT/fonts"
head -c 4000 /dev/urandom > "$OUT/fonts/KioskSansSC-Regular.otf"
KIOSK_FONT_DIR=$OUT/fonts kiosk --script /dev/null 2> "$OUT/err.txt"
check "a broken font exits 3" [ $? -eq 3 ]
check "and names the font" grep -q "cannot open font .*KioskSansSC-Regular.otf" "$OUT/err.txt"
cp "$SRC/fonts/KioskSansSC-Regular.otf" "$OUT/fonts/"
KIOSK_FONT_DIR=$OUT/fonts kiosk --script /dev/null 2> "$OUT/err.txt"
check "a missing bold font exits 3 (titles would be blank)" [ $? -eq 3 ]
check "and names it" grep -q "KioskSansSC-Bold.otf" "$OUT/err.txt"
# the bold face is opened only when a bold text is first drawn: a broken one
# must still stop the kiosk at start
head -c 4000 /dev/urandom > "$OUT/fonts/KioskSansSC-Bold.otf"
KIOSK_FONT_DIR=$OUT/fonts kiosk --script /dev/null 2> "$OUT/err.txt"
check "a broken bold font exits 3" [ $? -eq 3 ]
check "and says what is wrong with it" grep -q "KioskSansSC-Bold.otf: not an OpenType" "$OUT/err.txt"

# ---- configuration: unknown keys, wrong types, absurd values ----
i=0
while IFS='|' read -r body key; do
    i=$((i + 1))
    printf "$body" > "$OUT/c$i.ini"
    kiosk --config "$OUT/c$i.ini" --script /dev/null 2> "$OUT/err.txt"
    check "config $i ($key) exits 2" [ $? -eq 2 ]
    check "config $i names file and key" grep -q "c$i.ini.*$key" "$OUT/err.txt"
    check "config $i: one line on stderr" [ "$(wc -l < "$OUT/err.txt")" -eq 1 ]
done <<'CASES'
[site]\ncolour = red\n|colour
[idle]\nwarn_after = -5\n|warn_after
[idle]\ncountdown = 1e9\n|countdown
[screen]\nwidth = 99999999999\n|width
[screen]\nrotate = 45\n|rotate
[booking]\nmax_open_per_phone = many\n|max_open_per_phone
[service.daycare]\nslots = 25:00-26:00/5\n|slots
[service.daycare]\nslots = 08:00-09:00/99999999999\n|slots
[service.daycare]\ndays = someday\n|days
[printer]\npaper = 1000\n|paper
[site]\ncode = '; DROP TABLE tickets;--\n|code
CASES
printf '[future]\nthing = 1\n' > "$OUT/future.ini"
kiosk --config "$OUT/future.ini" --script /dev/null 2> "$OUT/err.txt"
check "an unknown section is not fatal" [ $? -eq 0 ]
check "but is noted on stderr" grep -q "\[future\].*not used" "$OUT/err.txt"

# ---- hostile text in every free-text field ----
SQL="'); DROP TABLE requests; --"
{
    to_review "$SQL $(printf '长%.0s' $(seq 10000))" "Robert'); DELETE FROM tickets;-- 小明"
    echo "tap review.confirm"
    echo "expect-screen ticket"
} > "$OUT/hostile.txt"
kiosk --script "$OUT/hostile.txt" 2> "$OUT/err.txt"
check "SQL-like and overlong text files a request" [ $? -eq 0 ]
"$KIOSK" admin --json --db "$DB" requests show 1 > "$OUT/r1.json"
check "the description is kept verbatim, cut at 200 characters" py '
import json, sys
r = json.load(open(sys.argv[1]))
want = sys.argv[2] + " " + "长" * 200
assert r["description"] == want[:200], r["description"][:80]
assert r["name"] == "Robert\x27); DELETE FRO", r["name"]' "$OUT/r1.json" "$SQL"
n=$("$KIOSK" admin --json --db "$DB" requests list | py 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')
check "the tables are all still there (1 request listed, got $n)" [ "$n" = 1 ]
# Control characters a keyboard could send are not stored.
{
    to_review "$(printf 'a\tb\x01c\x7fd')"
    echo "expect-text abcd"
} > "$OUT/ctl.txt"
kiosk --script "$OUT/ctl.txt" 2> "$OUT/err.txt"
check "control characters are dropped from typed text" [ $? -eq 0 ]

# ---- malformed scripts: invalid UTF-8, a NUL, a line too long ----
printf 'expect-screen home\ntype \xff\xfe\n' > "$OUT/utf8.txt"
kiosk --script "$OUT/utf8.txt" 2> "$OUT/err.txt"
check "invalid UTF-8 in a script exits 2" [ $? -eq 2 ]
check "naming the line" grep -q "utf8.txt:2" "$OUT/err.txt"
printf 'type ab\0cd\n' > "$OUT/nul.txt"
kiosk --script "$OUT/nul.txt" 2> "$OUT/err.txt"
check "a NUL byte in a script exits 2" [ $? -eq 2 ]
check "naming the line" grep -q "nul.txt:1" "$OUT/err.txt"
py 'print("type " + "x" * 300000)' > "$OUT/long.txt"
kiosk --script "$OUT/long.txt" 2> "$OUT/err.txt"
check "a line of 300 KB exits 2" [ $? -eq 2 ]
check "saying it is too long" grep -q "long.txt:1: line too long" "$OUT/err.txt"
for bad in "tap-at 1 2 3" "tap-at 99999999999 1" "drag 1 2 3" "press home.request -1" \
    "press home.request 1e300" "advance nan" "stroke 1,2 x" "tap"; do
    echo "$bad" > "$OUT/bad.txt"
    kiosk --script "$OUT/bad.txt" 2> "$OUT/err.txt"
    check "'$bad' is a malformed line (exit 2)" [ $? -eq 2 ]
done

# ---- scans of 10,000 characters ----
payload=$(py 'import json,sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "ticket_issued": print(e["payload"])' "$OUT/events.jsonl" | head -1)
check "a ticket to scan" [ -n "$payload" ]
: > "$OUT/events.jsonl"
py '
print("scan KT1." + "A" * 10000)
print("expect-screen check")
print("tap nav.home")
print("scan " + "X" * 10000)
print("expect-screen home")
print("tap home.request")
print("tap category.housing")
print("tap issue.other")
print("scan KT1." + "B" * 10000)
print("expect-screen check")
print("tap nav.back")
print("expect-screen describe")
print("expect-text 已输入 0/200 字")
print("scan " + "长" * 10000)
print("expect-text 已输入 200/200 字")' > "$OUT/longscan.txt"
kiosk --script "$OUT/longscan.txt" 2> "$OUT/err.txt"
check "10,000-character scans: the script holds" [ $? -eq 0 ]
check "a long scan that starts like a ticket is a refused scan, twice" [ "$(count scan)" -eq 2 ]
check "and never valid" [ "$(grep -c '"valid":true' "$OUT/events.jsonl")" -eq 0 ]

# ---- scans arriving during a screen change ----
: > "$OUT/events.jsonl"
{
    echo "tap home.request"
    echo "tap category.housing"
    echo "tap issue.other"
    echo "type 灯坏了"
    echo "advance 61"
    echo "expect-text 需要更多时间吗？"
    echo "scan $payload"
    echo "expect-screen progress"
    echo "tap nav.back"
    echo "expect-screen describe"
    echo "expect-text 已输入 3/200 字"
    echo "tap nav.home"
    to_review "第二个"
    echo "tap review.confirm"
    echo "scan $payload"
    echo "expect-screen progress"
    echo "advance 1" # taps in the first 0.6 s after confirm are ignored
    echo "tap nav.back"
    echo "expect-screen ticket"
    echo "advance 1"
    echo "tap ticket.done"
    echo "scan $payload"
    echo "tap nav.home"
    echo "expect-screen home"
} > "$OUT/during.txt"
kiosk --script "$OUT/during.txt" 2> "$OUT/err.txt"
check "scans during the idle warning and right after confirm: the script holds" [ $? -eq 0 ]
check "three valid scans" [ "$(grep -c '"valid":true' "$OUT/events.jsonl")" -eq 3 ]
check "one more ticket" [ "$(count ticket_issued)" -eq 1 ]

# ---- a database locked by another program ----
# At start: the kiosk waits its 5 s busy timeout, then exits 3 and says why.
mkfifo "$OUT/go" "$OUT/locked"
(
    printf 'BEGIN EXCLUSIVE;\nINSERT INTO ticket_seq (site, kind, day, last) VALUES ("X", "X", "X", 1);\n'
    printf ".shell touch %s/held\n" "$OUT"
    timeout 120 cat "$OUT/go" # holds the lock until the test writes here
    printf 'ROLLBACK;\n'
) | sqlite3 "$DB" &
holder=$!
for _ in $(seq 100); do [ -e "$OUT/held" ] && break; sleep 0.1; done
check "the other program holds the lock" [ -e "$OUT/held" ]
kiosk --script /dev/null 2> "$OUT/err.txt"
check "a database locked at start exits 3" [ $? -eq 3 ]
check "saying it is locked by another program" grep -q "locked by another program" "$OUT/err.txt"
echo '-- go on' > "$OUT/go"
wait "$holder"
# While a resident confirms: the kiosk reaches the review screen, then the
# other program takes the lock.  The script's dumps into FIFOs wait for the
# test at each step, so nothing here depends on timing.
rm -f "$OUT/held"
mkfifo "$OUT/ready"
: > "$OUT/events.jsonl"
{
    to_review "楼道灯坏了"
    echo "dump $OUT/ready"
    echo "dump $OUT/locked"
    echo "tap review.confirm"
    echo "expect-screen review"
    echo "dump $OUT/locked"
    echo "tap review.confirm"
    echo "expect-screen ticket"
} > "$OUT/lock.txt"
timeout 120 "$KIOSK" --headless --db "$DB" --events "$OUT/events.jsonl" --script "$OUT/lock.txt" \
    2> "$OUT/err.txt" &
kpid=$!
timeout 60 cat "$OUT/ready" > /dev/null # the kiosk is on the review screen
(
    printf 'BEGIN EXCLUSIVE;\nINSERT INTO ticket_seq (site, kind, day, last) VALUES ("X", "X", "X", 1);\n'
    printf ".shell touch %s/held\n" "$OUT"
    timeout 120 cat "$OUT/go"
    printf 'ROLLBACK;\n'
) | sqlite3 "$DB" &
holder=$!
for _ in $(seq 100); do [ -e "$OUT/held" ] && break; sleep 0.1; done
timeout 60 cat "$OUT/locked" > /dev/null # confirm now, and wait out the lock
timeout 60 cat "$OUT/locked" > /dev/null # back on review: release the lock
echo '-- go on' > "$OUT/go"
wait "$holder"
wait "$kpid"
check "locked while confirming: the script holds (review, then the ticket)" [ $? -eq 0 ]
check "the failed confirm is an error event that says locked" \
    grep -q '"event":"error".*locked by another program' "$OUT/events.jsonl"
check "exactly one ticket" [ "$(count ticket_issued)" -eq 1 ]
check "the database is whole" [ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ]
finish
