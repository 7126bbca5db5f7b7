//! `khabar stories`: placeholder until implemented.

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args) -> anyhow::Result<u8> {
    anyhow::bail!("stories is not implemented yet")
}
