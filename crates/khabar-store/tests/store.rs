//! Store behaviour on documents built here: idempotent writes, names resolved across scripts,
//! search in Bengali/Arabic/Russian, profiles, graph, exports, clear errors.

use khabar_core::{ActorRef, Document, Entity, EntityType, Event, Format, PartialDate, Span};
use khabar_store::{EntityFilter, EventFilter, SearchQuery, Store, StoreError};

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).unwrap_or(0);
    Span::new(s, s + needle.len())
}

/// A document whose text names an actor (surface in its script) meeting a target.
fn doc(lang: &str, text: &str, actor_surface: &str, target_surface: &str, day: u8) -> Document {
    let mut d = Document::new(
        format!("{lang}.txt"),
        text.as_bytes(),
        String::new(),
        Format::Text,
    );
    d.lang = Some(lang.into());
    d.title = Some(text.split('.').next().unwrap_or("").to_string());
    d.text = text.to_string();
    d.published = Some(PartialDate::ymd(2024, 5, day));
    d.sentences = vec![Span::new(0, text.len())];
    let a = span_of(text, actor_surface);
    let t = span_of(text, target_surface);
    d.entities = vec![
        Entity {
            id: "Q1".into(),
            name: "Khalifa Haftar".into(),
            kind: EntityType::Per,
            country: Some("LBY".into()),
            cameo: Some("LBY MIL".into()),
            known: true,
            mentions: vec![a],
        },
        Entity {
            id: "new:tbrn".into(),
            name: target_surface.into(),
            kind: EntityType::Org,
            country: None,
            cameo: None,
            known: false,
            mentions: vec![t],
        },
    ];
    d.events = vec![Event {
        code: "042".into(),
        label: "Make a visit".into(),
        quad_class: 1,
        goldstein: 1.9,
        source: ActorRef {
            id: "Q1".into(),
            name: "Khalifa Haftar".into(),
            code: Some("LBY MIL".into()),
        },
        target: Some(ActorRef {
            id: "new:tbrn".into(),
            name: target_surface.into(),
            code: None,
        }),
        place: None,
        date: Some(PartialDate {
            year: None,
            month: Some(5),
            day: Some(day),
        }),
        sentence: Span::new(0, text.len()),
        trigger: a,
        also: vec![],
        modality: Default::default(),
        confidence: 0.8,
    }];
    d
}

fn corpus() -> Vec<Document> {
    vec![
        doc(
            "bn",
            "হাফতার আজ তবরুক বাহিনীর সঙ্গে দেখা করেছেন।",
            "হাফতার",
            "তবরুক",
            3,
        ),
        doc(
            "ar",
            "التقى حفتر اليوم مع قوات طبرق في بنغازي.",
            "حفتر",
            "طبرق",
            4,
        ),
        doc(
            "en",
            "Haftar met the Tobruk forces on Tuesday.",
            "Haftar",
            "Tobruk",
            5,
        ),
        doc(
            "ru",
            "Хафтар встретился с силами Тобрука.",
            "Хафтар",
            "Тобрука",
            6,
        ),
    ]
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.db");
    let s = Store::open(path.to_str().expect("utf8 path")).expect("open");
    (dir, s)
}

/// A fresh PostgreSQL database on the test server (`KHABAR_TEST_PG`, see
/// scripts/pg-test-server.sh), or None (with a note) when no server is configured.
#[cfg(feature = "postgres")]
fn pg_url(name: &str) -> Option<String> {
    let Ok(base) = std::env::var("KHABAR_TEST_PG") else {
        eprintln!("note: KHABAR_TEST_PG unset, PostgreSQL test {name} skipped (scripts/pg-test-server.sh)");
        return None;
    };
    let db = format!("khabar_t_{name}_{}", std::process::id());
    let run = |sql: &str| {
        let ok = std::process::Command::new("psql")
            .env("PGOPTIONS", "-c client_min_messages=warning")
            .args([base.as_str(), "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .status()
            .expect("psql runs")
            .success();
        assert!(ok, "psql: {sql}");
    };
    run(&format!("DROP DATABASE IF EXISTS {db}"));
    run(&format!("CREATE DATABASE {db}"));
    let (head, _) = base.rsplit_once('/').expect("database in KHABAR_TEST_PG");
    Some(format!("{head}/{db}"))
}

macro_rules! both_backends {
    ($($name:ident),*) => {
        mod sqlite {
            $(#[test] fn $name() { let (_d, s) = super::store(); super::$name(&s); })*
        }
        #[cfg(feature = "postgres")]
        mod pg {
            $(#[test] fn $name() {
                if let Some(url) = super::pg_url(stringify!($name)) {
                    let s = super::Store::open(&url).expect("open pg");
                    super::$name(&s);
                }
            })*
        }
    };
}

both_backends!(
    writes_are_idempotent,
    actor_found_in_every_script,
    search_in_any_script,
    profile_graph_and_documents,
    exports,
    concurrent_writers,
    record_round_trips,
    search_checks_whole_terms
);

/// Three writers on their own connections, overlapping inputs, at once: every document once.
fn concurrent_writers(s: &Store) {
    let target = s.target().to_string();
    let mut all: Vec<Document> = Vec::new();
    for i in 0..60 {
        let text = format!("Haftar met the Tobruk forces, report number {i}.");
        all.push(doc("en", &text, "Haftar", "Tobruk", 1 + (i % 28) as u8));
    }
    let all = std::sync::Arc::new(all);
    let handles: Vec<_> = (0..3)
        .map(|w| {
            let all = all.clone();
            let target = target.clone();
            std::thread::spawn(move || {
                let s = Store::open(&target).expect("open");
                // Writer w takes documents [w*15, w*15+30): each overlaps the next.
                let mine: Vec<Document> = all.iter().skip(w * 15).take(30).cloned().collect();
                let mut ins = 0;
                for chunk in mine.chunks(7) {
                    ins += s.write_batch(chunk).expect("write").inserted;
                }
                ins
            })
        })
        .collect();
    let inserted: usize = handles.into_iter().map(|h| h.join().expect("thread")).sum();
    assert_eq!(inserted, 60);
    let st = s.stats().expect("stats");
    assert_eq!(st.documents, 60);
    assert_eq!(st.events, 60);
    assert_eq!(st.mentions, 120);
}

fn writes_are_idempotent(s: &Store) {
    let w = s.write_batch(&corpus()).expect("write");
    assert_eq!((w.inserted, w.duplicates), (4, 0));
    let w = s.write_batch(&corpus()).expect("write again");
    assert_eq!((w.inserted, w.duplicates), (0, 4));
    let st = s.stats().expect("stats");
    assert_eq!(st.documents, 4);
    assert_eq!(st.events, 4);
    assert_eq!(st.mentions, 8);
    assert_eq!(st.entities, 2);
    assert_eq!(st.per_lang.get("bn").map(|l| l.documents), Some(1));
    assert!(s.has_document(&corpus()[0].id).expect("has"));
    assert!(!s.has_document("nope").expect("has"));
}

fn actor_found_in_every_script(s: &Store) {
    s.write_batch(&corpus()).expect("write");
    for name in [
        "হাফতার",
        "حفتر",
        "Haftar",
        "haftar",
        "Хафтар",
        "Khalifa Haftar",
        "HAFTAR",
    ] {
        let ev = s
            .events(&EventFilter {
                actor: Some(name.into()),
                ..Default::default()
            })
            .expect("events");
        assert_eq!(ev.len(), 4, "actor {name}");
    }
    let none = s
        .events(&EventFilter {
            actor: Some("Zelensky".into()),
            ..Default::default()
        })
        .expect("events");
    assert!(none.is_empty());
    // Date window: event days 2024-05-03..06.
    let ev = s
        .events(&EventFilter {
            actor: Some("Haftar".into()),
            since: Some("2024-05-04".into()),
            until: Some("2024-05-05".into()),
            ..Default::default()
        })
        .expect("events");
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].day.as_deref(), Some("2024-05-05"));
    let by_code = s
        .events(&EventFilter {
            code: Some("04".into()),
            lang: Some("ar".into()),
            ..Default::default()
        })
        .expect("events");
    assert_eq!(by_code.len(), 1);
    assert!(by_code[0].sentence.contains("حفتر"));
    assert!(matches!(
        s.events(&EventFilter {
            since: Some("yesterday".into()),
            ..Default::default()
        }),
        Err(StoreError::InvalidInput { .. })
    ));
}

fn search_in_any_script(s: &Store) {
    s.write_batch(&corpus()).expect("write");
    let q = |t: &str| {
        s.search(&SearchQuery {
            text: t.into(),
            ..Default::default()
        })
        .expect("search")
    };
    assert_eq!(q("বাহিনী").len(), 1);
    assert_eq!(q("بنغازي").len(), 1);
    assert_eq!(q("встретился").len(), 1);
    assert_eq!(q("tobruk").len(), 1, "case-insensitive");
    assert_eq!(q("Tobruk Tuesday").len(), 1);
    assert_eq!(q("Tobruk Benghazi").len(), 0, "all words must occur");
    assert_eq!(q("আজ").len(), 1, "short query falls back to LIKE");
    let hit = &q("بنغازي")[0];
    assert!(hit.snippet.contains("بنغازي"));
    assert_eq!(hit.lang.as_deref(), Some("ar"));
    assert!(q("\"\"; DROP TABLE documents; --").is_empty());
    assert_eq!(s.stats().expect("stats").documents, 4);
}

fn profile_graph_and_documents(s: &Store) {
    s.write_batch(&corpus()).expect("write");
    let p = s.entity_profile("হাফতার").expect("profile").expect("found");
    assert_eq!(p.id, "Q1");
    assert_eq!(p.names_by_lang.len(), 4);
    assert_eq!(
        p.names_by_lang.get("ar").map(|v| v[0].0.as_str()),
        Some("حفتر")
    );
    assert_eq!(p.mentions_by_month, vec![("2024-05".to_string(), 4)]);
    assert_eq!(p.top_partners.first().map(|t| t.2), Some(4));
    assert_eq!(p.events.len(), 4);
    assert!(s
        .entity_profile("nobody at all")
        .expect("profile")
        .is_none());

    let new = s
        .entities(&EntityFilter {
            new_only: true,
            ..Default::default()
        })
        .expect("entities");
    assert_eq!(new.len(), 1);
    assert_eq!((new[0].documents, new[0].mentions), (4, 4));
    let surfaces = s.entity_surfaces("new:tbrn").expect("surfaces");
    assert_eq!(surfaces.len(), 4);

    let g = s.graph(&EventFilter::default()).expect("graph");
    assert_eq!(g.nodes.len(), 2);
    assert_eq!(g.edges.len(), 1);
    assert_eq!(g.edges[0].weight, 4);
    assert_eq!(g.edges[0].codes, vec!["042".to_string()]);

    let tl = s.timeline(&EventFilter::default()).expect("timeline");
    assert_eq!(tl.len(), 4);
    assert_eq!(tl[0], ("2024-05-03".to_string(), 1));

    let docs = s.documents(Some("ru"), 10, 0).expect("documents");
    assert_eq!(docs.len(), 1);
    let d = s.document(&docs[0].id).expect("document").expect("found");
    assert_eq!(d.record.text, "Хафтар встретился с силами Тобрука.");
    assert_eq!(d.mentions.len(), 2);
    let (a, b) = (d.mentions[0].0, d.mentions[0].1);
    assert_eq!(d.record.text.get(a..b), Some("Хафтар"));
    assert_eq!(d.events.len(), 1);
}

/// The stored record is compact (no text slices); reading it gives back the full record.
fn record_round_trips(s: &Store) {
    let docs = corpus();
    s.write_batch(&docs).expect("write");
    for d in &docs {
        let want = khabar_core::Record::from_document(d, true);
        let got = s.document(&d.id).expect("document").expect("stored");
        assert_eq!(got.record, want);
        assert_eq!(got.events.len(), 1);
        assert_eq!(got.events[0].sentence, d.text);
    }
    let mut out = Vec::new();
    s.export_jsonl(&mut out).expect("jsonl");
    let text = String::from_utf8(out).expect("utf8");
    for line in text.lines() {
        let r: khabar_core::Record = serde_json::from_str(line).expect("record");
        let d = docs.iter().find(|d| d.id == r.id).expect("known id");
        assert_eq!(r, khabar_core::Record::from_document(d, true));
    }
}

/// A document holding every trigram of a term but not the term is no hit; terms are found
/// inside words and regardless of case; pages do not overlap.
fn search_checks_whole_terms(s: &Store) {
    let mut docs = vec![
        doc("en", "An abcx met bcdy here.", "abcx", "bcdy", 1),
        doc("en", "Then abcd arrived at noon.", "abcd", "noon", 2),
        doc(
            "ar",
            "وصل الوفد بالقاهرة صباح اليوم.",
            "الوفد",
            "بالقاهرة",
            3,
        ),
        doc(
            "ru",
            "Делегация прибыла в Москву утром.",
            "Делегация",
            "Москву",
            4,
        ),
    ];
    for i in 0..30 {
        docs.push(doc(
            "en",
            &format!("Report {i}: the harbour reopened after repairs."),
            "harbour",
            "repairs",
            5,
        ));
    }
    s.write_batch(&docs).expect("write");
    let q = |t: &str, limit: usize, offset: usize| {
        s.search(&SearchQuery {
            text: t.into(),
            limit,
            offset,
            ..Default::default()
        })
        .expect("search")
    };
    let hits = q("abcd", 10, 0);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].snippet.contains("abcd"));
    assert_eq!(q("القاهرة", 10, 0).len(), 1, "inside a word");
    assert_eq!(q("москву", 10, 0).len(), 1, "Cyrillic case");
    assert_eq!(q("МОСКВУ", 10, 0).len(), 1, "Cyrillic case");
    assert_eq!(q("harbour", 100, 0).len(), 30);
    let first = q("harbour", 20, 0);
    let rest = q("harbour", 20, 20);
    assert_eq!((first.len(), rest.len()), (20, 10));
    let mut ids: Vec<&str> = first
        .iter()
        .chain(&rest)
        .map(|h| h.doc_id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 30, "pages overlap");
    assert_eq!(q("harbour repairs", 100, 0).len(), 30);
    assert!(q("harbour abcd", 100, 0).is_empty());
}

fn exports(s: &Store) {
    s.write_batch(&corpus()).expect("write");
    let mut out = Vec::new();
    assert_eq!(s.export_jsonl(&mut out).expect("jsonl"), 4);
    let text = String::from_utf8(out).expect("utf8");
    for line in text.lines() {
        let r: khabar_core::Record = serde_json::from_str(line).expect("record");
        assert!(!r.text.is_empty());
        assert_eq!(r.events.len(), 1);
    }
    let mut out = Vec::new();
    assert_eq!(s.export_gdelt(&mut out).expect("gdelt"), 4);
    let text = String::from_utf8(out).expect("utf8");
    let mut lines = text.lines();
    assert_eq!(lines.next().map(|h| h.split('\t').count()), Some(61));
    for l in lines {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), 61);
        assert_eq!(cols[5], "LBYMIL");
        assert_eq!(cols[26], "042");
        assert!(cols[1].starts_with("202405"));
    }
}

/// A store written with schema 1 (full-text index with positions, a row per sentence, a row
/// per mention) is migrated on open: its documents stay searchable, its sentences and
/// mentions are counted as before, its names still resolve.
#[test]
fn schema_1_store_is_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.db");
    let p = path.to_str().expect("utf8");
    let docs = corpus();
    {
        let s = Store::open(p).expect("open");
        s.write_batch(&docs[..2]).expect("write");
    }
    let raw = rusqlite::Connection::open(p).expect("raw");
    raw.execute_batch(
        "DROP TABLE documents_fts;
         CREATE VIRTUAL TABLE documents_fts USING fts5(
             title, text, content='documents', tokenize='trigram');
         INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
         DROP TABLE sentences;
         CREATE TABLE sentences (
             doc_id TEXT NOT NULL, idx INTEGER NOT NULL,
             start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
             PRIMARY KEY (doc_id, idx)) WITHOUT ROWID;
         DROP TABLE names;
         DROP TABLE mentions;
         CREATE TABLE mentions (
             doc_id TEXT NOT NULL, entity_id TEXT NOT NULL,
             start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
             surface TEXT NOT NULL, surface_norm TEXT NOT NULL, lang TEXT, month TEXT);
         CREATE INDEX mentions_doc ON mentions(doc_id);
         CREATE INDEX mentions_entity ON mentions(entity_id);
         CREATE INDEX mentions_surface ON mentions(surface);
         CREATE INDEX mentions_surface_norm ON mentions(surface_norm);
         DROP INDEX events_target_day;
         DROP INDEX events_place;
         DROP INDEX events_day;
         CREATE INDEX events_target_day ON events(target_id, day);
         CREATE INDEX events_place ON events(place_id);
         CREATE INDEX events_day ON events(day);
         CREATE INDEX events_code ON events(code);
         CREATE INDEX events_doc ON events(doc_id);
         UPDATE schema_version SET version = 1;",
    )
    .expect("downgrade");
    // Schema 1 kept a row per mention.
    for d in &docs[..2] {
        for e in &d.entities {
            for m in &e.mentions {
                let surface = d.slice(*m);
                raw.execute(
                    "INSERT INTO mentions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '2024-05')",
                    rusqlite::params![
                        d.id,
                        e.id,
                        m.start as i64,
                        m.end as i64,
                        surface,
                        khabar_text::normalize::normalize_str(surface),
                        d.lang
                    ],
                )
                .expect("mention row");
            }
        }
    }

    // Schema 1 kept a row per sentence.
    let (d0, d1) = (&docs[0], &docs[1]);
    for (id, idx, start, end) in [
        (&d0.id, 1, 6, d0.text.len() as i64),
        (&d0.id, 0, 0, 5),
        (&d1.id, 0, 0, d1.text.len() as i64),
    ] {
        raw.execute(
            "INSERT INTO sentences VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, idx, start, end],
        )
        .expect("sentence row");
    }
    drop(raw);
    let s = Store::open(p).expect("reopen");
    s.write_batch(&docs[2..]).expect("write");
    let st = s.stats().expect("stats");
    assert_eq!(st.sentences, 5);
    assert_eq!(st.mentions, 8);
    assert_eq!(st.per_lang.get("ar").map(|l| l.mentions), Some(2));
    assert_eq!(s.resolve("হাফতার").expect("resolve"), vec!["Q1".to_string()]);
    assert_eq!(
        s.resolve("طبرق").expect("resolve"),
        vec!["new:tbrn".to_string()]
    );
    let prof = s.entity_profile("Q1").expect("profile").expect("found");
    assert_eq!(
        prof.names_by_lang.get("ar"),
        Some(&vec![("حفتر".to_string(), 1)])
    );
    assert_eq!(prof.mentions_by_month, vec![("2024-05".to_string(), 4)]);
    let ents = s.entities(&EntityFilter::default()).expect("entities");
    let q1 = ents.iter().find(|e| e.id == "Q1").expect("Q1");
    assert_eq!((q1.documents, q1.mentions), (4, 4));
    let page = s.document(&d0.id).expect("document").expect("stored");
    assert_eq!(page.mentions.len(), 2);
    assert_eq!(page.events.len(), 1);
    assert_eq!(page.events[0].id, format!("{}:0", d0.id));
    assert_eq!(page.events[0].day.as_deref(), Some("2024-05-03"));
    let by_actor = s
        .events(&EventFilter {
            actor: Some("Tobruk".into()),
            since: Some("2024-05-04".into()),
            ..Default::default()
        })
        .expect("events");
    assert_eq!(by_actor.len(), 3);
    assert!(by_actor
        .iter()
        .all(|e| e.target_id.as_deref() == Some("new:tbrn")));
    let raw = rusqlite::Connection::open(p).expect("raw");
    let spans: String = raw
        .query_row(
            "SELECT spans FROM sentences WHERE doc_id = ?1",
            [&d0.id],
            |r| r.get(0),
        )
        .expect("spans");
    assert_eq!(spans, format!("[[0,5],[6,{}]]", d0.text.len()));
    let q = |t: &str| {
        s.search(&SearchQuery {
            text: t.into(),
            ..Default::default()
        })
        .expect("search")
        .len()
    };
    assert_eq!(q("বাহিনী"), 1);
    assert_eq!(q("بنغازي"), 1);
    assert_eq!(q("tobruk"), 1);
    assert_eq!(q("встретился"), 1);
    assert_eq!(s.verify().expect("verify"), Vec::<String>::new());
}

#[test]
fn clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("none.db");
    let e = Store::open_read_only(missing.to_str().expect("utf8"))
        .err()
        .expect("error");
    assert!(matches!(e, StoreError::NotFound(_)));
    assert!(e.to_string().contains("run `khabar ingest` first"));

    let ro = dir.path().join("ro.db");
    drop(Store::open(ro.to_str().expect("utf8")).expect("create"));
    let mut perm = std::fs::metadata(&ro).expect("meta").permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).expect("chmod");
    let e = Store::open(ro.to_str().expect("utf8"))
        .err()
        .expect("error");
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e}");
    // Reading a read-only store works.
    let r = Store::open_read_only(ro.to_str().expect("utf8")).expect("read");
    assert_eq!(r.stats().expect("stats").documents, 0);

    let bad = dir.path().join("no-such-dir").join("x.db");
    assert!(Store::open(bad.to_str().expect("utf8")).is_err());
}

#[test]
fn locked_store_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.db");
    let p = path.to_str().expect("utf8");
    let s = Store::open(p).expect("open");
    s.set_busy_timeout(std::time::Duration::from_millis(100))
        .expect("timeout");
    let other = rusqlite_like_lock(p);
    let e = s.write_batch(&corpus()).expect_err("locked");
    assert!(matches!(e, StoreError::Locked(_)), "{e}");
    assert!(e.to_string().contains("locked"));
    drop(other);
    assert_eq!(s.write_batch(&corpus()).expect("write").inserted, 4);
}

/// Another writer holding the lock: a second store in the middle of a batch is simulated by
/// opening the file and beginning an immediate transaction through a raw connection.
fn rusqlite_like_lock(path: &str) -> LockHolder {
    let c = rusqlite::Connection::open(path).expect("open raw");
    c.execute_batch("BEGIN IMMEDIATE").expect("lock");
    LockHolder(c)
}

struct LockHolder(#[allow(dead_code)] rusqlite::Connection);

#[test]
fn verify_finds_partial_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.db");
    let p = path.to_str().expect("utf8");
    let s = Store::open(p).expect("open");
    s.write_batch(&corpus()).expect("write");
    assert_eq!(s.verify().expect("verify"), Vec::<String>::new());
    let raw = rusqlite::Connection::open(p).expect("raw");
    raw.execute_batch("DELETE FROM mentions WHERE (entity_id, doc_id) IN
                         (SELECT entity_id, doc_id FROM mentions LIMIT 1);
                       INSERT INTO events (id, doc_id, code, label, quad_class, goldstein, source_id,
                         source_name, sentence, sentence_start, sentence_end, modality, confidence)
                       VALUES ('x:0', 'x', '010', 'l', 1, 0, 'a', 'a', 's', 0, 1, 'asserted', 1);")
        .expect("damage");
    let problems = s.verify().expect("verify");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems
        .iter()
        .any(|p| p.contains("events rows of documents that are not stored")));
    assert!(problems
        .iter()
        .any(|p| p.contains("mention rows, record has 2")));
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_writes_every_event() {
    let (_d, s) = store();
    s.write_batch(&corpus()).expect("write");
    let mut out = Vec::new();
    assert_eq!(s.export_parquet(&mut out).expect("parquet"), 4);
    assert!(out.starts_with(b"PAR1") && out.ends_with(b"PAR1"));
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("source_name"), "schema in the footer");
}

/// A new store gets 16 KiB pages; a store file that already exists keeps its own page size
/// (4 KiB here, as every store made before) and is written and searched the same way.
#[test]
fn page_size_of_new_and_existing_stores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page_size = |p: &str| -> i64 {
        let raw = rusqlite::Connection::open(p).expect("raw");
        raw.query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page_size")
    };
    let fresh = dir.path().join("new.db");
    let fresh = fresh.to_str().expect("utf8");
    let old = dir.path().join("old.db");
    let old = old.to_str().expect("utf8");
    {
        let raw = rusqlite::Connection::open(old).expect("raw");
        raw.execute_batch("PRAGMA page_size = 4096; CREATE TABLE unrelated (x INTEGER);")
            .expect("old file");
    }
    let docs = corpus();
    for p in [fresh, old] {
        let s = Store::open(p).expect("open");
        let st = s.write_batch(&docs).expect("write");
        assert_eq!(st.inserted, docs.len());
        let hits = s
            .search(&SearchQuery {
                text: "بنغازي".into(),
                ..Default::default()
            })
            .expect("search");
        assert_eq!(hits.len(), 1, "{p}");
        assert_eq!(s.verify().expect("verify"), Vec::<String>::new());
    }
    assert_eq!(page_size(fresh), 16384);
    assert_eq!(page_size(old), 4096);
}

/// The answers that read mention and sentence rows, for comparing a store before and after a
/// migration.
fn mention_answers(s: &Store) -> String {
    let mut out = format!("{:?}", s.stats().expect("stats"));
    let ents = s.entities(&EntityFilter::default()).expect("entities");
    out.push_str(&format!("{ents:?}"));
    for e in &ents {
        out.push_str(&format!(
            "{:?}{:?}",
            s.entity_profile(&e.id).expect("profile"),
            s.entity_surfaces(&e.id).expect("surfaces")
        ));
    }
    out
}

/// A schema 6 store (mention groups keyed by entity and document id, sentence spans keyed by
/// document id) is migrated on open to schema 7 (keyed by entity and document row, spans in
/// write order) and 8 (full-text merges set): every answer stays the same, the row numbers
/// are the documents' rowids, and later writes land beside the migrated rows.
#[test]
fn schema_6_store_is_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.db");
    let p = path.to_str().expect("utf8");
    let docs = corpus();
    let before = {
        let s = Store::open(p).expect("open");
        s.write_batch(&docs[..3]).expect("write");
        mention_answers(&s)
    };
    let raw = rusqlite::Connection::open(p).expect("raw");
    raw.execute_batch(
        "CREATE TABLE m6 (
             entity_id TEXT NOT NULL, doc_id TEXT NOT NULL, surface TEXT NOT NULL,
             lang TEXT NOT NULL, month TEXT, n INTEGER NOT NULL, spans TEXT NOT NULL,
             PRIMARY KEY (entity_id, doc_id, surface, lang)) WITHOUT ROWID;
         INSERT INTO m6 SELECT entity_id, doc_id, surface, lang, month, n, spans FROM mentions;
         DROP TABLE mentions;
         ALTER TABLE m6 RENAME TO mentions;
         CREATE TABLE s6 (
             doc_id TEXT PRIMARY KEY, n INTEGER NOT NULL, spans TEXT NOT NULL) WITHOUT ROWID;
         INSERT INTO s6 SELECT doc_id, n, spans FROM sentences;
         DROP TABLE sentences;
         ALTER TABLE s6 RENAME TO sentences;
         DELETE FROM documents_fts_config WHERE k = 'automerge';
         UPDATE schema_version SET version = 6;",
    )
    .expect("downgrade");
    drop(raw);
    let s = Store::open_read_only(p).expect("reopen (migrates)");
    assert_eq!(mention_answers(&s), before);
    let raw = rusqlite::Connection::open(p).expect("raw");
    let version: i64 = raw
        .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 8);
    let automerge: i64 = raw
        .query_row(
            "SELECT v FROM documents_fts_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .expect("automerge");
    assert_eq!(automerge, 8);
    let misplaced: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
             WHERE m.doc_row <> d.rowid",
            [],
            |r| r.get(0),
        )
        .expect("rows");
    assert_eq!(misplaced, 0);
    let s = Store::open(p).expect("open");
    assert_eq!(s.write_batch(&docs).expect("write").inserted, 1);
    let st = s.stats().expect("stats");
    assert_eq!((st.documents, st.mentions, st.sentences), (4, 8, 4));
    let rows: Vec<(String, i64)> = {
        let mut st = raw
            .prepare("SELECT m.doc_id, m.doc_row FROM mentions m ORDER BY m.doc_row")
            .expect("prepare");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    // The document written after the migration has the highest row number.
    assert_eq!(rows.last().map(|r| r.0.as_str()), Some(docs[3].id.as_str()));
    assert_eq!(s.verify().expect("verify"), Vec::<String>::new());
}
