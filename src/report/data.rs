//! What the report shows, read from a published output folder: `manifest.json` and the
//! Parquet tables (`pair_summary`, `pair_sector_month`, `relations`, `articles`,
//! `countries`, `sectors`), turned into plain Rust values the charts draw from.
//!
//! Every query is a polars lazy scan that reads only the columns it needs; all columns
//! are cast to strings, floats or counts before leaving polars so the charts never see a
//! polars type.

use anyhow::{anyhow, Context, Result};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How many pairs the bar charts show.
pub const TOP_BARS: usize = 15;
/// How many pairs the time series shows (more lines are unreadable).
pub const TOP_LINES: usize = 6;
/// How many pairs the network draws.
pub const TOP_EDGES: usize = 40;
/// Pairs per side (positive / negative) in the evidence section.
pub const EVIDENCE_PAIRS: usize = 3;
/// Evidence sentences per pair.
pub const EVIDENCE_PER_PAIR: usize = 4;

/// One country pair from `pair_summary`.
#[derive(Debug, Clone)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub n_articles: u32,
    pub mean_sentiment: f64,
    pub first_date: String,
    pub last_date: String,
}

/// One sentence behind a pair in one article.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub article_id: String,
    pub date: String,
    pub title: String,
    pub sentiment: f64,
    pub sentence: String,
}

/// A country from the `countries` dimension.
#[derive(Debug, Clone, Default)]
pub struct Country {
    pub name: String,
    pub region: String,
    pub subregion: String,
}

/// An article cited by the evidence section.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub title: String,
    pub date: String,
    pub source: String,
    pub source_path: String,
}

/// Input accounting from `manifest.json`.
#[derive(Debug, Clone, Default)]
pub struct Accounting {
    pub read: u64,
    pub ok: u64,
    pub duplicate: u64,
    pub error: u64,
    pub relations: u64,
    pub finished: String,
    pub tool_version: String,
}

/// Everything the report draws.
#[derive(Debug, Clone, Default)]
pub struct ReportData {
    pub output: PathBuf,
    pub accounting: Accounting,
    /// First and last date of the `ok` articles.
    pub date_range: Option<(String, String)>,
    /// All pairs, most articles first (ties by pair code).
    pub pairs: Vec<Pair>,
    pub countries: HashMap<String, Country>,
    /// sector id → label, in the dimension's order.
    pub sectors: Vec<(String, String)>,
    /// For each of the first `TOP_LINES` pairs: month (`YYYY-MM`) → (mean sentiment, articles).
    pub monthly: Vec<BTreeMap<String, (f64, u32)>>,
    /// For each of the first `TOP_BARS` pairs: sector id → articles (summed over months).
    pub sector_mix: Vec<BTreeMap<String, u32>>,
    /// The most positive pairs with their evidence (index into `pairs`).
    pub positive: Vec<(usize, Vec<Evidence>)>,
    /// The most negative pairs with their evidence.
    pub negative: Vec<(usize, Vec<Evidence>)>,
    /// The articles the evidence cites.
    pub cited: BTreeMap<String, Article>,
}

impl ReportData {
    /// A country's display name (its code when the dimension lacks it).
    pub fn name(&self, iso3: &str) -> String {
        self.countries.get(iso3).map(|c| c.name.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| iso3.to_owned())
    }

    /// "Japan – United States".
    pub fn pair_label(&self, p: &Pair) -> String {
        format!("{} – {}", self.name(&p.a), self.name(&p.b))
    }
}

fn table(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.parquet"))
}

fn scan(path: &Path) -> Result<LazyFrame> {
    let s = path.to_string_lossy().into_owned();
    LazyFrame::scan_parquet(PlRefPath::new(&s), ScanArgsParquet::default()).map_err(|e| anyhow!("scanning {s}: {e}"))
}

fn collect(lf: LazyFrame, what: &str) -> Result<DataFrame> {
    lf.collect().map_err(|e| anyhow!("reading {what}: {e}"))
}

fn strs(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    let c = df.column(name).map_err(|e| anyhow!("{name}: {e}"))?;
    let c = c.cast(&DataType::String).map_err(|e| anyhow!("{name}: {e}"))?;
    let ca = c.str().map_err(|e| anyhow!("{name}: {e}"))?;
    Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or("").to_owned()).collect())
}

fn f64s(df: &DataFrame, name: &str) -> Result<Vec<f64>> {
    let c = df.column(name).map_err(|e| anyhow!("{name}: {e}"))?;
    let c = c.cast(&DataType::Float64).map_err(|e| anyhow!("{name}: {e}"))?;
    let ca = c.f64().map_err(|e| anyhow!("{name}: {e}"))?;
    Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or(0.0)).collect())
}

fn u32s(df: &DataFrame, name: &str) -> Result<Vec<u32>> {
    let c = df.column(name).map_err(|e| anyhow!("{name}: {e}"))?;
    let c = c.cast(&DataType::UInt32).map_err(|e| anyhow!("{name}: {e}"))?;
    let ca = c.u32().map_err(|e| anyhow!("{name}: {e}"))?;
    Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or(0)).collect())
}

fn accounting(dir: &Path) -> Result<Accounting> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {} (run `bilat run` first)", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let n = |p: &str| v.pointer(p).and_then(|x| x.as_u64()).unwrap_or(0);
    let s = |p: &str| v.pointer(p).and_then(|x| x.as_str()).unwrap_or("").to_owned();
    Ok(Accounting {
        read: n("/inputs/read"),
        ok: n("/inputs/ok"),
        duplicate: n("/inputs/duplicate"),
        error: n("/inputs/error"),
        relations: n("/rows/relations"),
        finished: s("/finished"),
        tool_version: s("/tool_version"),
    })
}

/// The relations dataset: `relations.parquet`, or the Hive folder `relations/` that
/// `bilat run --partition` writes.
fn relations(dir: &Path) -> Result<LazyFrame> {
    let file = table(dir, "relations");
    if file.exists() {
        scan(&file)
    } else {
        crate::cmd::aggregate::scan(&dir.join("relations"))
    }
}

/// One row per pair × article: date, sentiment (the pair's tone in the article), the
/// first evidence sentence and the headline.
fn pair_articles(dir: &Path) -> Result<DataFrame> {
    let lf = relations(dir)?
        .select([col("article_id"), col("date"), col("country_a"), col("country_b"), col("sentiment"), col("evidence"), col("title")])
        .group_by_stable([col("country_a"), col("country_b"), col("article_id")])
        .agg([
            col("date").first().dt().to_string("%Y-%m-%d").alias("date"),
            col("sentiment").first().alias("sentiment"),
            col("evidence").first().alias("evidence"),
            col("title").first().alias("title"),
        ]);
    collect(lf, "relations")
}

/// Read everything the report needs from a published output folder.
pub fn load(dir: &Path) -> Result<ReportData> {
    let accounting = accounting(dir)?;

    let c = collect(scan(&table(dir, "countries"))?.select([col("iso3"), col("name"), col("region"), col("subregion")]), "countries")?;
    let countries = strs(&c, "iso3")?
        .into_iter()
        .zip(strs(&c, "name")?)
        .zip(strs(&c, "region")?.into_iter().zip(strs(&c, "subregion")?))
        .map(|((iso, name), (region, subregion))| (iso, Country { name, region, subregion }))
        .collect();

    let s = collect(scan(&table(dir, "sectors"))?.select([col("id"), col("label")]), "sectors")?;
    let sectors: Vec<(String, String)> = strs(&s, "id")?.into_iter().zip(strs(&s, "label")?).collect();

    let a = collect(
        scan(&table(dir, "articles"))?.filter(col("status").eq(lit("ok"))).select([
            col("date").min().dt().to_string("%Y-%m-%d").alias("first"),
            col("date").max().dt().to_string("%Y-%m-%d").alias("last"),
        ]),
        "articles",
    )?;
    let date_range = match (strs(&a, "first")?.pop(), strs(&a, "last")?.pop()) {
        (Some(f), Some(l)) if !f.is_empty() => Some((f, l)),
        _ => None,
    };

    let ps = collect(
        scan(&table(dir, "pair_summary"))?
            .select([
                col("country_a"),
                col("country_b"),
                col("n_articles"),
                col("mean_sentiment"),
                col("first_date").dt().to_string("%Y-%m-%d"),
                col("last_date").dt().to_string("%Y-%m-%d"),
            ])
            .sort_by_exprs(
                [col("n_articles"), col("country_a"), col("country_b")],
                SortMultipleOptions::default().with_order_descending_multi([true, false, false]),
            ),
        "pair_summary",
    )?;
    let (pa, pb, pn, pm, pf, pl) = (
        strs(&ps, "country_a")?,
        strs(&ps, "country_b")?,
        u32s(&ps, "n_articles")?,
        f64s(&ps, "mean_sentiment")?,
        strs(&ps, "first_date")?,
        strs(&ps, "last_date")?,
    );
    let pairs: Vec<Pair> = (0..ps.height())
        .map(|i| Pair {
            a: pa[i].clone(),
            b: pb[i].clone(),
            n_articles: pn[i],
            mean_sentiment: pm[i],
            first_date: pf[i].clone(),
            last_date: pl[i].clone(),
        })
        .collect();
    let index: HashMap<(String, String), usize> = pairs.iter().enumerate().map(|(i, p)| ((p.a.clone(), p.b.clone()), i)).collect();

    // Sector mix of the top pairs.
    let psm = collect(
        scan(&table(dir, "pair_sector_month"))?
            .group_by([col("country_a"), col("country_b"), col("sector")])
            .agg([col("n_articles").cast(DataType::UInt32).sum().alias("n")]),
        "pair_sector_month",
    )?;
    let mut sector_mix = vec![BTreeMap::new(); pairs.len().min(TOP_BARS)];
    for (((a, b), sector), n) in strs(&psm, "country_a")?.into_iter().zip(strs(&psm, "country_b")?).zip(strs(&psm, "sector")?).zip(u32s(&psm, "n")?) {
        if let Some(&i) = index.get(&(a, b)) {
            if i < sector_mix.len() {
                sector_mix[i].insert(sector, n);
            }
        }
    }

    // Per pair × article rows: monthly sentiment of the top pairs, evidence.
    let pa = pair_articles(dir)?;
    let (ra, rb, rid, rdate, rsent, rev, rtitle) = (
        strs(&pa, "country_a")?,
        strs(&pa, "country_b")?,
        strs(&pa, "article_id")?,
        strs(&pa, "date")?,
        f64s(&pa, "sentiment")?,
        strs(&pa, "evidence")?,
        strs(&pa, "title")?,
    );
    let mut by_pair: HashMap<usize, Vec<Evidence>> = HashMap::new();
    for i in 0..pa.height() {
        if let Some(&p) = index.get(&(ra[i].clone(), rb[i].clone())) {
            by_pair.entry(p).or_default().push(Evidence {
                article_id: rid[i].clone(),
                date: rdate[i].clone(),
                title: rtitle[i].clone(),
                sentiment: rsent[i],
                sentence: rev[i].clone(),
            });
        }
    }
    let mut monthly = Vec::new();
    for p in 0..pairs.len().min(TOP_LINES) {
        let mut sums: BTreeMap<String, (f64, u32)> = BTreeMap::new();
        for e in by_pair.get(&p).into_iter().flatten() {
            let m = sums.entry(e.date.get(..7).unwrap_or("").to_owned()).or_default();
            m.0 += e.sentiment;
            m.1 += 1;
        }
        monthly.push(sums.into_iter().map(|(k, (s, n))| (k, (s / n as f64, n))).collect());
    }

    // Most positive / negative pairs: among pairs with at least 3 articles when enough
    // of them exist, so one lucky sentence does not make the headline.
    let min_articles = if pairs.iter().filter(|p| p.n_articles >= 3).count() >= 2 * EVIDENCE_PAIRS { 3 } else { 1 };
    let mut ranked: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].n_articles >= min_articles).collect();
    ranked.sort_by(|&x, &y| pairs[y].mean_sentiment.total_cmp(&pairs[x].mean_sentiment).then(pairs[y].n_articles.cmp(&pairs[x].n_articles)).then(x.cmp(&y)));
    let pick = |idx: &mut dyn Iterator<Item = &usize>, positive: bool| -> Vec<(usize, Vec<Evidence>)> {
        idx.filter(|&&i| if positive { pairs[i].mean_sentiment > 0.0 } else { pairs[i].mean_sentiment < 0.0 })
            .take(EVIDENCE_PAIRS)
            .map(|&i| {
                let mut ev = by_pair.get(&i).cloned().unwrap_or_default();
                // The sentences that pull the pair's way most, strongest first.
                ev.sort_by(|x, y| {
                    let (kx, ky) = if positive { (y.sentiment, x.sentiment) } else { (x.sentiment, y.sentiment) };
                    kx.total_cmp(&ky).then(x.date.cmp(&y.date)).then(x.article_id.cmp(&y.article_id))
                });
                // Near-duplicate wires repeat a sentence: show each sentence once.
                let mut seen = std::collections::HashSet::new();
                ev.retain(|e| seen.insert(e.sentence.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()));
                ev.truncate(EVIDENCE_PER_PAIR);
                (i, ev)
            })
            .collect()
    };
    let positive = pick(&mut ranked.iter(), true);
    let negative = pick(&mut ranked.iter().rev(), false);

    // The cited articles' metadata.
    let mut cited: BTreeMap<String, Article> = BTreeMap::new();
    for (_, ev) in positive.iter().chain(&negative) {
        for e in ev {
            cited.insert(e.article_id.clone(), Article::default());
        }
    }
    if !cited.is_empty() {
        let ids = Series::new("ids".into(), cited.keys().cloned().collect::<Vec<_>>());
        let arts = collect(
            scan(&table(dir, "articles"))?
                .select([col("article_id"), col("title"), col("date").dt().to_string("%Y-%m-%d"), col("source"), col("source_path")])
                .filter(col("article_id").is_in(lit(ids).implode(false), false)),
            "articles",
        )?;
        let (id, t, d, s, p) = (strs(&arts, "article_id")?, strs(&arts, "title")?, strs(&arts, "date")?, strs(&arts, "source")?, strs(&arts, "source_path")?);
        for i in 0..arts.height() {
            cited.insert(id[i].clone(), Article { title: t[i].clone(), date: d[i].clone(), source: s[i].clone(), source_path: p[i].clone() });
        }
    }

    Ok(ReportData {
        output: dir.to_path_buf(),
        accounting,
        date_range,
        pairs,
        countries,
        sectors,
        monthly,
        sector_mix,
        positive,
        negative,
        cited,
    })
}
