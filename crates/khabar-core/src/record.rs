//! The document record: the JSON Lines contract that `khabar extract` writes and the scorer
//! reads (see the corpus README). Built from a [`Document`]; mention texts are sliced from the
//! cleaned text so that they are always exact substrings.

use crate::{Document, EntityType, PartialDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub lang: Option<String>,
    pub title: Option<String>,
    pub published: Option<PartialDate>,
    pub text: String,
    pub entities: Vec<RecordEntity>,
    pub events: Vec<RecordEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<RecordDiagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordEntity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub mentions: Vec<RecordMention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordEvent {
    pub code: String,
    pub label: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub source: crate::ActorRef,
    pub target: Option<crate::ActorRef>,
    pub place: Option<crate::ActorRef>,
    pub date: Option<PartialDate>,
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    pub modality: crate::Modality,
    pub confidence: f32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<RecordMention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordDiagnostic {
    pub stage: String,
    pub severity: crate::Severity,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Record {
    /// The record of a document. `explain` adds the diagnostics (what cleaning removed, why).
    pub fn from_document(doc: &Document, explain: bool) -> Self {
        let mention = |s: crate::Span| RecordMention {
            text: doc.slice(s).to_string(),
            start: s.start,
            end: s.end,
        };
        Record {
            id: doc.id.clone(),
            source: doc.source.clone(),
            url: doc.url.clone(),
            lang: doc.lang.clone(),
            title: doc.title.clone(),
            published: doc.published,
            text: doc.text.clone(),
            entities: doc
                .entities
                .iter()
                .map(|e| RecordEntity {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    kind: e.kind,
                    code: e.cameo.clone(),
                    mentions: e.mentions.iter().map(|&s| mention(s)).collect(),
                })
                .collect(),
            events: doc
                .events
                .iter()
                .map(|e| RecordEvent {
                    code: e.code.clone(),
                    label: e.label.clone(),
                    quad_class: e.quad_class,
                    goldstein: e.goldstein,
                    source: e.source.clone(),
                    target: e.target.clone(),
                    place: e.place.clone(),
                    date: e.date,
                    sentence: doc.slice(e.sentence).to_string(),
                    start: e.sentence.start,
                    end: e.sentence.end,
                    modality: e.modality,
                    confidence: e.confidence,
                    also: e.also.iter().map(|&s| mention(s)).collect(),
                })
                .collect(),
            duplicate_of: doc.duplicate_of.clone(),
            story: doc.story.clone(),
            diagnostics: if explain {
                doc.diagnostics
                    .iter()
                    .map(|d| RecordDiagnostic {
                        stage: d.stage.clone(),
                        severity: d.severity,
                        reason: d.reason.clone(),
                        text: d.text.clone(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}
