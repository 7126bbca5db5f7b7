//! Throughput of cleaning and language identification, for the record (ignored by default):
//! `cargo test --release -p khabar-text --test clean_speed -- --ignored --nocapture`.
//! HTML: a ~50 KB page built from the fixture articles with menus, sidebars and comments
//! around them; text: the fixture scrapes repeated.

use khabar_core::{Document, Format, Stage};
use khabar_text::clean::CleanConfig;
use khabar_text::lang::LanguageDetector;
use std::time::Instant;

fn fixture(rel: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/clean")
        .join(rel);
    std::fs::read_to_string(p).unwrap_or_default()
}

fn big_page() -> String {
    let base = fixture("en/summit.html");
    let ar = fixture("ar/ceasefire.html");
    let mut clutter = String::new();
    for i in 0..120 {
        clutter.push_str(&format!(
            "<li class=\"menu-item\"><a href=\"/section/{i}\">Section number {i} with a longer label</a></li>\n"
        ));
    }
    let mut story = String::new();
    for _ in 0..6 {
        story.push_str("<p>Regional leaders meeting in the port city on Wednesday pledged a new fund to rebuild roads, schools and clinics destroyed by the floods, officials said, adding that the money would be released in stages.</p>\n");
    }
    let page = base
        .replace(
            "<div class=\"layout\">",
            &format!("<div class=\"layout\"><ul class=\"mega-menu\">{clutter}</ul>"),
        )
        .replace(
            "<h2>Housing first</h2>",
            &format!("<h2>Housing first</h2>{story}"),
        );
    let mut out = page.clone();
    // Pad with a second page body (comments etc.) up to about 50 KB.
    while out.len() < 50_000 {
        out = out.replace(
            "</body>",
            &format!("<div class=\"comments\">{}</div></body>", ar),
        );
    }
    out
}

#[test]
#[ignore]
fn throughput() {
    let clean = CleanConfig::default().build();
    let lang = LanguageDetector::new();
    let html = big_page();
    let n = 2000;
    let t = Instant::now();
    let c0 = thread_cpu();
    let mut kept = 0usize;
    for _ in 0..n {
        let mut d = Document::new("p", b"", html.clone(), Format::Html);
        clean.process(&mut d);
        lang.process(&mut d);
        kept += d.text.len();
    }
    let s = t.elapsed().as_secs_f64();
    let cpu = thread_cpu().zip(c0).map(|(a, b)| a - b).unwrap_or(s);
    println!(
        "html (CPU time): {:.0} pages/s/core, {:.1} MB/s/core",
        n as f64 / cpu,
        (n * html.len()) as f64 / cpu / 1e6
    );
    println!(
        "html: {} pages of {} KB in {s:.2}s = {:.0} pages/s/core ({:.1} MB/s), {} bytes kept per page",
        n,
        html.len() / 1024,
        n as f64 / s,
        (n * html.len()) as f64 / s / 1e6,
        kept / n
    );

    let mut text = String::new();
    for f in [
        "en/border-talks.txt",
        "bn/metro.txt",
        "ar/jordan-talks.txt",
        "ru/airports.txt",
    ] {
        text.push_str(&fixture(f));
    }
    let total: usize = text.len() * 3000;
    let t = Instant::now();
    let c0 = thread_cpu();
    for _ in 0..3000 {
        let mut d = Document::new("t", b"", text.clone(), Format::Text);
        clean.process(&mut d);
        lang.process(&mut d);
    }
    let s = t.elapsed().as_secs_f64();
    let cpu = thread_cpu().zip(c0).map(|(a, b)| a - b).unwrap_or(s);
    println!("text (CPU time): {:.1} MB/s/core", total as f64 / cpu / 1e6);
    println!(
        "text: {:.1} MB in {s:.2}s = {:.1} MB/s/core (docs of {} bytes)",
        total as f64 / 1e6,
        total as f64 / s / 1e6,
        text.len()
    );
}

/// CPU time of this thread in seconds (Linux), to measure through a busy machine.
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
