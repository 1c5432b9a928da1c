//! CSV for spreadsheets: RFC 4180 via the csv crate, ISO dates, plain decimals, lists
//! joined with `;`, and text cells that a spreadsheet would run as a formula
//! neutralised with a leading apostrophe (OWASP's advice). Numbers are never touched.

use polars::prelude::*;
use std::io::Write;

/// Write a frame as CSV.
pub fn write<W: Write>(df: &DataFrame, out: W) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(df.get_column_names().iter().map(|n| n.as_str()))?;
    let cols = df.columns();
    let mut row: Vec<String> = Vec::with_capacity(cols.len());
    for i in 0..df.height() {
        row.clear();
        for c in cols {
            row.push(cell(c.get(i)?));
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

fn cell(v: AnyValue) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => neutralise(s),
        AnyValue::StringOwned(s) => neutralise(s.as_str()),
        AnyValue::Date(d) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch");
            (epoch + chrono::Duration::days(d as i64)).format("%Y-%m-%d").to_string()
        }
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
