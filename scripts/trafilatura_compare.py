#!/usr/bin/env python3
"""Side-by-side helper for scripts/trafilatura-bench.sh.

  trafilatura_compare.py extract HTML_DIR OUT.jsonl
      Run trafilatura.extract over every .html file under HTML_DIR in one process (sorted
      order), timed; write {"stem", "text"} lines and print pages/s on stderr as JSON.
  trafilatura_compare.py compare TRAF.jsonl KHABAR.jsonl STORY_DIR
      Token-set Jaccard per page between the two outputs, and of each against the generated
      story text (what a perfect cleaner keeps); print a JSON summary.

Tokens: whitespace-separated, stripped of punctuation, lowercased; the same for both tools.
"""
import json
import os
import sys
import time
import unicodedata


def stem_of(path):
    base = os.path.basename(path)
    return base.split(".", 1)[0]


def tokens(text):
    out = set()
    for t in (text or "").split():
        t = "".join(c for c in t if not unicodedata.category(c).startswith("P")).lower()
        if t:
            out.add(t)
    return out


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / max(1, len(a | b))


def extract(html_dir, out_path):
    import trafilatura

    files = []
    for root, _, names in os.walk(html_dir):
        files += [os.path.join(root, n) for n in names if n.endswith(".html")]
    files.sort()
    pages = [(f, open(f, encoding="utf-8", errors="replace").read()) for f in files]
    nbytes = sum(len(h.encode("utf-8")) for _, h in pages)
    start = time.perf_counter()
    results = []
    for f, html in pages:
        text = trafilatura.extract(html, include_comments=False, include_tables=False)
        results.append((f, text or ""))
    secs = time.perf_counter() - start
    with open(out_path, "w", encoding="utf-8") as o:
        for f, text in results:
            o.write(json.dumps({"stem": stem_of(f), "text": text}, ensure_ascii=False) + "\n")
    print(json.dumps({"pages": len(pages), "mb": nbytes / 1048576, "secs": secs,
                      "pages_per_s": len(pages) / secs if secs else 0.0}), file=sys.stderr)


def compare(traf_path, khabar_path, story_dir):
    traf = {}
    for line in open(traf_path, encoding="utf-8"):
        r = json.loads(line)
        traf[r["stem"]] = r["text"]
    kh = {}
    for line in open(khabar_path, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        r = json.loads(line)
        kh[stem_of(r.get("source", ""))] = r.get("text", "")
    gold = {}
    for root, _, names in os.walk(story_dir):
        for n in names:
            gold[stem_of(n)] = open(os.path.join(root, n), encoding="utf-8").read()
    stems = sorted(set(traf) & set(kh))
    agree = 0
    sims = []
    t_good = k_good = 0
    t_sum = k_sum = 0.0
    per_lang = {}
    for s in stems:
        j = jaccard(tokens(traf[s]), tokens(kh[s]))
        sims.append(j)
        agree += j >= 0.8
        g = tokens(gold.get(s, ""))
        tj = jaccard(tokens(traf[s]), g)
        kj = jaccard(tokens(kh[s]), g)
        t_sum += tj
        k_sum += kj
        t_good += tj >= 0.8
        k_good += kj >= 0.8
        lang = s.rsplit("-", 1)[-1]
        pl = per_lang.setdefault(lang, {"pages": 0, "agree": 0, "traf_vs_story": 0.0, "khabar_vs_story": 0.0})
        pl["pages"] += 1
        pl["agree"] += j >= 0.8
        pl["traf_vs_story"] += tj
        pl["khabar_vs_story"] += kj
    n = max(1, len(stems))
    for pl in per_lang.values():
        pl["traf_vs_story"] = round(pl["traf_vs_story"] / pl["pages"], 3)
        pl["khabar_vs_story"] = round(pl["khabar_vs_story"] / pl["pages"], 3)
    print(json.dumps({
        "pages_compared": len(stems),
        "agreement_jaccard_ge_0.8": round(agree / n, 3),
        "mean_jaccard_between": round(sum(sims) / n, 3),
        "trafilatura_vs_story_mean": round(t_sum / n, 3),
        "khabar_vs_story_mean": round(k_sum / n, 3),
        "trafilatura_vs_story_ge_0.8": round(t_good / n, 3),
        "khabar_vs_story_ge_0.8": round(k_good / n, 3),
        "per_lang": per_lang,
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "extract":
        extract(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
