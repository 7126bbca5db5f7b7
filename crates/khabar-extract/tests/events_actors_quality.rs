//! Actor quality across languages, on sentences written for these tests: a city that acts
//! stands for its country, a rank between an army and its commander folds them into one
//! actor (Bengali), and a headline's office-holder joins the body's named person.

mod events_support;

use events_support::{coder, doc, has, triples, E};
use khabar_core::EntityType::*;

#[test]
fn a_city_that_acts_stands_for_its_country() {
    let ents = [
        E("geo:524901", "Moscow", Gpe, Some("RUS"), &["Moscow"]),
        E("kb:russia", "Russia", Gpe, Some("RUS"), &["Russia"]),
        E("kb:israel", "Israel", Gpe, Some("ISR"), &["Israel"]),
    ];
    let d = doc(
        "en",
        &[
            "Russia has long ties with the region.",
            "Moscow condemned Israel on Monday.",
        ],
        &ents,
        &[],
    );
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Russia", "Israel"), "{:?}", triples(&evs));
    // Without its country in the document the city stays.
    let d = doc("en", &["Moscow condemned Israel on Monday."], &ents, &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Moscow", "Israel"), "{:?}", triples(&evs));
    // A city that is acted upon stays a city.
    let d = doc(
        "en",
        &["Russia is named here.", "Israel attacked Moscow."],
        &ents,
        &[],
    );
    let evs = coder().code(&d);
    assert!(has(&evs, "19", "Israel", "Moscow"), "{:?}", triples(&evs));
}

#[test]
fn a_rank_folds_an_army_into_its_commander_in_bengali() {
    let ents = [
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["মিশর"]),
        E(
            "kb:army",
            "Northern Army",
            Org,
            Some("XXX MIL"),
            &["নর্দান আর্মি"],
        ),
        E(
            "kb:karim",
            "Karim Uddin",
            Per,
            Some("XXX MIL"),
            &["করিমকে", "করিম"],
        ),
    ];
    let d = doc(
        "bn",
        &["মিশর নর্দান আর্মি কর্নেল করিমকে সমর্থন দিয়েছে।", "করিম খুশি।"],
        &ents,
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "05", "Egypt", "Karim Uddin"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        evs.iter().all(
            |e| e.source.id != "kb:army" && e.target.as_ref().is_none_or(|t| t.id != "kb:army")
        ),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_headline_office_holder_joins_the_named_person() {
    let ents = [
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["Egyptian"]),
        E(
            "kb:kamel",
            "Abbas Kamel",
            Per,
            Some("EGY SPY"),
            &["Abbas Kamel"],
        ),
        E("kb:libya", "Libya", Gpe, Some("LBY"), &["Libya"]),
        E("kb:jordan", "Jordan", Gpe, Some("JOR"), &["Jordan"]),
    ];
    let title = "Egyptian spy chief visits Libya";
    let mut d = doc(
        "en",
        &[
            title,
            "Abbas Kamel visited Libya on Monday.",
            "Egyptian officials visited Jordan.",
        ],
        &ents,
        &[],
    );
    d.title = Some(title.to_string());
    let evs = coder().code(&d);
    let visits: Vec<_> = evs
        .iter()
        .filter(|e| e.target.as_ref().is_some_and(|t| t.id == "kb:libya"))
        .collect();
    assert_eq!(visits.len(), 1, "{:?}", triples(&evs));
    assert_eq!(visits[0].source.id, "kb:kamel");
    assert_eq!(visits[0].also.len(), 1);
    // The body's other visit, to another place, stays its own.
    assert!(has(&evs, "04", "Egypt", "Jordan"), "{:?}", triples(&evs));
    // Without a title nothing is joined.
    d.title = None;
    let evs = coder().code(&d);
    assert!(has(&evs, "04", "Egypt", "Libya"), "{:?}", triples(&evs));
    assert!(
        has(&evs, "04", "Abbas Kamel", "Libya"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_verbal_noun_before_the_verb_takes_that_verbs_actor() {
    let ents = [
        E(
            "kb:putin",
            "Vladimir Putin",
            Per,
            Some("RUS GOV"),
            &["পুতিন"],
        ),
        E(
            "kb:sisi",
            "Abdel Fattah el-Sisi",
            Per,
            Some("EGY GOV"),
            &["সিসিকে", "সিসি"],
        ),
        E("kb:syria", "Syria", Gpe, Some("SYR"), &["সিরিয়াকে", "সিরিয়া"]),
    ];
    // "In a phone call on Monday Putin warned Sisi": the call is Putin's too.
    let d = doc(
        "bn",
        &["সোমবার ফোনালাপে সিসিকে সাবধান করেছেন পুতিন।", "সিসি কিছু বলেননি।"],
        &ents,
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Vladimir Putin", "Abdel Fattah el-Sisi"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        has(&evs, "13", "Vladimir Putin", "Abdel Fattah el-Sisi"),
        "{:?}",
        triples(&evs)
    );
    // With no verb naming an actor in its sentence, the noun is not coded with an actor
    // from another sentence.
    let d = doc(
        "bn",
        &[
            "পুতিন সিরিয়াকে সমর্থন দিয়েছেন।",
            "ফোনালাপে সিসিকে খুশি মনে হয়েছে।",
        ],
        &ents,
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        evs.iter().all(|e| !e.code.starts_with("04")),
        "{:?}",
        triples(&evs)
    );
}
