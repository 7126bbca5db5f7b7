//! One module per subcommand. Each has its clap `Args` and a `run` returning the exit status.

pub mod bench;
pub mod extract;
pub mod generate;
pub mod ingest;
pub mod kb;
pub mod limits;
pub mod query;
pub mod serve;
pub mod stories;
