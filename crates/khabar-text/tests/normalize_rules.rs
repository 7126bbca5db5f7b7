//! Normalization: each folding rule on hand-written inputs, the offset map's invariants, and a
//! property test (arbitrary strings never panic, every map entry is a character boundary).

use khabar_core::Span;
use khabar_text::normalize::{normalize, normalize_str, Normalized};
use proptest::prelude::*;

/// Expand `\u{XXXX}` escapes used in the fixture.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find("\\u{") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 3..];
        let close = after.find('}').expect("closing brace in fixture escape");
        let cp = u32::from_str_radix(&after[..close], 16).expect("hex escape");
        out.push(char::from_u32(cp).expect("valid code point"));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn check_map(src: &str, n: &Normalized) {
    let map = n.offsets();
    assert_eq!(map.len(), n.text.len() + 1, "map length for {src:?}");
    assert_eq!(map.last().map(|&o| o as usize), Some(src.len()));
    for w in map.windows(2) {
        assert!(w[0] <= w[1], "map not monotone for {src:?}");
    }
    for &o in &map {
        assert!(
            src.is_char_boundary(o as usize),
            "map entry {o} off boundary in {src:?}"
        );
    }
    // Every byte of one normalized character maps to the same original offset.
    for (i, c) in n.text.char_indices() {
        for k in 1..c.len_utf8() {
            assert_eq!(map[i], map[i + k]);
        }
    }
}

#[test]
fn fixture_rules() {
    let data = include_str!("data/normalize/cases.tsv");
    let mut count = 0;
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (input, expected) = line.split_once('\t').expect("tab in fixture line");
        let (input, expected) = (unescape(input), unescape(expected));
        let n = normalize(&input);
        assert_eq!(n.text, expected, "normalizing {input:?}");
        assert_eq!(normalize_str(&input), expected);
        check_map(&input, &n);
        count += 1;
    }
    assert!(count >= 30);
}

#[test]
fn normalization_is_idempotent_on_fixture() {
    let data = include_str!("data/normalize/cases.tsv");
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let once = normalize_str(&unescape(line.split('\t').next().unwrap_or("")));
        assert_eq!(normalize_str(&once), once);
    }
}

#[test]
fn to_original_round_trips_words() {
    let src = "Ялта ১৫ ফেব্রুয়ারি، মُحَمَّد أحمد — ÉLYSÉE e\u{301}te\u{301}";
    let n = normalize(src);
    check_map(src, &n);
    for (word, orig) in [
        ("ялта", "Ялта"),
        ("15", "১৫"),
        ("احمد", "أحمد"),
        ("élysée", "ÉLYSÉE"),
        ("été", "e\u{301}te\u{301}"),
    ] {
        let at = n
            .text
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {:?}", n.text));
        let sp = n.to_original(Span::new(at, at + word.len()));
        assert_eq!(sp.slice(src), orig);
        // and back
        assert_eq!(n.span_to_normalized(sp), Span::new(at, at + word.len()));
    }
}

#[test]
fn deleted_marks_stay_with_their_word() {
    let src = "قال مُحَمَّدٌ\u{200B} اليوم";
    let n = normalize(src);
    let at = n.text.find("محمد").expect("word");
    let sp = n.to_original(Span::new(at, at + "محمد".len()));
    assert_eq!(sp.slice(src), "مُحَمَّدٌ\u{200B}");
    let sp = n.to_original_trimmed(src, Span::new(at, at + "محمد".len()));
    assert_eq!(sp.slice(src), "مُحَمَّدٌ");
}

#[test]
fn spans_inside_expansions_stay_on_boundaries() {
    // One original character producing several output characters (a ligature).
    let src = "xﬃy";
    let n = normalize(src);
    assert_eq!(n.text, "xffiy");
    let sp = n.to_original(Span::new(1, 2));
    assert_eq!(sp.slice(src), "ﬃ");
    let sp = n.to_original(Span::new(2, 3));
    assert_eq!(sp.slice(src), "ﬃ");
    assert_eq!(n.to_original(Span::new(3, 3)), Span::new(1, 1));
    assert_eq!(n.to_original(Span::new(0, 999)), Span::new(0, src.len()));
}

#[test]
fn empty_and_only_deleted() {
    let n = normalize("");
    assert_eq!(n.text, "");
    assert_eq!(n.offsets(), vec![0]);
    let src = "\u{200B}\u{FEFF}ـ";
    let n = normalize(src);
    assert_eq!(n.text, "");
    assert_eq!(n.offsets(), vec![src.len() as u32]);
    assert_eq!(
        n.to_original(Span::new(0, 0)),
        Span::new(src.len(), src.len())
    );
}

proptest! {
    #[test]
    fn never_panics_and_map_on_boundaries(s in "\\PC{0,60}") {
        let n = normalize(&s);
        check_map(&s, &n);
        for a in 0..=n.text.len() {
            for b in a..=n.text.len().min(a + 6) {
                let sp = n.to_original(Span::new(a, b));
                prop_assert!(s.is_char_boundary(sp.start) && s.is_char_boundary(sp.end));
                prop_assert!(sp.start <= sp.end);
            }
        }
    }

    #[test]
    fn mixed_scripts_never_panic(s in "[a-zA-Z০-৯ক-হ\u{09BC}-\u{09CD}ا-ي\u{064B}-\u{0652}ёЁа-я \u{200B}-\u{200D}.।؟]{0,80}") {
        let n = normalize(&s);
        check_map(&s, &n);
        prop_assert_eq!(normalize_str(&n.text), n.text.clone());
    }
}
