//! The tone of one pair: the mean tone of its sentences, then what the two states do to
//! each other (hostile acts, shielding, cooperation) from the stance cues.
use super::*;

/// The tone a pair in open conflict (a hostile stance cue about it) has at most.
pub(super) const HOSTILE_TONE: f64 = -0.35;
/// The tone a pair where one state shields the other has at least.
pub(super) const PROTECT_TONE: f64 = 0.35;
/// The tone a sentence of cooperation between the pair has at least.
pub(super) const COOP_TONE: f64 = 0.3;
/// How many words from a protect cue each of the two states may stand.
pub(super) const PROTECT_REACH: usize = 8;
/// How many words from a flag's owner the flagged ship's state may stand.
pub(super) const FLAG_REACH: usize = 8;

/// The pair's tone: the mean of its sentences' tones, clamped to -1 … 1, then set by
/// what the states do to each other (`stance`). In a sentence that also names a third
/// country, the words nearer that country than to either partner count for little and
/// VADER's whole-sentence view is left out. A hostile act between the two anywhere in
/// the story makes the pair negative however polite the wording ("urged … sanctions
/// against Japan"); one state shielding the other makes it positive even amid a third
/// party's attacks ("escorting Kuwaiti tankers past Iranian missile batteries"); a
/// hostile act being lifted or averted leaves no negative tone ("may lift sanctions").
pub(super) fn pair_tone(a: &str, b: &str, idx: &[usize], infos: &[SentenceInfo], tone: &ToneModel, stance: &StanceModel) -> f64 {
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
        let cues = info.stance.get_or_init(|| stance.cues(info.words()));
        let between = |p: usize| third.is_empty() || acts_between(info.words(), &info.at, &info.at_end, p, a, b, info.speaker.as_deref());
        let hostile = cues.iter().any(|&(p, k)| k == Stance::Hostile && between(p));
        let undone = cues.iter().any(|&(p, k)| k == Stance::Undo && between(p));
        let cooperate = cues.iter().any(|&(p, k)| k == Stance::Cooperate && between(p));
        let protect = cues.iter().any(|&(p, k)| k == Stance::Protect && ours(p) && shields(info.words(), p, &own_a, &own_b));
        let mut t = if third.is_empty() {
            info.tone.unwrap_or(0.0)
        } else {
            let hits = info.hits.get_or_init(|| tone.lexicon_hits(info.words()));
            let total: f64 = hits.iter().map(|(p, w)| if dist(&third, *p) < dist(&own, *p) { w * 0.25 } else { *w }).sum();
            crate::extract::tone::blend(0.0, total)
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
pub(super) fn shields(w: &[Word], p: usize, own_a: &[usize], own_b: &[usize]) -> bool {
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
pub(super) fn acts_between(w: &[Word], at: &[(usize, String)], at_end: &[usize], p: usize, a: &str, b: &str, speaker: Option<&str>) -> bool {
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
pub(super) const LIST_GLUE: &[&str] = &["and", "or", "the", "as", "well"];
