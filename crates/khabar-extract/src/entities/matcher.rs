//! The one-pass name matcher: a character-wise double-array trie (crawdad) over the normalized
//! aliases and demonyms of every KB entry, plus role phrases and discovery cues, built once.
//! Names start at word starts, so a scan walks the trie only from each word start (and from
//! behind each proclitic the word opens with), never from inside words: a common-prefix
//! search per word, which usually dies after a character or two. It reports every hit that
//! sits on word boundaries as the language's
//! morphology allows: a proclitic chain may precede a name inside its word (Arabic و ب ل ال
//! لل ...), a chain of suffixes may follow it (Bengali কে/র/এর/তেই, Russian -а/-ом, English
//! 's), and an alias may lose a final letter before a suffix (Москва -> Москвы).
//!
//! It deliberately does not choose between overlapping hits or between entries sharing a
//! name: that is the linker's job (`entities::resolve`). No regex per alias, no allocation per
//! token: one trie walk per word start, then boundary checks on the few hits.

use super::lexicon::{is_word_char, Applies, Lexicon, Script};
use super::EntityError;
use crate::fast::{word_key, HashMap, KeyMap};
use crate::kb::KbEntry;
use crawdad::Trie;
use khabar_core::{EntityType, Span};
use khabar_text::normalize::{normalize_str, Normalized};
use std::cell::RefCell;
use thread_local::ThreadLocal;

/// The alias must be followed by a suffix (a stem variant).
pub const NEEDS_SUFFIX: u16 = 1;
/// The alias lost its Arabic article: a proclitic chain holding the article must precede it.
pub const ART_STRIPPED: u16 = 2;
/// The alias is capitalized: the text must be too (Latin, Cyrillic).
pub const CASED: u16 = 4;
/// The alias is an acronym: the text must be all upper case.
pub const ACRONYM: u16 = 8;
/// A one-word alias that is also a common word: needs support elsewhere.
pub const WEAK: u16 = 16;
/// A demonym / adjective form.
pub const DEMONYM: u16 = 32;
/// A Russian adjective stem: the rest of the word must be one adjective ending.
pub const ADJ: u16 = 64;
/// The alias has more than one token.
pub const MULTI: u16 = 128;
/// Matched as written: no affixes (an alias in a language whose affixes are not tabled).
pub const EXACT: u16 = 256;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Index into the KB entries.
    Entity(u32),
    /// Index into `Lexicon::roles`.
    Role(u32),
    /// Index into `Lexicon::cues`.
    Cue(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub what: What,
    pub flags: u16,
    pub script: Script,
    /// Entity kind, for kind-restricted suffixes.
    pub kind: Option<EntityType>,
}

/// A hit on word boundaries, in normalized byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    /// Start of the name (after any proclitic).
    pub start: usize,
    /// End of the pattern itself.
    pub core_end: usize,
    /// End of the word (after any suffix chain).
    pub end: usize,
    pub target: Target,
}

pub struct Matcher {
    trie: Option<Trie>,
    /// Every proclitic chain of every script (at most 5 characters): names may start behind
    /// one inside a word. Found with a trie of their own, whose values index `proclitics`.
    proclitics: Vec<String>,
    proclitic_trie: Option<Trie>,
    /// Bit per byte value: some proclitic starts with that byte. Words starting otherwise
    /// (most words of most scripts) skip the proclitic trie.
    proclitic_first: [u64; 4],
    /// Some pattern opens with a character that is not a word character (a quote, a digit
    /// sign): then every position after a non-word character is a start, not only word starts.
    loose_starts: bool,
    /// Per pattern id: range into `targets`.
    ranges: Vec<(u32, u32)>,
    targets: Vec<Target>,
    /// Per thread: the trie walk from the start of a word, remembered by the 128-bit hash of
    /// the word (see [`WordWalk`] and [`word_key`]).
    walks: ThreadLocal<RefCell<KeyMap<WordWalk>>>,
}

/// What the trie walk from a word's start finds within the word: the patterns it matched
/// (value, characters), and whether the walk was still alive at the word's end, so that
/// patterns longer than the word (names of several words) may follow. A word whose walk died
/// inside it gets the same hits whatever text follows, so they are remembered; a live one is
/// walked in full every time. News vocabulary is Zipfian, so most word starts are answered
/// by one lookup instead of a walk through a large trie.
struct WordWalk {
    hits: Box<[(u32, u32)]>,
    alive: bool,
}

/// Walks remembered per thread before the table is cleared (bounded memory).
const MAX_WALKS: usize = 1 << 16;
/// Longer phrases are walked every time, never remembered.
const MAX_WALK_WORD: usize = 64;
/// Walks are remembered over at most this many words.
const MAX_WALK_WORDS: usize = 3;

/// The walk of the trie over `phrase` alone: its hits as (value, byte length) and whether it
/// was still alive at the phrase's end.
fn walk_within(trie: &Trie, phrase: &str) -> WordWalk {
    let exhausted = std::cell::Cell::new(false);
    let chars = Noting {
        chars: phrase.chars(),
        exhausted: &exhausted,
    };
    // The walk counts characters, so count bytes once here.
    let hits: Vec<(u32, u32)> = trie
        .common_prefix_search(chars)
        .map(|(v, n)| {
            let len = phrase
                .char_indices()
                .nth(n)
                .map_or(phrase.len(), |(b, _)| b);
            (v, len as u32)
        })
        .collect();
    WordWalk {
        hits: hits.into_boxed_slice(),
        alive: exhausted.get(),
    }
}

/// A character iterator that notes whether it was asked past its end (the walk was alive).
struct Noting<'a> {
    chars: std::str::Chars<'a>,
    exhausted: &'a std::cell::Cell<bool>,
}

impl Iterator for Noting<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.chars.next();
        if c.is_none() {
            self.exhausted.set(true);
        }
        c
    }
}

/// (has an upper-case letter, all letters upper case, number of letters).
fn letters_upper(s: &str) -> (bool, bool, usize) {
    let mut first_upper = false;
    let mut all_upper = true;
    let mut n = 0;
    for c in s.chars().filter(|&c| khabar_text::chars::is_alphabetic(c)) {
        if c.is_uppercase() {
            first_upper = true;
        }
        if !c.is_uppercase() {
            all_upper = false;
        }
        n += 1;
    }
    (first_upper, all_upper && n > 0, n)
}

/// The kind kind-restricted affixes see: `GPE` only for countries (demonym endings), `LOC` for
/// other places.
fn affix_kind(e: &KbEntry) -> EntityType {
    match e.kind {
        EntityType::Gpe | EntityType::Loc => {
            if e.country.as_deref() == Some(e.id.as_str()) {
                EntityType::Gpe
            } else {
                EntityType::Loc
            }
        }
        k => k,
    }
}

/// Whether the affix table of `script` is the one of language `lang` (aliases in other
/// languages of the same script, Persian or Urdu in Arabic script, French in Latin, are matched
/// as written, without affixes).
fn morph_lang(script: Script, lang: &str) -> bool {
    Script::of_lang(lang) == Some(script)
}

struct Builder<'a> {
    lx: &'a Lexicon,
    pats: HashMap<String, Vec<Target>>,
}

impl Builder<'_> {
    fn add(&mut self, pat: String, t: Target) {
        // A stray space around an alias in the data is not part of the name.
        let pat = match pat.trim() {
            p if p.len() == pat.len() => pat,
            p => p.to_string(),
        };
        if pat.chars().count() < 2 {
            return;
        }
        let v = self.pats.entry(pat).or_default();
        if !v.contains(&t) {
            v.push(t);
        }
    }

    /// An alias with its variants (article stripped, final letter dropped).
    fn alias(
        &mut self,
        raw: &str,
        lang: &str,
        what: What,
        kind: Option<EntityType>,
        demonym: bool,
    ) {
        let n = normalize_str(raw.trim());
        if n.is_empty() {
            return;
        }
        let script = Script::of_str(&n);
        let mut flags = 0;
        if script.has_case() {
            let (first_upper, all_upper, letters) = letters_upper(raw);
            if all_upper && (2..=6).contains(&letters) && !raw.contains(' ') {
                flags |= ACRONYM;
            } else if first_upper {
                flags |= CASED;
            }
        }
        let multi = super::translit::tokens(&n).nth(1).is_some();
        if multi {
            flags |= MULTI;
        }
        if demonym {
            flags |= DEMONYM;
        }
        if !multi && self.lx.is_common(&n) {
            flags |= WEAK;
        }
        let inflects = morph_lang(script, lang);
        if !inflects {
            flags |= EXACT;
        }
        let t = Target {
            what,
            flags,
            script,
            kind,
        };
        let morph = self.lx.morph(script);
        if let (What::Entity(_), true) = (what, inflects) {
            if script == Script::Arabic {
                if let Some(rest) = n.strip_prefix("ال").filter(|r| r.chars().count() >= 2) {
                    let t2 = Target {
                        flags: flags | ART_STRIPPED,
                        ..t
                    };
                    self.add(rest.to_string(), t2);
                }
            }
            for (stem, applies) in &morph.stems {
                let ok = match applies {
                    Applies::Any => true,
                    Applies::Kind(k) => Some(*k) == t.kind,
                    Applies::Article => false,
                };
                if !ok {
                    continue;
                }
                if let Some(rest) = n.strip_suffix(stem.as_str()) {
                    if rest.chars().count() >= 3 {
                        self.add(
                            rest.to_string(),
                            Target {
                                flags: flags | NEEDS_SUFFIX,
                                ..t
                            },
                        );
                    }
                }
            }
            // A fleeting vowel between the last two consonants: Египет -> Египт(а).
            let cs: Vec<char> = n.chars().collect();
            if let [.., a, v, z] = cs.as_slice() {
                if cs.len() >= 5
                    && morph.fleeting.contains(v)
                    && khabar_text::chars::is_alphabetic(*a)
                    && khabar_text::chars::is_alphabetic(*z)
                    && !morph.fleeting.contains(a)
                    && !morph.fleeting.contains(z)
                {
                    let mut stem: String = cs.iter().take(cs.len() - 2).collect();
                    stem.push(*z);
                    self.add(
                        stem,
                        Target {
                            flags: flags | NEEDS_SUFFIX,
                            ..t
                        },
                    );
                }
            }
            if demonym && !morph.adjective.is_empty() {
                let base = morph
                    .adjective
                    .iter()
                    .filter(|e| n.ends_with(e.as_str()))
                    .max_by_key(|e| e.len());
                if let Some(e) = base {
                    if let Some(rest) = n.strip_suffix(e.as_str()) {
                        if rest.chars().count() >= 3 {
                            self.add(
                                rest.to_string(),
                                Target {
                                    flags: flags | ADJ,
                                    ..t
                                },
                            );
                        }
                    }
                }
            }
        }
        self.add(n, t);
    }
}

impl Matcher {
    pub fn build(lx: &Lexicon, entries: &[KbEntry]) -> Result<Self, EntityError> {
        let mut b = Builder {
            lx,
            pats: HashMap::default(),
        };
        for (i, e) in entries.iter().enumerate() {
            let what = What::Entity(i as u32);
            let kind = Some(affix_kind(e));
            for (lang, a) in e.names() {
                b.alias(a, lang, what, kind, false);
            }
            for (lang, ds) in &e.demonyms {
                for a in ds {
                    b.alias(a, lang, what, kind, true);
                }
            }
        }
        for (i, (lang, p, _)) in lx.roles.iter().enumerate() {
            b.alias(p, lang, What::Role(i as u32), None, false);
        }
        for (i, (lang, p, _)) in lx.cues.iter().enumerate() {
            b.alias(p, lang, What::Cue(i as u32), None, false);
        }
        let mut pats: Vec<(String, Vec<Target>)> = b.pats.into_iter().collect();
        pats.sort_by(|a, b| a.0.cmp(&b.0));
        let mut ranges = Vec::with_capacity(pats.len());
        let mut targets = Vec::new();
        let mut keys = Vec::with_capacity(pats.len());
        for (i, (p, ts)) in pats.into_iter().enumerate() {
            let s = targets.len() as u32;
            targets.extend(ts);
            ranges.push((s, targets.len() as u32));
            keys.push((p, i as u32));
        }
        // The trie's end marker cannot be part of a key (normalization never produces it).
        keys.retain(|(p, _)| !p.is_empty() && !p.contains(crawdad::END_MARKER));
        let loose_starts = keys
            .iter()
            .any(|(p, _)| p.chars().next().is_some_and(|c| !is_word_char(c)));
        let trie = if keys.is_empty() {
            None
        } else {
            Some(Trie::from_records(keys).map_err(|e| EntityError::Automaton(e.to_string()))?)
        };
        let mut proclitics: Vec<String> = Script::ALL
            .iter()
            .flat_map(|&sc| lx.morph(sc).proclitics.iter().map(|(p, _)| p.clone()))
            .filter(|p| !p.is_empty() && p.chars().count() <= 5)
            .collect();
        proclitics.sort();
        proclitics.dedup();
        let mut proclitic_first = [0u64; 4];
        for b in proclitics.iter().filter_map(|p| p.bytes().next()) {
            if let Some(x) = proclitic_first.get_mut(usize::from(b / 64)) {
                *x |= 1 << (b % 64);
            }
        }
        let proclitic_trie = if proclitics.is_empty() {
            None
        } else {
            let records = proclitics.iter().enumerate().map(|(i, p)| (p, i as u32));
            Some(Trie::from_records(records).map_err(|e| EntityError::Automaton(e.to_string()))?)
        };
        Ok(Self {
            trie,
            proclitics,
            proclitic_trie,
            proclitic_first,
            loose_starts,
            ranges,
            targets,
            walks: ThreadLocal::new(),
        })
    }

    pub fn num_patterns(&self) -> usize {
        self.ranges.len()
    }

    pub fn heap_bytes(&self) -> usize {
        self.trie.as_ref().map_or(0, |t| t.heap_bytes())
            + self.ranges.len() * 8
            + self.targets.len() * std::mem::size_of::<Target>()
    }

    /// Every hit on word boundaries in `norm.text`. `original` is the text `norm` was made
    /// from (for case checks); `words` are the word spans of `norm.text` ([`super::discover::Words`]).
    pub fn scan(
        &self,
        lx: &Lexicon,
        norm: &Normalized,
        original: &str,
        words: &[Span],
        out: &mut Vec<Hit>,
    ) {
        let Some(trie) = &self.trie else { return };
        let text = norm.text.as_str();
        if self.loose_starts {
            // Patterns that open with a quote or an apostrophe ('Afrin, "Хезболла") start
            // between words, after a character that is not a word character.
            let mut prev_end: Option<usize> = None;
            let gaps = words
                .iter()
                .map(|w| (w.start, w.end))
                .chain(std::iter::once((text.len(), text.len())));
            for (next_start, next_end) in gaps {
                let from = prev_end.unwrap_or(0);
                let gap = text.get(from..next_start).unwrap_or("");
                for (i, c) in gap.char_indices() {
                    // The first character of a gap follows a word.
                    if (i == 0 && prev_end.is_some()) || c.is_whitespace() {
                        continue;
                    }
                    self.hits_at(trie, lx, norm, original, from + i, "", out);
                }
                prev_end = Some(next_end);
            }
        }
        // This thread's remembered walks, borrowed once for the document (a re-entrant call,
        // which nothing makes, would walk every word in full instead).
        let cell = self.walks.get_or_default();
        let mut table = cell.try_borrow_mut().ok();
        for (i, w) in words.iter().enumerate() {
            match table.as_deref_mut() {
                Some(t) => self.word_hits(trie, lx, norm, original, words, i, t, out),
                None => self.hits_at(trie, lx, norm, original, w.start, "", out),
            }
            let (Some(word), Some(pt)) = (text.get(w.start..), &self.proclitic_trie) else {
                continue;
            };
            let first = word.as_bytes().first().copied().unwrap_or(0);
            let may = self
                .proclitic_first
                .get(usize::from(first / 64))
                .is_some_and(|x| x & (1 << (first % 64)) != 0);
            if !may {
                continue;
            }
            for (i, _) in pt.common_prefix_search(word.chars()) {
                if let Some(p) = self.proclitics.get(i as usize) {
                    if w.len() > p.len() {
                        self.hits_at(trie, lx, norm, original, w.start + p.len(), p, out);
                    }
                }
            }
        }
    }

    /// Hits of patterns starting at byte `s`, behind `prefix` (a proclitic chain that opens
    /// the word, or nothing).
    #[allow(clippy::too_many_arguments)]
    fn hits_at(
        &self,
        trie: &Trie,
        lx: &Lexicon,
        norm: &Normalized,
        original: &str,
        s: usize,
        prefix: &str,
        out: &mut Vec<Hit>,
    ) {
        let Some(tail) = norm.text.get(s..) else {
            return;
        };
        for (value, nchars) in trie.common_prefix_search(tail.chars()) {
            let e = s + tail
                .char_indices()
                .nth(nchars)
                .map_or(tail.len(), |(b, _)| b);
            self.on_hit(lx, norm, original, s, prefix, value, e, out);
        }
    }

    /// Hits of patterns starting at the start of word `words[i]`. The walk from there is
    /// remembered by the text it covered when it died within the word, or within the word
    /// and the next one or two (with the gaps between them): such a walk gives the same hits
    /// whatever text follows (see [`WordWalk`]). Walks still alive after three words, and
    /// phrases longer than [`MAX_WALK_WORD`] bytes, are walked in full every time.
    #[allow(clippy::too_many_arguments)]
    fn word_hits(
        &self,
        trie: &Trie,
        lx: &Lexicon,
        norm: &Normalized,
        original: &str,
        words: &[Span],
        i: usize,
        table: &mut KeyMap<WordWalk>,
        out: &mut Vec<Hit>,
    ) {
        let text = norm.text.as_str();
        let Some(&w) = words.get(i) else {
            return;
        };
        for last in words
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take(MAX_WALK_WORDS)
        {
            let Some(phrase) = text.get(w.start..last.end) else {
                break;
            };
            if phrase.len() > MAX_WALK_WORD {
                break;
            }
            let key = word_key(phrase);
            let alive = match table.get(&key) {
                Some(walk) => {
                    if !walk.alive {
                        self.replay(lx, norm, original, w.start, &walk.hits, out);
                        return;
                    }
                    true
                }
                None => {
                    // First sight on this thread: walk the phrase alone, noting whether the
                    // walk outlived it.
                    let walk = walk_within(trie, phrase);
                    let alive = walk.alive;
                    if !alive {
                        self.replay(lx, norm, original, w.start, &walk.hits, out);
                    }
                    if table.len() >= MAX_WALKS {
                        table.clear();
                    }
                    table.insert(key, walk);
                    alive
                }
            };
            if !alive {
                return;
            }
        }
        self.hits_at(trie, lx, norm, original, w.start, "", out);
    }

    /// The hits of a remembered walk from byte `s`.
    fn replay(
        &self,
        lx: &Lexicon,
        norm: &Normalized,
        original: &str,
        s: usize,
        hits: &[(u32, u32)],
        out: &mut Vec<Hit>,
    ) {
        for &(value, len) in hits {
            self.on_hit(lx, norm, original, s, "", value, s + len as usize, out);
        }
    }

    /// One pattern (trie value `value`) matched bytes `s..e`, behind `prefix`: the hits of
    /// its targets that sit on word boundaries as the morphology allows.
    #[allow(clippy::too_many_arguments)]
    fn on_hit(
        &self,
        lx: &Lexicon,
        norm: &Normalized,
        original: &str,
        s: usize,
        prefix: &str,
        value: u32,
        e: usize,
        out: &mut Vec<Hit>,
    ) {
        let text = norm.text.as_str();
        let Some(&(a, b)) = self.ranges.get(value as usize) else {
            return;
        };
        let Some(ts) = self.targets.get(a as usize..b as usize) else {
            return;
        };
        // Only Arabic names may follow something inside their word (a proclitic).
        if !prefix.is_empty() && !ts.iter().any(|t| t.script == Script::Arabic) {
            return;
        }
        // The rest of the word after the match.
        let word_end = word_end(text, e);
        let rest = text.get(e..word_end).unwrap_or("");
        for t in ts {
            if t.flags & EXACT != 0 && !(prefix.is_empty() && rest.is_empty()) {
                continue;
            }
            if !prefix.is_empty() {
                let morph = lx.morph(t.script);
                if !morph.valid_proclitic(prefix, t.flags & ART_STRIPPED != 0) {
                    continue;
                }
            } else if t.flags & ART_STRIPPED != 0 {
                continue;
            }
            let Some(end) = suffix_end(lx, t, text, e, rest) else {
                continue;
            };
            // A one-word name plus a suffix that spells a common word is that word
            // (দোহা + ই is দোহাই, "for the sake of").
            if end > e
                && prefix.is_empty()
                && t.flags & MULTI == 0
                && matches!(t.what, What::Entity(_))
                && text.get(s..end).is_some_and(|w| lx.is_common(w))
            {
                continue;
            }
            if t.flags & (CASED | ACRONYM) != 0 && !case_ok(norm, original, s, e, t.flags) {
                continue;
            }
            out.push(Hit {
                start: s,
                core_end: e,
                end,
                target: *t,
            });
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// End of the word that continues at byte `e` (letters, marks, inner apostrophes), looking
/// no further than 64 bytes past `e`. ASCII bytes are read without decoding.
fn word_end(text: &str, e: usize) -> usize {
    let tail = text.get(e..).unwrap_or("");
    let bytes = tail.as_bytes();
    let mut end = 0;
    while let Some(&b) = bytes.get(end) {
        let len = if b.is_ascii_alphanumeric() || b == b'\'' {
            1
        } else if b < 0x80 {
            break;
        } else {
            match tail.get(end..).and_then(|t| t.chars().next()) {
                Some(c) if is_word_char(c) || is_apostrophe(c) => c.len_utf8(),
                _ => break,
            }
        };
        end += len;
        if end > 64 {
            break;
        }
    }
    e + end
}

/// Where the mention ends if the rest of the word is an allowed suffix chain.
fn suffix_end(lx: &Lexicon, t: &Target, text: &str, e: usize, rest: &str) -> Option<usize> {
    let morph = lx.morph(t.script);
    let check = |r: &str| -> bool {
        if t.flags & ADJ != 0 {
            return morph.adjective.iter().any(|a| a == r);
        }
        if r.is_empty() {
            if t.flags & NEEDS_SUFFIX == 0 {
                return true;
            }
            // A stem may stand alone when it ends like a suffix starts (ليبي from ليبيا).
            let last = text.get(..e).and_then(|h| h.chars().next_back());
            return morph.suffixes.iter().any(|(s, a)| {
                let applies = matches!(a, Applies::Any) || *a == Applies::Kind(EntityType::Gpe);
                applies && t.kind == Some(EntityType::Gpe) && s.chars().next() == last
            });
        }
        morph.valid_suffix(r, t.kind)
    };
    if check(rest) {
        return Some(e + rest.len());
    }
    // A trailing apostrophe closes a quote, it is not part of the word.
    let trimmed = rest.trim_end_matches(is_apostrophe);
    if trimmed.len() != rest.len() && check(trimmed) {
        return Some(e + trimmed.len());
    }
    None
}

fn case_ok(norm: &Normalized, original: &str, s: usize, e: usize, flags: u16) -> bool {
    let span = norm.to_original(khabar_core::Span::new(s, e));
    let surface = span.slice(original);
    if flags & ACRONYM != 0 {
        return letters_upper(surface).1;
    }
    // Some upper-case letter: ASCII without the Unicode tables, and the first one decides.
    surface.chars().any(|c| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            khabar_text::chars::is_alphabetic(c) && c.is_uppercase()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::Kb;
    use khabar_text::normalize::normalize;

    const KB: &str = r#"{"id":"geo:port_said","name":"Port Said","type":"GPE","country":"EGY","aliases":{"en":["Port Said"]}}
{"id":"geo:port_sudan","name":"Port Sudan","type":"GPE","country":"SDN","aliases":{"en":["Port Sudan"]}}
{"id":"geo:portugal","name":"Portugal","type":"GPE","country":"PRT","aliases":{"en":["Portugal"],"bn":["পর্তুগাল"]}}
{"id":"geo:por","name":"Por","type":"GPE","country":"IND","aliases":{"en":["Por"],"bn":["পর্তু"]}}
{"id":"geo:pos","name":"Port of Spain","type":"GPE","country":"TTO","aliases":{"en":["Port of Spain"]}}
{"id":"geo:pmsa","name":"Port Moresby South Annex","type":"GPE","country":"PNG","aliases":{"en":["Port Moresby South Annex"]}}"#;

    fn hits(m: &Matcher, lx: &Lexicon, text: &str) -> Vec<(usize, usize, usize, What)> {
        let norm = normalize(text);
        let words = super::super::discover::Words::of(&norm.text);
        let mut out = Vec::new();
        m.scan(lx, &norm, text, &words, &mut out);
        out.iter()
            .map(|h| (h.start, h.core_end, h.end, h.target.what))
            .collect()
    }

    /// Remembered walks give the hits a fresh walk gives, whatever the word was followed by
    /// when it was first seen: a word that may open a longer name ("Port") is walked again,
    /// one whose walk dies inside it ("Portland", "পর্তুগালের") is answered from memory.
    #[test]
    fn remembered_walks_equal_fresh_ones() {
        let kb = Kb::from_jsonl(KB, "t").expect("kb");
        let lx = Lexicon::builtin().expect("lexicon");
        let texts = [
            "Ships left Port Said for Port Sudan, not Portland or Portugal.",
            "The Port of Spain. Port Sudan and Port Said; Portugal's port.",
            "পর্তুগালের দল পর্তুগাল থেকে এসেছে। Por is a town.",
            "Portland Portugal Port Said Port",
            // Walks alive past one, two and three words ("Port of", "Port Moresby South").
            "Port of Spain, Port of Call, Port of. Port Moresby South Annex and Port Moresby South",
            "Port Moresby South, Port of Spain's harbour; Port Moresby South Annex",
        ];
        for (i, first) in texts.iter().enumerate() {
            // A fresh matcher per text is the reference.
            let cold: Vec<_> = texts
                .iter()
                .map(|t| hits(&Matcher::build(&lx, kb.entries()).expect("matcher"), &lx, t))
                .collect();
            // One matcher that saw `first` (and then every text, twice) before answering.
            let warm = Matcher::build(&lx, kb.entries()).expect("matcher");
            hits(&warm, &lx, first);
            for _ in 0..2 {
                for (t, want) in texts.iter().zip(&cold) {
                    assert_eq!(&hits(&warm, &lx, t), want, "after text {i}: {t}");
                }
            }
        }
        let fresh = Matcher::build(&lx, kb.entries()).expect("matcher");
        let got = hits(&fresh, &lx, texts[0]);
        assert!(
            got.len() >= 3,
            "Port Said, Port Sudan and Portugal are found: {got:?}"
        );
        let got = hits(&fresh, &lx, texts[4]);
        assert!(
            got.iter()
                .any(|h| h.2 - h.0 == "Port Moresby South Annex".len()),
            "a four-word name after a three-word phrase was remembered alive: {got:?}"
        );
    }
}
