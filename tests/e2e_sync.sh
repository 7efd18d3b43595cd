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
PG=$OUT/pg
PGPORT=$(pg_start "$PG") || { bad "PostgreSQL starts"; finish; exit 1; }
SU=$(cat "$PG/conninfo")
PROXY_PID=
cleanup() {
    [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2> /dev/null
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
DEADLINE=3
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
interval = 2
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
    check "$s: within the deadline (${MS} ms)" [ "$MS" -lt $((DEADLINE * 1000 + 1500)) ]
    check "$s: says why" grep -q "district centre" "$OUT/err.txt"
    check "$s: nothing marked sent ($before pending, then $(pending $s))" \
        [ "$before" -gt 0 ] && [ "$(pending $s)" -eq "$before" ]
done
pg_start "$PG" > /dev/null || bad "PostgreSQL starts again"
