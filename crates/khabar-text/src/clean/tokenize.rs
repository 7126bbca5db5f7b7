//! A small HTML tokenizer for the cleaner: start tags (name and attributes), end tags and
//! text, read straight from the page bytes with `memchr` and handed to a [`Sink`].
//!
//! It follows the WHATWG tokenizer wherever the cleaner can see the difference, and the tests
//! hold it to html5ever's tokenizer token for token: tag names and attribute names lower-cased,
//! character references decoded (html5ever's entity table, the attribute-value rules, numeric
//! references with the C1 and invalid-value replacements), CR and CR LF read as LF, NUL dropped
//! from text and replaced by U+FFFD elsewhere, a byte-order mark at the start skipped, duplicate
//! attributes dropped, comments, bogus comments and doctypes skipped, a tag cut off by the end
//! of the input dropped. After a start tag the sink picks how the element's content is read:
//! as markup, as RCDATA (`title`, `textarea`: references decoded, no tags), as RAWTEXT
//! (`style` and friends) or as script data (with the spec's `<!--` escape states, so a
//! `</script>` inside an escaped `<script>` does not end it). Text comes as slices of the
//! page wherever nothing needs decoding. It does not build a tree, report parse errors,
//! count lines, read CDATA sections (there is no foreign content without a tree) or switch
//! to PLAINTEXT.

use memchr::{memchr, memchr2};
use std::borrow::Cow;

/// How the content after a start tag is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Markup: tags, text, references.
    Markup,
    /// Text with character references, up to the element's end tag (`title`, `textarea`).
    Rcdata,
    /// Text as it is, up to the element's end tag (`style`, `xmp`, `iframe`, ...).
    Rawtext,
    /// Script data, up to the end tag outside the `<!--` escape.
    Script,
}

/// One attribute of a start tag: lower-cased name, decoded value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
}

/// What the tokenizer hands its tokens to.
pub trait Sink {
    /// A start tag; the answer says how the element's content is read.
    fn start_tag(&mut self, name: &str, attrs: &[Attr<'_>], self_closing: bool) -> Content;
    /// An end tag (its attributes are read and dropped).
    fn end_tag(&mut self, name: &str);
    /// Text. Consecutive calls continue the same text (a reference or a line break may
    /// split it); markup between two texts comes as a tag or [`Sink::comment`] call.
    fn text(&mut self, text: &str);
    /// A comment, bogus comment or doctype (skipped).
    fn comment(&mut self) {}
}

/// Tokenize `html` into `sink`.
pub fn tokenize<S: Sink>(html: &str, sink: &mut S) {
    let mut t = Tok {
        s: html,
        b: html.as_bytes(),
        attrs: Vec::new(),
        cr_nul: memchr2(b'\r', b'\0', html.as_bytes()).is_some(),
    };
    let start = if html.starts_with('\u{feff}') { 3 } else { 0 };
    t.run(start, sink);
}

struct Tok<'a> {
    s: &'a str,
    b: &'a [u8],
    /// Attributes of the tag being read.
    attrs: Vec<Attr<'a>>,
    /// Whether the page holds a CR or a NUL anywhere (most do not: their texts then go to the
    /// sink without a look for them).
    cr_nul: bool,
}

/// Whitespace between attributes (CR reads as LF).
#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// What ends a tag name.
#[inline]
fn ends_name(b: u8) -> bool {
    is_space(b) || b == b'/' || b == b'>'
}

/// Per byte: 1 ends a tag name (space, `/`, `>`), 2 also ends an attribute name (`=`),
/// 4 needs folding in a name (ASCII upper case, NUL).
const NAME_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
            t[i] = 1 | 2;
        } else if b == b'=' {
            t[i] = 2;
        } else if b.is_ascii_uppercase() || b == 0 {
            t[i] = 4;
        }
        i += 1;
    }
    t
};

#[inline]
fn name_byte(b: u8) -> u8 {
    NAME_BYTE.get(usize::from(b)).copied().unwrap_or(0)
}

impl<'a> Tok<'a> {
    #[inline]
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    #[inline]
    fn slice(&self, a: usize, z: usize) -> &'a str {
        self.s.get(a..z).unwrap_or("")
    }

    /// The data state from `i` to the end.
    fn run<S: Sink>(&mut self, mut i: usize, sink: &mut S) {
        let len = self.b.len();
        while i < len {
            let Some(k) = self.b.get(i..).and_then(|r| memchr2(b'<', b'&', r)) else {
                self.text(i, len, None, sink);
                return;
            };
            let j = i + k;
            self.text(i, j, None, sink);
            if self.at(j) == Some(b'&') {
                i = self.reference_text(j, sink);
            } else {
                i = self.markup(j, sink);
            }
        }
    }

    /// Emit `s[a..z]`: CR LF and CR as LF, NUL dropped (`nul: None`) or replaced.
    fn text<S: Sink>(&self, a: usize, z: usize, nul: Option<&str>, sink: &mut S) {
        if a >= z {
            return;
        }
        if !self.cr_nul {
            sink.text(self.slice(a, z));
            return;
        }
        let mut from = a;
        let mut p = a;
        while let Some(k) = self.b.get(p..z).and_then(|r| memchr2(b'\r', b'\0', r)) {
            let q = p + k;
            if q > from {
                sink.text(self.slice(from, q));
            }
            if self.at(q) == Some(b'\r') {
                sink.text("\n");
                p = if self.at(q + 1) == Some(b'\n') && q + 1 < z {
                    q + 2
                } else {
                    q + 1
                };
            } else {
                if let Some(r) = nul {
                    sink.text(r);
                }
                p = q + 1;
            }
            from = p;
        }
        if z > from {
            sink.text(self.slice(from, z));
        }
    }

    /// A character reference at `amp` in text: emit it (decoded, or the `&` as it is) and
    /// return where reading goes on.
    fn reference_text<S: Sink>(&self, amp: usize, sink: &mut S) -> usize {
        match self.reference(amp, self.b.len(), false) {
            Some((chars, next)) => {
                let mut buf = [0u8; 8];
                sink.text(chars.encode(&mut buf));
                next
            }
            None => {
                sink.text("&");
                amp + 1
            }
        }
    }

    /// Decode the character reference at `amp` (the `&`), reading no further than `end`;
    /// `None` when the `&` stays as it is.
    fn reference(&self, amp: usize, end: usize, in_attr: bool) -> Option<(Chars, usize)> {
        let first = self.at(amp + 1).filter(|_| amp + 1 < end)?;
        if first == b'#' {
            return self.numeric(amp + 2, end);
        }
        if !first.is_ascii_alphanumeric() {
            return None;
        }
        // The common references, whole with their `;`: no longer name starts with one.
        let head = self.b.get(amp + 1..end.min(amp + 6)).unwrap_or(&[]);
        for (name, c) in COMMON_REFERENCES {
            if head.starts_with(name) {
                return Some((Chars(*c, None), amp + 1 + name.len()));
            }
        }
        // The longest entity name the text starts with (every prefix of a name is a key).
        let names = &html5ever::data::NAMED_ENTITIES;
        let mut best: Option<(usize, (u32, u32))> = None;
        let mut k = amp + 2;
        while k <= end {
            let Some(p) = self.s.get(amp + 1..k) else {
                break;
            };
            match names.get(p) {
                Some(&m) => {
                    if m.0 != 0 {
                        best = Some((k, m));
                    }
                    k += 1;
                }
                None => break,
            }
        }
        let (mend, (c1, c2)) = best?;
        if self.at(mend - 1) != Some(b';') && in_attr && mend < end {
            // In an attribute, `&amp=` and `&ampx` stay as they are.
            if self
                .at(mend)
                .is_some_and(|c| c == b'=' || c.is_ascii_alphanumeric())
            {
                return None;
            }
        }
        let c1 = char::from_u32(c1)?;
        let c2 = if c2 == 0 { None } else { char::from_u32(c2) };
        Some((Chars(c1, c2), mend))
    }

    /// `&#...`: digits from `p` (after the `#`).
    fn numeric(&self, mut p: usize, end: usize) -> Option<(Chars, usize)> {
        let base = match self.at(p).filter(|_| p < end) {
            Some(b'x' | b'X') => {
                p += 1;
                16
            }
            _ => 10,
        };
        let mut num: u32 = 0;
        let mut too_big = false;
        let mut seen = false;
        while p < end {
            let Some(d) = self.at(p).and_then(|c| char::from(c).to_digit(base)) else {
                break;
            };
            num = num.wrapping_mul(base);
            if num > 0x10FFFF {
                too_big = true;
            }
            num = num.wrapping_add(d);
            seen = true;
            p += 1;
        }
        if !seen {
            return None;
        }
        if p < end && self.at(p) == Some(b';') {
            p += 1;
        }
        let c = match num {
            n if n > 0x10FFFF || too_big => '\u{fffd}',
            0 | 0xD800..=0xDFFF => '\u{fffd}',
            0x80..=0x9F => html5ever::data::C1_REPLACEMENTS
                .get((num - 0x80) as usize)
                .copied()
                .flatten()
                .or_else(|| char::from_u32(num))
                .unwrap_or('\u{fffd}'),
            n => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        Some((Chars(c, None), p))
    }

    /// Markup at `j` (a `<` in the data state): a tag, a comment, a doctype or a plain `<`.
    /// Returns where the data state goes on.
    fn markup<S: Sink>(&mut self, j: usize, sink: &mut S) -> usize {
        let len = self.b.len();
        match self.at(j + 1) {
            None => {
                sink.text("<");
                len
            }
            Some(b'!') => {
                sink.comment();
                let p = j + 2;
                if self.b.get(p..p + 2) == Some(b"--") {
                    self.comment_end(p + 2)
                } else if self
                    .b
                    .get(p..p + 7)
                    .is_some_and(|d| d.eq_ignore_ascii_case(b"doctype"))
                {
                    self.after_gt(p + 7)
                } else {
                    self.after_gt(p)
                }
            }
            Some(b'/') => match self.at(j + 2) {
                None => {
                    sink.text("</");
                    len
                }
                Some(c) if c.is_ascii_alphabetic() => match self.tag(j + 2) {
                    Some((next, name, _)) => {
                        sink.end_tag(&name);
                        next
                    }
                    None => len,
                },
                Some(b'>') => j + 3,
                Some(_) => {
                    sink.comment();
                    self.after_gt(j + 2)
                }
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let Some((next, name, self_closing)) = self.tag(j + 1) else {
                    return len;
                };
                let content = sink.start_tag(&name, &self.attrs, self_closing);
                match content {
                    Content::Markup => next,
                    Content::Rcdata => self.raw(next, &name, true, sink),
                    Content::Rawtext => self.raw(next, &name, false, sink),
                    Content::Script => self.script(next, &name, sink),
                }
            }
            Some(b'?') => {
                sink.comment();
                self.after_gt(j + 1)
            }
            Some(_) => {
                sink.text("<");
                j + 1
            }
        }
    }

    /// Just past the first `>` at or after `p` (the end of the input if none).
    fn after_gt(&self, p: usize) -> usize {
        match self.b.get(p..).and_then(|r| memchr(b'>', r)) {
            Some(k) => p + k + 1,
            None => self.b.len(),
        }
    }

    /// The end of a comment whose text starts at `p` (after `<!--`): `-->`, `--!>`, or the
    /// abrupt `<!-->` and `<!--->`.
    fn comment_end(&self, p: usize) -> usize {
        if self.at(p) == Some(b'>') {
            return p + 1;
        }
        if self.b.get(p..p + 2) == Some(b"->") {
            return p + 2;
        }
        let mut from = p;
        loop {
            let Some(k) = self.b.get(from..).and_then(|r| memchr(b'>', r)) else {
                return self.b.len();
            };
            let q = from + k;
            let body = self.b.get(p..q).unwrap_or(&[]);
            if body.ends_with(b"--") || body.ends_with(b"--!") {
                return q + 1;
            }
            from = q + 1;
        }
    }

    /// A tag whose name starts at `p`: its name, attributes (in `self.attrs`) and
    /// self-closing flag, and where the data state goes on; `None` when the input ends
    /// inside it (the tag is dropped).
    fn tag(&mut self, p: usize) -> Option<(usize, Cow<'a, str>, bool)> {
        self.attrs.clear();
        let len = self.b.len();
        let mut q = p;
        let mut fold = 0;
        while let Some(&c) = self.b.get(q) {
            let k = name_byte(c);
            if k & 1 != 0 {
                break;
            }
            fold |= k;
            q += 1;
        }
        if q >= len {
            return None;
        }
        let name = self.lowered(p, q, fold != 0);
        let mut i = q;
        loop {
            // Before an attribute name.
            while self.at(i).is_some_and(is_space) {
                i += 1;
            }
            match self.at(i)? {
                b'>' => return Some((i + 1, name, false)),
                b'/' => {
                    if self.at(i + 1)? == b'>' {
                        return Some((i + 2, name, true));
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // The attribute name: its first character whatever it is, then up to space,
            // `/`, `>` or `=`.
            let a = i;
            let mut fold = self.at(i).map_or(0, name_byte) & 4;
            i += 1;
            while let Some(&c) = self.b.get(i) {
                let k = name_byte(c);
                if k & 2 != 0 {
                    break;
                }
                fold |= k;
                i += 1;
            }
            if i >= len {
                return None;
            }
            let an = self.lowered(a, i, fold != 0);
            while self.at(i).is_some_and(is_space) {
                i += 1;
            }
            let value = if self.at(i)? == b'=' {
                i += 1;
                while self.at(i).is_some_and(is_space) {
                    i += 1;
                }
                match self.at(i)? {
                    q @ (b'"' | b'\'') => {
                        let k = self.b.get(i + 1..).and_then(|r| memchr(q, r))?;
                        let v = self.value(i + 1, i + 1 + k);
                        i += k + 2;
                        v
                    }
                    b'>' => Cow::Borrowed(""),
                    _ => {
                        let a = i;
                        while self.at(i).is_some_and(|c| !(is_space(c) || c == b'>')) {
                            i += 1;
                        }
                        if i >= len {
                            return None;
                        }
                        self.value(a, i)
                    }
                }
            } else {
                Cow::Borrowed("")
            };
            // A repeated name is dropped (the first one counts). Past a few dozen attributes
            // the check stops (a consumer looks names up first-match anyway), so a hostile tag
            // with a million attributes costs linear time.
            if self.attrs.len() > 32 || !self.attrs.iter().any(|x| x.name == an) {
                self.attrs.push(Attr { name: an, value });
            }
        }
    }

    /// A tag or attribute name: ASCII lower-cased, NUL as U+FFFD (`fold`: it holds one of
    /// them), CR never in it.
    #[inline]
    fn lowered(&self, a: usize, z: usize, fold: bool) -> Cow<'a, str> {
        if !fold {
            return Cow::Borrowed(self.slice(a, z));
        }
        self.folded(a, z)
    }

    /// [`Self::lowered`] of a name that needs folding (rare).
    #[cold]
    fn folded(&self, a: usize, z: usize) -> Cow<'a, str> {
        let raw = self.slice(a, z);
        let mut out = String::with_capacity(raw.len() + 2);
        for c in raw.chars() {
            out.push(match c {
                '\0' => '\u{fffd}',
                c => c.to_ascii_lowercase(),
            });
        }
        Cow::Owned(out)
    }

    /// An attribute value `s[a..z]`: references decoded, CR LF and CR as LF, NUL as U+FFFD.
    fn value(&self, a: usize, z: usize) -> Cow<'a, str> {
        let raw = self.slice(a, z);
        // Short values (most) by a plain loop: shorter than a `memchr` call's setup.
        let plain = if raw.len() < 32 {
            !raw.bytes().any(|b| matches!(b, b'&' | b'\r' | b'\0'))
        } else {
            memchr::memchr3(b'&', b'\r', b'\0', raw.as_bytes()).is_none()
        };
        if plain {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut p = a;
        while p < z {
            let Some(c) = self.at(p) else { break };
            match c {
                b'&' => match self.reference(p, z, true) {
                    Some((chars, next)) => {
                        let mut buf = [0u8; 8];
                        out.push_str(chars.encode(&mut buf));
                        p = next;
                    }
                    None => {
                        out.push('&');
                        p += 1;
                    }
                },
                b'\r' => {
                    out.push('\n');
                    p += if self.at(p + 1) == Some(b'\n') && p + 1 < z {
                        2
                    } else {
                        1
                    };
                }
                b'\0' => {
                    out.push('\u{fffd}');
                    p += 1;
                }
                _ => {
                    let k = self
                        .b
                        .get(p..z)
                        .and_then(|r| memchr::memchr3(b'&', b'\r', b'\0', r))
                        .map_or(z, |k| p + k);
                    out.push_str(self.slice(p, k));
                    p = k;
                }
            }
        }
        Cow::Owned(out)
    }

    /// Whether an end tag for `name` starts at `q` (`</name` then space, `/` or `>`).
    fn end_tag_at(&self, q: usize, name: &str) -> bool {
        let n = name.len();
        self.at(q + 1) == Some(b'/')
            && self
                .b
                .get(q + 2..q + 2 + n)
                .is_some_and(|x| x.eq_ignore_ascii_case(name.as_bytes()))
            && self.at(q + 2 + n).is_some_and(ends_name)
    }

    /// The end tag found at `q` after raw content: read it, tell the sink, go on after it.
    fn close_raw<S: Sink>(&mut self, q: usize, sink: &mut S) -> usize {
        match self.tag(q + 2) {
            Some((next, name, _)) => {
                sink.end_tag(&name);
                next
            }
            None => self.b.len(),
        }
    }

    /// RCDATA (`rc`) or RAWTEXT content from `start` up to the end tag for `name`.
    fn raw<S: Sink>(&mut self, start: usize, name: &str, rc: bool, sink: &mut S) -> usize {
        let len = self.b.len();
        let mut from = start;
        let mut i = start;
        loop {
            let found = self.b.get(i..).and_then(|r| {
                if rc {
                    memchr2(b'<', b'&', r)
                } else {
                    memchr(b'<', r)
                }
            });
            let Some(k) = found else {
                self.text(from, len, Some("\u{fffd}"), sink);
                return len;
            };
            let q = i + k;
            if self.at(q) == Some(b'&') {
                if let Some((chars, next)) = self.reference(q, len, false) {
                    self.text(from, q, Some("\u{fffd}"), sink);
                    let mut buf = [0u8; 8];
                    sink.text(chars.encode(&mut buf));
                    from = next;
                    i = next;
                } else {
                    i = q + 1;
                }
            } else if self.end_tag_at(q, name) {
                self.text(from, q, Some("\u{fffd}"), sink);
                return self.close_raw(q, sink);
            } else {
                i = q + 1;
            }
        }
    }

    /// Script data from `start` up to the end tag for `name` outside the escapes.
    fn script<S: Sink>(&mut self, start: usize, name: &str, sink: &mut S) -> usize {
        match self.script_end(start, name) {
            Some(q) => {
                self.text(start, q, Some("\u{fffd}"), sink);
                self.close_raw(q, sink)
            }
            None => {
                let len = self.b.len();
                self.text(start, len, Some("\u{fffd}"), sink);
                len
            }
        }
    }

    /// Where the end tag of a script starting at `start` begins (`None`: the script runs to
    /// the end of the input): the script data states of the spec, escaped (`<!--`) and double
    /// escaped (`<script>` inside the escape).
    fn script_end(&self, start: usize, name: &str) -> Option<usize> {
        #[derive(Clone, Copy, PartialEq)]
        enum S {
            Data,
            Esc,
            EscDash,
            EscDashDash,
            EscLt,
            /// Letters after `<` in the escape: `<script` starts the double escape.
            DblStart,
            Dbl,
            DblDash,
            DblDashDash,
            DblLt,
            /// Letters after `</` in the double escape: `</script` ends it.
            DblEnd,
        }
        let len = self.b.len();
        let mut st = S::Data;
        let mut i = start;
        // Letters read in DblStart / DblEnd, and whether they still spell `script`.
        let mut word = 0usize;
        let mut is_script = true;
        while i < len {
            let c = self.at(i)?;
            match st {
                S::Data => {
                    let k = self.b.get(i..).and_then(|r| memchr(b'<', r))?;
                    let q = i + k;
                    if self.end_tag_at(q, name) {
                        return Some(q);
                    }
                    if self.b.get(q + 1..q + 4) == Some(b"!--") {
                        st = S::EscDashDash;
                        i = q + 4;
                    } else {
                        i = q + 1;
                    }
                    continue;
                }
                S::Esc | S::Dbl => {
                    let k = self.b.get(i..).and_then(|r| memchr2(b'-', b'<', r))?;
                    let q = i + k;
                    let dash = self.at(q) == Some(b'-');
                    st = match (st, dash) {
                        (S::Esc, true) => S::EscDash,
                        (S::Esc, false) => S::EscLt,
                        (_, true) => S::DblDash,
                        (_, false) => S::DblLt,
                    };
                    i = q + 1;
                    continue;
                }
                S::EscDash | S::EscDashDash | S::DblDash | S::DblDashDash => {
                    let esc = matches!(st, S::EscDash | S::EscDashDash);
                    st = match c {
                        b'-' if esc => S::EscDashDash,
                        b'-' => S::DblDashDash,
                        b'<' if esc => S::EscLt,
                        b'<' => S::DblLt,
                        b'>' if matches!(st, S::EscDashDash | S::DblDashDash) => S::Data,
                        _ if esc => S::Esc,
                        _ => S::Dbl,
                    };
                    i += 1;
                }
                S::EscLt => {
                    if c == b'/' {
                        if self.end_tag_at(i - 1, name) {
                            return Some(i - 1);
                        }
                        st = S::Esc;
                        i += 1;
                    } else if c.is_ascii_alphabetic() {
                        st = S::DblStart;
                        word = 0;
                        is_script = true;
                    } else {
                        st = S::Esc;
                    }
                }
                S::DblLt => {
                    if c == b'/' {
                        st = S::DblEnd;
                        word = 0;
                        is_script = true;
                        i += 1;
                    } else {
                        st = S::Dbl;
                    }
                }
                S::DblStart | S::DblEnd => {
                    let start_state = st == S::DblStart;
                    if c.is_ascii_alphabetic() {
                        is_script &= b"script".get(word) == Some(&c.to_ascii_lowercase());
                        word += 1;
                        i += 1;
                    } else if ends_name(c) {
                        let script = is_script && word == 6;
                        st = match (start_state, script) {
                            (true, true) | (false, false) => S::Dbl,
                            _ => S::Esc,
                        };
                        i += 1;
                    } else {
                        st = if start_state { S::Esc } else { S::Dbl };
                    }
                }
            }
        }
        None
    }
}

/// References decoded without the entity table (the table gives the same).
const COMMON_REFERENCES: &[(&[u8], char)] = &[
    (b"amp;", '&'),
    (b"quot;", '"'),
    (b"lt;", '<'),
    (b"gt;", '>'),
    (b"nbsp;", '\u{a0}'),
    (b"apos;", '\''),
];

/// One or two decoded characters.
#[derive(Debug, Clone, Copy)]
struct Chars(char, Option<char>);

impl Chars {
    fn encode<'b>(&self, buf: &'b mut [u8; 8]) -> &'b str {
        let n = self.0.encode_utf8(&mut buf[..4]).len();
        let m = match self.1 {
            Some(c) => c.encode_utf8(&mut buf[n..n + 4]).len(),
            None => 0,
        };
        std::str::from_utf8(&buf[..n + m]).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    //! The tokenizer against html5ever's, token for token (text merged, comments and
    //! errors left out), on hand-written soup cut at every byte and on generated soup.

    use super::*;
    use crate::clean::html::content_of;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use std::cell::RefCell;

    #[derive(Debug, Clone, PartialEq)]
    enum T {
        Start(String, Vec<(String, String)>, bool),
        End(String),
        Text(String),
    }

    fn push_text(out: &mut Vec<T>, s: &str) {
        if let Some(T::Text(t)) = out.last_mut() {
            t.push_str(s);
        } else if !s.is_empty() {
            out.push(T::Text(s.to_string()));
        }
    }

    #[derive(Default)]
    struct Ours(Vec<T>);

    impl Sink for Ours {
        fn start_tag(&mut self, name: &str, attrs: &[Attr<'_>], sc: bool) -> Content {
            let a = attrs
                .iter()
                .map(|a| (a.name.to_string(), a.value.to_string()))
                .collect();
            self.0.push(T::Start(name.to_string(), a, sc));
            content_of(name, sc)
        }
        fn end_tag(&mut self, name: &str) {
            self.0.push(T::End(name.to_string()));
        }
        fn text(&mut self, text: &str) {
            push_text(&mut self.0, text);
        }
    }

    #[derive(Default)]
    struct Theirs(RefCell<Vec<T>>);

    impl TokenSink for Theirs {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let mut out = self.0.borrow_mut();
            match token {
                Token::TagToken(tag) => {
                    let name = tag.name.to_string();
                    if tag.kind == TagKind::EndTag {
                        out.push(T::End(name));
                        return TokenSinkResult::Continue;
                    }
                    let a = tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect();
                    out.push(T::Start(name.clone(), a, tag.self_closing));
                    match content_of(&name, tag.self_closing) {
                        Content::Markup => {}
                        Content::Rcdata => return TokenSinkResult::RawData(RawKind::Rcdata),
                        Content::Rawtext => return TokenSinkResult::RawData(RawKind::Rawtext),
                        Content::Script => return TokenSinkResult::RawData(RawKind::ScriptData),
                    }
                }
                Token::CharacterTokens(t) => push_text(&mut out, &t),
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }

    fn ours(html: &str) -> Vec<T> {
        let mut s = Ours::default();
        tokenize(html, &mut s);
        s.0
    }

    fn theirs(html: &str) -> Vec<T> {
        let tok = Tokenizer::new(Theirs::default(), TokenizerOpts::default());
        let q = BufferQueue::default();
        q.push_back(html.into());
        let _ = tok.feed(&q);
        tok.end();
        tok.sink.0.into_inner()
    }

    const SOUP: &[&str] = &[
        "<p class=\"lead\" id=x data-a='1'>AT&amp;T &amp &ampx &notit; &notin; caf&eacute;</p>",
        "<a href=\"?a=1&amp;b=2&copy=3&copy;&lt\">x</a><img alt=&lt;b&gt; src=a&b>",
        "&#65;&#x42;&#X43&#0;&#128;&#x9d;&#xD800;&#1114112;&#99999999999;&#;&#x;&#a&",
        "<DIV CLASS=Main ClAsS=dup Id = 'q' >Text</DIV ><br/><br / ><p/ x>",
        "<script>if (a < b && c > d) { x = '</scr' + 'ipt>'; }</script>after",
        "<script><!-- document.write('<script>x</script>'); --></script>tail</script>end",
        "<script><!--<script ></script>--></script><script><!-- a --!> </script>z",
        "<script><!--<scripts></script>q<script/></ScRiPt>w<script>",
        "<script><!--<script></x></scrip><-x--x-></script>--></script>a</script>b",
        "<script><!--<script>--!><-</script>- -<</script>--><!-x</script>c",
        "<style>p < b { } </styl</style x=\"</style>\">y</style>",
        "<title>A &amp; B </tit</title ><textarea>x<b>&lt;</textarea>",
        "<!-->a<!--->b<!---->c<!-- -- >d-->e<!--x--!>f<!-- <!-- -->g<!--a--!->h-->",
        "<!DOCTYPE html><!doctype><?xml version='1'?><!x><![CDATA[ a > b ]]></ x></>",
        "a\r\nb\rc\r\r\nd\0e<p\r\nclass=\"x\r\ny\"\0>\0f</p>",
        "<a<b c=d<e>text</a<b><x y=\"z\"/q>< p>a <3 b</p>",
        "<p =x \"q\"=1 'r'=2 <s=3 a= >t</p><p a=b/>u</p>",
        "\u{feff}<p>bom</p>\u{feff}",
        "<p>ব\u{a0}ন&nbsp;x<span>ع</span></p><noscript><p>n</p></noscript><xmp><b></xmp>",
        "<script type=\"application/ld+json\">{\"datePublished\": \"2024-01-02\"}</script>",
        "<iframe src=x><p>frame</iframe><noembed>&amp;</noembed><noframes></noframes>",
        "<p title=\"&NotNestedGreaterGreater;&nGt&ncongdot;\">&fjlig;&bne;</p>",
    ];

    #[test]
    fn matches_html5ever_on_soup_cut_anywhere() {
        for page in SOUP {
            for (i, _) in page.char_indices().chain([(page.len(), ' ')]) {
                let cut = page.get(..i).unwrap_or("");
                assert_eq!(ours(cut), theirs(cut), "{cut:?}");
            }
        }
    }

    #[test]
    fn matches_html5ever_on_fixture_pages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clean");
        let mut n = 0;
        for lang in ["ar", "bn", "en", "ru"] {
            let Ok(rd) = std::fs::read_dir(dir.join(lang)) else {
                continue;
            };
            for e in rd.flatten() {
                if e.path().extension().is_some_and(|x| x == "html") {
                    let page = std::fs::read_to_string(e.path()).unwrap_or_default();
                    assert_eq!(ours(&page), theirs(&page), "{:?}", e.path());
                    n += 1;
                }
            }
        }
        assert!(n >= 4, "fixture pages found: {n}");
    }

    /// A tag with very many attributes, and very deep nesting, are read in reasonable time.
    #[test]
    fn hostile_tags_stay_linear() {
        let mut page = String::from("<p");
        for i in 0..50_000 {
            page.push_str(&format!(" a{}=x", i % 7));
        }
        page.push_str(">text</p>");
        page.push_str(&"<div>".repeat(20_000));
        let t = std::time::Instant::now();
        let toks = ours(&page);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        assert!(toks.contains(&T::Text("text".into())));
        assert_eq!(
            toks.iter()
                .filter(|t| matches!(t, T::Start(n, ..) if n == "div"))
                .count(),
            20_000
        );
    }

    #[test]
    fn common_references_agree_with_the_table() {
        for (name, c) in COMMON_REFERENCES {
            let key = std::str::from_utf8(name).unwrap_or("");
            let (c1, c2) = html5ever::data::NAMED_ENTITIES
                .get(key)
                .copied()
                .unwrap_or((0, 0));
            assert_eq!((char::from_u32(c1), c2), (Some(*c), 0), "{key}");
            assert!(key.ends_with(';'));
        }
    }

    #[test]
    fn text_is_borrowed_and_decoded() {
        let t = ours("<p a=\"x&amp;y\" b=plain>one &lt;two&gt;</p>");
        assert_eq!(
            t,
            [
                T::Start(
                    "p".into(),
                    vec![("a".into(), "x&y".into()), ("b".into(), "plain".into())],
                    false
                ),
                T::Text("one <two>".into()),
                T::End("p".into()),
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn matches_html5ever_on_generated_soup(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "<", ">", "/", "!", "-", "--", "=", "\"", "'", "&", ";", "#", "x", "4", " ",
                "\n", "\r", "\0", "é", "ব", "amp", "lt", "not", "in", "a", "p", "b", "S",
                "script", "style", "title", "textarea", "<!--", "-->", "</script>",
                "<script>", "<title>", "</title>", "<style>", "</", "<!", "<?", "doctype",
                "class", "id", "<p ", "<a href=", "&amp;", "&#", "&#x", "9f", "[CDATA[",
                "</x>", "<x>", "</script", "<script", "\t",
            ]),
            0..40,
        )) {
            let page: String = parts.concat();
            proptest::prop_assert_eq!(ours(&page), theirs(&page), "{:?}", page);
        }
    }
}
