//! Tokens of the normalized text for the date reader: ASCII digit runs, word runs (letters and
//! combining marks), the machine-translation placeholder `xnumx` (as a word, never a number),
//! and single punctuation characters. Whitespace separates tokens and is remembered as flags.
//!
//! Works on normalized text (digits are ASCII, case is folded); no lexicon knowledge here.

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

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    crate::chars::is_alphabetic(c)
        || crate::chars::is_combining_mark(c)
        || c == '\u{200D}'
        || c == '\u{200C}'
}

/// Split normalized text into tokens.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 5);
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
