//! HTML to a list of text blocks in the page's main region, plus headline, title and
//! publication date from the markup.
//!
//! Built on the cleaner's own tokenizer ([`super::tokenize`]; no tree builder, no DOM): a
//! stack of open elements gives each text block its innermost container, its link text and
//! its class/id hints (text is read into a block with ASCII whitespace runs already
//! collapsed, and container and hint are inherited down the stack, not looked up). The
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
    link_letters: usize,
    container: usize,
    neg: bool,
    heading: bool,
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
        if self.cur.trim().is_empty() {
            self.cur.clear();
            self.cur_space = true;
            self.cur_links = 0;
            self.cur_heading = false;
            return;
        }
        let container = self.stack.last().map_or(0, |e| e.cont);
        let neg = self.stack.last().is_some_and(|e| e.neg);
        let text = std::mem::take(&mut self.cur);
        self.cur_space = true;
        self.blocks.push(Block {
            text,
            link_letters: self.cur_links,
            container,
            neg,
            heading: self.cur_heading,
        });
        self.cur_links = 0;
        self.cur_heading = false;
    }

    /// Append text to the current block, ASCII whitespace runs as one space (what
    /// [`normalize_ws`] would make of them anyway) and no space at the start.
    fn push_cur(&mut self, s: &str) {
        let b = s.as_bytes();
        let mut from = 0;
        let mut i = 0;
        while i < b.len() {
            if !b.get(i).is_some_and(|&c| is_ascii_ws(c)) {
                i += 1;
                continue;
            }
            let start = i;
            while b.get(i).is_some_and(|&c| is_ascii_ws(c)) {
                i += 1;
            }
            if start > from {
                self.cur.push_str(s.get(from..start).unwrap_or(""));
                self.cur_space = false;
            }
            // A lone space after a non-space stays as it is in the slice.
            if !self.cur_space {
                self.cur.push(' ');
                self.cur_space = true;
            }
            from = i;
        }
        if b.len() > from {
            self.cur.push_str(s.get(from..).unwrap_or(""));
            self.cur_space = false;
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
        let content = content_of(name, false);
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
        let Some(pos) = st
            .stack
            .iter()
            .rposition(|e| names.get(e.name.0..e.name.1) == Some(name))
        else {
            return;
        };
        let cut = st.stack.get(pos).map_or(st.names.len(), |e| e.name.0);
        let mut stack = std::mem::take(&mut st.stack);
        for e in stack.drain(pos..) {
            if e.fl & F_SKIP != 0 {
                st.skip = st.skip.saturating_sub(1);
                if st.skip == 0 {
                    let text = normalize_ws(&std::mem::take(&mut st.skipped));
                    if let Some(reason) = st.skip_reason.take() {
                        if !text.is_empty() {
                            st.dropped.push((reason, text));
                        }
                    }
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
                // Texts with markup between them are apart.
                if st.skipped_gap {
                    st.skipped.push(' ');
                }
                st.skipped.push_str(s);
            }
            st.skipped_gap = false;
            return;
        }
        if st.in_h1 && st.h1.len() < 1000 {
            st.h1.push_str(s);
        }
        if st.links > 0 {
            st.cur_links += letters(s);
        }
        st.push_cur(s);
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
pub(crate) fn content_of(name: &str, self_closing: bool) -> Content {
    if self_closing || flags(name) & F_VOID != 0 {
        return Content::Markup;
    }
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
    // Block texts, whitespace-normalized (moved when already normalized), and their letters.
    let mut texts: Vec<(String, usize)> = Vec::with_capacity(blocks.len());
    for b in &mut blocks {
        let raw = std::mem::take(&mut b.text);
        let t = match normalize_ws_cow(&raw) {
            Cow::Borrowed(_) => None,
            Cow::Owned(o) => Some(o),
        }
        .unwrap_or(raw);
        let n = letters(&t);
        texts.push((t, n));
    }

    // Score containers from their paragraphs (parents get half, grandparents a quarter).
    for (b, (t, n)) in blocks.iter().zip(&texts) {
        let n = *n;
        if n < 25 || b.neg {
            continue;
        }
        let density = b.link_letters as f32 / n as f32;
        if density > 0.5 {
            continue;
        }
        let commas = t
            .chars()
            .filter(|c| matches!(c, ',' | '،' | '，' | '、'))
            .count();
        let ends = t
            .chars()
            .filter(|&c| super::lines::is_sentence_end(c))
            .count();
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
    for (b, (t, n)) in blocks.iter().zip(texts) {
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
