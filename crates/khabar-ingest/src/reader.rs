//! Byte sources: opening a file or stdin, transparent gzip (sniffed from the magic bytes) with
//! a decompressed-size guard, and bounded line reading so that a gigantic line never sits in
//! memory whole.
//!
//! Errors from a gzip stream are rewritten to say what happened and where ("truncated gzip
//! stream after N bytes"), counted in decompressed bytes.

use flate2::read::MultiGzDecoder;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Buffer size of every reader.
pub const BUF: usize = 64 << 10;

/// A byte stream with its kind sniffed.
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    pub gzip: bool,
}

/// Counts decompressed bytes, stops at a limit and names gzip faults.
struct Guard<R> {
    inner: R,
    count: Arc<AtomicU64>,
    limit: u64,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.count.load(Ordering::Relaxed);
        if n > self.limit {
            return Err(io::Error::other(format!(
                "decompressed size exceeds the limit of {} bytes (gzip bomb?)",
                self.limit
            )));
        }
        match self.inner.read(buf) {
            Ok(k) => {
                self.count.fetch_add(k as u64, Ordering::Relaxed);
                Ok(k)
            }
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("truncated gzip stream after {n} bytes"),
            )),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("corrupt gzip stream after {n} bytes ({e})"),
            )),
        }
    }
}

/// Wrap `raw`, decompressing when it starts with the gzip magic bytes.
pub fn open(raw: Box<dyn Read + Send>, max_decompressed: u64) -> io::Result<Opened> {
    let mut buffered = BufReader::with_capacity(BUF, raw);
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let guard = Guard {
            inner: MultiGzDecoder::new(buffered),
            count: Arc::new(AtomicU64::new(0)),
            limit: max_decompressed,
        };
        Ok(Opened {
            reader: Box::new(BufReader::with_capacity(BUF, guard)),
            gzip: true,
        })
    } else {
        Ok(Opened {
            reader: Box::new(buffered),
            gzip: false,
        })
    }
}

/// The outcome of reading one line with a length bound.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// End of input, nothing read.
    Eof,
    /// A line (without its `\n`) is in the buffer.
    Ok,
    /// The line was longer than the bound; it was skipped and this many bytes were thrown away.
    TooLong(u64),
}

/// Read one line into `buf` (cleared first), keeping at most `max` bytes: a longer line is
/// consumed to its end without being stored.
pub fn read_line_bounded(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i, true),
            None => (avail.len(), false),
        };
        total += chunk as u64;
        if !too_long {
            if buf.len() + chunk > max {
                too_long = true;
                buf.clear();
            } else if let Some(part) = avail.get(..chunk) {
                buf.extend_from_slice(part);
            }
        }
        r.consume(if done { chunk + 1 } else { chunk });
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if too_long {
        return Ok(Line::TooLong(total));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Line::Ok)
}

/// Read at most `max` bytes into `out`, then skip the rest of the stream. Returns the total
/// length of the stream.
pub fn read_capped(r: &mut dyn BufRead, out: &mut Vec<u8>, max: usize) -> io::Result<u64> {
    let mut limited = (&mut *r).take(max as u64);
    limited.read_to_end(out)?;
    let skipped = io::copy(r, &mut io::sink())?;
    Ok(out.len() as u64 + skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\r\nthis line is much too long\nok\nlast";
        let mut r: &[u8] = data;
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).ok(), Some(Line::Ok));
        assert_eq!(buf, b"short");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).ok(),
            Some(Line::TooLong(26))
        );
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).ok(), Some(Line::Ok));
        assert_eq!(buf, b"ok");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).ok(), Some(Line::Ok));
        assert_eq!(buf, b"last");
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 10).ok(),
            Some(Line::Eof)
        );
    }

    #[test]
    fn gzip_bomb_is_an_error() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..8 {
            let _ = enc.write_all(&zeros);
        }
        let gz = enc.finish().unwrap_or_default();
        let opened = open(Box::new(std::io::Cursor::new(gz)), 1 << 20);
        let Ok(mut o) = opened else {
            panic!("open failed")
        };
        assert!(o.gzip);
        let err = io::copy(&mut o.reader, &mut io::sink());
        let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("exceeds the limit"), "{msg}");
    }

    #[test]
    fn truncated_gzip_is_named() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        for i in 0..20_000 {
            let _ = writeln!(enc, "line {i} of some text that compresses");
        }
        let mut gz = enc.finish().unwrap_or_default();
        gz.truncate(gz.len() / 2);
        let Ok(mut o) = open(Box::new(std::io::Cursor::new(gz)), u64::MAX) else {
            panic!("open failed")
        };
        let msg = io::copy(&mut o.reader, &mut io::sink())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(msg.starts_with("truncated gzip stream after "), "{msg}");
    }
}
