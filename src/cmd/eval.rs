//! `bilat eval`: run the extraction on inputs and score it against a gold file in the
//! format of `eval/GUIDELINES.md`. This is how the project proves its accuracy.

use crate::extract::Extractor;
use crate::ingest;
use crate::lexicon::Lexicons;
use crate::pipeline;
use crate::transform::ArticleOut;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct GoldArticle {
    id: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    pairs: Vec<GoldPair>,
}

#[derive(Debug, Deserialize)]
struct GoldPair {
    a: String,
    b: String,
    #[serde(default)]
    sectors: Vec<String>,
    sentiment: i8,
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        let p = if tp + fp == 0 { 0.0 } else { tp as f64 / (tp + fp) as f64 };
        let r = if tp + fn_ == 0 { 0.0 } else { tp as f64 / (tp + fn_) as f64 };
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { tp, fp, fn_, precision: p, recall: r, f1 }
    }
}

/// The scores of one evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub gold_articles: usize,
    pub matched_articles: usize,
    pub pairs: Prf,
    pub sectors: Prf,
    pub sentiment_accuracy: f64,
    pub sentiment_n: usize,
    pub date_accuracy: f64,
    pub date_n: usize,
    /// Per-article misses, for error analysis.
    pub errors: Vec<ArticleDiff>,
    /// Every matched pair: article, pair, gold sentiment, predicted score.
    pub matched: Vec<(String, String, i8, f64)>,
}

/// What one article got wrong.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleDiff {
    pub id: String,
    pub missing: Vec<String>,
    pub spurious: Vec<String>,
    pub sentiment_wrong: Vec<String>,
}

fn sign(score: f64) -> i8 {
    match crate::transform::label(score) {
        "positive" => 1,
        "negative" => -1,
        _ => 0,
    }
}

/// Score processed articles against gold.
pub fn score(gold_path: &Path, arts: &[ArticleOut]) -> Result<Report> {
    let text = std::fs::read_to_string(gold_path).with_context(|| format!("reading gold {}", gold_path.display()))?;
    let mut gold = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldArticle = serde_json::from_str(line).with_context(|| format!("{} line {}", gold_path.display(), i + 1))?;
        gold.push(g);
    }
    let by_id: HashMap<&str, &ArticleOut> = arts.iter().map(|a| (a.article_id.as_str(), a)).collect();
    let (mut ptp, mut pfp, mut pfn) = (0, 0, 0);
    let (mut stp, mut sfp, mut sfn) = (0, 0, 0);
    let (mut sent_ok, mut sent_n, mut date_ok, mut date_n, mut matched) = (0, 0, 0, 0, 0);
    let mut diffs = Vec::new();
    let mut matched_pairs = Vec::new();
    for g in &gold {
        let Some(a) = by_id.get(g.id.as_str()) else {
            pfn += g.pairs.len();
            diffs.push(ArticleDiff { id: g.id.clone(), missing: vec!["<article not found in input>".into()], spurious: vec![], sentiment_wrong: vec![] });
            continue;
        };
        matched += 1;
        if let Some(d) = g.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            date_n += 1;
            if a.date == d {
                date_ok += 1;
            }
        }
        let key = |x: &str, y: &str| if x < y { format!("{x}-{y}") } else { format!("{y}-{x}") };
        let gp: BTreeMap<String, &GoldPair> = g.pairs.iter().map(|p| (key(&p.a, &p.b), p)).collect();
        let pp: BTreeMap<String, &crate::model::Relation> =
            a.relations.iter().map(|r| (key(&r.country_a, &r.country_b), r)).collect();
        let mut diff = ArticleDiff { id: g.id.clone(), missing: vec![], spurious: vec![], sentiment_wrong: vec![] };
        for (k, gpair) in &gp {
            match pp.get(k) {
                Some(r) => {
                    ptp += 1;
                    let gs: BTreeSet<&str> = gpair.sectors.iter().map(String::as_str).filter(|s| *s != "general").collect();
                    let ps: BTreeSet<&str> = r.sectors.iter().map(String::as_str).filter(|s| *s != "general").collect();
                    stp += gs.intersection(&ps).count();
                    sfp += ps.difference(&gs).count();
                    sfn += gs.difference(&ps).count();
                    sent_n += 1;
                    matched_pairs.push((g.id.clone(), k.clone(), gpair.sentiment, r.sentiment));
                    if sign(r.sentiment) == gpair.sentiment {
                        sent_ok += 1;
                    } else {
                        diff.sentiment_wrong.push(format!("{k}: gold {} got {:.2}", gpair.sentiment, r.sentiment));
                    }
                }
                None => {
                    pfn += 1;
                    diff.missing.push(k.clone());
                }
            }
        }
        for (k, r) in &pp {
            if !gp.contains_key(k) {
                pfp += 1;
                let ev: String = r.evidence.chars().take(160).collect();
                diff.spurious.push(format!("{k} [{ev}]"));
            }
        }
        if !(diff.missing.is_empty() && diff.spurious.is_empty() && diff.sentiment_wrong.is_empty()) {
            diffs.push(diff);
        }
    }
    let ratio = |a: usize, n: usize| if n == 0 { 0.0 } else { a as f64 / n as f64 };
    Ok(Report {
        gold_articles: gold.len(),
        matched_articles: matched,
        pairs: Prf::from_counts(ptp, pfp, pfn),
        sectors: Prf::from_counts(stp, sfp, sfn),
        sentiment_accuracy: ratio(sent_ok, sent_n),
        sentiment_n: sent_n,
        date_accuracy: ratio(date_ok, date_n),
        date_n,
        errors: diffs,
        matched: matched_pairs,
    })
}

/// Options of `bilat eval`.
#[derive(Debug, Clone)]
pub struct EvalPlan {
    pub gold: PathBuf,
    pub inputs: Vec<PathBuf>,
    pub reference: NaiveDate,
    pub lexicons: Option<PathBuf>,
    pub json: Option<PathBuf>,
    pub show_errors: bool,
}

/// Run the pipeline on the inputs, score, print the table.
pub fn run(plan: &EvalPlan) -> Result<Report> {
    let lex = Lexicons::load(plan.lexicons.as_deref())?;
    let extractor = Extractor::new(&lex)?;
    let (files, _) = ingest::discover(&plan.inputs);
    let (articles, _) = pipeline::process_all(&files, &extractor, plan.reference);
    let report = score(&plan.gold, &articles)?;
    print_table(&plan.gold, &report);
    if plan.show_errors {
        for d in &report.errors {
            println!("{}: missing {:?} spurious {:?} sentiment {:?}", d.id, d.missing, d.spurious, d.sentiment_wrong);
        }
    }
    if let Some(p) = &plan.json {
        crate::export::atomic_write(p, |w| {
            serde_json::to_writer_pretty(&mut *w, &report)?;
            Ok(())
        })?;
    }
    Ok(report)
}

fn print_table(gold: &Path, r: &Report) {
    println!("gold: {} ({} articles, {} found in input)", gold.display(), r.gold_articles, r.matched_articles);
    println!("{:<28} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}", "metric", "precision", "recall", "f1", "tp", "fp", "fn");
    for (name, p) in [("country pairs", r.pairs), ("sectors (matched pairs)", r.sectors)] {
        println!(
            "{:<28} {:>9.3} {:>9.3} {:>9.3} {:>6} {:>6} {:>6}",
            name, p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_
        );
    }
    println!("{:<28} {:>9.3} (n={})", "sentiment accuracy", r.sentiment_accuracy, r.sentiment_n);
    println!("{:<28} {:>9.3} (n={})", "date accuracy", r.date_accuracy, r.date_n);
}
