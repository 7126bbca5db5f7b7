//! Tokens of the normalized text for the date reader: ASCII digit runs, word runs (letters and
//! combining marks), the machine-translation placeholder `xnumx` (as a word, never a number),
//! and single punctuation characters. Whitespace separates tokens and is remembered as flags.
//!
//! Works on normalized text (digits are ASCII, case is folded); no lexicon knowledge here.
//! The tokenizer walks bytes: ASCII bytes are classed by a 128-entry table, other characters
//! are decoded in place and classed by a table of the first code points (every script the
//! reader knows) with `char`'s Unicode answers above it. The tests hold it to the plain
//! `char_indices` definition.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// A run of ASCII digits: its value (saturating) and digit count.
    Num {
        value: u32,
        digits: u8,
    },
    Word,
    /// "XNUMX" and words starting with it ("xnumxst"): a number lost in translation.
    Placeholder,
    Punct(char),
}

/// A token: kind and byte range in the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    /// Whitespace came right before this token.
    pub space_before: bool,
    /// A line break came right before this token.
    pub newline_before: bool,
}

impl Tok {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn num(&self) -> Option<(u32, u8)> {
        match self.kind {
            TokKind::Num { value, digits } => Some((value, digits)),
            _ => None,
        }
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct(c)
    }
    /// Touches the previous token (no space between).
    pub fn glued(&self) -> bool {
        !self.space_before
    }
}

/// Character classes of the tokenizer.
const OTHER: u8 = 0;
const WORD: u8 = 1;
const SPACE: u8 = 2;
const NEWLINE: u8 = 3;
const DIGIT: u8 = 4;

/// Code points below this have a row in the class table.
const LIMIT: u32 = 0x3100;

/// The class by the plain definitions (the table is built from this).
fn class_slowly(c: char) -> u8 {
    if c == '\n' {
        NEWLINE
    } else if c.is_whitespace() {
        SPACE
    } else if c.is_ascii_digit() {
        DIGIT
    } else if is_word_char(c) {
        WORD
    } else {
        OTHER
    }
}

fn classes() -> &'static [u8] {
    static T: OnceLock<Vec<u8>> = OnceLock::new();
    T.get_or_init(|| {
        (0..LIMIT)
            .map(|cp| char::from_u32(cp).map_or(OTHER, class_slowly))
            .collect()
    })
}

/// The class of code point `cp` (a valid `char`).
#[inline]
fn class(table: &[u8], cp: u32) -> u8 {
    match table.get(cp as usize) {
        Some(&k) => k,
        None => char::from_u32(cp).map_or(OTHER, class_slowly),
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    crate::chars::is_alphabetic(c)
        || crate::chars::is_combining_mark(c)
        || c == '\u{200D}'
        || c == '\u{200C}'
}

/// The code point at the start of `b` (valid UTF-8 from a character boundary) and its
/// length in bytes; None at the end.
#[inline(always)]
fn decode(b: &[u8]) -> Option<(u32, usize)> {
    let cont = |x: u8| u32::from(x & 0x3F);
    match *b {
        [c0, ..] if c0 < 0x80 => Some((u32::from(c0), 1)),
        [c0, c1, ..] if c0 < 0xE0 => Some(((u32::from(c0 & 0x1F) << 6) | cont(c1), 2)),
        [c0, c1, c2, ..] if c0 < 0xF0 => {
            Some(((u32::from(c0 & 0x0F) << 12) | (cont(c1) << 6) | cont(c2), 3))
        }
        [c0, c1, c2, c3, ..] => Some((
            (u32::from(c0 & 0x07) << 18) | (cont(c1) << 12) | (cont(c2) << 6) | cont(c3),
            4,
        )),
        _ => None,
    }
}

/// How many of the 8 bytes of `x` (little-endian: the first byte lowest) are ASCII letters
/// before the first that is not.
#[inline(always)]
fn ascii_letters(x: u64) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Per byte without carries (each byte below 0x80 after masking): high bit set when the
    // byte, case folded, is at least 'a', and when it is past 'z'.
    let y = (x & !HIGH) | (0x20 * ONES);
    let ge_a = y.wrapping_add((0x80 - 0x61) * ONES);
    let gt_z = y.wrapping_add((0x80 - 0x7B) * ONES);
    let letter = ge_a & !gt_z & !x & HIGH;
    ((!letter & HIGH).trailing_zeros() / 8) as usize
}

/// Split normalized text into tokens.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 6);
    tokenize_into(text, &mut out);
    out
}

/// [`tokenize`] into `out` (cleared first), so a caller can reuse one buffer across texts.
pub fn tokenize_into(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let table = classes();
    let b = text.as_bytes();
    let mut space = true;
    let mut newline = false;
    // `rest` is the text from the current position on; positions are `b.len() - rest.len()`.
    let mut rest = b;
    loop {
        // The common separator, without decoding.
        if let [b' ', tail @ ..] = rest {
            space = true;
            rest = tail;
            continue;
        }
        let Some((cp, n)) = decode(rest) else { break };
        let start = b.len() - rest.len();
        let k = class(table, cp);
        rest = rest.get(n..).unwrap_or_default();
        let kind = match k {
            SPACE => {
                space = true;
                continue;
            }
            NEWLINE => {
                space = true;
                newline = true;
                continue;
            }
            DIGIT => {
                let mut value: u32 = cp - u32::from(b'0');
                let mut digits: u8 = 1;
                while let [d @ b'0'..=b'9', tail @ ..] = rest {
                    value = value.saturating_mul(10).saturating_add(u32::from(d - b'0'));
                    digits = digits.saturating_add(1);
                    rest = tail;
                }
                TokKind::Num { value, digits }
            }
            WORD => {
                loop {
                    match *rest {
                        [d, ..] if d.is_ascii_alphabetic() => {
                            // Eight bytes at a time through a run of ASCII letters.
                            let n = match rest.first_chunk::<8>() {
                                Some(chunk) => ascii_letters(u64::from_le_bytes(*chunk)),
                                None => 1,
                            };
                            rest = rest.get(n..).unwrap_or_default();
                        }
                        [d, ..] if d < 0x80 => break,
                        // Two- and three-byte characters (every script read here) decoded
                        // in place; longer ones by `decode`.
                        [c0 @ 0xC0..=0xDF, c1, ref tail @ ..] => {
                            let cp = (u32::from(c0 & 0x1F) << 6) | u32::from(c1 & 0x3F);
                            if class(table, cp) != WORD {
                                break;
                            }
                            rest = tail;
                        }
                        [c0 @ 0xE0..=0xEF, c1, c2, ref tail @ ..] => {
                            let cp = (u32::from(c0 & 0x0F) << 12)
                                | (u32::from(c1 & 0x3F) << 6)
                                | u32::from(c2 & 0x3F);
                            if class(table, cp) != WORD {
                                break;
                            }
                            rest = tail;
                        }
                        _ => match decode(rest) {
                            Some((d, m)) if class(table, d) == WORD => {
                                rest = rest.get(m..).unwrap_or_default();
                            }
                            _ => break,
                        },
                    }
                }
                let end = b.len() - rest.len();
                if cp == u32::from(b'x')
                    && b.get(start..end).is_some_and(|w| w.starts_with(b"xnumx"))
                {
                    TokKind::Placeholder
                } else {
                    TokKind::Word
                }
            }
            _ => TokKind::Punct(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)),
        };
        out.push(Tok {
            kind,
            start,
            end: b.len() - rest.len(),
            space_before: space,
            newline_before: newline,
        });
        space = false;
        newline = false;
    }
}

/// The tokenizer by its plain definition, over `char_indices` (tests hold [`tokenize`] to it).
#[cfg(test)]
pub fn tokenize_slowly(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut space = true;
    let mut newline = false;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            space = true;
            newline |= c == '\n';
            continue;
        }
        let mut end = i + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            let mut value: u32 = c as u32 - '0' as u32;
            let mut digits: u8 = 1;
            while let Some(&(j, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                value = value
                    .saturating_mul(10)
                    .saturating_add(d as u32 - '0' as u32);
                digits = digits.saturating_add(1);
                end = j + 1;
                it.next();
            }
            TokKind::Num { value, digits }
        } else if is_word_char(c) {
            while let Some(&(j, d)) = it.peek() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            if c == 'x' && text.get(i..end).is_some_and(|w| w.starts_with("xnumx")) {
                TokKind::Placeholder
            } else {
                TokKind::Word
            }
        } else {
            TokKind::Punct(c)
        };
        out.push(Tok {
            kind,
            start: i,
            end,
            space_before: space,
            newline_before: newline,
        });
        space = false;
        newline = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_table_answers_like_the_definitions() {
        let t = classes();
        for cp in 0..LIMIT + 0x100 {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(class(t, cp), class_slowly(c), "U+{cp:04X}");
            }
        }
    }

    #[test]
    fn ascii_letters_counts_the_leading_letters() {
        for s in [
            *b"abcdefgh",
            *b"ABCDEFGZ",
            *b"abc defg",
            *b"@[`{azAZ",
            *b"za\xc3\xa9xxxx",
            *b"0abcdefg",
            *b"abcdefg1",
            *b"\x80\xffabcdef",
            *b"\xe1abcdefg",
            *b"a\xc1bcdefg",
        ] {
            let want = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            assert_eq!(ascii_letters(u64::from_le_bytes(s)), want, "{s:?}");
        }
        for c in 0..=255u8 {
            let s = [c, b'a', b'b', b'c', b'd', b'e', b'f', c];
            let want = s.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            assert_eq!(ascii_letters(u64::from_le_bytes(s)), want, "{c:#x}");
        }
    }

    #[test]
    fn decode_reads_every_width() {
        for s in [
            "a",
            "é",
            "ম",
            "م",
            "€",
            "𝔸",
            "\u{10FFFF}",
            "\u{80}",
            "\u{7FF}",
            "\u{800}",
        ] {
            let c = s.chars().next().unwrap_or('\0');
            assert_eq!(decode(s.as_bytes()), Some((c as u32, s.len())), "{s:?}");
        }
        assert_eq!(decode(b""), None);
    }

    #[test]
    fn tokens_match_the_plain_definition_on_fixtures() {
        for s in [
            "",
            " ",
            "15-го февраля 2024 года",
            "৯ মে\u{a0}২০১৯\nسنة 2011م، الثلاثاء",
            "XNUMX xnumxst Xnum x 12345678901234567890",
            "a\u{200D}b\u{200C}c — 9.5.2019\u{2028}next\u{3000}𝔸𝔹 中文 한국어",
            "tab\tvt\u{b}ff\u{c}cr\rnel\u{85}end",
        ] {
            assert_eq!(tokenize(s), tokenize_slowly(s), "{s:?}");
            // A reused buffer holding another text's tokens gives the same.
            let mut buf = tokenize("junk 12 / x");
            tokenize_into(s, &mut buf);
            assert_eq!(buf, tokenize_slowly(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_match_the_plain_definition(s in "\\PC{0,60}") {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_slowly(&s));
        }

        #[test]
        fn tokens_match_the_plain_definition_on_date_text(
            s in "(xnumx|XNUMX|[a-zA-Z]{1,12}|[ \\n\\t0-9a-z.,/\\-]|ম|ে|\u{9cd}|م|ال|\u{a0}|\u{200c}|\u{2028}|\u{b}|é|𝔸){0,40}"
        ) {
            proptest::prop_assert_eq!(tokenize(&s), tokenize_slowly(&s));
        }
    }
}
