//! The store's errors: the user's bad input (no store there, read-only file, bad date) kept
//! apart from database failures.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// Opening read-only (queries) where no store exists.
    #[error("no store at {0} — run `khabar ingest` first")]
    NotFound(String),
    /// The file or directory cannot be written.
    #[error("the store {path} is read-only: {reason}")]
    ReadOnly { path: String, reason: String },
    /// Another process holds the write lock longer than the busy timeout.
    #[error("the store {0} is locked by another process (busy); try again when it finishes")]
    Locked(String),
    /// A store written by a newer khabar.
    #[error("the store has schema version {found}, newer than this khabar understands ({known})")]
    NewerSchema { found: i64, known: i64 },
    /// A filter value that cannot be used (a malformed date, ...).
    #[error("invalid {what}: {value}")]
    InvalidInput { what: &'static str, value: String },
    /// A `postgres://` URL given to a build without the `postgres` feature.
    #[error("this khabar was built without PostgreSQL support (cargo feature `postgres`)")]
    NoPostgres,
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A PostgreSQL failure (message of the server or the connection).
    #[error("PostgreSQL error: {0}")]
    Postgres(String),
    /// Writing an export file failed (Parquet encoding).
    #[error("export failed: {0}")]
    Export(String),
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
