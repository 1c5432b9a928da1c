//! `bilat report`: one self-contained `report.html` from a published output folder —
//! inline SVG charts, inline CSS, no scripts, nothing fetched at view time.
//!
//! `data` reads the tables into plain values; each chart has its own file and returns an
//! SVG string; `page` assembles the HTML. The bar, line and stacked-bar charts are drawn
//! with `plotters` (SVG backend only, no font feature: plotters then estimates text
//! widths itself and the browser renders the `<text>` elements with its own fonts, so
//! no system font library is needed). The pair network is hand-written SVG because
//! plotters has no graph layout: countries sit on a circle grouped by region, pairs are
//! chords.
//!
//! Every string that reaches the page goes through [`esc`] (plotters escapes the text
//! it writes itself).

pub mod bars;
pub mod data;
pub mod network;
pub mod page;
pub mod sectors;
pub mod timeline;

pub use data::{load, ReportData};

/// Escape text for HTML element content and attribute values (also valid in SVG).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Colour of a sentiment value: green for positive, red for negative, grey near zero;
/// the further from zero, the stronger the colour (full at |s| = 0.5).
pub fn sentiment_rgb(s: f64) -> (u8, u8, u8) {
    let grey = (150.0, 150.0, 150.0);
    let end = if s >= 0.0 { (26.0, 140.0, 60.0) } else { (200.0, 40.0, 40.0) };
    let t = (s.abs() / 0.5).clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    (mix(grey.0, end.0), mix(grey.1, end.1), mix(grey.2, end.2))
}

/// Bar colour by sign of the mean sentiment.
pub fn sign_rgb(s: f64) -> (u8, u8, u8) {
    if s > 0.0 {
        (46, 150, 80)
    } else if s < 0.0 {
        (205, 60, 60)
    } else {
        (150, 150, 150)
    }
}

/// A palette of distinct colours for series (lines, sectors, regions).
pub const PALETTE: [(u8, u8, u8); 21] = [
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
    (174, 199, 232),
    (255, 187, 120),
    (152, 223, 138),
    (255, 152, 150),
    (197, 176, 213),
    (196, 156, 148),
    (247, 182, 210),
    (199, 199, 199),
    (219, 219, 141),
    (158, 218, 229),
    (57, 59, 121),
];

/// Black or white, whichever reads better on a fill colour.
pub fn ink_on((r, g, b): (u8, u8, u8)) -> plotters::style::RGBColor {
    let luma = 0.299 * r as f64 + 0.587 * g as f64 + 0.114 * b as f64;
    if luma < 140.0 {
        plotters::style::RGBColor(255, 255, 255)
    } else {
        plotters::style::RGBColor(20, 20, 20)
    }
}

pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Signed number with two decimals: "+0.43", "−0.38".
pub fn signed(x: f64) -> String {
    if x < 0.0 {
        format!("−{:.2}", -x)
    } else {
        format!("+{x:.2}")
    }
}

/// A chart's placeholder when there is nothing to draw.
pub fn empty_svg(title: &str, width: u32, height: u32) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"><text x="{}" y="30" text-anchor="middle" font-family="sans-serif" font-size="18">{}</text><text x="{}" y="{}" text-anchor="middle" font-family="sans-serif" font-size="14" fill="#666">No country pairs in this output.</text></svg>"##,
        width / 2,
        esc(title),
        width / 2,
        height / 2
    )
}

/// A plotters error as an anyhow error (plotters' errors are generic over the backend).
pub(crate) fn perr<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing chart: {e:?}")
}

/// Width of the axis label area that fits the longest label (17-unit plotters text is
/// about 13.7 px; a sans-serif character averages under 8 px at that size).
pub(crate) fn label_area(labels: &[String]) -> u32 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
    (longest * 8 + 40).clamp(140, 520)
}

/// The label of a segmented row in the horizontal bar charts: row 0 is at the bottom,
/// so the first pair (the top one) is row `n - 1`.
pub(crate) fn row_label(labels: &[String], v: &plotters::prelude::SegmentValue<i32>) -> String {
    let n = labels.len() as i32;
    match v {
        plotters::prelude::SegmentValue::CenterOf(r) if (0..n).contains(r) => labels[(n - 1 - *r) as usize].clone(),
        _ => String::new(),
    }
}

/// Width of the legend panel to the right of the plotters charts.
pub(crate) const LEGEND_W: u32 = 300;

/// A plotters drawing area on the report's SVG backend.
pub(crate) type Area<'b> = plotters::prelude::DrawingArea<plotters::prelude::SVGBackend<'b>, plotters::coord::Shift>;

/// The frame the plotters charts share: a white `w × h` SVG split into the plot (left)
/// and the legend panel (`LEGEND_W`, right); `draw` fills both, then the SVG text is
/// returned.
pub(crate) fn framed_svg(w: u32, h: u32, draw: impl FnOnce(&Area<'_>, &Area<'_>) -> anyhow::Result<()>) -> anyhow::Result<String> {
    use plotters::prelude::*;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(perr)?;
        let (left, right) = root.split_horizontally(w - LEGEND_W);
        draw(&left, &right)?;
        root.present().map_err(perr)?;
    }
    Ok(buf)
}

/// A chart builder on the plot area with the report's caption, margins and axis label
/// areas; a chart adds what differs (a wider right margin) and its coordinates.
pub(crate) fn chart_on<'a, 'b>(area: &'a Area<'b>, title: &str, y_label_area: u32) -> plotters::prelude::ChartBuilder<'a, 'b, plotters::prelude::SVGBackend<'b>> {
    let mut b = plotters::prelude::ChartBuilder::on(area);
    b.caption(title, ("sans-serif", 24)).margin(12).x_label_area_size(56).y_label_area_size(y_label_area);
    b
}

/// Draw a legend (colour swatch + label per row) into a panel, starting at `top`.
pub(crate) fn legend<DB: plotters::prelude::DrawingBackend>(
    area: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    heading: &str,
    top: i32,
    entries: &[(String, (u8, u8, u8))],
) -> anyhow::Result<()> {
    use plotters::prelude::*;
    area.draw(&Text::new(heading.to_owned(), (10, top), ("sans-serif", 17).into_font().style(FontStyle::Bold))).map_err(perr)?;
    for (k, (label, (r, g, b))) in entries.iter().enumerate() {
        let y = top + 26 + 24 * k as i32;
        area.draw(&Rectangle::new([(10, y), (26, y + 16)], RGBColor(*r, *g, *b).filled())).map_err(perr)?;
        area.draw(&Text::new(label.clone(), (34, y + 1), ("sans-serif", 17))).map_err(perr)?;
    }
    Ok(())
}
