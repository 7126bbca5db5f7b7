//! Hostile inputs end to end: the real `khabar extract` binary on a folder holding one hostile
//! file next to a normal article. For each case the run must finish within a time bound, keep
//! its peak resident memory (VmHWM, polled from `/proc/<pid>/status`) under a bound, still
//! produce the good article, and name the hostile file in a warning or an error.
//!
//! Cases: a huge single-line text file (size from `KHABAR_TEST_BIG_MB`, default 64, cut at
//! `KHABAR_TEST_MAX_DOC_MB`, default 0.25; the full case is
//! `KHABAR_TEST_BIG_MB=1024 cargo test --release -p khabar-cli --test limits huge`), a gzip
//! bomb, 100,000 nested `<div>`s, a JSON Lines file of many tiny lines (count from
//! `KHABAR_TEST_JSONL_LINES`, default 100,000 to keep debug runs near a minute; the
//! million-line case is `KHABAR_TEST_JSONL_LINES=1000000 cargo test --release ...`), and one
//! document in 40 languages. The time bound is `KHABAR_TEST_TIME_LIMIT_S` (default 120).
//! Memory is measured on Linux only; elsewhere only time and output are checked.

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a run may take, in seconds (debug build on a loaded 2-core machine);
/// `KHABAR_TEST_TIME_LIMIT_S` overrides.
fn time_limit() -> Duration {
    Duration::from_secs(env_usize("KHABAR_TEST_TIME_LIMIT_S", 120) as u64)
}
/// Highest peak resident memory allowed, in KiB.
const MEMORY_LIMIT_KB: u64 = 500 * 1024;

const GOOD_NAME: &str = "good.txt";
const GOOD: &str = "Water ministers meet in Dhaka\n\
The water ministers of three neighbouring countries met in Dhaka on Tuesday to discuss a new agreement on sharing the river, officials said.\n\
The talks will continue next month, and a draft text is expected before the end of the year.\n";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

struct Outcome {
    status: i32,
    stderr: String,
    out: PathBuf,
    peak_kb: Option<u64>,
    elapsed: Duration,
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run `khabar extract <dir> -o <dir>/../out.jsonl <extra>` with a time bound, polling the
/// child's peak memory.
fn extract(dir: &Path, extra: &[&str]) -> Outcome {
    let out = dir.with_extension("out.jsonl");
    let err_path = dir.with_extension("stderr.txt");
    let err_file = std::fs::File::create(&err_path).unwrap_or_else(|e| panic!("stderr file: {e}"));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("extract")
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err_file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run khabar: {e}"));
    let pid = child.id();
    let mut peak: Option<u64> = None;
    let status = loop {
        if let Some(kb) = vm_hwm_kb(pid) {
            peak = Some(peak.map_or(kb, |p| p.max(kb)));
        }
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {}
            Err(e) => panic!("wait: {e}"),
        }
        if start.elapsed() > time_limit() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "khabar extract did not finish within {:?} on {}",
                time_limit(),
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    Outcome {
        status: status.code().unwrap_or(-1),
        stderr,
        out,
        peak_kb: peak,
        elapsed,
    }
}

impl Outcome {
    /// Stream the records, keeping only those `keep` selects (the output may be large).
    fn records(
        &self,
        mut keep: impl FnMut(&serde_json::Value) -> bool,
    ) -> (usize, Vec<serde_json::Value>) {
        let f = std::fs::File::open(&self.out).unwrap_or_else(|e| panic!("no output: {e}"));
        let mut n = 0;
        let mut kept = Vec::new();
        for line in std::io::BufReader::new(f).lines() {
            let line = line.unwrap_or_else(|e| panic!("read output: {e}"));
            let v: serde_json::Value =
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("bad record {e}: {line}"));
            n += 1;
            if keep(&v) {
                kept.push(v);
            }
        }
        (n, kept)
    }

    fn check_common(&self, case: &str) {
        eprintln!(
            "{case}: exit {} in {:.1?}, peak {} MiB",
            self.status,
            self.elapsed,
            self.peak_kb.map_or("?".into(), |k| (k / 1024).to_string())
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{case}: panic: {}",
            self.stderr
        );
        assert!(
            self.status == 0 || self.status == 3,
            "{case}: exit status {} (0 or 3 expected): {}",
            self.status,
            self.stderr
        );
        if let Some(kb) = self.peak_kb {
            assert!(
                kb < MEMORY_LIMIT_KB,
                "{case}: peak memory {} MiB over the bound of {} MiB",
                kb / 1024,
                MEMORY_LIMIT_KB / 1024
            );
        }
        let (_, good) = self.records(|v| source_ends(v, GOOD_NAME));
        assert_eq!(good.len(), 1, "{case}: the good article is missing");
        let text = good[0]["text"].as_str().unwrap_or("");
        assert!(
            text.contains("neighbouring countries met in Dhaka"),
            "{case}: the good article lost its text: {text}"
        );
    }
}

fn source_ends(v: &serde_json::Value, name: &str) -> bool {
    v["source"].as_str().is_some_and(|s| s.ends_with(name))
}

fn has_diagnostic(v: &serde_json::Value, reason: &str) -> bool {
    v["diagnostics"]
        .as_array()
        .is_some_and(|ds| ds.iter().any(|d| d["reason"] == reason))
}

/// A temp folder with the good article in it.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(dir.join(GOOD_NAME), GOOD).unwrap_or_else(|e| panic!("write: {e}"));
    (tmp, dir)
}

fn create(path: &Path) -> BufWriter<std::fs::File> {
    BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(path).unwrap_or_else(|e| panic!("create {}: {e}", path.display())),
    )
}

#[test]
fn huge_single_line_file_is_cut_with_a_warning() {
    let mb = env_usize("KHABAR_TEST_BIG_MB", 64);
    let max_doc_mb: f64 = std::env::var("KHABAR_TEST_MAX_DOC_MB")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.25);
    let (_tmp, dir) = corpus();
    let mut w = create(&dir.join("huge.txt"));
    let sentence =
        "The council of the city met again on Tuesday and the talks went on without a break. ";
    let mut written = 0usize;
    while written < mb << 20 {
        w.write_all(sentence.as_bytes())
            .unwrap_or_else(|e| panic!("write: {e}"));
        written += sentence.len();
    }
    w.flush().unwrap_or_else(|e| panic!("flush: {e}"));
    drop(w);
    let max = max_doc_mb.to_string();
    let o = extract(&dir, &["--explain", "--max-doc-mb", &max]);
    o.check_common("huge single line");
    let (_, huge) = o.records(|v| source_ends(v, "huge.txt"));
    assert_eq!(huge.len(), 1, "the cut document should still come out");
    assert!(
        has_diagnostic(&huge[0], "document-cut"),
        "no document-cut warning on huge.txt: {}",
        huge[0]["diagnostics"]
    );
    let text_len = huge[0]["text"].as_str().map_or(0, str::len);
    assert!(
        text_len as f64 <= max_doc_mb * 1048576.0,
        "text of {text_len} bytes is over the limit of {max_doc_mb} MiB"
    );
}

/// The same at the default 8 MiB document limit: a 16 MiB single-line page is cut to 8 MiB
/// and every stage gets through it (they are linear in the length of a document: about 3 s
/// in a release build, well under a minute in a test build).
#[test]
fn huge_single_line_file_at_the_default_limit() {
    let (_tmp, dir) = corpus();
    let mut w = create(&dir.join("huge.txt"));
    let sentence =
        "The council of the city met again on Tuesday and the talks went on without a break. ";
    let mut written = 0usize;
    while written < 16 << 20 {
        w.write_all(sentence.as_bytes())
            .unwrap_or_else(|e| panic!("write: {e}"));
        written += sentence.len();
    }
    w.flush().unwrap_or_else(|e| panic!("flush: {e}"));
    drop(w);
    let o = extract(&dir, &["--explain"]);
    o.check_common("huge single line, default limit");
}

#[test]
fn gzip_bomb_is_stopped_with_an_error_naming_it() {
    let (_tmp, dir) = corpus();
    // One member inflating 16 MiB of a repeated line, written 16 times: a multi-member gzip
    // of a few hundred KB that inflates to 256 MiB, over the 8 MiB limit given below.
    let line = b"nothing to see here, nothing to see here, nothing to see here\n";
    let mut chunk = Vec::with_capacity(16 << 20);
    while chunk.len() < 16 << 20 {
        chunk.extend_from_slice(line);
    }
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(&chunk).unwrap_or_else(|e| panic!("gzip: {e}"));
    let member = e.finish().unwrap_or_else(|e| panic!("gzip: {e}"));
    let mut w = create(&dir.join("bomb.txt.gz"));
    for _ in 0..16 {
        w.write_all(&member)
            .unwrap_or_else(|e| panic!("write: {e}"));
    }
    w.flush().unwrap_or_else(|e| panic!("flush: {e}"));
    drop(w);
    let o = extract(&dir, &["--max-decompressed-mb", "8"]);
    o.check_common("gzip bomb");
    assert_eq!(
        o.status, 3,
        "a stopped bomb is a failed input: {}",
        o.stderr
    );
    let named: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| l.contains("bomb.txt.gz"))
        .collect();
    assert!(
        named.iter().any(|l| l.contains("limit")),
        "no error naming bomb.txt.gz and the limit: {}",
        o.stderr
    );
}

#[test]
fn deeply_nested_html_does_not_overflow() {
    let (_tmp, dir) = corpus();
    let depth = 100_000;
    let mut w = create(&dir.join("nested.html"));
    let mut write = |s: &str| {
        w.write_all(s.as_bytes())
            .unwrap_or_else(|e| panic!("write: {e}"))
    };
    write("<html><head><title>Nested</title></head><body>");
    for _ in 0..depth {
        write("<div>");
    }
    write("<p>The flood waters reached the northern districts of the country on Monday, officials said.</p>");
    for _ in 0..depth {
        write("</div>");
    }
    write("</body></html>\n");
    w.flush().unwrap_or_else(|e| panic!("flush: {e}"));
    drop(w);
    let o = extract(&dir, &["--explain"]);
    o.check_common("deep nesting");
    let (_, nested) = o.records(|v| source_ends(v, "nested.html"));
    assert_eq!(nested.len(), 1, "nested.html is missing: {}", o.stderr);
    let text = nested[0]["text"].as_str().unwrap_or("");
    assert!(
        text.contains("flood waters reached the northern districts"),
        "the paragraph under 100,000 divs was lost: {text}"
    );
}

#[test]
fn overlong_json_lines_line_is_skipped_and_the_rest_read() {
    let (_tmp, dir) = corpus();
    let mut w = create(&dir.join("big.jsonl"));
    writeln!(
        w,
        "{{\"text\":\"The first note says the bridge reopened on Friday.\"}}"
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    w.write_all(b"{\"text\":\"")
        .unwrap_or_else(|e| panic!("write: {e}"));
    for _ in 0..(3 << 20) / 64 {
        w.write_all(b"a long line that goes on and on and on and on and on and on.. ")
            .unwrap_or_else(|e| panic!("write: {e}"));
    }
    w.write_all(b"\"}\n")
        .unwrap_or_else(|e| panic!("write: {e}"));
    writeln!(
        w,
        "{{\"text\":\"The third note says the market opened on Saturday.\"}}"
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    w.flush().unwrap_or_else(|e| panic!("flush: {e}"));
    drop(w);
    let o = extract(&dir, &["--max-line-mb", "1"]);
    o.check_common("overlong line");
    assert_eq!(
        o.status, 3,
        "a skipped line is a failed input: {}",
        o.stderr
    );
    assert!(
        o.stderr
            .lines()
            .any(|l| l.contains("big.jsonl:2") && l.contains("limit")),
        "no error naming big.jsonl line 2: {}",
        o.stderr
    );
    let (_, notes) = o.records(|v| {
        source_ends(v, "big.jsonl")
            || v["source"]
                .as_str()
                .is_some_and(|s| s.contains("big.jsonl"))
    });
    let texts: Vec<&str> = notes.iter().filter_map(|v| v["text"].as_str()).collect();
    assert!(
        texts.iter().any(|t| t.contains("bridge reopened"))
            && texts.iter().any(|t| t.contains("market opened")),
        "the lines around the long one are missing: {texts:?}"
    );
}

#[test]
fn million_line_json_lines_stream_in_bounded_memory() {
    let lines = env_usize("KHABAR_TEST_JSONL_LINES", 100_000);
    let (_tmp, dir) = corpus();
    let mut w = create(&dir.join("many.jsonl"));
    for i in 0..lines {
        writeln!(w, "{{\"text\":\"Note {i}.\"}}").unwrap_or_else(|e| panic!("write: {e}"));
    }
    w.flush().unwrap_or_else(|e| panic!("flush: {e}"));
    drop(w);
    let o = extract(&dir, &[]);
    o.check_common("million lines");
    let (n, _) = o.records(|_| false);
    assert_eq!(n, lines + 1, "every line and the good article come out");
}

/// Short lines in 40 languages and scripts, written for this test.
const FORTY: &[&str] = &[
    "The river rose overnight and the road to the village was closed.",
    "নদীর পানি রাতারাতি বেড়ে যাওয়ায় গ্রামের রাস্তা বন্ধ হয়ে গেছে।",
    "ارتفع منسوب النهر خلال الليل وأغلقت الطريق المؤدية إلى القرية.",
    "Река поднялась за ночь, и дорогу в деревню закрыли.",
    "Le fleuve est monté pendant la nuit et la route du village a été fermée.",
    "Der Fluss stieg über Nacht, und die Straße zum Dorf wurde gesperrt.",
    "El río creció durante la noche y se cerró la carretera al pueblo.",
    "O rio subiu durante a noite e a estrada para a aldeia foi fechada.",
    "Il fiume è salito durante la notte e la strada per il villaggio è stata chiusa.",
    "De rivier steeg 's nachts en de weg naar het dorp werd afgesloten.",
    "Rzeka wezbrała w nocy i droga do wsi została zamknięta.",
    "Річка піднялася за ніч, і дорогу до села закрили.",
    "Nehir gece boyunca yükseldi ve köye giden yol kapatıldı.",
    "دریا در طول شب بالا آمد و جاده روستا بسته شد.",
    "رات بھر دریا کا پانی بڑھ گیا اور گاؤں کی سڑک بند کر دی گئی۔",
    "रात भर नदी का पानी बढ़ गया और गाँव की सड़क बंद कर दी गई।",
    "ஆற்றின் நீர் இரவு முழுவதும் உயர்ந்ததால் கிராமச் சாலை மூடப்பட்டது.",
    "రాత్రంతా నది నీరు పెరగడంతో గ్రామానికి వెళ్లే రహదారిని మూసివేశారు.",
    "ਰਾਤ ਭਰ ਦਰਿਆ ਦਾ ਪਾਣੀ ਵਧ ਗਿਆ ਅਤੇ ਪਿੰਡ ਦੀ ਸੜਕ ਬੰਦ ਕਰ ਦਿੱਤੀ ਗਈ।",
    "રાતભર નદીનું પાણી વધ્યું અને ગામનો રસ્તો બંધ કરાયો.",
    "നദിയിലെ ജലനിരപ്പ് രാത്രി ഉയർന്നതോടെ ഗ്രാമത്തിലേക്കുള്ള റോഡ് അടച്ചു.",
    "ರಾತ್ರಿಯಿಡೀ ನದಿಯ ನೀರು ಏರಿದ್ದರಿಂದ ಹಳ್ಳಿಯ ರಸ್ತೆಯನ್ನು ಮುಚ್ಚಲಾಯಿತು.",
    "रातभर नदीको पानी बढेपछि गाउँ जाने सडक बन्द गरियो।",
    "河水一夜之间上涨，通往村庄的道路被封闭。",
    "川の水位が夜のうちに上がり、村へ通じる道路が閉鎖された。",
    "밤사이 강물이 불어나 마을로 가는 길이 폐쇄되었다.",
    "แม่น้ำเอ่อล้นในตอนกลางคืนและถนนสู่หมู่บ้านถูกปิด",
    "Nước sông dâng cao trong đêm và con đường vào làng đã bị đóng.",
    "Sungai meluap pada malam hari dan jalan menuju desa ditutup.",
    "Mto ulifurika usiku na barabara ya kuelekea kijijini ilifungwa.",
    "הנהר עלה במהלך הלילה והכביש לכפר נסגר.",
    "Το ποτάμι φούσκωσε τη νύχτα και ο δρόμος προς το χωριό έκλεισε.",
    "მდინარე ღამით ადიდდა და სოფლის გზა ჩაიკეტა.",
    "Գետը գիշերը վարարեց, և գյուղ տանող ճանապարհը փակվեց։",
    "ወንዙ በሌሊት ሞልቶ ወደ መንደሩ የሚወስደው መንገድ ተዘጋ።",
    "A folyó éjjel megáradt, és lezárták a faluba vezető utat.",
    "Joki tulvi yön aikana ja kylään johtava tie suljettiin.",
    "Floden steg under natten och vägen till byn stängdes.",
    "Râul a crescut peste noapte, iar drumul spre sat a fost închis.",
    "ទឹកទន្លេឡើងខ្ពស់ពេលយប់ ហើយផ្លូវទៅភូមិត្រូវបានបិទ។",
];

#[test]
fn forty_languages_in_one_document() {
    assert_eq!(FORTY.len(), 40);
    let (_tmp, dir) = corpus();
    let mut body = String::from("Flood report\n\n");
    for line in FORTY {
        body.push_str(line);
        body.push_str("\n\n");
    }
    std::fs::write(dir.join("forty.txt"), &body).unwrap_or_else(|e| panic!("write: {e}"));
    let o = extract(&dir, &[]);
    o.check_common("forty languages");
    let (_, forty) = o.records(|v| source_ends(v, "forty.txt"));
    assert_eq!(forty.len(), 1, "the 40-language document is missing");
    let text = forty[0]["text"].as_str().unwrap_or("");
    for line in [FORTY[1], FORTY[2], FORTY[3], FORTY[23]] {
        assert!(text.contains(line), "lost a paragraph: {line}");
    }
    assert!(forty[0]["lang"].is_string(), "no document language");
}
