//! Stories: documents telling the same happening, in any language, grouped under one id
//! (`Document::story`, the id of the story's first document).
//!
//! Evidence is language-independent: knowledge-base ids of the entities a document names
//! (a Bengali and an Arabic article about the same two leaders share ids even though they share
//! no word), the CAMEO event codes it carries, and its date. A document joins the best open
//! story that (1) shares entities worth at least [`StoryConfig::min_shared`] with the story's
//! first document (people weigh 2, organizations 1.5, countries and places 1; one shared event
//! root code adds 1), with a Dice overlap of at least [`StoryConfig::min_cover`] (0.2 more when
//! either side has no date), and (2) lies within [`StoryConfig::window_days`] of the story's
//! dates when both have a date. Otherwise it opens a new story. Comparing with the first
//! document, not with the union of all members, keeps stories from chaining into one another.
//! A document marked as a near-copy (`duplicate_of`) joins its original's story.
//!
//! Online and deterministic: documents are assigned in the order given, each once; memory is
//! bounded by [`StoryConfig::max_open`] stories and [`StoryConfig::max_docs`] remembered
//! document ids (oldest forgotten first).
//!
//! Deliberately not done: no IO, no threads, no text similarity (that is [`crate::dedup`]),
//! and provisional entities (`new:` ids, names the KB does not hold) are not used as evidence:
//! their ids are spellings, which differ across scripts.

use crate::fast::HashMap;
use khabar_core::{Document, EntityType, PartialDate};
use std::collections::{BTreeMap, VecDeque};

/// Knobs of story clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryConfig {
    /// Largest distance in days between a document and the nearest date of a story.
    pub window_days: i64,
    /// Least shared evidence weight to join a story.
    pub min_shared: f64,
    /// Least Dice overlap of entity weight with the story's first document.
    pub min_cover: f64,
    /// Stories kept open for joining.
    pub max_open: usize,
    /// Document ids remembered (for near-copies to find their original's story).
    pub max_docs: usize,
}

impl Default for StoryConfig {
    fn default() -> Self {
        Self {
            window_days: 3,
            min_shared: 3.5,
            min_cover: 0.5,
            max_open: 50_000,
            max_docs: 500_000,
        }
    }
}

/// What clustering reads from a document; built from a [`Document`] or from a stored record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryFeatures {
    pub id: String,
    pub duplicate_of: Option<String>,
    /// Knowledge-base ids and kinds of the entities named.
    pub entities: Vec<(String, EntityType)>,
    /// CAMEO codes of the events.
    pub codes: Vec<String>,
    /// The date the document speaks of: publication date, else the first complete event or
    /// text date.
    pub date: Option<PartialDate>,
}

impl StoryFeatures {
    pub fn from_document(doc: &Document) -> Self {
        Self {
            id: doc.id.clone(),
            duplicate_of: doc.duplicate_of.clone(),
            entities: doc
                .entities
                .iter()
                .filter(|e| e.known && is_kb_id(&e.id))
                .map(|e| (e.id.clone(), e.kind))
                .collect(),
            codes: doc.events.iter().map(|e| e.code.clone()).collect(),
            date: document_date(doc),
        }
    }
}

/// The date a document speaks of: publication date, else the first complete event or text
/// date.
fn document_date(doc: &Document) -> Option<PartialDate> {
    doc.published
        .filter(PartialDate::is_complete)
        .or_else(|| {
            doc.events
                .iter()
                .filter_map(|e| e.date)
                .find(PartialDate::is_complete)
        })
        .or_else(|| {
            doc.dates
                .iter()
                .map(|d| d.date)
                .find(PartialDate::is_complete)
        })
}

/// Whether an id is a knowledge-base id (provisional ids start with `new:`).
pub fn is_kb_id(id: &str) -> bool {
    !id.is_empty() && !id.starts_with("new:")
}

fn weight(kind: EntityType) -> f64 {
    match kind {
        EntityType::Per => 2.0,
        EntityType::Org => 1.5,
        EntityType::Gpe | EntityType::Loc => 1.0,
    }
}

/// The root of a CAMEO code: its first two digits ("04" for "042").
fn code_root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

struct Story {
    id: String,
    /// Entity ids of the story's first document: what later documents are compared with (no
    /// chaining: a story does not drift by absorbing the entities of each member). Kept to
    /// take the story out of `by_entity` when it is forgotten; the comparison itself goes
    /// through `by_entity`.
    entities: Vec<String>,
    seed_weight: f64,
    roots: Vec<String>,
    first_day: Option<i64>,
    last_day: Option<i64>,
    size: usize,
}

/// Groups documents into stories, fed in order.
///
/// Scoring a document against its candidate stories costs one pass over the stories each of
/// its entities seeded (`by_entity`): the shared weight of every candidate is added up in a
/// scratch accumulator indexed by story position, in the document's entity order, so each sum
/// is the same float a per-story lookup gives (the test reference in `reference.rs` does
/// that and the tests compare both).
#[derive(Default)]
pub struct StoryClusterer {
    cfg: StoryConfig,
    stories: VecDeque<Story>,
    /// Sequence number of `stories[0]`.
    base: u64,
    /// Entity id to the sequence numbers, ascending, of the open stories it seeded.
    by_entity: HashMap<String, Vec<u64>>,
    /// Story id to the sequence number of the newest open story with that id.
    by_id: HashMap<String, u64>,
    doc_story: HashMap<String, String>,
    doc_order: VecDeque<String>,
    /// Shared weight per story position for the document being assigned (all zero between
    /// documents), and the positions touched.
    acc: Vec<f64>,
    touched: Vec<usize>,
}

impl StoryClusterer {
    pub fn new(cfg: StoryConfig) -> Self {
        Self {
            cfg,
            ..Self::default()
        }
    }

    /// Assign a document to a story, set `doc.story`, and return the story id.
    pub fn observe(&mut self, doc: &mut Document) -> String {
        let id = self.assign_parts(
            &doc.id,
            doc.duplicate_of.as_deref(),
            doc.entities
                .iter()
                .filter(|e| e.known && is_kb_id(&e.id))
                .map(|e| (e.id.as_str(), e.kind)),
            doc.events.iter().map(|e| e.code.as_str()),
            document_date(doc),
        );
        doc.story = Some(id.clone());
        id
    }

    /// Assign a document, described by its features, to a story; returns the story id.
    pub fn assign(&mut self, f: &StoryFeatures) -> String {
        self.assign_parts(
            &f.id,
            f.duplicate_of.as_deref(),
            f.entities.iter().map(|(id, kind)| (id.as_str(), *kind)),
            f.codes.iter().map(String::as_str),
            f.date,
        )
    }

    /// [`StoryClusterer::assign`] on borrowed features.
    fn assign_parts<'a>(
        &mut self,
        id: &str,
        duplicate_of: Option<&str>,
        entities: impl Iterator<Item = (&'a str, EntityType)>,
        codes: impl Iterator<Item = &'a str> + Clone,
        date: Option<PartialDate>,
    ) -> String {
        if let Some(s) = self.doc_story.get(id) {
            return s.clone();
        }
        let day = date.and_then(day_number);
        let mut dedup: BTreeMap<&str, f64> = BTreeMap::new();
        for (id, kind) in entities {
            let w = dedup.entry(id).or_insert(0.0);
            *w = w.max(weight(kind));
        }
        let own: f64 = dedup.values().sum();

        let mut chosen = duplicate_of
            .and_then(|orig| self.doc_story.get(orig))
            .and_then(|sid| self.by_id.get(sid.as_str()))
            .copied();

        if chosen.is_none() && own > 0.0 {
            chosen = self.best_story(&dedup, own, day, codes.clone());
        }

        let seq = match chosen {
            Some(seq) => seq,
            None => self.open(id.to_string()),
        };
        let idx = (seq - self.base) as usize;
        let mut seeded = false;
        let sid = match self.stories.get_mut(idx) {
            Some(st) => {
                st.size += 1;
                if st.size == 1 {
                    st.entities = dedup.keys().map(|e| (*e).to_string()).collect();
                    st.seed_weight = own;
                    seeded = true;
                }
                for c in codes {
                    let r = code_root(c);
                    if !st.roots.iter().any(|x| x == r) {
                        st.roots.push(r.to_string());
                    }
                }
                if let Some(d) = day {
                    st.first_day = Some(st.first_day.map_or(d, |x| x.min(d)));
                    st.last_day = Some(st.last_day.map_or(d, |x| x.max(d)));
                }
                st.id.clone()
            }
            None => id.to_string(),
        };
        if seeded {
            for e in dedup.keys() {
                match self.by_entity.get_mut(*e) {
                    Some(v) => v.push(seq),
                    None => {
                        self.by_entity.insert((*e).to_string(), vec![seq]);
                    }
                }
            }
        }
        self.remember(id, &sid);
        sid
    }

    /// The best open story for a document with entity weights `dedup` (total `own`), if one
    /// passes the thresholds: highest score, the oldest on ties.
    fn best_story<'a>(
        &mut self,
        dedup: &BTreeMap<&str, f64>,
        own: f64,
        day: Option<i64>,
        codes: impl Iterator<Item = &'a str> + Clone,
    ) -> Option<u64> {
        if self.acc.len() < self.stories.len() {
            self.acc.resize(self.stories.len(), 0.0);
        }
        // Shared weight per candidate, added in the document's entity order.
        for (e, w) in dedup {
            let Some(seqs) = self.by_entity.get(*e) else {
                continue;
            };
            for &seq in seqs {
                let Some(slot) = seq
                    .checked_sub(self.base)
                    .and_then(|i| self.acc.get_mut(i as usize))
                else {
                    continue;
                };
                if *slot == 0.0 {
                    self.touched.push((seq - self.base) as usize);
                }
                *slot += *w;
            }
        }
        self.touched.sort_unstable();
        let mut best: Option<(f64, u64)> = None;
        for &idx in &self.touched {
            let shared = self.acc.get(idx).copied().unwrap_or(0.0);
            let Some(st) = self.stories.get(idx) else {
                continue;
            };
            if let (Some(d), Some(lo), Some(hi)) = (day, st.first_day, st.last_day) {
                if d < lo - self.cfg.window_days || d > hi + self.cfg.window_days {
                    continue;
                }
            }
            // Dice overlap with the story's first document; without a date on either
            // side, stronger evidence is asked for.
            let dice = 2.0 * shared / (own + st.seed_weight).max(1e-9);
            let dated = day.is_some() && st.first_day.is_some();
            let need = if dated {
                self.cfg.min_cover
            } else {
                self.cfg.min_cover + 0.2
            };
            if dice < need {
                continue;
            }
            let bonus = if codes
                .clone()
                .any(|c| st.roots.iter().any(|r| r == code_root(c)))
            {
                1.0
            } else {
                0.0
            };
            let score = shared + bonus;
            if score >= self.cfg.min_shared && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, self.base + idx as u64));
            }
        }
        for &idx in &self.touched {
            if let Some(slot) = self.acc.get_mut(idx) {
                *slot = 0.0;
            }
        }
        self.touched.clear();
        best.map(|(_, seq)| seq)
    }

    /// Number of stories currently open.
    pub fn open_stories(&self) -> usize {
        self.stories.len()
    }

    fn open(&mut self, id: String) -> u64 {
        let seq = self.base + self.stories.len() as u64;
        self.by_id.insert(id.clone(), seq);
        self.stories.push_back(Story {
            id,
            entities: Vec::new(),
            seed_weight: 0.0,
            roots: Vec::new(),
            first_day: None,
            last_day: None,
            size: 0,
        });
        while self.stories.len() > self.cfg.max_open.max(1) {
            if let Some(old) = self.stories.pop_front() {
                let seq = self.base;
                self.base += 1;
                if self.by_id.get(&old.id) == Some(&seq) {
                    self.by_id.remove(&old.id);
                }
                for e in &old.entities {
                    if let Some(v) = self.by_entity.get_mut(e) {
                        v.retain(|&s| s != seq);
                        if v.is_empty() {
                            self.by_entity.remove(e);
                        }
                    }
                }
            }
        }
        self.base + self.stories.len() as u64 - 1
    }

    fn remember(&mut self, doc: &str, story: &str) {
        self.doc_story.insert(doc.to_string(), story.to_string());
        self.doc_order.push_back(doc.to_string());
        while self.doc_order.len() > self.cfg.max_docs.max(1) {
            if let Some(old) = self.doc_order.pop_front() {
                self.doc_story.remove(&old);
            }
        }
    }
}

/// Days since 1970-01-01 of a complete date; a date without a day counts as the 15th.
pub fn day_number(d: PartialDate) -> Option<i64> {
    let y = i64::from(d.year?);
    let m = i64::from(d.month?);
    let day = i64::from(d.day.unwrap_or(15));
    if !(1..=12).contains(&m) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number(PartialDate::ymd(1970, 1, 1)), Some(0));
        assert_eq!(day_number(PartialDate::ymd(2024, 2, 29)), Some(19782));
        assert_eq!(
            day_number(PartialDate {
                year: None,
                month: Some(3),
                day: Some(1)
            }),
            None
        );
    }

    #[test]
    fn provisional_ids_are_not_evidence() {
        assert!(!is_kb_id("new:per:x"));
        assert!(is_kb_id("Q123"));
    }

    /// Features drawn from small pools (so that ids repeat, entities are shared and stories
    /// get forgotten) by a seeded generator.
    fn features(seed: u64, n: usize) -> Vec<StoryFeatures> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        let kinds = [
            EntityType::Per,
            EntityType::Org,
            EntityType::Gpe,
            EntityType::Loc,
        ];
        let codes = ["010", "042", "0431", "190", "19", "1", "", "ক৪২"];
        (0..n)
            .map(|i| {
                let ents = next(7) as usize;
                StoryFeatures {
                    id: format!(
                        "d{}",
                        if next(10) == 0 {
                            next(i as u64 + 1)
                        } else {
                            i as u64
                        }
                    ),
                    duplicate_of: match next(6) {
                        0 => Some(format!("d{}", next(i as u64 + 1))),
                        1 => Some("unknown".into()),
                        _ => None,
                    },
                    entities: (0..ents)
                        .map(|_| (format!("Q{}", next(15)), kinds[next(4) as usize]))
                        .collect(),
                    codes: (0..next(4))
                        .map(|_| codes[next(codes.len() as u64) as usize].to_string())
                        .collect(),
                    date: match next(5) {
                        0 => None,
                        1 => Some(PartialDate {
                            year: Some(2024),
                            month: None,
                            day: None,
                        }),
                        _ => Some(PartialDate::ymd(2024, 3, 1 + next(12) as u8)),
                    },
                }
            })
            .collect()
    }

    #[test]
    fn same_stories_as_the_reference() {
        let configs = [
            StoryConfig::default(),
            StoryConfig {
                max_open: 3,
                max_docs: 5,
                ..StoryConfig::default()
            },
            StoryConfig {
                max_open: 40,
                max_docs: 100,
                min_shared: 2.0,
                min_cover: 0.3,
                window_days: 1,
            },
        ];
        let mut joined = 0;
        for (k, cfg) in configs.iter().enumerate() {
            for seed in 1..40u64 {
                let mut fast = StoryClusterer::new(cfg.clone());
                let mut slow = reference::RefClusterer::new(cfg.clone());
                for (i, f) in features(seed * 31 + k as u64, 400).iter().enumerate() {
                    let a = fast.assign(f);
                    let b = slow.assign(f);
                    assert_eq!(a, b, "config {k}, seed {seed}, document {i}: {f:?}");
                    joined += usize::from(a != f.id);
                }
            }
        }
        // The comparison means something only if documents do join stories.
        assert!(joined > 1000, "only {joined} documents joined a story");
    }

    #[test]
    fn observe_reads_the_same_features_as_from_document() {
        use khabar_core::{Document, Entity, Format};
        let mut docs: Vec<Document> = (0..6)
            .map(|i| {
                let mut d = Document::new(format!("s{i}"), b"", String::new(), Format::Text);
                d.id = format!("doc{}", i % 5);
                d.published = Some(PartialDate::ymd(2024, 5, 10 + i as u8 % 2));
                for (j, (id, kind, known)) in [
                    ("Q1", EntityType::Per, true),
                    ("Q2", EntityType::Gpe, true),
                    ("new:per:x", EntityType::Per, true),
                    ("Q3", EntityType::Org, i != 3),
                    ("Q4", EntityType::Per, true),
                ]
                .into_iter()
                .enumerate()
                {
                    if (i + j) % 4 != 0 {
                        d.entities.push(Entity {
                            id: id.into(),
                            name: id.into(),
                            kind,
                            country: None,
                            cameo: None,
                            known,
                            mentions: Vec::new(),
                        });
                    }
                }
                d
            })
            .collect();
        let mut fast = StoryClusterer::default();
        let mut slow = reference::RefClusterer::new(StoryConfig::default());
        let mut joined = 0;
        for d in docs.iter_mut() {
            let want = slow.assign(&StoryFeatures::from_document(d));
            let got = fast.observe(d);
            assert_eq!(got, want);
            assert_eq!(d.story.as_deref(), Some(want.as_str()));
            joined += usize::from(got != d.id);
        }
        assert!(joined >= 2);
    }
}
