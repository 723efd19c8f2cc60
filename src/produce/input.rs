//! Reading `produce` input: files and stdin, split into records, in bounded memory.
//!
//! The bytes are read on a helper thread and handed over in fixed-size chunks through a
//! bounded channel, for two reasons. The producer loop must keep serving delivery
//! reports and notice Ctrl-C while stdin is idle (a blocking `read` cannot be
//! interrupted), and large reads (256 KiB, not stdio's 4 KiB) keep the syscall count
//! low. At most a few chunks are in flight, so memory stays bounded whatever the input
//! size; a single record is capped at the producer's maximum message size (anything
//! bigger could never be sent), and the rest of an oversize record is skipped without
//! being kept.
//!
//! Records are returned as slices of the current chunk when they lie inside it (no
//! copy), and assembled in a reused buffer only when they cross a chunk boundary.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::Duration;

use memchr::memmem;

const CHUNK: usize = 256 * 1024;
/// Chunks queued between the reader thread and the producer loop.
const DEPTH: usize = 4;
/// `--repeat` with stdin replays it from memory; beyond this, use a file.
const STDIN_REPEAT_LIMIT: usize = 256 * 1024 * 1024;

/// One input: a file, or stdin.
#[derive(Clone, Debug)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name used in messages and `--report json`: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

enum Msg {
    /// Input number `n` starts.
    Begin(usize),
    /// A chunk and how many of its bytes are data.
    Data(Vec<u8>, usize),
    /// The current input ended.
    End,
    /// Reading the current input failed; nothing more comes.
    Error(usize, io::Error),
}

/// Called with the number of bytes read, for the progress bar.
pub type OnRead = Box<dyn Fn(u64) + Send>;

/// Starts the reader thread over `inputs` (cycling through them again and again with
/// `repeat`) and returns the receiving end.
pub fn spawn(inputs: Vec<Input>, repeat: bool, on_read: Option<OnRead>) -> io::Result<Feed> {
    let (tx, rx) = mpsc::sync_channel(DEPTH);
    let (recycle_tx, recycle_rx) = mpsc::sync_channel(DEPTH + 2);
    std::thread::Builder::new()
        .name("kpipe-input".into())
        .spawn(move || {
            let mut reader = Reader {
                tx,
                recycle: recycle_rx,
                on_read,
                stdin_copy: repeat.then(Vec::new),
            };
            reader.run(&inputs, repeat);
        })?;
    Ok(Feed {
        rx,
        recycle: recycle_tx,
        chunk: Vec::new(),
        len: 0,
        pos: 0,
    })
}

struct Reader {
    tx: SyncSender<Msg>,
    recycle: Receiver<Vec<u8>>,
    on_read: Option<OnRead>,
    /// With `--repeat`, stdin as read on the first pass (`None` once it got too big).
    stdin_copy: Option<Vec<u8>>,
}

impl Reader {
    fn run(&mut self, inputs: &[Input], repeat: bool) {
        let mut first_pass = true;
        loop {
            for (n, input) in inputs.iter().enumerate() {
                if self.tx.send(Msg::Begin(n)).is_err() {
                    return;
                }
                let result = match input {
                    Input::Stdin if !first_pass => self.replay_stdin(),
                    Input::Stdin => self.pump(io::stdin().lock(), true),
                    Input::File(path) => match File::open(path) {
                        Ok(file) => self.pump(file, false),
                        Err(e) => Err(e),
                    },
                };
                match result {
                    Ok(true) => {}
                    Ok(false) => return, // the producer hung up
                    Err(e) => {
                        let _ = self.tx.send(Msg::Error(n, e));
                        return;
                    }
                }
                if self.tx.send(Msg::End).is_err() {
                    return;
                }
            }
            if !repeat {
                return;
            }
            first_pass = false;
        }
    }

    fn chunk(&self) -> Vec<u8> {
        self.recycle.try_recv().unwrap_or_else(|_| vec![0; CHUNK])
    }

    /// Copies `source` into chunks; `Ok(false)` when the receiver is gone.
    fn pump(&mut self, mut source: impl Read, is_stdin: bool) -> io::Result<bool> {
        loop {
            let mut chunk = self.chunk();
            let n = match source.read(&mut chunk) {
                Ok(0) => return Ok(true),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if is_stdin {
                self.keep_stdin(&chunk[..n])?;
            }
            if let Some(on_read) = &self.on_read {
                on_read(n as u64);
            }
            if self.tx.send(Msg::Data(chunk, n)).is_err() {
                return Ok(false);
            }
        }
    }

    fn keep_stdin(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(copy) = &mut self.stdin_copy {
            if copy.len() + bytes.len() > STDIN_REPEAT_LIMIT {
                return Err(io::Error::other(format!(
                    "--repeat keeps stdin in memory and it is over {} MiB; give the input as a file",
                    STDIN_REPEAT_LIMIT >> 20
                )));
            }
            copy.extend_from_slice(bytes);
        }
        Ok(())
    }

    fn replay_stdin(&mut self) -> io::Result<bool> {
        let copy = self.stdin_copy.take().unwrap_or_default();
        let ok = self.pump(copy.as_slice(), false);
        self.stdin_copy = Some(copy);
        ok
    }
}

/// The producer's side of the reader thread.
pub struct Feed {
    rx: Receiver<Msg>,
    recycle: SyncSender<Vec<u8>>,
    chunk: Vec<u8>,
    len: usize,
    pos: usize,
}

/// What the feed has for the splitter.
pub(super) enum Got {
    Begin(usize),
    Data,
    End,
    Pending,
    Error(usize, io::Error),
    Done,
}

impl Feed {
    pub(super) fn recv(&mut self, wait: Duration) -> Got {
        match self.rx.recv_timeout(wait) {
            Ok(Msg::Data(chunk, len)) => {
                let old = std::mem::replace(&mut self.chunk, chunk);
                if !old.is_empty() {
                    if let Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) =
                        self.recycle.try_send(old)
                    {
                        // The reader allocates a new chunk instead; nothing to do.
                    }
                }
                self.len = len;
                self.pos = 0;
                Got::Data
            }
            Ok(Msg::Begin(n)) => Got::Begin(n),
            Ok(Msg::End) => Got::End,
            Ok(Msg::Error(n, e)) => Got::Error(n, e),
            Err(RecvTimeoutError::Timeout) => Got::Pending,
            Err(RecvTimeoutError::Disconnected) => Got::Done,
        }
    }

    fn available(&self) -> &[u8] {
        &self.chunk[self.pos..self.len]
    }

    /// The bytes of the current chunk not yet taken, marked as taken.
    pub(super) fn take(&mut self) -> &[u8] {
        let start = self.pos;
        self.pos = self.len;
        &self.chunk[start..self.len]
    }
}

/// How input bytes become records.
#[derive(Clone, Debug)]
pub enum Split {
    /// Records end with this delimiter (the last record of an input may lack it).
    Delimited(Vec<u8>),
    /// Each input is one record.
    Whole,
}

/// The next thing the splitter saw.
#[derive(Debug)]
pub enum Event<'a> {
    /// A record (without its delimiter), from input `input`, 1-based `line`.
    Record {
        input: usize,
        line: u64,
        bytes: &'a [u8],
    },
    /// A record longer than the limit; its bytes were skipped.
    Oversize { input: usize, line: u64, size: u64 },
    /// No data arrived within the wait.
    Pending,
    /// Reading input `input` failed.
    Failed { input: usize, error: io::Error },
    /// Every input has been read.
    Done,
}

/// Splits the feed into records.
pub struct Records {
    feed: Feed,
    split: Split,
    finder: Option<memmem::Finder<'static>>,
    limit: usize,
    /// A record being assembled across chunks.
    buf: Vec<u8>,
    /// `buf` holds the record returned last time and must be cleared first.
    stale: bool,
    /// The current record is over the limit: its bytes are counted, not kept.
    oversize: Option<u64>,
    /// Bytes of the current record have been seen (so an input's tail is a record).
    partial: bool,
    input: Option<usize>,
    line: u64,
}

impl Records {
    /// `limit` is the longest record kept; longer ones become [`Event::Oversize`].
    pub fn new(feed: Feed, split: Split, limit: usize) -> Self {
        let finder = match &split {
            Split::Delimited(d) => Some(memmem::Finder::new(d).into_owned()),
            Split::Whole => None,
        };
        Records {
            feed,
            split,
            finder,
            limit,
            buf: Vec::new(),
            stale: false,
            oversize: None,
            partial: false,
            input: None,
            line: 0,
        }
    }

    fn delim_len(&self) -> usize {
        match &self.split {
            Split::Delimited(d) => d.len(),
            Split::Whole => 0,
        }
    }

    /// The next record, waiting at most `wait` for more input.
    pub fn next(&mut self, wait: Duration) -> Event<'_> {
        if self.stale {
            self.buf.clear();
            self.stale = false;
        }
        loop {
            if self.feed.pos >= self.feed.len {
                match self.feed.recv(wait) {
                    Got::Data => continue,
                    Got::Begin(n) => {
                        self.input = Some(n);
                        self.line = 0;
                        self.partial = matches!(self.split, Split::Whole);
                        continue;
                    }
                    Got::End => {
                        let Some(input) = self.input.take() else {
                            continue;
                        };
                        if !self.partial {
                            continue;
                        }
                        return self.finish_record(input, 0);
                    }
                    Got::Pending => return Event::Pending,
                    Got::Error(input, error) => return Event::Failed { input, error },
                    Got::Done => return Event::Done,
                }
            }
            let Some(input) = self.input else {
                // Data outside an input cannot happen; drop it rather than guess.
                self.feed.pos = self.feed.len;
                continue;
            };
            let dlen = self.delim_len();
            let avail = self.feed.available();
            self.partial = true;
            let Some(finder) = &self.finder else {
                // Whole-input records: keep everything up to the limit.
                let n = avail.len();
                self.absorb(n, 0);
                continue;
            };
            if self.buf.is_empty() && self.oversize.is_none() {
                if let Some(i) = finder.find(avail) {
                    // Fast path: the whole record is inside the chunk.
                    let start = self.feed.pos;
                    self.feed.pos += i + dlen;
                    self.line += 1;
                    self.partial = false;
                    if i > self.limit {
                        return Event::Oversize {
                            input,
                            line: self.line,
                            size: i as u64,
                        };
                    }
                    return Event::Record {
                        input,
                        line: self.line,
                        bytes: &self.feed.chunk[start..start + i],
                    };
                }
            }
            // Slow path: append, then look for a delimiter that may straddle the
            // boundary between what was kept and the new bytes.
            let search_from = self.buf.len().saturating_sub(dlen - 1);
            let n = avail.len();
            let kept_before = self.buf.len();
            self.buf.extend_from_slice(avail);
            if let Some(i) = finder.find(&self.buf[search_from..]) {
                let end = search_from + i;
                // Only the chunk's bytes up to the end of the delimiter are used.
                self.feed.pos += end + dlen - kept_before;
                self.buf.truncate(end);
                // For an oversize record only a tail was kept: count the record's bytes
                // in this chunk (negative when the delimiter began in the kept tail).
                let extra = end as i64 - kept_before as i64;
                return self.finish_record(input, extra);
            }
            self.buf.truncate(kept_before);
            self.absorb(n, dlen);
        }
    }

    /// Takes `n` available bytes into the current record, switching to counting only
    /// once the record is over the limit (keeping `keep_tail` bytes so that a
    /// delimiter straddling chunks is still found).
    fn absorb(&mut self, n: usize, dlen: usize) {
        let avail = &self.feed.chunk[self.feed.pos..self.feed.pos + n];
        self.feed.pos += n;
        if let Some(size) = &mut self.oversize {
            *size += n as u64;
            self.buf.extend_from_slice(avail);
            let keep = dlen.saturating_sub(1);
            let drop = self.buf.len().saturating_sub(keep);
            self.buf.drain(..drop);
            return;
        }
        if self.buf.len() + n > self.limit {
            self.oversize = Some((self.buf.len() + n) as u64);
            self.buf.extend_from_slice(avail);
            let keep = dlen.saturating_sub(1);
            let drop = self.buf.len().saturating_sub(keep);
            self.buf.drain(..drop);
            return;
        }
        self.buf.extend_from_slice(avail);
    }

    /// Ends the record in `buf`; `extra` adjusts the size of an oversize record.
    fn finish_record(&mut self, input: usize, extra: i64) -> Event<'_> {
        self.line += 1;
        self.partial = false;
        self.stale = true;
        if let Some(size) = self.oversize.take() {
            return Event::Oversize {
                input,
                line: self.line,
                size: size.saturating_add_signed(extra),
            };
        }
        if self.buf.len() > self.limit {
            return Event::Oversize {
                input,
                line: self.line,
                size: self.buf.len() as u64,
            };
        }
        Event::Record {
            input,
            line: self.line,
            bytes: &self.buf,
        }
    }
}

/// A delimiter from the command line (a newtype, so clap takes it as one value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delimiter(pub Vec<u8>);

/// clap's parser for [`Delimiter`].
pub fn parse_delimiter(s: &str) -> Result<Delimiter, String> {
    parse_escapes(s).map(Delimiter)
}

/// Parses a delimiter given on the command line: `\n`, `\r`, `\t`, `\0`, `\\` and
/// `\xNN` escapes; anything else is taken literally.
pub fn parse_escapes(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let (byte, used) = match bytes[i + 1] {
            b'n' => (b'\n', 2),
            b'r' => (b'\r', 2),
            b't' => (b'\t', 2),
            b'0' => (0, 2),
            b'\\' => (b'\\', 2),
            b'x' => {
                let hex = s
                    .get(i + 2..i + 4)
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .ok_or_else(|| format!("invalid escape in '{s}': \\x needs two hex digits"))?;
                let byte = u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                (byte, 4)
            }
            other => {
                return Err(format!(
                    "unknown escape '\\{}' in '{s}' (use \\n \\r \\t \\0 \\\\ or \\xNN)",
                    other as char
                ))
            }
        };
        out.push(byte);
        i += used;
    }
    if out.is_empty() {
        return Err("the delimiter must not be empty".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `data` fed in chunks of `chunk` bytes (through the real reader thread
    /// when possible is overkill; a hand-fed channel is enough).
    fn split_chunks(data: &[u8], chunk: usize, split: Split, limit: usize) -> Vec<String> {
        let (tx, rx) = mpsc::sync_channel(data.len() + 4);
        let (recycle, _keep) = mpsc::sync_channel(1);
        tx.send(Msg::Begin(0)).unwrap();
        for piece in data.chunks(chunk.max(1)) {
            tx.send(Msg::Data(piece.to_vec(), piece.len())).unwrap();
        }
        tx.send(Msg::End).unwrap();
        drop(tx);
        let feed = Feed {
            rx,
            recycle,
            chunk: Vec::new(),
            len: 0,
            pos: 0,
        };
        let mut records = Records::new(feed, split, limit);
        let mut out = Vec::new();
        loop {
            match records.next(Duration::from_millis(10)) {
                Event::Record { line, bytes, .. } => {
                    out.push(format!("{line}:{}", String::from_utf8_lossy(bytes)))
                }
                Event::Oversize { line, size, .. } => out.push(format!("{line}:OVERSIZE({size})")),
                Event::Done => return out,
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn lines(data: &str, delim: &str, limit: usize) -> Vec<Vec<String>> {
        (1..=data.len().max(1) + 1)
            .map(|chunk| {
                split_chunks(
                    data.as_bytes(),
                    chunk,
                    Split::Delimited(delim.as_bytes().to_vec()),
                    limit,
                )
            })
            .collect()
    }

    #[test]
    fn splits_lines_whatever_the_chunking() {
        for got in lines("a\nbb\n\nccc", "\n", 100) {
            assert_eq!(got, ["1:a", "2:bb", "3:", "4:ccc"]);
        }
        for got in lines("a\nb\n", "\n", 100) {
            assert_eq!(got, ["1:a", "2:b"]);
        }
        for got in lines("", "\n", 100) {
            assert!(got.is_empty());
        }
    }

    #[test]
    fn multi_byte_delimiters_straddling_chunks() {
        for got in lines("one||two|three||||four|", "||", 100) {
            assert_eq!(got, ["1:one", "2:two|three", "3:", "4:four|"]);
        }
    }

    #[test]
    fn oversize_records_are_skipped_not_kept() {
        for got in lines("ok\n0123456789\nfine\n", "\n", 5) {
            assert_eq!(got, ["1:ok", "2:OVERSIZE(10)", "3:fine"]);
        }
        for got in lines("ok||0123456789||fine", "||", 5) {
            assert_eq!(got, ["1:ok", "2:OVERSIZE(10)", "3:fine"]);
        }
        for got in lines("ok\n012345\n", "\n", 5) {
            assert_eq!(got, ["1:ok", "2:OVERSIZE(6)"]);
        }
    }

    #[test]
    fn whole_inputs() {
        assert_eq!(split_chunks(b"a\nb\n", 3, Split::Whole, 100), ["1:a\nb\n"]);
        assert_eq!(split_chunks(b"", 3, Split::Whole, 100), ["1:"]);
        assert_eq!(
            split_chunks(b"0123456789", 4, Split::Whole, 5),
            ["1:OVERSIZE(10)"]
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(parse_escapes("\\n").unwrap(), b"\n");
        assert_eq!(parse_escapes("\\0").unwrap(), b"\0");
        assert_eq!(parse_escapes("\\t|\\x1f").unwrap(), b"\t|\x1f");
        assert_eq!(parse_escapes("::").unwrap(), b"::");
        assert_eq!(parse_escapes("a\\").unwrap(), b"a\\");
        assert!(parse_escapes("").is_err());
        assert!(parse_escapes("\\q").is_err());
        assert!(parse_escapes("\\xZZ").is_err());
    }
}
