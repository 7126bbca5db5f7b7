//! `khabar`: multilingual news to structured, queryable event data.
//!
//! The binary edge: argument parsing, logging set-up, and the exit status. Each subcommand
//! lives in `commands/<name>.rs`; the one pipeline runner lives in `pipeline.rs`.

mod commands;
mod generate;
mod pipeline;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the pipeline allocates many small, short-lived
/// strings and vectors per document, and glibc malloc was ~7% of its instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status when everything worked.
pub const EXIT_OK: u8 = 0;
/// Exit status when the run could not be done at all (bad arguments, unreadable store).
pub const EXIT_FATAL: u8 = 1;
/// Exit status when the run finished but some inputs failed (each was reported on stderr).
pub const EXIT_PARTIAL: u8 = 3;

const AFTER_HELP: &str = "\
Exit status: 0 all inputs read; 1 fatal error (nothing done); 2 bad arguments;
3 finished, but some inputs could not be read (each named on stderr).

Examples:
  khabar extract samples/ -o records.jsonl      documents as JSON Lines
  khabar ingest samples/                        into the embedded store khabar.db
  khabar events --actor হাফতার                  events of an actor, any script
  khabar serve                                  API and web page on 127.0.0.1:8080";

#[derive(Parser)]
#[command(name = "khabar", version, about = "Multilingual news to structured, queryable event data", after_help = AFTER_HELP)]
struct Cli {
    /// Log more (-v info, -vv debug); logs go to stderr. RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read pages and write one document record per document as JSON Lines.
    Extract(commands::extract::Args),
    /// Read pages into the store (idempotent by content hash, resumable).
    Ingest(commands::ingest::Args),
    /// Full-text search over stored documents, in any script.
    Search(commands::query::SearchArgs),
    /// List stored events, filtered by actor, target, code, date, place, language.
    Events(commands::query::EventsArgs),
    /// Profile of one entity, found by any of its names in any script.
    Entity(commands::query::EntityArgs),
    /// List entities; `--new` lists names the knowledge base does not hold, clustered.
    Entities(commands::query::EntitiesArgs),
    /// The actor network as JSON, DOT or GraphML.
    Graph(commands::query::GraphArgs),
    /// Export the store as JSON Lines, GDELT TSV or Parquet.
    Export(commands::query::ExportArgs),
    /// Counts of documents, entities, mentions, events, per language.
    Stats(commands::query::StatsArgs),
    /// Serve the JSON API and the web page.
    Serve(commands::serve::Args),
    /// Stories: clusters of documents telling the same happening, across languages.
    Stories(commands::stories::Args),
    /// Knowledge-base tools: check, build, import-wikidata.
    #[command(subcommand)]
    Kb(commands::kb::KbCommand),
    /// Write a generated multilingual corpus (deterministic seed, any size).
    Generate(commands::generate::Args),
    /// Measure throughput per stage and end to end on a generated corpus.
    Bench(commands::bench::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let result = match cli.command {
        Command::Extract(a) => commands::extract::run(a),
        Command::Ingest(a) => commands::ingest::run(a),
        Command::Search(a) => commands::query::search(a),
        Command::Events(a) => commands::query::events(a),
        Command::Entity(a) => commands::query::entity(a),
        Command::Entities(a) => commands::query::entities(a),
        Command::Graph(a) => commands::query::graph(a),
        Command::Export(a) => commands::query::export(a),
        Command::Stats(a) => commands::query::stats(a),
        Command::Serve(a) => commands::serve::run(a),
        Command::Stories(a) => commands::stories::run(a),
        Command::Kb(c) => commands::kb::run(c),
        Command::Generate(a) => commands::generate::run(a),
        Command::Bench(a) => commands::bench::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("khabar: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
