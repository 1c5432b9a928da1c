//! Scaling out: three shards plus `bilat aggregate` give the same rows as one run, and
//! the streaming mode turns stdin into rows without losing a record.

mod common;
use common::{read_csv, Fixture, BIN};
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

fn sorted_rows(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let mut v = read_csv(path);
    v.sort();
    v
}

fn feed() -> String {
    let mut s = String::new();
    let pairs = [("Japan", "Vietnam"), ("Kenya", "Ethiopia"), ("Chile", "Peru"), ("Poland", "Germany")];
    for i in 0..300 {
        // every fifth story is an exact re-send of the one before it
        let n = if i % 5 == 4 { i - 1 } else { i };
        let (a, b) = pairs[n % 4];
        s.push_str(&format!(
            "{{\"id\": \"s{i}\", \"title\": \"{a} and {b} deal {n}\", \"body\": \"{a} and {b} signed agreement {n} on trade and energy, officials said.\", \"date\": \"2024-0{m}-12\"}}\n",
            m = 1 + n % 9
        ));
    }
    s
}

fn run(args: &[&str]) {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn three_shards_and_aggregate_equal_one_run() {
    let fx = Fixture::new();
    fx.write("feed.jsonl", feed());
    fx.write("000_ecd26b8948b7705e.txt", common::seed_text());
    let input = fx.input().to_string_lossy().into_owned();
    let base = fx.dir.path().to_string_lossy().into_owned();
    run(&["run", "-q", "--input", &input, "--output", &format!("{base}/one"), "--reference-date", "2026-11-27"]);
    for k in 1..=3 {
        run(&["run", "-q", "--input", &input, "--output", &format!("{base}/s{k}"), "--shard", &format!("{k}/3"), "--reference-date", "2026-11-27"]);
    }
    run(&["aggregate", "--input", &format!("{base}/s*/current/relations.parquet"), "--output", &format!("{base}/agg")]);
    for table in ["relations", "articles"] {
        let mut shards = Vec::new();
        for k in 1..=3 {
            shards.extend(read_csv(&fx.dir.path().join(format!("s{k}/{table}.csv"))));
        }
        shards.sort();
        let one = sorted_rows(&fx.dir.path().join(format!("one/{table}.csv")));
        assert!(!one.is_empty());
        assert_eq!(one, shards, "{table}: shards differ from one run");
    }
    for table in ["pair_sector_month", "pair_summary"] {
        let one = sorted_rows(&fx.dir.path().join(format!("one/{table}.csv")));
        let agg = sorted_rows(&fx.dir.path().join(format!("agg/{table}.csv")));
        assert_eq!(one, agg, "{table}: aggregate differs from one run");
    }
    let dups = read_csv(&fx.dir.path().join("one/articles.csv")).iter().filter(|a| a["status"] == "duplicate").count();
    assert_eq!(dups, 60);
}

#[test]
fn extract_streams_rows_and_error_rows() {
    let mut child = Command::new(BIN)
        .args(["extract", "--stdin", "--reference-date", "2026-11-27"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, r#"{{"id": "a", "body": "Japan and Vietnam signed a port agreement.", "date": "2025-06-03"}}"#).unwrap();
        writeln!(stdin, "{{not json").unwrap();
        writeln!(stdin, r#"{{"id": "b", "body": "Markets were quiet on Tuesday."}}"#).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["record_type"].as_str().unwrap(), r.get("article_id").and_then(|v| v.as_str()).unwrap_or("")))
        .collect();
    assert!(kinds.iter().all(|k| *k == ("relation", "a") || k.0 != "relation"));
    assert!(kinds.contains(&("relation", "a")));
    assert!(kinds.contains(&("error", "")));
    assert!(kinds.contains(&("article", "b")));
    let rel = rows.iter().find(|r| r["record_type"] == "relation").unwrap();
    assert_eq!((rel["country_a"].as_str(), rel["country_b"].as_str()), (Some("JPN"), Some("VNM")));
    let err = rows.iter().find(|r| r["record_type"] == "error").unwrap();
    assert_eq!(err["line"], 2);
}
