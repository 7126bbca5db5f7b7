//! The PostgreSQL connection behind [`crate::db::Conn`]: the synchronous `postgres` client,
//! statements prepared once per connection, [`Val`] bound to whatever type the server infers
//! for each placeholder, and rows read back by column type. No TLS: for a team server on a
//! trusted network or a local socket; put a TLS proxy in front otherwise.

use crate::db::{to_pg_placeholders, Row, Val};
use crate::error::{Result, StoreError};
use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;
use std::error::Error;

type BoxError = Box<dyn Error + Sync + Send>;

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        let msg = match e.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => e.to_string(),
        };
        let msg = if e.code() == Some(&postgres::error::SqlState::T_R_DEADLOCK_DETECTED) {
            format!("deadlock: {msg}")
        } else if e.code() == Some(&postgres::error::SqlState::T_R_SERIALIZATION_FAILURE) {
            format!("could not serialize: {msg}")
        } else {
            msg
        };
        StoreError::Postgres(msg)
    }
}

impl ToSql for Val {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT8 => i.to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_string().as_str().to_sql(ty, out),
            },
            Val::Real(r) => match *ty {
                Type::FLOAT4 => (*r as f32).to_sql(ty, out),
                Type::FLOAT8 => r.to_sql(ty, out),
                _ => r.to_string().as_str().to_sql(ty, out),
            },
            Val::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

pub(crate) struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl PgConn {
    pub(crate) fn connect(url: &str) -> Result<Self> {
        let client = Client::connect(url, NoTls)?;
        Ok(Self {
            client,
            statements: HashMap::new(),
        })
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let st = self.client.prepare(&to_pg_placeholders(sql))?;
        if self.statements.len() > 256 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let st = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.client.query(&st, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, col) in r.columns().iter().enumerate() {
                let v = match *col.type_() {
                    Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map_or(Val::Null, Val::Int),
                    Type::INT4 => r
                        .try_get::<_, Option<i32>>(i)?
                        .map_or(Val::Null, |v| Val::Int(i64::from(v))),
                    Type::INT2 => r
                        .try_get::<_, Option<i16>>(i)?
                        .map_or(Val::Null, |v| Val::Int(i64::from(v))),
                    Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.map_or(Val::Null, Val::Real),
                    Type::FLOAT4 => r
                        .try_get::<_, Option<f32>>(i)?
                        .map_or(Val::Null, |v| Val::Real(f64::from(v))),
                    Type::BOOL => r
                        .try_get::<_, Option<bool>>(i)?
                        .map_or(Val::Null, |v| Val::Int(i64::from(v))),
                    Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => r
                        .try_get::<_, Option<String>>(i)?
                        .map_or(Val::Null, Val::Text),
                    _ => Val::Null,
                };
                row.push(v);
            }
            out.push(row);
        }
        Ok(out)
    }

    pub(crate) fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let st = self.statement(sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&st, &refs)?)
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }
}
