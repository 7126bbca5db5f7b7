//! A normalized copy of a text with a byte offset map back to it, and a per-document cache
//! of it, so that every stage that matches on normalized text (dates, entities, events,
//! near-duplicates) shares one copy instead of normalizing the text again.
//!
//! The normalization itself lives in `khabar_text::normalize`; this crate only holds the
//! result type (it does no text processing).

use crate::Span;
use std::sync::{Arc, OnceLock};

/// A normalized copy of a text and, for each byte of the copy, the byte offset in the original.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the original byte offset of normalized byte `i`; `map[text.len()]` is the
    /// original length. Non-decreasing; every entry is a character boundary of the original.
    /// Offsets are `u32` (half the memory of `usize`: the map is the largest thing a document
    /// keeps), so texts are limited to 4 GiB; `khabar_text::normalize` saturates beyond that
    /// (ingest caps documents far below it).
    pub map: Vec<u32>,
}

impl Normalized {
    /// Original offset of normalized byte `i` (clamped to the sentinel).
    #[inline]
    pub fn original_offset(&self, i: usize) -> usize {
        let last = self.map.len().saturating_sub(1);
        self.map.get(i.min(last)).map_or(0, |&o| o as usize)
    }

    /// The span of the original covering normalized `span`. Always on character boundaries of
    /// the original. The end extends to the start of the next original character that produced
    /// output, so characters that were deleted (harakat, invisible marks) right after the span
    /// are included; use [`Normalized::to_original_trimmed`] to drop invisible ones.
    #[inline]
    pub fn to_original(&self, span: Span) -> Span {
        let n = self.text.len();
        let s = span.start.min(n);
        let e = span.end.min(n).max(s);
        let start = self.original_offset(s);
        if e == s {
            return Span::new(start, start);
        }
        let last = self.original_offset(e - 1);
        // The end is the first mapped offset after the one of the last byte: bytes of one
        // original character (or cluster) share an offset.
        let mut j = e;
        while j < n && self.original_offset(j) <= last {
            j += 1;
        }
        Span::new(start, self.original_offset(j).max(start))
    }

    /// Like [`Normalized::to_original`], then drops trailing characters of `original` that
    /// normalization deletes as invisible (zero-width spaces and joiners, soft hyphen, BOM,
    /// bidi marks). `original` must be the text this was built from.
    pub fn to_original_trimmed(&self, original: &str, span: Span) -> Span {
        let mut sp = self.to_original(span);
        while sp.end > sp.start {
            let Some(c) = original.get(..sp.end).and_then(|h| h.chars().next_back()) else {
                break;
            };
            if !is_invisible(c) {
                break;
            }
            sp.end -= c.len_utf8();
        }
        sp
    }

    /// The first normalized byte whose original offset is `>= orig` (for restricting a search
    /// to an original span, e.g. a sentence). Returns `text.len()` past the end.
    pub fn to_normalized(&self, orig: usize) -> usize {
        let n = self.text.len();
        let i = self
            .map
            .get(..n)
            .unwrap_or(&[])
            .partition_point(|&o| (o as usize) < orig);
        i.min(n)
    }

    /// [`Normalized::to_normalized`] of many offsets at once: `origs` sorted ascending, the
    /// answers in the same order. The answers only grow, so each search gallops forward from
    /// where the last one ended instead of searching the whole map.
    pub fn to_normalized_sorted(&self, origs: &[usize]) -> Vec<usize> {
        let n = self.text.len();
        let map = self.map.get(..n).unwrap_or(&[]);
        let mut lo = 0;
        let mut prev = 0;
        origs
            .iter()
            .map(|&o| {
                if o < prev {
                    // Not sorted after all: answer this one on its own.
                    return self.to_normalized(o);
                }
                prev = o;
                // Gallop from the last answer: nearby offsets touch nearby cache lines.
                let rest = map.get(lo..).unwrap_or(&[]);
                let mut step = 1;
                while rest.get(step - 1).is_some_and(|&x| (x as usize) < o) {
                    step *= 2;
                }
                let from = step / 2;
                let upto = step.min(rest.len());
                let window = rest.get(from..upto).unwrap_or(&[]);
                lo += from + window.partition_point(|&x| (x as usize) < o);
                lo.min(n)
            })
            .collect()
    }

    /// The normalized range covering original `span` (see [`Normalized::to_normalized`]).
    pub fn span_to_normalized(&self, span: Span) -> Span {
        let s = self.to_normalized(span.start);
        Span::new(s, self.to_normalized(span.end).max(s))
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}'
            | '\u{00AD}' | '\u{FEFF}' | '\u{061C}'
    )
}

/// The normalized copy of [`crate::Document::text`], computed once by the first stage that
/// asks (`khabar_text::normalize::of_document`). It remembers a hash of the text it was built
/// from and is ignored when the text differs, so a stale copy is never used. Not serialized;
/// it never makes two documents unequal.
#[derive(Debug, Clone, Default)]
pub struct NormCache {
    cell: OnceLock<(u64, Arc<Normalized>)>,
}

impl NormCache {
    /// The cached copy, if one was built from exactly `text`.
    pub fn get(&self, text: &str) -> Option<Arc<Normalized>> {
        let (h, n) = self.cell.get()?;
        (*h == text_hash(text)).then(|| Arc::clone(n))
    }

    /// Remember `norm` as the copy of `text` (a no-op when one is already set).
    pub fn set(&self, text: &str, norm: Arc<Normalized>) {
        let _ = self.cell.set((text_hash(text), norm));
    }
}

impl PartialEq for NormCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(text: &str) -> Arc<Normalized> {
        Arc::new(Normalized {
            text: text.to_lowercase(),
            map: (0..=text.len() as u32).collect(),
        })
    }

    #[test]
    fn cache_answers_only_for_the_text_it_was_built_from() {
        let c = NormCache::default();
        assert!(c.get("Cairo").is_none());
        c.set("Cairo", copy("Cairo"));
        assert_eq!(
            c.get("Cairo").map(|n| n.text.clone()).as_deref(),
            Some("cairo")
        );
        // A changed text never sees the stale copy.
        assert!(c.get("Cairo!").is_none());
        // The first copy stays; a second set is ignored.
        c.set("Cairo!", copy("Cairo!"));
        assert!(c.get("Cairo!").is_none());
    }

    #[test]
    fn sorted_conversion_agrees_with_one_at_a_time() {
        // A map with expansions and deletions: "ab" "c" deleted "dd" ...
        let n = Normalized {
            text: "abxxdde".into(),
            map: vec![0, 1, 3, 3, 4, 4, 9, 10],
        };
        let origs: Vec<usize> = (0..12).collect();
        let one: Vec<usize> = origs.iter().map(|&o| n.to_normalized(o)).collect();
        assert_eq!(n.to_normalized_sorted(&origs), one);
        for pick in [
            vec![0, 9, 10, 11],
            vec![4],
            vec![3, 4, 5, 6, 7, 8, 9],
            vec![],
        ] {
            let want: Vec<usize> = pick.iter().map(|&o| n.to_normalized(o)).collect();
            assert_eq!(n.to_normalized_sorted(&pick), want, "{pick:?}");
        }
        // A long map: every sorted subset agrees.
        let long = Normalized {
            text: "x".repeat(1000),
            map: (0..=1000u32).map(|i| i * 2).collect(),
        };
        let qs: Vec<usize> = (0..2100).step_by(7).collect();
        let want: Vec<usize> = qs.iter().map(|&o| long.to_normalized(o)).collect();
        assert_eq!(long.to_normalized_sorted(&qs), want);
        // Unsorted input still gets right answers.
        let back = [5, 2, 9];
        let want: Vec<usize> = back.iter().map(|&o| n.to_normalized(o)).collect();
        assert_eq!(n.to_normalized_sorted(&back), want);
    }

    #[test]
    fn cache_never_makes_documents_unequal() {
        let a = crate::Document::default();
        let b = crate::Document::default();
        b.normalized.set("", copy(""));
        assert_eq!(a, b);
    }
}
