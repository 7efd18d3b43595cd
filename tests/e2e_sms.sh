#!/usr/bin/env bash
# Texts to residents through smstools' smsd (issue 23), headless, against
# smsd's own spool folders: the files the kiosk leaves in outgoing are
# compared byte for byte with what smsd reads; smsd's sent and failed
# reports and an incoming TD are written as smsd writes them (smsd needs a
# modem and cannot run here).  Consent respected (no consent, no file), both
# languages, a request's acceptance with its lookup code, quiet hours with
# `advance`, a failure retried within limits and
# by staff, no duplicate when the kiosk is killed between the file and the
# database, a TD reply turning texts off.
. "$(dirname "$0")/lib.sh"

SP=$OUT/spool
mkdir -p "$SP"/outgoing "$SP"/checked "$SP"/sent "$SP"/failed "$SP"/incoming
admin() { "$KIOSK" admin --db "$DB" --config "$OUT/site.ini" "$@"; }
# A weekday at least two days ahead (day care is Monday to Friday).
d=2
while :; do
  DAY=$(date -d "+$d day" +%F)
  [ "$(date -d "$DAY" +%u)" -le 5 ] && break
  d=$((d + 1))
done
# site.ini: no quiet hours (the test may run at night); quiet.ini: quiet
# for the next three minutes.
conf() { # conf FILE QUIET_FROM QUIET_TO
  cat > "$1" <<EOF
[sms]
daemon = smstools
outbox = $SP/outgoing
test_number = 13900001111
quiet_from = $2
quiet_to = $3
retries = 1
retry_minutes = 1
EOF
}
conf "$OUT/site.ini" 00:00 00:00
conf "$OUT/quiet.ini" "$(date +%H:%M)" "$(date -d '+3 min' +%H:%M)"
run() { # run CONFIG LANG SCRIPT
  "$KIOSK" --headless --config "$1" --lang "$2" --db "$DB" --events "$OUT/events.jsonl" \
    --script "$3"
}
book() { # book PHONE SMS(on|off) [SLOT]: the day care path, phone.sms as asked
  echo "tap home.book"
  echo "tap service.daycare"
  echo "tap date.$DAY"
  echo "tap slot.${3:-0830}"
  echo "type $1"
  echo "dump $OUT/phone-$1.json"
  [ "$2" = on ] && echo "tap phone.sms"
  echo "tap keypad.ok"
  echo "tap keypad.7"
  echo "tap keypad.8"
  echo "tap nav.next"
  echo "expect-screen review"
  echo "dump $OUT/review-$1.json"
  echo "tap review.confirm"
  echo "expect-screen ticket"
  echo "advance 1"
  echo "tap ticket.done"
}
state() { # state ID: the text's state
  admin sms list --limit 1000 --json | python3 -c 'import json,sys
for t in json.load(sys.stdin)["texts"]:
    if t["id"]==int(sys.argv[1]): print(t["state"], t["attempts"])' "$1"
}
id_of() { # id_of KIND PHONE_LAST4
  admin sms list --limit 1000 --json | python3 -c 'import json,sys
for t in json.load(sys.stdin)["texts"]:
    if t["kind"]==sys.argv[1] and t["phone"].endswith(sys.argv[2]): print(t["id"]); break' "$1" "$2"
}
# smsd's reports: the file moved from outgoing to sent or failed with the
# headers smsd adds.
f() { # f ID ATTEMPT: the name of that attempt's file, wherever smsd has it
  (cd "$SP" && ls -d outgoing/kiosk-"$1"-*-"$2" sent/kiosk-"$1"-*-"$2" failed/kiosk-"$1"-*-"$2" 2>/dev/null | head -1 | cut -d/ -f2)
}
smsd_sent() {
  { sed '/^$/q' "$SP/outgoing/$1" | sed '$d'
    printf 'Modem: GSM1\nSent: %s\nMessage_id: 17\nIMSI: 460001234567890\n\n' "$(date +'%y-%m-%d %H:%M:%S')"
    sed '1,/^$/d' "$SP/outgoing/$1"; } > "$SP/sent/$1" && rm "$SP/outgoing/$1"
}
smsd_failed() {
  { sed '/^$/q' "$SP/outgoing/$1" | sed '$d'
    printf 'Failed: %s\nFail_reason: %s\n\n' "$(date +'%y-%m-%d %H:%M:%S')" "$2"
    sed '1,/^$/d' "$SP/outgoing/$1"; } > "$SP/failed/$1" && rm "$SP/outgoing/$1"
}

# ---- zh, quiet hours: two bookings, one with consent; nothing during
# quiet hours, the consented one's confirmation after ----
{ book 13800000001 on; book 13800000002 off
  echo "advance 10"
  echo "dump $OUT/quiet.json"; } > "$OUT/zh.txt"
run "$OUT/quiet.ini" zh "$OUT/zh.txt"
check "zh bookings" [ $? -eq 0 ]
check "the phone screen has phone.sms, off" grep -q '"id": *"phone.sms".*"text": *"短信提醒我：关"' "$OUT/phone-13800000001.json"
check "the review shows the consent" grep -q '短信提醒：要' "$OUT/review-13800000001.json"
check "the review shows no consent" grep -q '短信提醒：不要' "$OUT/review-13800000002.json"
n=$(ls "$SP/outgoing" | wc -l)
check "quiet hours: nothing handed ($n files)" [ "$n" -eq 0 ]
c1=$(id_of booking_confirmed 0001)
check "the confirmation is queued ($c1)" [ -n "$c1" ]
check "no consent, nothing queued" [ -z "$(id_of booking_confirmed 0002)" ]
printf 'advance 200\n' > "$OUT/later.txt"
run "$OUT/quiet.ini" zh "$OUT/later.txt"
check "after quiet hours" [ $? -eq 0 ]
printf 'To: 8613800000001\nAlphabet: UTF-8\n\n【幸福街道社工站】您已预约日间照料：%s 08:30，号码B001。请按时到站。回复TD退订。' "$DAY" > "$OUT/want-zh"
check "the zh file byte for byte" cmp "$SP/outgoing/$(f $c1 1)" "$OUT/want-zh"
n=$(ls "$SP/outgoing" | wc -l)
check "one file only, none for the number without consent ($n)" [ "$n" -eq 1 ]
check "handed" [ "$(state "$c1")" = "handed 1" ]
check "the staging copy is gone" [ -z "$(ls "$SP/kiosk")" ]

# ---- en: a booking with consent, the file in English ----
book 13800000003 on > "$OUT/en.txt"
echo "advance 6" >> "$OUT/en.txt"
run "$OUT/site.ini" en "$OUT/en.txt"
check "en booking" [ $? -eq 0 ]
c3=$(id_of booking_confirmed 0003)
printf 'To: 8613800000003\nAlphabet: UTF-8\n\nXingfu Street Social Work Station: booked Elder day care on %s at 08:30, ticket B003. Reply TD to stop texts.' "$DAY" > "$OUT/want-en"
check "the en file byte for byte" cmp "$SP/outgoing/$(f $c3 1)" "$OUT/want-en"

# ---- a request: accepted by staff, the text with its lookup code ----
cat > "$OUT/req.txt" <<EOS
tap home.request
tap category.housing
tap issue.other
type 楼道的灯坏了。
tap nav.next
type 13800000007
tap phone.sms
tap keypad.ok
tap nav.next
tap nav.next
tap review.confirm
expect-screen ticket
EOS
run "$OUT/site.ini" zh "$OUT/req.txt"
check "request filed" [ $? -eq 0 ]
admin requests act 1 accept --by admin > /dev/null
printf 'advance 6\n' > "$OUT/a6.txt"
run "$OUT/site.ini" zh "$OUT/a6.txt"
code=$(sqlite3 "$DB" "SELECT lookup FROM tickets WHERE request_id = 1")
ra=$(id_of request_accepted 0007)
printf 'To: 8613800000007\nAlphabet: UTF-8\n\n【幸福街道社工站】您的求助（查询码%s）已受理，我们会尽快处理。回复TD退订。' "$code" > "$OUT/want-req"
check "the request's acceptance, with its lookup code" cmp "$SP/outgoing/$(f "$ra" 1)" "$OUT/want-req"

# ---- smsd's reports: sent; failed, retried after a minute, failed again,
# then failed for good; staff retry ----
smsd_sent "$(f $c1 1)"
smsd_failed "$(f $c3 1)" "Modem is not registered to the network"
run "$OUT/site.ini" zh "$OUT/a6.txt"
check "sent" [ "$(state "$c1")" = "sent 1" ]
check "failed once: queued again" [ "$(state "$c3")" = "queued 1" ]
printf 'advance 66\n' > "$OUT/a66.txt"
run "$OUT/site.ini" zh "$OUT/a66.txt"
check "the retry is a new file" cmp "$SP/outgoing/$(f $c3 2)" "$OUT/want-en"
smsd_failed "$(f $c3 2)" "Modem is not registered to the network"
run "$OUT/site.ini" zh "$OUT/a6.txt"
check "failed for good" [ "$(state "$c3")" = "failed 2" ]
admin sms status --json > "$OUT/status.json"
check "status counts and the reason" python3 -c 'import json,sys
s=json.load(open(sys.argv[1]))
assert s["enabled"] and s["outbox_writable"] and s["sent"]==1 and s["failed"]==1, s
assert "not registered" in s["last_error"], s' "$OUT/status.json"
admin sms retry "$c1" 2> "$OUT/retry.err"
check "a sent text is not retried (exit 1)" [ $? -eq 1 ]
admin sms retry "$c3" > /dev/null
run "$OUT/site.ini" zh "$OUT/a6.txt"
check "staff retry: a third file" cmp "$SP/outgoing/$(f $c3 3)" "$OUT/want-en"

# ---- killed between the file and the database: never twice ----
t=$(admin sms test 13900001111 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
KIOSK_TEST_SMS_KILL_AFTER_WRITE=1 run "$OUT/site.ini" zh "$OUT/a6.txt" 2>/dev/null
check "the kiosk was killed (status $?)" [ $? -ne 0 ]
check "the file was written" [ -f "$SP/outgoing/$(f $t 1)" ]
check "but not recorded" [ "$(state "$t")" = "queued 0" ]
smsd_sent "$(f $t 1)" # smsd sent it meanwhile
printf 'advance 12\n' > "$OUT/a12.txt"
run "$OUT/site.ini" zh "$OUT/a12.txt"
check "the restarted kiosk does not write it again" [ -z "$(ls "$SP/outgoing" | grep "^kiosk-$t-")" ]
check "and follows it to sent" [ "$(state "$t")" = "sent 1" ]

# ---- TD: a reply as smsd stores it turns texts off for the number; its
# queued reminder is cancelled ----
r1=$(id_of booking_reminder 0001)
check "a reminder is queued for the day before ($r1)" [ "$(state "$r1")" = "queued 0" ]
printf 'From: 8613800000001\nFrom_TOA: 91 international, ISDN/telephone\nFrom_SMSC: 8613800755500\nSent: %s\nReceived: %s\nSubject: GSM1\nModem: GSM1\nIMSI: 460001234567890\nReport: no\nAlphabet: UCS2\nLength: 2\n\n退订' \
  "$(date +'%y-%m-%d %H:%M:%S')" "$(date +'%y-%m-%d %H:%M:%S')" > "$SP/incoming/GSM1.xA3kQz"
run "$OUT/site.ini" zh "$OUT/a6.txt"
check "opted out" grep -q '"event":"sms_opt_out"' "$OUT/events.jsonl"
check "the reminder is cancelled" [ "$(state "$r1")" = "cancelled 0" ]
check "the reply is kept, read" [ -f "$SP/incoming/.GSM1.xA3kQz" ]
# a new booking with the same number and no toggle: still nothing
book 13800000001 off 1330 > "$OUT/again.txt"
run "$OUT/site.ini" zh "$OUT/again.txt"
n=$(admin sms list --limit 1000 --json | python3 -c 'import json,sys; print(sum(1 for t in json.load(sys.stdin)["texts"] if t["phone"].endswith("0001")))')
check "nothing more to the number that opted out ($n texts)" [ "$n" -eq 2 ]

# ---- the daily limit: a second text to a number the same day waits for
# the next ----
conf "$OUT/limit.ini" 00:00 00:00
echo "daily_limit = 1" >> "$OUT/limit.ini"
sed 's/13800000007/13800000005/' "$OUT/req.txt" > "$OUT/req5.txt"
run "$OUT/limit.ini" zh "$OUT/req5.txt"
admin requests act 2 accept --by admin > /dev/null
{ book 13800000005 on 1330; echo "advance 12"; } > "$OUT/limit.txt"
run "$OUT/limit.ini" zh "$OUT/limit.txt"
check "daily limit: both texts queued" [ -n "$(id_of request_accepted 0005)" ] && [ -n "$(id_of booking_confirmed 0005)" ]
h=$(admin sms list --limit 1000 --json | python3 -c 'import json,sys
t=[x for x in json.load(sys.stdin)["texts"] if x["phone"].endswith("0005")
   and x["kind"] in ("request_accepted", "booking_confirmed")]
print(sum(x["state"]=="handed" for x in t), sum(x["state"]=="queued" for x in t))')
check "daily limit: one handed, one waiting for tomorrow ($h)" [ "$h" = "1 1" ]

# ---- without [sms], nothing is sent and phone.sms is not offered ----
before=$(ls -R "$SP" | wc -l)
book 13800000009 on > "$OUT/off.txt" 2>/dev/null
"$KIOSK" --headless --db "$OUT/off.db" --events "$OUT/off.jsonl" --script "$OUT/off.txt" 2>/dev/null
check "without [sms] there is no phone.sms to tap (exit 1)" [ $? -eq 1 ]
check "without [sms] no file" [ "$(ls -R "$SP" | wc -l)" -eq "$before" ]

finish
