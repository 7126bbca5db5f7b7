//! The word table of the event coder answers exactly as walking the text does: word starts
//! and ends, the words before and after a position (stopping at sentence punctuation), for
//! every byte offset of texts in several scripts, on and off character boundaries.

use khabar_extract::events::lexicon::{is_word_char, word_end, word_start};
use khabar_extract::events::tokens::Tokens;

/// The words before `pos` by walking back character by character (the reference).
fn walk_before(text: &str, pos: usize, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = pos.min(text.len());
    while out.len() < n {
        let head = text.get(..p).unwrap_or("");
        let mut end = None;
        for (i, c) in head.char_indices().rev() {
            if is_word_char(c) {
                end = Some(i + c.len_utf8());
                break;
            }
            if matches!(c, '.' | '।' | '?' | '!' | ';' | '\n' | '؟' | '؛' | ':') {
                return out;
            }
        }
        let Some(e) = end else { break };
        let s = word_start(text, e);
        out.push((s, e));
        p = s;
    }
    out
}

/// The words from `pos` on by walking forward (the reference).
fn walk_after(text: &str, pos: usize, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut p = pos.min(text.len());
    while out.len() < n {
        let tail = text.get(p..).unwrap_or("");
        let mut start = None;
        for (i, c) in tail.char_indices() {
            if is_word_char(c) {
                start = Some(p + i);
                break;
            }
            if matches!(c, '.' | '।' | '?' | '!' | ';' | '\n' | '؟' | '؛' | ':') {
                return out;
            }
        }
        let Some(s) = start else { break };
        let e = word_end(text, s);
        if e <= s {
            break;
        }
        out.push((s, e));
        p = e;
    }
    out
}

const TEXTS: &[&str] = &[
    "",
    " ",
    "word",
    "The minister didn't come; talks, it's said, were held in Cairo. Then:  nothing!",
    "  leading and trailing spaces  ",
    "ঢাকায় প্রধানমন্ত্রী বৈঠক করেছেন। পরে তিনি বললেন, আলোচনা হবে।",
    "وقال الوزير إن الاجتماع سيعقد في القاهرة؛ ولم يحدد موعداً. هل سيحضر؟",
    "Министр заявил: переговоры пройдут в Москве. «Мы готовы», — сказал он.",
    "mixed ‘quotes’ and zero\u{200c}width\u{200d}joiners, 3.5% and 2024-05-01\n\nnext line",
    "a.b.c",
    "emoji 😀 and 中文字 and é and ß; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters",
    "...",
];

#[test]
fn word_bounds_match_the_walk_at_every_offset() {
    for text in TEXTS {
        let tk = Tokens::new(text);
        for pos in 0..=text.len() + 2 {
            assert_eq!(
                tk.word_start(pos),
                word_start(text, pos),
                "word_start {text:?} {pos}"
            );
            assert_eq!(
                tk.word_end(pos),
                word_end(text, pos),
                "word_end {text:?} {pos}"
            );
        }
    }
}

#[test]
fn word_lists_match_the_walk_at_every_offset() {
    for text in TEXTS {
        let tk = Tokens::new(text);
        for pos in 0..=text.len() + 2 {
            for n in 0..=4 {
                assert_eq!(
                    tk.words_before(pos, n).to_vec(),
                    walk_before(text, pos, n),
                    "before {text:?} {pos} {n}"
                );
                assert_eq!(
                    tk.words_after(pos, n).to_vec(),
                    walk_after(text, pos, n),
                    "after {text:?} {pos} {n}"
                );
            }
        }
    }
}

#[test]
fn words_in_a_range_are_the_pieces_between_non_word_characters() {
    for text in TEXTS {
        let tk = Tokens::new(text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &a in &bounds {
            for &b in bounds.iter().filter(|&&b| b >= a) {
                let want: Vec<&str> = text[a..b]
                    .split(|c: char| !is_word_char(c))
                    .filter(|w| !w.is_empty())
                    .collect();
                let got: Vec<&str> = tk.words_in(a, b).map(|(s, e)| &text[s..e]).collect();
                assert_eq!(got, want, "{text:?} {a}..{b}");
            }
        }
    }
}

#[test]
fn lists_stop_at_four_words_and_at_punctuation() {
    let text = "one two three four five six. seven";
    let tk = Tokens::new(text);
    let after: Vec<&str> = tk
        .words_after(0, 9)
        .iter()
        .map(|&(s, e)| &text[s..e])
        .collect();
    assert_eq!(after, ["one", "two", "three", "four"]);
    let end = text.find('.').unwrap_or(0);
    assert!(tk.words_after(end, 2).is_empty());
    let before: Vec<&str> = tk
        .words_before(text.len(), 3)
        .iter()
        .map(|&(s, e)| &text[s..e])
        .collect();
    assert_eq!(before, ["seven"]);
}
