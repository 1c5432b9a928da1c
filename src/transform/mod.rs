//! Transform: per-article results → typed polars frames. Exact-duplicate articles are
//! marked here (first in input order wins), relations of duplicates are dropped so
//! aggregates count each story once, and the `pair_sector_month` aggregate is built.
//! Runs once per run, outside any rayon loop.

use crate::lexicon::Lexicons;
use crate::model::{InputError, Relation};
use chrono::NaiveDate;
use polars::prelude::*;

/// Everything the tables need to know about one processed article.
#[derive(Debug, Clone)]
pub struct ArticleOut {
    pub article_id: String,
    pub source_path: String,
    pub title: String,
    pub date: NaiveDate,
    pub date_source: &'static str,
    pub dateline_place: Option<String>,
    pub source: Option<String>,
    pub n_sentences: u32,
    pub countries: Vec<String>,
    pub content_hash: String,
    pub relations: Vec<Relation>,
}

/// The published tables.
pub struct Tables {
    pub relations: DataFrame,
    pub articles: DataFrame,
    pub errors: DataFrame,
    pub pair_sector_month: DataFrame,
}

impl Tables {
    /// (name, frame) in publishing order.
    pub fn named(&mut self) -> [(&'static str, &mut DataFrame); 4] {
        [
            ("relations", &mut self.relations),
            ("articles", &mut self.articles),
            ("errors", &mut self.errors),
            ("pair_sector_month", &mut self.pair_sector_month),
        ]
    }
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

fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
    (d - epoch).num_days() as i32
}

fn date_col(name: &str, v: Vec<i32>) -> PolarsResult<Column> {
    Column::new(name.into(), v).cast(&DataType::Date)
}

/// Build all tables.
pub fn build(arts: &[ArticleOut], errors: &[InputError], lex: &Lexicons) -> PolarsResult<Tables> {
    let n = arts.len();
    let countries: Vec<Series> = arts
        .iter()
        .map(|a| Series::new("".into(), a.countries.clone()))
        .collect();
    let countries_col = if n == 0 {
        Column::new_empty("countries".into(), &DataType::List(Box::new(DataType::String)))
    } else {
        Column::new("countries".into(), countries)
    };
    let articles_raw = DataFrame::new(
        n,
        vec![
            Column::new("seq".into(), (0..n as u32).collect::<Vec<_>>()),
            Column::new("article_id".into(), arts.iter().map(|a| a.article_id.as_str()).collect::<Vec<_>>()),
            Column::new("source_path".into(), arts.iter().map(|a| a.source_path.as_str()).collect::<Vec<_>>()),
            Column::new("title".into(), arts.iter().map(|a| a.title.as_str()).collect::<Vec<_>>()),
            date_col("date", arts.iter().map(|a| days(a.date)).collect())?,
            Column::new("date_source".into(), arts.iter().map(|a| a.date_source).collect::<Vec<_>>()),
            Column::new("dateline_place".into(), arts.iter().map(|a| a.dateline_place.as_deref()).collect::<Vec<_>>()),
            Column::new("source".into(), arts.iter().map(|a| a.source.as_deref()).collect::<Vec<_>>()),
            Column::new("n_sentences".into(), arts.iter().map(|a| a.n_sentences).collect::<Vec<_>>()),
            countries_col,
            Column::new("n_pairs".into(), arts.iter().map(|a| pair_count(&a.relations)).collect::<Vec<_>>()),
            Column::new("content_hash".into(), arts.iter().map(|a| a.content_hash.as_str()).collect::<Vec<_>>()),
        ],
    )?;

    let mut r = RelationColumns::default();
    for (seq, a) in arts.iter().enumerate() {
        for rel in &a.relations {
            for (sector, evidence) in rel.sectors.iter().zip(&rel.sector_evidence) {
                r.push(seq as u32, a, rel, sector, evidence, lex);
            }
        }
    }
    let relations_raw = r.into_frame()?;

    let articles = articles_raw
        .lazy()
        .with_column(
            when(col("content_hash").is_first_distinct())
                .then(lit("ok"))
                .otherwise(lit("duplicate"))
                .alias("status"),
        )
        .collect()?;
    let ok = articles
        .clone()
        .lazy()
        .filter(col("status").eq(lit("ok")))
        .select([col("seq")]);
    let relations = relations_raw
        .lazy()
        .semi_join(ok, col("seq"), col("seq"))
        .sort(["seq"], SortMultipleOptions::default().with_maintain_order(true))
        .collect()?;
    let pair_sector_month = relations
        .clone()
        .lazy()
        .with_column(col("date").dt().to_string("%Y-%m").alias("month"))
        .group_by([col("country_a"), col("country_b"), col("sector"), col("month")])
        .agg([
            col("seq").n_unique().cast(DataType::UInt32).alias("n_articles"),
            len().cast(DataType::UInt32).alias("n_rows"),
            col("sentiment").mean().alias("mean_sentiment"),
        ])
        .sort(
            ["country_a", "country_b", "sector", "month"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    let relations = relations.drop("seq")?;
    let articles = articles.lazy().select(ARTICLE_COLUMNS.iter().map(|c| col(*c)).collect::<Vec<_>>()).collect()?;

    let errors = DataFrame::new(
        errors.len(),
        vec![
            Column::new("source_path".into(), errors.iter().map(|e| e.source_path.as_str()).collect::<Vec<_>>()),
            Column::new("line".into(), errors.iter().map(|e| e.line).collect::<Vec<_>>()),
            Column::new("error_kind".into(), errors.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>()),
            Column::new("message".into(), errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>()),
        ],
    )?;
    Ok(Tables { relations, articles, errors, pair_sector_month })
}

const ARTICLE_COLUMNS: &[&str] = &[
    "article_id", "source_path", "title", "date", "date_source", "dateline_place", "source",
    "n_sentences", "countries", "n_pairs", "status",
];

fn pair_count(rels: &[Relation]) -> u32 {
    rels.len() as u32
}

#[derive(Default)]
struct RelationColumns {
    seq: Vec<u32>,
    article_id: Vec<String>,
    date: Vec<i32>,
    a: Vec<String>,
    b: Vec<String>,
    a_name: Vec<String>,
    b_name: Vec<String>,
    sector: Vec<String>,
    sentiment: Vec<f64>,
    label: Vec<&'static str>,
    evidence: Vec<String>,
    source: Vec<Option<String>>,
    title: Vec<String>,
}

impl RelationColumns {
    fn push(&mut self, seq: u32, a: &ArticleOut, rel: &Relation, sector: &str, evidence: &str, lex: &Lexicons) {
        self.seq.push(seq);
        self.article_id.push(a.article_id.clone());
        self.date.push(days(a.date));
        self.a.push(rel.country_a.clone());
        self.b.push(rel.country_b.clone());
        self.a_name.push(lex.country_name(&rel.country_a).to_owned());
        self.b_name.push(lex.country_name(&rel.country_b).to_owned());
        self.sector.push(sector.to_owned());
        let s = (rel.sentiment * 10_000.0).round() / 10_000.0;
        self.sentiment.push(s);
        self.label.push(label(s));
        self.evidence.push(evidence.to_owned());
        self.source.push(a.source.clone());
        self.title.push(a.title.clone());
    }

    fn into_frame(self) -> PolarsResult<DataFrame> {
        let n = self.seq.len();
        DataFrame::new(
            n,
            vec![
                Column::new("seq".into(), self.seq),
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
