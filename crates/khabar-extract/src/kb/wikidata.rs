//! Wikidata JSON dump → KB lines. Streams the dump format (`[`, one entity per line ending in
//! `,`, `]`; gzipped or plain, sniffed from the first bytes) and writes one [`KbEntry`] per
//! entity it can type:
//! - labels and aliases in the configured languages become `aliases`;
//! - instance-of (P31) classes decide the type through a class map (data, see
//!   `data/kb/wikidata/classes.tsv`); an entity of no mapped class is skipped;
//! - positions held (P39, with start P580 / end P582 qualifiers) become `roles` where the
//!   position is in the position map (`data/kb/wikidata/positions.tsv`);
//! - citizenship (P27) for people, country (P17) for others, gives `country` through a country
//!   map (Q-id → ISO alpha-3; `data/kb/wikidata/countries.tsv`, extended on the fly by the ISO
//!   alpha-3 code (P298) of country items met earlier in the dump).
//!
//! A malformed line is counted and reported (with its line number), never fatal. This module
//! does not download anything and does not dedupe against an existing KB: `Kb::merge` does.

use super::{KbEntry, KbError, KbRole};
use khabar_core::EntityType;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};

/// What to keep and how to map Wikidata classes, positions and countries.
#[derive(Debug, Clone, Default)]
pub struct WikidataConfig {
    /// Class Q-id → entity type (P31 values).
    pub classes: HashMap<String, EntityType>,
    /// Position Q-id → (role key, of: country alpha-3 or KB id).
    pub positions: HashMap<String, (String, String)>,
    /// Country Q-id → ISO alpha-3.
    pub countries: HashMap<String, String>,
    /// Languages whose labels and aliases are kept.
    pub languages: Vec<String>,
}

const CLASSES: &str = include_str!("../../../../data/kb/wikidata/classes.tsv");
const POSITIONS: &str = include_str!("../../../../data/kb/wikidata/positions.tsv");
const COUNTRIES: &str = include_str!("../../../../data/kb/wikidata/countries.tsv");

/// Languages kept by default.
pub const DEFAULT_LANGUAGES: &[&str] = &[
    "en", "bn", "ar", "ru", "fr", "es", "fa", "ur", "hi", "tr", "de", "zh", "he", "uk",
];

impl WikidataConfig {
    /// The maps shipped in `data/kb/wikidata/`.
    pub fn builtin() -> Result<Self, KbError> {
        Self::from_tsv(
            (CLASSES, "builtin:wikidata/classes.tsv"),
            (POSITIONS, "builtin:wikidata/positions.tsv"),
            (COUNTRIES, "builtin:wikidata/countries.tsv"),
        )
    }

    /// Parse the three maps, each `(text, origin)`:
    /// classes `Q5<TAB>PER`, positions `Q11696<TAB>head_of_state<TAB>USA`,
    /// countries `Q30<TAB>USA`. Extra columns are comments; `#` lines are skipped.
    pub fn from_tsv(
        classes: (&str, &str),
        positions: (&str, &str),
        countries: (&str, &str),
    ) -> Result<Self, KbError> {
        let mut cfg = WikidataConfig {
            languages: DEFAULT_LANGUAGES.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        for (line, cols) in rows(classes.0) {
            let fault = |m: String| line_error(classes.1, line, m);
            let (q, t) = match cols.as_slice() {
                [q, t, ..] => (*q, *t),
                _ => return Err(fault("expected Q-id<TAB>type".into())),
            };
            let kind = EntityType::parse(t).ok_or_else(|| fault(format!("unknown type {t:?}")))?;
            cfg.classes.insert(
                qid(q).ok_or_else(|| fault(format!("bad Q-id {q:?}")))?,
                kind,
            );
        }
        for (line, cols) in rows(positions.0) {
            let fault = |m: String| line_error(positions.1, line, m);
            let (q, role, of) = match cols.as_slice() {
                [q, r, o, ..] => (*q, *r, *o),
                _ => return Err(fault("expected Q-id<TAB>role<TAB>of".into())),
            };
            let q = qid(q).ok_or_else(|| fault(format!("bad Q-id {q:?}")))?;
            cfg.positions.insert(q, (role.to_string(), of.to_string()));
        }
        for (line, cols) in rows(countries.0) {
            let fault = |m: String| line_error(countries.1, line, m);
            let (q, a3) = match cols.as_slice() {
                [q, a, ..] => (*q, *a),
                _ => return Err(fault("expected Q-id<TAB>alpha-3".into())),
            };
            let q = qid(q).ok_or_else(|| fault(format!("bad Q-id {q:?}")))?;
            cfg.countries.insert(q, a3.to_string());
        }
        Ok(cfg)
    }
}

/// Counts of one import.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportStats {
    /// Entity lines read.
    pub read: usize,
    /// KB entries written.
    pub written: usize,
    /// Entities of no mapped class, or without a label in the kept languages.
    pub skipped: usize,
    /// Lines that were not a JSON entity: (line number, fault). At most 100 are kept.
    pub malformed: Vec<(usize, String)>,
    /// Malformed lines in all.
    pub malformed_count: usize,
}

#[derive(Deserialize)]
struct WdEntity {
    id: String,
    #[serde(default)]
    labels: HashMap<String, WdText>,
    #[serde(default)]
    aliases: HashMap<String, Vec<WdText>>,
    #[serde(default)]
    claims: HashMap<String, Vec<WdClaim>>,
}

#[derive(Deserialize)]
struct WdText {
    value: String,
}

#[derive(Deserialize)]
struct WdClaim {
    mainsnak: WdSnak,
    #[serde(default)]
    qualifiers: HashMap<String, Vec<WdSnak>>,
}

#[derive(Deserialize)]
struct WdSnak {
    #[serde(default)]
    datavalue: Option<WdDataValue>,
}

#[derive(Deserialize)]
struct WdDataValue {
    value: serde_json::Value,
}

impl WdSnak {
    fn entity_id(&self) -> Option<&str> {
        self.datavalue.as_ref()?.value.get("id")?.as_str()
    }
    fn string(&self) -> Option<&str> {
        self.datavalue.as_ref()?.value.as_str()
    }
    /// A Wikidata time as `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by its precision.
    fn date(&self) -> Option<String> {
        let v = &self.datavalue.as_ref()?.value;
        let t = v.get("time")?.as_str()?;
        let precision = v.get("precision").and_then(|p| p.as_u64()).unwrap_or(11);
        let t = t.strip_prefix('+')?;
        let ymd = t.get(..10)?;
        let (y, m, d) = (ymd.get(..4)?, ymd.get(5..7)?, ymd.get(8..10)?);
        Some(if precision >= 11 && d != "00" && m != "00" {
            format!("{y}-{m}-{d}")
        } else if precision >= 10 && m != "00" {
            format!("{y}-{m}")
        } else {
            y.to_string()
        })
    }
}

impl WdEntity {
    fn values<'a>(&'a self, prop: &str) -> impl Iterator<Item = &'a WdClaim> + 'a {
        self.claims.get(prop).into_iter().flatten()
    }
}

/// Stream a dump from `input` (gzipped or plain) and write KB JSONL to `out`. Only an IO error
/// on reading or writing is fatal; bad lines are counted in the stats.
pub fn import(
    input: impl Read,
    mut out: impl Write,
    cfg: &WikidataConfig,
) -> Result<ImportStats, KbError> {
    let io = |e: std::io::Error| KbError::Data {
        origin: "wikidata import".into(),
        message: e.to_string(),
    };
    let mut reader = BufReader::new(input);
    let gz = reader.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn BufRead> = if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    };
    let mut countries = cfg.countries.clone();
    let mut stats = ImportStats::default();
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(io)?;
        let t = line.trim().trim_end_matches(',');
        if t.is_empty() || t == "[" || t == "]" || t == "[]" {
            continue;
        }
        stats.read += 1;
        let ent: WdEntity = match serde_json::from_str(t) {
            Ok(e) => e,
            Err(e) => {
                stats.malformed_count += 1;
                if stats.malformed.len() < 100 {
                    stats.malformed.push((i + 1, e.to_string()));
                }
                continue;
            }
        };
        if let Some(a3) = ent.values("P298").find_map(|c| c.mainsnak.string()) {
            countries.insert(ent.id.clone(), a3.to_string());
        }
        match convert(&ent, cfg, &countries) {
            Some(entry) => {
                let json = serde_json::to_string(&entry).map_err(|e| KbError::Data {
                    origin: "wikidata import".into(),
                    message: e.to_string(),
                })?;
                writeln!(out, "{json}").map_err(io)?;
                stats.written += 1;
            }
            None => stats.skipped += 1,
        }
    }
    out.flush().map_err(io)?;
    tracing::info!(
        read = stats.read,
        written = stats.written,
        skipped = stats.skipped,
        malformed = stats.malformed_count,
        "wikidata import done"
    );
    Ok(stats)
}

fn convert(
    ent: &WdEntity,
    cfg: &WikidataConfig,
    countries: &HashMap<String, String>,
) -> Option<KbEntry> {
    let kind = ent
        .values("P31")
        .filter_map(|c| c.mainsnak.entity_id())
        .find_map(|q| cfg.classes.get(q).copied())?;
    let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for lang in &cfg.languages {
        let mut v: Vec<String> = Vec::new();
        let label = ent.labels.get(lang).map(|l| l.value.trim().to_string());
        let more = ent
            .aliases
            .get(lang)
            .into_iter()
            .flatten()
            .map(|a| a.value.trim().to_string());
        for n in label.into_iter().chain(more) {
            if !n.is_empty() && !v.contains(&n) {
                v.push(n);
            }
        }
        if !v.is_empty() {
            aliases.insert(lang.clone(), v);
        }
    }
    let name = ent
        .labels
        .get("en")
        .map(|l| l.value.trim().to_string())
        .filter(|n| !n.is_empty())
        .or_else(|| aliases.values().flatten().next().cloned())?;
    let own_code = countries.get(&ent.id).cloned();
    let country_prop = if kind == EntityType::Per {
        "P27"
    } else {
        "P17"
    };
    let country = own_code.clone().or_else(|| {
        ent.values(country_prop)
            .filter_map(|c| c.mainsnak.entity_id())
            .find_map(|q| countries.get(q).cloned())
    });
    let mut roles = Vec::new();
    for c in ent.values("P39") {
        let Some((role, of)) = c.mainsnak.entity_id().and_then(|q| cfg.positions.get(q)) else {
            continue;
        };
        let qual = |p: &str| {
            c.qualifiers
                .get(p)
                .into_iter()
                .flatten()
                .find_map(WdSnak::date)
        };
        roles.push(KbRole {
            role: role.clone(),
            of: Some(of.clone()),
            from: qual("P580"),
            to: qual("P582"),
        });
    }
    let cameo = own_code.or_else(|| {
        roles
            .iter()
            .filter_map(|r| r.of.as_deref())
            .find(|o| o.len() == 3 && o.bytes().all(|b| b.is_ascii_uppercase()))
            .map(|of| format!("{of} GOV"))
    });
    Some(KbEntry {
        id: format!("wd:{}", ent.id),
        name,
        kind,
        country,
        cameo,
        roles,
        aliases,
        demonyms: BTreeMap::new(),
        capital: None,
        parent: None,
        population: None,
        source: Some(format!("wikidata:{}", ent.id)),
    })
}

/// Non-comment TSV rows with their line numbers.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

fn qid(s: &str) -> Option<String> {
    let ok = s.len() > 1
        && s.starts_with('Q')
        && s.get(1..)
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| s.to_string())
}

fn line_error(origin: &str, line: usize, message: String) -> KbError {
    KbError::Line {
        origin: origin.to_string(),
        line,
        message,
    }
}
