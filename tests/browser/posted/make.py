#!/usr/bin/env python3
"""Writes documents.json: processed khabar Documents (entities and events with UTF-8 byte
spans) that the browser test POSTs to /api/admin/documents, so the timeline, network and
highlights are exercised whatever the extraction pipeline finds in the ingested fixtures.
Run: python3 tests/browser/posted/make.py (the output is committed)."""
import json, os

ACTORS = {
    "T:HAS": ("Sheikh Hasina", "PER", "BGD", "BGDGOV"),
    "T:JAI": ("S. Jaishankar", "PER", "IND", "INDGOV"),
    "T:SIS": ("Abdel Fattah el-Sisi", "PER", "EGY", "EGYGOV"),
    "T:BUR": ("Abdel Fattah al-Burhan", "PER", "SDN", "SDNMIL"),
    "T:HAF": ("Khalifa Haftar", "PER", "LBY", "LBYMIL"),
    "T:GNU": ("Government of National Unity", "ORG", "LBY", "LBYGOV"),
    "T:UN": ("United Nations", "ORG", None, "IGOUNO"),
    "T:MMR": ("Myanmar Army", "ORG", "MMR", "MMRMIL"),
    "T:BGD": ("Bangladesh", "GPE", "BGD", "BGD"),
    "T:CAI": ("Cairo", "GPE", "EGY", "EGY"),
}

def b(text, s):
    """Byte span of `s` in `text`; a tuple (s, n) takes the n-th occurrence (0-based)."""
    s, n = s if isinstance(s, tuple) else (s, 0)
    i = text.find(s)
    for _ in range(n):
        i = text.find(s, i + 1)
    assert i >= 0, s
    start = len(text[:i].encode())
    return {"start": start, "end": start + len(s.encode())}

def actor(i):
    n, _, _, code = ACTORS[i]
    return {"id": i, "name": n, "code": code}

def doc(did, lang, title, published, text, mentions, events):
    d = {"id": did, "source": f"posted/{did}", "url": f"https://{lang}.example.org/{did}",
         "format": "text", "title": title, "published": published, "lang": lang, "text": text,
         "paragraphs": [], "sentences": [], "dates": [], "entities": [], "events": [],
         "diagnostics": [], "duplicate_of": None, "story": None}
    for i, surfaces in mentions.items():
        n, kind, country, code = ACTORS[i]
        d["entities"].append({"id": i, "name": n, "kind": kind, "country": country, "cameo": code,
                              "known": True, "mentions": [b(text, s) for s in surfaces]})
    for (sent, trig, code, label, quad, gold, src, tgt, date) in events:
        d["events"].append({"code": code, "label": label, "quad_class": quad, "goldstein": gold,
            "source": actor(src), "target": actor(tgt) if tgt else None, "place": None,
            "date": date, "sentence": b(text, sent), "trigger": b(text, trig), "also": [],
            "modality": "asserted", "confidence": 0.9})
    return d

docs = []
t = "শেখ হাসিনা ঢাকায় এস জয়শঙ্করের সঙ্গে বৈঠক করেছেন।\n\nদুই দেশ বিদ্যুৎ বাণিজ্য নিয়ে একটি সমঝোতা স্মারক সই করেছে।"
docs.append(doc("post-bn-1", "bn", "হাসিনা-জয়শঙ্কর বৈঠক", "2024-01-16", t,
    {"T:HAS": ["শেখ হাসিনা"], "T:JAI": ["এস জয়শঙ্করের"]},
    [("শেখ হাসিনা ঢাকায় এস জয়শঙ্করের সঙ্গে বৈঠক করেছেন।", "বৈঠক", "040", "Consult", 1, 1.0, "T:HAS", "T:JAI", "2024-01-16"),
     ("দুই দেশ বিদ্যুৎ বাণিজ্য নিয়ে একটি সমঝোতা স্মারক সই করেছে।", "সই", "057", "Sign formal agreement", 1, 8.0, "T:JAI", "T:HAS", "2024-01-16")]))
t = "মিয়ানমারের সেনাবাহিনীর গোলা সীমান্তে পড়ার পর বাংলাদেশ কড়া প্রতিবাদ জানিয়েছে।"
docs.append(doc("post-bn-2", "bn", "সীমান্তে গোলা, প্রতিবাদ জানাল বাংলাদেশ", "2024-02-05", t,
    {"T:MMR": ["মিয়ানমারের সেনাবাহিনীর"], "T:BGD": ["বাংলাদেশ"]},
    [(t, "প্রতিবাদ", "111", "Criticize or denounce", 3, -2.0, "T:BGD", "T:MMR", "2024-02-05")]))
t = "استقبل عبد الفتاح السيسي عبد الفتاح البرهان في القاهرة.\n\nوتعهد السيسي بتقديم مساعدات إنسانية للسودان."
docs.append(doc("post-ar-1", "ar", "السيسي يستقبل البرهان", "2024-03-20", t,
    {"T:SIS": ["عبد الفتاح السيسي", ("السيسي", 1)], "T:BUR": ["عبد الفتاح البرهان"], "T:CAI": ["القاهرة"]},
    [("استقبل عبد الفتاح السيسي عبد الفتاح البرهان في القاهرة.", "استقبل", "042", "Make a visit", 1, 1.9, "T:BUR", "T:SIS", "2024-03-20"),
     ("وتعهد السيسي بتقديم مساعدات إنسانية للسودان.", "تعهد", "073", "Provide humanitarian aid", 2, 7.4, "T:SIS", "T:BUR", "2024-03-20")]))
t = "اتهم خليفة حفتر حكومة الوحدة الوطنية بعرقلة الانتخابات.\n\nوقصفت قوات حفتر مواقع في جنوب طرابلس."
docs.append(doc("post-ar-2", "ar", "حفتر يتهم حكومة الوحدة", "2024-05-02", t,
    {"T:HAF": ["خليفة حفتر", ("حفتر", 1)], "T:GNU": ["حكومة الوحدة الوطنية"]},
    [("اتهم خليفة حفتر حكومة الوحدة الوطنية بعرقلة الانتخابات.", "اتهم", "112", "Accuse", 3, -2.0, "T:HAF", "T:GNU", "2024-05-02"),
     ("وقصفت قوات حفتر مواقع في جنوب طرابلس.", "قصفت", "195", "Employ aerial weapons", 4, -10.0, "T:HAF", "T:GNU", "2024-05-01")]))
t = "The United Nations urged Abdel Fattah al-Burhan to accept a ceasefire. Burhan rejected the call."
docs.append(doc("post-en-1", "en", "UN urges Burhan to accept ceasefire", "2024-04-15", t,
    {"T:UN": ["The United Nations"], "T:BUR": ["Abdel Fattah al-Burhan", ("Burhan", 1)]},
    [("The United Nations urged Abdel Fattah al-Burhan to accept a ceasefire.", "urged", "020", "Appeal", 1, 3.0, "T:UN", "T:BUR", "2024-04-15"),
     ("Burhan rejected the call.", "rejected", "120", "Reject", 3, -4.0, "T:BUR", "T:UN", "2024-04-15")]))
t = "Sheikh Hasina met Abdel Fattah el-Sisi in Cairo. The United Nations praised the talks."
docs.append(doc("post-en-2", "en", "Hasina visits Cairo", "2024-06-11", t,
    {"T:HAS": ["Sheikh Hasina"], "T:SIS": ["Abdel Fattah el-Sisi"], "T:CAI": ["Cairo"], "T:UN": ["The United Nations"]},
    [("Sheikh Hasina met Abdel Fattah el-Sisi in Cairo.", "met", "040", "Consult", 1, 1.0, "T:HAS", "T:SIS", "2024-06-11"),
     ("The United Nations praised the talks.", "praised", "051", "Praise or endorse", 1, 3.4, "T:UN", "T:HAS", "2024-06-11")]))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "documents.json")
with open(out, "w") as f:
    json.dump(docs, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(out, len(docs))
