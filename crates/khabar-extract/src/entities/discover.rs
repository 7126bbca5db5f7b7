//! Linking beyond the automaton: words the KB matcher did not cover are compared by phonetic
//! key (a surname of a person the document already named, or a KB name written in a spelling
//! the KB lacks), and cues (titles, speech verbs, organization and place words) reveal names
//! the KB does not hold, which get provisional ids `new:<key>` so the same name in another
//! script or document gets the same id.
//!
//! Precision first: only name-like words are considered (capitalized in Latin and Cyrillic; not
//! a common word of the language in Bengali and Arabic), one-word key links need a long key and
//! a well-known entry, and ambiguous keys are skipped. New names are only proposed where a
//! readable English spelling can be given (Latin and Cyrillic text; Arabic names have their own
//! pass, `super::arabic`). Bengali has no capitals: there a run of words is a new person's
//! name when the name-part table (`nameparts.bn.txt`: honorifics, initials, common given and
//! family names) vouches for it, and one or two words before a place word (থানা, উপজেলা,
//! গ্রাম ...) are a new place; their display names are transliterations.
//!
//! In English (Latin script), organizations and places are also read around their head word
//! (`org_tail`, `loc_tail`: "National Disaster Mitigation Agency", "Bank of England", "Strait
//! of Hormuz"): the longest name wins over a KB organization or city inside it ("United
//! Nations Development Programme" is one new organization with the UN's actor code), while a
//! country or demonym before it stays the country's mention. Small towns whose names are also
//! personal names give way to the person next to them ("Kazuo Ueda"), and a place right after
//! a title is a given name ("leader Jordan Bardella"). It does not guess types it has no cue
//! for: a lone capitalized word with no cue is left unlinked, a sports club named like its
//! city stays the city.

use super::lexicon::{is_word_char, Applies, CueKind, NamePart, Script};
use super::matcher::{Hit, What};
use super::Occupied;
use super::{
    push_known, script_of, translit, EntityLinker, KeyClass, MIN_KEY_SINGLE, MIN_POP_KEY_LINK,
};
use crate::fast::{HashMap, HashSet};
use khabar_core::{Entity, EntityType, Span};
use khabar_text::normalize::Normalized;
use std::cell::Cell;

/// The words of a normalized text (runs of word characters; hyphens and apostrophes split),
/// with per-word facts every discovery pass asks: the script of the first letter, whether the
/// word has two characters or more and whether all of them are digits, computed in the one
/// pass that finds the words; capitalization (in the original text) and [`Words::name_like`] are
/// computed on first use and kept, since several passes ask them of the same word. Derefs to
/// the word spans.
pub(crate) struct Words {
    spans: Vec<Span>,
    facts: Vec<Facts>,
    /// Lazily computed bits per word (see `CAP_*` and `LIKE_*`).
    lazy: Vec<Cell<u8>>,
}

#[derive(Clone, Copy)]
struct Facts {
    script: Script,
    /// Two characters or more, not all of them numeric.
    wordy: bool,
}

const CAP_KNOWN: u8 = 1;
const CAP: u8 = 2;
const LIKE_KNOWN: u8 = 4;
const LIKE: u8 = 8;

impl std::ops::Deref for Words {
    type Target = [Span];

    fn deref(&self) -> &[Span] {
        &self.spans
    }
}

impl Words {
    /// The words of `text`, a normalized text.
    pub(crate) fn of(text: &str) -> Words {
        let mut spans = Vec::with_capacity(text.len() / 6 + 1);
        let mut facts = Vec::with_capacity(text.len() / 6 + 1);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Skip to the next word character.
            let Some((c, len)) = char_at(text, i) else {
                break;
            };
            if !is_word_char(c) {
                i += len;
                continue;
            }
            // A word: its first script, up to two characters counted, all digits so far.
            let start = i;
            let mut script = Script::of_char(c);
            let mut n = 1u8;
            let mut numeric = is_digit(c);
            i += len;
            while let Some((c, len)) = char_at(text, i) {
                if !is_word_char(c) {
                    break;
                }
                if script == Script::Other {
                    script = Script::of_char(c);
                }
                n = 2;
                numeric = numeric && is_digit(c);
                i += len;
                if script != Script::Other && !numeric {
                    // Every fact is settled: only the end of the word is left to find.
                    i = word_end_from(bytes, i, text);
                    break;
                }
            }
            spans.push(Span::new(start, i));
            facts.push(Facts {
                script,
                wordy: n >= 2 && !numeric,
            });
        }
        let lazy = vec![Cell::new(0); spans.len()];
        Words { spans, facts, lazy }
    }

    /// Script of the first letter of word `i`.
    pub(crate) fn script(&self, i: usize) -> Script {
        self.facts.get(i).map_or(Script::Other, |f| f.script)
    }

    /// Whether word `i` starts with a capital letter in the original text.
    pub(crate) fn capital(&self, i: usize, norm: &Normalized, original: &str) -> bool {
        let Some(cell) = self.lazy.get(i) else {
            return false;
        };
        let bits = cell.get();
        if bits & CAP_KNOWN != 0 {
            return bits & CAP != 0;
        }
        let cap = self.spans.get(i).is_some_and(|w| {
            // The first character of the word's original span: read at the start offset when
            // the span is surely not empty (the end offset lies past it), else the long way.
            let start = norm.original_offset(w.start);
            let first = if norm.original_offset(w.end) > start {
                original.get(start..).and_then(|t| t.chars().next())
            } else {
                norm.to_original(*w).slice(original).chars().next()
            };
            first.is_some_and(|c| c.is_uppercase())
        });
        cell.set(bits | CAP_KNOWN | if cap { CAP } else { 0 });
        cap
    }

    /// Whether word `i` looks like (part of) a name: two characters or more, not a number;
    /// capitalized and not a common word in Latin and Cyrillic; free of common words (whole
    /// or stemmed) in Bengali, Arabic and Devanagari.
    pub(crate) fn name_like(
        &self,
        l: &EntityLinker,
        norm: &Normalized,
        original: &str,
        i: usize,
    ) -> bool {
        let (Some(cell), Some(f), Some(w)) =
            (self.lazy.get(i), self.facts.get(i), self.spans.get(i))
        else {
            return false;
        };
        let bits = cell.get();
        if bits & LIKE_KNOWN != 0 {
            return bits & LIKE != 0;
        }
        let like = f.wordy && {
            let word = w.slice(&norm.text);
            match f.script {
                Script::Latin | Script::Cyrillic => {
                    self.capital(i, norm, original) && !l.lx.is_common(word)
                }
                Script::Bengali | Script::Arabic | Script::Devanagari => l.memo.plain(word, || {
                    !l.lx.is_common(word) && !stems(l, word).any(|(_, s)| l.lx.is_common(s))
                }),
                Script::Other => false,
            }
        };
        let bits = cell.get();
        cell.set(bits | LIKE_KNOWN | if like { LIKE } else { 0 });
        like
    }
}

/// The character starting at byte `i` of `text` (a character boundary) and its length,
/// decoded from the bytes without re-validating them: `text` is a `str`, so they are UTF-8.
#[inline(always)]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = text.as_bytes();
    let b0 = *b.get(i)?;
    if b0 < 0x80 {
        return Some((b0 as char, 1));
    }
    let cont = |k: usize| b.get(i + k).map(|x| u32::from(x & 0x3F));
    let (c, n) = if b0 < 0xE0 {
        ((u32::from(b0 & 0x1F) << 6) | cont(1)?, 2)
    } else if b0 < 0xF0 {
        ((u32::from(b0 & 0x0F) << 12) | (cont(1)? << 6) | cont(2)?, 3)
    } else {
        (
            (u32::from(b0 & 0x07) << 18) | (cont(1)? << 12) | (cont(2)? << 6) | cont(3)?,
            4,
        )
    };
    Some((char::from_u32(c)?, n))
}

/// The end of the word that continues at byte `i` (a character boundary): whole runs of
/// ASCII letters and digits, Cyrillic, Bengali and Arabic letters are skipped byte-wise; any
/// other character goes through [`is_word_char`].
#[inline(always)]
fn word_end_from(b: &[u8], mut i: usize, text: &str) -> usize {
    while let Some(&b0) = b.get(i) {
        match b0 {
            b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => i += 1,
            0..=0x7F => break,
            // U+0400..U+047F (Cyrillic).
            0xD0 | 0xD1 => i += 2,
            // Bengali: U+0980..U+09BF, and U+09C0..U+09EF (vowel signs, virama, digits).
            0xE0 if b.get(i + 1) == Some(&0xA6) => i += 3,
            0xE0 if b.get(i + 1) == Some(&0xA7) && b.get(i + 2).is_some_and(|x| *x <= 0xAF) => {
                i += 3
            }
            // Arabic: U+0620..U+063F, U+0640..U+067F but for the signs U+066A..U+066D,
            // U+0680..U+06BF.
            0xD8 if b.get(i + 1).is_some_and(|x| *x >= 0xA0) => i += 2,
            0xD9 if b.get(i + 1).is_some_and(|x| !(0xAA..=0xAD).contains(x)) => i += 2,
            0xDA => i += 2,
            _ => match char_at(text, i) {
                Some((c, len)) if is_word_char(c) => i += len,
                _ => break,
            },
        }
    }
    i
}

/// `char::is_numeric`, without the table lookup for the digits and letters of the scripts
/// news is mostly written in.
#[inline(always)]
fn is_digit(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 | 0x09E6..=0x09EF | 0x0660..=0x0669 | 0x06F0..=0x06F9 => true,
        0..=0x7F | 0x0400..=0x04FF | 0x0980..=0x09E5 | 0x0620..=0x065F => false,
        _ => c.is_numeric(),
    }
}

pub(super) fn is_covered(covered: &Occupied, w: Span) -> bool {
    covered.overlaps(w)
}

/// Candidate stems of a word: (byte offset of the stem in the word, stem), the whole word
/// first, then with a proclitic removed and/or a suffix chain removed. Remembered per thread
/// (see [`super::memo`]).
fn stems<'w>(l: &EntityLinker, word: &'w str) -> Stems<'w> {
    let spans = l.memo.stems(word, || {
        compute_stems(l, word)
            .into_iter()
            .map(|(o, s)| (o as u32, s.len() as u32))
            .collect()
    });
    Stems {
        word,
        spans,
        next: 0,
    }
}

/// The stems of one word, as [`stems`] gives them.
struct Stems<'w> {
    word: &'w str,
    spans: super::memo::StemSpans,
    next: usize,
}

impl<'w> Iterator for Stems<'w> {
    type Item = (usize, &'w str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let &(o, n) = self.spans.get(self.next)?;
            self.next += 1;
            let (o, n) = (o as usize, n as usize);
            if let Some(s) = self.word.get(o..o + n) {
                return Some((o, s));
            }
        }
    }
}

fn compute_stems<'w>(l: &EntityLinker, word: &'w str) -> Vec<(usize, &'w str)> {
    let script = script_of(word);
    let morph = l.lx.morph(script);
    let mut out = vec![(0, word)];
    let mut prefixes: [usize; 4] = [0; 4];
    let mut np = 1;
    for (p, _) in &morph.proclitics {
        if np < prefixes.len() && word.starts_with(p.as_str()) && word.len() > p.len() + 2 {
            if let Some(x) = prefixes.get_mut(np) {
                *x = p.len();
            }
            np += 1;
        }
    }
    for &p in prefixes.iter().take(np) {
        let Some(body) = word.get(p..) else { continue };
        if p > 0 {
            out.push((p, body));
        }
        // Only the last few characters can be suffixes.
        let max = morph.max_suffix * 3;
        for (k, _) in body.char_indices().skip(2) {
            if body.len() - k > max {
                continue;
            }
            let (stem, rest) = body.split_at(k);
            if morph.valid_suffix(rest, None) {
                out.push((p, stem));
            }
        }
    }
    out
}

/// `f` of the phonetic key of a normalized token, remembered per thread.
fn with_token_key<R>(l: &EntityLinker, s: &str, f: impl FnOnce(&str) -> R) -> R {
    l.memo.key_with(s, || translit::norm_token_key(&l.lx, s), f)
}

fn key_len(k: &str) -> usize {
    k.bytes().filter(|b| *b != b' ').count()
}

impl EntityLinker {
    /// A KB entry for a phonetic key, if one stands out: the only acceptable one, or the only
    /// one the document already names. One-word names (`single`: the word as written) must
    /// pass stricter checks: an entry the document already names; or a place whose country the
    /// document names, with the vowel-aware key equal too (the consonant skeleton alone for
    /// Arabic, which does not write short vowels); or a long key of a well-known entry.
    fn entry_for_key(
        &self,
        key: &str,
        single: Option<&str>,
        out: &HashMap<String, Entity>,
        named: impl Fn(u32) -> bool,
    ) -> Option<u32> {
        let cands = self.keys.get(key)?;
        let long = key_len(key) >= MIN_KEY_SINGLE;
        let ok = |i: u32| {
            let Some(word) = single else {
                // A discovered name keyed whole. One word keyed to a place known by name
                // alone (no population: a province, a region) is too weak a guess unless the
                // document names that place ("জালশুকা" is no Mexican state).
                let weak_place = !key.contains(' ')
                    && self.entry(i).is_some_and(|e| {
                        matches!(e.kind, EntityType::Gpe | EntityType::Loc)
                            && e.country.as_deref() != Some(e.id.as_str())
                            && e.population.unwrap_or(0) == 0
                    });
                return !weak_place || named(i);
            };
            // One word in a script that writes its vowels, keyed to a country or a place the
            // document names: the vowels must agree too ("Morgan" shares the skeleton `mrkn`
            // of "American", not its vowels).
            let place = self
                .entry(i)
                .is_some_and(|e| matches!(e.kind, EntityType::Gpe | EntityType::Loc));
            let country = matches!(self.key_class.get(i as usize), Some(KeyClass::LongKey));
            if place
                && (country || named(i))
                && script_of(word).has_case()
                && !self.has_vkey(i as usize, &translit::token_vkey(&self.lx, word))
            {
                return false;
            }
            if named(i) {
                return true;
            }
            match self.key_class.get(i as usize) {
                Some(KeyClass::LongKey) => long,
                Some(KeyClass::Never) | None => false,
                Some(KeyClass::Place) => {
                    let Some(e) = self.entry(i) else {
                        return false;
                    };
                    let in_doc = e.country.as_deref().is_some_and(|c| out.contains_key(c));
                    // Only a place with a population (a city) is worth the guess: a region or
                    // province is known by its names alone ("الماراثون" is no Georgian
                    // province, "ছায়াবীথি" no Argentine one).
                    let (pop, _) = self.prominence(i);
                    if !in_doc || key_len(key) < 3 || pop == 0 {
                        return false;
                    }
                    if script_of(word) == Script::Arabic {
                        // A feminine or plural ending marks an Arabic noun ("بعرقلة" by
                        // obstructing, "المفاوضات"): foreign places are not written so.
                        return key_len(key) >= 4
                            && !word.ends_with(['ة', 'ه'])
                            && !word.ends_with("ات")
                            && !arabic_verbal_noun(word);
                    }
                    let vk = translit::token_vkey(&self.lx, word);
                    self.has_vkey(i as usize, &vk) || (long && pop >= MIN_POP_KEY_LINK)
                }
            }
        };
        // The only acceptable candidate; among several, the only one the document names.
        let (mut good, mut first) = (0usize, None);
        let (mut in_doc, mut named_one) = (0usize, None);
        for &i in cands {
            if self.entry(i).is_none() || !ok(i) {
                continue;
            }
            good += 1;
            first = first.or(Some(i));
            if named(i) {
                in_doc += 1;
                named_one = Some(i);
            }
            if good >= 2 && in_doc >= 2 {
                return None;
            }
        }
        match (good, in_doc) {
            (0, _) => None,
            (1, _) => first,
            (_, 1) => named_one,
            _ => None,
        }
    }
}

/// Surname keys of the persons already linked: key -> entity id (keys two persons share are
/// dropped); and, for Latin or Cyrillic surnames whose key is too short to be told apart
/// ("Khan", "Lai"), the surname as written (normalized) -> entity id.
type SurnameMaps = (HashMap<String, String>, HashMap<String, String>);

fn surname_keys(l: &EntityLinker, out: &HashMap<String, Entity>) -> SurnameMaps {
    let mut map: HashMap<String, Option<String>> = HashMap::default();
    let mut exact: HashMap<String, Option<String>> = HashMap::default();
    let mut add = |k: String, id: &str| {
        if key_len(&k) < 3 {
            return;
        }
        let slot = map.entry(k).or_insert_with(|| Some(id.to_string()));
        if slot.as_deref() != Some(id) {
            *slot = None;
        }
    };
    for e in out.values().filter(|e| e.kind == EntityType::Per) {
        let at = l.kb.position(&e.id);
        // A KB entry's own keys hold its canonical name's surname (and adding a key twice
        // for one id changes nothing), so only other names are keyed here.
        let own_name = at
            .and_then(|i| l.kb.entries().get(i))
            .is_some_and(|k| k.name == e.name);
        let mut short = false;
        if !own_name {
            if let Some(last) = translit::tokens(&e.name).last() {
                let k = translit::token_key(&l.lx, last);
                short = key_len(&k) < 3;
                add(k, &e.id);
            }
        }
        if let Some(i) = at {
            for k in l.surname_keys_of(i) {
                short |= key_len(k) < 3;
                add(k.clone(), &e.id);
            }
        }
        // Too short a key: the surname as written.
        let last = translit::tokens(&e.name).last().filter(|_| short);
        if let Some(last) = last.filter(|t| Script::of_str(t).has_case() && t.chars().count() >= 3)
        {
            let slot = exact
                .entry(khabar_text::normalize::normalize_str(last))
                .or_insert_with(|| Some(e.id.clone()));
            if slot.as_deref() != Some(e.id.as_str()) {
                *slot = None;
            }
        }
    }
    let keep = |m: HashMap<String, Option<String>>| -> HashMap<String, String> {
        m.into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect()
    };
    (keep(map), keep(exact))
}

/// Surname coreference and KB links by phonetic key, over uncovered name-like words.
pub(crate) fn by_key(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let cand: Vec<Span> = covered
        .free_of(words)
        .filter(|&(i, _)| words.name_like(l, norm, original, i))
        .map(|(_, w)| w)
        .collect();
    // Runs of adjacent candidate words (separated by spaces or a hyphen only), as ranges of
    // `cand`.
    let mut bounds: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, w) in cand.iter().enumerate() {
        let joined = i > 0
            && cand.get(i - 1).is_some_and(|p| {
                text.get(p.end..w.start)
                    .is_some_and(|g| g.len() <= 3 && g.bytes().all(|c| c == b' ' || c == b'-'))
            });
        match bounds.last_mut() {
            Some(r) if joined => r.end = i + 1,
            _ => bounds.push(i..i + 1),
        }
    }
    // KB names written in a spelling the KB lacks, longest run first.
    let mut key = String::new();
    let keyed = StemKeys::of(l, text, &cand);
    // The KB entries the document names so far, by index.
    let mut named: HashSet<u32> = out
        .keys()
        .filter_map(|id| l.kb.position(id))
        .map(|i| i as u32)
        .collect();
    for r in &bounds {
        let Some(run) = cand.get(r.clone()) else {
            continue;
        };
        let mut i = 0;
        while i < run.len() {
            let mut step = 1;
            for n in (1..=3.min(run.len() - i)).rev() {
                let Some(ws) = run.get(i..i + n) else {
                    continue;
                };
                let is_named = |i: u32| named.contains(&i);
                // A name that goes on past a hyphen ("Lai Ching-te") is not this KB name.
                let cut = ws.last().is_some_and(|w| {
                    text.as_bytes().get(w.end) == Some(&b'-')
                        && text
                            .get(w.end + 1..)
                            .and_then(|r| r.chars().next())
                            .is_some_and(is_word_char)
                        && script_of(w.slice(text)).has_case()
                });
                let found = if cut {
                    None
                } else {
                    link_run(l, &keyed, r.start + i, ws, out, &is_named, &mut key)
                };
                if let Some((e, span)) = found {
                    if let Some(entry) = l.entry(e) {
                        push_known(out, entry, span);
                        named.insert(e);
                        covered.insert(span);
                    }
                    step = n;
                    break;
                }
            }
            i += step;
        }
    }
    // Surnames of persons named in full elsewhere in the document.
    let (surnames, exact) = surname_keys(l, out);
    if surnames.is_empty() && exact.is_empty() {
        return;
    }
    // A word glued to another by a hyphen is part of a longer name ("Ching" in "Lai
    // Ching-te"), not a surname of its own.
    let glued = |w: &Span| {
        let b = text.as_bytes();
        b.get(w.end) == Some(&b'-') || w.start.checked_sub(1).and_then(|i| b.get(i)) == Some(&b'-')
    };
    for r in &bounds {
        for (j, w) in cand.get(r.clone()).unwrap_or_default().iter().enumerate() {
            if is_covered(covered, *w) || glued(w) {
                continue;
            }
            for (off, stem, k) in keyed.of_word(r.start + j) {
                let found = match exact.is_empty() {
                    true => None,
                    false => exact.get(*stem),
                }
                .or_else(|| surnames.get(keyed.key(*k)));
                if let Some(id) = found {
                    let span = Span::new(w.start + off, w.end);
                    if let Some(e) = out.get_mut(id) {
                        e.mentions.push(span);
                        covered.insert(span);
                    }
                    break;
                }
            }
        }
    }
}

/// Surnames of persons found after [`by_key`] ran (new names): a later one-word mention of
/// the last name links to the person ("Linda Harwell ... Harwell said").
pub(crate) fn late_surnames(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let mut surnames: HashMap<String, Option<String>> = HashMap::default();
    // Surnames whose key is too short to be told apart ("Bailey", "Lai"), in Latin or
    // Cyrillic letters: matched as written (normalized) instead.
    let mut exact: HashMap<String, Option<String>> = HashMap::default();
    for e in out
        .values()
        .filter(|e| e.kind == EntityType::Per && !e.known)
    {
        let Some(last) = translit::tokens(&e.name).last() else {
            continue;
        };
        if translit::tokens(&e.name).count() < 2 {
            continue;
        }
        let k = translit::token_key(&l.lx, last);
        let (map, k) = if key_len(&k) >= 3 {
            (&mut surnames, k)
        } else if Script::of_str(last).has_case() && last.chars().count() >= 3 {
            (&mut exact, khabar_text::normalize::normalize_str(last))
        } else {
            continue;
        };
        let slot = map.entry(k).or_insert_with(|| Some(e.id.clone()));
        if slot.as_deref() != Some(e.id.as_str()) {
            *slot = None;
        }
    }
    if surnames.is_empty() && exact.is_empty() {
        return;
    }
    let glued = |w: &Span| {
        let b = text.as_bytes();
        b.get(w.end) == Some(&b'-') || w.start.checked_sub(1).and_then(|i| b.get(i)) == Some(&b'-')
    };
    for (i, w) in words.iter().enumerate() {
        if is_covered(covered, *w) || glued(w) || !words.name_like(l, norm, original, i) {
            continue;
        }
        let word = w.slice(text);
        for (off, stem) in stems(l, word) {
            let found = match exact.get(stem) {
                Some(Some(id)) => Some(id),
                _ if surnames.is_empty() => None,
                _ => with_token_key(l, stem, |k| surnames.get(k).and_then(|v| v.as_ref())),
            };
            if let Some(id) = found {
                let span = Span::new(w.start + off, w.end);
                if let Some(e) = out.get_mut(id) {
                    e.mentions.push(span);
                    covered.insert(span);
                }
                break;
            }
        }
    }
}

/// Names in scripts with capitals that no cue announced: runs of capitalized words that are
/// not common words ("Northgate Logistics", "Elm Grove"), joined by the particles of names
/// (of, de, al, bin, van ...). A run of one word needs a place preposition before it ("in
/// Dayton"); a run that opens a sentence needs two words. Lines written in Title Case
/// (headlines) are skipped. Typed as an organization when its last word is an organization
/// word, a place after a place preposition, else a person.
pub(crate) fn cased_names(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    clubs_named_after_places(l, norm, original, words, out, covered);
    places_in_person_names(l, norm, original, words, out, covered);
    given_names_before_persons(l, norm, original, words, out, covered);
    inflected_given_names(l, norm, original, words, out, covered);
    let text = norm.text.as_str();
    let cased = |i: usize| words.script(i).has_case();
    let capital = |i: usize| words.capital(i, norm, original);
    let name_like = |i: usize| words.name_like(l, norm, original, i);
    let mut line_stats: HashMap<usize, (usize, usize, usize)> = HashMap::default();
    let mut i = 0;
    while i < words.len() {
        let Some(w0) = words.get(i) else { break };
        if !cased(i) || !capital(i) || is_covered(covered, *w0) || !name_like(i) {
            i += 1;
            continue;
        }
        // Grow the run: capitalized name-like words, particles between them.
        let mut run: Vec<Span> = vec![*w0];
        let mut j = i + 1;
        while let Some(w) = words.get(j) {
            let Some(prev) = run.last() else { break };
            let gap = text.get(prev.end..w.start).unwrap_or("x");
            // After an initial ("John F. Kennedy") the gap holds its dot.
            let after_initial = gap == ". " && is_initial(text, *prev);
            if !(gap == " " || gap == "-" || after_initial) || is_covered(covered, *w) {
                break;
            }
            let word = w.slice(text);
            if capital(j) && name_like(j) {
                run.push(*w);
                j += 1;
                continue;
            }
            // Whether a capitalized, uncovered, name-like word follows word `j` after `gap`.
            let name_follows = |gap: &str| {
                words.get(j + 1).is_some_and(|n| {
                    text.get(w.end..n.start) == Some(gap)
                        && capital(j + 1)
                        && !is_covered(covered, *n)
                        && name_like(j + 1)
                })
            };
            // An initial, when a capitalized name-like word follows it.
            if capital(j) && is_initial(text, *w) && name_follows(". ") {
                run.push(*w);
                j += 1;
                continue;
            }
            // A particle, when a capitalized name-like word follows it.
            let particle = translit::is_particle(&l.lx, word) || l.lx.name_particles.contains(word);
            if particle && name_follows(" ") {
                run.push(*w);
                j += 1;
                continue;
            }
            break;
        }
        let i_first = i;
        i = j;
        if run.len() > 5 {
            continue;
        }
        let (Some(first), Some(last)) = (run.first().copied(), run.last().copied()) else {
            continue;
        };
        // The line around the run: skip Title Case lines (headlines, menus).
        let line_start = text
            .get(..first.start)
            .and_then(|h| h.rfind('\n'))
            .map_or(0, |p| p + 1);
        let line_end = text
            .get(last.end..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |p| last.end + p);
        // Words of the line, counted once per line: a binary search for its first word, then
        // a walk to its end.
        let (n_cased, caps, upper) = *line_stats.entry(line_start).or_insert_with(|| {
            let from = words.partition_point(|w| w.start < line_start);
            let (mut n, mut c, mut u) = (0usize, 0usize, 0usize);
            for (k, w) in words.get(from..).unwrap_or_default().iter().enumerate() {
                if w.end > line_end {
                    break;
                }
                if cased(from + k) {
                    n += 1;
                    if capital(from + k) {
                        c += 1;
                        u += usize::from(all_caps(norm, original, *w));
                    }
                }
            }
            (n, c, u)
        });
        // An all-capitals line ("LEEDS HOLD CHELSEA TO A DRAW."): capitals say nothing about
        // names there, whatever its end; only KB names are taken from it.
        if n_cased >= 3 && upper * 10 >= n_cased * 8 {
            continue;
        }
        // A headline or menu: mostly capitals and no sentence end. A one-sentence paragraph
        // full of names ("On Monday Mayor Linda Harwell met ...") ends like a sentence.
        let ends_sentence = text
            .get(line_start..line_end)
            .and_then(|l| l.trim_end().chars().next_back())
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | '"' | '”' | '»' | ')'));
        if n_cased >= 4 && caps * 10 >= n_cased * 6 && !ends_sentence {
            continue;
        }
        let before = text.get(..first.start).unwrap_or("");
        let prev_char = before.trim_end_matches([' ', '\t']).chars().next_back();
        let starts_sentence = prev_char.is_none_or(|c| {
            matches!(
                c,
                '.' | '!' | '?' | ':' | '"' | '\'' | '“' | '‘' | '«' | '(' | '\n' | '—' | '-'
            )
        });
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| !is_word_char(c))
            .next()
            .unwrap_or("");
        // After "from" or "to" only one word is surely a place ("goals from Mohamed Salah").
        let place_prep = l.lx.place_preps.contains(prev_word)
            && (run.len() == 1 || !l.lx.weak_place_preps.contains(prev_word));
        let last_word = last.slice(text);
        let org = l.lx.is_cue(last_word, CueKind::OrgTail);
        // A name before a title is who the titled person works for ("Goldman Sachs economist
        // Jan Hatzius", "Siemens chief executive").
        let next_word = text
            .get(last.end..)
            .unwrap_or("")
            .trim_start_matches(' ')
            .split(|c: char| !is_word_char(c))
            .next()
            .unwrap_or("");
        let employer = !next_word.is_empty() && l.lx.is_cue(next_word, CueKind::Title);
        // A single word needs to stand alone for that: not after another capitalized word
        // ("Senate Majority Leader").
        let alone = {
            let k = words.partition_point(|w| w.end <= first.start);
            !k.checked_sub(1).is_some_and(|p| {
                words
                    .get(p)
                    .is_some_and(|pw| text.get(pw.end..first.start) == Some(" "))
                    && capital(p)
            })
        };
        if run.len() == 1 && !place_prep && !(employer && !starts_sentence && alone) {
            continue;
        }
        if starts_sentence {
            // A capital there proves nothing: a sentence-initial run needs two words and
            // something more: an apposition or speech verb after it ("Tom Becker, a
            // spokesman", "Tom Becker said"), or the same words again elsewhere.
            let run_text = text.get(first.start..last.end).unwrap_or("");
            let after = text.get(last.end..).unwrap_or("").trim_start();
            let next_word = after.split(|c: char| !is_word_char(c)).next().unwrap_or("");
            let speech = l.lx.is_cue(next_word, CueKind::SpeechAfter);
            // Within 20 kB either side (bounded, so long texts stay linear).
            let (lo, hi) = window(text, first.start, last.end, 20_000);
            // The same words again.
            let again = || {
                text.get(lo..hi)
                    .is_some_and(|win| win.matches(run_text).nth(1).is_some())
            };
            // The last word again elsewhere, always capitalized: a surname the story
            // repeats ("Steffi Graf beat ... Graf said"), not a common word.
            let last_again = || {
                let word = last.slice(text);
                if word.chars().count() < 4 {
                    return false;
                }
                let mut capitalized = false;
                for (pos, _) in text.get(lo..hi).unwrap_or("").match_indices(word) {
                    let pos = lo + pos;
                    if pos == last.start {
                        continue;
                    }
                    let k = words.partition_point(|w| w.start < pos);
                    if words
                        .get(k)
                        .is_some_and(|w| w.start == pos && w.end == pos + word.len())
                    {
                        if !words.capital(k, norm, original) {
                            return false;
                        }
                        capitalized = true;
                    }
                }
                capitalized
            };
            let given = l.lx.given_names.contains(first.slice(text));
            if run.len() < 2
                || !(run.len() >= 3
                    || after.starts_with(',')
                    || speech
                    || employer
                    || given
                    || again()
                    || last_again())
            {
                continue;
            }
        }
        // A run opening with a common given name is a person ("from Mohamed Salah").
        let given = run.len() >= 2 && l.lx.given_names.contains(first.slice(text));
        let etype = if org || employer {
            EntityType::Org
        } else if given {
            EntityType::Per
        } else if place_prep && run.len() <= 2 {
            EntityType::Gpe
        } else if run.len() <= 3 {
            EntityType::Per
        } else {
            EntityType::Org
        };
        let span = Span::new(first.start, last.end);
        let script = words.script(i_first);
        push_new(l, norm, original, span, etype, script, out, covered);
    }
}

/// The byte range from `reach` bytes before `start` to `reach` bytes after `end` in `text`,
/// widened to character boundaries.
fn window(text: &str, start: usize, end: usize, reach: usize) -> (usize, usize) {
    let mut lo = start.saturating_sub(reach);
    while lo > 0 && !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = end.saturating_add(reach).min(text.len());
    while hi < text.len() && !text.is_char_boundary(hi) {
        hi += 1;
    }
    (lo, hi)
}

/// Whether an Arabic word has the shape of a derived verbal noun: alef, then five or six
/// letters of which the one before last is alef (افتعال "احتلال", انفعال "انسحاب", استفعال
/// "استئناف"). Foreign place names written so are rare; such nouns are common.
fn arabic_verbal_noun(word: &str) -> bool {
    let w = word.strip_prefix("ال").unwrap_or(word);
    let cs: Vec<char> = w.chars().collect();
    matches!(cs.len(), 6 | 7)
        && matches!(cs.first(), Some('ا' | 'إ' | 'أ'))
        && cs.len().checked_sub(2).and_then(|i| cs.get(i)) == Some(&'ا')
        && !matches!(cs.last(), Some('ا' | 'ه' | 'ة' | 'ي'))
}

/// Whether normalized word `w` is one letter followed by a dot (an initial: "F.").
fn is_initial(text: &str, w: Span) -> bool {
    w.slice(text).chars().count() == 1
        && w.slice(text).chars().all(char::is_alphabetic)
        && text.as_bytes().get(w.end) == Some(&b'.')
}

/// Given names and initials written before a KB person's name ("John F. [Kerry]") are part of
/// the mention, when the first of them is the first word of the person's canonical name.
fn given_names_before_persons(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let mut grow: Vec<(String, Span, Span)> = Vec::new();
    // Another person of the same surname ("Hunter Biden", "Algoney Hamdan Dagalo"): the KB
    // person's mention and the names before it.
    let mut relatives: Vec<(Span, Span)> = Vec::new();
    for e in out
        .values()
        .filter(|e| e.known && e.kind == EntityType::Per)
    {
        for m in &e.mentions {
            let mut k = words.partition_point(|w| w.end <= m.start);
            let mut start = m.start;
            let mut n = 0;
            while k > 0 && n < 3 {
                let Some(w) = words.get(k - 1) else { break };
                let gap = text.get(w.end..start).unwrap_or("x");
                let initial = gap == ". " && is_initial(text, *w);
                if !(gap == " " || initial)
                    || is_covered(covered, *w)
                    || !words.capital(k - 1, norm, original)
                    || !(initial || words.name_like(l, norm, original, k - 1))
                {
                    break;
                }
                start = w.start;
                n += 1;
                k -= 1;
            }
            if n == 0 {
                continue;
            }
            let first = Span::new(start, words.get(k).map_or(start, |w| w.end)).slice(text);
            let given = translit::tokens(&e.name)
                .next()
                .is_some_and(|g| khabar_text::normalize::normalize_str(g) == first);
            if given {
                grow.push((e.id.clone(), *m, Span::new(start, m.end)));
            } else if is_relative(l, words, text, e, *m, start, k, n) {
                relatives.push((*m, Span::new(start, m.end)));
            }
        }
    }
    for (id, old, new) in grow {
        widen_mention(out, covered, &id, old, new);
    }
    for (old, new) in relatives {
        remove_mention(out, old);
        push_new(
            l,
            norm,
            original,
            new,
            EntityType::Per,
            Script::Latin,
            out,
            covered,
        );
    }
}

/// Whether the `n` capitalized words from word `k` (at byte `start`) before KB person `e`'s
/// one-word mention `m` name someone else of that surname: Latin script, no title or common
/// word among them, none of them a word of the person's own English names, and one word only
/// when it is a known given name ("Hunter Biden", not "Bibi Netanyahu").
#[allow(clippy::too_many_arguments)]
fn is_relative(
    l: &EntityLinker,
    words: &Words,
    text: &str,
    e: &Entity,
    m: Span,
    start: usize,
    k: usize,
    n: usize,
) -> bool {
    let one_word = words
        .get(words.partition_point(|w| w.start < m.start))
        .is_some_and(|w| w.start == m.start && w.end == m.end);
    if !one_word || words.script(k) != Script::Latin {
        return false;
    }
    let run = words.get(k..k + n).unwrap_or_default();
    if run.len() != n || run.iter().any(|w| is_initial(text, *w)) {
        return false;
    }
    let own = |w: &str| {
        l.kb.get(&e.id).is_some_and(|entry| {
            entry
                .names()
                .filter(|(lang, _)| *lang == "en")
                .any(|(_, name)| {
                    translit::tokens(name).any(|t| khabar_text::normalize::normalize_str(t) == w)
                })
        })
    };
    let plain = run.iter().all(|w| {
        let word = w.slice(text);
        !l.lx.is_cue(word, CueKind::Title) && !l.lx.is_common(word)
    });
    let first = Span::new(start, run.first().map_or(start, |w| w.end)).slice(text);
    // At a sentence's start one capitalized word proves nothing unless it is a given name.
    let opens_sentence = text
        .get(..start)
        .unwrap_or("")
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '«' | '\n'));
    plain && !own(first) && (n >= 2 || l.lx.given_names.contains(first) || !opens_sentence)
}

/// Entity `id`'s mention `old` becomes `new` (which holds it), and `new` is covered.
fn widen_mention(
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
    id: &str,
    old: Span,
    new: Span,
) {
    if let Some(e) = out.get_mut(id) {
        for m in e.mentions.iter_mut().filter(|m| **m == old) {
            *m = new;
        }
        covered.insert(new);
    }
}

/// In languages that inflect every word of a name (Russian: "с Сергеем Лавровым", "Владимиру
/// Путину"), a KB person's surname is matched with its case ending but the given name before
/// it is not part of any alias. The capitalized word right before a KB person's mention joins
/// the mention when it is the first word of one of the person's aliases in that script with
/// one case ending of the language's morphology (after the alias's final stem letter, if
/// any). A town spelled like the given name ("Владимир") gives way: its one-word mention there
/// goes.
fn inflected_given_names(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let morph = l.lx.morph(Script::Cyrillic);
    let one_ending = |rest: &str| {
        morph
            .suffixes
            .iter()
            .any(|(s, a)| s == rest && matches!(a, Applies::Any | Applies::Kind(EntityType::Per)))
    };
    // Whether normalized word `w` is the given name `g` (normalized), inflected or not.
    let inflects = |w: &str, g: &str| {
        if w == g {
            return true;
        }
        let bare = std::iter::once(g).chain(morph.stems.iter().filter_map(|(st, a)| {
            matches!(a, Applies::Any | Applies::Kind(EntityType::Per))
                .then(|| g.strip_suffix(st.as_str()))
                .flatten()
        }));
        bare.filter(|b| !b.is_empty()).any(|b| {
            w.strip_prefix(b)
                .is_some_and(|r| !r.is_empty() && one_ending(r))
        })
    };
    // (person id, old mention, new mention, place mention to drop).
    let mut grow: Vec<(String, Span, Span, Option<Span>)> = Vec::new();
    for e in out
        .values()
        .filter(|e| e.known && e.kind == EntityType::Per)
    {
        for m in &e.mentions {
            let k = words.partition_point(|w| w.end <= m.start);
            let Some(&w) = k.checked_sub(1).and_then(|j| words.get(j)) else {
                continue;
            };
            if text.get(w.end..m.start) != Some(" ")
                || words.script(k - 1) != Script::Cyrillic
                || !words.capital(k - 1, norm, original)
            {
                continue;
            }
            // The first words of the person's Cyrillic aliases of two words or more.
            let Some(entry) = l.kb.get(&e.id) else {
                continue;
            };
            let word = w.slice(text);
            let given = entry.names().any(|(_, n)| {
                let mut toks = n.split_whitespace();
                let (Some(first), Some(_)) = (toks.next(), toks.next()) else {
                    return false;
                };
                first
                    .chars()
                    .next()
                    .is_some_and(|c| Script::of_char(c) == Script::Cyrillic)
                    && inflects(word, &khabar_text::normalize::normalize_str(first))
            });
            if !given {
                continue;
            }
            let place = if is_covered(covered, w) {
                // Only a town's one-word mention of exactly this word may give way.
                let town = out.values().any(|p| {
                    p.known
                        && matches!(p.kind, EntityType::Gpe | EntityType::Loc)
                        && p.country.as_deref() != Some(p.id.as_str())
                        && p.mentions.contains(&w)
                });
                if !town {
                    continue;
                }
                Some(w)
            } else {
                None
            };
            grow.push((e.id.clone(), *m, Span::new(w.start, m.end), place));
        }
    }
    for (id, old, new, place) in grow {
        if let Some(w) = place {
            for p in out.values_mut().filter(|p| p.id != id) {
                p.mentions.retain(|m| *m != w);
            }
        }
        widen_mention(out, covered, &id, old, new);
    }
}

/// A club's word before a KB town or city ("Hapoel Haifa", "Dinamo Zagreb", "Legia Warsaw";
/// `connectors.tsv`, `club_prefix`) makes one organization with it; that place mention goes.
fn clubs_named_after_places(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    if l.lx.club_prefixes.is_empty() {
        return;
    }
    let text = norm.text.as_str();
    let mut found: Vec<(Span, Span)> = Vec::new();
    for e in out.values() {
        if !e.known || e.kind != EntityType::Gpe || e.country.as_deref() == Some(e.id.as_str()) {
            continue;
        }
        for m in &e.mentions {
            let k = words.partition_point(|w| w.start < m.start);
            let Some(p) = k.checked_sub(1) else { continue };
            let Some(w) = words.get(p) else { continue };
            if words.get(k).is_some_and(|x| x.start == m.start)
                && text.get(w.end..m.start) == Some(" ")
                && words.script(p) == Script::Latin
                && words.capital(p, norm, original)
                && !is_covered(covered, *w)
                && l.lx.club_prefixes.contains(w.slice(text))
                && !all_caps(norm, original, *w)
            {
                found.push((*m, Span::new(w.start, m.end)));
            }
        }
    }
    for (place, club) in found {
        remove_mention(out, place);
        push_new(
            l,
            norm,
            original,
            club,
            EntityType::Org,
            Script::Latin,
            out,
            covered,
        );
    }
}

/// Towns whose names are also personal names: a place of under a million people whose every mention in the document is one word written
/// as is, next to a capitalized name-like word the KB does not hold ("Kazuo [Ueda]",
/// "[Hassan] Ali, 35,", "[Darwin] Nunez"), is part of a person's name there: the pair becomes
/// a new person and the place link goes. Countries, big cities, a place also named alone, and
/// neighbours that are generic words ("Gaza City") are left as they are.
fn places_in_person_names(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    // The name-like, uncovered, capitalized Latin word at index `k`, not a generic word.
    let partner = |k: usize, covered: &Occupied| {
        words.get(k).is_some_and(|w| {
            words.script(k) == Script::Latin
                && !is_covered(covered, *w)
                && words.name_like(l, norm, original, k)
                && !l.lx.name_inner.contains(w.slice(text))
                && w.slice(text).chars().count() >= 2
                && !all_caps(norm, original, *w)
        })
    };
    let mut found: Vec<(String, Vec<Span>)> = Vec::new();
    for e in out.values() {
        if !e.known
            || !matches!(e.kind, EntityType::Gpe | EntityType::Loc)
            || e.country.as_deref() == Some(e.id.as_str())
        {
            continue;
        }
        let Some(i) = l.kb.position(&e.id) else {
            continue;
        };
        if l.prominence(i as u32).0 >= 1_000_000 {
            continue;
        }
        let mut names = Vec::with_capacity(e.mentions.len());
        for m in &e.mentions {
            let k = words.partition_point(|w| w.start < m.start);
            let Some(w) = words.get(k).filter(|w| **w == *m) else {
                break;
            };
            let joined = |a: &Span, b: &Span| text.get(a.end..b.start) == Some(" ");
            let next = words
                .get(k + 1)
                .filter(|n| joined(w, n) && partner(k + 1, covered));
            let prev = k
                .checked_sub(1)
                .and_then(|p| words.get(p).map(|x| (p, x)))
                .filter(|(p, x)| joined(x, w) && partner(*p, covered));
            let span = match (prev, next) {
                (None, Some(n)) => {
                    // Hyphenated surnames continue: "Alexandria Ocasio-Cortez".
                    let mut end = n.end;
                    let mut j = k + 2;
                    while let Some(x) = words.get(j) {
                        if text.get(end..x.start) != Some("-") || !partner(j, covered) {
                            break;
                        }
                        end = x.end;
                        j += 1;
                    }
                    Span::new(w.start, end)
                }
                (Some((_, p)), None) => Span::new(p.start, w.end),
                _ => break,
            };
            names.push(span);
        }
        if names.len() == e.mentions.len() && !names.is_empty() {
            found.push((e.id.clone(), names));
        }
    }
    for (id, names) in found {
        out.remove(&id);
        for span in names {
            push_new(
                l,
                norm,
                original,
                span,
                EntityType::Per,
                Script::Latin,
                out,
                covered,
            );
        }
    }
}

/// Whether the original text of normalized word `w` is written in capitals only ("AFP").
pub(super) fn all_caps(norm: &Normalized, original: &str, w: Span) -> bool {
    let t = norm.to_original(w).slice(original);
    t.chars().count() >= 2 && !t.chars().any(|c| c.is_lowercase())
}

/// The stems of each candidate word with their phonetic keys, computed once per document (a
/// word takes part in up to six of the windows [`link_run`] tries). Keys are copied into one
/// buffer rather than held one allocation each.
struct StemKeys<'t> {
    /// (offset of the stem in its word, stem, byte range of its key in `keys`), word after
    /// word.
    stems: Vec<(usize, &'t str, (u32, u32))>,
    /// The range of `stems` of each word.
    words: Vec<std::ops::Range<usize>>,
    keys: String,
}

impl<'t> StemKeys<'t> {
    fn of(l: &EntityLinker, text: &'t str, cand: &[Span]) -> StemKeys<'t> {
        let mut out = StemKeys {
            stems: Vec::with_capacity(cand.len() * 3),
            words: Vec::with_capacity(cand.len()),
            keys: String::with_capacity(cand.len() * 12),
        };
        for w in cand {
            let from = out.stems.len();
            for (o, s) in stems(l, w.slice(text)) {
                let at = out.keys.len() as u32;
                with_token_key(l, s, |k| out.keys.push_str(k));
                out.stems.push((o, s, (at, out.keys.len() as u32)));
            }
            out.words.push(from..out.stems.len());
        }
        out
    }

    /// The stems of candidate word `i` (the whole word first).
    fn of_word(&self, i: usize) -> &[(usize, &'t str, (u32, u32))] {
        self.words
            .get(i)
            .and_then(|r| self.stems.get(r.clone()))
            .unwrap_or_default()
    }

    /// A key by its range.
    fn key(&self, (a, b): (u32, u32)) -> &str {
        self.keys.get(a as usize..b as usize).unwrap_or("")
    }
}

/// Link a run of words (`ws`, candidate words `at..` of `keyed`) to one KB entry by key; the
/// first word may carry a proclitic, the last one suffixes. `key` is scratch space.
fn link_run(
    l: &EntityLinker,
    keyed: &StemKeys,
    at: usize,
    ws: &[Span],
    out: &HashMap<String, Entity>,
    named: &impl Fn(u32) -> bool,
    key: &mut String,
) -> Option<(u32, Span)> {
    let (last, head) = ws.split_last()?;
    let single = head.is_empty();
    // Options for the first word when there are several: whole, or without a proclitic.
    let first_word = keyed.of_word(at);
    let firsts = first_word
        .iter()
        .filter(|(o, s, _)| single || head.first().is_some_and(|f| o + s.len() == f.end - f.start));
    let mut middle = String::new();
    for k in 1..head.len() {
        if let Some((_, _, k)) = keyed.of_word(at + k).first() {
            let k = keyed.key(*k);
            if !k.is_empty() {
                middle.push(' ');
                middle.push_str(k);
            }
        }
    }
    let lasts = keyed.of_word(at + head.len());
    let last_script = lasts
        .first()
        .map_or(Script::Other, |(_, s, _)| script_of(s));
    for (foff, _, fkey) in firsts {
        // One word: it is its own first and last; its first options are not used.
        let (foff, fkey) = if single {
            (&0, "")
        } else {
            (foff, keyed.key(*fkey))
        };
        for (off, stem, lk) in lasts {
            if !single && *off != 0 {
                continue;
            }
            let lk = keyed.key(*lk);
            if lk.is_empty() {
                continue;
            }
            key.clear();
            key.push_str(fkey);
            key.push_str(&middle);
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(lk);
            let key = key.trim_start();
            // Several words: a longer skeleton, and longer still in Arabic, which writes no
            // short vowels (دور المؤسسة and Dayr Mawas share `dr ms`).
            let min = match (single, last_script) {
                (true, _) => 4,
                (false, Script::Arabic) => 6,
                (false, _) => 5,
            };
            if key_len(key) < min || key.split(' ').any(|t| t.len() < 2) {
                continue;
            }
            let one = single.then_some(*stem);
            if let Some(e) = l.entry_for_key(key, one, out, named) {
                let s = match head.first() {
                    Some(f) => f.start + foff,
                    None => last.start + off,
                };
                return Some((e, Span::new(s, last.end)));
            }
        }
        if single {
            break;
        }
    }
    None
}

/// Names the KB does not hold, found next to cues; ids `new:<key>`.
pub(crate) fn new_names(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    cues: &[Hit],
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let free = |i: usize, w: &Span, covered: &Occupied| {
        !is_covered(covered, *w) && words.name_like(l, norm, original, i)
    };
    for h in cues {
        let kind = match h.target.what {
            What::Role(_) => CueKind::Title,
            What::Cue(c) => match l.lx.cues.get(c as usize) {
                Some((_, _, k)) => *k,
                None => continue,
            },
            What::Entity(_) => continue,
        };
        let script = h.target.script;
        let cased = script.has_case();
        // A lowercase organization word that also comes before names ("oil company
        // Petrobras", "chemicals group BASF") announces the name after it.
        let kind = if script == Script::Latin
            && kind == CueKind::OrgTail
            && l.lx
                .is_cue(Span::new(h.start, h.end).slice(text), CueKind::OrgBefore)
            && !is_capital_at(words, norm, original, h.start)
        {
            CueKind::OrgBefore
        } else {
            kind
        };
        let (etype, forward) = match kind {
            CueKind::Title | CueKind::SpeechBefore => (EntityType::Per, true),
            CueKind::SpeechAfter => (EntityType::Per, false),
            CueKind::OrgHead if cased => (EntityType::Org, true),
            CueKind::OrgTail if cased => (EntityType::Org, false),
            CueKind::PlaceHead if cased => (EntityType::Gpe, true),
            CueKind::PlaceTail if cased => (EntityType::Gpe, false),
            CueKind::LocTail if cased => (EntityType::Loc, false),
            CueKind::OrgBefore if cased => (EntityType::Org, true),
            _ => continue,
        };
        // Bengali and Arabic have their own passes (`bengali_names`, `super::arabic`).
        if matches!(
            script,
            Script::Bengali | Script::Devanagari | Script::Arabic
        ) {
            continue;
        }
        if script == Script::Latin
            && matches!(kind, CueKind::OrgHead | CueKind::OrgTail | CueKind::LocTail)
        {
            let etype = if kind == CueKind::LocTail {
                EntityType::Loc
            } else {
                EntityType::Org
            };
            named_around_head(l, norm, original, words, h, etype, out, covered);
            continue;
        }
        // Adjacent name-like words after (or before) the cue.
        let mut picked: Vec<Span> = Vec::new();
        let gap_ok = |a: usize, b: usize| {
            text.get(a..b)
                .is_some_and(|g| g.len() <= 2 && g.chars().all(|c| c == ' ' || c == '-'))
        };
        // A one-word KB place right after a title, before a name-like word, is a given name
        // ("forward Darwin Nunez", "leader Jordan Bardella"): its link gives way.
        let mut displaced: Option<Span> = None;
        if forward {
            let mut at = h.end;
            let mut from = words.partition_point(|w| w.start < h.end);
            if cased && etype == EntityType::Per {
                if let (Some(w), Some(w2)) = (words.get(from), words.get(from + 1)) {
                    if gap_ok(at, w.start)
                        && text.get(w.end..w2.start) == Some(" ")
                        && is_covered(covered, *w)
                        && words.capital(from, norm, original)
                        && free(from + 1, w2, covered)
                        && !l.lx.is_cue(w2.slice(text), CueKind::SpeechAfter)
                        && known_place_at(out, *w)
                    {
                        displaced = Some(*w);
                        picked.push(*w);
                        at = w.end;
                        from += 1;
                    }
                }
            }
            for (k, w) in words
                .get(from..)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .take(3)
            {
                if !gap_ok(at, w.start) || !free(from + k, w, covered) {
                    break;
                }
                picked.push(*w);
                at = w.end;
            }
        } else {
            let mut at = h.start;
            let upto = words.partition_point(|w| w.end <= h.start);
            let before = words.get(..upto).unwrap_or_default();
            for (k, w) in before.iter().enumerate().rev().take(3) {
                if !gap_ok(w.end, at) || !free(k, w, covered) {
                    break;
                }
                picked.insert(0, *w);
                at = w.start;
            }
        }
        let min_words = if cased && etype != EntityType::Per {
            1
        } else {
            2
        };
        if picked.len() < min_words {
            continue;
        }
        let (Some(first), Some(last)) = (picked.first(), picked.last()) else {
            continue;
        };
        let mut span = Span::new(first.start, last.end);
        if etype == EntityType::Org && kind != CueKind::OrgBefore {
            span = Span::new(span.start.min(h.start), span.end.max(h.end));
        }
        if script == Script::Arabic {
            // Only names every part of which has a known Latin spelling.
            let Some(parts) = l.parts.as_ref() else {
                continue;
            };
            let known = picked.iter().all(|w| {
                let t = w.slice(text);
                !parts.get(t).is_empty() || !parts.get(translit::strip_article(t)).is_empty()
            });
            if !known {
                continue;
            }
        }
        if displaced.is_some() && picked.len() < 2 {
            continue;
        }
        if push_new(l, norm, original, span, etype, script, out, covered) {
            if let Some(d) = displaced {
                remove_mention(out, d);
            }
            // A role phrase whose person is named right after it is that person's title, not
            // a mention of whoever holds the role.
            if matches!(h.target.what, What::Role(_)) {
                remove_mention(out, Span::new(h.start, h.end));
            }
        }
    }
}

/// An acronym in parentheses right after a name ("National Emergency Management Agency
/// (NEMA)") is that name, there and wherever it is written again in the document (in capitals,
/// not covered by anything but a one-word KB place link, which it replaces).
fn acronym_after(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    span: Span,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let k = words.partition_point(|w| w.start < span.end);
    let Some(a) = words.get(k) else { return };
    let acro = a.slice(text);
    let n = acro.chars().count();
    if text.get(span.end..a.start) != Some(" (")
        || text.get(a.end..).is_none_or(|t| !t.starts_with(')'))
        || !(2..=8).contains(&n)
        || !acro.chars().all(|c| c.is_alphabetic())
        || !all_caps(norm, original, *a)
        || l.lx.is_common(acro)
    {
        return;
    }
    let Some(id) = out
        .values()
        .find(|e| e.mentions.contains(&span))
        .map(|e| e.id.clone())
    else {
        return;
    };
    let mut found: Vec<Span> = Vec::new();
    for w in words.get(k..).unwrap_or_default() {
        if w.slice(text) != acro || !all_caps(norm, original, *w) {
            continue;
        }
        if is_covered(covered, *w) {
            if !known_place_at(out, *w) {
                continue;
            }
            remove_mention(out, *w);
        }
        found.push(*w);
    }
    if let Some(e) = out.get_mut(&id) {
        for w in found {
            e.mentions.push(w);
            covered.insert(w);
        }
    }
}

/// Whether byte `at` lies on a line written in Title Case with no sentence end (a headline, a
/// menu), where capitals say nothing about names: four cased words or more, six in ten
/// capitalized.
pub(super) fn headline_at(words: &Words, norm: &Normalized, original: &str, at: usize) -> bool {
    let text = norm.text.as_str();
    let line_start = text
        .get(..at)
        .and_then(|h| h.rfind('\n'))
        .map_or(0, |p| p + 1);
    let line_end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |p| at + p);
    let ends_sentence = text
        .get(line_start..line_end)
        .and_then(|l| l.trim_end().chars().next_back())
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | '"' | '”' | '»' | ')'));
    if ends_sentence {
        return false;
    }
    let from = words.partition_point(|w| w.start < line_start);
    let (mut n, mut caps) = (0usize, 0usize);
    for (k, w) in words.get(from..).unwrap_or_default().iter().enumerate() {
        if w.end > line_end {
            break;
        }
        if words.script(from + k).has_case() {
            n += 1;
            caps += usize::from(words.capital(from + k, norm, original));
        }
    }
    n >= 4 && caps * 10 >= n * 6
}

/// Whether the word starting at byte `at` starts with a capital letter.
fn is_capital_at(words: &Words, norm: &Normalized, original: &str, at: usize) -> bool {
    let k = words.partition_point(|w| w.start < at);
    words.get(k).is_some_and(|w| w.start == at) && words.capital(k, norm, original)
}

/// Whether a KB place (not a person or organization) has a mention exactly at `w`.
fn known_place_at(out: &HashMap<String, Entity>, w: Span) -> bool {
    out.values().any(|e| {
        e.known && matches!(e.kind, EntityType::Gpe | EntityType::Loc) && e.mentions.contains(&w)
    })
}

/// Drop every mention at exactly `span` (and the entities left without mentions).
pub(super) fn remove_mention(out: &mut HashMap<String, Entity>, span: Span) {
    out.retain(|_, e| {
        e.mentions.retain(|m| *m != span);
        !e.mentions.is_empty()
    });
}

/// The KB mention (entity id, span) that ends at `end` or starts at `start`, if any.
fn known_mention_at(
    out: &HashMap<String, Entity>,
    start: Option<usize>,
    end: Option<usize>,
) -> Option<(&Entity, Span)> {
    out.values().filter(|e| e.known).find_map(|e| {
        e.mentions
            .iter()
            .find(|m| start.is_none_or(|s| m.start == s) && end.is_none_or(|x| m.end == x))
            .map(|m| (e, *m))
    })
}

/// An organization or place named around its head word, in Latin script: a capitalized
/// organization or place word (`org_tail`, `loc_tail`, the first word of an `org_head`), the
/// capitalized words before it (name-like ones, and the `name_inner` words common alone:
/// "National", "Central"), and what it is of ("of England", "on Human Rights": a
/// `tail_particle` and capitalized words). A KB organization or city right before it is part
/// of the longer name ("[United Nations] Development Programme", "[London] School of
/// Economics") and so is a KB name after the particle ("Bank of [England]"); a country or
/// demonym before it is not ("Egyptian Foreign Ministry" stays Egypt's). The name needs two
/// words and something besides generic words: a name-like word, a complement after the
/// particle, or a KB name it took in; so "Foreign Ministry" or "Police" alone are not names.
#[allow(clippy::too_many_arguments)]
fn named_around_head(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    h: &Hit,
    etype: EntityType,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let t = words.partition_point(|w| w.start < h.start);
    let e = words.partition_point(|w| w.end <= h.end);
    if words.get(t).is_none_or(|w| w.start != h.start) || !words.capital(t, norm, original) {
        return;
    }
    let inner = |k: usize, w: &Span| {
        words.capital(k, norm, original) && l.lx.name_inner.contains(w.slice(text))
    };
    let mut n_words = e.saturating_sub(t);
    let mut has_name = false;
    let mut absorbed: Vec<Span> = Vec::new();
    // Left: capitalized name-like or inner words, then maybe a KB organization or city.
    let mut start = h.start;
    let mut k = t;
    // Where the name stood before an "and" was crossed: (start, words, has_name).
    let mut and_at: Option<(usize, usize, bool)> = None;
    // The country whose own name opens the organization's, if one does.
    let mut country_of: Option<String> = None;
    let mut opened_by_country = false;
    // A person's name before this head is the place's or organization's own ("Gaddafi
    // Stadium", "Trump Tower").
    let eponym = text
        .get(h.start..h.end)
        .and_then(|c| c.rsplit(' ').next())
        .is_some_and(|w| l.lx.eponym_heads.contains(w));
    while k > 0 && k + 7 > t {
        let j = k - 1;
        let Some(w) = words.get(j) else { break };
        // "and" between capitalized words inside the name ("Disaster Risk Reduction and
        // Management Council").
        if w.slice(text) == "and" && text.get(w.end..start) == Some(" ") && start < h.start {
            let ok = j.checked_sub(1).is_some_and(|p| {
                words.get(p).is_some_and(|pw| {
                    text.get(pw.end..w.start) == Some(" ")
                        && !is_covered(covered, *pw)
                        && words.capital(p, norm, original)
                        && (words.name_like(l, norm, original, p) || inner(p, pw))
                })
            });
            if !ok || and_at.is_some() {
                break;
            }
            and_at = Some((start, n_words, has_name));
            start = w.start;
            k = j;
            continue;
        }
        if is_covered(covered, *w) {
            // A KB name one space before (it may end in a dot: "U.N.").
            let kb = start
                .checked_sub(1)
                .filter(|&e| text.get(e..start) == Some(" ") && e >= w.end)
                .and_then(|e| known_mention_at(out, None, Some(e)))
                .filter(|(e, m)| {
                    let is_country = e.country.as_deref() == Some(e.id.as_str());
                    e.kind == EntityType::Org
                        || (e.kind == EntityType::Per && eponym)
                        || (matches!(e.kind, EntityType::Gpe | EntityType::Loc) && !is_country)
                        // A country's own name (not its demonym) opens names of its bodies
                        // ("Bangladesh Garment Manufacturers Association"), counted as a
                        // name word only.
                        || (is_country
                            && m.slice(text) == khabar_text::normalize::normalize_str(&e.name))
                });
            if let Some((e, m)) = kb {
                // The organization is in the country of the place its name opens with.
                if matches!(e.kind, EntityType::Gpe | EntityType::Loc) {
                    country_of = e.country.clone();
                    opened_by_country = e.country.as_deref() == Some(e.id.as_str());
                }
                // Only a name written as is (no possessive or demonym ending).
                let as_is = text
                    .get(w.end..m.end)
                    .is_some_and(|rest| rest.chars().all(|c| c == '.'));
                if m.start <= w.start && words.capital(j, norm, original) && as_is {
                    absorbed.push(m);
                    start = m.start;
                    n_words += 1;
                }
                break;
            }
            // Another capitalized organization or place word ("Reserve Bank", "Army Corps"):
            // covered by its own cue, it is part of this name.
            // So is an inner word another cue reads ("State", a place word in "Kano state").
            let word = w.slice(text);
            let head = l.lx.is_cue(word, CueKind::OrgTail)
                || l.lx.is_cue(word, CueKind::LocTail)
                || l.lx.name_inner.contains(word);
            if !(head && words.capital(j, norm, original) && text.get(w.end..start) == Some(" ")) {
                break;
            }
            start = w.start;
            n_words += 1;
            k = j;
            continue;
        }
        // Words of a name may be joined by a hyphen ("Al-Shifa Hospital").
        if !matches!(text.get(w.end..start), Some(" " | "-")) {
            break;
        }
        let like = words.name_like(l, norm, original, j);
        if !(like || inner(j, w)) {
            break;
        }
        has_name |= like;
        start = w.start;
        n_words += 1;
        k = j;
    }
    // Two words or more before an "and", not a person's name, or the "and" joins two names
    // ("Barclays and Kelso Foundation", "John Smith and Kelso Foundation").
    if let Some((s0, n0, h0)) = and_at {
        let before = n_words.saturating_sub(n0);
        let first = words
            .get(words.partition_point(|w| w.start < start))
            .map_or("", |w| w.slice(text));
        if before < 2 || l.lx.given_names.contains(first) || absorbed.iter().any(|m| m.start < s0) {
            start = s0;
            n_words = n0;
            has_name = h0;
            absorbed.retain(|m| m.start >= s0);
            if absorbed.is_empty() {
                country_of = None;
                opened_by_country = false;
            }
        }
    }
    // A title that opens a name given after a person ("King Fahd Stadium", "Sheikh Zayed
    // Mosque"), before a name word.
    if has_name || !absorbed.is_empty() {
        let k = words.partition_point(|w| w.start < start);
        if let Some(p) = k.checked_sub(1) {
            if let Some(w) = words.get(p) {
                if text.get(w.end..start) == Some(" ")
                    && l.lx.name_titles.contains(w.slice(text))
                    && words.capital(p, norm, original)
                {
                    start = w.start;
                    n_words += 1;
                }
            }
        }
    }
    // Right: a particle and what the organization or place is of.
    let mut end = h.end;
    let mut j = e;
    let cue_ends_particle = words
        .get(e.saturating_sub(1))
        .is_some_and(|w| e > t + 1 && l.lx.tail_particles.contains(w.slice(text)));
    let mut after_particle = cue_ends_particle;
    // Right after a particle (where an article may stand).
    let mut just_after_particle = cue_ends_particle;
    // Whether a further particle was taken ([`Lexicon::chain_particles`]).
    let mut chain_taken = false;
    // Whether the next word is the first after a particle or its article.
    let mut next_is_first = cue_ends_particle
        && words
            .get(e.saturating_sub(1))
            .is_some_and(|w| l.lx.chain_particles.contains(w.slice(text)));
    let mut complement = false;
    let mut at = h.end;
    while j < e + 10 {
        let Some(w) = words.get(j) else { break };
        if text.get(at..w.start) != Some(" ") {
            break;
        }
        let word = w.slice(text);
        if !after_particle {
            if !l.lx.tail_particles.contains(word) || j > e {
                break;
            }
            after_particle = true;
            just_after_particle = true;
            // Only "of" takes any capitalized word after it ("on Monday" is no name's).
            next_is_first = l.lx.chain_particles.contains(word);
            at = w.end;
            j += 1;
            continue;
        }
        // An article after the particle ("for the Prohibition"), and a further particle after
        // what the name is of ("... of Chemical Weapons"): taken only when capitalized words
        // follow, since `end` moves with those words alone.
        let article = just_after_particle && l.lx.tail_articles.contains(word);
        let chained = complement && !just_after_particle && l.lx.chain_particles.contains(word);
        if article || chained {
            just_after_particle = chained;
            next_is_first = true;
            chain_taken |= chained;
            at = w.end;
            j += 1;
            continue;
        }
        // A KB name after a further particle stays its own ("Ministry of Foreign Affairs of
        // Ukraine" keeps Ukraine, and the ministry stays Ukraine's to the event coder).
        if chain_taken && just_after_particle && is_covered(covered, *w) {
            break;
        }
        just_after_particle = false;
        let first_after = std::mem::replace(&mut next_is_first, false);
        if is_covered(covered, *w) {
            if let Some((_, m)) = known_mention_at(out, Some(w.start), None) {
                if words.capital(j, norm, original) && m.end <= text.len() {
                    absorbed.push(m);
                    end = m.end;
                    complement = true;
                    n_words += 1;
                }
            }
            break;
        }
        let like = words.name_like(l, norm, original, j);
        // Right after "of" or "the" a capitalized common word is part of the name
        // ("Institute for the Study of War", "Ministry of Home Affairs"); further on, only
        // name-like and inner words are, so a title after the name stays out ("Ministry of
        // Defence Spokesman").
        let capital_after = first_after
            && words.capital(j, norm, original)
            && !l.lx.tail_particles.contains(word)
            && !l.lx.tail_articles.contains(word);
        if !(like || inner(j, w) || capital_after) {
            break;
        }
        has_name |= like;
        complement = true;
        end = w.end;
        at = w.end;
        n_words += 1;
        j += 1;
    }
    // A country that opens the name counts as none of its words.
    let took_name = absorbed.len() > usize::from(opened_by_country);
    if n_words < 2 || !(has_name || complement || took_name) {
        return;
    }
    if headline_at(words, norm, original, start) {
        return;
    }
    // The actor code of a KB organization the name grew from ("United Nations Development
    // Programme" is a UN body); taken before its mention goes.
    let parent = absorbed.first().and_then(|m| {
        out.values()
            .find(|e| e.kind == EntityType::Org && e.mentions.contains(m))
            .map(|e| (e.country.clone(), e.cameo.clone()))
    });
    for m in &absorbed {
        remove_mention(out, *m);
    }
    let span = Span::new(start, end);
    if !push_new(l, norm, original, span, etype, Script::Latin, out, covered) {
        return;
    }
    acronym_after(l, norm, original, words, span, out, covered);
    if let Some(e) = out
        .values_mut()
        .find(|e| !e.known && e.mentions.contains(&span))
    {
        if let Some((country, cameo)) = parent {
            if e.cameo.is_none() {
                e.country = country;
                e.cameo = cameo;
            }
        }
        if e.country.is_none() {
            e.country = country_of;
        }
    }
}

/// Record a name the KB may not hold at normalized `span`: a KB entry after all when its key
/// names one, else a provisional `new:<key>` entity.
#[allow(clippy::too_many_arguments)]
pub(super) fn push_new(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    span: Span,
    etype: EntityType,
    script: Script,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) -> bool {
    push_new_keyed(l, norm, original, span, span, etype, script, out, covered)
}

/// [`push_new`] with the key and name read from `key_span` (a Bengali name without its case
/// suffix) while the mention covers `span`.
#[allow(clippy::too_many_arguments)]
pub(super) fn push_new_keyed(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    span: Span,
    key_span: Span,
    etype: EntityType,
    script: Script,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) -> bool {
    let surface = norm
        .to_original(key_span)
        .slice(original)
        .trim()
        .to_string();
    let key = translit::name_key(&l.lx, &surface);
    // Short keys collide across names; a name written in capitals of four letters or more
    // ("BASF", "Kazuo Ueda") tells itself apart enough with three consonants.
    let cased_long =
        script.has_case() && surface.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    if key_len(&key) < 4 && !(cased_long && key_len(&key) >= 3) {
        return false;
    }
    // A KB name after all (a spelling the KB lacks).
    let named = |i: u32| l.entry(i).is_some_and(|e| out.contains_key(&e.id));
    if let Some(e) = l
        .entry_for_key(&key, None, out, named)
        .and_then(|i| l.entry(i))
    {
        push_known(out, e, span);
        covered.insert(span);
        return true;
    }
    let id = format!("new:{}", key.replace(' ', "-"));
    let name = match script {
        Script::Latin => surface.clone(),
        _ => l.display_name(&surface),
    };
    add_new(out, covered, id, || name, etype, span);
    true
}

/// Add `span` as a mention of the new (not KB) entity `id`, made with the name `name` gives
/// and `kind` if the document has no such entity yet; the span is covered.
pub(super) fn add_new(
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
    id: String,
    name: impl FnOnce() -> String,
    kind: EntityType,
    span: Span,
) {
    out.entry(id.clone())
        .or_insert_with(|| Entity {
            id,
            name: name(),
            kind,
            country: None,
            cameo: None,
            known: false,
            mentions: Vec::new(),
        })
        .mentions
        .push(span);
    covered.insert(span);
}

/// A word's role in a Bengali personal name: its name part, the part of its stem when a case
/// suffix follows (only the last word of a name may carry one), or `None`.
/// The second value is the stem's length in bytes when a suffix follows it.
pub(super) fn part_of(l: &EntityLinker, word: &str) -> Option<(NamePart, Option<usize>)> {
    if let Some(p) = l.lx.name_part(word) {
        return Some((p, None));
    }
    stems(l, word)
        .skip(1)
        .filter(|(off, _)| *off == 0)
        .find_map(|(_, st)| l.lx.name_part(st).map(|p| (p, Some(st.len()))))
}

/// New persons and places in Bengali text (see the module docs).
pub(crate) fn bengali_names(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    cues: &[Hit],
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let bengali = |i: usize| words.script(i) == Script::Bengali;
    // Every name below is made of Bengali words.
    if !(0..words.len()).any(bengali) {
        return;
    }
    // Persons: maximal runs of adjacent words that are name parts or name-like.
    let mut i = 0;
    while i < words.len() {
        let mut run: Vec<(Span, Option<NamePart>, bool)> = Vec::new();
        // (word end, stem end) of words read as a name part plus a case suffix.
        let mut stem_ends: Vec<(usize, usize)> = Vec::new();
        let mut j = i;
        // Whether word `j` ended the run by not being name-like (see `arabic_names`).
        let mut failed = false;
        while let Some(w) = words.get(j) {
            if !bengali(j) || is_covered(covered, *w) {
                break;
            }
            if let Some((prev, _, suffixed)) = run.last() {
                // Adjacent: spaces, or the dot of an abbreviation ("মো. ", "ড. "), or a hyphen.
                let gap = text.get(prev.end..w.start).unwrap_or("");
                let ok = *suffixed
                    || !(gap.len() <= 3 && gap.chars().all(|c| matches!(c, ' ' | '.' | '-')));
                if ok {
                    break;
                }
            }
            let word = w.slice(text);
            let part = part_of(l, word);
            let like = part.is_some() || words.name_like(l, norm, original, j);
            if !like {
                failed = true;
                break;
            }
            let stem = part.and_then(|p| p.1);
            // Only a name's last word takes a case ending: an unknown word in the locative
            // ("সাভারে" in Savar) ends the run it opens, so the name after it stands alone.
            let locative = part.is_none() && word.chars().count() >= 3 && word.ends_with('ে');
            run.push((*w, part.map(|p| p.0), stem.is_some() || locative));
            if let Some(n) = stem {
                stem_ends.push((w.end, w.start + n));
            }
            j += 1;
        }
        i = if failed { j + 1 } else { j.max(i + 1) };
        if let Some(span) = person_in_run(&run) {
            // The key leaves the case suffix out, so that every inflection gets one id.
            let key_end = stem_ends
                .iter()
                .find(|(we, _)| *we == span.end)
                .map_or(span.end, |(_, se)| *se);
            let key_span = Span::new(span.start, key_end);
            push_new_keyed(
                l,
                norm,
                original,
                span,
                key_span,
                EntityType::Per,
                Script::Bengali,
                out,
                covered,
            );
        }
    }
    // Places: one or two name-like words right before a place word; organizations: the same
    // before an organization word, which is part of the name (ঢাকা ওয়াসা, সোনালী ব্যাংক).
    for h in cues {
        let What::Cue(c) = h.target.what else {
            continue;
        };
        let kind = match l.lx.cues.get(c as usize) {
            Some((_, _, CueKind::PlaceTail)) => EntityType::Gpe,
            Some((_, _, CueKind::OrgTail)) => EntityType::Org,
            _ => continue,
        };
        if h.target.script != Script::Bengali {
            continue;
        }
        let upto = words.partition_point(|w| w.end <= h.start);
        let mut picked: Vec<Span> = Vec::new();
        let mut at = h.start;
        let before = words.get(..upto).unwrap_or_default();
        for (k, w) in before.iter().enumerate().rev().take(2) {
            let gap_ok = text
                .get(w.end..at)
                .is_some_and(|g| !g.is_empty() && g.len() <= 2 && g.chars().all(|c| c == ' '));
            let word = w.slice(text);
            if !gap_ok
                || is_covered(covered, *w)
                || !bengali(k)
                || part_of(l, word).is_some()
                || !words.name_like(l, norm, original, k)
            {
                break;
            }
            picked.insert(0, *w);
            at = w.start;
        }
        if let (Some(first), Some(last)) = (picked.first(), picked.last()) {
            let span = match kind {
                EntityType::Org => Span::new(first.start, h.end),
                _ => Span::new(first.start, last.end),
            };
            push_new(l, norm, original, span, kind, Script::Bengali, out, covered);
        }
    }
}

/// The person's name inside a run of adjacent candidate words, if the name-part table vouches
/// for one: it ends at a given or family name (or at an unknown word right after an honorific,
/// initial or given name), starts at an honorific, initial or given name (or at one unknown
/// word before a known part), holds at least two words, and at most two unknown ones.
fn person_in_run(run: &[(Span, Option<NamePart>, bool)]) -> Option<Span> {
    let opener = |p: &Option<NamePart>| {
        matches!(
            p,
            Some(NamePart::Honorific | NamePart::Initial | NamePart::Title)
        )
    };
    let named = |p: &Option<NamePart>| matches!(p, Some(NamePart::Given | NamePart::Family));
    // An initial opens a name only among other initials ("এ কে এম"): alone it is also a
    // common word (এ "this", আর "and").
    let part_at = |k: usize| -> Option<NamePart> {
        let (_, p, _) = run.get(k)?;
        match p {
            Some(NamePart::Initial) => {
                let next = run.get(k + 1).and_then(|x| x.1);
                let prev = k.checked_sub(1).and_then(|b| run.get(b)).and_then(|x| x.1);
                (matches!(next, Some(NamePart::Initial)) || matches!(prev, Some(NamePart::Initial)))
                    .then_some(NamePart::Initial)
            }
            p => *p,
        }
    };
    let run: Vec<(Span, Option<NamePart>, bool)> = (0..run.len())
        .filter_map(|k| run.get(k).map(|(w, _, sfx)| (*w, part_at(k), *sfx)))
        .collect();
    let run = run.as_slice();
    let first_part = run.iter().position(|(_, p, _)| p.is_some())?;
    // One unknown word may open the name before a family name ("কাউছার চৌধুরী").
    let start = match (first_part.checked_sub(1), run.get(first_part)) {
        (Some(b), Some((_, Some(NamePart::Family), _))) => b,
        _ => first_part,
    };
    let mut end = match run.iter().rposition(|(_, p, _)| named(p)) {
        Some(e) if e >= start => e,
        _ => first_part,
    };
    // After an honorific or an initial ("মো. কাউছার"), or after a given name in a name that
    // opened with one ("মো. আবদুল কাউছার"), one unknown word ends the name.
    let strong_open = run.get(start).is_some_and(|(_, p, _)| opener(p));
    if let (Some((_, None, _)), Some((_, p, _))) = (run.get(end + 1), run.get(end)) {
        if opener(p) || (strong_open && named(p)) {
            end += 1;
        }
    }
    let words = run.get(start..=end)?;
    // Titles open a name but stay outside the mention ("অধ্যাপক [সৌমিত্র]").
    let titled = words
        .iter()
        .take_while(|(_, p, _)| *p == Some(NamePart::Title))
        .count();
    let words = words.get(titled..)?;
    let unknown = words.iter().filter(|(_, p, _)| p.is_none()).count();
    let has_named = words.iter().any(|(_, p, _)| named(p));
    let min_words = if titled > 0 { 1 } else { 2 };
    if words.len() < min_words || unknown > 2 || !(has_named || (strong_open && unknown > 0)) {
        return None;
    }
    if words.iter().all(|(_, p, _)| opener(p)) {
        return None;
    }
    let (first, _, _) = words.first()?;
    let (last, _, _) = words.last()?;
    Some(Span::new(first.start, last.end))
}

/// The last words of a new person named in full elsewhere in the document ("أبو رمضان" and
/// "ماجد أبو رمضان", "Carlos Ortega" and "Juan Carlos Ortega") are that person, when only
/// one new person's name ends with them: their mentions move to the full name.
pub(crate) fn merge_name_tails(out: &mut HashMap<String, Entity>) {
    let new_persons: Vec<String> = out
        .values()
        .filter(|e| e.kind == EntityType::Per && !e.known && e.id.starts_with("new:"))
        .map(|e| e.id.clone())
        .collect();
    // Every proper word-tail of every new person's key -> that person (None when two share
    // it): one pass, so long documents stay linear.
    let mut tails: HashMap<&str, Option<&str>> = HashMap::default();
    for id in &new_persons {
        let key = id.strip_prefix("new:").unwrap_or(id);
        for (i, _) in key.match_indices('-') {
            if let Some(tail) = key.get(i + 1..) {
                let slot = tails.entry(tail).or_insert(Some(id.as_str()));
                if *slot != Some(id.as_str()) {
                    *slot = None;
                }
            }
        }
    }
    let moves: Vec<(String, String)> = new_persons
        .iter()
        .filter_map(|short| {
            let key = short.strip_prefix("new:")?;
            let full = (*tails.get(key)?)?;
            Some((short.clone(), full.to_string()))
        })
        .collect();
    for (short, full) in moves {
        if let Some(e) = out.remove(&short) {
            if let Some(f) = out.get_mut(&full) {
                f.mentions.extend(e.mentions);
            }
        }
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    /// Word spans by a char-by-char walk, the definition `Words::of` must keep.
    fn reference(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(Span::new(s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(Span::new(s, text.len()));
        }
        out
    }

    proptest::proptest! {
        /// Spans, scripts and the length/number facts agree with their plain definitions on
        /// text mixing Latin, Bengali (with its digits, vowel signs and the symbols after them),
        /// Arabic (with Arabic-Indic digits and the signs among them), Cyrillic (with the signs
        /// after U+0481), digits, joiners and punctuation.
        #[test]
        fn words_and_facts_agree_with_definitions(
            text in "[a-zA-Z0-9 .,'\\-\u{0985}-\u{0994}\u{09BE}-\u{09C4}\u{09E6}-\u{09FF}\u{0600}-\u{0621}\u{0627}-\u{064A}\u{0660}-\u{066F}\u{06C0}-\u{06FF}\u{0410}-\u{044F}\u{047E}-\u{048B}\u{200C}\u{00B2}\u{00E9}\n]{0,40}"
        ) {
            let w = Words::of(&text);
            proptest::prop_assert_eq!(w.to_vec(), reference(&text));
            for (i, s) in w.iter().enumerate() {
                let word = s.slice(&text);
                proptest::prop_assert_eq!(w.script(i), script_of(word));
                let wordy = word.chars().count() >= 2 && !word.chars().all(|c| c.is_numeric());
                proptest::prop_assert_eq!(w.facts.get(i).map(|f| f.wordy), Some(wordy));
            }
        }
    }
}
