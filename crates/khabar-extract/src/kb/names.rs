//! The Arabic name-part transliteration table: an Arabic name part (حفتر) and the Latin
//! spellings it is written with (Haftar, Hifter), read from `data/kb/arabic_name_parts.tsv`.
//! The entity linker uses it to match Arabic names against Latin/Cyrillic/Bengali ones and to
//! romanize names the KB does not hold. It is a lexicon of name parts, not of people: it says
//! nothing about who is who.

use super::KbError;
use crate::fast::HashMap;

/// Arabic name part → Latin spellings, most frequent first.
#[derive(Debug, Default, Clone)]
pub struct NameParts {
    map: HashMap<String, Vec<String>>,
    /// Per part: how many names of the table's source hold it (third column; 1 when absent)
    /// and whether the table marks it as a given name (fourth column `given`).
    meta: HashMap<String, (u32, bool)>,
}

const BUILTIN: &[u8] = include_bytes!("../../../../data/kb/arabic_name_parts.tsv.gz");

impl NameParts {
    /// Parse the TSV: `arabic<TAB>latin|latin|...` per line (more columns are ignored), `#`
    /// lines are comments. A line without a tab or with no spelling is an error naming
    /// `origin:line`.
    pub fn from_tsv(text: &str, origin: &str) -> Result<Self, KbError> {
        let mut map: HashMap<String, Vec<String>> = HashMap::default();
        let mut meta: HashMap<String, (u32, bool)> = HashMap::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fault = |message: &str| KbError::Line {
                origin: origin.to_string(),
                line: i + 1,
                message: message.to_string(),
            };
            let mut cols = line.split('\t');
            let ar = cols.next().map(str::trim).unwrap_or_default();
            let latin = cols
                .next()
                .ok_or_else(|| fault("expected arabic<TAB>latin|latin"))?;
            if ar.is_empty() {
                return Err(fault("empty Arabic name part"));
            }
            let spellings: Vec<String> = latin
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if spellings.is_empty() {
                return Err(fault("no Latin spelling"));
            }
            let count = cols.next().and_then(|c| c.trim().parse::<u32>().ok());
            let given = cols.next().map(str::trim) == Some("given");
            let m = meta.entry(ar.to_string()).or_default();
            m.0 = m.0.saturating_add(count.unwrap_or(1));
            m.1 |= given;
            let slot = map.entry(ar.to_string()).or_default();
            for s in spellings {
                if !slot.contains(&s) {
                    slot.push(s);
                }
            }
        }
        Ok(Self { map, meta })
    }

    /// The table shipped with the program.
    pub fn builtin() -> Result<Self, KbError> {
        use std::io::Read;
        let mut s = String::new();
        flate2::read::GzDecoder::new(BUILTIN)
            .read_to_string(&mut s)
            .map_err(|e| KbError::Data {
                origin: "builtin:arabic_name_parts.tsv".into(),
                message: format!("gzip: {e}"),
            })?;
        Self::from_tsv(&s, "builtin:arabic_name_parts.tsv")
    }

    /// Latin spellings of an Arabic name part, most frequent first; empty if unknown.
    pub fn get(&self, arabic: &str) -> &[String] {
        self.map.get(arabic).map_or(&[], Vec::as_slice)
    }

    /// How many names of the table's source hold `arabic` (0: unknown part).
    pub fn count(&self, arabic: &str) -> u32 {
        self.meta.get(arabic).map_or(0, |m| m.0)
    }

    /// How many names of the table's source hold `arabic`, when the table marks it as a given
    /// name (0 otherwise).
    pub fn given_count(&self, arabic: &str) -> u32 {
        self.meta
            .get(arabic)
            .map_or(0, |m| if m.1 { m.0 } else { 0 })
    }

    /// [`NameParts::count`] and [`NameParts::given_count`] of `arabic` in one lookup.
    pub fn counts(&self, arabic: &str) -> (u32, u32) {
        self.meta
            .get(arabic)
            .map_or((0, 0), |m| (m.0, if m.1 { m.0 } else { 0 }))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All (Arabic part, spellings) pairs, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}
