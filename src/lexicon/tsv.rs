//! The one tab-separated format all lexicon files share: a header row, `#` comments,
//! blank lines ignored. Rows remember their file and line for error messages.

use anyhow::{bail, Result};

/// One data row of a lexicon file.
#[derive(Debug, Clone)]
pub struct Row {
    file: String,
    line: usize,
    cells: Vec<String>,
}

impl Row {
    /// A required, non-empty cell.
    pub fn get(&self, i: usize) -> Result<&str> {
        match self.cells.get(i).map(|s| s.trim()) {
            Some(s) if !s.is_empty() => Ok(s),
            _ => bail!("{}: column {} is missing or empty", self.at(), i + 1),
        }
    }

    /// An optional cell ("" when absent).
    pub fn opt(&self, i: usize) -> &str {
        self.cells.get(i).map(|s| s.trim()).unwrap_or("")
    }

    /// `file line N`, for messages.
    pub fn at(&self) -> String {
        format!("{} line {}", self.file, self.line)
    }
}

/// Parse a lexicon file's text into rows, skipping its header.
pub fn rows(text: &str, file: &str) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        out.push(Row {
            file: file.to_owned(),
            line: i + 1,
            cells: line.split('\t').map(str::to_owned).collect(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_header_comments_blanks() {
        let r = rows("# c\nh1\th2\n\na\tb\n#x\nc\t\n", "f.tsv").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].get(1).unwrap(), "b");
        assert!(r[1].get(1).is_err());
        assert_eq!(r[1].opt(1), "");
        assert_eq!(r[1].at(), "f.tsv line 6");
    }
}
