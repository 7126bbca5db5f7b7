//! Names the knowledge base lacks, in Arabic text. Arabic has no capitals, and most of its
//! words are also somebody's name, so names are read only where the language announces them:
//!
//! - **Persons**: runs of personal-name parts (the name-part table of 86k Arabic names, see
//!   `data/kb/README.md`) with their chains: بن / ابن / بنت and آل, the kunya أبو / أم, compound
//!   parts (عبد الله, نور الدين), and nisba family names (ال…ي: الدوسري). A run needs a title,
//!   role or speech verb a few words before it ("قال المتحدث باسم الجيش العميد X"); without
//!   one, it must open with a frequent given name and hold only known parts.
//! - **Organizations**: a head word (وزارة, حركة, مجلس, …) with its idafa complement ("وزارة
//!   الصحة") or, when the head carries the article, its adjective ("المجلس الرئاسي"), then
//!   adjectives (nisba forms, `org_adj`), one ل-complement after an adjective ("الاتحاد الآسيوي
//!   لكرة القدم") and one و-coordinated noun ("وزارة الطاقة والمعادن"). It stops at anything
//!   else (verbs, prepositions, objects of the sentence). A country demonym or KB name inside
//!   is part of it, not a separate entity; the organization inherits its country (and a CAMEO
//!   code from the head's role). An article head named only by a country's adjective ("الجيش
//!   السوداني", "المؤسسة العسكرية الليبية") stays that country, as events code it. Facilities
//!   (مطار, ملعب, قصر) are read the same way and typed LOC.
//! - **Places**: one or two words after a place word without the article ("مدينة X", "مخيم X",
//!   "بلدة أم X"), when the KB does not already name them.
//! - **Foreign names** the table cannot know ("كلير نيكوليه") only in the quote frame: a title,
//!   two or three unknown name-like words, then إن / أن or a comma.
//!
//! Names a cue vouched for whose consonant key is too short to tell apart (Arabic writes no
//! short vowels: "عدي عواد" keys as `d d`) get a vowel-aware provisional id (`new:v:...`). A
//! KB person's one-word link on a feminine adjective (a surname key met by chance: عسكرية) is
//! dropped.
//!
//! Mentions start after the proclitics (و ف ب ل ك, and the ل of لل): "وبمدينة" gives a mention
//! of the name, never of "و". Knowledge is data: `data/entities/discover.ar.tsv` (cues, head
//! words, adjectives, stop words) and the name-part table. It deliberately does not guess a
//! name from one bare word with no cue, does not translate names (display names are
//! romanizations), and leaves KB mentions alone but for the one-word ones a longer name
//! takes in.

use super::discover::{add_new, push_new, remove_mention, Words};
use super::lexicon::Script;
use super::matcher::{Hit, What};
use super::{translit, EntityError, EntityLinker, Occupied};
use crate::fast::{word_key, HashMap, KeyMap};
use crate::kb::names::NameParts;
use khabar_core::{Entity, EntityType, Span};
use khabar_text::normalize::{normalize_str, Normalized};
use std::cell::RefCell;
use thread_local::ThreadLocal;

const DATA: &str = include_str!("../../data/entities/discover.ar.tsv");
const FILE: &str = "discover.ar.tsv";

/// Most words a person's name may span (connectors included).
const MAX_PERSON_WORDS: usize = 7;
/// Most words after an organization's head.
const MAX_ORG_TAIL: usize = 7;
/// Words before a run searched for a title or speech verb.
const CUE_WINDOW: usize = 5;
/// How often a given name must occur in the name-part table to open a name with no cue.
const GIVEN_UNCUED: u32 = 40;
/// How often a given name must occur in the name-part table to open a name after a cue.
const GIVEN_MIN: u32 = 3;
/// How often a part the table does not mark as a given name must occur there to open a name
/// after a cue.
const PART_CUED: u32 = 10;
/// How often each other part must occur in the name-part table in a name with no cue.
const PART_UNCUED: u32 = 5;

// Kinds of a lexicon word (bits).
const TITLE: u32 = 1;
const SPEECH: u32 = 1 << 1;
const CONNECTOR: u32 = 1 << 2;
const ORG_HEAD: u32 = 1 << 3;
const ORG_BARE: u32 = 1 << 4;
const ORG_ADJ: u32 = 1 << 5;
const PLACE_HEAD: u32 = 1 << 6;
const PLACE_WEAK: u32 = 1 << 7;
const PLACE_OPENER: u32 = 1 << 8;
const PLACE_ADJ: u32 = 1 << 9;
const STOP: u32 = 1 << 10;
const DOTTED_YA: u32 = 1 << 11;
const ORG_WEAK: u32 = 1 << 12;
const ORG_LAM: u32 = 1 << 13;
const KUNYA: u32 = 1 << 14;
const STATE_ADJ: u32 = 1 << 15;
const FACILITY: u32 = 1 << 16;

/// What the lexicon says of one word.
#[derive(Debug, Clone, Default)]
struct Info {
    kinds: u32,
    /// CAMEO role of an organization head ("GOV", "MIL").
    role: Option<String>,
    /// Type of the places a place head announces.
    place: Option<EntityType>,
}

/// The Arabic discovery lexicon (`data/entities/discover.ar.tsv`). Titles and speech verbs
/// are kept as written (الرئيس and رئيس differ); the other kinds without the article.
#[derive(Debug, Default)]
pub(crate) struct ArabicLexicon {
    /// Word -> index into `infos`.
    words: HashMap<String, u32>,
    infos: Vec<Info>,
    /// Per thread: what [`classify`] said of the words met so far (news vocabulary is
    /// Zipfian: most words of a document were met before). Bounded by [`MEMO_WORDS`].
    memo: ThreadLocal<RefCell<KeyMap<Packed>>>,
}

/// Words remembered per thread before the table is cleared.
const MEMO_WORDS: usize = 1 << 16;

fn bad(line: usize, msg: impl Into<String>) -> EntityError {
    EntityError::Data {
        file: FILE.to_string(),
        line,
        message: msg.into(),
    }
}

/// The word without a leading article, when at least two letters remain.
fn strip_article(w: &str) -> &str {
    match w.strip_prefix("ال") {
        Some(r) if r.chars().count() >= 2 => r,
        _ => w,
    }
}

impl ArabicLexicon {
    /// The embedded data, validated.
    pub(crate) fn builtin() -> Result<Self, EntityError> {
        Self::parse(DATA)
    }

    fn parse(text: &str) -> Result<Self, EntityError> {
        let mut words: HashMap<String, u32> = HashMap::default();
        let mut infos: Vec<Info> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let n = i + 1;
            let mut f = line.split('\t');
            let (Some(kind), Some(word)) = (f.next(), f.next()) else {
                return Err(bad(n, "expected kind<TAB>word[<TAB>extra]"));
            };
            let extra = f.next().map(str::trim).filter(|s| !s.is_empty());
            let word = normalize_str(&word.trim().replace('_', " "));
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(bad(n, "expected one word"));
            }
            if Script::of_str(&word) != Script::Arabic {
                return Err(bad(n, format!("`{word}` is not an Arabic word")));
            }
            let bit = match kind.trim() {
                "title" => TITLE,
                "speech" => SPEECH,
                "connector" => CONNECTOR,
                "kunya" => CONNECTOR | KUNYA,
                "org_head" => ORG_HEAD,
                "org_head_bare" => ORG_HEAD | ORG_BARE,
                "org_head_weak" => ORG_HEAD | ORG_WEAK,
                "facility_head" => ORG_HEAD | ORG_BARE | FACILITY,
                "facility_head_weak" => ORG_HEAD | ORG_BARE | ORG_WEAK | FACILITY,
                "org_adj" => ORG_ADJ,
                "org_lam" => ORG_LAM,
                "state_adj" => STATE_ADJ,
                "place_head" => PLACE_HEAD,
                "place_head_weak" => PLACE_HEAD | PLACE_WEAK,
                "place_opener" => PLACE_OPENER,
                "place_adj" => PLACE_ADJ,
                "stop" => STOP,
                "dotted_ya" => DOTTED_YA,
                k => return Err(bad(n, format!("unknown kind `{k}`"))),
            };
            let key = if bit & (TITLE | SPEECH | CONNECTOR | KUNYA | DOTTED_YA) != 0 {
                word.clone()
            } else {
                strip_article(&word).to_string()
            };
            let at = match words.get(&key) {
                Some(&at) => at,
                None => {
                    let at = infos.len() as u32;
                    infos.push(Info::default());
                    words.insert(key, at);
                    at
                }
            };
            let Some(info) = infos.get_mut(at as usize) else {
                return Err(bad(n, "internal: lost a word"));
            };
            info.kinds |= bit;
            if bit & ORG_HEAD != 0 {
                if let Some(r) = extra {
                    if r.len() != 3 || !r.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(bad(n, format!("`{r}` is not a CAMEO role code")));
                    }
                    info.role = Some(r.to_string());
                }
            } else if bit & PLACE_HEAD != 0 {
                info.place = Some(match extra {
                    None => EntityType::Gpe,
                    Some(t) => match EntityType::parse(t) {
                        Some(t @ (EntityType::Gpe | EntityType::Loc)) => t,
                        _ => return Err(bad(n, format!("`{t}`: a place is GPE or LOC"))),
                    },
                });
            } else if extra.is_some() {
                return Err(bad(n, "only org_head and place_head take a third column"));
            }
        }
        Ok(Self {
            words,
            infos,
            memo: ThreadLocal::new(),
        })
    }

    fn get(&self, w: &str) -> Option<&Info> {
        self.at(w).and_then(|i| self.infos.get(i as usize))
    }

    fn at(&self, w: &str) -> Option<u32> {
        self.words.get(w).copied()
    }

    fn has(&self, w: &str, kinds: u32) -> bool {
        self.get(w).is_some_and(|i| i.kinds & kinds != 0)
    }
}

/// One way to read a word: `pre` bytes of proclitics (و ف, then ب ل ك), an article (written,
/// or merged into ل as in لل), and the base after them.
#[derive(Debug, Clone, Copy)]
struct Reading<'t> {
    /// Bytes of the proclitics.
    pre: usize,
    /// Offset in the word where a name starts: after the proclitics, at a written article.
    name_at: usize,
    art: bool,
    /// The word after its proclitics, article kept when written.
    bare: &'t str,
    /// The word after proclitics and article.
    base: &'t str,
}

/// Readings of a normalized Arabic word, the whole word first, then with the article, then
/// with ever longer proclitic chains; every base keeps two letters or more.
fn readings(word: &str) -> Vec<Reading<'_>> {
    let mut out = Vec::with_capacity(4);
    each_reading(word, |r| {
        out.push(r);
        None::<()>
    });
    out
}

/// `f` of each reading of `word` in the order of [`readings`], until it returns something.
fn each_reading<'t, R>(word: &'t str, mut f: impl FnMut(Reading<'t>) -> Option<R>) -> Option<R> {
    let long = |s: &str| s.chars().nth(1).is_some();
    for p1 in ["", "و", "ف"] {
        let Some(r1) = word.strip_prefix(p1) else {
            continue;
        };
        for p2 in ["", "ب", "ل", "ك"] {
            let Some(r2) = r1.strip_prefix(p2) else {
                continue;
            };
            let pre = p1.len() + p2.len();
            if !long(r2) {
                continue;
            }
            let r = f(Reading {
                pre,
                name_at: pre,
                art: false,
                bare: r2,
                base: r2,
            });
            if r.is_some() {
                return r;
            }
            let art = if let Some(b) = r2.strip_prefix("ال").filter(|b| long(b)) {
                Some(Reading {
                    pre,
                    name_at: pre,
                    art: true,
                    bare: r2,
                    base: b,
                })
            } else if p2 == "ل" {
                // لل: the article's alef is not written; the name starts after it.
                r2.strip_prefix('ل').filter(|b| long(b)).map(|b| Reading {
                    pre,
                    name_at: pre + 'ل'.len_utf8(),
                    art: true,
                    bare: b,
                    base: b,
                })
            } else {
                None
            };
            if let Some(r) = art.and_then(&mut f) {
                return Some(r);
            }
        }
    }
    None
}

/// What the lexicon says of one word of the document, read once: the first reading that is
/// an organization head, the first that is a place head, and whether a reading is a title or
/// speech verb.
#[derive(Clone, Copy, Default)]
struct Class<'a> {
    org: Option<(Reading<'a>, &'a Info)>,
    place: Option<(Reading<'a>, &'a Info)>,
    cue: bool,
    title: bool,
    /// The first reading that may open a personal name: no article, and a given name, a
    /// frequent name part or a connector (أبو, عبد).
    person: Option<Reading<'a>>,
}

/// A [`Reading`] as offsets into its word (the bare and base forms are suffixes of it).
#[derive(Debug, Clone, Copy)]
struct PackedReading {
    pre: u8,
    name_at: u8,
    art: bool,
    bare_at: u8,
    base_at: u8,
}

/// A [`Class`] as offsets and lexicon indexes, to remember per word.
#[derive(Debug, Clone, Copy, Default)]
struct Packed {
    org: Option<(PackedReading, u32)>,
    place: Option<(PackedReading, u32)>,
    cue: bool,
    title: bool,
    person: Option<PackedReading>,
}

fn pack(word: &str, r: Reading) -> Option<PackedReading> {
    let at = |s: &str| u8::try_from(word.len().checked_sub(s.len())?).ok();
    Some(PackedReading {
        pre: u8::try_from(r.pre).ok()?,
        name_at: u8::try_from(r.name_at).ok()?,
        art: r.art,
        bare_at: at(r.bare)?,
        base_at: at(r.base)?,
    })
}

fn unpack(word: &str, p: PackedReading) -> Option<Reading<'_>> {
    Some(Reading {
        pre: usize::from(p.pre),
        name_at: usize::from(p.name_at),
        art: p.art,
        bare: word.get(usize::from(p.bare_at)..)?,
        base: word.get(usize::from(p.base_at)..)?,
    })
}

/// [`classify_word`], remembered per thread (words of up to 255 bytes).
fn classify<'a>(lx: &'a ArabicLexicon, parts: Option<&NameParts>, word: &'a str) -> Class<'a> {
    if word.len() > usize::from(u8::MAX) {
        return classify_word(lx, parts, word);
    }
    let cell = lx.memo.get_or_default();
    let Ok(mut memo) = cell.try_borrow_mut() else {
        return classify_word(lx, parts, word);
    };
    let with_info = |r: Option<(PackedReading, u32)>| {
        r.and_then(|(r, i)| Some((unpack(word, r)?, lx.infos.get(i as usize)?)))
    };
    let k = word_key(word);
    if let Some(p) = memo.get(&k) {
        return Class {
            org: with_info(p.org),
            place: with_info(p.place),
            cue: p.cue,
            title: p.title,
            person: p.person.and_then(|r| unpack(word, r)),
        };
    }
    let c = classify_word(lx, parts, word);
    let packed_info =
        |x: Option<(Reading, &Info)>| x.and_then(|(r, _)| Some((pack(word, r)?, lx.at(r.base)?)));
    let p = Packed {
        org: packed_info(c.org),
        place: packed_info(c.place),
        cue: c.cue,
        title: c.title,
        person: c.person.and_then(|r| pack(word, r)),
    };
    if memo.len() >= MEMO_WORDS {
        memo.clear();
    }
    memo.insert(k, p);
    c
}

fn classify_word<'a>(lx: &'a ArabicLexicon, parts: Option<&NameParts>, word: &'a str) -> Class<'a> {
    let mut c = Class::default();
    // A word the lexicon knows as it stands (لجنة, a head) is not a clitic and a name (ل + جنة).
    let mut whole_known = false;
    each_reading(word, |r| {
        let info = lx.get(r.base);
        if r.pre == 0 && !r.art && info.is_some_and(|i| i.kinds & !DOTTED_YA != 0) {
            whole_known = true;
        }
        let may_open = r.pre == 0 || !whole_known;
        if c.person.is_none() && may_open && !r.art && !r.bare.starts_with("ال") {
            let (count, given) = parts.map_or((0, 0), |p| p.counts(r.base));
            if given >= GIVEN_MIN
                || count >= PART_CUED
                || info.is_some_and(|i| i.kinds & CONNECTOR != 0)
            {
                c.person = Some(r);
            }
        }
        if let Some(info) = info {
            if c.org.is_none() && info.kinds & ORG_HEAD != 0 {
                c.org = Some((r, info));
            }
            if c.place.is_none() && info.kinds & PLACE_HEAD != 0 {
                c.place = Some((r, info));
            }
            c.cue |= !r.art && info.kinds & (TITLE | SPEECH) != 0;
            c.title |= !r.art && info.kinds & TITLE != 0;
        }
        if r.art && !c.cue {
            c.cue = lx.has(r.bare, TITLE | SPEECH);
            c.title |= lx.has(r.bare, TITLE);
        }
        None::<()>
    });
    c
}

/// Whether a base looks like a nisba adjective (..ي, ..ية, ..يون, ..يين, ..يان, ..يات).
fn nisba(base: &str) -> bool {
    base.chars().count() >= 3
        && !masdar(base)
        && ["ي", "يه", "يون", "يين", "يان", "يات"]
            .iter()
            .any(|s| base.ends_with(s))
}

/// Whether a base ends like a singular nisba adjective (..ي, ..ية): a stricter [`nisba`]
/// for words that also end in plural -يات (عمليات).
fn adjectival(base: &str) -> bool {
    base.ends_with('ي') || (base.ends_with("يه") && !masdar(base))
}

/// Whether a word ending in ية is a verbal noun of the فعالة pattern (حماية, رعاية, نهاية),
/// not a nisba adjective.
fn masdar(base: &str) -> bool {
    base.ends_with("ايه")
}

/// A mention already in `out` that overlaps `w`: (entity id, kind, known, country, span).
struct Found {
    id: String,
    kind: EntityType,
    known: bool,
    country: Option<String>,
    cameo: Option<String>,
    span: Span,
}

fn found_over(out: &HashMap<String, Entity>, w: Span) -> Option<Found> {
    out.values().find_map(|e| {
        e.mentions.iter().find(|m| m.overlaps(w)).map(|m| Found {
            id: e.id.clone(),
            kind: e.kind,
            known: e.known,
            country: e.country.clone(),
            cameo: e.cameo.clone(),
            span: *m,
        })
    })
}

/// Whether an entity id is a country's (its ISO alpha-3 code).
fn is_country(f: &Found) -> bool {
    f.country.as_deref() == Some(f.id.as_str())
}

/// The state of one pass over a document.
struct Cx<'a> {
    l: &'a EntityLinker,
    norm: &'a Normalized,
    original: &'a str,
    text: &'a str,
    words: &'a Words,
    parts: Option<&'a NameParts>,
    /// Per word, what the lexicon says of it.
    classes: Vec<Class<'a>>,
    /// A buffer for compound name parts ([`Cx::pair_count`]).
    pair: RefCell<String>,
}

impl<'a> Cx<'a> {
    fn lx(&self) -> &'a ArabicLexicon {
        &self.l.ar
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        let w = self.words.get(i)?;
        (self.words.script(i) == Script::Arabic).then(|| w.slice(self.text))
    }

    /// Whether words `i` and `i + 1` are separated by one space only.
    fn joined(&self, i: usize) -> bool {
        match (self.words.get(i), self.words.get(i + 1)) {
            (Some(a), Some(b)) => self.text.get(a.end..b.start) == Some(" "),
            _ => false,
        }
    }

    fn class(&self, i: usize) -> Class<'a> {
        self.classes.get(i).copied().unwrap_or_default()
    }

    fn is_common(&self, w: &str) -> bool {
        self.l.lx.is_common(w) || self.l.lx.is_common(strip_article(w))
    }

    /// [`Cx::is_common`] of `w`, a reading of word `i`, but for the names that normalization
    /// folds onto a function word and the original text writes with a dotted final ya (علي,
    /// not على).
    fn common_at(&self, i: usize, w: &str) -> bool {
        if !self.is_common(w) {
            return false;
        }
        let dotted = || {
            self.words.get(i).is_some_and(|s| {
                self.norm
                    .to_original(*s)
                    .slice(self.original)
                    .ends_with('\u{064A}')
            })
        };
        !(self.lx().has(w, DOTTED_YA) && dotted())
    }

    /// How often the name-part table holds `w` (or `w` without its article).
    fn part_count(&self, w: &str) -> u32 {
        self.parts
            .map_or(0, |p| p.count(w).max(p.count(strip_article(w))))
    }

    /// `f` of the name-part table on the compound part "a b" (عبد الله), written into a
    /// buffer kept across calls rather than a new string each time.
    fn pair_count(&self, a: &str, b: &str, f: fn(&NameParts, &str) -> u32) -> u32 {
        let Some(p) = self.parts else { return 0 };
        let Ok(mut buf) = self.pair.try_borrow_mut() else {
            return f(p, &format!("{a} {b}"));
        };
        buf.clear();
        buf.push_str(a);
        buf.push(' ');
        buf.push_str(b);
        f(p, &buf)
    }

    fn given_count(&self, w: &str) -> u32 {
        self.parts.map_or(0, |p| p.given_count(w))
    }

    /// Whether word `i`, as written, is a plain word that may stand inside a name: not a
    /// common word, a stop word, a title, a speech verb or a head word.
    /// Word `i` as the original text writes it (ة and ه, ى and ي apart).
    fn original_of(&self, i: usize) -> &'a str {
        self.words
            .get(i)
            .map_or("", |w| self.norm.to_original(*w).slice(self.original))
    }

    /// Whether a reading of `w` behind a proclitic is a common word (بأن: ب + أن).
    fn clitic_common(&self, w: &str) -> bool {
        each_reading(w, |r| {
            (r.pre > 0 && !r.art && self.is_common(r.base)).then_some(())
        })
        .is_some()
    }

    fn plain(&self, i: usize) -> bool {
        self.plain_but(i, TITLE | SPEECH | ORG_HEAD)
    }

    /// [`Cx::plain`], with only the kinds in `but` ruling a word out (titles and speech
    /// verbs as written; organization heads): a place may be named after a title ("جبل
    /// الشيخ"), an organization's name may nest another head ("حزب جبهة التحرير").
    fn plain_but(&self, i: usize, but: u32) -> bool {
        let Some(w) = self.word(i) else { return false };
        let lx = self.lx();
        !self.is_common(w)
            && !lx.has(w, but & (TITLE | SPEECH))
            && !lx.has(strip_article(w), STOP | PLACE_HEAD | (but & ORG_HEAD))
    }
}

/// Find new persons, organizations and places in Arabic text (see the module docs). `cues`
/// are the matcher's role and cue hits (a role phrase right before a new person is that
/// person's title, not a mention of whoever holds the role).
pub(crate) fn discover(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    cues: &[Hit],
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    if !(0..words.len()).any(|i| words.script(i) == Script::Arabic) {
        return;
    }
    let text = norm.text.as_str();
    let classes = (0..words.len())
        .map(|i| match words.get(i) {
            Some(w) if words.script(i) == Script::Arabic => {
                classify(&l.ar, l.parts.as_ref(), w.slice(text))
            }
            _ => Class::default(),
        })
        .collect();
    let cx = Cx {
        l,
        norm,
        original,
        text,
        words,
        parts: l.parts.as_ref(),
        classes,
        pair: RefCell::new(String::with_capacity(64)),
    };
    drop_adjective_surnames(&cx, out);
    organizations(&cx, out, covered);
    places(&cx, out, covered);
    persons(&cx, cues, out, covered);
    foreign_names(&cx, out, covered);
}

/// Words that close the name in "قال [title] [name] إن ...": the name ends right before them.
const NAME_CLOSERS: [&str; 4] = ["ان", "انه", "انها", "بان"];

/// Foreign names the name-part table cannot vouch for ("كلير نيكوليه", "آرني سلوت"), read in
/// the frame news quotes people with: a title a few words before, two or three words no
/// lexicon knows, then إن / أن or a comma or full stop. Every word must look like a name
/// (not common, no article, no plural or adjective ending, not a proclitic on a common word).
fn foreign_names(cx: &Cx, out: &mut HashMap<String, Entity>, covered: &mut Occupied) {
    let lx = cx.lx();
    let n = cx.words.len();
    for k in 2..=n {
        // The run ends at word k - 1; word k (or the punctuation after k - 1) closes it.
        let Some(last) = cx.words.get(k - 1).copied() else {
            continue;
        };
        let closed = match cx.words.get(k) {
            Some(next) => {
                let gap = cx.text.get(last.end..next.start).unwrap_or("");
                (gap == " " && cx.word(k).is_some_and(|t| NAME_CLOSERS.contains(&t)))
                    || gap.trim_start().starts_with(['،', ',', '.', ':'])
            }
            None => false,
        };
        if !closed {
            continue;
        }
        // Grow the run backwards over name-like words (two or three).
        let mut first = k;
        let mut took: Vec<Span> = Vec::new();
        while k - first < 3 && first > 0 {
            let j = first - 1;
            if first < k && !cx.joined(j) {
                break;
            }
            // A word opening with و or ف starts a run (a conjunction before a name): the run
            // does not grow back past it.
            if first < k && cx.word(first).is_some_and(|t| t.starts_with(['و', 'ف'])) {
                break;
            }
            let (Some(t), Some(w)) = (cx.word(j), cx.words.get(j).copied()) else {
                break;
            };
            let link = found_over(out, w);
            let ok_link = match &link {
                None => !covered.overlaps(w),
                // A one-word link on a word without the article: a surname of a KB person met
                // by chance, or a demonym that is also a given name ("جورجي").
                Some(f) => {
                    f.known
                        && f.span == w
                        && (f.kind == EntityType::Per || (is_country(f) && nisba(t)))
                }
            };
            let foreign = ok_link
                && !t.starts_with("ال")
                && t.chars().count() >= 3
                && !t.ends_with("ات")
                && !cx.original_of(j).ends_with("ية")
                && !cx.common_at(j, t)
                && lx.get(t).is_none()
                && lx.get(strip_article(t)).is_none()
                && !cx.clitic_common(t)
                && cx.words.name_like(cx.l, cx.norm, cx.original, j);
            if !foreign {
                break;
            }
            if link.is_some() {
                took.push(w);
            }
            first = j;
        }
        if k - first < 2 || took.len() == k - first {
            continue;
        }
        // و / ف opening the run with a name or the article after it is a conjunction.
        if cx.word(first).is_some_and(|t| {
            let rest = t.get('و'.len_utf8()..).unwrap_or("");
            t.starts_with(['و', 'ف']) && (rest.starts_with("ال") || cx.part_count(rest) > 0)
        }) {
            continue;
        }
        // A title a few words before, in the same clause.
        let titled = (first.saturating_sub(4)..first).rev().any(|j| {
            cx.class(j).title
                && (j + 1..first).all(|x| {
                    cx.text
                        .get(
                            cx.words.get(x - 1).map_or(0, |a| a.end)
                                ..cx.words.get(x).map_or(0, |b| b.start),
                        )
                        .is_some_and(|g| g == " ")
                })
        }) && cx.joined(first - 1);
        if !titled {
            continue;
        }
        let (Some(a), Some(b)) = (cx.words.get(first), cx.words.get(k - 1)) else {
            continue;
        };
        let span = Span::new(a.start, b.end);
        if push(cx, span, EntityType::Per, out, covered) {
            for s in took {
                remove_mention(out, s);
            }
        }
    }
}

/// A one-word link of a KB person on a word that reads as a feminine adjective (عسكرية,
/// الإسلامية: a surname's phonetic key met by chance) is not that person: dropped, unless the
/// word is a given name (سمية).
fn drop_adjective_surnames(cx: &Cx, out: &mut HashMap<String, Entity>) {
    let adjective = |m: &Span| {
        let t = m.slice(cx.text);
        Script::of_str(t) == Script::Arabic
            && !t.contains(' ')
            && t.ends_with("يه")
            && cx.given_count(t).max(cx.given_count(strip_article(t))) < GIVEN_MIN
    };
    let mut emptied = Vec::new();
    for e in out
        .values_mut()
        .filter(|e| e.known && e.kind == EntityType::Per)
    {
        let before = e.mentions.len();
        e.mentions.retain(|m| !adjective(m));
        if e.mentions.len() != before && e.mentions.is_empty() {
            emptied.push(e.id.clone());
        }
    }
    for id in emptied {
        out.remove(&id);
    }
}

fn organizations(cx: &Cx, out: &mut HashMap<String, Entity>, covered: &mut Occupied) {
    let lx = cx.lx();
    let mut i = 0;
    while i < cx.words.len() {
        let here = i;
        i += 1;
        let Some((head, info)) = cx.class(here).org else {
            continue;
        };
        let Some(hw) = cx.words.get(here).copied() else {
            continue;
        };
        if head.art && info.kinds & ORG_BARE != 0 {
            continue;
        }
        // A head the KB links as a one-word town ("جامعة") is the head all the same.
        let head_link = match found_over(out, hw) {
            None => None,
            Some(f)
                if hw.contains(f.span)
                    && f.known
                    && !is_country(&f)
                    && matches!(f.kind, EntityType::Gpe | EntityType::Loc) =>
            {
                Some(f)
            }
            Some(_) => continue,
        };
        // Walk the tail.
        let mut j = here + 1;
        let mut end = hw.end;
        let mut took: Vec<Found> = head_link.into_iter().collect();
        let mut adjectives = 0;
        let mut complement = false;
        let mut generic_complement = false;
        let mut nested = false;
        // The complement is a name (a KB name, a word the lexicon does not know).
        let mut proper = false;
        // An adjective says the organization is the state's (العسكرية, الأمنية).
        let mut stately = false;
        let mut lam = false;
        let mut waw = false;
        let mut n = 0;
        while n < MAX_ORG_TAIL && cx.joined(j - 1) {
            let Some(w) = cx.words.get(j).copied() else {
                break;
            };
            let Some(t) = cx.word(j) else { break };
            n += 1;
            // A mention already there: a country's demonym (an adjective) or a KB name (a
            // complement), taken in whole.
            // Every mention is also in `covered`: a word outside it needs no search.
            let found = if covered.overlaps(w) {
                found_over(out, w)
            } else {
                None
            };
            // A one-word link of a person or a town inside the tail ("الإسلامية" read as a
            // surname) is a word of the name: taken in, and read as a plain word.
            let stray = found.as_ref().is_some_and(|f| {
                w.contains(f.span)
                    && !is_country(f)
                    && (f.kind == EntityType::Per
                        || (f.kind != EntityType::Org && t.starts_with("ال") && nisba(t)))
            });
            if let Some(f) = found.filter(|_| !stray) {
                // A one-word mention may start after the article (المصرية -> مصرية).
                let inside = w.contains(f.span) && f.span.end == w.end;
                if !(f.span.start == w.start || inside) || f.kind == EntityType::Per {
                    break;
                }
                let demonym = is_country(&f) && nisba(t);
                if demonym && !t.starts_with("ال") {
                    break;
                }
                if demonym && (complement || head.art) {
                    adjectives += 1;
                } else if !complement && !head.art && !demonym {
                    complement = true;
                    proper = true;
                } else {
                    break;
                }
                end = f.span.end.max(w.end);
                took.push(f);
                // Continue after the last word the mention covers.
                j = cx.words.partition_point(|x| x.start < end);
                continue;
            }
            let stray = if stray { found_over(out, w) } else { None };
            let rs = readings(t);
            let plain = rs
                .iter()
                .find(|r| r.pre == 0 && r.art)
                .or(rs.first())
                .copied();
            let tail = if !complement && !head.art {
                // The idafa complement: a definite noun, or a bare noun opening a nested
                // idafa ("حزب جبهة التحرير", "هيئة عمليات التجارة").
                match plain {
                    Some(r) if r.art && !lx.has(r.base, STOP) => {
                        complement = true;
                        if lx.has(r.bare, TITLE) {
                            // A title and a person's name: "جامعة الملك عبد العزيز".
                            let mut k = j + 1;
                            while k - j <= 3
                                && cx.joined(k - 1)
                                && cx
                                    .word(k)
                                    .is_some_and(|x| cx.part_count(x) > 0 || lx.has(x, CONNECTOR))
                                && cx
                                    .words
                                    .get(k)
                                    .is_some_and(|x| found_over(out, *x).is_none())
                            {
                                k += 1;
                            }
                            if k > j + 1 {
                                proper = true;
                                j = k - 1;
                            } else {
                                generic_complement = true;
                            }
                        } else {
                            generic_complement = lx.has(r.base, ORG_HEAD | PLACE_HEAD);
                        }
                        true
                    }
                    Some(r)
                        if !r.art
                            && !nested
                            && cx.plain_but(j, TITLE | SPEECH | ORG_HEAD)
                            && !adjectival(r.base)
                            && cx.joined(j)
                            && cx.word(j + 1).is_some_and(|x| x.starts_with("ال"))
                            // A title after it starts the clause's object ("في قصر بعبدا
                            // المبعوثة ..."), no nested idafa.
                            && !cx.class(j + 1).title =>
                    {
                        nested = true;
                        true
                    }
                    // A proper name right after a company or club word ("شركة أرامكو").
                    Some(r)
                        if !r.art
                            && info.role.as_deref().is_none_or(|x| x == "BUS")
                            && cx.words.name_like(cx.l, cx.norm, cx.original, j)
                            && cx.plain(j)
                            && !nisba(r.base)
                            && cx.part_count(t) == 0 =>
                    {
                        complement = true;
                        proper = true;
                        true
                    }
                    _ => false,
                }
            } else {
                let adjective = plain.filter(|r| {
                    r.art && (nisba(r.base) || lx.has(r.base, ORG_ADJ)) && !lx.has(r.base, STOP)
                });
                if let Some(a) = adjective {
                    adjectives += 1;
                    stately |= lx.has(a.base, STATE_ADJ);
                    true
                } else if !lam && adjectives > 0 {
                    // One ل-complement after an adjective: a definite noun (للانتخابات), or
                    // one of the nouns names take with their genitive (لحقوق الإنسان).
                    let lam_r = |art: bool| {
                        rs.iter()
                            .find(|r| r.pre == 'ل'.len_utf8() && r.art == art && t.starts_with('ل'))
                    };
                    let genitive = cx.joined(j)
                        && cx.word(j + 1).is_some_and(|x| {
                            x.starts_with("ال") && !lx.has(strip_article(x), STOP)
                        })
                        && cx
                            .words
                            .get(j + 1)
                            .is_some_and(|x| found_over(out, *x).is_none());
                    if !cx.plain(j) {
                        false
                    } else if lam_r(true).is_some_and(|r| !lx.has(r.base, STOP)) {
                        lam = true;
                        true
                    } else if lam_r(false).is_some_and(|r| lx.has(r.base, ORG_LAM)) && genitive {
                        lam = true;
                        j += 1;
                        true
                    } else {
                        false
                    }
                } else if !waw && ((complement && !head.art) || lam) {
                    // One و-coordinated definite noun ("وزارة الطاقة والمعادن").
                    let r = rs
                        .iter()
                        .find(|r| r.pre == 'و'.len_utf8() && r.art && t.starts_with('و'));
                    match r {
                        Some(r)
                            if !lx.has(r.base, STOP | ORG_HEAD | PLACE_HEAD)
                                && !lx.has(r.bare, TITLE)
                                && !nisba(r.base) =>
                        {
                            waw = true;
                            true
                        }
                        _ => false,
                    }
                } else {
                    false
                }
            };
            if !tail {
                break;
            }
            took.extend(stray);
            end = cx.words.get(j).map_or(w.end, |x| x.end);
            j += 1;
        }
        // A nested idafa that found no complement of its own is not part of the name.
        if nested && !complement {
            continue;
        }
        let has_name = if head.art {
            // "المجلس الرئاسي", not "الجيش السوداني" alone (the country's army, read as the
            // country).
            // An article head named only by a country's adjective is that country's institution
            // ("الجيش السوداني", "المؤسسة العسكرية الليبية"): it stays the country.
            // So is one whose head is an armed or police force, or whose adjectives say it is
            // the state's ("العسكرية", "الأمنية"); a bank or a union is named ("البنك المركزي
            // المصري").
            let state = stately || matches!(info.role.as_deref(), Some("MIL" | "COP"));
            adjectives > 0 && (lam || !(state && took.iter().any(is_country)))
        } else {
            // A weak head (حركة, تنظيم: also "movement", "organizing") needs more than a
            // definite complement: "حركة الملاحة" is traffic, "حركة مجتمع السلم" a party.
            let weak = info.kinds & ORG_WEAK != 0;
            complement
                && (!generic_complement || adjectives > 0 || lam)
                && (!weak || adjectives > 0 || lam || proper)
        };
        if !has_name {
            continue;
        }
        let span = Span::new(hw.start + head.name_at, end);
        // A KB organization that ends the name is named with its generic head ("جهاز
        // [المخابرات العامة]"): its mention widens to take the head in.
        if let [f] = took.as_slice() {
            if f.known && f.kind == EntityType::Org && f.span.end == end {
                if let Some(e) = out.get_mut(&f.id) {
                    for m in e.mentions.iter_mut().filter(|m| **m == f.span) {
                        *m = span;
                    }
                }
                covered.insert(span);
                i = cx.words.partition_point(|x| x.start < end).max(here + 1);
                continue;
            }
        }
        // A facility (airport, stadium, palace) is a place named like an organization.
        let kind = if info.kinds & FACILITY != 0 {
            EntityType::Loc
        } else {
            EntityType::Org
        };
        if !push(cx, span, kind, out, covered) {
            continue;
        }
        for f in &took {
            remove_mention(out, f.span);
        }
        {
            // The organization belongs where the name inside it does.
            let inner = took
                .iter()
                .find(|f| f.country.is_some() && (is_country(f) || f.kind == EntityType::Org));
            if let (Some(f), Some(e)) = (
                inner,
                out.values_mut()
                    .find(|e| !e.known && e.mentions.contains(&span)),
            ) {
                if e.country.is_none() && kind == EntityType::Loc {
                    e.country = f.country.clone();
                } else if e.country.is_none() {
                    e.country = f.country.clone();
                    e.cameo = if is_country(f) {
                        let c = f.cameo.clone().or_else(|| f.country.clone());
                        match (c, info.role.as_deref()) {
                            (Some(c), Some(r)) => Some(format!("{c} {r}")),
                            (c, _) => c,
                        }
                    } else {
                        f.cameo.clone()
                    };
                }
            }
        }
        i = cx.words.partition_point(|x| x.start < end).max(here + 1);
    }
}

fn places(cx: &Cx, out: &mut HashMap<String, Entity>, covered: &mut Occupied) {
    let lx = cx.lx();
    let mut i = 0;
    while i < cx.words.len() {
        let here = i;
        i += 1;
        let Some((head, info)) = cx.class(here).place else {
            continue;
        };
        let (Some(hw), Some(nw)) = (cx.words.get(here), cx.words.get(here + 1)) else {
            continue;
        };
        if head.art || !cx.joined(here) || covered_by_entity(out, *hw) {
            continue;
        }
        let Some(t) = cx.word(here + 1) else { continue };
        if covered_by_entity(out, *nw) {
            continue;
        }
        let rs = readings(t);
        let Some(r) = rs
            .iter()
            .find(|r| r.pre == 0 && r.art)
            .or(rs.first())
            .copied()
        else {
            continue;
        };
        let opener = lx.has(t, PLACE_OPENER);
        if !opener && !cx.plain_but(here + 1, SPEECH | ORG_HEAD) {
            continue;
        }
        // An indefinite adjective ("منطقة حدودية", "حي سكني") is not a name.
        let head_word = cx.word(here).unwrap_or_default();
        if !r.art
            && (r.base.ends_with("يه") || (r.base.ends_with('ي') && !head_word.ends_with('ه')))
        {
            continue;
        }
        if !opener && !cx.words.name_like(cx.l, cx.norm, cx.original, here + 1) {
            continue;
        }
        if info.kinds & PLACE_WEAK != 0 && !r.art && !opener && cx.part_count(t) == 0 {
            continue;
        }
        let mut last = here + 1;
        if opener {
            // "أم روابة", "بيت لاهيا": the opener needs its second word.
            let ok = cx.joined(last)
                && cx.word(last + 1).is_some()
                && cx.plain(last + 1)
                && cx
                    .words
                    .get(last + 1)
                    .is_some_and(|w| !covered_by_entity(out, *w));
            if !ok {
                continue;
            }
            last += 1;
        }
        if cx.joined(last)
            && cx
                .word(last + 1)
                .is_some_and(|x| x.starts_with("ال") && lx.has(strip_article(x), PLACE_ADJ))
            && cx
                .words
                .get(last + 1)
                .is_some_and(|w| !covered_by_entity(out, *w))
        {
            last += 1;
        }
        let Some(lw) = cx.words.get(last) else {
            continue;
        };
        let span = Span::new(nw.start, lw.end);
        let kind = info.place.unwrap_or(EntityType::Gpe);
        if push(cx, span, kind, out, covered) {
            i = last + 1;
        }
    }
}

/// Record a new name at `span` ([`push_new`]: a KB entry after all when its key names one).
/// A name whose consonant key is too short for `push_new` (Arabic writes no short vowels and
/// the key drops ع, و and ي: "عدي عواد" keys as `d d`) is still recorded when a cue vouched
/// for it: its provisional id then spells the long vowels too (`new:v:...`), which tells such
/// names apart, and needs four letters.
fn push(
    cx: &Cx,
    span: Span,
    kind: EntityType,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) -> bool {
    let (l, norm, original) = (cx.l, cx.norm, cx.original);
    if push_new(l, norm, original, span, kind, Script::Arabic, out, covered) {
        // A KB entry of another kind that shares the key (a person named like a village) is
        // not this name: the mention goes back to a provisional entity.
        let place = |k: EntityType| matches!(k, EntityType::Gpe | EntityType::Loc);
        let other = out.values().find(|e| {
            e.known
                && e.kind != kind
                && !(place(e.kind) && place(kind))
                && e.mentions.contains(&span)
        });
        let Some(id) = other.map(|e| e.id.clone()) else {
            return true;
        };
        if let Some(e) = out.get_mut(&id) {
            e.mentions.retain(|m| *m != span);
            if e.mentions.is_empty() {
                out.remove(&id);
            }
        }
    }
    let surface = norm.to_original(span).slice(original).trim();
    let key = l.name_key(surface);
    let id = if key.bytes().filter(u8::is_ascii_alphabetic).count() >= 4 {
        format!("new:{key}")
    } else {
        let vkey: Vec<String> = translit::tokens(surface)
            .map(|t| translit::token_vkey(&l.lx, t))
            .filter(|k| !k.is_empty())
            .collect();
        let letters: usize = vkey.iter().map(String::len).sum();
        if letters < 4 || vkey.iter().all(|k| k.bytes().all(|b| b == b'a')) {
            return false;
        }
        format!("new:v:{}", vkey.join("-"))
    };
    add_new(out, covered, id, || l.display_name(surface), kind, span);
    true
}

fn covered_by_entity(out: &HashMap<String, Entity>, w: Span) -> bool {
    out.values()
        .any(|e| e.mentions.iter().any(|m| m.overlaps(w)))
}

/// One part of a personal name as read at word `i`: how many words it spans, whether it is a
/// known part (and how frequent), and whether it took in a one-word mention.
struct Part {
    words: usize,
    count: u32,
    took: Option<Span>,
}

fn persons(cx: &Cx, cues: &[Hit], out: &mut HashMap<String, Entity>, covered: &mut Occupied) {
    let lx = cx.lx();
    let Some(_) = cx.parts else { return };
    // A word covered by a one-word mention a name may take in: a KB place that is not a
    // country, or a one-word KB person (a namesake's surname).
    let absorbable = |out: &HashMap<String, Entity>,
                      covered: &Occupied,
                      w: Span|
     -> Option<Option<Span>> {
        if !covered.overlaps(w) {
            return Some(None);
        }
        match found_over(out, w) {
            // A word a role phrase or cue covers is not a name part.
            None if covered.overlaps(w) => None,
            None => Some(None),
            Some(f)
                if w.contains(f.span)
                    && !is_country(&f)
                    && f.known
                    && matches!(f.kind, EntityType::Gpe | EntityType::Loc | EntityType::Per) =>
            {
                Some(Some(f.span))
            }
            _ => None,
        }
    };
    // A part at word `j` (no proclitics: inside a name).
    let part_at = |out: &HashMap<String, Entity>,
                   covered: &Occupied,
                   j: usize,
                   last_free: bool,
                   chained: bool|
     -> Option<Part> {
        let t = cx.word(j)?;
        let w = *cx.words.get(j)?;
        let took = absorbable(out, covered, w)?;
        if lx.has(t, TITLE | SPEECH) || lx.has(strip_article(t), STOP | ORG_HEAD | PLACE_HEAD) {
            return None;
        }
        // Compound parts the table holds with a space: عبد الله, نور الدين.
        if cx.joined(j) {
            if let Some(t2) = cx.word(j + 1) {
                let c = cx.pair_count(t, t2, NameParts::count);
                let w2 = *cx.words.get(j + 1)?;
                if c > 0 && absorbable(out, covered, w2) == Some(None) {
                    return Some(Part {
                        words: 2,
                        count: c,
                        took,
                    });
                }
            }
        }
        if lx.has(t, CONNECTOR) {
            return None;
        }
        if cx.common_at(j, t) {
            return None;
        }
        // A bare feminine nisba ("تجارية") is an adjective, not a family name, unless it is
        // a given name (سمية).
        if !chained && !t.starts_with("ال") && t.ends_with("يه") && cx.given_count(t) < GIVEN_MIN
        {
            return None;
        }
        let c = cx.part_count(t);
        // و / ف opening a word the table does not know joins the next name ("آبي والسيسي").
        let conj = t.starts_with('و') || t.starts_with('ف');
        if conj && (took.is_some() || (c == 0 && !chained)) {
            return None;
        }
        // A rare part that reads as a proclitic and a function word (بأن, فمن) is that.
        if c < PART_CUED && cx.clitic_common(t) {
            return None;
        }
        // A definite word is a family name when it is a nisba or a frequent part.
        let definite_ok =
            !t.starts_with("ال") || strip_article(t).ends_with('ي') || c >= PART_UNCUED;
        if c > 0 && definite_ok {
            return Some(Part {
                words: 1,
                count: c,
                took,
            });
        }
        if took.is_some() {
            return Some(Part {
                words: 1,
                count: 1,
                took,
            });
        }
        // A nisba family name (الدوسري), or any name-like word closing a cued name.
        let nis = t.starts_with("ال") && strip_article(t).ends_with('ي') && t.chars().count() >= 5;
        if nis || (last_free && cx.words.name_like(cx.l, cx.norm, cx.original, j)) {
            return Some(Part {
                words: 1,
                count: 0,
                took,
            });
        }
        None
    };
    let mut i = 0;
    while i < cx.words.len() {
        let here = i;
        i += 1;
        let Some(t0) = cx.word(here) else { continue };
        let Some(w0) = cx.words.get(here).copied() else {
            continue;
        };
        if cx.class(here).person.is_none() || (lx.has(t0, TITLE | SPEECH) && cx.part_count(t0) == 0)
        {
            continue;
        }
        // The first word, maybe behind proclitics, never with the article: a given name, or
        // a connector opening a kunya or compound (أبو علي, عبد الله).
        let Some(first) = cx.class(here).person else {
            continue;
        };
        if lx.has(first.bare, TITLE | SPEECH)
            || lx.has(first.base, STOP | ORG_HEAD | PLACE_HEAD)
            || cx.common_at(here, first.base)
            // A common word as written (لجان, committees) is no proclitic and a name (ل + جان).
            || (first.pre > 0 && cx.common_at(here, t0))
            || (first.pre == 0 && cx.part_count(t0) < PART_CUED && cx.clitic_common(t0))
        {
            continue;
        }
        let Some(took0) = absorbable(out, covered, w0) else {
            continue;
        };
        let cued = cued(cx, cues, here);
        if !cued && cx.given_count(first.base) < GIVEN_MIN && !lx.has(first.base, CONNECTOR) {
            continue;
        }
        let mut took: Vec<Span> = took0.into_iter().collect();
        let mut parts: Vec<u32> = Vec::new();
        let mut j = here;
        // The first part: a kunya or compound (أبو علي, عبد الله), or one word.
        let mut given = cx.given_count(first.base);
        let compound_given = |j: usize| {
            cx.word(j + 1).map_or(0, |t2| {
                cx.pair_count(first.base, t2, NameParts::given_count)
            })
        };
        if lx.has(first.base, CONNECTOR) {
            if !cx.joined(j) {
                continue;
            }
            let compound = cx
                .word(j + 1)
                .map(|t2| cx.pair_count(first.base, t2, NameParts::count))
                .unwrap_or(0);
            if compound > 0
                && cx
                    .words
                    .get(j + 1)
                    .is_some_and(|w| absorbable(out, covered, *w) == Some(None))
            {
                parts.push(compound);
                given = given.max(compound_given(j));
                j += 2;
            } else {
                match part_at(out, covered, j + 1, false, true) {
                    Some(p) if p.words == 1 && p.count > 0 => {
                        took.extend(p.took);
                        parts.push(p.count);
                        j += 2;
                    }
                    _ => continue,
                }
            }
        } else {
            let compound = cx
                .joined(j)
                .then(|| cx.word(j + 1))
                .flatten()
                .map(|t2| cx.pair_count(first.base, t2, NameParts::count));
            match compound {
                Some(c) if c > 0 => {
                    parts.push(c);
                    given = given.max(compound_given(j));
                    j += 2;
                }
                _ => {
                    parts.push(cx.part_count(first.base));
                    j += 1;
                }
            }
        }
        // Further parts and chains.
        let mut free_last = false;
        while j - here < MAX_PERSON_WORDS && cx.joined(j - 1) {
            let Some(t) = cx.word(j) else { break };
            let compound = part_at(out, covered, j, false, false).filter(|p| p.words == 2);
            if let Some(p) = compound {
                took.extend(p.took);
                parts.push(p.count);
                j += 2;
                continue;
            }
            if lx.has(t, CONNECTOR) {
                // بن / آل / ولد + a part, or a word the table lacks after a cue ("ولد وديه").
                if !cx.joined(j) {
                    break;
                }
                match part_at(out, covered, j + 1, cued, true) {
                    Some(p) => {
                        took.extend(p.took);
                        parts.push(p.count.max(1));
                        j += 1 + p.words;
                        if p.count == 0 && !cx.word(j - 1).is_some_and(|x| x.starts_with("ال")) {
                            break;
                        }
                        continue;
                    }
                    None => break,
                }
            }
            // A word the table does not know closes a two-part name only.
            match part_at(
                out,
                covered,
                j,
                cued && given > 0 && parts.len() == 1,
                false,
            ) {
                Some(p) => {
                    took.extend(p.took);
                    if p.count == 0 && !t.starts_with("ال") {
                        free_last = true;
                    }
                    parts.push(p.count);
                    j += p.words;
                    if free_last {
                        break;
                    }
                }
                None => break,
            }
        }
        // A kunya alone is a name after a cue ("وأضاف أبو رمضان").
        let kunya = cued && lx.has(first.base, KUNYA);
        if parts.len() + usize::from(kunya) < 2 {
            continue;
        }
        // With no cue: a frequent given name, not behind a preposition (بفضل), then frequent
        // parts, definite ones only as nisba family names (not "فضل الروح").
        let definite_plain = (here + 1..j).any(|x| {
            cx.word(x)
                .is_some_and(|t| t.starts_with("ال") && !strip_article(t).ends_with('ي'))
        });
        let uncued_ok = given >= GIVEN_UNCUED
            && !free_last
            && !definite_plain
            && (first.pre == 0 || t0.starts_with('و'))
            && parts.iter().skip(1).all(|&c| c >= PART_UNCUED);
        tracing::trace!(
            start = w0.start,
            ?parts,
            cued,
            uncued_ok,
            "arabic person run"
        );
        if !cued && !uncued_ok {
            continue;
        }
        let Some(last) = cx.words.get(j - 1) else {
            continue;
        };
        let span = Span::new(w0.start + first.name_at, last.end);
        if push(cx, span, EntityType::Per, out, covered) {
            for s in &took {
                remove_mention(out, *s);
            }
            // A role phrase right before the person is the person's title.
            let from = cx
                .words
                .get(here.saturating_sub(CUE_WINDOW))
                .map_or(0, |w| w.start);
            for h in cues {
                if matches!(h.target.what, What::Role(_)) && h.start >= from && h.end <= w0.start {
                    remove_mention(out, Span::new(h.start, h.end));
                }
            }
            i = j;
        }
    }
}

/// Whether a title or speech verb stands a few words before word `i`, in the same clause.
fn cued(cx: &Cx, cues: &[Hit], i: usize) -> bool {
    for k in (i.saturating_sub(CUE_WINDOW)..i).rev() {
        let (Some(a), Some(b)) = (cx.words.get(k), cx.words.get(k + 1)) else {
            return false;
        };
        // Stop at punctuation or a line break between the words.
        if !cx
            .text
            .get(a.end..b.start)
            .is_some_and(|g| g.chars().all(|c| c == ' '))
        {
            return false;
        }
        if cx.class(k).cue {
            return true;
        }
        if cues
            .iter()
            .any(|h| matches!(h.target.what, What::Role(_)) && h.start <= a.start && a.end <= h.end)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_is_valid() {
        let lx = ArabicLexicon::builtin();
        assert!(lx.is_ok(), "{:?}", lx.err());
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = ArabicLexicon::parse("# c\ntitle\tالرئيس\nnoun\tكتاب\n");
        assert!(matches!(e, Err(EntityError::Data { line: 3, .. })), "{e:?}");
        let e = ArabicLexicon::parse("org_head\tوزارة\tgov\n");
        assert!(matches!(e, Err(EntityError::Data { line: 1, .. })), "{e:?}");
        let e = ArabicLexicon::parse("title\tPresident\n");
        assert!(e.is_err());
    }

    #[test]
    fn readings_set_clitics_aside() {
        let w = normalize_str("وبالمدينة");
        let rs = readings(&w);
        assert!(rs
            .iter()
            .any(|r| r.base == normalize_str("مدينة") && r.art && r.pre == 4 && r.name_at == 4));
        let w = normalize_str("للجامعة");
        let rs = readings(&w);
        assert!(rs
            .iter()
            .any(|r| r.base == normalize_str("جامعة") && r.art && r.name_at == 4));
        // The whole word comes first.
        assert_eq!(readings("وزاره").first().map(|r| r.base), Some("وزاره"));
        // Nothing shorter than two letters.
        assert!(readings("وب").iter().all(|r| r.base.chars().count() >= 2));
    }
}
