#!/usr/bin/env bash
# Load test of `khabar serve` on loopback: 100 concurrent connections for ~10 s against the
# API (stats, events, search, one document) and the page, with wrk. Prints throughput and
# latency percentiles (p50, p99) per route. Traffic goes to 127.0.0.1 only and stops by itself.
#
# Builds a store from tests/browser/fixtures with `khabar ingest` unless DB=path is given.
# Env: KHABAR_BIN (default: cargo build --release), DURATION (default 10s), CONNECTIONS
# (default 100), THREADS (default 2), DB (an existing store to serve).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if ! command -v wrk >/dev/null 2>&1; then
  echo "load-test: installing wrk" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

if [ -z "${KHABAR_BIN:-}" ]; then
  cargo build -q --release -p khabar-cli
  KHABAR_BIN="$ROOT/target/release/khabar"
fi
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-100}
THREADS=${THREADS:-2}

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${DB:-}" ]; then
  DB="$WORK/load.db"
  "$KHABAR_BIN" ingest tests/browser/fixtures --db "$DB" >/dev/null 2>&1 || [ $? = 3 ]
fi

# The rate limit is off here: one address sends everything. (With it on, a single client
# gets --rate-limit requests/s after --burst, the rest answered 429.)
"$KHABAR_BIN" serve --db "$DB" --bind 127.0.0.1:0 --rate-limit 0 2> "$WORK/serve.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 100); do
  BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/serve.log" | head -1 || true)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$BASE" ] || { echo "load-test: server did not start" >&2; exit 1; }
DOC=$(curl -sf "$BASE/api/documents?limit=1" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)

printf '%-34s %12s %10s %10s %10s %8s\n' route "requests/s" p50 p99 max errors
for path in "/api/stats" "/api/events?limit=50" "/api/search?q=%E0%A6%B8%E0%A7%80%E0%A6%AE%E0%A6%BE%E0%A6%A8%E0%A7%8D%E0%A6%A4" "/api/documents/$DOC" "/"; do
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE$path" 2>&1)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  max=$(echo "$out" | awk '$1=="Latency" {print $4; exit}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}')
  label=$path
  [ ${#label} -gt 34 ] && label="${label:0:31}..."
  printf '%-34s %12s %10s %10s %10s %8s\n' "$label" "$rps" "$p50" "$p99" "$max" "${errs:-0}"
done
