//! Pair stance: what one state does to another, read apart from a sentence's general
//! tone. A sentence can be full of hostile words about a third party while the pair it
//! names stands together ("the U.S. offered warships to escort Kuwaiti tankers past
//! Iranian missile batteries"), or sound calm while one state sanctions the other
//! ("chipmakers urged the government to impose trade sanctions against Japan"). The cues
//! live in `lexicons/stance.tsv`; `relations` decides which pair a cue is about.

use super::cues::CueSet;
use super::words::Word;
use crate::lexicon::{Lexicons, Stance};

/// Words before a cue that deny it ("did not seek confrontation", "ended without
/// agreement", "refused to cooperate").
const NEGATORS: &[&str] = &["not", "no", "never", "without", "n't", "nor", "failed", "fails", "refused", "refuses", "rejected", "rejects"];
/// How far (in words) an undo cue or a negator reaches a cue.
const REACH: usize = 3;
/// Whether a negator stands within `REACH` words before the cue at `at`.
fn denied(w: &[Word], at: usize) -> bool {
    w[at.saturating_sub(REACH)..at].iter().any(|x| NEGATORS.contains(&x.text.as_str()))
}

/// How far back a passive undo cue reaches ("the embargo on China to be lifted").
const PASSIVE_REACH: usize = 6;

/// Whether an undo cue at `u` reaching `back` words backward (and `REACH` forward) covers
/// the act at `at`.
fn undoes(u: usize, back: usize, at: usize) -> bool {
    if u >= at { u - at <= back } else { at - u <= REACH }
}

/// How far before "flag" a "flying" may stand ("flying the U.S. flag").
const FLAG_REACH: usize = 5;

/// Compiled stance cues.
#[derive(Debug, Clone)]
pub struct StanceModel {
    cues: CueSet<Stance>,
}

impl StanceModel {
    pub fn new(lex: &Lexicons) -> Self {
        StanceModel { cues: CueSet::new(lex.stance.iter().map(|(k, v)| (k.clone(), *v))) }
    }

    /// The stance cues of a sentence as (word index, stance). A hostile cue with an undo
    /// cue near it comes out as `Undo` at the hostile word ("lift … sanctions"), one
    /// denied by a negator is dropped, and undo cues with no hostile word near them say
    /// nothing ("the end of the month"). War is hostile and stays so ("an end to the
    /// war"). Censure of a hostile act ("condemns the sanctions") is `Cooperate` at the
    /// censure (its speaker sides with the act's target) and `Undo` at the act. A flag a ship flies is protection by the flag's state, placed at the
    /// flag's owner ("a Kuwaiti tanker flying the American flag", "U.S.-flagged").
    pub fn cues(&self, w: &[Word]) -> Vec<(usize, Stance)> {
        let hits = self.cues.find(w);
        // (word index, how far back it reaches): a passive undo ("the embargo on China
        // to be lifted") stands further from its act than an active one ("lift sanctions")
        let undo: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.value == Stance::Undo)
            .flat_map(|h| {
                let passive = h.first > 0 && matches!(w[h.first - 1].text.as_str(), "be" | "been" | "being");
                let back = if passive { PASSIVE_REACH } else { REACH };
                [(h.first, back), (h.last, back)]
            })
            .collect();
        let mut out = Vec::new();
        for h in &hits {
            match h.value {
                Stance::Hostile | Stance::War | Stance::Censure => {
                    if denied(w, h.first) {
                        continue;
                    }
                    // censure of a hostile act sides with its target: neither the
                    // censure nor the act is hostility between the states named
                    let censured = hits.iter().any(|c| c.value == Stance::Censure && c.last < h.first && h.first - c.last <= REACH);
                    let censures_act = h.value == Stance::Censure
                        && hits.iter().any(|c| matches!(c.value, Stance::Hostile | Stance::War) && c.first > h.last && c.first - h.last <= REACH);
                    let undone = censured
                        || censures_act
                        || (h.value != Stance::War && undo.iter().any(|&(u, back)| undoes(u, back, h.first) || undoes(u, back, h.last)));
                    // the censure itself sides with the act's target
                    let k = if censures_act { Stance::Cooperate } else if undone { Stance::Undo } else { Stance::Hostile };
                    out.push((h.first, k));
                }
                // "ended talks without agreement", "did not support": no cooperation
                Stance::Cooperate if denied(w, h.first) => {}
                Stance::Protect | Stance::Cooperate => out.push((h.first, h.value)),
                Stance::Undo => {}
            }
        }
        for (i, x) in w.iter().enumerate() {
            let flown = x.text == "flag" && w[i.saturating_sub(FLAG_REACH)..i].iter().any(|y| y.text.starts_with("fly") || y.text == "flies");
            if x.text.ends_with("-flagged") {
                out.push((i, Stance::Protect));
            } else if (flown || x.text == "flagged") && i > 0 {
                out.push((i - 1, Stance::Protect));
            }
        }
        out.sort_by_key(|c| c.0);
        out
    }

    /// Whether a protect cue at `p` is a flag's owner (placed by `cues`) rather than a
    /// verb that needs its object named after it.
    pub fn is_flag(w: &[Word], p: usize) -> bool {
        w[p].text.ends_with("-flagged") || w.get(p + 1).is_some_and(|x| x.text == "flag" || x.text == "flagged")
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn kinds(s: &str) -> Vec<Stance> {
        let m = StanceModel::new(&Lexicons::embedded().expect("embedded lexicons load"));
        m.cues(&words(s)).into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn reads_acts_between_states() {
        assert_eq!(kinds("Chipmakers urged trade sanctions against Japan."), vec![Stance::Hostile]);
        assert_eq!(kinds("The United States may lift sanctions against Japan."), vec![Stance::Undo]);
        assert!(kinds("The talks ended without agreement.").is_empty());
        assert_eq!(kinds("Paris called for the embargo on China to be lifted."), vec![Stance::Undo]);
        assert_eq!(kinds("The embargo on China will stay, and sanctions may be lifted."), vec![Stance::Hostile, Stance::Undo]);
        assert_eq!(kinds("Washington did not seek a confrontation with Tehran."), vec![]);
        assert_eq!(kinds("A Kuwaiti tanker flying the American flag."), vec![Stance::Protect]);
        assert_eq!(kinds("The Navy escorts U.S.-flagged Kuwaiti tankers."), vec![Stance::Protect, Stance::Protect]);
        assert_eq!(kinds("They pressed for an end to the war."), vec![Stance::Hostile]);
        assert_eq!(kinds("Moscow condemns the illegitimate sanctions against Caracas."), vec![Stance::Cooperate, Stance::Undo]);
        assert_eq!(kinds("Moscow condemned Kyiv."), vec![Stance::Hostile]);
        assert_eq!(kinds("Prices rose at the end of the month."), vec![]);
    }
}
