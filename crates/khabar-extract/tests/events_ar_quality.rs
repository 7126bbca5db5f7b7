//! Arabic event quality on sentences written for these tests: a country's adjective on a
//! verbal noun names its actor and the verb's target, a dateline city is not an actor, a
//! country after إلى receives what is sent, and "بين X وY" names the two sides.

mod events_support;

use events_support::{coder, doc, has, roots_in, triples, E};
use khabar_core::EntityType::*;

fn ents() -> Vec<E<'static>> {
    vec![
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["مصر"]),
        E("geo:cairo", "Cairo", Gpe, Some("EGY"), &["القاهرة"]),
        E(
            "kb:israel",
            "Israel",
            Gpe,
            Some("ISR"),
            &["إسرائيلية", "إسرائيل"],
        ),
        E("geo:gaza", "Gaza", Gpe, Some("PSE"), &["غزة"]),
        E("kb:sudan", "Sudan", Gpe, Some("SDN"), &["السودان"]),
        E("kb:russia", "Russia", Gpe, Some("RUS"), &["روسيا"]),
        E("kb:ukraine", "Ukraine", Gpe, Some("UKR"), &["أوكرانيا"]),
    ]
}

fn code(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("ar", sentences, &ents(), &[]))
}

#[test]
fn a_country_adjective_on_a_verbal_noun() {
    let evs = code(&["أدانت مصر يوم الاثنين الغارات الإسرائيلية على غزة."]);
    // The strikes are Israel's, on Gaza; Egypt condemned Israel, not Gaza.
    assert!(has(&evs, "19", "Israel", "Gaza"), "{:?}", triples(&evs));
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
    assert!(!has(&evs, "19", "Egypt", "Gaza"), "{:?}", triples(&evs));
    assert!(!has(&evs, "11", "Egypt", "Gaza"), "{:?}", triples(&evs));
}

#[test]
fn a_dateline_city_is_not_the_actor() {
    let evs = code(&["القاهرة - أدانت مصر الغارات الإسرائيلية على غزة."]);
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
    assert!(
        evs.iter().all(|e| e.source.id != "geo:cairo"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_country_after_ila_receives_what_is_sent() {
    let evs = code(&["أرسلت مصر مساعدات إنسانية إلى السودان."]);
    assert!(has(&evs, "07", "Egypt", "Sudan"), "{:?}", triples(&evs));
}

#[test]
fn talks_between_two_sides() {
    let evs = code(&["وجرت محادثات بين روسيا وأوكرانيا في القاهرة."]);
    assert!(has(&evs, "04", "Russia", "Ukraine"), "{:?}", triples(&evs));
}

#[test]
fn what_is_accused_or_criticized_is_not_done_by_the_accuser() {
    // "Egypt accused Israel of committing a massacre in Gaza": an accusation (11), and
    // no massacre by Egypt.
    let evs = code(&["واتهمت مصر إسرائيل بارتكاب مجزرة في غزة."]);
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
    assert!(
        !evs.iter().any(|e| e.code.starts_with("20")),
        "{:?}",
        triples(&evs)
    );
    // "Russia criticized the arrest of journalists in Ukraine": no arrest by Russia.
    let evs = code(&["وانتقدت روسيا اعتقال صحفيين في أوكرانيا."]);
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("11") && e.source.name == "Russia"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !evs.iter().any(|e| e.code.starts_with("17")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn what_is_demanded_is_not_done() {
    // "Egypt demanded the release of the detainees in Sudan".
    let evs = code(&["وطالبت مصر بالإفراج عن المعتقلين في السودان."]);
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("10") && e.source.name == "Egypt"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !evs.iter().any(|e| e.code.starts_with("08")),
        "{:?}",
        triples(&evs)
    );
    // A release told as done stays.
    let evs = code(&["وأعلنت مصر الإفراج عن معتقلين من السودان."]);
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("08") && e.source.name == "Egypt"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn an_arabic_question_is_not_a_happening() {
    let evs = code(&["هل تهاجم روسيا أوكرانيا مجددا؟"]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
    let evs = code(&["وهاجمت روسيا أوكرانيا مجددا."]);
    assert!(has(&evs, "19", "Russia", "Ukraine"), "{:?}", triples(&evs));
}

fn ents_more() -> Vec<E<'static>> {
    let mut v = ents();
    v.push(E(
        "kb:libya",
        "Libya",
        Gpe,
        Some("LBY"),
        &["الليبية", "ليبيا"],
    ));
    v
}

fn code_more(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("ar", sentences, &ents_more(), &[]))
}

#[test]
fn a_country_adjective_on_a_topic_noun_is_no_actor() {
    // "Egypt discussed the Libyan crisis": Libya is what was discussed.
    let evs = code_more(&["وناقشت مصر الأزمة الليبية."]);
    assert!(
        evs.iter()
            .all(|e| e.target.as_ref().map(|t| t.name.as_str()) != Some("Libya")),
        "{:?}",
        triples(&evs)
    );
    // On an actor noun it names the actor: "with the Libyan government".
    let evs = code_more(&["وناقشت مصر مع الحكومة الليبية الأزمة."]);
    assert!(has(&evs, "04", "Egypt", "Libya"), "{:?}", triples(&evs));
}

#[test]
fn an_unnamed_subject_is_not_replaced_by_the_object() {
    // "The opposition criticized Russia": nobody named criticized.
    let evs = code(&["وانتقدت المعارضة روسيا بشدة."]);
    assert!(
        evs.iter().all(|e| e.source.name != "Russia"),
        "{:?}",
        triples(&evs)
    );
    let evs = code(&["المعارضة تنتقد روسيا."]);
    assert!(
        evs.iter().all(|e| e.source.name != "Russia"),
        "{:?}",
        triples(&evs)
    );
    // A named subject, or a common noun qualified by a name, acts.
    let evs = code(&["وانتقدت مصر روسيا بشدة."]);
    assert!(has(&evs, "11", "Egypt", "Russia"), "{:?}", triples(&evs));
    let evs = code(&["وقصفت الطائرات الإسرائيلية غزة."]);
    assert!(has(&evs, "19", "Israel", "Gaza"), "{:?}", triples(&evs));
}

#[test]
fn a_verb_form_with_the_article_is_a_noun() {
    // "Russia did not comment on the attack": no attack by Russia.
    let evs = code(&["ولم تعلق روسيا على الهجوم."]);
    assert!(
        !evs.iter().any(|e| e.code.starts_with("19")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_scheduled_visit_is_a_future_one() {
    let d = doc(
        "ar",
        &["ومن المقرر أن تزور روسيا مصر الشهر المقبل."],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        evs.iter().any(|e| e.code == "036"
            && e.source.name == "Russia"
            && e.modality == khabar_core::Modality::Future),
        "{:?}",
        evs
    );
}

#[test]
fn acts_coordinated_in_an_accusation_are_not_done_by_the_accuser() {
    // "Sudan accused Egypt of shelling ... and killing civilians": neither act is Sudan's.
    let evs = code(&["واتهمت السودان مصر بقصف الأحياء السكنية وقتل مدنيين."]);
    assert!(has(&evs, "11", "Sudan", "Egypt"), "{:?}", triples(&evs));
    assert!(
        !evs.iter()
            .any(|e| e.source.name == "Sudan" && e.code.as_str() >= "18"),
        "{:?}",
        triples(&evs)
    );
    // A feminine defective verb ("دعت") is the appeal it is.
    let evs = code(&["ودعت مصر روسيا إلى الحوار."]);
    assert!(has(&evs, "02", "Egypt", "Russia"), "{:?}", triples(&evs));
    // A verb with و after a complete clause is an act of its own.
    let evs = code(&["واتهمت السودان مصر بالتقصير، وقصفت روسيا أوكرانيا."]);
    assert!(has(&evs, "19", "Russia", "Ukraine"), "{:?}", triples(&evs));
}

#[test]
fn dan_and_nadada_condemn_without_reading_into_names() {
    // "دان" and "ندّد" are verbs of condemning like "أدان".
    assert!(roots_in("ar", "ودان رئيس الحكومة الغارة").contains(&"11".to_string()));
    assert!(roots_in("ar", "ونددت الخارجية بالاعتداء").contains(&"11".to_string()));
    // Near miss: a name ending in the same letters ("السودان", "الميدان") is no trigger.
    assert!(roots_in("ar", "في السودان").is_empty());
    assert!(roots_in("ar", "في الميدان").is_empty());
}

fn sudan() -> Vec<E<'static>> {
    vec![
        E(
            "kb:rsf",
            "Rapid Support Forces",
            Org,
            Some("SDN REB"),
            &["الدعم السريع"],
        ),
        E(
            "kb:saf",
            "Sudanese Armed Forces",
            Org,
            Some("SDN MIL"),
            &["الجيش السوداني"],
        ),
        E("geo:fasher", "El Fasher", Gpe, Some("SDN"), &["الفاشر"]),
        E("geo:nyala", "Nyala", Gpe, Some("SDN"), &["نيالا"]),
    ]
}

#[test]
fn a_name_joined_by_wa_before_the_next_verb_is_its_subject() {
    let evs = coder().code(&doc(
        "ar",
        &["الدعم السريع تقصف الفاشر والجيش السوداني يتهمها بارتكاب مجزرة"],
        &sudan(),
        &[],
    ));
    assert!(
        !has(&evs, "19", "Rapid Support Forces", "Sudanese Armed Forces"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        has(&evs, "19", "Rapid Support Forces", "El Fasher"),
        "{:?}",
        triples(&evs)
    );
    // Nor is the first a second accuser.
    assert!(
        !evs.iter()
            .any(|e| e.code.starts_with("11") && e.source.name == "El Fasher"),
        "{:?}",
        triples(&evs)
    );
    // Near miss: two subjects joined by و opening the sentence both act.
    let evs = coder().code(&doc(
        "ar",
        &["الدعم السريع والجيش السوداني يدينان الهجوم على نيالا"],
        &sudan(),
        &[],
    ));
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("11") && e.source.name == "Rapid Support Forces"),
        "{:?}",
        triples(&evs)
    );
    // Near miss: two objects joined by و with no verb after them are both attacked.
    let evs = coder().code(&doc(
        "ar",
        &["الدعم السريع تقصف الفاشر ونيالا بالمسيرات"],
        &sudan(),
        &[],
    ));
    assert!(
        has(&evs, "19", "Rapid Support Forces", "Nyala"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_place_after_fi_is_not_the_next_name_s_modifier() {
    let ents = vec![
        E("kb:oman", "Oman", Gpe, Some("OMN"), &["العماني"]),
        E("geo:muscat", "Muscat", Gpe, Some("OMN"), &["مسقط"]),
        E(
            "kb:badr",
            "Badr Albusaidi",
            Per,
            Some("OMN GOV"),
            &["بدر البوسعيدي"],
        ),
        E(
            "kb:abdulsalam",
            "Mohammed Abdulsalam",
            Per,
            Some("YEM REB"),
            &["محمد عبد السلام"],
        ),
    ];
    let evs = coder().code(&doc(
        "ar",
        &["واستقبل بدر البوسعيدي في مسقط محمد عبد السلام."],
        &ents,
        &[],
    ));
    assert!(
        has(&evs, "04", "Badr Albusaidi", "Mohammed Abdulsalam"),
        "{:?}",
        triples(&evs)
    );
    // Near miss: a country's adjective before a person still qualifies them.
    let evs = coder().code(&doc(
        "ar",
        &["واستقبل وزير الخارجية العماني بدر البوسعيدي محمد عبد السلام."],
        &ents,
        &[],
    ));
    assert!(
        has(&evs, "04", "Badr Albusaidi", "Mohammed Abdulsalam"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !evs.iter().any(|e| e.source.name == "Oman"),
        "{:?}",
        triples(&evs)
    );
}
