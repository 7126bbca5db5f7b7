//! Transliteration to Latin and the phonetic name key that lets one name meet itself across
//! scripts and spellings: হাফতার, Haftar, حفتر and Хафтар all key to `hftr`; ল্যাভরভ, Lavrov
//! and لافروف to `lfrf`.
//!
//! The key is the lower-case Latin transliteration of each token (per-script tables from
//! `data/entities/translit.*.tsv`, `any_ascii` for the rest), rewritten by
//! `data/entities/phonetic.tsv` (sh/ch/s, kh/h, g/k/q, f/v/ph/bh, p/b, z/j ...), doubled letters
//! collapsed, then vowels (and w, y) dropped: Arabic does not write short vowels, so only
//! consonant skeletons can be compared. Particles (al-, el-, ال) are left out, and a final ه
//! of an Arabic word (normalization folds ta marbuta into it) counts as a vowel.
//!
//! Keys are for lookup, not for display; [`display_name`] gives a readable Title Case
//! spelling. This module does not decide whether two names are the same actor.

use super::lexicon::{is_word_char, Lexicon, Script};
use crate::kb::names::NameParts;
use khabar_text::normalize::normalize_str;

/// Lower-case Latin transliteration of `s` (any script).
pub fn to_latin(lx: &Lexicon, s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    to_latin_into(lx, s, &mut out);
    out
}

/// [`to_latin`] into a reused buffer (appends).
pub fn to_latin_into(lx: &Lexicon, s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let script = Script::of_char(c);
        let table = &lx.translit[script.index()];
        let mut done = false;
        if !table.is_empty() {
            // Longest key first: up to `translit_max` characters.
            let mut ends: [usize; 4] = [0; 4];
            let mut n = 0;
            for (i, ch) in rest
                .char_indices()
                .take(lx.translit_max[script.index()].min(4))
            {
                if let Some(e) = ends.get_mut(n) {
                    *e = i + ch.len_utf8();
                }
                n += 1;
            }
            for k in (0..n).rev() {
                let end = ends.get(k).copied().unwrap_or(0);
                if let Some(t) = rest.get(..end).and_then(|key| table.get(key)) {
                    out.push_str(t);
                    rest = rest.get(end..).unwrap_or("");
                    done = true;
                    break;
                }
            }
        }
        if !done {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if is_word_char(c) {
                for a in any_ascii::any_ascii_char(c).chars() {
                    out.push(a.to_ascii_lowercase());
                }
            } else {
                out.push(' ');
            }
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }
}

/// The tokens of a name: split on spaces, hyphens and other non-word characters (apostrophes
/// kept inside words).
pub fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(is_word_char(c) || c == '\'' || c == '’' || c == '.'))
        .map(|t| t.trim_matches(|c: char| c == '.' || c == '\'' || c == '’'))
        .filter(|t| !t.is_empty())
}

/// Whether `tok` (normalized) is a name particle (al, el, ال ...).
pub fn is_particle(lx: &Lexicon, tok: &str) -> bool {
    lx.particles.contains(tok)
}

/// Strip an attached Arabic article (ال) from a normalized token, when something remains.
pub fn strip_article(tok: &str) -> &str {
    match tok.strip_prefix("ال") {
        Some(r) if r.chars().count() >= 2 && Script::of_str(tok) == Script::Arabic => r,
        _ => tok,
    }
}

/// Phonetic key of one token (normalized or not). Empty for particles.
pub fn token_key(lx: &Lexicon, tok: &str) -> String {
    key_impl(lx, &normalize_str(tok), false)
}

/// Like [`token_key`] but vowels kept as one class (`a`): "Tobruk" and টোব্রুক give `tabrak`.
/// Stricter, for scripts that write vowels (all but Arabic), where a consonant skeleton alone
/// is too loose for one-word names.
pub fn token_vkey(lx: &Lexicon, tok: &str) -> String {
    key_impl(lx, &normalize_str(tok), true)
}

/// [`token_key`] of a token already normalized (a slice of the normalized text).
pub fn norm_token_key(lx: &Lexicon, tok: &str) -> String {
    key_impl(lx, tok, false)
}

fn key_impl(lx: &Lexicon, n: &str, vowels: bool) -> String {
    if is_particle(lx, n) {
        return String::new();
    }
    let mut n = strip_article(n);
    // Normalization folds ta marbuta (ة) into ه; word-final it is a vowel (خليفة, Khalifa).
    if Script::of_str(n) == Script::Arabic && n.chars().count() >= 3 {
        n = n.strip_suffix('ه').unwrap_or(n);
    }
    let mut lat = String::with_capacity(n.len() + 8);
    to_latin_into(lx, n, &mut lat);
    // One pass of the rewrites, longest first, then collapse doubles and drop vowels.
    let mut rewritten = String::with_capacity(lat.len());
    let mut rest = lat.as_str();
    'outer: while !rest.is_empty() {
        let first = rest.as_bytes().first().copied().unwrap_or(0) as usize;
        for &i in lx
            .phonetic_by_first
            .get(first)
            .map_or(&[][..], |v| v.as_slice())
        {
            let Some((from, to)) = lx.phonetic.get(i) else {
                continue;
            };
            if let Some(r) = rest.strip_prefix(from.as_str()) {
                rewritten.push_str(to);
                rest = r;
                continue 'outer;
            }
        }
        let mut cs = rest.chars();
        if let Some(c) = cs.next() {
            rewritten.push(c);
        }
        rest = cs.as_str();
    }
    let mut out = String::with_capacity(rewritten.len());
    let mut prev: Option<char> = None;
    for c in rewritten.chars() {
        if !c.is_ascii_alphanumeric() {
            prev = None;
            continue;
        }
        if prev == Some(c) {
            continue;
        }
        prev = Some(c);
        if !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w') {
            out.push(c);
        } else if vowels && !out.ends_with('a') {
            out.push('a');
        }
    }
    out
}

/// Phonetic key of a whole name: token keys joined by single spaces, particles left out.
pub fn name_key(lx: &Lexicon, name: &str) -> String {
    let mut out = String::new();
    for t in tokens(name) {
        let k = token_key(lx, t);
        if k.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&k);
    }
    out
}

/// A readable Latin spelling of a name written in any script, Title Case: Arabic parts through
/// the name-part table when it knows them, Latin tokens as written.
pub fn display_name(lx: &Lexicon, parts: Option<&NameParts>, name: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in tokens(name) {
        let script = Script::of_str(t);
        if script == Script::Latin {
            out.push(t.to_string());
            continue;
        }
        let n = normalize_str(t);
        if is_particle(lx, &n) {
            continue;
        }
        if script == Script::Arabic {
            if let Some(p) = parts.and_then(|p| {
                p.get(t)
                    .first()
                    .or_else(|| p.get(&n).first())
                    .or_else(|| p.get(strip_article(&n)).first())
            }) {
                out.push(p.clone());
                continue;
            }
        }
        let lat = to_latin(lx, strip_article(&n));
        out.push(title_case(lat.trim()));
    }
    out.join(" ")
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !khabar_text::chars::is_alphanumeric(c);
    }
    out
}
