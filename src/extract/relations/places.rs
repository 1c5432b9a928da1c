//! Mentions that name a place, an attribute or a yardstick rather than a party: venues,
//! capitals as locations, currencies, rankings.
use super::*;

/// A country word used for a currency, a ship's flag or a price level.
pub(super) fn attribute_only(doc: &Document, m: &Mention) -> bool {
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
pub(super) const EVENT_NOUNS: &[&str] = &[
    "accord", "accords", "agreement", "club", "summit", "round", "process", "declaration",
    "protocol", "convention", "consensus", "conference", "communique", "meeting", "talks",
];

/// A capital right after "in"/"at" is where something happened, not who acted.
/// "near Svalbard", "off Norway" is a location for any kind of mention, and so is a
/// visited place ("Yeutter, in New Zealand for talks, said"). A country after "than",
/// "compared with", "such as", "behind" … is a yardstick or an example ("more
/// competitive than the U.S.", "countries such as France"), not a party.
/// Words before "in"/"at" that make the country after it a venue, not a party.
pub(super) const VENUE: &[&str] = &[
    "summit", "talks", "meeting", "meetings", "conference", "forum", "held", "trained", "born",
    "educated", "studied", "holiday", "holidays", "vacation", "speech", "rally", "gathered",
    "convened", "hosted", "exhibition", "championship", "championships", "tournament",
    "festival", "ceremony", "games",
];

pub(super) fn location_only(doc: &Document, m: &Mention) -> bool {
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
pub(super) const RULERS: &[&str] = &[
    "authorities", "government", "leadership", "regime", "rulers", "junta", "administration",
    "officials", "leaders", "policymakers", "hardliners",
];

/// Words of rank that make "after" a yardstick ("the third largest shareholder after the
/// United States and Japan", "the biggest market after China").
pub(super) const RANKS: &[&str] = &[
    "largest", "biggest", "second", "third", "fourth", "fifth", "most", "top", "highest",
    "lowest", "greatest", "leading", "ranked",
];

/// Whether the text before a mention ends in "<rank word> … after" followed only by other
/// names of a list ("… largest shareholder after the United States and" before "Japan").
pub(super) fn ranked_after(before: &str) -> bool {
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

/// Words after a country word that make it a currency, a flag or a price, not a party
/// ("the Canadian dollar", "a Liberian flag tanker", "Ecuador-level output").
pub(super) const NOT_PARTY_AFTER: &[&str] = &[
    "dollar", "dollars", "dlr", "dlrs", "pound", "pounds", "sterling", "franc", "francs", "mark",
    "marks", "yen", "lira", "lire", "peseta", "pesetas", "guilder", "guilders", "crown", "crowns",
    "krona", "krone", "rand", "peso", "pesos", "rouble", "roubles", "ruble", "rubles", "yuan",
    "rupee", "rupees", "dinar", "dinars", "riyal", "riyals", "escudo", "escudos", "schilling",
    "schillings", "drachma", "drachmas", "won", "ringgit", "baht", "flag", "registered", "level", "style", "bond", "bonds", "treasury", "treasuries",
    "stock", "stocks", "shares", "equities", "futures", "cents", "cent", "currency", "based",
    "owned", "listed", "born",
];
