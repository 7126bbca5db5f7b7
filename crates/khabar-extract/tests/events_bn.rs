//! Bengali event coding: every CAMEO root from fixture sentences, roles from case suffixes
//! and postpositions (SOV, verb-final headline subjects, passive with -এর কাছে), coordination,
//! modality, dates and headline/body merging.

mod events_support;

use events_support::{check_roots, coder, doc, has, E};
use khabar_core::{EntityType::*, Modality, PartialDate};

fn ents() -> Vec<E<'static>> {
    vec![
        E(
            "kb:putin",
            "Vladimir Putin",
            Per,
            Some("RUS GOV"),
            &["পুতিন"],
        ),
        E(
            "kb:erdogan",
            "Recep Tayyip Erdogan",
            Per,
            Some("TUR GOV"),
            &["এরদোয়ান"],
        ),
        E("kb:iran", "Iran", Gpe, Some("IRN"), &["ইরান"]),
        E("kb:russia", "Russia", Gpe, Some("RUS"), &["রাশিয়া"]),
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["মিশর"]),
        E("kb:turkey", "Turkey", Gpe, Some("TUR"), &["তুরস্ক"]),
        E("kb:moscow", "Moscow", Gpe, Some("RUS"), &["মস্কো"]),
        E(
            "kb:army",
            "National Army",
            Org,
            Some("XYZ MIL"),
            &["জাতীয় সেনাবাহিনী"],
        ),
        E(
            "kb:rebels",
            "Northern Rebels",
            Org,
            Some("XYZ REB"),
            &["উত্তরের বিদ্রোহী জোট"],
        ),
    ]
}

#[test]
fn every_root_has_a_trigger() {
    check_roots(
        "bn",
        &[
            ("01", "সরকার বিবৃতি দিয়েছে।"),
            ("02", "তিনি সংযমের আহ্বান জানিয়েছেন।"),
            ("03", "দুই দেশ সম্পর্ক জোরদার করতে রাজি।"),
            ("04", "প্রধানমন্ত্রী ঢাকায় বৈঠক করেছেন।"),
            ("05", "মন্ত্রী সিদ্ধান্তের প্রশংসা করেন।"),
            ("06", "দুই দেশ সামরিক সহযোগিতা বাড়াবে।"),
            ("07", "সংস্থাটি মানবিক সহায়তা পাঠিয়েছে।"),
            ("08", "সরকার বন্দিদের মুক্তি দিয়েছে।"),
            ("09", "পুলিশ ঘটনার তদন্ত করছে।"),
            ("10", "তারা মন্ত্রীর পদত্যাগের দাবি জানিয়েছে।"),
            ("11", "বিরোধী দল সরকারের নিন্দা জানিয়েছে।"),
            ("12", "সংসদ প্রস্তাবটি প্রত্যাখ্যান করেছে।"),
            ("13", "তিনি কঠোর জবাবের হুমকি দিয়েছেন।"),
            ("14", "শ্রমিকরা ধর্মঘট পালন করছে।"),
            ("15", "সীমান্তে সেনা মোতায়েন করা হয়েছে।"),
            ("16", "যুক্তরাষ্ট্র নতুন নিষেধাজ্ঞা আরোপ করেছে।"),
            ("17", "পুলিশ তিনজনকে গ্রেপ্তার করেছে।"),
            ("18", "দুর্বৃত্তরা এক সাংবাদিককে অপহরণ করেছে।"),
            ("19", "সেনাবাহিনী শহরে হামলা চালিয়েছে।"),
            ("20", "জাতিসংঘ একে গণহত্যা বলেছে।"),
        ],
    );
}

#[test]
fn object_suffix_and_subject() {
    let d = doc("bn", &["রাশিয়া ইরানকে সামরিক সহায়তা দিয়েছে।"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "07", "Russia", "Iran"), "{evs:?}");
    assert!(!has(&evs, "07", "Iran", "Russia"));
}

#[test]
fn verb_final_headline_subject_and_place() {
    let d = doc("bn", &["ইরানকে মস্কোয় আমন্ত্রণ জানালেন পুতিন"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "03", "Vladimir Putin", "Iran"), "{evs:?}");
    let e = evs.iter().find(|e| e.code == "036").expect("036");
    assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Moscow"));
    assert_eq!(e.source.code.as_deref(), Some("RUS GOV"));
    assert_eq!(d.slice(e.trigger), "আমন্ত্রণ জানালেন");
}

#[test]
fn comitative_postposition() {
    let d = doc("bn", &["পুতিনের সঙ্গে বৈঠক করেছেন এরদোয়ান।"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Recep Tayyip Erdogan", "Vladimir Putin"),
        "{evs:?}"
    );
}

#[test]
fn passive_agent_is_the_source() {
    let d = doc(
        "bn",
        &["জাতীয় সেনাবাহিনী উত্তরের বিদ্রোহী জোটের কাছে পরাজিত হয়েছে।"],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "19", "Northern Rebels", "National Army"),
        "{evs:?}"
    );
}

#[test]
fn coordinated_subjects_give_one_event_each() {
    let d = doc("bn", &["মিশর ও তুরস্ক ইরানের সমালোচনা করেছে।"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Egypt", "Iran"), "{evs:?}");
    assert!(has(&evs, "11", "Turkey", "Iran"), "{evs:?}");
}

#[test]
fn negated_future_and_hypothetical() {
    let c = coder();
    let neg = doc("bn", &["পুতিন ইরান সফর করেননি।"], &ents(), &[]);
    assert!(c
        .candidates(&neg)
        .iter()
        .any(|e| e.modality == Modality::Negated));
    assert!(c.code(&neg).is_empty(), "negated events are not stored");

    let fut = doc("bn", &["পুতিন আগামী মাসে ইরান সফর করবেন।"], &ents(), &[]);
    let evs = c.code(&fut);
    let e = evs
        .iter()
        .find(|e| e.source.name == "Vladimir Putin")
        .expect("future event kept");
    assert_eq!(e.modality, Modality::Future);
    assert_eq!(e.code, "036", "a planned visit is an intent to meet");

    let hyp = doc("bn", &["যদি রাশিয়া হামলা চালায়, তুরস্ক জবাব দেবে।"], &ents(), &[]);
    assert!(c
        .candidates(&hyp)
        .iter()
        .any(|e| e.modality == Modality::Hypothetical));
    assert!(c.code(&hyp).iter().all(|e| !e.code.starts_with("19")));
}

#[test]
fn date_of_the_sentence_flows_into_the_event() {
    let d = doc(
        "bn",
        &[
            "এরদোয়ান ১৫ ফেব্রুয়ারি পুতিনের সঙ্গে বৈঠক করেছেন।",
            "তুরস্ক ইরানের প্রশংসা করেছে।",
        ],
        &ents(),
        &[(
            "১৫ ফেব্রুয়ারি",
            PartialDate {
                year: None,
                month: Some(2),
                day: Some(15),
            },
        )],
    );
    let evs = coder().code(&d);
    let meet = evs
        .iter()
        .find(|e| e.code.starts_with("04"))
        .expect("meeting");
    assert_eq!(meet.date.map(|d| d.to_string()).as_deref(), Some("--02-15"));
    let praise = evs
        .iter()
        .find(|e| e.code.starts_with("05"))
        .expect("praise");
    // No date in its own sentence: the next sentence's date, with a month, is near enough
    // (khabar_text::dates::date_for_span).
    assert_eq!(
        praise.date.map(|d| d.to_string()).as_deref(),
        Some("--02-15"),
        "a sentence without a date takes its neighbour's"
    );
}

#[test]
fn headline_and_body_merge() {
    let d = doc(
        "bn",
        &[
            "ইরানকে আমন্ত্রণ জানালেন পুতিন",
            "রুশ প্রেসিডেন্ট পুতিন বুধবার ইরানকে আমন্ত্রণ জানিয়েছেন।",
        ],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    let inv: Vec<_> = evs.iter().filter(|e| e.code.starts_with("03")).collect();
    assert_eq!(inv.len(), 1, "{evs:?}");
    assert_eq!(inv[0].also.len(), 1);
}

fn mideast() -> Vec<E<'static>> {
    vec![
        E(
            "kb:israel",
            "Israel",
            Gpe,
            Some("ISR"),
            &["ইসরায়েলকে", "ইসরায়েলের", "ইসরায়েল"],
        ),
        E("kb:hamas", "Hamas", Org, Some("PSE REB"), &["হামাস"]),
        E("kb:gaza", "Gaza", Gpe, Some("PSE"), &["গাজায়", "গাজা"]),
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["মিশর"]),
        E("kb:turkey", "Turkey", Gpe, Some("TUR"), &["তুরস্ক"]),
        E("kb:un", "United Nations", Org, Some("IGOUNO"), &["জাতিসংঘ"]),
        E(
            "kb:bangladesh",
            "Bangladesh",
            Gpe,
            Some("BGD"),
            &["বাংলাদেশকে", "বাংলাদেশ"],
        ),
    ]
}

fn code_bn(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("bn", sentences, &mideast(), &[]))
}

#[test]
fn a_verbal_noun_after_a_demonstrative_is_not_a_new_happening() {
    // "Hamas blamed Israel for this attack": the blame is told, the attack was told before.
    let evs = code_bn(&["হামাস এই হামলার জন্য ইসরায়েলকে দায়ী করেছে।"]);
    assert!(has(&evs, "11", "Hamas", "Israel"), "{evs:?}");
    assert!(!has(&evs, "19", "Hamas", "Israel"), "{evs:?}");
    // The attack itself, told with its verb, stays.
    let evs = code_bn(&["ইসরায়েল গাজায় হামলা চালিয়েছে।"]);
    assert!(has(&evs, "19", "Israel", "Gaza"), "{evs:?}");
}

#[test]
fn a_question_tells_nothing_that_happened() {
    let evs = code_bn(&["ইসরায়েল কি গাজায় হামলা চালাবে?"]);
    assert!(evs.is_empty(), "{evs:?}");
    // The same plan told as a statement is a threat.
    let evs = code_bn(&["ইসরায়েল গাজায় হামলা চালাবে।"]);
    assert!(has(&evs, "13", "Israel", "Gaza"), "{evs:?}");
}

#[test]
fn what_is_promised_before_the_verb_is_not_done() {
    // "The UN promised to give Bangladesh more aid": a promise (03), not aid (07).
    let evs = code_bn(&["জাতিসংঘ বাংলাদেশকে আরও সহায়তা দেওয়ার প্রতিশ্রুতি দিয়েছে।"]);
    assert!(!evs.iter().any(|e| e.code.starts_with("07")), "{evs:?}");
    assert!(evs.iter().any(|e| e.code.starts_with("03")), "{evs:?}");
    // Aid given is aid.
    let evs = code_bn(&["জাতিসংঘ বাংলাদেশকে সহায়তা দিয়েছে।"]);
    assert!(has(&evs, "07", "United Nations", "Bangladesh"), "{evs:?}");
}

#[test]
fn a_verbal_noun_before_a_topic_postposition_is_talked_about() {
    // "Egypt and Turkey discussed the attack on Gaza": a discussion, not an attack.
    let evs = code_bn(&["মিশর ও তুরস্ক গাজায় হামলা নিয়ে আলোচনা করেছে।"]);
    assert!(has(&evs, "04", "Egypt", "Turkey"), "{evs:?}");
    assert!(!evs.iter().any(|e| e.code.starts_with("19")), "{evs:?}");
}

fn south_asia() -> Vec<E<'static>> {
    vec![
        E("kb:india", "India", Gpe, Some("IND"), &["ভারতের", "ভারত"]),
        E("kb:saudi", "Saudi Arabia", Gpe, Some("SAU"), &["সৌদি আরব"]),
        E("kb:turkey", "Turkey", Gpe, Some("TUR"), &["তুরস্ক"]),
        E(
            "kb:myanmar",
            "Myanmar",
            Gpe,
            Some("MMR"),
            &["মিয়ানমারের", "মিয়ানমার"],
        ),
        E("kb:rakhine", "Rakhine", Gpe, Some("MMR"), &["রাখাইনে"]),
        E(
            "kb:aa",
            "Arakan Army",
            Org,
            Some("MMR REB"),
            &["আরাকান আর্মির"],
        ),
        E(
            "kb:bnp",
            "Bangladesh Nationalist Party",
            Org,
            Some("BGD PTY"),
            &["বিএনপি"],
        ),
        E(
            "kb:fakhrul",
            "Mirza Fakhrul",
            Per,
            Some("BGD PTY"),
            &["মির্জা ফখরুল"],
        ),
        E(
            "kb:un",
            "United Nations",
            Org,
            Some("IGOUNO"),
            &["জাতিসংঘের"],
        ),
        E(
            "kb:guterres",
            "António Guterres",
            Per,
            Some("IGOUNO"),
            &["গুতেরেস"],
        ),
        E(
            "kb:touhid",
            "Touhid Hossain",
            Per,
            Some("BGD GOV"),
            &["তৌহিদ হোসেন"],
        ),
    ]
}

fn code_sa(sentences: &[&str]) -> Vec<khabar_core::Event> {
    coder().code(&doc("bn", sentences, &south_asia(), &[]))
}

#[test]
fn a_coordinated_subject_after_the_verb_closes_the_headline() {
    let evs = code_sa(&["ভারতে হামলার নিন্দা জানাল সৌদি আরব ও তুরস্ক"]);
    assert!(has(&evs, "11", "Saudi Arabia", "-"), "{evs:?}");
    assert!(has(&evs, "11", "Turkey", "-"), "{evs:?}");
}

#[test]
fn an_organization_and_a_title_before_a_person_are_the_persons() {
    // "BNP secretary general Mirza Fakhrul criticised India".
    let evs = code_sa(&["বিএনপি মহাসচিব মির্জা ফখরুল ভারতের সমালোচনা করেছেন।"]);
    assert!(has(&evs, "11", "Mirza Fakhrul", "India"), "{evs:?}");
    // "UN secretary general Guterres called for a ceasefire": the UN is no target.
    let evs = code_sa(&["জাতিসংঘের মহাসচিব গুতেরেস যুদ্ধবিরতির আহ্বান জানিয়েছেন।"]);
    assert!(
        evs.iter()
            .all(|e| e.target.as_ref().map(|t| t.name.as_str()) != Some("United Nations")),
        "{evs:?}"
    );
    assert!(
        evs.iter().any(|e| e.source.name == "António Guterres"),
        "{evs:?}"
    );
}

#[test]
fn a_one_letter_locative_is_a_place_and_a_genitive_owner_acts() {
    // "Myanmar's junta carried out air strikes on the Arakan Army in Rakhine".
    let evs = code_sa(&["মিয়ানমারের জান্তা সরকার রাখাইনে আরাকান আর্মির ওপর বিমান হামলা চালিয়েছে।"]);
    assert!(has(&evs, "19", "Myanmar", "Arakan Army"), "{evs:?}");
    assert!(evs.iter().all(|e| e.source.name != "Rakhine"), "{evs:?}");
}

#[test]
fn a_country_before_the_trip_noun_is_the_destination() {
    let evs = code_sa(&["আগামী মাসে ভারত সফরে যাবেন পররাষ্ট্র উপদেষ্টা তৌহিদ হোসেন।"]);
    assert!(has(&evs, "03", "Touhid Hossain", "India"), "{evs:?}");
}

#[test]
fn a_genitive_owner_of_an_actor_noun_opening_the_clause_acts() {
    // "Pakistan's foreign ministry strongly criticised India": Pakistan criticised, and the
    // previous sentence's actor is not carried over.
    let ents = [
        E(
            "kb:pakistan",
            "Pakistan",
            Gpe,
            Some("PAK"),
            &["পাকিস্তানের", "পাকিস্তান"],
        ),
        E("kb:us", "United States", Gpe, Some("USA"), &["যুক্তরাষ্ট্র"]),
        E("kb:india", "India", Gpe, Some("IND"), &["ভারতের", "ভারত"]),
    ];
    let d = doc(
        "bn",
        &[
            "যুক্তরাষ্ট্র তদন্তের আহ্বান জানিয়েছে।",
            "পাকিস্তানের পররাষ্ট্র মন্ত্রণালয় এই বিবৃতির কড়া সমালোচনা করেছে।",
        ],
        &ents,
        &[],
    );
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Pakistan", "-"), "{evs:?}");
    assert!(
        !evs.iter()
            .any(|e| e.code.starts_with("11") && e.source.name == "United States"),
        "{evs:?}"
    );
    // A genitive that is no owner of the subject stays the one acted upon.
    let d = doc("bn", &["যুক্তরাষ্ট্র ভারতের কড়া সমালোচনা করেছে।"], &ents, &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "United States", "India"), "{evs:?}");
}

fn parties() -> Vec<E<'static>> {
    vec![
        E(
            "kb:mirza",
            "Mirza Fakhrul Islam Alamgir",
            Per,
            Some("BGD OPP"),
            &["মির্জা ফখরুল"],
        ),
        E(
            "kb:quader",
            "Obaidul Quader",
            Per,
            Some("BGD GOV"),
            &["ওবায়দুল কাদের"],
        ),
        E(
            "kb:hasina",
            "Sheikh Hasina",
            Per,
            Some("BGD GOV"),
            &["শেখ হাসিনা"],
        ),
        E(
            "kb:bnp",
            "Bangladesh Nationalist Party",
            Org,
            Some("BGD OPP"),
            &["বিএনপি"],
        ),
        E("kb:india", "India", Gpe, Some("IND"), &["ভারত"]),
    ]
}

#[test]
fn tini_is_the_one_person_named_last() {
    // The previous event is Mirza's, but "তিনি" is the person the sentence before named.
    let evs = coder().code(&doc(
        "bn",
        &[
            "মির্জা ফখরুল ভারতের সমালোচনা করেন।",
            "ওবায়দুল কাদের বলেছেন, দেশ এগিয়ে যাচ্ছে।",
            "তিনি বিএনপিকে আলোচনায় বসার আহ্বান জানান।",
        ],
        &parties(),
        &[],
    ));
    assert!(
        has(&evs, "02", "Obaidul Quader", "Bangladesh Nationalist Party"),
        "{:?}",
        events_support::triples(&evs)
    );
    // Near miss: two persons named before, "তিনি" could be either: not Quader.
    let evs = coder().code(&doc(
        "bn",
        &[
            "মির্জা ফখরুল ভারতের সমালোচনা করেন।",
            "ওবায়দুল কাদের ও শেখ হাসিনা সভায় ছিলেন।",
            "তিনি বিএনপিকে আলোচনায় বসার আহ্বান জানান।",
        ],
        &parties(),
        &[],
    ));
    assert!(
        !has(&evs, "02", "Obaidul Quader", "Bangladesh Nationalist Party"),
        "{:?}",
        events_support::triples(&evs)
    );
}

#[test]
fn an_owner_country_before_another_country_s_body_acts() {
    let ents = vec![
        E("kb:india", "India", Gpe, Some("IND"), &["ভারত"]),
        E("kb:pakistan", "Pakistan", Gpe, Some("PAK"), &["পাকিস্তান"]),
        // A generic "সেনাবাহিনী" linked to one country's army.
        E(
            "kb:bdarmy",
            "Bangladesh Army",
            Org,
            Some("BGD MIL"),
            &["সেনাবাহিনী"],
        ),
        E("kb:bangladesh", "Bangladesh", Gpe, Some("BGD"), &["বাংলাদেশ"]),
    ];
    let evs = coder().code(&doc(
        "bn",
        &["ভারতের সেনাবাহিনী পাকিস্তানে হামলা চালিয়েছে।"],
        &ents,
        &[],
    ));
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("19") && e.source.name == "India"),
        "{:?}",
        events_support::triples(&evs)
    );
    assert!(
        !evs.iter().any(|e| e.source.name == "Bangladesh Army"),
        "{:?}",
        events_support::triples(&evs)
    );
    // Near miss: the body's own country as owner leaves the body acting.
    let evs = coder().code(&doc(
        "bn",
        &["বাংলাদেশের সেনাবাহিনী পাকিস্তানে হামলা চালিয়েছে।"],
        &ents,
        &[],
    ));
    assert!(
        evs.iter()
            .any(|e| e.code.starts_with("19") && e.source.name == "Bangladesh Army"),
        "{:?}",
        events_support::triples(&evs)
    );
}
