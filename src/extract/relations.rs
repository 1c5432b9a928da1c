//! Relations: which country pairs the text presents as interacting, per
//! `eval/GUIDELINES.md`. Works sentence by sentence: the countries a sentence mentions,
//! plus the speaker's country (a quote carries its speaker), plus the pair in focus when
//! the sentence says "bilateral" or "the two countries". Countries merely listed
//! together ("Brazil and Argentina") are not paired with each other, and a capital used
//! as a location ("talks in Moscow") makes no party.

use super::sectors::{self, SectorModel};
use super::stance::StanceModel;
use super::tone::ToneModel;
use super::words::{word_before, words, Word, WordSet};
use crate::lexicon::Stance;
use crate::model::{Document, Mention, MentionKind, Relation};
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tells", "noted", "notes", "added", "adds", "stressed",
    "stresses", "emphasized", "emphasised", "emphasizes", "emphasises", "stated", "announced",
    "declared", "concluded", "urged", "urges", "warned", "warns", "insisted", "argued",
    "explained", "remarked", "commented", "replied", "asserted", "affirmed", "reiterated",
    "mentioned", "underlined", "underscored", "according", "believes", "charged", "complained",
    "accused", "called", "pledged", "promised", "vowed", "proposed", "announced", "confirmed",
];

/// `SPEECH_VERBS` hashed: it is consulted for every word of every sentence.
static SPEECH_VERB_SET: WordSet = WordSet::new(SPEECH_VERBS);

const OFFICIAL_NOUNS: &[&str] = &[
    "leader", "leaders", "president", "minister", "ministers", "official", "officials",
    "spokesman", "spokeswoman", "spokesperson", "government", "ministry", "delegation",
    "ambassador", "envoy", "diplomat", "diplomats", "sources", "chancellor", "premier",
    "secretary", "authorities", "side", "negotiator", "negotiators", "representative",
    "king", "emir", "prince", "administration", "department", "agency", "embassy",
    "counterpart", "counterparts", "foreign", "prime", "trade", "finance", "defence",
    "defense", "state", "news", "treasury", "commerce", "agriculture", "energy",
];

/// How many sentences back "the two countries" may reach for its pair.
const CARRY_REACH: usize = 3;

/// Phrases that refer back to the pair in focus.
const CARRY: &[&str] = &["bilateral", "two countries", "both countries", "two sides", "both sides", "each other", "two nations", "both nations", "two governments", "both governments"];

/// The tone a pair in open conflict (a hostile stance cue about it) has at most.
const HOSTILE_TONE: f64 = -0.35;
/// The tone a pair where one state shields the other has at least.
const PROTECT_TONE: f64 = 0.35;
/// The tone a sentence of cooperation between the pair has at least.
const COOP_TONE: f64 = 0.3;
/// How many words from a protect cue each of the two states may stand.
const PROTECT_REACH: usize = 8;
/// How many words from a flag's owner the flagged ship's state may stand.
const FLAG_REACH: usize = 8;

/// Tone at or above this is positive, at or below its negative is negative.
pub const LABEL_THRESHOLD: f64 = 0.15;

/// Per-sentence facts the pairing needs.
struct SentenceInfo {
    words: Vec<Word>,
    countries: BTreeSet<String>,
    speaker: Option<String>,
    /// Scored only for sentences that carry a pair (the tone model is the costly part).
    tone: Option<f64>,
    /// (word index, country) of each counted mention, for pair-directed tone.
    at: Vec<(usize, String)>,
    /// The word index just past each mention of `at`, to read the words between two.
    at_end: Vec<usize>,
    sectors: u32,
    /// Stance cues, read once for the first pair that needs them (a sentence often
    /// carries several pairs).
    stance: OnceCell<Vec<(usize, Stance)>>,
    /// Tone-lexicon hits, read once for the first pair with a third country here.
    hits: OnceCell<Vec<(usize, f64)>>,
}

/// Find the relations of one document from its mentions.
pub fn relations(
    doc: &Document,
    mentions: &[Mention],
    tone: &ToneModel,
    sectors_model: &SectorModel,
    stance: &StanceModel,
) -> Vec<Relation> {
    let n = doc.sentences.len();
    let mut by_sentence: Vec<Vec<&Mention>> = vec![Vec::new(); n];
    for m in mentions {
        if m.kind != MentionKind::Dateline && m.sentence < n {
            by_sentence[m.sentence].push(m);
        }
    }
    let mut infos: Vec<SentenceInfo> = Vec::with_capacity(n);
    let mut current_speaker: Option<String> = None;
    for (i, s) in doc.sentences.iter().enumerate() {
        let w = words(doc.sentence_text(s));
        let ms = &by_sentence[i];
        let speech = w.iter().any(|x| SPEECH_VERB_SET.contains(&x.text.as_str()));
        let mut speaker = None;
        if speech {
            speaker = match find_speaker(s.start, ms, &w) {
                Some(Attribution::Country(c)) => Some(c),
                Some(Attribution::Pronoun) => current_speaker.clone(),
                None => None,
            };
            if speaker.is_some() {
                current_speaker = speaker.clone();
            }
        }
        let countries: BTreeSet<String> = ms
            .iter()
            .filter(|m| !location_only(doc, m) && !attribute_only(doc, m))
            .map(|m| m.iso3.clone())
            .collect();
        let sectors_v = sectors_model.mask(&w);
        // attributes count here: a flag's owner ("the American flag") is one
        let placed: Vec<&&Mention> = ms.iter().filter(|m| !location_only(doc, m)).collect();
        let at = placed.iter().map(|m| (w.partition_point(|x| x.start < m.start - s.start), m.iso3.clone())).collect();
        let at_end = placed.iter().map(|m| w.partition_point(|x| x.start < m.end - s.start)).collect();
        infos.push(SentenceInfo {
            words: w,
            countries,
            speaker,
            tone: None,
            sectors: sectors_v,
            at,
            at_end,
            stance: OnceCell::new(),
            hits: OnceCell::new(),
        });
    }
    // Every sentence inside a quotation belongs to the quotation's speaker, named where
    // the quote closes ('…," he emphasized') or where it opens ('Putin said: "…').
    for (qs, qe) in quote_spans(doc) {
        let inside: Vec<usize> = (0..n).filter(|&i| doc.sentences[i].start < qe && doc.sentences[i].end > qs).collect();
        let (Some(&first), Some(&last)) = (inside.first(), inside.last()) else { continue };
        let Some(sp) = infos[last].speaker.clone().or_else(|| infos[first].speaker.clone()) else { continue };
        for i in inside {
            if infos[i].speaker.is_none() {
                infos[i].speaker = Some(sp.clone());
            }
        }
    }
    if debug() {
        for (i, info) in infos.iter().enumerate() {
            eprintln!("[{}] p{} countries={:?} speaker={:?} | {}", i, doc.sentences[i].paragraph, info.countries, info.speaker, doc.sentence_text(&doc.sentences[i]).chars().take(90).collect::<String>());
        }
    }
    let focus_country = focus(mentions);
    // pair → (sentence indexes)
    let mut pairs: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let mut focus: Option<((String, String), usize)> = None;
    for i in 0..n {
        let info = &infos[i];
        let mut parties = info.countries.clone();
        if let Some(sp) = &info.speaker {
            parties.insert(sp.clone());
        }
        // (only read when no pair is found otherwise: lower-casing every sentence costs)
        let carries = || {
            let text_lower = doc.sentence_text(&doc.sentences[i]).to_lowercase();
            CARRY.iter().any(|c| text_lower.contains(c))
        };
        let mut found_here = Vec::new();
        let enumeration = info.countries.len() > MAX_PARTIES || is_table_row(&info.words);
        if is_freight_report(&info.words) {
            // a ship's route is the freight market's business, not the two states'
        } else if parties.len() >= 2 && enumeration {
            // Only a speaker, or a first-named country whose flows the list breaks down
            // ("Japan's sugar imports … Australia 550,000, Thailand 400,000"), pairs with
            // the enumerated countries.
            let hub = info
                .speaker
                .clone()
                .filter(|sp| !info.countries.contains(sp))
                .or_else(|| flow_hub(doc, &by_sentence[i], &info.words, focus_country.as_deref()));
            if let Some(h) = &hub {
                for c in parties.iter().filter(|c| *c != h) {
                    let key = if c < h { (c.clone(), h.clone()) } else { (h.clone(), c.clone()) };
                    found_here.push(key);
                }
            }
        } else if parties.len() >= 2 {
            let listed = listed_together(doc, &by_sentence[i], &info.words);
            let closed = closed_pair(doc, &by_sentence[i]);
            let made = made_partners(doc, &by_sentence[i]);
            let v: Vec<&String> = parties.iter().collect();
            for a in 0..v.len() {
                for b in a + 1..v.len() {
                    let key = (v[a].clone(), v[b].clone());
                    if listed.contains(&key) && closed.as_ref() != Some(&key) {
                        continue;
                    }
                    // a maker's country pairs only with the state that has its product
                    let maker_ok = |x: &String, y: &String| made.get(x).is_none_or(|p| p.as_ref() == Some(y));
                    if !maker_ok(&key.0, &key.1) || !maker_ok(&key.1, &key.0) {
                        continue;
                    }
                    if let Some(c) = &closed {
                        let touches = |x: &String| *x == c.0 || *x == c.1;
                        let speaker = |x: &String| info.speaker.as_ref() == Some(x);
                        if key != *c && (touches(&key.0) || touches(&key.1)) && !speaker(&key.0) && !speaker(&key.1) {
                            continue;
                        }
                    }
                    found_here.push(key);
                }
            }
        } else if carries() {
            if let Some((pair, at)) = &focus {
                if i - at <= CARRY_REACH && (parties.is_empty() || parties.contains(&pair.0) || parties.contains(&pair.1)) {
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
        // Destinations of the story's own flows with no partner named in the sentence
        // ("… 59,500 tonnes of wheat for China, 53,000 for the Soviet Union"): the
        // story's country ships them.
        if found_here.is_empty() && !info.countries.is_empty() && info.speaker.is_none() && !is_freight_report(&info.words) {
            if let Some(f) = focus_country.as_ref().filter(|f| !info.countries.contains(*f)) {
                if has_flow(&info.words) && by_sentence[i].iter().all(|m| flow_object(doc, m)) {
                    for c in &info.countries {
                        found_here.push(if c < f { (c.clone(), f.clone()) } else { (f.clone(), c.clone()) });
                    }
                }
            }
        }
        for key in found_here {
            focus = Some((key.clone(), i));
            pairs.entry(key).or_default().push(i);
        }
    }

    for idx in pairs.values() {
        for &i in idx {
            if infos[i].tone.is_none() {
                infos[i].tone = Some(tone.score_words(&infos[i].words));
            }
        }
    }
    let mut out = Vec::new();
    for ((a, b), idx) in pairs {
        let sentiment = pair_tone(&a, &b, &idx, &infos, tone, stance);
        let mask = idx.iter().fold(0u32, |m, &i| m | infos[i].sectors);
        let mut sector_names = sectors::names(mask);
        let mut sector_evidence: Vec<String> = sector_names
            .iter()
            .map(|name| {
                let bit = 1u32 << crate::lexicon::SECTORS.iter().position(|x| x == name).unwrap_or(0);
                let i = idx.iter().copied().find(|&i| infos[i].sectors & bit != 0).unwrap_or(idx[0]);
                collapse(doc.sentence_text(&doc.sentences[i]))
            })
            .collect();
        if sector_names.is_empty() {
            sector_names.push("general".into());
            sector_evidence.push(collapse(doc.sentence_text(&doc.sentences[idx[0]])));
        }
        let evidence = idx
            .iter()
            .take(3)
            .map(|&i| collapse(doc.sentence_text(&doc.sentences[i])))
            .collect::<Vec<_>>()
            .join(" … ");
        out.push(Relation { country_a: a, country_b: b, sectors: sector_names, sector_evidence, sentiment, evidence });
    }
    out
}

/// The pair's tone: the mean of its sentences' tones, clamped to -1 … 1, then set by
/// what the states do to each other (`stance`). In a sentence that also names a third
/// country, the words nearer that country than to either partner count for little and
/// VADER's whole-sentence view is left out. A hostile act between the two anywhere in
/// the story makes the pair negative however polite the wording ("urged … sanctions
/// against Japan"); one state shielding the other makes it positive even amid a third
/// party's attacks ("escorting Kuwaiti tankers past Iranian missile batteries"); a
/// hostile act being lifted or averted leaves no negative tone ("may lift sanctions").
fn pair_tone(a: &str, b: &str, idx: &[usize], infos: &[SentenceInfo], tone: &ToneModel, stance: &StanceModel) -> f64 {
    if idx.is_empty() {
        return 0.0;
    }
    let mut sum = 0.0;
    let (mut hostile_n, mut protect_any) = (0usize, false);
    for &i in idx {
        let info = &infos[i];
        let third: Vec<usize> = info.at.iter().filter(|(_, c)| c != a && c != b).map(|(p, _)| *p).collect();
        let own: Vec<usize> = info.at.iter().filter(|(_, c)| c == a || c == b).map(|(p, _)| *p).collect();
        let own_a: Vec<usize> = info.at.iter().filter(|(_, c)| c == a).map(|(p, _)| *p).collect();
        let own_b: Vec<usize> = info.at.iter().filter(|(_, c)| c == b).map(|(p, _)| *p).collect();
        let dist = |ps: &[usize], p: usize| ps.iter().map(|q| q.abs_diff(p)).min().unwrap_or(usize::MAX);
        let ours = |p: usize| dist(&own, p) <= dist(&third, p);
        let cues = info.stance.get_or_init(|| stance.cues(&info.words));
        let between = |p: usize| third.is_empty() || acts_between(&info.words, &info.at, &info.at_end, p, a, b, info.speaker.as_deref());
        let hostile = cues.iter().any(|&(p, k)| k == Stance::Hostile && between(p));
        let undone = cues.iter().any(|&(p, k)| k == Stance::Undo && between(p));
        let cooperate = cues.iter().any(|&(p, k)| k == Stance::Cooperate && between(p));
        let protect = cues.iter().any(|&(p, k)| k == Stance::Protect && ours(p) && shields(&info.words, p, &own_a, &own_b));
        let mut t = if third.is_empty() {
            info.tone.unwrap_or(0.0)
        } else {
            let hits = info.hits.get_or_init(|| tone.lexicon_hits(&info.words));
            let total: f64 = hits.iter().map(|(p, w)| if dist(&third, *p) < dist(&own, *p) { w * 0.25 } else { *w }).sum();
            super::tone::blend(0.0, total)
        };
        if protect {
            protect_any = true;
            t = t.max(PROTECT_TONE);
        } else if hostile {
            hostile_n += 1;
            t = t.min(HOSTILE_TONE);
        } else if cooperate {
            t = t.max(COOP_TONE);
        } else if undone {
            t = t.max(0.0);
        }
        if debug() {
            eprintln!("  tone {a}-{b} [{i}] t={t:.3} hostile={hostile} protect={protect} undone={undone}");
        }
        sum += t;
    }
    let mean = (sum / idx.len() as f64).clamp(-1.0, 1.0);
    let hostile_any = hostile_n > 0;
    if hostile_any && !protect_any {
        mean.min(HOSTILE_TONE)
    } else if protect_any && !hostile_any {
        mean.max(PROTECT_TONE)
    } else {
        mean
    }
}

/// Whether a protect cue at `p` links the two states: a flag's owner stands at the cue
/// and the ship's state within a few words; a verb ("escort", "defend", "represents",
/// "armed by") has one state as its object right after it and the other within
/// `PROTECT_REACH` words before ("the U.S. offered warships to escort Kuwaiti tankers").
/// Protecting "its industry" links no one.
fn shields(w: &[Word], p: usize, own_a: &[usize], own_b: &[usize]) -> bool {
    let near = |ps: &[usize], reach: usize| ps.iter().any(|&q| q.abs_diff(p) <= reach);
    if StanceModel::is_flag(w, p) {
        return near(own_a, FLAG_REACH) && near(own_b, FLAG_REACH);
    }
    let object = |ps: &[usize]| ps.iter().any(|&q| q > p && q - p <= 3);
    let subject = |ps: &[usize]| ps.iter().any(|&q| q < p && p - q <= PROTECT_REACH);
    (object(own_a) && subject(own_b)) || (object(own_b) && subject(own_a))
}

/// Whether an act named at word `p` passes between `a` and `b` in a sentence that also
/// names a third state: the nearest states named before and after the act are the two
/// ("the U.S. attack on two Iranian oil platforms" is USA–IRN, not USA–KWT later in the
/// sentence), "between" reaches the next two ("the war between Iran and Iraq"), and a
/// speaker stands in for a side that names no state ("urged sanctions against Japan").
fn acts_between(w: &[Word], at: &[(usize, String)], at_end: &[usize], p: usize, a: &str, b: &str, speaker: Option<&str>) -> bool {
    let before = at.iter().filter(|(q, _)| *q <= p).max_by_key(|(q, _)| *q).map(|(_, c)| c.as_str());
    let mut after: Vec<(usize, usize, &str)> =
        at.iter().zip(at_end).filter(|((q, _), _)| *q > p).map(|((q, c), e)| (*q, *e, c.as_str())).collect();
    after.sort_by_key(|&(q, _, _)| q);
    let between_follows = w.iter().skip(p + 1).take(3).any(|x| x.text == "between");
    let mut sides: Vec<&str> = Vec::new();
    if between_follows {
        sides.extend(after.iter().take(2).map(|&(_, _, c)| c));
    } else {
        sides.extend(before.or(speaker));
        // the first state after the cue, and the states listed with it ("sanctions on
        // Iran, Syria and North Korea")
        let mut end = None;
        for &(q, e, c) in &after {
            let listed = end.is_none_or(|last: usize| last <= q && q - last <= 2 && w[last..q].iter().all(|x| LIST_GLUE.contains(&x.text.as_str())));
            if !listed {
                break;
            }
            sides.push(c);
            end = Some(e);
        }
    }
    sides.contains(&a) && sides.contains(&b)
}

/// Words that may stand between two listed states (commas are not words).
const LIST_GLUE: &[&str] = &["and", "or", "the", "as", "well"];

/// Whether `BILAT_DEBUG` asks for the pairing's working on stderr.
fn debug() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BILAT_DEBUG").is_some())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte spans of quotations, paragraph by paragraph (an unclosed quote ends with its
/// paragraph). Straight quotes toggle; curly and guillemet quotes open and close.
fn quote_spans(doc: &Document) -> Vec<(usize, usize)> {
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
        for (k, c) in doc.text[start..end].char_indices() {
            let at = start + k;
            match (c, open) {
                ('"', None) | ('“', None) | ('«', None) => open = Some(at),
                ('"', Some(o)) | ('”', Some(o)) | ('»', Some(o)) => {
                    spans.push((o, at + 1));
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
enum Attribution {
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
fn find_speaker(offset: usize, ms: &[&Mention], w: &[Word]) -> Option<Attribution> {
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

/// The country the story is about: the most mentioned (the dateline place counts once),
/// when it stands out (at least three mentions and more than any other).
fn focus(mentions: &[Mention]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for m in mentions {
        // a headline mention says most about what the story is about
        let weight = if m.sentence == 0 { 3 } else { 1 };
        *counts.entry(m.iso3.as_str()).or_default() += weight;
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    match v.as_slice() {
        [(c, n), rest @ ..] if *n >= 3 && rest.first().is_none_or(|(_, m)| m < n) => Some((*c).to_owned()),
        _ => None,
    }
}

/// Words of goods moving: a sentence with one of these is about a flow.
fn has_flow(w: &[Word]) -> bool {
    w.iter().any(|x| {
        FLOW_NOUNS.contains(&x.text.as_str())
            || matches!(x.text.as_str(), "tonnes" | "loaded" | "shipped" | "sold" | "bought" | "exported" | "imported" | "cargoes" | "cargo")
    })
}

/// A mention that is the destination or origin of goods ("for China", "to Jordan",
/// "from Brazil"), not an actor.
fn flow_object(doc: &Document, m: &Mention) -> bool {
    matches!(word_before(&doc.text, m.start, true), "for" | "to" | "from" | "into")
}

/// Nouns of a flow of goods or money that a list of countries may break down.
const FLOW_NOUNS: &[&str] = &[
    "imports", "exports", "purchases", "sales", "supplies", "shipments", "deliveries",
    "suppliers", "buyers", "customers", "destinations", "markets", "import", "export",
];

/// The first country of a sentence when a flow noun follows it closely ("Japan's total
/// sugar imports", "U.S. exports").
fn flow_hub(doc: &Document, ms: &[&Mention], w: &[Word], focus: Option<&str>) -> Option<String> {
    if !w.iter().any(|x| FLOW_NOUNS.contains(&x.text.as_str())) {
        return None;
    }
    let first = ms.first()?;
    if let Some(h) = first_flow(doc, first, w) {
        return Some(h);
    }
    // "suppliers of oil to the United States", "imports from Brazil"
    for m in ms {
        if matches!(word_before(&doc.text, m.start, true), "to" | "from" | "into") {
            return Some(m.iso3.clone());
        }
    }
    // "Main destinations were Saudi Arabia …, Italy …": the flows of the story's subject.
    focus.filter(|f| !ms.iter().any(|m| m.iso3 == *f)).map(str::to_owned)
}

fn first_flow(doc: &Document, first: &Mention, w: &[Word]) -> Option<String> {
    let start = doc.sentences.get(first.sentence)?.start;
    let rel_end = first.end - start;
    let k = w.iter().position(|x| x.start >= rel_end)?;
    w[k..w.len().min(k + 4)]
        .iter()
        .any(|x| FLOW_NOUNS.contains(&x.text.as_str()))
        .then(|| first.iso3.clone())
}

/// A sentence that is mostly figures (a statistics table flattened into text).
/// Words of the freight market's reports ("a 14,000 tonner from Indonesia to the U.S.
/// Gulf at 2,800 dlrs daily"): their sentences name routes, not relations.
const FREIGHT: &[&str] = &["tonner", "tonners", "timecharter", "timecharters", "time-charter", "fixture", "fixtures", "dwt", "worldscale"];

fn is_freight_report(w: &[Word]) -> bool {
    w.iter().any(|x| FREIGHT.contains(&x.text.as_str()))
}

/// Countries named in a sentence only as a product's maker ("Chinese-made missiles"),
/// each with the state named nearest to it otherwise, which has the product ("Iran has
/// new Chinese-made missiles"): the maker relates to that state, not to a speaker
/// reporting it.
fn made_partners(doc: &Document, ms: &[&Mention]) -> BTreeMap<String, Option<String>> {
    const MADE: &[&str] = &["-made", "-built", "-designed", "-supplied", "-manufactured", "-produced"];
    let is_made = |m: &Mention| {
        let after = doc.text.as_bytes().get(m.end..).unwrap_or(&[]);
        MADE.iter().any(|x| after.len() >= x.len() && after[..x.len()].eq_ignore_ascii_case(x.as_bytes()))
    };
    let mut out = BTreeMap::new();
    for m in ms.iter().filter(|m| is_made(m)) {
        if ms.iter().any(|o| o.iso3 == m.iso3 && !is_made(o)) {
            continue;
        }
        let nearest = ms
            .iter()
            .filter(|o| o.iso3 != m.iso3 && !is_made(o))
            .min_by_key(|o| if o.start > m.start { o.start - m.end } else { m.start.saturating_sub(o.end) })
            .map(|o| o.iso3.clone());
        out.insert(m.iso3.clone(), nearest);
    }
    out
}

fn is_table_row(w: &[Word]) -> bool {
    let digits = w.iter().filter(|x| x.text.starts_with(|c: char| c.is_ascii_digit())).count();
    w.len() >= 8 && digits * 3 >= w.len()
}

/// A country word used for a currency, a ship's flag or a price level.
fn attribute_only(doc: &Document, m: &Mention) -> bool {
    let after = &doc.text[m.end..];
    let after = after.strip_prefix('-').unwrap_or(after).trim_start();
    let next: String = after.chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    if m.kind == MentionKind::Capital && EVENT_NOUNS.contains(&next.as_str()) {
        return true; // "the Paris accord", "the Louvre agreement": an event named after a city
    }
    if NOT_PARTY_AFTER.contains(&next.as_str()) {
        return true;
    }
    // a tournament named after the country: "the Qatar Open", "the French Open"
    if after.starts_with("Open") && !after[4..].starts_with(|c: char| c.is_alphanumeric()) {
        return true;
    }
    // coordinated before one such noun: "Canadian and Australian dollars"
    if m.kind == MentionKind::Demonym && matches!(next.as_str(), "and" | "or") {
        let mut rest = after[next.len()..].split_whitespace();
        let other = rest.next().unwrap_or("");
        let noun: String = rest.next().unwrap_or("").chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        return other.starts_with(|c: char| c.is_uppercase()) && NOT_PARTY_AFTER.contains(&noun.as_str());
    }
    false
}

/// Nouns that a capital's name can label as the place of an event.
const EVENT_NOUNS: &[&str] = &[
    "accord", "accords", "agreement", "club", "summit", "round", "process", "declaration",
    "protocol", "convention", "consensus", "conference", "communique", "meeting", "talks",
];

/// A capital right after "in"/"at" is where something happened, not who acted.
/// "near Svalbard", "off Norway" is a location for any kind of mention, and so is a
/// visited place ("Yeutter, in New Zealand for talks, said"). A country after "than",
/// "compared with", "such as", "behind" … is a yardstick or an example ("more
/// competitive than the U.S.", "countries such as France"), not a party.
/// Words before "in"/"at" that make the country after it a venue, not a party.
const VENUE: &[&str] = &[
    "summit", "talks", "meeting", "meetings", "conference", "forum", "held", "trained", "born",
    "educated", "studied", "holiday", "holidays", "vacation", "speech", "rally", "gathered",
    "convened", "hosted", "exhibition", "championship", "championships", "tournament",
    "festival", "ceremony", "games",
];

fn location_only(doc: &Document, m: &Mention) -> bool {
    let before = doc.text[..m.start].trim_end();
    let before_nt = before.strip_suffix("the").unwrap_or(before).trim_end();
    let prev = word_before(&doc.text, m.start, false);
    let prev_nt = word_before(&doc.text, m.start, true);
    if matches!(prev_nt, "near" | "off" | "outside" | "Near" | "Off" | "Outside") || prev_nt == "than" {
        return true;
    }
    const YARDSTICK: &[&str] = &["compared with", "compared to", "behind", "ahead of", "as in", "unlike", "similar to", "than in"];
    if YARDSTICK.iter().any(|y| before_nt.ends_with(y)) || ranked_after(before) {
        return true;
    }
    // "120 miles east of Bahrain", "off the coast of Angola"
    const WHERE_OF: &[&str] = &["east of", "west of", "north of", "south of", "coast of", "northeast of", "northwest of", "southeast of", "southwest of", "outskirts of"];
    if WHERE_OF.iter().any(|w| before_nt.ends_with(w)) {
        return true;
    }
    let next: String = doc.text[m.end..].trim_start().chars().take_while(|c| c.is_alphanumeric()).collect();
    if prev == "in" && next == "for" {
        return true;
    }
    // a venue: "a summit in Switzerland", "trained in Britain"
    // ("in the United States", "at the White House" alike)
    let before_in = before_nt.strip_suffix("in").or_else(|| before_nt.strip_suffix("at")).map(|b| word_before(b, b.len(), false));
    if matches!(prev_nt, "in" | "at") && before_in.is_some_and(|b| VENUE.contains(&b.to_lowercase().as_str())) {
        return true;
    }
    if m.kind == MentionKind::Capital && before_in.is_some_and(|b| RULERS.contains(&b.to_lowercase().as_str())) {
        return false; // "the authorities in Ouagadougou", "the government in Kabul" are the state
    }
    m.kind == MentionKind::Capital && matches!(prev_nt, "in" | "at" | "In" | "At")
}

/// Words before "in" that make the capital after it the government seated there, not a
/// place ("the authorities in Ouagadougou expelled French troops").
const RULERS: &[&str] = &[
    "authorities", "government", "leadership", "regime", "rulers", "junta", "administration",
    "officials", "leaders", "policymakers", "hardliners",
];

/// Words of rank that make "after" a yardstick ("the third largest shareholder after the
/// United States and Japan", "the biggest market after China").
const RANKS: &[&str] = &[
    "largest", "biggest", "second", "third", "fourth", "fifth", "most", "top", "highest",
    "lowest", "greatest", "leading", "ranked",
];

/// Whether the text before a mention ends in "<rank word> … after" followed only by other
/// names of a list ("… largest shareholder after the United States and" before "Japan").
fn ranked_after(before: &str) -> bool {
    let mut words = before.rsplit(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
    for _ in 0..8 {
        let Some(w) = words.next() else { return false };
        if w == "after" {
            return words.take(6).any(|x| RANKS.contains(&x.to_lowercase().as_str()));
        }
        let listed = matches!(w, "and" | "or" | "the") || w.starts_with(|c: char| c.is_uppercase());
        if !listed {
            return false;
        }
    }
    false
}

/// Nouns after a compound of two countries that make it one relation ("the Iran-Iraq
/// war", "a U.S.-Japan pact").
const COMPOUND_NOUNS: &[&str] = &[
    "war", "conflict", "dispute", "border", "talks", "relations", "ties", "trade", "pact",
    "accord", "agreement", "treaty", "summit", "deal", "row", "tensions", "negotiations",
];

/// A pair the sentence names as one relation — "between A and B", "the A-B war" — whose
/// members are then not paired with the sentence's other countries (a speaker aside):
/// "Washington should join Moscow in ending the war between Iran and Iraq".
fn closed_pair(doc: &Document, ms: &[&Mention]) -> Option<(String, String)> {
    for w in ms.windows(2) {
        let (x, y) = (w[0], w[1]);
        if x.iso3 == y.iso3 || y.start < x.end {
            continue;
        }
        let between = doc.text[x.end..y.start].trim();
        let before = doc.text[..x.start].trim_end();
        let before = before.strip_suffix("the").unwrap_or(before).trim_end();
        let after: String = doc.text[y.end..].trim_start().chars().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        let is_between = between == "and" && before.ends_with("between");
        let is_compound = matches!(between, "-" | "/" | "–") && COMPOUND_NOUNS.contains(&after.as_str());
        if is_between || is_compound {
            let (a, b) = if x.iso3 < y.iso3 { (&x.iso3, &y.iso3) } else { (&y.iso3, &x.iso3) };
            return Some((a.clone(), b.clone()));
        }
    }
    None
}

/// Words that make two coordinated countries ("A and B signed …") parties to each other.
const STRONG_RECIPROCAL: &[&str] = &[
    "between", "bilateral", "signed", "sign", "agreed", "talks", "relations", "ties", "met",
    "summit", "treaty", "accord", "pact", "jointly", "each", "dispute", "war", "negotiations",
    "mutual", "partnership", "deal", "border", "tensions", "visit", "normalize", "normalise",
    "exchanged",
];

/// Whether a speech verb follows a mention within three words ("…, Putin said", "…, the
/// Russian leader said"): a speaker clause, not the next item of a list.
fn says(doc: &Document, m: &Mention) -> bool {
    let mut end = doc.text.len().min(m.end + 60);
    while !doc.text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = doc.text.get(m.end..end).unwrap_or("");
    // the mention heads the clause: no comma between it and the verb ("Burkina Faso,
    // Putin said" ends a list with Burkina Faso; Putin is the speaker)
    words(rest).iter().take(3).find(|w| SPEECH_VERB_SET.contains(&w.text.as_str())).is_some_and(|v| !rest[..v.start].contains([',', ';']))
}

/// Word beginnings that make two coordinated countries parties to each other
/// ("Russia and Vietnam intend to expand cooperation").
const RECIPROCAL_STEMS: &[&str] = &["cooperat", "co-operat", "collaborat", "partner", "allian", "allies", "meet"];

/// Words that make two coordinated states act on each other even with a third named.
const MUTUAL: &[&str] = &["between", "bilateral", "each", "mutual", "jointly", "joint"];

/// Words that make a list of three or four states a gathering of them all.
const GATHERING: &[&str] = &[
    "met", "meet", "meets", "meeting", "summit", "talks", "alliance", "signed", "agreed", "treaty",
    "accord", "pact", "jointly", "trilateral", "quadrilateral", "each",
];

/// Regions that may stand inside a list of states without ending it ("the U.S., Canada,
/// Europe and Australia"), longest first.
const LIST_REGIONS: &[&str] = &[
    "western europe", "eastern europe", "southeast asia", "latin america", "south america",
    "north america", "central america", "the middle east", "middle east", "the far east",
    "far east", "the caribbean", "scandinavia", "europe", "asia", "africa",
];

/// The words between two listed mentions with any region names taken out, commas and
/// spaces tidied (", europe and" reads ", and").
fn without_regions(between: &str) -> String {
    if !LIST_REGIONS.iter().any(|r| between.contains(r)) {
        return between.to_owned();
    }
    let mut s = between.to_owned();
    for r in LIST_REGIONS {
        s = s.replace(r, " ");
    }
    let mut s = s.split_whitespace().collect::<Vec<_>>().join(" ").replace(" ,", ",");
    while s.contains(",,") {
        s = s.replace(",,", ",");
    }
    s.trim().to_owned()
}

/// `s` without leading capitalised names: what separates two country-led firms in a
/// list ("Dassault, " in "France's Dassault, Sweden's Saab").
fn skip_names(s: &str) -> &str {
    let mut rest = s;
    for _ in 0..3 {
        let word_end = rest.find(|c: char| c.is_whitespace() || c == ',').unwrap_or(rest.len());
        if word_end == 0 || !rest.starts_with(|c: char| c.is_uppercase()) {
            break;
        }
        rest = rest[word_end..].trim_start();
    }
    rest
}

/// Words after a country word that make it a currency, a flag or a price, not a party
/// ("the Canadian dollar", "a Liberian flag tanker", "Ecuador-level output").
const NOT_PARTY_AFTER: &[&str] = &[
    "dollar", "dollars", "dlr", "dlrs", "pound", "pounds", "sterling", "franc", "francs", "mark",
    "marks", "yen", "lira", "lire", "peseta", "pesetas", "guilder", "guilders", "crown", "crowns",
    "krona", "krone", "rand", "peso", "pesos", "rouble", "roubles", "ruble", "rubles", "yuan",
    "rupee", "rupees", "dinar", "dinars", "riyal", "riyals", "escudo", "escudos", "schilling",
    "schillings", "drachma", "drachmas", "won", "ringgit", "baht", "flag", "registered", "level", "style", "bond", "bonds", "treasury", "treasuries",
    "stock", "stocks", "shares", "equities", "futures", "cents", "cent", "currency", "based",
    "owned", "listed", "born",
];

/// More distinct countries than this in one sentence (speaker aside) is an enumeration
/// or a table row: its countries are not paired with each other.
const MAX_PARTIES: usize = 4;

/// Pairs of countries that stand only in a coordinated list ("Japan, South Korea and
/// Taiwan bought …"). Every two members of a list of three or more are excluded; two
/// coordinated countries are excluded unless the sentence has a word of a relation
/// between them ("Jordan and Israel signed …", "talks between A and B").
fn listed_together(doc: &Document, ms: &[&Mention], w: &[Word]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let strong = w.iter().any(|x| STRONG_RECIPROCAL.contains(&x.text.as_str()) || RECIPROCAL_STEMS.iter().any(|p| x.text.starts_with(p)));
    // a meeting or alliance of three or four named states joins them all ("The US, Russia
    // and Switzerland met"), unless the list acts on another state named beside it
    let gathering = w.iter().any(|x| GATHERING.contains(&x.text.as_str()));
    let all: BTreeSet<&str> = ms.iter().filter(|m| !location_only(doc, m)).map(|m| m.iso3.as_str()).collect();
    let mutual = w.iter().any(|x| MUTUAL.contains(&x.text.as_str()));
    let mut groups: Vec<Vec<&Mention>> = Vec::new();
    for m in ms {
        let joined = groups.last().and_then(|g| g.last()).is_some_and(|prev: &&Mention| {
            if m.start < prev.end || says(doc, m) {
                return false;
            }
            let between = doc.text[prev.end..m.start].trim();
            // Reuters capitalises after "U.S." ("the U.S. And Australia")
            let between = between.trim_start_matches(['\'', '’']).trim_start_matches('s').trim();
            // firms by country form a list too: "France's Dassault, Sweden's Saab and …"
            let between = if doc.text[prev.end..m.start].trim_start().starts_with(['\'', '’']) { skip_names(between) } else { between };
            let between = without_regions(&between.to_lowercase());
            prev.iso3 == m.iso3
                || matches!(
                    between.as_str(),
                    "," | "and" | "or" | ", and" | "and the" | ", and the" | "&" | "as well as" | "nor"
                        | "and to" | "and in" | ", or" | "/" | "-" | ", the" | "or the" | "and from"
                        | ", to" | ", in" | ", from" | ", as well as" | "and neighbouring" | "and neighboring"
                        | ", neighbouring" | ", neighboring" | "and fellow" | ", and neighbouring"
                )
        });
        if joined {
            if let Some(g) = groups.last_mut() {
                g.push(m);
            }
        } else {
            groups.push(vec![m]);
        }
    }
    // Parallel destinations, origins, agents: "… wheat to Jordan, soybean meal to Iraq",
    // "purchases by Japan and by South Korea".
    let prep = |m: &Mention| -> Option<&'static str> {
        let prev = word_before(&doc.text, m.start, true);
        // a visit's destinations are parallel like "to" ("Before visiting Israel, he made a
        // visit to Iraq")
        let prev = if matches!(prev, "visiting" | "visited" | "visit" | "visits") { "to" } else { prev };
        ["to", "from", "for", "into", "by", "with", "against", "in"].into_iter().find(|p| *p == prev)
    };
    // a preposition before a list covers every member: "in Argentina, Australia and Canada"
    let mut preps: Vec<(&str, &'static str)> = Vec::new();
    for g in &groups {
        // (a pair of coordinated countries that the sentence relates keeps its pairing:
        // "hit by Iran and Iraq in the tanker war")
        let distinct: BTreeSet<&str> = g.iter().map(|m| m.iso3.as_str()).collect();
        let lead = if distinct.len() == 2 && strong { None } else { g.first().and_then(|m| prep(m)) };
        for m in g {
            if let Some(p) = prep(m).or(lead) {
                preps.push((m.iso3.as_str(), p));
            }
        }
    }
    for (i, (a, pa)) in preps.iter().enumerate() {
        for (b, pb) in &preps[i + 1..] {
            if pa == pb && a != b {
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                out.insert(((*x).to_owned(), (*y).to_owned()));
            }
        }
    }
    for g in groups {
        let isos: BTreeSet<&str> = g.iter().map(|m| m.iso3.as_str()).collect();
        // with another state named beside the two, only words that say the two act on
        // each other pair them ("a dispute over U.S. access to the markets of Spain and
        // Portugal" is the U.S. against both)
        let alone = all.iter().all(|c| isos.contains(c));
        if isos.len() < 2 || (isos.len() == 2 && strong && (alone || mutual)) {
            continue;
        }
        if gathering && isos.len() <= MAX_PARTIES && all.iter().all(|c| isos.contains(c)) {
            continue;
        }
        let v: Vec<&str> = isos.into_iter().collect();
        for a in 0..v.len() {
            for b in a + 1..v.len() {
                out.insert((v[a].to_owned(), v[b].to_owned()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::Extractor;
    use crate::lexicon::Lexicons;
    use crate::model::Article;
    use chrono::NaiveDate;
    use std::sync::LazyLock;

    static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(&Lexicons::embedded().expect("lexicons")).expect("extractor"));

    /// (pair, label) of each relation in `body`, label -1/0/1 by the output threshold.
    fn pairs(body: &str) -> Vec<(String, i8)> {
        let doc = crate::parse::parse(
            Article { id: "t".into(), title: String::new(), body: body.into(), ..Default::default() },
            NaiveDate::from_ymd_opt(2024, 3, 14).expect("date"),
        );
        EX.extract(&doc)
            .relations
            .into_iter()
            .map(|r| {
                let label = if r.sentiment >= super::LABEL_THRESHOLD { 1 } else if r.sentiment <= -super::LABEL_THRESHOLD { -1 } else { 0 };
                (format!("{}-{}", r.country_a, r.country_b), label)
            })
            .collect()
    }

    fn names(body: &str) -> Vec<String> {
        pairs(body).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn coordinated_states_that_cooperate_or_meet_are_partners() {
        assert_eq!(names("Russia and Vietnam intend to expand cooperation in energy."), vec!["RUS-VNM"]);
        assert_eq!(names("The United States, Russia and Switzerland met in Geneva on Monday."), vec!["CHE-RUS", "CHE-USA", "RUS-USA"]);
        // a list that only shares a market is no relation
        assert!(names("Wheat prices fell in Argentina, Australia and Canada.").is_empty());
        // two coordinated states acting on a third are not partners of each other
        assert_eq!(names("A dispute over U.S. access to the grain markets of Spain and Portugal grew."), vec!["ESP-USA", "PRT-USA"]);
    }

    #[test]
    fn routes_makers_and_venues_are_not_parties() {
        assert!(names("Other fixing included a 14,000 tonner from Indonesia to Japan at 2,800 dlrs daily.").is_empty());
        assert_eq!(names("U.S. officials said Iran has new Chinese-made missiles."), vec!["CHN-IRN", "IRN-USA"]);
        assert_eq!(names("Egypt and Israel signed the accord at a summit in Switzerland."), vec!["EGY-ISR"]);
        // a capital after "in" is a place, unless it names the government seated there
        assert!(names("French troops held exercises in Ouagadougou last week.").is_empty());
        assert_eq!(names("The authorities in Ouagadougou expelled French troops."), vec!["BFA-FRA"]);
        // "at the White House" is a venue like "at Camp David"
        assert_eq!(names("Armenia and Azerbaijan signed a peace agreement at the White House."), vec!["ARM-AZE"]);
        // nor is one the speaker: the embassy speaks for its state
        assert_eq!(names("Mali will receive wheat aid, the Russian embassy in Ouagadougou said."), vec!["MLI-RUS"]);
    }

    #[test]
    fn acts_between_the_two_set_the_tone() {
        assert_eq!(pairs("U.S. chipmakers urged the government to impose trade sanctions against Japan."), vec![("JPN-USA".into(), -1)]);
        assert_eq!(pairs("The U.S. Navy escorts Kuwaiti tankers flying the American flag past Iranian missile batteries.")
            .into_iter().find(|(p, _)| p == "KWT-USA"), Some(("KWT-USA".into(), 1)));
        // condemning sanctions against a partner sides with it
        assert_eq!(pairs("Moscow supports Caracas and condemns the illegitimate sanctions imposed against Venezuela, Putin said."), vec![("RUS-VEN".into(), 1)]);
        // an act on a list reaches every state listed
        assert_eq!(
            pairs("The United States imposed new sanctions on Iran, Syria and North Korea."),
            vec![("IRN-USA".into(), -1), ("PRK-USA".into(), -1), ("SYR-USA".into(), -1)]
        );
    }

    #[test]
    fn fighting_alongside_is_alliance_and_a_closed_border_is_hostile() {
        assert_eq!(pairs("North Korean troops are fighting alongside Russian forces."), vec![("PRK-RUS".into(), 1)]);
        assert_eq!(pairs("Poland closed its border with Belarus on Friday."), vec![("BLR-POL".into(), -1)]);
        // standing by an ally and writing off its debts are support, whatever the grim words
        assert_eq!(pairs("Mr Blair said Britain would stand by the US in the fight against terrorism."), vec![("GBR-USA".into(), 1)]);
        assert_eq!(pairs("The UK will write off debts owed by Mozambique."), vec![("GBR-MOZ".into(), 1)]);
    }

    #[test]
    fn a_region_inside_a_list_does_not_end_it() {
        assert!(names("It will sell in the U.S., Canada, the United Kingdom, Europe and Australia.").is_empty());
        assert_eq!(super::without_regions(", europe and"), ", and");
        assert_eq!(super::without_regions(", asia,"), ",");
    }

    #[test]
    fn currencies_and_neighbours_in_lists_are_not_parties() {
        assert!(names("Speculators saw U.S. and British central banks and moved into Canadian and Australian dollars.").iter().all(|p| !p.contains("CAN")));
        assert_eq!(names("Sweden said a trade boycott of South Africa and neighbouring Namibia would take effect."), vec!["NAM-SWE", "SWE-ZAF"]);
    }

    #[test]
    fn tournaments_birthplaces_and_yardsticks_are_not_parties() {
        assert!(names("Gael Monfils of France beat Gaston Gaudio in the first round of the Qatar Open.").is_empty());
        assert_eq!(names("India ordered the deportation of Iranian-born actress Negar Khan to Norway."), vec!["IND-NOR"]);
        assert!(names("British cash machine networks are smaller than in the US.").is_empty());
    }

    #[test]
    fn accusations_censure_and_failed_agreements() {
        // an accusation targets the accused, whatever act it names
        assert_eq!(pairs("Azerbaijan accused Armenia of shelling its positions."), vec![("ARM-AZE".into(), -1)]);
        assert_eq!(
            pairs("Pyongyang slammed the drills of Washington and Seoul."),
            vec![("KOR-PRK".into(), -1), ("PRK-USA".into(), -1)]
        );
        assert!(pairs("Egypt and Ethiopia failed to reach agreement on the dam.").iter().all(|(_, l)| *l < 1));
        // "near the Polish border" is a place
        assert_eq!(names("Belarus and Russia held joint military exercises near the Polish border."), vec!["BLR-RUS"]);
    }

    #[test]
    fn a_ranking_after_a_list_is_a_yardstick() {
        assert!(names("Peking is now the bank's third largest shareholder after the United States and Japan.").is_empty());
        assert_eq!(names("China signed a loan after talks with Japan."), vec!["CHN-JPN"]);
    }

    #[test]
    fn a_department_speaks_for_its_state() {
        assert_eq!(names("The U.S. Treasury said Taiwan and South Korea manipulate their currencies."), vec!["KOR-USA", "TWN-USA"]);
    }

    #[test]
    fn a_speaker_clause_after_a_list_does_not_split_it() {
        assert_eq!(names("Russia will supply grain to Mali, Niger and Burkina Faso, Putin said."), vec!["BFA-RUS", "MLI-RUS", "NER-RUS"]);
    }
}
