#!/usr/bin/env bash
# The staff desk after the field test (issue 15), headless: the resident's
# flags on the queue row (with the day, and as the reason it sorts high) and
# on the detail; the timeline by name; a message gone once its screen is
# left; the walk-in waiting count, call again (重呼) and skip (过号) on the
# staff home and in `kiosk admin walkin recall|skip`; the category filter as
# a list; the volunteer's scan hint; the idle warning 20 s before staff mode
# ends; the maintenance screen's database size with its WAL, a scanned
# walk-in number as printed (Q002) and buttons that stay put on a scan.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
run() { kiosk --script "$1"; }
# widget TEXT of id $2 in dump $1 ("" when absent)
text_of() {
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print("".join(w["text"] for w in d["widgets"] if w["id"]==sys.argv[2]))' "$1" "$2"
}
has_widget() {
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if any(w["id"]==sys.argv[2] for w in d["widgets"]) else 1)' "$1" "$2"
}

# A resident files an urgent request and says they are disabled.
run "$(script request_path.txt)" > /dev/null
check "a request filed" [ $? -eq 0 ]
admin staff add wang --name 王丽 --role worker --pin 2468 > /dev/null
admin staff add li --name 李志愿 --role volunteer --pin 1357 > /dev/null
for i in 1 2 3; do admin walkin issue > /dev/null; done
login_wang='press staff.entry 3
tap staff_pick.wang
tap pin.2
tap pin.4
tap pin.6
tap pin.8
tap pin.ok
expect-screen staff'

# Each part its own run, so each says what it checks on its own.
# The queue row, the detail and its timeline, a message left behind.
cat > "$OUT/desk.txt" <<EOS
$login_wang
dump $OUT/d01_staff.json
tap staff.queue
expect-screen queue
dump $OUT/d02_queue.json
tap queue.row.1
expect-screen detail
dump $OUT/d05_detail.json
tap detail.accept
expect-text 已受理
dump $OUT/d06_detail_accepted.json
tap nav.home
expect-screen staff
dump $OUT/d07_staff_after.json
EOS
run "$OUT/desk.txt"
check "queue, detail and back home" [ $? -eq 0 ]
row=$(text_of "$OUT/d02_queue.json" queue.row.1)
echo "$row" | grep -q '^A001 [0-9][0-9]-[0-9][0-9] '
check "the queue row shows the number with its day: $row" [ $? -eq 0 ]
echo "$row" | grep -q '优先：紧急、残疾人'
check "the queue row says why it sorts high, flags included" [ $? -eq 0 ]
check "the detail shows the resident's flags" \
  [ "$(text_of "$OUT/d05_detail.json" detail.flags)" = "情况：残疾人" ]
ev=$(text_of "$OUT/d06_detail_accepted.json" detail.events)
echo "$ev" | grep -q '已受理（王丽）'
check "the timeline names the staff member, not the login: $ev" [ $? -eq 0 ]
check "the detail's message is said there" has_widget "$OUT/d06_detail_accepted.json" detail.message
! has_widget "$OUT/d07_staff_after.json" staff.message
check "and gone on the staff home" [ $? -eq 0 ]
check "the staff home shows how many wait" \
  [ "$(text_of "$OUT/d01_staff.json" staff.waiting)" = "排队等候：3 人" ]

# The category filter: a list of categories with all.
cat > "$OUT/cats.txt" <<EOS
$login_wang
tap staff.queue
tap queue.category
expect-screen queue_cats
dump $OUT/d03_cats.json
tap queue_cats.elder
expect-screen queue
expect-text 没有符合条件的事项
dump $OUT/d04_queue_elder.json
tap queue.category
tap queue_cats.all
expect-screen queue
expect-text A001
EOS
run "$OUT/cats.txt"
check "the category filter is a list: choose one, then all" [ $? -eq 0 ]
check "the list has all and every category" python3 -c 'import json,sys
ids=[w["id"] for w in json.load(open(sys.argv[1]))["widgets"]]
sys.exit(0 if "queue_cats.all" in ids and "queue_cats.housing" in ids and "queue_cats.other" in ids else 1)' "$OUT/d03_cats.json"
check "the chosen category shows on the filter" \
  [ "$(text_of "$OUT/d04_queue_elder.json" queue.category)" != "全部类别" ]

# Walk-in numbers: call, a message gone once the screen is left, call
# again, skip.
cat > "$OUT/call.txt" <<EOS
$login_wang
tap staff.call
expect-text 已叫 Q001
dump $OUT/d08_called.json
tap staff.queue
tap nav.home
dump $OUT/d09_staff_back.json
tap staff.recall
expect-text 已重呼 Q001
tap staff.skip
expect-text Q001 已过号
expect-text 已叫 Q002
dump $OUT/d10_skipped.json
EOS
run "$OUT/call.txt"
check "call, call again and skip on the staff home" [ $? -eq 0 ]
check "one fewer waits after a call" \
  [ "$(text_of "$OUT/d08_called.json" staff.waiting)" = "排队等候：2 人" ]
! has_widget "$OUT/d09_staff_back.json" staff.message
check "the staff home's call message is gone after leaving it" [ $? -eq 0 ]
check "and after a skip that calls the next" \
  [ "$(text_of "$OUT/d10_skipped.json" staff.waiting)" = "排队等候：1 人" ]
for e in walkin_recalled walkin_skipped; do
  grep -q "\"event\":\"$e\".*\"number\":\"Q001\".*\"by\":\"wang\"" "$OUT/events.jsonl"
  check "event $e logged" [ $? -eq 0 ]
done

# The idle warning 20 s before staff mode ends.
cat > "$OUT/idle.txt" <<EOS
$login_wang
advance 101
expect-text 秒后将自动退出工作台
dump $OUT/d11_idle.json
tap idle.continue
expect-screen staff
advance 100
expect-screen staff
advance 21
expect-screen home
EOS
run "$OUT/idle.txt"
check "staff mode warns before it ends, continue keeps it, ignored it ends" [ $? -eq 0 ]
check "the staff idle warning has its continue button" has_widget "$OUT/d11_idle.json" idle.continue
grep -q '"event":"idle_warning".*"staff":true' "$OUT/events.jsonl"
check "the staff idle warning is logged" [ $? -eq 0 ]
grep -q '"event":"staff_logout".*"why":"idle"' "$OUT/events.jsonl"
check "ignored, it signs out as before" [ $? -eq 0 ]

# A check-in on today's list: its message stays there, not on the staff
# home, and is gone when the list is opened again.
d=1
while :; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
  d=$((d + 1))
done
admin bookings book daycare "$DAY" 08:30 --phone 13912345678 --age 80 --name 张奶奶 > /dev/null
secs=$(( $(date -d "$DAY 08:00" +%s) - $(date +%s) ))
cat > "$OUT/today.txt" <<EOS
advance $secs
$login_wang
tap staff.today
expect-screen today
tap today.checkin.1
expect-text 签到成功
dump $OUT/d12_today_checked.json
tap nav.home
expect-screen staff
dump $OUT/d13_staff_home.json
tap staff.today
expect-screen today
dump $OUT/d14_today_again.json
EOS
run "$OUT/today.txt"
check "check-in from today's list" [ $? -eq 0 ]
check "its message shows on today's list" has_widget "$OUT/d12_today_checked.json" today.message
! has_widget "$OUT/d13_staff_home.json" staff.message
check "not on the staff home" [ $? -eq 0 ]
! has_widget "$OUT/d14_today_again.json" today.message
check "nor on today's list opened again" [ $? -eq 0 ]

python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT"/d*.json
check "desk screens: layout" [ $? -eq 0 ]

# ---- the same from kiosk admin ----
admin --json walkin recall --counter 1 > "$OUT/recall.json"
check "admin walkin recall calls Q002 again" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); sys.exit(0 if d["recalled"]["number"]=="Q002" else 1)' "$OUT/recall.json"
admin --json walkin skip --counter 1 --by wang > "$OUT/skip.json"
check "admin walkin skip passes Q002 over and calls Q003" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if d["skipped"]["number"]=="Q002" and d["called"]["number"]=="Q003" else 1)' "$OUT/skip.json"
admin --json walkin skip --counter 1 > "$OUT/skip2.json"
check "skipping the last one calls nobody" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if d["skipped"]["number"]=="Q003" and d["called"] is None else 1)' "$OUT/skip2.json"
admin walkin recall --counter 7 > /dev/null 2>&1
check "a window that called nobody: exit 1" [ $? -eq 1 ]
admin walkin skip --counter 0 > /dev/null 2>&1
check "a bad counter: exit 2" [ $? -eq 2 ]

# ---- the volunteer's hint fits what a volunteer can do ----
cat > "$OUT/vol.txt" <<EOS
press staff.entry 3
tap staff_pick.li
tap pin.1
tap pin.3
tap pin.5
tap pin.7
tap pin.ok
expect-screen staff
dump $OUT/v01_staff.json
EOS
run "$OUT/vol.txt"
check "a volunteer signs in" [ $? -eq 0 ]
hint=$(text_of "$OUT/v01_staff.json" staff.scan_hint)
! echo "$hint" | grep -q '详情'
check "the volunteer's scan hint opens no request: $hint" [ $? -eq 0 ]

# ---- maintenance: the database with its WAL, a walk-in as printed ----
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
P=$(admin --json walkin issue | python3 -c 'import json,sys; print(json.load(sys.stdin)["payload"])')
# Another connection keeps a -wal as big as the database (VACUUM, no
# checkpoint) while the maintenance screen is shown.
python3 -c 'import sqlite3,sys,time
c=sqlite3.connect(sys.argv[1],isolation_level=None)
c.execute("PRAGMA wal_autocheckpoint=0"); c.execute("VACUUM")
open(sys.argv[2],"w").write("ready"); time.sleep(120)' "$DB" "$OUT/held" &
HOLDER=$!
for _ in $(seq 100); do [ -s "$OUT/held" ] && break; sleep 0.1; done
MAIN=$(stat -c %s "$DB")
WAL=$(stat -c %s "$DB-wal")
cat > "$OUT/maint.txt" <<EOS
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
tap staff.maint
expect-screen maint
dump $OUT/m01_maint.json
scan $P
expect-screen maint
dump $OUT/m02_scanned.json
EOS
run "$OUT/maint.txt"
check "maintenance screen and a scan" [ $? -eq 0 ]
kill "$HOLDER" 2> /dev/null
wait "$HOLDER" 2> /dev/null
db=$(text_of "$OUT/m01_maint.json" maint.db)
check "the database size counts its WAL, in a unit that suits it: $db (file $MAIN, wal $WAL)" \
  python3 -c 'import re,sys
m=re.search(r" ([0-9.]+) (B|KiB|MiB|GiB)$", sys.argv[1])
if not m: sys.exit(1)
v=float(m.group(1))*{"B":1,"KiB":1024,"MiB":1<<20,"GiB":1<<30}[m.group(2)]
main,wal=int(sys.argv[2]),int(sys.argv[3])
# at least the file and its -wal; KiB below a MiB (never "0.3 MiB")
sys.exit(0 if v>=0.95*(main+wal) and (v>=1<<20 or m.group(2)!="MiB") and v>=1 else 1)' "$db" "$MAIN" "$WAL"
msg=$(text_of "$OUT/m02_scanned.json" maint.message)
echo "$msg" | grep -q 'Q004'
check "a scanned walk-in shows as printed: $msg" [ $? -eq 0 ]
check "a scan moves no button" python3 -c 'import json,sys
def rects(p):
    return {w["id"]:w["rect"] for w in json.load(open(p))["widgets"] if w["id"].startswith("maint.") and w["role"]=="button"}
a,b=rects(sys.argv[1]),rects(sys.argv[2])
sys.exit(0 if a and a==b else 1)' "$OUT/m01_maint.json" "$OUT/m02_scanned.json"
python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT"/m*.json "$OUT"/v*.json
check "maintenance and volunteer: layout" [ $? -eq 0 ]
finish
