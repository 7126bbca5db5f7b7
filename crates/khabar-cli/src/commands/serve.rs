//! `khabar serve`: the JSON API and the web page over a store, on loopback by default.
//! Read-only unless `--token` is given (then the admin routes exist and need the token).
//! The server itself lives in `khabar-server`; this module only maps flags to its config.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// The store to serve (SQLite file or postgres:// URL).
    #[arg(long, default_value = "khabar.db")]
    pub db: String,
    /// Address to listen on. Loopback by default; binding elsewhere exposes the server.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Enable the admin routes (POST /api/admin/documents, GET /api/admin/status), which then
    /// require `Authorization: Bearer TOKEN`. Also read from KHABAR_TOKEN.
    #[arg(long, env = "KHABAR_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Requests per second allowed per client address (token bucket); 0 disables the limit.
    #[arg(long, default_value_t = 50.0)]
    pub rate_limit: f64,
    /// Requests a client may send at once after a quiet spell.
    #[arg(long, default_value_t = 100)]
    pub burst: u32,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub body_limit: usize,
    /// Read-only store connections.
    #[arg(long, default_value_t = 4)]
    pub connections: usize,
    /// Seconds the answers of aggregate routes (stats, timeline, graph, entity lists) are
    /// reused; 0 disables the cache.
    #[arg(long, default_value_t = 5)]
    pub cache_ttl: u64,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    if let Some(t) = &a.token {
        if t.len() < 16 {
            anyhow::bail!("--token must be at least 16 characters");
        }
    }
    if !a.bind.ip().is_loopback() {
        tracing::warn!(bind = %a.bind, "listening beyond loopback: the API is reachable from the network");
    }
    let config = khabar_server::ServeConfig {
        db: a.db,
        bind: a.bind,
        token: a.token,
        rate_limit: a.rate_limit,
        burst: a.burst,
        body_limit: a.body_limit,
        connections: a.connections,
        timeout: Duration::from_secs(30),
        cache_ttl: Duration::from_secs(a.cache_ttl),
    };
    let read_only = config.token.is_none();
    khabar_server::run(config, |addr| {
        eprintln!(
            "khabar: serving http://{addr}/ ({}); Ctrl-C stops",
            if read_only {
                "read-only"
            } else {
                "admin routes enabled"
            }
        );
    })?;
    Ok(crate::EXIT_OK)
}
