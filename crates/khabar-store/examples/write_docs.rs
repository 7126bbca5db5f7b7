//! Write throughput on real processed documents: reads `Document`s as JSON Lines (as
//! `serde_json` writes them), writes them into a fresh SQLite store in batches of 512 and
//! prints documents per second. Only the writes (and closing the store) are timed.
//!
//!     cargo run --release -p khabar-store --example write_docs -- docs.jsonl [/tmp/w.db] [REPEAT]
//!
//! `REPEAT` writes the input that many times (ids suffixed), to measure a growing store. On
//! Linux it also prints the CPU time (user + system) of the writes, which a busy machine
//! disturbs less than the wall time.

use khabar_core::Document;
use khabar_store::Store;
use std::io::BufRead;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(input) = args.next() else {
        eprintln!("usage: write_docs DOCS.jsonl [STORE.db] [REPEAT]");
        std::process::exit(2);
    };
    let path = args
        .next()
        .unwrap_or_else(|| "/tmp/khabar-write-docs.db".into());
    let repeat: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let file = match std::fs::File::open(&input) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot read {input}: {e}");
            std::process::exit(1);
        }
    };
    let mut docs: Vec<Document> = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        match line.map(|l| serde_json::from_str::<Document>(&l)) {
            Ok(Ok(d)) => docs.push(d),
            Ok(Err(e)) => eprintln!("skipped a line: {e}"),
            Err(e) => {
                eprintln!("cannot read {input}: {e}");
                std::process::exit(1);
            }
        }
    }
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{ext}"));
    }
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut all = Vec::with_capacity(docs.len() * repeat);
    for r in 0..repeat {
        for d in &docs {
            let mut d = d.clone();
            if r > 0 {
                d.id = format!("{}-{r}", d.id);
            }
            all.push(d);
        }
    }
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    for chunk in all.chunks(512) {
        if let Err(e) = store.write_batch(chunk) {
            eprintln!("write failed: {e}");
            std::process::exit(1);
        }
    }
    let written = start.elapsed().as_secs_f64();
    // Closing checkpoints the WAL: deferred work is counted.
    drop(store);
    let secs = start.elapsed().as_secs_f64();
    if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
        eprintln!(
            "cpu {:.3} s: {:.0} documents per CPU second",
            b - a,
            all.len() as f64 / (b - a).max(1e-9)
        );
    }
    eprintln!(
        "writes {written:.3} s, closing (checkpoint) {:.3} s",
        secs - written
    );
    let size = std::fs::metadata(&path).map_or(0, |m| m.len())
        + std::fs::metadata(format!("{path}-wal")).map_or(0, |m| m.len());
    println!(
        "{} documents in {secs:.3} s: {:.0} documents/s; store {:.1} MB",
        all.len(),
        all.len() as f64 / secs,
        size as f64 / 1048576.0
    );
}

/// User + system CPU time of this process so far (Linux `/proc/self/stat`, in clock ticks of
/// 1/100 s), or None elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok());
    Some((ticks(11)? + ticks(12)?) / 100.0)
}
