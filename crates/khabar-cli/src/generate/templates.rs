//! The generator's knowledge: actor names in every language and per-language sentence
//! templates, parsed from the data files under `data/generate/` (compiled in) or from a
//! directory the user gives. Parsing validates what rendering relies on (twelve months, a
//! digit set of ten, an event template for every headline code), so rendering never fails.
//!
//! It does not render anything: see the parent module.

use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::path::Path;

/// The languages the generator writes, in a fixed order.
pub const LANGS: [&str; 4] = ["en", "bn", "ar", "ru"];

const ACTORS: &str = include_str!("../../../../data/generate/actors.tsv");
const LANG_FILES: [(&str, &str); 4] = [
    ("en", include_str!("../../../../data/generate/en.txt")),
    ("bn", include_str!("../../../../data/generate/bn.txt")),
    ("ar", include_str!("../../../../data/generate/ar.txt")),
    ("ru", include_str!("../../../../data/generate/ru.txt")),
];

/// What part an actor plays in a generated story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Person,
    Org,
    Country,
    City,
}

/// One actor with its names per language.
#[derive(Debug, Clone)]
pub struct Actor {
    pub key: String,
    pub role: Role,
    /// Per language index (see [`LANGS`]): (full name, short name, title or "").
    pub names: Vec<(String, String, String)>,
}

/// The templates of one language.
#[derive(Debug, Clone, Default)]
pub struct Lang {
    pub code: String,
    pub digit_sets: Vec<Vec<char>>,
    pub rtl: bool,
    /// Twelve entries, each with one or more spellings.
    pub months: Vec<Vec<String>>,
    pub date_formats: Vec<String>,
    /// (CAMEO code, template).
    pub events: Vec<(String, String)>,
    pub headlines: BTreeMap<String, String>,
    pub detail: Vec<String>,
    pub quote: Vec<String>,
    pub background: Vec<String>,
    pub caption: Vec<String>,
    pub byline: Vec<String>,
    pub site: Vec<String>,
    pub menu: Vec<String>,
    pub related_heading: Vec<String>,
    pub marketing: Vec<String>,
    pub comment: Vec<String>,
    pub footer: Vec<String>,
    pub share: Vec<String>,
}

/// Everything the generator writes from.
#[derive(Debug, Clone)]
pub struct Templates {
    pub actors: Vec<Actor>,
    /// In the order of [`LANGS`].
    pub langs: Vec<Lang>,
}

impl Templates {
    /// The templates compiled into the binary.
    pub fn builtin() -> anyhow::Result<Self> {
        let langs = LANG_FILES
            .iter()
            .map(|(code, text)| parse_lang(code, text).with_context(|| format!("{code}.txt")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Self {
            actors: parse_actors(ACTORS).context("actors.tsv")?,
            langs,
        })
    }

    /// Templates read from `dir` (`actors.tsv`, `en.txt`, `bn.txt`, `ar.txt`, `ru.txt`).
    pub fn from_dir(dir: &Path) -> anyhow::Result<Self> {
        let read = |name: &str| {
            let p = dir.join(name);
            std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
        };
        let actors = parse_actors(&read("actors.tsv")?).context("actors.tsv")?;
        let mut langs = Vec::new();
        for code in LANGS {
            let name = format!("{code}.txt");
            langs.push(parse_lang(code, &read(&name)?).context(name)?);
        }
        Ok(Self { actors, langs })
    }

    pub fn with_role(&self, role: Role) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&i| self.actors.get(i).is_some_and(|a| a.role == role))
            .collect()
    }
}

fn parse_actors(text: &str) -> anyhow::Result<Vec<Actor>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 2 + 2 * LANGS.len() {
            bail!(
                "line {}: expected {} tab-separated columns, found {}",
                n + 1,
                2 + 2 * LANGS.len(),
                cols.len()
            );
        }
        let role = match cols[1] {
            "PER" => Role::Person,
            "ORG" => Role::Org,
            "GPE" => Role::Country,
            "CITY" => Role::City,
            other => bail!("line {}: unknown role {other:?}", n + 1),
        };
        let mut names = Vec::new();
        for i in 0..LANGS.len() {
            let cell = cols[2 + i];
            let (full, short) = cell.split_once('|').unwrap_or((cell, cell));
            if full.trim().is_empty() || short.trim().is_empty() {
                bail!("line {}: empty name for {}", n + 1, LANGS[i]);
            }
            let title = cols[2 + LANGS.len() + i].trim();
            let title = if title == "-" { "" } else { title };
            names.push((full.trim().into(), short.trim().into(), title.into()));
        }
        out.push(Actor {
            key: cols[0].into(),
            role,
            names,
        });
    }
    for role in [Role::Person, Role::City] {
        if out.iter().filter(|a| a.role == role).count() < 2 {
            bail!("need at least two actors of role {role:?}");
        }
    }
    if !out
        .iter()
        .any(|a| matches!(a.role, Role::Org | Role::Country))
    {
        bail!("need at least one ORG or GPE actor");
    }
    Ok(out)
}

fn parse_lang(code: &str, text: &str) -> anyhow::Result<Lang> {
    let mut lang = Lang {
        code: code.into(),
        ..Lang::default()
    };
    let mut section = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        let entry = line.trim().to_string();
        let keyed = || -> anyhow::Result<(String, String)> {
            match entry.split_once('\t') {
                Some((k, v)) if !k.is_empty() && !v.trim().is_empty() => {
                    Ok((k.trim().into(), v.trim().into()))
                }
                _ => bail!("line {}: expected CODE<TAB>template", n + 1),
            }
        };
        match section.as_str() {
            "meta" => {
                let (k, v) = keyed()?;
                match k.as_str() {
                    "digits" => {
                        for set in v.split('|') {
                            let chars: Vec<char> = set.chars().collect();
                            if chars.len() != 10 {
                                bail!("line {}: a digit set needs ten characters", n + 1);
                            }
                            lang.digit_sets.push(chars);
                        }
                    }
                    "dir" => lang.rtl = v == "rtl",
                    other => bail!("line {}: unknown meta key {other:?}", n + 1),
                }
            }
            "month" => lang
                .months
                .push(entry.split('|').map(|s| s.trim().to_string()).collect()),
            "date" => lang.date_formats.push(entry),
            "event" => lang.events.push(keyed()?),
            "headline" => {
                let (k, v) = keyed()?;
                lang.headlines.insert(k, v);
            }
            "detail" => lang.detail.push(entry),
            "quote" => lang.quote.push(entry),
            "background" => lang.background.push(entry),
            "caption" => lang.caption.push(entry),
            "byline" => lang.byline.push(entry),
            "site" => lang.site.push(entry),
            "menu" => lang.menu.push(entry),
            "related_heading" => lang.related_heading.push(entry),
            "marketing" => lang.marketing.push(entry),
            "comment" => lang.comment.push(entry),
            "footer" => lang.footer.push(entry),
            "share" => lang.share.push(entry),
            "" => bail!("line {}: text before the first [section]", n + 1),
            other => bail!("line {}: unknown section [{other}]", n + 1),
        }
    }
    if lang.digit_sets.is_empty() {
        lang.digit_sets.push("0123456789".chars().collect());
    }
    if lang.months.len() != 12 {
        bail!("[month] needs 12 entries, found {}", lang.months.len());
    }
    for (what, v) in [
        ("date", &lang.date_formats),
        ("detail", &lang.detail),
        ("quote", &lang.quote),
        ("background", &lang.background),
        ("caption", &lang.caption),
        ("byline", &lang.byline),
        ("site", &lang.site),
        ("menu", &lang.menu),
        ("related_heading", &lang.related_heading),
        ("marketing", &lang.marketing),
        ("comment", &lang.comment),
        ("footer", &lang.footer),
        ("share", &lang.share),
    ] {
        if v.is_empty() {
            bail!("section [{what}] is empty");
        }
    }
    if lang.events.is_empty() {
        bail!("section [event] is empty");
    }
    for (code, _) in &lang.events {
        if !lang.headlines.contains_key(code) {
            bail!("event code {code} has no [headline]");
        }
    }
    Ok(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_parse_and_cover_every_language() {
        let t = Templates::builtin().unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(t.langs.len(), LANGS.len());
        for l in &t.langs {
            assert_eq!(l.months.len(), 12, "{}", l.code);
            assert!(l.events.len() >= 5, "{}", l.code);
        }
        assert!(t.with_role(Role::Person).len() >= 5);
    }

    #[test]
    fn bad_files_are_rejected_with_a_line() {
        let msg = |r: anyhow::Result<()>| match r {
            Ok(()) => panic!("accepted a bad file"),
            Err(e) => format!("{e:#}"),
        };
        assert!(msg(parse_lang("xx", "[month]\nOne\n").map(|_| ())).contains("12 entries"));
        assert!(msg(parse_lang("xx", "orphan\n").map(|_| ())).contains("line 1"));
        assert!(msg(parse_actors("k\tPER\ta\tb\n").map(|_| ())).contains("columns"));
    }
}
