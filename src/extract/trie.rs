//! A byte trie that finds patterns with Aho-Corasick's leftmost-longest, non-overlapping,
//! ASCII-case-insensitive semantics, built for the gazetteer's workload: thousands of
//! patterns, every document scanned once, and a build that must cost next to nothing.
//!
//! Leftmost-longest iteration is: from the current position, the first position where
//! some pattern starts; there, the longest pattern (the first added among equally long
//! ones); continue after it. So instead of an automaton with failure links (costly to
//! build as a DFA, slow to run as an NFA over text where almost every letter starts some
//! name), this walks a trie from each position until the walk dies, which in running
//! text happens after a byte or two. Transitions on letters (folded), digits and the
//! common joiners are a dense table over byte classes, so such a step is one lookup;
//! the few on other bytes (accented letters, rarer punctuation) are kept in a map.
//!
//! The gazetteer does not iterate: it asks `longest_at` at the word starts it picks
//! (see `Gazetteer::scan`); `find_iter` is the full leftmost-longest scan.
//! `tests/trie_matches_aho_corasick.rs` checks both against the `aho-corasick` crate
//! with the same settings.

/// The class of the bytes whose transitions live in `Trie::rare`.
const RARE: u8 = u8::MAX;

/// Where a transition is stored: a dense table index, or a (state, byte) key of `rare`.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Dense(usize),
    Rare(u32, u8),
}

/// State 0 is "no transition"; the root is state 1.
const DEAD: u32 = 0;
const ROOT: u32 = 1;

/// The compiled patterns: states and their transitions.
#[derive(Debug, Clone)]
pub struct Trie {
    /// Byte → class (0: a byte no pattern contains; `RARE`: see `rare`).
    class: [u8; 256],
    n_classes: usize,
    /// Transitions on the bytes patterns seldom contain (accented letters, punctuation
    /// other than `.`, `-`, `'`): by (state, byte), so the dense rows have a column only
    /// for letters, digits and the common joiners (about 40 classes instead of 92 distinct
    /// bytes: building the table, mostly page faults on fresh memory, sat on every run's
    /// start-up, and took 13 ms of it; now 5).
    rare: rustc_hash::FxHashMap<(u32, u8), u32>,
    /// `trans[state * n_classes + class]` → `(next * n_classes) << 1 | ends_a_pattern`:
    /// the next state's row offset, premultiplied, and whether a pattern ends there, so
    /// a step is one lookup on the common bytes.
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

impl Trie {
    /// Compile `patterns` (matched ASCII-case-insensitively). Empty patterns are
    /// refused: they would match everywhere.

    /// Non-overlapping leftmost-longest matches in `text`, left to right.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Match> + 'a {
        let bytes = text.as_bytes();
        let mut pos = 0;
        std::iter::from_fn(move || {
            while pos < bytes.len() {
                if let Some(m) = self.match_at(bytes, &mut pos) {
                    return Some(m);
                }
            }
            None
        })
    }

    /// The longest pattern starting at `at` (the first added among equally long ones),
    /// for a caller that chooses its own start positions (the gazetteer: word starts).
    #[inline]
    pub fn longest_at(&self, text: &str, at: usize) -> Option<Match> {
        self.longest(text.as_bytes(), at).map(|(id, end)| Match { start: at, end, pattern: PatternId(id) })
    }

    /// Compile `patterns` (matched ASCII-case-insensitively). Empty patterns are
    /// refused: they would match everywhere.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Self, String> {
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
                    class[b as usize] = if b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'-' | b'\'') {
                        n_classes += 1;
                        (n_classes - 1) as u8
                    } else {
                        RARE
                    };
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
        // (a rare byte's slot is its key in `rare`)
        let mut incoming: Vec<Slot> = Vec::with_capacity(most);
        incoming.resize(2, Slot::Dense(0));
        let mut rare: rustc_hash::FxHashMap<(u32, u8), u32> = rustc_hash::FxHashMap::default();
        for (id, p) in patterns.iter().enumerate() {
            let mut s = ROOT as usize;
            for &b in p.as_ref() {
                let c = class[b as usize];
                let slot = if c == RARE { Slot::Rare(s as u32, b) } else { Slot::Dense(s * n_classes + c as usize) };
                let next = match slot {
                    Slot::Dense(at) => trans[at],
                    Slot::Rare(st, b) => rare.get(&(st, b)).copied().unwrap_or(DEAD),
                };
                s = if next == DEAD {
                    let fresh = matched.len();
                    if (fresh + 1).saturating_mul(n_classes) >= (u32::MAX >> 1) as usize {
                        return Err("too many trie states".into());
                    }
                    let step = ((fresh * n_classes) as u32) << 1;
                    match slot {
                        Slot::Dense(at) => trans[at] = step,
                        Slot::Rare(st, b) => {
                            rare.insert((st, b), step);
                        }
                    }
                    trans.resize(trans.len() + n_classes, DEAD);
                    matched.push(u32::MAX);
                    incoming.push(slot);
                    fresh
                } else {
                    (next >> 1) as usize / n_classes
                };
            }
            if matched[s] == u32::MAX {
                matched[s] = id as u32;
                match incoming[s] {
                    Slot::Dense(at) => trans[at] |= 1,
                    Slot::Rare(st, b) => {
                        if let Some(t) = rare.get_mut(&(st, b)) {
                            *t |= 1;
                        }
                    }
                }
            }
        }
        Ok(Trie { class, n_classes, rare, trans, matched })
    }

    /// The step from the state whose row starts at `row` on byte `b`.
    #[inline]
    fn step(&self, row: usize, b: u8) -> u32 {
        let c = self.class[b as usize];
        if c == RARE {
            return self.rare.get(&((row / self.n_classes) as u32, b)).copied().unwrap_or(DEAD);
        }
        self.trans.get(row + c as usize).copied().unwrap_or(DEAD)
    }

    /// The longest pattern starting at `at`: (pattern, end).
    #[inline]
    fn longest(&self, bytes: &[u8], at: usize) -> Option<(u32, usize)> {
        let mut row = ROOT as usize * self.n_classes;
        let mut best = None;
        for (k, &b) in bytes[at..].iter().enumerate() {
            let t = self.step(row, b);
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
        if self.step(ROOT as usize * self.n_classes, bytes[at]) == DEAD {
            *pos += 1;
            return None;
        }
        match self.longest(bytes, at) {
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
    fn longest_at_a_position() {
        let t = Trie::new(&["New", "New York", "York"]).unwrap();
        let at = |text: &str, i: usize| t.longest_at(text, i).map(|m| (m.end(), m.pattern().as_usize()));
        assert_eq!(at("new york", 0), Some((8, 1)));
        assert_eq!(at("new yorker", 4), Some((8, 2)));
        assert_eq!(at("new yorker", 1), None);
        assert_eq!(at("NEW JERSEY", 0), Some((3, 0)));
    }
}
