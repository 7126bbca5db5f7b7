//! Answers of every read query on a store, as JSON Lines: stats, entity listings, profiles
//! and surfaces of the most mentioned entities, event listings (filtered by actor, code,
//! date, language), timelines, graphs, searches for words taken from the stored documents,
//! document pages and both exports. Two stores written from the same input by different
//! builds (or one store before and after a migration) must print the same lines.
//!
//!     cargo run --release -p khabar-store --example query_dump -- STORE.db > answers.jsonl
//!
//! It only reads through the public API; it does not check the answers, it prints them.

use khabar_store::{EntityFilter, EventFilter, SearchQuery, Store};
use serde::Serialize;
use std::io::Write;

fn line(out: &mut impl Write, what: &str, v: &impl Serialize) {
    let json = serde_json::to_string(v).unwrap_or_else(|e| format!("\"error: {e}\""));
    let _ = writeln!(out, "{what}\t{json}");
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: query_dump STORE.db");
        std::process::exit(2);
    };
    let s = match Store::open_read_only(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open {path}: {e}");
            std::process::exit(1);
        }
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let show = |r: Result<String, khabar_store::StoreError>| r.unwrap_or_else(|e| e.to_string());
    line(&mut out, "stats", &s.stats().map_err(|e| e.to_string()));
    let ents = s
        .entities(&EntityFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap_or_default();
    line(&mut out, "entities", &ents);
    for kind in ["PER", "GPE", "ORG"] {
        let f = EntityFilter {
            kind: Some(kind.into()),
            limit: 7,
            offset: 2,
            ..Default::default()
        };
        line(
            &mut out,
            "entities kind",
            &s.entities(&f).unwrap_or_default(),
        );
    }
    let f = EntityFilter {
        new_only: true,
        ..Default::default()
    };
    line(
        &mut out,
        "entities new",
        &s.entities(&f).unwrap_or_default(),
    );
    for e in ents.iter().take(25) {
        line(
            &mut out,
            "profile",
            &s.entity_profile(&e.id).map_err(|e| e.to_string()),
        );
        line(
            &mut out,
            "surfaces",
            &s.entity_surfaces(&e.id).unwrap_or_default(),
        );
        for (_, surface, _) in s.entity_surfaces(&e.id).unwrap_or_default().iter().take(3) {
            line(&mut out, "resolve", &s.resolve(surface).unwrap_or_default());
            let lower = surface.to_lowercase();
            line(
                &mut out,
                "resolve lower",
                &s.resolve(&lower).unwrap_or_default(),
            );
            let prefix: String = lower.chars().take(4).collect();
            line(
                &mut out,
                "resolve prefix",
                &s.resolve(&prefix).unwrap_or_default(),
            );
            let f = EventFilter {
                actor: Some(surface.clone()),
                limit: 50,
                ..Default::default()
            };
            line(
                &mut out,
                "events actor",
                &s.events(&f).map_err(|e| e.to_string()),
            );
            line(
                &mut out,
                "timeline actor",
                &s.timeline(&f).map_err(|e| e.to_string()),
            );
            line(
                &mut out,
                "graph actor",
                &s.graph(&f).map_err(|e| e.to_string()),
            );
        }
        let f = EventFilter {
            place: Some(e.name.clone()),
            ..Default::default()
        };
        line(
            &mut out,
            "events place",
            &s.events(&f).map_err(|e| e.to_string()),
        );
    }
    for (code, since, until, lang) in [
        (None, None, None, None),
        (Some("04"), None, None, None),
        (Some("1"), Some("2022"), Some("2023-06"), None),
        (None, Some("2023-01-05"), None, Some("bn")),
        (None, None, Some("2022-12"), Some("ar")),
    ] {
        for (limit, offset) in [(100, 0), (20, 40)] {
            let f = EventFilter {
                code: code.map(str::to_string),
                since: since.map(str::to_string),
                until: until.map(str::to_string),
                lang: lang.map(str::to_string),
                limit,
                offset,
                ..Default::default()
            };
            line(&mut out, "events", &s.events(&f).map_err(|e| e.to_string()));
        }
        let f = EventFilter {
            code: code.map(str::to_string),
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            lang: lang.map(str::to_string),
            ..Default::default()
        };
        line(
            &mut out,
            "timeline",
            &s.timeline(&f).map_err(|e| e.to_string()),
        );
        line(&mut out, "graph", &s.graph(&f).map_err(|e| e.to_string()));
    }
    let docs = s.documents(None, 100_000, 0).unwrap_or_default();
    line(&mut out, "documents", &docs);
    for lang in ["en", "bn", "ar", "ru"] {
        line(
            &mut out,
            "documents lang",
            &s.documents(Some(lang), 30, 5).unwrap_or_default(),
        );
    }
    // Search words: every 7th word of every 40th document, and their pieces.
    let mut words: Vec<String> = Vec::new();
    for d in docs.iter().step_by(40) {
        if let Ok(Some(doc)) = s.document(&d.id) {
            for w in doc.record.text.split_whitespace().step_by(7).take(6) {
                words.push(w.to_string());
                let chars: Vec<char> = w.chars().collect();
                if chars.len() > 4 {
                    words.push(chars[1..chars.len() - 1].iter().collect());
                    words.push(chars[..3].iter().collect::<String>().to_uppercase());
                }
            }
        }
    }
    words.push("zzqx".into());
    words.push("ab".into());
    for (i, w) in words.iter().enumerate() {
        let q = SearchQuery {
            text: w.clone(),
            lang: None,
            limit: 100_000,
            offset: 0,
        };
        line(&mut out, "search", &s.search(&q).map_err(|e| e.to_string()));
        if let Some(next) = words.get(i + 1) {
            let q = SearchQuery {
                text: format!("{w} {next}"),
                lang: Some("ru".into()),
                limit: 5,
                offset: 1,
            };
            line(
                &mut out,
                "search two",
                &s.search(&q).map_err(|e| e.to_string()),
            );
        }
    }
    for d in docs.iter().step_by(7) {
        line(
            &mut out,
            "document",
            &s.document(&d.id).map_err(|e| e.to_string()),
        );
    }
    line(
        &mut out,
        "document missing",
        &s.document("nope").map_err(|e| e.to_string()),
    );
    let mut jsonl = Vec::new();
    let n = show(s.export_jsonl(&mut jsonl).map(|n| n.to_string()));
    line(
        &mut out,
        "export jsonl",
        &(n, String::from_utf8_lossy(&jsonl)),
    );
    let mut gdelt = Vec::new();
    let n = show(s.export_gdelt(&mut gdelt).map(|n| n.to_string()));
    line(
        &mut out,
        "export gdelt",
        &(n, String::from_utf8_lossy(&gdelt)),
    );
    line(&mut out, "verify", &s.verify().map_err(|e| e.to_string()));
}
