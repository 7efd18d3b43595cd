#!/usr/bin/env bash
# pg_cluster.sh - a throw-away PostgreSQL 15 for the tests.
#   pg_cluster.sh start DIR   makes a cluster in DIR/data (as the postgres
#                             user: PostgreSQL refuses to run as root),
#                             listening on DIR/sock and 127.0.0.1 on a free
#                             port; prints the port.  DIR/conninfo gets a
#                             superuser connection string, DIR/port the port.
#   pg_cluster.sh stop DIR    stops it (fast), keeping DIR
#   pg_cluster.sh restart DIR starts it again on the same port after a stop
#   pg_cluster.sh ssl DIR CERTS  (a running cluster) turns TLS on with
#                             CERTS/server.crt, server.key and ca.crt, and
#                             makes TCP connections hostssl with a client
#                             certificate (pg_hba "cert": CN = the role);
#                             the Unix socket stays trust
# Used as: . tests/pg_cluster.sh; pg_start DIR; ...; pg_stop DIR as well.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_as() { # runs a command as the postgres user (or as is, when not root)
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_start() { # pg_start DIR
    local dir=$1 port
    mkdir -p "$dir/sock"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    chmod 755 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        pg_as "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
            --no-sync > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
        port=$(pg_free_port)
        echo "$port" > "$dir/port"
        cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 64MB
max_connections = 60
log_min_messages = warning
CONF
        echo "host=$dir/sock port=$port dbname=postgres user=postgres" > "$dir/conninfo"
    fi
    pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start > /dev/null ||
        { cat "$dir/server.log" >&2; return 1; }
    cat "$dir/port"
}

pg_stop() { # pg_stop DIR
    pg_as "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w -t 30 stop > /dev/null 2>&1
}

pg_ssl() { # pg_ssl DIR CERTS
    local dir=$1 certs=$2 f
    for f in server.crt server.key ca.crt; do
        cp "$certs/$f" "$dir/data/$f" || return 1
    done
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data/server.crt" "$dir/data/server.key" \
        "$dir/data/ca.crt"
    chmod 600 "$dir/data/server.key"
    cat >> "$dir/data/postgresql.conf" <<CONF
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
ssl_ca_file = 'ca.crt'
CONF
    sed -i -E 's/^host(\s+all\s+all\s+\S+\s+)trust/hostssl\1cert/' "$dir/data/pg_hba.conf"
    pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -w reload > /dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case "${1:-}" in
    start | restart) pg_start "$2" ;;
    stop) pg_stop "$2" ;;
    ssl) pg_ssl "$2" "$3" ;;
    *) echo "usage: $0 start|stop|restart DIR | ssl DIR CERTS" >&2; exit 2 ;;
    esac
fi
