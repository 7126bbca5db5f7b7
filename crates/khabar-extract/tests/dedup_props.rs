//! Property tests of near-duplicate detection and story clustering on arbitrary input: no
//! panics, no self-links, determinism, and exact copies of judgeable texts always linked.

use khabar_core::{EntityType, PartialDate};
use khabar_extract::dedup::Deduper;
use khabar_extract::stories::{StoryClusterer, StoryFeatures};
use proptest::prelude::*;

/// Words from several scripts, so shingles mix Latin, Bengali, Arabic and Cyrillic.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        "[অ-হ]{1,5}",
        "[ا-ي]{1,6}",
        "[а-я]{1,8}",
        Just("।".to_string()),
        Just("،".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..80).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_strings_never_panic_and_never_self_link(s in any::<String>(), t in any::<String>()) {
        let mut d = Deduper::default();
        prop_assert_eq!(d.observe_text("x", &s), None);
        let r = d.observe_text("y", &t);
        prop_assert!(r.as_deref() != Some("y"));
    }

    #[test]
    fn exact_copies_of_judgeable_texts_are_linked(t in text()) {
        let mut d = Deduper::default();
        let judged = d.signature(&t).is_some();
        d.observe_text("first", &t);
        let second = d.observe_text("second", &t);
        if judged {
            prop_assert_eq!(second.as_deref(), Some("first"));
        } else {
            prop_assert_eq!(second, None);
        }
    }

    #[test]
    fn similarity_is_symmetric_and_bounded(a in text(), b in text()) {
        let d = Deduper::default();
        if let (Some(x), Some(y)) = (d.signature(&a), d.signature(&b)) {
            let s = x.similarity(&y);
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert_eq!(s, y.similarity(&x));
            prop_assert_eq!(x.similarity(&x), 1.0);
        }
    }

    #[test]
    fn dedup_is_deterministic(texts in prop::collection::vec(text(), 1..12)) {
        let run = || {
            let mut d = Deduper::default();
            texts.iter().enumerate().map(|(i, t)| d.observe_text(&i.to_string(), t)).collect::<Vec<_>>()
        };
        prop_assert_eq!(run(), run());
    }

    #[test]
    fn stories_are_deterministic_and_point_at_seen_documents(
        docs in prop::collection::vec(
            (prop::collection::vec(0u8..6, 0..5), 0u8..3, prop::option::of(0i64..20)),
            1..30,
        )
    ) {
        let feats: Vec<StoryFeatures> = docs
            .iter()
            .enumerate()
            .map(|(i, (ents, code, day))| StoryFeatures {
                id: format!("d{i}"),
                duplicate_of: None,
                entities: ents
                    .iter()
                    .map(|e| (format!("Q{e}"), if e % 2 == 0 { EntityType::Per } else { EntityType::Gpe }))
                    .collect(),
                codes: vec![format!("0{code}0")],
                date: day.map(|d| PartialDate::ymd(2024, 1, 1 + d as u8)),
            })
            .collect();
        let run = || {
            let mut c = StoryClusterer::default();
            feats.iter().map(|f| c.assign(f)).collect::<Vec<_>>()
        };
        let a = run();
        prop_assert_eq!(&a, &run());
        for (i, s) in a.iter().enumerate() {
            // A story id is the id of a document seen at or before this one.
            let n: usize = s.trim_start_matches('d').parse().unwrap_or(usize::MAX);
            prop_assert!(n <= i);
        }
    }
}
