#!/usr/bin/env bash
# Admin commands that only read work on a database that cannot be written:
# the file 0444 in a 0555 folder.  Root ignores those modes, so as root the
# commands run as `nobody` (setpriv), who really cannot write there; as any
# other user the modes hold already.  check, backup, export, stats, report,
# the lists, show and ticket verify answer; a command that writes is refused;
# nothing is created beside the database and it is left byte for byte.
. "$(dirname "$0")/lib.sh"

kiosk --script "$(script request_path.txt)" > /dev/null
check "a request filed" [ $? -eq 0 ]
P=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    e=json.loads(l)
    if e["event"]=="ticket_issued": print(e["payload"])' "$OUT/events.jsonl")
for d in 2 3 4 5 6 7 8; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
done
"$KIOSK" admin --db "$DB" bookings book daycare "$DAY" 08:30 --phone 13900000001 --age 80 \
  > /dev/null
check "a booking" [ $? -eq 0 ]

RO=$OUT/ro
mkdir "$RO" "$OUT/out"
cp "$DB" "$DB.key" "$RO/"
chmod 0755 "$OUT"
chmod 0444 "$RO/kiosk.db"
chmod 0777 "$OUT/out"
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$RO/kiosk.db.key" # the key stays 0600, readable by who runs the commands
  as() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
else
  as() { "$@"; }
fi
chmod 0555 "$RO"
before=$(sha256sum "$RO/kiosk.db" | cut -d' ' -f1)
as sh -c "touch '$RO/kiosk.db-probe' 2> /dev/null"
check "the folder really cannot be written by who runs the commands" [ $? -ne 0 ]
as sh -c "printf x >> '$RO/kiosk.db' 2> /dev/null"
check "nor the file" [ $? -ne 0 ]

# nobody may not reach the build or source tree (a clone in a 0700 folder):
# the program and its fonts (which the report draws with) are copied out.
cp "$KIOSK" "$OUT/kiosk"
cp -r "$SRC/fonts" "$OUT/fonts"
chmod -R a+rX "$OUT/kiosk" "$OUT/fonts"
ro() { as env KIOSK_FONT_DIR="$OUT/fonts" "$OUT/kiosk" admin --db "$RO/kiosk.db" "$@"; }
ro check > "$OUT/check.txt" 2> "$OUT/check.err"
rc=$?
check "check: $(cat "$OUT/check.txt" "$OUT/check.err")" [ "$rc" -eq 0 ]
ro backup "$OUT/out/b.db" > /dev/null 2> "$OUT/backup.err"
rc=$?
check "backup: $(cat "$OUT/backup.err")" [ "$rc" -eq 0 ]
check "the backup passes its check" [ "$(sqlite3 "$OUT/out/b.db" "PRAGMA integrity_check")" = ok ]
ro export requests > "$OUT/requests.csv" 2> "$OUT/export.err"
rc=$?
check "export: $(cat "$OUT/export.err")" [ "$rc" -eq 0 ]
check "export has the request" grep -q "13912345678" "$OUT/requests.csv"
ro ticket verify "$P" > "$OUT/verify.txt"
rc=$?
check "ticket verify: $(cat "$OUT/verify.txt")" [ "$rc" -eq 0 ]
for cmd in "stats" "requests list" "requests show 1" "bookings list" "bookings show 1" \
           "staff list" "queue list" "walkin list" "services list" "assignees list"; do
  # shellcheck disable=SC2086
  ro $cmd > /dev/null 2> "$OUT/cmd.err"
  rc=$?
  check "$cmd: $(cat "$OUT/cmd.err")" [ "$rc" -eq 0 ]
done
ro report --out "$OUT/out/report" > /dev/null 2> "$OUT/report.err"
rc=$?
check "report: $(cat "$OUT/report.err")" [ "$rc" -eq 0 ]
ro requests act 1 accept --by admin > /dev/null 2>&1
check "a command that writes is refused (exit 3)" [ $? -eq 3 ]
check "nothing was created beside the database: $(ls "$RO" | tr '\n' ' ')" \
  [ "$(ls "$RO" | wc -l)" -eq 2 ]
check "the database is byte for byte as it was" \
  [ "$(sha256sum "$RO/kiosk.db" | cut -d' ' -f1)" = "$before" ]
chmod 0755 "$RO" # so the folder can be removed
finish
