//! A normalized copy of a text with a byte offset map back to it, and a per-document cache
//! of it, so that every stage that matches on normalized text (dates, entities, events,
//! near-duplicates) shares one copy instead of normalizing the text again.
//!
//! The normalization itself lives in `khabar_text::normalize`; this crate only holds the
//! result type (it does no text processing).

use crate::Span;
use std::sync::{Arc, OnceLock};

/// A normalized copy of a text and, for each byte of the copy, the byte offset in the original.
///
/// The offset map is kept compressed: normalization mostly copies the text (changing case,
/// not length), so the offsets run parallel to the copy and only change step where a character
/// grows, shrinks or disappears. It is stored as segments `(start in the copy, offset there)`;
/// inside a segment a byte maps to the segment's offset plus its character's distance from the
/// segment start (the bytes of one character share its offset). A typical article needs a
/// handful of segments instead of four bytes per byte of text: the copy is kept with every
/// document, and fresh memory is what a document costs most. [`Normalized::from_map`] builds it
/// from a plain map and [`Normalized::offsets`] gives the plain map back; every answer is the
/// one the plain map gives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    pub text: String,
    /// The compressed offset map: `(start in text, original offset at start)`, starts strictly
    /// increasing, the first at 0 (empty only for the empty default). Offsets are `u32`, so
    /// texts are limited to 4 GiB; `khabar_text::normalize` saturates beyond that (ingest caps
    /// documents far below it).
    segs: Vec<(u32, u32)>,
    /// When there is more than one segment: per block of 64 bytes of the copy, the
    /// segment holding the block's first byte, so a lookup searches only the segments that
    /// start inside one block (most often none).
    index: Vec<u32>,
}

/// Bytes of the copy per entry of the segment index: `1 << BLOCK_SHIFT` (64).
const BLOCK_SHIFT: u32 = 6;

impl Normalized {
    /// The normalized `text` with its plain offset map: `map[i]` is the original byte offset of
    /// normalized byte `i` and `map[text.len()]` the original length (a sentinel); the map is
    /// non-decreasing and every entry a character boundary of the original. Entries past the
    /// sentinel are ignored; a short map is continued with its last entry (0 when empty).
    pub fn from_map(text: String, map: &[u32]) -> Self {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut segs: Vec<(u32, u32)> = Vec::new();
        // The current segment: start, offset there; `cs` is the start of the character holding
        // byte `i` (or `i` itself at the end).
        let mut seg: Option<(usize, u32)> = None;
        let mut cs = 0;
        let mut last = 0;
        for i in 0..=n {
            let v = map.get(i).copied().unwrap_or(last);
            last = v;
            if bytes.get(i).is_none_or(|&b| b & 0xC0 != 0x80) {
                cs = i;
            }
            let fits = seg.is_some_and(|(s, o)| o as usize + (cs.max(s) - s) == v as usize);
            if !fits {
                segs.push((offset(i), v));
                seg = Some((i, v));
            }
        }
        Self::from_segments(text, segs)
    }

    /// The normalized `text` with its map already compressed: the segments
    /// [`Normalized::from_map`] makes of the plain map (what `khabar_text::normalize` writes as
    /// it goes). Starts must be strictly increasing, the first at 0; other input gives wrong
    /// offsets, never a panic.
    pub fn from_segments(text: String, mut segs: Vec<(u32, u32)>) -> Self {
        segs.shrink_to_fit();
        let mut index = Vec::new();
        if segs.len() > 1 {
            let blocks = (text.len() >> BLOCK_SHIFT) + 1;
            index.reserve_exact(blocks);
            let mut k = 0usize;
            for b in 0..blocks {
                let at = b << BLOCK_SHIFT;
                while segs.get(k + 1).is_some_and(|&(s, _)| s as usize <= at) {
                    k += 1;
                }
                index.push(offset(k));
            }
        }
        Self { text, segs, index }
    }

    /// The segment holding byte `i` (at most the text's length) of the copy.
    #[inline]
    fn segment_of(&self, i: usize) -> usize {
        let last = self.segs.len().saturating_sub(1);
        let b = i >> BLOCK_SHIFT;
        let Some(&lo) = self.index.get(b) else {
            return last;
        };
        let lo = lo as usize;
        let hi = self.index.get(b + 1).map_or(last, |&h| h as usize);
        // The segments starting inside the block: those at or before `i` follow `lo`.
        let inside = self.segs.get(lo + 1..=hi).unwrap_or(&[]);
        lo + inside.partition_point(|&(s, _)| s as usize <= i)
    }

    /// The plain offset map (`text.len() + 1` entries, see [`Normalized::from_map`]); for
    /// tests and callers that want every offset at once.
    pub fn offsets(&self) -> Vec<u32> {
        (0..=self.text.len())
            .map(|i| offset(self.original_offset(i)))
            .collect()
    }

    /// Segments of the compressed map (a measure of how much normalization changed lengths).
    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// The start of the character holding byte `i` of the copy, not before `floor`.
    #[inline]
    fn char_start(&self, mut i: usize, floor: usize) -> usize {
        let bytes = self.text.as_bytes();
        while i > floor && bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
            i -= 1;
        }
        i
    }

    /// Original offset of normalized byte `i` (clamped to the sentinel).
    #[inline]
    pub fn original_offset(&self, i: usize) -> usize {
        let i = i.min(self.text.len());
        // One segment (no index): the whole copy runs parallel to the original.
        let seg = if self.index.is_empty() {
            self.segs.first()
        } else {
            self.segs.get(self.segment_of(i))
        };
        let Some(&(s, o)) = seg else {
            return 0;
        };
        let s = s as usize;
        o as usize + (self.char_start(i, s).max(s) - s)
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
        // Segments that hold bytes of the copy; their offsets only grow.
        let live = self.segs.partition_point(|&(s, _)| (s as usize) < n);
        let segs = self.segs.get(..live).unwrap_or(&[]);
        // The last segment starting below `orig`: the answer is in it or starts the next one.
        let k = segs.partition_point(|&(_, o)| (o as usize) < orig);
        let Some(&(s, o)) = k.checked_sub(1).and_then(|k| segs.get(k)) else {
            return 0;
        };
        // The next segment (at `k`, the first whose offset reaches `orig`) starts where this
        // one ends.
        let end = segs.get(k).map_or(n, |&(s, _)| s as usize);
        // Bytes of the segment map to `o` plus their character's distance from its start: the
        // first with an offset `>= orig` starts the first character at or after `t`.
        let t = (s as usize).saturating_add(orig.saturating_sub(o as usize));
        if t >= end {
            return end.min(n);
        }
        let bytes = self.text.as_bytes();
        let mut i = t;
        while bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
            i += 1;
        }
        i.min(end).min(n)
    }

    /// [`Normalized::to_normalized`] of many offsets at once (`origs` in any order), the
    /// answers in the same order.
    pub fn to_normalized_sorted(&self, origs: &[usize]) -> Vec<usize> {
        origs.iter().map(|&o| self.to_normalized(o)).collect()
    }

    /// The normalized range covering original `span` (see [`Normalized::to_normalized`]).
    pub fn span_to_normalized(&self, span: Span) -> Span {
        let s = self.to_normalized(span.start);
        Span::new(s, self.to_normalized(span.end).max(s))
    }
}

/// A byte offset as stored in the map: saturating past 4 GiB.
#[inline]
fn offset(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
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
        let map: Vec<u32> = (0..=text.len() as u32).collect();
        Arc::new(Normalized::from_map(text.to_lowercase(), &map))
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
        let n = Normalized::from_map("abxxdde".into(), &[0, 1, 3, 3, 4, 4, 9, 10]);
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
        let map: Vec<u32> = (0..=1000u32).map(|i| i * 2).collect();
        let long = Normalized::from_map("x".repeat(1000), &map);
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

    /// The uncompressed map and the answers it gave before compression (kept verbatim).
    struct Plain<'a> {
        text: &'a str,
        map: &'a [u32],
    }

    impl Plain<'_> {
        fn original_offset(&self, i: usize) -> usize {
            let last = self.map.len().saturating_sub(1);
            self.map.get(i.min(last)).map_or(0, |&o| o as usize)
        }
        fn to_original(&self, span: Span) -> Span {
            let n = self.text.len();
            let s = span.start.min(n);
            let e = span.end.min(n).max(s);
            let start = self.original_offset(s);
            if e == s {
                return Span::new(start, start);
            }
            let last = self.original_offset(e - 1);
            let mut j = e;
            while j < n && self.original_offset(j) <= last {
                j += 1;
            }
            Span::new(start, self.original_offset(j).max(start))
        }
        fn to_normalized(&self, orig: usize) -> usize {
            let n = self.text.len();
            let i = self
                .map
                .get(..n)
                .unwrap_or(&[])
                .partition_point(|&o| (o as usize) < orig);
            i.min(n)
        }
    }

    /// A small deterministic generator (xorshift), so the test needs no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below.max(1) as u64) as usize
        }
    }

    /// Random texts of one- to four-byte characters with random non-decreasing maps, both the
    /// kind normalization writes (one offset per character, steps where lengths change) and
    /// arbitrary ones (steps inside characters): every answer of the compressed map is the
    /// plain map's.
    #[test]
    fn compressed_map_answers_as_the_plain_map() {
        let alphabet = ['a', 'Z', ' ', 'é', 'ё', 'ক', '\u{09BC}', 'ب', '—', '𝐀'];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..3000 {
            // Mostly short texts (every span is checked), some long ones (many index blocks).
            let long = round % 10 == 0;
            let len = if long { rng.next(400) } else { rng.next(12) };
            let text: String = (0..len)
                .map(|_| {
                    alphabet
                        .get(rng.next(alphabet.len()))
                        .copied()
                        .unwrap_or('a')
                })
                .collect();
            let n = text.len();
            let per_char = round % 3 != 0;
            let mut map = Vec::with_capacity(n + 1);
            let mut o: u32 = rng.next(3) as u32;
            let mut prev_start = 0;
            for (i, b) in text.bytes().enumerate() {
                let starts = b & 0xC0 != 0x80;
                if !per_char || starts {
                    // Steps: none (a plain copy), a grown or shrunk character, a repeat.
                    o += match rng.next(6) {
                        0 => 0,
                        1 => 1 + rng.next(4) as u32,
                        _ => (i - prev_start) as u32,
                    };
                    if starts {
                        prev_start = i;
                    }
                }
                map.push(o);
            }
            map.push(o + rng.next(5) as u32);
            let c = Normalized::from_map(text.clone(), &map);
            let p = Plain {
                text: &text,
                map: &map,
            };
            assert_eq!(c.offsets(), map, "{text:?} {map:?}");
            let top = map.last().copied().unwrap_or(0) as usize + 2;
            for i in 0..n + 2 {
                assert_eq!(
                    c.original_offset(i),
                    p.original_offset(i),
                    "{text:?} {map:?} {i}"
                );
            }
            for a in (0..=n + 1).filter(|a| !long || a % 37 == 0) {
                for b in (a..=n + 1).filter(|b| !long || b % 5 == 0) {
                    let sp = Span::new(a, b);
                    assert_eq!(
                        c.to_original(sp),
                        p.to_original(sp),
                        "{text:?} {map:?} {sp:?}"
                    );
                }
            }
            let origs: Vec<usize> = (0..top).collect();
            let want: Vec<usize> = origs.iter().map(|&o| p.to_normalized(o)).collect();
            assert_eq!(c.to_normalized_sorted(&origs), want, "{text:?} {map:?}");
            if per_char {
                assert!(c.segments() <= text.chars().count() + 1, "{map:?}");
            }
        }
        // A plain copy of any length is one segment; the empty default answers 0.
        let map: Vec<u32> = (0..=300u32).collect();
        assert_eq!(Normalized::from_map("q".repeat(300), &map).segments(), 1);
        let d = Normalized::default();
        assert_eq!((d.original_offset(5), d.to_normalized(5)), (0, 0));
        assert_eq!(d.offsets(), vec![0]);
        // Offsets far past the end answer the ends.
        let n = Normalized::from_map("ab".into(), &[0, 3, 5]);
        assert_eq!(n.to_normalized(usize::MAX), 2);
        assert_eq!(n.original_offset(usize::MAX), 5);
        assert_eq!(n.to_original(Span::new(1, usize::MAX)), Span::new(3, 5));
    }
}
