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

    /// A table of per-word memory (walks, stems, keys, tagger facts) keyed by
    /// [`word_key`] instead of by the word itself.
    pub type KeyMap<V> = std::collections::HashMap<u128, V, std::hash::BuildHasherDefault<KeyHash>>;

    /// The key of a word (or phrase) in a [`KeyMap`]: its 128-bit xxh3 hash. Keys are compared
    /// instead of the words. The tables hold at most 2^17 words, so the chance that a lookup
    /// meets a different word with the same key is below 2^-110, far below that of a memory
    /// error; what it buys is a lookup that touches one table slot instead of following a
    /// pointer to a string (a cache miss in a large table) and comparing bytes, and an insert
    /// that allocates nothing for the key.
    #[inline]
    pub fn word_key(word: &str) -> u128 {
        xxhash_rust::xxh3::xxh3_128(word.as_bytes())
    }

    /// Hasher of a [`KeyMap`]: the key is already a good hash, so its low 64 bits serve.
    #[derive(Default)]
    pub struct KeyHash(u64);

    impl std::hash::Hasher for KeyHash {
        fn finish(&self) -> u64 {
            self.0
        }

        fn write(&mut self, bytes: &[u8]) {
            // Only `write_u128` is used by `KeyMap`; this keeps any other key correct.
            for &b in bytes {
                self.0 = self.0.rotate_left(8) ^ u64::from(b);
            }
        }

        fn write_u128(&mut self, k: u128) {
            self.0 = k as u64;
        }
    }
}
