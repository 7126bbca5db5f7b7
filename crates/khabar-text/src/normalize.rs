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
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
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
pub fn normalize(s: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(s.len() + s.len() / 8),
        map: Vec::with_capacity(s.len() + s.len() / 8 + 1),
    };
    normalize_into(s, &mut out.text, &mut out.map);
    out
}

/// Normalize a lexicon entry or query with exactly the rules used for text.
pub fn normalize_str(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::new();
    normalize_into(s, &mut text, &mut map);
    text
}

/// Normalize `s`, appending to `text` and `map` (cleared first), so callers can reuse buffers.
/// After the call `map.len() == text.len() + 1`.
pub fn normalize_into(s: &str, text: &mut String, map: &mut Vec<usize>) {
    normalize_with(s, text, map, true);
}

/// The normalization loop; `fast` enables the two copy-through paths (runs of ASCII, runs of
/// characters that NFKC and folding leave alone). Without them every cluster goes the general
/// way, which tests use as the reference the fast paths must agree with.
fn normalize_with(s: &str, text: &mut String, map: &mut Vec<usize>, fast: bool) {
    text.clear();
    map.clear();
    text.reserve(s.len());
    map.reserve(s.len() + 1);
    let table = fold_table();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !fast {
            let Some(rest) = s.get(i..) else { break };
            i += push_next_cluster(rest, i, table, text, map);
            continue;
        }
        // Fast path: a run of ASCII bytes, copied and lowercased in bulk. The last byte of a run
        // followed by a non-ASCII character goes the slow way (a combining mark may follow).
        let run = bytes
            .get(i..)
            .and_then(|r| r.iter().position(|&b| b >= 0x80))
            .map_or(bytes.len() - i, |p| p.saturating_sub(1));
        if run > 0 {
            let Some(chunk) = s.get(i..i + run) else {
                break;
            };
            let at = text.len();
            text.push_str(chunk);
            if let Some(t) = text.get_mut(at..) {
                t.make_ascii_lowercase();
            }
            map.extend(i..i + run);
            i += run;
            continue;
        }
        let Some(rest) = s.get(i..) else { break };
        // Fast path: a run of characters NFKC and folding leave alone (lower-case letters,
        // most Bengali, Arabic and Cyrillic letters and marks), copied as they are. As above,
        // the last one before any other character goes the general way.
        // Every byte of a character maps to the character's start, as in `push_char`.
        let mark = map.len();
        let mut last = 0;
        let mut end = 0;
        for (k, c) in rest.char_indices() {
            if !table.is_plain(c) {
                break;
            }
            last = k;
            end = k + c.len_utf8();
            map.extend(std::iter::repeat_n(i + k, c.len_utf8()));
        }
        let run = if end == rest.len() { end } else { last };
        map.truncate(mark + run);
        if run > 0 {
            let Some(chunk) = rest.get(..run) else { break };
            text.push_str(chunk);
            i += run;
            continue;
        }
        i += push_next_cluster(rest, i, table, text, map);
    }
    map.push(s.len());
}

/// Normalize the cluster `rest` starts with (one character and the combining marks after it),
/// found at byte `i` of the source; returns its length in bytes.
fn push_next_cluster(
    rest: &str,
    i: usize,
    table: &FoldTable,
    text: &mut String,
    map: &mut Vec<usize>,
) -> usize {
    {
        let mut chars = rest.char_indices();
        let first_len = chars.next().map(|(_, c)| c.len_utf8()).unwrap_or(1);
        let mut end = first_len;
        for (k, c) in chars {
            if table.is_mark(c) {
                end = k + c.len_utf8();
            } else {
                break;
            }
        }
        let cluster = rest.get(..end).unwrap_or(rest);
        push_cluster(cluster, i, table, text, map);
        end.max(1)
    }
}

/// NFKC one cluster, lowercase and fold each resulting character. Output characters that equal
/// the next original character map to its offset; others to the last matched one.
fn push_cluster(
    cluster: &str,
    base: usize,
    table: &FoldTable,
    text: &mut String,
    map: &mut Vec<usize>,
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

fn push_folded(c: char, at: usize, table: &FoldTable, text: &mut String, map: &mut Vec<usize>) {
    if c == '\u{200D}' && text.ends_with("\u{09A4}\u{09CD}") {
        // ত + virama + ZWJ: khanda ta. Replace the virama-ta (6 bytes) with ৎ (3 bytes).
        let keep = text.len() - 6;
        let at_ta = map.get(keep).copied().unwrap_or(at);
        text.truncate(keep);
        map.truncate(keep);
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
fn push_char(c: char, at: usize, text: &mut String, map: &mut Vec<usize>) {
    text.push(c);
    for _ in 0..c.len_utf8() {
        map.push(at);
    }
}

/// The folding table from `data/normalize/fold.tsv`: sorted `(from, replacement)` pairs, and
/// for the first code points (every script read here but CJK) a property row per character,
/// so that the hot loop does one array read instead of several Unicode table searches.
struct FoldTable {
    entries: Vec<(char, Box<str>)>,
    /// Indexed by code point below [`PROPS_LIMIT`]: `P_*` bits, and in the high bits the
    /// index + 1 of the character's fold entry (0: none).
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
/// Left alone by NFKC, lower-casing and folding (quick, not upper case, no fold entry, not a
/// joiner): a run of these is copied as it is.
const P_PLAIN: u32 = 16;
const P_FOLD_SHIFT: u32 = 8;

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
                if canonical_combining_class(c) == 0
                    && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
                {
                    p |= P_QUICK;
                }
                if c.is_uppercase() {
                    p |= P_UPPER;
                }
                p
            })
            .collect();
        for (i, (c, _)) in entries.iter().enumerate() {
            if let Some(p) = props.get_mut(*c as usize) {
                *p |= ((i + 1) as u32) << P_FOLD_SHIFT;
            }
        }
        for (cp, p) in props.iter_mut().enumerate() {
            let joiner = cp == 0x200C || cp == 0x200D;
            if *p & P_QUICK != 0 && *p & P_UPPER == 0 && *p >> P_FOLD_SHIFT == 0 && !joiner {
                *p |= P_PLAIN;
            }
        }
        Self { entries, props }
    }

    #[inline]
    fn prop(&self, c: char) -> Option<u32> {
        self.props.get(c as usize).copied()
    }

    #[inline]
    fn is_mark(&self, c: char) -> bool {
        match self.prop(c) {
            Some(p) => p & P_MARK != 0,
            None => is_combining_mark(c),
        }
    }

    /// Whether `c` is left alone by normalization in any context (see [`P_PLAIN`]).
    #[inline]
    fn is_plain(&self, c: char) -> bool {
        self.prop(c).is_some_and(|p| p & P_PLAIN != 0)
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
            assert_eq!(t.is_mark(c), is_combining_mark(c), "mark U+{cp:04X}");
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

    proptest::proptest! {
        /// The copy-through paths give exactly what the general path gives, text and map.
        #[test]
        fn fast_paths_agree_with_the_general_path(
            s in "[a-zA-Z0-9 .,'’\u{00C0}-\u{00FF}০-৯ক-হ\u{09BC}-\u{09D7}\u{09DC}-\u{09DF}ا-ي\u{064B}-\u{0652}\u{0670}\u{0640}ёЁа-яА-Я\u{0301}\u{200B}-\u{200D}\u{FB50}-\u{FB60}\u{2460}-\u{2465}।؟]{0,80}"
        ) {
            let (mut t1, mut m1) = (String::new(), Vec::new());
            let (mut t2, mut m2) = (String::new(), Vec::new());
            normalize_with(&s, &mut t1, &mut m1, true);
            normalize_with(&s, &mut t2, &mut m2, false);
            proptest::prop_assert_eq!(t1, t2);
            proptest::prop_assert_eq!(m1, m2);
        }
    }

    #[test]
    fn plain_runs_are_copied_and_mapped() {
        let n = normalize("বাংলাদেশ ও মিয়ানমার");
        assert_eq!(n.text, "বাংলাদেশ ও মিয়ানমার");
        assert_eq!(n.map.len(), n.text.len() + 1);
        // Khanda ta written with ZWJ still becomes ৎ after a plain run.
        assert_eq!(normalize("উত\u{09CD}\u{200D}সব").text, "উ\u{09CE}সব");
        // A composing vowel sign after a plain run still composes (ে + া = ো).
        assert_eq!(normalize("বাংলাদে\u{09BE}শ").text, "বাংলাদ\u{09CB}শ");
    }

    #[test]
    fn ascii_fast_path() {
        let n = normalize("Hello World");
        assert_eq!(n.text, "hello world");
        assert_eq!(n.map, (0..=11).collect::<Vec<_>>());
    }
}
