//! The plain types that cross stage borders: `Article` (ingest → parse), `Document`
//! (parse → extract), `Mention` and `Relation` (extract → transform), `InputError`
//! (any stage → errors table). Keeping them plain data lets each stage be tested alone.

use chrono::NaiveDate;

/// One article as read from an input, before any interpretation of its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub source_path: String,
    /// Line number of the record in its file (JSONL/CSV); 0 for a whole-file article.
    pub record: u64,
    pub title: String,
    pub body: String,
    /// The date field exactly as the source gave it (parsed later, so a bad value is visible).
    pub raw_date: Option<String>,
    /// A dateline given as its own field (scraper JSON, Reuters SGML).
    pub dateline: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// Where the article's date came from, in the spec's order of trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    Metadata,
    Dateline,
    Text,
    Reference,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Dateline => "dateline",
            DateSource::Text => "text",
            DateSource::Reference => "reference",
        }
    }
}

/// The `PLACE, Month Day (Agency) -` opening of a wire story.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dateline {
    pub place: String,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub agency: Option<String>,
}

/// A sentence as a byte range into `Document::text`, with its paragraph index, so that
/// evidence can always be traced back to the exact bytes of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// A parsed article: the text is the headline, sub-headlines and body joined by newlines;
/// sentences index into it. Paragraph 0 is the headline.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub source_path: String,
    pub record: u64,
    pub title: String,
    pub text: String,
    pub sentences: Vec<Sentence>,
    pub dateline: Option<Dateline>,
    /// Byte range of the dateline inside `text`, so extraction can skip it.
    pub dateline_span: Option<(usize, usize)>,
    pub date: NaiveDate,
    pub date_source: DateSource,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Hash of the normalised title and body, for exact-duplicate detection.
    pub content_hash: String,
}

impl Document {
    pub fn sentence_text(&self, s: &Sentence) -> &str {
        &self.text[s.start..s.end]
    }
}

/// How a country was referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    Name,
    Demonym,
    Capital,
    Official,
    Dateline,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Demonym => "demonym",
            MentionKind::Capital => "capital",
            MentionKind::Official => "official",
            MentionKind::Dateline => "dateline",
        }
    }
}

/// A resolved reference to a country in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub iso3: String,
    pub surface: String,
    pub kind: MentionKind,
    pub start: usize,
    pub end: usize,
    /// Index into `Document::sentences`; `usize::MAX` for the dateline.
    pub sentence: usize,
}

/// One unordered country pair found in one article, with everything the tables need.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub country_a: String,
    pub country_b: String,
    /// Sector ids, sorted; never empty (`general` when no cue).
    pub sectors: Vec<String>,
    /// For each sector, the first sentence that ties it to the pair.
    pub sector_evidence: Vec<String>,
    pub sentiment: f64,
    pub evidence: String,
}

/// Everything extraction learned about one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub countries: Vec<String>,
    pub relations: Vec<Relation>,
}

/// What kind of input failure, as a stable id for the `errors.error_kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Io,
    Decode,
    Json,
    Csv,
    Gzip,
    EmptyFile,
    Binary,
    MissingBody,
    TooLarge,
    UnknownExtension,
    BadDate,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Decode => "decode",
            ErrorKind::Json => "json",
            ErrorKind::Csv => "csv",
            ErrorKind::Gzip => "gzip",
            ErrorKind::EmptyFile => "empty_file",
            ErrorKind::Binary => "binary",
            ErrorKind::MissingBody => "missing_body",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::UnknownExtension => "unknown_extension",
            ErrorKind::BadDate => "bad_date",
        }
    }
}

/// An input that could not become an article: one row of the `errors` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub source_path: String,
    pub line: Option<u64>,
    pub kind: ErrorKind,
    pub message: String,
}
