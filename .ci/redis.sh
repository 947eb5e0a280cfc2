#!/usr/bin/env bash
# Start a throwaway Redis server on loopback for the tests (the cache and the rate limits).
# Installs Debian's redis-server package when it is missing. Idempotent: a server
# already answering on the port is left as it is. No persistence (no RDB, no AOF).
#   REDIS_PORT      port on 127.0.0.1 (default 63799)
#   REDIS_DATA_DIR  working directory: pid file and log (default /tmp/crieur-redis)
# Prints the REDIS_URL to use on its last line.
set -euo pipefail

REDIS_PORT=${REDIS_PORT:-63799}
REDIS_DATA_DIR=${REDIS_DATA_DIR:-/tmp/crieur-redis}

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    else
        echo "Redis is not installed: apt-get install redis-server" >&2
        exit 1
    fi
fi

ping() {
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

if ! ping; then
    mkdir -p "$REDIS_DATA_DIR"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --dir "$REDIS_DATA_DIR" --save '' --appendonly no \
        --daemonize yes --pidfile "$REDIS_DATA_DIR/redis.pid" \
        --logfile "$REDIS_DATA_DIR/server.log"
    for _ in $(seq 50); do
        ping && break
        sleep 0.1
    done
    ping || { echo "Redis did not start: see $REDIS_DATA_DIR/server.log" >&2; exit 1; }
fi
echo "redis://127.0.0.1:$REDIS_PORT/0"
