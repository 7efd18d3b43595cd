#!/usr/bin/env bash
# The district link under faults (docs/district.md): three kiosks (sites
# SA, SB, SC) file requests, bookings and walk-ins while the centre is
# stopped, blackholed mid-batch, reset, answers lost, without any network
# (unshare -n), and while `sync now` is SIGKILLed mid-upload; each failed
# `sync now` exits 1 within the deadline with a reason and marks nothing
# sent.  After the link returns, every site's outbox equals the centre's
# entries per (site, epoch), no duplicates, nothing lost, and the views
# hold each site's rows once.  A restored backup re-sends without double
# counting; a database copied by hand is refused loudly until `sync
# new-epoch`.  The kiosk's worker writes sync_ok and sync_failed, and
# quitting never waits on the network.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/pg_cluster.sh"
chmod 755 "$OUT" # the postgres user works in $OUT/pg
PG=$OUT/pg
PGPORT=$(pg_start "$PG") || { bad "PostgreSQL starts"; finish; exit 1; }
SU=$(cat "$PG/conninfo")
PROXY_PID=
cleanup() { # before finish removes the folder: a server whose folder is gone runs on
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2> /dev/null
    PROXY_PID=
    pg_stop "$PG"
}
trap cleanup EXIT
psql_su() { psql "$SU" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }

"$KIOSK" admin district --pg "$SU" init > /dev/null
check "district init" [ $? -eq 0 ]
for s in SA SB SC; do
    lower=$(echo "$s" | tr 'A-Z' 'a-z')
    "$KIOSK" admin district --pg "$SU" sites add "$s" --role "kiosk_$lower" > /dev/null
    check "site $s added" [ $? -eq 0 ]
done

# The proxy between SB, SC and the centre; SA goes straight there.
echo pass > "$OUT/mode"
python3 "$SRC/tests/pgproxy.py" 0 127.0.0.1 "$PGPORT" "$OUT/mode" "$OUT/proxyport" &
PROXY_PID=$!
for _ in $(seq 50); do [ -s "$OUT/proxyport" ] && break; sleep 0.1; done
PROXY=$(cat "$OUT/proxyport")
DEADLINE=4
for s in SA SB SC; do
    lower=$(echo "$s" | tr 'A-Z' 'a-z')
    port=$PROXY
    [ "$s" = SA ] && port=$PGPORT
    cat > "$OUT/$s.ini" <<INI
[site]
code = $s
[district]
postgres = host=127.0.0.1 port=$port dbname=postgres user=kiosk_$lower
deadline = $DEADLINE
interval = 5
batch = 40
INI
    : > "$OUT/empty.txt"
    "$KIOSK" --headless --config "$OUT/$s.ini" --db "$OUT/$s.db" --script "$OUT/empty.txt" \
        > /dev/null
done
adm() { # adm SITE ARGS...: kiosk admin on that site's database
    local s=$1; shift
    "$KIOSK" admin --config "$OUT/$s.ini" --db "$OUT/$s.db" "$@"
}
pending() { adm "$1" --json sync status | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])'; }
# `sync now` on a site, timed: sets RC, SECS (tenths) and leaves stderr in $OUT/err.txt
sync_now() {
    local t0 t1
    t0=$(date +%s%N)
    adm "$@" sync now > "$OUT/out.txt" 2> "$OUT/err.txt"
    RC=$?
    t1=$(date +%s%N)
    MS=$(((t1 - t0) / 1000000))
}
file_things() { # file_things SITE SEED
    adm "$1" demo requests 12 --seed "$2" > /dev/null &&
        adm "$1" demo bookings 8 --seed "$2" > /dev/null &&
        adm "$1" walkin issue > /dev/null && adm "$1" walkin issue > /dev/null &&
        adm "$1" walkin call --counter 1 > /dev/null
}

# ---- the centre stopped ----
pg_stop "$PG"
for s in SA SB SC; do
    file_things $s 1
    check "$s filed things" [ $? -eq 0 ]
    before=$(pending $s)
    sync_now $s
    check "$s: sync now with the centre stopped exits 1 ($RC)" [ "$RC" -eq 1 ]
    check "$s: within the deadline (${MS} ms)" [ "$MS" -lt $((DEADLINE * 1000 + 3000)) ]
    check "$s: says why" grep -q "district centre" "$OUT/err.txt"
    after=$(pending $s)
    check "$s: nothing marked sent ($before pending, then $after)" \
        [ "$before" -gt 0 -a "$after" -eq "$before" ]
done
pg_start "$PG" > /dev/null || bad "PostgreSQL starts again"

# ---- blackholed mid-batch: the batch's statement goes out and nothing
# comes back, not even a close ----
printf 'blackhole\nafter 4000\n' > "$OUT/mode"
sync_now SB
check "SB: blackholed mid-batch exits 1 ($RC)" [ "$RC" -eq 1 ]
check "SB: within the deadline, not a hang (${MS} ms)" [ "$MS" -lt $((DEADLINE * 1000 + 3000)) ]
check "SB: says the centre did not answer" grep -q "no answer" "$OUT/err.txt"

# ---- reset: every connection closed with a RST ----
echo reset > "$OUT/mode"
before=$(pending SC)
sync_now SC
check "SC: a reset link exits 1 ($RC)" [ "$RC" -eq 1 ]
check "SC: at once, not at the deadline (${MS} ms)" [ "$MS" -lt 3000 ]
check "SC: says why" grep -q "district centre" "$OUT/err.txt"
check "SC: nothing marked sent" [ "$(pending SC)" -eq "$before" ]

# ---- the answer lost: the centre commits, the kiosk never hears it ----
printf 'mute\nafter 1000\n' > "$OUT/mode"
before=$(pending SC)
sync_now SC
check "SC: an answer lost exits 1 ($RC)" [ "$RC" -eq 1 ]
check "SC: within the deadline (${MS} ms)" [ "$MS" -lt $((DEADLINE * 1000 + 3000)) ]
check "SC: nothing marked sent without an answer" [ "$(pending SC)" -eq "$before" ]

# ---- no network at all ----
if unshare -n true 2> /dev/null; then
    t0=$(date +%s%N)
    unshare -n "$KIOSK" admin --config "$OUT/SA.ini" --db "$OUT/SA.db" sync now \
        > /dev/null 2> "$OUT/err.txt"
    RC=$?
    MS=$((($(date +%s%N) - t0) / 1000000))
    check "SA: no network at all exits 1 ($RC)" [ "$RC" -eq 1 ]
    check "SA: at once, not at the deadline (${MS} ms)" [ "$MS" -lt 3000 ]
    check "SA: says the network is unreachable" grep -qi "unreachable" "$OUT/err.txt"
else
    echo "note: unshare -n is not allowed here; the no-network case is skipped" >&2
fi

# ---- SIGKILL in the middle of an upload ----
printf 'blackhole\nafter 4000\n' > "$OUT/mode"
adm SB sync now > /dev/null 2>&1 &
victim=$!
sleep 1
kill -9 $victim 2> /dev/null
wait $victim 2> /dev/null
check "SB: sync now killed mid-upload" [ "$(pending SB)" -gt 0 ]
# and the kiosk itself, its worker in the middle of a batch (the back-off
# of SC's earlier failures cleared, so that it sends at once)
sqlite3 "$OUT/SC.db" "UPDATE sync_state SET failures = 0, next_try = 0"
printf 'wait-sync 30\n' > "$OUT/long.txt"
"$KIOSK" --headless --config "$OUT/SC.ini" --db "$OUT/SC.db" --script "$OUT/long.txt" \
    > /dev/null 2>&1 &
victim=$!
sleep 1.5
kill -9 $victim 2> /dev/null
wait $victim 2> /dev/null
check "SC: the kiosk killed while its worker uploads" [ "$(pending SC)" -gt 0 ]

# ---- the link returns: everything arrives once ----
echo pass > "$OUT/mode"
for s in SA SB SC; do
    file_things $s 2
    sync_now $s
    check "$s: sync now after the link returned exits 0 ($RC: $(cat "$OUT/err.txt"))" [ "$RC" -eq 0 ]
    check "$s: nothing pending" [ "$(pending $s)" -eq 0 ]
done
check "SC: the batch whose answer was lost came back as duplicates" \
    grep -q "[1-9][0-9]* it had already" "$OUT/out.txt"

# nothing pending: an empty batch tells the centre the site is alive
psql_su "UPDATE district_data.sites SET last_contact = now() - interval '1 hour' WHERE code = 'SA'"
sync_now SA
check "SA: sync now with nothing pending exits 0 ($RC)" [ "$RC" -eq 0 ]
c=$(psql_su "SELECT last_contact > now() - interval '1 minute' FROM district_data.sites WHERE code = 'SA'")
check "SA: and the centre's last contact is now ($c)" [ "$c" = t ]

# compare SITE DB [subset-epoch]: the outbox of DB (epoch, seq, uid) against
# the centre's entries of SITE, per epoch; an epoch named as subset only
# needs to be contained in the centre's (a copy, a restored backup)
compare() {
    python3 - "$1" "$2" "$SU" "${3:-}" <<'PY'
import sqlite3, subprocess, sys
site, db, su, subset = sys.argv[1:5]
k = {}
for e, s, u in sqlite3.connect(db).execute("SELECT epoch, seq, uid FROM outbox WHERE site = ?", (site,)):
    k.setdefault(e, set()).add((s, u))
out = subprocess.run(["psql", su, "-XAtq", "-F", " ", "-c",
                      "SELECT epoch, seq, uid FROM district_data.entries WHERE site = '%s'" % site],
                     check=True, capture_output=True, text=True).stdout
c, rows = {}, 0
for line in out.split("\n"):
    if line.strip():
        e, s, u = line.split()
        c.setdefault(int(e), set()).add((int(s), u))
        rows += 1
bad = []
if rows != sum(len(v) for v in c.values()):
    bad.append("duplicates at the centre")
for e in set(k) | set(c):
    a, b = k.get(e, set()), c.get(e, set())
    ok = a <= b if str(e) == subset else a == b
    if not ok:
        bad.append("epoch %s: kiosk %d, centre %d, missing %d, extra %d"
                   % (e, len(a), len(b), len(a - b), len(b - a)))
if bad:
    print("; ".join(bad))
    sys.exit(1)
PY
}
views() { # views SITE DB: the views hold the site's rows once, as the kiosk has them
    local n c
    for t in requests:requests bookings:bookings walkins:walkin tickets:tickets; do
        n=$(sqlite3 "$2" "SELECT count(*) FROM ${t#*:}")
        c=$(psql_su "SELECT count(*) || '/' || count(DISTINCT id) FROM district.${t%%:*} WHERE site = '$1'")
        check "$1: district.${t%%:*} holds the site's $n rows once ($c)" [ "$c" = "$n/$n" ]
    done
}
for s in SA SB SC; do
    why=$(compare $s "$OUT/$s.db")
    check "$s: the outbox equals the centre's entries per epoch ($why)" [ -z "$why" ]
    views $s "$OUT/$s.db"
done

# ---- a restored backup sends again without double counting ----
adm SA backup "$OUT/SA-backup.db" > /dev/null
old_epoch=$(sqlite3 "$OUT/SA.db" "SELECT epoch FROM sync_state")
adm SA demo requests 5 --seed 9 > /dev/null
sync_now SA
check "SA: sent what was filed after the backup ($RC)" [ "$RC" -eq 0 ]
req_before=$(psql_su "SELECT count(*) FROM district.requests WHERE site = 'SA'")
adm SA restore "$OUT/SA-backup.db" > /dev/null
check "SA: restored" [ $? -eq 0 ]
new_epoch=$(sqlite3 "$OUT/SA.db" "SELECT epoch FROM sync_state")
check "SA: the restore started a new epoch" [ "$new_epoch" != "$old_epoch" ]
adm SA walkin issue > /dev/null
sync_now SA
check "SA: the restored database syncs ($RC: $(cat "$OUT/err.txt"))" [ "$RC" -eq 0 ]
why=$(compare SA "$OUT/SA.db" "$old_epoch")
check "SA: after the restore, its outbox is at the centre ($why)" [ -z "$why" ]
c=$(psql_su "SELECT count(*) FROM district.requests WHERE site = 'SA'")
check "SA: no request counted twice ($req_before before, $c after)" [ "$c" = "$req_before" ]

# ---- a database copied by hand (same epoch) is refused loudly ----
cp "$OUT/SB.db" "$OUT/SB-copy.db"
cp "$OUT/SB.db.key" "$OUT/SB-copy.db.key"
adm SB walkin issue > /dev/null
sync_now SB
check "SB: the original syncs ($RC)" [ "$RC" -eq 0 ]
"$KIOSK" admin --config "$OUT/SB.ini" --db "$OUT/SB-copy.db" walkin issue > /dev/null
sync_now SB --db "$OUT/SB-copy.db"
check "SB copy: refused, exit 1 ($RC)" [ "$RC" -eq 1 ]
check "SB copy: refused loudly, with the centre's words" grep -q "REFUSED (SQLSTATE 23505)" "$OUT/err.txt"
check "SB copy: which names sync new-epoch" grep -q "new-epoch" "$OUT/err.txt"
"$KIOSK" admin --config "$OUT/SB.ini" --db "$OUT/SB-copy.db" sync new-epoch > /dev/null
check "SB copy: sync new-epoch" [ $? -eq 0 ]
sync_now SB --db "$OUT/SB-copy.db"
check "SB copy: then syncs ($RC: $(cat "$OUT/err.txt"))" [ "$RC" -eq 0 ]
copy_old=$(sqlite3 "$OUT/SB.db" "SELECT epoch FROM sync_state")
why=$(compare SB "$OUT/SB-copy.db" "$copy_old")
check "SB copy: its new epoch is at the centre ($why)" [ -z "$why" ]
why=$(compare SB "$OUT/SB.db" "$(sqlite3 "$OUT/SB-copy.db" "SELECT epoch FROM sync_state")")
check "SB: the original's epoch is at the centre ($why)" [ -z "$why" ]

# ---- the kiosk's worker: sync_ok, sync_failed, and quitting at once ----
adm SC walkin issue > /dev/null
printf 'wait-sync 10\n' > "$OUT/wait.txt"
"$KIOSK" --headless --config "$OUT/SC.ini" --db "$OUT/SC.db" --events "$OUT/ev1.jsonl" \
    --script "$OUT/wait.txt"
check "the kiosk waited for its worker" [ $? -eq 0 ]
check "the kiosk wrote sync_ok with nothing pending" grep -q '"event":"sync_ok".*"pending":0' "$OUT/ev1.jsonl"
pg_stop "$PG"
adm SC walkin issue > /dev/null
"$KIOSK" --headless --config "$OUT/SC.ini" --db "$OUT/SC.db" --events "$OUT/ev2.jsonl" \
    --script "$OUT/wait.txt"
check "the kiosk waited for its worker (centre stopped)" [ $? -eq 0 ]
check "the kiosk wrote sync_failed with pending and the error" \
    grep -q '"event":"sync_failed","at":"[^"]*","pending":[1-9][0-9]*,.*"error":"cannot connect' "$OUT/ev2.jsonl"
sync_now SA
check "SA: nothing pending and the centre stopped: still exit 0 ($RC)" [ "$RC" -eq 0 ]
check "SA: with a note that the centre could not be reached" grep -q "note: nothing is pending, but the district centre could not be reached" "$OUT/err.txt"
# the maintenance screen says so, in words, in both languages
adm SC staff add zhao --name 赵站长 --role head --pin 9753 > /dev/null
for lang in zh en; do
    want=连不上区中心
    [ $lang = en ] && want="cannot reach the centre"
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
expect-text $want
dump $OUT/maint-$lang.json
EOS
    "$KIOSK" --headless --lang $lang --config "$OUT/SC.ini" --db "$OUT/SC.db" --script "$OUT/maint.txt"
    check "the maintenance screen shows the link's error ($lang)" [ $? -eq 0 ]
    check "maint.sync says what waits ($lang)" grep -q '"id":"maint.sync".*\(待发送 [1-9]\|[1-9][0-9]* to send\)' "$OUT/maint-$lang.json"
    python3 "$SRC/tests/check_layout.py" 1080 1920 "$OUT/maint-$lang.json" > /dev/null
    check "the maintenance screen's layout holds ($lang)" [ $? -eq 0 ]
done
pg_start "$PG" > /dev/null || bad "PostgreSQL starts again"
echo blackhole > "$OUT/mode"
printf 'advance 1\n' > "$OUT/quick.txt"
t0=$(date +%s%N)
"$KIOSK" --headless --config "$OUT/SC.ini" --db "$OUT/SC.db" --events "$OUT/ev3.jsonl" \
    --script "$OUT/quick.txt"
RC=$?
MS=$((($(date +%s%N) - t0) / 1000000))
check "the kiosk quits while its worker waits on a dark link ($RC)" [ "$RC" -eq 0 ]
check "without waiting for the deadline (${MS} ms)" [ "$MS" -lt 3500 ]

cleanup
trap - EXIT
finish
