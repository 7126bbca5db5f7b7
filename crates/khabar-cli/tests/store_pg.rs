//! PostgreSQL for teams: three `khabar ingest` processes write overlapping inputs into one
//! database at once; afterwards every distinct document is stored exactly once, with all its
//! rows. Needs a server: `eval "$(scripts/pg-test-server.sh)"` exports KHABAR_TEST_PG; without
//! it the test prints a note and passes without running.

use khabar_store::Store;
use std::io::Write;
use std::process::{Command, Stdio};

fn fresh_database(base: &str, name: &str) -> String {
    let db = format!("khabar_cli_{name}_{}", std::process::id());
    for sql in [
        format!("DROP DATABASE IF EXISTS {db}"),
        format!("CREATE DATABASE {db}"),
    ] {
        let ok = Command::new("psql")
            .env("PGOPTIONS", "-c client_min_messages=warning")
            .args([base, "-q", "-v", "ON_ERROR_STOP=1", "-c", &sql])
            .status()
            .expect("psql runs")
            .success();
        assert!(ok, "psql: {sql}");
    }
    let (head, _) = base.rsplit_once('/').expect("database in KHABAR_TEST_PG");
    format!("{head}/{db}")
}

#[test]
fn concurrent_ingests_store_each_document_once() {
    let Ok(base) = std::env::var("KHABAR_TEST_PG") else {
        eprintln!("note: KHABAR_TEST_PG unset, PostgreSQL ingest test skipped (scripts/pg-test-server.sh)");
        return;
    };
    let url = fresh_database(&base, "concurrent");
    let tmp = tempfile::tempdir().expect("tempdir");
    // Six files of 100 documents; process k reads files k, k+1, k+2 (mod 6): every file is
    // read by three processes at once.
    let mut files = Vec::new();
    for f in 0..6 {
        let p = tmp.path().join(format!("f{f}.jsonl"));
        let mut out = std::fs::File::create(&p).expect("create");
        for i in 0..100 {
            let line = serde_json::json!({
                "url": format!("https://news.example/{f}/{i}"),
                "title": format!("Talks {f}-{i}"),
                "text": format!("Khalifa Haftar met officials in Cairo, report {f}-{i}.\n\nহাফতার কায়রোতে বৈঠক করেছেন, প্রতিবেদন {f}-{i}।"),
            });
            writeln!(out, "{line}").expect("write");
        }
        files.push(p);
    }
    let children: Vec<_> = (0..6)
        .step_by(2)
        .map(|k| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_khabar"));
            c.arg("ingest").arg("--db").arg(&url);
            for j in 0..3 {
                c.arg(&files[(k + j) % 6]);
            }
            c.stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut new_total = 0;
    for ch in children {
        let out = ch.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{err}");
        let new: usize = err
            .split(" new documents")
            .next()
            .and_then(|h| h.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("summary: {err}"));
        new_total += new;
    }
    assert_eq!(new_total, 600, "new documents summed over the processes");
    let s = Store::open(&url).expect("open");
    assert_eq!(s.stats().expect("stats").documents, 600);
    assert_eq!(s.verify().expect("verify"), Vec::<String>::new());
}
