//! The gazetteer's trie must report exactly the matches an Aho-Corasick automaton reports
//! with the settings it replaced (leftmost-longest, ASCII case insensitive): same start,
//! end and pattern, in the same order, on real wire copy and on arbitrary text.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use bilat::extract::gazetteer::Gazetteer;
use bilat::extract::trie::Trie;
use bilat::lexicon::Lexicons;
use proptest::prelude::*;
use std::io::BufRead;

fn both() -> &'static (AhoCorasick, Trie, Vec<String>) {
    static BOTH: std::sync::OnceLock<(AhoCorasick, Trie, Vec<String>)> = std::sync::OnceLock::new();
    BOTH.get_or_init(build)
}

fn build() -> (AhoCorasick, Trie, Vec<String>) {
    let gaz = Gazetteer::new(&Lexicons::embedded().unwrap()).unwrap();
    let patterns = gaz.patterns().to_vec();
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Both)
        .build(&patterns)
        .unwrap();
    let trie = Trie::new(&patterns).unwrap();
    (ac, trie, patterns)
}

fn same(ac: &AhoCorasick, trie: &Trie, text: &str) -> Result<(), String> {
    let want: Vec<(usize, usize, usize)> = ac.find_iter(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
    let got: Vec<(usize, usize, usize)> = trie.find_iter(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
    if want != got {
        return Err(format!("differs on {:?}: aho-corasick {want:?}, trie {got:?}", text.chars().take(200).collect::<String>()));
    }
    // the longest match at every word start, as an anchored search finds it
    let bytes = text.as_bytes();
    for at in (0..bytes.len()).filter(|&i| i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        let want = ac.find(input).map(|m| (m.start(), m.end(), m.pattern().as_usize()));
        let got = trie.longest_at(text, at).map(|m| (m.start(), m.end(), m.pattern().as_usize()));
        if want != got {
            return Err(format!("longest at {at} differs on {:?}: aho-corasick {want:?}, trie {got:?}", text.chars().take(200).collect::<String>()));
        }
    }
    Ok(())
}

/// Texts from the repository's sample inputs and dev set, and from Reuters-21578 when
/// `BILAT_SHARED` points at the shared corpora.
fn real_texts() -> Vec<String> {
    let mut out = Vec::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(rd) = std::fs::read_dir(root.join("input")) {
        for e in rd.flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                out.push(t);
            }
        }
    }
    let mut jsonl = Vec::new();
    if let Some(shared) = std::env::var_os("BILAT_SHARED") {
        let shared = std::path::PathBuf::from(shared);
        jsonl.push(shared.join("eval/dev/reuters_dev_input.jsonl"));
        let gz = shared.join("corpora/reuters21578.jsonl.gz");
        if let Ok(f) = std::fs::File::open(&gz) {
            for line in std::io::BufReader::new(flate2::read::GzDecoder::new(f)).lines().map_while(Result::ok) {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    for k in ["title", "dateline", "body"] {
                        if let Some(s) = v.get(k).and_then(|x| x.as_str()) {
                            out.push(s.to_owned());
                        }
                    }
                }
            }
        }
    }
    for p in jsonl {
        if let Ok(t) = std::fs::read_to_string(p) {
            out.extend(t.lines().map(str::to_owned));
        }
    }
    out
}

#[test]
fn same_matches_on_real_text() {
    let (ac, trie, _) = both();
    let texts = real_texts();
    assert!(!texts.is_empty());
    if std::env::var_os("BILAT_SHARED").is_some() {
        assert!(texts.len() > 50_000, "Reuters-21578 not read: {} texts", texts.len());
    }
    for t in &texts {
        if let Err(e) = same(&ac, &trie, t) {
            panic!("{e}");
        }
    }
}

#[test]
fn ties_go_to_the_first_pattern_as_in_aho_corasick() {
    let patterns = ["US", "us", "Us", "New York", "new york city", "York", "ÉIRE", "éire", "é"];
    let ac = AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::LeftmostLongest).start_kind(StartKind::Both).build(patterns).unwrap();
    let trie = Trie::new(&patterns).unwrap();
    for t in ["us US uS", "NEW YORK CITY, New York", "ÉIRE éire Éire ÉIRE", "é É", "newyork york"] {
        same(&ac, &trie, t).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary text built from pieces of the patterns themselves (in any case), so
    /// that partial, overlapping and adjacent matches are common.
    #[test]
    fn same_matches_on_arbitrary_text(picks in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..4, 0usize..3, "[ .,'-]{0,2}"), 0..30)) {
        let (ac, trie, patterns) = both();
        let mut text = String::new();
        for (ix, cut, case, sep) in picks {
            let p = &patterns[ix.index(patterns.len())];
            let cut = p.char_indices().map(|(i, _)| i).nth(cut).filter(|&i| i > 0).unwrap_or(p.len());
            let piece = &p[..cut];
            match case {
                0 => text.push_str(piece),
                1 => text.push_str(&piece.to_ascii_uppercase()),
                _ => text.push_str(&piece.to_ascii_lowercase()),
            }
            text.push_str(&sep);
        }
        prop_assert!(same(&ac, &trie, &text).is_ok(), "{}", same(&ac, &trie, &text).unwrap_err());
    }
}
