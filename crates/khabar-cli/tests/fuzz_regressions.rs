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
/// journalism...") became adjacent to the same line only after the lines between them were
/// removed; the glued-breadcrumb rule ran once before the removals, so only a second cleaning
/// saw the pair. The rule now runs in every round of the line rules.
#[test]
fn clean_text_idempotence_1() {
    let raw = include_bytes!("../../../fuzz/regressions/clean_text-idempotence-1.bin");
    let body = String::from_utf8_lossy(raw);
    let once = clean(&body, Format::Text);
    let twice = clean(&once, Format::Text);
    assert_eq!(once, twice);
}
