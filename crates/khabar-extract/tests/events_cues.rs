//! Cue lookups of the event coder: a word's kinds come from one table and titles from an
//! index by first and last character, and both answer exactly as scanning the lists does.

use khabar_extract::events::lexicon::Cue;
use khabar_extract::events::EventCoder;

#[test]
fn title_index_agrees_with_scanning_the_title_list() {
    let coder = EventCoder::new().expect("event data loads");
    for (lang, lex) in &coder.lexicons().langs {
        let cues = &lex.cues;
        let titles = cues.get(Cue::Title);
        assert!(!titles.is_empty(), "{lang}: no titles");
        // Each title alone, inflected, with a glued prefix, and words that are no title.
        let mut words: Vec<String> = Vec::new();
        for t in titles {
            words.push(t.clone());
            words.push(format!("{t}er"));
            words.push(format!("بال{t}"));
            words.push(format!("x{t}x"));
            words.push(t.chars().skip(1).collect());
        }
        words.extend(["", "a", "zzz", "মিশর", "القاهرة", "Москва"].map(String::from));
        for w in &words {
            let scan = titles
                .iter()
                .find(|t| w.starts_with(t.as_str()) || w.ends_with(t.as_str()))
                .map(String::as_str);
            assert_eq!(cues.title_of(w), scan, "{lang}: {w:?}");
        }
    }
}

#[test]
fn a_word_has_every_kind_it_is_listed_under_and_no_other() {
    let coder = EventCoder::new().expect("event data loads");
    for (lang, lex) in &coder.lexicons().langs {
        let cues = &lex.cues;
        for kind in Cue::ALL {
            for w in cues.get(kind) {
                let mask = cues.mask(w);
                for other in Cue::ALL {
                    assert_eq!(
                        mask.is(other),
                        cues.get(other).contains(w),
                        "{lang}: {w:?} as {}",
                        other.name()
                    );
                }
            }
        }
        assert!(
            !cues.has(Cue::Coord, ""),
            "{lang}: the empty word is no cue"
        );
        assert!(!cues.has(Cue::Title, "qqqq"), "{lang}: unknown word");
    }
    let en = &coder.lexicons().langs["en"].cues;
    assert!(en.has(Cue::Coord, "and"));
    assert!(en.has(Cue::PassiveAux, "was"));
    assert!(!en.has(Cue::Coord, "was"));
}
