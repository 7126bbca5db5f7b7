//! Who is who around a trigger: each entity mention of the sentence gets a grammatical
//! marker read from the language's own means — case suffixes and postpositions (Bengali),
//! glued and free prepositions (Arabic, Russian, English), the English genitive — and then
//! source, target, place and coordinated actors are picked by the language's word order
//! (Bengali SOV with headline verb-final subjects, Arabic VSO, English/Russian SVO,
//! passives with an agent).
//!
//! The analysis borrows every word from the text (no per-word allocation): the words
//! around a position come back in a fixed-size [`super::tokens::Words`] list, cue words are
//! tested with one hash lookup for all their kinds ([`Cues::mask`]), and titles are kept as
//! indices into the language's title list.
//!
//! Determiners ("the", "its") and "of" after a title ("the government of X") stand between
//! a preposition and its name; "between X and Y" marks the first of two sides
//! ([`Marker::Between`]); coordination allows determiners after "and" ([`joined`]).
//!
//! What it deliberately does not do: resolve pronouns (the coder does, for English), parse
//! clauses, or guess roles for names the linker did not find.

use super::lexicon::{is_word_char, Cue, Cues, LangLexicon};
use super::tokens::Tokens;
use khabar_core::EntityType;

/// The grammatical mark of a mention, as far as roles are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// Nominative / unmarked: a subject or a direct object.
    Bare,
    /// Object or recipient (-কে, "to", ل).
    Target,
    /// Comitative ("with", সঙ্গে, مع, ب + person, с).
    With,
    /// Adversative ("against", বিরুদ্ধে, على, против).
    Against,
    /// Agent of a passive ("by", কাছে, من قبل).
    Agent,
    /// Possessor (-এর, "'s").
    Genitive,
    /// Locative on a place name (-তে, "in", في, в).
    Place,
    /// Destination ("to", إلى, উদ্দেশে).
    Dest,
    /// First of a pair ("between X and Y", بين, между): the two sides of talks or clashes.
    Between,
}

/// One mention of an entity inside a sentence, with its analysis (normalized offsets).
#[derive(Debug, Clone)]
pub struct Ment {
    /// Index into `Document::entities`.
    pub ent: usize,
    pub kind: EntityType,
    /// Span in the normalized text, extended to the whole last word.
    pub start: usize,
    pub end: usize,
    /// Start of the group: modifiers ("Egyptian President") folded in front of it.
    pub group_start: usize,
    pub marker: Marker,
    /// Title words right after or before the name ("president"), for role guesses, as
    /// indices into the language's title list ([`Cues::title`]).
    pub titles: Vec<u16>,
    /// A country's adjective on a common noun that names a topic, not an actor ("الأزمة
    /// الليبية", "ливийское урегулирование"): it takes no role ([`mark_topics`]).
    pub topic: bool,
}

fn slice(text: &str, s: usize, e: usize) -> &str {
    text.get(s..e).unwrap_or("")
}

/// The inflection after a name: the part of its last word past `base` (the shortest form the
/// entity is written in this document) or past the mention's end.
fn inflection<'a>(
    t: &'a str,
    word: (usize, usize),
    mention_end: usize,
    base: &str,
    cues: &Cues,
) -> &'a str {
    let w = slice(t, word.0, word.1);
    if mention_end < word.1 && mention_end >= word.0 {
        return slice(t, mention_end, word.1);
    }
    if !base.is_empty() && w.len() > base.len() && w.starts_with(base) {
        return w.get(base.len()..).unwrap_or("");
    }
    // One form only: a case ending of two or more characters is still an ending.
    if let Some(s) = strip_known(w, cues) {
        return s;
    }
    ""
}

/// The longest case ending of two or more characters that `w` ends with, leaving a stem of
/// at least two characters.
fn strip_known<'a>(w: &'a str, cues: &Cues) -> Option<&'a str> {
    cues.endings()
        .iter()
        .find(|s| {
            w.ends_with(s.as_str())
                && w.get(..w.len() - s.len())
                    .is_some_and(|st| st.chars().nth(1).is_some())
        })
        .and_then(|s| w.get(w.len() - s.len()..))
}

/// A one-letter locative ending ("রাখাইনে") on a place name written once: the word ends in
/// one of the one-letter place suffixes after a stem of three or more letters.
fn one_letter_locative(t: &str, word: (usize, usize), cues: &Cues) -> bool {
    let w = slice(t, word.0, word.1);
    cues.get(Cue::PlaceSuffix).iter().any(|s| {
        w.ends_with(s.as_str())
            && s.chars().count() == 1
            && w.get(..w.len() - s.len())
                .is_some_and(|st| st.chars().count() >= 3)
    })
}

fn has_suffix(cues: &Cues, kind: Cue, infl: &str) -> bool {
    !infl.is_empty()
        && cues
            .get(kind)
            .iter()
            .any(|s| infl == s || infl.ends_with(s.as_str()))
}

/// Analyse one mention: its whole-word extent, its marker and the title words around it.
/// `base` is the entity's shortest written form in this document (normalized).
pub fn analyse(
    tk: &Tokens,
    lex: &LangLexicon,
    ent: usize,
    kind: EntityType,
    span: (usize, usize),
    base: &str,
) -> Ment {
    let (lang, cues) = (lex.lang.as_str(), &lex.cues);
    let t = tk.text();
    let is_proclitic = |p: &str| lex.is_proclitic(p);
    let (ms, me) = span;
    let we = tk.word_end(me);
    let ws_last = tk.word_start(me.saturating_sub(1).max(ms));
    let mut titles = Vec::new();
    let place_kind = matches!(kind, EntityType::Gpe | EntityType::Loc);
    let verb_final = lang == "bn";
    let marker;
    if verb_final {
        // Head: the name, or a title word right after it ("ইসরায়েলি প্রেসিডেন্টের").
        let mut head = (ws_last, we);
        let mut infl = inflection(t, head, me, base, cues);
        for (s, e) in tk.words_after(we, 2) {
            if !infl.is_empty() {
                break;
            }
            let w = slice(t, s, e);
            let Some(ti) = cues.title_index(w) else {
                break;
            };
            let title = cues.title(ti).unwrap_or("");
            titles.push(ti);
            head = (s, e);
            infl = w.get(title.len()..).unwrap_or("");
        }
        let post = tk.words_after(head.1, 2);
        let word = |k: usize| post.get(k).map(|&(s, e)| slice(t, s, e)).unwrap_or("");
        let p0 = word(0);
        // A separate genitive particle ("... এর সঙ্গে") shifts the postposition by one word.
        let p = if cues.has(Cue::GenitiveSuffix, p0) {
            word(1)
        } else {
            p0
        };
        let pm = cues.mask(p);
        marker = if pm.is(Cue::WithPost) {
            Marker::With
        } else if pm.is(Cue::AgainstPost) {
            Marker::Against
        } else if pm.is(Cue::AgentPost) {
            Marker::Agent
        } else if pm.is(Cue::DestPost) {
            Marker::Dest
        } else if has_suffix(cues, Cue::TargetSuffix, infl) {
            Marker::Target
        } else if has_suffix(cues, Cue::GenitiveSuffix, infl) {
            // The possessor of the object ("X-এর প্রস্তাবকে সমর্থন"): the one acted upon.
            let next_obj = tk
                .words_after(head.1, 1)
                .first()
                .map(|(s, e)| {
                    let w = slice(t, *s, *e);
                    cues.get(Cue::TargetSuffix).iter().any(|k| {
                        k.chars().count() >= 2 && w.len() > k.len() + 3 && w.ends_with(k.as_str())
                    })
                })
                .unwrap_or(false);
            if next_obj {
                Marker::Target
            } else {
                Marker::Genitive
            }
        } else if place_kind
            && (has_suffix(cues, Cue::PlaceSuffix, infl)
                || (infl.is_empty() && one_letter_locative(t, head, cues)))
        {
            Marker::Place
        } else {
            Marker::Bare
        };
    } else {
        // Prepositions: glued to the name's first word, or the word before (titles skipped).
        let ws = tk.word_start(ms);
        let glued = slice(t, ws, ms);
        let mut prev_word = "";
        let words = tk.words_before(ws, 4);
        for (k, &(s, e)) in words.iter().enumerate() {
            let w = slice(t, s, e);
            // Determiners stand between a preposition and its name ("by the army").
            if cues.has(Cue::Det, w) {
                continue;
            }
            // "against the government of X": the preposition before the title is X's.
            if cues.has(Cue::OfPre, w)
                && words
                    .get(k + 1)
                    .is_some_and(|&(a, b)| cues.title_index(slice(t, a, b)).is_some())
            {
                continue;
            }
            if let Some(ti) = cues.title_index(w) {
                let title = cues.title(ti).unwrap_or("");
                titles.push(ti);
                // A preposition glued to the title ("بالرئيس").
                let rest = if w.ends_with(title) {
                    w.get(..w.len() - title.len()).unwrap_or("")
                } else {
                    ""
                };
                if !rest.is_empty() && is_proclitic(rest) {
                    prev_word = rest;
                    break;
                }
                continue;
            }
            prev_word = w;
            break;
        }
        let clitic = if !glued.is_empty() && is_proclitic(glued) {
            glued
        } else {
            ""
        };
        let (pm, cm) = (cues.mask(prev_word), cues.mask(clitic));
        let is_pre = |k: Cue| pm.is(k) || cm.is(k);
        marker = if is_pre(Cue::BetweenPre) {
            Marker::Between
        } else if is_pre(Cue::WithClitic) {
            if place_kind && is_pre(Cue::PlaceClitic) {
                Marker::Place
            } else {
                Marker::With
            }
        } else if is_pre(Cue::WithPre) {
            Marker::With
        } else if is_pre(Cue::AgainstPre) {
            Marker::Against
        } else if is_pre(Cue::AgentPre) {
            Marker::Agent
        } else if place_kind && is_pre(Cue::DestPre) && !is_pre(Cue::PlacePre) {
            Marker::Dest
        } else if place_kind && is_pre(Cue::PlacePre) {
            Marker::Place
        } else if is_pre(Cue::DestPre) || is_pre(Cue::TargetPre) {
            Marker::Target
        } else {
            let infl = inflection(t, (ws_last, we), me, base, cues);
            if has_suffix(cues, Cue::GenitiveSuffix, infl) {
                Marker::Genitive
            } else {
                Marker::Bare
            }
        };
        for (s, e) in tk.words_after(we, 2) {
            match cues.title_index(slice(t, s, e)) {
                Some(ti) => titles.push(ti),
                None => break,
            }
        }
    }
    Ment {
        ent,
        kind,
        start: ms,
        end: we,
        group_start: ms,
        marker,
        titles,
        topic: false,
    }
}

/// Marks the mentions that are a country's adjective on a common noun naming a topic
/// ("الساحة الليبية", "الأزمة السورية", "ливийское урегулирование"): the noun (after the
/// name in Arabic, before it in Russian... the word on the other side of the adjective) is
/// neither a trigger (`is_trigger` at its start) nor an actor noun (`agent_noun`, a title:
/// "الحكومة الليبية", "القوات الأمريكية" stay actors). Only adjectives: the surface ends in
/// one of the language's `adj_suffix` endings (singular adjectives: plural people nouns,
/// "التونسيين", stay).
pub fn mark_topics(
    tk: &Tokens,
    lex: &LangLexicon,
    ms: &mut [Ment],
    is_trigger: impl Fn(usize, usize) -> bool,
) {
    let t = tk.text();
    let cues = &lex.cues;
    let noun_first = lex.lang == "ar";
    let adjectives = cues.get(Cue::AdjSuffix);
    if adjectives.is_empty() {
        return;
    }
    for k in 0..ms.len() {
        let Some(m) = ms.get(k) else { break };
        if m.kind != EntityType::Gpe || m.marker != Marker::Bare {
            continue;
        }
        let surface = slice(t, m.start, m.end);
        // (A capital letter starts a name, not an adjective: "Россия", "ливийское".)
        if surface.chars().next().is_some_and(char::is_uppercase)
            || !adjectives.iter().any(|a| surface.ends_with(a.as_str()))
        {
            continue;
        }
        let ws = tk.word_start(m.start);
        let noun = if noun_first {
            tk.words_before(ws, 1).first().copied()
        } else {
            tk.words_after(m.end, 1).first().copied()
        };
        let Some((s, e)) = noun else { continue };
        let gap = if noun_first {
            slice(t, e, ws)
        } else {
            slice(t, m.end, s)
        };
        if !gap.chars().all(char::is_whitespace) {
            continue;
        }
        // Another name there: the adjective qualifies it (folded elsewhere).
        let near = [k.checked_sub(1), k.checked_add(1)];
        if near
            .iter()
            .flatten()
            .filter_map(|&j| ms.get(j))
            .any(|o| o.start < e && s < o.end)
        {
            continue;
        }
        let w = slice(t, s, e);
        // The word must be a noun the adjective agrees with: not a cue word (an actor noun,
        // a preposition) or a trigger, and in Arabic definite when the adjective is
        // ("الساحة الليبية"; not the verb of "دعت السعودية").
        if cues.mask(w).0 != 0 || is_trigger(s, e) {
            continue;
        }
        if noun_first {
            let definite = |x: &str| x.starts_with("ال");
            let noun_definite = definite(w) || strip_proclitics(lex, w).any(definite);
            let adjective = slice(t, ws, m.end);
            let adjective_definite =
                definite(adjective) || strip_proclitics(lex, adjective).any(definite);
            if adjective_definite != noun_definite {
                continue;
            }
        }
        let actor_noun = |x: &str| cues.has(Cue::AgentNoun, x) || cues.title_index(x).is_some();
        if cues.title_index(w).is_some() || strip_proclitics(lex, w).any(actor_noun) {
            continue;
        }
        if let Some(m) = ms.get_mut(k) {
            m.topic = true;
        }
    }
}

/// The word without each proclitic prefix it may carry ("بالدور" → "الدور", "دور").
pub fn strip_proclitics<'a>(
    lex: &'a LangLexicon,
    w: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    w.char_indices().skip(1).take(3).filter_map(move |(i, _)| {
        let (p, rest) = (w.get(..i)?, w.get(i..)?);
        lex.is_proclitic(p).then_some(rest)
    })
}

/// Whether the text between two mentions is only a few words with at least one title
/// ("President", "প্রধানমন্ত্রী") or nothing at all, with no punctuation or coordination.
fn modifier_gap(t: &str, cues: &Cues, a_end: usize, b_start: usize, need_title: bool) -> bool {
    let gap = slice(t, a_end, b_start);
    if gap
        .chars()
        .any(|c| !is_word_char(c) && !c.is_whitespace() && !"-()\"“”«»".contains(c))
    {
        return false;
    }
    let (mut words, mut titled, mut all_titles) = (0usize, false, true);
    for w in gap.split_whitespace() {
        words += 1;
        let m = cues.mask(w);
        if words > 3 || m.is(Cue::Coord) {
            return false;
        }
        let title = cues.title_index(w).is_some();
        titled |= title;
        all_titles &= title;
    }
    if need_title {
        titled
    } else {
        all_titles || (titled && words <= 3)
    }
}

/// Fold modifiers into the mention they qualify: a country or organization right before a
/// person or organization ("Egyptian President X", "মার্কিন প্রেসিডেন্ট X", "الرئيس المصري X",
/// "লিবিয়ার ন্যাশনাল আর্মির কমান্ডার X"). The most specific actor stays. Returns the kept
/// mentions in text order.
pub fn fold_modifiers(tk: &Tokens, lang: &str, cues: &Cues, mut ms: Vec<Ment>) -> Vec<Ment> {
    let t = tk.text();
    ms.sort_by_key(|m| m.start);
    // An alias right after a name ("Libyan National Army (LNA)") is the same mention; an
    // Arabic nisba adjective right after a name ("المخابرات المصرية") qualifies it.
    // In place: `kept` mentions stay at the front, the last of them possibly extended.
    let mut kept = 0usize;
    for r in 0..ms.len() {
        if let (Some(prev), Some(m)) = (kept.checked_sub(1).and_then(|p| ms.get(p)), ms.get(r)) {
            let gap = slice(t, prev.end, m.start);
            let no_words = !gap.chars().any(is_word_char);
            let word_gap = slice(t, prev.end, tk.word_start(m.start).max(prev.end));
            let nisba = lang == "ar"
                && word_gap
                    .trim_matches(|c: char| c.is_whitespace() || "\"“”«»".contains(c))
                    .is_empty()
                && m.kind == EntityType::Gpe
                && m.marker == Marker::Bare
                && prev.kind != EntityType::Gpe
                && cues
                    .get(Cue::NisbaSuffix)
                    .iter()
                    .any(|s| slice(t, m.start, m.end).ends_with(s.as_str()));
            if (prev.ent == m.ent && no_words) || nisba {
                let end = prev.end.max(m.end);
                if let Some(prev) = kept.checked_sub(1).and_then(|p| ms.get_mut(p)) {
                    prev.end = end;
                }
                continue;
            }
        }
        ms.swap(kept, r);
        kept += 1;
    }
    ms.truncate(kept);
    let mut keep = vec![true; ms.len()];
    for i in 0..ms.len().saturating_sub(1) {
        let (a, b) = (&ms[i], &ms[i + 1]);
        // A Bengali modifier carries no case of its own; elsewhere its preposition ("with
        // Libyan Prime Minister X") passes to the name it qualifies.
        // Nor is a place after "in" ("في مسقط محمد عبد السلام"): it says where, not whose.
        if a.kind == EntityType::Per
            || (lang == "bn" && !matches!(a.marker, Marker::Bare | Marker::Genitive))
            || a.marker == Marker::Place
        {
            continue;
        }
        if !(b.kind == EntityType::Per || (a.kind == EntityType::Gpe && b.kind == EntityType::Org))
        {
            continue;
        }
        if a.ent == b.ent {
            continue;
        }
        // Bengali puts subject and object side by side: without a title or a genitive in
        // between, two names are two actors.
        let need_title = lang == "bn" && a.marker != Marker::Genitive;
        if modifier_gap(t, cues, a.end, b.start, need_title) {
            keep[i] = false;
            let gs = ms[i].group_start;
            // The modifier is dropped: its titles move to the name.
            let titles = std::mem::take(&mut ms[i].titles);
            let am = ms[i].marker;
            if let Some(b) = ms.get_mut(i + 1) {
                b.group_start = b.group_start.min(gs);
                b.titles.extend(titles);
                if b.marker == Marker::Bare && !matches!(am, Marker::Bare | Marker::Genitive) {
                    b.marker = am;
                }
            }
        }
    }
    let mut k = 0;
    ms.retain(|_| {
        let keep_it = keep.get(k).copied().unwrap_or(true);
        k += 1;
        keep_it
    });
    share_markers(tk, lang, cues, &mut ms);
    ms
}

/// Coordinated names share one preposition or case ending: the one before the first
/// governs the next ("in Lahore and Peshawar", "في ليبيا وتونس"); Bengali puts the ending on
/// the last ("সৌদি আরব ও তুরস্কের সঙ্গে"). Only "and" joins (a comma may open a clause), and a
/// place marker passes only to a place. Not Arabic: its و opens clauses as often as it joins
/// names ("في البحر الأحمر والولايات المتحدة تتوعد").
fn share_markers(tk: &Tokens, lang: &str, cues: &Cues, ms: &mut [Ment]) {
    if lang == "ar" {
        return;
    }
    let t = tk.text();
    let shared = |m: Marker| {
        matches!(
            m,
            Marker::Place
                | Marker::Dest
                | Marker::With
                | Marker::Against
                | Marker::Target
                | Marker::Agent
        )
    };
    let pass = |from: &Ment, to: &Ment, a: &Ment, b: &Ment| {
        to.marker == Marker::Bare
            && shared(from.marker)
            && (!matches!(from.marker, Marker::Place | Marker::Dest)
                || matches!(to.kind, EntityType::Gpe | EntityType::Loc))
            && !slice(t, a.end, b.group_start).contains([',', '،'])
            && joined(tk, cues, a, b)
    };
    if lang == "bn" {
        for i in (0..ms.len().saturating_sub(1)).rev() {
            let m = match (ms.get(i), ms.get(i + 1)) {
                (Some(a), Some(b)) if pass(b, a, a, b) => b.marker,
                _ => continue,
            };
            if let Some(a) = ms.get_mut(i) {
                a.marker = m;
            }
        }
    } else {
        for i in 1..ms.len() {
            let m = match (ms.get(i - 1), ms.get(i)) {
                (Some(a), Some(b)) if pass(a, b, a, b) => a.marker,
                _ => continue,
            };
            if let Some(b) = ms.get_mut(i) {
                b.marker = m;
            }
        }
    }
}

/// Mentions coordinated with `ms[i]` ("Egypt and the UAE", "মিশর ও আমিরাত", "مصر والإمارات"):
/// neighbours joined by a coordinating word or a comma, with the same marker.
pub fn coordinated(tk: &Tokens, cues: &Cues, ms: &[Ment], i: usize) -> Vec<usize> {
    let joined = |a: &Ment, b: &Ment| joined(tk, cues, a, b);
    let Some(me) = ms.get(i) else {
        return Vec::new();
    };
    let mut out = vec![i];
    let mut j = i;
    while let (Some(a), Some(b)) = (ms.get(j), ms.get(j + 1)) {
        if b.marker != me.marker || !joined(a, b) {
            break;
        }
        j += 1;
        out.push(j);
    }
    let mut j = i;
    while j > 0 {
        let (Some(a), Some(b)) = (ms.get(j - 1), ms.get(j)) else {
            break;
        };
        if a.marker != me.marker || !joined(a, b) {
            break;
        }
        j -= 1;
        out.push(j);
    }
    out.sort_unstable();
    out
}

/// Whether `b` is joined to the mention `a` before it by a coordinating word or a comma
/// alone ("Egypt and the UAE", "مصر والإمارات"; determiners after the word allowed).
pub fn joined(tk: &Tokens, cues: &Cues, a: &Ment, b: &Ment) -> bool {
    let t = tk.text();
    let gap = slice(t, a.end, b.group_start).trim();
    let gap = gap.trim_matches(|c: char| c == ',' || c == '،' || c.is_whitespace());
    let glued_and = {
        // Arabic و glued to the next name: the gap is empty and the word starts with و.
        let ws = tk.word_start(b.start);
        cues.has(Cue::Coord, slice(t, ws, b.start))
    };
    if gap.is_empty() {
        return slice(t, a.end, b.group_start).contains([',', '،']) || glued_and;
    }
    if cues.has(Cue::Coord, gap) {
        return true;
    }
    // "and the", "and its": one coordinating word, then determiners only.
    let mut words = gap.split_whitespace();
    words.next().is_some_and(|w| cues.has(Cue::Coord, w)) && words.all(|w| cues.has(Cue::Det, w))
}
