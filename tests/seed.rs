//! The seed article end to end: the binary, run on the TASS story alone, must publish
//! exactly the pairs a careful reader finds (eval/dev/seed_gold.jsonl, checked by hand).

mod common;
use common::Fixture;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn seed_gives_its_three_positive_pairs_dated_from_the_dateline() {
    let fx = Fixture::new();
    fx.write("000_ecd26b8948b7705e.txt", common::seed_text());
    fx.run(&[]);
    let rows = fx.table("relations");
    let pairs: BTreeSet<(String, String)> = rows.iter().map(|r| (r["country_a"].clone(), r["country_b"].clone())).collect();
    let want: BTreeSet<(String, String)> = [("COL", "RUS"), ("RUS", "URY"), ("RUS", "VEN")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(pairs, want);
    for r in &rows {
        assert_eq!(r["date"], "2022-09-20");
        assert_eq!(r["sentiment_label"], "positive", "{r:?}");
        assert!(r["sentiment"].parse::<f64>().unwrap() > 0.0);
        assert_eq!(r["source"], "TASS");
        assert!(!r["evidence"].is_empty());
    }
    let mut sectors: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        sectors.entry((r["country_a"].clone(), r["country_b"].clone())).or_default().insert(r["sector"].clone());
    }
    let ven = &sectors[&("RUS".to_string(), "VEN".to_string())];
    for s in ["energy", "industry", "infrastructure", "transport", "health"] {
        assert!(ven.contains(s), "RUS-VEN lacks {s}: {ven:?}");
    }
    let col = &sectors[&("COL".to_string(), "RUS".to_string())];
    for s in ["trade", "energy", "science_technology", "education", "culture", "security"] {
        assert!(col.contains(s), "COL-RUS lacks {s}: {col:?}");
    }
    let arts = fx.table("articles");
    assert_eq!(arts.len(), 1);
    assert_eq!(arts[0]["date_source"], "dateline");
    assert_eq!(arts[0]["dateline_place"], "MOSCOW");
    assert_eq!(arts[0]["countries"], "COL;RUS;URY;VEN");
    assert_eq!(arts[0]["status"], "ok");
}

#[test]
fn bundled_input_runs_and_the_conflict_story_is_negative() {
    let fx = Fixture::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/input")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            fx.write(&name, std::fs::read(&p).unwrap());
        }
    }
    fx.run(&[]);
    let m = fx.manifest();
    assert_eq!(m["inputs"]["error"], 0);
    assert!(m["inputs"]["read"].as_u64().unwrap() >= 4);
    let rows = fx.table("relations");
    let nor_rus: Vec<_> = rows.iter().filter(|r| r["country_a"] == "NOR" && r["country_b"] == "RUS").collect();
    assert!(!nor_rus.is_empty());
    assert!(nor_rus.iter().all(|r| r["sentiment_label"] == "negative"));
    // JSONL and CSV samples were read with their metadata dates
    let arts = fx.table("articles");
    let jsonl = arts.iter().find(|a| a["article_id"] == "sample-jsonl-2").expect("jsonl sample");
    assert_eq!((jsonl["date"].as_str(), jsonl["date_source"].as_str()), ("2025-09-09", "metadata"));
    assert!(arts.iter().any(|a| a["article_id"] == "sample-csv-1"));
}
