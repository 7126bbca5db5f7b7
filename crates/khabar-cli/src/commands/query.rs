//! Query subcommands over the store: placeholders until the store lands.

macro_rules! placeholder {
    ($($args:ident => $f:ident),*) => {
        $(
            #[derive(clap::Args)]
            pub struct $args {
                #[arg(long, default_value = "khabar.db")]
                pub db: String,
            }
            pub fn $f(_a: $args) -> anyhow::Result<u8> {
                anyhow::bail!(concat!(stringify!($f), " is not implemented yet"))
            }
        )*
    };
}

placeholder!(SearchArgs => search, EventsArgs => events, EntityArgs => entity, EntitiesArgs => entities,
    GraphArgs => graph, ExportArgs => export, StatsArgs => stats);
