//! Word tokens of a sentence, lower-cased, with byte offsets: the unit sector cues and
//! tone words are matched on. Hyphenated words stay whole ("anti-dumping"); "n't"
//! becomes its own token so negation is seen.

/// A lower-cased word and its byte range in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Tokenise `s` into words.
pub fn words(s: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let bytes = s.as_bytes();
    let is_word = |c: char| c.is_alphanumeric();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let joins = (c == '-' || c == '\'' || c == '’')
            && start.is_some()
            && iter.peek().is_some_and(|&(_, n)| is_word(n));
        if is_word(c) || joins {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(st) = start.take() {
            push(s, st, i, &mut out);
        }
    }
    if let Some(st) = start {
        push(s, st, bytes.len(), &mut out);
    }
    out
}

fn push(s: &str, st: usize, en: usize, out: &mut Vec<Word>) {
    let w = s[st..en].to_lowercase().replace('’', "'");
    if let Some(stem) = w.strip_suffix("n't") {
        if !stem.is_empty() {
            out.push(Word { text: stem.to_owned(), start: st, end: en - 3 });
        }
        out.push(Word { text: "n't".into(), start: en - 3, end: en });
        return;
    }
    let w = w.strip_suffix("'s").map(str::to_owned).unwrap_or(w);
    out.push(Word { text: w, start: st, end: en });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_lowercases() {
        let w: Vec<String> = words("Anti-dumping duties don't help Russia's trade.").into_iter().map(|w| w.text).collect();
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
