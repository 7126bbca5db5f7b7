#!/usr/bin/env python3
"""Mention-level check of English entity linking and discovery on hand-annotated news texts.

usage: tools/eval/en_ner.py [DIR ...] [--khabar ./target/release/khabar] [-v]

Each `*.txt` file under DIR (default: /tmp/en_ner) is one article whose names are marked inline:
`[PER John Smith]`, `[ORG Bank of England]`, `[GPE Ankara]`, `[LOC Gaza]`; `[GPE? Turkish]`
marks an optional mention (a demonym, an ambiguous word): finding it is not required and
linking it is not an error. The marks are stripped, the texts are run through
`khabar extract` and the mentions compared with the gold spans, after mapping them onto the
cleaned text (gold inside text that cleaning dropped is counted apart, as `dropped`).

Prints, over all files: exact-span recall and precision (types ignored), the share of exact
spans that also have the gold type, overlap recall (a mention and the gold span contain one
another, as tools/eval/bn_ner.py counts), and F on exact spans. A mention's possessive ending
("Egypt's": mentions cover whole inflected words) is left out before comparing, unless
--strict. `-v` lists misses and false
mentions. The annotated texts are not part of the repository: write your own (wire-style news
of any topic) and keep them outside it.
"""
import argparse, difflib, glob, json, os, re, subprocess, sys, tempfile

MARK = re.compile(r"\[(PER|ORG|GPE|LOC)(\?)? ([^\[\]]+?)\]")

ap = argparse.ArgumentParser()
ap.add_argument("dirs", nargs="*", default=["/tmp/en_ner"])
ap.add_argument("--khabar", default="./target/release/khabar")
ap.add_argument("-v", "--verbose", action="store_true")
ap.add_argument("--strict", action="store_true",
                help="count a mention with a possessive ending (\"Egypt's\") as a different span")
a = ap.parse_args()

docs = []
for d in a.dirs:
    for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
        raw = open(path, encoding="utf-8").read()
        text, gold, at = "", [], 0
        for m in MARK.finditer(raw):
            text += raw[at:m.start()]
            s = len(text)
            text += m.group(3)
            gold.append((s, len(text), m.group(1), bool(m.group(2))))
            at = m.end()
        text += raw[at:]
        docs.append((os.path.basename(path), text, gold))
if not docs:
    sys.exit(f"no *.txt files under {a.dirs}")

with tempfile.TemporaryDirectory() as d:
    src, out = os.path.join(d, "docs.jsonl"), os.path.join(d, "out.jsonl")
    with open(src, "w") as f:
        for name, text, _ in docs:
            f.write(json.dumps({"url": f"en-ner/{name}", "text": text}, ensure_ascii=False) + "\n")
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


n = dict(gold=0, found_exact=0, found_overlap=0, typed=0, pred=0, pred_ok=0, dropped=0)
misses, wrong, mistyped = [], [], []
for name, text, gold in docs:
    r = recs.get(name)
    if r is None:
        print(f"{name}: no record", file=sys.stderr)
        continue
    out_text = r.get("text", "")
    cm = char_map(text, out_text)
    ob = out_text.encode()
    # Predicted mentions as char spans of the cleaned text, with the entity's type.
    preds = []
    for e in r.get("entities", []):
        for mm in e.get("mentions", []):
            s = len(ob[: mm["start"]].decode(errors="ignore"))
            t = len(ob[: mm["end"]].decode(errors="ignore"))
            # Mentions cover whole inflected words ("Egypt's"); the gold marks the name alone.
            if not a.strict:
                for end in ("'s", "\u2019s", "'", "\u2019"):
                    if out_text[s:t].endswith(end) and t - len(end) > s:
                        t -= len(end)
                        break
            preds.append((s, t, e.get("type"), e.get("id")))
    gspans = []
    for s, t, typ, opt in gold:
        ms, mt = cm[s], cm[t]
        if ms is None or mt is None or out_text[ms:mt] != text[s:t]:
            if not opt:
                n["dropped"] += 1
            continue
        gspans.append((ms, mt, typ, opt))
    for s, t, typ, opt in gspans:
        if opt:
            continue
        n["gold"] += 1
        exact = [p for p in preds if p[0] == s and p[1] == t]
        over = [p for p in preds if max(p[0], s) < min(p[1], t)
                and ((p[0] <= s and t <= p[1]) or (s <= p[0] and p[1] <= t))]
        n["found_exact"] += bool(exact)
        n["found_overlap"] += bool(over)
        if exact and any(p[2] == typ for p in exact):
            n["typed"] += 1
        elif exact:
            mistyped.append(f"{name}: {out_text[s:t]!r} gold {typ} got {exact[0][2]} ({exact[0][3]})")
        if not exact:
            got = ", ".join(f"{out_text[p[0]:p[1]]!r}" for p in over) or "-"
            misses.append(f"{name}: {typ} {out_text[s:t]!r} (overlapping: {got})")
    for p in preds:
        n["pred"] += 1
        if any(g[0] == p[0] and g[1] == p[1] for g in gspans):
            n["pred_ok"] += 1
        elif any(g[3] and max(g[0], p[0]) < min(g[1], p[1]) for g in gspans):
            n["pred"] -= 1  # an optional gold mention: neither right nor wrong
        else:
            wrong.append(f"{name}: {p[2]} {out_text[p[0]:p[1]]!r} ({p[3]})")

if a.verbose:
    for title, rows in (("missed", misses), ("false", wrong), ("mistyped", mistyped)):
        print(f"-- {title} ({len(rows)})")
        for x in rows:
            print("  " + x)
div = lambda x, y: x / y if y else 0.0
rec, prec = div(n["found_exact"], n["gold"]), div(n["pred_ok"], n["pred"])
f = div(2 * rec * prec, rec + prec)
print(f"docs {len(docs)} gold {n['gold']} (dropped by cleaning {n['dropped']}) predicted {n['pred']}")
print(f"exact recall {rec:.3f} precision {prec:.3f} F {f:.3f}; typed {div(n['typed'], n['found_exact']):.3f} "
      f"of exact; overlap recall {div(n['found_overlap'], n['gold']):.3f}")
