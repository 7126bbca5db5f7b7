//! Normalization for matching: a folded *copy* of the cleaned text with a byte offset map back
//! to it (tantivy/charabia style — `Document::text` never changes).
//!
//! Steps, in one pass: NFKC (per grapheme-ish cluster: a character and the combining marks
//! after it), lowercasing (every cased script), then the folding table in
//! `data/normalize/fold.tsv`: native digits to ASCII, Arabic letter variants (alef forms,
//! alef maqsura, Persian yeh/kaf, ta marbuta, hamza carriers), harakat and tatweel removed,
//! Bengali nukta letters to one form, Russian ё → е, invisible characters removed, typographic
//! quotes and dashes unified. A Bengali `ত্` + ZWJ (an old spelling of khanda ta) becomes `ৎ`.
//!
//! Lexicon keys must go through [`normalize_str`] so keys and text meet.
//!
//! What it deliberately does not do: transliteration, stemming, word segmentation, or any
//! change of the cleaned text itself. Offsets in the map always point at character starts of
//! the original (or its length, for the sentinel), so [`Normalized::to_original`] always gives
//! spans on character boundaries.

pub use khabar_core::normalized::Normalized;
use khabar_core::Document;
use std::sync::Arc;
use std::sync::OnceLock;
use unicode_normalization::char::{
    canonical_combining_class, compose, decompose_compatible, is_combining_mark,
};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The normalized copy of `doc.text`, built on first use and shared by later callers (see
/// [`khabar_core::NormCache`]).
pub fn of_document(doc: &Document) -> Arc<Normalized> {
    if let Some(n) = doc.normalized.get(&doc.text) {
        return n;
    }
    let n = Arc::new(normalize(&doc.text));
    doc.normalized.set(&doc.text, Arc::clone(&n));
    n
}

/// Normalize `s` into a copy with an offset map.
///
/// The copy is kept with the document for later stages, so it is what a document costs in
/// fresh memory: the text is sized for the common case (same length as the original), growing
/// only when normalization lengthens it, and the offset map is written compressed as it is
/// made ([`Segments`]: a few segments instead of four bytes per byte of text).
pub fn normalize(s: &str) -> Normalized {
    let mut text = String::with_capacity(s.len());
    let mut segs = Segments::default();
    normalize_with(s, &mut text, &mut segs);
    Normalized::from_segments(text, segs.0)
}

/// Normalize a lexicon entry or query with exactly the rules used for text (no offset map is
/// made, so a call allocates only the returned string).
pub fn normalize_str(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    normalize_with(s, &mut text, &mut NoOffsets);
    text
}

/// Normalize `s`, appending to `text` and `map` (cleared first), so callers can reuse buffers.
/// After the call `map.len() == text.len() + 1`: the plain offset map (see
/// [`Normalized::from_map`]).
pub fn normalize_into(s: &str, text: &mut String, map: &mut Vec<u32>) {
    map.clear();
    map.reserve(s.len() + 1);
    normalize_with(s, text, map);
}

/// Where the normalization loop writes the offset map: a plain map (`Vec<u32>`), the
/// compressed segments a document keeps ([`Segments`]), or nowhere ([`NoOffsets`]). Every
/// output character maps to one original offset; runs copied unchanged map byte for byte.
trait OffsetSink {
    /// Output bytes from `at` are the source range `from..to` copied (`chunk`, same length).
    fn copied(&mut self, at: usize, from: usize, to: usize, chunk: &str);
    /// The output character of `len` bytes at `at` comes from original offset `orig`.
    fn char_at(&mut self, at: usize, len: usize, orig: usize);
    /// The original offset of output byte `i` (a character start), when known.
    fn offset_at(&self, i: usize) -> Option<usize>;
    /// Forget the output from byte `keep` on (a character start).
    fn cut(&mut self, keep: usize);
}

impl OffsetSink for Vec<u32> {
    fn copied(&mut self, _at: usize, from: usize, to: usize, chunk: &str) {
        if chunk.is_ascii() {
            self.extend(offset(from)..offset(to));
            return;
        }
        let mut start = offset(from);
        self.extend(chunk.bytes().enumerate().map(|(k, b)| {
            if b & 0xC0 != 0x80 {
                start = offset(from + k);
            }
            start
        }));
    }
    #[inline]
    fn char_at(&mut self, _at: usize, len: usize, orig: usize) {
        for _ in 0..len {
            self.push(offset(orig));
        }
    }
    fn offset_at(&self, i: usize) -> Option<usize> {
        self.as_slice().get(i).map(|&o| o as usize)
    }
    fn cut(&mut self, keep: usize) {
        self.truncate(keep);
    }
}

/// The compressed map as [`Normalized::from_segments`] takes it: a segment starts wherever
/// the offsets stop running parallel to the copy (the form [`Normalized::from_map`] gives for
/// the same plain map; the tests check both agree).
#[derive(Default)]
struct Segments(Vec<(u32, u32)>);

impl Segments {
    /// Output character start `at` maps to `orig`: a new segment unless the last one runs on
    /// to exactly that offset.
    #[inline]
    fn point(&mut self, at: usize, orig: usize) {
        let v = offset(orig);
        match self.0.last() {
            Some(&(s, o)) if o as usize + at.saturating_sub(s as usize) == v as usize => {}
            _ => self.0.push((offset(at), v)),
        }
    }
}

impl OffsetSink for Segments {
    #[inline]
    fn copied(&mut self, at: usize, from: usize, to: usize, _chunk: &str) {
        if to > from {
            self.point(at, from);
        }
    }
    #[inline]
    fn char_at(&mut self, at: usize, _len: usize, orig: usize) {
        self.point(at, orig);
    }
    fn offset_at(&self, i: usize) -> Option<usize> {
        let k = self.0.partition_point(|&(s, _)| s as usize <= i);
        let &(s, o) = self.0.get(k.checked_sub(1)?)?;
        Some(o as usize + (i - s as usize))
    }
    fn cut(&mut self, keep: usize) {
        while self.0.last().is_some_and(|&(s, _)| s as usize >= keep) {
            self.0.pop();
        }
    }
}

/// No offset map (lexicon keys).
struct NoOffsets;

impl OffsetSink for NoOffsets {
    #[inline]
    fn copied(&mut self, _: usize, _: usize, _: usize, _: &str) {}
    #[inline]
    fn char_at(&mut self, _: usize, _: usize, _: usize) {}
    fn offset_at(&self, _: usize) -> Option<usize> {
        None
    }
    fn cut(&mut self, _: usize) {}
}

/// The normalization loop, writing the copy into `text` (cleared first) and its offsets into
/// `map`, ending with the sentinel (the original length after the last byte).
///
/// The loop walks clusters (a character and the combining marks after it). Clusters that
/// normalization leaves unchanged (ASCII apart from case, and characters below
/// [`PROPS_LIMIT`] whose property row says NFKC-stable, not upper case, no fold entry) are not
/// copied one by one: they extend a pending range that is copied in bulk, ASCII lowercased and
/// the map written in one pass, when the next cluster needs work or at the end. A cluster that
/// is NFKC-stable by its property rows is lowercased and folded character by character; any
/// other cluster goes through the general path ([`push_cluster`], NFKC from the library).
fn normalize_with<M: OffsetSink>(s: &str, text: &mut String, map: &mut M) {
    text.clear();
    text.reserve(s.len());
    let table = fold_table();
    let bytes = s.as_bytes();
    // Source bytes `copy..i` are unchanged clusters not yet written out.
    let mut copy = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            // A run of ASCII: unchanged but for case. Its last byte starts a cluster of its own
            // when a non-ASCII character (maybe a combining mark) follows.
            let end = bytes
                .get(i..)
                .and_then(|r| r.iter().position(|&b| b >= 0x80))
                .map_or(bytes.len(), |p| i + p);
            if end == bytes.len() {
                i = end;
                break;
            }
            if end - 1 > i {
                i = end - 1;
            }
        }
        i = run_clusters(s, i, table, &mut copy, text, map);
    }
    flush(s, copy, i.min(s.len()), text, map);
    map.char_at(text.len(), 1, s.len());
}

/// A byte offset as stored in the map (see [`Normalized::from_map`]): saturating past 4 GiB.
#[inline]
fn offset(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Walk clusters from byte `i` until an ASCII character that starts a run of ASCII (or the
/// end); returns where it stopped. Runs of clusters made of plain characters alone (unchanged
/// by normalization, whatever their neighbours: [`P_PLAIN`]) are passed over with one table
/// read per character ([`skip_plain`]); each other cluster is classified as a whole.
fn run_clusters<M: OffsetSink>(
    s: &str,
    mut i: usize,
    table: &FoldTable,
    copy: &mut usize,
    text: &mut String,
    map: &mut M,
) -> usize {
    let bytes = s.as_bytes();
    loop {
        // `i` starts a cluster: pass over plain ones, stop at the first that may need work.
        let Some(at) = skip_plain(bytes, table, i) else {
            return bytes.len();
        };
        i = at;
        let Some((cp, n)) = decode(bytes, i) else {
            return bytes.len();
        };
        if cp < 0x80 && bytes.get(i + 1).is_none_or(|&b| b < 0x80) {
            return i;
        }
        let mut cl = ClusterState::start(table, cp);
        let mut j = i + n;
        while let Some((cp, n)) = decode(bytes, j) {
            if !table.cp_is_mark(cp) {
                break;
            }
            cl.add(table, cp);
            j += n;
        }
        // The cluster `i..j` is complete.
        match cl.kind() {
            Cluster::Unchanged => {}
            kind => {
                flush(s, *copy, i, text, map);
                if let Some(cluster) = s.get(i..j) {
                    if kind == Cluster::Stable {
                        push_chars(cluster, i, table, text, map);
                    } else {
                        push_cluster(cluster, i, table, text, map);
                    }
                }
                *copy = j;
            }
        }
        i = j;
    }
}

/// From the cluster start `k`, pass over characters whose property row says [`P_PLAIN`]: a
/// cluster of such characters alone is unchanged, so they stay in the pending copy. Returns
/// the start of the first cluster holding another character (the cluster's first character:
/// a mark belongs to the cluster of the character before it), or of an ASCII character
/// followed by ASCII (or the end: the caller's ASCII run); `None` at the end of the text.
#[inline]
fn skip_plain(bytes: &[u8], table: &FoldTable, mut k: usize) -> Option<usize> {
    let mut base = k;
    loop {
        let (cp, n) = decode(bytes, k)?;
        if cp < 0x80 && bytes.get(k + 1).is_none_or(|&b| b < 0x80) {
            return Some(k);
        }
        let p = table.props.get(cp as usize).copied().unwrap_or(0);
        if p & P_PLAIN == 0 {
            return Some(if table.cp_is_mark(cp) { base } else { k });
        }
        if p & P_MARK == 0 {
            base = k;
        }
        k += n;
    }
}

/// Decode the character at byte `i` of valid UTF-8: its code point and length.
#[inline]
fn decode(bytes: &[u8], i: usize) -> Option<(u32, usize)> {
    let b0 = u32::from(*bytes.get(i)?);
    if b0 < 0x80 {
        return Some((b0, 1));
    }
    let cont = |k: usize| bytes.get(i + k).map_or(0, |&b| u32::from(b) & 0x3F);
    Some(if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    })
}

/// What is known about the cluster read so far.
///
/// A cluster is NFKC-stable when all its characters are quick (class 0, quick check Yes),
/// or when none has a compatibility decomposition, all pass the quick check with Yes or
/// Maybe, it starts with a class-0 character, the marks are in canonical order, and no Maybe
/// character composes with the last starter before it: then NFKD leaves it alone and canonical
/// composition finds nothing to compose, so NFKC gives it back unchanged. Characters without a
/// property row make it general.
struct ClusterState {
    /// The `P_*` bits all its characters share.
    all: u32,
    /// Every character has a property row.
    known: bool,
    /// Starts with a class-0 character, marks in canonical order, nothing composes.
    ordered: bool,
    /// The last class-0 character (the one a later mark could compose with).
    starter: u32,
    last_cc: u32,
}

impl ClusterState {
    #[inline]
    fn start(table: &FoldTable, cp: u32) -> Self {
        let p = table.props.get(cp as usize).copied();
        let all = p.unwrap_or(0);
        Self {
            all,
            known: p.is_some(),
            ordered: (all >> P_CCC_SHIFT) & 0xFF == 0,
            starter: cp,
            last_cc: 0,
        }
    }

    #[inline]
    fn add(&mut self, table: &FoldTable, cp: u32) {
        let Some(&p) = table.props.get(cp as usize) else {
            // Unknown here: the general path decides (a plain base must not make the cluster
            // look unchanged: marks past the rows may reorder or compose).
            self.known = false;
            self.all = 0;
            return;
        };
        self.all &= p;
        let cc = (p >> P_CCC_SHIFT) & 0xFF;
        if self.last_cc > cc && cc != 0 {
            self.ordered = false;
        }
        if p & P_QC_MAYBE != 0 {
            let composes = match (char::from_u32(self.starter), char::from_u32(cp)) {
                (Some(a), Some(b)) => compose(a, b).is_some(),
                _ => true,
            };
            if composes {
                self.ordered = false;
            }
        }
        if cc == 0 {
            self.starter = cp;
        }
        self.last_cc = cc;
    }

    #[inline]
    fn kind(&self) -> Cluster {
        if self.all & P_PLAIN != 0 {
            return Cluster::Unchanged;
        }
        let nfkc_stable = self.all & P_QUICK != 0 || (self.all & P_SIMPLE != 0 && self.ordered);
        if !self.known || !nfkc_stable {
            Cluster::General
        } else if self.all & P_KEEP != 0 {
            Cluster::Unchanged
        } else {
            Cluster::Stable
        }
    }
}

/// Write out the unchanged source range `from..to`: copied, ASCII lowercased, every byte mapped
/// to the start of its character.
fn flush<M: OffsetSink>(s: &str, from: usize, to: usize, text: &mut String, map: &mut M) {
    let Some(chunk) = s.get(from..to) else { return };
    if chunk.is_empty() {
        return;
    }
    let at = text.len();
    text.push_str(chunk);
    if let Some(t) = text.get_mut(at..) {
        t.make_ascii_lowercase();
    }
    map.copied(at, from, to, chunk);
}

/// What a cluster needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cluster {
    /// NFKC, lower-casing and folding leave it as it is.
    Unchanged,
    /// NFKC leaves it alone; lowercase and fold character by character.
    Stable,
    /// Anything else: the general path.
    General,
}

/// Lowercase and fold each character of an NFKC-stable cluster found at byte `base`.
fn push_chars<M: OffsetSink>(
    cluster: &str,
    base: usize,
    table: &FoldTable,
    text: &mut String,
    map: &mut M,
) {
    for (k, c) in cluster.char_indices() {
        if table.is_upper(c) {
            for l in c.to_lowercase() {
                push_folded(l, base + k, table, text, map);
            }
        } else {
            push_folded(c, base + k, table, text, map);
        }
    }
}

/// NFKC one cluster, lowercase and fold each resulting character. Output characters that equal
/// the next original character map to its offset; others to the last matched one.
fn push_cluster<M: OffsetSink>(
    cluster: &str,
    base: usize,
    table: &FoldTable,
    text: &mut String,
    map: &mut M,
) {
    if cluster.len() == 1
        || cluster.chars().all(|c| table.is_quick(c))
        || is_nfkc_quick(cluster.chars()) == IsNormalized::Yes
    {
        // Already NFKC (most text): fold character by character.
        for (k, c) in cluster.char_indices() {
            if table.is_upper(c) {
                for l in c.to_lowercase() {
                    push_folded(l, base + k, table, text, map);
                }
            } else {
                push_folded(c, base + k, table, text, map);
            }
        }
        return;
    }
    let mut orig = cluster.char_indices().peekable();
    let mut cur = base;
    for c in cluster.chars().nfkc() {
        if let Some(&(k, oc)) = orig.peek() {
            if oc == c {
                cur = base + k;
                orig.next();
            }
        }
        if c.is_uppercase() {
            for l in c.to_lowercase() {
                push_folded(l, cur, table, text, map);
            }
        } else {
            push_folded(c, cur, table, text, map);
        }
    }
}

fn push_folded<M: OffsetSink>(
    c: char,
    at: usize,
    table: &FoldTable,
    text: &mut String,
    map: &mut M,
) {
    if c == '\u{200D}' && text.ends_with("\u{09A4}\u{09CD}") {
        // ত + virama + ZWJ: khanda ta. Replace the virama-ta (6 bytes) with ৎ (3 bytes).
        let keep = text.len() - 6;
        let at_ta = map.offset_at(keep).unwrap_or(at);
        text.truncate(keep);
        map.cut(keep);
        push_char('\u{09CE}', at_ta, text, map);
        return;
    }
    if (c as u32) < 0x80 {
        push_char(c, at, text, map);
        return;
    }
    match table.fold(c) {
        Some(repl) => {
            for r in repl.chars() {
                push_char(r, at, text, map);
            }
        }
        None => push_char(c, at, text, map),
    }
}

#[inline]
fn push_char<M: OffsetSink>(c: char, at: usize, text: &mut String, map: &mut M) {
    map.char_at(text.len(), c.len_utf8(), at);
    text.push(c);
}

/// The folding table from `data/normalize/fold.tsv`: sorted `(from, replacement)` pairs, and
/// for the first code points (every script read here but CJK) a property row per character,
/// so that the hot loop does one array read instead of several Unicode table searches.
struct FoldTable {
    entries: Vec<(char, Box<str>)>,
    /// Indexed by code point below [`PROPS_LIMIT`]: `P_*` bits, the canonical combining class
    /// in bits 8..16, and in the high bits the index + 1 of the character's fold entry (0: none).
    props: Vec<u32>,
}

/// Code points with a property row (Latin to Hangul Jamo, the general punctuation block and
/// CJK symbols included).
const PROPS_LIMIT: u32 = 0x3100;
/// A combining mark (clusters a character with the marks after it).
const P_MARK: u32 = 1;
/// NFKC quick check Yes and canonical combining class 0: unchanged by NFKC in any context.
const P_QUICK: u32 = 2;
/// Uppercase (lowercasing changes it).
const P_UPPER: u32 = 4;
/// Not upper case and no fold entry: lower-casing and folding leave it alone.
const P_KEEP: u32 = 8;
/// NFKC quick check Yes.
const P_QC_YES: u32 = 16;
/// NFKC quick check Maybe (may compose with a character before it).
const P_QC_MAYBE: u32 = 32;
/// No compatibility decomposition: NFKD maps it to itself.
const P_NODECOMP: u32 = 64;
/// No compatibility decomposition and quick check Yes or Maybe.
const P_SIMPLE: u32 = 128;
/// Quick and kept: a cluster of these alone is unchanged.
const P_PLAIN: u32 = 1 << 16;
const P_CCC_SHIFT: u32 = 8;
const P_FOLD_SHIFT: u32 = 17;

impl FoldTable {
    fn new(entries: Vec<(char, Box<str>)>) -> Self {
        let mut props: Vec<u32> = (0..PROPS_LIMIT)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return 0;
                };
                let mut p = 0;
                if is_combining_mark(c) {
                    p |= P_MARK;
                }
                let ccc = canonical_combining_class(c);
                match is_nfkc_quick(std::iter::once(c)) {
                    IsNormalized::Yes => {
                        p |= P_QC_YES;
                        if ccc == 0 {
                            p |= P_QUICK;
                        }
                    }
                    IsNormalized::Maybe => p |= P_QC_MAYBE,
                    IsNormalized::No => {}
                }
                let mut n = 0;
                let mut same = true;
                decompose_compatible(c, |d| {
                    n += 1;
                    same &= d == c;
                });
                if n == 1 && same {
                    p |= P_NODECOMP;
                    if p & (P_QC_YES | P_QC_MAYBE) != 0 {
                        p |= P_SIMPLE;
                    }
                }
                if c.is_uppercase() {
                    p |= P_UPPER;
                }
                p | (u32::from(ccc) << P_CCC_SHIFT)
            })
            .collect();
        for (i, (c, _)) in entries.iter().enumerate() {
            if let Some(p) = props.get_mut(*c as usize) {
                *p |= ((i + 1) as u32) << P_FOLD_SHIFT;
            }
        }
        for (cp, p) in props.iter_mut().enumerate() {
            // ASCII capitals count as kept: copied runs are lowercased in bulk.
            if (*p & P_UPPER == 0 || cp < 0x80) && *p >> P_FOLD_SHIFT == 0 {
                *p |= P_KEEP;
                if *p & P_QUICK != 0 {
                    *p |= P_PLAIN;
                }
            }
        }
        Self { entries, props }
    }

    /// Whether the code point `cp` (a valid one) is a combining mark.
    #[inline]
    fn cp_is_mark(&self, cp: u32) -> bool {
        match self.props.get(cp as usize) {
            Some(p) => p & P_MARK != 0,
            None => char::from_u32(cp).is_some_and(is_combining_mark),
        }
    }

    #[inline]
    fn prop(&self, c: char) -> Option<u32> {
        self.props.get(c as usize).copied()
    }

    /// True only when known cheaply; false means "ask the full quick check".
    #[inline]
    fn is_quick(&self, c: char) -> bool {
        self.prop(c).is_some_and(|p| p & P_QUICK != 0)
    }

    #[inline]
    fn is_upper(&self, c: char) -> bool {
        match self.prop(c) {
            Some(p) => p & P_UPPER != 0,
            None => c.is_uppercase(),
        }
    }

    fn fold(&self, c: char) -> Option<&str> {
        match self.prop(c) {
            Some(p) => {
                let i = (p >> P_FOLD_SHIFT) as usize;
                i.checked_sub(1)
                    .and_then(|i| self.entries.get(i))
                    .map(|(_, r)| &**r)
            }
            None => self.get(c),
        }
    }

    fn get(&self, c: char) -> Option<&str> {
        self.entries
            .binary_search_by(|(k, _)| k.cmp(&c))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, r)| &**r)
    }
}

/// Errors in the folding table (a bug in shipped data; tests load it).
#[derive(Debug, thiserror::Error)]
pub enum FoldError {
    #[error("fold.tsv line {line}: {msg}")]
    Bad { line: usize, msg: String },
}

const FOLD_TSV: &str = include_str!("../data/normalize/fold.tsv");

fn fold_table() -> &'static FoldTable {
    static T: OnceLock<FoldTable> = OnceLock::new();
    T.get_or_init(|| match parse_fold(FOLD_TSV) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "invalid built-in fold table; folding disabled");
            FoldTable::new(Vec::new())
        }
    })
}

/// Validate the built-in folding table (used by tests and at start by callers who want to fail
/// early).
pub fn check_fold_table() -> Result<usize, FoldError> {
    parse_fold(FOLD_TSV).map(|t| t.entries.len())
}

fn parse_cp(s: &str, line: usize) -> Result<char, FoldError> {
    u32::from_str_radix(s.trim(), 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| FoldError::Bad {
            line,
            msg: format!("bad code point {s:?}"),
        })
}

fn parse_range(s: &str, line: usize) -> Result<(char, char), FoldError> {
    match s.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (parse_cp(a, line)?, parse_cp(b, line)?);
            if a > b {
                return Err(FoldError::Bad {
                    line,
                    msg: "empty range".into(),
                });
            }
            Ok((a, b))
        }
        None => {
            let c = parse_cp(s, line)?;
            Ok((c, c))
        }
    }
}

fn parse_fold(src: &str) -> Result<FoldTable, FoldError> {
    let mut entries: Vec<(char, Box<str>)> = Vec::new();
    for (n, raw) in src.lines().enumerate() {
        let line = n + 1;
        let body = raw.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        let (from, to) = body.split_once('>').ok_or_else(|| FoldError::Bad {
            line,
            msg: "missing '>'".into(),
        })?;
        let (fa, fb) = parse_range(from.trim(), line)?;
        let to = to.trim();
        if fa != fb && to.contains("..") {
            let (ta, tb) = parse_range(to, line)?;
            if (fb as u32 - fa as u32) != (tb as u32 - ta as u32) {
                return Err(FoldError::Bad {
                    line,
                    msg: "range lengths differ".into(),
                });
            }
            for k in 0..=(fb as u32 - fa as u32) {
                let (Some(f), Some(t)) =
                    (char::from_u32(fa as u32 + k), char::from_u32(ta as u32 + k))
                else {
                    return Err(FoldError::Bad {
                        line,
                        msg: "bad range".into(),
                    });
                };
                entries.push((f, t.to_string().into_boxed_str()));
            }
        } else {
            let mut repl = String::new();
            for t in to.split_whitespace() {
                repl.push(parse_cp(t, line)?);
            }
            for f in fa..=fb {
                entries.push((f, repl.clone().into_boxed_str()));
            }
        }
    }
    if entries.len() >= (1 << (32 - P_FOLD_SHIFT)) - 1 {
        return Err(FoldError::Bad {
            line: 0,
            msg: format!("{} entries; the property rows hold fewer", entries.len()),
        });
    }
    entries.sort_by_key(|e| e.0);
    for w in entries.windows(2) {
        if let [a, b] = w {
            if a.0 == b.0 {
                return Err(FoldError::Bad {
                    line: 0,
                    msg: format!("U+{:04X} folded twice", a.0 as u32),
                });
            }
        }
    }
    Ok(FoldTable::new(entries))
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_valid() {
        assert!(check_fold_table().unwrap_or(0) > 80);
        assert!(parse_fold("0041 > 0062 0063\n").is_ok());
        assert!(parse_fold("0041..0043 > 0061..0062\n").is_err());
        assert!(parse_fold("ZZZZ > 0061\n").is_err());
    }

    #[test]
    fn property_rows_agree_with_unicode() {
        let t = fold_table();
        for cp in 0..PROPS_LIMIT {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(t.cp_is_mark(cp), is_combining_mark(c), "mark U+{cp:04X}");
            assert_eq!(t.is_upper(c), c.is_uppercase(), "upper U+{cp:04X}");
            assert_eq!(t.fold(c), t.get(c), "fold U+{cp:04X}");
            if t.is_quick(c) {
                let n: String = std::iter::once(c).nfkc().collect();
                assert_eq!(n, c.to_string(), "quick U+{cp:04X}");
            }
        }
        // Beyond the rows, the answers come from the Unicode tables.
        assert!(t.is_upper('𝐀') == '𝐀'.is_uppercase() && !t.is_quick('가'));
    }

    /// Hand-written inputs covering every branch of the cluster classification.
    const CORPUS: &[&str] = &[
        "",
        "a",
        "A",
        "Hello World",
        "e\u{0301}",
        "E\u{0301}cole",
        "a\u{0301}\u{0323}x",
        "\u{00E1}\u{0323}",
        "\u{01C5}\u{01C4}\u{01C6}",
        "ﬁﬂ Ⅻ ½ ² ｆｕｌｌ ＷＩＤＴＨ １２３",
        "\u{0301}leading mark",
        "বাংলাদেশ ও মিয়ানমার",
        "কো কো কৌ কৌ ক\u{09C7}\u{09D7}",
        "ড\u{09BC} ড় ঢ় য় য\u{09BC}",
        "উত\u{09CD}\u{200D}সব ত\u{09CD}\u{200C}ত",
        "৳১২৩.৪৫ ০৯৮৭ ৰৱ",
        "শিক্ষা ক্ষ স্ত্র",
        "السَّلَامُ عَلَيْكُمْ",
        "عَّ عّ ـــ الأمم المتحدة إلى آخر ة ى ی ک ؤ ئ",
        "ﻼ ﻻ ﷺ ﷲ ﺍﻟﻌﺮﺑﻴﺔ",
        "٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٫ ٬",
        "Москва Ёлка ёж ЁЖ Й й и\u{0306} е\u{0308}",
        "Ελληνικά ΣΟΦΟΣ ς",
        "naïve café Æsir Œuvre ß ẞ İstanbul",
        "«quoted» “smart” ‘single’ — – ‐",
        "\u{200B}\u{200E}\u{200F}\u{202A}x\u{202C}\u{2060}\u{FEFF}\u{00AD}",
        "한국어 \u{1100}\u{1161}\u{11A8} 가\u{11A8}",
        "日本語 ｶﾀｶﾅ か\u{3099} ㌀",
        "𝐀𝐁𝐂 𝟙𝟚 🙂👍🏽",
        "q\u{0307}\u{0323}\u{0307}\u{0301}\u{0327}",
        "x\u{0651}\u{064E}",
        "ক\u{09CD}\u{09BC}",
        "\u{09BE}\u{09BE}",
        " \u{10A38}\u{16FF0}",
        "ক\u{10A38}\u{16FF0}\u{1D165}\u{1D16D}x",
        "a\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}\u{0300}",
    ];

    fn widen(m: &[u32]) -> Vec<usize> {
        m.iter().map(|&o| o as usize).collect()
    }

    fn assert_same(s: &str) {
        let (rt, rm) = reference::normalize_ref(s);
        let (mut t, mut m) = (String::from("junk"), vec![7]);
        normalize_into(s, &mut t, &mut m);
        assert_eq!(t, rt, "text for {s:?}");
        assert_eq!(widen(&m), rm, "map for {s:?}");
        assert_compressed(s, &t, &m);
    }

    /// The segments written on the way are the compressed form of the plain map, and the
    /// map-less path gives the same text.
    fn assert_compressed(s: &str, t: &str, m: &[u32]) {
        let n = normalize(s);
        assert_eq!(
            n,
            Normalized::from_map(t.to_string(), m),
            "segments for {s:?}"
        );
        assert_eq!(n.offsets(), m, "offsets for {s:?}");
        assert_eq!(normalize_str(s), t, "normalize_str for {s:?}");
    }

    #[test]
    fn fast_path_matches_reference_on_corpus() {
        for s in CORPUS {
            assert_same(s);
            // Every suffix and prefix on a character boundary, and pairs glued together.
            for (k, _) in s.char_indices() {
                assert_same(&s[k..]);
                assert_same(&s[..k]);
            }
            for t in CORPUS {
                assert_same(&format!("{s}{t}"));
            }
        }
    }

    #[test]
    fn compositions_only_take_maybe_characters_second() {
        // The classification trusts that only quick-check Maybe characters compose with a
        // character before them; check it for every pair in the scripts read here.
        let ranges = [
            0x41..0x250,
            0x300..0x370,
            0x400..0x530,
            0x600..0x700,
            0x900..0xA00,
            0x1100..0x1200,
            0x1E00..0x2000,
        ];
        let t = fold_table();
        for r in ranges.clone() {
            for b in r {
                let Some(b) = char::from_u32(b) else { continue };
                let p = t.prop(b).unwrap_or(0);
                if p & P_QC_MAYBE != 0 {
                    continue;
                }
                for r2 in ranges.clone() {
                    for a in r2 {
                        let Some(a) = char::from_u32(a) else { continue };
                        assert!(
                            compose(a, b).is_none(),
                            "U+{:04X} U+{:04X}",
                            a as u32,
                            b as u32
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The fast path gives exactly what the reference gives, text and map.
        #[test]
        fn fast_path_matches_reference(
            s in "[a-zA-Z0-9 .,'’\u{00C0}-\u{024F}\u{0300}-\u{0345}০-৯ক-হ\u{09BC}-\u{09D7}\u{09DC}-\u{09DF}ا-ي\u{064B}-\u{0652}\u{0670}\u{0640}ёЁа-яА-Я\u{0301}\u{200B}-\u{200F}\u{FB50}-\u{FB60}\u{FE70}-\u{FEFC}\u{FF01}-\u{FF5E}\u{2460}-\u{2465}\u{1100}-\u{1175}\u{11A8}-\u{11C2}\u{AC00}-\u{AC10}\u{1E00}-\u{1EFF}।؟]{0,60}"
        ) {
            let (rt, rm) = reference::normalize_ref(&s);
            let (mut t, mut m) = (String::new(), Vec::new());
            normalize_into(&s, &mut t, &mut m);
            assert_compressed(&s, &t, &m);
            proptest::prop_assert_eq!(t, rt);
            proptest::prop_assert_eq!(widen(&m), rm);
        }

        /// Arbitrary strings, any code point.
        #[test]
        fn fast_path_matches_reference_anywhere(s in "\\PC{0,40}") {
            let (rt, rm) = reference::normalize_ref(&s);
            let (mut t, mut m) = (String::new(), Vec::new());
            normalize_into(&s, &mut t, &mut m);
            assert_compressed(&s, &t, &m);
            proptest::prop_assert_eq!(t, rt);
            proptest::prop_assert_eq!(widen(&m), rm);
        }
    }

    #[test]
    fn plain_runs_are_copied_and_mapped() {
        let n = normalize("বাংলাদেশ ও মিয়ানমার");
        assert_eq!(n.text, "বাংলাদেশ ও মিয়ানমার");
        assert_eq!(n.offsets().len(), n.text.len() + 1);
        // Text whose length normalization keeps is one segment of the compressed map, however
        // long; each change of length starts one more.
        assert_eq!(n.segments(), 1);
        let long = "Москва Ёлка THE Council বাংলাদেশ ".repeat(50);
        assert_eq!(normalize(&long).segments(), 1);
        assert_eq!(normalize("“Quoted” once").segments(), 3);
        // Khanda ta written with ZWJ still becomes ৎ after a plain run.
        assert_eq!(normalize("উত\u{09CD}\u{200D}সব").text, "উ\u{09CE}সব");
        // A composing vowel sign after a plain run still composes (ে + া = ো).
        assert_eq!(normalize("বাংলাদে\u{09BE}শ").text, "বাংলাদ\u{09CB}শ");
    }

    #[test]
    fn normalize_str_reuses_its_buffer_and_matches_normalize() {
        for s in CORPUS {
            assert_eq!(normalize_str(s), normalize(s).text, "{s:?}");
        }
        let long = "Ёлка ".repeat(20_000);
        assert_eq!(normalize_str(&long), "елка ".repeat(20_000));
        assert_eq!(normalize_str("ДАКА"), "дака");
    }

    #[test]
    fn ascii_fast_path() {
        let n = normalize("Hello World");
        assert_eq!(n.text, "hello world");
        assert_eq!(n.offsets(), (0..=11).collect::<Vec<u32>>());
        assert_eq!(n.segments(), 1);
    }
}
