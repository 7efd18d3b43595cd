#!/usr/bin/env bash
# Community activities (issue 20), headless: signing up on the kiosk
# (home.activities -> activity.ID -> activity.signup -> people -> phone ->
# review.confirm -> the H ticket), a full activity's waiting list and its
# standby ticket (候补第 1 位), cancelling by scanning the ticket and the
# first waiting promoted at once, a series added and cancelled from a date
# on, and on the day: staff check-in by scan, the no-shows' seats released
# 10 minutes after the start to the waiting list, and the sweep after the
# end marking who did not come.  Events ticket_issued (kind activity,
# waitlist, signup_id), activity_cancelled, activity_promoted.
. "$(dirname "$0")/lib.sh"

admin() { "$KIOSK" admin --db "$DB" "$@"; }
# the last event NAME's JSON line
last_event() { grep "\"event\":\"$1\"" "$OUT/events.jsonl" | tail -1; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$1" "$2"; }
statuses() { # the sign-ups' states of activity $1, in order
  admin --json activities signups "$1" |
    python3 -c 'import json,sys; print(" ".join(s["status"] for s in json.load(sys.stdin)["signups"]))'
}

kiosk --script /dev/null # the database and its key
admin staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
day=$(date -d '+2 day' +%F)
ids=$(admin --json activities add YOGA --zh 公益瑜伽 --en Yoga --day "$day" --time 09:00-10:00 \
  --seats 2 --per-signup 2 --audience elder --place-zh 活动室 --bring-zh 瑜伽垫)
check "added: one id" [ "$ids" = '{"ids":[1]}' ]

# two people sign up on the kiosk: the last two seats
cat > "$OUT/a.txt" <<EOF
tap home.activities
expect-screen activities
expect-text 还剩 2 个名额
tap activities.filter.youth
tap activities.filter.elder
tap activity.1
expect-screen activity
tap activity.people.2
tap activity.signup
expect-screen phone
type 13911112222
tap nav.next
expect-screen review
expect-text 确认报名
tap review.confirm
advance 1
expect-screen ticket
expect-text H001
expect-text 请带上：瑜伽垫
EOF
kiosk --script "$OUT/a.txt"
check "signed up on the kiosk" [ $? -eq 0 ]
e=$(last_event ticket_issued)
check "ticket_issued kind activity" [ "$(field "$e" kind)" = activity ]
check "not on the waiting list" [ "$(field "$e" waitlist)" = False ]
check "its signup_id" [ "$(field "$e" signup_id)" = 1 ]
p1=$(field "$e" payload)
admin ticket png "$(field "$e" id)" "$OUT/h1.png" --width 58 > /dev/null
check "the H ticket's receipt as a PNG" [ $? -eq 0 -a -s "$OUT/h1.png" ]

# full: one more joins the waiting list and gets a standby ticket
cat > "$OUT/b.txt" <<EOF
tap home.activities
tap activity.1
expect-text 已满，排队候补
tap activity.signup
type 13933334444
tap nav.next
expect-text 确认排队候补
tap review.confirm
advance 1
expect-screen ticket
expect-text 已排队候补
expect-text 候补第 1 位
EOF
kiosk --script "$OUT/b.txt"
check "the waiting list on the kiosk" [ $? -eq 0 ]
e=$(last_event ticket_issued)
check "waitlist true" [ "$(field "$e" waitlist)" = True ]
check "signup 2 first in line" [ "$(field "$e" signup_id)/$(field "$e" position)" = 2/1 ]
p2=$(field "$e" payload)
check "states before" [ "$(statuses 1)" = "signed_up waiting" ]

# the first cancels by scanning the ticket: the waiting one is promoted
cat > "$OUT/c.txt" <<EOF
scan $p1
expect-screen activity_state
expect-text 已报名，请按时参加
tap activity.cancel
expect-text 再点一次，确认取消报名
tap activity.cancel
expect-text 已为您取消报名。
tap nav.home
scan $p2
expect-screen activity_state
expect-text 有空位了，您已从候补转为正式报名
EOF
kiosk --script "$OUT/c.txt"
check "cancel by scan, the next promoted" [ $? -eq 0 ]
e=$(last_event activity_cancelled)
check "activity_cancelled for signup 1" [ "$(field "$e" signup_id)" = 1 ]
e=$(last_event activity_promoted)
check "activity_promoted signup 2" [ "$(field "$e" signup_id)" = 2 ]
check "states after" [ "$(statuses 1)" = "cancelled signed_up" ]
check "the promotion once" [ "$(grep -c '"event":"activity_promoted"' "$OUT/events.jsonl")" -eq 1 ]
check "cancelled twice refused" [ "$(admin activities cancel-signup 1 2>&1 > /dev/null; echo $?)" != 0 ]

# a series of three Wednesdays, cancelled from the second on
until=$(date -d "$day +14 day" +%F)
ids=$(admin --json activities add FILM --zh 青少年电影 --day "$day" --time 19:00-21:00 --seats 30 \
  --audience youth --repeat weekly --until "$until")
check "a weekly series of three" [ "$ids" = '{"ids":[2,3,4]}' ]
check "cancel from the second date" [ "$(admin --json activities cancel 3 --series)" = '{"id":3,"cancelled":2}' ]
n=$(admin --json activities list --audience youth --to "$until" |
  python3 -c 'import json,sys; print(sum(not a["cancelled"] for a in json.load(sys.stdin)["activities"]))')
check "one date of the series left" [ "$n" = 1 ]

# on the day: check-in by scan, release at 09:15, the sweep after the end
tomorrow=$(date -d tomorrow +%F)
admin activities add TALK --zh 照护者讲座 --day "$tomorrow" --time 09:00-10:00 --seats 2 > /dev/null
s() { admin --json activities signup 5 --phone "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["payload"])'; }
q1=$(s 13700000001); s 13700000002 > /dev/null; s 13700000003 > /dev/null
check "two seated, one waiting" [ "$(statuses 5)" = "signed_up signed_up waiting" ]
to() { echo $(($(date -d "$tomorrow $1" +%s) - $(date +%s))); }
login='press staff.entry 3
tap staff_pick.zhao
tap pin.9
tap pin.7
tap pin.5
tap pin.3
tap pin.ok
expect-screen staff'
cat > "$OUT/d.txt" <<EOF
advance $(to 08:30)
$login
scan $q1
expect-text 已签到
tap staff.activities
expect-screen staff_activities
tap activities.today.5
expect-screen staff_activity
tap activity.release
expect-text 开始 10 分钟后才能释放名额，活动结束后不能再释放
advance 2700
$login
tap staff.activities
tap activities.today.5
tap activity.release
expect-text 已释放 1 个未到报名的名额，候补按顺序补上
advance 4500
advance 120
expect-screen home
tap home.activities
tap nav.home
EOF
kiosk --script "$OUT/d.txt"
check "the day's script" [ $? -eq 0 ]
e=$(last_event activity_promoted)
check "the released seat to the waiting one" [ "$(field "$e" signup_id)" = 5 ]
check "checked in, released no-show, promoted then no-show" \
  [ "$(statuses 5)" = "checked_in no_show no_show" ]

# the monthly report's activities.csv: the day's figures
admin report --month "${tomorrow:0:7}" --out "$OUT/rep" > /dev/null
tr -d '\r' < "$OUT/rep/activities.csv" > "$OUT/rep/a.csv"
check "activities.csv: 3 signed up, 1 came, 2 no-shows, 1 promoted" \
  grep -qx 'activity,5,照护者讲座,1,3,3,1,2,1' "$OUT/rep/a.csv"
finish
