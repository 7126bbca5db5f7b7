//! The normalization loop as it was before the cluster fast path (test only): every cluster
//! goes the general way, asking the Unicode tables directly, so tests can check that the fast
//! path gives exactly the same text and map.
//!
//! It deliberately shares nothing with the fast path but the folding entries themselves.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Reference normalization: `(text, map)` for `s`.
pub(super) fn normalize_ref(s: &str) -> (String, Vec<usize>) {
    let fold = |c: char| super::fold_table().get(c).map(str::to_string);
    let mut text = String::new();
    let mut map = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let Some(rest) = s.get(i..) else { break };
        let mut chars = rest.char_indices();
        let first_len = chars.next().map(|(_, c)| c.len_utf8()).unwrap_or(1);
        let mut end = first_len;
        for (k, c) in chars {
            if is_combining_mark(c) {
                end = k + c.len_utf8();
            } else {
                break;
            }
        }
        let cluster = rest.get(..end).unwrap_or(rest);
        push_cluster(cluster, i, &fold, &mut text, &mut map);
        i += end.max(1);
    }
    map.push(s.len());
    (text, map)
}

fn push_cluster(
    cluster: &str,
    base: usize,
    fold: &dyn Fn(char) -> Option<String>,
    text: &mut String,
    map: &mut Vec<usize>,
) {
    if cluster.len() == 1 || is_nfkc_quick(cluster.chars()) == IsNormalized::Yes {
        for (k, c) in cluster.char_indices() {
            if c.is_uppercase() {
                for l in c.to_lowercase() {
                    push_folded(l, base + k, fold, text, map);
                }
            } else {
                push_folded(c, base + k, fold, text, map);
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
                push_folded(l, cur, fold, text, map);
            }
        } else {
            push_folded(c, cur, fold, text, map);
        }
    }
}

fn push_folded(
    c: char,
    at: usize,
    fold: &dyn Fn(char) -> Option<String>,
    text: &mut String,
    map: &mut Vec<usize>,
) {
    if c == '\u{200D}' && text.ends_with("\u{09A4}\u{09CD}") {
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
    match fold(c) {
        Some(repl) => {
            for r in repl.chars() {
                push_char(r, at, text, map);
            }
        }
        None => push_char(c, at, text, map),
    }
}

fn push_char(c: char, at: usize, text: &mut String, map: &mut Vec<usize>) {
    text.push(c);
    for _ in 0..c.len_utf8() {
        map.push(at);
    }
}
