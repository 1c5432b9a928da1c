//! The HTML page: accounting, the four charts (each a `<figure>` with an id), the
//! evidence behind the most positive and most negative pairs, and the cited articles
//! (the evidence links to them by anchor). Inline CSS, no scripts, no external URLs.

use super::{bars, esc, network, sectors, signed, timeline, ReportData};
use crate::report::data::Evidence;
use anyhow::Result;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The ids of the chart elements, in page order (the browser check looks for each).
pub const CHART_IDS: [&str; 4] = [bars::ID, timeline::ID, sectors::ID, network::ID];

const CSS: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1340px; padding: 20px; color: #222; background: #fafafa; }
h1 { margin-bottom: 4px; }
.meta { color: #555; margin-top: 0; }
section, figure { background: white; border: 1px solid #ddd; border-radius: 6px; padding: 14px 18px; margin: 18px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 14px; margin-top: 6px; }
table { border-collapse: collapse; }
td, th { padding: 4px 12px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.pair h3 { margin: 14px 0 2px; }
.pos h3 { color: #1a7a3a; } .neg h3 { color: #b02a2a; }
blockquote { margin: 8px 0 2px 0; padding: 4px 10px; border-left: 4px solid #ccc; background: #f6f6f6; }
.ev-meta { font-size: 13px; color: #555; margin-bottom: 8px; }
a { color: #1f5fa8; }
:target { background: #fff4c2; }
"#;

fn evidence_block(s: &mut String, d: &ReportData, list: &[(usize, Vec<Evidence>)], anchors: &BTreeMap<String, usize>, class: &str, none: &str) {
    if list.is_empty() {
        let _ = write!(s, "<p>{}</p>", esc(none));
    }
    for (i, ev) in list {
        let p = &d.pairs[*i];
        let _ = write!(
            s,
            r#"<div class="pair {class}"><h3>{}</h3><div class="ev-meta">{} article{} · mean sentiment {} · {} to {}</div>"#,
            esc(&d.pair_label(p)),
            p.n_articles,
            if p.n_articles == 1 { "" } else { "s" },
            signed(p.mean_sentiment),
            esc(&p.first_date),
            esc(&p.last_date)
        );
        for e in ev {
            let anchor = anchors.get(&e.article_id).copied().unwrap_or(0);
            let _ = write!(
                s,
                r##"<blockquote>{}</blockquote><div class="ev-meta">article <a href="#art-{anchor}">{}</a> · {} · sentiment {} · {}</div>"##,
                esc(&e.sentence),
                esc(&e.article_id),
                esc(&e.date),
                signed(e.sentiment),
                esc(&e.title)
            );
        }
        s.push_str("</div>");
    }
}

fn figure(s: &mut String, id: &str, title: &str, svg: &str, caption: &str) {
    let _ = write!(s, r#"<figure id="{}" class="chart" aria-label="{}">{svg}<figcaption>{}</figcaption></figure>"#, esc(id), esc(title), esc(caption));
}

/// The complete HTML document.
pub fn render(d: &ReportData) -> Result<String> {
    let a = &d.accounting;
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = write!(s, "<title>bilat report — {}</title><style>{CSS}</style></head><body>", esc(&d.output.display().to_string()));
    let _ = write!(
        s,
        r#"<h1>bilat report</h1><p class="meta">Output folder <code>{}</code> · run finished {} · bilat {}</p>"#,
        esc(&d.output.display().to_string()),
        esc(&a.finished),
        esc(&a.tool_version)
    );

    let range = d.date_range.as_ref().map(|(f, l)| format!("{f} to {l}")).unwrap_or_else(|| "no articles".into());
    let _ = write!(
        s,
        r#"<section id="accounting"><h2>Run accounting</h2><table>
<tr><th>records read</th><td class="num">{}</td></tr>
<tr><th>ok</th><td class="num">{}</td></tr>
<tr><th>duplicate</th><td class="num">{}</td></tr>
<tr><th>error</th><td class="num">{}</td></tr>
<tr><th>relation rows</th><td class="num">{}</td></tr>
<tr><th>country pairs</th><td class="num">{}</td></tr>
<tr><th>date range (ok articles)</th><td>{}</td></tr>
</table></section>"#,
        a.read,
        a.ok,
        a.duplicate,
        a.error,
        a.relations,
        d.pairs.len(),
        esc(&range)
    );

    figure(&mut s, bars::ID, bars::TITLE, &bars::svg(d)?, "Bar length: distinct articles (duplicates excluded); colour: sign of the pair's mean sentiment over its articles.");
    figure(&mut s, timeline::ID, timeline::TITLE, &timeline::svg(d)?, "Each point: the mean sentiment of the pair's articles dated in that month.");
    figure(&mut s, sectors::ID, sectors::TITLE, &sectors::svg(d)?, "Share of each sector among the pair's (article, sector) rows in pair_sector_month; an article may carry several sectors.");
    figure(&mut s, network::ID, network::TITLE, &network::svg(d), "Hover a chord or a country for its numbers.");

    // Anchors for the cited articles.
    let anchors: BTreeMap<String, usize> = d.cited.keys().enumerate().map(|(k, id)| (id.clone(), k + 1)).collect();
    s.push_str(r#"<section id="evidence"><h2>Evidence behind the most positive and most negative pairs</h2><div class="cols"><div><h2>Most positive</h2>"#);
    evidence_block(&mut s, d, &d.positive, &anchors, "pos", "No pair with a positive mean sentiment.");
    s.push_str("</div><div><h2>Most negative</h2>");
    evidence_block(&mut s, d, &d.negative, &anchors, "neg", "No pair with a negative mean sentiment.");
    s.push_str("</div></div></section>");

    s.push_str(r#"<section id="articles"><h2>Articles cited</h2><table><tr><th>article id</th><th>date</th><th>source</th><th>headline</th><th>file</th></tr>"#);
    for (id, art) in &d.cited {
        let _ = write!(
            s,
            r#"<tr id="art-{}"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>"#,
            anchors[id],
            esc(id),
            esc(&art.date),
            esc(&art.source),
            esc(&art.title),
            esc(&art.source_path)
        );
    }
    s.push_str("</table></section></body></html>\n");
    Ok(s)
}
