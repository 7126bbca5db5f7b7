//! Russian: case endings, stem-final letters replaced, adjective demonyms.

mod entities_util;
use entities_util::{assert_links, ids};

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
