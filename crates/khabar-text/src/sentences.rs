//! Sentence splitting of the cleaned text into `doc.sentences`: sorted, non-overlapping byte
//! spans, trimmed of surrounding whitespace, never crossing a line break (so never a paragraph's
//! blank line either: scraped text often ends a line without punctuation, and a line is then a
//! sentence).
//!
//! Terminators: `.` `!` `?` `…`, Bengali danda `।` and double danda `॥`, Arabic `؟`, Urdu `۔`,
//! full-width `！` `？`; the Arabic semicolon `؛` is a weak boundary, taken only when the sentence
//! so far is long. The Arabic comma `،` is not a boundary. Closing quotes and brackets after a
//! terminator stay with its sentence. A period is not a boundary inside a number (`3.5`), after
//! an abbreviation from `data/sentences/abbrev.<lang>.txt` (all languages' lists apply, since
//! they rarely collide and paragraph languages can be wrong), after a single letter (initials,
//! `A. B. Smith`), after a list number at a line start, or before a lowercase word. Glued
//! sentences (`word।Next`, `end.Next`) are split.
//!
//! What it deliberately does not do: no statistical model, no quotation nesting, no splitting
//! at colons or dashes.

use crate::chars;
use khabar_core::{Document, Span, Stage};
use std::collections::HashMap;

/// How an abbreviation behaves before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Never ends a sentence ("Dr.").
    Never,
    /// May end one: a boundary when the next word is capitalized ("etc.").
    MayEnd,
    /// Not a boundary when a number follows ("No. 5").
    BeforeNumber,
    /// May end a sentence only right after a number ("2019 г. Новый ..."), else never ("г. Казань").
    EndAfterNumber,
}

/// Errors in abbreviation data.
#[derive(Debug, thiserror::Error)]
pub enum SentenceError {
    #[error("abbreviation data line {line}: {msg}")]
    Bad { line: usize, msg: String },
}

const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../data/sentences/abbrev.en.txt")),
    ("ru", include_str!("../data/sentences/abbrev.ru.txt")),
    ("bn", include_str!("../data/sentences/abbrev.bn.txt")),
    ("ar", include_str!("../data/sentences/abbrev.ar.txt")),
    ("fr", include_str!("../data/sentences/abbrev.fr.txt")),
    ("es", include_str!("../data/sentences/abbrev.es.txt")),
    ("de", include_str!("../data/sentences/abbrev.de.txt")),
];

/// The sentence stage.
pub struct SentenceSplitter {
    abbrev: HashMap<String, AbbrevKind>,
    /// Characters a sentence must have before a weak boundary (`؛`) splits it.
    weak_min_chars: usize,
}

impl SentenceSplitter {
    /// A splitter with the built-in abbreviation lists.
    pub fn new() -> Self {
        let mut s = Self {
            abbrev: HashMap::new(),
            weak_min_chars: 100,
        };
        for (lang, src) in BUILTIN {
            if let Err(e) = s.add_abbreviations(src) {
                tracing::error!(lang, error = %e, "invalid built-in abbreviation list");
            }
        }
        s
    }

    /// Add abbreviations in the data-file format (one `ABBR[TAB FLAG]` a line, `#` comments;
    /// FLAG is empty, `end`, `num` or `afternum`).
    pub fn add_abbreviations(&mut self, src: &str) -> Result<usize, SentenceError> {
        let mut n = 0;
        for (i, raw) in src.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let abbr = parts.next().unwrap_or("").trim();
            let kind = match parts.next().map(str::trim).unwrap_or("") {
                "" => AbbrevKind::Never,
                "end" => AbbrevKind::MayEnd,
                "num" => AbbrevKind::BeforeNumber,
                "afternum" => AbbrevKind::EndAfterNumber,
                other => {
                    return Err(SentenceError::Bad {
                        line: i + 1,
                        msg: format!("unknown flag {other:?}"),
                    })
                }
            };
            if !abbr.ends_with('.') || abbr.chars().any(char::is_whitespace) || abbr.len() < 2 {
                return Err(SentenceError::Bad {
                    line: i + 1,
                    msg: format!("{abbr:?} must be one token ending in '.'"),
                });
            }
            self.abbrev.insert(abbr.to_lowercase(), kind);
            n += 1;
        }
        Ok(n)
    }

    /// Number of known abbreviations.
    pub fn abbreviation_count(&self) -> usize {
        self.abbrev.len()
    }

    /// Split `text` into sentence spans.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::with_capacity(text.len() / 80 + 1);
        let mut start = 0;
        for line in text.split('\n') {
            self.split_line(text, start, start + line.len(), &mut out);
            start += line.len() + 1;
        }
        out
    }

    fn split_line(&self, text: &str, ls: usize, le: usize, out: &mut Vec<Span>) {
        let Some(line) = text.get(ls..le) else { return };
        let lb = line.as_bytes();
        let mut sent = 0;
        let mut i = 0;
        // Skip to the next byte that may start a terminator: every terminator's first byte is
        // in `TERMINATOR_LEAD`, and none of those bytes continues a character, so the
        // characters skipped are all non-terminators, as a character-by-character walk would
        // find.
        while let Some(d) = lb
            .get(i..)
            .and_then(|r| r.iter().position(|&b| TERMINATOR_LEAD[b as usize]))
        {
            i += d;
            let Some(c) = line.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
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

    fn is_boundary(&self, line: &str, sent: usize, term: usize, j: usize, k: usize) -> bool {
        let run = line.get(term..j).unwrap_or("");
        let rest = line.get(k..).unwrap_or("");
        let Some(next) = rest.chars().next() else {
            return true;
        };
        let spaced = next.is_whitespace();
        // First character of the next word, past spaces and opening quotes/brackets.
        let next_word = rest.chars().find(|c| {
            !c.is_whitespace() && !is_opener(*c) && !matches!(*c, '"' | '\'' | '-' | '–' | '—')
        });
        let glued = !spaced && k == j;

        if run.contains(['।', '॥', '۔']) {
            return true;
        }
        if run.contains(['!', '?', '؟', '！', '？', '‼', '⁇']) {
            return if spaced || k > j {
                !next_word.is_some_and(is_lower)
            } else {
                starts_sentence_glued(next)
            };
        }
        if run == "؛" || run == ";" {
            let len = line.get(sent..term).map_or(0, |s| s.chars().count());
            return run == "؛" && spaced && len >= self.weak_min_chars;
        }
        let periods = run.chars().filter(|&c| c == '.').count();
        if run.contains('…') || periods >= 2 {
            return (spaced || k > j)
                && next_word.is_some_and(|c| is_upper(c) || is_caseless_letter(c));
        }
        // A single period.
        let before = line.get(..term).unwrap_or("");
        let prev = before.chars().next_back();
        if glued {
            if prev.is_some_and(char::is_numeric) && next.is_numeric() {
                return false;
            }
            let word: &str = before
                .rsplit(|c: char| !chars::is_alphanumeric(c) && !chars::is_combining_mark(c))
                .next()
                .unwrap_or("");
            let tok = token_before(line, term, j);
            if self.abbrev.contains_key(&tok.to_lowercase()) || letters(word) < 2 {
                return false;
            }
            let last = word
                .chars()
                .rev()
                .find(|&c| chars::is_alphabetic(c) && !chars::is_combining_mark(c));
            return match last {
                Some(l) if is_lower(l) => is_upper(next),
                Some(l) if is_caseless_letter(l) => is_caseless_letter(next),
                _ => false,
            };
        }
        let tok = token_before(line, term, j);
        let next_is_num = next_word.is_some_and(char::is_numeric);
        match self.abbrev.get(&tok.to_lowercase()) {
            Some(AbbrevKind::Never) => return false,
            Some(AbbrevKind::MayEnd) => {
                return next_word.is_some_and(|c| is_upper(c) || is_caseless_letter(c))
            }
            Some(AbbrevKind::BeforeNumber) if next_is_num => return false,
            Some(AbbrevKind::EndAfterNumber) => {
                let tok_start = j.saturating_sub(tok.len());
                let prev_word = line
                    .get(..tok_start)
                    .unwrap_or("")
                    .split_whitespace()
                    .next_back()
                    .unwrap_or("");
                let after_num = !prev_word.is_empty() && prev_word.chars().all(char::is_numeric);
                return after_num
                    && next_word.is_some_and(|c| is_upper(c) || is_caseless_letter(c));
            }
            _ => {}
        }
        let core = tok.trim_end_matches('.');
        if letters(core) == 1
            && core
                .chars()
                .all(|c| chars::is_alphabetic(c) || chars::is_combining_mark(c))
        {
            return false; // an initial
        }
        if core.contains('.') && core.split('.').all(|p| (1..=2).contains(&letters(p))) {
            return false; // a dotted acronym not in the lists (N.A.T.O.)
        }
        if !core.is_empty()
            && core.chars().all(|c| c.is_ascii_digit())
            && line.get(sent..term).is_some_and(|b| b.trim_start() == core)
        {
            return false; // "1. First item", "2. Read it"
        }
        !next_word.is_some_and(is_lower)
    }
}

#[cfg(test)]
mod reference;

impl Default for SentenceSplitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Stage for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }
    fn process(&self, doc: &mut Document) {
        doc.sentences = self.split(&doc.text);
    }
}

/// The whitespace-delimited token ending at the terminator run `[term, j)`, with it.
fn token_before(line: &str, term: usize, j: usize) -> &str {
    let before = line.get(..term).unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || is_opener(c) || c == '"' || c == '\'')
        .map_or(0, |(p, c)| p + c.len_utf8());
    line.get(start..j).unwrap_or("")
}

fn letters(s: &str) -> usize {
    s.chars()
        .filter(|&c| chars::is_alphabetic(c) && !chars::is_combining_mark(c))
        .count()
}

/// Bytes that start a terminator's UTF-8 encoding (`.` `!` `?`, and the lead bytes of `…` `‼`
/// `⁇`, `।` `॥`, `؟` `؛`, `۔`, `！` `？`); the tests check every terminator against it.
const TERMINATOR_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let leads = [b'.', b'!', b'?', 0xE2, 0xE0, 0xD8, 0xDB, 0xEF];
    let mut k = 0;
    while k < leads.len() {
        t[leads[k] as usize] = true;
        k += 1;
    }
    t
};

fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '।' | '॥' | '؟' | '۔' | '！' | '？' | '‼' | '⁇' | '؛'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '”' | '’' | '»' | '›' | '〉' | '」' | '』'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„' | '「' | '『'
    )
}

fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

fn is_lower(c: char) -> bool {
    c.is_lowercase()
}

fn is_caseless_letter(c: char) -> bool {
    chars::is_alphabetic(c)
        && !c.is_uppercase()
        && !c.is_lowercase()
        && !chars::is_combining_mark(c)
}

/// Whether a character right after `?`/`!` (no space) starts a new sentence.
fn starts_sentence_glued(c: char) -> bool {
    is_upper(c) || is_caseless_letter(c)
}

fn is_space_like(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}')
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let Some(seg) = text.get(s..e) else { return };
    let lead = seg.len() - seg.trim_start_matches(is_space_like).len();
    let body = seg.trim_matches(is_space_like);
    if body.chars().any(chars::is_alphanumeric) {
        out.push(Span::new(s + lead, s + lead + body.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminator_leads_cover_every_terminator() {
        for cp in 0..=0x10FFFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_terminator(c) {
                let mut buf = [0u8; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(TERMINATOR_LEAD[lead as usize], "{c:?}");
            }
        }
        // No lead byte is a continuation byte, so a match is always a character start.
        assert!((0x80..0xC0).all(|b| !TERMINATOR_LEAD[b]));
    }

    /// Texts built from pieces that exercise every rule (terminator runs, closers, quotes,
    /// abbreviations, numbers, initials, glue, weak boundaries) in several scripts.
    fn pieces_text(seed: u64, n: usize) -> String {
        let pieces = [
            "The talks",
            " ended",
            ".",
            " ",
            "Then",
            "?",
            "!",
            "...",
            "…",
            " ",
            "Dr.",
            " Smith",
            " 3.5",
            " No.",
            " 5",
            "A.",
            " B.",
            " Smith",
            "\n",
            "\n\n",
            "বৈঠক",
            " হয়েছে",
            "।",
            "॥",
            "Next",
            "ড.",
            " রহমান",
            "قال",
            " الوزير",
            "؟",
            "؛",
            "،",
            "۔",
            "Москве",
            " г.",
            " Казань",
            " 2019",
            "”",
            "»",
            ")",
            "\"",
            "'",
            "！",
            "？",
            "‼",
            "e.g.",
            " etc.",
            " lower",
            "N.A.T.O.",
            "1.",
            " First",
            "\u{200B}",
            "\u{a0}",
            " ",
            "x",
            "é",
            "Ж",
        ];
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                pieces[(x % pieces.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn splits_equal_the_reference() {
        let sp = SentenceSplitter::new();
        let mut spans = 0;
        for seed in 0..3000u64 {
            let text = pieces_text(seed, (seed as usize % 90) + 1);
            let got = sp.split(&text);
            assert_eq!(got, sp.split_ref(&text), "{text:?}");
            spans += got.len();
        }
        assert!(spans > 20_000, "{spans}");
    }

    proptest::proptest! {
        #[test]
        fn splits_equal_the_reference_on_any_text(text in "\\PC{0,300}") {
            let sp = SentenceSplitter::new();
            proptest::prop_assert_eq!(sp.split(&text), sp.split_ref(&text));
        }

        #[test]
        fn splits_equal_the_reference_near_terminators(
            text in "[a-zA-Z0-9 .!?…।॥؟۔！？‼⁇؛;,\\n\"'”»)(«\u{a0}\u{200b}কখاب]{0,200}"
        ) {
            let sp = SentenceSplitter::new();
            proptest::prop_assert_eq!(sp.split(&text), sp.split_ref(&text));
        }
    }
}
