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
    /// cell by cell), typed where the type is a common one, and each cell is formatted
    /// into one reused buffer.
    pub fn write(&mut self, df: &DataFrame) -> anyhow::Result<()> {
        if df.height() == 0 {
            return Ok(());
        }
        let series: Vec<&Series> = df.columns().iter().map(|c| c.as_materialized_series()).collect();
        let mut cells: Vec<Cells> = series.iter().map(|s| Cells::new(s)).collect::<PolarsResult<_>>()?;
        for _ in 0..df.height() {
            for c in cells.iter_mut() {
                self.cell.clear();
                c.next_into(&mut self.cell);
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

/// A column's cells in order: read from its typed array for the common types (no
/// `AnyValue` per cell), as `AnyValue`s for the rest. Each formats as `cell_into` would.
enum Cells<'a> {
    Str(Box<dyn Iterator<Item = Option<&'a str>> + 'a>),
    Date(Box<dyn Iterator<Item = Option<i32>> + 'a>),
    Float(Box<dyn Iterator<Item = Option<f64>> + 'a>),
    Unsigned(Box<dyn Iterator<Item = Option<u64>> + 'a>),
    Signed(Box<dyn Iterator<Item = Option<i64>> + 'a>),
    Any(Box<dyn Iterator<Item = AnyValue<'a>> + 'a>),
}

impl<'a> Cells<'a> {
    fn new(s: &'a Series) -> PolarsResult<Self> {
        Ok(match s.dtype() {
            DataType::String => Cells::Str(Box::new(s.str()?.iter())),
            DataType::Date => Cells::Date(Box::new(s.date()?.physical().iter())),
            DataType::Float64 => Cells::Float(Box::new(s.f64()?.iter())),
            DataType::UInt32 => Cells::Unsigned(Box::new(s.u32()?.iter().map(|v| v.map(u64::from)))),
            DataType::UInt64 => Cells::Unsigned(Box::new(s.u64()?.iter())),
            DataType::Int32 => Cells::Signed(Box::new(s.i32()?.iter().map(|v| v.map(i64::from)))),
            DataType::Int64 => Cells::Signed(Box::new(s.i64()?.iter())),
            _ => Cells::Any(Box::new(s.iter())),
        })
    }

    /// Format the next cell into `out` (which is empty); a missing one is empty.
    fn next_into(&mut self, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Cells::Str(it) => {
                if let Some(Some(v)) = it.next() {
                    neutralise_into(v, out);
                }
            }
            Cells::Date(it) => {
                if let Some(Some(d)) = it.next() {
                    date_into(d, out);
                }
            }
            Cells::Float(it) => {
                if let Some(Some(f)) = it.next() {
                    format_float_into(f, out);
                }
            }
            Cells::Unsigned(it) => {
                if let Some(Some(v)) = it.next() {
                    unsigned_into(v, out);
                }
            }
            Cells::Signed(it) => {
                if let Some(Some(v)) = it.next() {
                    let _ = write!(out, "{v}");
                }
            }
            Cells::Any(it) => cell_into(it.next().unwrap_or(AnyValue::Null), out),
        }
    }
}

/// An unsigned integer's decimal digits (as `Display` writes them).
fn unsigned_into(v: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = v;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// A date (days since 1970-01-01) as `%Y-%m-%d`: digits written directly for years
/// 0 … 9999 (what `%Y` zero-pads to four), chrono's formatting otherwise.
fn date_into(days: i32, out: &mut String) {
    use chrono::Datelike;
    use std::fmt::Write as _;
    let d = crate::transform::frames::from_days(days);
    if (0..=9999).contains(&d.year()) {
        let digits = |n: u32, width: u32, out: &mut String| {
            for k in (0..width).rev() {
                out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
            }
        };
        digits(d.year() as u32, 4, out);
        out.push('-');
        digits(d.month(), 2, out);
        out.push('-');
        digits(d.day(), 2, out);
    } else {
        let _ = write!(out, "{}", d.format("%Y-%m-%d"));
    }
}

/// Format one value as its CSV text into `out` (which is empty).
fn cell_into(v: AnyValue, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        AnyValue::Null => {}
        AnyValue::String(s) => neutralise_into(s, out),
        AnyValue::StringOwned(s) => neutralise_into(s.as_str(), out),
        AnyValue::Date(d) => date_into(d, out),
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

    #[test]
    fn typed_cells_format_as_any_values_do() {
        let days = [-719_528, -1, 0, 6_000, 2_932_896, 3_000_000];
        let df = df!(
            "s" => [Some("-x"), None, Some("a,b"), Some(""), Some("q\"uote"), Some("é")],
            "f" => [Some(0.1f64), None, Some(-2.5e-7), Some(1e21), Some(f64::NAN), Some(3.0)],
            "u" => [Some(1u32), None, Some(0), Some(u32::MAX), Some(7), Some(42)],
            "w" => [Some(1u64), None, Some(0), Some(u64::MAX), Some(7), Some(42)],
            "i" => [Some(-1i64), None, Some(0), Some(i64::MIN), Some(7), Some(42)],
            "d" => days.iter().map(|&d| Some(d)).collect::<Vec<_>>()
        )
        .unwrap();
        let mut df = df;
        df.with_column(df.column("d").unwrap().cast(&DataType::Date).unwrap()).unwrap();
        let mut typed = Vec::new();
        write(&df, &mut typed).unwrap();
        // the same cells through `AnyValue`
        let mut any = csv::WriterBuilder::new().from_writer(Vec::new());
        any.write_record(df.get_column_names().iter().map(|n| n.as_str())).unwrap();
        for i in 0..df.height() {
            let row: Vec<String> = df.columns().iter().map(|c| {
                let mut cell = String::new();
                match c.get(i).unwrap() {
                    AnyValue::Date(d) => cell.push_str(&crate::transform::frames::from_days(d).format("%Y-%m-%d").to_string()),
                    v => cell_into(v, &mut cell),
                }
                cell
            }).collect();
            any.write_record(&row).unwrap();
        }
        assert_eq!(String::from_utf8(typed).unwrap(), String::from_utf8(any.into_inner().unwrap()).unwrap());
    }
}
