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

/// One table being written in every requested format.
struct TableWriter {
    name: String,
    csv: Option<CsvTable<BufWriter<File>>>,
    parquet: Option<Parquet>,
    ipc: Option<Ipc>,
    rows: usize,
}

/// A snapshot folder being filled.
pub struct Snapshot {
    pub dir: PathBuf,
    tables: Vec<TableWriter>,
    formats: Vec<Format>,
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, File::create(path).with_context(|| format!("creating {}", path.display()))?))
}

impl Snapshot {
    /// Start a snapshot in `dir` with the given tables (name, empty frame giving the schema).
    pub fn create(dir: PathBuf, schemas: &[(&str, &DataFrame)], formats: &[Format]) -> Result<Self> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let mut tables = Vec::new();
        for (name, empty) in schemas {
            let names: Vec<&str> = empty.get_column_names().iter().map(|n| n.as_str()).collect();
            let schema = empty.schema();
            let mut t = TableWriter { name: name.to_string(), csv: None, parquet: None, ipc: None, rows: 0 };
            for f in formats {
                let path = dir.join(format!("{name}.{}", f.ext()));
                match f {
                    Format::Csv => t.csv = Some(CsvTable::new(create(&path)?, &names)?),
                    Format::Parquet => {
                        let kv = KeyValueMetadata::from_static(vec![
                            ("bilat.schema_version".to_owned(), SCHEMA_VERSION.to_owned()),
                            ("bilat.table".to_owned(), name.to_string()),
                        ]);
                        t.parquet = Some(
                            ParquetWriter::new(create(&path)?)
                                .with_compression(ParquetCompression::Zstd(None))
                                .with_key_value_metadata(Some(kv))
                                .batched(schema)
                                .map_err(|e| anyhow::anyhow!("{name}.parquet: {e}"))?,
                        );
                    }
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
        Ok(Snapshot { dir, tables, formats: formats.to_vec() })
    }

    /// Append rows to a table.
    pub fn write(&mut self, name: &str, df: &DataFrame) -> Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        let t = self.tables.iter_mut().find(|t| t.name == name).with_context(|| format!("no table {name}"))?;
        t.rows += df.height();
        if let Some(c) = t.csv.as_mut() {
            c.write(df)?;
        }
        if let Some(p) = t.parquet.as_mut() {
            p.write_batch(df).map_err(|e| anyhow::anyhow!("{name}.parquet: {e}"))?;
        }
        if let Some(i) = t.ipc.as_mut() {
            i.write_batch(df).map_err(|e| anyhow::anyhow!("{name}.arrow: {e}"))?;
        }
        Ok(())
    }

    /// Rows written per table.
    pub fn rows(&self) -> Vec<(String, usize)> {
        self.tables.iter().map(|t| (t.name.clone(), t.rows)).collect()
    }

    /// Close every file and sync it and the folder to disk.
    pub fn finish(self) -> Result<PathBuf> {
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
        }
        let _ = &self.formats;
        sync_dir_files(&self.dir)?;
        Ok(self.dir)
    }
}

/// The default Arrow IPC field descriptions of a schema (what a one-shot IPC write uses).
fn ipc_fields(schema: &Schema) -> Vec<polars_arrow::io::ipc::IpcField> {
    let arrow = schema.to_arrow(CompatLevel::newest());
    polars_arrow::io::ipc::write::default_ipc_fields(arrow.iter_values())
}

fn sync_dir_files(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_file() {
            File::open(&p)?.sync_all()?;
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
