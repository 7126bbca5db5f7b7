//! The row types the store returns: plain data, `serde::Serialize`, no SQL. Text is returned
//! as stored (plain); escaping for HTML or terminals is the renderer's job.

use serde::Serialize;
use std::collections::BTreeMap;

/// A full-text query.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words in any script; every word must occur (substring match, case-insensitive).
    pub text: String,
    /// Only documents in this language (ISO 639-1).
    pub lang: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One document found by [`crate::Store::search`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub source: String,
    pub lang: Option<String>,
    pub published: Option<String>,
    /// Plain text around the first match (not escaped).
    pub snippet: String,
}

/// Which events to return. Names are resolved in any script or spelling (see
/// [`crate::Store::resolve`]); dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub actor: Option<String>,
    pub target: Option<String>,
    /// CAMEO code or code prefix ("04" matches 040..049).
    pub code: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub place: Option<String>,
    pub lang: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One stored event, flattened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    /// `<doc_id>:<index of the event in its document>`.
    pub id: String,
    pub doc_id: String,
    pub code: String,
    pub label: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub source_id: String,
    pub source_name: String,
    pub source_code: Option<String>,
    pub target_id: Option<String>,
    pub target_name: Option<String>,
    pub target_code: Option<String>,
    pub place_id: Option<String>,
    pub place_name: Option<String>,
    pub place_code: Option<String>,
    /// The event date as read (`YYYY-MM-DD`, `YYYY-MM`, `--MM-DD` ...), if any.
    pub date: Option<String>,
    /// The day used for filtering and timelines: the event date completed from the
    /// publication date, or the publication date.
    pub day: Option<String>,
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub modality: String,
    pub confidence: f32,
    pub lang: Option<String>,
}

/// Everything known about one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityProfile {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub cameo: Option<String>,
    pub known: bool,
    /// Surface forms seen in the text, per document language, most frequent first.
    pub names_by_lang: BTreeMap<String, Vec<(String, u64)>>,
    /// Mentions per publication month (`YYYY-MM`), in order.
    pub mentions_by_month: Vec<(String, u64)>,
    /// Actors it shares events with: (id, name, number of events), most first.
    pub top_partners: Vec<(String, String, u64)>,
    /// Its events (as source or target), newest first, at most 200.
    pub events: Vec<EventRow>,
}

/// Which entities to list.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Only entities the knowledge base does not hold (provisional `new:` ids).
    pub new_only: bool,
    /// Only this kind (`PER`, `ORG`, `GPE`, `LOC`).
    pub kind: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

/// One entity in a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub known: bool,
    /// Number of documents mentioning it.
    pub documents: u64,
    /// Number of mentions.
    pub mentions: u64,
}

/// The actor network of a set of events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphNode {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    /// Number of events it takes part in.
    pub weight: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphEdge {
    pub source: String,
    pub target: String,
    /// Number of events from source to target.
    pub weight: u64,
    /// Distinct CAMEO codes of those events.
    pub codes: Vec<String>,
}

/// Counts of one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LangStats {
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
}

/// Counts of the whole store.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub entities: u64,
    pub mentions: u64,
    pub events: u64,
    pub sentences: u64,
    pub per_lang: BTreeMap<String, LangStats>,
}

/// A document in a listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub lang: Option<String>,
    pub published: Option<String>,
}

/// One stored document with what was found in it, for the highlighted view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    pub record: khabar_core::Record,
    /// (start, end, entity id, entity name), byte offsets into `record.text`, in order.
    pub mentions: Vec<(usize, usize, String, String)>,
    pub events: Vec<EventRow>,
}

/// What a batch write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WriteStats {
    pub inserted: usize,
    /// Documents already in the store (same content id), left as they were.
    pub duplicates: usize,
}
