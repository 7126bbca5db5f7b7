#!/usr/bin/env bash
# Run every fuzz target for a bounded time (default 20 s each) and fail on the first crash.
#   scripts/fuzz-smoke.sh [SECONDS] [TARGET...]
#
# Default build: the machine's stable toolchain with RUSTC_BOOTSTRAP=1 and no sanitizer
# (libFuzzer's coverage-guided search, Rust's own checks: panics, overflow in debug assertions
# off, out-of-bounds, OOM and timeouts). That builds in ~1.5 min on two cores, which is why CI
# can afford it. For long runs with AddressSanitizer use nightly:
#   KHABAR_FUZZ_TOOLCHAIN=nightly KHABAR_FUZZ_SANITIZER=address scripts/fuzz-smoke.sh 3600 clean_html
# cargo-fuzz is installed from crates.io (`cargo install cargo-fuzz --locked`) when missing.
# Crashing inputs are left in fuzz/artifacts/<target>/; reproduce one with
# `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none <target> <file>`, then add it
# to crates/khabar-cli/tests/fuzz_regressions.rs.
# Seeds: fuzz/corpus/<target>/ is filled from a small generated corpus on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"
shift || true
toolchain="${KHABAR_FUZZ_TOOLCHAIN:-stable}"
sanitizer="${KHABAR_FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1
if [ "$secs" = 0 ]; then
    echo "fuzz-smoke: skipped (0 seconds per target)"
    exit 0
fi

if ! cargo "+$toolchain" --version >/dev/null 2>&1; then
    echo "fuzz-smoke: toolchain $toolchain not installed"
    exit 1
fi
if ! cargo "+$toolchain" fuzz --version >/dev/null 2>&1; then
    echo "fuzz-smoke: installing cargo-fuzz from crates.io"
    cargo install cargo-fuzz --locked --quiet
fi
fuzz=(cargo "+$toolchain" fuzz)
build_flags=(--sanitizer "$sanitizer" -O)

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    mapfile -t targets < <(cd fuzz && "${fuzz[@]}" list)
fi

# Seed corpora: generated pages, text scrapes, JSON Lines and WARC records, plus the bundled
# samples. Only when a corpus folder is empty, so long runs keep their findings.
seed_dir="$(mktemp -d)"
trap 'rm -rf "$seed_dir"' EXIT
seeded=0
seed() { # target, files...
    local t="$1"; shift
    mkdir -p "fuzz/corpus/$t"
    if [ -z "$(ls -A "fuzz/corpus/$t" 2>/dev/null)" ]; then
        for f in "$@"; do [ -f "$f" ] && cp "$f" "fuzz/corpus/$t/" || true; done
    fi
}
khabar=""
for b in ./target/release/khabar ./target/debug/khabar; do
    [ -x "$b" ] && { khabar="$b"; break; }
done
if [ -z "$khabar" ] && cargo build -q -p khabar-cli 2>/dev/null; then
    khabar=./target/debug/khabar
fi
if [ -n "$khabar" ]; then
    "$khabar" generate --out "$seed_dir/gen" --docs 12 --seed 9 \
        --article-bytes 600 --per-file 3 >/dev/null 2>&1 && seeded=1
fi
if [ "$seeded" = 1 ]; then
    html=("$seed_dir"/gen/html/0000/*.html)
    text=("$seed_dir"/gen/text/0000/*.txt)
    seed clean_html "${html[@]}" samples/*.html
    seed clean_text "${text[@]}" samples/*.txt
    seed pipeline "${html[@]}" "${text[@]}"
    seed dates "${text[@]}"
    seed dedup "${text[@]}"
    seed jsonl "$seed_dir"/gen/jsonl/*.jsonl samples/*.jsonl
    seed gzip "$seed_dir"/gen/warc/*.warc.gz samples/*.gz
    mkdir -p "$seed_dir/warc"
    for f in "$seed_dir"/gen/warc/*.warc.gz; do gzip -dc "$f" > "$seed_dir/warc/$(basename "$f" .gz)"; done
    seed warc "$seed_dir"/warc/*.warc
    seed kb data/kb/*.jsonl
fi

failed=()
cd fuzz
echo "fuzz-smoke: building ${#targets[@]} targets ($toolchain, sanitizer $sanitizer)"
"${fuzz[@]}" build "${build_flags[@]}" >/dev/null
for t in "${targets[@]}"; do
    echo "fuzz-smoke: $t for ${secs}s"
    mkdir -p "corpus/$t"
    if ! "${fuzz[@]}" run "${build_flags[@]}" "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
        2>"/tmp/fuzz-smoke-$t.log"; then
        failed+=("$t")
        tail -n 30 "/tmp/fuzz-smoke-$t.log"
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "/tmp/fuzz-smoke-$t.log" | sed "s/^/  $t /" || true
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz-smoke: crashes in: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "fuzz-smoke: ${#targets[@]} targets, no crash"
