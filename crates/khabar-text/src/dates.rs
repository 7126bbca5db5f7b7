//! Date reading. Placeholder until implemented.

use khabar_core::{Document, Stage};

pub struct DateReader {}

impl DateReader {
    pub fn new() -> Self {
        Self {}
    }
}

impl Default for DateReader {
    fn default() -> Self {
        Self::new()
    }
}

impl Stage for DateReader {
    fn name(&self) -> &'static str {
        "dates"
    }
    fn process(&self, _doc: &mut Document) {}
}
