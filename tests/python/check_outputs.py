#!/usr/bin/env python3
"""Read every published table with pyarrow, pandas, polars and DuckDB and check that all
four see the same rows and the types the data contract promises.

usage: check_outputs.py OUTPUT_DIR
"""
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ["relations", "articles", "errors", "pair_sector_month", "pair_summary", "countries", "sectors"]

def is_text(t):
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def is_list(t):
    return pa.types.is_list(t) or pa.types.is_large_list(t)


# column -> (arrow type check, polars dtype, duckdb type)
EXPECT = {
    "relations": {
        "date": (pa.types.is_date32, pl.Date, "DATE"),
        "sentiment": (pa.types.is_float64, pl.Float64, "DOUBLE"),
        "country_a": (is_text, pl.String, "VARCHAR"),
        "sector": (is_text, pl.String, "VARCHAR"),
    },
    "articles": {
        "date": (pa.types.is_date32, pl.Date, "DATE"),
        "n_sentences": (pa.types.is_integer, pl.UInt32, "UINTEGER"),
        "n_pairs": (pa.types.is_integer, pl.UInt32, "UINTEGER"),
        "countries": (is_list, pl.List(pl.String), "VARCHAR[]"),
    },
    "errors": {"line": (pa.types.is_integer, pl.UInt64, "UBIGINT")},
    "pair_sector_month": {
        "n_articles": (pa.types.is_integer, pl.UInt32, "UINTEGER"),
        "mean_sentiment": (pa.types.is_float64, pl.Float64, "DOUBLE"),
    },
    "pair_summary": {
        "first_date": (pa.types.is_date32, pl.Date, "DATE"),
        "n_articles": (pa.types.is_integer, pl.UInt32, "UINTEGER"),
    },
    "countries": {"iso3": (is_text, pl.String, "VARCHAR")},
    "sectors": {"id": (is_text, pl.String, "VARCHAR")},
}

SPEC_RELATIONS = ["article_id", "date", "country_a", "country_b", "country_a_name", "country_b_name",
                  "sector", "sentiment", "sentiment_label", "evidence", "source", "title"]


def main(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text())
    checked = 0
    for t in TABLES:
        path = out / f"{t}.parquet"
        if not path.exists():
            assert t == "relations" and (out / "relations").is_dir(), f"{path} missing"
            continue
        at = pq.read_table(path)
        pdf = pd.read_parquet(path)
        pldf = pl.read_parquet(path)
        con = duckdb.connect()
        n_duck = con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
        duck_types = dict(con.execute(f"select column_name, column_type from (describe select * from read_parquet('{path}'))").fetchall())
        rows = {at.num_rows, len(pdf), pldf.height, n_duck}
        assert len(rows) == 1, f"{t}: readers disagree on rows {rows}"
        assert at.num_rows == manifest["rows"][t], f"{t}: {at.num_rows} rows, manifest says {manifest['rows'][t]}"
        assert list(pdf.columns) == pldf.columns == at.column_names == list(duck_types), f"{t}: column names differ"
        for col, (arrow_ok, pl_type, duck_type) in EXPECT.get(t, {}).items():
            assert arrow_ok(at.schema.field(col).type), f"{t}.{col}: arrow type {at.schema.field(col).type}"
            assert pldf.schema[col] == pl_type, f"{t}.{col}: polars {pldf.schema[col]} != {pl_type}"
            assert duck_types[col] == duck_type, f"{t}.{col}: duckdb {duck_types[col]} != {duck_type}"
        md = pq.read_metadata(path)
        kv = {k.decode(): v.decode() for k, v in (md.metadata or {}).items()}
        assert kv.get("bilat.schema_version") == manifest["schema_version"], f"{t}: schema version metadata {kv}"
        if md.num_row_groups:
            col0 = md.row_group(0).column(0)
            assert col0.compression.upper() == "SNAPPY", f"{t}: compression {col0.compression}"
        if t == "relations" and md.num_row_groups:
            rg = md.row_group(0)
            for i in range(rg.num_columns):
                c = rg.column(i)
                if c.path_in_schema in ("country_a", "country_b", "sector"):
                    assert "RLE_DICTIONARY" in c.encodings, (c.path_in_schema, c.encodings)
        checked += 1
        print(f"ok  {t:<18} {at.num_rows:>7} rows  pyarrow=pandas=polars=duckdb")
    rel_cols = pl.read_csv(out / "relations.csv", n_rows=0, encoding="utf8-lossy").columns
    assert [c.lstrip("\ufeff") for c in rel_cols] == SPEC_RELATIONS, rel_cols
    hive = out / "relations"
    if hive.is_dir():
        n_csv = manifest["rows"]["relations"]
        con = duckdb.connect()
        n = con.execute(f"select count(*) from read_parquet('{hive}/**/*.parquet', hive_partitioning=true)").fetchone()[0]
        cols = [r[0] for r in con.execute(f"describe select * from read_parquet('{hive}/**/*.parquet', hive_partitioning=true)").fetchall()]
        assert n == n_csv and "year" in cols, (n, n_csv, cols)
        lf = pl.scan_parquet(hive, hive_partitioning=True)
        assert lf.select(pl.len()).collect().item() == n_csv
        assert "year" in lf.collect_schema().names()
        print(f"ok  relations/ (hive)  {n:>7} rows  duckdb=polars, partition columns present")
    countries = (out / "countries.csv").read_text(encoding="utf-8-sig")
    for name in ["Côte d'Ivoire", "São Tomé and Príncipe", "Türkiye"]:
        assert name in countries, name
    print(f"checked {checked} tables")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
