//! Golden tests of the cleaning and language stages on fixture articles written for this
//! project (`tests/data/clean/<lang>/<case>.{txt,html}` with a `<case>.expect` beside each).
//!
//! `.expect` lines: `lang: xx`, `title: ...`, `published: YYYY-MM-DD`, `keep: <substring that
//! must be in the text>`, `drop: <substring that must not be>`, `reason: <a diagnostic reason
//! that must appear>`, `para: <substring> => <lang of its paragraph>`.

use khabar_core::{Document, Format, Stage};
use khabar_text::clean::CleanConfig;
use khabar_text::lang::LanguageDetector;
use std::path::{Path, PathBuf};

fn run(path: &Path) -> Document {
    let raw = std::fs::read_to_string(path).unwrap_or_default();
    let format = if path.extension().is_some_and(|e| e == "html") {
        Format::Html
    } else {
        Format::Text
    };
    let mut doc = Document::new(
        path.display().to_string(),
        raw.as_bytes(),
        raw.clone(),
        format,
    );
    CleanConfig::default().build().process(&mut doc);
    LanguageDetector::new().process(&mut doc);
    doc
}

fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
            .collect();
        files.sort();
        for f in files {
            let expect = f.with_extension("expect");
            if expect.exists() {
                out.push((f, expect));
            }
        }
    }
    out
}

fn check(doc: &Document, expect: &str) -> Vec<String> {
    let mut errors = Vec::new();
    for line in expect.lines() {
        let Some((key, value)) = line.split_once(": ") else {
            continue;
        };
        let value = value.trim();
        match key {
            "lang" => {
                if doc.lang.as_deref() != Some(value) {
                    errors.push(format!("lang {:?}, expected {value}", doc.lang));
                }
            }
            "title" => {
                if doc.title.as_deref() != Some(value) {
                    errors.push(format!("title {:?}, expected {value:?}", doc.title));
                }
            }
            "published" => {
                let got = doc.published.map(|d| d.to_string());
                if got.as_deref() != Some(value) {
                    errors.push(format!("published {got:?}, expected {value}"));
                }
            }
            "keep" => {
                if !doc.text.contains(value) {
                    errors.push(format!("lost story text {value:?}"));
                }
            }
            "drop" => {
                if doc.text.contains(value) {
                    errors.push(format!("kept chrome {value:?}"));
                }
            }
            "reason" => {
                if !doc.diagnostics.iter().any(|d| d.reason == value) {
                    errors.push(format!("no diagnostic with reason {value}"));
                }
            }
            "para" => {
                let Some((needle, lang)) = value.split_once(" => ") else {
                    errors.push(format!("bad para line {value:?}"));
                    continue;
                };
                let para = doc
                    .paragraphs
                    .iter()
                    .find(|p| doc.slice(p.span).contains(needle.trim()));
                match para {
                    None => errors.push(format!("no paragraph holds {needle:?}")),
                    Some(p) if p.lang.as_deref() != Some(lang.trim()) => errors.push(format!(
                        "paragraph {needle:?} has lang {:?}, expected {lang}",
                        p.lang
                    )),
                    Some(_) => {}
                }
            }
            _ => errors.push(format!("unknown expectation {key}")),
        }
    }
    errors
}

fn structural(doc: &Document) -> Vec<String> {
    let mut errors = Vec::new();
    let mut prev_end = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        let s = p.span;
        if !doc.text.is_char_boundary(s.start) || !doc.text.is_char_boundary(s.end) {
            errors.push(format!("paragraph {i} off a char boundary"));
        }
        if i > 0 && doc.text.get(prev_end..s.start) != Some("\n\n") {
            errors.push(format!("paragraph {i} not separated by a blank line"));
        }
        if doc.slice(s).trim() != doc.slice(s) || doc.slice(s).is_empty() {
            errors.push(format!("paragraph {i} empty or padded"));
        }
        prev_end = s.end;
    }
    if prev_end != doc.text.len() {
        errors.push("paragraphs do not cover the text".into());
    }
    for d in &doc.diagnostics {
        if d.stage == "clean"
            && d.text.as_deref().is_none_or(str::is_empty)
            && d.reason != "no-main-text"
        {
            errors.push(format!("diagnostic {} without text", d.reason));
        }
    }
    errors
}

#[test]
fn fixture_articles() {
    let all = fixtures();
    assert!(all.len() >= 9, "fixtures missing: {}", all.len());
    let mut failures = Vec::new();
    for (input, expect) in all {
        let doc = run(&input);
        let exp = std::fs::read_to_string(&expect).unwrap_or_default();
        let mut errors = check(&doc, &exp);
        errors.extend(structural(&doc));
        if !errors.is_empty() {
            failures.push(format!(
                "{}:\n  {}\n--- text ---\n{}\n--- removed ---\n{}",
                input.display(),
                errors.join("\n  "),
                doc.text,
                doc.diagnostics
                    .iter()
                    .map(|d| format!("{}: {}", d.reason, d.text.clone().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_removal_is_explained() {
    for (input, _) in fixtures() {
        let raw = std::fs::read_to_string(&input).unwrap_or_default();
        if input.extension().is_some_and(|e| e == "txt") {
            let doc = run(&input);
            // Every non-blank input line is in the text or named by a diagnostic.
            for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let head: String = line.chars().take(20).collect();
                let kept = doc.text.contains(&head);
                let explained = doc.diagnostics.iter().any(|d| {
                    d.text.as_deref().is_some_and(|t| {
                        t.contains(&head) || head.contains(t.trim_end_matches('…'))
                    })
                });
                assert!(
                    kept || explained,
                    "{}: {line:?} vanished silently",
                    input.display()
                );
            }
        }
    }
}

#[test]
fn cleaning_is_idempotent_on_fixtures() {
    let cleaner = CleanConfig::default().build();
    for (input, _) in fixtures() {
        let doc = run(&input);
        let again = cleaner.clean_text(&doc.text);
        assert_eq!(again.text, doc.text, "{}", input.display());
    }
}
