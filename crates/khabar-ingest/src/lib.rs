//! Ingestion: turns paths (files, directories, `-` for stdin) into [`Document`]s with a
//! decoded raw body and whatever metadata the container gives (title, URL, publication date).
//!
//! This is the only crate besides the store and the CLI that does IO. It does not clean or
//! analyse text: a document leaves here with `raw` set and `text` empty.
//! Bad input never panics: a file that cannot be read yields an [`IngestError`] naming it,
//! and the documents that could be read before the fault are still yielded.
//!
//! Formats are sniffed from the bytes (gzip magic, `WARC/`, a leading `{`, HTML tags) with the
//! file extension as a hint. Everything streams: a record or line is read with a bound, so a
//! huge file or a gzip bomb costs bounded memory. Modules: [`reader`] (gzip, bounded reads),
//! [`decode`] (charsets), [`warc`], [`jsonl`].

pub mod decode;
pub mod jsonl;
pub mod reader;
pub mod warc;

use khabar_core::{Document, Format, PartialDate};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Limits and switches for reading.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Largest body kept for one document, in bytes; longer ones are cut with a warning.
    pub max_document_bytes: usize,
    /// Largest decompressed size read from one gzip stream (gzip-bomb guard).
    pub max_decompressed_bytes: u64,
    /// Longest JSON Lines line read; a longer one is skipped with an error.
    pub max_line_bytes: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_document_bytes: 8 << 20,
            max_decompressed_bytes: 4 << 30,
            max_line_bytes: 32 << 20,
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

/// Metadata a container gives about a document.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<PartialDate>,
    /// A charset declared outside the body (HTTP header, or UTF-8 for JSON).
    pub charset: Option<String>,
}

/// Whether bytes look like an HTML page or fragment.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(2048)).unwrap_or(bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let t = head.trim_ascii_start();
    if let Some(rest) = t.strip_prefix(b"<") {
        if let Some(&c) = rest.first() {
            if c.is_ascii_alphabetic() || c == b'!' || c == b'?' {
                return true;
            }
        }
    }
    [
        &b"<html"[..],
        b"<body",
        b"<p>",
        b"<div",
        b"<!doctype",
        b"<article",
        b"<br",
    ]
    .iter()
    .any(|n| decode::find_ci(head, n).is_some())
}

/// Build a document from a raw body: cut to the size limit, decode, attach metadata and
/// warnings.
pub(crate) fn make_doc(
    source: String,
    raw: &[u8],
    format: Format,
    meta: Meta,
    opts: &IngestOptions,
) -> Document {
    let max = opts.max_document_bytes;
    let body = raw.get(..raw.len().min(max)).unwrap_or(raw);
    let decoded = decode::decode(body, meta.charset.as_deref(), format == Format::Html);
    let mut text = decoded.text;
    if raw.len() > max {
        // A cut may split the last character: drop a trailing replacement char it caused.
        if text.ends_with('\u{fffd}') {
            text.pop();
        }
    }
    let mut doc = Document::new(source, raw, text, format);
    doc.url = meta.url;
    doc.title = meta.title.filter(|t| !t.is_empty());
    doc.published = meta.published;
    if let Some((reason, detail)) = decoded.warning {
        doc.warn("ingest", reason, Some(detail));
    }
    if raw.len() > max {
        doc.warn(
            "ingest",
            "document-cut",
            Some(format!("body of {} bytes cut to {max}", raw.len())),
        );
    }
    doc
}

fn io_err(path: &str, e: std::io::Error) -> IngestError {
    if e.kind() == std::io::ErrorKind::Other
        || e.kind() == std::io::ErrorKind::UnexpectedEof
        || e.kind() == std::io::ErrorKind::InvalidData
    {
        IngestError::Malformed {
            path: path.to_string(),
            message: e.to_string(),
        }
    } else {
        IngestError::Io {
            path: path.to_string(),
            source: e,
        }
    }
}

type Docs = Box<dyn Iterator<Item = Result<Document, IngestError>> + Send>;

fn one(item: Result<Document, IngestError>) -> Docs {
    Box::new(std::iter::once(item))
}

/// Read one source (a file, or `-` for stdin) into documents.
pub fn read_source(path: &Path, opts: &IngestOptions) -> Docs {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "stdin".to_string()
    } else {
        path.display().to_string()
    };
    let raw: Box<dyn Read + Send> = if stdin {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                return one(Err(IngestError::Io {
                    path: name,
                    source: e,
                }))
            }
        }
    };
    let opened = match reader::open(raw, opts.max_decompressed_bytes) {
        Ok(o) => o,
        Err(e) => return one(Err(io_err(&name, e))),
    };
    let mut r = opened.reader;
    // Extension hints, looking through `.gz`.
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = stem.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let head: Vec<u8> = match r.fill_buf() {
        Ok(h) => h.get(..h.len().min(2048)).unwrap_or(h).to_vec(),
        Err(e) => return one(Err(io_err(&name, e))),
    };
    if head.is_empty() {
        return one(Err(IngestError::Malformed {
            path: name,
            message: if opened.gzip {
                "empty gzip stream".into()
            } else {
                "empty file".into()
            },
        }));
    }
    let lead = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&head)
        .trim_ascii_start();
    if lead.starts_with(b"WARC/") || ext == "warc" || ext == "arc" {
        return Box::new(warc::WarcReader {
            reader: r,
            name,
            opts: opts.clone(),
            record: 0,
            done: false,
            offset: 0,
        });
    }
    let jsonish = matches!(ext, "jsonl" | "ndjson" | "jsonlines")
        || (lead.starts_with(b"{") && !matches!(ext, "html" | "htm" | "txt"));
    if jsonish {
        return Box::new(jsonl::JsonlReader {
            reader: r,
            name,
            opts: opts.clone(),
            line: 0,
            buf: Vec::new(),
            done: false,
        });
    }
    // A single document: read up to the limit, skip (but count) the rest.
    let mut bytes = Vec::new();
    let total = match reader::read_capped(&mut *r, &mut bytes, opts.max_document_bytes) {
        Ok(t) => t,
        Err(e) => return one(Err(io_err(&name, e))),
    };
    if bytes.trim_ascii().is_empty() {
        return one(Err(IngestError::Malformed {
            path: name,
            message: "empty file (only whitespace)".into(),
        }));
    }
    let format = if matches!(
        ext,
        "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx"
    ) || looks_like_html(&bytes)
    {
        Format::Html
    } else {
        Format::Text
    };
    let mut doc = make_doc(name, &bytes, format, Meta::default(), opts);
    if total > bytes.len() as u64 {
        if doc.raw.ends_with('\u{fffd}') {
            doc.raw.pop();
        }
        doc.warn(
            "ingest",
            "document-cut",
            Some(format!("file of {total} bytes cut to {}", bytes.len())),
        );
    }
    one(Ok(doc))
}
