# %% [markdown]
# # bilat outputs in a notebook
# Load the published Parquet tables with polars and pandas, join the dimension tables,
# and plot the sentiment of the most-covered country pairs over time.
# Run after `bilat run` (default output folder `output/`):
#
#     python examples/notebook.py [OUTPUT_DIR] [PNG]

# %%
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import polars as pl

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output")
png = Path(sys.argv[2]) if len(sys.argv) > 2 else out / "top_pairs_sentiment.png"

# %% [markdown]
# ## polars: relations joined with country regions and sector labels

# %%
rel = pl.read_parquet(out / "relations.parquet") if (out / "relations.parquet").exists() else pl.scan_parquet(out / "relations", hive_partitioning=True).collect()
countries = pl.read_parquet(out / "countries.parquet")
sectors = pl.read_parquet(out / "sectors.parquet")
rel = (
    rel.join(countries.select(pl.col("iso3").alias("country_a"), pl.col("region").alias("region_a")), on="country_a", how="left")
    .join(countries.select(pl.col("iso3").alias("country_b"), pl.col("region").alias("region_b")), on="country_b", how="left")
    .join(sectors.select(pl.col("id").alias("sector"), pl.col("label").alias("sector_label")), on="sector", how="left")
)
print(rel.select("article_id", "date", "country_a", "region_a", "country_b", "region_b", "sector_label", "sentiment").head(10))

# %% [markdown]
# ## pandas: the same table, one row per article and pair

# %%
pdf = pd.read_parquet(out / "articles.parquet")
print(pdf[["article_id", "date", "countries", "n_pairs", "status"]].head())
pairs = (
    rel.unique(subset=["article_id", "country_a", "country_b"])
    .with_columns((pl.col("country_a_name") + "–" + pl.col("country_b_name")).alias("pair"))
    .to_pandas()
)

# %% [markdown]
# ## Sentiment of the top pairs by month

# %%
top = pairs["pair"].value_counts().head(6).index.tolist()
pairs["month"] = pd.to_datetime(pairs["date"]).dt.to_period("M").dt.to_timestamp()
monthly = pairs[pairs["pair"].isin(top)].groupby(["month", "pair"])["sentiment"].mean().unstack("pair")
fig, ax = plt.subplots(figsize=(9, 4.5))
if not monthly.empty:
    monthly.plot(ax=ax, marker="o")
ax.axhline(0, color="grey", linewidth=0.8)
ax.set_title("Sentiment of the most-covered country pairs, by month")
ax.set_xlabel("month")
ax.set_ylabel("mean pair sentiment (−1 … 1)")
ax.set_ylim(-1.05, 1.05)
fig.tight_layout()
fig.savefig(png, dpi=110)
print(f"wrote {png} ({len(top)} pairs)")
