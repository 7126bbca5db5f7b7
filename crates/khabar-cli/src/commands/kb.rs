//! `khabar kb ...`: knowledge-base tools. `check` validates KB files (or the built-in KB),
//! `stats` counts entries and names, `import-wikidata` turns a Wikidata JSON dump into KB lines.
//! The KB format and logic live in `khabar_extract::kb`; this module only reads files, prints
//! and chooses the exit status.

use anyhow::Context;
use khabar_extract::kb::wikidata::{self, WikidataConfig};
use khabar_extract::kb::{Kb, KbError, ProblemLevel};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Validate KB files (JSON Lines, plain or .gz); with no file, the built-in KB. Prints each
    /// problem as file:line; exits 1 if any error was found (warnings alone exit 0).
    Check {
        files: Vec<PathBuf>,
        /// Also check the files merged over the built-in KB (name collisions with it, and role
        /// `of` ids defined there).
        #[arg(long)]
        with_builtin: bool,
        /// Print at most this many warnings (errors are always all printed).
        #[arg(long, default_value_t = 30)]
        max_warnings: usize,
    },
    /// Count entries per type and names per language of the built-in KB plus --kb files.
    Stats {
        /// Extra KB files merged over the built-in one.
        #[arg(long = "kb")]
        kb: Vec<PathBuf>,
        /// Leave the built-in KB out.
        #[arg(long)]
        no_builtin: bool,
    },
    /// Convert a Wikidata JSON dump (.json or .json.gz) into KB JSON Lines.
    ImportWikidata {
        dump: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Class map (Q-id<TAB>type); default data/kb/wikidata/classes.tsv (built in).
        #[arg(long)]
        classes: Option<PathBuf>,
        /// Position map (Q-id<TAB>role<TAB>of); default data/kb/wikidata/positions.tsv.
        #[arg(long)]
        positions: Option<PathBuf>,
        /// Country map (Q-id<TAB>alpha-3); default data/kb/wikidata/countries.tsv.
        #[arg(long)]
        countries: Option<PathBuf>,
        /// Languages to keep, comma-separated (default en,bn,ar,ru,fr,es,fa,ur,hi,tr,de,zh,he,uk).
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
    },
}

pub fn run(c: KbCommand) -> anyhow::Result<u8> {
    match c {
        KbCommand::Check {
            files,
            with_builtin,
            max_warnings,
        } => check(files, with_builtin, max_warnings),
        KbCommand::Stats { kb, no_builtin } => stats(kb, no_builtin),
        KbCommand::ImportWikidata {
            dump,
            output,
            classes,
            positions,
            countries,
            lang,
        } => import(dump, output, classes, positions, countries, lang),
    }
}

fn check(files: Vec<PathBuf>, with_builtin: bool, max_warnings: usize) -> anyhow::Result<u8> {
    let mut kb = if files.is_empty() || with_builtin {
        Kb::builtin().context("loading the built-in KB")?
    } else {
        Kb::new()
    };
    let mut errors = 0usize;
    for f in &files {
        let (part, faults) = match Kb::load_path_lenient(f) {
            Ok(r) => r,
            Err(e) => (Kb::new(), vec![e]),
        };
        for e in &faults {
            match e {
                KbError::Line {
                    origin,
                    line,
                    message,
                } => println!("{origin}:{line}: error: {message}"),
                other => println!("error: {other}"),
            }
        }
        errors += faults.len();
        kb.merge(part);
    }
    let problems = kb.check();
    let mut warnings = 0usize;
    for p in &problems {
        match p.level {
            ProblemLevel::Error => {
                errors += 1;
                println!("{p}");
            }
            ProblemLevel::Warning => {
                warnings += 1;
                if warnings <= max_warnings {
                    println!("{p}");
                }
            }
        }
    }
    if warnings > max_warnings {
        println!(
            "... {} more warnings (--max-warnings)",
            warnings - max_warnings
        );
    }
    println!("{} entries: {errors} errors, {warnings} warnings", kb.len());
    Ok(if errors > 0 {
        crate::EXIT_FATAL
    } else {
        crate::EXIT_OK
    })
}

fn stats(files: Vec<PathBuf>, no_builtin: bool) -> anyhow::Result<u8> {
    let start = std::time::Instant::now();
    let mut kb = if no_builtin {
        Kb::new()
    } else {
        Kb::builtin().context("loading the built-in KB")?
    };
    for f in &files {
        kb.merge(Kb::load_path(f)?);
    }
    let elapsed = start.elapsed();
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut langs: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sources: BTreeMap<String, usize> = BTreeMap::new();
    let (mut names, mut roles, mut demonyms) = (0usize, 0usize, 0usize);
    for e in kb.entries() {
        *types.entry(e.kind.as_str()).or_default() += 1;
        let src = e.source.as_deref().unwrap_or("-");
        let src = src.split(':').next().unwrap_or(src).to_string();
        *sources.entry(src).or_default() += 1;
        for (lang, v) in &e.aliases {
            *langs.entry(lang.as_str()).or_default() += v.len();
            names += v.len();
        }
        demonyms += e.demonyms.values().map(Vec::len).sum::<usize>();
        roles += e.roles.len();
    }
    println!(
        "entries {}  names {names}  demonyms {demonyms}  roles {roles}  (loaded in {} ms)",
        kb.len(),
        elapsed.as_millis()
    );
    println!("per type:");
    for (t, n) in &types {
        println!("  {t:<4} {n}");
    }
    println!("per source:");
    for (s, n) in &sources {
        println!("  {s:<16} {n}");
    }
    println!("names per language:");
    let mut by_count: Vec<_> = langs.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (l, n) in by_count {
        println!("  {l:<6} {n}");
    }
    Ok(crate::EXIT_OK)
}

fn import(
    dump: PathBuf,
    output: PathBuf,
    classes: Option<PathBuf>,
    positions: Option<PathBuf>,
    countries: Option<PathBuf>,
    lang: Vec<String>,
) -> anyhow::Result<u8> {
    let mut cfg = if classes.is_none() && positions.is_none() && countries.is_none() {
        WikidataConfig::builtin()?
    } else {
        let builtin = WikidataConfig::builtin()?;
        let read = |p: &Option<PathBuf>| -> anyhow::Result<Option<(String, String)>> {
            match p {
                Some(p) => Ok(Some((
                    std::fs::read_to_string(p)
                        .with_context(|| format!("reading {}", p.display()))?,
                    p.display().to_string(),
                ))),
                None => Ok(None),
            }
        };
        let (c, p, k) = (read(&classes)?, read(&positions)?, read(&countries)?);
        let own = WikidataConfig::from_tsv(
            c.as_ref()
                .map_or(("", ""), |(t, o)| (t.as_str(), o.as_str())),
            p.as_ref()
                .map_or(("", ""), |(t, o)| (t.as_str(), o.as_str())),
            k.as_ref()
                .map_or(("", ""), |(t, o)| (t.as_str(), o.as_str())),
        )?;
        WikidataConfig {
            classes: if c.is_some() {
                own.classes
            } else {
                builtin.classes
            },
            positions: if p.is_some() {
                own.positions
            } else {
                builtin.positions
            },
            countries: if k.is_some() {
                own.countries
            } else {
                builtin.countries
            },
            languages: builtin.languages,
        }
    };
    if !lang.is_empty() {
        cfg.languages = lang;
    }
    let input =
        std::fs::File::open(&dump).with_context(|| format!("opening {}", dump.display()))?;
    let out =
        std::fs::File::create(&output).with_context(|| format!("creating {}", output.display()))?;
    let stats = wikidata::import(input, std::io::BufWriter::new(out), &cfg)?;
    for (line, msg) in &stats.malformed {
        eprintln!("{}:{line}: skipped: {msg}", dump.display());
    }
    eprintln!(
        "read {} entities, wrote {} KB entries to {}, skipped {} untyped/unlabelled, {} malformed lines",
        stats.read,
        stats.written,
        output.display(),
        stats.skipped,
        stats.malformed_count
    );
    Ok(if stats.malformed_count > 0 {
        crate::EXIT_PARTIAL
    } else {
        crate::EXIT_OK
    })
}
