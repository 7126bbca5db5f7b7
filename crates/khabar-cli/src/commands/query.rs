//! Query subcommands over the store: `search`, `events`, `entity`, `entities`, `graph`,
//! `export`, `stats`. Tables for people (aligned columns, long text cut, right-to-left text
//! isolated so it cannot reorder a row), JSON for scripts. Stores are opened read-only; no
//! command here writes.

use anyhow::Context;
use khabar_store::{EntityFilter, EventFilter, EventRow, SearchQuery, Store};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// The store option every query takes.
#[derive(clap::Args, Clone)]
pub struct DbArg {
    /// The store: a SQLite file or a postgres:// URL.
    #[arg(long, default_value = "khabar.db", env = "KHABAR_DB")]
    pub db: String,
}

/// Event filters shared by `events` and `graph`.
#[derive(clap::Args, Clone, Default)]
pub struct FilterArgs {
    /// Actor (source or, alone, target too), by any name in any script: হাফতার, حفتر, Haftar.
    #[arg(long)]
    pub actor: Option<String>,
    /// Target actor, by any name.
    #[arg(long)]
    pub target: Option<String>,
    /// CAMEO event code or prefix ("04" = consult).
    #[arg(long)]
    pub code: Option<String>,
    /// From this day on (YYYY, YYYY-MM or YYYY-MM-DD, inclusive).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this day (inclusive).
    #[arg(long)]
    pub until: Option<String>,
    /// Place, by any name.
    #[arg(long)]
    pub place: Option<String>,
    /// Language of the document (ISO 639-1: bn, ar, en, ru ...).
    #[arg(long)]
    pub lang: Option<String>,
}

impl FilterArgs {
    /// The store filter, names that the store does not know resolved through the knowledge
    /// base first (see [`NameResolver`]).
    fn filter(&self, store: &Store, limit: usize, offset: usize) -> anyhow::Result<EventFilter> {
        let mut kb = NameResolver::default();
        Ok(EventFilter {
            actor: kb.resolve(store, self.actor.as_deref())?,
            target: kb.resolve(store, self.target.as_deref())?,
            code: self.code.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            place: kb.resolve(store, self.place.as_deref())?,
            lang: self.lang.clone(),
            limit,
            offset,
        })
    }
}

/// Names the store has never seen written this way (`Хафтар` in a store with no Russian
/// text) are read by the entity linker, with the knowledge base's aliases in every script and
/// its phonetic keys, and replaced by the id they link to, when the store holds that id.
/// Built only when needed: building the linker takes a moment.
#[derive(Default)]
struct NameResolver {
    linker: Option<khabar_extract::entities::EntityLinker>,
}

impl NameResolver {
    fn resolve(&mut self, store: &Store, name: Option<&str>) -> anyhow::Result<Option<String>> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if !store.resolve(name)?.is_empty() {
            return Ok(Some(name.to_string()));
        }
        if self.linker.is_none() {
            let kb = khabar_extract::kb::Kb::builtin()?;
            self.linker = Some(khabar_extract::entities::EntityLinker::new(
                std::sync::Arc::new(kb),
            )?);
        }
        let Some(linker) = &self.linker else {
            return Ok(Some(name.to_string()));
        };
        let mut candidates: Vec<String> =
            linker.link(name, None).into_iter().map(|e| e.id).collect();
        let key = linker.name_key(name);
        if !key.is_empty() {
            candidates.push(format!("new:{key}"));
        }
        for c in candidates {
            if !store.resolve(&c)?.is_empty() {
                tracing::info!(name, id = %c, "name resolved through the knowledge base");
                return Ok(Some(c));
            }
        }
        Ok(Some(name.to_string()))
    }
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// Words to find, in any script; all must occur.
    #[arg(required = true)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// Only documents in this language.
    #[arg(long)]
    pub lang: Option<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum EventFormat {
    Table,
    Json,
    Jsonl,
    Gdelt,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: EventFormat,
    /// Same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct EntityArgs {
    /// Any name of the entity, in any script, or its id.
    #[arg(required = true)]
    pub name: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct EntitiesArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Only names the knowledge base does not hold, with their spellings per language.
    #[arg(long = "new")]
    pub new_only: bool,
    /// Only this kind: PER, ORG, GPE, LOC.
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Json,
    Dot,
    Graphml,
}

#[derive(clap::Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, value_enum, default_value = "json")]
    pub format: GraphFormat,
    /// Events to draw from (0: up to 100,000).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// Write here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Gdelt,
    Parquet,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// jsonl: document records; gdelt: GDELT 2.0 event rows (TSV); parquet: events table.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// Output file (`-` or absent: standard output; Parquet needs a file).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long)]
    pub json: bool,
}

fn open(db: &DbArg) -> anyhow::Result<Store> {
    Ok(Store::open_read_only(&db.db)?)
}

/// Standard output, buffered; a closed pipe (`| head`) ends the command quietly.
fn finish(r: anyhow::Result<u8>) -> anyhow::Result<u8> {
    match r {
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(crate::EXIT_OK)
        }
        r => r,
    }
}

fn stdout() -> BufWriter<std::io::StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

fn output(path: Option<&PathBuf>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) if p.as_os_str() != "-" => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        _ => Box::new(stdout()),
    })
}

// ---- text cells -------------------------------------------------------------------------

/// Whether a character is written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko ...).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Columns a character takes in a terminal (0 for combining marks and invisible controls, 2
/// for wide East Asian characters). An approximation good enough to align tables.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036F
        | 0x0483..=0x0489
        | 0x0591..=0x05BD
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06ED
        | 0x0981
        | 0x09BC
        | 0x09C1..=0x09C4
        | 0x09CD
        | 0x09E2
        | 0x09E3
        | 0x0900..=0x0903
        | 0x093C
        | 0x0941..=0x0948
        | 0x094D
        | 0x200B..=0x200F
        | 0x2060..=0x206F
        | 0xFE00..=0xFE0F
        | 0xFEFF => 0,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// A table cell: one line, no control or bidi-override characters from the data, cut to
/// `max` columns, and wrapped in a first-strong isolate when it holds right-to-left text.
fn cell(s: &str, max: usize) -> String {
    let mut clean = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control() || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069) {
            continue;
        }
        if c == ' ' && (clean.is_empty() || clean.ends_with(' ')) {
            continue;
        }
        clean.push(c);
    }
    let clean = clean.trim_end();
    let mut out = String::new();
    if width(clean) <= max {
        out.push_str(clean);
    } else {
        let mut w = 0;
        for c in clean.chars() {
            let cw = char_width(c);
            if w + cw + 1 > max {
                break;
            }
            out.push(c);
            w += cw;
        }
        out.push('…');
    }
    if out.chars().any(is_rtl) {
        format!("\u{2068}{out}\u{2069}")
    } else {
        out
    }
}

/// Print rows as aligned columns, with a header.
fn table(w: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            if let Some(wi) = widths.get_mut(i) {
                *wi = (*wi).max(width(c));
            }
        }
    }
    let line = |w: &mut dyn Write, cells: Vec<&str>| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width(c)) + 2;
                s.push_str(&" ".repeat(pad));
            }
        }
        writeln!(w, "{}", s.trim_end())
    };
    line(w, header.to_vec())?;
    for r in rows {
        line(w, r.iter().map(String::as_str).collect())?;
    }
    Ok(())
}

// ---- commands -----------------------------------------------------------------------------

pub fn search(a: SearchArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let hits = store.search(&SearchQuery {
            text: a.query.join(" "),
            lang: a.lang.clone(),
            limit: a.limit,
            offset: a.offset,
        })?;
        let mut w = stdout();
        if a.json {
            serde_json::to_writer_pretty(&mut w, &hits)?;
            writeln!(w)?;
        } else {
            for h in &hits {
                writeln!(
                    w,
                    "{}  {}  {}  {}",
                    h.doc_id,
                    h.lang.as_deref().unwrap_or("und"),
                    h.published.as_deref().unwrap_or("-"),
                    cell(h.title.as_deref().unwrap_or(&h.source), 70)
                )?;
                writeln!(w, "    {}", cell(&h.snippet, 110))?;
            }
            if hits.is_empty() {
                writeln!(w, "no documents match")?;
            }
        }
        w.flush()?;
        Ok(crate::EXIT_OK)
    })())
}

fn event_table(w: &mut dyn Write, events: &[EventRow]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                // The filing day, else the date as read (`--05-09`: year unknown).
                e.day
                    .clone()
                    .or_else(|| e.date.clone())
                    .unwrap_or_else(|| "-".into()),
                e.code.clone(),
                cell(&e.label, 22),
                cell(&e.source_name, 24),
                cell(e.target_name.as_deref().unwrap_or("-"), 24),
                e.lang.clone().unwrap_or_else(|| "und".into()),
                cell(&e.sentence, 70),
            ]
        })
        .collect();
    table(
        w,
        &[
            "DAY", "CODE", "EVENT", "SOURCE", "TARGET", "LANG", "SENTENCE",
        ],
        &rows,
    )
}

pub fn events(a: EventsArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let events = store.events(&a.filter.filter(&store, a.limit, a.offset)?)?;
        let format = if a.json { EventFormat::Json } else { a.format };
        let mut w = stdout();
        match format {
            EventFormat::Table => {
                if events.is_empty() {
                    writeln!(w, "no events match")?;
                } else {
                    event_table(&mut w, &events)?;
                }
            }
            EventFormat::Json => {
                serde_json::to_writer_pretty(&mut w, &events)?;
                writeln!(w)?;
            }
            EventFormat::Jsonl => {
                for e in &events {
                    serde_json::to_writer(&mut w, e)?;
                    writeln!(w)?;
                }
            }
            EventFormat::Gdelt => {
                writeln!(w, "{}", khabar_store::GDELT_COLUMNS.join("\t"))?;
                for (i, e) in events.iter().enumerate() {
                    let url = store
                        .document(&e.doc_id)?
                        .map(|d| d.record.url.unwrap_or(d.record.source))
                        .unwrap_or_default();
                    writeln!(w, "{}", khabar_store::gdelt_row(i as u64 + 1, e, &url))?;
                }
            }
        }
        w.flush()?;
        Ok(crate::EXIT_OK)
    })())
}

pub fn entity(a: EntityArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let name = a.name.join(" ");
        let key = NameResolver::default()
            .resolve(&store, Some(&name))?
            .unwrap_or_else(|| name.clone());
        let Some(p) = store.entity_profile(&key)? else {
            anyhow::bail!("no entity called {name:?} in the store {}", a.db.db);
        };
        let mut w = stdout();
        if a.json {
            serde_json::to_writer_pretty(&mut w, &p)?;
            writeln!(w)?;
            w.flush()?;
            return Ok(crate::EXIT_OK);
        }
        writeln!(
            w,
            "{} ({})  {}{}{}{}",
            cell(&p.name, 60),
            p.id,
            p.kind.as_deref().unwrap_or("?"),
            p.country
                .as_deref()
                .map(|c| format!("  {c}"))
                .unwrap_or_default(),
            p.cameo
                .as_deref()
                .map(|c| format!("  CAMEO {c}"))
                .unwrap_or_default(),
            if p.known {
                ""
            } else {
                "  (not in the knowledge base)"
            }
        )?;
        writeln!(w, "\nNames by language:")?;
        for (lang, names) in &p.names_by_lang {
            let list: Vec<String> = names
                .iter()
                .take(8)
                .map(|(s, n)| format!("{} ({n})", cell(s, 40)))
                .collect();
            writeln!(w, "  {lang}: {}", list.join(", "))?;
        }
        if !p.mentions_by_month.is_empty() {
            writeln!(w, "\nMentions by month:")?;
            for (m, n) in &p.mentions_by_month {
                writeln!(w, "  {m}  {n:>6}")?;
            }
        }
        if !p.top_partners.is_empty() {
            writeln!(w, "\nMost frequent partners:")?;
            let rows: Vec<Vec<String>> = p
                .top_partners
                .iter()
                .map(|(id, n, c)| vec![cell(n, 40), id.clone(), c.to_string()])
                .collect();
            table(&mut w, &["NAME", "ID", "EVENTS"], &rows)?;
        }
        if !p.events.is_empty() {
            writeln!(w, "\nEvents ({} shown):", p.events.len().min(20))?;
            event_table(&mut w, &p.events[..p.events.len().min(20)])?;
        }
        w.flush()?;
        Ok(crate::EXIT_OK)
    })())
}

pub fn entities(a: EntitiesArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let list = store.entities(&EntityFilter {
            new_only: a.new_only,
            kind: a.kind.clone(),
            limit: a.limit,
            offset: a.offset,
        })?;
        let mut w = stdout();
        if a.new_only {
            // Provisional ids are phonetic keys: one id gathers the spellings of one name
            // across scripts. Show them per language.
            let mut out = Vec::new();
            for e in &list {
                let surfaces = store.entity_surfaces(&e.id)?;
                let mut by_lang: std::collections::BTreeMap<String, Vec<(String, u64)>> =
                    Default::default();
                for (l, s, n) in surfaces {
                    by_lang.entry(l).or_default().push((s, n));
                }
                out.push((e, by_lang));
            }
            if a.json {
                let v: Vec<serde_json::Value> = out
                    .iter()
                    .map(|(e, s)| {
                        let mut o = serde_json::to_value(e).unwrap_or_default();
                        if let Some(m) = o.as_object_mut() {
                            m.insert(
                                "surfaces".into(),
                                serde_json::to_value(s).unwrap_or_default(),
                            );
                        }
                        o
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut w, &v)?;
                writeln!(w)?;
            } else if out.is_empty() {
                writeln!(w, "no provisional entities")?;
            } else {
                for (e, by_lang) in &out {
                    writeln!(
                        w,
                        "{}  {}  {}  {} documents, {} mentions",
                        e.id,
                        cell(&e.name, 40),
                        e.kind.as_deref().unwrap_or("?"),
                        e.documents,
                        e.mentions
                    )?;
                    for (l, s) in by_lang {
                        let list: Vec<String> = s
                            .iter()
                            .map(|(s, n)| format!("{} ({n})", cell(s, 40)))
                            .collect();
                        writeln!(w, "    {l}: {}", list.join(", "))?;
                    }
                }
            }
        } else if a.json {
            serde_json::to_writer_pretty(&mut w, &list)?;
            writeln!(w)?;
        } else {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|e| {
                    vec![
                        cell(&e.id, 24),
                        cell(&e.name, 40),
                        e.kind.clone().unwrap_or_else(|| "?".into()),
                        if e.known { "kb" } else { "new" }.into(),
                        e.documents.to_string(),
                        e.mentions.to_string(),
                    ]
                })
                .collect();
            table(
                &mut w,
                &["ID", "NAME", "KIND", "FROM", "DOCS", "MENTIONS"],
                &rows,
            )?;
        }
        w.flush()?;
        Ok(crate::EXIT_OK)
    })())
}

pub fn graph(a: GraphArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let g = store.graph(&a.filter.filter(&store, a.limit, 0)?)?;
        let mut w = output(a.output.as_ref())?;
        match a.format {
            GraphFormat::Json => {
                serde_json::to_writer_pretty(&mut w, &g)?;
                writeln!(w)?;
            }
            GraphFormat::Dot => w.write_all(g.to_dot().as_bytes())?,
            GraphFormat::Graphml => w.write_all(g.to_graphml().as_bytes())?,
        }
        w.flush()?;
        Ok(crate::EXIT_OK)
    })())
}

pub fn export(a: ExportArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let n = match a.format {
            ExportFormat::Jsonl => {
                let mut w = output(a.output.as_ref())?;
                let n = store.export_jsonl(&mut w)?;
                w.flush()?;
                format!("{n} documents")
            }
            ExportFormat::Gdelt => {
                let mut w = output(a.output.as_ref())?;
                let n = store.export_gdelt(&mut w)?;
                w.flush()?;
                format!("{n} events")
            }
            ExportFormat::Parquet => export_parquet(&store, a.output.as_ref())?,
        };
        eprintln!("khabar: exported {n}");
        Ok(crate::EXIT_OK)
    })())
}

#[cfg(feature = "parquet")]
fn export_parquet(store: &Store, out: Option<&PathBuf>) -> anyhow::Result<String> {
    let Some(path) = out.filter(|p| p.as_os_str() != "-") else {
        anyhow::bail!("Parquet export needs an output file: -o FILE");
    };
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let n = store.export_parquet(BufWriter::new(file))?;
    Ok(format!("{n} events"))
}

#[cfg(not(feature = "parquet"))]
fn export_parquet(_store: &Store, _out: Option<&PathBuf>) -> anyhow::Result<String> {
    anyhow::bail!(
        "Parquet export is not in this build: rebuild with `cargo build --release --features parquet`"
    )
}

pub fn stats(a: StatsArgs) -> anyhow::Result<u8> {
    finish((|| {
        let store = open(&a.db)?;
        let s = store.stats()?;
        let mut w = stdout();
        if a.json {
            serde_json::to_writer_pretty(&mut w, &s)?;
            writeln!(w)?;
        } else {
            writeln!(
                w,
                "{} documents, {} sentences, {} entities, {} mentions, {} events",
                s.documents, s.sentences, s.entities, s.mentions, s.events
            )?;
            let rows: Vec<Vec<String>> = s
                .per_lang
                .iter()
                .map(|(l, x)| {
                    vec![
                        l.clone(),
                        x.documents.to_string(),
                        x.mentions.to_string(),
                        x.events.to_string(),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                writeln!(w)?;
                table(&mut w, &["LANG", "DOCUMENTS", "MENTIONS", "EVENTS"], &rows)?;
            }
        }
        w.flush()?;
        Ok(crate::EXIT_OK)
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_isolate_rtl_and_drop_overrides() {
        assert_eq!(cell("حفتر", 10), "\u{2068}حفتر\u{2069}");
        assert_eq!(cell("a\u{202E}b\nc", 10), "ab c");
        assert_eq!(cell("abcdefgh", 5), "abcd…");
        assert_eq!(cell("abc", 3), "abc");
    }

    #[test]
    fn widths_skip_marks() {
        assert_eq!(width("e\u{0301}"), 1);
        assert_eq!(width("日本"), 4);
    }
}
