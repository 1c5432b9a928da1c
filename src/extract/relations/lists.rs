//! Coordinated lists of states: which listed states are not partners of each other, and
//! which named relations ("the Iran-Iraq war") close a pair.
use super::*;

/// Countries named in a sentence only as a product's maker ("Chinese-made missiles"),
/// each with the state named nearest to it otherwise, which has the product ("Iran has
/// new Chinese-made missiles"): the maker relates to that state, not to a speaker
/// reporting it.
pub(super) fn made_partners(doc: &Document, ms: &[&Mention]) -> BTreeMap<String, Option<String>> {
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

/// Nouns after a compound of two countries that make it one relation ("the Iran-Iraq
/// war", "a U.S.-Japan pact").
pub(super) const COMPOUND_NOUNS: &[&str] = &[
    "war", "conflict", "dispute", "border", "talks", "relations", "ties", "trade", "pact",
    "accord", "agreement", "treaty", "summit", "deal", "row", "tensions", "negotiations",
];

/// A pair the sentence names as one relation — "between A and B", "the A-B war" — whose
/// members are then not paired with the sentence's other countries (a speaker aside):
/// "Washington should join Moscow in ending the war between Iran and Iraq".
pub(super) fn closed_pair(doc: &Document, ms: &[&Mention]) -> Option<(String, String)> {
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
pub(super) const STRONG_RECIPROCAL: &[&str] = &[
    "between", "bilateral", "signed", "sign", "agreed", "talks", "relations", "ties", "met",
    "summit", "treaty", "accord", "pact", "jointly", "each", "dispute", "war", "negotiations",
    "mutual", "partnership", "deal", "border", "tensions", "visit", "normalize", "normalise",
    "exchanged",
];

/// Verbs of talking that make two coordinated office holders parties to each other
/// ("Putin and Malaysian Prime Minister Anwar Ibrahim discussed trade"); with firms or
/// places ("U.S. and British firms") they say nothing.
pub(super) const TALKED: &[&str] = &["discussed", "discuss", "discussing", "conferred", "spoke", "talked", "phoned"];

/// Word beginnings that make two coordinated countries parties to each other
/// ("Russia and Vietnam intend to expand cooperation").
pub(super) const RECIPROCAL_STEMS: &[&str] = &["cooperat", "co-operat", "collaborat", "partner", "allian", "allies", "meet"];

/// Words that make two coordinated states act on each other even with a third named.
pub(super) const MUTUAL: &[&str] = &["between", "bilateral", "each", "mutual", "jointly", "joint"];

/// Words that make a list of three or four states a gathering of them all.
pub(super) const GATHERING: &[&str] = &[
    "met", "meet", "meets", "meeting", "summit", "talks", "alliance", "signed", "agreed", "treaty",
    "accord", "pact", "jointly", "trilateral", "quadrilateral", "each",
];

/// `list_cues` flags: a word of `STRONG_RECIPROCAL` or one starting with a
/// `RECIPROCAL_STEMS` stem, of `GATHERING`, of `MUTUAL`, of `TALKED`.
const STRONG: u8 = 1;
const GATHERS: u8 = 2;
const MUTUALLY: u8 = 4;
const TALKS: u8 = 8;

/// Which of the list rules' word lists the words of a sentence hold (`STRONG` …
/// `TALKS`): one lookup per word in a table of all four lists, where each list was
/// searched word by word for every word.
fn list_cues(words: &[Word]) -> u8 {
    static TABLE: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, u8>> = std::sync::LazyLock::new(|| {
        let mut t = rustc_hash::FxHashMap::default();
        for (list, flag) in [(STRONG_RECIPROCAL, STRONG), (GATHERING, GATHERS), (MUTUAL, MUTUALLY), (TALKED, TALKS)] {
            for w in list {
                *t.entry(*w).or_insert(0) |= flag;
            }
        }
        t
    });
    words.iter().fold(0, |cues, x| {
        let w = x.text.as_str();
        let stem = if RECIPROCAL_STEMS.iter().any(|p| w.starts_with(p)) { STRONG } else { 0 };
        cues | stem | TABLE.get(w).copied().unwrap_or(0)
    })
}

/// Regions that may stand inside a list of states without ending it ("the U.S., Canada,
/// Europe and Australia"), longest first.
pub(super) const LIST_REGIONS: &[&str] = &[
    "western europe", "eastern europe", "southeast asia", "latin america", "south america",
    "north america", "central america", "the middle east", "middle east", "the far east",
    "far east", "the caribbean", "scandinavia", "europe", "asia", "africa",
];

/// The words between two listed mentions with any region names taken out, commas and
/// spaces tidied (", europe and" reads ", and").
pub(super) fn without_regions(between: String) -> String {
    if !LIST_REGIONS.iter().any(|r| between.contains(r)) {
        return between;
    }
    let mut s = between;
    for r in LIST_REGIONS {
        s = s.replace(r, " ");
    }
    let mut s = collapse(&s).replace(" ,", ",");
    while s.contains(",,") {
        s = s.replace(",,", ",");
    }
    s.trim().to_owned()
}

/// `s` without leading capitalised names: what separates two country-led firms in a
/// list ("Dassault, " in "France's Dassault, Sweden's Saab").
pub(super) fn skip_names(s: &str) -> &str {
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

/// Pairs of countries that stand only in a coordinated list ("Japan, South Korea and
/// Taiwan bought …"). Every two members of a list of three or more are excluded; two
/// coordinated countries are excluded unless the sentence has a word of a relation
/// between them ("Jordan and Israel signed …", "talks between A and B"). `located[k]` is
/// `location_only` of `ms[k]`, read once by the caller.
pub(super) fn listed_together(doc: &Document, ms: &[&Mention], located: &[bool], w: &[Word]) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let cues = list_cues(w);
    let strong = cues & STRONG != 0;
    // a meeting or alliance of three or four named states joins them all ("The US, Russia
    // and Switzerland met"), unless the list acts on another state named beside it
    let gathering = cues & GATHERS != 0;
    let all: BTreeSet<&str> = ms.iter().zip(located).filter(|(_, loc)| !**loc).map(|(m, _)| m.iso3.as_str()).collect();
    let mutual = cues & MUTUALLY != 0;
    let talked = cues & TALKS != 0;
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
            let between = without_regions(between.to_lowercase());
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
        let leaders_talk = g.iter().any(|m| m.kind == MentionKind::Official)
            && g.iter().all(|m| matches!(m.kind, MentionKind::Official | MentionKind::Demonym))
            && talked;
        if isos.len() < 2 || (isos.len() == 2 && (strong || leaders_talk) && (alone || mutual)) {
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
    use super::*;
    use crate::extract::words::words;

    proptest::proptest! {
        /// The one-table lookup says what searching each list for each word says.
        #[test]
        fn list_cues_are_the_lists_searched(
            picks in proptest::collection::vec((0usize..5, 0usize..30, "[a-z]{0,3}"), 0..8),
        ) {
            // words of the lists, words that begin with a stem, and other words
            let lists = [STRONG_RECIPROCAL, GATHERING, MUTUAL, TALKED, RECIPROCAL_STEMS];
            let text: Vec<String> = picks.iter().map(|(l, k, tail)| format!("{}{tail}", lists[*l][k % lists[*l].len()])).collect();
            let w = words(&text.join(" "));
            let any = |list: &[&str]| w.iter().any(|x| list.contains(&x.text.as_str()));
            let strong = any(STRONG_RECIPROCAL) || w.iter().any(|x| RECIPROCAL_STEMS.iter().any(|p| x.text.starts_with(p)));
            let want = [strong, any(GATHERING), any(MUTUAL), any(TALKED)];
            let cues = list_cues(&w);
            proptest::prop_assert_eq!([cues & STRONG != 0, cues & GATHERS != 0, cues & MUTUALLY != 0, cues & TALKS != 0], want, "{:?}", text);
        }
    }
}
