//! A deterministic generator of realistic multilingual news (bn, ar, en, ru) for benchmarks,
//! streaming checks, fuzz seeds and duplicate/story tests.
//!
//! The corpus is a sequence of *story groups*. Each group is one happening (an event code, two
//! actors, a city, a date) told by one original article and, at random, by syndicated copies
//! (the same story text on another site with other chrome), near-copies (a few words
//! changed), renditions in other languages, and a follow-up months later with the same actors
//! (a different story). Pages carry boilerplate (menus, bylines, share buttons, related lists,
//! marketing, comment forms, footers) and the glue real scrapes have (a caption run into the
//! first sentence, a Bengali danda with no space after it).
//!
//! Everything is a pure function of the seed: article `n` is the same whatever the requested
//! size, so a small corpus is a prefix of a large one. The generator is an iterator that holds
//! one group at a time (constant memory). It writes nothing itself; see
//! `commands/generate.rs` for the file writers and `commands/bench.rs` for in-memory use.
//!
//! Deliberately not here: linguistic correctness beyond the templates (names are not
//! inflected), or any text taken from real pages: every sentence comes from `data/generate/`.

pub mod templates;

use std::collections::VecDeque;
use templates::{Lang, Role, Templates, LANGS};

/// A small, fast, deterministic PRNG (SplitMix64). Not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for item `n` of stream `stream` under `seed`, independent of the others.
    pub fn derive(seed: u64, stream: u64, n: u64) -> Self {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= n.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r.next_u64();
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() >> 11) % n as u64) as usize
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// How an article relates to its group's original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Original,
    /// The same story text on another site.
    Syndicated,
    /// The same story text with a few words changed.
    NearCopy,
    /// The same happening told in another language.
    Translation,
    /// The same actors months later: a different story.
    FollowUp,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Syndicated => "syndicated",
            Kind::NearCopy => "near-copy",
            Kind::Translation => "translation",
            Kind::FollowUp => "follow-up",
        }
    }
}

/// One generated article: story text plus the chrome of the site it appears on.
#[derive(Debug, Clone)]
pub struct Article {
    /// Position in the corpus, from 0.
    pub n: u64,
    pub lang: &'static str,
    pub kind: Kind,
    /// The story this article tells (`g<group>` or `g<group>f` for a follow-up).
    pub story: String,
    /// For copies: `n` of the article copied.
    pub copy_of: Option<u64>,
    /// CAMEO code of the main event and the keys of its actors (source, target, city).
    pub code: String,
    pub actors: [String; 3],
    pub site: String,
    pub url: String,
    /// Publication date (year, month, day).
    pub published: (i32, u8, u8),
    pub headline: String,
    pub byline: String,
    pub date_line: String,
    pub caption: String,
    /// Whether the caption is glued to the first sentence in the text scrape.
    pub glue_caption: bool,
    /// The story text: paragraphs of sentences.
    pub paragraphs: Vec<String>,
    pub menu: Vec<String>,
    pub share: Vec<String>,
    pub related_heading: String,
    pub related: Vec<String>,
    pub marketing: String,
    pub comment: Vec<String>,
    pub footer: Vec<String>,
    pub rtl: bool,
    /// Which page layout the site uses (0: semantic tags, 1: nested divs).
    pub layout: u8,
}

impl Article {
    /// The story text alone (what a perfect cleaner keeps), paragraphs separated by a blank
    /// line, headline first.
    pub fn story_text(&self) -> String {
        let mut s = self.headline.clone();
        for p in &self.paragraphs {
            s.push_str("\n\n");
            s.push_str(p);
        }
        s
    }

    pub fn published_iso(&self) -> String {
        let (y, m, d) = self.published;
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// A file stem: zero-padded position and language (`0000042-bn`).
    pub fn stem(&self) -> String {
        format!("{:07}-{}", self.n, self.lang)
    }

    /// A plain-text scrape: chrome lines around the story, as a crawler's text dump has them.
    pub fn render_text(&self) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str(&self.site);
        out.push('\n');
        out.push_str(&self.menu.join(" | "));
        out.push_str("\n\n");
        out.push_str(&self.headline);
        out.push_str("\n\n");
        out.push_str(&self.byline);
        out.push('\n');
        out.push_str(&self.date_line);
        out.push_str("\n\n");
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i == 0 {
                out.push_str(&self.caption);
                out.push_str(if self.glue_caption { "" } else { "\n\n" });
            }
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str(&self.share.join("\n"));
        out.push_str("\n\n");
        out.push_str(&self.related_heading);
        out.push('\n');
        for r in &self.related {
            out.push_str(r);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.marketing);
        out.push_str("\n\n");
        for c in &self.comment {
            out.push_str(c);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.footer.join("\n"));
        out.push('\n');
        out
    }

    /// A full HTML page in the site's layout.
    pub fn render_html(&self) -> String {
        let mut o = String::with_capacity(8192);
        let dir = if self.rtl { " dir=\"rtl\"" } else { "" };
        o.push_str(&format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{} | {}</title>\n\
             <meta property=\"og:title\" content=\"{}\">\n\
             <meta property=\"article:published_time\" content=\"{}T08:{:02}:00Z\">\n\
             <link rel=\"canonical\" href=\"{}\">\n\
             <link rel=\"stylesheet\" href=\"/static/site.css\">\n\
             <script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script>\n\
             </head>\n<body class=\"article-page\">\n",
            self.lang,
            esc(&self.headline),
            esc(&self.site),
            esc(&self.headline),
            self.published_iso(),
            self.n % 60,
            esc(&self.url)
        ));
        let menu: String = self
            .menu
            .iter()
            .enumerate()
            .map(|(i, m)| format!("<li><a href=\"/section/{i}\">{}</a></li>", esc(m)))
            .collect();
        let related: String = self
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                format!(
                    "<li><a href=\"/news/{}\">{}</a></li>",
                    self.n * 7 + i as u64,
                    esc(r)
                )
            })
            .collect();
        let share: String = self
            .share
            .iter()
            .map(|s| format!("<a class=\"share\" href=\"#\">{}</a> ", esc(s)))
            .collect();
        let mut body = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i == 0 && self.glue_caption {
                body.push_str(&format!(
                    "<p><span class=\"caption\">{}</span>{}</p>\n",
                    esc(&self.caption),
                    esc(p)
                ));
            } else {
                body.push_str(&format!("<p>{}</p>\n", esc(p)));
            }
        }
        let figure = if self.glue_caption {
            String::new()
        } else {
            format!(
                "<figure><img src=\"/img/{}.jpg\" alt=\"\"><figcaption>{}</figcaption></figure>\n",
                self.n,
                esc(&self.caption)
            )
        };
        let comments: String = self
            .comment
            .iter()
            .enumerate()
            .map(|(i, c)| match i {
                0 => format!("<h3 id=\"reply-title\">{}</h3>\n", esc(c)),
                1 => format!(
                    "<p class=\"comment-notes\">{}</p>\n<textarea name=\"comment\"></textarea>\n",
                    esc(c)
                ),
                _ => format!("<button type=\"submit\">{}</button>\n", esc(c)),
            })
            .collect();
        let footer: String = self
            .footer
            .iter()
            .map(|f| format!("<p>{}</p>", esc(f)))
            .collect();
        if self.layout == 0 {
            o.push_str(&format!(
                "<header><div class=\"logo\"><a href=\"/\">{}</a></div>\n<nav><ul>{menu}</ul></nav></header>\n\
                 <main>\n<article>\n<h1>{}</h1>\n<p class=\"byline\">{}</p>\n<time datetime=\"{}\">{}</time>\n\
                 {figure}{body}<div class=\"share-bar\">{share}</div>\n</article>\n\
                 <aside class=\"related\"><h3>{}</h3><ul>{related}</ul></aside>\n\
                 <div class=\"promo\"><p>{}</p></div>\n\
                 <section id=\"comments\"><form action=\"/comment\" method=\"post\">\n{comments}</form></section>\n\
                 </main>\n<footer><nav><ul>{menu}</ul></nav>{footer}</footer>\n",
                esc(&self.site),
                esc(&self.headline),
                esc(&self.byline),
                self.published_iso(),
                esc(&self.date_line),
                esc(&self.related_heading),
                esc(&self.marketing),
            ));
        } else {
            o.push_str(&format!(
                "<div id=\"wrapper\"><div class=\"top-bar\"><span class=\"site-name\">{}</span>\
                 <ul class=\"menu\">{menu}</ul></div>\n\
                 <div class=\"container\"><div class=\"row\"><div class=\"col-md-8 content\">\n\
                 <div class=\"title\"><h2>{}</h2></div>\n<div class=\"meta\"><span>{}</span> \
                 <span class=\"date\">{}</span></div>\n{figure}<div class=\"entry-content\">\n{body}</div>\n\
                 <div class=\"social\">{share}</div>\n\
                 <div class=\"ad-slot\"><p>{}</p></div>\n\
                 <div id=\"respond\"><form>\n{comments}</form></div>\n\
                 </div><div class=\"col-md-4 sidebar\"><div class=\"widget\"><h4>{}</h4><ul>{related}</ul></div></div>\n\
                 </div></div>\n<div class=\"footer\">{footer}</div></div>\n",
                esc(&self.site),
                esc(&self.headline),
                esc(&self.byline),
                esc(&self.date_line),
                esc(&self.marketing),
                esc(&self.related_heading),
            ));
        }
        o.push_str("<script src=\"/static/app.js\" async></script>\n</body>\n</html>\n");
        o
    }
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// Knobs of the generator.
#[derive(Debug, Clone)]
pub struct GenOptions {
    pub seed: u64,
    /// Approximate bytes of story text per article.
    pub article_bytes: usize,
    /// Languages to write (codes from [`LANGS`]); empty means all.
    pub langs: Vec<String>,
    pub p_syndicated: f64,
    pub p_near_copy: f64,
    pub p_translation: f64,
    pub p_follow_up: f64,
}

impl Default for GenOptions {
    fn default() -> Self {
        Self {
            seed: 1,
            article_bytes: 2048,
            langs: Vec::new(),
            p_syndicated: 0.25,
            p_near_copy: 0.12,
            p_translation: 0.3,
            p_follow_up: 0.08,
        }
    }
}

/// The happening a group tells.
#[derive(Debug, Clone)]
struct Story {
    key: String,
    code_idx: usize,
    a: usize,
    b: usize,
    x: usize,
    p: usize,
    /// Days since 1970-01-01.
    day: i64,
}

/// An endless, deterministic stream of articles.
pub struct Generator {
    t: Templates,
    opts: GenOptions,
    lang_idx: Vec<usize>,
    persons: Vec<usize>,
    parties: Vec<usize>,
    orgs: Vec<usize>,
    cities: Vec<usize>,
    group: u64,
    next_n: u64,
    pending: VecDeque<Article>,
}

impl Generator {
    pub fn new(t: Templates, opts: GenOptions) -> anyhow::Result<Self> {
        let mut lang_idx: Vec<usize> = LANGS
            .iter()
            .enumerate()
            .filter(|(_, l)| opts.langs.is_empty() || opts.langs.iter().any(|x| x == *l))
            .map(|(i, _)| i)
            .collect();
        if lang_idx.is_empty() {
            anyhow::bail!(
                "no known language among {:?} (known: {LANGS:?})",
                opts.langs
            );
        }
        lang_idx.sort_unstable();
        for (i, l) in t.langs.iter().enumerate() {
            if LANGS.get(i) != Some(&l.code.as_str()) {
                anyhow::bail!("templates out of order: {} at position {i}", l.code);
            }
        }
        let persons = t.with_role(Role::Person);
        let mut parties = persons.clone();
        parties.extend(t.with_role(Role::Org));
        parties.extend(t.with_role(Role::Country));
        let mut orgs = t.with_role(Role::Org);
        orgs.extend(t.with_role(Role::Country));
        let cities = t.with_role(Role::City);
        Ok(Self {
            t,
            opts,
            lang_idx,
            persons,
            parties,
            orgs,
            cities,
            group: 0,
            next_n: 0,
            pending: VecDeque::new(),
        })
    }

    fn fill_group(&mut self) {
        let g = self.group;
        self.group += 1;
        let mut rng = Rng::derive(self.opts.seed, 1, g);
        let n_events = self.t.langs.first().map_or(1, |l| l.events.len());
        let a = *rng.pick(&self.persons).unwrap_or(&0);
        let mut b = *rng.pick(&self.parties).unwrap_or(&0);
        if b == a {
            b = *self
                .parties
                .iter()
                .find(|&&i| i != a)
                .unwrap_or(&self.parties[0]);
        }
        let story = Story {
            key: format!("g{g}"),
            code_idx: rng.below(n_events),
            a,
            b,
            x: *rng.pick(&self.orgs).unwrap_or(&0),
            p: *rng.pick(&self.cities).unwrap_or(&0),
            // 2022-01-01 plus up to three years.
            day: 18993 + rng.below(3 * 365) as i64,
        };
        let lang0 = *rng.pick(&self.lang_idx).unwrap_or(&0);
        let site0 = rng.below(3);
        let orig = self.article(&story, lang0, site0, Kind::Original, None, 0);
        let orig_n = orig.n;
        let mut group = vec![orig];
        if rng.chance(self.opts.p_syndicated) {
            let site = (site0 + 1 + rng.below(2)) % 3;
            let mut copy = self.article(&story, lang0, site, Kind::Syndicated, Some(orig_n), 0);
            if let Some(o) = group.first() {
                copy.headline = o.headline.clone();
                copy.paragraphs = o.paragraphs.clone();
            }
            group.push(copy);
        }
        if rng.chance(self.opts.p_near_copy) {
            let site = (site0 + 1 + rng.below(2)) % 3;
            let mut copy = self.article(&story, lang0, site, Kind::NearCopy, Some(orig_n), 0);
            if let Some(o) = group.first() {
                copy.headline = o.headline.clone();
                copy.paragraphs = change_words(&o.paragraphs, &mut rng, 3);
            }
            group.push(copy);
        }
        if rng.chance(self.opts.p_translation) && self.lang_idx.len() > 1 {
            let others: Vec<usize> = self
                .lang_idx
                .iter()
                .copied()
                .filter(|&l| l != lang0)
                .collect();
            let lang = *rng.pick(&others).unwrap_or(&lang0);
            let delay = rng.below(2) as i64;
            let a = self.article(&story, lang, rng.below(3), Kind::Translation, None, delay);
            group.push(a);
        }
        if rng.chance(self.opts.p_follow_up) {
            let mut later = story.clone();
            later.key = format!("g{g}f");
            later.code_idx = (story.code_idx + 1 + rng.below(n_events.max(2) - 1)) % n_events;
            later.day += 60 + rng.below(200) as i64;
            let lang = *rng.pick(&self.lang_idx).unwrap_or(&0);
            let a = self.article(&later, lang, rng.below(3), Kind::FollowUp, None, 0);
            group.push(a);
        }
        self.pending.extend(group);
    }

    /// Write one article of `story` in language `li` on site `site`.
    fn article(
        &mut self,
        story: &Story,
        li: usize,
        site: usize,
        kind: Kind,
        copy_of: Option<u64>,
        delay_days: i64,
    ) -> Article {
        let n = self.next_n;
        self.next_n += 1;
        let mut rng = Rng::derive(self.opts.seed, 2, n);
        // Site traits are a function of (language, site) so a site looks the same every time.
        let mut site_rng = Rng::derive(self.opts.seed, 3, (li * 16 + site) as u64);
        let t = &self.t;
        let lang = &t.langs[li.min(t.langs.len() - 1)];
        let code_static = LANGS[li.min(LANGS.len() - 1)];
        let digits = site_rng.below(lang.digit_sets.len());
        let month_variant = site_rng.below(4);
        let layout = (site_rng.below(2)) as u8;
        let glue_danda = code_static == "bn" && site_rng.chance(0.6);
        let (y, m, d) = civil_from_days(story.day + delay_days);
        let (ey, em, ed) = civil_from_days(story.day);
        let mut r = Renderer {
            t,
            lang,
            li,
            digits,
            month_variant,
            story,
            mentioned: [false; 4],
            year: ey,
            month: em,
            day: ed,
        };
        let (code, event_tpl) = lang
            .events
            .get(story.code_idx % lang.events.len().max(1))
            .cloned()
            .unwrap_or_default();
        let headline_tpl = lang.headlines.get(&code).cloned().unwrap_or_default();
        let headline = r.fill(&headline_tpl, &mut rng, true);
        let date_fmt = rng.pick(&lang.date_formats).cloned().unwrap_or_default();
        let lead = r.fill(&event_tpl.replace("{D}", &date_fmt), &mut rng, false);

        // Story sentences: the lead, then details, quotes and background until long enough.
        let mut pool: Vec<&String> = lang
            .detail
            .iter()
            .chain(lang.quote.iter())
            .chain(lang.background.iter())
            .collect();
        shuffle(&mut pool, &mut rng);
        let mut sentences = vec![lead];
        let mut bytes = headline.len() + sentences.iter().map(String::len).sum::<usize>();
        let mut i = 0;
        while bytes < self.opts.article_bytes {
            let tpl = pool[i % pool.len()];
            let s = r.fill(tpl, &mut rng, false);
            bytes += s.len() + 1;
            sentences.push(s);
            i += 1;
        }
        let mut paragraphs = Vec::new();
        let mut it = sentences.into_iter().peekable();
        while it.peek().is_some() {
            let k = 1 + rng.below(3);
            let mut p = String::new();
            for _ in 0..k {
                let Some(s) = it.next() else { break };
                let glue = glue_danda && p.ends_with('।') && rng.chance(0.5);
                if !p.is_empty() && !glue {
                    p.push(' ');
                }
                p.push_str(&s);
            }
            paragraphs.push(p);
        }
        let caption_tpl = rng.pick(&lang.caption).cloned().unwrap_or_default();
        let caption = r.fill(&caption_tpl, &mut rng, true);
        let site_name = lang
            .site
            .get(site)
            .or(lang.site.first())
            .cloned()
            .unwrap_or_default();
        let host = format!("www.site{}-{}.example", site + 1, code_static);
        let slug = format!("{}-{}", story.key, n);
        let url = format!("https://{host}/news/{y}/{m:02}/{slug}");
        let related = (0..3 + rng.below(3))
            .map(|_| {
                let mut other = story.clone();
                other.a = *rng.pick(&self.persons).unwrap_or(&0);
                other.b = *rng.pick(&self.parties).unwrap_or(&0);
                other.p = *rng.pick(&self.cities).unwrap_or(&0);
                let (c, _) = lang
                    .events
                    .get(rng.below(lang.events.len()))
                    .cloned()
                    .unwrap_or_default();
                let tpl = lang.headlines.get(&c).cloned().unwrap_or_default();
                let mut rr = Renderer {
                    story: &other,
                    mentioned: [true; 4],
                    ..r.clone_for(&other)
                };
                rr.fill(&tpl, &mut rng, true)
            })
            .collect();
        let full_fmt = lang
            .date_formats
            .iter()
            .find(|f| f.contains("{y}"))
            .cloned()
            .unwrap_or_else(|| format!("{date_fmt} {{y}}"));
        let date_line = r.date(&full_fmt, y, m, d);
        let fill_site = |s: &str| {
            s.replace("{site}", &site_name)
                .replace("{y}", &r.num(y as i64))
        };
        let menu_len = 5 + site_rng.below(lang.menu.len().saturating_sub(4).max(1));
        Article {
            n,
            lang: code_static,
            kind,
            story: story.key.clone(),
            copy_of,
            code,
            actors: [
                t.actors[story.a].key.clone(),
                t.actors[story.b].key.clone(),
                t.actors[story.p].key.clone(),
            ],
            site: site_name.clone(),
            url,
            published: (y, m, d),
            headline,
            byline: rng.pick(&lang.byline).cloned().unwrap_or_default(),
            date_line,
            caption,
            glue_caption: rng.chance(0.3),
            paragraphs,
            menu: lang.menu.iter().take(menu_len).cloned().collect(),
            share: lang.share.clone(),
            related_heading: rng.pick(&lang.related_heading).cloned().unwrap_or_default(),
            related,
            marketing: rng.pick(&lang.marketing).cloned().unwrap_or_default(),
            comment: lang.comment.clone(),
            footer: lang.footer.iter().map(|f| fill_site(f)).collect(),
            rtl: lang.rtl,
            layout,
        }
    }
}

impl Iterator for Generator {
    type Item = Article;
    fn next(&mut self) -> Option<Article> {
        while self.pending.is_empty() {
            self.fill_group();
        }
        self.pending.pop_front()
    }
}

/// Fills template slots for one article.
struct Renderer<'a> {
    t: &'a Templates,
    lang: &'a Lang,
    li: usize,
    digits: usize,
    month_variant: usize,
    story: &'a Story,
    /// Whether A, B, X, P were already named (later mentions use the short name).
    mentioned: [bool; 4],
    year: i32,
    month: u8,
    day: u8,
}

impl<'a> Renderer<'a> {
    fn clone_for(&self, story: &'a Story) -> Renderer<'a> {
        Renderer {
            t: self.t,
            lang: self.lang,
            li: self.li,
            digits: self.digits,
            month_variant: self.month_variant,
            story,
            mentioned: self.mentioned,
            year: self.year,
            month: self.month,
            day: self.day,
        }
    }

    fn num(&self, v: i64) -> String {
        let set = self
            .lang
            .digit_sets
            .get(self.digits)
            .or(self.lang.digit_sets.first());
        v.to_string()
            .chars()
            .map(|c| match (c.to_digit(10), set) {
                (Some(d), Some(set)) => set.get(d as usize).copied().unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    fn date(&self, fmt: &str, y: i32, m: u8, d: u8) -> String {
        let names = self.lang.months.get(usize::from(m.saturating_sub(1)));
        let month = names
            .and_then(|v| v.get(self.month_variant % v.len().max(1)))
            .cloned()
            .unwrap_or_default();
        fmt.replace("{d}", &self.num(i64::from(d)))
            .replace("{m}", &month)
            .replace("{y}", &self.num(i64::from(y)))
    }

    fn actor(&mut self, slot: usize, idx: usize, headline: bool) -> String {
        let Some((full, short, title)) = self.t.actors.get(idx).and_then(|a| a.names.get(self.li))
        else {
            return String::new();
        };
        if headline || self.mentioned[slot] {
            return short.clone();
        }
        self.mentioned[slot] = true;
        if title.is_empty() {
            full.clone()
        } else {
            format!("{title} {full}")
        }
    }

    fn fill(&mut self, tpl: &str, rng: &mut Rng, headline: bool) -> String {
        let mut out = String::with_capacity(tpl.len() + 64);
        let mut rest = tpl;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            let Some(j) = after.find('}') else {
                out.push_str(after);
                rest = "";
                break;
            };
            let slot = &after[1..j];
            let s = self.story;
            let v = match slot {
                "A" => self.actor(0, s.a, headline),
                "B" => self.actor(1, s.b, headline),
                "X" => self.actor(2, s.x, headline),
                "P" => self.actor(3, s.p, true),
                "N" => self.num(2 + rng.below(30) as i64),
                "Y" => self.num(i64::from(self.year) - 1 - rng.below(12) as i64),
                "d" | "m" | "y" => {
                    self.date(&format!("{{{slot}}}"), self.year, self.month, self.day)
                }
                _ => after[..=j].to_string(),
            };
            out.push_str(&v);
            rest = &after[j + 1..];
        }
        out.push_str(rest);
        if !headline {
            // A title that opens a sentence ("president of ...") starts with a capital.
            if let Some(c) = out.chars().next().filter(|c| c.is_lowercase()) {
                let upper: String = c.to_uppercase().collect();
                out.replace_range(..c.len_utf8(), &upper);
            }
        }
        out
    }
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

/// Change `k` words: each a word replaced by another word of the text.
fn change_words(paragraphs: &[String], rng: &mut Rng, k: usize) -> Vec<String> {
    let mut words: Vec<Vec<String>> = paragraphs
        .iter()
        .map(|p| p.split(' ').map(str::to_string).collect())
        .collect();
    let total: usize = words.iter().map(Vec::len).sum();
    for _ in 0..k {
        let from = rng.below(total);
        let to = rng.below(total);
        let word = nth_word(&words, from).unwrap_or_default();
        if let Some(w) = nth_word_mut(&mut words, to) {
            if *w != word {
                *w = word;
            } else {
                w.push_str(w.clone().as_str());
            }
        }
    }
    words.into_iter().map(|w| w.join(" ")).collect()
}

fn nth_word(words: &[Vec<String>], mut i: usize) -> Option<String> {
    for p in words {
        if i < p.len() {
            return p.get(i).cloned();
        }
        i -= p.len();
    }
    None
}

fn nth_word_mut(words: &mut [Vec<String>], mut i: usize) -> Option<&mut String> {
    for p in words.iter_mut() {
        if i < p.len() {
            return p.get_mut(i);
        }
        i -= p.len();
    }
    None
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's
/// algorithm).
pub fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(seed: u64) -> Generator {
        let t = Templates::builtin().unwrap_or_else(|e| panic!("{e:#}"));
        Generator::new(
            t,
            GenOptions {
                seed,
                ..GenOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("{e:#}"))
    }

    #[test]
    fn same_seed_same_corpus_and_prefix_property() {
        let a: Vec<String> = gen(7).take(40).map(|a| a.render_html()).collect();
        let b: Vec<String> = gen(7).take(60).map(|a| a.render_html()).collect();
        assert_eq!(a[..], b[..40]);
        let c: Vec<String> = gen(8).take(40).map(|a| a.render_html()).collect();
        assert_ne!(a, c);
    }

    #[test]
    fn articles_are_about_the_requested_size_in_every_language() {
        let mut seen = std::collections::BTreeSet::new();
        for a in gen(3).take(200) {
            let len = a.story_text().len();
            assert!((2048..2048 + 1200).contains(&len), "{} bytes", len);
            seen.insert(a.lang);
        }
        assert_eq!(seen.len(), 4);
    }

    #[test]
    fn corpus_has_copies_translations_and_glue() {
        let arts: Vec<Article> = gen(11).take(400).collect();
        let count = |k: Kind| arts.iter().filter(|a| a.kind == k).count();
        assert!(count(Kind::Syndicated) > 20);
        assert!(count(Kind::NearCopy) > 10);
        assert!(count(Kind::Translation) > 20);
        assert!(count(Kind::FollowUp) > 5);
        for a in arts.iter().filter(|a| a.kind == Kind::Syndicated) {
            let o = &arts[a.copy_of.unwrap_or(0) as usize];
            assert_eq!(o.paragraphs, a.paragraphs);
            assert_ne!(o.site, a.site);
        }
        for a in arts.iter().filter(|a| a.kind == Kind::NearCopy) {
            let o = &arts[a.copy_of.unwrap_or(0) as usize];
            assert_ne!(o.paragraphs, a.paragraphs);
        }
        let glued_danda = |p: &String| {
            p.split('।')
                .skip(1)
                .any(|rest| rest.chars().next().is_some_and(|c| !c.is_whitespace()))
        };
        assert!(arts
            .iter()
            .any(|a| a.lang == "bn" && a.paragraphs.iter().any(glued_danda)));
        assert!(arts.iter().any(|a| a.glue_caption));
        // Slots are all filled.
        for a in &arts {
            assert!(!a.render_text().contains('{'), "{}", a.render_text());
        }
    }

    #[test]
    fn bengali_articles_use_bengali_digits() {
        let a = gen(5)
            .take(100)
            .find(|a| a.lang == "bn")
            .unwrap_or_else(|| panic!("no bn article"));
        assert!(
            a.date_line.chars().any(|c| ('০'..='৯').contains(&c)),
            "{}",
            a.date_line
        );
        assert!(!a.date_line.chars().any(|c| c.is_ascii_digit()));
    }

    #[test]
    fn dedup_links_generated_copies_and_nothing_else() {
        use khabar_extract::dedup::Deduper;
        let arts: Vec<Article> = gen(21).take(1500).collect();
        let mut d = Deduper::default();
        let (mut tp, mut fp, mut fneg) = (0, 0, 0);
        for a in &arts {
            let found = d.observe_text(&a.stem(), &a.story_text());
            let truth = a.copy_of.map(|n| format!("{n:07}-{}", a.lang));
            match (found, truth) {
                (Some(f), Some(t)) if f == t => tp += 1,
                (Some(_), _) => fp += 1,
                (None, Some(_)) => fneg += 1,
                (None, None) => {}
            }
        }
        assert!(tp > 100, "{tp} copies found");
        assert_eq!(fp, 0, "false links");
        assert_eq!(fneg, 0, "missed copies");
    }

    #[test]
    fn stories_group_translations_and_split_follow_ups() {
        use khabar_core::{EntityType, PartialDate};
        use khabar_extract::stories::{StoryClusterer, StoryFeatures};
        let arts: Vec<Article> = gen(22).take(1500).collect();
        let t = Templates::builtin().unwrap_or_else(|e| panic!("{e:#}"));
        let kind = |key: &str| match t.actors.iter().find(|a| a.key == key).map(|a| a.role) {
            Some(Role::Person) => EntityType::Per,
            Some(Role::Org) => EntityType::Org,
            _ => EntityType::Gpe,
        };
        let mut c = StoryClusterer::default();
        let mut by_truth: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        let mut by_pred: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
            Default::default();
        for a in &arts {
            // Features as a perfect linker would give them: the story's actors by KB key.
            let (y, m, d) = a.published;
            let f = StoryFeatures {
                id: a.stem(),
                duplicate_of: a.copy_of.map(|n| format!("{n:07}-{}", a.lang)),
                entities: a.actors.iter().map(|k| (k.clone(), kind(k))).collect(),
                codes: vec![a.code.clone()],
                date: Some(PartialDate::ymd(y, m, d)),
            };
            let s = c.assign(&f);
            by_truth
                .entry(a.story.clone())
                .or_default()
                .insert(s.clone());
            by_pred.entry(s).or_default().insert(a.story.clone());
        }
        let split = by_truth.values().filter(|v| v.len() > 1).count();
        let merged = by_pred.values().filter(|v| v.len() > 1).count();
        eprintln!(
            "stories: {split} of {} split, {merged} of {} merged",
            by_truth.len(),
            by_pred.len()
        );
        assert!(
            split * 100 <= by_truth.len(),
            "{split} of {} stories split",
            by_truth.len()
        );
        assert!(
            merged * 25 <= by_pred.len(),
            "{merged} of {} clusters merged",
            by_pred.len()
        );
        assert!(arts.iter().any(|a| a.kind == Kind::Translation));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18993), (2022, 1, 1));
        assert_eq!(civil_from_days(19782), (2024, 2, 29));
    }
}
