//! Runs the text stages, the linker and the event coder over a directory of plain-text pages
//! and writes document records, for measuring against a gold set with the corpus scorer:
//!
//!     KHABAR_EVENTS_CORPUS=/path/to/pages KHABAR_EVENTS_OUT=/tmp/e.jsonl \
//!         cargo test -p khabar-extract --release --test events_corpus -- --ignored
//!
//! Ignored by default: it needs a corpus outside the repository.

use khabar_core::{Document, Format, Record, Stage};
use khabar_extract::entities::EntityLinker;
use khabar_extract::events::EventCoder;
use khabar_extract::kb::Kb;
use std::io::Write;
use std::sync::Arc;

#[test]
#[ignore]
fn corpus_records() {
    let (Ok(dir), Ok(out)) = (
        std::env::var("KHABAR_EVENTS_CORPUS"),
        std::env::var("KHABAR_EVENTS_OUT"),
    ) else {
        return;
    };
    let kb = Kb::builtin().expect("builtin kb");
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(khabar_text::clean::CleanConfig::default().build()),
        Box::new(khabar_text::lang::LanguageDetector::new()),
        Box::new(khabar_text::sentences::SentenceSplitter::new()),
        Box::new(khabar_text::dates::DateReader::new()),
        Box::new(EntityLinker::new(Arc::new(kb)).expect("linker")),
        Box::new(EventCoder::new().expect("event coder")),
    ];
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let mut f = std::fs::File::create(&out).expect("out file");
    let mut bytes = 0usize;
    let mut times = vec![0u128; stages.len()];
    for p in paths {
        let raw = std::fs::read(&p).expect("read");
        bytes += raw.len();
        let body = String::from_utf8_lossy(&raw).into_owned();
        let mut doc = Document::new(p.display().to_string(), &raw, body, Format::Text);
        for (i, s) in stages.iter().enumerate() {
            let t0 = std::time::Instant::now();
            s.process(&mut doc);
            times[i] += t0.elapsed().as_micros();
        }
        let rec = Record::from_document(&doc, false);
        writeln!(f, "{}", serde_json::to_string(&rec).expect("json")).expect("write");
    }
    eprintln!("bytes {bytes} stage micros {times:?}");
}
