//! `khabar generate`: write a deterministic multilingual corpus (see `crate::generate`) as
//! text scrapes, HTML pages, JSON Lines and WARC.gz, plus `truth.jsonl`, the ground truth of
//! every article (language, story, which article it copies).
//!
//! Streaming: one article is rendered and written at a time, so memory stays constant for any
//! size. Layout under `--out`:
//! `text/NNNN/NNNNNNN-LL.txt`, `html/NNNN/NNNNNNN-LL.html`, `story/NNNN/NNNNNNN-LL.txt`
//! (1000 files a folder),
//! `jsonl/part-NNNNN.jsonl`, `warc/part-NNNNN.warc.gz` (`--per-file` records a part; each WARC
//! record is its own gzip member), `truth.jsonl`.

use crate::generate::templates::Templates;
use crate::generate::{Article, GenOptions, Generator, Rng};
use anyhow::Context;
use flate2::write::GzEncoder;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Number of articles (default 1000 unless --size-mb is given).
    #[arg(long)]
    pub docs: Option<u64>,
    /// Stop once this many megabytes were written (over all formats).
    #[arg(long)]
    pub size_mb: Option<u64>,
    /// Seed: the same seed gives the same corpus, byte for byte.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Formats to write, comma-separated: text, html, jsonl, warc; also `story`, the story
    /// text alone (headline and paragraphs: what a perfect cleaner keeps), for scoring.
    #[arg(long, value_delimiter = ',', default_value = "text,html,jsonl,warc")]
    pub formats: Vec<String>,
    /// Approximate bytes of story text per article.
    #[arg(long, default_value_t = 2048)]
    pub article_bytes: usize,
    /// Languages, comma-separated (en, bn, ar, ru); default all.
    #[arg(long, value_delimiter = ',')]
    pub langs: Vec<String>,
    /// Read templates from this folder (actors.tsv, en.txt, bn.txt, ar.txt, ru.txt) instead of
    /// the built-in ones.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Records per JSON Lines or WARC part file.
    #[arg(long, default_value_t = 10_000)]
    pub per_file: u64,
}

/// Which formats to write.
#[derive(Debug, Clone, Copy, Default)]
struct Formats {
    text: bool,
    html: bool,
    jsonl: bool,
    warc: bool,
    story: bool,
}

fn parse_formats(list: &[String]) -> anyhow::Result<Formats> {
    let mut f = Formats::default();
    for s in list {
        match s.trim() {
            "text" | "txt" => f.text = true,
            "html" => f.html = true,
            "jsonl" => f.jsonl = true,
            "warc" => f.warc = true,
            "story" => f.story = true,
            other => anyhow::bail!("unknown format {other:?} (text, html, jsonl, warc, story)"),
        }
    }
    Ok(f)
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let formats = parse_formats(&a.formats)?;
    let templates = match &a.templates {
        Some(dir) => Templates::from_dir(dir)?,
        None => Templates::builtin()?,
    };
    let generator = Generator::new(
        templates,
        GenOptions {
            seed: a.seed,
            article_bytes: a.article_bytes,
            langs: a.langs.clone(),
            ..GenOptions::default()
        },
    )?;
    let limit_docs = match (a.docs, a.size_mb) {
        (Some(n), _) => n,
        (None, Some(_)) => u64::MAX,
        (None, None) => 1000,
    };
    let limit_bytes = a.size_mb.map_or(u64::MAX, |m| m.saturating_mul(1 << 20));
    let start = Instant::now();
    let mut w = CorpusWriter::new(&a.out, formats, a.per_file.max(1), a.seed)?;
    for art in generator {
        if w.docs >= limit_docs || w.bytes >= limit_bytes {
            break;
        }
        w.write(&art)?;
    }
    w.finish()?;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "khabar: wrote {} articles, {:.1} MB, to {} in {:.1} s ({:.0} articles/s)",
        w.docs,
        w.bytes as f64 / 1048576.0,
        a.out.display(),
        secs,
        w.docs as f64 / secs.max(1e-9)
    );
    Ok(crate::EXIT_OK)
}

/// Writes articles in the requested formats, rotating part files.
struct CorpusWriter {
    out: PathBuf,
    formats: Formats,
    per_file: u64,
    seed: u64,
    docs: u64,
    bytes: u64,
    truth: BufWriter<File>,
    jsonl: Option<BufWriter<File>>,
    warc: Option<BufWriter<File>>,
}

impl CorpusWriter {
    fn new(out: &Path, formats: Formats, per_file: u64, seed: u64) -> anyhow::Result<Self> {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        let truth = create(&out.join("truth.jsonl"))?;
        Ok(Self {
            out: out.to_path_buf(),
            formats,
            per_file,
            seed,
            docs: 0,
            bytes: 0,
            truth,
            jsonl: None,
            warc: None,
        })
    }

    fn write(&mut self, art: &Article) -> anyhow::Result<()> {
        let shard = format!("{:04}", art.n / 1000);
        let stem = art.stem();
        let part = art.n / self.per_file;
        let new_part = art.n.is_multiple_of(self.per_file);
        if self.formats.text {
            let body = art.render_text();
            let dir = self.out.join("text").join(&shard);
            if art.n.is_multiple_of(1000) {
                std::fs::create_dir_all(&dir)?;
            }
            write_file(&dir.join(format!("{stem}.txt")), body.as_bytes())?;
            self.bytes += body.len() as u64;
        }
        if self.formats.story {
            let body = art.story_text();
            let dir = self.out.join("story").join(&shard);
            if art.n.is_multiple_of(1000) {
                std::fs::create_dir_all(&dir)?;
            }
            write_file(&dir.join(format!("{stem}.txt")), body.as_bytes())?;
        }
        let html = if self.formats.html || self.formats.warc {
            art.render_html()
        } else {
            String::new()
        };
        if self.formats.html {
            let dir = self.out.join("html").join(&shard);
            if art.n.is_multiple_of(1000) {
                std::fs::create_dir_all(&dir)?;
            }
            write_file(&dir.join(format!("{stem}.html")), html.as_bytes())?;
            self.bytes += html.len() as u64;
        }
        if self.formats.jsonl {
            if new_part || self.jsonl.is_none() {
                if let Some(mut f) = self.jsonl.take() {
                    f.flush()?;
                }
                let dir = self.out.join("jsonl");
                std::fs::create_dir_all(&dir)?;
                self.jsonl = Some(create(&dir.join(format!("part-{part:05}.jsonl")))?);
            }
            let line = serde_json::json!({
                "url": art.url,
                "title": art.headline,
                "date_publish": art.published_iso(),
                "language": art.lang,
                "text": art.render_text(),
            })
            .to_string();
            if let Some(f) = self.jsonl.as_mut() {
                f.write_all(line.as_bytes())?;
                f.write_all(b"\n")?;
            }
            self.bytes += line.len() as u64 + 1;
        }
        if self.formats.warc {
            if new_part || self.warc.is_none() {
                if let Some(mut f) = self.warc.take() {
                    f.flush()?;
                }
                let dir = self.out.join("warc");
                std::fs::create_dir_all(&dir)?;
                let name = format!("part-{part:05}.warc.gz");
                let mut f = create(&dir.join(&name))?;
                self.bytes += write_member(&mut f, &warcinfo(&name, self.seed, part))?;
                self.warc = Some(f);
            }
            let rec = warc_response(art, &html, self.seed);
            if let Some(f) = self.warc.as_mut() {
                self.bytes += write_member(f, &rec)?;
            }
        }
        let truth = serde_json::json!({
            "n": art.n,
            "stem": stem,
            "lang": art.lang,
            "kind": art.kind.as_str(),
            "story": art.story,
            "copy_of": art.copy_of.map(|n| format!("{n:07}")),
            "code": art.code,
            "actors": art.actors,
            "published": art.published_iso(),
            "url": art.url,
            "site": art.site,
            "story_bytes": art.story_text().len(),
        });
        serde_json::to_writer(&mut self.truth, &truth)?;
        self.truth.write_all(b"\n")?;
        self.docs += 1;
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.truth.flush()?;
        if let Some(f) = self.jsonl.as_mut() {
            f.flush()?;
        }
        if let Some(f) = self.warc.as_mut() {
            f.flush()?;
        }
        Ok(())
    }
}

fn create(p: &Path) -> anyhow::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 16,
        File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
    ))
}

fn write_file(p: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
}

/// Write `rec` as one gzip member; returns the uncompressed size.
fn write_member(f: &mut BufWriter<File>, rec: &[u8]) -> anyhow::Result<u64> {
    let mut gz = GzEncoder::new(f, flate2::Compression::fast());
    gz.write_all(rec)?;
    gz.finish()?;
    Ok(rec.len() as u64)
}

fn uuid(seed: u64, n: u64, kind: u64) -> String {
    let mut r = Rng::derive(seed, 100 + kind, n);
    let a = r.next_u64();
    let b = r.next_u64();
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 52) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

fn warc_header(
    kind: &str,
    id: &str,
    date: &str,
    extra: &str,
    content_type: &str,
    len: usize,
) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: {date}\r\n\
         {extra}Content-Type: {content_type}\r\nContent-Length: {len}\r\n\r\n"
    )
}

fn warcinfo(name: &str, seed: u64, part: u64) -> Vec<u8> {
    let body = format!(
        "software: khabar-generate/{}\r\nformat: WARC File Format 1.0\r\nfilename: {name}\r\nseed: {seed}\r\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut rec = warc_header(
        "warcinfo",
        &uuid(seed, part, 1),
        "2024-01-01T00:00:00Z",
        &format!("WARC-Filename: {name}\r\n"),
        "application/warc-fields",
        body.len(),
    )
    .into_bytes();
    rec.extend_from_slice(body.as_bytes());
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

fn warc_response(art: &Article, html: &str, seed: u64) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut rec = warc_header(
        "response",
        &uuid(seed, art.n, 0),
        &format!("{}T09:00:00Z", art.published_iso()),
        &format!("WARC-Target-URI: {}\r\n", art.url),
        "application/http; msgtype=response",
        http.len(),
    )
    .into_bytes();
    rec.extend_from_slice(http.as_bytes());
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn writes_every_format_and_warc_members_decode() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let args = Args {
            out: dir.path().to_path_buf(),
            docs: Some(25),
            size_mb: None,
            seed: 4,
            formats: vec!["text".into(), "html".into(), "jsonl".into(), "warc".into()],
            article_bytes: 1500,
            langs: vec![],
            templates: None,
            per_file: 10,
        };
        assert_eq!(
            run(args).unwrap_or_else(|e| panic!("{e:#}")),
            crate::EXIT_OK
        );
        let truth = std::fs::read_to_string(dir.path().join("truth.jsonl")).unwrap_or_default();
        assert_eq!(truth.lines().count(), 25);
        let jsonl: usize = (0..3)
            .map(|k| {
                std::fs::read_to_string(dir.path().join(format!("jsonl/part-{k:05}.jsonl")))
                    .unwrap_or_default()
                    .lines()
                    .count()
            })
            .sum();
        assert_eq!(jsonl, 25);
        let gz = std::fs::read(dir.path().join("warc/part-00000.warc.gz")).unwrap_or_default();
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&gz[..])
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(text.matches("WARC-Type: response").count(), 10);
        assert_eq!(text.matches("WARC-Type: warcinfo").count(), 1);
        let html_files = std::fs::read_dir(dir.path().join("html/0000"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(html_files, 25);
    }
}
