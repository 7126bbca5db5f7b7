//! Date reading on hand-written fixtures (`tests/data/dates/cases.tsv`) in en, ar, bn, ru, fr,
//! es, de, tr: native digits, every month set (incl. Levantine, Maghreb, Libyan), relative
//! dates with and without a publication date, weekday-year inference, XNUMX placeholders.

use khabar_core::{DateKind, Document, Format, PartialDate, Span, Stage};
use khabar_text::dates::{check_data, date_for_span, DateReader};
use khabar_text::sentences::SentenceSplitter;
use proptest::prelude::*;

fn render(text: &str, reader: &DateReader, published: Option<PartialDate>, lang: &str) -> String {
    let ms = reader.read(text, published, Some(lang));
    if ms.is_empty() {
        return "-".into();
    }
    ms.iter()
        .map(|m| {
            let mut s = format!("{} => {}", m.span.slice(text), m.date);
            if m.kind == DateKind::Relative {
                s.push_str(" R");
            }
            if m.placeholder {
                s.push_str(" P");
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ;; ")
}

#[test]
fn data_is_valid() {
    assert!(check_data().unwrap_or(0) > 200);
}

#[test]
fn fixture_cases() {
    let reader = DateReader::new();
    let mut n = 0;
    let mut failures = Vec::new();
    for line in include_str!("data/dates/cases.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "fixture line {line:?}");
        let published = if f[1] == "-" {
            None
        } else {
            PartialDate::parse(f[1])
        };
        let got = render(f[2], &reader, published, f[0]);
        if got != f[3] {
            failures.push(format!(
                "{} | {}\n   want: {}\n    got: {}",
                f[0], f[2], f[3], got
            ));
        }
        n += 1;
    }
    assert!(n >= 60, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn weekday_year_inference_uses_reference_when_unpublished() {
    // 15 February was a Thursday in 2024 and 2018; reference 2026 searches back to 2024.
    let r = DateReader::with_reference(PartialDate::ymd(2026, 6, 1));
    let text = "On Thursday (15 February) the convoy left.";
    let ms = r.read(text, None, Some("en"));
    assert_eq!(ms.len(), 1);
    assert_eq!(ms[0].date, PartialDate::ymd(2024, 2, 15));
    // Reference 2023: the latest earlier Thursday 15 February is 2018.
    let r = DateReader::with_reference(PartialDate::ymd(2023, 1, 1));
    let ms = r.read(text, None, Some("en"));
    assert_eq!(ms[0].date, PartialDate::ymd(2018, 2, 15));
    // A publication year wins over the reference.
    let ms = r.read(text, PartialDate::parse("2024-03-01"), Some("en"));
    assert_eq!(ms[0].date, PartialDate::ymd(2024, 2, 15));
}

#[test]
fn stage_and_helper() {
    let mut doc = Document {
        text: "The mayor resigned on 9 May 2019. Protests began 3 June.\n\nNo date here.".into(),
        lang: Some("en".into()),
        ..Document::default()
    };
    SentenceSplitter::new().process(&mut doc);
    DateReader::new().process(&mut doc);
    assert_eq!(doc.dates.len(), 2);
    let resigned = doc.text.find("resigned").map_or(0, |p| p);
    let span = Span::new(resigned, resigned + "resigned".len());
    assert_eq!(date_for_span(&doc, span), PartialDate::parse("2019-05-09"));
    // "3 June" has no year: the latest dated mention with a year (9 May 2019) gives it one.
    let began = doc.text.find("began").map_or(0, |p| p);
    assert_eq!(
        date_for_span(&doc, Span::new(began, began + 5)),
        PartialDate::parse("2019-06-03")
    );
    // The mention itself keeps what the text says.
    assert!(doc
        .dates
        .iter()
        .any(|d| d.date == PartialDate::parse("--06-03").unwrap_or_default()));
    // An undated sentence takes the date of a sentence near it (see below).
    let none = doc.text.find("No date").map_or(0, |p| p);
    assert_eq!(
        date_for_span(&doc, Span::new(none, none + 2)),
        PartialDate::parse("2019-06-03")
    );
}

#[test]
fn mentions_are_sorted_and_disjoint() {
    let text = "১৫ ফেব্রুয়ারি ২০২৪, 3 мая, 9 May 2019 and ١٥ فبراير; 2019-05-09 / 09/05/2019.";
    let ms = DateReader::new().read(text, PartialDate::parse("2024-03-12"), None);
    assert_eq!(ms.len(), 6);
    for w in ms.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,80}") {
        let ms = DateReader::new().read(&s, PartialDate::parse("2024-03-12"), None);
        for m in ms {
            prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
            prop_assert!(m.date.is_valid());
        }
    }

    #[test]
    fn date_like_text_never_panics(s in "[0-9০-৯٠-٩ /.,()\\-]{0,6}(May|مايو|мая|মে|XNUMX|Tuesday|الماء|hursday)?[0-9০-৯٠-٩ /.,()\\-]{0,12}") {
        let ms = DateReader::new().read(&s, None, Some("en"));
        for m in ms {
            prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
            prop_assert!(m.date.is_valid());
        }
    }
}

/// Print the sentences and dates of the file named by `KHABAR_DUMP` (a development aid):
/// `KHABAR_DUMP=page.txt cargo test -p khabar-text --test dates_read -- --ignored --nocapture dump`
#[test]
#[ignore]
fn dump() {
    let Ok(path) = std::env::var("KHABAR_DUMP") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let sentences = SentenceSplitter::new().split(&text);
    println!("{} sentences", sentences.len());
    for m in DateReader::new().read(&text, None, None) {
        println!(
            "{:?} {} {:?}{}",
            m.span.slice(&text),
            m.date,
            m.kind,
            if m.placeholder { " placeholder" } else { "" }
        );
    }
}

#[test]
fn generated_tables_cover_every_month_and_weekday() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/dates");
    for lang in ["ar", "bn", "en", "ru", "fr", "es", "de", "tr"] {
        for (kind, range) in [("months", 1..=12u8), ("weekdays", 0..=6u8)] {
            let path = format!("{dir}/{kind}.{lang}.tsv");
            let src = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(src.starts_with("# GENERATED"), "{path} header");
            let seen: std::collections::BTreeSet<u8> = src
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').nth(1)?.parse().ok())
                .collect();
            assert_eq!(seen, range.collect(), "{path}");
        }
    }
}

#[test]
fn extreme_reference_and_publication_dates_do_not_overflow() {
    let text = "On Thursday (15 February), last April, next year and 20 مارس الجاري.";
    let odd = PartialDate {
        year: Some(i32::MAX),
        month: Some(12),
        day: None,
    };
    let r = DateReader::with_reference(odd);
    let _ = r.read(text, Some(odd), Some("en"));
    let low = PartialDate {
        year: Some(i32::MIN),
        month: Some(1),
        day: None,
    };
    let _ = DateReader::with_reference(low).read(text, Some(low), Some("en"));
}

/// A sentence without a date takes the nearest date with a month within two sentences of
/// it, never a bare year there nor a farther date; then the publication date.
#[test]
fn undated_sentences_take_a_near_date_then_publication() {
    let text = "Clashes broke out in 2011. The talks ended without a deal. Both sides left. \
                Nobody spoke.\n\nThe envoy arrived in Cairo.\n\n\
                On 14 August she met the foreign minister.\n\n\
                Officials declined to comment. Nobody knew more. Nothing else was said.\n\n\
                মন্ত্রী ঢাকায় পৌঁছান। ১২ মার্চ তিনি প্রধানমন্ত্রীর সঙ্গে বৈঠক করেন।";
    let mut doc = Document {
        text: text.into(),
        lang: Some("en".into()),
        ..Document::default()
    };
    SentenceSplitter::new().process(&mut doc);
    DateReader::new().process(&mut doc);
    let at = |w: &str| {
        let p = text.find(w).map_or(0, |p| p);
        Span::new(p, p + w.len())
    };
    assert_eq!(
        date_for_span(&doc, at("arrived")),
        PartialDate::parse("--08-14")
    );
    assert_eq!(
        date_for_span(&doc, at("declined")),
        PartialDate::parse("--08-14")
    );
    assert_eq!(
        date_for_span(&doc, at("পৌঁছান")),
        PartialDate::parse("--03-12")
    );
    // Only a bare year within reach, and 14 August is four sentences on: no date; the bare
    // year is the date of its own sentence.
    assert_eq!(date_for_span(&doc, at("ended")), None);
    assert_eq!(
        date_for_span(&doc, at("Clashes")),
        PartialDate::parse("2011")
    );
    assert_eq!(
        date_for_span(&doc, at("knew")),
        PartialDate::parse("--08-14")
    );
    // Three sentences from 14 August, two from 12 March.
    assert_eq!(
        date_for_span(&doc, at("Nothing else")),
        PartialDate::parse("--03-12")
    );
    doc.published = PartialDate::parse("2020-08-15");
    assert_eq!(
        date_for_span(&doc, at("ended")),
        PartialDate::parse("2020-08-15")
    );
    // A date in the sentence itself still wins, completed with the publication year.
    assert_eq!(
        date_for_span(&doc, at("met")),
        PartialDate::parse("2020-08-14")
    );
}

/// An event's day and month without a year take the year of the publication date, or of the
/// latest dated mention with a year when the page has no publication date; a day after the
/// anchor falls in the year before. The mentions keep what the text says.
#[test]
fn yearless_event_dates_take_the_anchors_year() {
    let read = |text: &str, published: Option<PartialDate>| {
        let mut doc = Document {
            text: text.into(),
            published,
            ..Document::default()
        };
        SentenceSplitter::new().process(&mut doc);
        DateReader::new().process(&mut doc);
        doc
    };
    let at = |doc: &Document, w: &str| {
        let p = doc.text.find(w).map_or(0, |p| p);
        date_for_span(doc, Span::new(p, p + w.len()))
    };
    // Published in early January: late December is last year's.
    let doc = read(
        "The council voted on 28 December to close the port. It reopened on 3 January.",
        PartialDate::parse("2024-01-05"),
    );
    assert_eq!(at(&doc, "voted"), PartialDate::parse("2023-12-28"));
    // The mention itself keeps what the text says.
    assert!(doc
        .dates
        .iter()
        .any(|d| d.date == PartialDate::parse("--12-28").unwrap_or_default()));
    assert_eq!(at(&doc, "reopened"), PartialDate::parse("2024-01-03"));
    // No publication date: the dateline (Bengali digits and month) anchors "last 5 August".
    let doc = read(
        "ঢাকা, ১১ সেপ্টেম্বর ২০২৪: মন্ত্রী বৈঠক করেন।\n\nগত ৫ আগস্ট পুলিশ গুলি চালায়।",
        None,
    );
    assert_eq!(at(&doc, "গুলি"), PartialDate::parse("2024-08-05"));
    // Nothing with a year anywhere: the day and month stay as they are.
    let doc = read("Talks resumed on 14 March in Doha.", None);
    assert_eq!(at(&doc, "resumed"), PartialDate::parse("--03-14"));
    // 29 February against a year without one keeps its year open.
    let doc = read(
        "The vote was held on 29 February.",
        PartialDate::parse("2023-06-01"),
    );
    assert_eq!(at(&doc, "vote"), PartialDate::parse("--02-29"));
}

/// A page without publication metadata reads its relative dates against the date its first
/// lines write; a date deeper in the story is not taken for the page's own.
#[test]
fn relative_dates_use_the_pages_own_date_when_unpublished() {
    let read = |text: &str| {
        let mut doc = Document {
            text: text.into(),
            lang: Some("bn".into()),
            ..Document::default()
        };
        SentenceSplitter::new().process(&mut doc);
        DateReader::new().process(&mut doc);
        doc
    };
    let at = |doc: &Document, w: &str| {
        let p = doc.text.find(w).map_or(0, |p| p);
        date_for_span(doc, Span::new(p, p + w.len()))
    };
    // 11 September 2024 was a Wednesday: "মঙ্গলবার" (Tuesday) is the day before.
    let doc = read(
        "প্রকাশ: ১১ সেপ্টেম্বর ২০২৪, ১০:৩০\n\n\
         রাজধানীতে মঙ্গলবার শিক্ষার্থীরা বিক্ষোভ করেন।\n\n\
         মন্ত্রী পরে বক্তব্য দেন।",
    );
    assert_eq!(at(&doc, "বিক্ষোভ"), PartialDate::parse("2024-09-10"));
    // An undated sentence far from any dated one falls back to the page's date.
    assert_eq!(
        khabar_text::dates::page_date(&doc.text, &doc.dates),
        PartialDate::parse("2024-09-11")
    );
    // The same date written deep in the story is background, not the page's date: the
    // weekday stays unresolved.
    let story = format!(
        "The ministers met on Tuesday in Cairo.\n\nThey talked.\n\nThey ate.\n\n{}\n\n\
         The treaty was signed on 11 September 2024.",
        "Filler sentence. ".repeat(40)
    );
    let doc = read(&story);
    assert_eq!(khabar_text::dates::page_date(&doc.text, &doc.dates), None);
    assert!(doc.dates.iter().all(|d| d.date.year.is_some()));
    // A publication date, when there is one, still wins over the page's first lines.
    let mut doc = Document {
        text: "Cairo, 1 March 2020\n\nThe talks resumed on Tuesday.".into(),
        lang: Some("en".into()),
        published: PartialDate::parse("2024-09-11"),
        ..Document::default()
    };
    SentenceSplitter::new().process(&mut doc);
    DateReader::new().process(&mut doc);
    assert_eq!(at(&doc, "resumed"), PartialDate::parse("2024-09-10"));
}

#[test]
fn a_removed_publication_line_dates_the_page() {
    // A text scrape whose "প্রকাশ:" line the cleaner removes as page chrome: the dates stage
    // takes the publication date from it and reads "আগামী রোববার" (next Sunday) against it.
    let raw = "নদীভাঙনে ঘর হারাল তিন শ পরিবার\n\
               নিজস্ব প্রতিবেদক, সিরাজগঞ্জ\n\
               প্রকাশ: ১২ মার্চ ২০২৫, ১০:৩০\n\
               যমুনার ভাঙনে গত এক সপ্তাহে তিন শ পরিবার ঘর হারিয়েছে বলে জানিয়েছেন স্থানীয় জনপ্রতিনিধিরা। \
               ক্ষতিগ্রস্ত পরিবারগুলোর মধ্যে ত্রাণ বিতরণ শুরু হবে আগামী রোববার, জানিয়েছেন উপজেলা নির্বাহী কর্মকর্তা।\n\
               পানি উন্নয়ন বোর্ড বলছে, বাঁধ মেরামতের কাজ বর্ষার আগেই শেষ করা হবে এবং নতুন করে জিও ব্যাগ ফেলা হচ্ছে।\n";
    let mut doc = Document::new("t.txt", raw.as_bytes(), raw.to_string(), Format::Text);
    khabar_text::clean::CleanConfig::default()
        .build()
        .process(&mut doc);
    assert!(!doc.text.contains("প্রকাশ:"), "{}", doc.text);
    assert!(doc.dateline.is_some());
    doc.lang = Some("bn".into());
    SentenceSplitter::new().process(&mut doc);
    DateReader::new().process(&mut doc);
    assert_eq!(doc.published, PartialDate::parse("2025-03-12"));
    let sunday = doc
        .dates
        .iter()
        .find(|d| doc.slice(d.span).contains("রোববার"));
    assert_eq!(
        sunday.map(|d| d.date),
        PartialDate::parse("2025-03-16"),
        "{:?}",
        doc.dates
    );
    // Near-miss: publication metadata wins over the line.
    let mut doc = Document::new("t.txt", raw.as_bytes(), raw.to_string(), Format::Text);
    doc.published = PartialDate::parse("2025-03-13");
    khabar_text::clean::CleanConfig::default()
        .build()
        .process(&mut doc);
    DateReader::new().process(&mut doc);
    assert_eq!(doc.published, PartialDate::parse("2025-03-13"));
}
