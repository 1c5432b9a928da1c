//! Dimension tables, so a notebook can join names, regions and sector labels without
//! other data: `countries` (every country of the lexicon) and `sectors`.

use crate::lexicon::Lexicons;
use polars::prelude::*;

/// iso3, iso2, name, region, subregion.
pub fn countries(lex: &Lexicons) -> PolarsResult<DataFrame> {
    let c = &lex.countries;
    let mut df = DataFrame::new(
        c.len(),
        vec![
            Column::new("iso3".into(), c.iter().map(|x| x.iso3.as_str()).collect::<Vec<_>>()),
            Column::new("iso2".into(), c.iter().map(|x| x.iso2.as_str()).collect::<Vec<_>>()),
            Column::new("name".into(), c.iter().map(|x| x.name.as_str()).collect::<Vec<_>>()),
            Column::new("region".into(), c.iter().map(|x| x.region.as_str()).collect::<Vec<_>>()),
            Column::new("subregion".into(), c.iter().map(|x| x.subregion.as_str()).collect::<Vec<_>>()),
        ],
    )?;
    df.sort_in_place(["iso3"], SortMultipleOptions::default())?;
    Ok(df)
}

/// id, label, description, in the spec's order.
pub fn sectors(lex: &Lexicons) -> PolarsResult<DataFrame> {
    let s = &lex.sector_ids;
    DataFrame::new(
        s.len(),
        vec![
            Column::new("id".into(), s.iter().map(|x| x.0.as_str()).collect::<Vec<_>>()),
            Column::new("label".into(), s.iter().map(|x| x.1.as_str()).collect::<Vec<_>>()),
            Column::new("description".into(), s.iter().map(|x| x.2.as_str()).collect::<Vec<_>>()),
        ],
    )
}
