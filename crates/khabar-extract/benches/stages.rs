//! Criterion benchmarks, one per pipeline stage, over the project's own sample articles
//! (`samples/`: Bengali, Arabic, English and Russian, text scrapes, an HTML page and the
//! JSON Lines feed's texts). Each stage runs on documents that went through the stages before
//! it, and throughput is reported in bytes of the stage's input.
//!
//!     cargo bench -p khabar-extract --bench stages            # all stages
//!     cargo bench -p khabar-extract --bench stages -- entities # one
//!
//! For whole-corpus figures (documents/s, MB/s, peak RSS, all cores, a baseline in the same
//! run) use `khabar bench`, which generates a corpus of any size.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use khabar_core::{Document, Format, Stage};
use std::path::Path;
use std::sync::Arc;

/// The sample articles as fresh documents (raw bodies, nothing processed).
fn samples() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut docs = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return docs;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let Ok(body) = std::fs::read_to_string(&p) else {
            continue;
        };
        let name = p.display().to_string();
        match p.extension().and_then(|e| e.to_str()) {
            Some("txt") => docs.push(Document::new(
                &name,
                body.as_bytes(),
                body.clone(),
                Format::Text,
            )),
            Some("html") => docs.push(Document::new(
                &name,
                body.as_bytes(),
                body.clone(),
                Format::Html,
            )),
            Some("jsonl") => {
                for (i, line) in body.lines().enumerate() {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                        continue;
                    };
                    let text = ["maintext", "text"]
                        .iter()
                        .find_map(|k| v.get(*k).and_then(|t| t.as_str()))
                        .unwrap_or("")
                        .to_string();
                    let id = format!("{name}#{i}");
                    docs.push(Document::new(
                        &id,
                        text.as_bytes(),
                        text.clone(),
                        Format::Text,
                    ));
                }
            }
            _ => {}
        }
    }
    docs
}

fn stages() -> Vec<Box<dyn Stage>> {
    let kb = match khabar_extract::kb::Kb::builtin() {
        Ok(kb) => Arc::new(kb),
        Err(e) => panic!("built-in KB: {e}"),
    };
    let linker = match khabar_extract::entities::EntityLinker::new(kb) {
        Ok(l) => l,
        Err(e) => panic!("entity index: {e}"),
    };
    let coder = match khabar_extract::events::EventCoder::new() {
        Ok(c) => c,
        Err(e) => panic!("event lexicons: {e}"),
    };
    vec![
        Box::new(khabar_text::clean::CleanConfig::default().build()),
        Box::new(khabar_text::lang::LanguageDetector::new()),
        Box::new(khabar_text::sentences::SentenceSplitter::new()),
        Box::new(khabar_text::dates::DateReader::with_reference(
            khabar_core::PartialDate::from_days(20_000),
        )),
        Box::new(linker),
        Box::new(coder),
    ]
}

fn input_bytes(docs: &[Document], first: bool) -> u64 {
    docs.iter()
        .map(|d| if first { d.raw.len() } else { d.text.len() } as u64)
        .sum()
}

fn bench_stages(c: &mut Criterion) {
    let stages = stages();
    let mut docs = samples();
    assert!(!docs.is_empty(), "no sample articles found");
    let mut group = c.benchmark_group("stage");
    for (i, stage) in stages.iter().enumerate() {
        group.throughput(Throughput::Bytes(input_bytes(&docs, i == 0)));
        group.bench_function(stage.name(), |b| {
            b.iter_batched_ref(
                || {
                    // A fresh copy each time, without the shared normalized text, so the stage
                    // that builds it pays for it as in a real run.
                    docs.iter()
                        .map(|d| {
                            let mut d = d.clone();
                            d.normalized = Default::default();
                            d
                        })
                        .collect::<Vec<_>>()
                },
                |batch| {
                    for d in batch.iter_mut() {
                        stage.process(d);
                    }
                },
                BatchSize::SmallInput,
            )
        });
        for d in docs.iter_mut() {
            stage.process(d);
        }
    }
    group.finish();

    // The normalized copy and the near-duplicate signature, which stages share.
    let dedup = khabar_extract::dedup::Deduper::default();
    let bytes = input_bytes(&docs, false);
    group = c.benchmark_group("shared");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| khabar_text::normalize::normalize(&d.text).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("dedup_signature", |b| {
        b.iter(|| {
            docs.iter()
                .filter(|d| dedup.document_signature(d).is_some())
                .count()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1));
    targets = bench_stages
}
criterion_main!(benches);
