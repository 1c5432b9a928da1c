//! "Sector mix of the top pairs": one stacked horizontal bar per pair, each sector's
//! share of the pair's sector mentions (an article counts once per sector it carries).

use super::{chart_on, empty_svg, framed_svg, legend, perr, ReportData, PALETTE};
use anyhow::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const ID: &str = "chart-sector-mix";
pub const TITLE: &str = "Sector mix of the top pairs";

pub fn svg(d: &ReportData) -> Result<String> {
    let n = d.sector_mix.len();
    // Sectors present in the top pairs, in the dimension's order; unknown ids last.
    let mut order: Vec<(String, String)> = d.sectors.iter().filter(|(id, _)| d.sector_mix.iter().any(|m| m.contains_key(id))).cloned().collect();
    for m in &d.sector_mix {
        for id in m.keys() {
            if !order.iter().any(|(o, _)| o == id) {
                order.push((id.clone(), id.clone()));
            }
        }
    }
    let colour = |id: &str| {
        let k = d.sectors.iter().position(|(s, _)| s == id).unwrap_or(d.sectors.len() + order.iter().position(|(s, _)| s == id).unwrap_or(0));
        PALETTE[k % PALETTE.len()]
    };
    let (w, h) = (1300u32, (130 + 36 * n as u32).max(110 + 24 * order.len() as u32));
    if n == 0 {
        return Ok(empty_svg(TITLE, w, 200));
    }
    let labels: Vec<String> = d.pairs[..n].iter().map(|p| d.pair_label(p)).collect();
    framed_svg(w, h, |left, right| {
        let mut chart = chart_on(left, TITLE, super::label_area(&labels))
            .margin_right(30)
            .build_cartesian_2d(0f64..100.0, (0..n as i32 - 1).into_segmented())
            .map_err(perr)?;
        let row = |i: usize| (n - 1 - i) as i32;
        let label_of = |v: &SegmentValue<i32>| super::row_label(&labels, v);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&label_of)
            .x_label_formatter(&|x| format!("{x:.0}%"))
            .x_desc("share of the pair's sector mentions")
            .y_desc("country pair")
            .label_style(("sans-serif", 17))
            .axis_desc_style(("sans-serif", 17))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(perr)?;
        for (i, mix) in d.sector_mix.iter().enumerate() {
            let total: u32 = mix.values().sum();
            if total == 0 {
                continue;
            }
            let mut x = 0.0;
            for (id, _) in &order {
                let Some(&k) = mix.get(id) else { continue };
                let share = 100.0 * k as f64 / total as f64;
                let (r, g, b) = colour(id);
                let mut bar = Rectangle::new(
                    [(x, SegmentValue::Exact(row(i))), (x + share, SegmentValue::Exact(row(i) + 1))],
                    RGBColor(r, g, b).filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                chart.draw_series(std::iter::once(bar)).map_err(perr)?;
                if share >= 7.0 {
                    chart
                        .draw_series(std::iter::once(
                            EmptyElement::at((x, SegmentValue::CenterOf(row(i))))
                                + Text::new(
                                    format!("{share:.0}%"),
                                    (5, 0),
                                    TextStyle::from(("sans-serif", 15).into_font())
                                        .pos(Pos::new(HPos::Left, VPos::Center))
                                        .color(&super::ink_on((r, g, b))),
                                ),
                        ))
                        .map_err(perr)?;
                }
                x += share;
            }
        }
        let entries: Vec<(String, (u8, u8, u8))> = order.iter().map(|(id, label)| (label.clone(), colour(id))).collect();
        legend(right, "Sector", 50, &entries)?;
        Ok(())
    })
}
