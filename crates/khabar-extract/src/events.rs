//! CAMEO event coding: who did what to whom, where and when.
//!
//! [`EventCoder`] finds trigger words and phrases (per-language lexicons in
//! `data/events/triggers.<lang>.tsv`, expanded by a morphology layer and matched with one
//! Aho-Corasick automaton over the normalized text), reads the roles of the sentence's entity
//! mentions from each language's grammar ([`roles`]), and writes [`Event`]s with code, label,
//! QuadClass, Goldstein, source, target, place, date (from the date reader's
//! `date_for_span`, never invented here), sentence and trigger spans, modality and
//! confidence. A happening told twice (headline and body) becomes one event with further
//! mentions in `also`; a headline naming an office ("Egypt's spy chief") joins the body's
//! named person of the same country. [`gdelt_row`] renders an event as a GDELT 2.0
//! event-table line.
//!
//! English subjects (`en_subject`): the named actor right before the verb, else the first
//! of its stretch (after the last "said"/"that"/"who", a dateline or a bracket); else what
//! the words before the verb say — "he"/"she" go to the speaker of "X said he" or to the one
//! person last named (none when two were), "it"/"they" to the speaker or the previous
//! event's source, a definite description ("the ministry", "the army", "the agency") to the
//! nearest earlier actor of a fitting kind, and an unnamed noun ("police", "the suspects")
//! or a passive without its agent leaves the event unsourced, so it is not coded. A verbal
//! noun ("the attack", "Russia's strikes") takes only the name qualifying it or its agent.
//! The object is the first actor after the verb, whatever its preposition, so a nationality
//! word on the object noun names the target ("condemned the Israeli strikes on Gaza"); a
//! comma opening another clause (", and its leader warned", ", Gaza health officials
//! said") ends the object's stretch. A second verb after "and" keeps its clause's subject
//! ("demanded his release and accused the Kremlin"); "X, whose ..., rejected" is X's; a
//! pronoun in a quote whose speaker is named after it is the speaker. A city that acts
//! stands for its country when the document names it ("Moscow said"), and so does a city
//! acted upon outside force ("accused Warsaw"; "struck Kyiv" stays Kyiv). An owner country
//! in the genitive right before another country's body ("ভারতের সেনাবাহিনী" linked to
//! Bangladesh Army) is the actor. Bengali "তিনি" is the one person named last (when that
//! sentence named only one); an Arabic name joined by و right before the next verb
//! ("تقصف الفاشر والجيش السوداني يتهمها") is that verb's subject, not one more object.
//!
//! Modality: events told as negated or hypothetical did not happen and are left out of
//! `doc.events` (the record has no modality field and every listed event counts as having
//! happened); [`EventCoder::candidates`] still returns them, marked. Events told in the
//! future are kept, recoded as CAMEO does for promises and threats ("will visit" is 036
//! "express intent to meet", "will attack" 138 "threaten with military force"), with
//! `Modality::Future` and a lower confidence. English cues: denial and refusal words negate
//! ("denied attacking"), plan and threat words make a future ("was planning attacks" is a
//! threat), words of trying, fearing and wanting (`embed`) and what an appeal, demand,
//! rejection or threat asks for ("urged X to agree", "demanded the release") are not
//! happenings; a comma or "and" ends the look-back. "Would" after a verb of saying (cue
//! kind `report`) is the future of what was said ("said Moscow would retaliate": a
//! threat), in its own clause only; elsewhere it is a hypothesis. What an accusation says
//! the accused did ("accused India of backing the militants behind the attack") is not the
//! accuser's act. A force verb whose subject is a force noun ("an Israeli airstrike killed
//! 12", "Israeli strike kills 12") is one act, told by the noun; a verb form after "of"
//! ("a string of arrests") is a noun. Triggers flagged `joint` ("exchange prisoners") make
//! one of several sources the other's target.
//!
//! Cost: per document the text is read twice — once by the trigger automaton (bytewise),
//! once into a table of word runs ([`tokens::Tokens`]) that answers every "word before/after
//! this position" question by binary search. Each mention is analysed once per document;
//! the mentions a sentence's triggers see are folded once and reused while the set is the
//! same; cue words are tested with one hash lookup per word for all kinds; no per-word
//! `String` is made. Output is the same as the straightforward walk (tests compare the
//! word table against it).
//!
//! What is not coded as done, in every language: a question ("Will X attack Y?", "هل ...؟");
//! a verbal noun after a demonstrative ("this attack", "هذه الاتهامات", "এই হামলার") or a
//! topic word ("... নিয়ে আলোচনা", "على الهجوم", "об ударах"); an act named as the object of
//! an appeal, offer, demand, denial, rejection or threat (hypothetical) or of a criticism or
//! accusation by the same actor (dropped) — Bengali names it before its verb, Arabic may
//! coordinate a second one with و; an English participle of force after a comma (",
//! killing 15": the outcome of the clause's act). Actors that are not: a country's
//! adjective on a topic noun ("الأزمة الليبية", "ливийское урегулирование";
//! [`roles::mark_topics`]), a place opening a headline with a colon ("Tunisia: ..."), names
//! after a semicolon or an English clause word ("if", "that"), an Arabic or Russian subject
//! that is a common noun nobody named ("وبحث الوزيران", "Стороны обсудили"). An Arabic verb
//! form with the article ("الهجوم") is a verbal noun; an Arabic or Russian verbal noun's
//! genitive name after it is its agent when someone it is done to follows ("удары Израиля по
//! Ливану"); a Bengali genitive opening the clause before an actor noun ("পাকিস্তানের
//! পররাষ্ট্র মন্ত্রণালয়") owns the subject.
//!
//! What it deliberately does not do: parse clauses (subjects and objects come from word
//! order, prepositions, case endings and cue words in `data/events/cues.<lang>.tsv`),
//! resolve pronouns outside English beyond carrying the previous event's source, make up
//! an actor for an unnamed one ("police in Izmir" is not "Turkey"), code events in
//! languages without a lexicon, or invent dates.

pub mod gdelt;
pub mod lexicon;
pub mod roles;
pub mod tokens;

pub use gdelt::{gdelt_row, GDELT_HEADER};

use khabar_core::{
    ActorRef, Document, Entity, EntityType, Event, Modality, PartialDate, Span, Stage,
};
use khabar_text::normalize::Normalized;
use lexicon::{Cue, Hit, LangLexicon, Lexicons, TriggerInfo, TriggerType};
use roles::{Marker, Ment};
use std::collections::HashMap;
use tokens::Tokens;

/// Errors in the bundled event data.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("event data: {0}")]
    Data(String),
}

/// The event-coding stage.
pub struct EventCoder {
    lex: Lexicons,
}

/// Per-document working state.
struct Ctx<'a> {
    doc: &'a Document,
    norm: &'a Normalized,
    lex: &'a LangLexicon,
    /// The word runs of the normalized text.
    tk: Tokens<'a>,
    /// Analysed mentions, document order.
    ments: Vec<Ment>,
    /// Per entity, the CAMEO role read from title words next to its mentions.
    ent_role: Vec<Option<&'a str>>,
}

/// What coding one document carries from trigger to trigger.
struct DocState {
    disc: Discourse,
    scratch: Scratch,
    /// Events so far, each marked by where its source came from.
    out: Vec<(Event, Borrow)>,
}

/// Where an event's source came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Borrow {
    /// Its own sentence named it for this trigger.
    Own,
    /// Carried from an earlier sentence.
    Carried,
    /// A verbal noun before its sentence's verb ("ফোনালাপে ... সাবধান করেছেন X"): it takes
    /// the actor of another trigger of that sentence, or is dropped.
    Provisional,
}

/// Buffers reused from trigger to trigger of a document.
#[derive(Default)]
struct Scratch {
    /// The mentions (indices into `Ctx::ments`) the current trigger sees.
    idx: Vec<usize>,
    /// The mentions `folded` was made from, and whether it is set.
    folded_for: Vec<usize>,
    folded_valid: bool,
    /// Those mentions with modifiers folded in ([`roles::fold_modifiers`]).
    folded: Vec<Ment>,
    /// The mentions before and after the current trigger.
    sides: Sides,
    /// The last trigger's sentence and its bounds in the normalized text.
    sentence: Option<(Span, usize, usize)>,
}

/// The mentions (indices into a sentence's folded mentions) before and after a trigger.
#[derive(Default)]
struct Sides {
    before: Vec<usize>,
    after: Vec<usize>,
}

/// Source of the previous event, for sentences that name no actor ("তিনি", "he").
struct Discourse {
    last_source: Option<usize>,
    /// The sentence, sources and targets of the last trigger that named its actors.
    last_in_sentence: Option<(Span, Vec<usize>, Vec<usize>)>,
    /// The modality of that trigger.
    last_modality: Modality,
    /// The CAMEO root of that trigger's code (two ASCII digits).
    last_root: [u8; 2],
    /// Whether that trigger is a denial (016).
    last_denial: bool,
    /// The sentence of the last trigger whose subject is someone unnamed.
    unnamed_in: Option<Span>,
    /// The sentence and end of the last act named as the object of an appeal, a denial, a
    /// criticism ... (not coded as done).
    object_end: Option<(Span, usize)>,
}

impl EventCoder {
    /// Load and validate the CAMEO table, trigger lexicons, morphology and cues.
    pub fn new() -> Result<Self, EventsError> {
        let lex = Lexicons::load()?;
        tracing::debug!(
            codes = lex.cameo.len(),
            langs = lex.langs.len(),
            "event lexicons loaded"
        );
        Ok(Self { lex })
    }

    /// The loaded lexicons (for inspection and tests).
    pub fn lexicons(&self) -> &Lexicons {
        &self.lex
    }

    /// Languages with a trigger lexicon.
    pub fn languages(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.lex.langs.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// Every event read from the document, whatever its modality, before merging.
    pub fn candidates(&self, doc: &Document) -> Vec<Event> {
        let Some(lang) = doc.lang.as_deref() else {
            return Vec::new();
        };
        let Some(lex) = self.lex.langs.get(lang) else {
            tracing::debug!(lang, "no event lexicon for language");
            return Vec::new();
        };
        let norm = khabar_text::normalize::of_document(doc);
        let mut cx = Ctx::new(doc, &norm, lex);
        let mut st = DocState {
            disc: Discourse {
                last_source: None,
                last_in_sentence: None,
                last_modality: Modality::Asserted,
                last_root: [0; 2],
                last_denial: false,
                unnamed_in: None,
                object_end: None,
            },
            scratch: Scratch::default(),
            out: Vec::new(),
        };
        let hits = lex.find(&norm.text);
        st.out.reserve(hits.len());
        // A country's adjective on a topic noun ("الأزمة الليبية") takes no role.
        {
            let Ctx { tk, ments, .. } = &mut cx;
            roles::mark_topics(tk, lex, ments, |s, e| {
                let k = hits.partition_point(|h| h.end <= s);
                hits.get(k).is_some_and(|h| h.word_start < e)
            });
        }
        let cx = cx;
        for (k, hit) in hits.iter().enumerate() {
            let Some(info) = lex.info(hit) else { continue };
            // An Arabic verb form with the article glued ("الهجوم", "بالدعم") is its verbal
            // noun: a verb never takes the article.
            let nominal: TriggerInfo;
            let nominal_en: TriggerInfo;
            let info = if lex.lang == "ar"
                && info.kind == TriggerType::Verb
                && norm
                    .text
                    .get(hit.word_start..hit.start)
                    .is_some_and(|g| g.ends_with("ال") || g.ends_with("لل"))
            {
                nominal = TriggerInfo {
                    kind: TriggerType::Noun,
                    ..info.clone()
                };
                &nominal
            } else {
                info
            };
            // An English verb form right after "of" ("a string of arrests of Americans") is
            // its noun.
            let info = if lex.lang == "en"
                && info.kind == TriggerType::Verb
                && cx
                    .tk
                    .words_before(hit.word_start, 1)
                    .first()
                    .is_some_and(|&(s, e)| {
                        lex.cues.has(Cue::NounPre, cx.tk.slice(s, e))
                            && norm
                                .text
                                .get(e..hit.word_start)
                                .is_some_and(|g| g.chars().all(char::is_whitespace))
                    }) {
                nominal_en = TriggerInfo {
                    kind: TriggerType::Noun,
                    ..info.clone()
                };
                &nominal_en
            } else {
                info
            };
            // A trigger word inside a name ("Rapid Support Forces") is part of the name.
            if cx.inside_mention(hit) {
                continue;
            }
            // An English verb of force whose subject is a verbal noun of force ("An Israeli
            // airstrike killed 12", "the shelling wounded five") tells the noun's act again.
            let prev = k.checked_sub(1).and_then(|j| hits.get(j));
            if lex.lang == "en" && force_after_force_noun(&cx, prev, hit, info) {
                continue;
            }
            // The clause of a trigger, for its object: from the previous trigger to the next.
            let lo = k
                .checked_sub(1)
                .and_then(|j| hits.get(j))
                .map(|h| h.end)
                .unwrap_or(0);
            // A verbal noun right after a verb is its object ("condemned the strikes on X",
            // "أدانت الغارات"): the clause runs on to the trigger after it.
            let next_noun = hits.get(k + 1).is_some_and(|h| {
                info.kind != TriggerType::Noun
                    && lex.info(h).is_some_and(|i| i.kind == TriggerType::Noun)
                    && cx.tk.words_in(hit.end, h.word_start).take(5).count() <= 4
                    && text_between(&norm.text, hit.end, h.word_start)
                        .is_some_and(|g| !g.contains([',', '،', ';', '؛']))
            });
            let hi = hits
                .get(k + if next_noun { 2 } else { 1 })
                .map(|h| h.word_start)
                .unwrap_or(usize::MAX);
            // Bengali puts what is asked, promised, refused or criticized before the verb
            // that does it ("সহায়তা দেওয়ার প্রতিশ্রুতি", "হামলার নিন্দা"): the code of a
            // trigger right after this one, at most two words on with no punctuation.
            let governor = if lex.lang == "bn" {
                // (The noun bare or genitive, "হামলার নিন্দা", not locative, "ফোনালাপে"; no
                // name between.)
                hits.get(k + 1)
                    .filter(|h| {
                        let end = cx.tk.word_end(hit.end);
                        let ending = text_between(&norm.text, hit.end, end).unwrap_or("");
                        (ending.is_empty() || lex.cues.has(Cue::GenitiveSuffix, ending))
                            && text_between(&norm.text, end, h.word_start)
                                .is_some_and(|g| !g.contains([',', '،', ';', '।', '|', ':']))
                            && cx.tk.words_in(end, h.word_start).take(3).count() <= 2
                            && cx
                                .ments
                                .get(cx.ments.partition_point(|m| m.start < end))
                                .is_none_or(|m| m.end > h.word_start)
                    })
                    .and_then(|h| lex.info(h))
                    .map(|i| i.code.as_str())
            } else {
                None
            };
            self.code_hit(&cx, hit, info, (lo, hi), governor, &mut st);
        }
        // A trigger whose sentence names no actor for it (a verbal noun before the verb,
        // "ফোনালাপে ... সাবধান করেছেন X") takes the actor of another trigger of that sentence
        // before falling back on the previous sentence's.
        let mut out = st.out;
        // The first own-actor event of each sentence, by index.
        let mut own: crate::fast::HashMap<Span, usize> = crate::fast::HashMap::default();
        for (k, (e, borrowed)) in out.iter().enumerate() {
            if *borrowed == Borrow::Own {
                own.entry(e.sentence).or_insert(k);
            }
        }
        for k in 0..out.len() {
            let Some((e, Borrow::Carried | Borrow::Provisional)) = out.get(k) else {
                continue;
            };
            let Some(src) = own
                .get(&e.sentence)
                .and_then(|&j| out.get(j))
                .map(|(o, _)| &o.source)
            else {
                continue;
            };
            if e.target.as_ref().map(|t| t.id != src.id).unwrap_or(true) {
                let src = src.clone();
                if let Some((e, b)) = out.get_mut(k) {
                    e.source = src;
                    *b = Borrow::Own;
                }
            }
        }
        out.into_iter()
            .filter(|(_, b)| *b != Borrow::Provisional)
            .map(|(e, _)| e)
            .collect()
    }

    /// The events of a document as the stage stores them: asserted and future ones,
    /// merged across mentions.
    pub fn code(&self, doc: &Document) -> Vec<Event> {
        let kept = self
            .candidates(doc)
            .into_iter()
            .filter(|e| matches!(e.modality, Modality::Asserted | Modality::Future))
            .collect();
        let mut events = merge(kept);
        merge_headline(doc, &mut events);
        events
    }

    fn code_hit(
        &self,
        cx: &Ctx,
        hit: &Hit,
        info: &TriggerInfo,
        clause: (usize, usize),
        governor: Option<&str>,
        st: &mut DocState,
    ) {
        let DocState { disc, scratch, out } = st;
        let t = cx.norm.text.as_str();
        let trig = cx
            .norm
            .to_original_trimmed(&cx.doc.text, Span::new(hit.start, hit.end));
        let sentence = cx
            .doc
            .sentence_at(trig.start)
            .unwrap_or_else(|| line_around(&cx.doc.text, trig));
        // The sentence's bounds in the normalized text, kept for the triggers after.
        let (ns, ne) = match scratch.sentence {
            Some((s, ns, ne)) if s == sentence => (ns, ne),
            _ => {
                let b = (
                    cx.norm.to_normalized(sentence.start),
                    cx.norm.to_normalized(sentence.end),
                );
                scratch.sentence = Some((sentence, b.0, b.1));
                b
            }
        };
        // Mentions are sorted by start: only those from the sentence's start on.
        let from = cx.ments.partition_point(|m| m.start < ns);
        scratch.idx.clear();
        scratch.idx.extend(
            cx.ments
                .get(from..)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .take_while(|(_, m)| m.start < ne)
                .filter(|(_, m)| {
                    !m.topic
                        && m.start >= ns
                        && m.end <= ne
                        && (m.end <= hit.word_start || m.start >= hit.end)
                })
                .map(|(i, _)| from + i),
        );
        // The triggers of one sentence mostly see the same mentions: fold them once.
        if !scratch.folded_valid || scratch.idx != scratch.folded_for {
            let ms: Vec<Ment> = scratch
                .idx
                .iter()
                .filter_map(|&i| cx.ments.get(i))
                .cloned()
                .collect();
            scratch.folded = roles::fold_modifiers(&cx.tk, &cx.lex.lang, &cx.lex.cues, ms);
            std::mem::swap(&mut scratch.folded_for, &mut scratch.idx);
            scratch.folded_valid = true;
        }
        let ms = scratch.folded.as_slice();
        // A verbal noun after a demonstrative ("this attack", "هذه الاتهامات", "এই হামলার")
        // points back at a happening already told; one that names a topic ("... নিয়ে
        // আলোচনা", "تعليق على الهجوم", "об ударах") is talked about, not told.
        if info.kind == TriggerType::Noun && topic_or_anaphor(cx, hit) {
            return;
        }
        let mut modality = self.modality(cx, hit, info, ns);
        // A question ("Will X attack Y?", "هل ...؟") tells nothing that happened.
        if matches!(modality, Modality::Asserted | Modality::Future)
            && is_question(&cx.doc.text, sentence)
        {
            modality = Modality::Hypothetical;
        }
        let picked = pick_roles(t, cx, hit, info, clause, ns, ms, &mut scratch.sides);
        let Some(picked) = picked else { return };
        let mut confidence: f32 = match info.kind {
            TriggerType::Compound | TriggerType::Phrase => 0.8,
            TriggerType::Verb => 0.75,
            TriggerType::Noun => 0.55,
        };
        let mut picked = picked;
        // Arabic chains verbs with و/ف ("زار ... والتقى"), and verbal nouns complete a verb
        // ("دعا ... لضبط النفس"): both keep the subject of the clause's previous trigger.
        if cx.lex.lang == "ar" {
            // A verbal noun or phrase completing a verb whose subject is someone unnamed
            // ("وكان المبعوث الأممي قد دعا ... إلى الحوار") is that unnamed one's too.
            let named_here = disc
                .last_in_sentence
                .as_ref()
                .is_some_and(|l| l.0 == sentence);
            if disc.unnamed_in == Some(sentence)
                && !named_here
                && !picked.qualifier
                && matches!(info.kind, TriggerType::Noun | TriggerType::Phrase)
            {
                return;
            }
            if let Some((sent, srcs, tgts)) = &disc.last_in_sentence {
                let glued = t.get(hit.word_start..hit.start).unwrap_or("");
                let chained = glued.starts_with(['و', 'ف'])
                    || matches!(info.kind, TriggerType::Noun | TriggerType::Phrase);
                if *sent == sentence
                    && chained
                    && !srcs.is_empty()
                    && !picked.qualifier
                    && !picked.own_subject
                {
                    picked.sources = srcs.clone();
                    if picked.targets.is_empty() {
                        picked.targets = tgts.clone();
                    }
                }
            }
        }
        // English infinitives ("X would meet Y to discuss Z") take the subject and the
        // modality of the verb they complete, not the object before them.
        if cx.lex.lang == "en" {
            if let Some((sent, srcs, tgts)) = &disc.last_in_sentence {
                let before = t.get(..hit.word_start).unwrap_or("").trim_end();
                let infinitive = before
                    .rsplit(|c: char| !lexicon::is_word_char(c))
                    .next()
                    .is_some_and(|w| w == "to");
                if *sent == sentence && infinitive && !srcs.is_empty() {
                    picked.sources = srcs.clone();
                    picked.targets.retain(|x| !srcs.contains(x));
                    // "met X to discuss Y": the same act with the same party (Y is a topic).
                    if info.code.as_bytes().get(..2) == Some(&disc.last_root[..]) {
                        picked.targets = tgts.clone();
                    }
                    // What was asked, promised, demanded, refused or threatened ("urged X to
                    // agree", "vowed to attack") is told by that verb's own code; what a
                    // meeting was for ("met X to discuss") shares the meeting's modality.
                    modality = if matches!(&disc.last_root, b"02" | b"03" | b"10" | b"12" | b"13") {
                        Modality::Hypothetical
                    } else {
                        disc.last_modality
                    };
                }
            }
        }
        // An act named as the object of an appeal, an offer or promise, a demand, a
        // rejection, a denial or a threat ("demanded the immediate release of", "rejected
        // the deal", "للمطالبة بالإفراج", "предложила провести переговоры") is what was
        // asked, offered or refused, not what was done. Bengali names it before the verb.
        let asks = |r: &[u8]| matches!(r, b"02" | b"03" | b"10" | b"12" | b"13");
        // (An Arabic verb with و/ف glued opens a clause of its own: "وشنت".)
        // (Unless it follows right after an act named as such an object: "بقصف الأحياء
        // وقتل مدنيين" are both what was accused.)
        let after_object = disc.object_end.is_some_and(|(sent, end)| {
            sent == sentence
                && end <= hit.word_start
                && t.get(end..hit.word_start)
                    .is_some_and(|g| !g.contains(['،', ',', '.', '؛', ':']))
                && cx.tk.words_in(end, hit.word_start).take(4).count() <= 3
        });
        let new_clause = cx.lex.lang == "ar"
            && info.kind != TriggerType::Noun
            && !after_object
            && t.get(hit.word_start..hit.start)
                .is_some_and(|g| g.starts_with(['و', 'ف']));
        let verb_first = cx.lex.lang != "bn" && !new_clause;
        if verb_first
            && (asks(&disc.last_root) || disc.last_denial)
            && disc
                .last_in_sentence
                .as_ref()
                .is_some_and(|l| l.0 == sentence)
            && object_of_previous(cx, clause.0, hit.word_start)
        {
            modality = Modality::Hypothetical;
            disc.object_end = Some((sentence, hit.end));
        }
        // A verbal noun in the object of a verb told as planned, hoped or denied ("offered
        // to host new peace talks") shares that verb's modality.
        if verb_first
            && info.kind == TriggerType::Noun
            && modality == Modality::Asserted
            && disc.last_modality != Modality::Asserted
            && disc
                .last_in_sentence
                .as_ref()
                .is_some_and(|l| l.0 == sentence)
            && object_of_previous(cx, clause.0, hit.word_start)
        {
            modality = disc.last_modality;
        }
        if let Some(g) = governor {
            if g.get(..2).is_some_and(|r| asks(r.as_bytes())) || g.starts_with("016") {
                modality = Modality::Hypothetical;
            } else if g.starts_with("11") && !picked.qualifier {
                return;
            }
        }
        // Nor is an act named as the object of a criticism or an accusation done by the
        // critic ("condemned the seizure", "انتقد ... اعتقال"), nor what an English
        // accusation says the accused did ("accuses India of backing militants behind the
        // attack").
        if verb_first
            && &disc.last_root == b"11"
            && disc
                .last_in_sentence
                .as_ref()
                .is_some_and(|l| l.0 == sentence && picked.sources.iter().all(|s| l.1.contains(s)))
            && (object_of_previous(cx, clause.0, hit.word_start)
                || (cx.lex.lang == "en" && accused_of(cx, clause.0, hit.word_start)))
        {
            disc.object_end = Some((sentence, hit.end));
            return;
        }
        // A killing or an attack told by a participle after a comma (", killing 15") is the
        // outcome of the clause's act, told already, or what a speaker said of another
        // ("accused Kyiv of shelling ..., killing two"): not a new act.
        if cx.lex.lang == "en"
            && matches!(info.code.get(..2), Some("18" | "19" | "20"))
            && disc
                .last_in_sentence
                .as_ref()
                .is_some_and(|l| l.0 == sentence)
            && t.get(..cx.tk.word_end(hit.start))
                .is_some_and(|w| w.ends_with("ing"))
            && cx
                .tk
                .words_before(hit.word_start, 1)
                .first()
                .and_then(|&(_, e)| t.get(e..hit.word_start))
                .is_some_and(|g| g.contains(','))
        {
            return;
        }
        if picked.sources.is_empty() {
            match picked.subject {
                Subj::Unnamed => {
                    disc.unnamed_in = Some(sentence);
                    return;
                }
                Subj::Resolved(e) => {
                    picked.sources.push(e);
                    picked.targets.retain(|&x| x != e);
                    confidence *= 0.8;
                }
                Subj::Clause => match &disc.last_in_sentence {
                    Some((sent, srcs, _)) if *sent == sentence && !srcs.is_empty() => {
                        picked.sources.extend_from_slice(srcs);
                        picked.targets.retain(|x| !srcs.contains(x));
                    }
                    _ => return,
                },
                Subj::Named | Subj::Carry => {}
            }
        }
        // Two or more actors doing a joint act with nobody else ("X and Y signed a deal",
        // "X and Y met"): one side acts towards the other. Not for acts each does on its
        // own ("X and Y welcomed the result", "X and Y hosted talks").
        let joint = info.joint
            || matches!(info.code.get(..3), Some("040" | "041" | "046"))
            || matches!(info.code.get(..2), Some("06"))
            || matches!(info.code.get(..3), Some("054" | "055" | "056" | "057"));
        if picked.targets.is_empty() && picked.sources.len() >= 2 && joint {
            picked.targets = picked.sources.split_off(1);
        }
        if !picked.sources.is_empty() {
            // Kept in place: the lists are reused from trigger to trigger.
            match &mut disc.last_in_sentence {
                Some((s, srcs, tgts)) => {
                    *s = sentence;
                    srcs.clear();
                    srcs.extend_from_slice(&picked.sources);
                    tgts.clear();
                    tgts.extend_from_slice(&picked.targets);
                }
                None => {
                    disc.last_in_sentence =
                        Some((sentence, picked.sources.clone(), picked.targets.clone()))
                }
            }
            disc.last_modality = modality;
            disc.last_denial = info.code.starts_with("016");
            let root = info.code.as_bytes();
            disc.last_root = [
                root.first().copied().unwrap_or(0),
                root.get(1).copied().unwrap_or(0),
            ];
        }
        let mut borrowed = if picked.sources.is_empty() {
            Borrow::Carried
        } else {
            Borrow::Own
        };
        let carried: [usize; 1];
        let sources: &[usize] = if picked.sources.is_empty() {
            // Only a finite verb carries its subject over from the previous sentence.
            let same_sentence = disc
                .last_in_sentence
                .as_ref()
                .map(|l| l.0 == sentence)
                .unwrap_or(false);
            if info.kind == TriggerType::Noun && !same_sentence {
                // Kept only if a later trigger of the sentence names an actor.
                // (Its source until then: any entity that is not its target.)
                let stand_in = disc
                    .last_source
                    .into_iter()
                    .chain(0..cx.doc.entities.len())
                    .find(|i| !picked.targets.contains(i));
                match stand_in {
                    Some(s) if cx.lex.lang != "en" && !picked.targets.is_empty() => {
                        borrowed = Borrow::Provisional;
                        carried = [s];
                        &carried
                    }
                    _ => return,
                }
            } else {
                // A Bengali "তিনি" ("he", "she") opening the clause is the one person last
                // named, when that sentence named only one ("X বলেছেন, ... । তিনি ...").
                let person = if cx.lex.lang == "bn" {
                    cx.tk
                        .words_in(ns, hit.word_start)
                        .take(4)
                        .find(|&(s, e)| cx.lex.cues.has(Cue::PronPerson, cx.tk.slice(s, e)))
                        .and_then(|(s, _)| last_person(cx, s))
                        .filter(|p| !picked.targets.contains(p))
                } else {
                    None
                };
                match person.or(disc.last_source) {
                    Some(s) => {
                        confidence *= 0.6;
                        carried = [s];
                        &carried
                    }
                    None => return,
                }
            }
        } else {
            &picked.sources
        };
        if let Some(&s) = sources.first() {
            if !picked.sources.is_empty() {
                disc.last_source = Some(s);
            }
        }
        if picked.targets.is_empty() {
            // A verbal noun with nobody it is done to is too weak to code ("the attack").
            if info.kind == TriggerType::Noun {
                return;
            }
            confidence *= 0.85;
        }
        let mut code = info.code.as_str();
        if modality == Modality::Future {
            if let Some(c) = code.get(..2).and_then(|r| self.lex.future.get(r)) {
                code = c.as_str();
            }
            confidence *= 0.7;
        } else if modality != Modality::Asserted {
            confidence *= 0.4;
        }
        let Some(row) = self.lex.cameo.get(code) else {
            return;
        };
        let date = khabar_text::dates::date_for_span(cx.doc, trig)
            .map(|d| complete_year(d, cx.doc.published));
        let place = picked
            .place
            .and_then(|p| cx.doc.entities.get(p))
            .map(|e| ActorRef {
                id: e.id.clone(),
                name: e.name.clone(),
                code: e.country.clone(),
            });
        // A city that is acted upon outside force ("accused Warsaw", "يطالب واشنطن")
        // stands for its country, as one that acts does.
        if !matches!(code.get(..2), Some("14" | "15" | "17" | "18" | "19" | "20")) {
            for x in picked.targets.iter_mut() {
                *x = cx.acting_country(*x);
            }
        }
        // No target stands as one event without a target.
        let targets = picked.targets.len().max(1);
        for &s in sources {
            let s = cx.acting_country(s);
            for k in 0..targets {
                let tg = picked.targets.get(k).copied();
                let tg = tg.filter(|&x| {
                    cx.doc.entities.get(x).map(|e| &e.id) != cx.doc.entities.get(s).map(|e| &e.id)
                });
                let Some(src) = cx.doc.entities.get(s) else {
                    continue;
                };
                out.push((
                    Event {
                        code: row.code.clone(),
                        label: row.label.clone(),
                        quad_class: row.quad_class,
                        goldstein: row.goldstein,
                        source: actor(cx, s, src),
                        target: tg.and_then(|x| cx.doc.entities.get(x).map(|e| actor(cx, x, e))),
                        place: place.clone(),
                        date,
                        sentence,
                        trigger: trig,
                        also: Vec::new(),
                        modality,
                        confidence: confidence.clamp(0.0, 1.0),
                    },
                    borrowed,
                ));
            }
        }
    }

    /// Negated, future or hypothetical, from the form itself, the words around the trigger
    /// and conditional words earlier in the sentence.
    fn modality(&self, cx: &Ctx, hit: &Hit, info: &TriggerInfo, sent_start: usize) -> Modality {
        let t = cx.norm.text.as_str();
        let cues = &cx.lex.cues;
        if info.modality != Modality::Asserted {
            return info.modality;
        }
        let glued = t.get(hit.word_start..hit.start).unwrap_or("");
        if !glued.is_empty() && cues.has(Cue::FutClitic, glued) {
            return Modality::Future;
        }
        // The verb after a verbal noun: a future or negated light verb a few words on.
        let after = cx.tk.words_after(cx.tk.word_end(hit.end), 3);
        let from = cx.tk.word_end(hit.end);
        for (i, (s, e)) in after.iter().enumerate() {
            if t.get(from..*s)
                .map(|g| g.contains([',', '،']))
                .unwrap_or(true)
            {
                break;
            }
            let w = t.get(*s..*e).unwrap_or("");
            if let Some(m) = cx.lex.marked_forms.get(w) {
                let next_neg = after
                    .get(i + 1)
                    .map(|(a, b)| cues.has(Cue::NegPost, t.get(*a..*b).unwrap_or("")))
                    .unwrap_or(false);
                return if next_neg { Modality::Negated } else { *m };
            }
            if i <= 1 && cues.has(Cue::NegPost, w) {
                return Modality::Negated;
            }
        }
        let en = cx.lex.lang == "en";
        let before = cx.tk.words_before(hit.word_start, if en { 4 } else { 3 });
        // English: a comma ends the stretch; "to" makes a future only right before the verb
        // (auxiliaries and adverbs aside), and a verb of trying, fearing or wanting before
        // the trigger (or before its "to") makes it not happen.
        let (mut infinitive, mut content, mut prev_start) = (false, 0usize, hit.word_start);
        for (i, (s, e)) in before.iter().enumerate() {
            if *s < sent_start {
                break;
            }
            if en
                && t.get(*e..prev_start)
                    .is_none_or(|g| g.contains([',', '(', ')', '"', '“', '”', '—', '–']))
            {
                break;
            }
            prev_start = *s;
            let w = t.get(*s..*e).unwrap_or("");
            let m = cues.mask(w);
            // "X denied the claim and called for ...": the first verb's words stay there.
            if en && m.is(Cue::Coord) {
                break;
            }
            if en && m.is(Cue::Embed) && content <= 1 {
                return Modality::Hypothetical;
            }
            if m.is(Cue::NegPre) && (i == 0 || en) {
                return Modality::Negated;
            }
            if m.is(Cue::FutPre) {
                if !en || w != "to" {
                    // "had no plans to meet", "is not planning to": a plan denied.
                    let denied = before.get(i + 1).is_some_and(|&(a, b)| {
                        a >= sent_start && cues.has(Cue::NegPre, t.get(a..b).unwrap_or(""))
                    });
                    return if denied {
                        Modality::Negated
                    } else {
                        Modality::Future
                    };
                }
                infinitive |= content == 0;
            }
            if !m.is(Cue::AuxSkip) {
                content += 1;
            }
        }
        if infinitive {
            return Modality::Future;
        }
        if t.get(sent_start..hit.word_start).is_none() {
            return Modality::Asserted;
        }
        // English "would" after a verb of saying ("said Moscow would respond", "warned it
        // would retaliate") is the future of what was said, and only in its own clause: a
        // verb after "and" or a comma is not under it.
        let mut said = false;
        let mut future = false;
        for (s, e) in cx.tk.words_in(sent_start, hit.word_start) {
            let m = cues.mask(cx.tk.slice(s, e));
            if en && m.is(Cue::Report) {
                said = true;
            }
            if !m.is(Cue::Hyp) {
                continue;
            }
            if en && m.is(Cue::FutReported) {
                let own_clause = t
                    .get(e..hit.word_start)
                    .is_some_and(|g| !g.contains([',', ';']))
                    && !cx
                        .tk
                        .words_in(e, hit.word_start)
                        .any(|(a, b)| cues.has(Cue::Coord, cx.tk.slice(a, b)));
                if !own_clause {
                    continue;
                }
                if said {
                    future = true;
                    continue;
                }
            }
            return Modality::Hypothetical;
        }
        if future {
            return Modality::Future;
        }
        Modality::Asserted
    }
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, norm: &'a Normalized, lex: &'a LangLexicon) -> Self {
        let t = norm.text.as_str();
        let tk = Tokens::new(t);
        // Every mention bound in normalized offsets, converted in one sorted pass.
        let mention_count: usize = doc.entities.iter().map(|e| e.mentions.len()).sum();
        let mut origs: Vec<usize> = Vec::with_capacity(2 * mention_count);
        origs.extend(
            doc.entities
                .iter()
                .flat_map(|e| e.mentions.iter().flat_map(|m| [m.start, m.end])),
        );
        origs.sort_unstable();
        origs.dedup();
        let conv = norm.to_normalized_sorted(&origs);
        let nz = |o: usize| -> usize {
            origs
                .binary_search(&o)
                .ok()
                .and_then(|i| conv.get(i).copied())
                .unwrap_or_else(|| norm.to_normalized(o))
        };
        let mut ments = Vec::with_capacity(mention_count);
        // Per entity: the last word of each mention (normalized span, borrowed from the
        // text), and the bases already worked out, by first letters.
        let mut forms: Vec<(usize, usize, &str)> = Vec::new();
        let mut bases: Vec<(&str, &str)> = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            forms.clear();
            bases.clear();
            for m in &e.mentions {
                let (s, en) = (nz(m.start), nz(m.end));
                let ws = tk.word_start(en.saturating_sub(1).max(s));
                forms.push((s, en, t.get(ws..en).unwrap_or("")));
            }
            for &(s, en, w) in &forms {
                if en <= s {
                    continue;
                }
                // The stem: the common beginning of this name's forms that start like this
                // one (মিশর, মিশরের, মিশরে → মিশর; রুশ is another word for রাশিয়া). One
                // base per first letters: a name mentioned a thousand times is not
                // compared with itself a million times.
                let head = w
                    .char_indices()
                    .nth(2)
                    .and_then(|(k, _)| w.get(..k))
                    .unwrap_or(w);
                let base = match bases.iter().find(|(h, _)| *h == head) {
                    Some(&(_, b)) => b,
                    None => {
                        let b = common_prefix(
                            forms
                                .iter()
                                .map(|f| f.2)
                                .filter(|x| !x.is_empty() && x.starts_with(head)),
                        );
                        bases.push((head, b));
                        b
                    }
                };
                ments.push(roles::analyse(&tk, lex, i, e.kind, (s, en), base));
            }
        }
        ments.sort_by_key(|m| m.start);
        // The role of each entity: from the first title word with one, in text order.
        let mut ent_role: Vec<Option<&'a str>> = vec![None; doc.entities.len()];
        for m in &ments {
            if let Some(slot) = ent_role.get_mut(m.ent).filter(|r| r.is_none()) {
                *slot = m
                    .titles
                    .iter()
                    .find_map(|&w| lex.cues.title(w).and_then(|w| lex.cues.role_of(w)));
            }
        }
        Self {
            doc,
            norm,
            lex,
            tk,
            ments,
            ent_role,
        }
    }
}

impl Ctx<'_> {
    /// The actor a city stands for when it acts ("Moscow invited", "Islamabad accused"):
    /// its country, when the document names that country; else the city itself.
    fn acting_country(&self, ent: usize) -> usize {
        let ents = &self.doc.entities;
        let Some(city) = ents
            .get(ent)
            .filter(|e| e.kind == EntityType::Gpe && e.id.starts_with("geo:"))
        else {
            return ent;
        };
        let Some(c) = city.country.as_deref() else {
            return ent;
        };
        ents.iter()
            .position(|e| {
                e.kind == EntityType::Gpe
                    && !e.mentions.is_empty()
                    && !e.id.starts_with("geo:")
                    && e.country.as_deref() == Some(c)
                    && e.cameo.as_deref() == Some(c)
            })
            .unwrap_or(ent)
    }

    /// Whether the trigger lies within one entity mention.
    fn inside_mention(&self, hit: &Hit) -> bool {
        let upto = self.ments.partition_point(|m| m.start <= hit.word_start);
        self.ments
            .get(..upto)
            .unwrap_or_default()
            .iter()
            .rev()
            .take(4)
            .any(|m| m.start <= hit.word_start && hit.end <= m.end)
    }
}

/// The longest common beginning of `forms` (on character boundaries); "" when it is shorter
/// than two characters.
fn common_prefix<'t>(mut forms: impl Iterator<Item = &'t str>) -> &'t str {
    let Some(first) = forms.next() else {
        return "";
    };
    let mut end = first.len();
    for f in forms {
        let common = first
            .char_indices()
            .zip(f.chars())
            .find(|((_, a), b)| a != b)
            .map(|((i, _), _)| i)
            .unwrap_or(first.len().min(f.len()));
        end = end.min(common);
    }
    let p = first.get(..end).unwrap_or("");
    if p.chars().nth(1).is_some() {
        p
    } else {
        ""
    }
}

/// Roles picked for one trigger (entity indices).
struct Picked {
    sources: Vec<usize>,
    targets: Vec<usize>,
    place: Option<usize>,
    /// What stands as the subject when no named actor was picked.
    subject: Subj,
    /// The source qualifies the verbal noun itself ("الغارات الإسرائيلية"): no other
    /// trigger's subject replaces it.
    qualifier: bool,
    /// The verb names its own subject right after it (Arabic "وقصفت روسيا"): a verb chained
    /// with و does not take the previous verb's.
    own_subject: bool,
}

/// The subject of a verb when no named actor of its sentence was picked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subj {
    /// A named actor of the sentence is the source.
    Named,
    /// An entity named earlier, found for a pronoun or a definite description ("he", "the
    /// ministry"): entity index.
    Resolved(usize),
    /// Nothing says who ("it", "they", a verb that opens its sentence): the previous
    /// event's source may stand in.
    Carry,
    /// A participle after a comma (", demanding ..."): the subject of the sentence's
    /// previous verb, or none.
    Clause,
    /// Someone unnamed ("police", "the suspects", a passive without its agent) or a
    /// pronoun that could be more than one person: no source, so no event.
    Unnamed,
}

/// `sent_start`: where the trigger's sentence starts in the normalized text.
#[allow(clippy::too_many_arguments)]
fn pick_roles(
    t: &str,
    cx: &Ctx,
    hit: &Hit,
    info: &TriggerInfo,
    clause: (usize, usize),
    sent_start: usize,
    ms: &[Ment],
    sides: &mut Sides,
) -> Option<Picked> {
    let cues = &cx.lex.cues;
    let lang = cx.lex.lang.as_str();
    sides.before.clear();
    // A dateline ("CAIRO (Reuters) - ", "القاهرة - ") names where the story was filed,
    // not an actor.
    // (The dash is tested first: it is rare, the word lookup is not free.)
    let dateline = |m: &Ment| {
        t.get(m.end..).is_some_and(|rest| {
            let rest = rest.trim_start();
            let rest = match rest.strip_prefix('(') {
                Some(r) => r.split_once(')').map(|x| x.1).unwrap_or(r).trim_start(),
                None => rest,
            };
            rest.starts_with(['-', '–', '—'])
        }) && cx.tk.words_before(m.start, 1).is_empty()
    };
    // A place opening its sentence with a colon ("Tunisia: opposition boycotts vote",
    // "تونس: المعارضة تقاطع") names what the story is about; a person there is the speaker.
    let label = |m: &Ment| {
        is_geo(m.kind)
            && t.get(m.end..)
                .is_some_and(|r| r.trim_start().starts_with(':'))
            && cx
                .tk
                .words_before(m.start, 1)
                .first()
                .is_none_or(|w| w.0 < sent_start)
    };
    sides.before.extend(
        (0..ms.len())
            .filter(|&i| ms[i].end <= hit.word_start && !dateline(&ms[i]) && !label(&ms[i])),
    );
    sides.after.clear();
    sides
        .after
        .extend((0..ms.len()).filter(|&i| ms[i].start >= hit.end));
    // A semicolon ends the clause: names after it are another clause's.
    if let Some(cut) = sides
        .after
        .last()
        .and_then(|&l| t.get(hit.end..ms[l].start))
        .and_then(|g| g.find([';', '؛']))
        .map(|p| hit.end + p)
    {
        sides.after.retain(|&i| ms[i].start < cut);
    }
    // English: a comma opening another clause (", and its leader warned", ", who", ",
    // officials said") ends the object's stretch too.
    if lang == "en" {
        if let Some(cut) = sides
            .after
            .last()
            .and_then(|&l| en_clause_end(cx, ms, hit.end, ms[l].start))
        {
            sides.after.retain(|&i| ms[i].start < cut);
        }
    }
    let (before, after) = (sides.before.as_slice(), sides.after.as_slice());
    let is_place =
        |i: usize| matches!(ms[i].marker, Marker::Place | Marker::Dest) && is_geo(ms[i].kind);
    let actorish = |i: &usize| !is_place(*i);
    // "Against" names the opponent, never the beneficiary of a cooperative act.
    let cooperative = info.code.get(..2).map(|r| r <= "08").unwrap_or(false);
    // A country after "to"/إلى receives what is sent or said ("sent aid to Sudan"); a
    // trip's destination is handled below.
    let marked = |i: &usize| match ms[*i].marker {
        Marker::Target | Marker::With => actorish(i),
        Marker::Dest => !info.motion,
        Marker::Against => !cooperative && actorish(i),
        _ => false,
    };
    let bare = |i: &usize| ms[*i].marker == Marker::Bare;
    let nearest_before = |f: &dyn Fn(&usize) -> bool| before.iter().rev().copied().find(|i| f(i));
    let first_after = |f: &dyn Fn(&usize) -> bool| after.iter().copied().find(|i| f(i));
    let in_clause = |i: &usize| ms[*i].group_start >= clause.0 && ms[*i].start < clause.1;

    // "was sending" is progressive, not passive.
    let gerund = lang == "en"
        && t.get(..cx.tk.word_end(hit.start))
            .is_some_and(|h| h.ends_with("ing"));
    // A participle with its agent after it ("a deal brokered by X") is passive too.
    let by_after = lang == "en"
        && t.get(..cx.tk.word_end(hit.end))
            .is_some_and(|h| h.ends_with("ed"))
        && cx
            .tk
            .words_after(cx.tk.word_end(hit.end), 1)
            .first()
            .is_some_and(|&(s, e)| cues.has(Cue::AgentPre, cx.tk.slice(s, e)));
    let passive = info.passive
        || by_after
        || (lang == "en"
            && !gerund
            && cx
                .tk
                .words_before(hit.word_start, 2)
                .iter()
                .any(|(s, e)| cues.has(Cue::PassiveAux, t.get(*s..*e).unwrap_or(""))));

    let mut source: Option<usize>;
    let mut target: Option<usize>;
    let mut subject = Subj::Carry;
    let mut qualifier = false;
    let mut own_subject = false;
    if passive {
        source = before
            .iter()
            .chain(after.iter())
            .copied()
            .find(|&i| ms[i].marker == Marker::Agent);
        target = nearest_before(&bare).or_else(|| first_after(&bare));
        // "20 people were detained": whoever did it is not said.
        if lang == "en" && source.is_none() {
            subject = Subj::Unnamed;
        }
    } else {
        match lang {
            "en" => {
                // The object: the first actor after the verb in its clause, whatever its
                // preposition ("condemned the Israeli strikes on Gaza": Israel).
                // A country after "to" receives what is sent or said ("sent aid to Sudan");
                // a trip's destination is handled below.
                let object = |i: &usize| {
                    in_clause(i)
                        && match ms[*i].marker {
                            Marker::Bare | Marker::Genitive | Marker::Target | Marker::With => {
                                actorish(i)
                            }
                            Marker::Dest => !info.motion,
                            Marker::Against => !cooperative && actorish(i),
                            Marker::Agent | Marker::Place | Marker::Between => false,
                        }
                };
                // A verb form used as a noun ("the attack", "the bombing", "Russia's
                // attack") is read as one.
                let prev = cx.tk.words_before(hit.word_start, 1).first().copied();
                let nominal = info.kind == TriggerType::Noun
                    || prev.is_some_and(|(s, e)| {
                        cues.has(Cue::Det, t.get(s..e).unwrap_or(""))
                            || before
                                .iter()
                                .any(|&i| ms[i].end == e && ms[i].marker == Marker::Genitive)
                    });
                if nominal {
                    // A verbal noun's actor: the name right before it ("Israeli strikes",
                    // "Russia's attack") or its agent ("attacks by X"); without one it is
                    // not coded (the subject of the sentence only speaks of it: "X
                    // condemned the attack").
                    subject = Subj::Unnamed;
                    source = nearest_before(&|i: &usize| {
                        matches!(ms[*i].marker, Marker::Bare | Marker::Genitive)
                            && noun_modifier(cx, t, ms[*i].end, hit.word_start)
                    })
                    .or_else(|| {
                        first_after(&|i: &usize| ms[*i].marker == Marker::Agent && in_clause(i))
                    });
                } else {
                    let (s, subj) = en_subject(cx, hit, ms, before);
                    source = s;
                    subject = subj;
                }
                let group = source
                    .map(|s| roles::coordinated(&cx.tk, cues, ms, s))
                    .unwrap_or_default();
                // A clause word after the verb ("if", "that", "who") ends its object: "threatened
                // to use force if the leaders do not restore X" does not threaten X.
                let clause_end = after.last().and_then(|&l| {
                    cx.tk
                        .words_in(cx.tk.word_end(hit.end), ms[l].start)
                        .take(16)
                        .find(|&(s, e)| cues.has(Cue::SubjectStop, cx.tk.slice(s, e)))
                        .map(|w| w.0)
                });
                target = first_after(&|i: &usize| {
                    object(i) && !group.contains(i) && clause_end.is_none_or(|c| ms[*i].start < c)
                });
            }
            "bn" => {
                // The subject opens its comma-delimited stretch; a person or organization
                // before a country ("রুশ মন্ত্রণালয় ... মন্ত্রী X").
                // (A comma before the clause start cannot move it: search the clause only.)
                let seg = match t.get(clause.0..hit.word_start) {
                    Some(h) => h
                        .rfind([',', '،'])
                        .map(|p| clause.0 + p + 1)
                        .unwrap_or(clause.0),
                    None if clause.0 >= hit.word_start => clause.0,
                    None => t
                        .get(..hit.word_start)
                        .and_then(|h| h.rfind([',', '،']))
                        .map(|p| p + 1)
                        .unwrap_or(0)
                        .max(clause.0),
                };
                let in_seg = |i: &usize| bare(i) && ms[*i].group_start >= seg;
                let first_bare_before = before
                    .iter()
                    .copied()
                    .find(|i| in_seg(i) && !is_geo(ms[*i].kind))
                    .or_else(|| before.iter().copied().find(|i| in_seg(i)));
                // Verb-final, but headlines and reports often put the subject right after
                // the verb ("... জানালেন পুতিন"): a bare name within three words after it.
                // It is then the last thing in the sentence.
                let near_after = cx
                    .tk
                    .words_after(hit.end, 3)
                    .last()
                    .map(|w| w.1)
                    .unwrap_or(hit.end);
                // (Its coordinated group ends the sentence: "নিন্দা জানাল সৌদি আরব ও তুরস্ক".)
                let last_in_sentence = |i: &usize| {
                    let last = roles::coordinated(&cx.tk, cues, ms, *i)
                        .last()
                        .copied()
                        .unwrap_or(*i);
                    cx.tk.words_after(ms[last].end, 1).is_empty()
                };
                let finite = info.kind != TriggerType::Noun;
                source = first_after(&|i: &usize| {
                    finite && bare(i) && ms[*i].group_start <= near_after && last_in_sentence(i)
                })
                .or_else(|| first_bare_before.or_else(|| nearest_before(&bare)))
                .or_else(|| first_after(&|i: &usize| finite && bare(i)));
                // A verbal noun's possessor right before it is its actor ("X-এর হামলা").
                if info.kind == TriggerType::Noun {
                    let gen = nearest_before(&|i: &usize| ms[*i].marker == Marker::Genitive)
                        .filter(|&i| {
                            cx.tk
                                .words_before(hit.word_start, 1)
                                .first()
                                .map(|w| w.0 <= ms[i].start)
                                == Some(true)
                                || cx.tk.words_before(hit.word_start, 1).first().map(|w| w.1)
                                    == Some(ms[i].end)
                        });
                    if gen.is_some() {
                        source = gen;
                        qualifier = true;
                    }
                }
                target = nearest_before(&|i: &usize| marked(i) && in_clause(i))
                    .or_else(|| first_after(&|i: &usize| marked(i) && in_clause(i)));
                // SOV with two bare names before the verb: subject first, object next.
                if target.is_none() {
                    let group = source
                        .map(|s| roles::coordinated(&cx.tk, cues, ms, s))
                        .unwrap_or_default();
                    target = nearest_before(&|i: &usize| {
                        bare(i)
                            && in_clause(i)
                            && !group.contains(i)
                            && source.map(|s| ms[s].start < ms[*i].start).unwrap_or(false)
                    });
                }
                let gen =
                    nearest_before(&|i: &usize| ms[*i].marker == Marker::Genitive && in_clause(i));
                // A genitive opening the clause before an actor noun or a title owns the
                // subject ("পাকিস্তানের পররাষ্ট্র মন্ত্রণালয় ... সমালোচনা করেছে"): it acts.
                if source.is_none() {
                    let owner = before.iter().copied().find(|&i| {
                        ms[i].marker == Marker::Genitive
                            && ms[i].group_start >= seg
                            && cx
                                .tk
                                .words_before(ms[i].group_start, 1)
                                .first()
                                .is_none_or(|w| w.0 < seg.max(sent_start))
                            && cx
                                .tk
                                .words_after(ms[i].end, 1)
                                .first()
                                .is_some_and(|&(s, e)| {
                                    let w = cx.tk.slice(s, e);
                                    cues.has(Cue::AgentNoun, w) || cues.title_index(w).is_some()
                                })
                    });
                    if let Some(o) = owner {
                        source = Some(o);
                        if target == Some(o) {
                            target = None;
                        }
                    }
                }
                if source.is_none() && target.is_some() {
                    source = gen;
                } else if target.is_none() {
                    target = gen;
                }
            }
            "ar" => {
                // Verb-subject-object when the verb opens the clause (after و/ف, قد, كان);
                // subject-verb-object (headlines) when a bare name comes before it.
                // (Particles such as قد, لم, أن skipped; punctuation opens a clause too.)
                // (Conditional, negation and future words count as particles here.)
                let w1 = cx
                    .tk
                    .words_before(hit.word_start, 4)
                    .iter()
                    .copied()
                    .take_while(|&(s, _)| s >= sent_start)
                    .find(|&(s, e)| {
                        let m = cues.mask(cx.tk.slice(s, e));
                        ![Cue::Particle, Cue::Hyp, Cue::NegPre, Cue::FutPre]
                            .iter()
                            .any(|&k| m.is(k))
                    });
                let clause_initial =
                    w1.is_none_or(|(s, e)| cues.has(Cue::ClauseOpener, cx.tk.slice(s, e)));
                // A comma or a colon between ("من جانبها، دعت السعودية"): the verb may open
                // its clause all the same.
                let punct_gap = w1.is_some_and(|(_, e)| {
                    t.get(e..hit.word_start)
                        .is_none_or(|g| g.contains(['،', ',', ':', '.', '؛', '-', '–', '—']))
                });
                let named_before = nearest_before(&bare).is_some();
                // What the words next to the verb say of its subject: a name, an unnamed
                // noun ("وبحث الوزيران", "المعارضة تقاطع"), or nothing either way.
                let said = if info.kind == TriggerType::Noun {
                    None
                } else if clause_initial
                    || (punct_gap
                        && (!named_before
                            || t.get(hit.word_start..hit.start)
                                .is_some_and(|g| g.starts_with(['و', 'ف']))))
                {
                    ar_subject_after(cx, hit, ms)
                } else if !named_before {
                    // The word right before the verb is a noun no name covers: the subject
                    // is someone unnamed ("المعارضة تقاطع").
                    w1.and_then(|(s, e)| {
                        match ms
                            .iter()
                            .position(|m| cx.tk.word_start(m.group_start) <= s && e <= m.end)
                        {
                            Some(_) => None,
                            None => Some(None),
                        }
                    })
                } else {
                    None
                };
                source = match said {
                    Some(named) => {
                        if named.is_none() {
                            subject = Subj::Unnamed;
                        }
                        own_subject = named.is_some();
                        named
                    }
                    None if clause_initial => first_after(&bare).or_else(|| nearest_before(&bare)),
                    None => nearest_before(&bare).or_else(|| first_after(&bare)),
                };
                let group = source
                    .map(|s| roles::coordinated(&cx.tk, cues, ms, s))
                    .unwrap_or_default();
                // A name joined by و right before the next trigger opens that trigger's
                // clause as its subject ("الدعم السريع تقصف الفاشر والجيش السوداني يتهمها",
                // "غارة على لبنان ونواف سلام يطالب"): not a second object.
                let next_subject = |i: &usize| ar_next_subject(cx, ms, *i, clause.1);
                // The first actor after the verb, marked or not: a country's adjective on
                // the object noun names the one acted upon ("أدانت الغارات الإسرائيلية على
                // غزة": Israel).
                target = first_after(&|i: &usize| {
                    in_clause(i)
                        && (marked(i) || (bare(i) && !group.contains(i)))
                        && !next_subject(i)
                })
                .or_else(|| nearest_before(&|i: &usize| marked(i) && in_clause(i)));
                // A verbal noun qualified by a country's adjective ("الغارات الإسرائيلية على
                // غزة"): that country acts, the next actor is acted upon.
                if info.kind == TriggerType::Noun {
                    let next = cx
                        .tk
                        .words_after(cx.tk.word_end(hit.end), 1)
                        .first()
                        .map(|w| w.0);
                    let nisba = first_after(&|i: &usize| {
                        bare(i)
                            && is_geo(ms[*i].kind)
                            && Some(cx.tk.word_start(ms[*i].start)) == next
                            && cues.get(Cue::NisbaSuffix).iter().any(|x| {
                                t.get(ms[*i].start..ms[*i].end)
                                    .is_some_and(|m| m.ends_with(x.as_str()))
                            })
                    });
                    if let Some(n) = nisba {
                        source = Some(n);
                        qualifier = true;
                        target = first_after(&|i: &usize| {
                            *i != n && (marked(i) || bare(i)) && in_clause(i) && !next_subject(i)
                        });
                    }
                }
            }
            _ => {
                source = nearest_before(&bare)
                    .or_else(|| nearest_before(&|i: &usize| ms[*i].marker == Marker::Genitive))
                    .or_else(|| first_after(&bare));
                // A common noun opening the sentence right before the verb is a subject
                // nobody named ("Стороны обсудили ситуацию в секторе Газа").
                let opening = cx.tk.words_before(hit.word_start, 2);
                let unnamed_opening = before.is_empty()
                    && info.kind != TriggerType::Noun
                    && opening.first().is_some_and(|&(s, e)| {
                        s >= sent_start
                            && cues.mask(cx.tk.slice(s, e)).0
                                & !(Cue::AgentNoun.bit() | Cue::Title.bit())
                                == 0
                            && t.get(e..hit.word_start)
                                .is_some_and(|g| g.chars().all(char::is_whitespace))
                    })
                    && opening.get(1).is_none_or(|w| w.0 < sent_start);
                if unnamed_opening {
                    source = None;
                    subject = Subj::Unnamed;
                }
                let group = source
                    .map(|s| roles::coordinated(&cx.tk, cues, ms, s))
                    .unwrap_or_default();
                // The object: the first actor after the verb in its clause, whatever its
                // preposition or case ("осудил удары Израиля по Ливану": Israel).
                target = first_after(&|i: &usize| {
                    in_clause(i) && (marked(i) || (bare(i) && !group.contains(i)))
                })
                .or_else(|| nearest_before(&|i: &usize| marked(i) && in_clause(i)));
                // A verbal noun's agent is the name right after it, in the genitive ("удары
                // Израиля по Ливану"), when someone it is done to follows or it is no act of
                // force; else that name is what it is done to ("убийство Навального").
                if info.kind == TriggerType::Noun {
                    let next = cx
                        .tk
                        .words_after(cx.tk.word_end(hit.end), 1)
                        .first()
                        .map(|w| w.0);
                    if let Some(n) = first_after(&|i: &usize| {
                        bare(i) && Some(cx.tk.word_start(ms[*i].group_start)) == next
                    }) {
                        let further = first_after(&|i: &usize| {
                            *i != n && (marked(i) || bare(i)) && in_clause(i)
                        });
                        if further.is_some() || info.code.as_str() < "14" {
                            source = Some(n);
                            qualifier = true;
                            target = further;
                        } else {
                            target = Some(n);
                        }
                    }
                }
            }
        }
    }
    // "talks between X and Y": X is one side, Y the other; a verb's own subject keeps its
    // place and acts towards both.
    let mut second_target = None;
    if lang != "bn" && !passive {
        // A verb with no object in its clause looks past a noun in between ("brokered a
        // truce between X and Y").
        let reach = if target.is_none() && info.kind != TriggerType::Noun {
            usize::MAX
        } else {
            clause.1
        };
        let pair = first_after(&|i: &usize| {
            ms[*i].marker == Marker::Between
                && ms[*i].group_start >= clause.0
                && ms[*i].start < reach
        })
        .and_then(|b| {
            let p = ms
                .get(b + 1)
                .filter(|m| roles::joined(&cx.tk, cues, &ms[b], m))?;
            (p.start < reach).then_some((b, b + 1))
        });
        // A verb with no subject takes the pair as its sides only right after it
        // ("fighting between X and Y"), not a pair further on ("discussed efforts to end the
        // war between X and Y").
        let pair = pair.filter(|&(b, _)| {
            info.kind == TriggerType::Noun
                || source.is_some()
                || cx
                    .tk
                    .words_in(cx.tk.word_end(hit.end), ms[b].start)
                    .take(3)
                    .count()
                    <= 2
        });
        if let Some((b, p)) = pair {
            if info.kind == TriggerType::Noun || source.is_none() {
                source = Some(b);
                target = Some(p);
            } else {
                target = Some(b);
                second_target = Some(p);
            }
        }
    }
    // Place: a locative place name, nearest to the trigger.
    let mut place = before
        .iter()
        .rev()
        .chain(after.iter())
        .copied()
        .filter(|&i| is_place(i))
        .min_by_key(|&i| dist(&ms[i], hit));
    if info.motion {
        // A trip needs a destination: the place it goes to is target and place.
        let dest = if lang == "bn" {
            // Right before the verb ("X-এ এসেছেন"), at most one word between.
            let window = cx
                .tk
                .words_before(hit.word_start, 2)
                .last()
                .map(|w| w.0)
                .unwrap_or(hit.word_start);
            // Or a bare place name right before a trip noun ("ভারত সফরে যাবেন").
            nearest_before(&|i: &usize| is_place(*i) && ms[*i].start >= window).or_else(|| {
                nearest_before(&|i: &usize| {
                    bare(i)
                        && is_geo(ms[*i].kind)
                        && t.get(ms[*i].end..hit.word_start)
                            .is_some_and(|g| g.chars().all(char::is_whitespace))
                })
            })
        } else if info.kind == TriggerType::Phrase {
            // The preposition is part of the trigger ("arrived in", "прибыл в").
            first_after(&|i: &usize| {
                is_geo(ms[*i].kind) && !matches!(ms[*i].marker, Marker::With | Marker::Agent)
            })
        } else {
            first_after(&|i: &usize| is_place(*i))
        };
        let dest = dest?;
        target = Some(dest);
        place = Some(dest);
    }
    let code = info.code.as_str();
    // A visit goes to its place; an attack without a named victim hits the place.
    // Repression and assault at home ("Kenyan police fired tear gas in Nairobi") are
    // not done to the city.
    let country = |i: usize| {
        cx.doc
            .entities
            .get(ms[i].ent)
            .and_then(|e| e.country.as_deref())
    };
    let domestic = |p: usize| {
        matches!(code.get(..2), Some("17" | "18"))
            && source.is_some_and(|s| country(s).is_some() && country(s) == country(p))
    };
    // A Bengali visit names its destination right before the trip noun ("ভারত সফরে যাবেন").
    if lang == "bn" && target.is_none() && code.starts_with("042") {
        target = nearest_before(&|i: &usize| {
            bare(i)
                && is_geo(ms[*i].kind)
                && t.get(ms[*i].end..hit.word_start)
                    .is_some_and(|g| g.chars().all(char::is_whitespace))
        });
        if target.is_some() {
            place = target;
        }
    }
    if target.is_none()
        && (code.starts_with("042") || code.get(..2).map(|r| r >= "17").unwrap_or(false))
    {
        target = place.filter(|&p| !domestic(p));
    }
    if let (Some(s), Some(tg)) = (source, target) {
        if ms[s].ent == ms[tg].ent {
            target = None;
        }
    }
    if target.is_some() && place.is_none() && code.starts_with("042") {
        place = target.filter(|&i| is_geo(ms[i].kind));
    }
    // An owner country right before the source, in the genitive ("ভারতের সেনাবাহিনী",
    // "India's army"), whose country is not the source's own: the name was linked to
    // another country's body of the same kind ("Bangladesh Army"); the owner acts.
    let mut owner_ent: Option<usize> = None;
    if let Some(s) = source {
        let country = |i: usize| {
            cx.doc
                .entities
                .get(ms[i].ent)
                .and_then(|e| e.country.as_deref())
        };
        // (From all the mentions: folding may have joined the owner to the name.)
        let upto = cx.ments.partition_point(|m| m.end <= ms[s].start);
        let owner = cx.ments.get(..upto).and_then(<[Ment]>::last).filter(|g| {
            g.marker == Marker::Genitive
                && g.kind == EntityType::Gpe
                && t.get(g.end..ms[s].start).is_some_and(|gap| {
                    // (A case ending glued to the name, then nothing but space.)
                    gap.trim_start_matches(lexicon::is_word_char)
                        .chars()
                        .all(char::is_whitespace)
                })
        });
        if let Some(g) = owner {
            let own = cx
                .doc
                .entities
                .get(g.ent)
                .and_then(|e| e.country.as_deref());
            if ms[s].kind == EntityType::Org
                && own.is_some()
                && country(s).is_some()
                && own != country(s)
            {
                // The owner as the source: its own mention in this sentence's list, if kept.
                if let Some(k) = ms.iter().position(|m| m.ent == g.ent && m.start == g.start) {
                    source = Some(k);
                } else {
                    owner_ent = Some(g.ent);
                }
            }
        }
    }
    // (Arabic: a subject joined by و right before its verb opens a clause; the names
    // joined before it after the previous trigger are that trigger's objects: "تقصف الفاشر
    // والجيش السوداني يتهمها" is the army's accusation alone.)
    let opens = lang == "ar"
        && clause.0 > sent_start
        && source.is_some_and(|s| ar_next_subject(cx, ms, s, hit.word_start));
    let sources = match owner_ent {
        Some(e) => vec![e],
        None => source
            .map(|s| {
                roles::coordinated(&cx.tk, cues, ms, s)
                    .into_iter()
                    .filter(|&i| !opens || ms[i].start >= ms[s].start || ms[i].start < clause.0)
                    .map(|i| ms[i].ent)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let mut targets: Vec<usize> = target
        .map(|s| {
            roles::coordinated(&cx.tk, cues, ms, s)
                .into_iter()
                .filter(|&i| lang != "ar" || !ar_next_subject(cx, ms, i, clause.1))
                .map(|i| ms[i].ent)
                .collect()
        })
        .unwrap_or_default();
    if let Some(p) = second_target.filter(|_| target.is_some()) {
        targets.push(ms[p].ent);
    }
    Some(Picked {
        sources: dedup(sources),
        targets: dedup(targets),
        place: place.map(|i| ms[i].ent),
        qualifier,
        own_subject,
        subject: if source.is_some() {
            Subj::Named
        } else {
            subject
        },
    })
}

/// The subject of an Arabic verb that opens its clause, from the first word after it (time
/// words skipped): `Some(Some(i))` a bare name there, or a common noun qualified by one
/// ("قوات حفتر", "الطائرات الحربية الإسرائيلية"); `Some(None)` a common noun with no name
/// ("وبحث الوزيران", "ورفضت هيئة الانتخابات"): someone unnamed; `None` when the words do
/// not say (a title, a preposition, a particle, a marked name: the caller decides).
fn ar_subject_after(cx: &Ctx, hit: &Hit, ms: &[Ment]) -> Option<Option<usize>> {
    let t = cx.tk.text();
    let cues = &cx.lex.cues;
    let words = cx.tk.words_after(cx.tk.word_end(hit.end), 6);
    let covering = |s: usize| {
        ms.iter()
            .position(|m| cx.tk.word_start(m.group_start) <= s && s < m.end)
    };
    let mut it = words
        .iter()
        .copied()
        .skip_while(|&(s, e)| cues.has(Cue::SubjSkip, cx.tk.slice(s, e)));
    let (s, e) = it.next()?;
    if let Some(i) = covering(s) {
        return (ms[i].marker == Marker::Bare).then_some(Some(i));
    }
    let w = cx.tk.slice(s, e);
    let m = cues.mask(w);
    let prepositional = [
        Cue::WithPre,
        Cue::AgainstPre,
        Cue::TargetPre,
        Cue::DestPre,
        Cue::PlacePre,
        Cue::AgentPre,
        Cue::BetweenPre,
        Cue::TopicPre,
        Cue::Particle,
        Cue::ClauseOpener,
    ];
    if cues.title_index(w).is_some() || prepositional.iter().any(|&k| m.is(k)) {
        return None;
    }
    // A glued preposition ("بالرد") or a pronoun object: not a subject noun.
    if w.starts_with(['ب', 'ل']) && !w.starts_with("ال") {
        return None;
    }
    let definite = w.starts_with("ال");
    let mut prev_end = e;
    for (k, (s2, e2)) in it.take(3).enumerate() {
        if t.get(prev_end..s2)
            .is_none_or(|g| !g.chars().all(char::is_whitespace))
        {
            break;
        }
        // Only definite words go on a noun phrase ("قوات الأمن التونسية"); "سعيد رئيسة
        // ..." is a name and another phrase.
        if covering(s2).is_none() && !cx.tk.slice(s2, e2).starts_with("ال") {
            break;
        }
        if let Some(i) = covering(s2) {
            let adjective = cues.get(Cue::NisbaSuffix).iter().any(|x| {
                t.get(ms[i].start..ms[i].end)
                    .is_some_and(|m| m.ends_with(x.as_str()))
            });
            // A definite noun takes adjectives only; a construct noun naming an actor
            // ("قوات", "حكومة") its owner right after it (not an unlinked name: "عطاف تونس").
            let owner = !definite && k == 0 && {
                let am = |x: &str| cues.has(Cue::AgentNoun, x);
                am(w) || roles::strip_proclitics(cx.lex, w).any(am)
            };
            return Some((ms[i].marker == Marker::Bare && (adjective || owner)).then_some(i));
        }
        prev_end = e2;
    }
    Some(None)
}

/// Whether a verbal noun points back at a happening or names a topic: right after a
/// demonstrative or a topic preposition (`anaphor`, `topic_pre`), or followed within two
/// words by a topic postposition (`topic_post`, Bengali "নিয়ে"), with no punctuation between.
fn topic_or_anaphor(cx: &Ctx, hit: &Hit) -> bool {
    let t = cx.tk.text();
    let cues = &cx.lex.cues;
    let clean = |a: usize, b: usize| {
        t.get(a..b).is_some_and(|g| {
            g.chars()
                .all(|c| c.is_whitespace() || lexicon::is_word_char(c))
        })
    };
    if let Some(&(s, e)) = cx.tk.words_before(hit.word_start, 1).first() {
        let m = cues.mask(cx.tk.slice(s, e));
        if (m.is(Cue::Anaphor) || m.is(Cue::TopicPre)) && clean(e, hit.word_start) {
            return true;
        }
    }
    let end = cx.tk.word_end(hit.end);
    cx.tk
        .words_after(end, 2)
        .iter()
        .any(|&(s, e)| cues.has(Cue::TopicPost, cx.tk.slice(s, e)) && clean(end, s))
}

/// Whether the sentence is a question: it ends with a question mark.
fn is_question(text: &str, sentence: Span) -> bool {
    text.get(sentence.start..sentence.end)
        .map(|s| s.trim_end_matches(|c: char| c.is_whitespace() || "\"'”»’)".contains(c)))
        .is_some_and(|s| s.ends_with(['?', '؟']))
}

/// Whether the trigger at `at` stands in the object of the trigger that ended at `prev`:
/// at most three words between, no comma, conjunction or clause word among them.
fn object_of_previous(cx: &Ctx, prev: usize, at: usize) -> bool {
    let t = cx.tk.text();
    if prev == 0 || prev > at || t.get(prev..at).is_none_or(|g| g.contains([',', ';'])) {
        return false;
    }
    // Verb-subject-object puts the subject between (Arabic).
    let most = if cx.lex.lang == "ar" { 5 } else { 3 };
    let mut n = 0;
    for (s, e) in cx.tk.words_in(prev, at) {
        n += 1;
        let m = cx.lex.cues.mask(cx.tk.slice(s, e));
        if n > most || m.is(Cue::Coord) || m.is(Cue::SubjectStop) {
            return false;
        }
    }
    true
}

/// Where, between `from` and `to`, a comma opens another English clause: a conjunction or
/// clause word right after it ("and", "who", "but" — not "and" right before a name: ", and
/// Qatar"), or a verb of saying within five words (", Gaza health officials said").
fn en_clause_end(cx: &Ctx, ms: &[Ment], from: usize, to: usize) -> Option<usize> {
    let t = cx.tk.text();
    let gap = t.get(from..to)?;
    let cues = &cx.lex.cues;
    for (off, _) in gap.match_indices(',') {
        let comma = from + off;
        let next = cx.tk.words_after(comma + 1, 5);
        let Some(&(s0, e0)) = next.first() else {
            continue;
        };
        let m0 = cues.mask(cx.tk.slice(s0, e0));
        let name_next = || {
            next.get(1)
                .is_some_and(|&(s1, _)| ms.iter().any(|m| m.start == s1 || m.group_start == s1))
        };
        if (m0.is(Cue::Coord) && !name_next()) || (m0.is(Cue::SubjectStop) && !m0.is(Cue::Coord)) {
            return Some(comma);
        }
        if next
            .iter()
            .any(|&(s, e)| cues.has(Cue::Report, cx.tk.slice(s, e)))
        {
            return Some(comma);
        }
    }
    None
}

/// Whether the English verb `hit` of root 18-20 has for its subject the force noun `prev`
/// right before it: at most two words between, each an auxiliary or adverb, no punctuation.
fn force_after_force_noun(cx: &Ctx, prev: Option<&Hit>, hit: &Hit, info: &TriggerInfo) -> bool {
    let force = |code: &str| matches!(code.get(..2), Some("18" | "19" | "20"));
    if info.kind != TriggerType::Verb || !force(&info.code) {
        return false;
    }
    let Some(prev) = prev else {
        return false;
    };
    // (Two verbs do not stand side by side: a verb-typed word right before the verb is a
    // noun, "Israeli strike kills 12".)
    let adjacent = cx
        .tk
        .words_in(cx.tk.word_end(prev.end), hit.word_start)
        .next()
        .is_none();
    let noun = cx.lex.info(prev).is_some_and(|p| {
        (adjacent || matches!(p.kind, TriggerType::Noun | TriggerType::Phrase)) && force(&p.code)
    });
    let end = cx.tk.word_end(prev.end);
    noun && end <= hit.word_start
        && cx.tk.text().get(end..hit.word_start).is_some_and(|g| {
            g.chars()
                .all(|c| c.is_whitespace() || lexicon::is_word_char(c))
        })
        && cx.tk.words_in(end, hit.word_start).take(3).count() <= 2
        && cx
            .tk
            .words_in(end, hit.word_start)
            .all(|(s, e)| cx.lex.cues.has(Cue::AuxSkip, cx.tk.slice(s, e)))
}

/// Whether Arabic mention `i` is joined by و right before the next trigger (which starts at
/// `next`): it opens that trigger's clause as its subject ("تقصف الفاشر والجيش السوداني
/// يتهمها"), it is not one more object of this one.
fn ar_next_subject(cx: &Ctx, ms: &[Ment], i: usize, next: usize) -> bool {
    let Some(m) = ms.get(i) else {
        return false;
    };
    next != usize::MAX
        && cx
            .tk
            .text()
            .get(cx.tk.word_start(m.group_start)..m.group_start)
            == Some("و")
        && cx.tk.words_in(m.end, next).next().is_none()
}

/// Whether the English trigger at `at` tells what an accusation ending at `prev` says the
/// accused did: an "of" between, within ten words, and no comma, conjunction or clause word.
fn accused_of(cx: &Ctx, prev: usize, at: usize) -> bool {
    let t = cx.tk.text();
    if prev == 0 || prev > at || t.get(prev..at).is_none_or(|g| g.contains([',', ';', ':'])) {
        return false;
    }
    let mut of = false;
    for (n, (s, e)) in cx.tk.words_in(prev, at).enumerate() {
        let m = cx.lex.cues.mask(cx.tk.slice(s, e));
        if n >= 10 || m.is(Cue::Coord) || m.is(Cue::SubjectStop) {
            return false;
        }
        of |= m.is(Cue::OfPre);
    }
    of
}

/// Whether a name ending at `end` qualifies the noun starting at `noun`: at most one word
/// between ("Russian missile strike"), no punctuation and no cue word (determiner,
/// preposition, conjunction).
fn noun_modifier(cx: &Ctx, t: &str, end: usize, noun: usize) -> bool {
    let Some(gap) = t.get(end..noun) else {
        return false;
    };
    if gap
        .chars()
        .any(|c| !lexicon::is_word_char(c) && !c.is_whitespace() && c != '-')
    {
        return false;
    }
    let mut n = 0;
    for (s, e) in cx.tk.words_in(end, noun) {
        n += 1;
        let w = cx.tk.slice(s, e);
        if n > 1 || cx.lex.cues.mask(w).0 != 0 {
            return false;
        }
    }
    true
}

/// The subject of an English verb: the first named actor of the stretch before it (from
/// the last "said", "that", "who" ... on), else what the words right before the verb say —
/// a pronoun, a definite description ("the ministry") resolved to an actor named earlier,
/// or an unnamed noun ("police"), which leaves the event without a source.
fn en_subject(cx: &Ctx, hit: &Hit, ms: &[Ment], before: &[usize]) -> (Option<usize>, Subj) {
    en_subject_at(
        cx,
        hit.word_start,
        cx.tk.word_end(hit.start),
        ms,
        before,
        true,
    )
}

/// [`en_subject`] of the verb whose word starts at `verb` and whose first word ends at
/// `verb_end`; `pronouns`: whether a pronoun may look at the verb of saying before it.
fn en_subject_at(
    cx: &Ctx,
    verb: usize,
    verb_end: usize,
    ms: &[Ment],
    before: &[usize],
    pronouns: bool,
) -> (Option<usize>, Subj) {
    let t = cx.tk.text();
    let cues = &cx.lex.cues;
    // A participle right after a comma shares the subject of the clause before it.
    let comma_before = cx
        .tk
        .words_before(verb, 1)
        .first()
        .and_then(|&(_, e)| t.get(e..verb))
        .is_some_and(|g| g.contains(','));
    let participle = comma_before && t.get(..verb_end).is_some_and(|w| w.ends_with("ing"));
    // Walk back word by word (at most 24) to the stretch's start.
    let mut pos = verb;
    let mut stretch = 0usize;
    let mut stop: Option<(usize, usize)> = None;
    // The first words before the verb that are not auxiliaries or adverbs, nearest first.
    let mut heads: [(usize, usize); 3] = [(0, 0); 3];
    let mut nheads = 0usize;
    let mut walked = 0usize;
    'walk: while walked < 24 {
        let ws = cx.tk.words_before(pos, 4);
        let got = ws.len();
        for &(s, e) in ws.iter() {
            walked += 1;
            let w = t.get(s..e).unwrap_or("");
            let m = cues.mask(w);
            if m.is(Cue::SubjectStop) {
                stop = Some((s, e));
                stretch = e;
                break 'walk;
            }
            // A dateline or a bracket ends the stretch ("CAIRO (Reuters) - X met").
            if t.get(e..pos)
                .is_some_and(|g| g.contains(['(', ')', '—', '–']) || g.contains(" - "))
            {
                break 'walk;
            }
            if nheads < heads.len() && (nheads > 0 || !m.is(Cue::AuxSkip)) {
                if let Some(h) = heads.get_mut(nheads) {
                    *h = (s, e);
                }
                nheads += 1;
            }
            pos = s;
            stretch = s;
        }
        if got < 4 {
            break;
        }
    }
    // A named actor right before the verb is its subject; else the first of the stretch
    // (the subject opens its clause: "X, an ally of Y, met").
    let (h0s, h0e) = heads
        .first()
        .copied()
        .filter(|_| nheads > 0)
        .unwrap_or((0, 0));
    if let Some(i) = before.iter().rev().copied().find(|&i| {
        !participle
            && ms[i].marker == Marker::Bare
            && ms[i].start <= h0s
            && h0e <= ms[i].end
            && h0e > 0
    }) {
        return (Some(i), Subj::Named);
    }
    // The owner opening the subject names the actor ("Russia's embassy in Warsaw said"); a
    // name the walk stopped inside ("The U.S. State Department") opens it too.
    if let Some(i) = before.iter().copied().find(|&i| {
        (ms[i].group_start >= stretch || ms[i].end > stretch)
            && matches!(ms[i].marker, Marker::Bare | Marker::Genitive)
    }) {
        return (Some(i), Subj::Named);
    }
    // A participle after a comma (", accusing ...") shares the clause's subject.
    if participle {
        return (None, Subj::Clause);
    }
    let word = |k: usize| {
        heads
            .get(k)
            .filter(|_| k < nheads)
            .and_then(|&(s, e)| t.get(s..e))
    };
    // "X, who is under pressure, rejected ...": the relative clause closes with a comma
    // right before the verb; X is the subject.
    let relative = |s: usize| {
        before.iter().rev().copied().find(|&i| {
            ms[i].end <= s
                && ms[i].marker == Marker::Bare
                && t.get(ms[i].end..s)
                    .is_some_and(|g| g.chars().all(|c| c == ',' || c.is_whitespace()))
        })
    };
    if let Some((s, e)) = stop {
        let closed = heads
            .first()
            .filter(|_| nheads > 0)
            .and_then(|&(_, he)| t.get(he..verb))
            .is_some_and(|g| g.contains(','));
        if closed && matches!(t.get(s..e), Some("who" | "which" | "whose")) {
            if let Some(i) = relative(s) {
                return (Some(i), Subj::Named);
            }
        }
    }
    let Some(head) = word(0) else {
        return match stop {
            // "Hamas, which attacked ...": the name before the relative word.
            Some((s, e)) if matches!(t.get(s..e), Some("who" | "which" | "that")) => {
                match relative(s) {
                    Some(i) => (Some(i), Subj::Named),
                    None => (None, Subj::Unnamed),
                }
            }
            Some(_) => (None, Subj::Unnamed),
            // The verb opens its sentence.
            None => (None, Subj::Carry),
        };
    };
    let (hs, he) = heads.first().copied().unwrap_or((0, 0));
    // A second verb joined by "and" ("demanded his release and accused the Kremlin") shares
    // the subject of the clause's verb before it.
    // (When the stretch was cut at a word like "as" — "condemned the decision as illegal
    // and warned" — the subject is the one of the clause before that word; after "said" or
    // "that" it is not: "said that the army struck Gaza and killed 5".)
    if cues.has(Cue::Coord, head) {
        if let Some((s, e)) = stop {
            let w = t.get(s..e).unwrap_or("");
            let cut = !cues.has(Cue::Report, w)
                && !matches!(
                    w,
                    "that" | "who" | "which" | "whom" | "whose" | "if" | "unless"
                );
            if cut && pronouns {
                let k = before.partition_point(|&i| ms[i].end <= s);
                if let (Some(i), Subj::Named) =
                    en_subject_at(cx, s, e, ms, before.get(..k).unwrap_or_default(), false)
                {
                    return (Some(i), Subj::Named);
                }
            }
        }
        return (None, Subj::Clause);
    }
    // The word is part of a name that is not the subject ("Police in Izmir arrested").
    if before.iter().any(|&i| ms[i].start <= hs && he <= ms[i].end) {
        return (None, Subj::Unnamed);
    }
    let m = cues.mask(head);
    let pronoun = m.is(Cue::PronPerson) || m.is(Cue::PronGroup);
    // "X said it/he ...": the one who said it, first.
    if pronoun && pronouns {
        if let Some((s, e)) = stop.filter(|&(s, e)| {
            t.get(s..e)
                .is_some_and(|w| cues.has(Cue::SubjectStop, w) && w.len() > 3 && w != "that")
        }) {
            let k = before.partition_point(|&i| ms[i].end <= s);
            let said_by = en_subject_at(cx, s, e, ms, before.get(..k).unwrap_or_default(), false);
            let person = |i: usize| ms.get(i).is_some_and(|m| m.kind == EntityType::Per);
            let ok = |kind: EntityType| (kind == EntityType::Per) == m.is(Cue::PronPerson);
            match said_by {
                (Some(i), _) if ok(ms[i].kind) || (!person(i) && m.is(Cue::PronGroup)) => {
                    return (Some(i), Subj::Named)
                }
                (None, Subj::Resolved(ent))
                    if cx.doc.entities.get(ent).is_some_and(|x| ok(x.kind)) =>
                {
                    return (None, Subj::Resolved(ent))
                }
                _ => {}
            }
        }
    }
    // A pronoun in a quote whose speaker is named right after it ('"We reject these
    // charges," spokeswoman Jane Smith said'): the speaker.
    if pronoun {
        if let Some(e) = quoted_speaker(cx, hs) {
            return (None, Subj::Resolved(e));
        }
    }
    if m.is(Cue::PronPerson) {
        return match last_person(cx, hs) {
            Some(e) => (None, Subj::Resolved(e)),
            None => (None, Subj::Unnamed),
        };
    }
    if m.is(Cue::PronGroup) {
        // "It", "they": the subject of the previous sentence, when it names one.
        return match previous_subject(cx, hs) {
            Some(e) => (None, Subj::Resolved(e)),
            None => (None, Subj::Carry),
        };
    }
    let definite = (1..3).any(|k| word(k).is_some_and(|w| cues.has(Cue::Det, w)));
    if definite {
        let kind = if m.is(Cue::DescMil) {
            Some(Cue::DescMil)
        } else if m.is(Cue::DescGov) {
            Some(Cue::DescGov)
        } else if m.is(Cue::DescOrg) {
            Some(Cue::DescOrg)
        } else {
            None
        };
        if let Some(e) = kind.and_then(|k| described(cx, hs, k)) {
            return (None, Subj::Resolved(e));
        }
    }
    (None, Subj::Unnamed)
}

/// The speaker of a quote holding `pos`: the first actor named after the closing quote, in
/// the same sentence, with a verb of saying within two words of the name.
fn quoted_speaker(cx: &Ctx, pos: usize) -> Option<usize> {
    let t = cx.tk.text();
    let head = t.get(..pos)?;
    let line = head
        .rfind('\n')
        .map_or(head, |p| head.get(p..).unwrap_or(""));
    let quotes = line
        .chars()
        .filter(|c| matches!(c, '"' | '“' | '”'))
        .count();
    if quotes % 2 == 0 {
        return None;
    }
    let rest = t.get(pos..)?;
    let rel = rest.find(['"', '”'])?;
    let close = pos + rel + rest.get(rel..)?.chars().next()?.len_utf8();
    let from = cx.ments.partition_point(|m| m.start < close);
    let m = cx.ments.get(from)?;
    let gap = t.get(close..m.start)?;
    if gap.len() > 60 || gap.contains(['.', '!', '?', '\n', '"', '“', '”']) {
        return None;
    }
    let cues = &cx.lex.cues;
    let said = |(s, e): (usize, usize)| cues.has(Cue::Report, cx.tk.slice(s, e));
    let before = cx.tk.words_in(close, m.start).any(said);
    let after = cx.tk.words_after(m.end, 2).iter().any(|&w| said(w));
    (before || after).then_some(m.ent)
}

/// The actor opening the sentence before the one holding `pos` (its first country or
/// organization named bare or as an owner), for "it" and "they".
fn previous_subject(cx: &Ctx, pos: usize) -> Option<usize> {
    let t = cx.tk.text();
    let stop = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let this_start = t.get(..pos).and_then(|h| h.rfind(stop))?;
    let prev_start = t
        .get(..this_start)
        .and_then(|h| h.rfind(stop))
        .map_or(0, |p| p + 1);
    let from = cx.ments.partition_point(|m| m.start < prev_start);
    cx.ments
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|m| m.end <= this_start)
        .find(|m| {
            matches!(m.marker, Marker::Bare | Marker::Genitive)
                && matches!(m.kind, EntityType::Gpe | EntityType::Org)
        })
        .map(|m| m.ent)
}

/// How far back (bytes) a pronoun or a description looks for the actor it stands for.
const ANAPHORA_REACH: usize = 600;

/// The person a "he" or "she" at `pos` stands for: the last person named before it, when
/// no other person was named in that sentence or after it.
fn last_person(cx: &Ctx, pos: usize) -> Option<usize> {
    let t = cx.tk.text();
    let upto = cx.ments.partition_point(|m| m.start < pos);
    let prev = cx.ments.get(..upto).unwrap_or_default();
    let last = prev
        .iter()
        .rev()
        .find(|m| m.kind == EntityType::Per && m.end <= pos)?;
    if pos.saturating_sub(last.end) > ANAPHORA_REACH {
        return None;
    }
    let sentence_start = t
        .get(..last.start)
        .and_then(|h| h.rfind(['.', '!', '?', '\n', '।', '؟']))
        .unwrap_or(0);
    let other = prev
        .iter()
        .rev()
        .take_while(|m| m.start >= sentence_start)
        .any(|m| m.kind == EntityType::Per && m.ent != last.ent);
    (!other).then_some(last.ent)
}

/// The actor a definite description at `pos` stands for: the nearest actor named before
/// it of a fitting kind — a country or a government body for "the ministry", a country or
/// an armed group for "the army", an organization for "the agency".
fn described(cx: &Ctx, pos: usize, kind: Cue) -> Option<usize> {
    let upto = cx.ments.partition_point(|m| m.start < pos);
    let code = |m: &Ment| {
        cx.doc
            .entities
            .get(m.ent)
            .and_then(|e| e.cameo.as_deref())
            .unwrap_or("")
    };
    cx.ments
        .get(..upto)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|m| pos.saturating_sub(m.end) <= ANAPHORA_REACH)
        .find(|m| {
            let country = m.kind == EntityType::Gpe && m.marker == Marker::Bare;
            match kind {
                Cue::DescGov => country || (m.kind == EntityType::Org && code(m).ends_with("GOV")),
                Cue::DescMil => country || (m.kind == EntityType::Org && code(m).contains("MIL")),
                _ => m.kind == EntityType::Org,
            }
        })
        .map(|m| m.ent)
}

/// `v` without repeats, first occurrences in order (in place: the lists are short).
fn dedup(mut v: Vec<usize>) -> Vec<usize> {
    let mut kept = 0;
    for i in 0..v.len() {
        let Some(&x) = v.get(i) else { break };
        if !v.get(..kept).unwrap_or_default().contains(&x) {
            if let Some(slot) = v.get_mut(kept) {
                *slot = x;
            }
            kept += 1;
        }
    }
    v.truncate(kept);
    v
}

fn is_geo(k: EntityType) -> bool {
    matches!(k, EntityType::Gpe | EntityType::Loc)
}

fn dist(m: &Ment, hit: &Hit) -> usize {
    if m.end <= hit.start {
        hit.start - m.end
    } else {
        m.start.saturating_sub(hit.end)
    }
}

/// The actor reference of an entity: its CAMEO code from the KB, or one built from its
/// country and a role read from title words next to its mentions.
fn actor(cx: &Ctx, idx: usize, e: &Entity) -> ActorRef {
    let mut a = e.actor();
    if a.code.is_none() {
        let role = cx.ent_role.get(idx).copied().flatten().map(str::to_string);
        a.code = match (&e.country, e.kind, role) {
            (Some(c), EntityType::Gpe, _) => Some(c.clone()),
            (Some(c), _, Some(r)) => Some(format!("{c} {r}")),
            (Some(c), _, None) => Some(c.clone()),
            (None, _, Some(r)) => Some(r),
            (None, _, None) => None,
        };
    }
    a
}

/// The text between two byte offsets.
fn text_between(text: &str, a: usize, b: usize) -> Option<&str> {
    text.get(a..b)
}

/// The line around a span, when no sentence was split there.
fn line_around(text: &str, span: Span) -> Span {
    let start = text
        .get(..span.start)
        .and_then(|h| h.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let end = text
        .get(span.end..)
        .and_then(|t| t.find('\n'))
        .map(|i| span.end + i)
        .unwrap_or(text.len());
    Span::new(start, end.max(span.end))
}

/// A day and month read without a year take the publication year (the previous year when
/// that would put them after publication). Nothing else is filled in.
pub fn complete_year(d: PartialDate, published: Option<PartialDate>) -> PartialDate {
    match (d.year, d.month, published) {
        (
            None,
            Some(m),
            Some(PartialDate {
                year: Some(py),
                month: pm,
                day: pd,
            }),
        ) => {
            let later = (m, d.day.unwrap_or(1)) > (pm.unwrap_or(12), pd.unwrap_or(31));
            let year = if later { py - 1 } else { py };
            let full = PartialDate {
                year: Some(year),
                ..d
            };
            if full.is_valid() {
                full
            } else {
                d
            }
        }
        _ => d,
    }
}

fn dates_compatible(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            fn eq<T: PartialEq>(x: Option<T>, y: Option<T>) -> bool {
                x.is_none() || y.is_none() || x == y
            }
            eq(a.year, b.year) && eq(a.month, b.month) && eq(a.day, b.day)
        }
        _ => true,
    }
}

/// One happening told more than once (headline and body, or two triggers of one sentence):
/// same code root, same source, same or missing target, compatible dates → one event whose
/// `also` lists the other sentences.
pub fn merge(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for ev in events {
        let root = ev.code.get(..2).unwrap_or("");
        let found = out.iter_mut().find(|o| {
            o.code.get(..2) == Some(root)
                && o.source.id == ev.source.id
                && match (&o.target, &ev.target) {
                    (Some(a), Some(b)) => a.id == b.id,
                    _ => true,
                }
                && dates_compatible(o.date, ev.date)
        });
        match found {
            Some(o) => {
                if ev.sentence != o.sentence && !o.also.contains(&ev.sentence) {
                    o.also.push(ev.sentence);
                }
                if o.target.is_none() {
                    o.target = ev.target;
                }
                if o.place.is_none() {
                    o.place = ev.place;
                }
                if o.date.is_none() {
                    o.date = ev.date;
                }
                // Keep the more specific code of the root.
                if ev.code.len() > o.code.len() && ev.confidence >= o.confidence {
                    o.code = ev.code;
                    o.label = ev.label;
                    o.goldstein = ev.goldstein;
                }
                o.confidence = (o.confidence.max(ev.confidence) + 0.05).min(1.0);
            }
            None => out.push(ev),
        }
    }
    out
}

/// A headline names its actor by office where the body names the person ("Egypt's
/// intelligence chief visits Libya" / "Abbas Kamel visited Libya"): a headline event
/// joins a body event of the same code root and target whose source has the same country.
fn merge_headline(doc: &Document, events: &mut Vec<Event>) {
    let Some(title) = doc.title.as_deref().filter(|t| doc.text.starts_with(*t)) else {
        return;
    };
    let end = title.len();
    let country = |a: &ActorRef| {
        a.code
            .as_deref()
            .and_then(|c| c.get(..3))
            .map(str::to_string)
    };
    let mut k = 0;
    while k < events.len() {
        let Some(h) = events.get(k).filter(|e| e.sentence.start < end) else {
            k += 1;
            continue;
        };
        let root = h.code.get(..2).unwrap_or("");
        let body = events.iter().position(|b| {
            b.sentence.start >= end
                && b.code.get(..2) == Some(root)
                && b.source.id != h.source.id
                && country(&b.source).is_some()
                && country(&b.source) == country(&h.source)
                && matches!((&b.target, &h.target), (Some(x), Some(y)) if x.id == y.id)
        });
        match body {
            Some(j) => {
                let h = events.remove(k);
                let j = if j > k { j - 1 } else { j };
                if let Some(b) = events.get_mut(j) {
                    if !b.also.contains(&h.sentence) {
                        b.also.push(h.sentence);
                    }
                    b.confidence = (b.confidence.max(h.confidence) + 0.05).min(1.0);
                }
            }
            None => k += 1,
        }
    }
}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events"
    }
    fn process(&self, doc: &mut Document) {
        let mut events = self.code(doc);
        events.retain_mut(|e| plausible_actors(doc, e));
        doc.events = events;
    }
}

/// Actor sanity that holds in every language: a region (LOC) never acts, and stands as a
/// target only as the place of the event; a news outlet or platform acts only by speaking or
/// criticizing, and is a target only of criticism, rejection, threats or coercion.
fn plausible_actors(doc: &Document, e: &mut Event) -> bool {
    let entity = |id: &str| doc.entities.iter().find(|x| x.id == id);
    let is_region = |id: &str| entity(id).is_some_and(|x| x.kind == khabar_core::EntityType::Loc);
    let is_outlet = |id: &str| {
        entity(id)
            .and_then(|x| x.cameo.as_deref())
            .is_some_and(|c| c.ends_with("MED") || c.ends_with("BUS"))
    };
    let root = e.code.get(..2).unwrap_or("");
    if is_region(&e.source.id) {
        return false;
    }
    if is_outlet(&e.source.id) && !matches!(root, "01" | "02" | "11") {
        return false;
    }
    if let Some(t) = e.target.as_ref() {
        if is_region(&t.id) {
            if e.place.is_none() {
                e.place = e.target.take();
            } else {
                e.target = None;
            }
        } else if is_outlet(&t.id) && !matches!(root, "11" | "12" | "13" | "17") {
            return false;
        } else if !matches!(root, "14" | "15" | "16" | "17" | "18" | "19" | "20") {
            // Outside conflict, an actor does not act upon its own country's cities: "Russia"
            // and "Moscow" in one clause are one side, not two.
            let country = |id: &str| entity(id).and_then(|x| x.country.as_deref());
            let is_city = |id: &str| {
                entity(id).is_some_and(|x| {
                    x.kind == khabar_core::EntityType::Gpe && x.id.starts_with("geo:")
                })
            };
            if is_city(&t.id) && country(&t.id).is_some() && country(&t.id) == country(&e.source.id)
            {
                return false;
            }
            // Nor, in cooperation and talk (roots 01-09), does a country deal with its own
            // institutions or people in one clause: there the country's name is a location.
            let is_country = |id: &str| {
                entity(id).is_some_and(|x| {
                    x.kind == khabar_core::EntityType::Gpe && !x.id.starts_with("geo:")
                })
            };
            let same = country(&t.id).is_some() && country(&t.id) == country(&e.source.id);
            if same && root < "10" && (is_country(&e.source.id) != is_country(&t.id)) {
                return false;
            }
        }
    }
    true
}

/// Counts of events by code root, for summaries.
pub fn count_roots(events: &[Event]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for e in events {
        *m.entry(e.code.get(..2).unwrap_or("").to_string())
            .or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod actor_sanity_tests {
    use super::*;
    use khabar_core::{ActorRef, Entity, EntityType, Modality, Span};

    fn ent(id: &str, name: &str, kind: EntityType, country: &str, cameo: &str) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            country: Some(country.into()),
            cameo: Some(cameo.into()),
            known: true,
            mentions: vec![Span::new(0, 1)],
        }
    }

    fn ev(code: &str, source: &Entity, target: Option<&Entity>) -> Event {
        Event {
            code: code.into(),
            label: String::new(),
            quad_class: 1,
            goldstein: 0.0,
            source: source.actor(),
            target: target.map(Entity::actor),
            place: None::<ActorRef>,
            date: None,
            sentence: Span::new(0, 1),
            trigger: Span::new(0, 1),
            also: Vec::new(),
            modality: Modality::Asserted,
            confidence: 0.5,
        }
    }

    #[test]
    fn implausible_actors_are_dropped_or_moved() {
        let rus = ent("RUS", "Russia", EntityType::Gpe, "RUS", "RUS");
        let moscow = ent("geo:524901", "Moscow", EntityType::Gpe, "RUS", "RUS");
        let region = ent("loc:middle-east", "Middle East", EntityType::Loc, "", "MEA");
        let outlet = ent("media:x", "Some News", EntityType::Org, "EGY", "EGY MED");
        let army = ent(
            "org:lna",
            "Libyan National Army",
            EntityType::Org,
            "LBY",
            "LBY MIL",
        );
        let lby = ent("LBY", "Libya", EntityType::Gpe, "LBY", "LBY");
        let haftar = ent(
            "per:haftar",
            "Khalifa Haftar",
            EntityType::Per,
            "LBY",
            "LBY MIL",
        );
        let doc = Document {
            text: "x".into(),
            entities: vec![
                rus.clone(),
                moscow.clone(),
                region.clone(),
                outlet.clone(),
                army.clone(),
                lby.clone(),
                haftar.clone(),
            ],
            ..Document::default()
        };
        // A region never acts; as a target it becomes the place.
        assert!(!plausible_actors(&doc, &mut ev("036", &region, Some(&rus))));
        let mut e = ev("036", &rus, Some(&region));
        assert!(plausible_actors(&doc, &mut e));
        assert_eq!(e.target, None);
        assert_eq!(e.place.map(|p| p.name), Some("Middle East".to_string()));
        // An outlet speaks, it does not meet.
        assert!(!plausible_actors(&doc, &mut ev("040", &outlet, Some(&lby))));
        assert!(plausible_actors(&doc, &mut ev("010", &outlet, None)));
        // Russia does not consult Moscow; but a foreign actor visits it, and force may hit it.
        assert!(!plausible_actors(&doc, &mut ev("030", &rus, Some(&moscow))));
        assert!(plausible_actors(
            &doc,
            &mut ev("042", &haftar, Some(&moscow))
        ));
        assert!(plausible_actors(&doc, &mut ev("190", &rus, Some(&moscow))));
        // A country does not talk to its own army; two domestic actors may.
        assert!(!plausible_actors(&doc, &mut ev("051", &lby, Some(&army))));
        assert!(plausible_actors(&doc, &mut ev("040", &haftar, Some(&army))));
    }
}
