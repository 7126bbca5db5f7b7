//! The store: documents, sentences, entities, mentions and events in SQLite (embedded, the
//! default) or PostgreSQL (`postgres://` URL, cargo feature `postgres`), with the queries the
//! CLI and the server ask. Only this crate knows SQL.
//!
//! Invariants: a document is written with all its rows in one transaction, or not at all;
//! writes are idempotent by content id (`ON CONFLICT DO NOTHING`); every value reaches SQL as
//! a bound parameter. The store does not run the pipeline and does not escape text for display
//! (it returns plain text; escaping is the renderer's job).

mod db;
mod error;
mod export;
mod grams;
#[cfg(feature = "postgres")]
mod pg;
mod query;
mod schema;
mod stored;
#[cfg(feature = "parquet")]
mod to_parquet;
mod types;
mod write;

pub use error::{Result, StoreError};
pub use export::{gdelt_row, GDELT_COLUMNS};
pub use types::*;

use db::Conn;
use khabar_core::Document;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another process's write lock before [`StoreError::Locked`].
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open store. `Send + Sync`: share it behind an `Arc`; calls are serialized inside.
pub struct Store {
    conn: Mutex<Conn>,
    target: String,
}

fn is_postgres(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

impl Store {
    /// Open (creating and migrating on first use) a SQLite file, or a `postgres://` URL.
    pub fn open(target: &str) -> Result<Store> {
        Self::open_with(target, false)
    }

    /// Open an existing store for queries only; [`StoreError::NotFound`] when there is none.
    pub fn open_read_only(target: &str) -> Result<Store> {
        Self::open_with(target, true)
    }

    fn open_with(target: &str, read_only: bool) -> Result<Store> {
        let mut conn = if is_postgres(target) {
            open_postgres(target)?
        } else {
            open_sqlite(target, read_only)?
        };
        if read_only {
            let v = schema::current(&mut conn)?;
            if v == 0 {
                return Err(StoreError::NotFound(target.to_string()));
            }
            if v > schema::latest() {
                return Err(StoreError::NewerSchema {
                    found: v,
                    known: schema::latest(),
                });
            }
            if v < schema::latest() {
                // An older store: migrate it (needs write access).
                drop(conn);
                return Self::open_with(target, false);
            }
        } else {
            schema::migrate(&mut conn).map_err(|e| db::map_busy(e, target))?;
        }
        Ok(Store {
            conn: Mutex::new(conn),
            target: target.to_string(),
        })
    }

    /// Where this store lives (file path or URL as given).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Change how long a SQLite writer waits for the lock (PostgreSQL: no effect).
    pub fn set_busy_timeout(&self, t: Duration) -> Result<()> {
        #[allow(irrefutable_let_patterns)]
        if let Conn::Sqlite(c) = &*self.conn() {
            c.busy_timeout(t)?;
        }
        Ok(())
    }

    fn conn(&self) -> MutexGuard<'_, Conn> {
        // A panic while holding the lock leaves no half-written state behind (transactions
        // roll back), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn has_document(&self, id: &str) -> Result<bool> {
        Ok(self.conn().scalar(
            "SELECT COUNT(*) FROM documents WHERE id = ?1",
            &[db::Val::from(id)],
        )? > 0)
    }

    /// Write documents in one transaction; documents already stored are left as they were.
    /// On PostgreSQL a transaction that lost a deadlock or serialization race is retried.
    pub fn write_batch(&self, docs: &[Document]) -> Result<WriteStats> {
        let mut conn = self.conn();
        let mut attempt = 0;
        loop {
            match write::write_batch(&mut conn, docs) {
                Ok(s) => return Ok(s),
                Err(e) if attempt < 5 && is_retryable(&e) => {
                    attempt += 1;
                    tracing::warn!(error = %e, attempt, "write batch retried");
                    std::thread::sleep(Duration::from_millis(50 * attempt));
                }
                Err(e) => return Err(db::map_busy(e, &self.target)),
            }
        }
    }

    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        query::search(&mut self.conn(), q)
    }

    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>> {
        query::events(&mut self.conn(), f)
    }

    /// The entity ids a name may mean, in any script or spelling that occurs in the store:
    /// exact surface or name, then normalized, then normalized prefix, then a word of a name.
    pub fn resolve(&self, name: &str) -> Result<Vec<String>> {
        query::resolve(&mut self.conn(), name)
    }

    pub fn entity_profile(&self, name: &str) -> Result<Option<EntityProfile>> {
        query::entity_profile(&mut self.conn(), name)
    }

    pub fn entities(&self, f: &EntityFilter) -> Result<Vec<EntityRow>> {
        query::entities(&mut self.conn(), f)
    }

    /// Surface forms of an entity: (document language, surface, mentions), by language.
    pub fn entity_surfaces(&self, id: &str) -> Result<Vec<(String, String, u64)>> {
        query::surfaces(&mut self.conn(), id)
    }

    pub fn graph(&self, f: &EventFilter) -> Result<Graph> {
        query::graph(&mut self.conn(), f)
    }

    /// Events per day (`YYYY-MM-DD`), or per month (`YYYY-MM`) when they span > 400 days.
    pub fn timeline(&self, f: &EventFilter) -> Result<Vec<(String, u64)>> {
        query::timeline(&mut self.conn(), f)
    }

    pub fn stats(&self) -> Result<Stats> {
        query::stats(&mut self.conn())
    }

    pub fn documents(
        &self,
        lang: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocSummary>> {
        query::documents(&mut self.conn(), lang, limit, offset)
    }

    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        query::document(&mut self.conn(), id)
    }

    /// Check the store: database integrity, the full-text index, and that every document has
    /// all its rows and no rows exist without their document. Returns the problems found.
    pub fn verify(&self) -> Result<Vec<String>> {
        query::verify(&mut self.conn())
    }

    /// Every document record as JSON Lines, by id; the number written.
    pub fn export_jsonl(&self, w: &mut dyn Write) -> Result<u64> {
        export::jsonl(&mut self.conn(), w)
    }

    /// Every event as one Parquet file (feature `parquet`); the number written.
    #[cfg(feature = "parquet")]
    pub fn export_parquet<W: Write + Send>(&self, w: W) -> Result<u64> {
        to_parquet::events(&mut self.conn(), w)
    }

    /// Every event as a GDELT 2.0 event row (header line first); the number written.
    pub fn export_gdelt(&self, w: &mut dyn Write) -> Result<u64> {
        export::gdelt(&mut self.conn(), w)
    }
}

fn is_retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Postgres(m) => m.contains("deadlock") || m.contains("could not serialize"),
        _ => false,
    }
}

fn open_sqlite(path: &str, read_only: bool) -> Result<Conn> {
    use rusqlite::OpenFlags;
    let p = Path::new(path);
    let exists = p.exists();
    if read_only && !exists {
        return Err(StoreError::NotFound(path.to_string()));
    }
    if !read_only && exists {
        let meta = std::fs::metadata(p)?;
        if meta.permissions().readonly() {
            return Err(StoreError::ReadOnly {
                path: path.to_string(),
                reason: "the file is not writable (permissions)".into(),
            });
        }
    }
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let c = rusqlite::Connection::open_with_flags(p, flags).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => {
            StoreError::ReadOnly {
                path: path.to_string(),
                reason: "cannot create or open the file (does its directory exist?)".into(),
            }
        }
        e => StoreError::Sqlite(e),
    })?;
    c.busy_timeout(DEFAULT_BUSY_TIMEOUT)?;
    if !read_only {
        if c.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnly {
                path: path.to_string(),
                reason: "the database opened read-only".into(),
            });
        }
        if !exists {
            // A new store: 16 KiB pages (set before the first table; an existing store keeps
            // its own). A quarter of the page writes and WAL frames of 4 KiB pages for the
            // same rows: ingest is about a fifth faster, the file about a tenth larger.
            c.execute_batch("PRAGMA page_size = 16384")?;
        }
        let mode: String = c
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| db::map_busy(StoreError::Sqlite(e), path))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "store is not in WAL mode");
        }
    }
    // WAL with synchronous = NORMAL: a committed transaction survives the process being
    // killed (it is in the WAL); checkpoints (copying the WAL into the file, with fsync) come
    // every 4,000 pages (64 MiB at 16 KiB pages) rather than SQLite's 1,000, so that bulk
    // ingest syncs and copies less often. Closing the store checkpoints the rest.
    c.execute_batch(
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 4000;",
    )?;
    c.set_prepared_statement_cache_capacity(64);

    Ok(Conn::Sqlite(c))
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<Conn> {
    Ok(Conn::Pg(Box::new(pg::PgConn::connect(url)?)))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str) -> Result<Conn> {
    Err(StoreError::NoPostgres)
}
