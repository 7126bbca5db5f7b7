//! The JSON Lines reader (through `khabar_ingest::read_source` on a `.jsonl` file): never
//! panics on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    khabar_fuzz::ingest_bytes("jsonl", "jsonl", data, 64);
});
