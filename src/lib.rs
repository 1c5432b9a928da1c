//! bilat: news articles in, country-pair relation tables out.
//!
//! The modules follow the pipeline: `ingest` (files → `Article`), `parse`
//! (`Article` → `Document`), `extract` (`Document` → mentions and `Relation`s),
//! `transform` (polars frames), `export` (CSV/Parquet/IPC, manifest). `lexicon` holds
//! the facts extraction resolves against; `cmd` wires stages for each subcommand.

pub mod cli;
pub mod cmd;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod report;
pub mod state;
pub mod swar;
pub mod transform;
