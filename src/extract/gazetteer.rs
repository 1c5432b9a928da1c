//! The gazetteer: every country alias and office-holder name compiled into one
//! Aho-Corasick automaton, so a document is scanned once for all of them. This is
//! where a surface form becomes a country.

use crate::lexicon::{AliasKind, Lexicons};
use crate::model::MentionKind;
use super::alnum;
use super::trie::Trie;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

/// What a pattern refers to.
#[derive(Debug, Clone)]
enum Target {
    /// A country alias; `None` iso3 for blockers.
    Alias { iso3: Option<String>, kind: MentionKind, ambiguous: bool },
    /// Office holders (indexes into `terms`) known by this name; `courtesy` for a "Mr
    /// Surname" form, which only a dated story may resolve (undated, "Mr Howard" in a
    /// 2005 BBC story is not Australia's John Howard).
    Person { terms: Vec<usize>, courtesy: bool },
}

impl Target {
    /// A blocker: a form that names no state and only stops shorter matches inside it.
    fn is_blocker(&self) -> bool {
        matches!(self, Target::Alias { iso3: None, .. })
    }
}

/// The compiled country matcher.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// All patterns, matched leftmost-longest and ASCII-case-insensitively (the
    /// semantics of an Aho-Corasick automaton, which this trie replaces: see `trie`).
    ac: Trie,
    /// The first two bytes an accepted match can start with (see `scan`).
    starts: PairSet,
    /// The first words (ASCII letters and digits, lower-cased) a taken match can start with.
    first_words: WordSet,
    patterns: Vec<String>,
    targets: Vec<Target>,
    terms: Vec<Held>,
    /// Lower-cased dateline place → iso3 (cities, regions, then country names/capitals).
    places: FxHashMap<String, String>,
}

/// An office holder's term as the scan reads it: the state, and when.
#[derive(Debug, Clone)]
struct Held {
    iso3: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

impl Held {
    fn covers(&self, date: NaiveDate) -> bool {
        crate::lexicon::in_term(self.start, self.end, date)
    }
}

/// A surface form found in text, before context decides whether it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// `None` for blockers (they only stop shorter matches).
    pub iso3: Option<String>,
    pub kind: MentionKind,
    pub ambiguous: bool,
}

/// "Mr Straw", "Mrs Merkel", "Ms Truss": British and wire style names an office holder
/// by courtesy title and surname after the first mention. The surname is the last word
/// of the full name (the first form listed); a title makes even a common surname safe.
/// No form is made when another listed name is the bare surname (`claimed`): Tony
/// Blair's listed "Blair" already finds "Mr Blair".
fn courtesy_forms(names: &[String], claimed: &FxHashSet<&str>) -> Vec<String> {
    let Some(last) = names.first().and_then(|n| n.split_whitespace().last()) else { return Vec::new() };
    if claimed.contains(last) || last.chars().count() < 3 || !last.starts_with(|c: char| c.is_uppercase()) || names.len() == 1 && !names[0].contains(' ') {
        return Vec::new();
    }
    ["Mr", "Mrs", "Ms", "Mr.", "Mrs.", "Ms."]
        .iter()
        .map(|t| {
            let mut f = String::with_capacity(t.len() + 1 + last.len());
            f.push_str(t);
            f.push(' ');
            f.push_str(last);
            f
        })
        .filter(|f| !names.contains(f))
        .collect()
}

impl Gazetteer {
    pub fn new(lex: &Lexicons) -> Result<Self> {
        // names as listed first, then courtesy forms ("Mr Straw") where no listed name
        // claims the form or its bare surname (Tony Blair's listed "Blair" already finds
        // "Mr Blair"; a courtesy form from Canada's Bill Blair must not take it over). A
        // courtesy form shared by several holders goes to all of them; the date decides.
        let listed: Vec<(usize, &String)> = lex.terms.iter().enumerate().flat_map(|(ti, t)| t.names.iter().map(move |n| (ti, n))).collect();
        let claimed: FxHashSet<&str> = listed.iter().map(|(_, n)| n.as_str()).collect();
        let courtesy: Vec<(usize, String)> = lex
            .terms
            .iter()
            .enumerate()
            .flat_map(|(ti, t)| courtesy_forms(&t.names, &claimed).into_iter().map(move |n| (ti, n)))
            .filter(|(_, n)| !claimed.contains(n.as_str()))
            .collect();
        // (Fx hashing and every table sized once: the build runs at every start, on the
        // run's critical path)
        let most = lex.aliases.len() + listed.len() + courtesy.len();
        let mut index: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(most, Default::default());
        let mut patterns = Vec::with_capacity(most);
        let mut targets = Vec::with_capacity(most);
        for a in &lex.aliases {
            let kind = match a.kind {
                AliasKind::Name | AliasKind::Misspelling => MentionKind::Name,
                AliasKind::Demonym => MentionKind::Demonym,
                AliasKind::Capital => MentionKind::Capital,
            };
            index.insert(a.alias.as_str(), patterns.len());
            patterns.push(a.alias.clone());
            targets.push(Target::Alias { iso3: a.iso3.clone(), kind, ambiguous: a.ambiguous });
        }
        let listed = listed.into_iter().map(|(ti, n)| (ti, n, false));
        for (ti, name, is_courtesy) in listed.chain(courtesy.iter().map(|(ti, n)| (*ti, n, true))) {
            {
                match index.get(name.as_str()) {
                    Some(&pi) => {
                        if let Target::Person { terms, .. } = &mut targets[pi] {
                            terms.push(ti);
                        }
                    }
                    None => {
                        index.insert(name.as_str(), patterns.len());
                        patterns.push(name.clone());
                        targets.push(Target::Person { terms: vec![ti], courtesy: is_courtesy });
                    }
                }
            }
        }
        // The trie, about half of this build, is made on a thread of its own while the
        // filters and the place map are made here (the run waits for the whole build).
        let (ac, starts, first_words, places) = std::thread::scope(|scope| {
            let ac = scope.spawn(|| Trie::new(&patterns));
            let starts = PairSet::of_accepted_starts(patterns.iter().zip(&targets).map(|(p, t)| (p.as_str(), t.is_blocker())));
            let first_words = WordSet::of_first_words(&patterns);
            let mut places = FxHashMap::with_capacity_and_hasher(lex.aliases.len() + lex.places.len(), Default::default());
            for a in &lex.aliases {
                if let (Some(iso3), AliasKind::Name | AliasKind::Capital) = (&a.iso3, a.kind) {
                    places.insert(a.alias.to_lowercase(), iso3.clone());
                }
            }
            for p in &lex.places {
                places.insert(p.place.to_lowercase(), p.iso3.clone());
            }
            let ac = ac.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (ac, starts, first_words, places)
        });
        let ac = ac.map_err(anyhow::Error::msg).context("building the country matcher")?;
        // (what a hit needs of a term, not its names: no copy of every name)
        let terms = lex.terms.iter().map(|t| Held { iso3: t.iso3.clone(), start: t.start, end: t.end }).collect();
        Ok(Gazetteer { ac, starts, first_words, patterns, targets, terms, places })
    }

    /// All accepted surface forms in `text`, resolved at `date` (office holders count
    /// only inside their terms; with no known date, a name counts when every term it has
    /// is for one country, so an undated 2005 story still finds "Schroeder"). Case must
    /// match the lexicon, except in all-capitals text (Reuters headlines), where an
    /// all-capitals form of a 4+ letter alias counts.
    ///
    /// The scan goes from word start to word start (a position after a byte that is not
    /// an ASCII letter or digit), and at each asks the trie for the longest pattern
    /// starting there; a match that passes the checks is taken and the scan goes on
    /// after it. A name in another case hides nothing: "the Sudan" is Sudan although
    /// the lexicon's form is "The Sudan", and "mainland China" is China. Most word
    /// starts are turned away by their first two bytes alone (`starts`): a lower-case
    /// word can only begin a pattern that is itself lower-case ("de Villepin", "in
    /// English") or a blocker, so "the", "of", "was" never reach the trie. Most of the
    /// rest are turned away by their first word (`first_words`): "He", "Reuters" and
    /// "Monday" begin no name. (A one-word pattern that is only the start of the word,
    /// "Iran" in "Iranair", is skipped with it: it could only have been dropped as not
    /// ending the word, and hides nothing past the word.)
    pub fn scan(&self, text: &str, date: Option<NaiveDate>) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // word starts before this are inside a match taken
        let mut next = 0;
        // 1 when the byte before the block is a letter or digit
        let mut carry = 0u64;
        let mut blocks = bytes.chunks(64);
        let mut alnum = blocks.next().map_or(0, alnum::alnum_mask);
        let mut base = 0;
        while base < bytes.len() {
            let len = (bytes.len() - base).min(64);
            // the next block's mask too: a word may run on into it
            let alnum_next = blocks.next().map_or(0, alnum::alnum_mask);
            // positions after a byte that is not an ASCII letter or digit (a text's
            // first byte too)
            let mut starts = !(alnum << 1 | carry);
            if len < 64 {
                starts &= (1u64 << len) - 1;
            }
            carry = alnum >> 63;
            let not_alnum = !(u128::from(alnum_next) << 64 | u128::from(alnum));
            // Both tests at every word start, with no branch on their outcome: about
            // half the starts pass the first, a tenth both, so a branch on each
            // mispredicted at most starts. Only the starts that pass both are visited.
            let mut candidates = 0u64;
            while starts != 0 {
                let i = starts.trailing_zeros();
                starts &= starts - 1;
                let at = base + i as usize;
                // the run of letters and digits from `at` (up to 128 - i bytes seen)
                let word_len = (not_alnum >> i).trailing_zeros() as usize;
                let pass = self.starts.contains(bytes[at], bytes.get(at + 1).copied().unwrap_or(0))
                    & self.first_words.contains(word_key(head8(bytes, at), word_len));
                candidates |= u64::from(pass) << i;
            }
            while candidates != 0 {
                let at = base + candidates.trailing_zeros() as usize;
                candidates &= candidates - 1;
                if at < next {
                    continue;
                }
                if let Some(e) = self.accept(text, at, date, &mut out) {
                    next = e;
                }
            }
            alnum = alnum_next;
            base += 64;
        }
        out
    }

    /// The longest pattern at `s`, if it is a whole word in the lexicon's case (or in
    /// all capitals) and names something at `date`: pushed to `out`. Returns the end of
    /// a match taken (a blocker is taken too: it hides what it covers).
    fn accept(&self, text: &str, s: usize, date: Option<NaiveDate>, out: &mut Vec<Hit>) -> Option<usize> {
        let bytes = text.as_bytes();
        let m = self.ac.longest_at(text, s)?;
        let e = m.end();
        let target = &self.targets[m.pattern().as_usize()];
        let blocker = target.is_blocker();
        let pat = &self.patterns[m.pattern().as_usize()];
        let slice = &text[s..e];
        let in_case = slice == pat || slice.len() >= 4 && is_upper(slice);
        if !in_case && !blocker {
            return None;
        }
        // Taken but not a mention: a name in its case that runs into a longer word ("Mr
        // Abbas" in "Mr Abbasi" must not leave "Abbasi" to be found), and a blocker in
        // any case ("north America" is no more the United States than "North America").
        if !in_case || !boundary_before(text, s) || !boundary_after(bytes, e) {
            return Some(e);
        }
        match target {
            Target::Alias { iso3, kind, ambiguous } => out.push(Hit {
                start: s,
                end: e,
                iso3: iso3.clone(),
                kind: *kind,
                ambiguous: *ambiguous,
            }),
            Target::Person { terms, courtesy } => {
                let held = match date {
                    Some(d) => terms.iter().map(|&i| &self.terms[i]).find(|t| t.covers(d)),
                    None if *courtesy => None,
                    None => {
                        let first = terms.first().map(|&i| &self.terms[i]);
                        first.filter(|f| terms.iter().all(|&i| self.terms[i].iso3 == f.iso3))
                    }
                };
                if let Some(t) = held {
                    out.push(Hit {
                        start: s,
                        end: e,
                        iso3: Some(t.iso3.clone()),
                        kind: MentionKind::Official,
                        ambiguous: false,
                    });
                }
            }
        }
        Some(e)
    }

    /// The surface forms matched, in pattern order (for tests of the matcher).
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The country of a dateline place ("NEW YORK", "CAMBRIDGE, Mass.", "MOSCOW").
    pub fn place(&self, place: &str) -> Option<&str> {
        let p = place.trim().to_lowercase();
        if let Some(i) = self.places.get(&p) {
            return Some(i);
        }
        // "CITY, Region" → the region decides ("PORTLAND, Maine" → USA), else the city.
        if let Some((city, region)) = p.split_once(',') {
            return self
                .places
                .get(region.trim())
                .or_else(|| self.places.get(city.trim()))
                .map(String::as_str);
        }
        None
    }
}

/// The eight bytes from `at` (zeros past the text's end), little-endian.
#[inline]
fn head8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        None => {
            let mut w = [0u8; 8];
            let rest = &bytes[at.min(bytes.len())..];
            w[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(w)
        }
    }
}

/// The key of a word (a maximal run of ASCII letters and digits, possibly empty) by
/// its length and its first eight bytes in lower case: `head` is eight bytes from the
/// word's start. Equal words in any ASCII case have equal keys; the scan reads the
/// length off its letter mask and the bytes with one load, where a hash of every byte
/// cost a loop whose end was mispredicted at most words. (Words of 63 bytes and more
/// share a length: no pattern's first word is that long, and a shared key only costs a
/// walk of the trie.)
#[inline]
fn word_key(head: u64, word_len: usize) -> u32 {
    const KEEP: [u64; 9] = [0, 0xff, 0xffff, 0xff_ffff, 0xffff_ffff, 0xff_ffff_ffff, 0xffff_ffff_ffff, 0xff_ffff_ffff_ffff, u64::MAX];
    // (| 0x20 lower-cases an ASCII letter and keeps a digit)
    let word = (head | 0x2020_2020_2020_2020) & KEEP[word_len.min(8)];
    let h = (word.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ word_len.min(63) as u64).wrapping_mul(0xd6e8_feb8_6659_fd93);
    (h >> 32) as u32
}

/// The key of the word `bytes` starts with, read byte by byte (for building the set,
/// and as the tests' reference for the scan's reading of it).
fn first_word_key(bytes: &[u8]) -> u32 {
    let n = bytes.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    word_key(head8(bytes, 0), n)
}

/// A one-hash Bloom filter of the patterns' first words, in lower case (256k bits, 32
/// KiB), by `word_key`: the scan's second test at a word start. Case is left to `starts` and the
/// checks after the trie; a false positive only costs a walk of the trie.
#[derive(Debug, Clone)]
struct WordSet(Box<[u64; 4096]>);

impl WordSet {
    /// A pattern's first word is the text's first word wherever the pattern is taken,
    /// unless the pattern is one word ending inside a longer word (see `Gazetteer::scan`).
    fn of_first_words(patterns: &[String]) -> Self {
        let mut set = WordSet(Box::new([0; 4096]));
        for p in patterns {
            let k = (first_word_key(p.as_bytes()) >> 14) as usize;
            set.0[k >> 6] |= 1 << (k & 63);
        }
        set
    }

    #[inline]
    fn contains(&self, h: u32) -> bool {
        let k = (h >> 14) as usize;
        self.0[k >> 6] >> (k & 63) & 1 == 1
    }
}

/// A set of byte pairs (64k bits): the scan's first test at a word start.
#[derive(Debug, Clone)]
struct PairSet(Box<[u64; 1024]>);

impl PairSet {
    /// The two-byte heads an accepted match can have: a match is accepted when its text
    /// equals the pattern or is in capitals, so it starts with the pattern's own first
    /// two bytes or with their ASCII capitals; a blocker (flagged `true`) is taken in
    /// any case. (A one-byte pattern admits any second byte.)
    fn of_accepted_starts<'p>(patterns: impl Iterator<Item = (&'p str, bool)>) -> Self {
        let mut set = PairSet(Box::new([0; 1024]));
        for (p, any_case) in patterns {
            let b = p.as_bytes();
            let Some(&b0) = b.first() else { continue };
            match b.get(1) {
                Some(&b1) if any_case => {
                    for x in [b0.to_ascii_lowercase(), b0.to_ascii_uppercase()] {
                        for y in [b1.to_ascii_lowercase(), b1.to_ascii_uppercase()] {
                            set.insert(x, y);
                        }
                    }
                }
                Some(&b1) => {
                    set.insert(b0, b1);
                    set.insert(b0.to_ascii_uppercase(), b1.to_ascii_uppercase());
                }
                None => {
                    for b1 in 0..=255 {
                        set.insert(b0, b1);
                        set.insert(b0.to_ascii_uppercase(), b1);
                    }
                }
            }
        }
        set
    }

    fn insert(&mut self, a: u8, b: u8) {
        let k = (a as usize) << 8 | b as usize;
        self.0[k >> 6] |= 1 << (k & 63);
    }

    #[inline]
    fn contains(&self, a: u8, b: u8) -> bool {
        let k = (a as usize) << 8 | b as usize;
        self.0[k >> 6] >> (k & 63) & 1 == 1
    }
}

fn is_upper(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic()) && !s.chars().any(|c| c.is_lowercase())
}

fn boundary_before(text: &str, s: usize) -> bool {
    text[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_after(bytes: &[u8], e: usize) -> bool {
    match bytes.get(e) {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(b) if *b >= 0x80 => {
            // a multi-byte letter continues the word
            std::str::from_utf8(&bytes[e..bytes.len().min(e + 4)])
                .ok()
                .or_else(|| std::str::from_utf8(&bytes[e..bytes.len().min(e + 3)]).ok())
                .or_else(|| std::str::from_utf8(&bytes[e..bytes.len().min(e + 2)]).ok())
                .and_then(|s| s.chars().next())
                .is_none_or(|c| !c.is_alphanumeric())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::new(&Lexicons::embedded().unwrap()).unwrap()
    }

    fn found(text: &str, y: i32) -> Vec<(String, MentionKind)> {
        gaz()
            .scan(text, NaiveDate::from_ymd_opt(y, 6, 1))
            .into_iter()
            .filter_map(|h| Some((h.iso3?, h.kind)))
            .collect()
    }

    #[test]
    fn office_holders_by_courtesy_title() {
        // Jack Straw, British foreign secretary 2001-2006
        let got = found("Mr Straw met the press.", 2005);
        assert_eq!(got, vec![("GBR".to_string(), MentionKind::Official)]);
        assert!(found("Mr Straw met the press.", 2015).is_empty());
        // an undated story does not resolve a courtesy form: the surname is too common
        assert!(gaz().scan("Mr Straw met the press.", None).into_iter().all(|h| h.iso3.is_none()));
    }

    #[test]
    fn names_demonyms_capitals_officials() {
        let got = found("Putin met Venezuelan officials in Caracas; the U.S. and Russia's Kremlin", 2022);
        let isos: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(isos, vec!["RUS", "VEN", "VEN", "USA", "RUS", "RUS"]);
        assert_eq!(got[0].1, MentionKind::Official);
    }

    #[test]
    fn office_holders_only_in_term() {
        assert!(found("Putin said", 1987).is_empty());
        assert_eq!(found("Reagan said", 1987)[0].0, "USA");
    }

    #[test]
    fn case_and_blockers() {
        assert!(found("tell us more", 2022).is_empty());
        assert!(found("a British Columbia firm and Columbia University", 2022).is_empty());
        assert_eq!(found("U.S. WHEAT BONUS TO SOVIET CALLED DORMANT", 1987).len(), 2);
    }

    #[test]
    fn a_form_in_another_case_hides_nothing() {
        // "The Sudan" and "Mainland China" are listed capitalised: in lower case they are
        // no mention, and the country name inside them is found
        assert_eq!(found("He is from the Sudan.", 2005), vec![("SDN".to_string(), MentionKind::Name)]);
        assert_eq!(found("orders went to mainland China", 1987), vec![("CHN".to_string(), MentionKind::Name)]);
        // a blocker hides in any case: "north America" is no more the US than "North America"
        assert!(found("markets in north America and NOrth America", 2005).is_empty());
        // a name in its case that runs into a longer word hides the word: "Mr Abbas"
        // (Mahmoud Abbas) in "Mr Abbasi" leaves no "Abbasi" (Pakistan's prime minister
        // in March 2018) to be found
        let march_2018 = NaiveDate::from_ymd_opt(2018, 3, 1);
        assert!(gaz().scan("Mr Abbasi, 23, from Croydon", march_2018).iter().all(|h| h.iso3.is_none()));
        assert_eq!(gaz().scan("Abbasi said", march_2018)[0].iso3.as_deref(), Some("PAK"));
    }

    /// What `scan` means, without its filters: the trie asked at every word start.
    fn scan_unfiltered(g: &Gazetteer, text: &str, date: Option<NaiveDate>) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut next = 0;
        for at in 0..bytes.len() {
            if at < next || at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                continue;
            }
            if let Some(e) = g.accept(text, at, date, &mut out) {
                next = e;
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// The scan's word starts (from the bit masks) and its two filters lose
        /// nothing: the same hits as asking the trie at every word start, on texts of
        /// names, blockers, words running into names, words longer than a block,
        /// punctuation and UTF-8, long enough to cross 64-byte blocks.
        #[test]
        fn masked_scan_is_the_unfiltered_scan(
            pieces in proptest::collection::vec(
                "(Venezuela|Russia|U\\.S\\.|US|us|United States|the Sudan|The Sudan|North America|north America|Mr Straw|Putin|Caracas|Columbia|British Columbia|Iranair|Iran|Abbasi|Mr Abbas|NEW YORK|CHINA|Moscow's|in English|Columbia University|Chinatown|Georgia-Pacific|Thailand|Afghanistan|Czechoslovakia|[a-zA-Z]{1,9}|[a-z]{60,70}|[0-9]{1,4}|[ .,;:'()\\-]{1,3}|\n|é|Ünited|’|\u{a0})",
                0..60,
            ),
            year in 1985i32..2024,
        ) {
            let g = gaz_shared();
            let text = pieces.concat();
            let date = NaiveDate::from_ymd_opt(year, 6, 1);
            proptest::prop_assert_eq!(g.scan(&text, date), scan_unfiltered(g, &text, date), "{}", text);
            proptest::prop_assert_eq!(g.scan(&text, None), scan_unfiltered(g, &text, None), "{}", text);
        }
    }

    /// One gazetteer for the property test's thousands of cases.
    fn gaz_shared() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(gaz)
    }

    #[test]
    fn dateline_places() {
        let g = gaz();
        assert_eq!(g.place("MOSCOW"), Some("RUS"));
        assert_eq!(g.place("NEW YORK"), Some("USA"));
        assert_eq!(g.place("SALVADOR"), Some("BRA"));
    }
}
