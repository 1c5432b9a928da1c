//! JSON Lines: one article per line, fields and aliases from the spec. A bad line is one
//! error row; the lines around it are still read.

use super::fields::{field_for, set};
use crate::model::{Article, ErrorKind, InputError};

/// Turn one JSON line into an article. `fallback_id` is `<file stem>:<line number>`.
pub fn parse_line(
    line: &str,
    source_path: &str,
    line_no: u64,
    fallback_id: String,
) -> Result<Article, InputError> {
    let err = |kind, message: String| InputError {
        source_path: source_path.to_owned(),
        line: Some(line_no),
        kind,
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| err(ErrorKind::Json, format!("invalid JSON: {e}")))?;
    // taken by value: the strings (the body above all) move into the article uncopied
    let serde_json::Value::Object(obj) = value else {
        return Err(err(ErrorKind::Json, "a JSON line must be an object".into()));
    };
    let mut article = Article {
        source_path: source_path.to_owned(),
        record: line_no,
        ..Default::default()
    };
    for (k, v) in obj {
        let Some(field) = field_for(&k) else { continue };
        let text = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        set(&mut article, field, text);
    }
    if article.id.is_empty() {
        article.id = fallback_id;
    }
    if article.body.trim().is_empty() {
        return Err(err(
            ErrorKind::MissingBody,
            format!("record {} has no body/text/content", article.id),
        ));
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_aliases_and_numeric_id() {
        let a = parse_line(
            r#"{"id": 7, "headline": "H", "content": "B", "pubDate": "2024-01-02", "agency": "AFP"}"#,
            "x.jsonl",
            1,
            "x:1".into(),
        )
        .unwrap();
        assert_eq!(a.id, "7");
        assert_eq!(a.title, "H");
        assert_eq!(a.body, "B");
        assert_eq!(a.raw_date.as_deref(), Some("2024-01-02"));
        assert_eq!(a.source.as_deref(), Some("AFP"));
    }

    #[test]
    fn falls_back_to_stem_and_line() {
        let a = parse_line(r#"{"body": "B"}"#, "d/x.jsonl", 3, "x:3".into()).unwrap();
        assert_eq!(a.id, "x:3");
    }

    #[test]
    fn bad_json_and_missing_body_are_errors() {
        let e = parse_line("{nope", "x.jsonl", 2, "x:2".into()).unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Json, Some(2)));
        let e = parse_line(r#"{"title": "t"}"#, "x.jsonl", 4, "x:4".into()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingBody);
    }
}
