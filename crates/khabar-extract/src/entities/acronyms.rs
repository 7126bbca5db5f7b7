//! Names a text defines with their acronym: "Pakistan Tehreek-e-Insaf (PTI)", "Rapid Support
//! Forces (RSF)". In scripts with capitals, the capitalized words right before an acronym in
//! parentheses whose initials spell it, lower-case words the acronym skips allowed between
//! them (`acronym_skip` in `connectors.tsv`: "Organisation for the Prohibition of Chemical
//! Weapons (OPCW)"), are one organization's name, and the acronym names it in the rest of the
//! document too.
//!
//! The definition wins over what the KB or the discovery passes made of its parts: a KB
//! country or city inside the name is no separate entity, and a KB entity the acronym alone
//! would link elsewhere ("PTI" is also the Press Trust of India) gives up those mentions in
//! this document. A name found whole already keeps its entity (`discover::acronym_after`
//! gives it the acronym). It deliberately does not read acronyms whose letters come from
//! inside words ("BoE", "NaCl"), guess a type other than organization, or look for a
//! definition after the acronym ("PTI, the party of ...").

use super::discover::{all_caps, is_covered, push_new, remove_mention, Words};
use super::lexicon::Script;
use super::{EntityLinker, Occupied};
use crate::fast::HashMap;
use khabar_core::{Entity, EntityType, Span};
use khabar_text::normalize::Normalized;

/// Most words a defined name may span (skipped words included).
const MAX_WORDS: usize = 12;

/// Find acronym definitions and link the names and their acronyms.
pub(super) fn defined(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    out: &mut HashMap<String, Entity>,
    covered: &mut Occupied,
) {
    let text = norm.text.as_str();
    for k in 1..words.len() {
        let Some(a) = words.get(k).copied() else {
            break;
        };
        // The parentheses first: they rule out almost every word at the cost of two compares.
        if text.as_bytes().get(a.end) != Some(&b')')
            || text.get(a.start.saturating_sub(2)..a.start) != Some(" (")
            || words.script(k) != Script::Latin
        {
            continue;
        }
        let acro = a.slice(text);
        let letters: Vec<char> = acro.chars().collect();
        if !(2..=8).contains(&letters.len())
            || !letters.iter().all(|c| c.is_alphabetic())
            || !all_caps(norm, original, a)
        {
            continue;
        }
        let Some(span) = spelled_before(l, norm, original, words, k, &letters) else {
            continue;
        };
        // Found whole already (a KB name or a discovered one): that entity takes the acronym
        // elsewhere; a mention reaching outside the name: leave the text as it was read.
        if out.values().any(|e| e.mentions.contains(&span))
            || out.values().any(|e| {
                e.mentions
                    .iter()
                    .any(|m| m.start < span.end && span.start < m.end && !span.contains(*m))
            })
        {
            continue;
        }
        // What the name's own words were read as gives way to the whole name.
        let inside: Vec<Span> = out
            .values()
            .flat_map(|e| e.mentions.iter().copied())
            .filter(|m| span.contains(*m))
            .collect();
        for m in inside {
            remove_mention(out, m);
        }
        if !push_new(
            l,
            norm,
            original,
            span,
            EntityType::Org,
            Script::Latin,
            out,
            covered,
        ) {
            continue;
        }
        let Some(id) = out
            .iter()
            .find(|(_, e)| e.mentions.contains(&span))
            .map(|(id, _)| id.clone())
        else {
            continue;
        };
        // The acronym, here and after: taken from whatever else it linked.
        let mut found = Vec::new();
        for (j, w) in words.iter().enumerate().skip(k) {
            if w.slice(text) != acro || !all_caps(norm, original, *w) {
                continue;
            }
            if is_covered(covered, *w) {
                remove_mention(out, *w);
            }
            found.push((j, *w));
        }
        if let Some(e) = out.get_mut(&id) {
            for (_, w) in found {
                if !e.mentions.contains(&w) {
                    e.mentions.push(w);
                }
                covered.insert(w);
            }
        }
    }
}

/// The span of the capitalized words ending right before word `k`'s " (" whose initials spell
/// `letters`, with skipped words only between them; `None` when there is none.
fn spelled_before(
    l: &EntityLinker,
    norm: &Normalized,
    original: &str,
    words: &Words,
    k: usize,
    letters: &[char],
) -> Option<Span> {
    let text = norm.text.as_str();
    let last = words.get(k - 1).copied()?;
    if last.end + 2 != words.get(k)?.start {
        return None;
    }
    let mut need = letters.len();
    let mut start = None;
    let mut next_start = last.end;
    for j in (k.saturating_sub(MAX_WORDS)..k).rev() {
        let w = words.get(j).copied()?;
        // Words of one name: a space or a hyphen between them.
        let gap = text.get(w.end..next_start)?;
        if j + 1 < k && !(gap == " " || gap == "-") {
            return None;
        }
        next_start = w.start;
        if words.script(j) != Script::Latin {
            return None;
        }
        if words.capital(j, norm, original) {
            let first = norm.to_original(w).slice(original).chars().next()?;
            let want = letters.get(need - 1)?;
            if first.to_uppercase().ne(want.to_uppercase()) {
                return None;
            }
            need -= 1;
            if need == 0 {
                start = Some(w.start);
                break;
            }
        } else if !l.lx.acronym_skip.contains(w.slice(text)) {
            return None;
        }
    }
    let start = start?;
    Some(Span::new(start, last.end))
}
