//! "Pair network": countries as nodes on a circle, grouped by UN region (gaps between
//! regions), pairs as chords whose width grows with the pair's articles and whose colour
//! is its mean sentiment. Hand-written SVG: plotters has no graph layout, and a circle
//! layout needs only trigonometry. Labels read outward along the radius, flipped on the
//! left half so no name is upside down.

use super::{data::TOP_EDGES, empty_svg, esc, hex, sentiment_rgb, signed, ReportData};
use std::collections::BTreeMap;
use std::fmt::Write;

pub const ID: &str = "chart-network";
pub const TITLE: &str = "Pair network (top pairs by articles)";

const REGIONS: [(&str, (u8, u8, u8)); 6] = [
    ("Africa", (214, 140, 40)),
    ("Americas", (31, 119, 180)),
    ("Asia", (214, 39, 40)),
    ("Europe", (44, 160, 44)),
    ("Oceania", (148, 103, 189)),
    ("other", (127, 127, 127)),
];

fn region_colour(region: &str) -> (u8, u8, u8) {
    REGIONS.iter().find(|(r, _)| *r == region).map(|(_, c)| *c).unwrap_or(REGIONS[5].1)
}

pub fn svg(d: &ReportData) -> String {
    let (w, h) = (1300.0f64, 1180.0f64);
    let edges = &d.pairs[..d.pairs.len().min(TOP_EDGES)];
    if edges.is_empty() {
        return empty_svg(TITLE, w as u32, 200);
    }
    let (cx, cy, radius) = (560.0, 610.0, 320.0);

    // Nodes: every country in the drawn pairs, with its total articles over those pairs.
    let mut weight: BTreeMap<String, u32> = BTreeMap::new();
    for p in edges {
        *weight.entry(p.a.clone()).or_default() += p.n_articles;
        *weight.entry(p.b.clone()).or_default() += p.n_articles;
    }
    let region = |iso: &str| {
        let c = d.countries.get(iso);
        let r = c.map(|c| c.region.as_str()).filter(|r| REGIONS.iter().any(|(x, _)| x == r)).unwrap_or("other");
        (r.to_owned(), c.map(|c| c.subregion.clone()).unwrap_or_default())
    };
    let mut nodes: Vec<(String, String, String, String)> =
        weight.keys().map(|iso| { let (r, s) = region(iso); (r, s, d.name(iso), iso.clone()) }).collect();
    nodes.sort();
    let gaps = {
        let mut g = 0;
        for k in 1..nodes.len() {
            if nodes[k].0 != nodes[k - 1].0 {
                g += 1;
            }
        }
        g + 1
    };
    let slots = (nodes.len() + gaps) as f64;
    let mut pos: BTreeMap<String, (f64, f64, f64)> = BTreeMap::new();
    let mut slot = 0.0;
    for k in 0..nodes.len() {
        if k > 0 && nodes[k].0 != nodes[k - 1].0 {
            slot += 1.0;
        }
        let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * (slot + 0.5) / slots;
        pos.insert(nodes[k].3.clone(), (cx + radius * angle.cos(), cy + radius * angle.sin(), angle));
        slot += 1.0;
    }

    let max_n = edges.iter().map(|p| p.n_articles).max().unwrap_or(1).max(1) as f64;
    let max_w = weight.values().copied().max().unwrap_or(1).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" role="img" aria-label="{t}"><rect width="100%" height="100%" fill="white"/><text x="{tx}" y="34" text-anchor="middle" font-size="19.4">{t}</text>"#,
        t = esc(TITLE),
        tx = cx
    );
    let _ = write!(
        s,
        r##"<text x="{cx}" y="60" text-anchor="middle" font-size="14" fill="#555">{} pairs, {} countries; chord width = articles, colour = mean sentiment, node colour = region</text>"##,
        edges.len(),
        nodes.len()
    );

    // Chords, thin ones first so the big pairs stay on top.
    let mut order: Vec<&super::data::Pair> = edges.iter().collect();
    order.sort_by_key(|p| p.n_articles);
    s.push_str(r#"<g fill="none" stroke-linecap="round">"#);
    for p in order {
        let (Some(&(x1, y1, _)), Some(&(x2, y2, _))) = (pos.get(&p.a), pos.get(&p.b)) else { continue };
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let (qx, qy) = (cx + (mx - cx) * 0.35, cy + (my - cy) * 0.35);
        let width = 1.5 + 11.0 * (p.n_articles as f64 / max_n).sqrt();
        let _ = write!(
            s,
            r#"<path d="M{x1:.1},{y1:.1} Q{qx:.1},{qy:.1} {x2:.1},{y2:.1}" stroke="{}" stroke-width="{width:.1}" stroke-opacity="0.8"><title>{}: {} articles, mean sentiment {}</title></path>"#,
            hex(sentiment_rgb(p.mean_sentiment)),
            esc(&d.pair_label(p)),
            p.n_articles,
            signed(p.mean_sentiment)
        );
    }
    s.push_str("</g>");

    // Nodes and labels.
    for (reg, _, name, iso) in &nodes {
        let (x, y, angle) = pos[iso];
        let r = 5.0 + 9.0 * (weight[iso] as f64 / max_w).sqrt();
        let _ = write!(
            s,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}" stroke="white" stroke-width="1.5"><title>{} ({}): {} articles over the drawn pairs</title></circle>"#,
            hex(region_colour(reg)),
            esc(name),
            esc(iso),
            weight[iso]
        );
        let deg = angle.to_degrees();
        let left = angle.cos() < -1e-9;
        let (lx, ly) = (cx + (radius + r + 8.0) * angle.cos(), cy + (radius + r + 8.0) * angle.sin());
        let (rot, anchor) = if left { (deg + 180.0, "end") } else { (deg, "start") };
        let _ = write!(
            s,
            r#"<text x="{lx:.1}" y="{ly:.1}" transform="rotate({rot:.1} {lx:.1} {ly:.1})" text-anchor="{anchor}" dominant-baseline="central" font-size="15">{}</text>"#,
            esc(name)
        );
    }

    // Legends, top right.
    let lx = 1090.0;
    let mut y = 100.0;
    let _ = write!(s, r#"<text x="{lx}" y="{y}" font-size="16" font-weight="bold">Region</text>"#);
    for (reg, c) in REGIONS.iter().filter(|(r, _)| nodes.iter().any(|n| n.0 == *r)) {
        y += 24.0;
        let _ = write!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="7" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="15" dominant-baseline="central">{}</text>"#,
            lx + 8.0,
            y,
            hex(*c),
            lx + 22.0,
            y,
            esc(reg)
        );
    }
    y += 44.0;
    let _ = write!(s, r#"<text x="{lx}" y="{y}" font-size="16" font-weight="bold">Mean sentiment</text>"#);
    for v in [0.5, 0.25, 0.0, -0.25, -0.5] {
        y += 24.0;
        let _ = write!(
            s,
            r#"<line x1="{lx}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{}" stroke-width="6"/><text x="{:.1}" y="{y:.1}" font-size="15" dominant-baseline="central">{}{}</text>"#,
            lx + 30.0,
            hex(sentiment_rgb(v)),
            lx + 38.0,
            signed(v),
            if v == 0.5 { " or more" } else if v == -0.5 { " or less" } else { "" }
        );
    }
    y += 44.0;
    let _ = write!(s, r#"<text x="{lx}" y="{y}" font-size="16" font-weight="bold">Articles</text>"#);
    let mut shown = Vec::new();
    for f in [1.0, 0.25, 0.05] {
        let n = ((max_n * f).round() as u32).max(1);
        if shown.contains(&n) {
            continue;
        }
        shown.push(n);
        y += 24.0;
        let width = 1.5 + 11.0 * (n as f64 / max_n).sqrt();
        let _ = write!(
            s,
            r##"<line x1="{lx}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#888" stroke-width="{width:.1}"/><text x="{:.1}" y="{y:.1}" font-size="15" dominant-baseline="central">{n}</text>"##,
            lx + 30.0,
            lx + 38.0
        );
    }
    s.push_str("</svg>");
    s
}
