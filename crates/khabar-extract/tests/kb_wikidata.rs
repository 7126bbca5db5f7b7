//! `kb::wikidata::import` on a small dump written here, plain and gzipped, with bad lines.

use khabar_core::{EntityType, PartialDate};
use khabar_extract::kb::wikidata::{import, ImportStats, WikidataConfig};
use khabar_extract::kb::Kb;
use std::io::Write;

fn snak_item(q: &str) -> String {
    format!(
        r#"{{"snaktype":"value","property":"P","datavalue":{{"value":{{"entity-type":"item","id":"{q}"}},"type":"wikibase-entityid"}}}}"#
    )
}

fn snak_time(t: &str, precision: u8) -> String {
    format!(
        r#"{{"snaktype":"value","datavalue":{{"value":{{"time":"{t}","precision":{precision},"calendarmodel":"x"}},"type":"time"}}}}"#
    )
}

fn claim(mainsnak: &str, qualifiers: &str) -> String {
    format!(
        r#"{{"mainsnak":{mainsnak},"type":"statement","rank":"normal","qualifiers":{{{qualifiers}}}}}"#
    )
}

fn dump() -> String {
    let country = format!(
        r#"{{"type":"item","id":"Q900","labels":{{"en":{{"language":"en","value":"Examplia"}},"bn":{{"language":"bn","value":"এক্সাম্পলিয়া"}},"ar":{{"language":"ar","value":"إكسامبليا"}}}},"aliases":{{"en":[{{"language":"en","value":"Republic of Examplia"}}]}},"claims":{{"P31":[{}],"P298":[{}]}}}}"#,
        claim(&snak_item("Q6256"), ""),
        claim(
            r#"{"snaktype":"value","datavalue":{"value":"EXA","type":"string"}}"#,
            ""
        )
    );
    let person = format!(
        r#"{{"type":"item","id":"Q901","labels":{{"en":{{"language":"en","value":"Anna Alpha"}},"ru":{{"language":"ru","value":"Анна Альфа"}},"ja":{{"language":"ja","value":"アンナ"}}}},"aliases":{{"ar":[{{"language":"ar","value":"آنا ألفا"}}]}},"claims":{{"P31":[{}],"P27":[{}],"P39":[{},{}]}}}}"#,
        claim(&snak_item("Q5"), ""),
        claim(&snak_item("Q900"), ""),
        claim(
            &snak_item("Q950"),
            &format!(
                r#""P580":[{}],"P582":[{}]"#,
                snak_time("+2008-05-07T00:00:00Z", 11),
                snak_time("+2014-06-07T00:00:00Z", 11)
            )
        ),
        claim(
            &snak_item("Q999"),
            &format!(r#""P580":[{}]"#, snak_time("+2001-00-00T00:00:00Z", 9))
        )
    );
    let org = format!(
        r#"{{"type":"item","id":"Q902","labels":{{"fr":{{"language":"fr","value":"Front d'Exemple"}}}},"claims":{{"P31":[{}],"P17":[{}]}}}}"#,
        claim(&snak_item("Q7278"), ""),
        claim(&snak_item("Q900"), "")
    );
    let untyped = format!(
        r#"{{"type":"item","id":"Q903","labels":{{"en":{{"language":"en","value":"Some Painting"}}}},"claims":{{"P31":[{}]}}}}"#,
        claim(&snak_item("Q3305213"), "")
    );
    let no_label = format!(
        r#"{{"type":"item","id":"Q904","labels":{{"ja":{{"language":"ja","value":"東京"}}}},"claims":{{"P31":[{}]}}}}"#,
        claim(&snak_item("Q5"), "")
    );
    format!("[\n{country},\n{person},\n{{\"id\": \"Q905\", broken\n{org},\n{untyped},\n\n{no_label},\n\"just a string\",\n]\n")
}

fn config() -> WikidataConfig {
    let cfg = WikidataConfig::from_tsv(
        (
            "# classes\nQ5\tPER\thuman\nQ6256\tGPE\nQ7278\tORG\tparty\n",
            "classes.tsv",
        ),
        ("Q950\thead_of_state\tEXA\n", "positions.tsv"),
        ("", "countries.tsv"),
    );
    match cfg {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn run(input: &[u8]) -> (ImportStats, String) {
    let mut out = Vec::new();
    let stats = match import(input, &mut out, &config()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    (stats, String::from_utf8(out).unwrap_or_default())
}

fn check_output(stats: &ImportStats, out: &str) {
    assert_eq!(stats.read, 7);
    assert_eq!(stats.written, 3);
    assert_eq!(stats.skipped, 2, "untyped and unlabelled");
    assert_eq!(stats.malformed_count, 2);
    let lines: Vec<usize> = stats.malformed.iter().map(|m| m.0).collect();
    assert_eq!(lines, vec![4, 9]);

    let kb = match Kb::from_jsonl(out, "imported.jsonl") {
        Ok(kb) => kb,
        Err(e) => panic!("import wrote a bad KB line: {e}"),
    };
    let c = kb.get("wd:Q900");
    assert_eq!(c.map(|e| e.kind), Some(EntityType::Gpe));
    assert_eq!(c.and_then(|e| e.country.as_deref()), Some("EXA"));
    assert_eq!(c.and_then(|e| e.cameo.as_deref()), Some("EXA"));
    assert_eq!(
        c.and_then(|e| e.aliases.get("en").cloned()),
        Some(vec![
            "Examplia".to_string(),
            "Republic of Examplia".to_string()
        ])
    );
    assert!(c.is_some_and(|e| e
        .aliases
        .get("bn")
        .is_some_and(|v| v.len() == 1 && v.iter().all(|s| s == "এক্সাম্পলিয়া"))));

    let p = kb.get("wd:Q901");
    assert_eq!(
        p.map(|e| (e.name.as_str(), e.kind)),
        Some(("Anna Alpha", EntityType::Per))
    );
    assert_eq!(
        p.and_then(|e| e.country.as_deref()),
        Some("EXA"),
        "citizenship via P298 seen earlier"
    );
    assert!(
        p.is_some_and(|e| !e.aliases.contains_key("ja")),
        "languages outside the list dropped"
    );
    assert!(p.is_some_and(|e| e
        .aliases
        .get("ar")
        .is_some_and(|v| v.len() == 1 && v.iter().all(|s| s == "آنا ألفا"))));
    assert_eq!(
        p.map(|e| e.roles.len()),
        Some(1),
        "unmapped position ignored"
    );
    let on = |d| {
        kb.holders("head_of_state", "EXA", Some(d))
            .into_iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        on(PartialDate::ymd(2014, 6, 7)),
        vec!["wd:Q901".to_string()]
    );
    assert!(on(PartialDate::ymd(2014, 6, 8)).is_empty());
    assert_eq!(p.and_then(|e| e.cameo.as_deref()), Some("EXA GOV"));

    let o = kb.get("wd:Q902");
    assert_eq!(
        o.map(|e| (e.name.as_str(), e.kind)),
        Some(("Front d'Exemple", EntityType::Org))
    );
    assert_eq!(o.and_then(|e| e.country.as_deref()), Some("EXA"));
}

#[test]
fn imports_a_plain_dump() {
    let (stats, out) = run(dump().as_bytes());
    check_output(&stats, &out);
}

#[test]
fn imports_a_gzipped_dump() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let written = gz.write_all(dump().as_bytes());
    assert!(written.is_ok());
    let bytes = match gz.finish() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    assert!(bytes.starts_with(&[0x1f, 0x8b]));
    let (stats, out) = run(&bytes);
    check_output(&stats, &out);
}

#[test]
fn empty_and_bracket_only_dumps_write_nothing() {
    for input in ["", "[\n]\n", "[]"] {
        let (stats, out) = run(input.as_bytes());
        assert_eq!((stats.read, stats.written), (0, 0), "{input:?}");
        assert!(out.is_empty());
    }
}

#[test]
fn bad_config_lines_are_named() {
    let e = WikidataConfig::from_tsv(("Q5\tPER\nQ6\tTANK\n", "classes.tsv"), ("", "p"), ("", "c"));
    let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.starts_with("classes.tsv:2:"), "{msg}");
    let e = WikidataConfig::from_tsv(
        ("", "c"),
        ("X11696\thead_of_state\tUSA\n", "positions.tsv"),
        ("", "k"),
    );
    assert!(e
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
        .starts_with("positions.tsv:1:"));
    assert!(WikidataConfig::builtin().is_ok_and(|c| c.classes.len() > 10 && c.countries.len() > 50));
}
