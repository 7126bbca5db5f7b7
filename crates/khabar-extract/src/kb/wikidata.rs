//! Wikidata JSON dump → KB lines. Placeholder.
