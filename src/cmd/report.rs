//! `bilat report`: read a published output folder and write `report.html` beside the
//! tables (atomically), a single file that opens offline.

use crate::report;
use anyhow::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Build the report for `output` and return the path written.
pub fn run(output: &Path) -> Result<PathBuf> {
    let data = report::load(output)?;
    let html = report::page::render(&data)?;
    let path = output.join("report.html");
    crate::export::atomic_write(&path, |w| Ok(w.write_all(html.as_bytes())?))?;
    Ok(path)
}
