//! `--max-*` flags shared by `khabar extract` and `khabar ingest`: the ingestion limits that
//! bound memory and time on hostile input (a huge single-line file, a gzip bomb, a giant JSON
//! Lines line). Defaults come from [`IngestOptions::default`]; this module only maps flags
//! to [`IngestOptions`] and does not enforce anything itself.

use khabar_ingest::IngestOptions;

/// Limits on one input, in MiB (fractions allowed: `0.25`). Omitted flags keep the built-in
/// defaults.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct LimitArgs {
    /// Largest body kept for one document, in MiB (default 8); longer ones are cut with a
    /// `document-cut` warning.
    #[arg(long, value_name = "MIB")]
    pub max_doc_mb: Option<f64>,
    /// Largest decompressed size read from one gzip stream, in MiB (default 4096); a
    /// bigger stream is stopped with an error naming the file (gzip-bomb guard).
    #[arg(long, value_name = "MIB")]
    pub max_decompressed_mb: Option<f64>,
    /// Longest JSON Lines line read, in MiB (default 32); a longer line is skipped with an
    /// error naming the file and line.
    #[arg(long, value_name = "MIB")]
    pub max_line_mb: Option<f64>,
}

const MIB: f64 = (1u64 << 20) as f64;

/// MiB to bytes; negative or NaN gives 0, too large saturates (float-to-int casts saturate).
fn mib_to_bytes(mb: f64) -> u64 {
    (mb * MIB) as u64
}

fn mib_to_usize(mb: f64) -> usize {
    usize::try_from(mib_to_bytes(mb)).unwrap_or(usize::MAX)
}

impl LimitArgs {
    /// The ingestion options: defaults with the given flags applied (a limit of 0 is kept
    /// as given: every input is then cut or refused).
    pub fn ingest_options(&self) -> IngestOptions {
        let mut o = IngestOptions::default();
        if let Some(mb) = self.max_doc_mb {
            o.max_document_bytes = mib_to_usize(mb);
        }
        if let Some(mb) = self.max_decompressed_mb {
            o.max_decompressed_bytes = mib_to_bytes(mb);
        }
        if let Some(mb) = self.max_line_mb {
            o.max_line_bytes = mib_to_usize(mb);
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_only_what_is_given() {
        let d = IngestOptions::default();
        let o = LimitArgs {
            max_doc_mb: Some(2.0),
            ..Default::default()
        }
        .ingest_options();
        assert_eq!(o.max_document_bytes, 2 << 20);
        assert_eq!(o.max_decompressed_bytes, d.max_decompressed_bytes);
        assert_eq!(o.max_line_bytes, d.max_line_bytes);
        let o = LimitArgs {
            max_doc_mb: None,
            max_decompressed_mb: Some(f64::MAX),
            max_line_mb: Some(0.5),
        }
        .ingest_options();
        assert_eq!(o.max_decompressed_bytes, u64::MAX);
        assert_eq!(o.max_line_bytes, 512 << 10);
        let o = LimitArgs {
            max_doc_mb: Some(-1.0),
            ..Default::default()
        }
        .ingest_options();
        assert_eq!(o.max_document_bytes, 0);
    }
}
