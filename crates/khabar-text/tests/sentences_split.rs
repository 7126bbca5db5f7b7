//! Sentence splitting on hand-written fixtures (`tests/data/sentences/cases.txt`) in en, bn,
//! ar, ru, plus the stage's invariants on arbitrary input.

use khabar_core::{Document, Span, Stage};
use khabar_text::sentences::SentenceSplitter;
use proptest::prelude::*;

fn cases() -> Vec<(String, Vec<String>)> {
    let data = include_str!("data/sentences/cases.txt");
    let body: String = data
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    body.split("===\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let (input, expected) = block.split_once("---\n").expect("--- in case");
            let input = input.strip_suffix('\n').unwrap_or(input).to_string();
            let expected = expected
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            (input, expected)
        })
        .collect()
}

fn check_invariants(text: &str, spans: &[Span]) {
    for w in spans.windows(2) {
        assert!(w[0].end <= w[1].start, "overlap or unsorted in {text:?}");
    }
    for s in spans {
        assert!(s.start < s.end);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let t = s.slice(text);
        assert_eq!(t, t.trim(), "untrimmed sentence {t:?}");
        assert!(!t.contains('\n'), "sentence crosses a line: {t:?}");
    }
}

#[test]
fn fixture_cases() {
    let sp = SentenceSplitter::new();
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    for (input, expected) in cases {
        let spans = sp.split(&input);
        check_invariants(&input, &spans);
        let got: Vec<&str> = spans.iter().map(|s| s.slice(&input)).collect();
        assert_eq!(got, expected, "splitting {input:?}");
    }
}

#[test]
fn stage_fills_document() {
    let mut doc = Document {
        text: "One here. Two there.\n\nThree।".into(),
        ..Document::default()
    };
    SentenceSplitter::new().process(&mut doc);
    assert_eq!(doc.sentences.len(), 3);
    assert_eq!(doc.slice(doc.sentences[2]), "Three।");
}

#[test]
fn user_abbreviations_extend_and_bad_data_is_rejected() {
    let mut sp = SentenceSplitter::new();
    let text = "Talks with Brig.-Gen. Xu. Then lunch.";
    assert_eq!(sp.split(text).len(), 3);
    assert!(sp.add_abbreviations("Brig.-Gen.\n").is_ok());
    assert_eq!(sp.split(text).len(), 2);
    assert!(sp.add_abbreviations("no period here\n").is_err());
    assert!(sp.add_abbreviations("Zz.\tsometimes\n").is_err());
    let text = "We met Amb. Kowalski. Then lunch.";
    assert_eq!(sp.split(text).len(), 2);
}

proptest! {
    #[test]
    fn arbitrary_text_keeps_invariants(s in "\\PC{0,80}") {
        let spans = SentenceSplitter::new().split(&s);
        check_invariants(&s, &spans);
    }

    #[test]
    fn punctuation_heavy_text_keeps_invariants(s in "[a-zA-Z ক-হ।॥؟ا-ي.!?…\"'()«»\n 0-9]{0,120}") {
        let spans = SentenceSplitter::new().split(&s);
        check_invariants(&s, &spans);
    }
}
