//! Line rules: decide, for each line (or HTML block) of a page, whether it is story or chrome,
//! repair glued sentences and scripts, split off glued photo captions and pick the headline.
//!
//! Each line is read once (letters per script, words, stop words, lower case and lexicon form,
//! the rules that look at the line alone; stretches of ASCII, Bengali, Arabic, Devanagari or
//! basic Cyrillic letters in one go, across the spaces and plain punctuation between words,
//! held to the character-by-character reading by the tests). A cleaner's short text-scrape
//! lines are remembered per thread ([`clean_lines_memo`]): a menu, byline or footer line seen
//! on an earlier page of the site is replayed, not read again (the memo is bounded and starts
//! again when full). The rules that look at other lines (page script, the next line, repeated lines, the story
//! core) then run in rounds until a round removes nothing, so that cleaning a cleaned text
//! changes nothing. Signals are general (position, length, punctuation, stop words, script,
//! phrases from the lexicon); nothing here names a site.

use super::lexicon::Lexicon;
use crate::lang::{is_word_char, script_of, FastHasher, LanguageDetector, Script};
use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// Lines kept, the removals (reason, text) and the headline, if one was seen.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<String>,
    pub removed: Vec<(&'static str, String)>,
    pub title: Option<String>,
}

/// Collapse whitespace runs to one space, trim, and drop invisible junk (BOM, zero-width
/// space, soft hyphen). Joiners (ZWJ/ZWNJ) stay: Bengali and Persian spelling needs them.
pub fn normalize_ws(s: &str) -> String {
    normalize_ws_cow(s).into_owned()
}

/// [`normalize_ws`], borrowing the input when it is already normalized (the common case for
/// HTML blocks and for text cleaned before).
pub fn normalize_ws_cow(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    // Whole-text checks that compile to vector code or `memchr`: ASCII whitespace other than
    // the space and junk control bytes (one pass), then the rare lead bytes of the
    // non-ASCII spaces and invisible characters, each looked at closer.
    let (ascii_ws, junk) = b.iter().fold((false, false), |(w, j), &x| {
        let ws = matches!(x, b'\t' | b'\n' | b'\r' | 0x0c);
        (w | ws, j | ((x < 0x20 && !ws) | (x == 0x7f)))
    });
    if junk || has_special(b) {
        return Cow::Owned(normalize_ws_chars(s));
    }
    let tidy = !ascii_ws
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && memchr::memmem::find(b, b"  ").is_none();
    if tidy {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Whether `b` holds a character [`special_at`] flags.
fn has_special(b: &[u8]) -> bool {
    let mut from = 0;
    while let Some(k) = b
        .get(from..)
        .and_then(|r| memchr::memchr3(0xC2, 0xE2, 0xE1, r))
    {
        if special_at(b, from + k) {
            return true;
        }
        from += k + 1;
    }
    let mut from = 0;
    while let Some(k) = b.get(from..).and_then(|r| memchr::memchr2(0xE3, 0xEF, r)) {
        if special_at(b, from + k) {
            return true;
        }
        from += k + 1;
    }
    false
}

/// Whether the character starting at byte `i` is one [`normalize_ws`] drops or turns into a
/// space beyond ASCII whitespace: U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000 (spaces), U+0080..U+009F (controls), U+00AD, U+200B, U+FEFF,
/// U+FFFE (invisible).
pub(crate) fn special_at(b: &[u8], i: usize) -> bool {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match at(0) {
        0xC2 => matches!(at(1), 0x80..=0xA0 | 0xAD),
        0xE1 => at(1) == 0x9A && at(2) == 0x80,
        0xE2 => match at(1) {
            0x80 => matches!(at(2), 0x80..=0x8B | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(2) == 0x9F,
            _ => false,
        },
        0xE3 => at(1) == 0x80 && at(2) == 0x80,
        0xEF => matches!((at(1), at(2)), (0xBB, 0xBF) | (0xBF, 0xBE)),
        _ => false,
    }
}

/// The general whitespace normalization, character by character.
fn normalize_ws_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\u{feff}' | '\u{200b}' | '\u{ad}' | '\u{fffe}')
            || (c.is_control() && !c.is_whitespace())
        {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Characters that end a sentence in the languages read here.
pub fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '।' | '॥' | '؟' | '۔' | '。' | '！' | '？' | '…'
    )
}

/// Whether the line ends a sentence (closing quotes and brackets looked through).
fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*')
    })
    .chars()
    .next_back()
    .is_some_and(is_sentence_end)
}

/// Scripts whose letters glued to Latin letters mark a glue (a caption, a breadcrumb).
fn is_non_latin_text_script(s: Script) -> bool {
    matches!(
        s,
        Script::Bengali | Script::Arabic | Script::Devanagari | Script::Cyrillic
    )
}

/// Features of one line, computed once per line and reused by every round.
#[derive(Debug, Clone)]
struct Feat {
    words: usize,
    letters: usize,
    latin: usize,
    /// Dominant script of the line's letters.
    script: Script,
    final_punct: bool,
    stop: f32,
}

/// A line of the page with what the rules need to know about it.
#[derive(Debug)]
struct Line {
    text: String,
    f: Feat,
    /// Its lexicon form ([`super::lexicon::normalize`]): the line lower-cased without outer
    /// non-word characters, a range of the cleaner's arena.
    norm: (usize, usize),
    /// Inside-a-line chrome phrases it holds.
    inside: usize,
    /// The verdict of the rules that look at this line alone (and not at the page's script).
    fixed: Option<&'static str>,
}

/// Append `c` lower-cased as [`crate::lang::push_lower`] does; `s` is its script. Basic
/// Cyrillic and Latin-1 take a table-free path.
#[inline]
fn push_lower_char(out: &mut String, c: char, s: Script) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let u = c as u32;
    let shifted = match u {
        0x410..=0x42F | 0xC0..=0xD6 | 0xD8..=0xDE => char::from_u32(u + 0x20),
        0x400..=0x40F => char::from_u32(u + 0x50),
        0x430..=0x45F | 0xDF..=0xFF => Some(c),
        _ => None,
    };
    if let Some(l) = shifted {
        out.push(l);
        return;
    }
    match s {
        Script::Latin
        | Script::Cyrillic
        | Script::Greek
        | Script::Armenian
        | Script::Georgian
        | Script::Other => out.extend(c.to_lowercase()),
        _ => out.push(c),
    }
}

impl Line {
    /// Read a whitespace-normalized line: glued captions and glue first when it may hold
    /// some (a letter right after a sentence end, or Latin letters touching Bengali,
    /// Arabic, Devanagari or Cyrillic ones: most lines have none), then in one pass letters
    /// per script, lower case and lexicon form (into `arena`), then the per-line rules.
    /// `None` when nothing is left.
    fn read(
        text: String,
        lex: &Lexicon,
        lang: &LanguageDetector,
        arena: &mut String,
        removed: &mut Vec<(&'static str, String)>,
    ) -> Option<Line> {
        let lo = arena.len();
        let (mut scan, glued) = Scan::run(&text, lang, arena);
        let text = if glued {
            arena.truncate(lo);
            let t = unglue(text, removed);
            scan = Scan::run(&t, lang, arena).0;
            t
        } else {
            text
        };
        if text.is_empty() {
            return None;
        }
        let norm = (scan.norm_start.unwrap_or(lo), scan.norm_end.max(lo));
        let n = scan.words;
        let stop = if n == 0 {
            0.0
        } else {
            scan.stop_hits as f32 / n as f32
        };
        let f = Feat {
            words: n.max(scan.cjk / 2),
            letters: scan.letters,
            latin: scan.latin,
            script: scan.script,
            final_punct: ends_sentence(&text),
            stop,
        };
        let norm_s = arena.get(norm.0..norm.1).unwrap_or("");
        let fixed = if f.letters == 0 && !text.chars().any(char::is_numeric) {
            Some("no-letters")
        } else if is_link_like(&text, &f) {
            Some("link-like")
        } else if lex.is_chrome_line(norm_s) {
            Some("chrome-lexicon")
        } else if is_ad_marker(&text, &f) {
            Some("ad-marker")
        } else if is_breadcrumb(&text, &f) {
            Some("breadcrumb")
        } else if !f.final_punct && f.words <= 30 && lex.is_meta_line(&text) {
            Some("dateline")
        } else if !f.final_punct
            && f.words <= 40
            && lex.has_caption_marker(arena.get(lo..).unwrap_or(""))
        {
            Some("caption")
        } else {
            None
        };
        // A line with a verdict of its own goes in the first round whatever else holds: its
        // inside phrases are never looked at.
        let inside = if fixed.is_some() {
            0
        } else {
            lex.inside_hits(norm_s)
        };
        Some(Line {
            text,
            f,
            norm,
            inside,
            fixed,
        })
    }
}

/// What one pass over a line's characters gives.
struct Scan {
    letters: usize,
    latin: usize,
    cjk: usize,
    script: Script,
    /// Words (runs of word characters) and how many are stop words.
    words: usize,
    stop_hits: usize,
    /// Arena range of the lexicon form.
    norm_start: Option<usize>,
    norm_end: usize,
}

impl Scan {
    /// Count letters per script, append the lower case to `arena` and note where the lexicon
    /// form lies in it, count words and stop words (as [`LanguageDetector::stopword_ratio`]
    /// does); also tell whether the line may hold a glue that [`split_glued_caption`] or
    /// [`repair_glue`] acts on (the tests check this against the pairwise definition).
    fn run(text: &str, lang: &LanguageDetector, arena: &mut String) -> (Scan, bool) {
        let mut counts: [(Script, usize); 4] = [(Script::Other, 0); 4];
        let mut sc = Scan {
            letters: 0,
            latin: 0,
            cjk: 0,
            script: Script::Other,
            words: 0,
            stop_hits: 0,
            norm_start: None,
            norm_end: arena.len(),
        };
        arena.reserve(text.len());
        let mut word_start: Option<usize> = None;
        let mut last = 0usize;
        let mut glued = false;
        // What the previous character was, as far as glue goes (`PREV_*` bits).
        let mut prev = 0u8;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            let pos = arena.len();
            let (s, word_char) = if c.is_ascii() {
                // ASCII: no tables; a letter is Latin, and a Latin letter after a sentence
                // end or after Bengali, Arabic, Devanagari or Cyrillic may be a glue.
                let b = c as u8;
                arena.push(char::from(b.to_ascii_lowercase()));
                let alpha = b.is_ascii_alphabetic();
                glued |= alpha && prev & (PREV_STOP | PREV_NON_LATIN) != 0;
                prev = if alpha {
                    PREV_LATIN
                } else if matches!(b, b'.' | b'!' | b'?') {
                    PREV_STOP
                } else {
                    0
                };
                let s = if alpha { Script::Latin } else { Script::Other };
                (s, b.is_ascii_alphanumeric())
            } else {
                let s = script_of(c);
                let non_latin = is_non_latin_text_script(s);
                glued |= (prev & PREV_LATIN != 0 && non_latin)
                    || (prev & PREV_NON_LATIN != 0 && s == Script::Latin)
                    || (prev & PREV_STOP != 0 && (s != Script::Other || crate::lang::is_letter(c)));
                prev = if s == Script::Latin {
                    PREV_LATIN
                } else if non_latin {
                    PREV_NON_LATIN
                } else if matches!(c, '।' | '॥' | '؟' | '۔') {
                    PREV_STOP
                } else {
                    0
                };
                push_lower_char(arena, c, s);
                (s, is_word_char_in(c, s))
            };
            if word_char {
                sc.norm_start.get_or_insert(pos);
                sc.norm_end = arena.len();
                word_start.get_or_insert(pos);
            } else if let Some(ws) = word_start.take() {
                sc.end_word(lang, arena.get(ws..pos));
            }
            if word_char && c.is_ascii() {
                // The ASCII letters and digits after it go in one stretch: word characters,
                // Latin letters (digits have no script), no glue between them; so do the
                // words after it that a separator ([`sep_at`]) sets apart (each ends where
                // the character-by-character reading ends it).
                let rest = chars.as_str();
                let (i, _) = sc.stretch::<AsciiWords>(rest, arena, &mut word_start, lang);
                let read = rest.get(..i).unwrap_or("");
                let alpha = usize::from(s == Script::Latin)
                    + read.bytes().filter(u8::is_ascii_alphabetic).count();
                if i > 0 {
                    let last_alpha = read
                        .bytes()
                        .next_back()
                        .is_some_and(|y| y.is_ascii_alphabetic());
                    prev = if last_alpha { PREV_LATIN } else { 0 };
                    sc.norm_end = arena.len();
                    chars = rest.get(i..).unwrap_or("").chars();
                }
                if alpha > 0 {
                    sc.letters += alpha;
                    sc.latin += alpha;
                    add_letters(&mut counts, &mut last, Script::Latin, alpha);
                }
                continue;
            }
            if s == Script::Other {
                continue;
            }
            sc.letters += 1;
            if s == Script::Latin {
                sc.latin += 1;
            }
            if matches!(s, Script::Han | Script::Kana | Script::Thai) {
                sc.cjk += 1;
            }
            // The letters after it in the same uncased script (Bengali, Arabic, Devanagari) go
            // in one stretch: word characters, their own lower case, no glue between them (the
            // tests hold `Scan::run` to the character-by-character definitions).
            let mut n = 1;
            if matches!(s, Script::Bengali | Script::Arabic | Script::Cyrillic) {
                // The letters after it in the same script go in one stretch (by bytes: the
                // tests hold `Scan::run` to the character-by-character definitions): word
                // characters, their lower case, no glue between them; so do the words after
                // it that a separator ([`sep_at`]) sets apart, each ending where it ends.
                let rest = chars.as_str();
                let ws = &mut word_start;
                let (end, more) = match s {
                    Script::Bengali => sc.stretch::<BengaliWords>(rest, arena, ws, lang),
                    Script::Arabic => sc.stretch::<ArabicWords>(rest, arena, ws, lang),
                    _ => sc.stretch::<CyrillicWords>(rest, arena, ws, lang),
                };
                if end > 0 {
                    n += more;
                    sc.norm_end = arena.len();
                    sc.letters += more;
                    chars = rest.get(end..).unwrap_or("").chars();
                }
            } else if s == Script::Devanagari {
                // The Devanagari letters after it likewise, one word.
                let rest = chars.as_str();
                let mut end = 0;
                for (k, d) in rest.char_indices() {
                    if d.is_ascii() || script_of(d) != s {
                        break;
                    }
                    end = k + d.len_utf8();
                    n += 1;
                }
                if end > 0 {
                    arena.push_str(rest.get(..end).unwrap_or(""));
                    sc.norm_end = arena.len();
                    sc.letters += n - 1;
                    chars = rest.get(end..).unwrap_or("").chars();
                }
            }
            add_letters(&mut counts, &mut last, s, n);
        }
        if let Some(ws) = word_start {
            sc.end_word(lang, arena.get(ws..));
        }
        sc.script = counts
            .iter()
            .filter(|c| c.1 > 0)
            .max_by_key(|c| c.1)
            .map(|c| c.0)
            .unwrap_or(Script::Other);
        (sc, glued)
    }

    /// The letters of one kind at the start of `rest` and the words after them that a
    /// separator ([`sep_at`]) sets apart, appended to `arena` lower-cased; each word but the
    /// last is counted where it ends (looked up in `rest` itself when it has no capital),
    /// and `word_start` is left at the last one (unchanged when no separator was crossed).
    /// Returns the bytes read and the letters among them.
    #[inline]
    fn stretch<K: Stretch>(
        &mut self,
        rest: &str,
        arena: &mut String,
        word_start: &mut Option<usize>,
        lang: &LanguageDetector,
    ) -> (usize, usize) {
        let rb = rest.as_bytes();
        let mut end = 0;
        let mut n = 0;
        // `rest[pushed..end]` is not in the arena yet; `word`: where the current word starts
        // in `rest` (`None`: it began before the stretch, at `word_start` in the arena).
        let mut pushed = 0;
        let mut word: Option<usize> = None;
        loop {
            if let Some(w) = K::letter_at(rb, end) {
                end += w;
                n += 1;
                continue;
            }
            let Some(k) = sep_at(rb, end).filter(|&k| K::letter_at(rb, end + k).is_some()) else {
                break;
            };
            // The word ends at the separator; the next one starts after it.
            let w = word.and_then(|a| rest.get(a..end));
            match w {
                Some(w) if !K::has_capital(w.as_bytes()) => self.end_word(lang, Some(w)),
                _ => {
                    let len = word.map(|a| end - a);
                    K::push(arena, rest.get(pushed..end).unwrap_or(""));
                    pushed = end;
                    let from = match len {
                        Some(len) => arena.len().checked_sub(len),
                        None => word_start.take(),
                    };
                    if let Some(ws) = from {
                        self.end_word(lang, arena.get(ws..));
                    }
                }
            }
            end += k;
            word = Some(end);
        }
        let before = arena.len();
        K::push(arena, rest.get(pushed..end).unwrap_or(""));
        if let Some(a) = word {
            *word_start = Some(before + (a - pushed));
        }
        (end, n)
    }

    /// Count a word (lower case) and whether it is a stop word.
    #[inline]
    fn end_word(&mut self, lang: &LanguageDetector, lower: Option<&str>) {
        self.words += 1;
        if lower.is_some_and(|w| lang.is_stopword_lower(w)) {
            self.stop_hits += 1;
        }
    }
}

/// The byte length of a separator between two words at `b[i..]` that [`Scan::run`] can read
/// inside a stretch: neither a word character nor glue, its own lower case, and no sentence
/// end right before a letter (a space or hyphen; `, . ; : ! ?`, `،` or `।` then a space).
#[inline]
fn sep_at(b: &[u8], i: usize) -> Option<usize> {
    let x = *b.get(i)?;
    if x == b' ' || x == b'-' {
        return Some(1);
    }
    let space_at = |k: usize| b.get(i + k) == Some(&b' ');
    match x {
        b',' | b'.' | b';' | b':' | b'!' | b'?' => space_at(1).then_some(2),
        0xD8 => (b.get(i + 1) == Some(&0x8C) && space_at(2)).then_some(3),
        0xE0 => {
            (b.get(i + 1) == Some(&0xA5) && b.get(i + 2) == Some(&0xA4) && space_at(3)).then_some(4)
        }
        _ => None,
    }
}

/// What [`Scan::stretch`] reads: letters of one kind, how a text of them (and separators) is
/// lower-cased (byte lengths unchanged) and whether a word of them has a capital.
trait Stretch {
    fn letter_at(b: &[u8], i: usize) -> Option<usize>;
    fn push(arena: &mut String, seg: &str);
    fn has_capital(w: &[u8]) -> bool;
}

/// ASCII letters and digits.
struct AsciiWords;
/// Bengali letters (no case).
struct BengaliWords;
/// Arabic letters and harakat (no case).
struct ArabicWords;
/// Basic Cyrillic letters.
struct CyrillicWords;

impl Stretch for AsciiWords {
    #[inline]
    fn letter_at(b: &[u8], i: usize) -> Option<usize> {
        b.get(i).filter(|y| y.is_ascii_alphanumeric()).map(|_| 1)
    }
    #[inline]
    fn push(arena: &mut String, seg: &str) {
        let at = arena.len();
        arena.push_str(seg);
        if let Some(t) = arena.get_mut(at..) {
            t.make_ascii_lowercase();
        }
    }
    #[inline]
    fn has_capital(w: &[u8]) -> bool {
        w.iter().any(u8::is_ascii_uppercase)
    }
}

impl Stretch for BengaliWords {
    #[inline]
    fn letter_at(b: &[u8], i: usize) -> Option<usize> {
        bengali_letter_at(b, i)
    }
    #[inline]
    fn push(arena: &mut String, seg: &str) {
        arena.push_str(seg);
    }
    #[inline]
    fn has_capital(_: &[u8]) -> bool {
        false
    }
}

impl Stretch for ArabicWords {
    #[inline]
    fn letter_at(b: &[u8], i: usize) -> Option<usize> {
        arabic_letter_at(b, i)
    }
    #[inline]
    fn push(arena: &mut String, seg: &str) {
        arena.push_str(seg);
    }
    #[inline]
    fn has_capital(_: &[u8]) -> bool {
        false
    }
}

impl Stretch for CyrillicWords {
    #[inline]
    fn letter_at(b: &[u8], i: usize) -> Option<usize> {
        cyrillic_letter_at(b, i)
    }
    #[inline]
    fn push(arena: &mut String, seg: &str) {
        push_cyrillic(arena, seg);
    }
    #[inline]
    fn has_capital(w: &[u8]) -> bool {
        has_cyrillic_capital(w)
    }
}

/// Whether `b` holds a basic Cyrillic capital (U+0400..U+042F: D0 80..AF).
fn has_cyrillic_capital(b: &[u8]) -> bool {
    b.windows(2).any(|p| matches!(p, [0xD0, 0x80..=0xAF]))
}

/// Append `seg` (basic Cyrillic letters and separators) lower-cased as [`push_lower_char`]
/// does: the text between capitals is copied as it is.
fn push_cyrillic(arena: &mut String, seg: &str) {
    if !has_cyrillic_capital(seg.as_bytes()) {
        arena.push_str(seg);
        return;
    }
    let b = seg.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while let (Some(&b0), Some(&b1)) = (b.get(i), b.get(i + 1)) {
        if b0 != 0xD0 || !(0x80..=0xAF).contains(&b1) {
            i += 1;
            continue;
        }
        arena.push_str(seg.get(from..i).unwrap_or(""));
        // U+0400..U+040F to U+0450..U+045F, U+0410..U+042F to U+0430..U+044F.
        let u = 0x400 + u32::from(b1 - 0x80);
        let l = if u < 0x410 { u + 0x50 } else { u + 0x20 };
        arena.push(char::from_u32(l).unwrap_or('\u{fffd}'));
        i += 2;
        from = i;
    }
    arena.push_str(seg.get(from..).unwrap_or(""));
}

/// The byte length of the Bengali letter at `b[i..]` (U+0980..U+09FF: E0 A6 xx and E0 A7 xx,
/// but not the digits U+09E6..U+09EF, E0 A7 A6..AF), if one is there.
#[inline]
fn bengali_letter_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(0xE0), Some(0xA6), Some(_)) => Some(3),
        (Some(0xE0), Some(0xA7), Some(b2)) if !(0xA6..=0xAF).contains(b2) => Some(3),
        _ => None,
    }
}

/// The byte length of the Arabic letter or haraka at `b[i..]` in U+0600..U+06FF (D8..DB then
/// 80..BF; what `script_of` calls Arabic there), if one is there.
#[inline]
fn arabic_letter_at(b: &[u8], i: usize) -> Option<usize> {
    let (&b0, &b1) = (b.get(i)?, b.get(i + 1)?);
    if !(0xD8..=0xDB).contains(&b0) || !(0x80..=0xBF).contains(&b1) {
        return None;
    }
    let u = (u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F);
    matches!(
        u,
        0x621..=0x65F | 0x66E..=0x6D3 | 0x6D5..=0x6DC | 0x6DF..=0x6E8 | 0x6EA..=0x6EF | 0x6FA..=0x6FF
    )
    .then_some(2)
}

/// The byte length of the basic Cyrillic letter at `b[i..]` (U+0400..U+045F: D0 80..BF and
/// D1 80..9F), if one is there.
#[inline]
fn cyrillic_letter_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i), b.get(i + 1)) {
        (Some(0xD0), Some(0x80..=0xBF)) | (Some(0xD1), Some(0x80..=0x9F)) => Some(2),
        _ => None,
    }
}

/// Count `n` letters of script `s` in the first four scripts seen (`last`: the slot of the
/// letter before; most letters repeat its script, so that slot is tried first).
#[inline]
fn add_letters(counts: &mut [(Script, usize); 4], last: &mut usize, s: Script, n: usize) {
    match counts.get_mut(*last) {
        Some(slot) if slot.0 == s && slot.1 > 0 => slot.1 += n,
        _ => {
            if let Some(k) = counts.iter().position(|(k, c)| *k == s || *c == 0) {
                if let Some(slot) = counts.get_mut(k) {
                    slot.0 = s;
                    slot.1 += n;
                }
                *last = k;
            }
        }
    }
}

/// The previous character, for the glue precheck of [`Scan::run`]: a Latin letter, a
/// Bengali, Arabic, Devanagari or Cyrillic letter, or a sentence end (`. ! ? । ॥ ؟ ۔`).
const PREV_LATIN: u8 = 1;
const PREV_NON_LATIN: u8 = 2;
const PREV_STOP: u8 = 4;

/// [`is_word_char`] for `c` of script `s`, without Unicode tables for the digits and
/// sentence marks of the scripts read here.
#[inline]
fn is_word_char_in(c: char, s: Script) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if s != Script::Other {
        return true;
    }
    match c as u32 {
        0x660..=0x669 | 0x6F0..=0x6F9 | 0x966..=0x96F | 0x9E6..=0x9EF => true,
        0x60C | 0x61B | 0x61F | 0x6D4 | 0x964 | 0x965 => false,
        _ => is_word_char(c),
    }
}

/// Whether the pair `p` (script `ps`) then `c` (script `s`) may be a glue that
/// [`split_glued_caption`] or [`repair_glue`] acts on: a letter right after
/// `. ! ? । ॥ ؟ ۔`, or Latin letters touching Bengali, Arabic, Devanagari or Cyrillic ones.
#[cfg(test)]
fn glue_between(p: char, ps: Script, c: char, s: Script) -> bool {
    (ps == Script::Latin && is_non_latin_text_script(s))
        || (is_non_latin_text_script(ps) && s == Script::Latin)
        || (matches!(p, '।' | '॥' | '؟' | '۔' | '!' | '?' | '.')
            && (s != Script::Other || crate::lang::is_letter(c)))
}

/// Whether `line` may hold a glue that [`split_glued_caption`] or [`repair_glue`] acts on
/// (see [`glue_between`]). Lines without one skip both (most lines).
#[cfg(test)]
fn may_be_glued(line: &str) -> bool {
    let mut prev: Option<(char, Script)> = None;
    for c in line.chars() {
        let s = script_of(c);
        if prev.is_some_and(|(p, ps)| glue_between(p, ps, c, s)) {
            return true;
        }
        prev = Some((c, s));
    }
    false
}

/// Split glued captions off a line and repair its glue.
fn unglue(line: String, removed: &mut Vec<(&'static str, String)>) -> String {
    let mut l = line;
    // Glued captions may repeat ("alt textText alt textText").
    for _ in 0..4 {
        match split_glued_caption(&l) {
            Some((cap, rest)) => {
                removed.push(("caption", cap));
                l = rest;
            }
            None => break,
        }
    }
    // One repair can expose another: repeat until stable. Each change adds a space between
    // two non-space characters, so this ends.
    let mut l = normalize_ws(&l);
    loop {
        let r = normalize_ws(&repair_glue(&l));
        if r == l {
            break;
        }
        l = r;
    }
    l
}

/// Clean a list of lines: whitespace, glued captions and glue once per line, then the rules
/// in rounds until a round removes nothing. Line features are computed once; a round only
/// re-reads what depends on the other lines (page script, neighbours, repeats, story core).
pub fn clean_lines<I, T>(input: I, lex: &Lexicon, lang: &LanguageDetector) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: LineInput,
{
    clean_lines_memo(input, lex, lang, None)
}

/// Lines at most this long (bytes) are remembered by [`clean_lines_memo`].
const MEMO_LINE: usize = 256;
/// Lines remembered per thread at most (then the memo starts again).
const MEMO_LINES: usize = 8192;

/// What [`Line::read`] made of a line, kept to be replayed.
#[derive(Clone)]
struct Remembered {
    /// The line's text when reading changed it (glue repaired, captions split off).
    text: Option<String>,
    f: Feat,
    norm: String,
    inside: usize,
    fixed: Option<&'static str>,
}

/// The memo of one thread: whose it is (a cleaner's key), and per line the removals its
/// reading made and the line it gave (`None`: nothing left). The replays are boxed and the
/// table is made at its full size once: a slot is two words, and the table never grows by
/// copying itself (fresh memory is what a page costs most).
#[derive(Default)]
struct Memo {
    owner: u64,
    lines: std::collections::HashMap<String, Box<Replay>, foldhash::fast::RandomState>,
}

/// The removals a line's reading made and the line it gave (`None`: nothing left).
type Replay = (Vec<(&'static str, String)>, Option<Remembered>);

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// [`Line::read`] through the thread's memo of the cleaner `key`: a line read before (by this
/// thread, for this cleaner) is replayed instead of read again. Reading is a function of the
/// line, the lexicon and the stop words alone, so the result is the same; site chrome (menus,
/// bylines, share bars, footers) repeats from page to page, story lines do not and pay one
/// lookup. The map hashes with a seeded hasher (foldhash: lines come from the input).
fn read_remembered(
    key: u64,
    text: String,
    lex: &Lexicon,
    lang: &LanguageDetector,
    arena: &mut String,
    removed: &mut Vec<(&'static str, String)>,
) -> Option<Line> {
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.owner != key || m.lines.len() >= MEMO_LINES {
            m.lines.clear();
            m.lines.reserve(MEMO_LINES);
            m.owner = key;
        }
        if let Some((gone, line)) = m.lines.get(&text).map(|r| &**r) {
            removed.extend(gone.iter().cloned());
            let r = line.as_ref()?;
            let a = arena.len();
            arena.push_str(&r.norm);
            return Some(Line {
                text: r.text.clone().unwrap_or(text),
                f: r.f.clone(),
                norm: (a, arena.len()),
                inside: r.inside,
                fixed: r.fixed,
            });
        }
        let before = removed.len();
        let line = Line::read(text.clone(), lex, lang, arena, removed);
        let gone = removed.get(before..).unwrap_or(&[]).to_vec();
        let r = line.as_ref().map(|l| Remembered {
            text: (l.text != text).then(|| l.text.clone()),
            f: l.f.clone(),
            norm: arena.get(l.norm.0..l.norm.1).unwrap_or("").to_string(),
            inside: l.inside,
            fixed: l.fixed,
        });
        m.lines.insert(text, Box::new((gone, r)));
        line
    })
}

/// [`clean_lines`], remembering short lines per thread under `memo` (a cleaner's key, unique to
/// its lexicon and stop words) when given.
pub fn clean_lines_memo<I, T>(
    input: I,
    lex: &Lexicon,
    lang: &LanguageDetector,
    memo: Option<u64>,
) -> Outcome
where
    I: IntoIterator<Item = T>,
    T: LineInput,
{
    let input = input.into_iter();
    // Room for a typical page without growing.
    let mut removed = Vec::with_capacity(32);
    let mut arena = String::with_capacity(16 << 10);
    let mut lines: Vec<Line> = Vec::with_capacity(input.size_hint().0.max(64));
    for t in input {
        let s = t.into_normalized();
        if s.is_empty() {
            continue;
        }
        let l = match memo {
            Some(key) if s.len() <= MEMO_LINE => {
                read_remembered(key, s, lex, lang, &mut arena, &mut removed)
            }
            _ => Line::read(s, lex, lang, &mut arena, &mut removed),
        };
        if let Some(l) = l {
            lines.push(l);
        }
    }

    let mut alive: Vec<usize> = (0..lines.len()).collect();
    let mut title;
    loop {
        let (verdict, t) = one_round(&lines, &alive, &arena);
        title = t;
        let mut done = true;
        let mut next = Vec::with_capacity(alive.len());
        for (&i, v) in alive.iter().zip(verdict) {
            match (v, lines.get_mut(i)) {
                (Some(r), Some(l)) => {
                    removed.push((r, std::mem::take(&mut l.text)));
                    done = false;
                }
                _ => next.push(i),
            }
        }
        alive = next;
        // Every round but the last removes a line, so this ends; only a round that removes
        // nothing proves the kept lines stable (what makes cleaning idempotent).
        if done {
            break;
        }
    }
    let title = title.and_then(|i| lines.get(i)).map(|l| l.text.clone());
    let kept = alive
        .iter()
        .filter_map(|&i| lines.get_mut(i).map(|l| std::mem::take(&mut l.text)))
        .collect();
    Outcome {
        kept,
        removed,
        title,
    }
}

/// A line handed to [`clean_lines`]: turned into its whitespace-normalized form.
pub trait LineInput {
    fn into_normalized(self) -> String;
}

impl LineInput for &str {
    fn into_normalized(self) -> String {
        normalize_ws_cow(self).into_owned()
    }
}

impl LineInput for String {
    fn into_normalized(self) -> String {
        match normalize_ws_cow(&self) {
            Cow::Borrowed(_) => None,
            Cow::Owned(o) => Some(o),
        }
        .unwrap_or(self)
    }
}

/// A line already passed through [`normalize_ws`] (HTML blocks): taken as it is.
pub struct Normalized(pub String);

impl LineInput for Normalized {
    fn into_normalized(self) -> String {
        self.0
    }
}

/// A line whose tail repeats the next line: a breadcrumb glued to the headline. Judged on the
/// lines of the current round, so a line removed between the two exposes the pair.
fn glued_to_next(l: &str, next: Option<&str>) -> bool {
    let Some(next) = next else { return false };
    if l.len() > next.len() && l.ends_with(next) && next.chars().count() >= 8 {
        let head = l.get(..l.len() - next.len()).unwrap_or("");
        return head.split_whitespace().count() <= 8;
    }
    false
}

type FastSet<'a> = HashSet<&'a str, BuildHasherDefault<FastHasher>>;

/// One round over the lines still alive: a verdict for each (`None`: kept) and the index of
/// the headline line, if one was seen.
fn one_round(
    all: &[Line],
    alive: &[usize],
    arena: &str,
) -> (Vec<Option<&'static str>>, Option<usize>) {
    let lines: Vec<&Line> = alive.iter().filter_map(|&i| all.get(i)).collect();
    let n = lines.len();
    let norm = |l: &Line| arena.get(l.norm.0..l.norm.1).unwrap_or("");
    let mut verdict: Vec<Option<&'static str>> = vec![None; n];

    // Page script: the script of most letters.
    let mut by_script: Vec<(Script, usize)> = Vec::new();
    let mut total_letters = 0usize;
    let mut latin_total = 0usize;
    for l in &lines {
        match by_script.iter_mut().find(|s| s.0 == l.f.script) {
            Some(s) => s.1 += l.f.letters,
            None => by_script.push((l.f.script, l.f.letters)),
        }
        total_letters += l.f.letters;
        latin_total += l.f.latin;
    }
    let page_script = by_script.iter().max_by_key(|s| s.1).map(|s| s.0);
    let non_latin_page = page_script.is_some_and(|s| s != Script::Latin && s != Script::Other)
        && (total_letters - latin_total) * 10 >= total_letters * 6;

    for (i, l) in lines.iter().enumerate() {
        let f = &l.f;
        let next = lines.get(i + 1).map(|x| x.text.as_str());
        verdict[i] = if glued_to_next(&l.text, next) {
            Some("breadcrumb")
        } else if l.fixed.is_some() {
            l.fixed
        } else if non_latin_page && f.letters >= 3 && f.latin * 100 >= f.letters * 85 {
            Some(if f.words >= 6 {
                "marketing-paragraph"
            } else {
                "foreign-script-line"
            })
        } else {
            None
        };
    }

    // Glued breadcrumbs also against the next line kept so far (not only the next line):
    // a chain of them then goes in one round instead of one round per link.
    let mut next_kept: Option<usize> = None;
    for i in (0..n).rev() {
        if verdict[i].is_some() {
            continue;
        }
        if let Some(j) = next_kept.filter(|&j| j != i + 1) {
            if glued_to_next(&lines[i].text, Some(lines[j].text.as_str())) {
                verdict[i] = Some("breadcrumb");
                continue;
            }
        }
        next_kept = Some(i);
    }

    // Repeated lines: the second copy goes.
    let mut seen: FastSet = FastSet::with_capacity_and_hasher(n, Default::default());
    for (i, l) in lines.iter().enumerate() {
        let nm = norm(l);
        if verdict[i].is_some() || nm.is_empty() {
            continue;
        }
        if !seen.insert(nm) {
            verdict[i] = Some("repeated-line");
        }
    }

    // The story core: from the first to the last line of running prose.
    let strong: Vec<usize> = (0..n)
        .filter(|&i| verdict[i].is_none() && is_strong(&lines[i].f) && lines[i].inside == 0)
        .collect();
    let mut title: Option<usize>;
    if let (Some(&first), Some(&last)) = (strong.first(), strong.last()) {
        // Headline: the longest unpunctuated line of 3..=30 words before the story.
        let head = (0..first)
            .filter(|&i| verdict[i].is_none())
            .filter(|&i| {
                let l = lines[i];
                (3..=30).contains(&l.f.words) && !l.text.ends_with(['.', '।', '۔'])
            })
            .max_by_key(|&i| (lines[i].f.words, i));
        title = head;
        for i in 0..n {
            if verdict[i].is_some() {
                continue;
            }
            let f = &lines[i].f;
            let hits = lines[i].inside;
            if i < first {
                if Some(i) == head {
                    continue;
                }
                let lede = f.words >= 8 && f.final_punct && hits == 0;
                if !lede {
                    verdict[i] = Some(if f.words <= 3 {
                        "short-menu-line"
                    } else if hits > 0 {
                        "marketing-paragraph"
                    } else {
                        "leading-chrome"
                    });
                }
            } else if i > last {
                let tail = f.words >= 6 && f.final_punct && hits == 0;
                if !tail {
                    verdict[i] = Some(if f.words <= 3 {
                        "short-menu-line"
                    } else if hits > 0 {
                        "marketing-paragraph"
                    } else {
                        "trailing-chrome"
                    });
                }
            } else if hits >= 2 {
                verdict[i] = Some("marketing-paragraph");
            }
        }
    } else {
        // No running prose: keep what is not chrome; a short unpunctuated first line is the
        // headline.
        for i in 0..n {
            if verdict[i].is_none() && lines[i].inside >= 2 {
                verdict[i] = Some("marketing-paragraph");
            }
        }
        title = (0..n)
            .find(|&i| verdict[i].is_none())
            .filter(|&i| (2..=20).contains(&lines[i].f.words) && !lines[i].f.final_punct);
    }
    if title.is_none() {
        if let Some(i) = (0..n).find(|&i| verdict[i].is_none()) {
            let f = &lines[i].f;
            if (3..=20).contains(&f.words) && !f.final_punct && n > 1 {
                title = Some(i);
            }
        }
    }
    (verdict, title.and_then(|i| alive.get(i).copied()))
}

/// A line of running prose: long enough, and punctuated or full of function words.
fn is_strong(f: &Feat) -> bool {
    f.words >= 8 && (f.final_punct || (f.words >= 15 && f.stop >= 0.12))
}

/// `- Advertisement -`, `[ Sponsored ]`, `*** Ad ***`: a few words wrapped in decoration.
fn is_ad_marker(line: &str, f: &Feat) -> bool {
    if f.words == 0 || f.words > 3 {
        return false;
    }
    let deco = |c: char| {
        matches!(
            c,
            '-' | '–' | '—' | '=' | '*' | '_' | '[' | ']' | '(' | ')' | '~' | '•' | '·'
        )
    };
    let first = line.chars().next().is_some_and(deco);
    let last = line.chars().next_back().is_some_and(deco);
    first && last
}

/// Whether `s` starts with the ASCII `prefix`, ignoring ASCII case.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A URL, an e-mail address or a handle alone on a line.
fn is_link_like(line: &str, f: &Feat) -> bool {
    if f.words > 6 {
        return false;
    }
    let l = line.trim();
    let urlish = starts_with_ci(l, "http://")
        || starts_with_ci(l, "https://")
        || starts_with_ci(l, "www.")
        || (l.contains('@') && !l.contains(' ') && l.contains('.'));
    urlish || (l.starts_with('#') && l.split_whitespace().all(|w| w.starts_with('#')))
}

/// Breadcrumb separators.
fn is_crumb_sep(c: char) -> bool {
    matches!(c, '/' | '›' | '»' | '>' | '|' | '·' | '→' | '«')
}

/// A breadcrumb: short segments separated by `/ › » > | ·`, at least two of them.
fn is_breadcrumb(line: &str, f: &Feat) -> bool {
    if f.final_punct || f.words > 12 || !line.contains(is_crumb_sep) || line.contains("://") {
        return false;
    }
    let mut parts = 0usize;
    for p in line.split(is_crumb_sep).map(str::trim) {
        if p.is_empty() {
            continue;
        }
        if p.split_whitespace().count() > 4 {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// Split a Latin run (three words or more) glued to following non-Latin letters off the line:
/// image alt text or a caption pasted before the text. Returns (caption, rest).
fn split_glued_caption(line: &str) -> Option<(String, String)> {
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        if let Some((_, p)) = prev {
            let ps = script_of(p);
            let cs = script_of(c);
            if ps == Script::Latin && is_non_latin_text_script(cs) {
                let head = line.get(..i)?;
                // The run of Latin text (letters, spaces, digits, light punctuation) before.
                let start = head
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| {
                        let s = script_of(*ch);
                        !(s == Script::Latin || s == Script::Other) || is_sentence_end(*ch)
                    })
                    .map(|(k, ch)| k + ch.len_utf8())
                    .unwrap_or(0);
                let run = head.get(start..)?.trim();
                if run.split_whitespace().count() >= 3 {
                    let before = head.get(..start)?.trim();
                    let after = line.get(i..)?.trim();
                    let rest = if before.is_empty() {
                        after.to_string()
                    } else {
                        format!("{before} {after}")
                    };
                    return Some((run.to_string(), rest));
                }
            }
        }
        prev = Some((i, c));
    }
    None
}

/// Insert a space where a sentence end is glued to the next sentence's first letter, and
/// where Latin letters touch Bengali, Arabic, Devanagari or Cyrillic ones.
pub fn repair_glue(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let Some(&next) = chars.get(i + 1) else { break };
        if !crate::lang::is_letter(next) {
            continue;
        }
        let before_script = i
            .checked_sub(1)
            .and_then(|k| chars.get(k))
            .map(|&ch| script_of(ch));
        let cs = script_of(c);
        let ns = script_of(next);
        let glue = match c {
            '।' | '॥' | '؟' | '۔' => true,
            '!' | '?' => ns != Script::Latin || next.is_uppercase(),
            '.' => {
                // "word.Next" (not "U.S.", "3.5", "example.com"): the word before has two
                // lower-case letters at least and the next letter starts a capitalized word
                // or belongs to a non-Latin script.
                let word_before: String = chars
                    .get(..i)
                    .unwrap_or(&[])
                    .iter()
                    .rev()
                    .take_while(|&&ch| {
                        crate::lang::is_letter(ch) && Some(script_of(ch)) == before_script
                    })
                    .collect();
                let lowerish = word_before.chars().count() >= 2
                    && word_before.chars().all(|ch| !ch.is_uppercase());
                let next_next_lower = chars.get(i + 2).is_some_and(|ch| ch.is_lowercase());
                lowerish
                    && ((ns == Script::Latin && next.is_uppercase() && next_next_lower)
                        || (ns == Script::Cyrillic && next.is_uppercase())
                        || matches!(ns, Script::Bengali | Script::Arabic | Script::Devanagari))
            }
            _ => {
                (cs == Script::Latin && is_non_latin_text_script(ns))
                    || (is_non_latin_text_script(cs) && ns == Script::Latin)
            }
        };
        if glue {
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glue_is_repaired() {
        assert_eq!(repair_glue("সে বলে।পরে সে যায়"), "সে বলে। পরে সে যায়");
        assert_eq!(repair_glue("قال ذلك؟ثم"), "قال ذلك؟ ثم");
        assert_eq!(
            repair_glue("the talks ended.Then he left"),
            "the talks ended. Then he left"
        );
        assert_eq!(
            repair_glue("the U.S. and example.com at 3.5"),
            "the U.S. and example.com at 3.5"
        );
        assert_eq!(repair_glue("Homeআন্তর্জাতিক"), "Home আন্তর্জাতিক");
    }

    #[test]
    fn glued_caption_is_split() {
        let (cap, rest) =
            split_glued_caption("the minister greets the envoy in the capitalমন্ত্রী দূতকে স্বাগত জানান")
                .unwrap_or_default();
        assert_eq!(cap, "the minister greets the envoy in the capital");
        assert_eq!(rest, "মন্ত্রী দূতকে স্বাগত জানান");
        assert!(split_glued_caption("Google-এর নতুন ফোন").is_none());
    }

    fn run(lines: &[&str]) -> Outcome {
        let lex = Lexicon::builtin();
        let lang = LanguageDetector::new();
        clean_lines(lines.iter().copied(), &lex, &lang)
    }

    /// A breadcrumb glued to the lede, with a share line between it and the lede: the share
    /// line goes first, and the glued line must go in the same cleaning, not in a second one.
    #[test]
    fn glued_breadcrumb_is_removed_once_its_neighbour_goes() {
        let input = [
            "Home Politics The minister opened the new bridge over the river on Monday.",
            "Share on Facebook",
            "The minister opened the new bridge over the river on Monday.",
            "Traffic across the bridge will start next week after a final safety check.",
        ];
        let once = run(&input);
        assert_eq!(
            once.kept,
            [
                "The minister opened the new bridge over the river on Monday.",
                "Traffic across the bridge will start next week after a final safety check.",
            ]
        );
        assert!(once
            .removed
            .iter()
            .any(|(r, t)| *r == "breadcrumb" && t.starts_with("Home Politics")));
        let kept: Vec<&str> = once.kept.iter().map(String::as_str).collect();
        let twice = run(&kept);
        assert_eq!(twice.kept, once.kept);
        assert!(twice.removed.is_empty(), "{:?}", twice.removed);
    }

    /// A chain of lines each glued to the story's first line, with a symbols-only line before
    /// that one: all go (in one round, not one round per link).
    #[test]
    fn chain_of_glued_lines_goes() {
        let x = "The council met again on Tuesday and the talks went on without a break.";
        let mut input: Vec<String> = (1..=40).rev().map(|k| format!("h{k} {x}")).collect();
        input.push("•••".to_string());
        input.push(x.to_string());
        input.push("Traffic across the bridge will start next week after a safety check.".into());
        let refs: Vec<&str> = input.iter().map(String::as_str).collect();
        let once = run(&refs);
        assert_eq!(once.kept.len(), 2, "{:?}", once.kept);
        assert_eq!(once.kept.first().map(String::as_str), Some(x));
        let glued = once
            .removed
            .iter()
            .filter(|(r, _)| *r == "breadcrumb")
            .count();
        assert_eq!(glued, 40);
    }

    /// The reference whitespace normalization (the one [`normalize_ws_cow`] speeds up).
    fn normalize_ws_reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if matches!(c, '\u{feff}' | '\u{200b}' | '\u{ad}' | '\u{fffe}')
                || (c.is_control() && !c.is_whitespace())
            {
                continue;
            }
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
        out
    }

    #[test]
    fn whitespace_fast_paths_agree_with_the_reference() {
        let cases = [
            "",
            " ",
            "plain words",
            " lead and  double\tand trail\r\n",
            "a\u{b}b",
            "nbsp\u{a0}here and\u{2003}em\u{202f}narrow\u{3000}ideo\u{1680}ogham",
            "soft\u{ad}hyphen zero\u{200b}width bom\u{feff} nel\u{85}x c1\u{90}y",
            "curly \u{201c}quotes\u{201d} and \u{2014} dash stay",
            "বাংলা\u{200c}যুক্ত\u{200d}অক্ষর  থাকে",
            "line\u{2028}sep\u{2029}para\u{205f}math",
        ];
        for c in cases {
            let got = normalize_ws_cow(c);
            assert_eq!(got, normalize_ws_reference(c), "{c:?}");
            if got == c {
                assert!(matches!(got, Cow::Borrowed(_)), "{c:?} copied");
            }
        }
    }

    #[test]
    fn lines_without_a_glue_point_need_no_repair() {
        for l in [
            "the talks ended. Then he left",
            "সে বলে। পরে সে যায়",
            "Google-এর নতুন ফোন",
            "3.5 per cent, said the envoy.",
        ] {
            assert!(!may_be_glued(l), "{l}");
        }
        for l in [
            "ended.Then",
            "বলে।পরে",
            "Homeআন্তর্জাতিক",
            "МоскваMoscow",
            "at example.com",
        ] {
            assert!(may_be_glued(l), "{l}");
        }
    }

    #[test]
    fn word_char_fast_path_agrees() {
        for u in 0..0x3100u32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(
                is_word_char_in(c, script_of(c)),
                is_word_char(c),
                "U+{u:04X}"
            );
        }
    }

    #[test]
    fn lower_case_fast_path_agrees() {
        for u in 0..0x3100u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut fast = String::new();
            push_lower_char(&mut fast, c, script_of(c));
            let mut slow = String::new();
            crate::lang::push_lower(&mut slow, c.encode_utf8(&mut [0u8; 4]));
            assert_eq!(fast, slow, "U+{u:04X}");
        }
    }

    /// [`Scan::run`] as it was before the stretches of one script went in one go: a
    /// character at a time.
    fn scan_reference(text: &str, lang: &LanguageDetector, arena: &mut String) -> (Scan, bool) {
        let mut counts: [(Script, usize); 4] = [(Script::Other, 0); 4];
        let mut sc = Scan {
            letters: 0,
            latin: 0,
            cjk: 0,
            script: Script::Other,
            words: 0,
            stop_hits: 0,
            norm_start: None,
            norm_end: arena.len(),
        };
        arena.reserve(text.len());
        let mut word_start: Option<usize> = None;
        let mut last = 0usize;
        let mut glued = false;
        // What the previous character was, as far as glue goes (`PREV_*` bits).
        let mut prev = 0u8;
        for c in text.chars() {
            let pos = arena.len();
            let (s, word_char) = if c.is_ascii() {
                // ASCII: no tables; a letter is Latin, and a Latin letter after a sentence
                // end or after Bengali, Arabic, Devanagari or Cyrillic may be a glue.
                let b = c as u8;
                arena.push(char::from(b.to_ascii_lowercase()));
                let alpha = b.is_ascii_alphabetic();
                glued |= alpha && prev & (PREV_STOP | PREV_NON_LATIN) != 0;
                prev = if alpha {
                    PREV_LATIN
                } else if matches!(b, b'.' | b'!' | b'?') {
                    PREV_STOP
                } else {
                    0
                };
                let s = if alpha { Script::Latin } else { Script::Other };
                (s, b.is_ascii_alphanumeric())
            } else {
                let s = script_of(c);
                let non_latin = is_non_latin_text_script(s);
                glued |= (prev & PREV_LATIN != 0 && non_latin)
                    || (prev & PREV_NON_LATIN != 0 && s == Script::Latin)
                    || (prev & PREV_STOP != 0 && (s != Script::Other || crate::lang::is_letter(c)));
                prev = if s == Script::Latin {
                    PREV_LATIN
                } else if non_latin {
                    PREV_NON_LATIN
                } else if matches!(c, '।' | '॥' | '؟' | '۔') {
                    PREV_STOP
                } else {
                    0
                };
                push_lower_char(arena, c, s);
                (s, is_word_char_in(c, s))
            };
            if word_char {
                sc.norm_start.get_or_insert(pos);
                sc.norm_end = arena.len();
                word_start.get_or_insert(pos);
            } else if let Some(ws) = word_start.take() {
                sc.end_word(lang, arena.get(ws..pos));
            }
            if s == Script::Other {
                continue;
            }
            sc.letters += 1;
            if s == Script::Latin {
                sc.latin += 1;
            }
            if matches!(s, Script::Han | Script::Kana | Script::Thai) {
                sc.cjk += 1;
            }
            // Most letters repeat the script of the one before: try its slot first.
            match counts.get_mut(last) {
                Some(slot) if slot.0 == s && slot.1 > 0 => slot.1 += 1,
                _ => {
                    if let Some(k) = counts.iter().position(|(k, n)| *k == s || *n == 0) {
                        if let Some(slot) = counts.get_mut(k) {
                            slot.0 = s;
                            slot.1 += 1;
                        }
                        last = k;
                    }
                }
            }
        }
        if let Some(ws) = word_start {
            sc.end_word(lang, arena.get(ws..));
        }
        sc.script = counts
            .iter()
            .filter(|c| c.1 > 0)
            .max_by_key(|c| c.1)
            .map(|c| c.0)
            .unwrap_or(Script::Other);
        (sc, glued)
    }

    fn scan_fields(
        s: &Scan,
    ) -> (
        usize,
        usize,
        usize,
        Script,
        usize,
        usize,
        Option<usize>,
        usize,
    ) {
        (
            s.letters,
            s.latin,
            s.cjk,
            s.script,
            s.words,
            s.stop_hits,
            s.norm_start,
            s.norm_end,
        )
    }

    proptest::proptest! {
        /// The whole-text checks of `normalize_ws_cow` agree with the character definition,
        /// and a text it leaves alone is borrowed.
        #[test]
        fn normalize_agrees_with_the_reference(
            s in "[ a-zé«»—’ব\t\n\r\x0b\x0c\x00\x7f\u{85}\u{a0}\u{ad}\u{1680}\u{2000}\u{200a}\u{200b}\u{200c}\u{2028}\u{202f}\u{205f}\u{3000}\u{3001}\u{feff}\u{fffe}\u{ff0c}]{0,24}"
        ) {
            let got = normalize_ws_cow(&s);
            let want = normalize_ws_reference(&s);
            proptest::prop_assert_eq!(&*got, want.as_str());
            if *got == *s {
                proptest::prop_assert!(matches!(got, Cow::Borrowed(_)));
            }
        }

        /// Reading a line by stretches gives what reading it a character at a time gives.
        #[test]
        fn scan_by_stretches_agrees(l in "[ .!?।॥؟۔,،a-zA-Z0-9éÉßİ\u{980}-\u{9ff}\u{600}-\u{6ff}а-яА-ЯЁёЀ-Џѐ-џѠ-ѡ\u{900}-\u{97f}«»-]{0,40}", pre in "[ xyz]{0,3}") {
            let lang = LanguageDetector::new();
            let mut a = pre.clone();
            let mut b = pre.clone();
            let (sa, ga) = Scan::run(&l, &lang, &mut a);
            let (sb, gb) = scan_reference(&l, &lang, &mut b);
            proptest::prop_assert_eq!(&a, &b);
            proptest::prop_assert_eq!(ga, gb);
            proptest::prop_assert_eq!(scan_fields(&sa), scan_fields(&sb));
        }
    }

    /// Every character of the Bengali, Arabic, Devanagari and Cyrillic blocks (and next to
    /// them) inside a stretch of each of those scripts and of ASCII.
    #[test]
    fn scan_by_stretches_agrees_on_every_block_character() {
        let lang = LanguageDetector::new();
        for u in (0x3F0..0x530u32).chain(0x5F0..0x710).chain(0x8F0..0xA10) {
            let Some(c) = char::from_u32(u) else {
                continue;
            };
            for w in ["কখ", "بت", "कख", "аБ", "ab"] {
                let l = format!("{w}{c}{w} {c}{w}{c}");
                let (mut a, mut b) = (String::new(), String::new());
                let (sa, ga) = Scan::run(&l, &lang, &mut a);
                let (sb, gb) = scan_reference(&l, &lang, &mut b);
                assert_eq!(
                    (a, ga, scan_fields(&sa)),
                    (b, gb, scan_fields(&sb)),
                    "U+{u:04X} {w}"
                );
            }
        }
    }

    #[test]
    fn scan_by_stretches_agrees_on_stop_words() {
        let lang = LanguageDetector::new();
        for l in [
            "The talks in the city ended, and the envoy left.",
            "সে বলে যে আলোচনা শেষ হয়েছে এবং দূত চলে গেছেন।",
            "قال إن المحادثات انتهت وإن المبعوث غادر.",
            "Он сказал, что переговоры закончились И посол уехал.",
            "ОН СКАЗАЛ ЧТО Ёлка ЂЉЊ.",
            "Well-known: the plan; the vote! Then? No, said the Mayor. End-",
            "আলোচনা শেষ। পরে দূত, মন্ত্রী ও সচিব চলে-গেছেন। ২০২৪ সালে",
            "قال، إن المحادثات: انتهت؟ نعم. وإن المبعوث، غادر",
            "Переговоры, ВСЕ, закончились. Посол-уехал в Москву! Да? Нет; и итог",
        ] {
            let (mut a, mut b) = (String::new(), String::new());
            let (sa, ga) = Scan::run(l, &lang, &mut a);
            let (sb, gb) = scan_reference(l, &lang, &mut b);
            assert_eq!((a, ga, scan_fields(&sa)), (b, gb, scan_fields(&sb)), "{l}");
            assert!(sa.stop_hits > 0, "{l}");
        }
    }

    proptest::proptest! {
        /// The glue precheck is sound: a line it lets through is one that caption splitting
        /// and glue repair leave alone.
        #[test]
        fn glue_precheck_misses_no_glue(l in "[ .!?।॥؟۔,،a-zA-Zéঅ-হا-يа-яА-Яक-ह০-৯٠-٩0-9-]{0,24}") {
            let l = normalize_ws(&l);
            let lang = LanguageDetector::new();
            let mut arena = String::new();
            proptest::prop_assert_eq!(Scan::run(&l, &lang, &mut arena).1, may_be_glued(&l));
            if !may_be_glued(&l) {
                proptest::prop_assert_eq!(repair_glue(&l), l.clone());
                proptest::prop_assert!(split_glued_caption(&l).is_none());
            }
        }
    }
}
