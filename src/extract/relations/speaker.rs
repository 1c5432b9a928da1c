//! Who speaks in a sentence: speech verbs, official nouns, quotations, and the
//! mention a speech verb attributes the sentence to.
use super::*;

pub(super) const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tells", "noted", "notes", "added", "adds", "stressed",
    "stresses", "emphasized", "emphasised", "emphasizes", "emphasises", "stated", "announced",
    "declared", "concluded", "urged", "urges", "warned", "warns", "insisted", "argued",
    "explained", "remarked", "commented", "replied", "asserted", "affirmed", "reiterated",
    "mentioned", "underlined", "underscored", "according", "believes", "charged", "complained",
    "accused", "called", "pledged", "promised", "vowed", "proposed", "announced", "confirmed",
];

/// `SPEECH_VERBS` hashed: it is consulted for every word of every sentence.
pub(super) static SPEECH_VERB_SET: WordSet = WordSet::new(SPEECH_VERBS);

pub(super) const OFFICIAL_NOUNS: &[&str] = &[
    "leader", "leaders", "president", "minister", "ministers", "official", "officials",
    "spokesman", "spokeswoman", "spokesperson", "government", "ministry", "delegation",
    "ambassador", "envoy", "diplomat", "diplomats", "sources", "chancellor", "premier",
    "secretary", "authorities", "side", "negotiator", "negotiators", "representative",
    "king", "emir", "prince", "administration", "department", "agency", "embassy",
    "counterpart", "counterparts", "foreign", "prime", "trade", "finance", "defence",
    "defense", "state", "news", "treasury", "commerce", "agriculture", "energy",
];

/// Byte spans of quotations, paragraph by paragraph (an unclosed quote ends with its
/// paragraph). Straight quotes toggle; curly and guillemet quotes open and close.
pub(super) fn quote_spans(doc: &Document) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < doc.sentences.len() {
        let p = doc.sentences[i].paragraph;
        let start = doc.sentences[i].start;
        let mut end = doc.sentences[i].end;
        while i < doc.sentences.len() && doc.sentences[i].paragraph == p {
            end = doc.sentences[i].end;
            i += 1;
        }
        let mut open: Option<usize> = None;
        // only the bytes that start a quote character are visited: '"', and the lead
        // bytes of “ ” (E2) and « » (C2)
        let para = &doc.text[start..end];
        for k in memchr::memchr3_iter(b'"', 0xE2, 0xC2, para.as_bytes()) {
            let Some(c) = para.get(k..).and_then(|t| t.chars().next()) else { continue };
            let at = start + k;
            match (c, open) {
                ('"', None) | ('“', None) | ('«', None) => open = Some(at),
                ('"', Some(o)) | ('”', Some(o)) | ('»', Some(o)) => {
                    spans.push((o, at + c.len_utf8()));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            spans.push((o, end));
        }
    }
    spans
}

/// How a sentence attributes its words.
pub(super) enum Attribution {
    /// A country (office holder, "Russian President", "Moscow said").
    Country(String),
    /// "he said", "she added": the speaker of the previous attribution.
    Pronoun,
}

/// The speaker of a sentence with a speech verb: the mention nearest before the verb
/// (within ten words) or right after it ("said Russian President Putin") that is an office
/// holder, a country word before an official noun ("the Russian leader", "U.S.
/// officials"), or a name or capital as the verb's subject ("Moscow said"). A pronoun
/// right at the verb ("he said") wins over mentions further away.
pub(super) fn find_speaker(offset: usize, ms: &[&Mention], w: &[Word]) -> Option<Attribution> {
    const PRONOUNS: &[&str] = &["he", "she", "they"];
    for (v, word) in w.iter().enumerate() {
        if !SPEECH_VERB_SET.contains(&word.text.as_str()) {
            continue;
        }
        let prev = v.checked_sub(1).map(|k| w[k].text.as_str());
        let next = w.get(v + 1).map(|x| x.text.as_str());
        if prev.is_some_and(|p| PRONOUNS.contains(&p)) || next.is_some_and(|n| PRONOUNS.contains(&n)) {
            return Some(Attribution::Pronoun);
        }
        let lo = w[v.saturating_sub(10)].start;
        let hi = w.get(v + 5).map(|x| x.end).unwrap_or(usize::MAX);
        let mut best: Option<(usize, &Mention)> = None;
        for m in ms {
            let (ms_, me) = (m.start - offset, m.end - offset);
            if ms_ < lo || me > hi {
                continue;
            }
            let after_mention = w.iter().position(|x| x.start >= me);
            // "the Russian embassy in Ouagadougou said": a capital after "in" is where
            // the speaker sits, not who speaks
            let placed = m.kind == MentionKind::Capital
                && w.iter().rposition(|x| x.end <= ms_).is_some_and(|k| matches!(w[k].text.as_str(), "in" | "at"));
            let qualifies = !placed && match m.kind {
                MentionKind::Official => true,
                _ => after_mention.is_some_and(|k| {
                    let t = w[k].text.as_str();
                    (OFFICIAL_NOUNS.contains(&t) && m.kind != MentionKind::Capital) || k == v
                        || (OFFICIAL_NOUNS.contains(&t) && w.get(k + 1).is_some_and(|x| SPEECH_VERB_SET.contains(&x.text.as_str())))
                }),
            };
            if !qualifies {
                continue;
            }
            let dist = if me <= word.start { word.start - me } else { ms_.saturating_sub(word.end) };
            if best.is_none_or(|(d, _)| dist < d) {
                best = Some((dist, m));
            }
        }
        if let Some((_, m)) = best {
            return Some(Attribution::Country(m.iso3.clone()));
        }
    }
    None
}

/// Whether a speech verb follows a mention within three words ("…, Putin said", "…, the
/// Russian leader said"): a speaker clause, not the next item of a list.
pub(super) fn says(doc: &Document, m: &Mention) -> bool {
    let mut end = doc.text.len().min(m.end + 90);
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = doc.text.get(m.end..end).unwrap_or("");
    let ws = words(rest);
    let Some(k) = ws.iter().take(7).position(|w| SPEECH_VERB_SET.contains(&w.text.as_str())) else {
        return false;
    };
    // the mention heads the clause: no comma between it and the verb ("Burkina Faso,
    // Putin said" ends a list with Burkina Faso; Putin is the speaker)
    if rest[..ws[k].start].contains([',', ';']) {
        return false;
    }
    if k < 3 {
        return true;
    }
    // further, only a demonym's title and name in running text ("Russian Permanent
    // Representative Vasily Nebenzya said"; not "New Zealand Banking Group Ltd said", not
    // across a headline's end)
    let title_case = |t: &str| t.starts_with(|c: char| c.is_uppercase()) && t.chars().skip(1).any(|c| c.is_lowercase());
    m.kind == MentionKind::Demonym
        && !rest[..ws[k].start].contains(['\n', '.'])
        && ws[..k].iter().all(|w| title_case(&rest[w.start..w.end]) || OFFICIAL_NOUNS.contains(&w.text.as_str()) || matches!(w.text.as_str(), "of" | "the"))
}

#[cfg(test)]
mod tests {
    use super::quote_spans;
    use crate::model::Article;
    use chrono::NaiveDate;

    fn spans(body: &str) -> Vec<String> {
        let doc = crate::parse::parse(
            Article { id: "t".into(), title: String::new(), body: body.into(), ..Default::default() },
            NaiveDate::from_ymd_opt(2024, 3, 14).expect("date"),
        );
        quote_spans(&doc).into_iter().map(|(s, e)| doc.text[s..e].to_owned()).collect()
    }

    #[test]
    fn straight_curly_and_guillemet_quotes() {
        assert_eq!(spans("He said \"we agree\" and left."), vec!["\"we agree\""]);
        assert_eq!(spans("Lavrov: “Партнёр — Venezuela” and «nous» é."), vec!["“Партнёр — Venezuela”", "«nous»"]);
        // an unclosed quote ends with its paragraph; the next paragraph starts afresh
        assert_eq!(spans("“It will go on. We are sure.\n\nNo quote here."), vec!["“It will go on. We are sure."]);
    }
}
