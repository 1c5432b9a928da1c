//! The command line: the single list of subcommands and their arguments, turned into
//! checked plans before any work starts.

use crate::cmd;
use crate::export::Format;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, documented in the README.
pub mod exit {
    /// Run finished (input errors, if any, are rows in `errors`).
    pub const OK: u8 = 0;
    /// The run could not finish (bad lexicon, unwritable output …).
    pub const FAILED: u8 = 1;
    /// Bad command line (clap's own code).
    pub const USAGE: u8 = 2;
    /// Another run holds the output folder (see `--wait`).
    pub const BUSY: u8 = 3;
}

#[derive(Parser, Debug)]
#[command(
    name = "bilat",
    version,
    about = "News articles in, country-pair relation tables (CSV, Parquet) out",
    after_help = "Examples:\n  bilat run                              # input/ → output/\n  bilat run --input wires/ --output out/ --reference-date 2024-05-01\n  bilat eval --gold gold.jsonl --input articles.jsonl\n  bilat tone --input ratings.tsv\n  bilat report --output out/"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Process articles into relations, articles, errors and pair_sector_month tables.
    #[command(after_help = "Examples:\n  bilat run\n  bilat run --input input/ --input more.jsonl.gz --output out/\n  bilat run --formats csv,parquet,ipc --reference-date 2022-12-31")]
    Run(RunArgs),
    /// Score the extraction against a gold file (eval/GUIDELINES.md format).
    #[command(after_help = "Example:\n  bilat eval --gold ../shared/eval/dev/reuters_dev_gold.jsonl --input ../shared/eval/dev/reuters_dev_input.jsonl")]
    Eval(EvalArgs),
    /// Stream JSON Lines articles from stdin to JSON Lines rows on stdout (for Spark's RDD.pipe, GNU parallel).
    #[command(after_help = "Example:\n  zcat feed.jsonl.gz | bilat extract --stdin > rows.jsonl")]
    Extract(ExtractArgs),
    /// Build pair_sector_month and pair_summary from a relations Parquet dataset (file, glob or Hive folder).
    #[command(after_help = "Examples:\n  bilat aggregate --input 'out/shard-*/current/relations.parquet' --output combined/\n  bilat aggregate --input spark-out/relations/ --output combined/")]
    Aggregate(AggregateArgs),
    /// Write a self-contained report.html (charts, evidence, accounting) from a published output folder.
    #[command(after_help = "Examples:\n  bilat report                 # output/ → output/report.html\n  bilat report --output out/")]
    Report(ReportArgs),
    /// Score sentences with the tone model against human ratings (id<TAB>rating<TAB>text).
    #[command(after_help = "Example:\n  bilat tone --input ../shared/corpora/nyt_editorial_snippets.tsv --out scores.csv")]
    Tone(ToneArgs),
}

#[derive(Args, Debug, Default)]
struct Common {
    /// Input files or directories (recursive); default `input/`.
    #[arg(long, short)]
    input: Vec<PathBuf>,
    /// Date used when an article gives none, and to anchor dateline years (YYYY-MM-DD); default today.
    #[arg(long)]
    reference_date: Option<String>,
    /// A folder of lexicon files that extend or replace the embedded ones.
    #[arg(long)]
    lexicons: Option<PathBuf>,
}

#[derive(Args, Debug, Default)]
struct RunArgs {
    #[command(flatten)]
    common: Common,
    /// Output folder.
    #[arg(long, short, default_value = "output")]
    output: PathBuf,
    /// Table formats, comma-separated: csv, parquet, ipc.
    #[arg(long, default_value = "csv,parquet")]
    formats: String,
    /// Only errors on stderr (for cron): no summary line, no progress bar.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Also log each file as it is read.
    #[arg(long, short)]
    verbose: bool,
    /// Ignore what earlier runs stored and rebuild everything.
    #[arg(long)]
    full: bool,
    /// If another run holds the output folder, wait for it instead of exiting (code 3).
    #[arg(long)]
    wait: bool,
    /// Write relations as a Hive-partitioned Parquet dataset: relations/year=…/month=…/
    #[arg(long, value_parser = ["none", "year", "month"], default_value = "none")]
    partition: String,
    /// Start CSV files with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    csv_bom: bool,
    /// Process only the K-th of N slices of the input (by article content), e.g. 2/3.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
}

fn shard(s: &Option<String>) -> Result<Option<(u64, u64)>> {
    let Some(s) = s else { return Ok(None) };
    let parsed = s.split_once('/').and_then(|(k, n)| Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok(Some((k, n))),
        _ => bail!("--shard {s:?}: expected K/N with 1 <= K <= N"),
    }
}

#[derive(Args, Debug)]
struct EvalArgs {
    #[command(flatten)]
    common: Common,
    /// Gold file (JSON Lines).
    #[arg(long)]
    gold: PathBuf,
    /// Also write the scores as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
    /// List each article's missing and spurious pairs.
    #[arg(long)]
    show_errors: bool,
}

#[derive(Args, Debug)]
struct ExtractArgs {
    /// Read articles from standard input (the only source this mode has).
    #[arg(long, required = true)]
    stdin: bool,
    #[arg(long)]
    reference_date: Option<String>,
    #[arg(long)]
    lexicons: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct AggregateArgs {
    /// A relations Parquet file, a glob of them, or a (Hive-partitioned) folder.
    #[arg(long, short)]
    input: PathBuf,
    #[arg(long, short)]
    output: PathBuf,
    #[arg(long, default_value = "csv,parquet")]
    formats: String,
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// The output folder of `bilat run` (the report is written into it as report.html).
    #[arg(long, short, default_value = "output")]
    output: PathBuf,
}

#[derive(Args, Debug)]
struct ToneArgs {
    /// Ratings file: id, rating, sentence (tab-separated).
    #[arg(long, short)]
    input: PathBuf,
    /// Write per-sentence scores as CSV.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    lexicons: Option<PathBuf>,
}

fn reference(s: &Option<String>) -> Result<NaiveDate> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Ok(d),
            Err(e) => bail!("--reference-date {s:?}: {e} (expected YYYY-MM-DD)"),
        },
    }
}

fn inputs(v: &[PathBuf]) -> Vec<PathBuf> {
    if v.is_empty() {
        vec![PathBuf::from("input")]
    } else {
        v.to_vec()
    }
}

fn formats(s: &str) -> Result<Vec<Format>> {
    s.split(',')
        .map(|f| match f.trim() {
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            "ipc" | "arrow" | "feather" => Ok(Format::Ipc),
            other => bail!("unknown format {other:?} (csv, parquet, ipc)"),
        })
        .collect()
}

/// Parse arguments, run, map the outcome to an exit code.
pub fn main() -> ExitCode {
    ExitCode::from(status())
}

/// `main`'s work, for a binary that ends the process itself: the exit code as a number
/// (clap exits on its own for a bad command line or `--help`). Meant to be the last
/// thing a process does: `bilat run` leaves its large structures to the OS (see
/// `run::run_then_exit`).
pub fn status() -> u8 {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => exit::OK,
        Err(e) if e.downcast_ref::<crate::state::Busy>().is_some() => {
            eprintln!("bilat: {e}");
            exit::BUSY
        }
        Err(e) => {
            eprintln!("bilat: error: {e:#}");
            exit::FAILED
        }
    }
}

/// Logs go to stderr: errors only with `--quiet`, per-file detail with `--verbose`.
fn init_logging(quiet: bool, verbose: bool) {
    let level = if quiet {
        tracing::Level::ERROR
    } else if verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

fn dispatch(cli: Cli) -> Result<()> {
    let default_run = RunArgs { formats: "csv,parquet".into(), output: "output".into(), partition: "none".into(), ..Default::default() };
    match cli.command.unwrap_or(Command::Run(default_run)) {
        Command::Run(a) => {
            init_logging(a.quiet, a.verbose);
            let plan = cmd::run::RunPlan {
                inputs: inputs(&a.common.input),
                output: a.output,
                reference: reference(&a.common.reference_date)?,
                formats: formats(&a.formats)?,
                lexicons: a.common.lexicons,
                quiet: a.quiet,
                full: a.full,
                wait: a.wait,
                partition: match a.partition.as_str() {
                    "year" => crate::export::snapshot::Partition::Year,
                    "month" => crate::export::snapshot::Partition::Month,
                    _ => crate::export::snapshot::Partition::None,
                },
                csv_bom: a.csv_bom,
                shard: shard(&a.shard)?,
            };
            cmd::run::run_then_exit(&plan)?;
        }
        Command::Eval(a) => {
            let plan = cmd::eval::EvalPlan {
                gold: a.gold,
                inputs: inputs(&a.common.input),
                reference: reference(&a.common.reference_date)?,
                lexicons: a.common.lexicons,
                json: a.json,
                show_errors: a.show_errors,
            };
            cmd::eval::run(&plan)?;
        }
        Command::Extract(a) => {
            init_logging(true, false);
            let _ = a.stdin;
            cmd::extract::run(reference(&a.reference_date)?, a.lexicons.as_deref())?;
        }
        Command::Aggregate(a) => {
            init_logging(false, false);
            cmd::aggregate::run(&a.input, &a.output, &formats(&a.formats)?)?;
        }
        Command::Report(a) => {
            let path = cmd::report::run(&a.output)?;
            println!("{}", path.display());
        }
        Command::Tone(a) => {
            cmd::tone::run(&a.input, a.out.as_ref(), a.lexicons.as_deref())?;
        }
    }
    Ok(())
}
