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

/// `parse` without the cheap tests in front of the regex. The spans come from the hand
/// matcher, or from the regex where it bails (a byte beyond ASCII); they are the same.
fn parse_regex(text: &str) -> Option<Found> {
    parse_spans(text, spans)
}

/// `parse_regex` reading the pattern's spans from `spans(text, with_region)`, so that
/// the tests can run it on the regex's captures alone.
fn parse_spans(text: &str, spans: impl Fn(&str, bool) -> Option<Spans>) -> Option<Found> {
    let str_of = |span: Span| span.and_then(|(start, end)| text.get(start..end));
    let mut caps = spans(text, true)?;
    if str_of(caps.region).is_some_and(|r| month_number(r.trim_end_matches('.')).is_some()) {
        caps = spans(text, false)?;
    }
    let place = str_of(caps.place)?.trim();
    let month = str_of(caps.month).and_then(month_number);
    let day = str_of(caps.day)
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|d| (1..=31).contains(d));
    let agency = str_of(caps.ag1)
        .or_else(|| str_of(caps.ag2))
        .map(|a| a.trim().to_owned());
    let end = str_of(caps.end).unwrap_or("");
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
    if let Some(r) = str_of(caps.region) {
        place = format!("{place}, {}", r.trim());
    }
    Some(Found {
        dateline: Dateline {
            place,
            month: if has_date { month } else { None },
            day: if has_date { day } else { None },
            agency,
        },
        len: caps.len,
    })
}

/// A byte range `start..end` of the text where a group matched; None where it took no part.
type Span = Option<(usize, usize)>;

/// Where the dateline pattern and its groups matched: all `parse_regex` reads of a
/// match, whether the hand matcher or the regex found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spans {
    /// The end of the whole match (which starts at 0: the pattern is anchored).
    len: usize,
    place: Span,
    region: Span,
    month: Span,
    day: Span,
    year: Span,
    ag1: Span,
    ag2: Span,
    end: Span,
}

impl Spans {
    fn from_captures(caps: &regex::Captures<'_>) -> Spans {
        let span = |name: &str| caps.name(name).map(|m| (m.start(), m.end()));
        Spans {
            len: caps.get(0).map_or(0, |m| m.end()),
            place: span("place"),
            region: span("region"),
            month: span("month"),
            day: span("day"),
            year: span("year"),
            ag1: span("ag1"),
            ag2: span("ag2"),
            end: span("end"),
        }
    }
}

/// The pattern's spans on `text` (with or without the region group), found by hand
/// where the text the match depends on is ASCII, else by the regex.
fn spans(text: &str, with_region: bool) -> Option<Spans> {
    match hand_spans(text.as_bytes(), with_region) {
        Ok(found) => found,
        Err(NonAscii) => regex_spans(text, with_region),
    }
}

/// The pattern's spans as the regex's captures give them: about 23,000 instructions a
/// call in the pipeline's profile (10,500 on four datelines over and over), most in the
/// lazy DFA building states (the bounded repetitions give it more states than its cache
/// keeps), hence `hand_spans` in front (about 820 on the same four).
fn regex_spans(text: &str, with_region: bool) -> Option<Spans> {
    let re = if with_region { &*DATELINE } else { &*DATELINE_NO_REGION };
    re.captures(text).map(|caps| Spans::from_captures(&caps))
}

/// The hand matcher met a byte beyond ASCII where the regex would look at it: it might
/// be `’` or a dash of the pattern, Unicode space or a digit (`\s`, `\d`), or a letter
/// that matches a month's name case-blind (U+017F for `s`), so the regex must decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NonAscii;

/// The bytes as the hand matcher reads them: any byte beyond ASCII it looks at is an
/// `Err(NonAscii)`. On ASCII the regex's classes are simple: `\s` is tab, newline,
/// vertical tab, form feed, carriage return and space (Unicode White_Space), `\d` is
/// 0-9 and case-blind letters are ASCII case pairs.
#[derive(Clone, Copy)]
struct Ascii<'a>(&'a [u8]);

impl Ascii<'_> {
    /// The byte at `i`, None past the end.
    #[inline]
    fn at(self, i: usize) -> Result<Option<u8>, NonAscii> {
        match self.0.get(i) {
            Some(&b) if b >= 0x80 => Err(NonAscii),
            b => Ok(b.copied()),
        }
    }

    /// Whether there is a byte at `i` and it passes `test`.
    #[inline]
    fn is(self, i: usize, test: impl Fn(u8) -> bool) -> Result<bool, NonAscii> {
        Ok(self.at(i)?.is_some_and(test))
    }

    /// Past up to `max` bytes from `i` that pass `test` (a greedy `class{0,max}`; it
    /// looks at the byte that stops it, as the regex does, but not past `max`).
    #[inline]
    fn run(self, mut i: usize, max: usize, test: impl Fn(u8) -> bool) -> Result<usize, NonAscii> {
        let mut n = 0;
        while n < max && self.is(i, &test)? {
            i += 1;
            n += 1;
        }
        Ok(i)
    }

    /// Past `\s*` from `i`.
    #[inline]
    fn spaces(self, i: usize) -> Result<usize, NonAscii> {
        self.run(i, usize::MAX, is_space)
    }

    /// Whether the text at `i` is `word` (lower-case ASCII) in any case.
    fn has_word(self, i: usize, word: &[u8]) -> Result<bool, NonAscii> {
        for (k, &c) in word.iter().enumerate() {
            if self.at(i + k)?.map(|b| b.to_ascii_lowercase()) != Some(c) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// `\s` on an ASCII byte.
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The spellings `MONTHS` matches, in the order the regex tries them: its branches in
/// turn, within each the optional parts taken first (`sept?(?:ember)?` tries
/// "september", "sept", "sepember", "sep").
const MONTH_FORMS: [&[u8]; 25] = [
    b"january", b"jan", b"february", b"feb", b"march", b"mar", b"april", b"apr", b"may",
    b"june", b"jun", b"july", b"jul", b"august", b"aug", b"september", b"sept", b"sepember",
    b"sep", b"october", b"oct", b"november", b"nov", b"december", b"dec",
];

/// The spans of `dateline_regex(with_region)` on `text`, exactly as its captures give
/// them (None: no match), for a few hundred instructions; `Err` where the answer could
/// depend on a byte beyond ASCII.
///
/// The regex takes the first match a backtracking matcher finds, trying greedy
/// repetitions longest first, optional groups present first and alternatives in order.
/// Everything after `place` may match empty, so once `place` matches the rest always
/// does, and no later failure ever sends the search back into an earlier piece: each
/// piece takes the first of its own ways to match that it can complete, then the next
/// piece starts from there. Within a piece the search could only back off in ways this
/// code skips because they cannot work (giving back a `\s` or a letter where the next
/// item wants a dot, digit, capital or slash); the month's spellings are tried in turn.
/// The code looks at every byte that search looks at, so when they are all ASCII the
/// answer is the regex's.
fn hand_spans(text: &[u8], with_region: bool) -> Result<Option<Spans>, NonAscii> {
    let s = Ascii(text);
    // ^\s*(?P<place>[A-Z](?:[A-Za-z.'’ ]|-[A-Za-z]){0,40})
    let start = s.spaces(0)?;
    if !s.is(start, |b| b.is_ascii_uppercase())? {
        return Ok(None);
    }
    let mut p = start + 1;
    for _ in 0..40 {
        match s.at(p)? {
            Some(b) if b.is_ascii_alphabetic() || matches!(b, b'.' | b'\'' | b' ') => p += 1,
            Some(b'-') if s.is(p + 1, |b| b.is_ascii_alphabetic())? => p += 2,
            _ => break,
        }
    }
    let place = Some((start, p));
    let region = if with_region { region_at(s, p)? } else { None };
    if let Some((_, end)) = region {
        p = end;
    }
    let (mut month, mut day, mut year) = (None, None, None);
    if let Some(date) = date_at(s, p)? {
        (month, day, year) = (Some(date.month), Some(date.day), date.year);
        p = date.end;
    }
    // \.?
    if s.at(p)? == Some(b'.') {
        p += 1;
    }
    // (?:\s*(?:/(?P<ag1>…)/|\((?P<ag2>…)\)))?
    let (mut ag1, mut ag2) = (None, None);
    let q = s.spaces(p)?;
    match s.at(q)? {
        Some(b'/') => {
            if let Some(end) = agency_at(s, q + 1, b'/')? {
                ag1 = Some((q + 1, end));
                p = end + 1;
            }
        }
        Some(b'(') => {
            if let Some(end) = agency_at(s, q + 1, b')')? {
                ag2 = Some((q + 1, end));
                p = end + 1;
            }
        }
        _ => {}
    }
    // (?P<end>\s*(?:\.\s*)?(?:[-–—]+|:)?)\s*
    let mut q = s.spaces(p)?;
    if s.at(q)? == Some(b'.') {
        q = s.spaces(q + 1)?;
    }
    match s.at(q)? {
        Some(b'-') => q = s.run(q, usize::MAX, |b| b == b'-')?,
        Some(b':') => q += 1,
        _ => {}
    }
    let end = Some((p, q));
    let len = s.spaces(q)?;
    Ok(Some(Spans { len, place, region, month, day, year, ag1, ag2, end }))
}

/// `,\s*(?P<region>[A-Z][A-Za-z]{0,12}\.(?:\s?[A-Z][a-z]?\.)?)` at `p`: the region's span.
fn region_at(s: Ascii<'_>, p: usize) -> Result<Span, NonAscii> {
    if s.at(p)? != Some(b',') {
        return Ok(None);
    }
    let start = s.spaces(p + 1)?;
    if !s.is(start, |b| b.is_ascii_uppercase())? {
        return Ok(None);
    }
    let mut end = s.run(start + 1, 12, |b| b.is_ascii_alphabetic())?;
    if s.at(end)? != Some(b'.') {
        return Ok(None);
    }
    end += 1;
    // (?:\s?[A-Z][a-z]?\.)? — without the space (or the small letter) the next item
    // would meet a space (a letter), never the capital (the dot) it wants
    let capital = if s.is(end, is_space)? { end + 1 } else { end };
    if s.is(capital, |b| b.is_ascii_uppercase())? {
        let dot = if s.is(capital + 1, |b| b.is_ascii_lowercase())? { capital + 2 } else { capital + 1 };
        if s.at(dot)? == Some(b'.') {
            end = dot + 1;
        }
    }
    Ok(Some((start, end)))
}

/// Where the date group matched.
struct DateSpans {
    end: usize,
    month: (usize, usize),
    day: (usize, usize),
    year: Span,
}

/// `,?\s*(?P<month>MONTHS)\.?\s+(?P<day>\d{1,2})(?:,?\s*(?P<year>\d{4}))?` at `p`.
fn date_at(s: Ascii<'_>, p: usize) -> Result<Option<DateSpans>, NonAscii> {
    // without the comma (or with fewer spaces) the month would start at a comma (space)
    let comma = if s.at(p)? == Some(b',') { p + 1 } else { p };
    let m = s.spaces(comma)?;
    // every spelling looks at the first letter first: only those it starts go on
    let Some(first) = s.at(m)? else {
        return Ok(None);
    };
    let first = first.to_ascii_lowercase();
    for form in MONTH_FORMS.iter().filter(|form| form.first() == Some(&first)) {
        if !s.has_word(m, form)? {
            continue;
        }
        let month_end = m + form.len();
        // \.?\s+ — without the dot, `\s+` would start at it
        let dot = if s.at(month_end)? == Some(b'.') { month_end + 1 } else { month_end };
        let d = s.spaces(dot)?;
        if d == dot || !s.is(d, |b| b.is_ascii_digit())? {
            continue;
        }
        // \d{1,2}: two digits where there are (what follows may match empty)
        let day_end = if s.is(d + 1, |b| b.is_ascii_digit())? { d + 2 } else { d + 1 };
        // (?:,?\s*(?P<year>\d{4}))?
        let y = s.spaces(if s.at(day_end)? == Some(b',') { day_end + 1 } else { day_end })?;
        let year_end = s.run(y, 4, |b| b.is_ascii_digit())?;
        let (end, year) = if year_end == y + 4 { (year_end, Some((y, year_end))) } else { (day_end, None) };
        return Ok(Some(DateSpans { end, month: (m, month_end), day: (d, day_end), year }));
    }
    Ok(None)
}

/// `[A-Za-z][A-Za-z\-. ]{0,20}` at `i`, then `close`: the end of the agency's name (where
/// `close` is). The closing mark is not in the class, so giving back a byte never helps.
fn agency_at(s: Ascii<'_>, i: usize, close: u8) -> Result<Option<usize>, NonAscii> {
    if !s.is(i, |b| b.is_ascii_alphabetic())? {
        return Ok(None);
    }
    let end = s.run(i + 1, 20, |b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'.' | b' '))?;
    Ok((s.at(end)? == Some(close)).then_some(end))
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
/// per thread: wire datelines repeat ("NEW YORK, April 7 -" heads a hundred stories).
/// (The memo mattered when the regex read every field; with the hand matcher in front
/// it still saves a little: 0.25% of a run's instructions on Reuters.)
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

    /// What differs between the hand matcher and the regex on `line` (None: nothing):
    /// their spans, with and without the region, wherever the hand matcher answers (it
    /// may bail only on a line beyond ASCII), and `parse_regex` against the same parse
    /// on the regex's captures alone.
    fn disagreement(line: &str) -> Option<String> {
        for with_region in [true, false] {
            match hand_spans(line.as_bytes(), with_region) {
                Ok(hand) => {
                    let by_regex = regex_spans(line, with_region);
                    if hand != by_regex {
                        return Some(format!("{line:?} with_region={with_region}: hand {hand:?}, regex {by_regex:?}"));
                    }
                }
                Err(NonAscii) if line.is_ascii() => return Some(format!("{line:?}: bailed on ASCII")),
                Err(NonAscii) => {}
            }
        }
        let (found, by_regex) = (parse_regex(line), parse_spans(line, regex_spans));
        (found != by_regex).then(|| format!("{line:?}: parse {found:?}, by regex {by_regex:?}"))
    }

    /// The unit tests' lines (all ASCII) are matched by hand, with the regex's spans.
    #[test]
    fn hand_matcher_takes_the_plain_datelines() {
        for line in [
            "MOSCOW, September 20. /TASS/. Moscow plans to expand",
            "WASHINGTON, April 2 - The U.S.",
            "BEIJING (Reuters) - China said",
            "LONDON, March 7 (AFP) - Britain",
            "NEW YORK, MARCH 17 -",
            "CAMBRIDGE, Mass., March 3 - Harvard",
            "MOSCOW, Dec. 12 (Reuters) - Russia",
            "BEIJING, Nov. 3 /TASS/. China",
            "SALVADOR, Feb 26 -",
        ] {
            for with_region in [true, false] {
                let hand = hand_spans(line.as_bytes(), with_region);
                assert_eq!(hand, Ok(regex_spans(line, with_region)), "{line} {with_region}");
                assert!(matches!(hand, Ok(Some(_))), "{line}");
            }
            assert_eq!(disagreement(line), None);
        }
        // a few the regex reads in ways worth pinning
        let spans = |line: &str, with_region| hand_spans(line.as_bytes(), with_region).ok().flatten();
        let s = spans("CAMBRIDGE, Mass., March 3 - Harvard", true).expect("match");
        assert_eq!((s.region, s.month, s.day, s.end), (Some((11, 16)), Some((18, 23)), Some((24, 25)), Some((25, 27))));
        let s = spans("MOSCOW, Dec. 12 (Reuters) - Russia", true).expect("match");
        assert_eq!((s.region, s.month), (Some((8, 12)), None));
        let s = spans("MOSCOW, Dec. 12 (Reuters) - Russia", false).expect("match");
        assert_eq!((s.month, s.day, s.ag2, s.len), (Some((8, 11)), Some((13, 15)), Some((17, 24)), 28));
        assert_eq!(spans("moscow, Dec. 12 -", true), None);
        assert_eq!(hand_spans("MOSCOW, Dec. 12 – Russia".as_bytes(), false), Err(NonAscii));
    }

    /// Parts of dateline-like lines, for the generators below: places, regions, month
    /// and date pieces, agencies, ends, spaces of every kind, and bytes beyond ASCII
    /// (where the hand matcher must bail, never answer wrong).
    const PLACES: &[&str] = &[
        "WINSTON-SALEM", "ST. LOUIS", "N'DJAMENA", "NEW YORK", "MOSCOW", "Washington", "RIO DE JANEIRO",
        "A", "X-Y", "O’HARE", "A-", "A--B", "SAO PAULO-", "ABCDEFGHIJKLMNOPQRSTUVWXYZ ABCDEFGHIJKLMNOPQ",
        "AB-CD-EF-GH-IJ-KL-MN-OP-QR-ST-UV-WX-YZ-AB-CD-EF-GH-IJ-KL-MN", "U.S.", "Mar", "May", "Dec.", "MONTRÉAL",
        "\u{212A}IEV", "BONN",
    ];
    const REGIONS: &[&str] = &[
        ", Mass.", ",Mass.", ", N.Y.", ", N. Y.", ", N.\tY.", ", D.C.", ", Calif.", ", Pa.", ",  Ill.", ",\nWash.",
        ", Dec.", ", Mar.", ", Sept.", ", Abcdefghijklm.", ", Abcdefghijklmn.", ", Mass", ", N.Yx.", ", N.Y", ", N.YZ.",
        ", Mass.X.", ", Mass.  X.", ", n.y.", ",\u{a0}Mass.", ", Mass.\u{2009}Y.", ", Qué.",
    ];
    const SEPARATORS: &[&str] = &["", "", ",", ", ", " ", ",  ", ",\t", ",\n", " ,", ",\x0B", ",\u{a0}", ". "];
    const BETWEEN: &[&str] = &[" ", " ", "", ".", ". ", "  ", "\t", "\x0B", "\x0C", "\r\n", "\x1C", "\u{a0}", "\u{2009}", ".\n"];
    const DAYS: &[&str] = &["3", "26", "07", "123", "", "\u{663}", "1\u{663}", "31"];
    const YEARS: &[&str] = &["", "", ", 1987", " 1987", "1987", ",1987", ", 87", " 19875", ",\t1987", ", \u{663}987", " 198"];
    const AGENCIES: &[&str] = &[
        "", "", " /TASS/", "/TASS/", " (Reuters)", "(AFP)", " ( Reuters)", " /Abcdefghijklmnopqrstu/", " /Abcdefghijklmnopqrstuv/",
        "/X-Y. Z/", "(Reuters", "/TASS", "  (Reuters) ", "\t/TASS/", "(Agence France-Presse)", "(Reuters’)", "/1TASS/",
    ];
    const ENDS: &[&str] = &[
        "", " -", " - ", " -- ", "--", ". - ", ": ", " :", " — ", " – ", ".", " . ", "\n", " .\t-", "-–", " \u{a0}- ", "::",
    ];
    const PIECES: &[&str] = &[
        " ", "  ", "\t", "\x0B", "\x0C", "\n", "\r", "\x1C", ".", ",", ", ", "-", "--", " - ", ":", "/", "(", ")", "'",
        "/TASS/", "(Reuters)", "(AFP)", "Mass.", "N.Y.", "D.C.", "Calif.", "Sept.", "MARCH", "dec", "Dec.", "may",
        "market", "Mayor", "1987", "’", "–", "—", "\u{a0}", "\u{2009}", "\u{212A}", "\u{17F}", "é", "\u{663}", "\u{85}",
    ];

    /// One dateline-like line from the parts above, in the pattern's order.
    fn dateline_line() -> impl Strategy<Value = String> {
        use proptest::sample::select;
        let month = "(?i)(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|sepember|oct|october|nov|november|dec|december|marc|augus)";
        let date = (select(SEPARATORS), month, select(BETWEEN), select(DAYS), select(YEARS))
            .prop_map(|(sep, m, between, day, year)| format!("{sep}{m}{between}{day}{year}"));
        (
            select(&[" ", "", "", "", "\t", "\n ", "\x0B", "\u{a0}", "a"][..]),
            prop_oneof![
                2 => select(PLACES).prop_map(str::to_owned),
                1 => "[A-Z][A-Za-z .'-]{0,50}",
                1 => "[A-Z]{1,12}( [A-Z]{1,10}){0,5}",
            ],
            prop_oneof![Just(String::new()), select(REGIONS).prop_map(str::to_owned)],
            prop_oneof![1 => Just(String::new()), 3 => date],
            select(&["", "", "."][..]),
            prop_oneof![
                3 => select(AGENCIES).prop_map(str::to_owned),
                1 => "[ \t]?(/[A-Za-z][A-Za-z. -]{0,22}/|\\([A-Za-z][A-Za-z. -]{0,22}\\))",
            ],
            select(ENDS),
            "[A-Za-z ’.,0-9-]{0,12}",
        )
            .prop_map(|(lead, place, region, date, dot, agency, end, tail)| {
                format!("{lead}{place}{region}{date}{dot}{agency}{end}{tail}")
            })
    }

    /// A line of pieces in any order, after a capital or a few other starts.
    fn piece_line() -> impl Strategy<Value = String> {
        use proptest::sample::select;
        let piece = prop_oneof![
            4 => select(PIECES).prop_map(str::to_owned),
            2 => "(?i)(jan|january|feb|february|mar|march|apr|april|may|june?|july?|aug|august|sept?|september|oct|october|nov|november|dec|december)\\.?",
            2 => "[0-9]{1,5}",
            2 => "[A-Za-z]{1,8}",
            1 => "[A-Z][A-Z .'-]{0,45}",
            1 => "/[A-Za-z][A-Za-z. -]{0,24}/?",
            1 => "\\([A-Za-z][A-Za-z. -]{0,24}\\)?",
            2 => "[ \t\n\x0B\x0C\r\x1C]{1,4}",
            1 => "[\u{80}-\u{3000}]",
        ];
        (
            prop_oneof![
                4 => "[A-Z][A-Za-z]{0,3}",
                1 => "[ \t\x0B\n]{1,3}[A-Z]",
                1 => select(PIECES).prop_map(str::to_owned),
            ],
            proptest::collection::vec(piece, 0..14),
        )
            .prop_map(|(head, pieces)| format!("{head}{}", pieces.concat()))
    }

    use proptest::prelude::{prop_oneof, Just, Strategy};

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(20_000))]
        /// The hand matcher gives the regex's spans (with and without the region) on
        /// dateline-like lines built in the pattern's order, or bails on one beyond ASCII.
        #[test]
        fn hand_matcher_agrees_on_datelines(line in dateline_line()) {
            let d = disagreement(&line);
            proptest::prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
        }

        /// The same on lines of dateline pieces in any order.
        #[test]
        fn hand_matcher_agrees_on_pieces(line in piece_line()) {
            let d = disagreement(&line);
            proptest::prop_assert!(d.is_none(), "{}", d.unwrap_or_default());
        }
    }

    /// The corpora's dateline fields, bodies and bodies' first lines (Reuters-21578;
    /// BBC News for text beyond ASCII): the hand matcher and the regex agree on all.
    /// Skipped where the corpora are missing.
    #[test]
    fn hand_matcher_agrees_on_the_corpora() {
        use std::io::BufRead;
        // `BILAT_SHARED` as `.ci/run` sets it, else `../shared` beside the checkout
        let shared = std::env::var("BILAT_SHARED").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared").to_owned());
        for (name, fields) in [("reuters21578.jsonl.gz", &["dateline", "body"][..]), ("bbc_news_2005.jsonl.gz", &["title", "body"][..])] {
            let path = format!("{shared}/corpora/{name}");
            let Ok(file) = std::fs::File::open(&path) else {
                eprintln!("{path} missing: not compared");
                continue;
            };
            let mut lines: Vec<String> = Vec::new();
            for record in std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
                let record = record.expect("corpus line");
                let value: serde_json::Value = serde_json::from_str(&record).expect("corpus JSON");
                for field in fields {
                    if let Some(text) = value.get(*field).and_then(|v| v.as_str()) {
                        lines.push(text.to_owned());
                        if let Some(first) = text.lines().next().filter(|l| l.len() < text.len()) {
                            lines.push(first.to_owned());
                        }
                    }
                }
            }
            let differ: Vec<String> = lines.iter().filter_map(|l| disagreement(l)).collect();
            let bailed = lines.iter().filter(|l| hand_spans(l.as_bytes(), true).is_err()).count();
            let time = |f: &dyn Fn(&str) -> Option<Spans>| {
                let t = std::time::Instant::now();
                for l in &lines {
                    std::hint::black_box(f(std::hint::black_box(l)));
                }
                t.elapsed().as_secs_f64() * 1e9 / lines.len().max(1) as f64
            };
            let (hand_ns, regex_ns) = (time(&|l| spans(l, true)), time(&|l| regex_spans(l, true)));
            eprintln!(
                "{path}: {} texts, {} differ, {bailed} bailed to the regex; {hand_ns:.0} ns a call by hand (with fallback), {regex_ns:.0} ns by regex",
                lines.len(),
                differ.len()
            );
            assert!(differ.is_empty(), "{:#?}", &differ[..differ.len().min(20)]);
        }
    }

    /// Speed of the hand matcher against the regex on typical Reuters datelines:
    /// `cargo test --release --lib dateline_speed -- --ignored --nocapture`.
    /// DATELINE_BENCH_CALLS sets the calls (1,000,000), DATELINE_BENCH_ONLY=hand or
    /// regex runs one side (for callgrind).
    #[test]
    #[ignore]
    fn dateline_speed() {
        let lines = ["NEW YORK, April 7 -", "WASHINGTON, March 3 -", "TOKYO, March 9 - Japan's", "BONN, March 2 - West"];
        let calls: usize = std::env::var("DATELINE_BENCH_CALLS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
        let only = std::env::var("DATELINE_BENCH_ONLY").unwrap_or_default();
        let time = |f: &dyn Fn(&str) -> Option<Spans>| {
            let t = std::time::Instant::now();
            for i in 0..calls {
                std::hint::black_box(f(std::hint::black_box(lines[i % lines.len()])));
            }
            t.elapsed().as_secs_f64() * 1e9 / calls as f64
        };
        if only != "regex" {
            eprintln!("hand:  {:.1} ns a call", time(&|l| hand_spans(l.as_bytes(), true).ok().flatten()));
        }
        if only != "hand" {
            eprintln!("regex: {:.1} ns a call", time(&|l| regex_spans(l, true)));
        }
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert!(parse("Moscow plans to expand cooperation with Caracas.").is_none());
        assert!(parse("Venezuela is our strategic partner.").is_none());
        assert!(parse("The U.S. Agriculture Department said").is_none());
    }
}
