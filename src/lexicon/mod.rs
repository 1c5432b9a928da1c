//! Lexicons: the facts (countries, aliases, dateline places, office holders, sector cues,
//! tone words) that extraction resolves text against. They are data files in
//! `lexicons/`, embedded at build time so the binary is self-contained, and overridable
//! from a user folder (`--lexicons DIR`) so an analyst can fix a fact without a rebuild.

mod tsv;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
// (Fx hashing for the load's lookup-only maps: loading runs at every start)
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::path::Path;
pub use tsv::Row;

/// The office holders' file: the one `Lexicons::load` reads on a thread of its own.
const HOLDERS: &str = "office_holders.tsv";

/// The embedded files, by name.
const EMBEDDED: &[(&str, &str)] = &[
    ("countries.tsv", include_str!("../../lexicons/countries.tsv")),
    ("aliases.tsv", include_str!("../../lexicons/aliases.tsv")),
    ("places.tsv", include_str!("../../lexicons/places.tsv")),
    ("office_holders.tsv", include_str!("../../lexicons/office_holders.tsv")),
    ("sectors.tsv", include_str!("../../lexicons/sectors.tsv")),
    ("tone.tsv", include_str!("../../lexicons/tone.tsv")),
    ("modifiers.tsv", include_str!("../../lexicons/modifiers.tsv")),
    ("stance.tsv", include_str!("../../lexicons/stance.tsv")),
    ("sector_ids.tsv", include_str!("../../lexicons/sector_ids.tsv")),
];

/// A country row: the dimension table and the names used in outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    pub name: String,
    pub region: String,
    pub subregion: String,
}

/// How an alias refers to its country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasKind {
    Name,
    Misspelling,
    Demonym,
    Capital,
}

/// One surface form of a country; `iso3 == None` marks a blocker phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub iso3: Option<String>,
    pub kind: AliasKind,
    pub alias: String,
    pub ambiguous: bool,
}

/// A dateline place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub place: String,
    pub iso3: String,
    pub is_region: bool,
}

/// An office holder's term: the names refer to the country only between start and end.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub iso3: String,
    pub role: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub names: Vec<String>,
}

impl Term {
    pub fn covers(&self, date: NaiveDate) -> bool {
        in_term(self.start, self.end, date)
    }
}

/// Whether `date` falls in a term from `start` to `end` (open when `None`), ends included:
/// the one definition for the lexicon's terms and the gazetteer's copies of them.
pub fn in_term(start: NaiveDate, end: Option<NaiveDate>, date: NaiveDate) -> bool {
    start <= date && end.is_none_or(|e| date <= e)
}

/// What a tone modifier does to the next sentiment word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Modifier {
    /// Flips and damps the following sentiment words ("not", "never", "without").
    Negator,
    /// Scales the following word ("very" 1.3, "slightly" 0.6).
    Scale(f64),
    /// Excess: a good quality right after it reads as a fault, with this weight ("too
    /// generous" −1.5).
    Excess(f64),
    /// Counters what follows: a bad thing within reach of it is a good cause, its tone
    /// flipped and scaled by this value ("reduce crime", "prevent war", "fight poverty").
    Remedy(f64),
    /// Contrast ("but", "however"): what follows the last one in a sentence weighs more
    /// than what precedes it.
    Contrast,
    /// Concession ("although", "despite", "while"): the tone words of the clause it opens,
    /// up to the next punctuation, weigh like those before a contrast.
    Concession,
    /// A word that reads as tone by itself in opinion prose, whatever follows it: its
    /// value is added to the sentence once per occurrence ("only", "should").
    Cue(f64),
}

/// What a pair-stance cue says about the two states it names (`stance.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    /// An act or state of conflict: sanctions, threats, disputes.
    Hostile,
    /// Open armed conflict: hostile, and not undone by a call to end it.
    War,
    /// Words against an act or a state: hostile toward a state, siding with the target
    /// when aimed at a hostile act.
    Censure,
    /// Ends or wards off a hostile act near it: "lift", "avert", "fade".
    Undo,
    /// One state shields, backs or stands for the other.
    Protect,
    /// Cooperation, agreement, support or praise between the two.
    Cooperate,
}

/// Everything loaded, validated.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    pub countries: Vec<Country>,
    pub aliases: Vec<Alias>,
    pub places: Vec<Place>,
    pub terms: Vec<Term>,
    /// (sector id, cue) with cue lower-case; a trailing `*` is a prefix match.
    pub sector_cues: Vec<(String, String)>,
    pub tone: HashMap<String, f64>,
    pub modifiers: HashMap<String, Modifier>,
    /// Pair-stance cues, lower-case; a trailing `*` is a prefix match.
    pub stance: HashMap<String, Stance>,
    /// (id, label, description) of every sector id, for the sectors dimension table.
    pub sector_ids: Vec<(String, String, String)>,
    /// A hash of every lexicon text loaded, so stored results made with other facts are
    /// not reused.
    pub fingerprint: u64,
}

/// The 20 sector ids of the spec, in its order, plus `general`.
pub const SECTORS: &[&str] = &[
    "economy", "trade", "finance", "energy", "industry", "mining", "agriculture", "transport",
    "infrastructure", "health", "defense", "security", "science_technology", "education",
    "culture", "tourism", "environment", "humanitarian", "diplomacy", "sanctions",
];

impl Lexicons {
    /// The embedded lexicons alone.
    pub fn embedded() -> Result<Self> {
        Self::load(None)
    }

    /// The embedded lexicons, extended or replaced by files of the same names in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut lex = Lexicons::default();
        let mut sources = Vec::with_capacity(EMBEDDED.len());
        for (name, text) in EMBEDDED {
            let user = match dir {
                Some(d) if d.join(name).is_file() => {
                    let p = d.join(name);
                    Some(std::fs::read_to_string(&p).with_context(|| format!("reading lexicon {}", p.display()))?)
                }
                _ => None,
            };
            lex.fingerprint = xxhash_rust::xxh3::xxh3_64_with_seed(text.as_bytes(), lex.fingerprint);
            if let Some(u) = &user {
                lex.fingerprint = xxhash_rust::xxh3::xxh3_64_with_seed(u.as_bytes(), lex.fingerprint ^ 1);
            }
            sources.push((*name, *text, user));
        }
        // Each file fills fields of its own, so the office holders (the largest file,
        // nearly half the load, which runs on the start of every run before the country
        // matcher can be built) are read on a thread of their own while the other files
        // are read here. Files are still taken in order, so the first bad one is the
        // error reported, as before.
        std::thread::scope(|scope| -> Result<()> {
            let mut holders = sources.iter().find(|s| s.0 == HOLDERS).map(|source| {
                scope.spawn(move || -> Result<Lexicons> {
                    let mut part = Lexicons::default();
                    part.absorb_file(source)?;
                    Ok(part)
                })
            });
            for source in &sources {
                if source.0 == HOLDERS {
                    if let Some(h) = holders.take() {
                        let part = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?;
                        lex.terms = part.terms;
                    }
                } else {
                    lex.absorb_file(source)?;
                }
            }
            Ok(())
        })?;
        lex.validate()?;
        Ok(lex)
    }

    /// One lexicon file: the embedded text, then the user's file of the same name (which
    /// replaces the embedded rows when it starts with `#!replace`).
    fn absorb_file(&mut self, (name, text, user): &(&str, &str, Option<String>)) -> Result<()> {
        let replace = user.as_deref().is_some_and(|u| u.starts_with("#!replace"));
        if !replace {
            self.absorb(name, tsv::rows(text, name).with_context(|| format!("embedded lexicon {name}"))?)?;
        }
        if let Some(u) = user {
            self.absorb(name, tsv::rows(u, name).with_context(|| format!("user lexicon {name}"))?)?;
        }
        Ok(())
    }

    fn absorb(&mut self, name: &str, rows: Vec<Row<'_>>) -> Result<()> {
        match name {
            "countries.tsv" => {
                let mut by: FxHashMap<String, usize> =
                    self.countries.iter().enumerate().map(|(i, c)| (c.iso3.clone(), i)).collect();
                for r in rows {
                    let c = Country {
                        iso3: r.get(0)?.to_owned(),
                        iso2: r.get(1)?.to_owned(),
                        name: r.get(2)?.to_owned(),
                        region: r.opt(3).to_owned(),
                        subregion: r.opt(4).to_owned(),
                    };
                    upsert(&mut self.countries, &mut by, c.iso3.clone(), c);
                }
            }
            "aliases.tsv" => {
                // Within one file the first row of a form wins (a form shared by two
                // states, like "Korea", lists its default first); a later file replaces.
                let mut by: FxHashMap<String, usize> =
                    self.aliases.iter().enumerate().map(|(i, a)| (a.alias.clone(), i)).collect();
                let mut this_file = FxHashSet::default();
                for r in rows {
                    let iso3 = r.get(0)?;
                    let kind = match r.get(1)? {
                        "name" => AliasKind::Name,
                        "misspelling" => AliasKind::Misspelling,
                        "demonym" => AliasKind::Demonym,
                        "capital" | "seat" => AliasKind::Capital,
                        other => bail!("{}: unknown alias kind {other:?}", r.at()),
                    };
                    let a = Alias {
                        iso3: (iso3 != "-").then(|| iso3.to_owned()),
                        kind,
                        alias: r.get(2)?.to_owned(),
                        ambiguous: r.opt(3).contains("ambiguous"),
                    };
                    if this_file.insert(a.alias.clone()) {
                        upsert(&mut self.aliases, &mut by, a.alias.clone(), a);
                    }
                }
            }
            "places.tsv" => {
                let mut by: FxHashMap<String, usize> =
                    self.places.iter().enumerate().map(|(i, p)| (p.place.to_lowercase(), i)).collect();
                for r in rows {
                    let p = Place {
                        place: r.get(0)?.to_owned(),
                        iso3: r.get(1)?.to_owned(),
                        is_region: r.opt(2) == "region",
                    };
                    upsert(&mut self.places, &mut by, p.place.to_lowercase(), p);
                }
            }
            "office_holders.tsv" => {
                for r in rows {
                    let date = |i: usize| -> Result<Option<NaiveDate>> {
                        let s = r.opt(i);
                        if s.is_empty() {
                            return Ok(None);
                        }
                        crate::parse::date::iso_date(s)
                            .map(Ok)
                            .unwrap_or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
                            .map(Some)
                            .with_context(|| format!("{}: bad date {s:?}", r.at()))
                    };
                    let start = date(2)?.with_context(|| format!("{}: a term needs a start date", r.at()))?;
                    self.terms.push(Term {
                        iso3: r.get(0)?.to_owned(),
                        role: r.get(1)?.to_owned(),
                        start,
                        end: date(3)?,
                        names: r.get(4)?.split('|').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect(),
                    });
                }
            }
            "sectors.tsv" => {
                for r in rows {
                    let sector = r.get(0)?;
                    if !SECTORS.contains(&sector) {
                        bail!("{}: unknown sector {sector:?}", r.at());
                    }
                    self.sector_cues.push((sector.to_owned(), r.get(1)?.to_lowercase()));
                }
            }
            "tone.tsv" => {
                for r in rows {
                    let w: f64 = r.get(1)?.parse().with_context(|| format!("{}: weight", r.at()))?;
                    self.tone.insert(r.get(0)?.to_lowercase(), w);
                }
            }
            "modifiers.tsv" => {
                for r in rows {
                    let m = match r.get(1)? {
                        "negator" => Modifier::Negator,
                        "intensifier" | "hedge" => {
                            Modifier::Scale(r.get(2)?.parse().with_context(|| format!("{}: value", r.at()))?)
                        }
                        "excess" => Modifier::Excess(r.get(2)?.parse().with_context(|| format!("{}: value", r.at()))?),
                        "contrast" => Modifier::Contrast,
                        "concession" => Modifier::Concession,
                        "cue" => Modifier::Cue(r.get(2)?.parse().with_context(|| format!("{}: value", r.at()))?),
                        "remedy" => Modifier::Remedy(r.get(2)?.parse().with_context(|| format!("{}: value", r.at()))?),
                        other => bail!("{}: unknown modifier kind {other:?}", r.at()),
                    };
                    self.modifiers.insert(r.get(0)?.to_lowercase(), m);
                }
            }
            "stance.tsv" => {
                for r in rows {
                    let k = match r.get(1)? {
                        "hostile" => Stance::Hostile,
                        "war" => Stance::War,
                        "censure" => Stance::Censure,
                        "undo" => Stance::Undo,
                        "protect" => Stance::Protect,
                        "cooperate" => Stance::Cooperate,
                        other => bail!("{}: unknown stance kind {other:?}", r.at()),
                    };
                    self.stance.insert(r.get(0)?.to_lowercase(), k);
                }
            }
            "sector_ids.tsv" => {
                for r in rows {
                    let id = r.get(0)?;
                    if !SECTORS.contains(&id) && id != "general" {
                        bail!("{}: unknown sector {id:?}", r.at());
                    }
                    self.sector_ids.retain(|(x, _, _)| x != id);
                    self.sector_ids.push((id.to_owned(), r.get(1)?.to_owned(), r.opt(2).to_owned()));
                }
            }
            _ => bail!("no loader for lexicon {name}"),
        }
        Ok(())
    }

    fn validate(&self) -> Result<()> {
        let known: FxHashSet<&str> = self.countries.iter().map(|c| c.iso3.as_str()).collect();
        for a in &self.aliases {
            if let Some(i) = &a.iso3 {
                if !known.contains(i.as_str()) {
                    bail!("aliases.tsv: {:?} refers to unknown country {i}", a.alias);
                }
            }
        }
        for p in &self.places {
            if !known.contains(p.iso3.as_str()) {
                bail!("places.tsv: {:?} refers to unknown country {}", p.place, p.iso3);
            }
        }
        for t in &self.terms {
            if !known.contains(t.iso3.as_str()) {
                bail!("office_holders.tsv: {:?} refers to unknown country {}", t.names, t.iso3);
            }
        }
        Ok(())
    }

    /// The English short name for an ISO3 code (the code itself when unknown).
    pub fn country_name<'a>(&'a self, iso3: &'a str) -> &'a str {
        self.countries.iter().find(|c| c.iso3 == iso3).map(|c| c.name.as_str()).unwrap_or(iso3)
    }
}

fn upsert<T>(v: &mut Vec<T>, by: &mut FxHashMap<String, usize>, key: String, item: T) {
    match by.get(&key) {
        Some(&i) => v[i] = item,
        None => {
            by.insert(key, v.len());
            v.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load_and_cover_the_seed() {
        let lex = Lexicons::embedded().unwrap();
        assert!(lex.countries.len() >= 190);
        let find = |s: &str| lex.aliases.iter().find(|a| a.alias == s).and_then(|a| a.iso3.clone());
        assert_eq!(find("Venezuela").as_deref(), Some("VEN"));
        assert_eq!(find("Columbia").as_deref(), Some("COL"));
        assert_eq!(find("Caracas").as_deref(), Some("VEN"));
        assert_eq!(find("Kremlin").as_deref(), Some("RUS"));
        let putin = lex.terms.iter().find(|t| t.names.iter().any(|n| n == "Putin")).unwrap();
        assert_eq!(putin.iso3, "RUS");
    }

    #[test]
    fn user_folder_extends_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("aliases.tsv"), "iso3\tkind\talias\tflags\nVEN\tname\tBolivarian Land\t\n").unwrap();
        std::fs::write(dir.path().join("tone.tsv"), "#!replace\nterm\tweight\nsplendid\t3\n").unwrap();
        let lex = Lexicons::load(Some(dir.path())).unwrap();
        assert!(lex.aliases.iter().any(|a| a.alias == "Bolivarian Land"));
        assert!(lex.aliases.iter().any(|a| a.alias == "Venezuela"));
        assert_eq!(lex.tone.len(), 1);
    }

    #[test]
    fn bad_user_rows_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sectors.tsv"), "sector\tcue\nspace_opera\tlaser*\n").unwrap();
        let err = format!("{:#}", Lexicons::load(Some(dir.path())).unwrap_err());
        assert!(err.contains("sectors.tsv") && err.contains("line 2"), "{err}");
    }
}
