//! A byte trie that finds patterns with Aho-Corasick's leftmost-longest, non-overlapping,
//! ASCII-case-insensitive semantics, built for the gazetteer's workload: thousands of
//! patterns, every document scanned once, and a build that must cost next to nothing.
//!
//! Leftmost-longest iteration is: from the current position, the first position where
//! some pattern starts; there, the longest pattern (the first added among equally long
//! ones); continue after it. So instead of an automaton with failure links (costly to
//! build as a DFA, slow to run as an NFA over text where almost every letter starts some
//! name), this walks a trie from each position until the walk dies, which in running
//! text happens after a byte or two. Transitions are a dense table over byte classes
//! (each distinct byte of the patterns, ASCII letters folded), so a step is one lookup.
//!
//! `tests/trie_matches_aho_corasick.rs` checks that it reports exactly what the
//! `aho-corasick` crate reports with the same settings.

/// State 0 is "no transition"; the root is state 1.
const DEAD: u32 = 0;
const ROOT: u32 = 1;

/// The compiled patterns.
#[derive(Debug, Clone)]
pub struct Trie {
    table: Table,
    /// The word-byte heads (see `word_head`) of the patterns that cross a word
    /// boundary, reversed: a word ending in one of them may hide a match that runs past
    /// its end (see `find_word_starts`).
    heads: Table,
}

/// The trie proper: states and their transitions.
#[derive(Debug, Clone)]
struct Table {
    /// Byte → class (0: a byte no pattern contains).
    class: [u8; 256],
    n_classes: usize,
    /// `trans[state * n_classes + class]` → `(next * n_classes) << 1 | ends_a_pattern`:
    /// the next state's row offset, premultiplied, and whether a pattern ends there, so
    /// a step is one lookup. (About 16 MB for the gazetteer: 48k states × 85 classes.)
    trans: Vec<u32>,
    /// Per state: the pattern ending there (the first added), or `u32::MAX`.
    matched: Vec<u32>,
}

/// One match: byte offsets and the pattern's index in the build order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    start: usize,
    end: usize,
    pattern: PatternId,
}

/// A pattern's index (the `aho-corasick` spelling: `.as_usize()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternId(u32);

impl PatternId {
    pub fn as_usize(self) -> usize {
        self.0 as usize
    }
}

impl Match {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn pattern(&self) -> PatternId {
        self.pattern
    }
}

/// A byte of a word (ASCII letters and digits): the unit `find_word_starts` skips by.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The word bytes a pattern starts with, if it has other bytes after them (a pattern
/// that crosses a word boundary: "New York", "U.S.", "Cote d'Ivoire").
fn word_head(p: &[u8]) -> Option<&[u8]> {
    let n = p.iter().take_while(|&&b| is_word_byte(b)).count();
    (n > 0 && n < p.len()).then(|| &p[..n])
}

impl Trie {
    /// Compile `patterns` (matched ASCII-case-insensitively). Empty patterns are
    /// refused: they would match everywhere.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Self, String> {
        let table = Table::new(patterns)?;
        let heads: Vec<Vec<u8>> = patterns.iter().filter_map(|p| word_head(p.as_ref())).map(|h| h.iter().rev().copied().collect()).collect();
        Ok(Trie { table, heads: Table::new(&heads)? })
    }

    /// Non-overlapping leftmost-longest matches in `text`, left to right.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Match> + 'a {
        let bytes = text.as_bytes();
        let mut pos = 0;
        std::iter::from_fn(move || {
            while pos < bytes.len() {
                if let Some(m) = self.table.match_at(bytes, &mut pos) {
                    return Some(m);
                }
            }
            None
        })
    }

    /// The matches of `find_iter` that start a word (at the text's start or after a
    /// byte that is not a word byte), exactly those, without walking the trie from
    /// inside words: for callers that drop matches inside words anyway.
    ///
    /// Skipping a word's inner positions cannot change what is found after the word:
    /// a match starting inside it made of word bytes only ends by the word's end, so
    /// the scan would reach the word's end whatever it found there. Only a pattern that
    /// crosses a word boundary can reach past it, and it must then start with the
    /// word's last bytes up to the boundary: its word head. So a word's ends in heads
    /// are found (backwards, once per word), the trie is walked from each, and only a
    /// word where such a walk runs past its end is scanned position by position as in
    /// `find_iter` (rare: "Renew York").
    pub fn find_word_starts<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Match> + 'a {
        let bytes = text.as_bytes();
        let mut pos = 0;
        // positions before this are scanned one by one (a word that ends in a head)
        let mut exact_until = 0;
        std::iter::from_fn(move || {
            while pos < bytes.len() {
                let inside = pos > 0 && is_word_byte(bytes[pos]) && is_word_byte(bytes[pos - 1]);
                if inside && pos >= exact_until {
                    let end = pos + bytes[pos..].iter().take_while(|&&b| is_word_byte(b)).count();
                    if !self.runs_out_of_word(bytes, pos, end) {
                        pos = end;
                        continue;
                    }
                    exact_until = end;
                }
                if let Some(m) = self.table.match_at(bytes, &mut pos) {
                    if m.start == 0 || !is_word_byte(bytes[m.start - 1]) {
                        return Some(m);
                    }
                }
            }
            None
        })
    }
}

impl Trie {
    /// Whether a match starting in `bytes[from..end]`, inside a word that ends at `end`,
    /// can run past the word's end: only one of a pattern with a word head equal to the
    /// word's last bytes, and only if it is the longest match there.
    fn runs_out_of_word(&self, bytes: &[u8], from: usize, end: usize) -> bool {
        self.heads
            .starts_reversed(bytes, from, end)
            .any(|p| self.table.longest_at(bytes, p).is_some_and(|(_, e)| e > end))
    }
}

impl Table {
    fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Self, String> {
        if patterns.len() >= u32::MAX as usize {
            return Err("too many patterns".into());
        }
        let mut class = [0u8; 256];
        let mut n_classes = 1usize;
        for p in patterns {
            let p = p.as_ref();
            if p.is_empty() {
                return Err("empty pattern".into());
            }
            for &b in p {
                let b = b.to_ascii_lowercase();
                if class[b as usize] == 0 {
                    if n_classes > u8::MAX as usize {
                        return Err("too many distinct bytes in the patterns".into());
                    }
                    class[b as usize] = n_classes as u8;
                    n_classes += 1;
                }
            }
        }
        for b in b'A'..=b'Z' {
            class[b as usize] = class[b.to_ascii_lowercase() as usize];
        }
        // states 0 (dead) and 1 (root)
        // Room for the most states the patterns can make (one per byte), reserved once:
        // growing the table by doubling would copy it and fault its pages in again each
        // time. Pages never written are never touched, so the slack costs no memory.
        let most = 2 + patterns.iter().map(|p| p.as_ref().len()).sum::<usize>();
        let mut trans = Vec::with_capacity(most.saturating_mul(n_classes));
        trans.resize(2 * n_classes, DEAD);
        let mut matched = Vec::with_capacity(most);
        matched.resize(2, u32::MAX);
        // Transitions are stored premultiplied as they are made (see `trans`); a state's
        // one incoming slot is remembered, to flag it when a pattern turns out to end there.
        let mut incoming = Vec::with_capacity(most);
        incoming.resize(2, 0usize);
        for (id, p) in patterns.iter().enumerate() {
            let mut s = ROOT as usize;
            for &b in p.as_ref() {
                let at = s * n_classes + class[b as usize] as usize;
                let next = trans[at];
                s = if next == DEAD {
                    let fresh = matched.len();
                    if (fresh + 1).saturating_mul(n_classes) >= (u32::MAX >> 1) as usize {
                        return Err("too many trie states".into());
                    }
                    trans[at] = ((fresh * n_classes) as u32) << 1;
                    trans.resize(trans.len() + n_classes, DEAD);
                    matched.push(u32::MAX);
                    incoming.push(at);
                    fresh
                } else {
                    (next >> 1) as usize / n_classes
                };
            }
            if matched[s] == u32::MAX {
                matched[s] = id as u32;
                trans[incoming[s]] |= 1;
            }
        }
        Ok(Table { class, n_classes, trans, matched })
    }

    /// The longest pattern starting at `at`: (pattern, end).
    #[inline]
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(u32, usize)> {
        let mut row = ROOT as usize * self.n_classes;
        let mut best = None;
        for (k, &b) in bytes[at..].iter().enumerate() {
            let Some(&t) = self.trans.get(row + self.class[b as usize] as usize) else { break };
            if t == DEAD {
                break;
            }
            row = (t >> 1) as usize;
            if t & 1 == 1 {
                if let Some(&m) = self.matched.get(row / self.n_classes) {
                    best = Some((m, at + k + 1));
                }
            }
        }
        best
    }

    /// One step of the leftmost-longest scan at `*pos`: the longest match starting
    /// there (and `*pos` moves past it), or `None` (and `*pos` moves one byte on).
    #[inline]
    fn match_at(&self, bytes: &[u8], pos: &mut usize) -> Option<Match> {
        let at = *pos;
        // most positions start no pattern: one lookup rejects them
        let first = self.class[bytes[at] as usize] as usize;
        if self.trans.get(ROOT as usize * self.n_classes + first).is_none_or(|&t| t == DEAD) {
            *pos += 1;
            return None;
        }
        match self.longest_at(bytes, at) {
            Some((id, end)) => {
                *pos = end;
                Some(Match { start: at, end, pattern: PatternId(id) })
            }
            None => {
                *pos += 1;
                None
            }
        }
    }

    /// Where patterns, read backwards, end `bytes[..end]` starting at or after `from`
    /// (the trie holds reversed patterns): their start positions, nearest `end` first.
    fn starts_reversed<'a>(&'a self, bytes: &'a [u8], from: usize, end: usize) -> impl Iterator<Item = usize> + 'a {
        let mut row = ROOT as usize * self.n_classes;
        let mut at = end;
        std::iter::from_fn(move || {
            while at > from {
                at -= 1;
                let t = *self.trans.get(row + self.class[bytes[at] as usize] as usize)?;
                if t == DEAD {
                    return None;
                }
                row = (t >> 1) as usize;
                if t & 1 == 1 {
                    return Some(at);
                }
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &Trie, text: &str) -> Vec<(usize, usize, usize)> {
        t.find_iter(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect()
    }

    #[test]
    fn leftmost_longest_case_insensitive() {
        let t = Trie::new(&["New York", "York", "new", "US", "U.S.", "us"]).unwrap();
        assert_eq!(found(&t, "new york and the U.S. us"), vec![(0, 8, 0), (17, 21, 4), (22, 24, 3)]);
        // a shorter match inside a longer one is not reported
        assert_eq!(found(&t, "Yorkshire"), vec![(0, 4, 1)]);
        assert!(Trie::new(&[""]).is_err());
    }

    #[test]
    fn word_starts_see_matches_running_out_of_words() {
        let t = Trie::new(&["New York", "York", "ewy", "Jersey"]).unwrap();
        let starts = |text: &str| t.find_word_starts(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect::<Vec<_>>();
        // "new York" inside "Renew York" hides "York"; "ewy" inside "Newyork" hides nothing
        assert_eq!(starts("Renew York Jersey"), vec![(11, 17, 3)]);
        assert_eq!(starts("Newyork York"), vec![(8, 12, 1)]);
    }
}
