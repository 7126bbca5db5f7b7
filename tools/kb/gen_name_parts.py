"""Arabic name parts with their Latin spellings → data/kb/arabic_name_parts.tsv.gz.

Source: PyPI `arabic-name-romanizer` (resources/names.sqlite3, table `units`: 82k Arabic name
parts with Latin spellings and counts, from Wikidata and name lists). Output columns:
arabic, spellings joined by '|' (most frequent first, at most MAX_SPELLINGS), total count, role
(given/surname/... when the source says), countries (most frequent first, at most 3).
A lexicon of name parts for cross-script matching and romanizing, not a list of people.
"""
import gzip
import os
import sqlite3
import sys
import unicodedata

from common import OUT, clean

MAX_SPELLINGS = 6


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/kbsrc/anr/arabic_name_romanizer/resources/names.sqlite3"
    con = sqlite3.connect(db)
    parts = {}
    for ar, latin, country, role, count in con.execute(
            "SELECT arabic_key, latin, country, role, count FROM units"):
        ar, latin = clean(ar), clean(latin)
        if not ar or not latin or not any(unicodedata.name(c, "").startswith("ARABIC") for c in ar):
            continue
        p = parts.setdefault(ar, {"sp": {}, "n": 0, "roles": {}, "cc": {}})
        p["sp"][latin] = p["sp"].get(latin, 0) + count
        p["n"] += count
        if role and role != "unknown":
            p["roles"][role] = p["roles"].get(role, 0) + count
        if country:
            p["cc"][country] = p["cc"].get(country, 0) + count
    lines = ["# arabic\tlatin spellings (most frequent first)\tcount\trole\tcountries"
             "  (from PyPI arabic-name-romanizer names.sqlite3, CC0)"]
    for ar in sorted(parts, key=lambda a: (-parts[a]["n"], a)):
        p = parts[ar]
        sp, seen = [], set()
        for s in sorted(p["sp"], key=lambda s: (-p["sp"][s], s)):
            if s.lower() not in seen:
                seen.add(s.lower())
                sp.append(s)
        sp = sp[:MAX_SPELLINGS]
        role = max(p["roles"], key=p["roles"].get) if p["roles"] else ""
        cc = ",".join(sorted(p["cc"], key=lambda c: -p["cc"][c])[:3])
        lines.append(f"{ar}\t{'|'.join(sp)}\t{p['n']}\t{role}\t{cc}")
    path = os.path.join(OUT, "arabic_name_parts.tsv.gz")
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"arabic_name_parts.tsv.gz: {len(parts)} parts")


if __name__ == "__main__":
    main()
