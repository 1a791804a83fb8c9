#!/usr/bin/env python3
"""Check a `deboiler batch` output against its JSON Lines input.

    python3 examples/spark/check.py INPUT.jsonl OUTPUT   (a file or a Spark output directory)

Records in == records out: one output line per non-blank input line, in the
same order; records that parse keep their `id` and get a `text`; lines that
are not JSON come back as error lines with a reason. Exits 1 on any mismatch.
"""
import glob, json, os, sys


def output_lines(path):
    files = sorted(glob.glob(os.path.join(path, "part-*"))) if os.path.isdir(path) else [path]
    for name in files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                yield line


def main():
    source, target = sys.argv[1], sys.argv[2]
    inputs = []
    with open(source, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                try:
                    inputs.append(json.loads(line).get("id"))
                except ValueError:
                    inputs.append(ValueError)
    outputs = [json.loads(line) for line in output_lines(target)]
    problems = []
    if len(outputs) != len(inputs):
        problems.append(f"{len(inputs)} records in, {len(outputs)} out")
    cleaned = errors = 0
    for i, (want, got) in enumerate(zip(inputs, outputs), 1):
        if want is ValueError:
            if "error" not in got or not got["error"].get("reason"):
                problems.append(f"record {i}: broken input without an error line: {got}")
            errors += 1
        else:
            if got.get("id") != want:
                problems.append(f"record {i}: id {got.get('id')!r}, expected {want!r}")
            elif not isinstance(got.get("text"), str):
                problems.append(f"record {i}: no text: {got}")
            cleaned += 1
    for p in problems[:20]:
        print("MISMATCH", p)
    print(f"{len(inputs)} records in, {len(outputs)} out: {cleaned} cleaned, {errors} error lines, "
          f"{len(problems)} mismatches")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
