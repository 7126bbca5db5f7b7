#!/usr/bin/env python3
"""Mention-level check of Arabic entity linking and discovery on hand-annotated news texts.

usage: tools/eval/ar_ner.py [DIR ...] [--khabar ./target/release/khabar] [-v] [--strict]

Each `*.txt` file under DIR (default: /tmp/ar_ner/dev) is one article whose names are marked
inline as in tools/eval/en_ner.py: `[PER نبيل فرسخ]`, `[ORG وزارة الصحة]`, `[GPE بيروت]`,
`[LOC البحر الأحمر]`; `[GPE? المصري]` marks an optional mention (a nisba demonym, an ambiguous
word): finding it is not required and linking it is not an error. Proclitics stay outside the
marks (`و[GPE القاهرة]`, `ب[PER خليفة حفتر]`). The marks are stripped, the texts are run
through `khabar extract`, and mentions are compared with the gold spans after mapping them onto
the cleaned text (gold inside text that cleaning dropped is counted apart, as `dropped`).

Spans are compared with their leading proclitic chain and article set aside (و ف, then ب ل ك,
then ال or the ل of لل), since the linker may start a mention at the article or after it
(للجامعة -> جامعة); `--strict` compares raw spans. GPE and LOC count as one type (places), as
in ANERcorp-style sets.

Prints, over all files: recall per type (exact spans), precision, exact-span F, the share of
exact spans with the right type, and lenient F (a mention and a gold span contain one another).
A linked country's nisba adjective the gold does not mark is not counted either way.
`-v` lists misses and false mentions. The annotated texts are not part of the repository:
write your own (wire-style Arabic news) and keep them outside it.
"""
import argparse, difflib, glob, json, os, re, subprocess, sys, tempfile

MARK = re.compile(r"\[(PER|ORG|GPE|LOC)(\?)? ([^\[\]]+?)\]")
CLITICS = re.compile(r"^(?:[وف])?(?:[بلك])?(?:ال|(?<=ل)ل)?")

ap = argparse.ArgumentParser()
ap.add_argument("dirs", nargs="*", default=["/tmp/ar_ner/dev"])
ap.add_argument("--khabar", default="./target/release/khabar")
ap.add_argument("-v", "--verbose", action="store_true")
ap.add_argument("--strict", action="store_true", help="compare raw spans, clitics included")
a = ap.parse_args()


def kind(t):
    return "LOC" if t in ("GPE", "LOC") else t


docs = []
for d in a.dirs:
    for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
        raw = open(path, encoding="utf-8").read()
        text, gold, at = "", [], 0
        for m in MARK.finditer(raw):
            text += raw[at:m.start()]
            s = len(text)
            text += m.group(3)
            gold.append((s, len(text), kind(m.group(1)), bool(m.group(2))))
            at = m.end()
        text += raw[at:]
        docs.append((os.path.basename(path), text, gold))
if not docs:
    sys.exit(f"no *.txt files under {a.dirs}")

with tempfile.TemporaryDirectory() as d:
    src, out = os.path.join(d, "docs.jsonl"), os.path.join(d, "out.jsonl")
    with open(src, "w") as f:
        for name, text, _ in docs:
            f.write(json.dumps({"url": f"ar-ner/{name}", "text": text}, ensure_ascii=False) + "\n")
    subprocess.run([a.khabar, "extract", src, "-o", out], check=True, stderr=subprocess.DEVNULL)
    recs = {}
    for line in open(out):
        rec = json.loads(line)
        recs[(rec.get("url") or "").rsplit("/", 1)[-1]] = rec


def char_map(src, dst):
    """Map char offsets of `src` to offsets of `dst` (None where the text was dropped)."""
    m = [None] * (len(src) + 1)
    sm = difflib.SequenceMatcher(None, src, dst, autojunk=False)
    for i, j, n in sm.get_matching_blocks():
        for k in range(n + 1):
            if i + k <= len(src):
                m[i + k] = j + k
    return m


def key(text, s, t):
    """The span with its clitics set aside (unless --strict), as a comparison key."""
    if a.strict:
        return (s, t)
    m = CLITICS.match(text[s:t])
    k = len(m.group(0)) if m else 0
    if t - (s + k) < 2:
        k = 0
    return (s + k, t)


types = ("PER", "ORG", "LOC")
n = dict(gold=0, found_exact=0, found_overlap=0, typed=0, pred=0, pred_ok=0, pred_lenient=0, dropped=0)
per_type = {t: [0, 0] for t in types}
misses, wrong, mistyped = [], [], []
for name, text, gold in docs:
    r = recs.get(name)
    if r is None:
        print(f"{name}: no record", file=sys.stderr)
        continue
    out_text = r.get("text", "")
    cm = char_map(text, out_text)
    ob = out_text.encode()
    preds = []
    for e in r.get("entities", []):
        for mm in e.get("mentions", []):
            s = len(ob[: mm["start"]].decode(errors="ignore"))
            t = len(ob[: mm["end"]].decode(errors="ignore"))
            preds.append((s, t, kind(e.get("type")), e.get("id"), key(out_text, s, t)))
    gspans = []
    for s, t, typ, opt in gold:
        ms, mt = cm[s], cm[t]
        if ms is None or mt is None or out_text[ms:mt] != text[s:t]:
            if not opt:
                n["dropped"] += 1
            continue
        gspans.append((ms, mt, typ, opt, key(out_text, ms, mt)))
    contain = lambda p, g: max(p[0], g[0]) < min(p[1], g[1]) and (
        (p[0] <= g[0] and g[1] <= p[1]) or (g[0] <= p[0] and p[1] <= g[1]))
    for g in gspans:
        s, t, typ, opt, k = g
        if opt:
            continue
        n["gold"] += 1
        per_type[typ][1] += 1
        exact = [p for p in preds if p[4] == k]
        over = [p for p in preds if contain(p, g)]
        n["found_exact"] += bool(exact)
        per_type[typ][0] += bool(exact)
        n["found_overlap"] += bool(over)
        if exact and any(p[2] == typ for p in exact):
            n["typed"] += 1
        elif exact:
            mistyped.append(f"{name}: {out_text[s:t]!r} gold {typ} got {exact[0][2]} ({exact[0][3]})")
        if not exact:
            got = ", ".join(f"{out_text[p[0]:p[1]]!r}" for p in over) or "-"
            misses.append(f"{name}: {typ} {out_text[s:t]!r} (overlapping: {got})")
    for p in preds:
        # A country's nisba adjective (مصري, الإسرائيلية) not marked in the gold: not counted.
        if re.fullmatch(r"[A-Z]{3}", p[3] or "") and re.search(r"(ي|ية|يين|يون|يان)$", out_text[p[0]:p[1]]) \
                and not any(max(g[0], p[0]) < min(g[1], p[1]) for g in gspans):
            continue
        if any(g[3] and max(g[0], p[0]) < min(g[1], p[1]) for g in gspans) and not any(
                g[4] == p[4] for g in gspans if not g[3]):
            continue  # an optional gold mention: neither right nor wrong
        n["pred"] += 1
        if any(g[4] == p[4] for g in gspans):
            n["pred_ok"] += 1
        else:
            wrong.append(f"{name}: {p[2]} {out_text[p[0]:p[1]]!r} ({p[3]})")
        if any(contain(p, g) for g in gspans):
            n["pred_lenient"] += 1

if a.verbose:
    for title, rows in (("missed", misses), ("false", wrong), ("mistyped", mistyped)):
        print(f"-- {title} ({len(rows)})")
        for x in rows:
            print("  " + x)
div = lambda x, y: x / y if y else 0.0
f1 = lambda p, r: div(2 * p * r, p + r)
rec, prec = div(n["found_exact"], n["gold"]), div(n["pred_ok"], n["pred"])
lrec, lprec = div(n["found_overlap"], n["gold"]), div(n["pred_lenient"], n["pred"])
print(f"docs {len(docs)} gold {n['gold']} (dropped by cleaning {n['dropped']}) predicted {n['pred']}")
print("recall " + " ".join(f"{t} {div(*per_type[t]):.3f} ({per_type[t][0]}/{per_type[t][1]})" for t in types))
print(f"exact recall {rec:.3f} precision {prec:.3f} F {f1(prec, rec):.3f}; typed "
      f"{div(n['typed'], n['found_exact']):.3f} of exact; lenient recall {lrec:.3f} precision "
      f"{lprec:.3f} F {f1(lprec, lrec):.3f}")
