#!/usr/bin/env bash
# Referral between sites (issue 19, docs/district.md "Referrals"): two
# kiosks, A (XFL) and B (ZX), one PostgreSQL centre.  A request filed at A
# is referred to B (`requests refer`); after A's and B's syncs it is in B's
# queue with the resident's details, A's ticket number and lookup code; B
# works and resolves it; A sees the progress in its timeline and rates it;
# the rating is relayed to B, which closes its request with it.  Both
# timelines hold the hand-over with who and when.  The district copy at B
# holds A's requests (scanning A's tickets there), stamped with the pull.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/pg_cluster.sh"

chmod 755 "$OUT" # the postgres user works in $OUT/pg
PGD=$OUT/pg
PORT=$(pg_start "$PGD") || { bad "PostgreSQL starts"; finish; exit 1; }
trap 'pg_stop "$PGD"' EXIT
C="host=$PGD/sock port=$PORT dbname=postgres user=postgres"
psql() { command psql "$C" -Atc "$@"; }
"$KIOSK" admin district --pg "$C" init > /dev/null
check "the centre is made" test $? -eq 0
echo "expect-screen home" > "$OUT/start.txt"
for site in XFL ZX; do
    role=site_$(echo "$site" | tr 'A-Z' 'a-z')
    name=幸福里服务站; [ "$site" = ZX ] && name=街道中心站
    "$KIOSK" admin district --pg "$C" sites add "$site" --role "$role" --name "$name" > /dev/null ||
        bad "site $site registered"
    printf '[site]\ncode = %s\n[district]\npostgres = host=%s/sock port=%s dbname=postgres user=%s\n' \
        "$site" "$PGD" "$PORT" "$role" > "$OUT/$site.ini"
    "$KIOSK" --headless --db "$OUT/$site.db" --config "$OUT/$site.ini" \
        --script "$OUT/start.txt" > /dev/null 2>&1
done
A() { "$KIOSK" admin --db "$OUT/XFL.db" --config "$OUT/XFL.ini" "$@"; }
B() { "$KIOSK" admin --db "$OUT/ZX.db" --config "$OUT/ZX.ini" "$@"; }

A demo requests 20 --seed 3 > /dev/null || bad "demo requests at A"
A staff add wang --name 王芳 --role worker --pin 7391 > /dev/null || bad "staff at A"
B staff add li --name 李强 --role worker --pin 7391 > /dev/null || bad "staff at B"
# an open request of A's: the newest one not finished
RID=$(A requests list --json | python3 -c '
import json, sys
rs = [r for r in json.load(sys.stdin)["requests"] if r["status"] in ("submitted", "accepted", "assigned", "in_progress")]
print(rs[0]["id"] if rs else "")')
check "an open request at A" test -n "$RID"
A requests show "$RID" --json > "$OUT/a_before.json"
read -r NUMBER LOOKUP PHONE < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["number"], r["ticket"]["lookup"], r["phone"])' "$OUT/a_before.json")

# before any pull A knows no district site: a clear refusal, nothing moved
A requests refer "$RID" --to ZX --by wang --note "心理咨询室更合适" 2> "$OUT/refer0.err"
check "refer before the sites are known exits 2 (bad input)" test $? -eq 2
check "it says to sync: $(cat "$OUT/refer0.err")" grep -q "sync now" "$OUT/refer0.err"
A sync now > /dev/null 2> "$OUT/sync.err" || bad "A sync: $(cat "$OUT/sync.err")"
B sync now > /dev/null 2> "$OUT/sync.err" || bad "B sync: $(cat "$OUT/sync.err")"
A requests refer "$RID" --to NOPE --by wang --note x 2> /dev/null
check "an unknown site is refused" test $? -eq 2
A requests refer "$RID" --to XFL --by wang --note x 2> /dev/null
check "its own site is refused" test $? -eq 2
A requests refer "$RID" --to ZX --by wang 2> /dev/null
check "a referral needs a note" test $? -eq 2
check "still open after the refusals" test "$(A requests show "$RID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" != referred

A requests refer "$RID" --to ZX --by wang --note "心理咨询室更合适" > "$OUT/refer.out"
check "refer exits 0" test $? -eq 0
check "A's request is referred" grep -q "is now referred" "$OUT/refer.out"
A requests show "$RID" --json > "$OUT/a_ref.json"
check "A's timeline has the hand-over (who, to whom, note)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
ev = [e for e in r["events"] if "refer" in json.dumps(e)]
assert ev, r["events"]
s = json.dumps(ev, ensure_ascii=False)
assert "wang" in s and "ZX" in s and "心理咨询室更合适" in s, s
assert r["referral"]["to"] == "ZX"' "$OUT/a_ref.json"

# A sends the referral, B pulls it (and sends its request, which names the origin)
A sync now > /dev/null || bad "A sync after refer"
check "the centre keeps the referral with its personal part" \
    test "$(psql "SELECT to_site, personal->>'phone' FROM district_data.referrals WHERE from_site = 'XFL' AND from_id = $RID")" = "ZX|$PHONE"
B sync now > /dev/null || bad "B sync (pull)"
BID=$(B requests list --json | python3 -c '
import json, sys
rs = json.load(sys.stdin)["requests"]
print(rs[0]["id"] if rs else "")')
check "B has a request" test -n "$BID"
B requests show "$BID" --json > "$OUT/b_new.json"
check "B's request: the resident's details, A's number, submitted, with the hand-over" python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); a = json.load(open(sys.argv[2]))
assert r["status"] == "submitted", r["status"]
assert r["phone"] == a["phone"] and r["name"] == a["name"] and r["description"] == a["description"]
assert r["number"] == a["number"] and r["ticket"]["lookup"] == a["ticket"]["lookup"]
ev = [e for e in r["events"] if e.get("kind") == "referral_received"]
assert ev and "XFL/wang" in json.dumps(ev), r["events"]' "$OUT/b_new.json" "$OUT/a_before.json"
check "B's queue shows it" sh -c "\"$KIOSK\" admin --db \"$OUT/ZX.db\" queue list | grep -q \"$NUMBER\""
# the resident's lookup code (and phone's last 4) at B finds the request filed there
{ echo "tap home.check"; echo "tap check.type"
  for c in $(echo "$LOOKUP" | grep -o .); do echo "tap lookup.$c"; done
  echo "tap lookup.ok"; echo "expect-screen last4"
  for c in $(echo "${PHONE: -4}" | grep -o .); do echo "tap keypad.$c"; done
  echo "tap keypad.ok"; echo "expect-screen progress"; echo "expect-text $NUMBER"
  echo "expect-text 已提交"; } > "$OUT/lookup.txt"
"$KIOSK" --headless --db "$OUT/ZX.db" --config "$OUT/ZX.ini" --script "$OUT/lookup.txt" > "$OUT/lookup.log" 2>&1
check "A's lookup code works at B: $(tail -2 "$OUT/lookup.log")" test $? -eq 0
B sync now > /dev/null || bad "B sync (its request up)"
check "the centre links B's request" \
    test "$(psql "SELECT to_id FROM district_data.referrals WHERE from_site = 'XFL' AND from_id = $RID")" = "$BID"
B sync now > /dev/null
check "a referral is filed once" test "$(B requests list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')" = 1

# the same from the staff's detail screen: a worker at A picks the queue's
# first request, 转办, a site of the district, a note (zh portrait on A's own
# database; the other languages, orientations and views on copies, for the
# pictures and check_layout.py)
cat > "$OUT/screen.txt" <<SCRIPT
press staff.entry 3
tap staff_pick.wang
tap pin.7
tap pin.3
tap pin.9
tap pin.1
tap pin.ok
expect-screen staff
tap staff.queue
tap queue.row.1
expect-screen detail
tap detail.refer
expect-screen refer_site
shot @DIR@/refer_site.png
dump @DIR@/refer_site.json
tap refer.1
expect-screen note
type 请中心咨询室跟进
tap note.ok
expect-screen detail
shot @DIR@/detail.png
dump @DIR@/detail.json
SCRIPT
N0=$(A queue list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
check "a second open request at A for the screen" test "$N0" -gt 1
copydb() { python3 -c 'import sqlite3,sys; d=sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d); d.close()' "$1" "$2"; }
copydb "$OUT/XFL.db" "$OUT/XFL-copy.db"
# the copies must never reach the centre (the same epoch: it would refuse A)
printf '[site]\ncode = XFL\n[district]\npostgres = host=%s/nowhere port=1 dbname=x user=x\n' "$OUT" \
    > "$OUT/copy.ini"
for view in plain both; do
    for lang in zh en; do
        for size in 1080x1920 1920x1080; do
            dir=$OUT/shots/$view-$lang-$size
            mkdir -p "$dir"
            db=$dir/k.db ini=$OUT/copy.ini
            if [ "$view-$lang-$size" = plain-zh-1080x1920 ]; then db=$OUT/XFL.db ini=$OUT/XFL.ini; else
                copydb "$OUT/XFL-copy.db" "$db"; cp "$OUT/XFL.db.key" "$db.key"
                cp "$OUT/XFL.db.sign.key" "$db.sign.key" 2> /dev/null; fi
            { [ $view = both ] && printf 'tap home.large\ntap home.contrast\n'
              sed "s#@DIR@#$dir#g" "$OUT/screen.txt"; } > "$dir/walk.txt"
            "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$db" \
                --config "$ini" --script "$dir/walk.txt" > "$dir/log" 2>&1
            check "refer screen walk $view $lang $size" test $? -eq 0
            python3 "$SRC/tests/check_layout.py" --known "$SRC/tests/layout_known.txt" \
                "${size%x*}" "${size#*x}" "$dir/refer_site.json" "$dir/detail.json" > "$dir/layout" 2>&1
            check "layout of the refer screens $view $lang $size: $(cat "$dir/layout")" test $? -eq 0
            check "the detail shows where it went ($view $lang $size)" grep -q '"detail.referral"' "$dir/detail.json"
        done
    done
done
SID=
for id in $(A requests list --status referred --json | python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)["requests"]))'); do
    A requests show "$id" --json | grep -q 请中心咨询室跟进 && SID=$id
done
check "the screen referred a request to ZX" test -n "$SID"
check "by wang, to ZX, with the note" python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["status"] == "referred" and r["referral"]["to"] == "ZX" and r["referral"]["by"] == "wang", r' \
    < <(A requests show "$SID" --json)
A sync now > /dev/null || bad "A sync (second referral)"
B sync now > /dev/null || bad "B sync (second referral)"
check "B files the screen's referral too" test "$(B requests list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["requests"]))')" = 2

# B works it with the same workflow
B requests act "$BID" accept --by li > /dev/null || bad "B accept"
B requests act "$BID" assign --by li --to li > /dev/null || bad "B assign"
B requests act "$BID" start --by li > /dev/null || bad "B start"
B requests act "$BID" resolve --by li --note "已约心理咨询" > /dev/null || bad "B resolve"
B sync now > /dev/null || bad "B sync after resolve"
A sync now > /dev/null || bad "A sync (progress)"
A requests show "$RID" --json > "$OUT/a_prog.json"
check "A sees it resolved at B, with who, in its timeline" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["referral"]["status"] == "resolved", r["referral"]
assert r["referral"]["their_id"] == int(sys.argv[2])
ev = [e for e in r["events"] if e.get("kind") == "referral_progress"]
assert ev and "ZX/li" in json.dumps(ev), r["events"]' "$OUT/a_prog.json" "$BID"

# rated at A: relayed through the centre to B, which closes with it
A requests rate "$RID" satisfied > /dev/null
check "A rates the referred request" test $? -eq 0
A requests rate "$RID" basic > /dev/null 2>&1
check "a second rating is refused" test $? -ne 0
A sync now > /dev/null || bad "A sync (rating up)"
B sync now > /dev/null || bad "B sync (rating in)"
B requests show "$BID" --json > "$OUT/b_done.json"
check "B's request closed with A's rating" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "closed" and r["rating"] == "satisfied", (r["status"], r["rating"])' "$OUT/b_done.json"
B sync now > /dev/null
A sync now > /dev/null
check "A sees the rating and the close" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["referral"]["status"] == "closed" and r["referral"]["rating"] == "satisfied", r["referral"]' \
    <(A requests show "$RID" --json)
check "the centre cleared the personal part once closed" \
    test "$(psql "SELECT personal IS NULL FROM district_data.referrals WHERE from_site = 'XFL' AND from_id = $RID")" = t
check "no personal data in the centre's raw log from B" \
    test "$(psql "SELECT count(*) FROM district_data.entries WHERE site = 'ZX' AND body::text LIKE '%$PHONE%'")" = 0

# the district copy at B: A's requests, with their numbers and the pull time
N_A=$(psql "SELECT count(*) FROM district_data.requests WHERE site = 'XFL'")
check "B's district copy holds A's requests" \
    test "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM district_copy WHERE site = ? AND pulled_at > 0", ("XFL",)).fetchone()[0])' "$OUT/ZX.db")" = "$N_A"
check "the copy has A's ticket numbers" \
    test "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT number FROM district_copy WHERE site = ? AND id = ?", ("XFL", int(sys.argv[2]))).fetchone()[0])' "$OUT/ZX.db" "$RID")" = "$NUMBER"

# scanning another site's ticket at a kiosk: B scans a resolved request's
# KT3 ticket of A; it verifies with A's public key (kept by the keys pull
# stage, before the inbox's), shows its progress
# from the district copy with 同步于 HH:MM, and the resident rates it at B:
# relayed through the centre to A, which closes its request with it
OID=$(A queue list --json | python3 -c 'import json,sys; q=json.load(sys.stdin)["rows"]; print(q[0]["id"] if q else "")')
A requests act "$OID" assign --by wang --to wang > /dev/null 2>&1 ||
    A requests act "$OID" accept --by wang > /dev/null
A requests act "$OID" resolve --by wang --note "已解决" > /dev/null 2>&1 ||
    { A requests act "$OID" assign --by wang --to wang > /dev/null; A requests act "$OID" resolve --by wang --note "已解决" > /dev/null; }
A sync now > /dev/null
B sync now > /dev/null
check "A's request $OID is resolved" test "$(A requests show "$OID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')" = resolved
check "a resolved request at A to scan" test -n "$OID"
OPAY=$(A requests show "$OID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ticket"]["payload"])')
check "A's ticket is KT3 ($OPAY)" test "${OPAY%%.*}" = KT3
check "B keeps A's public key from the keys pull" test "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM district_keys WHERE site = ? AND revoked_at IS NULL", ("XFL",)).fetchone()[0])' "$OUT/ZX.db")" -ge 1
for lang in zh en; do
    for size in 1080x1920 1920x1080; do
        dir=$OUT/scan-$lang-$size
        mkdir -p "$dir"
        cat > "$dir/walk.txt" <<SCRIPT
scan $OPAY
expect-screen progress
expect-text $( [ $lang = zh ] && echo 同步于 || echo synced )
shot $dir/progress.png
dump $dir/progress.json
SCRIPT
        db=$OUT/ZX.db ini=$OUT/ZX.ini
        if [ $lang-$size != zh-1080x1920 ]; then
            db=$dir/k.db ini=$OUT/copy-zx.ini
            copydb "$OUT/ZX.db" "$db"; cp "$OUT/ZX.db.key" "$db.key"
            cp "$OUT/ZX.db.sign.key" "$db.sign.key" 2> /dev/null
            printf '[site]\ncode = ZX\n[district]\npostgres = host=%s/nowhere port=1 dbname=x user=x\n' \
                "$OUT" > "$ini"
        else
            printf 'tap rate.satisfied\nexpect-screen progress\n' >> "$dir/walk.txt"
        fi
        "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$db" --config "$ini" \
            --script "$dir/walk.txt" > "$dir/log" 2>&1
        check "B shows A's request from the district copy ($lang $size): $(tail -3 "$dir/log")" test $? -eq 0
        python3 "$SRC/tests/check_layout.py" --known "$SRC/tests/layout_known.txt" \
            "${size%x*}" "${size#*x}" "$dir/progress.json" > "$dir/layout" 2>&1
        check "layout of the other site's progress $lang $size: $(cat "$dir/layout")" test $? -eq 0
    done
done
# another site's booking ticket: the booking and its site
A demo bookings 3 --seed 5 > /dev/null || bad "demo bookings at A"
A sync now > /dev/null
B sync now > /dev/null
BKID=$(A bookings list --json 2> /dev/null | python3 -c 'import json,sys; b=json.load(sys.stdin)["bookings"]; print(b[0]["id"] if b else "")')
BPAY=$(A bookings show "$BKID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ticket"]["payload"])')
BNUM=$(A bookings show "$BKID" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ticket"]["number"])')
check "a KT3 booking ticket at A ($BPAY)" test "${BPAY%%.*}" = KT3
for lang in zh en; do
    for size in 1080x1920 1920x1080; do
        dir=$OUT/bscan-$lang-$size
        mkdir -p "$dir"
        printf 'scan %s\nexpect-screen booking\nexpect-text %s\nexpect-text %s\nshot %s/booking.png\ndump %s/booking.json\n' \
            "$BPAY" "$BNUM" "$( [ $lang = zh ] && echo 幸福里服务站 || echo 'Booked at')" "$dir" "$dir" > "$dir/walk.txt"
        "$KIOSK" --headless --windowed "$size" --lang "$lang" --db "$OUT/ZX.db" --config "$OUT/ZX.ini" \
            --script "$dir/walk.txt" > "$dir/log" 2>&1
        check "B shows A's booking and its site ($lang $size): $(tail -2 "$dir/log")" test $? -eq 0
        python3 "$SRC/tests/check_layout.py" --known "$SRC/tests/layout_known.txt" \
            "${size%x*}" "${size#*x}" "$dir/booking.json" > "$dir/layout" 2>&1
        check "layout of the other site's booking $lang $size: $(cat "$dir/layout")" test $? -eq 0
        check "no cancel button for another site's booking" test "$(grep -c '"booking.cancel"' "$dir/booking.json")" = 0
    done
done

B sync now > /dev/null || bad "B sync (the scan's rating up)"
A sync now > /dev/null || bad "A sync (the scan's rating in)"
check "A's request closed with the rating given at B" python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["status"] == "closed" and r["rating"] == "satisfied", (r["status"], r["rating"])' \
    < <(A requests show "$OID" --json)
finish
