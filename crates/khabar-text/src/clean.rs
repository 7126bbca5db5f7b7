//! Cleaning: a raw body (HTML page or plain-text scrape) to the main text of the story, its
//! headline and its paragraphs, with every removal recorded as a diagnostic.
//!
//! - HTML ([`html`]): a small tokenizer ([`tokenize`], held to html5ever's token for token by
//!   the tests) feeds a light block list (no DOM); script, style, nav, header, footer, aside,
//!   form and friends are dropped; the main region is the block container with the best
//!   readability-style score (text length, punctuation, link density, class/id hints); its
//!   blocks then go through the same line rules as text.
//! - Text scrapes ([`lines`]): each line is judged from general, multilingual signals: position
//!   (chrome clusters before the first and after the last line of running prose), length in
//!   words, sentence-final punctuation, stop-word ratio, script (a Latin line in a Bengali or
//!   Arabic page), link-like text, ad markers, photo captions, breadcrumbs, repeated lines, and
//!   per-language chrome phrases kept as data (`data/clean/chrome.<lang>.txt`).
//! - Glue repair: a space goes where a sentence end is glued to the next sentence
//!   ("…বলে।পক্ষগুলি") and where Latin letters are glued to Bengali, Arabic, Devanagari or
//!   Cyrillic ones.
//!
//! `doc.text` is written once here: paragraphs joined by a blank line, `doc.paragraphs` spans
//! on character boundaries. Cleaning the cleaned text again gives the same text (the line rules
//! run to a fixpoint). It does not decode entities beyond HTML's character references, render
//! tables, or keep inline formatting.

pub mod dfa;
pub mod html;
pub mod lexicon;
pub mod lines;
pub mod tokenize;

use khabar_core::{Diagnostic, Document, Format, Paragraph, Span, Stage};
use std::sync::Arc;

/// How much of a removed text a diagnostic keeps.
const DIAG_TEXT: usize = 120;
/// Diagnostics per document at most (a page with a thousand menu links stays readable).
const MAX_DIAGNOSTICS: usize = 300;

/// Settings of the cleaning stage.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {
    /// Extra chrome phrases (same syntax as `data/clean/chrome.<lang>.txt`).
    pub extra_chrome: Vec<String>,
}

impl CleanConfig {
    pub fn build(&self) -> Cleaner {
        let mut lex = lexicon::Lexicon::builtin();
        for p in &self.extra_chrome {
            lex.add_chrome_line(p);
        }
        Cleaner {
            lex: Arc::new(lex),
            lang: Arc::new(crate::lang::LanguageDetector::new()),
            memo: NEXT_MEMO.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

/// The cleaning stage.
pub struct Cleaner {
    lex: Arc<lexicon::Lexicon>,
    lang: Arc<crate::lang::LanguageDetector>,
    /// Its key in the per-thread memo of text-scrape lines read ([`lines::clean_lines_memo`]):
    /// unique per cleaner, as its lexicon is.
    memo: u64,
}

/// The next cleaner's memo key.
static NEXT_MEMO: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What cleaning produced, before it is put on a document.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub title: Option<String>,
    pub published: Option<khabar_core::PartialDate>,
    /// (reason, removed text)
    pub removed: Vec<(&'static str, String)>,
}

impl Cleaner {
    /// Clean a plain-text scrape.
    pub fn clean_text(&self, raw: &str) -> Cleaned {
        let out = lines::clean_lines_memo(raw.lines(), &self.lex, &self.lang, Some(self.memo));
        finish(out, None)
    }

    /// Clean an HTML page.
    pub fn clean_html(&self, raw: &str) -> Cleaned {
        let page = html::extract(raw, &self.lex);
        let mut input: Vec<String> = Vec::with_capacity(page.lines.len() + 1);
        let mut removed = page.removed;
        // The headline stays in the story: put it first when the region did not hold it.
        if let Some(h) = page.headline.as_deref() {
            let hn = lines::normalize_ws(h);
            removed.retain(|(_, t)| *t != hn);
            if !hn.is_empty() && !page.lines.contains(&hn) {
                input.push(hn);
            }
        }
        input.extend(page.lines);
        // Every block and the headline went through `normalize_ws` already.
        let input = input.into_iter().map(lines::Normalized);
        // No memo here: markup already dropped most chrome, and what is left of a page's
        // region rarely repeats (the lookups cost more than they save).
        let mut out = lines::clean_lines(input, &self.lex, &self.lang);
        removed.append(&mut out.removed);
        out.removed = removed;
        let mut c = finish(out, page.title);
        c.published = page.published;
        c
    }
}

/// [`khabar_core::truncate_chars`] to [`DIAG_TEXT`] bytes, reusing the removed text's own buffer.
fn shorten(mut text: String) -> String {
    if text.len() <= DIAG_TEXT {
        return text;
    }
    let mut end = DIAG_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    text
}

fn finish(out: lines::Outcome, title: Option<String>) -> Cleaned {
    let size: usize = out.kept.iter().map(|l| l.len() + 2).sum();
    let mut text = String::with_capacity(size);
    let mut paragraphs = Vec::with_capacity(out.kept.len());
    for l in &out.kept {
        if l.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(l);
        paragraphs.push(Span::new(start, text.len()));
    }
    Cleaned {
        text,
        paragraphs,
        title: title
            .map(|t| lines::normalize_ws(&t))
            .filter(|t| !t.is_empty())
            .or(out.title),
        published: None,
        removed: out.removed,
    }
}

impl Stage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn process(&self, doc: &mut Document) {
        let c = match doc.format {
            Format::Html => self.clean_html(&doc.raw),
            Format::Text => self.clean_text(&doc.raw),
        };
        doc.text = c.text;
        doc.paragraphs = c
            .paragraphs
            .into_iter()
            .map(|span| Paragraph { span, lang: None })
            .collect();
        if doc.title.is_none() {
            doc.title = c.title;
        }
        if doc.published.is_none() {
            doc.published = c.published;
        }
        // The page's own publication line, removed as chrome, for the dates stage.
        if doc.published.is_none() {
            // It stands near the top: the first removals are enough.
            doc.dateline = c
                .removed
                .iter()
                .take(64)
                .find(|(_, t)| self.lex.is_dateline(t))
                .map(|(_, t)| t.clone());
        }
        let total = c.removed.len();
        doc.diagnostics.reserve(total.min(MAX_DIAGNOSTICS) + 2);
        for (reason, text) in c.removed.into_iter().take(MAX_DIAGNOSTICS) {
            doc.diagnostics
                .push(Diagnostic::info("clean", reason, Some(shorten(text))));
        }
        if total > MAX_DIAGNOSTICS {
            doc.diagnostics.push(Diagnostic::info(
                "clean",
                "more-removals",
                Some(format!(
                    "{} further removals not listed",
                    total - MAX_DIAGNOSTICS
                )),
            ));
        }
        if doc.text.is_empty() && !doc.raw.trim().is_empty() {
            doc.warn("clean", "no-main-text", None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines remembered from earlier pages (the per-thread memo) give what reading them
    /// afresh gives: the same text, paragraphs, headline and removals, with repeated chrome,
    /// glued captions and glue among the lines; a cleaner with other phrases keeps its own.
    #[test]
    fn remembered_lines_clean_as_fresh_ones() {
        let pages = [
            "Home | World | Sports\n\
             Follow us on Zorbex for the latest updates\n\
             The river rose overnight and the road to the village was closed by the police.\n\
             Photo: Reuters/File PhotoVillagers were moved to the school, and the council promised help.\n\
             নদীর পানি বেড়েছে।গ্রামের রাস্তা বন্ধ করে দিয়েছে পুলিশ এবং স্কুলে আশ্রয় নিয়েছে মানুষ।\n\
             Copyright 2024 The Valley Gazette. All rights reserved.",
            "Home | World | Sports\n\
             Follow us on Zorbex for the latest updates\n\
             Officials said the water would fall again once the rain stopped in the hills.\n\
             Photo: Reuters/File PhotoVillagers were moved to the school, and the council promised help.\n\
             The council met on Friday and agreed to rebuild the bridge before the winter.\n\
             Copyright 2024 The Valley Gazette. All rights reserved.",
        ];
        let warm = CleanConfig::default().build();
        for round in 0..2 {
            for p in pages {
                let fresh = CleanConfig::default().build().clean_text(p);
                let again = warm.clean_text(p);
                assert_eq!(again, fresh, "round {round}: {p}");
                assert!(!fresh.text.contains("Home | World"), "{}", fresh.text);
                let html = format!(
                    "<html><body><article><p>{}</p></article></body></html>",
                    p.replace('\n', "</p><p>")
                );
                assert_eq!(
                    warm.clean_html(&html),
                    CleanConfig::default().build().clean_html(&html),
                    "round {round}: {html}"
                );
            }
        }
        let other = CleanConfig {
            extra_chrome: vec![
                "~ river rose overnight".to_string(),
                "~ road to the village".to_string(),
            ],
        }
        .build();
        let c = other.clean_text(pages[0]);
        assert!(!c.text.contains("The river rose overnight"), "{}", c.text);
        assert!(warm
            .clean_text(pages[0])
            .text
            .contains("The river rose overnight"));
    }

    /// Removed texts are shortened as `truncate_chars` does, in their own buffer.
    #[test]
    fn diagnostic_texts_shorten_like_truncate_chars() {
        for t in [
            String::new(),
            "short".to_string(),
            "x".repeat(DIAG_TEXT),
            "x".repeat(DIAG_TEXT + 1),
            "ক".repeat(60),
            format!("a{}", "ক".repeat(60)),
            format!("ab{}", "ب".repeat(70)),
        ] {
            assert_eq!(
                shorten(t.clone()),
                khabar_core::truncate_chars(&t, DIAG_TEXT),
                "{t}"
            );
        }
    }

    /// Phrases added through the configuration count like the built-in ones: a whole-line
    /// phrase removes its line, and two inside phrases remove a line in the story core.
    #[test]
    fn extra_chrome_phrases_apply() {
        let page = "Quarterly Gazette Of The Valley\n\
            The river rose overnight and the road to the village was closed by the police.\n\
            Villagers were moved to the school, and the council promised help by Friday.\n\
            Zorbex prime members enjoy glimmerfeed bonus credits on every visit today.\n\
            Officials said the water would fall again once the rain stopped in the hills.";
        let plain = CleanConfig::default().build().clean_text(page);
        assert!(plain.text.contains("Zorbex"), "{}", plain.text);
        assert!(plain.text.contains("Quarterly Gazette"), "{}", plain.text);
        let cfg = CleanConfig {
            extra_chrome: vec![
                "quarterly gazette of the valley".to_string(),
                "~ zorbex prime".to_string(),
                "~ glimmerfeed bonus".to_string(),
            ],
        };
        let c = cfg.build().clean_text(page);
        assert!(!c.text.contains("Zorbex"), "{}", c.text);
        assert!(!c.text.contains("Quarterly Gazette"), "{}", c.text);
        assert!(c.text.contains("The river rose overnight"));
        assert!(c.text.contains("the rain stopped in the hills."));
        assert!(c
            .removed
            .iter()
            .any(|(r, t)| *r == "chrome-lexicon" && t.starts_with("Quarterly")));
    }
}
