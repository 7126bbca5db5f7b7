//! The bundled event data loads and is consistent: all 20 CAMEO roots, the frequent GDELT
//! codes, a lexicon per language, and no panic on odd input.

mod events_support;

use events_support::coder;
use khabar_core::{Document, Span};

#[test]
fn cameo_table_covers_roots_and_frequent_codes() {
    let c = &coder().lexicons().cameo;
    for code in [
        "010", "011", "012", "013", "014", "015", "016", "017", "018", "019", "020", "0211",
        "0256", "030", "036", "040", "041", "042", "043", "044", "045", "046", "050", "051", "052",
        "054", "056", "057", "060", "061", "062", "064", "070", "071", "072", "073", "074", "075",
        "080", "081", "087", "090", "100", "111", "112", "120", "125", "128", "130", "138", "140",
        "141", "150", "160", "163", "170", "172", "173", "180", "181", "183", "190", "193", "194",
        "195", "200",
    ] {
        let row = c.get(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(row.code, code);
        assert!((-10.0..=10.0).contains(&row.goldstein));
    }
    assert_eq!(c.get("190").map(|r| r.quad_class), Some(4));
    assert_eq!(c.get("042").map(|r| r.quad_class), Some(1));
    assert_eq!(c.get("173").map(|r| r.goldstein), Some(-5.0));
    assert!(c.len() >= 150);
}

#[test]
fn every_language_has_a_lexicon() {
    assert_eq!(coder().languages(), vec!["ar", "bn", "en", "ru"]);
    for lex in coder().lexicons().langs.values() {
        assert!(lex.surfaces > 100, "{}: {}", lex.lang, lex.surfaces);
    }
}

#[test]
fn odd_documents_do_not_panic() {
    let c = coder();
    let mut d = Document {
        lang: Some("bn".into()),
        ..Document::default()
    };
    assert!(c.code(&d).is_empty());
    d.text = "হামলা".into();
    assert!(
        c.code(&d).is_empty(),
        "a trigger without any actor gives no event"
    );
    // Spans off character boundaries and out of range.
    d.sentences = vec![Span::new(1, 2), Span::new(0, 999)];
    d.entities = vec![khabar_core::Entity {
        id: "x".into(),
        name: "X".into(),
        kind: khabar_core::EntityType::Gpe,
        country: None,
        cameo: None,
        known: false,
        mentions: vec![Span::new(1, 5), Span::new(50, 60)],
    }];
    let _ = c.code(&d);
    d.lang = Some("xx".into());
    assert!(c.code(&d).is_empty(), "no lexicon, no events");
}
