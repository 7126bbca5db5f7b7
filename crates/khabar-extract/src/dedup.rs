//! Near-duplicate detection: syndicated copies (the same story on two sites, with different
//! chrome) and near-copies (a few words changed) are linked to the first document seen with
//! that text, through `Document::duplicate_of`.
//!
//! Method: the cleaned text is normalized ([`khabar_text::normalize::normalize_str`]: case,
//! digits, letter variants) and cut into words at whitespace and punctuation (combining marks
//! such as the Bengali virama stay inside words); overlapping `k`-word shingles are hashed and
//! summarised by a MinHash signature; locality-sensitive hashing over bands of the signature
//! finds candidates in constant time per document, and a candidate is accepted when the
//! signatures estimate a Jaccard similarity of at least [`DedupConfig::threshold`]. With the
//! defaults (20 bands of 6 rows) a pair at Jaccard 0.8 becomes a candidate with probability
//! 0.998, one at 0.5 with 0.27 (and is then rejected by the estimate).
//!
//! Deterministic: hashing is seeded by constants and documents are processed in the order
//! given, so the same input in the same order gives the same links. Memory is bounded by
//! [`DedupConfig::window`] (older documents are forgotten first).
//!
//! Deliberately not done: no IO, no threads (the runner calls [`Deduper::observe`] in input
//! order), no cross-language matching (a translation is a different text; stories in
//! [`crate::stories`] link those), and no judgement on very short texts (fewer than
//! [`DedupConfig::min_shingles`] shingles are never marked as copies).

use crate::fast::HashMap;
use khabar_core::Document;
use std::collections::VecDeque;

/// Knobs of the near-duplicate detector.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// LSH bands; the signature has `bands * rows` hashes.
    pub bands: usize,
    pub rows: usize,
    /// Least estimated Jaccard similarity of shingle sets for a copy.
    pub threshold: f64,
    /// Texts with fewer shingles are never linked.
    pub min_shingles: usize,
    /// How many past documents are remembered.
    pub window: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        Self {
            shingle_words: 2,
            bands: 20,
            rows: 6,
            threshold: 0.8,
            min_shingles: 8,
            window: 200_000,
        }
    }
}

/// A MinHash signature of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// Estimated Jaccard similarity of the two shingle sets (0 for different lengths).
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }
}

struct Entry {
    id: String,
    /// The first document of this text (its own id when it is an original).
    root: String,
    sig: Signature,
}

/// Links near-duplicates, fed documents in order.
pub struct Deduper {
    cfg: DedupConfig,
    entries: VecDeque<Entry>,
    /// Sequence number of `entries[0]`.
    base: u64,
    /// Band key to the sequence number of the first document that had it.
    bands: HashMap<u64, u64>,
}

impl Default for Deduper {
    fn default() -> Self {
        Self::new(DedupConfig::default())
    }
}

impl Deduper {
    pub fn new(mut cfg: DedupConfig) -> Self {
        cfg.shingle_words = cfg.shingle_words.max(1);
        cfg.bands = cfg.bands.max(1);
        cfg.rows = cfg.rows.max(1);
        cfg.window = cfg.window.max(1);
        Self {
            cfg,
            entries: VecDeque::new(),
            base: 0,
            bands: HashMap::default(),
        }
    }

    pub fn config(&self) -> &DedupConfig {
        &self.cfg
    }

    /// The MinHash signature of `text`, or `None` when it has too few shingles to judge.
    pub fn signature(&self, text: &str) -> Option<Signature> {
        self.signature_normalized(&khabar_text::normalize::normalize_str(text))
    }

    /// The signature of a document, from the normalized copy the stages share. Pure, so the
    /// runner computes it on all cores and only [`Deduper::observe_signature`] runs in order.
    pub fn document_signature(&self, doc: &Document) -> Option<Signature> {
        self.signature_normalized(&khabar_text::normalize::of_document(doc).text)
    }

    /// The signature of text already normalized. Words are hashed once each (xxh3); a shingle's
    /// hash combines its words'; the `bands * rows` hash functions are `h1 + i * h2` on two
    /// halves of the shingle hash (double hashing, which keeps MinHash estimates unbiased in
    /// practice and costs one add per function, so the loop vectorizes).
    pub fn signature_normalized(&self, norm: &str) -> Option<Signature> {
        let k = self.cfg.shingle_words;
        let words = word_hashes(norm);
        let count = words.len().saturating_sub(k - 1);
        if count < self.cfg.min_shingles {
            return None;
        }
        let n = self.cfg.bands * self.cfg.rows;
        Some(Signature(min_hashes(&words, k, n)))
    }

    /// Look up a signature computed earlier ([`Deduper::document_signature`]) and remember it
    /// under `id`. Returns the id of the first document it copies, if any (never `id` itself).
    pub fn observe_signature(&mut self, id: &str, sig: Option<Signature>) -> Option<String> {
        let sig = sig?;
        self.observe_sig(id, sig)
    }

    /// Look `text` up and remember it. Returns the id of the first document it copies, if
    /// any (never `id` itself).
    pub fn observe_text(&mut self, id: &str, text: &str) -> Option<String> {
        let sig = self.signature(text);
        self.observe_signature(id, sig)
    }

    /// The body of [`Deduper::observe_signature`].
    fn observe_sig(&mut self, id: &str, sig: Signature) -> Option<String> {
        let keys = self.band_keys(&sig);
        let mut best: Option<(f64, u64)> = None;
        for key in &keys {
            let Some(&seq) = self.bands.get(key) else {
                continue;
            };
            let Some(e) = seq
                .checked_sub(self.base)
                .and_then(|i| self.entries.get(i as usize))
            else {
                continue;
            };
            if e.id == id {
                continue;
            }
            let sim = sig.similarity(&e.sig);
            if sim >= self.cfg.threshold
                && best.is_none_or(|(s, q)| sim > s || (sim == s && seq < q))
            {
                best = Some((sim, seq));
            }
        }
        let root = best
            .and_then(|(_, seq)| self.entries.get((seq - self.base) as usize))
            .map(|e| e.root.clone());
        let seq = self.base + self.entries.len() as u64;
        for key in keys {
            self.bands.entry(key).or_insert(seq);
        }
        self.entries.push_back(Entry {
            id: id.to_string(),
            root: root.clone().unwrap_or_else(|| id.to_string()),
            sig,
        });
        while self.entries.len() > self.cfg.window {
            self.evict();
        }
        root
    }

    /// Look a document up by its cleaned text and set `duplicate_of` when it copies an earlier
    /// one (a value already set is kept). Call in input order, after cleaning.
    pub fn observe(&mut self, doc: &mut Document) -> Option<String> {
        let sig = self.document_signature(doc);
        self.observe_prepared(doc, sig)
    }

    /// [`Deduper::observe`] with the document's signature computed beforehand.
    pub fn observe_prepared(
        &mut self,
        doc: &mut Document,
        sig: Option<Signature>,
    ) -> Option<String> {
        let found = self.observe_signature(&doc.id, sig);
        if doc.duplicate_of.is_none() {
            doc.duplicate_of = found.clone();
        }
        found
    }

    fn band_keys(&self, sig: &Signature) -> Vec<u64> {
        sig.0
            .chunks(self.cfg.rows)
            .enumerate()
            .map(|(b, rows)| {
                let mut h = fnv(FNV_OFFSET, &(b as u64).to_le_bytes());
                for r in rows {
                    h = fnv(h, &r.to_le_bytes());
                }
                mix64(h)
            })
            .collect()
    }

    fn evict(&mut self) {
        let Some(e) = self.entries.pop_front() else {
            return;
        };
        let seq = self.base;
        self.base += 1;
        for key in self.band_keys(&e.sig) {
            if self.bands.get(&key) == Some(&seq) {
                self.bands.remove(&key);
            }
        }
    }
}

/// The hash of every word of `norm`, in order: maximal runs of [`is_word_char`] characters.
/// ASCII bytes are classified directly; other characters are decoded from the (valid) UTF-8
/// by hand, which costs less than the checked `char_indices` walk.
fn word_hashes(norm: &str) -> Vec<u64> {
    let bytes = norm.as_bytes();
    let table = word_table();
    let mut words: Vec<u64> = Vec::with_capacity(norm.len() / 6 + 1);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let (cp, len) = decode(bytes, i, b);
            let word = table.get(cp as usize).copied().unwrap_or_else(|| {
                is_word_char(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER))
            });
            (word, len)
        };
        if word {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            words.push(word_hash(bytes.get(st..i).unwrap_or_default()));
        }
        i += len;
    }
    if let Some(st) = start {
        words.push(word_hash(bytes.get(st..).unwrap_or_default()));
    }
    words
}

/// Code points below this are classified by [`word_table`].
const TABLE_LIMIT: u32 = 0x3100;

/// [`is_word_char`] for every code point below [`TABLE_LIMIT`] (Latin, Greek, Cyrillic,
/// Arabic, the Indic scripts...), built once.
fn word_table() -> &'static [bool] {
    static T: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        (0..TABLE_LIMIT)
            .map(|cp| char::from_u32(cp).is_some_and(is_word_char))
            .collect()
    })
}

/// The non-ASCII code point whose UTF-8 encoding starts with `b` at `bytes[i]`, and its
/// length. `bytes` is valid UTF-8 (it comes from a `str`); missing bytes read as 0 and never
/// panic.
#[inline]
fn decode(bytes: &[u8], i: usize, b: u8) -> (u32, usize) {
    let at = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let (cp, len) = if b < 0xE0 {
        ((u32::from(b & 0x1F) << 6) | at(1), 2)
    } else if b < 0xF0 {
        ((u32::from(b & 0x0F) << 12) | (at(1) << 6) | at(2), 3)
    } else {
        (
            (u32::from(b & 0x07) << 18) | (at(1) << 12) | (at(2) << 6) | at(3),
            4,
        )
    };
    (cp, len)
}

/// Hash functions evaluated together (one block of the signature).
const LANES: usize = 8;

/// The `n` MinHash values over the `k`-word shingles of `words` (at least one shingle).
///
/// Hash function `i` of a shingle hash `(h1, h2)` is `h1 + i * h2` (mod 2^32). Two rewrites
/// keep the values exact while the loop needs only SSE2 (the baseline x86-64 target, which
/// has neither a 32-bit unsigned minimum nor a 32-bit multiply in vectors):
/// - values are kept with the top bit flipped, so the unsigned minimum is the signed minimum
///   of the flipped values; flipping the top bit is adding 2^31, so the flipped value of
///   function `i` is `(h1 ^ 2^31) + i * h2`: one flip per shingle, not per function;
/// - functions go in blocks of [`LANES`]: a block's values are the previous block's plus
///   `LANES * h2`, one add per function instead of a multiply.
fn min_hashes(words: &[u64], k: usize, n: usize) -> Vec<u32> {
    const FLIP: u32 = 0x8000_0000;
    let blocks = n.div_ceil(LANES);
    let mut mins = vec![[i32::MAX; LANES]; blocks];
    for w in words.windows(k) {
        let mut h = FNV_OFFSET;
        for &x in w {
            h = mix64(h.rotate_left(23) ^ x);
        }
        fold_shingle(&mut mins, ((h >> 32) as u32) ^ FLIP, (h as u32) | 1);
    }
    mins.iter()
        .flatten()
        .take(n)
        .map(|&m| (m as u32) ^ FLIP)
        .collect()
}

/// Lower the flipped minima `mins` by one shingle's values `h1f + i * h2` (`h1f`: `h1` with
/// the top bit flipped). Kept out of line: inlined into the word loop, the vectorizer splits
/// the block into scalar and vector parts.
#[inline(never)]
fn fold_shingle(mins: &mut [[i32; LANES]], h1f: u32, h2: u32) {
    let mut v: [u32; LANES] =
        std::array::from_fn(|j| h1f.wrapping_add((j as u32).wrapping_mul(h2)));
    let step = h2.wrapping_mul(LANES as u32);
    for block in mins.iter_mut() {
        *block = std::array::from_fn(|j| block[j].min(v[j] as i32));
        v = std::array::from_fn(|j| v[j].wrapping_add(step));
    }
}

/// Letters, digits and combining marks (the Bengali virama, Arabic harakat) make words.
#[inline]
fn is_word_char(c: char) -> bool {
    khabar_text::chars::is_alphanumeric(c) || khabar_text::chars::is_combining_mark(c)
}

fn word_hash(w: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(w)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A strong 64-bit finalizer (from SplitMix64).
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The finance ministers of the two countries met on Tuesday to discuss \
        a new trade corridor, customs rules for grain and fertiliser, and the reopening of the \
        northern rail link that was closed after the floods last spring.";

    #[test]
    fn short_texts_are_never_judged() {
        let mut d = Deduper::default();
        assert_eq!(d.observe_text("a", "Breaking news"), None);
        assert_eq!(d.observe_text("b", "Breaking news"), None);
    }

    #[test]
    fn identical_text_links_to_first_and_self_is_ignored() {
        let mut d = Deduper::default();
        assert_eq!(d.observe_text("a", TEXT), None);
        assert_eq!(d.observe_text("a", TEXT), None);
        assert_eq!(d.observe_text("b", TEXT).as_deref(), Some("a"));
        // A copy of a copy points at the first.
        assert_eq!(d.observe_text("c", TEXT).as_deref(), Some("a"));
    }

    #[test]
    fn window_forgets_oldest() {
        let mut d = Deduper::new(DedupConfig {
            window: 1,
            ..DedupConfig::default()
        });
        d.observe_text("a", TEXT);
        d.observe_text("x", "A completely different text about rainfall in the hills, the harvest and the price of rice at the market.");
        assert_eq!(d.observe_text("b", TEXT), None);
    }

    /// Words from several scripts, chosen by a seeded generator.
    fn random_text(seed: u64, words: usize) -> String {
        let pool = [
            "the",
            "ministers",
            "met",
            "দুই",
            "দেশের",
            "মন্ত্রী",
            "বৈঠক",
            "وزير",
            "الخارجية",
            "اجتمع",
            "министр",
            "встреча",
            "2024",
            "১২",
            "co-operation",
            "ক্ষ্মা",
            "naïve",
        ];
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..words)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                pool[(x % pool.len() as u64) as usize]
            })
            .collect::<Vec<_>>()
            .join(if seed.is_multiple_of(3) { ", " } else { " " })
    }

    #[test]
    fn signatures_equal_the_reference() {
        let shapes = [
            (2, 20, 6),
            (1, 1, 1),
            (3, 7, 1),
            (2, 13, 3),
            (2, 2, 4),
            (4, 5, 5),
        ];
        let mut judged = 0;
        for &(k, bands, rows) in &shapes {
            let d = Deduper::new(DedupConfig {
                shingle_words: k,
                bands,
                rows,
                min_shingles: 2,
                ..DedupConfig::default()
            });
            for seed in 0..60u64 {
                let text = random_text(seed, (seed as usize * 7) % 300);
                let norm = khabar_text::normalize::normalize_str(&text);
                let want = reference::signature_ref(&norm, k, bands * rows, 2);
                let got = d.signature_normalized(&norm).map(|s| s.0);
                assert_eq!(got, want, "k {k}, {bands}x{rows}, seed {seed}");
                judged += usize::from(want.is_some());
            }
        }
        assert!(judged > 300);
    }

    proptest::proptest! {
        #[test]
        fn signatures_equal_the_reference_on_any_text(text in "\\PC{0,400}") {
            let d = Deduper::new(DedupConfig { min_shingles: 1, ..DedupConfig::default() });
            let norm = khabar_text::normalize::normalize_str(&text);
            let want = reference::signature_ref(&norm, 2, 120, 1);
            proptest::prop_assert_eq!(d.signature_normalized(&norm).map(|s| s.0), want);
            // Any string, not only normalized ones (controls, astral characters).
            let want = reference::signature_ref(&text, 2, 120, 1);
            proptest::prop_assert_eq!(d.signature_normalized(&text).map(|s| s.0), want);
        }

        #[test]
        fn signatures_equal_the_reference_on_any_string(text in proptest::prelude::any::<String>()) {
            let d = Deduper::new(DedupConfig { min_shingles: 1, ..DedupConfig::default() });
            let want = reference::signature_ref(&text, 2, 120, 1);
            proptest::prop_assert_eq!(d.signature_normalized(&text).map(|s| s.0), want);
        }
    }
}
