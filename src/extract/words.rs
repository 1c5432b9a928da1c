//! Word tokens of a sentence, lower-cased, with byte offsets: the unit sector cues and
//! tone words are matched on. Hyphenated words stay whole ("anti-dumping"); "n't"
//! becomes its own token so negation is seen.
//!
//! Tokenising runs on every sentence of every article, so it avoids per-word heap
//! allocation: a word's text is a `CompactString` (stored inline up to 24 bytes, which
//! covers nearly every English word), and ASCII words are lower-cased byte by byte.

use compact_str::CompactString;

/// A lower-cased word and its byte range in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: CompactString,
    pub start: usize,
    pub end: usize,
}

/// Tokenise `s` into words.
pub fn words(s: &str) -> Vec<Word> {
    if s.is_ascii() {
        return ascii_words(s);
    }
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut start: Option<usize> = None;
    let bytes = s.as_bytes();
    let is_word = |c: char| c.is_alphanumeric();
    let mut i = 0;
    while i < bytes.len() {
        let Some((c, len)) = char_at(s, i) else { break };
        let joins = (c == '-' || c == '\'' || c == '’')
            && start.is_some()
            && char_at(s, i + len).is_some_and(|(n, _)| is_word(n));
        if is_word(c) || joins {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            push(s, st, i, &mut out);
        }
        i += len;
    }
    if let Some(st) = start {
        push(s, st, bytes.len(), &mut out);
    }
    out
}

/// `words` of an ASCII text (nearly every sentence): letters and digits run in a tight
/// loop of their own, and a hyphen or apostrophe joins when a letter or digit follows.
fn ascii_words(s: &str) -> Vec<Word> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    let mut i = 0;
    loop {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == b.len() {
            return out;
        }
        let start = i;
        let mut apostrophe = false;
        loop {
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i + 1 < b.len() && matches!(b[i], b'-' | b'\'') && b[i + 1].is_ascii_alphanumeric() {
                apostrophe |= b[i] == b'\'';
                i += 1;
                continue;
            }
            break;
        }
        if apostrophe {
            push_ascii(s, start, i, &mut out);
        } else {
            // no "n't" or "'s" to split off: the word as it is, lower-cased
            out.push(Word { text: lower_ascii(&s[start..i]), start, end: i });
        }
    }
}

/// An ASCII word lower-cased, inline up to 24 bytes.
fn lower_ascii(word: &str) -> CompactString {
    let mut w = CompactString::from(word);
    w.make_ascii_lowercase();
    w
}

/// `push` of a word of an ASCII text: the suffixes are found case-blind in the text
/// itself, so the word is copied once, into a `CompactString` (inline up to 24 bytes),
/// and lower-cased there.
fn push_ascii(s: &str, st: usize, en: usize, out: &mut Vec<Word>) {
    let b = &s.as_bytes()[st..en];
    let ends = |suffix: &[u8]| b.len() >= suffix.len() && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    let text = |to: usize| lower_ascii(&s[st..to]);
    if ends(b"n't") {
        if en - 3 > st {
            out.push(Word { text: text(en - 3), start: st, end: en - 3 });
        }
        out.push(Word { text: CompactString::const_new("n't"), start: en - 3, end: en });
        return;
    }
    let to = if ends(b"'s") { en - 2 } else { en };
    out.push(Word { text: text(to), start: st, end: en });
}

/// The char at byte `i` of `s` (a char boundary) and its length; `None` at the end.
#[inline]
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The lower-cased form of a word, with ’ read as '. ASCII words (nearly all of them)
/// are lower-cased in place, so short ones never touch the heap.
fn lowered(word: &str) -> CompactString {
    if word.is_ascii() {
        lower_ascii(word)
    } else {
        CompactString::from(word.to_lowercase().replace('’', "'"))
    }
}

fn push(s: &str, st: usize, en: usize, out: &mut Vec<Word>) {
    let mut w = lowered(&s[st..en]);
    if let Some(stem) = w.strip_suffix("n't") {
        if !stem.is_empty() {
            out.push(Word { text: CompactString::from(stem), start: st, end: en - 3 });
        }
        out.push(Word { text: CompactString::const_new("n't"), start: en - 3, end: en });
        return;
    }
    if w.ends_with("'s") {
        w.truncate(w.len() - 2);
    }
    out.push(Word { text: w, start: st, end: en });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_lowercases() {
        let w: Vec<String> = words("Anti-dumping duties don't help Russia's trade.").into_iter().map(|w| w.text.to_string()).collect();
        assert_eq!(w, vec!["anti-dumping", "duties", "do", "n't", "help", "russia", "trade"]);
    }
}

/// The word right before byte `pos` of `text` (letters and digits only), optionally
/// looking past an article: "sales to the United States" → "to". The pairing rules
/// read prepositions this way.
pub fn word_before(text: &str, pos: usize, past_the: bool) -> &str {
    let before = text[..pos].trim_end();
    let before = if past_the { before.strip_suffix("the").unwrap_or(before).trim_end() } else { before };
    before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("")
}

#[cfg(test)]
mod word_before_tests {
    use super::word_before;

    #[test]
    fn reads_the_preposition() {
        let t = "oil sales to the United States";
        let at = t.find("United").unwrap();
        assert_eq!(word_before(t, at, true), "to");
        assert_eq!(word_before(t, at, false), "the");
        assert_eq!(word_before("Japan", 0, true), "");
    }
}

/// A fixed word list with a hashed membership test, for lists consulted once per word
/// of every sentence (a linear `contains` over fifty words was a visible cost).
pub struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordSet { words, set: std::sync::OnceLock::new() }
    }

    /// Whether `w` is one of the words (the same answer as `words.contains(w)`).
    pub fn contains(&self, w: &&str) -> bool {
        self.set.get_or_init(|| self.words.iter().copied().collect()).contains(*w)
    }
}
