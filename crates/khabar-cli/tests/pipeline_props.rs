//! Whole-pipeline properties: the standard stages (clean, language, sentences, dates, entities,
//! events), built once like `Pipeline::standard`, run on arbitrary bytes and on random mixes of
//! Bengali, Arabic, Cyrillic and Latin text with HTML fragments. Checked for every input:
//! nothing panics; every span (paragraphs, sentences, dates, mentions, event sentences,
//! triggers and extra mentions) lies on char boundaries inside `doc.text`; each record mention
//! is the text at its offsets; cleaning is idempotent (the cleaned text, cleaned again as a
//! text document, is unchanged); the record survives a JSON round trip.
//! Case counts are modest so `cargo test` stays fast; raise them with `PROPTEST_CASES`.
//! Cross-document steps (near-duplicates, stories) are not covered here.

use khabar_core::{Document, Format, Record, Span, Stage};
use proptest::prelude::*;
use std::sync::{Arc, OnceLock};

struct Stages {
    clean: Box<dyn Stage>,
    rest: Vec<Box<dyn Stage>>,
}

fn stages() -> &'static Stages {
    static STAGES: OnceLock<Stages> = OnceLock::new();
    STAGES.get_or_init(|| {
        let kb = khabar_extract::kb::Kb::builtin().unwrap_or_else(|e| panic!("kb: {e}"));
        let linker = khabar_extract::entities::EntityLinker::new(Arc::new(kb))
            .unwrap_or_else(|e| panic!("linker: {e}"));
        let coder =
            khabar_extract::events::EventCoder::new().unwrap_or_else(|e| panic!("events: {e}"));
        Stages {
            clean: Box::new(khabar_text::clean::CleanConfig::default().build()),
            rest: vec![
                Box::new(khabar_text::lang::LanguageDetector::new()),
                Box::new(khabar_text::sentences::SentenceSplitter::new()),
                Box::new(khabar_text::dates::DateReader::new()),
                Box::new(linker),
                Box::new(coder),
            ],
        }
    })
}

fn document(body: &str, format: Format) -> Document {
    Document::new("prop", body.as_bytes(), body.to_string(), format)
}

fn clean_only(body: &str, format: Format) -> String {
    let mut d = document(body, format);
    stages().clean.process(&mut d);
    d.text
}

fn run(body: &str, format: Format) -> Document {
    let s = stages();
    let mut d = document(body, format);
    s.clean.process(&mut d);
    d.raw = String::new();
    for st in &s.rest {
        st.process(&mut d);
    }
    d
}

fn check_span(text: &str, what: &str, s: Span) -> Result<(), TestCaseError> {
    prop_assert!(
        s.start <= s.end && s.end <= text.len(),
        "{what} {s:?} out of the text of {} bytes",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what} {s:?} not on char boundaries"
    );
    Ok(())
}

fn check_document(body: &str, format: Format, idempotent: bool) -> Result<(), TestCaseError> {
    let d = run(body, format);
    let t = d.text.as_str();
    for p in &d.paragraphs {
        check_span(t, "paragraph", p.span)?;
    }
    for &s in &d.sentences {
        check_span(t, "sentence", s)?;
    }
    for m in &d.dates {
        check_span(t, "date", m.span)?;
    }
    for e in &d.entities {
        for &m in &e.mentions {
            check_span(t, "mention", m)?;
            prop_assert!(!m.is_empty(), "empty mention of {}", e.name);
        }
    }
    for ev in &d.events {
        check_span(t, "event sentence", ev.sentence)?;
        check_span(t, "event trigger", ev.trigger)?;
        for &a in &ev.also {
            check_span(t, "event mention", a)?;
        }
    }

    // Cleaning is idempotent: the cleaned text, read again as a text document, stays the same.
    if idempotent {
        let again = clean_only(t, Format::Text);
        prop_assert_eq!(&again, &d.text, "cleaning the cleaned text changed it");
    }

    // The record: mention texts sit at their offsets, and JSON goes there and back.
    let rec = Record::from_document(&d, true);
    for e in &rec.entities {
        for m in &e.mentions {
            prop_assert_eq!(t.get(m.start..m.end), Some(m.text.as_str()));
        }
    }
    for ev in &rec.events {
        prop_assert_eq!(t.get(ev.start..ev.end), Some(ev.sentence.as_str()));
    }
    let json = serde_json::to_string(&rec).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Record =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    let json2 = serde_json::to_string(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(json, json2);
    Ok(())
}

/// Fragments written for this test: sentences in four scripts, dates, names, HTML pieces and
/// awkward characters (combining marks, joiners, direction marks, emoji, replacement char).
const FRAGMENTS: &[&str] = &[
    "The prime minister of Bangladesh visited Dhaka on 12 March 2024.",
    "Police arrested three protesters in Cairo on Monday, officials said.",
    "India and Pakistan agreed to hold talks next week.",
    "Mr. Smith, the U.N. envoy, said: \"We condemn the attack.\"",
    "ঢাকায় মঙ্গলবার বাংলাদেশের প্রধানমন্ত্রী বৈঠক করেছেন।",
    "১২ মার্চ ২০২৪ তারিখে পুলিশ তিনজনকে গ্রেপ্তার করেছে।",
    "ভারত ও পাকিস্তান আলোচনায় বসতে রাজি হয়েছে?",
    "التقى الرئيس المصري بوزير الخارجية في القاهرة يوم الأحد.",
    "اعتقلت الشرطة ثلاثة متظاهرين في ١٢ مارس ٢٠٢٤.",
    "أدانت الحكومة الهجوم على السفارة!",
    "Президент России встретился с министром в Москве 12 марта 2024 года.",
    "Полиция задержала трёх демонстрантов в понедельник.",
    "Украина и Россия договорились о переговорах.",
    "2024-03-12",
    "12/03/2024",
    "Monday",
    "<p>",
    "</p>",
    "<div class=\"nav\">",
    "</div>",
    "<br>",
    "<a href=\"/home\">Home</a>",
    "<script>var x = '<p>not text</p>';</script>",
    "<style>p { color: red }</style>",
    "<!-- comment -->",
    "<!--",
    "&amp; &lt; &#2453; &#x627; &bogus; &",
    "<title>Headline</title>",
    "<p unclosed",
    "<",
    ">",
    "Share on Facebook",
    "Read more",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    ".",
    "...",
    "?!",
    "।",
    "؟",
    "e\u{301}",
    "\u{200d}",
    "\u{200c}",
    "\u{200f}",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "\u{0}",
    "🙂👍🏽",
    "ক্ষ্ম",
    "ﻻ",
];

fn mix() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{0,12}",
        1 => "[ \n.<>/a-zа-яঅ-হا-ي0-9]{0,12}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| {
        v.iter().fold(String::new(), |mut s, p| {
            if !s.is_empty() && !p.starts_with('<') {
                s.push(' ');
            }
            s.push_str(p);
            s
        })
    })
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![Just(Format::Text), Just(Format::Html)]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_keep_the_invariants(
        bytes in proptest::collection::vec(any::<u8>(), 0..1500),
        format in format(),
    ) {
        let body = String::from_utf8_lossy(&bytes);
        check_document(&body, format, true)?;
    }

    #[test]
    fn script_and_html_mixes_keep_the_invariants(body in mix(), format in format()) {
        check_document(&body, format, true)?;
    }

    #[test]
    fn mixes_wrapped_in_a_page_keep_the_invariants(body in mix(), title in mix()) {
        let page = format!(
            "<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>\
             <article><h1>{title}</h1><p>{body}</p></article></body></html>"
        );
        // Idempotence is not checked on whole pages: see `page_cleaning_is_idempotent`.
        check_document(&page, Format::Html, false)?;
    }

    /// A whole page cleaned, then its text cleaned again as a text scrape, keeps the text.
    /// See `cleaned_headline_is_kept_on_a_second_cleaning` for the input that once failed.
    #[test]
    fn page_cleaning_is_idempotent(body in mix(), title in mix()) {
        let page = format!(
            "<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>\
             <article><h1>{title}</h1><p>{body}</p></article></body></html>"
        );
        check_document(&page, Format::Html, true)?;
    }
}

/// The counterexample proptest found for `page_cleaning_is_idempotent`: the headline
/// (symbols, then the paragraph's sentence) and the paragraph became adjacent only once the
/// symbols-only block between them was removed, so the glued-breadcrumb rule, run once before
/// removals, only fired on a second cleaning. It now runs in every round.
#[test]
fn cleaned_headline_is_kept_on_a_second_cleaning() {
    let title =
        "\u{11BC0}\u{1CF30}<p> The prime minister of Bangladesh visited Dhaka on 12 March 2024.";
    let page = format!(
        "<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>\
         <article><h1>{title}</h1><p></p></article></body></html>"
    );
    let once = clean_only(&page, Format::Html);
    let twice = clean_only(&once, Format::Text);
    assert_eq!(twice, once);
}

/// One paragraph per script, written for this test: each paragraph gets a language.
#[test]
fn every_paragraph_of_a_multiscript_document_has_a_language() {
    let paras = [
        "The river rose overnight and the road to the village was closed by the police.",
        "নদীর পানি রাতারাতি বেড়ে যাওয়ায় গ্রামের রাস্তা বন্ধ করে দিয়েছে পুলিশ।",
        "ارتفع منسوب النهر خلال الليل وأغلقت الشرطة الطريق المؤدية إلى القرية.",
        "Река поднялась за ночь, и полиция закрыла дорогу в деревню.",
        "रात भर नदी का पानी बढ़ गया और पुलिस ने गाँव की सड़क बंद कर दी।",
    ];
    let body = paras.join("\n\n");
    let d = run(&body, Format::Text);
    assert_eq!(
        d.paragraphs.len(),
        paras.len(),
        "paragraphs: {:?}",
        d.paragraphs
    );
    let langs: Vec<Option<&str>> = d.paragraphs.iter().map(|p| p.lang.as_deref()).collect();
    assert!(
        langs.iter().all(Option::is_some),
        "a paragraph without a language: {langs:?}"
    );
    assert_eq!(langs.first().copied().flatten(), Some("en"));
    assert_eq!(langs.get(1).copied().flatten(), Some("bn"));
    assert_eq!(langs.get(2).copied().flatten(), Some("ar"));
    assert_eq!(langs.get(3).copied().flatten(), Some("ru"));
}

/// Per-stage times on one long line of repeated sentences (no newline), doubling its size:
/// a stage whose time grows much faster than the input is quadratic on single-line pages.
/// Ignored by default (slow in debug); run with
/// `cargo test -p khabar-cli --test pipeline_props single_line -- --ignored --nocapture`.
#[test]
#[ignore]
fn single_line_stage_times_grow_linearly() {
    let sentence =
        "The council of the city met again on Tuesday and the talks went on without a break. ";
    let s = stages();
    let mut last: Vec<f64> = Vec::new();
    let mut slow = Vec::new();
    for kb in [64usize, 128, 256] {
        let body: String = sentence.repeat(kb * 1024 / sentence.len());
        let mut d = document(&body, Format::Text);
        let mut times = Vec::new();
        let t = std::time::Instant::now();
        s.clean.process(&mut d);
        times.push(("clean", t.elapsed().as_secs_f64()));
        for st in &s.rest {
            let t = std::time::Instant::now();
            st.process(&mut d);
            times.push((st.name(), t.elapsed().as_secs_f64()));
        }
        eprintln!("{kb} KiB: {times:?}");
        let now: Vec<f64> = times.iter().map(|t| t.1).collect();
        for (i, (name, secs)) in times.iter().enumerate() {
            if let Some(prev) = last.get(i) {
                if *secs >= 0.5 && *secs >= prev * 3.0 {
                    slow.push(format!("{name}: {prev:.2}s -> {secs:.2}s at {kb} KiB"));
                }
            }
        }
        last = now;
    }
    assert!(
        slow.is_empty(),
        "superlinear when the input doubled: {slow:?}"
    );
}
