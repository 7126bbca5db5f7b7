//! `khabar bench`: throughput of every stage and of the whole pipeline on a generated corpus
//! (see `crate::generate`), held in memory so that disk speed does not count.
//!
//! For each measurement it reports documents/s, MB/s of raw input (HTML or text scrape, so
//! figures of different stages compare), MB/s of the text the step reads ("MB/s in": the
//! raw pages for cleaning and end to end, the clean text for the stages after cleaning), the
//! same per CPU second ("in/CPU-s": CPU time of all the process's threads over the step, from
//! /proc/self/task/*/schedstat; steadier than wall clock when other work shares the machine,
//! and a per-core figure for the all-cores rows), the ratio to a BASELINE measured in the same
//! run over the same bytes (`str::to_lowercase`, and a copy plus UTF-8 validation), and the peak resident
//! memory of the step (VmHWM from /proc/self/status, reset before each step through
//! /proc/self/clear_refs; "-" where the kernel does not offer it). Each step runs on one thread
//! and on all cores (a rayon pool of that size). Ratios are what to compare across machines:
//! absolute figures move with the machine and its load.
//!
//! End to end is the lead's pipeline (`Pipeline::standard`) plus the cross-document steps
//! (near-duplicates, stories) without store writes; "store" then writes the processed documents
//! into a temporary SQLite store in batches, as `khabar ingest` does.
//!
//! Not measured: ingestion from disk (reading files, gzip, WARC parsing).

use crate::generate::templates::Templates;
use crate::generate::{GenOptions, Generator};
use crate::pipeline::{Pipeline, PipelineOptions};
use khabar_core::{Document, Format};
use khabar_extract::dedup::Deduper;
use khabar_extract::stories::StoryClusterer;
use rayon::prelude::*;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Number of generated articles (default 2000 unless --size-mb is given).
    #[arg(long)]
    pub docs: Option<usize>,
    /// Generate articles until this many megabytes of raw input.
    #[arg(long)]
    pub size_mb: Option<u64>,
    /// Threads: 1, all, or both (one row each).
    #[arg(long, default_value = "both")]
    pub threads: String,
    /// Stage to report: clean, lang, sentences, dates, entities, events, or all (the stages
    /// before it still run, untimed, to give it its input).
    #[arg(long, default_value = "all")]
    pub stage: String,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Approximate bytes of story text per article.
    #[arg(long, default_value_t = 2048)]
    pub article_bytes: usize,
    /// Skip the SQLite store step.
    #[arg(long)]
    pub no_store: bool,
    /// Print the results as JSON Lines instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Extra knowledge-base files, as for `extract` (e.g. the opt-in files in
    /// `data/kb/optional/`, to measure linking against a KB of 250k names).
    #[arg(long = "kb", value_name = "FILE")]
    pub kb: Vec<std::path::PathBuf>,
}

/// One measured row.
#[derive(Debug, Clone, serde::Serialize)]
struct Row {
    step: String,
    threads: usize,
    docs: usize,
    secs: f64,
    docs_per_s: f64,
    mb_per_s: f64,
    /// MB/s of the text the step reads: raw pages for cleaning and end to end, the clean
    /// text for the stages after cleaning (the bytes language detection, dates, entities and
    /// events actually go over).
    input_mb_per_s: f64,
    /// CPU seconds the process spent on the step (all its threads), where the system tells.
    cpu_secs: Option<f64>,
    /// `input_mb_per_s` per CPU second instead of per wall second: steadier than wall clock
    /// on a busy machine, and per core when the step ran on several.
    input_mb_per_cpu_s: Option<f64>,
    /// Throughput relative to the `to_lowercase` baseline with the same thread count.
    vs_lowercase: f64,
    peak_rss_mb: Option<f64>,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let thread_counts: Vec<usize> = match a.threads.as_str() {
        "1" => vec![1],
        "all" => vec![cores],
        "both" => {
            if cores > 1 {
                vec![1, cores]
            } else {
                vec![1]
            }
        }
        n => vec![n
            .parse::<usize>()
            .map_err(|_| anyhow::anyhow!("--threads: 1, all, both or a number, not {n:?}"))?
            .max(1)],
    };
    let t_kb = Instant::now();
    let pipeline = Pipeline::standard(&PipelineOptions {
        kb_files: a.kb.clone(),
    })?;
    eprintln!(
        "khabar bench: pipeline built in {:.2} s (knowledge base and automata; peak RSS {})",
        t_kb.elapsed().as_secs_f64(),
        peak_mb().map_or_else(|| "?".to_string(), |m| format!("{m:.0} MB"))
    );
    let names: Vec<&'static str> = pipeline.stages().iter().map(|s| s.name()).collect();
    let wanted = a.stage.as_str();
    if wanted != "all" && !names.contains(&wanted) {
        anyhow::bail!("--stage {wanted}: the pipeline has {}", names.join(", "));
    }

    let inputs = corpus(&a)?;
    let raw_bytes: usize = inputs.iter().map(|d| d.raw.len()).sum();
    let mb = raw_bytes as f64 / 1048576.0;
    let html = inputs.iter().filter(|d| d.format == Format::Html).count();
    eprintln!(
        "khabar bench: {} articles ({} HTML, {} text scrapes), {:.1} MB raw, ~{} B story text each, \
         seed {}; {} cores; stages: {}",
        inputs.len(),
        html,
        inputs.len() - html,
        mb,
        a.article_bytes,
        a.seed,
        cores,
        names.join(" → ")
    );

    let mut rows: Vec<Row> = Vec::new();
    for &threads in &thread_counts {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| anyhow::anyhow!("thread pool: {e}"))?;
        let n = inputs.len();
        let row_in = |step: &str, took: Took, peak: Option<f64>, base: f64, in_mb: f64| {
            let secs = took.wall;
            Row {
                step: step.to_string(),
                threads,
                docs: n,
                secs,
                docs_per_s: n as f64 / secs.max(1e-9),
                mb_per_s: mb / secs.max(1e-9),
                input_mb_per_s: in_mb / secs.max(1e-9),
                cpu_secs: took.cpu,
                input_mb_per_cpu_s: took.cpu.map(|c| in_mb / c.max(1e-9)),
                vs_lowercase: if base > 0.0 {
                    (mb / secs.max(1e-9)) / base
                } else {
                    0.0
                },
                peak_rss_mb: peak,
            }
        };
        let row = |step: &str, took: Took, peak: Option<f64>, base: f64| {
            row_in(step, took, peak, base, mb)
        };

        // Baselines over the same bytes.
        reset_peak();
        let t = Timer::start();
        let total: usize = pool.install(|| {
            inputs
                .par_iter()
                .map(|d| std::hint::black_box(d.raw.to_lowercase()).len())
                .sum()
        });
        std::hint::black_box(total);
        let lower = t.took();
        let base = mb / lower.wall.max(1e-9);
        rows.push(row("BASELINE to_lowercase", lower, peak_mb(), base));
        reset_peak();
        let t = Timer::start();
        let ok: usize = pool.install(|| {
            inputs
                .par_iter()
                .map(|d| {
                    let v = std::hint::black_box(d.raw.as_bytes().to_vec());
                    usize::from(std::str::from_utf8(&v).is_ok())
                })
                .sum()
        });
        std::hint::black_box(ok);
        rows.push(row("BASELINE copy+utf8", t.took(), peak_mb(), base));

        // Each stage over the whole corpus, in order.
        let mut docs: Vec<Document> = inputs.clone();
        // What the next stage reads: raw pages, then the clean text.
        let mut in_mb = mb;
        for stage in pipeline.stages() {
            let name = stage.name();
            reset_peak();
            let t = Timer::start();
            pool.install(|| docs.par_iter_mut().for_each(|d| stage.process(d)));
            let took = t.took();
            let peak = peak_mb();
            if wanted == "all" || wanted == name {
                rows.push(row_in(name, took, peak, base, in_mb));
            }
            if name == "clean" {
                for d in docs.iter_mut() {
                    d.raw = String::new();
                }
                in_mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1048576.0;
            }
            if wanted == name {
                break;
            }
        }
        drop(docs);

        if wanted == "all" {
            // End to end: the pipeline per document, then the cross-document steps in order.
            let mut docs: Vec<Document> = inputs.clone();
            reset_peak();
            let t = Timer::start();
            // As the runner does: stages and the per-document part of linking on all cores,
            // then the in-order part.
            let mut linker = crate::pipeline::Linker::default();
            let sigs: Vec<_> = pool.install(|| {
                docs.par_chunks_mut(crate::pipeline::CHUNK_DOCS)
                    .flat_map_iter(|chunk| {
                        pipeline.process_chunk(chunk);
                        chunk.iter().map(|d| linker.prepare(d)).collect::<Vec<_>>()
                    })
                    .collect()
            });
            for (d, sig) in docs.iter_mut().zip(sigs) {
                linker.observe_prepared(d, sig);
            }
            rows.push(row("END TO END (no store)", t.took(), peak_mb(), base));
            if threads == thread_counts[0] {
                let dups = docs.iter().filter(|d| d.duplicate_of.is_some()).count();
                eprintln!(
                    "khabar bench: {dups} near-duplicates linked, {} stories open",
                    linker.open_stories()
                );
            }

            // Cross-document steps alone (they are sequential by design).
            let t = Timer::start();
            let mut dedup = Deduper::default();
            let mut stories = StoryClusterer::default();
            for d in docs.iter_mut() {
                d.duplicate_of = None;
                dedup.observe(d);
                stories.observe(d);
            }
            rows.push(row("dedup+stories", t.took(), None, base));

            if !a.no_store && threads == *thread_counts.last().unwrap_or(&1) {
                match store_step(&docs) {
                    Ok((took, peak)) => rows.push(row("store (SQLite)", took, peak, base)),
                    Err(e) => eprintln!("khabar bench: store step skipped: {e:#}"),
                }
            }
        }
    }

    if a.json {
        for r in &rows {
            println!("{}", serde_json::to_string(r)?);
        }
    } else {
        println!(
            "{:<24} {:>7} {:>10} {:>9} {:>10} {:>11} {:>12} {:>10}",
            "step", "threads", "docs/s", "MB/s", "MB/s in", "in/CPU-s", "x lowercase", "peak RSS"
        );
        for r in &rows {
            println!(
                "{:<24} {:>7} {:>10.0} {:>9.2} {:>10.2} {:>11} {:>12.3} {:>10}",
                r.step,
                r.threads,
                r.docs_per_s,
                r.mb_per_s,
                r.input_mb_per_s,
                r.input_mb_per_cpu_s
                    .map_or("-".to_string(), |m| format!("{m:.2}")),
                r.vs_lowercase,
                r.peak_rss_mb
                    .map_or("-".to_string(), |m| format!("{m:.0} MB"))
            );
        }
        if let Some(e2e) = rows
            .iter()
            .find(|r| r.step.starts_with("END TO END") && r.threads == 1)
        {
            println!(
                "end to end on one core: {:.0} articles/s ({:.2} MB/s of raw pages)",
                e2e.docs_per_s, e2e.mb_per_s
            );
        }
    }
    Ok(crate::EXIT_OK)
}

/// The generated corpus as unprocessed documents: even articles as HTML pages, odd ones as
/// text scrapes.
fn corpus(a: &Args) -> anyhow::Result<Vec<Document>> {
    let gen = Generator::new(
        Templates::builtin()?,
        GenOptions {
            seed: a.seed,
            article_bytes: a.article_bytes,
            ..GenOptions::default()
        },
    )?;
    let limit_docs = match (a.docs, a.size_mb) {
        (Some(n), _) => n,
        (None, Some(_)) => usize::MAX,
        (None, None) => 2000,
    };
    let limit_bytes = a
        .size_mb
        .map_or(usize::MAX, |m| (m as usize).saturating_mul(1 << 20));
    let mut docs = Vec::new();
    let mut bytes = 0usize;
    for art in gen {
        if docs.len() >= limit_docs || bytes >= limit_bytes {
            break;
        }
        let (body, fmt, ext) = if art.n % 2 == 0 {
            (art.render_html(), Format::Html, "html")
        } else {
            (art.render_text(), Format::Text, "txt")
        };
        bytes += body.len();
        let source = format!("{}.{ext}", art.stem());
        let mut d = Document::new(source, body.as_bytes(), String::new(), fmt);
        d.raw = body;
        d.url = Some(art.url.clone());
        if fmt == Format::Html {
            // What ingestion reads from the page's metadata (article:published_time).
            let (y, m, day) = art.published;
            d.published = Some(khabar_core::PartialDate::ymd(y, m, day));
        }
        docs.push(d);
    }
    Ok(docs)
}

/// Write processed documents into a temporary SQLite store in the batches `khabar ingest` writes (`WRITE_DOCS`). The time
/// includes closing the store (its last WAL checkpoint), so deferred work is counted.
fn store_step(docs: &[Document]) -> anyhow::Result<(Took, Option<f64>)> {
    let dir = std::env::temp_dir().join(format!("khabar-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.db");
    let result = (|| -> anyhow::Result<(Took, Option<f64>)> {
        let store = khabar_store::Store::open(&path.display().to_string())?;
        reset_peak();
        let t = Timer::start();
        for chunk in docs.chunks(super::ingest::WRITE_DOCS) {
            store.write_batch(chunk)?;
        }
        drop(store);
        Ok((t.took(), peak_mb()))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Wall-clock and CPU time of one step.
#[derive(Debug, Clone, Copy)]
struct Took {
    wall: f64,
    cpu: Option<f64>,
}

struct Timer {
    wall: Instant,
    cpu: Option<f64>,
}

impl Timer {
    fn start() -> Timer {
        Timer {
            cpu: cpu_secs(),
            wall: Instant::now(),
        }
    }

    fn took(&self) -> Took {
        let wall = self.wall.elapsed().as_secs_f64();
        let cpu = match (self.cpu, cpu_secs()) {
            (Some(a), Some(b)) if b >= a => Some(b - a),
            _ => None,
        };
        Took { wall, cpu }
    }
}

/// CPU seconds the process has run so far, summed over its threads, from the nanosecond
/// counters in `/proc/self/task/*/schedstat` (Linux); `None` elsewhere. Threads that ended
/// drop out of the sum, so only differences over a span in which the pool's threads live are
/// meaningful (the bench's pools outlive every step).
fn cpu_secs() -> Option<f64> {
    let mut ns: u64 = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path().join("schedstat");
        let s = std::fs::read_to_string(path).ok()?;
        ns += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(ns as f64 / 1e9)
}

/// Reset the peak-RSS mark (Linux: writing 5 to /proc/self/clear_refs). Where the kernel
/// refuses, peaks are the process's peak so far; a note says so once.
fn reset_peak() {
    let ok = std::fs::write("/proc/self/clear_refs", "5").is_ok()
        && matches!((status_mb("VmHWM:"), status_mb("VmRSS:")), (Some(h), Some(r)) if h <= r + 1.0);
    static NOTE: std::sync::Once = std::sync::Once::new();
    if !ok {
        NOTE.call_once(|| {
            eprintln!("khabar bench: cannot reset the peak-RSS mark here; peaks are cumulative")
        });
    }
}

fn status_mb(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Peak resident set size (VmHWM) in MB, if the kernel reports it.
pub fn peak_mb() -> Option<f64> {
    status_mb("VmHWM:")
}
