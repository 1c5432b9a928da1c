//! `bilat aggregate`: the derived tables (`pair_sector_month`, `pair_summary`) from a
//! `relations` Parquet dataset written by anyone — one file, a glob of shard outputs, or
//! a Hive-partitioned folder — with a polars lazy scan that reads only the columns it
//! needs.

use crate::export::{write_table, Format};
use anyhow::{Context, Result};
use polars::prelude::*;
use std::path::{Path, PathBuf};

/// Scan a relations dataset: a file, a glob, or a (Hive-partitioned) folder.
pub fn scan(input: &Path) -> Result<LazyFrame> {
    let s = input.to_string_lossy().into_owned();
    let source = if input.is_dir() { format!("{}/**/*.parquet", s.trim_end_matches('/')) } else { s };
    let args = ScanArgsParquet { hive_options: HiveOptions::new_enabled(), ..Default::default() };
    LazyFrame::scan_parquet(PlRefPath::new(&source), args).map_err(|e| anyhow::anyhow!("scanning {source}: {e}"))
}

/// The mean of sentiments (already rounded to 4 decimals) computed on exact integer sums,
/// so the result does not depend on row order: a sharded run and a single run agree to
/// the last digit.
fn exact_mean(c: &str, n: Expr) -> Expr {
    ((col(c) * lit(10_000.0)).round(0, RoundMode::HalfToEven).cast(DataType::Int64).sum().cast(DataType::Float64)
        / n.cast(DataType::Float64)
        / lit(10_000.0))
    .round(4, RoundMode::HalfToEven)
}

/// pair_sector_month: per pair, sector and month, distinct articles, rows, mean sentiment.
pub fn pair_sector_month(rel: LazyFrame) -> LazyFrame {
    rel.select([col("article_id"), col("date"), col("country_a"), col("country_b"), col("sector"), col("sentiment")])
        .with_column(col("date").dt().to_string("%Y-%m").alias("month"))
        .group_by([col("country_a"), col("country_b"), col("sector"), col("month")])
        .agg([
            col("article_id").n_unique().cast(DataType::UInt32).alias("n_articles"),
            len().cast(DataType::UInt32).alias("n_rows"),
            exact_mean("sentiment", len()).alias("mean_sentiment"),
        ])
        .sort(["country_a", "country_b", "sector", "month"], SortMultipleOptions::default())
}

/// pair_summary: per pair, first/last date, articles, mean sentiment per article, top sectors.
pub fn pair_summary(rel: LazyFrame) -> LazyFrame {
    let per_article = rel
        .clone()
        .group_by([col("country_a"), col("country_b"), col("article_id")])
        .agg([col("date").first().alias("date"), col("sentiment").first().alias("sentiment")]);
    let top = rel
        .group_by([col("country_a"), col("country_b"), col("sector")])
        .agg([len().alias("n")])
        .sort_by_exprs(
            [col("country_a"), col("country_b"), col("n"), col("sector")],
            SortMultipleOptions::default().with_order_descending_multi([false, false, true, false]),
        )
        .group_by_stable([col("country_a"), col("country_b")])
        .agg([col("sector").head(Some(3)).alias("top")])
        .select([col("country_a"), col("country_b"), col("top").list().join(lit(";"), true).alias("top_sectors")]);
    per_article
        .group_by([col("country_a"), col("country_b")])
        .agg([
            col("date").min().alias("first_date"),
            col("date").max().alias("last_date"),
            len().cast(DataType::UInt32).alias("n_articles"),
            exact_mean("sentiment", len()).alias("mean_sentiment"),
        ])
        .join(top, [col("country_a"), col("country_b")], [col("country_a"), col("country_b")], JoinArgs::new(JoinType::Left))
        .sort(["country_a", "country_b"], SortMultipleOptions::default())
}

/// Build and write both tables.
pub fn run(input: &Path, output: &PathBuf, formats: &[Format]) -> Result<()> {
    std::fs::create_dir_all(output).with_context(|| format!("creating {}", output.display()))?;
    let rel = scan(input)?;
    let mut psm = pair_sector_month(rel.clone()).collect().map_err(|e| anyhow::anyhow!("pair_sector_month: {e}"))?;
    let mut summary = pair_summary(rel).collect().map_err(|e| anyhow::anyhow!("pair_summary: {e}"))?;
    write_table(output, "pair_sector_month", &mut psm, formats)?;
    write_table(output, "pair_summary", &mut summary, formats)?;
    tracing::info!("pair_sector_month {} rows, pair_summary {} rows → {}", psm.height(), summary.height(), output.display());
    Ok(())
}
