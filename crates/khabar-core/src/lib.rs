//! Khabar's spine: the one [`Document`] type that flows from ingestion to the store, the
//! byte [`Span`]s that point into its cleaned text, and the [`Stage`] trait every processing
//! step implements.
//!
//! Invariants kept here:
//! - `Document::text` is written once, by the cleaning stage, and never changes afterwards.
//!   Every span (paragraphs, sentences, dates, mentions, events) is a byte range into it and
//!   lies on UTF-8 character boundaries.
//! - Stages add layers; they never replace the document.
//! - This crate does no IO.

pub mod date;
pub mod normalized;
pub mod record;

use serde::{Deserialize, Serialize};

pub use date::PartialDate;
pub use normalized::{NormCache, Normalized};
pub use record::Record;

/// A half-open byte range `[start, end)` into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The slice of `text` this span covers, or `""` when it is out of range or not on
    /// character boundaries (never panics).
    #[inline]
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// How the raw body of a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Html,
}

/// Kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Per,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "GPE")]
    Gpe,
    #[serde(rename = "LOC")]
    Loc,
}

impl EntityType {
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Some(EntityType::Per),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(EntityType::Org),
            "GPE" => Some(EntityType::Gpe),
            "LOC" | "LOCATION" => Some(EntityType::Loc),
            _ => None,
        }
    }
}

/// How severe a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was removed or changed on purpose (a boilerplate line, a repaired glue).
    Info,
    /// Best effort: the document is usable but something was off (bad bytes, truncation).
    Warning,
}

/// A note a stage leaves on a document: what it removed or repaired and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub stage: String,
    pub severity: Severity,
    /// A short machine-readable reason (`"chrome-lexicon"`, `"link-density"`, `"invalid-utf8"`).
    pub reason: String,
    /// The text concerned (a removed line, truncated to a readable length), if any.
    pub text: Option<String>,
}

impl Diagnostic {
    pub fn info(stage: &'static str, reason: impl Into<String>, text: Option<String>) -> Self {
        Self {
            stage: stage.into(),
            severity: Severity::Info,
            reason: reason.into(),
            text,
        }
    }
    pub fn warning(stage: &'static str, reason: impl Into<String>, text: Option<String>) -> Self {
        Self {
            stage: stage.into(),
            severity: Severity::Warning,
            reason: reason.into(),
            text,
        }
    }
}

/// A paragraph of the cleaned text, with its own language when it differs from the document's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
    /// ISO 639-1 code, `None` until the language stage ran or when undecidable.
    pub lang: Option<String>,
}

/// What kind of date expression was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateKind {
    /// Day and/or month and/or year written out.
    Absolute,
    /// "today", "Tuesday", "last April": resolved against the publication date.
    Relative,
}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub span: Span,
    pub date: PartialDate,
    pub kind: DateKind,
    /// The text held a machine-translation placeholder ("XNUMX") where a number was: the
    /// missing part is left unknown, never guessed.
    pub placeholder: bool,
}

/// A reference to an actor, as events carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub id: String,
    pub name: String,
    /// CAMEO actor code: country plus role ("EGY GOV", "LBY MIL").
    pub code: Option<String>,
}

/// One entity of a document, linked to the knowledge base or provisional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// KB id, or a provisional id (`new:...`) for names the KB does not hold.
    pub id: String,
    /// Canonical English name.
    pub name: String,
    pub kind: EntityType,
    /// ISO 3166-1 alpha-3 country the entity belongs to, if known.
    pub country: Option<String>,
    /// CAMEO actor code, if known.
    pub cameo: Option<String>,
    /// Whether the entity came from the knowledge base (false: discovered here).
    pub known: bool,
    pub mentions: Vec<Span>,
}

impl Entity {
    pub fn actor(&self) -> ActorRef {
        ActorRef {
            id: self.id.clone(),
            name: self.name.clone(),
            code: self.cameo.clone(),
        }
    }
}

/// Whether an event is reported as having happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    #[default]
    Asserted,
    Negated,
    Future,
    Hypothetical,
}

/// A coded event: who did what to whom, where and when, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// CAMEO event code ("042").
    pub code: String,
    pub label: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub source: ActorRef,
    pub target: Option<ActorRef>,
    pub place: Option<ActorRef>,
    pub date: Option<PartialDate>,
    /// The sentence the event was read from (first mention).
    pub sentence: Span,
    /// The trigger word or phrase.
    pub trigger: Span,
    /// Further sentences telling the same happening (a headline and the body).
    pub also: Vec<Span>,
    pub modality: Modality,
    pub confidence: f32,
}

/// The unit of work: one news article, from raw body to coded events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: a hash of the raw bytes.
    pub id: String,
    /// The path or URL it was read from (for a record inside a container, `file#n`).
    pub source: String,
    /// The original URL, when metadata gave one (WARC target URI, JSONL `url`).
    pub url: Option<String>,
    pub format: Format,
    /// The decoded raw body. Cleared by the runner once the text is clean, to save memory.
    #[serde(skip)]
    pub raw: String,
    /// Title from metadata or from the page's headline.
    pub title: Option<String>,
    /// Publication date from metadata or, failing that, from the text.
    pub published: Option<PartialDate>,
    /// A line the cleaner removed as page metadata that dates the page ("প্রকাশ: ১২ মার্চ
    /// ২০২৫", "Published: 4 June 2024"): the dates stage takes the publication date from it
    /// when metadata gave none. Not serialized.
    #[serde(skip)]
    pub dateline: Option<String>,
    /// ISO 639-1 code of the main language.
    pub lang: Option<String>,
    /// The cleaned main text, paragraphs separated by a blank line. Never changes once set.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Span>,
    pub dates: Vec<DateMention>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
    /// Id of the document this one is a near-copy of, if any.
    pub duplicate_of: Option<String>,
    /// Story cluster id, if clustering ran.
    pub story: Option<String>,
    /// The normalized copy of `text`, shared by the stages that match on it (not serialized).
    #[serde(skip)]
    pub normalized: NormCache,
}

impl Document {
    /// A new document from a decoded body. The id is a hash of `raw_bytes` (the bytes as read,
    /// before any decoding), so the same page read twice gets the same id.
    pub fn new(source: impl Into<String>, raw_bytes: &[u8], body: String, format: Format) -> Self {
        Self {
            id: content_id(raw_bytes),
            source: source.into(),
            format,
            raw: body,
            ..Self::default()
        }
    }

    /// The text a span covers ("" when out of range).
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// The sentence span containing byte `pos`, if sentences were split.
    pub fn sentence_at(&self, pos: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).copied().filter(|s| s.start <= pos)
    }

    pub fn warn(&mut self, stage: &'static str, reason: impl Into<String>, text: Option<String>) {
        self.diagnostics
            .push(Diagnostic::warning(stage, reason, text));
    }
}

/// The content id of raw bytes: 16 hex digits of xxh3-64.
pub fn content_id(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// A processing step. Stages are synchronous and pure: they read and add to one document and
/// do no IO; their configuration is built before the run. Concurrency lives in the runner.
pub trait Stage: Send + Sync {
    /// A short name used in diagnostics and benchmarks.
    fn name(&self) -> &'static str;
    fn process(&self, doc: &mut Document);
}

/// Truncate `s` to at most `max` bytes on a character boundary, for diagnostics.
pub fn truncate_chars(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slice_never_panics_off_boundary() {
        let t = "হাফতার";
        assert_eq!(Span::new(0, 3).slice(t), "হ");
        assert_eq!(Span::new(1, 3).slice(t), "");
        assert_eq!(Span::new(0, 999).slice(t), "");
    }

    #[test]
    fn same_bytes_same_id() {
        assert_eq!(content_id(b"abc"), content_id(b"abc"));
        assert_ne!(content_id(b"abc"), content_id(b"abd"));
        assert_eq!(content_id(b"").len(), 16);
    }

    #[test]
    fn sentence_lookup() {
        let d = Document {
            text: "One. Two.".into(),
            sentences: vec![Span::new(0, 4), Span::new(5, 9)],
            ..Document::default()
        };
        assert_eq!(d.sentence_at(6), Some(Span::new(5, 9)));
        assert_eq!(d.sentence_at(0), Some(Span::new(0, 4)));
        assert_eq!(d.sentence_at(4), None);
    }
}
