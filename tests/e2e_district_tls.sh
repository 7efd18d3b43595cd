#!/usr/bin/env bash
# e2e_district_tls.sh KIOSK SRC - the district centre over TLS as
# docs/district.md sets it up: openssl makes a CA, a server certificate for
# localhost and 127.0.0.1 and a client certificate per role (CN = the role);
# the cluster gets ssl = on and pg_hba "hostssl ... cert" (pg_cluster.sh
# ssl).  `kiosk admin district sites` with sslmode=verify-full and the admin's
# client certificate works; without a client certificate, with a name the
# server's certificate does not carry, or without TLS it fails with exit 3
# and a clear message; a site's role sends through ingest with its own
# certificate and cannot log in as another role with it.
source "$(dirname "$0")/lib.sh"
source "$SRC/tests/pg_cluster.sh"

chmod 755 "$OUT"
PGD=$OUT/pg
pg_start "$PGD" > /dev/null || { bad "PostgreSQL 15 does not start"; finish; exit 1; }
trap 'pg_stop "$PGD"' EXIT
PORT=$(cat "$PGD/port")
C=$(cat "$PGD/conninfo")
export HOME=$OUT # no ~/.postgresql/postgresql.crt of the machine's user
admin() { "$KIOSK" admin --db "$OUT/none.db" "$@"; }

# ---- the certificates (EC keys: quick to make) ----
K=$OUT/certs
mkdir -p "$K"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$K/$1.key" 2> /dev/null; }
key ca
openssl req -x509 -new -key "$K/ca.key" -out "$K/ca.crt" -days 2 -subj "/CN=district test CA" \
    2> /dev/null
sign() { # sign NAME CN [EXTFILE]
    key "$1"
    openssl req -new -key "$K/$1.key" -out "$K/$1.csr" -subj "/CN=$2" 2> /dev/null
    openssl x509 -req -in "$K/$1.csr" -CA "$K/ca.crt" -CAkey "$K/ca.key" -CAcreateserial \
        -out "$K/$1.crt" -days 2 ${3:+-extfile "$3"} 2> /dev/null
}
printf 'subjectAltName = DNS:localhost, IP:127.0.0.1\n' > "$K/san.ext"
sign server localhost "$K/san.ext"
sign admin postgres
sign site_a site_a
chmod 600 "$K"/*.key
check "openssl made the CA, the server's and two clients' certificates" \
    test -s "$K/server.crt" -a -s "$K/admin.crt" -a -s "$K/site_a.crt"

admin district --pg "$C" init > /dev/null && admin district --pg "$C" sites add A --role site_a > /dev/null
check "init and sites add over the socket" test $? -eq 0
pg_ssl "$PGD" "$K"
check "TLS on, TCP only with a client certificate" grep -q "^hostssl.*cert" "$PGD/data/pg_hba.conf"

TLS="host=localhost port=$PORT dbname=postgres sslmode=verify-full sslrootcert=$K/ca.crt"
admin district --pg "$TLS user=postgres sslcert=$K/admin.crt sslkey=$K/admin.key" sites \
    > "$OUT/sites.txt" 2> "$OUT/sites.err"
check "verify-full with the admin's certificate: sites, exit 0" test $? -eq 0
check "... lists site A" grep -q "^A " "$OUT/sites.txt"
check "the connection was TLS" test "$(psql -X -At "$TLS user=postgres sslcert=$K/admin.crt \
    sslkey=$K/admin.key" -c "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")" = t

admin district --pg "$TLS user=postgres" sites > /dev/null 2> "$OUT/nocert.err"
check "without a client certificate: exit 3" test $? -eq 3
check "... saying a certificate is needed" grep -q "certificate" "$OUT/nocert.err"
cat "$OUT/nocert.err" >&2

admin district --pg "host=127.0.0.1 port=$PORT dbname=postgres sslmode=verify-full \
    sslrootcert=$K/ca.crt hostaddr=127.0.0.1 user=postgres sslcert=$K/admin.crt \
    sslkey=$K/admin.key host=centre.example" sites > /dev/null 2> "$OUT/name.err"
check "a host name the server's certificate does not carry: exit 3" test $? -eq 3
check "... saying it does not match" grep -q "does not match host name" "$OUT/name.err"

admin district --pg "host=127.0.0.1 port=$PORT dbname=postgres sslmode=disable user=postgres" \
    sites > /dev/null 2> "$OUT/plain.err"
check "without TLS: exit 3" test $? -eq 3
check "... saying no pg_hba.conf entry" grep -q "no pg_hba.conf entry" "$OUT/plain.err"

# the kiosk's side: the site's role with its own certificate
SITE="$TLS user=site_a sslcert=$K/site_a.crt sslkey=$K/site_a.key"
check "site_a sends through ingest over TLS with its certificate" \
    test "$(psql -X -At "$SITE" -c "SELECT district_ingest.ingest('A', '[]', \
    '{\"version\":\"0.4.0\",\"pending\":0}')")" = '{"accepted": 0, "duplicates": 0}'
psql -X -At "$TLS user=postgres sslcert=$K/site_a.crt sslkey=$K/site_a.key" -c "SELECT 1" \
    > /dev/null 2> "$OUT/other.err"
check "site_a's certificate does not log in as postgres" grep -q "certificate authentication failed" "$OUT/other.err"
finish
