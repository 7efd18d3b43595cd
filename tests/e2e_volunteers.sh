#!/usr/bin/env bash
# Volunteers (issue 21), headless through the kiosk and `kiosk admin`: a
# resident applies at the kiosk (bad input said on each step), a station
# head approves (admin and the staff screen), the card is printed and its
# PNG decodes to a KT3 payload of kind V with nothing personal in it; the
# card's scan starts a duty, a second scan within a minute is one, two hours
# later the scan ends it with 2.0 hours shown and 120 minutes in the ledger;
# an adjustment is a new entry; the ledger refuses edits; a replaced, a
# forged and a disabled card are refused and logged; a duty left open is
# closed from the staff screen.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
ev() { grep -c "\"event\":\"$1\"" "$OUT/events.jsonl"; }
printf '[printer]\nuri = file:%s\n' "$OUT/job.bin" > "$OUT/kiosk.ini"
run() { "$KIOSK" --headless --config "$OUT/kiosk.ini" --db "$DB" --events "$OUT/events.jsonl" \
    --script "$1" > "$1.log" 2>&1; }

cat > "$OUT/apply.txt" <<S
tap home.volunteer
expect-screen volunteer
tap nav.next
expect-text 请写上您的姓名。
type 王阿姨
tap keypad.6
tap keypad.2
tap nav.next
expect-screen phone
tap keypad.1
tap keypad.3
tap keypad.9
tap keypad.1
tap keypad.2
tap keypad.3
tap keypad.4
tap keypad.5
tap keypad.6
tap keypad.7
tap keypad.8
tap keypad.ok
expect-screen volunteer_building
tap building.3
expect-screen volunteer_skills
tap nav.next
expect-text 请至少选一项。
tap skill.chat
tap skill.repair
tap nav.next
expect-screen volunteer_when
tap nav.next
expect-text 请至少选一个有空的时间。
tap volunteer.weekday_am
tap nav.next
expect-screen volunteer_when
tap volunteer.consent
tap nav.next
expect-screen review
expect-text 王阿姨
expect-text 陪伴聊天、维修
tap review.confirm
expect-screen volunteer_done
S
run "$OUT/apply.txt"
check "apply at the kiosk: the script holds" [ $? -eq 0 ] || cat "$OUT/apply.txt.log" >&2
check "event volunteer_applied with the id" grep -q '"event":"volunteer_applied".*"id":1' "$OUT/events.jsonl"
admin --json volunteers list --status applied > "$OUT/list.json"
check "listed as applied, with skills and building" python3 -c '
import json,sys; v=json.load(open(sys.argv[1]))["volunteers"]
assert len(v)==1 and v[0]["name"]=="王阿姨" and v[0]["skills"]==["chat","repair"], v
assert v[0]["building"]=="3栋" and v[0]["age"]==62 and v[0]["phone"]=="13912345678", v' "$OUT/list.json"

# no card before approval; a worker may not approve; the head approves
admin volunteers card 1 "$OUT/none.png" 2>/dev/null
check "no card before approval (exit 1)" [ $? -eq 1 ]
admin staff add wang --name 王芳 --role worker --pin 2468 > /dev/null
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
admin volunteers approve 1 --by wang 2>/dev/null
check "a worker may not approve (exit 1)" [ $? -eq 1 ]
admin volunteers approve 1 --by zhao > /dev/null
check "the head approves" [ $? -eq 0 ]
admin --json volunteers card 1 "$OUT/card.png" > "$OUT/card.json"
check "volunteers card writes the PNG" [ -s "$OUT/card.png" ]
P=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["payload"])' "$OUT/card.json")
check "the card is KT3, kind V, nothing personal" bash -c "[[ '$P' == KT3.SW01.V.* ]] && [[ '$P' != *王* ]] && [[ '$P' != *1391234* ]]"
check "zbarimg reads the card's QR back" [ "$(zbarimg -q --raw "$OUT/card.png" 2>/dev/null)" = "$P" ]
check "the card verifies as a ticket" admin ticket verify "$P"

# duty by scan: start, a repeat within a minute, the end two hours later
cat > "$OUT/duty.txt" <<S
scan $P
expect-screen volunteer_card
expect-text 签到成功，服务开始。结束时请再扫一次。
tap nav.home
advance 30
scan $P
expect-text 刚刚已经扫过了，不用再扫。
tap nav.home
advance 7170
scan $P
expect-screen volunteer_card
expect-text 签退成功，本次服务 2.0 小时。谢谢您！
expect-text 时间银行：共 2.0 小时
dump $OUT/card_scan.json
tap card.print
S
run "$OUT/duty.txt"
check "duty by scan: the script holds" [ $? -eq 0 ] || cat "$OUT/duty.txt.log" >&2
check "duty_started once" [ "$(ev duty_started)" = 1 ]
check "duty_ended once, volunteer 1, 120 minutes" grep -q '"event":"duty_ended","at":"[^"]*","volunteer":1,"duty":1,"minutes":120' "$OUT/events.jsonl"
check "the passbook slip printed" grep -q '"event":"passbook_printed"' "$OUT/events.jsonl"
admin --json volunteers hours 1 > "$OUT/hours.json"
check "hours: 120 minutes, one duty entry" python3 -c '
import json,sys; h=json.load(open(sys.argv[1]))
assert h["total_minutes"]==120 and len(h["entries"])==1 and h["entries"][0]["kind"]=="duty", h' "$OUT/hours.json"

# a correction is a new entry; the ledger refuses edits
admin volunteers adjust 1 -30 --reason "签退晚了半小时" --by zhao > /dev/null
check "adjust adds an entry" [ $? -eq 0 ]
admin volunteers adjust 1 30 --by zhao 2>/dev/null
check "adjust without a reason: exit 2" [ $? -eq 2 ]
admin --json volunteers hours 1 > "$OUT/hours2.json"
check "hours: 90 minutes in two entries" python3 -c '
import json,sys; h=json.load(open(sys.argv[1]))
assert h["total_minutes"]==90 and len(h["entries"])==2 and h["entries"][0]["reason"]=="签退晚了半小时", h' "$OUT/hours2.json"
check "the ledger refuses UPDATE" bash -c "! sqlite3 '$DB' 'UPDATE volunteer_hours SET minutes = 999' 2>/dev/null"
check "the ledger refuses DELETE" bash -c "! sqlite3 '$DB' 'DELETE FROM volunteer_hours' 2>/dev/null"

# a new card: the old one refused; a forged one refused; staff close a duty
admin --json volunteers card 1 "$OUT/card2.png" --new > "$OUT/card2.json"
P2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["payload"])' "$OUT/card2.json")
FORGED="${P2%?}A"; [ "$FORGED" = "$P2" ] && FORGED="${P2%?}B"
cat > "$OUT/refused.txt" <<S
scan $P
expect-screen volunteer_card
expect-text 这张志愿者证已停用或已换新，不能使用。请问工作人员。
tap nav.home
scan $FORGED
expect-screen check
tap nav.home
scan $P2
expect-text 签到成功，服务开始。结束时请再扫一次。
tap nav.home
advance 1800
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
expect-screen staff
tap staff.volunteers
expect-screen staff_volunteers
expect-text 王阿姨 · 0.5 h
dump $OUT/staff_volunteers.json
tap volunteer.close.1
expect-text 已结束服务，按实际时间计入。
S
run "$OUT/refused.txt"
check "refused cards and staff close: the script holds" [ $? -eq 0 ] || cat "$OUT/refused.txt.log" >&2
check "the replaced card logged" grep -q '"event":"volunteer_card_refused".*"reason":"replaced"' "$OUT/events.jsonl"
check "the forged card logged invalid" grep -q '"event":"scan","at":"[^"]*","valid":false' "$OUT/events.jsonl"
admin --json volunteers hours 1 > "$OUT/hours3.json"
check "the closed duty counted 30 minutes" python3 -c '
import json,sys; h=json.load(open(sys.argv[1]))
assert h["total_minutes"]==120 and h["entries"][0]["minutes"]==30, h' "$OUT/hours3.json"
# assignment: a request lists the approved volunteer among its assignees
"$KIOSK" --headless --db "$DB" --script "$(script request_path.txt)" > /dev/null 2>&1
admin requests act 1 accept --by zhao > /dev/null
cat > "$OUT/assign.txt" <<S
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
tap staff.queue
tap queue.row.1
expect-screen detail
tap detail.assign
expect-text 王阿姨（陪伴聊天、维修）
dump $OUT/assignee.json
tap nav.back
tap nav.back
tap nav.back
expect-screen staff
tap staff.stats
tap stats.tab.staff
expect-text 志愿服务 2.0 小时 · 参加服务的志愿者 1 人
expect-text 陪伴聊天 2.0 · 维修 2.0
dump $OUT/stats.json
S
run "$OUT/assign.txt"
check "the volunteer is in the assignee list" [ $? -eq 0 ] || cat "$OUT/assign.txt.log" >&2
admin requests act 1 assign --by zhao --to volunteer:1 > /dev/null
check "a request assigned to the volunteer" bash -c "'$KIOSK' admin --db '$DB' requests show 1 | grep -q 'assignee    volunteer:1'"
admin volunteers team 1 舞蹈队 --by zhao > /dev/null
check "volunteers team: 王阿姨 in 舞蹈队" [ $? -eq 0 ]
admin report --month "$(date +%Y-%m)" --out "$OUT/report" > /dev/null
check "the monthly report has volunteers.csv" [ -s "$OUT/report/volunteers.csv" ]
check "volunteers.csv: 120 minutes in all, per skill, for the team and for 王阿姨" python3 -c '
import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
assert rows[0][:4]==["group","key","name","minutes"], rows[0]
t=[r for r in rows if r[0]=="total"][0]; assert t[3]=="120" and t[7]=="1", t
assert [r for r in rows if r[0]=="skill" and r[1]=="chat"][0][2]=="陪伴聊天"
assert [r for r in rows if r[0]=="team" and r[1]=="舞蹈队"][0][3]=="120"
assert [r for r in rows if r[0]=="volunteer"][0][2]=="王阿姨"' "$OUT/report/volunteers.csv"
admin volunteers disable 1 > /dev/null
printf 'scan %s\nexpect-text 这张志愿者证已停用或已换新，不能使用。请问工作人员。\n' "$P2" > "$OUT/disabled.txt"
run "$OUT/disabled.txt"
check "a disabled volunteer's card refused" [ $? -eq 0 ]
check "the disabled card logged" grep -q '"event":"volunteer_card_refused".*"reason":"disabled"' "$OUT/events.jsonl"
# approving on the staff screen prints the card: its QR reads back as the card
run "$OUT/apply.txt"
printf '[printer]\nuri = file:%s\n' "$OUT/card.bin" > "$OUT/card.ini"
cat > "$OUT/approve.txt" <<S
press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
tap staff.volunteers
expect-text 王阿姨 62 · 3栋 · 陪伴聊天、维修
tap volunteer.approve.2
expect-screen ticket
expect-text V003
S
"$KIOSK" --headless --config "$OUT/card.ini" --db "$DB" --events "$OUT/events.jsonl" \
    --script "$OUT/approve.txt" > "$OUT/approve.log" 2>&1
check "approved on the staff screen, the card shown" [ $? -eq 0 ] || cat "$OUT/approve.log" >&2
P3=$(admin --json volunteers card 2 "$OUT/card3.png" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["payload"])')
"${3:-}/escpos_decode" "$OUT/card.bin" "$OUT/card.pbm" > /dev/null 2>&1
check "ticket_issued of kind volunteer with the card's payload" \
    grep -q "\"event\":\"ticket_issued\",\"at\":\"[^\"]*\",\"kind\":\"volunteer\",\"number\":\"V003\",\"payload\":\"$P3\"" "$OUT/events.jsonl"
check "the printed card's QR reads back as the card" \
    [ "$(zbarimg -q --raw "$OUT/card.pbm" 2>/dev/null)" = "$P3" ]
for f in card_scan staff_volunteers assignee stats; do
    check "layout of $f" python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT/$f.json"
done
finish
