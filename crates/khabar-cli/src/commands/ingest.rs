//! `khabar ingest`: placeholder until the store lands.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to read; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The store: a SQLite file (created on first use) or a postgres:// URL.
    #[arg(long, default_value = "khabar.db")]
    pub db: String,
}

pub fn run(_a: Args) -> anyhow::Result<u8> {
    anyhow::bail!("ingest is not implemented yet")
}
