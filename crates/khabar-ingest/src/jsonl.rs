//! JSON Lines: one article per line, with the field names common crawlers and scrapers use
//! (news-please, trafilatura, newspaper, Common Crawl derivatives). Each line is its own
//! document; a broken line is an error naming `file:line` and the rest go on. Lines are read
//! with a length bound so a gigantic line is skipped without being held in memory.
//!
//! It does not read a pretty-printed JSON array or object spread over many lines.

use crate::reader::{read_line_bounded, Line};
use crate::{make_doc, IngestError, IngestOptions, Meta};
use khabar_core::{Document, Format, PartialDate};
use serde_json::Value;
use std::io::BufRead;

/// Body fields holding text, in order of preference.
const TEXT_FIELDS: &[&str] = &[
    "text",
    "content",
    "maintext",
    "body",
    "article",
    "article_text",
    "full_text",
    "plain_text",
];
/// Body fields holding HTML.
const HTML_FIELDS: &[&str] = &["html", "raw_html", "content_html", "body_html"];
const URL_FIELDS: &[&str] = &["url", "link", "source_url", "canonical_url"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const DATE_FIELDS: &[&str] = &[
    "date",
    "date_publish",
    "published",
    "date_published",
    "published_at",
    "publish_date",
    "pubdate",
    "datePublished",
];

pub struct JsonlReader {
    pub reader: Box<dyn BufRead + Send>,
    pub name: String,
    pub opts: IngestOptions,
    pub line: usize,
    pub buf: Vec<u8>,
    pub done: bool,
}

impl JsonlReader {
    fn err(&self, message: String) -> IngestError {
        IngestError::Malformed {
            path: format!("{}:{}", self.name, self.line),
            message,
        }
    }
}

fn str_field<'a>(obj: &'a serde_json::Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| match obj.get(*n) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    })
}

impl Iterator for JsonlReader {
    type Item = Result<Document, IngestError>;
    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            let max = self.opts.max_line_bytes;
            match read_line_bounded(&mut *self.reader, &mut self.buf, max) {
                Ok(Line::Eof) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.err(e.to_string())));
                }
                Ok(Line::TooLong(n)) => {
                    return Some(Err(self.err(format!(
                        "line of {n} bytes is longer than the limit of {max} bytes; skipped"
                    ))))
                }
                Ok(Line::Ok) => {}
            }
            let raw = std::mem::take(&mut self.buf);
            let trimmed = raw.trim_ascii();
            if trimmed.is_empty() {
                self.buf = raw;
                continue;
            }
            let item = self.parse(trimmed);
            self.buf = raw;
            return Some(item);
        }
        None
    }
}

impl JsonlReader {
    fn parse(&self, line: &[u8]) -> Result<Document, IngestError> {
        let v: Value =
            serde_json::from_slice(line).map_err(|e| self.err(format!("invalid JSON: {e}")))?;
        let Value::Object(obj) = v else {
            return Err(self.err("not a JSON object".into()));
        };
        let (body, format) = if let Some(t) = str_field(&obj, TEXT_FIELDS) {
            let f = if crate::looks_like_html(t.as_bytes()) {
                Format::Html
            } else {
                Format::Text
            };
            (t, f)
        } else if let Some(h) = str_field(&obj, HTML_FIELDS) {
            (h, Format::Html)
        } else {
            return Err(self.err(format!(
                "no article body (expected one of: {}, {})",
                TEXT_FIELDS.join(", "),
                HTML_FIELDS.join(", ")
            )));
        };
        let meta = Meta {
            url: str_field(&obj, URL_FIELDS)
                .or_else(|| str_field(&obj, &["source"]).filter(|s| s.starts_with("http")))
                .map(str::to_string),
            title: str_field(&obj, TITLE_FIELDS).map(|s| s.trim().to_string()),
            published: str_field(&obj, DATE_FIELDS).and_then(PartialDate::parse),
            charset: Some("utf-8".into()),
        };
        let mut doc = make_doc(
            format!("{}#{}", self.name, self.line),
            body.as_bytes(),
            format,
            meta,
            &self.opts,
        );
        // The id hashes the whole line (the raw bytes of this document).
        doc.id = khabar_core::content_id(line);
        Ok(doc)
    }
}
