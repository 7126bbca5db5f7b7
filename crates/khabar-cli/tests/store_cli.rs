//! `khabar ingest` and the query commands, end to end through the real binary on articles
//! written for this test (Bengali, Arabic, English, Russian): idempotent ingest, the summary,
//! JSON outputs, exports, and clear errors for a missing or read-only store.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ARTICLES: [(&str, &str); 4] = [
    (
        "bn.txt",
        "লিবিয়ার পূর্বাঞ্চলীয় বাহিনীর প্রধান খলিফা হাফতার মঙ্গলবার কায়রোতে মিশরের প্রেসিডেন্টের সঙ্গে বৈঠক করেছেন।\n\nবৈঠকে যুদ্ধবিরতি ও সীমান্ত নিরাপত্তা নিয়ে আলোচনা হয়েছে বলে জানিয়েছে সরকারি সূত্র।\n",
    ),
    (
        "ar.txt",
        "التقى المشير خليفة حفتر في القاهرة يوم الثلاثاء بالرئيس المصري لبحث وقف إطلاق النار.\n\nوقالت مصادر رسمية إن الجانبين ناقشا أمن الحدود المشتركة.\n",
    ),
    (
        "en.txt",
        "Libyan commander Khalifa Haftar met the Egyptian president in Cairo on Tuesday.\n\nThe two discussed the ceasefire and border security, officials said.\n",
    ),
    (
        "ru.txt",
        "Командующий ливийской армией Халифа Хафтар во вторник встретился в Каире с президентом Египта.\n\nСтороны обсудили прекращение огня и безопасность границы.\n",
    ),
];

fn khabar(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run khabar")
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("articles");
    std::fs::create_dir(&input).expect("mkdir");
    for (name, text) in ARTICLES {
        std::fs::write(input.join(name), text).expect("write");
    }
    (tmp, input)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn ingest_is_idempotent_and_queries_answer() {
    let (tmp, input) = setup();
    let dir = tmp.path();
    let inp = input.to_str().expect("utf8");

    let o = khabar(&["ingest", inp], dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 new documents, 0 already in the store"),
        "{}",
        stderr(&o)
    );
    assert!(dir.join("khabar.db").exists(), "default store file");

    let o = khabar(&["ingest", inp], dir);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("0 new documents, 4 already in the store"),
        "{}",
        stderr(&o)
    );

    let o = khabar(&["stats", "--json"], dir);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stats json");
    assert_eq!(v["documents"], 4);
    let per_lang: u64 = v["per_lang"]
        .as_object()
        .expect("per_lang")
        .values()
        .map(|l| l["documents"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(per_lang, 4);
    assert!(v["sentences"].as_u64().unwrap_or(0) >= 8, "{v}");

    // Full-text search in each script finds exactly its article.
    for (word, file) in [
        ("যুদ্ধবিরতি", "bn.txt"),
        ("الحدود", "ar.txt"),
        ("ceasefire", "en.txt"),
        ("границы", "ru.txt"),
    ] {
        let o = khabar(&["search", word, "--json"], dir);
        let hits: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("search json");
        let hits = hits.as_array().expect("array");
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
        assert!(hits[0]["source"].as_str().unwrap_or("").ends_with(file));
        assert!(hits[0]["snippet"].as_str().unwrap_or("").contains(word));
    }
    let o = khabar(&["search", "nothing-like-this"], dir);
    assert!(stdout(&o).contains("no documents match"));

    let o = khabar(&["events", "--json", "--actor", "হাফতার"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&o))
        .expect("json")
        .is_array());
    let o = khabar(&["events", "--since", "last week"], dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid --since date"),
        "{}",
        stderr(&o)
    );

    let o = khabar(&["entities", "--json"], dir);
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&o))
        .expect("json")
        .is_array());

    let o = khabar(&["graph"], dir);
    let g: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("graph json");
    assert!(g["nodes"].is_array() && g["edges"].is_array());
    assert!(stdout(&khabar(&["graph", "--format", "dot"], dir)).starts_with("digraph"));
    assert!(stdout(&khabar(&["graph", "--format", "graphml"], dir)).starts_with("<?xml"));

    let o = khabar(&["export", "--format", "jsonl", "-o", "out.jsonl"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("out.jsonl")).expect("export");
    assert_eq!(text.lines().count(), 4);
    for l in text.lines() {
        let r: serde_json::Value = serde_json::from_str(l).expect("record");
        assert!(!r["text"].as_str().unwrap_or("").is_empty());
    }
    let o = khabar(&["export", "--format", "gdelt"], dir);
    let first = stdout(&o).lines().next().unwrap_or("").to_string();
    assert_eq!(first.split('\t').count(), 61);
    assert!(first.starts_with("GlobalEventID\tDay"));
}

#[test]
fn clear_errors_and_exit_status() {
    let (tmp, input) = setup();
    let dir = tmp.path();
    let o = khabar(&["stats", "--db", "missing.db"], dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no store at missing.db — run `khabar ingest` first"),
        "{}",
        stderr(&o)
    );
    assert!(
        !dir.join("missing.db").exists(),
        "queries never create a store"
    );

    // Some input missing: the rest is stored, exit status 3.
    let o = khabar(
        &[
            "ingest",
            "--db",
            "k.db",
            input.to_str().expect("utf8"),
            "no-such-file.txt",
        ],
        dir,
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("4 new documents"), "{}", stderr(&o));

    // A store the user made read-only is refused for writing, still readable.
    let db = dir.join("k.db");
    let mut perm = std::fs::metadata(&db).expect("meta").permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&db, perm).expect("chmod");
    let o = khabar(
        &["ingest", "--db", "k.db", input.to_str().expect("utf8")],
        dir,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    let o = khabar(&["stats", "--db", "k.db", "--json"], dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
