//! Throughput of normalize + sentences + dates on a multilingual text built from this crate's
//! own fixtures. Ignored by default; run in release:
//! `cargo test --release -p khabar-text --test dates_throughput -- --ignored --nocapture`

use khabar_core::PartialDate;
use khabar_text::dates::DateReader;
use khabar_text::normalize::normalize;
use khabar_text::sentences::SentenceSplitter;
use std::time::Instant;

fn corpus(target: usize) -> (String, String) {
    let mut multi = String::new();
    let mut lines = Vec::new();
    for line in include_str!("data/dates/cases.tsv").lines() {
        if let Some(text) = line.split('\t').nth(2) {
            lines.push(text);
        }
    }
    let filler = "The committee met again to discuss the budget, and members raised questions \
                  about spending on roads, schools and hospitals in the northern districts. ";
    while multi.len() < target {
        for (k, l) in lines.iter().enumerate() {
            multi.push_str(l);
            multi.push(' ');
            multi.push_str(filler);
            multi.push_str(if k % 5 == 4 { "\n\n" } else { " " });
        }
    }
    let mut ascii = String::new();
    while ascii.len() < target {
        ascii.push_str(filler);
        ascii.push_str("It rose 3.5 percent on 9 May 2019, Dr. Smith said.\n\n");
    }
    (multi, ascii)
}

/// Best of five runs (the machine is shared: the best run is the least disturbed one).
fn mbps(bytes: usize, f: impl Fn()) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            bytes as f64 / 1e6 / t.elapsed().as_secs_f64()
        })
        .fold(0.0, f64::max)
}

#[test]
#[ignore]
fn throughput() {
    let (multi, ascii) = corpus(5_000_000);
    let split = SentenceSplitter::new();
    let reader = DateReader::new();
    let published = PartialDate::parse("2024-03-12");
    for (name, text) in [("multilingual", &multi), ("ascii-heavy", &ascii)] {
        let n = mbps(text.len(), || {
            std::hint::black_box(normalize(text));
        });
        let s = mbps(text.len(), || {
            std::hint::black_box(split.split(text));
        });
        let d = mbps(text.len(), || {
            std::hint::black_box(reader.read(text, published, None));
        });
        let all = mbps(text.len(), || {
            std::hint::black_box(split.split(text));
            std::hint::black_box(reader.read(text, published, None));
        });
        println!(
            "{name} ({} MB): normalize {n:.0} MB/s, sentences {s:.0} MB/s, dates (incl. normalize) {d:.0} MB/s, sentences+dates {all:.0} MB/s",
            text.len() / 1_000_000
        );
    }
}
