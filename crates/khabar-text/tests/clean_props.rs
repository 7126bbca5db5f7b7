//! Property tests of the cleaner: arbitrary input never panics, paragraph spans stay on
//! character boundaries and cover the text, and cleaning the cleaned text changes nothing.

use khabar_core::{Document, Format, Stage};
use khabar_text::clean::{CleanConfig, Cleaner};
use proptest::prelude::*;
use std::sync::OnceLock;

fn cleaner() -> &'static Cleaner {
    static C: OnceLock<Cleaner> = OnceLock::new();
    C.get_or_init(|| CleanConfig::default().build())
}

fn check_spans(doc: &Document) -> Result<(), TestCaseError> {
    let mut prev = 0usize;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        prop_assert!(doc.text.is_char_boundary(p.span.start));
        prop_assert!(doc.text.is_char_boundary(p.span.end));
        prop_assert!(p.span.start < p.span.end);
        if i > 0 {
            prop_assert_eq!(doc.text.get(prev..p.span.start), Some("\n\n"));
        } else {
            prop_assert_eq!(p.span.start, 0);
        }
        prev = p.span.end;
    }
    prop_assert_eq!(prev, doc.text.len());
    Ok(())
}

/// Text that looks a bit like a scrape: words of several scripts, sentence marks, newlines.
fn scrape() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("।".to_string()),
        Just(".".to_string()),
        Just("؟".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("Home".to_string()),
        Just("Related Articles".to_string()),
        Just("আপনি পড়ছেন".to_string()),
        Just("(বামে)".to_string()),
        Just("- Ad -".to_string()),
        "[a-zA-Z]{1,8}",
        "[অ-হা-ৌ্]{1,8}",
        "[ا-ي]{1,8}",
        "[а-яА-Я]{1,8}",
        "[ \\t]{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_and_spans_hold(s in any::<String>()) {
        let mut doc = Document::new("t", s.as_bytes(), s.clone(), Format::Text);
        cleaner().process(&mut doc);
        check_spans(&doc)?;
    }

    #[test]
    fn arbitrary_bytes_as_html_never_panic(b in prop::collection::vec(any::<u8>(), 0..600)) {
        let s = String::from_utf8_lossy(&b).into_owned();
        let mut doc = Document::new("h", &b, s, Format::Html);
        cleaner().process(&mut doc);
        check_spans(&doc)?;
    }

    #[test]
    fn html_like_input_never_panics(parts in prop::collection::vec(prop_oneof![
        Just("<p>".to_string()), Just("</p>".to_string()), Just("<div class=\"comments\">".to_string()),
        Just("</div>".to_string()), Just("<a href=x>".to_string()), Just("</a>".to_string()),
        Just("<script>".to_string()), Just("<nav>".to_string()), Just("<h1>".to_string()),
        Just("<br>".to_string()), Just("&amp;".to_string()), Just("<!--".to_string()),
        "[a-z ]{1,20}", "[অ-হ ।]{1,20}", "[ا-ي ،.]{1,20}",
    ], 0..60)) {
        let s = parts.concat();
        let mut doc = Document::new("h", s.as_bytes(), s.clone(), Format::Html);
        cleaner().process(&mut doc);
        check_spans(&doc)?;
    }

    #[test]
    fn cleaning_twice_changes_nothing(s in scrape()) {
        let once = cleaner().clean_text(&s);
        let twice = cleaner().clean_text(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert_eq!(twice.paragraphs, once.paragraphs);
    }

    #[test]
    fn cleaning_twice_changes_nothing_on_any_string(s in any::<String>()) {
        let once = cleaner().clean_text(&s);
        let twice = cleaner().clean_text(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
    }
}
