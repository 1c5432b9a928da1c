//! The field names and aliases of the spec, shared by the JSONL and CSV readers so both
//! accept exactly the same records.

use crate::model::Article;

/// Which article field a column or JSON key feeds, or `None` to ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Body,
    Date,
    Dateline,
    Source,
    Url,
}

/// The spec's names and aliases of each field, lower case.
const NAMES: [(&str, Field); 15] = [
    ("id", Field::Id),
    ("title", Field::Title),
    ("headline", Field::Title),
    ("body", Field::Body),
    ("text", Field::Body),
    ("content", Field::Body),
    ("date", Field::Date),
    ("published", Field::Date),
    ("publish_date", Field::Date),
    ("pubdate", Field::Date),
    ("dateline", Field::Dateline),
    ("source", Field::Source),
    ("agency", Field::Source),
    ("publisher", Field::Source),
    ("url", Field::Url),
];

/// Map a key to its field, accepting the spec's aliases (case-insensitive). Called for
/// every key of every JSON line, so it compares in place rather than lower-casing a copy.
pub fn field_for(key: &str) -> Option<Field> {
    let k = key.trim();
    NAMES
        .iter()
        .find(|(name, _)| k.eq_ignore_ascii_case(name))
        .map(|&(_, field)| field)
}

/// Put a value into the article; the first alias present wins, empty values are ignored.
pub fn set(article: &mut Article, field: Field, value: String) {
    // (no copy when there is nothing to trim, the usual case)
    let value = if value.trim().len() == value.len() { value } else { value.trim().to_owned() };
    if value.is_empty() {
        return;
    }
    let slot: &mut Option<String> = match field {
        Field::Id => {
            if article.id.is_empty() {
                article.id = value;
            }
            return;
        }
        Field::Title => {
            if article.title.is_empty() {
                article.title = value;
            }
            return;
        }
        Field::Body => {
            if article.body.is_empty() {
                article.body = value;
            }
            return;
        }
        Field::Date => &mut article.raw_date,
        Field::Dateline => &mut article.dateline,
        Field::Source => &mut article.source,
        Field::Url => &mut article.url,
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_fields() {
        assert_eq!(field_for("pubDate"), Some(Field::Date));
        assert_eq!(field_for("content"), Some(Field::Body));
        assert_eq!(field_for("publisher"), Some(Field::Source));
        assert_eq!(field_for("headline"), Some(Field::Title));
        assert_eq!(field_for("places"), None);
        // case and surrounding blanks do not matter; only ASCII letters fold
        assert_eq!(field_for(" Body\t"), Some(Field::Body));
        assert_eq!(field_for("PUBLISH_DATE"), Some(Field::Date));
        assert_eq!(field_for("DateLine"), Some(Field::Dateline));
        assert_eq!(field_for("\u{131}d"), None); // dotless i is not "i"
        assert_eq!(field_for("publish date"), None);
        assert_eq!(field_for(""), None);
    }

    #[test]
    fn every_name_maps_as_lower_casing_did() {
        // the accepted set is the one of the former match on the lower-cased key
        let old = |key: &str| -> Option<Field> {
            Some(match key.trim().to_ascii_lowercase().as_str() {
                "id" => Field::Id,
                "title" | "headline" => Field::Title,
                "body" | "text" | "content" => Field::Body,
                "date" | "published" | "publish_date" | "pubdate" => Field::Date,
                "dateline" => Field::Dateline,
                "source" | "agency" | "publisher" => Field::Source,
                "url" => Field::Url,
                _ => return None,
            })
        };
        for (name, _) in NAMES {
            for key in [
                name.to_owned(),
                name.to_ascii_uppercase(),
                format!(" {name} "),
                format!("{name}s"),
                name[1..].to_owned(),
            ] {
                assert_eq!(field_for(&key), old(&key), "{key}");
            }
        }
    }
}
