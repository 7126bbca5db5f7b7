//! The line splitter as it was before the terminator fast path (test only): it walks the
//! line a character at a time, so tests can check that skipping to the next possible
//! terminator gives exactly the same spans.
//!
//! It shares the boundary decision (`is_boundary`) and the trimming with the fast path: only
//! the walk is replaced.

use super::{is_closer, is_terminator, push_trimmed, SentenceSplitter};
use khabar_core::Span;

impl SentenceSplitter {
    /// Reference [`SentenceSplitter::split`].
    pub(crate) fn split_ref(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            self.split_line_ref(text, start, start + line.len(), &mut out);
            start += line.len() + 1;
        }
        out
    }

    fn split_line_ref(&self, text: &str, ls: usize, le: usize, out: &mut Vec<Span>) {
        let Some(line) = text.get(ls..le) else { return };
        let mut sent = 0;
        let mut i = 0;
        while let Some(c) = line.get(i..).and_then(|r| r.chars().next()) {
            if !is_terminator(c) {
                i += c.len_utf8();
                continue;
            }
            let term = i;
            let mut j = i;
            while let Some(t) = line.get(j..).and_then(|r| r.chars().next()) {
                if !is_terminator(t) {
                    break;
                }
                j += t.len_utf8();
            }
            let mut k = j;
            while let Some(t) = line.get(k..).and_then(|r| r.chars().next()) {
                let after = line.get(k + t.len_utf8()..).and_then(|r| r.chars().next());
                let closes = is_closer(t)
                    || ((t == '"' || t == '\'')
                        && after
                            .is_none_or(|a| a.is_whitespace() || is_closer(a) || is_terminator(a)));
                if !closes {
                    break;
                }
                k += t.len_utf8();
            }
            if self.is_boundary(line, sent, term, j, k) {
                push_trimmed(text, ls + sent, ls + k, out);
                sent = k;
                i = k;
            } else {
                i = j;
            }
        }
        push_trimmed(text, ls + sent, le, out);
    }
}
