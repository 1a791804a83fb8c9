#!/usr/bin/env python3
"""Clean a JSON Lines collection on Spark, with `deboiler batch` as the mapper.

    python3 examples/spark/clean_with_spark.py INPUT OUTPUT_DIR \
        [--deboiler target/release/deboiler] [--master local[2]] [--partitions N]

Each partition's lines go through one `deboiler batch` process (RDD.pipe):
JSON lines in, one JSON line per record out, in the same order, error lines
included. Spark runs one task per core, so each process uses one thread.

On a cluster, ship the binary with the job and call it by its plain name:
    spark-submit --files target/release/deboiler \
        examples/spark/clean_with_spark.py --deboiler ./deboiler \
        hdfs:///crawl/pages.jsonl hdfs:///crawl/clean
"""
import argparse, os

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input", help="JSON Lines file or directory (gzip allowed)")
    ap.add_argument("output", help="output directory (must not exist)")
    ap.add_argument("--deboiler", default="target/release/deboiler")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--args", default="", help="extra `deboiler batch` options, e.g. --markdown")
    args = ap.parse_args()

    binary = args.deboiler
    if os.path.sep in binary and not binary.startswith("./"):
        binary = os.path.abspath(binary)  # local mode: the driver's file system
    command = f"{binary} batch --threads 1 --quiet --no-progress {args.args}".strip()

    spark = SparkSession.builder.master(args.master).appName("deboiler").getOrCreate()
    sc = spark.sparkContext
    lines = sc.textFile(args.input, minPartitions=args.partitions)
    # checkCode: a mapper that crashes fails the task (Spark retries it);
    # bad records do not, they come back as error lines.
    cleaned = lines.pipe(command, checkCode=True)
    cleaned.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
