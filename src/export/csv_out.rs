//! CSV for spreadsheets: RFC 4180 via the csv crate, ISO dates, plain decimals, lists
//! joined with `;`, and text cells that a spreadsheet would run as a formula
//! neutralised with a leading apostrophe (OWASP's advice). Numbers are never touched.

use polars::prelude::*;
use std::io::Write;

/// Write a frame as CSV.
pub fn write<W: Write>(df: &DataFrame, out: W) -> anyhow::Result<()> {
    let mut t = CsvTable::new(out, &df.get_column_names().iter().map(|n| n.as_str()).collect::<Vec<_>>())?;
    t.write(df)?;
    t.finish()?;
    Ok(())
}

/// A CSV file written chunk by chunk.
pub struct CsvTable<W: Write> {
    w: csv::Writer<W>,
    /// The cell being formatted (reused: no allocation per cell).
    cell: String,
}

impl<W: Write> CsvTable<W> {
    /// Start a table and write its header.
    pub fn new(out: W, names: &[&str]) -> anyhow::Result<Self> {
        let mut w = csv::WriterBuilder::new().from_writer(out);
        w.write_record(names)?;
        Ok(CsvTable { w, cell: String::new() })
    }

    /// Append a frame's rows. Columns are walked with one iterator each (not looked up
    /// cell by cell), and each cell is formatted into one reused buffer.
    pub fn write(&mut self, df: &DataFrame) -> anyhow::Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        let series: Vec<&Series> = df.columns().iter().map(|c| c.as_materialized_series()).collect();
        let mut iters: Vec<_> = series.iter().map(|s| s.iter()).collect();
        for _ in 0..df.height() {
            for it in iters.iter_mut() {
                self.cell.clear();
                cell_into(it.next().unwrap_or(AnyValue::Null), &mut self.cell);
                self.w.write_field(self.cell.as_bytes())?;
            }
            self.w.write_record(None::<&[u8]>)?;
        }
        Ok(())
    }

    /// Flush and hand back the writer.
    pub fn finish(self) -> anyhow::Result<W> {
        self.w.into_inner().map_err(|e| anyhow::anyhow!("flushing CSV: {}", e.error()))
    }
}

/// Format one value as its CSV text into `out` (which is empty).
fn cell_into(v: AnyValue, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        AnyValue::Null => {}
        AnyValue::String(s) => neutralise_into(s, out),
        AnyValue::StringOwned(s) => neutralise_into(s.as_str(), out),
        AnyValue::Date(d) => {
            let _ = write!(out, "{}", crate::transform::frames::from_days(d).format("%Y-%m-%d"));
        }
        AnyValue::Float64(f) => format_float_into(f, out),
        AnyValue::Float32(f) => format_float_into(f as f64, out),
        AnyValue::List(s) => {
            let mut joined = String::new();
            if let Ok(ca) = s.str() {
                for (k, part) in ca.iter().flatten().enumerate() {
                    if k > 0 {
                        joined.push(';');
                    }
                    joined.push_str(part);
                }
            }
            neutralise_into(&joined, out);
        }
        AnyValue::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        other => out.push_str(other.to_string().trim_matches('"')),
    }
}

/// Plain decimal notation (Rust's `Display` for floats never uses exponents).
fn format_float_into(f: f64, out: &mut String) {
    use std::fmt::Write as _;
    if f.is_finite() {
        let _ = write!(out, "{f}");
    }
}

/// Prefix cells a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR) with `'`.
pub fn neutralise(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    neutralise_into(s, &mut out);
    out
}

fn neutralise_into(s: &str, out: &mut String) {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    out.push_str(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_neutralised_numbers_not() {
        let df = df!("t" => ["=1+1", "ok", "@x"], "s" => [-0.5f64, 0.25, 1.0]).unwrap();
        let mut buf = Vec::new();
        write(&df, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "t,s\n'=1+1,-0.5\nok,0.25\n'@x,1\n");
    }
}
