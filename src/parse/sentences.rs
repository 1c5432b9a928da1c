//! Paragraphs and sentences as byte ranges. Wire copy is either one paragraph per line
//! (TASS, scrapers) or hard-wrapped at ~65 columns with indented paragraphs (Reuters
//! 1987); both are recognised. Abbreviations such as "U.S.", "Mr.", "Sept." and "No. 1"
//! do not end a sentence.

use crate::model::Sentence;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "st", "jr", "sr", "inc", "corp", "co", "ltd", "plc", "bros", "no", "nos",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs",
    "approx", "fig", "mt", "ft", "ave", "pres", "messrs", "rev", "hon", "dept", "univ", "est",
    "mln", "bln", "pct", "cts", "dlrs", "gov't", "sec", "ald", "lb", "lbs", "oz",
];

/// Split `text[start..end]` into paragraphs: byte ranges, trimmed, non-empty.
///
/// The lines are found once, into a list sized from the text, with the non-blank lines'
/// average length counted on the way (a story wrapped at ~65 columns breaks paragraphs
/// at indents and blank lines; one of long lines has a paragraph per line); every
/// paragraph holds a non-blank line, so the output never grows.
pub fn paragraphs(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let region = &text[start..end];
    // (offset, length, blank) of each line
    let mut lines: Vec<(usize, usize, bool)> = Vec::with_capacity(region.len() / 40 + 2);
    let (mut sum, mut nonblank) = (0usize, 0usize);
    for (off, line) in line_spans(region) {
        let blank = is_blank(line);
        if !blank {
            sum += line.len();
            nonblank += 1;
        }
        lines.push((off, line.len(), blank));
    }
    let line_per_paragraph = nonblank > 0 && sum / nonblank > 100;
    let mut out = Vec::with_capacity(nonblank);
    let mut push = |(s, e): (usize, usize)| {
        if let Some(r) = trim_range(text, s, e) {
            out.push(r);
        }
    };
    let mut cur: Option<(usize, usize)> = None;
    let bytes = region.as_bytes();
    for (off, len, blank) in lines {
        let s = start + off;
        let indented = len >= 1 && bytes[off] == b'\t' || len >= 2 && bytes[off] == b' ' && bytes[off + 1] == b' ';
        if blank || line_per_paragraph || indented {
            if let Some(p) = cur.take() {
                push(p);
            }
        }
        if blank {
            continue;
        }
        let e = s + len;
        if line_per_paragraph {
            push((s, e));
            continue;
        }
        cur = Some(match cur {
            Some((ps, _)) => (ps, e),
            None => (s, e),
        });
    }
    if let Some(p) = cur {
        push(p);
    }
    out
}

/// `line.trim().is_empty()`: ASCII lines, nearly all, are settled by their first byte
/// that is not ASCII whitespace.
fn is_blank(line: &str) -> bool {
    match line.bytes().find(|b| !matches!(b, b' ' | b'\t' | 0x0B | 0x0C | b'\r' | b'\n')) {
        None => true,
        Some(b) if b < 0x80 => false,
        Some(_) => line.trim_start().is_empty(),
    }
}

/// Each line's offset and text without its line end: `split_inclusive('\n')`, with the
/// line ends found by the `memchr` crate (std's byte search was a visible cost here).
fn line_spans(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = s.as_bytes();
    let mut off = 0;
    std::iter::from_fn(move || {
        if off >= bytes.len() {
            return None;
        }
        let o = off;
        off = memchr::memchr(b'\n', &bytes[o..]).map_or(bytes.len(), |k| o + k + 1);
        // the line without the '\n' and '\r' bytes that end it
        let mut e = off;
        while e > o && matches!(bytes[e - 1], b'\n' | b'\r') {
            e -= 1;
        }
        Some((o, &s[o..e]))
    })
}

fn trim_range(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let slice = &text[s..e];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (s, e) = (s + lead, e - trail);
    (s < e).then_some((s, e))
}

/// Split one paragraph into sentences.
pub fn split(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut s = start;
    let mut i = start;
    // the marks that may end a sentence, found with memchr (nearly every byte is none)
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..end]) {
        i += k;
        let b = bytes[i];
        // extend over closing quotes/brackets and repeated punctuation
        let mut j = i + 1;
        while j < end {
            let rest = &text[j..end];
            if let Some(c) = rest.chars().next() {
                if matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '.' | '!' | '?') {
                    j += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        let next_ws = j < end && bytes[j].is_ascii_whitespace();
        if next_ws && b == b'.' && is_abbreviation(text, s, i) {
            i = j;
            continue;
        }
        if next_ws && starts_sentence(&text[j..end]) {
            if let Some(r) = trim_range(text, s, j) {
                out.push(Sentence { start: r.0, end: r.1, paragraph });
            }
            s = j;
        }
        i = j;
    }
    if let Some(r) = trim_range(text, s, end) {
        out.push(Sentence { start: r.0, end: r.1, paragraph });
    }
}

fn starts_sentence(rest: &str) -> bool {
    let t = rest.trim_start();
    match t.chars().next() {
        Some(c) => c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '['),
        None => false,
    }
}

/// Is the word ending at the period `dot` an abbreviation rather than a sentence end?
fn is_abbreviation(text: &str, sent_start: usize, dot: usize) -> bool {
    let before = &text[sent_start..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '['))
        .map(|(k, c)| k + c.len_utf8())
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials and dotted acronyms: "J.", "U.S", "U.N", "a.m"
    if word.contains('.') && word.len() <= 6 {
        return true;
    }
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The memchr line splitter gives what `split_inclusive('\n')` gives.
        #[test]
        fn line_spans_are_split_inclusive(s in "([a-z]{0,4}|\n|\r\n|\r| |é){0,12}") {
            let mut off = 0;
            let expect: Vec<(usize, &str)> = s.split_inclusive('\n').map(|l| {
                let o = off;
                off += l.len();
                (o, l.trim_end_matches(['\n', '\r']))
            }).collect();
            proptest::prop_assert_eq!(line_spans(&s).collect::<Vec<_>>(), expect);
        }
    }

    /// `paragraphs` as it was first written: lines collected, blank ones filtered into a
    /// list of their own, paragraphs trimmed after they are all found.
    fn paragraphs_reference(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
        let region = &text[start..end];
        let mut off = 0;
        let lines: Vec<(usize, &str)> = region
            .split_inclusive('\n')
            .map(|l| {
                let o = off;
                off += l.len();
                (o, l.trim_end_matches(['\n', '\r']))
            })
            .collect();
        let nonblank: Vec<&str> = lines.iter().map(|(_, l)| *l).filter(|l| !l.trim().is_empty()).collect();
        let avg = if nonblank.is_empty() { 0 } else { nonblank.iter().map(|l| l.len()).sum::<usize>() / nonblank.len() };
        let line_per_paragraph = avg > 100;
        let mut out = Vec::new();
        let mut cur: Option<(usize, usize)> = None;
        for (off, line) in lines {
            let s = start + off;
            let blank = line.trim().is_empty();
            let indented = line.starts_with("  ") || line.starts_with('\t');
            if blank || line_per_paragraph || indented {
                if let Some(p) = cur.take() {
                    out.push(p);
                }
            }
            if blank {
                continue;
            }
            let e = s + line.len();
            cur = Some(match cur {
                Some((ps, _)) => (ps, e),
                None => (s, e),
            });
            if line_per_paragraph {
                out.push(cur.take().unwrap_or((s, e)));
            }
        }
        if let Some(p) = cur {
            out.push(p);
        }
        out.into_iter().filter_map(|(s, e)| trim_range(text, s, e)).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// The one-pass paragraph splitter gives what the first one gave: on short and
        /// long lines, blank lines of every kind of whitespace, indents, CRs and UTF-8.
        #[test]
        fn paragraphs_are_the_reference(
            pieces in proptest::collection::vec(
                "([A-Za-z]{1,8}|[A-Za-z ]{90,140}|\n|\r\n|\r| |  |\t|\u{0B}|\u{0C}|\u{a0}|\u{2003}|\u{85}|\u{1f}|é|\\.)",
                0..40,
            ),
            cut in 0usize..6,
        ) {
            let text = pieces.concat();
            let start = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
            proptest::prop_assert_eq!(paragraphs(&text, start, text.len()), paragraphs_reference(&text, start, text.len()), "{:?}", text);
        }
    }

    fn sents(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split(t, 0, t.len(), 0, &mut out);
        out.iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let t = "The U.S. Agriculture Department said. Mr. Lyng met No. 2 officials in Sept. 1987. Done!";
        assert_eq!(
            sents(t),
            vec![
                "The U.S. Agriculture Department said.",
                "Mr. Lyng met No. 2 officials in Sept. 1987.",
                "Done!"
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        let t = "\"Venezuela is our partner.\" He said so. \"We agree,\" he said.";
        assert_eq!(sents(t), vec!["\"Venezuela is our partner.\"", "He said so.", "\"We agree,\" he said."]);
    }

    #[test]
    fn reuters_wrapped_paragraphs() {
        let t = "The U.S. Agriculture Department is not\nactively considering it.\n    However, grain trade\nanalysts said so.\n";
        let ps = paragraphs(t, 0, t.len());
        assert_eq!(ps.len(), 2);
        assert!(t[ps[1].0..ps[1].1].starts_with("However"));
    }

    #[test]
    fn long_lines_are_paragraphs() {
        let long = "x".repeat(120);
        let t = format!("{long}.\n{long}.\n");
        assert_eq!(paragraphs(&t, 0, t.len()).len(), 2);
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    /// Found by the property tests: a multi-byte space before an abbreviation's word.
    #[test]
    fn wide_space_before_a_period() {
        let t = "e\u{2003}Mr. Smith came. He left.";
        let mut out = Vec::new();
        split(t, 0, t.len(), 0, &mut out);
        assert_eq!(out.len(), 2);
    }
}
