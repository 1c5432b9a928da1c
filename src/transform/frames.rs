//! Typed frames for one batch of processed articles ("a part"): the unit that is stored
//! in the run state and streamed into the published tables. Column types are fixed here,
//! so empty and full parts share one schema.

use super::ArticleOut;
use crate::lexicon::Lexicons;
use crate::model::InputError;
use chrono::NaiveDate;
use polars::prelude::*;

/// The three frames of a part.
#[derive(Debug, Clone)]
pub struct PartFrames {
    pub articles: DataFrame,
    pub relations: DataFrame,
    pub errors: DataFrame,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a date")
}

/// Days since 1970-01-01: the physical value of a polars/Arrow `Date`.
pub fn days(d: NaiveDate) -> i32 {
    (d - epoch()).num_days() as i32
}

/// The date of a polars/Arrow `Date` value (days since 1970-01-01).
pub fn from_days(days: i32) -> NaiveDate {
    epoch() + chrono::Duration::days(days as i64)
}

/// A `Date` column from days since 1970-01-01 (`Option`s where some are missing).
pub(super) fn date_col<T, P: ?Sized>(name: &str, days: T) -> PolarsResult<Column>
where
    Series: NamedFrom<T, P>,
{
    Column::new(name.into(), days).cast(&DataType::Date)
}

/// Sentiment label of a score, with the threshold the evaluation uses.
pub fn label(score: f64) -> &'static str {
    let t = crate::extract::relations::LABEL_THRESHOLD;
    if score >= t {
        "positive"
    } else if score <= -t {
        "negative"
    } else {
        "neutral"
    }
}

/// Build the frames of a batch. Rows keep input order; `record` ties relations to their
/// article within a file.
pub fn part_frames(arts: &[ArticleOut], errors: &[InputError], lex: &Lexicons) -> PolarsResult<PartFrames> {
    part_frames_named(arts, errors, &CountryNames::new(lex))
}

/// Country names by iso3, owned, so a part can be built away from the lexicons (on the
/// background thread that writes parts).
#[derive(Debug, Clone, Default)]
pub struct CountryNames(rustc_hash::FxHashMap<String, String>);

impl CountryNames {
    /// The names of `lex` (the first entry of an iso3 wins, as in `Lexicons::country_name`).
    pub fn new(lex: &Lexicons) -> Self {
        let mut names = rustc_hash::FxHashMap::default();
        for c in &lex.countries {
            names.entry(c.iso3.clone()).or_insert_with(|| c.name.clone());
        }
        CountryNames(names)
    }

    /// The name of `iso3`, or `iso3` itself when the lexicons do not know it.
    pub fn name(&self, iso3: &str) -> String {
        self.name_ref(iso3).to_owned()
    }

    fn name_ref<'n>(&'n self, iso3: &'n str) -> &'n str {
        self.0.get(iso3).map(String::as_str).unwrap_or(iso3)
    }
}

/// `part_frames` with the country names already looked up.
pub fn part_frames_named(arts: &[ArticleOut], errors: &[InputError], names: &CountryNames) -> PolarsResult<PartFrames> {
    // the relations frame is built on a thread of its own while the articles frame is
    std::thread::scope(|scope| {
        let relations = scope.spawn(|| relations_frame(arts, names));
        let articles = articles_frame(arts);
        let relations = relations.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        let (articles, relations) = (articles?, relations?);
        Ok(PartFrames { articles, relations, errors: errors_frame(errors)? })
    })
}

fn articles_frame(arts: &[ArticleOut]) -> PolarsResult<DataFrame> {
    let n = arts.len();
    let countries_col = if n == 0 {
        Column::new_empty("countries".into(), &DataType::List(Box::new(DataType::String)))
    } else {
        // one list builder for the whole column (not a Series per article)
        let mut b = ListStringChunkedBuilder::new("countries".into(), n, arts.iter().map(|a| a.countries.len()).sum());
        for a in arts {
            b.append_values_iter(a.countries.iter().map(String::as_str));
        }
        b.finish().into_column()
    };
    let mut cols = vec![
            Column::new("source_path".into(), arts.iter().map(|a| a.source_path.as_str()).collect::<Vec<_>>()),
            Column::new("record".into(), arts.iter().map(|a| a.record).collect::<Vec<_>>()),
            Column::new("article_id".into(), arts.iter().map(|a| a.article_id.as_str()).collect::<Vec<_>>()),
            Column::new("title".into(), arts.iter().map(|a| a.title.as_str()).collect::<Vec<_>>()),
            date_col("date", arts.iter().map(|a| days(a.date)).collect::<Vec<_>>())?,
            Column::new("date_source".into(), arts.iter().map(|a| a.date_source).collect::<Vec<_>>()),
            Column::new("dateline_place".into(), arts.iter().map(|a| a.dateline_place.as_deref()).collect::<Vec<_>>()),
            Column::new("source".into(), arts.iter().map(|a| a.source.as_deref()).collect::<Vec<_>>()),
            Column::new("n_sentences".into(), arts.iter().map(|a| a.n_sentences).collect::<Vec<_>>()),
            countries_col,
            Column::new("n_pairs".into(), arts.iter().map(|a| a.relations.len() as u32).collect::<Vec<_>>()),
            Column::new("content_hash".into(), arts.iter().map(|a| a.content_hash.as_str()).collect::<Vec<_>>()),
            Column::new("simhash".into(), arts.iter().map(|a| a.simhash).collect::<Vec<_>>()),
            Column::new("foreign".into(), arts.iter().map(|a| a.foreign).collect::<Vec<_>>()),
        ];
    for k in 0..super::dedup::SKETCH {
        cols.push(Column::new(format!("sketch{k}").into(), arts.iter().map(|a| a.sketch[k]).collect::<Vec<_>>()));
    }
    DataFrame::new(n, cols)
}

fn relations_frame(arts: &[ArticleOut], names: &CountryNames) -> PolarsResult<DataFrame> {
    let mut r = RelationColumns::default();
    for a in arts {
        for rel in &a.relations {
            for (sector, evidence) in rel.sectors.iter().zip(&rel.sector_evidence) {
                r.push(a, rel, sector, evidence, names);
            }
        }
    }
    r.into_frame()
}

fn errors_frame(errors: &[InputError]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        errors.len(),
        vec![
            Column::new("source_path".into(), errors.iter().map(|e| e.source_path.as_str()).collect::<Vec<_>>()),
            Column::new("line".into(), errors.iter().map(|e| e.line).collect::<Vec<_>>()),
            Column::new("error_kind".into(), errors.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>()),
            Column::new("message".into(), errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>()),
        ],
    )
}

/// The relations table's columns, borrowing the articles' strings.
#[derive(Default)]
struct RelationColumns<'a> {
    source_path: Vec<&'a str>,
    record: Vec<u64>,
    article_id: Vec<&'a str>,
    date: Vec<i32>,
    a: Vec<&'a str>,
    b: Vec<&'a str>,
    a_name: Vec<&'a str>,
    b_name: Vec<&'a str>,
    sector: Vec<&'a str>,
    sentiment: Vec<f64>,
    label: Vec<&'static str>,
    evidence: Vec<&'a str>,
    source: Vec<Option<&'a str>>,
    title: Vec<&'a str>,
}

impl<'a> RelationColumns<'a> {
    fn push(&mut self, a: &'a ArticleOut, rel: &'a crate::model::Relation, sector: &'a str, evidence: &'a str, names: &'a CountryNames) {
        self.source_path.push(&a.source_path);
        self.record.push(a.record);
        self.article_id.push(&a.article_id);
        self.date.push(days(a.date));
        self.a.push(&rel.country_a);
        self.b.push(&rel.country_b);
        self.a_name.push(names.name_ref(&rel.country_a));
        self.b_name.push(names.name_ref(&rel.country_b));
        self.sector.push(sector);
        let s = (rel.sentiment * 10_000.0).round() / 10_000.0;
        self.sentiment.push(s);
        self.label.push(label(s));
        self.evidence.push(evidence);
        self.source.push(a.source.as_deref());
        self.title.push(&a.title);
    }

    fn into_frame(self) -> PolarsResult<DataFrame> {
        let n = self.record.len();
        DataFrame::new(
            n,
            vec![
                Column::new("source_path".into(), self.source_path),
                Column::new("record".into(), self.record),
                Column::new("article_id".into(), self.article_id),
                date_col("date", self.date)?,
                Column::new("country_a".into(), self.a),
                Column::new("country_b".into(), self.b),
                Column::new("country_a_name".into(), self.a_name),
                Column::new("country_b_name".into(), self.b_name),
                Column::new("sector".into(), self.sector),
                Column::new("sentiment".into(), self.sentiment),
                Column::new("sentiment_label".into(), self.label),
                Column::new("evidence".into(), self.evidence),
                Column::new("source".into(), self.source),
                Column::new("title".into(), self.title),
            ],
        )
    }
}
