"""Shared helpers for the KB generators: source locations, script checks, JSONL writing."""
import json
import os
import re
import subprocess
import unicodedata

CLDR_MAIN = os.environ.get("CLDR_MAIN", "/usr/share/unicode/cldr/common/main")
LOCALE_DIR = os.environ.get("LOCALE_DIR", "/usr/share/locale")
ISO_JSON = os.environ.get("ISO_JSON", "/usr/share/iso-codes/json/iso_3166-1.json")
NODE_MODULES = os.environ.get("KB_NODE_MODULES", "/tmp/kbsrc/node_modules")
CITIES_JSON = os.environ.get("KB_CITIES_JSON", "/tmp/kbsrc/cities.json")
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(REPO, "data", "kb")

# Languages the KB carries names for (CLDR / iso-codes / i18n-iso-countries codes).
LANGS = ["en", "bn", "ar", "ru", "fr", "es", "fa", "ur", "hi", "tr", "de", "zh", "he", "uk",
         "pt", "it", "id", "sw", "ha", "am", "ps"]

# A name in these languages must contain a letter of this script (drops untranslated fallbacks).
SCRIPT = {
    "bn": "BENGALI", "ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "ps": "ARABIC",
    "ru": "CYRILLIC", "uk": "CYRILLIC", "hi": "DEVANAGARI", "he": "HEBREW", "zh": "CJK",
    "am": "ETHIOPIC",
}

INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"), None)


def clean(s):
    """NFC, invisible direction marks removed, whitespace collapsed."""
    s = unicodedata.normalize("NFC", s).translate(INVISIBLE)
    return re.sub(r"\s+", " ", s).strip()


def script_ok(lang, s):
    want = SCRIPT.get(lang)
    if want is None:
        return any(c.isalpha() for c in s)
    for c in s:
        if c.isalpha():
            n = unicodedata.name(c, "")
            if n.startswith(want):
                return True
    return False


def mo_dict(domain, lang):
    """msgid → msgstr of /usr/share/locale/<lang>/LC_MESSAGES/<domain>.mo via msgunfmt."""
    path = os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", domain + ".mo")
    if not os.path.exists(path):
        return {}
    po = subprocess.run(["msgunfmt", "--no-wrap", path], capture_output=True, text=True, check=True).stdout
    out = {}
    mid = None
    for line in po.splitlines():
        if line.startswith("msgid "):
            mid = json.loads(line[6:])
        elif line.startswith("msgstr ") and mid:
            val = json.loads(line[7:])
            if val:
                out[mid] = val
            mid = None
    return out


def add(aliases, lang, name):
    name = clean(name)
    if not name or not script_ok(lang, name) or (lang in ("zh", "ja") and len(name) < 2):
        return
    lst = aliases.setdefault(lang, [])
    if name not in lst:
        lst.append(name)


def write_jsonl(path, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for e in entries:
            f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
