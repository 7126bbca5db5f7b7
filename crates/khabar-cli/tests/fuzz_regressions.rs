//! Inputs the fuzz targets (`fuzz/`) found failing, kept as tests in the crate that can reach
//! every stage. Each input lives in `fuzz/regressions/` under the target's name; reproduce one
//! with `cargo +nightly fuzz run <target> fuzz/regressions/<file>`.

use khabar_core::{Document, Format, Stage};

fn clean(body: &str, fmt: Format) -> String {
    let mut d = Document::new("fuzz", body.as_bytes(), body.to_string(), fmt);
    khabar_text::clean::CleanConfig::default()
        .build()
        .process(&mut d);
    d.text
}

/// `clean_text` target: cleaning a text scrape twice must give the text of cleaning it once.
/// Found by fuzzing: a marketing line glued to two stray letters ("lsSupport independent
/// journalism...") followed by the same line survives the first pass and is removed by the
/// second (the duplicate-line decision depends on what was removed around it).
#[test]
#[ignore = "known cleaner non-idempotence, reported to the khabar-text owner"]
fn clean_text_idempotence_1() {
    let raw = include_bytes!("../../../fuzz/regressions/clean_text-idempotence-1.bin");
    let body = String::from_utf8_lossy(raw);
    let once = clean(&body, Format::Text);
    let twice = clean(&once, Format::Text);
    assert_eq!(once, twice);
}
