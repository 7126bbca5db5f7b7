//! English event coding: every CAMEO root, SVO and passive roles, modifiers ("Egyptian
//! President"), coordination, modality, dates, merging and the GDELT row.

mod events_support;

use events_support::{check_roots, coder, doc, has, E};
use khabar_core::{EntityType::*, Modality, PartialDate};
use khabar_extract::events::{gdelt_row, GDELT_HEADER};

fn ents() -> Vec<E<'static>> {
    vec![
        E(
            "kb:sisi",
            "Abdel Fattah el-Sisi",
            Per,
            Some("EGY GOV"),
            &["Sisi"],
        ),
        E(
            "kb:dbeibah",
            "Abdul Hamid Dbeibah",
            Per,
            Some("LBY GOV"),
            &["Dbeibah"],
        ),
        E(
            "kb:egypt",
            "Egypt",
            Gpe,
            Some("EGY"),
            &["Egyptian", "Egypt"],
        ),
        E("kb:libya", "Libya", Gpe, Some("LBY"), &["Libyan", "Libya"]),
        E("kb:jordan", "Jordan", Gpe, Some("JOR"), &["Jordan"]),
        E("kb:cairo", "Cairo", Gpe, Some("EGY"), &["Cairo"]),
        E("kb:moscow", "Moscow", Gpe, Some("RUS"), &["Moscow"]),
        E("kb:russia", "Russia", Gpe, Some("RUS"), &["Russia"]),
        E("kb:ukraine", "Ukraine", Gpe, Some("UKR"), &["Ukraine"]),
    ]
}

#[test]
fn every_root_has_a_trigger() {
    check_roots(
        "en",
        &[
            ("01", "The ministry issued a statement on Monday."),
            ("02", "The UN urged both sides to show restraint."),
            ("03", "The company pledged to rebuild the bridge."),
            ("04", "The president met with the delegation."),
            ("05", "The minister praised the agreement."),
            ("06", "The two armies expanded military cooperation."),
            ("07", "Germany sent humanitarian aid to the region."),
            ("08", "The government released the prisoners."),
            ("09", "Police are investigating the incident."),
            ("10", "Protesters demanded the resignation of the mayor."),
            ("11", "The opposition condemned the decision."),
            ("12", "Parliament rejected the proposal."),
            ("13", "The general threatened to retaliate."),
            ("14", "Thousands protested in the capital."),
            ("15", "The army mobilized its reserves."),
            ("16", "Washington imposed sanctions on the company."),
            ("17", "Police arrested three suspects."),
            ("18", "Gunmen kidnapped a journalist."),
            ("19", "Rebels attacked the base."),
            ("20", "Investigators documented a massacre."),
        ],
    );
}

#[test]
fn svo_with_modifiers_and_place() {
    let d = doc(
        "en",
        &["Egyptian President Sisi met with Libyan Prime Minister Dbeibah in Cairo."],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
        "{evs:?}"
    );
    let e = &evs[0];
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Cairo"));
    assert_eq!(e.quad_class, 1);
}

#[test]
fn passive_by_agent() {
    let d = doc(
        "en",
        &["Dbeibah was received by Sisi at the palace."],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
        "{evs:?}"
    );
}

#[test]
fn coordination() {
    let d = doc(
        "en",
        &["Egypt and Jordan condemned Russia on Sunday."],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Egypt", "Russia"), "{evs:?}");
    assert!(has(&evs, "11", "Jordan", "Russia"), "{evs:?}");
}

#[test]
fn modality() {
    let c = coder();
    let neg = doc("en", &["Sisi did not meet Dbeibah."], &ents(), &[]);
    assert!(c
        .candidates(&neg)
        .iter()
        .all(|e| e.modality == Modality::Negated));
    assert!(c.code(&neg).is_empty());
    let fut = doc("en", &["Sisi will visit Moscow next week."], &ents(), &[]);
    let evs = c.code(&fut);
    assert_eq!(evs.first().map(|e| e.code.as_str()), Some("036"), "{evs:?}");
    assert_eq!(evs[0].modality, Modality::Future);
    let hyp = doc(
        "en",
        &["If Russia attacks Ukraine, others will respond."],
        &ents(),
        &[],
    );
    assert!(c
        .candidates(&hyp)
        .iter()
        .any(|e| e.modality == Modality::Hypothetical));
    assert!(c.code(&hyp).iter().all(|e| !e.code.starts_with("19")));
}

#[test]
fn date_and_merge_and_gdelt() {
    let d = doc(
        "en",
        &[
            "Sisi receives Dbeibah",
            "On 9 May, Sisi received Dbeibah in Cairo.",
        ],
        &ents(),
        &[(
            "9 May",
            PartialDate {
                year: None,
                month: Some(5),
                day: Some(9),
            },
        )],
    );
    let mut d = d;
    d.published = Some(PartialDate::ymd(2019, 5, 12));
    let evs = coder().code(&d);
    let host: Vec<_> = evs.iter().filter(|e| e.code.starts_with("04")).collect();
    assert_eq!(host.len(), 1, "{evs:?}");
    assert_eq!(host[0].also.len(), 1);
    assert_eq!(
        host[0].date,
        Some(PartialDate::ymd(2019, 5, 9)),
        "year from the publication date"
    );
    let row = gdelt_row(&d, host[0], 7);
    let cols: Vec<&str> = row.split('\t').collect();
    assert_eq!(cols.len(), 61);
    assert_eq!(GDELT_HEADER.split('\t').count(), 61);
    assert_eq!(cols[0], "7");
    assert_eq!(cols[1], "20190509");
    assert_eq!(cols[5], "EGYGOV");
    assert_eq!(cols[7], "EGY");
    assert_eq!(cols[26], host[0].code);
    assert_eq!(cols[28], "04");
    assert_eq!(cols[31], "2", "two mentions");
}

#[test]
fn an_infinitive_takes_the_subject_of_its_verb() {
    // "to discuss" completes "met": Sisi discussed, not Dbeibah (the object before it).
    let d = doc(
        "en",
        &["Sisi met Dbeibah in Cairo to discuss Libya."],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
        "{evs:?}"
    );
    // What the meeting was for is part of it: Libya is its topic, not a party to it.
    assert!(
        evs.iter()
            .all(|e| e.target.as_ref().is_none_or(|t| t.id != "kb:libya")),
        "{evs:?}"
    );
    assert!(evs.iter().all(|e| e.source.id != "kb:dbeibah"), "{evs:?}");
}

#[test]
fn military_and_office_titles_pass_a_country_to_the_person() {
    // "Libyan commander X", "Egyptian Foreign Minister X": the person is the target.
    for s in [
        "Sisi met Libyan commander Dbeibah in Cairo.",
        "Sisi met Libyan Field Marshal Dbeibah in Cairo.",
        "Sisi received Libyan Deputy Prime Minister Dbeibah in Cairo.",
    ] {
        let d = doc("en", &[s], &ents(), &[]);
        let evs = coder().code(&d);
        assert!(
            has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
            "{s}: {evs:?}"
        );
        assert!(
            !has(&evs, "04", "Abdel Fattah el-Sisi", "Libya"),
            "{s}: {evs:?}"
        );
    }
}

#[test]
fn mediation_agreements_and_strikes_in_everyday_wording() {
    let cases = [
        (
            "Egypt brokered talks between Russia and Ukraine.",
            "04",
            "Egypt",
        ),
        (
            "Egypt and Jordan reached an agreement on Sunday.",
            "05",
            "Egypt",
        ),
        (
            "Russia fired missiles at Ukraine on Monday.",
            "19",
            "Russia",
        ),
        ("Egypt slammed Russia over the decision.", "11", "Egypt"),
        ("Jordan jailed two Libyan men.", "17", "Jordan"),
    ];
    for (s, root, src) in cases {
        let d = doc("en", &[s], &ents(), &[]);
        let evs = coder().code(&d);
        assert!(
            evs.iter()
                .any(|e| e.code.starts_with(root) && e.source.name == src),
            "{s}: {evs:?}"
        );
    }
}
