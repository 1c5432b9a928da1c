//! "Sentiment over time": one line per top pair, the mean sentiment of its articles in
//! each month (a marker per month with articles; months without articles are skipped).

use super::{chart_on, empty_svg, framed_svg, legend, perr, ReportData, PALETTE};
use anyhow::Result;
use plotters::prelude::*;

pub const ID: &str = "chart-sentiment-time";
pub const TITLE: &str = "Sentiment over time, top pairs (monthly mean)";

/// Every month from `first` to `last` (`YYYY-MM`), inclusive.
pub fn month_span(first: &str, last: &str) -> Vec<String> {
    let parse = |s: &str| -> Option<(i32, u32)> { Some((s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?)) };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else { return vec![] };
    let mut out = Vec::new();
    while (y, m) <= end && out.len() < 1200 {
        out.push(format!("{y:04}-{m:02}"));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

pub fn svg(d: &ReportData) -> Result<String> {
    let (w, h) = (1300u32, 560u32);
    let first = d.monthly.iter().flat_map(|m| m.keys()).min().cloned();
    let last = d.monthly.iter().flat_map(|m| m.keys()).max().cloned();
    let (Some(first), Some(last)) = (first, last) else { return Ok(empty_svg(TITLE, w, 200)) };
    let months = month_span(&first, &last);
    let pos = |m: &str| months.iter().position(|x| x == m).unwrap_or(0) as f64;
    let nm = months.len() as f64;
    framed_svg(w, h, |left, right| {
        let mut chart = chart_on(left, TITLE, 80)
            .margin_right(30)
            .build_cartesian_2d(-0.5f64..nm - 0.5, -1.0f64..1.0)
            .map_err(perr)?;
        let month_label = |x: &f64| {
            let r = x.round();
            if (x - r).abs() < 1e-6 && r >= 0.0 && (r as usize) < months.len() {
                months[r as usize].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .x_labels(months.len().clamp(2, 12))
            .x_label_formatter(&month_label)
            .y_labels(9)
            .y_label_formatter(&|y| super::signed(*y))
            .x_desc("month")
            .y_desc("mean sentiment (−1 … +1)")
            .label_style(("sans-serif", 17))
            .axis_desc_style(("sans-serif", 17))
            .light_line_style(RGBColor(238, 238, 238))
            .draw()
            .map_err(perr)?;
        chart.draw_series(LineSeries::new([(-0.5, 0.0), (nm - 0.5, 0.0)], BLACK.mix(0.5).stroke_width(1))).map_err(perr)?;
        let mut entries = Vec::new();
        for (i, series) in d.monthly.iter().enumerate() {
            let (r, g, b) = PALETTE[i % PALETTE.len()];
            let colour = RGBColor(r, g, b);
            let pts: Vec<(f64, f64)> = series.iter().map(|(m, (s, _))| (pos(m), *s)).collect();
            chart.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(3))).map_err(perr)?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 5, colour.filled()))).map_err(perr)?;
            entries.push((d.pair_label(&d.pairs[i]), (r, g, b)));
        }
        legend(right, "Country pair", 60, &entries)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn month_span_crosses_years() {
        assert_eq!(super::month_span("2022-11", "2023-02"), ["2022-11", "2022-12", "2023-01", "2023-02"]);
        assert_eq!(super::month_span("2024-04", "2024-04"), ["2024-04"]);
    }
}
