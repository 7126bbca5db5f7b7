//! Language identification. Placeholder until implemented.

use khabar_core::{Document, Stage};

pub struct LanguageDetector {}

impl LanguageDetector {
    pub fn new() -> Self {
        Self {}
    }
}

impl Default for LanguageDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl Stage for LanguageDetector {
    fn name(&self) -> &'static str {
        "lang"
    }
    fn process(&self, _doc: &mut Document) {}
}
