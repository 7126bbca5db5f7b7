//! The cleaner's knowledge, read from `data/clean/`: chrome phrases per language (exact or
//! prefix lines, and `~` phrases matched inside a line), photo-caption markers, and HTML
//! class/id hints. Phrases are compared on a normalized form (lower case, outer punctuation
//! stripped, single spaces). No matching logic beyond that lives here.

use memchr::memmem::Finder;
use std::collections::HashSet;

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
const HINTS: &str = include_str!("../../data/clean/html_hints.txt");

/// Chrome phrases, caption markers and class hints.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Whole-line phrases (normalized).
    pub lines: HashSet<String>,
    /// Longest whole-line phrase, in words.
    pub max_words: usize,
    /// Phrases matched inside a line (normalized), compiled.
    pub inside: Vec<Finder<'static>>,
    /// Caption markers (lower case), compiled.
    pub captions: Vec<Finder<'static>>,
    /// class/id fragments of boilerplate regions.
    pub negative: Vec<String>,
    /// class/id fragments of story regions.
    pub positive: Vec<String>,
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

impl Lexicon {
    /// The lexicon compiled from `data/clean`.
    pub fn builtin() -> Self {
        let mut lx = Lexicon::default();
        for data in CHROME {
            for line in data.lines() {
                lx.add_chrome_line(line);
            }
        }
        for line in CAPTIONS.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('#') {
                lx.captions
                    .push(Finder::new(l.to_lowercase().as_bytes()).into_owned());
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
        lx
    }

    /// Add one line in the chrome-file syntax (`phrase`, `~ phrase`, `# comment`).
    pub fn add_chrome_line(&mut self, line: &str) {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            return;
        }
        if let Some(p) = l.strip_prefix('~') {
            let n = normalize(p);
            if !n.is_empty() {
                self.inside.push(Finder::new(n.as_bytes()).into_owned());
            }
        } else {
            let n = normalize(l);
            if !n.is_empty() {
                self.max_words = self.max_words.max(n.split(' ').count());
                self.lines.insert(n);
            }
        }
    }

    /// Whether a line is a chrome phrase: equal to one, or starting with one (of two words or
    /// more, or followed by punctuation) and at most ten words longer.
    pub fn is_chrome_line(&self, norm: &str) -> bool {
        if norm.is_empty() {
            return false;
        }
        if self.lines.contains(norm) {
            return true;
        }
        let total = norm.split(' ').count();
        let mut end = 0usize;
        for (k, w) in norm.split(' ').enumerate().take(self.max_words) {
            end += w.len() + usize::from(k > 0);
            let Some(prefix) = norm.get(..end) else { break };
            // The prefix may end in punctuation glued to the word ("comment!").
            let bare = prefix.trim_end_matches(|c: char| !crate::lang::is_word_char(c));
            if !self.lines.contains(bare) {
                continue;
            }
            let words = k + 1;
            let punct_after = bare.len() < prefix.len();
            if (words >= 2 || punct_after) && total <= words + 10 {
                return true;
            }
        }
        false
    }

    /// How many inside phrases a normalized line holds.
    pub fn inside_hits(&self, norm: &str) -> usize {
        self.inside
            .iter()
            .filter(|f| f.find(norm.as_bytes()).is_some())
            .count()
    }

    /// Whether a line (lower case) holds a caption marker.
    pub fn has_caption_marker(&self, lower: &str) -> bool {
        self.captions
            .iter()
            .any(|f| f.find(lower.as_bytes()).is_some())
    }

    /// Class/id hint of an attribute value: negative, positive or none.
    pub fn class_hint(&self, value: &str) -> i32 {
        let v = value.to_ascii_lowercase();
        if self.positive.iter().any(|p| v.contains(p.as_str()))
            && !v.contains("comment")
            && !v.contains("related")
        {
            return 1;
        }
        if self.negative.iter().any(|n| v.contains(n.as_str())) {
            return -1;
        }
        0
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

    #[test]
    fn class_hints() {
        let lx = Lexicon::builtin();
        assert_eq!(lx.class_hint("comments-area"), -1);
        assert_eq!(lx.class_hint("article-body"), 1);
        assert_eq!(lx.class_hint("related-articles"), -1);
        assert_eq!(lx.class_hint("x"), 0);
    }
}
