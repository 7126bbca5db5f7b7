//! Builds documents by hand for the event tests: text from sentences, entity mentions from
//! the surfaces given (found in the text), date mentions from substrings.
#![allow(dead_code)]

use khabar_core::{DateKind, DateMention, Document, Entity, EntityType, Event, PartialDate, Span};
use khabar_extract::events::EventCoder;
use std::sync::OnceLock;

pub fn coder() -> &'static EventCoder {
    static C: OnceLock<EventCoder> = OnceLock::new();
    C.get_or_init(|| EventCoder::new().expect("event data loads"))
}

/// An entity: id, English name, kind, CAMEO actor code, the surfaces it is written as.
pub struct E<'a>(
    pub &'a str,
    pub &'a str,
    pub EntityType,
    pub Option<&'a str>,
    pub &'a [&'a str],
);

pub fn doc(lang: &str, sentences: &[&str], ents: &[E], dates: &[(&str, PartialDate)]) -> Document {
    let mut d = Document {
        lang: Some(lang.into()),
        ..Document::default()
    };
    let mut text = String::new();
    for s in sentences {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(s);
        d.sentences.push(Span::new(start, text.len()));
    }
    let mut taken: Vec<Span> = Vec::new();
    let mut entities = Vec::new();
    // Longest surfaces first, so "Joe Biden" wins over "Biden".
    let mut surfaces: Vec<(usize, &str)> = ents
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.4.iter().map(move |s| (i, *s)))
        .collect();
    surfaces.sort_by_key(|(_, s)| std::cmp::Reverse(s.len()));
    let mut mentions: Vec<Vec<Span>> = vec![Vec::new(); ents.len()];
    for (i, s) in surfaces {
        for (pos, _) in text.match_indices(s) {
            let sp = Span::new(pos, pos + s.len());
            if taken.iter().all(|t| !t.overlaps(sp)) {
                taken.push(sp);
                mentions[i].push(sp);
            }
        }
    }
    for (i, e) in ents.iter().enumerate() {
        let mut ms = mentions[i].clone();
        ms.sort();
        entities.push(Entity {
            id: e.0.into(),
            name: e.1.into(),
            kind: e.2,
            country: e.3.map(|c| c.split(' ').next().unwrap_or(c).to_string()),
            cameo: e.3.map(str::to_string),
            known: true,
            mentions: ms,
        });
    }
    for (s, date) in dates {
        if let Some(pos) = text.find(s) {
            d.dates.push(DateMention {
                span: Span::new(pos, pos + s.len()),
                date: *date,
                kind: DateKind::Absolute,
                placeholder: false,
            });
        }
    }
    d.text = text;
    d.entities = entities;
    d
}

/// Events as (code root, source name, target name or "-").
pub fn triples(evs: &[Event]) -> Vec<(String, String, String)> {
    evs.iter()
        .map(|e| {
            (
                e.code.get(..2).unwrap_or("").to_string(),
                e.source.name.clone(),
                e.target
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| "-".into()),
            )
        })
        .collect()
}

pub fn has(evs: &[Event], root: &str, src: &str, tgt: &str) -> bool {
    triples(evs)
        .iter()
        .any(|(r, s, t)| r == root && s == src && t == tgt)
}

/// The code roots of the triggers found in one sentence of a language.
pub fn roots_in(lang: &str, sentence: &str) -> Vec<String> {
    let lex = coder().lexicons().langs.get(lang).expect("language");
    let norm = khabar_text::normalize::normalize(sentence);
    lex.find(&norm.text)
        .iter()
        .filter_map(|h| lex.info(h))
        .map(|i| i.code.get(..2).unwrap_or("").to_string())
        .collect()
}

/// Every sentence yields a trigger of its root; all 20 roots are covered.
pub fn check_roots(lang: &str, cases: &[(&str, &str)]) {
    let mut covered = std::collections::BTreeSet::new();
    for (root, s) in cases {
        let got = roots_in(lang, s);
        assert!(
            got.iter().any(|r| r == root),
            "{lang}: {s:?} gave {got:?}, wanted {root}"
        );
        covered.insert(root.to_string());
    }
    assert_eq!(covered.len(), 20, "{lang}: roots covered {covered:?}");
}
