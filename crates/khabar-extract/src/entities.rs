//! Entity linking: finds the actors a document names, in any script and inflection, and links
//! each to one knowledge-base entry (or to a provisional `new:<key>` id for a name the KB
//! lacks), so that হাফতারকে, بخليفة حفتر, Хафтара and Haftar's are one actor.
//!
//! How, in order (all indexes are built once, in [`EntityLinker::new`]):
//! 1. [`matcher`]: a trie walk from each word start of the normalized text finds KB aliases,
//!    demonyms, role phrases and discovery cues on word boundaries, allowing each language's proclitics
//!    and suffix chains (data: `data/entities/morph.<lang>.tsv`).
//! 2. Overlaps are resolved longest first ("Libyan National Army" is not also "Libya"), then
//!    by KB prominence; a name shared by several entries goes to the one whose country the
//!    document mentions, else the most populous / best-known one.
//! 3. One-word person names that are common words need support (another mention, a title).
//! 4. Uncovered name-like words are linked by phonetic key ([`translit`]): a surname of a person
//!    already named in the document, or a KB name the matcher missed (ল্যাভরভ vs লাভরভ). The
//!    stems and keys of words are remembered per thread across documents (`memo`).
//! 5. Role phrases next to a country ("the Egyptian president") link to the holder of the role
//!    on the document's date, unless a name follows them.
//! 6. Cues (titles, speech verbs, organization words) find names the KB lacks ([`discover`]).
//!
//! It deliberately does not read the KB from disk, code events, or change `doc.text`: mentions
//! are byte spans into it, each covering the whole inflected word.

mod acronyms;
mod arabic;
pub mod discover;
pub mod lexicon;
mod lone;
pub mod matcher;
mod memo;
pub mod tagger;
pub mod translit;

use crate::fast::{HashMap, HashSet};
use crate::kb::names::NameParts;
use crate::kb::{Kb, KbEntry};
use khabar_core::{Document, Entity, EntityType, PartialDate, Span, Stage};
use khabar_text::normalize::{normalize, Normalized};
use lexicon::{CueKind, Lexicon, Script};
use matcher::{Hit, Matcher, What, WEAK};
use std::sync::Arc;

/// Errors of building the linker: its data files are wrong, or the automaton failed.
#[derive(Debug, thiserror::Error)]
pub enum EntityError {
    #[error("entities data {file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    #[error("building the name automaton: {0}")]
    Automaton(String),
}

/// Figures of the built indexes, for benchmarks and `--verbose` runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkerStats {
    pub entries: usize,
    pub patterns: usize,
    pub keys: usize,
    pub matcher_bytes: usize,
    pub build_ms: u128,
}

/// The entity-linking stage.
pub struct EntityLinker {
    kb: Arc<Kb>,
    lx: Lexicon,
    matcher: Matcher,
    parts: Option<NameParts>,
    /// Phonetic key of every KB name -> entry indexes.
    keys: HashMap<String, Vec<u32>>,
    /// Per entry: (population, number of names), to prefer the better-known of namesakes.
    prominence: Vec<(u64, usize)>,
    /// Per entry: how a one-word key may link to it without the document naming it (see
    /// [`KeyClass`]), so that long candidate lists are checked without reading the entries.
    key_class: Vec<KeyClass>,
    /// Per entry: phonetic keys of the last token of each of its names (for surnames),
    /// computed the first time a document names the entry.
    surnames: Vec<std::sync::OnceLock<Box<[String]>>>,
    /// Per entry: vowel-aware keys of its names, sorted (for one-word place links), computed
    /// on first use.
    vkeys: Vec<std::sync::OnceLock<Box<[String]>>>,
    stats: LinkerStats,
    /// Per-thread memory of word stems and keys (discovery).
    memo: memo::Memo,
    /// Cues, head words and adjectives of Arabic names (discovery).
    ar: arabic::ArabicLexicon,
}

/// A chosen mention of a KB entry, in normalized offsets.
#[derive(Debug, Clone, Copy)]
struct Slot {
    start: usize,
    end: usize,
    entry: u32,
    flags: u16,
}

/// Minimum phonetic-key length (consonants) for linking a one-word name by key alone to an
/// entry the document does not otherwise name.
const MIN_KEY_SINGLE: usize = 5;
/// Minimum population of a place linked by a one-word key alone.
const MIN_POP_KEY_LINK: u64 = 1_000_000;

/// How a one-word phonetic key may link to an entry the document does not name yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyClass {
    /// Never (a person or organization with few names).
    Never,
    /// With a long key: a country, or a person or organization with many names.
    LongKey,
    /// A place (not a country): only when the document names its country (checked against
    /// the entry itself).
    Place,
}

impl KeyClass {
    fn of(e: &KbEntry, names: usize) -> KeyClass {
        let country = e.country.as_deref() == Some(e.id.as_str());
        let place = matches!(e.kind, EntityType::Gpe | EntityType::Loc);
        if place && !country {
            KeyClass::Place
        } else if country || (!place && names >= 5) {
            KeyClass::LongKey
        } else {
            KeyClass::Never
        }
    }
}

impl EntityLinker {
    /// Build the matcher and the key index over every name of `kb`.
    pub fn new(kb: Arc<Kb>) -> Result<Self, EntityError> {
        let t0 = std::time::Instant::now();
        let lx = Lexicon::builtin()?;
        let entries = kb.entries();
        let matcher = Matcher::build(&lx, entries)?;
        let mut keys: HashMap<String, Vec<u32>> = HashMap::default();
        let mut prominence = Vec::with_capacity(entries.len());
        let mut key_class = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let mut seen: HashSet<String> = HashSet::default();
            let mut n = 0;
            for (_, name) in e.names() {
                n += 1;
                let k = translit::name_key(&lx, name);
                if k.replace(' ', "").len() < 3 || !seen.insert(k.clone()) {
                    continue;
                }
                let v = keys.entry(k).or_default();
                if v.last() != Some(&(i as u32)) {
                    v.push(i as u32);
                }
            }
            prominence.push((e.population.unwrap_or(0), n));
            key_class.push(KeyClass::of(e, n));
        }
        // The Bengali tagger's model is read here, with the other tables, rather than on the
        // first Bengali document: its one-time cost belongs to start-up, not to a document.
        let _ = tagger::Tagger::builtin();
        let parts = match NameParts::builtin() {
            Ok(p) if !p.is_empty() => Some(p),
            _ => None,
        };
        let stats = LinkerStats {
            entries: entries.len(),
            patterns: matcher.num_patterns(),
            keys: keys.len(),
            matcher_bytes: matcher.heap_bytes(),
            build_ms: t0.elapsed().as_millis(),
        };
        tracing::debug!(?stats, "entity linker built");
        let surnames = (0..kb.len()).map(|_| std::sync::OnceLock::new()).collect();
        let vkeys = (0..kb.len()).map(|_| std::sync::OnceLock::new()).collect();
        Ok(Self {
            kb,
            lx,
            matcher,
            parts,
            keys,
            prominence,
            key_class,
            surnames,
            vkeys,
            stats,
            memo: memo::Memo::default(),
            ar: arabic::ArabicLexicon::builtin()?,
        })
    }

    /// Phonetic keys of the last token of every name of entry `i` (see `discover`).
    pub(crate) fn surname_keys_of(&self, i: usize) -> &[String] {
        let Some(cell) = self.surnames.get(i) else {
            return &[];
        };
        cell.get_or_init(|| {
            let Some(e) = self.kb.entries().get(i) else {
                return Box::default();
            };
            let mut keys: Vec<String> = e
                .names()
                .filter_map(|(_, n)| translit::tokens(n).last())
                .map(|last| translit::token_key(&self.lx, last))
                .collect();
            keys.sort();
            keys.dedup();
            keys.into_boxed_slice()
        })
    }

    /// Whether one of the names of entry `i` has the vowel-aware key `vk`.
    pub(crate) fn has_vkey(&self, i: usize, vk: &str) -> bool {
        let Some(cell) = self.vkeys.get(i) else {
            return false;
        };
        let keys = cell.get_or_init(|| {
            let Some(e) = self.kb.entries().get(i) else {
                return Box::default();
            };
            let mut keys: Vec<String> = e
                .names()
                .map(|(_, n)| translit::token_vkey(&self.lx, n))
                .collect();
            keys.sort();
            keys.dedup();
            keys.into_boxed_slice()
        });
        keys.binary_search_by(|k| k.as_str().cmp(vk)).is_ok()
    }

    pub fn stats(&self) -> LinkerStats {
        self.stats
    }

    /// The phonetic key of a name, as used in provisional ids (`new:<key>`).
    pub fn name_key(&self, name: &str) -> String {
        translit::name_key(&self.lx, name).replace(' ', "-")
    }

    /// A readable Latin spelling of a name in any script.
    pub fn display_name(&self, name: &str) -> String {
        translit::display_name(&self.lx, self.parts.as_ref(), name)
    }

    /// Group names (any script) that share a phonetic key: returns `(new:<key>, indexes)` per
    /// group, groups in order of first appearance. For `khabar entities --new`.
    pub fn cluster_new_names(&self, names: &[&str]) -> Vec<(String, Vec<usize>)> {
        let mut order: Vec<(String, Vec<usize>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::default();
        for (i, n) in names.iter().enumerate() {
            let k = self.name_key(n);
            if k.is_empty() {
                continue;
            }
            let id = format!("new:{k}");
            match at.get(&id) {
                Some(&j) => {
                    if let Some(g) = order.get_mut(j) {
                        g.1.push(i);
                    }
                }
                None => {
                    at.insert(id.clone(), order.len());
                    order.push((id, vec![i]));
                }
            }
        }
        order
    }

    fn entry(&self, i: u32) -> Option<&KbEntry> {
        self.kb.entries().get(i as usize)
    }

    fn prominence(&self, i: u32) -> (u64, usize) {
        self.prominence.get(i as usize).copied().unwrap_or((0, 0))
    }

    /// Normalize `text` and run the automaton only, returning the number of hits on word
    /// boundaries (for benchmarks of the matching step alone).
    pub fn count_hits(&self, text: &str) -> usize {
        let norm = normalize(text);
        let words = discover::Words::of(&norm.text);
        let mut hits = Vec::new();
        self.matcher.scan(&self.lx, &norm, text, &words, &mut hits);
        hits.len()
    }

    /// Link `text`: the entities with mentions as byte spans into `text`.
    pub fn link(&self, text: &str, date: Option<PartialDate>) -> Vec<Entity> {
        self.link_normalized(text, &normalize(text), date)
    }

    /// [`EntityLinker::link`] over a normalized copy of `text` the caller already has.
    pub fn link_normalized(
        &self,
        text: &str,
        norm: &Normalized,
        date: Option<PartialDate>,
    ) -> Vec<Entity> {
        let words = discover::Words::of(&norm.text);
        let mut hits = Vec::with_capacity(words.len() / 2 + 8);
        self.matcher.scan(&self.lx, norm, text, &words, &mut hits);
        let mut other: Vec<Hit> = Vec::with_capacity(hits.len());
        let mut ent_hits: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if matches!(h.target.what, What::Entity(_)) {
                ent_hits.push(h);
            } else {
                other.push(h);
            }
        }
        let mut slots = self.resolve(ent_hits);
        // Role phrases and cues inside a chosen name are part of it.
        let taken = Occupied::from_spans(slots.iter().map(|s| Span::new(s.start, s.end)));
        let other: Vec<Hit> = other
            .into_iter()
            .filter(|h| !taken.overlaps(Span::new(h.start, h.end)))
            .collect();
        let other = longest_non_overlapping(other);
        self.drop_unsupported(&mut slots, &other, &norm.text);

        let mut out: HashMap<String, Entity> = HashMap::default();
        for s in &slots {
            if let Some(e) = self.entry(s.entry) {
                push_known(&mut out, e, Span::new(s.start, s.end));
            }
        }
        let mut covered = Occupied::from_spans(
            slots
                .iter()
                .map(|s| Span::new(s.start, s.end))
                .chain(other.iter().map(|h| Span::new(h.start, h.end))),
        );

        self.roles(norm, &slots, &other, date, &mut out, &mut covered);
        discover::by_key(self, norm, text, &words, &mut out, &mut covered);
        discover::new_names(self, norm, text, &words, &other, &mut out, &mut covered);
        discover::bengali_names(self, norm, text, &words, &other, &mut out, &mut covered);
        tagger::bengali_tagged(self, norm, text, &words, &other, &mut out, &mut covered);
        discover::cased_names(self, norm, text, &words, &mut out, &mut covered);
        arabic::discover(self, norm, text, &words, &other, &mut out, &mut covered);
        acronyms::defined(self, norm, text, &words, &mut out, &mut covered);
        discover::late_surnames(self, norm, text, &words, &mut out, &mut covered);
        discover::merge_name_tails(&mut out);
        lone::legal_suffixes(self, norm, text, &words, &mut out, &mut covered);
        lone::lone_names(self, norm, text, &words, &mut out, &mut covered);

        let mut ents: Vec<Entity> = out
            .into_values()
            .filter_map(|mut e| {
                let mut spans: Vec<Span> = e
                    .mentions
                    .iter()
                    .map(|s| norm.to_original_trimmed(text, *s))
                    .filter(|s| !s.is_empty())
                    .collect();
                spans.sort_unstable();
                spans.dedup();
                e.mentions = spans;
                (!e.mentions.is_empty()).then_some(e)
            })
            .collect();
        // Ids are unique, so the order is total and an unstable sort gives the same one.
        ents.sort_unstable_by(|a, b| {
            let first = |e: &Entity| e.mentions.first().map_or(usize::MAX, |s| s.start);
            first(a).cmp(&first(b)).then_with(|| a.id.cmp(&b.id))
        });
        ents
    }

    /// Choose non-overlapping mentions, longest pattern first, and one entry per mention.
    fn resolve(&self, mut hits: Vec<Hit>) -> Vec<Slot> {
        hits.sort_by(|a, b| {
            let la = a.core_end - a.start;
            let lb = b.core_end - b.start;
            lb.cmp(&la)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
        });
        // Greedy by length; hits with the same span form one ambiguous slot. Such hits share
        // every sort key, so they come one after another: a hit joins the slot chosen last
        // when it has its span and pattern length.
        // (span, pattern length, index of its first candidate in `opts`).
        let mut chosen: Vec<(Span, usize, usize)> = Vec::new();
        // The candidates (entry, flags) of every chosen slot, slot after slot.
        let mut opts: Vec<(u32, u16)> = Vec::new();
        let mut occupied = Occupied::default();
        for h in hits {
            let What::Entity(e) = h.target.what else {
                continue;
            };
            let span = Span::new(h.start, h.end);
            let core = h.core_end - h.start;
            if let Some(&(s, c, from)) = chosen.last() {
                if s == span && c == core {
                    if !opts
                        .get(from..)
                        .unwrap_or_default()
                        .iter()
                        .any(|x| x.0 == e)
                    {
                        opts.push((e, h.target.flags));
                    }
                    continue;
                }
            }
            if occupied.overlaps(span) {
                continue;
            }
            occupied.insert(span);
            chosen.push((span, core, opts.len()));
            opts.push((e, h.target.flags));
        }
        let ends = chosen
            .iter()
            .skip(1)
            .map(|c| c.2)
            .chain(std::iter::once(opts.len()));
        let chosen: Vec<(Span, &[(u32, u16)])> = chosen
            .iter()
            .zip(ends)
            .map(|(c, end)| (c.0, opts.get(c.2..end).unwrap_or_default()))
            .collect();
        // Disambiguation context: entries and countries named unambiguously.
        let mut sure: HashSet<u32> = HashSet::default();
        let mut countries: HashSet<&str> = HashSet::default();
        for c in &chosen {
            if let [(e, _)] = c.1 {
                sure.insert(*e);
                if let Some(en) = self.entry(*e) {
                    if let Some(cc) = en.country.as_deref() {
                        countries.insert(cc);
                    }
                }
            }
        }
        let mut slots: Vec<Slot> = chosen
            .into_iter()
            .filter_map(|(span, opts)| {
                let best = opts.iter().max_by_key(|(e, _)| {
                    let en = self.entry(*e);
                    let in_country = en
                        .and_then(|x| x.country.as_deref())
                        .is_some_and(|c| countries.contains(c));
                    (sure.contains(e), in_country, self.prominence(*e))
                })?;
                Some(Slot {
                    start: span.start,
                    end: span.end,
                    entry: best.0,
                    flags: best.1,
                })
            })
            .collect();
        // Slots do not overlap, so their starts differ.
        slots.sort_unstable_by_key(|s| s.start);
        slots
    }

    /// Drop weak mentions (one-word person names that are common words) of entries that have no
    /// other, strong mention and no title right before them.
    fn drop_unsupported(&self, slots: &mut Vec<Slot>, other: &[Hit], text: &str) {
        let strong: HashSet<u32> = slots
            .iter()
            .filter(|s| s.flags & WEAK == 0)
            .map(|s| s.entry)
            .collect();
        slots.retain(|s| {
            if s.flags & WEAK == 0 || strong.contains(&s.entry) {
                return true;
            }
            other.iter().any(|h| {
                let is_title = match h.target.what {
                    What::Cue(c) => {
                        self.lx.cues.get(c as usize).map(|x| x.2) == Some(CueKind::Title)
                    }
                    What::Role(_) => true,
                    What::Entity(_) => false,
                };
                is_title
                    && h.end <= s.start
                    && text
                        .get(h.end..s.start)
                        .is_some_and(|g| g.trim().is_empty())
            })
        });
    }

    /// Role phrases next to a country: link to the holder on `date`.
    fn roles(
        &self,
        norm: &Normalized,
        slots: &[Slot],
        other: &[Hit],
        date: Option<PartialDate>,
        out: &mut HashMap<String, Entity>,
        covered: &mut Occupied,
    ) {
        let text = norm.text.as_str();
        for h in other {
            let What::Role(r) = h.target.what else {
                continue;
            };
            let Some((_, _, role)) = self.lx.roles.get(r as usize) else {
                continue;
            };
            // A person named right after the role phrase wins ("President Joe Biden").
            let next = slots.iter().find(|s| s.start >= h.end);
            let gap_ok = |a: usize, b: usize| self.is_gap(text.get(a..b).unwrap_or("x"));
            // The country: right before, or right after the phrase.
            let before = slots
                .iter()
                .rev()
                .find(|s| s.end <= h.start)
                .filter(|s| gap_ok(s.end, h.start));
            let after = next.filter(|s| gap_ok(h.end, s.start));
            let is_country = |s: &&Slot| {
                self.entry(s.entry)
                    .is_some_and(|e| e.kind == EntityType::Gpe && e.country.is_some())
            };
            let person_after = after.is_some_and(|s| {
                self.entry(s.entry)
                    .is_some_and(|e| e.kind == EntityType::Per)
            }) || after
                .filter(is_country)
                .and_then(|c| {
                    slots
                        .iter()
                        .find(|s| s.start >= c.end)
                        .filter(|s| gap_ok(c.end, s.start))
                })
                .is_some_and(|s| {
                    self.entry(s.entry)
                        .is_some_and(|e| e.kind == EntityType::Per)
                });
            if person_after {
                continue;
            }
            let country = before
                .filter(is_country)
                .or(after.filter(is_country))
                .and_then(|s| self.entry(s.entry))
                .and_then(|e| e.country.clone());
            let Some(country) = country else { continue };
            let holders = self.kb.holders(role, &country, date);
            let Some(holder) = holders.first() else {
                continue;
            };
            let span = Span::new(h.start, h.end);
            push_known(out, holder, span);
            covered.insert(span);
        }
    }

    /// Whether `gap` (between a role phrase and a country) holds only spaces and link words.
    fn is_gap(&self, gap: &str) -> bool {
        translit::tokens(gap).all(|t| {
            self.lx
                .cues
                .iter()
                .any(|(_, p, k)| *k == CueKind::Link && p == t)
        }) && gap
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace())
            && gap.len() <= 12
    }
}

/// Keep the longest of overlapping role/cue hits.
fn longest_non_overlapping(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut out: Vec<Hit> = Vec::new();
    let mut occupied = Occupied::default();
    for h in hits {
        let span = Span::new(h.start, h.end);
        if !occupied.overlaps(span) {
            occupied.insert(span);
            out.push(h);
        }
    }
    out.sort_by_key(|h| h.start);
    out
}

fn push_known(out: &mut HashMap<String, Entity>, e: &KbEntry, span: Span) {
    if let Some(x) = out.get_mut(&e.id) {
        x.mentions.push(span);
        return;
    }
    out.entry(e.id.clone())
        .or_insert_with(|| Entity {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            country: e.country.clone(),
            cameo: e.cameo.clone(),
            known: true,
            mentions: Vec::new(),
        })
        .mentions
        .push(span);
}

/// The date roles are resolved at: publication, else the latest full date the text mentions.
fn doc_date(doc: &Document) -> Option<PartialDate> {
    doc.published.or_else(|| {
        doc.dates
            .iter()
            .map(|d| d.date)
            .filter(|d| d.year.is_some())
            .max_by_key(|d| (d.year, d.month, d.day))
    })
}

impl Stage for EntityLinker {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn process(&self, doc: &mut Document) {
        let date = doc_date(doc);
        let norm = khabar_text::normalize::of_document(doc);
        doc.entities = self.link_normalized(&doc.text, &norm, date);
    }
}

/// Script of a normalized word (re-exported for the discovery module).
pub(crate) fn script_of(w: &str) -> Script {
    Script::of_str(w)
}

/// Non-overlapping byte ranges, ordered by start: overlap tests in O(log n), so that choosing
/// mentions stays fast on very long documents. A document's few dozen ranges sit in a sorted
/// vector (binary search, no allocation per range); past [`Occupied::SMALL`] ranges they move
/// to a B-tree, whose inserts stay logarithmic where the vector's would grow linear.
#[derive(Debug, Default)]
pub(crate) struct Occupied {
    ranges: Ranges,
}

#[derive(Debug)]
enum Ranges {
    /// (start, end) sorted by start; ranges never overlap, so ends are ordered like starts.
    Few(Vec<(usize, usize)>),
    /// start -> end, the same invariant.
    Many(std::collections::BTreeMap<usize, usize>),
}

impl Default for Ranges {
    fn default() -> Self {
        Ranges::Few(Vec::new())
    }
}

/// The ranges in order, whichever way they are held.
enum RangeIter<'a> {
    Few(std::slice::Iter<'a, (usize, usize)>),
    Many(std::collections::btree_map::Iter<'a, usize, usize>),
}

impl Iterator for RangeIter<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        match self {
            RangeIter::Few(it) => it.next().copied(),
            RangeIter::Many(it) => it.next().map(|(&s, &e)| (s, e)),
        }
    }
}

impl Occupied {
    /// Most ranges a sorted vector holds before they move to a B-tree.
    const SMALL: usize = 256;

    /// From spans that may overlap (overlapping ones are merged).
    fn from_spans(spans: impl Iterator<Item = Span>) -> Self {
        // Sorted by start, overlapping ones merged, then built in one go: the same ranges as
        // inserting one by one (the unions of the groups of spans that overlap), for less.
        let mut v: Vec<Span> = spans.filter(|s| !s.is_empty()).collect();
        v.sort_unstable_by_key(|s| s.start);
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(v.len());
        for s in v {
            match merged.last_mut() {
                Some(last) if s.start < last.1 => last.1 = last.1.max(s.end),
                _ => merged.push((s.start, s.end)),
            }
        }
        let ranges = if merged.len() > Self::SMALL {
            Ranges::Many(merged.into_iter().collect())
        } else {
            Ranges::Few(merged)
        };
        Self { ranges }
    }

    /// The ranges in order of start.
    fn iter(&self) -> RangeIter<'_> {
        match &self.ranges {
            Ranges::Few(v) => RangeIter::Few(v.iter()),
            Ranges::Many(m) => RangeIter::Many(m.iter()),
        }
    }

    /// Add a range, merging it with any it overlaps.
    pub(crate) fn insert(&mut self, s: Span) {
        if s.is_empty() {
            return;
        }
        match &mut self.ranges {
            Ranges::Few(v) => {
                // Ranges from `lo` on end after `s` starts; from `hi` on they start at or
                // after its end: those in between overlap it.
                let lo = v.partition_point(|&(_, e)| e <= s.start);
                let hi = v.partition_point(|&(st, _)| st < s.end);
                if lo >= hi {
                    v.insert(lo, (s.start, s.end));
                } else {
                    // Widen the first range it overlaps to cover them all, drop the others.
                    let last_end = v.get(hi - 1).map_or(s.end, |r| r.1);
                    if let Some(first) = v.get_mut(lo) {
                        *first = (first.0.min(s.start), last_end.max(s.end));
                    }
                    v.drain(lo + 1..hi);
                }
                if v.len() > Self::SMALL {
                    let m = std::mem::take(v).into_iter().collect();
                    self.ranges = Ranges::Many(m);
                }
            }
            Ranges::Many(m) => {
                // Merge: widen to cover every range it touches.
                let mut start = s.start;
                let mut end = s.end;
                let touched: Vec<usize> = m
                    .range(..s.end)
                    .rev()
                    .take_while(|(_, &e)| e > s.start)
                    .map(|(&st, _)| st)
                    .collect();
                for st in touched {
                    if let Some(e) = m.remove(&st) {
                        start = start.min(st);
                        end = end.max(e);
                    }
                }
                m.insert(start, end);
            }
        }
    }

    /// Of `spans`, sorted by start and not overlapping one another, those that overlap no
    /// range: one sweep over both lists instead of a lookup per span.
    /// Yields (index, span).
    pub(crate) fn free_of<'a>(
        &'a self,
        spans: &'a [Span],
    ) -> impl Iterator<Item = (usize, Span)> + 'a {
        let mut ranges = self.iter().peekable();
        spans.iter().copied().enumerate().filter(move |&(_, w)| {
            if w.is_empty() {
                return true;
            }
            while ranges.next_if(|&(_, end)| end <= w.start).is_some() {}
            ranges.peek().is_none_or(|&(start, _)| start >= w.end)
        })
    }

    /// Whether `span` overlaps any range (empty spans overlap nothing).
    pub(crate) fn overlaps(&self, span: Span) -> bool {
        if span.is_empty() {
            return false;
        }
        // The range starting last before `span.end` is the only candidate: ranges before it
        // end before it starts.
        match &self.ranges {
            Ranges::Few(v) => {
                let i = v.partition_point(|&(st, _)| st < span.end);
                i.checked_sub(1)
                    .and_then(|i| v.get(i))
                    .is_some_and(|&(_, end)| end > span.start)
            }
            Ranges::Many(m) => m
                .range(..span.end)
                .next_back()
                .is_some_and(|(_, &end)| end > span.start),
        }
    }
}

#[cfg(test)]
mod occupied_tests {
    use super::*;

    #[test]
    fn overlap_queries() {
        let mut o = Occupied::default();
        o.insert(Span::new(10, 20));
        o.insert(Span::new(30, 40));
        assert!(o.overlaps(Span::new(15, 16)));
        assert!(o.overlaps(Span::new(5, 11)));
        assert!(o.overlaps(Span::new(39, 50)));
        assert!(o.overlaps(Span::new(0, 100)));
        assert!(!o.overlaps(Span::new(20, 30)));
        assert!(!o.overlaps(Span::new(0, 10)));
        assert!(!o.overlaps(Span::new(40, 41)));
        let m =
            Occupied::from_spans([Span::new(0, 5), Span::new(3, 8), Span::new(10, 12)].into_iter());
        assert!(m.overlaps(Span::new(7, 9)));
        assert!(!m.overlaps(Span::new(8, 10)));
    }

    proptest::proptest! {
        /// Building from a list gives the ranges inserting the spans one by one gives.
        #[test]
        fn built_equals_inserted(
            spans in proptest::collection::vec((0usize..200, 0usize..12), 0..30),
        ) {
            let spans: Vec<Span> = spans.iter().map(|&(s, n)| Span::new(s, s + n)).collect();
            let built = Occupied::from_spans(spans.iter().copied());
            let mut inserted = Occupied::default();
            for s in &spans {
                inserted.insert(*s);
            }
            let built: Vec<(usize, usize)> = built.iter().collect();
            let inserted: Vec<(usize, usize)> = inserted.iter().collect();
            proptest::prop_assert_eq!(built, inserted);
        }

        /// Inserting many spans (past the switch from vector to B-tree), overlap answers are
        /// those of a byte map of everything inserted.
        #[test]
        fn overlaps_agree_with_a_byte_map(
            spans in proptest::collection::vec((0usize..3000, 0usize..9), 0..700),
            queries in proptest::collection::vec((0usize..3000, 0usize..9), 0..60),
        ) {
            let mut o = Occupied::default();
            let mut bytes = vec![false; 3010];
            for &(s, n) in &spans {
                o.insert(Span::new(s, s + n));
                for b in bytes.iter_mut().skip(s).take(n) {
                    *b = true;
                }
                let (s, n) = queries.first().copied().unwrap_or((0, 1));
                let want = bytes.iter().skip(s).take(n).any(|&b| b);
                proptest::prop_assert_eq!(o.overlaps(Span::new(s, s + n)), want);
            }
            for &(s, n) in &queries {
                let want = bytes.iter().skip(s).take(n).any(|&b| b);
                proptest::prop_assert_eq!(o.overlaps(Span::new(s, s + n)), want);
            }
            let ranges: Vec<(usize, usize)> = o.iter().collect();
            proptest::prop_assert!(ranges.windows(2).all(|w| w[0].1 <= w[1].0));
            let rebuilt: Vec<(usize, usize)> = Occupied::from_spans(
                spans.iter().map(|&(s, n)| Span::new(s, s + n)),
            )
            .iter()
            .collect();
            proptest::prop_assert_eq!(ranges, rebuilt);
        }

        /// The sweep gives exactly the spans a lookup per span finds free.
        #[test]
        fn sweep_agrees_with_lookups(
            taken in proptest::collection::vec((0usize..200, 0usize..12), 0..20),
            gaps in proptest::collection::vec((0usize..6, 0usize..8), 0..40),
        ) {
            let o = Occupied::from_spans(taken.iter().map(|&(s, n)| Span::new(s, s + n)));
            // Words: sorted, non-overlapping, some empty.
            let mut at = 0;
            let words: Vec<Span> = gaps
                .iter()
                .map(|&(gap, len)| {
                    let w = Span::new(at + gap, at + gap + len);
                    at = w.end;
                    w
                })
                .collect();
            let swept: Vec<Span> = o.free_of(&words).map(|(_, w)| w).collect();
            let looked: Vec<Span> = words.iter().copied().filter(|w| !o.overlaps(*w)).collect();
            proptest::prop_assert_eq!(swept, looked);
        }
    }
}
