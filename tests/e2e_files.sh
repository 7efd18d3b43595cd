#!/usr/bin/env bash
# Files the station writes, from the outside: no output path (export --out,
# ticket png, report --out, backup, a script's shot and dump) can replace the
# database, its WAL or SHM, its key, or a device, FIFO or folder, however the
# path names them (a link, a hard link, a detour through ..); everything is
# created 0600 (folders 0700) under umask 022; a database reached through a
# symbolic link keeps its key beside the real file; a FIFO at the key path
# is refused at start instead of hanging; two restores in one second keep
# both replaced databases; a backup killed half-way does not block a retry
# of the same name; and a replaced database kept by root keeps its owner.
. "$(dirname "$0")/lib.sh"
admin() { "$KIOSK" admin --db "$DB" "$@"; }
umask 022
sum() { sha256sum "$1" | cut -d' ' -f1; }
mode() { stat -c %a "$1"; }

kiosk --script "$(script request_path.txt)" > /dev/null
check "a request filed (ticket 1)" [ $? -eq 0 ]
check "the database is 0600 under umask 022 ($(mode "$DB"))" [ "$(mode "$DB")" = 600 ]
check "the key is 0600 ($(mode "$DB.key"))" [ "$(mode "$DB.key")" = 600 ]
check "the event log is 0600 ($(mode "$OUT/events.jsonl"))" [ "$(mode "$OUT/events.jsonl")" = 600 ]
check "a script's screenshot is 0600" [ "$(mode "$OUT/home.png")" = 600 ]
check "a script's dump is 0600" [ "$(mode "$OUT/home.json")" = 600 ]
DBSUM=$(sum "$DB")
KEYSUM=$(sum "$DB.key")
cp "$DB" "$OUT/pristine.db"
cp "$DB.key" "$OUT/pristine.key"
# Each part starts from the filed request again, so one part's failure
# (a database destroyed by an old build) does not hide the next part's.
reset_db() { cp "$OUT/pristine.db" "$DB"; cp "$OUT/pristine.key" "$DB.key"; }

# ---- 20: output paths that are the station's own files ----
# refused CMD...: exit 2, says why, and the database and key are untouched.
refused() {
  local what=$1; shift
  "$@" > /dev/null 2> "$OUT/err.txt"
  local rc=$?
  check "$what: exit 2 (got $rc)" [ $rc -eq 2 ]
  check "$what: says why" grep -q "refusing" "$OUT/err.txt"
  check "$what: the database is untouched" [ "$(sum "$DB")" = "$DBSUM" ]
  check "$what: the key is untouched" [ "$(sum "$DB.key")" = "$KEYSUM" ]
}
refused "export --out the database" admin export requests --out "$DB"
refused "export --out the key" admin export events --out "$DB.key"
refused "export --out the WAL (absent)" admin export events --out "$DB-wal"
check "and no WAL-named file appeared" [ ! -e "$DB-wal" ]
refused "export --out the SHM (absent)" admin export events --out "$DB-shm"
refused "export --out the journal (absent)" admin export events --out "$DB-journal"
refused "ticket png over the key" admin ticket png 1 "$DB.key"
refused "ticket png over the database" admin ticket png 1 "$DB"
refused "ticket png --width over the database" admin ticket png 1 "$DB" --width 58
refused "backup onto the WAL name" admin backup "$DB-wal"
check "and no WAL-named backup appeared" [ ! -e "$DB-wal" ]
refused "report --out the database" admin report --month 2026-01 --out "$DB"
ln -s "$DB" "$OUT/link.csv"
refused "export --out a symbolic link to the database" admin export requests --out "$OUT/link.csv"
ln "$DB.key" "$OUT/hard.png"
refused "ticket png onto a hard link of the key" admin ticket png 1 "$OUT/hard.png"
mkdir -p "$OUT/sub"
KABS=$(readlink -f "$KIOSK")
(cd "$OUT/sub" && "$KABS" admin --db ../kiosk.db export requests --out ../sub/../kiosk.db.key \
  > /dev/null 2> "$OUT/err.txt")
check "a relative detour to the key: exit 2" [ $? -eq 2 ]
check "a relative detour: the key is untouched" [ "$(sum "$DB.key")" = "$KEYSUM" ]
# The database named through a link: the real file is still protected.
ln -s "$DB" "$OUT/alias.db"
"$KIOSK" admin --db "$OUT/alias.db" export requests --out "$DB" > /dev/null 2>&1
check "--db through a link: export over the real database is refused (exit 2)" [ $? -eq 2 ]
check "and the database is untouched" [ "$(sum "$DB")" = "$DBSUM" ]
# The kiosk's own script outputs.
printf 'shot %s\ndump %s\n' "$DB.key" "$DB" > "$OUT/bad_out.txt"
kiosk --script "$OUT/bad_out.txt" > /dev/null 2> "$OUT/err.txt"
check "a script's shot and dump over the key and database fail" [ $? -ne 0 ]
check "and name the reason" grep -q "refusing" "$OUT/err.txt"
check "the database and key are untouched by the script" \
  [ "$(sum "$DB.key")" = "$KEYSUM" ]

"$KIOSK" --headless --db "$DB" --events "$DB" --script /dev/null > /dev/null 2> "$OUT/err.txt"
check "--events naming the database: the kiosk refuses to start (exit 3)" [ $? -eq 3 ]
check "and the database is untouched by the event log" [ "$(sum "$DB")" = "$DBSUM" ]

# ---- 20: things that are not regular files ----
mkfifo "$OUT/fifo"
refused "export --out a FIFO" admin export requests --out "$OUT/fifo"
check "the FIFO is still a FIFO" [ -p "$OUT/fifo" ]
refused "ticket png onto a FIFO" admin ticket png 1 "$OUT/fifo"
ln -s "$OUT/fifo" "$OUT/fifolink"
refused "export --out a link to a FIFO" admin export requests --out "$OUT/fifolink"
refused "export --out a folder" admin export requests --out "$OUT/sub"
if mknod "$OUT/null" c 1 3 2> /dev/null; then
  refused "ticket png onto a device node" admin ticket png 1 "$OUT/null"
  check "the device node is still a device" [ -c "$OUT/null" ]
  refused "backup onto a device node" admin backup "$OUT/null"
  check "still a device after backup" [ -c "$OUT/null" ]
else
  echo "note: cannot mknod here (not root?): device node checks skipped"
fi

# ---- 20, 25: ordinary outputs still work, 0600 / 0700 ----
reset_db
admin export requests --out "$OUT/requests.csv" > /dev/null
check "export to a new file" [ $? -eq 0 ]
check "the export is 0600 ($(mode "$OUT/requests.csv"))" [ "$(mode "$OUT/requests.csv")" = 600 ]
printf 'old' > "$OUT/again.csv"
chmod 644 "$OUT/again.csv"
admin export requests --out "$OUT/again.csv" > /dev/null
check "an existing regular file is replaced" grep -q "category" "$OUT/again.csv"
check "and is 0600 afterwards" [ "$(mode "$OUT/again.csv")" = 600 ]
check "no temporary files left" [ -z "$(ls "$OUT" | grep '\.tmp-')" ]
admin ticket png 1 "$OUT/t.png" > /dev/null
check "ticket png" [ $? -eq 0 ]
check "the ticket PNG is 0600" [ "$(mode "$OUT/t.png")" = 600 ]
admin ticket png 1 "$OUT/r.png" --width 58 > /dev/null
check "the receipt PNG is 0600" [ "$(mode "$OUT/r.png")" = 600 ]
admin report --month "$(date +%Y-%m)" --out "$OUT/rep" > /dev/null
check "report" [ $? -eq 0 ]
check "the report folder is 0700 ($(mode "$OUT/rep"))" [ "$(mode "$OUT/rep")" = 700 ]
check "every report file is 0600" \
  [ -z "$(find "$OUT/rep" -type f ! -perm 600)" ] && [ -n "$(ls "$OUT/rep")" ]
admin ticket print 1 --printer "file:$OUT/job.bin" > /dev/null
check "a file: receipt job" [ $? -eq 0 ]
check "the file: receipt job is 0600 ($(mode "$OUT/job.bin"))" [ "$(mode "$OUT/job.bin")" = 600 ]
# A file: printer pointed at the station's own files is refused like any
# other output path; the database and key are left as they were.
before=$(sha256sum "$DB" "$DB.key")
for target in "$DB" "$DB.key" "$DB-wal"; do
  admin ticket print 1 --printer "file:$target" > /dev/null 2> "$OUT/err.txt"
  rc=$?
  check "file:$(basename "$target") refused" [ $rc -ne 0 ]
  check "file:$(basename "$target") says why" grep -q "refusing" "$OUT/err.txt"
done
check "the database and key untouched by file: printing" [ "$(sha256sum "$DB" "$DB.key")" = "$before" ]
admin backup "$OUT/b1.db" > /dev/null
check "backup" [ $? -eq 0 ]
check "the backup is 0600 ($(mode "$OUT/b1.db"))" [ "$(mode "$OUT/b1.db")" = 600 ]
# The WAL and shared memory take the database's mode (SQLite), so 0600 too.
python3 - "$DB" <<'PY'
import os, sqlite3, stat, sys
db = sys.argv[1]
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=WAL")
c.execute("CREATE TABLE IF NOT EXISTS t_modes(x)")
c.execute("INSERT INTO t_modes VALUES (1)")
c.commit()
for f in (db + "-wal", db + "-shm"):
    m = stat.S_IMODE(os.stat(f).st_mode)
    assert m == 0o600, (f, oct(m))
c.close()
PY
check "the database's WAL and SHM are 0600 while open" [ $? -eq 0 ]
DBSUM=$(sum "$DB")

# ---- 26: two restores in the same second keep both databases ----
reset_db
[ -f "$OUT/b1.db" ] || admin backup "$OUT/b1.db" > /dev/null
# The names of the next seconds are taken beforehand by files that must
# survive: a restore never writes into an existing file.
cp "$DB" "$OUT/before.db"
NOW=$(date +%s)
for i in 0 1 2 3 4; do
  printf 'precious %s' "$i" > "$DB.replaced-$(date -d "@$((NOW + i))" +%Y%m%d-%H%M%S)"
done
admin restore "$OUT/b1.db" > /dev/null
check "restore with the second's name taken" [ $? -eq 0 ]
admin restore "$OUT/b1.db" > /dev/null
check "a second restore right after" [ $? -eq 0 ]
check "the files that had the names are untouched" \
  [ "$(cat "$DB".replaced-* 2> /dev/null | grep -ao 'precious [0-9]' | wc -l)" -eq 5 ]
KEPT=$(for f in "$DB".replaced-*; do grep -q precious "$f" || echo "$f"; done)
check "two new kept copies ($(echo "$KEPT" | wc -w))" [ "$(echo "$KEPT" | wc -w)" -eq 2 ]
for f in $KEPT; do
  check "$(basename "$f") is 0600" [ "$(mode "$f")" = 600 ]
  "$KIOSK" admin --db "$f" check > /dev/null
  rc=$?
  check "$(basename "$f") is a sound database" [ $rc -eq 0 ]
done
rm -f "$DB".replaced-*

# ---- 29: as root, the kept copy gets the database's owner ----
if [ "$(id -u)" -eq 0 ] && id nobody > /dev/null 2>&1; then
  chown nobody: "$DB" "$DB.key"
  admin restore "$OUT/b1.db" > /dev/null
  check "restore as root" [ $? -eq 0 ]
  K=$(ls "$DB".replaced-* | head -1)
  check "the kept copy is owned by the database's owner ($(stat -c %U "$K"))" \
    [ "$(stat -c %U "$K")" = nobody ]
  check "and its group ($(stat -c %G "$K"))" [ "$(stat -c %G "$K")" = "$(stat -c %G "$DB")" ]
  check "and is 0600" [ "$(mode "$K")" = 600 ]
  chown root: "$DB" "$DB.key"
else
  echo "note: not root: the owner of the kept copy is not checked"
fi

# ---- 26: a backup killed half-way does not block a retry ----
reset_db
cp "$DB" "$OUT/big.db"
cp "$DB.key" "$OUT/big.db.key"
sqlite3 "$OUT/big.db" "CREATE TABLE pad(x);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
  INSERT INTO pad SELECT randomblob(500000) FROM n;"
killed=0
for try in 1 2 3; do
  rm -f "$OUT"/bk.db*
  "$KIOSK" admin --db "$OUT/big.db" backup "$OUT/bk.db" > /dev/null 2>&1 &
  pid=$!
  # Kill it as soon as its file shows up (the copy takes far longer).
  while kill -0 "$pid" 2> /dev/null && [ -z "$(ls "$OUT"/bk.db* 2> /dev/null)" ]; do :; done
  kill -9 "$pid" 2> /dev/null
  { wait "$pid"; } 2> /dev/null
  if [ $? -eq 137 ]; then killed=1; break; fi
done
check "a backup was killed half-way" [ $killed -eq 1 ]
check "it left nothing under the name itself" [ ! -e "$OUT/bk.db" ]
"$KIOSK" admin --db "$OUT/big.db" backup "$OUT/bk.db" > /dev/null 2> "$OUT/err.txt"
rc=$?
check "a retry of the same name succeeds ($(cat "$OUT/err.txt"))" [ $rc -eq 0 ]
"$KIOSK" admin --db "$OUT/bk.db" check > /dev/null
check "and the retried backup is sound" [ $? -eq 0 ]
check "no partial file or journal left" [ -z "$(ls "$OUT"/bk.db?* 2> /dev/null)" ]
rm -f "$OUT"/big.db* "$OUT"/bk.db*

# ---- 25, 26: scheduled backups are 0600, and a killed one's file is removed ----
mkdir -p "$OUT/usb"
printf 'x' > "$OUT/usb/kiosk-20200101-000000.db.partial"
printf 'x' > "$OUT/usb/kiosk-20200101-000000.db.partial-journal"
printf '[backup]\nfolder = %s/usb\nevery_hours = 24\nkeep = 2\n' "$OUT" > "$OUT/b.ini"
printf 'advance 5\n' > "$OUT/sched.txt"
"$KIOSK" --headless --config "$OUT/b.ini" --db "$DB" --events "$OUT/sched.jsonl" \
  --script "$OUT/sched.txt"
check "the kiosk ran with a scheduled backup" [ $? -eq 0 ]
B=$(ls "$OUT"/usb/kiosk-*.db 2> /dev/null | head -1)
check "a scheduled backup was made" [ -n "$B" ]
check "the scheduled backup is 0600 ($(mode "$B"))" [ "$(mode "$B")" = 600 ]
check "a killed backup's partial file and journal are removed" \
  [ -z "$(ls "$OUT"/usb/*partial* 2> /dev/null)" ]

# ---- 22: four kiosks starting together on new databases all start ----
fails=0
for round in 1 2 3; do
  pids=""
  for i in 1 2 3 4; do
    "$KIOSK" --headless --db "$OUT/race$round.db" --script /dev/null 2>> "$OUT/race.txt" &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p" || fails=$((fails + 1)); done
  [ "$(stat -c %s "$OUT/race$round.db.key")" = 32 ] || fails=$((fails + 1))
done
check "12 racing starts on 3 new databases all succeed ($fails failed: $(head -c 300 "$OUT/race.txt"))" \
  [ $fails -eq 0 ]
rm -f "$OUT"/race*

# ---- 22: a database reached through a symbolic link ----
mkdir -p "$OUT/real"
ln -s "$OUT/real/k.db" "$OUT/link.db"
"$KIOSK" --headless --db "$OUT/link.db" --script /dev/null > /dev/null
check "the kiosk runs on a database through a link" [ $? -eq 0 ]
"$KIOSK" admin --db "$OUT/link.db" demo requests 1 > /dev/null
check "a ticket issued through the link" [ $? -eq 0 ]
check "the database is the real file" [ -f "$OUT/real/k.db" ] && [ -L "$OUT/link.db" ]
check "the key is beside the real file" [ -f "$OUT/real/k.db.key" ]
check "and not beside the link" [ ! -e "$OUT/link.db.key" ]
P=$("$KIOSK" admin --db "$OUT/real/k.db" --json requests show 1 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["ticket"]["payload"])')
"$KIOSK" admin --db "$OUT/real/k.db" ticket verify "$P" > /dev/null
check "its ticket verifies at the real path" [ $? -eq 0 ]
"$KIOSK" admin --db "$OUT/link.db" ticket verify "$P" > /dev/null
check "and through the link" [ $? -eq 0 ]

# ---- 22: a FIFO at the key path is refused, not waited on ----
mkfifo "$OUT/fifo.db.key"
timeout 30 "$KIOSK" --headless --db "$OUT/fifo.db" --script /dev/null 2> "$OUT/err.txt"
rc=$?
check "a FIFO key: the kiosk stops at once with exit 3 (got $rc)" [ $rc -eq 3 ]
check "and says it must be a regular file" grep -q "regular file" "$OUT/err.txt"

finish
