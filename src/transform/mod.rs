//! Transform: processed articles → typed polars frames ("parts", see `frames`), and the
//! streaming publish step that turns the parts of every live input file into the
//! published tables: duplicate marking across everything published (`dedup`),
//! relations of duplicates dropped so aggregates count each story once, and the
//! `pair_sector_month` aggregate. Runs outside any rayon loop.

pub mod aggregates;
pub mod dedup;
pub mod dimensions;
pub mod frames;

pub use frames::{label, part_frames, PartFrames};

use crate::model::Relation;
use chrono::NaiveDate;
use polars::prelude::*;
use std::borrow::Cow;

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
    /// Another shard's article: kept only so duplicates are judged as in one run.
    pub foreign: bool,
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

/// The streaming publisher: feed it each live file's part rows in order.
#[derive(Default)]
pub struct Publisher {
    dedup: dedup::Dedup,
    /// The columns the aggregates need, of every published relation row.
    slim: Vec<DataFrame>,
    pub ok: usize,
    pub duplicate: usize,
    pub errors: usize,
}

/// A number column's values as one slice, nulls as 0: borrowed when it is one chunk
/// without nulls (a part's columns always are), else copied out.
fn u64_values(c: &UInt64Chunked) -> Cow<'_, [u64]> {
    match c.cont_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(c.iter().map(|v| v.unwrap_or(0)).collect()),
    }
}

impl Publisher {
    /// Mark duplicates, drop their relations, project to the published columns, and
    /// accumulate the aggregates.
    pub fn publish(&mut self, part: &PartFrames) -> PolarsResult<Published> {
        let a = &part.articles;
        let ids = a.column("article_id")?.str()?;
        let hashes = a.column("content_hash")?.str()?;
        let sims = u64_values(a.column("simhash")?.u64()?);
        let records = u64_values(a.column("record")?.u64()?);
        let sk: Vec<Cow<[u64]>> =
            (0..dedup::SKETCH).map(|k| Ok(u64_values(a.column(&format!("sketch{k}"))?.u64()?))).collect::<PolarsResult<_>>()?;
        let foreign = a.column("foreign")?.bool()?;
        let mut status = Vec::with_capacity(a.height());
        let mut mine = Vec::with_capacity(a.height());
        // the article each duplicate copies, by its index in the duplicate index: the
        // ids are looked up once every row is checked, not copied out row by row
        let mut dup_of: Vec<Option<u32>> = Vec::with_capacity(a.height());
        let mut dup_records = rustc_hash::FxHashSet::default();
        let sk: [&[u64]; dedup::SKETCH] = std::array::from_fn(|k| &*sk[k]);
        self.dedup.reserve(a.height(), sk[0].iter().filter(|&&h| h != 0).count());
        // the string columns are walked once, in step (a row's `get` finds its chunk each
        // time); the number columns are read as slices
        let rows = ids.iter().zip(hashes.iter()).zip(foreign.iter());
        for (i, ((id, hash), is_foreign)) in rows.enumerate() {
            let mut sketch = [0u64; dedup::SKETCH];
            for (v, col) in sketch.iter_mut().zip(sk) {
                *v = col[i];
            }
            let verdict = self.dedup.check_index(id.unwrap_or(""), hash.unwrap_or(""), sims[i], sketch);
            let is_foreign = is_foreign.unwrap_or(false);
            mine.push(!is_foreign);
            match verdict {
                None => {
                    status.push("ok");
                    if !is_foreign {
                        self.ok += 1;
                    }
                }
                Some(_) => {
                    status.push("duplicate");
                    dup_records.insert(records[i]);
                    if !is_foreign {
                        self.duplicate += 1;
                    }
                }
            }
            dup_of.push(verdict);
        }
        let dup_of: Vec<Option<&str>> = dup_of.into_iter().map(|v| v.map(|i| self.dedup.id(i))).collect();
        let mut articles = a.clone();
        articles.with_column(Column::new("status".into(), status))?;
        articles.with_column(Column::new("duplicate_of".into(), dup_of))?;
        let mine: BooleanChunked = mine.into_iter().map(Some).collect();
        let articles = articles.filter(&mine)?.select(ARTICLE_COLUMNS.iter().copied())?;

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
        if r.height() > 0 {
            self.slim.push(r.select(["article_id", "date", "country_a", "country_b", "sector", "sentiment"])?);
        }
        Ok(())
    }

    /// The `pair_summary` table: per pair, first and last date, articles, mean sentiment
    /// (one value per article) and the three sectors with most rows — the same table as
    /// `bilat aggregate` makes (see `aggregates`).
    pub fn pair_summary(&self) -> PolarsResult<DataFrame> {
        aggregates::pair_summary(&self.slim)
    }

    /// The `pair_sector_month` table, sorted by pair, sector, month.
    pub fn pair_sector_month(&self) -> PolarsResult<DataFrame> {
        aggregates::pair_sector_month(&self.slim)
    }
}
