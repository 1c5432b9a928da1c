//! A small matcher for lexicon terms over word tokens: single words, multi-word phrases
//! and `prefix*` terms. Shared by the sector and tone models so both read lexicon
//! entries the same way.

use super::words::Word;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Terms compiled for lookup; `V` is what a term carries (a sector index, a weight …).
#[derive(Debug, Clone)]
pub struct CueSet<V> {
    /// One entry per single word: its own values (if it is a term) and whether it starts
    /// a multi-word term, so each word costs one hash lookup.
    single: HashMap<String, Single<V>>,
    /// Multi-word terms, keyed by the words joined with single spaces.
    phrases: HashMap<String, Vec<V>>,
    /// Prefixes by their first two bytes, so a word checks only a few.
    prefixes: HashMap<[u8; 2], Vec<(String, V)>>,
    max_words: usize,
}

/// What one word is in a cue set.
#[derive(Debug, Clone)]
struct Single<V> {
    /// Values of the word as a term of its own (empty if it is not one).
    values: Vec<V>,
    /// The word is the first of a multi-word term.
    phrase_start: bool,
}

/// A term found in a word sequence: the words it spans and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<V> {
    pub first: usize,
    pub last: usize,
    pub value: V,
}

impl<V: Clone> CueSet<V> {
    pub fn new(terms: impl IntoIterator<Item = (String, V)>) -> Self {
        let mut exact: HashMap<String, Vec<V>> = HashMap::default();
        let mut prefixes: HashMap<[u8; 2], Vec<(String, V)>> = HashMap::default();
        let mut phrase_starts = HashSet::default();
        let mut max_words = 1;
        for (term, v) in terms {
            let term = term.trim().to_lowercase();
            max_words = max_words.max(term.split(' ').count());
            if let Some((first, _)) = term.split_once(' ') {
                phrase_starts.insert(first.to_owned());
            }
            match term.strip_suffix('*') {
                Some(p) if !p.contains(' ') && p.len() >= 2 => {
                    let key = [p.as_bytes()[0], p.as_bytes()[1]];
                    prefixes.entry(key).or_default().push((p.to_owned(), v));
                }
                Some(p) => exact.entry(p.to_owned()).or_default().push(v),
                None => exact.entry(term).or_default().push(v),
            }
        }
        // Split the exact terms into single words and phrases. (A term with a space is
        // looked up only as a phrase, exactly as when both lived in one map: a single
        // word never contains a space.)
        let mut single: HashMap<String, Single<V>> = HashMap::default();
        let mut phrases: HashMap<String, Vec<V>> = HashMap::default();
        for (term, values) in exact {
            if term.contains(' ') {
                phrases.insert(term, values);
            } else {
                single.entry(term).or_insert_with(|| Single { values: Vec::new(), phrase_start: false }).values = values;
            }
        }
        for first in phrase_starts {
            single.entry(first).or_insert_with(|| Single { values: Vec::new(), phrase_start: false }).phrase_start = true;
        }
        CueSet { single, phrases, prefixes, max_words }
    }

    /// Every term in `words`, longest phrase first at each position; a word covered by
    /// a phrase is not matched again on its own.
    pub fn find(&self, words: &[Word]) -> Vec<Hit<V>> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut phrase = String::new();
        while i < words.len() {
            let mut matched = 0;
            let entry = self.single.get(words[i].text.as_str());
            let longest = if entry.is_some_and(|e| e.phrase_start) { self.max_words.min(words.len() - i) } else { 1 };
            for n in (2..=longest).rev() {
                phrase.clear();
                for (k, w) in words[i..i + n].iter().enumerate() {
                    if k > 0 {
                        phrase.push(' ');
                    }
                    phrase.push_str(&w.text);
                }
                if let Some(vs) = self.phrases.get(&phrase) {
                    out.extend(vs.iter().map(|v| Hit { first: i, last: i + n - 1, value: v.clone() }));
                    matched = n;
                    break;
                }
            }
            if matched == 0 {
                let w = &words[i].text;
                if let Some(vs) = entry.map(|e| &e.values).filter(|vs| !vs.is_empty()) {
                    out.extend(vs.iter().map(|v| Hit { first: i, last: i, value: v.clone() }));
                } else if w.len() >= 2 {
                    if let Some(ps) = self.prefixes.get(&[w.as_bytes()[0], w.as_bytes()[1]]) {
                        if let Some((_, v)) = ps.iter().filter(|(p, _)| w.starts_with(p.as_str())).max_by_key(|(p, _)| p.len()) {
                            out.push(Hit { first: i, last: i, value: v.clone() });
                        }
                    }
                }
                matched = 1;
            }
            i += matched;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    #[test]
    fn phrases_words_prefixes() {
        let set = CueSet::new(vec![
            ("pharmaceutical industry".to_string(), "health"),
            ("industr*".to_string(), "industry"),
            ("oil".to_string(), "energy"),
        ]);
        let w = words("Oil and the pharmaceutical industry; industrial output");
        let hits: Vec<&str> = set.find(&w).into_iter().map(|h| h.value).collect();
        assert_eq!(hits, vec!["energy", "health", "industry"]);
    }
}
