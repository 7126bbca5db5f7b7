//! Character classes for the hot loops of every stage, answered from one table for the first
//! code points (Latin through the CJK symbols block: every script read here except CJK
//! ideographs and Hangul syllables) and from the Unicode tables of `std` and
//! `unicode-normalization` above it. The answers are exactly those of `char::is_alphabetic`,
//! `char::is_alphanumeric`, `char::is_uppercase` and `is_combining_mark`; the table only
//! avoids their binary searches, which dominated tokenizing Bengali and Arabic text.

use std::sync::OnceLock;

/// Code points with a table row.
const LIMIT: u32 = 0x3100;
const ALPHA: u8 = 1;
const NUMERIC: u8 = 2;
const MARK: u8 = 4;
const UPPER: u8 = 8;

fn table() -> &'static [u8] {
    static T: OnceLock<Vec<u8>> = OnceLock::new();
    T.get_or_init(|| {
        (0..LIMIT)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return 0;
                };
                let mut f = 0;
                if c.is_alphabetic() {
                    f |= ALPHA;
                }
                if c.is_numeric() {
                    f |= NUMERIC;
                }
                if unicode_normalization::char::is_combining_mark(c) {
                    f |= MARK;
                }
                if c.is_uppercase() {
                    f |= UPPER;
                }
                f
            })
            .collect()
    })
}

#[inline]
fn row(c: char) -> Option<u8> {
    if c.is_ascii() {
        return None;
    }
    table().get(c as usize).copied()
}

/// `char::is_alphabetic`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    row(c).map_or_else(|| c.is_alphabetic(), |f| f & ALPHA != 0)
}

/// `char::is_alphanumeric`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    row(c).map_or_else(|| c.is_alphanumeric(), |f| f & (ALPHA | NUMERIC) != 0)
}

/// `unicode_normalization::char::is_combining_mark`.
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    row(c).map_or_else(
        || unicode_normalization::char::is_combining_mark(c),
        |f| f & MARK != 0,
    )
}

/// `char::is_uppercase`.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    row(c).map_or_else(|| c.is_uppercase(), |f| f & UPPER != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_answers_like_the_unicode_tables() {
        // Every row, and a stretch above the table.
        for cp in 0..LIMIT + 0x400 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{cp:04X}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "U+{cp:04X}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "U+{cp:04X}");
            assert_eq!(
                is_combining_mark(c),
                unicode_normalization::char::is_combining_mark(c),
                "U+{cp:04X}"
            );
        }
        assert!(is_alphabetic('ক') && is_combining_mark('\u{09BF}') && !is_alphabetic('।'));
        assert!(is_alphanumeric('৫') && is_alphanumeric('٣') && is_alphabetic('가'));
    }
}
