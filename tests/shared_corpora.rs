//! Checks against the shared evaluation data (`../shared`: dev gold, Reuters-21578).
//! They are `#[ignore]`d because a plain clone has no `../shared`; `.ci/run` runs them
//! with `--ignored` where it exists (set `BILAT_SHARED` to point elsewhere).

mod common;
use std::path::PathBuf;
use std::process::Command;

fn shared() -> PathBuf {
    std::env::var_os("BILAT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")))
}

fn eval(gold: &str, input: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("scores.json");
    let out = Command::new(common::BIN)
        .arg("eval")
        .arg("--gold")
        .arg(shared().join(gold))
        .arg("--input")
        .arg(input)
        .arg("--json")
        .arg(&json)
        .args(["--reference-date", "2026-11-27"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    println!("{}", String::from_utf8_lossy(&out.stdout));
    serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap()
}

#[test]
#[ignore = "needs ../shared"]
fn reuters_dev_gold_scores() {
    let input = shared().join("eval/dev/reuters_dev_input.jsonl");
    let r = eval("eval/dev/reuters_dev_gold.jsonl", input.to_str().unwrap());
    assert_eq!(r["matched_articles"], 60);
    let f1 = r["pairs"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.60, "pair F1 {f1}");
    assert!(r["sectors"]["f1"].as_f64().unwrap() > 0.0);
    assert!(r["sentiment_accuracy"].as_f64().unwrap() > 0.0);
    assert!(r["date_accuracy"].as_f64().unwrap() >= 0.95);
}

#[test]
#[ignore = "needs ../shared"]
fn seed_gold_is_matched_exactly() {
    let r = eval("eval/dev/seed_gold.jsonl", concat!(env!("CARGO_MANIFEST_DIR"), "/input/000_ecd26b8948b7705e.txt"));
    assert_eq!(r["pairs"]["f1"].as_f64().unwrap(), 1.0);
    assert_eq!(r["sentiment_accuracy"].as_f64().unwrap(), 1.0);
    assert_eq!(r["date_accuracy"].as_f64().unwrap(), 1.0);
}

#[test]
#[ignore = "needs ../shared"]
fn whole_reuters_corpus_runs_and_accounts_for_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(common::BIN)
        .arg("run")
        .arg("--input")
        .arg(shared().join("corpora/reuters21578.jsonl.gz"))
        .arg("--output")
        .arg(dir.path())
        .args(["--reference-date", "2026-11-27", "--quiet"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap()).unwrap();
    let n = |k: &str| m["inputs"][k].as_u64().unwrap();
    assert_eq!(n("read"), 21_578);
    assert_eq!(n("read"), n("ok") + n("duplicate") + n("error"));
    // Records without a body are the only errors.
    assert_eq!(n("ok") + n("duplicate"), 19_043);
    let errors = common::read_csv(&dir.path().join("errors.csv"));
    assert!(errors.iter().all(|e| e["error_kind"] == "missing_body"));
}
