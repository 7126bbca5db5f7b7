//! The date reader on arbitrary text in any language: never panics; every date span lies on
//! character boundaries; every date read is a possible date.
#![no_main]
use khabar_core::PartialDate;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn reader() -> &'static khabar_text::dates::DateReader {
    static R: OnceLock<khabar_text::dates::DateReader> = OnceLock::new();
    R.get_or_init(khabar_text::dates::DateReader::new)
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lang = ["bn", "ar", "en", "ru"].get(usize::from(sel % 5)).copied();
    let published = (sel & 0x80 != 0).then(|| PartialDate::ymd(2024, 2, 29));
    for d in reader().read(&text, published, lang) {
        khabar_fuzz::check_span(&text, d.span, "date");
        assert!(
            d.date.is_valid() || d.placeholder,
            "impossible date {:?} from {:?}",
            d.date,
            d.span.slice(&text)
        );
    }
});
