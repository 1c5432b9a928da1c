//! The two aggregate tables of a run (`pair_sector_month`, `pair_summary`) computed from
//! the published relation rows with hash maps, not a polars query. The rows are a few
//! thousand per corpus, and the lazy query's planning, thread hand-offs and per-row date
//! formatting cost more than the counting: a 1× run's end was 6–10 ms shorter without
//! the query, and a run on an empty input 8 ms shorter (start-up ran it on empty frames
//! to learn the tables' shapes).
//! The results are the same frames the polars query in `cmd::aggregate` gives (that
//! query stays for `bilat aggregate`, which scans Parquet datasets); a property test
//! below holds the two to each other, value for value and type for type.

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// The relation columns the aggregates read, one frame at a time (a segment's rows).
struct Slim<'a> {
    article_id: &'a StringChunked,
    date: &'a Int32Chunked,
    a: &'a StringChunked,
    b: &'a StringChunked,
    sector: &'a StringChunked,
    sentiment: &'a Float64Chunked,
}

impl<'a> Slim<'a> {
    fn of(df: &'a DataFrame) -> PolarsResult<Self> {
        Ok(Slim {
            article_id: df.column("article_id")?.str()?,
            date: df.column("date")?.date()?.physical(),
            a: df.column("country_a")?.str()?,
            b: df.column("country_b")?.str()?,
            sector: df.column("sector")?.str()?,
            sentiment: df.column("sentiment")?.f64()?,
        })
    }
}

/// One relation row: article, date (days since 1970), pair, sector, sentiment.
type Row<'a> = (Option<&'a str>, Option<i32>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<f64>);

/// Every row of `frames`, in order.
fn rows<'a>(frames: &'a [Slim<'a>]) -> impl Iterator<Item = Row<'a>> + 'a {
    frames.iter().flat_map(|s| {
        s.article_id
            .iter()
            .zip(s.date.iter())
            .zip(s.a.iter())
            .zip(s.b.iter())
            .zip(s.sector.iter())
            .zip(s.sentiment.iter())
            .map(|(((((id, d), a), b), sector), v)| (id, d, a, b, sector, v))
    })
}

/// A sentiment (already rounded to 4 decimals) as a whole number of ten-thousandths,
/// as `exact_mean` in `cmd::aggregate` turns it (`None` where its cast gives null).
fn ten_thousandths(v: Option<f64>) -> Option<i64> {
    let x = (v? * 10_000.0).round_ties_even();
    // a float → Int64 cast of polars: null when not finite or out of range
    (x.is_finite() && x >= i64::MIN as f64 && x < i64::MAX as f64).then_some(x as i64)
}

/// The mean of `n` sentiments whose ten-thousandths add up to `sum`, rounded to 4
/// decimals half to even: the arithmetic of `exact_mean` as polars carries it out on a
/// column of `groups` means. Its kernel divides a column of several values by a number
/// by multiplying with the number's reciprocal, which can differ from a division in the
/// last bit and then decide a tie the other way ("-0.54765" rounds to -0.5477 that
/// way, to -0.5476 by a division); a column of one value it divides.
fn exact_mean(sum: i64, n: u32, groups: usize) -> f64 {
    let per_row = sum as f64 / f64::from(n);
    let mean = if groups == 1 { per_row / 10_000.0 } else { per_row * (1.0 / 10_000.0) };
    let r = (mean * 10_000.0).round_ties_even() / 10_000.0;
    if r.is_finite() {
        r
    } else {
        mean
    }
}

/// The month of a date (days since 1970), as year and month: a row's group key.
fn month_of(days: Option<i32>) -> Option<(i32, u32)> {
    let d = super::frames::from_days(days?);
    Some((d.year(), d.month()))
}

/// "1987-02": a month as polars' `dt().to_string("%Y-%m")` spells it (once per group).
fn month_text((year, month): (i32, u32)) -> Option<String> {
    NaiveDate::from_ymd_opt(year, month, 1).map(|d| d.format("%Y-%m").to_string())
}

/// `pair_sector_month`: per pair, sector and month, the distinct articles, the rows and
/// their mean sentiment, sorted by pair, sector and month.
pub fn pair_sector_month(frames: &[DataFrame]) -> PolarsResult<DataFrame> {
    let slim: Vec<Slim> = frames.iter().map(Slim::of).collect::<PolarsResult<_>>()?;
    struct Cell<'a> {
        articles: FxHashSet<Option<&'a str>>,
        rows: u32,
        sum: i64,
    }
    let mut cells: FxHashMap<(Option<&str>, Option<&str>, Option<&str>, Option<(i32, u32)>), Cell> = FxHashMap::default();
    for (id, date, a, b, sector, v) in rows(&slim) {
        let cell = cells.entry((a, b, sector, month_of(date))).or_insert_with(|| Cell { articles: FxHashSet::default(), rows: 0, sum: 0 });
        cell.articles.insert(id);
        cell.rows += 1;
        cell.sum += ten_thousandths(v).unwrap_or(0);
    }
    // sorted by the month as spelt (the order polars sorts the text in)
    let mut out: Vec<_> = cells.into_iter().map(|((a, b, sector, m), cell)| ((a, b, sector, m.and_then(month_text)), cell)).collect();
    out.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let n = out.len();
    DataFrame::new(
        n,
        vec![
            Column::new("country_a".into(), out.iter().map(|(k, _)| k.0).collect::<Vec<_>>()),
            Column::new("country_b".into(), out.iter().map(|(k, _)| k.1).collect::<Vec<_>>()),
            Column::new("sector".into(), out.iter().map(|(k, _)| k.2).collect::<Vec<_>>()),
            Column::new("month".into(), out.iter().map(|(k, _)| k.3.as_deref()).collect::<Vec<_>>()),
            Column::new("n_articles".into(), out.iter().map(|(_, c)| c.articles.len() as u32).collect::<Vec<_>>()),
            Column::new("n_rows".into(), out.iter().map(|(_, c)| c.rows).collect::<Vec<_>>()),
            Column::new("mean_sentiment".into(), out.iter().map(|(_, c)| exact_mean(c.sum, c.rows, n)).collect::<Vec<_>>()),
        ],
    )
}

/// `pair_summary`: per pair, the first and last date, the articles, their mean
/// sentiment (each article's first row counts once) and the three sectors with most
/// rows (ties by name), sorted by pair.
pub fn pair_summary(frames: &[DataFrame]) -> PolarsResult<DataFrame> {
    let slim: Vec<Slim> = frames.iter().map(Slim::of).collect::<PolarsResult<_>>()?;
    // each article's first row per pair, and the rows per pair and sector
    let mut first: FxHashMap<(Option<&str>, Option<&str>, Option<&str>), (Option<i32>, Option<f64>)> = FxHashMap::default();
    let mut sectors: FxHashMap<(Option<&str>, Option<&str>, Option<&str>), u32> = FxHashMap::default();
    for (id, date, a, b, sector, v) in rows(&slim) {
        first.entry((a, b, id)).or_insert((date, v));
        *sectors.entry((a, b, sector)).or_insert(0) += 1;
    }
    struct Pair {
        first: Option<i32>,
        last: Option<i32>,
        articles: u32,
        sum: i64,
    }
    let mut pairs: FxHashMap<(Option<&str>, Option<&str>), Pair> = FxHashMap::default();
    for ((a, b, _), (date, v)) in first {
        let p = pairs.entry((a, b)).or_insert(Pair { first: None, last: None, articles: 0, sum: 0 });
        p.first = match (p.first, date) {
            (Some(x), Some(d)) => Some(x.min(d)),
            (x, d) => x.or(d),
        };
        p.last = p.last.max(date);
        p.articles += 1;
        p.sum += ten_thousandths(v).unwrap_or(0);
    }
    // most rows first, then by name; a pair with a missing country joins no sectors
    // (a left join on null keys matches nothing)
    let mut ranked: Vec<_> = sectors.into_iter().collect();
    ranked.sort_unstable_by(|((a1, b1, s1), n1), ((a2, b2, s2), n2)| (a1, b1).cmp(&(a2, b2)).then(n2.cmp(n1)).then(s1.cmp(s2)));
    let mut top: FxHashMap<(&str, &str), (usize, String)> = FxHashMap::default();
    for ((a, b, sector), _) in &ranked {
        let (Some(a), Some(b)) = (a, b) else { continue };
        let (taken, joined) = top.entry((a, b)).or_insert((0, String::new()));
        if *taken < 3 {
            *taken += 1;
            if let Some(s) = sector {
                if !joined.is_empty() {
                    joined.push(';');
                }
                joined.push_str(s);
            }
        }
    }
    let mut out: Vec<_> = pairs.into_iter().collect();
    out.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    let n = out.len();
    let top_sectors: Vec<Option<&str>> = out
        .iter()
        .map(|(k, _)| match *k {
            (Some(a), Some(b)) => top.get(&(a, b)).map(|(_, s)| s.as_str()),
            _ => None,
        })
        .collect();
    DataFrame::new(
        n,
        vec![
            Column::new("country_a".into(), out.iter().map(|(k, _)| k.0).collect::<Vec<_>>()),
            Column::new("country_b".into(), out.iter().map(|(k, _)| k.1).collect::<Vec<_>>()),
            super::frames::date_col("first_date", out.iter().map(|(_, p)| p.first).collect::<Vec<_>>())?,
            super::frames::date_col("last_date", out.iter().map(|(_, p)| p.last).collect::<Vec<_>>())?,
            Column::new("n_articles".into(), out.iter().map(|(_, p)| p.articles).collect::<Vec<_>>()),
            Column::new("mean_sentiment".into(), out.iter().map(|(_, p)| exact_mean(p.sum, p.articles, n)).collect::<Vec<_>>()),
            Column::new("top_sectors".into(), top_sectors),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Relation rows as the publisher keeps them: a few articles, pairs, sectors and
    /// months, so that groups have many rows; sentiments on the 4-decimal grid (and a
    /// few values off it and missing, which the two must treat alike too).
    fn frame(rows: &[(u8, i32, u8, u8, u8, Option<i32>)]) -> DataFrame {
        let names = ["CHN", "JPN", "USA"];
        let sectors = ["trade", "energy", "defence", "finance"];
        let col = |n: &str, v: Vec<Option<&str>>| Column::new(n.into(), v);
        DataFrame::new(
            rows.len(),
            vec![
                col("article_id", rows.iter().map(|r| Some(["a1", "a2", "a3", "a4", "a5"][r.0 as usize % 5])).collect()),
                Column::new("date".into(), rows.iter().map(|r| Some(r.1)).collect::<Vec<_>>()).cast(&DataType::Date).unwrap(),
                col("country_a", rows.iter().map(|r| Some(names[r.2 as usize % 3])).collect()),
                col("country_b", rows.iter().map(|r| Some(names[(r.2 as usize + 1 + r.3 as usize % 2) % 3])).collect()),
                col("sector", rows.iter().map(|r| Some(sectors[r.4 as usize % 4])).collect()),
                Column::new(
                    "sentiment".into(),
                    rows.iter().map(|r| r.5.map(|k| if k % 7 == 0 { f64::from(k) / 33_333.0 } else { f64::from(k) / 10_000.0 })).collect::<Vec<_>>(),
                ),
            ],
        )
        .unwrap()
    }

    fn same(ours: &DataFrame, polars: &DataFrame) -> Result<(), TestCaseError> {
        prop_assert_eq!(ours.schema(), polars.schema());
        prop_assert!(ours.equals_missing(polars), "ours\n{}\npolars\n{}", ours, polars);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Both tables equal what the polars query of `bilat aggregate` makes of the same
        /// rows, split into frames as the publisher's segments split them.
        #[test]
        fn equal_to_the_polars_query(
            rows in proptest::collection::vec((0u8..5, 5_000i32..5_200, 0u8..3, 0u8..2, 0u8..4, proptest::option::weighted(0.95, -10_000i32..=10_000)), 0..120),
            cut in 0usize..120,
        ) {
            let cut = cut.min(rows.len());
            let frames: Vec<DataFrame> = [&rows[..cut], &rows[cut..]].iter().filter(|r| !r.is_empty()).map(|r| frame(r)).collect();
            let all = frame(&rows);
            let psm = crate::cmd::aggregate::pair_sector_month(all.clone().lazy()).collect().unwrap();
            same(&pair_sector_month(&frames).unwrap(), &psm)?;
            let summary = crate::cmd::aggregate::pair_summary(all.lazy()).collect().unwrap();
            same(&pair_summary(&frames).unwrap(), &summary)?;
        }
    }
}
