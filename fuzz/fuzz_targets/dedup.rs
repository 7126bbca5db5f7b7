//! Near-duplicate detection on arbitrary texts: never panics; a text never copies itself; the
//! same text seen twice under two ids is linked when it is long enough to be judged.
#![no_main]
use khabar_extract::dedup::Deduper;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut d = Deduper::default();
    let judged = d.signature(&text).is_some();
    assert_eq!(d.observe_text("a", &text), None);
    let second = d.observe_text("b", &text);
    if judged {
        assert_eq!(second.as_deref(), Some("a"));
    } else {
        assert_eq!(second, None);
    }
});
