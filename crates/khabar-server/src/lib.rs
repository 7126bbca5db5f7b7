//! The HTTP side of Khabar: a JSON API under `/api/` and a web page (static HTML, CSS and
//! JavaScript embedded in the binary) over a store, in one axum server.
//!
//! Only this crate has wire types: store rows are mapped to response structs in [`api`].
//! Store calls are blocking and run on tokio's blocking pool, spread over a few read-only
//! connections. The server is read-only unless a token is configured; then the admin routes
//! exist and require `Authorization: Bearer <token>`. Security headers, a per-IP rate limit,
//! a body size limit and a Host check (loopback binds) are in [`security`].
//!
//! It deliberately does not do TLS, sessions, or server-side HTML rendering of data: the page
//! fetches JSON and renders it as text.

pub mod api;
pub mod cache;
pub mod error;
pub mod security;
mod web;

pub use error::{ApiError, ServerError};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use khabar_store::Store;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store: a SQLite file or a `postgres://` URL.
    pub db: String,
    pub bind: SocketAddr,
    /// Enables the admin routes, which then require this bearer token.
    pub token: Option<String>,
    /// Requests per second per client address; 0 disables the limit.
    pub rate_limit: f64,
    /// Requests a client may make at once after a quiet spell.
    pub burst: u32,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Read-only store connections.
    pub connections: usize,
    /// Longest a request may wait for and run its store query.
    pub timeout: Duration,
    /// How long answers of the aggregate routes (stats, timeline, graph, entity lists) are
    /// reused; zero disables the cache.
    pub cache_ttl: Duration,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            db: "khabar.db".into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            rate_limit: 50.0,
            burst: 100,
            body_limit: 1 << 20,
            connections: 4,
            timeout: Duration::from_secs(30),
            cache_ttl: Duration::from_secs(5),
        }
    }
}

/// What every handler shares: the read connections, the writer (admin only), limits.
pub struct AppState {
    readers: Vec<Arc<Store>>,
    next_reader: AtomicUsize,
    writer: Option<Arc<Store>>,
    permits: Semaphore,
    timeout: Duration,
    cache: cache::Cache,
}

impl AppState {
    /// A state over already opened stores: `readers` for queries (at least one), `writer`
    /// for the admin routes.
    pub fn new(readers: Vec<Store>, writer: Option<Store>, timeout: Duration) -> Self {
        let n = readers.len().max(1);
        Self {
            readers: readers.into_iter().map(Arc::new).collect(),
            next_reader: AtomicUsize::new(0),
            writer: writer.map(Arc::new),
            permits: Semaphore::new(n * 8),
            timeout,
            cache: cache::Cache::new(Duration::ZERO, 1),
        }
    }

    /// The same state answering aggregate routes from a cache of `ttl`.
    pub fn with_cache(mut self, ttl: Duration) -> Self {
        self.cache = cache::Cache::new(ttl, 256);
        self
    }

    /// Opens `config.connections` read-only connections, and a writer when a token is set.
    pub fn open(config: &ServeConfig) -> Result<Self, ServerError> {
        let store_err = |source| ServerError::Store {
            path: config.db.clone(),
            source,
        };
        let writer = match config.token {
            Some(_) => Some(Store::open(&config.db).map_err(store_err)?),
            None => None,
        };
        let mut readers = Vec::new();
        for _ in 0..config.connections.clamp(1, 64) {
            readers.push(Store::open_read_only(&config.db).map_err(store_err)?);
        }
        Ok(Self::new(readers, writer, config.timeout).with_cache(config.cache_ttl))
    }

    /// Runs `f` with a read connection on the blocking pool, bounded in count and time.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let i = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let Some(store) = self.readers.get(i % self.readers.len().max(1)).cloned() else {
            return Err(ApiError::Internal("no store connection".into()));
        };
        self.blocking(store, f).await
    }

    /// Runs `f` with the writer; `None` when the server is read-only.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let Some(store) = self.writer.clone() else {
            return Err(ApiError::Forbidden("the server is read-only".into()));
        };
        self.blocking(store, f).await
    }

    async fn blocking<T, F>(&self, store: Arc<Store>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let work = async {
            let _permit = self
                .permits
                .acquire()
                .await
                .map_err(|_| ApiError::Internal("closed".into()))?;
            tokio::task::spawn_blocking(move || f(&store))
                .await
                .map_err(|e| ApiError::Internal(format!("store task failed: {e}")))?
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(ApiError::Busy),
        }
    }
}

/// The whole application: API, admin routes (when a token is set), page, and the security
/// layers. `bind` decides the Host check.
pub fn router(state: Arc<AppState>, config: &ServeConfig) -> Router {
    let mut api = Router::new()
        .route("/api/documents", get(api::documents))
        .route("/api/documents/{id}", get(api::document))
        .route("/api/search", get(api::search))
        .route("/api/events", get(api::events))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{key}", get(api::entity))
        .route("/api/graph", get(api::graph))
        .route("/api/timeline", get(api::timeline))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(web::openapi));
    if let Some(token) = &config.token {
        let admin = Router::new()
            .route("/api/admin/documents", post(api::admin_write))
            .route("/api/admin/status", get(api::admin_status))
            .layer(axum::middleware::from_fn_with_state(
                Arc::new(token.clone()),
                security::require_token,
            ));
        api = api.merge(admin);
    }
    let limiter = Arc::new(security::RateLimiter::new(config.rate_limit, config.burst));
    let hosts = Arc::new(security::HostCheck::for_bind(config.bind));
    api.route("/", get(web::index))
        .route("/static/app.js", get(web::app_js))
        .route("/static/style.css", get(web::style_css))
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(axum::middleware::from_fn_with_state(
            limiter,
            security::rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            security::host_check,
        ))
        .layer(axum::middleware::from_fn(security::headers))
}

async fn not_found() -> axum::response::Response {
    error::status_error(StatusCode::NOT_FOUND, "no such route")
}

/// Opens the store, binds, calls `on_ready` with the bound address, and serves until Ctrl-C.
pub fn run(config: ServeConfig, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let state = Arc::new(AppState::open(&config)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| ServerError::Bind {
                bind: config.bind.to_string(),
                source,
            })?;
        let addr = listener.local_addr()?;
        let mut config = config;
        config.bind = addr;
        tracing::info!(%addr, read_only = config.token.is_none(), "serving");
        on_ready(addr);
        let app = router(state, &config);
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}
