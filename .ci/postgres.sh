#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests (or `make serve-prod`).
# Installs Debian's postgresql package when no server is installed. Idempotent:
# a server already running on the port is left as it is.
#   PGPORT      port on 127.0.0.1 (default 54329)
#   PGDATA_DIR  data directory (default /tmp/crieur-pg)
# Prints the DATABASE_URL to use on its last line.
set -euo pipefail

PGPORT=${PGPORT:-54329}
PGDATA_DIR=${PGDATA_DIR:-/tmp/crieur-pg}
DBNAME=${PGDATABASE_NAME:-crieur}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    else
        echo "PostgreSQL is not installed: apt-get install postgresql" >&2
        exit 1
    fi
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
    if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR"
        as_owner "$BIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA_DIR -c fsync=off" start >/dev/null
fi
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" | grep -q 1 ||
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DBNAME"
echo "postgres://postgres@127.0.0.1:$PGPORT/$DBNAME"
