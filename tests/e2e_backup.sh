#!/usr/bin/env bash
# Backups from the outside: `kiosk admin backup`, `check` and `restore`
# (refusing a damaged file, keeping the replaced database); scheduled
# backups while the kiosk stands idle, keeping only the newest `keep`; and a
# kiosk whose database fails its check at start: it shows the broken screen,
# exits normally and leaves the file byte for byte as it was.
. "$(dirname "$0")/lib.sh"
admin() { "$KIOSK" admin --db "$DB" "$@"; }

kiosk --script "$(script request_path.txt)" > /dev/null
check "a request filed" [ $? -eq 0 ]
admin backup "$OUT/b1.db" > /dev/null
check "admin backup" [ $? -eq 0 ]
admin backup "$OUT/b1.db" 2> /dev/null
check "a backup never overwrites (exit 2)" [ $? -eq 2 ]
admin check > /dev/null
check "admin check: integrity ok" [ $? -eq 0 ]
printf 'not a database at all' > "$OUT/junk.db"
admin restore "$OUT/junk.db" 2> "$OUT/err.txt"
check "restore refuses junk (exit 1)" [ $? -eq 1 ]
check "and says why" grep -q "refused" "$OUT/err.txt"
admin restore "$OUT/b1.db" > "$OUT/restore.txt"
check "restore a good backup" [ $? -eq 0 ]
check "the replaced database is kept beside it" [ -n "$(ls "$DB".replaced-* 2>/dev/null)" ]

# ---- scheduled backups: every 24 h, keep 2 ----
mkdir -p "$OUT/usb"
printf '[backup]\nfolder = %s/usb\nevery_hours = 24\nkeep = 2\n' "$OUT" > "$OUT/b.ini"
printf 'advance 5\nadvance 90000\nadvance 90000\nadvance 5\n' > "$OUT/sched.txt"
"$KIOSK" --headless --config "$OUT/b.ini" --db "$DB" --events "$OUT/sched.jsonl" \
  --script "$OUT/sched.txt"
check "the kiosk ran with scheduled backups" [ $? -eq 0 ]
check "three backups made ($(grep -c '"event":"backup_done"' "$OUT/sched.jsonl"))" \
  [ "$(grep -c '"event":"backup_done"' "$OUT/sched.jsonl")" -eq 3 ]
check "only the newest two kept" [ "$(ls "$OUT"/usb/kiosk-*.db | wc -l)" -eq 2 ]
for f in "$OUT"/usb/kiosk-*.db; do
  "$KIOSK" admin --db "$f" check > /dev/null
  check "kept backup $(basename "$f") passes its integrity check" [ $? -eq 0 ]
done

# ---- retention: personal data of items finished long ago ----
admin requests act 1 cancel --by admin --note "居民不再需要" > /dev/null
sqlite3 "$DB" "UPDATE requests SET updated_at = updated_at - 400 * 86400 WHERE id = 1"
admin purge --dry-run > "$OUT/dry.txt"
check "purge --dry-run lists the cancelled request" grep -q "A001" "$OUT/dry.txt"
check "and changes nothing" [ "$(sqlite3 "$DB" "SELECT phone FROM requests WHERE id = 1")" != "" ]
admin purge > "$OUT/purge.txt"
check "purge erases it" grep -q "erased 1 requests" "$OUT/purge.txt"
check "name, phone, address and description are gone" \
  [ "$(sqlite3 "$DB" "SELECT phone || name || building || description FROM requests WHERE id = 1")" = "" ]
check "its category stays for the figures" \
  [ "$(sqlite3 "$DB" "SELECT category FROM requests WHERE id = 1")" = "housing" ]

# ---- CSV export, parsed back ----
admin export requests --out "$OUT/requests.csv"
check "export requests" [ $? -eq 0 ]
python3 - "$OUT/requests.csv" "$(sqlite3 "$DB" "SELECT count(*) FROM requests")" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "byte-order mark"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0][0] == "id" and "category" in rows[0], rows[0]
assert len(rows) - 1 == int(sys.argv[2]), (len(rows), sys.argv[2])
PY
check "the CSV parses back: header, every row, UTF-8 with a BOM" [ $? -eq 0 ]
admin staff add wang --name 王芳 --role worker --pin 2468 > /dev/null
admin export staff > "$OUT/staff.csv"
check "staff export has the name" grep -q "王芳" "$OUT/staff.csv"
! grep -qi "pin_hash\|argon2" "$OUT/staff.csv"
check "and never the PIN hash" [ $? -eq 0 ]
admin export nosuch 2> /dev/null
check "an unknown table is bad usage (exit 2)" [ $? -eq 2 ]

# ---- a damaged database at start ----
cp "$DB" "$OUT/broken.db"
python3 - "$OUT/broken.db" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(4096 * 2)
    f.write(b"\x5a" * 4096)
PY
before=$(sha256sum "$OUT/broken.db" | cut -d' ' -f1)
printf 'expect-screen broken\nexpect-text kiosk admin restore\ndump %s/broken.json\nshot %s/broken.png\n' \
  "$OUT" "$OUT" > "$OUT/broken.txt"
"$KIOSK" --headless --db "$OUT/broken.db" --events "$OUT/broken.jsonl" \
  --script "$OUT/broken.txt" 2> "$OUT/broken.err"
check "a damaged database: the broken screen, exit 0" [ $? -eq 0 ]
check "said on stderr" grep -q "fails its check\|not a kiosk database\|damaged" "$OUT/broken.err"
check "logged" grep -q '"event":"database_corrupt"' "$OUT/broken.jsonl"
check "the damaged file is left as it was" \
  [ "$(sha256sum "$OUT/broken.db" | cut -d' ' -f1)" = "$before" ]
# Issue 24: the quick_check (the whole file on a big database) waits for the
# first frame, and nothing is written or made before it.
python3 - "$OUT/broken.jsonl" <<'PY'
import json, sys
kinds = [json.loads(l)["event"] for l in open(sys.argv[1])]
assert kinds.index("first_frame") < kinds.index("database_corrupt"), kinds
PY
check "the check ran after the first frame" [ $? -eq 0 ]
check "no key made beside the damaged database" [ ! -e "$OUT/broken.db.key" ]
check "nor a site key pair" [ ! -e "$OUT/broken.db.sign.key" ]
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT/broken.json"
check "broken screen layout" [ $? -eq 0 ]
finish
