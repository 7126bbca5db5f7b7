//! The knowledge base: canonical actors (people, organizations, countries, places) with their
//! names per language and script, their CAMEO codes, and the positions they held with dates.
//!
//! A KB is JSON Lines, one [`KbEntry`] per line (format in `data/kb/README.md`). [`Kb`] loads
//! it ([`Kb::from_jsonl`], [`Kb::load_path`], [`Kb::builtin`] for the starter KB embedded in
//! the binary), merges user files over it ([`Kb::merge`]), answers "who held this role on that
//! date" ([`Kb::holders`]) and validates itself ([`Kb::check`]).
//!
//! It deliberately does not match names in text: it stores names exactly as written, and the
//! entity linker (`entities`) builds its own normalized matcher over [`KbEntry::names`].
//! [`wikidata`] turns a Wikidata JSON dump into KB lines; [`names`] holds the Arabic name-part
//! transliteration table.

pub mod names;
pub mod wikidata;

use crate::fast::HashMap;
use khabar_core::{EntityType, PartialDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One KB entry, one JSON object per line in a `.jsonl` KB file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbEntry {
    pub id: String,
    /// Canonical English name: the common name ("Russia", "Khalifa Haftar").
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// ISO 3166-1 alpha-3 code of the country the entity belongs to (for a country: itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// CAMEO actor code ("EGY GOV", "LBY MIL", "IGOUNO").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<KbRole>,
    /// Aliases per language code ("en", "bn", "ar", "ru", ...). The canonical `name` counts as
    /// an English alias whether or not it is repeated here.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Adjective / demonym forms per language ("Egyptian", "মিশরীয়", "مصري", "египетский"),
    /// for mentions like "the Egyptian president". Base forms; the linker inflects.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub demonyms: BTreeMap<String, Vec<String>>,
    /// Id of the capital (countries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital: Option<String>,
    /// Id of the entity this one belongs to (a ministry's government, a brigade's group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Population (places), to prefer the larger of two same-named cities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Where the entry came from ("cldr", "geonames", "curated", "wikidata:Q42").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A position held, with dates ("head_of_state" of "EGY" from 2014-06-08).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbRole {
    /// A key of [`ROLE_KEYS`].
    pub role: String,
    /// Country alpha-3 code or KB id of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// First day in the role: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day in the role; absent while the role is held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// The role vocabulary shared with the entity linker.
pub const ROLE_KEYS: &[&str] = &[
    "head_of_state",
    "head_of_government",
    "vice_president",
    "deputy_head_of_government",
    "foreign_minister",
    "deputy_foreign_minister",
    "defence_minister",
    "interior_minister",
    "finance_minister",
    "intelligence_chief",
    "army_chief",
    "spokesperson",
    "special_envoy",
    "speaker",
    "leader",
    "deputy_leader",
    "commander",
    "secretary_general",
    "monarch",
    "crown_prince",
];

impl KbEntry {
    /// Every name of the entry with its language: the canonical name (as `en`), then aliases.
    /// Demonyms are not included (see [`KbEntry::demonyms`]).
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::once(("en", self.name.as_str())).chain(
            self.aliases
                .iter()
                .flat_map(|(lang, v)| v.iter().map(move |a| (lang.as_str(), a.as_str()))),
        )
    }

    /// Whether this entry held `role` (of `of`, if given) at `date` (at present if `None`).
    pub fn holds(&self, role: &str, of: Option<&str>, date: Option<PartialDate>) -> bool {
        self.roles.iter().any(|r| role_matches(r, role, of, date))
    }
}

/// Errors of loading a KB. Each names where the fault is (`file:line`).
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{origin}:{line}: {message}")]
    Line {
        origin: String,
        line: usize,
        message: String,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{origin}: {message}")]
    Data { origin: String, message: String },
}

/// How bad a [`KbProblem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemLevel {
    Warning,
    Error,
}

/// One finding of [`Kb::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbProblem {
    pub level: ProblemLevel,
    /// `file:line` of the entry concerned.
    pub at: String,
    /// Entry id, if the problem concerns one.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for KbProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            ProblemLevel::Warning => "warning",
            ProblemLevel::Error => "error",
        };
        match &self.id {
            Some(id) => write!(f, "{}: {level}: {id}: {}", self.at, self.message),
            None => write!(f, "{}: {level}: {}", self.at, self.message),
        }
    }
}

/// Where an entry was read.
#[derive(Debug, Clone)]
struct Origin {
    file: Arc<str>,
    line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A loaded knowledge base.
#[derive(Debug, Default, Clone)]
pub struct Kb {
    entries: Vec<KbEntry>,
    origins: Vec<Origin>,
    by_id: HashMap<String, usize>,
    /// Duplicate ids met while loading one file: (later origin, first origin, id).
    duplicates: Vec<(Origin, Origin, String)>,
    /// Role key to the entries holding that role at some time, built on first use and
    /// dropped whenever entries change.
    role_index: std::sync::OnceLock<HashMap<String, Vec<u32>>>,
}

/// The starter KB embedded in the binary: (file name, JSONL, plain or gzipped).
const BUILTIN: &[(&str, &[u8])] = &[
    (
        "countries.jsonl",
        include_bytes!("../../../data/kb/countries.jsonl"),
    ),
    (
        "cities.jsonl",
        include_bytes!("../../../data/kb/cities.jsonl"),
    ),
    (
        "subdivisions.jsonl",
        include_bytes!("../../../data/kb/subdivisions.jsonl"),
    ),
    (
        "curated/organizations.jsonl",
        include_bytes!("../../../data/kb/curated/organizations.jsonl"),
    ),
    (
        "curated/people.jsonl",
        include_bytes!("../../../data/kb/curated/people.jsonl"),
    ),
    (
        "curated/places.jsonl",
        include_bytes!("../../../data/kb/curated/places.jsonl"),
    ),
    (
        "curated/media.jsonl",
        include_bytes!("../../../data/kb/curated/media.jsonl"),
    ),
    (
        "curated/sports.jsonl",
        include_bytes!("../../../data/kb/curated/sports.jsonl"),
    ),
    (
        "curated/companies.jsonl",
        include_bytes!("../../../data/kb/curated/companies.jsonl"),
    ),
];

impl Kb {
    /// An empty KB.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parse JSONL text. Blank lines and lines starting with `#` or `//` are skipped. The first
    /// malformed line is an error naming `origin:line`; a duplicate id is not (the later entry
    /// is kept aside and reported by [`Kb::check`]).
    pub fn from_jsonl(text: &str, origin: &str) -> Result<Kb, KbError> {
        let (kb, mut errors) = Self::from_jsonl_lenient(text, origin);
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors.swap_remove(0))
        }
    }

    /// Parse JSONL text, skipping malformed lines and returning their errors.
    pub fn from_jsonl_lenient(text: &str, origin: &str) -> (Kb, Vec<KbError>) {
        let file: Arc<str> = Arc::from(origin);
        let mut kb = Kb::new();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let t = raw.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
                continue;
            }
            let fault = |message: String| KbError::Line {
                origin: origin.to_string(),
                line,
                message,
            };
            match serde_json::from_str::<KbEntry>(t) {
                Ok(e) => {
                    if let Some(m) = entry_fault(&e) {
                        errors.push(fault(m));
                        continue;
                    }
                    let o = Origin {
                        file: file.clone(),
                        line,
                    };
                    if let Some(&first) = kb.by_id.get(&e.id) {
                        let first_o = kb.origins.get(first).cloned().unwrap_or_else(|| o.clone());
                        kb.duplicates.push((o, first_o, e.id));
                        continue;
                    }
                    kb.push(e, o);
                }
                Err(err) => errors.push(fault(json_message(&err))),
            }
        }
        (kb, errors)
    }

    /// Read a KB file (`.jsonl`, or `.jsonl.gz` gzipped).
    pub fn load_path(path: &Path) -> Result<Kb, KbError> {
        let bytes = std::fs::read(path).map_err(|source| KbError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let origin = path.display().to_string();
        let text = decode(&bytes, &origin)?;
        Self::from_jsonl(&text, &origin)
    }

    /// Read a KB file like [`Kb::load_path`], but skip malformed lines and return their errors
    /// (for `khabar kb check`). Only an unreadable file is an `Err`.
    pub fn load_path_lenient(path: &Path) -> Result<(Kb, Vec<KbError>), KbError> {
        let bytes = std::fs::read(path).map_err(|source| KbError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let origin = path.display().to_string();
        let text = decode(&bytes, &origin)?;
        Ok(Self::from_jsonl_lenient(&text, &origin))
    }

    /// The starter KB shipped with the program (`data/kb` at build time).
    pub fn builtin() -> Result<Kb, KbError> {
        let mut kb = Kb::new();
        for (name, gz) in BUILTIN {
            let origin = format!("builtin:{name}");
            let text = decode(gz, &origin)?;
            let part = Self::from_jsonl(&text, &origin)?;
            kb.merge(part);
        }
        tracing::debug!(entries = kb.len(), "built-in KB loaded");
        Ok(kb)
    }

    fn push(&mut self, e: KbEntry, o: Origin) {
        self.role_index = std::sync::OnceLock::new();
        self.by_id.insert(e.id.clone(), self.entries.len());
        self.entries.push(e);
        self.origins.push(o);
    }

    /// Add `other` to this KB. An entry whose id is already here extends it: the user's name,
    /// type and set fields win, aliases, demonyms and roles are added (without repeats).
    pub fn merge(&mut self, other: Kb) {
        let Kb {
            entries,
            origins,
            duplicates,
            ..
        } = other;
        self.duplicates.extend(duplicates);
        self.role_index = std::sync::OnceLock::new();
        for (e, o) in entries.into_iter().zip(origins) {
            match self.by_id.get(&e.id).copied() {
                Some(i) => {
                    if let Some(old) = self.entries.get_mut(i) {
                        overlay(old, e);
                    }
                }
                None => self.push(e, o),
            }
        }
    }

    /// The index in [`Kb::entries`] of the entry with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&KbEntry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// All entries, in load order.
    pub fn entries(&self) -> &[KbEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where an entry was read (`file:line`).
    pub fn origin_of(&self, id: &str) -> Option<String> {
        self.by_id
            .get(id)
            .and_then(|&i| self.origins.get(i))
            .map(|o| o.to_string())
    }

    /// Who held `role` of `of` (a country alpha-3 code or an org id) on `date`; with no date,
    /// who holds it now (a role without an end). A partial date (a year, a month) matches every
    /// holder whose time in the role overlaps it; a date without a year counts as "now".
    /// Holders whose term contains the whole date come first, then the most recent.
    pub fn holders(&self, role: &str, of: &str, date: Option<PartialDate>) -> Vec<&KbEntry> {
        let date = date.filter(|d| d.year.is_some());
        let mut found: Vec<(bool, i64, &KbEntry)> = Vec::new();
        let index = self.role_index.get_or_init(|| {
            let mut m: HashMap<String, Vec<u32>> = HashMap::default();
            for (i, e) in self.entries.iter().enumerate() {
                for r in &e.roles {
                    let v = m.entry(r.role.clone()).or_default();
                    if v.last() != Some(&(i as u32)) {
                        v.push(i as u32);
                    }
                }
            }
            m
        });
        let holding = index.get(role).map_or(&[][..], Vec::as_slice);
        for e in holding.iter().filter_map(|&i| self.entries.get(i as usize)) {
            let mut best: Option<(bool, i64)> = None;
            for r in &e.roles {
                if !role_matches(r, role, Some(of), date) {
                    continue;
                }
                let start = r
                    .from
                    .as_deref()
                    .and_then(PartialDate::parse)
                    .and_then(|d| bounds(&d))
                    .map_or(i64::MIN, |b| b.0);
                let contains = match date.and_then(|d| bounds(&d)) {
                    Some((qs, qe)) => {
                        let (rs, re) = role_bounds(r);
                        rs <= qs && qe <= re
                    }
                    None => true,
                };
                if best.is_none_or(|b| (contains, start) > b) {
                    best = Some((contains, start));
                }
            }
            if let Some((c, s)) = best {
                found.push((c, s, e));
            }
        }
        found.sort_by_key(|f| std::cmp::Reverse((f.0, f.1)));
        found.into_iter().map(|(_, _, e)| e).collect()
    }

    /// Validate: duplicate ids, bad role dates, empty names, unknown role keys, malformed
    /// country codes (errors), and names shared by different entries of the same type
    /// (warnings: the linker must disambiguate them by context).
    pub fn check(&self) -> Vec<KbProblem> {
        let mut out = Vec::new();
        for (o, first, id) in &self.duplicates {
            out.push(KbProblem {
                level: ProblemLevel::Error,
                at: o.to_string(),
                id: Some(id.clone()),
                message: format!("duplicate id (first at {first})"),
            });
        }
        let mut seen: HashMap<(EntityType, String), usize> = HashMap::default();
        let mut collisions: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
        for (i, (e, o)) in self.entries.iter().zip(&self.origins).enumerate() {
            let mut problem = |level, message: String| {
                out.push(KbProblem {
                    level,
                    at: o.to_string(),
                    id: Some(e.id.clone()),
                    message,
                })
            };
            if let Some(c) = &e.country {
                if !is_alpha3(c) {
                    problem(
                        ProblemLevel::Error,
                        format!("country {c:?} is not an ISO 3166-1 alpha-3 code"),
                    );
                }
            }
            if e.aliases.values().all(|v| v.is_empty()) {
                problem(
                    ProblemLevel::Warning,
                    "no aliases: only the canonical name will match".into(),
                );
            }
            for (lang, v) in e.aliases.iter().chain(&e.demonyms) {
                if !is_lang_code(lang) {
                    problem(
                        ProblemLevel::Warning,
                        format!("{lang:?} does not look like a language code"),
                    );
                }
                if v.iter().any(|a| a.trim().is_empty()) {
                    problem(ProblemLevel::Error, format!("empty alias in {lang:?}"));
                }
            }
            for r in &e.roles {
                if !ROLE_KEYS.contains(&r.role.as_str()) {
                    problem(
                        ProblemLevel::Warning,
                        format!("unknown role key {:?}", r.role),
                    );
                }
                match r.of.as_deref() {
                    None | Some("") => problem(
                        ProblemLevel::Warning,
                        format!("role {:?} has no \"of\"", r.role),
                    ),
                    Some(of) if !is_alpha3(of) && self.get(of).is_none() => problem(
                        ProblemLevel::Warning,
                        format!(
                            "role {:?} of {of:?}: neither a country code nor a KB id",
                            r.role
                        ),
                    ),
                    _ => {}
                }
                let mut b = [None, None];
                for (k, (label, v)) in [("from", &r.from), ("to", &r.to)].iter().enumerate() {
                    if let Some(s) = v {
                        match PartialDate::parse(s).filter(|d| d.is_valid() && d.year.is_some()) {
                            Some(d) => {
                                if let Some(slot) = b.get_mut(k) {
                                    *slot = bounds(&d);
                                }
                            }
                            None => problem(
                                ProblemLevel::Error,
                                format!("role {:?}: bad {label} date {s:?}", r.role),
                            ),
                        }
                    }
                }
                if let [Some((fs, _)), Some((_, te))] = b {
                    if fs > te {
                        problem(
                            ProblemLevel::Error,
                            format!("role {:?}: ends before it starts", r.role),
                        );
                    }
                }
            }
            let mut own: Vec<String> = e.names().map(|(_, n)| fold(n)).collect();
            own.sort();
            own.dedup();
            for n in own {
                if n.is_empty() {
                    continue;
                }
                match seen.get(&(e.kind, n.clone())) {
                    Some(&j) => collisions.entry(i).or_default().push((j, n)),
                    None => {
                        seen.insert((e.kind, n), i);
                    }
                }
            }
        }
        for (i, list) in collisions {
            let (Some(e), Some(o)) = (self.entries.get(i), self.origins.get(i)) else {
                continue;
            };
            for (j, n) in list {
                let other = self.entries.get(j).map_or("?", |x| x.id.as_str());
                out.push(KbProblem {
                    level: ProblemLevel::Warning,
                    at: o.to_string(),
                    id: Some(e.id.clone()),
                    message: format!("name \"{n}\" also names {other}"),
                });
            }
        }
        out
    }
}

/// Fields every entry needs beyond what serde checks.
fn entry_fault(e: &KbEntry) -> Option<String> {
    if e.id.trim().is_empty() {
        return Some("empty \"id\"".into());
    }
    if e.id.chars().any(char::is_whitespace) {
        return Some(format!("id {:?} contains whitespace", e.id));
    }
    if e.name.trim().is_empty() {
        return Some(format!("{}: empty \"name\"", e.id));
    }
    None
}

/// serde_json's message without its "at line 1 column N" tail (the line is ours to tell).
fn json_message(err: &serde_json::Error) -> String {
    let s = err.to_string();
    let msg = match s.rfind(" at line ") {
        Some(p) => s.get(..p).unwrap_or(&s).to_string(),
        None => s,
    };
    format!("{msg} (column {})", err.column())
}

/// Gunzip if the bytes are gzip, then UTF-8.
fn decode(bytes: &[u8], origin: &str) -> Result<String, KbError> {
    use std::io::Read;
    let data = |message: String| KbError::Data {
        origin: origin.to_string(),
        message,
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_string(&mut s)
            .map_err(|e| data(format!("gzip: {e}")))?;
        Ok(s)
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|e| data(format!("not UTF-8: {e}")))
    }
}

fn overlay(old: &mut KbEntry, new: KbEntry) {
    old.name = new.name;
    old.kind = new.kind;
    if new.country.is_some() {
        old.country = new.country;
    }
    if new.cameo.is_some() {
        old.cameo = new.cameo;
    }
    if new.capital.is_some() {
        old.capital = new.capital;
    }
    if new.parent.is_some() {
        old.parent = new.parent;
    }
    if new.population.is_some() {
        old.population = new.population;
    }
    if new.source.is_some() {
        old.source = new.source;
    }
    for r in new.roles {
        if !old.roles.contains(&r) {
            old.roles.push(r);
        }
    }
    for (map_old, map_new) in [
        (&mut old.aliases, new.aliases),
        (&mut old.demonyms, new.demonyms),
    ] {
        for (lang, v) in map_new {
            let slot = map_old.entry(lang).or_default();
            for a in v {
                if !slot.contains(&a) {
                    slot.push(a);
                }
            }
        }
    }
}

fn role_matches(r: &KbRole, role: &str, of: Option<&str>, date: Option<PartialDate>) -> bool {
    if r.role != role {
        return false;
    }
    if let Some(of) = of {
        if !r.of.as_deref().is_some_and(|o| o.eq_ignore_ascii_case(of)) {
            return false;
        }
    }
    match date.and_then(|d| bounds(&d)) {
        None => r.to.is_none(),
        Some((qs, qe)) => {
            let (rs, re) = role_bounds(r);
            rs <= qe && qs <= re
        }
    }
}

/// First and last day of a role, as day numbers (open ends are infinite; bad dates too).
fn role_bounds(r: &KbRole) -> (i64, i64) {
    let b = |s: &Option<String>| {
        s.as_deref()
            .and_then(PartialDate::parse)
            .and_then(|d| bounds(&d))
    };
    (
        b(&r.from).map_or(i64::MIN, |x| x.0),
        b(&r.to).map_or(i64::MAX, |x| x.1),
    )
}

/// First and last day a partial date with a year can mean, as day numbers.
fn bounds(d: &PartialDate) -> Option<(i64, i64)> {
    let y = d.year?;
    let (m1, m2) = match d.month {
        Some(m) if (1..=12).contains(&m) => (m, m),
        Some(_) => return None,
        None => (1, 12),
    };
    let (d1, d2) = match d.day {
        Some(day) => (day, day),
        None => (1, last_day(y, m2)),
    };
    Some((days(y, m1, d1), days(y, m2, d2)))
}

fn last_day(y: i32, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
fn days(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_alpha3(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `en`, `fil`, `zh-Hant`, `sr-Latn`.
fn is_lang_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let head_ok = parts
        .next()
        .is_some_and(|h| (2..=3).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_lowercase()));
    head_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Lowercase, whitespace collapsed: the key for collision warnings.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
