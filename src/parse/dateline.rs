//! Datelines: `MOSCOW, September 20. /TASS/.`, `WASHINGTON, April 2 -`,
//! `BEIJING (Reuters) -`, `LONDON, March 7 (AFP) -`, `CAMBRIDGE, Mass., March 3 -`.
//! A dateline names where the story was filed, not a party to it, so extraction
//! needs its exact span to keep it apart from the text.

use crate::model::Dateline;
use regex::Regex;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::LazyLock;

const MONTHS: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static DATELINE: LazyLock<Regex> = LazyLock::new(|| dateline_regex(true));
/// The same without a region, for "MOSCOW, Dec. 12 (Reuters) -", where "Dec." would
/// otherwise be read as a US state's abbreviation ("CAMBRIDGE, Mass.").
static DATELINE_NO_REGION: LazyLock<Regex> = LazyLock::new(|| dateline_regex(false));

fn dateline_regex(with_region: bool) -> Regex {
    let place = r"(?P<place>[A-Z](?:[A-Za-z.'’ ]|-[A-Za-z]){0,40})";
    let region = if with_region { r"(?:,\s*(?P<region>[A-Z][A-Za-z]{0,12}\.(?:\s?[A-Z][a-z]?\.)?))?" } else { "" };
    let date = format!(r"(?:,?\s*(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:,?\s*(?P<year>\d{{4}}))?)?");
    let agency = r"(?:\s*(?:/(?P<ag1>[A-Za-z][A-Za-z\-. ]{0,20})/|\((?P<ag2>[A-Za-z][A-Za-z\-. ]{0,20})\)))?";
    let end = r"(?P<end>\s*(?:\.\s*)?(?:[-–—]+|:)?)\s*";
    Regex::new(&format!(r"^\s*{place}{region}{date}\.?{agency}{end}")).expect("dateline regex")
}

/// A dateline found at the start of a text: the parsed parts and the byte length it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub dateline: Dateline,
    pub len: usize,
}

/// Parse a dateline at the start of `text`. It must carry a date or an agency, or be an
/// all-capitals place followed by a dash, so that an ordinary first sentence
/// ("Moscow plans to …") is never taken for one.
pub fn parse(text: &str) -> Option<Found> {
    let t = text.trim_start();
    if !has_dateline_marks(t) || !may_be_dateline(t.as_bytes()) {
        return None;
    }
    parse_regex(text)
}

/// A rule of its own, before the regex: a dateline starts with a capital and has a
/// dash, slash, bracket or colon within its first 120 bytes (most first lines of a body
/// do not). The regex alone would also take a capitals place and a date with none of
/// these ("A Nov. 1").
fn has_dateline_marks(text: &str) -> bool {
    let t = text.trim_start();
    let head = &t.as_bytes()[..t.len().min(120)];
    t.starts_with(|c: char| c.is_uppercase()) && head.iter().any(|b| matches!(b, b'-' | b'/' | b'(' | b':' | 0xE2))
}

/// `parse` without the cheap tests in front of the regex.
fn parse_regex(text: &str) -> Option<Found> {
    let mut caps = DATELINE.captures(text)?;
    if caps.name("region").is_some_and(|r| month_number(r.as_str().trim_end_matches('.')).is_some()) {
        caps = DATELINE_NO_REGION.captures(text)?;
    }
    let place = caps.name("place")?.as_str().trim();
    let month = caps.name("month").and_then(|m| month_number(m.as_str()));
    let day = caps
        .name("day")
        .and_then(|d| d.as_str().parse::<u32>().ok())
        .filter(|d| (1..=31).contains(d));
    let agency = caps
        .name("ag1")
        .or_else(|| caps.name("ag2"))
        .map(|a| a.as_str().trim().to_owned());
    let end = caps.name("end").map(|e| e.as_str()).unwrap_or("");
    let has_dash = end.contains(['-', '–', '—', ':']);
    let all_caps_place = place.chars().any(|c| c.is_alphabetic())
        && !place.chars().any(|c| c.is_lowercase());
    let has_date = month.is_some() && day.is_some();
    let ok = (has_date && (all_caps_place || has_dash || agency.is_some()))
        || (agency.is_some() && (all_caps_place || has_dash))
        || (all_caps_place && has_dash && place.len() >= 3);
    if !ok {
        return None;
    }
    let mut place = place.to_owned();
    if let Some(r) = caps.name("region") {
        place = format!("{place}, {}", r.as_str().trim());
    }
    Some(Found {
        dateline: Dateline {
            place,
            month: if has_date { month } else { None },
            day: if has_date { day } else { None },
            agency,
        },
        len: caps.get(0).map(|m| m.end()).unwrap_or(0),
    })
}

/// A test the regex's verdict implies, so that most lines (a wrapped body's first lines)
/// never reach it: a dateline is accepted only with a date (a month name in the head,
/// then space and a day), an agency (in slashes or brackets) or an all-capitals place of
/// 3+ bytes, which starts the line, so its first three bytes hold no lower-case letter.
/// (The 256-byte head is wider than anything the regex spans before its month or agency
/// unless a run of spaces stretches it: a place of 41 three-byte characters, a region
/// and a day.)
fn may_be_dateline(line: &[u8]) -> bool {
    if !line.iter().take(3).any(u8::is_ascii_lowercase) {
        return true;
    }
    let head = &line[..line.len().min(256)];
    if head.iter().any(|b| matches!(b, b'/' | b'(')) {
        return true;
    }
    // Past here only a date can make a dateline: a month name, an optional dot, space
    // and a digit ("March 3", "Dec. 12"); not a month's letters inside a word of the
    // text ("market", "maybe"). Any byte beyond ASCII might be Unicode space, a Unicode
    // digit or a letter that matches case-blind: such heads go to the regex.
    if !head.is_ascii() {
        return true;
    }
    const MONTHS3: [&[u8; 3]; 12] = [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    (0..head.len().saturating_sub(2)).any(|p| {
        let w = [head[p].to_ascii_lowercase(), head[p + 1].to_ascii_lowercase(), head[p + 2].to_ascii_lowercase()];
        if !MONTHS3.iter().any(|m| **m == w) {
            return false;
        }
        // the rest of a month's name (any letters: a looser test than the regex's), read
        // in the whole line: spaces may run past the head; a byte beyond ASCII there
        // could be Unicode space or a digit
        let mut q = p + 3;
        while q < line.len() && line[q].is_ascii_alphabetic() {
            q += 1;
        }
        if q < line.len() && line[q] == b'.' {
            q += 1;
        }
        let spaces = line[q..].iter().take_while(|b| b.is_ascii_whitespace() || **b == 0x0B || **b >= 0x80).count();
        spaces > 0 && line.get(q + spaces).is_some_and(|b| b.is_ascii_digit() || *b >= 0x80)
    })
}

/// Distinct dateline fields `parse_field` remembers per thread (it starts over when full).
const FIELD_MEMO: usize = 1 << 14;

/// `parse` of a dateline given as a field of its own (JSONL, Reuters SGML), remembered
/// per thread: wire datelines repeat ("NEW YORK, April 7 -" heads a hundred stories),
/// and the regex costs more than the rest of parsing an article's head.
pub fn parse_field(field: &str) -> Option<Found> {
    thread_local! {
        static MEMO: RefCell<FxHashMap<Box<str>, Option<Found>>> = RefCell::new(FxHashMap::default());
    }
    if let Some(found) = MEMO.with_borrow(|m| m.get(field).cloned()) {
        return found;
    }
    let found = parse(field);
    MEMO.with_borrow_mut(|m| {
        if m.len() >= FIELD_MEMO {
            m.clear();
        }
        m.insert(field.into(), found.clone());
    });
    found
}

/// `"Sept"` → 9. Accepts full names and the usual abbreviations, any case.
pub fn month_number(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    let n = match s.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(text: &str) -> (String, Option<u32>, Option<u32>, Option<String>, usize) {
        let f = parse(text).expect(text);
        (f.dateline.place, f.dateline.month, f.dateline.day, f.dateline.agency, f.len)
    }

    #[test]
    fn tass() {
        let t = "MOSCOW, September 20. /TASS/. Moscow plans to expand";
        let (p, m, d, a, len) = dl(t);
        assert_eq!((p.as_str(), m, d, a.as_deref()), ("MOSCOW", Some(9), Some(20), Some("TASS")));
        assert_eq!(&t[len..], "Moscow plans to expand");
    }

    #[test]
    fn reuters_forms() {
        let (p, m, d, a, _) = dl("WASHINGTON, April 2 - The U.S.");
        assert_eq!((p.as_str(), m, d, a), ("WASHINGTON", Some(4), Some(2), None));
        let (p, m, _, a, len) = dl("BEIJING (Reuters) - China said");
        assert_eq!((p.as_str(), m, a.as_deref()), ("BEIJING", None, Some("Reuters")));
        assert_eq!(len, "BEIJING (Reuters) - ".len());
        let (p, m, d, a, _) = dl("LONDON, March 7 (AFP) - Britain");
        assert_eq!((p.as_str(), m, d, a.as_deref()), ("LONDON", Some(3), Some(7), Some("AFP")));
        let (p, m, d, _, _) = dl("NEW YORK, MARCH 17 -");
        assert_eq!((p.as_str(), m, d), ("NEW YORK", Some(3), Some(17)));
        let (p, _, d, _, _) = dl("CAMBRIDGE, Mass., March 3 - Harvard");
        assert_eq!((p.as_str(), d), ("CAMBRIDGE, Mass.", Some(3)));
        let (p, m, d, a, _) = dl("MOSCOW, Dec. 12 (Reuters) - Russia");
        assert_eq!((p.as_str(), m, d, a.as_deref()), ("MOSCOW", Some(12), Some(12), Some("Reuters")));
        let (p, m, d, a, _) = dl("BEIJING, Nov. 3 /TASS/. China");
        assert_eq!((p.as_str(), m, d, a.as_deref()), ("BEIJING", Some(11), Some(3), Some("TASS")));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// The cheap test in front of the regex only ever turns away what the regex
        /// would turn away: `parse` and the bare regex (behind the marks rule) agree on
        /// dateline-like lines.
        #[test]
        fn cheap_test_agrees_with_the_regex(
            head in "[A-Z][A-Za-z]{0,2}",
            rest in "([A-Za-z]{1,6}|[A-Z]{1,6}|[ .,/()\\-:’]|, |[0-9]{1,4}| - |Sept?\\.?|MARCH|may|Dec\\.|Mass\\.|\\(Reuters\\)|/TASS/|market|Mayor|\t|\n|\u{a0}|\u{2009}|Nov\\.\n|jan){0,10}",
        ) {
            let line = format!("{head}{rest}");
            let by_regex = if has_dateline_marks(&line) { parse_regex(&line) } else { None };
            proptest::prop_assert_eq!(parse(&line), by_regex, "{}", line);
        }
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert!(parse("Moscow plans to expand cooperation with Caracas.").is_none());
        assert!(parse("Venezuela is our strategic partner.").is_none());
        assert!(parse("The U.S. Agriculture Department said").is_none());
    }
}
