//! The word runs of one normalized text, found once per document: every question the coder
//! asks about words around a position (the start or end of the word at a byte, the few
//! words before or after it up to sentence punctuation) is answered by a binary search in
//! this table instead of walking the text character by character again.
//!
//! A word is a maximal run of [`is_word_char`] characters, exactly as [`word_start`] and
//! [`word_end`] walk them; the answers here are the same as those walks give (tests check
//! them against each other on texts in several scripts, with offsets on and off character
//! boundaries).
//!
//! What it deliberately does not do: know any word (cue and trigger words are the
//! lexicon's), or split sentences (it only stops word lists at sentence punctuation).
//!
//! [`word_start`]: super::lexicon::word_start
//! [`word_end`]: super::lexicon::word_end

use super::lexicon::is_word_char;

/// Most words [`Tokens::words_before`] and [`Tokens::words_after`] return.
pub const MAX_WORDS: usize = 4;

/// Up to [`MAX_WORDS`] word spans (byte ranges), kept inline.
#[derive(Debug, Clone, Copy, Default)]
pub struct Words {
    buf: [(usize, usize); MAX_WORDS],
    len: usize,
}

impl Words {
    fn push(&mut self, w: (usize, usize)) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = w;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Words {
    type Target = [(usize, usize)];
    fn deref(&self) -> &[(usize, usize)] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

impl IntoIterator for Words {
    type Item = (usize, usize);
    type IntoIter = std::iter::Take<std::array::IntoIter<(usize, usize), MAX_WORDS>>;
    fn into_iter(self) -> Self::IntoIter {
        self.buf.into_iter().take(self.len)
    }
}

/// Sentence punctuation: the word lists stop there.
#[inline]
pub fn is_stop(c: char) -> bool {
    matches!(c, '.' | '।' | '?' | '!' | ';' | '\n' | '؟' | '؛' | ':')
}

/// Characters below this are looked up in a bit table of 256 words; the rest are asked of
/// [`is_word_char`] (Latin, Cyrillic, Arabic, Bengali and the general punctuation block with
/// the joiners and ’ all lie below it).
const TABLE_LIMIT: u32 = 0x4000;

/// Classes of ASCII bytes in [`WordTable::ascii`].
const ASCII_OTHER: u8 = 0;
const ASCII_WORD: u8 = 1;
const ASCII_STOP: u8 = 2;

/// [`is_word_char`] for every character below [`TABLE_LIMIT`], one bit each; and the class
/// of every ASCII byte (word, sentence punctuation, other).
struct WordTable {
    bits: [u64; (TABLE_LIMIT / 64) as usize],
    ascii: [u8; 128],
}

impl WordTable {
    fn build() -> Self {
        let mut bits = [0u64; (TABLE_LIMIT / 64) as usize];
        for cp in 0..TABLE_LIMIT {
            if char::from_u32(cp).is_some_and(is_word_char) {
                if let Some(w) = bits.get_mut((cp / 64) as usize) {
                    *w |= 1 << (cp % 64);
                }
            }
        }
        let mut ascii = [ASCII_OTHER; 128];
        for (b, class) in (0u8..).zip(ascii.iter_mut()) {
            let c = char::from(b);
            if is_word_char(c) {
                *class = ASCII_WORD;
            } else if is_stop(c) {
                *class = ASCII_STOP;
            }
        }
        Self { bits, ascii }
    }

    #[inline]
    fn is_word(&self, c: char) -> bool {
        self.is_word_cp(c as u32)
    }

    #[inline]
    fn is_word_cp(&self, cp: u32) -> bool {
        if cp < TABLE_LIMIT {
            // The mask keeps the index inside the 256 words without a bounds check.
            self.bits[(cp >> 6) as usize & 0xff] & (1 << (cp & 63)) != 0
        } else {
            char::from_u32(cp).is_some_and(is_word_char)
        }
    }
}

static TABLE: std::sync::OnceLock<WordTable> = std::sync::OnceLock::new();

fn table() -> &'static WordTable {
    TABLE.get_or_init(WordTable::build)
}

/// Build the word-character table now (at load time rather than on the first document).
pub fn warm() {
    let _ = table();
}

/// The word runs and sentence punctuation of a text.
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    text: &'t str,
    /// Maximal runs of word characters (byte ranges), in text order.
    runs: Vec<(usize, usize)>,
    /// Per run: whether sentence punctuation lies between it and the run before (or the
    /// start of the text).
    stop_before: Vec<bool>,
    /// Byte offsets of sentence punctuation, in text order.
    stops: Vec<usize>,
}

impl<'t> Tokens<'t> {
    /// Read the word runs of `text` (one pass).
    pub fn new(text: &'t str) -> Self {
        let table = table();
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut runs = Vec::with_capacity(n / 6 + 1);
        let mut stop_before = Vec::with_capacity(n / 6 + 1);
        let mut stops = Vec::with_capacity(n / 64 + 1);
        let mut cur: Option<usize> = None;
        let mut stop = false;
        let mut i = 0;
        // Byte by byte: ASCII from a class table, longer characters decoded in place (the
        // text is valid UTF-8, so a lead byte is followed by its continuation bytes).
        while let Some(&b0) = bytes.get(i) {
            let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3f);
            let (cp, len) = if b0 < 0x80 {
                (u32::from(b0), 1)
            } else if b0 < 0xe0 {
                ((u32::from(b0 & 0x1f) << 6) | cont(1), 2)
            } else if b0 < 0xf0 {
                ((u32::from(b0 & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3)
            } else {
                (
                    (u32::from(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
                    4,
                )
            };
            let (word, is_stop_char) = if b0 < 0x80 {
                let class = table.ascii[usize::from(b0 & 0x7f)];
                (class == ASCII_WORD, class == ASCII_STOP)
            } else {
                let word = table.is_word_cp(cp);
                (word, !word && char::from_u32(cp).is_some_and(is_stop))
            };
            if word {
                if cur.is_none() {
                    cur = Some(i);
                    stop_before.push(stop);
                    stop = false;
                }
            } else {
                if let Some(s) = cur.take() {
                    runs.push((s, i));
                }
                if is_stop_char {
                    stops.push(i);
                    stop = true;
                }
            }
            i += len;
        }
        if let Some(s) = cur {
            runs.push((s, n));
        }
        Self {
            text,
            runs,
            stop_before,
            stops,
        }
    }

    /// The text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The text between two byte offsets ("" when they are not a valid range).
    #[inline]
    pub fn slice(&self, s: usize, e: usize) -> &'t str {
        self.text.get(s..e).unwrap_or("")
    }

    /// The word runs, in text order.
    pub fn runs(&self) -> &[(usize, usize)] {
        &self.runs
    }

    /// Whether `c` is a word character (as [`is_word_char`]).
    #[inline]
    pub fn is_word(c: char) -> bool {
        table().is_word(c)
    }

    /// Start of the word that contains byte `pos` (as [`super::lexicon::word_start`]).
    pub fn word_start(&self, pos: usize) -> usize {
        let mut pos = pos.min(self.text.len());
        while pos > 0 && !self.text.is_char_boundary(pos) {
            pos -= 1;
        }
        // The run the character before `pos` belongs to, if any.
        let i = self.runs.partition_point(|r| r.1 < pos);
        match self.runs.get(i) {
            Some(&(s, _)) if s < pos => s,
            _ => pos,
        }
    }

    /// End of the word that continues at byte `pos` (as [`super::lexicon::word_end`]).
    pub fn word_end(&self, pos: usize) -> usize {
        if !self.text.is_char_boundary(pos) {
            return self.text.len().max(pos);
        }
        let i = self.runs.partition_point(|r| r.1 <= pos);
        match self.runs.get(i) {
            Some(&(s, e)) if s <= pos => e,
            _ => pos,
        }
    }

    /// Whether sentence punctuation lies in `a..b`.
    fn stop_between(&self, a: usize, b: usize) -> bool {
        let i = self.stops.partition_point(|&s| s < a);
        self.stops.get(i).is_some_and(|&s| s < b)
    }

    /// The words before byte `pos`, nearest first (at most `n`, and at most [`MAX_WORDS`]),
    /// stopping at sentence punctuation. The first may end at `pos` inside a word.
    pub fn words_before(&self, pos: usize, n: usize) -> Words {
        let n = n.min(MAX_WORDS);
        let mut out = Words::default();
        let p = pos.min(self.text.len());
        if n == 0 || !self.text.is_char_boundary(p) {
            return out;
        }
        let i = self.runs.partition_point(|r| r.0 < p);
        let Some(mut j) = i.checked_sub(1) else {
            return out;
        };
        let Some(&(s, e)) = self.runs.get(j) else {
            return out;
        };
        if e >= p {
            out.push((s, p));
        } else {
            if self.stop_between(e, p) {
                return out;
            }
            out.push((s, e));
        }
        // Further words are the runs before, while no punctuation parts them.
        while out.len < n {
            if self.stop_before.get(j).copied().unwrap_or(true) || j == 0 {
                break;
            }
            j -= 1;
            let Some(&w) = self.runs.get(j) else { break };
            out.push(w);
        }
        out
    }

    /// The words from byte `pos` on (at most `n`, and at most [`MAX_WORDS`]), stopping at
    /// sentence punctuation. The first may start at `pos` inside a word.
    pub fn words_after(&self, pos: usize, n: usize) -> Words {
        let n = n.min(MAX_WORDS);
        let mut out = Words::default();
        let p = pos.min(self.text.len());
        if n == 0 || !self.text.is_char_boundary(p) {
            return out;
        }
        let mut j = self.runs.partition_point(|r| r.1 <= p);
        let Some(&(s, e)) = self.runs.get(j) else {
            return out;
        };
        if s <= p {
            out.push((p, e));
        } else {
            if self.stop_between(p, s) {
                return out;
            }
            out.push((s, e));
        }
        while out.len < n {
            j += 1;
            if self.stop_before.get(j).copied().unwrap_or(true) {
                break;
            }
            let Some(&w) = self.runs.get(j) else { break };
            out.push(w);
        }
        out
    }

    /// The words of `a..b` (runs cut at both ends), in text order.
    pub fn words_in(&self, a: usize, b: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let i = self.runs.partition_point(|r| r.1 <= a);
        self.runs
            .get(i..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |r| r.0 < b)
            .map(move |&(s, e)| (s.max(a), e.min(b)))
            .filter(|(s, e)| s < e)
    }
}
