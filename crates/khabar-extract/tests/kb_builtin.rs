//! The starter KB shipped in the binary loads and holds what the linker needs.

use khabar_core::EntityType;
use khabar_extract::kb::names::NameParts;
use khabar_extract::kb::Kb;

fn kb() -> Kb {
    match Kb::builtin() {
        Ok(kb) => kb,
        Err(e) => panic!("built-in KB does not load: {e}"),
    }
}

fn has(kb: &Kb, id: &str, lang: &str, alias: &str) -> bool {
    kb.get(id)
        .is_some_and(|e| e.names().any(|(l, n)| l == lang && n == alias))
}

#[test]
fn countries_have_names_in_our_languages() {
    let kb = kb();
    let countries: Vec<_> = kb
        .entries()
        .iter()
        .filter(|e| e.kind == EntityType::Gpe && e.country.as_deref() == Some(e.id.as_str()))
        .collect();
    assert!(countries.len() >= 240, "{} countries", countries.len());
    for lang in ["bn", "ar", "ru"] {
        let with = countries
            .iter()
            .filter(|e| e.aliases.get(lang).is_some_and(|v| !v.is_empty()))
            .count();
        assert!(with >= 240, "{with} countries with {lang} names");
    }
    for (id, name) in [
        ("RUS", "Russia"),
        ("IRN", "Iran"),
        ("SYR", "Syria"),
        ("USA", "United States"),
        ("EGY", "Egypt"),
    ] {
        assert_eq!(kb.get(id).map(|e| e.name.as_str()), Some(name));
    }
    assert!(has(&kb, "EGY", "bn", "মিশর"));
    assert!(has(&kb, "EGY", "ar", "مصر"));
    assert!(has(&kb, "RUS", "ru", "Россия"));
    assert!(has(&kb, "USA", "en", "U.S."));
    let egy = kb
        .get("EGY")
        .map(|e| e.demonyms.clone())
        .unwrap_or_default();
    assert!(egy
        .get("bn")
        .is_some_and(|v| v.iter().any(|d| d == "মিশরীয়")));
    assert!(egy
        .get("ru")
        .is_some_and(|v| v.iter().any(|d| d == "египетский")));
}

#[test]
fn every_country_with_a_capital_points_to_a_city() {
    let kb = kb();
    let mut n = 0;
    for e in kb.entries().iter().filter(|e| e.capital.is_some()) {
        let cap = e.capital.as_deref().unwrap_or_default();
        let city = kb.get(cap);
        assert!(city.is_some(), "{}: capital {cap} missing", e.id);
        assert_eq!(city.and_then(|c| c.country.as_deref()), Some(e.id.as_str()));
        n += 1;
    }
    assert!(n >= 230, "{n} capitals");
    let cairo = kb
        .get("EGY")
        .and_then(|e| e.capital.as_deref())
        .and_then(|c| kb.get(c));
    assert_eq!(cairo.map(|c| c.name.as_str()), Some("Cairo"));
}

#[test]
fn same_named_cities_are_both_kept_with_country_and_population() {
    let kb = kb();
    let tripolis: Vec<_> = kb
        .entries()
        .iter()
        .filter(|e| e.name == "Tripoli")
        .filter_map(|e| Some((e.country.clone()?, e.population?)))
        .collect();
    assert!(tripolis.iter().any(|(c, _)| c == "LBY"));
    assert!(tripolis.iter().any(|(c, _)| c == "LBN"));
}

#[test]
fn curated_sections_are_present() {
    let kb = kb();
    for source in ["curated:org", "curated:person", "curated:media"] {
        let n = kb
            .entries()
            .iter()
            .filter(|e| e.source.as_deref() == Some(source))
            .count();
        assert!(n > 0, "no entries from {source}");
    }
}

#[test]
fn builtin_kb_is_free_of_errors() {
    let kb = kb();
    let errors: Vec<_> = kb
        .check()
        .into_iter()
        .filter(|p| p.level == khabar_extract::kb::ProblemLevel::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .take(20)
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn arabic_name_parts_table_loads() {
    let parts = match NameParts::builtin() {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert!(parts.len() > 20_000);
    assert!(parts.get("حفتر").iter().any(|s| s == "Haftar"));
    assert!(parts.get("محمد").iter().any(|s| s == "Muhammad"));
    assert!(parts.get("no such part").is_empty());
}

#[test]
fn places_carry_no_common_word_or_code_aliases() {
    let kb = kb();
    let bad = [
        "NO",
        "IT",
        "AU",
        "Man",
        "Nice",
        "الخبر",
        "المدينة",
        "البيضاء",
        "الجديدة",
    ];
    for e in kb.entries().iter().filter(|e| e.id.starts_with("geo:")) {
        for (lang, n) in e.names() {
            assert!(!bad.contains(&n), "{} has {lang} alias {n:?}", e.id);
        }
    }
    // A capital whose plain name is a common word keeps its diacritics.
    let male = kb
        .get("MDV")
        .and_then(|c| c.capital.as_deref())
        .and_then(|id| kb.get(id));
    assert_eq!(male.map(|c| c.name.as_str()), Some("Malé"));
}

/// No country is named by a word that is part of the names of many countries ("Republic",
/// "Islands"), in any language: "Republican" and "প্রজাতন্ত্রের" must not link to a country.
#[test]
fn no_country_alias_is_a_generic_word_of_country_names() {
    let kb = kb();
    let generic = [
        ("en", "republic"),
        ("en", "islands"),
        ("en", "kingdom"),
        ("en", "state"),
        ("en", "democratic"),
        ("en", "saint"),
        ("fr", "république"),
        ("es", "república"),
        ("de", "republik"),
        ("ru", "республика"),
        ("ar", "جمهورية"),
        ("bn", "প্রজাতন্ত্র"),
    ];
    for e in kb
        .entries()
        .iter()
        .filter(|e| e.kind == EntityType::Gpe && e.country.as_deref() == Some(e.id.as_str()))
    {
        for (lang, n) in e.names() {
            assert!(
                !generic.contains(&(lang, n.to_lowercase().as_str())),
                "{}: {lang} alias {n:?} names no country by itself",
                e.id
            );
        }
    }
    assert!(has(&kb, "COG", "en", "Republic of the Congo"));
}

/// Bangladesh's district towns are named in Bengali, inflected as the news writes them.
#[test]
fn bangladesh_district_towns_link_in_bengali() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb.clone()).expect("linker");
    let text = "মাগুরায় সংঘর্ষ হয়েছে। কুষ্টিয়ার পুলিশ জানায়, পঞ্চগড় ও গাইবান্ধা থেকে লোক এসেছে। \
                যশোরে সমাবেশ হবে।";
    let got = l.link(text, None);
    for surface in ["মাগুরায়", "কুষ্টিয়ার", "পঞ্চগড়", "গাইবান্ধা", "যশোরে"]
    {
        let e = got
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.slice(text) == surface));
        assert!(
            e.is_some_and(|e| e.kind == EntityType::Gpe && e.country.as_deref() == Some("BGD")),
            "{surface}: {:?}",
            got.iter().map(|e| (&e.id, &e.name)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn first_level_subdivisions_link_across_scripts() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb.clone()).expect("linker");
    // One state in three scripts, inflected in Bengali and behind a proclitic in Arabic.
    for (text, surface) in [
        ("Floods hit Texas on Monday, officials said.", "Texas"),
        ("টেক্সাসের বন্যায় তিনজন নিহত হয়েছেন।", "টেক্সাসের"),
        (
            "وقالت السلطات في تكساس إن الفيضانات أودت بحياة ثلاثة.",
            "تكساس",
        ),
        ("Наводнение в Техасе унесло три жизни.", "Техасе"),
    ] {
        let got = l.link(text, None);
        let e = got
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.slice(text) == surface));
        assert!(
            e.is_some_and(|e| e.id == "adm1:US-TX" && e.country.as_deref() == Some("USA")),
            "{surface}: {:?}",
            got.iter().map(|e| (&e.id, &e.name)).collect::<Vec<_>>()
        );
    }
    // A state that shares its name with a country or a city is left to them.
    assert!(kb.get("adm1:US-GA").is_none());
    let got = l.link("Tbilisi is the capital of Georgia.", None);
    assert!(got.iter().any(|e| e.id == "GEO"), "{got:?}");
    // Names of kind and common words are no subdivision's ("the eastern", "laughing").
    for (lang, word) in [("ar", "الشرقية"), ("bn", "হেসে"), ("en", "Unity")] {
        assert!(
            !kb.entries()
                .iter()
                .filter(|e| e.id.starts_with("adm1:"))
                .any(|e| e.names().any(|(_, n)| n == word)),
            "{lang} {word}"
        );
    }
}

#[test]
fn a_discovered_word_is_no_province_by_key_alone() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb).expect("linker");
    // "জালশুকা" (a village name) shares the consonant key of Jalisco; nothing in the text
    // names Mexico or Jalisco, so it stays a name of its own.
    let text = "জালশুকা গ্রামের কৃষক আব্দুর রহিম বলেন, এবার ফলন ভালো হয়েছে।";
    let got = l.link(text, None);
    assert!(
        !got.iter().any(|e| e.id.starts_with("adm1:MX")),
        "{:?}",
        got.iter().map(|e| (&e.id, &e.name)).collect::<Vec<_>>()
    );
}

#[test]
fn a_club_named_after_its_city_is_the_club_and_the_city_stays_the_city() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb).expect("linker");
    let id_of = |text: &str, surface: &str| -> Option<String> {
        l.link(text, None)
            .into_iter()
            .find(|e| e.mentions.iter().any(|m| m.slice(text) == surface))
            .map(|e| e.id)
    };
    for (text, surface, id) in [
        (
            "Manchester City beat Real Madrid 2-1 on Tuesday night.",
            "Manchester City",
            "sport:manchester-city",
        ),
        (
            "Manchester City beat Real Madrid 2-1 on Tuesday night.",
            "Real Madrid",
            "sport:real-madrid",
        ),
        (
            "Bayern Munich drew with Inter Milan in the group stage.",
            "Inter Milan",
            "sport:inter-milan",
        ),
        (
            "রিয়াল মাদ্রিদের কোচ ম্যাচের পর কথা বলেন।",
            "রিয়াল মাদ্রিদের",
            "sport:real-madrid",
        ),
        (
            "وتعادل الأهلي المصري مع الهلال السعودي مساء الجمعة.",
            "الهلال السعودي",
            "sport:al-hilal",
        ),
        (
            "«Спартак Москва» проиграл на своём поле.",
            "Спартак Москва",
            "sport:spartak-moscow",
        ),
        // The city alone is the city, in the same sentence frame.
        (
            "The mayor of Manchester opened the new tram line on Tuesday.",
            "Manchester",
            "geo:2643123",
        ),
    ] {
        assert_eq!(
            id_of(text, surface).as_deref(),
            Some(id),
            "{surface} in {text}"
        );
    }
    // "arsenal" as a common noun is nobody's.
    let text = "Iran's missile arsenal has grown, the report said.";
    assert!(id_of(text, "arsenal").is_none());
    // The cricket council does not take the court's acronym.
    let text = "The ICC issued an arrest warrant on Thursday.";
    assert_eq!(id_of(text, "ICC").as_deref(), Some("org:icc"));
}

#[test]
fn an_arabic_noun_with_a_feminine_ending_is_no_place_by_key() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb).expect("linker");
    // "بعرقلة" (by obstructing) shares the skeleton b-r-k-l of Berkeley, and the text names
    // the United States; the noun stays a noun.
    let text = "واتهمت الولايات المتحدة الحكومة بعرقلة وصول المساعدات إلى المدينة.";
    let got = l.link(text, None);
    assert!(
        got.iter().all(|e| e.kind == EntityType::Org
            || e.id == "USA"
            || !e.mentions.iter().any(|m| m.slice(text).contains("عرقلة"))),
        "{:?}",
        got.iter().map(|e| (&e.id, &e.name)).collect::<Vec<_>>()
    );
    assert!(got.iter().any(|e| e.id == "USA"));
    // A derived verbal noun ("استئناف" resumption) is no place by key either, nor "ليل"
    // (night) the city of Lille by name.
    let text = "وطالبت إيران الولايات المتحدة باستئناف المحادثات في ليل الثلاثاء.";
    let got = l.link(text, None);
    assert!(
        got.iter().all(|e| matches!(e.id.as_str(), "IRN" | "USA")),
        "{:?}",
        got.iter().map(|e| (&e.id, &e.name)).collect::<Vec<_>>()
    );
}

#[test]
fn a_title_after_a_palace_name_starts_the_object() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb).expect("linker");
    let text = "واستقبل الرئيس في قصر بعبدا المبعوثة الأممية وبحث معها الوضع.";
    let got = l.link(text, None);
    let palace = got
        .iter()
        .flat_map(|e| e.mentions.iter().map(move |m| (e, m.slice(text))))
        .find(|(_, s)| s.starts_with("قصر"));
    assert_eq!(palace.map(|(_, s)| s), Some("قصر بعبدا"), "{got:?}");
}

#[test]
fn companies_and_markets_are_organizations_and_crude_is_no_borough() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb).expect("linker");
    let text = "Shell and BP shares fell after Saudi Aramco cut prices, and Brent crude slipped \
                as the Nasdaq Composite lost 1.1%. The State Bank of Pakistan held rates.";
    let got = l.link(text, None);
    let id_of = |surface: &str| {
        got.iter()
            .find(|e| e.mentions.iter().any(|m| m.slice(text) == surface))
            .map(|e| (e.id.as_str(), e.kind))
    };
    assert_eq!(id_of("Shell"), Some(("org:co-shell", EntityType::Org)));
    assert_eq!(id_of("BP"), Some(("org:co-bp", EntityType::Org)));
    assert_eq!(
        id_of("Saudi Aramco"),
        Some(("org:co-saudi-aramco", EntityType::Org))
    );
    assert_eq!(
        id_of("Nasdaq Composite"),
        Some(("org:co-nasdaq", EntityType::Org))
    );
    // The benchmark crude is no London borough.
    assert!(
        id_of("Brent").is_none_or(|(_, k)| k != EntityType::Gpe),
        "{got:?}"
    );
    // "State" is part of the bank's name though a place word reads it too.
    assert!(id_of("State Bank of Pakistan").is_some(), "{got:?}");
    // Across scripts.
    let text = "وأعلنت أرامكو السعودية خفض الأسعار، فيما قالت غازبروم إن الصادرات ارتفعت.";
    let got = l.link(text, None);
    for id in ["org:co-saudi-aramco", "org:co-gazprom"] {
        assert!(got.iter().any(|e| e.id == id), "{id}: {got:?}");
    }
}

#[test]
fn places_news_names_that_geonames_spells_otherwise_link() {
    let kb = std::sync::Arc::new(kb());
    let l = khabar_extract::entities::EntityLinker::new(kb).expect("linker");
    let text = "Talks in Sharm el-Sheikh resumed as shelling hit Zaporizhzhia and El Geneina, \
                while officials in Teknaf and Bucha spoke to reporters.";
    let got = l.link(text, None);
    for (surface, id) in [
        ("Sharm el-Sheikh", "loc:sharm-el-sheikh"),
        ("Zaporizhzhia", "geo:687700"),
        ("El Geneina", "geo:379303"),
        ("Teknaf", "geo:1185095"),
        ("Bucha", "geo:711350"),
    ] {
        let e = got
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.slice(text) == surface));
        assert_eq!(e.map(|e| e.id.as_str()), Some(id), "{surface}: {got:?}");
    }
}
