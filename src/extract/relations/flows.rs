//! Flows of goods: freight reports, statistics rows, and the hub country a list of
//! destinations or suppliers breaks down.
use super::*;

/// Words of goods moving: a sentence with one of these is about a flow.
pub(super) fn has_flow(w: &[Word]) -> bool {
    w.iter().any(|x| {
        FLOW_NOUNS.contains(&x.text.as_str())
            || matches!(x.text.as_str(), "tonnes" | "loaded" | "shipped" | "sold" | "bought" | "exported" | "imported" | "cargoes" | "cargo")
    })
}

/// A mention that is the destination or origin of goods ("for China", "to Jordan",
/// "from Brazil"), not an actor.
pub(super) fn flow_object(doc: &Document, m: &Mention) -> bool {
    matches!(word_before(&doc.text, m.start, true), "for" | "to" | "from" | "into")
}

/// Nouns of a flow of goods or money that a list of countries may break down.
pub(super) const FLOW_NOUNS: &[&str] = &[
    "imports", "exports", "purchases", "sales", "supplies", "shipments", "deliveries",
    "suppliers", "buyers", "customers", "destinations", "markets", "import", "export",
];

/// The first country of a sentence when a flow noun follows it closely ("Japan's total
/// sugar imports", "U.S. exports").
pub(super) fn flow_hub(doc: &Document, ms: &[&Mention], w: &[Word], focus: Option<&str>) -> Option<String> {
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

pub(super) fn first_flow(doc: &Document, first: &Mention, w: &[Word]) -> Option<String> {
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
pub(super) const FREIGHT: &[&str] = &["tonner", "tonners", "timecharter", "timecharters", "time-charter", "fixture", "fixtures", "dwt", "worldscale"];

/// The first bytes of the `FREIGHT` words: nearly every word of a sentence is ruled
/// out by one lookup instead of a comparison with each of them.
static FREIGHT_FIRST: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < FREIGHT.len() {
        t[FREIGHT[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

pub(super) fn is_freight_report(w: &[Word]) -> bool {
    w.iter().any(|x| {
        let t = x.text.as_str();
        t.as_bytes().first().is_some_and(|&b| FREIGHT_FIRST[b as usize]) && FREIGHT.contains(&t)
    })
}

pub(super) fn is_table_row(w: &[Word]) -> bool {
    let digits = w.iter().filter(|x| x.text.starts_with(|c: char| c.is_ascii_digit())).count();
    w.len() >= 8 && digits * 3 >= w.len()
}
