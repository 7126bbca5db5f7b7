//! The date reader's word lists: month and weekday names (generated from CLDR by
//! `tools/gen-months`, plus the hand-kept `*.extra.tsv`) and the marker words of
//! `data/dates/markers.tsv` (today/yesterday, last/next, year markers, ordinal suffixes).
//! Every entry is normalized with [`crate::normalize::normalize_str`] and split into tokens the
//! way the reader tokenizes text, so entries and text meet.
//!
//! Lookups are resolved when the data is loaded: every word the reader may meet (first
//! tokens, truncated weekdays, first tokens with each clitic prefix or inflection suffix) maps
//! to a [`Word`] holding its entries, its stems' entries and the kinds of meaning among them,
//! so a token costs one hash lookup at most, and none for most words: a bit filter on a cheap
//! fingerprint (length and edge bytes) turns them away first. The tests hold this index to
//! plain hash lookups of the token and its stems.
//!
//! This module only loads and looks up; it reads no text.

use super::token::{tokenize, Tok, TokKind};
use crate::normalize::normalize_str;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's): the lexicon's keys are short words, and SipHash dominated the reader's
/// profile. Not DoS-resistant, which does not matter for a fixed lexicon.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What a lexicon entry means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lex {
    /// A month name; `strict`: read only next to a day or year number.
    Month {
        m: u8,
        strict: bool,
    },
    /// A weekday (0 = Monday); `abbr`: read only next to a date.
    Weekday {
        d: u8,
        abbr: bool,
    },
    /// A day relative to publication, in days.
    Day(i32),
    /// "last"/"this"/"next" before a month: -1, 0, 1.
    ModBefore(i8),
    /// The same after a month ("أبريل الماضي").
    ModAfter(i8),
    /// The current month (0), the last (-1) or next (1).
    CurMonth(i8),
    /// A year relative to publication.
    YearRel(i32),
    YearBefore,
    YearAfter,
    NonGregorian,
    DaySuffix,
    Connector,
    WeekdayPrefix,
    /// "month" next to a month name ("মে মাসে", "شهر الماء"): vouches for a strict name.
    MonthWord,
}

impl Lex {
    /// The kind of meaning as one bit (see [`kind`]), for sets of wanted kinds.
    pub fn kind(self) -> u16 {
        match self {
            Lex::Month { .. } => kind::MONTH,
            Lex::Weekday { .. } => kind::WEEKDAY,
            Lex::Day(_) => kind::DAY,
            Lex::ModBefore(_) => kind::MOD_BEFORE,
            Lex::ModAfter(_) => kind::MOD_AFTER,
            Lex::CurMonth(_) => kind::CUR_MONTH,
            Lex::YearRel(_) => kind::YEAR_REL,
            Lex::YearBefore => kind::YEAR_BEFORE,
            Lex::YearAfter => kind::YEAR_AFTER,
            Lex::NonGregorian => kind::NON_GREGORIAN,
            Lex::DaySuffix => kind::DAY_SUFFIX,
            Lex::Connector => kind::CONNECTOR,
            Lex::WeekdayPrefix => kind::WEEKDAY_PREFIX,
            Lex::MonthWord => kind::MONTH_WORD,
        }
    }
}

/// One bit per kind of [`Lex`], to say which kinds a lookup wants.
pub mod kind {
    pub const MONTH: u16 = 1;
    pub const WEEKDAY: u16 = 1 << 1;
    pub const DAY: u16 = 1 << 2;
    pub const MOD_BEFORE: u16 = 1 << 3;
    pub const MOD_AFTER: u16 = 1 << 4;
    pub const CUR_MONTH: u16 = 1 << 5;
    pub const YEAR_REL: u16 = 1 << 6;
    pub const YEAR_BEFORE: u16 = 1 << 7;
    pub const YEAR_AFTER: u16 = 1 << 8;
    pub const NON_GREGORIAN: u16 = 1 << 9;
    pub const DAY_SUFFIX: u16 = 1 << 10;
    pub const CONNECTOR: u16 = 1 << 11;
    pub const WEEKDAY_PREFIX: u16 = 1 << 12;
    pub const MONTH_WORD: u16 = 1 << 13;
}

/// Errors in date data (a bug in shipped data; tests load it).
#[derive(Debug, thiserror::Error)]
pub enum DateDataError {
    #[error("{file} line {line}: {msg}")]
    Bad {
        file: &'static str,
        line: usize,
        msg: String,
    },
}

#[derive(Debug, Clone)]
struct Entry {
    rest: Vec<String>,
    lex: Lex,
    /// Set for Latin-script markers: they apply only to documents in this language.
    lang: Option<String>,
}

/// All date words, keyed by their first normalized token.
#[derive(Debug, Default)]
pub struct Lexicon {
    by_first: Map<String, Vec<Entry>>,
    /// Wide weekday names missing their first one or two characters (scrape damage), unique.
    truncated: Map<String, u8>,
    suffixes: Vec<String>,
    prefixes: Vec<String>,
    /// The entry lists of `by_first`, in one vector that [`Word`]s point into.
    lists: Vec<Vec<Entry>>,
    /// Every word the reader may use: first tokens, truncated weekdays, and first tokens with
    /// each word prefix and suffix (non-ASCII forms only), each with everything a lookup needs.
    /// One lookup per token.
    words: Map<String, Word>,
    /// A bit per [`fingerprint`] of the keys of `words`: most tokens are not date words, and
    /// a clear bit answers for them without hashing.
    filter: Vec<u64>,
}

/// Bits in [`Lexicon`]'s word filter (a power of two; 8 KB, about 8% set by the built-in data).
const FILTER_BITS: usize = 1 << 16;

/// A cheap fingerprint of a word for the filter: its length and its first and last bytes
/// (three at the start, since Bengali letters share their first two bytes).
#[inline]
fn fingerprint(w: &[u8]) -> usize {
    let x = match *w {
        [a, b, c, .., y, z] => u64::from_le_bytes([a, b, c, y, z, 0, 0, 0]),
        [a, b, c, d] => u64::from_le_bytes([a, b, c, c, d, 0, 0, 0]),
        [a, b, c] => u64::from_le_bytes([a, b, c, b, c, 0, 0, 0]),
        [a, b] => u64::from_le_bytes([a, b, 0, a, b, 0, 0, 0]),
        [a] => u64::from(a),
        [] => 0,
    } | ((w.len() as u64) << 48);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize % FILTER_BITS
}

/// What the lexicon knows about one token's text, resolved once when the lexicon is built:
/// the entries starting with it, the weekday it is a truncation of, and the entries of its
/// stems without a listed inflection suffix or clitic prefix (in the order of the data).
#[derive(Debug, Default)]
pub struct Word {
    direct: Option<usize>,
    truncated: Option<u8>,
    /// Lists (indexes into `Lexicon::lists`) of stems with a suffix stripped (stem of two
    /// characters or more).
    suffixed: Vec<usize>,
    /// The same with a prefix stripped (stem of three characters or more).
    prefixed: Vec<usize>,
    /// The kinds ([`Lex::kind`]) of every entry in these lists: a lookup wanting none of them
    /// finds nothing.
    kinds: u16,
}

impl Word {
    /// Some entry starts with this word.
    pub fn is_first(&self) -> bool {
        self.direct.is_some()
    }

    /// Some entry this word may stand for has a kind in `kinds`.
    #[inline]
    pub fn may_be(&self, kinds: u16) -> bool {
        self.kinds & kinds != 0
    }

    /// The weekday this word is a truncation of.
    pub fn truncated_weekday(&self) -> Option<u8> {
        self.truncated
    }
}

const MONTH_FILES: &[(&str, &str)] = &[
    (
        "months.ar.tsv",
        include_str!("../../data/dates/months.ar.tsv"),
    ),
    (
        "months.bn.tsv",
        include_str!("../../data/dates/months.bn.tsv"),
    ),
    (
        "months.en.tsv",
        include_str!("../../data/dates/months.en.tsv"),
    ),
    (
        "months.ru.tsv",
        include_str!("../../data/dates/months.ru.tsv"),
    ),
    (
        "months.fr.tsv",
        include_str!("../../data/dates/months.fr.tsv"),
    ),
    (
        "months.es.tsv",
        include_str!("../../data/dates/months.es.tsv"),
    ),
    (
        "months.de.tsv",
        include_str!("../../data/dates/months.de.tsv"),
    ),
    (
        "months.tr.tsv",
        include_str!("../../data/dates/months.tr.tsv"),
    ),
];
const WEEKDAY_FILES: &[(&str, &str)] = &[
    (
        "weekdays.ar.tsv",
        include_str!("../../data/dates/weekdays.ar.tsv"),
    ),
    (
        "weekdays.bn.tsv",
        include_str!("../../data/dates/weekdays.bn.tsv"),
    ),
    (
        "weekdays.en.tsv",
        include_str!("../../data/dates/weekdays.en.tsv"),
    ),
    (
        "weekdays.ru.tsv",
        include_str!("../../data/dates/weekdays.ru.tsv"),
    ),
    (
        "weekdays.fr.tsv",
        include_str!("../../data/dates/weekdays.fr.tsv"),
    ),
    (
        "weekdays.es.tsv",
        include_str!("../../data/dates/weekdays.es.tsv"),
    ),
    (
        "weekdays.de.tsv",
        include_str!("../../data/dates/weekdays.de.tsv"),
    ),
    (
        "weekdays.tr.tsv",
        include_str!("../../data/dates/weekdays.tr.tsv"),
    ),
];
const MONTHS_EXTRA: &str = include_str!("../../data/dates/months.extra.tsv");
const WEEKDAYS_EXTRA: &str = include_str!("../../data/dates/weekdays.extra.tsv");
const MARKERS: &str = include_str!("../../data/dates/markers.tsv");

fn rows(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

fn bad(file: &'static str, line: usize, msg: impl Into<String>) -> DateDataError {
    DateDataError::Bad {
        file,
        line,
        msg: msg.into(),
    }
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Self, DateDataError> {
        let mut lx = Lexicon::default();
        let mut strict_months: Vec<(String, u8)> = Vec::new();
        for (file, src) in MONTH_FILES {
            for (line, f) in rows(src) {
                let (name, m) = name_num(file, line, &f, 1, 12)?;
                let forms = f.get(2).copied().unwrap_or("");
                // Abbreviations alone ("Mar", "Dec") are ordinary words too often.
                let strict = !forms.contains("wide");
                lx.add(name, Lex::Month { m, strict }, None);
            }
        }
        for (line, f) in rows(MONTHS_EXTRA) {
            let (name, m) = name_num("months.extra.tsv", line, &f, 1, 12)?;
            let strict = f.get(2).is_some_and(|x| *x == "strict");
            if strict {
                strict_months.push((normalize_str(name), m));
            }
            lx.add(name, Lex::Month { m, strict }, None);
        }
        // A strict flag in the extra file wins over CLDR's (May, March, مارس).
        for (key, m) in strict_months {
            let toks = tok_texts(&key);
            if let Some((first, rest)) = toks.split_first() {
                if let Some(list) = lx.by_first.get_mut(first) {
                    for e in list.iter_mut() {
                        if e.rest == rest && matches!(e.lex, Lex::Month { m: mm, .. } if mm == m) {
                            e.lex = Lex::Month { m, strict: true };
                        }
                    }
                }
            }
        }
        let mut wide_weekdays: Vec<(String, u8)> = Vec::new();
        for (file, src) in WEEKDAY_FILES {
            for (line, f) in rows(src) {
                let (name, d) = name_num(file, line, &f, 0, 6)?;
                let forms = f.get(2).copied().unwrap_or("");
                let abbr = !forms.contains("wide");
                if !abbr {
                    wide_weekdays.push((normalize_str(name), d));
                }
                lx.add(name, Lex::Weekday { d, abbr }, None);
            }
        }
        for (line, f) in rows(WEEKDAYS_EXTRA) {
            let (name, d) = name_num("weekdays.extra.tsv", line, &f, 0, 6)?;
            let abbr = f.get(2).is_some_and(|x| *x == "abbr");
            if !abbr {
                wide_weekdays.push((normalize_str(name), d));
            }
            lx.add(name, Lex::Weekday { d, abbr }, None);
        }
        lx.build_truncated(&wide_weekdays);
        for (line, f) in rows(MARKERS) {
            lx.add_marker(line, &f)?;
        }
        lx.index_known();
        Ok(lx)
    }

    /// Fill `lists` and `words` from the entries and affixes.
    fn index_known(&mut self) {
        let mut keys: Vec<&String> = self.by_first.keys().collect();
        keys.sort();
        let mut index: Map<String, usize> = Map::default();
        let mut lists = Vec::with_capacity(keys.len());
        for k in keys {
            if let Some(list) = self.by_first.get(k) {
                index.insert(k.clone(), lists.len());
                lists.push(list.clone());
            }
        }
        let mut names: Vec<String> = self.truncated.keys().cloned().collect();
        for k in self.by_first.keys() {
            names.push(k.clone());
            for s in &self.suffixes {
                let w = format!("{k}{s}");
                if !w.is_ascii() {
                    names.push(w);
                }
            }
            for p in &self.prefixes {
                let w = format!("{p}{k}");
                if !w.is_ascii() {
                    names.push(w);
                }
            }
        }
        let mut words: Map<String, Word> = Map::default();
        for w in names {
            if words.contains_key(&w) {
                continue;
            }
            let mut word = Word {
                direct: index.get(&w).copied(),
                truncated: self.truncated.get(&w).copied(),
                ..Word::default()
            };
            if !w.is_ascii() {
                for s in &self.suffixes {
                    if let Some(stem) = w.strip_suffix(s.as_str()) {
                        if stem.chars().count() >= 2 {
                            word.suffixed.extend(index.get(stem).copied());
                        }
                    }
                }
                for p in &self.prefixes {
                    if let Some(stem) = w.strip_prefix(p.as_str()) {
                        if stem.chars().count() >= 3 {
                            word.prefixed.extend(index.get(stem).copied());
                        }
                    }
                }
            }
            word.kinds = word
                .direct
                .iter()
                .chain(&word.suffixed)
                .chain(&word.prefixed)
                .filter_map(|&ix| lists.get(ix))
                .flatten()
                .fold(0, |k, e| k | e.lex.kind());
            words.insert(w, word);
        }
        let mut filter = vec![0u64; FILTER_BITS / 64];
        for w in words.keys() {
            let f = fingerprint(w.as_bytes());
            if let Some(slot) = filter.get_mut(f / 64) {
                *slot |= 1 << (f % 64);
            }
        }
        self.lists = lists;
        self.words = words;
        self.filter = filter;
    }

    /// The filter: false for most words that are not keys, never false for a key.
    #[inline]
    fn may_know(&self, w: &[u8]) -> bool {
        let f = fingerprint(w);
        self.filter
            .get(f / 64)
            .is_some_and(|b| b & (1 << (f % 64)) != 0)
    }

    /// [`Lexicon::word`] for the bytes `start..end` of `text` (a token), filtered before the
    /// text is sliced as a `str`.
    #[inline]
    pub fn word_at(&self, text: &str, start: usize, end: usize) -> Option<&Word> {
        if !self.may_know(text.as_bytes().get(start..end)?) {
            return None;
        }
        self.words.get(text.get(start..end)?)
    }

    /// What the lexicon knows about a token's text (None: nothing, the common case).
    #[inline]
    pub fn word(&self, text: &str) -> Option<&Word> {
        if !self.may_know(text.as_bytes()) {
            return None;
        }
        self.words.get(text)
    }

    fn add_marker(&mut self, line: usize, f: &[&str]) -> Result<(), DateDataError> {
        const FILE: &str = "markers.tsv";
        let lang = f.first().copied().unwrap_or("");
        let phrase = f.get(1).copied().unwrap_or("");
        let kind = f.get(2).copied().unwrap_or("");
        let value = f.get(3).copied().unwrap_or("");
        if phrase.is_empty() {
            return Err(bad(FILE, line, "empty phrase"));
        }
        let dir = |v: &str| -> Result<i8, DateDataError> {
            match v {
                "last" => Ok(-1),
                "this" => Ok(0),
                "next" => Ok(1),
                _ => Err(bad(
                    FILE,
                    line,
                    format!("expected last|this|next, got {v:?}"),
                )),
            }
        };
        let int = |v: &str| -> Result<i32, DateDataError> {
            v.parse::<i32>()
                .ok()
                .filter(|n| n.abs() <= 31)
                .ok_or_else(|| bad(FILE, line, format!("expected a small number, got {v:?}")))
        };
        let lex = match kind {
            "day" => Lex::Day(int(value)?),
            "mod-before" => Lex::ModBefore(dir(value)?),
            "mod-after" => Lex::ModAfter(dir(value)?),
            "cur-month" => Lex::CurMonth(int(value)?.clamp(-1, 1) as i8),
            "year-rel" => Lex::YearRel(int(value)?),
            "year-before" => Lex::YearBefore,
            "year-after" => Lex::YearAfter,
            "non-greg" => Lex::NonGregorian,
            "day-suffix" => Lex::DaySuffix,
            "connector" => Lex::Connector,
            "wd-prefix" => Lex::WeekdayPrefix,
            "month-word" => Lex::MonthWord,
            "word-suffix" => {
                self.suffixes.push(normalize_str(phrase));
                return Ok(());
            }
            "word-prefix" => {
                self.prefixes.push(normalize_str(phrase));
                return Ok(());
            }
            other => return Err(bad(FILE, line, format!("unknown kind {other:?}"))),
        };
        let latin = phrase
            .chars()
            .all(|c| c.is_ascii() || !c.is_alphabetic() || (c as u32) < 0x250);
        let lang = (latin && !lang.is_empty()).then(|| lang.to_string());
        self.add(phrase, lex, lang);
        Ok(())
    }

    fn add(&mut self, phrase: &str, lex: Lex, lang: Option<String>) {
        let toks = tok_texts(&normalize_str(phrase));
        let Some((first, rest)) = toks.split_first() else {
            return;
        };
        let list = self.by_first.entry(first.clone()).or_default();
        let rest = rest.to_vec();
        if !list
            .iter()
            .any(|e| e.rest == rest && e.lex == lex && e.lang == lang)
        {
            list.push(Entry { rest, lex, lang });
        }
    }

    fn build_truncated(&mut self, wide: &[(String, u8)]) {
        let mut seen: HashMap<String, Option<u8>> = HashMap::new();
        for (name, d) in wide {
            let chars: Vec<(usize, char)> = name.char_indices().collect();
            for cut in 1..=2 {
                let Some(&(at, _)) = chars.get(cut) else {
                    continue;
                };
                let Some(tail) = name.get(at..) else { continue };
                if tail.chars().count() < 4 {
                    continue;
                }
                let slot = seen.entry(tail.to_string()).or_insert(Some(*d));
                if *slot != Some(*d) {
                    *slot = None;
                }
            }
        }
        for (tail, d) in seen {
            if let Some(d) = d {
                // A truncation that is itself a known word is not a truncation.
                if !self.by_first.contains_key(&tail) {
                    self.truncated.insert(tail, d);
                }
            }
        }
    }

    /// The longest entry starting at token `i` (whose text is `word`) whose meaning passes
    /// `want`, with the index after it. Month and weekday names are also tried without a
    /// listed clitic prefix or inflection suffix. Answers like `Lexicon::find_slowly` (tests), from
    /// what [`Lexicon::word`] resolved.
    pub fn find(
        &self,
        word: &Word,
        text: &str,
        toks: &[Tok],
        i: usize,
        lang: Option<&str>,
        want: impl Fn(Lex) -> bool,
    ) -> Option<(Lex, usize)> {
        let first = toks.get(i)?;
        let list = |ix: Option<usize>| ix.and_then(|ix| self.lists.get(ix));
        let best = list(word.direct).and_then(|l| best_in(l, text, toks, i, lang, &want));
        if best.is_some() || first.kind != TokKind::Word {
            return best;
        }
        let names = |lex: Lex| matches!(lex, Lex::Month { .. } | Lex::Weekday { .. }) && want(lex);
        for &ix in &word.suffixed {
            let single =
                list(Some(ix)).and_then(|l| l.iter().find(|e| e.rest.is_empty() && names(e.lex)));
            if let Some(e) = single {
                return Some((e.lex, i + 1));
            }
        }
        // A clitic prefix ("والعام الماضي", "والخميس"): any entry, the first word stripped.
        for &ix in &word.prefixed {
            if let Some(found) = list(Some(ix)).and_then(|l| best_in(l, text, toks, i, lang, &want))
            {
                return Some(found);
            }
        }
        None
    }

    /// [`Lexicon::find`] by hash lookups of the token and its stems (tests hold `find` to it).
    #[cfg(test)]
    pub fn find_slowly(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
        lang: Option<&str>,
        want: impl Fn(Lex) -> bool,
    ) -> Option<(Lex, usize)> {
        let first = toks.get(i)?;
        let word = first.text(text);
        let best = self.find_from(word, text, toks, i, lang, &want);
        if best.is_some() || first.kind != TokKind::Word || word.is_ascii() {
            return best;
        }
        let names = |lex: Lex| matches!(lex, Lex::Month { .. } | Lex::Weekday { .. }) && want(lex);
        let single = |w: &str| -> Option<Lex> {
            self.by_first
                .get(w)?
                .iter()
                .find(|e| e.rest.is_empty() && names(e.lex))
                .map(|e| e.lex)
        };
        for s in &self.suffixes {
            if let Some(stem) = word.strip_suffix(s.as_str()) {
                if stem.chars().count() >= 2 {
                    if let Some(l) = single(stem) {
                        return Some((l, i + 1));
                    }
                }
            }
        }
        // A clitic prefix ("والعام الماضي", "والخميس"): any entry, the first word stripped.
        for p in &self.prefixes {
            if let Some(stem) = word.strip_prefix(p.as_str()) {
                if stem.chars().count() >= 3 {
                    if let Some(found) = self.find_from(stem, text, toks, i, lang, &want) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    /// The longest entry whose first token is `word` (standing at token `i`).
    #[cfg(test)]
    fn find_from(
        &self,
        word: &str,
        text: &str,
        toks: &[Tok],
        i: usize,
        lang: Option<&str>,
        want: &impl Fn(Lex) -> bool,
    ) -> Option<(Lex, usize)> {
        best_in(self.by_first.get(word)?, text, toks, i, lang, want)
    }

    /// Whether a token may take part in a date at all (a number, a placeholder, or a word the
    /// lexicon knows, directly, without a clitic or inflection, or truncated), given what
    /// [`Lexicon::word`] answered for its text. Lets the reader skip ordinary words.
    pub fn knows(tok: &Tok, word: Option<&Word>) -> bool {
        match tok.kind {
            TokKind::Num { .. } | TokKind::Placeholder => true,
            TokKind::Punct(_) => word.is_some_and(Word::is_first),
            TokKind::Word => word.is_some(),
        }
    }

    /// What `knows` answers for a word, from the entries themselves (tests check the index).
    #[cfg(test)]
    fn knows_word_slowly(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
            || self.truncated.contains_key(word)
            || (!word.is_ascii() && self.known_with_affix(word))
    }

    #[cfg(test)]
    fn known_with_affix(&self, word: &str) -> bool {
        self.suffixes.iter().any(|s| {
            word.strip_suffix(s.as_str())
                .is_some_and(|st| self.by_first.contains_key(st))
        }) || self.prefixes.iter().any(|p| {
            word.strip_prefix(p.as_str())
                .is_some_and(|st| self.by_first.contains_key(st))
        })
    }

    /// A weekday name missing its first one or two characters.
    #[cfg(test)]
    pub fn truncated_weekday_slowly(&self, word: &str) -> Option<u8> {
        self.truncated.get(word).copied()
    }

    /// Every word [`Lexicon::word`] knows (tests).
    #[cfg(test)]
    pub fn words_for_tests(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(String::as_str)
    }

    /// Number of distinct first tokens (for tests).
    pub fn len(&self) -> usize {
        self.by_first.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

/// The longest entry of `list` (entries sharing the first token, standing at token `i`)
/// whose meaning passes `want` and whose further tokens follow on the same line.
fn best_in(
    list: &[Entry],
    text: &str,
    toks: &[Tok],
    i: usize,
    lang: Option<&str>,
    want: &impl Fn(Lex) -> bool,
) -> Option<(Lex, usize)> {
    let mut best: Option<(Lex, usize)> = None;
    for e in list {
        if !want(e.lex) {
            continue;
        }
        if let (Some(l), Some(dl)) = (&e.lang, lang) {
            if l != dl {
                continue;
            }
        }
        let n = e.rest.len();
        let ok = e.rest.iter().enumerate().all(|(k, w)| {
            toks.get(i + 1 + k)
                .is_some_and(|t| t.text(text) == w && !t.newline_before)
        });
        if ok && best.is_none_or(|(_, end)| i + 1 + n > end) {
            best = Some((e.lex, i + 1 + n));
        }
    }
    best
}

fn name_num<'a>(
    file: &'static str,
    line: usize,
    f: &[&'a str],
    lo: u8,
    hi: u8,
) -> Result<(&'a str, u8), DateDataError> {
    let name = f.first().copied().unwrap_or("");
    if name.is_empty() {
        return Err(bad(file, line, "empty name"));
    }
    let n = f
        .get(1)
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|n| (lo..=hi).contains(n))
        .ok_or_else(|| bad(file, line, format!("number {lo}..{hi} expected")))?;
    Ok((name, n))
}

fn tok_texts(normalized: &str) -> Vec<String> {
    tokenize(normalized)
        .iter()
        .map(|t| t.text(normalized).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_index_answers_like_the_entries() {
        let lx = Lexicon::builtin().expect("built-in date data");
        let mut words: Vec<String> = lx.by_first.keys().cloned().collect();
        for k in lx.by_first.keys().take(400) {
            for s in &lx.suffixes {
                words.push(format!("{k}{s}"));
            }
            for p in &lx.prefixes {
                words.push(format!("{p}{k}"));
            }
            // Near misses: one character off at either end.
            words.push(format!("{k}x"));
            words.push(format!("x{k}"));
            words.push(k.chars().skip(1).collect());
        }
        words.extend(["", "the", "বৃহস্পতিবারের", "والخميس", "ফেব্রুয়ারি", "августа"].map(String::from));
        let mut known = 0;
        for w in &words {
            let fast = lx.words.contains_key(w.as_str());
            assert_eq!(lx.word(w).is_some(), fast, "the filter hides {w:?}");
            assert_eq!(fast, lx.knows_word_slowly(w), "{w:?}");
            known += usize::from(fast);
        }
        assert!(
            known > 100 && known < words.len(),
            "{known} of {}",
            words.len()
        );
    }

    /// The reader's lookup (filter, one hash lookup, resolved stems, kind mask) answers like
    /// hash lookups of the token and its stems, for every entry with every affix, truncated
    /// weekdays, multi-word entries cut short or broken by a line, and every kind wanted.
    #[test]
    fn find_answers_like_the_slow_lookup() {
        let lx = Lexicon::builtin().expect("built-in date data");
        let mut keys: Vec<&String> = lx.by_first.keys().collect();
        keys.sort();
        let mut texts: Vec<String> = Vec::new();
        for (n, k) in keys.iter().enumerate() {
            let next = keys
                .get((n * 7 + 3) % keys.len())
                .map_or("", |s| s.as_str());
            for e in lx.by_first.get(*k).into_iter().flatten() {
                let phrase = std::iter::once(k.as_str())
                    .chain(e.rest.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" ");
                texts.push(format!("{phrase} {next}"));
                if !e.rest.is_empty() {
                    texts.push(format!("{k}\n{}", e.rest.join(" ")));
                    texts.push(k.to_string());
                }
                for p in &lx.prefixes {
                    texts.push(format!("{p}{phrase} 15"));
                }
            }
            for s in &lx.suffixes {
                texts.push(format!("{k}{s} {next}"));
            }
        }
        texts.extend(lx.truncated.keys().map(|t| format!("{t} 15")));
        texts.extend(["the 9 may, 2019 г. , - / xnumx".to_string()]);
        let kinds: Vec<u16> = (0..14).map(|b| 1u16 << b).collect();
        let mut found = 0;
        for text in &texts {
            let toks = tokenize(text);
            for (i, t) in toks.iter().enumerate() {
                let word = lx.word_at(text, t.start, t.end);
                assert_eq!(
                    word.map(|w| w as *const Word),
                    lx.word(t.text(text)).map(|w| w as *const Word)
                );
                let known = Lexicon::knows(t, word);
                let known_slowly = match t.kind {
                    TokKind::Num { .. } | TokKind::Placeholder => true,
                    TokKind::Punct(_) => lx.by_first.contains_key(t.text(text)),
                    TokKind::Word => lx.knows_word_slowly(t.text(text)),
                };
                assert_eq!(known, known_slowly, "{text:?} token {i}");
                assert_eq!(
                    word.and_then(Word::truncated_weekday),
                    lx.truncated_weekday_slowly(t.text(text)),
                    "{text:?} token {i}"
                );
                for lang in [None, Some("en"), Some("ar"), Some("ru"), Some("fr")] {
                    for &k in &kinds {
                        let want = |l: Lex| l.kind() & k != 0;
                        let fast = word
                            .filter(|w| known && w.may_be(k))
                            .and_then(|w| lx.find(w, text, &toks, i, lang, want));
                        let slow = if known {
                            lx.find_slowly(text, &toks, i, lang, want)
                        } else {
                            None
                        };
                        assert_eq!(fast, slow, "{text:?} token {i} kinds {k:#x} {lang:?}");
                        found += usize::from(fast.is_some());
                    }
                    let want = |l: Lex| matches!(l, Lex::WeekdayPrefix | Lex::Day(0));
                    let fast = word.and_then(|w| lx.find(w, text, &toks, i, lang, want));
                    let slow = lx.find_slowly(text, &toks, i, lang, want);
                    assert_eq!(fast, slow, "{text:?} token {i} {lang:?}");
                }
            }
        }
        assert!(found > 1000, "{found} lookups found an entry");
    }
}
