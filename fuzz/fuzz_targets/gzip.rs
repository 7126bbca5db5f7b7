//! Gzip handling: arbitrary bytes behind the gzip magic, read as `.warc.gz` and as `.jsonl.gz`
//! (multi-member streams, truncation, corrupt deflate data, bombs): never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut v = Vec::with_capacity(data.len() + 2);
    v.extend_from_slice(&[0x1f, 0x8b]);
    v.extend_from_slice(data);
    khabar_fuzz::ingest_bytes("gzip", "warc.gz", &v, 16);
    khabar_fuzz::ingest_bytes("gzip2", "jsonl.gz", &v, 16);
});
