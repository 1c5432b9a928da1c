#!/usr/bin/env python3
"""Run `bilat extract --stdin` over a JSON Lines corpus with Spark's RDD.pipe.

    python bilat_spark.py INPUT.jsonl[.gz] OUT_DIR /path/to/bilat [--master local[2]]

Writes
  OUT_DIR/relations/year=YYYY/month=M/part-*.parquet   the relation rows (12 columns)
  OUT_DIR/articles/part-*                              articles without any pair (JSON Lines)
  OUT_DIR/errors/part-*                                records bilat could not read (JSON Lines)
  OUT_DIR/spark_run.json                               counts and timings

Each Spark task starts one `bilat extract` process and streams its partition through it.
`bilat extract` is stateless: it does not mark duplicates (that needs the whole corpus;
`bilat run` does it). Error rows carry `spark_partition` + `line`, the line number inside
that partition's stream.

The binary must exist at the same path on every executor (on a cluster: ship it with
`--files` / `SparkFiles`, or bake it into the executor image).
"""

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import sys
import time
import urllib.request

from pyspark.sql import SparkSession
from pyspark.sql import types as T
from pyspark import StorageLevel

REL_COLUMNS = [
    "article_id", "date", "country_a", "country_b", "country_a_name", "country_b_name",
    "sector", "sentiment", "sentiment_label", "evidence", "source", "title",
]

REL_SCHEMA = T.StructType(
    [T.StructField("article_id", T.StringType(), False),
     T.StructField("date", T.DateType(), False)]
    + [T.StructField(c, T.StringType()) for c in REL_COLUMNS[2:7]]
    + [T.StructField("sentiment", T.DoubleType())]
    + [T.StructField(c, T.StringType()) for c in REL_COLUMNS[8:]]
    + [T.StructField("year", T.IntegerType(), False),
       T.StructField("month", T.IntegerType(), False)]
)


def record_type(line):
    """bilat writes compact JSON with sorted keys; a substring test avoids parsing every row."""
    for kind in ("relation", "article", "error"):
        if f'"record_type":"{kind}"' in line:
            return kind
    return json.loads(line)["record_type"]


def relation_tuples(lines):
    for line in lines:
        if record_type(line) == "relation":
            r = json.loads(line)
            d = dt.date.fromisoformat(r["date"])
            yield (r["article_id"], d, *(r.get(c) for c in REL_COLUMNS[2:]), d.year, d.month)


def tag_errors(index, lines):
    """Error rows, with the partition whose bilat process wrote them (`line` counts inside it)."""
    for line in lines:
        if record_type(line) == "error":
            row = json.loads(line)
            row["spark_partition"] = index
            yield json.dumps(row)


def text_bytes(line):
    """UTF-8 bytes of title + "\\n" + body (the text bilat reads), 0 for a bad record."""
    try:
        d = json.loads(line)
    except ValueError:
        return 0
    if not isinstance(d, dict):
        return 0
    title = d.get("title") or d.get("headline") or ""
    body = d.get("body") or d.get("text") or d.get("content") or ""
    if not isinstance(title, str) or not isinstance(body, str):
        return 0
    return len((title + "\n" + body).encode("utf-8"))


def stage_run_seconds(sc, job_group):
    """Sum of executor run time (s) over the tasks of a job group, from the Spark UI's REST API.

    This is the busy time of the task slots, i.e. core-seconds spent inside the job.
    None when the UI is disabled or unreachable."""
    url = sc.uiWebUrl
    if not url:
        return None
    try:
        base = f"{url}/api/v1/applications/{sc.applicationId}"
        jobs = json.load(urllib.request.urlopen(f"{base}/jobs", timeout=10))
        stage_ids = {s for j in jobs if j.get("jobGroup") == job_group for s in j["stageIds"]}
        total_ms = 0
        for sid in stage_ids:
            for attempt in json.load(urllib.request.urlopen(f"{base}/stages/{sid}", timeout=10)):
                if attempt.get("status") == "COMPLETE":
                    total_ms += attempt.get("executorRunTime", 0)
        return total_ms / 1000.0
    except Exception as exc:  # the figure is informative only
        print(f"(no task metrics from the Spark UI: {exc})", file=sys.stderr)
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="JSON Lines articles (.jsonl or .jsonl.gz; a folder or glob works too)")
    ap.add_argument("output", help="output folder (replaced)")
    ap.add_argument("bilat", help="path to the bilat binary (same path on every executor)")
    ap.add_argument("--master", default=os.environ.get("BILAT_SPARK_MASTER", "local[2]"))
    ap.add_argument("--partitions", type=int, default=None,
                    help="partitions to pipe through bilat (default: the master's default parallelism)")
    ap.add_argument("--reference-date", default="2026-11-27")
    ap.add_argument("--threads-per-task", type=int, default=1,
                    help="RAYON_NUM_THREADS for each bilat process (1: one core per Spark task slot)")
    args = ap.parse_args()

    if "://" not in args.output and os.path.exists(args.output):
        shutil.rmtree(args.output)

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(args.master).appName("bilat-extract")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    cores = sc.defaultParallelism
    n_parts = args.partitions or cores
    bilat = os.path.abspath(args.bilat)
    t_session = time.perf_counter() - t0

    # ---- the job: read, pipe, write (timed) ----
    sc.setJobGroup("bilat", "extract + write")
    t1 = time.perf_counter()
    lines = sc.textFile(args.input).repartition(n_parts)
    piped = lines.pipe(
        # PySpark's pipe takes one command string (shlex-split in each Python worker)
        shlex.join([bilat, "extract", "--stdin", "--reference-date", args.reference_date]),
        env={"RAYON_NUM_THREADS": str(args.threads_per_task)},
        checkCode=True,
    )
    # Only relation rows are parsed (in the Python workers, next to the pipe, which measured
    # faster here than spark.read.json on the piped lines); article and error rows are kept
    # as bilat wrote them.
    rows = piped.persist(StorageLevel.MEMORY_AND_DISK)
    (
        spark.createDataFrame(rows.mapPartitions(relation_tuples), REL_SCHEMA)
        .write.mode("overwrite")
        .partitionBy("year", "month")
        .parquet(os.path.join(args.output, "relations"))
    )
    rows.filter(lambda l: record_type(l) == "article").coalesce(1) \
        .saveAsTextFile(os.path.join(args.output, "articles"))
    rows.mapPartitionsWithIndex(tag_errors).coalesce(1) \
        .saveAsTextFile(os.path.join(args.output, "errors"))
    counts = dict(rows.map(record_type).countByValue())
    wall = time.perf_counter() - t1
    busy = stage_run_seconds(sc, "bilat")

    # ---- figures (untimed second pass over the input) ----
    sc.setJobGroup("stats", "input size")
    n_records, n_bytes = (
        sc.textFile(args.input)
        .filter(lambda l: l.strip())
        .map(lambda l: (1, text_bytes(l)))
        .reduce(lambda a, b: (a[0] + b[0], a[1] + b[1]))
    )
    rows.unpersist()
    spark.stop()

    mb = n_bytes / 1e6
    stats = {
        "master": args.master,
        "cores": cores,
        "partitions": n_parts,
        "threads_per_task": args.threads_per_task,
        "input_records": n_records,
        "text_bytes": n_bytes,
        "rows": counts,
        "session_start_s": round(t_session, 3),
        "job_wall_s": round(wall, 3),
        "records_per_s": round(n_records / wall, 1),
        "mb_per_s": round(mb / wall, 3),
        "records_per_s_per_core": round(n_records / wall / cores, 1),
        "mb_per_s_per_core": round(mb / wall / cores, 3),
        "task_busy_s": busy,
        "records_per_busy_core_s": round(n_records / busy, 1) if busy else None,
        "mb_per_busy_core_s": round(mb / busy, 3) if busy else None,
    }
    with open(os.path.join(args.output, "spark_run.json"), "w") as f:
        json.dump(stats, f, indent=2)
    print(f"spark {args.master}: {n_records} records, {mb:.1f} MB of text, "
          f"{n_parts} partitions, session start {t_session:.1f} s")
    print(f"  job wall {wall:.2f} s: {stats['records_per_s']:.0f} records/s, {stats['mb_per_s']:.2f} MB/s; "
          f"per core ({cores}): {stats['records_per_s_per_core']:.0f} records/s, "
          f"{stats['mb_per_s_per_core']:.2f} MB/s")
    if busy:
        print(f"  task time {busy:.2f} core-s: {stats['records_per_busy_core_s']:.0f} records per core-s, "
              f"{stats['mb_per_busy_core_s']:.2f} MB per core-s")
    print(f"  rows: {counts}")


if __name__ == "__main__":
    main()
