//! Bengali: case and particle suffixes after names, demonyms, near misses, weak names.

mod entities_util;
use entities_util::{assert_links, ids, link, new_names};

#[test]
fn inflected_forms_link() {
    // (sentence, surface that must be a whole mention, entity)
    let table = [
        (
            "সেনাপতি খলিফা হাফতারকে নিয়ে আলোচনা হয়।",
            "খলিফা হাফতারকে",
            "per:haftar",
        ),
        ("হাফতারের বাহিনী এগিয়েছে।", "হাফতারের", "per:haftar"),
        ("রাশিয়ার প্রতিনিধি দল এসেছে।", "রাশিয়ার", "RUS"),
        ("বৈঠকটি মিশরে হয়েছে।", "মিশরে", "EGY"),
        ("আলোচনা কায়রোতেই হবে।", "কায়রোতেই", "geo:cairo"),
        ("তারা ইসরায়েলকে সতর্ক করেছে।", "ইসরায়েলকে", "ISR"),
        ("মস্কোয় বৈঠক শেষ হয়েছে।", "মস্কোয়", "geo:moscow"),
        ("মিশরীয় কর্মকর্তারা উপস্থিত ছিলেন।", "মিশরীয়", "EGY"),
        ("লিবিয়াসহ কয়েকটি দেশ যোগ দেয়।", "লিবিয়াসহ", "LBY"),
    ];
    assert_links(&table);
}

#[test]
fn near_misses_do_not_link() {
    // মালি (Mali) inside মালিক (owner); a suffix that is not in the table.
    assert!(!ids("দোকানের মালিক বাড়ি ফিরেছেন।").contains(&"MLI".to_string()));
    assert!(!ids("মিশরখানা নামে একটি দোকান।").contains(&"EGY".to_string()));
    // A name inside a longer word, not at its start.
    assert!(ids("অমিশর শব্দটি অর্থহীন।").is_empty());
}

#[test]
fn longest_match_wins() {
    let text = "লিবিয়ান ন্যাশনাল আর্মি (এলএনএ) শহরটি দখল করেছে।";
    let got = link(text);
    assert_eq!(got.first().map(|x| x.0.as_str()), Some("org:lna"));
    assert!(!got.iter().any(|(id, _)| id == "LBY"), "{got:?}");
}

#[test]
fn one_word_common_name_needs_support() {
    // আশা is "hope": alone it is not the person.
    assert!(ids("আমাদের আশা শান্তি ফিরবে।").is_empty());
    // With the full name elsewhere in the document, the short form links.
    let text = "আশা রহমান বক্তব্য দেন। পরে আশা আবার বলেন।";
    let got = link(text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got.first().map(|x| x.1.len()), Some(2));
}

#[test]
fn surname_and_spelling_variants_link_by_key() {
    // The KB has only Latin and Cyrillic spellings of Bogdanov; the second mention has
    // another vowel spelling.
    let text = "রুশ উপ পররাষ্ট্রমন্ত্রী মিখাইল বোগদানভ বৈঠকে ছিলেন। বোগদানোভ জানান আলোচনা হয়েছে।";
    let got = link(text);
    let b = got
        .iter()
        .find(|(id, _)| id == "per:bogdanov")
        .expect("Bogdanov linked");
    assert_eq!(b.1, vec!["মিখাইল বোগদানভ".to_string(), "বোগদানোভ".to_string()]);
}

#[test]
fn new_persons_are_found_from_name_parts() {
    use khabar_core::EntityType::Per;
    // (sentence, the person's whole mention)
    let table = [
        // Unknown given name before a family name, case suffix on the last word.
        ("পুলিশ জানায়, নিহত তরিকুল চৌধুরীর বাড়ি সদরে।", "তরিকুল চৌধুরীর"),
        // Honorific with its dot, then an unknown name.
        ("মামলার বাদী মো. নজিবুল্লাহ থানায় যান।", "মো. নজিবুল্লাহ"),
        // Initials, then known parts.
        ("সভাপতিত্ব করেন এ কে এম শামসুল হক।", "এ কে এম শামসুল হক"),
        // A Hindu name: given name, then family name.
        ("অনুষ্ঠানে বক্তব্য দেন সুশান্ত ভট্টাচার্য।", "সুশান্ত ভট্টাচার্য"),
        // A title opens the name but stays outside the mention.
        ("সেমিনারে বলেন অধ্যাপক নীলাঞ্জন সেন।", "নীলাঞ্জন সেন"),
    ];
    for (text, want) in table {
        let got = new_names(text);
        assert!(
            got.iter()
                .any(|(_, k, ms)| *k == Per && ms.iter().any(|m| m == want)),
            "{text}: want PER {want:?}, got {got:?}"
        );
    }
}

#[test]
fn one_person_keeps_one_id_across_inflections() {
    let text = "শিক্ষক রফিকুল ইসলাম বলেন, কাজ চলছে। পরে রফিকুল ইসলামকে ফোন করা হয়।";
    let got = new_names(text);
    let persons: Vec<_> = got.iter().filter(|(id, _, _)| id.contains("rf")).collect();
    assert_eq!(persons.len(), 1, "{got:?}");
    assert_eq!(persons[0].2.len(), 2, "{got:?}");
}

#[test]
fn name_parts_alone_or_in_common_phrases_are_not_persons() {
    // A family name that is also a word, a lone initial, a given name used as a word, time
    // words before a place word: none is a new person.
    for text in [
        "সরকার নতুন নিয়ম করেছে।",
        "এ বিষয়ে আর কিছু জানা যায়নি।",
        "কবির জন্মবার্ষিকী পালিত হয়েছে।",
        "দোকানি আবদুল পালিয়ে যান।",
    ] {
        let got = new_names(text);
        assert!(
            got.iter()
                .all(|(_, k, _)| *k != khabar_core::EntityType::Per),
            "{text}: {got:?}"
        );
    }
}

#[test]
fn places_before_place_words_are_found() {
    use khabar_core::EntityType::Gpe;
    let text = "ঘটনাটি ঘটেছে নলছিটি উপজেলার বারইকান্দি গ্রামে, গতকাল মঙ্গলবার এলাকায় মাইকিং হয়।";
    let got = new_names(text);
    for want in ["নলছিটি", "বারইকান্দি"] {
        assert!(
            got.iter()
                .any(|(_, k, ms)| *k == Gpe && ms.iter().any(|m| m == want)),
            "want {want:?}: {got:?}"
        );
    }
    // Days and times are not places.
    assert!(got
        .iter()
        .all(|(_, _, ms)| ms.iter().all(|m| !m.contains("মঙ্গলবার"))));
}

#[test]
fn a_common_word_spelled_like_a_name_plus_suffix_is_not_the_name() {
    // দোহাই ("for the sake of") is দোহা (Doha) + ই to the morphology.
    let kb = r#"{"id":"geo:doha","name":"Doha","type":"GPE","country":"QAT","aliases":{"en":["Doha"],"bn":["দোহা"]},"population":1200000}"#;
    let l = khabar_extract::entities::EntityLinker::new(std::sync::Arc::new(
        khabar_extract::kb::Kb::from_jsonl(kb, "t").expect("kb"),
    ))
    .expect("linker");
    let ids = |t: &str| -> Vec<String> { l.link(t, None).into_iter().map(|e| e.id).collect() };
    assert!(ids("দোহাই লাগে, থামুন।").is_empty());
    assert_eq!(ids("দোহায় বৈঠক হয়েছে।"), vec!["geo:doha".to_string()]);
}

#[test]
fn a_place_in_the_locative_before_a_name_is_no_part_of_it() {
    use khabar_core::EntityType::Per;
    // "In Savar, the Rana Plaza collapse ...": the unknown town carries the locative ending,
    // so it opens no person's name with the given name after it.
    let text = "সাভারে রানা প্লাজার ধসে বহু শ্রমিক নিহত হয়েছিলেন বলে জানান তিনি।";
    let got = new_names(text);
    assert!(
        got.iter()
            .all(|(_, k, ms)| *k != Per || ms.iter().all(|m| !m.contains("সাভারে"))),
        "{got:?}"
    );
    // Near-miss: a name after a town in the locative is still found.
    let text = "কালিহাতীতে তরিকুল চৌধুরী নামের এক কৃষক আহত হয়েছেন।";
    let got = new_names(text);
    assert!(
        got.iter()
            .any(|(_, k, ms)| *k == Per && ms.iter().any(|m| m == "তরিকুল চৌধুরী")),
        "{got:?}"
    );
}
