//! Sentence tone for diplomatic and economic news: a weighted lexicon with negation,
//! intensifiers and hedges, squashed to -1 … 1. Words of conflict weigh more than words
//! of routine ("talks"), because wire copy is mostly routine.

use super::cues::CueSet;
use super::words::{words, Word};
use crate::lexicon::{Lexicons, Modifier};

/// The compiled tone model.
#[derive(Debug, Clone)]
pub struct ToneModel {
    terms: CueSet<f64>,
    modifiers: CueSet<Modifier>,
}

/// How far back (in words) a negator or intensifier reaches.
const REACH: usize = 3;
/// The squashing constant: score / sqrt(score² + ALPHA).
const ALPHA: f64 = 12.0;

impl ToneModel {
    pub fn new(lex: &Lexicons) -> Self {
        ToneModel {
            terms: CueSet::new(lex.tone.iter().map(|(k, v)| (k.clone(), *v))),
            modifiers: CueSet::new(lex.modifiers.iter().map(|(k, v)| (k.clone(), *v))),
        }
    }

    /// Tone of a sentence in -1 … 1.
    pub fn score(&self, sentence: &str) -> f64 {
        self.score_words(&words(sentence))
    }

    /// Tone of pre-tokenised words.
    pub fn score_words(&self, w: &[Word]) -> f64 {
        let mods = self.modifiers.find(w);
        let mut total = 0.0;
        for hit in self.terms.find(w) {
            let mut weight = hit.value;
            for m in mods.iter().filter(|m| m.last < hit.first && hit.first - m.last <= REACH) {
                match m.value {
                    Modifier::Negator => weight *= -0.6,
                    Modifier::Scale(k) if hit.first - m.last == 1 => weight *= k,
                    Modifier::Scale(_) => {}
                }
            }
            total += weight;
        }
        total / (total * total + ALPHA).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> ToneModel {
        ToneModel::new(&Lexicons::embedded().unwrap())
    }

    #[test]
    fn signs_follow_meaning() {
        let m = model();
        assert!(m.score("Venezuela is our strategic partner and reliable ally.") > 0.3);
        assert!(m.score("Washington imposed new sanctions and threatened retaliation.") < -0.3);
        assert!(m.score("The talks did not produce an agreement.") < m.score("The talks produced an agreement."));
        assert!(m.score("The committee met on Tuesday.").abs() < 0.35);
    }
}
