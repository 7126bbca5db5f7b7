#!/usr/bin/env python3
"""Mention-level check of entity discovery on the Bengali NER data in shared/corpus/external.

usage: tools/eval/bn_ner.py [--from N] [--to M] [--khabar ./target/release/khabar]

Takes sentences N..M of ../shared/corpus/external/bn-ner/train.txt (token<TAB>tag), joins them
eight to a document, runs `khabar extract` on them and compares mentions with the gold PER, LOC
and ORG spans: a gold span is found when a mention's text and it contain one another; a mention
is right when it overlaps a gold span that way. Types are not compared (the gold's conventions,
e.g. "police" as ORG, are not the KB's). Prints recall per type, precision, F. Nothing is written
into the repository.

The same figures for a model that is not built in yet (no rebuild):
  cargo run --release -p khabar-extract --example train_ner -- TRAIN.txt --model M.gz --eval 0..800
and, for error analysis on a range held out of a model's training other than 0..800:
  ... train_ner -- TRAIN.txt --from 1600 -o /tmp/m.gz --eval 800..1600 --misses
"""
import argparse, json, os, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--from", dest="lo", type=int, default=0)
ap.add_argument("--to", dest="hi", type=int, default=800)
ap.add_argument("--khabar", default="./target/release/khabar")
ap.add_argument("--show", action="store_true", help="print missed gold spans and wrong mentions (for error analysis off the held-out range)")
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/corpus/external/bn-ner/train.txt"))
a = ap.parse_args()

sents, cur = [], []
for line in open(a.data, encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 2:
        if cur:
            sents.append(cur)
            cur = []
        continue
    cur.append((parts[0], parts[-1]))
if cur:
    sents.append(cur)

docs = []
sample = sents[a.lo:a.hi]
for i in range(0, len(sample), 8):
    text, spans = "", []
    for s in sample[i:i + 8]:
        if text:
            text += " "
        toks = []
        for tok, tag in s:
            if toks:
                text += " "
            b = len(text.encode())
            text += tok
            toks.append((b, len(text.encode()), tag))
        open_span = None
        for b, e, tag in toks:
            t = tag.split("-")[-1]
            if t in ("PER", "LOC", "ORG"):
                if open_span and open_span[2] == t and not tag.startswith("B-"):
                    open_span[1] = e
                else:
                    if open_span:
                        spans.append(tuple(open_span))
                    open_span = [b, e, t]
            elif open_span:
                spans.append(tuple(open_span))
                open_span = None
        if open_span:
            spans.append(tuple(open_span))
    docs.append((text, spans))

with tempfile.TemporaryDirectory() as d:
    src, out = os.path.join(d, "docs.jsonl"), os.path.join(d, "out.jsonl")
    with open(src, "w") as f:
        for i, (text, _) in enumerate(docs):
            f.write(json.dumps({"url": f"bn-ner-{i}", "text": text}, ensure_ascii=False) + "\n")
    subprocess.run([a.khabar, "extract", src, "-o", out], check=True, stderr=subprocess.DEVNULL)
    recs = [json.loads(l) for l in open(out)]

found, total, right, predicted = {}, {}, 0, 0
for (text, spans), r in zip(docs, recs):
    raw = text.encode()
    gold = [(raw[b:e].decode(), t) for b, e, t in spans]
    preds = [m["text"] for e in r.get("entities", []) for m in e["mentions"]]
    for g, t in gold:
        total[t] = total.get(t, 0) + 1
        if any((p in g or g in p) and len(p) >= 2 for p in preds):
            found[t] = found.get(t, 0) + 1
        elif a.show:
            print(f"MISS {t}\t{g}")
    for p in preds:
        predicted += 1
        ok = any(p in g or g in p for g, _ in gold)
        right += ok
        if a.show and not ok:
            print(f"WRONG\t{p}")
rec = sum(found.values()) / max(sum(total.values()), 1)
prec = right / max(predicted, 1)
f = 2 * rec * prec / max(rec + prec, 1e-9)
for t in sorted(total):
    print(f"{t}: {found.get(t, 0)} / {total[t]}")
print(f"recall {rec:.3f} precision {prec:.3f} F {f:.3f} ({len(docs)} documents)")
