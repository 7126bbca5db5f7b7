//! The HTML cleaner on arbitrary markup: never panics; paragraph spans lie on character
//! boundaries of the text; cleaning the same page twice gives the same text.
#![no_main]
use khabar_core::{Document, Format, Stage};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn cleaner() -> &'static khabar_text::clean::Cleaner {
    static C: OnceLock<khabar_text::clean::Cleaner> = OnceLock::new();
    C.get_or_init(|| khabar_text::clean::CleanConfig::default().build())
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data).into_owned();
    let mut a = Document::new("fuzz.html", data, body.clone(), Format::Html);
    cleaner().process(&mut a);
    khabar_fuzz::check_document(&a);
    let mut b = Document::new("fuzz.html", data, body, Format::Html);
    cleaner().process(&mut b);
    assert_eq!(a.text, b.text, "cleaning is deterministic");
});
