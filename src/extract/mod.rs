//! Extract: `Document` → mentions and relations. All lexicon-derived matchers are
//! compiled once into an `Extractor` and shared read-only across threads.

pub mod alnum;
pub mod cues;
pub mod gazetteer;
pub mod mentions;
pub mod relations;
pub mod sectors;
pub mod stance;
pub mod tone;
pub mod trie;
pub mod words;

use crate::lexicon::Lexicons;
use crate::model::{Document, Extraction};
use anyhow::Result;

/// Compiled matchers for countries, sectors and tone.
#[derive(Debug, Clone)]
pub struct Extractor {
    pub gazetteer: gazetteer::Gazetteer,
    pub tone: tone::ToneModel,
    pub sectors: sectors::SectorModel,
    pub stance: stance::StanceModel,
}

impl Extractor {
    pub fn new(lex: &Lexicons) -> Result<Self> {
        // The country matcher, the larger part, is built on a thread of its own while the
        // tone model (VADER's lexicon) and the rest are built here: the run waits for both.
        std::thread::scope(|scope| {
            let gazetteer = scope.spawn(|| gazetteer::Gazetteer::new(lex));
            let tone = tone::ToneModel::new(lex);
            let sectors = sectors::SectorModel::new(lex);
            let stance = stance::StanceModel::new(lex);
            let gazetteer = gazetteer.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?;
            Ok(Extractor { gazetteer, tone, sectors, stance })
        })
    }

    /// Countries mentioned (dateline included) and relations of one document.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let mentions = mentions::find(doc, &self.gazetteer);
        // Every pair `relations` finds is two different countries of these mentions (the
        // dateline's included): with fewer than two there is nothing to pair, so the
        // per-sentence work (tokens, cues, speakers, tone) is skipped. Most wire
        // stories name one country or none.
        let first = mentions.first().map(|m| &m.iso3);
        if mentions.iter().all(|m| Some(&m.iso3) == first) {
            return Extraction { countries: first.into_iter().cloned().collect(), relations: Vec::new() };
        }
        let mut countries: Vec<String> = mentions.iter().map(|m| m.iso3.clone()).collect();
        countries.sort();
        countries.dedup();
        let relations = relations::relations(doc, &mentions, &self.tone, &self.sectors, &self.stance);
        Extraction { countries, relations }
    }
}
