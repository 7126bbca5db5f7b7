//! The schema and its migrations: numbered steps applied in order, the version kept in the
//! `schema_version` table, each step in the transaction that records it. One list per dialect,
//! the same tables and columns in both (PostgreSQL has no FTS5: it searches with `ILIKE`,
//! helped by `pg_trgm` indexes when the extension is available).
//!
//! Never edit a released step: add a new one.

use crate::db::{Conn, Dialect, Val};
use crate::error::{Result, StoreError};

/// SQLite steps. Step 1 is the whole first schema.
const SQLITE: &[&str] = &[
    r#"
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    lang TEXT,
    title TEXT,
    published TEXT,
    text TEXT NOT NULL,
    duplicate_of TEXT,
    story TEXT,
    ingested_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX documents_lang ON documents(lang);
CREATE INDEX documents_published ON documents(published);
CREATE TABLE sentences (
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    kind TEXT,
    country TEXT,
    cameo TEXT,
    known INTEGER NOT NULL
);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_name_norm ON entities(name_norm);
CREATE TABLE mentions (
    doc_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at INTEGER NOT NULL,
    surface TEXT NOT NULL,
    surface_norm TEXT NOT NULL,
    lang TEXT,
    month TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_surface ON mentions(surface);
CREATE INDEX mentions_surface_norm ON mentions(surface_norm);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    source_id TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_code TEXT,
    target_id TEXT,
    target_name TEXT,
    target_code TEXT,
    place_id TEXT,
    place_name TEXT,
    place_code TEXT,
    date TEXT,
    day TEXT,
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    modality TEXT NOT NULL,
    confidence REAL NOT NULL,
    lang TEXT
);
CREATE INDEX events_source_day ON events(source_id, day);
CREATE INDEX events_target_day ON events(target_id, day);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_doc ON events(doc_id);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', tokenize='trigram'
);
"#,
    // 2: the full-text index keeps no positions (a quarter of the size, writes twice as fast);
    // search checks its candidates against the text instead (see query::search).
    r#"
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', tokenize='trigram', detail=none
);
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
"#,
    // 3: a document's sentence spans in one row (`n` spans as a JSON array of [start, end]),
    // not one row per sentence: they are only counted, and they were a fifth of the rows
    // written.
    r#"
CREATE TABLE sentences_by_doc (
    doc_id TEXT PRIMARY KEY,
    n INTEGER NOT NULL,
    spans TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO sentences_by_doc (doc_id, n, spans)
    SELECT doc_id, COUNT(*), json_group_array(json_array(start_at, end_at) ORDER BY idx)
    FROM sentences GROUP BY doc_id;
DROP TABLE sentences;
ALTER TABLE sentences_by_doc RENAME TO sentences;
"#,
    // 4: mentions grouped: one row per entity, document, surface and paragraph language, with
    // the number of mentions and their spans (a JSON array of [start, end]), keyed by entity
    // (the only way they are looked up); the distinct (surface, entity) pairs in `names`, which
    // resolves typed names. A document's mentions for its page come from its record. Four
    // mention indexes and two thirds of the rows fewer to write.
    r#"
CREATE TABLE names (
    surface TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface_norm TEXT NOT NULL,
    PRIMARY KEY (surface, entity_id)
) WITHOUT ROWID;
CREATE INDEX names_norm ON names(surface_norm);
INSERT INTO names (surface, entity_id, surface_norm)
    SELECT surface, entity_id, MIN(surface_norm) FROM mentions GROUP BY surface, entity_id;
CREATE TABLE mention_groups (
    entity_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    lang TEXT NOT NULL,
    month TEXT,
    n INTEGER NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (entity_id, doc_id, surface, lang)
) WITHOUT ROWID;
INSERT INTO mention_groups (entity_id, doc_id, surface, lang, month, n, spans)
    SELECT entity_id, doc_id, surface, COALESCE(lang, ''), MAX(month), COUNT(*),
           json_group_array(json_array(start_at, end_at) ORDER BY start_at, end_at)
    FROM mentions GROUP BY entity_id, doc_id, surface, COALESCE(lang, '');
DROP TABLE mentions;
ALTER TABLE mention_groups RENAME TO mentions;
"#,
    // 5: fewer event indexes to write. `events_code` served no query (`code LIKE 'x%'` is
    // case-insensitive, so SQLite cannot use a binary index for it); a document's page reads
    // its events from its record, not through `events_doc`; target, place and day are indexed
    // only where they are set (every query on them compares them, which implies NOT NULL).
    r#"
DROP INDEX events_code;
DROP INDEX events_doc;
DROP INDEX events_target_day;
CREATE INDEX events_target_day ON events(target_id, day) WHERE target_id IS NOT NULL;
DROP INDEX events_place;
CREATE INDEX events_place ON events(place_id) WHERE place_id IS NOT NULL;
DROP INDEX events_day;
CREATE INDEX events_day ON events(day) WHERE day IS NOT NULL;
"#,
    // 6: the full-text index holds each distinct case-folded trigram of a document's words
    // once, as an ASCII token (`grams.rs`), in a contentless table: FTS5's trigram tokenizer
    // cut every position of the text and was half the cost of a write. Filled from the stored
    // documents by `write::reindex_text` right after this step.
    r#"
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    grams, content='', detail=none, tokenize='ascii'
);
"#,
    // 7: rows that land next to the rows written before them, so that a batch dirties few
    // pages however big the store. Mention groups are keyed by entity and then by the
    // document's row number (`doc_row`, the documents rowid: it grows with every document
    // written) instead of its hashed id, so an entity's new mentions go at the end of its
    // range, not at random pages of it; sentence spans go in a plain table in write order
    // (nothing looks them up by document). `doc_row` only orders rows: nothing joins on it.
    r#"
CREATE TABLE mentions_by_row (
    entity_id TEXT NOT NULL,
    doc_row INTEGER NOT NULL,
    surface TEXT NOT NULL,
    lang TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    month TEXT,
    n INTEGER NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (entity_id, doc_row, surface, lang)
) WITHOUT ROWID;
INSERT OR IGNORE INTO mentions_by_row
    (entity_id, doc_row, surface, lang, doc_id, month, n, spans)
    SELECT m.entity_id, COALESCE(d.rowid, 0), m.surface, m.lang, m.doc_id, m.month, m.n,
           m.spans
    FROM mentions m LEFT JOIN documents d ON d.id = m.doc_id;
DROP TABLE mentions;
ALTER TABLE mentions_by_row RENAME TO mentions;
CREATE TABLE sentences_in_order (
    doc_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    spans TEXT NOT NULL
);
INSERT INTO sentences_in_order (doc_id, n, spans)
    SELECT s.doc_id, s.n, s.spans FROM sentences s
    LEFT JOIN documents d ON d.id = s.doc_id ORDER BY d.rowid;
DROP TABLE sentences;
ALTER TABLE sentences_in_order RENAME TO sentences;
"#,
    // 8: the full-text index merges its segments when 8 of a level are there, not FTS5's
    // default 4: each entry is rewritten by fewer merges (writing 3,000 documents takes 13%
    // fewer instructions), for 4% more instructions in search at 60,000 documents. A
    // setting kept in the index's own config table.
    r#"
INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 8);
"#,
];

/// The SQLite step after which the full-text index is rebuilt from the documents.
const SQLITE_REINDEX_STEP: usize = 6;

/// PostgreSQL steps, the same schema translated.
const POSTGRES: &[&str] = &[
    r#"
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    lang TEXT,
    title TEXT,
    published TEXT,
    text TEXT NOT NULL,
    duplicate_of TEXT,
    story TEXT,
    ingested_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX documents_lang ON documents(lang);
CREATE INDEX documents_published ON documents(published);
CREATE TABLE sentences (
    doc_id TEXT NOT NULL,
    idx BIGINT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    kind TEXT,
    country TEXT,
    cameo TEXT,
    known BIGINT NOT NULL
);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_name_norm ON entities(name_norm text_pattern_ops);
CREATE TABLE mentions (
    doc_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    surface TEXT NOT NULL,
    surface_norm TEXT NOT NULL,
    lang TEXT,
    month TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_surface ON mentions(surface);
CREATE INDEX mentions_surface_norm ON mentions(surface_norm text_pattern_ops);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    quad_class BIGINT NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    source_id TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_code TEXT,
    target_id TEXT,
    target_name TEXT,
    target_code TEXT,
    place_id TEXT,
    place_name TEXT,
    place_code TEXT,
    date TEXT,
    day TEXT,
    sentence TEXT NOT NULL,
    sentence_start BIGINT NOT NULL,
    sentence_end BIGINT NOT NULL,
    modality TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    lang TEXT
);
CREATE INDEX events_source_day ON events(source_id, day);
CREATE INDEX events_target_day ON events(target_id, day);
CREATE INDEX events_place ON events(place_id);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_code ON events(code text_pattern_ops);
CREATE INDEX events_doc ON events(doc_id);
"#,
    // 2: nothing changes here (SQLite's full-text index changed); the versions stay aligned.
    "SELECT 1",
    // 3: a document's sentence spans in one row (see the SQLite step).
    r#"
CREATE TABLE sentences_by_doc (
    doc_id TEXT PRIMARY KEY,
    n BIGINT NOT NULL,
    spans TEXT NOT NULL
);
INSERT INTO sentences_by_doc (doc_id, n, spans)
    SELECT doc_id, COUNT(*), json_agg(json_build_array(start_at, end_at) ORDER BY idx)::text
    FROM sentences GROUP BY doc_id;
DROP TABLE sentences;
ALTER TABLE sentences_by_doc RENAME TO sentences;
"#,
    // 4: mentions grouped, names apart (see the SQLite step).
    r#"
CREATE TABLE names (
    surface TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface_norm TEXT NOT NULL,
    PRIMARY KEY (surface, entity_id)
);
CREATE INDEX names_norm ON names(surface_norm text_pattern_ops);
INSERT INTO names (surface, entity_id, surface_norm)
    SELECT surface, entity_id, MIN(surface_norm) FROM mentions GROUP BY surface, entity_id;
CREATE TABLE mention_groups (
    entity_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    lang TEXT NOT NULL,
    month TEXT,
    n BIGINT NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (entity_id, doc_id, surface, lang)
);
INSERT INTO mention_groups (entity_id, doc_id, surface, lang, month, n, spans)
    SELECT entity_id, doc_id, surface, COALESCE(lang, ''), MAX(month), COUNT(*),
           json_agg(json_build_array(start_at, end_at) ORDER BY start_at, end_at)::text
    FROM mentions GROUP BY entity_id, doc_id, surface, COALESCE(lang, '');
DROP TABLE mentions;
ALTER TABLE mention_groups RENAME TO mentions;
"#,
    // 5: nothing changes here (PostgreSQL uses `events_code` for LIKE prefixes); the versions
    // stay aligned.
    "SELECT 1",
    // 6: nothing changes here (SQLite's full-text index changed).
    "SELECT 1",
    // 7: nothing changes here (SQLite's mention and sentence tables changed their keys).
    "SELECT 1",
    // 8: nothing changes here (a setting of SQLite's full-text index).
    "SELECT 1",
];

/// The newest schema version this build knows.
pub(crate) fn latest() -> i64 {
    SQLITE.len() as i64
}

/// Bring the schema up to date. Safe to call from several processes at once: SQLite holds
/// the write lock (`BEGIN IMMEDIATE`), PostgreSQL an advisory lock, while checking.
pub(crate) fn migrate(conn: &mut Conn) -> Result<()> {
    let steps = match conn.dialect() {
        Dialect::Sqlite => SQLITE,
        Dialect::Postgres => POSTGRES,
    };
    // Fast path, no write lock: already current.
    if let Ok(v) = current(conn) {
        if v == steps.len() as i64 {
            return Ok(());
        }
    }
    conn.begin()?;
    let r = (|| -> Result<()> {
        if conn.dialect() == Dialect::Postgres {
            conn.query("SELECT pg_advisory_xact_lock(7414726)", &[])?;
        }
        conn.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
        let found = current(conn)?;
        let known = steps.len() as i64;
        if found > known {
            return Err(StoreError::NewerSchema { found, known });
        }
        for (i, step) in steps.iter().enumerate().skip(found.max(0) as usize) {
            tracing::info!(version = i + 1, "applying schema migration");
            conn.batch(step)?;
            if conn.dialect() == Dialect::Sqlite && i + 1 == SQLITE_REINDEX_STEP {
                crate::write::reindex_text(conn)?;
            }
        }
        conn.execute("DELETE FROM schema_version", &[])?;
        conn.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            &[Val::Int(known)],
        )?;
        if conn.dialect() == Dialect::Postgres {
            // Trigram indexes make ILIKE search fast; optional (needs the extension).
            conn.batch("SAVEPOINT trgm")?;
            let trgm = conn.batch(
                "CREATE EXTENSION IF NOT EXISTS pg_trgm;
                 CREATE INDEX IF NOT EXISTS documents_text_trgm ON documents USING gin (text gin_trgm_ops);
                 CREATE INDEX IF NOT EXISTS documents_title_trgm ON documents USING gin (title gin_trgm_ops);",
            );
            match trgm {
                Ok(()) => conn.batch("RELEASE SAVEPOINT trgm")?,
                Err(e) => {
                    tracing::warn!(error = %e, "pg_trgm unavailable: search scans documents");
                    conn.batch("ROLLBACK TO SAVEPOINT trgm")?;
                }
            }
        }
        Ok(())
    })();
    match r {
        Ok(()) => conn.commit(),
        Err(e) => {
            conn.rollback();
            Err(e)
        }
    }
}

/// The recorded schema version (0 for an empty database).
pub(crate) fn current(conn: &mut Conn) -> Result<i64> {
    let exists = match conn.dialect() {
        Dialect::Sqlite => conn.scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            &[],
        )?,
        Dialect::Postgres => conn.scalar(
            "SELECT COUNT(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name = 'schema_version'",
            &[],
        )?,
    };
    if exists == 0 {
        return Ok(0);
    }
    conn.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
}
