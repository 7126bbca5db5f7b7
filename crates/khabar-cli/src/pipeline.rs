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
            Box::new(khabar_text::dates::DateReader::new()),
            Box::new(linker),
        ];
        Ok(Self { stages })
    }

    pub fn process(&self, doc: &mut Document) {
        for stage in &self.stages {
            stage.process(doc);
            if stage.name() == "clean" {
                doc.raw = String::new();
            }
        }
    }

    /// The stages in order (for `khabar bench`, which times each one).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
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
/// Raw bytes per parallel batch (flush earlier for big pages, to bound memory).
const BATCH_BYTES: usize = 16 << 20;

/// Read every path, process the documents and give each, in input order, to `sink`.
/// Errors in single inputs are reported on stderr and counted; the run goes on.
/// `skip` is asked first with a document's id: true means already done (counted as skipped).
pub fn run(
    paths: &[PathBuf],
    ingest: &IngestOptions,
    pipeline: &Pipeline,
    skip: &mut dyn FnMut(&Document) -> bool,
    sink: &mut dyn FnMut(&[Document]) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    let files = khabar_ingest::expand_paths(paths);
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };
    let bar = progress_bar(files.len() as u64);
    let mut batch: Vec<Document> = Vec::new();
    let mut batch_bytes = 0usize;

    let mut flush = |batch: &mut Vec<Document>, summary: &mut Summary| -> anyhow::Result<()> {
        batch.par_iter_mut().for_each(|d| pipeline.process(d));
        for d in batch.iter() {
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
