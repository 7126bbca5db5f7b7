//! The MinHash signature as it was before the fast paths (test only): words found with the
//! checked `char_indices` walk, one multiply per hash function and shingle on unsigned
//! values, so tests can check that the fast path gives exactly the same signatures.
//!
//! It deliberately shares nothing with the fast path but the word splitting and the hashes.

use super::{is_word_char, mix64, word_hash, FNV_OFFSET};

/// Reference signature of normalized text (`None` below `min_shingles`).
pub(crate) fn signature_ref(
    norm: &str,
    k: usize,
    n: usize,
    min_shingles: usize,
) -> Option<Vec<u32>> {
    let mut words: Vec<u64> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in norm.char_indices() {
        if is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            words.push(word_hash(norm.get(st..i).unwrap_or("").as_bytes()));
        }
    }
    if let Some(st) = start {
        words.push(word_hash(norm.get(st..).unwrap_or("").as_bytes()));
    }
    let count = words.len().saturating_sub(k - 1);
    if count < min_shingles {
        return None;
    }
    let mut mins = vec![u32::MAX; n];
    for w in words.windows(k) {
        let mut h = FNV_OFFSET;
        for &x in w {
            h = mix64(h.rotate_left(23) ^ x);
        }
        let h1 = (h >> 32) as u32;
        let h2 = (h as u32) | 1;
        for (i, m) in mins.iter_mut().enumerate() {
            let v = h1.wrapping_add((i as u32).wrapping_mul(h2));
            *m = (*m).min(v);
        }
    }
    Some(mins)
}
