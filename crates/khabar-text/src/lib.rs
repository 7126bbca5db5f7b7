//! Text stages: from a raw body to clean, language-tagged, sentence-split, date-annotated text.
//!
//! - [`chars`]: fast character classes shared by the tokenizers.
//! - [`clean`]: HTML and plain-text scrapes to main text, boilerplate out, with diagnostics.
//! - [`lang`]: document and paragraph language.
//! - [`normalize`]: a matching copy of the text (NFKC, digits, letter variants) with an offset
//!   map back to the cleaned text.
//! - [`sentences`]: sentence spans.
//! - [`dates`]: absolute and relative dates in bn, ar, en, ru.
//!
//! No IO: lexicons are compiled into the binary from `data/` with `include_str!` and can be
//! extended at run time by the caller passing extra data.

pub mod chars;
pub mod clean;
pub mod dates;
pub mod lang;
pub mod normalize;
pub mod sentences;
