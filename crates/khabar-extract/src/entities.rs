//! Entity linking. Placeholder until implemented.

use khabar_core::{Document, Stage};

pub struct EntityLinker {}

impl Stage for EntityLinker {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn process(&self, _doc: &mut Document) {}
}
