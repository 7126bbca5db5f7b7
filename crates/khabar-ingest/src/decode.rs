//! Bytes to text: byte-order marks, declared charsets (HTTP `Content-Type`, `<meta charset>`,
//! `http-equiv`) and, when nothing is declared and the bytes are not UTF-8, a cheap sniff among
//! the legacy encodings news sites still use (windows-1256, windows-1251, windows-1252).
//!
//! It never fails: undecodable bytes become U+FFFD and the caller gets a warning to put on the
//! document. It does not guess among every legacy encoding (no statistical detector).

use encoding_rs::Encoding;

/// The decoded text and an optional warning (`reason`, detail) for the document.
pub struct Decoded {
    pub text: String,
    pub warning: Option<(&'static str, String)>,
}

/// The charset named in a `Content-Type`-like value (`text/html; charset=windows-1256`).
pub fn charset_from_content_type(value: &str) -> Option<&str> {
    let lower_idx = find_ci(value.as_bytes(), b"charset=")?;
    let rest = value.get(lower_idx + 8..)?;
    let rest = rest.trim_start_matches(['"', '\'', ' ']);
    let end = rest
        .find(['"', '\'', ';', ' ', '>', '/'])
        .unwrap_or(rest.len());
    let cs = rest.get(..end)?.trim();
    (!cs.is_empty()).then_some(cs)
}

/// The charset an HTML page declares in its first 4 KB (`<meta charset>` or `http-equiv`).
pub fn charset_from_html(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let mut from = 0;
    while let Some(i) = find_ci(head.get(from..)?, b"charset") {
        let at = from + i + 7;
        let rest = head.get(at..)?;
        // `charset="x"`, `charset=x` (both inside meta and inside a content attribute)
        let rest = trim_start_bytes(rest, b" \t\r\n");
        if let Some(r) = rest.strip_prefix(b"=") {
            let r = trim_start_bytes(r, b" \t\"'");
            let end = r
                .iter()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                })
                .unwrap_or(r.len());
            if let Some(enc) = r.get(..end).and_then(Encoding::for_label) {
                return Some(enc);
            }
        }
        from = at;
    }
    None
}

fn trim_start_bytes<'a>(mut s: &'a [u8], set: &[u8]) -> &'a [u8] {
    while let Some((f, rest)) = s.split_first() {
        if set.contains(f) {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Case-insensitive ASCII search.
pub fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Decode `bytes`. `declared` is a charset label from outside the body (HTTP header), `html`
/// says whether to look for a `<meta>` declaration.
pub fn decode(bytes: &[u8], declared: Option<&str>, html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or(&[]);
        return decode_with(enc, body, true);
    }
    let enc = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| if html { charset_from_html(bytes) } else { None });
    match enc {
        // A page that says UTF-8 (or that a browser would read as such, since ASCII-compatible
        // declarations of UTF-16 in a byte stream are treated as UTF-8) is read as UTF-8.
        Some(e)
            if e == encoding_rs::UTF_8
                || e == encoding_rs::UTF_16LE
                || e == encoding_rs::UTF_16BE =>
        {
            decode_with(encoding_rs::UTF_8, bytes, true)
        }
        Some(e) => decode_with(e, bytes, true),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => Decoded {
                text: s.to_string(),
                warning: None,
            },
            Err(_) => sniff(bytes),
        },
    }
}

fn decode_with(enc: &'static Encoding, bytes: &[u8], declared: bool) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let warning = had_errors.then(|| {
        (
            if enc == encoding_rs::UTF_8 {
                "invalid-utf8"
            } else {
                "invalid-bytes"
            },
            format!(
                "bytes not valid in {}{}; replaced with U+FFFD",
                enc.name(),
                if declared { " (declared)" } else { "" }
            ),
        )
    });
    Decoded {
        text: text.into_owned(),
        warning,
    }
}

/// No declaration and not UTF-8: try the legacy encodings and keep the one whose words are
/// most consistent (one script per word, no capital letters inside words).
fn sniff(bytes: &[u8]) -> Decoded {
    // Mostly UTF-8 with a few bad bytes: a broken UTF-8 page, not a legacy one.
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{fffd}').count();
    let good = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{fffd}')
        .count();
    if good > bad * 2 {
        return Decoded {
            text: lossy.into_owned(),
            warning: Some((
                "invalid-utf8",
                format!("{bad} invalid UTF-8 sequences (undeclared); replaced with U+FFFD"),
            )),
        };
    }
    let candidates = [
        encoding_rs::WINDOWS_1256,
        encoding_rs::WINDOWS_1251,
        encoding_rs::WINDOWS_1252,
    ];
    let mut best: Option<(i64, &'static Encoding, String)> = None;
    for enc in candidates {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let score = consistency(&text);
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, enc, text.into_owned()));
        }
    }
    match best {
        Some((_, enc, text)) => Decoded {
            text,
            warning: Some((
                "charset-sniffed",
                format!("no charset declared and not UTF-8; read as {}", enc.name()),
            )),
        },
        None => decode_with(encoding_rs::UTF_8, bytes, false),
    }
}

fn script_class(c: char) -> u8 {
    match c as u32 {
        0..=0x7F => 1,
        0x80..=0x24F => 2,
        0x370..=0x3FF => 3,
        0x400..=0x52F => 4,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFEFF => 5,
        _ => 0,
    }
}

fn consistency(text: &str) -> i64 {
    let mut score = 0i64;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        let mut class = script_class(first);
        let mut ok = class != 0;
        let mut prev_lower = first.is_lowercase();
        let mut has_non_ascii = !first.is_ascii();
        for c in chars {
            let k = script_class(c);
            has_non_ascii |= !c.is_ascii();
            // Latin letters with diacritics sit with ASCII Latin.
            let k = if k == 2 { 1 } else { k };
            if class == 2 {
                class = 1;
            }
            if k != class || (prev_lower && c.is_uppercase()) {
                ok = false;
            }
            prev_lower = c.is_lowercase();
        }
        if has_non_ascii {
            score += if ok { 1 } else { -2 };
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_and_sniffed() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1256.encode("التقى الرئيس بالوزير في القاهرة اليوم");
        let d = decode(&bytes, None, false);
        assert_eq!(d.text, "التقى الرئيس بالوزير في القاهرة اليوم");
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Министр обороны встретился с командующим");
        let d = decode(&bytes, None, false);
        assert_eq!(d.text, "Министр обороны встретился с командующим");
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        let d = decode(html, None, true);
        assert!(d.text.contains("Привет"), "{}", d.text);
        assert!(d.warning.is_none());
    }

    #[test]
    fn utf8_claimed_but_broken_is_lossy_with_warning() {
        let d = decode(b"abc \xff def", Some("utf-8"), false);
        assert_eq!(d.text, "abc \u{fffd} def");
        assert_eq!(d.warning.map(|w| w.0), Some("invalid-utf8"));
    }

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"windows-1256\""),
            Some("windows-1256")
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }
}
