//! Parse: `Article` → `Document`. Finds the dateline, sub-headlines, paragraphs and
//! sentences (byte offsets into one text), and settles the article's date.

pub mod date;
pub mod dateline;
pub mod sentences;

use crate::model::{Article, DateSource, Document, Sentence};
use chrono::NaiveDate;

/// Build a document. `reference` is the run's reference date (the last resort for dates
/// and the anchor for dateline years).
pub fn parse(article: Article, reference: NaiveDate) -> Document {
    let Article { id, source_path, record, title, body, raw_date, dateline: dl_field, source, url } = article;
    let content_hash = hash_content(&title, &body);
    let mut text = String::with_capacity(title.len() + body.len() + 1);
    text.push_str(title.trim());
    let title_end = text.len();
    text.push('\n');
    let body_start = text.len();
    text.push_str(&body);

    // Sub-headlines (TASS layout) sit between the headline and the dateline line.
    let mut sentences: Vec<Sentence> = Vec::new();
    if title_end > 0 {
        sentences.push(Sentence { start: 0, end: title_end, paragraph: 0 });
    }
    let mut paragraph = 1;
    let mut start = body_start;
    let mut found = None;
    let mut subheads = Vec::new();
    let mut line_start = body_start;
    for (k, line) in body.split_inclusive('\n').enumerate() {
        if k >= 4 {
            break;
        }
        if let Some(f) = dateline::parse(line) {
            found = Some((line_start, f));
            break;
        }
        subheads.push((line_start, line_start + line.trim_end().len()));
        line_start += line.len();
    }
    let mut dateline_span = None;
    let mut dl = None;
    // a dateline field (JSONL), read once: the story's dateline when the body has none,
    // its month and day when the body's has none
    let mut from_field = dl_field.as_deref().and_then(dateline::parse_field).map(|f| f.dateline);
    if let Some((at, f)) = found {
        for (s, e) in subheads {
            if s < e {
                sentences.push(Sentence { start: s, end: e, paragraph });
                paragraph += 1;
            }
        }
        dateline_span = Some((at, at + f.len));
        start = at + f.len;
        dl = Some(f.dateline);
    } else if let Some(field) = dl_field.as_deref() {
        dl = from_field.take().or_else(|| {
            Some(crate::model::Dateline { place: field.trim().trim_end_matches(['-', ' ']).to_owned(), ..Default::default() })
        });
    }
    for (ps, pe) in sentences::paragraphs(&text, start, text.len()) {
        sentences::split(&text, ps, pe, paragraph, &mut sentences);
        paragraph += 1;
    }
    // A dateline field (JSONL) that was not in the body still gives month/day.
    if let (Some(d), Some(f)) = (dl.as_mut(), from_field) {
        if d.month.is_none() {
            *d = f;
        }
    }

    let meta = raw_date.as_deref().and_then(date::parse_metadata);
    let (date, date_source) = if let Some(d) = meta {
        (d, DateSource::Metadata)
    } else if let Some((m, d)) = dl.as_ref().and_then(|d| Some((d.month?, d.day?))) {
        let head_end = sentences.iter().take(4).map(|s| s.end).max().unwrap_or(text.len());
        let weekday = date::weekday_in(&text[..head_end]);
        match date::dateline_date(m, d, reference, weekday) {
            Some(d) => (d, DateSource::Dateline),
            None => (reference, DateSource::Reference),
        }
    } else if let Some(d) = date::find_in_text(&text).filter(|d| *d <= reference) {
        (d, DateSource::Text)
    } else {
        (reference, DateSource::Reference)
    };
    let source = source.or_else(|| dl.as_ref().and_then(|d| d.agency.clone()));

    Document {
        id,
        source_path,
        record,
        title: title.trim().to_owned(),
        text,
        sentences,
        dateline: dl,
        dateline_span,
        date,
        date_source,
        source,
        url,
        content_hash,
    }
}

/// ASCII bytes as the content hash normalises them: whitespace as a space, letters
/// lower-cased; 0 for the bytes that take the general path (non-ASCII, and NUL).
static CONTENT_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 1;
    while b < 0x80 {
        t[b] = match b as u8 {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => b' ',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    t
};

/// Hash of the whitespace-normalised, lower-cased headline and body: equal for exact
/// re-sends of a story whatever its file, id or line wrapping.
pub fn hash_content(title: &str, body: &str) -> String {
    // The normalised text goes to the hasher through a fixed buffer (the digest does not
    // depend on how it is chunked). ASCII text, nearly all of it, goes eight bytes at a
    // time where no whitespace run needs collapsing, else a byte at a time by table.
    // (a small buffer: it is zeroed at every call, and the hasher takes any chunking)
    const FLUSH_AT: usize = 512 - 16; // room for eight bytes, or one char's lower case (≤ 3 chars × 4 bytes)
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = [0u8; 512];
    let mut len = 0;
    let mut space = true;
    for part in [title, body] {
        let bytes = part.as_bytes();
        let mut i = 0;
        // bytes before this go one at a time: eight ASCII bytes with a whitespace run
        // to collapse (not tried eight at a time again at each of them)
        let mut bytewise_until = 0;
        while i < bytes.len() {
            if len >= FLUSH_AT {
                h.update(&buf[..len]);
                len = 0;
            }
            if i >= bytewise_until {
                if let Some(&chunk) = bytes.get(i..i + 8).and_then(|c| <&[u8; 8]>::try_from(c).ok()) {
                    let x = u64::from_le_bytes(chunk);
                    if let Some((out, last_is_space)) = normalise_eight(x, space) {
                        buf[len..len + 8].copy_from_slice(&out.to_le_bytes());
                        len += 8;
                        space = last_is_space;
                        i += 8;
                        continue;
                    }
                    if chunk.is_ascii() {
                        bytewise_until = i + 8;
                    }
                }
            }
            // an ASCII byte: a space is kept only after a non-space
            let t = CONTENT_BYTE[bytes[i] as usize];
            if t != 0 {
                let is_space = t == b' ';
                buf[len] = t;
                len += usize::from(!(is_space && space));
                space = is_space;
                i += 1;
                continue;
            }
            let Some(c) = part.get(i..).and_then(|t| t.chars().next()) else { break };
            i += c.len_utf8();
            if c.is_whitespace() {
                if !space {
                    buf[len] = b' ';
                    len += 1;
                    space = true;
                }
            } else {
                space = false;
                for l in c.to_lowercase() {
                    len += l.encode_utf8(&mut buf[len..len + 4]).len();
                }
            }
        }
        if !space {
            if len >= FLUSH_AT {
                h.update(&buf[..len]);
                len = 0;
            }
            buf[len] = b' ';
            len += 1;
            space = true;
        }
    }
    h.update(&buf[..len]);
    hex32(h.digest128())
}

/// `format!("{:032x}", v)` without the formatting machinery (once per article).
fn hex32(v: u128) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 32];
    for (k, d) in out.iter_mut().enumerate() {
        *d = DIGITS[(v >> (4 * (31 - k)) & 0xF) as usize];
    }
    out.iter().map(|&b| char::from(b)).collect()
}

/// Eight ASCII bytes (little-endian) as the content hash normalises them, and whether the
/// last is whitespace: letters lower-cased, each whitespace byte a space; `None` when a
/// byte is beyond ASCII or a whitespace byte follows whitespace (`space_before`: the byte
/// before the eight was whitespace, or they start the text), which the byte path
/// collapses.
#[inline]
fn normalise_eight(x: u64, space_before: bool) -> Option<(u64, bool)> {
    use crate::swar::{ascii_lower, in_range, splat, TOP};
    if x & TOP != 0 {
        return None;
    }
    // a space, or tab, newline, vertical tab, form feed, carriage return (0x09 ..= 0x0D)
    let ws = in_range(x, b' ', b' ') | in_range(x, 0x09, 0x0D);
    let ws_before = ws << 8 | if space_before { 0x80 } else { 0 };
    if ws & ws_before != 0 {
        return None;
    }
    let lower = ascii_lower(x);
    // whitespace bytes become a space
    let ws_bytes = (ws >> 7) * 0xff;
    Some((lower & !ws_bytes | splat(b' ') & ws_bytes, ws >> 63 == 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn hex32_is_the_formatted_hex(hi in proptest::num::u64::ANY, lo in proptest::num::u64::ANY) {
            let v = u128::from(hi) << 64 | u128::from(lo);
            proptest::prop_assert_eq!(hex32(v), format!("{v:032x}"));
        }
    }

    const SEED: &str = include_str!("../../input/000_ecd26b8948b7705e.txt");

    #[test]
    fn seed_document() {
        let article = crate::ingest::txt::parse(SEED, "seed".into(), "seed.txt");
        let doc = parse(article, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2022, 9, 20).unwrap());
        assert_eq!(doc.date_source, DateSource::Dateline);
        let dl = doc.dateline.as_ref().unwrap();
        assert_eq!((dl.place.as_str(), dl.agency.as_deref()), ("MOSCOW", Some("TASS")));
        assert_eq!(doc.source.as_deref(), Some("TASS"));
        let texts: Vec<&str> = doc.sentences.iter().map(|s| doc.sentence_text(s)).collect();
        assert!(texts[0].starts_with("Russia to boost cooperation"));
        assert!(texts[1].starts_with("Moscow also supports Caracas"));
        assert!(texts[2].starts_with("Moscow plans to expand cooperation"));
        assert!(texts.iter().any(|t| t.starts_with("\"Venezuela is our strategic partner")));
        assert!(texts.iter().any(|t| t.starts_with("Columbia is also a promising partner")));
    }

    #[test]
    fn content_hash_ignores_wrapping_and_case() {
        assert_eq!(hash_content("A b", "c\n  d"), hash_content("a  B", "C d"));
        assert_ne!(hash_content("A b", "c d"), hash_content("A b", "c e"));
    }
}
