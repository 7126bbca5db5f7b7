//! English discovery of names the KB lacks: organizations named around their head word
//! (longest name wins over a KB name inside it), titles before KB place names that are given
//! names, role phrases followed by a new person, short surnames, hyphenated names, weak place
//! prepositions, employers before titles, place words that end a place's name.
//! Every text here is written for these tests.

use khabar_core::{Entity, EntityType, PartialDate};
use khabar_extract::entities::EntityLinker;
use khabar_extract::kb::Kb;
use std::sync::{Arc, OnceLock};

const KB: &str = r#"
{"id":"EGY","name":"Egypt","type":"GPE","country":"EGY","cameo":"EGY","aliases":{"en":["Egypt"]},"demonyms":{"en":["Egyptian"]}}
{"id":"JOR","name":"Jordan","type":"GPE","country":"JOR","cameo":"JOR","aliases":{"en":["Jordan"]},"demonyms":{"en":["Jordanian"]}}
{"id":"LBY","name":"Libya","type":"GPE","country":"LBY","cameo":"LBY","aliases":{"en":["Libya"]},"demonyms":{"en":["Libyan"]}}
{"id":"CHN","name":"China","type":"GPE","country":"CHN","cameo":"CHN","aliases":{"en":["China"]},"demonyms":{"en":["Chinese"]}}
{"id":"geo:tripoli","name":"Tripoli","type":"GPE","country":"LBY","aliases":{"en":["Tripoli"]},"population":1150000}
{"id":"geo:cairo","name":"Cairo","type":"GPE","country":"EGY","aliases":{"en":["Cairo"]},"population":9500000}
{"id":"org:un","name":"United Nations","type":"ORG","cameo":"IGOUNO","aliases":{"en":["United Nations","UN"]}}
{"id":"per:sisi","name":"Abdel Fattah el-Sisi","type":"PER","country":"EGY","cameo":"EGY GOV","roles":[{"role":"head_of_state","of":"EGY","from":"2014-06-08"}],"aliases":{"en":["Abdel Fattah el-Sisi","Sisi"]}}
{"id":"per:li-qiang","name":"Li Qiang","type":"PER","country":"CHN","cameo":"CHN GOV","aliases":{"en":["Li Qiang"]}}
{"id":"per:lavrov","name":"Sergey Lavrov","type":"PER","country":"RUS","cameo":"RUS GOV","aliases":{"en":["Sergey Lavrov","Lavrov"]}}
"#;

fn linker() -> &'static EntityLinker {
    static L: OnceLock<EntityLinker> = OnceLock::new();
    L.get_or_init(|| {
        let kb = Kb::from_jsonl(KB, "test").expect("test KB parses");
        EntityLinker::new(Arc::new(kb)).expect("linker builds")
    })
}

fn link(text: &str) -> Vec<Entity> {
    linker().link(text, PartialDate::parse("2024-05-01"))
}

/// The entity with a mention reading exactly `surface`, as (id, type, every mention text).
fn at(text: &str, surface: &str) -> Option<(String, EntityType, Vec<String>)> {
    link(text).into_iter().find_map(|e| {
        let ms: Vec<String> = e
            .mentions
            .iter()
            .map(|m| m.slice(text).to_string())
            .collect();
        ms.iter()
            .any(|m| m == surface)
            .then(|| (e.id.clone(), e.kind, ms.clone()))
    })
}

/// Every mention text of the document.
fn surfaces(text: &str) -> Vec<String> {
    link(text)
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.slice(text).to_string()))
        .collect()
}

#[test]
fn a_kb_organization_grows_into_the_longer_name() {
    let text = "Karim Aboud, a spokesman for the United Nations Development Programme, said \
                aid would reach Tripoli by Friday.";
    let (id, kind, _) = at(text, "United Nations Development Programme").expect("the programme");
    assert!(id.starts_with("new:"), "{id}");
    assert_eq!(kind, EntityType::Org);
    // The UN is not also named there, and no person "Development Programme" appears.
    let got = link(text);
    assert!(got.iter().all(|e| e.id != "org:un"), "{got:?}");
    let undp = got
        .iter()
        .find(|e| e.name == "United Nations Development Programme")
        .expect("entity");
    assert_eq!(
        undp.cameo.as_deref(),
        Some("IGOUNO"),
        "a UN body keeps the UN's code"
    );
    // The UN alone is still the UN.
    let alone = "The United Nations said on Monday that talks would resume.";
    assert_eq!(
        at(alone, "United Nations").map(|x| x.0).as_deref(),
        Some("org:un")
    );
}

#[test]
fn of_names_are_one_organization() {
    let text = "Rates were held by the Bank of England on Thursday, and the Ministry of Defence \
                said a professor at the University of Tripoli had been released.";
    for name in [
        "Bank of England",
        "Ministry of Defence",
        "University of Tripoli",
    ] {
        let (id, kind, _) =
            at(text, name).unwrap_or_else(|| panic!("{name}: {:?}", surfaces(text)));
        assert!(id.starts_with("new:"), "{name}: {id}");
        assert_eq!(kind, EntityType::Org, "{name}");
    }
    // Tripoli inside the university's name is not the city.
    assert!(link(text).iter().all(|e| e.id != "geo:tripoli"));
}

#[test]
fn generic_words_join_a_name_but_make_none() {
    let text = "Officials at the National Disaster Mitigation Agency said the Eastern Theater \
                Command had sent helicopters.";
    for name in [
        "National Disaster Mitigation Agency",
        "Eastern Theater Command",
    ] {
        let (_, kind, _) = at(text, name).unwrap_or_else(|| panic!("{name}: {:?}", surfaces(text)));
        assert_eq!(kind, EntityType::Org);
    }
    // A country or demonym before an organization word stays the country; generic words
    // alone name nothing.
    let eg = "The Egyptian Foreign Ministry said the Police had closed the road.";
    assert_eq!(at(eg, "Egyptian").map(|x| x.0).as_deref(), Some("EGY"));
    let s = surfaces(eg);
    assert!(
        s.iter()
            .all(|m| !m.contains("Ministry") && !m.contains("Police")),
        "{s:?}"
    );
}

#[test]
fn a_place_name_after_a_title_is_a_given_name() {
    let text = "Far-right leader Jordan Bardella said the vote was a warning.";
    let (id, kind, _) = at(text, "Jordan Bardella").expect("the person");
    assert!(id.starts_with("new:"));
    assert_eq!(kind, EntityType::Per);
    assert!(link(text).iter().all(|e| e.id != "JOR"));
    // Without a title the country stays.
    let c = "Jordan Bardella is not a phrase here; Jordan closed its border.";
    assert_eq!(at(c, "Jordan").map(|x| x.0).as_deref(), Some("JOR"));
}

#[test]
fn a_new_person_after_a_role_is_not_the_role_holder() {
    let text = "Egyptian President Tarek Mansour Hegazy told reporters in Cairo that talks \
                would go on.";
    let (_, kind, _) = at(text, "Tarek Mansour Hegazy").expect("the person");
    assert_eq!(kind, EntityType::Per);
    let got = link(text);
    assert!(got.iter().all(|e| e.id != "per:sisi"), "{got:?}");
    // With no name after it, the role still names its holder.
    let r = "The Egyptian president told reporters in Cairo that talks would go on.";
    assert!(link(r).iter().any(|e| e.id == "per:sisi"));
}

#[test]
fn short_surnames_and_hyphenated_names() {
    let text = "Central bank governor Andrew Bailey said inflation was easing. Mr Bailey \
                spoke in London.";
    let (_, _, ms) = at(text, "Andrew Bailey").expect("the governor");
    assert!(ms.contains(&"Bailey".to_string()), "{ms:?}");
    // "Ching" in "Lai Ching-te" is not Li Qiang's surname.
    let t2 = "Premier Li Qiang met officials. Taiwan's leader Lai Ching-te said he would visit.";
    let li = link(t2)
        .into_iter()
        .find(|e| e.id == "per:li-qiang")
        .expect("Li Qiang");
    let ms: Vec<&str> = li.mentions.iter().map(|m| m.slice(t2)).collect();
    assert_eq!(ms, vec!["Li Qiang"]);
}

#[test]
fn types_from_the_words_around() {
    // After "from", two words are a person rather than a place.
    let text = "Both goals came from Mohamed Salah in the second half.";
    assert_eq!(
        at(text, "Mohamed Salah").map(|x| x.1),
        Some(EntityType::Per)
    );
    // One word after "in" is a place.
    let p = "Police said the blast in Mamudabad killed three people.";
    assert_eq!(at(p, "Mamudabad").map(|x| x.1), Some(EntityType::Gpe));
    // A name before a title is the employer; a noun like "carmaker" announces a company.
    let b = "Northbridge Capital economist Jan Hatzberg wrote that carmaker Veltrona would cut \
             jobs.";
    assert_eq!(
        at(b, "Northbridge Capital").map(|x| x.1),
        Some(EntityType::Org)
    );
    assert_eq!(at(b, "Jan Hatzberg").map(|x| x.1), Some(EntityType::Per));
    assert_eq!(at(b, "Veltrona").map(|x| x.1), Some(EntityType::Org));
    // Place words that end a place's own name are part of it.
    let l = "Protesters filled Tahrir Square while tankers waited in the Strait of Hormuz.";
    assert_eq!(at(l, "Tahrir Square").map(|x| x.1), Some(EntityType::Loc));
    assert_eq!(
        at(l, "Strait of Hormuz").map(|x| x.1),
        Some(EntityType::Loc)
    );
}

#[test]
fn malformed_input_does_not_panic() {
    for t in [
        "Bank of",
        "of England",
        "the United Nations Development",
        "Ministry of ",
        "leader Jordan",
        "President",
        "Mr Bailey",
        "Strait of \u{0}Hormuz",
        "Bank of England\u{301} Programme of",
    ] {
        let _ = link(t);
    }
}

#[test]
fn towns_that_spell_personal_names() {
    // A small town next to an unknown capitalized word is part of a person's name there.
    const TOWNS: &str = r#"
{"id":"geo:ueda","name":"Ueda","type":"GPE","country":"JPN","aliases":{"en":["Ueda"]},"population":150000}
{"id":"geo:hassan","name":"Hassan","type":"GPE","country":"IND","aliases":{"en":["Hassan"]},"population":155000}
{"id":"geo:gaza","name":"Gaza","type":"GPE","country":"PSE","aliases":{"en":["Gaza"]},"population":590000}
{"id":"geo:cairo","name":"Cairo","type":"GPE","country":"EGY","aliases":{"en":["Cairo"]},"population":9500000}
"#;
    let kb = Kb::from_jsonl(TOWNS, "test").expect("test KB parses");
    let l = EntityLinker::new(Arc::new(kb)).expect("linker builds");
    let run = |t: &str| -> Vec<(String, EntityType, String)> {
        l.link(t, None)
            .into_iter()
            .flat_map(|e| {
                let (id, kind) = (e.id.clone(), e.kind);
                e.mentions
                    .iter()
                    .map(move |m| (id.clone(), kind, m.slice(t).to_string()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let t = "The central bank governor Kazuo Ueda signalled a change. Hassan Ali, 35, a \
             shopkeeper, said prices rose.";
    let got = run(t);
    for name in ["Kazuo Ueda", "Hassan Ali"] {
        assert!(
            got.iter()
                .any(|(id, k, m)| m == name && *k == EntityType::Per && id.starts_with("new:")),
            "{name}: {got:?}"
        );
    }
    assert!(
        got.iter().all(|(id, _, _)| !id.starts_with("geo:")),
        "{got:?}"
    );
    // A place named alone elsewhere, a big city, and a generic word after a town stay places.
    let p = "Hassan Ali arrived in Hassan on Monday. Cairo Ahmed is not a name here. Gaza City \
             was shelled.";
    let got = run(p);
    assert!(
        got.iter()
            .any(|(id, _, m)| id == "geo:hassan" && m == "Hassan"),
        "{got:?}"
    );
    assert!(got.iter().any(|(id, _, _)| id == "geo:cairo"), "{got:?}");
    assert!(got.iter().any(|(id, _, _)| id == "geo:gaza"), "{got:?}");
}

#[test]
fn companies_announced_by_lowercase_nouns_and_titles() {
    let text = "Shares rose after chemicals group Brandtwerk said orders were up, while Velmora \
                chief executive Lars Okonkwo warned of weak demand.";
    assert_eq!(at(text, "Brandtwerk").map(|x| x.1), Some(EntityType::Org));
    assert_eq!(at(text, "Velmora").map(|x| x.1), Some(EntityType::Org));
    assert_eq!(at(text, "Lars Okonkwo").map(|x| x.1), Some(EntityType::Per));
    // A capitalized word before the title belongs to a longer name: no one-word organization.
    let s = "Senate Majority Leader Dana Whitfield said the vote would be held on Friday.";
    let got = surfaces(s);
    assert!(got.iter().all(|m| m != "Majority"), "{got:?}");
}

#[test]
fn initials_acronyms_and_organization_words_in_a_row() {
    // Initials inside a new name; a given name and an initial before a KB person's name.
    let text = "Officials said Harold T. Wexley would lead the talks. Premier Li Qiang met \
                them in Tripoli.";
    assert_eq!(
        at(text, "Harold T. Wexley").map(|x| x.1),
        Some(EntityType::Per)
    );
    let k = "Sergey V. Lavrov said the talks were over. Lavrov left.";
    let (id, _, ms) = at(k, "Sergey V. Lavrov").expect("the whole name");
    assert_eq!(id, "per:lavrov");
    assert!(ms.contains(&"Lavrov".to_string()), "{ms:?}");
    // Only the person's own given name is taken in.
    let o = "Lavrov met reporters. Officials said Minister Lavrov was tired.";
    assert!(
        surfaces(o).iter().all(|m| !m.contains("Minister")),
        "{:?}",
        surfaces(o)
    );
    // An acronym in parentheses after a new organization is that organization, later too.
    let a = "The National Emergency Relief Agency (NERA) said 30 people died. NERA later \
             raised the toll.";
    let (id, kind, ms) = at(a, "National Emergency Relief Agency").expect("the agency");
    assert_eq!(kind, EntityType::Org);
    assert_eq!(
        ms.iter().filter(|m| *m == "NERA").count(),
        2,
        "{id}: {ms:?}"
    );
    // Two organization words in a row belong to one name.
    let r = "The Reserve Bank of Libya kept its rate unchanged on Tuesday.";
    assert_eq!(
        at(r, "Reserve Bank of Libya").map(|x| x.1),
        Some(EntityType::Org),
        "{:?}",
        surfaces(r)
    );
    // A headline in Title Case names no organization from its capitals.
    let h = "Rivers Burst Banks As Storm Hits Coast\n\nRains flooded towns on Monday.";
    let s = surfaces(h);
    assert!(s.iter().all(|m| !m.contains("Banks")), "{s:?}");
}

#[test]
fn given_names_and_conjunctions_in_organization_names() {
    // A common given name vouches for a name at the start of a sentence.
    let text = "Robert Kowalczyk scored twice in the second half.";
    assert_eq!(
        at(text, "Robert Kowalczyk").map(|x| x.1),
        Some(EntityType::Per)
    );
    // Without one, a capitalized pair opening a sentence is not taken on its own.
    let plain = "Heavy Rains fell across the region.";
    assert!(surfaces(plain).is_empty(), "{:?}", surfaces(plain));
    // "and" inside an organization's name.
    let org = "Officials at the National Disaster Risk Reduction and Management Council said \
               six people died.";
    assert_eq!(
        at(
            org,
            "National Disaster Risk Reduction and Management Council"
        )
        .map(|x| x.1),
        Some(EntityType::Org),
        "{:?}",
        surfaces(org)
    );
    // Two organizations joined by "and" stay two.
    for two in [
        "Funds came from the Vantor Group and Kelso Foundation on Monday.",
        "Funds came from Brantley and Kelso Foundation on Monday.",
        "Funds came from John Brantley and Kelso Foundation on Monday.",
    ] {
        let s = surfaces(two);
        assert!(s.iter().all(|m| !m.contains(" and ")), "{s:?}");
        assert!(s.iter().any(|m| m == "Kelso Foundation"), "{s:?}");
    }
}

#[test]
fn a_country_name_opens_the_names_of_its_bodies() {
    let text = "The Libya Garment Exporters Association urged the government to act.";
    let got = link(text);
    let org = got
        .iter()
        .find(|e| e.kind == EntityType::Org)
        .unwrap_or_else(|| panic!("{got:?}"));
    let ms: Vec<&str> = org.mentions.iter().map(|m| m.slice(text)).collect();
    assert_eq!(ms, vec!["Libya Garment Exporters Association"]);
    assert_eq!(org.country.as_deref(), Some("LBY"));
    assert!(got.iter().all(|e| e.id != "LBY"), "{got:?}");
    // Generic words after a country name make no organization: the country stays.
    let g = "The Libya Foreign Ministry said the talks would go on.";
    assert_eq!(at(g, "Libya").map(|x| x.0).as_deref(), Some("LBY"));
}

#[test]
fn an_organization_named_after_a_city_is_in_its_country() {
    let text = "Staff at the Tripoli Central Hospital said supplies had run out.";
    let got = link(text);
    let org = got
        .iter()
        .find(|e| e.name == "Tripoli Central Hospital")
        .unwrap_or_else(|| panic!("{got:?}"));
    assert_eq!(org.kind, EntityType::Org);
    assert_eq!(org.country.as_deref(), Some("LBY"));
    assert!(got.iter().all(|e| e.id != "geo:tripoli"), "{got:?}");
}

#[test]
fn residents_mayors_and_outskirts_announce_places() {
    let text = "Residents of Elm Grove said the storm damaged homes. The mayor of Port Kinsley, \
                Anna Ruiz, asked for help. Shelling reached the outskirts of Darnaville.";
    for place in ["Elm Grove", "Port Kinsley", "Darnaville"] {
        assert_eq!(
            at(text, place).map(|x| x.1),
            Some(EntityType::Gpe),
            "{place}: {:?}",
            surfaces(text)
        );
    }
    assert_eq!(at(text, "Anna Ruiz").map(|x| x.1), Some(EntityType::Per));
}
