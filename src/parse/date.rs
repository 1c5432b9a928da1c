//! Article dates in the spec's order of trust: metadata → dateline (+ year rule and
//! weekday check) → a date written in the text → the reference date.

use super::dateline::month_number;
use chrono::{Datelike, NaiveDate, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// Parse a metadata date in the forms scrapers and archives use: ISO 8601 / RFC 3339,
/// Reuters' `26-FEB-1987 15:01:01.79`, RFC 2822, `September 20, 2022`, `20 September 2022`.
pub fn parse_metadata(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    // the two forms nearly every input has, read by hand (chrono's format parser costs
    // microseconds a call); anything else takes the general chain below
    if let Some(d) = s.get(..10).and_then(iso_date).or_else(|| reuters_date(s)) {
        return Some(d);
    }
    if let Some(head) = s.get(..10) {
        if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
            return Some(d);
        }
        if let Ok(d) = NaiveDate::parse_from_str(head, "%Y/%m/%d") {
            return Some(d);
        }
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    let head: String = s.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    for fmt in ["%d-%b-%Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%m/%d/%Y", "%a, %d %b %Y"] {
        let first = head.split(' ').next().unwrap_or("");
        let candidates = [head.as_str(), first];
        for c in candidates {
            if let Ok(d) = NaiveDate::parse_from_str(c.trim_end_matches(','), fmt) {
                return Some(d);
            }
        }
    }
    DATE_IN_TEXT.captures(s).and_then(|c| from_caps(&c))
}

/// `YYYY-MM-DD` exactly (what `%Y-%m-%d` reads from such a text).
pub fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&b[..4])? as i32, digits(&b[5..7])?, digits(&b[8..])?)
}

/// Reuters' `26-FEB-1987 15:01:01.79`: `DD-MON-YYYY`, then the end or a space (what
/// `%d-%b-%Y` reads from its first word).
fn reuters_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 11 || b.get(11).is_some_and(|&c| c != b' ') || b[2] != b'-' || b[6] != b'-' {
        return None;
    }
    let month = std::str::from_utf8(&b[3..6]).ok().filter(|m| m.bytes().all(|c| c.is_ascii_alphabetic())).and_then(month_number)?;
    NaiveDate::from_ymd_opt(digits(&b[7..11])? as i32, month, digits(&b[..2])?)
}

/// The number written by ASCII digits only.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

static DATE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
    Regex::new(&format!(
        r"\b(?:{month}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)|(?P<d2>\d{{1,2}})\s+{m2}\s+(?P<y2>(?:19|20)\d\d))\b",
        m2 = month.replace("?P<m>", "?P<m2>")
    ))
    .expect("date regex")
});

fn from_caps(c: &regex::Captures) -> Option<NaiveDate> {
    let (m, d, y) = match (c.name("m"), c.name("d"), c.name("y")) {
        (Some(m), Some(d), Some(y)) => (m, d, y),
        _ => (c.name("m2")?, c.name("d2")?, c.name("y2")?),
    };
    NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, month_number(m.as_str())?, d.as_str().parse().ok()?)
}

/// The first full date written in the text ("on September 20, 2022").
pub fn find_in_text(text: &str) -> Option<NaiveDate> {
    DATE_IN_TEXT.captures(text).and_then(|c| from_caps(&c))
}

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:on|last|this|late|early)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
        .expect("weekday regex")
});

/// The weekday the text gives for its events ("… said on Tuesday").
pub fn weekday_in(text: &str) -> Option<Weekday> {
    let c = WEEKDAY.captures(text)?;
    c.get(1)?.as_str().parse().ok()
}

/// The year of a dateline's month and day: the most recent year at or before the
/// reference date, or, when the text names a weekday, the most recent such year on
/// which that month and day fell on that weekday (within 28 years: the calendar cycle).
pub fn dateline_date(month: u32, day: u32, reference: NaiveDate, weekday: Option<Weekday>) -> Option<NaiveDate> {
    let mut year = reference.year();
    let plain = loop {
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(d) if d <= reference => break Some(d),
            _ if year < reference.year() - 8 => break None,
            _ => year -= 1,
        }
    }?;
    let Some(wd) = weekday else { return Some(plain) };
    (0..28)
        .filter_map(|k| NaiveDate::from_ymd_opt(plain.year() - k, month, day))
        .find(|d| d.weekday() == wd)
        .or(Some(plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn metadata_forms() {
        assert_eq!(parse_metadata("26-FEB-1987 15:01:01.79"), Some(d(1987, 2, 26)));
        assert_eq!(parse_metadata("2022-09-20T10:00:00Z"), Some(d(2022, 9, 20)));
        assert_eq!(parse_metadata("Tue, 20 Sep 2022 10:00:00 +0300"), Some(d(2022, 9, 20)));
        assert_eq!(parse_metadata("September 20, 2022"), Some(d(2022, 9, 20)));
        assert_eq!(parse_metadata("20 September 2022"), Some(d(2022, 9, 20)));
        assert_eq!(parse_metadata("yesterday"), None);
    }

    proptest::proptest! {
        /// The hand-read forms give what chrono's format parser gives, on any text
        /// shaped like them (bad days and months, other letters, trailing text).
        #[test]
        fn fast_forms_agree_with_chrono(
            y in "[0-9]{4}", m in "[0-9]{2}", day in "[0-9]{2}", mon in "[A-Za-z]{3}|Feb|MAY|sep|DEC", tail in "| .{0,8}|X",
        ) {
            let iso = format!("{y}-{m}-{day}");
            proptest::prop_assert_eq!(iso_date(&iso), NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok());
            let reuters = format!("{day}-{mon}-{y}{tail}");
            let chrono_first = reuters.split(' ').next().and_then(|f| NaiveDate::parse_from_str(f, "%d-%b-%Y").ok());
            if let Some(got) = reuters_date(&reuters) {
                proptest::prop_assert_eq!(Some(got), chrono_first);
            } else {
                proptest::prop_assert!(chrono_first.is_none() || !tail.is_empty() && !tail.starts_with(' '), "{}", reuters);
            }
        }
    }

    #[test]
    fn seed_weekday_rule() {
        // Reference today; "on Tuesday" + September 20 → 2022 (a Tuesday).
        let got = dateline_date(9, 20, d(2026, 11, 27), Some(Weekday::Tue));
        assert_eq!(got, Some(d(2022, 9, 20)));
        // Without a weekday: most recent at or before the reference.
        assert_eq!(dateline_date(9, 20, d(2026, 11, 27), None), Some(d(2026, 9, 20)));
        assert_eq!(dateline_date(12, 20, d(2026, 11, 27), None), Some(d(2025, 12, 20)));
        assert_eq!(dateline_date(2, 29, d(2026, 11, 27), None), Some(d(2024, 2, 29)));
    }

    #[test]
    fn weekday_and_text_dates() {
        assert_eq!(weekday_in("Putin said at a meeting on Tuesday."), Some(Weekday::Tue));
        assert_eq!(find_in_text("signed on March 3, 2021 in Geneva"), Some(d(2021, 3, 3)));
        assert_eq!(find_in_text("signed on 3 March 2021"), Some(d(2021, 3, 3)));
    }
}
