//! One connection, either backend: SQL goes in with `?N` placeholders and [`Val`] parameters,
//! rows come out as `Vec<Val>`. This is the only place that knows the drivers; the queries
//! above it are written once for both SQLite and PostgreSQL.
//!
//! It deliberately does no pooling and no statement building beyond placeholder translation.

use crate::error::{Result, StoreError};
use rusqlite::types::{ToSqlOutput, ValueRef};

/// A value bound to or read from SQL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Val {
    pub(crate) fn str(&self) -> Option<String> {
        match self {
            Val::Text(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Real(r) => Some(r.to_string()),
            Val::Null => None,
        }
    }
    pub(crate) fn string(&self) -> String {
        self.str().unwrap_or_default()
    }
    pub(crate) fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            Val::Real(r) => *r as i64,
            Val::Text(s) => s.parse().unwrap_or(0),
            Val::Null => 0,
        }
    }
    pub(crate) fn real(&self) -> f64 {
        match self {
            Val::Int(i) => *i as f64,
            Val::Real(r) => *r,
            Val::Text(s) => s.parse().unwrap_or(0.0),
            Val::Null => 0.0,
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Text(s.to_string())
    }
}
impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Text(s)
    }
}
impl From<&String> for Val {
    fn from(s: &String) -> Self {
        Val::Text(s.clone())
    }
}
impl From<Option<String>> for Val {
    fn from(s: Option<String>) -> Self {
        s.map_or(Val::Null, Val::Text)
    }
}
impl From<Option<&str>> for Val {
    fn from(s: Option<&str>) -> Self {
        s.map_or(Val::Null, |s| Val::Text(s.to_string()))
    }
}
impl From<i64> for Val {
    fn from(i: i64) -> Self {
        Val::Int(i)
    }
}
impl From<usize> for Val {
    fn from(i: usize) -> Self {
        Val::Int(i64::try_from(i).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Val {
    fn from(r: f64) -> Self {
        Val::Real(r)
    }
}
impl From<bool> for Val {
    fn from(b: bool) -> Self {
        Val::Int(i64::from(b))
    }
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Val::Real(r) => ToSqlOutput::Borrowed(ValueRef::Real(*r)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

pub(crate) type Row = Vec<Val>;

/// Which SQL dialect a connection speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres,
}

pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Pg(Box<crate::pg::PgConn>),
}

impl Conn {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            #[cfg(feature = "postgres")]
            Conn::Pg(_) => Dialect::Postgres,
        }
    }

    /// Run a query and collect its rows.
    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut row = Vec::with_capacity(n);
                    for i in 0..n {
                        row.push(match r.get_ref(i)? {
                            ValueRef::Null => Val::Null,
                            ValueRef::Integer(v) => Val::Int(v),
                            ValueRef::Real(v) => Val::Real(v),
                            ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                            ValueRef::Blob(b) => Val::Text(String::from_utf8_lossy(b).into_owned()),
                        });
                    }
                    out.push(row);
                }
                Ok(out)
            }
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => c.query(sql, params),
        }
    }

    /// Run a statement; the number of rows it changed.
    pub(crate) fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                Ok(st.execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => c.execute(sql, params),
        }
    }

    /// Run several statements without parameters.
    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => c.batch(sql),
        }
    }

    /// Start a write transaction (SQLite takes the write lock now, so waiting happens here).
    pub(crate) fn begin(&mut self) -> Result<()> {
        match self.dialect() {
            Dialect::Sqlite => self.batch("BEGIN IMMEDIATE"),
            Dialect::Postgres => self.batch("BEGIN"),
        }
    }

    pub(crate) fn commit(&mut self) -> Result<()> {
        self.batch("COMMIT")
    }

    pub(crate) fn rollback(&mut self) {
        if let Err(e) = self.batch("ROLLBACK") {
            tracing::debug!(error = %e, "rollback failed");
        }
    }

    /// The first column of the first row as an integer (0 when there is none).
    pub(crate) fn scalar(&mut self, sql: &str, params: &[Val]) -> Result<i64> {
        Ok(self
            .query(sql, params)?
            .first()
            .and_then(|r| r.first())
            .map_or(0, Val::int))
    }
}

/// Turn a busy/locked SQLite error into [`StoreError::Locked`].
pub(crate) fn map_busy(e: StoreError, target: &str) -> StoreError {
    if let StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) = &e {
        match f.code {
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                return StoreError::Locked(target.to_string())
            }
            rusqlite::ErrorCode::ReadOnly => {
                return StoreError::ReadOnly {
                    path: target.to_string(),
                    reason: "the database cannot be written".into(),
                }
            }
            _ => {}
        }
    }
    e
}

/// `?N` placeholders to PostgreSQL's `$N` (outside string literals).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
pub(crate) fn to_pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut in_str = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                in_str = !in_str;
                out.push(c);
            }
            '?' if !in_str => out.push('$'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_translate_outside_literals() {
        assert_eq!(
            to_pg_placeholders("SELECT '?' , x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?' , x FROM t WHERE a = $1 AND b = $12"
        );
    }
}
