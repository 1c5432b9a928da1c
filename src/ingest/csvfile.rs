//! CSV with a header row naming the spec's fields. A ragged or undecodable row is one
//! error row; the other rows are still read.

use super::fields::{field_for, set};
use crate::model::{Article, ErrorKind, InputError};

/// Read every record of a CSV text; `stem` builds fallback ids `<stem>:<line>`.
pub fn parse(text: &str, source_path: &str, stem: &str) -> Vec<Result<Article, InputError>> {
    let mut out = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.push(Err(InputError {
                source_path: source_path.to_owned(),
                line: Some(1),
                kind: ErrorKind::Csv,
                message: format!("unreadable CSV header: {e}"),
            }));
            return out;
        }
    };
    let fields: Vec<_> = headers.iter().map(field_for).collect();
    if !fields.iter().any(|f| matches!(f, Some(super::fields::Field::Body))) {
        out.push(Err(InputError {
            source_path: source_path.to_owned(),
            line: Some(1),
            kind: ErrorKind::Csv,
            message: "CSV header has no body/text/content column".into(),
        }));
        return out;
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                out.push(Err(InputError {
                    source_path: source_path.to_owned(),
                    line,
                    kind: ErrorKind::Csv,
                    message: format!("unreadable CSV row: {e}"),
                }));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let err = |kind, message: String| InputError {
            source_path: source_path.to_owned(),
            line: Some(line),
            kind,
            message,
        };
        if record.len() != headers.len() {
            out.push(Err(err(
                ErrorKind::Csv,
                format!(
                    "ragged CSV row: {} fields where the header has {}",
                    record.len(),
                    headers.len()
                ),
            )));
            continue;
        }
        let mut article = Article {
            source_path: source_path.to_owned(),
            record: line,
            ..Default::default()
        };
        for (field, value) in fields.iter().zip(record.iter()) {
            if let Some(f) = field {
                set(&mut article, *f, value.to_owned());
            }
        }
        if article.id.is_empty() {
            article.id = format!("{stem}:{line}");
        }
        if article.body.trim().is_empty() {
            out.push(Err(err(
                ErrorKind::MissingBody,
                format!("record {} has no body", article.id),
            )));
            continue;
        }
        out.push(Ok(article));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_and_reports_ragged_ones() {
        let text = "id,title,body,date\n1,T,\"Body, with comma\",2024-01-01\n2,T2\n3,T3,B3,\n";
        let rows = parse(text, "a.csv", "a");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].as_ref().unwrap().body, "Body, with comma");
        let e = rows[1].as_ref().unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Csv, Some(3)));
        assert_eq!(rows[2].as_ref().unwrap().id, "3");
    }
}
