//! Cleaning: raw body (HTML or text scrape) to main text. Placeholder until implemented.

use khabar_core::{Document, Stage};

#[derive(Debug, Default, Clone)]
pub struct CleanConfig {}

impl CleanConfig {
    pub fn build(&self) -> Cleaner {
        Cleaner {}
    }
}

pub struct Cleaner {}

impl Stage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }
    fn process(&self, doc: &mut Document) {
        doc.text = doc.raw.clone();
    }
}
