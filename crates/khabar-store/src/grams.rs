//! The tokens of the SQLite full-text index: each distinct case-folded character trigram of
//! a document's words, written as a 6-character ASCII token (30 bits of a hash of the trigram
//! in base 32), fed to an FTS5 table with the `ascii` tokenizer. Search turns each term into the
//! tokens of its trigrams the same way and asks for documents holding all of them.
//!
//! Why: FTS5's own `trigram` tokenizer cuts every position of the text, across word
//! boundaries and repeats included, and was half the cost of writing a document; here each
//! trigram goes in once per document. A search term holds no whitespace, so every trigram of a
//! term found in the text lies inside one word and is indexed. Two trigrams may share a token
//! (the token holds 30 bits of a hash): that only adds a candidate, and search checks every candidate
//! against the stored text, so hits are exact.
//!
//! The token of a trigram is part of the stored format: changing [`fold`], the hash or the
//! alphabet needs a schema step that rebuilds the index. Nothing here touches SQL.

/// Lower case, one character for one (a character whose lower case is several characters is
/// kept). Search folds terms and texts with the same function before comparing them.
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// A folded trigram as one number: three 21-bit code points.
fn pack(a: char, b: char, c: char) -> u64 {
    (u64::from(u32::from(a)) << 42) | (u64::from(u32::from(b)) << 21) | u64::from(u32::from(c))
}

/// A multiplicative hash of the packed trigram (stable: its high bits are stored).
fn hash(packed: u64) -> u64 {
    packed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";

/// Characters in a token: 6 × 5 = 30 bits of the hash.
const TOKEN_LEN: usize = 6;

/// Append the token of a hashed trigram: its 30 high bits as 6 characters of `ALPHABET`.
#[inline]
fn push_token(out: &mut Vec<u8>, h: u64) {
    let h = h >> (64 - 5 * TOKEN_LEN);
    let digit = |k: usize| {
        let d = (h >> (5 * (TOKEN_LEN - 1 - k))) & 31;
        ALPHABET.get(d as usize).copied().unwrap_or(b'0')
    };
    out.extend_from_slice(&[digit(0), digit(1), digit(2), digit(3), digit(4), digit(5)]);
}

/// A set of trigram hashes, open addressing with linear probing, 0 marking an empty slot
/// (the hash 0, of the trigram of three NULs, is kept apart). Cleared by zeroing the slots
/// it filled; the table is sized for one document and shrinks back after a long one.
/// The hash is a bijection of the packed trigram, so equal hashes are equal trigrams.
struct HashSet64 {
    slots: Vec<u64>,
    /// The slots filled since the last clear.
    used: Vec<usize>,
    /// 64 minus log2 of the number of slots: a hash's home slot is its high bits.
    shift: u32,
    zero: bool,
    len: usize,
}

/// Slots of a new or shrunk set.
const MIN_SLOTS: usize = 2048;

impl HashSet64 {
    fn new() -> Self {
        Self::with_slots(MIN_SLOTS)
    }

    fn with_slots(n: usize) -> Self {
        HashSet64 {
            slots: vec![0; n],
            used: Vec::with_capacity(n / 2),
            shift: 64 - n.trailing_zeros(),
            zero: false,
            len: 0,
        }
    }

    fn clear(&mut self) {
        if self.slots.len() > MIN_SLOTS && self.len * 8 < self.slots.len() {
            *self = Self::with_slots((self.len * 4).next_power_of_two().max(MIN_SLOTS));
            return;
        }
        for &i in &self.used {
            if let Some(s) = self.slots.get_mut(i) {
                *s = 0;
            }
        }
        self.used.clear();
        self.zero = false;
        self.len = 0;
    }

    /// Insert; true when it was not there.
    #[inline]
    fn insert(&mut self, h: u64) -> bool {
        if h == 0 {
            let new = !self.zero;
            self.zero = true;
            self.len += usize::from(new);
            return new;
        }
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            match self.slots.get_mut(i) {
                Some(s) if *s == 0 => {
                    *s = h;
                    self.used.push(i);
                    self.len += 1;
                    if self.len * 2 > self.slots.len() {
                        self.grow();
                    }
                    return true;
                }
                Some(s) if *s == h => return false,
                Some(_) => i = (i + 1) & mask,
                None => return false,
            }
        }
    }

    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        let (zero, len) = (self.zero, self.len);
        *self = Self::with_slots(old.len() * 2);
        for h in old.into_iter().filter(|&h| h != 0) {
            self.insert(h);
        }
        (self.zero, self.len) = (zero, len);
    }
}

/// Direct-mapped cache of [`fold`] for code points outside ASCII (slots by low bits).
const FOLD_SLOTS: usize = 1024;

/// What the fold cache answers for a whitespace character.
const SPACE: u32 = u32::MAX;

/// Whitespace outside ASCII, as `char::is_whitespace` has it (Unicode `White_Space`).
fn is_space(cp: u32) -> bool {
    matches!(
        cp,
        0x85 | 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000
    )
}

/// The code point starting at `i` of valid UTF-8 (whose lead byte is not ASCII) and its length.
#[inline]
fn decode(bytes: &[u8], i: usize, lead: u8) -> (u32, usize) {
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3f);
    let lead = u32::from(lead);
    if lead < 0xe0 {
        (((lead & 0x1f) << 6) | cont(1), 2)
    } else if lead < 0xf0 {
        (((lead & 0x0f) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

/// Builds the tokens of documents, reusing its buffers from one document to the next.
pub(crate) struct Grams {
    seen: HashSet64,
    /// (code point, its fold or [`SPACE`]); code point 0 never asks, so an empty slot never
    /// answers.
    folds: Vec<(u32, u32)>,
}

impl Default for Grams {
    fn default() -> Self {
        Grams {
            seen: HashSet64::new(),
            folds: vec![(0, 0); FOLD_SLOTS],
        }
    }
}

impl Grams {
    /// The fold of a code point outside ASCII, or [`SPACE`].
    #[inline]
    fn fold_cached(&mut self, cp: u32) -> u32 {
        let slot = cp as usize % FOLD_SLOTS;
        match self.folds.get_mut(slot) {
            Some(e) if e.0 == cp => e.1,
            Some(e) => {
                let f = if is_space(cp) {
                    SPACE
                } else {
                    char::from_u32(cp).map_or(cp, |c| u32::from(fold(c)))
                };
                *e = (cp, f);
                f
            }
            None => cp,
        }
    }

    /// The index tokens of a document (title and text together), space-separated, each once,
    /// in the order of their first trigram: one pass over the bytes, a trigram at every
    /// character that ends three characters of one word (a word: what `split_whitespace`
    /// yields). The last three folded characters roll in one number (21 bits each, as [`pack`]
    /// lays them out), so nothing is allocated per character or per token.
    pub(crate) fn of(&mut self, title: Option<&str>, text: &str) -> String {
        self.seen.clear();
        let len = title.map_or(0, str::len) + text.len();
        let mut out: Vec<u8> = Vec::with_capacity(len * 2 + 8);
        for part in title.into_iter().chain(std::iter::once(text)) {
            let bytes = part.as_bytes();
            // The folded characters of the current word so far (the last three kept) and
            // how many there are, up to three.
            let mut window: u64 = 0;
            let mut n = 0u8;
            let mut i = 0;
            while let Some(&b) = bytes.get(i) {
                let f = if b < 0x80 {
                    i += 1;
                    // ASCII whitespace as `char::is_whitespace` has it: space, \t..\r.
                    if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                        n = 0;
                        continue;
                    }
                    u32::from(b.to_ascii_lowercase())
                } else {
                    let (cp, l) = decode(bytes, i, b);
                    i += l;
                    let f = self.fold_cached(cp);
                    if f == SPACE {
                        n = 0;
                        continue;
                    }
                    f
                };
                window = ((window << 21) | u64::from(f)) & PACKED_MASK;
                if n < 2 {
                    n += 1;
                    continue;
                }
                let h = hash(window);
                if self.seen.insert(h) {
                    push_token(&mut out, h);
                    out.push(b' ');
                }
            }
        }
        out.pop();
        // Only ALPHABET bytes and spaces were written.
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The 63 bits of three packed characters (see [`pack`]).
const PACKED_MASK: u64 = (1 << 63) - 1;

/// The tokens of a search term's trigrams (none for a term under three characters).
pub(crate) fn of_term(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().map(fold).collect();
    let mut out: Vec<String> = chars
        .windows(3)
        .filter_map(|t| match t {
            [a, b, c] => {
                let mut s = Vec::with_capacity(TOKEN_LEN);
                push_token(&mut s, hash(pack(*a, *b, *c)));
                String::from_utf8(s).ok()
            }
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_term_of_the_text_has_its_tokens_in_the_document() {
        let title = "Хартум: переговоры";
        let text = "Переговоры в Хартуме. Хартум ждёт; ঢাকায় ঢাকায় in বাংলাদেশের BENGHAZI";
        let doc = Grams::default().of(Some(title), text);
        let tokens: HashSet<&str> = doc.split(' ').collect();
        // Each token once.
        assert_eq!(tokens.len(), doc.split(' ').count());
        for w in title.split_whitespace().chain(text.split_whitespace()) {
            let chars: Vec<char> = w.chars().collect();
            for i in 0..chars.len() {
                for j in i + 3..=chars.len() {
                    let term: String = chars[i..j].iter().collect();
                    for t in of_term(&term).iter().chain(&of_term(&term.to_uppercase())) {
                        assert!(tokens.contains(t.as_str()), "{term}");
                    }
                }
            }
        }
        // Case does not matter; a word not in the text has trigrams that are not either.
        assert_eq!(of_term("benghazi"), of_term("Benghazi"));
        assert!(of_term("Каир").iter().any(|t| !tokens.contains(t.as_str())));
    }

    /// The tokens as first written (a `char` at a time, the trigram packed from its three
    /// characters): the rolling version must give the same string.
    fn reference(title: Option<&str>, text: &str) -> String {
        let mut seen = HashSet::new();
        let mut out: Vec<String> = Vec::new();
        for part in title.into_iter().chain(std::iter::once(text)) {
            let (mut first, mut second): (Option<char>, Option<char>) = (None, None);
            for c in part.chars() {
                if c.is_whitespace() {
                    (first, second) = (None, None);
                    continue;
                }
                let f = fold(c);
                if let (Some(a), Some(b)) = (first, second) {
                    let h = hash(pack(a, b, f));
                    if seen.insert(h) {
                        let mut t = Vec::new();
                        push_token(&mut t, h);
                        out.push(String::from_utf8(t).unwrap_or_default());
                    }
                }
                (first, second) = (second, Some(f));
            }
        }
        out.join(" ")
    }

    #[test]
    fn rolling_tokens_match_the_reference() {
        let cases: [(Option<&str>, &str); 7] = [
            (
                Some("Хартум: переговоры"),
                "Переговоры\u{a0}в Хартуме.\u{b}ঢাকায়\tঢাকায়",
            ),
            (
                None,
                "القاهرة   تستضيف\u{2003}محادثات، ٢٠٢٤ BENGHAZI benghazi",
            ),
            (Some(""), "ab"),
            (None, "\0\0\0 \0\0\0\0 x\u{10FFFF}\u{10FFFF}\u{10FFFF}y"),
            (Some("İstanbul ΣΊΣΥΦΟΣ"), "ǅemal ﬁnds ẞtraße\r\nend"),
            (None, "   "),
            (Some("Title words"), "a\u{85}bcd\u{3000}efgh\u{1680}ijk"),
        ];
        let mut g = Grams::default();
        for (title, text) in cases {
            assert_eq!(g.of(title, text), reference(title, text), "{text}");
        }
        // Many documents through one builder (its set is cleared, its fold cache reused).
        let long: String = (0..3000)
            .map(|i| char::from_u32(0x410 + (i * 7919) % 64).unwrap_or('x'))
            .collect();
        for _ in 0..3 {
            assert_eq!(g.of(None, &long), reference(None, &long));
        }
    }

    #[test]
    fn whitespace_and_decoding_agree_with_std() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            if c.is_ascii() {
                continue;
            }
            assert_eq!(is_space(u32::from(c)), c.is_whitespace(), "{c:?}");
            let s = c.encode_utf8(&mut buf);
            let lead = s.as_bytes().first().copied().unwrap_or(0);
            assert_eq!(decode(s.as_bytes(), 0, lead), (u32::from(c), c.len_utf8()));
        }
    }

    #[test]
    fn hash_set_grows_and_clears() {
        let mut s = HashSet64::new();
        for i in 0..5000u64 {
            assert!(s.insert(hash(i)));
        }
        for i in 0..5000u64 {
            assert!(!s.insert(hash(i)));
        }
        assert_eq!(s.len, 5000);
        assert!(s.slots.len() >= 10_000);
        // Cleared after a long document: shrinks back, answers as new.
        s.clear();
        s.clear();
        assert_eq!(s.slots.len(), MIN_SLOTS);
        assert!(s.insert(hash(0)));
        assert!(!s.insert(hash(0)));
        s.clear();
        assert!(s.insert(hash(7)));
        assert!(!s.insert(hash(7)));
        assert!(s.insert(hash(8)));
    }

    #[test]
    fn tokens_are_six_ascii_characters() {
        let t = of_term("abcd");
        assert_eq!(t.len(), 2);
        assert!(t
            .iter()
            .all(|t| t.len() == TOKEN_LEN && t.bytes().all(|b| ALPHABET.contains(&b))));
        assert!(of_term("ab").is_empty());
        assert_eq!(Grams::default().of(None, "a bb  \n"), "");
        // Stored format: the token of a trigram never changes.
        assert_eq!(of_term("abc"), vec![of_term("ABC")[0].clone()]);
        assert_eq!(of_term("abc"), vec!["6fdjeb".to_string()]);
        assert_eq!(of_term("Жук"), vec!["g6knvn".to_string()]);
        assert_eq!(of_term("ঢাক"), vec!["ldenm2".to_string()]);
    }
}
