#!/usr/bin/env bash
# Main-text extraction side by side: trafilatura (Python) and `khabar extract` on the same
# generated HTML pages. Prints pages/s for both (trafilatura in one process; khabar on one
# thread and on all cores), the ratio, and how often the two agree on the main text
# (token-set Jaccard >= 0.8), plus each one's agreement with the generated story text.
#   scripts/trafilatura-bench.sh [PAGES] [SEED]
# Env: VENV (default /tmp/khabar-trafilatura-venv), WORK (default a temp dir, removed after).
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-500}"
seed="${2:-1}"
venv="${VENV:-/tmp/khabar-trafilatura-venv}"
work="${WORK:-$(mktemp -d)}"
[ -z "${WORK:-}" ] && trap 'rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    # lxml >= 5.2 moved the HTML cleaner trafilatura (via justext) imports to a separate package.
    "$venv/bin/pip" install -q --disable-pip-version-check trafilatura lxml_html_clean
fi
"$venv/bin/python" -c 'import trafilatura' || { echo "trafilatura not importable"; exit 1; }
echo "trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')"

cargo build -q --release -p khabar-cli
khabar=./target/release/khabar
$khabar generate --out "$work/gen" --docs "$pages" --seed "$seed" --formats html,story

"$venv/bin/python" scripts/trafilatura_compare.py extract "$work/gen/html" "$work/traf.jsonl" \
    2> "$work/traf-time.json"
traf_pps=$(python3 -c 'import json,sys; print("%.1f" % json.load(open(sys.argv[1]))["pages_per_s"])' "$work/traf-time.json")

run_khabar() { # threads -> pages/s
    local t0 t1
    t0=$(date +%s.%N)
    RAYON_NUM_THREADS="$1" $khabar extract "$work/gen/html" -o "$work/khabar.jsonl" 2>/dev/null || true
    t1=$(date +%s.%N)
    python3 -c "print('%.1f' % ($pages / ($t1 - $t0)))"
}
k1=$(run_khabar 1)
kall=$(run_khabar "$(nproc)")

echo "pages: $pages generated HTML pages (seed $seed), $(du -sh "$work/gen/html" | cut -f1)"
echo "trafilatura (1 process):     $traf_pps pages/s"
echo "khabar extract (1 thread):   $k1 pages/s   ratio $(python3 -c "print('%.1fx' % ($k1 / $traf_pps))")"
echo "khabar extract ($(nproc) threads):  $kall pages/s   ratio $(python3 -c "print('%.1fx' % ($kall / $traf_pps))")"
echo "(khabar extract runs the whole pipeline: cleaning, language, sentences, dates, entities, events)"
python3 scripts/trafilatura_compare.py compare "$work/traf.jsonl" "$work/khabar.jsonl" "$work/gen/story"
