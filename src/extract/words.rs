//! Word tokens of a sentence, lower-cased, with byte offsets: the unit sector cues and
//! tone words are matched on. Hyphenated words stay whole ("anti-dumping"); "n't"
//! becomes its own token so negation is seen.
//!
//! Tokenising runs on every sentence of every article, so it avoids per-word heap
//! allocation: a word's text is a `WordText` (stored inline up to 22 bytes, which covers
//! nearly every English word), and ASCII words are lower-cased as they are copied in.

use super::alnum;
use std::fmt;

/// A lower-cased word and its byte range in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: WordText,
    pub start: usize,
    pub end: usize,
}

/// A word's text: inline up to `INLINE` bytes (nearly every word), on the heap beyond.
/// Built for the tokeniser, which makes one per word of every sentence it reads: an
/// ASCII word is read from its sentence and lower-cased eight bytes at a time straight
/// into the inline room, where a `CompactString` took about 126 instructions a word to
/// be made and lower-cased (its copy goes through `memcpy`), 3% of a run.
#[derive(Clone)]
pub struct WordText(Repr);

#[derive(Clone)]
enum Repr {
    Inline(Inline),
    Heap(Box<str>),
}

/// A word's bytes and, in the last byte, their number: the first `len` bytes are always
/// a whole `str` (see `WordText::as_str`). Eight-byte aligned, so the tokeniser writes
/// a word as three eight-byte stores and its move into the word vector reads them back
/// whole; with the bytes after a one-byte length and the tag, at offset 2, that read
/// straddled two stores and waited for both to land (a fifth of the tokeniser's time).
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Inline([u8; 24]);

/// Bytes a `WordText` holds without the heap.
const INLINE: usize = 22;

impl WordText {
    /// The text of `s`, as it is.
    pub fn new(s: &str) -> Self {
        match Self::inline_with(s.as_bytes(), |b| b) {
            Some(t) => t,
            None => WordText(Repr::Heap(s.into())),
        }
    }

    /// An ASCII text lower-cased.
    fn lower_ascii(s: &str) -> Self {
        match Self::inline_with(s.as_bytes(), |b| b.to_ascii_lowercase()) {
            Some(t) => t,
            None => WordText(Repr::Heap(s.to_ascii_lowercase().into_boxed_str())),
        }
    }

    /// `lower_ascii` of `text[start..end]`, an ASCII word: read from the text eight bytes
    /// at a time where 24 of them can be read, and lower-cased eight at a time. Copied in
    /// byte by byte, the word was read back eight bytes at a time as the token moved
    /// into its vector, and each such read waited for the byte writes to land.
    // (inlined: returned through memory, the word's three eight-byte stores were read
    // back by a sixteen-byte load straddling two of them, which waits for both)
    #[inline(always)]
    fn lower_ascii_in(text: &str, start: usize, end: usize) -> Self {
        let len = end - start;
        match text.as_bytes().get(start..start + 24) {
            Some(chunk) if len <= INLINE => {
                let word = |k: usize| {
                    let x = chunk.get(8 * k..8 * k + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()).map_or(0, u64::from_le_bytes);
                    // the word's own bytes, the rest zero
                    let keep = match len.saturating_sub(8 * k) {
                        0 => 0,
                        n if n >= 8 => u64::MAX,
                        n => (1u64 << (8 * n)) - 1,
                    };
                    crate::swar::ascii_lower(x & keep)
                };
                // (the length in the last byte: the word leaves bytes 22 and 23 zero)
                let (a, b, c) = (word(0).to_le_bytes(), word(1).to_le_bytes(), (word(2) | (len as u64) << 56).to_le_bytes());
                let mut bytes = [0u8; 24];
                bytes[..8].copy_from_slice(&a);
                bytes[8..16].copy_from_slice(&b);
                bytes[16..].copy_from_slice(&c);
                WordText(Repr::Inline(Inline(bytes)))
            }
            _ => Self::lower_ascii(&text[start..end]),
        }
    }

    /// `src` mapped byte by byte into the inline form, if it fits. `map` must keep a
    /// valid UTF-8 text valid (the identity, or ASCII lower-casing).
    #[inline]
    fn inline_with(src: &[u8], map: impl Fn(u8) -> u8) -> Option<Self> {
        if src.len() > INLINE {
            return None;
        }
        let mut bytes = [0u8; 24];
        for (d, &b) in bytes.iter_mut().zip(src) {
            *d = map(b);
        }
        bytes[23] = src.len() as u8;
        Some(WordText(Repr::Inline(Inline(bytes))))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(Inline(bytes)) => {
                let b = &bytes[..usize::from(bytes[23])];
                // SAFETY: the inline bytes are always a whole `str` copied from a `&str`,
                // unchanged or with ASCII capitals lower-cased (`inline_with`'s callers),
                // which keeps UTF-8 valid; nothing else writes them.
                unsafe { std::str::from_utf8_unchecked(b) }
            }
            Repr::Heap(s) => s,
        }
    }
}

impl std::ops::Deref for WordText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for WordText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for WordText {}

impl PartialEq<str> for WordText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for WordText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for WordText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for WordText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
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

/// `words` of an ASCII text (nearly every sentence). A word is a run of letters and
/// digits, and a hyphen or apostrophe between two of them joins them; so the words are
/// the runs of set bits in a mask made 64 bytes at a time, and the loop visits only
/// their edges. (Read byte by byte, a branch at every byte was mispredicted at nearly
/// every word's end.)
fn ascii_words(s: &str) -> Vec<Word> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 5 + 1);
    // letters and digits; hyphens and apostrophes; apostrophes: of the block at `at`
    let classes = |at: usize| match b.get(at..at + 64).or_else(|| b.get(at..)) {
        Some(block) if !block.is_empty() => alnum::token_masks(block),
        _ => (0, 0, 0),
    };
    let (mut alnum, mut joiners, mut apostrophes) = classes(0);
    // bit 0: the last byte of the block before is a letter or digit; is in a word
    let (mut alnum_before, mut word_before) = (0u64, 0u64);
    // the word in progress: its start, and whether an apostrophe joins it in the blocks
    // before this one
    let (mut start, mut apostrophe) = (0usize, false);
    let mut base = 0;
    // (once more past the end of a text of whole blocks whose last byte is in a word:
    // there, past the text, that word's end shows as an edge like any other)
    while base < b.len() || word_before == 1 {
        let next = classes(base + 64);
        let word = alnum | joiners & (alnum << 1 | alnum_before) & (alnum >> 1 | next.0 << 63);
        let joined = apostrophes & word;
        // bits of this block from the word's start on
        let from = |start: usize| u64::MAX.checked_shl(start.saturating_sub(base) as u32).unwrap_or(0);
        // a word starts where the bit before is clear, ends where its bit is clear
        let mut edges = word ^ (word << 1 | word_before);
        while edges != 0 {
            let i = edges.trailing_zeros();
            edges &= edges - 1;
            let at = base + i as usize;
            if word >> i & 1 == 1 {
                (start, apostrophe) = (at, false);
            } else if apostrophe || joined & from(start) & ((1u64 << i) - 1) != 0 {
                push_ascii(s, start, at, &mut out);
            } else {
                // no "n't" or "'s" to split off: the word as it is, lower-cased
                out.push(Word { text: WordText::lower_ascii_in(s, start, at), start, end: at });
            }
        }
        if word >> 63 == 1 {
            apostrophe |= joined & from(start) != 0;
        }
        (alnum_before, word_before) = (alnum >> 63, word >> 63);
        (alnum, joiners, apostrophes) = next;
        base += 64;
    }
    out
}

/// `push` of an ASCII word: the suffixes are found case-blind in the text
/// itself, so the word is copied once, into a `WordText` (inline up to 22 bytes),
/// and lower-cased there.
fn push_ascii(s: &str, st: usize, en: usize, out: &mut Vec<Word>) {
    let b = &s.as_bytes()[st..en];
    let ends = |suffix: &[u8]| b.len() >= suffix.len() && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    let text = |to: usize| WordText::lower_ascii(&s[st..to]);
    if ends(b"n't") {
        if en - 3 > st {
            out.push(Word { text: text(en - 3), start: st, end: en - 3 });
        }
        out.push(Word { text: WordText::new("n't"), start: en - 3, end: en });
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

/// The lower-cased form of a word beyond ASCII, with ’ read as '.
fn lowered(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

/// `push_ascii` for a word of a text beyond ASCII: an ASCII word (most of them) goes
/// there, the others are lower-cased and split here the same way.
fn push(s: &str, st: usize, en: usize, out: &mut Vec<Word>) {
    if s[st..en].is_ascii() {
        return push_ascii(s, st, en, out);
    }
    let mut w = lowered(&s[st..en]);
    if let Some(stem) = w.strip_suffix("n't") {
        if !stem.is_empty() {
            out.push(Word { text: WordText::new(stem), start: st, end: en - 3 });
        }
        out.push(Word { text: WordText::new("n't"), start: en - 3, end: en });
        return;
    }
    if w.ends_with("'s") {
        w.truncate(w.len() - 2);
    }
    out.push(Word { text: WordText::new(&w), start: st, end: en });
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A word's text reads back as the text it was made from (lower-cased, for the
        /// ASCII constructor), every length around the inline limit, any chars.
        #[test]
        fn word_text_holds_its_text(s in "[\\x00-\\x7f]{0,30}", u in "\\PC{0,14}") {
            let (lower, want) = (WordText::lower_ascii(&s), s.to_ascii_lowercase());
            proptest::prop_assert_eq!(lower.as_str(), want.as_str());
            let same = WordText::new(&u);
            proptest::prop_assert_eq!(same.as_str(), u.as_str());
            proptest::prop_assert_eq!(WordText::new(&u).clone(), WordText::new(&u));
        }

        /// A word read from its text eight bytes at a time is the word copied byte by
        /// byte: at every place in a text, near its end or not, up to past the inline
        /// limit, with any ASCII around it.
        #[test]
        fn word_read_in_place_is_the_word(text in "[\x00-\x7f]{0,60}", a in 0usize..60, n in 0usize..30) {
            let start = a.min(text.len());
            let end = (start + n).min(text.len());
            let got = WordText::lower_ascii_in(&text, start, end);
            proptest::prop_assert_eq!(got.as_str(), text[start..end].to_ascii_lowercase());
            proptest::prop_assert_eq!(got, WordText::lower_ascii(&text[start..end]));
        }
    }

    /// The tokeniser as it was, byte by byte: the reference for the masks.
    fn ascii_words_bytewise(s: &str) -> Vec<Word> {
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
                out.push(Word { text: WordText::lower_ascii_in(s, start, i), start, end: i });
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// Words from the masks are the words read byte by byte: texts of words,
        /// hyphens and apostrophes (joining or not, doubled, at the ends), "n't" and
        /// "'s", punctuation, words past the inline limit, words across two and three
        /// 64-byte blocks with an apostrophe in the first.
        #[test]
        fn masked_words_are_the_bytewise_words(
            pieces in proptest::collection::vec("([a-zA-Z]{1,9}|[0-9]{1,4}|[a-z]{20,70}|[a-z]{1,5}'[a-z]{60,140}|[a-z-]{60,140}n't|-|'|--|''|n't|N'T|'s|[ .,;:()\\-]{1,3}|\n)", 0..80),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(ascii_words(&text), ascii_words_bytewise(&text), "{}", text);
        }
    }

    /// A text of whole 64-byte blocks whose last word runs to its end: the word's end is
    /// past the last block, with or without a suffix to split off.
    #[test]
    fn a_word_to_the_end_of_whole_blocks() {
        for end in ["Russia", "don't", "Russia's", "anti-dumping"] {
            for blocks in [1, 2, 3] {
                let text = format!("{}{end}", "a b. ".repeat(64 * blocks).chars().take(64 * blocks - end.len()).collect::<String>());
                assert_eq!(text.len(), 64 * blocks);
                let got = ascii_words(&text);
                assert_eq!(got, ascii_words_bytewise(&text), "{text}");
                assert_eq!(got.last().map(|w| w.end), Some(text.len()), "{text}");
            }
        }
    }

    #[test]
    fn splits_a_text_beyond_ascii_the_same_way() {
        let w: Vec<String> = words("Café owners DON'T like Russia'S tariffs — naïve isn’t").into_iter().map(|w| w.text.to_string()).collect();
        assert_eq!(w, vec!["café", "owners", "do", "n't", "like", "russia", "tariffs", "naïve", "is", "n't"]);
    }

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
