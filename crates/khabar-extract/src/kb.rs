//! The knowledge base: canonical actors with aliases per language and script. Placeholder.

use khabar_core::EntityType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One KB entry, one JSON object per line in a `.jsonl` KB file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbEntry {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<KbRole>,
    /// Aliases per language code ("en", "bn", "ar", "ru", ...).
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
}

/// A position held, with dates ("head_of_state" of "EGY" from 2014-06-08).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbRole {
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

#[derive(Debug, Default)]
pub struct Kb {
    pub entries: Vec<KbEntry>,
}
