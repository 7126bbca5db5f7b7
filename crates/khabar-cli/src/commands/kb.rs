//! `khabar kb ...`: placeholder until the knowledge base lands.

#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// Validate a knowledge-base file.
    Check { file: std::path::PathBuf },
}

pub fn run(_c: KbCommand) -> anyhow::Result<u8> {
    anyhow::bail!("kb is not implemented yet")
}
