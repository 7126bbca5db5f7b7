"""Countries and territories → data/kb/countries.jsonl.

Sources: iso-codes (the ISO 3166-1 list, official names, translations in .mo files), Unicode
CLDR (territory names per locale: the common names), npm i18n-iso-countries (more names per
language), and hand-kept files in tools/kb/data/: demonyms.tsv (adjective forms),
country_aliases.tsv (common variants news uses), cameo_countries.tsv (CAMEO codes that differ
from ISO alpha-3). Capitals come from the cities generator's output (run it first).
"""
import json
import os
import re
import xml.etree.ElementTree as ET

from common import CITIES_JSON, CLDR_MAIN, HERE, LANGS, NODE_MODULES, OUT, ISO_JSON, add, clean, mo_dict, write_jsonl


def cldr_territories(lang):
    path = os.path.join(CLDR_MAIN, lang + ".xml")
    out = {}
    if not os.path.exists(path):
        return out
    root = ET.parse(path).getroot()
    for t in root.iter("territory"):
        code = t.get("type", "")
        if len(code) == 2 and code.isalpha() and t.text:
            out.setdefault(code, []).append((t.get("alt"), t.text))
    return out


def split_paren(s):
    """'Myanmar (Burma)' → ['Myanmar', 'Burma']; other names unchanged."""
    m = re.match(r"^(.*?)\s*[(（](.*?)[)）]\s*$", s)
    if m:
        return [m.group(1), m.group(2)]
    return [s]


def read_tsv(name):
    path = os.path.join(HERE, "data", name)
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def main():
    iso = json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"]
    cldr = {lang: cldr_territories(lang) for lang in LANGS}
    npm = {}
    for lang in LANGS:
        p = os.path.join(NODE_MODULES, "i18n-iso-countries", "langs", lang + ".json")
        if os.path.exists(p):
            npm[lang] = json.load(open(p, encoding="utf-8"))["countries"]
    mo = {lang: mo_dict("iso_3166-1", lang) for lang in LANGS if lang != "en"}
    cameo = {r[0]: r[1] for r in read_tsv("cameo_countries.tsv")}
    canonical = {r[0]: r[1] for r in read_tsv("canonical_names.tsv")}
    demonyms = {}
    for a3, lang, forms in read_tsv("demonyms.tsv"):
        for f in forms.split("|"):
            add(demonyms.setdefault(a3, {}), lang, f)
    extra = {}
    for a3, lang, forms in read_tsv("country_aliases.tsv"):
        for f in forms.split("|"):
            extra.setdefault(a3, []).append((lang, f))
    capitals = {}
    for c in sorted(json.load(open(CITIES_JSON, encoding="utf-8")), key=lambda c: c["population"]):
        if c["featureCode"] == "PPLC":
            capitals[c["country"]] = "geo:%d" % c["cityId"]

    # Words of three or more countries' names in a language ("Republic", "Islands", "Saint"):
    # a qualifier in parentheses that is only such a word ("Congo (Republic)") names no
    # country by itself and is not taken as an alias.
    name_words = {}
    for lang in LANGS:
        for a2, names in cldr[lang].items():
            for alt, n in names:
                for w in set(re.split(r"[\s,\-–]+", clean(split_paren(n)[0]).lower())):
                    name_words.setdefault((lang, w), set()).add(a2)
    generic = {k for k, v in name_words.items() if len(v) >= 3}

    entries = []
    for c in iso:
        a2, a3 = c["alpha_2"], c["alpha_3"]
        aliases = {}
        en = cldr["en"].get(a2, [])
        default = next((n for alt, n in en if alt is None), c.get("common_name", c["name"]))
        short = next((n for alt, n in en if alt == "short"), None)
        name = split_paren(default)[0]
        if "(" in default and short:
            name = short
        name = canonical.get(a3, name)
        for lang in LANGS:
            for alt, n in cldr[lang].get(a2, []):
                for i, part in enumerate(split_paren(n)):
                    if i > 0 and (lang, clean(part).lower()) in generic:
                        continue
                    add(aliases, lang, part)
            v = npm.get(lang, {}).get(a2)
            for n in ([v] if isinstance(v, str) else v or []):
                if "," not in n and "(" not in n:
                    add(aliases, lang, n)
        for key in ("name", "common_name", "official_name"):
            n = c.get(key)
            if n and "," not in n:
                add(aliases, "en", n)
                for lang, tr in mo.items():
                    t = tr.get(n)
                    if t and "," not in t and "،" not in t and "(" not in t:
                        add(aliases, lang, t)
        for lang, f in extra.get(a3, []):
            add(aliases, lang, f)
        add(aliases, "en", name)
        for n in list(aliases.get("en", [])):
            if "&" in n:
                add(aliases, "en", n.replace("&", "and"))
        e = {
            "id": a3,
            "name": clean(name),
            "type": "GPE",
            "country": a3,
            "cameo": cameo.get(a3, a3),
            "aliases": aliases,
        }
        if a3 in demonyms:
            e["demonyms"] = demonyms[a3]
        if a2 in capitals:
            e["capital"] = capitals[a2]
        e["source"] = "iso-codes+cldr"
        entries.append(e)

    # A variant naming two countries ("Congo", "Guinea" from split parentheses) is dropped from
    # the entries where it is not the CLDR default name.
    owners = {}
    for e in entries:
        for lang, v in e["aliases"].items():
            for n in v:
                owners.setdefault((lang, n.lower()), set()).add(e["id"])
    primary = {}
    for c in iso:
        for lang in LANGS:
            for alt, n in cldr[lang].get(c["alpha_2"], []):
                if alt is None:
                    primary[(lang, clean(n).lower())] = c["alpha_3"]
    for e in entries:
        for lang, v in e["aliases"].items():
            e["aliases"][lang] = [
                n for n in v
                if len(owners[(lang, n.lower())]) == 1 or primary.get((lang, n.lower())) == e["id"]
            ]
        e["aliases"] = {k: v for k, v in e["aliases"].items() if v}
    write_jsonl(os.path.join(OUT, "countries.jsonl"), entries)
    print(f"countries.jsonl: {len(entries)} entries, "
          f"{sum(len(v) for e in entries for v in e['aliases'].values())} names")


if __name__ == "__main__":
    main()
