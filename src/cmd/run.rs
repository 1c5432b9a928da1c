//! `bilat run`: inputs → published tables and manifest, incrementally: files unchanged
//! since the last run (same path, size and modification time) are not read again; their
//! rows come from the parts the state points at. Every run republishes complete tables
//! as a new snapshot and swaps it in atomically; the state is saved only after that.

use crate::export::{snapshot, Format, SCHEMA_VERSION};
use crate::extract::Extractor;
use crate::ingest;
use crate::lexicon::Lexicons;
use crate::pipeline::{self, PartWriter};
use crate::state::{self, Layout, State};
use crate::transform::{dimensions, part_frames, PartFrames, Publisher};
use anyhow::{Context, Result};
use chrono::{NaiveDate, Utc};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A checked plan for a run, built from the command line before any work starts.
#[derive(Debug, Clone)]
pub struct RunPlan {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub reference: NaiveDate,
    pub formats: Vec<Format>,
    pub lexicons: Option<PathBuf>,
    pub quiet: bool,
    /// Ignore the state and rebuild everything.
    pub full: bool,
    /// Wait for another run on the same output instead of exiting.
    pub wait: bool,
    /// Hive-partitioned `relations` Parquet dataset.
    pub partition: snapshot::Partition,
    /// UTF-8 byte-order mark at the start of CSV files.
    pub csv_bom: bool,
    /// Process only the K-th of N slices of the input: (K, N), K 1-based.
    pub shard: Option<(u64, u64)>,
}

/// The counts a run reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub ok: usize,
    pub duplicate: usize,
    pub error: usize,
    pub files_processed: usize,
    pub files_reused: usize,
}

/// The names of the published tables, in publishing order.
pub const TABLES: &[&str] = &["relations", "articles", "errors", "pair_sector_month", "pair_summary", "countries", "sectors"];

/// The published tables' empty frames (their schemas) and the dimension tables.
struct Shapes {
    empty: crate::transform::Published,
    psm: polars::prelude::DataFrame,
    summary: polars::prelude::DataFrame,
    countries: polars::prelude::DataFrame,
    sectors: polars::prelude::DataFrame,
}

/// Execute a run plan and publish its tables.
pub fn run(plan: &RunPlan) -> Result<Counts> {
    run_with(plan, Teardown::Free)
}

/// `run` for a process that ends as soon as it returns (the `bilat` binary): the run's
/// large structures (the extractor's models, the lexicons, the publisher's duplicate
/// index and aggregate rows) are left for the OS to take back at exit rather than freed
/// one allocation at a time on the serial end of the run. Everything else is as with
/// `run`: every file is written, synced and closed, the state saved and the lock
/// released before it returns. In a process that goes on, this leaks that memory.
pub fn run_then_exit(plan: &RunPlan) -> Result<Counts> {
    run_with(plan, Teardown::Leave)
}

/// How a run ends with its large structures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Teardown {
    /// Free them: the caller goes on.
    Free,
    /// Forget them: the process exits next, and the OS takes all its memory back at once.
    Leave,
}

impl Teardown {
    /// Drop `value`, or forget it when the process is about to exit anyway.
    fn discard<T>(self, value: T) {
        match self {
            Teardown::Free => drop(value),
            Teardown::Leave => std::mem::forget(value),
        }
    }
}

fn run_with(plan: &RunPlan, teardown: Teardown) -> Result<Counts> {
    let started = Utc::now();
    let layout = Layout::new(&plan.output);
    std::fs::create_dir_all(&plan.output).with_context(|| format!("creating {}", plan.output.display()))?;
    let _lock = state::lock(&layout, &plan.output, plan.wait)?;
    std::fs::create_dir_all(layout.parts())?;
    std::fs::create_dir_all(layout.snapshots())?;

    let lex = Lexicons::load(plan.lexicons.as_deref())?;
    // The tables' empty shapes and the dimension tables depend on the lexicons alone:
    // made on a thread of their own while the country matcher is built, not at the end.
    let (extractor, shapes) = std::thread::scope(|scope| {
        let shapes = scope.spawn(|| -> Result<Shapes> {
            Ok(Shapes {
                empty: Publisher::default().publish(&part_frames(&[], &[], &lex)?)?,
                psm: Publisher::default().pair_sector_month()?,
                summary: Publisher::default().pair_summary()?,
                countries: dimensions::countries(&lex)?,
                sectors: dimensions::sectors(&lex)?,
            })
        });
        let extractor = Extractor::new(&lex);
        let shapes = shapes.join().map_err(|_| anyhow::anyhow!("the table shapes thread panicked"));
        (extractor, shapes)
    });
    let (extractor, shapes) = (extractor?, shapes??);
    tracing::debug!("lexicons loaded, matcher built");
    let shard_tag = plan.shard.map(|(k, n)| format!("/shard{k}of{n}")).unwrap_or_default();
    // the build's source hash: parts made by other rules or other duplicate signatures
    // are rebuilt, not mixed with this build's
    let fingerprint = format!("{}+{}/{:016x}{shard_tag}", env!("CARGO_PKG_VERSION"), env!("BILAT_SOURCE_HASH"), lex.fingerprint);
    let old = if plan.full { State::default() } else { State::load(&layout, &fingerprint)? };
    let run_id = format!("{}-{}", Utc::now().format("%Y%m%dT%H%M%S%.6f"), std::process::id());

    // 1. read what is new or changed into parts
    let (files, discover_errors) = ingest::discover(&plan.inputs);
    let mut state = State { fingerprint, files: BTreeMap::new(), published_with: String::new() };
    let mut writer = PartWriter::new(&layout, &extractor, &lex, plan.reference, &run_id)
        .with_shard(plan.shard)
        .leaving_last_part(teardown == Teardown::Leave);
    let mut counts = Counts::default();
    let mut processed: Vec<(String, PathBuf)> = Vec::new();
    let bar = progress_bar(files.len() as u64, plan.quiet);
    for f in &files {
        bar.inc(1);
        let key = f.path.to_string_lossy().into_owned();
        let reusable = old.files.get(&key).filter(|e| {
            pipeline::file_stamp(&f.path) == Some((e.size, e.mtime_ns))
                && e.segments.iter().all(|s| layout.part(&s.part).is_dir())
        });
        match reusable {
            Some(e) => {
                state.files.insert(key, e.clone());
                counts.files_reused += 1;
            }
            None => {
                tracing::debug!(file = %key, "reading");
                bar.set_message(f.rel.clone());
                writer.add_file(f, &key)?;
                processed.push((key, f.path.clone()));
                counts.files_processed += 1;
            }
        }
    }
    tracing::debug!("inputs read, all but the last batch processed");
    let mut finished = writer.finish()?;
    tracing::debug!("last batch processed, last part's frames built");
    let segments = std::mem::take(&mut finished.segments);
    // the last part, still in memory: published from there, not read back from disk
    let last_part = finished.last.take();
    bar.finish_and_clear();
    let by_key: BTreeMap<String, Vec<state::Segment>> = segments.into_iter().collect();
    for (key, path) in processed {
        let segs = by_key.get(&key).cloned().unwrap_or_default();
        state.files.insert(key, pipeline::entry(&path, segs));
    }

    // Nothing new, nothing gone, same output options: the published snapshot already
    // covers everything, so leave it (and its manifest) as it is.
    state.published_with = format!("{:?}|{:?}|{}", plan.formats, plan.partition, plan.csv_bom);
    if counts.files_processed == 0
        && old.files == state.files
        && old.published_with == state.published_with
        && plan.output.join("current").join("manifest.json").is_file()
    {
        tracing::info!("nothing new or changed in {} files; {} is up to date", counts.files_reused, plan.output.display());
        teardown.discard((extractor, lex));
        return Ok(counts);
    }

    // 2. publish everything the state covers as a new snapshot
    let snap_dir = layout.snapshots().join(&run_id);
    let mut publisher = Publisher::default();
    let Shapes { empty, psm: empty_psm, summary: empty_summary, countries: dim_countries, sectors: dim_sectors } = shapes;
    let schemas = [
        ("relations", &empty.relations),
        ("articles", &empty.articles),
        ("errors", &empty.errors),
        ("pair_sector_month", &empty_psm),
        ("pair_summary", &empty_summary),
        ("countries", &dim_countries),
        ("sectors", &dim_sectors),
    ];
    let opts = snapshot::Options { partition: plan.partition, csv_bom: plan.csv_bom };
    let mut snap = snapshot::Snapshot::create(snap_dir.clone(), &schemas, &plan.formats, opts)?;
    if !discover_errors.is_empty() {
        let pf = part_frames(&[], &discover_errors, &lex)?;
        let p = publisher.publish(&pf)?;
        snap.write("errors", &p.errors)?;
    }
    // Every segment, in publishing order. The parts on disk are read back in the order
    // the segments need them (the last part is in memory) on a thread of their own, one
    // part ahead, and the rows of each segment but the last are written on another: the
    // reading (decompressing, checking) of one part and the writing of one segment's rows
    // overlap the duplicate marking of the segment between them, where the three took
    // turns on this thread. In memory at most: the part being published, the next one,
    // and the rows of the segment being written.
    let segments: Vec<&state::Segment> = state.files.values().flat_map(|e| &e.segments).collect();
    let in_memory = |seg: &state::Segment| last_part.as_ref().filter(|(id, _)| *id == seg.part);
    let mut to_read: Vec<&str> = Vec::new();
    for seg in segments.iter().filter(|seg| in_memory(seg).is_none()) {
        if to_read.last() != Some(&seg.part.as_str()) {
            to_read.push(&seg.part);
        }
    }
    // the rows of the segment published last, written only after the loop for the last
    // one (see below)
    let mut pending: Option<crate::transform::Published> = None;
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(String, Result<PartFrames>)>(0);
        let (wtx, wrx) = std::sync::mpsc::sync_channel::<crate::transform::Published>(0);
        let snap = &mut snap;
        let writer = scope.spawn(move || -> Result<()> {
            for q in wrx {
                snap.write_all(&[("relations", &q.relations), ("articles", &q.articles), ("errors", &q.errors)])?;
            }
            Ok(())
        });
        let layout = &layout;
        scope.spawn(move || {
            for id in to_read {
                // (a send fails once the loop below has stopped early: nothing more to read)
                if tx.send((id.to_owned(), pipeline::read_part(&layout.part(id)))).is_err() {
                    break;
                }
            }
        });
        let mut cache: Option<(String, PartFrames)> = None;
        for seg in segments {
            let in_memory = in_memory(seg);
            if in_memory.is_none() && cache.as_ref().map(|(id, _)| id != &seg.part).unwrap_or(true) {
                drop(cache.take());
                let (id, frames) = rx.recv().context("reading the parts back")?;
                anyhow::ensure!(id == seg.part, "part {id} was read back where part {} was due", seg.part);
                cache = Some((id, frames?));
            }
            let Some((_, part)) = in_memory.or(cache.as_ref()) else { continue };
            let slice = PartFrames {
                articles: part.articles.slice(seg.articles.0 as i64, seg.articles.1),
                relations: part.relations.slice(seg.relations.0 as i64, seg.relations.1),
                errors: part.errors.slice(seg.errors.0 as i64, seg.errors.1),
            };
            let p = publisher.publish(&slice)?;
            // (a send fails only when the writer has stopped on an error: it is returned
            // below)
            if let Some(q) = pending.replace(p) {
                if wtx.send(q).is_err() {
                    break;
                }
            }
        }
        drop(wtx);
        writer.join().map_err(|_| anyhow::anyhow!("the table writer thread panicked"))?
    })?;
    tracing::debug!("rows checked for duplicates");
    // Every row is published, so the two aggregates are computed now, side by side, while
    // the last segment's rows are written (the two need only the publisher's rows, the
    // writing only the snapshot): on a single-part run that write is most of the end.
    let (psm, summary, written) = std::thread::scope(|scope| {
        let psm = scope.spawn(|| publisher.pair_sector_month());
        let summary = scope.spawn(|| publisher.pair_summary());
        let written = (|| -> Result<()> {
            if let Some(q) = pending.take() {
                snap.write_all(&[("relations", &q.relations), ("articles", &q.articles), ("errors", &q.errors)])?;
            }
            // the row tables are complete: closed now, and synced in the background meanwhile
            snap.close(&["relations", "articles", "errors"])
        })();
        (psm.join(), summary.join(), written)
    });
    written?;
    tracing::debug!("row tables written, aggregates made");
    drop(last_part);
    let psm = psm.map_err(|_| anyhow::anyhow!("the pair_sector_month thread panicked"))??;
    let summary = summary.map_err(|_| anyhow::anyhow!("the pair_summary thread panicked"))??;
    snap.write_all(&[("pair_sector_month", &psm), ("pair_summary", &summary), ("countries", &dim_countries), ("sectors", &dim_sectors)])?;
    counts.ok = publisher.ok;
    counts.duplicate = publisher.duplicate;
    counts.error = publisher.errors;
    counts.read = counts.ok + counts.duplicate + counts.error;
    let rows: serde_json::Map<String, serde_json::Value> = snap.rows().into_iter().map(|(k, v)| (k, json!(v))).collect();
    anyhow::ensure!(
        rows.get("articles").and_then(|v| v.as_u64()) == Some((counts.ok + counts.duplicate) as u64)
            && rows.get("errors").and_then(|v| v.as_u64()) == Some(counts.error as u64),
        "accounting failed: articles/errors rows do not match read = ok + duplicate + error"
    );
    let dir = snap.finish()?;
    let manifest = json!({
        "schema_version": SCHEMA_VERSION,
        "tool": "bilat",
        "tool_version": env!("CARGO_PKG_VERSION"),
        "started": started.to_rfc3339(),
        "finished": Utc::now().to_rfc3339(),
        "inputs": {"read": counts.read, "ok": counts.ok, "duplicate": counts.duplicate, "error": counts.error},
        "files": {"processed": counts.files_processed, "reused": counts.files_reused},
        "rows": rows,
        "config": {
            "inputs": plan.inputs.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
            "output": plan.output.to_string_lossy(),
            "reference_date": plan.reference.to_string(),
            "formats": plan.formats.iter().map(|f| f.ext()).collect::<Vec<_>>(),
            "lexicons": plan.lexicons.as_ref().map(|p| p.to_string_lossy()),
            "full": plan.full,
            "partition": format!("{:?}", plan.partition).to_lowercase(),
            "csv_bom": plan.csv_bom,
            "shard": plan.shard.map(|(k, n)| format!("{k}/{n}")),
        },
    });
    crate::export::atomic_write(&dir.join("manifest.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)?;
        Ok(())
    })?;
    let mut names: Vec<String> = vec!["manifest.json".into()];
    for t in TABLES {
        for f in &plan.formats {
            if *t == "relations" && *f == Format::Parquet && plan.partition != snapshot::Partition::None {
                names.push("relations".into());
            } else {
                names.push(format!("{t}.{}", f.ext()));
            }
        }
    }
    let previous = snapshot::publish(&plan.output, &dir, &names)?;
    tracing::debug!("snapshot published");

    // 3. only now does the state move on (its parts all on disk); then tidy up
    finished.wait()?;
    state.save(&layout)?;
    collect_garbage(&layout, &plan.output, &dir, previous.as_deref(), &state);
    tracing::debug!("parts written, state saved");

    if !plan.quiet {
        tracing::info!(
            "read {} (ok {}, duplicate {}, error {}); files {} new/changed, {} unchanged; {} relation rows → {}",
            counts.read,
            counts.ok,
            counts.duplicate,
            counts.error,
            counts.files_processed,
            counts.files_reused,
            rows.get("relations").and_then(|v| v.as_u64()).unwrap_or(0),
            plan.output.display()
        );
    }
    teardown.discard((publisher, extractor, lex));
    Ok(counts)
}

/// A progress bar on a terminal only (hidden under cron, in pipes, with `--quiet`).
fn progress_bar(len: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Remove snapshots other than the current and the previous one (a reader may still be
/// in it), and parts the state no longer refers to.
fn collect_garbage(layout: &Layout, output: &Path, current: &Path, previous: Option<&Path>, state: &State) {
    let keep_prev = previous.map(|p| output.join(p));
    if let Ok(rd) = std::fs::read_dir(layout.snapshots()) {
        for e in rd.flatten() {
            let p = e.path();
            if p != current && Some(&p) != keep_prev.as_ref() {
                let _ = std::fs::remove_dir_all(&p);
            }
        }
    }
    let live: std::collections::HashSet<&str> =
        state.files.values().flat_map(|e| e.segments.iter().map(|s| s.part.as_str())).collect();
    if let Ok(rd) = std::fs::read_dir(layout.parts()) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !live.contains(name.as_str()) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}
