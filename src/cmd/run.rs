//! `bilat run`: inputs → published tables and manifest.

use crate::export::{self, Format};
use crate::extract::Extractor;
use crate::ingest;
use crate::lexicon::Lexicons;
use crate::pipeline;
use crate::transform;
use anyhow::{Context, Result};
use chrono::{NaiveDate, Utc};
use serde_json::json;
use std::path::PathBuf;

/// A checked plan for a run, built from the command line before any work starts.
#[derive(Debug, Clone)]
pub struct RunPlan {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub reference: NaiveDate,
    pub formats: Vec<Format>,
    pub lexicons: Option<PathBuf>,
    pub quiet: bool,
}

/// The counts a run reports (and `eval` reuses).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub ok: usize,
    pub duplicate: usize,
    pub error: usize,
}

/// Execute a run plan and publish its tables.
pub fn run(plan: &RunPlan) -> Result<Counts> {
    let started = Utc::now();
    let lex = Lexicons::load(plan.lexicons.as_deref())?;
    let extractor = Extractor::new(&lex)?;
    let (files, mut errors) = ingest::discover(&plan.inputs);
    let processed = pipeline::process(&files, &extractor, plan.reference, |_| {});
    errors.extend(processed.errors);
    let mut tables = transform::build(&processed.articles, &errors, &lex).context("building tables")?;
    let status = tables.articles.column("status")?.str()?.clone();
    let duplicate = status.iter().filter(|s| *s == Some("duplicate")).count();
    let counts = Counts {
        read: processed.articles.len() + errors.len(),
        ok: processed.articles.len() - duplicate,
        duplicate,
        error: errors.len(),
    };
    anyhow::ensure!(
        counts.read == counts.ok + counts.duplicate + counts.error,
        "accounting failed: read {} != ok {} + duplicate {} + error {}",
        counts.read,
        counts.ok,
        counts.duplicate,
        counts.error
    );
    std::fs::create_dir_all(&plan.output).with_context(|| format!("creating {}", plan.output.display()))?;
    let mut rows = serde_json::Map::new();
    for (name, df) in tables.named() {
        rows.insert(name.to_owned(), json!(df.height()));
        export::write_table(&plan.output, name, df, &plan.formats)?;
    }
    let manifest = json!({
        "schema_version": export::SCHEMA_VERSION,
        "tool": "bilat",
        "tool_version": env!("CARGO_PKG_VERSION"),
        "started": started.to_rfc3339(),
        "finished": Utc::now().to_rfc3339(),
        "inputs": {"read": counts.read, "ok": counts.ok, "duplicate": counts.duplicate, "error": counts.error},
        "rows": rows,
        "config": {
            "inputs": plan.inputs.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
            "output": plan.output.to_string_lossy(),
            "reference_date": plan.reference.to_string(),
            "formats": plan.formats.iter().map(|f| f.ext()).collect::<Vec<_>>(),
            "lexicons": plan.lexicons.as_ref().map(|p| p.to_string_lossy()),
        },
    });
    export::atomic_write(&plan.output.join("manifest.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)?;
        Ok(())
    })?;
    if !plan.quiet {
        eprintln!(
            "bilat: read {} (ok {}, duplicate {}, error {}); {} relation rows → {}",
            counts.read,
            counts.ok,
            counts.duplicate,
            counts.error,
            rows.get("relations").and_then(|v| v.as_u64()).unwrap_or(0),
            plan.output.display()
        );
    }
    Ok(counts)
}
