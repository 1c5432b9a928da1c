//! Transform: processed articles → typed polars frames ("parts", see `frames`), and the
//! streaming publish step that turns the parts of every live input file into the
//! published tables: duplicate marking across everything published (`dedup`),
//! relations of duplicates dropped so aggregates count each story once, and the
//! `pair_sector_month` aggregate. Runs outside any rayon loop.

pub mod dedup;
pub mod dimensions;
pub mod frames;

pub use frames::{label, part_frames, PartFrames};

use crate::model::Relation;
use chrono::NaiveDate;
use polars::prelude::*;
use rustc_hash::FxHashMap;

/// Everything the tables need to know about one processed article.
#[derive(Debug, Clone)]
pub struct ArticleOut {
    pub article_id: String,
    pub source_path: String,
    pub record: u64,
    pub title: String,
    pub date: NaiveDate,
    pub date_source: &'static str,
    pub dateline_place: Option<String>,
    pub source: Option<String>,
    pub n_sentences: u32,
    pub countries: Vec<String>,
    pub content_hash: String,
    pub simhash: u64,
    pub sketch: [u64; dedup::SKETCH],
    pub relations: Vec<Relation>,
}

/// Column order of the published `articles` table.
pub const ARTICLE_COLUMNS: &[&str] = &[
    "article_id", "source_path", "title", "date", "date_source", "dateline_place", "source",
    "n_sentences", "countries", "n_pairs", "status", "duplicate_of",
];

/// Column order of the published `relations` table (the spec's).
pub const RELATION_COLUMNS: &[&str] = &[
    "article_id", "date", "country_a", "country_b", "country_a_name", "country_b_name", "sector",
    "sentiment", "sentiment_label", "evidence", "source", "title",
];

/// A chunk of published rows (one input file's share).
pub struct Published {
    pub articles: DataFrame,
    pub relations: DataFrame,
    pub errors: DataFrame,
}

#[derive(Default)]
struct Agg {
    articles: rustc_hash::FxHashSet<u64>,
    rows: u32,
    sum: f64,
}

/// What the pair summary accumulates per pair.
#[derive(Default)]
struct PairAgg {
    first: i32,
    last: i32,
    articles: rustc_hash::FxHashSet<u64>,
    sum: f64,
    sectors: FxHashMap<String, u32>,
}

/// A stable key for one article: its file and record.
fn article_key(source_path: &str, record: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(source_path.as_bytes(), record)
}

/// The streaming publisher: feed it each live file's part rows in order.
#[derive(Default)]
pub struct Publisher {
    dedup: dedup::Dedup,
    agg: FxHashMap<(String, String, String, String), Agg>,
    pairs: FxHashMap<(String, String), PairAgg>,
    pub ok: usize,
    pub duplicate: usize,
    pub errors: usize,
}

impl Publisher {
    /// Mark duplicates, drop their relations, project to the published columns, and
    /// accumulate the aggregates.
    pub fn publish(&mut self, part: &PartFrames) -> PolarsResult<Published> {
        let a = &part.articles;
        let ids = a.column("article_id")?.str()?;
        let hashes = a.column("content_hash")?.str()?;
        let sims = a.column("simhash")?.u64()?;
        let records = a.column("record")?.u64()?;
        let sk: Vec<&UInt64Chunked> = (0..dedup::SKETCH).map(|k| a.column(&format!("sketch{k}")).and_then(|c| c.u64())).collect::<PolarsResult<_>>()?;
        let mut status = Vec::with_capacity(a.height());
        let mut dup_of: Vec<Option<String>> = Vec::with_capacity(a.height());
        let mut dup_records = rustc_hash::FxHashSet::default();
        for i in 0..a.height() {
            let id = ids.get(i).unwrap_or("");
            let mut sketch = [0u64; dedup::SKETCH];
            for (k, c) in sk.iter().enumerate() {
                sketch[k] = c.get(i).unwrap_or(0);
            }
            match self.dedup.check(id, hashes.get(i).unwrap_or(""), sims.get(i).unwrap_or(0), sketch) {
                None => {
                    status.push("ok");
                    dup_of.push(None);
                    self.ok += 1;
                }
                Some(first) => {
                    status.push("duplicate");
                    dup_of.push(Some(first));
                    dup_records.insert(records.get(i).unwrap_or(0));
                    self.duplicate += 1;
                }
            }
        }
        let mut articles = a.clone();
        articles.with_column(Column::new("status".into(), status))?;
        articles.with_column(Column::new("duplicate_of".into(), dup_of))?;
        let articles = articles.select(ARTICLE_COLUMNS.iter().copied())?;

        let r = &part.relations;
        let rec = r.column("record")?.u64()?;
        let keep: BooleanChunked = rec.iter().map(|x| Some(!dup_records.contains(&x.unwrap_or(0)))).collect();
        let relations = r.filter(&keep)?;
        self.accumulate(&relations)?;
        let relations = relations.select(RELATION_COLUMNS.iter().copied())?;
        self.errors += part.errors.height();
        Ok(Published { articles, relations, errors: part.errors.clone() })
    }

    fn accumulate(&mut self, r: &DataFrame) -> PolarsResult<()> {
        let (sp, rec) = (r.column("source_path")?.str()?, r.column("record")?.u64()?);
        let (a, b, sector) = (r.column("country_a")?.str()?, r.column("country_b")?.str()?, r.column("sector")?.str()?);
        let date = r.column("date")?.date()?.physical().clone();
        let sent = r.column("sentiment")?.f64()?;
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
        for i in 0..r.height() {
            let day = date.get(i).unwrap_or(0);
            let month = (epoch + chrono::Duration::days(day as i64)).format("%Y-%m").to_string();
            let (ca, cb, sec) = (a.get(i).unwrap_or(""), b.get(i).unwrap_or(""), sector.get(i).unwrap_or(""));
            let art = article_key(sp.get(i).unwrap_or(""), rec.get(i).unwrap_or(0));
            let s = sent.get(i).unwrap_or(0.0);
            let e = self.agg.entry((ca.to_owned(), cb.to_owned(), sec.to_owned(), month)).or_default();
            e.articles.insert(art);
            e.rows += 1;
            e.sum += s;
            let p = self.pairs.entry((ca.to_owned(), cb.to_owned())).or_insert_with(|| PairAgg { first: day, last: day, ..Default::default() });
            p.first = p.first.min(day);
            p.last = p.last.max(day);
            if p.articles.insert(art) {
                p.sum += s;
            }
            *p.sectors.entry(sec.to_owned()).or_default() += 1;
        }
        Ok(())
    }

    /// The `pair_summary` table: per pair, first and last date, articles, mean sentiment
    /// (one value per article) and the three sectors with most rows.
    pub fn pair_summary(&self) -> PolarsResult<DataFrame> {
        let mut keys: Vec<_> = self.pairs.iter().collect();
        keys.sort_by(|x, y| x.0.cmp(y.0));
        let top = |p: &PairAgg| {
            let mut v: Vec<(&String, &u32)> = p.sectors.iter().collect();
            v.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
            v.iter().take(3).map(|(s, _)| s.as_str()).collect::<Vec<_>>().join(";")
        };
        let n = keys.len();
        let df = DataFrame::new(
            n,
            vec![
                Column::new("country_a".into(), keys.iter().map(|(k, _)| k.0.as_str()).collect::<Vec<_>>()),
                Column::new("country_b".into(), keys.iter().map(|(k, _)| k.1.as_str()).collect::<Vec<_>>()),
                Column::new("first_date".into(), keys.iter().map(|(_, v)| v.first).collect::<Vec<_>>()).cast(&DataType::Date)?,
                Column::new("last_date".into(), keys.iter().map(|(_, v)| v.last).collect::<Vec<_>>()).cast(&DataType::Date)?,
                Column::new("n_articles".into(), keys.iter().map(|(_, v)| v.articles.len() as u32).collect::<Vec<_>>()),
                Column::new("sum".into(), keys.iter().map(|(_, v)| v.sum).collect::<Vec<_>>()),
                Column::new("top_sectors".into(), keys.iter().map(|(_, v)| top(v)).collect::<Vec<_>>()),
            ],
        )?;
        df.lazy()
            .with_column((col("sum") / col("n_articles").cast(DataType::Float64)).round(4, RoundMode::HalfToEven).alias("mean_sentiment"))
            .select([col("country_a"), col("country_b"), col("first_date"), col("last_date"), col("n_articles"), col("mean_sentiment"), col("top_sectors")])
            .collect()
    }

    /// The `pair_sector_month` table, sorted by pair, sector, month.
    pub fn pair_sector_month(&self) -> PolarsResult<DataFrame> {
        let mut keys: Vec<_> = self.agg.iter().collect();
        keys.sort_by(|x, y| x.0.cmp(y.0));
        let n = keys.len();
        let df = DataFrame::new(
            n,
            vec![
                Column::new("country_a".into(), keys.iter().map(|(k, _)| k.0.as_str()).collect::<Vec<_>>()),
                Column::new("country_b".into(), keys.iter().map(|(k, _)| k.1.as_str()).collect::<Vec<_>>()),
                Column::new("sector".into(), keys.iter().map(|(k, _)| k.2.as_str()).collect::<Vec<_>>()),
                Column::new("month".into(), keys.iter().map(|(k, _)| k.3.as_str()).collect::<Vec<_>>()),
                Column::new("n_articles".into(), keys.iter().map(|(_, v)| v.articles.len() as u32).collect::<Vec<_>>()),
                Column::new("n_rows".into(), keys.iter().map(|(_, v)| v.rows).collect::<Vec<_>>()),
                Column::new("sum".into(), keys.iter().map(|(_, v)| v.sum).collect::<Vec<_>>()),
            ],
        )?;
        df.lazy()
            .with_column((col("sum") / col("n_rows").cast(DataType::Float64)).round(4, RoundMode::HalfToEven).alias("mean_sentiment"))
            .select([col("country_a"), col("country_b"), col("sector"), col("month"), col("n_articles"), col("n_rows"), col("mean_sentiment")])
            .collect()
    }
}
