//! The event-coding knowledge, loaded from `data/events/`: the CAMEO code table, the trigger
//! lexicons per language with their morphology layer (light-verb conjugations, proclitics,
//! suffixes, English inflection, Arabic imperfect prefixes, stems), the role and modality cues,
//! and the future-tense recoding. Everything is parsed and validated once, and the trigger
//! surfaces of a language are compiled into one Aho-Corasick automaton over the normalized
//! text. The automaton steps over bytes, not characters (measured cheaper on every script
//! here: no decoding per character); a surface is whole UTF-8, so its matches start and end on
//! character boundaries all the same. Cue words are looked up once per word for all their
//! kinds ([`CueMask`]), and titles through an index by first and last character.
//!
//! What it deliberately does not do: decide roles or modality (that is [`super::roles`]), or
//! know any word itself — every word lives in the data files.

use super::EventsError;
use crate::fast::{HashMap, HashSet};
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};
use khabar_core::Modality;
use khabar_text::normalize::normalize_str;

const CAMEO_TSV: &str = include_str!("../../data/events/cameo.tsv");
const FUTURE_TSV: &str = include_str!("../../data/events/future.tsv");

/// Per language: triggers, morphology, cues.
const LANGS: &[(&str, &str, &str, &str)] = &[
    (
        "bn",
        include_str!("../../data/events/triggers.bn.tsv"),
        include_str!("../../data/events/morph.bn.tsv"),
        include_str!("../../data/events/cues.bn.tsv"),
    ),
    (
        "ar",
        include_str!("../../data/events/triggers.ar.tsv"),
        include_str!("../../data/events/morph.ar.tsv"),
        include_str!("../../data/events/cues.ar.tsv"),
    ),
    (
        "en",
        include_str!("../../data/events/triggers.en.tsv"),
        include_str!("../../data/events/morph.en.tsv"),
        include_str!("../../data/events/cues.en.tsv"),
    ),
    (
        "ru",
        include_str!("../../data/events/triggers.ru.tsv"),
        include_str!("../../data/events/morph.ru.tsv"),
        include_str!("../../data/events/cues.ru.tsv"),
    ),
];

/// Upper bound on surfaces one pattern line may expand to (a guard against typos in data).
const MAX_EXPANSION: usize = 4096;

/// One row of the CAMEO table.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub label: String,
    pub quad_class: u8,
    pub goldstein: f32,
}

/// The CAMEO event code table.
#[derive(Debug, Clone, Default)]
pub struct Cameo {
    codes: HashMap<String, CameoCode>,
}

impl Cameo {
    pub fn parse(text: &str) -> Result<Self, EventsError> {
        let mut codes = HashMap::default();
        for (n, line) in data_lines(text) {
            let f: Vec<&str> = line.split('\t').collect();
            let [code, label, quad, gold] = f.as_slice() else {
                return Err(bad("cameo.tsv", n, "expected 4 columns"));
            };
            let code = code.trim();
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("cameo.tsv", n, "code must be 2 to 4 digits"));
            }
            let quad: u8 = quad
                .trim()
                .parse()
                .map_err(|_| bad("cameo.tsv", n, "quad_class is not a number"))?;
            let goldstein: f32 = gold
                .trim()
                .parse()
                .map_err(|_| bad("cameo.tsv", n, "goldstein is not a number"))?;
            if !(-10.0..=10.0).contains(&goldstein) {
                return Err(bad("cameo.tsv", n, "goldstein outside -10..10"));
            }
            let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
            if !(1..=20).contains(&root) || quad != quad_of_root(root) {
                return Err(bad("cameo.tsv", n, "root or quad_class inconsistent"));
            }
            let row = CameoCode {
                code: code.to_string(),
                label: label.trim().to_string(),
                quad_class: quad,
                goldstein,
            };
            if codes.insert(code.to_string(), row).is_some() {
                return Err(bad("cameo.tsv", n, "duplicate code"));
            }
        }
        for root in 1..=20u8 {
            if !codes.contains_key(&format!("{root:02}")) {
                return Err(EventsError::Data(format!(
                    "cameo.tsv: root {root:02} missing"
                )));
            }
        }
        Ok(Self { codes })
    }

    /// The row of `code`; unknown codes fall back to their 3-digit base, then their root.
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.codes
            .get(code)
            .or_else(|| code.get(..3).and_then(|c| self.codes.get(c)))
            .or_else(|| code.get(..2).and_then(|c| self.codes.get(c)))
    }

    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// QuadClass of a CAMEO root: 1 verbal cooperation, 2 material cooperation, 3 verbal
/// conflict, 4 material conflict.
pub const fn quad_of_root(root: u8) -> u8 {
    match root {
        1..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

/// What part of speech a trigger is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerType {
    Verb,
    Noun,
    Compound,
    Phrase,
}

/// What a compiled trigger surface means.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerInfo {
    pub code: String,
    pub kind: TriggerType,
    /// A trip: needs a destination, which becomes target and place.
    pub motion: bool,
    /// The grammatical subject undergoes the action.
    pub passive: bool,
    /// Done by two sides together ("exchange prisoners"): with no target, one of several
    /// sources is the other's target.
    pub joint: bool,
    /// The last word is a stem: any ending may follow.
    pub stem: bool,
    /// Modality carried by the form itself (a future or negated light verb).
    pub modality: Modality,
    /// The pattern as written in the data file (for debugging and tests).
    pub pattern: String,
}

/// A trigger found in a normalized text (byte offsets into the normalized copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Start of the word the trigger begins in (before glued proclitics).
    pub word_start: usize,
    pub info: usize,
}

/// A kind of role or modality cue (a column-one name in `cues.<lang>.tsv`). The kind is a
/// small number, so a word's kinds are one bitmask found with one hash lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    TargetSuffix,
    GenitiveSuffix,
    PlaceSuffix,
    WithPost,
    AgainstPost,
    AgentPost,
    DestPost,
    WithClitic,
    PlaceClitic,
    WithPre,
    AgainstPre,
    TargetPre,
    DestPre,
    PlacePre,
    AgentPre,
    PassiveAux,
    Title,
    NegPre,
    NegPost,
    FutPre,
    FutClitic,
    Hyp,
    Coord,
    ClauseOpener,
    NisbaSuffix,
    Det,
    SubjectStop,
    PronPerson,
    PronGroup,
    AuxSkip,
    BetweenPre,
    DescGov,
    DescMil,
    DescOrg,
    Embed,
    OfPre,
    Anaphor,
    TopicPre,
    TopicPost,
    AgentNoun,
    SubjSkip,
    Particle,
    AdjSuffix,
    Report,
    FutReported,
    NounPre,
}

impl Cue {
    /// Every kind, in bit order.
    pub const ALL: [Cue; 46] = [
        Cue::TargetSuffix,
        Cue::GenitiveSuffix,
        Cue::PlaceSuffix,
        Cue::WithPost,
        Cue::AgainstPost,
        Cue::AgentPost,
        Cue::DestPost,
        Cue::WithClitic,
        Cue::PlaceClitic,
        Cue::WithPre,
        Cue::AgainstPre,
        Cue::TargetPre,
        Cue::DestPre,
        Cue::PlacePre,
        Cue::AgentPre,
        Cue::PassiveAux,
        Cue::Title,
        Cue::NegPre,
        Cue::NegPost,
        Cue::FutPre,
        Cue::FutClitic,
        Cue::Hyp,
        Cue::Coord,
        Cue::ClauseOpener,
        Cue::NisbaSuffix,
        Cue::Det,
        Cue::SubjectStop,
        Cue::PronPerson,
        Cue::PronGroup,
        Cue::AuxSkip,
        Cue::BetweenPre,
        Cue::DescGov,
        Cue::DescMil,
        Cue::DescOrg,
        Cue::Embed,
        Cue::OfPre,
        Cue::Anaphor,
        Cue::TopicPre,
        Cue::TopicPost,
        Cue::AgentNoun,
        Cue::SubjSkip,
        Cue::Particle,
        Cue::AdjSuffix,
        Cue::Report,
        Cue::FutReported,
        Cue::NounPre,
    ];

    /// The kind's name in the data files.
    pub const fn name(self) -> &'static str {
        match self {
            Cue::TargetSuffix => "target_suffix",
            Cue::GenitiveSuffix => "genitive_suffix",
            Cue::PlaceSuffix => "place_suffix",
            Cue::WithPost => "with_post",
            Cue::AgainstPost => "against_post",
            Cue::AgentPost => "agent_post",
            Cue::DestPost => "dest_post",
            Cue::WithClitic => "with_clitic",
            Cue::PlaceClitic => "place_clitic",
            Cue::WithPre => "with_pre",
            Cue::AgainstPre => "against_pre",
            Cue::TargetPre => "target_pre",
            Cue::DestPre => "dest_pre",
            Cue::PlacePre => "place_pre",
            Cue::AgentPre => "agent_pre",
            Cue::PassiveAux => "passive_aux",
            Cue::Title => "title",
            Cue::NegPre => "neg_pre",
            Cue::NegPost => "neg_post",
            Cue::FutPre => "fut_pre",
            Cue::FutClitic => "fut_clitic",
            Cue::Hyp => "hyp",
            Cue::Coord => "coord",
            Cue::ClauseOpener => "clause_opener",
            Cue::NisbaSuffix => "nisba_suffix",
            Cue::Det => "det",
            Cue::SubjectStop => "subject_stop",
            Cue::PronPerson => "pron_person",
            Cue::PronGroup => "pron_group",
            Cue::AuxSkip => "aux_skip",
            Cue::BetweenPre => "between_pre",
            Cue::DescGov => "desc_gov",
            Cue::DescMil => "desc_mil",
            Cue::DescOrg => "desc_org",
            Cue::Embed => "embed",
            Cue::OfPre => "of_pre",
            Cue::Anaphor => "anaphor",
            Cue::TopicPre => "topic_pre",
            Cue::TopicPost => "topic_post",
            Cue::AgentNoun => "agent_noun",
            Cue::SubjSkip => "subj_skip",
            Cue::Particle => "particle",
            Cue::AdjSuffix => "adj_suffix",
            Cue::Report => "report",
            Cue::FutReported => "fut_reported",
            Cue::NounPre => "noun_pre",
        }
    }

    /// The kind of a data-file name.
    pub fn from_name(name: &str) -> Option<Cue> {
        Cue::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The kind's bit in a [`CueMask`].
    #[inline]
    pub const fn bit(self) -> u64 {
        1 << (self as u64)
    }
}

/// The cue kinds a word belongs to, as bits ([`Cue::bit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CueMask(pub u64);

impl CueMask {
    /// Whether the word is an item of `kind`.
    #[inline]
    pub fn is(self, kind: Cue) -> bool {
        self.0 & kind.bit() != 0
    }
}

/// Role and modality cue words of one language, by kind.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    /// The items of each kind ([`Cue`] as index), longest first.
    kinds: Vec<Vec<String>>,
    /// Word to the kinds it is an item of.
    words: HashMap<String, CueMask>,
    /// Word to CAMEO role, from the `role_*` kinds (the first kind in file order wins).
    roles: HashMap<String, String>,
    /// Title items by the low byte of their first and of their last character, as indices
    /// into the title list: a word is only compared with the titles that could match it.
    title_first: Vec<Vec<u16>>,
    title_last: Vec<Vec<u16>>,
    /// Titles with no character (they match every word).
    title_empty: Option<u16>,
    /// Byte length of the shortest title with a character (`usize::MAX` when none).
    title_min: usize,
    /// Per kind, a cheap first test before the hash lookup: the byte lengths and last bytes
    /// its items have.
    quick: Vec<Quick>,
    /// The case endings of two or more characters (target, genitive and place suffixes),
    /// longest first.
    endings: Vec<String>,
}

/// Byte lengths (63 stands for 63 and more) and last bytes of a set of words: a word whose
/// length or last byte is not among them is not in the set.
#[derive(Debug, Clone, Copy, Default)]
struct Quick {
    lens: u64,
    last: [u64; 4],
}

impl Quick {
    fn add(&mut self, w: &str) {
        let b = w.as_bytes().last().copied().unwrap_or(0);
        self.lens |= 1 << w.len().min(63);
        if let Some(x) = self.last.get_mut(usize::from(b >> 6)) {
            *x |= 1 << (b & 63);
        }
    }

    #[inline]
    fn may_hold(&self, w: &str) -> bool {
        let b = w.as_bytes().last().copied().unwrap_or(0);
        self.lens & (1 << w.len().min(63)) != 0
            && self
                .last
                .get(usize::from(b >> 6))
                .is_some_and(|x| x & (1 << (b & 63)) != 0)
    }
}

/// The bucket of a character in the title index.
#[inline]
fn char_bucket(c: char) -> usize {
    (c as u32 & 0xff) as usize
}

impl Cues {
    fn parse(text: &str, file: &str) -> Result<Self, EventsError> {
        let mut kinds: Vec<Vec<String>> = vec![Vec::new(); Cue::ALL.len()];
        let mut roles: HashMap<String, String> = HashMap::default();
        for (n, line) in data_lines(text) {
            let mut it = line.split('\t');
            let name = it.next().unwrap_or("").trim();
            let kind = Cue::from_name(name);
            let role = name.strip_prefix("role_");
            if kind.is_none() && role.is_none() {
                return Err(bad(file, n, &format!("unknown cue kind {name:?}")));
            }
            let mut items: Vec<String> = Vec::new();
            for w in it.map(str::trim).filter(|w| !w.is_empty()) {
                let w = normalize_str(w);
                if let Some(role) = role {
                    roles.entry(w.clone()).or_insert_with(|| role.to_string());
                }
                items.push(w);
            }
            if let Some(list) = kind.and_then(|k| kinds.get_mut(k as usize)) {
                list.extend(items);
                // Longest first, so "-দের" is tried before "-র".
                list.sort_by_key(|w| std::cmp::Reverse(w.len()));
            }
        }
        let mut words: HashMap<String, CueMask> = HashMap::default();
        for (k, list) in Cue::ALL.iter().zip(&kinds) {
            for w in list {
                words.entry(w.clone()).or_default().0 |= k.bit();
            }
        }
        let mut title_first = vec![Vec::new(); 256];
        let mut title_last = vec![Vec::new(); 256];
        let mut title_empty = None;
        let titles = kinds
            .get(Cue::Title as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if titles.len() > usize::from(u16::MAX) {
            return Err(EventsError::Data(format!("{file}: too many titles")));
        }
        for (i, t) in titles.iter().enumerate() {
            let i = i as u16;
            match (t.chars().next(), t.chars().next_back()) {
                (Some(a), Some(z)) => {
                    if let Some(b) = title_first.get_mut(char_bucket(a)) {
                        b.push(i);
                    }
                    if let Some(b) = title_last.get_mut(char_bucket(z)) {
                        b.push(i);
                    }
                }
                _ => {
                    title_empty.get_or_insert(i);
                }
            }
        }
        let title_min = titles
            .iter()
            .map(String::len)
            .filter(|&l| l > 0)
            .min()
            .unwrap_or(usize::MAX);
        let quick = kinds
            .iter()
            .map(|list| {
                let mut q = Quick::default();
                list.iter().for_each(|w| q.add(w));
                q
            })
            .collect();
        let mut endings: Vec<String> = [Cue::TargetSuffix, Cue::GenitiveSuffix, Cue::PlaceSuffix]
            .iter()
            .filter_map(|&k| kinds.get(k as usize))
            .flatten()
            .filter(|s| s.chars().nth(1).is_some())
            .cloned()
            .collect();
        endings.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        endings.dedup();
        Ok(Self {
            kinds,
            words,
            roles,
            title_first,
            title_last,
            title_empty,
            title_min,
            quick,
            endings,
        })
    }

    /// The items of a kind, longest first (empty when the language has none).
    pub fn get(&self, kind: Cue) -> &[String] {
        self.kinds
            .get(kind as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The kinds `word` is an item of (none for the empty word).
    #[inline]
    pub fn mask(&self, word: &str) -> CueMask {
        if word.is_empty() {
            return CueMask::default();
        }
        self.words.get(word).copied().unwrap_or_default()
    }

    /// Whether `word` is one of the items of `kind`.
    #[inline]
    pub fn has(&self, kind: Cue, word: &str) -> bool {
        self.quick
            .get(kind as usize)
            .is_some_and(|q| q.may_hold(word))
            && self.mask(word).is(kind)
    }

    /// The case endings of two or more characters (target, genitive and place suffixes),
    /// longest first.
    pub fn endings(&self) -> &[String] {
        &self.endings
    }

    /// The longest item of `kind` that `word` ends with, leaving a non-empty stem.
    pub fn suffix_of(&self, kind: Cue, word: &str) -> Option<&str> {
        self.get(kind)
            .iter()
            .find(|s| word.len() > s.len() && word.ends_with(s.as_str()))
            .map(String::as_str)
    }

    /// The first title (in list order) that `word` starts or ends with, as its index in
    /// the title list ([`Cues::title`]).
    pub fn title_index(&self, word: &str) -> Option<u16> {
        let mut best = self.title_empty;
        // Shorter than every title: none can start or end it.
        if word.len() < self.title_min {
            return best;
        }
        let titles = self.get(Cue::Title);
        let w = word.as_bytes();
        if let Some(a) = word.chars().next() {
            let bucket = self.title_first.get(char_bucket(a));
            for &i in bucket.map(Vec::as_slice).unwrap_or(&[]) {
                if best.is_some_and(|b| b <= i) {
                    break;
                }
                if titles
                    .get(usize::from(i))
                    .is_some_and(|t| w.starts_with(t.as_bytes()))
                {
                    best = Some(i);
                    break;
                }
            }
        }
        if let Some(z) = word.chars().next_back() {
            let bucket = self.title_last.get(char_bucket(z));
            for &i in bucket.map(Vec::as_slice).unwrap_or(&[]) {
                if best.is_some_and(|b| b <= i) {
                    break;
                }
                if titles
                    .get(usize::from(i))
                    .is_some_and(|t| w.ends_with(t.as_bytes()))
                {
                    best = Some(i);
                    break;
                }
            }
        }
        best
    }

    /// The title at `index` in the title list.
    pub fn title(&self, index: u16) -> Option<&str> {
        self.get(Cue::Title)
            .get(usize::from(index))
            .map(String::as_str)
    }

    /// The first title (in list order) that `word` starts or ends with.
    pub fn title_of(&self, word: &str) -> Option<&str> {
        self.title_index(word).and_then(|i| self.title(i))
    }

    /// The CAMEO role ("GOV", "MIL") whose words include `word`.
    pub fn role_of(&self, word: &str) -> Option<&str> {
        self.roles.get(word).map(String::as_str)
    }
}

/// Everything known about one language.
pub struct LangLexicon {
    pub lang: String,
    automaton: DoubleArrayAhoCorasick<u32>,
    pub infos: Vec<TriggerInfo>,
    proclitics: HashSet<String>,
    suffixes: HashSet<String>,
    /// Light-verb forms that carry a modality (future, negated), for noun triggers whose
    /// verb follows a few words later.
    pub marked_forms: HashMap<String, Modality>,
    pub cues: Cues,
    /// Number of distinct trigger surfaces compiled.
    pub surfaces: usize,
}

impl LangLexicon {
    /// Trigger hits in a normalized text: word-bounded (glued proclitics and allowed
    /// suffixes aside), longest first, never overlapping, in text order.
    pub fn find(&self, norm: &str) -> Vec<Hit> {
        let mut cands: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(norm) {
            let (start, end) = (m.start(), m.end());
            let Some(info) = self.infos.get(m.value() as usize) else {
                continue;
            };
            let ws = word_start(norm, start);
            let prefix = norm.get(ws..start).unwrap_or("");
            if !prefix.is_empty() && !self.proclitics.contains(prefix) {
                continue;
            }
            let we = word_end(norm, end);
            let suffix = norm.get(end..we).unwrap_or("");
            if !suffix.is_empty() && !info.stem && !self.suffixes.contains(suffix) {
                continue;
            }
            cands.push(Hit {
                start,
                end: if info.stem { we } else { end },
                word_start: ws,
                info: m.value() as usize,
            });
        }
        cands.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
        });
        // Longest first, each kept unless it overlaps one kept before: the kept ranges never
        // overlap, so only the one starting last before a candidate's end can touch it.
        let mut picked: Vec<Hit> = Vec::new();
        let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for c in cands {
            let overlaps = c.end > c.start
                && taken
                    .range(..c.end)
                    .next_back()
                    .is_some_and(|(_, &end)| end > c.start);
            if !overlaps {
                if c.end > c.start {
                    taken.insert(c.start, c.end);
                }
                picked.push(c);
            }
        }
        picked.sort_by_key(|h| h.start);
        picked
    }

    pub fn info(&self, hit: &Hit) -> Option<&TriggerInfo> {
        self.infos.get(hit.info)
    }

    /// Whether `prefix` is a proclitic the language glues to words.
    pub fn is_proclitic(&self, prefix: &str) -> bool {
        self.proclitics.contains(prefix)
    }
}

/// Morphology of a language as read from `morph.<lang>.tsv`.
#[derive(Debug, Default)]
struct Morph {
    proclitics: HashSet<String>,
    suffixes: HashSet<String>,
    classes: HashMap<String, Vec<(String, Modality)>>,
    impf: Option<(char, Vec<char>)>,
    inflect: bool,
    irregular: HashMap<String, Vec<String>>,
}

impl Morph {
    fn parse(text: &str, file: &str) -> Result<Self, EventsError> {
        let mut m = Morph::default();
        for (n, line) in data_lines(text) {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            let items = || {
                f.iter()
                    .skip(1)
                    .filter(|w| !w.is_empty())
                    .map(|w| w.to_string())
            };
            match f.first().copied().unwrap_or("") {
                "proclitics" => m.proclitics.extend(items().map(|w| normalize_str(&w))),
                "suffixes" => m.suffixes.extend(items().map(|w| normalize_str(&w))),
                "class" => {
                    let name = f
                        .get(1)
                        .ok_or_else(|| bad(file, n, "class without a name"))?;
                    let mut forms = Vec::new();
                    for w in f.iter().skip(2).filter(|w| !w.is_empty()) {
                        let (form, modality) = match w.rsplit_once(':') {
                            Some((form, "F")) => (form, Modality::Future),
                            Some((form, "N")) => (form, Modality::Negated),
                            Some((form, "H")) => (form, Modality::Hypothetical),
                            Some(_) => return Err(bad(file, n, "form mark must be :F, :N or :H")),
                            None => (*w, Modality::Asserted),
                        };
                        forms.push((normalize_str(form), modality));
                    }
                    if forms.is_empty() {
                        return Err(bad(file, n, "class without forms"));
                    }
                    m.classes.insert(name.to_string(), forms);
                }
                "impf" => {
                    let first = f.get(1).and_then(|w| w.chars().next());
                    let others: Vec<char> = f
                        .get(2)
                        .map(|w| {
                            w.split_whitespace()
                                .filter_map(|c| c.chars().next())
                                .collect()
                        })
                        .unwrap_or_default();
                    let mut others = others;
                    others.extend(f.iter().skip(3).filter_map(|w| w.chars().next()));
                    m.impf = first.map(|c| (c, others));
                }
                "inflect" => m.inflect = f.get(1) == Some(&"yes"),
                "irregular" => {
                    let lemma = f
                        .get(1)
                        .ok_or_else(|| bad(file, n, "irregular without lemma"))?;
                    m.irregular
                        .insert(lemma.to_lowercase(), items().skip(1).collect());
                }
                _ => return Err(bad(file, n, "unknown morphology line")),
            }
        }
        Ok(m)
    }

    /// English forms of a lemma: the irregular table, else -s/-es, -ed/-d, -ing with e-drop
    /// and y→i.
    fn inflect(&self, lemma: &str) -> Vec<String> {
        let mut out = vec![lemma.to_string()];
        if let Some(forms) = self.irregular.get(lemma) {
            out.extend(forms.iter().cloned());
            return out;
        }
        let last = lemma.chars().last().unwrap_or(' ');
        let before = lemma.chars().rev().nth(1).unwrap_or(' ');
        let vowel = |c: char| "aeiou".contains(c);
        if last == 'y' && !vowel(before) {
            let stem = &lemma[..lemma.len() - 1];
            out.push(format!("{stem}ies"));
            out.push(format!("{stem}ied"));
            out.push(format!("{lemma}ing"));
        } else if last == 'e' {
            out.push(format!("{lemma}s"));
            out.push(format!("{lemma}d"));
            let stem = if lemma.ends_with("ee") {
                lemma
            } else {
                &lemma[..lemma.len() - 1]
            };
            out.push(format!("{stem}ing"));
        } else {
            let es = ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|s| lemma.ends_with(s));
            out.push(format!("{lemma}{}", if es { "es" } else { "s" }));
            out.push(format!("{lemma}ed"));
            out.push(format!("{lemma}ing"));
            // One syllable ending consonant-vowel-consonant doubles the consonant (slam,
            // slammed; stab, stabbing).
            let cs: Vec<char> = lemma.chars().collect();
            let groups = cs
                .iter()
                .zip(std::iter::once(&' ').chain(cs.iter()))
                .filter(|(c, p)| vowel(**c) && !vowel(**p))
                .count();
            let third = lemma.chars().rev().nth(2).unwrap_or(' ');
            if groups == 1
                && !vowel(last)
                && !"wxy".contains(last)
                && vowel(before)
                && !vowel(third)
                && lemma.chars().all(|c| c.is_ascii_lowercase())
            {
                out.push(format!("{lemma}{last}ed"));
                out.push(format!("{lemma}{last}ing"));
            }
        }
        out
    }
}

/// Everything the event coder knows.
pub struct Lexicons {
    pub cameo: Cameo,
    pub future: HashMap<String, String>,
    pub langs: HashMap<String, LangLexicon>,
}

impl Lexicons {
    /// Parse and validate every bundled file.
    pub fn load() -> Result<Self, EventsError> {
        super::tokens::warm();
        let cameo = Cameo::parse(CAMEO_TSV)?;
        let mut future = HashMap::default();
        for (n, line) in data_lines(FUTURE_TSV) {
            let (root, code) = line
                .split_once('\t')
                .ok_or_else(|| bad("future.tsv", n, "expected 2 columns"))?;
            if !cameo.contains(code.trim()) {
                return Err(bad("future.tsv", n, "unknown CAMEO code"));
            }
            future.insert(root.trim().to_string(), code.trim().to_string());
        }
        let mut langs = HashMap::default();
        for (lang, triggers, morph, cues) in LANGS {
            let lex = build_lang(lang, triggers, morph, cues, &cameo)?;
            langs.insert(lang.to_string(), lex);
        }
        Ok(Self {
            cameo,
            future,
            langs,
        })
    }
}

fn build_lang(
    lang: &str,
    triggers: &str,
    morph: &str,
    cues: &str,
    cameo: &Cameo,
) -> Result<LangLexicon, EventsError> {
    let tfile = format!("triggers.{lang}.tsv");
    let morph = Morph::parse(morph, &format!("morph.{lang}.tsv"))?;
    let cues = Cues::parse(cues, &format!("cues.{lang}.tsv"))?;
    let mut infos: Vec<TriggerInfo> = Vec::new();
    let mut surfaces: Vec<(String, u32)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::default();
    for (n, line) in data_lines(triggers) {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let (pattern, code, kind) = match f.as_slice() {
            [p, c, k, ..] => (*p, *c, *k),
            _ => return Err(bad(&tfile, n, "expected pattern, code, type")),
        };
        if !cameo.contains(code) {
            return Err(bad(&tfile, n, "unknown CAMEO code"));
        }
        let kind = match kind {
            "verb" => TriggerType::Verb,
            "noun" => TriggerType::Noun,
            "compound" => TriggerType::Compound,
            "phrase" | "phrasal" => TriggerType::Phrase,
            _ => {
                return Err(bad(
                    &tfile,
                    n,
                    "type must be verb, noun, compound, phrase or phrasal",
                ))
            }
        };
        let (mut motion, mut passive, mut joint) = (false, false, false);
        for flag in f
            .iter()
            .skip(3)
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match flag {
                "motion" => motion = true,
                "passive" => passive = true,
                "joint" => joint = true,
                _ => return Err(bad(&tfile, n, "unknown flag")),
            }
        }
        let inflect_first =
            morph.inflect && matches!(kind, TriggerType::Verb | TriggerType::Phrase);
        for (surface, modality, stem) in
            expand(pattern, &morph, inflect_first).map_err(|e| bad(&tfile, n, &e))?
        {
            let key = normalize_str(&surface);
            if key.trim().is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            let id = u32::try_from(infos.len()).map_err(|_| bad(&tfile, n, "too many triggers"))?;
            infos.push(TriggerInfo {
                code: code.to_string(),
                kind,
                motion,
                passive,
                joint,
                stem,
                modality,
                pattern: pattern.to_string(),
            });
            surfaces.push((key, id));
        }
    }
    if surfaces.is_empty() {
        return Err(EventsError::Data(format!("{tfile}: no triggers")));
    }
    let count = surfaces.len();
    let automaton = DoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build_with_values(surfaces)
        .map_err(|e| EventsError::Data(format!("{tfile}: automaton: {e}")))?;
    let mut marked_forms = HashMap::default();
    for forms in morph.classes.values() {
        for (f, m) in forms {
            if *m != Modality::Asserted {
                marked_forms.insert(f.clone(), *m);
            }
        }
    }
    Ok(LangLexicon {
        lang: lang.to_string(),
        automaton,
        infos,
        proclitics: morph.proclitics,
        suffixes: morph.suffixes,
        marked_forms,
        cues,
        surfaces: count,
    })
}

/// Expand a pattern into its surfaces: (text, modality of the form, last word is a stem).
fn expand(
    pattern: &str,
    morph: &Morph,
    inflect_first: bool,
) -> Result<Vec<(String, Modality, bool)>, String> {
    // Several words and "|": the alternatives are whole phrases ("قدم مساعدات|يقدم مساعدات").
    if pattern.contains('|') && pattern.trim().contains(' ') {
        let mut out = Vec::new();
        for alt in pattern.split('|').map(str::trim).filter(|a| !a.is_empty()) {
            out.extend(expand(alt, morph, inflect_first)?);
        }
        return Ok(out);
    }
    let words: Vec<&str> = pattern.split_whitespace().collect();
    if words.is_empty() {
        return Err("empty pattern".into());
    }
    let mut acc: Vec<(String, Modality, bool)> = vec![(String::new(), Modality::Asserted, false)];
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        let mut forms: Vec<(String, Modality, bool)> = Vec::new();
        for alt in word.split('|').filter(|a| !a.is_empty()) {
            if let Some(class) = alt.strip_prefix('@') {
                let cf = morph
                    .classes
                    .get(class)
                    .ok_or_else(|| format!("unknown verb class @{class}"))?;
                forms.extend(cf.iter().map(|(f, m)| (f.clone(), *m, false)));
                continue;
            }
            let (base, stem) = match alt.strip_suffix('*') {
                Some(b) if last => (b, true),
                Some(b) => {
                    // A stem inside a phrase: the language's suffixes stand for its endings.
                    forms.push((b.to_string(), Modality::Asserted, false));
                    forms.extend(
                        morph
                            .suffixes
                            .iter()
                            .map(|s| (format!("{b}{s}"), Modality::Asserted, false)),
                    );
                    continue;
                }
                None => (alt, false),
            };
            if i == 0 && inflect_first && base.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
            {
                forms.extend(
                    morph
                        .inflect(&base.to_lowercase())
                        .into_iter()
                        .map(|f| (f, Modality::Asserted, stem)),
                );
            } else {
                forms.push((base.to_string(), Modality::Asserted, stem));
                if i == 0 {
                    // Agreement endings on the verb that opens a phrase ("فرضت عقوبات").
                    if morph.impf.is_some() && words.len() > 1 {
                        for suf in ["ت", "وا", "ا"] {
                            forms.push((format!("{base}{suf}"), Modality::Asserted, stem));
                        }
                    }
                    if let Some((first, others)) = &morph.impf {
                        if base.starts_with(*first) && base.chars().count() >= 3 {
                            let rest = &base[first.len_utf8()..];
                            forms.extend(
                                others
                                    .iter()
                                    .map(|c| (format!("{c}{rest}"), Modality::Asserted, stem)),
                            );
                        }
                    }
                }
            }
        }
        if forms.is_empty() {
            return Err(format!("word {word:?} gives no form"));
        }
        let mut next = Vec::new();
        for (prefix, pm, _) in &acc {
            for (f, m, stem) in &forms {
                let text = if prefix.is_empty() {
                    f.clone()
                } else {
                    format!("{prefix} {f}")
                };
                let modality = if *m != Modality::Asserted { *m } else { *pm };
                next.push((text, modality, *stem));
                if next.len() > MAX_EXPANSION {
                    return Err("pattern expands to too many forms".into());
                }
            }
        }
        acc = next;
    }
    Ok(acc)
}

/// A character that belongs to a word (letters, digits, combining marks, joiners).
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '\'';
    }
    khabar_text::chars::is_alphanumeric(c)
        || khabar_text::chars::is_combining_mark(c)
        || c == '\u{200c}'
        || c == '\u{200d}'
        || c == '\''
        || c == '’'
}

/// Start of the word that contains byte `pos` (walking back over word characters).
pub fn word_start(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let head = text.get(..pos).unwrap_or("");
    let mut start = pos;
    for (i, c) in head.char_indices().rev() {
        if !is_word_char(c) {
            break;
        }
        start = i;
    }
    start
}

/// End of the word that continues at byte `pos`.
pub fn word_end(text: &str, pos: usize) -> usize {
    let tail = text.get(pos..).unwrap_or("");
    for (i, c) in tail.char_indices() {
        if !is_word_char(c) {
            return pos + i;
        }
    }
    text.len().max(pos)
}

/// Non-comment, non-empty lines with 1-based line numbers.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn bad(file: &str, line: usize, msg: &str) -> EventsError {
    EventsError::Data(format!("{file}:{line}: {msg}"))
}
