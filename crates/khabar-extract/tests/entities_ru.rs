//! Russian: case endings, stem-final letters replaced, adjective demonyms.

mod entities_util;
use entities_util::{assert_links, id_of, ids, link};

#[test]
fn case_forms_link() {
    let table = [
        (
            "Встреча Лаврова и Хафтара прошла в Москве.",
            "Лаврова",
            "per:lavrov",
        ),
        (
            "Встреча Лаврова и Хафтара прошла в Москве.",
            "Хафтара",
            "per:haftar",
        ),
        (
            "Встреча Лаврова и Хафтара прошла в Москве.",
            "Москве",
            "geo:moscow",
        ),
        ("Он говорил с Лавровым.", "Лавровым", "per:lavrov"),
        ("Делегация из России прибыла.", "России", "RUS"),
        ("Представители Ливии приехали.", "Ливии", "LBY"),
        ("Российские дипломаты встретились.", "Российские", "RUS"),
    ];
    assert_links(&table);
}

#[test]
fn near_misses_do_not_link() {
    // Москвич is a car and a resident, not a case form; lower case is not a name.
    assert!(ids("Старый Москвичок стоял у дома.").is_empty());
    assert!(!ids("лавровый лист").contains(&"per:lavrov".to_string()));
}

#[test]
fn role_after_title_in_genitive() {
    // президент Египта: the head of state of Egypt on the date.
    let got = entities_util::link_at(
        "Заявление сделал президент Египта.",
        khabar_core::PartialDate::parse("2020-05-01"),
    );
    assert!(got.iter().any(|e| e.id == "per:sisi"), "{got:?}");
}

#[test]
fn aliases_that_open_with_a_quote_or_apostrophe_match_between_words() {
    // Names written with their quotes ("Хезболла") or an opening ayn apostrophe ('Afrin)
    // start between words; the matcher looks there too, and only there.
    let kb = concat!(
        r#"{"id":"org:hzb","name":"Hezbollah","type":"ORG","aliases":{"ru":["\"Хезболла\""]}}"#,
        "\n",
        r#"{"id":"geo:afrin","name":"Afrin","type":"GPE","country":"SYR","aliases":{"en":["'Afrin"]},"population":40000}"#,
        "\n",
        r#"{"id":"geo:rafah","name":"Rafah","type":"GPE","country":"PSE","aliases":{"ar":["رفح"]},"population":170000}"#,
    );
    let l = khabar_extract::entities::EntityLinker::new(std::sync::Arc::new(
        khabar_extract::kb::Kb::from_jsonl(kb, "t").expect("kb"),
    ))
    .expect("linker");
    let ids = |t: &str| -> Vec<String> { l.link(t, None).into_iter().map(|e| e.id).collect() };
    assert_eq!(ids("Представители \"Хезболла\" заявили."), vec!["org:hzb"]);
    assert_eq!(ids("Fighting near 'Afrin continued."), vec!["geo:afrin"]);
    // Behind a proclitic chain that opens the word (و + ب), not inside a longer word.
    assert_eq!(ids("ووصلت القوات وبرفح اشتباكات."), vec!["geo:rafah"]);
    assert!(ids("كلمة طويلةرفح هنا.").is_empty());
}

/// Russian inflects the given name too: it joins the KB person's mention in any case, and a
/// town spelled like it gives way.
#[test]
fn inflected_given_names_join_the_person() {
    let table = [
        ("Он встретился с Сергеем Лавровым.", "Сергеем Лавровым"),
        ("Визит Сергея Лаврова в Каир.", "Сергея Лаврова"),
        ("Письмо Сергею Лаврову передали.", "Сергею Лаврову"),
        ("Сергей Лавров прибыл.", "Сергей Лавров"),
    ];
    for (text, surface) in table {
        assert_eq!(
            id_of(text, surface).as_deref(),
            Some("per:lavrov"),
            "{surface} in {text}: {:?}",
            link(text)
        );
    }
    // Another given name, or a lower-case word, stays out of the mention.
    for text in [
        "Он встретился с Игорем Лавровым.",
        "Говорили с сергеем Лавровым.",
    ] {
        assert!(
            link(text)
                .iter()
                .any(|(id, ms)| id == "per:lavrov" && ms == &["Лавровым".to_string()]),
            "{text}: {:?}",
            link(text)
        );
    }
    // With the built-in KB, the city of Vladimir gives way to Vladimir Putin's given name.
    let kb = khabar_extract::kb::Kb::builtin().expect("built-in KB");
    let l = khabar_extract::entities::EntityLinker::new(std::sync::Arc::new(kb)).expect("linker");
    let text = "Эрдоган позвонил Владимиру Путину. Визит Эммануэля Макрона в Китай.";
    let got: Vec<(String, Vec<String>)> = l
        .link(text, None)
        .into_iter()
        .map(|e| {
            (
                e.id,
                e.mentions
                    .iter()
                    .map(|m| m.slice(text).to_string())
                    .collect(),
            )
        })
        .collect();
    assert!(
        got.iter()
            .any(|(id, ms)| id == "per:vladimir-putin" && ms == &["Владимиру Путину".to_string()]),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(id, ms)| id == "per:emmanuel-macron" && ms == &["Эммануэля Макрона".to_string()]),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|(id, _)| id.starts_with("geo:")),
        "no town named Vladimir here: {got:?}"
    );
}
