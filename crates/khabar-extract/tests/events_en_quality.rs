//! English event quality on wire-style sentences written for these tests: who is the
//! subject (unnamed nouns, pronouns, definite descriptions, datelines, participles), who is
//! the object (a nationality word on the object noun, "between X and Y"), and what did not
//! happen (plans, denials, what was urged or tried).

mod events_support;

use events_support::{coder, doc, has, roots_in, triples, E};
use khabar_core::EntityType::*;

fn ents() -> Vec<E<'static>> {
    vec![
        E(
            "kb:russia",
            "Russia",
            Gpe,
            Some("RUS"),
            &["Russia", "Russian"],
        ),
        E(
            "kb:ukraine",
            "Ukraine",
            Gpe,
            Some("UKR"),
            &["Ukraine", "Ukrainian"],
        ),
        E(
            "kb:israel",
            "Israel",
            Gpe,
            Some("ISR"),
            &["Israel", "Israeli"],
        ),
        E("kb:gaza", "Gaza", Gpe, Some("PSE"), &["Gaza"]),
        E(
            "kb:egypt",
            "Egypt",
            Gpe,
            Some("EGY"),
            &["Egypt", "Egyptian"],
        ),
        E("kb:jordan", "Jordan", Gpe, Some("JOR"), &["Jordan"]),
        E(
            "kb:turkey",
            "Turkey",
            Gpe,
            Some("TUR"),
            &["Turkey", "Turkish"],
        ),
        E("kb:izmir", "Izmir", Gpe, Some("TUR"), &["Izmir"]),
        E("kb:cairo", "Cairo", Gpe, Some("EGY"), &["Cairo", "CAIRO"]),
        E("kb:pakistan", "Pakistan", Gpe, Some("PAK"), &["Pakistan"]),
        E("kb:sudan", "Sudan", Gpe, Some("SDN"), &["Sudan"]),
        E(
            "kb:isil",
            "Islamic State",
            Org,
            Some("IMGMUSRAD"),
            &["Islamic State"],
        ),
        E("kb:hamas", "Hamas", Org, Some("PSE REB"), &["Hamas"]),
        E("kb:unicef", "UNICEF", Org, Some("IGOUNOCHR"), &["UNICEF"]),
        E(
            "kb:rsf",
            "Rapid Support Forces",
            Org,
            Some("SDN REB"),
            &["Rapid Support Forces"],
        ),
        E("kb:reuters", "Reuters", Org, Some("GBR MED"), &["Reuters"]),
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
        E("kb:smith", "Jane Smith", Per, None, &["Jane Smith"]),
        E(
            "kb:poland",
            "Poland",
            Gpe,
            Some("POL"),
            &["Poland", "Polish"],
        ),
        E("kb:warsaw", "Warsaw", Gpe, Some("POL"), &["Warsaw"]),
        E("kb:kenya", "Kenya", Gpe, Some("KEN"), &["Kenya", "Kenyan"]),
        E("kb:nairobi", "Nairobi", Gpe, Some("KEN"), &["Nairobi"]),
        E("kb:iran", "Iran", Gpe, Some("IRN"), &["Iran"]),
        E(
            "kb:us",
            "United States",
            Gpe,
            Some("USA"),
            &["United States"],
        ),
    ]
}

fn code(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("en", sentences, &ents(), &[]))
}

#[test]
fn unnamed_police_leave_no_source_and_a_city_is_no_target() {
    let evs = code(&[
        "Sisi met Dbeibah in Cairo on Monday.",
        "Police in Izmir arrested 12 suspects linked to the Islamic State group, officials said.",
    ]);
    for e in &evs {
        assert_ne!(e.source.id, "kb:isil", "{:?}", triples(&evs));
        assert!(
            e.target.as_ref().is_none_or(|t| t.id != "kb:izmir"),
            "{:?}",
            triples(&evs)
        );
        // Nor does the previous sentence's actor make the arrest.
        assert!(!e.code.starts_with("17"), "{:?}", triples(&evs));
    }
    // A named subject still makes the arrest.
    let evs = code(&["Turkey arrested 12 suspects linked to the Islamic State group."]);
    assert!(
        has(&evs, "17", "Turkey", "Islamic State"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_definite_description_takes_the_nearest_fitting_actor() {
    let evs = code(&[
        "Hamas fighters attacked Israeli soldiers near Gaza.",
        "Jane Smith, a spokeswoman for UNICEF, said the agency was sending aid to Pakistan.",
    ]);
    assert!(has(&evs, "07", "UNICEF", "Pakistan"), "{:?}", triples(&evs));
    assert!(
        evs.iter()
            .filter(|e| e.code.starts_with("07"))
            .all(|e| e.source.id == "kb:unicef"),
        "{:?}",
        triples(&evs)
    );
    // "The army said it killed": the country named before stands for its army.
    let evs = code(&[
        "Israel expanded its operation on Monday.",
        "The army said it killed a Hamas commander.",
    ]);
    assert!(has(&evs, "18", "Israel", "Hamas"), "{:?}", triples(&evs));
    // A description with nothing fitting before it stays unresolved.
    let evs = code(&["The ministry arrested three Hamas members."]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
}

#[test]
fn plans_denials_and_attempts_are_not_happenings() {
    for s in [
        "Hamas was planning attacks on Israel.",
        "Russia denied attacking Ukraine.",
        "Russia did not attack Ukraine.",
        "Hamas tried to attack Israel.",
        "Egypt foiled an attack by Hamas on Israel.",
        "Russia could attack Ukraine.",
    ] {
        let evs = code(&[s]);
        assert!(
            evs.iter().all(|e| !e.code.starts_with("19")),
            "{s}: {:?}",
            triples(&evs)
        );
    }
    // What was urged is not done: no agreement of Russia's in this sentence.
    let evs = code(&["Egypt urged Russia and Ukraine to sign a ceasefire agreement."]);
    assert!(has(&evs, "02", "Egypt", "Russia"), "{:?}", triples(&evs));
    assert!(
        evs.iter().all(|e| !e.code.starts_with("05")),
        "{:?}",
        triples(&evs)
    );
    // A plan told as a plan is coded as a threat, not as an attack.
    let evs = code(&["Russia plans to attack Ukraine."]);
    assert!(
        evs.iter().all(|e| e.code.starts_with("13")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_nationality_word_on_the_object_names_the_target() {
    let evs = code(&["Russia condemned the Israeli strikes on Gaza and called for a ceasefire."]);
    assert!(has(&evs, "11", "Russia", "Israel"), "{:?}", triples(&evs));
    assert!(!has(&evs, "11", "Russia", "Gaza"), "{:?}", triples(&evs));
    // The second verb keeps the first one's subject.
    assert!(
        evs.iter()
            .filter(|e| e.code.starts_with("02"))
            .all(|e| e.source.id == "kb:russia"),
        "{:?}",
        triples(&evs)
    );
    let evs = code(&["Egypt condemned Israel's strikes on Gaza."]);
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
}

#[test]
fn pronouns_go_to_the_one_person_named() {
    let evs = code(&[
        "Sisi arrived in Cairo on Sunday.",
        "He met Dbeibah on Monday.",
    ]);
    assert!(
        has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
        "{:?}",
        triples(&evs)
    );
    // Two persons named before: "she" could be either, so no event.
    let evs = code(&["Sisi met Dbeibah in Cairo.", "She praised Jordan."]);
    assert!(
        evs.iter().all(|e| !e.code.starts_with("05")),
        "{:?}",
        triples(&evs)
    );
    // "X said he ..." is X.
    let evs = code(&["Dbeibah met Sisi.", "Sisi said he would visit Jordan."]);
    assert!(
        evs.iter()
            .filter(|e| e.code.starts_with("03"))
            .all(|e| e.source.id == "kb:sisi"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_passive_without_its_agent_names_no_source() {
    let evs = code(&[
        "Egypt hosted Dbeibah in Cairo.",
        "Officials said 20 people were detained.",
    ]);
    assert!(
        evs.iter().all(|e| !e.code.starts_with("17")),
        "{:?}",
        triples(&evs)
    );
    let evs = code(&["Five civilians were killed by a Russian drone in Ukraine."]);
    assert!(
        evs.iter()
            .filter(|e| e.code.starts_with("18"))
            .all(|e| e.source.id == "kb:russia"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        evs.iter().any(|e| e.code.starts_with("18")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn talks_between_two_sides() {
    let evs = code(&["Talks between Russia and Ukraine resumed in Cairo, Egypt said."]);
    assert!(has(&evs, "04", "Russia", "Ukraine"), "{:?}", triples(&evs));
    assert!(
        evs.iter()
            .all(|e| e.target.as_ref().is_none_or(|t| t.id != "kb:egypt")),
        "{:?}",
        triples(&evs)
    );
    // A mediator keeps its place and acts towards both sides.
    let evs = code(&["Egypt brokered a truce between Israel and Hamas."]);
    assert!(has(&evs, "04", "Egypt", "Israel"), "{:?}", triples(&evs));
    assert!(has(&evs, "04", "Egypt", "Hamas"), "{:?}", triples(&evs));
}

#[test]
fn joint_acts_and_coordinated_objects() {
    let evs = code(&["Egypt and Jordan signed an agreement on Monday."]);
    assert!(has(&evs, "05", "Egypt", "Jordan"), "{:?}", triples(&evs));
    assert!(!has(&evs, "05", "Jordan", "-"), "{:?}", triples(&evs));
    let evs = code(&["Sisi urged Israel and the Rapid Support Forces to talk."]);
    assert!(
        has(&evs, "02", "Abdel Fattah el-Sisi", "Israel"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        has(&evs, "02", "Abdel Fattah el-Sisi", "Rapid Support Forces"),
        "{:?}",
        triples(&evs)
    );
    // "support" inside the name is no trigger.
    assert!(
        evs.iter().all(|e| !e.code.starts_with("05")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn datelines_and_participles_are_not_subjects() {
    let evs = code(&["CAIRO (Reuters) - Egypt sent aid to Sudan on Tuesday."]);
    assert!(has(&evs, "07", "Egypt", "Sudan"), "{:?}", triples(&evs));
    assert!(
        evs.iter()
            .all(|e| e.source.id != "kb:cairo" && e.source.id != "kb:reuters"),
        "{:?}",
        triples(&evs)
    );
    // ", demanding ...": the protesters (unnamed) demand, not the country after "against".
    let evs = code(&["Thousands of people protested against the government of Egypt on Sunday, demanding elections."]);
    assert!(
        evs.iter().all(|e| e.source.id != "kb:egypt"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn acts_named_as_objects_are_not_done_by_the_subject() {
    // The bombing is not the prime minister's; the raid is not Hamas's.
    let evs = code(&["Sisi condemned the bombing and vowed to find those responsible."]);
    assert!(
        has(&evs, "11", "Abdel Fattah el-Sisi", "-"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        evs.iter().all(|e| !e.code.starts_with("19")),
        "{:?}",
        triples(&evs)
    );
    let evs = code(&["Hamas called the raid a crime."]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
    // What is demanded is not done.
    let evs = code(&["The United States demanded the immediate release of the crew."]);
    assert!(has(&evs, "10", "United States", "-"), "{:?}", triples(&evs));
    assert!(
        evs.iter().all(|e| !e.code.starts_with("08")),
        "{:?}",
        triples(&evs)
    );
    // A visit that was criticised is not the critic's.
    let evs = code(&["Poland criticised the planned visit."]);
    assert!(
        evs.iter().all(|e| e.code.starts_with("11")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn owners_participles_and_inflections() {
    let evs =
        code(&["Poland expelled three Russian diplomats on Thursday, accusing them of spying."]);
    assert!(has(&evs, "16", "Poland", "Russia"), "{:?}", triples(&evs));
    assert!(
        evs.iter()
            .filter(|e| e.code.starts_with("11"))
            .all(|e| e.source.id == "kb:poland"),
        "{:?}",
        triples(&evs)
    );
    let evs = code(&["Russia's embassy in Warsaw rejected the accusations."]);
    assert!(has(&evs, "12", "Russia", "-"), "{:?}", triples(&evs));
    let evs = code(&["The United States imposed new sanctions on Iran."]);
    assert!(
        has(&evs, "16", "United States", "Iran"),
        "{:?}",
        triples(&evs)
    );
    // Acts each side does on its own are not done to each other.
    let evs = code(&["Poland and Kenya welcomed the result."]);
    assert!(!has(&evs, "05", "Poland", "Kenya"), "{:?}", triples(&evs));
    assert!(has(&evs, "05", "Kenya", "-"), "{:?}", triples(&evs));
}

#[test]
fn repression_at_home_is_not_done_to_the_city() {
    let evs = code(&["Kenyan police fired tear gas at protesters in Nairobi."]);
    assert!(has(&evs, "17", "Kenya", "-"), "{:?}", triples(&evs));
}

#[test]
fn relative_clauses_and_group_pronouns() {
    // "X, who ..., rejected": X rejected.
    let evs = code(&["Sisi, who is under pressure at home, rejected the proposal."]);
    assert!(
        has(&evs, "12", "Abdel Fattah el-Sisi", "-"),
        "{:?}",
        triples(&evs)
    );
    // "It" is the previous sentence's subject, not an older event's source.
    let evs = code(&[
        "Russia attacked Ukraine on Monday.",
        "The Egyptian foreign ministry said Cairo was worried.",
        "It accused Israel of escalation.",
    ]);
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
    assert!(!has(&evs, "11", "Russia", "Israel"), "{:?}", triples(&evs));
    // A compass word between "in" and a place keeps it a place.
    let evs = code(&["Egyptians protested in northern Gaza."]);
    assert!(has(&evs, "14", "Egypt", "-"), "{:?}", triples(&evs));
    assert!(
        evs.iter()
            .all(|e| e.target.as_ref().is_none_or(|t| t.id != "kb:gaza")),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_protest_lodged_with_a_government_is_an_official_complaint_not_a_rally() {
    let evs = code(&["Egypt protested to Israel over the border shooting."]);
    let complaint = evs.iter().find(|e| e.code.starts_with("11"));
    assert!(
        complaint.is_some_and(|e| e.code == "114"),
        "{:?}",
        triples(&evs)
    );
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
    assert!(
        !evs.iter().any(|e| e.code.starts_with("14")),
        "{:?}",
        triples(&evs)
    );
    let evs = code(&["Poland lodged a formal protest with Russia on Tuesday."]);
    assert!(has(&evs, "11", "Poland", "Russia"), "{:?}", triples(&evs));
}

#[test]
fn a_question_is_not_a_happening() {
    let ents = [
        E("kb:russia", "Russia", Gpe, Some("RUS"), &["Russia"]),
        E("kb:ukraine", "Ukraine", Gpe, Some("UKR"), &["Ukraine"]),
    ];
    let evs = coder().code(&doc(
        "en",
        &["Will Russia attack Ukraine again?"],
        &ents,
        &[],
    ));
    assert!(evs.is_empty(), "{:?}", triples(&evs));
    let evs = coder().code(&doc("en", &["Russia attacked Ukraine again."], &ents, &[]));
    assert!(has(&evs, "19", "Russia", "Ukraine"), "{:?}", triples(&evs));
}

fn sahel() -> Vec<E<'static>> {
    vec![
        E(
            "kb:mali",
            "Mali",
            Gpe,
            Some("MLI"),
            &["Mali's", "Malian", "Mali"],
        ),
        E("kb:niger", "Niger", Gpe, Some("NER"), &["Niger"]),
        E(
            "kb:france",
            "France",
            Gpe,
            Some("FRA"),
            &["French", "France"],
        ),
        E("kb:algeria", "Algeria", Gpe, Some("DZA"), &["Algeria"]),
        E("geo:bamako", "Bamako", Gpe, Some("MLI"), &["Bamako"]),
        E("geo:gao", "Gao", Gpe, Some("MLI"), &["Gao"]),
        E(
            "kb:jnim",
            "Jama'at Nasr al-Islam wal Muslimin",
            Org,
            Some("MLI REB"),
            &["JNIM"],
        ),
    ]
}

fn code_en(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("en", sentences, &sahel(), &[]))
}

#[test]
fn protesting_a_decision_is_a_complaint_not_a_demonstration() {
    let evs = code_en(&["Mali protested the French decision to suspend aid."]);
    assert!(
        evs.iter().any(|e| e.code == "114"
            && e.source.name == "Mali"
            && e.target.as_ref().map(|t| t.name.as_str()) == Some("France")),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !evs.iter().any(|e| e.code.starts_with("14")),
        "{:?}",
        triples(&evs)
    );
    // Protesting in the streets is a demonstration.
    let evs = code_en(&["Supporters of JNIM protested in Gao on Friday."]);
    assert!(evs.iter().any(|e| e.code == "141"), "{:?}", triples(&evs));
}

#[test]
fn a_plan_denied_is_not_a_plan() {
    let evs = code_en(&["Mali said it had no plans to meet Niger."]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
    let evs = code_en(&["Mali plans to meet Niger next week."]);
    assert!(has(&evs, "03", "Mali", "Niger"), "{:?}", triples(&evs));
}

#[test]
fn a_killing_told_as_an_outcome_is_not_a_second_act() {
    // The shelling is coded; ", killing 15" is its outcome, not another event.
    let evs = code_en(&["JNIM shelled Gao on Monday, killing 15 civilians."]);
    assert!(
        has(&evs, "19", "Jama'at Nasr al-Islam wal Muslimin", "Gao"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !evs.iter().any(|e| e.code.starts_with("18")),
        "{:?}",
        triples(&evs)
    );
    // Nor is the speaker of an accusation the killer.
    let evs = code_en(&["Mali accused Algeria of shelling Gao, killing two people."]);
    assert!(has(&evs, "11", "Mali", "Algeria"), "{:?}", triples(&evs));
    assert!(
        !evs.iter()
            .any(|e| e.source.name == "Mali" && e.code.as_str() >= "18"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_pair_further_on_belongs_to_its_noun() {
    // "the war between X and Y" is a topic of the discussion: no Mali-Niger meeting.
    let evs =
        code_en(&["The two ministers discussed efforts to end the war between Mali and Niger."]);
    assert!(!has(&evs, "04", "Mali", "Niger"), "{:?}", triples(&evs));
    // The pair right after its trigger gives the two sides.
    let evs = code_en(&["Talks between Mali and Niger resumed in Bamako."]);
    assert!(has(&evs, "04", "Mali", "Niger"), "{:?}", triples(&evs));
}

#[test]
fn a_participle_with_its_agent_after_it_is_passive() {
    let evs = code_en(&["Mali and Niger exchanged prisoners in a deal brokered by Algeria."]);
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("04") && e.source.name == "Algeria"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !evs.iter()
            .any(|e| e.code.starts_with("04") && e.source.name == "Mali"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn struck_is_an_attack() {
    let evs = code_en(&["Malian drones struck Gao overnight."]);
    assert!(has(&evs, "19", "Mali", "Gao"), "{:?}", triples(&evs));
}

#[test]
fn names_after_a_semicolon_or_a_shared_preposition_are_not_objects() {
    let evs = code_en(&["Mali protests rise; Niger rejects the deal."]);
    assert!(!has(&evs, "14", "Mali", "Niger"), "{:?}", triples(&evs));
    // "in Bamako and Gao": both are places, neither is protested against.
    let evs = code_en(&["Supporters of JNIM protested in Bamako and Gao on Friday."]);
    assert!(
        evs.iter().all(|e| e.target.is_none()),
        "{:?}",
        triples(&evs)
    );
    // A country opening a headline with a colon is its topic.
    let evs = code_en(&["Mali: JNIM attacks Gao"]);
    assert!(
        evs.iter().all(|e| e.source.name != "Mali"),
        "{:?}",
        triples(&evs)
    );
    assert!(
        has(&evs, "19", "Jama'at Nasr al-Islam wal Muslimin", "Gao"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_clause_word_ends_the_object() {
    // "threatened to use force if the leaders do not restore Bazoum": no threat to Bazoum.
    let ents = [
        E("kb:ecowas", "ECOWAS", Org, Some("IGOWAF"), &["ECOWAS"]),
        E(
            "kb:bazoum",
            "Mohamed Bazoum",
            Per,
            Some("NER GOV"),
            &["Mohamed Bazoum"],
        ),
        E("kb:niger", "Niger", Gpe, Some("NER"), &["Niger"]),
    ];
    let evs = coder().code(&doc(
        "en",
        &["ECOWAS threatened to use force if the coup leaders do not restore Mohamed Bazoum."],
        &ents,
        &[],
    ));
    assert!(
        evs.iter().any(|e| e.code.starts_with("13")),
        "{:?}",
        triples(&evs)
    );
    assert!(
        !has(&evs, "13", "ECOWAS", "Mohamed Bazoum"),
        "{:?}",
        triples(&evs)
    );
    // The object before the clause word stays.
    let evs = coder().code(&doc(
        "en",
        &["ECOWAS threatened Niger with force if the coup leaders do not step down."],
        &ents,
        &[],
    ));
    assert!(has(&evs, "13", "ECOWAS", "Niger"), "{:?}", triples(&evs));
}

/// Actors of the wire-copy cases below.
fn wire() -> Vec<E<'static>> {
    vec![
        E(
            "kb:russia",
            "Russia",
            Gpe,
            Some("RUS"),
            &["Russia", "Russian"],
        ),
        E(
            "kb:ukraine",
            "Ukraine",
            Gpe,
            Some("UKR"),
            &["Ukraine", "Ukrainian"],
        ),
        E("geo:kyiv", "Kyiv", Gpe, Some("UKR"), &["Kyiv"]),
        E(
            "kb:israel",
            "Israel",
            Gpe,
            Some("ISR"),
            &["Israel", "Israeli"],
        ),
        E("kb:gaza", "Gaza", Gpe, Some("PSE"), &["Gaza"]),
        E("kb:hamas", "Hamas", Org, Some("PSE REB"), &["Hamas"]),
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["Egypt"]),
        E("kb:jordan", "Jordan", Gpe, Some("JOR"), &["Jordan"]),
        E("kb:turkey", "Turkey", Gpe, Some("TUR"), &["Turkey"]),
        E("kb:pakistan", "Pakistan", Gpe, Some("PAK"), &["Pakistan"]),
        E("kb:india", "India", Gpe, Some("IND"), &["India"]),
        E("kb:iran", "Iran", Gpe, Some("IRN"), &["Iran"]),
        E(
            "kb:usdos",
            "US Department of State",
            Org,
            Some("USA GOV"),
            &["U.S. State Department"],
        ),
        E("kb:smith", "Jane Smith", Per, None, &["Jane Smith"]),
        E(
            "kb:awami",
            "Awami League",
            Org,
            Some("BGD PTY"),
            &["Awami League"],
        ),
    ]
}

fn code_wire(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("en", sentences, &wire(), &[]))
}

#[test]
fn would_after_a_verb_of_saying_is_the_future_of_what_was_said() {
    // Told as said: a threat (future of an attack), not a hypothesis.
    let evs = code_wire(&["Russia said it would attack Ukraine."]);
    assert!(has(&evs, "13", "Russia", "Ukraine"), "{:?}", triples(&evs));
    // Without a verb of saying "would" stays a hypothesis: nothing coded.
    let evs = code_wire(&["Russia would attack Ukraine if talks failed."]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
    // A verb after "and" is not under "would": the accusation happened.
    let evs = code_wire(&["Egypt said Israel would attend the talks and accused Hamas of delays."]);
    assert!(has(&evs, "11", "Israel", "Hamas") || has(&evs, "11", "Egypt", "Hamas"));
    assert!(
        evs.iter()
            .filter(|e| e.code.starts_with("11"))
            .all(|e| e.modality == khabar_core::Modality::Asserted),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_verb_after_and_keeps_the_clause_subject() {
    // "as" ends the subject's stretch; "and" carries the first verb's subject over.
    let evs = code_wire(&[
        "Egypt described the raid as illegal and accused Israel of breaking the truce.",
    ]);
    assert!(has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
    // Near miss: a named subject of its own after "and" stays the subject.
    let evs = code_wire(&[
        "Egypt described the raid as illegal and Jordan accused Israel of breaking the truce.",
    ]);
    assert!(has(&evs, "11", "Jordan", "Israel"), "{:?}", triples(&evs));
    assert!(!has(&evs, "11", "Egypt", "Israel"), "{:?}", triples(&evs));
}

#[test]
fn a_name_the_subject_walk_stops_inside_is_the_subject() {
    // "U.S." holds a full stop; the name still opens the clause.
    let evs = code_wire(&[
        "The U.S. State Department demanded his immediate release and accused Russia of using Americans as bargaining chips.",
    ]);
    assert!(
        has(&evs, "11", "US Department of State", "Russia"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn whose_clause_between_subject_and_verb() {
    let evs = code_wire(&[
        "The Awami League, whose activities were banned in May, rejected the announcement.",
    ]);
    assert!(has(&evs, "12", "Awami League", "-"), "{:?}", triples(&evs));
    // Near miss: an unnamed subject before the clause stays unnamed.
    let evs =
        code_wire(&["The party, whose activities were banned in May, rejected the announcement."]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
}

#[test]
fn what_an_accusation_says_was_done_is_not_done_by_the_accuser() {
    let evs =
        code_wire(&["Pakistan accused India of backing the militants behind the train attack."]);
    assert!(has(&evs, "11", "Pakistan", "India"), "{:?}", triples(&evs));
    assert!(
        !evs.iter()
            .any(|e| e.source.name == "Pakistan" && e.code.as_str() >= "18"),
        "{:?}",
        triples(&evs)
    );
    // Near miss: a second verb joined by "and" is the accuser's own act.
    let evs = code_wire(&["Pakistan accused India and attacked Iran."]);
    assert!(has(&evs, "19", "Pakistan", "Iran"), "{:?}", triples(&evs));
}

#[test]
fn an_attribution_after_a_comma_names_no_object() {
    let evs = code_wire(&["Israel struck a house overnight, Gaza health officials said."]);
    assert!(!has(&evs, "19", "Israel", "Gaza"), "{:?}", triples(&evs));
    // Near miss: the object before the attribution stays.
    let evs = code_wire(&["Israel struck Gaza overnight, officials said."]);
    assert!(has(&evs, "19", "Israel", "Gaza"), "{:?}", triples(&evs));
    // ", and" with a new subject ends the object; ", and" before a name lists it.
    let evs = code_wire(&[
        "Hamas accused the government of delays, and its leader Jane Smith warned of protests.",
    ]);
    assert!(
        !has(&evs, "11", "Hamas", "Jane Smith"),
        "{:?}",
        triples(&evs)
    );
    let evs = code_wire(&["Egypt urged Israel, Jordan, and Turkey to show restraint."]);
    assert!(has(&evs, "02", "Egypt", "Turkey"), "{:?}", triples(&evs));
}

#[test]
fn a_force_verb_after_its_force_noun_is_one_act() {
    let evs = code_wire(&["An Israeli airstrike killed 12 people in Gaza."]);
    let force = |evs: &[khabar_core::Event]| {
        evs.iter()
            .filter(|e| matches!(e.code.get(..2), Some("18" | "19" | "20")))
            .count()
    };
    assert_eq!(force(&evs), 1, "{:?}", triples(&evs));
    let evs = code_wire(&["Israeli strike kills 12 in Gaza"]);
    assert_eq!(force(&evs), 1, "{:?}", triples(&evs));
    // Near miss: another actor's verb further on is its own act.
    let evs = code_wire(&[
        "An Israeli airstrike hit a school as Hamas fighters killed two Israeli soldiers.",
    ]);
    assert!(has(&evs, "18", "Hamas", "Israel"), "{:?}", triples(&evs));
}

#[test]
fn a_verb_form_after_of_is_a_noun() {
    // "a string of arrests of Ukrainians": the name before it ("spying for Jordan") does
    // not make the arrests.
    let evs = code_wire(&[
        "Russia said it had detained a man on suspicion of spying for Jordan, the latest in a string of arrests of Ukrainian activists.",
    ]);
    assert!(
        !evs.iter()
            .any(|e| e.code.starts_with("17") && e.source.name == "Jordan"),
        "{:?}",
        triples(&evs)
    );
    // Near miss: the detention told by a verb stays Russia's.
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("17") && e.source.name == "Russia"),
        "{:?}",
        triples(&evs)
    );
}

#[test]
fn a_quote_s_pronoun_is_its_named_speaker() {
    let evs = code_wire(&["\"We reject these absurd charges,\" spokeswoman Jane Smith said."]);
    assert!(has(&evs, "12", "Jane Smith", "-"), "{:?}", triples(&evs));
    // Near miss: an unnamed speaker leaves it unsourced.
    let evs = code_wire(&["\"We reject these absurd charges,\" the spokeswoman said."]);
    assert!(evs.is_empty(), "{:?}", triples(&evs));
}

#[test]
fn a_city_acted_upon_outside_force_is_its_country() {
    let evs = code_wire(&[
        "Ukraine said talks failed.",
        "Russia accused Kyiv of lying.",
    ]);
    assert!(has(&evs, "11", "Russia", "Ukraine"), "{:?}", triples(&evs));
    // Near miss: a city attacked stays the city.
    let evs = code_wire(&[
        "Ukraine said talks failed.",
        "Russia struck Kyiv overnight.",
    ]);
    assert!(has(&evs, "19", "Russia", "Kyiv"), "{:?}", triples(&evs));
}

#[test]
fn a_joint_act_has_the_other_side_as_target_and_vows_of_retaliation_threaten() {
    let evs = code_wire(&["Russia and Ukraine exchanged prisoners on Friday."]);
    assert!(has(&evs, "08", "Russia", "Ukraine"), "{:?}", triples(&evs));
    assert_eq!(roots_in("en", "Moscow vows retaliation"), vec!["13"]);
    assert_eq!(
        roots_in("en", "the president vowed to crush the unrest"),
        vec!["13"]
    );
    // Near miss: a vow to do something else is an intent.
    assert_eq!(
        roots_in("en", "Moscow vows to rebuild the school"),
        vec!["03"]
    );
}
