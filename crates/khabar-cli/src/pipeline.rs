//! The one runner: reads sources, runs the stages over batches of documents on all cores,
//! and hands the finished documents, in input order, to a sink. Progress and the run summary
//! live here too; stages know nothing of threads or terminals.

use indicatif::{ProgressBar, ProgressStyle};
use khabar_core::{Document, Stage};
use khabar_ingest::{IngestError, IngestOptions};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// The stages in order.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

/// What the standard pipeline is built from.
#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    /// Extra knowledge-base files added to the built-in one.
    pub kb_files: Vec<PathBuf>,
}

impl Pipeline {
    /// Clean, language, sentences, dates, entities, events.
    pub fn standard(opts: &PipelineOptions) -> anyhow::Result<Self> {
        let mut kb = khabar_extract::kb::Kb::builtin()?;
        for f in &opts.kb_files {
            kb.merge(khabar_extract::kb::Kb::load_path(f)?);
        }
        let linker = khabar_extract::entities::EntityLinker::new(std::sync::Arc::new(kb))?;
        let stages: Vec<Box<dyn Stage>> = vec![
            Box::new(khabar_text::clean::CleanConfig::default().build()),
            Box::new(khabar_text::lang::LanguageDetector::new()),
            Box::new(khabar_text::sentences::SentenceSplitter::new()),
            Box::new(khabar_text::dates::DateReader::with_reference(today())),
            Box::new(linker),
            Box::new(khabar_extract::events::EventCoder::new()?),
        ];
        Ok(Self { stages })
    }

    /// Run every stage over a few documents, stage by stage: each stage's tables and automata
    /// stay in the caches for the whole chunk instead of being evicted by the next stage's
    /// after every document. Each document comes out as if it had gone through alone.
    pub fn process_chunk(&self, docs: &mut [Document]) {
        for stage in &self.stages {
            let clean = stage.name() == "clean";
            for doc in docs.iter_mut() {
                stage.process(doc);
                if clean {
                    doc.raw = String::new();
                }
            }
        }
    }

    /// The stages in order (for `khabar bench`, which times each one).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }
}

/// Today's date (UTC), the reference for dates whose year the text does not give.
pub fn today() -> khabar_core::PartialDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    khabar_core::PartialDate::from_days((secs / 86_400) as i64)
}

/// Cross-document steps run in input order after the per-document stages: near-duplicate
/// links and story clusters. Kept out of the stages because they need every earlier document.
pub struct Linker {
    dedup: khabar_extract::dedup::Deduper,
    stories: khabar_extract::stories::StoryClusterer,
}

impl Default for Linker {
    fn default() -> Self {
        // Syndicated copies appear close together in a crawl: a window of 50,000 documents
        // keeps memory flat on corpora of any size.
        let dedup = khabar_extract::dedup::DedupConfig {
            window: 50_000,
            ..Default::default()
        };
        let stories = khabar_extract::stories::StoryConfig {
            max_docs: 100_000,
            max_open: 20_000,
            ..Default::default()
        };
        Self {
            dedup: khabar_extract::dedup::Deduper::new(dedup),
            stories: khabar_extract::stories::StoryClusterer::new(stories),
        }
    }
}

impl Linker {
    /// Stories open for joining (for `khabar bench`).
    pub fn open_stories(&self) -> usize {
        self.stories.open_stories()
    }

    /// The per-document part of linking (a near-duplicate signature), pure, for running on all cores first.
    pub fn prepare(&self, doc: &Document) -> Option<khabar_extract::dedup::Signature> {
        self.dedup.document_signature(doc)
    }

    /// The in-order part of linking, given what [`Linker::prepare`] computed.
    pub fn observe_prepared(
        &mut self,
        doc: &mut Document,
        sig: Option<khabar_extract::dedup::Signature>,
    ) {
        self.dedup.observe_prepared(doc, sig);
        self.stories.observe(doc);
    }
}

/// Counts of a run, printed at the end.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub failed: usize,
    pub skipped: usize,
    pub per_lang: BTreeMap<String, usize>,
}

impl Summary {
    pub fn line(&self) -> String {
        let langs: Vec<String> = self
            .per_lang
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        format!(
            "{} documents from {} files; {} skipped, {} failed{}",
            self.documents,
            self.files,
            self.skipped,
            self.failed,
            if langs.is_empty() {
                String::new()
            } else {
                format!("; {}", langs.join(", "))
            }
        )
    }
}

/// Documents per parallel batch.
const BATCH_DOCS: usize = 512;
/// Documents a thread takes through the stages together (see [`Pipeline::process_chunk`]).
pub const CHUNK_DOCS: usize = 16;
/// Raw bytes per parallel batch (flush earlier for big pages, to bound memory).
const BATCH_BYTES: usize = 16 << 20;

/// Read every path, process the documents and give each, in input order, to `sink`, a batch
/// at a time (the sink may take the documents out of the vector, e.g. to write several
/// batches at once). Errors in single inputs are reported on stderr and counted; the run goes
/// on. `skip` is asked first with a document's id: true means already done (counted as
/// skipped).
pub fn run(
    paths: &[PathBuf],
    ingest: &IngestOptions,
    pipeline: &Pipeline,
    skip: &mut dyn FnMut(&Document) -> bool,
    sink: &mut dyn FnMut(&mut Vec<Document>) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    let files = khabar_ingest::expand_paths(paths);
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let bar = progress_bar(files.len() as u64);
    let mut batch: Vec<Document> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut linker = Linker::default();

    let mut flush = |batch: &mut Vec<Document>, summary: &mut Summary| -> anyhow::Result<()> {
        let sigs: Vec<_> = batch
            .par_chunks_mut(CHUNK_DOCS)
            .flat_map_iter(|chunk| {
                pipeline.process_chunk(chunk);
                chunk.iter().map(|d| linker.prepare(d)).collect::<Vec<_>>()
            })
            .collect();
        for (d, sig) in batch.iter_mut().zip(sigs) {
            linker.observe_prepared(d, sig);
            // The shared normalized copy has done its work; free it before the sink.
            d.normalized = Default::default();
            *summary
                .per_lang
                .entry(d.lang.clone().unwrap_or_else(|| "und".into()))
                .or_default() += 1;
        }
        summary.documents += batch.len();
        sink(batch)?;
        batch.clear();
        Ok(())
    };

    for file in files {
        let path = match file {
            Ok(p) => p,
            Err(e) => {
                report(&bar, &e);
                summary.failed += 1;
                continue;
            }
        };
        bar.set_message(path.display().to_string());
        for item in khabar_ingest::read_source(&path, ingest) {
            match item {
                Ok(doc) => {
                    if skip(&doc) {
                        summary.skipped += 1;
                        continue;
                    }
                    batch_bytes += doc.raw.len();
                    batch.push(doc);
                    if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                        flush(&mut batch, &mut summary)?;
                        batch_bytes = 0;
                    }
                }
                Err(e) => {
                    report(&bar, &e);
                    summary.failed += 1;
                }
            }
        }
        bar.inc(1);
    }
    flush(&mut batch, &mut summary)?;
    bar.finish_and_clear();
    Ok(summary)
}

fn report(bar: &ProgressBar, e: &IngestError) {
    bar.suspend(|| eprintln!("khabar: error: {e}"));
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} files {per_sec} {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
