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

use khabar_core::{Document, EntityType, PartialDate};
use std::collections::{BTreeMap, HashMap, VecDeque};

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
        let date = doc
            .published
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
            });
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
            date,
        }
    }
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
    /// Entities of the story's first document: what later documents are compared with (no
    /// chaining: a story does not drift by absorbing the entities of each member).
    entities: BTreeMap<String, f64>,
    seed_weight: f64,
    roots: Vec<String>,
    first_day: Option<i64>,
    last_day: Option<i64>,
    size: usize,
}

/// Groups documents into stories, fed in order.
#[derive(Default)]
pub struct StoryClusterer {
    cfg: StoryConfig,
    stories: VecDeque<Story>,
    /// Sequence number of `stories[0]`.
    base: u64,
    by_entity: HashMap<String, Vec<u64>>,
    doc_story: HashMap<String, String>,
    doc_order: VecDeque<String>,
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
        let id = self.assign(&StoryFeatures::from_document(doc));
        doc.story = Some(id.clone());
        id
    }

    /// Assign a document, described by its features, to a story; returns the story id.
    pub fn assign(&mut self, f: &StoryFeatures) -> String {
        if let Some(s) = self.doc_story.get(&f.id) {
            return s.clone();
        }
        let day = f.date.and_then(day_number);
        let mut dedup: BTreeMap<&str, f64> = BTreeMap::new();
        for (id, kind) in &f.entities {
            let w = dedup.entry(id.as_str()).or_insert(0.0);
            *w = w.max(weight(*kind));
        }
        let own: f64 = dedup.values().sum();

        let mut chosen = f
            .duplicate_of
            .as_ref()
            .and_then(|orig| self.doc_story.get(orig))
            .and_then(|sid| self.position_of(sid));

        if chosen.is_none() && own > 0.0 {
            let mut candidates: Vec<u64> = dedup
                .keys()
                .filter_map(|e| self.by_entity.get(*e))
                .flatten()
                .copied()
                .filter(|&s| s >= self.base)
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let mut best: Option<(f64, u64)> = None;
            for seq in candidates {
                let Some(st) = self.stories.get((seq - self.base) as usize) else {
                    continue;
                };
                if let (Some(d), Some(lo), Some(hi)) = (day, st.first_day, st.last_day) {
                    if d < lo - self.cfg.window_days || d > hi + self.cfg.window_days {
                        continue;
                    }
                }
                let shared: f64 = dedup
                    .iter()
                    .filter(|(e, _)| st.entities.contains_key(**e))
                    .map(|(_, w)| *w)
                    .sum();
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
                let bonus = if f
                    .codes
                    .iter()
                    .any(|c| st.roots.iter().any(|r| r == code_root(c)))
                {
                    1.0
                } else {
                    0.0
                };
                let score = shared + bonus;
                if score >= self.cfg.min_shared && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, seq));
                }
            }
            chosen = best.map(|(_, seq)| seq);
        }

        let seq = match chosen {
            Some(seq) => seq,
            None => self.open(f.id.clone()),
        };
        let idx = (seq - self.base) as usize;
        let mut new_entities = Vec::new();
        let sid = match self.stories.get_mut(idx) {
            Some(st) => {
                st.size += 1;
                if st.size == 1 {
                    for (e, w) in &dedup {
                        st.entities.insert((*e).to_string(), *w);
                        new_entities.push((*e).to_string());
                    }
                    st.seed_weight = own;
                }
                for c in &f.codes {
                    let r = code_root(c).to_string();
                    if !st.roots.contains(&r) {
                        st.roots.push(r);
                    }
                }
                if let Some(d) = day {
                    st.first_day = Some(st.first_day.map_or(d, |x| x.min(d)));
                    st.last_day = Some(st.last_day.map_or(d, |x| x.max(d)));
                }
                st.id.clone()
            }
            None => f.id.clone(),
        };
        for e in new_entities {
            self.by_entity.entry(e).or_default().push(seq);
        }
        self.remember(&f.id, &sid);
        sid
    }

    /// Number of stories currently open.
    pub fn open_stories(&self) -> usize {
        self.stories.len()
    }

    fn position_of(&self, story_id: &str) -> Option<u64> {
        self.stories
            .iter()
            .rposition(|s| s.id == story_id)
            .map(|i| self.base + i as u64)
    }

    fn open(&mut self, id: String) -> u64 {
        self.stories.push_back(Story {
            id,
            entities: BTreeMap::new(),
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
                for e in old.entities.keys() {
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
}
