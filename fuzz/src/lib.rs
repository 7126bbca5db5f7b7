//! Invariant checks shared by the fuzz targets: every span of a processed document lies inside
//! its text and on UTF-8 character boundaries, spans are well-formed (start <= end), and
//! sentence spans are sorted and do not overlap. A violated invariant panics, which libFuzzer
//! reports as a crash with the input saved under `artifacts/`.
//!
//! Also: a helper that writes fuzz input to a per-process file in /dev/shm (or the temp dir)
//! so path-based readers (`khabar_ingest::read_source`) can be fuzzed without disk wear.

use khabar_core::{Document, Span};
use std::path::PathBuf;

/// Panic unless `span` is a well-formed range of `text` on character boundaries.
pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: inverted span {span:?}");
    assert!(span.end <= text.len(), "{what}: span {span:?} past the end ({})", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on character boundaries"
    );
}

/// Check every span layer of a document.
pub fn check_document(doc: &Document) {
    let t = &doc.text;
    for p in &doc.paragraphs {
        check_span(t, p.span, "paragraph");
    }
    let mut prev_end = 0;
    for s in &doc.sentences {
        check_span(t, *s, "sentence");
        assert!(s.start >= prev_end, "sentences overlap or are unsorted: {:?}", doc.sentences);
        prev_end = s.end;
    }
    for d in &doc.dates {
        check_span(t, d.span, "date");
    }
    for e in &doc.entities {
        for m in &e.mentions {
            check_span(t, *m, "mention");
        }
    }
    for ev in &doc.events {
        check_span(t, ev.sentence, "event sentence");
        check_span(t, ev.trigger, "event trigger");
        for a in &ev.also {
            check_span(t, *a, "event also");
        }
    }
}

/// A scratch file path private to this process and target.
pub fn scratch(target: &str, ext: &str) -> PathBuf {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("khabar-fuzz-{}-{target}.{ext}", std::process::id()))
}

/// Write `data` to a scratch file and read every document from it with the ingest crate,
/// checking each and stopping after `max_docs`.
pub fn ingest_bytes(target: &str, ext: &str, data: &[u8], max_docs: usize) {
    let path = scratch(target, ext);
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let opts = khabar_ingest::IngestOptions::default();
    for item in khabar_ingest::read_source(&path, &opts).take(max_docs) {
        if let Ok(doc) = item {
            // Raw is valid UTF-8 by type; the text is not set yet by ingestion.
            assert!(doc.text.is_empty() || doc.text.len() <= doc.raw.len() + 1024);
            assert_eq!(doc.id.len(), 16, "content id is 16 hex digits");
        }
    }
}
