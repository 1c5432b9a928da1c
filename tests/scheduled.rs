//! Scheduled runs: incremental equals full, one run at a time per output folder, and a
//! run killed at any moment leaves the previous complete set of tables in place.

mod common;
use common::{Fixture, BIN};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The published files (through `current`), name → bytes, manifest aside.
fn published(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in std::fs::read_dir(out.join("current")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name != "manifest.json" {
            m.insert(name, std::fs::read(&p).unwrap());
        }
    }
    m
}

/// A JSONL feed of `n` short articles about varied country pairs.
fn feed(n: usize, salt: &str) -> String {
    let pairs = [("Japan", "Vietnam"), ("Kenya", "Ethiopia"), ("Chile", "Peru"), ("Poland", "Germany"), ("Egypt", "Sudan")];
    let mut s = String::new();
    for i in 0..n {
        let (a, b) = pairs[i % pairs.len()];
        s.push_str(&format!(
            "{{\"id\": \"{salt}-{i}\", \"title\": \"{a} and {b} sign accord {i}\", \"body\": \"{a} and {b} signed a trade agreement number {i} on Monday, officials said, after talks on tariffs and rail links. The deal ({salt} {i}) covers grain and energy.\", \"date\": \"2024-0{m}-1{d}\"}}\n",
            m = 1 + i % 9,
            d = i % 10
        ));
    }
    s
}

#[test]
fn incremental_run_equals_full_rebuild() {
    let fx = Fixture::new();
    fx.write("a/000_ecd26b8948b7705e.txt", common::seed_text());
    fx.write("b.jsonl", feed(30, "b"));
    fx.run(&[]);
    assert_eq!(fx.manifest()["files"]["processed"], 2);
    // nothing new: the published snapshot stays as it is
    let before = std::fs::read(fx.output().join("manifest.json")).unwrap();
    let out = fx.run(&[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("up to date"));
    assert_eq!(std::fs::read(fx.output().join("manifest.json")).unwrap(), before);
    // one file changes, one appears
    std::thread::sleep(Duration::from_millis(20));
    fx.write("b.jsonl", feed(40, "b"));
    fx.write("c.csv", "id,title,body\nc1,Spain and Morocco,Spain and Morocco discussed migration and signed a fisheries deal.\n");
    fx.run(&[]);
    let m = fx.manifest();
    assert_eq!((m["files"]["processed"].as_u64(), m["files"]["reused"].as_u64()), (Some(2), Some(1)));
    let incremental = published(&fx.output());
    fx.run(&["--full"]);
    assert_eq!(fx.manifest()["files"]["processed"], 3);
    let full = published(&fx.output());
    assert_eq!(incremental.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
    for (name, bytes) in &incremental {
        assert!(bytes == &full[name], "{name} differs between incremental and full runs");
    }
    assert_eq!(fx.table("articles").len(), 1 + 40 + 1);
}

#[test]
fn same_input_gives_byte_identical_tables() {
    let fx = Fixture::new();
    fx.write("feed.jsonl", feed(25, "x"));
    fx.write("000_ecd26b8948b7705e.txt", common::seed_text());
    fx.run(&[]);
    let first = published(&fx.output());
    let other = fx.dir.path().join("out2");
    let st = Command::new(BIN)
        .arg("run")
        .arg("--input")
        .arg(fx.input())
        .arg("--output")
        .arg(&other)
        .args(["--reference-date", "2026-11-27", "--quiet"])
        .status()
        .unwrap();
    assert!(st.success());
    let second = published(&other);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between two runs on the same input");
    }
}

fn spawn_run(fx: &Fixture, extra: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .arg("run")
        .arg("--input")
        .arg(fx.input())
        .arg("--output")
        .arg(fx.output())
        .args(["--reference-date", "2026-11-27", "--quiet"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_concurrent_runs_one_publishes_the_other_exits_busy() {
    let fx = Fixture::new();
    fx.write("big.jsonl", feed(60_000, "big"));
    let first = spawn_run(&fx, &[]);
    wait_until_locked(&fx);
    let second = spawn_run(&fx, &[]).wait_with_output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(second.status.code(), Some(3), "{}", String::from_utf8_lossy(&second.stderr));
    assert!(String::from_utf8_lossy(&second.stderr).contains("another bilat run"));
    // with --wait, a second run waits and then publishes too
    let a = spawn_run(&fx, &["--full"]);
    wait_until_locked(&fx);
    let b = spawn_run(&fx, &["--wait"]).wait_with_output().unwrap();
    assert_eq!(a.wait_with_output().unwrap().status.code(), Some(0));
    assert_eq!(b.status.code(), Some(0));
}

/// Wait until a running bilat holds the output folder's lock (seen in /proc/locks, so
/// the test never takes the lock itself).
fn wait_until_locked(fx: &Fixture) {
    use std::os::unix::fs::MetadataExt;
    let lock = fx.output().join(".bilat/lock");
    for _ in 0..5000 {
        if let Ok(m) = std::fs::metadata(&lock) {
            let ino = format!(":{}", m.ino());
            let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
            if locks.lines().any(|l| l.contains("FLOCK") && l.split_whitespace().any(|f| f.ends_with(&ino))) {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("the first run never took the lock");
}

/// Every published table and the manifest agree: a complete set.
fn assert_complete_set(out: &Path) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).expect("manifest")).expect("json");
    for table in ["relations", "articles", "errors", "pair_sector_month"] {
        let rows = common::read_csv(&out.join(format!("{table}.csv"))).len() as u64;
        assert_eq!(Some(rows), manifest["rows"][table].as_u64(), "{table} rows vs manifest");
        assert!(out.join(format!("{table}.parquet")).exists());
    }
}

#[test]
fn killed_runs_leave_a_complete_old_or_new_set_and_the_next_run_recovers() {
    let fx = Fixture::new();
    fx.write("feed.jsonl", feed(20_000, "k"));
    fx.write("000_ecd26b8948b7705e.txt", common::seed_text());
    fx.run(&[]);
    let reference = published(&fx.output());
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for round in 0..20 {
        // a changed input forces real work in every round
        fx.write("extra.jsonl", feed(50 + round, &format!("r{round}")));
        let mut child = spawn_run(&fx, &["--full"]);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(seed % 400));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_complete_set(&fx.output());
    }
    std::fs::remove_file(fx.input().join("extra.jsonl")).unwrap();
    fx.run(&[]);
    assert_complete_set(&fx.output());
    assert_eq!(published(&fx.output()), reference);
}
