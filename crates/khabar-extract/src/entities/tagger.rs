//! A small statistical tagger for Bengali names (persons, places, organizations) the knowledge
//! base and the cue rules of [`super::discover`] miss: an averaged structured perceptron over
//! hashed features, decoded by Viterbi into the best BIO sequence (first order: the features
//! that read the previous tag are summed per value into transition tables at load, see
//! `Trans`).
//!
//! One feature extractor serves training and tagging: [`train`] runs the whole linker over each
//! training sentence with a thread-local capture switched on, and the hook in
//! [`super::EntityLinker::link_normalized`] hands it the features of every word instead of
//! tagging. So a word's features are computed from exactly the state the tagger sees at run
//! time: the word, its prefixes, suffixes, character trigrams and stem (case endings), its
//! neighbours, its shape, the punctuation around it, its role in a personal name
//! (`nameparts.bn.txt`), whether it is spelled out of letter names (an acronym), whether it is a
//! common word, the cue phrases over it (`cues.tsv`, `roles.tsv`), and the KB and rule mentions
//! already found there. What depends on the word alone is remembered per thread.
//!
//! It proposes a span only when every word's margin is at least [`MIN_MARGIN`]: the best
//! sequence's score less the best sequence's with `O` at that word (a max-marginal, from a
//! forward and a backward pass). Spans that touch a mention already found (a KB link, a
//! rule-found name), hold a word of another script, or hold only common words are dropped:
//! the KB and the rules win; so is an organization's name right before the bracketed acronym
//! of a KB organization ("... কাউন্সিলের (এলএনএ)"), which the acronym's link names. The others
//! become new-name entities through the same path as the rule pass (`push_new_keyed`: a KB
//! entry after all when the phonetic key names one, else a provisional `new:<key>` id), with the
//! case ending of the last word trimmed off the name by `data/entities/ner.bn.trim.tsv` (the
//! mention keeps the inflected surface). An acronym whose consonant key is too short for that
//! path (এনবিআর) is named by its Latin letters (`data/entities/letters.bn.tsv`: "NBR"); a
//! person's one-word name whose key is too short (তামিম: "tmm") and that is no name part of
//! `nameparts.bn.txt` is named by its spelling (`new:tamim`, no KB lookup) when its margin
//! reaches [`SHORT_MARGIN`].
//!
//! [`with_model`] runs the linker with another model on one thread (`train_ner --eval`
//! measures a freshly trained model through the whole linker that way, without a rebuild).
//!
//! The model (`data/entities/ner.bn.bin.gz`) is built by
//! `cargo run --release -p khabar-extract --example train_ner -- TRAIN.txt` and read once, on
//! first use; a corrupt model is a [`TaggerError`] (logged once, the tagger then stays off),
//! never a panic. Training is deterministic: a fixed sentence order per epoch from a fixed
//! seed, one thread, and a gzip stream without time stamps, so the same data gives the same
//! bytes.
//!
//! It deliberately does not tag other scripts, decide entity types the KB already gives,
//! merge its spans with neighbouring mentions, or name short organizations and places by
//! their spelling (those are mostly common nouns such as পুলিশ, "police", which the training
//! data tags as organizations); and it allocates nothing per word at run time beyond the
//! per-document buffers (and a table entry the first time a thread meets a word).

use super::discover::{add_new, push_new_keyed, Words};
use super::lexicon::{NamePart, Script};
use super::matcher::{Hit, What};
use super::{EntityLinker, Occupied};
use crate::fast::{word_key, HashMap, KeyMap};
use khabar_core::{Entity, EntityType, Span};
use khabar_text::normalize::{normalize_str, Normalized};
use std::cell::RefCell;
use std::io::{Read, Write};
use std::sync::OnceLock;
use thread_local::ThreadLocal;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Number of tags.
pub const NL: usize = 7;
/// The tags, in the order of the model's weight rows.
pub const LABELS: [&str; NL] = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"];
const MAGIC: &[u8; 8] = b"KHNERv2\n";
/// Weights per bucket in memory: the tags, padded to a vector width.
const ROW: usize = 8;
const MODEL: &[u8] = include_bytes!("../../data/entities/ner.bn.bin.gz");
const TRIM: &str = include_str!("../../data/entities/ner.bn.trim.tsv");
const LETTERS: &str = include_str!("../../data/entities/letters.bn.tsv");
/// Largest accepted uncompressed model (a guard against a corrupt length blowing up memory).
const MAX_MODEL_BYTES: u64 = 64 << 20;
/// Least margin (in training units: one perceptron update per feature) of every word of a
/// proposed span: how far the best tag sequence scores above the best with `O` at the word.
/// The tagger proposes only names it is fairly sure of.
pub const MIN_MARGIN: f32 = 4.0;

/// Least margin of a name whose phonetic key is too short to look up in the KB (তামিম), which
/// is named by its spelling instead: such words are more often common words than longer ones.
pub const SHORT_MARGIN: f32 = 12.0;

/// Errors of reading a model or training data.
#[derive(Debug, thiserror::Error)]
pub enum TaggerError {
    #[error("name tagger model: {0}")]
    Model(String),
    #[error("name tagger model: {0}")]
    Io(#[from] std::io::Error),
    #[error("name tagger training data line {line}: {message}")]
    Data { line: usize, message: String },
    #[error("name tagger table line {line}: {message}")]
    Trim { line: usize, message: String },
}

/// A trained tagger: hashed feature buckets times tags, quantized weights.
pub struct Tagger {
    bits: u32,
    /// One row of weights per bucket (the last one of each row unused), stored sparsely.
    weights: Sparse,
    /// Quantization factor: stored weight = trained weight * scale.
    scale: f32,
    /// Least margin over `O` of every word of a span it proposes.
    min_margin: f32,
    /// Least margin of a name too short to look up in the KB (see [`push_short`]).
    short_margin: f32,
    trim: Trim,
    letters: Letters,
    /// Per thread: the summed weights of a word's own features (those that depend on the
    /// word alone, [`WordFacts::own`]), by [`word_key`]. About 40% of a word's features are
    /// its own, and news vocabulary is Zipfian, so most words add one remembered row instead
    /// of hashing and adding eighteen. Integer sums, so the scores are exactly those of
    /// adding every feature.
    own_sums: ThreadLocal<RefCell<KeyMap<WordScore>>>,
    /// Buckets of the features whose value has a small range, computed once (see [`Small`]).
    small: Small,
    /// The summed weights of the previous-tag features, computed once (see [`Trans`]).
    trans: Trans,
}

/// The weights of the features that read the previous tag ([`dynamic`]), summed per value at
/// load, with the BIO constraint folded in ([`transition_mask`]): a word's [`Lattice`] is its
/// own scores plus three table rows per previous tag, not twenty-four feature lookups.
struct Trans {
    /// Per previous tag: `F_T1` and the mask.
    t1: Lattice,
    /// Per name part (`F_T1_PART`), below [`TRANS_PARTS`].
    part: Vec<Lattice>,
    /// Per `like * 256 + ann` (`F_T1_LIKE_ANN`).
    like_ann: Vec<Lattice>,
    /// The three summed, per `part * 2 + like`, for the words with no mention over them
    /// (most words): one table row per previous tag.
    plain: Vec<Lattice>,
}

/// Name part codes the table of [`Trans::part`] holds (codes are below 16).
const TRANS_PARTS: usize = 32;

/// What tagging remembers of a word (see [`Tagger::own_sums`]): the summed weights of its own
/// features, and the buckets of the features its neighbours read of it (in the order of
/// [`NB_FEATURES`]).
#[derive(Clone, Copy)]
struct WordScore {
    own: [i32; NL],
    nb: [u32; NB_FEATURES.len()],
}

/// The features a word's neighbours read of it: the word as previous, next, second previous
/// and second next word, its stem as next word, its last two characters as previous word.
const NB_FEATURES: [u64; 6] = [F_W_P, F_W_N, F_W_P2, F_W_N2, F_STEM_N, F_SUF2_P];

/// Buckets of `bucket(bits, hv(f, v))` for the features whose value `v` is a small number
/// (name part, cue, gap class, previous tags ...): a table per feature, so that tagging looks
/// them up instead of hashing. Values past a table are hashed as before.
struct Small {
    bits: u32,
    tables: Vec<Box<[u32]>>,
}

/// The small-valued features and how many values each table holds.
const SMALL_FEATURES: [(u64, usize); 18] = [
    (F_BIAS, 1),
    (F_ACRO, 8),
    (F_PART_P, 128),
    (F_PART_N, 128),
    (F_PART_N2, 128),
    (F_LIKE, 32),
    (F_ANN, 256),
    (F_ANN_P, 1024),
    (F_ANN_N, 1024),
    (F_CUE, 256),
    (F_CUE_P, 256),
    (F_CUE_N, 256),
    (F_CUE_N2, 256),
    (F_GAP, 8),
    (F_GAP_N, 8),
    (F_T1, 16),
    (F_T1_PART, 512),
    (F_T1_LIKE_ANN, 4096),
];

impl Small {
    fn new(bits: u32) -> Small {
        let n = SMALL_FEATURES
            .iter()
            .map(|(f, _)| *f as usize + 1)
            .max()
            .unwrap_or(0);
        let mut tables: Vec<Box<[u32]>> = vec![Box::default(); n];
        for &(f, len) in &SMALL_FEATURES {
            if let Some(t) = tables.get_mut(f as usize) {
                *t = (0..len as u64).map(|v| bucket(bits, hv(f, v))).collect();
            }
        }
        Small { bits, tables }
    }

    /// `bucket(bits, hv(f, v))`.
    #[inline]
    fn get(&self, f: u64, v: u64) -> u32 {
        self.tables
            .get(f as usize)
            .and_then(|t| t.get(v as usize))
            .copied()
            .unwrap_or_else(|| bucket(self.bits, hv(f, v)))
    }
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("bits", &self.bits)
            .field("nonzero", &self.weights.nonzero())
            .finish()
    }
}

/// The weight rows of a model: of 2^bits buckets only a few percent are not zero, so each
/// bucket keeps the index of its row among the non-zero ones (0: the zero row). A lookup is
/// two reads with no branch; the table is under 1 MB at 18 bits (it mostly stays in cache)
/// instead of 2^bits rows (4 MB, a cache miss per feature).
struct Sparse {
    index: Index,
    /// Row 0 is all zeros; the others are the non-zero rows in bucket order.
    rows: Vec<[i16; ROW]>,
}

/// Row index per bucket: two bytes while the rows fit, four beyond.
enum Index {
    Narrow(Box<[u16]>),
    Wide(Box<[u32]>),
}

impl Sparse {
    /// The table of `buckets` buckets whose non-zero rows are `rows`, as (bucket, row).
    fn new(buckets: usize, rows: Vec<(usize, [i16; ROW])>) -> Sparse {
        let mut all = Vec::with_capacity(rows.len() + 1);
        all.push([0i16; ROW]);
        let narrow = rows.len() < usize::from(u16::MAX);
        let mut index = if narrow {
            Index::Narrow(vec![0; buckets].into_boxed_slice())
        } else {
            Index::Wide(vec![0; buckets].into_boxed_slice())
        };
        for (b, row) in rows {
            let at = all.len();
            match &mut index {
                Index::Narrow(v) => {
                    if let Some(x) = v.get_mut(b) {
                        *x = at as u16;
                    }
                }
                Index::Wide(v) => {
                    if let Some(x) = v.get_mut(b) {
                        *x = at as u32;
                    }
                }
            }
            all.push(row);
        }
        Sparse { index, rows: all }
    }

    /// Non-zero rows.
    fn nonzero(&self) -> usize {
        self.rows.len() - 1
    }

    /// The row of bucket `b` (the zero row for a bucket out of range).
    #[inline]
    fn get(&self, b: usize) -> Option<&[i16; ROW]> {
        let at = match &self.index {
            Index::Narrow(v) => v.get(b).map(|&x| usize::from(x)),
            Index::Wide(v) => v.get(b).map(|&x| x as usize),
        };
        self.rows.get(at.unwrap_or(0))
    }
}

impl Tagger {
    /// Read a model as [`train`] writes it (gzip of the magic, the hash width, the tag count,
    /// then the non-zero buckets as delta-coded indexes with one weight per tag).
    pub fn from_bytes(gz: &[u8]) -> Result<Tagger, TaggerError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .take(MAX_MODEL_BYTES)
            .read_to_end(&mut raw)?;
        let mut r = Reader { b: &raw, at: 0 };
        if r.bytes(MAGIC.len())? != MAGIC {
            return Err(TaggerError::Model("not a Khabar name tagger model".into()));
        }
        let bits = u32::from(r.byte()?);
        if !(8..=24).contains(&bits) {
            return Err(TaggerError::Model(format!(
                "hash width {bits} out of range"
            )));
        }
        let nl = usize::from(r.byte()?);
        if nl != NL {
            return Err(TaggerError::Model(format!("{nl} tags, expected {NL}")));
        }
        let scale = f32::from_le_bytes([r.byte()?, r.byte()?, r.byte()?, r.byte()?]);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(TaggerError::Model(format!("bad weight scale {scale}")));
        }
        let buckets = 1usize << bits;
        let count = r.varint()?;
        if count > buckets as u64 {
            return Err(TaggerError::Model(format!("{count} buckets of {buckets}")));
        }
        let mut rows = Vec::new();
        let mut at: u64 = 0;
        for k in 0..count {
            let delta = r.varint()?;
            at = if k == 0 { delta } else { at + delta };
            if (k > 0 && delta == 0) || at >= buckets as u64 {
                return Err(TaggerError::Model(format!("bad bucket index {at}")));
            }
            let mut q = [0i16; ROW];
            for slot in q.iter_mut().take(NL) {
                *slot = i16::from_le_bytes([r.byte()?, r.byte()?]);
            }
            rows.push((at as usize, q));
        }
        let weights = Sparse::new(buckets, rows);
        if r.at != raw.len() {
            return Err(TaggerError::Model("trailing bytes".into()));
        }
        Ok(Tagger {
            bits,
            weights,
            scale,
            min_margin: MIN_MARGIN,
            short_margin: SHORT_MARGIN,
            trim: Trim::builtin()?,
            letters: Letters::parse(LETTERS)?,
            own_sums: ThreadLocal::new(),
            small: Small::new(bits),
            trans: Trans {
                t1: transition_mask(),
                part: Vec::new(),
                like_ann: Vec::new(),
                plain: Vec::new(),
            },
        }
        .with_transitions())
    }

    /// The tagger with its [`Trans`] tables filled from its weights.
    fn with_transitions(mut self) -> Tagger {
        let row = |f: u64, v: u64| -> [i32; ROW] {
            let mut r = [0i32; ROW];
            if let Some(w) = self.weights.get(self.small.get(f, v) as usize) {
                for (x, y) in r.iter_mut().zip(w) {
                    *x = i32::from(*y);
                }
            }
            r
        };
        let table = |f: u64, value: &dyn Fn(u64) -> u64| -> Lattice {
            let mut m = [[0i32; ROW]; NL + 1];
            for (p, r) in m.iter_mut().enumerate() {
                *r = row(f, value(p as u64));
            }
            m
        };
        let mut t1 = table(F_T1, &|p| p);
        for (r, mask) in t1.iter_mut().zip(transition_mask()) {
            for (x, y) in r.iter_mut().zip(mask) {
                *x += y;
            }
        }
        let part: Vec<Lattice> = (0..TRANS_PARTS as u64)
            .map(|part| table(F_T1_PART, &|p| p * 32 + part))
            .collect();
        let like_ann: Vec<Lattice> = (0..512u64)
            .map(|la| table(F_T1_LIKE_ANN, &|p| (p * 2 + la / 256) * 256 + la % 256))
            .collect();
        let mut plain = Vec::with_capacity(TRANS_PARTS * 2);
        for pt in &part {
            for like in [0usize, 256] {
                let mut m = t1;
                if let Some(la) = like_ann.get(like) {
                    for ((r, a), b) in m.iter_mut().zip(pt).zip(la) {
                        for k in 0..ROW {
                            r[k] += a[k] + b[k];
                        }
                    }
                }
                plain.push(m);
            }
        }
        self.trans = Trans {
            t1,
            part,
            like_ann,
            plain,
        };
        self
    }

    /// The [`Lattice`] of a word whose own and context features sum to `fixed`.
    fn lattice(&self, fixed: &[i32; ROW], t: &TokFeats) -> Lattice {
        let tr = &self.trans;
        if t.ann == 0 {
            if let Some(plain) = tr.plain.get(usize::from(t.part) * 2 + usize::from(t.like)) {
                let mut m = *plain;
                for r in m.iter_mut() {
                    for k in 0..ROW {
                        r[k] += fixed[k];
                    }
                }
                return m;
            }
        }
        let la = usize::from(t.like) * 256 + usize::from(t.ann);
        let (Some(part), Some(like_ann)) = (tr.part.get(usize::from(t.part)), tr.like_ann.get(la))
        else {
            // Past the tables: the features one by one.
            let mut m = tr.t1;
            let mut dynf = [0u32; N_DYN];
            for (p, r) in m.iter_mut().enumerate() {
                self.dynamic(p as u8, t, &mut dynf);
                let mut s = [0i32; NL];
                self.add(&dynf[1..], &mut s);
                for (x, (y, z)) in r.iter_mut().zip(s.iter().zip(fixed)) {
                    *x += y + z;
                }
                if let Some(x) = r.get_mut(NL) {
                    *x += fixed.get(NL).copied().unwrap_or(0);
                }
            }
            return m;
        };
        let mut m = [[0i32; ROW]; NL + 1];
        for (((r, a), b), c) in m.iter_mut().zip(&tr.t1).zip(part).zip(like_ann) {
            for k in 0..ROW {
                r[k] = fixed[k] + a[k] + b[k] + c[k];
            }
        }
        m
    }

    /// The model built into the crate, read on first use; `None` (logged once) when it is
    /// corrupt.
    pub fn builtin() -> Option<&'static Tagger> {
        static CELL: OnceLock<Option<Tagger>> = OnceLock::new();
        CELL.get_or_init(|| match Tagger::from_bytes(MODEL) {
            Ok(t) => Some(t),
            Err(e) => {
                tracing::warn!(error = %e, "Bengali name tagger disabled");
                None
            }
        })
        .as_ref()
    }

    /// Check the built-in model (for start-up validation and tests).
    pub fn check_builtin() -> Result<(), TaggerError> {
        Tagger::from_bytes(MODEL).map(|_| ())
    }

    /// Per token, what tagging remembers of its word ([`WordScore`]): the summed weights of
    /// its own features (`own` ranges of [`Info`]) and the buckets its neighbours read.
    fn word_scores(&self, text: &str, v: &[Info], own: &[u64]) -> Vec<WordScore> {
        let cell = self.own_sums.get_or_default();
        let mut table = cell.try_borrow_mut().ok();
        let mut bucketed = Vec::with_capacity(MAX_GRAMS + 12);
        v.iter()
            .map(|x| {
                let word = x.span.slice(text);
                let key = (word.len() <= MAX_FACT_BYTES).then(|| word_key(word));
                if let (Some(t), Some(k)) = (table.as_ref(), key) {
                    if let Some(ws) = t.get(&k) {
                        return *ws;
                    }
                }
                bucketed.clear();
                bucketed.extend(
                    own.get(x.own.0 as usize..x.own.1 as usize)
                        .unwrap_or_default()
                        .iter()
                        .map(|&h| bucket(self.bits, h)),
                );
                let mut sum = [0i32; NL];
                self.add(&bucketed, &mut sum);
                let ws = WordScore {
                    own: sum,
                    nb: neighbour_buckets(self.bits, x.hword, x.hstem, x.hsuf2),
                };
                if let (Some(t), Some(k)) = (table.as_mut(), key) {
                    if t.len() >= MAX_FACTS {
                        t.clear();
                    }
                    t.insert(k, ws);
                }
                ws
            })
            .collect()
    }

    fn add(&self, feats: &[u32], scores: &mut [i32; NL]) {
        // Rows are padded to eight weights, so the sum is one vector add per feature.
        let mut acc = [0i32; ROW];
        for &f in feats {
            if let Some(row) = self.weights.get(f as usize) {
                for (s, w) in acc.iter_mut().zip(row) {
                    *s += i32::from(*w);
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s += a;
        }
    }

    /// Viterbi decoding of one document's words into the best BIO sequence; `margins` gets,
    /// per word, how far the best sequence scores above the best one with `O` at that word
    /// (in training units; 0 for a word tagged `O`).
    /// `own`: per token, the summed weights of features left out of `feats` (see
    /// [`Tagger::own_sums`]); empty when `feats` holds every feature.
    fn decode(
        &self,
        toks: &[TokFeats],
        feats: &[u32],
        own: &[[i32; NL]],
        out: &mut Vec<u8>,
        margins: &mut Vec<f32>,
    ) {
        let mut sc: Vec<Lattice> = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            let mut fixed = [0i32; ROW];
            if let Some(o) = own.get(i) {
                fixed[..NL].copy_from_slice(o);
            }
            let mut f = [0i32; NL];
            self.add(feats.get(t.from..t.to).unwrap_or_default(), &mut f);
            for (x, y) in fixed.iter_mut().zip(f) {
                *x += y;
            }
            sc.push(self.lattice(&fixed, t));
        }
        let mut m = Vec::with_capacity(toks.len());
        viterbi(&sc, out, &mut m);
        margins.clear();
        margins.extend(m.iter().map(|&x| x as f32 / self.scale));
    }

    /// The name spans of decoded `tags`: (first word, end word, kind), each confident enough
    /// (every word's margin over `O` at least [`Tagger::min_margin`]).
    fn spans(&self, tags: &[u8], margins: &[f32]) -> Vec<(usize, usize, EntityType)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tags.len() {
            let t = tags.get(i).copied().unwrap_or(0);
            if t == 0 {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while tags
                .get(j)
                .is_some_and(|&u| u != 0 && u % 2 == 0 && u.div_ceil(2) == t.div_ceil(2))
            {
                j += 1;
            }
            let sure = margins
                .get(i..j)
                .unwrap_or_default()
                .iter()
                .all(|m| *m >= self.min_margin);
            let kind = match t.div_ceil(2) {
                1 => EntityType::Per,
                2 => EntityType::Gpe,
                _ => EntityType::Org,
            };
            if sure {
                out.push((i, j, kind));
            }
            i = j;
        }
        out
    }

    /// The same tagger keeping only spans whose every word scores at least `m` above `O`.
    pub fn with_min_margin(mut self, m: f32) -> Tagger {
        self.min_margin = m;
        self
    }

    /// The same tagger naming a name too short for a KB lookup only when its every word
    /// scores at least `m` above `O`.
    pub fn with_short_margin(mut self, m: f32) -> Tagger {
        self.short_margin = m;
        self
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, TaggerError> {
        let v = self
            .b
            .get(self.at)
            .copied()
            .ok_or_else(|| TaggerError::Model("truncated".into()))?;
        self.at += 1;
        Ok(v)
    }
    fn bytes(&mut self, n: usize) -> Result<&[u8], TaggerError> {
        let v = self
            .b
            .get(self.at..self.at + n)
            .ok_or_else(|| TaggerError::Model("truncated".into()))?;
        self.at += n;
        Ok(v)
    }
    fn varint(&mut self) -> Result<u64, TaggerError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(TaggerError::Model("bad varint".into()))
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

// ---------------------------------------------------------------------------------------
// Features

/// Per-word facts the features read, computed once per document.
#[derive(Clone, Copy)]
struct Info {
    span: Span,
    bengali: bool,
    /// Name part (0 none, 1 honorific, 2 title, 3 initial, 4 given, 5 family), +8 when read
    /// from the stem.
    part: u8,
    like: bool,
    /// Spelled out of letter names (an acronym), whole or before a case ending.
    acro: bool,
    /// Mentions already found over the word: KB PER/ORG/place (1, 2, 4), new PER/ORG/place
    /// (8, 16, 32), 64 when a mention starts at the word.
    ann: u8,
    /// Cue over the word: 0 none, 1 + cue kind, 30 role phrase.
    cue: u8,
    /// Punctuation before the word: 0 space, 1 comma and the like, 2 sentence end, 3 quote or
    /// bracket, 4 abbreviation dot or hyphen, 5 start of the document.
    gap: u8,
    /// Range of the document's buffer of word-only feature hashes (see [`WordFacts`]).
    own: (u32, u32),
    /// Hashes of the word, its stem and its last two characters, which several features
    /// of it and its neighbours read.
    hword: u64,
    hstem: u64,
    hsuf2: u64,
}

/// A word's static features: a range of the document's feature buffer, and what the dynamic
/// (previous-tag) features need.
#[derive(Clone, Copy)]
struct TokFeats {
    from: usize,
    to: usize,
    part: u8,
    like: bool,
    ann: u8,
}

const N_DYN: usize = 3;
const SENT_END: u8 = 2;

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn bucket(bits: u32, h: u64) -> u32 {
    (mix(h) >> (64 - bits)) as u32
}

#[inline]
fn hs(t: u64, s: &str) -> u64 {
    xxh3_64_with_seed(s.as_bytes(), t)
}

#[inline]
fn hv(t: u64, v: u64) -> u64 {
    mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ v)
}

/// The last `n` characters of `w` (or all of it).
fn last_chars(w: &str, n: usize) -> &str {
    let at = w.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    w.get(at..).unwrap_or(w)
}

/// The first `n` characters of `w` (or all of it).
fn first_chars(w: &str, n: usize) -> &str {
    let at = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    w.get(..at).unwrap_or(w)
}

fn shape(w: &str) -> u8 {
    let mut chars = 0u8;
    let (mut digit, mut latin, mut bengali) = (true, true, true);
    for c in w.chars() {
        chars = chars.saturating_add(1);
        digit &= c.is_ascii_digit();
        latin &= c.is_ascii_alphabetic();
        bengali &= ('\u{0980}'..='\u{09FF}').contains(&c);
    }
    let len = match chars {
        0..=1 => 0,
        2 => 1,
        3..=4 => 2,
        _ => 3,
    };
    let class = if digit {
        0
    } else if latin {
        1
    } else if bengali {
        2
    } else {
        3
    };
    class * 4 + len
}

fn gap_class(gap: &str, prev_chars: usize) -> u8 {
    let mut class = 0;
    for c in gap.chars() {
        let k = match c {
            '।' | '?' | '!' | '\n' | '॥' => SENT_END,
            '.' if prev_chars > 2 => SENT_END,
            '.' | '-' => 4,
            '"' | '\'' | '(' | ')' | '[' | ']' | '‘' | '’' | '“' | '”' => 3,
            ' ' | '\t' => 0,
            _ => 1,
        };
        class = class.max(k);
        if class == SENT_END {
            break;
        }
    }
    class
}

/// Byte lengths of the stems of `word` that a chain of suffixes of the morphology table
/// follows (`morph.bn.tsv`), shortest first, each leaving two characters or more.
fn suffix_splits<'w>(l: &'w EntityLinker, word: &'w str) -> impl Iterator<Item = usize> + 'w {
    let morph = l.lx.morph(Script::Bengali);
    let max = morph.max_suffix * 3;
    word.char_indices()
        .skip(2)
        .map(|(k, _)| k)
        .filter(move |k| word.len() - k <= max)
        .filter(move |&k| {
            word.get(k..)
                .is_some_and(|rest| morph.valid_suffix(rest, None))
        })
}

/// Byte length of the shortest stem of `word` that leaves two characters or more before a
/// chain of suffixes of the morphology table (`morph.bn.tsv`).
fn shortest_stem(l: &EntityLinker, word: &str) -> usize {
    suffix_splits(l, word).next().unwrap_or(word.len())
}

/// Whether `word` is spelled out of two or more letter names (`initial` in
/// `nameparts.bn.txt`): a Bengali acronym such as এনবিআর.
fn acronym(l: &EntityLinker, word: &str) -> bool {
    let n = word.len();
    if !(4..=60).contains(&n) {
        return false;
    }
    // Characters of the Bengali block that letter names use (bit per code point), read once.
    static CHARS: OnceLock<[u64; 2]> = OnceLock::new();
    let chars = CHARS.get_or_init(|| {
        let mut set = [0u64; 2];
        for (w, p) in &l.lx.name_parts {
            if *p == NamePart::Initial {
                for c in w.chars() {
                    let k = (c as u32).wrapping_sub(0x0980) as usize;
                    if let Some(x) = set.get_mut(k / 64) {
                        *x |= 1 << (k % 64);
                    }
                }
            }
        }
        set
    });
    let spelled = word.chars().all(|c| {
        let k = (c as u32).wrapping_sub(0x0980) as usize;
        chars.get(k / 64).is_some_and(|x| x & (1 << (k % 64)) != 0)
    });
    if !spelled {
        return false;
    }
    // Fewest letter names that spell word[..i], 0 when it cannot be spelled.
    let mut parts = [0u8; 61];
    if let Some(p) = parts.get_mut(0) {
        *p = 1;
    }
    for (p, _) in word.char_indices() {
        let from = parts.get(p).copied().unwrap_or(0);
        if from == 0 {
            continue;
        }
        for (k, (q, c)) in word
            .get(p..)
            .unwrap_or("")
            .char_indices()
            .skip(1)
            .enumerate()
        {
            let _ = c;
            if k >= 4 {
                break;
            }
            let end = p + q;
            if word.get(p..end).and_then(|s| l.lx.name_part(s)) == Some(NamePart::Initial) {
                if let Some(slot) = parts.get_mut(end) {
                    *slot = if *slot == 0 {
                        from + 1
                    } else {
                        (*slot).min(from + 1)
                    };
                }
            }
        }
        if word.get(p..).and_then(|s| l.lx.name_part(s)) == Some(NamePart::Initial) {
            if let Some(slot) = parts.get_mut(n) {
                *slot = if *slot == 0 {
                    from + 1
                } else {
                    (*slot).min(from + 1)
                };
            }
        }
    }
    parts.get(n).is_some_and(|&k| k >= 3)
}

fn part_code(p: Option<(NamePart, Option<usize>)>) -> u8 {
    match p {
        None => 0,
        Some((p, stem)) => {
            let k = match p {
                NamePart::Honorific => 1,
                NamePart::Title => 2,
                NamePart::Initial => 3,
                NamePart::Given => 4,
                NamePart::Family => 5,
            };
            if stem.is_some() {
                k + 8
            } else {
                k
            }
        }
    }
}

/// What the features need of a word alone, whatever the document: remembered per thread
/// (news vocabulary is Zipfian, so most words are looked up, not recomputed). Depends only
/// on the built-in lexicon, the same for every linker.
struct WordFacts {
    part: u8,
    acro: bool,
    hword: u64,
    hstem: u64,
    hsuf2: u64,
    /// Hashes of the word's own features (word, stem, affixes, shape, trigrams, name part).
    own: Box<[u64]>,
}

/// Words remembered per thread before the table is cleared (about 200 bytes each: a few MB
/// per thread at most, the common vocabulary of news).
const MAX_FACTS: usize = 1 << 14;
/// Longer words are computed every time, never stored.
const MAX_FACT_BYTES: usize = 96;

thread_local! {
    static FACTS: RefCell<KeyMap<WordFacts>> = RefCell::new(KeyMap::default());
}

fn with_facts<R>(
    l: &EntityLinker,
    word: &str,
    bengali: bool,
    f: impl FnOnce(&WordFacts) -> R,
) -> R {
    FACTS.with(|cell| {
        let Ok(mut map) = cell.try_borrow_mut() else {
            return f(&word_facts(l, word, bengali));
        };
        let k = word_key(word);
        if let Some(x) = map.get(&k) {
            return f(x);
        }
        let x = word_facts(l, word, bengali);
        if word.len() > MAX_FACT_BYTES {
            return f(&x);
        }
        if map.len() >= MAX_FACTS {
            map.clear();
        }
        f(map.entry(k).or_insert(x))
    })
}

fn word_facts(l: &EntityLinker, word: &str, bengali: bool) -> WordFacts {
    let stem = if bengali {
        shortest_stem(l, word)
    } else {
        word.len()
    };
    let part = if bengali {
        part_code(super::discover::part_of(l, word))
    } else {
        0
    };
    let acro = bengali
        && (acronym(l, word)
            || suffix_splits(l, word).any(|k| acronym(l, word.get(..k).unwrap_or(""))));
    let hword = hs(0, word);
    let hstem = hs(0, word.get(..stem).unwrap_or(word));
    let hsuf2 = hs(0, last_chars(word, 2));
    let mut own = Vec::with_capacity(12 + MAX_GRAMS);
    let mut push = |h: u64| own.push(h);
    push(hv(F_W, hword));
    push(hv(F_STEM, hstem));
    push(hs(F_SUFFIX_REST, word.get(stem..).unwrap_or("")));
    push(hs(F_SUF1, last_chars(word, 1)));
    push(hv(F_SUF2, hsuf2));
    push(hs(F_SUF3, last_chars(word, 3)));
    push(hs(F_PRE2, first_chars(word, 2)));
    push(hs(F_PRE3, first_chars(word, 3)));
    if std::env::var_os("FX1").is_some() {
        push(hs(F_SUF4, last_chars(word, 4)));
        push(hs(F_PRE4, first_chars(word, 4)));
    }
    if std::env::var_os("FX2").is_some() {
        let st = word.get(..stem).unwrap_or(word);
        push(hs(F_STEM_SUF2, last_chars(st, 2)));
        push(hs(F_STEM_SUF3, last_chars(st, 3)));
    }
    push(hv(F_SHAPE, u64::from(shape(word))));
    // Character trigrams (transliterated foreign names, compounds).
    let mut pos = [0usize; MAX_GRAMS + 3];
    let mut n = 0;
    for (slot, (k, _)) in pos.iter_mut().zip(word.char_indices()) {
        *slot = k;
        n += 1;
    }
    if n < pos.len() {
        if let Some(slot) = pos.get_mut(n) {
            *slot = word.len();
        }
    }
    if bengali {
        for k in 0..n.saturating_sub(2).min(MAX_GRAMS) {
            let (Some(&a), Some(&b)) = (pos.get(k), pos.get(k + 3)) else {
                break;
            };
            if let Some(g) = word.get(a..b) {
                push(hs(F_GRAM, g));
            }
        }
    }
    push(hv(F_PART, u64::from(part)));
    WordFacts {
        part,
        acro,
        hword,
        hstem,
        hsuf2,
        own: own.into_boxed_slice(),
    }
}

/// Per-word facts of a document.
fn infos(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    cues: &[Hit],
    out: &HashMap<String, Entity>,
    own: &mut Vec<u64>,
) -> Vec<Info> {
    let text = norm.text.as_str();
    let mut v: Vec<Info> = Vec::with_capacity(words.len());
    let mut prev_end = 0;
    let mut prev_chars = 0;
    for (i, w) in words.iter().enumerate() {
        let word = w.slice(text);
        let gap = if i == 0 {
            5
        } else {
            gap_class(text.get(prev_end..w.start).unwrap_or(""), prev_chars)
        };
        let bengali = words.script(i) == Script::Bengali;
        let own_from = own.len();
        let f = with_facts(l, word, bengali, |f| {
            own.extend_from_slice(&f.own);
            (f.part, f.acro, f.hword, f.hstem, f.hsuf2)
        });
        v.push(Info {
            span: *w,
            bengali,
            part: f.0,
            like: words.name_like(l, norm, original, i),
            acro: f.1,
            ann: 0,
            cue: 0,
            gap,
            own: (own_from as u32, own.len() as u32),
            hword: f.2,
            hstem: f.3,
            hsuf2: f.4,
        });
        prev_end = w.end;
        prev_chars = word.chars().count();
    }
    let mut mark = |span: Span, f: &mut dyn FnMut(&mut Info, bool)| {
        let from = v.partition_point(|x| x.span.end <= span.start);
        for (k, x) in v.iter_mut().enumerate().skip(from) {
            if x.span.start >= span.end {
                break;
            }
            f(x, k == from);
        }
    };
    for e in out.values() {
        let bit = match e.kind {
            EntityType::Per => 1,
            EntityType::Org => 2,
            EntityType::Gpe | EntityType::Loc => 4,
        } << if e.known { 0 } else { 3 };
        for m in &e.mentions {
            mark(*m, &mut |x, first| {
                x.ann |= bit | if first { 64 } else { 0 };
            });
        }
    }
    for h in cues {
        let code = match h.target.what {
            What::Cue(c) => {
                l.lx.cues
                    .get(c as usize)
                    .map_or(0, |(_, _, k)| *k as u8 + 1)
            }
            What::Role(_) => 30,
            What::Entity(_) => 0,
        };
        if code > 0 {
            mark(Span::new(h.start, h.end), &mut |x, _| x.cue = code);
        }
    }
    v
}

// Feature templates (hash seeds).
const F_BIAS: u64 = 1;
const F_W: u64 = 2;
const F_STEM: u64 = 3;
const F_SUF1: u64 = 4;
const F_SUF2: u64 = 5;
const F_SUF3: u64 = 6;
const F_PRE2: u64 = 7;
const F_PRE3: u64 = 8;
const F_SHAPE: u64 = 9;
const F_PART: u64 = 10;
const F_PART_P: u64 = 11;
const F_PART_N: u64 = 12;
const F_LIKE: u64 = 13;
const F_ANN: u64 = 14;
const F_ANN_P: u64 = 15;
const F_ANN_N: u64 = 16;
const F_CUE: u64 = 17;
const F_CUE_P: u64 = 18;
const F_CUE_N: u64 = 19;
const F_CUE_N2: u64 = 20;
const F_W_P: u64 = 21;
const F_W_N: u64 = 22;
const F_W_P2: u64 = 23;
const F_W_N2: u64 = 24;
const F_STEM_N: u64 = 25;
const F_SUF2_P: u64 = 26;
const F_GAP: u64 = 29;
const F_GAP_N: u64 = 30;
const F_PART_N2: u64 = 31;
const F_SUFFIX_REST: u64 = 32;
const F_ACRO: u64 = 33;
const F_GRAM: u64 = 34;
const F_SUF4: u64 = 35;
const F_PRE4: u64 = 36;
const F_STEM_SUF2: u64 = 37;
const F_STEM_SUF3: u64 = 38;
/// Most character trigrams read per word.
const MAX_GRAMS: usize = 8;
// Dynamic.
const F_T1: u64 = 40;
const F_T1_PART: u64 = 42;
const F_T1_LIKE_ANN: u64 = 43;

const NONE: u64 = 0x5eed;

/// The neighbours of word `i` within its sentence: previous, second previous, next, second
/// next.
fn neighbours(v: &[Info], i: usize) -> [Option<usize>; 4] {
    let prev = |k: usize| -> Option<usize> {
        let y = v.get(k)?;
        (k > 0 && y.gap != SENT_END).then(|| k - 1)
    };
    let next = |k: usize| -> Option<usize> {
        let y = v.get(k + 1)?;
        (y.gap != SENT_END).then_some(k + 1)
    };
    let p1 = prev(i);
    let n1 = next(i);
    [p1, p1.and_then(prev), n1, n1.and_then(next)]
}

/// Static features of word `i`, appended to `buf` as bucket indexes.
/// `with_own`: include the word's own features (training does; tagging adds their remembered
/// sum instead, see [`Tagger::own_sums`]).
fn features(bits: u32, own: &[u64], v: &[Info], i: usize, with_own: bool, buf: &mut Vec<u32>) {
    let Some(x) = v.get(i) else { return };
    let [p1, p2, n1, n2] = neighbours(v, i);
    let hw = |t: u64, k: Option<usize>| hv(t, k.and_then(|k| v.get(k)).map_or(NONE, |y| y.hword));
    let at = |k: Option<usize>| k.and_then(|k| v.get(k));
    let mut push = |h: u64| buf.push(bucket(bits, h));
    push(hv(F_BIAS, 0));
    if with_own {
        for h in own
            .get(x.own.0 as usize..x.own.1 as usize)
            .unwrap_or_default()
        {
            push(*h);
        }
    }
    push(hv(
        F_ACRO,
        u64::from(x.acro) * 4 + at(n1).map_or(2, |y| u64::from(y.acro)),
    ));
    push(hv(F_PART_P, at(p1).map_or(99, |y| u64::from(y.part))));
    push(hv(F_PART_N, at(n1).map_or(99, |y| u64::from(y.part))));
    push(hv(F_PART_N2, at(n2).map_or(99, |y| u64::from(y.part))));
    let like3 = |k: Option<usize>| at(k).map_or(2, |y| u64::from(y.like));
    push(hv(
        F_LIKE,
        like3(p1) * 9 + u64::from(x.like) * 3 + like3(n1),
    ));
    push(hv(F_ANN, u64::from(x.ann)));
    push(hv(F_ANN_P, at(p1).map_or(999, |y| u64::from(y.ann))));
    push(hv(F_ANN_N, at(n1).map_or(999, |y| u64::from(y.ann))));
    push(hv(F_CUE, u64::from(x.cue)));
    push(hv(F_CUE_P, at(p1).map_or(99, |y| u64::from(y.cue))));
    push(hv(F_CUE_N, at(n1).map_or(99, |y| u64::from(y.cue))));
    push(hv(F_CUE_N2, at(n2).map_or(99, |y| u64::from(y.cue))));
    push(hw(F_W_P, p1));
    push(hw(F_W_N, n1));
    push(hw(F_W_P2, p2));
    push(hw(F_W_N2, n2));
    push(hv(F_STEM_N, at(n1).map_or(NONE, |y| y.hstem)));
    push(hv(F_SUF2_P, at(p1).map_or(NONE, |y| y.hsuf2)));
    push(hv(F_GAP, u64::from(x.gap)));
    push(hv(F_GAP_N, v.get(i + 1).map_or(5, |y| u64::from(y.gap))));
}

/// The buckets of [`NB_FEATURES`] of a word with these hashes.
fn neighbour_buckets(bits: u32, hword: u64, hstem: u64, hsuf2: u64) -> [u32; NB_FEATURES.len()] {
    [
        bucket(bits, hv(F_W_P, hword)),
        bucket(bits, hv(F_W_N, hword)),
        bucket(bits, hv(F_W_P2, hword)),
        bucket(bits, hv(F_W_N2, hword)),
        bucket(bits, hv(F_STEM_N, hstem)),
        bucket(bits, hv(F_SUF2_P, hsuf2)),
    ]
}

impl Tagger {
    /// [`features`] without the word's own features, for every token, from tables instead of
    /// hashes: the small-valued features from [`Small`], the neighbours' words from their
    /// [`WordScore::nb`]. The same buckets as `features(.., false, ..)`, in the same order
    /// (a test holds the two together).
    fn context_features(
        &self,
        v: &[Info],
        scores: &[WordScore],
        buf: &mut Vec<u32>,
    ) -> Vec<TokFeats> {
        let sm = &self.small;
        // Buckets of a missing neighbour.
        let none = neighbour_buckets(self.bits, NONE, NONE, NONE);
        let nb = |k: Option<usize>, f: usize| -> u32 {
            let b = k.and_then(|k| scores.get(k)).map_or(&none, |w| &w.nb);
            b.get(f).copied().unwrap_or(0)
        };
        let mut toks = Vec::with_capacity(v.len());
        for (i, x) in v.iter().enumerate() {
            let from = buf.len();
            let [p1, p2, n1, n2] = neighbours(v, i);
            let at = |k: Option<usize>| k.and_then(|k| v.get(k));
            let like3 = |k: Option<usize>| at(k).map_or(2, |y| u64::from(y.like));
            buf.extend_from_slice(&[
                sm.get(F_BIAS, 0),
                sm.get(
                    F_ACRO,
                    u64::from(x.acro) * 4 + at(n1).map_or(2, |y| u64::from(y.acro)),
                ),
                sm.get(F_PART_P, at(p1).map_or(99, |y| u64::from(y.part))),
                sm.get(F_PART_N, at(n1).map_or(99, |y| u64::from(y.part))),
                sm.get(F_PART_N2, at(n2).map_or(99, |y| u64::from(y.part))),
                sm.get(F_LIKE, like3(p1) * 9 + u64::from(x.like) * 3 + like3(n1)),
                sm.get(F_ANN, u64::from(x.ann)),
                sm.get(F_ANN_P, at(p1).map_or(999, |y| u64::from(y.ann))),
                sm.get(F_ANN_N, at(n1).map_or(999, |y| u64::from(y.ann))),
                sm.get(F_CUE, u64::from(x.cue)),
                sm.get(F_CUE_P, at(p1).map_or(99, |y| u64::from(y.cue))),
                sm.get(F_CUE_N, at(n1).map_or(99, |y| u64::from(y.cue))),
                sm.get(F_CUE_N2, at(n2).map_or(99, |y| u64::from(y.cue))),
                nb(p1, 0),
                nb(n1, 1),
                nb(p2, 2),
                nb(n2, 3),
                nb(n1, 4),
                nb(p1, 5),
                sm.get(F_GAP, u64::from(x.gap)),
                sm.get(F_GAP_N, v.get(i + 1).map_or(5, |y| u64::from(y.gap))),
            ]);
            toks.push(TokFeats {
                from,
                to: buf.len(),
                part: x.part,
                like: x.like,
                ann: x.ann,
            });
        }
        toks
    }

    /// [`dynamic`] from the tables of [`Small`].
    fn dynamic(&self, t1: u8, t: &TokFeats, out: &mut [u32; N_DYN]) {
        let sm = &self.small;
        out[0] = sm.get(F_T1, u64::from(t1));
        out[1] = sm.get(F_T1_PART, u64::from(t1) * 32 + u64::from(t.part));
        out[2] = sm.get(
            F_T1_LIKE_ANN,
            (u64::from(t1) * 2 + u64::from(t.like)) * 256 + u64::from(t.ann),
        );
    }
}

/// The features that read the previous word's tag `t1` (`NL` at the start of a document).
fn dynamic(bits: u32, t1: u8, t: &TokFeats, out: &mut [u32; N_DYN]) {
    out[0] = bucket(bits, hv(F_T1, u64::from(t1)));
    out[1] = bucket(bits, hv(F_T1_PART, u64::from(t1) * 32 + u64::from(t.part)));
    out[2] = bucket(
        bits,
        hv(
            F_T1_LIKE_ANN,
            (u64::from(t1) * 2 + u64::from(t.like)) * 256 + u64::from(t.ann),
        ),
    );
}

/// Scores of a word: per previous tag (`NL`: none) the score of each tag (the last lane
/// unused), with [`FORBIDDEN`] where BIO does not allow the transition.
type Lattice = [[i32; ROW]; NL + 1];

/// Score of a forbidden transition: far below any reachable score, far from overflow.
const FORBIDDEN: i32 = -(1 << 28);

/// [`FORBIDDEN`] where tag `t` may not follow `prev` ([`allowed`]) and in the unused lane,
/// 0 elsewhere.
fn transition_mask() -> Lattice {
    let mut m = [[0i32; ROW]; NL + 1];
    for (p, row) in m.iter_mut().enumerate() {
        for (t, x) in row.iter_mut().enumerate() {
            if t >= NL || !allowed(p as u8, t as u8) {
                *x = FORBIDDEN;
            }
        }
    }
    m
}

/// The best tag sequence of a document given its words' [`Lattice`]s; and per word its
/// margin: the best sequence's score less the best with `O` at that word (0 where the word
/// is `O`). Scores are kept relative per word, so no sum grows with the document. The loops
/// run over whole rows of fixed length, without branches, so that they vectorize.
fn viterbi(sc: &[Lattice], path: &mut Vec<u8>, margins: &mut Vec<i32>) {
    path.clear();
    margins.clear();
    let n = sc.len();
    let Some(first) = sc.first() else {
        return;
    };
    // Forward: best score of a sequence ending at word i with tag t, and its previous tag.
    let mut alpha: Vec<[i32; ROW]> = Vec::with_capacity(n);
    let mut back: Vec<[i32; ROW]> = Vec::with_capacity(n);
    let mut prev = first[NL];
    alpha.push(prev);
    back.push([NL as i32; ROW]);
    for m in sc.iter().skip(1) {
        let mut best = [2 * FORBIDDEN; ROW];
        let mut arg = [0i32; ROW];
        for p in 0..NL {
            let a = prev[p];
            let row = &m[p];
            for k in 0..ROW {
                let v = a + row[k];
                let gt = v > best[k];
                best[k] = if gt { v } else { best[k] };
                arg[k] = if gt { p as i32 } else { arg[k] };
            }
        }
        let base = best[0];
        for b in best.iter_mut() {
            *b = (*b - base).max(FORBIDDEN);
        }
        prev = best;
        alpha.push(best);
        back.push(arg);
    }
    let mut t = 0usize;
    for k in 1..NL {
        if prev[k] > prev[t] {
            t = k;
        }
    }
    path.resize(n, 0);
    for i in (0..n).rev() {
        if let Some(slot) = path.get_mut(i) {
            *slot = t as u8;
        }
        t = back.get(i).map_or(0, |b| b[t % ROW] as usize % ROW);
    }
    // Backward, from the end down to the first name word (the words before it need no
    // margin): best score of the rest of the sequence after word i with tag t.
    let Some(start) = path.iter().position(|&t| t != 0) else {
        margins.resize(n, 0);
        return;
    };
    let mut beta = vec![[0i32; ROW]; n];
    let mut next = [0i32; ROW];
    for i in (start..n.saturating_sub(1)).rev() {
        let Some(m) = sc.get(i + 1) else {
            continue;
        };
        let mut out = [FORBIDDEN; ROW];
        for p in 0..NL {
            let row = &m[p];
            let mut v = [0i32; ROW];
            for k in 0..ROW {
                v[k] = row[k] + next[k];
            }
            out[p] = v.iter().copied().fold(2 * FORBIDDEN, i32::max);
        }
        let base = out[0];
        for o in out.iter_mut() {
            *o = (*o - base).max(FORBIDDEN);
        }
        if let Some(slot) = beta.get_mut(i) {
            *slot = out;
        }
        next = out;
    }
    margins.extend(
        path.iter()
            .zip(alpha.iter().zip(&beta))
            .map(|(&t, (a, b))| {
                let t = usize::from(t) % ROW;
                if t == 0 {
                    0
                } else {
                    (a[t] + b[t]) - (a[0] + b[0])
                }
            }),
    );
}

/// Whether tag `t` may follow tag `prev` (an I- tag continues a B- or I- of its type).
fn allowed(prev: u8, t: u8) -> bool {
    t == 0 || t % 2 == 1 || (prev != 0 && prev != NL as u8 && prev.div_ceil(2) == t.div_ceil(2))
}

/// Static features of every word of a document, into `feats`.
fn document_features(
    own: &[u64],
    bits: u32,
    v: &[Info],
    with_own: bool,
    feats: &mut Vec<u32>,
) -> Vec<TokFeats> {
    let mut toks = Vec::with_capacity(v.len());
    for (i, x) in v.iter().enumerate() {
        let from = feats.len();
        features(bits, own, v, i, with_own, feats);
        toks.push(TokFeats {
            from,
            to: feats.len(),
            part: x.part,
            like: x.like,
            ann: x.ann,
        });
    }
    toks
}

// ---------------------------------------------------------------------------------------
// Tagging

/// One captured document for training: per word, its span in the original text and its
/// features.
struct Captured {
    bits: u32,
    spans: Vec<Span>,
    toks: Vec<TokFeats>,
    feats: Vec<u32>,
}

thread_local! {
    static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static CAPTURE: RefCell<Option<(u32, Vec<Captured>)>> = const { RefCell::new(None) };
    /// A model used instead of the built-in one on this thread (see [`with_model`]).
    static MODEL_OVERRIDE: RefCell<Option<std::sync::Arc<Tagger>>> = const { RefCell::new(None) };
}

/// The tagger pass over a document's Bengali words (the hook in `link_normalized`, after the
/// rule passes): new names go into `out` and `covered`.
pub(crate) fn bengali_tagged(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    cues: &[Hit],
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    if !(0..words.len()).any(|i| words.script(i) == Script::Bengali) {
        return;
    }
    if OFF.with(|o| o.get()) {
        return;
    }
    let capture_bits = CAPTURE.with(|c| c.borrow().as_ref().map(|(b, _)| *b));
    if let Some(bits) = capture_bits {
        let mut own = Vec::new();
        let v = infos(l, norm, original, words, cues, out, &mut own);
        let mut feats = Vec::new();
        let toks = document_features(&own, bits, &v, true, &mut feats);
        let spans = v.iter().map(|x| norm.to_original(x.span)).collect();
        CAPTURE.with(|c| {
            if let Some((_, docs)) = c.borrow_mut().as_mut() {
                docs.push(Captured {
                    bits,
                    spans,
                    toks,
                    feats,
                });
            }
        });
        return;
    }
    let over = MODEL_OVERRIDE.with(|m| m.borrow().clone());
    if let Some(tagger) = over {
        tagger.tag_into(l, norm, original, words, cues, out, covered);
        return;
    }
    let Some(tagger) = Tagger::builtin() else {
        return;
    };
    tagger.tag_into(l, norm, original, words, cues, out, covered);
}

/// Run `f` with `model` instead of the built-in model on this thread: to measure a freshly
/// trained model through the whole linker (`train_ner --eval`) without rebuilding.
pub fn with_model<R>(model: std::sync::Arc<Tagger>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<std::sync::Arc<Tagger>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let old = self.0.take();
            MODEL_OVERRIDE.with(|m| *m.borrow_mut() = old);
        }
    }
    let _restore = Restore(MODEL_OVERRIDE.with(|m| m.borrow_mut().replace(model)));
    f()
}

/// Run `f` with the tagger switched off on this thread (the rule passes alone), to compare
/// with and without it in tests and evaluations.
pub fn without_tagger<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            OFF.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OFF.with(|o| o.replace(true)));
    f()
}

impl Tagger {
    #[allow(clippy::too_many_arguments)]
    fn tag_into(
        &self,
        l: &EntityLinker,
        norm: &Normalized,
        original: &str,
        words: &Words,
        cues: &[Hit],
        out: &mut HashMap<String, Entity>,
        covered: &mut Occupied,
    ) {
        let text = norm.text.as_str();
        let mut own = Vec::with_capacity(words.len() * 20);
        let v = infos(l, norm, original, words, cues, out, &mut own);
        let mut feats = Vec::with_capacity(v.len() * 48);
        let scores = self.word_scores(text, &v, &own);
        let toks = self.context_features(&v, &scores, &mut feats);
        let sums: Vec<[i32; NL]> = scores.iter().map(|w| w.own).collect();
        let mut tags = Vec::with_capacity(v.len());
        let mut margins = Vec::with_capacity(v.len());
        self.decode(&toks, &feats, &sums, &mut tags, &mut margins);
        for (i, j, kind) in self.spans(&tags, &margins) {
            // A person or place right after a KB name (ইরানের আলী আকবর, "Iran's Ali Akbar"):
            // the span often takes the known name in, and the new name is what follows it.
            // Not organizations, whose names often open with a place (বাংলাদেশ ব্যাংক).
            let mut i = i;
            if kind != EntityType::Org {
                while i + 1 < j && v.get(i).is_some_and(|x| x.ann & 7 != 0) {
                    i += 1;
                }
            }
            let run = v.get(i..j).unwrap_or_default();
            // KB and rule mentions win; names are Bengali words, one of them at least not a
            // common word.
            if run.iter().any(|x| x.ann != 0 || !x.bengali) || !run.iter().any(|x| x.like) {
                continue;
            }
            let (Some(first), Some(last)) = (run.first(), run.last()) else {
                continue;
            };
            let span = Span::new(first.span.start, last.span.end);
            if covered_by_mention(out, span) {
                continue;
            }
            // "Long name (ACRONYM)": an organization's name right before the bracketed acronym
            // of a known organization spells that organization out, often only in part (the
            // tagger may miss its first words): the acronym's link names it, no new entity.
            if kind == EntityType::Org && defined_acronym(out, text, last.span.end, v.get(j)) {
                continue;
            }
            let last_word = last.span.slice(text);
            let keep = name_len(&self.trim, &self.letters, l, last_word, kind);
            let key_span = Span::new(span.start, last.span.start + keep);
            let pushed = push_new_keyed(
                l,
                norm,
                original,
                span,
                key_span,
                kind,
                Script::Bengali,
                out,
                covered,
            );
            if pushed {
                continue;
            }
            // An acronym's consonant key is too short to tell names apart ("এনবিআর": nbr):
            // it is named by its Latin letters instead (spelled out of the letter names of
            // `letters.bn.tsv`, whether or not the name-part table knows them all).
            let latin = (run.len() == 1)
                .then(|| self.letters.spell(key_span.slice(text)))
                .flatten();
            if let Some(latin) = latin {
                push_acronym(l, &latin, span, out, covered);
            } else {
                // A person's name whose consonant key is too short to look up in the KB
                // safely (তামিম: "tmm") is still a name when the tagger is sure of it: named
                // by its spelling, with no KB lookup. Not a lone name part (আবদুল): the rules
                // own those, and alone they are no person. Not organizations and places: there
                // the short words the tagger is sure of are mostly institutions named by a
                // common noun (পুলিশ, "police"), which its training data tags as names.
                let sure = margins
                    .get(i..j)
                    .unwrap_or_default()
                    .iter()
                    .fold(f32::MAX, |a, b| a.min(*b));
                if kind == EntityType::Per
                    && sure >= self.short_margin
                    && run.iter().all(|x| x.part == 0)
                {
                    push_short(l, norm, original, span, key_span, kind, out, covered);
                }
            }
        }
    }
}

/// Whether the word `next`, in brackets right after byte `end` of the normalized `text`, is
/// the acronym of a known organization.
fn defined_acronym(
    out: &HashMap<String, Entity>,
    text: &str,
    end: usize,
    next: Option<&Info>,
) -> bool {
    let Some(next) = next else {
        return false;
    };
    // A known organization's mention starts at the word (ann bits 2 and 64).
    if !next.acro || next.ann & (2 | 64) != (2 | 64) {
        return false;
    }
    if text.get(end..next.span.start).map(str::trim) != Some("(") {
        return false;
    }
    out.values().any(|e| {
        e.known
            && e.kind == EntityType::Org
            && e.mentions.iter().any(|m| m.start == next.span.start)
    })
}

/// Record a new name at normalized `span` whose consonant key is too short for
/// [`push_new_keyed`]: its id is its readable spelling (`new:tamim`), so that only the same
/// spelling (with another case ending) joins it. Names of fewer than three characters or two
/// letters are left out.
#[allow(clippy::too_many_arguments)]
fn push_short(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    span: Span,
    key_span: Span,
    kind: EntityType,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let stem = key_span.slice(&norm.text);
    if stem.chars().count() < 3 || stem.chars().filter(|c| is_letter(*c)).count() < 2 {
        return;
    }
    let surface = norm.to_original(key_span).slice(original).trim();
    let name = l.display_name(surface);
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        return;
    }
    add_new(out, covered, format!("new:{slug}"), || name, kind, span);
}

/// Record a new organization known by its acronym `latin` ("NBR") at normalized `span`.
fn push_acronym(
    l: &EntityLinker,
    latin: &str,
    span: Span,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let key = l.name_key(latin);
    if key.is_empty() {
        return;
    }
    let id = format!("new:{key}");
    add_new(
        out,
        covered,
        id,
        || latin.to_string(),
        EntityType::Org,
        span,
    );
}

/// Latin letters spelled out in Bengali (`data/entities/letters.bn.tsv`).
#[derive(Debug, Default)]
struct Letters {
    /// (normalized letter name, Latin letter), longest name first.
    names: Vec<(String, char)>,
}

impl Letters {
    fn parse(src: &str) -> Result<Letters, TaggerError> {
        let mut names = Vec::new();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |m: &str| TaggerError::Trim {
                line: n + 1,
                message: format!("letters.bn.tsv: {m}"),
            };
            let (name, latin) = line
                .split_once('\t')
                .ok_or_else(|| err("expected letter name<TAB>Latin letter"))?;
            let mut cs = latin.trim().chars();
            let (Some(c), None) = (cs.next(), cs.next()) else {
                return Err(err("one Latin letter"));
            };
            if !c.is_ascii_uppercase() {
                return Err(err("an upper-case Latin letter"));
            }
            let name = normalize_str(name.trim());
            if name.is_empty() {
                return Err(err("empty letter name"));
            }
            names.push((name, c));
        }
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(Letters { names })
    }

    /// The Latin spelling of `word` when it is two letter names or more, read longest first.
    fn spell(&self, word: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = word;
        while !rest.is_empty() {
            let (name, c) = self
                .names
                .iter()
                .find(|(n, _)| rest.starts_with(n.as_str()))?;
            out.push(*c);
            rest = rest.get(name.len()..)?;
        }
        (out.len() >= 2).then_some(out)
    }
}

/// The Latin spelling of a Bengali acronym (for tests): `Some("NBR")` for এনবিআর.
pub fn spell_acronym(word: &str) -> Option<String> {
    Letters::parse(LETTERS).ok()?.spell(&normalize_str(word))
}

fn covered_by_mention(out: &HashMap<String, Entity>, span: Span) -> bool {
    out.values()
        .any(|e| e.mentions.iter().any(|m| m.overlaps(span)))
}

// ---------------------------------------------------------------------------------------
// Trimming case endings

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Any,
    Vowel,
    Consonant,
}

#[derive(Debug, Default)]
struct Trim {
    /// (ending, condition, kinds bitmask PER 1 ORG 2 LOC 4, particle), longest first.
    endings: Vec<(String, After, u8, bool)>,
    /// Name endings never trimmed.
    keep: Vec<String>,
}

fn kind_bit(k: EntityType) -> u8 {
    match k {
        EntityType::Per => 1,
        EntityType::Org => 2,
        EntityType::Gpe | EntityType::Loc => 4,
    }
}

fn is_vowelish(c: char) -> bool {
    matches!(c, '\u{0985}'..='\u{0994}' | '\u{09BE}'..='\u{09CC}' | '\u{09D7}') && c != '\u{09CD}'
}

/// A Bengali letter that is not a sign (a vowel or a consonant), or any other letter.
fn is_letter(c: char) -> bool {
    match c {
        '\u{0980}'..='\u{09FF}' => {
            is_consonant(c) && c != '\u{09BC}' || matches!(c, '\u{0985}'..='\u{0994}')
        }
        _ => c.is_alphabetic(),
    }
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{0995}'..='\u{09B9}' | '\u{09BC}' | '\u{09CE}' | '\u{09DC}'..='\u{09DF}')
}

impl Trim {
    fn parse(src: &str) -> Result<Trim, TaggerError> {
        let mut t = Trim::default();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |m: &str| TaggerError::Trim {
                line: n + 1,
                message: m.to_string(),
            };
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["keep", ending] => t.keep.push(normalize_str(ending.trim())),
                [ending, after, kinds, ..] if cols.len() <= 4 => {
                    let particle = match cols.get(3).map(|c| c.trim()) {
                        None | Some("") => false,
                        Some("particle") => true,
                        Some(_) => return Err(err("fourth column: particle or nothing")),
                    };
                    let after = match *after {
                        "any" => After::Any,
                        "vowel" => After::Vowel,
                        "consonant" => After::Consonant,
                        _ => return Err(err("after must be any, vowel or consonant")),
                    };
                    let mut bits = 0u8;
                    for k in kinds.split(',') {
                        bits |= match k.trim() {
                            "*" => 7,
                            "PER" => 1,
                            "ORG" => 2,
                            "LOC" => 4,
                            _ => return Err(err("kinds: PER, ORG, LOC or *")),
                        };
                    }
                    let e = normalize_str(ending.trim());
                    if e.is_empty() {
                        return Err(err("empty ending"));
                    }
                    t.endings.push((e, after, bits, particle));
                }
                _ => {
                    return Err(err(
                        "expected ending<TAB>after<TAB>kinds or keep<TAB>ending",
                    ))
                }
            }
        }
        t.endings
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Ok(t)
    }

    fn builtin() -> Result<Trim, TaggerError> {
        Trim::parse(TRIM)
    }

    /// Byte length of `word` without its case ending (the whole word when it has none, is a
    /// known name part as written, or ends like a name that is never trimmed).
    fn stem_len(&self, l: &EntityLinker, word: &str, kind: EntityType) -> usize {
        if kind == EntityType::Per && l.lx.name_part(word).is_some() {
            return word.len();
        }
        let bit = kind_bit(kind);
        let mut w = word;
        // A particle may come off first; a case ending ends the trimming.
        let mut particles = true;
        for _ in 0..2 {
            if self.keep.iter().any(|k| w.ends_with(k.as_str())) {
                break;
            }
            let cut = self.endings.iter().find_map(|(e, after, kinds, particle)| {
                let stem = w.strip_suffix(e.as_str())?;
                if kinds & bit == 0
                    || (*particle && !particles)
                    || stem.chars().filter(|c| is_letter(*c)).count() < 2
                {
                    return None;
                }
                let before = stem.chars().next_back()?;
                let ok = match after {
                    After::Any => true,
                    After::Vowel => is_vowelish(before),
                    After::Consonant => is_consonant(before),
                };
                ok.then_some((stem, *particle))
            });
            match cut {
                Some((s, particle)) => {
                    w = s;
                    if !particle {
                        break;
                    }
                    particles = false;
                    if kind == EntityType::Per && l.lx.name_part(w).is_some() {
                        break;
                    }
                }
                None => break,
            }
        }
        w.len()
    }
}

/// The name of `word` without its case ending, as the tagger names its entities (for tests
/// and `khabar` debugging).
pub fn trimmed_name<'w>(l: &EntityLinker, word: &'w str, kind: EntityType) -> &'w str {
    match (Trim::builtin(), Letters::parse(LETTERS)) {
        (Ok(t), Ok(letters)) => word
            .get(..name_len(&t, &letters, l, word, kind))
            .unwrap_or(word),
        _ => word,
    }
}

/// Byte length of the last word of a name without its case ending: an acronym spelled out
/// whole (এনবিআর, whose last letter name ends like a genitive) keeps every letter; any other
/// word is trimmed by `trim`.
fn name_len(
    trim: &Trim,
    letters: &Letters,
    l: &EntityLinker,
    word: &str,
    kind: EntityType,
) -> usize {
    if letters.spell(word).is_some() {
        return word.len();
    }
    trim.stem_len(l, word, kind)
}

// ---------------------------------------------------------------------------------------
// Training

/// One training sentence: tokens and their tags (`O`, `B-PER` ...; other tags read as `O`).
pub type Sentence = Vec<(String, String)>;

/// Read `token<TAB>tag` lines, sentences separated by blank lines. A tag column that is empty
/// or names another kind (`TIM`) reads as `O`; a malformed B-/I- tag is an error.
pub fn read_conll(src: &str) -> Result<Vec<Sentence>, TaggerError> {
    let mut out = Vec::new();
    let mut cur: Sentence = Vec::new();
    for (n, line) in src.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let Some((tok, tag)) = line.rsplit_once('\t') else {
            return Err(TaggerError::Data {
                line: n + 1,
                message: "expected token<TAB>tag".into(),
            });
        };
        let tag = tag.trim();
        let tag = if LABELS.contains(&tag) {
            tag
        } else if tag.starts_with("B-") || tag.starts_with("I-") {
            return Err(TaggerError::Data {
                line: n + 1,
                message: format!("unknown tag {tag}"),
            });
        } else {
            "O"
        };
        let tok = tok.trim();
        if tok.is_empty() {
            continue;
        }
        cur.push((tok.to_string(), tag.to_string()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    /// Hash width: `2^bits` feature buckets.
    pub bits: u32,
    /// Seed of the sentence order.
    pub seed: u64,
    /// Weights smaller than this (after quantization to i16) are dropped, to keep the model
    /// small.
    pub prune: i16,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            bits: 18,
            seed: 7,
            prune: 60,
        }
    }
}

/// The gold tag index of every captured word of a sentence.
fn gold_tags(s: &Sentence, c: &Captured) -> Vec<u8> {
    // Token byte ranges in the joined text.
    let mut ranges = Vec::with_capacity(s.len());
    let mut at = 0;
    for (tok, tag) in s {
        ranges.push((at, at + tok.len(), tag.as_str()));
        at += tok.len() + 1;
    }
    let mut tags = Vec::with_capacity(c.spans.len());
    let mut last_tok = usize::MAX;
    for sp in &c.spans {
        let k = ranges.partition_point(|(_, e, _)| *e <= sp.start);
        let tag = ranges.get(k).map_or("O", |r| r.2);
        let mut t = LABELS.iter().position(|x| *x == tag).unwrap_or(0) as u8;
        // A second word of one token continues it.
        if k == last_tok && t != 0 && t % 2 == 1 {
            t += 1;
        }
        last_tok = k;
        // Noisy gold: an I- tag that continues nothing opens a name.
        let prev = tags.last().copied().unwrap_or(NL as u8);
        if !allowed(prev, t) {
            t -= 1;
        }
        tags.push(t);
    }
    tags
}

/// Train a model on `sentences` with the features of linker `l`; returns the model file's
/// bytes (gzip, no time stamp: the same input gives the same bytes).
pub fn train(
    l: &EntityLinker,
    sentences: &[Sentence],
    opts: &TrainOptions,
) -> Result<Vec<u8>, TaggerError> {
    if !(8..=24).contains(&opts.bits) {
        return Err(TaggerError::Model(format!(
            "hash width {} out of range",
            opts.bits
        )));
    }
    let bits = opts.bits;
    // Features of every sentence, read by the hook in `link_normalized`.
    let mut docs: Vec<(Captured, Vec<u8>)> = Vec::with_capacity(sentences.len());
    CAPTURE.with(|c| *c.borrow_mut() = Some((bits, Vec::new())));
    for s in sentences {
        let text: Vec<&str> = s.iter().map(|(t, _)| t.as_str()).collect();
        let text = text.join(" ");
        let _ = l.link(&text, None);
        let got = CAPTURE.with(|c| c.borrow_mut().as_mut().and_then(|(_, d)| d.pop()));
        if let Some(cap) = got {
            let gold = gold_tags(s, &cap);
            docs.push((cap, gold));
        }
    }
    CAPTURE.with(|c| *c.borrow_mut() = None);
    tracing::info!(sentences = docs.len(), "name tagger: features read");

    let n = (1usize << bits) * NL;
    let mut w = vec![0f32; n];
    let mut total = vec![0f64; n];
    let mut stamp = vec![0u64; n];
    let mut step: u64 = 0;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = opts.seed | 1;
    let mut tags: Vec<u8> = Vec::new();
    let mut margins: Vec<i32> = Vec::new();
    let mut sc: Vec<Lattice> = Vec::new();
    let mask = transition_mask();
    let mut dynf = [0u32; N_DYN];
    let mut update = |w: &mut [f32], f: u32, t: u8, d: f32, step: u64| {
        let k = f as usize * NL + t as usize;
        if let (Some(wk), Some(tk), Some(sk)) = (w.get_mut(k), total.get_mut(k), stamp.get_mut(k)) {
            *tk += f64::from(*wk) * (step - *sk) as f64;
            *sk = step;
            *wk += d;
        }
    };
    for epoch in 0..opts.epochs {
        // Fisher-Yates with a xorshift generator: a fixed order per epoch.
        for k in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(k, (rng % (k as u64 + 1)) as usize);
        }
        let mut wrong = 0usize;
        for &d in &order {
            let Some((cap, gold)) = docs.get(d) else {
                continue;
            };
            if cap.bits != bits {
                continue;
            }
            // The scores of every tag after every previous tag, decoded as tagging does.
            // Perceptron weights are whole numbers (updates of one), so integer sums are
            // exact.
            let row = |w: &[f32], f: u32| -> [i32; NL] {
                let base = f as usize * NL;
                let mut r = [0i32; NL];
                if let Some(x) = w.get(base..base + NL) {
                    for (a, b) in r.iter_mut().zip(x) {
                        *a = *b as i32;
                    }
                }
                r
            };
            sc.clear();
            for t in &cap.toks {
                let mut fixed = [0i32; NL];
                for &f in cap.feats.get(t.from..t.to).unwrap_or_default() {
                    for (s, x) in fixed.iter_mut().zip(row(&w, f)) {
                        *s += x;
                    }
                }
                let mut m = mask;
                for (p, r) in m.iter_mut().enumerate() {
                    for (s, x) in r.iter_mut().zip(fixed) {
                        *s += x;
                    }
                    dynamic(bits, p as u8, t, &mut dynf);
                    for &f in &dynf {
                        for (s, x) in r.iter_mut().zip(row(&w, f)) {
                            *s += x;
                        }
                    }
                }
                sc.push(m);
            }
            viterbi(&sc, &mut tags, &mut margins);
            step += cap.toks.len() as u64;
            // Structured perceptron: where the decoded sequence differs from the gold, the
            // gold's features gain and the decoded ones lose.
            for (i, t) in cap.toks.iter().enumerate() {
                let g = gold.get(i).copied().unwrap_or(0);
                let pred = tags.get(i).copied().unwrap_or(0);
                let prev = |v: &[u8]| {
                    i.checked_sub(1)
                        .and_then(|k| v.get(k))
                        .copied()
                        .unwrap_or(NL as u8)
                };
                let (gp, pp) = (prev(gold), prev(&tags));
                if g == pred && gp == pp {
                    continue;
                }
                if g != pred {
                    wrong += 1;
                    for &f in cap.feats.get(t.from..t.to).unwrap_or_default() {
                        update(&mut w, f, g, 1.0, step);
                        update(&mut w, f, pred, -1.0, step);
                    }
                }
                dynamic(bits, gp, t, &mut dynf);
                for &f in &dynf {
                    update(&mut w, f, g, 1.0, step);
                }
                dynamic(bits, pp, t, &mut dynf);
                for &f in &dynf {
                    update(&mut w, f, pred, -1.0, step);
                }
            }
        }
        tracing::info!(epoch, wrong, "name tagger: epoch");
    }
    // Average.
    let mut avg = vec![0f32; n];
    for (k, a) in avg.iter_mut().enumerate() {
        let (Some(wk), Some(tk), Some(sk)) = (w.get(k), total.get(k), stamp.get(k)) else {
            continue;
        };
        let t = tk + f64::from(*wk) * (step - sk) as f64;
        *a = (t / step.max(1) as f64) as f32;
    }
    let max = avg.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    let mut raw = Vec::new();
    raw.extend_from_slice(MAGIC);
    raw.push(bits as u8);
    raw.push(NL as u8);
    raw.extend_from_slice(&scale.to_le_bytes());
    let rows: Vec<(usize, [i16; NL])> = avg
        .chunks(NL)
        .enumerate()
        .filter_map(|(b, row)| {
            let mut q = [0i16; NL];
            for (x, y) in q.iter_mut().zip(row) {
                let v = (y * scale).round() as i16;
                *x = if v.abs() < opts.prune { 0 } else { v };
            }
            q.iter().any(|x| *x != 0).then_some((b, q))
        })
        .collect();
    put_varint(&mut raw, rows.len() as u64);
    let mut last = 0usize;
    for (k, (b, q)) in rows.iter().enumerate() {
        put_varint(&mut raw, if k == 0 { *b } else { b - last } as u64);
        last = *b;
        for x in q {
            raw.extend_from_slice(&x.to_le_bytes());
        }
    }
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    gz.write_all(&raw)?;
    Ok(gz.finish()?)
}

/// The spans the tagger proposes in `text` (before the KB and rule mentions are given
/// precedence), with the least margin over `O` of their words: a debugging aid.
pub fn explain(l: &EntityLinker, model: &Tagger, text: &str) -> Vec<(String, EntityType, f32)> {
    CAPTURE.with(|c| *c.borrow_mut() = Some((model.bits, Vec::new())));
    let _ = l.link(text, None);
    let got = CAPTURE.with(|c| c.borrow_mut().take().and_then(|(_, mut d)| d.pop()));
    let Some(cap) = got else {
        return Vec::new();
    };
    let (mut tags, mut margins) = (Vec::new(), Vec::new());
    model.decode(&cap.toks, &cap.feats, &[], &mut tags, &mut margins);
    model
        .spans(&tags, &margins)
        .into_iter()
        .filter_map(|(i, j, kind)| {
            let a = cap.spans.get(i)?;
            let b = cap.spans.get(j.checked_sub(1)?)?;
            let m = margins.get(i..j)?.iter().fold(f32::MAX, |x, y| x.min(*y));
            Some((Span::new(a.start, b.end).slice(text).to_string(), kind, m))
        })
        .collect()
}

/// Tag the tokens of `sentences` with a model and the linker `l`, returning per sentence and
/// token the predicted tag (a token split into several words takes the tags of its words'
/// span), read by the same hook as [`train`] (for evaluation
/// by token; the pipeline's own output is what `tools/eval/bn_ner.py` measures).
pub fn tag_sentences(
    l: &EntityLinker,
    model: &Tagger,
    sentences: &[Sentence],
) -> Vec<Vec<&'static str>> {
    let mut out = Vec::with_capacity(sentences.len());
    CAPTURE.with(|c| *c.borrow_mut() = Some((model.bits, Vec::new())));
    for s in sentences {
        let text: Vec<&str> = s.iter().map(|(t, _)| t.as_str()).collect();
        let text = text.join(" ");
        let _ = l.link(&text, None);
        let got = CAPTURE.with(|c| c.borrow_mut().as_mut().and_then(|(_, d)| d.pop()));
        let (mut tags, mut margins) = (Vec::new(), Vec::new());
        let mut labels = vec!["O"; s.len()];
        let Some(cap) = got else {
            out.push(labels);
            continue;
        };
        model.decode(&cap.toks, &cap.feats, &[], &mut tags, &mut margins);
        // Token of each word: tokens are joined by one space.
        let mut ends = Vec::with_capacity(s.len());
        let mut at = 0;
        for (t, _) in s {
            at += t.len();
            ends.push(at);
            at += 1;
        }
        let token = |w: usize| {
            cap.spans
                .get(w)
                .map(|sp| ends.partition_point(|e| *e <= sp.start))
        };
        for (i, j, kind) in model.spans(&tags, &margins) {
            let (b, inside) = match kind {
                EntityType::Per => ("B-PER", "I-PER"),
                EntityType::Org => ("B-ORG", "I-ORG"),
                _ => ("B-LOC", "I-LOC"),
            };
            let (Some(first), Some(last)) = (token(i), j.checked_sub(1).and_then(token)) else {
                continue;
            };
            for (k, slot) in labels.iter_mut().enumerate().take(last + 1).skip(first) {
                *slot = if k == first { b } else { inside };
            }
        }
        out.push(labels);
    }
    CAPTURE.with(|c| *c.borrow_mut() = None);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::Kb;
    use khabar_text::normalize::normalize;
    use std::sync::Arc;

    /// A lattice where every transition BIO allows scores `tags[t]` for tag t.
    fn word(tags: [i32; NL]) -> Lattice {
        let mut m = transition_mask();
        for r in m.iter_mut() {
            for (x, y) in r.iter_mut().zip(tags) {
                *x += y;
            }
        }
        m
    }

    #[test]
    fn viterbi_finds_the_best_allowed_sequence() {
        // Word by word, B-PER then I-LOC would win; BIO forbids I-LOC after B-PER, and the
        // best allowed sequence is B-LOC I-LOC (greedy decoding would take B-PER, then
        // have to fall back to O or a new B- tag).
        let sc = [word([0, 10, 0, 9, 0, 0, 0]), word([0, 0, 1, 0, 12, 0, 0])];
        let (mut path, mut margins) = (Vec::new(), Vec::new());
        viterbi(&sc, &mut path, &mut margins);
        assert_eq!(path, vec![3, 4]);
        // Margins: best (21) less the best with O there (O then B-/O: 0 + 0, B-PER then O: 10).
        assert_eq!(margins, vec![21, 11]);
        // An I- tag never opens a document or follows O.
        let sc = [
            word([0, -5, 50, -60, -5, -5, -5]),
            word([1, -5, 0, -5, 50, -5, -5]),
        ];
        viterbi(&sc, &mut path, &mut margins);
        assert_eq!(path, vec![0, 0]);
        assert_eq!(margins, vec![0, 0]);
        // Previous-tag scores count: I-ORG after B-ORG only when the transition pays.
        let mut second = word([0, 0, 0, 0, 0, 6, 0]);
        second[5][6] += 10;
        let sc = [word([0, 0, 0, 0, 0, 3, 0]), second];
        viterbi(&sc, &mut path, &mut margins);
        assert_eq!(path, vec![5, 6]);
        viterbi(&[], &mut path, &mut margins);
        assert!(path.is_empty() && margins.is_empty());
    }

    #[test]
    fn viterbi_scores_stay_bounded_on_long_documents() {
        // Relative scores: ten thousand confident words overflow nothing and stay tagged.
        let sc = vec![word([0, 30_000, 30_001, 0, 0, 0, 0]); 10_000];
        let (mut path, mut margins) = (Vec::new(), Vec::new());
        viterbi(&sc, &mut path, &mut margins);
        assert_eq!(path.first(), Some(&1));
        assert!(path.iter().skip(1).all(|&t| t == 2));
        assert!(
            margins.iter().all(|&m| m >= 30_000),
            "{:?}",
            margins.first()
        );
    }

    /// Tagging reads its features from tables ([`Tagger::context_features`],
    /// [`Tagger::dynamic`], [`WordScore`]); training hashes them ([`features`], [`dynamic`]).
    /// The two must give the same buckets, or the model would be read with other features
    /// than it was trained on.
    #[test]
    fn table_features_are_the_hashed_ones() {
        let kb = Kb::from_jsonl(
            r#"{"id":"geo:dhaka","name":"Dhaka","type":"GPE","country":"BGD","aliases":{"bn":["ঢাকা"]}}"#,
            "t",
        )
        .expect("kb");
        let l = EntityLinker::new(Arc::new(kb)).expect("linker");
        let tagger = Tagger::builtin().expect("model");
        let text = "মঙ্গলবার ঢাকায় প্রধানমন্ত্রী শেখ হাসিনা বলেন, \"আমরা প্রস্তুত।\" এনবিআর চেয়ারম্যান রহমান (৫২) জানান— বৈঠক হবে। Reuters জানায়।\nনতুন অনুচ্ছেদ";
        let norm = normalize(text);
        let words = Words::of(&norm.text);
        let mut own = Vec::new();
        let v = infos(&l, &norm, text, &words, &[], &HashMap::default(), &mut own);
        assert!(v.len() > 15, "{}", v.len());
        let mut hashed = Vec::new();
        let toks_h = document_features(&own, tagger.bits, &v, false, &mut hashed);
        let scores = tagger.word_scores(&norm.text, &v, &own);
        let mut tabled = Vec::new();
        let toks_t = tagger.context_features(&v, &scores, &mut tabled);
        assert_eq!(hashed, tabled);
        let ranges = |t: &[TokFeats]| t.iter().map(|t| (t.from, t.to)).collect::<Vec<_>>();
        assert_eq!(ranges(&toks_h), ranges(&toks_t));
        // A second reading comes from the remembered scores and must not differ.
        let again = tagger.word_scores(&norm.text, &v, &own);
        for (a, b) in scores.iter().zip(&again) {
            assert_eq!((a.own, a.nb), (b.own, b.nb));
        }
        // Own sums: the weights of the word's own features, added one by one.
        for (x, ws) in v.iter().zip(&scores) {
            let buckets: Vec<u32> = own
                .get(x.own.0 as usize..x.own.1 as usize)
                .unwrap_or_default()
                .iter()
                .map(|&h| bucket(tagger.bits, h))
                .collect();
            let mut sum = [0i32; NL];
            tagger.add(&buckets, &mut sum);
            assert_eq!(sum, ws.own);
        }
        // Previous-tag features, over every value they take (and some past the tables).
        for t1 in 0..=NL as u8 {
            for part in [0u8, 1, 5, 13, 40] {
                for (like, ann) in [(false, 0u8), (true, 1), (true, 64), (false, 255)] {
                    let t = TokFeats {
                        from: 0,
                        to: 0,
                        part,
                        like,
                        ann,
                    };
                    let (mut a, mut b) = ([0u32; N_DYN], [0u32; N_DYN]);
                    dynamic(tagger.bits, t1, &t, &mut a);
                    tagger.dynamic(t1, &t, &mut b);
                    assert_eq!(a, b);
                }
            }
        }
        // Lattices from the summed tables: the word's scores, the mask, and the rows of the
        // hashed previous-tag features, whatever table a word's values fall in.
        let fixed = [5, -3, 7, 0, 11, -2, 4, 0];
        for part in [0u8, 4, 13, 40] {
            for (like, ann) in [(false, 0u8), (true, 0), (true, 65), (false, 255)] {
                let t = TokFeats {
                    from: 0,
                    to: 0,
                    part,
                    like,
                    ann,
                };
                let mut want = transition_mask();
                for (p, r) in want.iter_mut().enumerate() {
                    let mut d = [0u32; N_DYN];
                    dynamic(tagger.bits, p as u8, &t, &mut d);
                    let mut s = [0i32; NL];
                    tagger.add(&d, &mut s);
                    for (k, x) in r.iter_mut().enumerate() {
                        *x += fixed[k] + s.get(k).copied().unwrap_or(0);
                    }
                }
                assert_eq!(
                    tagger.lattice(&fixed, &t),
                    want,
                    "part {part} like {like} ann {ann}"
                );
            }
        }
    }
}
