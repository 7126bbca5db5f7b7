#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store's tests and print the line that points
# the tests at it:
#
#   eval "$(scripts/pg-test-server.sh)"      # exports KHABAR_TEST_PG=postgres://...
#   cargo test -p khabar-store --features postgres
#   scripts/pg-test-server.sh stop           # stops the cluster started last, removes its files
#
# Installs PostgreSQL with apt-get when no server binaries are found. initdb refuses to run as
# root, so as root the cluster belongs to the `postgres` system user. Trust authentication,
# listening on 127.0.0.1 only, on $KHABAR_PG_PORT (default 55432). All messages go to stderr;
# stdout carries only the export line.
set -euo pipefail

STATE=/tmp/khabar-pg-test.dir
PORT="${KHABAR_PG_PORT:-55432}"

pgbin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

if [ "${1:-}" = stop ]; then
    if [ -f "$STATE" ]; then
        dir="$(cat "$STATE")"
        as_owner "'$(pgbin)/pg_ctl' -D '$dir/data' -m fast stop" >&2 || true
        rm -rf "$dir" "$STATE"
    fi
    exit 0
fi

BIN="$(pgbin)"
if [ -z "$BIN" ]; then
    echo "pg-test-server: installing postgresql (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    BIN="$(pgbin)"
fi
[ -n "$BIN" ] || { echo "pg-test-server: no PostgreSQL binaries found" >&2; exit 1; }

# Reuse a running cluster of ours.
if [ -f "$STATE" ] && as_owner "'$BIN/pg_ctl' -D '$(cat "$STATE")/data' status" >/dev/null 2>&1; then
    echo "export KHABAR_TEST_PG=postgres://postgres@127.0.0.1:$PORT/khabar_test"
    exit 0
fi

DIR="$(mktemp -d /tmp/khabar-pg.XXXXXX)"
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
echo "$DIR" > "$STATE"
as_owner "'$BIN/initdb' -D '$DIR/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >&2
as_owner "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/log' -w \
    -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50\" start" >&2
as_owner "'$BIN/createdb' -h 127.0.0.1 -p $PORT -U postgres khabar_test" >&2
echo "export KHABAR_TEST_PG=postgres://postgres@127.0.0.1:$PORT/khabar_test"
