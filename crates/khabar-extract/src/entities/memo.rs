//! Per-thread memory of facts about single words that depend only on the linker's lexicon:
//! the candidate stems of a word (proclitics and suffix chains removed), whether it is free of
//! common words, and the phonetic key of a token. News vocabulary is Zipfian, so after a few
//! hundred documents almost every word a thread meets has been seen before, and discovery
//! stops re-stemming and re-transliterating it.
//!
//! Tables are keyed by the word's 128-bit hash ([`crate::fast::word_key`]), not by the word.
//! Each thread has its own table (no locks); a table that grows past [`MAX_WORDS`] entries is
//! cleared, so memory stays bounded whatever the corpus. It deliberately holds nothing that
//! depends on a document (capitalization, position, what else the document names).

use crate::fast::{word_key, KeyMap};
use std::cell::RefCell;
use std::sync::Arc;
use thread_local::ThreadLocal;

/// Entries per table before it is cleared.
pub(crate) const MAX_WORDS: usize = 1 << 17;
/// Longer words (base64 runs, glued junk) are computed every time and never stored, so a table
/// holds at most `MAX_WORDS * MAX_WORD_BYTES` bytes of keys.
pub(crate) const MAX_WORD_BYTES: usize = 96;

/// Stems of a word as (byte offset, byte length) pairs, in the order `stems` produces them.
pub(crate) type StemSpans = Arc<[(u32, u32)]>;

#[derive(Default)]
struct Tables {
    stems: KeyMap<StemSpans>,
    plain: KeyMap<bool>,
    keys: KeyMap<Box<str>>,
}

fn bounded<V>(map: &mut KeyMap<V>) {
    if map.len() >= MAX_WORDS {
        map.clear();
    }
}

/// The per-thread tables of one linker.
#[derive(Default)]
pub(crate) struct Memo {
    tables: ThreadLocal<RefCell<Tables>>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Memo {
    fn with<R>(&self, f: impl FnOnce(&mut Tables) -> R) -> R {
        let cell = self.tables.get_or_default();
        // A re-entrant call (a compute closure that itself asks the memo) gets fresh tables
        // rather than a panic; the closures below never do that.
        match cell.try_borrow_mut() {
            Ok(mut t) => f(&mut t),
            Err(_) => f(&mut Tables::default()),
        }
    }

    /// Stems of `word`, computed by `compute` the first time this thread sees the word.
    pub(crate) fn stems(&self, word: &str, compute: impl FnOnce() -> StemSpans) -> StemSpans {
        if word.len() > MAX_WORD_BYTES {
            return compute();
        }
        let k = word_key(word);
        if let Some(v) = self.with(|t| t.stems.get(&k).cloned()) {
            return v;
        }
        let v = compute();
        self.with(|t| {
            bounded(&mut t.stems);
            t.stems.insert(k, v.clone());
        });
        v
    }

    /// Whether `word` and its stems are all uncommon words.
    pub(crate) fn plain(&self, word: &str, compute: impl FnOnce() -> bool) -> bool {
        if word.len() > MAX_WORD_BYTES {
            return compute();
        }
        let k = word_key(word);
        if let Some(v) = self.with(|t| t.plain.get(&k).copied()) {
            return v;
        }
        let v = compute();
        self.with(|t| {
            bounded(&mut t.plain);
            t.plain.insert(k, v);
        });
        v
    }

    /// `f` of the phonetic key of the normalized token `tok` (computed by `compute` the
    /// first time this thread sees the token), lent rather than copied out.
    pub(crate) fn key_with<R>(
        &self,
        tok: &str,
        compute: impl FnOnce() -> String,
        f: impl FnOnce(&str) -> R,
    ) -> R {
        if tok.len() > MAX_WORD_BYTES {
            return f(&compute());
        }
        let cell = self.tables.get_or_default();
        // A re-entrant call computes without the table rather than panicking.
        let Ok(mut t) = cell.try_borrow_mut() else {
            return f(&compute());
        };
        let k = word_key(tok);
        if let Some(v) = t.keys.get(&k) {
            return f(v);
        }
        let v = compute();
        let r = f(&v);
        bounded(&mut t.keys);
        t.keys.insert(k, v.into_boxed_str());
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_word_and_thread() {
        let m = Memo::default();
        let mut calls = 0;
        for _ in 0..3 {
            let k = m.key_with(
                "hafter",
                || {
                    calls += 1;
                    "hftr".to_string()
                },
                str::to_string,
            );
            assert_eq!(k, "hftr");
        }
        assert_eq!(calls, 1);
        // Another thread has its own table.
        std::thread::scope(|s| {
            s.spawn(|| {
                let mut other = 0;
                m.key_with(
                    "hafter",
                    || {
                        other += 1;
                        "hftr".to_string()
                    },
                    |_| (),
                );
                assert_eq!(other, 1);
            });
        });
    }

    #[test]
    fn tables_stay_bounded() {
        let m = Memo::default();
        for i in 0..(MAX_WORDS + 10) {
            m.plain(&format!("w{i}"), || true);
        }
        let n = m.with(|t| t.plain.len());
        assert!(n <= MAX_WORDS, "{n}");
        assert!(n >= 10);
        // Long words are answered but not kept.
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let before = m.with(|t| t.plain.len());
        assert!(m.plain(&long, || true));
        assert_eq!(m.with(|t| t.plain.len()), before);
    }
}
