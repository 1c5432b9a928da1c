//! `bilat tone`: score sentences with the tone model; with a ratings file (id, rating,
//! text — the NYT editorial set's layout) also report Pearson r against the ratings.

use crate::extract::tone::ToneModel;
use crate::lexicon::Lexicons;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;

/// Pearson correlation of two equal-length samples.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx.sqrt() * syy.sqrt())
    }
}

/// Score a ratings TSV (id, rating, text) and print r; write per-sentence scores as CSV.
pub fn run(input: &PathBuf, out: Option<&PathBuf>, lexicons: Option<&std::path::Path>) -> Result<f64> {
    let lex = Lexicons::load(lexicons)?;
    let model = ToneModel::new(&lex);
    let text = std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
    let (mut ids, mut gold, mut pred, mut parts_out) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        let mut parts = line.splitn(3, '\t');
        let (Some(id), Some(rating), Some(sentence)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let Ok(r) = rating.trim().parse::<f64>() else { continue };
        ids.push(id.to_owned());
        gold.push(r);
        let ws = model.sentence_word_score(sentence);
        pred.push(crate::extract::tone::calibrated(ws));
        parts_out.push((model.vader_compound(sentence), ws));
    }
    let r = pearson(&pred, &gold);
    println!("sentences: {}  pearson r vs ratings: {:.3}", gold.len(), r);
    if let Some(p) = out {
        crate::export::atomic_write(p, |w| {
            writeln!(w, "id,score,vader,words")?;
            for ((id, s), (v, l)) in ids.iter().zip(&pred).zip(&parts_out) {
                writeln!(w, "{id},{s:.4},{v:.4},{l:.4}")?;
            }
            Ok(())
        })?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_basics() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    }
}
