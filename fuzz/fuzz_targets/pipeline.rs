//! The text and extraction stages end to end (clean, language, sentences, dates, entities,
//! events) on arbitrary HTML or text: never panics, and every span of every layer lies on
//! character boundaries of the cleaned text.
#![no_main]
use khabar_core::{Document, Format, Stage};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn stages() -> &'static Vec<Box<dyn Stage>> {
    static S: OnceLock<Vec<Box<dyn Stage>>> = OnceLock::new();
    S.get_or_init(|| {
        let mut v: Vec<Box<dyn Stage>> = vec![
            Box::new(khabar_text::clean::CleanConfig::default().build()),
            Box::new(khabar_text::lang::LanguageDetector::new()),
            Box::new(khabar_text::sentences::SentenceSplitter::new()),
            Box::new(khabar_text::dates::DateReader::new()),
        ];
        if let Ok(kb) = khabar_extract::kb::Kb::builtin() {
            if let Ok(linker) = khabar_extract::entities::EntityLinker::new(Arc::new(kb)) {
                v.push(Box::new(linker));
            }
        }
        v
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest).into_owned();
    let fmt = if sel & 1 == 1 { Format::Html } else { Format::Text };
    let mut doc = Document::new("fuzz", rest, body, fmt);
    for s in stages() {
        s.process(&mut doc);
    }
    khabar_fuzz::check_document(&doc);
});
