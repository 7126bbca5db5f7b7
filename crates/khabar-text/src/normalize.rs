//! Normalization for matching, on a copy with an offset map. Placeholder until implemented.

/// A normalized copy of a text and, for each byte of the copy, the byte offset in the original.
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the original byte offset of normalized byte `i`; `map[text.len()]` is the
    /// original length.
    pub map: Vec<usize>,
}

pub fn normalize(s: &str) -> Normalized {
    let mut map: Vec<usize> = (0..s.len()).collect();
    map.push(s.len());
    Normalized {
        text: s.to_string(),
        map,
    }
}
