//! The run state kept in the output folder (`.bilat/`): which input files were processed
//! (by path, size and modification time) and where their rows live (segments of part
//! files), so a scheduled run reads only new or changed files and still republishes
//! complete tables. Also the lock that lets one run at a time use an output folder.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Where one file's rows sit inside a part: (offset, length) per table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub part: String,
    pub articles: (usize, usize),
    pub relations: (usize, usize),
    pub errors: (usize, usize),
}

/// What the state remembers of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub size: u64,
    pub mtime_ns: i128,
    pub segments: Vec<Segment>,
}

/// The whole state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Tool version, build source hash and lexicon fingerprint the parts were made with;
    /// a change forces a full rebuild.
    pub fingerprint: String,
    pub files: BTreeMap<String, FileEntry>,
    /// The output options of the published snapshot (formats, partitioning …): with the
    /// same files and the same options there is nothing to republish.
    #[serde(default)]
    pub published_with: String,
}

/// The `.bilat` folder layout inside an output folder.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    pub fn new(output: &Path) -> Self {
        Layout { root: output.join(".bilat") }
    }
    pub fn state(&self) -> PathBuf {
        self.root.join("state.json")
    }
    pub fn parts(&self) -> PathBuf {
        self.root.join("parts")
    }
    pub fn part(&self, id: &str) -> PathBuf {
        self.parts().join(id)
    }
    pub fn snapshots(&self) -> PathBuf {
        self.root.join("snapshots")
    }
    pub fn lock(&self) -> PathBuf {
        self.root.join("lock")
    }
}

impl State {
    /// Load the state, or an empty one when there is none or it was made differently.
    pub fn load(layout: &Layout, fingerprint: &str) -> Result<Self> {
        let path = layout.state();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let state: State = match serde_json::from_str(&text) {
            Ok(s) => s,
            Err(_) => return Ok(State::default()), // unreadable state: rebuild from scratch
        };
        if state.fingerprint != fingerprint {
            return Ok(State::default());
        }
        Ok(state)
    }

    /// Write the state atomically.
    pub fn save(&self, layout: &Layout) -> Result<()> {
        crate::export::atomic_write(&layout.state(), |w| {
            serde_json::to_writer(&mut *w, self)?;
            Ok(())
        })
    }
}

/// The run lock: held for the whole run, released by the OS if the process dies, so a
/// killed run never leaves a stale lock behind.
pub struct RunLock {
    _file: File,
}

/// Another run holds the output folder.
#[derive(Debug)]
pub struct Busy(pub PathBuf);

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "another bilat run is using {} (use --wait to wait for it)", self.0.display())
    }
}

impl std::error::Error for Busy {}

/// Take the lock on an output folder; with `wait`, block until it is free.
pub fn lock(layout: &Layout, output: &Path, wait: bool) -> Result<RunLock> {
    std::fs::create_dir_all(&layout.root).with_context(|| format!("creating {}", layout.root.display()))?;
    let path = layout.lock();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    if wait {
        file.lock().with_context(|| format!("locking {}", path.display()))?;
    } else {
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(Busy(output.to_path_buf()).into()),
            Err(std::fs::TryLockError::Error(e)) => return Err(e).with_context(|| format!("locking {}", path.display())),
        }
    }
    Ok(RunLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_busy_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let first = lock(&layout, dir.path(), false).unwrap();
        let err = lock(&layout, dir.path(), false).err().unwrap();
        assert!(err.downcast_ref::<Busy>().is_some());
        drop(first);
        assert!(lock(&layout, dir.path(), false).is_ok());
    }

    #[test]
    fn state_round_trips_and_fingerprint_guards_it() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        std::fs::create_dir_all(&layout.root).unwrap();
        let mut s = State { fingerprint: "v1".into(), ..Default::default() };
        s.files.insert(
            "in/a.txt".into(),
            FileEntry { size: 3, mtime_ns: 7, segments: vec![Segment { part: "p".into(), articles: (0, 1), relations: (0, 2), errors: (0, 0) }] },
        );
        s.save(&layout).unwrap();
        assert_eq!(State::load(&layout, "v1").unwrap(), s);
        assert_eq!(State::load(&layout, "v2").unwrap(), State::default());
    }
}
