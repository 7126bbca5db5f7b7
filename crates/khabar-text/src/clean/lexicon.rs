//! The cleaner's knowledge, read from `data/clean/`: chrome phrases per language (exact or
//! prefix lines, and `~` phrases matched inside a line), photo-caption markers, and HTML
//! class/id hints. Phrases are compared on a normalized form (lower case, outer punctuation
//! stripped, single spaces). No matching logic beyond that lives here. Whole-line phrases sit
//! in a hash set (keyed by a fast non-cryptographic hash: the keys are our own data), inside
//! phrases and caption markers in one Aho–Corasick automaton each (a dense DFA, [`super::dfa`],
//! when the list is small enough, as the built-in one is), so a line is scanned once whatever
//! the number of phrases.

use super::dfa::Dfa;
use crate::lang::FastHasher;
use daachorse::DoubleArrayAhoCorasick;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

type FastSet = HashSet<String, BuildHasherDefault<FastHasher>>;

/// A list of phrases matched anywhere in a text, compiled into one automaton.
#[derive(Default)]
pub struct Phrases {
    /// The phrases as listed (a phrase listed twice counts twice).
    list: Vec<String>,
    /// Distinct phrases; the value of each is its index in `weight`.
    automaton: Option<DoubleArrayAhoCorasick<u32>>,
    /// The same as a dense DFA (faster; absent for a list too large for it).
    dfa: Option<Dfa>,
    /// How many times each distinct phrase is listed.
    weight: Vec<usize>,
}

impl std::fmt::Debug for Phrases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.list).finish()
    }
}

impl Phrases {
    /// Add a phrase; [`Phrases::compile`] makes it count.
    fn push(&mut self, phrase: String) {
        if !phrase.is_empty() {
            self.list.push(phrase);
        }
    }

    /// Build the automaton from the phrases listed so far.
    fn compile(&mut self) {
        let mut distinct: Vec<&str> = Vec::new();
        let mut weight: Vec<usize> = Vec::new();
        for p in &self.list {
            match distinct.iter().position(|d| d == p) {
                Some(k) => {
                    if let Some(w) = weight.get_mut(k) {
                        *w += 1;
                    }
                }
                None => {
                    distinct.push(p);
                    weight.push(1);
                }
            }
        }
        let patvals = distinct
            .iter()
            .enumerate()
            .map(|(k, p)| (p.as_bytes(), u32::try_from(k).unwrap_or(u32::MAX)));
        self.automaton = None;
        self.dfa = None;
        if distinct.is_empty() {
            return;
        }
        self.dfa = Dfa::new(&distinct);
        match DoubleArrayAhoCorasick::with_values(patvals) {
            Ok(a) => self.automaton = Some(a),
            Err(e) => {
                tracing::warn!("clean lexicon: phrase automaton not built ({e}); phrases unused");
                self.automaton = None;
            }
        }
        self.weight = weight;
    }

    /// How many listed phrases occur in `text` (each counted once however often it occurs).
    pub fn count(&self, text: &str) -> usize {
        let mut seen: Vec<u32> = Vec::new();
        if let Some(d) = &self.dfa {
            d.each(text, |id| {
                if !seen.contains(&id) {
                    seen.push(id);
                }
                true
            });
        } else {
            let Some(a) = &self.automaton else { return 0 };
            for m in a.find_overlapping_iter(text.as_bytes()) {
                if !seen.contains(&m.value()) {
                    seen.push(m.value());
                }
            }
        }
        seen.iter()
            .map(|&k| self.weight.get(k as usize).copied().unwrap_or(0))
            .sum()
    }

    /// Whether any listed phrase occurs in `text`.
    pub fn any(&self, text: &str) -> bool {
        if let Some(d) = &self.dfa {
            let mut found = false;
            d.each(text, |_| {
                found = true;
                false
            });
            return found;
        }
        self.automaton
            .as_ref()
            .is_some_and(|a| a.find_iter(text.as_bytes()).next().is_some())
    }

    /// Number of phrases as listed.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether no phrase is listed.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

const CHROME: &[&str] = &[
    include_str!("../../data/clean/chrome.en.txt"),
    include_str!("../../data/clean/chrome.bn.txt"),
    include_str!("../../data/clean/chrome.ar.txt"),
    include_str!("../../data/clean/chrome.ru.txt"),
    include_str!("../../data/clean/chrome.fr.txt"),
    include_str!("../../data/clean/chrome.es.txt"),
    include_str!("../../data/clean/chrome.de.txt"),
    include_str!("../../data/clean/chrome.tr.txt"),
    include_str!("../../data/clean/chrome.fa.txt"),
    include_str!("../../data/clean/chrome.ur.txt"),
    include_str!("../../data/clean/chrome.hi.txt"),
];
const CAPTIONS: &str = include_str!("../../data/clean/captions.txt");
const DATELINES: &str = include_str!("../../data/clean/dateline.txt");
const BYLINES: &str = include_str!("../../data/clean/byline.txt");
const HINTS: &str = include_str!("../../data/clean/html_hints.txt");

/// Chrome phrases, caption markers and class hints.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Whole-line phrases (normalized).
    pub lines: FastSet,
    /// First words of the whole-line phrases, outer punctuation stripped: a line whose first
    /// word is not one of them matches no phrase.
    first_words: FastSet,
    /// Every word prefix of the whole-line phrases ("leave", "leave a", "leave a reply"): a
    /// line prefix outside it starts no phrase.
    prefixes: FastSet,
    /// Longest whole-line phrase, in words.
    pub max_words: usize,
    /// Longest whole-line phrase, in bytes.
    max_len: usize,
    /// Phrases matched inside a line (normalized).
    pub inside: Phrases,
    /// Caption markers (lower case).
    pub captions: Phrases,
    /// Labels that open a page's publication line (lower case, longest first;
    /// `dateline.txt`).
    pub datelines: Vec<String>,
    /// Words that open a byline (lower case; `byline.txt`).
    pub bylines: Vec<String>,
    /// First words of the publication labels and byline openers (lower case).
    meta_first: FastSet,
    /// Non-zero at the first bytes of `meta_first` (lower case): most lines fail on it.
    meta_bytes: Vec<u8>,
    /// class/id fragments of boilerplate regions.
    pub negative: Vec<String>,
    /// class/id fragments of story regions.
    pub positive: Vec<String>,
    /// All class/id fragments in one automaton; each value is a set of `HINT_*` bits.
    hints: Hints,
}

/// Lower case, outer non-alphanumeric characters stripped, whitespace collapsed.
pub fn normalize(s: &str) -> String {
    let t = s.trim_matches(|c: char| !crate::lang::is_word_char(c));
    let mut out = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let mut b = [0u8; 4];
        crate::lang::push_lower(&mut out, c.encode_utf8(&mut b));
    }
    out
}

/// The class/id hint automaton (absent until compiled).
#[derive(Default)]
struct Hints(Option<DoubleArrayAhoCorasick<u32>>);

impl std::fmt::Debug for Hints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hints({})", self.0.is_some())
    }
}

const HINT_POSITIVE: u32 = 1;
const HINT_NEGATIVE: u32 = 2;
/// "comment" and "related" veto a story hint ("comment-body" is not the story).
const HINT_VETO: u32 = 4;

/// The first word of a normalized text, trailing punctuation stripped ("home," -> "home").
fn first_word(norm: &str) -> &str {
    // A byte loop: first words are short, shorter than a `memchr` call's setup.
    let end = norm.bytes().position(|b| b == b' ').unwrap_or(norm.len());
    norm.get(..end)
        .unwrap_or("")
        .trim_end_matches(|c: char| !crate::lang::is_word_char(c))
}

impl Lexicon {
    /// Whether `line` opens with a publication label ([`Lexicon::datelines`]) followed by a
    /// separator or a digit, and is short enough to be a page's meta line.
    pub fn is_dateline(&self, line: &str) -> bool {
        if line.len() > 200 || !self.opens_meta(line) || !line.chars().any(|c| c.is_numeric()) {
            return false;
        }
        let lower = line.trim_start().to_lowercase();
        self.datelines.iter().any(|label| {
            lower.strip_prefix(label.as_str()).is_some_and(|rest| {
                rest.chars().next().is_some_and(|c| {
                    matches!(c, ' ' | ':' | '-' | '–' | '—' | '|') || c.is_numeric()
                })
            })
        })
    }

    /// Whether the first word of `line` opens a publication label or a byline: the cheap test
    /// before the full ones (most lines fail it).
    fn opens_meta(&self, line: &str) -> bool {
        let t = line.trim_start();
        let Some(&b0) = t.as_bytes().first() else {
            return false;
        };
        if self
            .meta_bytes
            .get(usize::from(b0.to_ascii_lowercase()))
            .is_none_or(|&m| m == 0)
        {
            return false;
        }
        let end = t.find([' ', ':', '\t']).unwrap_or(t.len());
        let Some(first) = t.get(..end).filter(|f| f.len() <= 40) else {
            return false;
        };
        if first.is_ascii() {
            // Lower-cased on the stack: no allocation for the common case.
            let mut buf = [0u8; 40];
            let Some(low) = buf.get_mut(..first.len()) else {
                return false;
            };
            low.copy_from_slice(first.as_bytes());
            low.make_ascii_lowercase();
            std::str::from_utf8(low).is_ok_and(|w| self.meta_first.contains(w))
        } else if first.chars().next().is_some_and(char::is_uppercase) {
            self.meta_first.contains(first.to_lowercase().as_str())
        } else {
            // Scripts without case (Bengali, Arabic) and lower-case words as they are.
            self.meta_first.contains(first)
        }
    }

    /// Whether `line` is a page's meta line: a publication line ([`Lexicon::is_dateline`]) or
    /// a byline with its separators ("By Jane Doe | 4 June 2024 | Updated 3 hours ago";
    /// openers in `byline.txt`).
    pub fn is_meta_line(&self, line: &str) -> bool {
        if self.is_dateline(line) {
            return true;
        }
        if line.len() > 200 || !line.contains(['|', '•', '·']) || !self.opens_meta(line) {
            return false;
        }
        let lower = line.trim_start().to_lowercase();
        self.bylines.iter().any(|label| {
            lower
                .strip_prefix(label.as_str())
                .is_some_and(|rest| rest.starts_with([' ', ':']))
        })
    }

    /// The lexicon compiled from `data/clean`.
    pub fn builtin() -> Self {
        let mut lx = Lexicon::default();
        for data in CHROME {
            for line in data.lines() {
                lx.add_line(line);
            }
        }
        lx.inside.compile();
        for line in CAPTIONS.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('#') {
                lx.captions.push(l.to_lowercase());
            }
        }
        lx.captions.compile();
        lx.datelines = DATELINES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        lx.datelines.sort_by_key(|l| std::cmp::Reverse(l.len()));
        lx.bylines = BYLINES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        lx.meta_first = lx
            .datelines
            .iter()
            .chain(&lx.bylines)
            .filter_map(|l| l.split([' ', ':']).next())
            .map(str::to_string)
            .collect();
        lx.meta_bytes = vec![0; 256];
        for w in &lx.meta_first {
            if let Some(&b) = w.as_bytes().first() {
                if let Some(slot) = lx.meta_bytes.get_mut(usize::from(b)) {
                    *slot = 1;
                }
            }
        }
        for line in HINTS.lines() {
            let l = line.trim();
            if let Some(n) = l.strip_prefix("- ") {
                lx.negative.push(n.trim().to_lowercase());
            } else if let Some(p) = l.strip_prefix("+ ") {
                lx.positive.push(p.trim().to_lowercase());
            }
        }
        lx.compile_hints();
        lx
    }

    /// Build the class/id hint automaton from `positive` and `negative`.
    pub fn compile_hints(&mut self) {
        let mut pats: Vec<(&str, u32)> = Vec::new();
        let tagged = self
            .positive
            .iter()
            .map(|p| (p.as_str(), HINT_POSITIVE))
            .chain(self.negative.iter().map(|n| (n.as_str(), HINT_NEGATIVE)))
            .chain([("comment", HINT_VETO), ("related", HINT_VETO)]);
        for (p, bit) in tagged {
            if p.is_empty() {
                continue;
            }
            match pats.iter_mut().find(|(q, _)| *q == p) {
                Some((_, bits)) => *bits |= bit,
                None => pats.push((p, bit)),
            }
        }
        self.hints.0 = match DoubleArrayAhoCorasick::with_values(pats) {
            Ok(a) => Some(a),
            Err(e) => {
                tracing::warn!("clean lexicon: class hint automaton not built ({e})");
                None
            }
        };
    }

    /// Add one line in the chrome-file syntax (`phrase`, `~ phrase`, `# comment`).
    pub fn add_chrome_line(&mut self, line: &str) {
        if self.add_line(line) {
            self.inside.compile();
        }
    }

    /// Add one chrome-file line; true when it was an inside phrase (the automaton is stale).
    fn add_line(&mut self, line: &str) -> bool {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            return false;
        }
        if let Some(p) = l.strip_prefix('~') {
            self.inside.push(normalize(p));
            return true;
        } else {
            let n = normalize(l);
            if !n.is_empty() {
                self.max_words = self.max_words.max(n.split(' ').count());
                self.max_len = self.max_len.max(n.len());
                self.first_words.insert(first_word(&n).to_string());
                let mut end = 0;
                for (k, w) in n.split(' ').enumerate() {
                    end += w.len() + usize::from(k > 0);
                    if let Some(p) = n.get(..end) {
                        self.prefixes.insert(p.to_string());
                    }
                }
                self.lines.insert(n);
            }
        }
        false
    }

    /// Whether a line is a chrome phrase: equal to one, or starting with one (of two words or
    /// more, or followed by punctuation) and at most ten words longer.
    pub fn is_chrome_line(&self, norm: &str) -> bool {
        // Equal to a phrase, or starting with one, means starting with its first word.
        if norm.is_empty() || !self.first_words.contains(first_word(norm)) {
            return false;
        }
        if norm.len() <= self.max_len && self.lines.contains(norm) {
            return true;
        }
        let mut end = 0usize;
        for (k, w) in norm
            .as_bytes()
            .split(|&b| b == b' ')
            .enumerate()
            .take(self.max_words)
        {
            end += w.len() + usize::from(k > 0);
            let Some(prefix) = norm.get(..end) else { break };
            // The prefix may end in punctuation glued to the word ("comment!").
            let bare = prefix.trim_end_matches(|c: char| !crate::lang::is_word_char(c));
            // Longer prefixes have longer (or equal) bare forms: none can be a phrase.
            if bare.len() > self.max_len {
                break;
            }
            if !self.lines.contains(bare) {
                // A longer prefix is a phrase only if this one starts a phrase (its bare
                // form is this prefix and more words, or this prefix's bare form).
                if !self.prefixes.contains(prefix) {
                    break;
                }
                continue;
            }
            let words = k + 1;
            let punct_after = bare.len() < prefix.len();
            // At most ten words after the phrase.
            if (words >= 2 || punct_after) && norm.split(' ').nth(words + 10).is_none() {
                return true;
            }
        }
        false
    }

    /// How many inside phrases a normalized line holds.
    pub fn inside_hits(&self, norm: &str) -> usize {
        self.inside.count(norm)
    }

    /// Whether a line (lower case) holds a caption marker.
    pub fn has_caption_marker(&self, lower: &str) -> bool {
        self.captions.any(lower)
    }

    /// Class/id hint of an attribute value (ASCII case ignored): 1 when it holds a story
    /// fragment and neither "comment" nor "related", else -1 when it holds a boilerplate
    /// fragment, else 0.
    pub fn class_hint(&self, value: &str) -> i32 {
        let Some(a) = &self.hints.0 else { return 0 };
        let mut bits = 0u32;
        for m in a.find_overlapping_iter_from_iter(value.bytes().map(|b| b.to_ascii_lowercase())) {
            bits |= m.value();
        }
        if bits & HINT_POSITIVE != 0 && bits & HINT_VETO == 0 {
            1
        } else if bits & HINT_NEGATIVE != 0 {
            -1
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_and_prefix_lines_only() {
        let lx = Lexicon::builtin();
        assert!(lx.is_chrome_line(&normalize("LEAVE A REPLY")));
        assert!(lx.is_chrome_line(&normalize("Please enter your comment!")));
        assert!(lx.is_chrome_line(&normalize("اقرأ أيضاً: الرئيس يستقبل الوفد")));
        assert!(lx.is_chrome_line(&normalize("Home")));
        // A one-word phrase starting a sentence is not chrome.
        assert!(!lx.is_chrome_line(&normalize(
            "Home Secretary Jane Doe said on Monday that the talks would go on."
        )));
        assert!(!lx.is_chrome_line(&normalize(
            "Related talks were held in Geneva, officials said."
        )));
        assert!(lx.inside_hits(&normalize("Stay informed with our comprehensive coverage.")) >= 2);
    }

    /// Whole-line phrases match the line or its start (two words or more, or one followed by
    /// punctuation), however the line goes on after a prefix that starts no phrase.
    #[test]
    fn line_prefixes_stop_early_and_still_match() {
        let mut lx = Lexicon::default();
        lx.add_chrome_line("Leave a reply");
        lx.add_chrome_line("Home");
        lx.add_chrome_line("home, news and more");
        let yes = [
            "leave a reply",
            "leave a reply now please",
            "home",
            "home — world news today",
            "home, sweet home",
            "home, news and more from the valley",
        ];
        for l in yes {
            assert!(lx.is_chrome_line(&normalize(l)), "{l}");
        }
        let no = [
            "leave a comment below",
            "homeward bound",
            "home secretary jane doe said on monday that talks would go on",
            "leave",
            "leave a reply and then one two three four five six seven eight nine ten eleven",
        ];
        for l in no {
            assert!(!lx.is_chrome_line(&normalize(l)), "{l}");
        }
    }

    #[test]
    fn class_hints() {
        let lx = Lexicon::builtin();
        assert_eq!(lx.class_hint("comments-area"), -1);
        assert_eq!(lx.class_hint("article-body"), 1);
        assert_eq!(lx.class_hint("related-articles"), -1);
        assert_eq!(lx.class_hint("x"), 0);
    }

    #[test]
    fn inside_phrases_count_once_per_listing() {
        let mut lx = Lexicon::default();
        lx.add_chrome_line("~ subscribe now");
        lx.add_chrome_line("~ Subscribe now!");
        lx.add_chrome_line("~ our newsletter");
        assert_eq!(lx.inside.len(), 3);
        // Listed twice (same normalized form): counts two, however often it occurs.
        assert_eq!(lx.inside_hits("subscribe now and subscribe now"), 2);
        assert_eq!(lx.inside_hits("subscribe now to our newsletter"), 3);
        assert_eq!(lx.inside_hits("nothing here"), 0);
        assert!(Lexicon::default().inside.is_empty());
        assert_eq!(Lexicon::default().inside_hits("subscribe now"), 0);
        let bi = Lexicon::builtin();
        assert!(bi.has_caption_marker("the minister (left) greets the envoy"));
        assert!(!bi.has_caption_marker("the minister greets the envoy"));
    }
}
