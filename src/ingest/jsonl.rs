//! JSON Lines: one article per line, fields and aliases from the spec. A bad line is one
//! error row; the lines around it are still read.
//!
//! A line is read in one streaming pass rather than into a `serde_json::Value`: keys are
//! borrowed from the line, values of keys that feed no field are checked and dropped
//! without being built, and only the few known fields are kept. The result is the one
//! the `Value` tree gave (see `parse_line` for how), so outputs do not depend on how a
//! line is read.

use super::fields::{field_for, set, Field};
use crate::model::{Article, ErrorKind, InputError};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Turn one JSON line into an article. `fallback_id` is `<file stem>:<line number>`.
///
/// Which value wins is what reading the line into a `Value` map gave, since outputs and
/// ids must not change with the reader: keys are taken in sorted order (the map was a
/// `BTreeMap`), a key repeated in the line keeps its last value, and then the first
/// non-empty alias of a field wins (`fields::set`).
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
    let parsed: Line = serde_json::from_str(line)
        .map_err(|e| err(ErrorKind::Json, format!("invalid JSON: {e}")))?;
    let Line::Object(mut entries) = parsed else {
        return Err(err(ErrorKind::Json, "a JSON line must be an object".into()));
    };
    let mut article = Article {
        source_path: source_path.to_owned(),
        record: line_no,
        ..Default::default()
    };
    // stable, so equal keys stay in line order and the last of them is the one kept
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    let mut entries = entries.into_iter().peekable();
    while let Some(entry) = entries.next() {
        if entries.peek().is_some_and(|next| next.key == entry.key) {
            continue;
        }
        // taken by value: the strings (the body above all) move into the article uncopied
        let text = match entry.value {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        set(&mut article, entry.field, text);
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

/// A known key of a line with its value, kept until all keys are seen because the order
/// in which aliases compete is the sorted key order, not the line's.
struct Entry<'de> {
    /// Borrowed from the line unless it had escapes.
    key: Cow<'de, str>,
    field: Field,
    /// As a `Value`, so numbers and nested values print exactly as they always have.
    value: serde_json::Value,
}

/// What a line holds: the known fields of an object, or something that is not an
/// object (still parsed to the end, so a broken non-object is invalid JSON as before).
enum Line<'de> {
    Object(Vec<Entry<'de>>),
    NotObject,
}

impl<'de> Deserialize<'de> for Line<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`, as for a `Value`, so every line meets the same parser
        // paths and so the same errors, at the same columns
        deserializer.deserialize_any(LineVisitor)
    }
}

struct LineVisitor;

impl<'de> Visitor<'de> for LineVisitor {
    type Value = Line<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Some((key, field)) => entries.push(Entry {
                    key,
                    field,
                    value: map.next_value()?,
                }),
                None => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Line::Object(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        SkipVisitor.visit_seq(seq).map(|_| Line::NotObject)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Line::NotObject)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Line::NotObject)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Line::NotObject)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Line::NotObject)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Line::NotObject)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Line::NotObject)
    }
}

/// Reads a key and tells its field; the key is kept (borrowed when it can be) only when
/// it feeds one.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<(Cow<'de, str>, Field)>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<(Cow<'de, str>, Field)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(field_for(key).map(|field| (Cow::Borrowed(key), field)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(field_for(key).map(|field| (Cow::Owned(key.to_owned()), field)))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(field_for(&key).map(|field| (Cow::Owned(key), field)))
    }
}

/// A value that feeds no field: parsed and checked exactly as a `Value` would be, but
/// nothing is built.
///
/// Not `serde::de::IgnoredAny`: serde_json skips that with a lighter scan that lets
/// through what a `Value` refuses (a lone surrogate escape, a number out of range such
/// as `1e400`, nesting past 128 levels), and such a line must stay an error row.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader this module had before the streaming one: the whole line into a
    /// `Value`, then its (sorted, last-wins) map walked. Kept to check both agree.
    fn parse_line_via_value(
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
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| err(ErrorKind::Json, format!("invalid JSON: {e}")))?;
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

    fn parse(line: &str) -> Result<Article, InputError> {
        let new = parse_line(line, "x.jsonl", 5, "x:5".into());
        assert_eq!(
            new,
            parse_line_via_value(line, "x.jsonl", 5, "x:5".into()),
            "line {line}"
        );
        new
    }

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

    #[test]
    fn aliases_compete_in_sorted_key_order() {
        // "body" sorts before "text", whatever the line's order
        assert_eq!(parse(r#"{"text": "T", "body": "B"}"#).unwrap().body, "B");
        assert_eq!(parse(r#"{"body": "B", "text": "T"}"#).unwrap().body, "B");
        // an empty (or blank, or null) alias gives way to the next
        assert_eq!(parse(r#"{"text": "T", "body": " "}"#).unwrap().body, "T");
        assert_eq!(parse(r#"{"text": "T", "body": null}"#).unwrap().body, "T");
        // "date" < "pubDate" < "published" < "publish_date"
        let a = parse(r#"{"publish_date": "d4", "published": "d3", "pubDate": "d2", "body": "B"}"#);
        assert_eq!(a.unwrap().raw_date.as_deref(), Some("d2"));
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        assert_eq!(
            parse(r#"{"body": "first", "body": "last"}"#).unwrap().body,
            "last"
        );
        // even when the last is null: the key then feeds nothing, and "text" wins
        assert_eq!(
            parse(r#"{"body": "B", "text": "T", "body": null}"#)
                .unwrap()
                .body,
            "T"
        );
        let e = parse(r#"{"body": "B", "body": ""}"#).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MissingBody);
        // equal once escapes are read
        assert_eq!(
            parse(r#"{"b\u006fdy": "first", "body": "last"}"#)
                .unwrap()
                .body,
            "last"
        );
        assert_eq!(
            parse(r#"{"body": "first", "b\u006fdy": "last"}"#)
                .unwrap()
                .body,
            "last"
        );
    }

    #[test]
    fn key_case_variants_are_aliases_in_byte_order() {
        // upper case sorts first: "Body" < "body"
        assert_eq!(
            parse(r#"{"body": "lower", "Body": "upper"}"#).unwrap().body,
            "upper"
        );
        assert_eq!(
            parse(r#"{"BODY": "u", "Body": "t", "body": "l"}"#)
                .unwrap()
                .body,
            "u"
        );
        // surrounding blanks are ignored by the alias match, not by the order
        assert_eq!(
            parse(r#"{"body": "plain", " body": "spaced"}"#)
                .unwrap()
                .body,
            "spaced"
        );
        assert_eq!(
            parse(r#"{"ID": "a", "id": "b", "body": "B"}"#).unwrap().id,
            "a"
        );
    }

    #[test]
    fn numbers_and_nested_values_print_as_before() {
        let a = parse(r#"{"id": 12345678901234567890, "body": "B", "url": 1.50, "date": -0.0}"#)
            .unwrap();
        assert_eq!(a.id, "12345678901234567890");
        assert_eq!(a.url.as_deref(), Some("1.5"));
        assert_eq!(a.raw_date.as_deref(), Some("-0.0"));
        let a = parse(r#"{"id": 1e3, "body": "B", "source": {"z": 1, "a": [true, null], "z": 2}}"#)
            .unwrap();
        assert_eq!(a.id, "1000.0");
        assert_eq!(a.source.as_deref(), Some(r#"{"a":[true,null],"z":2}"#));
        let a = parse(r#"{"id": true, "body": ["p1", "p2"]}"#).unwrap();
        assert_eq!((a.id.as_str(), a.body.as_str()), ("true", r#"["p1","p2"]"#));
    }

    #[test]
    fn unknown_fields_are_skipped() {
        let a = parse(
            r#"{"places": ["usa", "uk"], "topics": [], "meta": {"x": [1, {"y": "\n"}]}, "body": "B", "n": 1.5e-3, "f": false, "z": null}"#,
        )
        .unwrap();
        assert_eq!(
            a,
            Article {
                id: "x:5".into(),
                source_path: "x.jsonl".into(),
                record: 5,
                body: "B".into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn non_objects_and_broken_lines_are_errors_as_before() {
        for line in [
            "[1, 2]",
            r#""body""#,
            "42",
            "true",
            "null",
            "  [{\"body\": \"B\"}]  ",
        ] {
            let e = parse(line).unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (ErrorKind::Json, "a JSON line must be an object")
            );
        }
        let deep_unknown = format!(
            r#"{{"body": "B", "x": {}{}}}"#,
            "[".repeat(130),
            "]".repeat(130)
        );
        let broken = [
            "",
            "   ",
            "{nope",
            "{",
            r#"{"body": "B""#,
            r#"{"body": "B",}"#,
            r#"{"body": "B"} x"#,
            r#"{"body": "B"}{"body": "C"}"#,
            r#"{"body" "B"}"#,
            r#"{body: "B"}"#,
            r#"{"body": "B", 1: 2}"#,
            r#"{"places": ["a" "b"], "body": "B"}"#,
            r#"{"places": ["a", ], "body": "B"}"#,
            r#"{"places": "\ud800", "body": "B"}"#,
            r#"{"places": "\x", "body": "B"}"#,
            "{\"places\": \"a\u{1}b\", \"body\": \"B\"}",
            r#"{"n": 1e400, "body": "B"}"#,
            r#"{"n": 01, "body": "B"}"#,
            r#"{"n": 1., "body": "B"}"#,
            r#"{"n": -, "body": "B"}"#,
            r#"{"n": tru, "body": "B"}"#,
            r#"{"id": 1e400, "body": "B"}"#,
            r#"{"body": "B\ud800"}"#,
            r#"{"b\ud800ody": "B"}"#,
            r#"{"body": {"a": }}"#,
            r#"[1, }"#,
            r#""abc"#,
            &deep_unknown,
        ];
        for line in broken {
            let e = parse(line).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Json, "line {line}");
            assert!(
                e.message.starts_with("invalid JSON: "),
                "line {line}: {}",
                e.message
            );
        }
    }
}
