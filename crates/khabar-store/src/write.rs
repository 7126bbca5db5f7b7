//! Writing documents: one transaction per batch, each document with all its rows (sentences,
//! entities, mentions, events, full-text entry) or, when its content id is already stored,
//! none of them. Rows are written in a fixed order (entities, then documents, each sorted by
//! id) so that concurrent PostgreSQL writers never wait on each other in a cycle.

use crate::db::{Conn, Dialect, Val};
use crate::error::Result;
use crate::types::WriteStats;
use khabar_core::{Document, PartialDate, Record};
use khabar_text::normalize::normalize_str;
use std::collections::BTreeMap;

/// The day an event is filed under: its own date completed from the publication date, or the
/// publication date. Missing month or day count as the first.
pub(crate) fn event_day(
    date: Option<PartialDate>,
    published: Option<PartialDate>,
) -> Option<String> {
    let pick = match date {
        Some(d) if d.year.is_some() => Some(d),
        Some(d) if d.month.is_some() => published
            .and_then(|p| p.year)
            .map(|y| PartialDate { year: Some(y), ..d }),
        _ => None,
    }
    .or(published.filter(|p| p.year.is_some()))?;
    let y = pick.year?;
    Some(format!(
        "{y:04}-{:02}-{:02}",
        pick.month.unwrap_or(1),
        pick.day.unwrap_or(1)
    ))
}

fn modality_str(m: khabar_core::Modality) -> &'static str {
    match m {
        khabar_core::Modality::Asserted => "asserted",
        khabar_core::Modality::Negated => "negated",
        khabar_core::Modality::Future => "future",
        khabar_core::Modality::Hypothetical => "hypothetical",
    }
}

/// An entity row to upsert.
struct EntityIns {
    name: String,
    kind: Option<&'static str>,
    country: Option<String>,
    cameo: Option<String>,
    known: bool,
}

pub(crate) fn write_batch(conn: &mut Conn, docs: &[Document]) -> Result<WriteStats> {
    // Entities of the whole batch, by id (first description wins; KB ones over actor stubs).
    let mut entities: BTreeMap<&str, EntityIns> = BTreeMap::new();
    for d in docs {
        for e in &d.entities {
            let ins = EntityIns {
                name: e.name.clone(),
                kind: Some(e.kind.as_str()),
                country: e.country.clone(),
                cameo: e.cameo.clone(),
                known: e.known,
            };
            entities.entry(e.id.as_str()).or_insert(ins);
        }
    }
    for d in docs {
        for ev in &d.events {
            for a in std::iter::once(&ev.source)
                .chain(&ev.target)
                .chain(&ev.place)
            {
                entities.entry(a.id.as_str()).or_insert_with(|| EntityIns {
                    name: a.name.clone(),
                    kind: None,
                    country: None,
                    cameo: a.code.clone(),
                    known: !a.id.starts_with("new:"),
                });
            }
        }
    }
    let mut order: Vec<&Document> = docs.iter().collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));

    let now = now_utc();
    let mut stats = WriteStats::default();
    conn.begin()?;
    let r = (|| -> Result<()> {
        for (id, e) in &entities {
            conn.execute(
                "INSERT INTO entities (id, name, name_norm, kind, country, cameo, known)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
                &[
                    Val::from(*id),
                    Val::from(&e.name),
                    Val::from(normalize_str(&e.name)),
                    Val::from(e.kind),
                    Val::from(e.country.clone()),
                    Val::from(e.cameo.clone()),
                    Val::from(e.known),
                ],
            )?;
        }
        // SQLite: the full-text rows of the batch are added in one statement at the end
        // (FTS5 flushes its buffer at every statement, so one per document is slow). We hold
        // the write lock, and rowids grow, so the new documents are those above this mark.
        let mark = if conn.dialect() == Dialect::Sqlite {
            conn.scalar("SELECT COALESCE(MAX(rowid), 0) FROM documents", &[])?
        } else {
            0
        };
        let mut seen = std::collections::HashSet::new();
        for d in order {
            if !seen.insert(d.id.as_str()) {
                stats.duplicates += 1;
                continue;
            }
            if insert_document(conn, d, &now)? {
                stats.inserted += 1;
            } else {
                stats.duplicates += 1;
            }
        }
        if conn.dialect() == Dialect::Sqlite && stats.inserted > 0 {
            conn.execute(
                "INSERT INTO documents_fts (rowid, title, text)
                 SELECT rowid, title, text FROM documents WHERE rowid > ?1",
                &[Val::Int(mark)],
            )?;
        }
        Ok(())
    })();
    match r {
        Ok(()) => {
            conn.commit()?;
            Ok(stats)
        }
        Err(e) => {
            conn.rollback();
            Err(e)
        }
    }
}

/// Insert one document and its rows; false when its id is already stored.
fn insert_document(conn: &mut Conn, d: &Document, now: &str) -> Result<bool> {
    let mut record = Record::from_document(d, true);
    record.text = String::new();
    let record_json = serde_json::to_string(&record)?;
    let published = d.published.map(|p| p.to_string());
    let changed = conn.execute(
        "INSERT INTO documents (id, source, url, lang, title, published, text, duplicate_of,
                                story, ingested_at, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING",
        &[
            Val::from(&d.id),
            Val::from(&d.source),
            Val::from(d.url.clone()),
            Val::from(d.lang.clone()),
            Val::from(d.title.clone()),
            Val::from(published.clone()),
            Val::from(&d.text),
            Val::from(d.duplicate_of.clone()),
            Val::from(d.story.clone()),
            Val::from(now),
            Val::from(record_json),
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    for (i, s) in d.sentences.iter().enumerate() {
        conn.execute(
            "INSERT INTO sentences (doc_id, idx, start_at, end_at) VALUES (?1, ?2, ?3, ?4)",
            &[
                Val::from(&d.id),
                Val::from(i),
                Val::from(s.start),
                Val::from(s.end),
            ],
        )?;
    }
    let month = d
        .published
        .and_then(|p| Some(format!("{:04}-{:02}", p.year?, p.month?)));
    for e in &d.entities {
        for m in &e.mentions {
            let surface = d.slice(*m);
            // The language of the paragraph holding the mention, else the document's.
            let lang = d
                .paragraphs
                .iter()
                .find(|p| p.span.contains(*m))
                .and_then(|p| p.lang.clone())
                .or_else(|| d.lang.clone());
            conn.execute(
                "INSERT INTO mentions (doc_id, entity_id, start_at, end_at, surface, surface_norm,
                                       lang, month)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                &[
                    Val::from(&d.id),
                    Val::from(&e.id),
                    Val::from(m.start),
                    Val::from(m.end),
                    Val::from(surface),
                    Val::from(normalize_str(surface)),
                    Val::from(lang),
                    Val::from(month.clone()),
                ],
            )?;
        }
    }
    for (i, ev) in d.events.iter().enumerate() {
        let actor = |a: &Option<khabar_core::ActorRef>| {
            a.as_ref().map_or((Val::Null, Val::Null, Val::Null), |a| {
                (
                    Val::from(&a.id),
                    Val::from(&a.name),
                    Val::from(a.code.clone()),
                )
            })
        };
        let (tid, tname, tcode) = actor(&ev.target);
        let (pid, pname, pcode) = actor(&ev.place);
        conn.execute(
            "INSERT INTO events (id, doc_id, code, label, quad_class, goldstein, source_id,
                source_name, source_code, target_id, target_name, target_code, place_id,
                place_name, place_code, date, day, sentence, sentence_start, sentence_end,
                modality, confidence, lang)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23)
             ON CONFLICT (id) DO NOTHING",
            &[
                Val::from(format!("{}:{i}", d.id)),
                Val::from(&d.id),
                Val::from(&ev.code),
                Val::from(&ev.label),
                Val::Int(i64::from(ev.quad_class)),
                Val::Real(f64::from(ev.goldstein)),
                Val::from(&ev.source.id),
                Val::from(&ev.source.name),
                Val::from(ev.source.code.clone()),
                tid,
                tname,
                tcode,
                pid,
                pname,
                pcode,
                Val::from(ev.date.map(|x| x.to_string())),
                Val::from(event_day(ev.date, d.published)),
                Val::from(d.slice(ev.sentence)),
                Val::from(ev.sentence.start),
                Val::from(ev.sentence.end),
                Val::from(modality_str(ev.modality)),
                Val::Real(f64::from(ev.confidence)),
                Val::from(d.lang.clone()),
            ],
        )?;
    }
    Ok(true)
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ` (no clock crate needed).
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let day = PartialDate::from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_completes_from_publication() {
        let p = Some(PartialDate::ymd(2024, 5, 20));
        let md = PartialDate {
            year: None,
            month: Some(5),
            day: Some(9),
        };
        assert_eq!(event_day(Some(md), p).as_deref(), Some("2024-05-09"));
        assert_eq!(event_day(None, p).as_deref(), Some("2024-05-20"));
        assert_eq!(event_day(Some(md), None), None);
        let ym = PartialDate {
            year: Some(2023),
            month: Some(2),
            day: None,
        };
        assert_eq!(event_day(Some(ym), p).as_deref(), Some("2023-02-01"));
    }
}
