//! A snapshot: one complete set of published tables and their manifest, written into
//! its own folder (`.bilat/snapshots/<id>/`) and published by swapping one symlink
//! (`current`), so readers see the previous set or the new one, never a mix or a
//! half-written file. The top-level names (`output/relations.csv` …) are symlinks
//! through `current`.

use super::csv_out::CsvTable;
use super::{Format, SCHEMA_VERSION};
use anyhow::{Context, Result};
use polars::prelude::*;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

type Parquet = polars::io::parquet::write::BatchedWriter<BufWriter<File>>;
type Ipc = polars::io::ipc::BatchedWriter<BufWriter<File>>;

/// How the `relations` Parquet dataset is split into Hive-style folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    None,
    Year,
    Month,
}

/// One table being written in every requested format.
struct TableWriter {
    name: String,
    csv: Option<CsvTable<BufWriter<File>>>,
    parquet: Option<Parquet>,
    ipc: Option<Ipc>,
    /// Hive partitions: folder → writer (relations only, with `--partition`).
    partitions: Option<std::collections::BTreeMap<String, Parquet>>,
    schema: Schema,
    rows: usize,
    /// Closed early by `Snapshot::close`: no more rows.
    closed: bool,
}

impl TableWriter {
    /// Append rows in every format.
    fn append(&mut self, dir: &Path, partition: Partition, df: &DataFrame) -> Result<()> {
        let name = self.name.as_str();
        // CSV is formatted on a thread of its own while Parquet is encoded here: the two
        // files are independent, and both cost about as much.
        let (csv, parquet) = (&mut self.csv, &mut self.parquet);
        std::thread::scope(|scope| -> Result<()> {
            let csv_done = csv.as_mut().map(|c| scope.spawn(move || c.write(df)));
            if let Some(p) = parquet.as_mut() {
                p.write_batch(df).map_err(|e| anyhow::anyhow!("{name}.parquet: {e}"))?;
            }
            if let Some(h) = csv_done {
                h.join().map_err(|_| anyhow::anyhow!("{name}.csv: the CSV writer panicked"))??;
            }
            Ok(())
        })?;
        if let Some(i) = self.ipc.as_mut() {
            i.write_batch(df).map_err(|e| anyhow::anyhow!("{name}.arrow: {e}"))?;
        }
        if let Some(parts) = self.partitions.as_mut() {
            write_partitioned(dir, name, &self.schema, partition, parts, df)?;
        }
        Ok(())
    }
}

/// A snapshot folder being filled.
pub struct Snapshot {
    pub dir: PathBuf,
    tables: Vec<TableWriter>,
    formats: Vec<Format>,
    partition: Partition,
    /// Syncs of tables closed early, running in the background.
    syncing: Vec<std::thread::JoinHandle<std::io::Result<()>>>,
}

/// Output options beyond the formats.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub partition: Partition,
    /// Start CSV files with a UTF-8 byte-order mark (Excel needs it to read UTF-8).
    pub csv_bom: bool,
}

fn parquet_writer(path: &Path, name: &str, schema: &Schema) -> Result<Parquet> {
    // Describe the columns with the classic Arrow types (large_string, large_list) rather
    // than the newer view types polars uses in memory: the Parquet data is the same, and
    // pandas cannot yet turn a list of string views into a column.
    let arrow_schema = polars_parquet::write::schema_to_metadata_key(&schema.to_arrow(CompatLevel::oldest()));
    let kv = KeyValueMetadata::from_static(vec![
        (arrow_schema.key, arrow_schema.value.unwrap_or_default()),
        ("bilat.schema_version".to_owned(), SCHEMA_VERSION.to_owned()),
        ("bilat.table".to_owned(), name.to_owned()),
    ]);
    ParquetWriter::new(create(path)?)
        .with_compression(super::PARQUET_COMPRESSION)
        .with_key_value_metadata(Some(kv))
        .batched(schema)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, File::create(path).with_context(|| format!("creating {}", path.display()))?))
}

impl Snapshot {
    /// Start a snapshot in `dir` with the given tables (name, empty frame giving the schema).
    pub fn create(dir: PathBuf, schemas: &[(&str, &DataFrame)], formats: &[Format], opts: Options) -> Result<Self> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut tables = Vec::new();
        for (name, empty) in schemas {
            let names: Vec<&str> = empty.get_column_names().iter().map(|n| n.as_str()).collect();
            let schema = empty.schema();
            let mut t = TableWriter {
                name: name.to_string(),
                csv: None,
                parquet: None,
                ipc: None,
                partitions: None,
                schema: (**schema).clone(),
                rows: 0,
                closed: false,
            };
            for f in formats {
                let path = dir.join(format!("{name}.{}", f.ext()));
                match f {
                    Format::Csv => {
                        let mut w = create(&path)?;
                        if opts.csv_bom {
                            use std::io::Write;
                            w.write_all("\u{feff}".as_bytes())?;
                        }
                        t.csv = Some(CsvTable::new(w, &names)?);
                    }
                    Format::Parquet if *name == "relations" && opts.partition != Partition::None => {
                        t.partitions = Some(Default::default());
                    }
                    Format::Parquet => t.parquet = Some(parquet_writer(&path, name, schema)?),
                    Format::Ipc => {
                        t.ipc = Some(
                            IpcWriter::new(create(&path)?)
                                .batched(schema, ipc_fields(schema))
                                .map_err(|e| anyhow::anyhow!("{name}.arrow: {e}"))?,
                        );
                    }
                }
            }
            tables.push(t);
        }
        Ok(Snapshot { dir, tables, formats: formats.to_vec(), partition: opts.partition, syncing: Vec::new() })
    }

    /// Append rows to a table.
    pub fn write(&mut self, name: &str, df: &DataFrame) -> Result<()> {
        self.write_all(&[(name, df)])
    }

    /// Append rows to several tables at once, each table on a thread of its own (their
    /// files are independent): the tables' Parquet encoding and CSV formatting overlap
    /// instead of one table waiting for the last.
    pub fn write_all(&mut self, batch: &[(&str, &DataFrame)]) -> Result<()> {
        let batch: Vec<(&str, &DataFrame)> = batch.iter().copied().filter(|(_, df)| df.height() > 0).collect();
        let mut work = Vec::new();
        for (t, (name, df)) in pick(&mut self.tables, &batch)? {
            anyhow::ensure!(!t.closed, "table {name} is already closed");
            t.rows += df.height();
            work.push((t, *df));
        }
        let (dir, partition) = (&self.dir, self.partition);
        std::thread::scope(|scope| -> Result<()> {
            let mut work = work.into_iter();
            let first = work.next();
            let others: Vec<_> = work.map(|(t, df)| scope.spawn(move || t.append(dir, partition, df))).collect();
            if let Some((t, df)) = first {
                t.append(dir, partition, df)?;
            }
            for h in others {
                h.join().map_err(|_| anyhow::anyhow!("a table writer panicked"))??;
            }
            Ok(())
        })
    }

    /// Rows written per table.
    pub fn rows(&self) -> Vec<(String, usize)> {
        self.tables.iter().map(|t| (t.name.clone(), t.rows)).collect()
    }

    /// Close the files of these tables now (they take no more rows) and start syncing
    /// them to disk in the background, while the rest of the snapshot is made. (Tables
    /// split into Hive folders are left to `finish`.)
    pub fn close(&mut self, names: &[&str]) -> Result<()> {
        let mut paths = Vec::new();
        for t in self.tables.iter_mut().filter(|t| names.contains(&t.name.as_str()) && t.partitions.is_none() && !t.closed) {
            t.closed = true;
            if let Some(c) = t.csv.take() {
                use std::io::Write;
                let mut w = c.finish()?;
                w.flush()?;
                paths.push(self.dir.join(format!("{}.{}", t.name, Format::Csv.ext())));
            }
            if let Some(p) = t.parquet.take() {
                p.finish().map_err(|e| anyhow::anyhow!("{}.parquet: {e}", t.name))?;
                paths.push(self.dir.join(format!("{}.{}", t.name, Format::Parquet.ext())));
            }
            if let Some(mut i) = t.ipc.take() {
                i.finish().map_err(|e| anyhow::anyhow!("{}.arrow: {e}", t.name))?;
                paths.push(self.dir.join(format!("{}.{}", t.name, Format::Ipc.ext())));
            }
        }
        if !paths.is_empty() {
            self.syncing.push(std::thread::spawn(move || paths.iter().try_for_each(|p| File::open(p)?.sync_all())));
        }
        Ok(())
    }

    /// Close every file and sync it and the folder to disk.
    pub fn finish(self) -> Result<PathBuf> {
        for h in self.syncing {
            h.join().map_err(|_| anyhow::anyhow!("a sync thread panicked"))??;
        }
        for t in self.tables {
            if let Some(c) = t.csv {
                use std::io::Write;
                let mut w = c.finish()?;
                w.flush()?;
            }
            if let Some(p) = t.parquet {
                p.finish().map_err(|e| anyhow::anyhow!("{}.parquet: {e}", t.name))?;
            }
            if let Some(mut i) = t.ipc {
                i.finish().map_err(|e| anyhow::anyhow!("{}.arrow: {e}", t.name))?;
            }
            for (dir, p) in t.partitions.into_iter().flatten() {
                p.finish().map_err(|e| anyhow::anyhow!("{dir}: {e}"))?;
            }
        }
        let _ = (&self.formats, self.partition);
        sync_dir_files(&self.dir)?;
        Ok(self.dir)
    }
}

/// The default Arrow IPC field descriptions of a schema (what a one-shot IPC write uses).
fn ipc_fields(schema: &Schema) -> Vec<polars_arrow::io::ipc::IpcField> {
    let arrow = schema.to_arrow(CompatLevel::newest());
    polars_arrow::io::ipc::write::default_ipc_fields(arrow.iter_values())
}

/// The table writers named in `batch`, each with its rows (a name at most once).
fn pick<'s, 'b>(tables: &'s mut [TableWriter], batch: &'b [(&'b str, &'b DataFrame)]) -> Result<Vec<(&'s mut TableWriter, &'b (&'b str, &'b DataFrame))>> {
    for (k, (name, _)) in batch.iter().enumerate() {
        anyhow::ensure!(tables.iter().any(|t| t.name == *name), "no table {name}");
        anyhow::ensure!(!batch[..k].iter().any(|(n, _)| n == name), "table {name} given twice");
    }
    Ok(tables.iter_mut().filter_map(|t| batch.iter().find(|(n, _)| *n == t.name).map(|b| (t, b))).collect())
}

/// Split a chunk by the year (and month) of its `date` and append each piece to the
/// writer of its Hive folder (`relations/year=1987/month=02/part-0.parquet`); the
/// partition columns live in the folder names, not in the files.
fn write_partitioned(
    dir: &Path,
    name: &str,
    schema: &Schema,
    partition: Partition,
    parts: &mut std::collections::BTreeMap<String, Parquet>,
    df: &DataFrame,
) -> Result<()> {
    let dates = df.column("date")?.date()?.physical().clone();
    let keys: Vec<String> = dates
        .iter()
        .map(|d| {
            let day = crate::transform::frames::from_days(d.unwrap_or(0));
            match partition {
                Partition::Year => format!("year={}", day.format("%Y")),
                _ => format!("year={}/month={}", day.format("%Y"), day.format("%m")),
            }
        })
        .collect();
    let mut distinct: Vec<&String> = keys.iter().collect();
    distinct.sort();
    distinct.dedup();
    for key in distinct {
        let mask: BooleanChunked = keys.iter().map(|k| Some(k == key)).collect();
        let piece = df.filter(&mask)?;
        if !parts.contains_key(key) {
            let folder = dir.join(name).join(key);
            std::fs::create_dir_all(&folder)?;
            parts.insert(key.clone(), parquet_writer(&folder.join("part-0.parquet"), name, schema)?);
        }
        if let Some(w) = parts.get_mut(key) {
            w.write_batch(&piece).map_err(|e| anyhow::anyhow!("{name}/{key}: {e}"))?;
        }
    }
    Ok(())
}

fn sync_dir_files(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_file() {
            File::open(&p)?.sync_all()?;
        } else if p.is_dir() {
            sync_dir_files(&p)?;
        }
    }
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Point `output/current` at `snapshot` (atomically) and make sure each top-level name
/// links through `current`. Returns the previous target of `current`, if any.
pub fn publish(output: &Path, snapshot: &Path, names: &[String]) -> Result<Option<PathBuf>> {
    let current = output.join("current");
    let previous = std::fs::read_link(&current).ok();
    let rel = snapshot.strip_prefix(output).unwrap_or(snapshot);
    swap_symlink(rel, &current)?;
    for name in names {
        let link = output.join(name);
        let target = Path::new("current").join(name);
        if std::fs::read_link(&link).ok().as_deref() != Some(target.as_path()) {
            swap_symlink(&target, &link)?;
        }
    }
    File::open(output)?.sync_all()?;
    Ok(previous)
}

fn swap_symlink(target: &Path, link: &Path) -> Result<()> {
    let dir = link.parent().unwrap_or(Path::new("."));
    let name = link.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.link-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).with_context(|| format!("linking {}", tmp.display()))?;
    std::fs::rename(&tmp, link).with_context(|| format!("publishing {}", link.display()))?;
    Ok(())
}
