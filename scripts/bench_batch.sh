#!/usr/bin/env bash
# Throughput of `deboiler batch` on 1, 2 and all cores over a generated
# JSON Lines file of corpus pages (default 1 GB): MB/s, pages/s, peak RSS.
#
#     bash scripts/bench_batch.sh [SIZE]        e.g. 1G (default), 200M
#
# Needs GNU time (/usr/bin/time) for the peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-1G}"
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/gen_jsonl.py --bytes "$size" > "$work/pages.jsonl" 2> "$work/gen.log"
bytes=$(stat -c %s "$work/pages.jsonl")
records=$(wc -l < "$work/pages.jsonl")
all=$(nproc)
echo "input: $bytes bytes, $records records; $all cores"
printf '%-8s %10s %10s %12s %14s\n' threads seconds "MB/s" "pages/s" "peak RSS MB"
for threads in 1 2 "$all"; do
    /usr/bin/time -f '%e %M' -o "$work/time" \
        target/release/deboiler batch --quiet --threads "$threads" "$work/pages.jsonl" -o "$work/out.jsonl"
    read -r secs rss_kb < "$work/time"
    out=$(wc -l < "$work/out.jsonl")
    [ "$out" -eq "$records" ] || { echo "records in $records != out $out" >&2; exit 1; }
    awk -v t="$threads" -v s="$secs" -v b="$bytes" -v r="$records" -v m="$rss_kb" \
        'BEGIN { printf "%-8s %10.1f %10.1f %12.0f %14.1f\n", t, s, b / s / 1e6, r / s, m / 1024 }'
done
