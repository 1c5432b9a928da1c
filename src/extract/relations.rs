//! Relations: which country pairs the text presents as interacting, per
//! `eval/GUIDELINES.md`. Works sentence by sentence: the countries a sentence mentions,
//! plus the speaker's country (a quote carries its speaker), plus the pair in focus when
//! the sentence says "bilateral" or "the two countries". Countries merely listed
//! together ("Brazil and Argentina") are not paired with each other, and a capital used
//! as a location ("talks in Moscow") makes no party.

use super::sectors::{self, SectorModel};
use super::tone::ToneModel;
use super::words::{words, Word};
use crate::model::{Document, Mention, MentionKind, Relation};
use std::collections::{BTreeMap, BTreeSet};

const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tells", "noted", "notes", "added", "adds", "stressed",
    "stresses", "emphasized", "emphasised", "emphasizes", "emphasises", "stated", "announced",
    "declared", "concluded", "urged", "urges", "warned", "warns", "insisted", "argued",
    "explained", "remarked", "commented", "replied", "asserted", "affirmed", "reiterated",
    "mentioned", "underlined", "underscored", "according", "believes", "charged", "complained",
    "accused", "called", "pledged", "promised", "vowed", "proposed", "announced", "confirmed",
];

const OFFICIAL_NOUNS: &[&str] = &[
    "leader", "leaders", "president", "minister", "ministers", "official", "officials",
    "spokesman", "spokeswoman", "spokesperson", "government", "ministry", "delegation",
    "ambassador", "envoy", "diplomat", "diplomats", "sources", "chancellor", "premier",
    "secretary", "authorities", "side", "negotiator", "negotiators", "representative",
    "king", "emir", "prince", "administration", "department", "agency", "embassy",
    "counterpart", "counterparts", "foreign", "prime", "trade", "finance", "defence",
    "defense", "state", "news",
];

/// Words that make a coordinated list of countries a relation between them.
const RECIPROCAL: &[&str] = &[
    "between", "bilateral", "signed", "sign", "agreement", "agreed", "talks", "relations",
    "ties", "met", "meeting", "summit", "treaty", "accord", "pact", "jointly", "joint",
    "each", "cooperation", "co-operation", "dispute", "war", "conflict", "negotiations",
    "mutual", "trade", "partnership", "accords", "deal", "border", "tensions", "visit",
    "visited", "normalize", "normalise", "resume", "exchange", "exchanged",
];

/// Phrases that refer back to the pair in focus.
const CARRY: &[&str] = &["bilateral", "two countries", "both countries", "two sides", "both sides", "each other", "two nations", "both nations", "two governments", "both governments"];

/// Tone at or above this is positive, at or below its negative is negative.
pub const LABEL_THRESHOLD: f64 = 0.15;

/// Per-sentence facts the pairing needs.
struct SentenceInfo {
    words: Vec<Word>,
    countries: BTreeSet<String>,
    speaker: Option<String>,
    tone: f64,
    sectors: u32,
}

/// Find the relations of one document from its mentions.
pub fn relations(doc: &Document, mentions: &[Mention], tone: &ToneModel, sectors_model: &SectorModel) -> Vec<Relation> {
    let n = doc.sentences.len();
    let mut by_sentence: Vec<Vec<&Mention>> = vec![Vec::new(); n];
    for m in mentions {
        if m.kind != MentionKind::Dateline && m.sentence < n {
            by_sentence[m.sentence].push(m);
        }
    }
    let mut infos: Vec<SentenceInfo> = Vec::with_capacity(n);
    let mut current_speaker: Option<String> = None;
    let mut quote_speaker: BTreeMap<usize, Option<String>> = BTreeMap::new();
    for (i, s) in doc.sentences.iter().enumerate() {
        let text = doc.sentence_text(s);
        let w = words(text);
        let ms = &by_sentence[i];
        let speech = w.iter().any(|x| SPEECH_VERBS.contains(&x.text.as_str()));
        let mut speaker = None;
        if speech {
            speaker = find_speaker(text, s.start, ms, &w).or_else(|| {
                let pronoun = w.iter().any(|x| matches!(x.text.as_str(), "he" | "she" | "they"));
                if pronoun { current_speaker.clone() } else { None }
            });
            if speaker.is_some() {
                current_speaker = speaker.clone();
            }
        }
        let countries: BTreeSet<String> = ms
            .iter()
            .filter(|m| !location_only(doc, m))
            .map(|m| m.iso3.clone())
            .collect();
        let tone_v = tone.score_words(&w);
        let sectors_v = sectors_model.mask(&w);
        if is_quote_paragraph(doc, s.paragraph) && speech {
            quote_speaker.entry(s.paragraph).or_insert_with(|| speaker.clone());
        }
        infos.push(SentenceInfo { words: w, countries, speaker, tone: tone_v, sectors: sectors_v });
    }
    // A quote paragraph's sentences all belong to its speaker.
    for (i, s) in doc.sentences.iter().enumerate() {
        if infos[i].speaker.is_none() {
            if let Some(Some(sp)) = quote_speaker.get(&s.paragraph) {
                infos[i].speaker = Some(sp.clone());
            }
        }
    }

    // pair → (sentence indexes)
    let mut pairs: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let mut focus: Option<((String, String), usize)> = None;
    for i in 0..n {
        let info = &infos[i];
        let mut parties = info.countries.clone();
        if let Some(sp) = &info.speaker {
            parties.insert(sp.clone());
        }
        let text_lower = doc.sentence_text(&doc.sentences[i]).to_lowercase();
        let carries = CARRY.iter().any(|c| text_lower.contains(c));
        let mut found_here = Vec::new();
        if parties.len() >= 2 {
            let listed = listed_together(doc, &by_sentence[i], &info.words);
            let v: Vec<&String> = parties.iter().collect();
            for a in 0..v.len() {
                for b in a + 1..v.len() {
                    let key = (v[a].clone(), v[b].clone());
                    if listed.contains(&key) {
                        continue;
                    }
                    found_here.push(key);
                }
            }
        } else if carries {
            if let Some((pair, at)) = &focus {
                if i - at <= 3 && (parties.is_empty() || parties.contains(&pair.0) || parties.contains(&pair.1)) {
                    found_here.push(pair.clone());
                }
            }
        } else if let (Some(sp), Some((pair, at))) = (&info.speaker, &focus) {
            // A speaker's follow-up ("We advocate further cooperation …") stays on the pair.
            let cooperative = info.words.iter().any(|w| w.text.starts_with("cooperat") || w.text == "relations" || w.text == "ties");
            if cooperative && i - at <= 2 && parties.len() <= 1 && (pair.0 == *sp || pair.1 == *sp) {
                found_here.push(pair.clone());
            }
        }
        for key in found_here {
            focus = Some((key.clone(), i));
            pairs.entry(key).or_default().push(i);
        }
    }

    let mut out = Vec::new();
    for ((a, b), idx) in pairs {
        let mask = idx.iter().fold(0u32, |m, &i| m | infos[i].sectors);
        let sentiment = pair_tone(&idx, &infos);
        let mut sector_names = sectors::names(mask);
        if sector_names.is_empty() {
            sector_names.push("general".into());
        }
        let evidence = idx
            .iter()
            .take(3)
            .map(|&i| collapse(doc.sentence_text(&doc.sentences[i])))
            .collect::<Vec<_>>()
            .join(" … ");
        out.push(Relation { country_a: a, country_b: b, sectors: sector_names, sentiment, evidence });
    }
    out
}

/// The pair's tone: the mean of its sentences' tones, clamped to -1 … 1.
fn pair_tone(idx: &[usize], infos: &[SentenceInfo]) -> f64 {
    if idx.is_empty() {
        return 0.0;
    }
    let sum: f64 = idx.iter().map(|&i| infos[i].tone).sum();
    (sum / idx.len() as f64).clamp(-1.0, 1.0)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_quote_paragraph(doc: &Document, paragraph: usize) -> bool {
    doc.sentences
        .iter()
        .find(|s| s.paragraph == paragraph)
        .is_some_and(|s| doc.sentence_text(s).starts_with(['"', '“', '«']))
}

/// The speaker's country in a sentence with a speech verb: an office holder, or a
/// country word directly before an official noun ("Russian President", "U.S. officials"),
/// or a capital or name as the subject ("Moscow said").
fn find_speaker(text: &str, offset: usize, ms: &[&Mention], w: &[Word]) -> Option<String> {
    if let Some(m) = ms.iter().find(|m| m.kind == MentionKind::Official) {
        return Some(m.iso3.clone());
    }
    for m in ms {
        let rel_end = m.end.saturating_sub(offset);
        let next = w.iter().find(|x| x.start >= rel_end);
        if let Some(nx) = next {
            if OFFICIAL_NOUNS.contains(&nx.text.as_str()) && m.kind != MentionKind::Capital {
                return Some(m.iso3.clone());
            }
            if SPEECH_VERBS.contains(&nx.text.as_str()) {
                return Some(m.iso3.clone());
            }
        }
    }
    let _ = text;
    None
}

/// A capital right after "in"/"at" is where something happened, not who acted.
fn location_only(doc: &Document, m: &Mention) -> bool {
    if m.kind != MentionKind::Capital {
        return false;
    }
    let before = doc.text[..m.start].trim_end();
    let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    matches!(prev, "in" | "at" | "In" | "At" | "near" | "outside")
}

/// Pairs of countries that stand only in a coordinated list ("Japan, South Korea and
/// Taiwan bought …") in a sentence without any word of a relation between them.
fn listed_together(doc: &Document, ms: &[&Mention], w: &[Word]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    if w.iter().any(|x| RECIPROCAL.contains(&x.text.as_str())) {
        return out;
    }
    for pair in ms.windows(2) {
        let (x, y) = (pair[0], pair[1]);
        if x.iso3 == y.iso3 || y.start < x.end {
            continue;
        }
        let between = doc.text[x.end..y.start].trim();
        let between = between.trim_start_matches(['\'', '’', 's']).trim();
        let joiner = matches!(between, "," | "and" | "or" | ", and" | "and the" | ", and the" | "&" | "as well as" | "nor" | "and to" | "and in" | ", or");
        if joiner {
            let (a, b) = if x.iso3 < y.iso3 { (&x.iso3, &y.iso3) } else { (&y.iso3, &x.iso3) };
            out.insert((a.clone(), b.clone()));
        }
    }
    out
}
