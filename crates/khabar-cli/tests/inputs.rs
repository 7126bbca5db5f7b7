//! End to end: the real `khabar extract` binary on a folder mixing good inputs with broken
//! ones (invalid UTF-8, an empty file, a truncated gzip, a truncated WARC.gz, a truncated
//! plain WARC, broken JSON Lines). Every good document comes out, every bad input gets one
//! error line on stderr naming the file and the fault, nothing panics, and the exit status is 3.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;
use std::process::Command;

const STORY_EN: &str = "Ministers meet to discuss water sharing\n\
The water ministers of three neighbouring countries met on Tuesday to discuss a new agreement on sharing the river, officials said.\n\
The talks will continue next month, and a draft text is expected before the end of the year.\n";

const STORY_BN: &str = "নদীর পানি বণ্টন নিয়ে তিন দেশের বৈঠক\n\
নদীর পানি বণ্টন নিয়ে নতুন একটি চুক্তির বিষয়ে আলোচনা করতে মঙ্গলবার বৈঠকে বসেছেন তিন প্রতিবেশী দেশের পানিসম্পদমন্ত্রী।\n\
আগামী মাসে আবারও আলোচনা হবে বলে কর্মকর্তারা জানিয়েছেন।\n";

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

fn warc_record(n: usize, uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n}>\r\nWARC-Date: 2024-02-1{n}T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(http.as_bytes());
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

fn page(title: &str, body: &str) -> String {
    format!("<html><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav><article><h1>{title}</h1><p>{body}</p></article></body></html>")
}

/// windows-1251 for the basic Russian alphabet (А..я sit at 0xC0..0xFF).
fn cp1251(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 0x410 + 0xC0) as u8,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

fn write(dir: &Path, name: &str, data: &[u8]) {
    let _ = std::fs::write(dir.join(name), data);
}

#[test]
fn good_documents_survive_bad_inputs() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path();

    // Good inputs.
    write(dir, "a-good-en.txt", STORY_EN.as_bytes());
    write(dir, "b-good-bn.txt.gz", &gz(STORY_BN.as_bytes()));
    write(
        dir,
        "c-good.html",
        page(
            "Water talks open in the capital",
            "The water ministers of three countries met on Tuesday to discuss sharing the river, officials said.",
        )
        .as_bytes(),
    );
    // A page that claims UTF-8 but holds a stray byte: kept, lossy, with a warning.
    let mut bad_utf8 = b"<html><head><meta charset=\"utf-8\"></head><body><p>Officials said on Tuesday that the river talks would continue next month \xff\xfe in the capital, despite the lack of progress.\n".to_vec();
    bad_utf8.extend_from_slice("<p>Both sides agreed to meet again before the end of the year, the statement said.</p></body></html>\n".as_bytes());
    write(dir, "d-invalid-utf8.html", &bad_utf8);
    // Undeclared Bengali text with one broken sequence: read as UTF-8, lossy, with a warning.
    let mut bn_bad = STORY_BN.as_bytes().to_vec();
    bn_bad.splice(40..40, [0xe0u8, 0x28]);
    write(dir, "d2-invalid-utf8-bn.txt", &bn_bad);
    // A legacy-encoded Russian page (windows-1251, undeclared).
    let ru = cp1251(
        "Министры трех стран провели во вторник переговоры о совместном использовании реки, сообщили официальные лица.\n",
    );
    write(dir, "e-cp1251.txt", &ru);

    // Bad inputs.
    write(dir, "f-empty.txt", b"");
    let mut long = String::new();
    for i in 0..4000 {
        long.push_str(&format!(
            "Paragraph {i}: the ministers met again and said the talks were useful.\n"
        ));
    }
    let full = gz(long.as_bytes());
    write(
        dir,
        "g-truncated.txt.gz",
        full.get(..full.len() / 2).unwrap_or(&[]),
    );
    // WARC.gz with one gzip member per record; the third member is cut.
    let mut warc_gz = Vec::new();
    warc_gz.extend(gz(&warc_record(
        1,
        "https://example.org/one",
        &page(
            "First record headline here",
            "The first record holds a complete story about the talks, officials said.",
        ),
    )));
    warc_gz.extend(gz(&warc_record(
        2,
        "https://example.org/two",
        &page(
            "Second record headline here",
            "The second record holds another complete story, the statement said.",
        ),
    )));
    let third = gz(&warc_record(
        3,
        "https://example.org/three",
        &page("Third record headline", &long),
    ));
    warc_gz.extend_from_slice(third.get(..third.len() / 2).unwrap_or(&[]));
    write(dir, "h-truncated.warc.gz", &warc_gz);
    // Plain WARC whose last record is shorter than its Content-Length.
    let mut warc = warc_record(
        4,
        "https://example.org/four",
        &page(
            "Fourth record headline here",
            "The fourth record is complete and should come out, officials said.",
        ),
    );
    let fifth = warc_record(5, "https://example.org/five", &page("Fifth", &long));
    warc.extend_from_slice(fifth.get(..fifth.len() / 3).unwrap_or(&[]));
    write(dir, "i-truncated.warc", &warc);
    // JSON Lines with a broken second line.
    let jsonl = concat!(
        "{\"url\": \"https://example.org/j1\", \"title\": \"Talks resume\", \"date_publish\": \"2024-02-20\", \"maintext\": \"The talks resumed on Tuesday in the capital, officials said.\"}\n",
        "{\"url\": \"https://example.org/j2\", \"title\": \"Broken\", \"text\": \"unterminated\n",
        "{\"url\": \"https://example.org/j3\", \"date\": \"2024-02-21\", \"content\": \"A second story from the feed says the talks went well, diplomats said.\"}\n",
        "[1, 2, 3]\n",
    );
    write(dir, "j-feed.jsonl", jsonl.as_bytes());

    let out = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("extract")
        .arg("--explain")
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run khabar: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(3), "stderr: {stderr}");

    let records: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let source_of = |r: &serde_json::Value| r["source"].as_str().unwrap_or("").to_string();
    let sources: Vec<String> = records.iter().map(source_of).collect();
    let has = |suffix: &str| sources.iter().any(|s| s.ends_with(suffix));
    for want in [
        "a-good-en.txt",
        "b-good-bn.txt.gz",
        "c-good.html",
        "d-invalid-utf8.html",
        "d2-invalid-utf8-bn.txt",
        "e-cp1251.txt",
        "h-truncated.warc.gz#1",
        "h-truncated.warc.gz#2",
        "i-truncated.warc#1",
        "j-feed.jsonl#1",
        "j-feed.jsonl#3",
    ] {
        assert!(
            has(want),
            "missing {want}; got {sources:?}\nstderr: {stderr}"
        );
    }
    assert!(!has("f-empty.txt") && !has("g-truncated.txt.gz") && !has("j-feed.jsonl#2"));

    let rec = |suffix: &str| {
        records
            .iter()
            .find(|r| source_of(r).ends_with(suffix))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(rec("b-good-bn.txt.gz")["lang"], "bn");
    assert_eq!(rec("e-cp1251.txt")["lang"], "ru");
    assert!(rec("e-cp1251.txt")["text"]
        .as_str()
        .unwrap_or("")
        .contains("Министры трех стран"));
    let bad = rec("d-invalid-utf8.html");
    assert!(bad["text"].as_str().unwrap_or("").contains('\u{fffd}'));
    assert!(
        bad["diagnostics"].to_string().contains("invalid-utf8"),
        "{bad}"
    );
    let bad = rec("d2-invalid-utf8-bn.txt");
    assert_eq!(bad["lang"], "bn");
    assert!(
        bad["diagnostics"].to_string().contains("invalid-utf8"),
        "{bad}"
    );
    let w = rec("h-truncated.warc.gz#2");
    assert_eq!(w["url"], "https://example.org/two");
    assert_eq!(w["published"], "2024-02-12");
    let j = rec("j-feed.jsonl#1");
    assert_eq!(j["title"], "Talks resume");
    assert_eq!(j["published"], "2024-02-20");

    // One error line per bad input, naming the file and the fault.
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    let named = |file: &str, fault: &str| {
        errors
            .iter()
            .filter(|l| l.contains(file) && l.contains(fault))
            .count()
    };
    assert_eq!(named("f-empty.txt", "empty file"), 1, "{stderr}");
    assert_eq!(
        named("g-truncated.txt.gz", "truncated gzip stream after"),
        1,
        "{stderr}"
    );
    assert_eq!(
        named("h-truncated.warc.gz", "truncated gzip stream after"),
        1,
        "{stderr}"
    );
    assert_eq!(
        named("i-truncated.warc", "truncated WARC record"),
        1,
        "{stderr}"
    );
    assert_eq!(named("j-feed.jsonl:2", "invalid JSON"), 1, "{stderr}");
    assert_eq!(named("j-feed.jsonl:4", "not a JSON object"), 1, "{stderr}");
    assert_eq!(errors.len(), 6, "{stderr}");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["extract", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run khabar: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&gz(STORY_EN.as_bytes()));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("khabar: {e}"));
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"lang\":\"en\""), "{stdout}");
    assert!(stdout.contains("water ministers of three neighbouring countries"));
}
