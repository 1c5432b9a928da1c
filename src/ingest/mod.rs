//! Ingest: files and lines → `Article`s. Every input that cannot become an article
//! becomes an `InputError` instead, so the run's accounting always closes:
//! read = articles + errors.

pub mod csvfile;
pub mod decode;
mod fields;
pub mod jsonl;
pub mod txt;

use crate::model::{Article, ErrorKind, InputError};
use flate2::read::MultiGzDecoder;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest article (or JSON line, or whole .txt/.csv file) read, in bytes after
/// decompression. Larger inputs become a `too_large` error row instead of filling memory.
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;

/// The formats the spec recognises, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Jsonl,
    Csv,
}

/// One file found under the inputs, with the relative path that article ids derive from.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input root, `/`-separated.
    pub rel: String,
    pub format: Option<Format>,
    pub gzip: bool,
}

impl InputFile {
    /// The relative path without `.gz` and the format extension: the `.txt` article id.
    pub fn stem_id(&self) -> String {
        let mut s = self.rel.as_str();
        if self.gzip {
            s = s.strip_suffix(".gz").unwrap_or(s);
        }
        match s.rfind('.') {
            Some(i) if !s[i..].contains('/') => s[..i].to_owned(),
            _ => s.to_owned(),
        }
    }

    /// The file name's stem, for `<stem>:<line>` ids of records without one.
    pub fn file_stem(&self) -> String {
        let id = self.stem_id();
        id.rsplit('/').next().unwrap_or(&id).to_owned()
    }
}

fn classify(name: &str) -> (Option<Format>, bool) {
    let lower = name.to_ascii_lowercase();
    let (base, gzip) = match lower.strip_suffix(".gz") {
        Some(b) => (b.to_owned(), true),
        None => (lower, false),
    };
    let format = match Path::new(&base).extension().and_then(|e| e.to_str()) {
        Some("txt") => Some(Format::Txt),
        Some("jsonl") | Some("ndjson") => Some(Format::Jsonl),
        Some("csv") => Some(Format::Csv),
        _ => None,
    };
    (format, gzip)
}

/// Find the input files under the given paths (directories recursively, sorted so runs
/// are deterministic). Dotfiles are skipped; unreadable directories and symlink loops
/// become errors.
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => {
                let mut seen = HashSet::new();
                walk(input, input, &mut seen, &mut files, &mut errors);
            }
            Ok(_) => {
                let name = input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| input.to_string_lossy().into_owned());
                let (format, gzip) = classify(&name);
                files.push(InputFile {
                    path: input.clone(),
                    rel: name,
                    format,
                    gzip,
                });
            }
            Err(e) => errors.push(io_error(input, &e)),
        }
    }
    (files, errors)
}

fn walk(
    root: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<InputFile>,
    errors: &mut Vec<InputError>,
) {
    match std::fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                errors.push(InputError {
                    source_path: dir.to_string_lossy().into_owned(),
                    line: None,
                    kind: ErrorKind::Io,
                    message: "symlink loop: directory already visited".into(),
                });
                return;
            }
        }
        Err(e) => {
            errors.push(io_error(dir, &e));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => {
            let mut v: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            v.sort();
            v
        }
        Err(e) => {
            errors.push(io_error(dir, &e));
            return;
        }
    };
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(root, &path, seen, files, errors),
            Ok(_) => {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let (format, gzip) = classify(&name);
                files.push(InputFile {
                    path,
                    rel,
                    format,
                    gzip,
                });
            }
            Err(e) => errors.push(io_error(&path, &e)),
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> InputError {
    let message = if e.raw_os_error() == Some(40) {
        format!("symlink loop: {e}")
    } else {
        format!("cannot read: {e}")
    };
    InputError {
        source_path: path.to_string_lossy().into_owned(),
        line: None,
        kind: ErrorKind::Io,
        message,
    }
}

fn open(file: &InputFile) -> std::io::Result<Box<dyn Read + Send>> {
    let f = File::open(&file.path)?;
    Ok(if file.gzip {
        Box::new(MultiGzDecoder::new(BufReader::new(f)))
    } else {
        Box::new(f)
    })
}

fn file_error(file: &InputFile, line: Option<u64>, kind: ErrorKind, message: String) -> InputError {
    InputError {
        source_path: file.path.to_string_lossy().into_owned(),
        line,
        kind,
        message,
    }
}

fn read_error_kind(file: &InputFile, e: &std::io::Error) -> ErrorKind {
    if file.gzip
        && matches!(
            e.kind(),
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData
        )
    {
        ErrorKind::Gzip
    } else {
        ErrorKind::Io
    }
}

/// Read a whole (bounded) file into bytes.
fn read_bounded(file: &InputFile) -> Result<Vec<u8>, InputError> {
    let reader = open(file).map_err(|e| file_error(file, None, ErrorKind::Io, format!("cannot open: {e}")))?;
    let mut bytes = Vec::new();
    reader
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| file_error(file, None, read_error_kind(file, &e), format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(file_error(
            file,
            None,
            ErrorKind::TooLarge,
            format!("larger than the {} MiB limit per file/article", MAX_RECORD_BYTES >> 20),
        ));
    }
    Ok(bytes)
}

/// Read one input file, handing each article or error to `emit` as soon as it is read, so
/// large JSON Lines files stream through in bounded memory.
pub fn read_file(file: &InputFile, emit: &mut dyn FnMut(Result<Article, InputError>)) {
    let source_path = file.path.to_string_lossy().into_owned();
    let Some(format) = file.format else {
        emit(Err(file_error(
            file,
            None,
            ErrorKind::UnknownExtension,
            format!("unknown extension: {} (expected .txt, .jsonl, .ndjson, .csv, optionally .gz)", file.rel),
        )));
        return;
    };
    match format {
        Format::Jsonl => read_jsonl(file, &source_path, emit),
        Format::Txt | Format::Csv => {
            let text = match read_bounded(file).and_then(|b| {
                if b.iter().all(|c| c.is_ascii_whitespace()) {
                    return Err(file_error(file, None, ErrorKind::EmptyFile, "empty file".into()));
                }
                decode::decode(&b).map(Cow::into_owned).map_err(|d| file_error(file, None, d.kind, d.message))
            }) {
                Ok(t) => t,
                Err(e) => return emit(Err(e)),
            };
            if format == Format::Txt {
                emit(Ok(txt::parse(&text, file.stem_id(), &source_path)));
            } else {
                for r in csvfile::parse(&text, &source_path, &file.file_stem()) {
                    emit(r);
                }
            }
        }
    }
}

fn read_jsonl(file: &InputFile, source_path: &str, emit: &mut dyn FnMut(Result<Article, InputError>)) {
    let reader = match open(file) {
        Ok(r) => r,
        Err(e) => return emit(Err(file_error(file, None, ErrorKind::Io, format!("cannot open: {e}")))),
    };
    let stem = file.file_stem();
    let mut reader = BufReader::with_capacity(1 << 20, reader);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut any = false;
    loop {
        buf.clear();
        line_no += 1;
        let n = match read_line(&mut reader, MAX_RECORD_BYTES + 1, &mut buf) {
            Ok(n) => n,
            Err(e) => {
                emit(Err(file_error(
                    file,
                    Some(line_no),
                    read_error_kind(file, &e),
                    format!("cannot read past this line: {e}"),
                )));
                return;
            }
        };
        if n == 0 {
            break;
        }
        if buf.len() as u64 > MAX_RECORD_BYTES && buf.last() != Some(&b'\n') {
            emit(Err(file_error(
                file,
                Some(line_no),
                ErrorKind::TooLarge,
                format!("line longer than the {} MiB limit", MAX_RECORD_BYTES >> 20),
            )));
            // Skip the rest of the oversized line without holding it.
            let mut skip = Vec::new();
            loop {
                skip.clear();
                match (&mut reader).take(1 << 20).read_until(b'\n', &mut skip) {
                    Ok(0) => return,
                    Ok(_) if skip.last() == Some(&b'\n') => break,
                    Ok(_) => continue,
                    Err(_) => return,
                }
            }
            continue;
        }
        if buf.iter().all(|c| c.is_ascii_whitespace()) {
            continue;
        }
        any = true;
        let line = match decode::decode(&buf) {
            Ok(s) => s,
            Err(d) => {
                emit(Err(file_error(file, Some(line_no), d.kind, d.message)));
                continue;
            }
        };
        emit(jsonl::parse_line(
            line.trim_start_matches('\u{feff}'),
            source_path,
            line_no,
            format!("{stem}:{line_no}"),
        ));
    }
    if !any {
        emit(Err(file_error(file, None, ErrorKind::EmptyFile, "empty file: no JSON lines".into())));
    }
}

/// `reader.take(limit).read_until(b'\n', buf)`, with the line end found by the `memchr`
/// crate in the reader's buffer (std's byte search was a visible cost of reading).
fn read_line(reader: &mut impl BufRead, limit: u64, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0usize;
    loop {
        let room = usize::try_from(limit).unwrap_or(usize::MAX) - read;
        if room == 0 {
            return Ok(read);
        }
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read);
        }
        let chunk = &available[..available.len().min(room)];
        let (used, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        buf.extend_from_slice(&chunk[..used]);
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The line reader reads what `take(limit).read_until` reads, line after line,
        /// whatever the reader's buffer size and the limit.
        #[test]
        fn read_line_is_take_read_until(
            text in "([a-z]{0,12}|\n|\r\n|é){0,40}",
            cap in 1usize..16,
            limit in 1u64..30,
        ) {
            let mut ours = BufReader::with_capacity(cap, text.as_bytes());
            let mut std_reader = BufReader::with_capacity(cap, text.as_bytes());
            loop {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let n = read_line(&mut ours, limit, &mut a).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                let m = (&mut std_reader).take(limit).read_until(b'\n', &mut b).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
                proptest::prop_assert_eq!((n, &a), (m, &b));
                if n == 0 {
                    break;
                }
            }
        }
    }

    #[test]
    fn ids_strip_extensions() {
        let f = InputFile {
            path: "x".into(),
            rel: "sub/000_ab.txt.gz".into(),
            format: Some(Format::Txt),
            gzip: true,
        };
        assert_eq!(f.stem_id(), "sub/000_ab");
        assert_eq!(f.file_stem(), "000_ab");
        assert_eq!(classify("A.NDJSON.GZ"), (Some(Format::Jsonl), true));
        assert_eq!(classify("a.pdf"), (None, false));
    }
}
