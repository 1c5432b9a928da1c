//! A small matcher for lexicon terms over word tokens: single words, multi-word phrases
//! and `prefix*` terms. Shared by the sector and tone models so both read lexicon
//! entries the same way.

use super::words::Word;
use rustc_hash::FxHashMap as HashMap;

/// Terms compiled for lookup; `V` is what a term carries (a sector index, a weight …).
#[derive(Debug, Clone)]
pub struct CueSet<V> {
    /// One entry per single word: its own values (if it is a term) and the length of the
    /// longest multi-word term it starts, so each word costs one hash lookup.
    single: HashMap<String, Single<V>>,
    /// Multi-word terms, keyed by the words joined with single spaces.
    phrases: HashMap<String, Vec<V>>,
    /// Prefixes by their first two bytes, so a word checks only a few.
    prefixes: HashMap<[u8; 2], Vec<(String, V)>>,
}

/// What one word is in a cue set.
#[derive(Debug, Clone)]
struct Single<V> {
    /// Values of the word as a term of its own (empty if it is not one).
    values: Vec<V>,
    /// The most words of a multi-word term that starts with this word (0 if none does):
    /// only phrases up to that long are tried from it.
    phrase_words: usize,
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
        let mut phrase_starts: HashMap<String, usize> = HashMap::default();
        for (term, v) in terms {
            let term = term.trim().to_lowercase();
            let n_words = term.split(' ').count();
            if let Some((first, _)) = term.split_once(' ') {
                let longest = phrase_starts.entry(first.to_owned()).or_insert(0);
                *longest = (*longest).max(n_words);
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
                single.entry(term).or_insert_with(|| Single { values: Vec::new(), phrase_words: 0 }).values = values;
            }
        }
        for (first, n_words) in phrase_starts {
            single.entry(first).or_insert_with(|| Single { values: Vec::new(), phrase_words: 0 }).phrase_words = n_words;
        }
        CueSet { single, phrases, prefixes }
    }

    /// Every term in `words`, longest phrase first at each position; a word covered by
    /// a phrase is not matched again on its own.
    pub fn find(&self, words: &[Word]) -> Vec<Hit<V>> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut phrase = String::new();
        // phrase.len() after each of its words
        let mut ends = Vec::new();
        while i < words.len() {
            let mut matched = 0;
            let entry = self.single.get(words[i].text.as_str());
            // (no term is longer than its first word's longest, so shorter tries miss
            // nothing: the longest phrase is spelt once, and each try is a prefix of it)
            let longest = entry.map_or(1, |e| e.phrase_words.min(words.len() - i));
            if longest >= 2 {
                phrase.clear();
                ends.clear();
                for (k, w) in words[i..i + longest].iter().enumerate() {
                    if k > 0 {
                        phrase.push(' ');
                    }
                    phrase.push_str(&w.text);
                    ends.push(phrase.len());
                }
            }
            for n in (2..=longest).rev() {
                if let Some(vs) = self.phrases.get(&phrase[..ends[n - 1]]) {
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
