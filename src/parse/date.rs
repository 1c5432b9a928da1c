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
