//! KB loading, validation, merging and role resolution on KB text written here.

use khabar_core::{EntityType, PartialDate};
use khabar_extract::kb::{Kb, KbError, ProblemLevel};

const GOOD: &str = r#"
# a comment line, then a blank line

{"id":"XXX","name":"Examplia","type":"GPE","country":"XXX","cameo":"XXX","aliases":{"en":["Examplia","Republic of Examplia"],"bn":["এক্সাম্পলিয়া"],"ar":["إكسامبليا"],"ru":["Экзамплия"]},"demonyms":{"en":["Examplian"],"ru":["экзамплийский"]},"capital":"geo:1"}
{"id":"geo:1","name":"Sampleton","type":"GPE","country":"XXX","aliases":{"en":["Sampleton"],"ar":["سامبلتون"]},"population":1200000}
{"id":"per:a","name":"Anna Alpha","type":"PER","country":"XXX","cameo":"XXX GOV","roles":[{"role":"head_of_state","of":"XXX","from":"2008-05-07","to":"2014-06-07"}],"aliases":{"en":["Alpha"],"bn":["আনা আলফা"]}}
{"id":"per:b","name":"Boris Beta","type":"PER","country":"XXX","cameo":"XXX GOV","roles":[{"role":"head_of_state","of":"XXX","from":"2014-06-08"},{"role":"defence_minister","of":"XXX","from":"2012","to":"2014-03"}],"aliases":{"en":["Beta"],"ru":["Борис Бета"]}}
{"id":"org:front","name":"Example Front","type":"ORG","country":"XXX","cameo":"XXX REB","aliases":{"en":["Example Front","EF"]}}
{"id":"per:c","name":"Carl Gamma","type":"PER","roles":[{"role":"leader","of":"org:front","from":"2019"}],"aliases":{"ar":["كارل غاما"]}}
"#;

fn good() -> Kb {
    match Kb::from_jsonl(GOOD, "good.jsonl") {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    }
}

fn ids(v: Vec<&khabar_extract::kb::KbEntry>) -> Vec<&str> {
    v.into_iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn loads_a_good_file() {
    let kb = good();
    assert_eq!(kb.len(), 6);
    let x = kb
        .get("XXX")
        .map(|e| (e.name.as_str(), e.kind, e.capital.clone()));
    assert_eq!(
        x,
        Some(("Examplia", EntityType::Gpe, Some("geo:1".to_string())))
    );
    assert_eq!(kb.get("geo:1").and_then(|e| e.population), Some(1_200_000));
    let names: Vec<_> = kb
        .get("per:a")
        .map(|e| e.names().collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        vec![("en", "Anna Alpha"), ("bn", "আনা আলফা"), ("en", "Alpha")]
    );
    assert_eq!(kb.origin_of("per:b").as_deref(), Some("good.jsonl:7"));
    assert!(kb.check().iter().all(|p| p.level == ProblemLevel::Warning));
}

fn line_error(text: &str) -> (usize, String) {
    match Kb::from_jsonl(text, "bad.jsonl") {
        Err(KbError::Line {
            origin,
            line,
            message,
        }) => {
            assert_eq!(origin, "bad.jsonl");
            (line, message)
        }
        Err(e) => panic!("unexpected error kind: {e}"),
        Ok(_) => panic!("accepted a malformed KB: {text}"),
    }
}

#[test]
fn each_malformed_line_is_named_by_file_and_line() {
    let ok = r#"{"id":"p","name":"P","type":"PER"}"#;
    let cases: &[(&str, &str)] = &[
        (r#"{"id":"x","name":"X","type":"PER""#, "EOF"),
        (r#"{"id":"x","name":"X","type":"TANK"}"#, "unknown variant"),
        (r#"{"id":"x","type":"PER"}"#, "name"),
        (r#"{"id":"","name":"X","type":"PER"}"#, "empty \"id\""),
        (r#"{"id":"a b","name":"X","type":"PER"}"#, "whitespace"),
        (r#"{"id":"x","name":"  ","type":"PER"}"#, "empty \"name\""),
        (
            r#"{"id":"x","name":"X","type":"PER","aliases":["X"]}"#,
            "invalid type",
        ),
        (
            r#"{"id":"x","name":"X","type":"PER","roles":[{"of":"XXX"}]}"#,
            "role",
        ),
        ("not json at all", "expected"),
    ];
    for (bad, want) in cases {
        let text = format!("{ok}\n\n{bad}\n{ok}");
        let (line, msg) = line_error(&text);
        assert_eq!(line, 3, "{bad}");
        assert!(msg.contains(want), "{bad}: message {msg:?} lacks {want:?}");
        let shown = match Kb::from_jsonl(&text, "bad.jsonl") {
            Err(e) => e.to_string(),
            Ok(_) => String::new(),
        };
        assert!(shown.starts_with("bad.jsonl:3: "), "{shown}");
    }
}

#[test]
fn lenient_parse_keeps_good_lines_and_reports_every_bad_one() {
    let text = "{\"id\":\"a\",\"name\":\"A\",\"type\":\"ORG\"}\n{oops\n{\"id\":\"b\",\"name\":\"B\",\"type\":\"LOC\"}\n[]\n";
    let (kb, errors) = Kb::from_jsonl_lenient(text, "mix.jsonl");
    assert_eq!(kb.len(), 2);
    let lines: Vec<_> = errors
        .iter()
        .filter_map(|e| match e {
            KbError::Line { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    assert_eq!(lines, vec![2, 4]);
}

#[test]
fn check_reports_duplicates_bad_dates_and_collisions() {
    let text = r#"{"id":"p1","name":"Omar Example","type":"PER","aliases":{"en":["Omar"]}}
{"id":"p2","name":"Omar Other","type":"PER","aliases":{"en":["OMAR"]}}
{"id":"p1","name":"Dup","type":"PER"}
{"id":"p3","name":"Late","type":"PER","roles":[{"role":"head_of_state","of":"XXX","from":"2020-13-01"},{"role":"head_of_state","of":"XXX","from":"2020-05-01","to":"2019-01-01"},{"role":"king_of_spades","of":"XXX","from":"2001"}],"aliases":{"en":["Late"]}}
{"id":"p4","name":"Empty","type":"PER","aliases":{"en":[" "]}}
{"id":"g1","name":"Omar","type":"GPE","country":"xx","aliases":{"en":["Omar"]}}
"#;
    let kb = match Kb::from_jsonl(text, "chk.jsonl") {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    };
    let problems = kb.check();
    let has = |level: ProblemLevel, at: &str, needle: &str| {
        problems
            .iter()
            .any(|p| p.level == level && p.at == at && p.message.contains(needle))
    };
    assert!(has(
        ProblemLevel::Error,
        "chk.jsonl:3",
        "duplicate id (first at chk.jsonl:1)"
    ));
    assert!(has(
        ProblemLevel::Error,
        "chk.jsonl:4",
        "bad from date \"2020-13-01\""
    ));
    assert!(has(
        ProblemLevel::Error,
        "chk.jsonl:4",
        "ends before it starts"
    ));
    assert!(has(
        ProblemLevel::Warning,
        "chk.jsonl:4",
        "unknown role key"
    ));
    assert!(has(ProblemLevel::Error, "chk.jsonl:5", "empty alias"));
    assert!(has(ProblemLevel::Error, "chk.jsonl:6", "alpha-3"));
    // Same name, same type: a warning on the later entry. Same name across types: nothing.
    assert!(has(ProblemLevel::Warning, "chk.jsonl:2", "also names p1"));
    assert!(!problems
        .iter()
        .any(|p| p.at == "chk.jsonl:6" && p.message.contains("also names")));
    // The duplicate line did not replace the first entry.
    assert_eq!(kb.get("p1").map(|e| e.name.as_str()), Some("Omar Example"));
}

#[test]
fn merge_overrides_fields_and_extends_names_and_roles() {
    let mut kb = good();
    let user = r#"{"id":"per:a","name":"Anna A. Alpha","type":"PER","cameo":"XXX MIL","roles":[{"role":"army_chief","of":"XXX","from":"2001","to":"2008"}],"aliases":{"en":["Alpha","Anna"],"fr":["Anna Alpha"]}}
{"id":"per:new","name":"New Person","type":"PER","aliases":{"en":["Newbie"]}}"#;
    let user = match Kb::from_jsonl(user, "user.jsonl") {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    };
    kb.merge(user);
    assert_eq!(kb.len(), 7);
    let a = kb.get("per:a");
    assert_eq!(a.map(|e| e.name.as_str()), Some("Anna A. Alpha"));
    assert_eq!(a.and_then(|e| e.cameo.as_deref()), Some("XXX MIL"));
    assert_eq!(
        a.and_then(|e| e.country.as_deref()),
        Some("XXX"),
        "unset field kept"
    );
    assert_eq!(a.map(|e| e.roles.len()), Some(2));
    assert_eq!(
        a.and_then(|e| e.aliases.get("en").cloned()),
        Some(vec!["Alpha".into(), "Anna".into()])
    );
    assert!(a.is_some_and(|e| e.aliases.contains_key("fr") && e.aliases.contains_key("bn")));
    assert!(kb.get("per:new").is_some());
    assert!(kb.check().iter().all(|p| p.level == ProblemLevel::Warning));
}

#[test]
fn role_holders_change_at_the_boundary_date() {
    let kb = good();
    let on = |y, m, d| kb.holders("head_of_state", "XXX", Some(PartialDate::ymd(y, m, d)));
    assert_eq!(ids(on(2014, 6, 7)), vec!["per:a"]);
    assert_eq!(ids(on(2014, 6, 8)), vec!["per:b"]);
    assert_eq!(ids(on(2010, 1, 1)), vec!["per:a"]);
    assert_eq!(ids(on(2025, 3, 1)), vec!["per:b"]);
    assert!(on(2001, 1, 1).is_empty(), "nobody before 2008-05-07");
    // No date: the holder now (a role without an end).
    assert_eq!(ids(kb.holders("head_of_state", "XXX", None)), vec!["per:b"]);
    // A year overlapping both terms: both, the most recent first.
    let year = PartialDate {
        year: Some(2014),
        month: None,
        day: None,
    };
    assert_eq!(
        ids(kb.holders("head_of_state", "XXX", Some(year))),
        vec!["per:b", "per:a"]
    );
    // A month inside one term: the holder whose term contains it comes first.
    let may = PartialDate {
        year: Some(2014),
        month: Some(5),
        day: None,
    };
    assert_eq!(
        ids(kb.holders("head_of_state", "XXX", Some(may))),
        vec!["per:a"]
    );
    // A day and month without a year counts as now.
    let no_year = PartialDate {
        year: None,
        month: Some(6),
        day: Some(7),
    };
    assert_eq!(
        ids(kb.holders("head_of_state", "XXX", Some(no_year))),
        vec!["per:b"]
    );
    // Year-precision role dates: defence minister 2012 .. 2014-03.
    let d = |y, m, dd| kb.holders("defence_minister", "xxx", Some(PartialDate::ymd(y, m, dd)));
    assert_eq!(ids(d(2012, 1, 1)), vec!["per:b"]);
    assert_eq!(ids(d(2014, 3, 31)), vec!["per:b"]);
    assert!(d(2014, 4, 1).is_empty());
    // Roles of an organization.
    assert_eq!(ids(kb.holders("leader", "org:front", None)), vec!["per:c"]);
    assert!(kb.holders("leader", "XXX", None).is_empty());
    assert!(kb
        .get("per:b")
        .is_some_and(|e| e.holds("head_of_state", Some("XXX"), None)));
}

#[test]
fn builtin_resolves_real_roles_by_date() {
    let kb = match Kb::builtin() {
        Ok(kb) => kb,
        Err(e) => panic!("{e}"),
    };
    let h = |role, of, y, m, d| -> Vec<String> {
        kb.holders(role, of, Some(PartialDate::ymd(y, m, d)))
            .into_iter()
            .map(|e| e.name.clone())
            .collect()
    };
    assert_eq!(h("head_of_state", "EGY", 2014, 6, 7), vec!["Adly Mansour"]);
    assert_eq!(
        h("head_of_state", "EGY", 2014, 6, 8),
        vec!["Abdel Fattah el-Sisi"]
    );
    assert_eq!(
        h("foreign_minister", "RUS", 2020, 1, 1),
        vec!["Sergey Lavrov"]
    );
    assert_eq!(
        h("defence_minister", "RUS", 2023, 1, 1),
        vec!["Sergei Shoigu"]
    );
    assert_eq!(
        h("defence_minister", "RUS", 2025, 1, 1),
        vec!["Andrei Belousov"]
    );
    assert_eq!(h("head_of_state", "USA", 2020, 7, 1), vec!["Donald Trump"]);
    assert_eq!(h("head_of_state", "USA", 2022, 7, 1), vec!["Joe Biden"]);
    assert_eq!(
        h("commander", "org:lnaaf", 2020, 4, 4),
        vec!["Khalifa Haftar"]
    );
    assert_eq!(
        h("head_of_government", "LBY", 2019, 4, 4),
        vec!["Fayez al-Sarraj"]
    );
    assert_eq!(
        h("head_of_government", "LBY", 2023, 4, 4),
        vec!["Abdul Hamid Dbeibah"]
    );
}

#[test]
fn load_path_reads_plain_and_gzipped_files_and_names_them_in_errors() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("khabar-kb-test-{}", std::process::id()));
    assert!(std::fs::create_dir_all(&dir).is_ok());
    let plain = dir.join("user.jsonl");
    let gz = dir.join("user.jsonl.gz");
    let bad = dir.join("bad.jsonl");
    assert!(std::fs::write(&plain, GOOD).is_ok());
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    assert!(enc.write_all(GOOD.as_bytes()).is_ok());
    assert!(enc.finish().is_ok_and(|b| std::fs::write(&gz, b).is_ok()));
    assert!(std::fs::write(&bad, "{\"id\":\"a\",\"name\":\"A\",\"type\":\"PER\"}\n{\n").is_ok());
    for p in [&plain, &gz] {
        let kb = Kb::load_path(p);
        assert!(kb.is_ok_and(|kb| kb.len() == 6), "{}", p.display());
    }
    let msg = Kb::load_path(&bad)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.starts_with(&format!("{}:2: ", bad.display())), "{msg}");
    let (kb, errors) = match Kb::load_path_lenient(&bad) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!((kb.len(), errors.len()), (1, 1));
    let missing = Kb::load_path(&dir.join("missing.jsonl"));
    assert!(matches!(missing, Err(KbError::Io { .. })));
    let _ = std::fs::remove_dir_all(&dir);
}
