//! The stages wired together: ingest streams articles, batches of them are parsed and
//! extracted in parallel (rayon), and the results are written as parts (typed frames on
//! disk) as soon as a part is full. Memory holds one part at most, however large the
//! input; the polars work happens between batches, never inside the rayon loop.

use crate::export::atomic_write;
use crate::extract::Extractor;
use crate::ingest::{self, InputFile};
use crate::lexicon::Lexicons;
use crate::model::{Article, InputError};
use crate::parse;
use crate::state::{FileEntry, Layout, Segment};
use crate::transform::frames::{part_frames_named, CountryNames};
use crate::transform::{dedup, ArticleOut, PartFrames};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Articles per parallel batch.
pub const BATCH: usize = 2048;
/// The first batch of a run: smaller, so the workers start as soon as a few articles
/// are read instead of idling while the reader fills a whole batch; each batch after
/// it doubles, up to `BATCH`.
const FIRST_BATCH: usize = 128;
/// Articles per part file.
pub const PART_ARTICLES: usize = 40_000;
/// Records the reader thread may queue ahead of the batch being filled.
const READ_AHEAD: usize = BATCH;

/// Parse and extract one article.
pub fn process_one(article: Article, extractor: &Extractor, reference: NaiveDate) -> ArticleOut {
    process(article, Some(extractor), reference)
}

/// Parse one article, and extract it unless it belongs to another shard (then only its
/// duplicate signatures are kept, so every shard marks duplicates exactly as one run).
fn process(article: Article, extractor: Option<&Extractor>, reference: NaiveDate) -> ArticleOut {
    let doc = parse::parse(article, reference);
    let ex = match extractor {
        Some(e) => e.extract(&doc),
        None => crate::model::Extraction { countries: Vec::new(), relations: Vec::new() },
    };
    let body_start = doc.text.find('\n').map(|i| i + 1).unwrap_or(0);
    let simhash = dedup::simhash(&doc.text[body_start..]);
    let sketch = dedup::sketch(doc.sentences.iter().filter(|s| s.paragraph > 0).map(|s| doc.sentence_text(s)));
    let n_sentences = doc.sentences.len() as u32;
    // the document's strings move into the output (it is not needed after this)
    ArticleOut {
        article_id: doc.id,
        source_path: doc.source_path,
        record: doc.record,
        title: doc.title,
        date: doc.date,
        date_source: doc.date_source.as_str(),
        dateline_place: doc.dateline.map(|d| d.place),
        source: doc.source,
        n_sentences,
        countries: ex.countries,
        simhash,
        sketch,
        content_hash: doc.content_hash,
        relations: ex.relations,
        foreign: extractor.is_none(),
    }
}

/// Process a batch in parallel, in order; `true` marks another shard's article.
fn process_batch(batch: Vec<(Article, bool)>, extractor: &Extractor, reference: NaiveDate) -> Vec<ArticleOut> {
    batch.into_par_iter().map(|(a, foreign)| process(a, (!foreign).then_some(extractor), reference)).collect()
}

/// Parse and extract every article of the given files, in input order, in memory: for
/// `eval` and tests, where inputs are small.
pub fn process_all(files: &[InputFile], extractor: &Extractor, reference: NaiveDate) -> (Vec<ArticleOut>, Vec<InputError>) {
    let mut batch = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        ingest::read_file(f, &mut |r| match r {
            Ok(a) => batch.push(a),
            Err(e) => errors.push(e),
        });
    }
    let arts = batch.into_par_iter().map(|a| process_one(a, extractor, reference)).collect();
    (arts, errors)
}

/// One file's rows in the part being filled, in article/error index space.
struct Span {
    key: String,
    art: (usize, usize),
    err: (usize, usize),
}

/// Fills parts from files, writing each part when full.
pub struct PartWriter<'a> {
    layout: &'a Layout,
    extractor: &'a Extractor,
    lex: &'a Lexicons,
    reference: NaiveDate,
    run_id: String,
    n_parts: usize,
    /// Articles waiting for the next parallel batch; `true` marks another shard's.
    batch: Vec<(Article, bool)>,
    arts: Vec<ArticleOut>,
    errs: Vec<InputError>,
    spans: Vec<Span>,
    /// Segments of files finished or in progress, by key.
    segments: Vec<(String, Vec<Segment>)>,
    pub articles_read: usize,
    /// Keep only the K-th of N slices (1-based K).
    shard: Option<(u64, u64)>,
    /// Articles the next parallel batch waits for (`FIRST_BATCH`, doubling to `BATCH`).
    batch_size: usize,
    /// Articles of the batch being processed while the next one fills.
    in_flight: usize,
    /// Country names for building parts on the writer thread (made at the first part).
    names: Option<Arc<CountryNames>>,
    /// The part being built and written in the background while the next one fills.
    pending: Option<std::thread::JoinHandle<Result<()>>>,
    /// The process exits after the run: the last part's articles are left for the OS to
    /// take back rather than freed one allocation at a time (see `run_then_exit`).
    leave_last: bool,
}

/// Which of `n` shards (0-based) an article belongs to: by its normalised content, so
/// exact duplicates always land in the same shard and dedup stays exact per shard.
pub fn shard_of_article(a: &Article, n: u64) -> u64 {
    let h = parse::hash_content(&a.title, &a.body);
    xxhash_rust::xxh3::xxh3_64(h.as_bytes()) % n
}

/// Which shard an error row belongs to: by its file and line.
pub fn shard_of_error(e: &InputError, n: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(e.source_path.as_bytes(), e.line.unwrap_or(0)) % n
}

impl<'a> PartWriter<'a> {
    pub fn new(layout: &'a Layout, extractor: &'a Extractor, lex: &'a Lexicons, reference: NaiveDate, run_id: &str) -> Self {
        PartWriter {
            layout,
            extractor,
            lex,
            reference,
            run_id: run_id.to_owned(),
            n_parts: 0,
            batch: Vec::with_capacity(BATCH),
            arts: Vec::new(),
            errs: Vec::new(),
            spans: Vec::new(),
            segments: Vec::new(),
            articles_read: 0,
            shard: None,
            batch_size: FIRST_BATCH,
            in_flight: 0,
            names: None,
            pending: None,
            leave_last: false,
        }
    }

    /// Leave the last part's processed articles unfreed: for a process that exits as
    /// soon as the run returns (freeing them was 1% of a run's CPU, at its end).
    pub fn leaving_last_part(mut self, leave: bool) -> Self {
        self.leave_last = leave;
        self
    }

    /// Process only the K-th of N slices of the input (K is 1-based).
    pub fn with_shard(mut self, shard: Option<(u64, u64)>) -> Self {
        self.shard = shard;
        self
    }

    fn n_articles(&self) -> usize {
        self.arts.len() + self.in_flight + self.batch.len()
    }

    /// The batch filled so far, taken for processing; the next one may be twice as large.
    fn take_batch(&mut self) -> Vec<(Article, bool)> {
        self.batch_size = (self.batch_size * 2).min(BATCH);
        std::mem::take(&mut self.batch)
    }

    fn run_batch(&mut self) {
        let done = process_batch(self.take_batch(), self.extractor, self.reference);
        self.arts.extend(done);
    }

    /// Add the outputs of the batch sent off to the pool, once it is done.
    fn land(&mut self, batch: Option<std::thread::ScopedJoinHandle<'_, Vec<ArticleOut>>>) -> Result<()> {
        if let Some(h) = batch {
            let done = h.join().map_err(|_| anyhow::anyhow!("a processing batch panicked"))?;
            if self.arts.is_empty() {
                // room for a whole part at once: growing by doubling copied the part's
                // articles about twice over and faulted in each larger copy afresh
                // (pages of the room not yet filled are never touched)
                self.arts.reserve(PART_ARTICLES + BATCH);
            }
            self.arts.extend(done);
            self.in_flight = 0;
        }
        Ok(())
    }

    /// Read one file into the current part (and further parts when it fills them).
    pub fn add_file(&mut self, file: &InputFile, key: &str) -> Result<()> {
        self.segments.push((key.to_owned(), Vec::new()));
        self.spans.push(Span { key: key.to_owned(), art: (self.n_articles(), self.n_articles()), err: (self.errs.len(), self.errs.len()) });
        let mut failure = None;
        // Reading and decoding (JSON parsing, gunzip) run on a thread of their own, a
        // bounded queue ahead of the batches, so they overlap the parallel processing of
        // the batch before instead of leaving the workers idle while the next is read.
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Article, InputError>>(READ_AHEAD);
            let stop = &stop;
            let (extractor, reference) = (self.extractor, self.reference);
            let mut in_flight: Option<std::thread::ScopedJoinHandle<'_, Vec<ArticleOut>>> = None;
            scope.spawn(move || {
                ingest::read_file(file, &mut |r| {
                    // after a failure the rest of the file is read but not queued
                    if !stop.load(Ordering::Relaxed) && tx.send(r).is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                });
            });
            for r in rx {
                let mut foreign = false;
                if let Some((k, n)) = self.shard {
                    match &r {
                        Ok(a) => foreign = shard_of_article(a, n) != k - 1,
                        Err(e) if shard_of_error(e, n) != k - 1 => continue,
                        Err(_) => {}
                    }
                }
                match r {
                    Ok(a) => {
                        self.articles_read += 1;
                        self.batch.push((a, foreign));
                        if self.batch.len() >= self.batch_size {
                            // A full batch goes to the pool on a thread of its own, and
                            // the next one fills meanwhile: the workers no longer wait
                            // while this thread drains the reader's queue.
                            if let Err(e) = self.land(in_flight.take()) {
                                failure = Some(e);
                                stop.store(true, Ordering::Relaxed);
                                break;
                            }
                            let batch = self.take_batch();
                            self.in_flight = batch.len();
                            in_flight = Some(scope.spawn(move || process_batch(batch, extractor, reference)));
                        }
                    }
                    Err(e) => self.errs.push(e),
                }
                let (na, ne) = (self.n_articles(), self.errs.len());
                if let Some(s) = self.spans.last_mut() {
                    s.art.1 = na;
                    s.err.1 = ne;
                }
                if self.n_articles() >= PART_ARTICLES {
                    if let Err(e) = self.land(in_flight.take()).and_then(|()| self.flush_part()) {
                        failure = Some(e);
                        stop.store(true, Ordering::Relaxed);
                        break;
                    }
                }
            }
            // the last batch sent off is in the part before this returns
            if let Err(e) = self.land(in_flight.take()) {
                failure.get_or_insert(e);
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        Ok(())
    }

    /// Wait for the part being written in the background, if any.
    fn wait_pending(&mut self) -> Result<()> {
        match self.pending.take() {
            Some(h) => h.join().map_err(|_| anyhow::anyhow!("the part writer thread panicked"))?,
            None => Ok(()),
        }
    }

    /// Write the current part; the file being read continues in the next one. The part's
    /// frames are built and written on a thread of their own while reading and processing
    /// go on (one part at a time: the previous one is waited for first). `last` hands the
    /// frames back as well, for publishing straight from memory.
    fn flush_part_with(&mut self, last: bool) -> Result<Option<(String, PartFrames)>> {
        self.run_batch();
        self.wait_pending()?;
        if self.spans.is_empty() {
            return Ok(None);
        }
        let id = format!("{}-{:04}", self.run_id, self.n_parts);
        self.n_parts += 1;
        // relation row offsets from per-article row counts
        let mut prefix = Vec::with_capacity(self.arts.len() + 1);
        prefix.push(0usize);
        for a in &self.arts {
            let rows: usize = a.relations.iter().map(|r| r.sectors.len()).sum();
            prefix.push(prefix.last().copied().unwrap_or(0) + rows);
        }
        for span in self.spans.drain(..) {
            let seg = Segment {
                part: id.clone(),
                articles: (span.art.0, span.art.1 - span.art.0),
                relations: (prefix[span.art.0], prefix[span.art.1] - prefix[span.art.0]),
                errors: (span.err.0, span.err.1 - span.err.0),
            };
            if let Some((_, segs)) = self.segments.iter_mut().rev().find(|(k, _)| *k == span.key) {
                segs.push(seg);
            }
        }
        // the file being read (if any) continues at the start of the next part
        if let Some((key, _)) = self.segments.last() {
            self.spans.push(Span { key: key.clone(), art: (0, 0), err: (0, 0) });
        }
        let names = self.names.get_or_insert_with(|| Arc::new(CountryNames::new(self.lex))).clone();
        let (arts, errs) = (std::mem::take(&mut self.arts), std::mem::take(&mut self.errs));
        let dir = self.layout.part(&id);
        if last {
            let frames = part_frames_named(&arts, &errs, &names).map_err(|e| anyhow::anyhow!("building part frames: {e}"))?;
            let copy = frames.clone(); // columns are shared, not copied
            // the articles are freed on the writer thread, off the serial end of the run
            // (or not at all when the process exits next)
            let leave = self.leave_last;
            self.pending = Some(std::thread::spawn(move || {
                if leave {
                    std::mem::forget((arts, errs));
                } else {
                    drop((arts, errs));
                }
                // the run's end waits for this one: written as the columns are
                write_part(&dir, copy, PartCodec::Plain)
            }));
            return Ok(Some((id, frames)));
        }
        self.pending = Some(std::thread::spawn(move || {
            let frames = part_frames_named(&arts, &errs, &names).map_err(|e| anyhow::anyhow!("building part frames: {e}"))?;
            drop((arts, errs));
            write_part(&dir, frames, PartCodec::Lz4)
        }));
        Ok(None)
    }

    fn flush_part(&mut self) -> Result<()> {
        self.flush_part_with(false).map(|_| ())
    }

    /// Write the last part; return each file's segments. The last part is still being
    /// written when this returns: call `FinishedParts::wait` before relying on it on disk.
    pub fn finish(mut self) -> Result<FinishedParts> {
        let mut last = None;
        if self.spans.iter().any(|s| s.art.1 > s.art.0 || s.err.1 > s.err.0) || !self.arts.is_empty() || !self.batch.is_empty() {
            last = self.flush_part_with(true)?;
        }
        // drop empty trailing spans
        for (_, segs) in self.segments.iter_mut() {
            segs.retain(|s| s.articles.1 > 0 || s.errors.1 > 0);
        }
        Ok(FinishedParts { segments: std::mem::take(&mut self.segments), last, pending: self.pending.take() })
    }
}

impl Drop for PartWriter<'_> {
    fn drop(&mut self) {
        // an early return (an error) must not leave a part being written behind it
        let _ = self.wait_pending();
    }
}

/// What `PartWriter::finish` hands back: each file's segments, the last part's frames
/// (still in memory), and the background write of that part.
pub struct FinishedParts {
    pub segments: Vec<(String, Vec<Segment>)>,
    /// (part id, frames) of the last part written.
    pub last: Option<(String, PartFrames)>,
    pending: Option<std::thread::JoinHandle<Result<()>>>,
}

impl FinishedParts {
    /// Wait until every part is on disk.
    pub fn wait(&mut self) -> Result<()> {
        match self.pending.take() {
            Some(h) => h.join().map_err(|_| anyhow::anyhow!("the part writer thread panicked"))?,
            None => Ok(()),
        }
    }
}

impl Drop for FinishedParts {
    fn drop(&mut self) {
        // never leave a part half-written behind an early return
        let _ = self.wait();
    }
}

/// How a part's files are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartCodec {
    /// LZ4: parts written while the run reads on, in the background.
    Lz4,
    /// None: the run's last part, which the end of the run waits for. Compressing it
    /// was about 2.3% of a 1× Reuters run's instructions, all of it on the run's serial
    /// end; left plain it takes about 2.7 times the disk (one part of at most
    /// `PART_ARTICLES` articles per run, about 10 MB for all of Reuters-21578).
    Plain,
}

/// Write a part's three frames as Arrow IPC files in `dir`. Parts are the run's own
/// state, read back only by bilat (the reader takes either codec): IPC stores the
/// columns as they are in memory, with none of Parquet's encoding (which cost 1.3% of a
/// run's instructions), for about a quarter more disk.
///
/// The files are what polars' `IpcWriter` writes (same schema, batches and footer), but
/// the buffer each record batch is serialised into is sized once, from the largest
/// frame, and shared by the three files. Grown by doubling from empty, it was copied
/// about twice over into memory never touched before: a quarter of a 1× run's page
/// faults, whose zeroing was the largest kernel cost of the run.
pub fn write_part(dir: &Path, mut frames: PartFrames, codec: PartCodec) -> Result<()> {
    use polars_arrow::io::ipc::write::{Compression, EncodedData, FileWriter, WriteOptions};
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let room = [&frames.articles, &frames.relations, &frames.errors].iter().map(|df| df.estimated_size()).max().unwrap_or(0);
    // (room for the padding that aligns each buffer, too)
    let mut scratch = EncodedData { ipc_message: Vec::new(), arrow_data: Vec::with_capacity(room + (1 << 16)) };
    let options = WriteOptions { compression: (codec == PartCodec::Lz4).then_some(Compression::LZ4) };
    for (name, df) in [("articles", &mut frames.articles), ("relations", &mut frames.relations), ("errors", &mut frames.errors)] {
        let failed = |e: PolarsError| anyhow::anyhow!("writing part {name}: {e}");
        df.align_chunks_par();
        let schema = df.schema().to_arrow(CompatLevel::newest());
        atomic_write(&dir.join(format!("{name}.arrow")), |w| {
            let mut writer = FileWriter::try_new(w, Arc::new(schema), None, options).map_err(failed)?;
            writer.set_scratches(std::mem::take(&mut scratch));
            for batch in df.iter_chunks(CompatLevel::newest(), true) {
                writer.write(&batch, None).map_err(failed)?;
            }
            writer.finish().map_err(failed)?;
            scratch = writer.get_scratches();
            Ok(())
        })?;
    }
    Ok(())
}

/// Read a part back.
pub fn read_part(dir: &Path) -> Result<PartFrames> {
    let read = |name: &str| -> Result<DataFrame> {
        let p = dir.join(format!("{name}.arrow"));
        let f = std::fs::File::open(&p).with_context(|| format!("opening {}", p.display()))?;
        IpcReader::new(f).finish().map_err(|e| anyhow::anyhow!("reading {}: {e}", p.display()))
    };
    Ok(PartFrames { articles: read("articles")?, relations: read("relations")?, errors: read("errors")? })
}

/// A file's size and modification time, the state's test for "unchanged".
pub fn file_stamp(path: &Path) -> Option<(u64, i128)> {
    let m = std::fs::metadata(path).ok()?;
    let t = m.modified().ok()?;
    let ns = match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Some((m.len(), ns))
}

/// A fresh entry for a processed file.
pub fn entry(path: &Path, segments: Vec<Segment>) -> FileEntry {
    let (size, mtime_ns) = file_stamp(path).unwrap_or((0, 0));
    FileEntry { size, mtime_ns, segments }
}
