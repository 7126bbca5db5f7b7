//! Write throughput on real processed documents: reads `Document`s as JSON Lines (as
//! `serde_json` writes them), writes them into a fresh SQLite store in batches (512 by default) and
//! prints documents per second. Only the writes (and closing the store) are timed.
//!
//!     cargo run --release -p khabar-store --example write_docs -- docs.jsonl [/tmp/w.db] [REPEAT] [BATCH]
//!
//! `REPEAT` writes the input that many times (ids suffixed), to measure a growing store;
//! `BATCH` is the documents per `write_batch` (one transaction), 512 unless given. On
//! Linux it also prints the CPU time (user + system) of the writes, which a busy machine
//! disturbs less than the wall time, and the bytes written and read (WAL frames and
//! checkpoint copies: the pages a write dirtied), which it does not disturb at all.

use khabar_core::Document;
use khabar_store::Store;
use std::io::BufRead;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(input) = args.next() else {
        eprintln!("usage: write_docs DOCS.jsonl [STORE.db] [REPEAT] [BATCH]");
        std::process::exit(2);
    };
    let path = args
        .next()
        .unwrap_or_else(|| "/tmp/khabar-write-docs.db".into());
    let repeat: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let per_batch: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(512);
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
    let io0 = io_bytes();
    let cpu0 = cpu_seconds();
    let start = Instant::now();
    for chunk in all.chunks(per_batch) {
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
    if let (Some(a), Some(b)) = (io0, io_bytes()) {
        eprintln!(
            "io: {:.1} MB written, {:.1} MB read ({:.1} KB written per document)",
            (b.0 - a.0) as f64 / 1048576.0,
            (b.1 - a.1) as f64 / 1048576.0,
            (b.0 - a.0) as f64 / 1024.0 / all.len().max(1) as f64
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

/// Bytes this process wrote and read through system calls so far (Linux `/proc/self/io`
/// `wchar` and `rchar`: WAL frames, checkpoint copies and their reads), or None elsewhere.
/// Unlike times, they do not depend on what else the machine is doing.
fn io_bytes() -> Option<(u64, u64)> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    let field = |name: &str| {
        io.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Some((field("wchar:")?, field("rchar:")?))
}
