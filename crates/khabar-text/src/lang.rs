//! Language identification for documents and paragraphs.
//!
//! Script first (Bengali, Devanagari, Cyrillic, Arabic, Han, Latin and a dozen more), then,
//! within a script, letters and stop words: Arabic vs Persian vs Urdu from the letters only
//! one of them writes (ي ك vs ی ک, and ے ں ٹ ڈ ڑ for Urdu) plus stop words; Russian vs
//! Ukrainian from і ї є ґ vs ы э ъ ё; Hindi vs Marathi vs Nepali and the Latin languages from
//! stop-word lists (`data/lang/stopwords.<lang>.txt`), with letter hints (ñ, ß, ğ ...) and
//! whatlang, restricted to the Latin languages listed, as the tie-breaker for short text.
//!
//! Every word is read once, lower-cased on the way, and looked up in one open-addressing table
//! of all stop words (a constant-time hash of the word's length and end bytes); whatlang runs
//! only when no single Latin list leads (its answer cannot change the result otherwise).
//!
//! The document language is the language of the majority of its letters, counted paragraph
//! by paragraph, so an English marketing line in a Bengali page does not flip it. It does not
//! detect languages outside the lists and scripts here (a Latin-script text in, say, Polish is
//! reported as the closest listed language or left undecided).

use khabar_core::{Document, Stage};

/// A writing system, as far as language identification needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Bengali,
    Devanagari,
    Han,
    Kana,
    Hangul,
    Greek,
    Hebrew,
    Thai,
    Georgian,
    Armenian,
    Gurmukhi,
    Gujarati,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Sinhala,
    Myanmar,
    Khmer,
    Ethiopic,
    Other,
}

/// Number of [`Script`] values.
const SCRIPTS: usize = Script::Other as usize + 1;

/// The script of a letter (`Other` for digits, punctuation and unknown blocks).
#[inline]
pub fn script_of(c: char) -> Script {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::Other
        };
    }
    if let Some(s) = SCRIPT_TABLE.get(u as usize) {
        return *s;
    }
    script_of_ranges(c)
}

/// [`script_of_ranges`] of every code point below [`SCRIPT_ROWS`], computed at compile time.
static SCRIPT_TABLE: [Script; SCRIPT_ROWS as usize] = {
    let mut t = [Script::Other; SCRIPT_ROWS as usize];
    let mut u = 0;
    while u < SCRIPT_ROWS as usize {
        t[u] = script_of_code(u as u32);
        u += 1;
    }
    t
};

/// Code points whose script [`script_of`] reads from a table.
const SCRIPT_ROWS: u32 = 0x3100;

/// The script of a letter, from the block ranges.
fn script_of_ranges(c: char) -> Script {
    script_of_code(c as u32)
}

/// [`script_of_ranges`] of a code point (a `const fn`, for [`SCRIPT_TABLE`]).
const fn script_of_code(u: u32) -> Script {
    if u < 0x80 {
        return if matches!(u, 0x41..=0x5A | 0x61..=0x7A) {
            Script::Latin
        } else {
            Script::Other
        };
    }
    match u {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => {
            Script::Latin
        }
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        // Arabic letters and harakat; not its punctuation (، ؛ ؟ ۔) or digits.
        0x621..=0x65F
        | 0x66E..=0x6D3
        | 0x6D5..=0x6DC
        | 0x6DF..=0x6E8
        | 0x6EA..=0x6EF
        | 0x6FA..=0x6FF
        | 0x750..=0x77F
        | 0x8A0..=0x8FF
        | 0xFB50..=0xFD3D
        | 0xFD50..=0xFDFB
        | 0xFE70..=0xFEFC => Script::Arabic,
        // Danda, double danda and Devanagari digits are shared punctuation, not letters.
        0x964..=0x96F => Script::Other,
        0x9E6..=0x9EF => Script::Other,
        0x900..=0x97F => Script::Devanagari,
        0x980..=0x9FF => Script::Bengali,
        0xA00..=0xA7F => Script::Gurmukhi,
        0xA80..=0xAFF => Script::Gujarati,
        0xB80..=0xBFF => Script::Tamil,
        0xC00..=0xC7F => Script::Telugu,
        0xC80..=0xCFF => Script::Kannada,
        0xD00..=0xD7F => Script::Malayalam,
        0xD80..=0xDFF => Script::Sinhala,
        0xE00..=0xE7F => Script::Thai,
        0x1000..=0x109F => Script::Myanmar,
        0x10A0..=0x10FF => Script::Georgian,
        0x1200..=0x139F => Script::Ethiopic,
        0x1780..=0x17FF => Script::Khmer,
        0x3040..=0x30FF => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Han,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => Script::Hangul,
        _ => Script::Other,
    }
}

/// A language with its stop words compiled in.
struct Lexicon {
    lang: &'static str,
    script: Script,
    data: &'static str,
}

const LEXICONS: &[Lexicon] = &[
    Lexicon {
        lang: "en",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.en.txt"),
    },
    Lexicon {
        lang: "fr",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.fr.txt"),
    },
    Lexicon {
        lang: "es",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.es.txt"),
    },
    Lexicon {
        lang: "de",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.de.txt"),
    },
    Lexicon {
        lang: "tr",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.tr.txt"),
    },
    Lexicon {
        lang: "it",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.it.txt"),
    },
    Lexicon {
        lang: "pt",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.pt.txt"),
    },
    Lexicon {
        lang: "nl",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.nl.txt"),
    },
    Lexicon {
        lang: "id",
        script: Script::Latin,
        data: include_str!("../data/lang/stopwords.id.txt"),
    },
    Lexicon {
        lang: "ru",
        script: Script::Cyrillic,
        data: include_str!("../data/lang/stopwords.ru.txt"),
    },
    Lexicon {
        lang: "uk",
        script: Script::Cyrillic,
        data: include_str!("../data/lang/stopwords.uk.txt"),
    },
    Lexicon {
        lang: "bn",
        script: Script::Bengali,
        data: include_str!("../data/lang/stopwords.bn.txt"),
    },
    Lexicon {
        lang: "ar",
        script: Script::Arabic,
        data: include_str!("../data/lang/stopwords.ar.txt"),
    },
    Lexicon {
        lang: "fa",
        script: Script::Arabic,
        data: include_str!("../data/lang/stopwords.fa.txt"),
    },
    Lexicon {
        lang: "ur",
        script: Script::Arabic,
        data: include_str!("../data/lang/stopwords.ur.txt"),
    },
    Lexicon {
        lang: "hi",
        script: Script::Devanagari,
        data: include_str!("../data/lang/stopwords.hi.txt"),
    },
    Lexicon {
        lang: "mr",
        script: Script::Devanagari,
        data: include_str!("../data/lang/stopwords.mr.txt"),
    },
    Lexicon {
        lang: "ne",
        script: Script::Devanagari,
        data: include_str!("../data/lang/stopwords.ne.txt"),
    },
];

/// A language decision for a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guess {
    pub lang: &'static str,
    /// Letters of the text in the decisive script (the weight of this guess).
    pub letters: usize,
}

/// FxHash-style hasher for the short stop-word keys (SipHash is needlessly slow here; the
/// keys are compiled-in data, not attacker-chosen).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
        }
        // The last 1..=7 bytes in one step (two overlapping 4-byte reads, or the first,
        // middle and last byte), with their count.
        let r = chunks.remainder();
        let n = r.len();
        if n > 0 {
            let v = if n >= 4 {
                read4(r, 0) | (read4(r, n - 4) << 32)
            } else {
                let at = |k: usize| u64::from(r.get(k).copied().unwrap_or(0));
                at(0) | (at(n / 2) << 8) | (at(n - 1) << 16)
            };
            self.0 = (self.0.rotate_left(5) ^ v ^ ((n as u64) << 59)).wrapping_mul(K);
        }
    }
}

/// The stop words of every listed language in one open-addressing table (at most half full,
/// linear probing): a word is hashed in constant time from its length and its first and last
/// bytes (overlapping 8-, 4- or 1-byte reads), and a word longer than the longest stop word
/// is not hashed at all. Exact: a hit compares the bytes. Most words of running text are
/// looked up here once per stage that reads them, so this stands in for a general hash map.
#[derive(Debug, Default)]
struct StopTable {
    /// Per slot: (start of the key in `keys`, its length, its language bits); length 0 is an
    /// empty slot.
    slots: Vec<(u32, u32, u32)>,
    keys: String,
    /// `slots.len() - 1` (a power of two minus one).
    mask: usize,
    /// Longest key, in bytes.
    max_len: usize,
}

/// Little-endian read of the 8 bytes at `b[i..]` (0 past the end).
#[inline]
fn read8(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map_or(0, u64::from_le_bytes)
}

/// Little-endian read of the 4 bytes at `b[i..]` (0 past the end).
#[inline]
fn read4(b: &[u8], i: usize) -> u64 {
    b.get(i..i + 4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map_or(0, |a| u64::from(u32::from_le_bytes(a)))
}

/// The table's hash of a word (`b` not empty).
#[inline]
fn stop_hash(b: &[u8]) -> u64 {
    let n = b.len();
    let (x, y) = if n >= 8 {
        (read8(b, 0), read8(b, n - 8))
    } else if n >= 4 {
        (read4(b, 0), read4(b, n - 4))
    } else {
        let at = |k: usize| u64::from(b.get(k).copied().unwrap_or(0));
        (
            at(0) | (at(n / 2) << 8) | (at(n.saturating_sub(1)) << 16),
            0,
        )
    };
    let m = u128::from(x ^ 0x243f_6a88_85a3_08d3)
        * u128::from(y ^ 0x1319_8a2e_0370_7344 ^ (n as u64).rotate_left(32));
    (m as u64) ^ ((m >> 64) as u64)
}

impl StopTable {
    fn build(words: &[(String, u32)]) -> StopTable {
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut t = StopTable {
            slots: vec![(0, 0, 0); size],
            keys: String::new(),
            mask: size - 1,
            max_len: 0,
        };
        for (w, bits) in words {
            if w.is_empty() || w.len() > u32::MAX as usize / 2 {
                continue;
            }
            let start = u32::try_from(t.keys.len()).unwrap_or(u32::MAX);
            t.keys.push_str(w);
            let mut i = stop_hash(w.as_bytes()) as usize & t.mask;
            // The table is at most half full, so an empty slot comes.
            while let Some(slot) = t.slots.get_mut(i) {
                if slot.1 == 0 {
                    *slot = (start, w.len() as u32, *bits);
                    break;
                }
                i = (i + 1) & t.mask;
            }
            t.max_len = t.max_len.max(w.len());
        }
        t
    }

    /// The language bits of `w`, if it is a stop word.
    #[inline]
    fn get(&self, w: &str) -> Option<u32> {
        let b = w.as_bytes();
        if b.is_empty() || b.len() > self.max_len {
            return None;
        }
        let mut i = stop_hash(b) as usize & self.mask;
        loop {
            let &(start, len, bits) = self.slots.get(i)?;
            if len == 0 {
                return None;
            }
            if len as usize == b.len()
                && self
                    .keys
                    .as_bytes()
                    .get(start as usize..start as usize + b.len())
                    == Some(b)
            {
                return Some(bits);
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Document and paragraph language identification.
pub struct LanguageDetector {
    /// Word -> bit set of the indexes into [`LEXICONS`] that list it.
    words: StopTable,
}

impl LanguageDetector {
    pub fn new() -> Self {
        let mut words: Vec<(String, u32)> = Vec::new();
        for (i, lx) in LEXICONS.iter().enumerate() {
            for line in lx.data.lines() {
                let w = line.split('#').next().unwrap_or("").trim();
                if w.is_empty() || w.contains(' ') {
                    continue;
                }
                let w = w.to_lowercase();
                match words.iter_mut().find(|(k, _)| *k == w) {
                    Some((_, bits)) => *bits |= 1 << i,
                    None => words.push((w, 1 << i)),
                }
            }
        }
        Self {
            words: StopTable::build(&words),
        }
    }

    /// Whether `word` (lower-cased) is a stop word of `lang`.
    pub fn is_stopword(&self, word: &str, lang: &str) -> bool {
        let Some(bits) = self.words.get(word) else {
            return false;
        };
        LEXICONS
            .iter()
            .enumerate()
            .any(|(i, lx)| lx.lang == lang && bits & (1 << i) != 0)
    }

    /// Share of the words of `text` that are stop words of any listed language of their
    /// script (a "reads like prose" signal), and the number of words.
    pub fn stopword_ratio(&self, text: &str) -> (f32, usize) {
        let mut n = 0usize;
        let mut hits = 0usize;
        let mut buf = String::new();
        each_lower_word(text, &mut buf, |w| {
            n += 1;
            if self.words.get(w).is_some() {
                hits += 1;
            }
        });
        if n == 0 {
            (0.0, 0)
        } else {
            (hits as f32 / n as f32, n)
        }
    }

    /// Whether `lower`, a word already lower-cased as [`push_lower`] does, is a stop word of
    /// any listed language (what [`Self::stopword_ratio`] counts, for callers that lower-case
    /// the text once themselves).
    #[inline]
    pub fn is_stopword_lower(&self, lower: &str) -> bool {
        self.words.get(lower).is_some()
    }

    /// The language of a piece of text (a paragraph), or `None` when it has no letters.
    pub fn detect(&self, text: &str) -> Option<Guess> {
        // Letters per script, and the scripts in the order first seen (a tie goes to the
        // last of them).
        let mut per = [0usize; SCRIPTS];
        let mut order = [Script::Other; SCRIPTS];
        let mut seen = 0usize;
        for c in text.chars() {
            let s = script_of(c);
            if s == Script::Other {
                continue;
            }
            if let Some(n) = per.get_mut(s as usize) {
                if *n == 0 {
                    if let Some(o) = order.get_mut(seen) {
                        *o = s;
                    }
                    seen += 1;
                }
                *n += 1;
            }
        }
        let count = |s: Script| per.get(s as usize).copied().unwrap_or(0);
        let (script, letters) = order
            .iter()
            .take(seen)
            .map(|&s| (s, count(s)))
            .max_by_key(|(_, n)| *n)?;
        let kana = count(Script::Kana);
        let lang = match script {
            Script::Latin => self.latin(text)?,
            Script::Cyrillic => self.cyrillic(text),
            Script::Arabic => self.arabic(text),
            Script::Devanagari => self.best_of(text, Script::Devanagari).unwrap_or("hi"),
            Script::Bengali => {
                // Two substring searches (memchr on a byte of each letter) cost less than a
                // walk over every character.
                if text.contains('ৰ') || text.contains('ৱ') {
                    "as"
                } else {
                    "bn"
                }
            }
            Script::Han => {
                if kana * 10 > letters {
                    "ja"
                } else {
                    "zh"
                }
            }
            Script::Kana => "ja",
            Script::Hangul => "ko",
            Script::Greek => "el",
            Script::Hebrew => "he",
            Script::Thai => "th",
            Script::Georgian => "ka",
            Script::Armenian => "hy",
            Script::Gurmukhi => "pa",
            Script::Gujarati => "gu",
            Script::Tamil => "ta",
            Script::Telugu => "te",
            Script::Kannada => "kn",
            Script::Malayalam => "ml",
            Script::Sinhala => "si",
            Script::Myanmar => "my",
            Script::Khmer => "km",
            Script::Ethiopic => "am",
            Script::Other => return None,
        };
        Some(Guess { lang, letters })
    }

    /// Stop-word hits per language of `script`, best first.
    fn scores(&self, text: &str, script: Script) -> Vec<(&'static str, usize)> {
        let mut hits = [0usize; 32];
        let mut buf = String::with_capacity(64);
        each_lower_word(text, &mut buf, |w| {
            if let Some(mut bits) = self.words.get(w) {
                // The languages listing the word, lowest bit first.
                while bits != 0 {
                    if let Some(h) = hits.get_mut(bits.trailing_zeros() as usize) {
                        *h += 1;
                    }
                    bits &= bits - 1;
                }
            }
        });
        let mut out: Vec<(&'static str, usize)> = LEXICONS
            .iter()
            .zip(hits)
            .filter(|(lx, _)| lx.script == script)
            .map(|(lx, h)| (lx.lang, h))
            .collect();
        out.sort_by_key(|s| std::cmp::Reverse(s.1));
        out
    }

    fn best_of(&self, text: &str, script: Script) -> Option<&'static str> {
        let s = self.scores(text, script);
        match (s.first(), s.get(1)) {
            (Some(a), Some(b)) if a.1 > b.1 => Some(a.0),
            (Some(a), None) if a.1 > 0 => Some(a.0),
            _ => None,
        }
    }

    fn latin(&self, text: &str) -> Option<&'static str> {
        let mut scores: Vec<(&'static str, f32)> = self
            .scores(text, Script::Latin)
            .into_iter()
            .map(|(l, h)| (l, h as f32))
            .collect();
        // Letters only one of the languages writes.
        let mut hint = |lang: &str, w: f32| {
            if let Some(s) = scores.iter_mut().find(|s| s.0 == lang) {
                s.1 += w;
            }
        };
        for c in text.chars() {
            match c {
                'ñ' | '¿' | '¡' => hint("es", 1.0),
                'ß' => hint("de", 1.0),
                'ä' | 'ö' | 'ü' => {
                    hint("de", 0.3);
                    hint("tr", 0.2);
                }
                'ğ' | 'ş' | 'ı' | 'İ' | 'Ş' | 'Ğ' => hint("tr", 1.0),
                'è' | 'ê' | 'à' | 'ç' | 'œ' | 'ë' | 'î' | 'û' => hint("fr", 0.3),
                'ã' | 'õ' => hint("pt", 1.0),
                _ => {}
            }
        }
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best = scores.first().copied()?;
        let second = scores.get(1).map(|s| s.1).unwrap_or(0.0);
        // A single best list wins (with two hits or more outright; below that whatever
        // whatlang says, as its answer counts only when it is that list, or when no list or
        // several tie): whatlang is asked only then.
        if best.1 > 0.0 && best.1 > second {
            return Some(best.0);
        }
        // Short or ambiguous: whatlang among the listed Latin languages, else the best list.
        let allow: Vec<whatlang::Lang> = LEXICONS
            .iter()
            .filter(|l| l.script == Script::Latin)
            .filter_map(|l| whatlang_code(l.lang))
            .collect();
        let detector = whatlang::Detector::with_allowlist(allow);
        if let Some(info) = detector.detect(text) {
            if let Some(code) = from_whatlang(info.lang()) {
                if best.1 == 0.0 || scores.iter().any(|s| s.0 == code && s.1 == best.1) {
                    return Some(code);
                }
            }
        }
        (best.1 > 0.0).then_some(best.0)
    }

    fn cyrillic(&self, text: &str) -> &'static str {
        let (mut uk, mut ru) = (0usize, 0usize);
        for c in text.chars() {
            match c {
                'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => uk += 1,
                'ы' | 'э' | 'ъ' | 'ё' | 'Ы' | 'Э' | 'Ё' => ru += 1,
                _ => {}
            }
        }
        if uk > ru {
            "uk"
        } else {
            "ru"
        }
    }

    fn arabic(&self, text: &str) -> &'static str {
        let (mut arabic, mut persian, mut urdu) = (0usize, 0usize, 0usize);
        for c in text.chars() {
            match c {
                // Arabic yeh, kaf, teh marbuta, alef maksura: Arabic spelling.
                'ي' | 'ك' | 'ة' | 'ى' => arabic += 1,
                // Farsi yeh and keheh: Persian and Urdu spelling; پ چ ژ گ are not Arabic.
                'ی' | 'ک' | 'پ' | 'چ' | 'ژ' | 'گ' => persian += 1,
                // Letters only Urdu (and its neighbours) writes.
                'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ۓ' | 'ھ' | 'ہ' => urdu += 1,
                _ => {}
            }
        }
        let sw = self.scores(text, Script::Arabic);
        let score = |l: &str| sw.iter().find(|s| s.0 == l).map(|s| s.1).unwrap_or(0);
        if arabic >= persian + urdu && score("ar") >= score("fa").max(score("ur")) {
            return "ar";
        }
        if urdu * 4 > persian || score("ur") > score("fa") {
            if score("fa") > score("ur") * 2 {
                "fa"
            } else {
                "ur"
            }
        } else if persian + urdu > arabic || score("fa") > score("ar") {
            "fa"
        } else {
            "ar"
        }
    }
}

impl Default for LanguageDetector {
    fn default() -> Self {
        Self::new()
    }
}

/// The words of a text: runs of letters and combining marks (Bengali and Devanagari vowel
/// signs are marks, so they stay inside their words).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Call `f` with each word of `text` (as [`words`] splits it), lower-cased as [`push_lower`]
/// does, in one pass: ASCII letters and digits, and letters of the caseless scripts, are
/// copied without a case table. `buf` is scratch space.
pub fn each_lower_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase());
                continue;
            }
        } else {
            // A character with a script is a letter (a word character); the others are
            // word characters when they are marks, digits or letters of unlisted blocks.
            match script_of(c) {
                Script::Latin
                | Script::Cyrillic
                | Script::Greek
                | Script::Armenian
                | Script::Georgian => {
                    buf.extend(c.to_lowercase());
                    continue;
                }
                Script::Other => {
                    if is_word_char(c) {
                        buf.extend(c.to_lowercase());
                        continue;
                    }
                }
                _ => {
                    buf.push(c);
                    continue;
                }
            }
        }
        if !buf.is_empty() {
            f(buf);
            buf.clear();
        }
    }
    if !buf.is_empty() {
        f(buf);
        buf.clear();
    }
}

/// Append `s` lower-cased to `out`: ASCII and caseless scripts take a fast path.
pub fn push_lower(out: &mut String, s: &str) {
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(
            script_of(c),
            Script::Latin
                | Script::Cyrillic
                | Script::Greek
                | Script::Armenian
                | Script::Georgian
                | Script::Other
        ) {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
}

/// Combining marks that [`script_of`] does not already place in a script (Latin combining
/// diacritics, Arabic marks outside the letter ranges) and the joiners ZWJ/ZWNJ.
pub fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x610..=0x61A | 0x200C | 0x200D)
}

/// Whether `c` is a letter (or a mark inside a word of a script read here). Fast on ASCII
/// and on the scripts of [`script_of`]; Unicode tables only for the rest.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if script_of(c) != Script::Other {
        return true;
    }
    let u = c as u32;
    if matches!(u, 0x80..=0xBF | 0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE00..=0xFE6F | 0xFF00..=0xFF20)
    {
        return false;
    }
    crate::chars::is_alphabetic(c)
}

/// Whether `c` belongs inside a word: a letter, a digit (ASCII, Arabic-Indic, Devanagari,
/// Bengali) or a joining mark.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_letter(c)
        || is_mark(c)
        || matches!(c as u32, 0x660..=0x669 | 0x6F0..=0x6F9 | 0x966..=0x96F | 0x9E6..=0x9EF)
}

fn whatlang_code(l: &str) -> Option<whatlang::Lang> {
    use whatlang::Lang::*;
    Some(match l {
        "en" => Eng,
        "fr" => Fra,
        "es" => Spa,
        "de" => Deu,
        "tr" => Tur,
        "it" => Ita,
        "pt" => Por,
        "nl" => Nld,
        "id" => Ind,
        _ => return None,
    })
}

fn from_whatlang(l: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match l {
        Eng => "en",
        Fra => "fr",
        Spa => "es",
        Deu => "de",
        Tur => "tr",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Ind => "id",
        _ => return None,
    })
}

impl Stage for LanguageDetector {
    fn name(&self) -> &'static str {
        "lang"
    }

    fn process(&self, doc: &mut Document) {
        let mut weight: Vec<(&'static str, usize)> = Vec::new();
        for p in doc.paragraphs.iter_mut() {
            let text = p.span.slice(&doc.text);
            let g = self.detect(text);
            p.lang = g.map(|g| g.lang.to_string());
            if let Some(g) = g {
                match weight.iter_mut().find(|w| w.0 == g.lang) {
                    Some(w) => w.1 += g.letters,
                    None => weight.push((g.lang, g.letters)),
                }
            }
        }
        let best = weight.iter().max_by_key(|w| w.1).map(|w| w.0);
        let lang = best
            .or_else(|| self.detect(&doc.text).map(|g| g.lang))
            .or_else(|| {
                doc.title
                    .as_deref()
                    .and_then(|t| self.detect(t))
                    .map(|g| g.lang)
            });
        doc.lang = lang.map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The stop-word table answers as a hash map of the same words does: every listed word
    /// with its language bits, and no other word (prefixes, extensions, case variants, words
    /// of each length around the table's longest key).
    #[test]
    fn stop_table_agrees_with_a_map() {
        let det = LanguageDetector::new();
        let mut map: HashMap<String, u32> = HashMap::new();
        for (i, lx) in LEXICONS.iter().enumerate() {
            for line in lx.data.lines() {
                let w = line.split('#').next().unwrap_or("").trim();
                if !w.is_empty() && !w.contains(' ') {
                    *map.entry(w.to_lowercase()).or_default() |= 1 << i;
                }
            }
        }
        assert!(map.len() > 500, "{}", map.len());
        let mut probes: Vec<String> = Vec::new();
        for w in map.keys() {
            probes.push(w.clone());
            probes.push(format!("{w}x"));
            probes.push(format!("x{w}"));
            probes.push(w.to_uppercase());
            let mut cut = w.clone();
            cut.pop();
            probes.push(cut);
        }
        for n in 0..80 {
            probes.push("a".repeat(n));
            probes.push("ক".repeat(n));
        }
        for p in &probes {
            assert_eq!(det.words.get(p), map.get(p).copied(), "{p:?}");
        }
        assert_eq!(det.words.get("the").map(|b| b & 1), Some(1));
        assert_eq!(det.words.get(""), None);
    }

    /// The one-pass word reader gives what `words` then `push_lower` give.
    fn words_lowered(text: &str) -> Vec<String> {
        words(text)
            .map(|w| {
                let mut b = String::new();
                push_lower(&mut b, w);
                b
            })
            .collect()
    }

    #[test]
    fn one_pass_words_agree_on_fixtures() {
        for t in [
            "",
            "  ",
            "The Minister, Said: \"ÉCOLE\" İstanbul'da ÑANDÚ — Straße",
            "সরকার আগামী মাসে নতুন বাজেট ঘোষণা করবে। ২০২৪ সালে",
            "أعلنت الحكومة اليوم عن خطة ١٢٣ جديدة، لدعم",
            "ПРАВИТЕЛЬСТВО объявило Ёлку в понедельник",
            "ΑΘΗΝΑ Ἀθῆναι 東京都 ソウル 한국어 mixedকথা123abc",
            "zero\u{200c}width\u{200d}joiners e\u{301}t\u{0}x",
        ] {
            let mut buf = String::new();
            let mut got = Vec::new();
            each_lower_word(t, &mut buf, |w| got.push(w.to_string()));
            assert_eq!(got, words_lowered(t), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_words_agree(text in "[a-zA-Z0-9 ,.'ÀÉİıßẞΣσ\u{300}\u{200c}কখ১।ابة٣ЖжЁё東ア한\u{2028}\u{a0}-]{0,40}") {
            let mut buf = String::new();
            let mut got = Vec::new();
            each_lower_word(&text, &mut buf, |w| got.push(w.to_string()));
            proptest::prop_assert_eq!(got, words_lowered(&text));
        }
    }

    #[test]
    fn script_rows_agree_with_the_ranges() {
        for cp in 0..SCRIPT_ROWS + 0x100 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(script_of(c), script_of_ranges(c), "U+{cp:04X}");
        }
        assert_eq!(script_of('ক'), Script::Bengali);
        assert_eq!(script_of('ح'), Script::Arabic);
        assert_eq!(script_of('Ж'), Script::Cyrillic);
        assert_eq!(script_of('한'), Script::Hangul);
    }
}
