//! Sentence splitting. Placeholder until implemented.

use khabar_core::{Document, Span, Stage};

pub struct SentenceSplitter {}

impl SentenceSplitter {
    pub fn new() -> Self {
        Self {}
    }
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Stage for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn process(&self, doc: &mut Document) {
        doc.sentences = vec![Span::new(0, doc.text.len())];
    }
}
