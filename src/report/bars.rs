//! "Top pairs by article count": horizontal bars (articles), coloured by the sign of the
//! pair's mean sentiment, each labelled with its count and mean.

use super::{chart_on, data::TOP_BARS, empty_svg, framed_svg, legend, perr, sign_rgb, signed, ReportData};
use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const ID: &str = "chart-top-pairs";
pub const TITLE: &str = "Top pairs by article count";

pub fn svg(d: &ReportData) -> Result<String> {
    let n = d.pairs.len().min(TOP_BARS);
    let (w, h) = (1300u32, 130 + 36 * n as u32);
    if n == 0 {
        return Ok(empty_svg(TITLE, w, 200));
    }
    let top = &d.pairs[..n];
    let labels: Vec<String> = top.iter().map(|p| d.pair_label(p)).collect();
    let max = top.iter().map(|p| p.n_articles).max().unwrap_or(1).max(1) as f64;
    framed_svg(w, h, |left, right| {
        let mut chart = chart_on(left, TITLE, super::label_area(&labels))
            .build_cartesian_2d(0f64..max * 1.3, (0..n as i32 - 1).into_segmented())
            .map_err(perr)?;
        // Row 0 is at the bottom: the first pair goes to the top row.
        let row = |i: usize| (n - 1 - i) as i32;
        let label_of = |v: &SegmentValue<i32>| super::row_label(&labels, v);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&label_of)
            .x_label_formatter(&|x| if x.fract() == 0.0 { format!("{x:.0}") } else { String::new() })
            .x_desc("articles")
            .y_desc("country pair")
            .label_style(("sans-serif", 17))
            .axis_desc_style(("sans-serif", 17))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(perr)?;
        chart
            .draw_series(top.iter().enumerate().map(|(i, p)| {
                let (r, g, b) = sign_rgb(p.mean_sentiment);
                let mut bar = Rectangle::new(
                    [(0.0, SegmentValue::Exact(row(i))), (p.n_articles as f64, SegmentValue::Exact(row(i) + 1))],
                    RGBColor(r, g, b).filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                bar
            }))
            .map_err(perr)?;
        chart
            .draw_series(top.iter().enumerate().map(|(i, p)| {
                EmptyElement::at((p.n_articles as f64, SegmentValue::CenterOf(row(i))))
                    + Text::new(
                        format!("{} · mean {}", p.n_articles, signed(p.mean_sentiment)),
                        (6, 0),
                        TextStyle::from(("sans-serif", 16).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
                    )
            }))
            .map_err(perr)?;
        legend(
            right,
            "Mean sentiment",
            60,
            &[("positive (> 0)".into(), sign_rgb(1.0)), ("negative (< 0)".into(), sign_rgb(-1.0)), ("zero".into(), sign_rgb(0.0))],
        )?;
        Ok(())
    })
}
