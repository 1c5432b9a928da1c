//! The one tab-separated format all lexicon files share: a header row, `#` comments,
//! blank lines ignored. Rows remember their file and line for error messages.

use anyhow::{bail, Result};

/// One data row of a lexicon file, borrowed from the file's text: loading runs at every
/// start, on the run's critical path, and a copy of every cell of 16k rows was most of it.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    file: &'a str,
    line: usize,
    text: &'a str,
}

impl<'a> Row<'a> {
    /// Cell `i`, trimmed (tabs found with memchr: a `split('\t')` per cell read was
    /// most of the load).
    fn cell(&self, i: usize) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let mut start = 0;
        let mut tabs = memchr::memchr_iter(b'\t', b);
        for _ in 0..i {
            start = tabs.next()? + 1;
        }
        let end = tabs.next().unwrap_or(b.len());
        self.text.get(start..end).map(str::trim)
    }

    /// A required, non-empty cell.
    pub fn get(&self, i: usize) -> Result<&'a str> {
        match self.cell(i) {
            Some(s) if !s.is_empty() => Ok(s),
            _ => bail!("{}: column {} is missing or empty", self.at(), i + 1),
        }
    }

    /// An optional cell ("" when absent).
    pub fn opt(&self, i: usize) -> &'a str {
        self.cell(i).unwrap_or("")
    }

    /// `file line N`, for messages.
    pub fn at(&self) -> String {
        format!("{} line {}", self.file, self.line)
    }
}

/// Parse a lexicon file's text into rows, skipping its header.
pub fn rows<'a>(text: &'a str, file: &'a str) -> Result<Vec<Row<'a>>> {
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
        out.push(Row { file, line: i + 1, text: line });
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
