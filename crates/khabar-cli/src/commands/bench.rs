//! `khabar bench`: placeholder until implemented.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args) -> anyhow::Result<u8> {
    anyhow::bail!("bench is not implemented yet")
}
