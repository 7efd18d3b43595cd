#!/usr/bin/env bash
# e2e_district_keys.sh KIOSK SRC - tickets any site of the district can
# check, offline (issue 19, docs/district.md "Ticket keys"), on one real
# PostgreSQL 15: kiosks KA and KB make their Ed25519 key pairs at first
# start (0600, beside the HMAC key), send the public halves as site_key
# outbox entries; after one sync, KB checks KA's KT3 ticket with the
# centre stopped (exit 0, another site's ticket, never taken for KB's own
# row id); a forged KA ticket (changed id, changed signature, signed by a
# key the district does not know), a site nobody knows and garbage are
# refused (exit 1, no crash); `district keys` lists the keys; `district
# revoke KA` then a sync at KB refuses KA's tickets there; an old HMAC
# (KT2) ticket still verifies at its own site; a KT3 receipt printed at
# 58 mm scans (zbarimg) and its QR version and module size are reported.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/pg_cluster.sh"

chmod 755 "$OUT" # the postgres user works in $OUT/pg
PGD=$OUT/pg
pg_start "$PGD" > /dev/null || { bad "PostgreSQL 15 does not start"; finish; exit 1; }
trap 'pg_stop "$PGD" > /dev/null 2>&1' EXIT
PORT=$(cat "$PGD/port")
C=$(cat "$PGD/conninfo")
jq_() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
q() { python3 -c 'import sqlite3,sys; print("\n".join("|".join(map(str,r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$@"; }

"$KIOSK" admin district --pg "$C" init > /dev/null
check "centre init" [ $? -eq 0 ]
for s in KA KB; do
    lower=$(echo "$s" | tr 'A-Z' 'a-z')
    "$KIOSK" admin district --pg "$C" sites add "$s" --role "kiosk_$lower" > /dev/null
done
# KA2: a second installation calling itself KA, whose key the district never
# gets; KC: a site the centre does not know.
for s in KA KB KA2 KC; do
    code=${s%2}
    lower=$(echo "$code" | tr 'A-Z' 'a-z')
    printf '[site]\ncode = %s\n' "$code" > "$OUT/$s.ini"
    case $s in KA | KB)
        printf '[district]\npostgres = host=%s/sock port=%s dbname=postgres user=kiosk_%s\ndeadline = 5\n' \
            "$PGD" "$PORT" "$lower" >> "$OUT/$s.ini" ;;
    esac
done
adm() { local s=$1; shift; "$KIOSK" admin --config "$OUT/$s.ini" --db "$OUT/$s.db" "$@"; }

# ---- the key pair at first start ----
: > "$OUT/empty.txt"
"$KIOSK" --headless --config "$OUT/KA.ini" --db "$OUT/KA.db" --script "$OUT/empty.txt" > /dev/null
check "the kiosk's first start makes KA.db.sign.key beside KA.db.key" \
    test -f "$OUT/KA.db.sign.key" -a -f "$OUT/KA.db.key"
check "the key file is 32 bytes, mode 0600" \
    test "$(stat -c '%s %a' "$OUT/KA.db.sign.key")" = "32 600"
check "the public half is recorded once (own_keys)" test "$(q "$OUT/KA.db" 'SELECT count(*) FROM own_keys')" = 1
KEY_A=$(q "$OUT/KA.db" 'SELECT key FROM own_keys')

for s in KB KA2 KC; do
    "$KIOSK" --headless --config "$OUT/$s.ini" --db "$OUT/$s.db" --script "$OUT/empty.txt" > /dev/null
done
rm "$OUT/KC.db.sign.key" # as a kiosk installed before this change: made when needed

# tickets: a walk-in at KA (KT3); an admin command makes KB's key
adm KA --json walkin issue > "$OUT/a1.json"
P1=$(jq_ "$OUT/a1.json" 'd["payload"]')
ID1=$(jq_ "$OUT/a1.json" 'd["ticket_id"]')
check "a new ticket is KT3 ($P1)" test "${P1:0:7}" = "KT3.KA."
check "its length is at most 140 characters (${#P1})" test ${#P1} -le 140
adm KB --json walkin issue > "$OUT/b1.json"
PB=$(jq_ "$OUT/b1.json" 'd["payload"]')
adm KA2 --json walkin issue > "$OUT/x.json"
PX=$(jq_ "$OUT/x.json" 'd["payload"]')
adm KC --json walkin issue > "$OUT/c.json"
PC=$(jq_ "$OUT/c.json" 'd["payload"]')
check "KC's key file was made by the admin command, 0600" \
    test "$(stat -c '%s %a' "$OUT/KC.db.sign.key")" = "32 600"
check "... and signed its ticket KT3" test "${PC:0:7}" = "KT3.KC."
check "same site code, another key: another signature" test "${PX:0:7}" = "KT3.KA." -a "$PX" != "$P1"

# an old HMAC ticket of KA (as issued before this change): a second walk-in
# whose payload is rewritten in the KT2 form with KA's HMAC key
adm KA --json walkin issue > "$OUT/a2.json"
ID2=$(jq_ "$OUT/a2.json" 'd["ticket_id"]')
P2=$(python3 - "$OUT/KA.db" "$ID2" <<'PY'
import base64, hashlib, hmac, sqlite3, sys
db, tid = sys.argv[1], int(sys.argv[2])
key = open(db + ".key", "rb").read()
body = "KT2.KA.Q.%d.0.ABCD" % tid
mac = hmac.new(key, body.encode(), hashlib.sha256).digest()[:15]
p = body + "." + base64.b32encode(mac).decode()
c = sqlite3.connect(db)
c.execute("UPDATE tickets SET payload = ? WHERE id = ?", (p, tid))
c.commit()
print(p)
PY
)
adm KA ticket verify "$P2" > /dev/null
check "an old HMAC (KT2) ticket verifies at its own site" [ $? -eq 0 ]
adm KA ticket verify "$P1" > /dev/null
check "KA's own KT3 ticket verifies at KA" [ $? -eq 0 ]

# ---- one sync each (the kiosks' workers may have synced at start too) ----
adm KA sync now > /dev/null 2> "$OUT/sa.err"
check "sync at KA" [ $? -eq 0 ]
adm KB sync now > /dev/null 2> "$OUT/sb.err"
check "sync at KB" [ $? -eq 0 ]
"$KIOSK" admin district --pg "$C" --json keys > "$OUT/keys.json"
check "district keys: exit 0" [ $? -eq 0 ]
check "district keys lists KA's key, not revoked" \
    test "$(jq_ "$OUT/keys.json" '[(k["key"], k["revoked_at"]) for k in d["keys"] if k["site"] == "KA"]')" = "[('$KEY_A', None)]"
check "district keys lists KB's key" \
    test "$(jq_ "$OUT/keys.json" 'len([k for k in d["keys"] if k["site"] == "KB" and k["key"]])')" = 1
check "KB keeps both keys (pull stage keys)" \
    test "$(q "$OUT/KB.db" "SELECT group_concat(site) FROM (SELECT site FROM district_keys ORDER BY site)")" = "KA,KB"
"$KIOSK" admin district --pg "$C" keys > "$OUT/keys.txt"
check "district keys for people names the key" grep -q "^KA  $KEY_A" "$OUT/keys.txt"

# ---- the link down: KB checks KA's tickets from its kept keys ----
pg_stop "$PGD" > /dev/null
adm KB --json ticket verify "$P1" > "$OUT/v1.json"
check "centre stopped: KA's KT3 ticket verifies at KB (exit 0)" [ $? -eq 0 ]
check "... as KA's ticket, its site, kind and id told (never KB's row $ID1)" \
    test "$(jq_ "$OUT/v1.json" 'd["site"], d["kind"], d["id"], d["other_site"]')" = "('KA', 'Q', $ID1, True)"
adm KB ticket verify "$PB" > /dev/null
check "KB's own ticket still verifies at KB" [ $? -eq 0 ]
forged_id=$(echo "$P1" | sed "s/^KT3\.KA\.Q\.$ID1\./KT3.KA.Q.$((ID1 + 1))./")
sig=${P1##*.}
c=${sig:10:1}; [ "$c" = A ] && r=B || r=A
forged_sig="${P1%.*}.${sig:0:10}$r${sig:11}"
i=0
for p in "$forged_id" "$forged_sig" "$PX" "$PC" "$P2" "${P1}x" "${P1:0:100}" "KT3" "KT3.KA.Q.1.0.AAAA.$sig" \
    "$(head -c 300 /dev/zero | tr '\0' A)" "KT3.KA.Q.$ID1.0.${P1:0:4}.===="; do
    i=$((i + 1))
    adm KB --json ticket verify "$p" > "$OUT/f$i.json" 2> "$OUT/f$i.err"
    rc=$?
    check "forgery $i refused at KB, exit 1 ($(jq_ "$OUT/f$i.json" 'd.get("reason")' 2>/dev/null))" [ $rc -eq 1 ]
done
check "a changed id: forged" test "$(jq_ "$OUT/f1.json" 'd["reason"]')" = forged
check "a changed signature: forged" test "$(jq_ "$OUT/f2.json" 'd["reason"]')" = forged
check "a KA ticket signed by a key the district does not know: forged" \
    test "$(jq_ "$OUT/f3.json" 'd["reason"]')" = forged
check "a site the district does not know: unknown_site" \
    test "$(jq_ "$OUT/f4.json" 'd["reason"]')" = unknown_site
check "KA's old HMAC ticket is KA's only: refused at KB" test "$(jq_ "$OUT/f5.json" 'd["reason"]')" = forged

# the kiosk's scan path at KB, offline: a genuine ticket of another site
printf 'scan %s\nscan %s\n' "$P1" "$forged_sig" > "$OUT/scan.txt"
"$KIOSK" --headless --config "$OUT/KB.ini" --db "$OUT/KB.db" --events "$OUT/kb.jsonl" \
    --script "$OUT/scan.txt" > /dev/null 2> "$OUT/scan.err"
check "the kiosk at KB scans KA's ticket: valid, other_site, KA's id" python3 - "$OUT/kb.jsonl" "$ID1" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if '"scan"' in l]
ev = [e for e in ev if e["event"] == "scan"]
assert len(ev) == 2, ev
assert ev[0]["valid"] and ev[0]["other_site"] and ev[0]["site"] == "KA" and ev[0]["id"] == int(sys.argv[2]), ev[0]
assert not ev[1]["valid"] and ev[1]["reason"] == "forged", ev[1]
PY

# ---- revoke KA at the centre; KB refuses KA's tickets after its next sync ----
pg_start "$PGD" > /dev/null
"$KIOSK" admin district --pg "$C" revoke NOPE > /dev/null 2> "$OUT/rv0.err"
check "revoke an unknown site: exit 1" [ $? -eq 1 ]
"$KIOSK" admin district --pg "$C" --json revoke KA > "$OUT/rv.json"
check "revoke KA: exit 0, one key" test $? -eq 0 -a "$(jq_ "$OUT/rv.json" 'd["revoked"]')" = 1
"$KIOSK" admin district --pg "$C" --json keys > "$OUT/keys2.json"
check "district keys shows KA's revocation" \
    test "$(jq_ "$OUT/keys2.json" '[k["revoked_at"] is not None for k in d["keys"] if k["site"] == "KA"]')" = "[True]"
adm KB ticket verify "$P1" > /dev/null
check "before KB's next sync it still accepts KA's ticket (offline copy)" [ $? -eq 0 ]
adm KB sync now > /dev/null 2> "$OUT/sb2.err"
check "sync at KB" [ $? -eq 0 ]
adm KB --json ticket verify "$P1" > "$OUT/v2.json"
check "after the sync: KA's ticket refused at KB (exit 1, revoked)" \
    test $? -eq 1 -a "$(jq_ "$OUT/v2.json" 'd["reason"]')" = revoked
adm KA sync now > /dev/null 2>&1
adm KA walkin issue > /dev/null
adm KA sync now > /dev/null 2>&1
check "the revoked key sent again stays revoked" \
    test "$(psql -X -At "$C" -c "SELECT count(*) FROM district_data.site_keys WHERE site = 'KA' AND revoked_at IS NULL")" = 0

# ---- a KT3 receipt at 58 mm: prints, scans ----
adm KA demo requests 1 --seed 3 > /dev/null
adm KA --json requests show 1 > "$OUT/req.json"
TR=$(jq_ "$OUT/req.json" 'd["ticket"]["id"]')
P1=$(jq_ "$OUT/req.json" 'd["ticket"]["payload"]')
adm KA --json ticket png "$TR" "$OUT/r58.png" --width 58 > "$OUT/png.json"
check "receipt at 58 mm rendered" [ $? -eq 0 ]
convert "$OUT/r58.png" -bordercolor white -border 32 "$OUT/r58b.png"
decoded=$(zbarimg --quiet --raw "$OUT/r58b.png" 2> /dev/null | head -1)
check "zbarimg reads the KT3 payload off the 58 mm receipt" [ "$decoded" = "$P1" ]
echo "    58 mm: payload ${#P1} characters, QR version $(jq_ "$OUT/png.json" 'd["qr_version"]'), $(jq_ "$OUT/png.json" 'd["qr_module_dots"]') dots a module"
check "the QR has at least 4 dots (0.5 mm) a module" \
    test "$(jq_ "$OUT/png.json" 'd["qr_module_dots"]')" -ge 4
finish
