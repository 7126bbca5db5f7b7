//! The linker's language data, read from `data/entities/*.tsv` (embedded with `include_str!`)
//! and validated when the linker is built: affix tables per script (`morph.<lang>.tsv`),
//! transliteration tables (`translit.<lang>.tsv`), phonetic rewrites, name particles, role
//! phrases, discovery cues and common-word lists.
//!
//! Every lexicon entry goes through `khabar_text::normalize::normalize_str`, so entries and the
//! normalized text meet. This module only loads and checks data; it does not match anything.

use super::EntityError;
use crate::fast::{HashMap, HashSet};
use khabar_core::EntityType;
use khabar_text::normalize::normalize_str;

/// A writing system, as far as name matching cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Bengali,
    Arabic,
    Cyrillic,
    Devanagari,
    Other,
}

impl Script {
    pub const ALL: [Script; 6] = [
        Script::Latin,
        Script::Bengali,
        Script::Arabic,
        Script::Cyrillic,
        Script::Devanagari,
        Script::Other,
    ];

    pub fn index(self) -> usize {
        match self {
            Script::Latin => 0,
            Script::Bengali => 1,
            Script::Arabic => 2,
            Script::Cyrillic => 3,
            Script::Devanagari => 4,
            Script::Other => 5,
        }
    }

    /// Script of one character (`Other` for digits, punctuation and the rest).
    #[inline]
    pub fn of_char(c: char) -> Script {
        match c as u32 {
            0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
            0x0980..=0x09FF => Script::Bengali,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Script::Arabic,
            0x0400..=0x052F => Script::Cyrillic,
            0x0900..=0x097F => Script::Devanagari,
            _ => Script::Other,
        }
    }

    /// Script of the first letter of `s`.
    #[inline]
    pub fn of_str(s: &str) -> Script {
        s.chars()
            .map(Script::of_char)
            .find(|&k| k != Script::Other)
            .unwrap_or(Script::Other)
    }

    /// Whether the script distinguishes upper and lower case.
    pub fn has_case(self) -> bool {
        matches!(self, Script::Latin | Script::Cyrillic)
    }

    pub fn lang(self) -> Option<&'static str> {
        match self {
            Script::Latin => Some("en"),
            Script::Bengali => Some("bn"),
            Script::Arabic => Some("ar"),
            Script::Cyrillic => Some("ru"),
            Script::Devanagari => Some("hi"),
            Script::Other => None,
        }
    }

    /// Script of a language code used in the data files.
    pub fn of_lang(lang: &str) -> Option<Script> {
        Script::ALL.into_iter().find(|s| s.lang() == Some(lang))
    }
}

/// Whether `c` continues a word: letters, digits, combining marks (Bengali vowel signs, virama,
/// Arabic harakat) and zero-width joiners.
#[inline(always)]
pub fn is_word_char(c: char) -> bool {
    // Fast paths for the scripts news text is mostly in; the Unicode tables for the rest.
    match c as u32 {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0x0400..=0x0481 | 0x048A..=0x04FF => true,
        0x0980..=0x09EF => true,
        0x0620..=0x065F | 0x066E..=0x06D3 | 0x06D5..=0x06ED => true,
        0x0660..=0x0669 => true,
        _ => is_word_char_slow(c),
    }
}

#[inline(never)]
fn is_word_char_slow(c: char) -> bool {
    khabar_text::chars::is_alphanumeric(c)
        || khabar_text::chars::is_combining_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}')
}

/// To which entity kinds an affix applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    Any,
    Kind(EntityType),
    /// Arabic proclitic chains holding the article (ال, لل, بال ...).
    Article,
}

/// Affixes of one script.
#[derive(Debug, Default, Clone)]
pub struct Morph {
    pub suffixes: Vec<(String, Applies)>,
    /// Proclitic chains (full chains, not pieces), with whether they hold the article.
    pub proclitics: Vec<(String, bool)>,
    /// Final letters that may be dropped from an alias before a suffix.
    pub stems: Vec<(String, Applies)>,
    /// Vowels that may drop from an alias's last syllable before a suffix (Египет -> Египта).
    pub fleeting: Vec<char>,
    /// Adjective endings: a demonym's base ending may be replaced by any of them.
    pub adjective: Vec<String>,
    /// Longest suffix in bytes, to bound the search.
    pub max_suffix: usize,
    /// Indexes into `suffixes` by their first character, sorted by character (longer suffixes
    /// first within one), so a chain step only tries the suffixes that can match.
    by_first: Vec<(char, Vec<u32>)>,
}

/// How many suffixes may be chained after a name.
const MAX_CHAIN: usize = 3;

impl Morph {
    /// Whether `rest` (the word after a name) is a chain of at most three suffixes that apply
    /// to an entity of `kind`. The empty rest is valid.
    pub fn valid_suffix(&self, rest: &str, kind: Option<EntityType>) -> bool {
        self.chain(rest, kind, 0)
    }

    fn chain(&self, rest: &str, kind: Option<EntityType>, depth: usize) -> bool {
        if rest.is_empty() {
            return true;
        }
        if depth >= MAX_CHAIN {
            return false;
        }
        let Some(first) = rest.chars().next() else {
            return true;
        };
        let Ok(b) = self.by_first.binary_search_by(|(c, _)| c.cmp(&first)) else {
            return false;
        };
        let ids = self.by_first.get(b).map_or(&[][..], |(_, v)| v.as_slice());
        ids.iter()
            .filter_map(|&i| self.suffixes.get(i as usize))
            .any(|(s, a)| {
                let ok = match a {
                    Applies::Any => true,
                    Applies::Kind(k) => Some(*k) == kind,
                    Applies::Article => false,
                };
                ok && rest
                    .strip_prefix(s.as_str())
                    .is_some_and(|r| self.chain(r, kind, depth + 1))
            })
    }

    /// Rebuild the first-character index of `suffixes` (after changing them).
    pub fn index_suffixes(&mut self) {
        let mut by_first: Vec<(char, Vec<u32>)> = Vec::new();
        for (i, (s, _)) in self.suffixes.iter().enumerate() {
            let Some(c) = s.chars().next() else { continue };
            match by_first.binary_search_by(|(k, _)| k.cmp(&c)) {
                Ok(b) => {
                    if let Some((_, v)) = by_first.get_mut(b) {
                        v.push(i as u32);
                    }
                }
                Err(b) => by_first.insert(b, (c, vec![i as u32])),
            }
        }
        self.by_first = by_first;
    }

    /// Whether `prefix` (what precedes a name inside its word) is an allowed proclitic chain;
    /// `needs_article`: the alias lost its article, so the chain must hold one.
    pub fn valid_proclitic(&self, prefix: &str, needs_article: bool) -> bool {
        self.proclitics
            .iter()
            .any(|(p, art)| p == prefix && (*art || !needs_article))
    }
}

/// A discovery cue kind (see `data/entities/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Title,
    SpeechAfter,
    SpeechBefore,
    OrgHead,
    OrgTail,
    PlaceHead,
    PlaceTail,
    Link,
    /// The last word of a place's own name, part of it ("Tahrir Square", "Strait of Hormuz").
    LocTail,
    /// A common noun right before an organization's name, not part of it ("carmaker
    /// Volkswagen", "broadcaster CCTV").
    OrgBefore,
}

/// All data the linker uses besides the KB.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub morph: [Morph; 6],
    /// Per script: normalized char(s) -> Latin; longest key first when looking up.
    pub translit: [HashMap<String, String>; 6],
    pub translit_max: [usize; 6],
    /// Latin rewrites for phonetic keys, longest first.
    pub phonetic: Vec<(String, String)>,
    /// Per first ASCII byte: indexes into `phonetic`, longest first.
    pub phonetic_by_first: Vec<Vec<usize>>,
    /// Name particles left out of keys (normalized).
    pub particles: HashSet<String>,
    /// (language, normalized phrase, role key).
    pub roles: Vec<(String, String, String)>,
    /// (language, normalized phrase, cue kind).
    pub cues: Vec<(String, String, CueKind)>,
    /// Normalized cue phrase -> the kinds it has (bit `1 << kind`), built from `cues`.
    cue_kinds: HashMap<String, u16>,
    /// Common words per script (normalized).
    pub common: [HashSet<String>; 6],
    /// Parts of personal names for scripts without capitals (`nameparts.<lang>.tsv`).
    pub name_parts: HashMap<String, NamePart>,
    /// Small words that may join capitalized words inside one name (`connectors.tsv`).
    pub name_particles: HashSet<String>,
    /// Prepositions that mark the capitalized word after them as a place (`connectors.tsv`).
    pub place_preps: HashSet<String>,
    /// Place prepositions that often precede persons too ("from", "to"): they mark a one-word
    /// run as a place, not a longer one.
    pub weak_place_preps: HashSet<String>,
    /// Words that are common alone but stand inside organization and place names
    /// ("National", "Central", "Foreign"): they join a run that ends in an organization or
    /// place word (`connectors.tsv`, `name_inner`).
    pub name_inner: HashSet<String>,
    /// Common given names in Latin script (`given.en.txt`): a capitalized run opening with
    /// one is a person's name.
    pub given_names: HashSet<String>,
    /// Small words that join an organization or place word to what it is of
    /// ("Bank of England", "Commission on Human Rights"; `connectors.tsv`, `tail_particle`).
    pub tail_particles: HashSet<String>,
    /// Articles that may follow a tail particle inside a name ("Organisation for the
    /// Prohibition ..."; `connectors.tsv`, `tail_article`).
    pub tail_articles: HashSet<String>,
    /// Tail particles that may follow what a name is of, adding more to it ("Organisation
    /// for the Prohibition of Chemical Weapons"; `connectors.tsv`, `chain_particle`).
    pub chain_particles: HashSet<String>,
    /// Lower-case words inside a name that its acronym skips ("Organisation for the
    /// Prohibition of Chemical Weapons (OPCW)", "Tehreek-e-Insaf"; `connectors.tsv`,
    /// `acronym_skip`).
    pub acronym_skip: HashSet<String>,
    /// Capitalized words that are never a name on their own inside a sentence
    /// (`not_alone.txt`): the lone-word pass skips them.
    pub not_alone: HashSet<String>,
    /// Titles that open the name of a place or organization named after a person ("King
    /// Fahd Stadium"; `connectors.tsv`, `name_title`).
    pub name_titles: HashSet<String>,
    /// Place and organization words whose names often carry a person's ("Gaddafi Stadium";
    /// `connectors.tsv`, `eponym_head`).
    pub eponym_heads: HashSet<String>,
    /// Words that open a sports club's name before its town ("Hapoel Haifa", "Dinamo
    /// Zagreb"; `connectors.tsv`, `club_prefix`).
    pub club_prefixes: HashSet<String>,
    /// A company's legal form written after its name ("Corp", "AG"; `connectors.tsv`,
    /// `legal_suffix`).
    pub legal_suffixes: HashSet<String>,
}

/// What a word is in a personal name (see `data/entities/nameparts.bn.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamePart {
    /// Opens a name and is part of it: মো., শেখ, সৈয়দ.
    Honorific,
    /// Opens a name without being part of it: ড., অধ্যাপক.
    Title,
    /// A letter name used as an initial.
    Initial,
    Given,
    Family,
}

const MORPH: &[(&str, &str)] = &[
    ("bn", include_str!("../../data/entities/morph.bn.tsv")),
    ("ar", include_str!("../../data/entities/morph.ar.tsv")),
    ("ru", include_str!("../../data/entities/morph.ru.tsv")),
    ("en", include_str!("../../data/entities/morph.en.tsv")),
    ("hi", include_str!("../../data/entities/morph.hi.tsv")),
];
const TRANSLIT: &[(&str, &str)] = &[
    ("bn", include_str!("../../data/entities/translit.bn.tsv")),
    ("ar", include_str!("../../data/entities/translit.ar.tsv")),
    ("ru", include_str!("../../data/entities/translit.ru.tsv")),
    ("hi", include_str!("../../data/entities/translit.hi.tsv")),
];
const COMMON: &[(&str, &str)] = &[
    ("bn", include_str!("../../data/entities/common.bn.txt")),
    (
        "bn",
        include_str!("../../data/entities/common.bn.extra.txt"),
    ),
    ("ar", include_str!("../../data/entities/common.ar.txt")),
    ("en", include_str!("../../data/entities/common.en.txt")),
    ("ru", include_str!("../../data/entities/common.ru.txt")),
];
const NAMEPARTS: &[(&str, &str)] = &[("bn", include_str!("../../data/entities/nameparts.bn.txt"))];
const CONNECTORS: &str = include_str!("../../data/entities/connectors.tsv");
const GIVEN_EN: &str = include_str!("../../data/entities/given.en.txt");
const NOT_ALONE: &str = include_str!("../../data/entities/not_alone.txt");
const PHONETIC: &str = include_str!("../../data/entities/phonetic.tsv");
const PARTICLES: &str = include_str!("../../data/entities/particles.tsv");
const ROLES: &str = include_str!("../../data/entities/roles.tsv");
const CUES: &str = include_str!("../../data/entities/cues.tsv");

/// Data lines of a TSV file: (line number, fields), skipping blanks and `#` comments.
/// Fields are not trimmed of inner spaces; a trailing `\r` is dropped.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

fn bad(file: &str, line: usize, msg: impl Into<String>) -> EntityError {
    EntityError::Data {
        file: file.to_string(),
        line,
        message: msg.into(),
    }
}

fn applies(file: &str, line: usize, s: &str) -> Result<Applies, EntityError> {
    match s.trim() {
        "" | "any" => Ok(Applies::Any),
        "article" => Ok(Applies::Article),
        k => EntityType::parse(k)
            .map(Applies::Kind)
            .ok_or_else(|| bad(file, line, format!("unknown applies `{k}`"))),
    }
}

impl Lexicon {
    /// Load and validate the embedded data.
    pub fn builtin() -> Result<Self, EntityError> {
        let mut lx = Lexicon::default();
        for (lang, text) in MORPH {
            let file = format!("morph.{lang}.tsv");
            let script = Script::of_lang(lang).unwrap_or(Script::Other);
            let m = &mut lx.morph[script.index()];
            for (line, f) in rows(text) {
                let (Some(kind), Some(affix)) = (f.first(), f.get(1)) else {
                    return Err(bad(&file, line, "expected kind<TAB>affix[<TAB>applies]"));
                };
                let affix = normalize_str(affix.trim());
                if affix.is_empty() {
                    return Err(bad(&file, line, "empty affix"));
                }
                let a = applies(&file, line, f.get(2).copied().unwrap_or("any"))?;
                match kind.trim() {
                    "suffix" => {
                        m.max_suffix = m.max_suffix.max(affix.len());
                        if !m.suffixes.iter().any(|(s, b)| *s == affix && *b == a) {
                            m.suffixes.push((affix, a));
                        }
                    }
                    "proclitic" => m.proclitics.push((affix, a == Applies::Article)),
                    "stem" => m.stems.push((affix, a)),
                    "fleeting" => m.fleeting.extend(affix.chars().next()),
                    "adjective" => {
                        m.max_suffix = m.max_suffix.max(affix.len());
                        m.adjective.push(affix)
                    }
                    k => return Err(bad(&file, line, format!("unknown kind `{k}`"))),
                }
            }
            // Longer suffixes first: fewer branches in the chain search.
            m.suffixes.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
            m.index_suffixes();
        }
        for (lang, text) in TRANSLIT {
            let file = format!("translit.{lang}.tsv");
            let i = Script::of_lang(lang).unwrap_or(Script::Other).index();
            for (line, f) in rows(text) {
                let Some(from) = f.first().filter(|s| !s.is_empty()) else {
                    return Err(bad(&file, line, "empty source"));
                };
                let to = f.get(1).copied().unwrap_or("").trim().to_string();
                // Both the raw and the normalized spelling, so keys work on either; a raw
                // spelling wins over another entry's normalized one (ё folds to е).
                for (k, raw) in [(from.to_string(), true), (normalize_str(from), false)] {
                    if k.is_empty() {
                        continue;
                    }
                    if let (Some(m), Some(t)) = (lx.translit_max.get_mut(i), lx.translit.get_mut(i))
                    {
                        *m = (*m).max(k.chars().count());
                        if raw {
                            t.insert(k, to.clone());
                        } else {
                            t.entry(k).or_insert_with(|| to.clone());
                        }
                    }
                }
            }
        }
        for (line, f) in rows(PHONETIC) {
            let Some(from) = f.first().map(|s| s.trim()).filter(|s| !s.is_empty()) else {
                return Err(bad("phonetic.tsv", line, "empty rewrite"));
            };
            lx.phonetic
                .push((from.to_string(), f.get(1).unwrap_or(&"").trim().to_string()));
        }
        // Longest first: the rewrite pass tries them in this order.
        lx.phonetic.sort_by_key(|x| std::cmp::Reverse(x.0.len()));
        lx.phonetic_by_first = vec![Vec::new(); 256];
        for (i, (from, _)) in lx.phonetic.iter().enumerate() {
            if let Some(v) = from
                .bytes()
                .next()
                .and_then(|b| lx.phonetic_by_first.get_mut(b as usize))
            {
                v.push(i);
            }
        }
        for (_, f) in rows(PARTICLES) {
            if let Some(p) = f.first() {
                lx.particles.insert(normalize_str(p.trim()));
            }
        }
        for (line, f) in rows(ROLES) {
            let (Some(lang), Some(phrase), Some(role)) = (f.first(), f.get(1), f.get(2)) else {
                return Err(bad("roles.tsv", line, "expected lang<TAB>phrase<TAB>role"));
            };
            let role = role.trim();
            if !crate::kb::ROLE_KEYS.contains(&role) {
                return Err(bad("roles.tsv", line, format!("unknown role `{role}`")));
            }
            if Script::of_lang(lang.trim()).is_none() {
                return Err(bad("roles.tsv", line, format!("unknown language `{lang}`")));
            }
            lx.roles.push((
                lang.trim().to_string(),
                normalize_str(phrase.trim()),
                role.to_string(),
            ));
        }
        for (line, f) in rows(CUES) {
            let (Some(lang), Some(kind), Some(phrase)) = (f.first(), f.get(1), f.get(2)) else {
                return Err(bad("cues.tsv", line, "expected lang<TAB>kind<TAB>phrase"));
            };
            let kind = match kind.trim() {
                "title" => CueKind::Title,
                "speech_after" => CueKind::SpeechAfter,
                "speech_before" => CueKind::SpeechBefore,
                "org_head" => CueKind::OrgHead,
                "org_tail" => CueKind::OrgTail,
                "place_head" => CueKind::PlaceHead,
                "place_tail" => CueKind::PlaceTail,
                "link" => CueKind::Link,
                "loc_tail" => CueKind::LocTail,
                "org_before" => CueKind::OrgBefore,
                k => return Err(bad("cues.tsv", line, format!("unknown cue kind `{k}`"))),
            };
            if Script::of_lang(lang.trim()).is_none() {
                return Err(bad("cues.tsv", line, format!("unknown language `{lang}`")));
            }
            lx.cues
                .push((lang.trim().to_string(), normalize_str(phrase.trim()), kind));
        }
        for (_, phrase, kind) in &lx.cues {
            *lx.cue_kinds.entry(phrase.clone()).or_default() |= 1 << *kind as u16;
        }
        for (lang, text) in COMMON {
            let i = Script::of_lang(lang).unwrap_or(Script::Other).index();
            if let Some(set) = lx.common.get_mut(i) {
                for (_, f) in rows(text) {
                    if let Some(w) = f.first() {
                        set.insert(normalize_str(w.trim()));
                    }
                }
            }
        }
        for (lang, text) in NAMEPARTS {
            let file = format!("nameparts.{lang}.txt");
            for (line, f) in rows(text) {
                let (Some(kind), Some(word)) = (f.first(), f.get(1)) else {
                    return Err(bad(&file, line, "expected kind<TAB>word"));
                };
                let part = match kind.trim() {
                    "honorific" => NamePart::Honorific,
                    "title" => NamePart::Title,
                    "initial" => NamePart::Initial,
                    "given" => NamePart::Given,
                    "family" => NamePart::Family,
                    k => return Err(bad(&file, line, format!("unknown kind `{k}`"))),
                };
                let w = normalize_str(word.trim());
                if w.is_empty() {
                    return Err(bad(&file, line, "empty word"));
                }
                lx.name_parts.entry(w).or_insert(part);
            }
        }
        for (line, f) in rows(CONNECTORS) {
            let (Some(kind), Some(word)) = (f.first(), f.get(1)) else {
                return Err(bad("connectors.tsv", line, "expected kind<TAB>word"));
            };
            let w = normalize_str(word.trim());
            match kind.trim() {
                "name_particle" => lx.name_particles.insert(w),
                "place_prep" => lx.place_preps.insert(w),
                "weak_place_prep" => {
                    lx.place_preps.insert(w.clone());
                    lx.weak_place_preps.insert(w)
                }
                "name_inner" => lx.name_inner.insert(w),
                "tail_particle" => lx.tail_particles.insert(w),
                "tail_article" => lx.tail_articles.insert(w),
                "chain_particle" => lx.chain_particles.insert(w),
                "acronym_skip" => lx.acronym_skip.insert(w),
                "legal_suffix" => lx.legal_suffixes.insert(w),
                "name_title" => lx.name_titles.insert(w),
                "eponym_head" => lx.eponym_heads.insert(w),
                "club_prefix" => lx.club_prefixes.insert(w),
                k => return Err(bad("connectors.tsv", line, format!("unknown kind `{k}`"))),
            };
        }
        for (line, f) in rows(GIVEN_EN) {
            let w = f
                .first()
                .map(|w| normalize_str(w.trim()))
                .unwrap_or_default();
            if w.is_empty() || w.contains(' ') {
                return Err(bad("given.en.txt", line, "expected one name"));
            }
            lx.given_names.insert(w);
        }
        for (line, f) in rows(NOT_ALONE) {
            let w = f
                .first()
                .map(|w| normalize_str(w.trim()))
                .unwrap_or_default();
            if w.is_empty() || w.contains(' ') {
                return Err(bad("not_alone.txt", line, "expected one word"));
            }
            lx.not_alone.insert(w);
        }
        Ok(lx)
    }

    /// What the normalized word `w` is in a personal name, if it is a known name part.
    pub fn name_part(&self, w: &str) -> Option<NamePart> {
        self.name_parts.get(w).copied()
    }

    pub fn morph(&self, s: Script) -> &Morph {
        &self.morph[s.index()]
    }

    /// Whether the normalized word `w` is a common word of its script.
    /// Whether `phrase` (normalized) is a cue of `kind`.
    pub fn is_cue(&self, phrase: &str, kind: CueKind) -> bool {
        self.cue_kinds
            .get(phrase)
            .is_some_and(|k| k & (1 << kind as u16) != 0)
    }

    pub fn is_common(&self, w: &str) -> bool {
        self.common[Script::of_str(w).index()].contains(w)
    }
}
