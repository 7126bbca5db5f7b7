//! `khabar ingest`: pages in, store rows out. Documents whose content id is already stored
//! are skipped before any processing (cheap resume after a kill). Processed documents are
//! gathered into write batches of up to [`WRITE_DOCS`] documents (or [`WRITE_BYTES`] of text)
//! and each is written in one transaction, so a killed run leaves whole documents or none;
//! the documents of an unwritten batch are processed again on the next run. Bigger write
//! batches touch each index page of the store fewer times per document.
//! It does not delete or update stored documents.

use crate::pipeline::{self, Pipeline, PipelineOptions};
use anyhow::Context;
use khabar_core::Document;
use khabar_store::Store;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to read (text, HTML, JSON Lines, WARC, gzip of any); `-` is stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The store: a SQLite file (created on first use) or a postgres:// URL.
    #[arg(long, default_value = "khabar.db", env = "KHABAR_DB")]
    pub db: String,
    /// Extra knowledge-base file (JSON Lines); repeatable.
    #[arg(long = "kb")]
    pub kb: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

/// Documents per store transaction.
pub(crate) const WRITE_DOCS: usize = 2048;
/// Text and raw bytes per store transaction (bounds the memory pending documents hold).
const WRITE_BYTES: usize = 48 << 20;

pub fn run(a: Args) -> anyhow::Result<u8> {
    let store = Store::open(&a.db).with_context(|| format!("cannot open the store {}", a.db))?;
    let pipeline = Pipeline::standard(&PipelineOptions {
        kb_files: a.kb.clone(),
    })?;
    let mut inserted = 0usize;
    let mut duplicates = 0usize;
    let mut lookup_errors = 0usize;
    let mut pending: Vec<Document> = Vec::new();
    let mut pending_bytes = 0usize;
    let mut write = |docs: &mut Vec<Document>| -> anyhow::Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let w = store
            .write_batch(docs)
            .with_context(|| format!("cannot write to the store {}", a.db))?;
        inserted += w.inserted;
        duplicates += w.duplicates;
        tracing::info!(
            inserted = w.inserted,
            duplicates = w.duplicates,
            "batch written"
        );
        docs.clear();
        Ok(())
    };
    let summary = pipeline::run(
        &a.paths,
        &a.limits.ingest_options(),
        &pipeline,
        &mut |d: &Document| match store.has_document(&d.id) {
            Ok(b) => b,
            Err(e) => {
                // Not fatal: the write is idempotent anyway, it only costs processing.
                if lookup_errors == 0 {
                    tracing::warn!(error = %e, "store lookup failed; processing the document");
                }
                lookup_errors += 1;
                false
            }
        },
        &mut |docs: &mut Vec<Document>| {
            pending_bytes += docs
                .iter()
                .map(|d| d.raw.len() + d.text.len())
                .sum::<usize>();
            pending.append(docs);
            if pending.len() >= WRITE_DOCS || pending_bytes >= WRITE_BYTES {
                write(&mut pending)?;
                pending_bytes = 0;
            }
            Ok(())
        },
    )?;
    write(&mut pending)?;
    let already = summary.skipped + duplicates;
    let read = summary.documents + summary.skipped;
    let langs: Vec<String> = summary
        .per_lang
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    eprintln!(
        "khabar: {read} documents read from {} files: {inserted} new documents, {already} already in the store, {} failed{}",
        summary.files,
        summary.failed,
        if langs.is_empty() {
            String::new()
        } else {
            format!(" (processed per language: {})", langs.join(", "))
        }
    );
    Ok(if summary.failed > 0 {
        crate::EXIT_PARTIAL
    } else {
        crate::EXIT_OK
    })
}
