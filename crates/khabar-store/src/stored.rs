//! The stored record of a document written straight from the [`Document`]: the JSON that
//! `serde_json` writes for the compact [`khabar_core::Record`] (text, mention texts and event
//! sentences empty, diagnostics kept; see `write.rs`), without building the `Record` first.
//! Building it cloned every string of the document and serializing it escaped them a byte at a
//! time; here strings are borrowed and escaped eight bytes at a time.
//!
//! It writes the fields `Record` has, in its order, with its `skip_serializing_if` rules;
//! numbers, dates and enum values go through `serde_json` itself, so they are spelled as the
//! derived code spells them. A test checks the output against `serde_json` on documents that
//! use every field, so a field added to `Record` fails it until it is written here too.
//! Reading is unchanged: `query::parse_record` deserializes a `Record`.

use khabar_core::{ActorRef, Document, Span};
use serde::Serialize;

/// Append `s` as a JSON string (quotes included), escaped as `serde_json` escapes it.
pub(crate) fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            if !needs_escape8(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        }
        let b = bytes.get(i).copied().unwrap_or(0);
        i += 1;
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                out.extend_from_slice(bytes.get(start..i - 1).unwrap_or_default());
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
                out.push(HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0'));
                start = i;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i - 1).unwrap_or_default());
        out.extend_from_slice(esc);
        start = i;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// Whether any of eight bytes is a control character, `"` or `\` (the classic SWAR tests:
/// a byte below 0x20, a byte equal to 0x22, a byte equal to 0x5c).
fn needs_escape8(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = x.wrapping_sub(ONES * 0x20) & !x;
    let quote = (x ^ (ONES * 0x22)).wrapping_sub(ONES) & !(x ^ (ONES * 0x22));
    let slash = (x ^ (ONES * 0x5c)).wrapping_sub(ONES) & !(x ^ (ONES * 0x5c));
    (below | quote | slash) & HIGH != 0
}

/// A value as `serde_json` writes it (numbers, dates, enum values).
fn push_serde<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> serde_json::Result<()> {
    serde_json::to_writer(&mut *out, v)
}

fn push_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => push_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn push_num(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    out.extend_from_slice(crate::write::decimal(n, &mut digits));
}

/// `[{"text":"","start":S,"end":E},...]` (mention texts are stored empty).
fn push_mentions(out: &mut Vec<u8>, spans: &[Span]) {
    out.push(b'[');
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"text\":\"\",\"start\":");
        push_num(out, s.start);
        out.extend_from_slice(b",\"end\":");
        push_num(out, s.end);
        out.push(b'}');
    }
    out.push(b']');
}

fn push_actor(out: &mut Vec<u8>, a: Option<&ActorRef>) {
    let Some(a) = a else {
        out.extend_from_slice(b"null");
        return;
    };
    out.extend_from_slice(b"{\"id\":");
    push_str(out, &a.id);
    out.extend_from_slice(b",\"name\":");
    push_str(out, &a.name);
    out.extend_from_slice(b",\"code\":");
    push_opt_str(out, a.code.as_deref());
    out.push(b'}');
}

/// The compact record of `d` as JSON, appended to `out`.
pub(crate) fn compact_record(d: &Document, out: &mut Vec<u8>) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    push_str(out, &d.id);
    out.extend_from_slice(b",\"source\":");
    push_str(out, &d.source);
    if let Some(url) = &d.url {
        out.extend_from_slice(b",\"url\":");
        push_str(out, url);
    }
    out.extend_from_slice(b",\"lang\":");
    push_opt_str(out, d.lang.as_deref());
    out.extend_from_slice(b",\"title\":");
    push_opt_str(out, d.title.as_deref());
    out.extend_from_slice(b",\"published\":");
    push_serde(out, &d.published)?;
    out.extend_from_slice(b",\"text\":\"\",\"entities\":[");
    for (i, e) in d.entities.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"id\":");
        push_str(out, &e.id);
        out.extend_from_slice(b",\"name\":");
        push_str(out, &e.name);
        out.extend_from_slice(b",\"type\":");
        push_serde(out, &e.kind)?;
        if let Some(code) = &e.cameo {
            out.extend_from_slice(b",\"code\":");
            push_str(out, code);
        }
        out.extend_from_slice(b",\"mentions\":");
        push_mentions(out, &e.mentions);
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"events\":[");
    for (i, ev) in d.events.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"code\":");
        push_str(out, &ev.code);
        out.extend_from_slice(b",\"label\":");
        push_str(out, &ev.label);
        out.extend_from_slice(b",\"quad_class\":");
        push_num(out, usize::from(ev.quad_class));
        out.extend_from_slice(b",\"goldstein\":");
        push_serde(out, &ev.goldstein)?;
        out.extend_from_slice(b",\"source\":");
        push_actor(out, Some(&ev.source));
        out.extend_from_slice(b",\"target\":");
        push_actor(out, ev.target.as_ref());
        out.extend_from_slice(b",\"place\":");
        push_actor(out, ev.place.as_ref());
        out.extend_from_slice(b",\"date\":");
        push_serde(out, &ev.date)?;
        out.extend_from_slice(b",\"sentence\":\"\",\"start\":");
        push_num(out, ev.sentence.start);
        out.extend_from_slice(b",\"end\":");
        push_num(out, ev.sentence.end);
        out.extend_from_slice(b",\"modality\":");
        push_serde(out, &ev.modality)?;
        out.extend_from_slice(b",\"confidence\":");
        push_serde(out, &ev.confidence)?;
        if !ev.also.is_empty() {
            out.extend_from_slice(b",\"also\":");
            push_mentions(out, &ev.also);
        }
        out.push(b'}');
    }
    out.push(b']');
    if let Some(dup) = &d.duplicate_of {
        out.extend_from_slice(b",\"duplicate_of\":");
        push_str(out, dup);
    }
    if let Some(story) = &d.story {
        out.extend_from_slice(b",\"story\":");
        push_str(out, story);
    }
    if !d.diagnostics.is_empty() {
        out.extend_from_slice(b",\"diagnostics\":[");
        for (i, g) in d.diagnostics.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"stage\":");
            push_str(out, &g.stage);
            out.extend_from_slice(b",\"severity\":");
            push_serde(out, &g.severity)?;
            out.extend_from_slice(b",\"reason\":");
            push_str(out, &g.reason);
            if let Some(t) = &g.text {
                out.extend_from_slice(b",\"text\":");
                push_str(out, t);
            }
            out.push(b'}');
        }
        out.push(b']');
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_core::{
        Diagnostic, Entity, EntityType, Event, Format, Modality, PartialDate, Record,
    };

    /// The compact record as first written: a `Record` with the slices emptied, by serde.
    fn by_serde(d: &Document) -> String {
        let mut record = Record::from_document(d, true);
        record.text = String::new();
        for e in &mut record.entities {
            for m in &mut e.mentions {
                m.text = String::new();
            }
        }
        for ev in &mut record.events {
            ev.sentence = String::new();
            for m in &mut ev.also {
                m.text = String::new();
            }
        }
        serde_json::to_string(&record).unwrap_or_default()
    }

    fn mine(d: &Document) -> String {
        let mut out = Vec::new();
        assert!(compact_record(d, &mut out).is_ok());
        String::from_utf8(out).unwrap_or_default()
    }

    fn at(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap_or(0);
        Span::new(s, s + needle.len())
    }

    /// A document that sets every field the record has, with text that needs escaping.
    fn full() -> Document {
        let text = "Президент \"Путин\" сказал\\n:\tв Каире\u{1}\u{1f} — ঢাকায় বৈঠক. القاهرة 2024";
        let mut d = Document::new(
            "src/\"ä\".html",
            text.as_bytes(),
            String::new(),
            Format::Html,
        );
        d.id = "doc\"1".into();
        d.text = text.to_string();
        d.url = Some("https://example.org/a?b=\"c\"&d=\\e".into());
        d.lang = Some("ru".into());
        d.title = Some("Заголовок\u{7f}\r\n\u{8}\u{c}".into());
        d.published = Some(PartialDate::ymd(2024, 2, 29));
        d.duplicate_of = Some("other".into());
        d.story = Some("story-9".into());
        d.entities = vec![
            Entity {
                id: "Q7747".into(),
                name: "Vladimir \"V\" Putin".into(),
                kind: EntityType::Per,
                country: Some("RUS".into()),
                cameo: Some("RUS GOV".into()),
                known: true,
                mentions: vec![at(text, "Путин"), at(text, "Путин")],
            },
            Entity {
                id: "new:gpe:kairo".into(),
                name: "Каир".into(),
                kind: EntityType::Gpe,
                country: None,
                cameo: None,
                known: false,
                mentions: vec![],
            },
        ];
        let actor = |id: &str, code: Option<&str>| ActorRef {
            id: id.into(),
            name: format!("name of {id}\t"),
            code: code.map(str::to_string),
        };
        d.events = vec![
            Event {
                code: "042".into(),
                label: "Make a visit".into(),
                quad_class: 1,
                goldstein: 1.9,
                source: actor("Q7747", Some("RUS GOV")),
                target: Some(actor("Q85", None)),
                place: Some(actor("Q85", Some("EGY"))),
                date: Some(PartialDate {
                    year: None,
                    month: Some(5),
                    day: Some(9),
                }),
                sentence: Span::new(0, 40),
                trigger: at(text, "сказал"),
                also: vec![at(text, "ঢাকায়")],
                modality: Modality::Hypothetical,
                confidence: 0.637_500_05,
            },
            Event {
                code: "190".into(),
                label: "Use force".into(),
                quad_class: 4,
                goldstein: -10.0,
                source: actor("Q1", None),
                target: None,
                place: None,
                date: None,
                sentence: Span::new(41, text.len()),
                trigger: Span::new(41, 41),
                also: vec![],
                modality: Modality::Negated,
                confidence: 1.0,
            },
        ];
        d.diagnostics = vec![
            Diagnostic::info("clean", "breadcrumb", Some("Главная | \"В мире\"".into())),
            Diagnostic::warning("ingest", "invalid-utf8", None),
        ];
        d
    }

    #[test]
    fn same_json_as_serde() {
        let d = full();
        assert_eq!(mine(&d), by_serde(&d));
        // And with every optional field absent.
        let mut bare = Document::new("b", b"", String::new(), Format::Text);
        bare.text = "x".into();
        assert_eq!(mine(&bare), by_serde(&bare));
        // It reads back as the record it stands for.
        let back: Record =
            serde_json::from_str(&mine(&d)).unwrap_or_else(|_| Record::from_document(&bare, true));
        assert_eq!(back.diagnostics.len(), 2);
        assert_eq!(
            back.events.first().map(|e| e.confidence),
            Some(0.637_500_05)
        );
    }

    #[test]
    fn strings_escape_as_serde_does() {
        let mut all = String::new();
        for b in 0u8..0x80 {
            all.push(char::from(b));
        }
        let cases = [
            "",
            "plain ascii text that is long enough to use whole words",
            "\"",
            "\\",
            "ab\"cdefgh\\ijklmnop\u{0}q",
            "ঢাকায় বাংলাদেশের \u{1b}[0m القاهرة",
            "12345678\n",
            all.as_str(),
        ];
        for s in cases {
            let mut out = Vec::new();
            push_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap_or_default(),
                serde_json::to_string(s).unwrap_or_default(),
                "{s:?}"
            );
        }
    }
}
