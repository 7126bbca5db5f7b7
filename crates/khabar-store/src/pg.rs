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

/// Column arrays for `INSERT ... SELECT * FROM UNNEST($1::text[], ...)`: one statement and one
/// round trip per table and batch, whatever the number of rows, every value a parameter.
mod batch {
    use super::PgConn;
    use crate::error::Result;
    use crate::types::WriteStats;
    use crate::write::{Batch, DocRows};
    use postgres::types::ToSql;
    use std::collections::HashSet;

    type Params<'p> = Vec<&'p (dyn ToSql + Sync)>;

    fn int(n: usize) -> i64 {
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    impl PgConn {
        /// Write a batch in one transaction (multi-row inserts; see the module doc).
        pub(crate) fn write_batch(&mut self, b: &Batch) -> Result<WriteStats> {
            let rows: Vec<DocRows> = b
                .docs
                .iter()
                .map(|d| DocRows::new(d))
                .collect::<Result<_>>()?;
            self.client.batch_execute("BEGIN")?;
            let r = self.write_rows(b, &rows).and_then(|s| {
                self.client.batch_execute("COMMIT")?;
                Ok(s)
            });
            if r.is_err() {
                if let Err(e) = self.client.batch_execute("ROLLBACK") {
                    tracing::debug!(error = %e, "rollback failed");
                }
            }
            r
        }

        fn run(&mut self, sql: &str, params: &Params) -> Result<u64> {
            let st = self.statement(sql)?;
            Ok(self.client.execute(&st, params)?)
        }

        fn write_rows(&mut self, b: &Batch, rows: &[DocRows]) -> Result<WriteStats> {
            let mut stats = WriteStats {
                duplicates: b.repeats,
                ..WriteStats::default()
            };
            if !b.entities.is_empty() {
                let ids: Vec<&str> = b.entities.keys().copied().collect();
                let names: Vec<&str> = b.entities.values().map(|e| e.name).collect();
                let norms: Vec<&str> = b.entities.values().map(|e| e.name_norm.as_str()).collect();
                let kinds: Vec<Option<&str>> = b.entities.values().map(|e| e.kind).collect();
                let countries: Vec<Option<&str>> = b.entities.values().map(|e| e.country).collect();
                let cameos: Vec<Option<&str>> = b.entities.values().map(|e| e.cameo).collect();
                let known: Vec<i64> = b.entities.values().map(|e| i64::from(e.known)).collect();
                self.run(
                    "INSERT INTO entities (id, name, name_norm, kind, country, cameo, known)
                     SELECT * FROM UNNEST(?1::text[], ?2::text[], ?3::text[], ?4::text[],
                                          ?5::text[], ?6::text[], ?7::bigint[])
                     ON CONFLICT (id) DO NOTHING",
                    &vec![&ids, &names, &norms, &kinds, &countries, &cameos, &known],
                )?;
            }
            if !b.names.is_empty() {
                let surfaces: Vec<&str> = b.names.iter().map(|n| n.0).collect();
                let ids: Vec<&str> = b.names.iter().map(|n| n.1).collect();
                let norms: Vec<&str> = b.names.iter().map(|n| n.2.as_str()).collect();
                self.run(
                    "INSERT INTO names (surface, entity_id, surface_norm)
                     SELECT * FROM UNNEST(?1::text[], ?2::text[], ?3::text[])
                     ON CONFLICT (surface, entity_id) DO NOTHING",
                    &vec![&surfaces, &ids, &norms],
                )?;
            }
            if rows.is_empty() {
                return Ok(stats);
            }
            let docs = || rows.iter().map(|r| r.doc);
            let ids: Vec<&str> = docs().map(|d| d.id.as_str()).collect();
            let sources: Vec<&str> = docs().map(|d| d.source.as_str()).collect();
            let urls: Vec<Option<&str>> = docs().map(|d| d.url.as_deref()).collect();
            let langs: Vec<Option<&str>> = docs().map(|d| d.lang.as_deref()).collect();
            let titles: Vec<Option<&str>> = docs().map(|d| d.title.as_deref()).collect();
            let published: Vec<Option<&str>> =
                rows.iter().map(|r| r.published.as_deref()).collect();
            let texts: Vec<&str> = docs().map(|d| d.text.as_str()).collect();
            let dups: Vec<Option<&str>> = docs().map(|d| d.duplicate_of.as_deref()).collect();
            let stories: Vec<Option<&str>> = docs().map(|d| d.story.as_deref()).collect();
            let now: Vec<&str> = vec![b.now.as_str(); rows.len()];
            let records: Vec<&str> = rows.iter().map(|r| r.record.as_str()).collect();
            let st = self.statement(
                "INSERT INTO documents (id, source, url, lang, title, published, text,
                                        duplicate_of, story, ingested_at, record)
                 SELECT * FROM UNNEST(?1::text[], ?2::text[], ?3::text[], ?4::text[], ?5::text[],
                                      ?6::text[], ?7::text[], ?8::text[], ?9::text[], ?10::text[],
                                      ?11::text[])
                 ON CONFLICT (id) DO NOTHING RETURNING id",
            )?;
            let params: Params = vec![
                &ids, &sources, &urls, &langs, &titles, &published, &texts, &dups, &stories, &now,
                &records,
            ];
            let inserted: HashSet<String> = self
                .client
                .query(&st, &params)?
                .iter()
                .map(|r| r.try_get::<_, String>(0))
                .collect::<std::result::Result<_, _>>()?;
            stats.inserted = inserted.len();
            stats.duplicates += rows.len() - inserted.len();
            let new: Vec<&DocRows> = rows
                .iter()
                .filter(|r| inserted.contains(&r.doc.id))
                .collect();
            if new.is_empty() {
                return Ok(stats);
            }

            let with_sentences: Vec<&&DocRows> =
                new.iter().filter(|r| !r.doc.sentences.is_empty()).collect();
            if !with_sentences.is_empty() {
                let s_doc: Vec<&str> = with_sentences.iter().map(|r| r.doc.id.as_str()).collect();
                let s_n: Vec<i64> = with_sentences
                    .iter()
                    .map(|r| int(r.doc.sentences.len()))
                    .collect();
                let s_spans: Vec<String> = with_sentences
                    .iter()
                    .map(|r| crate::write::spans_json(&r.doc.sentences))
                    .collect();
                self.run(
                    "INSERT INTO sentences (doc_id, n, spans)
                     SELECT * FROM UNNEST(?1::text[], ?2::bigint[], ?3::text[])",
                    &vec![&s_doc, &s_n, &s_spans],
                )?;
            }

            let months: Vec<Option<String>> = new.iter().map(|r| r.month()).collect();
            let mut m_entity = vec![];
            let mut m_doc = vec![];
            let mut m_surface = vec![];
            let mut m_lang = vec![];
            let mut m_month = vec![];
            let mut m_n = vec![];
            let mut m_spans = vec![];
            for (r, month) in new.iter().zip(&months) {
                for m in &r.mentions {
                    m_entity.push(m.entity_id);
                    m_doc.push(r.doc.id.as_str());
                    m_surface.push(m.surface);
                    m_lang.push(m.lang);
                    m_month.push(month.as_deref());
                    m_n.push(m.n);
                    m_spans.push(m.spans.as_str());
                }
            }
            if !m_doc.is_empty() {
                self.run(
                    "INSERT INTO mentions (entity_id, doc_id, surface, lang, month, n, spans)
                     SELECT * FROM UNNEST(?1::text[], ?2::text[], ?3::text[], ?4::text[],
                                          ?5::text[], ?6::bigint[], ?7::text[])",
                    &vec![
                        &m_entity, &m_doc, &m_surface, &m_lang, &m_month, &m_n, &m_spans,
                    ],
                )?;
            }

            let evs: Vec<(&DocRows, &crate::write::EventIns)> = new
                .iter()
                .flat_map(|r| r.events.iter().map(move |e| (*r, e)))
                .collect();
            if !evs.is_empty() {
                macro_rules! col {
                    ($e:ident => $x:expr) => {
                        evs.iter().map(|(_, $e)| $x).collect::<Vec<_>>()
                    };
                }
                let e_id = col!(e => e.id.as_str());
                let e_doc: Vec<&str> = evs.iter().map(|(r, _)| r.doc.id.as_str()).collect();
                let e_code = col!(e => e.code);
                let e_label = col!(e => e.label);
                let e_quad = col!(e => e.quad_class);
                let e_gold = col!(e => e.goldstein);
                let e_sid = col!(e => e.source.0);
                let e_sname = col!(e => e.source.1);
                let e_scode = col!(e => e.source.2);
                let e_tid = col!(e => e.target.0);
                let e_tname = col!(e => e.target.1);
                let e_tcode = col!(e => e.target.2);
                let e_pid = col!(e => e.place.0);
                let e_pname = col!(e => e.place.1);
                let e_pcode = col!(e => e.place.2);
                let e_date = col!(e => e.date.as_deref());
                let e_day = col!(e => e.day.as_deref());
                let e_sentence = col!(e => e.sentence);
                let e_sstart = col!(e => e.sentence_start);
                let e_send = col!(e => e.sentence_end);
                let e_modality = col!(e => e.modality);
                let e_conf = col!(e => e.confidence);
                let e_lang: Vec<Option<&str>> =
                    evs.iter().map(|(r, _)| r.doc.lang.as_deref()).collect();
                self.run(
                    "INSERT INTO events (id, doc_id, code, label, quad_class, goldstein, source_id,
                        source_name, source_code, target_id, target_name, target_code, place_id,
                        place_name, place_code, date, day, sentence, sentence_start, sentence_end,
                        modality, confidence, lang)
                     SELECT * FROM UNNEST(?1::text[], ?2::text[], ?3::text[], ?4::text[],
                        ?5::bigint[], ?6::float8[], ?7::text[], ?8::text[], ?9::text[],
                        ?10::text[], ?11::text[], ?12::text[], ?13::text[], ?14::text[],
                        ?15::text[], ?16::text[], ?17::text[], ?18::text[], ?19::bigint[],
                        ?20::bigint[], ?21::text[], ?22::float8[], ?23::text[])
                     ON CONFLICT (id) DO NOTHING",
                    &vec![
                        &e_id,
                        &e_doc,
                        &e_code,
                        &e_label,
                        &e_quad,
                        &e_gold,
                        &e_sid,
                        &e_sname,
                        &e_scode,
                        &e_tid,
                        &e_tname,
                        &e_tcode,
                        &e_pid,
                        &e_pname,
                        &e_pcode,
                        &e_date,
                        &e_day,
                        &e_sentence,
                        &e_sstart,
                        &e_send,
                        &e_modality,
                        &e_conf,
                        &e_lang,
                    ],
                )?;
            }
            Ok(stats)
        }
    }
}
