#!/usr/bin/env bash
# Every test Khabar has, on a fresh machine: installs what it needs (apt packages, a throwaway
# PostgreSQL server, headless Chromium), then format, lint, unit + integration tests (incl. the
# SIGKILL crash test and PostgreSQL tests), the browser tests, and a bounded fuzz pass.
# Usage: bash scripts/test.sh        (.ci/run calls exactly this)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export CARGO_INCREMENTAL=0

step() { printf '\n== %s ==\n' "$*"; }

step "system packages"
bash scripts/setup-system.sh

step "format"
cargo fmt --all -- --check

step "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "PostgreSQL test server"
if [ -x scripts/pg-test-server.sh ] || [ -f scripts/pg-test-server.sh ]; then
  # prints `export KHABAR_TEST_PG=postgres://...` on its last line
  pg_line=$(bash scripts/pg-test-server.sh | tail -n 1 || true)
  pg_line=${pg_line#export }
  case "$pg_line" in
    KHABAR_TEST_PG=postgres://*) export "$pg_line"; echo "PostgreSQL tests against ${pg_line#*=}" ;;
    *) echo "no PostgreSQL server: PostgreSQL tests will say they skipped" ;;
  esac
fi

step "tests"
cargo test --workspace --locked

step "browser tests"
bash scripts/browser-test.sh

step "fuzz smoke"
# A bounded pass over every fuzz target (stable toolchain, no sanitizer: ~1.5 min to build).
# KHABAR_FUZZ_SECONDS sets the seconds per target (0 skips); long runs: see README.
bash scripts/fuzz-smoke.sh "${KHABAR_FUZZ_SECONDS:-8}"
