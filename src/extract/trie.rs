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
//! common joiners are a dense table over byte classes for the states that branch, so
//! such a step is one lookup; most states (the tails of names) have one way on and keep
//! just that; the few transitions on other bytes (accented letters, rarer punctuation)
//! are kept in a map.
//!
//! The gazetteer does not iterate: it asks `longest_at` at the word starts it picks
//! (see `Gazetteer::scan`); `find_iter` is the full leftmost-longest scan.
//! `tests/trie_matches_aho_corasick.rs` checks both against the `aho-corasick` crate
//! with the same settings.

/// The class of the bytes whose transitions live in `Trie::rare`.
const RARE: u8 = u8::MAX;
/// A one-way state's class when its one way is on a rare byte, or it has none: no byte
/// has this class (there are at most 41 others).
const NONE: u8 = u8::MAX - 1;

/// A transition's value: the next state's id shifted left once, its low bit set when a
/// pattern ends there. Id 0 is "no transition"; the root is id 1.
const DEAD: u32 = 0;
const ROOT: u32 = 1;

/// The compiled patterns: states and their transitions.
///
/// A state is branching (ids `1..=n_branching`, the root among them): it has a row of
/// `n_classes` transitions in `trans`; or it is one-way (the ids after those): it has at
/// most one transition on a common byte, in `one_way`. A dense row for every state, as
/// before, made a 10 MB table whose page faults and zeroing were most of the build, on
/// every run's start-up; with rows only where a state branches it is about a tenth.
#[derive(Debug, Clone)]
pub struct Trie {
    /// Byte → class (0: a byte no pattern contains; `RARE`: see `rare`).
    class: [u8; 256],
    n_classes: usize,
    n_branching: u32,
    /// `trans[id * n_classes + class]`: the transition of branching state `id`.
    trans: Vec<u32>,
    /// `one_way[id - n_branching - 1]`: the one-way state's class and transition.
    one_way: Vec<(u8, u32)>,
    /// Transitions on the bytes patterns seldom contain (accented letters, punctuation
    /// other than `.`, `-`, `'`), by (state id, byte), so the rows have a column only
    /// for letters, digits and the common joiners.
    rare: rustc_hash::FxHashMap<(u32, u8), u32>,
    /// Per state id: the pattern ending there (the first added), or `u32::MAX`.
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
        let sparse = Sparse::build(patterns, &class);
        sparse.compile(class, n_classes)
    }

    /// The transition from state `id` on byte `b`.
    #[inline]
    fn step(&self, id: u32, b: u8) -> u32 {
        let c = self.class[b as usize];
        if c == RARE {
            return self.rare.get(&(id, b)).copied().unwrap_or(DEAD);
        }
        if id <= self.n_branching {
            return self.trans.get(id as usize * self.n_classes + c as usize).copied().unwrap_or(DEAD);
        }
        match self.one_way.get((id - self.n_branching - 1) as usize) {
            Some(&(on, next)) if on == c => next,
            _ => DEAD,
        }
    }

    /// The longest pattern starting at `at`: (pattern, end).
    #[inline]
    fn longest(&self, bytes: &[u8], at: usize) -> Option<(u32, usize)> {
        let mut id = ROOT;
        let mut best = None;
        for (k, &b) in bytes[at..].iter().enumerate() {
            let t = self.step(id, b);
            if t == DEAD {
                break;
            }
            id = t >> 1;
            if t & 1 == 1 {
                if let Some(&m) = self.matched.get(id as usize) {
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
        if self.step(ROOT, bytes[at]) == DEAD {
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

/// No node or edge (index 0 of `Sparse`'s vectors is never one).
const NIL: u32 = 0;

/// The trie as patterns are added: each node's edges in a linked list, so that adding
/// costs memory in proportion to the patterns, and the dense rows are made afterwards
/// only for the nodes that branch.
struct Sparse {
    /// Per node: its first edge, the pattern ending there (`u32::MAX`: none) and how
    /// many of its edges are on common bytes (classes). Node 1 is the root.
    nodes: Vec<(u32, u32, u32)>,
    /// Per edge: (key, child, next edge of the same node, parent). A key is a byte
    /// class, or 256 + the byte for a rare byte.
    edges: Vec<(u16, u32, u32, u32)>,
}

impl Sparse {
    fn build<P: AsRef<[u8]>>(patterns: &[P], class: &[u8; 256]) -> Self {
        // room for the most nodes the patterns can make (one per byte), reserved once
        let most = 2 + patterns.iter().map(|p| p.as_ref().len()).sum::<usize>();
        let mut t = Sparse { nodes: Vec::with_capacity(most), edges: Vec::with_capacity(most) };
        t.nodes.extend([(NIL, u32::MAX, 0); 2]);
        t.edges.push((0, NIL, NIL, NIL));
        // the root's edges by key: every pattern starts there, and its list of edges is
        // the longest to walk (one per first letter)
        let mut root = vec![NIL; 512];
        for (id, p) in patterns.iter().enumerate() {
            let mut node = 1usize;
            for &b in p.as_ref() {
                let c = class[b as usize];
                let key = if c == RARE { 256 + u16::from(b) } else { u16::from(c) };
                let mut e = if node == 1 { root[usize::from(key)] } else { t.nodes[node].0 };
                while node != 1 && e != NIL && t.edges[e as usize].0 != key {
                    e = t.edges[e as usize].2;
                }
                node = if e != NIL {
                    t.edges[e as usize].1 as usize
                } else {
                    let child = t.nodes.len();
                    t.nodes.push((NIL, u32::MAX, 0));
                    t.edges.push((key, child as u32, t.nodes[node].0, node as u32));
                    t.nodes[node].0 = (t.edges.len() - 1) as u32;
                    if node == 1 {
                        root[usize::from(key)] = t.nodes[node].0;
                    }
                    t.nodes[node].2 += u32::from(key < 256);
                    child
                };
            }
            if t.nodes[node].1 == u32::MAX {
                t.nodes[node].1 = id as u32;
            }
        }
        t
    }

    /// The compiled trie: the branching nodes (two or more edges on common bytes, and
    /// the root) numbered first, the others after, each in the order they were made
    /// (the root and the patterns' first letters come first). Every node but the root
    /// was made with the one edge that leads to it, so node `k` is the child of edge
    /// `k - 1`: one pass over the edges in order fills every table, reading memory
    /// front to back (a walk of the linked lists jumped about and cost more than the
    /// build's own work).
    fn compile(self, class: [u8; 256], n_classes: usize) -> Result<Trie, String> {
        if self.nodes.len() >= (u32::MAX >> 1) as usize {
            return Err("too many trie states".into());
        }
        let branching = |node: usize| node == 1 || self.nodes[node].2 >= 2;
        let n_branching = (1..self.nodes.len()).filter(|&n| branching(n)).count();
        // node → id (node 0 is no node: id 0, "dead")
        let mut id = vec![0u32; self.nodes.len()];
        let (mut next_branching, mut next_one_way) = (1u32, n_branching as u32 + 1);
        for (n, slot) in id.iter_mut().enumerate().skip(1) {
            let next = if branching(n) { &mut next_branching } else { &mut next_one_way };
            *slot = *next;
            *next += 1;
        }
        let n_states = self.nodes.len() - 1;
        let mut trans = vec![DEAD; (n_branching + 1) * n_classes];
        let mut one_way = vec![(NONE, DEAD); n_states - n_branching];
        let mut matched = vec![u32::MAX; n_states + 1];
        for (n, node) in self.nodes.iter().enumerate().skip(1) {
            matched[id[n] as usize] = node.1;
        }
        let mut rare = rustc_hash::FxHashMap::default();
        for &(key, child, _, parent) in self.edges.iter().skip(1) {
            let (from, to_node) = (id[parent as usize], child as usize);
            let to = id[to_node] << 1 | u32::from(self.nodes[to_node].1 != u32::MAX);
            if key >= 256 {
                rare.insert((from, (key - 256) as u8), to);
            } else if from as usize <= n_branching {
                trans[from as usize * n_classes + key as usize] = to;
            } else {
                one_way[from as usize - n_branching - 1] = (key as u8, to);
            }
        }
        Ok(Trie { class, n_classes, n_branching: n_branching as u32, trans, one_way, rare, matched })
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
