//! Event coding. Placeholder until implemented.

use khabar_core::{Document, Stage};

pub struct EventCoder {}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events"
    }
    fn process(&self, _doc: &mut Document) {}
}
