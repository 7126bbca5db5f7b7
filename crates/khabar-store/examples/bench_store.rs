//! Store benchmark: writes a synthetic store of N events (default 1,000,000: 200,000
//! documents of five events each, 5,000 actors named in four scripts) through the normal
//! `write_batch` path, then times the queries the CLI and the server ask most and prints
//! median and p95 latencies.
//!
//!     cargo run --release -p khabar-store --example bench_store -- /tmp/bench.db [EVENTS]
//!
//! An existing file is reused (only the queries run), so the write cost is paid once.

use khabar_core::{ActorRef, Document, Entity, EntityType, Event, Format, PartialDate, Span};
use khabar_store::{EventFilter, SearchQuery, Store};
use std::time::{Duration, Instant};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Consonants and vowels (or vowel signs) per script; syllables are all their pairs, so the
/// text has the variety of trigrams real text has.
const SCRIPTS: [(&str, &str, &str); 4] = [
    ("en", "bcdfghjklmnprstvwyz", "aeiou"),
    (
        "bn",
        "কখগঘচছজঝটডতথদধনপফবভমরলশসহ",
        "\u{9be}\u{9bf}\u{9c0}\u{9c1}\u{9c7}\u{9cb}",
    ),
    ("ar", "بتثجحخدذرزسشصضطعغفقكلمنهوي", "اوي"),
    ("ru", "бвгджзклмнпрстфхцчшщ", "аеиоуыэюя"),
];

fn syllables(script: usize) -> Vec<String> {
    let (_, cons, vow) = SCRIPTS[script % 4];
    let mut out = Vec::new();
    for c in cons.chars() {
        for v in vow.chars() {
            out.push(format!("{c}{v}"));
        }
    }
    out
}

/// A pseudo-word from a number: the same number gives the "same" word in every script.
fn word(n: usize, syl: &[String], parts: usize) -> String {
    let mut s = String::new();
    let mut x = n;
    for _ in 0..parts {
        s.push_str(&syl[x % syl.len()]);
        x /= syl.len();
    }
    s
}

fn generate(store: &Store, events: usize, rng: &mut Rng, syl: &[Vec<String>]) {
    const ACTORS: usize = 5_000;
    const VOCAB: usize = 20_000;
    const PER_DOC: usize = 5;
    let docs = events / PER_DOC;
    let start = Instant::now();
    let mut batch = Vec::with_capacity(5_000);
    for d in 0..docs {
        let lang = SCRIPTS[d % 4].0;
        let latin = &syl[0];
        let syl = &syl[d % 4];
        let mut text = String::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut evs = Vec::new();
        let day = PartialDate::from_days(19_000 + (d % 730) as i64);
        for e in 0..PER_DOC {
            let a = rng.below(ACTORS);
            let b = rng.below(ACTORS);
            let sent_start = text.len();
            for (k, actor) in [a, b].into_iter().enumerate() {
                let name = word(actor, syl, 3);
                let s = text.len();
                text.push_str(&name);
                let span = Span::new(s, text.len());
                match entities.iter_mut().find(|x| x.id == format!("a{actor}")) {
                    Some(x) => x.mentions.push(span),
                    None => entities.push(Entity {
                        id: format!("a{actor}"),
                        name: word(actor, latin, 3),
                        kind: EntityType::Per,
                        country: None,
                        cameo: Some("XXX GOV".into()),
                        known: true,
                        mentions: vec![span],
                    }),
                }
                text.push(' ');
                if k == 0 {
                    for _ in 0..6 {
                        text.push_str(&word(rng.below(VOCAB), syl, 3));
                        text.push(' ');
                    }
                }
            }
            text.push_str(". ");
            evs.push(Event {
                code: format!("0{}", 10 + rng.below(80)),
                label: "event".into(),
                quad_class: 1,
                goldstein: 1.0,
                source: ActorRef {
                    id: format!("a{a}"),
                    name: word(a, latin, 3),
                    code: None,
                },
                target: Some(ActorRef {
                    id: format!("a{b}"),
                    name: word(b, latin, 3),
                    code: None,
                }),
                place: None,
                date: Some(day),
                sentence: Span::new(sent_start, text.len()),
                trigger: Span::new(sent_start, sent_start),
                also: vec![],
                modality: Default::default(),
                confidence: 0.9,
                // (e is only the event's index)
            });
            let _ = e;
        }
        let mut doc = Document::new(
            format!("gen/{d}"),
            format!("doc {d}").as_bytes(),
            String::new(),
            Format::Text,
        );
        doc.lang = Some(lang.into());
        doc.title = Some(format!("Report {d}"));
        doc.published = Some(day);
        doc.sentences = evs.iter().map(|e| e.sentence).collect();
        doc.text = text;
        doc.entities = entities;
        doc.events = evs;
        batch.push(doc);
        if batch.len() == 5_000 {
            if let Err(e) = store.write_batch(&batch) {
                eprintln!("write failed: {e}");
                return;
            }
            batch.clear();
            eprint!(
                "\r{} documents, {:.0} s",
                d + 1,
                start.elapsed().as_secs_f64()
            );
        }
    }
    if let Err(e) = store.write_batch(&batch) {
        eprintln!("write failed: {e}");
    }
    let el = start.elapsed().as_secs_f64();
    println!(
        "\nwrote {docs} documents, {events} events in {el:.1} s ({:.0} documents/s, {:.0} events/s)",
        docs as f64 / el,
        events as f64 / el
    );
}

fn report(what: &str, mut times: Vec<Duration>, rows: usize) {
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{what:<42} n={:<4} median {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms  ({rows} rows total)",
        times.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "/tmp/khabar-bench.db".into());
    let events: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let fresh = !std::path::Path::new(&path).exists();
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut rng = Rng(0x6b68_6162_6172);
    let syl: Vec<Vec<String>> = (0..4).map(syllables).collect();
    if fresh {
        generate(&store, events, &mut rng, &syl);
    }
    match store.stats() {
        Ok(s) => println!(
            "store: {} documents, {} events, {} mentions, {} entities",
            s.documents, s.events, s.mentions, s.entities
        ),
        Err(e) => eprintln!("stats: {e}"),
    }
    let runs = 200;
    let mut time = |what: &str, f: &mut dyn FnMut(&mut Rng) -> usize| {
        let mut t = Vec::with_capacity(runs);
        let mut rows = 0;
        for _ in 0..runs {
            let s = Instant::now();
            rows += f(&mut rng);
            t.push(s.elapsed());
        }
        report(what, t, rows);
    };
    time("events --actor (any script), limit 50", &mut |r| {
        let syl = &syl[r.below(4)];
        let f = EventFilter {
            actor: Some(word(r.below(5_000), syl, 3)),
            limit: 50,
            ..Default::default()
        };
        store.events(&f).map_or(0, |v| v.len())
    });
    time("events --actor --since --until (3 months)", &mut |r| {
        let syl = &syl[r.below(4)];
        let from = PartialDate::from_days(19_000 + r.below(640) as i64);
        let to = from.add_days(90).unwrap_or(from);
        let f = EventFilter {
            actor: Some(word(r.below(5_000), syl, 3)),
            since: Some(from.to_string()),
            until: Some(to.to_string()),
            limit: 50,
            ..Default::default()
        };
        store.events(&f).map_or(0, |v| v.len())
    });
    time("events --since --until (one day)", &mut |r| {
        let d = PartialDate::from_days(19_000 + r.below(730) as i64).to_string();
        let f = EventFilter {
            since: Some(d.clone()),
            until: Some(d),
            limit: 50,
            ..Default::default()
        };
        store.events(&f).map_or(0, |v| v.len())
    });
    time("events --actor --target", &mut |r| {
        let f = EventFilter {
            actor: Some(word(r.below(5_000), &syl[0], 3)),
            target: Some(word(r.below(5_000), &syl[1], 3)),
            limit: 50,
            ..Default::default()
        };
        store.events(&f).map_or(0, |v| v.len())
    });
    time("search one word (any script), limit 20", &mut |r| {
        let syl = &syl[r.below(4)];
        let q = SearchQuery {
            text: word(r.below(20_000), syl, 3),
            limit: 20,
            ..Default::default()
        };
        store.search(&q).map_or(0, |v| v.len())
    });
    time("search two words, limit 20", &mut |r| {
        let syl = &syl[r.below(4)];
        let q = SearchQuery {
            text: format!(
                "{} {}",
                word(r.below(5_000), syl, 3),
                word(r.below(20_000), syl, 3)
            ),
            limit: 20,
            ..Default::default()
        };
        store.search(&q).map_or(0, |v| v.len())
    });
    time("entity profile (any script)", &mut |r| {
        let syl = &syl[r.below(4)];
        store
            .entity_profile(&word(r.below(5_000), syl, 3))
            .map_or(0, |p| p.map_or(0, |p| p.events.len()))
    });
}
