//! The text-scrape cleaner on arbitrary text: never panics; spans on character boundaries;
//! idempotent: cleaning its own output again changes nothing.
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
    let mut a = Document::new("fuzz.txt", data, body, Format::Text);
    cleaner().process(&mut a);
    khabar_fuzz::check_document(&a);
    let mut b = Document::new("fuzz.txt", a.text.as_bytes(), a.text.clone(), Format::Text);
    cleaner().process(&mut b);
    assert_eq!(a.text, b.text, "cleaning is idempotent");
});
