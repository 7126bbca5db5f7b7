#!/usr/bin/env python3
"""Generate data/kb/subdivisions.jsonl: the first-level subdivisions of every country (US
states, Indian states, Chinese provinces, Syrian governorates ...) from iso-codes
(ISO 3166-2 codes, types, English names) and CLDR (their names in the KB's languages).

A subdivision is left out, or loses a name, where the name would be ambiguous:
- a name shared by two subdivisions (Punjab of India and of Pakistan) is dropped from both;
- a name any other KB entry already carries in the same language (a country or a city:
  Georgia, Ontario the Californian city) is dropped, since the KB has no population for a
  subdivision to weigh against the other entry's;
- names of fewer than four letters, with digits, or that are common words of the language
  (data/entities/common.<lang>.txt: "Central", "Western"), or made of them only ("North
  West"), are dropped.
An entry keeps only if its English name survives. Run from anywhere; needs iso-codes and
unicode-cldr-core (apt). Deterministic: the same packages give the same file.
"""
import glob
import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET

from common import LANGS, OUT, REPO, add, clean, write_jsonl

ISO2 = os.environ.get("ISO_3166_2_JSON", "/usr/share/iso-codes/json/iso_3166-2.json")
ISO1 = os.environ.get("ISO_JSON", "/usr/share/iso-codes/json/iso_3166-1.json")
CLDR_SUB = os.environ.get("CLDR_SUBDIVISIONS", "/usr/share/unicode/cldr/common/subdivisions")
# Subdivision types that govern (a news reader's "state", "province", "region").
TYPES = {
    "State", "Province", "Region", "Governorate", "Autonomous region", "Autonomous province",
    "Autonomous republic", "Republic", "Territory", "Union territory", "Federal district",
    "Emirate", "Division", "Oblast", "Krai", "Autonomous community", "Canton", "Land",
    "Prefecture", "Country", "Nation", "Capital district", "Capital territory",
}
# Left out: municipalities, counties, departments (hundreds per country, most never in
# international news, many of them spelled like common words).


# Arabic letter variants the matcher reads as one (hamza seats, alif maqsura, ta marbuta,
# Persian yeh and kaf).
ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك",
                             "ـ": None})


def fold(s):
    """A name as the matcher compares it, near enough: case, Latin diacritics and Arabic
    letter variants folded (so "Tucumán" meets "Tucuman", "أسام" meets "اسام")."""
    s = unicodedata.normalize("NFKC", s).casefold().translate(ARABIC_FOLD)
    out = []
    for c in unicodedata.normalize("NFKD", s):
        # Marks on Latin letters only: Bengali and Devanagari vowel signs are letters' parts.
        if unicodedata.combining(c) and out and out[-1].isascii():
            continue
        if "\u064b" <= c <= "\u0652":  # Arabic short vowels
            continue
        out.append(c)
    s = unicodedata.normalize("NFC", "".join(out))
    return re.sub(r"[\s’'‘`-]+", " ", s).strip()


def cldr_names(lang):
    path = os.path.join(CLDR_SUB, lang + ".xml")
    if not os.path.exists(path):
        return {}
    out = {}
    for el in ET.parse(path).getroot().iter("subdivision"):
        t, name = el.get("type"), (el.text or "").strip()
        if t and name:
            out[t] = name
    return out


def common_words(lang):
    """Common words of `lang`, and for English also given names (a state named like a person
    is read in every mention of that person)."""
    words = set()
    paths = []
    for kind in ("common", "given") if lang == "en" else ("common",):
        paths += glob.glob(os.path.join(REPO, "crates", "khabar-extract", "data", "entities", f"{kind}.{lang}*.txt"))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                w = line.split("#", 1)[0].strip()
                if w:
                    words.add(fold(w))
    return words


def stop_lists():
    """Aliases to drop and generic words, per language (data/subdivision_stop.tsv and the
    city stop lists)."""
    here = os.path.dirname(os.path.abspath(__file__))
    alias, generic = set(), set()
    with open(os.path.join(here, "data", "subdivision_stop.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            kind, lang, word = line.rstrip("\n").split("\t")
            if kind == "alias":
                alias.add(fold(word))
            else:
                generic.add((lang, fold(word)))
    with open(os.path.join(here, "data", "city_stop_alias.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            word = line.rstrip("\n").split("\t")[1]
            alias.add(fold(word))
    with open(os.path.join(here, "data", "city_stop.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            alias.add(fold(line))
    return alias, generic


# Scripts without capitals where a name is read wherever its letters stand.
CASELESS_ARABIC = {"ar", "fa", "ur", "ps"}
# Languages whose names are kept. Persian, Urdu and Pashto names are left out: the matcher
# reads them in Arabic text too, where their letters spell Arabic words (Urdu والے is
# Arabic والي "governor", Persian صباح "morning").
KEEP_LANGS = [lang for lang in LANGS if lang not in ("fa", "ur", "ps")]
# Words of kind that open Arabic subdivision names in CLDR ("محافظة ذي قار" the governorate
# of Dhi Qar): news writes the name with or without them, so the name is kept without.
ARABIC_KIND = ("محافظة", "ولاية", "منطقة", "إقليم", "اقليم", "مقاطعة", "كانتون", "إمارة")


def existing_names():
    """Folded names of every entry already in the starter KB, in any language (the matcher
    does not know a name's language tag)."""
    names = set()
    for path in [os.path.join(OUT, "countries.jsonl"), os.path.join(OUT, "cities.jsonl")] + sorted(
        glob.glob(os.path.join(OUT, "curated", "*.jsonl"))
    ):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith(("#", "//")):
                    continue
                e = json.loads(line)
                names.add(fold(e["name"]))
                for lst in (e.get("aliases") or {}).values():
                    for n in lst:
                        names.add(fold(n))
    return names


def main():
    iso1 = {c["alpha_2"]: c["alpha_3"] for c in json.load(open(ISO1, encoding="utf-8"))["3166-1"]}
    cameo = {}
    with open(os.path.join(OUT, "countries.jsonl"), encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            cameo[e["id"]] = e.get("cameo")
    subs = [s for s in json.load(open(ISO2, encoding="utf-8"))["3166-2"]
            if "parent" not in s and s["type"] in TYPES]
    names = {lang: cldr_names(lang) for lang in LANGS}
    common = {lang: common_words(lang) for lang in LANGS}
    taken = existing_names()
    stop_alias, generic = stop_lists()
    # Candidate names per subdivision, then the names two subdivisions share.
    cand = {}
    count = {}
    for s in subs:
        key = s["code"].lower().replace("-", "")
        per = {}
        for lang in KEEP_LANGS:
            raw = names[lang].get(key)
            if lang == "en" and not raw:
                raw = s["name"]
            if not raw:
                continue
            # "Punjab, India": the qualifier is no part of the name as written in news.
            name = clean(re.split(r"\s*[,(（،]", raw)[0])
            if lang == "ar":
                first, _, rest = name.partition(" ")
                if first in ARABIC_KIND and rest:
                    name = rest
            f = fold(name)
            parts = [w for w in re.split(r"[\s-]+", f) if w]
            if (len(f) < 4 or any(c.isdigit() for c in f) or f in common[lang]
                    or all(w in common[lang] or (lang, w) in generic for w in parts)
                    or f in taken or f in stop_alias):
                continue
            if lang in CASELESS_ARABIC:
                # One word with the article is mostly an adjective (الشرقية "the eastern"), and
                # a word that takes the article to spell another KB name (يونان, اليونان
                # Greece) would be read inside it.
                if len(parts) == 1 and f.startswith("ال"):
                    continue
                if "ال" + f in taken:
                    continue
            per[lang] = name
        # A name counts once per subdivision, whatever the languages that spell it so.
        for f in {fold(n) for n in per.values()}:
            count[f] = count.get(f, 0) + 1
        cand[s["code"]] = (s, per)
    out = []
    for code in sorted(cand):
        s, per = cand[code]
        per = {lang: n for lang, n in per.items() if count[fold(n)] == 1}
        if "en" not in per:
            continue
        country = iso1.get(code.split("-")[0])
        if not country:
            continue
        aliases = {}
        for lang in KEEP_LANGS:
            if lang in per:
                add(aliases, lang, per[lang])
        e = {"id": "adm1:" + code, "name": per["en"], "type": "GPE", "country": country}
        if cameo.get(country):
            e["cameo"] = cameo[country]
        e["aliases"] = aliases
        e["source"] = "iso-codes+cldr"
        out.append(e)
    write_jsonl(os.path.join(OUT, "subdivisions.jsonl"), out)
    print(f"subdivisions.jsonl: {len(out)} of {len(subs)} first-level subdivisions")


if __name__ == "__main__":
    main()
