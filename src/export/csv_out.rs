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
    row: Vec<String>,
}

impl<W: Write> CsvTable<W> {
    /// Start a table and write its header.
    pub fn new(out: W, names: &[&str]) -> anyhow::Result<Self> {
        let mut w = csv::WriterBuilder::new().from_writer(out);
        w.write_record(names)?;
        Ok(CsvTable { w, row: Vec::new() })
    }

    /// Append a frame's rows.
    pub fn write(&mut self, df: &DataFrame) -> anyhow::Result<()> {
        let cols = df.columns();
        for i in 0..df.height() {
            self.row.clear();
            for c in cols {
                self.row.push(cell(c.get(i)?));
            }
            self.w.write_record(&self.row)?;
        }
        Ok(())
    }

    /// Flush and hand back the writer.
    pub fn finish(self) -> anyhow::Result<W> {
        self.w.into_inner().map_err(|e| anyhow::anyhow!("flushing CSV: {}", e.error()))
    }
}

fn cell(v: AnyValue) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => neutralise(s),
        AnyValue::StringOwned(s) => neutralise(s.as_str()),
        AnyValue::Date(d) => crate::transform::frames::from_days(d).format("%Y-%m-%d").to_string(),
        AnyValue::Float64(f) => format_float(f),
        AnyValue::Float32(f) => format_float(f as f64),
        AnyValue::List(s) => {
            let parts: Vec<String> = s
                .str()
                .map(|ca| ca.iter().flatten().map(str::to_owned).collect())
                .unwrap_or_default();
            neutralise(&parts.join(";"))
        }
        AnyValue::Boolean(b) => b.to_string(),
        other => other.to_string().trim_matches('"').to_owned(),
    }
}

/// Plain decimal notation (Rust's `Display` for floats never uses exponents).
fn format_float(f: f64) -> String {
    if f.is_finite() {
        format!("{f}")
    } else {
        String::new()
    }
}

/// Prefix cells a spreadsheet would evaluate (`=`, `+`, `-`, `@`, tab, CR) with `'`.
pub fn neutralise(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
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
