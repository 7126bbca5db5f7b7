//! One capitalized word inside a sentence, in scripts with capitals, that nothing else
//! claimed: "beat Chelsea", "the Bundesbank left rates unchanged", "shares in Gazprom". Run
//! last, after the KB, the cued passes and the surnames of persons named in full, so such a
//! word is only taken when it is nobody's surname and no part of a longer name.
//!
//! The word must be name-like (capitalized, not a common word of its language), at least three
//! letters, not the first word of its sentence or of a line, with no capitalized word joined
//! to it on either side, and not on a headline-like line; it becomes an organization (the most
//! frequent kind of lone capitalized names in news that the KB lacks). Words capitalized
//! inside sentences that are never names alone (months' abbreviations, faiths, "Parliament")
//! are data: `not_alone.txt`. A word joined to a capitalized one across a small word or a
//! comma is part of a longer name the other passes did not read, and is left alone. It
//! deliberately does not take words in capitals only (unknown acronyms are too often headers
//! or codes), nor words right after a title (those are surnames: the title passes read them).

use super::discover::{all_caps, headline_at, is_covered, push_new, Words};
use super::lexicon::{is_word_char, CueKind, Script};
use super::{EntityLinker, Occupied};
use crate::fast::HashMap;
use khabar_core::{Entity, EntityType};
use khabar_text::normalize::Normalized;

/// Take the lone capitalized words nothing else claimed.
pub(super) fn lone_names(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    let joined = |a: usize, b: usize| {
        let (Some(x), Some(y)) = (words.get(a), words.get(b)) else {
            return false;
        };
        matches!(text.get(x.end..y.start), Some(" " | "-" | ". "))
    };
    let mut take = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let script = words.script(k);
        if !script.has_case()
            || !words.capital(k, norm, original)
            || w.slice(text).chars().count() < 3
            || is_covered(covered, *w)
            || !words.name_like(l, norm, original, k)
            || all_caps(norm, original, *w)
        {
            continue;
        }
        if l.lx.not_alone.contains(w.slice(text)) {
            continue;
        }
        // A title in the plural names people, not an organization ("the Ministers agreed").
        if w.slice(text)
            .strip_suffix('s')
            .is_some_and(|one| l.lx.is_cue(one, CueKind::Title))
        {
            continue;
        }
        // Alone: no capitalized word joined before or after it, nor one across a small word
        // or a comma ("Control and Prevention", "Power of Siberia", "Meteorology,
        // Climatology and Geophysics Agency"): those are parts of longer names.
        let small = |i: usize| {
            words
                .get(i)
                .is_some_and(|x| l.lx.acronym_skip.contains(x.slice(text)))
        };
        // A capitalized neighbour that is a name or part of one (not "The", "In").
        let cap = |i: usize| {
            words.capital(i, norm, original)
                && (words.name_like(l, norm, original, i)
                    || words.get(i).is_some_and(|x| {
                        out.values()
                            .any(|e| e.mentions.iter().any(|m| m.contains(*x)))
                    }))
        };
        // Across "and" or a comma, the other side must itself be a longer name for this word
        // to be part of one: "Control and Prevention" is, "from Acme and Globex" are two.
        let is_and = |i: usize| words.get(i).is_some_and(|x| x.slice(text) == "and");
        let longer_before = |i: usize| i >= 1 && joined(i - 1, i) && cap(i - 1);
        let longer_after = |i: usize| joined(i, i + 1) && cap(i + 1);
        let across_before = k >= 2
            && small(k - 1)
            && joined(k - 2, k - 1)
            && joined(k - 1, k)
            && cap(k - 2)
            && (!is_and(k - 1) || longer_before(k - 2));
        let across_after = small(k + 1)
            && joined(k, k + 1)
            && joined(k + 1, k + 2)
            && cap(k + 2)
            && (!is_and(k + 1) || longer_after(k + 2));
        let listed = k >= 1
            && cap(k - 1)
            && longer_before(k - 1)
            && words
                .get(k - 1)
                .is_some_and(|p| text.get(p.end..w.start) == Some(", "));
        if across_before || across_after || listed {
            continue;
        }
        // Alone: no capitalized word joined before or after it.
        let before_cap = k.checked_sub(1).is_some_and(|p| joined(p, k) && cap(p));
        let after_cap = joined(k, k + 1) && cap(k + 1);
        if before_cap || after_cap {
            continue;
        }
        // Inside a sentence: a word character, a comma or a closing quote-free gap before.
        let before = text.get(..w.start).unwrap_or("");
        let prev_char = before.trim_end_matches([' ', '\t']).chars().next_back();
        if prev_char
            .is_none_or(|c| !(is_word_char(c) || matches!(c, ',' | ';' | '%' | '$' | '€' | '£')))
        {
            continue;
        }
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| !is_word_char(c))
            .next()
            .unwrap_or("");
        if l.lx.is_cue(prev_word, CueKind::Title) || headline_at(words, norm, original, w.start) {
            continue;
        }
        take.push((*w, script));
    }
    for (w, script) in take {
        push_new(
            l,
            norm,
            original,
            w,
            EntityType::Org,
            if script == Script::Cyrillic {
                Script::Cyrillic
            } else {
                Script::Latin
            },
            out,
            covered,
        );
    }
}

/// A company's legal form written right after an organization the passes found ("Toyota Motor
/// Corp", "Siemens AG", "Nomura Holdings Inc."): the mention takes it in, and a name the pass
/// took from that mention's text grows with it. Capitalized forms only (`legal_suffix` in
/// `connectors.tsv`); a form that is a mention of something else stays as it is.
pub(super) fn legal_suffixes(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    // Words some entity names (a cue word alone may cover a legal form: "Corp").
    let named: Vec<khabar_core::Span> = out
        .values()
        .flat_map(|e| e.mentions.iter().copied())
        .collect();
    for e in out.values_mut() {
        if e.kind != EntityType::Org {
            continue;
        }
        for m in e.mentions.iter_mut() {
            let k = words.partition_point(|w| w.start < m.end);
            let Some(w) = words.get(k).copied() else {
                continue;
            };
            if text.get(m.end..w.start) != Some(" ")
                || !l.lx.legal_suffixes.contains(w.slice(text))
                || !words.capital(k, norm, original)
                || named.iter().any(|n| n.start < w.end && w.start < n.end)
            {
                continue;
            }
            let old = norm.to_original(*m).slice(original).trim().to_string();
            // "Corp." keeps its dot when the text has one.
            let end = if text.as_bytes().get(w.end) == Some(&b'.') {
                w.end + 1
            } else {
                w.end
            };
            *m = khabar_core::Span::new(m.start, end);
            covered.insert(*m);
            if !e.known && e.name == old {
                e.name = norm.to_original(*m).slice(original).trim().to_string();
            }
        }
    }
}
