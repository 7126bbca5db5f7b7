//! The WARC reader (through `khabar_ingest::read_source` on a `.warc` file): never panics on
//! arbitrary bytes, however truncated or lying its headers are.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    khabar_fuzz::ingest_bytes("warc", "warc", data, 64);
});
