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
fn push_token(out: &mut Vec<u8>, h: u64) {
    let h = h >> (64 - 5 * TOKEN_LEN);
    let mut t = [0u8; TOKEN_LEN];
    for (i, b) in t.iter_mut().enumerate() {
        let digit = (h >> (5 * (TOKEN_LEN - 1 - i))) & 31;
        *b = ALPHABET.get(digit as usize).copied().unwrap_or(b'0');
    }
    out.extend_from_slice(&t);
}

/// A set of trigram hashes, open addressing, cleared in O(1) by bumping a generation. The
/// hash is a bijection of the packed trigram, so equal hashes are equal trigrams.
struct HashSet64 {
    /// (hash, generation that wrote it); a slot of an older generation is empty.
    slots: Vec<(u64, u32)>,
    generation: u32,
    len: usize,
}

impl HashSet64 {
    fn new() -> Self {
        HashSet64 {
            slots: vec![(0, 0); 1024],
            generation: 1,
            len: 0,
        }
    }

    fn clear(&mut self) {
        self.len = 0;
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.iter_mut().for_each(|s| *s = (0, 0));
            self.generation = 1;
        }
    }

    /// The slot of a hash: its high bits (the best mixed), as many as the table needs.
    fn home(&self, h: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (h >> (64 - bits)) as usize
    }

    /// Insert; true when it was not there.
    #[inline]
    fn insert(&mut self, h: u64) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(h);
        loop {
            match self.slots.get_mut(i) {
                Some(s) if s.1 != self.generation => {
                    *s = (h, self.generation);
                    self.len += 1;
                    return true;
                }
                Some(s) if s.0 == h => return false,
                Some(_) => i = (i + 1) & mask,
                None => return false,
            }
        }
    }

    fn grow(&mut self) {
        let live: Vec<u64> = self
            .slots
            .iter()
            .filter(|s| s.1 == self.generation)
            .map(|s| s.0)
            .collect();
        self.slots = vec![(0, 0); self.slots.len() * 2];
        self.generation = 1;
        self.len = 0;
        for h in live {
            self.insert(h);
        }
    }
}

/// Direct-mapped cache of [`fold`] for characters outside ASCII (slots by low bits).
const FOLD_SLOTS: usize = 1024;

/// Builds the tokens of documents, reusing its buffers from one document to the next.
pub(crate) struct Grams {
    seen: HashSet64,
    folds: Vec<(char, char)>,
}

impl Default for Grams {
    fn default() -> Self {
        Grams {
            seen: HashSet64::new(),
            // '\0' maps to itself, so an empty slot never answers wrongly.
            folds: vec![('\0', '\0'); FOLD_SLOTS],
        }
    }
}

impl Grams {
    fn fold_cached(&mut self, c: char) -> char {
        if c.is_ascii() {
            return c.to_ascii_lowercase();
        }
        let slot = u32::from(c) as usize % FOLD_SLOTS;
        match self.folds.get_mut(slot) {
            Some(e) if e.0 == c => e.1,
            Some(e) => {
                *e = (c, fold(c));
                e.1
            }
            None => fold(c),
        }
    }

    /// The index tokens of a document (title and text together), space-separated, each once,
    /// in the order of their first trigram: one pass over the characters, a trigram at every
    /// character that ends three characters of one word (a word: what `split_whitespace`
    /// yields). The last three folded characters roll in one number (21 bits each, as [`pack`]
    /// lays them out), so nothing is allocated per character or per token.
    pub(crate) fn of(&mut self, title: Option<&str>, text: &str) -> String {
        self.seen.clear();
        let len = title.map_or(0, str::len) + text.len();
        let mut out: Vec<u8> = Vec::with_capacity(len * 2 + 8);
        for part in title.into_iter().chain(std::iter::once(text)) {
            // The folded characters of the current word so far (the last three kept) and
            // how many there are, up to three.
            let mut window: u64 = 0;
            let mut n = 0u8;
            for c in part.chars() {
                let f = if c.is_ascii() {
                    // ASCII whitespace as `char::is_whitespace` has it: space, \t..\r.
                    if c == ' ' || ('\t'..='\r').contains(&c) {
                        n = 0;
                        continue;
                    }
                    c.to_ascii_lowercase()
                } else if c.is_whitespace() {
                    n = 0;
                    continue;
                } else {
                    self.fold_cached(c)
                };
                window = ((window << 21) | u64::from(u32::from(f))) & PACKED_MASK;
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
    fn hash_set_grows_and_clears() {
        let mut s = HashSet64::new();
        for i in 0..5000u64 {
            assert!(s.insert(hash(i)));
        }
        for i in 0..5000u64 {
            assert!(!s.insert(hash(i)));
        }
        assert_eq!(s.len, 5000);
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
