//! Russian event coding: every CAMEO root from stems, SVO roles with prepositions
//! (с = with, в = in), coordination, modality (не, собирается, если) and dates.

mod events_support;

use events_support::{check_roots, coder, doc, has, E};
use khabar_core::{EntityType::*, Modality, PartialDate};

fn ents() -> Vec<E<'static>> {
    vec![
        E(
            "kb:lavrov",
            "Sergey Lavrov",
            Per,
            Some("RUS GOV"),
            &["Лавров"],
        ),
        E(
            "kb:haftar",
            "Khalifa Haftar",
            Per,
            Some("LBY MIL"),
            &["Хафтаром", "Хафтар"],
        ),
        E(
            "kb:moscow",
            "Moscow",
            Gpe,
            Some("RUS"),
            &["Москве", "Москва"],
        ),
        E("kb:russia", "Russia", Gpe, Some("RUS"), &["Россия"]),
        E("kb:china", "China", Gpe, Some("CHN"), &["Китай"]),
        E("kb:cairo", "Cairo", Gpe, Some("EGY"), &["Каир"]),
        E(
            "kb:ukraine",
            "Ukraine",
            Gpe,
            Some("UKR"),
            &["Украину", "Украина"],
        ),
    ]
}

#[test]
fn every_root_has_a_trigger() {
    check_roots(
        "ru",
        &[
            ("01", "Министерство выразило обеспокоенность ситуацией."),
            ("02", "Генсек призвал стороны к сдержанности."),
            ("03", "Компания пообещала восстановить мост."),
            ("04", "Президент встретился с делегацией."),
            ("05", "Министр поблагодарил партнеров."),
            ("06", "Стороны расширят военное сотрудничество."),
            ("07", "Германия направила гуманитарную помощь."),
            ("08", "Власти освободили заложников."),
            ("09", "Полиция начала расследование."),
            ("10", "Протестующие потребовали отставки мэра."),
            ("11", "Оппозиция осудила решение."),
            ("12", "Парламент отверг законопроект."),
            ("13", "Генерал пригрозил ответом."),
            ("14", "Тысячи людей вышли на митинг."),
            ("15", "Армия объявила мобилизацию."),
            ("16", "Вашингтон ввел санкции против компании."),
            ("17", "Полиция задержала троих подозреваемых."),
            ("18", "Боевики похитили журналиста."),
            ("19", "Повстанцы атаковали базу."),
            ("20", "Эксперты назвали это геноцидом."),
        ],
    );
}

#[test]
fn svo_with_instrumental_and_place() {
    let d = doc(
        "ru",
        &["Лавров встретился с Хафтаром в Москве."],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Sergey Lavrov", "Khalifa Haftar"),
        "{evs:?}"
    );
    assert_eq!(
        evs[0].place.as_ref().map(|p| p.name.as_str()),
        Some("Moscow")
    );
}

#[test]
fn coordination() {
    let d = doc("ru", &["Россия и Китай осудили Украину."], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Russia", "Ukraine"), "{evs:?}");
    assert!(has(&evs, "11", "China", "Ukraine"), "{evs:?}");
}

#[test]
fn modality() {
    let c = coder();
    let neg = doc("ru", &["Лавров не встретился с Хафтаром."], &ents(), &[]);
    assert!(c
        .candidates(&neg)
        .iter()
        .any(|e| e.modality == Modality::Negated));
    assert!(c.code(&neg).is_empty());
    let fut = doc("ru", &["Лавров собирается посетить Каир."], &ents(), &[]);
    let evs = c.code(&fut);
    assert_eq!(
        evs.first().map(|e| (e.code.as_str(), e.modality)),
        Some(("036", Modality::Future)),
        "{evs:?}"
    );
    let hyp = doc(
        "ru",
        &["Если Россия атакует Украину, ответ последует."],
        &ents(),
        &[],
    );
    assert!(c
        .candidates(&hyp)
        .iter()
        .any(|e| e.modality == Modality::Hypothetical));
}

#[test]
fn date_flows_into_the_event() {
    let d = doc(
        "ru",
        &["9 мая Лавров встретился с Хафтаром."],
        &ents(),
        &[(
            "9 мая",
            PartialDate {
                year: None,
                month: Some(5),
                day: Some(9),
            },
        )],
    );
    let evs = coder().code(&d);
    assert_eq!(
        evs.first()
            .and_then(|e| e.date)
            .map(|d| d.to_string())
            .as_deref(),
        Some("--05-09")
    );
}

fn ru_ents() -> Vec<E<'static>> {
    vec![
        E("kb:turkey", "Turkey", Gpe, Some("TUR"), &["Турция"]),
        E(
            "kb:russia",
            "Russia",
            Gpe,
            Some("RUS"),
            &["Россией", "Россия"],
        ),
        E(
            "kb:ukraine",
            "Ukraine",
            Gpe,
            Some("UKR"),
            &["Украиной", "Украину", "Украина"],
        ),
        E("kb:israel", "Israel", Gpe, Some("ISR"), &["Израиль"]),
        E("geo:istanbul", "Istanbul", Gpe, Some("TUR"), &["Стамбуле"]),
    ]
}

#[test]
fn talks_that_are_offered_are_not_held() {
    let d = doc(
        "ru",
        &["Турция предложила провести переговоры между Россией и Украиной в Стамбуле."],
        &ru_ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(has(&evs, "03", "Turkey", "Russia"), "{evs:?}");
    assert!(!has(&evs, "04", "Russia", "Ukraine"), "{evs:?}");
    let d = doc(
        "ru",
        &["Россия и Украина провели переговоры в Стамбуле."],
        &ru_ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(has(&evs, "04", "Russia", "Ukraine"), "{evs:?}");
}

#[test]
fn accusations_that_are_rejected_are_not_made_by_the_one_rejecting() {
    let d = doc("ru", &["Израиль отверг обвинения Турции."], &ru_ents(), &[]);
    let evs = coder().code(&d);
    assert!(evs.iter().any(|e| e.code.starts_with("12")), "{evs:?}");
    assert!(!evs.iter().any(|e| e.code.starts_with("11")), "{evs:?}");
    // A question is not a happening.
    let d = doc("ru", &["Атакует ли Россия Украину снова?"], &ru_ents(), &[]);
    assert!(coder().code(&d).is_empty());
    let d = doc("ru", &["Россия атаковала Украину снова."], &ru_ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "19", "Russia", "Ukraine"), "{evs:?}");
}

fn levant() -> Vec<E<'static>> {
    vec![
        E(
            "kb:russia",
            "Russia",
            Gpe,
            Some("RUS"),
            &["России", "Россия"],
        ),
        E(
            "kb:israel",
            "Israel",
            Gpe,
            Some("ISR"),
            &["Израиля", "Израиль"],
        ),
        E(
            "kb:lebanon",
            "Lebanon",
            Gpe,
            Some("LBN"),
            &["Ливану", "Ливан"],
        ),
        E(
            "kb:libya",
            "Libya",
            Gpe,
            Some("LBY"),
            &["ливийское", "Ливия"],
        ),
        E(
            "kb:egypt",
            "Egypt",
            Gpe,
            Some("EGY"),
            &["египетским", "Египет"],
        ),
        E("kb:gaza", "Gaza", Gpe, Some("PSE"), &["Газа"]),
    ]
}

fn code_ru(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("ru", sentences, &levant(), &[]))
}

#[test]
fn a_strike_noun_takes_its_genitive_agent() {
    // "Russia condemned Israel's strikes on Lebanon": Israel struck Lebanon, Russia
    // condemned Israel.
    let evs = code_ru(&["Россия осудила удары Израиля по Ливану."]);
    assert!(has(&evs, "19", "Israel", "Lebanon"), "{evs:?}");
    assert!(has(&evs, "11", "Russia", "Israel"), "{evs:?}");
    assert!(!has(&evs, "11", "Russia", "Lebanon"), "{evs:?}");
    // A strike told with its verb: the subject strikes.
    let evs = code_ru(&["Израиль нанёс удар по Ливану."]);
    assert!(has(&evs, "19", "Israel", "Lebanon"), "{evs:?}");
}

#[test]
fn an_unnamed_subject_and_a_topic_adjective_make_no_actors() {
    // "The sides discussed the situation in Gaza and the Libyan settlement".
    let evs = code_ru(&["Стороны обсудили ситуацию в секторе Газа и ливийское урегулирование."]);
    assert!(evs.is_empty(), "{evs:?}");
    // A named subject with a counterpart named by an adjective on an actor noun.
    let evs = code_ru(&["Россия провела переговоры с египетским коллегой."]);
    assert!(has(&evs, "04", "Russia", "Egypt"), "{evs:?}");
}
