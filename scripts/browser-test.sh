#!/usr/bin/env bash
# Browser test of `khabar serve`: builds a store from the fixture articles in
# tests/browser/fixtures (bn, ar, en and a hostile page) with `khabar ingest`, serves it on a
# free loopback port, and drives the system Chromium headless with playwright-core
# (tests/browser/test.mjs). Screenshots go to target/screenshots/*.png.
#
# Installs what is missing: Debian packages chromium and fonts-noto-core (so Bengali and
# Arabic render in screenshots) with apt-get, and the npm package playwright-core into
# target/browser-test (never a browser download).
#
# Env: KHABAR_BIN (a built khabar binary; default: cargo build, debug profile),
#      SHOT_DIR (default target/screenshots), KEEP_DB=1 keeps the temp store.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -d /usr/share/fonts/truetype/noto ] || need_apt+=(fonts-noto-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "browser-test: installing ${need_apt[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v node >/dev/null 2>&1 || { echo "browser-test: node is required (apt-get install nodejs npm)" >&2; exit 1; }

NODE_DIR="$ROOT/target/browser-test"
if [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
  mkdir -p "$NODE_DIR"
  echo "browser-test: npm install playwright-core into $NODE_DIR" >&2
  (cd "$NODE_DIR" && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --silent playwright-core@1)
fi

if [ -z "${KHABAR_BIN:-}" ]; then
  cargo build -q -p khabar-cli
  KHABAR_BIN="$ROOT/target/debug/khabar"
fi

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "${KEEP_DB:-0}" != 1 ]; then rm -rf "$WORK"; else echo "browser-test: store kept in $WORK" >&2; fi
}
trap cleanup EXIT

DB="$WORK/browser.db"
"$KHABAR_BIN" ingest tests/browser/fixtures --db "$DB" >&2 || {
  code=$?
  # 3: some inputs skipped, the rest is stored; anything else is fatal.
  [ "$code" = 3 ] || { echo "browser-test: ingest failed ($code)" >&2; exit 1; }
}

# Port 0: the server picks a free loopback port and names it on stderr. A random token
# enables the admin route, through which tests/browser/posted/documents.json (documents with
# hand-made entities and events) is added, so the charts are tested whatever extraction finds.
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
KHABAR_TOKEN="$TOKEN" "$KHABAR_BIN" serve --db "$DB" --bind 127.0.0.1:0 --rate-limit 0 2> "$WORK/serve.log" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 100); do
  BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/serve.log" | head -1 || true)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$BASE" ] || { echo "browser-test: server did not start" >&2; cat "$WORK/serve.log" >&2; exit 1; }
echo "browser-test: server at $BASE" >&2

code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @tests/browser/posted/documents.json "$BASE/api/admin/documents")
[ "$code" = 401 ] || { echo "browser-test: admin route without token answered $code, not 401" >&2; exit 1; }
curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary @tests/browser/posted/documents.json "$BASE/api/admin/documents" >&2
echo >&2

SHOT_DIR="${SHOT_DIR:-$ROOT/target/screenshots}" BASE_URL="$BASE" CHROMIUM="$(command -v chromium)" \
  PW_DIR="$NODE_DIR" node "$ROOT/tests/browser/test.mjs"
