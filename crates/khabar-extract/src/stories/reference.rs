//! Story clustering as it was before the scratch-accumulator fast path (test only): every
//! candidate story is scored by looking each of the document's entities up in the story's
//! own map, so tests can check that the fast path assigns exactly the same stories.
//!
//! It deliberately shares nothing with the fast path but the features, weights and the day
//! arithmetic.

use super::{code_root, day_number, weight, StoryConfig, StoryFeatures};
use std::collections::{BTreeMap, HashMap, VecDeque};

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

#[derive(Default)]
pub(crate) struct RefClusterer {
    cfg: StoryConfig,
    stories: VecDeque<Story>,
    /// Sequence number of `stories[0]`.
    base: u64,
    by_entity: HashMap<String, Vec<u64>>,
    doc_story: HashMap<String, String>,
    doc_order: VecDeque<String>,
}

impl RefClusterer {
    pub(crate) fn new(cfg: StoryConfig) -> Self {
        Self {
            cfg,
            ..Self::default()
        }
    }

    /// Assign a document, described by its features, to a story; returns the story id.
    pub(crate) fn assign(&mut self, f: &StoryFeatures) -> String {
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
