//! `bilat extract --stdin`: the streaming mode for Spark's `RDD.pipe`, Hadoop Streaming
//! or GNU parallel. JSON Lines articles in, JSON Lines rows out, in input order:
//! one `relation` row per article × pair × sector (the `relations` columns), one
//! `article` row for an article without any pair, one `error` row per bad line. No
//! state, constant memory (one batch at a time), exit 0 even on bad records.

use crate::extract::Extractor;
use crate::ingest::jsonl;
use crate::lexicon::Lexicons;
use crate::pipeline::process_one;
use crate::transform::{label, ArticleOut};
use anyhow::Result;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::json;
use std::io::{BufRead, BufWriter, Write};

/// Lines per parallel batch.
const BATCH: usize = 1024;

/// The JSON rows for one processed article.
pub fn rows(a: &ArticleOut, lex: &Lexicons) -> Vec<serde_json::Value> {
    let date = a.date.to_string();
    let mut out = Vec::new();
    for r in &a.relations {
        for (sector, evidence) in r.sectors.iter().zip(&r.sector_evidence) {
            let s = (r.sentiment * 10_000.0).round() / 10_000.0;
            out.push(json!({
                "record_type": "relation",
                "article_id": a.article_id,
                "date": date,
                "country_a": r.country_a,
                "country_b": r.country_b,
                "country_a_name": lex.country_name(&r.country_a),
                "country_b_name": lex.country_name(&r.country_b),
                "sector": sector,
                "sentiment": s,
                "sentiment_label": label(s),
                "evidence": evidence,
                "source": a.source,
                "title": a.title,
            }));
        }
    }
    if out.is_empty() {
        out.push(json!({
            "record_type": "article",
            "article_id": a.article_id,
            "date": date,
            "status": "no_pair",
            "countries": a.countries,
            "title": a.title,
        }));
    }
    out
}

/// Run the filter from stdin to stdout.
pub fn run(reference: NaiveDate, lexicons: Option<&std::path::Path>) -> Result<()> {
    let lex = Lexicons::load(lexicons)?;
    let extractor = Extractor::new(&lex)?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut line_no = 0u64;
    loop {
        let mut batch: Vec<(u64, Vec<u8>)> = Vec::with_capacity(BATCH);
        let mut eof = false;
        while batch.len() < BATCH {
            let mut buf = Vec::new();
            if input.read_until(b'\n', &mut buf)? == 0 {
                eof = true;
                break;
            }
            line_no += 1;
            if !buf.iter().all(|b| b.is_ascii_whitespace()) {
                batch.push((line_no, buf));
            }
        }
        let results: Vec<Vec<serde_json::Value>> = batch
            .into_par_iter()
            .map(|(n, bytes)| {
                let parsed = crate::ingest::decode::decode(&bytes)
                    .map_err(|d| (d.kind.as_str(), d.message))
                    .and_then(|text| {
                        jsonl::parse_line(text.trim_start_matches('\u{feff}'), "<stdin>", n, format!("stdin:{n}"))
                            .map_err(|e| (e.kind.as_str(), e.message))
                    });
                match parsed {
                    Ok(article) => rows(&process_one(article, &extractor, reference), &lex),
                    Err((kind, message)) => vec![json!({
                        "record_type": "error",
                        "source_path": "<stdin>",
                        "line": n,
                        "error_kind": kind,
                        "message": message,
                    })],
                }
            })
            .collect();
        for rs in results {
            for r in rs {
                serde_json::to_writer(&mut out, &r)?;
                out.write_all(b"\n")?;
            }
        }
        out.flush()?;
        if eof {
            return Ok(());
        }
    }
}
