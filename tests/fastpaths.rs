//! The hot text routines take byte-level shortcuts for ASCII; these properties pin them
//! to the plain char-by-char definitions they replace, on any text (ASCII, accented,
//! curly quotes, odd whitespace), so the shortcuts can never change an output.

use bilat::extract::words::words;
use bilat::parse::hash_content;
use bilat::transform::dedup::{simhash, sketch, word_hash_bytes, SKETCH};
use proptest::prelude::*;

/// The straightforward SimHash: ±1 per bit per shingle.
fn simhash_reference(text: &str) -> u64 {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| word_hash_bytes(w.to_lowercase().as_bytes()))
        .collect();
    if words.len() < 20 {
        return 0;
    }
    let mut acc = [0i32; 64];
    for sh in words.windows(3) {
        let h = (sh[0] ^ sh[1].rotate_left(21) ^ sh[2].rotate_left(42)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let h = h ^ (h >> 29);
        for (bit, a) in acc.iter_mut().enumerate() {
            *a += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    acc.iter().enumerate().fold(0u64, |h, (bit, a)| if *a > 0 { h | 1 << bit } else { h })
}

fn sketch_reference<'a>(sentences: impl Iterator<Item = &'a str>) -> [u64; SKETCH] {
    let mut hs: Vec<u64> = sentences
        .map(|s| {
            let norm: String = s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
            xxhash_rust::xxh3::xxh3_64(norm.as_bytes())
        })
        .collect();
    hs.sort_unstable();
    hs.dedup();
    let mut out = [0u64; SKETCH];
    if hs.len() >= SKETCH {
        out.copy_from_slice(&hs[..SKETCH]);
    }
    out
}

fn hash_content_reference(title: &str, body: &str) -> String {
    let mut norm = Vec::new();
    let mut space = true;
    for part in [title, body] {
        for c in part.chars() {
            if c.is_whitespace() {
                if !space {
                    norm.push(b' ');
                    space = true;
                }
            } else {
                space = false;
                for l in c.to_lowercase() {
                    let mut tmp = [0u8; 4];
                    norm.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                }
            }
        }
        if !space {
            norm.push(b' ');
            space = true;
        }
    }
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&norm))
}

/// The tokenizer as first written: chars, `to_lowercase`, ’ → '.
fn words_reference(s: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut iter = s.char_indices().peekable();
    let push = |st: usize, en: usize, out: &mut Vec<(String, usize, usize)>| {
        let w = s[st..en].to_lowercase().replace('’', "'");
        if let Some(stem) = w.strip_suffix("n't") {
            if !stem.is_empty() {
                out.push((stem.to_owned(), st, en - 3));
            }
            out.push(("n't".into(), en - 3, en));
            return;
        }
        let w = w.strip_suffix("'s").map(str::to_owned).unwrap_or(w);
        out.push((w, st, en));
    };
    while let Some((i, c)) = iter.next() {
        let joins = (c == '-' || c == '\'' || c == '’') && start.is_some() && iter.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            push(st, i, &mut out);
        }
    }
    if let Some(st) = start {
        push(st, s.len(), &mut out);
    }
    out
}

/// Text made of words, punctuation and unusual characters, long enough for SimHash.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,9}",
        "[A-Z][a-z]{0,8}'s",
        "[a-z]{1,6}n['’]t",
        Just("Ünited".to_string()),
        Just("ÉTAT".to_string()),
        Just("İstanbul".to_string()),
        Just("straße".to_string()),
        Just("Σίσυφος".to_string()),
        "[0-9]{1,4}",
        "[ \t\n\r\u{0B}\u{0C}\u{A0}\u{2003}]{1,3}",
        "[-.,;:'’\"()]",
        "\\PC{1,3}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.join(" "))
}

/// ASCII text long enough for SimHash (most wire copy: the all-ASCII fast path).
fn ascii_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,9}",
        "[A-Z][a-z]{0,8}'s",
        "[A-Za-z]{1,6}[nN]'[tT]",
        "[A-Za-z0-9]{1,5}[-'][A-Za-z0-9]{1,5}('[sS])?",
        "[0-9]{1,4}",
        "[ \t\n]{1,3}",
        "[-.,;:'\"()]",
        "[a-z]{60,70}"
    ];
    proptest::collection::vec(piece, 20..120).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn simhash_matches_reference_on_ascii(t in ascii_text()) {
        prop_assert_eq!(simhash(&t), simhash_reference(&t));
    }

    #[test]
    fn simhash_matches_reference(t in text()) {
        prop_assert_eq!(simhash(&t), simhash_reference(&t));
    }

    #[test]
    fn sketch_matches_reference(t in text()) {
        prop_assert_eq!(sketch(t.split(['.', ';'])), sketch_reference(t.split(['.', ';'])));
    }

    #[test]
    fn content_hash_matches_reference(a in text(), b in text()) {
        prop_assert_eq!(hash_content(&a, &b), hash_content_reference(&a, &b));
    }

    /// The eight-bytes-at-a-time path on ASCII: runs of mixed whitespace at every offset,
    /// NUL and DEL, capitals, a text starting or ending with whitespace.
    #[test]
    fn content_hash_matches_reference_on_ascii(
        a in r"[ \t\n\r\x0B\x0C\x00\x7FA-Za-z0-9@\[`{.,]{0,40}",
        b in proptest::collection::vec(r"[ \t\n\r\x0B\x0C]{0,3}[A-Za-z0-9@\[`{\x00\x7F.,-]{0,11}", 0..60),
    ) {
        let b = b.concat();
        prop_assert_eq!(hash_content(&a, &b), hash_content_reference(&a, &b));
    }

    #[test]
    fn words_match_reference_on_ascii(t in ascii_text()) {
        let got: Vec<(String, usize, usize)> = words(&t).into_iter().map(|w| (w.text.to_string(), w.start, w.end)).collect();
        prop_assert_eq!(got, words_reference(&t));
    }

    #[test]
    fn sketch_matches_reference_on_ascii(t in ascii_text()) {
        prop_assert_eq!(sketch(t.split(['.', ';'])), sketch_reference(t.split(['.', ';'])));
    }

    #[test]
    fn words_match_reference(t in text()) {
        let got: Vec<(String, usize, usize)> = words(&t).into_iter().map(|w| (w.text.to_string(), w.start, w.end)).collect();
        prop_assert_eq!(got, words_reference(&t));
    }
}
