//! `--input format:STRING`: records described by an rpk-style format string, for input
//! that is neither lines nor JSON, such as `key<TAB>value` with headers, or
//! length-prefixed binary framing.
//!
//! | Escape | Reads |
//! |---|---|
//! | `%k` `%v` `%t` | key, value, topic: `%K`/`%V`/`%T` bytes if that length came earlier, else up to the text that follows |
//! | `%K` `%V` `%T` | a length |
//! | `%p` | a partition |
//! | `%H` then `%h{SPEC}` | a header count, then that many headers, each read with SPEC (its `%k`/`%v`/`%K`/`%V` are the header's) |
//! | `%%` | a literal `%` |
//!
//! Numbers are ASCII decimal unless a modifier says otherwise: `%V{big32}`, `%K{little16}`,
//! `%H{byte}` (`big8|16|32|64`, `little8|16|32|64`, `byte` = `big8`, `ascii`). Other text
//! must match exactly; `\n`, `\r`, `\t`, `\0`, `\\` and `\xNN` are escapes. A record may
//! end with the input even if the format's final text is missing (like a last line
//! without a newline).
//!
//! Parsing is incremental over the reader thread's chunks: a record is parsed from its
//! first byte again whenever more bytes are needed, which is cheap for the sizes
//! involved and keeps the parser a plain function of a byte slice. After a malformed
//! record the reader skips to the format's final text (when it has one) and goes on.

use std::ops::Range;
use std::time::Duration;

use super::input::{Feed, Got};

/// How a number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumberFormat {
    Ascii,
    Big(usize),
    Little(usize),
}

/// What a number is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    KeyLen,
    ValueLen,
    TopicLen,
    HeaderCount,
    Partition,
}

/// A text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Key,
    Value,
    Topic,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Text(Vec<u8>),
    Field(Field),
    Number(Target, NumberFormat),
    Headers(Vec<Token>),
}

/// A compiled format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    tokens: Vec<Token>,
    /// The final text of the format, where the reader resynchronises after an error.
    trailer: Option<Vec<u8>>,
}

impl Program {
    /// Compiles a format string; the error says what is wrong with it.
    pub fn compile(spec: &str) -> Result<Program, String> {
        let tokens = tokens(spec, false)?;
        if tokens.is_empty() {
            return Err("the format is empty".into());
        }
        check(&tokens, false)?;
        if !tokens
            .iter()
            .any(|t| matches!(t, Token::Field(Field::Value)))
        {
            return Err("the format has no %v (value)".into());
        }
        let trailer = match tokens.last() {
            Some(Token::Text(t)) => Some(t.clone()),
            _ => None,
        };
        Ok(Program { tokens, trailer })
    }
}

impl Program {
    /// Parses every record of `data` as the reader would (a fuzzing entry point):
    /// the number of records, or the first error.
    pub(crate) fn parse_all(&self, data: &[u8]) -> Result<usize, String> {
        let mut parsed = Parsed::default();
        let (mut at, mut records) = (0, 0);
        while at < data.len() {
            let window = &data[at..];
            match self.parse(window, true, &mut parsed)? {
                Outcome::NeedMore => break,
                Outcome::Complete(n) => {
                    // The ranges must lie inside the window, as the engine slices them.
                    let fields = [&parsed.topic, &parsed.key, &parsed.value];
                    for range in fields.into_iter().flatten() {
                        let _ = &window[range.clone()];
                    }
                    for (name, value) in &parsed.headers {
                        let _ = (&window[name.clone()], value.clone().map(|v| &window[v]));
                    }
                    // As the reader does, a zero-length record still moves on one byte.
                    at += n.max(1);
                    records += 1;
                }
            }
        }
        Ok(records)
    }
}

impl Program {
    /// Whether records name their own topic (`%t`).
    pub fn has_topic(&self) -> bool {
        self.tokens
            .iter()
            .any(|t| matches!(t, Token::Field(Field::Topic)))
    }
}

fn tokens(spec: &str, in_headers: bool) -> Result<Vec<Token>, String> {
    let bytes = spec.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let mut text: Vec<u8> = Vec::new();
    let mut i = 0;
    let flush = |text: &mut Vec<u8>, out: &mut Vec<Token>| {
        if !text.is_empty() {
            out.push(Token::Text(std::mem::take(text)));
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let (byte, used) = escape(&bytes[i..])?;
                text.push(byte);
                i += used;
            }
            b'%' => {
                let Some(&c) = bytes.get(i + 1) else {
                    return Err("the format ends with a lone %".into());
                };
                i += 2;
                let modifier = if bytes.get(i) == Some(&b'{') {
                    let end = find_close(&bytes[i..])
                        .ok_or_else(|| format!("unclosed {{ after %{}", c as char))?;
                    let m = &spec[i + 1..i + end];
                    i += end + 1;
                    Some(m)
                } else {
                    None
                };
                if c == b'%' {
                    text.push(b'%');
                    continue;
                }
                flush(&mut text, &mut out);
                let number = |target| -> Result<Token, String> {
                    Ok(Token::Number(target, number_format(modifier)?))
                };
                let plain = |token: Token| -> Result<Token, String> {
                    match modifier {
                        None => Ok(token),
                        Some(m) => Err(format!(
                            "%{} takes no modifier (got {{{m}}}); use --key-format/--value-format",
                            c as char
                        )),
                    }
                };
                let token = match c {
                    b'k' => plain(Token::Field(Field::Key))?,
                    b'v' => plain(Token::Field(Field::Value))?,
                    b'K' => number(Target::KeyLen)?,
                    b'V' => number(Target::ValueLen)?,
                    b't' if !in_headers => plain(Token::Field(Field::Topic))?,
                    b'T' if !in_headers => number(Target::TopicLen)?,
                    b'p' if !in_headers => number(Target::Partition)?,
                    b'H' if !in_headers => number(Target::HeaderCount)?,
                    b'h' if !in_headers => {
                        let spec = modifier.ok_or("%h needs a spec in braces, e.g. %h{%k=%v,}")?;
                        Token::Headers(tokens(spec, true)?)
                    }
                    other => {
                        let place = if in_headers { " inside %h{...}" } else { "" };
                        return Err(format!("unknown escape %{}{place}", other as char));
                    }
                };
                out.push(token);
            }
            b => {
                text.push(b);
                i += 1;
            }
        }
    }
    flush(&mut text, &mut out);
    Ok(out)
}

fn find_close(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn escape(bytes: &[u8]) -> Result<(u8, usize), String> {
    match bytes.get(1) {
        Some(b'n') => Ok((b'\n', 2)),
        Some(b'r') => Ok((b'\r', 2)),
        Some(b't') => Ok((b'\t', 2)),
        Some(b'0') => Ok((0, 2)),
        Some(b'\\') => Ok((b'\\', 2)),
        Some(b'x') => bytes
            .get(2..4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map(|b| (b, 4))
            .ok_or_else(|| "\\x needs two hex digits".to_string()),
        Some(other) => Err(format!("unknown escape \\{}", *other as char)),
        None => Ok((b'\\', 1)),
    }
}

fn number_format(modifier: Option<&str>) -> Result<NumberFormat, String> {
    Ok(match modifier {
        None | Some("ascii") => NumberFormat::Ascii,
        Some("byte" | "big8") => NumberFormat::Big(1),
        Some("big16") => NumberFormat::Big(2),
        Some("big32") => NumberFormat::Big(4),
        Some("big64") => NumberFormat::Big(8),
        Some("little8") => NumberFormat::Little(1),
        Some("little16") => NumberFormat::Little(2),
        Some("little32") => NumberFormat::Little(4),
        Some("little64") => NumberFormat::Little(8),
        Some(other) => {
            return Err(format!(
                "unknown number modifier {{{other}}} (ascii, byte, big8..big64, little8..little64)"
            ))
        }
    })
}

/// Every text field needs either a length read before it or text after it; headers
/// need a count before them.
fn check(tokens: &[Token], in_headers: bool) -> Result<(), String> {
    let mut lengths: Vec<Target> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Number(t, _) => lengths.push(*t),
            Token::Field(f) => {
                let len = match f {
                    Field::Key => Target::KeyLen,
                    Field::Value => Target::ValueLen,
                    Field::Topic => Target::TopicLen,
                };
                let followed = matches!(tokens.get(i + 1), Some(Token::Text(_)));
                if !lengths.contains(&len) && !followed {
                    let name = match f {
                        Field::Key => "%k",
                        Field::Value => "%v",
                        Field::Topic => "%t",
                    };
                    let hint = if in_headers { " inside %h{...}" } else { "" };
                    return Err(format!(
                        "{name}{hint} needs a length before it (%K/%V/%T) or text after it"
                    ));
                }
            }
            Token::Headers(spec) => {
                if !lengths.contains(&Target::HeaderCount) {
                    return Err("%h needs a header count (%H) before it".into());
                }
                check(spec, true)?;
            }
            Token::Text(_) => {}
        }
    }
    Ok(())
}

/// One parsed record: ranges into the reader's window.
#[derive(Default, Debug)]
pub struct Parsed {
    pub topic: Option<Range<usize>>,
    pub key: Option<Range<usize>>,
    pub value: Option<Range<usize>>,
    pub partition: Option<i32>,
    pub headers: Vec<(Range<usize>, Option<Range<usize>>)>,
}

enum Outcome {
    /// A record, `n` bytes long.
    Complete(usize),
    NeedMore,
}

/// Field lengths and counts read so far in one record (or one header).
#[derive(Default)]
struct Lengths {
    key: Option<usize>,
    value: Option<usize>,
    topic: Option<usize>,
    headers: Option<usize>,
}

struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
    eof: bool,
}

impl Program {
    fn parse(&self, data: &[u8], eof: bool, out: &mut Parsed) -> Result<Outcome, String> {
        *out = Parsed {
            headers: std::mem::take(&mut out.headers),
            ..Parsed::default()
        };
        out.headers.clear();
        let mut cur = Cursor { data, at: 0, eof };
        let mut lengths = Lengths::default();
        match run(&self.tokens, &mut cur, &mut lengths, out, None)? {
            true => Ok(Outcome::Complete(cur.at)),
            false => Ok(Outcome::NeedMore),
        }
    }
}

/// A header being read: name and value ranges.
type HeaderRanges = (Option<Range<usize>>, Option<Range<usize>>);

/// Runs `tokens`; `Ok(false)` when more data is needed. `header` is `Some` inside `%h`.
fn run(
    tokens: &[Token],
    cur: &mut Cursor<'_>,
    lengths: &mut Lengths,
    out: &mut Parsed,
    mut header: Option<&mut HeaderRanges>,
) -> Result<bool, String> {
    for (i, token) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len() && header.is_none();
        match token {
            Token::Text(text) => {
                let rest = &cur.data[cur.at..];
                if rest.len() >= text.len() {
                    if &rest[..text.len()] != text.as_slice() {
                        return Err(format!(
                            "expected {} at byte {} of the record",
                            show(text),
                            cur.at + 1
                        ));
                    }
                    cur.at += text.len();
                } else if text.starts_with(rest) {
                    if cur.eof && last {
                        // The input ended where the record's final text was due.
                        cur.at = cur.data.len();
                    } else if cur.eof {
                        return Err("the input ends inside a record".into());
                    } else {
                        return Ok(false);
                    }
                } else {
                    return Err(format!(
                        "expected {} at byte {} of the record",
                        show(text),
                        cur.at + 1
                    ));
                }
            }
            Token::Field(field) => {
                let known = match field {
                    Field::Key => lengths.key,
                    Field::Value => lengths.value,
                    Field::Topic => lengths.topic,
                };
                let range = match known {
                    Some(n) => {
                        if cur.data.len() - cur.at < n {
                            if cur.eof {
                                return Err("the input ends inside a record".into());
                            }
                            return Ok(false);
                        }
                        cur.at..cur.at + n
                    }
                    None => {
                        let Some(Token::Text(next)) = tokens.get(i + 1) else {
                            return Err("internal: unchecked format".into());
                        };
                        let rest = &cur.data[cur.at..];
                        match memchr::memmem::find(rest, next) {
                            Some(j) => cur.at..cur.at + j,
                            None if cur.eof && i + 2 == tokens.len() && header.is_none() => {
                                cur.at..cur.data.len()
                            }
                            None if cur.eof => {
                                return Err(format!(
                                    "no {} after a field before the input ends",
                                    show(next)
                                ))
                            }
                            None => return Ok(false),
                        }
                    }
                };
                cur.at = range.end;
                match (field, header.as_deref_mut()) {
                    (Field::Key, Some(h)) => h.0 = Some(range),
                    (Field::Value, Some(h)) => h.1 = Some(range),
                    (Field::Key, None) => out.key = Some(range),
                    (Field::Value, None) => out.value = Some(range),
                    (Field::Topic, _) => out.topic = Some(range),
                }
            }
            Token::Number(target, format) => {
                let Some(n) = number(cur, *format)? else {
                    return Ok(false);
                };
                let as_len =
                    || usize::try_from(n).map_err(|_| format!("length {n} is out of range"));
                match target {
                    Target::KeyLen => lengths.key = Some(as_len()?),
                    Target::ValueLen => lengths.value = Some(as_len()?),
                    Target::TopicLen => lengths.topic = Some(as_len()?),
                    Target::HeaderCount => lengths.headers = Some(as_len()?),
                    Target::Partition => {
                        out.partition = Some(
                            i32::try_from(n)
                                .map_err(|_| format!("partition {n} is out of range"))?,
                        )
                    }
                }
            }
            Token::Headers(spec) => {
                let count = lengths.headers.unwrap_or(0);
                for _ in 0..count {
                    let mut h = (None, None);
                    let mut inner = Lengths::default();
                    if !run(spec, cur, &mut inner, out, Some(&mut h))? {
                        return Ok(false);
                    }
                    let name = h.0.ok_or("a header needs a name (%k inside %h{...})")?;
                    out.headers.push((name, h.1));
                }
            }
        }
    }
    Ok(true)
}

/// Reads a number; `Ok(None)` when more data is needed.
fn number(cur: &mut Cursor<'_>, format: NumberFormat) -> Result<Option<u64>, String> {
    let rest = &cur.data[cur.at..];
    match format {
        NumberFormat::Ascii => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == rest.len() && !cur.eof {
                return Ok(None);
            }
            if digits == 0 {
                return Err(format!("expected a number at byte {}", cur.at + 1));
            }
            let text = std::str::from_utf8(&rest[..digits]).unwrap_or("");
            let n = text
                .parse::<u64>()
                .map_err(|_| format!("number {text} is too large"))?;
            cur.at += digits;
            Ok(Some(n))
        }
        NumberFormat::Big(width) | NumberFormat::Little(width) => {
            if rest.len() < width {
                if cur.eof {
                    return Err("the input ends inside a record".into());
                }
                return Ok(None);
            }
            let mut bytes = [0u8; 8];
            let n = if matches!(format, NumberFormat::Big(_)) {
                bytes[8 - width..].copy_from_slice(&rest[..width]);
                u64::from_be_bytes(bytes)
            } else {
                bytes[..width].copy_from_slice(&rest[..width]);
                u64::from_le_bytes(bytes)
            };
            cur.at += width;
            Ok(Some(n))
        }
    }
}

fn show(text: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(text))
}

/// What the format reader saw.
pub enum FormatEvent<'a> {
    Record {
        input: usize,
        line: u64,
        window: &'a [u8],
        parsed: &'a Parsed,
    },
    Bad {
        input: usize,
        line: u64,
        error: String,
    },
    Pending,
    Failed {
        input: usize,
        error: std::io::Error,
    },
    Done,
}

/// Reads records described by a [`Program`] from the feed.
pub struct FormatReader {
    feed: Feed,
    program: Program,
    window: Vec<u8>,
    start: usize,
    input: Option<usize>,
    eof: bool,
    record: u64,
    limit: usize,
    parsed: Parsed,
    /// After a malformed record: skipping to the format's final text.
    resync: bool,
}

impl FormatReader {
    pub fn new(feed: Feed, program: Program, limit: usize) -> Self {
        FormatReader {
            feed,
            program,
            window: Vec::new(),
            start: 0,
            input: None,
            eof: false,
            record: 0,
            limit,
            parsed: Parsed::default(),
            resync: false,
        }
    }

    /// Pulls more input into the window; `Some(event)` when there is something to
    /// report instead.
    fn pull(&mut self, wait: Duration) -> Option<FormatEvent<'static>> {
        match self.feed.recv(wait) {
            Got::Data => {
                self.window.drain(..self.start);
                self.start = 0;
                let bytes = self.feed.take();
                self.window.extend_from_slice(bytes);
                None
            }
            Got::End => {
                self.eof = true;
                None
            }
            Got::Begin(n) => {
                self.input = Some(n);
                self.window.clear();
                self.start = 0;
                self.eof = false;
                self.record = 0;
                self.resync = false;
                None
            }
            Got::Pending => Some(FormatEvent::Pending),
            Got::Error(input, error) => Some(FormatEvent::Failed { input, error }),
            Got::Done => Some(FormatEvent::Done),
        }
    }

    pub fn next(&mut self, wait: Duration) -> FormatEvent<'_> {
        loop {
            let Some(input) = self.input else {
                if let Some(event) = self.pull(wait) {
                    return event;
                }
                continue;
            };
            let data = &self.window[self.start..];
            if self.eof && data.is_empty() {
                self.input = None;
                continue;
            }
            if self.resync {
                let Some(trailer) = self.program.trailer.as_deref() else {
                    // No way to find the next record: skip the rest of this input.
                    self.window.clear();
                    self.start = 0;
                    if self.eof {
                        self.input = None;
                    } else if let Some(event) = self.pull(wait) {
                        return event;
                    }
                    continue;
                };
                match memchr::memmem::find(data, trailer) {
                    Some(j) => {
                        self.start += j + trailer.len();
                        self.resync = false;
                    }
                    None if self.eof => self.input = None,
                    None => {
                        let keep = trailer.len().saturating_sub(1).min(data.len());
                        self.start = self.window.len() - keep;
                        if let Some(event) = self.pull(wait) {
                            return event;
                        }
                    }
                }
                continue;
            }
            if data.is_empty() && !self.eof {
                if let Some(event) = self.pull(wait) {
                    return event;
                }
                continue;
            }
            match self.program.parse(data, self.eof, &mut self.parsed) {
                Ok(Outcome::Complete(n)) => {
                    self.record += 1;
                    let base = self.start;
                    self.start += n.max(1);
                    return FormatEvent::Record {
                        input,
                        line: self.record,
                        window: &self.window[base..],
                        parsed: &self.parsed,
                    };
                }
                Ok(Outcome::NeedMore) if data.len() > self.limit => {
                    self.record += 1;
                    self.resync = true;
                    return FormatEvent::Bad {
                        input,
                        line: self.record,
                        error: format!(
                            "record is over the maximum message size of {} bytes",
                            self.limit
                        ),
                    };
                }
                Ok(Outcome::NeedMore) => {
                    if let Some(event) = self.pull(wait) {
                        return event;
                    }
                }
                Err(error) => {
                    self.record += 1;
                    self.resync = true;
                    return FormatEvent::Bad {
                        input,
                        line: self.record,
                        error: format!("does not match the format: {error}"),
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(spec: &str, data: &[u8]) -> Vec<String> {
        let program = Program::compile(spec).unwrap();
        let mut out = Vec::new();
        let mut parsed = Parsed::default();
        let mut at = 0;
        while at < data.len() {
            match program.parse(&data[at..], true, &mut parsed) {
                Ok(Outcome::Complete(n)) => {
                    let d = &data[at..];
                    let text = |r: &Option<Range<usize>>| {
                        r.clone()
                            .map(|r| String::from_utf8_lossy(&d[r]).into_owned())
                            .unwrap_or_else(|| "-".into())
                    };
                    let headers: Vec<String> = parsed
                        .headers
                        .iter()
                        .map(|(k, v)| format!("{}={}", text(&Some(k.clone())), text(v)))
                        .collect();
                    out.push(format!(
                        "t={} k={} v={} p={:?} h={}",
                        text(&parsed.topic),
                        text(&parsed.key),
                        text(&parsed.value),
                        parsed.partition,
                        headers.join(",")
                    ));
                    at += n;
                }
                Ok(Outcome::NeedMore) => panic!("need more at eof"),
                Err(e) => {
                    out.push(format!("error: {e}"));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn delimited_fields() {
        assert_eq!(
            parse_all("%k\\t%v\\n", b"a\tone\nb\ttwo"),
            ["t=- k=a v=one p=None h=", "t=- k=b v=two p=None h="]
        );
        assert_eq!(
            parse_all("%t %p %v\\n", b"orders 3 hello world\n"),
            ["t=orders k=- v=hello world p=Some(3) h="]
        );
    }

    #[test]
    fn length_prefixed_binary() {
        let mut data = Vec::new();
        for (k, v) in [(&b"k1"[..], &b"\x00\n\xff"[..]), (b"", b"v")] {
            data.extend_from_slice(&(k.len() as u16).to_be_bytes());
            data.extend_from_slice(k);
            data.extend_from_slice(&(v.len() as u32).to_le_bytes());
            data.extend_from_slice(v);
        }
        let got = parse_all("%K{big16}%k%V{little32}%v", &data);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], "t=- k= v=v p=None h=");
    }

    #[test]
    fn headers() {
        assert_eq!(
            parse_all("%H %h{%k=%v;}%v\\n", b"2 a=1;b=2;value\n0 v2\n"),
            ["t=- k=- v=value p=None h=a=1,b=2", "t=- k=- v=v2 p=None h="]
        );
    }

    #[test]
    fn errors() {
        assert!(Program::compile("%k%v").is_err());
        assert!(Program::compile("%k\\n").is_err());
        assert!(Program::compile("%h{%k=%v}%v\\n").is_err());
        assert!(Program::compile("%V{big33}%v").is_err());
        assert!(Program::compile("%q").is_err());
        assert!(parse_all("%k:%v\\n", b"novalue")[0].starts_with("error"));
        assert!(parse_all("[%v]\\n", b"x]\n")[0].starts_with("error: expected \"[\""));
    }
}
