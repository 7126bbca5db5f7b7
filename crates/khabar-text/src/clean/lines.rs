//! Line rules: decide, for each line (or HTML block) of a page, whether it is story or chrome,
//! repair glued sentences and scripts, split off glued photo captions and pick the headline.
//!
//! The rules run until nothing more is removed, so that cleaning a cleaned text changes
//! nothing. Signals are general (position, length, punctuation, stop words, script, phrases
//! from the lexicon); nothing here names a site.

use super::lexicon::{normalize, Lexicon};
use crate::lang::{script_of, LanguageDetector, Script};

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
    // Fast path: no control bytes and no byte that may start a Unicode space or invisible
    // character (U+00A0, U+00AD, U+1680, U+2000.., U+3000, U+FEFF): split on ASCII spaces.
    let plain = !s.bytes().any(|b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            || matches!(b, 0x7f | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
    });
    if plain {
        let mut out = String::with_capacity(s.len());
        for w in s.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        return out;
    }
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

/// Features of one line.
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

fn features(line: &str, lang: &LanguageDetector) -> Feat {
    let mut counts: [(Script, usize); 4] = [(Script::Other, 0); 4];
    let mut letters = 0usize;
    let mut latin = 0usize;
    let mut cjk = 0usize;
    for c in line.chars() {
        let s = script_of(c);
        if s == Script::Other {
            continue;
        }
        letters += 1;
        if s == Script::Latin {
            latin += 1;
        }
        if matches!(s, Script::Han | Script::Kana | Script::Thai) {
            cjk += 1;
        }
        if let Some(slot) = counts.iter_mut().find(|(k, n)| *k == s || *n == 0) {
            slot.0 = s;
            slot.1 += 1;
        }
    }
    let script = counts
        .iter()
        .filter(|c| c.1 > 0)
        .max_by_key(|c| c.1)
        .map(|c| c.0)
        .unwrap_or(Script::Other);
    let (stop, n) = lang.stopword_ratio(line);
    Feat {
        words: n.max(cjk / 2),
        letters,
        latin,
        script,
        final_punct: ends_sentence(line),
        stop,
    }
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

/// A URL, an e-mail address or a handle alone on a line.
fn is_link_like(line: &str, f: &Feat) -> bool {
    let l = line.trim();
    let lower = l.to_ascii_lowercase();
    if f.words > 6 {
        return false;
    }
    let urlish = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || (l.contains('@') && !l.contains(' ') && l.contains('.'));
    urlish
        || (l.starts_with('#') && l.split_whitespace().all(|w| w.starts_with('#')) && f.words <= 6)
}

/// A breadcrumb: short segments separated by `/ › » > | ·`, at least three of them.
fn is_breadcrumb(line: &str, f: &Feat) -> bool {
    if f.final_punct || f.words > 12 {
        return false;
    }
    let parts: Vec<&str> = line
        .split(['/', '›', '»', '>', '|', '·', '→', '«'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let seps = line
        .chars()
        .filter(|c| matches!(c, '/' | '›' | '»' | '>' | '|' | '·' | '→' | '«'))
        .count();
    seps >= 1
        && parts.len() >= 2
        && parts.iter().all(|p| p.split_whitespace().count() <= 4)
        && !line.contains("://")
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

/// Clean a list of lines. Runs the rules until no line is removed.
pub fn clean_lines(input: Vec<String>, lex: &Lexicon, lang: &LanguageDetector) -> Outcome {
    let mut removed = Vec::new();
    // Whitespace, glued captions, glue: once, up front.
    let lines: Vec<String> = input
        .iter()
        .map(|l| normalize_ws(l))
        .filter(|l| !l.is_empty())
        .collect();
    let prepared = lines;
    let mut lines: Vec<String> = Vec::with_capacity(prepared.len());
    for l in prepared {
        let mut l = l;
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
        // One repair can expose another ("Aاا.Aa": the space after "A" makes "اا." a
        // word end): repeat until stable.
        // Each change adds a space between two non-space characters, so this ends.
        let mut l = normalize_ws(&l);
        loop {
            let r = normalize_ws(&repair_glue(&l));
            if r == l {
                break;
            }
            l = r;
        }
        if !l.is_empty() {
            lines.push(l);
        }
    }

    let mut title;
    loop {
        let (kept, mut gone, t) = one_round(&lines, lex, lang);
        title = t;
        let done = gone.is_empty();
        removed.append(&mut gone);
        lines = kept;
        // Every round but the last removes a line, so this ends; only a round that removes
        // nothing proves the kept lines stable (what makes cleaning idempotent).
        if done {
            break;
        }
    }
    Outcome {
        kept: lines,
        removed,
        title,
    }
}

/// A line whose tail repeats the next line: a breadcrumb glued to the headline. Judged on the
/// lines of the current round, so a line removed between the two exposes the pair.
fn glued_to_next(l: &str, next: Option<&String>) -> bool {
    let Some(next) = next else { return false };
    if l.len() > next.len() && next.chars().count() >= 8 && l.ends_with(next.as_str()) {
        let head = l.get(..l.len() - next.len()).unwrap_or("");
        return head.split_whitespace().count() <= 8;
    }
    false
}

type Round = (Vec<String>, Vec<(&'static str, String)>, Option<String>);

fn one_round(lines: &[String], lex: &Lexicon, lang: &LanguageDetector) -> Round {
    let feats: Vec<Feat> = lines.iter().map(|l| features(l, lang)).collect();
    let norms: Vec<String> = lines.iter().map(|l| normalize(l)).collect();
    let inside: Vec<usize> = norms.iter().map(|n| lex.inside_hits(n)).collect();
    let mut verdict: Vec<Option<&'static str>> = vec![None; lines.len()];

    // Page script: the script of most letters.
    let mut by_script: Vec<(Script, usize)> = Vec::new();
    for f in &feats {
        match by_script.iter_mut().find(|s| s.0 == f.script) {
            Some(s) => s.1 += f.letters,
            None => by_script.push((f.script, f.letters)),
        }
    }
    let total_letters: usize = feats.iter().map(|f| f.letters).sum();
    let page_script = by_script.iter().max_by_key(|s| s.1).map(|s| s.0);
    let latin_total: usize = feats.iter().map(|f| f.latin).sum();
    let non_latin_page = page_script.is_some_and(|s| s != Script::Latin && s != Script::Other)
        && (total_letters - latin_total) * 10 >= total_letters * 6;

    for (i, l) in lines.iter().enumerate() {
        let f = &feats[i];
        let norm = &norms[i];
        let v = if glued_to_next(l, lines.get(i + 1)) {
            Some("breadcrumb")
        } else if f.letters == 0 && !l.chars().any(char::is_numeric) {
            Some("no-letters")
        } else if is_link_like(l, f) {
            Some("link-like")
        } else if lex.is_chrome_line(norm) {
            Some("chrome-lexicon")
        } else if is_ad_marker(l, f) {
            Some("ad-marker")
        } else if is_breadcrumb(l, f) {
            Some("breadcrumb")
        } else if !f.final_punct && f.words <= 40 && lex.has_caption_marker(&l.to_lowercase()) {
            Some("caption")
        } else if non_latin_page && f.letters >= 3 && f.latin * 100 >= f.letters * 85 {
            Some(if f.words >= 6 {
                "marketing-paragraph"
            } else {
                "foreign-script-line"
            })
        } else {
            None
        };
        verdict[i] = v;
    }

    // Repeated lines: the second copy goes.
    for i in 0..lines.len() {
        if verdict[i].is_some() || norms[i].is_empty() {
            continue;
        }
        if (0..i).any(|j| verdict[j].is_none() && norms[j] == norms[i]) {
            verdict[i] = Some("repeated-line");
        }
    }

    // The story core: from the first to the last line of running prose.
    let strong: Vec<usize> = (0..lines.len())
        .filter(|&i| verdict[i].is_none() && is_strong(&feats[i]) && inside[i] == 0)
        .collect();
    let mut title: Option<String>;
    if let (Some(&first), Some(&last)) = (strong.first(), strong.last()) {
        // Headline: the longest unpunctuated line of 3..=30 words before the story.
        let head = (0..first)
            .filter(|&i| verdict[i].is_none())
            .filter(|&i| {
                let f = &feats[i];
                (3..=30).contains(&f.words) && !lines[i].ends_with(['.', '।', '۔'])
            })
            .max_by_key(|&i| (feats[i].words, i));
        title = head.map(|i| lines[i].clone());
        for i in 0..lines.len() {
            if verdict[i].is_some() {
                continue;
            }
            let f = &feats[i];
            let hits = inside[i];
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
        for i in 0..lines.len() {
            if verdict[i].is_none() && inside[i] >= 2 {
                verdict[i] = Some("marketing-paragraph");
            }
        }
        title = (0..lines.len())
            .find(|&i| verdict[i].is_none())
            .filter(|&i| (2..=20).contains(&feats[i].words) && !feats[i].final_punct)
            .map(|i| lines[i].clone());
    }
    if title.is_none() {
        if let Some(i) = (0..lines.len()).find(|&i| verdict[i].is_none()) {
            let f = &feats[i];
            if (3..=20).contains(&f.words) && !f.final_punct && lines.len() > 1 {
                title = Some(lines[i].clone());
            }
        }
    }

    let mut kept = Vec::with_capacity(lines.len());
    let mut gone = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match verdict[i] {
            None => kept.push(l.clone()),
            Some(r) => gone.push((r, l.clone())),
        }
    }
    (kept, gone, title)
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
        clean_lines(lines.iter().map(|l| l.to_string()).collect(), &lex, &lang)
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
}
