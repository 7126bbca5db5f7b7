//! English: possessives, demonyms, acronyms, longest match, disambiguation, roles by date,
//! coreference by surname, new names.

mod entities_util;
use entities_util::{id_of, ids, link, link_at, linker, new_names};
use khabar_core::PartialDate;

#[test]
fn possessive_demonym_acronym() {
    assert_eq!(
        id_of("Egypt's army moved.", "Egypt's").as_deref(),
        Some("EGY")
    );
    assert_eq!(
        id_of("The Egyptian side agreed.", "Egyptian").as_deref(),
        Some("EGY")
    );
    assert_eq!(
        id_of("The LNA advanced.", "LNA").as_deref(),
        Some("org:lna")
    );
    // Acronyms only in upper case; capitalized names only capitalized.
    assert!(ids("the lna of it").is_empty());
    assert!(ids("we will egypt nothing").is_empty());
}

#[test]
fn longest_match_not_the_country_inside() {
    let got = link("The Libyan National Army said on Monday it had advanced.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got.first().map(|x| x.0.as_str()), Some("org:lna"));
}

#[test]
fn tripoli_by_country_in_document() {
    let ly = ids("Clashes broke out in Tripoli. Libya's government said the city was calm.");
    assert!(ly.contains(&"geo:tripoli-ly".to_string()), "{ly:?}");
    let lb = ids("Protesters gathered in Tripoli, the second city of Lebanon.");
    assert!(lb.contains(&"geo:tripoli-lb".to_string()), "{lb:?}");
    // No country: the larger city.
    let none = ids("Protesters gathered in Tripoli.");
    assert_eq!(none, vec!["geo:tripoli-ly".to_string()]);
}

#[test]
fn roles_resolve_by_date() {
    let text = "Egypt's president met the delegation.";
    let at = |d: &str| {
        link_at(text, PartialDate::parse(d))
            .into_iter()
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    assert!(at("2013-01-10").contains(&"per:morsi".to_string()));
    assert!(at("2020-01-10").contains(&"per:sisi".to_string()));
    let us = "The American president spoke.";
    let ids2019: Vec<String> = link_at(us, PartialDate::parse("2019-03-01"))
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert!(ids2019.contains(&"per:trump".to_string()), "{ids2019:?}");
    let ids2022: Vec<String> = link_at(us, PartialDate::parse("2022-03-01"))
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert!(ids2022.contains(&"per:biden".to_string()), "{ids2022:?}");
}

#[test]
fn named_person_after_role_wins() {
    let text = "US President Joe Biden said the talks went well.";
    let got = link_at(text, PartialDate::parse("2022-03-01"));
    let biden = got.iter().find(|e| e.id == "per:biden").expect("Biden");
    assert_eq!(biden.mentions.len(), 1);
    assert_eq!(
        biden.mentions.first().map(|m| m.slice(text)),
        Some("Joe Biden")
    );
}

#[test]
fn surname_coreference() {
    let text = "Benjamin Netanyahu arrived. Later Netanyahu's office said nothing.";
    let got = link(text);
    let n = got.iter().find(|x| x.0 == "per:netanyahu").expect("linked");
    assert_eq!(n.1.len(), 2, "{got:?}");
}

#[test]
fn new_names_from_cues_and_clusters() {
    let text = "General Omar Baraka told reporters the road was open.";
    let got = link_at(text, None);
    let new = got.iter().find(|e| !e.known).expect("a new name");
    assert_eq!(new.name, "Omar Baraka");
    assert_eq!(new.kind, khabar_core::EntityType::Per);
    assert_eq!(new.id, linker().cluster_new_names(&["Omar Baraka"])[0].0);
    // The same new name in Arabic and Cyrillic script meets the Latin one.
    let groups =
        linker().cluster_new_names(&["Omar Baraka", "عمر بركة", "Омар Барака", "Hamid Zaki"]);
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert_eq!(groups[0].1, vec![0, 1, 2]);
    // A lower-case phrase after a title is not a name.
    assert!(link("the general said nothing").is_empty());
}

#[test]
fn mentions_are_sorted_and_on_boundaries() {
    let text = "Haftar met Lavrov in Moscow; Haftar's aides stayed in Benghazi.";
    let got = link_at(text, None);
    let firsts: Vec<usize> = got.iter().map(|e| e.mentions[0].start).collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(firsts, sorted);
    for e in &got {
        for m in &e.mentions {
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        }
    }
    assert_eq!(id_of(text, "Haftar's").as_deref(), Some("per:haftar"));
}

#[test]
fn capitalized_runs_are_new_names_typed_by_context() {
    use khabar_core::EntityType::{Gpe, Org, Per};
    let text = "Officials said on Monday that Linda Harwell would meet managers of Northgate \
        Logistics about the depot in Elm Grove. Harwell declined to comment.";
    let got = new_names(text);
    let has = |kind, m: &str| {
        got.iter()
            .any(|(_, k, ms)| *k == kind && ms.iter().any(|x| x == m))
    };
    assert!(has(Per, "Linda Harwell"), "{got:?}");
    assert!(has(Org, "Northgate Logistics"), "{got:?}");
    assert!(has(Gpe, "Elm Grove"), "{got:?}");
    // The surname alone, later, is the same person.
    assert!(has(Per, "Harwell"), "{got:?}");
    // Days and sentence openers are not names.
    assert!(got
        .iter()
        .all(|(_, _, ms)| ms.iter().all(|m| m != "Monday" && m != "Officials")));
}

#[test]
fn title_case_headlines_and_lone_sentence_openers_are_not_names() {
    // A headline in Title Case, then a sentence opening with an adjective and a noun.
    let text =
        "Storm Hits Coastal Towns As Rivers Rise\n\nHeavy Rain fell overnight across the region.";
    assert!(new_names(text).is_empty(), "{:?}", new_names(text));
    // A one-sentence paragraph full of capitals is still a sentence, not a headline.
    let text = "On Monday Mayor Linda Harwell met Tom Becker.";
    let got = new_names(text);
    assert!(
        got.iter()
            .any(|(_, _, ms)| ms.iter().any(|m| m == "Linda Harwell")),
        "{got:?}"
    );
}
