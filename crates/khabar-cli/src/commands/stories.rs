//! `khabar stories`: clusters of documents telling the same happening, across languages.
//!
//! Reads document records, from the store (`--db`, streamed through the store's JSON Lines
//! export) or from a `khabar extract` output file (`--records`), in order; links
//! near-duplicates (`khabar_extract::dedup`, for records that do not carry `duplicate_of`
//! already) and assigns stories (`khabar_extract::stories`), then lists the stories with at
//! least `--min-size` documents, largest first. It does not write anything back.

use anyhow::Context;
use khabar_core::{PartialDate, Record};
use khabar_extract::dedup::Deduper;
use khabar_extract::stories::{is_kb_id, StoryClusterer, StoryFeatures};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Store to read documents from (default khabar.db when --records is not given).
    #[arg(long)]
    pub db: Option<String>,
    /// Read document records (JSON Lines from `khabar extract`) instead of a store.
    #[arg(long)]
    pub records: Option<PathBuf>,
    /// List stories with at least this many documents.
    #[arg(long, default_value_t = 2)]
    pub min_size: usize,
    /// List at most this many stories.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// One JSON object per story instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Default, serde::Serialize)]
struct StorySummary {
    id: String,
    size: usize,
    langs: BTreeMap<String, usize>,
    first: Option<PartialDate>,
    last: Option<PartialDate>,
    entities: Vec<String>,
    documents: Vec<Member>,
    #[serde(skip)]
    entity_counts: BTreeMap<String, usize>,
}

#[derive(Debug, serde::Serialize)]
struct Member {
    id: String,
    lang: Option<String>,
    title: Option<String>,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
}

/// Assigns stories to records one by one and keeps a summary per story.
struct Collector {
    dedup: Deduper,
    clusterer: StoryClusterer,
    stories: BTreeMap<String, StorySummary>,
    records: usize,
    bad: usize,
}

impl Collector {
    fn new() -> Self {
        Self {
            dedup: Deduper::default(),
            clusterer: StoryClusterer::default(),
            stories: BTreeMap::new(),
            records: 0,
            bad: 0,
        }
    }

    fn line(&mut self, line: &[u8]) {
        if line.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => self.record(r),
            Err(e) => {
                self.bad += 1;
                tracing::warn!(error = %e, "unreadable record skipped");
            }
        }
    }

    fn record(&mut self, r: Record) {
        self.records += 1;
        let found = self.dedup.observe_text(&r.id, &r.text);
        let duplicate_of = r.duplicate_of.clone().or(found);
        let date = r.published.filter(PartialDate::is_complete).or_else(|| {
            r.events
                .iter()
                .filter_map(|e| e.date)
                .find(PartialDate::is_complete)
        });
        let f = StoryFeatures {
            id: r.id.clone(),
            duplicate_of: duplicate_of.clone(),
            entities: r
                .entities
                .iter()
                .filter(|e| is_kb_id(&e.id))
                .map(|e| (e.id.clone(), e.kind))
                .collect(),
            codes: r.events.iter().map(|e| e.code.clone()).collect(),
            date,
        };
        let sid = self.clusterer.assign(&f);
        let s = self.stories.entry(sid.clone()).or_default();
        s.id = sid;
        s.size += 1;
        if let Some(l) = &r.lang {
            *s.langs.entry(l.clone()).or_default() += 1;
        }
        if let Some(d) = date {
            s.first = Some(s.first.map_or(d, |x| x.min(d)));
            s.last = Some(s.last.map_or(d, |x| x.max(d)));
        }
        for e in r.entities.iter().filter(|e| is_kb_id(&e.id)) {
            *s.entity_counts.entry(e.name.clone()).or_default() += 1;
        }
        s.documents.push(Member {
            id: r.id,
            lang: r.lang,
            title: r.title,
            source: r.source,
            duplicate_of,
        });
    }
}

/// A `Write` that hands every complete line to a collector (for the store's export).
struct LineSink<'a> {
    buf: Vec<u8>,
    c: &'a mut Collector,
}

impl Write for LineSink<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        while let Some(i) = self.buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=i).collect();
            self.c.line(&line);
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let line = std::mem::take(&mut self.buf);
            self.c.line(&line);
        }
        Ok(())
    }
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let mut c = Collector::new();
    if let Some(path) = &a.records {
        let f =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut reader = BufReader::new(f);
        let mut line = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            c.line(&line);
        }
    } else {
        let target = a.db.clone().unwrap_or_else(|| "khabar.db".to_string());
        let store = khabar_store::Store::open_read_only(&target)
            .with_context(|| format!("cannot open the store {target}"))?;
        let mut sink = LineSink {
            buf: Vec::new(),
            c: &mut c,
        };
        store.export_jsonl(&mut sink)?;
        sink.flush()?;
    }

    let total = c.stories.len();
    let mut list: Vec<StorySummary> = std::mem::take(&mut c.stories)
        .into_values()
        .filter(|s| s.size >= a.min_size.max(1))
        .collect();
    list.sort_by(|x, y| y.size.cmp(&x.size).then_with(|| x.id.cmp(&y.id)));
    list.truncate(a.limit);
    for s in &mut list {
        let mut ents: Vec<(&String, &usize)> = s.entity_counts.iter().collect();
        ents.sort_by(|x, y| y.1.cmp(x.1).then_with(|| x.0.cmp(y.0)));
        s.entities = ents.into_iter().take(6).map(|(n, _)| n.clone()).collect();
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if a.json {
        for s in &list {
            serde_json::to_writer(&mut out, s)?;
            out.write_all(b"\n")?;
        }
    } else {
        for s in &list {
            let langs: Vec<String> = s.langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let dates = match (s.first, s.last) {
                (Some(f), Some(l)) if f == l => format!("  {f}"),
                (Some(f), Some(l)) => format!("  {f}..{l}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "story {}  {} documents  [{}]{dates}",
                s.id,
                s.size,
                langs.join(", ")
            )?;
            if !s.entities.is_empty() {
                writeln!(out, "  entities: {}", s.entities.join(", "))?;
            }
            for m in &s.documents {
                let copy = m
                    .duplicate_of
                    .as_ref()
                    .map_or(String::new(), |d| format!("  (copy of {d})"));
                writeln!(
                    out,
                    "  - [{}] {}  {}{copy}",
                    m.lang.as_deref().unwrap_or("?"),
                    m.title.as_deref().unwrap_or("(no title)"),
                    m.source
                )?;
            }
        }
    }
    eprintln!(
        "khabar: {} records, {} stories, {} listed (size >= {}){}",
        c.records,
        total,
        list.len(),
        a.min_size,
        if c.bad > 0 {
            format!("; {} unreadable lines skipped", c.bad)
        } else {
            String::new()
        }
    );
    Ok(if c.bad > 0 {
        crate::EXIT_PARTIAL
    } else {
        crate::EXIT_OK
    })
}
