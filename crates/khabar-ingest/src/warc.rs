//! A streaming WARC 1.0/1.1 reader: `WARC/1.x` header block, `Content-Length` body, two CRLFs.
//!
//! Keeps `response` and `resource` records whose payload is HTML or text; strips the HTTP
//! headers of responses (taking their charset); takes `WARC-Target-URI` and `WARC-Date`.
//! Skips `request`, `metadata`, `warcinfo`, `revisit` records and binary payloads. A record cut
//! short (truncated file or gzip) ends the stream with an error after the records before it.
//! It does not undo HTTP transfer or content encodings (chunked, gzip bodies): such records
//! are skipped with a debug log.

use crate::reader::{read_line_bounded, Line};
use crate::{make_doc, IngestError, IngestOptions, Meta};
use khabar_core::{Document, Format, PartialDate};
use std::io::{BufRead, Read};

const MAX_HEADER_LINE: usize = 64 << 10;
const MAX_HEADERS: usize = 512;

pub struct WarcReader {
    pub reader: Box<dyn BufRead + Send>,
    pub name: String,
    pub opts: IngestOptions,
    pub record: usize,
    pub done: bool,
    pub offset: u64,
}

enum Step {
    Doc(Box<Document>),
    Skip,
    End,
}

impl WarcReader {
    fn fail(&mut self, message: String) -> Option<Result<Document, IngestError>> {
        self.done = true;
        Some(Err(IngestError::Malformed {
            path: self.name.clone(),
            message,
        }))
    }

    fn step(&mut self) -> Result<Step, String> {
        let mut line = Vec::new();
        // Version line, after any blank lines.
        loop {
            match read_line_bounded(&mut *self.reader, &mut line, MAX_HEADER_LINE) {
                Ok(Line::Eof) => return Ok(Step::End),
                Ok(Line::Ok) if line.iter().all(|b| b.is_ascii_whitespace()) => {
                    self.offset += line.len() as u64 + 1;
                    continue;
                }
                Ok(Line::Ok) => break,
                Ok(Line::TooLong(_)) => {
                    return Err(format!(
                        "record {}: header line too long at byte {}",
                        self.record + 1,
                        self.offset
                    ))
                }
                Err(e) => return Err(format!("record {}: {e}", self.record + 1)),
            }
        }
        self.record += 1;
        let n = self.record;
        if !line.starts_with(b"WARC/") {
            return Err(format!(
                "record {n}: expected a WARC/1.x header at byte {}, found {:?}",
                self.offset,
                String::from_utf8_lossy(line.get(..line.len().min(40)).unwrap_or(&[]))
            ));
        }
        self.offset += line.len() as u64 + 1;
        let mut kind = String::new();
        let mut uri = None;
        let mut date = None;
        let mut length: Option<u64> = None;
        let mut headers = 0;
        loop {
            match read_line_bounded(&mut *self.reader, &mut line, MAX_HEADER_LINE) {
                Ok(Line::Eof) => return Err(format!("record {n}: truncated WARC header")),
                Ok(Line::TooLong(_)) => return Err(format!("record {n}: header line too long")),
                Err(e) => return Err(format!("record {n}: {e}")),
                Ok(Line::Ok) => {}
            }
            self.offset += line.len() as u64 + 1;
            if line.is_empty() {
                break;
            }
            headers += 1;
            if headers > MAX_HEADERS {
                return Err(format!("record {n}: too many header lines"));
            }
            let text = String::from_utf8_lossy(&line);
            let Some((k, v)) = text.split_once(':') else {
                continue;
            };
            let v = v.trim();
            match k.trim().to_ascii_lowercase().as_str() {
                "warc-type" => kind = v.to_ascii_lowercase(),
                "warc-target-uri" => uri = Some(v.trim_matches(['<', '>']).to_string()),
                "warc-date" => date = PartialDate::parse(v),
                "content-length" => length = v.parse().ok(),
                _ => {}
            }
        }
        let Some(length) = length else {
            return Err(format!("record {n}: no Content-Length"));
        };
        let keep = kind == "response" || kind == "resource" || kind == "conversion";
        let cap = if keep {
            (self.opts.max_document_bytes as u64).saturating_add(64 << 10)
        } else {
            0
        };
        let mut body = Vec::new();
        let got = (&mut self.reader)
            .take(length.min(cap))
            .read_to_end(&mut body)
            .map_err(|e| format!("record {n}: {e}"))? as u64;
        let skipped = if length > got {
            std::io::copy(
                &mut (&mut self.reader).take(length - got),
                &mut std::io::sink(),
            )
            .map_err(|e| format!("record {n}: {e}"))?
        } else {
            0
        };
        if got + skipped < length {
            return Err(format!(
                "record {n}: truncated WARC record ({} of {length} body bytes)",
                got + skipped
            ));
        }
        self.offset += length;
        if !keep {
            return Ok(Step::Skip);
        }
        let cut = length > got;
        let (payload, content_type) = if kind == "response" {
            split_http(&body)
        } else {
            (body.as_slice(), None)
        };
        let ct = content_type.unwrap_or_default().to_ascii_lowercase();
        if !(ct.is_empty() || ct.contains("html") || ct.contains("text") || ct.contains("xml")) {
            tracing::debug!(record = n, content_type = %ct, "skipping non-text WARC payload");
            return Ok(Step::Skip);
        }
        if payload.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(Step::Skip);
        }
        let charset = crate::decode::charset_from_content_type(&ct).map(str::to_string);
        let format = if ct.contains("html") || crate::looks_like_html(payload) {
            Format::Html
        } else {
            Format::Text
        };
        let meta = Meta {
            url: uri,
            published: date,
            charset,
            ..Meta::default()
        };
        let mut doc = make_doc(
            format!("{}#{n}", self.name),
            payload,
            format,
            meta,
            &self.opts,
        );
        if cut {
            doc.warn(
                "ingest",
                "document-cut",
                Some(format!("record body of {length} bytes cut")),
            );
        }
        Ok(Step::Doc(Box::new(doc)))
    }
}

/// Split an HTTP response into payload and `Content-Type` value.
fn split_http(body: &[u8]) -> (&[u8], Option<String>) {
    if !body.starts_with(b"HTTP/") {
        return (body, None);
    }
    let end = memchr::memmem::find(body, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(body, b"\n\n").map(|i| (i, i + 2)));
    let Some((hend, pstart)) = end else {
        return (&[], None);
    };
    let head = String::from_utf8_lossy(body.get(..hend).unwrap_or(&[]));
    let ct = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-type")
            .then(|| v.trim().to_string())
    });
    (body.get(pstart..).unwrap_or(&[]), ct)
}

impl Iterator for WarcReader {
    type Item = Result<Document, IngestError>;
    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.step() {
                Ok(Step::Doc(d)) => return Some(Ok(*d)),
                Ok(Step::Skip) => continue,
                Ok(Step::End) => {
                    self.done = true;
                    return None;
                }
                Err(m) => return self.fail(m),
            }
        }
        None
    }
}
