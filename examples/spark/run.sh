#!/usr/bin/env bash
# End-to-end check of the Spark recipe on generated data, in Spark's local
# mode. One command on a fresh machine (Rust, Python 3 and Java 17+):
#
#     bash examples/spark/run.sh [RECORDS]
#
# Builds deboiler, installs pyspark into target/spark-venv when it is not
# importable, writes RECORDS (default 5000) corpus pages with every 97th line
# broken, cleans them through RDD.pipe on 4 partitions and checks records in
# == records out, in order, ids kept, broken lines as error lines.
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-5000}"

command -v java >/dev/null || { echo "run.sh: Spark needs Java 17 or later (java not found)" >&2; exit 2; }
cargo build --release --quiet

python=python3
if ! "$python" -c "import pyspark" 2>/dev/null; then
    if [ ! -x target/spark-venv/bin/python ]; then
        python3 -m venv target/spark-venv
        target/spark-venv/bin/pip install --quiet pyspark
    fi
    python=target/spark-venv/bin/python
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_jsonl.py --records "$records" --bad 97 > "$work/pages.jsonl"
"$python" examples/spark/clean_with_spark.py --master 'local[2]' --partitions 4 \
    --deboiler target/release/deboiler "$work/pages.jsonl" "$work/clean" 2> "$work/spark.log" \
    || { tail -40 "$work/spark.log" >&2; exit 1; }
"$python" examples/spark/check.py "$work/pages.jsonl" "$work/clean"
