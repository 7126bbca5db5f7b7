//! `khabar serve`: placeholder until the server lands.

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "khabar.db")]
    pub db: String,
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
}

pub fn run(_a: Args) -> anyhow::Result<u8> {
    anyhow::bail!("serve is not implemented yet")
}
