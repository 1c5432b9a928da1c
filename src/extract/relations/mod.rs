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

mod flows;
mod lists;
mod pair_tone;
mod places;
mod speaker;
use flows::*;
use lists::*;
use pair_tone::*;
use places::*;
use speaker::*;

/// How many sentences back "the two countries" may reach for its pair.
const CARRY_REACH: usize = 3;

/// Phrases that refer back to the pair in focus.
const CARRY: &[&str] = &["bilateral", "two countries", "both countries", "two sides", "both sides", "each other", "two nations", "both nations", "two governments", "both governments"];

/// Whether a sentence holds a `CARRY` phrase in any case. The same answer as
/// lower-casing the sentence and searching it for each phrase, without the copy and the
/// ten searches: the phrases are ASCII, and the only non-ASCII characters whose lower
/// case holds an ASCII letter are the Kelvin sign ("k", in no phrase) and the dotted
/// capital I ("i" and a combining dot, which no phrase has after an "i").
fn carries_pair(sentence: &str) -> bool {
    static CARRY_DFA: std::sync::LazyLock<Phrases> = std::sync::LazyLock::new(|| Phrases::new(CARRY));
    CARRY_DFA.in_text(sentence)
}

/// A few phrases, found anywhere in a text in any ASCII case: an Aho-Corasick DFA
/// stepped by hand, a lookup per byte. (The crate's own `is_match` runs the same DFA
/// through a general search loop at about twice the instructions per byte; it was 3% of
/// a run's, the two phrase sets asked of nearly every sentence of a story with a pair.)
struct Phrases {
    dfa: aho_corasick::dfa::DFA,
    /// The longest phrase's length in bytes.
    longest: usize,
}

impl Phrases {
    fn new(phrases: &[&str]) -> Self {
        let dfa = aho_corasick::dfa::DFA::builder().ascii_case_insensitive(true).build(phrases).expect("fixed phrases");
        Phrases { dfa, longest: phrases.iter().map(|p| p.len()).max().unwrap_or(0) }
    }

    /// Whether any phrase occurs in `text`: what `AhoCorasick::is_match` answers. Each
    /// step waits for the one before (the next state is looked up from the current one),
    /// so the text is read as two halves side by side, two chains of lookups at once.
    /// The front half runs on past the middle by a phrase's length less one: a phrase
    /// that starts in it ends in it, and one that starts later lies in the back half.
    fn in_text(&self, text: &str) -> bool {
        use aho_corasick::automaton::Automaton;
        use aho_corasick::Anchored;
        let dfa = &self.dfa;
        let Ok(start) = dfa.start_state(Anchored::No) else { return false };
        let bytes = text.as_bytes();
        let mid = bytes.len() / 2;
        let front = &bytes[..(mid + self.longest.saturating_sub(1)).min(bytes.len())];
        let back = &bytes[mid..];
        let (mut f, mut k) = (start, start);
        for (&x, &y) in front.iter().zip(back) {
            f = dfa.next_state(Anchored::No, f, x);
            k = dfa.next_state(Anchored::No, k, y);
            if dfa.is_match(f) | dfa.is_match(k) {
                return true;
            }
        }
        let (mut sid, rest) = if front.len() > back.len() { (f, &front[back.len()..]) } else { (k, &back[front.len()..]) };
        for &b in rest {
            sid = dfa.next_state(Anchored::No, sid, b);
            if dfa.is_match(sid) {
                return true;
            }
        }
        false
    }
}

/// Tone at or above this is positive, at or below its negative is negative.
pub const LABEL_THRESHOLD: f64 = 0.15;

/// Per-sentence facts the pairing needs.
struct SentenceInfo<'d> {
    /// The sentence, tokenised on first use (`words`).
    text: &'d str,
    tokens: OnceCell<Vec<Word>>,
    /// `location_only` of each of the sentence's mentions, in order.
    located: Vec<bool>,
    countries: BTreeSet<String>,
    speaker: Option<String>,
    /// Scored only for sentences that carry a pair (the tone model is the costly part).
    tone: Option<f64>,
    /// (word index, country) of each counted mention, for pair-directed tone.
    at: Vec<(usize, String)>,
    /// The word index just past each mention of `at`, to read the words between two.
    at_end: Vec<usize>,
    /// Sector mask, read (like `tone`) only for sentences that carry a pair.
    sectors: u32,
    /// Stance cues, read once for the first pair that needs them (a sentence often
    /// carries several pairs).
    stance: OnceCell<Vec<(usize, Stance)>>,
    /// Tone-lexicon hits, read once for the first pair with a third country here.
    hits: OnceCell<Vec<(usize, f64)>>,
}

impl SentenceInfo<'_> {
    /// The sentence's words (tokenised here the first time they are asked for).
    fn words(&self) -> &[Word] {
        self.tokens.get_or_init(|| words(self.text))
    }
}

/// Whether a sentence may hold a speech verb as a word: false only when it is ASCII and
/// holds none of them in any case, even inside a word (a word equal to a verb once
/// lower-cased is the verb's letters in some case; beyond ASCII, lower-casing can make
/// ASCII letters, the Kelvin sign a "k", so such sentences are taken as maybe).
fn may_have_speech_verb(sentence: &str) -> bool {
    static VERBS: std::sync::LazyLock<Phrases> = std::sync::LazyLock::new(|| Phrases::new(SPEECH_VERBS));
    !sentence.is_ascii() || VERBS.in_text(sentence)
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
        let text = doc.sentence_text(s);
        let ms = &by_sentence[i];
        // A sentence that names no country and has no speech verb needs its words only
        // if a later rule reads them (most never do): it is tokenised then, if at all.
        let tokens = OnceCell::new();
        if !ms.is_empty() || may_have_speech_verb(text) {
            let _ = tokens.set(words(text));
        }
        let w: &[Word] = tokens.get().map_or(&[], Vec::as_slice);
        let speech = w.iter().any(|x| SPEECH_VERB_SET.contains(&x.text.as_str()));
        let mut speaker = None;
        if speech {
            speaker = match find_speaker(s.start, ms, w) {
                Some(Attribution::Country(c)) => Some(c),
                Some(Attribution::Pronoun) => current_speaker.clone(),
                None => None,
            };
            if speaker.is_some() {
                current_speaker = speaker.clone();
            }
        }
        // each mention's location test, read once (the list rules read it again)
        let located: Vec<bool> = ms.iter().map(|m| location_only(doc, m)).collect();
        let countries: BTreeSet<String> = ms
            .iter()
            .zip(&located)
            .filter(|(m, loc)| !**loc && !attribute_only(doc, m))
            .map(|(m, _)| m.iso3.clone())
            .collect();
        // attributes count here: a flag's owner ("the American flag") is one
        let placed: Vec<&&Mention> = ms.iter().zip(&located).filter(|(_, loc)| !**loc).map(|(m, _)| m).collect();
        let at = placed.iter().map(|m| (w.partition_point(|x| x.start < m.start - s.start), m.iso3.clone())).collect();
        let at_end = placed.iter().map(|m| w.partition_point(|x| x.start < m.end - s.start)).collect();
        infos.push(SentenceInfo {
            text,
            tokens,
            located,
            countries,
            speaker,
            tone: None,
            sectors: 0,
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
        // (only read when no pair is found otherwise)
        let carries = || carries_pair(doc.sentence_text(&doc.sentences[i]));
        let mut found_here = Vec::new();
        // (read only where the branch taken needs them, so that a sentence no rule
        // reads the words of is never tokenised)
        let enumeration = || info.countries.len() > MAX_PARTIES || is_table_row(info.words());
        let freight_cell = OnceCell::new();
        let freight = || *freight_cell.get_or_init(|| is_freight_report(info.words()));
        // A ship's route is the freight market's business, not the two states': a freight
        // report takes none of the branches below (tested in each after its own cheaper
        // conditions).
        if parties.len() >= 2 && freight() {
        } else if parties.len() >= 2 && enumeration() {
            // Only a speaker, or a first-named country whose flows the list breaks down
            // ("Japan's sugar imports … Australia 550,000, Thailand 400,000"), pairs with
            // the enumerated countries.
            let hub = info
                .speaker
                .clone()
                .filter(|sp| !info.countries.contains(sp))
                .or_else(|| flow_hub(doc, &by_sentence[i], info.words(), focus_country.as_deref()));
            if let Some(h) = &hub {
                for c in parties.iter().filter(|c| *c != h) {
                    let key = if c < h { (c.clone(), h.clone()) } else { (h.clone(), c.clone()) };
                    found_here.push(key);
                }
            }
        } else if parties.len() >= 2 {
            let listed = listed_together(doc, &by_sentence[i], &info.located, info.words());
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
                if i - at <= CARRY_REACH && (parties.is_empty() || parties.contains(&pair.0) || parties.contains(&pair.1)) && !freight() {
                    found_here.push(pair.clone());
                }
            }
        } else if let (Some(sp), Some((pair, at))) = (&info.speaker, &focus) {
            // A speaker's follow-up ("We advocate further cooperation …") stays on the pair.
            let cooperative = || info.words().iter().any(|w| w.text.starts_with("cooperat") || w.text == "relations" || w.text == "ties");
            if i - at <= 2 && parties.len() <= 1 && (pair.0 == *sp || pair.1 == *sp) && cooperative() && !freight() {
                found_here.push(pair.clone());
            }
        }
        // Destinations of the story's own flows with no partner named in the sentence
        // ("… 59,500 tonnes of wheat for China, 53,000 for the Soviet Union"): the
        // story's country ships them.
        if found_here.is_empty() && !info.countries.is_empty() && info.speaker.is_none() && !freight() {
            if let Some(f) = focus_country.as_ref().filter(|f| !info.countries.contains(*f)) {
                if has_flow(info.words()) && by_sentence[i].iter().all(|m| flow_object(doc, m)) {
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
                infos[i].tone = Some(tone.score_words(infos[i].words()));
                infos[i].sectors = sectors_model.mask(infos[i].words());
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

/// Whether `BILAT_DEBUG` asks for the pairing's working on stderr.
fn debug() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BILAT_DEBUG").is_some())
}

/// A sentence with its whitespace runs made single spaces and its ends trimmed (the
/// evidence columns): what joining `split_whitespace` with spaces gives. ASCII text,
/// nearly all, is copied in one byte loop; collecting the pieces and joining them cost
/// about 6,600 instructions a sentence, 2.4% of a run.
fn collapse(s: &str) -> String {
    if !s.is_ascii() {
        return s.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    // ASCII whitespace as `char::is_whitespace` has it: tab to carriage return, space
    let space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    // written by index into room for the whole sentence (the copy is never longer)
    let mut out = vec![0u8; s.len()];
    let mut n = 0;
    let mut gap = false;
    for &b in s.as_bytes() {
        if space(b) {
            gap = true;
            continue;
        }
        if gap && n > 0 {
            out[n] = b' ';
            n += 1;
        }
        gap = false;
        out[n] = b;
        n += 1;
    }
    out.truncate(n);
    // only ASCII bytes were copied
    String::from_utf8(out).unwrap_or_default()
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

/// More distinct countries than this in one sentence (speaker aside) is an enumeration
/// or a table row: its countries are not paired with each other.
const MAX_PARTIES: usize = 4;

#[cfg(test)]
mod tests {
    use crate::extract::Extractor;
    use crate::lexicon::Lexicons;
    use crate::model::Article;
    use chrono::NaiveDate;
    use std::sync::LazyLock;

    static EX: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(&Lexicons::embedded().expect("lexicons")).expect("extractor"));

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// The hand-stepped DFA answers what the crate's `is_match` answers, for the speech
        /// verbs and the carry phrases, in any case, inside words, across UTF-8.
        #[test]
        fn phrases_in_text_is_aho_corasick_is_match(
            s in "(said|SAYS|Told|according|stressed|Emphasised|two Countries|each other|bilateral|[a-zA-Z]{1,6}| |,|\\.|\u{e9}|\u{130}|\u{212a}){0,12}",
        ) {
            for phrases in [super::speaker::SPEECH_VERBS, super::CARRY] {
                let ac = aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(phrases).expect("phrases");
                proptest::prop_assert_eq!(super::Phrases::new(phrases).in_text(&s), ac.is_match(&s), "{:?}", s);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// The case-blind search finds a phrase exactly when the lower-cased copy holds one.
        #[test]
        fn carry_search_is_lower_case_search(
            s in "(BiLateral|bilateral|TWO countries|both Sides|each  other|each other|two nations|Two\u{130}|\u{130}|\u{212a}|\u{17f}|two|both|sides|governments|countries| |,|[a-zA-Z]{1,4}|\u{e9}){0,8}",
        ) {
            let lower = s.to_lowercase();
            proptest::prop_assert_eq!(super::carries_pair(&s), super::CARRY.iter().any(|c| lower.contains(c)), "{:?}", s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(3000))]
        /// The byte loop gives what joining the whitespace-split pieces gives.
        #[test]
        fn collapse_is_split_and_join(s in "[ \t\n\r\u{b}\u{c}a-zA-Z,.\u{a0}\u{e9}\u{2003}]{0,40}") {
            proptest::prop_assert_eq!(super::collapse(&s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{:?}", s);
        }
    }

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
        assert_eq!(super::without_regions(", europe and".to_owned()), ", and");
        assert_eq!(super::without_regions(", asia,".to_owned()), ",");
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
    fn leaders_who_talk_and_long_speaker_titles() {
        assert_eq!(names("Putin and Malaysian Prime Minister Anwar Ibrahim discussed trade and investment."), vec!["MYS-RUS"]);
        // firms and regions that discuss make no pair
        assert!(names("The conference discussed the reluctance of U.S. and British firms to invest.").is_empty());
        // a long title after a demonym is a speaker clause, not the list's next item
        assert_eq!(
            names("Russia and China blocked the draft submitted by the United States, Russian Permanent Representative Vasily Nebenzya said."),
            vec!["CHN-USA", "RUS-USA"]
        );
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
