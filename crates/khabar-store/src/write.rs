//! Writing documents: one transaction per batch, each document with all its rows (sentence
//! spans, entities, mentions, events, full-text entry) or, when its content id is already
//! stored, none of them. Rows are written in a fixed order (entities, then documents, each sorted by
//! id) so that concurrent PostgreSQL writers never wait on each other in a cycle.
//!
//! The rows of a batch are derived once ([`Batch`], [`DocRows`]) and written by the backend's
//! own path: SQLite binds borrowed values to cached statements (no per-value copies) and adds
//! the full-text entries of the whole batch in one statement; PostgreSQL sends one
//! `INSERT ... SELECT FROM UNNEST(arrays)` per table and batch (see `pg.rs`). The stored record is compact: its text, mention texts and event
//! sentences are slices of the document text and are put back when read
//! ([`crate::query::parse_record`]).
//!
//! The full-text index (SQLite FTS5, `detail=none`, contentless) is fed each distinct folded
//! trigram of the title's and text's words once, as an ASCII token (see `grams.rs`); search
//! checks each candidate against the stored text. Mentions are written one row per entity,
//! surface and paragraph language of a document, keyed (SQLite) by entity and then the
//! document's rowid, so that they go at the end of the entity's rows rather than at a random
//! page of them (a batch dirties few pages however big the store); the distinct
//! (surface, entity) pairs once per batch into `names`. Nothing here deletes or updates stored
//! rows (so rowids only grow).

use crate::db::{Conn, Val};
use crate::error::Result;
use crate::grams::Grams;
use crate::types::WriteStats;
use khabar_core::{Document, PartialDate};
use khabar_text::normalize::normalize_str;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

pub(crate) fn modality_str(m: khabar_core::Modality) -> &'static str {
    match m {
        khabar_core::Modality::Asserted => "asserted",
        khabar_core::Modality::Negated => "negated",
        khabar_core::Modality::Future => "future",
        khabar_core::Modality::Hypothetical => "hypothetical",
    }
}

/// An entity row to upsert.
pub(crate) struct EntityIns<'a> {
    pub(crate) name: &'a str,
    pub(crate) name_norm: String,
    pub(crate) kind: Option<&'static str>,
    pub(crate) country: Option<&'a str>,
    pub(crate) cameo: Option<&'a str>,
    pub(crate) known: bool,
}

/// A batch ready to write: its entities by id and its distinct documents by id.
pub(crate) struct Batch<'a> {
    pub(crate) entities: BTreeMap<&'a str, EntityIns<'a>>,
    /// The distinct (surface, entity id, normalized surface) of the batch's mentions, sorted.
    pub(crate) names: Vec<(&'a str, &'a str, String)>,
    pub(crate) docs: Vec<&'a Document>,
    /// Documents given more than once in the batch (counted as duplicates).
    pub(crate) repeats: usize,
    pub(crate) now: String,
}

impl<'a> Batch<'a> {
    pub(crate) fn new(docs: &'a [Document]) -> Self {
        // Entities of the whole batch, by id (first description wins; KB ones over actor
        // stubs).
        let mut entities: BTreeMap<&str, EntityIns> = BTreeMap::new();
        for d in docs {
            for e in &d.entities {
                entities.entry(e.id.as_str()).or_insert_with(|| EntityIns {
                    name: &e.name,
                    name_norm: normalize_str(&e.name),
                    kind: Some(e.kind.as_str()),
                    country: e.country.as_deref(),
                    cameo: e.cameo.as_deref(),
                    known: e.known,
                });
            }
        }
        for d in docs {
            for ev in &d.events {
                for a in std::iter::once(&ev.source)
                    .chain(&ev.target)
                    .chain(&ev.place)
                {
                    entities.entry(a.id.as_str()).or_insert_with(|| EntityIns {
                        name: &a.name,
                        name_norm: normalize_str(&a.name),
                        kind: None,
                        country: None,
                        cameo: a.code.as_deref(),
                        known: !a.id.starts_with("new:"),
                    });
                }
            }
        }
        let mut pairs: BTreeSet<(&str, &str)> = BTreeSet::new();
        for d in docs {
            for e in &d.entities {
                for m in &e.mentions {
                    pairs.insert((d.slice(*m), e.id.as_str()));
                }
            }
        }
        let mut norms: HashMap<&str, String, Fnv> = HashMap::default();
        let names = pairs
            .into_iter()
            .map(|(surface, id)| {
                let norm = norms
                    .entry(surface)
                    .or_insert_with(|| normalize_str(surface))
                    .clone();
                (surface, id, norm)
            })
            .collect();
        let mut order: Vec<&Document> = docs.iter().collect();
        order.sort_by(|a, b| a.id.cmp(&b.id));
        let before = order.len();
        order.dedup_by(|a, b| a.id == b.id);
        Batch {
            entities,
            names,
            repeats: before - order.len(),
            docs: order,
            now: now_utc(),
        }
    }
}

/// The mentions of one entity in one document with one surface in one paragraph language:
/// one row.
pub(crate) struct MentionGroup<'a> {
    pub(crate) entity_id: &'a str,
    pub(crate) surface: &'a str,
    /// The language of the paragraphs holding them, else the document's; `""` when unknown.
    pub(crate) lang: &'a str,
    pub(crate) n: i64,
    /// Their spans as a JSON array of `[start, end]`, in text order.
    pub(crate) spans: String,
}

/// An event row of one document (the actor columns flattened).
pub(crate) struct EventIns<'a> {
    pub(crate) id: String,
    pub(crate) code: &'a str,
    pub(crate) label: &'a str,
    pub(crate) quad_class: i64,
    pub(crate) goldstein: f64,
    pub(crate) source: (&'a str, &'a str, Option<&'a str>),
    pub(crate) target: (Option<&'a str>, Option<&'a str>, Option<&'a str>),
    pub(crate) place: (Option<&'a str>, Option<&'a str>, Option<&'a str>),
    pub(crate) date: Option<String>,
    pub(crate) day: Option<String>,
    pub(crate) sentence: &'a str,
    pub(crate) sentence_start: i64,
    pub(crate) sentence_end: i64,
    pub(crate) modality: &'static str,
    pub(crate) confidence: f64,
}

/// The rows of one document, derived once for either backend.
pub(crate) struct DocRows<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) published: Option<String>,
    pub(crate) record: String,
    pub(crate) mentions: Vec<MentionGroup<'a>>,
    pub(crate) events: Vec<EventIns<'a>>,
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl<'a> DocRows<'a> {
    pub(crate) fn new(d: &'a Document) -> Result<Self> {
        let mut groups: BTreeMap<(&str, &str, &str), Vec<khabar_core::Span>> = BTreeMap::new();
        for e in &d.entities {
            for m in &e.mentions {
                // The language of the paragraph holding the mention, else the document's.
                let lang = d
                    .paragraphs
                    .iter()
                    .find(|p| p.span.contains(*m))
                    .and_then(|p| p.lang.as_deref())
                    .or(d.lang.as_deref())
                    .unwrap_or("");
                groups
                    .entry((e.id.as_str(), d.slice(*m), lang))
                    .or_default()
                    .push(*m);
            }
        }
        let mentions = groups
            .into_iter()
            .map(|((entity_id, surface, lang), mut spans)| {
                spans.sort_unstable_by_key(|s| (s.start, s.end));
                MentionGroup {
                    entity_id,
                    surface,
                    lang,
                    n: int(spans.len()),
                    spans: spans_json(&spans),
                }
            })
            .collect();
        let actor = |a: &'a Option<khabar_core::ActorRef>| {
            a.as_ref().map_or((None, None, None), |a| {
                (
                    Some(a.id.as_str()),
                    Some(a.name.as_str()),
                    a.code.as_deref(),
                )
            })
        };
        let events = d
            .events
            .iter()
            .enumerate()
            .map(|(i, ev)| EventIns {
                id: {
                    let mut id = String::with_capacity(d.id.len() + 4);
                    id.push_str(&d.id);
                    id.push(':');
                    push_num(&mut id, i);
                    id
                },
                code: &ev.code,
                label: &ev.label,
                quad_class: i64::from(ev.quad_class),
                goldstein: f64::from(ev.goldstein),
                source: (&ev.source.id, &ev.source.name, ev.source.code.as_deref()),
                target: actor(&ev.target),
                place: actor(&ev.place),
                date: ev.date.map(|x| x.to_string()),
                day: event_day(ev.date, d.published),
                sentence: d.slice(ev.sentence),
                sentence_start: int(ev.sentence.start),
                sentence_end: int(ev.sentence.end),
                modality: modality_str(ev.modality),
                confidence: f64::from(ev.confidence),
            })
            .collect();
        Ok(DocRows {
            doc: d,
            published: d.published.map(|p| p.to_string()),
            record: compact_record(d)?,
            mentions,
            events,
        })
    }

    /// The publication month (`YYYY-MM`) the mention rows are filed under.
    pub(crate) fn month(&self) -> Option<String> {
        self.doc
            .published
            .and_then(|p| Some(format!("{:04}-{:02}", p.year?, p.month?)))
    }
}

/// Sentence spans as stored: a JSON array of `[start, end]` byte offsets.
pub(crate) fn spans_json(spans: &[khabar_core::Span]) -> String {
    let mut out = String::with_capacity(spans.len() * 12 + 2);
    out.push('[');
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_num(&mut out, s.start);
        out.push(',');
        push_num(&mut out, s.end);
        out.push(']');
    }
    out.push(']');
    out
}

/// Append a number in decimal (what `write!` does, without the formatting machinery).
pub(crate) fn push_num(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    for d in decimal(n, &mut digits) {
        out.push(char::from(*d));
    }
}

/// The decimal digits of `n`, written at the end of `buf`.
pub(crate) fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(d) = buf.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    buf.get(i..).unwrap_or_default()
}

/// The document's record as stored: without the text, the mention texts and the event
/// sentences, which are all slices of the text (put back by `parse_record`); written by
/// `stored.rs` straight from the document.
fn compact_record(d: &Document) -> Result<String> {
    let mut out = Vec::with_capacity(4096);
    crate::stored::compact_record(d, &mut out)?;
    // Only whole strings and ASCII were written.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// FNV-1a: a fast hash for the short keys of one document (words, surfaces); no defence
/// against chosen collisions is needed for a set that lives for one document.
#[derive(Default, Clone, Copy)]
pub(crate) struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

/// Full-text entries per insert statement. FTS5 writes out its pending terms at the end of
/// every statement, so entries go in many to a statement (multi-row `VALUES`).
const FTS_ROWS: usize = 512;

/// `INSERT INTO documents_fts (rowid, grams) VALUES (?1, ?2), ...` for `n` entries.
fn fts_insert_sql(n: usize) -> String {
    let mut sql = String::from("INSERT INTO documents_fts (rowid, grams) VALUES ");
    for i in 0..n {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("(?{}, ?{})", 2 * i + 1, 2 * i + 2));
    }
    sql
}

/// Fill the full-text index from the stored documents (a migration that changed how it is
/// built), a page of documents at a time.
pub(crate) fn reindex_text(conn: &mut Conn) -> Result<()> {
    let mut grams = Grams::default();
    let mut last = 0i64;
    loop {
        let rows = conn.query(
            "SELECT rowid, title, text FROM documents WHERE rowid > ?1 ORDER BY rowid LIMIT ?2",
            &[Val::Int(last), Val::from(FTS_ROWS)],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.first().map_or(last, Val::int);
        let mut params = Vec::with_capacity(rows.len() * 2);
        for r in &rows {
            let cell = |i: usize| r.get(i).and_then(Val::str);
            params.push(Val::Int(r.first().map_or(0, Val::int)));
            params.push(Val::Text(
                grams.of(cell(1).as_deref(), &cell(2).unwrap_or_default()),
            ));
        }
        conn.execute(&fts_insert_sql(rows.len()), &params)?;
    }
    Ok(())
}

pub(crate) fn write_batch(conn: &mut Conn, docs: &[Document]) -> Result<WriteStats> {
    let batch = Batch::new(docs);
    match conn {
        Conn::Sqlite(c) => sqlite::write(c, &batch),
        #[cfg(feature = "postgres")]
        Conn::Pg(c) => c.write_batch(&batch),
    }
}

mod sqlite {
    //! The SQLite write path: cached statements, borrowed values, one transaction.

    use super::{fts_insert_sql, Batch, DocRows, Grams, FTS_ROWS};
    use crate::error::Result;
    use crate::types::WriteStats;
    use rusqlite::{params, Connection};

    pub(super) fn write(c: &Connection, b: &Batch) -> Result<WriteStats> {
        c.execute_batch("BEGIN IMMEDIATE")?;
        let r = rows(c, b).and_then(|s| {
            c.execute_batch("COMMIT")?;
            Ok(s)
        });
        if r.is_err() && !c.is_autocommit() {
            if let Err(e) = c.execute_batch("ROLLBACK") {
                tracing::debug!(error = %e, "rollback failed");
            }
        }
        r
    }

    fn rows(c: &Connection, b: &Batch) -> Result<WriteStats> {
        let mut stats = WriteStats {
            duplicates: b.repeats,
            ..WriteStats::default()
        };
        {
            let mut st = c.prepare_cached(
                "INSERT INTO entities (id, name, name_norm, kind, country, cameo, known)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
            )?;
            for (id, e) in &b.entities {
                st.execute(params![
                    id,
                    e.name,
                    e.name_norm,
                    e.kind,
                    e.country,
                    e.cameo,
                    i64::from(e.known)
                ])?;
            }
        }
        {
            let mut st = c.prepare_cached(
                "INSERT INTO names (surface, entity_id, surface_norm) VALUES (?1, ?2, ?3)
                 ON CONFLICT (surface, entity_id) DO NOTHING",
            )?;
            for (surface, id, norm) in &b.names {
                st.execute(params![surface, id, norm])?;
            }
        }
        let mut ins_doc = c.prepare_cached(
            "INSERT INTO documents (id, source, url, lang, title, published, text, duplicate_of,
                                    story, ingested_at, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING",
        )?;
        let mut ins_sentences =
            c.prepare_cached("INSERT INTO sentences (doc_id, n, spans) VALUES (?1, ?2, ?3)")?;
        let mut ins_mention = c.prepare_cached(
            "INSERT INTO mentions (entity_id, doc_row, surface, lang, doc_id, month, n, spans)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut ins_event = c.prepare_cached(
            "INSERT INTO events (id, doc_id, code, label, quad_class, goldstein, source_id,
                source_name, source_code, target_id, target_name, target_code, place_id,
                place_name, place_code, date, day, sentence, sentence_start, sentence_end,
                modality, confidence, lang)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23)
             ON CONFLICT (id) DO NOTHING",
        )?;
        // The full-text entries of the batch go in at the end, many per statement: FTS5
        // flushes its pending terms at every statement, so one per document is slow.
        let mut fts: Vec<(i64, String)> = Vec::new();
        let mut grams = Grams::default();
        for d in &b.docs {
            let r = DocRows::new(d)?;
            let changed = ins_doc.execute(params![
                d.id,
                d.source,
                d.url,
                d.lang,
                d.title,
                r.published,
                d.text,
                d.duplicate_of,
                d.story,
                b.now,
                r.record,
            ])?;
            if changed == 0 {
                stats.duplicates += 1;
                continue;
            }
            stats.inserted += 1;
            let rowid = c.last_insert_rowid();
            if !d.sentences.is_empty() {
                ins_sentences.execute(params![
                    d.id,
                    super::int(d.sentences.len()),
                    super::spans_json(&d.sentences)
                ])?;
            }
            let month = r.month();
            for m in &r.mentions {
                ins_mention.execute(params![
                    m.entity_id,
                    rowid,
                    m.surface,
                    m.lang,
                    d.id,
                    month,
                    m.n,
                    m.spans
                ])?;
            }
            for e in &r.events {
                ins_event.execute(params![
                    e.id,
                    d.id,
                    e.code,
                    e.label,
                    e.quad_class,
                    e.goldstein,
                    e.source.0,
                    e.source.1,
                    e.source.2,
                    e.target.0,
                    e.target.1,
                    e.target.2,
                    e.place.0,
                    e.place.1,
                    e.place.2,
                    e.date,
                    e.day,
                    e.sentence,
                    e.sentence_start,
                    e.sentence_end,
                    e.modality,
                    e.confidence,
                    d.lang,
                ])?;
            }
            fts.push((rowid, grams.of(d.title.as_deref(), &d.text)));
        }
        for chunk in fts.chunks(FTS_ROWS) {
            let mut st = c.prepare_cached(&fts_insert_sql(chunk.len()))?;
            for (i, (rowid, grams)) in chunk.iter().enumerate() {
                st.raw_bind_parameter(2 * i + 1, rowid)?;
                st.raw_bind_parameter(2 * i + 2, grams)?;
            }
            st.raw_execute()?;
        }
        Ok(stats)
    }
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

    /// Mentions of one entity with one surface in one paragraph language make one row, their
    /// spans in text order; another surface or another paragraph language is another row.
    #[test]
    fn mentions_are_grouped() {
        use khabar_core::{Entity, EntityType, Format, Paragraph, Span};
        let text = "Путин сказал. Путин ушёл.\n\nPutin said. Путин again.";
        let mut d = Document::new("t", text.as_bytes(), String::new(), Format::Text);
        d.text = text.to_string();
        d.lang = Some("ru".into());
        let split = text.find("\n\n").unwrap_or(0);
        d.paragraphs = vec![
            Paragraph {
                span: Span::new(0, split),
                lang: None,
            },
            Paragraph {
                span: Span::new(split + 2, text.len()),
                lang: Some("en".into()),
            },
        ];
        let at = |needle: &str, from: usize| {
            let s = text[from..].find(needle).map_or(0, |i| i + from);
            Span::new(s, s + needle.len())
        };
        let p1 = at("Путин", 0);
        let p2 = at("Путин", p1.end);
        let p3 = at("Putin", 0);
        let p4 = at("Путин", p3.end);
        d.entities = vec![Entity {
            id: "Q7747".into(),
            name: "Vladimir Putin".into(),
            kind: EntityType::Per,
            country: None,
            cameo: None,
            known: true,
            mentions: vec![p2, p4, p1, p3],
        }];
        let r = DocRows::new(&d).expect("rows");
        let rows: Vec<(&str, &str, i64, &str)> = r
            .mentions
            .iter()
            .map(|m| (m.surface, m.lang, m.n, m.spans.as_str()))
            .collect();
        let spans = |s: &[Span]| spans_json(s);
        assert_eq!(
            rows,
            vec![
                ("Putin", "en", 1, spans(&[p3]).as_str()),
                ("Путин", "en", 1, spans(&[p4]).as_str()),
                ("Путин", "ru", 2, spans(&[p1, p2]).as_str()),
            ]
        );
        let batch = Batch::new(std::slice::from_ref(&d));
        let names: Vec<(&str, &str)> = batch.names.iter().map(|n| (n.0, n.1)).collect();
        assert_eq!(names, vec![("Putin", "Q7747"), ("Путин", "Q7747")]);
        assert_eq!(batch.names[1].2, normalize_str("Путин"));
    }

    #[test]
    fn spans_as_json() {
        use khabar_core::Span;
        assert_eq!(spans_json(&[]), "[]");
        for n in [0usize, 7, 10, 99, 1000, 123_456_789, usize::MAX] {
            let mut s = String::from("x");
            push_num(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
        assert_eq!(
            spans_json(&[Span::new(0, 5), Span::new(6, 12)]),
            "[[0,5],[6,12]]"
        );
    }

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

#[cfg(test)]
mod decimal_tests {
    #[test]
    fn decimal_digits_match_to_string() {
        for n in [0usize, 7, 10, 99, 100, 12_345, 4_294_967_296, usize::MAX] {
            let mut buf = [0u8; 20];
            assert_eq!(super::decimal(n, &mut buf), n.to_string().as_bytes());
            let mut s = String::from("x");
            super::push_num(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }
}
