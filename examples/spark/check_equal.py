#!/usr/bin/env python3
"""Check that the Spark job's relations equal a plain `bilat run` on the same input.

    python check_equal.py INPUT.jsonl[.gz] PLAIN_DIR SPARK_DIR

PLAIN_DIR: the output of `bilat run --input INPUT --output PLAIN_DIR --reference-date D`.
SPARK_DIR: the output of `bilat_spark.py INPUT SPARK_DIR bilat --reference-date D`.

`bilat extract` is stateless and does not mark duplicates, so Spark's relation rows are
restricted to the articles the plain run marks `ok`; the two sets of rows (all 12
columns, sentiment rounded to 4 decimals) must then be equal as multisets. Every input
record must be accounted for: Spark's relation/article rows cover exactly the plain
run's articles (ok and duplicate), and its error rows the plain run's errors.
Exit 1 on any mismatch.
"""

import glob
import gzip
import json
import os
import sys

import polars as pl

COLUMNS = [
    "article_id", "date", "country_a", "country_b", "country_a_name", "country_b_name",
    "sector", "sentiment", "sentiment_label", "evidence", "source", "title",
]


def normalise(df):
    return (
        df.select(COLUMNS)
        .with_columns(
            pl.col("date").cast(pl.Date).cast(pl.String),
            pl.col("sentiment").cast(pl.Float64).round(4),
            *[pl.col(c).cast(pl.String) for c in COLUMNS if c not in ("date", "sentiment")],
        )
        .sort(COLUMNS, nulls_last=True)
    )


def read_json_rows(folder):
    files = sorted(glob.glob(os.path.join(folder, "part-*")))
    rows = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            rows.extend(json.loads(l) for l in fh if l.strip())
    return rows


def count_input_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    input_path, plain_dir, spark_dir = sys.argv[1:]
    failures = []

    def expect(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    plain_rel = pl.read_parquet(os.path.join(plain_dir, "relations.parquet"))
    plain_art = pl.read_parquet(os.path.join(plain_dir, "articles.parquet"))
    plain_err = pl.read_parquet(os.path.join(plain_dir, "errors.parquet"))
    spark_rel = pl.read_parquet(
        os.path.join(spark_dir, "relations", "**", "*.parquet"), hive_partitioning=True
    )
    spark_art = read_json_rows(os.path.join(spark_dir, "articles"))
    spark_err = read_json_rows(os.path.join(spark_dir, "errors"))

    # The Hive partition columns agree with the date.
    bad_part = spark_rel.filter(
        (pl.col("year") != pl.col("date").dt.year()) | (pl.col("month") != pl.col("date").dt.month())
    ).height
    expect(bad_part == 0, f"year=/month= partitions match each row's date ({bad_part} off)")

    # Accounting: every input line is a relation/article row or an error row.
    n_lines = count_input_lines(input_path)
    spark_ids = set(spark_rel["article_id"].to_list()) | {r["article_id"] for r in spark_art}
    plain_ids = set(plain_art["article_id"].to_list())
    expect(len(spark_ids) + len(spark_err) == n_lines,
           f"input records {n_lines} = articles {len(spark_ids)} + errors {len(spark_err)} (spark)")
    expect(plain_art.height + plain_err.height == n_lines,
           f"input records {n_lines} = articles {plain_art.height} + errors {plain_err.height} (plain run)")
    expect(spark_ids == plain_ids,
           f"spark article ids = plain article ids ({len(spark_ids ^ plain_ids)} differ)")
    expect(sorted(e["error_kind"] for e in spark_err) == sorted(plain_err["error_kind"].to_list()),
           f"error rows: {len(spark_err)} spark, {plain_err.height} plain, same kinds")

    # Equality of the relation rows, duplicates removed as the plain run does.
    ok_ids = plain_art.filter(pl.col("status") == "ok").select("article_id")
    n_dup = plain_art.height - ok_ids.height
    spark_ok = spark_rel.join(ok_ids, on="article_id", how="semi")
    a, b = normalise(spark_ok), normalise(plain_rel)
    print(f"      spark relation rows {spark_rel.height}, of ok articles {spark_ok.height}; "
          f"plain relation rows {plain_rel.height} (duplicates in plain run: {n_dup})")
    same = a.height == b.height and a.equals(b)
    if not same:
        ka = a.group_by(COLUMNS).len()
        kb = b.group_by(COLUMNS).len()
        only_spark = ka.join(kb, on=COLUMNS + ["len"], how="anti", nulls_equal=True)
        only_plain = kb.join(ka, on=COLUMNS + ["len"], how="anti", nulls_equal=True)
        print(f"      rows only in spark: {only_spark.height}; only in plain: {only_plain.height}")
        for side, df in (("spark", only_spark), ("plain", only_plain)):
            for row in df.head(5).iter_rows(named=True):
                print(f"      only in {side}: {row}")
    expect(same, f"relations equal as multisets over {len(COLUMNS)} columns ({a.height} vs {b.height} rows)")

    run = os.path.join(spark_dir, "spark_run.json")
    if os.path.exists(run):
        s = json.load(open(run))
        print(f"spark {s['master']}: {s['input_records']} records, {s['text_bytes'] / 1e6:.1f} MB of text "
              f"in {s['job_wall_s']:.2f} s: {s['records_per_s']:.0f} records/s, {s['mb_per_s']:.2f} MB/s; "
              f"per core {s['records_per_s_per_core']:.0f} records/s, {s['mb_per_s_per_core']:.2f} MB/s")
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("spark output equals the plain run")


if __name__ == "__main__":
    main()
