#!/usr/bin/env python3
"""Write a JSON Lines collection of corpus-like pages for `deboiler batch`.

    python3 scripts/gen_jsonl.py --bytes 1G > pages.jsonl
    python3 scripts/gen_jsonl.py --records 2000 --bad 7 > pages.jsonl

Every record is a page from `corpus/` (HTML pages as {"html": ...}, text
documents as {"text": ...}) with an `id` ("page-<n>"), a `url` and a
`crawl` field that `deboiler batch` passes through. Each record's page gets its
number in a comment or a trailing blank line, so that no two records are
byte-identical. With --bad N, every N-th line is broken JSON instead of a
record (it must come out as an error line). Deterministic: the same
arguments write the same bytes.
"""
import argparse, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def size(text):
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    text = text.strip().upper().rstrip("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def pages():
    found = []
    corpus = os.path.join(ROOT, "corpus")
    for folder, _, files in sorted(os.walk(corpus)):
        for name in sorted(files):
            if ".expected." in name or name == "README.md":
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                body = f.read()
            field = "html" if name.endswith((".html", ".htm")) else "text"
            found.append((os.path.relpath(path, corpus), field, body))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    limit = ap.add_mutually_exclusive_group(required=True)
    limit.add_argument("--bytes", type=size, help="stop after this many bytes (1G, 500M)")
    limit.add_argument("--records", type=int, help="stop after this many lines")
    ap.add_argument("--bad", type=int, default=0, help="every N-th line is broken JSON")
    args = ap.parse_args()

    docs = pages()
    out = sys.stdout.buffer
    written = 0
    n = 0
    while True:
        if args.records is not None and n >= args.records:
            break
        if args.bytes is not None and written >= args.bytes:
            break
        n += 1
        if args.bad and n % args.bad == 0:
            line = '{"id": "page-%d", "html": "<p>cut off\n' % n
        else:
            source, field, body = docs[(n - 1) % len(docs)]
            if field == "html":
                body = body + "<!-- %d -->" % n
            else:
                body = body + "\n" * (1 + n % 2)
            record = {
                "id": "page-%d" % n,
                "url": "https://example.com/%s?n=%d" % (source, n),
                field: body,
                "crawl": "generated",
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        out.write(data)
        written += len(data)
    sys.stderr.write("%d lines, %d bytes\n" % (n, written))


if __name__ == "__main__":
    main()
