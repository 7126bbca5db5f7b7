//! Throughput of the linker with a generated KB of 100,000 entries (about 400,000 names in
//! four scripts). Ignored by default; run in release mode:
//! `cargo test --release -p khabar-extract --test entities_throughput -- --ignored --nocapture`
//! It prints the index build time, the matcher's heap size and MB/s on one core.

use khabar_extract::entities::EntityLinker;
use khabar_extract::kb::Kb;
use std::fmt::Write;
use std::sync::Arc;
use std::time::Instant;

const LAT: &[&str] = &[
    "ka", "ri", "mo", "sa", "ta", "na", "lo", "be", "da", "fu", "zi", "ha",
];
const BN: &[&str] = &[
    "কা", "রি", "মো", "সা", "টা", "না", "লো", "বে", "দা", "ফু", "জি", "হা",
];
const AR: &[&str] = &[
    "كا", "ري", "مو", "سا", "طا", "نا", "لو", "بي", "دا", "فو", "زي", "ها",
];
const RU: &[&str] = &[
    "ка", "ри", "мо", "са", "та", "на", "ло", "бе", "да", "фу", "зи", "ха",
];

fn word(n: usize, syl: &[&str]) -> String {
    // Three or four syllables from the digits of n: 12^4 = 20,736 distinct words.
    let mut s = String::new();
    let mut x = n;
    for _ in 0..(3 + n % 2) {
        s.push_str(syl[x % syl.len()]);
        x /= syl.len();
    }
    s
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn kb_text(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let (a, b) = (i, i / 7 + 13);
        let en = format!("{} {}", cap(&word(a, LAT)), cap(&word(b, LAT)));
        let bn = format!("{} {}", word(a, BN), word(b, BN));
        let ar = format!("{} {}", word(a, AR), word(b, AR));
        let ru = format!("{} {}", cap(&word(a, RU)), cap(&word(b, RU)));
        let kind = ["PER", "ORG", "GPE"][i % 3];
        let _ = writeln!(
            out,
            r#"{{"id":"gen:{i}","name":"{en}","type":"{kind}","aliases":{{"en":["{en}"],"bn":["{bn}"],"ar":["{ar}"],"ru":["{ru}"]}}}}"#
        );
    }
    out
}

fn docs() -> Vec<String> {
    let base = [
        "The delegation met Karimo Sata in the capital on Tuesday and said talks would go on. ",
        "প্রতিনিধি দল মঙ্গলবার রাজধানীতে কারিমো সাটার সঙ্গে বৈঠক করেছে এবং আলোচনা চলবে বলে জানিয়েছে। ",
        "التقى الوفد كاريمو ساطا في العاصمة يوم الثلاثاء وقال إن المحادثات ستستمر. ",
        "Делегация встретилась с Карима Сата в столице во вторник и заявила, что переговоры продолжатся. ",
    ];
    let mut out = Vec::new();
    for d in 0..400 {
        let mut s = String::new();
        while s.len() < 8_000 {
            for (j, b) in base.iter().enumerate() {
                s.push_str(b);
                // A KB name in the script of the sentence, now and then.
                let i = (d * 31 + j * 7 + s.len()) % 100_000;
                let (a, b) = (i, i / 7 + 13);
                let name = match j {
                    0 => format!("{} {}", cap(&word(a, LAT)), cap(&word(b, LAT))),
                    1 => format!("{} {}কে", word(a, BN), word(b, BN)),
                    2 => format!("و{} {}", word(a, AR), word(b, AR)),
                    _ => format!("{} {}", cap(&word(a, RU)), cap(&word(b, RU))),
                };
                s.push_str(&name);
                s.push_str(". ");
            }
        }
        out.push(s);
    }
    out
}

#[test]
#[ignore]
fn throughput_100k_names() {
    let kb = Kb::from_jsonl(&kb_text(100_000), "generated").expect("generated KB parses");
    let t0 = Instant::now();
    let linker = EntityLinker::new(Arc::new(kb)).expect("builds");
    let build = t0.elapsed();
    let stats = linker.stats();
    let docs = docs();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let t1 = Instant::now();
    let mut mentions = 0;
    for d in &docs {
        mentions += linker
            .link(d, None)
            .iter()
            .map(|e| e.mentions.len())
            .sum::<usize>();
    }
    let secs = t1.elapsed().as_secs_f64();
    let tn = Instant::now();
    let nbytes: usize = docs
        .iter()
        .map(|d| khabar_text::normalize::normalize(d).text.len())
        .sum();
    let norm_secs = tn.elapsed().as_secs_f64();
    eprintln!(
        "normalize alone: {:.1} MB/s ({nbytes} bytes)",
        bytes as f64 / 1e6 / norm_secs
    );
    let t2 = Instant::now();
    let hits: usize = docs.iter().map(|d| linker.count_hits(d)).sum();
    let scan = t2.elapsed().as_secs_f64();
    eprintln!(
        "entities: {} entries, {} patterns, {} keys; build {:.2} s, matcher {:.1} MB; \
         link {:.1} MB in {:.2} s = {:.1} MB/s on one core; {} mentions; \
         normalize+automaton alone {:.1} MB/s ({} hits)",
        stats.entries,
        stats.patterns,
        stats.keys,
        build.as_secs_f64(),
        stats.matcher_bytes as f64 / 1e6,
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        mentions,
        bytes as f64 / 1e6 / scan,
        hits
    );
    assert!(mentions > 0);
}
