#!/usr/bin/env python3
"""Side-by-side accuracy of deboiler and other extractors on the devset.

    cargo build --release
    pip install trafilatura readability-lxml justext
    python3 scripts/compare.py ../shared/devset [target/release/deboiler]

Scores, in one run, on the same pages:
  readability/  token precision / recall / F1 against gold.txt, mean and median
  snippets/     share of `with` strings found, of `without` strings absent, and
                pooled precision / recall / F1 (as trafilatura's evaluation counts)

Extractors: deboiler (the command, --format html), trafilatura (default and
favor_precision=True), readability-lxml (Document.summary, as text) and jusText
(stoplist from the page's language where the devset gives it, else English on
readability/; language-independent settings on snippets/, which are mostly not
English).
"""
import collections, json, os, re, statistics, subprocess, sys, time

devset = sys.argv[1] if len(sys.argv) > 1 else "../shared/devset"
binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/deboiler"

import trafilatura
import justext
from readability import Document
import lxml.html

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "div",
          "section", "article", "aside", "header", "footer", "nav", "main", "form", "figure",
          "figcaption", "caption", "tr", "br", "hr", "table", "ul", "ol"}

def html_to_text(html):
    if not html or not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return "\n".join(" ".join(l.split()) for l in root.text_content().split("\n") if l.strip())

def tokens(s):
    return collections.Counter(t.lower() for t in re.findall(r"\w+", s or "") if t.replace("_", ""))

def prf(pred, gold):
    p, g = tokens(pred), tokens(gold)
    overlap = sum((p & g).values())
    P = overlap / sum(p.values()) if p else 0.0
    R = overlap / sum(g.values()) if g else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return P, R, F

JUSTEXT_LANG = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
                "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "cs": "Czech",
                "ja": None, "zh": None}

def jt(html, lang):
    if lang is None:
        paras = justext.justext(html, frozenset(), stopwords_low=0, stopwords_high=0)
    else:
        paras = justext.justext(html, justext.get_stoplist(lang))
    return "\n".join(p.text for p in paras if not p.is_boilerplate)

def extractors(lang):
    return {
        "trafilatura": lambda h: trafilatura.extract(h) or "",
        "trafilatura (favor_precision)": lambda h: trafilatura.extract(h, favor_precision=True) or "",
        "readability-lxml": lambda h: html_to_text(Document(h).summary(html_partial=True)),
        "jusText": lambda h: jt(h, lang),
    }

def run_deboiler(files):
    out = {}
    for i in range(0, len(files), 200):
        chunk = files[i:i + 200]
        res = subprocess.run([binary, "--json", "--format", "html", *chunk], capture_output=True, text=True, check=True)
        for line in res.stdout.splitlines():
            doc = json.loads(line)
            out[doc["file"]] = doc["text"]
    return out

def safe(fn, html):
    try:
        return fn(html)
    except Exception:
        return ""

def readability_table():
    root = os.path.join(devset, "readability")
    cases = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    pages = [os.path.join(root, c, "page.html") for c in cases]
    ours = run_deboiler(pages)
    scores = collections.defaultdict(list)
    for case, page in zip(cases, pages):
        gold = open(os.path.join(root, case, "gold.txt"), encoding="utf-8").read()
        meta = json.load(open(os.path.join(root, case, "meta.json"), encoding="utf-8"))
        lang = JUSTEXT_LANG.get((meta.get("lang") or "en")[:2].lower(), "English")
        html = open(page, "rb").read()
        scores["deboiler"].append(prf(ours.get(page, ""), gold))
        for name, fn in extractors(lang).items():
            scores[name].append(prf(safe(fn, html), gold))
    print(f"\nreadability/: {len(cases)} pages, token P/R/F1\n")
    print("| extractor | P mean | P median | R mean | R median | F1 mean | F1 median |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, s in scores.items():
        cols = []
        for k in range(3):
            v = [x[k] for x in s]
            cols += [statistics.mean(v), statistics.median(v)]
        print(f"| {name} | " + " | ".join(f"{c:.3f}" for c in cols) + " |")

def collapse(s):
    return " ".join((s or "").split())

def snippets_table():
    root = os.path.join(devset, "snippets")
    meta = json.load(open(os.path.join(root, "snippets.json"), encoding="utf-8"))
    names = sorted(meta)
    pages = [os.path.join(root, n + ".html") for n in names]
    ours = run_deboiler(pages)
    counts = collections.defaultdict(lambda: [0, 0, 0, 0])  # tp fn fp tn
    for name, page in zip(names, pages):
        html = open(page, "rb").read()
        with_ = [collapse(w) for w in meta[name]["with"]]
        without = [collapse(w) for w in meta[name]["without"]]
        outputs = {"deboiler": ours.get(page, "")}
        for ex, fn in extractors(None).items():
            outputs[ex] = safe(fn, html)
        for ex, text in outputs.items():
            t = collapse(text)
            c = counts[ex]
            found = sum(w in t for w in with_)
            leaked = sum(w in t for w in without)
            c[0] += found; c[1] += len(with_) - found; c[2] += leaked; c[3] += len(without) - leaked
    print(f"\nsnippets/: {len(names)} pages, with / without strings\n")
    print("| extractor | with found | without absent | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for ex, (tp, fn_, fp, tn) in counts.items():
        print(f"| {ex} | {tp/(tp+fn_):.3f} | {tn/(tn+fp):.3f} | {tp/(tp+fp):.3f} | {tp/(tp+fn_):.3f} | {2*tp/(2*tp+fp+fn_):.3f} |")

if __name__ == "__main__":
    print(time.strftime("%Y-%m-%d"), "trafilatura", trafilatura.__version__)
    readability_table()
    snippets_table()
