//! The knowledge-base loader on arbitrary JSON Lines: never panics; a KB it accepts can be
//! checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (kb, _errors) = khabar_extract::kb::Kb::from_jsonl_lenient(&text, "fuzz.jsonl");
    let _ = kb.check();
    let _ = khabar_extract::kb::Kb::from_jsonl(&text, "fuzz.jsonl");
});
