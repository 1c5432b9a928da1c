//! Sector cues: which of the spec's sectors a sentence talks about.

use super::cues::CueSet;
use super::words::Word;
use crate::lexicon::{Lexicons, SECTORS};

/// The compiled sector cue set.
#[derive(Debug, Clone)]
pub struct SectorModel {
    cues: CueSet<u8>,
}

impl SectorModel {
    pub fn new(lex: &Lexicons) -> Self {
        let cues = lex.sector_cues.iter().filter_map(|(s, cue)| {
            let idx = SECTORS.iter().position(|x| x == s)? as u8;
            Some((cue.clone(), idx))
        });
        SectorModel { cues: CueSet::new(cues) }
    }

    /// A bitmask of the sectors whose cues occur in the words (bit i = `SECTORS[i]`).
    pub fn mask(&self, w: &[Word]) -> u32 {
        self.cues.find(w).iter().fold(0u32, |m, h| m | (1 << h.value))
    }
}

/// The sector ids of a mask, in the spec's order.
pub fn names(mask: u32) -> Vec<String> {
    SECTORS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, s)| (*s).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    #[test]
    fn seed_sentence_sectors() {
        let m = SectorModel::new(&Lexicons::embedded().unwrap());
        let s = "We intend to continue boosting bilateral cooperation in all areas, first of all in energy, industry, infrastructure, transport and the pharmaceutical industry";
        let got = names(m.mask(&words(s)));
        for want in ["energy", "industry", "infrastructure", "transport", "health"] {
            assert!(got.iter().any(|g| g == want), "{want} missing from {got:?}");
        }
        let s = "cooperation in trade, energy, infrastructure, scientific and technical, educational, cultural areas";
        let got = names(m.mask(&words(s)));
        for want in ["trade", "energy", "infrastructure", "science_technology", "education", "culture"] {
            assert!(got.iter().any(|g| g == want), "{want} missing from {got:?}");
        }
    }
}
