//! `khabar extract`: pages in, document records out (JSON Lines).

use crate::pipeline::{self, Pipeline, PipelineOptions};
use anyhow::Context;
use khabar_core::Record;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to read (text, HTML, JSON Lines, WARC, gzip of any); `-` is stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write records here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Add each document's diagnostics: what cleaning removed or repaired, and why.
    #[arg(long)]
    pub explain: bool,
    /// Extra knowledge-base file (JSON Lines); repeatable.
    #[arg(long = "kb")]
    pub kb: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: super::limits::LimitArgs,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let pipeline = Pipeline::standard(&PipelineOptions {
        kb_files: a.kb.clone(),
    })?;
    let out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let explain = a.explain;
    let summary = pipeline::run(
        &a.paths,
        &a.limits.ingest_options(),
        &pipeline,
        &mut |_| false,
        &mut |docs: &mut Vec<khabar_core::Document>| {
            for d in docs.iter() {
                serde_json::to_writer(&mut out, &Record::from_document(d, explain))?;
                out.write_all(b"\n")?;
            }
            Ok(())
        },
    )?;
    out.flush()?;
    eprintln!("khabar: {}", summary.line());
    Ok(if summary.failed > 0 {
        crate::EXIT_PARTIAL
    } else {
        crate::EXIT_OK
    })
}
