//! HTML to a list of text blocks in the page's main region, plus headline, title and
//! publication date from the markup.
//!
//! Built on the cleaner's own tokenizer ([`super::tokenize`]; no tree builder, no DOM): a
//! stack of open elements gives each text block its innermost container, its link text and
//! its class/id hints (text is read into a block with ASCII whitespace runs already
//! collapsed and its letters, commas and sentence ends counted on the way; container and hint
//! are inherited down the stack, not looked up). The
//! main region is the container whose blocks score best (length, commas, sentence ends, few
//! links), readability style; its blocks go on to the line rules. Script, style, nav, header,
//! footer, aside, form, noscript, iframe, svg, figcaption and similar elements are dropped
//! wholesale. It does not run scripts, apply CSS (hidden elements count as visible) or follow
//! frames.

use super::lexicon::Lexicon;
use super::lines::{normalize_ws, normalize_ws_cow};
use super::tokenize::{tokenize, Attr, Content, Sink};
use khabar_core::PartialDate;
use std::borrow::Cow;

/// What the page gave.
#[derive(Debug, Default)]
pub struct Page {
    /// Text blocks of the main region, in order.
    pub lines: Vec<String>,
    /// Blocks dropped here: (reason, text).
    pub removed: Vec<(&'static str, String)>,
    /// Headline for `doc.title`: h1, else og:title, else `<title>` without the site name.
    pub title: Option<String>,
    /// The story's own headline (h1 or og:title), to keep at the top of the text.
    pub headline: Option<String>,
    pub published: Option<PartialDate>,
}

#[derive(Debug)]
struct Elem {
    /// The element's name: `names[name.0..name.1]`.
    name: (usize, usize),
    /// Its [`flags`].
    fl: u8,
    /// The innermost container at or above it (0: none).
    cont: usize,
    /// Inside a boilerplate-hinted region (not overridden by a story hint below it).
    neg: bool,
}

#[derive(Debug, Default)]
struct Container {
    parent: Option<usize>,
    hint: i32,
    score: f32,
}

#[derive(Debug)]
struct Block {
    text: String,
    /// What [`Counts`] found in `text` as read (before [`normalize_ws`]).
    counts: Counts,
    link_letters: usize,
    container: usize,
    neg: bool,
    heading: bool,
}

/// Letters (as [`letters`] counts them), commas and sentence ends of a text, counted while it
/// is read, and whether it holds a character [`normalize_ws`] drops or turns into a space
/// beyond ASCII whitespace (then the counts are taken again on the normalized text).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Counts {
    letters: usize,
    commas: usize,
    ends: usize,
    special: bool,
}

#[derive(Debug, Default)]
struct State {
    stack: Vec<Elem>,
    /// Names of the open elements, one after the other.
    names: String,
    containers: Vec<Container>,
    blocks: Vec<Block>,
    /// The block being read: its text with ASCII whitespace runs already collapsed.
    cur: String,
    /// The last character put in `cur` was a space (or `cur` is empty).
    cur_space: bool,
    cur_counts: Counts,
    cur_links: usize,
    cur_heading: bool,
    skip: usize,
    links: usize,
    in_title: bool,
    in_h1: bool,
    in_ldjson: bool,
    title: String,
    h1: String,
    og_title: Option<String>,
    meta_date: Option<PartialDate>,
    time_date: Option<PartialDate>,
    ld: String,
    /// Visible text of the skipped element being read, the diagnostic reason of that
    /// element (when its text is visible), and whether markup came since the last text.
    skipped: String,
    skip_reason: Option<&'static str>,
    skipped_gap: bool,
    dropped: Vec<(&'static str, String)>,
}

/// How far down the stack of open elements an end tag looks for its element.
const MAX_CLOSE_DEPTH: usize = 512;

const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "original-publish-date",
    "article.published",
];

struct Reader<'l> {
    st: State,
    lex: &'l Lexicon,
}

fn attr<'t>(attrs: &'t [Attr<'_>], name: &str) -> Option<&'t str> {
    attrs.iter().find(|a| a.name == name).map(|a| &*a.value)
}

impl State {
    fn flush(&mut self) {
        if self.cur.ends_with(' ') {
            self.cur.pop();
        }
        let counts = std::mem::take(&mut self.cur_counts);
        self.cur_space = true;
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_links = 0;
            self.cur_heading = false;
            return;
        }
        let container = self.stack.last().map_or(0, |e| e.cont);
        let neg = self.stack.last().is_some_and(|e| e.neg);
        // A copy of the exact size; `cur` keeps its buffer for the next block.
        let text = self.cur.clone();
        self.cur.clear();
        self.blocks.push(Block {
            text,
            counts,
            link_letters: self.cur_links,
            container,
            neg,
            heading: self.cur_heading,
        });
        self.cur_links = 0;
        self.cur_heading = false;
    }

    /// Append text to the current block, ASCII whitespace runs as one space (what
    /// [`normalize_ws`] would make of them anyway) and no space at the start, counting its
    /// letters, commas and sentence ends on the way.
    fn push_cur(&mut self, s: &str) {
        let b = s.as_bytes();
        let n = b.len();
        let c = &mut self.cur_counts;
        // `s[from..i]` is still to be copied.
        let mut from = 0;
        let mut i = 0;
        while i < n {
            // Most bytes are letters or nothing to count: no dispatch for them.
            let mut class = B_PLAIN;
            while let Some(&x) = b.get(i) {
                class = BLOCK_CLASS.get(usize::from(x)).copied().unwrap_or(B_PLAIN);
                if class > B_LETTER {
                    // A lone space between words (not the first byte of what is still to be
                    // copied) stays in the slice: no dispatch for it either.
                    if x == b' ' && i > from && !b.get(i + 1).is_some_and(|&y| is_ascii_ws(y)) {
                        i += 1;
                        continue;
                    }
                    // Bengali and Arabic letters (lead bytes E0, D8, DB that start no danda,
                    // Arabic comma or sentence end) count here, as the dispatch below would.
                    let letter = match x {
                        0xE0 => {
                            !(b.get(i + 1) == Some(&0xA5)
                                && matches!(b.get(i + 2), Some(0xA4 | 0xA5)))
                        }
                        0xD8 => !matches!(b.get(i + 1), Some(0x8C | 0x9F)),
                        0xDB => b.get(i + 1) != Some(&0x94),
                        _ => false,
                    };
                    if letter {
                        c.letters += 1;
                        i += 1;
                        continue;
                    }
                    break;
                }
                c.letters += usize::from(class);
                i += 1;
            }
            if i >= n {
                break;
            }
            let x = b.get(i).copied().unwrap_or(0);
            match class {
                B_COMMA => c.commas += 1,
                B_END => c.ends += 1,
                B_WS => {
                    let after_space = if i > from { false } else { self.cur_space };
                    let next_ws = b.get(i + 1).is_some_and(|&y| is_ascii_ws(y));
                    if x == b' ' && !after_space && !next_ws {
                        // A lone space between words stays in the slice.
                        i += 1;
                        continue;
                    }
                    if i > from {
                        self.cur.push_str(s.get(from..i).unwrap_or(""));
                        self.cur_space = false;
                    }
                    let mut j = i + 1;
                    while b.get(j).is_some_and(|&y| is_ascii_ws(y)) {
                        j += 1;
                    }
                    if !self.cur_space {
                        self.cur.push(' ');
                        self.cur_space = true;
                    }
                    from = j;
                    i = j;
                    continue;
                }
                B_JUNK => c.special = true,
                B_E0 => {
                    // Bengali, Devanagari and neighbours; `। ॥` end a sentence.
                    c.letters += 1;
                    if b.get(i + 1) == Some(&0xA5) && matches!(b.get(i + 2), Some(0xA4 | 0xA5)) {
                        c.ends += 1;
                    }
                }
                _ => lead_byte(b, i, c),
            }
            i += 1;
        }
        if n > from {
            self.cur.push_str(s.get(from..).unwrap_or(""));
            self.cur_space = b.last() == Some(&b' ');
        }
    }
}

/// What a byte is to [`State::push_cur`].
const B_PLAIN: u8 = 0;
/// ASCII letters and digits, and lead bytes of non-ASCII characters not listed as `B_LEAD`.
const B_LETTER: u8 = 1;
/// `\t \n \x0c \r` and space.
const B_WS: u8 = 2;
const B_COMMA: u8 = 3;
/// `. ! ?`
const B_END: u8 = 4;
/// Lead bytes of the non-ASCII commas and sentence ends and of the characters
/// [`normalize_ws`] drops or turns into a space: [`lead_byte`] looks closer.
const B_LEAD: u8 = 5;
/// Other control bytes ([`normalize_ws`] drops them).
const B_JUNK: u8 = 6;
/// The lead byte of U+0800..U+0FFF (Bengali, Devanagari, ...): a letter, maybe `।` or `॥`.
const B_E0: u8 = 7;

const BLOCK_CLASS: [u8; 256] = {
    let mut t = [B_PLAIN; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() || b >= 0xC0 {
            B_LETTER
        } else if b < 0x20 || b == 0x7f {
            B_JUNK
        } else {
            B_PLAIN
        };
        i += 1;
    }
    t[b'\t' as usize] = B_WS;
    t[b'\n' as usize] = B_WS;
    t[b'\r' as usize] = B_WS;
    t[0x0c] = B_WS;
    t[b' ' as usize] = B_WS;
    t[b',' as usize] = B_COMMA;
    t[b'.' as usize] = B_END;
    t[b'!' as usize] = B_END;
    t[b'?' as usize] = B_END;
    t[0xC2] = B_LEAD;
    t[0xD8] = B_LEAD;
    t[0xDB] = B_LEAD;
    t[0xE0] = B_E0;
    t[0xE1] = B_LEAD;
    t[0xE2] = B_LEAD;
    t[0xE3] = B_LEAD;
    t[0xEF] = B_LEAD;
    t
};

/// Count the character whose lead byte is at `i` (a letter for [`letters`], maybe a comma
/// `، ， 、` or a sentence end `؟ ۔ … 。 ！ ？`) and note a character [`normalize_ws`] would
/// change.
#[inline]
fn lead_byte(b: &[u8], i: usize, c: &mut Counts) {
    c.letters += 1;
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match (at(0), at(1), at(2)) {
        (0xD8, 0x8C, _) | (0xE3, 0x80, 0x81) | (0xEF, 0xBC, 0x8C) => c.commas += 1,
        (0xD8, 0x9F, _)
        | (0xDB, 0x94, _)
        | (0xE2, 0x80, 0xA6)
        | (0xE3, 0x80, 0x82)
        | (0xEF, 0xBC, 0x81 | 0x9F) => c.ends += 1,
        _ => {
            if super::lines::special_at(b, i) {
                c.special = true;
            }
        }
    }
}

#[inline]
fn is_ascii_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl Reader<'_> {
    fn start(&mut self, name: &str, attrs: &[Attr<'_>], self_closing: bool) -> Content {
        let st = &mut self.st;
        st.skipped_gap = true;
        if name == "meta" {
            meta(st, attrs);
            return Content::Markup;
        }
        if name == "time" && st.time_date.is_none() {
            if let Some(d) = attr(attrs, "datetime").and_then(PartialDate::parse) {
                st.time_date = Some(d);
            }
        }
        let fl = flags(name);
        if fl & F_BLOCK != 0 {
            st.flush();
        }
        if fl & F_VOID != 0 || self_closing {
            return Content::Markup;
        }
        let content = content_of_name(name);
        if name == "title" {
            st.in_title = true;
        }
        if name == "script" {
            st.in_ldjson = attr(attrs, "type").is_some_and(|t| t.contains("ld+json"));
        }
        if fl & F_SKIP != 0 {
            if st.skip == 0 {
                st.flush();
                st.skip_reason = skipped_reason(name);
            }
            st.skip += 1;
        }
        if name == "a" {
            st.links += 1;
        }
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            st.cur_heading = true;
        }
        if name == "h1" && st.h1.is_empty() && st.skip == 0 {
            st.in_h1 = true;
        }
        // Hints from class, id, role and itemprop.
        let mut hint = 0;
        if !matches!(name, "html" | "body") && !attrs.is_empty() {
            let (mut class, mut id, mut role, mut itemprop) = (None, None, None, None);
            for a in attrs {
                let slot = match &*a.name {
                    "class" => &mut class,
                    "id" => &mut id,
                    "role" => &mut role,
                    "itemprop" => &mut itemprop,
                    _ => continue,
                };
                slot.get_or_insert(&*a.value);
            }
            for v in [class, id].into_iter().flatten() {
                let h = self.lex.class_hint(v);
                if h != 0 {
                    hint = h;
                    if h < 0 {
                        break;
                    }
                }
            }
            match role {
                Some("navigation" | "complementary" | "contentinfo" | "banner" | "search") => {
                    hint = -1
                }
                Some("main" | "article") => hint = 1,
                _ => {}
            }
            if itemprop.is_some_and(|v: &str| v.eq_ignore_ascii_case("articleBody")) {
                hint = 1;
            }
        }
        let parent_neg = st.stack.last().is_some_and(|e| e.neg);
        let neg = match hint {
            1 => false,
            -1 => true,
            _ => parent_neg,
        };
        let parent_cont = st.stack.last().map_or(0, |e| e.cont);
        let cont = if fl & F_CONTAINER != 0 {
            // Container 0 stands for "no container": its children have no parent.
            st.containers.push(Container {
                parent: (parent_cont != 0).then_some(parent_cont),
                hint,
                score: 0.0,
            });
            st.containers.len() - 1
        } else {
            parent_cont
        };
        let a = st.names.len();
        st.names.push_str(name);
        st.stack.push(Elem {
            name: (a, st.names.len()),
            fl,
            cont,
            neg,
        });
        content
    }

    fn end(&mut self, name: &str) {
        let st = &mut self.st;
        st.skipped_gap = true;
        if flags(name) & F_BLOCK != 0 {
            st.flush();
        }
        let names = &st.names;
        // The innermost open element of that name, among the innermost `MAX_CLOSE_DEPTH`
        // (an end tag matching nothing nearer closes nothing: a page of a million unclosed
        // elements then a million stray end tags stays linear).
        let depth = st.stack.len();
        let Some(pos) = st
            .stack
            .iter()
            .rev()
            .take(MAX_CLOSE_DEPTH)
            .position(|e| names.get(e.name.0..e.name.1) == Some(name))
            .map(|k| depth - 1 - k)
        else {
            return;
        };
        let cut = st.stack.get(pos).map_or(st.names.len(), |e| e.name.0);
        let mut stack = std::mem::take(&mut st.stack);
        for e in stack.drain(pos..) {
            if e.fl & F_SKIP != 0 {
                st.skip = st.skip.saturating_sub(1);
                if st.skip == 0 {
                    // (`skipped` keeps its buffer for the next skipped element.)
                    if let Some(reason) = st.skip_reason.take() {
                        let text = normalize_ws_cow(&st.skipped).into_owned();
                        if !text.is_empty() {
                            st.dropped.push((reason, text));
                        }
                    }
                    st.skipped.clear();
                }
            }
            match st.names.get(e.name.0..e.name.1).unwrap_or("") {
                "a" => st.links = st.links.saturating_sub(1),
                "title" => st.in_title = false,
                "h1" => st.in_h1 = false,
                "script" => st.in_ldjson = false,
                _ => {}
            }
        }
        st.stack = stack;
        st.names.truncate(cut);
    }

    fn text(&mut self, s: &str) {
        let st = &mut self.st;
        if st.in_title {
            st.title.push_str(s);
            return;
        }
        if st.in_ldjson {
            if st.ld.len() < 256 << 10 {
                st.ld.push_str(s);
            }
            return;
        }
        if st.skip > 0 {
            if st.skipped.len() < 4096 && st.skip_reason.is_some() {
                // Texts with markup between them are apart; whitespace runs go in as one
                // space.
                let mut apart =
                    st.skipped_gap || s.as_bytes().first().is_some_and(|&c| is_ascii_ws(c));
                for w in s.split_ascii_whitespace() {
                    if apart && !st.skipped.is_empty() {
                        st.skipped.push(' ');
                    }
                    st.skipped.push_str(w);
                    apart = true;
                }
                st.skipped_gap = s.as_bytes().last().is_some_and(|&c| is_ascii_ws(c));
            } else {
                st.skipped_gap = false;
            }
            return;
        }
        if st.in_h1 && st.h1.len() < 1000 {
            st.h1.push_str(s);
        }
        let before = st.cur_counts.letters;
        st.push_cur(s);
        if st.links > 0 {
            st.cur_links += st.cur_counts.letters - before;
        }
    }
}

fn meta(st: &mut State, attrs: &[Attr<'_>]) {
    let key = attr(attrs, "property")
        .or_else(|| attr(attrs, "name"))
        .or_else(|| attr(attrs, "itemprop"))
        .map(str::to_ascii_lowercase);
    let (Some(key), Some(content)) = (key, attr(attrs, "content")) else {
        return;
    };
    if key == "og:title" && st.og_title.is_none() {
        let t = normalize_ws(content);
        if !t.is_empty() {
            st.og_title = Some(t);
        }
    } else if st.meta_date.is_none() && DATE_META.contains(&key.as_str()) {
        st.meta_date = PartialDate::parse(content);
    }
}

impl Sink for Reader<'_> {
    fn start_tag(&mut self, name: &str, attrs: &[Attr<'_>], self_closing: bool) -> Content {
        self.start(name, attrs, self_closing)
    }

    fn end_tag(&mut self, name: &str) {
        self.end(name);
    }

    fn text(&mut self, text: &str) {
        Reader::text(self, text);
    }

    fn comment(&mut self) {
        self.st.skipped_gap = true;
    }
}

/// How the content of a start tag `name` is read (what a tree builder would tell the
/// tokenizer): void and self-closing elements have none; `script`, RAWTEXT and RCDATA
/// elements take text up to their end tag.
#[cfg(test)]
pub(crate) fn content_of(name: &str, self_closing: bool) -> Content {
    if self_closing || flags(name) & F_VOID != 0 {
        return Content::Markup;
    }
    content_of_name(name)
}

/// [`content_of`] for an element that is neither void nor self-closing.
fn content_of_name(name: &str) -> Content {
    match name {
        "script" => Content::Script,
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Content::Rawtext,
        "title" | "textarea" => Content::Rcdata,
        _ => Content::Markup,
    }
}

/// The diagnostic reason for the visible text of a dropped element (`None`: not visible).
fn skipped_reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "nav" | "menu" => "markup-nav",
        "header" => "markup-header",
        "footer" => "markup-footer",
        "aside" => "markup-aside",
        "form" | "button" | "select" | "textarea" | "dialog" => "markup-form",
        "figcaption" => "caption",
        _ => return None,
    })
}

/// `"datePublished": "2024-02-15T..."` in JSON-LD text.
fn ld_date(ld: &str) -> Option<PartialDate> {
    let i = ld.find("\"datePublished\"")?;
    let rest = ld.get(i + 15..)?;
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    let end = rest.find('"')?;
    PartialDate::parse(rest.get(..end)?)
}

/// `Headline | Site`, `Headline - Site`: the longest part.
fn strip_site_name(title: &str) -> String {
    let t = normalize_ws(title);
    for sep in [" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · "] {
        if t.contains(sep) {
            return t
                .split(sep)
                .max_by_key(|p| p.chars().count())
                .unwrap_or("")
                .trim()
                .to_string();
        }
    }
    t
}

/// Letters and digits, approximately and fast: ASCII alphanumerics plus every non-ASCII
/// character (news text outside ASCII is almost all letters).
fn letters(s: &str) -> usize {
    s.bytes()
        .filter(|&b| b.is_ascii_alphanumeric() || b >= 0xC0)
        .count()
}

const F_SKIP: u8 = 1;
const F_VOID: u8 = 2;
const F_CONTAINER: u8 = 4;
const F_BLOCK: u8 = 8;

/// What an element name is to the extractor (one match instead of list scans).
fn flags(name: &str) -> u8 {
    match name {
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "th" | "tr" | "pre" | "dd"
        | "dt" | "figure" | "address" | "center" | "dl" => F_BLOCK,
        "div" | "article" | "section" | "main" | "td" | "table" | "ul" | "ol" | "blockquote"
        | "body" => F_BLOCK | F_CONTAINER,
        "br" | "hr" => F_BLOCK | F_VOID,
        "area" | "base" | "col" | "embed" | "img" | "input" | "link" | "meta" | "param"
        | "source" | "track" | "wbr" => F_VOID,
        "script" | "style" | "nav" | "header" | "footer" | "aside" | "form" | "noscript"
        | "iframe" | "svg" | "button" | "select" | "template" | "textarea" | "figcaption"
        | "object" | "canvas" | "math" | "head" | "menu" | "dialog" | "video" | "audio" | "map" => {
            F_SKIP
        }
        _ => 0,
    }
}

/// Tokenize a page and pick its main region.
pub fn extract(html: &str, lex: &Lexicon) -> Page {
    let mut reader = Reader {
        st: State {
            cur_space: true,
            // Room for a long paragraph and a long menu without growing.
            cur: String::with_capacity(4096),
            skipped: String::with_capacity(1024),
            ..State::default()
        },
        lex,
    };
    // Container 0 stands for "no container" (text directly under <html>).
    reader.st.containers.push(Container::default());
    tokenize(html, &mut reader);
    reader.st.flush();
    select(reader.st)
}

fn select(st: State) -> Page {
    let State {
        mut containers,
        mut blocks,
        title,
        h1,
        og_title,
        meta_date,
        time_date,
        ld,
        dropped,
        ..
    } = st;
    // Block texts, whitespace-normalized, and their counts (taken while reading unless the
    // normalization changed the text).
    let mut texts: Vec<(String, Counts)> = Vec::with_capacity(blocks.len());
    for b in &mut blocks {
        let raw = std::mem::take(&mut b.text);
        if !b.counts.special {
            texts.push((raw, b.counts));
            continue;
        }
        let t = match normalize_ws_cow(&raw) {
            Cow::Borrowed(_) => None,
            Cow::Owned(o) => Some(o),
        }
        .unwrap_or(raw);
        let counts = Counts {
            letters: letters(&t),
            commas: t
                .chars()
                .filter(|c| matches!(c, ',' | '،' | '，' | '、'))
                .count(),
            ends: t
                .chars()
                .filter(|&c| super::lines::is_sentence_end(c))
                .count(),
            special: false,
        };
        texts.push((t, counts));
    }

    // Score containers from their paragraphs (parents get half, grandparents a quarter).
    for (b, (_, counts)) in blocks.iter().zip(&texts) {
        let n = counts.letters;
        if n < 25 || b.neg {
            continue;
        }
        let density = b.link_letters as f32 / n as f32;
        if density > 0.5 {
            continue;
        }
        let (commas, ends) = (counts.commas, counts.ends);
        let s = (1.0 + commas as f32 + ends as f32 + (n as f32 / 100.0).min(3.0)) * (1.0 - density);
        let mut c = Some(b.container);
        let mut share = 1.0;
        for _ in 0..3 {
            let Some(ci) = c else { break };
            let Some(cont) = containers.get_mut(ci) else {
                break;
            };
            cont.score += s * share;
            share /= 2.0;
            c = cont.parent;
        }
    }
    for c in containers.iter_mut() {
        match c.hint {
            1 => c.score *= 1.5,
            -1 => c.score *= 0.3,
            _ => {}
        }
    }
    let best = containers
        .iter()
        .enumerate()
        .skip(1)
        .max_by(|a, b| a.1.score.total_cmp(&b.1.score))
        .filter(|(_, c)| c.score >= 5.0)
        .map(|(i, _)| i);
    // Region roots: the best container and its strong siblings.
    let roots: Vec<usize> = match best {
        Some(b) => {
            let parent = containers.get(b).and_then(|c| c.parent);
            let top = containers.get(b).map(|c| c.score).unwrap_or(0.0);
            containers
                .iter()
                .enumerate()
                .filter(|(i, c)| {
                    *i == b || (c.parent == parent && parent.is_some() && c.score >= top * 0.3)
                })
                .map(|(i, _)| i)
                .collect()
        }
        None => Vec::new(),
    };
    let in_region = |mut c: usize| -> bool {
        if roots.is_empty() {
            return true;
        }
        for _ in 0..256 {
            if roots.contains(&c) {
                return true;
            }
            match containers.get(c).and_then(|x| x.parent) {
                Some(p) => c = p,
                None => return false,
            }
        }
        false
    };

    let mut page = Page {
        removed: dropped,
        ..Page::default()
    };
    for (b, (t, counts)) in blocks.iter().zip(texts) {
        let n = counts.letters;
        if t.is_empty() {
            continue;
        }
        let density = if n == 0 {
            0.0
        } else {
            b.link_letters as f32 / n as f32
        };
        if !in_region(b.container) {
            page.removed.push(("outside-main-content", t));
        } else if b.neg {
            page.removed.push(("class-hint", t));
        } else if density > 0.5 && !b.heading {
            page.removed.push(("link-density", t));
        } else {
            page.lines.push(t);
        }
    }
    let h1 = normalize_ws(&h1);
    let h1 = (!h1.is_empty()).then_some(h1);
    let title_tag = strip_site_name(&title);
    let title_tag = (!title_tag.is_empty()).then_some(title_tag);
    page.headline = h1.clone().or_else(|| og_title.clone());
    page.title = h1.or(og_title).or(title_tag);
    page.published = meta_date.or_else(|| ld_date(&ld)).or(time_date);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a text into a block (in two pieces) gives what `normalize_ws` gives, and the
    /// counts taken on the way are those of the normalized text, for every character up to
    /// U+3100 and the fullwidth forms; a character the normalization changes is flagged.
    #[test]
    fn block_reading_agrees_with_normalize_and_counts() {
        for u in (0..0x3100u32).chain(0xFE00..0x10000) {
            let Some(ch) = char::from_u32(u) else {
                continue;
            };
            let text = format!(" ab{ch} c,{ch}{ch}\t\n d. ");
            let split = text.find('c').unwrap_or(0);
            let mut st = State {
                cur_space: true,
                ..State::default()
            };
            st.push_cur(text.get(..split).unwrap_or(""));
            st.push_cur(text.get(split..).unwrap_or(""));
            let mut cur = st.cur.clone();
            if cur.ends_with(' ') {
                cur.pop();
            }
            let norm = normalize_ws(&text);
            let c = st.cur_counts;
            if c.special {
                assert_ne!(cur, norm, "U+{u:04X} flagged but unchanged");
                continue;
            }
            assert_eq!(cur, norm, "U+{u:04X}");
            assert_eq!(c.letters, letters(&norm), "U+{u:04X}");
            let commas = norm
                .chars()
                .filter(|c| matches!(c, ',' | '،' | '，' | '、'))
                .count();
            let ends = norm
                .chars()
                .filter(|&c| super::super::lines::is_sentence_end(c))
                .count();
            assert_eq!((c.commas, c.ends), (commas, ends), "U+{u:04X}");
        }
    }

    /// Deep nesting and many stray end tags are read in linear time, and the story after
    /// them is still found.
    #[test]
    fn deep_nesting_and_stray_end_tags_stay_linear() {
        let mut page = "<div>".repeat(30_000);
        page.push_str(&"</span>".repeat(30_000));
        page.push_str("<article><p>The river rose overnight, and the road to the village was closed by police, officials said.</p><p>Villagers moved to the school; the council promised help, food and tents.</p></article>");
        let lex = Lexicon::builtin();
        let t = std::time::Instant::now();
        let p = extract(&page, &lex);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        assert!(
            p.lines
                .iter()
                .any(|l| l.starts_with("The river rose overnight,")),
            "{:?}",
            p.lines
        );
    }

    /// A page with a nav, a story container and entities: the story is kept, the nav text
    /// is a diagnostic with its items apart and its entity joined to the word.
    #[test]
    fn story_region_and_nav_diagnostic() {
        let page = "<html><head><title>Flood | Valley Times</title></head><body>\
            <nav><a href=/>Home</a><a href=/w>World</a> <a href=/b>AT&amp;T news</a></nav>\
            <div class=\"article-body\"><h1>River floods the valley</h1>\
            <p>The river rose overnight, and the road to the village was closed by police.</p>\
            <p>Villagers moved to the school; the council promised help, food and tents.</p>\
            </div></body></html>";
        let lex = Lexicon::builtin();
        let p = extract(page, &lex);
        assert_eq!(p.title.as_deref(), Some("River floods the valley"));
        assert!(p
            .lines
            .iter()
            .any(|l| l.starts_with("The river rose overnight,")));
        assert!(
            p.removed
                .iter()
                .any(|(r, t)| *r == "markup-nav" && t == "Home World AT&T news"),
            "{:?}",
            p.removed
        );
    }
}
