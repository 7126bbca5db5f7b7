//! Extraction: the knowledge base ([`kb`]), entity linking across scripts ([`entities`]) and
//! CAMEO event coding ([`events`]).
//!
//! No IO except where a caller hands a reader: loading a KB takes text or a reader, never a
//! path it opens itself... with one exception, [`kb::Kb::load_path`], a convenience for the CLI.

pub mod dedup;
pub mod entities;
pub mod events;
pub mod kb;
pub mod stories;

/// Hash maps and sets for the hot paths (short string keys looked up per character or word):
/// foldhash instead of SipHash. Iteration order is unspecified either way; nothing here
/// depends on it.
pub(crate) mod fast {
    pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
    pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
}
