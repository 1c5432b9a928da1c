//! Helpers shared by the end-to-end tests: run the real binary on files in a temp dir
//! and read back what it published.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_bilat");

/// A temp dir with an `in/` folder for inputs and an `out/` folder for outputs.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("in")).expect("mkdir in");
        Fixture { dir }
    }

    pub fn input(&self) -> PathBuf {
        self.dir.path().join("in")
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.input().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write input");
        p
    }

    /// `bilat run` on the input folder with a fixed reference date.
    pub fn run(&self, extra: &[&str]) -> Output {
        let out = Command::new(BIN)
            .arg("run")
            .arg("--input")
            .arg(self.input())
            .arg("--output")
            .arg(self.output())
            .args(["--reference-date", "2026-11-27"])
            .args(extra)
            .output()
            .expect("run bilat");
        assert!(out.status.success(), "bilat failed: {}", String::from_utf8_lossy(&out.stderr));
        out
    }

    /// A published CSV table as header → values rows.
    pub fn table(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        read_csv(&self.output().join(format!("{name}.csv")))
    }

    pub fn manifest(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.output().join("manifest.json")).expect("manifest");
        serde_json::from_str(&text).expect("manifest json")
    }
}

pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().expect("headers").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect()
        })
        .collect()
}

pub fn seed_text() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/000_ecd26b8948b7705e.txt");
    std::fs::read_to_string(p).expect("seed in input/")
}
