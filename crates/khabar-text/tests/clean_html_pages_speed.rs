//! HTML cleaning throughput on a folder of pages, for the record (ignored by default): the
//! pages/s that `scripts/trafilatura-bench.sh` compares with trafilatura's, for the cleaning
//! stage alone (no process start, no later stages).
//! `KHABAR_HTML_DIR=<dir of .html files> cargo test --release -p khabar-text --test
//! clean_html_pages_speed -- --ignored --nocapture` (best of `KHABAR_PASSES` passes, default
//! five; one thread).

use khabar_text::clean::CleanConfig;
use std::time::Instant;

fn pages(dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|e| e == "html") {
            if let Ok(s) = std::fs::read_to_string(&p) {
                out.push(s);
            }
        }
    }
}

#[test]
#[ignore]
fn html_pages_per_second() {
    let Some(dir) = std::env::var_os("KHABAR_HTML_DIR") else {
        eprintln!("KHABAR_HTML_DIR not set");
        return;
    };
    let mut html = Vec::new();
    pages(std::path::Path::new(&dir), &mut html);
    assert!(!html.is_empty(), "no .html files under {dir:?}");
    let passes: usize = std::env::var("KHABAR_PASSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut best = f64::MAX;
    let mut kept = 0usize;
    for _ in 0..passes.max(1) {
        // A fresh cleaner each pass: lines it remembers come from earlier pages of this pass
        // only, as in one run over the folder.
        let cleaner = CleanConfig::default().build();
        let t = Instant::now();
        kept = html
            .iter()
            .map(|h| cleaner.clean_html(h).text.len())
            .filter(|&n| n > 0)
            .count();
        best = best.min(t.elapsed().as_secs_f64());
    }
    assert!(
        kept * 10 >= html.len() * 9,
        "{kept} of {} pages kept text",
        html.len()
    );
    let mb = html.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    eprintln!(
        "clean_html: {} pages, {mb:.1} MB, best of {passes}: {:.3} s, {:.0} pages/s, {:.1} MB/s",
        html.len(),
        best,
        html.len() as f64 / best,
        mb / best
    );
}
