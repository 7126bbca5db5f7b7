//! Crash safety of `khabar ingest`: the real binary is killed (SIGKILL) at random moments
//! (fixed seed, within the time an uninterrupted run takes here) while it ingests a generated
//! corpus; after every kill the store must be sound
//! (integrity check, no partial documents), and a final run must end with exactly one stored
//! document per distinct input: nothing lost, nothing duplicated.

use khabar_store::Store;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so the kill moments are the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
}

const PEOPLE: [&str; 4] = [
    "Khalifa Haftar",
    "Abdel Fattah el-Sisi",
    "Sergey Lavrov",
    "Antonio Guterres",
];
const PLACES: [&str; 4] = ["Cairo", "Benghazi", "Moscow", "Dhaka"];

/// Write `files` JSON Lines files of `per_file` documents each, plus one file repeating some
/// earlier lines (inputs that must not be stored twice). Returns the number of distinct
/// documents and of input lines.
fn write_corpus(dir: &Path, files: usize, per_file: usize) -> (usize, usize) {
    let mut n = 0;
    let mut repeated = Vec::new();
    for f in 0..files {
        let mut out =
            std::fs::File::create(dir.join(format!("part-{f:03}.jsonl"))).expect("create");
        for i in 0..per_file {
            let who = PEOPLE[(f + i) % PEOPLE.len()];
            let other = PEOPLE[(f + i + 1) % PEOPLE.len()];
            let place = PLACES[i % PLACES.len()];
            let text = format!(
                "{who} met {other} in {place} on {} May 2024, report {f}-{i}. \
                 The two sides discussed the ceasefire and agreed to meet again.\n\n\
                 {place}-এ {who} আলোচনা করেছেন। প্রতিবেদন {f}-{i}।",
                1 + i % 28
            );
            let line = serde_json::json!({
                "url": format!("https://news.example/{f}/{i}"),
                "title": format!("{who} in {place} ({f}-{i})"),
                "published": "2024-05-30",
                "text": text,
            })
            .to_string();
            if i % 40 == 0 {
                repeated.push(line.clone());
            }
            writeln!(out, "{line}").expect("write");
            n += 1;
        }
    }
    let mut out = std::fs::File::create(dir.join("zz-repeats.jsonl")).expect("create");
    for line in &repeated {
        writeln!(out, "{line}").expect("write");
    }
    (n, n + repeated.len())
}

fn ingest(db: &Path, input: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_khabar"));
    c.arg("ingest").arg("--db").arg(db).arg(input);
    c
}

fn check_sound(db: &Path) -> u64 {
    let s = Store::open(db.to_str().expect("utf8")).expect("store opens after a kill");
    let problems = s.verify().expect("verify");
    assert!(
        problems.is_empty(),
        "store unsound after kill: {problems:?}"
    );
    s.stats().expect("stats").documents
}

#[test]
fn killed_ingest_loses_and_duplicates_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    let (distinct, lines) = write_corpus(&input, 24, 125);
    let distinct = distinct as u64;
    let db = tmp.path().join("k.db");

    // How long a whole run takes on this machine: kill moments are drawn inside it (a fixed
    // range went stale as ingestion got faster, and then no run was interrupted).
    let probe = tmp.path().join("probe.db");
    let start = Instant::now();
    let out = ingest(&probe, &input).output().expect("probe run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let full = start.elapsed().as_millis() as u64;
    let (lo, hi) = (full / 10 + 5, (full * 9 / 10).max(full / 10 + 20));

    let mut rng = Rng(0x6b68_6162_6172);
    let mut stored = 0;
    let mut kills = 0;
    for _ in 0..6 {
        let mut child = ingest(&db, &input)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn khabar");
        let wait = Duration::from_millis(rng.range(lo, hi));
        let start = Instant::now();
        let mut finished = false;
        while start.elapsed() < wait {
            if child.try_wait().expect("wait").is_some() {
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if !finished {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        let _ = child.wait();
        let now = check_sound(&db);
        assert!(now >= stored, "documents went from {stored} to {now}");
        assert!(now <= distinct);
        stored = now;
        if finished {
            break;
        }
    }
    assert!(
        kills > 0,
        "the run was never interrupted: the test proves nothing"
    );

    let out = ingest(&db, &input).output().expect("final run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        check_sound(&db),
        distinct,
        "one stored document per distinct input"
    );

    let out = ingest(&db, &input).output().expect("rerun");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("0 new documents, {lines} already in the store")),
        "{err}"
    );
}
